"""Severity clock: a response or resolution time that does not say which clock it runs on.

"4 hours" on a Friday evening means Saturday on a calendar clock and Monday on a business
clock. Each severity needs `clock: business` or `clock: calendar` (or a time that says it,
"4 business hours"), and the two must not disagree. A list of levels written as prose
needs the clock with each time or once for the list ("on a calendar clock", "jam kalender").

Fails:

```yaml
support:
  hours: 24x7
  severities:
    - {level: 1, name: Critical, description: The service is down., response: 1 hour}
```

Passes:

```yaml
support:
  hours: 24x7
  severities:
    - {level: 1, name: Critical, description: The service is down., response: 1 hour,
       clock: calendar}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from sladoc.agreement.model import CustomerAgreement
from sladoc.checks.context import Context
from sladoc.checks.finding import Finding
from sladoc.checks.rule import Rule


def check(ctx: Context[CustomerAgreement]) -> Iterator[Finding]:
    for prose, read in ctx.prose_support:
        if len(read.items) < 2 or read.clock is not None:
            continue  # a single level's time (a minimum service) is not a list
        item = next((i for i in read.items if i.clock is None), None)
        if item is None:
            continue
        words = prose.text[item.start : item.end]
        yield RULE.finding(
            ctx.words(prose, item.start, item.end),
            f"level {item.level}'s {item.kind} time of {words} does not say whether it counts "
            "business or calendar hours",
            f'write "{words} around the clock" or "{words} within business hours", or state '
            'the clock for the whole list ("on a calendar clock")',
        )
    support = ctx.agreement.support
    if support is None:
        return
    for index, severity in enumerate(support.severities):
        path = ("support", "severities", index)
        for field in ("response", "resolution"):
            time = getattr(severity, field)
            if time is None:
                continue
            spot = ctx.source.value_spot(path + (field,))
            if severity.clock is None and time.clock is None:
                yield RULE.finding(
                    spot,
                    f"severity {severity.level}'s {field} time of {time} does not say whether "
                    "it counts business or calendar hours",
                    "add `clock: calendar` (around the clock) or `clock: business` (within "
                    "support hours) to the severity",
                )
            elif severity.clock and time.clock and severity.clock != time.clock:
                yield RULE.finding(
                    spot,
                    f"severity {severity.level}'s {field} time of {time} is {time.clock} "
                    f"time, but the severity's clock is {severity.clock}",
                    "make the time and the `clock` agree",
                )


RULE = Rule(
    code="SLA307",
    name="severity-clock",
    severity="warning",
    kinds=(CustomerAgreement,),
    check=check,
    doc=__doc__,
)
