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
import re
from collections.abc import Generator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import IntEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, overload

from sladoc import __version__, batch
from sladoc.document.writers import WRITERS
from sladoc.errors import InputError, Position, Problem, SladocError, UsageError

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor
    from datetime import date

    from sladoc.agreement.loader import Loaded
    from sladoc.agreement.model import (
        Agreement,
        CustomerAgreement,
        InternalAgreement,
        TieredAgreement,
    )
    from sladoc.agreement.sla_math import Convention
    from sladoc.checks.config import Config as Config
    from sladoc.checks.config import ConfigFinder as ConfigFinder
    from sladoc.checks.finding import Finding
    from sladoc.document.templateset import TemplateSet
    from sladoc.reporting.reports import DeliveriesReport, IncidentsReport, LeadsReport
    from sladoc.review.diff import DiffResult
    from sladoc.review.git import SetupPlan
    from sladoc.review.inspect import Inspection as Inspection

__all__ = [
    "CHECK_FORMATS",
    "FORMATS",
    "Built",
    "CheckReport",
    "Exit",
    "InputError",
    "LintResult",
    "Position",
    "Problem",
    "SladocError",
    "UsageError",
    "ValidationReport",
    "build",
    "check",
    "check_text",
    "config_finder",
    "diff",
    "diff_revision",
    "discover",
    "format_diff",
    "format_findings",
    "format_validation",
    "git_setup_plan",
    "html_preview",
    "inspect_document",
    "json_schema",
    "lint",
    "load",
    "load_check_config",
    "merge_document",
    "loads",
    "looks_like_agreement",
    "render",
    "render_agreement",
    "report",
    "rule_codes",
    "rule_doc",
    "starter",
    "textconv",
    "uptime",
    "validate",
    "validate_text",
    "value_text",
]


class Exit(IntEnum):
    """The exit codes of the ``sladoc`` command, decided by the report objects below."""

    OK = 0
    FINDINGS = 1  # findings or differences at or above the failing level
    ERROR = 2  # bad usage, unreadable or invalid input


# --- finding agreements -------------------------------------------------------------------

AGREEMENT_SUFFIXES = (".yaml", ".yml")


def discover(
    paths: Sequence[Path], *, required: bool = False, agreements_only: bool = False
) -> list[Path]:
    """Expand files and folders into agreement files (``*.yaml``/``*.yml``), sorted, no
    duplicates. A folder is searched recursively; a named file is taken whatever its suffix.
    With ``agreements_only``, files that do not look like agreements (see
    :func:`looks_like_agreement`: a CI workflow, a compose file) are left out, as a
    pre-commit hook wants. Raises UsageError for a path that does not exist, and with
    ``required`` when no file is found (unless ``agreements_only`` left them all out)."""
    found: dict[Path, None] = {}
    for path in paths:
        if path.is_dir():
            for candidate in _walk(path):
                found.setdefault(candidate, None)
        elif path.exists():
            found.setdefault(path, None)
        else:
            raise UsageError(f"{path}: no such file or folder")
    if agreements_only:
        named = bool(found)
        found = {path: None for path in found if _looks_like_agreement_file(path)}
        required = required and not named
    if required and not found:
        raise UsageError(
            "no agreement files (*.yaml, *.yml) found in " + ", ".join(map(str, paths))
        )
    return list(found)


def _looks_like_agreement_file(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            head = handle.read(1 << 16)
    except OSError:
        return True  # let reading it report the problem
    return looks_like_agreement(head.decode("utf-8", "replace"))


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


@overload
def loads(
    text: str | bytes, name: str = ..., *, kind: Literal["internal"]
) -> InternalAgreement: ...
@overload
def loads(text: str | bytes, name: str = ..., *, kind: Literal["tiered"]) -> TieredAgreement: ...
@overload
def loads(
    text: str | bytes, name: str = ..., *, kind: Literal["customer"]
) -> CustomerAgreement: ...
@overload
def loads(text: str | bytes, name: str = ..., *, kind: None = ...) -> Agreement: ...
def loads(text: str | bytes, name: str = "<string>", *, kind: str | None = None) -> Agreement:
    """Validate an agreement held in memory (YAML text, or bytes in any encoding the files
    may use), without touching the disk. ``name`` is what error positions call the text.
    With ``kind``, anything else is an error too, and the result is typed as that kind.
    Raises LoadError or SchemaError with every problem at its line and column."""
    from sladoc.agreement.loader import decode, load_text
    from sladoc.agreement.validate import validate as validate_loaded

    if isinstance(text, bytes):
        text = decode(text, name)
    agreement = validate_loaded(load_text(text, name))
    if kind is not None and agreement.kind != kind:
        from sladoc.errors import SchemaError

        raise SchemaError(
            [
                Problem(
                    Position(name, 1, 1),
                    f"expected an agreement of kind {kind!r}, got {agreement.kind!r}",
                    "kind",
                )
            ]
        )
    return agreement


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


def validate(paths: Sequence[Path], *, agreements_only: bool = False) -> ValidationReport:
    """Validate agreement files and folders (see :func:`discover`)."""
    from sladoc.agreement.validate import load_agreement

    results = []
    for path in discover(paths, required=True, agreements_only=agreements_only):
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
    from sladoc.agreement.schema import agreement_schema

    schema = TypeAdapter(AnyAgreement).json_schema(by_alias=True)
    return agreement_schema(schema, FORMAT_VERSION)


def json_schema_text() -> str:
    import json

    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


def starter(
    kind: str, schema_ref: str = "sladoc.schema.json", language: str = "en", *, plans: bool = False
) -> str:
    """A commented starter agreement of ``kind`` in ``language`` (its comments and values
    written in it), pointing editors at the JSON Schema; with ``plans``, a customer
    agreement published for several plans (tiers), in English."""
    from importlib import resources

    from sladoc.agreement.model import KINDS
    from sladoc.language import LANGUAGES

    if kind not in KINDS:
        raise UsageError(f"unknown kind {kind!r}; choose one of: {', '.join(KINDS)}")
    if plans and kind != "customer":
        raise UsageError("--plans goes with a customer agreement")
    if language not in LANGUAGES:
        raise UsageError(f"unknown language {language!r}; choose one of: {', '.join(LANGUAGES)}")
    if plans and language != "en":
        raise UsageError("the starter with plans is written in English only (--language en)")
    suffix = "" if language == "en" else f".{language}"
    name = f"starter-{kind}{'-plans' if plans else ''}{suffix}.yaml"
    body = resources.files("sladoc.data").joinpath(name).read_text("utf-8")
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
    versions: tuple[Agreement, ...] = (),
) -> dict[str, bytes]:
    """Render an agreement already loaded from ``path`` (whose bytes are recorded as the
    document's provenance): ``{format: bytes}``. An agreement in two languages is drawn
    side by side when its ``versions`` (``validate_versions``) are given.

    With a ``pdf_worker`` (see ``pdf_worker()``), the PDF, the slowest format to import and
    draw, is rendered there while this process renders the others: the same bytes, sooner
    on a machine with a spare core."""
    from sladoc.document.compose import compose_versions
    from sladoc.document.templateset import TemplateSet
    from sladoc.document.writers import write

    unknown = [f for f in formats if f not in FORMATS]
    if unknown:
        raise UsageError(f"unknown format {unknown[0]!r}; choose from {', '.join(FORMATS)}")
    folder = TemplateSet.at(templates)
    source = Path(path).read_bytes()
    document = compose_versions(
        versions or (agreement,), folder, _provenance(agreement, path, source, folder, versions)
    )
    appearance = folder.look(agreement.kind)
    if pdf_worker is None or "pdf" not in formats:
        return {fmt: write(fmt, document, appearance) for fmt in formats}
    pdf = pdf_worker.submit(write, "pdf", document, appearance)
    rendered = {fmt: write(fmt, document, appearance) for fmt in formats if fmt != "pdf"}
    rendered["pdf"] = pdf.result()
    return {fmt: rendered[fmt] for fmt in formats}


def _provenance(
    agreement: Agreement,
    path: Path | str,
    source: bytes,
    folder: TemplateSet,
    versions: Sequence[Agreement] = (),
) -> tuple[tuple[str, str], ...]:
    """What a document of ``agreement`` (in its language ``versions`` side by side, when
    given), built from ``source`` read at ``path``, records: the one function both building
    and the freshness test of incremental builds ask, so whatever a build records, a
    changed value of it makes the output stale."""
    from sladoc.document.provenance import provenance

    return provenance(
        path,
        source,
        folder,
        agreement.kind,
        *_languages(agreement, versions),
        layout=agreement.layout_name,
    )


def _languages(agreement: Agreement, versions: Sequence[Agreement] = ()) -> tuple[str, ...]:
    """The languages a document of ``agreement`` is written in: each of its ``versions``."""
    return tuple(version.language for version in versions) or (agreement.language,)


def _stem(agreement: Agreement, language: str | None) -> str:
    """The name of an agreement's documents: its id, and for one language of an agreement
    in two, that language (``<id>.en``), beside the bilingual document. The id is validated
    as a plain file name, so this stays inside the output folder."""
    if language is None or len(agreement.languages) < 2:
        return agreement.id
    return f"{agreement.id}.{language}"


def render(
    agreement: Agreement,
    formats: Sequence[str] = ("docx", "pdf"),
    *,
    source: str | bytes | None = None,
    name: str | None = None,
    templates: Path | None = None,
    versions: tuple[Agreement, ...] = (),
) -> dict[str, bytes]:
    """Render an agreement to ``{format: bytes}`` without writing anything: for a web
    service, say. The documents record as their provenance only what is given: ``name``
    as the source's name and the SHA-256 of ``source`` (the text it was loaded from), so
    the same text and name give the same bytes on every call, in any thread. An agreement
    in two languages is drawn side by side when its ``versions`` are given."""
    import hashlib

    from sladoc.document import provenance as recorded
    from sladoc.document.compose import compose_versions
    from sladoc.document.templateset import TemplateSet
    from sladoc.document.writers import write

    wanted = tuple(dict.fromkeys(formats))
    unknown = [f for f in wanted if f not in FORMATS]
    if unknown or not wanted:
        raise UsageError(
            f"unknown format {unknown[0] if unknown else ''!r}; choose from {', '.join(FORMATS)}"
        )
    folder = TemplateSet.at(templates)
    properties: list[tuple[str, str]] = [(recorded.VERSION, __version__)]
    if name is not None:
        properties.append((recorded.SOURCE, name))
    if source is not None:
        raw = source.encode("utf-8") if isinstance(source, str) else source
        properties.append((recorded.SOURCE_SHA256, hashlib.sha256(raw).hexdigest()))
    languages = _languages(agreement, versions)
    layout = agreement.layout_name
    properties.append(
        (recorded.TEMPLATE_SHA256, folder.digest(agreement.kind, *languages, layout=layout))
    )
    properties.append((recorded.LAYOUT, layout))
    properties.append((recorded.CONTENT_SHA256, recorded.UNSEALED))  # sealed by the writer
    document = compose_versions(versions or (agreement,), folder, tuple(properties))
    appearance = folder.look(agreement.kind)
    return {fmt: write(fmt, document, appearance) for fmt in wanted}


def templates_folder(templates: Path | None = None) -> Path:
    """The templates folder a build with ``templates`` uses (sladoc's own for None).
    Raises TemplateError for a folder that is not one."""
    from sladoc.document.templateset import TemplateSet

    return TemplateSet.at(templates).folder


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
    it could not be built), the problems that stopped it, and the checker's findings.
    ``up_to_date``: the outputs left as they are, because their provenance says they were
    built from these very inputs (see :func:`build`)."""

    path: Path
    documents: dict[Path, bytes] | None
    problems: list[Problem]
    findings: list[Finding]
    failing: bool  # a finding at or above the configuration's fail-on level
    up_to_date: tuple[Path, ...] = ()


def build(
    files: Sequence[Path],
    formats: tuple[str, ...],
    out: Path,
    templates: Path | None = None,
    config: Config | ConfigFinder | None = None,
    jobs: int = batch.AUTO,
    *,
    force: bool = False,
    check_unchanged: bool = False,
    language: str | None = None,
    layout: str | None = None,
) -> Generator[Built, None, None]:
    """Validate, check and render each agreement file into ``{out/<id>.<format>: bytes}``,
    in ``jobs`` processes (0: as many as the work can use), results in input order. Writes
    nothing: the caller decides where the bytes go. With ``language``, an agreement in two
    languages is built in that one only, into ``<id>.<language>.<format>``; with ``layout``,
    every agreement is drawn in that layout (``sladoc build --layout``) whatever its file
    says.

    Incremental: an output whose recorded provenance equals what this build would record
    (the agreement's bytes and path, the templates' digest, the sladoc version: see
    :func:`_provenance`) and whose content is as written is left alone and listed in
    ``Built.up_to_date``; only the other formats are rendered. The outputs are the record,
    compared by content, never by time; a Markdown file records nothing, so it is always
    rendered. An agreement whose outputs are all up to date is not checked again unless
    ``check_unchanged``; ``force`` renders everything."""
    from sladoc.agreement.layout import LAYOUTS
    from sladoc.document.templateset import TemplateSet

    if layout is not None and layout not in LAYOUTS:
        raise UsageError(f"unknown layout {layout!r}; choose one of: {', '.join(LAYOUTS)}")
    configs = _configs(files, config)
    TemplateSet.at(templates)  # a wrong folder is one error up front, not one per file
    stale: dict[Path, tuple[str, ...]] = {path: formats for path in files}
    fresh: dict[Path, Built] = {}
    if not force:
        freshness = batch.ordered(
            _freshness,
            [
                (path, formats, out, templates, configs[path], check_unchanged, language, layout)
                for path in files
            ],
            jobs,
            items_per_process=FRESHNESS_FILES_PER_PROCESS,
            slices_per_process=2,
            preload=_preload_freshness,
        )
        for path, (wanted, done) in zip(files, freshness, strict=True):
            stale[path] = wanted
            if done is not None:
                fresh[path] = done
    todo = [path for path in files if stale[path]]
    # A lone agreement would leave the second core idle: it gets the PDF, and starts on it
    # (imports, fonts) while this process reads and checks the agreement. Not with --jobs 1.
    worker = None
    if (
        len(todo) == 1
        and "pdf" in stale[todo[0]]
        and len(stale[todo[0]]) > 1
        and batch.process_count(jobs, 2) > 1
    ):
        worker = pdf_worker(templates)
    try:
        built = batch.ordered(
            _build_one,
            [
                (
                    path,
                    stale[path],
                    out,
                    templates,
                    configs[path],
                    worker,
                    fresh.get(path),
                    language,
                    layout,
                )
                for path in todo
            ],
            jobs,
            recycle_after=batch.RECYCLE_AFTER,
            preload=_preload_renderers,
        )
        for path in files:
            yield next(built) if stale[path] else fresh[path]
    finally:
        if worker is not None:
            worker.shutdown(wait=True, cancel_futures=True)


FRESHNESS_FILES_PER_PROCESS = 100
"""With ``jobs=0``, a process more for each 100 agreements whose outputs are compared with
their inputs: a comparison takes a few milliseconds."""


def _freshness(
    path: Path,
    formats: tuple[str, ...],
    out: Path,
    templates: Path | None,
    config: Config,
    check_unchanged: bool,
    language: str | None = None,
    layout: str | None = None,
) -> tuple[tuple[str, ...], Built | None]:
    """The formats of ``path`` that must be rendered, and, when its other outputs are up
    to date, what the build reports for them (checked only with ``check_unchanged``). Any
    doubt (an unreadable source, an invalid agreement, a missing or foreign output) means
    rendering, which reports the problem."""
    from sladoc.checks.versions import check_versions
    from sladoc.document.provenance import PROPERTIES
    from sladoc.document.templateset import TemplateSet
    from sladoc.review.textconv import document_properties

    try:
        source = path.read_bytes()
        versions = load_versions(path, language, layout)
        agreement = versions[0][0]
        written = [version for version, _ in versions]
        folder = TemplateSet.at(templates)
        expected = dict(_provenance(agreement, path, source, folder, written))
    except (SladocError, OSError):
        return formats, None
    current: list[Path] = []
    stale: list[str] = []
    for fmt in formats:
        target = out / f"{_stem(agreement, language)}.{fmt}"
        try:
            recorded = document_properties(target, whole=False) if fmt in RECORDING_FORMATS else {}
        except InputError:
            recorded = {}
        if (
            recorded
            and all(recorded.get(name) == expected.get(name) for name in PROPERTIES)
            and _unedited(target, recorded)
        ):
            current.append(target)
        else:
            stale.append(fmt)
    if not current:
        return formats, None
    findings = check_versions(versions, config) if check_unchanged else []
    failing = _failing(findings, config) if check_unchanged else False
    return tuple(stale), Built(path, {}, [], findings, failing, tuple(current))


def _unedited(document: Path, recorded: dict[str, str]) -> bool:
    """Whether ``document`` is as its build wrote it (an output edited since, in Word say,
    is rebuilt); documents that record no content digest are taken as they are."""
    from sladoc.document.provenance import CONTENT_SHA256
    from sladoc.review.textconv import content_digest

    digest = recorded.get(CONTENT_SHA256)
    try:
        return digest is None or content_digest(document, digest) == digest
    except InputError:
        return False


RECORDING_FORMATS = ("docx", "pdf", "html")
"""The formats whose documents record their provenance (Markdown records none)."""


def _preload_freshness() -> None:
    """What the freshness test needs, imported before its workers are forked (pypdf reads
    the PDFs' properties back)."""
    import pypdf  # noqa: F401

    from sladoc.agreement import validate  # noqa: F401
    from sladoc.checks import runner, versions  # noqa: F401
    from sladoc.checks.context import import_prose_readers
    from sladoc.review import textconv  # noqa: F401

    import_prose_readers()


def _build_one(
    path: Path,
    formats: tuple[str, ...],
    out: Path,
    templates: Path | None,
    config: Config,
    worker: ProcessPoolExecutor | None,
    fresh: Built | None = None,
    language: str | None = None,
    layout: str | None = None,
) -> Built:
    """Build ``formats`` of one agreement (its ``language`` version only, when given);
    ``fresh`` lists its outputs that are up to date (and are kept)."""
    from sladoc.checks.versions import check_versions

    up_to_date = fresh.up_to_date if fresh is not None else ()
    try:
        versions = load_versions(path, language, layout)
        agreement = versions[0][0]
        findings = check_versions(versions, config)
        documents = render_agreement(
            agreement,
            path,
            formats,
            templates,
            pdf_worker=worker,
            versions=tuple(version for version, _ in versions),
        )
    except SladocError as error:
        return Built(path, None, problems_of(error, str(path)), [], False)
    targets = {out / f"{_stem(agreement, language)}.{fmt}": data for fmt, data in documents.items()}
    return Built(path, targets, [], findings, _failing(findings, config), up_to_date)


def load_versions(
    path: Path, language: str | None = None, layout: str | None = None
) -> tuple[tuple[Agreement, Loaded], ...]:
    """Every language version of the agreement at ``path`` with the data it was read from
    (one for a single-language agreement); of an agreement in two languages, with
    ``language``, only that one; with ``layout``, drawn in that layout whatever the file
    says. Raises LoadError or SchemaError (also for a ``language`` an agreement in two
    languages is not written in, or a ``layout`` that does not fit its kind)."""
    from sladoc.agreement.loader import load_file
    from sladoc.agreement.validate import laid_out, validate_versions, version

    loaded = load_file(path)
    versions = validate_versions(loaded)
    if language is not None and len(versions) > 1:
        versions = (version(loaded, language, versions),)
    return laid_out(versions, layout) if layout else versions


def _preload_renderers() -> None:
    """Import what building needs before the workers start: forked workers inherit it, so
    a fresh one starts rendering at once instead of importing for half a second; and this
    process, which formats the findings, has nothing left to import while the workers run
    (Python 3.11 turns a Ctrl-C that lands in the ``exec`` of an import into a silent
    death by SIGINT instead of exit 130)."""
    from sladoc.agreement import validate  # noqa: F401
    from sladoc.checks import formats, runner  # noqa: F401
    from sladoc.checks.context import import_prose_readers
    from sladoc.document import compose  # noqa: F401
    from sladoc.document.writers import docx, html, markdown, pdf  # noqa: F401

    import_prose_readers()


# --- check --------------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckReport:
    """What ``check`` found: findings in valid files, problems of invalid ones."""

    findings: list[Finding]
    invalid: dict[str, list[Problem]]
    files: int
    failing: bool = False  # a finding at or above the configuration's fail-on level
    suppressed: list[tuple[Finding, str]] = field(default_factory=list)  # with the reason

    @property
    def exit_code(self) -> Exit:
        if self.invalid:
            return Exit.ERROR
        return Exit.FINDINGS if self.failing else Exit.OK


CHECK_FORMATS = ("text", "json", "sarif", "github", "junit", "gitlab")
"""The report formats of ``check`` and ``validate``."""


def load_check_config(path: Path | None = None, *, start: Path | None = None) -> Config:
    """The checker configuration in ``path``, else the nearest ``.sladoc.toml`` or
    ``pyproject.toml`` with ``[tool.sladoc]`` from ``start`` (the current folder) upwards.
    Raises UsageError for an invalid one."""
    from sladoc.checks.config import load_config

    return load_config(path, start=start)


CHECK_FILES_PER_PROCESS = 50
"""With ``jobs=0``, a process more for each 50 files: checking one takes a few
milliseconds, so fewer would not repay starting the process."""


def check(
    paths: Sequence[Path],
    config: Config | ConfigFinder | None = None,
    jobs: int = 1,
) -> CheckReport:
    """Check agreement files and folders. Invalid files are not checked; their problems
    are returned instead. Raises UsageError for a path that does not exist. With ``jobs``
    above 1 the files are checked in that many processes, with 0 in one per CPU when there
    are enough files; the report is the same, in the same order, either way.

    ``config`` is one configuration for every file, or a :func:`config_finder` that gives
    each file the nearest configuration from its folder upwards (the default)."""
    files = discover(paths)
    configs = _configs(files, config)
    findings: list[Finding] = []
    invalid: dict[str, list[Problem]] = {}
    failing = False
    results = batch.ordered(
        _check_one,
        [(path, configs[path]) for path in files],
        jobs,
        items_per_process=CHECK_FILES_PER_PROCESS,
        slices_per_process=4,
        preload=_preload_checker,
    )
    suppressed: list[tuple[Finding, str]] = []
    for path, found, problems, silenced in results:
        if problems is None:
            findings.extend(found)
            suppressed.extend(silenced)
            failing = failing or _failing(found, configs[path])
        else:
            invalid[str(path)] = problems
    return CheckReport(findings, invalid, len(files), failing, suppressed)


def config_finder(
    select: list[str] | None = None,
    ignore: list[str] | None = None,
    fail_on: str | None = None,
) -> ConfigFinder:
    """Each file's configuration, the nearest from its folder upwards (like ruff), with
    these command-line overrides. Raises UsageError for an invalid override."""
    from sladoc.checks.config import Config as DefaultConfig
    from sladoc.checks.config import ConfigFinder as Finder

    DefaultConfig().overridden(select=select, ignore=ignore, fail_on=fail_on)  # check them
    return Finder(select, ignore, fail_on)


def _configs(files: Sequence[Path], config: Config | ConfigFinder | None) -> dict[Path, Config]:
    from sladoc.checks.config import Config as DefaultConfig

    if config is None:
        config = config_finder()
    if isinstance(config, DefaultConfig):
        return dict.fromkeys(files, config)
    return {path: config.for_file(path) for path in files}


def _check_one(
    path: Path, config: Config
) -> tuple[Path, list[Finding], list[Problem] | None, list[tuple[Finding, str]]]:
    """(file, findings, None, suppressed) for a valid file, (file, [], problems, []) for an
    invalid one."""
    from sladoc.checks.versions import check_versions

    try:
        versions = load_versions(path)
    except InputError as error:
        return path, [], problems_of(error, str(path)), []
    suppressed: list[tuple[Finding, str]] = []
    return path, check_versions(versions, config, suppressed), None, suppressed


@dataclass(frozen=True)
class FixReport:
    """What ``fix`` would change: each file's new text, the findings it corrects, and the
    change as one unified diff. Nothing is written; the CLI writes ``changed``."""

    changed: dict[Path, str]
    fixed: list[Finding]
    diff: str
    invalid: dict[str, list[Problem]]


def fix(paths: Sequence[Path], config: Config | ConfigFinder | None = None) -> FixReport:
    """The findings of ``check`` that have one exact correction (a downtime allowance that
    should be the computed one, a mistyped percentage), applied to each file's text: only
    the words of each finding change, so comments and layout stay. A file whose corrected
    text would no longer load or validate is left as it is."""
    from sladoc.agreement.loader import load_text
    from sladoc.agreement.validate import validate
    from sladoc.checks import fixes
    from sladoc.checks.versions import check_versions

    files = discover(paths)
    configs = _configs(files, config)
    changed: dict[Path, str] = {}
    fixed: list[Finding] = []
    diffs: list[str] = []
    invalid: dict[str, list[Problem]] = {}
    for path in files:
        try:
            versions = load_versions(path)
        except InputError as error:
            invalid[str(path)] = problems_of(error, str(path))
            continue
        loaded = versions[0][1]
        found = check_versions(versions, configs[path])
        new, applied = fixes.apply(loaded.text, found)
        if not applied:
            continue
        try:
            validate(load_text(new, str(path)))
        except InputError:
            continue
        changed[path] = new
        fixed += applied
        diffs.append(fixes.unified_diff(str(path), loaded.text, new))
    return FixReport(changed, fixed, "".join(diffs), invalid)


def _preload_checker() -> None:
    """Imported before the processes start, so that forked ones inherit them."""
    from sladoc.agreement import validate  # noqa: F401
    from sladoc.checks import runner, suppressions  # noqa: F401
    from sladoc.checks.context import import_prose_readers

    import_prose_readers()


def _failing(findings: list[Finding], config: Config) -> bool:
    from sladoc.checks.finding import SEVERITY_RANK

    threshold = SEVERITY_RANK[config.fail_on]
    return any(SEVERITY_RANK[f.severity] >= threshold for f in findings)


def format_findings(
    findings: list[Finding],
    fmt: str,
    *,
    invalid: dict[str, list[Problem]] | None = None,
    files: Sequence[str] = (),
    suppressed: Sequence[tuple[Finding, str]] = (),
) -> str:
    """Findings as a report in ``fmt``, one of :data:`CHECK_FORMATS`. The problems of
    ``invalid`` files are results too (code ``SLA000``), in every format but ``text``;
    ``files`` are all the files looked at (JUnit lists the passing ones); ``suppressed``
    findings, with their reasons, are in SARIF as suppressed results."""
    from sladoc.checks import formats

    return formats.render(
        findings,
        fmt,
        version=__version__,
        invalid=invalid,
        files=files,
        suppressed=suppressed,
    )


def format_validation(report: ValidationReport, fmt: str) -> str:
    """A validation report in a machine format of :data:`CHECK_FORMATS` (not ``text``):
    each problem a result of code ``SLA000`` at its position."""
    invalid = {str(path): problems for path, problems in report.results if problems}
    files = [str(path) for path, _ in report.results]
    return format_findings([], fmt, invalid=invalid, files=files)


def findings_summary(report: CheckReport) -> str:
    """ "3 findings (1 error, 2 warnings, 0 info) in 4 files", and the invalid files."""
    from sladoc.checks import formats

    invalid = f"; {len(report.invalid)} invalid file(s) not checked" if report.invalid else ""
    return formats.summary(report.findings, report.files) + invalid


def findings_statistics(findings: list[Finding]) -> str:
    """The number of findings per code, most frequent first."""
    from sladoc.checks import formats

    return formats.statistics(findings)


@dataclass(frozen=True)
class LintResult:
    """One agreement text checked in memory: its problems when it is not a valid agreement
    (and then no findings), else the checker's findings."""

    problems: list[Problem]
    findings: list[Finding]
    key_lines: dict[str, int] = field(default_factory=dict)  # key path -> its key's line


@dataclass(frozen=True)
class HtmlPreview:
    """An agreement rendered for ``sladoc preview``: the page (the HTML edition with the
    preview's own ``head_extra`` and ``body_extra`` added) and the inside of its content
    element, which the page replaces in place; None for both when the agreement could not
    be rendered, which its ``problems`` say. ``findings`` are the checker's; ``text`` is
    the agreement as read, to show the lines they are about."""

    page: str | None
    content: str | None
    problems: list[Problem]
    findings: list[Finding]
    text: str


def html_preview(
    path: Path,
    templates: Path | None = None,
    *,
    head_extra: str = "",
    body_extra: str = "",
) -> HtmlPreview:
    """Read, validate, check and render ``path`` as the HTML edition, with the nearest
    checker configuration; every failure (unreadable file, invalid agreement, broken
    template) is a problem of the result, never an exception."""
    from sladoc.agreement.loader import decode, load_text
    from sladoc.agreement.validate import validate_versions
    from sladoc.checks.versions import check_versions
    from sladoc.document.compose import compose_versions
    from sladoc.document.templateset import TemplateSet
    from sladoc.document.writers.common import check_document
    from sladoc.document.writers.html import content, page

    name = str(path)
    text = ""
    try:
        source = path.read_bytes()
        text = decode(source, name)
        versions = validate_versions(load_text(text, name))
        findings = check_versions(versions, _configs([path], None)[path])
        written = tuple(version for version, _ in versions)
        agreement = written[0]
        folder = TemplateSet.at(templates)
        properties = _provenance(agreement, path, source, folder, written)
        document = compose_versions(written, folder, properties)
        check_document(document)
        look = folder.look(agreement.kind)
        inner = content(document)
        whole = page(document, look, head_extra=head_extra, body_extra=body_extra, inner=inner)
    except OSError as error:
        problem = Problem(Position(name), f"cannot be read: {error.strerror or error}")
        return HtmlPreview(None, None, [problem], [], text)
    except SladocError as error:
        return HtmlPreview(None, None, problems_of(error, name), [], text)
    return HtmlPreview(whole, inner, [], findings, text)


def value_text(text: str, name: str, path: str) -> str:
    """The text of the scalar at key path ``path`` (``parties[0].contacts[0].email``) in an
    agreement's YAML ``text``, as written; empty when there is none or the text does not
    load. The preview uses it to find, in the last good rendering, the words a validation
    problem of a later edit is about."""
    from sladoc.agreement.loader import format_path, load_text

    try:
        loaded = load_text(text, name)
    except InputError:
        return ""
    for where in loaded.source.values:
        if format_path(where) == path:
            value: Any = loaded.data
            try:
                for part in where:
                    value = value[part]
            except (KeyError, IndexError, TypeError):
                return ""
            return value if isinstance(value, str) else ""
    return ""


AGREEMENT_MARK = re.compile(
    r"^(?:sladoc:\s*['\"]?1|kind:\s*['\"]?(?:internal|tiered|customer))\b", re.M
)


def looks_like_agreement(text: str) -> bool:
    """Whether a YAML text is meant as an agreement (a top-level ``sladoc: 1`` or a
    ``kind`` of agreement), so editors and hooks leave other YAML files alone."""
    return AGREEMENT_MARK.search(text) is not None


def lint(text: str | bytes, name: str, config: Config | None = None) -> LintResult:
    """Validate and check an agreement held in memory (an editor's buffer, standard input)
    under the name ``name`` (a path: per-file ignores apply to it). Raises nothing for bad
    input: its problems are in the result."""
    from sladoc.agreement.loader import decode, format_path, load_text
    from sladoc.agreement.validate import validate_versions
    from sladoc.checks.config import Config as DefaultConfig
    from sladoc.checks.versions import check_versions

    try:
        loaded = load_text(decode(text, name) if isinstance(text, bytes) else text, name)
        versions = validate_versions(loaded)
    except InputError as error:
        return LintResult(problems_of(error, name), [])
    findings = check_versions(versions, config or DefaultConfig())
    key_lines = {format_path(path): span[0] for path, span in loaded.source.keys.items()}
    return LintResult([], findings, key_lines)


def check_text(
    text: str | bytes, name: str = "-", config: Config | ConfigFinder | None = None
) -> CheckReport:
    """:func:`check` for one agreement held in memory (``sladoc check -`` reads it from
    standard input), named ``name`` in positions and for finding its configuration."""
    chosen = _configs([Path(name)], config)[Path(name)]
    result = lint(text, name, chosen)
    invalid = {name: result.problems} if result.problems else {}
    return CheckReport(result.findings, invalid, 1, _failing(result.findings, chosen))


def validate_text(text: str | bytes, name: str = "-") -> ValidationReport:
    """:func:`validate` for one agreement held in memory (``sladoc validate -``)."""
    return ValidationReport([(Path(name), lint(text, name).problems)])


def rule_codes() -> list[str]:
    """The code of every rule, in order."""
    from sladoc.checks.docs import rule_docs

    return [doc.code for doc in rule_docs()]


def rule_doc(code_or_name: str) -> str:
    """A rule's documentation, as Markdown, by its code (``SLA101``) or name
    (``vague-deadline``). Raises UsageError naming the closest rule for an unknown one."""
    from sladoc.checks.docs import rule_docs
    from sladoc.errors import closest

    docs = rule_docs()
    for doc in docs:
        if code_or_name.upper() == doc.code or code_or_name.lower() == doc.name:
            return doc.markdown()
    near = closest(code_or_name, [d.code for d in docs] + [d.name for d in docs], ignore_case=True)
    hint = f"; did you mean {near}?" if near else "; `sladoc check --help` lists the rules"
    raise UsageError(f"no rule {code_or_name!r}{hint}")


def rule_help_uri(code: str) -> str:
    """Where a rule's documentation is published (for editors' diagnostic links)."""
    from sladoc.checks import formats

    return formats.help_uri(code)


# --- review -------------------------------------------------------------------------------

DIFF_FORMATS = ("text", "markdown", "json")
"""The formats of ``diff`` (``md`` is taken for ``markdown``)."""


def diff(old: Path | str, new: Path | str) -> DiffResult:
    """The changes in meaning from agreement file ``old`` to ``new``. Raises InputError
    (LoadError/SchemaError) with the problems of an invalid file."""
    from sladoc.review.diff import compare_versions

    before = tuple(version for version, _ in load_versions(Path(old)))
    after = tuple(version for version, _ in load_versions(Path(new)))
    return compare_versions(before, after, str(old), str(new))


def diff_revision(path: Path | str, rev: str = "HEAD") -> DiffResult:
    """The changes in meaning from ``path`` as committed at git revision ``rev`` to the
    file on disk. Raises UsageError when git is missing, the file is not in a git work
    tree, the revision is unknown or the file is not in it; InputError when either version
    is invalid."""
    from sladoc.agreement.loader import decode, load_text
    from sladoc.agreement.validate import validate_versions
    from sladoc.review.diff import compare_versions
    from sladoc.review.git import committed_bytes

    after = tuple(v for v, _ in load_versions(Path(path)))  # first: a missing file says so
    name, raw = committed_bytes(path, rev)
    before = tuple(v for v, _ in validate_versions(load_text(decode(raw, name), name)))
    return compare_versions(before, after, name, str(path))


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


def merge_document(
    ours: Path, path: str, environment: dict[str, str], root: Path | None = None
) -> bytes | None:
    """git's merge driver for a built document (``sladoc merge-document``): the document
    at ``path`` rendered from its agreement merged from both sides, or None when that
    cannot be done (the agreement conflicts or is invalid, the document was built with
    other templates, or ``ours`` is not a sladoc document); git then reports the conflict.
    ``ours`` is the current side's document, ``environment`` git's (for the other side)."""
    from sladoc.agreement.loader import decode, load_text
    from sladoc.agreement.validate import laid_out, validate_versions
    from sladoc.document.provenance import LAYOUT, SOURCE, TEMPLATE_SHA256
    from sladoc.document.templateset import TemplateSet
    from sladoc.review.merge import GUARD, merged_source, other_side
    from sladoc.review.textconv import document_properties

    if environment.get(GUARD):
        return None  # inside the driver's own merge of the agreement
    root = root or Path.cwd()
    theirs = other_side(environment)
    fmt = Path(path).suffix.lower().lstrip(".")
    if theirs is None or fmt not in FORMATS:
        return None
    try:
        properties = document_properties(ours)
        merged = merged_source(root, properties[SOURCE], theirs)
        if merged is None:
            return None
        loaded = load_text(decode(merged.text, merged.path), merged.path)
        laid = validate_versions(loaded)
        if properties.get(LAYOUT):  # as the document was built, --layout or not
            laid = laid_out(laid, properties[LAYOUT])
        versions = tuple(version for version, _ in laid)
        agreement = versions[0]
        if TemplateSet.at(None).digest(
            agreement.kind, *_languages(agreement, versions), layout=agreement.layout_name
        ) != properties.get(TEMPLATE_SHA256):
            return None
        rendered = render(agreement, [fmt], source=merged.text, name=merged.path, versions=versions)
        return rendered[fmt]
    except SladocError:
        return None


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


def _tier_aliases(version: Agreement, versions: list[Agreement]) -> dict[str, str]:
    """The lead tiers of a bilingual agreement by their names in the other languages, each
    to its name in ``version``: a leads file may name them in either language."""
    from sladoc.agreement.model import InternalAgreement

    if not isinstance(version, InternalAgreement):
        return {}
    return {
        theirs.name: ours.name
        for other in versions
        if isinstance(other, InternalAgreement)
        for theirs, ours in zip(other.lead_tiers, version.lead_tiers, strict=True)
    }


def report(
    agreement: Path | str,
    *,
    leads: Path | str | None = None,
    incidents: Path | str | None = None,
    period: str | None = None,
    as_of: date | None = None,
    total_revenue: Decimal | None = None,
    plan: str | None = None,
    deliveries: Path | str | None = None,
) -> tuple[LeadsReport | IncidentsReport | DeliveriesReport, dict[str, bytes]]:
    """The report on one agreement from a leads file (internal agreement) or an outage log
    (customer agreement), and its files: ``{"report.pdf": ..., "marketing.svg": ...}``.
    ``period`` is a month, ``YYYY-MM``. Raises InputError for an invalid agreement,
    ``reporting.DataError`` for bad data (each problem at its row and column) and
    UsageError for a wrong combination (leads on a customer agreement, say). ``plan``
    names the plan an outage log is measured against, in an agreement with plans;
    ``deliveries`` is a supplier's delivery log (customer agreement with deliveries)."""
    from sladoc.reporting.reports import (
        deliveries_report,
        incidents_report,
        leads_report,
        parse_month,
        report_files,
    )

    if sum(given is not None for given in (leads, incidents, deliveries)) != 1:
        raise UsageError(
            "give --leads FILE (for an internal agreement), --incidents FILE (for a customer "
            "agreement) or --deliveries FILE (for a supplier's)"
        )
    if total_revenue is not None and leads is None:
        raise UsageError("--total-revenue goes with --leads")
    if plan is not None and incidents is None:
        raise UsageError("--plan goes with --incidents")
    if deliveries is not None and as_of is not None:
        raise UsageError("--as-of goes with --leads or --incidents")
    versions = [version for version, _ in load_versions(Path(agreement))]
    month = parse_month(period) if period is not None else None
    results: list[LeadsReport | IncidentsReport | DeliveriesReport] = []
    try:
        # A bilingual agreement's report is written in both its languages, side by side.
        for version in versions:
            if deliveries is not None:
                results.append(deliveries_report(version, Path(deliveries), period=month))
            elif leads is not None:
                report = leads_report(
                    version,
                    Path(leads),
                    period=month,
                    as_of=as_of,
                    total_revenue=total_revenue,
                    tier_aliases=_tier_aliases(version, versions),
                )
                results.append(report)
            else:
                assert incidents is not None
                results.append(
                    incidents_report(version, Path(incidents), period=month, as_of=as_of, plan=plan)
                )
    except OverflowError:  # data dated at the very end of the calendar (9999-12-31)
        raise UsageError(
            "the data or the period reaches the end of the calendar (9999-12-31); a report "
            "needs the days around its month"
        ) from None
    return results[0], report_files(results[0], None, *results[1:])
