"""A traceback is a bug, everywhere: every command of the CLI, driven with arbitrary
arguments and hostile files (agreements, templates, DOCX, PDF, CSV, a git repository, a
named pipe), ends with exit 0, 1 or 2 and a message, never an exception.

CI runs a few examples; ``SLADOC_CLI_EXAMPLES=50000`` sets the number for a long run (its
outcome is recorded in docs/reliability.md).
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from sladoc import api
from sladoc.cli import app

from .conftest import ROOT
from .test_fuzz import bounded

AGREEMENTS = ROOT / "agreements"
CUSTOMER = AGREEMENTS / "acme-cloud-hosting.yaml"
INTERNAL = AGREEMENTS / "company-x-marketing-sales.yaml"
EXAMPLES = int(os.environ.get("SLADOC_CLI_EXAMPLES", "0") or 0) or 40
runner = CliRunner()


def _pool() -> Path:
    """A folder of hostile and ordinary files, made once (Hypothesis reruns the test body
    many times; function-scoped fixtures would not be reset between examples)."""
    folder = Path(tempfile.mkdtemp(prefix="sladoc-cli-property-"))
    text = CUSTOMER.read_text("utf-8")
    (folder / "good.yaml").write_text(text, "utf-8")
    shutil.copy(INTERNAL, folder / "internal.yaml")
    (folder / "garbage.yaml").write_bytes(b"\x00\xff\xfe garbage: [unclosed")
    (folder / "long.yaml").write_text(
        text.replace("title: Cloud", "title: " + "x" * 30_000 + " Cloud"), "utf-8"
    )
    bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [{', '.join([f'*{p}'] * 10)}]\n"
        for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    )
    (folder / "bomb.yaml").write_text(bomb, "utf-8")
    (folder / "tabs.yaml").write_text("sladoc: 1\n\tkind: customer\n", "utf-8")
    (folder / "evil.yaml").write_text("x: !!python/object/apply:os.system [echo hi]\n", "utf-8")
    documents = api.render_agreement(api.load(CUSTOMER), CUSTOMER, ("docx", "pdf"))
    (folder / "contract.docx").write_bytes(documents["docx"])
    (folder / "contract.pdf").write_bytes(documents["pdf"])
    (folder / "cut.docx").write_bytes(documents["docx"][:3000])
    (folder / "cut.pdf").write_bytes(documents["pdf"][:3000])
    (folder / "text.docx").write_bytes(b"PK\x03\x04 not really a zip")
    laughs = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(documents["docx"])) as source,
        zipfile.ZipFile(laughs, "w") as target,
    ):
        for item in source.infolist():
            body = source.read(item)
            if item.filename == "docProps/custom.xml":
                body = b'<!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>'
            target.writestr(item.filename, body)
    (folder / "laughs.docx").write_bytes(laughs.getvalue())
    shutil.copy(AGREEMENTS / "acme-incidents-2027-03.csv", folder / "incidents.csv")
    shutil.copy(AGREEMENTS / "company-x-leads-2027-03.csv", folder / "leads.csv")
    lines = (AGREEMENTS / "acme-incidents-2027-03.csv").read_text("utf-8").splitlines()
    lines[1] = lines[1].replace("INC-2291", '"INC-2291')
    (folder / "stray.csv").write_text("\n".join(lines) + "\n", "utf-8")
    (folder / "binary.csv").write_bytes(bytes(range(256)))
    (folder / "empty.csv").write_text("", "utf-8")
    (folder / "tree" / "inner").mkdir(parents=True)
    shutil.copy(CUSTOMER, folder / "tree" / "inner" / "a.yaml")
    (folder / "tree" / "loop").symlink_to("..")
    shutil.copytree(ROOT / "templates", folder / "templates")
    broken = folder / "broken-templates"
    shutil.copytree(ROOT / "templates", broken)
    wording = broken / "customer" / "wording.yaml"
    wording.write_text(wording.read_text("utf-8") + "\nbad: '{{ ''.__class__ }}'\n", "utf-8")
    style = broken / "pdf-style.yaml"
    style.write_text(style.read_text("utf-8").replace("cell_padding: 4", "cell_padding: 1e6"))
    (folder / "config.toml").write_text('[tool.sladoc]\nfail-on = "nonsense"\n', "utf-8")
    os.mkfifo(folder / "pipe.yaml")
    repo = folder / "repo"
    repo.mkdir()
    shutil.copy(CUSTOMER, repo / "a.yaml")
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.com",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.com",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_SYSTEM": os.devnull,
    }
    for args in (["init", "-q"], ["add", "a.yaml"], ["commit", "-qm", "one"]):
        subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)
    (repo / "a.yaml").write_text(text.replace("99.95", "99.9"), "utf-8")
    return folder


POOL = _pool()
FILES = sorted(
    str(path.relative_to(POOL))
    for path in POOL.rglob("*")
    if "loop" not in path.parts and ".git" not in path.parts
) + ["missing.yaml", "repo/a.yaml", ".", "-", ""]

# Arbitrary words, but never a path out of the pool: "/" or ".." given to `validate` would
# search the whole file system.
words = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=12
).filter(lambda word: not word.startswith(("/", "~")) and ".." not in word)
files = st.sampled_from(FILES)
values = st.one_of(files, words, st.sampled_from(["0", "1", "-1", "99.95%", "2027-03"]))
OPTIONS = {
    "validate": [
        "--quiet",
        "--agreements-only",
        ("--stdin-filename", values),
        ("--format", st.sampled_from(["text", "json", "sarif", "github", "junit", "gitlab", "x"])),
    ],
    "rule": [],
    "lsp": [],  # reads the (empty) standard input
    "merge-document": [],
    "schema": [],
    "new": [("--schema", values)],  # not --force: it would overwrite the pool's files
    "uptime": [("--downtime", values), ("--year-days", values), ("--month", values)],
    "calc": [],
    "build": [
        ("--format", st.sampled_from(["md", "docx", "md,docx", "pdf", "nope", "", "MD, docx"])),
        ("--out", st.sampled_from(["out", "contract.docx", "good.yaml/x", "tree"])),
        ("--jobs", st.sampled_from(["1", "-1", "x"])),
        ("--templates", st.sampled_from(["templates", "broken-templates", "missing", "good.yaml"])),
        "--strict",
    ],
    "check": [
        ("--format", st.sampled_from(["text", "json", "sarif", "github", "junit", "xml"])),
        "--diff",  # not --fix: it would change the pool's files
        "--agreements-only",
        ("--stdin-filename", values),
        ("--fail-on", st.sampled_from(["error", "warning", "info", "never"])),
        ("--config", st.sampled_from(["config.toml", "missing.toml", "good.yaml"])),
        ("--select", values),
        ("--ignore", values),
        "--statistics",
        ("--output", st.sampled_from(["report.txt", "tree", "good.yaml/x"])),
        ("--jobs", st.sampled_from(["1", "x"])),
    ],
    "diff": [
        ("--rev", st.sampled_from(["HEAD", "HEAD~5", "-x", "nope", ""])),
        ("--format", values),
    ],
    "textconv": [],
    "git-setup": [("--command", values)],
    "inspect": [
        ("--templates", st.sampled_from(["templates", "broken-templates", "missing"])),
        ("--source", files),
    ],
    "report": [
        ("--leads", files),
        ("--incidents", files),
        ("--period", st.sampled_from(["2027-03", "0000-03", "9999-12", "2027-13", "x"])),
        ("--as-of", st.sampled_from(["2027-03-15", "9999-12-31", "0001-01-01", "x"])),
        ("--total-revenue", values),
        ("--out", st.sampled_from(["out", "good.yaml/x"])),
    ],
}
SUBCOMMANDS = {"calc": ["leads", "goal-line"]}


@st.composite
def command_lines(draw) -> list[str]:
    command = draw(st.sampled_from(sorted(OPTIONS)))
    args = [command]
    if command in SUBCOMMANDS:
        args.append(draw(st.sampled_from(SUBCOMMANDS[command])))
    args += draw(st.lists(st.one_of(files, values), max_size=3))
    for option in draw(st.lists(st.sampled_from(OPTIONS[command] or ["--help"]), max_size=3)):
        if isinstance(option, tuple):
            args += [option[0], draw(option[1])]
        else:
            args.append(option)
    if draw(st.booleans()):
        draw(st.randoms()).shuffle(args[1:])
    return args


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(args=command_lines())
def test_every_command_ends_with_0_1_or_2_and_no_traceback(args: list[str]) -> None:
    event(f"command: {args[0]}")
    if args[0] == "lsp":
        # One server per process, as editors run it (its module-level server cannot be
        # started twice in one process, which CliRunner would do).
        done = subprocess.run(
            [sys.executable, "-m", "sladoc", *args],
            cwd=POOL,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode in (0, 1, 2), (args, done.returncode, done.stderr[-2000:])
        assert "Traceback" not in done.stderr, (args, done.stderr[-2000:])
        return
    with contextlib.chdir(POOL), bounded():
        result = runner.invoke(app, args, catch_exceptions=True)
    for leftover in [POOL / "out", POOL / "report.txt", POOL / "missing.yaml"] + [
        path for path in (POOL / "tree").iterdir() if path.name not in ("inner", "loop")
    ]:
        shutil.rmtree(leftover, ignore_errors=True)
        with contextlib.suppress(FileNotFoundError, IsADirectoryError):
            leftover.unlink()
    event(f"exit {result.exit_code}")
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        args,
        repr(result.exception),
    )
    assert result.exit_code in (0, 1, 2), (args, result.exit_code, result.output[-2000:])
    assert "Traceback" not in result.output, (args, result.output[-2000:])


def test_the_pool_holds_every_kind_of_hostile_file() -> None:
    """The property above is only as good as its files: each kind is there."""
    names = set(FILES)
    for needed in (
        "good.yaml",
        "bomb.yaml",
        "long.yaml",
        "cut.docx",
        "laughs.docx",
        "cut.pdf",
        "stray.csv",
        "pipe.yaml",
        "broken-templates",
        "repo/a.yaml",
    ):
        assert needed in names, needed


@pytest.fixture(scope="module", autouse=True)
def _remove_pool():
    yield
    shutil.rmtree(POOL, ignore_errors=True)
