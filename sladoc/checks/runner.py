"""Run the rules on one agreement, in phases: the rules selected for the file (each on the
kinds of agreement it applies to); severities as configured; the suppressions applied, with
a record of what each one silenced; the rules that report on the suppressions, which read
that record; and last, the findings sorted and numbered."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from sladoc.agreement.loader import Loaded, format_path
from sladoc.agreement.model import Agreement
from sladoc.checks.config import Config
from sladoc.checks.context import Context
from sladoc.checks.finding import Finding
from sladoc.checks.registry import RULES
from sladoc.checks.rule import Phase, Rule
from sladoc.checks.suppressions import Suppressed, Suppression, find_suppressions
from sladoc.errors import Position

DEFAULT_CONFIG = Config()
_RULE_NAMES = {code: rule.name for code, rule in RULES.items()}


def check(
    agreement: Agreement,
    loaded: Loaded,
    config: Config = DEFAULT_CONFIG,
    suppressed: list[tuple[Finding, str]] | None = None,
) -> list[Finding]:
    """Every finding for a valid agreement, sorted by position then code. Given a list as
    ``suppressed``, the findings a suppression comment silenced are added to it, each with
    the comment's reason (SARIF reports them as suppressed results)."""
    file = loaded.source.file
    active = [
        rule
        for code, rule in RULES.items()
        if config.enabled(code) and not config.ignored_in(file, code)
    ]
    context: Context[Agreement] = Context(agreement, loaded, config)
    findings = _configured(_unique(_run(active, Phase.FINDINGS, context)), config)
    findings, uses = _suppress(findings, find_suppressions(loaded), loaded, suppressed)
    outcome = Suppressed(uses, _RULE_NAMES, frozenset(rule.code for rule in active))
    after = replace(context, outcome=outcome)
    findings += _configured(_run(active, Phase.AFTER_SUPPRESSIONS, after), config)
    return _numbered(sorted(findings, key=Finding.sort_key))


def _run(rules: list[Rule[Any]], phase: Phase, context: Context[Agreement]) -> list[Finding]:
    """The findings of the rules of ``phase``, in the registry's order."""
    return [finding for rule in rules if rule.phase is phase for finding in rule.run(context)]


def _configured(findings: list[Finding], config: Config) -> list[Finding]:
    """The findings with the severities the configuration gives their codes."""
    return [replace(f, severity=config.severity_for(f.code, f.severity)) for f in findings]


def _unique(findings: list[Finding]) -> list[Finding]:
    """One finding per code, span and message: a YAML alias repeats a value at another path
    that the source map points back to the anchor, so a rule would report it twice."""
    seen: set[tuple[str, Position, str]] = set()
    result = []
    for finding in findings:
        key = (finding.code, finding.position, finding.message)
        if key not in seen:
            seen.add(key)
            result.append(finding)
    return result


def _suppress(
    findings: list[Finding],
    suppressions: list[Suppression],
    loaded: Loaded,
    silenced: list[tuple[Finding, str]] | None = None,
) -> tuple[list[Finding], tuple[tuple[Suppression, frozenset[str]], ...]]:
    """The findings no suppression covers, and each suppression with the codes of the
    findings it covered."""
    if not suppressions:  # the common case
        return findings, ()
    by_target: dict[int, list[int]] = {}
    for index, suppression in enumerate(suppressions):
        by_target.setdefault(suppression.target, []).append(index)
    used: list[set[str]] = [set() for _ in suppressions]
    entry_lines = _entry_lines(loaded)
    kept = []
    for finding in findings:
        lines = {finding.position.line, *entry_lines.get(finding.path, ())}
        covering = [
            index
            for line in lines
            for index in by_target.get(line, ())
            if suppressions[index].covers(finding.code)
        ]
        for index in covering:
            used[index].add(finding.code)
        if not covering:
            kept.append(finding)
        elif silenced is not None:
            silenced.append((finding, suppressions[covering[0]].reason))
    return kept, tuple(
        (suppression, frozenset(codes))
        for suppression, codes in zip(suppressions, used, strict=True)
    )


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
