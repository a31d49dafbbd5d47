"""Running work in several processes: how many, how they start, and how long each lives.

``build`` and ``check`` spread files over processes (the work is CPU-bound Python, so
threads would not help). Results always come back in input order, so the output does not
depend on how many processes there were.

May import: :mod:`sladoc.errors`.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from sladoc.errors import SladocError

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
    return "fork" in multiprocessing.get_all_start_methods()


def context() -> Any:
    """Fork where the platform has it: workers then inherit the modules the parent has
    already imported instead of importing them again."""
    return multiprocessing.get_context("fork" if forkable() else "spawn")


def executor(
    processes: int, initializer: Callable[..., None] | None = None, initargs: tuple = ()
) -> ProcessPoolExecutor:
    """A pool of worker processes. Not ``multiprocessing.Pool``: when a worker dies (the
    out-of-memory killer, a crash in a C library) its task is lost and the pool waits for
    it forever, where this one raises ``BrokenProcessPool``. Its workers ignore Ctrl-C
    (SIGINT, which a terminal sends the whole process group): this process gets it, lets
    the agreements in hand finish (so no half-written file is left), drops the rest and
    exits with 130, instead of every worker printing a traceback of its own. (A handler
    that raises must never be given to a worker: an exception at an arbitrary point can
    leave a queue's lock taken, and the pool then waits forever.)"""
    return ProcessPoolExecutor(
        processes, mp_context=context(), initializer=_start_worker, initargs=(initializer, initargs)
    )


def _start_worker(initializer: Callable[..., None] | None, initargs: tuple) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if initializer is not None:
        initializer(*initargs)


def run_ordered(
    function: Callable[..., Any],
    tasks: list[tuple],
    processes: int,
    recycle_after: int | None = None,
) -> Iterator[Any]:
    """``function(*task)`` for each task in ``processes`` worker processes, yielded in task
    order. With ``recycle_after``, the tasks go to fresh workers in rounds of
    ``processes * recycle_after``, so that no worker lives much longer than that. Raises
    SladocError when a worker dies. ``function`` must be a module-level function (workers
    find it by name)."""
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


def _call(task: tuple[Callable[..., Any], tuple]) -> Any:
    function, arguments = task
    return function(*arguments)
