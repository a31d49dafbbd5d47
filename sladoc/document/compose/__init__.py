"""Agreement -> document tree. The structure of a contract lives here; its words live in the
templates' wording files; its look lives in the writers' templates.

Every document walks the same :data:`SPINE` of sections, in a fixed order: preamble,
recitals, the six building blocks (overview, goals, requirements, points of contact, if goals
are not met, termination), the unexpected-events clause, additional clauses, the general
clauses (:mod:`.general`), and signatures for every party. The spine writes each section's
heading; what goes under it comes from :mod:`.sections` (what every agreement has) and from
the agreement's kind, one module each (:mod:`.internal`, :mod:`.tiered`, :mod:`.customer`)
implementing :class:`~.common.KindSections`.

May import: :mod:`sladoc.agreement`, :mod:`sladoc.document.tree`,
:mod:`sladoc.document.templateset`, :mod:`sladoc.errors`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from sladoc.agreement.model import Agreement
from sladoc.document.compose import general, sections
from sladoc.document.compose.common import KindSections, Words
from sladoc.document.compose.customer import CustomerSections
from sladoc.document.compose.internal import InternalSections
from sladoc.document.compose.tiered import TieredSections
from sladoc.document.templateset import TemplateSet
from sladoc.document.tree import Block, Document, DocumentInfo, Heading

__all__ = ["KINDS", "SPINE", "Section", "compose"]

Kind = KindSections[Agreement]

KINDS: dict[str, type[Kind]] = {
    "internal": InternalSections,
    "tiered": TieredSections,
    "customer": CustomerSections,
}
"""What each kind of agreement (its ``kind``) writes into the spine."""


@dataclass(frozen=True)
class Section:
    """A top-level section of the contract."""

    id: str
    """What the section is, for whatever arranges sections."""
    heading: str | None
    """The wording key of its heading; None for none."""
    write: Callable[[Kind], Iterable[Block]]
    """Its blocks, below the heading."""
    numbered: bool = True
    """Its heading carries its number ("5. If goals are not met"), counted over the
    sections the document holds, so that a section left out closes the numbering up."""


SPINE: tuple[Section, ...] = (
    Section("preamble", None, sections.preamble),
    Section("recitals", None, general.recitals, numbered=False),
    Section("overview", "heading_overview", sections.overview),
    Section("goals", "heading_goals", lambda kind: kind.goals()),
    Section("requirements", "heading_requirements", lambda kind: kind.requirements()),
    Section("contacts", "heading_contacts", sections.contacts),
    Section("if_goals_missed", "heading_missed", sections.if_goals_missed),
    Section("termination", "heading_termination", sections.termination),
    Section("unexpected_events", "heading_unexpected", sections.unexpected_events),
    Section("clauses", "heading_clauses", sections.additional_clauses),
    Section("general", "heading_general", general.general),
    Section("signatures", "heading_signatures", sections.signatures, numbered=False),
)
"""The sections of every agreement, in order."""


def compose(
    agreement: Agreement, templates: TemplateSet, properties: tuple[tuple[str, str], ...] = ()
) -> Document:
    """The document tree of ``agreement``, worded from the ``templates`` folder."""
    words = Words(templates.wording(agreement.kind, agreement.language), agreement.language)
    kind = KINDS[agreement.kind](agreement, words)
    info = DocumentInfo(
        title=agreement.title,
        subtitle=agreement.subtitle or "",
        version=agreement.version,
        status=agreement.status,
        date=agreement.effective.isoformat(),
        date_text=words.date(agreement.effective),
        language=agreement.language,
        labels=words.labels(),
        properties=properties,
    )
    return Document(info=info, blocks=tuple(_walk(SPINE, kind)))


def _walk(spine: Iterable[Section], kind: Kind) -> Iterator[Block]:
    """Every section of ``spine`` in order, each under its heading. A section with nothing
    to say (an optional block the agreement leaves out) is left out, heading and all: a
    contract never prints a bare heading, and the numbers of the sections after it close
    up."""
    number = 0
    for section in spine:
        blocks = tuple(section.write(kind))
        if not blocks:
            continue
        if section.heading is not None:
            heading = kind.words(section.heading)
            if section.numbered:
                number += 1
                heading = kind.words.numbered(number, heading)
            yield Heading(1, heading)
        yield from blocks
