"""Built documents merge: `sladoc git-setup` installs a merge driver that rebuilds a
DOCX/PDF from the agreement merged by git, so two branches that both rebuilt do not
conflict on binary files; a conflict in the agreement itself still stops the merge."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sladoc.cli import app

from .conftest import ROOT

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
SOURCE = ROOT / "tests" / "diff" / "customer" / "old.yaml"


def git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=check)


def sladoc(repo: Path, *args: str) -> None:
    old = Path.cwd()
    os.chdir(repo)
    try:
        result = CliRunner().invoke(app, list(args))
    finally:
        os.chdir(old)
    assert result.exit_code == 0, result.output


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name, value in {
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CEILING_DIRECTORIES": str(tmp_path),
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.com",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.com",
    }.items():
        monkeypatch.setenv(name, value)
    root = tmp_path / "repo"
    (root / "agreements").mkdir(parents=True)
    shutil.copy(SOURCE, root / "agreements" / "hosting.yaml")
    git(root, "init", "-q", "-b", "main")
    command = f"{shlex.quote(sys.executable)} -m sladoc textconv"
    sladoc(root, "git-setup", "--command", command)
    sladoc(root, "build", "agreements/hosting.yaml", "--out", "contracts", "--format", "docx,pdf")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "first")
    return root


def _edit_and_build(repo: Path, branch: str, old: str, new: str) -> None:
    git(repo, "checkout", "-q", "-B", branch, "main")
    source = repo / "agreements" / "hosting.yaml"
    text = source.read_text("utf-8")
    assert old in text
    source.write_text(text.replace(old, new, 1), "utf-8")
    sladoc(repo, "build", "agreements/hosting.yaml", "--out", "contracts", "--format", "docx,pdf")
    git(repo, "commit", "-qam", branch)


def test_two_rebuilt_branches_merge_into_the_rebuilt_merge(repo: Path, tmp_path: Path) -> None:
    _edit_and_build(repo, "faster", "target: 99.9%", "target: 99.95%")
    _edit_and_build(repo, "renamed", "name: Acme Cloud Ltd.", "name: Acme Cloud Hosting Ltd.")
    git(repo, "checkout", "-q", "faster")
    merged = git(repo, "merge", "-q", "--no-edit", "renamed", check=False)
    assert merged.returncode == 0, merged.stdout + merged.stderr
    text = (repo / "agreements" / "hosting.yaml").read_text("utf-8")
    assert "99.95%" in text and "Acme Cloud Hosting Ltd." in text
    fresh = tmp_path / "fresh"
    sladoc(repo, "build", "agreements/hosting.yaml", "--out", str(fresh), "--format", "docx,pdf")
    for document in (repo / "contracts").iterdir():
        assert document.read_bytes() == (fresh / document.name).read_bytes(), document.name


def test_a_conflict_in_the_agreement_leaves_the_documents_conflicted(repo: Path) -> None:
    _edit_and_build(repo, "a", "target: 99.9%", "target: 99.95%")
    _edit_and_build(repo, "b", "target: 99.9%", "target: 99.5%")
    git(repo, "checkout", "-q", "a")
    merged = git(repo, "merge", "-q", "--no-edit", "b", check=False)
    assert merged.returncode != 0
    conflicted = git(repo, "diff", "--name-only", "--diff-filter=U").stdout.split()
    assert "agreements/hosting.yaml" in conflicted
    assert {"contracts/acme-hosting.docx", "contracts/acme-hosting.pdf"} <= set(conflicted)
