"""Check an agreement in every language it is written in.

Each language version of a bilingual agreement (``agreement.validate.validate_versions``) is
checked on its own, with that language's terms and the positions of its own texts; a finding
in the text both versions share (a number, a date) is reported once.
"""

from __future__ import annotations

from sladoc.agreement.loader import Loaded
from sladoc.agreement.model import Agreement
from sladoc.checks.config import Config
from sladoc.checks.finding import Finding
from sladoc.checks.runner import DEFAULT_CONFIG, check


def check_versions(
    versions: tuple[tuple[Agreement, Loaded], ...],
    config: Config = DEFAULT_CONFIG,
    suppressed: list[tuple[Finding, str]] | None = None,
) -> list[Finding]:
    """The findings of every version, each once, sorted as ``check`` sorts them."""
    findings: dict[Finding, None] = {}
    silenced: dict[tuple[Finding, str], None] = {}
    for agreement, loaded in versions:
        found: list[tuple[Finding, str]] = []
        findings.update(dict.fromkeys(check(agreement, loaded, config, found)))
        silenced.update(dict.fromkeys(found))
    if suppressed is not None:
        suppressed += silenced
    return sorted(findings, key=Finding.sort_key)
