"""The ``sladoc`` command: flags in, one library call, results out as text and exit codes.

This is the only module that prints, writes files or exits. Exit codes: 0 fine, 1 findings
or differences at or above the failing level, 2 bad usage, unreadable or invalid input.
Heavy libraries (pydantic models, docx, reportlab) are imported inside the commands that
need them, so ``sladoc --help`` starts fast.

May import: :mod:`sladoc.api`, :mod:`sladoc.errors` (and anything for type checking).
"""

from __future__ import annotations

import sys
from decimal import Decimal
from pathlib import Path
from typing import NoReturn, Optional

import typer

from sladoc import __version__
from sladoc.errors import InputError, SladocError

app = typer.Typer(
    name="sladoc",
    help="Service level agreements as YAML: validate, check and build DOCX/PDF contracts.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
calc_app = typer.Typer(
    help="Work out the funnel: leads needed, daily goal line.", no_args_is_help=True
)
app.add_typer(calc_app, name="calc")

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _err(message: str) -> None:
    typer.echo(message, err=True)


def _fail(message: str) -> NoReturn:
    _err(f"sladoc: error: {message}")
    raise typer.Exit(EXIT_ERROR)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"sladoc {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """Service level agreements as YAML: validate, check and build DOCX/PDF contracts."""


def _discover(paths: list[Path]) -> list[Path]:
    from sladoc.api import discover

    try:
        files = discover(paths)
    except SladocError as error:
        _fail(str(error))
    if not files:
        _fail("no agreement files (*.yaml, *.yml) found in " + ", ".join(map(str, paths)))
    return files


@app.command()
def validate(
    paths: list[Path] = typer.Argument(..., help="Agreement files or folders."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print errors only."),
) -> None:
    """Check that agreement files are valid; print every error as file:line:col."""
    from sladoc.agreement.validate import load_agreement

    files = _discover(paths)
    invalid = 0
    for path in files:
        try:
            load_agreement(path)
        except InputError as error:
            invalid += 1
            for problem in error.problems:
                _err(
                    f"{problem.position}: error: {problem.message}"
                    + (f" [{problem.path}]" if problem.path else "")
                )
            continue
        if not quiet:
            typer.echo(f"{path}: valid")
    if not quiet or invalid:
        _err(f"{len(files) - invalid} valid, {invalid} invalid") if invalid else typer.echo(
            f"{len(files)} valid"
        )
    raise typer.Exit(EXIT_ERROR if invalid else EXIT_OK)


@app.command()
def schema(
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Write to this file."),
) -> None:
    """Print the JSON Schema of the agreement format (for editors)."""
    from sladoc.api import json_schema_text

    text = json_schema_text()
    if out is None:
        typer.echo(text, nl=False)
    else:
        _write_text(out, text)
        _err(f"wrote {out}")


@app.command()
def new(
    kind: str = typer.Argument(..., help="internal, tiered or customer."),
    out: Optional[Path] = typer.Argument(None, help="File to create (default: print)."),
    schema_ref: str = typer.Option(
        "sladoc.schema.json", "--schema", help="Path or URL of the JSON Schema for editors."
    ),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing file."),
) -> None:
    """Write a commented starter agreement of KIND."""
    from sladoc.api import starter

    try:
        text = starter(kind, schema_ref)
    except SladocError as error:
        _fail(str(error))
    if out is None:
        typer.echo(text, nl=False)
        return
    if out.exists() and not force:
        _fail(f"{out} exists; use --force to overwrite it")
    _write_text(out, text)
    _err(f"wrote {out}")
    if "://" not in schema_ref and not (out.parent / schema_ref).exists():
        _err(
            f"hint: run `sladoc schema -o {out.parent / schema_ref}` so editors can "
            "complete and check this file"
        )


@app.command()
def uptime(
    availability: Optional[str] = typer.Argument(None, help="e.g. 99.95%"),
    downtime: Optional[str] = typer.Option(
        None, "--downtime", "-d", help='A downtime budget, e.g. "31s per year".'
    ),
    year_days: str = typer.Option("365.25", "--year-days", help="365.25 or 365."),
    month: str = typer.Option(
        "average", "--month", help="Month length: average, 30-day, or 28..31 days."
    ),
) -> None:
    """Downtime budget of an availability target, or the target of a downtime budget."""
    from sladoc.agreement import sla_math
    from sladoc.agreement.values import parse_budget, parse_percent

    convention = _convention(year_days, month)
    if (availability is None) == (downtime is None):
        _fail("give an availability (sladoc uptime 99.95%) or --downtime, not both")
    try:
        if downtime is not None:
            budget, period = parse_budget(downtime)
            percent = sla_math.availability_for(budget.seconds, period, convention)
        else:
            percent = parse_percent(availability)
    except ValueError as error:
        _fail(str(error))
    shown = _round_percent(percent)
    name = sla_math.count_nines(percent)
    if "nine" not in name and percent < 100:
        name = f"about {sla_math.nines_equivalent(percent)} nines"
    if downtime is not None:
        typer.echo(
            f"{sla_math.format_duration(budget.seconds)} per {period} = {shown}% "
            f"availability ({name})"
        )
    else:
        typer.echo(f"{shown}% availability ({name})")
    typer.echo(f"Convention: {convention.describe()}")
    rows = sla_math.budget_table(percent, convention)
    typer.echo(f"{'period':<9} allowed downtime")
    for period_name, seconds in rows:
        typer.echo(f"{period_name:<9} {sla_math.format_duration(seconds)}")


def _round_percent(value: Decimal) -> str:
    """Enough digits to tell nines apart, without a tail of float-like noise."""
    text = f"{value.quantize(Decimal('0.000001')).normalize():f}"
    return text


def _convention(year_days: str, month: str):
    from sladoc.agreement import sla_math

    try:
        year = Decimal(year_days)
    except ArithmeticError:
        _fail(f"--year-days must be 365.25 or 365, got {year_days!r}")
    if year not in (Decimal("365.25"), Decimal("365")):
        _fail(f"--year-days must be 365.25 or 365, got {year_days!r}")
    if month.isdigit():
        if not 28 <= int(month) <= 31:
            _fail(f"--month must be average, 30-day or 28..31, got {month!r}")
        return sla_math.Convention(year_days=year, month=int(month))
    if month not in ("average", "30-day"):
        _fail(f"--month must be average, 30-day or 28..31, got {month!r}")
    return sla_math.Convention(year_days=year, month=month)  # type: ignore[arg-type]


@calc_app.command("leads")
def calc_leads(
    quota: str = typer.Option(..., help="Sales quota per period, e.g. 5000."),
    share: str = typer.Option(..., help="Share of revenue from marketing leads, e.g. 100%."),
    deal: str = typer.Option(..., help="Average deal size, e.g. 100."),
    close_rate: str = typer.Option(..., "--close-rate", help="Lead-to-customer rate, e.g. 50%."),
    days: Optional[int] = typer.Option(
        None, "--days", help="Also print the daily goal line for a month of this many days."
    ),
) -> None:
    """Leads Marketing must deliver for Sales to make its quota, with the working."""
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
        _fail(str(error))
    for line in lines:
        typer.echo(line)
    typer.echo(f"Customers needed: {funnel.customers_needed}")
    typer.echo(f"Leads needed: {funnel.leads_needed}")
    if days is not None:
        _print_goal_line(Decimal(funnel.leads_needed), days)


@calc_app.command("goal-line")
def calc_goal_line(
    goal: str = typer.Option(..., help="Monthly goal, e.g. 100."),
    days: int = typer.Option(..., help="Days in the month, e.g. 30."),
) -> None:
    """The cumulative daily goal line (1/n x g per day) for a monthly goal."""
    _print_goal_line(_number(goal, "--goal"), days)


def _print_goal_line(goal: Decimal, days: int) -> None:
    from sladoc.agreement import sla_math

    if not 28 <= days <= 31:
        _fail(f"--days must be 28..31, got {days}")
    typer.echo(f"{'day':>3}  cumulative goal")
    for day, value in enumerate(sla_math.goal_line(goal, days), start=1):
        typer.echo(f"{day:>3}  {sla_math.format_number(value.quantize(Decimal('0.1')))}")


def _number(text: str, flag: str) -> Decimal:
    from sladoc.agreement.values import parse_quantity

    try:
        number, unit = parse_quantity(text.replace(",", ""))
    except ValueError:
        _fail(f"{flag} must be a number, got {text!r}")
    if unit or not number.is_finite() or number < 0:
        _fail(f"{flag} must be a number, got {text!r}")
    return number


@app.command()
def build(
    paths: list[Path] = typer.Argument(..., help="Agreement files or folders."),
    formats: str = typer.Option(
        "docx,pdf", "--format", "-f", help="Comma-separated: docx, pdf, md."
    ),
    out: Path = typer.Option(Path("out"), "--out", "-o", help="Output folder."),
    jobs: int = typer.Option(
        0,
        "--jobs",
        "-j",
        min=0,
        help="Parallel processes (default 0: one per CPU when there are several agreements).",
    ),
    templates: Optional[Path] = typer.Option(
        None, "--templates", help="A templates folder of your own."
    ),
    strict: bool = typer.Option(
        False,
        "--strict",
        help="Exit 1 when the checker finds "
        "something at or above the configured fail-on level "
        "(default: error); findings are printed either way.",
    ),
) -> None:
    """Build contracts (DOCX, PDF, Markdown) from agreement files into --out."""
    from sladoc.api import FORMATS

    wanted = tuple(dict.fromkeys(f.strip().lower() for f in formats.split(",") if f.strip()))
    unknown = [f for f in wanted if f not in FORMATS]
    if unknown or not wanted:
        _fail(
            f"unknown format {unknown[0] if unknown else formats!r}; choose from "
            f"{', '.join(FORMATS)}"
        )
    if templates is not None and not (templates / "common" / "wording.yaml").is_file():
        _fail(
            f"{templates}: not a templates folder (no common/wording.yaml); copy sladoc's "
            "templates/ and edit the copy"
        )
    from sladoc.api import load_check_config

    try:
        config = load_check_config()
    except SladocError as error:
        _fail(str(error))
    import contextlib

    from sladoc import batch as parallel
    from sladoc.api import pdf_worker

    files = _discover(paths)
    # A lone agreement would leave the second core idle: it gets the PDF, and starts on it
    # (imports, fonts) while this process reads and checks the agreement. Not with --jobs 1.
    worker = None
    if (
        len(files) == 1
        and "pdf" in wanted
        and len(wanted) > 1
        and parallel.process_count(jobs, 2) > 1
    ):
        worker = pdf_worker(templates)
    with worker or contextlib.nullcontext():
        tasks = [(path, wanted, out, templates, config, worker) for path in files]
        results = _run_parallel(_build_one, tasks, jobs, "Building")
    failed = findings_failed = 0
    written: dict[Path, Path] = {}
    for path, outputs, problems, failing in results:
        for message in problems:
            _err(message)
        failed += bool(outputs is None)
        findings_failed += failing and strict
        for output in outputs or []:
            if output in written:
                _err(
                    f"{path}: error: writes {output}, as {written[output]} does; give each "
                    "agreement its own id"
                )
                failed += 1
            written[output] = path
            typer.echo(f"wrote {output}")
    if failed:
        _err(f"{failed} of {len(files)} agreement(s) not built")
        raise typer.Exit(EXIT_ERROR)
    raise typer.Exit(EXIT_FINDINGS if findings_failed else EXIT_OK)


def _build_one(
    path: Path,
    formats: tuple[str, ...],
    out: Path,
    templates: Optional[Path],
    config,
    pdf_worker=None,
) -> tuple[Path, Optional[list[Path]], list[str], bool]:
    """Build one agreement in a worker: (path, files written or None, messages, whether a
    checker finding reaches the configured failing level). ``pdf_worker``: see
    ``api.pdf_worker``."""
    from sladoc.agreement.validate import load_agreement
    from sladoc.api import render_agreement
    from sladoc.checks import formats as finding_formats
    from sladoc.checks.finding import SEVERITY_RANK
    from sladoc.checks.runner import check as check_agreement
    from sladoc.cli.files import write_all

    try:
        agreement, loaded = load_agreement(path)
        findings = check_agreement(agreement, loaded, config)
        documents = render_agreement(agreement, path, formats, templates, pdf_worker=pdf_worker)
        # The id is validated as a plain file name, so this stays inside --out. All formats
        # are written together: a full disk must not leave a new DOCX beside an old PDF.
        files = {out / f"{agreement.id}.{fmt}": data for fmt, data in documents.items()}
        write_all(files)
        targets = list(files)
    except InputError as error:
        return (
            path,
            None,
            [
                f"{p.position}: error: {p.message}" + (f" [{p.path}]" if p.path else "")
                for p in error.problems
            ],
            False,
        )
    except SladocError as error:
        return path, None, [f"{path}: error: {error}"], False
    threshold = SEVERITY_RANK[config.fail_on]
    failing = any(SEVERITY_RANK[f.severity] >= threshold for f in findings)
    return path, targets, finding_formats.text(findings).splitlines(), failing


def _run_parallel(function, tasks: list[tuple], jobs: int, label: str) -> list:
    """Run ``function(*task)`` for each task, results in task order: in this process for a
    single task, else in ``jobs`` worker processes (0: one per CPU), fresh ones for each
    round of ``parallel.RECYCLE_AFTER`` tasks a worker, so that memory stays flat however
    many files there are.
    Shows a progress bar on a terminal when there is more than one task."""
    from sladoc import batch as parallel

    show = len(tasks) > 1 and sys.stderr.isatty()
    results: list = []
    progress = None
    if show:
        from rich.progress import Progress

        progress = Progress(transient=True)
        progress.start()
        bar = progress.add_task(label, total=len(tasks))
    processes = parallel.process_count(jobs, len(tasks))
    try:
        if processes == 1 and len(tasks) <= parallel.RECYCLE_AFTER:
            outcomes = (function(*task) for task in tasks)
        else:
            _preload_renderers()
            outcomes = parallel.run_ordered(
                function, tasks, processes, recycle_after=parallel.RECYCLE_AFTER
            )
        for outcome in outcomes:
            results.append(outcome)
            if progress:
                progress.advance(bar)
    finally:
        if progress:
            progress.stop()
    return results


def _preload_renderers() -> None:
    """Import what building needs before the workers start: forked workers inherit it, so
    a fresh one starts rendering at once instead of importing for half a second."""
    from sladoc.agreement import validate  # noqa: F401
    from sladoc.checks import runner  # noqa: F401
    from sladoc.cli import files  # noqa: F401
    from sladoc.document import compose  # noqa: F401
    from sladoc.document.writers import docx, markdown, pdf  # noqa: F401


# --- check (checker) ---


@app.command("check")
def check_command(
    paths: list[Path] = typer.Argument(..., help="Agreement files or folders."),
    output_format: Optional[str] = typer.Option(
        None,
        "--format",
        "-f",
        help="text, json, sarif or github (default: github when GITHUB_ACTIONS=true, else text).",
    ),
    fail_on: Optional[str] = typer.Option(
        None,
        "--fail-on",
        help="error, warning or info: exit 1 when a finding is at or above "
        "it (default: error, or the configuration's fail-on).",
    ),
    config_file: Optional[Path] = typer.Option(
        None,
        "--config",
        help="Configuration file (default: .sladoc.toml, or pyproject.toml "
        "with [tool.sladoc], from the current folder upwards).",
    ),
    select: Optional[str] = typer.Option(
        None, "--select", help="Only these codes, prefixes or names, comma-separated."
    ),
    ignore: Optional[str] = typer.Option(
        None, "--ignore", help="Also skip these codes, prefixes or names, comma-separated."
    ),
    statistics: bool = typer.Option(
        False, "--statistics", help="Also print the number of findings per code."
    ),
    out: Optional[Path] = typer.Option(
        None, "--output", "-o", help="Write the report to this file."
    ),
    jobs: int = typer.Option(
        0,
        "--jobs",
        "-j",
        min=0,
        help="Parallel processes (default 0: one per CPU when there are enough files to share).",
    ),
) -> None:
    """Review agreements like a careful contract reviewer: vague terms, mistyped nines,
    missing blocks. Exit 0: nothing at or above --fail-on; 1: findings; 2: bad usage,
    configuration or input."""
    import os

    from sladoc import api
    from sladoc.checks import formats
    from sladoc.checks.finding import SEVERITY_RANK

    if output_format is None:
        output_format = "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    if output_format not in formats.FORMATS:
        _fail(f"--format must be one of {', '.join(formats.FORMATS)}, got {output_format!r}")
    try:
        config = api.load_check_config(config_file).overridden(
            select=_comma_list(select), ignore=_comma_list(ignore), fail_on=fail_on
        )
    except SladocError as error:
        _fail(str(error))
    files = _discover(paths)
    try:
        report = api.check(files, config, jobs=jobs)
    except SladocError as error:
        _fail(str(error))
    for problems in report.invalid.values():
        for problem in problems:
            _err(
                f"{problem.position}: error: {problem.message}"
                + (f" [{problem.path}]" if problem.path else "")
            )
    rendered = formats.render(report.findings, output_format, version=__version__)
    counts = formats.statistics(report.findings) if statistics else ""
    if out is not None:
        _write_text(out, rendered)
    elif rendered:
        typer.echo(rendered, nl=False)
    if counts:
        # JSON and SARIF must stay parseable, so the counts go beside them, not into them
        typer.echo(counts, nl=False, err=output_format in ("json", "sarif") or out is not None)
    _err(
        formats.summary(report.findings, report.files)
        + (f"; {len(report.invalid)} invalid file(s) not checked" if report.invalid else "")
    )
    threshold = SEVERITY_RANK[config.fail_on]
    if report.invalid:
        raise typer.Exit(EXIT_ERROR)
    failing = any(SEVERITY_RANK[f.severity] >= threshold for f in report.findings)
    raise typer.Exit(EXIT_FINDINGS if failing else EXIT_OK)


def _comma_list(value: Optional[str]) -> Optional[list[str]]:
    return [part.strip() for part in value.split(",") if part.strip()] if value else None


# --- end check ---


# --- review (diff, textconv, inspect) ---


def _print_input_problems(error: InputError) -> None:
    """Problems of an invalid file, as `sladoc validate` prints them."""
    for problem in error.problems:
        _err(
            f"{problem.position}: error: {problem.message}"
            + (f" [{problem.path}]" if problem.path else "")
        )


@app.command("diff")
def diff_command(
    paths: list[Path] = typer.Argument(
        ..., help="OLD.yaml NEW.yaml, or one FILE.yaml to compare with a git revision."
    ),
    rev: Optional[str] = typer.Option(
        None,
        "--rev",
        help="Compare FILE.yaml with the file as committed at this revision (default: HEAD).",
    ),
    output_format: str = typer.Option(
        "text", "--format", "-f", help="text, markdown (for a pull request) or json."
    ),
) -> None:
    """What a change to an agreement means for the contract: targets, goals, parties,
    contacts, credits, dates and clauses added, removed or changed, with consequences.
    Exit 0: no change in meaning; 1: changes; 2: invalid file or git problem."""
    from sladoc.review import documents as review
    from sladoc.review.diff import FORMATTERS

    output_format = {"md": "markdown"}.get(output_format, output_format)
    if output_format not in FORMATTERS:
        _fail(f"--format must be one of {', '.join(FORMATTERS)}, got {output_format!r}")
    try:
        if len(paths) == 2 and rev is None:
            result = review.diff_files(paths[0], paths[1])
        elif len(paths) == 1:
            result = review.diff_revision(paths[0], rev or "HEAD")
        else:
            _fail("give OLD.yaml NEW.yaml, or one FILE.yaml (compared with --rev, default HEAD)")
    except InputError as error:
        _print_input_problems(error)
        raise typer.Exit(EXIT_ERROR) from None
    except SladocError as error:
        _fail(str(error))
    typer.echo(FORMATTERS[output_format](result), nl=False)
    raise typer.Exit(EXIT_FINDINGS if result.changed else EXIT_OK)


@app.command("textconv")
def textconv_command(
    path: Path = typer.Argument(..., help="A DOCX or PDF document."),
) -> None:
    """Print a DOCX or PDF as stable plain text, for git's textconv (see `sladoc git-setup`)."""
    from sladoc.review import documents as review

    try:
        text = review.textconv(path)
    except SladocError as error:
        _fail(str(error))
    # Bytes, so the text reaches git as UTF-8 whatever the locale of the hook's shell.
    typer.echo(text.encode("utf-8"), nl=False)


@app.command("git-setup")
def git_setup_command(
    command: str = typer.Option(
        "sladoc textconv", "--command", help="The textconv command git runs on each document."
    ),
) -> None:
    """Make `git diff` show DOCX and PDF contracts as text in this repository: sets
    diff.sladoc-docx/sladoc-pdf textconv and adds the lines .gitattributes lacks."""
    from sladoc.review import documents as review

    try:
        changed = review.git_setup(Path.cwd(), command)
    except SladocError as error:
        _fail(str(error))
    for line in changed:
        typer.echo(line)
    if not changed:
        typer.echo("already set up; nothing changed")


@app.command("inspect")
def inspect_command(
    path: Path = typer.Argument(..., help="A DOCX or PDF built by sladoc."),
    templates: Optional[Path] = typer.Option(
        None, "--templates", help="The templates folder it was built with."
    ),
    source: Optional[Path] = typer.Option(
        None, "--source", help="The agreement file, when not at the path the document records."
    ),
) -> None:
    """Print a document's provenance and whether it is stale: its agreement file or the
    templates changed since it was built. Exit 0: fresh; 1: stale; 2: not a sladoc
    document."""
    import os

    from sladoc.review import documents as review

    try:
        found = review.inspect(path, templates, source)
    except InputError as error:
        _print_input_problems(error)
        raise typer.Exit(EXIT_ERROR) from None
    except SladocError as error:
        _fail(str(error))
    typer.echo(f"{path}:")
    for name, value in found.properties.items():
        typer.echo(f"  {name}: {value}")
    recorded = found.properties["sladoc-source"]
    if found.source is None:
        typer.echo(f"source: {recorded} not found (give --source FILE if it moved)")
    else:
        shown = os.path.relpath(found.source) if not os.path.isabs(recorded) else found.source
        state = {"same": "unchanged", "changed": "changed since the document was built"}
        typer.echo(f"source: {shown}: {state[found.source_state]}")
    templates_state = {
        "same": "unchanged",
        "changed": "changed since the document was built",
        "unknown": "not compared (the source is needed to know which apply)",
    }
    typer.echo(f"templates: {found.templates}: {templates_state[found.template_state]}")
    if found.properties["sladoc-version"] != found.current_version:
        typer.echo(
            f"note: built by sladoc {found.properties['sladoc-version']}; this is "
            f"sladoc {found.current_version}, whose output may differ"
        )
    if found.note:
        typer.echo(f"note: {found.note}")
    if found.stale:
        typer.echo(f"stale: rebuild it with `sladoc build {recorded}`")
        raise typer.Exit(EXIT_FINDINGS)
    typer.echo("fresh")


# --- end review ---


# --- report ---


@app.command("report")
def report_command(
    agreement_file: Path = typer.Argument(
        ..., metavar="AGREEMENT", help="The agreement file the data is measured against."
    ),
    leads: Optional[Path] = typer.Option(
        None,
        "--leads",
        help="CSV of leads, one row per lead (internal Marketing/Sales "
        "agreement); columns in docs/reporting.md.",
    ),
    incidents: Optional[Path] = typer.Option(
        None,
        "--incidents",
        help="CSV outage log, one row per outage (customer agreement); "
        "columns in docs/reporting.md.",
    ),
    period: Optional[str] = typer.Option(
        None,
        "--period",
        help="The month, YYYY-MM (default: the month of the latest hand-off "
        "or outage in the file).",
    ),
    as_of: Optional[str] = typer.Option(
        None,
        "--as-of",
        help="Report as of this day, YYYY-MM-DD (default: leads: the last day "
        "of the period with data; incidents: the whole month).",
    ),
    total_revenue: Optional[str] = typer.Option(
        None,
        "--total-revenue",
        help="Revenue closed from all sources in the period, for the "
        "share from marketing (default: all revenue in the leads "
        "file counts as marketing's).",
    ),
    out: Path = typer.Option(Path("out"), "--out", "-o", help="Folder for the PDF and SVG charts."),
) -> None:
    """Progress against an agreement from a month's data: leads (goal line, follow-up speed
    and depth, the funnel recalculated) or outages (availability per service and service
    credits). Prints a summary; writes a one-page PDF and SVG charts into --out."""
    from sladoc import api
    from sladoc.cli.files import write_atomic
    from sladoc.reporting.reports import DataError, parse_amount, parse_day

    try:
        result, documents = api.report(
            agreement_file,
            leads=leads,
            incidents=incidents,
            period=period,
            as_of=parse_day(as_of, "--as-of") if as_of is not None else None,
            total_revenue=(
                parse_amount(total_revenue, "--total-revenue")
                if total_revenue is not None
                else None
            ),
        )
    except InputError as error:
        for problem in error.problems:
            _err(
                f"{problem.position}: error: {problem.message}"
                + (f" [{problem.path}]" if problem.path else "")
            )
        raise typer.Exit(EXIT_ERROR) from None
    except DataError as error:
        for data_problem in error.problems:
            _err(f"{data_problem.where}: error: {data_problem.message}")
        raise typer.Exit(EXIT_ERROR) from None
    except SladocError as error:
        _fail(str(error))
    for line in result.summary_lines():
        typer.echo(line)
    # The agreement id is validated as a plain file name, so these stay inside --out.
    stem = f"{result.agreement_id}-{result.period}"
    for name, data in documents.items():
        path = out / f"{stem}-{name}"
        try:
            write_atomic(path, data)
        except SladocError as error:
            _fail(str(error))
        # stdout carries the summary alone, so it can be piped into a message as it is
        _err(f"wrote {path}")


# --- end report ---


def _write_text(path: Path, text: str) -> None:
    from sladoc.cli.files import write_atomic

    try:
        write_atomic(path, text.encode("utf-8"))
    except SladocError as error:
        _fail(str(error))


def main() -> None:
    """Console entry point: no traceback ever reaches the user for our own errors."""
    try:
        app()
    except SladocError as error:  # pragma: no cover - commands catch their own
        _err(f"sladoc: error: {error}")
        sys.exit(EXIT_ERROR)
    except KeyboardInterrupt:
        _err("sladoc: interrupted")
        sys.exit(130)
