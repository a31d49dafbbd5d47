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

from sladoc.checks.context import Context
from sladoc.checks.finding import Finding

CODE = "SLA101"
NAME = "vague-deadline"
SEVERITY = "warning"
TERM_GROUP = "time"


def check(ctx: Context) -> Iterator[Finding]:
    yield from ctx.vague_findings(
        CODE, NAME, SEVERITY, TERM_GROUP, '"{words}" sets no time limit anyone could be held to'
    )
