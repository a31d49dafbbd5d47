"""Tier order: a higher service tier (or plan) that promises less than a lower one.

In `service_tiers`, and in a customer agreement's `plans`, each metric is compared across
tiers (for plans: each service's availability and each severity's response and resolution
time): response and resolution times must
not get slower, and percentages (availability) must not get lower, as tiers go up. Tiers go up
by price when every tier has one, else in the order they are listed, from whichever end most
metrics say is the top. A count with no known direction ("check-ins per year") only has to
move one way.

Fails:

```yaml
kind: tiered
service_tiers:
  - name: Bronze
    targets: {first response: 2 business days, availability: 99.5%}
  - name: Silver
    targets: {first response: 4 business hours, availability: 99.9%}
  - name: Gold
    targets: {first response: 1 business day, availability: 99.95%}
```

Passes:

```yaml
kind: tiered
service_tiers:
  - name: Bronze
    targets: {first response: 2 business days, availability: 99.5%}
  - name: Silver
    targets: {first response: 1 business day, availability: 99.9%}
  - name: Gold
    targets: {first response: 4 business hours, availability: 99.95%}
```
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from itertools import pairwise

from sladoc.agreement.model import (
    Agreement,
    CustomerAgreement,
    Measure,
    ServiceTier,
    TieredAgreement,
)
from sladoc.checks.context import Context
from sladoc.checks.finding import Finding, possessive
from sladoc.checks.rule import Rule

_Goodness = tuple[Decimal, bool, str]
"""(score where higher is better, whether the direction is known, unit)."""
_Scored = tuple[int, ServiceTier, _Goodness]
"""(index in ``service_tiers``, the tier, how good its figure for one metric is)."""


def check(ctx: Context[Agreement]) -> Iterator[Finding]:
    if isinstance(ctx.agreement, CustomerAgreement):
        yield from _plans(ctx, ctx.agreement)
    elif isinstance(ctx.agreement, TieredAgreement):
        yield from _tiers(ctx, ctx.agreement)


def _plans(ctx: Context[Agreement], agreement: CustomerAgreement) -> Iterator[Finding]:
    """Plans go up by price when every plan has one, else as listed; a higher plan must not
    promise a lower availability or a slower time than the plan below it."""
    levels = [level for level in agreement.levels() if level.plan is not None]
    if len(levels) < 2:
        return
    if all(level.plan and level.plan.price for level in levels):
        levels.sort(
            key=lambda level: level.plan.price.amount if level.plan and level.plan.price else 0
        )
    figures: list[dict[str, tuple[Decimal, str, tuple[str | int, ...]]]] = []
    for level in levels:
        figure = {
            f"{service.name} availability": (a.target, f"{a.target.normalize():f}%", path)
            for _, service, a, path in level.availability
        }
        for index, severity in enumerate(level.support.severities if level.support else []):
            for measure in ("response", "resolution"):
                time = getattr(severity, measure)
                if time is not None:
                    path = (*level.support_path, "severities", index, measure)
                    figure[f"severity {severity.level} {measure}"] = (
                        -time.seconds,
                        str(time),
                        path,
                    )
        figures.append(figure)
    pairs = list(zip(levels, figures, strict=True))
    if not all(level.plan and level.plan.price for level in levels):
        first, last = figures[0], figures[-1]
        votes = sum(
            (last[m][0] > first[m][0]) - (last[m][0] < first[m][0]) for m in set(first) & set(last)
        )
        if votes < 0:
            pairs.reverse()
    for (low, low_figures), (high, high_figures) in pairwise(pairs):
        assert low.plan is not None and high.plan is not None
        for metric in sorted(set(low_figures) & set(high_figures)):
            (lower, lower_text, _), (higher, higher_text, path) = (
                low_figures[metric],
                high_figures[metric],
            )
            if higher < lower:
                what = "slower" if metric.endswith(("response", "resolution")) else "lower"
                yield RULE.finding(
                    ctx.source.value_spot(path),
                    f"the {high.plan.name} plan promises {higher_text} for {metric}, {what} "
                    f"than the lower {low.plan.name} plan ({lower_text})",
                    f"give {high.plan.name} at least {possessive(low.plan.name)} {lower_text}, "
                    "or swap the plans' figures",
                )


def _tiers(ctx: Context[Agreement], agreement: TieredAgreement) -> Iterator[Finding]:
    tiers = list(enumerate(agreement.service_tiers))
    if len(tiers) < 2:
        return
    priced = [(index, tier, tier.price) for index, tier in tiers if tier.price is not None]
    if len(priced) == len(tiers):
        priced.sort(key=lambda item: item[2].amount)
        tiers = [(index, tier) for index, tier, _ in priced]
        upwards = True
    else:
        upwards = _listed_upwards(tiers)
    if not upwards:
        tiers.reverse()
    metrics = {metric for _, tier in tiers for metric in tier.targets}
    for metric in sorted(metrics):
        values: list[_Scored] = []
        for index, tier in tiers:
            goodness = _goodness(tier.targets[metric]) if metric in tier.targets else None
            if goodness is not None:
                values.append((index, tier, goodness))
        if len(values) < 2:
            continue
        known = values[0][2][1]
        if known and all(v[2][1] for v in values):
            yield from _worse_steps(ctx, metric, values)
        else:
            yield from _reversals(ctx, metric, values)


RULE = Rule(
    code="SLA203",
    name="tier-order",
    severity="error",
    kinds=(TieredAgreement, CustomerAgreement),
    check=check,
    doc=__doc__,
)


def _goodness(measure: Measure) -> _Goodness | None:
    if measure.duration is not None:
        return -measure.duration.seconds, True, "time"
    if measure.percent is not None:
        return measure.percent, True, "%"
    if measure.number is not None:
        # "1 check-in" and "4 check-ins" count the same thing
        return measure.number, False, measure.unit.lower().removesuffix("s")
    return None


def _listed_upwards(tiers: list[tuple[int, ServiceTier]]) -> bool:
    """Whether the list runs from the lowest tier to the highest, by the majority of metrics
    whose direction is known (ties: as listed, lowest first)."""
    votes = 0
    first, last = tiers[0][1], tiers[-1][1]
    for metric in set(first.targets) & set(last.targets):
        low, high = _goodness(first.targets[metric]), _goodness(last.targets[metric])
        if low is None or high is None or not (low[1] and high[1]):
            continue
        votes += (high[0] > low[0]) - (high[0] < low[0])
    return votes >= 0


def _worse_steps(ctx: Context[Agreement], metric: str, values: list[_Scored]) -> Iterator[Finding]:
    for (_, lower, low), (index, higher, high) in pairwise(values):
        if high[0] < low[0]:
            what = "slower" if high[2] == "time" else "lower"
            spot = ctx.source.value_spot(("service_tiers", index, "targets", metric))
            yield RULE.finding(
                spot,
                f'{higher.name} promises {higher.targets[metric]} for "{metric}", {what} than '
                f"the lower tier {lower.name} ({lower.targets[metric]})",
                f"give {higher.name} at least {possessive(lower.name)} "
                f"{lower.targets[metric]}, or swap the tiers' targets",
            )


def _reversals(ctx: Context[Agreement], metric: str, values: list[_Scored]) -> Iterator[Finding]:
    units = {v[2][2] for v in values}
    if len(units) > 1:
        return  # "2 check-ins" and "1 visit" are not the same count
    direction = 0
    for (_, previous, before), (index, tier, now) in pairwise(values):
        step = (now[0] > before[0]) - (now[0] < before[0])
        if step and direction and step != direction:
            spot = ctx.source.value_spot(("service_tiers", index, "targets", metric))
            yield RULE.finding(
                spot,
                f'"{metric}" goes up and down across the tiers: {previous.name} has '
                f"{previous.targets[metric]}, {tier.name} {tier.targets[metric]}",
                "make the figure grow (or shrink) steadily from the lowest tier to the highest",
            )
            return
        direction = direction or step
