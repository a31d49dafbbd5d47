"""Vague deadline: a time word where a contract needs a time limit.

"As soon as possible", "promptly", "in a timely manner" or "periodically" (Indonesian
"secepatnya", "sesegera mungkin", "secara berkala", "tepat waktu") cannot be missed, so they
cannot be enforced. Give the time limit and the event it counts from, or the interval.

Fails:

```yaml
overview: >
  Acme hosts the web shop and restores it as soon as possible after an outage,
  and reports on availability periodically.
```

Passes:

```yaml
overview: >
  Acme hosts the web shop and restores it within 4 hours after an outage is reported,
  and reports on availability every 30 days.
```
"""

from __future__ import annotations

from collections.abc import Iterator

from sladoc.agreement.model import Agreement
from sladoc.checks.context import Context
from sladoc.checks.finding import Finding
from sladoc.checks.rule import EVERY_KIND, Rule

_GROUP = "time"


def check(ctx: Context[Agreement]) -> Iterator[Finding]:
    for spot, term in ctx.vague_spots(_GROUP):
        yield RULE.finding(
            spot, f'"{spot.excerpt}" sets no time limit anyone could be held to', term.suggestion
        )


RULE = Rule(
    code="SLA101",
    name="vague-deadline",
    severity="warning",
    kinds=EVERY_KIND,
    check=check,
    doc=__doc__,
    term_group=_GROUP,
)
