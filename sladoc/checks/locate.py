"""Where things are: prose fields of an agreement, and the exact span of words inside them.

The loader keeps, for every value, the span of its YAML node from start mark to end mark. For
a plain scalar that span is the words themselves; for a quoted, folded (``>``) or block
(``|``) scalar it also holds quotes, indicators, line breaks and indentation that the value
no longer has. So words found in the value are found again in the raw source between the
node's marks, with whitespace, doubled quotes and escapes allowed to differ, and the n-th
match in the value is taken to be the n-th match in the source.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, NamedTuple

from sladoc.agreement.loader import Loaded, Path_, format_path
from sladoc.errors import Position

# Keys whose values are identifiers, codes, dates, names or addresses: never contract prose,
# and often words that look vague out of context (a company called "Prompt Logistics").
NOT_PROSE = frozenset(
    {
        "sladoc",
        "kind",
        "id",
        "status",
        "version",
        "effective",
        "term",
        "end",
        "language",
        "provider",
        "customer",
        "from",
        "to",
        "every",
        "per",
        "mid_term",
        "at_expiry",
        "email",
        "phone",
        "name",
        "address",
        "level",
        "clock",
        "time_zone",
        "role",
        "delivered_by",
        "confirmation_to",
        "submit_to",
    }
)


@dataclass(frozen=True)
class Spot:
    """A place to report: the position, the key path it belongs to, and the words there."""

    position: Position
    path: str
    excerpt: str = ""


class ProseField(NamedTuple):
    """A string value of the agreement as the loader read it, and where it sits. (A named
    tuple: a file has hundreds, and a tuple is made several times faster than a frozen
    dataclass.)"""

    path: Path_
    text: str


def iter_prose(data: Any, skip: frozenset[str] = NOT_PROSE) -> list[ProseField]:
    """Every string value in ``data`` except under keys in ``skip``, in document order.

    Recursive: the loader bounds nesting (``loader.MAX_DEPTH``) far below Python's limit,
    and YAML aliases cannot make a cycle (an anchor names a node only once it is complete).
    """
    found: list[ProseField] = []

    def walk(path: Path_, container: dict[Any, Any] | list[Any]) -> None:
        for key, item in container.items() if isinstance(container, dict) else enumerate(container):
            if key in skip:  # a list index (int) never is
                continue
            if isinstance(item, str):
                found.append(ProseField(path + (key,), item))
            elif isinstance(item, (dict, list)):
                walk(path + (key,), item)

    if isinstance(data, str):
        found.append(ProseField((), data))
    elif isinstance(data, (dict, list)):
        walk((), data)
    return found


class SourceText:
    """Offsets <-> 1-based line/column in one file's text, and spans of words in values."""

    def __init__(self, loaded: Loaded) -> None:
        self.loaded = loaded
        self.text = loaded.text
        self.file = loaded.source.file
        self._line_starts = [0] + [m.end() for m in re.finditer("\n", self.text)]

    def offset(self, line: int, col: int) -> int:
        line = min(max(line, 1), len(self._line_starts))
        return min(self._line_starts[line - 1] + max(col, 1) - 1, len(self.text))

    def line_col(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self._line_starts, offset)
        return line, offset - self._line_starts[line - 1] + 1

    def span_position(self, start: int, end: int) -> Position:
        line, col = self.line_col(start)
        end_line, end_col = self.line_col(end)
        return Position(self.file, line, col, end_line, end_col)

    def value_spot(self, path: Path_, excerpt: str = "") -> Spot:
        """The whole value at ``path`` (or its nearest ancestor that exists)."""
        return Spot(self.loaded.source.position(path), format_path(path), excerpt)

    def key_spot(self, path: Path_) -> Spot:
        """The key at ``path``: for reporting that a mapping entry is there but wrong."""
        return Spot(self.loaded.source.position(path, key=True), format_path(path))

    def words_spot(self, path: Path_, value: str, start: int, end: int) -> Spot:
        """The words ``value[start:end]`` of the scalar at ``path``, located in the raw
        source; falls back to the whole value when the source cannot be matched (an escape
        sequence in a double-quoted string, say)."""
        words = value[start:end]
        node = self.loaded.source.position(path)
        fallback = Spot(node, format_path(path), words)
        if not node.line or not words.strip():
            return fallback
        pattern = _raw_pattern(words)
        occurrence = sum(1 for m in pattern.finditer(value, 0, end) if m.start() < start)
        first = self.offset(node.line, node.col)
        last = self.offset(node.end_line, node.end_col) if node.end_line else len(self.text)
        for index, match in enumerate(pattern.finditer(self.text, first, last)):
            if index == occurrence:
                return Spot(
                    self.span_position(match.start(), match.end()), format_path(path), words
                )
        return fallback


@lru_cache(maxsize=4096)
def _raw_pattern(words: str) -> re.Pattern[str]:
    """A pattern for ``words`` as they may be written in YAML source: any run of whitespace
    may be a folded line break with indentation (or a ``\\`` continuation in a double-quoted
    string); a quote may be doubled or escaped."""
    parts: list[str] = []
    for piece in re.split(r"(\s+)", words):
        if not piece:
            continue
        if piece.isspace():
            parts.append(r"(?:\s|\\(?=\s))+")
            continue
        for char in piece:
            if char == "'":
                parts.append("'{1,2}")
            elif char == '"':
                parts.append(r'\\?"')
            elif char == "\\":
                parts.append(r"\\{1,2}")
            else:
                parts.append(re.escape(char))
    return re.compile("".join(parts), re.IGNORECASE)
