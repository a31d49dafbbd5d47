"""The library surface of sladoc: everything the CLI does, as functions that return values.

Nothing here prints, exits or writes files; the CLI (``sladoc.cli``) does that. Use this
module to drive sladoc from Python::

    from sladoc import api
    agreement = api.load("agreements/company-x-marketing-sales.yaml")
    print(agreement.funnel.math.leads_needed)

May import: every part of sladoc but the CLI.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sladoc.agreement.model import KINDS, Agreement
from sladoc.errors import Position, Problem, UsageError

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

AGREEMENT_SUFFIXES = (".yaml", ".yml")


def discover(paths: list[Path]) -> list[Path]:
    """Expand files and folders into agreement files (``*.yaml``/``*.yml``), sorted, no
    duplicates. A folder is searched recursively; a named file is taken whatever its suffix.
    """
    found: dict[Path, None] = {}
    for path in paths:
        if path.is_dir():
            for candidate in sorted(path.rglob("*")):
                if candidate.suffix.lower() in AGREEMENT_SUFFIXES and candidate.is_file():
                    found.setdefault(candidate, None)
        elif path.exists():
            found.setdefault(path, None)
        else:
            raise UsageError(f"{path}: no such file or folder")
    return list(found)


def load(path: Path | str) -> Agreement:
    """Read and validate one agreement file. Raises LoadError or SchemaError."""
    from sladoc.agreement.validate import load_agreement

    return load_agreement(path)[0]


def json_schema() -> dict[str, Any]:
    """The JSON Schema of the agreement file format, for editors and other tools."""
    from pydantic import TypeAdapter

    from sladoc.agreement.model import FORMAT_VERSION, AnyAgreement

    schema = TypeAdapter(AnyAgreement).json_schema(by_alias=True)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": f"sladoc agreement, format version {FORMAT_VERSION}",
        "description": "A service level agreement for sladoc: kind internal, tiered or "
        "customer. See docs/format.md.",
        **schema,
    }


def json_schema_text() -> str:
    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


def starter(kind: str, schema_ref: str = "sladoc.schema.json") -> str:
    """A commented starter agreement of ``kind``, pointing editors at the JSON Schema."""
    if kind not in KINDS:
        raise UsageError(f"unknown kind {kind!r}; choose one of: {', '.join(KINDS)}")
    body = resources.files("sladoc.data").joinpath(f"starter-{kind}.yaml").read_text("utf-8")
    return f"# yaml-language-server: $schema={schema_ref}\n{body}"


def problems_of(error: Exception, file: str) -> list[Problem]:
    """The problems an error carries, or one problem naming the file."""
    found = getattr(error, "problems", None)
    return list(found) if found else [Problem(Position(file), str(error))]


# --- building documents -----------------------------------------------------------------

FORMATS = ("docx", "pdf", "md")


def render(
    path: Path | str, formats: tuple[str, ...] = ("docx", "pdf"), templates: Path | None = None
) -> tuple[Agreement, dict[str, bytes]]:
    """Validate an agreement file and render it: ``{format: bytes}``. Writes nothing.

    Raises LoadError/SchemaError for bad input, TemplateError for a broken template and
    RenderError when a document cannot be drawn (e.g. a character no font has).
    """
    from sladoc.agreement.validate import load_agreement

    agreement, _ = load_agreement(path)
    return agreement, render_agreement(agreement, path, formats, templates)


def render_agreement(
    agreement: Agreement,
    path: Path | str,
    formats: tuple[str, ...] = ("docx", "pdf"),
    templates: Path | None = None,
    *,
    pdf_worker: ProcessPoolExecutor | None = None,
) -> dict[str, bytes]:
    """Render an agreement already loaded from ``path`` (whose bytes are recorded as the
    document's provenance): ``{format: bytes}``.

    With a ``pdf_worker`` (see ``pdf_worker()``), the PDF, the slowest format to import and
    draw, is rendered there while this process renders the others: the same bytes, sooner
    on a machine with a spare core."""
    from sladoc.document.compose import compose
    from sladoc.document.provenance import provenance
    from sladoc.document.templateset import TemplateSet
    from sladoc.document.writers import write

    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise UsageError(f"unknown format {unknown[0]!r}; choose from {', '.join(FORMATS)}")
    folder = TemplateSet.at(templates)
    properties = provenance(
        path, Path(path).read_bytes(), folder, agreement.kind, agreement.language
    )
    document = compose(agreement, folder, properties)
    appearance = folder.look(agreement.kind)
    if pdf_worker is None or "pdf" not in formats:
        return {fmt: write(fmt, document, appearance) for fmt in formats}
    pdf = pdf_worker.submit(write, "pdf", document, appearance)
    rendered = {fmt: write(fmt, document, appearance) for fmt in formats if fmt != "pdf"}
    rendered["pdf"] = pdf.result()
    return {fmt: rendered[fmt] for fmt in formats}


def pdf_worker(templates: Path | None = None) -> ProcessPoolExecutor | None:
    """A process for ``render_agreement(..., pdf_worker=...)``. Started before the agreement
    is read, it imports the PDF writer and reads the fonts while this process validates and
    checks. Stop it when done (``with`` does). None where processes
    cannot be forked (a spawned one would import everything again and gain nothing)."""
    from sladoc.batch import executor, forkable
    from sladoc.document.templateset import TemplateSet
    from sladoc.document.writers import prepare_pdf

    if not forkable():
        return None
    worker = executor(1)
    # Started now, not at the first task: the preparation is what should overlap.
    worker.submit(prepare_pdf, TemplateSet.at(templates).stylesheet)
    return worker


# --- check (checker) ---
# Imports for this section live in it, so the section stays one self-contained piece.
from dataclasses import dataclass  # noqa: E402

if TYPE_CHECKING:
    from sladoc.checks.config import Config
    from sladoc.checks.finding import Finding


@dataclass
class CheckReport:
    """What ``check`` found: findings in valid files, problems of invalid ones."""

    findings: list[Finding]
    invalid: dict[str, list[Problem]]
    files: int


def load_check_config(path: Path | None = None, *, start: Path | None = None) -> Config:
    """The checker configuration in ``path``, else the nearest ``.sladoc.toml`` or
    ``pyproject.toml`` with ``[tool.sladoc]`` from ``start`` (the current folder) upwards.
    Raises UsageError for an invalid one."""
    from sladoc.checks.config import load_config

    return load_config(path, start=start)


CHECK_FILES_PER_PROCESS = 50
"""With ``jobs=0``, a process more for each 50 files: checking one takes a few
milliseconds, so fewer would not repay starting the process."""


def check(paths: list[Path], config: Config | None = None, jobs: int = 1) -> CheckReport:
    """Check agreement files and folders. Invalid files are not checked; their problems
    are returned instead. Raises UsageError for a path that does not exist. With ``jobs``
    above 1 the files are checked in that many processes, with 0 in one per CPU when there
    are enough files; the report is the same, in the same order, either way."""
    from sladoc.batch import process_count
    from sladoc.checks.config import Config as DefaultConfig

    config = config or DefaultConfig()
    files = discover(paths)
    processes = process_count(jobs, len(files), CHECK_FILES_PER_PROCESS)
    if processes > 1:
        results = _check_in_processes(files, config, processes)
    else:
        results = _check_files(files, config)
    findings: list[Finding] = []
    invalid: dict[str, list[Problem]] = {}
    for path, found, problems in results:
        if problems is None:
            findings.extend(found)
        else:
            invalid[str(path)] = problems
    return CheckReport(findings, invalid, len(files))


def _check_files(
    files: list[Path], config: Config
) -> list[tuple[Path, list[Finding], list[Problem] | None]]:
    """(file, findings, None) for a valid file, (file, [], problems) for an invalid one."""
    from sladoc.agreement.validate import load_agreement
    from sladoc.checks.runner import check as check_agreement
    from sladoc.errors import InputError

    results: list[tuple[Path, list[Finding], list[Problem] | None]] = []
    for path in files:
        try:
            agreement, loaded = load_agreement(path)
        except InputError as error:
            results.append((path, [], problems_of(error, str(path))))
            continue
        results.append((path, check_agreement(agreement, loaded, config), None))
    return results


def _check_in_processes(
    files: list[Path], config: Config, processes: int
) -> list[tuple[Path, list[Finding], list[Problem] | None]]:
    """``_check_files`` over contiguous slices of ``files`` in ``processes`` processes,
    results in input order. A few slices per process, so that one slow slice does not leave
    a core idle, and not one task per file, whose round trips would cost more than a
    check."""
    # Imported before the processes start, so that forked ones inherit them.
    from sladoc.agreement.validate import load_agreement  # noqa: F401
    from sladoc.batch import run_ordered
    from sladoc.checks import runner, suppressions  # noqa: F401

    size = -(-len(files) // (processes * 4))
    slices = [(files[start : start + size], config) for start in range(0, len(files), size)]
    return [result for part in run_ordered(_check_files, slices, processes) for result in part]


# --- end check ---


# --- review ---
# Reviewing agreements under version control; the work is done in sladoc.review.documents and
# sladoc.review.diff, imported here on use so `import sladoc.api` stays light.
from typing import TYPE_CHECKING  # noqa: E402

if TYPE_CHECKING:
    from sladoc.review.diff import DiffResult
    from sladoc.review.documents import Inspection


def diff(old: Path | str, new: Path | str) -> DiffResult:
    """The changes in meaning from agreement file ``old`` to ``new`` (see ``sladoc.review.diff``
    for the formats). Raises InputError for an invalid file."""
    from sladoc.review.documents import diff_files

    return diff_files(old, new)


def diff_revision(path: Path | str, rev: str = "HEAD") -> DiffResult:
    """The changes in meaning from ``path`` as committed at git revision ``rev`` to the
    file on disk. Raises UsageError for git problems, InputError for an invalid file."""
    from sladoc.review.documents import diff_revision as against_revision

    return against_revision(path, rev)


def textconv(path: Path | str) -> str:
    """A generated DOCX or PDF as stable plain text, for ``git diff``."""
    from sladoc.review.documents import textconv as as_text

    return as_text(path)


def inspect_document(
    path: Path | str, templates: Path | None = None, source: Path | str | None = None
) -> Inspection:
    """A document's provenance, and whether its source or templates changed since it was
    built. Raises InputError when ``path`` is not a sladoc document."""
    from sladoc.review.documents import inspect

    return inspect(path, templates, source)


# --- end review ---


# --- report ---
# Progress against an agreement from a month's data; the work is done in sladoc.reporting
# (figures, the report as a document, its PDF and SVG charts), imported on use.
if TYPE_CHECKING:
    from datetime import date
    from decimal import Decimal

    from sladoc.reporting.reports import IncidentsReport, LeadsReport


def report(
    agreement: Path | str,
    *,
    leads: Path | str | None = None,
    incidents: Path | str | None = None,
    period: str | None = None,
    as_of: date | None = None,
    total_revenue: Decimal | None = None,
) -> tuple[LeadsReport | IncidentsReport, dict[str, bytes]]:
    """The report on one agreement from a leads file (internal agreement) or an outage log
    (customer agreement), and its files: ``{"report.pdf": ..., "marketing.svg": ...}``.
    ``period`` is a month, ``YYYY-MM``. Raises InputError for an invalid agreement,
    ``reporting.DataError`` for bad data (each problem at its row and column) and
    UsageError for a wrong combination (leads on a customer agreement, say)."""
    from sladoc.reporting.reports import (
        incidents_report,
        leads_report,
        parse_month,
        report_files,
    )

    if (leads is None) == (incidents is None):
        raise UsageError(
            "give --leads FILE (for an internal agreement) or --incidents FILE "
            "(for a customer agreement)"
        )
    if total_revenue is not None and leads is None:
        raise UsageError("--total-revenue goes with --leads")
    loaded = load(agreement)
    month = parse_month(period) if period is not None else None
    result: LeadsReport | IncidentsReport
    if leads is not None:
        result = leads_report(
            loaded, Path(leads), period=month, as_of=as_of, total_revenue=total_revenue
        )
    else:
        assert incidents is not None
        result = incidents_report(loaded, Path(incidents), period=month, as_of=as_of)
    return result, report_files(result)


# --- end report ---
