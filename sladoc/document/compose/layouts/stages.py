"""The ``stages`` layout: the contract follows the process itself rather than the building
blocks. One clause holds the process: a diagram of its stages at the top, then a sub-clause
per stage, each a side-by-side block with a column per party (per level of a tiered
agreement) and, where the parties act together, a column for what they do together; its
rows say what the stage holds.

- internal: Goals (each party's goals; the funnel behind them), Lead qualification (the
  lead tiers), Hand-off (follow-up speed; what each party needs), Nurturing (follow-up
  depth, channels, automation, capacity);
- tiered: a stage per level, handing over to the next (its goals, what it hands over to
  whom, who hands over and who receives, what it needs), then the service tiers;
- customer: Service levels (what is promised, how it is measured, what each party needs),
  Incident (how one is reported, how severe it is, what does not count), Response,
  Resolution (with scheduled maintenance), Service credits (credits owed, claims).

A stage with nothing in it is left out, and so is a row; every datum of the goals and
requirements appears in exactly one stage. The points of contact and reporting, the
remedies, termination and the rest keep their own sections (a customer agreement's remedies
without the credits, which are a stage here).

May import: :mod:`sladoc.agreement`, :mod:`sladoc.document.tree`, :mod:`sladoc.document.fonts`,
:mod:`sladoc.document.templateset`, :mod:`sladoc.errors`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from sladoc.agreement.model import (
    Agreement,
    LeadTier,
    Level,
    Party,
    ServiceCredits,
    Severity,
    Support,
)
from sladoc.agreement.values import Duration
from sladoc.document import fonts
from sladoc.document.compose.common import (
    KindSections,
    Words,
    bullets,
    list_or_note,
    paragraph,
)
from sladoc.document.compose.customer import CustomerSections
from sladoc.document.compose.internal import InternalSections
from sladoc.document.compose.tiered import TieredSections
from sladoc.document.tree import (
    Block,
    Box,
    ColumnRow,
    Columns,
    Figure,
    Heading,
    Label,
    Line,
    Paragraph,
    Run,
    Shape,
    inline,
)

Kind = KindSections[Agreement]
Cell = tuple[Block, ...]


@dataclass(frozen=True)
class Stage:
    """One stage of the process: its title, the category its box in the diagram marks
    (goal, promise, action, handoff, remedy, level), its side-by-side block, and the id of a
    default-layout section a cross-reference to which names it ("" for none)."""

    title: str
    category: str
    columns: Columns
    anchor: str = ""
    box: str = ""
    """Its name in the diagram, when shorter than its title."""


def process(kind: Kind) -> Iterator[Block]:
    """The process clause: the stage diagram, then each stage under its sub-clause heading;
    a tiered agreement's service tiers after its levels."""
    after: Iterable[Block] = ()
    end_user = ""
    if isinstance(kind, InternalSections):
        stages = list(_internal(kind))
    elif isinstance(kind, TieredSections):
        stages = list(_tiered(kind))
        after = kind.service_tiers()
        end_user = kind.agreement.end_user
    elif isinstance(kind, CustomerSections):
        stages = list(_customer(kind))
    else:  # pragma: no cover - every kind is one of the three
        raise TypeError(f"no stages for {type(kind).__name__}")
    if not stages:
        return
    yield diagram(kind, stages, end_user)
    yield paragraph(kind.words("diagram_note", kind=kind.agreement.kind), "note")
    for stage in stages:
        yield Heading(2, stage.title, anchor=stage.anchor)
        yield stage.columns
    yield from after


# --- building a stage ------------------------------------------------------------------------


def _row(label: str, cells: Iterable[Cell]) -> ColumnRow | None:
    """A row of a stage, or None when no cell holds anything."""
    cells = tuple(cells)
    return ColumnRow(label, cells) if any(cells) else None


def _columns(
    titles: Iterable[str], rows: Iterable[ColumnRow | None], alone: str = ""
) -> Columns | None:
    """A stage's block, or None when none of its rows holds anything. A column with nothing
    in it at this stage is left out, so that the others have the room; when only the last
    (what the parties do together) is left, ``alone`` is its title ("Marketing and Sales
    together")."""
    kept = [row for row in rows if row is not None]
    if not kept:
        return None
    names = tuple(titles)
    used = [n for n in range(len(names)) if any(row.cells[n] for row in kept)]
    shown = tuple(names[n] for n in used)
    if alone and used == [len(names) - 1]:
        shown = (alone,)
    return Columns(
        shown, tuple(ColumnRow(row.label, tuple(row.cells[n] for n in used)) for row in kept)
    )


def _list(items: list[str]) -> Cell:
    return (bullets(items),) if items else ()


def _bold(text: str) -> Paragraph:
    return Paragraph(inline(Run(text, bold=True)))


# --- internal --------------------------------------------------------------------------------


def _internal(kind: InternalSections) -> Iterator[Stage]:
    agreement, words = kind.agreement, kind.words
    parties = agreement.parties
    titles = (*(p.called for p in parties), words("column_together"))
    alone = words("column_all_together", parties=words.join([p.called for p in parties]))
    nobody: Cell = ()

    def row(label: str, each: Iterable[Cell], together: Cell) -> ColumnRow | None:
        return _row(label, (*each, together))

    goals = _columns(
        titles,
        alone=alone,
        rows=[
            row(
                words("row_goals"),
                (list_or_note(kind.goals_of(p), words, "no_goals") for p in parties),
                _funnel(kind),
            )
        ],
    )
    if goals:
        yield Stage(words("stage_goals"), "goal", goals, anchor="goals")
    tiers = [_tier(words, tier) for tier in agreement.lead_tiers]
    qualification = _columns(
        titles,
        alone=alone,
        rows=[row(words("row_lead_tiers"), (nobody for _ in parties), _list(tiers))],
    )
    if qualification:
        yield Stage(words("stage_qualification"), "action", qualification)
    follow_up = agreement.follow_up
    after_handoff: list[Block] = [
        paragraph(words("follow_up_speed", within=words.duration(follow_up.first_attempt_within)))
    ]
    if agreement.reporting:
        after_handoff.append(paragraph(words("reports_set_out", parties=len(parties))))
    needs = [agreement.requirements.get(p.id, []) for p in parties]
    handoff = _columns(
        titles,
        alone=alone,
        rows=[
            row(words("row_follow_up"), (nobody for _ in parties), tuple(after_handoff)),
            row(
                words("row_needs", parties=len(parties)),
                (list_or_note(items, words, "no_requirements") for items in needs),
                nobody,
            )
            if any(needs)
            else None,
        ],
    )
    if handoff:
        yield Stage(words("stage_handoff"), "handoff", handoff, anchor="requirements")
    nurturing = kind.follow_up_lines()[1:]  # the speed is the hand-off's
    stage = _columns(
        titles,
        alone=alone,
        rows=[row(words("row_nurturing"), (nobody for _ in parties), _list(nurturing))],
    )
    if stage:
        yield Stage(words("stage_nurturing"), "action", stage)


def _funnel(kind: InternalSections) -> Cell:
    """The funnel behind the goals, for the column of what the parties share: the sales
    quota and its working to the leads needed, and the daily goal line."""
    words = kind.words
    steps = [
        words("funnel_step", step=step, working=working, result=result)
        for step, working, result in kind.funnel_working()
    ]
    goal_line = kind.funnel_goal_line()
    return (kind.funnel_intro(), bullets(steps), *([goal_line] if goal_line else []))


def _tier(words: Words, tier: LeadTier) -> str:
    goal = (
        words(
            "tier_goal",
            target=words.measure(tier.target),
            per=words.period(tier.per) if tier.per else "",
        )
        if tier.target is not None
        else ""
    )
    return words(
        "lead_tier",
        name=tier.name,
        description=" ".join((tier.description or "").split()).rstrip("."),
        goal=goal,
        value=words.money(tier.value) if tier.value else "",
    )


# --- tiered ----------------------------------------------------------------------------------

_MOST_RECEIVERS = 2
"""How many receiving levels a level's stage gives a column each; a level handing over to
more is given one column for all of them, each entry naming its receiver, so that no column
grows too narrow to read."""


def _tiered(kind: TieredSections) -> Iterator[Stage]:
    """A stage per level: its goals, what it hands over to which level (in the receiver's
    column), who hands over and who receives, and what it needs."""
    agreement, words = kind.agreement, kind.words
    chain = [party.id for party in agreement.parties] + ["end_user"]
    for number, party in enumerate(agreement.parties, start=1):
        obligations = [o for o in agreement.obligations if o.from_ == party.id]
        handovers = [h for h in agreement.handovers if h.from_ == party.id]
        receivers = sorted(
            {o.to for o in obligations if o.to != party.id}
            | {h.to for h in handovers if h.to != party.id},
            key=chain.index,
        )
        split = len(receivers) <= _MOST_RECEIVERS
        names = [kind.party_name(r) for r in receivers]
        if not receivers:
            titles: tuple[str, ...] = (party.called,)
        elif split:
            titles = (party.called, *names)
        else:
            titles = (party.called, words("column_receivers"))

        provided: dict[str, list[str]] = {}
        own: list[str] = []  # what a level provides itself, in its own column
        for obligation in obligations:
            timing = " ".join(
                text
                for text in (
                    words("chain_per", period=words.period(obligation.per))
                    if obligation.per
                    else "",
                    words("chain_within", within=words.duration(obligation.within))
                    if obligation.within
                    else "",
                    obligation.due or "",
                )
                if text
            )
            line = words(
                "provides",
                to="" if split or obligation.to == party.id else kind.party_name(obligation.to),
                provides=obligation.provides.rstrip("."),
                target=words.measure(obligation.target),
                timing=timing,
            )
            if obligation.to == party.id:
                own.append(line)
            else:
                provided.setdefault(obligation.to, []).append(line)
        provides: dict[str, list[Block]] = {r: [bullets(ls)] for r, ls in provided.items()}
        several = len({h.to for h in handovers}) > 1 or not split
        giving = [
            paragraph(
                words(
                    "hands_over",
                    to=kind.party_name(h.to) if several else "",
                    contact=words.contact(h.contact),
                )
            )
            for h in handovers
        ]
        receiving: dict[str, list[Block]] = {}
        for h in handovers:
            contact = words.contact(h.receiver) if h.receiver else words("handover_no_receiver")
            receiving.setdefault(h.to, []).append(
                paragraph(
                    words(
                        "receives",
                        from_level="" if split else party.called,
                        receiver_level=kind.party_name(h.to),
                        contact=contact,
                    )
                )
            )
        needs = agreement.requirements.get(party.id, [])
        columns = _columns(
            titles,
            [
                _row(
                    words("row_level_goals"),
                    (
                        list_or_note(kind.goals_of(party), words, "no_goals"),
                        *(() for _ in titles[1:]),
                    ),
                ),
                _row(
                    words("row_provides"),
                    (_list(own), *_by_receiver(provides, receivers, split)),
                ),
                _row(
                    words("row_handover"),
                    (tuple(giving), *_by_receiver(receiving, receivers, split)),
                ),
                _row(words("row_level_needs"), (_list(needs), *(() for _ in titles[1:]))),
            ],
        )
        if columns is None:
            continue
        yield Stage(
            words("stage_level", number=number, party=party.called, to=words.join(names)),
            "level",
            columns,
            anchor="goals" if number == 1 else "",
            box=party.called,
        )


def _by_receiver(
    lines: dict[str, list[Block]], receivers: list[str], split: bool
) -> tuple[Cell, ...]:
    """The receivers' cells of a level's row: one each, or one for all of them."""
    if split:
        return tuple(tuple(lines.get(r, [])) for r in receivers)
    if not receivers:
        return ()
    return (tuple(block for r in receivers for block in lines.get(r, [])),)


# --- customer --------------------------------------------------------------------------------


def _customer(kind: CustomerSections) -> Iterator[Stage]:
    """Service levels, incident, response, resolution and service credits, each with a
    column for the provider, the customer (any other party) and what they do together.
    Where the plans differ, each plan's service levels, support and credits are a row of
    their own, under the plan's name."""
    agreement, words = kind.agreement, kind.words
    provider, customer = agreement.party(agreement.provider), agreement.party(agreement.customer)
    parties = [provider, customer] + [
        p for p in agreement.parties if p.id not in (provider.id, customer.id)
    ]
    titles = (*(p.called for p in parties), words("column_together"))
    alone = words("column_all_together", parties=words.join([p.called for p in parties]))
    others = len(parties) - 2

    def row(label: str, by: Cell = (), of: Cell = (), together: Cell = ()) -> ColumnRow | None:
        """A row: the provider's cell, the customer's, any other party's, and together."""
        return _row(label, (by, of, *(() for _ in range(others)), together))

    def per_plan(
        label: str, entries: Sequence[tuple[Level, Cell, Cell, Cell]]
    ) -> list[ColumnRow | None]:
        """A row per plan, each labelled with the plan's name, when there are several; else
        one row."""
        if len(entries) == 1:
            return [row(label, *entries[0][1:])]
        return [
            row(words("plan_row", row=label, plan=level.plan.name) if level.plan else label, *cells)
            for level, *cells in entries
        ]

    goals_of = {p.id: _list(kind.goals_of(p)) for p in parties}
    needs = [agreement.requirements.get(p.id, []) for p in parties]
    service_rows = [
        _row(words("row_goals"), (*(goals_of[p.id] for p in parties), ())),
        row(words("row_plans"), _plans(kind)),
        *(row(name, promised, (), measured) for name, promised, measured in _services(kind)),
        *(row(item, lines) for item, lines in _deliveries(kind)),
    ]
    service_rows.append(
        _row(words("row_needs", parties=len(parties)), (*(_list(n) for n in needs), ()))
    )
    service = _columns(titles, service_rows, alone)
    if service:
        yield Stage(words("stage_service"), "promise", service, anchor="goals")

    supports = [(level, s) for level, s in kind.differing("support") if isinstance(s, Support)]
    incident = _columns(
        titles,
        alone=alone,
        rows=[
            *per_plan(
                words("row_report_incident"),
                [
                    (
                        level,
                        tuple(_hours(kind, s)),
                        tuple(_channels(kind, s, customer)),
                        _list(
                            [
                                words(
                                    "severity_line",
                                    severity=_severity(words, v),
                                    description=" ".join(v.description.split()),
                                )
                                for v in _severities(s)
                            ]
                        ),
                    )
                    for level, s in supports
                ],
            ),
            row(words("row_exclusions"), (), (), tuple(kind.exclusions())),
        ]
        if supports
        else [row(words("row_exclusions"), (), (), tuple(kind.exclusions()))],
    )
    if incident:
        yield Stage(words("stage_incident"), "action", incident, anchor="exclusions")
    response = _columns(
        titles,
        alone=alone,
        rows=per_plan(
            words("row_response"),
            [
                (
                    level,
                    _list(
                        [
                            words(
                                "response_line",
                                severity=_severity(words, v),
                                response=words.duration(v.response),
                                clock=_clock(words, v, v.response),
                                coverage=_coverage(v),
                            )
                            for v in _severities(s)
                        ]
                    ),
                    (),
                    (),
                )
                for level, s in supports
            ],
        )
        if supports
        else [],
    )
    if response:
        yield Stage(words("stage_response"), "action", response, anchor="support")
    resolution = _columns(
        titles,
        alone=alone,
        rows=[
            *(
                per_plan(
                    words("row_resolution"),
                    [
                        (
                            level,
                            _list(
                                [
                                    words(
                                        "resolution_line",
                                        severity=_severity(words, v),
                                        resolution=words.duration(v.resolution),
                                        clock=_clock(words, v, v.resolution),
                                    )
                                    for v in _severities(s)
                                    if v.resolution is not None
                                ]
                            ),
                            (),
                            (),
                        )
                        for level, s in supports
                    ],
                )
                if supports
                else []
            ),
            row(words("row_maintenance"), tuple(kind.maintenance())),
        ],
    )
    if resolution:
        yield Stage(words("stage_resolution"), "action", resolution, anchor="maintenance")
    credits = [
        (level, c) for level, c in kind.differing("credits") if isinstance(c, ServiceCredits)
    ]
    mine, shared = _claims(kind)
    credit = _columns(
        titles,
        alone=alone,
        rows=[
            *(
                per_plan(
                    kind.say("row_credits"),
                    [(level, _credits(kind, c), (), ()) for level, c in credits],
                )
                if credits
                else []
            ),
            row(kind.say("row_claims"), (), mine, shared),
        ],
    )
    if credit:
        yield Stage(words("stage_credit"), "remedy", credit, anchor="if_goals_missed")


def _severities(support: Support) -> list[Severity]:
    return sorted(support.severities, key=lambda v: v.level)


def _clock(words: Words, severity: Severity, time: Duration | None) -> str:
    """The clock a severity's times run on, where the time does not say it already ("4
    business hours")."""
    if severity.clock is None or (time is not None and time.clock == severity.clock):
        return ""
    return words(f"clock_{severity.clock}")


def _coverage(severity: Severity) -> str:
    """When support works on an incident of ``severity``, where its clock does not say it
    already: "24x7", "business hours" or ""."""
    clock = severity.runs_on
    if severity.coverage == "24x7" and clock == "calendar":
        return ""
    if severity.coverage == "business hours" and clock == "business":
        return ""
    return severity.coverage or ""


def _severity(words: Words, severity: Severity) -> str:
    return words("severity_name", level=severity.level, name=severity.name)


def _plans(kind: CustomerSections) -> Cell:
    """The plans the document states: each one's name, price and what it is; or which
    plan's service levels these are."""
    agreement, words = kind.agreement, kind.words
    out: list[Block] = []
    plans = [level.plan for level in kind.levels if level.plan is not None]
    if len(plans) == 1 and agreement.plan is None:
        out.append(paragraph(words("plan_levels", plan=plans[0].name)))
    for plan in plans:
        if len(plans) > 1 or plan.price:
            out.append(
                _bold(
                    words(
                        "plan_label",
                        plan=plan.name,
                        price=words.money(plan.price) if plan.price else "",
                        per=words.period(plan.per) if plan.per else "",
                    )
                )
            )
        if plan.description:
            out.append(paragraph(" ".join(plan.description.split())))
    return tuple(out)


def _services(kind: CustomerSections) -> Iterator[tuple[str, Cell, Cell]]:
    """Each service: its name, what the provider promises (what it is, and its availability
    with the downtime it allows, plan by plan where the plans differ), and how it is
    measured; the first one measured says what year and month the allowances assume."""
    agreement, words = kind.agreement, kind.words
    defined = "availability" in agreement.uses_terms()
    by_plan = kind._by_plan()
    convention = any(level.availability for level in kind.levels)
    for service in agreement.services:
        promised: list[Block] = []
        if service.description:
            promised.append(paragraph(" ".join(service.description.split())))
        lines: list[str] = []
        measured: list[str] = []
        for level in kind.levels:
            availability = next(
                (a for _, s, a, _ in level.availability if s.name == service.name), None
            )
            plan = level.plan.name if by_plan and level.plan is not None else ""
            if availability is None:
                lines.append(words("no_availability_line", plan=plan))
                continue
            if availability.measured_by and availability.measured_by not in measured:
                measured.append(availability.measured_by)
            lines.append(
                words(
                    "availability_line",
                    plan=plan,
                    target=words.percent(availability.target),
                    window=words(
                        "availability_window",
                        window=words.window(availability.window),
                        time_zone=availability.time_zone or "",
                    )
                    if availability.window
                    else "",
                    month=words.spelled_duration(availability.budget("month")),
                    year=words.spelled_duration(availability.budget("year")),
                    defined=defined,
                )
            )
        promised.append(bullets(lines) if by_plan else paragraph(lines[0]))
        how: list[Block] = [
            paragraph(words("measured_line", how=" ".join(m.split()).rstrip("."))) for m in measured
        ]
        if convention and any(
            s.name == service.name for level in kind.levels for _, s, _, _ in level.availability
        ):
            how.append(kind.convention_note())
            convention = False
        yield service.name, tuple(promised), tuple(how)


def _deliveries(kind: CustomerSections) -> Iterator[tuple[str, Cell]]:
    """Each delivery: how much, when, where and by whom; the confirmation; and the share
    delivered on time and complete."""
    words = kind.words
    for d in kind.agreement.deliveries:
        lines = [
            words(
                "delivery_line",
                quantity=words.measure(d.quantity),
                period=words.period(d.per),
                schedule=d.schedule,
                addresses=words.join(list(d.addresses)),
                delivered_by=d.delivered_by,
            ),
            words(
                "confirmation_line",
                to=d.confirmation_to,
                within=words.duration(d.confirmation_within),
            ),
        ]
        if d.on_time is not None or d.complete is not None:
            lines.append(
                words(
                    "delivery_commitment",
                    item=d.item,
                    on_time=words.percent(d.on_time) if d.on_time is not None else "",
                    complete=words.percent(d.complete) if d.complete is not None else "",
                )
            )
        yield d.item, _list(lines)


def _hours(kind: CustomerSections, support: Support) -> list[Block]:
    words, out = kind.words, list[Block]()
    if support.hours:
        out.append(
            paragraph(
                words("support_hours", hours=support.hours, time_zone=support.time_zone or "")
            )
        )
    hours = support.business_hours
    if hours is not None:
        out.append(
            paragraph(
                words(
                    "business_hours",
                    days=hours.days,
                    start=hours.from_,
                    end=hours.to,
                    time_zone=hours.time_zone,
                    holidays=hours.holidays or "",
                )
            )
        )
    return out


def _channels(kind: CustomerSections, support: Support, customer: Party) -> list[Block]:
    if not support.channels:
        return []
    words = kind.words
    return [
        paragraph(
            kind.say(
                "reports_by",
                channels=words.join(list(support.channels)),
                count=len(support.channels),
            )
        )
    ]


def _credits(kind: CustomerSections, credits: ServiceCredits) -> Cell:
    """The credits owed: the bands, the credits per event and the caps."""
    words, agreement = kind.words, kind.agreement
    out: list[Block] = []
    window = agreement.credit_window(credits)
    window_words = words.window(window) if window else words.period("month")
    basis = credits.basis or ""
    if credits.bands:
        out.append(
            paragraph(
                kind.say(
                    "credits_intro",
                    trigger=credits.for_,
                    basis=basis,
                    window=window_words,
                )
            )
        )
        out.append(
            bullets(
                [
                    words(
                        "band_line",
                        band=words(
                            "credit_band",
                            below=words.percent(band.below),
                            at_least=words.percent(band.at_least)
                            if band.at_least is not None
                            else "",
                        ),
                        credit=words.percent(band.credit),
                    )
                    for band in credits.bands
                ]
            )
        )
    if credits.events:
        out.append(paragraph(kind.say("event_credits_intro")))
        out.append(
            bullets(
                [
                    words(
                        "event_line",
                        event=kind.event_wording(event),
                        credit=kind.amount_wording(event.credit, basis),
                    )
                    for event in credits.events
                ]
            )
        )
    if credits.maximum is not None:
        out.append(
            paragraph(
                kind.say(
                    "credits_maximum",
                    maximum=words.percent(credits.maximum),
                    basis=basis,
                    window=window_words,
                )
            )
        )
    if credits.overall_maximum is not None:
        out.append(
            paragraph(
                kind.say(
                    "credits_overall_maximum",
                    maximum=kind.amount_wording(credits.overall_maximum, basis),
                )
            )
        )
    return tuple(out)


def _claims(kind: CustomerSections) -> tuple[Cell, Cell]:
    """How a credit is claimed: what the customer does (its cell), and what the parties
    settle together (who decides, disputes, how it is paid)."""
    words, claims = kind.words, kind.agreement.claims
    if not claims:
        return (), ()
    mine: list[Block] = [kind.claims_deadline(claims)]
    if claims.evidence:
        mine += [paragraph(words("claims_evidence")), bullets(claims.evidence)]
    shared: list[Block] = []
    if claims.determined_by:
        shared.append(
            paragraph(
                kind.say(
                    "claims_determined",
                    who=claims.determined_by,
                )
            )
        )
    if claims.disputes:
        shared.append(paragraph(words("claims_disputes", how=claims.disputes.rstrip("."))))
    if claims.paid_as:
        shared.append(
            paragraph(
                kind.say(
                    "claims_paid",
                    paid_as=claims.paid_as,
                )
            )
        )
    return tuple(mine), tuple(shared)


# --- the stage diagram -----------------------------------------------------------------------

_ACCENTS = {
    "internal": ("#17645a", "#dfeeea"),
    "tiered": ("#5a3e85", "#ece6f3"),
    "customer": ("#1f4e79", "#e2e9f1"),
}
"""Each kind's accent, strong and light, as its reference document wears them
(``templates/make_reference_docx.py``), so that the diagram has the document's colours."""
_INK, _MUTED, _WHITE = "#1c2430", "#5d6877", "#ffffff"
_WIDTH = 470.0  # the text width of an A4 page with the reference document's margins
_BOX_HEIGHT, _GAP, _LEGEND = 36.0, 20.0, 16.0
_SIZE, _LEGEND_SIZE = 8.0, 6.5
_DASH = (3.0, 2.0)
_FILLED = ("goal", "promise", "level")
"""The categories whose boxes are filled in the accent: what the process is for."""


def diagram(kind: Kind, stages: list[Stage], end_user: str = "") -> Figure:
    """The stages as boxes in a row joined by arrows, each box marked by its category:
    filled in the kind's accent (goals, commitments, levels), tinted (actions), outlined
    (a hand-off) or outlined in dashes (a remedy, the end user), which reads in grey print
    too; a legend below; for a tiered agreement, the end user the chain serves at its
    end."""
    words = kind.words
    strong, light = _ACCENTS.get(kind.agreement.kind, _ACCENTS["customer"])
    boxes = [(stage.box or stage.title, stage.category) for stage in stages]
    if end_user:
        boxes.append((end_user, "end_user"))
    count = len(boxes)
    width = (_WIDTH - _GAP * (count - 1)) / count
    bottom = _LEGEND + 4
    middle = bottom + _BOX_HEIGHT / 2
    shapes: list[Shape] = []
    for index, (text, category) in enumerate(boxes):
        x = index * (width + _GAP)
        shapes += _box(x, bottom, width, _BOX_HEIGHT, category, strong, light)
        colour = _WHITE if category in _FILLED else _INK
        shapes += _caption(x + width / 2, middle, text, width - 8, colour)
        if index:
            start, end = x - _GAP + 3, x - 3
            shapes.append(Line(((start, middle), (end, middle)), _MUTED, 1.2))
            shapes.append(
                Line(
                    ((end - 4.5, middle + 3.5), (end, middle), (end - 4.5, middle - 3.5)),
                    _MUTED,
                    1.2,
                )
            )
    legend = words.mapping("diagram_legend")
    x = 0.0
    for category in dict.fromkeys(category for _, category in boxes):
        shapes += _box(x, 2, 11, 7, category, strong, light)
        shapes.append(Label(x + 15, 3, legend[category], _LEGEND_SIZE, _INK))
        x += 15 + _text_width(legend[category], _LEGEND_SIZE) + 14
    titles = words.join([text for text, category in boxes if category != "end_user"])
    description = (
        words("diagram_chain", stages=titles, end_user=end_user)
        if end_user
        else words("diagram_stages", stages=titles)
    )
    return Figure(_WIDTH, bottom + _BOX_HEIGHT + 2, tuple(shapes), description)


def _box(
    x: float, y: float, width: float, height: float, category: str, strong: str, light: str
) -> list[Shape]:
    if category in _FILLED:
        return [Box(x, y, width, height, strong)]
    if category == "action":
        return [Box(x, y, width, height, light, strong, 0.6)]
    if category == "handoff":
        return [Box(x, y, width, height, _WHITE, strong, 1.6)]
    corners = ((x, y), (x + width, y), (x + width, y + height), (x, y + height), (x, y))
    edge = strong if category == "remedy" else _MUTED
    return [Box(x, y, width, height, _WHITE), Line(corners, edge, 1.2, _DASH)]


def _text_width(text: str, size: float, bold: bool = False) -> float:
    return fonts.register().width(text, size, bold)


def _caption(x: float, middle: float, text: str, room: float, colour: str) -> list[Shape]:
    """``text`` centred on (x, middle), on up to three lines that fit ``room``, set smaller
    as far as that takes."""
    size = _SIZE
    while True:
        lines = _wrap(text, size, room)
        fits = all(_text_width(line, size, True) <= room for line in lines)
        if (fits and len(lines) <= 3) or size <= 5:
            break
        size -= 0.5
    leading = size * 1.2
    top = middle + (len(lines) - 1) * leading / 2 - size * 0.35
    return [
        Label(x, top - index * leading, line, size, colour, bold=True, anchor="middle")
        for index, line in enumerate(lines)
    ]


def _wrap(text: str, size: float, room: float) -> list[str]:
    lines: list[str] = []
    for word in text.split():
        if lines and _text_width(f"{lines[-1]} {word}", size, True) <= room:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines or [text]
