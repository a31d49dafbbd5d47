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

from sladoc.agreement.model import Agreement
from sladoc.checks.context import Context
from sladoc.checks.finding import Finding
from sladoc.checks.rule import EVERY_KIND, Rule

_GROUP = "effort"


def check(ctx: Context[Agreement]) -> Iterator[Finding]:
    for spot, term in ctx.vague_spots(_GROUP):
        yield RULE.finding(
            spot,
            f'"{spot.excerpt}" promises an effort, not a result that can be measured',
            term.suggestion,
        )


RULE = Rule(
    code="SLA102",
    name="vague-effort",
    severity="warning",
    kinds=EVERY_KIND,
    check=check,
    doc=__doc__,
    term_group=_GROUP,
)
