"""Every failure reaches every machine format: validation problems as results (SLA000),
SARIF valid against the official 2.1.0 schema for any file name, JUnit and GitLab reports.

The SARIF schema in ``tests/schemas/sarif-schema-2.1.0.json`` is Microsoft's copy, as
shipped in the npm package ``@microsoft/sarif-multitool-linux`` 5.7.0 (``sarif-2.1.0.json``).
Where ``.ci/run`` installed that package, Microsoft's own validator runs on the log too."""

from __future__ import annotations

import json
import os
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from sladoc.cli import app

from .checker_cases import compose
from .conftest import ROOT

runner = CliRunner()
SARIF_SCHEMA = json.loads(
    (Path(__file__).parent / "schemas" / "sarif-schema-2.1.0.json").read_text("utf-8")
)
MULTITOOL = ROOT / ".ci" / "node_modules" / "@microsoft" / "sarif-multitool-linux"
NAMES = ["my sla.yaml", "a,b; c #1.yaml", "100% up.yaml", "perjanjian-layanan-ñ-é-漢.yaml"]
VAGUE = compose("overview: Acme answers promptly, etc.\n")
BROKEN = "kind: customer\nid: x\nparties: [\n"
MISSPELT = compose("overveiw: Acme answers within 4 hours.\n")


def run(*args: str, cwd: Path) -> tuple[int, str, str]:
    old = Path.cwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(app, list(args), env={"GITHUB_ACTIONS": ""})
    finally:
        os.chdir(old)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    for name in NAMES:
        (tmp_path / name).write_text(VAGUE, "utf-8")
    (tmp_path / "broken ü.yaml").write_text(BROKEN, "utf-8")
    (tmp_path / "misspelt.yaml").write_text(MISSPELT, "utf-8")
    return tmp_path


def _schema_errors(log: dict) -> list[str]:
    validator = jsonschema.Draft202012Validator(
        SARIF_SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(log)]


def test_the_schema_check_catches_an_unencoded_uri() -> None:
    """The test below would pass vacuously if the format checker ignored uri-reference."""
    log = {
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "x"}},
                "results": [
                    {
                        "message": {"text": "m"},
                        "locations": [
                            {"physicalLocation": {"artifactLocation": {"uri": "my sla%.yaml"}}}
                        ],
                    }
                ],
            }
        ],
    }
    assert _schema_errors(log)


def test_sarif_is_valid_for_any_file_name_and_reports_invalid_files(folder: Path) -> None:
    code, out, _ = run("check", "--format", "sarif", ".", cwd=folder)
    assert code == 2  # an invalid file
    log = json.loads(out)
    assert _schema_errors(log) == []
    [run_] = log["runs"]
    driver = run_["tool"]["driver"]
    assert driver["informationUri"].startswith("https://")
    assert all(rule["helpUri"].startswith("https://") for rule in driver["rules"])
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run_["results"]
    }
    assert {"my%20sla.yaml", "100%25%20up.yaml", "a%2Cb%3B%20c%20%231.yaml"} <= uris
    assert "perjanjian-layanan-%C3%B1-%C3%A9-%E6%BC%A2.yaml" in uris
    invalid = [r for r in run_["results"] if r["ruleId"] == "SLA000"]
    assert {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in invalid} == {
        "broken%20%C3%BC.yaml",
        "misspelt.yaml",
    }
    misspelt = next(r for r in invalid if "misspelt" in str(r["locations"]))
    assert misspelt["locations"][0]["physicalLocation"]["region"]["startLine"] == 1
    assert "overview" in misspelt["message"]["text"]  # the did-you-mean survives
    notified = run_["invocations"][0]["toolExecutionNotifications"]
    assert len(notified) == 2
    for result in run_["results"]:
        assert not result["message"]["text"].endswith(("?.", ".."))
    # Microsoft's validator, where .ci/run installed it (in CI it must have)
    assert MULTITOOL.exists() or not os.environ.get("CI"), "npm install in .ci/run failed"
    if MULTITOOL.exists():
        target = folder / "log.sarif"
        target.write_text(out, "utf-8")
        done = subprocess.run(
            [str(MULTITOOL / "Sarif.Multitool"), "validate", str(target)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stdout + done.stderr
        assert "error" not in done.stdout.lower().replace("0 errors", ""), done.stdout


def test_invalid_files_are_results_in_every_machine_format(folder: Path) -> None:
    _, out, err = run("check", "--format", "json", ".", cwd=folder)
    codes = {(f["file"], f["code"]) for f in json.loads(out)["findings"]}
    assert ("broken ü.yaml", "SLA000") in codes and ("misspelt.yaml", "SLA000") in codes
    assert "SLA000" not in err  # not printed twice
    _, out, _ = run("check", "--format", "github", ".", cwd=folder)
    assert any(line.startswith("::error file=misspelt.yaml,line=1") for line in out.splitlines()), (
        out
    )
    _, out, _ = run("check", "--format", "gitlab", ".", cwd=folder)
    issues = json.loads(out)
    assert {i["location"]["path"] for i in issues if i["check_name"] == "SLA000"} == {
        "broken ü.yaml",
        "misspelt.yaml",
    }
    assert len({i["fingerprint"] for i in issues}) == len(issues)
    assert {"major", "minor", "info", "critical"} >= {i["severity"] for i in issues}
    _, out, _ = run("check", "--format", "junit", ".", cwd=folder)
    root = ET.fromstring(out)
    suites = {s.get("name"): s for s in root.iter("testsuite")}
    assert set(suites) == {*NAMES, "broken ü.yaml", "misspelt.yaml"}
    assert suites["misspelt.yaml"].find("testcase/failure").get("type") == "SLA000"
    assert int(root.get("failures")) == sum(1 for _ in root.iter("failure"))


def test_validate_takes_format(folder: Path) -> None:
    code, out, err = run("validate", "--format", "json", ".", cwd=folder)
    assert code == 2
    findings = json.loads(out)["findings"]
    assert {f["file"] for f in findings} == {"broken ü.yaml", "misspelt.yaml"}
    assert all(f["code"] == "SLA000" and f["line"] >= 1 for f in findings)
    assert "4 valid, 2 invalid" in err
    code, out, _ = run("validate", "--format", "sarif", ".", cwd=folder)
    assert _schema_errors(json.loads(out)) == []
    code, out, _ = run("validate", "--format", "junit", "my sla.yaml", cwd=folder)
    assert code == 0 and ET.fromstring(out).get("failures") == "0"
    code, _, err = run("validate", "--format", "yaml", ".", cwd=folder)
    assert code == 2 and "--format must be one of" in err


def test_suppressed_findings_are_sarif_results_with_their_reason(tmp_path: Path) -> None:
    text = compose(
        "overview: >  # sladoc: ignore[SLA101] -- defined in the master agreement\n"
        "  Acme answers promptly.\n"
    )
    (tmp_path / "suppressed.yaml").write_text(text, "utf-8")
    code, out, _ = run("check", "--format", "sarif", "suppressed.yaml", cwd=tmp_path)
    assert code == 0
    log = json.loads(out)
    assert _schema_errors(log) == []
    [result] = [r for r in log["runs"][0]["results"] if r["ruleId"] == "SLA101"]
    assert result["suppressions"] == [
        {
            "kind": "inSource",
            "status": "accepted",
            "justification": "defined in the master agreement",
        }
    ]
    _, out, _ = run("check", "--format", "json", "suppressed.yaml", cwd=tmp_path)
    assert json.loads(out)["findings"] == []  # elsewhere a suppressed finding stays silent
