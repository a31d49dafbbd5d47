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
    scalars: list[tuple[int, int, int, int]] | None = None
    found = []
    for number, line in enumerate(lines, start=1):
        match = _COMMENT.search(line)
        if match is None:
            continue
        column = match.start() + 1
        if column > 1 and not line[column - 2].isspace():
            continue  # "a#sladoc:" is not a comment in YAML
        if scalars is None:
            scalars = _scalar_spans(loaded)
        if any(_inside(span, number, column) for span in scalars):
            continue  # inside a quoted or block string: words, not a comment
        own_line = not line[: column - 1].strip()
        target = _next_content_line(lines, number) if own_line else number
        codes = tuple(c.strip().upper() for c in (match["codes"] or "").split(",") if c.strip())
        reason_match = _REASON.match(match["rest"])
        reason = reason_match["reason"] if reason_match else ""
        found.append(Suppression(number, column, len(line.rstrip()) + 1, target, codes, reason))
    return found


def _next_content_line(lines: list[str], number: int) -> int:
    for index in range(number, len(lines)):
        stripped = lines[index].strip()
        if stripped and not stripped.startswith("#"):
            return index + 1
    return number


def _inside(span: tuple[int, int, int, int], line: int, col: int) -> bool:
    start = (span[0], span[1])
    end = (span[2], span[3])
    return start <= (line, col) < end


def _scalar_spans(loaded: Loaded) -> list[tuple[int, int, int, int]]:
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
            start = loaded.text.split("\n", line)[line - 1][col - 1 : col]
            if start in ("|", ">"):
                # the rest of a block scalar's header line may hold a comment: text starts
                # on the next line
                line, col = line + 1, 1
            spans.append((line, col, end_line, end_col))
    return spans
