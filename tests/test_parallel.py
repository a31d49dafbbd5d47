"""Work spread over processes: how many, in what order the results come back, workers
replaced as they age, and the same bytes and reports as in one process."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from sladoc import api
from sladoc import batch as parallel
from sladoc.agreement.validate import load_agreement
from sladoc.document.templateset import TemplateSet
from sladoc.errors import RenderError, SladocError, TemplateError

from .conftest import AGREEMENTS, ROOT

pytestmark = pytest.mark.skipif(not parallel.forkable(), reason="needs fork")


@given(requested=st.integers(0, 64), tasks=st.integers(0, 10_000), per_process=st.integers(1, 200))
def test_process_count_stays_within_the_request_the_tasks_and_the_cpus(
    requested: int, tasks: int, per_process: int
) -> None:
    count = parallel.process_count(requested, tasks, per_process)
    assert count >= 1
    if requested:
        assert count == max(1, min(requested, tasks))
    else:
        assert count <= parallel.usable_cpus()
        if count > 1:  # every process is given enough work to pay for starting it
            assert tasks // count >= per_process


def identify(index: int) -> tuple[int, int]:
    return index, os.getpid()


def test_results_come_in_task_order_and_workers_are_replaced_as_they_age() -> None:
    results = list(parallel.run_ordered(identify, [(i,) for i in range(7)], 1, recycle_after=2))
    assert [index for index, _ in results] == list(range(7))
    workers = [pid for _, pid in results]
    assert os.getpid() not in workers
    # one worker at a time, each doing two tasks: a new process every two results
    assert [len(set(workers[i : i + 2])) for i in range(0, 7, 2)] == [1, 1, 1, 1]
    assert len(set(workers)) == 4


def die_on(index: int, fatal: int) -> int:
    if index == fatal:
        os.kill(os.getpid(), signal.SIGKILL)  # as the out-of-memory killer would
    return index


def test_a_worker_that_dies_is_an_error_not_a_wait_forever() -> None:
    with pytest.raises(SladocError, match="worker process died"):
        list(parallel.run_ordered(die_on, [(i, 3) for i in range(8)], 2, recycle_after=2))


@pytest.mark.parametrize("path", AGREEMENTS[:2], ids=lambda p: p.stem)
def test_a_pdf_rendered_aside_is_the_same_document(path: Path) -> None:
    agreement, _ = load_agreement(path)
    formats = ("docx", "pdf", "md")
    with api.pdf_worker() as worker:
        aside = api.render_agreement(agreement, path, formats, pdf_worker=worker)
    assert aside == api.render_agreement(agreement, path, formats)


def test_a_pdf_rendered_aside_fails_as_it_would_here(tmp_path: Path) -> None:
    data = yaml.safe_load(api.starter("internal"))
    data["overview"] = "Deal \N{HANDSHAKE} done"
    path = tmp_path / "emoji.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    agreement, _ = load_agreement(path)
    with api.pdf_worker() as worker, pytest.raises(RenderError, match="U\\+1F91D HANDSHAKE"):
        api.render_agreement(agreement, path, ("docx", "pdf"), pdf_worker=worker)


def test_a_pdf_worker_with_a_broken_stylesheet_waits_to_report_it(tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    shutil.copytree(TemplateSet.default().folder, folder)
    (folder / "pdf-style.yaml").write_text("page: [not, a, mapping", "utf-8")
    agreement, _ = load_agreement(AGREEMENTS[0])
    with api.pdf_worker(folder) as worker, pytest.raises(TemplateError):
        api.render_agreement(agreement, AGREEMENTS[0], ("docx", "pdf"), folder, pdf_worker=worker)


def test_check_in_several_processes_gives_the_same_report(monkeypatch, tmp_path, generate) -> None:
    # generated drafts have findings, like real ones; the invalid fixtures have problems
    files = [*generate.generate(tmp_path, 12, seed=6), ROOT / "tests" / "invalid"]
    alone = api.check(files, jobs=1)
    monkeypatch.setattr(api, "CHECK_FILES_PER_PROCESS", 1)
    monkeypatch.setattr(parallel, "usable_cpus", lambda: 3)
    for jobs in (0, 2, 3):
        shared = api.check(files, jobs=jobs)
        assert shared.findings == alone.findings
        assert shared.invalid == alone.invalid
        assert shared.files == alone.files
    assert alone.findings and alone.invalid  # the comparison had something to compare


def test_ctrl_c_stops_a_parallel_build_quietly(tmp_path: Path, generate) -> None:
    generate.generate(tmp_path / "in", 24, seed=6)
    out = tmp_path / "out"
    build = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "sladoc",
            "build",
            str(tmp_path / "in"),
            "-o",
            str(out),
            "--jobs",
            "2",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while not (out.exists() and any(out.glob("*.pdf"))):  # the workers are at work
        assert build.poll() is None and time.monotonic() < deadline, build.stderr.read()
        time.sleep(0.02)
    os.killpg(build.pid, signal.SIGINT)  # what a terminal sends the whole group on Ctrl-C
    _, stderr = build.communicate(timeout=60)
    assert build.returncode == 130
    assert "Traceback" not in stderr and "PoolWorker" not in stderr, stderr
    assert len(list(out.glob("*.pdf"))) < 24  # it did stop
