"""Credits above the target: a credit table that starts above a service's committed
availability, so the provider owes credits in a month it met its target.

The first band's `below` should be the availability target: above it, availability between
the target and the first band meets the promise yet earns a credit, and the two figures
contradict each other in a dispute. Checked against each service's `availability.target`;
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
    credits = ctx.agreement.service_credits
    if credits is None:
        return
    index, first = max(enumerate(credits.bands), key=lambda item: item[1].below)
    for service in ctx.agreement.services:
        availability = service.availability
        if availability is None or first.below <= availability.target:
            continue
        spot = ctx.source.value_spot(("service_credits", "bands", index, "below"))
        yield RULE.finding(
            spot,
            f"credits start below {_pct(first.below)}, above {possessive(service.name)} target of "
            f"{_pct(availability.target)}: from {_pct(availability.target)} up to "
            f"{_pct(first.below)} the target is met yet a {_pct(first.credit)} credit is owed",
            f"start the credits at {possessive(service.name)} target "
            f"({_pct(availability.target)}), or give that service its own credit table in a "
            "clause",
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
