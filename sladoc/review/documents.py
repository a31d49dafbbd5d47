"""Reviewing agreements kept in git: the diff of meaning between two files or against a
commit, a stable text form of generated documents for ``git diff``, the provenance a
document records, and the git configuration that ties them together.

Functions return data or raise :class:`~sladoc.errors.UsageError` (git missing, not a
repository, unknown revision) or :class:`~sladoc.errors.InputError` (an invalid agreement,
a file that is not a sladoc document); only the CLI prints. Git runs as a subprocess with
argument lists, never through a shell.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from sladoc import __version__
from sladoc.document.provenance import (
    PROPERTIES,
    SOURCE,
    SOURCE_SHA256,
    TEMPLATE_SHA256,
    VERSION,
    find_source,
)
from sladoc.document.templateset import TemplateSet
from sladoc.errors import InputError, LoadError, Position, Problem, UsageError
from sladoc.review.diff import DiffResult, compare

# --- diff -----------------------------------------------------------------------------------


def diff_files(old: Path | str, new: Path | str) -> DiffResult:
    """The changes in meaning from agreement file ``old`` to ``new``. Raises InputError
    (LoadError/SchemaError) with the problems of an invalid file."""
    from sladoc.agreement.validate import load_agreement

    before, _ = load_agreement(old)
    after, _ = load_agreement(new)
    return compare(before, after, str(old), str(new))


def diff_revision(path: Path | str, rev: str = "HEAD") -> DiffResult:
    """The changes in meaning from ``path`` as committed at ``rev`` to the file on disk.
    Raises UsageError when git is missing, the file is not in a git work tree, the revision
    is unknown or the file is not in it; InputError when either version is invalid."""
    from sladoc.agreement.loader import decode, load_text
    from sladoc.agreement.validate import load_agreement, validate

    after, _ = load_agreement(path)  # first, so a missing or invalid file says so
    name, raw = committed_bytes(path, rev)
    before = validate(load_text(decode(raw, name), name))
    return compare(before, after, name, str(path))


def committed_bytes(path: Path | str, rev: str = "HEAD") -> tuple[str, bytes]:
    """``(REV:path, bytes)`` of a file as committed at ``rev`` (what ``git show REV:path``
    prints, read with ``git cat-file`` so no textconv or filter can change it), the path
    taken relative to the root of the work tree that holds the file."""
    from sladoc.agreement.loader import MAX_FILE_BYTES

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
    raw = _git(["cat-file", "blob", name], root).stdout
    if len(raw) > MAX_FILE_BYTES:
        raise LoadError(
            [
                Problem(
                    Position(name),
                    "is larger than 5 MiB; an agreement file is "
                    "a few kilobytes, so this is not one",
                )
            ]
        )
    return name, raw


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


# --- textconv -------------------------------------------------------------------------------


def document_type(path: Path | str) -> Literal["docx", "pdf"]:
    """Whether a file is a DOCX or a PDF, by its first bytes (git hands textconv temporary
    files), else by its suffix. Raises InputError for anything else."""
    name = str(path)
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
    raise InputError([Problem(Position(name), "not a DOCX or PDF document")])


def textconv(path: Path | str) -> str:
    """A stable plain-text form of a DOCX or PDF for ``git diff``: document properties,
    then the text in reading order (DOCX: headers and footers, then the body with tables
    row by row; PDF: page by page), white space normalised. The same bytes always give the
    same text."""
    kind = document_type(path)
    lines = _docx_lines(path) if kind == "docx" else _pdf_lines(path)
    return _normalise(lines)


def _normalise(lines: list[str]) -> str:
    """NFC, every run of white space (tabs, no-break spaces) one space, no blank line at
    either end and never two in a row."""
    out: list[str] = []
    for line in lines:
        line = " ".join(unicodedata.normalize("NFC", line).split())
        if line or (out and out[-1]):
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out) + "\n"


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_VML_TEXTPATH = "{urn:schemas-microsoft-com:vml}textpath"


def _paragraph_text(element) -> str:
    """The text of a ``w:p`` in order, text boxes and WordArt included, each drawn once (a
    text box is stored twice, as DrawingML and as a VML fallback; the fallback is
    skipped)."""
    parts: list[str] = []

    def walk(node) -> None:
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


def _block_lines(container) -> list[str]:
    """Lines of a body, header, footer or table cell: a paragraph per line, a table row per
    line with cells separated by `` | ``."""
    lines: list[str] = []
    for child in container:
        if child.tag == f"{_W}p":
            lines.append(_paragraph_text(child))
        elif child.tag == f"{_W}tbl":
            for row in child.iter(f"{_W}tr"):
                if row.getparent() is not child:
                    continue  # a row of a nested table: it belongs to its cell
                cells = [
                    " / ".join(t for t in _block_lines(cell) if t.strip())
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
    lines.extend(f"{name}: {value}" for name, value in _docx_properties(path).items())
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
    lines.extend(_block_lines(document.element.body))
    return lines


def _pdf_reader(path: Path | str):
    import logging

    from pypdf import PdfReader

    # pypdf logs complaints about damaged files; the error raised below says it once.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(str(path))
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
    lines.extend(f"{name}: {value}" for name, value in _sladoc_properties(info).items())
    for number, page in enumerate(reader.pages, start=1):
        lines.append(f"== page {number} ==")
        try:
            lines.extend(page.extract_text().splitlines())
        except Exception as error:  # pypdf raises many types for damaged input
            raise InputError(
                [Problem(Position(str(path)), f"page {number} cannot be read ({error})")]
            ) from None
    return lines


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


def _pdf_info(reader, path: Path | str) -> dict[str, str]:
    try:
        metadata = reader.metadata or {}
        return {str(key): str(value) for key, value in metadata.items()}
    except Exception as error:  # pypdf raises many types for damaged input
        raise InputError(
            [Problem(Position(str(path)), f"its document information cannot be read ({error})")]
        ) from None


def _sladoc_properties(properties: dict[str, str]) -> dict[str, str]:
    """The sladoc-* properties in a fixed order (PDF names carry a leading slash)."""
    plain = {key.lstrip("/"): value for key, value in properties.items()}
    return {name: plain[name] for name in PROPERTIES if name in plain}


def document_properties(path: Path | str) -> dict[str, str]:
    """The provenance a sladoc document records (``sladoc-version``, ``sladoc-source``,
    ``sladoc-source-sha256``, ``sladoc-template-sha256``). Raises InputError when the file
    is not a DOCX or PDF made by sladoc."""
    if document_type(path) == "docx":
        properties = _sladoc_properties(_docx_properties(path))
    else:
        properties = _sladoc_properties(_pdf_info(_pdf_reader(path), path))
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
        from sladoc.agreement.validate import load_agreement

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


# --- git set-up -----------------------------------------------------------------------------

DIFF_DRIVERS = {"sladoc-docx": "*.docx", "sladoc-pdf": "*.pdf"}


def git_settings(command: str = "sladoc textconv") -> tuple[list[tuple[str, str]], list[str]]:
    """The ``git config`` settings and ``.gitattributes`` lines that make ``git diff`` show
    generated documents as text."""
    config = [(f"diff.{driver}.textconv", command) for driver in DIFF_DRIVERS]
    attributes = [f"{pattern} diff={driver}" for driver, pattern in DIFF_DRIVERS.items()]
    return config, attributes


def git_setup(folder: Path | str = ".", command: str = "sladoc textconv") -> list[str]:
    """Apply :func:`git_settings` to the repository holding ``folder``: set each config
    value that differs (in the repository's own config) and append to the work tree's
    ``.gitattributes`` the lines it does not have. Returns what was changed, one sentence
    each; empty when everything was in place. Raises UsageError outside a repository."""
    folder = Path(folder)
    root = Path(
        _git_text(
            ["rev-parse", "--show-toplevel"],
            folder,
            f"{folder.resolve()}: not inside a git work tree",
        )
    )
    config, attributes = git_settings(command)
    changed: list[str] = []
    for key, value in config:
        current = _git(["config", "--local", "--get", key], root)
        if current.returncode == 0 and os.fsdecode(current.stdout).rstrip("\n") == value:
            continue
        done = _git(["config", "--local", key, value], root)
        if done.returncode != 0:
            raise UsageError(
                f"git config {key} failed: {os.fsdecode(done.stderr).strip() or 'unknown error'}"
            )
        changed.append(f'git config {key} "{value}"')
    file = root / ".gitattributes"
    text = file.read_text("utf-8") if file.is_file() else ""
    present = {" ".join(line.split()) for line in text.splitlines()}
    missing = [line for line in attributes if line not in present]
    if missing:
        separator = "" if not text or text.endswith("\n") else "\n"
        with open(file, "a", encoding="utf-8", newline="\n") as handle:
            handle.write(separator + "".join(f"{line}\n" for line in missing))
        changed.extend(f".gitattributes: added {line!r}" for line in missing)
    return changed
