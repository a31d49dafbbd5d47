"""What every kind's sections are built from.

- the blocks a section is made of: :func:`paragraph`, :func:`paragraphs`, :func:`bullets`,
  :func:`labelled`, :func:`table`, :func:`list_or_note`;
- :class:`Words`: the wording of one agreement, and its values (money, dates, durations,
  periods, goals, contacts) written in the agreement's language;
- :class:`KindSections`: the base class each kind of agreement (``internal``, ``tiered``,
  ``customer``) implements, one method per contract section the kind writes or adds to.

May import: :mod:`sladoc.agreement`, :mod:`sladoc.document.tree`,
:mod:`sladoc.document.templateset`, :mod:`sladoc.errors`.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator
from datetime import date
from decimal import Decimal
from typing import Any, Generic, TypeVar

from sladoc.agreement.model import Agreement, Contact, Goal, Party, Term
from sladoc.agreement.values import Duration, Money, format_money, format_percent, spell_duration
from sladoc.document.templateset import Wording
from sladoc.document.tree import (
    Block,
    BulletList,
    Heading,
    Paragraph,
    ParagraphStyle,
    Run,
    Table,
    inline,
)

# --- blocks ---------------------------------------------------------------------------------


def paragraph(text: str, style: ParagraphStyle = "body") -> Paragraph:
    return Paragraph(inline(text), style)


def paragraphs(text: str, style: ParagraphStyle = "body") -> list[Paragraph]:
    """Prose as written: a blank line starts a new paragraph."""
    return [
        paragraph(" ".join(chunk.split()), style) for chunk in text.split("\n\n") if chunk.strip()
    ]


def labelled(label: str, text: str) -> Paragraph:
    """A paragraph that starts with a bold label: "Strikes: ..."."""
    return Paragraph(inline(Run(label + " ", bold=True), " ".join(text.split())))


def bullets(items: Iterable[str]) -> BulletList:
    return BulletList(tuple(inline(item) for item in items))


def table(
    header: list[str],
    rows: Iterable[Iterable[str]],
    widths: tuple[float, ...] | None = None,
    numeric: tuple[int, ...] = (),
) -> Table:
    return Table(
        tuple(header),
        tuple(tuple(inline(cell) for cell in row) for row in rows),
        widths=widths,
        numeric=numeric,
    )


def list_or_note(items: list[str], words: Words, empty_key: str) -> tuple[Block, ...]:
    """A bulleted list of ``items``, or the small-print note ``empty_key`` when there are
    none."""
    if items:
        return (bullets(items),)
    return (paragraph(words(empty_key), "note"),)


# --- words ----------------------------------------------------------------------------------


class Words:
    """The wording of one agreement (``words(key, **values)``, ``words.list(key)``, ...) and
    its values written in the agreement's language."""

    def __init__(self, wording: Wording, language: str) -> None:
        self.wording = wording
        self.language = language

    def __call__(self, key: str, **values: Any) -> str:
        return self.wording(key, **values)

    def mapping(self, key: str) -> dict[str, Any]:
        return self.wording.mapping(key)

    def labels(self) -> dict[str, str]:
        return self.wording.labels()

    def numbered(self, number: int, heading: str) -> str:
        """A top-level heading with its section number: "5. If goals are not met"."""
        return f"{number}. {heading}"

    def money(self, value: Money) -> str:
        return format_money(value, self.language)

    def percent(self, value: Decimal) -> str:
        return format_percent(value, self.language)

    def spelled_duration(self, seconds: Decimal) -> str:
        """A downtime budget in words, to the whole second: "21 minutes 55 seconds"."""
        return spell_duration(seconds, self.language)

    def duration(self, value: Duration | None) -> str:
        return value.describe(self.language) if value is not None else ""

    def join(self, items: list[str]) -> str:
        """ "a, b and c", with the language's "and"."""
        if len(items) <= 1:
            return "".join(items)
        return f"{', '.join(items[:-1])} {self('and')} {items[-1]}"

    def period(self, period: str) -> str:
        """A period ("month") as the wording says it."""
        said: str = self.mapping("periods")[period]
        return said

    def window(self, window: str | None) -> str:
        """A measurement window ("calendar month") as the wording says it; "" for none."""
        said: str = self.mapping("windows")[window] if window else ""
        return said

    def term(self, term: Term) -> str:
        singular, plural = self.mapping("term_units")[term.unit]
        return f"{term.count} {singular if term.count == 1 else plural}"

    def goal(self, goal: Goal) -> str:
        return self(
            "goal",
            metric=goal.metric,
            target=goal.target.text if goal.target else "",
            per=self.period(goal.per) if goal.per else "",
            within=self.duration(goal.within),
            due=goal.due or "",
            measured_by=(goal.measured_by or "").rstrip("."),
        )

    def contact(self, contact: Contact) -> str:
        return self(
            "contact_line",
            name=contact.name,
            role=contact.role,
            email=contact.email,
            phone=contact.phone or "",
        )

    def date(self, value: date) -> str:
        """Dates as people read them in a contract (1 January 2027): no locale, no clock."""
        months = self.list("months")
        return self("date_format", day=value.day, month=months[value.month - 1], year=value.year)

    def list(self, key: str) -> list[str]:
        return self.wording.list(key)


# --- what a kind supplies -------------------------------------------------------------------

AgreementT = TypeVar("AgreementT", bound=Agreement, covariant=True)


class KindSections(ABC, Generic[AgreementT]):
    """What one kind of agreement writes into the sections of the spine.

    Each method is named after the contract section it produces or adds to; the spine
    (:data:`sladoc.document.compose.SPINE`) decides where it goes and writes its heading.
    A kind must write its ``goals``; the rest have defaults.
    """

    def __init__(self, agreement: AgreementT, words: Words) -> None:
        self.agreement = agreement
        self.words = words

    def party_name(self, party_id: str) -> str:
        """How the contract names a party the agreement refers to by id: its short name
        once the preamble has defined it, else its name."""
        return self.agreement.party(party_id).called

    def goals_of(self, party: Party) -> list[str]:
        """The goals ``party`` commits to, one sentence each."""
        return [self.words.goal(goal) for goal in self.agreement.goals.get(party.id, [])]

    def overview(self) -> Iterable[Block]:
        """What the kind says in the overview after the agreement's own words: nothing."""
        return ()

    @abstractmethod
    def goals(self) -> Iterable[Block]:
        """The goals section: what each party commits to."""

    def requirements(self) -> Iterator[Block]:
        """The requirements section: what each party needs, under the party's name."""
        for party in self.agreement.parties:
            yield Heading(2, party.name)
            yield list_or_note(
                self.agreement.requirements.get(party.id, []), self.words, "no_requirements"
            )[0]

    def service_credits(self) -> Iterable[Block]:
        """What is owed when goals are missed, before the remedies: nothing."""
        return ()
