"""Writers: one per output format, each a pure function ``(Document, Look) -> bytes``,
looked up by format name in :data:`WRITERS`.

Writers never write files, print or read the clock; the CLI decides where bytes go.
Importing this package is cheap: python-docx, docxtpl and reportlab are imported with the
writer modules, on the first call of a writer that needs them.

May import: :mod:`sladoc.document.tree`, :mod:`sladoc.document.sandbox`,
:mod:`sladoc.document.fonts`, :func:`sladoc.agreement.loader.load_plain_yaml` (the PDF
stylesheet), :mod:`sladoc.errors`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # importing the package stays cheap: `sladoc --help` and `check` load it
    from collections.abc import Callable
    from pathlib import Path

    from sladoc.document.tree import Document
    from sladoc.document.writers.common import Look

    Writer = Callable[[Document, Look], bytes]

# Each writer module imports its heavy library when first called, not when this package is.


def write_docx(doc: Document, look: Look) -> bytes:
    from sladoc.document.writers.docx import write_docx as write

    return write(doc, look)


def write_pdf(doc: Document, look: Look) -> bytes:
    from sladoc.document.writers.pdf import write_pdf as write

    return write(doc, look)


def write_markdown(doc: Document, look: Look) -> bytes:
    from sladoc.document.writers.markdown import write_markdown as write

    return write(doc, look)


def write_html(doc: Document, look: Look) -> bytes:
    from sladoc.document.writers.html import write_html as write

    return write(doc, look)


WRITERS: dict[str, Writer] = {
    "docx": write_docx,
    "pdf": write_pdf,
    "md": write_markdown,
    "html": write_html,
}


def write(fmt: str, doc: Document, look: Look) -> bytes:
    """The document in format ``fmt`` (a key of WRITERS); a plain function, so that another
    process can be asked to run it."""
    return WRITERS[fmt](doc, look)


def prepare_pdf(stylesheet: Path) -> None:
    """Import the PDF writer and read ``stylesheet`` and its fonts ahead of the first
    document (in a worker started early). Never raises: a broken stylesheet is reported by
    ``write_pdf`` with the document it stops."""
    try:
        from sladoc.document.writers.pdf import prepare

        prepare(stylesheet)
    except Exception:  # noqa: BLE001 - reported when the PDF is written
        pass
