"""Clause text as the author formats it: a small subset of Markdown, read into the document
tree's own nodes.

- an empty line starts a new paragraph; the lines of one paragraph are joined by spaces;
- lines starting ``- `` or ``* `` are a bulleted list, lines starting ``1. `` or ``1) `` a
  numbered one (numbered by the document, whatever numbers were written); a line indented
  under an item continues it; a list may follow the line that introduces it directly;
- a block of lines starting ``|``, whose second line is a separator (``|---|---|``), is a
  table with the first line as its header;
- ``**bold**`` and ``*italic*`` (or ``_italic_``) inside a line; the markers open before a
  word and close after one, so ``7*7``, ``snake_case`` and a lone ``*`` stay as written;
  ``\\*`` writes a literal ``*`` (likewise ``\\_``, ``\\|``, ``\\\\``).

Everything else is literal text: ``{{ 7*7 }}``, ``<b>``, ``&`` and headings written ``#``
print as written, never read as markup or template code.

May import: :mod:`sladoc.document.tree`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sladoc.document.tree import Block, BulletList, Inline, Paragraph, ParagraphStyle, Run, Table

__all__ = ["blocks", "emphasis"]

_BULLET = re.compile(r"[-*][ \t]+(?=\S)")
_NUMBER = re.compile(r"\d{1,3}[.)][ \t]+(?=\S)")
_SEPARATOR = re.compile(r"\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?")
_ESCAPABLE = "*_|\\"


@dataclass
class _List:
    numbered: bool
    items: list[list[str]] = field(default_factory=list)


def blocks(text: str, style: ParagraphStyle = "clause") -> list[Block]:
    """The blocks ``text`` holds: paragraphs in ``style``, lists and tables."""
    out: list[Block] = []
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    paragraph: list[str] = []
    current: _List | None = None

    def close() -> None:
        nonlocal current
        if paragraph:
            content = emphasis(" ".join(" ".join(paragraph).split()))
            if content:
                out.append(Paragraph(content, style))
            paragraph.clear()
        if current is not None:
            items = tuple(emphasis(" ".join(" ".join(item).split())) for item in current.items)
            out.append(BulletList(tuple(item for item in items if item), current.numbered))
            current = None

    index = 0
    while index < len(lines):
        line = lines[index]
        stripped = line.strip()
        if not stripped:
            close()
            index += 1
            continue
        if stripped.startswith("|") and index + 1 < len(lines):
            if _SEPARATOR.fullmatch(lines[index + 1].strip()) and any(_cells(line)):
                close()
                end = index + 2
                while end < len(lines) and lines[end].strip().startswith("|"):
                    end += 1
                out.append(_table(lines[index], lines[index + 2 : end]))
                index = end
                continue
        bullet = _BULLET.match(stripped)
        number = None if bullet else _NUMBER.match(stripped)
        marker = bullet or number
        # A bulleted list may follow its lead-in line directly; a numbered one when it
        # starts at 1 (so a line that happens to start "2. " stays in its paragraph).
        if marker is not None and (
            current is not None or not paragraph or bullet or stripped.startswith("1")
        ):
            numbered = number is not None
            if current is None or current.numbered != numbered:
                close()
                current = _List(numbered)
            current.items.append([stripped[marker.end() :]])
        elif current is not None and line[:1] in (" ", "\t"):
            current.items[-1].append(stripped)
        else:
            if current is not None:
                close()
            paragraph.append(stripped)
        index += 1
    close()
    return out


def _cells(line: str) -> list[str]:
    """The cells of a table row: split at ``|`` not escaped, the outer ones dropped."""
    cells, cell, escaped = [], "", False
    for char in line.strip():
        if escaped:
            cell += "\\" + char
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "|":
            cells.append(cell)
            cell = ""
        else:
            cell += char
    if escaped:
        cell += "\\"
    cells.append(cell)
    if cells and not cells[0].strip():
        cells = cells[1:]
    if cells and not cells[-1].strip():
        cells = cells[:-1]
    return [" ".join(cell.split()) for cell in cells] or [""]


def _table(header_line: str, row_lines: list[str]) -> Table:
    header = _cells(header_line)
    width = len(header)
    rows = []
    for line in row_lines:
        cells = _cells(line)
        # A row with more cells than the header keeps the extra text in its last cell.
        cells = cells[: width - 1] + [" | ".join(cells[width - 1 :])] if width else cells
        cells += [""] * (width - len(cells))
        rows.append(tuple(emphasis(cell) for cell in cells))
    return Table(tuple(_plain(cell) for cell in header), tuple(rows))


def _plain(text: str) -> str:
    return "".join(run.text for run in emphasis(text))


_WORD = re.compile(r"\w", re.UNICODE)


def _opens(text: str, at: int, width: int) -> bool:
    """A marker at ``at`` opens emphasis: a word character follows it, none precedes it."""
    after = text[at + width : at + width + 1]
    before = text[at - 1 : at] if at else ""
    return bool(after) and not after.isspace() and not _WORD.match(before or " ")


def _closes(text: str, at: int, width: int) -> bool:
    """A marker at ``at`` closes emphasis: no space precedes it, no word character follows."""
    before = text[at - 1 : at] if at else ""
    after = text[at + width : at + width + 1]
    return bool(before) and not before.isspace() and not _WORD.match(after or " ")


def emphasis(text: str) -> Inline:
    """``text`` as runs: ``**bold**``, ``*italic*``/``_italic_`` and escapes read, the rest
    literal."""
    runs: list[Run] = []
    plain = ""
    index = 0
    while index < len(text):
        char = text[index]
        if char == "\\" and index + 1 < len(text) and text[index + 1] in _ESCAPABLE:
            plain += text[index + 1]
            index += 2
            continue
        if char in "*_":
            width = 2 if char == "*" and text.startswith("**", index) else 1
            if _opens(text, index, width):
                close = _closing(text, index + width, text[index : index + width])
                if close is not None:
                    if plain:
                        runs.append(Run(plain))
                        plain = ""
                    inner = _unescape(text[index + width : close])
                    runs.append(Run(inner, bold=width == 2, italic=width == 1))
                    index = close + width
                    continue
        plain += char
        index += 1
    if plain:
        runs.append(Run(plain))
    return tuple(runs)


def _closing(text: str, start: int, marker: str) -> int | None:
    """Where the ``marker`` that closes emphasis opened before ``start`` is, or None."""
    at = start
    while True:
        at = text.find(marker, at)
        if at < 0:
            return None
        if text[at - 1] == "\\":
            at += 1
            continue
        # "**" inside "*...*" is not a closing "*", nor is a "*" of a "**".
        if marker == "*" and (text.startswith("**", at) or text[at - 1] == "*"):
            at += 2
            continue
        if at > start and _closes(text, at, len(marker)):
            return at
        at += 1


def _unescape(text: str) -> str:
    return re.sub(r"\\([*_|\\])", r"\1", text)
