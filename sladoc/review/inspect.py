"""Whether a built document is stale: its provenance compared with its inputs on disk.

May import: :mod:`sladoc.agreement`, :mod:`sladoc.document`, :mod:`sladoc.review.textconv`,
:mod:`sladoc.errors`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from sladoc import __version__
from sladoc.agreement.loader import MAX_FILE_BYTES
from sladoc.agreement.validate import load_agreement
from sladoc.document.provenance import (
    CONTENT_SHA256,
    LAYOUT,
    SOURCE,
    SOURCE_SHA256,
    TEMPLATE_SHA256,
    find_source,
    work_tree_root,
)
from sladoc.document.templateset import TemplateSet
from sladoc.errors import InputError
from sladoc.review.textconv import content_digest, document_properties


def _escapes_work_tree(found: Path, document: Path | str) -> bool:
    """Whether a document inside a git work tree records a source outside it (a committed
    document could name ``../../etc/passwd``, which would then be read and hashed)."""
    root = work_tree_root(Path(document).resolve().parent)
    if root is None:
        return False  # built outside any repository: paths relative to the folder it was in
    try:
        found.resolve().relative_to(root.resolve())
    except ValueError:
        return True
    return False


@dataclass(frozen=True)
class Inspection:
    """What a document records and whether it still matches its inputs.

    ``source`` is the file the recorded path was found at (None when it was not found);
    ``source_state``: ``same``, ``changed`` or ``missing``; ``template_state``: ``same``,
    ``changed``, or ``unknown`` when the source cannot say which templates apply (it is
    missing or no longer valid). ``current_version`` is this sladoc's version; a document
    built by another version is reported, not counted as stale.
    """

    document: str
    properties: dict[str, str]
    source: str | None
    source_state: Literal["same", "changed", "missing"]
    template_state: Literal["same", "changed", "unknown"]
    templates: str
    current_version: str
    content_state: Literal["same", "edited", "unrecorded"] = "unrecorded"
    note: str = ""
    layout: str = ""
    """The layout the document was drawn in when it is not the one its source names (it
    was built with ``--layout``): "" otherwise."""

    @property
    def stale(self) -> bool:
        return (
            self.source_state != "same"
            or self.template_state == "changed"
            or self.content_state == "edited"
        )


def inspect(
    path: Path | str, templates: Path | None = None, source: Path | str | None = None
) -> Inspection:
    """Read a document's provenance and compare it with its inputs on disk: the source's
    bytes (sha256) and the templates (``templates``, default sladoc's own). ``source``
    overrides where the source file is looked for. Raises InputError when ``path`` is not a
    sladoc document, UsageError for a ``templates`` folder that is not one."""
    properties = document_properties(path)
    content = _content_state(path, properties)
    template_set = TemplateSet.at(Path(templates) if templates is not None else None)
    folder = template_set.folder
    found = Path(source) if source is not None else find_source(properties[SOURCE], path)
    if source is None and found is not None and _escapes_work_tree(found, path):
        return Inspection(
            str(path),
            properties,
            None,
            "missing",
            "unknown",
            str(folder),
            __version__,
            content,
            f"the recorded source {properties[SOURCE]} lies outside the document's work "
            "tree; it was not read (give --source FILE to compare with it)",
        )
    if found is None or not found.is_file():
        return Inspection(
            str(path), properties, None, "missing", "unknown", str(folder), __version__, content
        )
    with open(found, "rb") as handle:
        raw = handle.read(MAX_FILE_BYTES + 1)  # larger than any agreement: "changed"
    same = hashlib.sha256(raw).hexdigest() == properties[SOURCE_SHA256]
    note = layout = ""
    try:
        agreement, _ = load_agreement(found)
    except InputError:
        template_state: Literal["same", "changed", "unknown"] = "unknown"
        note = f"{found} is not a valid agreement now; run `sladoc validate {found}`"
    else:
        # both languages for the side-by-side document of an agreement in two, one for the
        # document of one of its languages (``<id>.<language>.pdf``)
        languages = agreement.languages
        drawn = properties.get(LAYOUT) or agreement.layout_name
        if drawn != agreement.layout_name:
            layout = drawn
        digests = {template_set.digest(agreement.kind, *languages, layout=drawn)}
        digests.update(
            template_set.digest(agreement.kind, language, layout=drawn) for language in languages
        )
        template_state = "same" if properties[TEMPLATE_SHA256] in digests else "changed"
    return Inspection(
        str(path),
        properties,
        str(found),
        "same" if same else "changed",
        template_state,
        str(folder),
        __version__,
        content,
        note,
        layout,
    )


def _content_state(
    path: Path | str, properties: dict[str, str]
) -> Literal["same", "edited", "unrecorded"]:
    recorded = properties.get(CONTENT_SHA256)
    if recorded is None:
        return "unrecorded"
    return "same" if content_digest(path, recorded) == recorded else "edited"
