"""Loophole: a condition that lets a party decide afterwards whether it had to perform.

"As appropriate", "if possible", "where necessary", "normally" (Indonesian "jika
memungkinkan", "sesuai kebutuhan", "sewajarnya") make the promise optional. State the exact
condition, or remove it. In a customer agreement "at its sole discretion" and other one-sided
wording is reported by SLA310 instead, once.

Fails:

```yaml
requirements:
  acme:
    - Access to the customer's network where possible.
  company-x:
    - A monthly availability report.
```

Passes:

```yaml
requirements:
  acme:
    - Access to the customer's network within 1 business day of a request.
  company-x:
    - A monthly availability report.
```
"""

from __future__ import annotations

from collections.abc import Iterator

from sladoc.agreement.model import Agreement
from sladoc.checks.context import Context
from sladoc.checks.finding import Finding
from sladoc.checks.rule import EVERY_KIND, Rule

_GROUP = "loophole"


def check(ctx: Context[Agreement]) -> Iterator[Finding]:
    for spot, term in ctx.vague_spots(_GROUP):
        yield RULE.finding(
            spot,
            f'"{spot.excerpt}" lets a party decide afterwards whether the promise applied',
            term.suggestion,
        )


RULE = Rule(
    code="SLA103",
    name="loophole",
    severity="warning",
    kinds=EVERY_KIND,
    check=check,
    doc=__doc__,
    term_group=_GROUP,
)
