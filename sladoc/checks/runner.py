"""Run the rules on one agreement: select, override severities, honour suppressions, sort."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from sladoc.agreement.loader import Loaded, format_path
from sladoc.checks.config import Config
from sladoc.checks.context import Context
from sladoc.checks.finding import Finding
from sladoc.checks.registry import RULES
from sladoc.checks.suppressions import Suppression, find_suppressions

if TYPE_CHECKING:
    from sladoc.agreement.model import Agreement

DEFAULT_CONFIG = Config()


def check(agreement: Agreement, loaded: Loaded, config: Config = DEFAULT_CONFIG) -> list[Finding]:
    """Every finding for a valid agreement, sorted by position then code."""
    context = Context(agreement, loaded, config, find_suppressions(loaded))
    file = loaded.source.file
    active = [
        (code, module)
        for code, module in RULES.items()
        if config.enabled(code) and not config.ignored_in(file, code)
    ]
    findings: list[Finding] = []
    for _, module in active:
        if not getattr(module, "AFTER_SUPPRESSIONS", False):
            findings.extend(module.check(context))
    findings = [
        replace(f, severity=config.severity_for(f.code, f.severity)) for f in _unique(findings)
    ]
    if context.suppressions:
        findings = _unsuppressed(findings, context.suppressions, loaded)
    for _, module in active:
        if getattr(module, "AFTER_SUPPRESSIONS", False):
            findings.extend(
                replace(f, severity=config.severity_for(f.code, f.severity))
                for f in module.check(context)
            )
    return _numbered(sorted(findings, key=Finding.sort_key))


def _unique(findings: list[Finding]) -> list[Finding]:
    """One finding per code, span and message: a YAML alias repeats a value at another path
    that the source map points back to the anchor, so a rule would report it twice."""
    seen: set[tuple] = set()
    result = []
    for finding in findings:
        key = (finding.code, finding.position, finding.message)
        if key not in seen:
            seen.add(key)
            result.append(finding)
    return result


def _unsuppressed(
    findings: list[Finding], suppressions: list[Suppression], loaded: Loaded
) -> list[Finding]:
    by_target: dict[int, list[Suppression]] = {}
    for suppression in suppressions:
        by_target.setdefault(suppression.target, []).append(suppression)
    entry_lines = _entry_lines(loaded)
    kept = []
    for finding in findings:
        # a suppression cannot silence the findings about suppressions themselves
        if finding.code.startswith("SLA9"):
            kept.append(finding)
            continue
        lines = {finding.position.line, *entry_lines.get(finding.path, ())}
        covering = [s for line in lines for s in by_target.get(line, ()) if s.covers(finding.code)]
        for suppression in covering:
            suppression.used.add(finding.code)
        if not covering:
            kept.append(finding)
    return kept


def _entry_lines(loaded: Loaded) -> dict[str, tuple[int, ...]]:
    """For each key path: the lines where its key and its value start, so a suppression on
    ``overview: >`` covers words in the folded text below it."""
    source = loaded.source
    lines: dict[str, tuple[int, ...]] = {}
    for path, span in source.values.items():
        key = source.keys.get(path)
        lines[format_path(path)] = (span[0],) if key is None else (key[0], span[0])
    return lines


def _numbered(findings: list[Finding]) -> list[Finding]:
    """Number repeats of the same code, path and words, so each has its own fingerprint."""
    counts: dict[tuple[str, str, str], int] = {}
    result = []
    for finding in findings:
        key = (finding.code, finding.path, " ".join(finding.excerpt.lower().split()))
        occurrence = counts.get(key, 0)
        counts[key] = occurrence + 1
        result.append(replace(finding, occurrence=occurrence) if occurrence else finding)
    return result
