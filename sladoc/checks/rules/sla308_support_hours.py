"""Support hours: support with no stated hours, so no one knows when the clock runs.

Response times on a business clock only mean something when the business hours are stated
(`support.hours`, e.g. "Monday to Friday 08:00-18:00 WIB", or "24x7"). Prose that promises
support round the clock ("Support is available 24x7", "Dukungan tersedia 24 jam sehari") and
then counts a response in business hours contradicts itself, and is reported at that time;
support hours written in prose need their time zone ("08:00-17:00 WIB"). A severity covered
24x7 (`coverage: 24x7`) whose times run in business hours needs `business_hours` defined
(days, hours, time zone, holiday calendar). Checked for each plan's support too.

Fails:

```yaml
support:
  channels: [support portal]
  severities:
    - {level: 1, name: Critical, description: The service is down., response: 4 business hours,
       clock: business}
```

Passes:

```yaml
support:
  hours: Monday to Friday 08:00-18:00 WIB
  channels: [support portal]
  severities:
    - {level: 1, name: Critical, description: The service is down., response: 4 business hours,
       clock: business}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from sladoc.agreement.model import CustomerAgreement, Support
from sladoc.checks.context import Context
from sladoc.checks.finding import Finding
from sladoc.checks.rule import Rule


def check(ctx: Context[CustomerAgreement]) -> Iterator[Finding]:
    for prose, read in ctx.prose_support:
        if read.hours_without_zone is not None:
            start, end = read.hours_without_zone
            words = prose.text[start:end]
            yield RULE.finding(
                ctx.words(prose, start, end),
                f"the support hours {words} give no time zone: for a customer elsewhere the "
                "clock starts at another hour",
                f'add the time zone, e.g. "{words} WIB" (or UTC+7)',
            )
        if read.round_the_clock is None:
            continue
        after = [t for t in read.business_times if t[0] > read.round_the_clock[0]]
        if not after:
            continue
        start, end = after[0]
        around = prose.text[read.round_the_clock[0] : read.round_the_clock[1]]
        words = prose.text[start:end]
        yield RULE.finding(
            ctx.words(prose, start, end),
            f"support is promised {around}, but this time of {words} runs only in business "
            "hours: a night-time incident waits for the morning",
            "count the time on a calendar clock, or say which hours support is staffed",
        )
    for where, support in ctx.agreement.supports():
        yield from _support(ctx, where, support)


def _support(
    ctx: Context[CustomerAgreement], where: tuple[str | int, ...], support: Support
) -> Iterator[Finding]:
    business = [s for s in support.severities if s.runs_on == "business"]
    if support.business_hours is None:
        for severity in business:
            if severity.coverage != "24x7":
                continue
            index = support.severities.index(severity)
            yield RULE.finding(
                ctx.source.value_spot((*where, "severities", index, "coverage")),
                f"severity {severity.level} is promised around the clock, but its times are "
                "measured in business hours that the agreement never defines",
                "add `business_hours` (days, from, to, time_zone, holidays) to the support, "
                "or count its times around the clock",
            )
    if support.hours is not None or support.business_hours is not None:
        return
    why = (
        "response times run on business hours that are never stated"
        if business
        else "the support hours are not stated"
    )
    yield RULE.finding(
        ctx.source.key_spot(where),
        f"support has no `hours`: {why}",
        'add `hours: "Monday to Friday 08:00-18:00"` (with `time_zone`) or `hours: 24x7`',
    )


RULE = Rule(
    code="SLA308",
    name="support-hours",
    severity="warning",
    kinds=(CustomerAgreement,),
    check=check,
    doc=__doc__,
)
