"""Noticing that files were saved: a poll of their sizes and modification times.

Polling needs nothing from the platform (no inotify) and costs a few ``stat`` calls per
tick for an agreement and its templates folder. A changed stamp is only the signal to look
again: what is rebuilt is decided by content (the provenance the documents record), so a
``touch`` rebuilds nothing and an edit that keeps the time still shows when the next
change of any file comes.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Sequence
from pathlib import Path

INTERVAL = 0.1
"""Seconds between two looks at the files: well under the 300 ms an author waits."""

SETTLE = 0.02
"""Seconds the files must stay as they are after a change before it counts: an editor
that truncates a file and then writes it is not caught half-way (an empty file)."""

Stamps = dict[str, tuple[int, int]]


def stamps(paths: Sequence[Path], skip: Sequence[Path] = ()) -> Stamps:
    """The (modification time, size) of every file at or under ``paths``, but not under
    ``skip`` (a build's output folder); folders are searched without following links, a
    path that is missing is simply absent."""
    found: Stamps = {}
    skipped = {os.path.abspath(path) for path in skip}
    pending = [str(path) for path in paths]
    while pending:
        here = pending.pop()
        try:
            info = os.stat(here)
        except OSError:
            continue
        if os.path.abspath(here) in skipped:
            continue
        if os.path.isdir(here):
            try:
                with os.scandir(here) as entries:
                    for entry in entries:
                        if entry.is_dir(follow_symlinks=False):
                            pending.append(entry.path)
                        elif entry.is_file():
                            stat = entry.stat()
                            found[entry.path] = (stat.st_mtime_ns, stat.st_size)
            except OSError:
                continue
        else:
            found[here] = (info.st_mtime_ns, info.st_size)
    return found


class Watcher:
    """Waits until a file at or under ``paths`` (but not under ``skip``) is added, removed
    or saved."""

    def __init__(
        self,
        paths: Sequence[Path],
        interval: float = INTERVAL,
        sleep: Callable[[float], None] = time.sleep,
        skip: Sequence[Path] = (),
    ) -> None:
        self.paths = list(paths)
        self.skip = list(skip)
        self.interval = interval
        self._sleep = sleep
        self._seen = stamps(self.paths, self.skip)

    def changed(self) -> bool:
        """Whether anything changed since the last look (and remember this look)."""
        now = stamps(self.paths, self.skip)
        if now == self._seen:
            return False
        self._seen = now
        return True

    def settled_change(self) -> bool:
        """Whether anything changed since the last look; when so, return only once the
        files have stayed the same for :data:`SETTLE` seconds."""
        if not self.changed():
            return False
        self._sleep(SETTLE)
        while self.changed():
            self._sleep(SETTLE)
        return True

    def wait(self) -> None:
        """Return once something changed (and settled)."""
        while not self.settled_change():
            self._sleep(self.interval)
