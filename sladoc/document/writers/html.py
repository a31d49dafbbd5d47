"""The HTML writer: the document tree as one self-contained, accessible web page.

The page needs nothing from outside and no script: its style sheet is inline, figures are
inline SVG, and the fonts are named, not fetched (Liberation Sans, the PDF's embedded face,
then Arial, which the DOCX names). The look comes from the same stylesheet as the PDF's
(``templates/pdf-style.yaml``, with the reference document's accent colours laid over it,
read by the PDF writer's own loader), so the two cannot drift apart; a print style sheet
lays the page out on the stylesheet's paper and margins.

Headings are real headings (the title is the only ``h1``), each with an anchor that the
table of contents links to; tables have ``<th scope>`` headers and captions; the
provenance properties are ``<meta>`` elements, which :mod:`sladoc.review.textconv` reads
back. Every text is escaped; nothing in a node is ever markup. The bytes are a pure
function of the document and the look.

Each node type has its own function in :data:`_BLOCKS`: a new node type needs one entry.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from html import escape
from typing import Any

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
    Paragraph,
    Parallel,
    Run,
    Shape,
    Signatures,
    Table,
)
from sladoc.document.writers.common import Look, check_document, label, status_label

CONTENT_ID = "sladoc-document"
"""The id of the element that holds everything the document says: the preview replaces
its contents in place."""

_FONTS = '"Liberation Sans", Arial, Helvetica, sans-serif'
_FIGURE_FONT = '"DejaVu Sans", Verdana, sans-serif'
_PAPER_MM = {"A4": (210, 297), "letter": (215.9, 279.4)}


def write_html(doc: Document, look: Look) -> bytes:
    """Render ``doc`` as one HTML page in ``look``'s colours and type."""
    check_document(doc)
    return seal(page(doc, look, head_extra="", body_extra="").encode("utf-8"), ANCHORS["html"])


def page(
    doc: Document, look: Look, *, head_extra: str, body_extra: str, inner: str | None = None
) -> str:
    """The whole page; ``head_extra`` and ``body_extra`` are markup a caller adds (the
    preview's script and panel), empty for the HTML edition; ``inner`` is
    :func:`content`'s result when the caller has it already."""
    info = doc.info
    metas = "".join(
        f'<meta name="{escape(name)}" content="{escape(value)}">\n'
        for name, value in info.properties
    )
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{escape(info.language or "en")}">\n<head>\n'
        '<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_text(' '.join(info.title.split()))}</title>\n"
        '<meta name="generator" content="sladoc">\n'
        f'<meta name="date" content="{escape(info.date)}">\n'
        f"{metas}<style>\n{stylesheet(look)}</style>\n{head_extra}</head>\n"
        f'<body class="{escape(info.status)}">\n'
        f'<div id="{CONTENT_ID}">\n{inner if inner is not None else content(doc)}</div>\n'
        f"{body_extra}</body>\n</html>\n"
    )


def content(doc: Document) -> str:
    """What the document says, as the inside of the page's body: the cover block, the
    table of contents and the text."""
    anchors = _Anchors()
    body = "".join(_sections(doc.blocks, doc, anchors))
    return _cover(doc) + _contents(doc, anchors.toc) + f"<main>\n{body}</main>\n"


# --- the look: the PDF stylesheet as CSS ------------------------------------------------------


def stylesheet(look: Look) -> str:
    """The page's CSS, from the PDF stylesheet and the reference document's accents."""
    from sladoc.document.writers.pdf import stylesheet_values

    spec, colours = stylesheet_values(look)
    text: dict[str, Any] = spec.text.model_dump()
    spacing = spec.spacing
    page = spec.page
    paper_width, _ = _PAPER_MM[page.size]
    measure = paper_width - page.margin_left_mm - page.margin_right_mm

    def style(name: str) -> str:
        t = text[name]
        return (
            f"font-size:{t['size']}pt;line-height:{t['leading']}pt;"
            f"margin:{t['space_before']}pt 0 {t['space_after']}pt {t['indent']}pt;"
            f"font-weight:{'bold' if t['bold'] else 'normal'};color:{colours[t['colour']]};"
            f"text-align:{'justify' if t['justify'] else 'left'}"
        )

    padding = spacing.cell_padding
    cell_padding = f"padding:{padding * 2 / 3:.2f}pt {padding}pt"
    rules = [
        f"html{{background:#ffffff;color:{colours['text']}}}",
        f"body{{font-family:{_FONTS};{style('body')};margin:0 auto;"
        f"max-width:{measure}mm;padding:12mm 6mm}}",
        "p{margin-top:0}",
        f"h1{{{style('title')}}}",
        f".cover{{border-bottom:1.5pt solid {colours['accent']};margin-bottom:18pt}}",
        f".subtitle{{{style('subtitle')}}}",
        f".meta{{{style('cover_meta')}}}",
        f"h2{{{style('heading_1')}}}",
        f"h3{{{style('heading_2')}}}",
        f"h4,h5,h6{{{style('heading_3')}}}",
        *(f"p.{name}{{{style(name)}}}" for name in ("body", "lead", "note", "clause")),
        f"ul,ol{{margin:0 0 {spacing.block_gap}pt 0;padding-left:{spacing.list_indent}pt}}",
        f"li{{{style('list_item')}}}",
        f"table{{border-collapse:collapse;width:100%;margin:0 0 {spacing.block_gap}pt 0}}",
        f"caption{{{style('caption')};caption-side:top}}",
        f"th,td{{{style('table_cell')};margin:0;vertical-align:top;{cell_padding};"
        f"border-bottom:0.5pt solid {colours['rule']}}}",
        f"thead th{{{style('table_header')};margin:0;{cell_padding};"
        f"background:{colours['table_header_background']}}}",
        f"tbody tr:nth-child(even) td{{background:{colours['table_stripe']}}}",
        "td.number,th.number{text-align:right;font-variant-numeric:tabular-nums}",
        "td p:last-child,td ul:last-child,td ol:last-child{margin-bottom:0}",
        f"tbody th.label{{{style('column_label')};margin:0;"
        f"background:{colours['label_background']}}}",
        "table.columns tbody tr:nth-child(even) td{background:none}",
        f"figure{{margin:0 0 {spacing.block_gap}pt 0}}",
        f"figcaption{{{style('caption')}}}",
        "svg{max-width:100%;height:auto}",
        ".signatures{display:flex;flex-wrap:wrap;gap:0 10mm;"
        f"margin:0 0 {spacing.block_gap}pt 0;break-inside:avoid}}",
        ".signer{flex:1 1 45%;min-width:14em}",
        ".pair{display:grid;grid-template-columns:1fr 1fr;column-gap:6mm}",
        ".pair>div>:first-child{margin-top:0}",
        ".signer p{margin:0}",
        f".party{{{style('signature_party')}}}",
        f".signer .name{{{style('signature_name')}}}",
        f".signer .small{{{style('signature_small')}}}",
        f".signer .stamp{{{style('signature_small')};width:30mm;height:18mm;"
        f"border:0.6pt dashed {colours['text']};display:flex;align-items:center;"
        "justify-content:center;text-align:center}",
        f".signer .line{{border-bottom:0.6pt solid {colours['text']};"
        f"margin:{spacing.signature_line_gap}pt 0 2pt 0}}",
        f"nav.contents{{{style('body')};margin-bottom:18pt}}",
        f"nav.contents h2{{{style('heading_2')}}}",
        "nav.contents ol{list-style:none;margin:0;padding-left:0}",
        f"nav.contents ol ol{{padding-left:{spacing.list_indent}pt}}",
        f"nav.contents li{{{style('list_item')}}}",
        f"a{{color:{colours['accent']}}}",
        f"body.draft .status{{color:{colours['accent']};font-weight:bold}}",
        "@media print{"
        f"@page{{size:{page.size};margin:{page.margin_top_mm}mm {page.margin_right_mm}mm "
        f"{page.margin_bottom_mm}mm {page.margin_left_mm}mm}}"
        "body{max-width:none;padding:0}"
        "a{color:inherit;text-decoration:none}"
        "nav.contents{break-after:page}"
        "h2,h3,h4,h5,h6,caption,figcaption{break-after:avoid}"
        "tr,figure,.signer,.pair{break-inside:avoid}"
        "thead{display:table-header-group}"
        "}",
    ]
    return "\n".join(rules) + "\n"


# --- the cover block and the table of contents -----------------------------------------------


def _cover(doc: Document) -> str:
    info = doc.info
    parts = [f"<h1>{_text(' '.join(info.title.split()))}</h1>\n"]
    if info.subtitle:
        parts.append(f'<p class="subtitle">{_lines(info.subtitle)}</p>\n')
    version = _text(f"{label(doc, 'version')} {info.version}")
    status = f'<span class="status">{_text(status_label(doc))}</span>'
    date = f'<time datetime="{escape(info.date)}">{_text(info.date_text or info.date)}</time>'
    parts.append(f'<p class="meta">{version} · {status} · {date}</p>\n')
    return f'<header class="cover">\n{"".join(parts)}</header>\n'


def _contents(doc: Document, toc: list[tuple[int, str, str]]) -> str:
    """A nested list of links to the document's top-level headings (and their sub-headings);
    none for a document without headings, or one that holds its own contents (a layout's)."""
    if not toc or any(isinstance(b, Heading) and b.anchor == "contents" for b in doc.blocks):
        return ""
    name = _text(label(doc, "contents"))
    out = [f'<nav class="contents" aria-labelledby="contents">\n<h2 id="contents">{name}</h2>\n']
    depth = 0
    for level, anchor, text in toc:
        if level > depth:
            out.append("<ol>\n<li>" * (level - depth))
        else:
            out.append("</li>\n</ol>\n" * (depth - level) + "</li>\n<li>")
        depth = level
        out.append(f'<a href="#{anchor}">{_text(text)}</a>')
    out.append("</li>\n</ol>\n" * depth)
    out.append("</nav>\n")
    return "".join(out)


class _Anchors:
    """A unique anchor per heading, from its words (``#service-credits``), and the table of
    contents' entries (the document's own headings, levels 1 and 2)."""

    def __init__(self) -> None:
        self.used: set[str] = {"contents", CONTENT_ID}
        self.toc: list[tuple[int, str, str]] = []

    def new(self, heading: Heading, *, listed: bool) -> str:
        """The heading's own anchor, which cross-references link to, the first time it is
        used (a translation's heading gets another); else one made from its words."""
        words = unicodedata.normalize("NFKD", heading.text).encode("ascii", "ignore").decode()
        slug = re.sub(r"[^a-z0-9]+", "-", words.lower()).strip("-")[:60].strip("-") or "section"
        anchor, number = heading.anchor or slug, 1
        while anchor in self.used:
            number += 1
            anchor = f"{slug}-{number}"
        self.used.add(anchor)
        if listed and heading.level <= 2:
            self.toc.append((heading.level, anchor, " ".join(heading.shown.split())))
        return anchor


# --- blocks -----------------------------------------------------------------------------------


def _sections(blocks: tuple[Block, ...], doc: Document, anchors: _Anchors) -> Iterator[str]:
    """The top-level blocks, each top-level heading opening a ``<section>`` that holds what
    follows it up to the next one."""
    open_section = False
    for block in blocks:
        if isinstance(block, Heading) and block.level == 1:
            if open_section:
                yield "</section>\n"
            anchor = anchors.new(block, listed=True)
            yield f'<section aria-labelledby="{anchor}">\n'
            yield _heading_at(block, anchor)
            open_section = True
        elif isinstance(block, Heading):
            yield _heading_at(block, anchors.new(block, listed=True))
        else:
            yield _block(block, doc, anchors)
    if open_section:
        yield "</section>\n"


def _block(block: Block, doc: Document, anchors: _Anchors) -> str:
    write = _BLOCKS.get(type(block))
    if write is None:
        raise TypeError(f"unknown block {type(block).__name__}")
    return write(block, doc, anchors)


def _heading(block: Heading, doc: Document, anchors: _Anchors) -> str:
    """A heading inside a block (a column's cell): anchored, not in the contents."""
    return _heading_at(block, anchors.new(block, listed=False))


def _heading_at(block: Heading, anchor: str) -> str:
    level = min(block.level + 1, 6)  # the title is the only h1
    return f'<h{level} id="{anchor}">{_text(" ".join(block.shown.split()))}</h{level}>\n'


def _paragraph(block: Paragraph, doc: Document, anchors: _Anchors) -> str:
    return f'<p class="{block.style}">{_inline(block.content)}</p>\n'


def _list(block: BulletList, doc: Document, anchors: _Anchors) -> str:
    tag = "ol" if block.numbered else "ul"
    items = "".join(f"<li>{_inline(item)}</li>\n" for item in block.items)
    return f"<{tag}>\n{items}</{tag}>\n"


def _table(block: Table, doc: Document, anchors: _Anchors) -> str:
    out = ["<table>\n"]
    if block.caption:
        out.append(f"<caption>{_text(block.caption)}</caption>\n")
    if block.widths is not None:
        total = sum(block.widths)
        out.append("<colgroup>")
        out.extend(f'<col style="width:{width / total * 100:.2f}%">' for width in block.widths)
        out.append("</colgroup>\n")
    out.append(_header_row(block.header, block.numeric))
    out.append("<tbody>\n")
    for row in block.rows:
        cells = "".join(
            f'<td class="number">{_inline(cell)}</td>'
            if index in block.numeric
            else f"<td>{_inline(cell)}</td>"
            for index, cell in enumerate(row)
        )
        out.append(f"<tr>{cells}</tr>\n")
    out.append("</tbody>\n</table>\n")
    return "".join(out)


def _header_row(titles: tuple[str, ...], numeric: tuple[int, ...] = ()) -> str:
    number = ' class="number"'
    cells = "".join(
        f'<th scope="col"{number if index in numeric else ""}>{_text(title)}</th>'
        for index, title in enumerate(titles)
    )
    return f"<thead>\n<tr>{cells}</tr>\n</thead>\n"


def _columns(block: Columns, doc: Document, anchors: _Anchors) -> str:
    out = ['<table class="columns">\n']
    width = 100 / max(1, len(block.titles))
    out.append("<colgroup>")
    out.extend(f'<col style="width:{width:.2f}%">' for _ in block.titles)
    out.append("</colgroup>\n")
    out.append(_header_row(block.titles))
    span = len(block.titles)
    for row in block.rows:
        out.append(
            f'<tbody>\n<tr><th class="label" scope="rowgroup" colspan="{span}">'
            f"{_text(row.label)}</th></tr>\n<tr>"
        )
        for cell in row.cells:
            out.append("<td>\n" + "".join(_block(b, doc, anchors) for b in cell) + "</td>")
        out.append("</tr>\n</tbody>\n")
    out.append("</table>\n")
    return "".join(out)


def _parallel(block: Parallel, doc: Document, anchors: _Anchors) -> str:
    """Each passage beside its translation: the left version's headings are the ones the
    table of contents lists."""
    out = ['<div class="parallel">\n']
    for left, right in block.rows:
        out.append('<div class="pair">\n')
        for version, listed in ((left, True), (right, False)):
            out.append("<div>\n")
            for part in version:
                if isinstance(part, Heading):
                    out.append(_heading_at(part, anchors.new(part, listed=listed)))
                else:
                    out.append(_block(part, doc, anchors))
            out.append("</div>\n")
        out.append("</div>\n")
    out.append("</div>\n")
    return "".join(out)


def _signatures(block: Signatures, doc: Document, anchors: _Anchors) -> str:
    """The execution blocks: for whom, the stamp-duty box if any, the line to sign on, then
    the details (the name in full size), as the PDF draws them."""
    out = ['<div class="signatures">\n']
    for signer in block.signers:
        out.append(f'<div class="signer">\n<p class="party">{_text(signer.party)}</p>\n')
        if signer.stamp:
            out.append(f'<p class="stamp">{_text(signer.stamp)}</p>\n')
        out.append(f'<p class="small">{_text(signer.by)}</p>\n')
        out.append('<div class="line" aria-hidden="true"></div>\n')
        for index, (caption, value) in enumerate(signer.details):
            style = "name" if index == 0 else "small"
            text = f"{caption} {value}" if value else caption
            out.append(f'<p class="{style}">{_text(text)}</p>\n')
        out.append("</div>\n")
    out.append("</div>\n")
    return "".join(out)


def _figure(block: Figure, doc: Document, anchors: _Anchors) -> str:
    caption = f"<figcaption>{_text(block.caption)}</figcaption>\n" if block.caption else ""
    return f"<figure>\n{caption}{svg(block)}</figure>\n"


_BLOCKS: dict[type[Any], Callable[[Any, Document, _Anchors], str]] = {
    Heading: _heading,
    Paragraph: _paragraph,
    BulletList: _list,
    Table: _table,
    Columns: _columns,
    Parallel: _parallel,
    Signatures: _signatures,
    Figure: _figure,
}
"""How each node type is written; ``Heading`` here is one inside another block (top-level
headings are :func:`_sections`'s)."""


# --- figures: inline SVG ----------------------------------------------------------------------


def svg(figure: Figure) -> str:
    """The figure as an SVG element, ``width`` by ``height`` points, its description as the
    accessible name. The tree's origin is at the lower left, SVG's at the upper left."""
    height = figure.height
    shapes = "".join(_shape(shape, height) for shape in figure.shapes)
    description = escape(figure.description)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="{description}" '
        f'width="{_n(figure.width)}pt" height="{_n(height)}pt" '
        f"viewBox=\"0 0 {_n(figure.width)} {_n(height)}\" font-family='{_FIGURE_FONT}'>\n"
        f"<title>{_text(figure.description)}</title>\n{shapes}</svg>\n"
    )


def _shape(shape: Shape, height: float) -> str:
    if isinstance(shape, Line):
        points = " ".join(f"{_n(x)},{_n(height - y)}" for x, y in shape.points)
        dash = f' stroke-dasharray="{" ".join(map(_n, shape.dash))}"' if shape.dash else ""
        return (
            f'<polyline points="{points}" fill="none" stroke="{shape.colour}" '
            f'stroke-width="{_n(shape.width)}"{dash}/>\n'
        )
    if isinstance(shape, Box):
        fill = shape.fill or "none"
        edge = (
            f' stroke="{shape.edge}" stroke-width="{_n(shape.edge_width)}"'
            if shape.edge is not None and shape.edge_width > 0
            else ""
        )
        top = height - shape.y - shape.height
        return (
            f'<rect x="{_n(shape.x)}" y="{_n(top)}" width="{_n(shape.width)}" '
            f'height="{_n(shape.height)}" fill="{fill}"{edge}/>\n'
        )
    if isinstance(shape, Dot):
        return (
            f'<circle cx="{_n(shape.x)}" cy="{_n(height - shape.y)}" r="{_n(shape.radius)}" '
            f'fill="{shape.colour}" stroke="{shape.colour}" '
            f'stroke-width="{_n(shape.edge_width)}"/>\n'
        )
    assert isinstance(shape, Label)
    x, y = _n(shape.x), _n(height - shape.y)
    turn = f' transform="rotate(-90 {x} {y})"' if shape.upright else ""
    weight = ' font-weight="bold"' if shape.bold else ""
    return (
        f'<text x="{x}" y="{y}" font-size="{_n(shape.size)}" fill="{shape.colour}" '
        f'text-anchor="{shape.anchor}"{weight}{turn}>{_text(shape.text)}</text>\n'
    )


def _n(number: float) -> str:
    """A coordinate with at most two decimals and no trailing zeros."""
    text = f"{number:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


# --- text -------------------------------------------------------------------------------------


def _text(text: str) -> str:
    """Literal text, escaped for any place in an element's content or an attribute."""
    return escape(text, quote=True)


def _lines(text: str) -> str:
    """Literal text whose line breaks stay line breaks."""
    return "<br>".join(_text(line) for line in text.split("\n"))


def _inline(content: Inline) -> str:
    return "".join(_run(run) for run in content)


def _run(run: Run) -> str:
    text = _lines(run.text)
    if run.italic:
        text = f"<em>{text}</em>"
    if run.bold:
        text = f"<strong>{text}</strong>"
    if run.ref:
        text = f'<a href="#{_text(run.ref)}">{text}</a>'
    return text
