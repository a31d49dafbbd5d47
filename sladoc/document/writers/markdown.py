"""The Markdown writer: the whole document as GitHub-flavoured Markdown, for review in pull
requests.

Every piece of text is escaped so that Markdown (and GitHub's extensions: tables, math,
emoji short codes, strikethrough) shows it literally. Output is a pure function of the
document and ends with a newline.

A figure is written as its caption and its description: a Markdown file cannot carry a
drawing, and a link to an image beside it would break when the file is read elsewhere.
"""

from __future__ import annotations

import re

from sladoc.document.tree import (
    Block,
    BulletList,
    Columns,
    Document,
    Figure,
    Heading,
    Inline,
    Paragraph,
    Parallel,
    Run,
    Signatures,
    Table,
)
from sladoc.document.writers.common import Look, check_document, label, status_label

# Characters that start or end inline constructs anywhere in a line: code, emphasis,
# links, raw HTML, table cells, strikethrough, GitHub math, headings' closing '#'.
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>|~$#])")
# '&' only matters where it would start an entity such as '&amp;'.
_ENTITY_START = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
# ':smile:' would become an emoji on GitHub.
_EMOJI_CODE_START = re.compile(r":(?=[0-9A-Za-z_+\-]+:)")
# At the start of a line: list markers and setext heading underlines.
_LINE_START_SPECIAL = re.compile(r"^([\-+=])")
_ORDERED_MARKER = re.compile(r"^(\d+)([.)])")


def write_markdown(doc: Document, look: Look) -> bytes:
    """Render ``doc`` as GitHub-flavoured Markdown (``look`` is not used: Markdown has no
    appearance of its own)."""
    check_document(doc)
    chunks = [_title_block(doc)]
    chunks.extend(_block(block, doc) for block in doc.blocks)
    return ("\n\n".join(chunk for chunk in chunks if chunk) + "\n").encode("utf-8")


def escape_text(text: str) -> str:
    """Escape literal text for any position inside a Markdown line."""
    text = _INLINE_SPECIAL.sub(r"\\\1", text)
    text = _ENTITY_START.sub(r"\\&", text)
    return _EMOJI_CODE_START.sub(r"\\:", text)


def _escape_line_start(line: str) -> str:
    """Escape what Markdown reads as a block marker when a line starts with it."""
    line = _LINE_START_SPECIAL.sub(r"\\\1", line)
    return _ORDERED_MARKER.sub(r"\1\\\2", line)


def _lines(content: Inline) -> list[str]:
    """Inline content as escaped, emphasised lines (one per hard line break in the text)."""
    lines: list[str] = [""]
    for run in content:
        for number, piece in enumerate(run.text.replace("\t", " ").split("\n")):
            if number:
                lines.append("")
            lines[-1] += _emphasised(piece, run)
    return [line.strip() for line in lines]


def _emphasised(text: str, run: Run) -> str:
    # Markdown ignores '**' next to a space, so leading and trailing spaces stay outside.
    core = text.strip()
    if not core:
        return text
    marker = "*" * ((2 if run.bold else 0) + (1 if run.italic else 0))
    leading = text[: len(text) - len(text.lstrip())]
    trailing = text[len(text.rstrip()) :]
    return f"{leading}{marker}{escape_text(core)}{marker}{trailing}"


def _paragraph_text(content: Inline) -> str:
    # A backslash at the end of a line is a hard line break.
    return "\\\n".join(_escape_line_start(line) for line in _lines(content))


def _cell_text(content: Inline) -> str:
    return "<br>".join(_lines(content))


def _plain_cell(text: str) -> str:
    return _cell_text((Run(text),))


def _title_block(doc: Document) -> str:
    info = doc.info
    lines = [f"# {escape_text(' '.join(info.title.split()))}"]
    if info.subtitle:
        lines.append(_paragraph_text((Run(info.subtitle, italic=True),)))
    date = info.date_text or info.date
    meta = f"{label(doc, 'version')} {info.version} · {status_label(doc)} · {date}"
    lines.append(_paragraph_text((Run(meta),)))
    return "\n\n".join(lines) + "\n\n---"


def _block(block: Block, doc: Document) -> str:
    if isinstance(block, Heading):
        level = min(block.level + 1, 6)  # the title is the only level-1 heading
        return f"{'#' * level} {escape_text(' '.join(block.shown.split()))}"
    if isinstance(block, Paragraph):
        return _paragraph_text(block.content)
    if isinstance(block, BulletList):
        return _list(block)
    if isinstance(block, Table):
        return _table(block)
    if isinstance(block, Columns):
        return _columns(block, doc)
    if isinstance(block, Signatures):
        return _signatures(block)
    if isinstance(block, Figure):
        return _figure(block)
    if isinstance(block, Parallel):
        return _parallel(block, doc)
    raise TypeError(f"unknown block {type(block).__name__}")


def _parallel(block: Parallel, doc: Document) -> str:
    """Side by side is not Markdown: each passage, then its translation."""
    return "\n\n".join(
        _block(inner, doc) for left, right in block.rows for inner in (*left, *right)
    )


def _figure(block: Figure) -> str:
    description = f"> {_paragraph_text((Run(block.description, italic=True),))}"
    if block.caption:
        return f"{_paragraph_text((Run(block.caption, italic=True),))}\n\n{description}"
    return description


def _list(block: BulletList) -> str:
    items = []
    for number, item in enumerate(block.items, start=1):
        marker = f"{number}." if block.numbered else "-"
        indent = " " * (len(marker) + 1)
        text = f"\\\n{indent}".join(_escape_line_start(line) for line in _lines(item))
        items.append(f"{marker} {text}")
    return "\n".join(items)


def _table_lines(header: list[str], rows: list[list[str]], numeric: tuple[int, ...]) -> str:
    rules = ["---:" if index in numeric else "---" for index in range(len(header))]
    lines = [_row(header), _row(rules)]
    lines.extend(_row(row) for row in rows)
    return "\n".join(lines)


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _table(block: Table) -> str:
    header = [_plain_cell(text) for text in block.header]
    rows = [[_cell_text(cell) for cell in row] for row in block.rows]
    table = _table_lines(header, rows, block.numeric)
    if block.caption:
        return f"{_paragraph_text((Run(block.caption, italic=True),))}\n\n{table}"
    return table


def _columns(block: Columns, doc: Document) -> str:
    header = [_plain_cell(title) for title in block.titles]
    rows: list[list[str]] = []
    for row in block.rows:
        rows.append([_cell_text((Run(row.label, bold=True),))] + [""] * (len(header) - 1))
        rows.append(["<br><br>".join(_cell_blocks(cell, doc)) for cell in row.cells])
    return _table_lines(header, rows, ())


def _cell_blocks(blocks: tuple[Block, ...], doc: Document) -> list[str]:
    """Blocks flattened into one table cell: Markdown cells hold inline text only."""
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Heading):
            out.append(_cell_text((Run(block.shown, bold=True),)))
        elif isinstance(block, Paragraph):
            out.append(_cell_text(block.content))
        elif isinstance(block, BulletList):
            out.append(
                "<br>".join(
                    f"{f'{number}.' if block.numbered else '•'} {_cell_text(item)}"
                    for number, item in enumerate(block.items, start=1)
                )
            )
        elif isinstance(block, Table):
            lines = [" · ".join(_plain_cell(text) for text in block.header)]
            lines.extend(" · ".join(_cell_text(cell) for cell in row) for row in block.rows)
            out.append("<br>".join(lines))
        elif isinstance(block, Columns):
            for row in block.rows:
                out.append(_cell_text((Run(row.label, bold=True),)))
                for title, cell in zip(block.titles, row.cells, strict=True):
                    heading = _cell_text((Run(title, italic=True),))
                    out.append(f"{heading}: " + " ".join(_cell_blocks(cell, doc)))
        elif isinstance(block, Signatures):
            out.extend("<br>".join(map(_plain_cell, s.texts)) for s in block.signers)
        elif isinstance(block, Figure):
            out.extend(
                _cell_text((Run(text, italic=True),))
                for text in (block.caption, block.description)
                if text
            )
    return out


def _signatures(block: Signatures) -> str:
    """Each execution block as a paragraph of lines: the caption in bold, the signature
    line after its label (the stamp-duty space, in italics, above it), then the details."""
    out = []
    for signer in block.signers:
        lines = [_paragraph_text((Run(signer.party, bold=True),))]
        if signer.stamp:
            lines.append(_paragraph_text((Run(signer.stamp, italic=True),)))
        lines.append(f"{_paragraph_text((Run(signer.by),))} {_SIGNATURE_LINE}")
        lines += [
            _paragraph_text((Run(f"{caption} {value}" if value else caption),))
            for caption, value in signer.details
        ]
        out.append("\\\n".join(lines))
    return "\n\n".join(out)


_SIGNATURE_LINE = "\\_" * 30
"""The line to sign on: escaped underscores, so Markdown shows them and no emphasis."""
