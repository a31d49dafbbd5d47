"""Output formats of the checker: text, versioned JSON, SARIF 2.1.0 and GitHub commands."""

from __future__ import annotations

import json

from sladoc.checks import formats
from sladoc.checks.finding import Finding
from sladoc.checks.registry import RULES
from sladoc.errors import Position

from .checker_cases import check_text, compose


def _finding(
    code: str = "SLA101",
    severity: str = "warning",
    line: int = 3,
    message: str = 'a "promptly", 100%, a:b',
    excerpt: str = "promptly",
) -> Finding:
    return Finding(
        code,
        RULES[code].name,
        severity,
        Position("agreements/a.yaml", line, 5, line, 13),
        message,
        "say within 4 hours",
        "overview",
        excerpt,
    )


def test_text_has_position_code_severity_and_suggestion() -> None:
    out = formats.text([_finding()])
    assert out.splitlines() == [
        'agreements/a.yaml:3:5: SLA101 [warning] a "promptly", 100%, a:b',
        "    suggestion: say within 4 hours",
    ]


def test_json_is_versioned_with_exact_spans() -> None:
    data = json.loads(formats.json_report([_finding()]))
    assert data["version"] == 1
    [item] = data["findings"]
    assert (item["line"], item["column"], item["end_line"], item["end_column"]) == (3, 5, 3, 13)
    assert item["code"] == "SLA101" and item["name"] == "vague-deadline"
    assert item["fingerprint"] == _finding().fingerprint


def test_sarif_is_structurally_valid() -> None:
    findings = check_text(
        compose("overview: Acme answers promptly, etc.\n"), name="agreements/case.yaml"
    )
    log = formats.sarif(findings, version="0.1.0")
    assert log["version"] == "2.1.0" and "sarif-2.1.0" in log["$schema"]
    [run] = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "sladoc"
    rule_ids = [rule["id"] for rule in driver["rules"]]
    assert rule_ids == [*RULES, "SLA000"]  # SLA000: invalid agreements
    for rule in driver["rules"]:
        for key in ("id", "name", "shortDescription", "fullDescription", "defaultConfiguration"):
            assert rule[key], (rule["id"], key)
        assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
        assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note")
    assert {r["ruleId"] for r in run["results"]} == {"SLA101", "SLA106"}
    for result in run["results"]:
        assert result["level"] in ("error", "warning", "note")
        assert result["message"]["text"]
        assert rule_ids[result["ruleIndex"]] == result["ruleId"]
        [location] = result["locations"]
        physical = location["physicalLocation"]
        assert physical["artifactLocation"]["uri"] == "agreements/case.yaml"
        region = physical["region"]
        assert region["startLine"] >= 1 and region["startColumn"] >= 1
        assert (region["endLine"], region["endColumn"]) > (
            region["startLine"],
            region["startColumn"],
        )
        assert result["partialFingerprints"]["sladocFingerprint/v1"]
    json.dumps(log)  # serialisable as it stands


def test_sarif_fingerprints_are_stable_when_lines_move() -> None:
    snippet = "overview: Acme answers promptly.\n"
    before = check_text(compose(snippet))
    after = check_text(compose("# a comment that moves every line down\n" + snippet))
    assert [f.position.line + 1 for f in before] == [f.position.line for f in after]
    assert [f.fingerprint for f in before] == [f.fingerprint for f in after]


def test_repeated_words_get_distinct_fingerprints() -> None:
    findings = check_text(compose("overview: Acme answers promptly, and promptly again.\n"))
    prints = [f.fingerprint for f in findings if f.code == "SLA101"]
    assert len(prints) == 2 and len(set(prints)) == 2


def test_github_commands_escape_and_carry_the_span() -> None:
    out = formats.github([_finding(severity="info")])
    assert out == (
        "::notice file=agreements/a.yaml,line=3,col=5,endLine=3,endColumn=13,"
        'title=SLA101 vague-deadline::a "promptly", 100%25, a:b'
        "%0ASuggestion: say within 4 hours\n"
    )


def test_github_adds_a_summary_past_ten_of_a_kind() -> None:
    findings = [_finding(line=n) for n in range(1, 13)] + [_finding("SLA201", "error")]
    lines = formats.github(findings).splitlines()
    assert sum(line.startswith("::warning ") for line in lines) == 12
    assert any(
        line.startswith("::notice title=sladoc summary::sladoc found 13 findings") for line in lines
    )
    assert "::group::sladoc: all 13 findings" in lines and lines[-1] == "::endgroup::"
    assert not any("summary" in line for line in formats.github(findings[:10]).splitlines())


def test_statistics_count_per_code() -> None:
    out = formats.statistics([_finding(), _finding(line=4), _finding("SLA201", "error")])
    assert out.splitlines() == [
        "    2  SLA101  vague-deadline  [warning]",
        "    1  SLA201  malformed-percentage  [error]",
    ]


def test_summary_line() -> None:
    assert (
        formats.summary([_finding(), _finding("SLA201", "error")], 3)
        == "2 findings (1 error, 1 warning, 0 info) in 3 files"
    )
