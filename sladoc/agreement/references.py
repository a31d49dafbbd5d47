"""Cross-references in an agreement's text: ``[clause:termination]`` names a clause by its
id and reads "clause 6" in the contract ("Pasal 6" in Indonesian).

The syntax cannot clash with YAML (inside a value), with Jinja (no braces) or with the
Markdown a clause may hold (a link needs ``](``). ``\\[clause:x]`` is the literal text
``[clause:x]``. What an id may name: the built-in sections (:data:`SECTIONS`) the
agreement holds, and its own clauses that have an ``id``. ``validate`` reports a reference
to anything else where it is written; ``document.compose`` turns each into the number.

May import: nothing of sladoc.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

REFERENCE = re.compile(r"(\\?)\[clause:([^\]\s]*)\]")
"""A reference (group 2: the id), or, with a backslash before it (group 1), its text."""

SECTIONS: dict[str, tuple[str, ...] | None] = {
    "overview": None,
    "goals": None,
    "support": ("support", "plans"),
    "requirements": None,
    "contacts": None,
    "if_goals_missed": None,
    "exclusions": ("exclusions",),
    "maintenance": ("maintenance",),
    "termination": ("termination",),
    "unexpected_events": ("unexpected_events",),
    "clauses": ("clauses",),
    "general": ("general",),
}
"""The numbered built-in sections a reference may name, each with the agreement fields
without all of which the contract leaves it out (None: always there). The same ids as the
document's spines (a test holds them equal); a field that a kind does not have leaves
the section out of that kind's contracts."""


@dataclass(frozen=True)
class Reference:
    """One reference in a text: where it is (``start``, ``end``) and the id it names."""

    start: int
    end: int
    target: str


def references(text: str) -> Iterator[Reference]:
    """Every reference in ``text`` (escaped ones are text, not references)."""
    for match in REFERENCE.finditer(text):
        if not match.group(1):
            yield Reference(match.start(), match.end(), match.group(2))


def split(text: str) -> Iterator[str | Reference]:
    """``text`` as pieces of literal text (escapes undone) and references, in order."""
    position = 0
    for match in REFERENCE.finditer(text):
        if match.group(1):
            yield text[position : match.start()] + match.group(0)[1:]
        else:
            yield text[position : match.start()]
            yield Reference(match.start(), match.end(), match.group(2))
        position = match.end()
    yield text[position:]


def targets(agreement: Any) -> list[str]:
    """The ids a reference in ``agreement`` may name: the sections it holds, then its
    clauses' ids."""
    sections = [
        section
        for section, fields in SECTIONS.items()
        if fields is None or any(getattr(agreement, field, None) for field in fields)
    ]
    return sections + [clause.id for clause in agreement.clauses if clause.id]
