"""Faults during a build: killed at any moment, a full disk, a read-only folder, two
builds at once. Whatever happens, every document in the output folder is complete (the
same bytes as a clean build) or absent, and an earlier document is never damaged.

Builds are reproducible to the byte, so "complete" is checked by comparing with a clean
build, which is stronger than opening the file.
"""

from __future__ import annotations

import contextlib
import errno
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sladoc.cli import app
from sladoc.cli import files as output

from .conftest import ROOT

AGREEMENTS = ROOT / "agreements"
ONE = AGREEMENTS / "acme-cloud-hosting.yaml"
FORMATS = "docx,pdf,md"
PART = re.compile(r"\.(?P<target>.+)\.[A-Za-z0-9_]+\.part")
runner = CliRunner()


def build_command(source: Path, out: Path, *extra: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "sladoc",
        "build",
        str(source),
        "--format",
        FORMATS,
        "--out",
        str(out),
        *extra,
    ]


def contents(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())} if folder.exists() else {}


@pytest.fixture(scope="module")
def clean(tmp_path_factory) -> tuple[dict[str, bytes], float]:
    """Every example built once, undisturbed, and how long that took."""
    out = tmp_path_factory.mktemp("clean") / "out"
    start = time.monotonic()
    done = subprocess.run(
        build_command(AGREEMENTS, out), capture_output=True, text=True, cwd=out.parent, timeout=300
    )
    seconds = time.monotonic() - start
    assert done.returncode == 0, done.stderr
    return contents(out), seconds


def assert_whole_or_absent(folder: Path, clean: dict[str, bytes], note: str = "") -> int:
    """Every document in ``folder`` is byte for byte a clean build's; temporary files are
    named as such. Returns how many temporary files there were."""
    parts = 0
    for name, data in contents(folder).items():
        match = PART.fullmatch(name)
        if match:
            assert match["target"] in clean, f"{note}: a temporary file of what? {name}"
            parts += 1
            continue
        assert name in clean, f"{note}: unexpected file {name}"
        assert data == clean[name], (
            f"{note}: {name} is not complete ({len(data)} bytes of {len(clean[name])})"
        )
    return parts


# --- killed at a random moment ---------------------------------------------------------------

KILLS = 20


def test_a_build_killed_at_any_moment_leaves_whole_documents_or_none(clean, tmp_path) -> None:
    documents, seconds = clean
    seed = int(os.environ.get("SLADOC_FAULT_SEED", time.time_ns() % 2**32))
    rng = random.Random(seed)
    note = f"seed {seed} (set SLADOC_FAULT_SEED to repeat)"
    partial = 0
    for round_ in range(KILLS):
        out = tmp_path / f"kill{round_}"
        # Half the rounds with a process pool: the kill takes the whole process group.
        extra = ("--jobs", "2") if round_ % 2 else ()
        process = subprocess.Popen(
            build_command(AGREEMENTS, out, *extra),
            cwd=tmp_path,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        time.sleep(rng.uniform(0, seconds))
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=60)
        assert_whole_or_absent(out, documents, f"{note}, round {round_}")
        partial += 0 < len(contents(out)) < len(documents)
    # Not an assertion (timing decides it), but the point of the exercise: say how often a
    # kill landed while documents were being written.
    print(f"{partial} of {KILLS} kills left some documents written ({note})")


def test_the_next_build_removes_what_a_killed_build_left(clean, tmp_path, monkeypatch) -> None:
    documents, _ = clean
    out = tmp_path / "out"
    out.mkdir()
    # What a SIGKILL during writing leaves: a half-written temporary file, long ago...
    stale = out / ".acme-cloud-hosting.pdf.k1ll3d_x.part"
    stale.write_bytes(documents["acme-cloud-hosting.pdf"][:1000])
    an_hour_ago = time.time() - 3600
    os.utime(stale, (an_hour_ago, an_hour_ago))
    # ...and one a build running right now is writing, which must be left alone.
    running = out / ".acme-cloud-hosting.docx.wr1t1ng_.part"
    running.write_bytes(b"PK")
    other = out / ".notes.txt.abcdefgh.part"  # not a target of this build
    other.write_bytes(b"")
    os.utime(other, (an_hour_ago, an_hour_ago))
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["build", str(ONE), "--format", FORMATS, "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert not stale.exists()
    assert running.exists() and other.exists()
    for fmt in ("docx", "pdf", "md"):
        name = f"acme-cloud-hosting.{fmt}"
        assert (out / name).read_bytes() == documents[name]


def test_an_up_to_date_build_removes_what_a_killed_build_left_of_it(tmp_path) -> None:
    """A killed build may leave a part file beside a document that a later build completed;
    the next build finds the document up to date and writes nothing, and still removes the
    part file once no build can be writing it (and leaves a young one alone)."""
    out = tmp_path / "out"
    first = runner.invoke(app, ["build", str(ONE), "--format", "docx", "--out", str(out)])
    assert first.exit_code == 0, first.output
    (document,) = out.glob("*.docx")
    stale, young = (out / f".{document.name}.{tag}.part" for tag in ("old", "new"))
    for part in (stale, young):
        part.write_bytes(b"PK half a document")
    past = time.time() - output.STALE_AFTER - 1
    os.utime(stale, (past, past))
    again = runner.invoke(app, ["build", str(ONE), "--format", "docx", "--out", str(out)])
    assert again.exit_code == 0 and "up to date" in again.output, again.output
    assert not stale.exists() and young.exists()


def _wait_until_gone(group: int) -> None:
    """Until no process of the killed build's process group is left (a worker caught in a
    system call when the signal came may still create its part file)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            os.killpg(group, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)
    raise AssertionError(f"the killed build's processes (group {group}) are still running")


def test_killed_builds_leave_nothing_once_the_next_build_has_run(clean, tmp_path) -> None:
    documents, seconds = clean
    out = tmp_path / "out"
    rng = random.Random(7)
    for _ in range(3):
        process = subprocess.Popen(
            build_command(AGREEMENTS, out),
            cwd=tmp_path,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        time.sleep(rng.uniform(seconds / 2, seconds))
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=60)
        _wait_until_gone(process.pid)
    for leftover in out.glob(".*.part") if out.exists() else ():
        past = time.time() - output.STALE_AFTER - 1
        os.utime(leftover, (past, past))
    done = subprocess.run(
        build_command(AGREEMENTS, out), capture_output=True, text=True, cwd=tmp_path, timeout=300
    )
    assert done.returncode == 0, done.stderr
    assert contents(out) == documents


# --- a full disk, a read-only folder --------------------------------------------------------------


def changed_agreement(tmp_path: Path) -> Path:
    """The example with another title: a build of it gives other bytes than the outputs on
    disk, so an overwritten document would show."""
    source = tmp_path / "acme.yaml"
    source.write_text(
        ONE.read_text("utf-8").replace(
            "title: Cloud Hosting Service Level Agreement", "title: Cloud Hosting Agreement v2"
        )
    )
    return source


def build_in_process(source: Path, out: Path):
    return runner.invoke(app, ["build", str(source), "--format", FORMATS, "--out", str(out)])


@contextlib.contextmanager
def tmpfs(path: Path, size: str):
    """A tiny RAM disk at ``path``: needs root and permission to mount, else skips."""
    path.mkdir()
    if not hasattr(os, "geteuid") or os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs root")
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], capture_output=True)


def test_a_full_disk_is_a_clear_error_and_earlier_documents_survive(
    clean, tmp_path, monkeypatch
) -> None:
    documents, _ = clean
    monkeypatch.chdir(tmp_path)
    with tmpfs(tmp_path / "disk", "1m") as disk:
        out = disk / "out"
        assert build_in_process(ONE, out).exit_code == 0
        before = contents(out)
        # Fill the disk, leaving less room than the new documents need.
        free = os.statvfs(disk).f_bavail * os.statvfs(disk).f_frsize
        with open(disk / "filler", "wb") as filler:
            with contextlib.suppress(OSError):
                filler.write(b"\0" * (free - 40_000))
        result = build_in_process(changed_agreement(tmp_path), out)
        assert result.exit_code == 2
        assert "No space left on device" in result.output
        assert str(out) in result.output
        assert "Traceback" not in result.output
        assert contents(out) == before  # no temporary file left, nothing replaced
    assert before == {
        name: data for name, data in documents.items() if name.startswith("acme-cloud-hosting.")
    }


def test_a_full_disk_during_the_second_document_replaces_none(clean, tmp_path, monkeypatch) -> None:
    """ENOSPC while writing the PDF, after the DOCX was written in full: neither is
    replaced, so the DOCX and the PDF in the folder still say the same thing."""
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "out"
    assert build_in_process(ONE, out).exit_code == 0
    before = contents(out)
    real_fdopen = os.fdopen
    calls = []

    class FullDisk:
        def __init__(self, stream):
            self.stream = stream

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.stream.close()

        def write(self, data):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def fdopen(handle, *args, **kwargs):
        calls.append(handle)
        stream = real_fdopen(handle, *args, **kwargs)
        return FullDisk(stream) if len(calls) == 2 else stream

    monkeypatch.setattr(output.os, "fdopen", fdopen)
    result = build_in_process(changed_agreement(tmp_path), out)
    assert len(calls) == 2
    assert result.exit_code == 2
    assert "No space left on device" in result.output and str(out) in result.output
    assert contents(out) == before


@contextlib.contextmanager
def folder(path: Path):
    path.mkdir()
    yield path


@pytest.mark.skipif(not hasattr(os, "geteuid"), reason="POSIX permissions")
def test_a_read_only_output_folder_is_a_clear_error(clean, tmp_path, monkeypatch) -> None:
    """Read-only for real: a tmpfs remounted read-only as root (root ignores permissions),
    the folder's permissions otherwise."""
    monkeypatch.chdir(tmp_path)
    root = os.geteuid() == 0
    with tmpfs(tmp_path / "disk", "2m") if root else folder(tmp_path / "disk") as disk:
        out = disk / "out"
        assert build_in_process(ONE, out).exit_code == 0
        before = contents(out)
        if root:
            done = subprocess.run(["mount", "-o", "remount,ro", str(disk)], capture_output=True)
            if done.returncode != 0:
                pytest.skip("cannot remount the tmpfs read-only")
        else:
            out.chmod(0o555)
        try:
            result = build_in_process(changed_agreement(tmp_path), out)
        finally:
            if not root:
                out.chmod(0o755)
        assert result.exit_code == 2
        assert f"cannot write to {out}" in result.output
        assert "Traceback" not in result.output
        assert contents(out) == before


def test_an_unwritable_folder_anywhere_is_a_clear_error(tmp_path, monkeypatch) -> None:
    """Whoever runs the tests (root ignores permissions): the refusal comes from the OS."""
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "out"
    assert build_in_process(ONE, out).exit_code == 0
    before = contents(out)

    def refuse(*args, **kwargs):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    monkeypatch.setattr(output.tempfile, "mkstemp", refuse)
    result = build_in_process(changed_agreement(tmp_path), out)
    assert result.exit_code == 2
    assert f"cannot write to {out}: Read-only file system" in result.output
    assert contents(out) == before


# --- two builds at once -------------------------------------------------------------------------

ROUNDS = 3


def test_parallel_builds_into_one_folder_never_interleave(clean, tmp_path) -> None:
    documents, _ = clean
    for round_ in range(ROUNDS):
        out = tmp_path / f"round{round_}"
        processes = [
            subprocess.Popen(
                build_command(AGREEMENTS, out, *extra),
                cwd=tmp_path,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
            for extra in ((), ("--jobs", "2"))
        ]
        for process in processes:
            _, errors = process.communicate(timeout=300)
            assert process.returncode == 0, errors.decode()
        assert contents(out) == documents, f"round {round_}"
