"""Checker configuration: discovery, validation with did-you-mean, and its effects."""

from __future__ import annotations

from pathlib import Path

import pytest

from sladoc.checks.config import Config, find_config, load_config, parse_config
from sladoc.errors import UsageError

from .checker_cases import check_text, compose

PROMPT = "overview: Acme answers promptly, with several engineers.\n"


def codes(config: Config, snippet: str = PROMPT, name: str = "case.yaml") -> list[str]:
    return [f.code for f in check_text(compose(snippet), config, name)]


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"selct": ["SLA1"]}, "unknown option 'selct'; did you mean 'select'?"),
        ({"select": ["SLA109"]}, "unknown rule code 'SLA109'; did you mean"),
        ({"ignore": ["vague-deadlne"]}, "did you mean 'vague-deadline'?"),
        ({"severity": {"SLA101": "fatal"}}, "expected one of info, warning, error, got 'fatal'"),
        ({"fail-on": "warn"}, "did you mean 'warning'?"),
        ({"extra-terms": {"fr": {"time": ["bientôt"]}}}, "unknown language 'fr'"),
        ({"extra-terms": {"en": {"tiem": ["anon"]}}}, "unknown group 'tiem'; did you mean 'time'?"),
        ({"remove-terms": {"en": ["promptlyy"]}}, "did you mean 'promptly'?"),
        ({"per-file-ignores": {"*.yaml": "SLA9999"}}, "unknown rule code 'SLA9999'"),
        ({"select": "SLA1", "ignore": [1]}, "ignore must be a list of strings"),
    ],
)
def test_invalid_configuration_is_an_error(table: dict, message: str) -> None:
    with pytest.raises(UsageError, match=None) as error:
        parse_config(table, where="pyproject.toml: [tool.sladoc]")
    assert message in str(error.value)
    assert str(error.value).startswith("pyproject.toml: [tool.sladoc]")


def test_select_and_ignore_by_code_prefix_and_name() -> None:
    assert codes(Config()) == ["SLA101", "SLA104"]
    assert codes(parse_config({"ignore": ["SLA10"]})) == []
    assert codes(parse_config({"ignore": ["vague-quantity"]})) == ["SLA101"]
    # the more specific of select and ignore wins
    assert codes(parse_config({"select": ["SLA104"], "ignore": ["SLA1"]})) == ["SLA104"]


def test_severity_override_and_per_file_ignores() -> None:
    config = parse_config({"severity": {"SLA1": "info", "SLA104": "error"}})
    found = check_text(compose(PROMPT), config)
    assert [(f.code, f.severity) for f in found] == [("SLA101", "info"), ("SLA104", "error")]
    config = parse_config({"per-file-ignores": {"legacy/*.yaml": ["SLA101"]}}, root=Path.cwd())
    assert codes(config, name="legacy/old.yaml") == ["SLA104"]
    assert codes(config, name="current/new.yaml") == ["SLA101", "SLA104"]


def test_discovery_from_the_current_folder_upwards(tmp_path: Path) -> None:
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'x'\n")
    (tmp_path / "a" / "pyproject.toml").write_text("[tool.sladoc]\nignore = ['SLA106']\n")
    assert find_config(nested) == tmp_path / "a" / "pyproject.toml"
    assert load_config(start=nested).ignore == ("SLA106",)
    (nested / ".sladoc.toml").write_text("fail-on = 'warning'\n")
    assert find_config(nested) == nested / ".sladoc.toml"
    assert load_config(start=nested).fail_on == "warning"


def test_explicit_file_and_bad_toml(tmp_path: Path) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text("select = [\n")
    with pytest.raises(UsageError, match="invalid TOML"):
        load_config(broken)
    with pytest.raises(UsageError, match="no such configuration file"):
        load_config(tmp_path / "missing.toml")
    plain = tmp_path / "pyproject.toml"
    plain.write_text("[project]\nname = 'x'\n")
    with pytest.raises(UsageError, match=r"has no \[tool.sladoc\] section"):
        load_config(plain)
