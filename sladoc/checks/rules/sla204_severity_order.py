"""Severity order: a more severe incident level that is answered more slowly.

Severity 1 is the most severe, so it must have the fastest response (and resolution, where
given); each level must be at least as fast as the level below it. Times are compared as
written, business or calendar; a clock that differs between levels is SLA207's concern.
Lists written as prose are read too ("Priority 1 within 4 hours; Priority 2 within 1 hour",
"Tingkat 1 dalam 4 jam").

Fails:

```yaml
support:
  hours: 24x7
  severities:
    - {level: 1, name: Critical, description: The service is down., response: 4 hours,
       clock: calendar}
    - {level: 2, name: High, description: The service is degraded., response: 1 hour,
       clock: calendar}
```

Passes:

```yaml
support:
  hours: 24x7
  severities:
    - {level: 1, name: Critical, description: The service is down., response: 1 hour,
       clock: calendar}
    - {level: 2, name: High, description: The service is degraded., response: 4 hours,
       clock: calendar}
```
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise

from sladoc.agreement.model import CustomerAgreement, Support
from sladoc.checks.context import Context
from sladoc.checks.finding import Finding
from sladoc.checks.rule import Rule


def check(ctx: Context[CustomerAgreement]) -> Iterator[Finding]:
    for prose, read in ctx.prose_support:
        for kind in ("response", "resolution"):
            items = sorted((i for i in read.items if i.kind == kind), key=lambda i: i.level)
            for severe in items:
                milder = [i for i in items if i.level > severe.level and i.seconds < severe.seconds]
                if not milder:
                    continue
                faster = milder[0]
                severe_words = prose.text[severe.start : severe.end]
                faster_words = prose.text[faster.start : faster.end]
                yield RULE.finding(
                    ctx.words(prose, severe.start, severe.end),
                    f"level {severe.level} has a {kind} time of {severe_words}, slower than "
                    f"level {faster.level} at {faster_words}",
                    f"give level {severe.level} a {kind} time of {faster_words} or less; level "
                    "1 is the most severe and must be handled fastest",
                )
    yield from _structured(ctx)


def _structured(ctx: Context[CustomerAgreement]) -> Iterator[Finding]:
    """The agreement's support, and each plan's own."""
    for path, support in ctx.agreement.supports():
        yield from _support(ctx, path, support)


def _support(
    ctx: Context[CustomerAgreement], path: tuple[str | int, ...], support: Support
) -> Iterator[Finding]:
    levels = sorted(enumerate(support.severities), key=lambda item: item[1].level)
    for field in ("response", "resolution"):
        timed = [(index, s) for index, s in levels if getattr(s, field) is not None]
        for (index, severe), (_, milder) in pairwise(timed):
            severe_time, milder_time = getattr(severe, field), getattr(milder, field)
            if severe_time > milder_time:
                spot = ctx.source.value_spot((*path, "severities", index, field))
                yield RULE.finding(
                    spot,
                    f"severity {severe.level} ({severe.name}) has a {field} time of "
                    f"{severe_time}, slower than severity {milder.level} ({milder.name}) at "
                    f"{milder_time}",
                    f"give severity {severe.level} a {field} time of {milder_time} or less; "
                    "level 1 is the most severe and must be handled fastest",
                )


RULE = Rule(
    code="SLA204",
    name="severity-order",
    severity="error",
    kinds=(CustomerAgreement,),
    check=check,
    doc=__doc__,
)
