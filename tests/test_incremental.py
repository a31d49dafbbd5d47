"""Incremental builds: an output is left alone exactly when its recorded provenance equals
what the build would record. A changed agreement, template, option (format, templates
folder) or sladoc version rebuilds what it affects and nothing else; --force rebuilds all."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sladoc.cli import app

from .conftest import ROOT

runner = CliRunner()
EXAMPLES = ROOT / "agreements"
# Two internal agreements and one customer agreement: a customer template change must
# rebuild the one and leave the two.
THREE = (
    "company-x-marketing-sales.yaml",
    "contoh-pemasaran-penjualan.yaml",
    "acme-cloud-hosting.yaml",
)
FORMATS = "docx,pdf,html"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A work tree with three agreements and a copy of the templates."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "agreements").mkdir()
    for name in THREE:
        shutil.copy(EXAMPLES / name, tmp_path / "agreements" / name)
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    return tmp_path


def build(
    repo: Path, *extra: str, formats: str = FORMATS, paths: tuple[str, ...] = ("agreements",)
) -> tuple[str, dict[Path, bytes]]:
    """``sladoc build`` in ``repo``; its output and the bytes of every output file, each
    file's modification time set back first, so a rewrite is seen even within a tick."""
    out = repo / "out"
    for path in out.glob("*"):
        os.utime(path, ns=(1, 1))
    old_cwd = Path.cwd()
    os.chdir(repo)
    try:
        result = runner.invoke(
            app,
            ["build", *paths, "-f", formats, "-o", "out", "--templates", "templates", *extra],
        )
    finally:
        os.chdir(old_cwd)
    assert result.exit_code == 0, result.output
    return result.output, {path: path.read_bytes() for path in sorted(out.glob("*"))}


def rewritten(repo: Path) -> set[str]:
    """The outputs written by the last build (their time is no longer the one set)."""
    return {path.name for path in (repo / "out").glob("*") if path.stat().st_mtime_ns != 1}


def test_a_second_build_rewrites_nothing_and_says_so(repo: Path):
    first, documents = build(repo)
    assert len(documents) == 9
    output, again = build(repo)
    assert rewritten(repo) == set()
    assert again == documents
    assert "3 of 3 agreement(s) up to date" in output and "wrote" not in output


def test_changing_one_of_three_agreements_rebuilds_exactly_its_documents(repo: Path):
    build(repo)
    source = repo / "agreements" / "acme-cloud-hosting.yaml"
    source.write_text(source.read_text("utf-8").replace("Version", "Version", 1) + "\n# edited\n")
    output, _ = build(repo)
    assert rewritten(repo) == {f"acme-cloud-hosting.{fmt}" for fmt in FORMATS.split(",")}
    assert "2 of 3 agreement(s) up to date" in output


def test_touching_a_file_rebuilds_nothing(repo: Path):
    """Fresh means the same content: a newer modification time alone changes nothing."""
    build(repo)
    for path in (repo / "agreements").glob("*.yaml"):
        os.utime(path)
    build(repo)
    assert rewritten(repo) == set()


def test_a_changed_template_rebuilds_the_kinds_it_affects_and_nothing_else(repo: Path):
    build(repo)
    wording = repo / "templates" / "customer" / "wording.yaml"
    wording.write_text(wording.read_text("utf-8") + "\n# a comment changes the digest\n")
    build(repo)
    assert rewritten(repo) == {f"acme-cloud-hosting.{fmt}" for fmt in FORMATS.split(",")}
    stylesheet = repo / "templates" / "pdf-style.yaml"
    stylesheet.write_text(stylesheet.read_text("utf-8") + "\n# every kind's look\n")
    build(repo)
    assert len(rewritten(repo)) == 9


def test_a_translation_rebuilds_only_the_agreements_in_its_language(repo: Path):
    build(repo)
    wording = repo / "templates" / "internal" / "wording.id.yaml"
    wording.write_text(wording.read_text("utf-8") + "\n# diubah\n")
    build(repo)
    assert rewritten(repo) == {f"contoh-pemasaran-penjualan.{fmt}" for fmt in FORMATS.split(",")}


def test_a_new_format_builds_only_that_format(repo: Path):
    build(repo, formats="docx,pdf")
    _, documents = build(repo, formats="docx,pdf,html")
    assert rewritten(repo) == {path.name for path in documents if path.suffix == ".html"}


def test_another_sladoc_version_rebuilds_everything(repo: Path, monkeypatch):
    build(repo)
    monkeypatch.setattr("sladoc.document.provenance.__version__", "99.0.0")
    build(repo)
    assert len(rewritten(repo)) == 9


def test_another_templates_folder_rebuilds_everything(repo: Path, tmp_path: Path):
    build(repo)
    other = repo / "templates-2"
    shutil.copytree(repo / "templates", other)
    (other / "pdf-style.yaml").write_text(
        (other / "pdf-style.yaml").read_text("utf-8").replace("#5d6877", "#5d6878")
    )
    old_cwd = Path.cwd()
    os.chdir(repo)
    try:
        for path in (repo / "out").glob("*"):
            os.utime(path, ns=(1, 1))
        result = runner.invoke(
            app, ["build", "agreements", "-f", FORMATS, "-o", "out", "--templates", "templates-2"]
        )
    finally:
        os.chdir(old_cwd)
    assert result.exit_code == 0, result.output
    assert len(rewritten(repo)) == 9


def test_a_damaged_or_foreign_output_is_rebuilt(repo: Path):
    _, documents = build(repo)
    pdf = repo / "out" / "acme-cloud-hosting.pdf"
    pdf.write_bytes(pdf.read_bytes()[:1000])
    html = repo / "out" / "acme-cloud-hosting.html"
    html.write_text("<!DOCTYPE html><p>someone else's page</p>")
    _, again = build(repo)
    assert rewritten(repo) == {"acme-cloud-hosting.pdf", "acme-cloud-hosting.html"}
    assert again == documents


def test_an_output_edited_in_place_is_rebuilt(repo: Path):
    """Its provenance still matches the inputs, but its words were changed after the build
    (the content digest it records no longer fits): the build puts the contract back."""
    _, documents = build(repo)
    html = repo / "out" / "acme-cloud-hosting.html"
    html.write_bytes(html.read_bytes().replace(b"99.95%", b"99.5%", 1))
    pdf = repo / "out" / "acme-cloud-hosting.pdf"
    data = bytearray(pdf.read_bytes())
    middle = len(data) // 2
    data[middle] ^= 0x01
    pdf.write_bytes(bytes(data))
    _, again = build(repo)
    assert rewritten(repo) == {"acme-cloud-hosting.html", "acme-cloud-hosting.pdf"}
    assert again == documents


def test_markdown_records_nothing_so_it_is_always_written(repo: Path):
    build(repo, formats="docx,md")
    build(repo, formats="docx,md")
    assert {Path(name).suffix for name in rewritten(repo)} == {".md"}


def test_force_rebuilds_everything(repo: Path):
    _, documents = build(repo)
    output, again = build(repo, "--force")
    assert len(rewritten(repo)) == 9 and again == documents
    assert "up to date" not in output


def test_strict_checks_the_agreements_that_are_up_to_date_too(repo: Path):
    source = repo / "agreements" / "acme-cloud-hosting.yaml"
    text = source.read_text("utf-8")
    source.write_text(text.replace("Company X receives when", "Company X promptly receives when"))
    first, _ = build(repo, "--strict")
    second, _ = build(repo, "--strict")
    assert rewritten(repo) == set()
    findings = [line for line in first.splitlines() if "SLA101 [warning]" in line]
    assert findings and all(line in second for line in findings)


# --- sladoc build --watch ---------------------------------------------------------------------


def test_watch_rebuilds_what_changes_and_ends_with_130_on_ctrl_c(repo: Path):
    import queue
    import signal
    import subprocess
    import sys
    import threading

    process = subprocess.Popen(
        [sys.executable, "-m", "sladoc", "build", "agreements", "-f", "html", "-o", "out"]
        + ["--templates", "templates", "--watch", "--jobs", "1"],
        cwd=repo,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: queue.Queue[str] = queue.Queue()
    assert process.stderr is not None
    reader = threading.Thread(target=lambda: [lines.put(line) for line in process.stderr])
    reader.start()

    def wait_for(text: str) -> list[str]:
        seen = []
        while text not in (line := lines.get(timeout=120)):
            seen.append(line)
        return seen

    try:
        wait_for("watching for changes")
        outputs = {path.name: path.stat().st_mtime_ns for path in (repo / "out").glob("*")}
        assert len(outputs) == 3
        source = repo / "agreements" / "acme-cloud-hosting.yaml"
        source.write_text(source.read_text("utf-8") + "\n# edited while watching\n")
        wait_for("2 of 3 agreement(s) up to date")
        changed = {
            path.name
            for path in (repo / "out").glob("*")
            if path.stat().st_mtime_ns != outputs.get(path.name)
        }
        assert changed == {"acme-cloud-hosting.html"}
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=60)
        reader.join(10)
    rest = "".join(lines.queue)
    assert process.returncode == 130
    assert "Traceback" not in rest


def test_a_bilingual_document_depends_on_both_languages_wording(repo: Path):
    """An agreement in English and Indonesian (English first): its side-by-side document is
    rebuilt when the Indonesian wording changes, as are the documents in Indonesian; its
    English-only edition (``--language en``) and the English-only agreements are not."""
    source = EXAMPLES / "company-x-marketing-sales-bilingual.yaml"
    text = source.read_text("utf-8").replace("language: [id, en]", "language: [en, id]", 1)
    assert "language: [en, id]" in text
    (repo / "bilingual").mkdir()
    (repo / "bilingual" / "both.yaml").write_text(text, "utf-8")
    (repo / "agreements" / "both.yaml").write_text(text, "utf-8")
    build(repo)
    only = ("bilingual/both.yaml",)
    build(repo, "--language", "en", paths=only)
    assert any(name.endswith(".en.pdf") for name in rewritten(repo))
    wording = repo / "templates" / "common" / "wording.id.yaml"
    wording.write_text(wording.read_text("utf-8") + "\n# reworded\n", "utf-8")
    build(repo, "--language", "en", paths=only)
    assert not any(".en." in name for name in rewritten(repo)), rewritten(repo)
    build(repo)
    again = rewritten(repo)
    assert any(name.startswith("company-x-marketing-sales-bilingual.") for name in again), again
    assert any(name.startswith("contoh") for name in again), again  # the Indonesian example
    assert not any(name.startswith("acme") for name in again), again  # English only
