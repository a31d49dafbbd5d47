"""Findings -> text, JSON, SARIF 2.1.0 or GitHub workflow commands. Pure functions: each
takes findings and returns a string; the CLI decides where it goes."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from sladoc.checks.docs import rule_docs
from sladoc.checks.finding import SEVERITIES, Finding

FORMATS = ("text", "json", "sarif", "github")
JSON_VERSION = 1
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_LEVELS = {"error": "error", "warning": "warning", "info": "note"}
GITHUB_COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}
GITHUB_SHOWN_PER_KIND = 10  # GitHub shows this many annotations of each kind per step


def render(findings: list[Finding], fmt: str, *, version: str = "") -> str:
    if fmt == "text":
        return text(findings)
    if fmt == "json":
        return json_report(findings)
    if fmt == "sarif":
        return json.dumps(sarif(findings, version=version), indent=2, ensure_ascii=False) + "\n"
    if fmt == "github":
        return github(findings)
    raise ValueError(f"unknown format {fmt!r}; choose one of: {', '.join(FORMATS)}")


def text(findings: list[Finding]) -> str:
    """``path:line:col: CODE [severity] message`` and the suggestion indented below."""
    lines = []
    for f in findings:
        p = f.position
        lines.append(f"{p.file}:{p.line}:{p.col}: {f.code} [{f.severity}] {f.message}")
        if f.suggestion:
            lines.append(f"    suggestion: {f.suggestion}")
    return "\n".join(lines) + ("\n" if lines else "")


def summary(findings: list[Finding], files: int) -> str:
    """ "3 findings (1 error, 2 warnings, 0 info) in 4 files"."""
    counts = Counter(f.severity for f in findings)
    noun = "finding" if len(findings) == 1 else "findings"
    parts = ", ".join(
        f"{counts[s]} {s}{'s' if s != 'info' and counts[s] != 1 else ''}"
        for s in reversed(SEVERITIES)
    )
    return f"{len(findings)} {noun} ({parts}) in {files} file{'s' if files != 1 else ''}"


def statistics(findings: list[Finding]) -> str:
    """Counts per code, most frequent first: ``  12  SLA101  vague-deadline  [warning]``."""
    counts = Counter((f.code, f.name, f.severity) for f in findings)
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0][0]))
    return "".join(
        f"{count:>5}  {code}  {name}  [{severity}]\n" for (code, name, severity), count in rows
    )


def _as_dict(f: Finding) -> dict[str, Any]:
    p = f.position
    return {
        "code": f.code,
        "name": f.name,
        "severity": f.severity,
        "file": p.file,
        "line": p.line,
        "column": p.col,
        "end_line": p.end_line or p.line,
        "end_column": p.end_col or p.col,
        "message": f.message,
        "suggestion": f.suggestion,
        "path": f.path,
        "fingerprint": f.fingerprint,
    }


def json_report(findings: list[Finding]) -> str:
    return (
        json.dumps(
            {"version": JSON_VERSION, "findings": [_as_dict(f) for f in findings]},
            indent=2,
            ensure_ascii=False,
        )
        + "\n"
    )


def _uri(file: str) -> str:
    """A relative, forward-slash URI, as GitHub code scanning matches it to the repository."""
    path = Path(file)
    if path.is_absolute():
        try:
            path = path.relative_to(Path.cwd())
        except ValueError:
            return path.as_uri()
    return path.as_posix().removeprefix("./")


def sarif(findings: list[Finding], *, version: str = "") -> dict[str, Any]:
    """A SARIF 2.1.0 log with one run; every rule is described, so code scanning can show a
    rule's help for any result."""
    docs = rule_docs()
    index = {doc.code: n for n, doc in enumerate(docs)}
    rules = [
        {
            "id": doc.code,
            "name": doc.name,
            "shortDescription": {"text": doc.summary},
            "fullDescription": {"text": doc.explanation},
            "help": {"text": doc.explanation, "markdown": doc.markdown()},
            "defaultConfiguration": {"level": SARIF_LEVELS[doc.severity]},
            "properties": {"tags": ["sla", doc.category]},
        }
        for doc in docs
    ]
    results = []
    for f in findings:
        p = f.position
        region = {
            "startLine": max(p.line, 1),
            "startColumn": max(p.col, 1),
            "endLine": max(p.end_line or p.line, 1),
            "endColumn": max(p.end_col or p.col, 1),
        }
        ending = "" if f.message.endswith((".", "!", "?")) else "."
        message = f.message + (f"{ending} Suggestion: {f.suggestion}." if f.suggestion else "")
        result: dict[str, Any] = {
            "ruleId": f.code,
            "level": SARIF_LEVELS[f.severity],
            "message": {"text": message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": _uri(p.file)},
                        "region": region,
                    }
                }
            ],
            "partialFingerprints": {"sladocFingerprint/v1": f.fingerprint},
        }
        if f.code in index:
            result["ruleIndex"] = index[f.code]
        results.append(result)
    driver: dict[str, Any] = {"name": "sladoc", "rules": rules}
    if version:
        driver["version"] = version
        driver["semanticVersion"] = version
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {"tool": {"driver": driver}, "columnKind": "unicodeCodePoints", "results": results}
        ],
    }


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github(findings: list[Finding]) -> str:
    """GitHub Actions workflow commands, one annotation per finding. GitHub shows only the
    first ten of each kind per step, so past that a notice says how many there are, and every
    finding is also listed as text in a collapsed group of the log."""
    lines = []
    for f in findings:
        p = f.position
        properties = ",".join(
            f"{key}={_escape_property(str(value))}"
            for key, value in (
                ("file", _uri(p.file)),
                ("line", p.line),
                ("col", p.col),
                ("endLine", p.end_line or p.line),
                ("endColumn", p.end_col or p.col),
                ("title", f"{f.code} {f.name}"),
            )
        )
        message = f.message + (f"\nSuggestion: {f.suggestion}" if f.suggestion else "")
        lines.append(f"::{GITHUB_COMMANDS[f.severity]} {properties}::{_escape_data(message)}")
    counts = Counter(GITHUB_COMMANDS[f.severity] for f in findings)
    if any(count > GITHUB_SHOWN_PER_KIND for count in counts.values()):
        shown = ", ".join(
            f"{counts[kind]} {kind}{'s' if counts[kind] != 1 else ''}"
            for kind in ("error", "warning", "notice")
            if counts[kind]
        )
        note = (
            f"sladoc found {len(findings)} findings ({shown}); GitHub shows only the "
            f"first {GITHUB_SHOWN_PER_KIND} of each kind here: all are listed in the step "
            "log"
        )
        lines.append(f"::notice title=sladoc summary::{_escape_data(note)}")
        lines.append(f"::group::sladoc: all {len(findings)} findings")
        lines.extend(text(findings).splitlines())
        lines.append("::endgroup::")
    return "\n".join(lines) + ("\n" if lines else "")
