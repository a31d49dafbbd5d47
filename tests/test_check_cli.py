"""`sladoc check`: formats, exit codes and configuration, through the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sladoc.cli import app

from .checker_cases import compose
from .conftest import ROOT

runner = CliRunner()
INVALID = Path(__file__).parent / "invalid"


def run(*args: str, env: dict | None = None):
    return runner.invoke(app, ["check", *args], env={"GITHUB_ACTIONS": "", **(env or {})})


@pytest.fixture
def vague(tmp_path: Path) -> Path:
    path = tmp_path / "vague.yaml"
    path.write_text(compose("overview: Acme answers promptly.\n"), "utf-8")
    return path


@pytest.fixture
def mistyped(tmp_path: Path) -> Path:
    path = tmp_path / "mistyped.yaml"
    path.write_text(compose("overview: Acme keeps the shop available 99.99.9% a month.\n"), "utf-8")
    return path


def test_examples_pass_with_exit_0() -> None:
    result = run(str(ROOT / "agreements"))
    assert result.exit_code == 0, result.output


def test_warnings_pass_by_default_and_fail_with_fail_on_warning(vague: Path) -> None:
    result = run(str(vague))
    assert result.exit_code == 0
    assert f"{vague}:1:24: SLA101 [warning]" in result.output
    assert run(str(vague), "--fail-on", "warning").exit_code == 1


def test_errors_fail_with_exit_1_never_the_count(mistyped: Path, vague: Path) -> None:
    result = run(str(mistyped), str(vague))
    assert result.exit_code == 1
    assert "SLA201 [error]" in result.output


def test_invalid_files_print_their_errors_and_exit_2(vague: Path) -> None:
    result = run(str(vague), str(INVALID / "bad-percent.yaml"))
    assert result.exit_code == 2
    assert "bad-percent.yaml:41:20: error:" in result.output
    assert "SLA101" in result.output  # the valid file is still checked


def test_usage_errors_exit_2(vague: Path, tmp_path: Path) -> None:
    assert run(str(vague), "--format", "xml").exit_code == 2
    assert run(str(tmp_path / "nope.yaml")).exit_code == 2
    bad = tmp_path / "bad.toml"
    bad.write_text("ignore = ['SLA1O1']\n")
    result = run(str(vague), "--config", str(bad))
    assert result.exit_code == 2 and "unknown rule code 'SLA1O1'" in result.output
    assert run(str(vague), "--fail-on", "fatal").exit_code == 2
    assert run(str(vague), "--select", "SLA9999").exit_code == 2


def test_json_output_and_statistics_keep_stdout_parseable(vague: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    result = run(str(vague), "--format", "json", "--statistics", "-o", str(out))
    assert result.exit_code == 0
    data = json.loads(out.read_text("utf-8"))
    assert data["version"] == 1 and data["findings"][0]["code"] == "SLA101"
    assert "1  SLA101  vague-deadline" in result.output


def test_sarif_output(vague: Path) -> None:
    result = runner.invoke(
        app, ["check", str(vague), "--format", "sarif"], env={"GITHUB_ACTIONS": ""}
    )
    start = result.stdout.index("{")
    log = json.loads(result.stdout[start:])
    assert log["version"] == "2.1.0"
    assert log["runs"][0]["results"][0]["ruleId"] == "SLA101"


def test_github_format_is_chosen_under_github_actions(vague: Path) -> None:
    result = run(str(vague), env={"GITHUB_ACTIONS": "true"})
    assert "::warning file=" in result.output and "title=SLA101 vague-deadline::" in result.output
    result = run(str(vague), "--format", "text", env={"GITHUB_ACTIONS": "true"})
    assert "::warning" not in result.output


def test_configuration_is_found_from_the_current_folder(
    vague: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".sladoc.toml").write_text("fail-on = 'warning'\n")
    monkeypatch.chdir(tmp_path)
    assert run(str(vague)).exit_code == 1
    assert run(str(vague), "--ignore", "SLA101").exit_code == 0
