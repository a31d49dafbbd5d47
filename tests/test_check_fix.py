"""``sladoc check --fix`` / ``--diff``: only findings with one exact correction, applied to
the exact words, comments and layout kept; the corrected file has no such finding left."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from sladoc import api
from sladoc.checks import fixes
from sladoc.cli import app

from .checker_cases import check_text, compose

runner = CliRunner()

# (snippet, the line as it must read after the fix)
CASES = [
    (
        "services:\n  - name: Compute\n    availability:\n      target: 99.99%  # four nines\n"
        "      window: calendar month\n      downtime: 43 m 50 s per month  # wrong\n",
        "      downtime: 4 m 23 s per month  # wrong\n",
    ),
    (
        "overview: >\n  Acme hosts the shop at 99.99.9% in each calendar month.\n",
        "  Acme hosts the shop at 99.999% in each calendar month.\n",
    ),
    (
        "overview: >\n  Acme keeps the shop up 99.9% in each calendar month, which allows\n"
        "  8 hours of unplanned downtime per month.\n",
        "  43 m 49.8 s of unplanned downtime per month.\n",
    ),
    (
        "overview: Acme hosts the shop with an availability of 99,9% in each calendar month.\n",
        "overview: Acme hosts the shop with an availability of 99.9% in each calendar month.\n",
    ),
    (
        "language: id\noverview: >\n  Ketersediaan Layanan per bulan kalender adalah 99,9,5%.\n",
        "  Ketersediaan Layanan per bulan kalender adalah 99,95%.\n",
    ),
]


@pytest.mark.parametrize(("snippet", "line"), CASES)
def test_fix_corrects_the_words_and_nothing_else(tmp_path: Path, snippet: str, line: str) -> None:
    text = "# kept comment\n" + compose(snippet)
    path = tmp_path / "a.yaml"
    path.write_text(text, "utf-8")
    report = api.fix([path])
    assert report.fixed, "a fix was expected"
    new = report.changed[path]
    assert line in new.splitlines(keepends=True)
    assert new.startswith("# kept comment\n")
    changed = [(a, b) for a, b in zip(text.splitlines(), new.splitlines(), strict=True) if a != b]
    assert len(changed) == 1  # the one line of the words, nothing else
    codes = {f.code for f in report.fixed}
    assert not [f for f in check_text(new) if f.code in codes and f.fix is not None]


def test_a_finding_without_one_exact_correction_is_not_fixed(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(compose("overview: Acme answers promptly, at 999.9% uptime.\n"), "utf-8")
    assert api.fix([path]).changed == {}


def test_diff_shows_the_change_and_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    text = compose(CASES[0][0])
    path.write_text(text, "utf-8")
    result = runner.invoke(app, ["check", "--diff", str(path)], env={"GITHUB_ACTIONS": ""})
    assert result.exit_code == 0
    assert "-      downtime: 43 m 50 s per month  # wrong" in result.stdout
    assert "+      downtime: 4 m 23 s per month  # wrong" in result.stdout
    assert path.read_text("utf-8") == text


def test_fix_writes_the_file_and_reports_what_is_left(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(compose(CASES[0][0]), "utf-8")
    result = runner.invoke(app, ["check", "--fix", str(path)], env={"GITHUB_ACTIONS": ""})
    assert result.exit_code == 0, result.output
    assert "downtime: 4 m 23 s per month  # wrong" in path.read_text("utf-8")
    assert "SLA202" not in result.stdout


@settings(max_examples=30, deadline=None)
@given(
    percent=st.sampled_from(["99", "99.5", "99.9", "99.95", "99.99", "99.999"]),
    period=st.sampled_from(["month", "year"]),
    hours=st.integers(min_value=1, max_value=40),
)
def test_a_fixed_allowance_is_the_one_its_percentage_gives(
    percent: str, period: str, hours: int
) -> None:
    """Whatever allowance was written, after --fix the sentence agrees with itself."""
    text = compose(
        f"overview: >\n  Acme keeps the shop up {percent}% in each calendar {period}, which "
        f"allows\n  {hours} hours of downtime per {period}.\n"
    )
    found = [f for f in check_text(text) if f.code == "SLA202"]
    fixed, applied = fixes.apply(text, found)
    assert len(applied) == len(found)
    assert [f for f in check_text(fixed) if f.code == "SLA202"] == []
