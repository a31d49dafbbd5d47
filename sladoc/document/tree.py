"""The document tree: what a contract says, with no idea of how it is drawn.

``compose`` turns an agreement into a :class:`Document`; each writer (DOCX, PDF, Markdown)
turns a Document into bytes. Because every writer reads the same tree, the formats cannot
say different things. Nodes are plain frozen dataclasses: no I/O, no styling beyond a
semantic ``style`` name that each writer maps to its own look.

All text is literal. Writers must escape it for their format; nothing in a node is ever
interpreted as markup or template code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Union


@dataclass(frozen=True)
class Run:
    """A piece of inline text with emphasis."""

    text: str
    bold: bool = False
    italic: bool = False
    ref: str = ""
    """A cross-reference: the ``anchor`` of the heading whose number this text is ("6",
    "8.1"); writers may link it there or make it a live reference."""
    link: bool = False
    """With ``ref``: the text is not the heading's number but words of its own ("see the
    full terms", a line of the contents), a plain link to the heading."""


Inline = tuple[Run, ...]
"""A line of inline text: one or more runs."""


def inline(*parts: str | Run) -> Inline:
    """Build an Inline from strings (plain runs) and Runs."""
    return tuple(p if isinstance(p, Run) else Run(p) for p in parts if p != "")


def plain_text(content: Inline) -> str:
    return "".join(run.text for run in content)


@dataclass(frozen=True)
class Heading:
    """A section heading; level 1 is a top section. Headings are bookmarks in PDF and
    heading styles in DOCX, so readers can jump between them.

    A numbered heading (a clause: "5. Termination", "5.1 Escalation", "Pasal 5 – ...")
    carries its ``number`` as the reader sees it before the text; the DOCX draws it with
    Word's list numbering (``DocumentInfo.numbering``), the PDF and Markdown as text.
    ``anchor`` names the heading for cross-references ("" for none)."""

    level: int
    text: str
    number: str = ""
    anchor: str = ""

    @property
    def shown(self) -> str:
        """The heading as it reads: its number, then its text."""
        return f"{self.number} {self.text}" if self.number else self.text


ParagraphStyle = Literal["body", "note", "lead", "clause"]


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of inline text. ``note`` is small print (workings, conventions);
    ``lead`` is an introductory sentence; ``clause`` is formal contract wording."""

    content: Inline
    style: ParagraphStyle = "body"


@dataclass(frozen=True)
class BulletList:
    items: tuple[Inline, ...]
    numbered: bool = False


@dataclass(frozen=True)
class Table:
    """A table whose first row is a header repeated on every page.

    ``widths`` are relative column widths (any positive numbers); ``None`` means equal.
    ``numeric`` marks columns whose cells are right-aligned figures.
    """

    header: tuple[str, ...]
    rows: tuple[tuple[Inline, ...], ...]
    widths: tuple[float, ...] | None = None
    numeric: tuple[int, ...] = ()
    caption: str = ""


@dataclass(frozen=True)
class ColumnRow:
    """One topic of a side-by-side block (e.g. "Goals"): a label spanning all columns,
    then one cell of blocks per column."""

    label: str
    cells: tuple[tuple[Block, ...], ...]


@dataclass(frozen=True)
class Columns:
    """Blocks laid out side by side, one column per party, as in the classic two-column
    Marketing | Sales agreement; rows keep each topic aligned across the parties.
    Writers draw it as a table whose header (the column titles) repeats on every page;
    Markdown writes it as a plain table."""

    titles: tuple[str, ...]
    rows: tuple[ColumnRow, ...]


@dataclass(frozen=True)
class Signer:
    """One execution block: a caption (for whom, or "Witness"), the label before the
    signature line ("By:"), then the lines under it, each a label and a value ("Name:",
    "Amir Hakim"; a value left empty is to be filled in by hand, as the date often is).
    ``stamp``, when given, is the text of a box for the stamp duty (Indonesian agreements:
    "Meterai Rp10.000") above the signature line, the signature to go across it."""

    party: str
    by: str
    details: tuple[tuple[str, str], ...]
    stamp: str = ""

    @property
    def texts(self) -> list[str]:
        """The block's words in reading order."""
        out = [self.party, self.stamp, self.by] if self.stamp else [self.party, self.by]
        for caption, value in self.details:
            out.append(f"{caption} {value}" if value else caption)
        return out


@dataclass(frozen=True)
class Signatures:
    """The execution blocks, kept on one page with the heading and the closing formula
    before them; every party's blocks in order, a witness after the signatories."""

    signers: tuple[Signer, ...]

    @property
    def per_row(self) -> int:
        """How many blocks stand side by side: two for two or four (a pair, or two pairs),
        else three, so that many signatories still fit on one page."""
        return 2 if len(self.signers) in (1, 2, 4) else 3


# --- figures: vector drawings ------------------------------------------------------------

Colour = str
"""A colour written ``#rrggbb``."""


@dataclass(frozen=True)
class Line:
    """An open line through ``points`` (x, y), drawn in ``colour`` ``width`` points wide;
    ``dash`` alternates the lengths of dashes and gaps (empty: solid)."""

    points: tuple[tuple[float, float], ...]
    colour: Colour
    width: float
    dash: tuple[float, ...] = ()


@dataclass(frozen=True)
class Box:
    """A rectangle from its lower left corner; ``fill`` or ``edge`` may be None (not
    drawn)."""

    x: float
    y: float
    width: float
    height: float
    fill: Colour | None
    edge: Colour | None = None
    edge_width: float = 0


@dataclass(frozen=True)
class Dot:
    """A filled circle (a marker on a line), outlined ``edge_width`` wide in its colour."""

    x: float
    y: float
    radius: float
    colour: Colour
    edge_width: float = 1.0


@dataclass(frozen=True)
class Label:
    """Text on one line, its baseline at ``y``; ``anchor`` says whether ``x`` is where the
    text starts, its middle or where it ends. ``upright`` turns it a quarter turn
    anticlockwise about (x, y), to read from bottom to top (a vertical axis's name)."""

    x: float
    y: float
    text: str
    size: float
    colour: Colour
    bold: bool = False
    anchor: Literal["start", "middle", "end"] = "start"
    upright: bool = False


Shape = Union[Line, Box, Dot, Label]


@dataclass(frozen=True)
class Figure:
    """A vector drawing such as a chart: shapes in points, the origin at the lower left,
    ``width`` by ``height`` points. A writer draws it at that size, or scaled down to fit
    the text width; the PDF draws the shapes, the DOCX an image of them and Markdown, which
    cannot show a drawing, its ``description``. Label text is set in the embedded DejaVu
    Sans (:mod:`sladoc.document.fonts`), which the drawing's layout was measured with.

    ``description`` says what the figure shows, for readers who cannot see it (the DOCX
    image's alternative text); ``caption``, when given, is set above it as a table's is.
    """

    width: float
    height: float
    shapes: tuple[Shape, ...]
    description: str
    caption: str = ""


@dataclass(frozen=True)
class Parallel:
    """Two language versions side by side, as bilingual contracts are drawn: each row holds
    the same passage in the left and the right language. A row is never split across pages,
    so a clause and its translation start at the same height and stay together; writers draw
    it as a borderless two-column table and Markdown writes each row's left, then its right
    cell."""

    rows: tuple[tuple[tuple[Block, ...], tuple[Block, ...]], ...]


Block = Union[Heading, Paragraph, BulletList, Table, Columns, Signatures, Figure, Parallel]


@dataclass(frozen=True)
class DocumentInfo:
    """What headers, footers, the cover and document properties show."""

    title: str
    subtitle: str
    version: str
    status: Literal["draft", "final"]
    date: str  # ISO date; drives document dates, never the clock
    language: str
    labels: dict[str, str] = field(default_factory=dict, hash=False, compare=False)
    """Translated fixed words the writers need: ``page``, ``of``, ``draft``, ``version``."""
    properties: tuple[tuple[str, str], ...] = ()
    """Extra document properties (provenance), written as custom properties."""
    date_text: str = ""
    """``date`` as the contract writes it ("1 March 2027"): the cover's date."""
    numbering: tuple[str, ...] = ("%1.", "%1.%2", "%1.%2.%3")
    """How numbered headings show their number, per level, in Word's list-level syntax
    (``%1`` the clause, ``%2`` the sub-clause): "%1." gives "5.", "Pasal %1 –" gives
    "Pasal 5 –". The DOCX writes it into its list numbering; compose numbers the tree's
    headings with the same patterns (:func:`number_label`)."""


def number_label(numbering: tuple[str, ...], number: tuple[int, ...]) -> str:
    """A heading's number as shown: the pattern of its level with ``%1``, ``%2``, ...
    replaced by the numbers of the clause, the sub-clause, ...; "5." for (5,) and "%1."."""
    label = numbering[min(len(number), len(numbering)) - 1]
    for level, value in reversed(list(enumerate(number, start=1))):
        label = label.replace(f"%{level}", str(value))
    return label


@dataclass(frozen=True)
class Document:
    info: DocumentInfo
    blocks: tuple[Block, ...]


def walk_text(blocks: tuple[Block, ...]) -> list[str]:
    """Every piece of text in reading order: the order both writers must emit it in.

    Used by tests that compare what the DOCX and the PDF say.
    """
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Heading):
            out.append(block.shown)
        elif isinstance(block, Paragraph):
            out.append(plain_text(block.content))
        elif isinstance(block, BulletList):
            out.extend(plain_text(item) for item in block.items)
        elif isinstance(block, Table):
            if block.caption:
                out.append(block.caption)
            out.extend(block.header)
            for cells in block.rows:
                out.extend(plain_text(cell) for cell in cells)
        elif isinstance(block, Columns):
            out.extend(block.titles)
            for row in block.rows:
                out.append(row.label)
                for blocks_of_cell in row.cells:
                    out.extend(walk_text(blocks_of_cell))
        elif isinstance(block, Parallel):
            for left, right in block.rows:
                out.extend(walk_text(left))
                out.extend(walk_text(right))
        elif isinstance(block, Signatures):
            for signer in block.signers:
                out.extend(signer.texts)
        elif isinstance(block, Figure) and block.caption:
            # Only the caption is text in every format: the labels of the drawing are
            # pixels in the DOCX.
            out.append(block.caption)
    return out
