"""The writers say what the document tree says, in every format, and nothing else.

One hand-built document covers every node type and hostile text; the DOCX and the PDF are
read back (python-docx, pypdf) and their words compared with ``walk_text``.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from dataclasses import replace
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from sladoc.document.tree import (
    BulletList,
    ColumnRow,
    Columns,
    Document,
    DocumentInfo,
    Heading,
    Paragraph,
    Run,
    Signatures,
    Signer,
    Table,
    inline,
    walk_text,
)
from sladoc.document.writers import WRITERS, write_docx, write_markdown, write_pdf
from sladoc.document.writers.common import Look
from sladoc.errors import RenderError
from sladoc.review.textconv import ListNumbers

ROOT = Path(__file__).resolve().parent.parent
STYLESHEET = ROOT / "templates" / "pdf-style.yaml"
LOOKS = {
    kind: Look(ROOT / "templates" / kind / "reference.docx", STYLESHEET)
    for kind in ("internal", "tiered", "customer")
}
LOOK = LOOKS["internal"]

LONG_WORD = "Panjang" * 1428 + "Kata"  # 10,000 characters without a space
DATE_LABEL = "Tanggal"  # the signature blocks' date caption: furniture, not content
HOSTILE = (
    'Hostile & <b>bold</b> {{ 7*7 }} {% if x %}yes{% endif %} {_{ kept }_} "double" '
    "'single' *stars* _under_ `tick` [link](x) | pipe # hash $5 :smile: &amp;"
)
NAMES = "Kendra Ayu Pratiwi, Sébastien Ñúñez"
RIGHT_TO_LEFT = "שלום עולם مرحبا"


def signer(party: str, name: str, title: str, stamp: str = "") -> Signer:
    """An execution block as compose writes one: the date left to fill in."""
    details = (("Nama:", name), ("Jabatan:", title), ("Tanggal:", ""), ("Tempat:", "Jakarta"))
    return Signer(f"Untuk dan atas nama {party}", "Oleh:", details, stamp)


def hostile_document(status: str = "draft") -> Document:
    info = DocumentInfo(
        title="Marketing & Sales SLA {{ 7*7 }} <i>",
        subtitle="Perjanjian tingkat layanan: Marketing <-> Sales",
        version="1.2",
        status=status,
        date="2024-05-01",
        language="id",
        labels={"page": "Halaman", "of": "dari", "draft": "Draft", "date": DATE_LABEL},
        properties=(("source", "agreements/internal & co.yaml"), ("sha256", "9f86d08")),
    )
    blocks = (
        Heading(1, "Agreement overview", number="1.", anchor="overview"),
        Paragraph(
            inline(
                "Marketing commits to qualified leads for Sales, as ",
                Run("clause 2", ref="responsibilities"),
                " says.",
            ),
            "lead",
        ),
        Paragraph(
            inline(
                "Marketing delivers ",
                Run("100 qualified leads", bold=True),
                " a month and ",
                Run(NAMES, italic=True),
                " sign. ",
                HOSTILE,
            )
        ),
        Paragraph(inline(f"Parties: {NAMES}; greeting in Bahasa Indonesia."), "clause"),
        Paragraph(inline("Line one\nline two\tafter a tab."), "note"),
        Heading(2, "Goals", number="1.1"),
        BulletList((inline("Deliver leads"), inline(Run("Close", bold=True), " deals"))),
        BulletList((inline("First step"), inline("Second step"), inline(HOSTILE)), numbered=True),
        Heading(3, "Lead log"),
        Table(
            ("Month", "Leads | count", "Deals"),
            tuple((inline(f"M{n}"), inline(f"L{n}"), inline(f"D{n}")) for n in range(500)),
            widths=(3, 1, 1),
            numeric=(1, 2),
            caption="Monthly lead log & totals",
        ),
        Heading(1, "Responsibilities", number="2.", anchor="responsibilities"),
        Columns(
            ("Marketing", "Sales <team>"),
            (
                ColumnRow(
                    "Goals",
                    (
                        (Paragraph(inline("Leads a month")), BulletList((inline("webinars"),))),
                        (Heading(2, "Sales goals"), Paragraph(inline("Deals a month"))),
                    ),
                ),
                ColumnRow("Reports", ((Paragraph(inline(HOSTILE)),), ())),
            ),
        ),
        Heading(2, "Definitions"),
        Table(("Term", "Meaning"), ((inline("Word"), inline(LONG_WORD)),)),
        Paragraph(inline(LONG_WORD)),
        Heading(1, "Signatures"),
        Signatures(
            (
                signer("Marketing", "Amir Hakim", "Director of Marketing"),
                signer("Sales", "Kendra Ayu Pratiwi", "Sales Director", stamp="Meterai Rp10.000"),
                signer("Customer Service", "Joan Ñúñez", "VP of Service"),
            )
        ),
    )
    return Document(info, blocks)


def words(texts: list[str]) -> list[str]:
    return [word for text in texts for word in text.split()]


def with_text(doc: Document, text: str) -> Document:
    """``doc`` with one more paragraph holding ``text``."""
    return replace(doc, blocks=(*doc.blocks, Paragraph(inline(text))))


@pytest.fixture(scope="module")
def draft() -> Document:
    return hostile_document("draft")


@pytest.fixture(scope="module")
def draft_docx(draft: Document) -> bytes:
    return write_docx(draft, LOOK)


@pytest.fixture(scope="module")
def draft_pdf(draft: Document) -> bytes:
    return write_pdf(draft, LOOK)


@pytest.fixture(scope="module")
def final_docx() -> bytes:
    return write_docx(hostile_document("final"), LOOK)


@pytest.fixture(scope="module")
def final_pdf() -> bytes:
    return write_pdf(hostile_document("final"), LOOK)


# --- reading the outputs back -------------------------------------------------------------------


def docx_body_words(data: bytes, date_label: str = DATE_LABEL) -> list[str]:
    """The words of the body, in body order with table cells, without the cover (the first
    section) and without the signature blocks' date captions."""
    document = docx.Document(io.BytesIO(data))
    body = document.element.body
    elements = list(body)
    numbers = ListNumbers(document)  # counted over every paragraph, in order
    cover_end = next(
        index
        for index, element in enumerate(elements)
        if element.find(f"{qn('w:pPr')}/{qn('w:sectPr')}") is not None
    )
    found: list[str] = []
    for paragraph in elements[: cover_end + 1]:
        numbers.label(paragraph)
    for element in elements[cover_end + 1 :]:
        for paragraph in element.iter(qn("w:p")):
            pieces = [
                node.text or "" if node.tag == qn("w:t") else " "
                for node in paragraph.iter(qn("w:t"), qn("w:br"), qn("w:tab"))
            ]
            # Zero-width spaces mark where a long e-mail address may break: not words.
            text = "".join(pieces).replace("\u200b", "")
            style = paragraph.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
            label = numbers.label(paragraph)
            if label and style is not None and style.get(qn("w:val")).startswith("Heading"):
                text = f"{label} {text}"  # a clause number, drawn by Word's numbering
            if style is not None and style.get(qn("w:val")) == "SignatureDetail":
                if text == date_label:
                    continue
            found.extend(text.split())
    return found


Fragment = tuple[float, float, str, bool, str, float]  # x, y, text, rotated, font, size


def pdf_fragments(data: bytes) -> list[list[Fragment]]:
    """Per page, every piece of text pypdf extracts, where it starts and in which font."""
    pages = []
    for page in PdfReader(io.BytesIO(data)).pages:
        found: list[Fragment] = []

        def visit(text, cm, tm, font_dict, font_size, found=found):
            if text:
                x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
                y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
                rotated = abs(cm[1]) > 1e-6 or abs(tm[1]) > 1e-6
                font = str(font_dict.get("/BaseFont", "")).split("+")[-1] if font_dict else ""
                found.append((x, y, text, rotated, font, font_size))

        page.extract_text(visitor_text=visit)
        pages.append(found)
    return pages


# The body frame of templates/pdf-style.yaml (A4, margins 26 mm top and 24 mm bottom).
FRAME_BOTTOM, FRAME_TOP = 24 * 72 / 25.4, (297 - 26) * 72 / 25.4


def pdf_body_tokens(
    data: bytes, repeated_headers: list[list[str]] = (), date_label: str = DATE_LABEL
) -> list[str]:
    """The words inside the body frame of every page after the cover: no header, footer or
    draft mark; list bullets, list numbers, date captions and the table header rows that
    repeat at the top of a page removed."""
    tokens: list[str] = []
    for page in pdf_fragments(data)[1:]:
        text = "".join(
            fragment[2]
            for fragment in page
            if not fragment[3] and FRAME_BOTTOM - 2 < fragment[1] < FRAME_TOP + 2
        )
        page_tokens = text.split()
        for header in repeated_headers:
            if page_tokens[: len(header)] == header and _contains(tokens, header):
                page_tokens = page_tokens[len(header) :]
        tokens.extend(page_tokens)
    return [
        token
        for token in tokens
        if token not in ("•", date_label) and not re.fullmatch(r"\d+\.", token)
    ]


def _contains(tokens: list[str], part: list[str]) -> bool:
    return any(tokens[i : i + len(part)] == part for i in range(len(tokens) - len(part) + 1))


def table_headers(blocks) -> list[list[str]]:
    """The words of every header row that a table repeats on each page."""
    headers = []
    for block in blocks:
        if isinstance(block, Table):
            headers.append(words(list(block.header)))
        elif isinstance(block, Columns):
            headers.append(words(list(block.titles)))
    return headers


def figure_label_words(document: Document) -> list[str]:
    """The words of the labels of every figure the document draws (a stage diagram): text
    in the PDF, pixels in the DOCX."""
    from sladoc.document.tree import Figure, Label

    figures = [b for b in document.blocks if isinstance(b, Figure)]
    return [
        word
        for figure in figures
        for shape in figure.shapes
        if isinstance(shape, Label)
        for word in shape.text.split()
    ]


def without_figure_labels(tokens: list[str], document: Document) -> list[str]:
    """``tokens`` read from a PDF without the run of tokens that is a figure's labels (drawn
    together, in the figure's place, in whatever order the drawing gives them)."""
    from collections import Counter

    labels = Counter(figure_label_words(document))
    size = sum(labels.values())
    if not size:
        return tokens
    for start in range(len(tokens) - size + 1):
        if Counter(tokens[start : start + size]) == labels:
            return tokens[:start] + tokens[start + size :]
    raise AssertionError(f"the figure's labels {sorted(labels)} are not drawn together")


def rejoin(tokens: list[str], expected: list[str]) -> list[str]:
    """Rejoin the pieces of words that wrapping broke across lines (a long word has no
    space to break at, a hyphenated one breaks after a hyphen): each expected word may be
    several consecutive tokens. Stops joining at the first mismatch, so the comparison that
    follows shows where."""
    joined: list[str] = []
    position = 0
    for word in expected:
        if position >= len(tokens):
            break
        piece = tokens[position]
        position += 1
        while piece != word and word.startswith(piece) and position < len(tokens):
            piece += tokens[position]
            position += 1
        if "-" in word and piece == word.replace("-", ""):
            piece = word  # broken after its hyphen at a line's end: pypdf drops the hyphen
        joined.append(piece)
        if piece != word:
            break
    return joined + tokens[position:]


def headings_in_reading_order(blocks) -> list[str]:
    found = []
    for block in blocks:
        if isinstance(block, Heading):
            found.append(block.shown)
        elif isinstance(block, Columns):
            for row in block.rows:
                for cell in row.cells:
                    found.extend(headings_in_reading_order(cell))
    return found


def flatten_outline(outline) -> list[str]:
    titles = []
    for entry in outline:
        if isinstance(entry, list):
            titles.extend(flatten_outline(entry))
        else:
            titles.append(entry["/Title"])
    return titles


# --- what the documents say ---------------------------------------------------------------------


def test_docx_body_says_exactly_what_the_tree_says(draft: Document, draft_docx: bytes):
    assert docx_body_words(draft_docx) == words(walk_text(draft.blocks))


def test_pdf_body_says_exactly_what_the_tree_says(draft: Document, draft_pdf: bytes):
    # pdf_body_tokens drops list numbers ("1."), and with them a clause number
    expected = [w for w in words(walk_text(draft.blocks)) if not re.fullmatch(r"\d+\.", w)]
    found = pdf_body_tokens(draft_pdf, table_headers(draft.blocks))
    assert rejoin(found, expected) == expected


def right_to_left_document() -> Document:
    text = f"Greeting {RIGHT_TO_LEFT} and back."
    return Document(hostile_document().info, (Heading(1, "RTL"), Paragraph(inline(text))))


def test_docx_keeps_right_to_left_text_in_logical_order():
    doc = right_to_left_document()
    assert docx_body_words(write_docx(doc, LOOK)) == words(walk_text(doc.blocks))


@pytest.mark.xfail(
    strict=True,
    reason="reportlab draws right-to-left text in logical order unless rlbidi is installed",
)
def test_pdf_draws_right_to_left_text_in_reading_order():
    doc = right_to_left_document()
    assert pdf_body_tokens(write_pdf(doc, LOOK)) == words(walk_text(doc.blocks))


def test_template_syntax_in_text_stays_literal(draft_docx: bytes, draft_pdf: bytes):
    document_xml = zipfile.ZipFile(io.BytesIO(draft_docx)).read("word/document.xml").decode()
    pages = PdfReader(io.BytesIO(draft_pdf)).pages
    pdf_text = " ".join(" ".join(page.extract_text().split()) for page in pages)
    for literal in ("{{ 7*7 }}", "{% if x %}", "{_{ kept }_}", "<b>bold</b>", "&amp;"):
        assert literal in pdf_text
        assert literal.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") in (
            document_xml
        )
    header_xml = "".join(
        zipfile.ZipFile(io.BytesIO(draft_docx)).read(name).decode()
        for name in zipfile.ZipFile(io.BytesIO(draft_docx)).namelist()
        if name.startswith("word/header")
    )
    assert "Marketing &amp; Sales SLA {{ 7*7 }} &lt;i&gt;" in header_xml


def test_docx_opens_with_the_cover_fields_filled(draft_docx: bytes):
    document = docx.Document(io.BytesIO(draft_docx))
    cover = [paragraph.text for paragraph in document.paragraphs[:3]]
    assert cover == [
        "Marketing & Sales SLA {{ 7*7 }} <i>",
        "Perjanjian tingkat layanan: Marketing <-> Sales",
        "Version 1.2 · Draft · 2024-05-01",
    ]


def test_markdown_says_what_the_tree_says(draft: Document):
    html = markdown_to_html(write_markdown(draft, LOOK))
    text = re.sub(r"<[^>]+>", " ", html)
    for entity, char in (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&amp;", "&")):
        text = text.replace(entity, char)
    shown = text.split()
    for word in words(walk_text(draft.blocks)):
        assert word in shown


# --- reproducible bytes -------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(WRITERS))
def test_two_renders_give_the_same_bytes(name: str, draft: Document):
    assert WRITERS[name](draft, LOOK) == WRITERS[name](draft, LOOK)


def test_docx_dates_come_from_the_document(draft_docx: bytes):
    archive = zipfile.ZipFile(io.BytesIO(draft_docx))
    assert {entry.date_time for entry in archive.infolist()} == {(2024, 5, 1, 0, 0, 0)}
    assert archive.namelist()[0] == "[Content_Types].xml"
    core = docx.Document(io.BytesIO(draft_docx)).core_properties
    assert core.created.isoformat()[:10] == core.modified.isoformat()[:10] == "2024-05-01"
    assert core.title == "Marketing & Sales SLA {{ 7*7 }} <i>"


def test_a_title_longer_than_word_allows_is_cut_in_the_properties_only(draft: Document):
    doc = replace(draft, info=replace(draft.info, title=LONG_WORD), blocks=draft.blocks[:2])
    document = docx.Document(io.BytesIO(write_docx(doc, LOOK)))
    assert document.core_properties.title == LONG_WORD[:254] + "…"
    assert document.paragraphs[0].text == LONG_WORD
    assert PdfReader(io.BytesIO(write_pdf(doc, LOOK))).metadata["/Title"] == LONG_WORD


def test_docx_custom_properties(draft_docx: bytes):
    custom = zipfile.ZipFile(io.BytesIO(draft_docx)).read("docProps/custom.xml").decode()
    assert 'name="source"><vt:lpwstr>agreements/internal &amp; co.yaml</vt:lpwstr>' in custom
    assert 'name="sha256"><vt:lpwstr>9f86d08</vt:lpwstr>' in custom


def test_pdf_information_dictionary(draft_pdf: bytes):
    metadata = PdfReader(io.BytesIO(draft_pdf)).metadata
    assert metadata["/Title"] == "Marketing & Sales SLA {{ 7*7 }} <i>"
    assert metadata["/Subject"] == "Perjanjian tingkat layanan: Marketing <-> Sales"
    assert metadata["/source"] == "agreements/internal & co.yaml"
    assert metadata["/sha256"] == "9f86d08"
    assert metadata["/CreationDate"].startswith("D:20240501")
    assert "/Author" in metadata


# --- draft marks, headers, outline --------------------------------------------------------------


def header_xml(data: bytes) -> str:
    archive = zipfile.ZipFile(io.BytesIO(data))
    return "".join(
        archive.read(name).decode() for name in archive.namelist() if name.startswith("word/header")
    )


def test_docx_draft_has_a_watermark_in_every_header(draft_docx: bytes, final_docx: bytes):
    archive = zipfile.ZipFile(io.BytesIO(draft_docx))
    headers = [name for name in archive.namelist() if name.startswith("word/header")]
    assert len(headers) == 2  # the cover's and the body's
    for name in headers:
        xml = archive.read(name).decode()
        assert 'string="DRAFT"' in xml and "PowerPlusWaterMarkObject" in xml
    assert "DRAFT" not in header_xml(final_docx)
    assert "PowerPlusWaterMarkObject" not in header_xml(final_docx)


def test_pdf_draft_mark_on_every_page(draft_pdf: bytes, final_pdf: bytes):
    draft_pages = pdf_fragments(draft_pdf)
    assert len(draft_pages) > 10
    for page in draft_pages:
        assert [fragment[2].strip() for fragment in page if fragment[3]] == ["DRAFT"]
    for page in pdf_fragments(final_pdf):
        assert not any(fragment[3] for fragment in page)
        assert "DRAFT" not in "".join(fragment[2] for fragment in page)


def test_pdf_pages_have_header_and_numbered_footer(draft_pdf: bytes):
    pages = PdfReader(io.BytesIO(draft_pdf)).pages
    for number, page in enumerate(pages[1:], start=2):
        text = page.extract_text()
        assert "Marketing & Sales SLA {{ 7*7 }} <i>" in text
        assert f"Halaman {number} dari {len(pages)}" in text
        assert "Version 1.2 · Draft" in text


def test_docx_footer_has_page_fields(draft_docx: bytes):
    archive = zipfile.ZipFile(io.BytesIO(draft_docx))
    footers = "".join(
        archive.read(name).decode() for name in archive.namelist() if name.startswith("word/footer")
    )
    assert " PAGE " in footers and " NUMPAGES " in footers
    assert "Halaman" in footers and "dari" in footers


def test_docx_table_header_repeats_and_widths_are_kept(draft_docx: bytes):
    document = docx.Document(io.BytesIO(draft_docx))
    lead_log = next(t for t in document.tables if t.rows[0].cells[0].text == "Month")
    rows = lead_log._tbl.tr_lst
    assert rows[0].find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
    assert all(row.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is None for row in rows[1:])
    grid = [int(col.get(qn("w:w"))) for col in lead_log._tbl.tblGrid.iterchildren()]
    assert grid[0] == pytest.approx(3 * grid[1], rel=0.01)
    numbers = rows[5].tc_lst[1].find(f"{qn('w:p')}/{qn('w:pPr')}/{qn('w:jc')}")
    assert numbers is not None and numbers.get(qn("w:val")) == "right"


def test_docx_columns_header_repeats_and_labels_span(draft_docx: bytes):
    document = docx.Document(io.BytesIO(draft_docx))
    columns = next(t for t in document.tables if t.rows[0].cells[0].text == "Marketing")
    rows = columns._tbl.tr_lst
    assert rows[0].find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
    label = rows[1].tc_lst
    assert len(label) == 1 and label[0].grid_span == 2


def test_pdf_outline_has_every_heading(draft: Document, draft_pdf: bytes):
    outline = flatten_outline(PdfReader(io.BytesIO(draft_pdf)).outline)
    assert outline == headings_in_reading_order(draft.blocks)


def test_pdf_text_stays_inside_the_margins(draft_pdf: bytes):
    from reportlab.pdfbase.pdfmetrics import stringWidth

    left, right = 22 * 72 / 25.4, (210 - 22) * 72 / 25.4  # templates/pdf-style.yaml
    for page in pdf_fragments(draft_pdf):
        for x, _y, text, rotated, font, size in page:
            if rotated or not text.strip():
                continue
            for line in text.splitlines():
                name = f"sladoc-{font}"
                if font.startswith("LiberationSans"):  # PostScript names lack "-Regular"
                    name = f"sladoc-{font.replace('-', '')}"
                    name = {
                        "sladoc-LiberationSans": "sladoc-LiberationSans-Regular",
                        "sladoc-LiberationSansBold": "sladoc-LiberationSans-Bold",
                        "sladoc-LiberationSansItalic": "sladoc-LiberationSans-Italic",
                        "sladoc-LiberationSansBoldItalic": "sladoc-LiberationSans-BoldItalic",
                    }[name]
                width = stringWidth(line, name, size)
                assert left - 1 <= x and x + width <= right + 1, line[:40]


# --- what cannot be drawn -----------------------------------------------------------------------


def test_character_the_pdf_font_lacks_is_named(draft: Document):
    with pytest.raises(RenderError, match=r"U\+1F91D HANDSHAKE .*deal 🤝 done") as error:
        write_pdf(with_text(draft, "A deal 🤝 done."), LOOK)
    assert "PDF font" in str(error.value)


def test_character_the_pdf_font_lacks_in_the_title_is_named(draft: Document):
    doc = replace(draft, info=replace(draft.info, title="SLA 🤝"))
    with pytest.raises(RenderError, match=r"U\+1F91D HANDSHAKE"):
        write_pdf(doc, LOOK)


def test_italic_falls_back_to_upright_for_scripts_it_lacks(draft: Document):
    # Liberation Sans has no Arabic, nor has DejaVu Sans Oblique: DejaVu Sans's upright
    # face draws it instead of failing.
    doc = replace(draft, blocks=(Paragraph((Run("مرحبا", italic=True),)),))
    assert b"%PDF" in write_pdf(doc, LOOK)[:8]


@pytest.mark.parametrize("name", sorted(WRITERS))
def test_control_character_is_named_by_every_writer(name: str, draft: Document):
    with pytest.raises(RenderError, match=r"U\+0007 control character .*Kendra\\x07Ayu"):
        WRITERS[name](with_text(draft, "Signed by Kendra\x07Ayu today"), LOOK)


def test_table_rows_must_match_the_header(draft: Document):
    broken = Table(("A", "B"), ((inline("only one"),),))
    with pytest.raises(RenderError, match="row 1 has 1 cells for 2 columns"):
        write_docx(replace(draft, blocks=(broken,)), LOOK)


# --- the three looks and Word's own reader -----------------------------------------------------


@pytest.mark.parametrize("kind", sorted(LOOKS))
def test_every_reference_document_renders(kind: str):
    doc = replace(hostile_document(), blocks=hostile_document().blocks[:8])
    document = docx.Document(io.BytesIO(write_docx(doc, LOOKS[kind])))
    assert document.sections[-1].page_width.mm == pytest.approx(210, abs=0.1)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_converts_the_docx(draft_docx: bytes, tmp_path: Path):
    source = tmp_path / "contract.docx"
    source.write_bytes(draft_docx)
    subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
        check=True,
        capture_output=True,
        timeout=300,
    )  # fmt: skip
    converted = PdfReader(tmp_path / "contract.pdf")
    assert len(converted.pages) > 10
    text = "".join(page.extract_text() for page in converted.pages)
    assert "Agreement overview" in text and "Kendra Ayu Pratiwi" in text


# --- Markdown -----------------------------------------------------------------------------------


def markdown_to_html(markdown: bytes) -> str:
    """CommonMark with GitHub's tables, as a pull request shows Markdown."""
    markdown_it = pytest.importorskip("markdown_it")
    return markdown_it.MarkdownIt("commonmark").enable("table").render(markdown.decode())


def agreement_document() -> Document:
    """A short, ordinary agreement: its Markdown is kept in tests/writers/ for review."""
    info = DocumentInfo(
        title="Marketing & Sales Service Level Agreement",
        subtitle="PT Sinar Jaya: internal agreement for FY 2024",
        version="2.0",
        status="final",
        date="2024-05-01",
        language="en",
    )
    blocks = (
        Heading(1, "1. Agreement overview"),
        Paragraph(inline("Marketing delivers qualified leads; Sales follows up."), "lead"),
        Paragraph(
            inline("Marketing (", Run("Amir", bold=True), ") sends leads to ", Run("Kendra"), ".")
        ),
        Paragraph(inline("Quota $5,000 × 100% ÷ $100 = 50 customers; ÷ 50% = 100 leads."), "note"),
        Heading(1, "2. Goals"),
        Columns(
            ("Marketing", "Sales"),
            (
                ColumnRow(
                    "Monthly goal",
                    ((Paragraph(inline("100 leads")),), (Paragraph(inline("50 deals")),)),
                ),
                ColumnRow(
                    "Reports",
                    (
                        (BulletList((inline("Daily lead chart"), inline("Close rate"))),),
                        (BulletList((inline("Weekly status"),)),),
                    ),
                ),
            ),
        ),
        Table(
            ("Metric", "Target"),
            ((inline("Follow-up within one hour"), inline("95%")),),
            numeric=(1,),
            caption="Table 1. Service levels",
        ),
        BulletList((inline("First miss: diagnose."), inline("Third miss: review.")), numbered=True),
        Paragraph(
            inline("WHEREAS the parties agree, NOW THEREFORE it ends after 3 misses."), "clause"
        ),
        Signatures(
            (signer("Marketing", "Amir Hakim", "Director"), signer("Sales", "Kendra", "VP"))
        ),
    )
    return Document(info, blocks)


def test_markdown_of_an_agreement_matches_the_reviewed_copy():
    golden = Path(__file__).parent / "writers" / "agreement.md"
    assert write_markdown(agreement_document(), LOOK).decode() == golden.read_text("utf-8")


def test_markdown_is_deterministic_text_ending_in_a_newline(draft: Document):
    markdown = write_markdown(draft, LOOK).decode()
    assert markdown.endswith("\n") and not markdown.endswith("\n\n")
    assert markdown.startswith("# Marketing &")
    assert "| Month | Leads \\| count | Deals |" in markdown
    assert "| --- | ---: | ---: |" in markdown


plain_text = st.text(
    alphabet=st.characters(
        blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters="\ufffe\uffff"
    ),
    min_size=1,
    max_size=40,
).filter(lambda text: text.strip())


@settings(max_examples=200, deadline=None)
@given(plain_text)
def test_markdown_shows_any_text_literally(text: str):
    info = hostile_document().info
    doc = Document(info, (Paragraph(inline(text)), Table(("Cell",), ((inline(text),),))))
    html = markdown_to_html(write_markdown(doc, LOOK))
    paragraph = re.search(r"<hr />\n<p>(.*?)</p>", html, re.S)
    cell = re.search(r"<td>(.*?)</td>", html, re.S)
    assert paragraph and cell, html
    expected = " ".join(text.split())
    for shown in (paragraph.group(1), cell.group(1)):
        for entity, char in (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&amp;", "&")):
            shown = shown.replace(entity, char)
        assert " ".join(shown.split()) == expected


# --- every example agreement: the DOCX and the PDF say the same words, in the same order ----

EXAMPLES = sorted((Path(__file__).resolve().parent.parent / "agreements").glob("*.yaml"))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_example_docx_and_pdf_say_the_same_words_in_the_same_order(path: Path):
    from sladoc.agreement.validate import load_agreement
    from sladoc.document.compose import compose
    from sladoc.document.templateset import TemplateSet

    agreement, _ = load_agreement(path)
    document = compose(agreement, TemplateSet.default())
    appearance = TemplateSet.default().look(agreement.kind)
    expected = words(walk_text(document.blocks))
    date_label = document.info.labels["date"]
    assert docx_body_words(write_docx(document, appearance), date_label) == expected
    found = pdf_body_tokens(
        write_pdf(document, appearance), table_headers(document.blocks), date_label
    )
    found = without_figure_labels(found, document)
    # pdf_body_tokens drops list numbers ("1."), which cannot be told from a heading's
    # number or a sentence-ending year, so the comparison drops them on both sides
    expected = [word for word in expected if not re.fullmatch(r"\d+\.", word)]
    assert rejoin(found, expected) == expected


def test_a_table_row_taller_than_a_page_still_renders():
    """Rows normally move whole to the next page; one that cannot fit on any page is split."""
    long_cell = " ".join(f"word{i}" for i in range(4000))
    doc = Document(
        hostile_document().info,
        (Table(("Term", "Meaning"), ((inline("Everything"), inline(long_cell)),)),),
    )
    text = "".join(
        page.extract_text() for page in PdfReader(io.BytesIO(write_pdf(doc, LOOK))).pages
    )
    assert "word3999" in text
    assert "word0" in text


# --- figures ------------------------------------------------------------------------------

from sladoc.document.tree import Box, Dot, Figure, Label, Line  # noqa: E402

FIGURE_LABEL = "Leads handed off"


def a_figure(width: float = 300, **changes) -> Figure:
    figure = Figure(
        width,
        120,
        (
            Box(10, 10, 100, 50, "#a9bfd6"),
            Box(120, 10, 60, 80, "#ffffff", "#1f4e79", 0.6),
            Line(((10, 10), (width - 10, 110)), "#5d6877", 1.3, (4, 2.5)),
            Line(((10, 100), (100, 60), (200, 90)), "#1f4e79", 1.6),
            Dot(100, 60, 1.9, "#1f4e79"),
            Label(150, 108, FIGURE_LABEL, 9, "#1c2430", bold=True, anchor="middle"),
            Label(8, 60, "Leads (cumulative)", 7, "#5d6877", anchor="middle", upright=True),
            Label(width - 2, 2, "right", 6.5, "#5d6877", anchor="end"),
        ),
        "Leads handed off against the goal line",
        caption="Figure 1: the goal line",
    )
    return replace(figure, **changes)


def figure_document(figure: Figure) -> Document:
    info = DocumentInfo("Report", "On a figure", "1", "final", "2027-03-18", "en")
    return Document(info, (Heading(1, "Progress"), Paragraph(inline("Before.")), figure))


def test_pdf_draws_a_figure_as_vectors_with_its_caption():
    data = write_pdf(figure_document(a_figure()), replace(LOOK, cover=False))
    reader = PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1  # no cover page
    text = reader.pages[0].extract_text()
    # the caption is a paragraph; the labels are text in the drawing, not pixels
    assert "Figure 1: the goal line" in text and FIGURE_LABEL in text
    assert b"/Subtype /Image" not in data


def test_pdf_scales_a_figure_wider_than_the_text_down_to_it():
    wide = a_figure(width=2000)
    data = write_pdf(figure_document(wide), replace(LOOK, cover=False))
    page = PdfReader(io.BytesIO(data)).pages[0]
    found: dict[str, float] = {}

    def visit(text, cm, tm, *_):
        found[text.strip()] = cm[0] * tm[4] + cm[4]  # where the text starts on the page

    page.extract_text(visitor_text=visit)
    right = (210 - 22) * 72 / 25.4  # templates/pdf-style.yaml
    assert right - 30 < found["right"] < right


def test_docx_embeds_a_figure_as_a_picture_with_its_description():
    data = write_docx(figure_document(a_figure()), LOOK)
    document = docx.Document(io.BytesIO(data))
    pictures = document.inline_shapes
    assert len(pictures) == 1
    assert pictures[0]._inline.docPr.get("descr") == "Leads handed off against the goal line"
    assert "Figure 1: the goal line" in [p.text for p in document.paragraphs]
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        png = package.read(next(n for n in package.namelist() if n.endswith(".png")))
    assert png.startswith(b"\x89PNG")


def test_docx_scales_a_figure_wider_than_the_text_down_to_it():
    document = docx.Document(io.BytesIO(write_docx(figure_document(a_figure(2000)), LOOK)))
    section = document.sections[-1]
    text_width = section.page_width - section.left_margin - section.right_margin
    assert document.inline_shapes[0].width == text_width


def test_markdown_describes_a_figure():
    text = write_markdown(figure_document(a_figure()), LOOK).decode()
    assert "*Figure 1: the goal line*\n\n> *Leads handed off against the goal line*" in text


@pytest.mark.parametrize("name", sorted(WRITERS))
def test_a_figure_gives_the_same_bytes_twice(name: str):
    doc = figure_document(a_figure())
    assert WRITERS[name](doc, LOOK) == WRITERS[name](doc, LOOK)


def test_walk_text_has_a_figures_caption_only():
    assert walk_text((a_figure(),)) == ["Figure 1: the goal line"]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"width": float("nan")}, "not a finite number"),
        ({"height": 0.0}, "is no size"),
        ({"shapes": (Box(0, 0, 1, 1, "blue"),)}, "colour 'blue' is not written #rrggbb"),
        ({"shapes": (Line(((0, 0), (float("inf"), 1)), "#000000", 1),)}, "not a finite"),
        ({"description": "bell \x07"}, "U+0007"),
        ({"shapes": (Label(1, 1, "a \x00 b", 7, "#000000"),)}, "U+0000"),
    ],
)
@pytest.mark.parametrize("name", sorted(WRITERS))
def test_a_figure_no_writer_can_draw_fails_alike_in_every_writer(name, changes, message):
    with pytest.raises(RenderError, match=re.escape(message)):
        WRITERS[name](figure_document(a_figure(**changes)), LOOK)


def test_a_figure_label_the_pdf_font_lacks_is_named():
    figure = a_figure(shapes=(Label(1, 1, "Deal \N{HANDSHAKE}", 7, "#000000"),))
    with pytest.raises(RenderError, match="U\\+1F91D HANDSHAKE"):
        write_pdf(figure_document(figure), LOOK)


# --- side-by-side cells: the PDF spaced as LibreOffice lays out the DOCX (issue 17) --------------

from sladoc.document.tree import Parallel  # noqa: E402
from sladoc.document.writers import pdf as pdf_writer  # noqa: E402


def _twips(styles: str, style_id: str | None, attribute: str) -> int:
    """A spacing attribute (``line``, ``after``) of a style of the reference document, or of
    its document defaults when ``style_id`` is None."""
    if style_id is None:
        part = re.search(r"<w:pPrDefault>.*?</w:pPrDefault>", styles, re.S)
    else:
        part = re.search(rf'w:styleId="{style_id}".*?</w:style>', styles, re.S)
    assert part, style_id
    found = re.search(rf'<w:spacing [^>]*w:{attribute}="(\d+)"', part.group(0))
    assert found, (style_id, attribute)
    return int(found.group(1))


def _story_builder(look: Look, document: Document) -> pdf_writer._StoryBuilder:
    sheet = pdf_writer._stylesheet(
        look.pdf_stylesheet, pdf_writer._docx_accents(look.docx_template)
    )
    return pdf_writer._StoryBuilder(document, sheet, split_rows=False)


@pytest.mark.parametrize("kind", sorted(LOOKS))
def test_pdf_side_by_side_cells_take_the_docx_table_styles_spacing(kind: str):
    """A side-by-side cell in the PDF is as tall as the DOCX's: its paragraphs at the table
    style's line spacing (read from the reference document, in place of the document's),
    the space after its last paragraph kept, a label row one line of table text high and an
    empty cell one empty line high."""
    look = LOOKS[kind]
    with zipfile.ZipFile(look.docx_template) as archive:
        styles = archive.read("word/styles.xml").decode("utf-8")
    in_table = _twips(styles, "SLAColumns", "line") / _twips(styles, None, "line")
    after = _twips(styles, "BodyText", "after") / 20
    text = "Each party reports its figures for the month by the fifth business day. " * 4
    block = Columns(
        ("Marketing", "Sales"),
        (
            ColumnRow("What each party hands over", ((Paragraph(inline(text)),), ())),
            ColumnRow("Empty", ((), ())),
        ),
    )
    builder = _story_builder(look, Document(hostile_document().info, (block,)))
    (table,) = builder.columns(block, 400, None)
    table.wrap(400, 10_000)
    styles_pdf = builder.styles
    padding = builder.sheet.spec.spacing.cell_padding * 57 / 85
    pad = 2 * padding + 0.5  # above, below, and the rule between rows
    paragraph = table._cellvalues[2][0][0]
    lines = len(paragraph.blPara.lines)
    assert lines > 1
    body = styles_pdf["body"]
    assert paragraph.style.leading == pytest.approx(body.leading * in_table)
    label, content, empty_label, empty = table._rowHeights[1:]
    assert label == pytest.approx(pad + styles_pdf["column_label"].leading)
    assert empty_label == pytest.approx(label)
    assert content == pytest.approx(pad + lines * body.leading * in_table + after)
    assert empty == pytest.approx(pad + body.leading * in_table)


def test_pdf_bilingual_row_opening_with_a_heading_stays_with_the_next_row():
    """LibreOffice keeps a row with the next when the first paragraph of its first cell
    keeps with next (a heading); the PDF ties the same rows together, and no others. Inside
    a cell the space between a heading and the one below it is the larger of the two."""
    clause = (Paragraph(inline("The Provider keeps the service available.")),)
    heading = (Heading(1, "Availability", number="1."), Heading(2, "Targets", number="1.1"))
    rows = (
        (heading + clause, heading + clause),
        (clause, clause),
        (clause, clause),
    )
    block = Parallel(rows)
    builder = _story_builder(LOOK, Document(hostile_document().info, (block,)))
    (table,) = builder.parallel(block, 400, None)
    nosplit = [(start[1], stop[1]) for _, start, stop in table._nosplitCmds]
    assert nosplit == [(0, 1)]
    cell = table._cellvalues[0][0]
    first, second = (f for f in cell if "heading" in getattr(getattr(f, "style", None), "name", ""))
    assert first.style.spaceAfter > 0
    assert second.style.spaceBefore == pytest.approx(
        max(second.style.parent.spaceBefore - first.style.spaceAfter, 0)
    )
