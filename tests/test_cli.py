"""The command line: exit codes, what is printed, files written (through the real entry
point, in a subprocess where start-up matters)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sladoc import api
from sladoc.cli import app

from .conftest import AGREEMENTS, ROOT

runner = CliRunner()
INVALID = Path(__file__).parent / "invalid"


def run(*args: str):
    return runner.invoke(app, list(args))


def test_validate_examples_exit_0() -> None:
    result = run("validate", str(ROOT / "agreements"))
    assert result.exit_code == 0, result.output
    assert f"{len(AGREEMENTS)} valid" in result.output


def test_validate_invalid_exits_2_with_positions() -> None:
    path = INVALID / "bad-reference.yaml"
    result = run("validate", str(path))
    assert result.exit_code == 2
    assert f"{path}:74:11: error: `salse` is not a party" in result.output


def test_validate_missing_path_exits_2() -> None:
    result = run("validate", "does/not/exist.yaml")
    assert result.exit_code == 2
    assert "no such file" in result.output


def test_python_dash_m_entry_point_never_prints_a_traceback(tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.yaml"
    garbage.write_bytes(bytes(range(256)) * 4)
    done = subprocess.run(
        [sys.executable, "-m", "sladoc", "validate", str(garbage)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert done.returncode == 2
    assert "Traceback" not in done.stderr + done.stdout
    # bytes 0x00-0x09, a newline, then 0x0b-0x7f (117 characters): 0x80 is at 2:118
    assert f"{garbage}:2:118: error: byte 0x80 is not UTF-8" in done.stderr


def test_uptime_table_matches_known_figures() -> None:
    result = run("uptime", "99.999%")
    assert result.exit_code == 0
    assert "five nines" in result.output
    assert "year      5 m 15.6 s" in result.output
    assert "365.25-day year" in result.output


def test_uptime_with_365_day_year() -> None:
    result = run("uptime", "99.9999%", "--year-days", "365")
    assert "year      31.5 s" in result.output


def test_uptime_from_downtime_finds_the_real_nines() -> None:
    result = run("uptime", "--downtime", "31s per year")
    assert result.exit_code == 0
    assert "99.999902%" in result.output
    assert "6.0 nines" in result.output


def test_uptime_bad_input_exits_2() -> None:
    result = run("uptime", "99.99.9%")
    assert result.exit_code == 2
    assert "99.99.9" in result.output


def test_calc_leads_shows_the_working() -> None:
    result = run(
        "calc",
        "leads",
        "--quota",
        "5000",
        "--share",
        "100%",
        "--deal",
        "100",
        "--close-rate",
        "50%",
    )
    assert result.exit_code == 0, result.output
    assert "Customers needed: 50" in result.output
    assert "Leads needed: 100" in result.output
    assert "5,000 ÷ 100 = 50 customers" in result.output


def test_calc_leads_rejects_zero_close_rate() -> None:
    result = run(
        "calc", "leads", "--quota", "5000", "--share", "100%", "--deal", "100", "--close-rate", "0%"
    )
    assert result.exit_code == 2


def test_goal_line_ends_at_the_goal() -> None:
    result = run("calc", "goal-line", "--goal", "100", "--days", "30")
    lines = result.output.strip().splitlines()
    assert lines[-1].split() == ["30", "100"]
    assert lines[1].split() == ["1", "3.3"]


def test_committed_schema_is_up_to_date() -> None:
    committed = (ROOT / "docs" / "sladoc.schema.json").read_text()
    assert committed == api.json_schema_text(), "run: sladoc schema -o docs/sladoc.schema.json"


def test_schema_describes_all_kinds() -> None:
    schema = json.loads(run("schema").output)
    assert set(schema["properties"]["kind"]["enum"]) == {"internal", "tiered", "customer"}
    chosen = {branch["if"]["properties"]["kind"]["const"] for branch in schema["allOf"]}
    assert chosen == {"internal", "tiered", "customer"}


@pytest.mark.parametrize("language", ["en", "id"])
@pytest.mark.parametrize("kind", ["internal", "tiered", "customer"])
def test_new_writes_a_valid_commented_starter(kind: str, language: str, tmp_path: Path) -> None:
    target = tmp_path / f"{kind}.yaml"
    result = run("new", kind, str(target), "--language", language)
    assert result.exit_code == 0, result.output
    text = target.read_text()
    assert text.startswith("# yaml-language-server: $schema=sladoc.schema.json\n")
    assert f"\nlanguage: {language}" in text
    assert run("validate", str(target)).exit_code == 0
    assert run("new", kind, str(target)).exit_code == 2  # no silent overwrite
    # Its checker findings are only the placeholders it asks the author to replace.
    findings = run("check", str(target), "--format", "json").stdout
    assert {f["code"] for f in json.loads(findings)["findings"]} <= {"SLA304", "SLA312"}


def test_new_unknown_language() -> None:
    result = run("new", "customer", "--language", "fr")
    assert result.exit_code == 2
    assert "en, id" in result.output


def test_new_customer_with_plans_is_a_multi_plan_agreement(tmp_path: Path) -> None:
    target = tmp_path / "plans.yaml"
    assert run("new", "customer", str(target), "--plans").exit_code == 0
    assert run("validate", str(target)).exit_code == 0
    assert "plans:" in target.read_text()
    assert run("new", "tiered", "--plans").exit_code == 2  # plans are a customer's
    in_indonesian = run("new", "customer", "--plans", "--language", "id")
    assert in_indonesian.exit_code == 2  # no Indonesian starter with plans: said, not faked
    assert "English only" in in_indonesian.output


def test_new_unknown_kind() -> None:
    result = run("new", "custom")
    assert result.exit_code == 2
    assert "internal, tiered, customer" in result.output
