"""``sladoc check --fix``: the findings that have one exact correction, applied to the
agreement's own text.

A fix replaces exactly the words its finding points at, so comments, quoting, indentation
and the rest of the layout stay as they were. A fix is applied only when the words in the
file are the words the finding quotes (a value the source map could not pin down, such as an
escape sequence in a double-quoted string, is left alone), and two fixes never overlap.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence

from sladoc.checks.finding import Finding


def _offsets(text: str) -> list[int]:
    starts = [0]
    for index, char in enumerate(text):
        if char == "\n":
            starts.append(index + 1)
    return starts


def apply(text: str, findings: Sequence[Finding]) -> tuple[str, list[Finding]]:
    """``text`` with the fixes of ``findings`` applied, and the findings fixed."""
    starts = _offsets(text)

    def offset(line: int, col: int) -> int:
        return min(starts[min(max(line, 1), len(starts)) - 1] + col - 1, len(text))

    edits: list[tuple[int, int, Finding]] = []
    for finding in findings:
        p = finding.position
        if finding.fix is None or not p.line or not p.end_line:
            continue
        start, end = offset(p.line, p.col), offset(p.end_line, p.end_col)
        written = " ".join(text[start:end].split())
        if not written or (finding.excerpt and written != " ".join(finding.excerpt.split())):
            continue
        edits.append((start, end, finding))
    edits.sort(key=lambda e: (e[0], e[1]))
    kept: list[tuple[int, int, Finding]] = []
    for edit in edits:
        if kept and edit[0] < kept[-1][1]:
            continue
        kept.append(edit)
    fixed = text
    for start, end, finding in reversed(kept):
        assert finding.fix is not None
        fixed = fixed[:start] + finding.fix + fixed[end:]
    return fixed, [finding for _, _, finding in kept]


def unified_diff(file: str, old: str, new: str) -> str:
    """The change as a unified diff (empty when there is none)."""
    return "".join(
        difflib.unified_diff(
            old.splitlines(keepends=True),
            new.splitlines(keepends=True),
            file,
            file,
        )
    )
