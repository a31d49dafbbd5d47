"""The DOCX writer: a frame from the Word reference document, a body from the tree.

The frame (styles, cover, header, footer, draft watermark) is the template
``reference.docx`` rendered by docxtpl, which stays behind :func:`_render_frame`. The body
is built with python-docx in the template's own styles, so a person restyles contracts in
Word, not in code; only the rows of data tables are written as WordprocessingML directly,
for speed. The body never passes through docxtpl: docxtpl rewrites rendered XML with
regular expressions (``{_{`` becomes ``{{``, tabs and newlines become elements, broken XML
is "recovered"), which would alter a contract's text.

Figures are images: PNGs drawn from the tree's shapes with Pillow (reportlab's dependency)
in the embedded DejaVu Sans, at four pixels a point, which prints sharp.

The bytes depend on the document alone: every date is ``info.date`` and the zip is written
with fixed entry order, timestamps and permissions.
"""

from __future__ import annotations

import datetime
import functools
import io
import math
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import jinja2
import markupsafe
from docx.document import Document as WordDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Emu
from docx.table import Table as WordTable
from docx.table import _Cell, _Row
from docx.text.paragraph import Paragraph as WordParagraph
from docxtpl import DocxTemplate
from lxml import etree  # type: ignore[import-untyped]
from markupsafe import Markup

from sladoc.document.fonts import DEJAVU
from sladoc.document.provenance import DOCX_PROPERTIES_PART, UNSEALED, parts_digest
from sladoc.document.sandbox import Sandbox
from sladoc.document.tree import (
    Block,
    Box,
    BulletList,
    Columns,
    Document,
    Dot,
    Figure,
    Heading,
    Inline,
    Label,
    Line,
    Parallel,
    Run,
    Signatures,
    Signer,
)
from sladoc.document.tree import Paragraph as ParagraphNode
from sladoc.document.tree import Table as TableNode
from sladoc.document.writers.common import (
    TABLE_GAP,
    Look,
    address_breaks,
    check_document,
    document_day,
    keeps_with_next,
    label,
    status_label,
    tables_meet,
)
from sladoc.errors import TemplateError

# Style names the body uses; each must exist in the reference document.
PARAGRAPH_STYLES = {"body": "Body Text", "lead": "Lead", "note": "Note", "clause": "Clause"}
HEADING_STYLES = ("Heading 1", "Heading 2", "Heading 3")

# The variables a reference document may use; anything else is a TemplateError, so a typo
# in a template fails loudly instead of rendering as empty text.
FRAME_VARIABLES = frozenset(
    {
        "title",
        "subtitle",
        "version",
        "version_label",
        "status_label",
        "date",
        "draft",
        "draft_label",
        "page_label",
        "of_label",
        "body",
    }
)

# docxtpl puts ``{{p body }}``'s value in place of its paragraph; this paragraph marks the
# spot, and the body built with python-docx replaces it after rendering.
_BODY_MARKER_STYLE = "sladoc-body-marker"
_BODY_MARKER = Markup(f'<w:p><w:pPr><w:pStyle w:val="{_BODY_MARKER_STYLE}"/></w:pPr></w:p>')

_EMU_PER_TWIP = 635  # python-docx lengths are EMU; WordprocessingML widths are twips
_EMU_PER_POINT = 12700

# A row holding more text than this may be taller than a page; Word then needs to split it.
_UNSPLITTABLE_ROW_CHARS = 600


class _FrameSandbox(Sandbox):
    """The sandbox, compiling each part of a reference document once per process.

    docxtpl hands every part (body, headers, footers, properties) to ``from_string`` on
    every render, and compiling them took a tenth of a contract's DOCX time; the parts of
    one template are the same text each time, and a compiled template renders any number
    of times."""

    _KEPT = 64  # parts of a few templates; beyond that, start again rather than grow

    def __init__(self) -> None:
        super().__init__(autoescape=True)
        self._compiled: dict[str, jinja2.Template] = {}

    def from_string(self, source, globals=None, template_class=None):
        if globals is not None or template_class is not None or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        template = self._compiled.get(source)
        if template is None:
            template = super().from_string(source)
            if len(self._compiled) >= self._KEPT:
                self._compiled.clear()
            self._compiled[source] = template
        return template


# The same tightened sandbox as the wording: a reference document may come from a pull
# request too, and an undefined name (``''.__class__``) must fail, not print nothing.
_JINJA = _FrameSandbox()


def write_docx(doc: Document, look: Look) -> bytes:
    """Render ``doc`` as a Word document framed by ``look.docx_template``."""
    check_document(doc)
    day = document_day(doc)
    document = _render_frame(look.docx_template, _frame_context(doc))
    builder = _BodyBuilder(document, doc)
    builder.insert_body(doc.blocks, look.docx_template)
    _set_language(document, doc.info.language)
    _set_core_properties(document, doc, day)
    _set_custom_properties(document, doc.info.properties)
    out = io.BytesIO()
    document.save(out)
    return deterministic_zip(out.getvalue(), day)


# --- the frame: docxtpl, behind one function --------------------------------------------------


def _frame_text(value: str) -> Markup:
    # Escaped for text and attributes alike (the watermark's text is an attribute), with
    # braces as character references: docxtpl turns "{_{" into "{{" in rendered XML, and a
    # reference is decoded only when the XML is parsed, after docxtpl is done.
    escaped = str(markupsafe.escape(value))
    return Markup(escaped.replace("{", "&#123;").replace("}", "&#125;"))


def _frame_context(doc: Document) -> dict[str, object]:
    info = doc.info
    texts = {
        "title": info.title,
        "subtitle": info.subtitle,
        "version": info.version,
        "version_label": label(doc, "version"),
        "status_label": status_label(doc),
        "date": info.date_text or info.date,
        "draft_label": label(doc, "draft").upper(),
        "page_label": label(doc, "page"),
        "of_label": label(doc, "of"),
    }
    context: dict[str, object] = {name: _frame_text(text) for name, text in texts.items()}
    context["draft"] = info.status == "draft"
    context["body"] = _BODY_MARKER
    return context


def _template_bytes(path: Path) -> bytes:
    try:
        stat = path.stat()
    except OSError as error:
        raise TemplateError(f"{path}: cannot read the Word template ({error.strerror})") from None
    return _load_template(path, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=8)
def _load_template(path: Path, mtime_ns: int, size: int) -> bytes:
    """The template's bytes, checked once per version of the file (mtime and size are part
    of the cache key) for variables the writer does not provide."""
    data = path.read_bytes()
    try:
        used = DocxTemplate(io.BytesIO(data)).get_undeclared_template_variables(_JINJA)
    # LxmlError: a part that is not well-formed XML (or declares entities, as an XML bomb
    # or an external-entity read would)
    except (
        jinja2.TemplateError,
        zipfile.BadZipFile,
        KeyError,
        ValueError,
        etree.LxmlError,
    ) as error:
        if isinstance(error, etree.LxmlError) and _no_memory(str(error)):
            raise MemoryError from None  # libxml2 could not allocate, not a broken template
        raise TemplateError(f"{path}: not a usable Word template: {error}") from None
    unknown = sorted(used - FRAME_VARIABLES)
    if unknown:
        raise TemplateError(
            f"{path}: unknown template variables {', '.join(unknown)} "
            f"(known: {', '.join(sorted(FRAME_VARIABLES))})"
        )
    return data


def _no_memory(message: str) -> bool:
    """Whether libxml2's error is its allocation failing: it says so, or, when it cannot
    even record the error, lxml reports an "unknown error"."""
    return "Memory allocation failed" in message or message.startswith("unknown error")


def _render_frame(path: Path, context: dict[str, object]) -> WordDocument:
    """Render the reference document with docxtpl: sandboxed Jinja, autoescape on."""
    template = DocxTemplate(io.BytesIO(_template_bytes(path)))
    try:
        template.render(context, jinja_env=_JINJA, autoescape=True)
    except Exception as error:
        # Whatever the template's own code raises (1/0, recursion) is its error, not a crash.
        kind = "" if isinstance(error, jinja2.TemplateError) else f"{type(error).__name__}: "
        raise TemplateError(f"{path}: {kind}{error}") from None
    return template.docx


# --- the body: python-docx in the template's styles -------------------------------------------


class _BodyBuilder:
    """Builds the body at the end of the rendered document, then moves it to the marker."""

    def __init__(self, document: WordDocument, doc: Document) -> None:
        self.document = document
        self.doc = doc
        self._style_ids: dict[str, str] = {}
        section = document.sections[-1]
        page, left, right = section.page_width, section.left_margin, section.right_margin
        if page is None or left is None or right is None:
            raise TemplateError("the Word template's last section has no page width or margins")
        self.text_width = page - left - right
        # A document in two languages side by side writes its numbers as text: one list
        # would count the headings of both columns, in the first language's pattern.
        self.numbered_styles = self.heading_numbering()
        side_by_side = any(isinstance(block, Parallel) for block in doc.blocks)
        self.clause_numbering = self.numbered_styles and not side_by_side
        anchored = _anchored(doc.blocks)
        # Bookmark names: letters, digits and "_" only, at most 40 characters.
        self.bookmarks = {h.anchor: f"_RefClause{n}" for n, h in enumerate(anchored, 1)}
        links = {
            h.anchor: _Link(self.bookmarks[h.anchor], self.live_reference(h.level))
            for h in anchored
        }
        self.runs = functools.partial(_runs_xml, links=links)
        self.placed: set[str] = set()

    def live_reference(self, level: int) -> bool:
        """Whether a reference to a heading of ``level`` can be a REF field: when Word
        numbers the headings and the level's number is figures and dots ("8.1", "6."),
        which the field shows as written. A field would show "Pasal 6 –" whole (LibreOffice
        ignores the switch that drops words), so such a reference is a link, its number
        as text."""
        numbering = self.doc.info.numbering
        pattern = numbering[min(level, len(numbering)) - 1] if numbering else ""
        return self.clause_numbering and bool(_NUMERIC_LEVEL.fullmatch(pattern))

    def heading_numbering(self) -> bool:
        """Whether the template's heading styles are numbered by a list (as sladoc's
        reference documents are): then the list's number formats become the document's
        (``DocumentInfo.numbering``) and Word numbers the clauses; else the numbers are
        written as text."""
        properties = self.document.styles["Heading 1"].element.pPr
        numbered = None if properties is None else properties.numPr
        if numbered is None or numbered.numId is None or numbered.numId.val == 0:
            return False
        numbering = self.document.part.numbering_part.element
        abstract_id = numbering.num_having_numId(numbered.numId.val).abstractNumId.val
        abstract = numbering.xpath(f'w:abstractNum[@w:abstractNumId="{abstract_id}"]')[0]
        for level in abstract.findall(qn("w:lvl")):
            index = int(level.get(qn("w:ilvl")))
            text = level.find(qn("w:lvlText"))
            if index < len(self.doc.info.numbering) and text is not None:
                text.set(qn("w:val"), self.doc.info.numbering[index])
        return True

    def insert_body(self, blocks: tuple[Block, ...], template: Path) -> None:
        body = self.document.element.body
        markers = body.xpath(f'.//w:p[w:pPr/w:pStyle/@w:val="{_BODY_MARKER_STYLE}"]')
        if len(markers) != 1:
            raise TemplateError(f"{template}: needs exactly one {{{{p body }}}} paragraph")
        # python-docx appends before the body's final section properties, if any.
        end = -1 if body.sectPr is not None else None
        start = len(body) + (end or 0)
        self.blocks(self.document, blocks, self.text_width)
        new_elements = list(body)[start:end]
        marker = markers[0]
        for element in new_elements:
            marker.addprevious(element)
        marker.getparent().remove(marker)

    @functools.cached_property
    def default_table_style(self) -> str | None:
        default = self.document.styles.default(WD_STYLE_TYPE.TABLE)
        return None if default is None else default.style_id

    def style(self, name: str, kind: WD_STYLE_TYPE = WD_STYLE_TYPE.PARAGRAPH) -> str:
        """The id of the template's style ``name``, looked up once per document."""
        if name not in self._style_ids:
            try:
                style = self.document.styles[name]
            except KeyError:
                raise TemplateError(f"the Word template has no style {name!r}") from None
            if style.type != kind:
                raise TemplateError(f"the Word template's style {name!r} is not a {kind.name}")
            self._style_ids[name] = style.style_id
        return self._style_ids[name]

    # Containers are the document or a table cell: both have add_paragraph and add_table.

    def blocks(self, container: WordDocument | _Cell, blocks: tuple[Block, ...], width: int):
        after_table = False
        for index, block in enumerate(blocks):
            following = blocks[index + 1] if index + 1 < len(blocks) else None
            if isinstance(block, Heading):
                self.heading(container, block)
            elif isinstance(block, ParagraphNode):
                paragraph = self.paragraph(container, block.content, PARAGRAPH_STYLES[block.style])
                # A lead-in stays on the page of the list or table it introduces (in the
                # body: inside a table cell, keep-with-next would tie the row to the next)
                previous = blocks[index - 1] if index else None
                keep = container is self.document and keeps_with_next(block, following, previous)
                _direct_spacing(paragraph, keep_next=keep, space_before=after_table)
            elif isinstance(block, BulletList):
                paragraphs = self.bullet_list(container, block)
                if paragraphs:
                    _direct_spacing(paragraphs[0], keep_next=False, space_before=after_table)
            elif isinstance(block, TableNode):
                self.table(container, block, width)
            elif isinstance(block, Columns):
                self.columns(container, block, width)
            elif isinstance(block, Signatures):
                self.signatures(container, block, width)
            elif isinstance(block, Figure):
                self.figure(container, block, width)
            elif isinstance(block, Parallel):
                self.parallel(container, block, width)
            else:
                raise TypeError(f"unknown block {type(block).__name__}")
            after_table = isinstance(block, (TableNode, Columns))
            if tables_meet(block, following):
                self.table_gap(container)

    def heading(self, container: WordDocument | _Cell, block: Heading) -> None:
        """A heading in its level's style. A numbered one takes its number from the style's
        list (or as text, when the template's headings are not numbered); any other is
        taken out of the list. An anchored one is a bookmark cross-references link to."""
        level = min(max(block.level, 1), len(HEADING_STYLES))
        text = block.text if self.clause_numbering else block.shown
        heading = self.paragraph(container, (Run(text),), HEADING_STYLES[level - 1])
        # Keep with next as direct formatting too: LibreOffice lets a heading that has it
        # only from its style stay behind when the lead-in after it moves on.
        _direct_spacing(heading, keep_next=True, space_before=False)
        if self.numbered_styles and not (self.clause_numbering and block.number):
            numbered = heading._p.get_or_add_pPr().get_or_add_numPr()
            numbered.get_or_add_ilvl().val = 0
            numbered.get_or_add_numId().val = 0  # "not numbered"
        # the first heading of an anchor is its bookmark (of a bilingual document's two
        # versions side by side, the left one)
        bookmark = self.bookmarks.get(block.anchor) if block.anchor not in self.placed else None
        if bookmark:
            self.placed.add(block.anchor)
            number = list(self.bookmarks).index(block.anchor) + 1
            heading._p.get_or_add_pPr().addnext(
                parse_xml(f'<w:bookmarkStart {_W_NAMESPACE} w:id="{number}" w:name="{bookmark}"/>')
            )
            heading._p.append(parse_xml(f'<w:bookmarkEnd {_W_NAMESPACE} w:id="{number}"/>'))

    def paragraph(self, container: WordDocument | _Cell, content: Inline, style: str):
        # Written as WordprocessingML, as the rows of data tables are, and the same as
        # python-docx's add_paragraph, style and add_run would make: those took half a
        # millisecond a paragraph, most of a contract's DOCX time.
        style_xml = f"<w:pPr><w:pStyle w:val={quoteattr(self.style(style))}/></w:pPr>"
        element = parse_xml(f"<w:p {_W_NAMESPACE}>{style_xml}{self.runs(content)}</w:p>")
        blocks = container._body if isinstance(container, WordDocument) else container
        blocks._element._insert_p(element)  # where add_paragraph puts it: before sectPr
        return WordParagraph(element, blocks)

    def bullet_list(
        self, container: WordDocument | _Cell, block: BulletList
    ) -> list[WordParagraph]:
        style = "List Number" if block.numbered else "List Bullet"
        paragraphs = [self.paragraph(container, item, style) for item in block.items]
        if block.numbered:
            self.restart_numbering(paragraphs, style)
        return paragraphs

    def restart_numbering(self, paragraphs: list[WordParagraph], style_name: str) -> None:
        """Give a numbered list its own numbering instance, so that it counts from 1.

        Word continues a list style's numbers across the whole document; restarting takes a
        new ``w:num`` over the style's abstract numbering (no public python-docx API)."""
        numbering_properties = self.document.styles[style_name].element.pPr
        style_numbering = None if numbering_properties is None else numbering_properties.numPr
        if style_numbering is None or style_numbering.numId is None or not paragraphs:
            return  # the template's list style is not numbered: nothing to restart
        numbering = self.document.part.numbering_part.element
        abstract_id = numbering.num_having_numId(style_numbering.numId.val).abstractNumId.val
        num = numbering.add_num(abstract_id)
        num.add_lvlOverride(ilvl=0).add_startOverride(1)
        for paragraph in paragraphs:
            numbering_of_paragraph = paragraph._p.get_or_add_pPr().get_or_add_numPr()
            numbering_of_paragraph.get_or_add_ilvl().val = 0
            numbering_of_paragraph.get_or_add_numId().val = num.numId

    def new_table(
        self, container: WordDocument | _Cell, rows: int, widths: list[int], style: str
    ) -> WordTable:
        table = container.add_table(rows=rows, cols=len(widths))
        style_id = self.style(style, WD_STYLE_TYPE.TABLE)  # fails if the template lacks it
        # What ``table.style = ...`` does (no style element for the default table style),
        # without python-docx looking for the default among all styles for every table.
        table._tbl.tblStyle_val = None if style_id == self.default_table_style else style_id
        table.autofit = False  # fixed layout: Word honours the column widths
        for column, width in zip(table.columns, widths, strict=True):
            column.width = Emu(width)
        return table

    def table(self, container: WordDocument | _Cell, block: TableNode, width: int) -> None:
        """A data table. Its rows are written as WordprocessingML in one pass: python-docx
        spends about a millisecond per cell, which makes long tables take seconds."""
        if block.caption:
            self.paragraph(container, (Run(block.caption),), "Caption")
        widths = _column_widths(block.widths, len(block.header), width)
        table = self.new_table(container, 0, widths, "SLA Table")
        right = [column in block.numeric for column in range(len(widths))]
        heading, text = self.style("Table Heading"), self.style("Table Text")
        rows = [_row_xml([(Run(title),) for title in block.header], widths, heading, right, True)]
        rows.extend(_row_xml(row, widths, text, right, False) for row in block.rows)
        _append_rows(table, rows)

    def columns(self, container: WordDocument | _Cell, block: Columns, width: int) -> None:
        """A table: the titles as a repeated header row, then per topic a label row spanning
        every column (shaded by the table style's odd-row banding) and a row of cells."""
        widths = _column_widths(None, len(block.titles), width)
        table = self.new_table(container, 0, widths, "SLA Columns")
        titles = [(Run(title),) for title in block.titles]
        no_right = [False] * len(widths)
        _append_rows(table, [_row_xml(titles, widths, self.style("Table Heading"), no_right, True)])
        margin = _cell_margin(table)
        label_style = self.style("Column Label")
        for topic in block.rows:
            label_row = _label_row_xml(topic.label, sum(widths), len(widths), label_style)
            _append_rows(table, [label_row])
            content_row = table.add_row()
            _mark_row(content_row, repeat=False, keep_whole=True)  # as the PDF's rows
            for cell, blocks, cell_width in zip(
                content_row.cells, topic.cells, widths, strict=True
            ):
                self.fill_cell(cell, blocks, cell_width - 2 * margin)

    def fill_cell(self, cell: _Cell, blocks: tuple[Block, ...], width: int) -> None:
        placeholder = cell.paragraphs[0]._p  # every new cell holds one empty paragraph
        self.blocks(cell, blocks, width)
        if placeholder.getnext() is not None:  # the blocks brought their own paragraphs
            placeholder.getparent().remove(placeholder)

    def signatures(self, container: WordDocument | _Cell, block: Signatures, width: int):
        """Every party's block in one row of an outer table that cannot split, so that no
        signature is separated from the others; the heading and the sentence before it keep
        with it (keep with next), so the signature section is on one page."""
        outer = self.new_table(container, 1, [width], "SLA Signatures")
        _mark_row(outer.rows[0], repeat=False, keep_whole=True)
        outer_cell = outer.rows[0].cells[0]
        margin = _cell_margin(outer)
        inner_width = width - 2 * margin
        signers = block.signers
        per_row = block.per_row
        widths = [inner_width // per_row] * per_row
        rows = -(-len(signers) // per_row)
        table = self.new_table(outer_cell, rows, widths, "SLA Signatures")
        cells = [cell for row in table.rows for cell in row.cells]
        for cell in cells:
            cell.width = Emu(widths[0])
        cell_width = widths[0] - 2 * _cell_margin(table)
        for cell, signer in zip(cells, signers, strict=False):
            self.signature(cell, signer, cell_width)
        for row in table.rows:
            _mark_row(row, repeat=False, keep_whole=True)
        # A cell must end with a paragraph; the outer cell's first one is empty: drop it
        # and keep the closing one as small as it can be.
        placeholder = outer_cell.paragraphs[0]._p
        if placeholder.getnext() is not None:
            placeholder.getparent().remove(placeholder)
        closing = outer_cell.add_paragraph()
        _set_style(closing, self.style("Signature Detail"))

    def figure(self, container: WordDocument | _Cell, block: Figure, width: int) -> None:
        """The figure as a picture in a paragraph of its own, at its size or scaled down to
        the width there is, with its description as the picture's alternative text."""
        if block.caption:
            self.paragraph(container, (Run(block.caption),), "Caption")
        paragraph = self.paragraph(container, (), "Body Text")
        picture = paragraph.add_run().add_picture(
            io.BytesIO(figure_png(block)), width=Emu(min(width, int(block.width * _EMU_PER_POINT)))
        )
        picture._inline.docPr.set("descr", block.description)

    def parallel(self, container: WordDocument | _Cell, block: Parallel, width: int) -> None:
        """Two language versions side by side: a borderless table of two equal columns whose
        rows never split, so a passage and its translation begin at the same height and
        stay on one page."""
        widths = [width // 2, width - width // 2]
        # The signatures' table style: no borders, the cell margins of every table.
        table = self.new_table(container, 0, widths, "SLA Signatures")
        margin = _cell_margin(table)
        for left, right in block.rows:
            row = table.add_row()
            _mark_row(row, repeat=False, keep_whole=True)
            for cell, blocks, cell_width in zip(row.cells, (left, right), widths, strict=True):
                self.fill_cell(cell, blocks, cell_width - 2 * margin)

    def table_gap(self, container: WordDocument | _Cell) -> None:
        """A paragraph exactly :data:`~.common.TABLE_GAP` high between two tables, which Word
        would otherwise join into one (the PDF leaves the same room)."""
        element = parse_xml(
            f'<w:p {_W_NAMESPACE}><w:pPr><w:spacing w:before="0" w:after="0" '
            f'w:line="{TABLE_GAP * 20}" w:lineRule="exact"/><w:rPr><w:sz w:val="2"/></w:rPr>'
            "</w:pPr></w:p>"
        )
        blocks = container._body if isinstance(container, WordDocument) else container
        blocks._element._insert_p(element)

    def signature(self, cell: _Cell, signer: Signer, width: int) -> None:
        """The caption, the stamp-duty box if any, the label on the line to sign on, then
        the details (the first, the name, in full size)."""
        lines = [("Signature Party", signer.party)]
        if signer.stamp:
            lines.append(("Signature Stamp", signer.stamp))
        lines.append(("Signature Line", signer.by))
        for index, (caption, value) in enumerate(signer.details):
            text = f"{caption} {value}" if value else caption
            lines.append(("Signature Name" if index == 0 else "Signature Detail", text))
        first, *rest = lines
        _set_style(cell.paragraphs[0], self.style(first[0]))
        _add_runs(cell.paragraphs[0], (Run(first[1]),))
        for style, text in rest:
            paragraph = self.paragraph(cell, (Run(text),), style)
            if style == "Signature Stamp":  # as wide as a stamp, from the cell's left
                indent = max(width - _STAMP_WIDTH, 0) // _EMU_PER_TWIP
                properties = paragraph._p.get_or_add_pPr()
                ind = OxmlElement("w:ind")
                ind.set(qn("w:right"), str(indent))
                properties.append(ind)


_STAMP_WIDTH = 30 * 36000  # 30 mm in EMU


def _direct_spacing(paragraph: WordParagraph, keep_next: bool, space_before: bool) -> None:
    """Keep with next (a lead-in), and 6 points above a paragraph that follows a table
    (Word gives a table no space below it, so a note would touch it)."""
    if not keep_next and not space_before:
        return
    properties = paragraph._p.get_or_add_pPr()
    if keep_next:
        properties.append(OxmlElement("w:keepNext"))
    if space_before:
        spacing = OxmlElement("w:spacing")
        spacing.set(qn("w:before"), "120")
        properties.append(spacing)


def _breakable(content: Inline) -> Inline:
    """E-mail addresses with a zero-width space after each ``@`` and ``.``: where Word and
    LibreOffice may break them in a narrow cell, instead of inside a word."""
    return tuple(
        Run("\u200b".join(address_breaks(run.text)), run.bold, run.italic)
        if "@" in run.text
        else run
        for run in content
    )


def _anchored(blocks: tuple[Block, ...]) -> list[Heading]:
    """The headings cross-references may link to, one per anchor, in order: the body's,
    and those of two language versions side by side."""
    found: dict[str, Heading] = {}
    for block in blocks:
        inner = (
            [b for left, right in block.rows for b in (*left, *right)]
            if isinstance(block, Parallel)
            else [block]
        )
        for heading in inner:
            if isinstance(heading, Heading) and heading.anchor:
                found.setdefault(heading.anchor, heading)
    return list(found.values())


def _set_style(paragraph: WordParagraph, style_id: str) -> None:
    # Not ``paragraph.style = ...``: python-docx then scans every style of the document for
    # each paragraph, which makes a 500-row table take seconds.
    paragraph._p.style = style_id


def _add_runs(paragraph: WordParagraph, content: Inline) -> None:
    for run in content:
        word_run = paragraph.add_run(run.text)  # python-docx turns \n and \t into elements
        if run.bold:
            word_run.bold = True
        if run.italic:
            word_run.italic = True


_W_NAMESPACE = nsdecls("w")
_LINE_BREAK = re.compile("[\r\n]")


@dataclass(frozen=True)
class _Link:
    """Where a cross-reference points: the heading's bookmark, and whether the reference
    is a REF field (else a link with the number as text)."""

    bookmark: str
    live: bool


_NUMERIC_LEVEL = re.compile(r"(%\d|\.)+")


def _runs_xml(content: Inline, links: dict[str, _Link] | None = None) -> str:
    """Runs as python-docx writes them: tabs and line breaks (each CR and each LF, as
    python-docx counts them) become elements. A cross-reference to a heading bookmarked in
    ``links`` (anchor -> bookmark) is a field referring to it."""
    runs = []
    for run in content:
        link = links.get(run.ref) if links else None
        if link is not None and link.live and not run.link:
            runs.append(_reference_xml(run, link.bookmark))
            continue
        if link is not None:
            inner = _runs_xml((Run(run.text, run.bold, run.italic),))
            runs.append(f"<w:hyperlink w:anchor={quoteattr(link.bookmark)}>{inner}</w:hyperlink>")
            continue
        emphasis = ("<w:b/>" if run.bold else "") + ("<w:i/>" if run.italic else "")
        pieces = [f"<w:rPr>{emphasis}</w:rPr>"] if emphasis else []
        for line_number, line in enumerate(_LINE_BREAK.split(run.text)):
            if line_number:
                pieces.append("<w:br/>")
            for tab_number, chunk in enumerate(line.split("\t")):
                if tab_number:
                    pieces.append("<w:tab/>")
                if chunk:
                    pieces.append(f'<w:t xml:space="preserve">{escape(chunk)}</w:t>')
        runs.append(f"<w:r>{''.join(pieces)}</w:r>")
    return "".join(runs)


def _reference_xml(run: Run, bookmark: str) -> str:
    """A cross-reference as a REF field to the heading's bookmark: the heading's number as
    its level writes it, without a trailing full stop (switch n: "8.1", "6"), a link
    (switch h), with the number as it stands now as the field's result. Word and
    LibreOffice update it when the clauses are renumbered."""
    emphasis = ("<w:b/>" if run.bold else "") + ("<w:i/>" if run.italic else "")
    properties = f"<w:rPr>{emphasis}</w:rPr>" if emphasis else ""

    def piece(xml: str) -> str:
        return f"<w:r>{properties}{xml}</w:r>"

    return "".join(
        (
            piece('<w:fldChar w:fldCharType="begin"/>'),
            piece(f'<w:instrText xml:space="preserve"> REF {bookmark} \\n \\h </w:instrText>'),
            piece('<w:fldChar w:fldCharType="separate"/>'),
            piece(f'<w:t xml:space="preserve">{escape(run.text)}</w:t>'),
            piece('<w:fldChar w:fldCharType="end"/>'),
        )
    )


def _row_xml(
    cells: Sequence[Inline],
    widths: list[int],
    style_id: str,
    right: list[bool],
    header: bool,
) -> str:
    """One table row; a header row repeats on every page, and a row is kept on one page
    unless it holds so much text that it may be taller than a page."""
    length = sum(len(run.text) for cell in cells for run in cell)
    keep_whole = "<w:cantSplit/>" if length <= _UNSPLITTABLE_ROW_CHARS else ""
    repeat = "<w:tblHeader/>" if header else ""  # the schema wants it after cantSplit
    style = f"<w:pStyle w:val={quoteattr(style_id)}/>"
    row = [f"<w:tr><w:trPr>{keep_whole}{repeat}</w:trPr>"]
    for cell, width, align_right in zip(cells, widths, right, strict=True):
        alignment = '<w:jc w:val="right"/>' if align_right else ""
        row.append(
            f'<w:tc><w:tcPr><w:tcW w:w="{width // _EMU_PER_TWIP}" w:type="dxa"/></w:tcPr>'
            f"<w:p><w:pPr>{style}{alignment}</w:pPr>{_runs_xml(_breakable(cell))}</w:p></w:tc>"
        )
    row.append("</w:tr>")
    return "".join(row)


def _label_row_xml(label: str, width: int, columns: int, style_id: str) -> str:
    """A row of one cell spanning every column, kept on the page of the row after it."""
    return (
        "<w:tr><w:trPr><w:cantSplit/></w:trPr><w:tc><w:tcPr>"
        f'<w:tcW w:w="{width // _EMU_PER_TWIP}" w:type="dxa"/><w:gridSpan w:val="{columns}"/>'
        f"</w:tcPr><w:p><w:pPr><w:pStyle w:val={quoteattr(style_id)}/></w:pPr>"
        f"{_runs_xml((Run(label),))}</w:p></w:tc></w:tr>"
    )


def _append_rows(table: WordTable, rows: list[str]) -> None:
    parsed = parse_xml(f"<w:tbl {nsdecls('w')}>{''.join(rows)}</w:tbl>")
    table._tbl.extend(list(parsed))


def _column_widths(relative: tuple[float, ...] | None, count: int, total: int) -> list[int]:
    relative = relative or (1.0,) * count
    scale = total / sum(relative)
    return [int(width * scale) for width in relative]


def _cell_margin(table: WordTable) -> int:
    """The left/right cell margin the table style sets (EMU), or Word's default 0.19 cm."""
    style = table.style
    style_properties = None if style is None else style.element.find(qn("w:tblPr"))
    margin = None if style_properties is None else style_properties.find(qn("w:tblCellMar"))
    left = None if margin is None else margin.find(qn("w:left"))
    twips = int(left.get(qn("w:w"))) if left is not None else 108
    return twips * _EMU_PER_TWIP


def _mark_row(row: _Row, repeat: bool, keep_whole: bool) -> None:
    """Row properties python-docx has no API for: don't split the row across pages, and
    repeat it at the top of each page (the header)."""
    properties = row._tr.get_or_add_trPr()
    if keep_whole:  # the schema wants cantSplit before tblHeader
        properties.append(OxmlElement("w:cantSplit"))
    if repeat:
        properties.append(OxmlElement("w:tblHeader"))


# --- document-wide settings and packaging -----------------------------------------------------


def _set_language(document: WordDocument, language: str) -> None:
    """The default language of the text, for spelling and hyphenation in Word."""
    if not language:
        return
    defaults = document.styles.element.find(qn("w:docDefaults"))
    if defaults is None:
        return
    run_defaults = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    if run_defaults is None:
        return
    language_element = run_defaults.find(qn("w:lang"))
    if language_element is None:
        language_element = OxmlElement("w:lang")
        run_defaults.append(language_element)
    language_element.set(qn("w:val"), language)


# Word keeps document properties to 255 characters (python-docx refuses longer ones); they
# summarise the document, whose own text stays whole.
_PROPERTY_LIMIT = 255


def _property_text(value: str) -> str:
    return value if len(value) <= _PROPERTY_LIMIT else value[: _PROPERTY_LIMIT - 1] + "…"


def _set_core_properties(document: WordDocument, doc: Document, day: datetime.date) -> None:
    info = doc.info
    moment = datetime.datetime(day.year, day.month, day.day)
    core = document.core_properties
    core.title = _property_text(info.title)
    core.subject = _property_text(info.subtitle)
    core.author = _property_text(dict(info.properties).get("author", ""))
    core.last_modified_by = ""
    core.created = moment
    core.modified = moment
    core.revision = 1
    core.language = _property_text(info.language)
    core.version = _property_text(info.version)
    core.content_status = _property_text(status_label(doc))
    core.keywords = ""
    core.comments = ""


_CUSTOM_PROPERTY_FORMAT = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"  # fixed by the standard


def _set_custom_properties(document: WordDocument, properties: tuple[tuple[str, str], ...]):
    """``docProps/custom.xml``: the provenance properties Word shows under File > Info."""
    package = document.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype == RELATIONSHIP_TYPE.CUSTOM_PROPERTIES:
            del package.rels[rel_id]
    if not properties:
        return
    entries = "".join(
        f'<property fmtid="{_CUSTOM_PROPERTY_FORMAT}" pid="{pid}" name={quoteattr(name)}>'
        f"<vt:lpwstr>{escape(_property_text(value))}</vt:lpwstr></property>"
        for pid, (name, value) in enumerate(properties, start=2)  # pids 0 and 1 are reserved
    )
    xml = (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
        'custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/'
        f'2006/docPropsVTypes">{entries}</Properties>'
    )
    part = Part(
        PackURI("/docProps/custom.xml"),
        CONTENT_TYPE.OFC_CUSTOM_PROPERTIES,
        xml.encode("utf-8"),
        package,
    )
    package.relate_to(part, RELATIONSHIP_TYPE.CUSTOM_PROPERTIES)


# The range of times a zip entry can carry.
_ZIP_FIRST, _ZIP_LAST = (1980, 1, 1, 0, 0, 0), (2107, 12, 31, 0, 0, 0)


def deterministic_zip(data: bytes, day: datetime.date) -> bytes:
    """Rewrite a zip so that equal contents give equal bytes: ``[Content_Types].xml`` first
    (some readers want it there), then the other entries by name, each dated ``day`` with
    the same permissions and compression; the content digest sealed in (see
    :mod:`sladoc.document.provenance`)."""
    stamp = min(max((day.year, day.month, day.day, 0, 0, 0), _ZIP_FIRST), _ZIP_LAST)
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        entries = {entry.filename: source.read(entry) for entry in source.infolist()}
    if DOCX_PROPERTIES_PART in entries:  # the digest of the rest, in place of UNSEALED
        entries[DOCX_PROPERTIES_PART] = entries[DOCX_PROPERTIES_PART].replace(
            UNSEALED.encode("ascii"), parts_digest(entries).encode("ascii"), 1
        )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in sorted(entries, key=lambda name: (name != "[Content_Types].xml", name)):
            entry = zipfile.ZipInfo(name, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 3  # Unix, so that external_attr holds file permissions
            entry.external_attr = 0o100644 << 16
            target.writestr(entry, entries[name], compresslevel=6)
    return out.getvalue()


# --- figures: the tree's shapes as a PNG -----------------------------------------------------

_PIXELS_PER_POINT = 4  # 288 dpi


def figure_png(figure: Figure) -> bytes:
    """The figure drawn as a PNG, ``_PIXELS_PER_POINT`` pixels a point, on white. The same
    figure gives the same bytes (Pillow writes no dates into a PNG)."""
    from PIL import Image, ImageDraw

    scale = _PIXELS_PER_POINT
    image = Image.new("RGB", (round(figure.width * scale), round(figure.height * scale)), "white")
    draw = ImageDraw.Draw(image)

    def at(x: float, y: float) -> tuple[float, float]:
        return x * scale, (figure.height - y) * scale  # images count rows from the top

    for shape in figure.shapes:
        if isinstance(shape, Line):
            stroke = max(1, round(shape.width * scale))
            points = [at(x, y) for x, y in shape.points]
            for piece in _dashes(points, [length * scale for length in shape.dash]):
                draw.line(piece, fill=shape.colour, width=stroke, joint="curve")
        elif isinstance(shape, Box):
            (left, top), (right, bottom) = (
                at(shape.x, shape.y + shape.height),
                at(shape.x + shape.width, shape.y),
            )
            corners = (min(left, right), min(top, bottom), max(left, right), max(top, bottom))
            edge = round(shape.edge_width * scale) if shape.edge else 0
            draw.rectangle(corners, fill=shape.fill, outline=shape.edge, width=edge)
        elif isinstance(shape, Dot):
            x, y = at(shape.x, shape.y)
            r = shape.radius * scale
            draw.ellipse((x - r, y - r, x + r, y + r), fill=shape.colour)
        else:
            _draw_label(image, shape, at(shape.x, shape.y), scale)
    out = io.BytesIO()
    image.save(out, "PNG", dpi=(72 * scale, 72 * scale))
    return out.getvalue()


def _draw_label(image: Any, label: Label, where: tuple[float, float], scale: int) -> None:
    from PIL import Image, ImageDraw

    font = _figure_font(label.bold, round(label.size * scale))
    anchor = {"start": "ls", "middle": "ms", "end": "rs"}[label.anchor]
    if not label.upright:
        ImageDraw.Draw(image).text(where, label.text, fill=label.colour, font=font, anchor=anchor)
        return
    # Turned text: drawn level on a mask of its own, turned, then pasted in its colour.
    left, top, right, bottom = font.getbbox(label.text, anchor=anchor)
    mask = Image.new("L", (max(1, right - left), max(1, bottom - top)), 0)
    ImageDraw.Draw(mask).text((-left, -top), label.text, fill=255, font=font, anchor=anchor)
    width = mask.width
    turned = mask.rotate(90, expand=True)  # anticlockwise: (x, y) -> (y, width - x)
    x, y = where
    image.paste(label.colour, (round(x + top), round(y - (width + left))), turned)


@functools.cache
def _figure_font(bold: bool, pixels: int) -> Any:
    from PIL import ImageFont

    return ImageFont.truetype(str(DEJAVU.path(bold=bold)), max(1, pixels))


def _dashes(
    points: list[tuple[float, float]], pattern: list[float]
) -> list[list[tuple[float, float]]]:
    """A line through ``points`` cut into its dashes (``pattern``: dash, gap, dash, ...)."""
    if not pattern or sum(pattern) <= 0:
        return [points]
    pieces: list[list[tuple[float, float]]] = []
    index, left, drawing = 0, pattern[0], True  # the part of the pattern still to go
    current: list[tuple[float, float]] = [points[0]]
    for (x0, y0), (x1, y1) in zip(points[:-1], points[1:], strict=True):
        length = math.hypot(x1 - x0, y1 - y0)
        done = 0.0
        while length - done > left:
            done += left
            point = (x0 + (x1 - x0) * done / length, y0 + (y1 - y0) * done / length)
            if drawing:
                pieces.append([*current, point])
            current = [point]
            drawing = not drawing
            index = (index + 1) % len(pattern)
            left = pattern[index]
        left -= length - done
        if drawing:
            current.append((x1, y1))
        else:
            current = [(x1, y1)]
    if drawing and len(current) > 1:
        pieces.append(current)
    return pieces
