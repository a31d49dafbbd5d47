"""Severity clock: a response or resolution time that does not say which clock it runs on.

"4 hours" on a Friday evening means Saturday on a calendar clock and Monday on a business
clock. Each severity needs `clock: business` or `clock: calendar` (or a time that says it,
"4 business hours"), and the two must not disagree. A list of levels written as prose
needs the clock with each time or once for the list ("on a calendar clock", "jam kalender").
A severity's `coverage` must not contradict its clock: covered in business hours with times
around the clock, or covered 24x7 with times in business hours only.

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

from sladoc.agreement.model import CustomerAgreement, Severity
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
    for where, support in ctx.agreement.supports():
        for index, severity in enumerate(support.severities):
            yield from _severity(ctx, (*where, "severities", index), severity)


def _severity(
    ctx: Context[CustomerAgreement], path: tuple[str | int, ...], severity: Severity
) -> Iterator[Finding]:
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
    clock = severity.runs_on
    if severity.coverage == "business hours" and clock == "calendar":
        yield RULE.finding(
            ctx.source.value_spot(path + ("coverage",)),
            f"severity {severity.level} is covered in business hours only, but its times run "
            "around the clock: an incident reported in the evening misses its response time "
            "before anyone is at work",
            "count its times in business hours (`clock: business`), or cover it 24x7",
        )
    elif severity.coverage == "24x7" and clock == "business":
        yield RULE.finding(
            ctx.source.value_spot(path + ("coverage",)),
            f"severity {severity.level} is covered 24x7, but its times run in business hours "
            "only: a weekend incident's response time starts on Monday",
            "count its times around the clock (`clock: calendar`), or cover it in business hours",
        )


RULE = Rule(
    code="SLA307",
    name="severity-clock",
    severity="warning",
    kinds=(CustomerAgreement,),
    check=check,
    doc=__doc__,
)
