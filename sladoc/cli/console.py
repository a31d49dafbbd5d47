"""Everything the ``sladoc`` command prints goes through here: results on stdout, errors,
problems and notes on stderr, each in the one form the command always uses.

May import: :mod:`sladoc.errors`, typer, rich.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from typing import NoReturn, TypeVar

import typer

from sladoc.errors import Problem, SladocError

Item = TypeVar("Item")


def out(text: str | bytes, *, end: bool = True) -> None:
    """A result, on stdout (bytes go out as they are: git reads textconv as UTF-8)."""
    typer.echo(text, nl=end)


def err(text: str, *, end: bool = True) -> None:
    """A message for the person at the terminal, on stderr."""
    typer.echo(text, err=True, nl=end)


def problem_text(found: object) -> str:
    """One problem of an input: ``file:line:col: error: message [key path]``."""
    if isinstance(found, Problem):
        return f"{found.position}: error: {found.message}" + (
            f" [{found.path}]" if found.path else ""
        )
    # a data file's problem (sladoc report), where it is as ``file.csv:ROW:COLUMN``
    return f"{getattr(found, 'where', '')}: error: {getattr(found, 'message', found)}"


def problem(found: object) -> None:
    err(problem_text(found))


def problems(error: SladocError) -> bool:
    """Print the problems ``error`` carries, if it carries any; whether it did."""
    found = getattr(error, "problems", None)
    for each in found or ():
        problem(each)
    return bool(found)


def fail(message: str, code: int = 2) -> NoReturn:
    """``sladoc: error: message`` and exit (2: bad usage, unreadable or invalid input)."""
    err(f"sladoc: error: {message}")
    raise typer.Exit(code)


def failed(error: SladocError, code: int = 2) -> NoReturn:
    """Report ``error`` (its problems at their positions, else its message) and exit."""
    if problems(error):
        raise typer.Exit(code)
    fail(str(error), code)


def progress(items: Iterable[Item], total: int, label: str) -> Iterator[Item]:
    """``items`` as they come, with a progress bar on a terminal when there are several."""
    if total < 2 or not sys.stderr.isatty():
        yield from items
        return
    from rich.progress import Progress

    bar = Progress(transient=True)
    bar.start()
    try:
        task = bar.add_task(label, total=total)
        for item in items:
            yield item
            bar.advance(task)
    finally:
        bar.stop()
