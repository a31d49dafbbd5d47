"""Agreement -> document tree. The structure of a contract lives here; its words live in the
templates' wording files; its look lives in the writers' templates.

Every document walks its kind's spine of sections (:data:`SPINES`), in the fixed order
:data:`sladoc.agreement.layout.ORDER` gives: preamble, recitals, the six building blocks
(overview, goals, requirements, points of contact, if goals are not met, termination), the
unexpected-events clause, additional clauses, the general clauses (:mod:`.general`), and
signatures for every party; a customer agreement adds its support, exclusions and
maintenance sections and orders them as such contracts are. The spine writes each section's
heading; what goes under it comes from :mod:`.sections` (what every agreement has) and from
the agreement's kind, one module each (:mod:`.internal`, :mod:`.tiered`, :mod:`.customer`)
implementing :class:`~.common.KindSections`.

May import: :mod:`sladoc.agreement`, :mod:`sladoc.document.tree`,
:mod:`sladoc.document.templateset`, :mod:`sladoc.errors`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace

from sladoc.agreement.layout import LAYOUTS, Place
from sladoc.agreement.model import Agreement
from sladoc.document.compose import general, sections
from sladoc.document.compose.common import Kind, KindSections, Section, Words
from sladoc.document.compose.customer import CustomerSections
from sladoc.document.compose.internal import InternalSections
from sladoc.document.compose.layouts import bullets, metrics, stages, summary, two_column
from sladoc.document.compose.parallel import zip_versions
from sladoc.document.compose.references import Numbers, resolve
from sladoc.document.compose.tiered import TieredSections
from sladoc.document.templateset import TemplateSet
from sladoc.document.tree import Block, Document, DocumentInfo, Heading, Paragraph, Run

__all__ = [
    "KINDS",
    "SECTIONS",
    "SPINES",
    "Section",
    "compose",
    "compose_versions",
]

KINDS: dict[str, type[KindSections[Agreement]]] = {
    "internal": InternalSections,
    "tiered": TieredSections,
    "customer": CustomerSections,
}
"""What each kind of agreement (its ``kind``) writes into the spine."""


def contents(kind: Kind, headings: tuple[Heading, ...]) -> Iterator[Block]:
    """A table of contents: a line for each numbered top-level heading, its number and
    text, linked to it."""
    for heading in headings:
        yield Paragraph((Run(heading.shown, ref=heading.anchor, link=True),))


SECTIONS: dict[str, Section] = {
    section.id: section
    for section in (
        Section("preamble", None, sections.preamble),
        Section("contents", "heading_contents", lambda kind: (), numbered=False),
        Section("recitals", None, general.recitals, numbered=False),
        Section("overview", "heading_overview", sections.overview),
        Section("goals", "heading_goals", lambda kind: kind.goals()),
        Section("support", "heading_support", lambda kind: kind.support()),
        Section("requirements", "heading_requirements", lambda kind: kind.requirements()),
        Section("contacts", "heading_contacts", sections.contacts),
        Section("if_goals_missed", "heading_missed", sections.if_goals_missed),
        Section("exclusions", "heading_exclusions", lambda kind: kind.exclusions()),
        Section("maintenance", "heading_maintenance", lambda kind: kind.maintenance()),
        Section("termination", "heading_termination", sections.termination),
        Section("unexpected_events", "heading_unexpected", sections.unexpected_events),
        Section("clauses", "heading_clauses", sections.additional_clauses),
        Section("general", "heading_general", general.general),
        Section("signatures", "heading_signatures", sections.signatures, numbered=False),
        # two-column (a customer agreement's)
        Section("commitments", "heading_commitments", two_column.commitments),
        Section("service_levels", "heading_service_levels", two_column.service_levels),
        # bullets (a customer agreement's topics, one commitment a bullet)
        *metrics.SECTIONS,
        Section("bullets_goals", "heading_goals", bullets.goals),
        Section("bullets_support", "heading_support", bullets.support),
        Section("bullets_missed", "heading_missed", bullets.if_goals_missed),
        Section("bullets_maintenance", "heading_maintenance", bullets.maintenance),
        Section("bullets_contacts", "heading_contacts", bullets.contacts),
        Section("bullets_termination", "heading_termination", bullets.termination),
        # the stages layout's process and (customer) remedies without the credits
        Section("stages", "heading_stages", stages.process),
        Section("stages_remedies", "heading_stages_remedies", sections.remedies),
        # the summary layout's key promises, before the terms they summarise
        Section("summary", "heading_summary", summary.summary, numbered=False),
    )
}
"""Every top-level section a contract may have, whatever its layout; each kind's wording
(and a layout's) names the headings."""

SPINES: dict[tuple[str, str], tuple[Section, ...]] = {
    (name, kind): tuple(SECTIONS[place.section] for place in places)
    for name, layout in LAYOUTS.items()
    for kind, places in layout.orders.items()
}
"""The sections of each kind of agreement in each layout that fits it (layout name, kind),
in order."""


def compose(
    agreement: Agreement, templates: TemplateSet, properties: tuple[tuple[str, str], ...] = ()
) -> Document:
    """The document tree of ``agreement`` in its layout, worded from the ``templates``
    folder."""
    layout = agreement.layout_name
    words = Words(
        templates.wording(agreement.kind, agreement.language, layout),
        agreement.language,
        bilingual=len(agreement.languages) > 1,
    )
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
        numbering=words.numbering,
    )
    numbers: Numbers = {}
    places = LAYOUTS[layout].orders[agreement.kind]
    blocks = tuple(_walk(zip(places, SPINES[layout, agreement.kind], strict=True), kind, numbers))
    return Document(info=info, blocks=resolve(blocks, numbers, words))


def compose_versions(
    versions: tuple[Agreement, ...],
    templates: TemplateSet,
    properties: tuple[tuple[str, str], ...] = (),
) -> Document:
    """The document of an agreement's language versions (``validate_versions``): the one
    version's own document, or two side by side (:mod:`.parallel`)."""
    documents = [compose(version, templates, properties) for version in versions]
    if len(documents) == 1:
        return documents[0]
    left, right = documents
    return zip_versions(left, right)


def _walk(spine: Iterable[tuple[Place, Section]], kind: Kind, numbers: Numbers) -> Iterator[Block]:
    """Every section of ``spine`` in order, each under its heading. A section with nothing
    to say (an optional block the agreement leaves out) is left out, heading and all: a
    contract never prints a bare heading, and the numbers of the sections after it close
    up. A numbered section's heading is clause 1, 2, ...; the headings of its own blocks
    are its sub-clauses 1.1, 1.2, ... (headings inside side-by-side blocks are not). The
    number of each anchored heading goes into ``numbers``, and a section's number also
    under the building blocks and sections it stands for (``Place.blocks``,
    ``Place.answers``), so a reference holds whatever the layout. The contents, where the
    layout has them, list the numbered sections the document holds."""
    words = kind.words
    number = 0
    written: list[tuple[Section, list[Block]]] = []
    for place, section in spine:
        if section.id == "contents":
            written.append((section, []))
            continue
        blocks = list(section.write(kind))
        if not blocks:
            continue
        numbered = section.heading is not None and section.numbered
        if section.heading is not None:
            heading = Heading(1, words(section.heading), anchor=section.id)
            if numbered:
                number += 1
                for name in (section.id, *place.blocks, *place.answers):
                    numbers.setdefault(name, ((number,), section.id))
                heading = replace(heading, number=words.numbered((number,)))
            blocks.insert(0, heading)
        sub = 0
        for at, block in enumerate(blocks):
            if numbered and isinstance(block, Heading) and block.level == 2:
                sub += 1
                if block.anchor:
                    numbers[block.anchor] = ((number, sub), block.anchor)
                blocks[at] = replace(block, number=words.numbered((number, sub)))
        written.append((section, blocks))
    numbered_headings = tuple(
        block
        for _, blocks in written
        for block in blocks[:1]
        if isinstance(block, Heading) and block.number
    )
    for section, blocks in written:
        if section.id == "contents":
            assert section.heading is not None
            yield Heading(1, words(section.heading), anchor=section.id)
            yield from contents(kind, numbered_headings)
        else:
            yield from blocks
