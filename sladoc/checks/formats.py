"""Findings -> text, JSON, SARIF 2.1.0, GitHub workflow commands, JUnit XML or GitLab Code
Quality. Pure functions: each takes findings and returns a string; the CLI decides where it
goes.

A file that is not a valid agreement is reported too, in every format: each of its problems
becomes a finding of the pseudo-rule ``SLA000 invalid-agreement`` (severity error) at the
problem's position (:func:`from_problems`), so a pipeline sees why a file was not checked."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from sladoc.checks.finding import SEVERITIES, Finding
from sladoc.errors import Problem

if TYPE_CHECKING:
    from sladoc.checks.docs import RuleDoc

FORMATS = ("text", "json", "sarif", "github", "junit", "gitlab")
JSON_VERSION = 1
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
HOME = "https://github.com/sladoc/sladoc"
"""The project's home page: SARIF's ``informationUri``; rule help is under ``docs/``."""
RULES_URI = f"{HOME}/blob/main/docs/rules.md"
FORMAT_URI = f"{HOME}/blob/main/docs/format.md"
INVALID_CODE = "SLA000"
INVALID_NAME = "invalid-agreement"
GITLAB_SEVERITIES = {"error": "major", "warning": "minor", "info": "info"}
SARIF_LEVELS = {"error": "error", "warning": "warning", "info": "note"}
GITHUB_COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}
GITHUB_SHOWN_PER_KIND = 10  # GitHub shows this many annotations of each kind per step


def from_problems(invalid: Mapping[str, Sequence[Problem]]) -> list[Finding]:
    """The problems of invalid files as ``SLA000`` findings, in file order."""
    findings = []
    for file, problems in invalid.items():
        for n, problem in enumerate(problems):
            position = problem.position
            if not position.file:
                position = type(position)(file)
            findings.append(
                Finding(
                    INVALID_CODE,
                    INVALID_NAME,
                    "error",
                    position,
                    problem.message,
                    path=problem.path,
                    excerpt=problem.message,
                    occurrence=n,
                )
            )
    return findings


def render(
    findings: list[Finding],
    fmt: str,
    *,
    version: str = "",
    files: Sequence[str] = (),
    invalid: Mapping[str, Sequence[Problem]] | None = None,
    suppressed: Sequence[tuple[Finding, str]] = (),
) -> str:
    """Findings (and the problems of ``invalid`` files, except in ``text``, where the CLI
    prints them as errors) as a report in ``fmt``. ``files`` are all the files looked at,
    for the formats that list passing files too (JUnit)."""
    if fmt == "text":
        return text(findings)
    everything = sorted([*from_problems(invalid or {}), *findings], key=Finding.sort_key)
    if fmt == "json":
        return json_report(everything)
    if fmt == "sarif":
        import json  # here and below: the text report of a `check` needs no JSON (issue 21)

        log = sarif(
            everything, version=version, invalid=sorted(invalid or {}), suppressed=suppressed
        )
        return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
    if fmt == "github":
        return github(everything)
    if fmt == "junit":
        return junit(everything, files)
    if fmt == "gitlab":
        return gitlab(everything)
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
    import json

    return (
        json.dumps(
            {"version": JSON_VERSION, "findings": [_as_dict(f) for f in findings]},
            indent=2,
            ensure_ascii=False,
        )
        + "\n"
    )


def _relative(file: str) -> str:
    """A relative, forward-slash path, as GitHub and GitLab match it to the repository."""
    path = Path(file)
    if path.is_absolute():
        try:
            path = path.relative_to(Path.cwd())
        except ValueError:
            return path.as_posix()
    return path.as_posix().removeprefix("./")


def _uri(file: str) -> str:
    """A URI reference for SARIF: the relative path, percent-encoded (spaces, ``%``,
    ``#``, non-ASCII letters), or a ``file:`` URI for a file outside the current folder."""
    path = Path(file)
    if path.is_absolute():
        try:
            path = path.relative_to(Path.cwd())
        except ValueError:
            return path.as_uri()
    return quote(path.as_posix().removeprefix("./"), safe="/")


def _sentence(text: str) -> str:
    text = text.rstrip()
    return text if text.endswith((".", "!", "?", ":")) else text + "."


def _invalid_doc() -> RuleDoc:
    from sladoc.checks.docs import RuleDoc

    return RuleDoc(
        INVALID_CODE,
        INVALID_NAME,
        "error",
        "Invalid agreement: the file is not readable YAML or not a valid agreement.",
        "A file that fails validation is not checked: its problems (a syntax error, a "
        "missing or misspelt key, a value of the wrong form) are reported at their "
        "positions instead. Fix them and run the checker again.",
        (),
        (),
    )


def help_uri(code: str) -> str:
    """The documentation of rule ``code`` (of the agreement format for ``SLA000``)."""
    from sladoc.checks.docs import rule_docs

    names = {doc.code: doc.name for doc in rule_docs()}
    if code not in names:
        return FORMAT_URI
    return f"{RULES_URI}#{code.lower()}-{names[code]}"


def sarif(
    findings: list[Finding],
    *,
    version: str = "",
    invalid: Iterable[str] = (),
    suppressed: Sequence[tuple[Finding, str]] = (),
) -> dict[str, Any]:
    """A SARIF 2.1.0 log with one run; every rule is described (with a ``helpUri``), so
    code scanning can show a rule's help for any result. Invalid files are results of
    ``SLA000`` and notifications of the invocation; findings silenced by a suppression
    comment are results with an ``inSource`` suppression and the comment's reason."""
    # Imported here: the rules' documentation (parsed from their docstrings) is for SARIF
    # alone, and importing it cost every `check` about 7 million instructions (issue 21).
    from sladoc.checks.docs import rule_docs

    docs = (*rule_docs(), _invalid_doc())
    index = {doc.code: n for n, doc in enumerate(docs)}
    rules = [
        {
            "id": doc.code,
            "name": doc.name,
            "shortDescription": {"text": doc.summary},
            "fullDescription": {"text": doc.explanation},
            "help": {"text": doc.explanation, "markdown": doc.markdown()},
            "helpUri": help_uri(doc.code),
            "defaultConfiguration": {"level": SARIF_LEVELS[doc.severity]},
            "properties": {"tags": ["sla", doc.category]},
        }
        for doc in docs
    ]
    results = []
    reasons: dict[int, str] = {}
    everything = list(findings)
    for finding, reason in suppressed:
        reasons[len(everything)] = reason
        everything.append(finding)
    for n, f in enumerate(everything):
        p = f.position
        physical: dict[str, Any] = {"artifactLocation": {"uri": _uri(p.file)}}
        if p.line > 0:
            physical["region"] = {
                "startLine": p.line,
                "startColumn": max(p.col, 1),
                "endLine": max(p.end_line or p.line, p.line),
                "endColumn": max(p.end_col or p.col, 1),
            }
        message = _sentence(f.message)
        if f.suggestion:
            message += f" Suggestion: {_sentence(f.suggestion)}"
        result: dict[str, Any] = {
            "ruleId": f.code,
            "ruleIndex": index[f.code] if f.code in index else -1,
            "level": SARIF_LEVELS[f.severity],
            "message": {"text": message},
            "locations": [{"physicalLocation": physical}],
            "partialFingerprints": {"sladocFingerprint/v1": f.fingerprint},
        }
        if result["ruleIndex"] < 0:
            del result["ruleIndex"]
        if f.fix is not None and p.line > 0 and p.end_line > 0:
            result["fixes"] = [
                {
                    "description": {"text": f'Write "{f.fix}".'},
                    "artifactChanges": [
                        {
                            "artifactLocation": {"uri": _uri(p.file)},
                            "replacements": [
                                {
                                    "deletedRegion": physical["region"],
                                    "insertedContent": {"text": f.fix},
                                }
                            ],
                        }
                    ],
                }
            ]
        if n in reasons:
            suppression = {"kind": "inSource", "status": "accepted"}
            if reasons[n]:
                suppression["justification"] = reasons[n]
            result["suppressions"] = [suppression]
        results.append(result)
    driver: dict[str, Any] = {"name": "sladoc", "informationUri": HOME, "rules": rules}
    if version:
        driver["version"] = version
        driver["semanticVersion"] = version
    notifications = [
        {
            "level": "error",
            "message": {"text": "Not checked: the file is not a valid agreement."},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": _uri(file)}}}],
            "descriptor": {"id": INVALID_CODE},
        }
        for file in invalid
    ]
    invocation: dict[str, Any] = {"executionSuccessful": True}
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": driver},
                "invocations": [invocation],
                "columnKind": "unicodeCodePoints",
                "results": results,
            }
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
                ("file", _relative(p.file)),
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


def junit(findings: list[Finding], files: Sequence[str] = ()) -> str:
    """JUnit XML, as CI servers show test results: a test suite per file, a failing test
    case per finding, one passing test case for a file with none."""
    # Imported here: xml.sax.saxutils imports urllib.request, http.client, ssl and email,
    # which the other formats, the text report of every `check` above all, do not need.
    from xml.sax.saxutils import escape, quoteattr

    by_file: dict[str, list[Finding]] = {file: [] for file in files}
    for f in findings:
        by_file.setdefault(f.position.file, []).append(f)
    total = sum(max(len(found), 1) for found in by_file.values())
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<testsuites name="sladoc" tests="{total}" failures="{len(findings)}" errors="0">',
    ]
    for file, found in sorted(by_file.items()):
        name = quoteattr(_relative(file))
        lines.append(
            f'  <testsuite name={name} tests="{max(len(found), 1)}" failures="{len(found)}"'
            ' errors="0" skipped="0">'
        )
        if not found:
            lines.append(f'    <testcase name="no findings" classname={name}/>')
        for f in found:
            p = f.position
            where = f"{p.line}:{p.col}" if p.line else "file"
            body = f"{p}: {f.code} [{f.severity}] {f.message}"
            if f.suggestion:
                body += f"\nsuggestion: {f.suggestion}"
            lines += [
                f"    <testcase name={quoteattr(f'{f.code} {f.name} at {where}')} "
                f'classname={name} file={name} line="{p.line}">',
                f"      <failure message={quoteattr(f.message)} type={quoteattr(f.code)}>"
                f"{escape(body)}</failure>",
                "    </testcase>",
            ]
        lines.append("  </testsuite>")
    lines.append("</testsuites>")
    return "\n".join(lines) + "\n"


def gitlab(findings: list[Finding]) -> str:
    """A GitLab Code Quality report (a JSON array), for merge request widgets."""
    issues = []
    for f in findings:
        p = f.position
        description = f"{f.code} {f.name}: {f.message}"
        if f.suggestion:
            description += f" Suggestion: {f.suggestion}"
        severity = "critical" if f.code == INVALID_CODE else GITLAB_SEVERITIES[f.severity]
        issues.append(
            {
                "type": "issue",
                "check_name": f.code,
                "description": description,
                "categories": ["Style" if f.code != INVALID_CODE else "Bug Risk"],
                "severity": severity,
                # stable across edits elsewhere, so GitLab tells new findings from old ones
                "fingerprint": f.fingerprint,
                "location": {
                    "path": _relative(p.file),
                    "lines": {"begin": max(p.line, 1), "end": max(p.end_line or p.line, 1)},
                },
            }
        )
    import json

    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"
