"""One thing a rule found: where (the exact words), how bad, what is wrong, what to write."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Literal

from sladoc.errors import Position

Severity = Literal["info", "warning", "error"]
"""How bad a rule's findings are by default (a configuration may say otherwise)."""

SEVERITIES: tuple[Severity, ...] = ("info", "warning", "error")
"""From least to most severe; ``--fail-on`` picks a threshold in this order."""

SEVERITY_RANK: dict[str, int] = {name: rank for rank, name in enumerate(SEVERITIES)}


@dataclass(frozen=True)
class Finding:
    """A finding at ``position`` (1-based; ``end_line``/``end_col`` just after the last
    character, as YAML marks and SARIF regions count)."""

    code: str
    name: str
    severity: str
    position: Position
    message: str
    suggestion: str = ""
    path: str = ""  # key path inside the agreement, e.g. ``support.severities[0].response``
    excerpt: str = ""  # the flagged words as written, when the finding is about words
    occurrence: int = 0  # n-th finding with the same code, path and excerpt in the file
    fix: str | None = field(default=None, compare=False)
    """The one exact correction, when there is one: what replaces the finding's span in the
    file (``sladoc check --fix``)."""

    @property
    def fingerprint(self) -> str:
        """Stable across runs and across edits elsewhere in the file: built from what was
        found and where in the agreement's structure, never from line numbers."""
        words = " ".join(self.excerpt.lower().split())
        key = "\0".join(
            (
                self.code,
                self.position.file.replace("\\", "/"),
                self.path,
                words,
                str(self.occurrence),
            )
        )
        return hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]

    def sort_key(self) -> tuple[str, int, int, str, int, int, str]:
        p = self.position
        return (p.file, p.line, p.col, self.code, p.end_line, p.end_col, self.message)


def possessive(name: str) -> str:
    """ "Acme's", but "Sales'": messages name parties and services."""
    return f"{name}'" if name.endswith("s") else f"{name}'s"
