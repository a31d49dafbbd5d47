"""Built documents read back: a stable text form of a DOCX, PDF or HTML edition for
``git diff``, and the properties (provenance) a document records.

May import: :mod:`sladoc.document`, :mod:`sladoc.errors`.
"""

from __future__ import annotations

import os
import stat
import unicodedata
import zipfile
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Literal, TypeVar

from sladoc.document.provenance import (
    ANCHORS,
    CONTENT_SHA256,
    PROPERTIES,
    VERSION,
    parts_digest,
    sealed_digest,
)
from sladoc.errors import InputError, Position, Problem

MAX_DOCUMENT_BYTES = 64 * 1024 * 1024
"""The largest DOCX or PDF read back (``textconv``, ``inspect``): 64 MiB. A contract
sladoc builds is well under 1 MiB."""

MAX_UNPACKED_BYTES = 256 * 1024 * 1024
"""The most a DOCX may unpack to (the sum of its parts' sizes): 256 MiB, against zip
bombs."""

Value = TypeVar("Value")


def _refuse(path: Path | str, message: str) -> InputError:
    return InputError([Problem(Position(str(path)), message)])


def _regular_file(path: Path | str) -> None:
    """Refuse, before opening it, a path that is not a regular file (a named pipe would
    block for ever, a device never ends) or is larger than :data:`MAX_DOCUMENT_BYTES`."""
    try:
        info = os.stat(path)
    except OSError as error:
        raise _refuse(path, f"cannot be read: {error.strerror or error}") from None
    if not stat.S_ISREG(info.st_mode):
        what = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file"
        raise _refuse(path, f"{what}; give a DOCX or PDF document")
    if info.st_size > MAX_DOCUMENT_BYTES:
        raise _refuse(
            path,
            f"{info.st_size:,} bytes, larger than the {MAX_DOCUMENT_BYTES // 2**20} MiB "
            "a document read back may have",
        )


def _guarded(path: Path | str, kind: str, read: Callable[[], Value]) -> Value:
    """``read()``, where anything the parsers raise on a broken or hostile file (a cut zip,
    XML that is not XML, nesting or text past lxml's limits, running out of memory) is
    "not a readable DOCX/PDF document". Third-party parsers raise many types here."""
    try:
        return read()
    except InputError:
        raise
    except (Exception, MemoryError) as error:
        detail = " ".join(str(error).split())[:200] or type(error).__name__
        raise _refuse(path, f"not a readable {kind} document: {detail}") from None


def _screen_docx(path: Path | str, only: str | None = None) -> None:
    """Refuse a DOCX whose parts unpack past :data:`MAX_UNPACKED_BYTES` or declare a DTD
    (Office never writes one; it is how entity amplification and external entities get
    in), before any XML parser sees it. ``only``: screen that part alone, the one to be
    read."""
    try:
        with zipfile.ZipFile(path) as archive:
            members = [m for m in archive.infolist() if only is None or m.filename == only]
            if sum(member.file_size for member in members) > MAX_UNPACKED_BYTES:
                raise _refuse(
                    path,
                    "not a readable DOCX document: it unpacks to more than "
                    f"{MAX_UNPACKED_BYTES // 2**20} MiB",
                )
            for member in members:
                if member.filename.endswith((".xml", ".rels")):
                    with archive.open(member) as part:
                        head = part.read(4096)
                    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                        raise _refuse(
                            path,
                            f"not a readable DOCX document: {member.filename} declares a "
                            "DTD (entities are not allowed)",
                        )
    except InputError:
        raise
    except (Exception, MemoryError) as error:
        detail = " ".join(str(error).split())[:200] or type(error).__name__
        raise _refuse(path, f"not a readable DOCX document: {detail}") from None


def document_type(path: Path | str) -> Literal["docx", "pdf", "html"]:
    """Whether a file is a DOCX, a PDF or an HTML edition, by its first bytes (git hands
    textconv temporary files). Raises InputError for anything else, and for a file that is
    not a regular one or is too large (before reading it)."""
    name = str(path)
    _regular_file(path)
    try:
        with open(path, "rb") as handle:
            head = handle.read(1024)
    except OSError as error:
        raise InputError(
            [Problem(Position(name), f"cannot be read: {error.strerror or error}")]
        ) from None
    if head.startswith(b"PK\x03\x04"):
        return "docx"
    if b"%PDF-" in head:
        return "pdf"
    if head.lstrip().lower().startswith(b"<!doctype html"):
        return "html"
    raise InputError([Problem(Position(name), "not a DOCX, PDF or HTML document")])


def textconv(path: Path | str) -> str:
    """A stable plain-text form of a DOCX or PDF for ``git diff``: document properties,
    then the text in reading order (DOCX: headers and footers, then the body with tables
    row by row; PDF: page by page), white space normalised. The same bytes always give the
    same text."""
    kind = document_type(path)
    if kind == "docx":
        _screen_docx(path)
        lines = _guarded(path, "DOCX", lambda: _docx_lines(path))
    elif kind == "html":
        lines = _guarded(path, "HTML", lambda: _html_lines(path))
    else:
        lines = _guarded(path, "PDF", lambda: _pdf_lines(path))
    return _normalise(lines)


_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def printable(text: str) -> str:
    """``text`` with control characters and bidi overrides shown as escapes (``\\x1b``,
    ``\\u202e``): a document's metadata must not move the cursor, retitle the terminal or
    reorder what is printed around it."""
    if text.isprintable() or not any(
        unicodedata.category(c) == "Cc" or c in _BIDI_CONTROLS for c in text
    ):
        return text
    return "".join(
        (f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}")
        if unicodedata.category(c) == "Cc" or c in _BIDI_CONTROLS
        else c
        for c in text
    )


def _normalise(lines: list[str]) -> str:
    """NFC, every run of white space (tabs, no-break spaces) one space, no blank line at
    either end and never two in a row."""
    out: list[str] = []
    for line in lines:
        line = printable(" ".join(unicodedata.normalize("NFC", line).split()))
        if line or (out and out[-1]):
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out) + "\n"


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_VML_TEXTPATH = "{urn:schemas-microsoft-com:vml}textpath"


def _paragraph_text(element: Any) -> str:
    """The text of a ``w:p`` in order, text boxes and WordArt included, each drawn once (a
    text box is stored twice, as DrawingML and as a VML fallback; the fallback is
    skipped)."""
    parts: list[str] = []

    def walk(node: Any) -> None:
        for child in node:
            tag = child.tag
            if tag == _MC_FALLBACK:
                continue
            if tag == f"{_W}t":
                parts.append(child.text or "")
            elif tag in (f"{_W}tab", f"{_W}br", f"{_W}cr"):
                parts.append(" ")
            elif tag == _VML_TEXTPATH:  # WordArt, as in the DRAFT watermark
                parts.append(f" {child.get('string', '')} ")
            else:
                walk(child)

    walk(element)
    return "".join(parts)


def _level_text(level: Any) -> str:
    """A list level's number pattern ("%1."); "" for a bullet or a format not decimal."""
    kind = level.find(f"{_W}numFmt")
    text = level.find(f"{_W}lvlText")
    if kind is None or kind.get(f"{_W}val") != "decimal" or text is None:
        return ""
    return str(text.get(f"{_W}val", ""))


class ListNumbers:
    """The numbers Word draws before numbered paragraphs (clause headings: "5.", "Pasal 5
    –", "5.1"), which are not text in the file: each paragraph's list (its own ``w:numPr``,
    else its style's) counted level by level in document order, a level restarting after
    the one above it, and written with the level's ``lvlText``. Decimal numbering only,
    which is what sladoc writes; call :meth:`label` for each paragraph in order."""

    def __init__(self, document: Any) -> None:
        self.styles: dict[str, tuple[str, int]] = {}
        self.formats: dict[str, list[str]] = {}
        self.counts: dict[str, list[int]] = {}
        try:
            numbering = document.part.numbering_part.element
        except (KeyError, NotImplementedError):
            return
        abstracts = {
            a.get(f"{_W}abstractNumId"): [_level_text(level) for level in a.findall(f"{_W}lvl")]
            for a in numbering.findall(f"{_W}abstractNum")
        }
        for num in numbering.findall(f"{_W}num"):
            abstract = num.find(f"{_W}abstractNumId")
            if abstract is not None:
                self.formats[num.get(f"{_W}numId", "")] = abstracts.get(
                    abstract.get(f"{_W}val"), []
                )
        for style in document.styles.element.findall(f"{_W}style"):
            found = self._numbering(style)
            if found is not None:
                self.styles[style.get(f"{_W}styleId", "")] = found

    @staticmethod
    def _numbering(element: Any) -> tuple[str, int] | None:
        numbered = element.find(f"{_W}pPr/{_W}numPr")
        if numbered is None:
            return None
        num = numbered.find(f"{_W}numId")
        level = numbered.find(f"{_W}ilvl")
        return (
            "" if num is None else num.get(f"{_W}val", ""),
            0 if level is None else int(level.get(f"{_W}val", "0")),
        )

    def label(self, paragraph: Any) -> str:
        """The number drawn before ``paragraph`` ("" for none), counting it."""
        found = self._numbering(paragraph)
        style = paragraph.find(f"{_W}pPr/{_W}pStyle")
        from_style = None if style is None else self.styles.get(style.get(f"{_W}val", ""))
        if found is None:
            found = from_style
        elif from_style is not None and found[0] == "":
            found = (from_style[0], found[1])
        if found is None or found[0] in ("", "0") or found[0] not in self.formats:
            return ""
        num, level = found
        formats = self.formats[num]
        if level >= len(formats) or not formats[level]:
            return ""
        counts = self.counts.setdefault(num, [0] * len(formats))
        counts[level] += 1
        counts[level + 1 :] = [0] * (len(counts) - level - 1)
        text = formats[level]
        for index in range(level, -1, -1):
            text = text.replace(f"%{index + 1}", str(counts[index]))
        return text


def _block_lines(container: Any, numbers: ListNumbers | None = None) -> list[str]:
    """Lines of a body, header, footer or table cell: a paragraph per line (after its list
    number, if any), a table row per line with cells separated by `` | ``."""
    lines: list[str] = []
    for child in container:
        if child.tag == f"{_W}p":
            label = numbers.label(child) if numbers is not None else ""
            text = _paragraph_text(child)
            lines.append(f"{label} {text}" if label else text)
        elif child.tag == f"{_W}tbl":
            for row in child.iter(f"{_W}tr"):
                if row.getparent() is not child:
                    continue  # a row of a nested table: it belongs to its cell
                cells = [
                    " / ".join(t for t in _block_lines(cell, numbers) if t.strip())
                    for cell in row
                    if cell.tag == f"{_W}tc"
                ]
                lines.append(" | ".join(cells))
        elif child.tag == f"{_W}sdt":
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                lines.extend(_block_lines(content))
    return lines


def _docx_lines(path: Path | str) -> list[str]:
    import docx

    try:
        document = docx.Document(str(path))
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise InputError(
            [Problem(Position(str(path)), f"not a readable DOCX document ({error})")]
        ) from None
    lines = ["== properties =="]
    lines.append(f"title: {document.core_properties.title or ''}")
    lines.extend(
        f"{name}: {value}"
        for name, value in _docx_properties(path).items()
        if name != CONTENT_SHA256  # changes with every word: noise in a diff
    )
    furniture: list[str] = []
    for section in document.sections:
        for part in (
            section.first_page_header,
            section.header,
            section.even_page_header,
            section.first_page_footer,
            section.footer,
            section.even_page_footer,
        ):
            if part.is_linked_to_previous:
                continue
            for line in _block_lines(part._element):
                if line.strip() and line not in furniture:
                    furniture.append(line)
    lines.append("== headers and footers ==")
    lines.extend(furniture)
    lines.append("== body ==")
    lines.extend(_block_lines(document.element.body, ListNumbers(document)))
    return lines


def _pdf_reader(path: Path | str, pages: bool = True) -> Any:
    """The PDF opened, with its page tree read through unless ``pages`` is false (reading
    only the document information is much quicker)."""
    import logging

    from pypdf import PdfReader

    # pypdf logs complaints about damaged files; the error raised below says it once.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(str(path))
        if pages:
            _ = len(reader.pages)
        return reader
    except Exception as error:  # pypdf raises many types for damaged input
        raise InputError(
            [Problem(Position(str(path)), f"not a readable PDF document ({error})")]
        ) from None


def _pdf_lines(path: Path | str) -> list[str]:
    reader = _pdf_reader(path)
    info = _pdf_info(reader, path)
    lines = ["== properties ==", f"title: {info.get('/Title', '')}"]
    lines.extend(
        f"{name}: {value}"
        for name, value in _sladoc_properties(info).items()
        if name != CONTENT_SHA256  # changes with every word: noise in a diff
    )
    for number, page in enumerate(reader.pages, start=1):
        lines.append(f"== page {number} ==")
        try:
            lines.extend(page.extract_text().splitlines())
        except Exception as error:  # pypdf raises many types for damaged input
            raise InputError(
                [Problem(Position(str(path)), f"page {number} cannot be read ({error})")]
            ) from None
    return lines


# --- HTML ------------------------------------------------------------------------------------

_HTML_BLOCKS = frozenset(
    "address article aside blockquote br caption dd div dl dt figcaption figure footer h1 h2 "
    "h3 h4 h5 h6 header hr li main nav ol p section table tbody td th thead tr ul".split()
)


class _HtmlPage(HTMLParser):
    """An HTML edition read back: its ``<meta name content>`` pairs and its visible text,
    a line per block element (style sheets, scripts and drawings left out)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.metas: dict[str, str] = {}
        self.lines: list[str] = [""]
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "meta" and found.get("name") is not None:
            self.metas.setdefault(found["name"] or "", found.get("content") or "")
        if tag in ("style", "script", "svg", "title", "head"):
            self._hidden += 1
        elif tag in _HTML_BLOCKS:
            self.lines.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script", "svg", "title", "head"):
            self._hidden = max(0, self._hidden - 1)
        elif tag in _HTML_BLOCKS:
            self.lines.append("")

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.lines[-1] += data


def _html_page(path: Path | str, head: bool = False) -> _HtmlPage:
    """The page read back; with ``head``, only up to the end of its head (the properties)."""
    with open(path, "rb") as handle:
        text = handle.read().decode("utf-8", "replace")
    if head:
        text = text[: text.lower().find("</head>") % (len(text) + 1)]
    page = _HtmlPage()
    page.feed(text)
    page.close()
    page.lines = [" ".join(line.split()) for line in page.lines if line.strip()]
    return page


def _html_lines(path: Path | str) -> list[str]:
    page = _html_page(path)
    lines = ["== properties =="]
    lines.extend(f"{name}: {value}" for name, value in page.metas.items())
    return [*lines, "== body ==", *page.lines]


# --- provenance -----------------------------------------------------------------------------

_CUSTOM = "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}"


def _docx_properties(path: Path | str) -> dict[str, str]:
    """Every custom property of a DOCX (``docProps/custom.xml``), by name."""
    from xml.etree import ElementTree

    try:
        with zipfile.ZipFile(path) as archive:
            if "docProps/custom.xml" not in archive.namelist():
                return {}
            root = ElementTree.fromstring(archive.read("docProps/custom.xml"))
    except (zipfile.BadZipFile, ElementTree.ParseError, OSError) as error:
        raise InputError(
            [Problem(Position(str(path)), f"not a readable DOCX document ({error})")]
        ) from None
    found = {}
    for prop in root.iter(f"{_CUSTOM}property"):
        value = next(iter(prop), None)
        found[prop.get("name", "")] = "" if value is None else (value.text or "")
    return found


def _pdf_info(reader: Any, path: Path | str) -> dict[str, str]:
    try:
        metadata = reader.metadata or {}
        return {str(key): _info_text(metadata[key]) for key in metadata}
    except Exception as error:  # pypdf raises many types for damaged input
        raise InputError(
            [Problem(Position(str(path)), f"its document information cannot be read ({error})")]
        ) from None


def _info_text(value: Any) -> str:
    """A document information entry as text. Only text and numbers are shown: anything
    else (a dictionary, a reference back to the information itself) would print as a repr
    with a memory address, different on every run."""
    if isinstance(value, str):
        return str(value)
    if isinstance(value, bytes):
        return value.decode("latin-1")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    return f"({type(value).__name__.removesuffix('Object').lower() or 'value'}, not text)"


def _sladoc_properties(properties: dict[str, str]) -> dict[str, str]:
    """The sladoc-* properties in a fixed order (PDF names carry a leading slash)."""
    plain = {key.lstrip("/"): value for key, value in properties.items()}
    return {name: plain[name] for name in (*PROPERTIES, CONTENT_SHA256) if name in plain}


def content_digest(path: Path | str, recorded: str) -> str:
    """The content digest a sladoc document should record, given the one it does: equal
    to ``recorded`` exactly when nothing in the document changed since it was built (see
    :mod:`sladoc.document.provenance`). The document has passed :func:`document_properties`."""
    kind = document_type(path)
    if kind == "docx":

        def parts() -> dict[str, bytes]:
            with zipfile.ZipFile(path) as archive:
                return {member.filename: archive.read(member) for member in archive.infolist()}

        return parts_digest(_guarded(path, "DOCX", parts))
    with open(path, "rb") as handle:
        data = handle.read(MAX_DOCUMENT_BYTES + 1)
    return sealed_digest(data, ANCHORS[kind], recorded)


def document_properties(path: Path | str, *, whole: bool = True) -> dict[str, str]:
    """The provenance a sladoc document records (``sladoc-version``, ``sladoc-source``,
    ``sladoc-source-sha256``, ``sladoc-template-sha256``). Raises InputError when the file
    is not a DOCX, PDF or HTML edition made by sladoc. With ``whole`` false, only the part
    that holds the properties is read and screened (a DOCX's ``docProps/custom.xml``, a
    PDF's document information): what an incremental build reads from every output."""
    kind = document_type(path)
    if kind == "docx":
        _screen_docx(path, None if whole else "docProps/custom.xml")
        properties = _sladoc_properties(_guarded(path, "DOCX", lambda: _docx_properties(path)))
    elif kind == "html":
        page = _guarded(path, "HTML", lambda: _html_page(path, head=True))
        properties = _sladoc_properties(page.metas)
    else:
        info = _guarded(path, "PDF", lambda: _pdf_info(_pdf_reader(path, whole), path))
        properties = _sladoc_properties(info)
    properties = {name: printable(value) for name, value in properties.items()}
    missing = [name for name in PROPERTIES if name not in properties]
    if VERSION in missing:
        raise InputError(
            [
                Problem(
                    Position(str(path)),
                    "not a sladoc document: it records no sladoc-version property",
                )
            ]
        )
    if missing:
        raise InputError(
            [
                Problem(
                    Position(str(path)),
                    f"an incomplete sladoc document: it records no {', '.join(missing)}",
                )
            ]
        )
    return properties
