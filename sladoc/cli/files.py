"""Writing output files safely, whole or not at all; and the one other change the CLI
makes, to a repository's git config (``sladoc git-setup``).

Each file is written to a temporary file in the target folder (``.<name>.<random>.part``),
flushed to disk, then renamed over the target. A rename within one folder is atomic, so a
reader (or a build killed half-way) sees the old file or the new one, never a truncated mix,
and two builds writing the same file never interleave bytes.

The documents of one agreement are written together (:func:`write_all`): every temporary
file is complete before the first rename, so a full disk or an unwritable folder leaves all
of them as they were, and the DOCX and the PDF never say different things because one was
updated and the other was not.

Only a build killed outright (SIGKILL, power loss) can leave a ``.part`` file behind; the
next build of the same target removes those that no running build is still writing, also
when it finds the target up to date and writes nothing (:func:`remove_stale`).
"""

from __future__ import annotations

import glob
import os
import tempfile
import time
from pathlib import Path

from sladoc.errors import OutputError

STALE_AFTER = 60.0
"""Seconds after which a temporary file belongs to no running build: writing one takes
milliseconds, so a younger one may be a parallel build's and is left alone."""


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically. Raises OutputError with a clear reason."""
    write_all({path: data})


def write_all(files: dict[Path, bytes]) -> None:
    """Write several files atomically and together: no target changes unless every one of
    them could be written in full. Raises OutputError naming the file or folder."""
    for path in files:
        # Checked before anything is written: a rename onto a folder fails, and by then
        # the documents renamed before it would already have replaced the old ones.
        if path.is_dir():
            raise OutputError(f"cannot write {path}: a folder of that name is in the way")
    pending: list[tuple[str, Path]] = []
    try:
        for path, data in files.items():
            pending.append((_write_temporary(path, data), path))
        while pending:
            temporary, path = pending[0]
            try:
                os.replace(temporary, path)
            except OSError as error:
                raise OutputError(f"cannot write {path}: {error.strerror or error}") from None
            pending.pop(0)
    except BaseException:
        # A failed write or an interruption (Ctrl-C) leaves no temporary file behind.
        for temporary, _ in pending:
            try:
                os.unlink(temporary)
            except OSError:
                pass
        raise


def _write_temporary(path: Path, data: bytes) -> str:
    """``data`` in a complete, flushed temporary file next to ``path``; its name."""
    folder = path.parent if str(path.parent) else Path(".")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        remove_stale(path)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)
    except OSError as error:
        raise OutputError(f"cannot write to {folder}: {error.strerror or error}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
    except BaseException as error:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        if isinstance(error, OSError):
            raise OutputError(f"cannot write {path}: {error.strerror or error}") from None
        raise
    return temporary


def remove_stale(path: Path) -> None:
    """Remove the temporary files of ``path`` that a killed build left behind."""
    now = time.time()
    folder = path.parent if str(path.parent) else Path(".")
    for part in folder.glob(f".{glob.escape(path.name)}.*.part"):
        try:
            if now - part.lstat().st_mtime > STALE_AFTER:
                part.unlink()
        except OSError:
            pass  # removed by another build meanwhile, or not ours to remove: no matter


def set_git_config(root: Path, key: str, value: str) -> None:
    """``git config --local key value`` in the repository at ``root`` (git-setup)."""
    import subprocess

    try:
        done = subprocess.run(
            ["git", "config", "--local", key, value], cwd=root, capture_output=True, check=False
        )
    except FileNotFoundError:
        raise OutputError("git is not installed (or not on PATH)") from None
    if done.returncode != 0:
        problem = os.fsdecode(done.stderr).strip() or "unknown error"
        raise OutputError(f"git config {key} failed: {problem}")
