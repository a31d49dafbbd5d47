"""Vague quantity: "several", "approximately", "significant" where a number belongs.

A quantity without a number (Indonesian "beberapa", "sekitar", "signifikan") cannot be
checked against what happened. Give the number, and the tolerance when there is one.

Fails:

```yaml
overview: >
  Acme hosts the web shop and keeps several backups of its database.
```

Passes:

```yaml
overview: >
  Acme hosts the web shop and keeps 7 daily backups of its database.
```
"""

from __future__ import annotations

from collections.abc import Iterator

from sladoc.checks.context import Context
from sladoc.checks.finding import Finding

CODE = "SLA104"
NAME = "vague-quantity"
SEVERITY = "warning"
TERM_GROUP = "quantity"


def check(ctx: Context) -> Iterator[Finding]:
    yield from ctx.vague_findings(
        CODE, NAME, SEVERITY, TERM_GROUP, '"{words}" is a quantity without a number'
    )
