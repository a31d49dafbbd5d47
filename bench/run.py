"""Benchmark: sladoc's build and check, side by side with the alternatives, in one run.

    python bench/run.py            # the full run (about 13 minutes on 2 cores)
    python bench/run.py --quick    # a smoke run, under a minute; prints, writes nothing
    python bench/run.py --source ../old-checkout   # the same, with another sladoc

Run it with the Python that has sladoc installed (``sladoc`` is taken from beside that
Python). Every figure is the wall time, CPU time and peak memory (maximum resident set
size) of whole processes started from scratch, each measured several times; the table
shows the median with the minimum and maximum. Memory and CPU time come from ``wait4``,
which reports the process and the children it waited for: for ``--jobs 2`` the peak is
that of the largest single process, not the sum.

What is measured (see docs/performance.md for the results and what was done about them):

(a) ``sladoc build`` of each example in agreements/ to DOCX and PDF, one process each;
(b) the same contract drawn by the libraries alone (bench/bare_libraries.py: docxtpl and
    reportlab, no validation, no checks), from sladoc's Markdown of the contract;
(c) pandoc (Markdown -> DOCX) then LibreOffice (DOCX -> PDF) on that same Markdown;
(d) a batch of generated agreements (bench/generate.py) with --jobs 1 and --jobs 2, and the
    batch alternative: pandoc per file and one LibreOffice call for all the DOCX;
(e) ``sladoc check`` on 1,000 generated agreements;
(f) ``sladoc --help``, ``sladoc validate`` and ``sladoc check`` of one agreement, beside a
    bare ``python -c pass`` (the interpreter's own start), ``python -c "import yaml"`` and
    the import of the three libraries every validating command needs (typer, PyYAML and
    pydantic's BaseModel), the floor under ``validate``;
(g) the largest batch built again, --jobs 2, after one of its agreements changed (an
    incremental build: one rebuilt, the rest up to date), against the full build;
(h) ``sladoc preview``: from saving each example to its new content arriving at the page
    (bench/preview_latency.py).

(a), (b) and (c) are interleaved run by run, so that their ratios are taken under the same
load. The results go into docs/performance.md between the ``bench:results`` markers.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
DOC = ROOT / "docs" / "performance.md"
START, END = "<!-- bench:results:start -->", "<!-- bench:results:end -->"

sys.path.insert(0, str(BENCH))
import generate  # noqa: E402  (bench/ is not a package)


@dataclass
class Sample:
    """Wall seconds, peak memory (MiB) and CPU seconds of several runs of one thing."""

    walls: list[float] = field(default_factory=list)
    peaks: list[float] = field(default_factory=list)
    cpus: list[float] = field(default_factory=list)

    def add(self, wall: float, peak: float, cpu: float = float("nan")) -> None:
        self.walls.append(wall)
        self.peaks.append(peak)
        self.cpus.append(cpu)

    @property
    def cpu(self) -> float:
        return statistics.median(self.cpus)

    @property
    def wall(self) -> float:
        return statistics.median(self.walls)

    @property
    def peak(self) -> float:
        return statistics.median(self.peaks)

    def show_wall(self, digits: int = 2) -> str:
        return (
            f"{self.wall:.{digits}f} s ({min(self.walls):.{digits}f}–{max(self.walls):.{digits}f})"
        )

    def show_peak(self) -> str:
        return f"{self.peak:.0f} MiB ({min(self.peaks):.0f}–{max(self.peaks):.0f})"


def run(
    command: list[str],
    *,
    ok: tuple[int, ...] = (0,),
    log: Path | None = None,
    cwd: Path | None = None,
) -> tuple[float, float, float]:
    """Run ``command`` to its end: (wall seconds, peak resident MiB, CPU seconds), memory
    and CPU of the process and the children it waited for. CPU time is less disturbed by
    other work on the machine than wall time, so the report gives both."""
    out = open(log, "ab") if log else subprocess.DEVNULL  # noqa: SIM115
    try:
        start = time.perf_counter()
        process = subprocess.Popen(
            command, stdout=out, stderr=out, stdin=subprocess.DEVNULL, cwd=cwd
        )
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
    finally:
        if log:
            out.close()
    if process.returncode not in ok:
        raise SystemExit(
            f"bench: {' '.join(map(str, command))} exited {process.returncode}"
            + (f"; see {log}" if log else "")
        )
    # Linux reports kilobytes
    return wall, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def compile_sladoc(source: Path | None) -> None:
    """Compile the sladoc package that will run to bytecode, as ``pip install`` does for an
    installed package. An editable install or a checkout has none, and with
    PYTHONDONTWRITEBYTECODE set Python never writes it, so every run would compile the
    package from source again (about 0.15 s of each cold build)."""
    if source is not None:
        package = source / "sladoc"
    else:
        spec = importlib.util.find_spec("sladoc")
        if spec is None or not spec.submodule_search_locations:
            raise SystemExit("bench: sladoc is not installed for this Python")
        package = Path(next(iter(spec.submodule_search_locations)))
    run([sys.executable, "-m", "compileall", "-q", str(package)])


def sladoc_command() -> list[str]:
    beside = Path(sys.executable).with_name("sladoc")
    return [str(beside)] if beside.exists() else [sys.executable, "-m", "sladoc"]


def soffice_command(profile: Path) -> list[str] | None:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        return None
    # Its own profile: no clash with another LibreOffice running on the machine (which
    # would otherwise take the conversion over), and no first-start work in the timings.
    return [found, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf"]


def examples(quick: bool) -> list[Path]:
    found = sorted((ROOT / "agreements").glob("*.yaml"))
    if quick:  # one of each kind
        kinds: dict[str, Path] = {}
        for path in found:
            kind = re.search(r"^kind:\s*(\w+)", path.read_text("utf-8"), re.M)
            if kind:
                kinds.setdefault(kind.group(1), path)
        found = sorted(kinds.values())
    return found


def geometric_mean(values: list[float]) -> float:
    return statistics.geometric_mean(values) if values else float("nan")


# --- the parts -------------------------------------------------------------------------------


def single_builds(work: Path, runs: int, quick: bool, log: Path) -> list[dict]:
    """(a), (b), (c) for each example, interleaved run by run. With ``quick``, (c) only for
    the first example (LibreOffice takes seconds a call)."""
    sladoc = sladoc_command()
    pandoc = shutil.which("pandoc")
    soffice = soffice_command(work / "lo-profile")
    md = work / "md"
    chosen = examples(quick)
    run([*sladoc, "build", *map(str, chosen), "--format", "md", "-o", str(md)], ok=(0, 1), log=log)
    kinds = {}
    for path in chosen:
        text = path.read_text("utf-8")
        ident = re.search(r"^id:\s*(\S+)", text, re.M).group(1)
        kinds[path] = (ident, re.search(r"^kind:\s*(\w+)", text, re.M).group(1))
    if soffice:  # first start of a new profile takes seconds; not part of any conversion
        run(
            [
                *soffice,
                "--outdir",
                str(work / "lo-warm"),
                str(ROOT / "templates" / "customer" / "reference.docx"),
            ],
            log=log,
        )
    samples = {
        path: {"a": Sample(), "a1": Sample(), "b": Sample(), "c": Sample()} for path in kinds
    }
    # Run 0 warms the file cache and writes the .pyc files; it is not counted. (Quick mode
    # warms up on the first example only.)
    for number in range(runs + 1):
        for index, (path, (ident, kind)) in enumerate(kinds.items()):
            if number == 0 and quick and index:
                continue
            out = work / "single" / ident
            shutil.rmtree(out, ignore_errors=True)
            a = run([*sladoc, "build", str(path), "-o", str(out / "sladoc")], ok=(0, 1), log=log)
            # the same build kept to one process (by default the PDF gets a second one)
            a1 = run(
                [*sladoc, "build", str(path), "-o", str(out / "sladoc-1"), "--jobs", "1"],
                ok=(0, 1),
                log=log,
            )
            b = run(
                [
                    sys.executable,
                    str(BENCH / "bare_libraries.py"),
                    str(md / f"{ident}.md"),
                    str(out / "bare"),
                    "--template",
                    str(ROOT / "templates" / kind / "reference.docx"),
                ],
                log=log,
            )
            c = None
            if pandoc and soffice and not (quick and index):
                docx = out / "alt" / f"{ident}.docx"
                docx.parent.mkdir(parents=True, exist_ok=True)
                first = run([pandoc, str(md / f"{ident}.md"), "-o", str(docx)], log=log)
                second = run([*soffice, "--outdir", str(docx.parent), str(docx)], log=log)
                c = (first[0] + second[0], max(first[1], second[1]), first[2] + second[2])
            if number:
                samples[path]["a"].add(*a)
                samples[path]["a1"].add(*a1)
                samples[path]["b"].add(*b)
                if c:
                    samples[path]["c"].add(*c)
    return [{"name": path.stem, **parts} for path, parts in samples.items()]


def batch(work: Path, files: Path, count: int, jobs: int, runs: int, log: Path) -> Sample:
    sample = Sample()
    for _ in range(runs):
        out = work / f"batch-out-{count}-{jobs}"
        shutil.rmtree(out, ignore_errors=True)
        sample.add(
            *run(
                [*sladoc_command(), "build", str(files), "-o", str(out), "--jobs", str(jobs)],
                ok=(0, 1),
                log=log,
            )
        )
    return sample


def incremental(work: Path, files: Path, count: int, runs: int, log: Path) -> Sample:
    """(g): the batch built once in full, then, each run, one agreement changed and the
    batch built again (--jobs 2)."""
    out = work / f"incremental-out-{count}"
    shutil.rmtree(out, ignore_errors=True)
    command = [*sladoc_command(), "build", str(files), "-o", str(out), "--jobs", "2"]
    run(command, ok=(0, 1), log=log)
    changed = sorted(files.glob("*.yaml"))[count // 2]
    text = changed.read_text("utf-8")
    sample = Sample()
    for number in range(runs):
        changed.unlink()  # a hard link into the shared corpus: replaced, not edited
        changed.write_text(f"{text}\n# edit {number}\n", "utf-8")
        sample.add(*run(command, ok=(0, 1), log=log))
    changed.unlink()
    changed.write_text(text, "utf-8")
    return sample


def preview_latency(quick: bool, log: Path) -> dict[str, list[float]]:
    """(h): save-to-page latencies of the preview, per example (seconds)."""
    import json

    command = [sys.executable, str(BENCH / "preview_latency.py"), *map(str, examples(quick))]
    command += ["--edits", "3" if quick else "10"]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    with open(log, "a", encoding="utf-8") as stream:
        stream.write(f"$ {' '.join(command)}\n{done.stdout}{done.stderr}")
    if done.returncode != 0:
        raise SystemExit(f"bench: {' '.join(command)} exited {done.returncode}; see {log}")
    found: dict[str, list[float]] = json.loads(done.stdout)
    return found


def report_following(
    full: tuple[int, Sample] | None, again: Sample | None, latencies: dict[str, list[float]]
) -> str:
    """The (g) and (h) sections of the report."""
    lines: list[str] = []
    if full is not None and again is not None:
        count, sample = full
        lines += [
            f"**(g) Incremental build: {count} agreements, one changed, --jobs 2** "
            f"(median (min–max) of {len(again.walls)} runs)",
            "",
            "| build | wall time | CPU time |",
            "| --- | ---: | ---: |",
            f"| all {count} built | {sample.show_wall()} | {sample.cpu:.1f} s |",
            f"| one changed, {count - 1} up to date | {again.show_wall()} | {again.cpu:.1f} s |",
            "",
            f"Target: under 5 % of the full build. Here: {again.wall / sample.wall:.1%}.",
            "",
        ]
    every = [seconds for found in latencies.values() for seconds in found]
    lines += [
        "**(h) `sladoc preview`: from saving the agreement to the new content at the page** "
        f"({len(every) // max(1, len(latencies))} saves of each example)",
        "",
        "| example | median | max |",
        "| --- | ---: | ---: |",
        *(
            f"| {name} | {statistics.median(found) * 1000:.0f} ms | {max(found) * 1000:.0f} ms |"
            for name, found in latencies.items()
        ),
        "",
        f"Target: under 300 ms. Here: {max(every) * 1000:.0f} ms at most.",
        "",
    ]
    return "\n".join(lines)


def batch_markdown(work: Path, files: Path, count: int, log: Path) -> list[Path]:
    """The contracts of a batch as Markdown, the input of the baselines (not timed)."""
    md = work / f"batch-md-{count}"
    if not md.exists():
        run(
            [
                *sladoc_command(),
                "build",
                str(files),
                "--format",
                "md",
                "-o",
                str(md),
                "--jobs",
                "2",
            ],
            ok=(0, 1),
            log=log,
        )
    return sorted(md.glob("*.md"))


def batch_bare(work: Path, files: Path, count: int, log: Path) -> Sample:
    """The libraries alone (b) drawing the same contracts one after another in one process,
    once: what the document libraries cost a document, the most any tool built on them
    can reach per process."""
    sources = batch_markdown(work, files, count, log)
    out = work / f"batch-bare-{count}"
    shutil.rmtree(out, ignore_errors=True)
    sample = Sample()
    sample.add(
        *run(
            [sys.executable, str(BENCH / "bare_libraries.py"), *map(str, sources), str(out)],
            log=log,
        )
    )
    return sample


def batch_alternative(work: Path, files: Path, count: int, log: Path) -> Sample | None:
    """pandoc for each Markdown file, two at a time (pandoc converts one file per call),
    then one LibreOffice call for every DOCX. Once: it takes minutes."""
    pandoc = shutil.which("pandoc")
    soffice = soffice_command(work / "lo-profile")
    if not (pandoc and soffice):
        return None
    sources = batch_markdown(work, files, count, log)
    docx = work / f"batch-alt-{count}"
    shutil.rmtree(docx, ignore_errors=True)
    docx.mkdir(parents=True)
    start = time.perf_counter()
    peak = cpu = 0.0
    running: list[subprocess.Popen] = []
    for source in sources:  # two pandoc processes at a time, as --jobs 2
        if len(running) == 2:
            pid, _, usage = os.wait4(-1, 0)
            peak = max(peak, usage.ru_maxrss / 1024)
            cpu += usage.ru_utime + usage.ru_stime
            running = [p for p in running if p.pid != pid]
        running.append(
            subprocess.Popen(
                [pandoc, str(source), "-o", str(docx / f"{source.stem}.docx")],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
    for process in running:
        _, _, usage = os.wait4(process.pid, 0)
        peak = max(peak, usage.ru_maxrss / 1024)
        cpu += usage.ru_utime + usage.ru_stime
    wall_pandoc = time.perf_counter() - start
    wall_office, peak_office, cpu_office = run(
        [*soffice, "--outdir", str(docx), *map(str, sorted(docx.glob("*.docx")))], log=log
    )
    made = len(list(docx.glob("*.pdf")))
    if made != len(sources):
        raise SystemExit(f"bench: LibreOffice made {made} PDFs of {len(sources)}")
    sample = Sample()
    sample.add(wall_pandoc + wall_office, max(peak, peak_office), cpu + cpu_office)
    return sample


def check_many(files: Path, jobs: int | None, runs: int, log: Path) -> Sample:
    """``sladoc check`` of ``files`` with ``--jobs jobs`` (None: without the option, for a
    sladoc that does not have it)."""
    sample = Sample()
    for _ in range(runs):
        command = [*sladoc_command(), "check", str(files)]
        if jobs is not None:
            command += ["--jobs", str(jobs)]
        sample.add(*run(command, ok=(0, 1), log=log))
    return sample


SINGLE_FILE = ROOT / "agreements" / "acme-cloud-hosting.yaml"
"""The agreement of the single-file cases: what a pre-commit hook or an author runs most."""


def start_up(runs: int, log: Path) -> dict[str, Sample]:
    """(f) start-up and the single-file commands, interleaved run by run, with the
    interpreter's own start and the YAML library's import beside them for scale."""
    commands = {
        "sladoc --help": [*sladoc_command(), "--help"],
        f"sladoc validate {SINGLE_FILE.name}": [*sladoc_command(), "validate", str(SINGLE_FILE)],
        f"sladoc check {SINGLE_FILE.name}": [*sladoc_command(), "check", str(SINGLE_FILE)],
        "python -c pass": [sys.executable, "-c", "pass"],
        'python -c "import yaml"': [sys.executable, "-c", "import yaml"],
        'python -c "import typer, yaml; from pydantic import BaseModel"': [
            sys.executable,
            "-c",
            "import typer, yaml; from pydantic import BaseModel",
        ],
    }
    for command in commands.values():  # warm the file cache
        run(command, ok=(0, 1), log=log)
    samples = {name: Sample() for name in commands}
    for _ in range(runs):
        for name, command in commands.items():
            samples[name].add(*run(command, ok=(0, 1), log=log))
    return samples


def check_has_jobs() -> bool:
    done = subprocess.run(
        [*sladoc_command(), "check", "--help"], capture_output=True, text=True, check=False
    )
    return "--jobs" in done.stdout


# --- the machine -----------------------------------------------------------------------------


def machine() -> list[str]:
    from importlib import metadata

    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        cpu = platform.processor() or cpu
    versions = []
    for name in (
        "sladoc",
        "PyYAML",
        "pydantic",
        "pydantic-core",
        "python-docx",
        "docxtpl",
        "reportlab",
        "rl_accel",
        "lxml",
        "Jinja2",
        "typer",
    ):
        try:
            versions.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            if name == "rl_accel":
                versions.append("rl_accel not installed")
    try:
        import yaml

        versions.append("libyaml " + ("yes" if yaml.__with_libyaml__ else "no"))
    except ImportError:
        pass
    tools = []
    for command in (["pandoc", "--version"], ["soffice", "--version"]):
        if shutil.which(command[0]):
            done = subprocess.run(command, capture_output=True, text=True, check=False)
            tools.append(done.stdout.strip().splitlines()[0] if done.stdout else command[0])
        else:
            tools.append(f"{command[0]} not installed")
    return [
        f"- CPU: {cpu}, {os.cpu_count()} cores; {platform.system()} {platform.release()}",
        f"- Python {platform.python_version()} ({sys.executable})",
        f"- {', '.join(versions)}",
        f"- {'; '.join(tools)}",
    ]


# --- the report ------------------------------------------------------------------------------


def report(args, rows, batches, alternative, bare, checks, starts, loads) -> str:
    lines = [
        f"Run of {time.strftime('%Y-%m-%d %H:%M', time.gmtime())} UTC, "
        f"`python bench/run.py{' --quick' if args.quick else ''}"
        f"{f' --source {args.source}' if args.source else ''}`; load average "
        f"{loads[0]:.1f} before, {loads[1]:.1f} after (2.0 is both cores busy).",
        "",
        *machine(),
        "",
    ]
    lines += [
        f"**(a)–(c) One contract, DOCX + PDF, from a cold start** "
        f"(wall time: median (min–max) of {args.runs} runs; the ratios of medians, of "
        "wall time and of CPU time)",
        "",
        "| example | (a) sladoc build | (a) in one process, --jobs 1 | (b) libraries alone "
        "| (c) pandoc + LibreOffice | (a)/(b) wall, CPU; one process | (c)/(a) wall, CPU "
        "| peak memory (a) / (b) / (c) |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    ab, ab_cpu, a1b, ca, ca_cpu = [], [], [], [], []
    for row in rows:
        a, a1, b, c = row["a"], row["a1"], row["b"], row["c"]
        ab.append(a.wall / b.wall)
        ab_cpu.append(a.cpu / b.cpu)
        a1b.append(a1.wall / b.wall)
        if c.walls:
            ca.append(c.wall / a.wall)
            ca_cpu.append(c.cpu / a.cpu)
        lines.append(
            f"| {row['name']} | {a.show_wall()} | {a1.show_wall()} | {b.show_wall()} | "
            f"{c.show_wall() if c.walls else 'not run'} | {ab[-1]:.2f}, {ab_cpu[-1]:.2f}; "
            f"{a1b[-1]:.2f} | " + (f"{ca[-1]:.2f}, {ca_cpu[-1]:.2f}" if c.walls else "") + " | "
            f"{a.peak:.0f} / {b.peak:.0f} / " + (f"{c.peak:.0f}" if c.walls else "-") + " MiB |"
        )
    lines.append(
        f"| **geometric mean** | | | | | **{geometric_mean(ab):.2f}**, "
        f"{geometric_mean(ab_cpu):.2f}; {geometric_mean(a1b):.2f} | "
        f"**{geometric_mean(ca):.2f}**, "
        f"{geometric_mean(ca_cpu):.2f} | |"
    )
    lines += ["", "Targets: (a)/(b) at most 1.5; (c)/(a) at least 3.", ""]

    lines += [
        f"**(d) Batch of generated agreements to DOCX + PDF** "
        f"(median (min–max) of {args.batch_runs} runs)",
        "",
        "| batch | wall time | agreements/s | CPU time | peak memory per process |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for (count, jobs), sample in batches.items():
        lines.append(
            f"| sladoc, {count} files, --jobs {jobs} | {sample.show_wall()} | "
            f"{count / sample.wall:.1f} | {sample.cpu:.1f} s | "
            f"{sample.show_peak()} |"
        )
    if alternative is not None:
        count, sample = alternative
        lines.append(
            f"| pandoc (2 at a time) + one LibreOffice call, {count} files (1 run) | "
            f"{sample.wall:.1f} s | {count / sample.wall:.1f} | {sample.cpu:.1f} s | "
            f"{sample.peak:.0f} MiB |"
        )
    count, sample = bare
    lines.append(
        f"| (b) libraries alone, the same {count} contracts one after another in one "
        f"process (1 run) | {sample.wall:.1f} s | {count / sample.wall:.1f} | "
        f"{sample.cpu:.1f} s | {sample.peak:.0f} MiB |"
    )
    growth = sorted((key, sample) for key, sample in batches.items() if key[1] == 1)
    if len(growth) >= 2:
        (small, s1), (large, s2) = growth[0], growth[-1]
        lines.append("")
        lines.append(
            f"Memory against the number of files (--jobs 1): {s1.peak:.0f} MiB for "
            f"{small[0]} files, {s2.peak:.0f} MiB for {large[0]} files "
            f"({s2.peak - s1.peak:+.0f} MiB)."
        )
    two = {key: sample for key, sample in batches.items() if key[1] == 2}
    if two:
        (count, _), sample = max(two.items())
        rate = count / sample.wall
        versus = (
            f", {rate / (alternative[0] / alternative[1].wall):.1f}x the alternative's throughput"
            if alternative
            else ""
        )
        lines += [
            "",
            "Targets: at least 40 agreements/s with --jobs 2 and at least 4x the "
            "alternative's throughput; under 150 MiB per process, not growing with the "
            f"number of files. Here: {rate:.1f}/s with --jobs 2{versus}.",
        ]
    lines.append("")

    lines += [
        f"**(e) `sladoc check` on {args.check_files} generated agreements** "
        f"(median (min–max) of {args.batch_runs} runs)",
        "",
        "| command | wall time | files/s | CPU time | peak memory per process |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for jobs, sample in checks.items():
        lines.append(
            f"| sladoc check{f' --jobs {jobs}' if jobs else ''} | "
            f"{sample.show_wall()} | {args.check_files / sample.wall:.0f} | "
            f"{sample.cpu:.2f} s | {sample.show_peak()} |"
        )
    lines += ["", "Target: under 2 s.", ""]
    lines += [
        f"**(f) Start-up and one file** (median (min–max) of "
        f"{len(starts['python -c pass'].walls)} runs, interleaved)",
        "",
        "| command | wall time | CPU time | peak memory |",
        "| --- | ---: | ---: | ---: |",
        *(
            f"| {name} | {sample.show_wall(3)} | {sample.cpu:.3f} s | {sample.show_peak()} |"
            for name, sample in starts.items()
        ),
        "",
        "Targets: `sladoc --help` under 0.25 s; `check` and `validate` of one file 0.15 s and "
        "0.12 s.",
    ]
    return "\n".join(lines) + "\n"


def write_report(text: str) -> None:
    block = f"{START}\n{text}{END}"
    current = DOC.read_text("utf-8") if DOC.exists() else f"# Performance\n\n{START}\n{END}\n"
    if START in current and END in current:
        head, rest = current.split(START, 1)
        tail = rest.split(END, 1)[1]
        current = head + block + tail
    else:
        current = current.rstrip("\n") + "\n\n" + block + "\n"
    DOC.write_text(current, "utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--quick",
        action="store_true",
        help="a smoke run in under a minute: fewer examples, runs and files",
    )
    parser.add_argument("--runs", type=int, help="runs of each single build (default 5; quick: 1)")
    parser.add_argument(
        "--write",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="write the table into docs/performance.md (default: yes, except with --quick)",
    )
    parser.add_argument(
        "--work",
        type=Path,
        help="working folder (default: a new temporary one, removed afterwards)",
    )
    parser.add_argument(
        "--source",
        type=Path,
        help="run the sladoc package in this folder "
        "(another checkout, e.g. the commit before a change) instead of the "
        "installed one; implies --no-write unless --write is given",
    )
    args = parser.parse_args(argv)
    if args.source is not None:
        # sladoc's console script then imports the package from there: PYTHONPATH comes
        # before the installed (editable) package
        if not (args.source / "sladoc" / "__init__.py").is_file():
            parser.error(f"{args.source} holds no sladoc package")
        os.environ["PYTHONPATH"] = str(args.source.resolve())
        if args.write is None:
            args.write = False
    args.runs = args.runs or (1 if args.quick else 5)
    args.batch_runs = 1 if args.quick else 3
    args.check_files = 300 if args.quick else 1000
    sizes = (20,) if args.quick else (100, 500)
    alternative_files = 5 if args.quick else 100
    write = args.write if args.write is not None else not args.quick

    work = args.work or Path(tempfile.mkdtemp(prefix="sladoc-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    log = work / "commands.log"
    loads = [os.getloadavg()[0]]
    started = time.perf_counter()

    def say(message: str) -> None:
        print(f"[{time.perf_counter() - started:6.1f} s] {message}", file=sys.stderr, flush=True)

    try:
        compile_sladoc(args.source)
        corpus = work / "generated"
        generate.generate(corpus, max(args.check_files, *sizes))
        folders = {}
        for count in {*sizes, args.check_files, alternative_files}:
            folder = work / f"generated-{count}"
            folder.mkdir(exist_ok=True)
            for index in range(count):  # the first N of the same corpus
                name, _ = generate.agreement(6, index)
                target = folder / name
                if not target.exists():
                    os.link(corpus / name, target)
            folders[count] = folder

        say("(f) start-up")
        starts = start_up(5 if args.quick else 15, log)
        say("(a)-(c) single builds")
        rows = single_builds(work, args.runs, args.quick, log)
        say("(d) batches")
        batches = {}
        for count in sizes:
            for jobs in (1, 2) if count == max(sizes) or args.quick else (1,):
                batches[count, jobs] = batch(
                    work, folders[count], count, jobs, args.batch_runs, log
                )
                say(f"    {count} files --jobs {jobs}: {batches[count, jobs].show_wall()}")
        alt = batch_alternative(work, folders[alternative_files], alternative_files, log)
        alternative = (alternative_files, alt) if alt else None
        bare = (
            alternative_files,
            batch_bare(work, folders[alternative_files], alternative_files, log),
        )
        say("(e) check")
        if check_has_jobs():
            checks = {
                jobs: check_many(folders[args.check_files], jobs, args.batch_runs, log)
                for jobs in (1, 2)
            }
        else:
            checks = {None: check_many(folders[args.check_files], None, args.batch_runs, log)}
        say("(g) incremental build, (h) preview latency")
        largest = max(sizes)
        again = incremental(work, folders[largest], largest, args.batch_runs, log)
        latencies = preview_latency(args.quick, log)
        loads.append(os.getloadavg()[0])
        text = report(args, rows, batches, alternative, bare, checks, starts, loads)
        text += "\n" + report_following(
            (largest, batches[largest, 2]) if (largest, 2) in batches else None, again, latencies
        )
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    print(text)
    if write:
        write_report(text)
        say(f"wrote {DOC.relative_to(ROOT)}")
    say("done")
    return 0


if __name__ == "__main__":
    sys.exit(main())
