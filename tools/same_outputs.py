"""Check that a change leaves every output byte for byte as it was at another revision.

    python tools/same_outputs.py [REV] [--count 200]

Builds, from the code at REV (default: HEAD) and from the work tree: every example
agreement and COUNT generated ones (``bench/generate.py``) in every format, the check
reports in every format, validation, diffs, reports, starters, the schema and every
command's ``--help``; then compares the two sets file by file. Exit 0 when all are the
same, 1 with the differing names otherwise. For refactors: a change that should not change
what users get must leave this at 0.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

COMMANDS = [
    "",
    "validate",
    "schema",
    "new",
    "uptime",
    "calc",
    "calc leads",
    "calc goal-line",
    "build",
    "check",
    "diff",
    "textconv",
    "git-setup",
    "inspect",
    "report",
]


def run_all(code: Path, work: Path, out: Path) -> None:
    """Every output of the code in ``code`` for the inputs in ``work``, into ``out``."""
    env = {**os.environ, "PYTHONPATH": str(code), "COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb"}
    env.pop("GITHUB_ACTIONS", None)
    # Outputs go to a folder of the same name for both runs, so printed paths match.
    result = work / "result"
    result.mkdir()

    def sladoc(name: str, *args: str) -> None:
        done = subprocess.run(
            [sys.executable, "-m", "sladoc", *args], cwd=work, env=env, capture_output=True
        )
        (result / f"{name}.out").write_bytes(
            done.stdout
            + b"\n--- stderr\n"
            + done.stderr
            + f"\n--- exit {done.returncode}\n".encode()
        )

    agreements = sorted(p.name for p in (work / "examples").glob("*.yaml"))
    sladoc(
        "build",
        "build",
        "examples",
        "generated",
        "--format",
        "docx,pdf,md",
        "--out",
        "result/documents",
        "--jobs",
        "2",
    )
    for fmt in ("text", "json", "sarif", "github"):
        sladoc(
            f"check-{fmt}",
            "check",
            "examples",
            "generated",
            "--format",
            fmt,
            "--statistics",
            "--jobs",
            "1",
        )
    sladoc("validate", "validate", "examples", "generated", "invalid")
    sladoc("check-invalid", "check", "invalid", "--format", "json")
    sladoc("schema", "schema")
    for kind in ("internal", "tiered", "customer"):
        sladoc(f"new-{kind}", "new", kind)
    sladoc("uptime", "uptime", "99.95%")
    sladoc("uptime-d", "uptime", "--downtime", "31s per year", "--year-days", "365")
    sladoc(
        "leads",
        "calc",
        "leads",
        "--quota",
        "5000",
        "--share",
        "100%",
        "--deal",
        "100",
        "--close-rate",
        "50%",
        "--days",
        "30",
    )
    for i, name in enumerate(agreements):
        other = agreements[(i + 1) % len(agreements)]
        for fmt in ("text", "markdown", "json"):
            sladoc(
                f"diff-{i}-{fmt}", "diff", f"examples/{name}", f"examples/{other}", "--format", fmt
            )
    for document in sorted((result / "documents").glob("*.*"))[:12]:
        if document.suffix in (".docx", ".pdf"):
            sladoc(f"textconv-{document.name}", "textconv", str(document.relative_to(work)))
    sladoc(
        "report-leads",
        "report",
        "examples/company-x-marketing-sales.yaml",
        "--leads",
        "examples/company-x-leads-2027-03.csv",
        "--period",
        "2027-03",
        "--out",
        "result/reports",
    )
    sladoc(
        "report-incidents",
        "report",
        "examples/acme-cloud-hosting.yaml",
        "--incidents",
        "examples/acme-incidents-2027-03.csv",
        "--period",
        "2027-03",
        "--out",
        "result/reports",
    )
    for command in COMMANDS:
        sladoc(f"help-{command.replace(' ', '-') or 'root'}", *command.split(), "--help")
    result.rename(out)


def digests(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rev", nargs="?", default="HEAD")
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--keep", action="store_true", help="Keep the outputs for a look.")
    options = parser.parse_args()
    temp = Path(tempfile.mkdtemp(prefix="sladoc-same-"))
    try:
        old_code = temp / "old-code"
        subprocess.run(
            ["git", "worktree", "add", "--detach", "-q", str(old_code), options.rev],
            cwd=ROOT,
            check=True,
        )
        work = temp / "work"
        (work / "examples").mkdir(parents=True)
        for path in (ROOT / "agreements").iterdir():
            if path.suffix in (".yaml", ".csv"):
                shutil.copy(path, work / "examples" / path.name)
        subprocess.run(
            [
                sys.executable,
                str(ROOT / "bench" / "generate.py"),
                str(work / "generated"),
                "--count",
                str(options.count),
            ],
            check=True,
            capture_output=True,
        )
        (work / "invalid").mkdir()
        for path in sorted((ROOT / "tests" / "invalid").glob("*.yaml"))[:40]:
            shutil.copy(path, work / "invalid" / path.name)
        run_all(old_code, work, temp / "old")
        run_all(ROOT, work, temp / "new")
        old, new = digests(temp / "old"), digests(temp / "new")
        differing = sorted(
            name for name in old.keys() | new.keys() if old.get(name) != new.get(name)
        )
        for name in differing:
            print(f"differs: {name}")
        print(f"{len(old)} outputs compared with {options.rev}: {len(differing)} differ")
        return 1 if differing else 0
    finally:
        subprocess.run(
            ["git", "worktree", "remove", "--force", str(temp / "old-code")],
            cwd=ROOT,
            capture_output=True,
        )
        if options.keep:
            print(f"outputs kept in {temp}")
        else:
            shutil.rmtree(temp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
