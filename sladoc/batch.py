"""Running work in several processes: how many, how they start, and how long each lives.

The one batching module: ``build`` and ``check`` both go through :func:`ordered`, and
spread files over processes (the work is CPU-bound Python, so
threads would not help). Results always come back in input order, so the output does not
depend on how many processes there were.

May import: :mod:`sladoc.errors`.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from sladoc.errors import SladocError

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

# multiprocessing and concurrent.futures are imported where processes start: a run that
# stays in one process (one agreement checked, --help) does not pay for them.

AUTO = 0
"""``--jobs 0`` (the default): as many processes as the work can use, up to the CPUs."""

RECYCLE_AFTER = 20
"""Agreements one build process renders before a fresh one takes over. The document
libraries free what they allocate, but glibc keeps the freed memory scattered, so a
long-lived process's resident size creeps up with every agreement (100 MiB after 100, 122
after 500, with no live data growing). A fresh process costs about 0.15 s (fonts and
templates parsed again), about 2 % of a batch's time at this interval; every 50 cost 1 %
but let the peak drift up with the number of rounds (88, 103 and 107 MiB for 100, 500
and 1,000 agreements, against 89 and 95 MiB for 100 and 500 at 20)."""


Result = TypeVar("Result")


def ordered(
    function: Callable[..., Result],
    tasks: Sequence[tuple[Any, ...]],
    jobs: int,
    *,
    items_per_process: int = 1,
    slices_per_process: int | None = None,
    recycle_after: int | None = None,
    preload: Callable[[], None] | None = None,
) -> Iterator[Result]:
    """``function(*task)`` for each task, yielded in task order: in this process when one
    process is enough, else in ``jobs`` worker processes (0: as many as the work can use,
    one for each ``items_per_process`` tasks, up to the CPUs).

    ``slices_per_process``: hand each worker contiguous slices of the tasks, that many per
    process (so one slow slice does not leave a core idle), rather than one task at a time,
    whose round trips would cost more than a quick task. ``recycle_after``: tasks a worker
    does before a fresh one takes over (see :data:`RECYCLE_AFTER`); a long run stays in
    fresh processes even with one job. ``preload`` runs here before the workers start, so
    forked ones inherit what it imports. ``function`` must be a module-level function."""
    processes = process_count(jobs, len(tasks), items_per_process)
    if processes == 1 and (recycle_after is None or len(tasks) <= recycle_after):
        for task in tasks:
            yield function(*task)
        return
    if preload is not None:
        preload()
    if slices_per_process is None:
        yield from run_ordered(function, list(tasks), processes, recycle_after)
        return
    size = -(-len(tasks) // (processes * slices_per_process))
    slices = [(function, tasks[start : start + size]) for start in range(0, len(tasks), size)]
    for results in run_ordered(_call_each, slices, processes, recycle_after):
        yield from results


def _call_each(function: Callable[..., Result], tasks: Sequence[tuple[Any, ...]]) -> list[Result]:
    return [function(*task) for task in tasks]


def usable_cpus() -> int:
    """The CPUs this process may run on (a container's or ``taskset``'s limit included)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # macOS, Windows
        return os.cpu_count() or 1


def process_count(requested: int, tasks: int, tasks_per_process: int = 1) -> int:
    """How many processes to use for ``tasks`` pieces of work: ``requested`` if given
    (never more than there are tasks), else one per usable CPU, as long as each process
    gets at least ``tasks_per_process`` of them (starting a process costs more than
    checking a few files in the one already running)."""
    if requested != AUTO:
        return max(1, min(requested, tasks))
    return max(1, min(usable_cpus(), tasks // max(1, tasks_per_process)))


def forkable() -> bool:
    """Whether worker processes can be forked: a forked worker starts at once, a spawned
    one imports everything again, which costs more than one document takes to render."""
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()


def context() -> Any:
    """Fork where the platform has it: workers then inherit the modules the parent has
    already imported instead of importing them again."""
    import multiprocessing

    return multiprocessing.get_context("fork" if forkable() else "spawn")


def executor(
    processes: int, initializer: Callable[..., None] | None = None, initargs: tuple[Any, ...] = ()
) -> ProcessPoolExecutor:
    """A pool of worker processes. Not ``multiprocessing.Pool``: when a worker dies (the
    out-of-memory killer, a crash in a C library) its task is lost and the pool waits for
    it forever, where this one raises ``BrokenProcessPool``. Its workers ignore Ctrl-C
    (SIGINT, which a terminal sends the whole process group): this process gets it, lets
    the agreements in hand finish (so no half-written file is left), drops the rest and
    exits with 130, instead of every worker printing a traceback of its own. (A handler
    that raises must never be given to a worker: an exception at an arbitrary point can
    leave a queue's lock taken, and the pool then waits forever.)"""
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(
        processes,
        mp_context=context(),
        initializer=_start_worker,
        initargs=(os.getpid(), initializer, initargs),
    )


WATCH_INTERVAL = 0.25
"""Seconds between a worker's checks that the process which started it is still alive."""


def _start_worker(
    parent: int, initializer: Callable[..., None] | None, initargs: tuple[Any, ...]
) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    watch_parent(parent)
    if initializer is not None:
        initializer(*initargs)


def watch_parent(parent: int) -> None:
    """End this worker as soon as ``parent`` is gone, however it went (SIGKILL from a CI
    timeout or the out-of-memory killer, SIGTERM, a crash). A forked worker holds the write
    end of its own task pipe, so it would never see end-of-file and would wait for a task
    for ever. On Linux the kernel sends it SIGKILL when the parent dies
    (``PR_SET_PDEATHSIG``); everywhere, a daemon thread checks every
    :data:`WATCH_INTERVAL` seconds that the worker was not handed to another parent."""
    _kill_with_parent()
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(1)
    import threading

    def watch() -> None:
        import time

        while os.getppid() == parent:
            time.sleep(WATCH_INTERVAL)
        os._exit(1)

    try:
        threading.Thread(target=watch, name="sladoc-parent-watch", daemon=True).start()
    except RuntimeError:  # no memory for the thread's stack (a tight ulimit -v)
        if not sys.platform.startswith("linux"):
            raise MemoryError from None
        # the kernel's PR_SET_PDEATHSIG above already ends this worker with its parent


def _kill_with_parent() -> None:
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # no libc to ask: the watching thread still ends it
        pass


def run_ordered(
    function: Callable[..., Any],
    tasks: list[tuple[Any, ...]],
    processes: int,
    recycle_after: int | None = None,
) -> Iterator[Any]:
    """``function(*task)`` for each task in ``processes`` worker processes, yielded in task
    order. With ``recycle_after``, the tasks go to fresh workers in rounds of
    ``processes * recycle_after``, so that no worker lives much longer than that. Raises
    SladocError when a worker dies. ``function`` must be a module-level function (workers
    find it by name)."""
    from concurrent.futures.process import BrokenProcessPool

    size = len(tasks) if recycle_after is None else processes * recycle_after
    for start in range(0, len(tasks), max(1, size)):
        workers = executor(processes)
        try:
            yield from workers.map(
                _call, [(function, task) for task in tasks[start : start + size]]
            )
        except BrokenProcessPool:
            raise SladocError(
                "a worker process died (killed, or out of memory?); run again "
                "with --jobs 1 to see which file it was working on"
            ) from None
        finally:  # on Ctrl-C too: drop the tasks not started, let the running ones finish
            workers.shutdown(wait=True, cancel_futures=True)


def _call(task: tuple[Callable[..., Any], tuple[Any, ...]]) -> Any:
    function, arguments = task
    return function(*arguments)
