"""Recall and false positives of ``sladoc check`` on the labelled corpus.

Each clause is placed on a clean base agreement of its kind (``checker_cases.compose``):
prose in ``overview`` (or, with ``where: clause``, as an additional clause), a structured
clause as its own top-level keys. A finding counts for an expected ``[code, words]`` when
it has that code and its span overlaps those words in the file; only findings inside the
clause's own lines count (the base has none). ``python -m tests.corpus.measure`` prints the
table that docs/rules.md publishes.
"""

from __future__ import annotations

import json
import re
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sladoc.agreement.loader import load_text

from ..checker_cases import check_text, compose

HERE = Path(__file__).parent
FAMILIES = ("availability", "credits", "support", "funnel", "claims", "vague")


def clauses(name: str) -> list[dict[str, Any]]:
    data = load_text((HERE / name).read_text("utf-8"), name).data
    assert isinstance(data, list)
    return data


def snippet(clause: dict[str, Any]) -> str:
    if "patch" in clause:
        text = str(clause["patch"])
        if clause.get("lang") == "id":
            text = "language: id\n" + text
        return text
    head = ""
    if clause.get("kind", "customer") != "customer":
        head += f"kind: {clause['kind']}\n"
    if clause.get("lang") == "id":
        head += "language: id\n"
    body = json.dumps(clause["text"], ensure_ascii=False)
    if clause.get("where") == "clause":
        return head + f"clauses:\n  - title: Additional clause\n    text: {body}\n"
    return head + f"overview: {body}\n"


@dataclass
class Outcome:
    """What one clause gave: the expected findings caught and missed, and the others."""

    clause: dict[str, Any]
    caught: list[tuple[str, str]] = field(default_factory=list)
    missed: list[tuple[str, str]] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)


def _offsets(text: str) -> list[int]:
    return [0] + [m.end() for m in re.finditer("\n", text)]


def run(clause: dict[str, Any]) -> Outcome:
    piece = snippet(clause)
    text = compose(piece)
    lines = piece.count("\n") + 1
    starts = _offsets(text)
    findings = [f for f in check_text(text) if 0 < f.position.line <= lines]
    spans = []
    for f in findings:
        p = f.position
        start = starts[p.line - 1] + p.col - 1
        end = starts[(p.end_line or p.line) - 1] + (p.end_col or p.col) - 1
        spans.append((f.code, start, max(end, start + 1), f))
    outcome = Outcome(clause)
    used: set[int] = set()
    limit = len(piece)
    for code, words in clause.get("expect") or []:
        words = str(words)
        where = text.find(words, 0, limit)
        if where < 0:  # JSON escapes in the snippet: look for the words' first part
            where = text.find(words.split('"')[0], 0, limit)
        hit = None
        for index, (fcode, start, end, _) in enumerate(spans):
            if index in used or fcode != code:
                continue
            if where < 0 or (start < where + len(words) and where < end):
                hit = index
                break
        if hit is None:
            outcome.missed.append((code, words))
        else:
            used.add(hit)
            outcome.caught.append((code, words))
    for index, (_, _, _, f) in enumerate(spans):
        if index not in used:
            excerpt = text[spans[index][1] : spans[index][2]]
            outcome.extra.append(f"{f.code} {f.position.line}:{f.position.col} {excerpt!r}")
    return outcome


@dataclass
class Figures:
    expected: int = 0
    caught: int = 0
    clean: int = 0
    flagged_clean: int = 0
    findings_on_clean: int = 0

    @property
    def recall(self) -> float:
        return self.caught / self.expected if self.expected else 1.0


def measure(name: str) -> tuple[dict[tuple[str, str], Figures], list[Outcome]]:
    """Figures per (family, form) and every clause's outcome."""
    table: dict[tuple[str, str], Figures] = defaultdict(Figures)
    outcomes = []
    for clause in clauses(name):
        outcome = run(clause)
        outcomes.append(outcome)
        form = clause.get("form", "prose")
        figures = table[(clause["family"], form)]
        figures.expected += len(outcome.caught) + len(outcome.missed)
        figures.caught += len(outcome.caught)
        if not clause.get("expect"):
            figures.clean += 1
            figures.flagged_clean += bool(outcome.extra)
            figures.findings_on_clean += len(outcome.extra)
    return dict(table), outcomes


def markdown(name: str) -> str:
    table, _ = measure(name)
    rows = [
        "| family | form | problems | caught | recall | clean clauses | flagged |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    totals: dict[str, Figures] = defaultdict(Figures)
    for (family, form), f in sorted(
        table.items(), key=lambda i: (FAMILIES.index(i[0][0]), i[0][1])
    ):
        rows.append(
            f"| {family} | {form} | {f.expected} | {f.caught} | {f.recall:.0%} | {f.clean} | "
            f"{f.flagged_clean} |"
        )
        t = totals[form]
        t.expected += f.expected
        t.caught += f.caught
        t.clean += f.clean
        t.flagged_clean += f.flagged_clean
    for form, t in sorted(totals.items()):
        rows.append(
            f"| **all** | {form} | {t.expected} | {t.caught} | {t.recall:.0%} | {t.clean} | "
            f"{t.flagged_clean} |"
        )
    return "\n".join(rows)


if __name__ == "__main__":
    for name in sys.argv[1:] or ["clauses.yaml"]:
        table, outcomes = measure(name)
        print(markdown(name))
        if "-v" in sys.argv or True:
            for o in outcomes:
                if o.missed or (o.extra and not o.clause.get("expect")) or o.extra:
                    print(o.clause["id"], "MISSED", o.missed, "EXTRA", o.extra)
