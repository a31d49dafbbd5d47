"""Reviewing agreements under version control: the diff of meaning (`sladoc diff`), the text
form of generated documents (`sladoc textconv`, `sladoc git-setup`) and their provenance
(`sladoc inspect`)."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from sladoc.agreement.loader import load_file
from sladoc.agreement.validate import load_agreement, parse_agreement
from sladoc.cli import app
from sladoc.document.provenance import CONTENT_SHA256, provenance, recorded_source
from sladoc.document.templateset import TemplateSet
from sladoc.review import textconv as review
from sladoc.review.diff import compare, format_markdown, last_day, word_diff

from .conftest import AGREEMENTS, ROOT

runner = CliRunner()
CASES = Path(__file__).parent / "diff"
INVALID = Path(__file__).parent / "invalid"
ACME = ROOT / "agreements" / "acme-cloud-hosting.yaml"

STORAGE = (
    "availability of Storage 99.9% -> 99.95%: monthly downtime budget 43 minutes 50 seconds -> "
    "21 minutes 55 seconds"
)
CLOSE_RATE = "close rate 50% -> 40%: leads needed 100 -> 125"

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def sladoc(*args: str):
    return runner.invoke(app, list(args))


# --- diff: golden outputs --------------------------------------------------------------------


@pytest.mark.parametrize("case", sorted(p.name for p in CASES.iterdir() if p.is_dir()))
def test_diff_matches_the_golden_output(case: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # Run inside the case folder, so the paths in the output are the short ones in the file.
    # SLADOC_UPDATE_GOLDEN=1 rewrites expected.txt after a deliberate change of wording.
    monkeypatch.chdir(CASES / case)
    result = sladoc("diff", "old.yaml", "new.yaml")
    expected = CASES / case / "expected.txt"
    if os.environ.get("SLADOC_UPDATE_GOLDEN"):
        expected.write_text(result.stdout, "utf-8")
    assert result.stdout == expected.read_text("utf-8")
    unchanged = result.stdout.endswith("no changes in meaning\n")
    assert result.exit_code == (0 if unchanged else 1), result.output


def test_the_consequences_are_spelled_out_exactly() -> None:
    customer = sladoc(
        "diff", str(CASES / "customer" / "old.yaml"), str(CASES / "customer" / "new.yaml")
    )
    internal = sladoc(
        "diff", str(CASES / "internal" / "old.yaml"), str(CASES / "internal" / "new.yaml")
    )
    assert f"~ {STORAGE}\n" in customer.stdout
    assert f"~ {CLOSE_RATE}\n" in internal.stdout
    assert customer.exit_code == internal.exit_code == 1


# --- diff: what is not a difference --------------------------------------------------------


def test_reordering_reformatting_and_respelling_are_not_changes() -> None:
    result = sladoc(
        "diff",
        str(CASES / "reordered" / "old.yaml"),
        str(CASES / "reordered" / "new.yaml"),
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["changes"] == []


def _shuffled(data, *, keep_order: bool = False):
    """Every mapping's keys reversed and every list reversed, except the lists whose order
    means something: contacts (the first is the point of contact) and a tiered agreement's
    parties (their order numbers the levels)."""
    if isinstance(data, dict):
        tiered = data.get("kind") == "tiered"
        return {
            key: _shuffled(data[key], keep_order=key == "contacts" or (tiered and key == "parties"))
            for key in reversed(list(data))
        }
    if isinstance(data, list):
        items = [_shuffled(item) for item in data]
        return items if keep_order else items[::-1]
    return data


@pytest.mark.parametrize("path", AGREEMENTS, ids=lambda p: p.stem)
def test_every_example_rewritten_in_another_order_and_style_has_no_changes(
    path: Path, tmp_path: Path
) -> None:
    # Written back in YAML's flow style, without comments, every scalar quoted as text
    data = load_file(path).data
    rewritten = tmp_path / "rewritten.yaml"
    rewritten.write_text(
        yaml.safe_dump(_shuffled(data), default_flow_style=True, allow_unicode=True, width=60),
        "utf-8",
    )
    result = sladoc("diff", str(path), str(rewritten))
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith("no changes in meaning\n")
    # the same rewrite with one real change is caught, so the test above can fail
    title = data["title"]  # one text, or one per language
    if isinstance(title, dict):
        data["title"] = {code: f"{text} (amended)" for code, text in title.items()}
    else:
        data["title"] = f"{title} (amended)"
    rewritten.write_text(
        yaml.safe_dump(_shuffled(data), default_flow_style=True, allow_unicode=True), "utf-8"
    )
    result = sladoc("diff", str(path), str(rewritten))
    assert result.exit_code == 1
    assert "~ title " in result.stdout and "1 change in meaning" in result.stdout


def test_reordering_where_order_means_something_is_reported_as_that_meaning() -> None:
    old = (CASES / "internal" / "old.yaml").read_text("utf-8")
    amir = "      - {name: Amir Hakim, role: Marketing Director, email: amir@example.com}\n"
    dewi = "      - {name: Dewi Lestari, role: Campaign Manager, email: dewi@example.com}\n"
    new = old.replace(amir + dewi, dewi + amir)
    assert new != old
    result = compare(parse_agreement(old), parse_agreement(new))
    assert [(c.label, c.old, c.new) for c in result.changes] == [
        ("point of contact of party marketing", "Amir Hakim", "Dewi Lestari")
    ]
    assert "signs for it" in result.changes[0].consequence


# --- diff: what is -------------------------------------------------------------------------


def _customer_changes() -> dict[str, object]:
    before, _ = load_agreement(CASES / "customer" / "old.yaml")
    after, _ = load_agreement(CASES / "customer" / "new.yaml")
    return {change.path: change for change in compare(before, after).changes}


def test_changes_are_matched_by_identity_and_carry_paths_kinds_and_values() -> None:
    changes = _customer_changes()
    storage = changes["services[Storage].availability.target"]
    assert (storage.kind, storage.old, storage.new) == ("changed", "99.9%", "99.95%")
    assert changes["parties[acme].contacts[Priya Natarajan].email"].new == "priya.n@acme.example"
    assert changes["parties[auditor]"].kind == "added"
    assert changes["clauses[Governing law]"].kind == "removed"
    assert changes["clauses[Data protection]"].kind == "added"
    assert changes["support.severities[1].response"].new == "30 minutes"
    assert changes["service_credits.bands[99.95%].credit"].old == "10%"
    assert changes["term"].consequence == "last day 2027-12-31 -> 2028-12-31"
    backup = changes["services[Backup]"].consequence
    assert backup == "monthly downtime budget 3 hours 39 minutes 9 seconds"
    # Compute did not change, and neither did Confidentiality
    assert not [p for p in changes if "Compute" in p or "Confidentiality" in p]


def test_a_moved_credit_band_threshold_is_the_same_band_changed() -> None:
    text = (CASES / "customer" / "old.yaml").read_text("utf-8")
    moved = text.replace("- {below: 99%, credit: 25%}", "- {below: 98%, credit: 25%}")
    moved = moved.replace("at_least: 99%", "at_least: 98%")
    changes = compare(parse_agreement(text), parse_agreement(moved)).changes
    assert {(c.kind, c.old, c.new) for c in changes} == {("changed", "99%", "98%")}
    assert len(changes) == 2  # the threshold of one band, the floor of the other


def test_funnel_changes_together_say_so() -> None:
    text = (CASES / "internal" / "old.yaml").read_text("utf-8")
    both = text.replace("close_rate: 50%", "close_rate: 40%").replace("5000 USD", "6000 USD")
    changes = {c.label: c for c in compare(parse_agreement(text), parse_agreement(both)).changes}
    assert changes["sales quota"].consequence == (
        "customers needed 50 -> 60, leads needed 100 -> 150 (together with the close rate "
        "change); the agreed leads goal (100) no longer matches"
    )
    assert changes["close rate"].old == "50%"


def test_long_text_changes_show_the_changed_words() -> None:
    old = (
        "Each party keeps the other's information confidential during the term of this "
        "agreement and for five years after it ends, unless the law requires disclosure."
    )
    new = old.replace("five years", "ten years")
    # four words of context on each side
    assert word_diff(old, new) == "… this agreement and for [-five-] {+ten+} years after it ends, …"
    text = (CASES / "customer" / "old.yaml").read_text("utf-8")
    changed = text.replace(
        "text: Each party keeps the other's information confidential.", f"text: {old}"
    ).replace("meaning: A minute", "meaning: One minute")
    longer = changed.replace(old, new)
    result = compare(parse_agreement(changed, "a"), parse_agreement(longer, "b"), "a", "b")
    from sladoc.review.diff import format_text

    assert (
        '~ text of clause "Confidentiality": … this agreement and for [-five-] {+ten+} '
        "years after it ends, …\n"
    ) in format_text(result)


def test_the_last_day_follows_the_term() -> None:
    base = (CASES / "internal" / "old.yaml").read_text("utf-8")

    def ends(effective: str, term: str) -> str:
        text = base.replace("effective: 2027-01-01", f"effective: {effective}")
        return str(last_day(parse_agreement(text.replace("term: 12 months", f"term: {term}"))))

    assert ends("2027-01-01", "12 months") == "2027-12-31"
    assert ends("2027-01-31", "1 month") == "2027-02-28"  # no 31 February: end of the month
    assert ends("2027-03-15", "2 weeks") == "2027-03-28"
    assert ends("2028-02-29", "1 year") == "2029-02-28"


# --- diff: formats and errors --------------------------------------------------------------


def test_markdown_is_a_pull_request_comment() -> None:
    result = sladoc(
        "diff",
        str(CASES / "customer" / "old.yaml"),
        str(CASES / "customer" / "new.yaml"),
        "--format",
        "markdown",
    )
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0] == "<!-- sladoc-diff -->"
    assert "12 changes in meaning" in lines[1]
    assert (
        "- **changed** availability of Storage: `99.9%` -> `99.95%` — monthly downtime "
        "budget 43 minutes 50 seconds -> 21 minutes 55 seconds"
    ) in lines
    assert '- **removed** clause "Governing law": `{title: "Governing law", ' in result.stdout


def test_markdown_escapes_what_the_agreement_says() -> None:
    text = (CASES / "customer" / "old.yaml").read_text("utf-8")
    odd = text.replace("title: Governing law", "title: 'Law `<b>` *all* | :rocket:'")
    result = compare(parse_agreement(text), parse_agreement(odd))
    markdown = format_markdown(result)
    assert r'clause "Law \`\<b\>\` \*all\* \| \:rocket:"' in markdown
    assert '``{title: "Law `<b>` *all* | :rocket:"' in markdown  # a longer fence holds `


def test_json_is_versioned_and_complete() -> None:
    result = sladoc(
        "diff",
        str(CASES / "internal" / "old.yaml"),
        str(CASES / "internal" / "new.yaml"),
        "-f",
        "json",
    )
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["version"] == 1 and data["changed"] is True
    close = next(c for c in data["changes"] if c["path"] == "funnel.close_rate")
    assert close == {
        "path": "funnel.close_rate",
        "kind": "changed",
        "label": "close rate",
        "old": "50%",
        "new": "40%",
        "consequence": "leads needed 100 -> 125",
    }
    added = next(c for c in data["changes"] if c["kind"] == "added")
    assert added["old"] is None and added["new"]


def test_an_invalid_file_is_reported_like_validate_does() -> None:
    result = sladoc("diff", str(INVALID / "bad-email.yaml"), str(ACME))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "bad-email.yaml:25:61: error: expected an e-mail address" in result.stderr


def test_bad_usage_exits_2() -> None:
    assert sladoc("diff", str(ACME), str(ACME), "--format", "yaml").exit_code == 2
    assert sladoc("diff", str(ACME), str(ACME), "--rev", "HEAD").exit_code == 2
    assert sladoc("diff", str(ACME), str(ACME), str(ACME)).exit_code == 2


# --- diff against a git revision ----------------------------------------------------------


@pytest.fixture
def git_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> dict[str, str]:
    """Git isolated from the machine's configuration, and unable to find a repository above
    the test's folder."""
    settings = {
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CEILING_DIRECTORIES": str(tmp_path.parent),
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.com",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.com",
    }
    for name, value in settings.items():
        monkeypatch.setenv(name, value)
    return {**os.environ, **settings}


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, check=True)
    return done.stdout


@pytest.fixture
def repo(tmp_path: Path, git_env: dict[str, str]) -> Path:
    root = tmp_path / "repo"
    (root / "agreements").mkdir(parents=True)
    shutil.copy(CASES / "customer" / "old.yaml", root / "agreements" / "hosting.yaml")
    git(root, "init", "-q")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "first")
    return root


@needs_git
def test_rev_compares_with_the_committed_file(repo: Path, monkeypatch) -> None:
    file = repo / "agreements" / "hosting.yaml"
    monkeypatch.chdir(repo / "agreements")  # a subfolder: the path is relative to the root
    assert sladoc("diff", "hosting.yaml").exit_code == 0
    shutil.copy(CASES / "customer" / "new.yaml", file)
    result = sladoc("diff", "hosting.yaml")
    assert result.exit_code == 1, result.output
    assert result.stdout.startswith("HEAD:agreements/hosting.yaml -> hosting.yaml: 12 changes")
    assert f"~ {STORAGE}\n" in result.stdout
    git(repo, "commit", "-qam", "second")
    assert sladoc("diff", "hosting.yaml").exit_code == 0
    result = sladoc("diff", "hosting.yaml", "--rev", "HEAD~1")
    assert result.exit_code == 1 and f"~ {STORAGE}\n" in result.stdout


@needs_git
def test_rev_errors_are_clear(repo: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(repo)
    result = sladoc("diff", "agreements/hosting.yaml", "--rev", "no-such-branch")
    assert result.exit_code == 2
    assert "unknown revision 'no-such-branch'" in result.stderr
    shutil.copy(CASES / "customer" / "new.yaml", repo / "agreements" / "new.yaml")
    result = sladoc("diff", "agreements/new.yaml")
    assert result.exit_code == 2
    assert "agreements/new.yaml does not exist in HEAD" in result.stderr
    outside = tmp_path / "outside.yaml"
    shutil.copy(CASES / "customer" / "new.yaml", outside)
    result = sladoc("diff", str(outside))
    assert result.exit_code == 2
    assert "not inside a git repository" in result.stderr


@needs_git
def test_an_invalid_committed_version_is_reported_at_its_position(repo: Path, monkeypatch):
    monkeypatch.chdir(repo)
    file = repo / "agreements" / "hosting.yaml"
    good = file.read_text("utf-8")
    file.write_text(good.replace("budi@shop.example", "budi-at-shop"), "utf-8")
    git(repo, "commit", "-qam", "broken")
    file.write_text(good, "utf-8")
    result = sladoc("diff", "agreements/hosting.yaml")
    assert result.exit_code == 2
    assert "HEAD:agreements/hosting.yaml:23:" in result.stderr
    assert "expected an e-mail address" in result.stderr


# --- building documents for textconv and inspect ------------------------------------------


def build(source: Path, out: Path, *extra: str) -> None:
    result = sladoc("build", str(source), "--format", "docx,pdf", "--out", str(out), *extra)
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def documents(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("documents")
    build(ACME, out / "first")
    build(ACME, out / "second")
    return out


@pytest.mark.parametrize("suffix", ["docx", "pdf"])
def test_textconv_is_stable_and_readable(documents: Path, suffix: str) -> None:
    first = sladoc("textconv", str(documents / "first" / f"acme-cloud-hosting.{suffix}"))
    second = sladoc("textconv", str(documents / "second" / f"acme-cloud-hosting.{suffix}"))
    assert first.exit_code == 0, first.output
    assert first.stdout == second.stdout
    text = first.stdout
    assert "Cloud Hosting Service Level" in text
    assert "sladoc-source: agreements/acme-cloud-hosting.yaml" in text
    assert "DRAFT" in text
    assert "  " not in text and "\t" not in text and "\n\n\n" not in text
    assert text.endswith("\n") and not text.endswith("\n\n")


def test_textconv_keeps_tables_in_body_order(documents: Path) -> None:
    lines = review.textconv(documents / "first" / "acme-cloud-hosting.docx").splitlines()
    row = (
        "Compute | 99.95% | calendar month (UTC) | 21 minutes 55 seconds"
        " | 4 hours 22 minutes 59 seconds"
    )
    assert row in lines
    assert lines.index("1. Agreement overview") < lines.index(row)


def test_textconv_refuses_what_is_not_a_document(tmp_path: Path) -> None:
    assert sladoc("textconv", str(ACME)).exit_code == 2
    fake = tmp_path / "fake.pdf"
    fake.write_bytes(b"%PDF-1.4\nnot really\n")
    result = sladoc("textconv", str(fake))
    assert result.exit_code == 2 and "not a readable PDF" in result.stderr


# --- git-setup -----------------------------------------------------------------------------


@needs_git
def test_git_setup_configures_the_repository_once(repo: Path, monkeypatch) -> None:
    monkeypatch.chdir(repo / "agreements")
    (repo / ".gitattributes").write_text("*.yaml text\n*.pdf diff=sladoc-pdf", "utf-8")
    result = sladoc("git-setup")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        'git config diff.sladoc-docx.textconv "sladoc textconv"',
        'git config diff.sladoc-pdf.textconv "sladoc textconv"',
        'git config merge.sladoc-docx.name "sladoc: rebuild from the merged agreement"',
        'git config merge.sladoc-docx.driver "sladoc merge-document %O %A %B %P"',
        'git config merge.sladoc-pdf.name "sladoc: rebuild from the merged agreement"',
        'git config merge.sladoc-pdf.driver "sladoc merge-document %O %A %B %P"',
        ".gitattributes: added '*.docx diff=sladoc-docx'",
        ".gitattributes: added '*.docx merge=sladoc-docx'",
        ".gitattributes: added '*.pdf merge=sladoc-pdf'",
    ]
    assert git(repo, "config", "--get", "diff.sladoc-docx.textconv") == "sladoc textconv\n"
    assert git(repo, "config", "--get", "diff.sladoc-pdf.textconv") == "sladoc textconv\n"
    attributes = (repo / ".gitattributes").read_text("utf-8")
    assert attributes == (
        "*.yaml text\n*.pdf diff=sladoc-pdf\n*.docx diff=sladoc-docx\n"
        "*.docx merge=sladoc-docx\n*.pdf merge=sladoc-pdf\n"
    )
    again = sladoc("git-setup")
    assert again.exit_code == 0
    assert again.stdout == "already set up; nothing changed\n"
    assert (repo / ".gitattributes").read_text("utf-8") == attributes


@needs_git
def test_git_setup_outside_a_repository_exits_2(tmp_path: Path, git_env, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = sladoc("git-setup")
    assert result.exit_code == 2
    assert "not inside a git work tree" in result.stderr
    assert not (tmp_path / ".gitattributes").exists()


@needs_git
def test_git_diff_shows_a_rebuilt_contract_as_text(repo: Path, git_env, monkeypatch) -> None:
    monkeypatch.chdir(repo)
    command = f"{shlex.quote(sys.executable)} -m sladoc textconv"
    assert sladoc("git-setup", "--command", command).exit_code == 0
    source = repo / "agreements" / "hosting.yaml"
    build(source, repo / "contracts")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "contracts")
    source.write_text(source.read_text("utf-8").replace("target: 99.9%", "target: 99.95%"), "utf-8")
    build(source, repo / "contracts")
    shown = git(repo, "diff", "--", "contracts/acme-hosting.docx", "contracts/acme-hosting.pdf")
    assert "Binary files" not in shown
    assert (
        "-Storage | 99.9% | calendar month | 43 minutes 50 seconds | 8 hours 45 minutes 58 seconds"
        in shown
    )
    assert (
        "+Storage | 99.95% | calendar month | 21 minutes 55 seconds | 4 hours 22 minutes 59 seconds"
        in shown
    )
    assert "+sladoc-source-sha256: " in shown


# --- inspect and provenance -----------------------------------------------------------------


@pytest.fixture
def built(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of an example built outside any git work tree, from its own folder."""
    monkeypatch.chdir(tmp_path)
    shutil.copy(CASES / "customer" / "old.yaml", tmp_path / "hosting.yaml")
    build(Path("hosting.yaml"), Path("out"))
    return tmp_path


@pytest.mark.parametrize("suffix", ["docx", "pdf"])
def test_inspect_fresh_then_stale_after_the_source_changes(built: Path, suffix: str) -> None:
    document = f"out/acme-hosting.{suffix}"
    result = sladoc("inspect", document)
    assert result.exit_code == 0, result.output
    assert "  sladoc-source: hosting.yaml\n" in result.stdout
    digest = provenance(
        "hosting.yaml",
        (built / "hosting.yaml").read_bytes(),
        TemplateSet.default(),
        "customer",
        layout="formal",
    )
    for name, value in digest:
        if name != CONTENT_SHA256:  # sealed when written: see the tests below
            assert f"  {name}: {value}\n" in result.stdout
    assert "document: unchanged since it was built\n" in result.stdout
    assert result.stdout.endswith("fresh\n")
    source = built / "hosting.yaml"
    source.write_text(source.read_text("utf-8") + "\n# a comment changes the bytes\n", "utf-8")
    result = sladoc("inspect", document)
    assert result.exit_code == 1
    assert "source: hosting.yaml: changed since the document was built" in result.stdout
    assert "stale: rebuild it with `sladoc build hosting.yaml --out out`" in result.stdout
    source.unlink()
    result = sladoc("inspect", document)
    assert result.exit_code == 1 and "hosting.yaml not found" in result.stdout


def test_inspect_notices_changed_templates(built: Path) -> None:
    templates = built / "templates"
    shutil.copytree(TemplateSet.default().folder, templates)
    build(Path("hosting.yaml"), Path("custom"), "--templates", str(templates))
    document = "custom/acme-hosting.pdf"
    assert sladoc("inspect", document, "--templates", str(templates)).exit_code == 0
    # against sladoc's own templates the digest differs only if the copy differs: it does not
    assert sladoc("inspect", document).exit_code == 0
    wording = templates / "customer" / "wording.yaml"
    wording.write_text(wording.read_text("utf-8") + "\n# reworded\n", "utf-8")
    result = sladoc("inspect", document, "--templates", str(templates))
    assert result.exit_code == 1
    assert "changed since the document was built" in result.stdout
    assert "source: hosting.yaml: unchanged" in result.stdout


def _rezip(path: Path, change: Callable[[str, bytes], bytes], level: int = 6) -> None:
    """Rewrite a DOCX with each part passed through ``change``, as an editor saving it."""
    with zipfile.ZipFile(path) as archive:
        parts = [(info.filename, archive.read(info)) for info in archive.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        for name, content in parts:
            archive.writestr(name, change(name, content))


def test_inspect_sees_a_docx_edited_in_place(built: Path) -> None:
    document = built / "out" / "acme-hosting.docx"
    # repacked with other compression and dates, the same parts: still the same document
    _rezip(document, lambda name, content: content, level=1)
    assert sladoc("inspect", str(document)).exit_code == 0
    target = b"99.95%"

    def edit(name: str, content: bytes) -> bytes:
        if name == "word/document.xml":
            assert target in content
            return content.replace(target, b"99.5%", 1)
        return content

    _rezip(document, edit)
    result = sladoc("inspect", str(document))
    assert result.exit_code == 1, result.output
    assert "document: edited since it was built" in result.stdout
    assert "source: hosting.yaml: unchanged" in result.stdout


def test_inspect_sees_a_pdf_cut_or_altered(built: Path) -> None:
    from pypdf import PdfReader, PdfWriter

    document = built / "out" / "acme-hosting.pdf"
    original = document.read_bytes()
    reader = PdfReader(str(document))
    assert len(reader.pages) > 1
    writer = PdfWriter()
    writer.add_page(reader.pages[0])
    writer.add_metadata({key: str(value) for key, value in (reader.metadata or {}).items()})
    cut = built / "cut.pdf"
    with open(cut, "wb") as handle:
        writer.write(handle)
    result = sladoc("inspect", str(cut), "--source", "hosting.yaml")
    assert result.exit_code == 1, result.output
    assert "document: edited since it was built" in result.stdout
    # any one byte changed anywhere in the file is seen, or the file is no longer readable
    for offset in range(0, len(original), max(1, len(original) // 23)):
        if original[offset : offset + 1] in b" \n\r":
            continue  # whitespace a reader may ignore is still a changed file, but skip it
        altered = bytearray(original)
        altered[offset] ^= 0x01
        document.write_bytes(bytes(altered))
        result = sladoc("inspect", str(document))
        assert result.exit_code in (1, 2), (offset, result.output)
    document.write_bytes(original)
    assert sladoc("inspect", str(document)).exit_code == 0


def test_a_document_without_a_content_digest_is_not_called_edited(built: Path) -> None:
    """Documents built before sladoc recorded the digest are read as before."""
    document = built / "out" / "acme-hosting.docx"
    _rezip(
        document,
        lambda name, content: (
            re.sub(rb'<property [^>]*name="sladoc-content-sha256">.*?</property>', b"", content)
            if name == "docProps/custom.xml"
            else content
        ),
    )
    result = sladoc("inspect", str(document))
    assert result.exit_code == 0, result.output
    assert "document:" not in result.stdout


def test_inspect_refuses_what_sladoc_did_not_make(tmp_path: Path) -> None:
    from reportlab.pdfgen.canvas import Canvas

    other = tmp_path / "other.pdf"
    canvas = Canvas(str(other))
    canvas.drawString(72, 720, "Some other PDF")
    canvas.save()
    result = sladoc("inspect", str(other))
    assert result.exit_code == 2
    assert "not a sladoc document" in result.stderr
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(os.urandom(2048))
    assert sladoc("inspect", str(junk)).exit_code == 2
    assert sladoc("inspect", str(tmp_path / "missing.docx")).exit_code == 2


def test_the_recorded_source_does_not_depend_on_how_the_path_was_typed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "agreements").mkdir()
    shutil.copy(CASES / "customer" / "old.yaml", tmp_path / "agreements" / "x.yaml")
    monkeypatch.chdir(tmp_path)
    spellings = [
        "agreements/x.yaml",
        "./agreements/x.yaml",
        str(tmp_path / "agreements/x.yaml"),
        "agreements/../agreements/x.yaml",
    ]
    assert {recorded_source(s) for s in spellings} == {"agreements/x.yaml"}
    outputs = []
    for index, spelling in enumerate(spellings[:2]):
        build(Path(spelling), Path(f"out{index}"))
        outputs.append({p.name: p.read_bytes() for p in (tmp_path / f"out{index}").iterdir()})
    assert outputs[0] == outputs[1]


def test_in_a_work_tree_the_source_is_recorded_from_its_root(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".git").mkdir()  # all work_tree_root looks for
    (tmp_path / "agreements").mkdir()
    monkeypatch.chdir(tmp_path / "agreements")
    assert recorded_source("x.yaml") == "agreements/x.yaml"
    assert recorded_source(tmp_path / "agreements" / "x.yaml") == "agreements/x.yaml"
