"""Merging built documents: git's merge driver for DOCX and PDF contracts.

Two branches that both rebuilt a contract conflict on the document, a binary file git
cannot merge. The agreement it was built from is text, which git can. So the driver
(``sladoc merge-document %O %A %B %P``, set up by ``sladoc git-setup``) merges the
agreement's three versions (the merge base, ours, theirs: the other side is in git's
``GITHEAD_<commit>`` variable, as git sets it for merge drivers) with ``git merge-file``,
and renders the document from the merged text, exactly as ``sladoc build`` would from the
merged file. When the agreement itself conflicts, is invalid, or the document was built
with templates other than sladoc's own, it gives up and git reports the conflict as usual.

May import: :mod:`sladoc.agreement`, :mod:`sladoc.document`, :mod:`sladoc.errors`.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
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


def _blob(root: Path, rev: str, path: str) -> bytes:
    done = _git(["cat-file", "blob", f"{rev}:{path}"], root)
    return done.stdout if done.returncode == 0 else b""


def merged_source(root: Path, source: str, theirs: str) -> MergedSource | None:
    """The agreement at ``source`` (relative to ``root``) merged from HEAD and ``theirs``
    over their merge base; None when it conflicts or git cannot say."""
    base = _git(["merge-base", "HEAD", theirs], root)
    if base.returncode != 0:
        return None
    versions = [
        _blob(root, rev, source) for rev in ("HEAD", os.fsdecode(base.stdout).strip(), theirs)
    ]
    if not versions[0] and not versions[2]:
        return None
    with tempfile.TemporaryDirectory(prefix="sladoc-merge-") as folder:
        names = []
        for name, data in zip(("ours", "base", "theirs"), versions, strict=True):
            file = Path(folder) / name
            file.write_bytes(data)
            names.append(str(file))
        done = _git(["merge-file", "-p", "--quiet", *names], root)
    if done.returncode != 0:  # conflicts (their count) or an error
        return None
    return MergedSource(source, done.stdout)
