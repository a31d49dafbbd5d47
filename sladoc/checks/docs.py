"""Rule documentation, read from the rules' docstrings: for SARIF rule descriptions and for
``docs/rules.md`` (written by ``docs/generate_rules_md.py``; a test keeps it up to date and
runs every example in it).

A rule docstring is: a one-line summary; the explanation; then ``Fails:`` and ``Passes:``,
each followed by one or more fenced ``yaml`` blocks. An example shows only the top-level
keys that matter: it replaces those keys in a complete agreement that has no findings (a
customer agreement, unless the example sets ``kind``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from sladoc.checks.registry import ALL
from sladoc.checks.rule import Rule
from sladoc.checks.terms import builtin_terms
from sladoc.language import LANGUAGES

_FENCE = re.compile(r"```yaml\n(?P<body>.*?)```", re.DOTALL)
_CATEGORIES = {
    "1": "vague wording",
    "2": "uptime figures, tiers and credits",
    "3": "building blocks and best practices",
    "4": "agreements in two languages",
    "9": "suppressions",
}


@dataclass(frozen=True)
class RuleDoc:
    code: str
    name: str
    severity: str
    summary: str
    explanation: str
    fails: tuple[str, ...]
    passes: tuple[str, ...]
    term_group: str | None = None

    @property
    def category(self) -> str:
        return _CATEGORIES.get(self.code[3], "other")

    def markdown(self) -> str:
        parts = [
            f"## {self.code} {self.name}",
            "",
            f"Severity: **{self.severity}**. {self.summary}",
            "",
            self.explanation,
            "",
        ]
        if self.term_group:
            parts += _terms_markdown(self.term_group)
        for title, examples in (("Fails", self.fails), ("Passes", self.passes)):
            for example in examples:
                parts += [f"{title}:", "", "```yaml", example.rstrip("\n"), "```", ""]
        return "\n".join(parts)


def _parse(rule: Rule[Any]) -> RuleDoc:
    doc = rule.doc.strip("\n")
    head, _, rest = doc.partition("\n\n")
    explanation, _, examples = rest.partition("\nFails:\n")
    failing, _, passing = examples.partition("\nPasses:\n")
    return RuleDoc(
        code=rule.code,
        name=rule.name,
        severity=rule.severity,
        summary=" ".join(head.split()),
        explanation=explanation.strip(),
        fails=tuple(m["body"] for m in _FENCE.finditer(failing)),
        passes=tuple(m["body"] for m in _FENCE.finditer(passing)),
        term_group=rule.term_group,
    )


@cache
def rule_docs() -> tuple[RuleDoc, ...]:
    return tuple(_parse(rule) for rule in ALL)


def _terms_markdown(group: str) -> list[str]:
    lines = []
    for language in LANGUAGES:
        terms = sorted(t.text for t in builtin_terms(language).values() if t.group == group)
        shown = ", ".join(f"`{t}`" for t in terms)
        lines += [f"Terms ({language}, {len(terms)}): {shown}", ""]
    return lines


# What tests/test_check_corpus.py measures on the labelled corpus (tests/corpus/clauses.yaml)
# and on the held-out clauses (heldout.yaml), which were not looked at while the prose reader
# was tuned; the test fails when these differ from the measured figures.
CORPUS_FIGURES = """\
| family | form | problems | caught | recall | clean clauses | flagged |
| --- | --- | ---: | ---: | ---: | ---: | ---: |
| availability | field | 4 | 4 | 100% | 1 | 0 |
| availability | prose | 22 | 22 | 100% | 11 | 0 |
| credits | field | 3 | 3 | 100% | 1 | 0 |
| credits | prose | 14 | 14 | 100% | 8 | 0 |
| support | field | 2 | 2 | 100% | 1 | 0 |
| support | prose | 13 | 13 | 100% | 12 | 0 |
| funnel | field | 1 | 1 | 100% | 1 | 0 |
| funnel | prose | 6 | 6 | 100% | 5 | 0 |
| claims | field | 1 | 1 | 100% | 1 | 0 |
| claims | prose | 11 | 11 | 100% | 6 | 0 |
| vague | field | 1 | 1 | 100% | 1 | 0 |
| vague | prose | 17 | 17 | 100% | 16 | 0 |
| **all** | field | 12 | 12 | 100% | 6 | 0 |
| **all** | prose | 83 | 83 | 100% | 58 | 0 |"""
HELDOUT_FIGURES = """\
| family | form | problems | caught | recall | clean clauses | flagged |
| --- | --- | ---: | ---: | ---: | ---: | ---: |
| availability | prose | 7 | 6 | 86% | 3 | 0 |
| credits | prose | 4 | 4 | 100% | 2 | 0 |
| support | prose | 4 | 3 | 75% | 2 | 0 |
| funnel | prose | 2 | 2 | 100% | 1 | 0 |
| claims | prose | 4 | 4 | 100% | 1 | 0 |
| vague | prose | 3 | 3 | 100% | 4 | 0 |
| **all** | prose | 24 | 22 | 92% | 13 | 0 |"""
_PROSE = """\
## Prose and fields: one set of facts

The rules read an agreement's prose -- `overview`, clauses, descriptions, exclusions, every
free-text field -- as well as its structured fields. A prose reader (`sladoc/checks/prose/`)
takes from each prose field, in English and Indonesian, the facts the structured rules work
on: availability targets with their window and downtime allowance, credit bands,
severity/response lists, support coverage, claim terms, funnel figures, unilateral terms and
inline definitions, each with its exact span. The same rules then check facts from fields and
from prose, and a prose finding points at the words. Vague terms are matched only in text of
their own language (Indonesian "minimal 20 unit" is precise), never inside a term the
agreement defines (in `definitions` or inline: quoted, "means", "yaitu", a parenthesis) and
never inside a standard force-majeure carve-out ("beyond its reasonable control").

`sladoc check --fix` corrects the findings that have one exact correction -- a downtime
allowance that is not the one its percentage gives (SLA202: the computed allowance is
written in its place) and a mistyped percentage (SLA201: two decimal marks, an English
decimal comma) -- by replacing exactly the flagged words, so comments and layout stay;
`sladoc check --diff` shows the change as a unified diff and writes nothing.

Measured on the labelled corpus in `tests/corpus/` (clauses written for sladoc, modelled on
how cloud, SaaS, telecom and goods-supply SLAs and internal marketing/sales agreements are
worded, about a third Indonesian; each with its expected findings, and clean clauses that
must give none). *problems* are labelled findings, *caught* those reported with the right
code at the right words, *flagged* the clean clauses that gave any finding.

"""


def rules_markdown() -> str:
    """The whole of ``docs/rules.md``."""
    docs = rule_docs()
    lines = [
        "# sladoc check: rules",
        "",
        "<!-- Generated from the rule docstrings by `python docs/generate_rules_md.py`; "
        "do not edit. -->",
        "",
        "`sladoc check` reviews agreement files the way a careful contract reviewer would. "
        "Each finding has a code, a name, a severity (error, warning, info), the exact place "
        "(`file:line:col`) and a suggestion.",
        "",
        "Examples show only the keys that matter: each replaces those top-level keys in a "
        "complete agreement that has no findings (a customer agreement unless it sets `kind`).",
        "",
        "Turn rules on and off with `select` / `ignore` in `[tool.sladoc]` (in `pyproject.toml`) "
        "or in `.sladoc.toml`; suppress one finding with a comment that gives the reason: "
        "`# sladoc: ignore[SLA101] -- defined in the master agreement`. The vague-term lists "
        "live in `sladoc/data/terms/en.yaml` and `id.yaml`; extend or trim them with "
        "`extra-terms` / `remove-terms`.",
        "",
        "| code | name | severity | what it finds |",
        "| --- | --- | --- | --- |",
    ]
    lines += [
        f"| [{d.code}](#{d.code.lower()}-{d.name}) | {d.name} | {d.severity} | {d.summary} |"
        for d in docs
    ]
    lines.append("")
    lines += [
        _PROSE + CORPUS_FIGURES,
        "",
        "Held-out clauses, not looked at while the reader was tuned:",
        "",
        HELDOUT_FIGURES,
        "",
    ]
    for doc in docs:
        lines += [doc.markdown()]
    return "\n".join(lines).rstrip("\n") + "\n"
