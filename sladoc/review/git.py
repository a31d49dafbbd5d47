"""Git, read only: a file as committed at a revision, and the settings that make ``git diff``
show built documents as text. Git runs as a subprocess with argument lists, never through
a shell. Nothing here changes a repository: :func:`setup_plan` says what to change and the
CLI applies it.

May import: :mod:`sladoc.agreement`, :mod:`sladoc.errors`.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from sladoc.agreement.loader import MAX_FILE_BYTES
from sladoc.errors import LoadError, Position, Problem, UsageError


def committed_bytes(path: Path | str, rev: str = "HEAD") -> tuple[str, bytes]:
    """``(REV:path, bytes)`` of a file as committed at ``rev`` (what ``git show REV:path``
    prints, read with ``git cat-file`` so no textconv or filter can change it), the path
    taken relative to the root of the work tree that holds the file."""
    if rev.startswith("-"):
        # git would read it as an option (--end-of-options needs git 2.24)
        raise UsageError(f"{rev!r} is not a revision")
    absolute = Path(path).resolve()
    root = Path(
        _git_text(
            ["rev-parse", "--show-toplevel"],
            absolute.parent,
            f"{path}: not inside a git repository",
        )
    ).resolve()
    try:
        relative = absolute.relative_to(root).as_posix()
    except ValueError:
        raise UsageError(f"{path}: outside the git work tree {root}") from None
    _git_text(
        ["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"],
        root,
        f"unknown revision {rev!r} in the repository at {root}",
    )
    name = f"{rev}:{relative}"
    kind = _git(["cat-file", "-t", name], root)
    if kind.returncode != 0 or kind.stdout.strip() != b"blob":
        raise UsageError(f"{relative} does not exist in {rev}")
    # The size first: a huge blob is refused before a byte of it is read into memory.
    size = _git(["cat-file", "-s", name], root).stdout.strip()
    if not size.isdigit() or int(size) > MAX_FILE_BYTES:
        raise LoadError(
            [
                Problem(
                    Position(name),
                    f"is larger than {MAX_FILE_BYTES // 2**20} MiB; an agreement file is "
                    "a few kilobytes, so this is not one",
                )
            ]
        )
    return name, _git(["cat-file", "blob", name], root).stdout


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except FileNotFoundError:
        raise UsageError("git is not installed (or not on PATH)") from None
    except NotADirectoryError:
        raise UsageError(f"{cwd}: no such folder") from None


def _git_text(args: list[str], cwd: Path, failure: str) -> str:
    if not cwd.is_dir():
        raise UsageError(failure)
    done = _git(args, cwd)
    if done.returncode != 0:
        raise UsageError(failure)
    return os.fsdecode(done.stdout).strip()


DIFF_DRIVERS = {"sladoc-docx": "*.docx", "sladoc-pdf": "*.pdf"}


def git_settings(command: str = "sladoc textconv") -> tuple[list[tuple[str, str]], list[str]]:
    """The ``git config`` settings and ``.gitattributes`` lines that make ``git diff`` show
    generated documents as text."""
    config = [(f"diff.{driver}.textconv", command) for driver in DIFF_DRIVERS]
    attributes = [f"{pattern} diff={driver}" for driver, pattern in DIFF_DRIVERS.items()]
    # Merging: the document is rebuilt from the merged agreement (sladoc.review.merge).
    merger = command.removesuffix(" textconv") + " merge-document %O %A %B %P"
    for driver, pattern in DIFF_DRIVERS.items():
        config += [
            (f"merge.{driver}.name", "sladoc: rebuild from the merged agreement"),
            (f"merge.{driver}.driver", merger),
        ]
        attributes.append(f"{pattern} merge={driver}")
    return config, attributes


@dataclass(frozen=True)
class SetupPlan:
    """What :func:`setup_plan` found missing: config values to set in ``root``'s own
    config, and the new text of its ``.gitattributes`` (None when nothing is missing)."""

    root: Path
    config: list[tuple[str, str]]
    attributes_file: Path
    attributes_text: str | None
    added_lines: list[str]

    def changes(self) -> list[str]:
        """One sentence per change, as ``sladoc git-setup`` reports them."""
        return [f'git config {key} "{value}"' for key, value in self.config] + [
            f".gitattributes: added {line!r}" for line in self.added_lines
        ]


def setup_plan(folder: Path | str = ".", command: str = "sladoc textconv") -> SetupPlan:
    """What :func:`git_settings` needs changed in the repository holding ``folder``: each
    config value that differs, and the ``.gitattributes`` lines the work tree lacks.
    Raises UsageError outside a repository, or for a ``.gitattributes`` that is not a
    plain file (a committed symlink could point anywhere)."""
    folder = Path(folder)
    root = Path(
        _git_text(
            ["rev-parse", "--show-toplevel"],
            folder,
            f"{folder.resolve()}: not inside a git work tree",
        )
    )
    config, attributes = git_settings(command)
    to_set = []
    for key, value in config:
        current = _git(["config", "--local", "--get", key], root)
        if current.returncode == 0 and os.fsdecode(current.stdout).rstrip("\n") == value:
            continue
        to_set.append((key, value))
    file = root / ".gitattributes"
    if file.is_symlink() or (file.exists() and not file.is_file()):
        raise UsageError(f"{file}: not a plain file; sladoc will not write through it")
    text = file.read_text("utf-8") if file.is_file() else ""
    present = {" ".join(line.split()) for line in text.splitlines()}
    missing = [line for line in attributes if line not in present]
    new_text = None
    if missing:
        separator = "" if not text or text.endswith("\n") else "\n"
        new_text = text + separator + "".join(f"{line}\n" for line in missing)
    return SetupPlan(root, to_set, file, new_text, missing)
