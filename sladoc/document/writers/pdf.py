"""The PDF writer: the document tree drawn with reportlab's platypus.

The look comes from one YAML stylesheet (``templates/pdf-style.yaml``), validated by a
pydantic model and turned into reportlab styles in one place (:func:`_load_stylesheet`),
cached per process, as are the embedded TrueType fonts (:mod:`sladoc.document.fonts`).
Every string is escaped before it becomes Paragraph markup, and every character is checked
against the font's character map: reportlab would otherwise draw an empty box for a
character the font lacks. Figures are drawn as vectors (:func:`figure_drawing`).

The bytes depend on the document alone: reportlab runs in ``invariant`` mode and every
date in the file is ``info.date``.
"""

from __future__ import annotations

import functools
import hashlib
import io
import re
import zipfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Annotated, Any, Literal
from xml.sax.saxutils import escape

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from pydantic_core import ErrorDetails
from reportlab.graphics.shapes import Circle, Drawing, Group, PolyLine, Rect, String
from reportlab.lib import colors, pagesizes
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFInfo, PDFName, PDFString
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    HRFlowable,
    ListFlowable,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.doctemplate import LayoutError

from sladoc.agreement.loader import load_plain_yaml
from sladoc.document.fonts import DEJAVU, Faces, FontFiles
from sladoc.document.fonts import register as register_fonts
from sladoc.document.provenance import ANCHORS, seal
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
    unusable_character_error,
)
from sladoc.errors import RenderError, TemplateError, closest

_PAGE_SIZES = {"A4": pagesizes.A4, "letter": pagesizes.letter}


def write_pdf(doc: Document, look: Look) -> bytes:
    """Render ``doc`` as a PDF with the stylesheet ``look.pdf_stylesheet``."""
    check_document(doc)
    sheet = _stylesheet(look.pdf_stylesheet, _docx_accents(look.docx_template))
    # Table rows move whole to the next page, as the DOCX's rows do (cantSplit), so both
    # formats read in the same order. Only a document with a row taller than a page is laid
    # out again with rows allowed to split, since such a row cannot move anywhere.
    try:
        return _render(doc, sheet, look.cover, split_rows=False)
    except LayoutError:
        pass
    try:
        return _render(doc, sheet, look.cover, split_rows=True)
    except LayoutError as error:  # e.g. a stylesheet whose margins leave no room for text
        raise RenderError(
            f"the PDF cannot be laid out with {look.pdf_stylesheet}: {error}"
        ) from None


def text_width(look: Look) -> float:
    """The width of the text on a page with ``look``'s stylesheet, in points: what a figure
    can be wide without being scaled down."""
    return _stylesheet(look.pdf_stylesheet).frame_width


def prepare(stylesheet: Path) -> None:
    """Read ``stylesheet`` and parse its fonts now rather than for the first document."""
    _stylesheet(stylesheet)


def _render(doc: Document, sheet: _Stylesheet, cover: bool, *, split_rows: bool) -> bytes:
    furniture = _Furniture.of(doc, sheet)
    story = _StoryBuilder(doc, sheet, split_rows).story(cover)
    out = io.BytesIO()
    template = BaseDocTemplate(
        out,
        pagesize=sheet.page_size,
        leftMargin=sheet.margins[3],
        rightMargin=sheet.margins[1],
        topMargin=sheet.margins[0],
        bottomMargin=sheet.margins[2],
        title=doc.info.title,
        author=dict(doc.info.properties).get("author", ""),
        subject=doc.info.subtitle,
        creator="sladoc",
        lang=doc.info.language or None,
        invariant=1,
        pageTemplates=_page_templates(sheet, furniture, cover),
    )
    template.build(
        story,
        canvasmaker=functools.partial(
            _ContractCanvas,
            furniture=furniture,
            properties=doc.info.properties,
            date_stamp=f"D:{document_day(doc):%Y%m%d}000000+00'00'",
        ),
    )
    return seal(out.getvalue(), ANCHORS["pdf"])


# --- stylesheet: YAML in, reportlab styles out, once per file ------------------------------

# Every length is at least 0: .nan or -5 would crash reportlab or draw nonsense. The upper
# bounds keep a slip of the keyboard (2600 for 26) out of the layout and leave room for
# text on the narrowest page and in the narrowest table column (a padding of 999 points
# left a cell a negative width, which reportlab cannot lay out); a margin that fits them
# but leaves no room for text is the layout's error, reported with the document.
_Millimetres = Annotated[float, Field(ge=0, le=80)]
_Points = Annotated[float, Field(ge=0, le=144)]  # two inches
_Leading = Annotated[float, Field(ge=0, le=240)]
_FontSize = Annotated[float, Field(gt=0, le=200)]
_Padding = Annotated[float, Field(ge=0, le=12)]
_Room = Annotated[float, Field(ge=0, le=400)]


class _Spec(BaseModel):
    """A part of the stylesheet: every key required, an unknown key an error (a typo must
    not be silently ignored), values of exactly the type asked for ("9" is not a number,
    1 is not ``true``)."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, allow_inf_nan=False)


class _PageSpec(_Spec):
    size: Literal["A4", "letter"]
    margin_top_mm: _Millimetres
    margin_bottom_mm: _Millimetres
    margin_left_mm: _Millimetres
    margin_right_mm: _Millimetres
    header_mm: _Millimetres
    footer_mm: _Millimetres


class _FontSpec(_Spec):
    regular: str
    bold: str
    italic: str
    bold_italic: str


class _ColourSpec(_Spec):
    text: str
    muted: str
    accent: str
    rule: str
    table_header_background: str
    table_header_text: str
    table_stripe: str
    label_background: str
    draft_mark: str


class _TextSpec(_Spec):
    size: _FontSize
    leading: _Leading
    space_before: _Points
    space_after: _Points
    indent: _Points
    justify: bool
    bold: bool
    colour: str


class _TextSpecs(_Spec):
    body: _TextSpec
    lead: _TextSpec
    note: _TextSpec
    clause: _TextSpec
    list_item: _TextSpec
    heading_1: _TextSpec
    heading_2: _TextSpec
    heading_3: _TextSpec
    table_cell: _TextSpec
    table_header: _TextSpec
    caption: _TextSpec
    column_label: _TextSpec
    signature_party: _TextSpec
    signature_name: _TextSpec
    signature_small: _TextSpec
    title: _TextSpec
    subtitle: _TextSpec
    cover_meta: _TextSpec
    furniture: _TextSpec
    draft_mark: _TextSpec


class _SpacingSpec(_Spec):
    cell_padding: _Padding
    block_gap: _Points
    list_indent: _Points
    signature_line_gap: _Points
    keep_room: _Room


class _DraftMarkSpec(_Spec):
    opacity: float = Field(ge=0, le=1)


class _StyleSpec(_Spec):
    page: _PageSpec
    fonts: _FontSpec
    colours: _ColourSpec
    text: _TextSpecs
    spacing: _SpacingSpec
    draft_mark: _DraftMarkSpec


def _spec(data: object, path: Path) -> _StyleSpec:
    """The stylesheet's data validated, or a TemplateError naming the file and every key
    that is wrong."""
    if not isinstance(data, dict):
        raise TemplateError(f"{path}: expected a mapping, found {type(data).__name__}")
    try:
        return _StyleSpec.model_validate(data)
    except ValidationError as error:
        problems = [_problem(_StyleSpec, entry) for entry in error.errors()]
        raise TemplateError("\n".join(f"{path}: {problem}" for problem in problems)) from None


def _problem(model: type[BaseModel], entry: ErrorDetails) -> str:
    """One validation error as ``key.path: what is wrong``."""
    location = [str(part) for part in entry["loc"]]
    key = ".".join(location)
    found = entry.get("input")
    if entry["type"] == "missing":
        return f"{key}: missing key"
    if entry["type"] == "extra_forbidden":
        known = _known_keys(model, location[:-1])
        near = closest(location[-1], known)
        hint = f"did you mean {near!r}?" if near else f"known: {', '.join(known)}"
        return f"{key}: unknown key ({hint})"
    if entry["type"] in ("model_type", "dict_type"):
        return f"{key}: expected a mapping, found {type(found).__name__}"
    message = entry["msg"].removeprefix("Input ")  # "should be greater than or equal to 0"
    return f"{key}: {message}, found {found!r}"


def _known_keys(model: type[BaseModel], location: list[str]) -> list[str]:
    """The keys the part of the stylesheet at ``location`` may have."""
    for name in location:
        annotation = model.model_fields[name].annotation
        assert isinstance(annotation, type) and issubclass(annotation, BaseModel)
        model = annotation
    return list(model.model_fields)


# The reference.docx's line spacing (its document defaults: 264 twips, 1.1 lines), part of
# the stylesheet's leadings of every style that does not set its own.
_LINE_SPACING = 1.1
_SPACED_STYLES = (
    "body", "lead", "note", "clause", "list_item", "heading_1", "heading_2", "heading_3", "caption",
)  # fmt: skip
_UNHYPHENATED = "_unhyphenated"
_LONGEST_HYPHENATED = 64
"""A paragraph with a "word" longer than this that holds a hyphen takes its style's variant
that does not break after hyphens (``_UNHYPHENATED``): reportlab tries every hyphen of a
word that ends a line, measuring all before it, so a 20,000-character hyphenated run would
take hours to lay out. No real word is this long; such a run breaks where it must, as any
long word does."""
_IN_CELL = "_in_cell"  # the suffix of those styles' variants at single spacing


@dataclass(frozen=True)
class _Stylesheet:
    """Everything the writer needs to draw, built once per stylesheet file."""

    spec: _StyleSpec
    faces: Faces
    page_size: tuple[float, float]
    margins: tuple[float, float, float, float]  # top, right, bottom, left in points
    colours: dict[str, colors.Color]
    styles: dict[str, ParagraphStyle]
    table_commands: tuple[tuple[object, ...], ...]

    @property
    def frame_width(self) -> float:
        return self.page_size[0] - self.margins[1] - self.margins[3]


def _stylesheet(path: Path, accents: tuple[tuple[str, str], ...] = ()) -> _Stylesheet:
    try:
        stat = path.stat()
    except OSError as error:
        raise TemplateError(f"{path}: cannot read the PDF stylesheet ({error.strerror})") from None
    return _load_stylesheet(path, stat.st_mtime_ns, stat.st_size, accents)


def _docx_accents(template: Path) -> tuple[tuple[str, str], ...]:
    """The accent colours of the Word reference document, so that the PDF of a kind wears
    the same colours as its DOCX: Heading 1's colour (headings, title, table headers) and
    the fill of the side-by-side blocks' label rows. Empty when the document names none
    (the stylesheet's own colours are used then)."""
    try:
        stat = template.stat()
    except OSError:
        return ()
    return _read_docx_accents(template, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=8)
def _read_docx_accents(template: Path, mtime_ns: int, size: int) -> tuple[tuple[str, str], ...]:
    try:
        with zipfile.ZipFile(template) as archive:
            styles = archive.read("word/styles.xml").decode("utf-8", "replace")
    except (OSError, KeyError, zipfile.BadZipFile):
        return ()
    found: list[tuple[str, str]] = []
    heading = re.search(r'w:styleId="Heading1".*?</w:style>', styles, re.S)
    colour = heading and re.search(r'<w:color w:val="([0-9A-Fa-f]{6})"', heading.group(0))
    if colour:
        found += [
            ("accent", f"#{colour.group(1)}"),
            ("table_header_background", f"#{colour.group(1)}"),
        ]
    columns = re.search(r'w:styleId="SLAColumns".*?</w:style>', styles, re.S)
    band = columns and re.search(
        r'w:type="band1Horz".*?w:fill="([0-9A-Fa-f]{6})"', columns.group(0), re.S
    )
    if band:
        found.append(("label_background", f"#{band.group(1)}"))
    return tuple(found)


@functools.lru_cache(maxsize=16)
def _load_stylesheet(
    path: Path, mtime_ns: int, size: int, accents: tuple[tuple[str, str], ...] = ()
) -> _Stylesheet:
    # mtime and size are part of the cache key so an edited stylesheet is read again.
    try:
        data = load_plain_yaml(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise TemplateError(f"{path}: not a readable YAML stylesheet: {error}") from None
    spec = _spec(data, path)
    palette = {}
    for name, value in spec.colours.model_dump().items():
        try:
            palette[name] = colors.HexColor(value)
        except ValueError:
            raise TemplateError(
                f"{path}: colours.{name}: {value!r} is not a colour; write it as #rrggbb"
            ) from None
    for name, value in accents:
        palette[name] = colors.HexColor(value)
    try:
        faces = register_fonts(FontFiles(**spec.fonts.model_dump()))
    except TemplateError as error:
        raise TemplateError(f"{path}: fonts: {error}") from None

    styles: dict[str, ParagraphStyle] = {}
    for name in _TextSpecs.model_fields:
        text: _TextSpec = getattr(spec.text, name)
        if text.colour not in palette:
            raise TemplateError(
                f"{path}: text.{name}.colour: no colour {text.colour!r} "
                f"(known: {', '.join(palette)})"
            )
        styles[name] = ParagraphStyle(
            name,
            fontName=faces.name(bold=text.bold),
            fontSize=text.size,
            leading=text.leading,
            spaceBefore=text.space_before,
            spaceAfter=text.space_after,
            leftIndent=text.indent,
            alignment=TA_JUSTIFY if text.justify else TA_LEFT,
            textColor=palette[text.colour],
            splitLongWords=1,
            # Widow and orphan control, as Word's and LibreOffice's: no paragraph leaves a
            # single line at the foot or the top of a page.
            allowWidows=0,
            allowOrphans=0,
            # reportlab squeezes spaces by up to 5 % to fit a line; Word and LibreOffice do
            # not, and the lines must break where theirs do.
            spaceShrinkage=0,
            # A word with a hyphen in it ("on-call") may break after the hyphen at a line's
            # end, as Word and LibreOffice break it.
            embeddedHyphenation=1,
        )
    # Inside the cells of side-by-side blocks (columns, language versions) the DOCX's
    # paragraphs take the table style's single line spacing in place of the document's 1.1,
    # unless their own style sets one (table text, signatures): the same leadings here.
    for name in _SPACED_STYLES:
        styles[f"{name}{_IN_CELL}"] = ParagraphStyle(
            f"{name}{_IN_CELL}", parent=styles[name], leading=styles[name].leading / _LINE_SPACING
        )
    for name in ("table_cell", "table_header"):
        styles[f"{name}_right"] = ParagraphStyle(
            f"{name}_right", parent=styles[name], alignment=TA_RIGHT
        )
    # The label on the line to sign on ("By:"), the space to sign in above it; the text of
    # the stamp-duty box, centred.
    small = styles["signature_small"]
    styles["signature_by"] = ParagraphStyle(
        "signature_by", parent=small, spaceBefore=spec.spacing.signature_line_gap
    )
    styles["signature_stamp"] = ParagraphStyle("signature_stamp", parent=small, alignment=TA_CENTER)
    for name, style in list(styles.items()):
        styles[name + _UNHYPHENATED] = ParagraphStyle(
            name + _UNHYPHENATED, parent=style, embeddedHyphenation=0
        )

    padding = spec.spacing.cell_padding
    table_commands = (
        ("BACKGROUND", (0, 0), (-1, 0), palette["table_header_background"]),
        # Unshaded rows are see-through, as the DOCX's are: a draft mark shows through them.
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [None, palette["table_stripe"]]),
        ("LINEBELOW", (0, 0), (-1, -1), 0.5, palette["rule"]),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), padding),
        ("RIGHTPADDING", (0, 0), (-1, -1), padding),
        # The reference.docx's cell margins: 85 twips at the sides, 57 above and below.
        ("TOPPADDING", (0, 0), (-1, -1), padding * 57 / 85),
        # ...and LibreOffice adds the half-point rule between rows to each row's height.
        ("BOTTOMPADDING", (0, 0), (-1, -1), padding * 57 / 85 + 0.5),
    )
    page = spec.page
    return _Stylesheet(
        spec=spec,
        faces=faces,
        page_size=_PAGE_SIZES[page.size],
        margins=(
            page.margin_top_mm * mm,
            page.margin_right_mm * mm,
            page.margin_bottom_mm * mm,
            page.margin_left_mm * mm,
        ),
        colours=palette,
        styles=styles,
        table_commands=table_commands,
    )


# --- text to markup -------------------------------------------------------------------------


def _destination(anchor: str) -> str:
    """The named destination of the heading anchored ``anchor``."""
    return f"clause-{anchor}"


def _markup(
    faces: Faces, content: Inline, style: ParagraphStyle, anchors: frozenset[str] = frozenset()
) -> str:
    """Paragraph markup for inline content in ``style``: every character escaped and set
    in a face that can draw it; a cross-reference to one of ``anchors`` a link there."""
    style_is_bold = style.fontName == faces.name(bold=True)
    parts: list[str] = []
    for run in content:
        if run.ref in anchors:
            parts.append(f'<a href="#{escape(_destination(run.ref))}">')
            parts.append(_markup(faces, (replace(run, ref=""),), style))
            parts.append("</a>")
            continue
        for number, line in enumerate(run.text.replace("\t", " ").split("\n")):
            if number:
                parts.append("<br/>")
            bold = style_is_bold or run.bold
            for face, text in _face_segments(faces, line, bold, run.italic):
                # The style's own face needs no tag, which keeps long tables quick to parse.
                same = face == style.fontName
                parts.append(escape(text) if same else f'<font face="{face}">{escape(text)}</font>')
    return "".join(parts)


def _face_segments(faces: Faces, text: str, bold: bool, italic: bool) -> list[tuple[str, str]]:
    """``text`` cut into (face, text) pieces, each piece drawable by its face."""
    if not text:
        return []
    if set(map(ord, text)) <= faces.cmaps[bold, italic]:
        return [(faces.name(bold, italic), text)]
    segments: list[tuple[str, str]] = []
    start, current = 0, ""
    for index, char in enumerate(text):
        face = faces.face_for(char, bold, italic)
        if face is None:
            raise unusable_character_error(
                text, index, f"has no glyph in the PDF font {faces.family}"
            )
        if face != current:
            if current:
                segments.append((current, text[start:index]))
            start, current = index, face
    segments.append((current, text[start:]))
    return segments


def _plain(text: str) -> Inline:
    return (Run(text),)


# --- the story --------------------------------------------------------------------------------


class _OutlineEntry(Flowable):
    """A zero-size mark before a heading: there the heading becomes a named destination and
    an entry of the PDF outline (the reader's bookmarks pane). It passes the space below
    the flowable before it on to the heading (``_SPACETRANSFER``), so the two spaces
    collapse to the larger, as Word's and LibreOffice's do, instead of adding up."""

    _SPACETRANSFER = True

    def __init__(self, key: str, title: str, level: int) -> None:
        super().__init__()
        self.key, self.title, self.level = key, title, level

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        self.canv.bookmarkHorizontal(self.key, 0, 0)
        self.canv.addOutlineEntry(self.title, self.key, self.level, closed=False)


class _StoryBuilder:
    """Turns the document tree into platypus flowables, in reading order."""

    def __init__(self, doc: Document, sheet: _Stylesheet, split_rows: bool) -> None:
        self.doc = doc
        self.sheet = sheet
        self.split_rows = int(split_rows)
        self.faces = sheet.faces
        self.styles = sheet.styles
        self.gap_points = sheet.spec.spacing.block_gap
        self.headings = 0
        self.outline_level = -1
        self.anchors = frozenset(
            block.anchor for block in doc.blocks if isinstance(block, Heading) and block.anchor
        )
        self.placed: set[str] = set()
        self.in_cell = 0  # how deep inside side-by-side cells the blocks being built are

    def story(self, cover: bool) -> list[Flowable]:
        body = self.blocks(self.doc.blocks, self.sheet.frame_width, top_level=True)
        if not cover:
            # The first page is the document's own; the pages after it have the header.
            return [NextPageTemplate("body"), *body]
        return self.cover() + body

    @functools.cached_property
    def room(self) -> float:
        """The height of a page's text, in points."""
        return self.sheet.page_size[1] - self.sheet.margins[0] - self.sheet.margins[2]

    def paragraph(self, content: Inline, style: str) -> Paragraph:
        if self.in_cell and style in _SPACED_STYLES:
            style += _IN_CELL
        paragraph_style = self.styles[style]
        text = "".join(run.text for run in content)
        if "-" in text and any(
            len(word) > _LONGEST_HYPHENATED and "-" in word for word in text.split()
        ):
            paragraph_style = self.styles[style + _UNHYPHENATED]
        markup = _markup(self.faces, content, paragraph_style, self.anchors)
        return Paragraph(markup, paragraph_style)

    def cover(self) -> list[Flowable]:
        info = self.doc.info
        version = f"{label(self.doc, 'version')} {info.version}"
        meta = f"{version} · {status_label(self.doc)} · {info.date_text or info.date}"
        # The reference.docx's cover: the title 150 points down, ruled below in the accent
        # colour across the text width, then the subtitle and the version line.
        title = self.paragraph(_plain(info.title), "title")
        flowables: list[Flowable] = [
            Spacer(1, 150),
            title,
            HRFlowable(
                width="100%",
                thickness=1.5,
                color=self.sheet.colours["accent"],
                hAlign="LEFT",
                spaceBefore=-self.styles["title"].spaceAfter + 8,
                spaceAfter=self.styles["title"].spaceAfter,
            ),
        ]
        if info.subtitle:
            flowables.append(self.paragraph(_plain(info.subtitle), "subtitle"))
        flowables += [
            self.paragraph(_plain(meta), "cover_meta"),
            NextPageTemplate("body"),
            PageBreak(),
        ]
        return flowables

    def blocks(
        self, blocks: tuple[Block, ...], width: float, top_level: bool = False
    ) -> list[Flowable]:
        """The blocks' flowables. At the top level, what must not end a page (a heading, a
        lead-in that introduces a list or table) travels with the start of what follows it,
        and the signature section (heading, sentence, every block) travels whole: the
        DOCX's keep-with-next and unsplittable rows, so both formats break pages alike."""
        out: list[Flowable] = []
        keepers: list[Flowable] = []
        for index, block in enumerate(blocks):
            following = blocks[index + 1] if index + 1 < len(blocks) else None
            previous = blocks[index - 1] if index else None
            flowables = self.block(block, width, following)
            if not top_level:
                out += flowables
            elif isinstance(block, Signatures):
                out.append(_KeepWithFirst(keepers + flowables, len(keepers), whole=True))
                keepers = []

            elif keeps_with_next(block, following, previous):
                keepers += flowables
            elif keepers:
                out.append(_KeepWithFirst(keepers + flowables, len(keepers)))
                keepers = []
            else:
                out += flowables
        return out + keepers

    def block(self, block: Block, width: float, following: Block | None) -> list[Flowable]:
        if isinstance(block, Heading):
            return self.heading(block)
        if isinstance(block, ParagraphNode):
            return [self.paragraph(block.content, block.style)]
        if isinstance(block, BulletList):
            return self.bullet_list(block, following)
        if isinstance(block, TableNode):
            return self.table(block, width, following)
        if isinstance(block, Columns):
            return self.columns(block, width, following)
        if isinstance(block, Signatures):
            return self.signatures(block, width)
        if isinstance(block, Figure):
            return self.figure(block, width)
        if isinstance(block, Parallel):
            return self.parallel(block, width, following)
        raise TypeError(f"unknown block {type(block).__name__}")

    def gap(self, following: Block | None) -> list[Flowable]:
        """The space below a table or list before a paragraph or list (the DOCX gives that
        paragraph 6 points before it; a list's last item has them after it); a heading
        brings its own space."""
        if isinstance(following, (ParagraphNode, BulletList)):
            return [Spacer(1, self.gap_points)]
        return []

    def figure(self, block: Figure, width: float) -> list[Flowable]:
        """The drawing at its size, or scaled down to the width there is."""
        drawing = figure_drawing(block, self.faces, scale=min(1.0, width / block.width))
        out: list[Flowable] = []
        if block.caption:
            caption = self.paragraph(_plain(block.caption), "caption")
            caption.keepWithNext = 1
            out.append(caption)
        return out + [drawing, Spacer(1, self.gap_points)]

    def heading(self, block: Heading) -> list[Flowable]:
        level = min(max(block.level, 1), 3)
        # The outline cannot skip levels (reportlab refuses a jump from 0 to 2).
        self.outline_level = min(level - 1, self.outline_level + 1)
        self.headings += 1
        title = " ".join(block.shown.split())
        heading = self.paragraph(_plain(block.shown), f"heading_{level}")
        key = f"heading-{self.headings}"
        if block.anchor in self.anchors and block.anchor not in self.placed:
            key = _destination(block.anchor)  # where cross-references link to
            self.placed.add(block.anchor)
        return [_OutlineEntry(key, title, self.outline_level), heading]

    def bullet_list(self, block: BulletList, following: Block | None) -> list[Flowable]:
        item_style = self.styles["list_item"]
        items = [self.paragraph(item, "list_item") for item in block.items]
        flowable = ListFlowable(
            items,
            bulletType="1" if block.numbered else "bullet",
            bulletFormat="%s." if block.numbered else None,
            leftIndent=self.sheet.spec.spacing.list_indent,
            bulletFontName=self.faces.name(),
            bulletFontSize=item_style.fontSize,
            bulletColor=item_style.textColor,
        )
        return [flowable, *([] if isinstance(following, Heading) else [Spacer(1, self.gap_points)])]

    def column_widths(
        self, widths: tuple[float, ...] | None, count: int, total: float
    ) -> list[float]:
        relative = widths or (1.0,) * count
        scale = total / sum(relative)
        return [width * scale for width in relative]

    def breakable(self, content: Inline, width: float) -> Inline:
        """A cell's e-mail addresses broken where Word and LibreOffice break them: the DOCX
        has a zero-width space after each ``@`` and ``.`` of an address, and they break
        after a hyphen too; they fill each line as far as it goes, at spaces and at those
        points alike. Never inside a word."""
        if not any("@" in run.text for run in content):
            return content
        size = self.styles["table_cell"].fontSize
        used = 0.0  # the width taken on the cell's current line
        out = []
        for run in content:
            font = self.faces.name(run.bold, run.italic)
            space = pdfmetrics.stringWidth(" ", font, size)
            text = ""
            for number, line in enumerate(run.text.split("\n")):
                if number:
                    text, used = text + "\n", 0.0
                for index, word in enumerate(line.split(" ")):
                    pieces = [
                        cut
                        for piece in address_breaks(word)
                        # after a hyphen before a letter, too (not inside "555-0199")
                        for cut in re.split(r"(?<=-)(?=[^\W\d_])", piece)
                    ]
                    for part, piece in enumerate(pieces):
                        glue = space if index and not part else 0.0
                        extent = pdfmetrics.stringWidth(piece, font, size)
                        breaks = bool(glue) or part > 0  # a space or a point in an address
                        if breaks and used and used + glue + extent > width:
                            # at a space the paragraph wraps by itself, as greedily
                            text += (" " if glue else "\n") + piece
                            used = extent
                        else:
                            text += (" " if glue else "") + piece
                            used += glue + extent
            out.append(Run(text, run.bold, run.italic))
        return tuple(out)

    def table(self, block: TableNode, width: float, following: Block | None) -> list[Flowable]:
        numeric = set(block.numeric)

        def style(name: str, column: int) -> str:
            return f"{name}_right" if column in numeric else name

        header = [
            self.paragraph(_plain(text), style("table_header", column))
            for column, text in enumerate(block.header)
        ]
        widths = self.column_widths(block.widths, len(block.header), width)
        padding = 2 * self.sheet.spec.spacing.cell_padding
        rows = [
            [
                self.paragraph(
                    self.breakable(cell, widths[column] - padding), style("table_cell", column)
                )
                for column, cell in enumerate(row)
            ]
            for row in block.rows
        ]
        table = Table(
            [header, *rows],
            colWidths=self.column_widths(block.widths, len(block.header), width),
            repeatRows=1,
            splitByRow=1,
            splitInRow=self.split_rows,
            hAlign="LEFT",
            style=TableStyle(self.sheet.table_commands),
        )
        out: list[Flowable] = []
        if block.caption:
            out.append(_KeepWithFirst([self.paragraph(_plain(block.caption), "caption"), table], 1))
            return out + self.gap(following)
        return [table, *self.gap(following)]

    def columns(self, block: Columns, width: float, following: Block | None) -> list[Flowable]:
        count = len(block.titles)
        widths = self.column_widths(None, count, width)
        padding = self.sheet.spec.spacing.cell_padding
        data: list[list[object]] = [
            [self.paragraph(_plain(title), "table_header") for title in block.titles]
        ]
        # The table look without its zebra stripes: here the label rows carry the colour.
        commands = [c for c in self.sheet.table_commands if c[0] != "ROWBACKGROUNDS"]
        label_background, rule = self.sheet.colours["label_background"], self.sheet.colours["rule"]
        label_rows = []
        for row in block.rows:
            label_row = len(data)
            label_rows.append(label_row)
            # the cells under the span empty lists: no height (a string would be a line high)
            data.append([self.paragraph(_plain(row.label), "column_label")] + [[]] * (count - 1))
            data.append(
                [
                    self.cell(cell, column_width - 2 * padding)
                    for cell, column_width in zip(row.cells, widths, strict=True)
                ]
            )
            commands += [
                ("SPAN", (0, label_row), (-1, label_row)),
                ("BACKGROUND", (0, label_row), (-1, label_row), label_background),
                ("LINEAFTER", (0, label_row + 1), (-2, label_row + 1), 0.5, rule),
            ]
        table = Table(
            data,
            colWidths=widths,
            repeatRows=1,
            splitByRow=1,
            splitInRow=self.split_rows,
            hAlign="LEFT",
            style=TableStyle(commands),
        )
        if self.split_rows:  # some row is taller than a page: measure which topics fit one
            table.wrap(width, 1e6)
            heights = table._rowHeights
            label_rows = [r for r in label_rows if heights[r] + heights[r + 1] <= self.room]
        # A topic's label stays on the page of its cells (the DOCX: keep with next), unless
        # the two are taller than a page: reportlab would move them on from page to page for
        # ever; the cells then split where the page ends.
        table.setStyle(TableStyle([("NOSPLIT", (0, r), (-1, r + 1)) for r in label_rows]))
        table.sladoc_first_rows = 3  # the titles, a topic's label and its cells
        return [table, *self.gap(following)]

    def cell(self, blocks: tuple[Block, ...], width: float) -> list[Flowable]:
        """A side-by-side cell's blocks as Word and LibreOffice lay out the DOCX's: at the
        table style's single line spacing, and the cell as tall as its last paragraph's
        space after (a list's or a paragraph's 6 points; a nested table is followed by the
        empty paragraph a cell must end with). An empty cell holds one empty line."""
        self.in_cell += 1
        try:
            flowables = self.blocks(blocks, width)
        finally:
            self.in_cell -= 1
        _collapse_spacing(flowables)
        line = self.styles[f"body{_IN_CELL}"].leading  # an empty paragraph at single spacing
        if not flowables:
            return [Spacer(1, line)]
        last = flowables[-1]
        if isinstance(last, Table):
            flowables.append(Spacer(1, line))
        elif not isinstance(last, Spacer):
            # reportlab leaves out the space after a cell's last flowable, the DOCX keeps it:
            # an empty flowable after it counts it in
            flowables.append(Spacer(1, 0))
        return flowables

    def parallel(self, block: Parallel, width: float, following: Block | None) -> list[Flowable]:
        """Two language versions side by side, as the DOCX draws them: two equal borderless
        columns with the cell margins of every table, rows that never split; between this
        and a table next to it, the room the DOCX's gap paragraph takes."""
        padding = self.sheet.spec.spacing.cell_padding
        widths = [width / 2, width / 2]
        commands: list[tuple[object, ...]] = [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), padding),
            ("RIGHTPADDING", (0, 0), (-1, -1), padding),
            ("TOPPADDING", (0, 0), (-1, -1), padding * 57 / 85),
            ("BOTTOMPADDING", (0, 0), (-1, -1), padding * 57 / 85),
        ]

        inner = [column - 2 * padding for column in widths]
        cells = [[self.cell(c, inner[n]) for n, c in enumerate(row)] for row in block.rows]
        table = Table(
            cells,
            colWidths=widths,
            splitByRow=1,
            splitInRow=self.split_rows,
            hAlign="LEFT",
            style=TableStyle(commands),
        )
        table.setStyle(TableStyle(self.kept_rows(block, table, width)))
        gap = [Spacer(1, TABLE_GAP)] if tables_meet(block, following) else []
        return [table, *gap]

    def kept_rows(self, block: Parallel, table: Table, width: float) -> list[tuple[object, ...]]:
        """LibreOffice keeps a row of the DOCX with the next when the first paragraph of its
        first cell keeps with next (a heading, a caption): the same runs of rows unsplit
        here, each with the row after it. A run taller than a page starts a page and breaks
        where the page ends, as in LibreOffice: it is kept in parts a page high."""
        room = self.room
        table.wrap(width, 1e6)
        heights = table._rowHeights  # what wrap measured
        runs: list[tuple[int, int]] = []
        start = None
        for index, (left, _) in enumerate(block.rows):
            keeps = index + 1 < len(block.rows) and bool(left) and _opens_with_keeper(left[0])
            if keeps and start is None:
                start = index
            if not keeps and start is not None:
                runs.append((start, index))
                start = None
        commands: list[tuple[object, ...]] = []
        for first, last in runs:
            while first < last:
                end, height = first, heights[first]
                while end < last and height + heights[end + 1] <= room:
                    end += 1
                    height += heights[end]
                if end > first:
                    commands.append(("NOSPLIT", (0, first), (-1, end)))
                first = end + 1
        return commands

    def signatures(self, block: Signatures, width: float) -> list[Flowable]:
        signers = block.signers
        per_row = block.per_row
        cell_width = width / per_row
        cells: list[list[Flowable] | str] = [self.signature(signer) for signer in signers]
        cells += [""] * (-len(cells) % per_row)
        rows = [cells[start : start + per_row] for start in range(0, len(cells), per_row)]
        table = Table(
            rows,
            colWidths=[cell_width] * per_row,
            hAlign="LEFT",
            style=TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 10 * mm),
                    ("TOPPADDING", (0, 0), (-1, -1), 2.85),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 2.85),
                ]
            ),
        )
        # The DOCX holds the blocks in one unsplittable outer row (its cell margins and a
        # closing paragraph add about 16 points); the same room here keeps the page breaks
        # of both formats alike.
        return [table, Spacer(1, 2 * 2.85 + 0.5 + self.styles["signature_small"].leading)]

    def signature(self, signer: Signer) -> list[Flowable]:
        """The caption, the stamp-duty box if any, the label on the line to sign on, then
        the details: as the DOCX's paragraphs (Signature Party, Signature Stamp, Signature
        Line with its bottom border, Signature Name, Signature Detail)."""
        out: list[Flowable] = [self.paragraph(_plain(signer.party), "signature_party")]
        if signer.stamp:
            out.append(self.stamp(signer.stamp))
        out += [
            self.paragraph(_plain(signer.by), "signature_by"),
            HRFlowable(
                width="100%",
                thickness=0.6,
                color=self.sheet.colours["text"],
                spaceBefore=1,
                spaceAfter=2,
                hAlign="LEFT",
            ),
        ]
        for index, (caption, value) in enumerate(signer.details):
            text = f"{caption} {value}" if value else caption
            out.append(
                self.paragraph(_plain(text), "signature_name" if index == 0 else "signature_small")
            )
        return out

    def stamp(self, text: str) -> Table:
        """A box for the stamp duty, as wide as a stamp, the signature to go across it."""
        return Table(
            [[self.paragraph(_plain(text), "signature_stamp")]],
            colWidths=[_STAMP_WIDTH],
            rowHeights=[_STAMP_HEIGHT],
            hAlign="LEFT",
            style=TableStyle(
                [
                    ("BOX", (0, 0), (-1, -1), 0.5, self.sheet.colours["muted"]),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("TOPPADDING", (0, 0), (-1, -1), 0),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                ]
            ),
            spaceBefore=10,
        )


_STAMP_WIDTH, _STAMP_HEIGHT = 30 * mm, 20.4
"""The stamp-duty box: as the DOCX's Signature Stamp paragraph (30 mm wide, one boxed line
20.4 points high, 10 points below the caption)."""


class _KeepWithFirst(Flowable):
    """Flowables that must not end a page (``keepers``), then what they introduce: they go
    on this page with the start of what follows (two lines of a paragraph, the header and a
    row of a table, a list item) or together to the next page. With ``whole``, what follows
    does not split at all (a signature section).

    It never draws itself: its height is reported as more than there is, so the frame asks
    it to split, and it answers with its flowables, on this page or (by answering nothing)
    on the next one."""

    def __init__(self, flowables: list[Flowable], keepers: int, whole: bool = False) -> None:
        super().__init__()
        self.flowables = flowables
        self.keepers = keepers
        self.whole = whole

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return available_width, available_height + 1

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        if getattr(self, "_postponed", 0):
            return list(self.flowables)  # at the top of a page: nothing better is possible
        room = available_height
        previous_after = 0.0
        for index, flowable in enumerate(self.flowables):
            before = max(flowable.getSpaceBefore() - previous_after, 0) if index else 0
            _, height = flowable.wrapOn(self.canv, available_width, room - before)
            if before + height <= room:
                previous_after = flowable.getSpaceAfter()
                room -= before + height + previous_after
                continue
            if index < self.keepers or self.whole:
                return []
            if index > self.keepers:
                return list(self.flowables)  # what was introduced has begun on this page
            parts = flowable.splitOn(self.canv, available_width, room - before)
            if len(parts) < 2 or not _worth_keeping(parts[0]):
                return []
            # A list splits into its items whether or not the first one fits here.
            if parts[0].wrapOn(self.canv, available_width, room - before)[1] > room - before:
                return []
            return list(self.flowables)
        return list(self.flowables)

    def draw(self) -> None:  # pragma: no cover - never drawn whole, see wrap
        raise AssertionError("_KeepWithFirst is always split")


def _worth_keeping(first: Flowable) -> bool:
    """Whether the first part of a split is something to begin on this page: a table part
    must hold a row besides its header."""
    if isinstance(first, Table):
        return len(first._cellvalues) >= getattr(first, "sladoc_first_rows", 2)
    return True


# --- figures: the tree's shapes as reportlab's ---------------------------------------------------


def _opens_with_keeper(block: Block) -> bool:
    """Whether the DOCX writes ``block`` starting with a paragraph whose style keeps it with
    the next: a heading, or the caption of a table or a figure."""
    return isinstance(block, Heading) or (
        isinstance(block, (TableNode, Figure)) and bool(block.caption)
    )


def _collapse_spacing(flowables: list[Flowable]) -> None:
    """Spaces between the paragraphs of a table cell collapse to the larger, as in the body
    (where the frame does it) and as LibreOffice lays out the DOCX's cells: a paragraph's
    space before shrinks by the space already above it (a paragraph's after, a list's gap),
    which a table, unlike a frame, would add up."""
    above = 0.0
    for flowable in flowables:
        if isinstance(flowable, _OutlineEntry):
            continue
        if isinstance(flowable, Paragraph) and above and flowable.style.spaceBefore:
            flowable.style = ParagraphStyle(
                flowable.style.name,
                parent=flowable.style,
                spaceBefore=max(flowable.style.spaceBefore - above, 0),
            )
        above = flowable.height if isinstance(flowable, Spacer) else flowable.getSpaceAfter()


def figure_drawing(figure: Figure, faces: Faces | None = None, scale: float = 1.0) -> Drawing:
    """``figure`` as a reportlab Drawing, ``scale`` times its size, its labels set in
    ``faces`` (the embedded DejaVu Sans by default). The PDF draws it as vectors, and the
    report's SVG files are written from it (reportlab's ``renderSVG``). Raises RenderError
    for a label with a character the face lacks: in a drawing, text cannot fall back to
    another face."""
    faces = faces or register_fonts(DEJAVU)
    if scale == 1:  # the sizes as given: an SVG file then says width="515", not "515.0"
        drawing = Drawing(figure.width, figure.height)
    else:
        drawing = Drawing(figure.width * scale, figure.height * scale)
    holder: Drawing | Group = drawing
    if scale != 1:
        holder = Group(transform=(scale, 0, 0, scale, 0, 0))
        drawing.add(holder)
    for shape in figure.shapes:
        holder.add(_shape(shape, faces))
    return drawing


def _shape(shape: Line | Box | Dot | Label, faces: Faces) -> Any:
    if isinstance(shape, Line):
        # A PolyLine, not a Line: renderSVG closes a Line's path, which draws it back over
        # itself and fills the gaps of a dashed line.
        return PolyLine(
            list(shape.points),
            strokeColor=colors.HexColor(shape.colour),
            strokeWidth=shape.width,
            strokeDashArray=list(shape.dash) or None,
        )
    if isinstance(shape, Box):
        return Rect(
            shape.x,
            shape.y,
            shape.width,
            shape.height,
            fillColor=_colour(shape.fill),
            strokeColor=_colour(shape.edge),
            strokeWidth=shape.edge_width,
        )
    if isinstance(shape, Dot):
        colour = colors.HexColor(shape.colour)
        return Circle(
            shape.x,
            shape.y,
            shape.radius,
            fillColor=colour,
            strokeColor=colour,
            strokeWidth=shape.edge_width,
        )
    faces.check_drawable(shape.text, bold=shape.bold)
    x, y = (0, 0) if shape.upright else (shape.x, shape.y)
    text = String(
        x,
        y,
        shape.text,
        fontName=faces.name(bold=shape.bold),
        fontSize=shape.size,
        fillColor=colors.HexColor(shape.colour),
        textAnchor=shape.anchor,
    )
    if not shape.upright:
        return text
    return Group(text, transform=(0, 1, -1, 0, shape.x, shape.y))


def _colour(value: str | None) -> colors.Color | None:
    return None if value is None else colors.HexColor(value)


# --- pages: header, footer, draft mark, document information ---------------------------------


@dataclass(frozen=True)
class _Furniture:
    """What is drawn around the text on every page."""

    sheet: _Stylesheet
    title: str
    footer_left: str
    page_label: str
    of_label: str
    draft_mark: str | None

    @classmethod
    def of(cls, doc: Document, sheet: _Stylesheet) -> _Furniture:
        info = doc.info
        furniture = cls(
            sheet=sheet,
            title=" ".join(info.title.split()),
            # One line each, as the title: a version may hold a tab or a line break.
            footer_left=" ".join(
                f"{label(doc, 'version')} {info.version} · {status_label(doc)}".split()
            ),
            page_label=label(doc, "page"),
            of_label=label(doc, "of"),
            draft_mark=label(doc, "draft").upper() if info.status == "draft" else None,
        )
        faces = sheet.faces
        for text in (furniture.title, furniture.footer_left, furniture.page_label):
            faces.check_drawable(text)
        faces.check_drawable(furniture.of_label)
        if furniture.draft_mark:
            faces.check_drawable(furniture.draft_mark, bold=True)
        return furniture

    def _font(self, canvas: Canvas) -> ParagraphStyle:
        style = self.sheet.styles["furniture"]
        canvas.setFont(style.fontName, style.fontSize)
        canvas.setFillColor(style.textColor)
        canvas.setStrokeColor(self.sheet.colours["rule"])
        canvas.setLineWidth(0.5)
        return style

    def draw_header(self, canvas: Canvas) -> None:
        sheet = self.sheet
        width, height = sheet.page_size
        left, right = sheet.margins[3], width - sheet.margins[1]
        baseline = height - sheet.spec.page.header_mm * mm
        canvas.saveState()
        style = self._font(canvas)
        title = _fit(self.title, style.fontName, style.fontSize, right - left)
        canvas.drawString(left, baseline, title)
        canvas.line(left, baseline - 4, right, baseline - 4)
        canvas.restoreState()

    def draw_footer(self, canvas: Canvas) -> None:
        """``Version 1.2 · Draft`` on the left, ``Page 2 of 7`` on the right. The page count
        is not known while a page is drawn, so the right part is a form that
        :meth:`draw_page_numbers` fills in once the last page is done."""
        sheet = self.sheet
        left, right = sheet.margins[3], sheet.page_size[0] - sheet.margins[1]
        baseline = sheet.spec.page.footer_mm * mm
        canvas.saveState()
        style = self._font(canvas)
        canvas.line(left, baseline + style.fontSize + 3, right, baseline + style.fontSize + 3)
        canvas.drawString(left, baseline, self.footer_left)
        canvas.doForm(_page_number_form(canvas.getPageNumber()))
        canvas.restoreState()

    def draw_page_numbers(self, canvas: Canvas, pages: int) -> None:
        right = self.sheet.page_size[0] - self.sheet.margins[1]
        baseline = self.sheet.spec.page.footer_mm * mm
        for page in range(1, pages + 1):
            canvas.beginForm(_page_number_form(page))
            self._font(canvas)
            canvas.drawRightString(
                right, baseline, f"{self.page_label} {page} {self.of_label} {pages}"
            )
            canvas.endForm()

    def draw_draft_mark(self, canvas: Canvas) -> None:
        """The DOCX's watermark: a word fitted to its shape (VML ``fitshape``), stretched
        to fill 430 by 120 points, rising at 45 degrees across the middle of the text area,
        beneath the text (drawn before it)."""
        if not self.draft_mark:
            return
        style = self.sheet.styles["draft_mark"]
        width, height = self.sheet.page_size
        top, right, bottom, left = self.sheet.margins
        box_width, box_height = _DRAFT_MARK_BOX
        per_point = pdfmetrics.stringWidth(self.draft_mark, style.fontName, 1)
        cap_height = pdfmetrics.getFont(style.fontName).face.capHeight / 1000
        canvas.saveState()
        canvas.setFillColor(style.textColor)
        canvas.setFillAlpha(self.sheet.spec.draft_mark.opacity)
        canvas.translate((left + width - right) / 2, (bottom + height - top) / 2)
        canvas.rotate(45)
        canvas.scale(box_width / per_point, box_height / cap_height)
        canvas.setFont(style.fontName, 1)
        canvas.drawCentredString(0, -cap_height / 2, self.draft_mark)
        canvas.restoreState()


_DRAFT_MARK_BOX = (430.0, 120.0)
"""The watermark shape of the reference documents (``templates/make_reference_docx.py``),
in points: the word's capitals fill it, as Word and LibreOffice fit a text path."""


def _page_number_form(page: int) -> str:
    return f"sladoc-page-number-{page}"


def _fit(text: str, font: str, size: float, width: float) -> str:
    """``text`` cut with an ellipsis to fit one line: a header has room for one line, and the
    cover shows the full title."""
    full_width = pdfmetrics.stringWidth(text, font, size)
    if full_width <= width:
        return text
    text = text[: int(len(text) * width / full_width)]  # a first cut proportional to widths
    while text and pdfmetrics.stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _page_templates(sheet: _Stylesheet, furniture: _Furniture, cover: bool) -> list[PageTemplate]:
    width, height = sheet.page_size
    top, right, bottom, left = sheet.margins

    def frame(name: str) -> Frame:
        return Frame(
            left,
            bottom,
            width - left - right,
            height - top - bottom,
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
            id=name,
        )

    def on_cover(canvas: Canvas, _template: BaseDocTemplate) -> None:
        canvas.showOutline()
        furniture.draw_draft_mark(canvas)

    def on_first_page(canvas: Canvas, _template: BaseDocTemplate) -> None:
        # No cover: the page starts with the document's title, so a header would repeat it.
        furniture.draw_draft_mark(canvas)
        furniture.draw_footer(canvas)

    def on_body_page(canvas: Canvas, _template: BaseDocTemplate) -> None:
        # The mark first, beneath the text, as the DOCX's watermark lies behind it.
        furniture.draw_draft_mark(canvas)
        furniture.draw_header(canvas)
        furniture.draw_footer(canvas)

    first = (
        PageTemplate("cover", frames=[frame("cover")], onPage=on_cover)
        if cover
        else PageTemplate("first", frames=[frame("first")], onPage=on_first_page)
    )
    return [
        first,
        PageTemplate("body", frames=[frame("body")], onPage=on_body_page),
    ]


class _InfoWithProperties(PDFInfo):
    """The document information dictionary with the custom properties added and both
    dates set to the document's date, not the clock."""

    def __init__(self, properties: tuple[tuple[str, str], ...], date_stamp: str) -> None:
        super().__init__()
        self.properties = properties
        self.date_stamp = date_stamp

    def format(self, document: object) -> bytes:
        entries: dict[str, object] = {
            # PDF names are bytes: reportlab escapes each character as one byte, so give it
            # the UTF-8 bytes of a non-ASCII name.
            name.encode("utf-8").decode("latin-1"): PDFString(value)
            for name, value in self.properties
        }
        entries.update(
            Title=PDFString(self.title),
            Author=PDFString(self.author),
            Subject=PDFString(self.subject),
            Keywords=PDFString(self.keywords),
            Creator=PDFString(self.creator),
            Producer=PDFString(self.producer),
            CreationDate=PDFString(self.date_stamp),
            ModDate=PDFString(self.date_stamp),
            Trapped=PDFName(self.trapped),
        )
        return PDFDictionary(entries).format(document)


class _ContractCanvas(Canvas):
    """The canvas of a contract: document information from the tree, and the page numbers
    of the footers, drawn once the page count is known."""

    def __init__(
        self,
        *args: Any,
        furniture: _Furniture,
        properties: tuple[tuple[str, str], ...],
        date_stamp: str,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        # reportlab seeds the document /ID with a timestamp that honours SOURCE_DATE_EPOCH
        # even in invariant mode; seed it from the document's own date instead, so the bytes
        # depend on the document alone.
        signature = hashlib.md5(b"a reportlab document", usedforsecurity=False)
        signature.update(date_stamp.encode("ascii"))
        self._doc.signature = signature
        self._doc.info = _InfoWithProperties(properties, date_stamp)
        self._furniture = furniture

    def save(self) -> None:
        # The page count includes the cover, as Word's NUMPAGES does.
        self._furniture.draw_page_numbers(self, self.getPageNumber() - 1)
        super().save()


def stylesheet_values(look: Look) -> tuple[_StyleSpec, dict[str, str]]:
    """The stylesheet's values and its palette as ``#rrggbb`` (the reference document's
    accents laid over): the one look, for a writer that draws it another way (HTML)."""
    sheet = _stylesheet(look.pdf_stylesheet, _docx_accents(look.docx_template))
    palette = {name: f"#{colour.hexval()[2:]}" for name, colour in sheet.colours.items()}
    return sheet.spec, palette
