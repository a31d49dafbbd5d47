"""Missing window: an availability target or a credit table without a measurement window.

99.9% over a calendar month and 99.9% over a year are different promises: the year lets
8 h 45 m of downtime fall in a single month. Say which window each target and the
service-credit table are measured over (`window: calendar month`, `billing month`,
`quarter` or `year`). A target written in prose needs its window in the same sentence
("99.9% in each calendar month", "per bulan kalender"), or an allowance with a period.

Fails:

```yaml
services:
  - name: Compute
    availability: {target: 99.9%}
```

Passes:

```yaml
services:
  - name: Compute
    availability: {target: 99.9%, window: calendar month}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from sladoc.agreement.model import CustomerAgreement
from sladoc.checks.context import Context
from sladoc.checks.finding import Finding, possessive
from sladoc.checks.rule import Rule


def check(ctx: Context[CustomerAgreement]) -> Iterator[Finding]:
    for prose, target in ctx.prose_targets:
        if target.windowed:
            continue
        shown = f"{target.percent.normalize():f}%"
        yield RULE.finding(
            ctx.words(prose, target.start, target.end),
            f"the availability target of {shown} is given with no window: over a month and "
            "over a year it is a different promise",
            f'say the window, e.g. "{shown} in each calendar month"',
        )
    services = ctx.agreement.services
    measured = False
    for index, service in enumerate(services):
        availability = service.availability
        if availability is None:
            continue
        measured = True
        if availability.window is None:
            spot = ctx.source.value_spot(("services", index, "availability", "target"))
            yield RULE.finding(
                spot,
                f"{possessive(service.name)} availability target of {availability.target}% has no "
                "measurement window",
                "add `window: calendar month` (or billing month, quarter, year)",
            )
    for where, credits in ctx.agreement.credit_tables():
        if not measured or credits.window is not None or credits.for_ != "availability":
            continue
        spot = ctx.source.key_spot(where)
        yield RULE.finding(
            spot,
            "the service-credit table has no window: it is not clear over what period the "
            "availability that earns a credit is measured",
            "add `window: calendar month` under `service_credits`, the same window as the "
            "availability targets",
        )


RULE = Rule(
    code="SLA207",
    name="missing-window",
    severity="warning",
    kinds=(CustomerAgreement,),
    check=check,
    doc=__doc__,
)
