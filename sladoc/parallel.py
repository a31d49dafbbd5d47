"""Running work in several processes: how many, how they start, and how long each lives.

``build`` and ``check`` spread files over processes (the work is CPU-bound Python, so
threads would not help). Results always come back in input order, so the output does not
depend on how many processes there were.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Callable, Iterator
from typing import Any

AUTO = 0
"""``--jobs 0`` (the default): as many processes as the work can use, up to the CPUs."""

RECYCLE_AFTER = 50
"""Agreements one build process renders before a fresh one takes over. The document
libraries free what they allocate, but glibc keeps the freed memory scattered, so a
long-lived process's resident size creeps up with every agreement (100 MiB after 100, 122
after 500, with no live data growing). A fresh process costs about 0.15 s (fonts and
templates parsed again), 3 ms an agreement at this interval."""


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


def pool(processes: int, recycle_after: int | None = None,
         initializer: Callable[..., None] | None = None, initargs: tuple = ()) -> Any:
    """A ``multiprocessing`` pool whose workers ignore Ctrl-C (SIGINT, which a terminal
    sends the whole process group): this process gets it, stops the pool (``with`` does)
    and exits with 130, instead of every worker printing a traceback of its own. Workers
    must not be given handlers that raise: an exception at an arbitrary point of a worker
    can leave the pool's queue lock taken, and stopping the pool then waits forever."""
    return context().Pool(processes, _start_worker, (initializer, initargs),
                          maxtasksperchild=recycle_after)


def _start_worker(initializer: Callable[..., None] | None, initargs: tuple) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if initializer is not None:
        initializer(*initargs)


def _call(task: tuple[Callable[..., Any], tuple]) -> Any:
    function, arguments = task
    return function(*arguments)


def run_ordered(function: Callable[..., Any], tasks: list[tuple], processes: int,
                recycle_after: int | None = None) -> Iterator[Any]:
    """``function(*task)`` for each task in ``processes`` worker processes, yielded in task
    order as they finish. Each worker is replaced by a fresh one after ``recycle_after``
    tasks. ``function`` must be a module-level function (workers find it by name)."""
    with pool(processes, recycle_after) as workers:
        yield from workers.imap(_call, [(function, task) for task in tasks], chunksize=1)
