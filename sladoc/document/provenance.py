"""What a built document records about how it was made, and how its source path is named.

Inputs only, never the clock or the machine, so the bytes stay reproducible. The one owner
of the property names: the writers store them, :mod:`sladoc.review` reads them back.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from sladoc import __version__
from sladoc.document.templateset import TemplateSet

VERSION = "sladoc-version"
SOURCE = "sladoc-source"
SOURCE_SHA256 = "sladoc-source-sha256"
TEMPLATE_SHA256 = "sladoc-template-sha256"
LAYOUT = "sladoc-layout"
PROPERTIES = (VERSION, SOURCE, SOURCE_SHA256, TEMPLATE_SHA256, LAYOUT)
"""What every sladoc document records about its inputs."""

CONTENT_SHA256 = "sladoc-content-sha256"
"""The document's own digest, so that an edit made to the document after it was built is
seen (documents built before sladoc recorded it have none). Written as :data:`UNSEALED`
and replaced by the digest once the rest of the file is final (:func:`seal`)."""
UNSEALED = "0" * 64
DOCX_PROPERTIES_PART = "docProps/custom.xml"

Properties = tuple[tuple[str, str], ...]


def work_tree_root(folder: Path) -> Path | None:
    """The root of the git work tree holding ``folder`` (the nearest folder with a ``.git``
    entry, a folder or, in worktrees and submodules, a file), or None. Found without running
    git, so building needs no git."""
    folder = Path(os.path.abspath(folder))
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():
            return candidate
    return None


def recorded_source(source_path: Path | str) -> str:
    """How a document names its source: the path relative to the root of the git work tree
    that holds the file, else relative to the current folder; POSIX separators, no ``./``.

    So ``agreements/x.yaml``, ``./agreements/x.yaml``, an absolute path, or ``x.yaml`` run
    from inside ``agreements/`` all record ``agreements/x.yaml`` and give the same bytes,
    and ``sladoc inspect`` finds the source again from anywhere in the repository.
    """
    absolute = Path(os.path.abspath(source_path))
    base = work_tree_root(absolute.parent) or Path(os.getcwd())
    try:
        return Path(os.path.relpath(absolute, base)).as_posix()
    except ValueError:  # Windows: the file is on another drive than the base
        return absolute.as_posix()


def find_source(recorded: str, document: Path | str) -> Path | None:
    """Where a recorded source path points now: relative to the work tree of the document,
    the work tree of the current folder, and the current folder, in that order (see
    :func:`recorded_source`)."""
    if Path(recorded).is_absolute():
        return Path(recorded) if Path(recorded).is_file() else None
    bases = [work_tree_root(Path(document).parent), work_tree_root(Path.cwd()), Path.cwd()]
    for base in dict.fromkeys(b for b in bases if b is not None):
        candidate = base / recorded
        if candidate.is_file():
            return candidate
    return None


def provenance(
    source_path: Path | str,
    source_bytes: bytes,
    templates: TemplateSet,
    kind: str,
    *languages: str,
    layout: str,
) -> Properties:
    """The properties a document of ``kind`` in ``languages`` (English when none is given)
    drawn in ``layout`` built from ``source_bytes`` records. The source path is normalised by
    :func:`recorded_source`, so how it was typed does not change the bytes."""
    return (
        (VERSION, __version__),
        (SOURCE, recorded_source(source_path)),
        (SOURCE_SHA256, hashlib.sha256(source_bytes).hexdigest()),
        (TEMPLATE_SHA256, templates.digest(kind, *languages, layout=layout)),
        (LAYOUT, layout),
        (CONTENT_SHA256, UNSEALED),
    )


def parts_digest(parts: dict[str, bytes]) -> str:
    """The digest of a DOCX's parts (name and content, by name), the properties part that
    holds the digest left out: the zip's compression and dates do not count, its contents
    do."""
    digest = hashlib.sha256()
    for name in sorted(parts):
        if name != DOCX_PROPERTIES_PART:
            content = parts[name]
            digest.update(f"{name}\0{len(content)}\0".encode())
            digest.update(content)
    return digest.hexdigest()


ANCHORS = {
    "pdf": f"/{CONTENT_SHA256} (".encode("ascii"),
    "html": f'<meta name="{CONTENT_SHA256}" content="'.encode("ascii"),
}
"""What stands before the digest in a flat file: the property's name in a PDF's
information dictionary or an HTML head's ``<meta>`` (text that quotes the name is written
as a string in a PDF, escaped in HTML, so it never looks like this)."""


def seal(data: bytes, anchor: bytes) -> bytes:
    """A flat file (a PDF) with its :data:`UNSEALED` digest, written right after
    ``anchor``, replaced by the digest of the file as written so far."""
    return _swap(data, anchor, UNSEALED, hashlib.sha256(data).hexdigest())


def sealed_digest(data: bytes, anchor: bytes, recorded: str) -> str:
    """The digest a file sealed with :func:`seal` should record: its digest with the
    ``recorded`` one put back to :data:`UNSEALED`. Equal to ``recorded`` exactly when the
    file is as it was written."""
    return hashlib.sha256(_swap(data, anchor, recorded, UNSEALED)).hexdigest()


def _swap(data: bytes, anchor: bytes, old: str, new: str) -> bytes:
    where = data.find(anchor + old.encode("ascii"))
    if where < 0:
        return data
    start = where + len(anchor)
    return data[:start] + new.encode("ascii") + data[start + len(old) :]
