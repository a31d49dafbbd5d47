"""No worker outlives its parent: the parent of every kind of worker (a lone build's PDF
worker, a parallel build's workers, a parallel check's workers) is killed with SIGKILL (a
CI timeout, the out-of-memory killer) or SIGTERM at random moments while the workers are
busy, and within a few seconds no process of the run remains.

Each run starts in a session of its own, so "a process of the run" is any process whose
session id is the parent's pid. Linux only (it reads /proc).
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import ROOT

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/stat").exists(), reason="reads processes from /proc"
)

ONE = ROOT / "agreements" / "acme-cloud-hosting.yaml"
GRACE = 5.0
"""Seconds the workers get to notice that their parent is gone."""


def _stat(pid: str) -> tuple[int, int] | None:
    """(parent pid, session id) of a process, None once it is gone or a zombie."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2 :].split()
    if fields[0] == "Z":
        return None
    return int(fields[1]), int(fields[3])


def session(sid: int) -> list[int]:
    """The live processes of session ``sid``."""
    found = []
    for name in os.listdir("/proc"):
        if name.isdigit():
            stat = _stat(name)
            if stat is not None and stat[1] == sid:
                found.append(int(name))
    return found


def children(pid: int) -> list[int]:
    return [
        int(name)
        for name in os.listdir("/proc")
        if name.isdigit() and (_stat(name) or (0, 0))[0] == pid
    ]


def kill_mid_work(
    command: list[str], cwd: Path, rng: random.Random, sig: int, latest: float = 0.4
) -> int:
    """Start ``command``, wait until it has worker processes, kill the parent alone with
    ``sig`` at a random moment up to ``latest`` seconds later while they are still there,
    and return how many workers there were when the signal landed (0 when the work was
    over before that moment: no signal was sent). Asserts that no process of the run
    remains after :data:`GRACE` seconds."""
    parent = subprocess.Popen(
        command,
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while not children(parent.pid):
            assert parent.poll() is None, "the run ended before any worker started"
            assert time.monotonic() < deadline, "no worker started"
            time.sleep(0.005)
        time.sleep(rng.uniform(0, latest))
        workers = children(parent.pid)
        if not workers or parent.poll() is not None:
            parent.wait(timeout=60)  # too late: the work was done, nothing to learn
            return 0
        os.kill(parent.pid, sig)
        # The kill landed while work was in flight: the parent had not finished and had
        # workers (it stops them itself once the work is done).
        assert parent.wait(timeout=30) == -sig, "the run finished before the signal"
        assert workers, "the signal landed after the workers had ended"
        deadline = time.monotonic() + GRACE
        while session(parent.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        left = session(parent.pid)
        assert not left, f"processes {left} outlived their parent ({command[3:5]})"
        return len(workers)
    finally:
        for pid in session(parent.pid):
            os.kill(pid, signal.SIGKILL)
        if parent.poll() is None:
            parent.kill()
            parent.wait()


@pytest.fixture(scope="module")
def many(tmp_path_factory) -> Path:
    """Forty agreements with ids of their own (a parallel build, a parallel check)."""
    folder = tmp_path_factory.mktemp("many")
    text = ONE.read_text(encoding="utf-8")
    for number in range(40):
        (folder / f"a{number}.yaml").write_text(
            text.replace("id: acme-cloud-hosting", f"id: acme-{number}"), encoding="utf-8"
        )
    return folder


@pytest.fixture(scope="module")
def lots(tmp_path_factory) -> Path:
    """Six hundred agreements to check."""
    folder = tmp_path_factory.mktemp("lots")
    text = ONE.read_text(encoding="utf-8")
    for number in range(600):
        (folder / f"a{number}.yaml").write_text(text, encoding="utf-8")
    return folder


def sladoc(*args: object) -> list[str]:
    return [sys.executable, "-m", "sladoc", *map(str, args)]


def kill_runs(command, cwd: Path, rng: random.Random, sig: int, workers: int, times: int) -> None:
    """Kill ``times`` runs of ``command(attempt)`` mid-work, each time asserting that the
    signal landed while ``workers`` workers were running and that none outlived the parent.
    A moment drawn after the work had ended (a fast machine) is drawn again, sooner."""
    landed, latest = 0, 0.4
    for attempt in range(4 * times):
        found = kill_mid_work(command(attempt), cwd, rng, sig, latest)
        if found:
            assert found == workers
            landed += 1
            if landed == times:
                return
        else:
            latest /= 2
    raise AssertionError(f"only {landed} of {times} kills landed while the work was running")


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM], ids=["KILL", "TERM"])
def test_a_lone_builds_pdf_worker_dies_with_its_parent(tmp_path, sig):
    rng = random.Random(22 + sig)

    def command(attempt: int) -> list[str]:
        out = tmp_path / f"out{attempt}"
        return sladoc("build", ONE, "--format", "docx,pdf", "--out", out, "--jobs", "2")

    kill_runs(command, tmp_path, rng, sig, workers=1, times=4)


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM], ids=["KILL", "TERM"])
def test_a_parallel_builds_workers_die_with_their_parent(tmp_path, many, sig):
    rng = random.Random(23 + sig)

    def command(attempt: int) -> list[str]:
        out = tmp_path / f"out{attempt}"
        shutil.rmtree(out, ignore_errors=True)
        return sladoc("build", many, "--format", "docx,pdf,md", "--out", out, "--jobs", "2")

    kill_runs(command, tmp_path, rng, sig, workers=2, times=3)


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM], ids=["KILL", "TERM"])
def test_a_parallel_checks_workers_die_with_their_parent(tmp_path, lots, sig):
    rng = random.Random(24 + sig)
    kill_runs(lambda _: sladoc("check", lots, "--jobs", "2"), tmp_path, rng, sig, 2, times=3)
