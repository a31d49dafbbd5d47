"""The ``sladoc`` command: flags in, one library call, results out as text and exit codes.

Every command is: parse flags -> one call into :mod:`sladoc.api` -> print through
:mod:`sladoc.cli.console` -> the exit code the library's report object gives. This package
is the only place that prints, writes files (:mod:`sladoc.cli.files`) or exits. Exit codes:
0 fine, 1 findings or differences at or above the failing level, 2 bad usage, unreadable or
invalid input (or out of memory), 3 a bug in sladoc (an internal error; ``--debug``
anywhere on the command line shows its traceback). ``sladoc --help`` imports typer and
the light library surface only.

May import: :mod:`sladoc.api`, :mod:`sladoc.errors` (and anything for type checking).
"""

from __future__ import annotations

import contextlib
import copy
import errno
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Optional, ParamSpec, TypeVar

import typer

from sladoc import __version__, api
from sladoc.cli import console, files
from sladoc.errors import SladocError

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

Params = ParamSpec("Params")
Result = TypeVar("Result")


def _call(
    function: Callable[Params, Result], *args: Params.args, **kwargs: Params.kwargs
) -> Result:
    """``function(...)``; a SladocError ends the command with its problems or message."""
    try:
        return function(*args, **kwargs)
    except SladocError as error:
        console.failed(error)


def _version(value: bool) -> None:
    if value:
        console.out(f"sladoc {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """Service level agreements as YAML: validate, check and build DOCX/PDF contracts."""


@app.command()
def validate(
    paths: list[Path] = typer.Argument(
        ..., help="Agreement files or folders; - reads one agreement from standard input."
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="Print errors only."),
    stdin_filename: Optional[str] = typer.Option(
        None, "--stdin-filename", help="The name of the agreement read from standard input."
    ),
    agreements_only: bool = typer.Option(
        False,
        "--agreements-only",
        help="Skip YAML files that are not agreements (no top-level `sladoc: 1` or "
        "agreement `kind`), as the pre-commit hooks do.",
    ),
    output_format: Optional[str] = typer.Option(
        None,
        "--format",
        "-f",
        help="text, json, sarif, github, junit or gitlab (default: github when "
        "GITHUB_ACTIONS=true, else text); each error is a result of code SLA000.",
    ),
    out: Optional[Path] = typer.Option(
        None, "--output", "-o", help="Write the report to this file (not with text)."
    ),
) -> None:
    """Check that agreement files are valid; print every error as file:line:col."""

    output_format = _report_format(output_format)
    if _stdin(paths):
        report = api.validate_text(sys.stdin.buffer.read(), stdin_filename or "-")
    else:
        report = _call(api.validate, paths, agreements_only=agreements_only)
    if output_format != "text":
        rendered = api.format_validation(report, output_format)
        if out is not None:
            _write_text(out, rendered)
        else:
            console.out(rendered, end=False)
        invalid, files = report.invalid, len(report.results)
        console.err(f"{files - invalid} valid, {invalid} invalid")
        raise typer.Exit(report.exit_code)
    for path, problems in report.results:
        for found in problems:
            console.problem(found)
        if not problems and not quiet:
            console.out(f"{path}: valid")
    invalid, files = report.invalid, len(report.results)
    if invalid:
        console.err(f"{files - invalid} valid, {invalid} invalid")
    elif not quiet:
        console.out(f"{files} valid")
    raise typer.Exit(report.exit_code)


@app.command()
def schema(
    out: Optional[Path] = typer.Option(None, "--out", "-o", help="Write to this file."),
) -> None:
    """Print the JSON Schema of the agreement format (for editors)."""

    text = api.json_schema_text()
    if out is None:
        console.out(text, end=False)
    else:
        _write_text(out, text)
        console.err(f"wrote {out}")


@app.command()
def new(
    kind: str = typer.Argument(..., help="internal, tiered or customer."),
    out: Optional[Path] = typer.Argument(None, help="File to create (default: print)."),
    schema_ref: str = typer.Option(
        "sladoc.schema.json", "--schema", help="Path or URL of the JSON Schema for editors."
    ),
    force: bool = typer.Option(False, "--force", help="Overwrite an existing file."),
    plans: bool = typer.Option(
        False, "--plans", help="customer: an agreement published for several plans (tiers)."
    ),
    language: str = typer.Option(
        "en", "--language", "-l", help="The agreement's language: en or id (Indonesian)."
    ),
) -> None:
    """Write a commented starter agreement of KIND."""

    text = _call(api.starter, kind, schema_ref, language, plans=plans)
    if out is None:
        console.out(text, end=False)
        return
    if out.exists() and not force:
        console.fail(f"{out} exists; use --force to overwrite it")
    _write_text(out, text)
    console.err(f"wrote {out}")
    if "://" not in schema_ref and not (out.parent / schema_ref).exists():
        console.err(
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

    for line in _call(api.uptime, availability, downtime, year_days, month).lines():
        console.out(line)


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

    for line in _call(api.leads_needed, quota, share, deal, close_rate, days):
        console.out(line)


@calc_app.command("goal-line")
def calc_goal_line(
    goal: str = typer.Option(..., help="Monthly goal, e.g. 100."),
    days: int = typer.Option(..., help="Days in the month, e.g. 30."),
) -> None:
    """The cumulative daily goal line (1/n x g per day) for a monthly goal."""

    for line in _call(api.goal_line, goal, days):
        console.out(line)


@app.command()
def build(
    paths: list[Path] = typer.Argument(..., help="Agreement files or folders."),
    formats: str = typer.Option(
        "docx,pdf", "--format", "-f", help="Comma-separated: docx, pdf, md, html."
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
        "(default: error); findings are printed either way (agreements whose documents "
        "are up to date are checked again too).",
    ),
    force: bool = typer.Option(
        False,
        "--force",
        help="Rebuild every document, also those whose recorded provenance says they are "
        "up to date.",
    ),
    watch: bool = typer.Option(
        False,
        "--watch",
        help="After building, keep watching the agreements and the templates, and rebuild "
        "what changes (Ctrl-C ends).",
    ),
    language: Optional[str] = typer.Option(
        None,
        "--language",
        "-l",
        help="Build an agreement in two languages in this one only (en or id), "
        "as <id>.<language>.<format>; agreements in one language are built as they are.",
    ),
    layout: Optional[str] = typer.Option(
        None,
        "--layout",
        help="Lay every agreement out this way, whatever its file says: two-column, "
        "metrics, stages, bullets, summary or formal (see docs/layouts.md).",
    ),
) -> None:
    """Build contracts (DOCX, PDF, HTML, Markdown) from agreement files into --out.
    Documents whose recorded provenance (agreement, templates, sladoc version) matches are
    left as they are; --force rebuilds them."""

    wanted = _call(api.document_formats, formats)
    edition = {"language": language, "layout": layout}
    code = _build_once(paths, wanted, out, templates, jobs, strict=strict, force=force, **edition)
    if not watch:
        raise typer.Exit(code)
    _watch_builds(paths, wanted, out, templates, jobs, strict=strict, **edition)


def _build_once(
    paths: list[Path],
    wanted: tuple[str, ...],
    out: Path,
    templates: Optional[Path],
    jobs: int,
    *,
    strict: bool,
    force: bool,
    language: Optional[str] = None,
    layout: Optional[str] = None,
) -> int:
    """One build of ``paths``: documents written, findings and a summary printed; the exit
    code."""
    config = _call(api.config_finder)
    agreements = _call(api.discover, paths, required=True)
    messages: list[tuple[bool, str]] = []
    failed = findings_failed = up_to_date = 0
    written: dict[Path, Path] = {}
    # closing(): on Ctrl-C between two results the workers are stopped at once, not when
    # the interpreter exits, so the tasks not started are dropped and no file is half-written
    try:
        with contextlib.closing(
            api.build(
                agreements,
                wanted,
                out,
                templates,
                config,
                jobs,
                force=force,
                check_unchanged=strict,
                language=language,
                layout=layout,
            )
        ) as results:
            for built in console.progress(results, len(agreements), "Building"):
                # Written as they come, printed when all are done (not under the progress bar)
                lines, failures = _write_built(built, written)
                messages += lines
                failed += failures
                findings_failed += built.failing and strict
                up_to_date += bool(built.up_to_date) and not built.documents
    except SladocError as error:
        console.fail(str(error))
    for to_stderr, message in messages:
        (console.err if to_stderr else console.out)(message)
    if up_to_date:
        console.err(
            f"{up_to_date} of {len(agreements)} agreement(s) up to date "
            "(their documents record these inputs; --force rebuilds them)"
        )
    if failed:
        console.err(f"{failed} of {len(agreements)} agreement(s) not built")
        return api.Exit.ERROR
    return api.Exit.FINDINGS if findings_failed else api.Exit.OK


def _watch_builds(
    paths: list[Path],
    wanted: tuple[str, ...],
    out: Path,
    templates: Optional[Path],
    jobs: int,
    *,
    strict: bool,
    language: Optional[str] = None,
    layout: Optional[str] = None,
) -> None:
    """Rebuild what changed whenever an agreement or a template is saved, until Ctrl-C
    (which ``main`` turns into exit 130)."""
    from sladoc.preview.watch import Watcher

    # The documents it writes are no change to build from, wherever --out is.
    watcher = Watcher([*paths, _call(api.templates_folder, templates)], skip=[out])
    console.err("watching for changes (Ctrl-C ends)")
    while True:
        watcher.wait()
        _build_once(
            paths,
            wanted,
            out,
            templates,
            jobs,
            strict=strict,
            force=False,
            language=language,
            layout=layout,
        )


@app.command("preview")
def preview_command(
    path: Path = typer.Argument(..., metavar="FILE", help="The agreement to preview."),
    port: int = typer.Option(
        0, "--port", min=0, max=65535, help="Port on 127.0.0.1 (default 0: a free one)."
    ),
    no_open: bool = typer.Option(False, "--no-open", help="Do not open a browser."),
    templates: Optional[Path] = typer.Option(
        None, "--templates", help="A templates folder of your own."
    ),
) -> None:
    """Show the agreement as a web page on 127.0.0.1 that follows your edits: each save of
    the file or of a template updates the page in place, with problems and findings beside
    the words they are about (click one for its YAML lines). Ctrl-C ends."""

    from sladoc.preview.server import start

    if not path.is_file():
        console.fail(f"{path}: no such file")
    try:
        server = _call(start, path, templates, port)
    except OSError as error:
        console.fail(f"cannot serve on 127.0.0.1:{port}: {error.strerror or error}")
    console.err(f"previewing {path} at {server.url} (Ctrl-C ends)")
    if not no_open:
        import webbrowser

        webbrowser.open(server.url)
    with server:
        server.run()


@app.command("check")
def check_command(
    paths: list[Path] = typer.Argument(
        ..., help="Agreement files or folders; - reads one agreement from standard input."
    ),
    stdin_filename: Optional[str] = typer.Option(
        None,
        "--stdin-filename",
        help="The name of the agreement read from standard input: used in positions, "
        "per-file-ignores and to find its configuration.",
    ),
    agreements_only: bool = typer.Option(
        False,
        "--agreements-only",
        help="Skip YAML files that are not agreements (no top-level `sladoc: 1` or "
        "agreement `kind`), as the pre-commit hooks do.",
    ),
    output_format: Optional[str] = typer.Option(
        None,
        "--format",
        "-f",
        help="text, json, sarif, github, junit or gitlab (default: github when "
        "GITHUB_ACTIONS=true, else text).",
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
        help="Configuration file for every file (default: for each file, the nearest "
        ".sladoc.toml, or pyproject.toml with [tool.sladoc], from its folder upwards).",
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
    fix: bool = typer.Option(
        False,
        "--fix",
        help="Correct, in the files, the findings that have one exact correction (a downtime "
        "allowance, a mistyped percentage), then report the rest.",
    ),
    show_diff: bool = typer.Option(
        False, "--diff", help="Show what --fix would change, as a unified diff; write nothing."
    ),
) -> None:
    """Review agreements like a careful contract reviewer: vague terms, mistyped nines,
    missing blocks. Exit 0: nothing at or above --fail-on; 1: findings; 2: bad usage,
    configuration or input."""

    output_format = _report_format(output_format)
    selected, ignored = _comma_list(select), _comma_list(ignore)
    if config_file is not None:
        config: api.Config | api.ConfigFinder = _call(
            _call(api.load_check_config, config_file).overridden,
            select=selected,
            ignore=ignored,
            fail_on=fail_on,
        )
    else:  # each file's own: the nearest from its folder upwards
        config = _call(api.config_finder, selected, ignored, fail_on)
    if (fix or show_diff) and not _stdin(paths):
        fixes = _call(api.fix, _call(api.discover, paths, required=True), config)
        if show_diff:
            console.out(fixes.diff, end=False)
            console.err(f"{len(fixes.fixed)} findings can be fixed in {len(fixes.changed)} files")
            raise typer.Exit(0)
        for path, text in fixes.changed.items():
            _call(files.write_atomic, path, text.encode("utf-8"))
        console.err(f"fixed {len(fixes.fixed)} findings in {len(fixes.changed)} files")
    if _stdin(paths):
        name = stdin_filename or "-"
        checked = [Path(name)]
        report = _call(api.check_text, sys.stdin.buffer.read(), name, config)
    else:
        checked = _call(api.discover, paths, required=True, agreements_only=agreements_only)
        report = _call(api.check, checked, config, jobs=jobs)
    if output_format == "text" or out is not None:
        # in a machine format they are results too; on stderr they stay readable in a log
        for problems in report.invalid.values():
            for found in problems:
                console.problem(found)
    rendered = api.format_findings(
        report.findings,
        output_format,
        invalid=report.invalid,
        files=[str(path) for path in checked],
        suppressed=report.suppressed,
    )
    counts = api.findings_statistics(report.findings) if statistics else ""
    if out is not None:
        _write_text(out, rendered)
    elif rendered:
        console.out(rendered, end=False)
    if counts:
        # machine reports must stay parseable, so the counts go beside them, not into them
        beside = output_format in ("json", "sarif", "junit", "gitlab") or out is not None
        (console.err if beside else console.out)(counts, end=False)
    console.err(api.findings_summary(report))
    raise typer.Exit(report.exit_code)


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

    output_format = {"md": "markdown"}.get(output_format, output_format)
    if output_format not in api.DIFF_FORMATS:
        console.fail(
            f"--format must be one of {', '.join(api.DIFF_FORMATS)}, got {output_format!r}"
        )
    if len(paths) == 2 and rev is None:
        result = _call(api.diff, paths[0], paths[1])
    elif len(paths) == 1:
        result = _call(api.diff_revision, paths[0], rev or "HEAD")
    else:
        console.fail("give OLD.yaml NEW.yaml, or one FILE.yaml (compared with --rev, default HEAD)")
    console.out(api.format_diff(result, output_format), end=False)
    raise typer.Exit(api.Exit.FINDINGS if result.changed else api.Exit.OK)


@app.command("textconv")
def textconv_command(
    path: Path = typer.Argument(..., help="A DOCX, PDF or HTML document."),
) -> None:
    """Print a DOCX, PDF or HTML edition as stable plain text, for git's textconv (see
    `sladoc git-setup`)."""

    text = _call(api.textconv, path)
    # Bytes, so the text reaches git as UTF-8 whatever the locale of the hook's shell.
    console.out(text.encode("utf-8"), end=False)


@app.command("git-setup")
def git_setup_command(
    command: str = typer.Option(
        "sladoc textconv", "--command", help="The textconv command git runs on each document."
    ),
) -> None:
    """Make `git diff` show DOCX and PDF contracts as text, and `git merge` rebuild them
    from the merged agreement, in this repository: sets the diff.sladoc-docx/sladoc-pdf
    textconv and merge drivers and adds the lines .gitattributes lacks."""

    plan = _call(api.git_setup_plan, Path.cwd(), command)
    try:
        for key, value in plan.config:
            files.set_git_config(plan.root, key, value)
        if plan.attributes_text is not None:
            files.write_atomic(plan.attributes_file, plan.attributes_text.encode("utf-8"))
    except SladocError as error:
        console.fail(str(error))
    for line in plan.changes():
        console.out(line)
    if not plan.changes():
        console.out("already set up; nothing changed")


@app.command("merge-document", hidden=True)
def merge_document_command(
    ancestor: Path = typer.Argument(..., help="%O: the merge base's document (unused)."),
    ours: Path = typer.Argument(..., help="%A: our document; the result is written here."),
    theirs: Path = typer.Argument(..., help="%B: their document (unused)."),
    path: str = typer.Argument(..., help="%P: the document's path in the repository."),
) -> None:
    """git's merge driver for built documents (set up by `sladoc git-setup`): rebuild the
    document from its merged agreement. Exit 1 leaves git's conflict in place."""

    merged = api.merge_document(ours, path, dict(os.environ))
    if merged is None:
        console.err(f"sladoc: {path}: cannot rebuild from a cleanly merged agreement; rebuild it")
        raise typer.Exit(api.Exit.FINDINGS)
    _call(files.write_atomic, ours, merged)


@app.command("inspect")
def inspect_command(
    path: Path = typer.Argument(..., help="A DOCX, PDF or HTML edition built by sladoc."),
    templates: Optional[Path] = typer.Option(
        None, "--templates", help="The templates folder it was built with."
    ),
    source: Optional[Path] = typer.Option(
        None, "--source", help="The agreement file, when not at the path the document records."
    ),
) -> None:
    """Print a document's provenance and whether it is stale: its agreement file or the
    templates changed since it was built, or the document itself was edited. Exit 0:
    fresh; 1: stale; 2: not a sladoc document."""

    found = _call(api.inspect_document, path, templates, source)
    console.out(f"{path}:")
    for name, value in found.properties.items():
        console.out(f"  {name}: {value}")
    recorded = found.properties["sladoc-source"]
    if found.source is None:
        console.out(f"source: {recorded} not found (give --source FILE if it moved)")
    else:
        shown = os.path.relpath(found.source) if not os.path.isabs(recorded) else found.source
        state = {"same": "unchanged", "changed": "changed since the document was built"}
        console.out(f"source: {shown}: {state[found.source_state]}")
    templates_state = {
        "same": "unchanged",
        "changed": "changed since the document was built",
        "unknown": "not compared (the source is needed to know which apply)",
    }
    console.out(f"templates: {found.templates}: {templates_state[found.template_state]}")
    if found.content_state != "unrecorded":
        content_state = {
            "same": "unchanged since it was built",
            "edited": "edited since it was built (its content no longer matches its digest)",
        }
        console.out(f"document: {content_state[found.content_state]}")
    if found.properties["sladoc-version"] != found.current_version:
        console.out(
            f"note: built by sladoc {found.properties['sladoc-version']}; this is "
            f"sladoc {found.current_version}, whose output may differ"
        )
    if found.note:
        console.out(f"note: {found.note}")
    if found.stale:
        console.out(f"stale: rebuild it with `{_rebuild_command(path, found, templates)}`")
        raise typer.Exit(api.Exit.FINDINGS)
    console.out("fresh")


@app.command("rule")
def rule_command(
    code: str = typer.Argument(..., help="A rule's code (SLA101) or name (vague-deadline)."),
) -> None:
    """Print a rule's documentation: what it finds, why it matters, examples."""

    console.out(_call(api.rule_doc, code), end=False)


@app.command("lsp")
def lsp_command() -> None:
    """Run the language server over stdin/stdout, for editors (see docs/editors.md):
    problems and findings as you type, hover, quick fixes, completion. Needs the `lsp`
    extra (pygls)."""

    try:
        from sladoc.lsp import main as serve
    except ImportError as error:
        console.fail(
            f"the language server needs pygls ({error}); install sladoc with the `lsp` extra"
        )
    serve()


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
    deliveries: Optional[Path] = typer.Option(
        None,
        "--deliveries",
        help="CSV delivery log, one row per delivery due (a supplier's customer "
        "agreement); columns in docs/reporting.md.",
    ),
    plan: Optional[str] = typer.Option(
        None,
        "--plan",
        help="With --incidents, for an agreement with plans: the plan to measure against "
        "(default: the customer's plan the agreement names).",
    ),
    out: Path = typer.Option(Path("out"), "--out", "-o", help="Folder for the PDF and SVG charts."),
) -> None:
    """Progress against an agreement from a month's data: leads (goal line, follow-up speed
    and depth, the funnel recalculated), outages (availability per service and service
    credits) or deliveries (on time and complete, and the credits for them). Prints a
    summary; writes a one-page PDF and SVG charts into --out."""

    result, documents = _call(
        api.report,
        agreement_file,
        leads=leads,
        incidents=incidents,
        period=period,
        as_of=_call(api.parse_day, as_of, "--as-of") if as_of is not None else None,
        total_revenue=(
            _call(api.parse_amount, total_revenue, "--total-revenue")
            if total_revenue is not None
            else None
        ),
        plan=plan,
        deliveries=deliveries,
    )
    for line in result.summary_lines():
        console.out(line)
    # The agreement id is validated as a plain file name, so these stay inside --out.
    stem = f"{result.agreement_id}-{result.period}"
    for name, data in documents.items():
        target = out / f"{stem}-{name}"
        _call(files.write_atomic, target, data)
        # stdout carries the summary alone, so it can be piped into a message as it is
        console.err(f"wrote {target}")


def _rebuild_command(document: Path, found: api.Inspection, templates: Optional[Path]) -> str:
    """The ``sladoc build`` that makes ``document`` again where it is: its source, its
    folder as --out, the formats built beside it, --templates when one was given and
    --layout when it was built with one."""
    recorded = found.properties["sladoc-source"]
    source = os.path.relpath(found.source) if found.source is not None else recorded
    formats = [
        fmt for fmt in api.FORMATS if fmt != "md" and document.with_suffix(f".{fmt}").is_file()
    ] or [document.suffix.lower().lstrip(".")]
    if document.with_suffix(".md").is_file():
        formats.append("md")
    parts = ["sladoc", "build", source, "--out", os.path.relpath(document.parent) or "."]
    if tuple(formats) != ("docx", "pdf"):
        parts += ["--format", ",".join(formats)]
    if templates is not None:
        parts += ["--templates", str(templates)]
    if found.layout:
        parts += ["--layout", found.layout]
    return " ".join(_quoted(part) for part in parts)


def _quoted(part: str) -> str:
    import shlex

    return shlex.quote(part)


def _write_built(built: api.Built, written: dict[Path, Path]) -> tuple[list[tuple[bool, str]], int]:
    """Write one agreement's documents, all or none. Returns what to print, as (to stderr?,
    line), and how many failures to count."""
    lines = [(True, console.problem_text(found)) for found in built.problems]
    if built.documents is None:
        return lines, 1
    try:
        # All formats are written together: a full disk must not leave a new DOCX beside an
        # old PDF.
        files.write_all(built.documents)
    except SladocError as error:
        return [*lines, (True, f"{built.path}: error: {error}")], 1
    for current in built.up_to_date:  # not written again: what a killed build left of it
        files.remove_stale(current)
    findings = api.format_findings(built.findings, "text").splitlines()
    lines += [(True, line) for line in findings]
    failed = 0
    for output in (*built.up_to_date, *built.documents):
        if output in written:
            lines.append(
                (
                    True,
                    f"{built.path}: error: writes {output}, as {written[output]} does; give "
                    "each agreement its own id",
                )
            )
            failed += 1
        written[output] = built.path
        if output in built.documents:
            lines.append((False, f"wrote {output}"))
    return lines, failed


def _stdin(paths: list[Path]) -> bool:
    """Whether the agreement comes from standard input (``-``, alone)."""
    if not any(str(path) == "-" for path in paths):
        return False
    if len(paths) > 1:
        console.fail("- (standard input) cannot be combined with other paths")
    return True


def _report_format(name: Optional[str]) -> str:
    """``--format`` of check and validate: checked, with GitHub's default in its Actions."""
    if name is None:
        return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"
    if name not in api.CHECK_FORMATS:
        console.fail(f"--format must be one of {', '.join(api.CHECK_FORMATS)}, got {name!r}")
    return name


def _comma_list(value: Optional[str]) -> Optional[list[str]]:
    return [part.strip() for part in value.split(",") if part.strip()] if value else None


def _write_text(path: Path, text: str) -> None:
    _call(files.write_atomic, path, text.encode("utf-8"))


def _app_for(args: list[str]) -> typer.Typer:
    """The app that runs these arguments. When the first one names a command (`sladoc check
    ...`), an app of the root options and that command alone: typer turns every command's
    parameters into click's before it parses anything, and a one-file `check` or
    `validate` should not pay for twenty commands it does not run (issue 21). The command,
    its help, its errors and its exit codes are the same objects either way; any other
    command line (none, `--help`, `--version`, a group, a typo) gets the whole app."""
    if args:
        chosen = [info for info in app.registered_commands if _name(info) == args[0]]
        if chosen:
            alone = copy.copy(app)
            alone.registered_commands = chosen
            alone.registered_groups = []
            return alone
    return app


def _name(info: typer.models.CommandInfo) -> str | None:
    """A command's name as typer gives it: its own, or its function's with - for _."""
    if info.name or info.callback is None:
        return info.name
    return typer.main.get_command_name(info.callback.__name__)


INTERNAL_ERROR = 3
"""The exit code of a bug in sladoc: an exception no command expected."""


def _out_of_memory(error: BaseException) -> bool:
    """Whether ``error`` is the memory running out: a MemoryError, or, under ``ulimit -v``,
    the loader failing to map a library's code into memory, no room for a thread's stack,
    or C code whose allocation failed returning an error without raising one (Python's
    import system does, when it cannot list a folder)."""
    if isinstance(error, MemoryError):
        return True
    if isinstance(error, SystemError) and "without exception set" in str(error):
        import resource

        return resource.getrlimit(resource.RLIMIT_AS)[0] != resource.RLIM_INFINITY
    if isinstance(error, OSError) and error.errno == errno.ENOMEM:
        return True
    if isinstance(error, RuntimeError) and "can't start new thread" in str(error):
        return True
    return isinstance(error, ImportError) and "failed to map segment" in str(error)


def _end_workers() -> None:
    """Kill the worker processes a failed command leaves: a pool whose manager thread could
    not start (no memory for its stack) never tells its workers to stop, and the exit would
    wait for them for ever."""
    multiprocessing = sys.modules.get("multiprocessing")
    if multiprocessing is not None:
        for child in multiprocessing.active_children():
            child.kill()
            child.join()


def main() -> None:
    """Console entry point: no traceback ever reaches the user. Our own errors exit 2 with
    their message; running out of memory (a ``ulimit -v``) exits 2 saying so; anything
    else is a bug in sladoc: a short message and a hint to report it, exit 3, and the
    traceback only with ``--debug``."""
    debug = "--debug" in sys.argv[1:]
    if debug:
        sys.argv.remove("--debug")
    # The command's models want no pydantic plugin (tracing, say), and looking for one
    # reads the entry points of every installed package when the first model is built: a
    # few milliseconds of every run (issue 21). A value set by the user is kept.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    # Every command hashes (provenance, digests). Imported first, while the process is
    # small: under a memory limit (ulimit -v) a late import fails to map OpenSSL's library,
    # and hashlib reports that with tracebacks on stderr before any error of ours.
    import hashlib  # noqa: F401

    try:
        _app_for(sys.argv[1:])()
    except SladocError as error:  # pragma: no cover - commands catch their own
        console.err(f"sladoc: error: {error}")
        sys.exit(api.Exit.ERROR)
    except KeyboardInterrupt:
        console.err("sladoc: interrupted")
        sys.exit(130)
    except Exception as error:
        if debug:
            raise
        _end_workers()
        if _out_of_memory(error):
            console.err(
                "sladoc: error: out of memory; the input is too large for the memory this "
                "process may use"
            )
            sys.exit(api.Exit.ERROR)
        message = " ".join(str(error).split())[:200]
        console.err(
            f"sladoc: internal error: {type(error).__name__}"
            + (f": {message}" if message else "")
            + f"\nsladoc: this is a bug in sladoc {__version__}; please report it with the"
            " command you ran (run it again with --debug to see the details)"
        )
        sys.exit(INTERNAL_ERROR)
