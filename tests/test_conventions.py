"""What ruff users take for granted: configuration found from each file's folder, `-` for
standard input, `sladoc rule CODE`, pre-commit hooks that leave other YAML files alone."""

from __future__ import annotations

import os
from pathlib import Path

import yaml
from typer.testing import CliRunner

from sladoc.cli import app

from .checker_cases import compose
from .conftest import ROOT

VAGUE = compose("overview: Acme answers promptly.\n")
BROKEN = VAGUE.replace("overview:", "overveiw:", 1)


def run(*args: str, cwd: Path, stdin: str | None = None) -> tuple[int, str, str]:
    old = Path.cwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(app, list(args), input=stdin, env={"GITHUB_ACTIONS": ""})
    finally:
        os.chdir(old)
    return result.exit_code, result.stdout, result.stderr


def _repository(root: Path, config: str | None) -> Path:
    (root / "agreements").mkdir(parents=True)
    if config is not None:
        (root / "pyproject.toml").write_text(f"[tool.sladoc]\n{config}\n", "utf-8")
    agreement = root / "agreements" / "vague.yaml"
    agreement.write_text(VAGUE, "utf-8")
    return agreement


def test_configuration_is_found_from_each_files_folder(tmp_path: Path) -> None:
    quiet = _repository(tmp_path / "quiet", 'ignore = ["SLA101"]')
    loud = _repository(tmp_path / "loud", None)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code, out, _ = run("check", str(quiet), str(loud), cwd=elsewhere)
    assert code == 0
    assert "SLA101" in out and str(loud) in out and str(quiet) not in out
    # --config still means one configuration for every file
    code, out, _ = run(
        "check", "--config", str(tmp_path / "quiet" / "pyproject.toml"), str(loud), cwd=elsewhere
    )
    assert "SLA101" not in out


def test_standard_input_is_checked_under_its_given_name(tmp_path: Path) -> None:
    _repository(tmp_path, 'ignore = ["SLA101"]')
    code, out, _ = run("check", "-", cwd=tmp_path.parent, stdin=VAGUE)
    assert out.startswith("-:1:") and "SLA101" in out
    named = str(tmp_path / "agreements" / "new.yaml")
    code, out, _ = run("check", "--stdin-filename", named, "-", cwd=tmp_path.parent, stdin=VAGUE)
    assert code == 0 and "SLA101" not in out  # its configuration applies
    code, out, err = run("check", "--format", "json", "-", cwd=tmp_path, stdin=BROKEN)
    assert code == 2 and '"SLA000"' in out
    code, out, err = run("validate", "-", cwd=tmp_path, stdin=BROKEN)
    assert code == 2 and "-:1:1: error: unknown field `overveiw`" in err, err
    code, _, err = run("check", "-", "x.yaml", cwd=tmp_path, stdin=VAGUE)
    assert code == 2 and "cannot be combined" in err


def test_rule_prints_a_rules_documentation(tmp_path: Path) -> None:
    code, out, _ = run("rule", "SLA101", cwd=tmp_path)
    assert code == 0 and out.startswith("## SLA101 vague-deadline") and "Fails:" in out
    code, out, _ = run("rule", "vague-deadline", cwd=tmp_path)
    assert out.startswith("## SLA101")
    code, _, err = run("rule", "vague-deadlin", cwd=tmp_path)
    assert code == 2 and "did you mean vague-deadline" in err


def test_pre_commit_hooks_skip_other_yaml_and_print_each_error_once(tmp_path: Path) -> None:
    hooks = {
        hook["id"]: hook for hook in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    }
    assert set(hooks) == {"sladoc-check", "sladoc-validate"}
    (tmp_path / "docker-compose.yml").write_text("services:\n  web:\n    image: nginx\n")
    (tmp_path / "mkdocs-like.yaml").write_text("site_name: x\nkind: documentation\n")
    (tmp_path / "broken.yaml").write_text(BROKEN, "utf-8")
    (tmp_path / "vague.yaml").write_text(VAGUE, "utf-8")
    files = ["docker-compose.yml", "mkdocs-like.yaml", "broken.yaml", "vague.yaml"]
    for hook in hooks.values():
        assert hook["types"] == ["yaml"] and "--agreements-only" in hook["entry"]
    entry = hooks["sladoc-check"]["entry"].split()[1:]
    code, out, err = run(*entry, *files, cwd=tmp_path)
    assert code == 2
    assert (out + err).count("unknown field `overveiw`") == 1
    assert "SLA101" in out and "compose" not in out + err and "mkdocs" not in out + err
    entry = hooks["sladoc-validate"]["entry"].split()[1:]
    code, out, err = run(*entry, "docker-compose.yml", "mkdocs-like.yaml", cwd=tmp_path)
    assert code == 0, out + err
