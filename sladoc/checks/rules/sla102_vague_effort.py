"""Effort instead of a result: "best efforts" and the like promise trying, not doing.

"Best efforts", "reasonable efforts", "strive to" (Indonesian "upaya terbaik", "berusaha")
can be met by trying and failing. A service level is a result someone can measure.

Fails:

```yaml
overview: >
  Acme hosts the web shop and uses commercially reasonable efforts to keep it available.
```

Passes:

```yaml
overview: >
  Acme hosts the web shop and keeps it available 99.9% of each calendar month.
```
"""

from __future__ import annotations

from collections.abc import Iterator

from sladoc.checks.context import Context
from sladoc.checks.finding import Finding

CODE = "SLA102"
NAME = "vague-effort"
SEVERITY = "warning"
TERM_GROUP = "effort"


def check(ctx: Context) -> Iterator[Finding]:
    yield from ctx.vague_findings(
        CODE,
        NAME,
        SEVERITY,
        TERM_GROUP,
        '"{words}" promises an effort, not a result that can be measured',
    )
