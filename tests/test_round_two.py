"""Issue 22, reliability round two: each defect the second round of hostile inputs found,
as a test that failed before its fix. docs/reliability.md lists them."""

from __future__ import annotations

import contextlib
import io
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sladoc import api
from sladoc.cli import app

from .conftest import ROOT

AGREEMENTS = ROOT / "agreements"
CUSTOMER = AGREEMENTS / "acme-cloud-hosting.yaml"
runner = CliRunner()


def sladoc(*args: object, cwd: Path | None = None, timeout: float = 60):
    """Run the real command (its own process, as a user would), never hanging the suite."""
    return subprocess.run(
        [sys.executable, "-m", "sladoc", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=timeout,
    )


def assert_clear_error(done, *needles: str) -> None:
    assert done.returncode == 2, (done.returncode, done.stderr[-2000:])
    assert "Traceback" not in done.stderr, done.stderr[-2000:]
    for needle in needles:
        assert needle in done.stderr, done.stderr


# --- textconv and inspect on hostile or broken DOCX files -----------------------------------


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> dict[str, bytes]:
    return api.render_agreement(api.load(CUSTOMER), CUSTOMER, ("docx", "pdf"))


def replaced(docx: bytes, part: str, data: bytes) -> bytes:
    """``docx`` with one part's bytes replaced."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            body = data if item.filename == part else source.read(item)
            target.writestr(item.filename, body, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">'.encode()
        for n in range(1, 10)
    )
    + b"]>"
)
HOSTILE_DOCX = {
    "truncated zip": lambda d: d[: len(d) // 2],
    "document.xml not XML": lambda d: replaced(d, "word/document.xml", b"not xml at all <"),
    "document.xml without its namespace": lambda d: replaced(
        d, "word/document.xml", b"<document><body><p>x</p></body></document>"
    ),
    "nesting past lxml's limit in document.xml": lambda d: replaced(
        d,
        "word/document.xml",
        f"<w:document {W}><w:body>".encode()
        + b"<w:sdt>" * 5000
        + b"</w:sdt>" * 5000
        + b"</w:body></w:document>",
    ),
    "a text node past lxml's limit in document.xml": lambda d: replaced(
        d,
        "word/document.xml",
        f"<w:document {W}><w:body><w:p><w:r><w:t>".encode()
        + b"a" * (11 * 2**20)
        + b"</w:t></w:r></w:p></w:body></w:document>",
    ),
    "billion laughs in document.xml": lambda d: replaced(
        d,
        "word/document.xml",
        LAUGHS
        + f"<w:document {W}><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p>".encode()
        + b"</w:body></w:document>",
    ),
    "billion laughs in core.xml": lambda d: replaced(
        d, "docProps/core.xml", LAUGHS + b"<cp:coreProperties>&lol9;</cp:coreProperties>"
    ),
    "billion laughs in custom.xml": lambda d: replaced(
        d, "docProps/custom.xml", LAUGHS + b"<Properties>&lol9;</Properties>"
    ),
}


@pytest.mark.parametrize("command", ["textconv", "inspect"])
@pytest.mark.parametrize("case", sorted(HOSTILE_DOCX))
def test_a_hostile_or_broken_docx_is_not_a_readable_document(
    tmp_path, built, command, case
) -> None:
    path = tmp_path / "contract.docx"
    path.write_bytes(HOSTILE_DOCX[case](built["docx"]))
    done = sladoc(command, path, cwd=tmp_path)
    if command == "inspect" and "document.xml" in case and "laughs" not in case:
        # inspect reads the properties alone: a broken body is not its business, but it
        # must not trip over it either
        assert done.returncode in (1, 2) and "Traceback" not in done.stderr, done.stderr
    else:
        assert_clear_error(done, "not a readable DOCX document")


@pytest.mark.parametrize("command", ["textconv", "inspect"])
def test_a_fifo_or_folder_is_refused_up_front(tmp_path, command) -> None:
    fifo = tmp_path / "pipe.docx"
    os.mkfifo(fifo)
    assert_clear_error(sladoc(command, fifo, timeout=30), "not a regular file")
    assert_clear_error(sladoc(command, tmp_path, timeout=30), "a folder")


def test_documents_over_the_size_limit_are_refused_before_reading(tmp_path, monkeypatch):
    from sladoc.review import textconv

    path = tmp_path / "big.pdf"
    path.write_bytes(b"%PDF-1.4\n" + b"0" * 2048)
    monkeypatch.setattr(textconv, "MAX_DOCUMENT_BYTES", 1024)
    result = runner.invoke(app, ["textconv", str(path)])
    assert result.exit_code == 2
    assert "larger than" in result.output


def test_control_characters_in_a_documents_metadata_are_escaped(tmp_path, built) -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(built["pdf"])))
    writer.add_metadata({"/Title": "Q1\x1b]0;pwned\x07\x1b[2J\u202eevil"})
    path = tmp_path / "contract.pdf"
    with open(path, "wb") as handle:
        writer.write(handle)
    for command in ("textconv", "inspect"):
        done = sladoc(command, path, cwd=tmp_path)
        assert "\x1b" not in done.stdout and "\x07" not in done.stdout, command
        assert "\u202e" not in done.stdout, command
        if command == "textconv":
            assert "title: Q1\\x1b]0;pwned\\x07\\x1b[2J\\u202eevil" in done.stdout


# --- sladoc report at the edges of the calendar ---------------------------------------------


@pytest.mark.parametrize(
    "flags",
    [
        ["--period", "0000-03"],
        ["--period", "9999-12"],
        ["--period", "0001-01"],
        ["--as-of", "9999-12-31"],
        ["--as-of", "0001-01-01"],
    ],
    ids=lambda f: " ".join(f),
)
@pytest.mark.parametrize("data", ["incidents", "leads"])
def test_report_dates_at_the_edges_of_the_calendar_are_clear_errors(tmp_path, flags, data):
    if data == "incidents":
        args = [CUSTOMER, "--incidents", AGREEMENTS / "acme-incidents-2027-03.csv"]
    else:
        args = [
            AGREEMENTS / "company-x-marketing-sales.yaml",
            "--leads",
            AGREEMENTS / "company-x-leads-2027-03.csv",
        ]
    result = runner.invoke(app, ["report", *map(str, args), *flags, "-o", str(tmp_path)])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert result.exit_code == 2, result.output
    assert not list(tmp_path.iterdir())


# --- file discovery: deep trees and symlink loops --------------------------------------------


def deep_tree(root: Path, levels: int) -> Path:
    """``root/d/d/.../d`` (``levels`` deep) holding one agreement, made without recursion."""
    here = os.open(root, os.O_RDONLY)
    try:
        for _ in range(levels):
            os.mkdir("d", dir_fd=here)
            inner = os.open("d", os.O_RDONLY, dir_fd=here)
            os.close(here)
            here = inner
        descriptor = os.open("x.yaml", os.O_WRONLY | os.O_CREAT, dir_fd=here)
        os.write(descriptor, CUSTOMER.read_bytes())
        os.close(descriptor)
    finally:
        os.close(here)
    return root


def remove_deep_tree(root: Path) -> None:
    """Undo :func:`deep_tree` without recursion (shutil.rmtree recurses)."""
    descriptors = [os.open(root, os.O_RDONLY)]
    try:
        while True:
            try:
                descriptors.append(os.open("d", os.O_RDONLY, dir_fd=descriptors[-1]))
            except FileNotFoundError:
                break
        with contextlib.suppress(FileNotFoundError):
            os.unlink("x.yaml", dir_fd=descriptors[-1])
        while len(descriptors) > 1:
            os.close(descriptors.pop())
            os.rmdir("d", dir_fd=descriptors[-1])
    finally:
        for descriptor in descriptors:
            os.close(descriptor)


def test_a_thousand_levels_of_folders_are_searched_without_recursion(tmp_path) -> None:
    root = tmp_path
    (root / "tree").mkdir()
    deep_tree(root / "tree", 1000)
    try:
        found = api.discover([root / "tree"])
        assert len(found) == 1 and found[0].name == "x.yaml"
        for command in ("validate", "check"):
            done = sladoc(command, "tree", cwd=root)
            assert "Traceback" not in done.stderr, done.stderr[-1500:]
            assert done.returncode in (0, 1, 2), done.stderr[-1500:]
    finally:
        remove_deep_tree(root / "tree")


def test_a_symlink_loop_is_not_followed_for_ever(tmp_path) -> None:
    (tmp_path / "loop").mkdir()
    (tmp_path / "loop" / "a.yaml").write_bytes(CUSTOMER.read_bytes())
    (tmp_path / "loop" / "self").symlink_to("..")
    (tmp_path / "loop" / "again").symlink_to(".")
    found = api.discover([tmp_path / "loop"])
    assert [p.name for p in found] == ["a.yaml"]


# --- the internal-error path ------------------------------------------------------------------


def run_main(monkeypatch, args: list[str]) -> tuple[int, str]:
    """``sladoc.cli.main()`` with ``args``: (exit code, stderr)."""
    import contextlib

    from sladoc import cli

    monkeypatch.setattr(sys, "argv", ["sladoc", *args])
    errors = io.StringIO()
    with contextlib.redirect_stderr(errors), pytest.raises(SystemExit) as ended:
        cli.main()
    return int(ended.value.code or 0), errors.getvalue()


def test_an_unexpected_exception_is_an_internal_error_exit_3(monkeypatch) -> None:
    def broken(*args, **kwargs):
        raise RuntimeError("something no command expected\nsecond line")

    monkeypatch.setattr(api, "json_schema_text", broken)
    code, stderr = run_main(monkeypatch, ["schema"])
    assert code == 3
    assert "Traceback" not in stderr
    assert "internal error: RuntimeError: something no command expected second line" in stderr
    assert "please report it" in stderr and "--debug" in stderr
    with pytest.raises(RuntimeError):
        run_main(monkeypatch, ["--debug", "schema"])


def test_running_out_of_memory_is_a_clear_error(monkeypatch) -> None:
    def hungry(*args, **kwargs):
        raise MemoryError

    monkeypatch.setattr(api, "json_schema_text", hungry)
    code, stderr = run_main(monkeypatch, ["schema"])
    assert code == 2
    assert re.search(r"^sladoc: error: out of memory", stderr, re.M)
    assert "Traceback" not in stderr


@pytest.mark.parametrize("limited", [True, False])
def test_c_code_failing_silently_under_a_memory_limit_is_out_of_memory(
    monkeypatch, limited: bool
) -> None:
    """Under ``ulimit -v`` an allocation that fails inside C code (the import system listing
    a folder) can surface as "SystemError: error return without exception set": that is the
    memory running out (exit 2). Without a limit the same error is a bug (exit 3)."""
    import resource

    def failing(*args, **kwargs):
        raise SystemError("error return without exception set")

    real = resource.getrlimit
    unlimited = (resource.RLIM_INFINITY, resource.RLIM_INFINITY)
    monkeypatch.setattr(
        resource,
        "getrlimit",
        lambda which: (
            ((2**28, 2**28) if limited else unlimited)
            if which == resource.RLIMIT_AS
            else real(which)
        ),
    )
    monkeypatch.setattr(api, "json_schema_text", failing)
    code, stderr = run_main(monkeypatch, ["schema"])
    assert "Traceback" not in stderr
    if limited:
        assert code == 2 and re.search(r"^sladoc: error: out of memory", stderr, re.M)
    else:
        assert code == 3 and "internal error: SystemError" in stderr


@pytest.mark.skipif(sys.platform != "linux", reason="RLIMIT_AS as Linux enforces it")
def test_a_real_memory_limit_ends_in_a_clear_error_never_a_traceback(tmp_path) -> None:
    """Under ``ulimit -v`` from tiny to ample, a build either succeeds or says "out of
    memory" (exit 2): never a traceback, never an "internal error" (a library that cannot
    be mapped into memory is the memory running out, not a bug)."""
    import resource

    outcomes: dict[int, int] = {}
    for megabytes in range(30, 331, 20):

        def limit(megabytes: int = megabytes) -> None:
            resource.setrlimit(resource.RLIMIT_AS, (megabytes * 2**20, megabytes * 2**20))

        out = tmp_path / str(megabytes)
        result = subprocess.run(
            [sys.executable, "-m", "sladoc", "build", str(CUSTOMER), "--out", str(out)],
            preexec_fn=limit,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert "Traceback" not in result.stderr, (megabytes, result.stderr)
        assert "internal error" not in result.stderr, (megabytes, result.stderr)
        assert result.returncode in (0, 2), (megabytes, result.returncode, result.stderr)
        if result.returncode == 2:
            assert "out of memory" in result.stderr, (megabytes, result.stderr)
            assert not out.exists() or not any(out.iterdir()), "a half-written output"
        outcomes[megabytes] = result.returncode
    # the fault landed: some limits were too small, and the largest was enough
    assert 2 in outcomes.values() and outcomes[max(outcomes)] == 0, outcomes


# --- bounded input: value lengths, alias amplification, templates -----------------------------


def with_title(title: str) -> str:
    return CUSTOMER.read_text("utf-8").replace(
        "title: Cloud Hosting Service Level Agreement", f"title: {title}"
    )


def test_a_value_over_the_length_limit_is_refused_at_its_position(tmp_path) -> None:
    """A 1 MB title built for ever; the limit stops it before any layout, at its place."""
    from sladoc.agreement import loader

    path = tmp_path / "long.yaml"
    path.write_text(with_title("x" * 1_000_000), encoding="utf-8")
    done = sladoc("build", path, "--out", tmp_path / "out", cwd=tmp_path)
    assert_clear_error(done, "long.yaml:6:8: error: a value of 1,000,000 characters")
    assert f"the limit is {loader.MAX_VALUE_CHARS:,}" in done.stderr
    assert not (tmp_path / "out").exists()
    # at the limit, it builds
    path.write_text(with_title("x" * loader.MAX_VALUE_CHARS), encoding="utf-8")
    done = sladoc("build", path, "--out", tmp_path / "out", "--format", "md", cwd=tmp_path)
    assert done.returncode == 0, done.stderr


def test_alias_string_amplification_is_refused_by_the_character_budget(tmp_path) -> None:
    """One long scalar aliased many times passes the node limit; the characters do not."""
    from sladoc.agreement import loader

    value = "word " * 3000  # 15,000 characters, under the one-value limit
    aliases = "\n".join("  - *big" for _ in range(200))
    text = with_title(f'&big "{value}"') + f"\nx_padding:\n{aliases}\n"
    path = tmp_path / "amplified.yaml"
    path.write_text(text, encoding="utf-8")
    for command in ("validate", "check"):
        done = sladoc(command, path, cwd=tmp_path)
        assert_clear_error(done, "characters of text", "aliases expanded", "alias amplification")
    assert f"{loader.MAX_EXPANDED_CHARS:,}" in done.stderr


def templates_copy(tmp_path: Path) -> Path:
    import shutil

    folder = tmp_path / "templates"
    shutil.copytree(ROOT / "templates", folder)
    return folder


BOMB = "\n".join(
    [
        "zz0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]",
        *(f"zz{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]" for n in range(1, 9)),
    ]
)


@pytest.mark.parametrize("file", ["customer/wording.yaml", "common/wording.yaml", "pdf-style.yaml"])
def test_an_alias_bomb_in_a_template_file_is_a_template_error(tmp_path, file) -> None:
    folder = templates_copy(tmp_path)
    target = folder / file
    target.write_text(target.read_text("utf-8") + "\n" + BOMB + "\n", encoding="utf-8")
    done = sladoc("build", CUSTOMER, "--templates", folder, "--out", tmp_path / "out", cwd=tmp_path)
    assert_clear_error(done, "alias bomb")
    assert file.split("/")[-1] in done.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    "edit",
    [
        ("cell_padding", "1000000"),
        ("cell_padding", "999"),
        ("header_mm", "1.0e+308"),
        ("margin_left_mm", "999"),
        ("list_indent", "999"),
        ("signature_line_gap", "999"),
        ("{size", "999"),
    ],
    ids=lambda edit: f"{edit[0]}: {edit[1]}",
)
def test_absurd_stylesheet_numbers_are_refused_naming_the_key(tmp_path, edit) -> None:
    folder = templates_copy(tmp_path)
    style = folder / "pdf-style.yaml"
    key, value = edit
    # the first value of the key, whatever the shipped stylesheet sets it to
    text, count = re.subn(
        rf"({re.escape(key)}:\s*)[^\s,}}#]+", rf"\g<1>{value}", style.read_text("utf-8"), count=1
    )
    assert count == 1, f"no {key} in the stylesheet"
    style.write_text(text, encoding="utf-8")
    done = sladoc("build", CUSTOMER, "--templates", folder, "--out", tmp_path / "out", cwd=tmp_path)
    assert_clear_error(done, "pdf-style.yaml", "should be less than or equal to")
    assert not (tmp_path / "out").exists()


# --- diff --rev of a huge committed file --------------------------------------------------------


def test_a_huge_committed_file_is_refused_before_it_is_read(tmp_path, monkeypatch) -> None:
    from sladoc.review import git

    env = {
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_SYSTEM": os.devnull,
    }
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    path = tmp_path / "a.yaml"
    path.write_bytes(b"# " + b"x" * (6 * 2**20) + b"\n")
    for args in (["init", "-q"], ["add", "a.yaml"], ["commit", "-qm", "big"]):
        subprocess.run(["git", *args], cwd=tmp_path, check=True, capture_output=True)
    path.write_bytes(CUSTOMER.read_bytes())
    calls: list[list[str]] = []
    real = git._git

    def recording(args, cwd):
        calls.append(args)
        return real(args, cwd)

    monkeypatch.setattr(git, "_git", recording)
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["diff", "a.yaml", "--rev", "HEAD"])
    assert result.exit_code == 2, result.output
    assert "larger than 5 MiB" in result.output
    assert not [args for args in calls if args[:2] == ["cat-file", "blob"]], calls


# --- strict CSV ----------------------------------------------------------------------------------

INCIDENTS = AGREEMENTS / "acme-incidents-2027-03.csv"


def incidents_with(tmp_path: Path, edit) -> Path:
    lines = INCIDENTS.read_text("utf-8").splitlines()
    edit(lines)
    path = tmp_path / "incidents.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def report_on(tmp_path: Path, incidents: Path):
    return runner.invoke(
        app, ["report", str(CUSTOMER), "--incidents", str(incidents), "-o", str(tmp_path / "o")]
    )


def stray_quote_at_the_end(lines: list[str]) -> None:
    lines[1] = lines[1].replace("INC-2291", '"INC-2291')


def stray_quote_closed_later(lines: list[str]) -> None:
    lines[1] = lines[1].replace("INC-2291", '"INC-2291')
    lines[3] += '"'


@pytest.mark.parametrize("edit", [stray_quote_at_the_end, stray_quote_closed_later])
def test_a_stray_quote_in_an_incidents_csv_is_an_error_not_lost_outages(tmp_path, edit):
    result = report_on(tmp_path, incidents_with(tmp_path, edit))
    assert result.exit_code == 2, result.output
    assert "incidents.csv:2" in result.output and "quote" in result.output
    assert not (tmp_path / "o").exists()


def test_a_reason_written_on_two_lines_is_still_read(tmp_path):
    def two_lines(lines: list[str]) -> None:
        lines[2] = lines[2].replace(",,INC-2304", ',"restarted,\nthen fixed",INC-2304')

    assert report_on(tmp_path, incidents_with(tmp_path, two_lines)).exit_code == 0


def test_a_header_with_a_hundred_thousand_columns_is_refused_at_once(tmp_path):
    from sladoc.reporting import csvdata

    def wide(lines: list[str]) -> None:
        lines[0] += "".join(f",extra{n}" for n in range(100_000))

    result = report_on(tmp_path, incidents_with(tmp_path, wide))
    assert result.exit_code == 2
    assert f"a data file may have {csvdata.MAX_COLUMNS:,}" in result.output


def test_a_data_file_over_the_size_limit_is_refused_before_reading(tmp_path, monkeypatch):
    from sladoc.reporting import csvdata

    monkeypatch.setattr(csvdata, "MAX_CSV_BYTES", 100)
    result = report_on(tmp_path, incidents_with(tmp_path, lambda lines: None))
    assert result.exit_code == 2 and "larger than" in result.output


# --- templates: output size, not only repetition -----------------------------------------

AMPLIFIERS = [
    ('{{ ("x" * 100000)|replace("x", "x" * 100000) }}', "a replace making 10,000,000,000"),
    ('{{ ("x" * 100000).replace("x", "x" * 100000) }}', "a replace making 10,000,000,000"),
    ('{% set a = "x" * 100000 %}{{ a.replace("x", a[:60]) }}', "a replace making 6,000,000"),
    ('{{ "%999999999s" % title }}', "a % format with a width of 999,999,999"),
    ('{{ "%*s" % (999999999, title) }}', "a % format with a width of 999,999,999"),
    ('{{ "%999999999s"|format(title) }}', "a % format with a width of 999,999,999"),
    ('{{ "{:>999999999}".format(title) }}', "a format with a width of 999,999,999"),
    ('{{ "{:>{w}}".format(title, w=999999999) }}', "a format with a width of 999,999,999"),
    ('{{ "{t:>999999999}".format_map({"t": title}) }}', "a format with a width of 999,999,999"),
    ("{{ title|center(999999999) }}", "the center filter with a width of 999,999,999"),
    ("{{ title.center(999999999) }}", "center() with a width of 999,999,999"),
    ("{{ title.ljust(999999999) }}", "ljust() with a width of 999,999,999"),
    ("{{ title.zfill(999999999) }}", "zfill() with a width of 999,999,999"),
    ("{{ title|indent(999999999, true) }}", "the indent filter with a width of 999,999,999"),
    ('{% for i in "x" * 100000 %}{{ "y" * 100000 }}{% endfor %}', "an output of more than"),
]


@pytest.mark.parametrize(("template", "refusal"), AMPLIFIERS, ids=[t for t, _ in AMPLIFIERS])
def test_a_template_cannot_amplify_its_output(template, refusal) -> None:
    """Refused by the bound, before the work: the message names the width or the size the
    call would have made (the call itself never ran)."""
    from jinja2.sandbox import SecurityError

    from sladoc.document.sandbox import Sandbox

    with pytest.raises(SecurityError, match="not allowed in templates") as refused:
        Sandbox(autoescape=False).from_string(template).render(title="Service")
    assert refusal in str(refused.value)


def test_ordinary_formatting_still_works() -> None:
    from sladoc.document.sandbox import Sandbox

    template = '{{ "%5s|" % t }}{{ t|center(9) }}|{{ "{:>6}".format(t) }}|{{ t.replace("a", "o") }}'
    assert Sandbox(autoescape=False).from_string(template).render(t="ab") == (
        "   ab|    ab   |    ab|ob"
    )


# --- suppression scanning: linear, and the same answers ----------------------------------


def _reference_suppressions(loaded):
    """The first implementation, quadratic (the text re-split for every scalar, every
    scalar scanned for every comment): the answers the fast one must give."""
    from sladoc.checks import suppressions as S

    lines = loaded.text.split("\n")
    spans = []
    stack = [((), loaded.data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, dict):
            stack.extend((path + (k,), v) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend((path + (i,), v) for i, v in enumerate(value))
        elif path in loaded.source.values:
            line, col, end_line, end_col = loaded.source.values[path]
            if loaded.text.split("\n", line)[line - 1][col - 1 : col] in ("|", ">"):
                line, col = line + 1, 1
            spans.append((line, col, end_line, end_col))
    found = []
    for number, line in enumerate(lines, start=1):
        match = S._COMMENT.search(line)
        if match is None:
            continue
        column = match.start() + 1
        if column > 1 and not line[column - 2].isspace():
            continue
        if any((s[0], s[1]) <= (number, column) < (s[2], s[3]) for s in spans):
            continue
        own = not line[: column - 1].strip()
        target = number
        if own:
            for index in range(number, len(lines)):
                stripped = lines[index].strip()
                if stripped and not stripped.startswith("#"):
                    target = index + 1
                    break
        codes = tuple(c.strip().upper() for c in (match["codes"] or "").split(",") if c.strip())
        reason_match = S._REASON.match(match["rest"])
        reason = reason_match["reason"] if reason_match else ""
        found.append((number, column, target, codes, reason))
    return found


@pytest.mark.parametrize("path", sorted(AGREEMENTS.glob("*.yaml")), ids=lambda p: p.stem)
def test_suppressions_are_found_as_before_on_every_line(path) -> None:
    """A suppression comment after every line, on a line of its own before every line,
    inside block and quoted text: the linear scan finds exactly what the quadratic one did."""
    import random

    from sladoc.agreement.loader import load_text
    from sladoc.checks.suppressions import find_suppressions

    rng = random.Random(path.name)
    out = []
    for line in path.read_text("utf-8").splitlines():
        indent = line[: len(line) - len(line.lstrip())]
        choice = rng.random()
        if choice < 0.3:
            out.append(f"{indent}# sladoc: ignore[SLA101] -- above")
        out.append(line + ("  # sladoc: ignore -- after" if 0.3 <= choice < 0.6 else ""))
    try:
        loaded = load_text("\n".join(out) + "\n")
    except Exception:
        pytest.skip("a comment landed where YAML does not allow one")
    fast = [(s.line, s.col, s.target, s.codes, s.reason) for s in find_suppressions(loaded)]
    assert fast == _reference_suppressions(loaded)
    assert fast


# --- all or nothing, for every failure ---------------------------------------------------


def test_a_folder_in_the_way_of_the_pdf_leaves_the_old_docx_alone(tmp_path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "acme-cloud-hosting.docx").write_bytes(b"the old contract")
    (out / "acme-cloud-hosting.pdf").mkdir()
    result = runner.invoke(
        app, ["build", str(CUSTOMER), "--format", "docx,pdf", "--out", str(out), "--jobs", "1"]
    )
    assert result.exit_code == 2, result.output
    assert "a folder of that name is in the way" in result.output
    assert (out / "acme-cloud-hosting.docx").read_bytes() == b"the old contract"
    assert sorted(p.name for p in out.iterdir()) == [
        "acme-cloud-hosting.docx",
        "acme-cloud-hosting.pdf",
    ]


# --- what inspect and textconv read and print ---------------------------------------------


def pdf_with(built: dict[str, bytes], path: Path, change) -> Path:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(built["pdf"])))
    change(writer)
    with open(path, "wb") as handle:
        writer.write(handle)
    return path


def test_a_self_referencing_pdf_title_prints_the_same_text_every_time(tmp_path, built) -> None:
    """The title made a reference to the information dictionary that holds it (padded to
    the same length, so the cross-reference table stays right)."""
    data = built["pdf"]
    title = b"/Title (Cloud Hosting Service Level Agreement)"
    info = re.search(rb"(\d+) 0 obj\s*<<(?:(?!endobj).)*?/Title \(", data, re.S)
    assert info is not None and title in data
    reference = b"/Title " + info.group(1) + b" 0 R"
    path = tmp_path / "contract.pdf"
    path.write_bytes(data.replace(title, reference.ljust(len(title))))
    first, second = (sladoc("textconv", path, cwd=tmp_path) for _ in range(2))
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    head = first.stdout.split("== page 1 ==")[0]
    assert "0x" not in head and "IndirectObject" not in head
    assert "title: (dictionary, not text)" in head


def test_a_recorded_source_outside_the_work_tree_is_not_read(tmp_path, built) -> None:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    secret = tmp_path / "secret.yaml"
    secret.write_text("not for you", "utf-8")

    def outside(writer) -> None:
        writer.add_metadata({"/sladoc-source": "../secret.yaml"})

    path = pdf_with(built, repo / "contract.pdf", outside)
    done = sladoc("inspect", path, cwd=repo)
    assert done.returncode == 1, done.stderr
    assert "lies outside the document's work tree; it was not read" in done.stdout
    assert "secret.yaml: changed" not in done.stdout
    # given explicitly, it is compared
    done = sladoc("inspect", path, "--source", secret, cwd=repo)
    assert "changed since the document was built" in done.stdout


# --- text normalisation for matching terms ------------------------------------------------


@pytest.mark.parametrize(
    "written",
    [
        "prom\u200bptly",  # zero-width space
        "prom\u00adptly",  # soft hyphen
        "prom\u2060ptly",  # word joiner
        "pr\u043emptly",  # Cyrillic o
        "pr\u03bfmptly",  # Greek omicron
        "\u202epromptly\u202c",  # bidi override
        "PR\u041eMPTLY",  # Cyrillic capital O
    ],
)
def test_normalise_reads_hidden_characters_and_look_alikes_as_the_word_shown(written):
    from sladoc.checks.terms import normalise

    assert normalise(written) == "promptly"


@pytest.mark.parametrize(
    "written",
    [
        "prom\u200bptly",  # zero-width space
        "prom\u00adptly",  # soft hyphen
        "prom\u2060ptly",  # word joiner
        "pr\u043emptly",  # Cyrillic o
        "pr\u03bfmptly",  # Greek omicron
        "\u202epromptly\u202c",  # bidi override
        "promp\u0308tly",  # a combining mark inside the word
    ],
)
def test_a_disguised_vague_term_is_still_found_at_its_words(written) -> None:
    """The PDF shows "promptly"; the checker must say so, at the disguised words."""
    from tests.checker_cases import compose

    text = compose(f"overview: Acme answers every ticket {written}.\n")
    found = [
        f for f in api.check_text(text.encode("utf-8"), "x.yaml").findings if f.code == "SLA101"
    ]
    assert len(found) == 1, found
    line = text.splitlines()[found[0].position.line - 1]
    assert line[found[0].position.col - 1 :].startswith(written.strip("\u202e\u202c")[:2])


def test_normalise_keeps_other_scripts_and_accents() -> None:
    from sladoc.checks.terms import normalise

    assert normalise("  As  Soon ") == "as soon"
    assert normalise("Ликвидация") == "ликвидация"  # wholly Cyrillic: its own letters
    assert normalise("Café") == "café"


def test_git_setup_does_not_write_through_a_gitattributes_symlink(tmp_path, monkeypatch):
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_SYSTEM", os.devnull)
    repo = tmp_path / "repo"
    repo.mkdir()
    subprocess.run(["git", "init", "-q"], cwd=repo, check=True)
    outside = tmp_path / "outside.txt"
    outside.write_text("mine\n", "utf-8")
    (repo / ".gitattributes").symlink_to(outside)
    monkeypatch.chdir(repo)
    result = runner.invoke(app, ["git-setup"])
    assert result.exit_code == 2, result.output
    assert "not a plain file" in result.output
    assert outside.read_text("utf-8") == "mine\n"


def test_a_hyphenated_run_as_long_as_a_value_may_be_is_laid_out(tmp_path) -> None:
    """A "word" of 20,000 characters with a hyphen every few, in a clause and in a table
    cell: the PDF breaks it as any long word, where hyphen by hyphen it would take reportlab
    hours (every hyphen of the word at a line's end tried, all before it measured). Found
    by the fuzzer. Real hyphenated words still break after their hyphen (tests/test_pages)."""
    from sladoc.agreement import loader

    run = ("abcdefg-" * loader.MAX_VALUE_CHARS)[: loader.MAX_VALUE_CHARS - 1] + "z"
    text = CUSTOMER.read_text("utf-8")
    anchor = "    title: Return of data\n"
    assert anchor in text and "      - name: Priya Natarajan\n" in text
    text = text.replace(anchor, f"    title: {run[:200]}\n").replace(
        "      - name: Priya Natarajan\n", f"      - name: {run}\n"
    )
    path = tmp_path / "hyphens.yaml"
    path.write_text(text, encoding="utf-8")
    done = sladoc("build", path, "--out", tmp_path / "out", "--format", "pdf", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out" / "acme-cloud-hosting.pdf").stat().st_size > 0


def test_a_topic_taller_than_a_page_in_side_by_side_columns_is_laid_out(tmp_path) -> None:
    """The stages layout draws each topic as a label row kept with its row of columns. A
    cell taller than a page (here an unbroken run of 3,000 letters) cannot stay with its
    label: reportlab moved the two on from page to page for ever. Found by the fuzzer; now
    the cells split where the page ends."""
    text = CUSTOMER.read_text("utf-8")
    anchor = "      description: A service is down or data is at risk for all users.\n"
    assert anchor in text
    path = tmp_path / "tall.yaml"
    path.write_text(text.replace(anchor, f"      description: {'x' * 3000}\n"), encoding="utf-8")
    out = tmp_path / "out"
    done = sladoc("build", path, "--out", out, "--format", "pdf", "--layout", "stages")
    assert done.returncode == 0, done.stderr
    pdf = out / "acme-cloud-hosting.pdf"
    read = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True, check=True)
    assert sum(word.count("x") for word in read.stdout.split() if set(word) == {"x"}) >= 3000
