"""Inline suppressions: ``# sladoc: ignore[SLA101] -- defined in the master agreement``.

A suppression is a YAML comment. Written after a value, it covers the findings on that line;
written on a line of its own, it covers the next line that holds YAML. A line that starts a
mapping entry covers the whole value of that entry too, so a comment on ``overview: >`` covers
words anywhere in the folded text below (where a comment could not go: it would be text).
Without ``[codes]`` it covers every code. The reason after ``--`` is required (SLA901), and a
suppression that covers nothing is reported (SLA902).

This module finds them; the runner applies them, and hands what they did
(:class:`Suppressed`) to the rules that run after that.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sladoc.agreement.loader import Loaded, Path_

_COMMENT = re.compile(
    r"#[ \t]*sladoc:[ \t]*ignore(?P<brackets>\[(?P<codes>[^\]\n]*)\])?(?P<rest>[^\n]*)",
    re.IGNORECASE,
)
_REASON = re.compile(r"^[ \t]*(?:--|—|–|:)?[ \t]*(?P<reason>.*?)[ \t]*$")


@dataclass(frozen=True)
class Suppression:
    line: int  # 1-based line of the comment
    col: int
    end_col: int
    target: int  # the line whose findings it covers
    codes: tuple[str, ...]  # upper case; empty: every code
    reason: str

    def covers(self, code: str) -> bool:
        return not self.codes or code in self.codes


@dataclass(frozen=True)
class Suppressed:
    """What the suppressions of one file did, as the runner recorded it while applying
    them; the rules that run after that read it. Besides each suppression and the codes
    of the findings it silenced, what telling a stale code from a mistyped or a switched-off
    one takes: every rule's name by code, and the codes the configuration runs on the file."""

    uses: tuple[tuple[Suppression, frozenset[str]], ...]
    rule_names: Mapping[str, str]
    turned_on: frozenset[str]


def find_suppressions(loaded: Loaded) -> list[Suppression]:
    text = loaded.text
    if "sladoc:" not in text.lower():  # the common case: no suppression, no scan
        return []
    lines = text.split("\n")
    scalars: _Spans | None = None
    following: list[int] | None = None
    found = []
    for number, line in enumerate(lines, start=1):
        match = _COMMENT.search(line)
        if match is None:
            continue
        column = match.start() + 1
        if column > 1 and not line[column - 2].isspace():
            continue  # "a#sladoc:" is not a comment in YAML
        if scalars is None:
            scalars = _Spans(_scalar_spans(loaded, lines))
        if scalars.holds(number, column):
            continue  # inside a quoted or block string: words, not a comment
        own_line = not line[: column - 1].strip()
        if own_line and following is None:
            following = _next_content_lines(lines)
        target = following[number - 1] if own_line and following is not None else number
        codes = tuple(c.strip().upper() for c in (match["codes"] or "").split(",") if c.strip())
        reason_match = _REASON.match(match["rest"])
        reason = reason_match["reason"] if reason_match else ""
        found.append(Suppression(number, column, len(line.rstrip()) + 1, target, codes, reason))
    return found


def _next_content_lines(lines: list[str]) -> list[int]:
    """For each line (index ``n - 1``), the first line after it that holds YAML (not blank,
    not a comment), or the line itself when none does: one pass from the end, so a file of
    many suppression comments costs no more than one of few."""
    following = list(range(1, len(lines) + 1))
    after: int | None = None
    for index in range(len(lines) - 1, -1, -1):
        if after is not None:
            following[index] = after
        stripped = lines[index].strip()
        if stripped and not stripped.startswith("#"):
            after = index + 1
    return following


class _Spans:
    """The spans of a file's scalars, which never overlap, sorted by start: whether a
    position is inside one is a binary search, not a scan of every scalar."""

    def __init__(self, spans: list[tuple[int, int, int, int]]) -> None:
        self.spans = sorted(spans)
        self.starts = [(span[0], span[1]) for span in self.spans]

    def holds(self, line: int, col: int) -> bool:
        index = bisect.bisect_right(self.starts, (line, col)) - 1
        if index < 0:
            return False
        span = self.spans[index]
        return (line, col) < (span[2], span[3])


def _scalar_spans(loaded: Loaded, lines: list[str]) -> list[tuple[int, int, int, int]]:
    spans = []
    stack: list[tuple[Path_, Any]] = [((), loaded.data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, dict):
            stack.extend((path + (k,), v) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend((path + (i,), v) for i, v in enumerate(value))
        elif path in loaded.source.values:
            line, col, end_line, end_col = loaded.source.values[path]
            start = lines[line - 1][col - 1 : col] if line <= len(lines) else ""
            if start in ("|", ">"):
                # the rest of a block scalar's header line may hold a comment: text starts
                # on the next line
                line, col = line + 1, 1
            spans.append((line, col, end_line, end_col))
    return spans
