"""docs/rules.md is generated from the rule docstrings, is up to date, and every example in
it behaves as documented."""

from __future__ import annotations

import pytest

from sladoc.checks.docs import rule_docs, rules_markdown
from sladoc.checks.registry import RULES

from .checker_cases import check_text, compose
from .conftest import ROOT

DOCS = rule_docs()
EXAMPLES = [
    pytest.param(doc.code, snippet, outcome, id=f"{doc.code}-{outcome}-{n}")
    for doc in DOCS
    for outcome, snippets in (("fails", doc.fails), ("passes", doc.passes))
    for n, snippet in enumerate(snippets)
]


def test_rules_md_is_up_to_date() -> None:
    current = (ROOT / "docs" / "rules.md").read_text("utf-8")
    assert current == rules_markdown(), "run: python docs/generate_rules_md.py"


def test_every_rule_is_documented_with_both_examples() -> None:
    assert [doc.code for doc in DOCS] == list(RULES)
    for doc in DOCS:
        assert doc.summary and doc.explanation, doc.code
        assert doc.fails and doc.passes, f"{doc.code} needs a failing and a passing example"


@pytest.mark.parametrize(("code", "snippet", "outcome"), EXAMPLES)
def test_documented_example(code: str, snippet: str, outcome: str) -> None:
    findings = check_text(compose(snippet))
    codes = [f.code for f in findings]
    if outcome == "fails":
        assert code in codes, f"expected {code}, got {findings}"
    else:
        assert code not in codes, [f for f in findings if f.code == code]
