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
from sladoc.agreement.validate import load_agreement
from sladoc.document.provenance import SOURCE, SOURCE_SHA256, TEMPLATE_SHA256, find_source
from sladoc.document.templateset import TemplateSet
from sladoc.errors import InputError
from sladoc.review.textconv import document_properties


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
    note: str = ""

    @property
    def stale(self) -> bool:
        return self.source_state != "same" or self.template_state == "changed"


def inspect(
    path: Path | str, templates: Path | None = None, source: Path | str | None = None
) -> Inspection:
    """Read a document's provenance and compare it with its inputs on disk: the source's
    bytes (sha256) and the templates (``templates``, default sladoc's own). ``source``
    overrides where the source file is looked for. Raises InputError when ``path`` is not a
    sladoc document, UsageError for a ``templates`` folder that is not one."""
    properties = document_properties(path)
    template_set = TemplateSet.at(Path(templates) if templates is not None else None)
    folder = template_set.folder
    found = Path(source) if source is not None else find_source(properties[SOURCE], path)
    if found is None or not found.is_file():
        return Inspection(
            str(path), properties, None, "missing", "unknown", str(folder), __version__
        )
    raw = found.read_bytes()
    same = hashlib.sha256(raw).hexdigest() == properties[SOURCE_SHA256]
    note = ""
    try:
        agreement, _ = load_agreement(found)
    except InputError:
        template_state: Literal["same", "changed", "unknown"] = "unknown"
        note = f"{found} is not a valid agreement now; run `sladoc validate {found}`"
    else:
        digest = template_set.digest(agreement.kind, agreement.language)
        template_state = "same" if digest == properties[TEMPLATE_SHA256] else "changed"
    return Inspection(
        str(path),
        properties,
        str(found),
        "same" if same else "changed",
        template_state,
        str(folder),
        __version__,
        note,
    )
