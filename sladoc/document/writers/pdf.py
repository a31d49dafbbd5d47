"""The PDF writer: the document tree drawn with reportlab's platypus.

The look comes from one YAML stylesheet (``templates/pdf-style.yaml``), turned into
reportlab styles in one place (:func:`_load_stylesheet`) and cached per process, as are
the embedded TrueType fonts. Every string is escaped before it becomes Paragraph markup,
and every character is checked against the font's character map: reportlab would
otherwise draw an empty box for a character the font lacks.

The bytes depend on the document alone: reportlab runs in ``invariant`` mode and every
date in the file is ``info.date``.
"""

from __future__ import annotations

import functools
import hashlib
import io
import math
import typing
from dataclasses import dataclass, fields, is_dataclass
from pathlib import Path
from xml.sax.saxutils import escape

import yaml
from reportlab.lib import colors, pagesizes
from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFInfo, PDFName, PDFString
from reportlab.pdfbase.ttfonts import TTFError, TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
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

from sladoc.document.tree import (
    Block,
    BulletList,
    Columns,
    Document,
    Heading,
    Inline,
    Run,
    Signatures,
    Signer,
)
from sladoc.document.tree import Paragraph as ParagraphNode
from sladoc.document.tree import Table as TableNode
from sladoc.document.writers.common import (
    Look,
    check_document,
    document_day,
    label,
    status_label,
    unusable_character_error,
)
from sladoc.errors import RenderError, TemplateError

FONTS_DIR = Path(__file__).resolve().parents[2] / "data" / "fonts"

_PAGE_SIZES = {"A4": pagesizes.A4, "letter": pagesizes.letter}


def write_pdf(doc: Document, look: Look) -> bytes:
    """Render ``doc`` as a PDF with the stylesheet ``look.pdf_stylesheet``."""
    check_document(doc)
    sheet = _stylesheet(look.pdf_stylesheet)
    # Table rows move whole to the next page, as the DOCX's rows do (cantSplit), so both
    # formats read in the same order. Only a document with a row taller than a page is laid
    # out again with rows allowed to split, since such a row cannot move anywhere.
    try:
        return _render(doc, sheet, split_rows=False)
    except LayoutError:
        pass
    try:
        return _render(doc, sheet, split_rows=True)
    except LayoutError as error:  # e.g. a stylesheet whose margins leave no room for text
        raise RenderError(
            f"the PDF cannot be laid out with {look.pdf_stylesheet}: {error}"
        ) from None


def prepare(stylesheet: Path) -> None:
    """Read ``stylesheet`` and parse its fonts now rather than for the first document."""
    _stylesheet(stylesheet)


def _render(doc: Document, sheet: _Stylesheet, *, split_rows: bool) -> bytes:
    furniture = _Furniture.of(doc, sheet)
    story = _StoryBuilder(doc, sheet, split_rows).story()
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
        pageTemplates=_page_templates(sheet, furniture),
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
    return out.getvalue()


# --- stylesheet: YAML in, reportlab styles out, once per file ------------------------------


@dataclass(frozen=True)
class _PageSpec:
    size: str
    margin_top_mm: float
    margin_bottom_mm: float
    margin_left_mm: float
    margin_right_mm: float
    header_mm: float
    footer_mm: float


@dataclass(frozen=True)
class _FontFiles:
    regular: str
    bold: str
    italic: str
    bold_italic: str


@dataclass(frozen=True)
class _ColourSpec:
    text: str
    muted: str
    accent: str
    rule: str
    table_header_background: str
    table_header_text: str
    table_stripe: str
    label_background: str
    draft_mark: str


@dataclass(frozen=True)
class _TextSpec:
    size: float
    leading: float
    space_before: float
    space_after: float
    indent: float
    justify: bool
    bold: bool
    colour: str


@dataclass(frozen=True)
class _TextSpecs:
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


@dataclass(frozen=True)
class _SpacingSpec:
    cell_padding: float
    block_gap: float
    list_indent: float
    signature_line_gap: float
    keep_room: float


@dataclass(frozen=True)
class _DraftMarkSpec:
    opacity: float


@dataclass(frozen=True)
class _StyleSpec:
    page: _PageSpec
    fonts: _FontFiles
    colours: _ColourSpec
    text: _TextSpecs
    spacing: _SpacingSpec
    draft_mark: _DraftMarkSpec


def _from_yaml(cls: type, data: object, where: str) -> typing.Any:
    """Build the dataclass ``cls`` from YAML data, refusing unknown, missing and mistyped
    keys (a typo in a stylesheet must not be silently ignored)."""
    if not isinstance(data, dict):
        raise TemplateError(f"{where}: expected a mapping, found {type(data).__name__}")
    hints = typing.get_type_hints(cls)
    names = [field.name for field in fields(cls)]
    unknown = sorted(str(key) for key in data if key not in names)
    if unknown:
        raise TemplateError(f"{where}: unknown key {unknown[0]!r} (known: {', '.join(names)})")
    values = {}
    for name in names:
        if name not in data:
            raise TemplateError(f"{where}: missing key {name!r}")
        kind, value, at = hints[name], data[name], f"{where}.{name}"
        if is_dataclass(kind):
            values[name] = _from_yaml(kind, value, at)
        elif kind is float and isinstance(value, (int, float)) and not isinstance(value, bool):
            # Every length, size and opacity is a finite amount: .nan or -5 would crash
            # reportlab or draw nonsense.
            if not (math.isfinite(value) and value >= 0):
                raise TemplateError(
                    f"{at}: expected a finite number of at least 0, found {value!r}"
                )
            values[name] = float(value)
        elif kind in (bool, str) and isinstance(value, kind):
            values[name] = value
        else:
            raise TemplateError(f"{at}: expected {kind.__name__}, found {value!r}")
    return cls(**values)


@dataclass(frozen=True)
class _Faces:
    """The four faces of the embedded font family and the characters each can draw."""

    family: str
    names: dict[tuple[bool, bool], str]  # (bold, italic) -> registered font name
    cmaps: dict[tuple[bool, bool], frozenset[int]]

    def name(self, bold: bool = False, italic: bool = False) -> str:
        return self.names[bold, italic]

    def face_for(self, char: str, bold: bool, italic: bool) -> str | None:
        # An italic or bold face may lack a script the regular face has (DejaVu Sans
        # Oblique has no Arabic); falling back to the upright face beats failing.
        for key in ((bold, italic), (bold, False), (False, False)):
            if ord(char) in self.cmaps[key]:
                return self.names[key]
        return None

    def check_drawable(self, text: str, bold: bool = False) -> None:
        """Raise RenderError unless the face draws every character of ``text`` itself
        (for furniture strings, which are drawn without fallback)."""
        cmap = self.cmaps[bold, False]
        for index, char in enumerate(text):
            if ord(char) not in cmap:
                raise unusable_character_error(
                    text, index, f"has no glyph in the PDF font {self.family}"
                )


@functools.cache
def _register_fonts(files: _FontFiles) -> _Faces:
    """Parse and register the family's TrueType files; parsing is slow, so once a process."""
    keys = {
        (False, False): files.regular,
        (True, False): files.bold,
        (False, True): files.italic,
        (True, True): files.bold_italic,
    }
    names: dict[tuple[bool, bool], str] = {}
    cmaps: dict[tuple[bool, bool], frozenset[int]] = {}
    for key, file_name in keys.items():
        path = FONTS_DIR / file_name
        # A plain file name only: "../../etc/passwd" must not reach outside the fonts folder.
        if Path(file_name).name != file_name or not path.is_file():
            raise TemplateError(f"font file {file_name!r} is not in {FONTS_DIR}")
        try:
            font = TTFont(f"sladoc-{path.stem}", str(path))
        except TTFError as error:
            raise TemplateError(f"font file {file_name!r}: {error}") from None
        pdfmetrics.registerFont(font)
        names[key] = font.fontName
        cmaps[key] = frozenset(font.face.charToGlyph)
    pdfmetrics.registerFontFamily(
        names[False, False],
        normal=names[False, False],
        bold=names[True, False],
        italic=names[False, True],
        boldItalic=names[True, True],
    )
    return _Faces(Path(files.regular).stem, names, cmaps)


@dataclass(frozen=True)
class _Stylesheet:
    """Everything the writer needs to draw, built once per stylesheet file."""

    spec: _StyleSpec
    faces: _Faces
    page_size: tuple[float, float]
    margins: tuple[float, float, float, float]  # top, right, bottom, left in points
    colours: dict[str, colors.Color]
    styles: dict[str, ParagraphStyle]
    table_commands: tuple[tuple[object, ...], ...]

    @property
    def frame_width(self) -> float:
        return self.page_size[0] - self.margins[1] - self.margins[3]


def _stylesheet(path: Path) -> _Stylesheet:
    try:
        stat = path.stat()
    except OSError as error:
        raise TemplateError(f"{path}: cannot read the PDF stylesheet ({error.strerror})") from None
    return _load_stylesheet(path, stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=8)
def _load_stylesheet(path: Path, mtime_ns: int, size: int) -> _Stylesheet:
    # mtime and size are part of the cache key so an edited stylesheet is read again.
    try:
        # libyaml's loader where PyYAML has it: the same data, ten times faster, which a
        # one-contract build notices (the pure-Python one is the fallback)
        data = yaml.load(
            path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        )
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise TemplateError(f"{path}: not a readable YAML stylesheet: {error}") from None
    spec: _StyleSpec = _from_yaml(_StyleSpec, data, str(path))
    if spec.page.size not in _PAGE_SIZES:
        raise TemplateError(f"{path}: page.size must be one of {', '.join(_PAGE_SIZES)}")
    if spec.draft_mark.opacity > 1:
        raise TemplateError(
            f"{path}: draft_mark.opacity must be from 0 to 1, found {spec.draft_mark.opacity!r}"
        )
    palette = {}
    for colour_field in fields(_ColourSpec):
        value = getattr(spec.colours, colour_field.name)
        try:
            palette[colour_field.name] = colors.HexColor(value)
        except ValueError:
            raise TemplateError(f"{path}: colours.{colour_field.name}: {value!r}") from None
    faces = _register_fonts(spec.fonts)

    styles: dict[str, ParagraphStyle] = {}
    for text_field in fields(_TextSpecs):
        name = text_field.name
        text: _TextSpec = getattr(spec.text, name)
        if text.colour not in palette:
            raise TemplateError(f"{path}: text.{name}.colour: no colour {text.colour!r}")
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
        )
    for name in ("table_cell", "table_header"):
        styles[f"{name}_right"] = ParagraphStyle(
            f"{name}_right", parent=styles[name], alignment=TA_RIGHT
        )

    padding = spec.spacing.cell_padding
    table_commands = (
        ("BACKGROUND", (0, 0), (-1, 0), palette["table_header_background"]),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, palette["table_stripe"]]),
        ("LINEBELOW", (0, 0), (-1, -1), 0.5, palette["rule"]),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), padding),
        ("RIGHTPADDING", (0, 0), (-1, -1), padding),
        ("TOPPADDING", (0, 0), (-1, -1), padding * 0.75),
        ("BOTTOMPADDING", (0, 0), (-1, -1), padding),
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


def _markup(faces: _Faces, content: Inline, style: ParagraphStyle) -> str:
    """Paragraph markup for inline content in ``style``: every character escaped and set
    in a face that can draw it."""
    style_is_bold = style.fontName == faces.name(bold=True)
    parts: list[str] = []
    for run in content:
        for number, line in enumerate(run.text.replace("\t", " ").split("\n")):
            if number:
                parts.append("<br/>")
            bold = style_is_bold or run.bold
            for face, text in _face_segments(faces, line, bold, run.italic):
                # The style's own face needs no tag, which keeps long tables quick to parse.
                same = face == style.fontName
                parts.append(escape(text) if same else f'<font face="{face}">{escape(text)}</font>')
    return "".join(parts)


def _face_segments(faces: _Faces, text: str, bold: bool, italic: bool) -> list[tuple[str, str]]:
    """``text`` cut into (face, text) pieces, each piece drawable by its face."""
    if not text:
        return []
    if set(map(ord, text)) <= faces.cmaps[bold, italic]:
        return [(faces.name(bold, italic), text)]
    segments: list[tuple[str, str]] = []
    start, current = 0, None
    for index, char in enumerate(text):
        face = faces.face_for(char, bold, italic)
        if face is None:
            raise unusable_character_error(
                text, index, f"has no glyph in the PDF font {faces.family}"
            )
        if face != current:
            if current is not None:
                segments.append((current, text[start:index]))
            start, current = index, face
    segments.append((current, text[start:]))
    return segments


def _plain(text: str) -> Inline:
    return (Run(text),)


# --- the story --------------------------------------------------------------------------------


class _OutlineEntry(Flowable):
    """A zero-size mark before a heading: there the heading becomes a named destination and
    an entry of the PDF outline (the reader's bookmarks pane)."""

    def __init__(self, key: str, title: str, level: int) -> None:
        super().__init__()
        self.key, self.title, self.level = key, title, level
        self.keepWithNext = 1  # always on the page of its heading

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
        self.gap = sheet.spec.spacing.block_gap
        self.headings = 0
        self.outline_level = -1

    def story(self) -> list[Flowable]:
        body = self.blocks(self.doc.blocks, self.sheet.frame_width, top_level=True)
        return self.cover() + body

    def paragraph(self, content: Inline, style: str) -> Paragraph:
        paragraph_style = self.styles[style]
        return Paragraph(_markup(self.faces, content, paragraph_style), paragraph_style)

    def cover(self) -> list[Flowable]:
        info = self.doc.info
        version = f"{label(self.doc, 'version')} {info.version}"
        meta = f"{version} · {status_label(self.doc)} · {info.date}"
        flowables: list[Flowable] = [
            Spacer(1, 50 * mm),
            HRFlowable(
                width=32 * mm,
                thickness=3,
                color=self.sheet.colours["accent"],
                hAlign="LEFT",
                spaceAfter=14,
            ),
            self.paragraph(_plain(info.title), "title"),
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
        out: list[Flowable] = []
        for index, block in enumerate(blocks):
            previous = blocks[index - 1] if index else None
            following = blocks[index + 1] if index + 1 < len(blocks) else None
            # A heading, or a table not under a heading, starts a new page unless a few lines
            # fit below it. Keeping a heading "with next" instead would move a long table or
            # paragraph to the next page whole, leaving half a page empty.
            if top_level and not isinstance(previous, Heading):
                if isinstance(block, (Heading, TableNode, Columns)):
                    out.append(CondPageBreak(self.sheet.spec.spacing.keep_room))
            if isinstance(block, Heading):
                # ...except before what cannot split, and before a subheading.
                keep = top_level and isinstance(following, (Heading, Signatures))
                out += self.heading(block, keep_with_next=keep)
            elif isinstance(block, ParagraphNode):
                out.append(self.paragraph(block.content, block.style))
            elif isinstance(block, BulletList):
                out += self.bullet_list(block)
            elif isinstance(block, TableNode):
                out += self.table(block, width)
            elif isinstance(block, Columns):
                out += self.columns(block, width)
            elif isinstance(block, Signatures):
                out += self.signatures(block, width)
            else:
                raise TypeError(f"unknown block {type(block).__name__}")
        return out

    def heading(self, block: Heading, keep_with_next: bool) -> list[Flowable]:
        level = min(max(block.level, 1), 3)
        # The outline cannot skip levels (reportlab refuses a jump from 0 to 2).
        self.outline_level = min(level - 1, self.outline_level + 1)
        self.headings += 1
        title = " ".join(block.text.split())
        heading = self.paragraph(_plain(block.text), f"heading_{level}")
        heading.keepWithNext = int(keep_with_next)
        return [_OutlineEntry(f"heading-{self.headings}", title, self.outline_level), heading]

    def bullet_list(self, block: BulletList) -> list[Flowable]:
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
        return [flowable, Spacer(1, self.gap - item_style.spaceAfter)]

    def column_widths(
        self, widths: tuple[float, ...] | None, count: int, total: float
    ) -> list[float]:
        relative = widths or (1.0,) * count
        scale = total / sum(relative)
        return [width * scale for width in relative]

    def table(self, block: TableNode, width: float) -> list[Flowable]:
        numeric = set(block.numeric)

        def style(name: str, column: int) -> str:
            return f"{name}_right" if column in numeric else name

        header = [
            self.paragraph(_plain(text), style("table_header", column))
            for column, text in enumerate(block.header)
        ]
        rows = [
            [self.paragraph(cell, style("table_cell", column)) for column, cell in enumerate(row)]
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
            out.append(self.paragraph(_plain(block.caption), "caption"))
        return out + [table, Spacer(1, self.gap)]

    def columns(self, block: Columns, width: float) -> list[Flowable]:
        count = len(block.titles)
        widths = self.column_widths(None, count, width)
        padding = self.sheet.spec.spacing.cell_padding
        data: list[list[object]] = [
            [self.paragraph(_plain(title), "table_header") for title in block.titles]
        ]
        # The table look without its zebra stripes: here the label rows carry the colour.
        commands = [c for c in self.sheet.table_commands if c[0] != "ROWBACKGROUNDS"]
        label_background, rule = self.sheet.colours["label_background"], self.sheet.colours["rule"]
        for row in block.rows:
            label_row = len(data)
            data.append([self.paragraph(_plain(row.label), "column_label")] + [""] * (count - 1))
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
        return [table, Spacer(1, self.gap)]

    def cell(self, blocks: tuple[Block, ...], width: float) -> list[Flowable] | str:
        flowables = self.blocks(blocks, width)
        # The gap below a block separates it from the next; at the foot of a cell the
        # cell's padding does that.
        while flowables and isinstance(flowables[-1], Spacer):
            flowables.pop()
        return flowables or ""

    def signatures(self, block: Signatures, width: float) -> list[Flowable]:
        signers = block.signers
        per_row = 3 if len(signers) % 3 == 0 else 2
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
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 6 * mm),
                ]
            ),
        )
        return [table, Spacer(1, self.gap)]

    def signature(self, signer: Signer) -> list[Flowable]:
        line_gap = self.sheet.spec.spacing.signature_line_gap

        def line() -> HRFlowable:
            return HRFlowable(
                width="100%",
                thickness=0.6,
                color=self.sheet.colours["text"],
                spaceBefore=line_gap,
                spaceAfter=2,
                hAlign="LEFT",
            )

        return [
            self.paragraph(_plain(signer.party), "signature_party"),
            line(),
            self.paragraph(_plain(signer.name), "signature_name"),
            self.paragraph(_plain(signer.title), "signature_small"),
            line(),
            self.paragraph(_plain(label(self.doc, "date")), "signature_small"),
        ]


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
        if not self.draft_mark:
            return
        style = self.sheet.styles["draft_mark"]
        width, height = self.sheet.page_size
        # A long translated word must still fit across the page's diagonal.
        text_width = pdfmetrics.stringWidth(self.draft_mark, style.fontName, 1)
        size = min(style.fontSize, 0.75 * math.hypot(width, height) / text_width)
        canvas.saveState()
        canvas.setFillColor(style.textColor)
        canvas.setFillAlpha(self.sheet.spec.draft_mark.opacity)
        canvas.setFont(style.fontName, size)
        canvas.translate(width / 2, height / 2)
        canvas.rotate(math.degrees(math.atan2(height, width)))
        canvas.drawCentredString(0, -size * 0.35, self.draft_mark)
        canvas.restoreState()


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


def _page_templates(sheet: _Stylesheet, furniture: _Furniture) -> list[PageTemplate]:
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

    def on_body_page(canvas: Canvas, _template: BaseDocTemplate) -> None:
        furniture.draw_header(canvas)
        furniture.draw_footer(canvas)

    def after_page(canvas: Canvas, _template: BaseDocTemplate) -> None:
        # Over the text, translucent: table backgrounds would hide a mark drawn beneath.
        furniture.draw_draft_mark(canvas)

    return [
        PageTemplate("cover", frames=[frame("cover")], onPage=on_cover, onPageEnd=after_page),
        PageTemplate("body", frames=[frame("body")], onPage=on_body_page, onPageEnd=after_page),
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
        *args: typing.Any,
        furniture: _Furniture,
        properties: tuple[tuple[str, str], ...],
        date_stamp: str,
        **kwargs: typing.Any,
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
