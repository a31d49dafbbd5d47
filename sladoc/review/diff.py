"""What a change to an agreement means for the contract: a diff of meaning, not of lines.

Two validated agreements are compared field by field through the model, so key order,
comments, quoting, line wrapping and equivalent spellings of one value (``PT4H`` and
``4 hours``, ``99.9%`` and ``99.90 %``, ``$5,000`` and ``5000 USD``) are not differences.
List items are matched by what identifies them (parties by ``id``, services by ``name``,
goals by ``metric``, ...), so reordering a list is not a difference either, except where the
order itself carries meaning: the first contact of a party is its point of contact, and the
order of parties numbers the levels of a tiered agreement; those are reported as what they
mean.

Each difference is a :class:`Change`, with the consequence spelled out where sladoc can work
it out (a downtime budget, the leads the funnel needs, the agreement's last day). The
``format_*`` functions turn a :class:`DiffResult` into text, Markdown or JSON; everything here
is pure: no files, no printing.
"""

from __future__ import annotations

import calendar
import difflib
import json
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel

from sladoc.agreement import sla_math
from sladoc.agreement.general import STANDARD, Cap, General, standard
from sladoc.agreement.model import (
    ALL_SERVICES,
    Agreement,
    Amount,
    Availability,
    Clause,
    Contact,
    CreditBand,
    Definition,
    Delivery,
    Escalation,
    EventCredit,
    Goal,
    Handover,
    InternalAgreement,
    LeadTier,
    Measure,
    Obligation,
    Party,
    Plan,
    Report,
    Service,
    ServiceTier,
    Severity,
    Term,
    TieredAgreement,
)
from sladoc.agreement.values import (
    Duration,
    Money,
    format_money,
    format_percent,
    spell_duration,
)
from sladoc.language import language

__all__ = [
    "JSON_VERSION",
    "Change",
    "DiffResult",
    "compare",
    "compare_versions",
    "format_json",
    "format_markdown",
    "format_text",
    "FORMATS",
]

JSON_VERSION = 1
FORMATS = ("text", "markdown", "json")

ChangeKind = Literal["added", "removed", "changed"]


class Text(str):
    """A value that is free text in the agreement (shown in quotes), as opposed to a quantity,
    a date or a duration (shown bare). It is a ``str``, so JSON and comparisons see text."""

    __slots__ = ()


@dataclass(frozen=True)
class Change:
    """One difference in meaning.

    ``path`` locates it in the agreement (``services[Storage].availability.target``; list
    items by their identity, not their position). ``old``/``new`` are display values: text,
    a number, true/false, or a mapping/list for a whole item; ``None`` on the side where
    the thing does not exist. ``consequence`` says what the change means, when sladoc can
    work that out; ``label`` names the thing for a reader.
    """

    path: str
    kind: ChangeKind
    old: Any = None
    new: Any = None
    consequence: str | None = None
    label: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "kind": self.kind,
            "label": self.label or self.path,
            "old": self.old,
            "new": self.new,
            "consequence": self.consequence,
        }


@dataclass(frozen=True)
class DiffResult:
    """The changes between two versions of an agreement, named as the user gave them."""

    old_name: str
    new_name: str
    changes: tuple[Change, ...] = ()

    @property
    def changed(self) -> bool:
        return bool(self.changes)


# --- identity of list items --------------------------------------------------------------


@dataclass(frozen=True)
class _Identity:
    """How the items of one kind of list are told apart and named.

    ``key`` gives the identity as written (shown in paths); matching ignores case and runs of
    white space, so renaming "Compute" to "compute" is a changed name, not a new service.
    ``label`` names an item for a reader, given the key of the item that contains it.
    ``pair_leftovers``, when given, sorts the unmatched items and pairs them in that order
    when as many were removed as added: a credit band whose threshold moved is the same
    band, changed.
    """

    key: Callable[[Any], str]
    label: Callable[[Any, str], str]
    pair_leftovers: Callable[[Any], Any] | None = None  # the sort order of the pairing


def _words(text: str) -> str:
    return " ".join(str(text).split())


_IDENTITIES: dict[type, _Identity] = {
    Party: _Identity(lambda p: p.id, lambda p, _: f"party {p.id}"),
    Contact: _Identity(
        lambda c: _words(c.name), lambda c, up: f"contact {_words(c.name)} of party {up}"
    ),
    Definition: _Identity(lambda d: _words(d.term), lambda d, _: f'definition "{_words(d.term)}"'),
    Clause: _Identity(lambda c: _words(c.title), lambda c, _: f'clause "{_words(c.title)}"'),
    Goal: _Identity(lambda g: _words(g.metric), lambda g, up: f'goal "{_words(g.metric)}" of {up}'),
    Report: _Identity(
        lambda r: f"{r.from_}: {_words(r.what)}",
        lambda r, _: f'report "{_words(r.what)}" from {r.from_}',
    ),
    Escalation: _Identity(
        lambda e: _words(e.after), lambda e, _: f'escalation step after "{_words(e.after)}"'
    ),
    LeadTier: _Identity(lambda t: _words(t.name), lambda t, _: f'lead tier "{_words(t.name)}"'),
    Obligation: _Identity(
        lambda o: f"{o.from_} -> {o.to}: {_words(o.provides)}",
        lambda o, _: f'obligation of {o.from_} to {o.to} "{_words(o.provides)}"',
    ),
    Handover: _Identity(
        lambda h: f"{h.from_} -> {h.to}", lambda h, _: f"hand-over from {h.from_} to {h.to}"
    ),
    ServiceTier: _Identity(lambda t: _words(t.name), lambda t, _: f"service tier {_words(t.name)}"),
    Service: _Identity(lambda s: _words(s.name), lambda s, _: f"service {_words(s.name)}"),
    Plan: _Identity(lambda p: _words(p.name), lambda p, _: f"plan {_words(p.name)}"),
    EventCredit: _Identity(
        lambda e: (
            e.for_
            + (f" (severity {', '.join(map(str, sorted(e.severities)))})" if e.severities else "")
        ),
        lambda e, up: f"credit for each {e.for_}" + (f" in plan {up}" if up else ""),
    ),
    Delivery: _Identity(lambda d: _words(d.item), lambda d, _: f'delivery of "{_words(d.item)}"'),
    Severity: _Identity(
        lambda s: str(s.level), lambda s, _: f"severity {s.level} ({_words(s.name)})"
    ),
    CreditBand: _Identity(
        lambda b: format_percent(b.below),
        lambda b, _: f"credit band below {format_percent(b.below)}",
        pair_leftovers=lambda b: b.below,
    ),
}

# Items of a mapping (``goals: {party: [...]}``), named by their key and the field they are in.
_MAPPING_LABELS: dict[str, Callable[[str, str], str]] = {
    "goals": lambda key, _: f"goals of {key}",
    "requirements": lambda key, _: f"requirements of {key}",
    "targets": lambda key, up: f'target "{key}" of service tier {up}',
    "availability": lambda key, up: (
        f"{up} availability" + ("" if key == ALL_SERVICES else f" of {key}")
    ),
}

# Names for a reader where the field's own name would not do; keys are paths without the
# item keys, values may use the keys on the path as {0}, {1}, ...
_LABELS = {
    "effective": "effective date",
    "end": "end date",
    "id": "agreement id",
    "sladoc": "format version",
    "review.every": "review period",
    "review.mid_term": "mid-term review",
    "review.at_expiry": "full review at expiry",
    "funnel.sales_quota": "sales quota",
    "funnel.marketing_share": "marketing share",
    "funnel.average_deal": "average deal",
    "funnel.close_rate": "close rate",
    "funnel.leads_goal": "leads goal",
    "funnel.period": "funnel period",
    "services[].availability": "availability of {0}",
    "services[].availability.target": "availability of {0}",
    "service_credits.bands[].below": "credit band below",
    "service_credits.events[].credit": "credit for each {0}",
    "plans[].service_credits.events[].credit": "credit for each {1} in plan {0}",
    "parties[].short_name": "short name of {0}",
    "recitals": "recital",
    "general": "general provisions",
    "general.governing_law": "governing law",
    "general.disputes": "dispute resolution",
    "general.disputes.negotiation": "negotiation before a dispute goes further",
    "general.disputes.courts": "courts for disputes",
    "general.disputes.arbitration": "arbitration",
    "general.disputes.arbitration.institution": "arbitration institution",
    "general.disputes.arbitration.seat": "seat of arbitration",
    "general.disputes.arbitration.language": "language of arbitration",
    "general.disputes.arbitration.arbitrators": "number of arbitrators",
    "general.liability": "limitation of liability",
    "general.liability.cap": "liability cap",
    "general.liability.not_capped": "liability the cap does not limit",
    "general.liability.indirect_loss": "exclusion of indirect loss",
    "general.sole_remedy": "service credits as sole remedy",
    "general.master_agreement": "master agreement",
    "general.master_agreement.title": "master agreement",
    "general.master_agreement.dated": "date of the master agreement",
    "general.master_agreement.prevails": "which prevails over the other",
    "general.notices": "notice details",
    "general.notices[]": "notice details of {0}",
    "general.notices[].address": "notice address of {0}",
    "general.notices[].email": "notice e-mail of {0}",
    "general.notices[].attention": "notices for the attention of, at {0}",
    **{f"general.{name}": f"{name.replace('_', ' ')} clause" for name in STANDARD},
    "general.waiver_1266_1267": "waiver of articles 1266 and 1267 of the Civil Code",
    "general.language_clause": "language clause (Law 24/2009)",
}

_FIELD_WORDS = {"from_": "from", "to": "to", "follow_up": "follow-up", "mid_term": "mid-term"}


def _field_words(name: str) -> str:
    return _FIELD_WORDS.get(name, name.rstrip("_").replace("_", " "))


def _match_key(key: str) -> str:
    return " ".join(key.split()).casefold()


# --- values --------------------------------------------------------------------------------


def _normal_text(text: str) -> str:
    """Text as the document prints it: paragraphs split at empty lines, each paragraph's
    line breaks and runs of spaces turned into single spaces (see ``compose.common.paragraphs``)."""
    return "\n\n".join(" ".join(part.split()) for part in text.split("\n\n") if part.strip())


def _same(old: Any, new: Any) -> bool:
    """Equal in meaning. Parsed values (durations, money, percentages, dates) compare by
    value; text by what the document prints; a target (printed as written) by its words."""
    if isinstance(old, str) and isinstance(new, str):
        return _normal_text(old) == _normal_text(new)
    if isinstance(old, Measure) and isinstance(new, Measure):
        return _words(old.text) == _words(new.text)
    if isinstance(old, bool) or isinstance(new, bool):
        return type(old) is type(new) and old == new
    return type(old) is type(new) and old == new


def _bag_key(value: Any) -> Any:
    return _normal_text(value) if isinstance(value, str) else value


def show(value: Any) -> Any:
    """A model value as the diff shows it: quantities in sladoc's English notation, text
    normalised as the document prints it, whole items as mappings and lists."""
    if value is None or isinstance(value, bool) or isinstance(value, int):
        return value
    if isinstance(value, Decimal):  # percentages are the only bare Decimals in the model
        return format_percent(value)
    if isinstance(value, Duration):
        return value.describe("en")
    if isinstance(value, Money):
        return format_money(value, "en")
    if isinstance(value, (Measure, Amount, Cap)):
        return _words(value.text)
    if isinstance(value, (Term, date)):
        return str(value)
    if isinstance(value, str):
        return Text(_normal_text(value))
    if isinstance(value, BaseModel):
        shown = {}
        for name, info in type(value).model_fields.items():
            item = getattr(value, name)
            if item is None or item == [] or item == {}:
                continue
            shown[info.alias or name] = show(item)
        return shown
    if isinstance(value, dict):
        return {str(k): show(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [show(v) for v in value]
    return Text(str(value))


# --- the comparison ------------------------------------------------------------------------


@dataclass(frozen=True)
class _At:
    """Where the comparison is: the path, the path without item keys (for labels and
    consequences), the keys met on the way, and what the innermost item is called."""

    path: str = ""
    pattern: str = ""
    keys: tuple[str, ...] = ()
    owner: str = ""
    words: tuple[str, ...] = ()

    def field(self, name: str, alias: str) -> _At:
        dot = "." if self.path else ""
        return _At(
            f"{self.path}{dot}{alias}",
            f"{self.pattern}{dot}{alias}",
            self.keys,
            self.owner,
            (*self.words, _field_words(name)),
        )

    def item(self, key: str, owner: str) -> _At:
        return _At(f"{self.path}[{key}]", f"{self.pattern}[]", (*self.keys, key), owner, ())

    @property
    def label(self) -> str:
        special = _LABELS.get(self.pattern)
        if special is not None:
            return special.format(*self.keys)
        words = " ".join(self.words)
        if self.owner and words:
            return f"{words} of {self.owner}"
        return words or self.owner or self.path


_PRESENTATION = frozenset({"layout", "guidance"})
"""Fields that say how the contract is laid out, not what it says: no change in meaning."""


@dataclass
class _Differ:
    old_agreement: Agreement
    new_agreement: Agreement
    changes: list[Change] = field(default_factory=list)

    def run(self) -> list[Change]:
        self.record(self.old_agreement, self.new_agreement, _At())
        return self.changes

    # --- structure

    def record(self, old: BaseModel, new: BaseModel, at: _At) -> None:
        """Compare two models field by field (the union of fields, so agreements of two
        kinds compare too: a field one kind lacks is absent there)."""
        fields = dict(type(old).model_fields)
        for name, info in type(new).model_fields.items():
            fields.setdefault(name, info)
        for name, info in fields.items():
            if name in _PRESENTATION:
                continue
            self.value(
                getattr(old, name, None),
                getattr(new, name, None),
                at.field(name, info.alias or name),
                name,
            )
        if isinstance(old, Party) and isinstance(new, Party):
            self.point_of_contact(old, new, at)

    def value(self, old: Any, new: Any, at: _At, name: str) -> None:
        if _absent(old) and _absent(new):
            return
        if isinstance(old, list) or isinstance(new, list):
            self.sequence(old or [], new or [], at, name)
        elif isinstance(old, dict) or isinstance(new, dict):
            self.mapping(old or {}, new or {}, at, name)
        elif old is None:
            self.add(
                Change(at.path, "added", None, show(new), self.consequence(at, None, new), at.label)
            )
        elif new is None:
            self.add(Change(at.path, "removed", show(old), None, None, at.label))
        elif isinstance(old, BaseModel) and isinstance(new, BaseModel):
            self.record(old, new, at)
        elif not _same(old, new):
            self.add(
                Change(
                    at.path,
                    "changed",
                    show(old),
                    show(new),
                    self.consequence(at, old, new),
                    at.label,
                )
            )

    def sequence(self, old: list[Any], new: list[Any], at: _At, name: str) -> None:
        sample = (old or new)[0]
        identity = _IDENTITIES.get(type(sample))
        if identity is None:
            self.bag(old, new, at, name)
        else:
            self.items(old, new, at, identity)
            if name == "parties":
                self.levels(old, new, at)

    def bag(self, old: list[Any], new: list[Any], at: _At, name: str) -> None:
        """A list of plain values (remedies, addresses, recipients): what was added and what
        removed; order is presentation."""
        before = Counter(_bag_key(v) for v in old)
        after = Counter(_bag_key(v) for v in new)
        shown = {_bag_key(v): v for v in [*old, *new]}
        for value in before - after:
            for _ in range((before - after)[value]):
                self.add(Change(at.path, "removed", show(shown[value]), None, None, at.label))
        for value in after - before:
            for _ in range((after - before)[value]):
                self.add(Change(at.path, "added", None, show(shown[value]), None, at.label))

    def items(self, old: list[Any], new: list[Any], at: _At, identity: _Identity) -> None:
        parent = at.keys[-1] if at.keys else ""
        before, after = _keyed(old, identity), _keyed(new, identity)
        pairs: dict[str, str] = {k: k for k in after if k in before}  # new key -> old key
        order = identity.pair_leftovers
        if order is not None:
            gone = sorted((k for k in before if k not in after), key=lambda k: order(before[k][1]))
            came = sorted((k for k in after if k not in before), key=lambda k: order(after[k][1]))
            if gone and len(gone) == len(came):
                pairs.update(zip(came, gone, strict=True))
        for key, (shown_key, item) in after.items():
            label = identity.label(item, parent)
            where = at.item(shown_key, label)
            if key in pairs:
                self.value(before[pairs[key]][1], item, where, "")
            else:
                self.add(
                    Change(
                        where.path,
                        "added",
                        None,
                        show(item),
                        self.consequence(where, None, item),
                        label,
                    )
                )
        paired = set(pairs.values())
        for key, (shown_key, item) in before.items():
            if key not in paired:
                label = identity.label(item, parent)
                self.add(
                    Change(at.item(shown_key, label).path, "removed", show(item), None, None, label)
                )

    def mapping(self, old: dict[str, Any], new: dict[str, Any], at: _At, name: str) -> None:
        """``goals`` and ``requirements`` (by party) and a service tier's ``targets``."""
        parent = at.keys[-1] if at.keys else ""
        naming = _MAPPING_LABELS.get(name, lambda key, _: f"{_field_words(name)} {key}")
        for key in [*new, *(k for k in old if k not in new)]:
            where = at.item(str(key), naming(str(key), parent))
            if key in old and key in new:
                self.value(old[key], new[key], where, name)
            elif key in new:
                self.add(Change(where.path, "added", None, show(new[key]), None, where.owner))
            else:
                self.add(Change(where.path, "removed", show(old[key]), None, None, where.owner))

    # --- where order means something

    def point_of_contact(self, old: Party, new: Party, at: _At) -> None:
        before, after = old.contacts[0].name, new.contacts[0].name
        if _match_key(before) == _match_key(after):
            return
        also = " and signs for it" if new.signatory is None else ""
        self.add(
            Change(
                f"{at.path}.contacts[0]",
                "changed",
                show(before),
                show(after),
                f"the first contact is the party's point of contact{also}",
                f"point of contact of party {new.id}",
            )
        )

    def levels(self, old: list[Party], new: list[Party], at: _At) -> None:
        if not (
            isinstance(self.old_agreement, TieredAgreement)
            and isinstance(self.new_agreement, TieredAgreement)
        ):
            return
        common = {p.id for p in old} & {p.id for p in new}
        before = [p.id for p in old if p.id in common]
        after = [p.id for p in new if p.id in common]
        if before != after:
            self.add(
                Change(
                    at.path,
                    "changed",
                    ", ".join(before),
                    ", ".join(after),
                    "a tiered agreement numbers its levels in the order of the parties",
                    "order of the parties (levels)",
                )
            )

    def add(self, change: Change) -> None:
        self.changes.append(change)

    # --- consequences

    def consequence(self, at: _At, old: Any, new: Any) -> str | None:
        pattern = at.pattern
        if pattern in (
            "services[].availability.target",
            "services[].availability.window",
            "services[].availability",
            "services[]",
        ):
            return self.downtime(at)
        if pattern == "plans[].availability[]" and old is not None and new is not None:
            return self.plan_downtime(at.keys[1], old, new)
        if pattern.startswith("funnel.") and pattern != "funnel.period":
            return self.funnel(pattern.split(".", 1)[1])
        if pattern in ("effective", "term") or (pattern == "end" and (old is None or new is None)):
            # an end date changed for another end date says all there is to say itself
            return _last_day_change(self.old_agreement, self.new_agreement)
        if pattern == "status":
            return (
                "the DRAFT mark leaves every page"
                if new == "final"
                else "every page carries a DRAFT mark"
            )
        if pattern.startswith("general.") and pattern.split(".")[1] in STANDARD:
            return self.standard_clause(pattern.split(".")[1])
        if pattern == "general.sole_remedy":
            return self.sole_remedy()
        if pattern == "id" and old is not None:
            return f"the contract is written to {new}.docx and {new}.pdf, not {old}.docx/.pdf"
        return None

    def standard_clause(self, name: str) -> str | None:
        """Whether a standard clause is printed, and in whose words, before and after: a
        clause left unwritten takes its language's default."""

        def printed(agreement: Agreement) -> bool | str:
            general = agreement.general or General()
            return standard(general, name, agreement.languages)

        before, after = printed(self.old_agreement), printed(self.new_agreement)
        if (before is False) == (after is False) and isinstance(before, str) == isinstance(
            after, str
        ):
            return None
        if after is False:
            return "the clause is left out of the contract"
        if before is False:
            return "the clause is added to the contract"
        if isinstance(after, str):
            return "the agreement's own wording replaces sladoc's"
        return "sladoc's standard wording replaces the agreement's own"

    def sole_remedy(self) -> str | None:
        old = (self.old_agreement.general or General()).sole_remedy
        new = (self.new_agreement.general or General()).sole_remedy
        if new is True:
            return "service credits become the customer's only remedy for missed availability"
        if new is False:
            return "the customer keeps its other remedies beside service credits"
        if old is not None:
            return "the contract no longer says whether service credits are the only remedy"
        return None

    def downtime(self, at: _At) -> str | None:
        name = at.keys[0]
        before = _availability(self.old_agreement, name)
        after = _availability(self.new_agreement, name)
        if after is None:
            return None
        new_period = _window_period(after.window)
        new_budget = _budget(after.target, new_period)
        if before is None:
            return f"{_ADJECTIVE[new_period]} downtime budget {new_budget}"
        if at.pattern == "services[].availability.window" and not _same(
            before.target, after.target
        ):
            return None  # said once, with the change of the target
        old_period = _window_period(before.window)
        old_budget = _budget(before.target, old_period)
        if old_period != new_period:
            return f"downtime budget {old_budget} per {old_period} -> {new_budget} per {new_period}"
        if old_budget == new_budget:
            return None  # e.g. calendar month -> billing month: the same budget
        return f"{_ADJECTIVE[new_period]} downtime budget {old_budget} -> {new_budget}"

    def plan_downtime(self, service: str, old: Decimal, new: Decimal) -> str | None:
        """A plan's target changed: its downtime budget over the service's window (the
        first service's, for a target that holds for every service)."""
        services: list[Service] = getattr(self.new_agreement, "services", [])
        windows = [
            s.availability.window
            for s in services
            if s.availability and (service == ALL_SERVICES or s.name == service)
        ]
        period = _window_period(windows[0] if windows else None)
        before, after = _budget(old, period), _budget(new, period)
        if before == after:
            return None
        return f"{_ADJECTIVE[period]} downtime budget {before} -> {after}"

    def funnel(self, name: str) -> str | None:
        old, new = self.old_agreement, self.new_agreement
        if not (isinstance(old, InternalAgreement) and isinstance(new, InternalAgreement)):
            return None
        before, after = old.funnel.math, new.funnel.math
        if name == "leads_goal":
            if new.funnel.leads_goal is None:
                return None
            needed = after.leads_needed
            if new.funnel.leads_goal == needed:
                return f"matches the {needed} leads the funnel needs"
            return f"the funnel needs {needed} leads"
        effects = [
            f"{what} {_number(getattr(before, attr))} -> {_number(getattr(after, attr))}"
            for what, attr in (
                ("customers needed", "customers_needed"),
                ("leads needed", "leads_needed"),
            )
            if getattr(before, attr) != getattr(after, attr)
        ]
        text = ", ".join(effects) or f"leads needed unchanged ({_number(after.leads_needed)})"
        others = [
            _LABELS[f"funnel.{other}"]
            for other in _FUNNEL_INPUTS
            if other != name and not _same(getattr(old.funnel, other), getattr(new.funnel, other))
        ]
        if others:
            text += f" (together with the {' and '.join(others)} change)"
        goal = new.funnel.leads_goal
        if goal is not None and goal != after.leads_needed and effects:
            text += f"; the agreed leads goal ({goal}) no longer matches"
        return text


_FUNNEL_INPUTS = ("sales_quota", "marketing_share", "average_deal", "close_rate")
_ADJECTIVE = {"month": "monthly", "quarter": "quarterly", "year": "yearly"}


def _absent(value: Any) -> bool:
    return value is None or value == [] or value == {}


def _keyed(items: Iterable[Any], identity: _Identity) -> dict[str, tuple[str, Any]]:
    """match key -> (key as shown, item); a repeated key gets " #2", " #3", ..."""
    found: dict[str, tuple[str, Any]] = {}
    for item in items:
        shown = identity.key(item)
        key, count = _match_key(shown), 1
        while key in found:
            count += 1
            key = f"{_match_key(shown)} #{count}"
        found[key] = (shown if count == 1 else f"{shown} #{count}", item)
    return found


def _availability(agreement: Agreement, name: str) -> Availability | None:
    services: list[Service] = getattr(agreement, "services", [])
    for service in services:
        if _match_key(service.name) == _match_key(name):
            return service.availability
    return None


def _window_period(window: str | None) -> str:
    return {"quarter": "quarter", "year": "year"}.get(window or "", "month")


def _budget(target: Decimal, period: str) -> str:
    """A downtime budget as the contract writes it: "21 minutes 55 seconds"."""
    return spell_duration(sla_math.downtime_budget(target, period), "en")


def _number(value: Decimal) -> str:
    return sla_math.format_number(value)


def last_day(agreement: Agreement) -> date:
    """The agreement's last day: ``end``, or the day before ``term`` has passed since
    ``effective`` (a term from 31 January of one month ends on the last day of February)."""
    if agreement.end is not None:
        return agreement.end
    start, term = agreement.effective, agreement.term
    assert term is not None  # the model requires term or end
    if term.unit in ("day", "week"):
        return start + timedelta(days=term.count * (7 if term.unit == "week" else 1) - 1)
    months = term.count * (12 if term.unit == "year" else 1)
    year, month = divmod(start.month - 1 + months, 12)
    year += start.year
    month += 1
    if start.day > calendar.monthrange(year, month)[1]:
        # that day does not exist: the term runs to the end of the month
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return date(year, month, 1) - timedelta(days=1)
    return date(year, month, start.day) - timedelta(days=1)


def _last_day_change(old: Agreement, new: Agreement) -> str:
    before, after = last_day(old), last_day(new)
    if before == after:
        return f"last day unchanged ({after})"
    return f"last day {before} -> {after}"


def compare(
    old: Agreement, new: Agreement, old_name: str = "old", new_name: str = "new"
) -> DiffResult:
    """Every difference in meaning between two validated agreements, in the order of the
    model's fields (the order of the document's sections)."""
    return DiffResult(old_name, new_name, tuple(_Differ(old, new).run()))


def compare_versions(
    old: tuple[Agreement, ...],
    new: tuple[Agreement, ...],
    old_name: str = "old",
    new_name: str = "new",
) -> DiffResult:
    """:func:`compare` for agreements in one or two languages (their language versions, as
    ``validate_versions`` gives them). Each language both sides share is compared; a change
    found alike in every one is shown once, a text changed in every language once with each
    language's words, and a text changed in one language only is flagged as such."""
    common = [a.language for a in old if any(b.language == a.language for b in new)]
    if len(common) < 2:
        first = next((a for a in old if a.language in common), old[0])
        second = next((b for b in new if b.language == first.language), new[0])
        return compare(first, second, old_name, new_name)
    by_language = {
        code: {
            (c.path, c.kind): c
            for c in _Differ(
                next(a for a in old if a.language == code),
                next(b for b in new if b.language == code),
            ).run()
        }
        for code in common
    }
    merged: dict[tuple[str, str], Change] = {}
    for code in common:
        for key, change in by_language[code].items():
            if key in merged:
                continue
            found = {other: by_language[other].get(key) for other in common}
            merged[key] = _merged(change, found)
    return DiffResult(old_name, new_name, tuple(merged.values()))


class Versions(dict[str, Any]):
    """A text's value in each language of a bilingual agreement, for display."""


def _merged(change: Change, found: dict[str, Change | None]) -> Change:
    """One change from the same change found in each language version (None: not found in
    that language)."""
    seen = [c for c in found.values() if c is not None]
    if len(seen) == len(found) and all(c == change for c in seen):
        return change  # a number, a date, a name: the same in every language
    missing = [code for code, c in found.items() if c is None]
    if missing:
        only = [language_of(code) for code, c in found.items() if c is not None]
        unchanged = " and ".join(language_of(code) for code in missing)
        note = (
            f"{change.kind} in the {' and '.join(only)} version only; the {unchanged} "
            "version is unchanged"
        )
        consequence = f"{change.consequence}; {note}" if change.consequence else note
        return replace(change, consequence=consequence)
    return replace(
        change,
        old=_versions({code: c.old for code, c in found.items() if c is not None}),
        new=_versions({code: c.new for code, c in found.items() if c is not None}),
    )


def _versions(values: dict[str, Any]) -> Any:
    if all(value is None for value in values.values()):
        return None
    return Versions(values)


def language_of(code: str) -> str:
    return language(code).name


# --- output formats ----------------------------------------------------------------------

# Free text longer than this is shown as a word diff instead of old -> new in full.
_LONG_TEXT = 80
_CONTEXT_WORDS = 4


def _one_line(value: Any) -> str:
    """A display value on one line: text in quotes, quantities bare, items in YAML's flow
    style; paragraphs of a long text separated by a pilcrow."""
    if isinstance(value, Text):
        return json.dumps(str(value).replace("\n\n", " ¶ "), ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_one_line(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_one_line(v) for v in value) + "]"
    return str(value)


def word_diff(old: str, new: str) -> str:
    """The changed words of a long text, ``[-removed-]{+added+}``, with a few words of
    context on each side and "…" where unchanged words are left out."""
    before, after = old.replace("\n\n", " ¶ ").split(), new.replace("\n\n", " ¶ ").split()
    parts: list[str] = []
    opcodes = difflib.SequenceMatcher(a=before, b=after, autojunk=False).get_opcodes()
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            words = before[i1:i2]
            first, last = index == 0, index == len(opcodes) - 1
            keep = _CONTEXT_WORDS
            if len(words) > (keep if first or last else 2 * keep):
                head = [] if first else words[:keep]
                tail = [] if last else words[-keep:]
                words = [*head, "…", *tail]
            parts.append(" ".join(words))
            continue
        if i2 > i1:
            parts.append(f"[-{' '.join(before[i1:i2])}-]")
        if j2 > j1:
            parts.append(f"{{+{' '.join(after[j1:j2])}+}}")
    return " ".join(part for part in parts if part)


def _versions_diff(change: Change) -> str | None:
    """A text changed in every language: each language's change, marked with its code."""
    if not (isinstance(change.old, Versions) and isinstance(change.new, Versions)):
        return None
    parts = []
    for code, old in change.old.items():
        new = change.new.get(code)
        if isinstance(old, Text) and isinstance(new, Text) and max(len(old), len(new)) > _LONG_TEXT:
            parts.append(f"[{code}] {word_diff(old, new)}")
        else:
            parts.append(f"[{code}] {_one_line(old)} -> {_one_line(new)}")
    return " | ".join(parts)


def _is_long_text(change: Change) -> bool:
    return (
        change.kind == "changed"
        and isinstance(change.old, Text)
        and isinstance(change.new, Text)
        and max(len(change.old), len(change.new)) > _LONG_TEXT
    )


def _summary(result: DiffResult) -> str:
    count = len(result.changes)
    if not count:
        return "no changes in meaning"
    return f"{count} change{'' if count == 1 else 's'} in meaning"


def format_text(result: DiffResult) -> str:
    """One line per change: ``~`` changed, ``+`` added, ``-`` removed, then ``: `` and the
    consequence when there is one."""
    lines = [f"{result.old_name} -> {result.new_name}: {_summary(result)}"]
    for change in result.changes:
        both = _versions_diff(change)
        if both is not None:
            line = f"~ {change.label} {both}"
        elif _is_long_text(change):
            line = f"~ {change.label}: {word_diff(change.old, change.new)}"
        elif change.kind == "changed":
            line = f"~ {change.label} {_one_line(change.old)} -> {_one_line(change.new)}"
        elif change.kind == "added":
            line = f"+ {change.label} {_one_line(change.new)}"
        else:
            line = f"- {change.label} {_one_line(change.old)}"
        if change.consequence:
            line += f": {change.consequence}"
        lines.append(line)
    return "\n".join(lines) + "\n"


def _escape(text: str) -> str:
    # Consequences are sladoc's own sentences and sit mid-line, so only what Markdown reads
    # inside a line is escaped; "->" and figures stay readable in the raw comment. Labels
    # quote the agreement and get the contract view's full escaping (_escape_label).
    return "".join(f"\\{c}" if c in "\\`*_[]<|~" else c for c in text)


def _escape_label(text: str) -> str:
    from sladoc.document.writers.markdown import escape_text

    return escape_text(text)


def _code(text: str) -> str:
    """An inline code span that holds any text: a fence longer than any run of backticks
    inside, padded when the text starts or ends with one."""
    longest = run = 0
    for char in text:
        run = run + 1 if char == "`" else 0
        longest = max(longest, run)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def format_markdown(result: DiffResult) -> str:
    """For a pull-request comment: a hidden marker (so a bot can find and update its own
    comment), a summary line, and one bullet per change."""
    lines = [
        "<!-- sladoc-diff -->",
        f"**sladoc diff** {_code(result.old_name)} → {_code(result.new_name)}: {_summary(result)}",
    ]
    if result.changes:
        lines.append("")
    for change in result.changes:
        label = _escape_label(change.label)
        both = _versions_diff(change)
        if both is not None:
            text = f"{label}: {_code(both)}"
        elif _is_long_text(change):
            text = f"{label}: {_code(word_diff(change.old, change.new))}"
        elif change.kind == "changed":
            text = f"{label}: {_code(_one_line(change.old))} -> {_code(_one_line(change.new))}"
        else:
            value = change.new if change.kind == "added" else change.old
            text = f"{label}: {_code(_one_line(value))}"
        if change.consequence:
            text += f" — {_escape(change.consequence)}"
        lines.append(f"- **{change.kind}** {text}")
    return "\n".join(lines) + "\n"


def format_json(result: DiffResult) -> str:
    """``{"version": 1, "old": ..., "new": ..., "changed": ..., "changes": [...]}``."""
    data = {
        "version": JSON_VERSION,
        "old": result.old_name,
        "new": result.new_name,
        "changed": result.changed,
        "changes": [c.to_json() for c in result.changes],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


FORMATTERS: dict[str, Callable[[DiffResult], str]] = {
    "text": format_text,
    "markdown": format_markdown,
    "json": format_json,
}
