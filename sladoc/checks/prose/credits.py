"""Service-credit tables in prose: bands of availability and the credit each earns.

Read from a field that speaks of credits ("credit", "kredit"), from the first sentence that
does: each band is a range of availability ("below 99.9% but at least 99.0%", "99.0% to less
than 99.9%", "99.9% - 99.0%", "from 99% to 99.9%", "kurang dari 99,9% tetapi paling sedikit
99,0%", "99,9% sampai 99,0%", "di bawah 95%") and its credit is the percentage written with
it, after the band ("below 99.9%, 10%") or, when the text puts credits first ("a credit of
10% where availability is below 99.9%"), before it. A boundary written as a bare number in a
range is taken to include itself; "below", "less than", "kurang dari" exclude it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from itertools import pairwise

from sladoc.checks.lazy import LazyPattern
from sladoc.checks.nines import read_number
from sladoc.checks.prose.common import full_sentences, percents

MAY_HOLD = ("credit", "kredit")
_P = r"(\d+(?:[.,]\d+)?)\s?%"
_BELOW = r"(?:below|under|less\s+than|lower\s+than|kurang\s+dari|di\s+bawah|dibawah)"
_AT_LEAST = (
    r"(?:at\s+least|not\s+less\s+than|no\s+less\s+than|equal\s+to\s+or\s+(?:above|greater\s+"
    r"than)|paling\s+sedikit|sekurang-kurangnya|minimal|sampai(?:\s+dengan)?|hingga|down\s+to)"
)
_JOIN = r"\s*,?\s*(?:(?:but|and|yet|tetapi|namun|dan)\s+)?"
_RANGE = r"\s*(?:-|\u2013|\u2014|to|and|sampai(?:\s+dengan)?|hingga|s\.d\.|s/d)\s*"
BAND = LazyPattern(
    rf"(?P<a>{_BELOW}\s+{_P}{_JOIN}{_AT_LEAST}\s+{_P})"
    rf"|(?P<b>{_AT_LEAST}\s+{_P}{_JOIN}{_BELOW}\s+{_P})"
    rf"|(?P<c>(?:from\s+|antara\s+)?{_P}\s*(?:up\s+)?(?:to|sampai|hingga)\s+{_BELOW}\s+{_P})"
    rf"|(?P<d>(?:from\s+|between\s+|antara\s+)?{_P}{_RANGE}{_P})"
    rf"|(?P<e>{_BELOW}\s+{_P})",
    re.IGNORECASE,
)
_BASIS = LazyPattern(
    r"(?<!\w)(?:fees?|charges?|invoices?|invoiced|price|MRC|recurring|billing|subscription|"
    r"biaya|tagihan|harga|iuran|langganan)(?!\w)",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
_CREDIT = re.compile(r"(?<!\w)(?:credits?|kredit)(?!\w)", re.IGNORECASE)


@dataclass(frozen=True)
class Band:
    start: int
    end: int
    upper: Decimal
    upper_included: bool
    lower: Decimal | None
    lower_included: bool
    credit: Decimal | None = None
    credit_span: tuple[int, int] | None = None


@dataclass(frozen=True)
class Table:
    bands: tuple[Band, ...]  # as written
    has_basis: bool = True  # the text says what the credit is a percentage of


def table(text: str, language: str) -> Table | None:
    if "%" not in text or not _CREDIT.search(text):
        return None
    first = min(
        (s for s, e in full_sentences(text) if _CREDIT.search(text, s, e)),
        default=None,
    )
    if first is None:  # pragma: no cover - a credit word is in some sentence
        return None
    bands: list[Band] = []
    for match in BAND.finditer(text, first):
        numbers = [g for g in match.groups() if g is not None and _NUMBER.fullmatch(g)]
        values = [read_number(n, language) for n in numbers]
        if any(v is None for v in values):
            continue
        vals = [v for v in values if v is not None]
        if any(v < 50 or v > 100 for v in vals):
            continue
        kind = match.lastgroup
        if kind == "a":
            band = Band(match.start(), match.end(), vals[0], False, vals[1], True)
        elif kind == "b":
            band = Band(match.start(), match.end(), vals[1], False, vals[0], True)
        elif kind == "c":
            band = Band(match.start(), match.end(), vals[1], False, vals[0], True)
        elif kind == "d":
            band = Band(match.start(), match.end(), max(vals), True, min(vals), True)
        else:
            band = Band(match.start(), match.end(), vals[0], False, None, False)
        bands.append(band)
    if not bands:
        return None
    inside = [(b.start, b.end) for b in bands]
    credits = [
        p
        for p in percents(text, language)
        if p.start >= first and not any(s <= p.start < e for s, e in inside) and p.value <= 100
    ]
    if not credits:
        return None
    credits_first = credits[0].start < bands[0].start
    placed = []
    for index, band in enumerate(bands):
        if credits_first:
            floor = bands[index - 1].end if index else first
            options = [p for p in credits if floor <= p.start < band.start]
            chosen = options[-1] if options else None
        else:
            ceiling = bands[index + 1].start if index + 1 < len(bands) else len(text)
            options = [p for p in credits if band.end <= p.start < ceiling]
            chosen = options[0] if options else None
        if chosen is None:
            placed.append(band)
        else:
            placed.append(
                Band(
                    band.start,
                    band.end,
                    band.upper,
                    band.upper_included,
                    band.lower,
                    band.lower_included,
                    chosen.value,
                    (chosen.start, chosen.end),
                )
            )
    return Table(tuple(placed), bool(_BASIS.search(text)))


@dataclass(frozen=True)
class Problem:
    start: int
    end: int
    message: str
    suggestion: str


def _pct(value: Decimal) -> str:
    return f"{value.normalize():f}%"


def problems(found: Table) -> list[Problem]:
    """Gaps, overlaps, ambiguous boundaries, empty bands, credits that shrink, and credits
    of nothing in particular."""
    result = []
    first_credit = next((b.credit_span for b in found.bands if b.credit_span), None)
    if not found.has_basis and first_credit is not None:
        result.append(
            Problem(
                first_credit[0],
                first_credit[1],
                "a credit percentage with no basis: a percentage of what (the monthly fee of "
                "the affected service, the whole invoice)?",
                'say what the credit is a percentage of, e.g. "10% of the monthly fee for the '
                'affected service"',
            )
        )
    bands = sorted(found.bands, key=lambda b: -b.upper)
    for band in bands:
        if band.lower is not None and band.lower >= band.upper:
            result.append(
                Problem(
                    band.start,
                    band.end,
                    f"the band from {_pct(band.lower)} up to {_pct(band.upper)} is empty",
                    "write the lower boundary below the upper one",
                )
            )
    for upper, lower in pairwise(bands):
        if upper.lower is not None:
            if lower.upper < upper.lower:
                result.append(
                    Problem(
                        lower.start,
                        lower.end,
                        f"gap: availability from {_pct(lower.upper)} up to "
                        f"{_pct(upper.lower)} falls in no band and earns no credit",
                        f"start this band where the one above ends ({_pct(upper.lower)})",
                    )
                )
            elif lower.upper > upper.lower:
                result.append(
                    Problem(
                        lower.start,
                        lower.end,
                        f"overlap: availability from {_pct(upper.lower)} up to "
                        f"{_pct(lower.upper)} falls in two bands",
                        f"start this band where the one above ends ({_pct(upper.lower)})",
                    )
                )
            elif upper.lower_included and lower.upper_included:
                result.append(
                    Problem(
                        lower.start,
                        lower.end,
                        f"availability of exactly {_pct(lower.upper)} falls in two bands: "
                        "both include it",
                        f'write "{_pct(lower.upper)} to less than {_pct(upper.upper)}" for the '
                        'band above, or "below" for this one',
                    )
                )
        if (
            upper.credit is not None
            and lower.credit is not None
            and lower.credit < upper.credit
            and lower.credit_span is not None
        ):
            result.append(
                Problem(
                    lower.credit_span[0],
                    lower.credit_span[1],
                    f"the credit falls from {_pct(upper.credit)} to {_pct(lower.credit)} as "
                    f"availability falls below {_pct(lower.upper)}",
                    f"give this band a credit of at least {_pct(upper.credit)}",
                )
            )
    return result
