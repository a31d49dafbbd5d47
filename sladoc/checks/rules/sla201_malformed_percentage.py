"""Malformed percentage: "99.99.9%", "999.9%", "0.999" where a percentage is meant.

A mistyped uptime figure commits a provider to a level nobody meant. The typed fields reject
most of these (`target: 99.99.9%` is invalid), but prose does not, and a fraction such as
`target: 0.999` is valid there: it reads as 0.999% availability. Reported, with the likely
intended value (with `sladoc check --fix`, the two that have one exact correction -- two
decimal marks and an English decimal comma -- are corrected in the file):

- two decimal marks ("99.99.9%" -> 99.999%);
- over 100% when it looks like mistyped nines ("999.9%" -> 99.99%), or any figure over 100%
  in a sentence about availability;
- a decimal comma in an English agreement ("99,9%" -> 99.9%);
- a fraction where a percentage is meant ("0.999" near "availability", or an availability
  target of 0.9x%).

Fails:

```yaml
overview: >
  Acme hosts the web shop with an availability of 99.99.9% in each calendar month.
```

Passes:

```yaml
overview: >
  Acme hosts the web shop with an availability of 99.999% in each calendar month.
```
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from sladoc.agreement import sla_math
from sladoc.agreement.loader import Path_
from sladoc.agreement.model import Agreement, CustomerAgreement
from sladoc.checks.context import Context
from sladoc.checks.finding import Finding
from sladoc.checks.nines import (
    AVAILABILITY_WORDS,
    MAY_HOLD_PERCENT,
    PERCENT_TOKEN,
    UNIT_WORDS,
    read_number,
    sentence_bounds,
)
from sladoc.checks.rule import EVERY_KIND, Rule

# 0.9, 0.999, 0,9995 not followed by a percent sign or a unit: a fraction of one
_FRACTION = re.compile(
    r"(?<![\w.,])0[.,]9\d*(?![\d.,]*\d)(?!\s*(?:%|per\s?cent|percent|persen|ms|"
    rf"{'|'.join(sorted(UNIT_WORDS, key=len, reverse=True))})(?!\w))",
    re.IGNORECASE,
)


def check(ctx: Context[Agreement]) -> Iterator[Finding]:
    language = ctx.agreement.language
    for prose in ctx.prose_with(MAY_HOLD_PERCENT):
        text = prose.text
        bounds = sentence_bounds(text)
        for match in PERCENT_TOKEN.finditer(text):
            problem = _diagnose(
                match["number"], match.group(), text, match.start(), bounds, language
            )
            if problem is not None:
                spot = ctx.source.words_spot(prose.path, text, match.start(), match.end())
                message, suggestion, corrected = problem
                fix = None if corrected is None else corrected + match["sign"]
                yield RULE.finding(spot, message, suggestion, fix)
        for match in _FRACTION.finditer(text):
            if _about_availability(text, match.start(), bounds):
                value = read_number(match.group(), "id" if "," in match.group() else "en")
                if value is None:
                    continue
                spot = ctx.source.words_spot(prose.path, text, match.start(), match.end())
                yield RULE.finding(
                    spot,
                    f'"{match.group()}" is a fraction where an availability percentage is meant',
                    f'write "{_shown(value * 100)}%"',
                )
    yield from _typed_fields(ctx)


RULE = Rule(
    code="SLA201",
    name="malformed-percentage",
    severity="error",
    kinds=EVERY_KIND,
    check=check,
    doc=__doc__,
)


def _diagnose(
    number: str, written: str, text: str, start: int, bounds: list[int], language: str
) -> tuple[str, str, str | None] | None:
    """(message, suggestion, the corrected number when there is exactly one)."""
    value = read_number(number, language)
    if value is None:
        mark = next(c for c in number if c in ".,")
        head, _, tail = number.partition(mark)
        one_mark = head + "." + tail.replace(".", "").replace(",", "")
        corrected = one_mark.replace(".", ",") if mark == "," else one_mark
        return (
            f'"{written}" is not a number: it has more than one decimal mark',
            f"did you mean {_with_nines(Decimal(one_mark))}?",
            corrected if Decimal(one_mark) <= 100 else None,
        )
    if language == "en" and number.count(",") == 1 and value <= 100 and "." not in number:
        dotted = number.replace(",", ".")
        return (
            f'"{written}" uses a decimal comma in an English agreement',
            f'write "{dotted}%"',
            dotted,
        )
    if value > 100:
        digits = number.replace(".", "").replace(",", "")
        if digits.startswith("99") and len(digits) > 2:
            intended = Decimal(f"99.{digits[2:]}")
            return (
                f'"{written}" is over 100%',
                f"did you mean {_with_nines(intended)}?",
                None,
            )
        if _about_availability(text, start, bounds):
            return (
                f'"{written}" is over 100%: no availability can be higher than 100%',
                "write the availability as a percentage from 0% to 100%, e.g. 99.9%",
                None,
            )
        return None
    if Decimal("0.9") <= value < 1 and _about_availability(text, start, bounds):
        return (
            f'"{written}" is less than 1%: a fraction written as a percentage?',
            f'write "{_shown(value * 100)}%"',
            None,
        )
    return None


def _about_availability(text: str, start: int, bounds: list[int]) -> bool:
    """Whether the sentence around ``start`` is about availability."""
    begin = max((b for b in bounds if b < start), default=0)
    end = min((b for b in bounds if b >= start), default=len(text))
    return AVAILABILITY_WORDS.search(text, begin, end) is not None


def _typed_fields(ctx: Context[Agreement]) -> Iterator[Finding]:
    """Availability figures that are valid percentages but surely fractions: 0.999 is read
    as 0.999% availability."""
    agreement = ctx.agreement
    if isinstance(agreement, CustomerAgreement):
        yield from _customer_fields(ctx, agreement)
    for party, goals in agreement.goals.items():
        for index, goal in enumerate(goals):
            if (
                goal.target is not None
                and goal.target.percent is not None
                and AVAILABILITY_WORDS.search(goal.metric)
            ):
                yield from _fraction_field(
                    ctx, goal.target.percent, ("goals", party, index, "target")
                )


def _customer_fields(ctx: Context[Agreement], agreement: CustomerAgreement) -> Iterator[Finding]:
    targets = {
        path: availability.target
        for level in agreement.levels()
        for _, _, availability, path in level.availability
    }
    for path, target in targets.items():
        yield from _fraction_field(ctx, target, path)
    for where, credits in agreement.credit_tables():
        for index, band in enumerate(credits.bands):
            yield from _fraction_field(ctx, band.below, (*where, "bands", index, "below"))
            if band.at_least is not None:
                yield from _fraction_field(ctx, band.at_least, (*where, "bands", index, "at_least"))


def _fraction_field(ctx: Context[Agreement], percent: Decimal, path: Path_) -> Iterator[Finding]:
    if Decimal("0.9") <= percent < 1:
        spot = ctx.source.value_spot(path)
        yield RULE.finding(
            spot,
            f"{_shown(percent)} reads as {_shown(percent)}% availability; a "
            f"fraction was probably meant",
            f'write "{_shown(percent * 100)}%"',
        )


def _shown(value: Decimal) -> str:
    return f"{value.normalize():f}"


def _with_nines(percent: Decimal) -> str:
    if percent > 100:
        return f"{_shown(percent)}%"
    name = sla_math.count_nines(percent)
    return f"{_shown(percent)}%" + (f" ({name})" if "nine" in name else "")
