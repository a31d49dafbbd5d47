"""Downtime mismatch: a downtime allowance that is not the one its percentage gives.

The guide's own trap: "99.999% uptime allows just over 5 minutes of downtime per year,
99.999% is 31 seconds" -- 31 seconds a year is 99.9999%, six nines, not five. Checked in
`services[].availability.downtime` and in prose, where a percentage or "five nines" /
"empat sembilan" is followed (or preceded) in the same sentence by an allowance such as
"31 seconds per year", "52 minutes a month", "8 jam per bulan". An allowance with no period
of its own counts only when it says "downtime" or is joined to the percentage by "is", "(",
"i.e.", "berarti" and the like; it takes the period of the previous allowance in the same
text, or is compared with every period when there is none. Any usual month or year length is
accepted (28 to 31 days, 30-day or average months; 365, 365.25 or 366-day years), and so is
the exact figure rounded or cut off to the precision it is written with.

`sladoc check --fix` writes the allowance the percentage gives in place of the one written
(`--diff` shows the change first); change the percentage instead if it is the one that is
wrong.

Fails:

```yaml
overview: >
  Acme hosts the web shop. 99.999% uptime allows just over 5 minutes of downtime per year;
  99.999% is 31 seconds.
```

Passes:

```yaml
overview: >
  Acme hosts the web shop. 99.999% uptime allows just over 5 minutes of downtime per year;
  99.9999% is 31 seconds.
```
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from sladoc.agreement import sla_math
from sladoc.agreement.model import Agreement, CustomerAgreement
from sladoc.agreement.values import PERIODS, parse_budget
from sladoc.checks.context import Context
from sladoc.checks.finding import Finding, possessive
from sladoc.checks.locate import Spot
from sladoc.checks.nines import (
    BUDGET,
    MAY_NAME_AVAILABILITY,
    Budget,
    Mention,
    availability_mentions,
    budgets,
    consistent,
    describe_budget,
    equates,
    read_allowance,
    really,
    same_sentence,
    sentence_bounds,
    shown_percent,
)
from sladoc.checks.rule import EVERY_KIND, Rule

_BEFORE = 80  # characters from a percentage to its allowance ("99.9% uptime allows ...")
_AFTER = 30  # from an allowance to a percentage after it ("52 minutes a year (99.99%)")
_PERIOD_LENGTHS = frozenset(
    Decimal(days * 86400) for days in (7, 28, 29, 30, 31, 90, 91, 92, 365, 366)
)


def check(ctx: Context[Agreement]) -> Iterator[Finding]:
    language = ctx.agreement.language
    if isinstance(ctx.agreement, CustomerAgreement):
        yield from _structured(ctx, ctx.agreement, language)
    for prose in ctx.prose_with(MAY_NAME_AVAILABILITY):
        if prose.path[-1:] == ("downtime",):
            continue  # the structured check above reads it with its target
        text = prose.text
        mentions = availability_mentions(text, language)
        if not mentions:
            continue
        bounds = sentence_bounds(text)
        inherited: str | None = None
        for budget in budgets(text, language):
            if budget.period is None and budget.seconds in _PERIOD_LENGTHS:
                continue  # "with 365 days", "in 30 days": the length of a period, not downtime
            period = budget.period or inherited
            inherited = period
            mention = _paired(mentions, budget, bounds)
            if mention is None:
                continue
            # A duration without its own period ("99% of tickets within 4 hours", "99.9%
            # availability and 15 minutes response") is an allowance only when it says
            # "downtime" or the words between say it is the percentage ("99.999% is 31 s").
            if (
                budget.period is None
                and not budget.says_downtime
                and not (mention.end <= budget.start and equates(text, mention.end, budget.start))
            ):
                continue
            periods = [period] if period else list(PERIODS)
            if any(
                consistent(mention.percent, budget.seconds, budget.precision, p) for p in periods
            ):
                continue
            spot = ctx.source.words_spot(prose.path, text, budget.start, budget.end)
            fix = None
            written = BUDGET.match(text, budget.start)
            if budget.period is not None and written is not None:
                # the allowance the percentage gives, in place of the duration written
                exact = sla_math.downtime_budget(mention.percent, budget.period)
                fix = sla_math.format_duration(exact) + text[written.end("duration") : budget.end]
            yield _finding(
                ctx,
                spot,
                mention.percent,
                budget.seconds,
                budget.precision,
                period or "year",
                period_given=period is not None,
                fix=fix,
            )


RULE = Rule(
    code="SLA202",
    name="downtime-mismatch",
    severity="error",
    kinds=EVERY_KIND,
    check=check,
    doc=__doc__,
)


def _paired(mentions: list[Mention], budget: Budget, bounds: list[int]) -> Mention | None:
    before = [
        m
        for m in mentions
        if m.end <= budget.start
        and budget.start - m.end <= _BEFORE
        and same_sentence(bounds, m.start, budget.start)
    ]
    if before:
        return before[-1]
    after = [
        m
        for m in mentions
        if m.start >= budget.end
        and m.start - budget.end <= _AFTER
        and same_sentence(bounds, budget.start, m.start)
    ]
    return after[0] if after else None


def _structured(
    ctx: Context[Agreement], agreement: CustomerAgreement, language: str
) -> Iterator[Finding]:
    """The downtime each service's ``availability`` states, against its target."""
    for index, service in enumerate(agreement.services):
        availability = service.availability
        if availability is None or availability.downtime is None:
            continue
        period = None
        for lang in (language, "id" if language == "en" else "en"):
            try:
                period = parse_budget(availability.downtime, language=lang)[1]
                break
            except ValueError:
                continue
        read = read_allowance(availability.downtime, language)
        if period is None or read is None:
            continue
        seconds, precision = read
        if consistent(availability.target, seconds, precision, period):
            continue
        path = ("services", index, "availability", "downtime")
        spot = ctx.source.value_spot(path, availability.downtime)
        exact = sla_math.downtime_budget(availability.target, period)
        yield _finding(
            ctx,
            spot,
            availability.target,
            seconds,
            precision,
            period,
            subject=f"{possessive(service.name)} target",
            fix=f"{sla_math.format_duration(exact)} per {period}",
        )


def _finding(
    ctx: Context[Agreement],
    spot: Spot,
    percent: Decimal,
    seconds: Decimal,
    precision: Decimal,
    period: str,
    subject: str = "",
    period_given: bool = True,
    fix: str | None = None,
) -> Finding:
    shown = shown_percent(percent)
    _, real = really(seconds, precision, period)
    stated = sla_math.format_duration(seconds)
    owner = f"{subject} {shown}%" if subject else f"{shown}%"
    if period_given:
        message = f"{stated} of downtime per {period} is {real}, not {owner}"
    else:
        message = (
            f"{stated} of downtime is not what {owner} allows in a day, week, month, "
            f"quarter or year (and no period is given); per {period} it is {real}"
        )
    message += f": {shown}% allows {describe_budget(percent, period)}"
    exact = sla_math.format_duration(sla_math.downtime_budget(percent, period))
    suggestion = (
        f'write "{exact} per {period}" if {shown}% is the level meant, or change the '
        f"percentage to {real.split(' ')[0]}"
    )
    return RULE.finding(spot, message, suggestion, fix)
