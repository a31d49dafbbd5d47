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
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Generic, TypeVar

from sladoc.agreement.model import Agreement, Contact, Goal, Measure, Party, Term
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
    number_label,
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


_NUMBER = "\ue000"
"""Where the number goes in a rendered ``clause_reference`` (a private-use character no
wording holds)."""


class Words:
    """The wording of one agreement (``words(key, **values)``, ``words.list(key)``, ...) and
    its values written in the agreement's language."""

    def __init__(self, wording: Wording, language: str, *, bilingual: bool = False) -> None:
        self.wording = wording
        self.language = language
        self.bilingual = bilingual
        """Whether the agreement is in two languages: a value written once for both is data,
        and each version writes it in its language's way ("99.95%", "99,95%")."""

    def __call__(self, key: str, **values: Any) -> str:
        return self.wording(key, **values)

    def mapping(self, key: str) -> dict[str, Any]:
        return self.wording.mapping(key)

    def labels(self) -> dict[str, str]:
        return self.wording.labels()

    @property
    def numbering(self) -> tuple[str, ...]:
        """How clause numbers are shown, per level, in Word's list-level syntax: "%1."."""
        return tuple(self.list("clause_numbering"))

    def numbered(self, number: tuple[int, ...]) -> str:
        """A heading's number as shown before its text: "5.", "5.1", "Pasal 5 –"."""
        return number_label(self.numbering, number)

    def reference(self, number: tuple[int, ...]) -> tuple[str, str, str]:
        """A cross-reference to a numbered heading ("clause 5.1", "Pasal 5") as the words
        before the number, the number, and the words after it: the number alone is what
        a writer may make a live reference (a Word field that follows renumbering)."""
        said = self("clause_reference", number=_NUMBER)
        before, _, after = said.partition(_NUMBER)
        return before, ".".join(str(part) for part in number), after

    def money(self, value: Money) -> str:
        return format_money(value, self.language)

    def percent(self, value: Decimal) -> str:
        return format_percent(value, self.language)

    def spelled_duration(self, seconds: Decimal) -> str:
        """A downtime budget in words, to the whole second: "21 minutes 55 seconds"."""
        return spell_duration(seconds, self.language)

    def duration(self, value: Duration | None) -> str:
        return value.describe(self.language) if value is not None else ""

    def notice(self, value: Duration | Term) -> str:
        """A notice period: a duration, or months or years ("3 months")."""
        return self.term(value) if isinstance(value, Term) else self.duration(value)

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

    def measure(self, measure: Measure | None) -> str:
        """A target as this language writes it (``Measure.written``); in a bilingual
        agreement, a time in this language's words too."""
        if measure is None:
            return ""
        if self.bilingual and measure.duration is not None:
            return self.duration(measure.duration)
        return measure.written(self.language)

    def goal(self, goal: Goal) -> str:
        return self(
            "goal",
            metric=goal.metric,
            target=self.measure(goal.target),
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
    (:data:`sladoc.document.compose.SPINES`) decides where it goes and writes its heading.
    A kind must write its ``goals``; the rest have defaults.
    """

    def __init__(self, agreement: AgreementT, words: Words) -> None:
        self.agreement = agreement
        self.words = words

    def designation(self, party: Party) -> str:
        """The name the agreement gives ``party`` by its place among the parties, where the
        language's agreements do (Indonesian: PIHAK PERTAMA, PIHAK KEDUA, ...); "" where
        they do not (English names a party by its name and role)."""
        ordinals = self.words.list("ordinals")
        index = self.agreement.parties.index(party)
        if not self.words.mapping("conventions")["party_designations"] or index >= len(ordinals):
            return ""
        return self.words("party_designation", ordinal=ordinals[index])

    def defines_role(self, party: Party) -> bool:
        """Whether the preamble defines ``party``'s role as the name the contract calls it
        by ("the Customer"); internal and tiered agreements' roles only describe."""
        return False

    def party_name(self, party_id: str) -> str:
        """How the contract names a party the agreement refers to by id: its short name
        once the preamble has defined it, else its name."""
        return self.agreement.party(party_id).called

    def reports_sent(self, party: Party, key: str) -> list[str]:
        """The reports ``party`` sends, each in the sentence the wording's ``key`` makes of
        what it is, how often and to whom."""
        words = self.words
        return [
            words(
                key,
                what=report.what,
                period=words.period(report.every),
                to=words.join([self.party_name(to) for to in report.to]),
            )
            for report in self.agreement.reporting
            if report.from_ == party.id
        ]

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

    def support(self) -> Iterable[Block]:
        """The support section (a kind whose spine has one): nothing."""
        return ()

    def exclusions(self) -> Iterable[Block]:
        """The exclusions section (a kind whose spine has one): nothing."""
        return ()

    def maintenance(self) -> Iterable[Block]:
        """The maintenance section (a kind whose spine has one): nothing."""
        return ()


Kind = KindSections[Agreement]


@dataclass(frozen=True)
class Section:
    """A top-level section of the contract, as a layout's order names it."""

    id: str
    """What the section is (:attr:`sladoc.agreement.layout.Place.section`)."""
    heading: str | None
    """The wording key of its heading; None for none."""
    write: Callable[[Kind], Iterable[Block]]
    """Its blocks, below the heading."""
    numbered: bool = True
    """Its heading carries its clause number ("5. If goals are not met"), counted over
    the sections the document holds, so that a section left out closes the numbering up;
    ``id`` is then the name a cross-reference (``[clause:ID]``) gives it."""
