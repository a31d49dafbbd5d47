"""`sladoc build` end to end: real files from every example, reproducible to the byte,
literal text, safe outputs."""

from __future__ import annotations

import hashlib
import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sladoc.cli import app

from .conftest import AGREEMENTS, ROOT

runner = CliRunner()


def build(*args: str):
    return runner.invoke(app, ["build", *args])


def digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("built")
    result = build(str(ROOT / "agreements"), "--format", "docx,pdf,md", "--out", str(out))
    assert result.exit_code == 0, result.output
    return out


def test_every_example_gives_docx_pdf_and_markdown(built: Path) -> None:
    names = {p.name for p in built.iterdir()}
    assert len(names) == 3 * len(AGREEMENTS)
    assert not [n for n in names if n.startswith(".")], "temporary files left behind"


def test_docx_and_pdf_open_in_real_readers(built: Path) -> None:
    import docx
    from pypdf import PdfReader

    for path in sorted(built.glob("*.docx")):
        document = docx.Document(str(path))
        # a bilingual contract's headings are in the cells of its side-by-side rows
        in_cells = [
            p for t in document.tables for r in t.rows for c in r.cells for p in c.paragraphs
        ]
        paragraphs = document.paragraphs + in_cells
        assert any(p.style.name.startswith("Heading") for p in paragraphs), path
    for path in sorted(built.glob("*.pdf")):
        reader = PdfReader(str(path))
        assert len(reader.pages) >= 2
        assert reader.outline, f"{path.name}: no bookmarks"


def test_builds_are_byte_identical_across_runs_and_jobs(built: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    result = build(
        str(ROOT / "agreements"), "--format", "docx,pdf,md", "--out", str(again), "--jobs", "2"
    )
    assert result.exit_code == 0, result.output
    assert digests(again) == digests(built)


def test_a_batch_built_by_workers_replaced_as_they_age_is_the_same(
    built: Path, tmp_path: Path, monkeypatch
) -> None:
    from sladoc import batch as parallel

    monkeypatch.setattr(parallel, "RECYCLE_AFTER", 2)  # a fresh worker every two agreements
    again = tmp_path / "recycled"
    result = build(
        str(ROOT / "agreements"), "--format", "docx,pdf,md", "--out", str(again), "--jobs", "1"
    )
    assert result.exit_code == 0, result.output
    assert digests(again) == digests(built)


def test_builds_do_not_depend_on_hash_seed_or_clock(built: Path, tmp_path: Path) -> None:
    out = tmp_path / "seeded"
    env = {**os.environ, "PYTHONHASHSEED": "12345", "SOURCE_DATE_EPOCH": "1", "TZ": "Asia/Tokyo"}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "sladoc",
            "build",
            str(ROOT / "agreements"),
            "--format",
            "docx,pdf,md",
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    assert digests(out) == digests(built)


def _pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(str(path)).pages)


def _docx_xml(path: Path) -> str:
    import zipfile

    with zipfile.ZipFile(path) as archive:
        return "".join(
            archive.read(n).decode("utf-8")
            for n in archive.namelist()
            if n.startswith("word/header")
        )


def test_draft_mark_only_on_drafts(built: Path) -> None:
    draft = built / "acme-cloud-hosting"
    final = built / "company-x-multilevel"
    from pypdf import PdfReader

    for page in PdfReader(str(draft.with_suffix(".pdf"))).pages:
        assert "DRAFT" in page.extract_text()
    assert "DRAFT" not in _pdf_text(final.with_suffix(".pdf"))
    assert "DRAFT" in _docx_xml(draft.with_suffix(".docx"))
    assert "DRAFT" not in _docx_xml(final.with_suffix(".docx"))


def test_customer_pdf_prints_downtime_budget_next_to_each_target(built: Path) -> None:
    text = _pdf_text(built / "acme-cloud-hosting.pdf")
    words = " ".join(text.split())  # a narrow cell wraps the budget
    assert "21 minutes 55 seconds" in words  # 99.95% per average month
    assert "4 hours 22 minutes 59 seconds" in words  # 99.95% per 365.25-day year


def test_internal_pdf_shows_funnel_working(built: Path) -> None:
    text = _pdf_text(built / "company-x-marketing-sales.pdf")
    assert "5,000 ÷ 100 = 50" in text
    assert "50 ÷ 50% = 100" in text


def test_invalid_agreement_stops_its_build_with_positions(tmp_path: Path) -> None:
    bad = ROOT / "tests" / "invalid" / "bad-reference.yaml"
    out = tmp_path / "out"
    result = build(str(bad), "--out", str(out))
    assert result.exit_code == 2
    assert f"{bad}:74:11" in result.output
    assert not out.exists() or not list(out.iterdir())


def test_unwritable_output_folder_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = build(str(AGREEMENTS[0]), "--out", str(blocker / "out"))
    assert result.exit_code == 2
    assert "cannot write" in result.output
    assert "Traceback" not in result.output


def test_unknown_format_is_a_usage_error() -> None:
    result = build(str(AGREEMENTS[0]), "--format", "odt")
    assert result.exit_code == 2
    assert "odt" in result.output


def test_custom_templates_folder_changes_the_wording(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", templates)
    wording = templates / "common" / "wording.yaml"
    wording.write_text(
        wording.read_text().replace(
            "heading_termination: Termination", "heading_termination: Ending it"
        )
    )
    out = tmp_path / "out"
    result = build(
        str(ROOT / "agreements" / "company-x-multilevel.yaml"),
        "--format",
        "md",
        "--out",
        str(out),
        "--templates",
        str(templates),
    )
    assert result.exit_code == 0, result.output
    text = (out / "company-x-multilevel.md").read_text()
    assert re.search(r"\b\d+\. Ending it\n", text.replace("\\", "")), text


HOSTILE = [
    "Tom & Jerry <b>Ltd</b>",
    "{{ 7*7 }} and {% if x %}yes{% endif %} {# c #} ${HOME}",
    "He said \"quoted\" & 'single'",
    "Kendra Ayu Pratiwi, Sébastien Ñúñez, Zoë Çelik",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_values_render_literally_in_every_format(value: str, tmp_path: Path) -> None:
    source = (ROOT / "agreements" / "company-x-multilevel.yaml").read_text()
    escaped = value.replace("'", "''")
    source = source.replace("end_user: Company X customers", f"end_user: '{escaped}'")
    path = tmp_path / "hostile.yaml"
    path.write_text(source)
    out = tmp_path / "out"
    result = build(str(path), "--format", "docx,pdf,md", "--out", str(out))
    assert result.exit_code == 0, result.output
    import docx

    document = docx.Document(str(out / "company-x-multilevel.docx"))
    body = "\n".join(p.text for p in document.paragraphs)
    assert value in body
    assert value in " ".join(_pdf_text(out / "company-x-multilevel.pdf").split())
    markdown = (out / "company-x-multilevel.md").read_text()
    assert "49" not in markdown.replace("2027", "")  # {{ 7*7 }} never evaluated


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_libreoffice_converts_every_example_docx(built: Path, tmp_path: Path) -> None:
    for path in sorted(built.glob("*.docx")):
        done = subprocess.run(
            ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
            capture_output=True,
            text=True,
            timeout=180,
            env={**os.environ, "HOME": str(tmp_path)},
        )
        assert done.returncode == 0, done.stderr
        converted = tmp_path / path.with_suffix(".pdf").name
        assert converted.stat().st_size > 5000
        from pypdf import PdfReader

        assert len(PdfReader(io.BytesIO(converted.read_bytes())).pages) >= 2


def test_checker_findings_are_printed_and_fail_only_with_strict(tmp_path: Path) -> None:
    source = (ROOT / "agreements" / "acme-cloud-hosting.yaml").read_text()
    source = source.replace("downtime: 21 m 54.9 s per month", "downtime: 31 seconds per year")
    path = tmp_path / "mistyped.yaml"
    path.write_text(source)
    relaxed = build(str(path), "--format", "md", "--out", str(tmp_path / "a"))
    assert relaxed.exit_code == 0
    assert "SLA202 [error]" in relaxed.output
    strict = build(str(path), "--format", "md", "--out", str(tmp_path / "b"), "--strict")
    assert strict.exit_code == 1
    assert (tmp_path / "b" / "acme-cloud-hosting.md").is_file()  # built all the same
