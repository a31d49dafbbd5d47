"""Rule cases as data: every tests/rules/*.yaml file names a rule and lists cases: a
snippet of top-level keys (`patch`) laid on a clean base agreement (`base`: customer,
internal, tiered, or none; `drop`: base keys to leave out), an optional `config` table, and
the findings the checker must report (`expect`: "CODE line:col", optionally "-endline:endcol").
Only findings of the file's rule, the expected codes and the case's `codes` are compared."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from sladoc.checks.config import parse_config
from sladoc.checks.registry import RULES

from .checker_cases import check_text, compose

CASE_FILES = sorted((Path(__file__).parent / "rules").glob("*.yaml"))
_EXPECTED = re.compile(
    r"(?P<code>SLA\d{3}) (?P<line>\d+):(?P<col>\d+)"
    r"(?:-(?P<end_line>\d+):(?P<end_col>\d+))?"
)


def _cases():
    for path in CASE_FILES:
        data = yaml.safe_load(path.read_text("utf-8"))
        for case in data["cases"]:
            yield pytest.param(data["rule"], case, id=f"{path.stem}: {case['name']}")


@pytest.mark.parametrize(("rule", "case"), list(_cases()))
def test_rule_case(rule: str, case: dict) -> None:
    assert rule in RULES
    expected = [_EXPECTED.fullmatch(e) for e in case["expect"]]
    assert all(expected), f"malformed expectation in {case['expect']}"
    codes = {rule} | {m["code"] for m in expected} | set(case.get("codes", []))
    config = parse_config(case.get("config", {}))
    text = compose(case["patch"], case.get("base"), case.get("drop"))
    findings = [f for f in check_text(text, config) if f.code in codes]
    got = []
    for index, finding in enumerate(findings):
        # the end of the span is compared only where the case gives one
        match = expected[index] if index < len(expected) else None
        p = finding.position
        shown = f"{finding.code} {p.line}:{p.col}"
        if match is not None and match["end_line"]:
            shown += f"-{p.end_line}:{p.end_col}"
        got.append(shown)
    assert got == case["expect"], "\n".join(f"{f.position}: {f.code} {f.message}" for f in findings)


def test_the_guides_own_trap_is_named_as_six_nines() -> None:
    text = compose("""
        overview: >
          Acme hosts the web shop. 99.999% uptime allows just over 5 minutes of downtime per
          year, 99.999% is 31 seconds.
        """)
    [finding] = [f for f in check_text(text) if f.code == "SLA202"]
    assert "is 99.9999% (six nines), not 99.999%" in finding.message
    assert "5 m 15.6 s per year" in finding.message
    assert finding.excerpt == "31 seconds"


def test_example_agreements_have_no_errors() -> None:
    from sladoc.agreement.validate import load_agreement
    from sladoc.checks.runner import check

    from .conftest import AGREEMENTS

    for path in AGREEMENTS:
        agreement, loaded = load_agreement(path)
        errors = [f for f in check(agreement, loaded) if f.severity == "error"]
        assert errors == [], path
