"""Writing output files safely: whole or not at all.

Each file is written to a temporary file in the target folder, flushed to disk, then
renamed over the target. A rename within one folder is atomic, so a reader (or a build
killed half-way) sees the old file or the new one, never a truncated mix, and two builds
writing the same file never interleave bytes.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .errors import OutputError


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` atomically. Raises OutputError with a clear reason."""
    folder = path.parent if str(path.parent) else Path(".")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part",
                                             dir=folder)
    except OSError as error:
        raise OutputError(f"cannot write to {folder}: {error.strerror or error}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except OSError as error:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise OutputError(f"cannot write {path}: {error.strerror or error}") from None
    except BaseException:
        # Interrupted (Ctrl-C): leave no temporary file behind.
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise
