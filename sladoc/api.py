"""The library surface of sladoc: everything the ``sladoc`` command does, as functions that
return values and report objects. Nothing here prints, exits or writes files; the CLI
(:mod:`sladoc.cli`) does that. Use this module to drive sladoc from Python::

    from sladoc import api
    agreement = api.load("agreements/company-x-marketing-sales.yaml")
    print(agreement.funnel.math.leads_needed)

Importing it is cheap: the model (pydantic), the checker and the document libraries are
imported by the functions that need them.

May import: every part of sladoc but the CLI.
"""

from __future__ import annotations

import os
from collections.abc import Generator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import IntEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sladoc import __version__, batch
from sladoc.document.writers import WRITERS
from sladoc.errors import InputError, Position, Problem, SladocError, UsageError

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor
    from datetime import date

    from sladoc.agreement.model import Agreement
    from sladoc.agreement.sla_math import Convention
    from sladoc.checks.config import Config
    from sladoc.checks.finding import Finding
    from sladoc.reporting.reports import IncidentsReport, LeadsReport
    from sladoc.review.diff import DiffResult
    from sladoc.review.git import SetupPlan
    from sladoc.review.inspect import Inspection

__all__ = [
    "FORMATS",
    "Built",
    "CheckReport",
    "Exit",
    "ValidationReport",
    "build",
    "check",
    "diff",
    "diff_revision",
    "discover",
    "format_diff",
    "format_findings",
    "git_setup_plan",
    "inspect_document",
    "json_schema",
    "load",
    "load_check_config",
    "render_agreement",
    "report",
    "starter",
    "textconv",
    "validate",
]


class Exit(IntEnum):
    """The exit codes of the ``sladoc`` command, decided by the report objects below."""

    OK = 0
    FINDINGS = 1  # findings or differences at or above the failing level
    ERROR = 2  # bad usage, unreadable or invalid input


# --- finding agreements -------------------------------------------------------------------

AGREEMENT_SUFFIXES = (".yaml", ".yml")


def discover(paths: Sequence[Path], *, required: bool = False) -> list[Path]:
    """Expand files and folders into agreement files (``*.yaml``/``*.yml``), sorted, no
    duplicates. A folder is searched recursively; a named file is taken whatever its suffix.
    Raises UsageError for a path that does not exist, and with ``required`` when no file
    is found."""
    found: dict[Path, None] = {}
    for path in paths:
        if path.is_dir():
            for candidate in _walk(path):
                found.setdefault(candidate, None)
        elif path.exists():
            found.setdefault(path, None)
        else:
            raise UsageError(f"{path}: no such file or folder")
    if required and not found:
        raise UsageError(
            "no agreement files (*.yaml, *.yml) found in " + ", ".join(map(str, paths))
        )
    return list(found)


def _walk(folder: Path) -> list[Path]:
    """The agreement files under ``folder``, sorted, found without recursion (a tree a
    thousand folders deep is searched, not a RecursionError) and each folder once, however
    many symbolic links lead to it (a link loop ends)."""
    found: list[Path] = []
    pending = [folder]
    seen: set[tuple[int, int]] = set()
    while pending:
        here = pending.pop()
        try:
            info = os.stat(here)
            if (info.st_dev, info.st_ino) in seen:
                continue
            seen.add((info.st_dev, info.st_ino))
            entries = list(os.scandir(here))
        except OSError:
            continue  # unreadable, or gone meanwhile: nothing to find there
        for entry in entries:
            try:
                if entry.is_dir():
                    pending.append(Path(entry.path))
                elif Path(entry.name).suffix.lower() in AGREEMENT_SUFFIXES and entry.is_file():
                    found.append(Path(entry.path))
            except OSError:
                continue
    return sorted(found)


def load(path: Path | str) -> Agreement:
    """Read and validate one agreement file. Raises LoadError or SchemaError."""
    from sladoc.agreement.validate import load_agreement

    return load_agreement(path)[0]


def problems_of(error: Exception, file: str) -> list[Problem]:
    """The problems an error carries, or one problem naming the file."""
    found = getattr(error, "problems", None)
    return list(found) if found else [Problem(Position(file), str(error))]


# --- validate -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ValidationReport:
    """Each file validated, with its problems (none for a valid file)."""

    results: list[tuple[Path, list[Problem]]]

    @property
    def invalid(self) -> int:
        return sum(1 for _, problems in self.results if problems)

    @property
    def exit_code(self) -> Exit:
        return Exit.ERROR if self.invalid else Exit.OK


def validate(paths: Sequence[Path]) -> ValidationReport:
    """Validate agreement files and folders (see :func:`discover`)."""
    from sladoc.agreement.validate import load_agreement

    results = []
    for path in discover(paths, required=True):
        try:
            load_agreement(path)
        except InputError as error:
            results.append((path, list(error.problems)))
        else:
            results.append((path, []))
    return ValidationReport(results)


# --- schema and starters ------------------------------------------------------------------


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
    import json

    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


def starter(kind: str, schema_ref: str = "sladoc.schema.json") -> str:
    """A commented starter agreement of ``kind``, pointing editors at the JSON Schema."""
    from importlib import resources

    from sladoc.agreement.model import KINDS

    if kind not in KINDS:
        raise UsageError(f"unknown kind {kind!r}; choose one of: {', '.join(KINDS)}")
    body = resources.files("sladoc.data").joinpath(f"starter-{kind}.yaml").read_text("utf-8")
    return f"# yaml-language-server: $schema={schema_ref}\n{body}"


# --- service level arithmetic -------------------------------------------------------------


@dataclass(frozen=True)
class Uptime:
    """An availability target with its downtime budget per period (``sladoc uptime``)."""

    percent: Decimal
    convention: Convention
    budget: tuple[Decimal, str] | None = None  # the budget it was worked out from, if any

    def lines(self) -> list[str]:
        from sladoc.agreement import sla_math

        # enough digits to tell nines apart, without a tail of float-like noise
        shown = f"{self.percent.quantize(Decimal('0.000001')).normalize():f}"
        name = sla_math.count_nines(self.percent)
        if "nine" not in name and self.percent < 100:
            name = f"about {sla_math.nines_equivalent(self.percent)} nines"
        lines = []
        if self.budget is not None:
            seconds, period = self.budget
            lines.append(
                f"{sla_math.format_duration(seconds)} per {period} = {shown}% availability ({name})"
            )
        else:
            lines.append(f"{shown}% availability ({name})")
        lines.append(f"Convention: {self.convention.describe()}")
        lines.append(f"{'period':<9} allowed downtime")
        for period_name, seconds in sla_math.budget_table(self.percent, self.convention):
            lines.append(f"{period_name:<9} {sla_math.format_duration(seconds)}")
        return lines


def uptime(availability: str | None, downtime: str | None, year_days: str, month: str) -> Uptime:
    """The downtime budget of ``availability`` (``"99.95%"``), or the availability a
    ``downtime`` budget (``"31s per year"``) amounts to, under the year and month lengths
    given. Raises UsageError for a value that cannot be read."""
    from sladoc.agreement import sla_math
    from sladoc.agreement.values import parse_budget, parse_percent

    convention = _convention(year_days, month)
    if (availability is None) == (downtime is None):
        raise UsageError("give an availability (sladoc uptime 99.95%) or --downtime, not both")
    try:
        if downtime is not None:
            budget, period = parse_budget(downtime)
            percent = sla_math.availability_for(budget.seconds, period, convention)
            return Uptime(percent, convention, (budget.seconds, period))
        assert availability is not None
        return Uptime(parse_percent(availability), convention)
    except ValueError as error:
        raise UsageError(str(error)) from None


def _convention(year_days: str, month: str) -> Convention:
    from sladoc.agreement import sla_math

    try:
        year = Decimal(year_days)
    except ArithmeticError:
        raise UsageError(f"--year-days must be 365.25 or 365, got {year_days!r}") from None
    if year not in (Decimal("365.25"), Decimal("365")):
        raise UsageError(f"--year-days must be 365.25 or 365, got {year_days!r}")
    if month.isdigit():
        if not 28 <= int(month) <= 31:
            raise UsageError(f"--month must be average, 30-day or 28..31, got {month!r}")
        return sla_math.Convention(year_days=year, month=int(month))
    if month == "average":
        return sla_math.Convention(year_days=year, month="average")
    if month == "30-day":
        return sla_math.Convention(year_days=year, month="30-day")
    raise UsageError(f"--month must be average, 30-day or 28..31, got {month!r}")


def leads_needed(
    quota: str, share: str, deal: str, close_rate: str, days: int | None = None
) -> list[str]:
    """The leads Marketing must deliver for Sales to make its quota, with the working (and
    the daily goal line for a month of ``days`` days), as lines of text."""
    from sladoc.agreement import sla_math
    from sladoc.agreement.values import parse_percent

    try:
        funnel = sla_math.Funnel(
            quota=_number(quota, "--quota"),
            marketing_share=parse_percent(share),
            average_deal=_number(deal, "--deal"),
            close_rate=parse_percent(close_rate),
        )
        lines = funnel.working()
    except ValueError as error:
        raise UsageError(str(error)) from None
    lines += [
        f"Customers needed: {funnel.customers_needed}",
        f"Leads needed: {funnel.leads_needed}",
    ]
    if days is not None:
        lines += _goal_line(Decimal(funnel.leads_needed), days)
    return lines


def goal_line(goal: str, days: int) -> list[str]:
    """The cumulative daily goal line (1/n x g per day) for a monthly goal, as lines."""
    return _goal_line(_number(goal, "--goal"), days)


def _goal_line(goal: Decimal, days: int) -> list[str]:
    from sladoc.agreement import sla_math

    if not 28 <= days <= 31:
        raise UsageError(f"--days must be 28..31, got {days}")
    return [f"{'day':>3}  cumulative goal"] + [
        f"{day:>3}  {sla_math.format_number(value.quantize(Decimal('0.1')))}"
        for day, value in enumerate(sla_math.goal_line(goal, days), start=1)
    ]


def _number(text: str, flag: str) -> Decimal:
    from sladoc.agreement.values import parse_quantity

    try:
        number, unit = parse_quantity(text.replace(",", ""))
    except ValueError:
        raise UsageError(f"{flag} must be a number, got {text!r}") from None
    if unit or not number.is_finite() or number < 0:
        raise UsageError(f"{flag} must be a number, got {text!r}")
    return number


# --- building documents -------------------------------------------------------------------

FORMATS = tuple(WRITERS)
"""The document formats, as ``--format`` names them."""


def document_formats(names: str) -> tuple[str, ...]:
    """``"docx, PDF"`` -> ``("docx", "pdf")``; raises UsageError for an unknown name."""
    wanted = tuple(dict.fromkeys(f.strip().lower() for f in names.split(",") if f.strip()))
    unknown = [f for f in wanted if f not in FORMATS]
    if unknown or not wanted:
        raise UsageError(
            f"unknown format {unknown[0] if unknown else names!r}; choose from {', '.join(FORMATS)}"
        )
    return wanted


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
    source = Path(path).read_bytes()
    properties = provenance(path, source, folder, agreement.kind, agreement.language)
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
    from sladoc.document.templateset import TemplateSet
    from sladoc.document.writers import prepare_pdf

    if not batch.forkable():
        return None
    worker = batch.executor(1)
    # Started now, not at the first task: the preparation is what should overlap.
    worker.submit(prepare_pdf, TemplateSet.at(templates).stylesheet)
    return worker


@dataclass(frozen=True)
class Built:
    """One agreement built: its documents by the file each should be written to (None when
    it could not be built), the problems that stopped it, and the checker's findings."""

    path: Path
    documents: dict[Path, bytes] | None
    problems: list[Problem]
    findings: list[Finding]
    failing: bool  # a finding at or above the configuration's fail-on level


def build(
    files: Sequence[Path],
    formats: tuple[str, ...],
    out: Path,
    templates: Path | None = None,
    config: Config | None = None,
    jobs: int = batch.AUTO,
) -> Generator[Built, None, None]:
    """Validate, check and render each agreement file into ``{out/<id>.<format>: bytes}``,
    in ``jobs`` processes (0: as many as the work can use), results in input order. Writes
    nothing: the caller decides where the bytes go."""
    from sladoc.checks.config import Config as DefaultConfig
    from sladoc.document.templateset import TemplateSet

    config = config or DefaultConfig()
    TemplateSet.at(templates)  # a wrong folder is one error up front, not one per file
    # A lone agreement would leave the second core idle: it gets the PDF, and starts on it
    # (imports, fonts) while this process reads and checks the agreement. Not with --jobs 1.
    worker = None
    if (
        len(files) == 1
        and "pdf" in formats
        and len(formats) > 1
        and batch.process_count(jobs, 2) > 1
    ):
        worker = pdf_worker(templates)
    try:
        tasks = [(path, formats, out, templates, config, worker) for path in files]
        yield from batch.ordered(
            _build_one,
            tasks,
            jobs,
            recycle_after=batch.RECYCLE_AFTER,
            preload=_preload_renderers,
        )
    finally:
        if worker is not None:
            worker.shutdown(wait=True, cancel_futures=True)


def _build_one(
    path: Path,
    formats: tuple[str, ...],
    out: Path,
    templates: Path | None,
    config: Config,
    worker: ProcessPoolExecutor | None,
) -> Built:
    from sladoc.agreement.validate import load_agreement
    from sladoc.checks.runner import check as check_agreement

    try:
        agreement, loaded = load_agreement(path)
        findings = check_agreement(agreement, loaded, config)
        documents = render_agreement(agreement, path, formats, templates, pdf_worker=worker)
    except SladocError as error:
        return Built(path, None, problems_of(error, str(path)), [], False)
    # The id is validated as a plain file name, so this stays inside ``out``.
    targets = {out / f"{agreement.id}.{fmt}": data for fmt, data in documents.items()}
    return Built(path, targets, [], findings, _failing(findings, config))


def _preload_renderers() -> None:
    """Import what building needs before the workers start: forked workers inherit it, so
    a fresh one starts rendering at once instead of importing for half a second; and this
    process, which formats the findings, has nothing left to import while the workers run
    (Python 3.11 turns a Ctrl-C that lands in the ``exec`` of an import into a silent
    death by SIGINT instead of exit 130)."""
    from sladoc.agreement import validate  # noqa: F401
    from sladoc.checks import formats, runner  # noqa: F401
    from sladoc.document import compose  # noqa: F401
    from sladoc.document.writers import docx, markdown, pdf  # noqa: F401


# --- check --------------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckReport:
    """What ``check`` found: findings in valid files, problems of invalid ones."""

    findings: list[Finding]
    invalid: dict[str, list[Problem]]
    files: int
    failing: bool = False  # a finding at or above the configuration's fail-on level

    @property
    def exit_code(self) -> Exit:
        if self.invalid:
            return Exit.ERROR
        return Exit.FINDINGS if self.failing else Exit.OK


CHECK_FORMATS = ("text", "json", "sarif", "github")
"""The report formats of ``check``."""


def load_check_config(path: Path | None = None, *, start: Path | None = None) -> Config:
    """The checker configuration in ``path``, else the nearest ``.sladoc.toml`` or
    ``pyproject.toml`` with ``[tool.sladoc]`` from ``start`` (the current folder) upwards.
    Raises UsageError for an invalid one."""
    from sladoc.checks.config import load_config

    return load_config(path, start=start)


CHECK_FILES_PER_PROCESS = 50
"""With ``jobs=0``, a process more for each 50 files: checking one takes a few
milliseconds, so fewer would not repay starting the process."""


def check(paths: Sequence[Path], config: Config | None = None, jobs: int = 1) -> CheckReport:
    """Check agreement files and folders. Invalid files are not checked; their problems
    are returned instead. Raises UsageError for a path that does not exist. With ``jobs``
    above 1 the files are checked in that many processes, with 0 in one per CPU when there
    are enough files; the report is the same, in the same order, either way."""
    from sladoc.checks.config import Config as DefaultConfig

    config = config or DefaultConfig()
    files = discover(paths)
    findings: list[Finding] = []
    invalid: dict[str, list[Problem]] = {}
    results = batch.ordered(
        _check_one,
        [(path, config) for path in files],
        jobs,
        items_per_process=CHECK_FILES_PER_PROCESS,
        slices_per_process=4,
        preload=_preload_checker,
    )
    for path, found, problems in results:
        if problems is None:
            findings.extend(found)
        else:
            invalid[str(path)] = problems
    return CheckReport(findings, invalid, len(files), _failing(findings, config))


def _check_one(path: Path, config: Config) -> tuple[Path, list[Finding], list[Problem] | None]:
    """(file, findings, None) for a valid file, (file, [], problems) for an invalid one."""
    from sladoc.agreement.validate import load_agreement
    from sladoc.checks.runner import check as check_agreement

    try:
        agreement, loaded = load_agreement(path)
    except InputError as error:
        return path, [], problems_of(error, str(path))
    return path, check_agreement(agreement, loaded, config), None


def _preload_checker() -> None:
    """Imported before the processes start, so that forked ones inherit them."""
    from sladoc.agreement import validate  # noqa: F401
    from sladoc.checks import runner, suppressions  # noqa: F401


def _failing(findings: list[Finding], config: Config) -> bool:
    from sladoc.checks.finding import SEVERITY_RANK

    threshold = SEVERITY_RANK[config.fail_on]
    return any(SEVERITY_RANK[f.severity] >= threshold for f in findings)


def format_findings(findings: list[Finding], fmt: str) -> str:
    """Findings as a report in ``fmt``, one of :data:`CHECK_FORMATS`."""
    from sladoc.checks import formats

    return formats.render(findings, fmt, version=__version__)


def findings_summary(report: CheckReport) -> str:
    """ "3 findings (1 error, 2 warnings, 0 info) in 4 files", and the invalid files."""
    from sladoc.checks import formats

    invalid = f"; {len(report.invalid)} invalid file(s) not checked" if report.invalid else ""
    return formats.summary(report.findings, report.files) + invalid


def findings_statistics(findings: list[Finding]) -> str:
    """The number of findings per code, most frequent first."""
    from sladoc.checks import formats

    return formats.statistics(findings)


# --- review -------------------------------------------------------------------------------

DIFF_FORMATS = ("text", "markdown", "json")
"""The formats of ``diff`` (``md`` is taken for ``markdown``)."""


def diff(old: Path | str, new: Path | str) -> DiffResult:
    """The changes in meaning from agreement file ``old`` to ``new``. Raises InputError
    (LoadError/SchemaError) with the problems of an invalid file."""
    from sladoc.agreement.validate import load_agreement
    from sladoc.review.diff import compare

    before, _ = load_agreement(old)
    after, _ = load_agreement(new)
    return compare(before, after, str(old), str(new))


def diff_revision(path: Path | str, rev: str = "HEAD") -> DiffResult:
    """The changes in meaning from ``path`` as committed at git revision ``rev`` to the
    file on disk. Raises UsageError when git is missing, the file is not in a git work
    tree, the revision is unknown or the file is not in it; InputError when either version
    is invalid."""
    from sladoc.agreement.loader import decode, load_text
    from sladoc.agreement.validate import load_agreement
    from sladoc.agreement.validate import validate as validate_loaded
    from sladoc.review.diff import compare
    from sladoc.review.git import committed_bytes

    after, _ = load_agreement(path)  # first, so a missing or invalid file says so
    name, raw = committed_bytes(path, rev)
    before = validate_loaded(load_text(decode(raw, name), name))
    return compare(before, after, name, str(path))


def format_diff(result: DiffResult, fmt: str) -> str:
    """A diff as text, Markdown (for a pull request) or JSON."""
    from sladoc.review.diff import FORMATTERS

    return FORMATTERS[{"md": "markdown"}.get(fmt, fmt)](result)


def textconv(path: Path | str) -> str:
    """A generated DOCX or PDF as stable plain text, for ``git diff``."""
    from sladoc.review.textconv import textconv as as_text

    return as_text(path)


def inspect_document(
    path: Path | str, templates: Path | None = None, source: Path | str | None = None
) -> Inspection:
    """A document's provenance, and whether its source or templates changed since it was
    built. Raises InputError when ``path`` is not a sladoc document."""
    from sladoc.review.inspect import inspect

    return inspect(path, templates, source)


def git_setup_plan(folder: Path, command: str = "sladoc textconv") -> SetupPlan:
    """What ``sladoc git-setup`` would change in the repository holding ``folder`` so that
    ``git diff`` shows DOCX and PDF contracts as text. Changes nothing."""
    from sladoc.review.git import setup_plan

    return setup_plan(folder, command)


# --- report -------------------------------------------------------------------------------
# Progress against an agreement from a month's data; the work is done in sladoc.reporting
# (figures, the report as a document, its PDF and SVG charts), imported on use.


def parse_day(text: str, what: str) -> date:
    """A day written ``YYYY-MM-DD``; raises the reporting's DataError naming ``what``."""
    from sladoc.reporting.reports import parse_day as parse

    return parse(text, what)


def parse_amount(text: str, what: str) -> Decimal:
    """An amount such as ``1200.50``; raises the reporting's DataError naming ``what``."""
    from sladoc.reporting.reports import parse_amount as parse

    return parse(text, what)


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
    try:
        if leads is not None:
            result = leads_report(
                loaded, Path(leads), period=month, as_of=as_of, total_revenue=total_revenue
            )
        else:
            assert incidents is not None
            result = incidents_report(loaded, Path(incidents), period=month, as_of=as_of)
    except OverflowError:  # data dated at the very end of the calendar (9999-12-31)
        raise UsageError(
            "the data or the period reaches the end of the calendar (9999-12-31); a report "
            "needs the days around its month"
        ) from None
    return result, report_files(result)
