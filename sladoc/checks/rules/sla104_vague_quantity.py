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

from sladoc.agreement.model import Agreement
from sladoc.checks.context import Context
from sladoc.checks.finding import Finding
from sladoc.checks.rule import EVERY_KIND, Rule

_GROUP = "quantity"


def check(ctx: Context[Agreement]) -> Iterator[Finding]:
    for spot, term in ctx.vague_spots(_GROUP):
        yield RULE.finding(
            spot, f'"{spot.excerpt}" is a quantity without a number', term.suggestion
        )


RULE = Rule(
    code="SLA104",
    name="vague-quantity",
    severity="warning",
    kinds=EVERY_KIND,
    check=check,
    doc=__doc__,
    term_group=_GROUP,
)
