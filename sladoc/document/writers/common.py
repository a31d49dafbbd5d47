"""What every writer shares: where the look comes from, the fixed words of the furniture,
the document's date, and the checks that make a document fail the same way in every format.
"""

from __future__ import annotations

import datetime
import math
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sladoc.document.tree import (
    Block,
    Box,
    BulletList,
    Columns,
    Document,
    Dot,
    Figure,
    Heading,
    Label,
    Line,
    Paragraph,
    Parallel,
    Signatures,
    Table,
    walk_text,
)
from sladoc.errors import RenderError


@dataclass(frozen=True)
class Look:
    """Where a document's appearance comes from: a Word reference document (styles, cover,
    header, footer) and the PDF stylesheet. The Markdown writer needs neither.

    ``cover``: a contract's PDF opens with a cover page; a report's does not, and its first
    page has no header (the page starts with the report's own title), only the footer. (A
    Word reference document brings its own cover, or none.)"""

    docx_template: Path
    pdf_stylesheet: Path
    cover: bool = True


# Fixed words the furniture needs when ``DocumentInfo.labels`` lacks them (English).
DEFAULT_LABELS = {
    "page": "Page",
    "of": "of",
    "version": "Version",
    "draft": "Draft",
    "final": "Final",
    "date": "Date",
    "contents": "Contents",
}


TABLE_GAP = 6
"""Points between a side-by-side block (:class:`~sladoc.document.tree.Parallel`) and a table
next to it: Word joins tables that meet into one."""

_TABLE_LIKE = (Table, Columns, Signatures, Parallel)


def tables_meet(block: Block, following: Block | None) -> bool:
    """Whether ``block`` and ``following`` are tables with nothing between them, one of them
    side-by-side blocks (no other blocks ever meet)."""
    return (
        isinstance(block, _TABLE_LIKE)
        and isinstance(following, _TABLE_LIKE)
        and (isinstance(block, Parallel) or isinstance(following, Parallel))
    )


def label(doc: Document, key: str) -> str:
    """A translated fixed word (``page``, ``of``, ``version``, ``draft``, ``final``, ``date``,
    ``contents``)."""
    return doc.info.labels.get(key) or DEFAULT_LABELS[key]


def status_label(doc: Document) -> str:
    """What the footer and cover call the document's status: the ``draft`` or ``final`` label."""
    return label(doc, doc.info.status)


# XML 1.0 forbids these even as character references; lxml refuses them and a zip that
# contains them is a document Word cannot open.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def character_name(char: str) -> str:
    """How errors name a character: ``U+1F600 GRINNING FACE``."""
    fallback = "control character" if unicodedata.category(char) == "Cc" else "unnamed"
    return f"U+{ord(char):04X} {unicodedata.name(char, fallback)}"


def quote_around(text: str, index: int, context: int = 30) -> str:
    """The text near ``index``, quoted, so a reader can find the spot in the source."""
    start = max(0, index - context)
    end = min(len(text), index + context + 1)
    excerpt = text[start:end]
    return ("…" if start else "") + repr(excerpt)[1:-1] + ("…" if end < len(text) else "")


def unusable_character_error(text: str, index: int, why: str) -> RenderError:
    return RenderError(
        f'{character_name(text[index])} {why}, in text: "{quote_around(text, index)}"'
    )


def document_day(doc: Document) -> datetime.date:
    """The document's date: the only date any writer puts into a file."""
    try:
        return datetime.date.fromisoformat(doc.info.date)
    except ValueError:
        date = doc.info.date
        raise RenderError(f"document date {date!r} is not an ISO date (YYYY-MM-DD)") from None


def document_texts(doc: Document) -> Iterator[str]:
    """Every string a writer may put into its output, the furniture included."""
    info = doc.info
    yield from (info.title, info.subtitle, info.version, info.date, info.language)
    yield from info.labels.values()
    for name, value in info.properties:
        yield name
        yield value
    yield from walk_text(doc.blocks)
    for block in _all_blocks(doc.blocks):
        if isinstance(block, Figure):
            yield block.description
            yield from (shape.text for shape in block.shapes if isinstance(shape, Label))


def check_document(doc: Document) -> None:
    """Raise RenderError for what no writer can draw faithfully: a character no XML
    document may contain, or a table whose rows, widths or numeric columns do not match
    its header, or a date that is not ISO. Every writer checks, so a document fails the same
    way in every format."""
    document_day(doc)
    for text in document_texts(doc):
        found = _XML_ILLEGAL.search(text)
        if found:
            raise unusable_character_error(text, found.start(), "cannot be written into a document")
    for block in _all_blocks(doc.blocks):
        if isinstance(block, Table):
            _check_table(block)
        elif isinstance(block, Figure):
            _check_figure(block)
        elif isinstance(block, Columns):
            for row in block.rows:
                if len(row.cells) != len(block.titles):
                    raise RenderError(
                        f"column block {block.titles!r}: topic {row.label!r} has "
                        f"{len(row.cells)} cells for {len(block.titles)} columns"
                    )


def _all_blocks(blocks: tuple[Block, ...]) -> Iterator[Block]:
    for block in blocks:
        yield block
        if isinstance(block, Columns):
            for row in block.rows:
                for cell in row.cells:
                    yield from _all_blocks(cell)
        elif isinstance(block, Parallel):
            for cells in block.rows:
                for cell in cells:
                    yield from _all_blocks(cell)


def _check_table(table: Table) -> None:
    name = f"table {table.caption or table.header!r}"
    columns = len(table.header)
    if table.widths is not None and (
        len(table.widths) != columns or not all(width > 0 for width in table.widths)
    ):
        raise RenderError(f"{name}: widths {table.widths!r} do not fit {columns} columns")
    if not all(0 <= index < columns for index in table.numeric):
        raise RenderError(f"{name}: numeric columns {table.numeric!r} outside 0..{columns - 1}")
    for number, row in enumerate(table.rows, start=1):
        if len(row) != columns:
            raise RenderError(f"{name}: row {number} has {len(row)} cells for {columns} columns")


_COLOUR = re.compile("#[0-9a-fA-F]{6}")


def _check_figure(figure: Figure) -> None:
    """A figure has a size, and its shapes' numbers and colours are ones every writer can
    draw: a NaN or a colour name would stop the PDF and the DOCX image in different ways."""
    name = f"figure {figure.caption or figure.description!r}"
    numbers: list[float] = [figure.width, figure.height]
    colours: list[str | None] = []
    for shape in figure.shapes:
        if isinstance(shape, Line):
            numbers += [shape.width, *shape.dash, *(n for point in shape.points for n in point)]
            colours.append(shape.colour)
        elif isinstance(shape, Box):
            numbers += [shape.x, shape.y, shape.width, shape.height, shape.edge_width]
            colours += [shape.fill, shape.edge]
        elif isinstance(shape, Dot):
            numbers += [shape.x, shape.y, shape.radius, shape.edge_width]
            colours.append(shape.colour)
        else:
            numbers += [shape.x, shape.y, shape.size]
            colours.append(shape.colour)
    if not all(math.isfinite(number) for number in numbers):
        raise RenderError(f"{name}: a size or position that is not a finite number")
    if min(figure.width, figure.height) <= 0:
        raise RenderError(f"{name}: {figure.width} × {figure.height} points is no size")
    for colour in colours:
        if colour is not None and not _COLOUR.fullmatch(colour):
            raise RenderError(f"{name}: colour {colour!r} is not written #rrggbb")


E_MAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
"""An e-mail address in running text."""


def address_breaks(text: str) -> list[str]:
    """``text`` cut after each ``@`` and ``.`` inside an e-mail address: the points where
    a narrow table cell may break a long address (never inside a word)."""
    pieces: list[str] = []
    start = 0
    for match in E_MAIL.finditer(text):
        for index in range(match.start(), match.end() - 1):
            if text[index] in "@." and index + 1 < match.end():
                pieces.append(text[start : index + 1])
                start = index + 1
    pieces.append(text[start:])
    return pieces


def keeps_with_next(block: Block, following: Block | None, previous: Block | None = None) -> bool:
    """Whether ``block`` must not be the last thing on a page: a heading; a paragraph that
    leads into a list, a table, side-by-side blocks or the signatures; and a note directly
    under a heading that opens what follows it (a layout's guidance), not one that is all
    the heading holds ("No requirements are set"). Any other note says something about
    what is above it (a table's footnote), not what follows."""
    if isinstance(block, Heading):
        return True
    if not isinstance(block, Paragraph) or following is None:
        return False
    if block.style == "note":
        return isinstance(previous, Heading) and not isinstance(following, Heading)
    return isinstance(following, (BulletList, Table, Columns, Signatures, Figure))
