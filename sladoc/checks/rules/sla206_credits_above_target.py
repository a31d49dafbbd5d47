"""Credits above the target: a credit table that starts above a service's committed
availability, so the provider owes credits in a month it met its target.

The first band's `below` should be the availability target: above it, availability between
the target and the first band meets the promise yet earns a credit, and the two figures
contradict each other in a dispute. Checked against each service's `availability.target`
(in every plan, against the plan's targets and credits), or, for credits keyed to deliveries,
against each delivery's `on_time` or `complete` commitment;
a credit table written as prose is checked against the target written with it, or, when
none is, against the services' targets.

Fails:

```yaml
services:
  - name: Compute
    availability: {target: 99.5%, window: calendar month}
service_credits:
  basis: the monthly fee
  window: calendar month
  bands:
    - {below: 99.9%, at_least: 99.0%, credit: 10%}
    - {below: 99.0%, credit: 25%}
```

Passes:

```yaml
services:
  - name: Compute
    availability: {target: 99.9%, window: calendar month}
service_credits:
  basis: the monthly fee
  window: calendar month
  bands:
    - {below: 99.9%, at_least: 99.0%, credit: 10%}
    - {below: 99.0%, credit: 25%}
```
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from sladoc.agreement.model import CustomerAgreement
from sladoc.checks.context import Context
from sladoc.checks.finding import Finding, possessive
from sladoc.checks.rule import Rule


def _pct(value: Decimal) -> str:
    return f"{value.normalize():f}%"


def check(ctx: Context[CustomerAgreement]) -> Iterator[Finding]:
    yield from _prose(ctx)
    agreement, seen = ctx.agreement, set()
    for level in agreement.levels():
        credits = level.credits
        if credits is None or not credits.bands:
            continue
        index, first = max(enumerate(credits.bands), key=lambda item: item[1].below)
        spot = ctx.source.value_spot((*level.credits_path, "bands", index, "below"))
        of = f" in the {level.name} plan" if level.name else ""
        for name, target in agreement.credit_targets(level):
            if first.below <= target or (spot, name, target) in seen:
                continue
            seen.add((spot, name, target))
            measure = "target" if credits.for_ == "availability" else "commitment"
            yield RULE.finding(
                spot,
                f"credits start below {_pct(first.below)}, above {possessive(name)} {measure} "
                f"of {_pct(target)}{of}: from {_pct(target)} up to {_pct(first.below)} the "
                f"{measure} is met yet a {_pct(first.credit)} credit is owed",
                f"start the credits at {possessive(name)} {measure} ({_pct(target)})"
                + (
                    ", or give each plan its own credit table"
                    if level.plan is not None and level.credits_path == ("service_credits",)
                    else ""
                ),
            )


RULE = Rule(
    code="SLA206",
    name="credits-above-target",
    severity="warning",
    kinds=(CustomerAgreement,),
    check=check,
    doc=__doc__,
)


def _prose(ctx: Context[CustomerAgreement]) -> Iterator[Finding]:
    """A credit table in prose against the targets stated in the same text, or, when it
    states none, against the services' targets."""
    structured = [
        s.availability.target for s in ctx.agreement.services if s.availability is not None
    ]
    for prose, table in ctx.prose_credit_tables:
        stated = [t.percent for p, t in ctx.prose_targets if p == prose]
        targets = stated or structured
        if not targets:
            continue
        target = min(targets)
        first = max(table.bands, key=lambda b: b.upper)
        if first.upper <= target:
            continue
        credit = f"a {_pct(first.credit)} credit" if first.credit is not None else "a credit"
        yield RULE.finding(
            ctx.words(prose, first.start, first.end),
            f"credits start below {_pct(first.upper)}, above the availability target of "
            f"{_pct(target)}: from {_pct(target)} up to {_pct(first.upper)} the target is met "
            f"yet {credit} is owed",
            f"start the credits at the target ({_pct(target)})",
        )
