"""The `summary` layout (issue 16): a customer agreement with a linked table of contents,
then each service's key promises (availability and the downtime it allows, the first
response to the top severity, the service credits from the first band to the cap, claims,
whom to contact), each with a "see full details" link into the full terms that follow.

What it promises, asserted on the document tree for the examples and for generated
agreements, and on the built DOCX and PDF: the contents list every numbered section and
link to it; the summary's figures are the figures the terms state; every link names a
heading the document holds, and the DOCX's hyperlinks and the PDF's link annotations land
on bookmarks and outline entries that exist.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from sladoc import api
from sladoc.agreement.layout import LAYOUTS, misfit
from sladoc.agreement.model import CustomerAgreement
from sladoc.document.compose import compose, compose_versions
from sladoc.document.compose.layouts.summary import TARGETS
from sladoc.document.templateset import TemplateSet
from sladoc.document.tree import (
    Block,
    BulletList,
    Document,
    Heading,
    Inline,
    Paragraph,
    Parallel,
    Run,
    Table,
    plain_text,
)
from sladoc.document.writers import write
from sladoc.language import language

from .conftest import AGREEMENTS, ROOT

CUSTOMERS = [path for path in AGREEMENTS if api.load(path).kind == "customer"]
WORDING = ROOT / "templates" / "layouts" / "summary"


def _versions(path: Path) -> tuple[CustomerAgreement, ...]:
    versions = tuple(version for version, _ in api.load_versions(path, layout="summary"))
    assert all(isinstance(version, CustomerAgreement) for version in versions)
    return versions  # type: ignore[return-value]


def _document(path: Path) -> Document:
    """The agreement drawn in the summary layout (both languages of a bilingual one)."""
    return compose_versions(_versions(path), TemplateSet.default())


def _monolingual(path: Path) -> Iterator[tuple[CustomerAgreement, Document]]:
    """Each language version of the agreement composed on its own."""
    for version in _versions(path):
        yield version, compose(version, TemplateSet.default())


def _generated(generate, tmp_path: Path, count: int = 24) -> list[Path]:
    """Generated customer agreements (every third generated agreement is one), of every
    size and variant: services, deliveries, or both."""
    paths = []
    for index in range(2, 3 * count, 3):
        name, text = generate.agreement(11, index)
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def _sections(document: Document) -> dict[str, list[Block]]:
    """The blocks under each top-level heading, by the heading's anchor."""
    out: dict[str, list[Block]] = {}
    current: list[Block] | None = None
    for block in document.blocks:
        if isinstance(block, Heading) and block.level == 1:
            current = out.setdefault(block.anchor, [])
        elif current is not None:
            current.append(block)
    return out


def _under(document: Document, anchor: str) -> list[Block]:
    """The blocks under the heading anchored ``anchor``, up to the next heading of its level
    or above (a clause's, or a sub-clause's)."""
    blocks = list(document.blocks)
    at = next(i for i, b in enumerate(blocks) if isinstance(b, Heading) and b.anchor == anchor)
    level = blocks[at].level  # type: ignore[union-attr]
    out = []
    for block in blocks[at + 1 :]:
        if isinstance(block, Heading) and block.level <= level:
            break
        out.append(block)
    return out


def _inlines(blocks: list[Block]) -> Iterator[Inline]:
    for block in blocks:
        if isinstance(block, Paragraph):
            yield block.content
        elif isinstance(block, BulletList):
            yield from block.items
        elif isinstance(block, Table):
            for row in block.rows:
                yield from row
        elif isinstance(block, Parallel):
            for left, right in block.rows:
                yield from _inlines([*left, *right])


def _runs(blocks: list[Block]) -> Iterator[Run]:
    for content in _inlines(blocks):
        yield from content


def _anchors(blocks: tuple[Block, ...] | list[Block]) -> set[str]:
    found = set()
    for block in blocks:
        if isinstance(block, Heading) and block.anchor:
            found.add(block.anchor)
        elif isinstance(block, Parallel):
            for left, right in block.rows:
                found |= _anchors([*left, *right])
    return found


# --- the layout --------------------------------------------------------------------------


def test_the_summary_layout_fits_customer_agreements_only() -> None:
    layout = LAYOUTS["summary"]
    assert list(layout.orders) == ["customer"]
    assert misfit("customer", "summary") is None
    assert misfit("internal", "summary") and misfit("tiered", "summary")
    sections = [place.section for place in layout.orders["customer"]]
    # the contents and the summary come before the terms, which keep the formal order
    assert sections.index("contents") < sections.index("summary") < sections.index("overview")
    formal = [place.section for place in LAYOUTS["formal"].orders["customer"]]
    assert [s for s in sections if s not in ("contents", "summary")] == formal


@pytest.mark.parametrize("path", CUSTOMERS, ids=lambda p: p.stem)
def test_contents_list_every_numbered_section_and_link_to_it(path: Path) -> None:
    for _, document in _monolingual(path):
        blocks = document.blocks
        numbered = [b for b in blocks if isinstance(b, Heading) and b.level == 1 and b.number]
        start = next(
            i for i, b in enumerate(blocks) if isinstance(b, Heading) and b.anchor == "contents"
        )
        lines = []
        for block in blocks[start + 1 :]:
            if isinstance(block, Heading):
                break
            assert isinstance(block, Paragraph)
            lines.append(block.content)
        assert [plain_text(line) for line in lines] == [h.shown for h in numbered]
        for line, heading in zip(lines, numbered, strict=True):
            assert all(run.link and run.ref == heading.anchor for run in line)
        # the summary is not a clause: it comes before clause 1 and has no number
        summary = next(b for b in blocks if isinstance(b, Heading) and b.anchor == "summary")
        assert not summary.number and blocks.index(summary) < blocks.index(numbered[0])


# --- the summary says what the terms say ---------------------------------------------------


def _summary_parts(document: Document) -> Iterator[tuple[str | None, list[Block]]]:
    """The summary's blocks per plan: (the plan's heading, or None), its blocks."""
    blocks = _sections(document)["summary"]
    plan: str | None = None
    part: list[Block] = []
    for block in blocks:
        if isinstance(block, Heading):
            yield plan, part
            plan, part = block.text, []
        else:
            part.append(block)
    yield plan, part


def _promise(part: list[Block], label: str) -> str | None:
    """The text of the promise in ``part`` whose bold label is ``label``."""
    for content in _inlines(part):
        if content and content[0].bold and content[0].text.strip() == label:
            return plain_text(content)
    return None


def _segment(blocks: list[Block], heading: str | None) -> list[Block]:
    """The blocks under the sub-heading that reads ``heading`` (a plan's), up to the next
    heading of its level; all of ``blocks`` when none reads so."""
    at = next(
        (i for i, b in enumerate(blocks) if isinstance(b, Heading) and b.text == heading), None
    )
    if at is None:
        return blocks
    level = blocks[at].level  # type: ignore[union-attr]
    out = []
    for block in blocks[at + 1 :]:
        if isinstance(block, Heading) and block.level <= level:
            break
        out.append(block)
    return out


def _check_figures(agreement: CustomerAgreement, document: Document) -> None:
    """Every figure of the summary is the figure the terms state, in the same words."""
    words = TemplateSet.default().wording("customer", agreement.language, "summary")
    sections = _sections(document)
    goals = [t for t in sections["goals"] if isinstance(t, Table)]
    levels = agreement.levels(chosen_only=True)
    parts = [(plan, part) for plan, part in _summary_parts(document) if part]
    for level in levels:
        plan = words("plan_heading", plan=level.plan.name) if level.plan else None
        by_plan = len(levels) > 1
        part = next(blocks for name, blocks in parts if name == (plan if by_plan else None))
        tables = [b for b in part if isinstance(b, Table)]
        if level.availability:
            (summary,) = tables
            assert len(summary.rows) == len(level.availability)
            for row in summary.rows:
                service, target, month, year = (plain_text(cell) for cell in row)
                if not by_plan:
                    # the service levels' table: the same target and allowances, same row
                    stated = [
                        [plain_text(cell) for cell in r]
                        for t in goals
                        for r in t.rows
                        if plain_text(r[0]) == service
                    ]
                    assert [target, month, year] in [[r[1], r[3], r[4]] for r in stated]
                else:
                    # the plans' comparison: this plan's column of the service's row
                    assert level.plan is not None
                    (comparison,) = [t for t in goals if level.plan.name in t.header]
                    column = comparison.header.index(level.plan.name)
                    cells = [
                        plain_text(r[column])
                        for r in comparison.rows
                        if plain_text(r[0]).startswith(service)
                    ]
                    assert any(target in cell and month in cell for cell in cells), cells
        else:
            assert not tables
        said = _promise(part, words("summary_support_label"))
        if level.support is None:
            assert said is None
        else:
            # the top severity's row in the support terms (the plan's own, where the plans'
            # support differs): the same first response and resolution
            top = min(level.support.severities, key=lambda v: v.level)
            name = words("severity_name", level=top.level, name=top.name)
            rows = [
                [plain_text(cell) for cell in r]
                for t in _segment(sections["support"], plan)
                if isinstance(t, Table)
                for r in t.rows
                if plain_text(r[0]) == name
            ]
            assert said is not None and len(rows) == 1
            assert f" {rows[0][-3]} " in said, (said, rows)
            if top.resolution:
                assert f" {rows[0][-2]} " in said, (said, rows)
        credits = level.credits
        said = _promise(part, words("summary_credits_label", **_terms(agreement, words)))
        if credits is None:
            assert said is None
            continue
        assert said is not None
        if credits.bands:
            # the first and the last band of the plan's credits table, and its cap
            terms = _segment(sections["if_goals_missed"], plan)
            table = next(t for t in terms if isinstance(t, Table))
            bands = [[plain_text(c) for c in r] for r in table.rows]
            assert len(bands) == len(credits.bands)
            first, last = bands[0], bands[-1]
            assert f" {first[1]} " in said and f" {_percents(first[0])[0]}," in said
            assert f" {last[1]} " in said and f" {_percents(last[0])[0]}" in said
            after = terms[terms.index(table) + 1 :]
            caps = [_percents(plain_text(b.content)) for b in after if isinstance(b, Paragraph)]
            if credits.maximum is not None:
                # the sentence after the bands says the cap; the summary's second part too
                cap = next(found for found in caps if found)[0]
                assert f" {cap} " in said.split(";")[1]


def _percents(text: str) -> list[str]:
    return re.findall(r"\d+(?:[.,]\d+)?%", text)


def _terms(agreement: CustomerAgreement, words) -> dict[str, str]:
    from sladoc.document.compose.common import Words
    from sladoc.document.compose.customer import CustomerSections

    return CustomerSections(agreement, Words(words, agreement.language)).defined_terms


@pytest.mark.parametrize("path", CUSTOMERS, ids=lambda p: p.stem)
def test_the_summary_states_the_figures_the_terms_state(path: Path) -> None:
    for agreement, document in _monolingual(path):
        _check_figures(agreement, document)


def test_generated_agreements_summaries_state_the_terms_figures(generate, tmp_path: Path) -> None:
    for path in _generated(generate, tmp_path):
        for agreement, document in _monolingual(path):
            _check_figures(agreement, document)


def test_a_changed_figure_changes_in_the_summary_and_the_terms_alike() -> None:
    """The summary has no figures of its own: a target, a response time or a credit
    changed in the agreement changes in both places."""
    (agreement,) = _versions(ROOT / "agreements" / "acme-cloud-hosting.yaml")
    services = [
        s.model_copy(update={"availability": s.availability.model_copy(update={"target": 99})})
        for s in agreement.services
        if s.availability
    ]
    assert agreement.support is not None and agreement.service_credits is not None
    severities = list(agreement.support.severities)
    severities[0] = severities[0].model_copy(
        update={"response": severities[1].response, "resolution": severities[1].resolution}
    )
    changed = agreement.model_copy(
        update={
            "services": services,
            "support": agreement.support.model_copy(update={"severities": severities}),
        }
    )
    document = compose(changed, TemplateSet.default())
    _check_figures(changed, document)
    summary = " ".join(plain_text(c) for c in _inlines(_sections(document)["summary"]))
    assert "99%" in summary and "99.95%" in summary  # the credits' first band is still 99.95%
    assert "first response within 1 hour and is resolved within 8 hours" in summary


def test_a_promise_whose_field_is_left_out_is_left_out() -> None:
    (agreement,) = _versions(ROOT / "agreements" / "acme-cloud-hosting.yaml")
    bare = agreement.model_copy(
        update={"support": None, "service_credits": None, "claims": None, "if_goals_missed": None}
    )
    document = compose(bare, TemplateSet.default())
    summary = _sections(document)["summary"]
    labels = [c[0].text.strip() for c in _inlines(summary) if c and c[0].bold]
    assert labels == ["Contact at Acme:"]
    refs = {run.ref for run in _runs(summary) if run.ref}
    assert refs == {TARGETS["availability"], "contacts"}
    _check_figures(bare, document)


# --- links -------------------------------------------------------------------------------


def _promises(document: Document) -> list[Inline]:
    """The summary's paragraphs and list items that link to the terms."""
    summary = _sections(document)["summary"]
    texts = [b for b in summary if not isinstance(b, Table)]
    return [content for content in _inlines(texts) if any(run.link for run in content)]


@pytest.mark.parametrize("path", CUSTOMERS, ids=lambda p: p.stem)
def test_every_promise_links_to_the_section_of_its_full_terms(path: Path) -> None:
    for _, document in _monolingual(path):
        sections = _sections(document)
        promises = _promises(document)
        assert promises
        for content in promises:
            links = [run for run in content if run.link]
            numbers = [run for run in content if run.ref and not run.link]
            # "see full details" linked to the section, and its number a cross-reference
            assert len(links) == 1 and len(numbers) == 1
            assert links[0].ref == numbers[0].ref
            heading = next(
                b for b in document.blocks if isinstance(b, Heading) and b.anchor == links[0].ref
            )
            assert numbers[0].text in re.findall(r"\d+(?:\.\d+)*", heading.number)
            # the section linked to holds the full terms: every figure the promise states
            # (a percentage, a quantity or duration, an e-mail address) is stated there
            said = plain_text(content[: content.index(links[0])])
            held = " ".join(plain_text(c) for c in _inlines(_under(document, links[0].ref)))
            figures = re.findall(r"\S+@\S+\.\w+|\d[\d.,]*%|\d+ \w+", said)
            assert [f for f in figures if f.rstrip(".,") not in held] == [], links[0].ref
        targets = {run.ref for content in promises for run in content if run.link}
        assert targets <= set(TARGETS.values())
        # the availability table's link goes to the section that holds the service levels
        if any(isinstance(b, Table) for b in sections["summary"]):
            assert TARGETS["availability"] in targets


@pytest.mark.parametrize("path", CUSTOMERS, ids=lambda p: p.stem)
def test_every_link_names_a_heading_the_document_holds(path: Path) -> None:
    document = _document(path)
    anchors = _anchors(document.blocks)
    refs = {run.ref for run in _runs(list(document.blocks)) if run.ref}
    assert refs and refs <= anchors


def test_generated_agreements_links_name_headings_they_hold(generate, tmp_path: Path) -> None:
    for path in _generated(generate, tmp_path):
        document = _document(path)
        refs = {run.ref for run in _runs(list(document.blocks)) if run.ref}
        assert {"contents", "summary"} <= _anchors(document.blocks)
        assert refs <= _anchors(document.blocks), path.name


def test_defined_terms_are_used_only_where_the_document_defines_them() -> None:
    """Availability, Downtime and Service Credit are capitalised where the definitions
    table defines them, and in plain words where it does not."""
    for path in CUSTOMERS:
        for agreement, document in _monolingual(path):
            defined = {
                plain_text(row[0])
                for b in _sections(document)["overview"]
                if isinstance(b, Table)
                for row in b.rows
            }
            summary = " ".join(plain_text(c) for c in _inlines(_sections(document)["summary"]))
            summary += " ".join(
                c[0].text for c in _inlines(_sections(document)["summary"]) if c and c[0].bold
            )
            for term in language(agreement.language).terms.values():
                if re.search(rf"\b{re.escape(term)}", summary):
                    assert term in defined, (path.name, term)


def test_a_bilingual_summary_has_the_same_structure_in_both_languages() -> None:
    path = ROOT / "agreements" / "awan-nusantara-hosting-bilingual.yaml"
    left, right = (compose(v, TemplateSet.default()) for v in _versions(path))
    shapes = [
        [
            (type(b).__name__, len(getattr(b, "rows", getattr(b, "items", ()))))
            for b in _sections(d)["summary"]
        ]
        for d in (left, right)
    ]
    assert shapes[0] == shapes[1]
    document = _document(path)  # zipped side by side without VersionsDiffer
    assert "summary" in _anchors(document.blocks)


# --- the built files ---------------------------------------------------------------------


def _docx_links(data: bytes) -> tuple[list[str], set[str], list[str]]:
    """(hyperlink anchors, bookmark names, REF field targets) of a DOCX's body."""
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    links = re.findall(r'<w:hyperlink [^>]*w:anchor="([^"]+)"', xml)
    bookmarks = set(re.findall(r'<w:bookmarkStart [^>]*w:name="([^"]+)"', xml))
    fields = re.findall(r"REF (\S+) ", xml)
    return links, bookmarks, fields


@pytest.mark.parametrize("path", CUSTOMERS, ids=lambda p: p.stem)
def test_the_docx_links_to_bookmarks_it_holds(path: Path) -> None:
    document = _document(path)
    look = TemplateSet.default().look("customer")
    links, bookmarks, fields = _docx_links(write("docx", document, look))
    assert set(links) <= bookmarks and set(fields) <= bookmarks
    # every contents line and every "see full details" is a hyperlink; so is every clause
    # number of a bilingual document (side by side, Word does not number the clauses, so a
    # REF field would have no number to show), to the first language's heading
    runs = list(_runs(list(document.blocks)))
    side_by_side = any(isinstance(b, Parallel) for b in document.blocks)
    numbers = sum(1 for run in runs if run.ref and not run.link)
    expected = sum(1 for run in runs if run.link) + (numbers if side_by_side else 0)
    assert len(links) == expected
    assert len(fields) == (0 if side_by_side else numbers)


def _pdf(document: Document):
    from pypdf import PdfReader

    return PdfReader(io.BytesIO(write("pdf", document, TemplateSet.default().look("customer"))))


def _outline(reader) -> list:
    def flat(entries):
        for entry in entries:
            if isinstance(entry, list):
                yield from flat(entry)
            else:
                yield entry

    return list(flat(reader.outline))


@pytest.mark.parametrize("path", CUSTOMERS, ids=lambda p: p.stem)
def test_the_pdf_links_land_on_its_headings_and_outline_entries(path: Path) -> None:
    document = _document(path)
    reader = _pdf(document)
    outline = _outline(reader)
    titles = [" ".join(entry.title.split()) for entry in outline]
    # every top-level heading is an outline entry (the contents and the summary too)
    for block in document.blocks:
        if isinstance(block, Heading) and block.level == 1:
            assert " ".join(block.shown.split()) in titles
    places = {
        (reader.get_destination_page_number(entry), round(float(entry.top), 1)) for entry in outline
    }
    pages = {page.indirect_reference.idnum: number for number, page in enumerate(reader.pages)}
    landed = []
    for page in reader.pages:
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") != "/Link":
                continue
            destination = annotation["/Dest"]
            landed.append((pages[destination[0].idnum], round(float(destination[3]), 1)))
    assert landed and set(landed) <= places
    if not any(isinstance(b, Parallel) for b in document.blocks):
        # a link for every contents line, every "see full details" and every clause number
        expected = sum(1 for run in _runs(list(document.blocks)) if run.ref)
        assert len(landed) >= expected
        # the contents' lines land on their headings, in order
        numbered = [b for b in document.blocks if isinstance(b, Heading) and b.number]
        entries = {" ".join(e.title.split()): e for e in outline}
        first = [
            (
                reader.get_destination_page_number(entries[h.shown]),
                round(float(entries[h.shown].top), 1),
            )
            for h in numbered
            if h.level == 1
        ]
        assert landed[: len(first)] == first


def test_generated_agreements_in_the_summary_layout_paginate_alike(generate, tmp_path: Path):
    """No heading or lead-in of the summary (or of the terms) ends a page, the signatures
    stay on one page, and the DOCX and the PDF have the same pages, for agreements of every
    size and variant."""
    import shutil

    from .test_pages import _build, _problems

    if not (shutil.which("soffice") and shutil.which("pdftotext")):
        pytest.skip("needs LibreOffice and poppler")
    (tmp_path / "yaml").mkdir()
    built_all = _build(_generated(generate, tmp_path / "yaml", 8), tmp_path, "summary")
    problems = [problem for built in built_all for problem in _problems(built)]
    problems += [
        f"{b.name}: {len(b.pdf)} PDF pages, {len(b.docx)} DOCX pages"
        for b in built_all
        if len(b.pdf) != len(b.docx)
    ]
    assert not problems, "\n".join(problems)


# --- the wording ---------------------------------------------------------------------------


def test_the_wording_has_the_same_keys_and_values_in_both_languages() -> None:
    from jinja2 import meta
    from jinja2.sandbox import SandboxedEnvironment

    english = yaml.safe_load((WORDING / "wording.yaml").read_text(encoding="utf-8"))
    indonesian = yaml.safe_load((WORDING / "wording.id.yaml").read_text(encoding="utf-8"))
    assert list(english) == list(indonesian)
    parser = SandboxedEnvironment()
    for key, value in english.items():
        assert type(indonesian[key]) is type(value), key
        if isinstance(value, str):
            names = meta.find_undeclared_variables(parser.parse(value))
            assert names == meta.find_undeclared_variables(parser.parse(indonesian[key])), key
            assert value != indonesian[key] or "{{" in value, f"{key} is not translated"
        elif isinstance(value, (list, dict)):
            assert len(value) == len(indonesian[key]), key


def test_the_indonesian_summary_reads_as_indonesian() -> None:
    path = ROOT / "agreements" / "awan-nusantara-hosting-bilingual.yaml"
    indonesian = next(d for a, d in _monolingual(path) if a.language == "id")
    text = " ".join(plain_text(c) for c in _inlines(_sections(indonesian)["summary"]))
    for english in ("see full details", "Support:", "Claims:", "a claim is", "is owed"):
        assert english not in text
    assert "lihat ketentuan selengkapnya dalam Pasal" in text
    headings = [b.text for b in indonesian.blocks if isinstance(b, Heading) and not b.number]
    assert "Daftar Isi" in headings and "Ringkasan Tingkat Layanan Utama" in headings
