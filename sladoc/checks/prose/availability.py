"""Availability targets in prose, with the window they are measured over.

A target is an availability figure ("99.9%", "four nines", "99,9%") in a sentence about
availability (uptime, available, ketersediaan ...) that is not a credit-band boundary
("below 99.9%", "kurang dari 99,9%") and not in a sentence about credits. Its window is a
window expression in the same sentence outside any downtime allowance ("per calendar month",
"each quarter", "Monthly Uptime", "setiap tahun"); ``windowed`` also counts the period of an
allowance ("5 minutes of downtime per month").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from sladoc.checks.lazy import LazyPattern
from sladoc.checks.nines import AVAILABILITY_WORDS, availability_mentions, budgets
from sladoc.checks.prose.common import full_sentences, windows

_BOUNDARY_BEFORE = LazyPattern(
    r"(?:(?<!\w)(?:below|under|less\s+than|lower\s+than|at\s+least|falls?|drops?|above|"
    r"more\s+than|from|between|kurang\s+dari|di\s+bawah|paling\s+sedikit|antara|lebih\s+dari)"
    r"|%\s*(?:to|and|-|\u2013|sampai|hingga|s\.d\.))\s*$",
    re.IGNORECASE,
)
_BOUNDARY_AFTER = re.compile(r"^\s*(?:-|\u2013|to\b|sampai\b|hingga\b|s\.d\.)", re.IGNORECASE)
_CREDIT = re.compile(r"(?<!\w)(?:credits?|kredit|rebate|refund)(?!\w)", re.IGNORECASE)


@dataclass(frozen=True)
class Target:
    start: int
    end: int
    percent: Decimal
    window: str | None  # the window the target names, if any
    window_span: tuple[int, int] | None
    windowed: bool  # a window or an allowance's period in the same sentence


def targets(text: str, language: str) -> list[Target]:
    mentions = availability_mentions(text, language)
    if not mentions:
        return []
    found = []
    allowances = budgets(text, language)
    for start, end in full_sentences(text):
        sentence = text[start:end]
        if not AVAILABILITY_WORDS.search(sentence) or _CREDIT.search(sentence):
            continue
        inside = [m for m in mentions if start <= m.start < end]
        if not inside:
            continue
        spans = [(b.start, b.end) for b in allowances if start <= b.start < end]
        periods = [b for b in allowances if start <= b.start < end and b.period]
        named = [
            w
            for w in windows(text[start:end])
            if not any(s <= w.start + start < e for s, e in spans)
        ]
        for mention in inside:
            before = text[max(start, mention.start - 16) : mention.start]
            after = text[mention.end : mention.end + 8]
            if _BOUNDARY_BEFORE.search(before) or _BOUNDARY_AFTER.match(after):
                continue
            window = min(named, key=lambda w: abs(w.start + start - mention.start), default=None)
            found.append(
                Target(
                    mention.start,
                    mention.end,
                    mention.percent,
                    window.period if window else None,
                    (window.start + start, window.end + start) if window else None,
                    bool(named or periods),
                )
            )
    return found


MAY_HOLD = ("%", "nine", "sembilan", "persen", "percent")
