"""Defined terms in prose: terms defined where they are used, and capitalised terms used as
if defined.

A term is defined inline when it is quoted ("Business Hours"), or followed by a colon,
"means",
"meaning", "is defined as", "berarti", "yaitu", "adalah", a parenthesised explanation
("A Planned Outage (an interruption announced ...)"), "as defined in", "sebagaimana
didefinisikan", or, for hours, by the hours themselves ("Support Hours of Monday to
Friday"). A capitalised term whose last word (English) or first word (Indonesian) names
something an agreement must measure -- hours, outages, incidents, events, maintenance,
windows, periods; jam, gangguan, insiden, kejadian, pemeliharaan -- is used as if defined.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sladoc.checks.lazy import LazyPattern

MAY_DEFINE = (
    '"',
    "\u201c",
    "mean",
    "berarti",
    "yaitu",
    "adalah",
    "defined",
    "didefinisikan",
    "(",
    "hours",
    "jam",
    ": ",
)
_WORD = r"[A-Z][a-z]+(?:-[A-Za-z]+)?"
_QUOTED = LazyPattern(rf"[\"\u201c\u2018']((?:{_WORD}\s+){{0,4}}{_WORD})[\"\u201d\u2019']")
_DEFINES = LazyPattern(
    r"\(|:\s|(?<!\w)(?:means|meaning|is\s+defined\s+as|has\s+the\s+meaning|as\s+defined\s+in|"
    r"berarti|yaitu|adalah|sebagaimana\s+didefinisikan|sebagaimana\s+dimaksud)(?!\w)"
)
_BEFORE = LazyPattern(rf"(?<![\w\"])((?:{_WORD}\s+){{0,4}}{_WORD})\s*,?\s*$")
_HOURS_GIVEN = LazyPattern(
    rf"((?:{_WORD}\s+){{0,3}}(?:Hours|Days?|Jam\s+\w+|Hari\s+\w+))\s+(?:of|are|is|:|run|mean)"
    r"\s+(?:from\s+)?(?:Monday|Senin|\d)",
)
_LEADING = frozenset(
    "any each every the a an all no this that such these those if where when for in on per "
    "setiap tiap semua seluruh suatu sebuah para apabila jika bila dalam pada untuk".split()
)
_EN_HEADS = r"(?:Hours|Outages?|Incidents?|Events?|Maintenance|Windows?|Periods?|Failures?)"
_ID_HEADS = r"(?:Jam|Gangguan|Insiden|Kejadian|Peristiwa|Pemeliharaan|Periode|Jendela)"
_HEAD_WORDS = (
    "Hours",
    "Outage",
    "Incident",
    "Event",
    "Maintenance",
    "Window",
    "Period",
    "Failure",
    "Jam ",
    "Gangguan ",
    "Insiden ",
    "Kejadian ",
    "Peristiwa ",
    "Pemeliharaan ",
    "Periode ",
    "Jendela ",
)
_USED_EN = re.compile(rf"(?<![\w\"\u201c])((?:{_WORD}\s+){{1,3}}{_EN_HEADS})(?![\w\"\u201d])")
_USED_ID = re.compile(
    rf"(?<![\w\"\u201c])({_ID_HEADS}(?:\s+{_WORD}){{1,3}})(?![\w\"\u201d])(?!\s*\d)"
)


def _trim(term: str) -> str:
    words = term.split()
    while words and words[0].lower() in _LEADING:
        words = words[1:]
    return " ".join(words)


def inline(text: str) -> set[str]:
    """The terms ``text`` defines, in lower case."""
    terms = []
    if '"' in text or "\u201c" in text or "\u2018" in text or "'" in text:
        terms += [m.group(1) for m in _QUOTED.finditer(text)]
    for keyword in _DEFINES.finditer(text):
        before = _BEFORE.search(text, max(0, keyword.start() - 80), keyword.start())
        if before is not None:
            terms.append(before.group(1))
    if "Hours" in text or "Day" in text or "Jam" in text or "Hari" in text:
        terms += [m.group(1) for m in _HOURS_GIVEN.finditer(text)]
    return {" ".join(t.lower().split()) for t in map(_trim, terms) if t}


@dataclass(frozen=True)
class Used:
    start: int
    end: int
    term: str


def used(text: str) -> list[Used]:
    """Capitalised terms that name something measured, used as if defined."""
    found: list[Used] = []
    if not any(head in text for head in _HEAD_WORDS):
        return found
    for pattern in (_USED_EN, _USED_ID):
        for match in pattern.finditer(text):
            raw = match.group(1)
            term = _trim(raw)
            if len(term.split()) < 2:
                continue
            start = match.start(1) + raw.index(term.split()[0])
            found.append(Used(start, start + len(term), term))
    return found
