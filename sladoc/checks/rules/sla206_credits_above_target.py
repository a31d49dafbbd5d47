"""Credits above the target: a credit table that starts above a service's committed
availability, so the provider owes credits in a month it met its target.

The first band's `below` should be the availability target: above it, availability between
the target and the first band meets the promise yet earns a credit, and the two figures
contradict each other in a dispute. Checked against each service's `availability.target`.

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

from sladoc.checks.context import Context
from sladoc.checks.finding import Finding, possessive

CODE = "SLA206"
NAME = "credits-above-target"
SEVERITY = "warning"


def _pct(value) -> str:
    return f"{value.normalize():f}%"


def check(ctx: Context) -> Iterator[Finding]:
    credits = getattr(ctx.agreement, "service_credits", None)
    if credits is None:
        return
    index, first = max(enumerate(credits.bands), key=lambda item: item[1].below)
    for service in getattr(ctx.agreement, "services", []):
        availability = service.availability
        if availability is None or first.below <= availability.target:
            continue
        spot = ctx.source.value_spot(("service_credits", "bands", index, "below"))
        yield ctx.finding(
            CODE,
            NAME,
            SEVERITY,
            spot,
            f"credits start below {_pct(first.below)}, above {possessive(service.name)} target of "
            f"{_pct(availability.target)}: from {_pct(availability.target)} up to "
            f"{_pct(first.below)} the target is met yet a {_pct(first.credit)} credit is owed",
            f"start the credits at {possessive(service.name)} target "
            f"({_pct(availability.target)}), or give that service its own credit table in a "
            "clause",
        )
