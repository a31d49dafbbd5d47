"""Merging built documents: git's merge driver for DOCX and PDF contracts.

Two branches that both rebuilt a contract conflict on the document, a binary file git
cannot merge. The agreement it was built from is text, which git can. So the driver
(``sladoc merge-document %O %A %B %P``, set up by ``sladoc git-setup``) merges the
agreement as git merges it (``git merge-tree`` of HEAD and the other side, which git names
in its ``GITHEAD_<commit>`` variable for merge drivers),
and renders the document from the merged text, exactly as ``sladoc build`` would from the
merged file. When the agreement itself conflicts, is invalid, or the document was built
with templates other than sladoc's own, it gives up and git reports the conflict as usual.

May import: :mod:`sladoc.agreement`, :mod:`sladoc.document`, :mod:`sladoc.errors`.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from sladoc.errors import UsageError


@dataclass(frozen=True)
class MergedSource:
    """The agreement a document was built from, merged: its recorded path and text."""

    path: str
    text: bytes


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except FileNotFoundError:
        raise UsageError("git is not installed (or not on PATH)") from None


def other_side(environment: Mapping[str, str]) -> str | None:
    """The commit being merged in, from the ``GITHEAD_<commit>`` variable git sets."""
    heads = sorted(key[len("GITHEAD_") :] for key in environment if key.startswith("GITHEAD_"))
    ours = environment.get("SLADOC_MERGE_OURS")
    heads = [head for head in heads if head != ours]
    return heads[-1] if len(heads) == 1 else None


GUARD = "SLADOC_MERGE_DRIVER"
"""Set while the driver merges the agreement, so the drivers git runs inside that merge
(for the documents) give up at once instead of merging again."""


def merged_source(root: Path, source: str, theirs: str) -> MergedSource | None:
    """The agreement at ``source`` (relative to ``root``) as git merges HEAD and
    ``theirs`` (``git merge-tree``: in git's object store, the work tree untouched); None
    when it conflicts or git cannot say."""
    try:
        done = subprocess.run(
            ["git", "merge-tree", "--write-tree", "--name-only", "HEAD", theirs],
            cwd=root,
            capture_output=True,
            check=False,
            env={**os.environ, GUARD: "1"},
        )
    except FileNotFoundError:
        raise UsageError("git is not installed (or not on PATH)") from None
    if done.returncode not in (0, 1):
        return None
    lines = os.fsdecode(done.stdout).split("\n")
    tree, conflicted = lines[0].strip(), set()
    for line in lines[1:]:
        if not line:
            break
        conflicted.add(line)
    if not tree or source in conflicted:
        return None
    merged = _git(["cat-file", "blob", f"{tree}:{source}"], root)
    return MergedSource(source, merged.stdout) if merged.returncode == 0 else None
