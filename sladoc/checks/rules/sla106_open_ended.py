"""Open-ended list: "etc.", "and/or", "including but not limited to".

An open list (Indonesian "dll.", "dan lain-lain", "termasuk namun tidak terbatas pada") lets
either side add items later; "and/or" leaves open whether one or both are owed. List every
item, or define the closed list under `definitions`.

Fails:

```yaml
exclusions:
  - Scheduled maintenance, outages of the public internet, etc.
```

Passes:

```yaml
exclusions:
  - Scheduled maintenance announced at least 5 business days ahead.
  - Outages of the public internet outside Acme's network.
```
"""

from __future__ import annotations

from collections.abc import Iterator

from sladoc.checks.context import Context
from sladoc.checks.finding import Finding

CODE = "SLA106"
NAME = "open-ended-list"
SEVERITY = "info"
TERM_GROUP = "open-ended"


def check(ctx: Context) -> Iterator[Finding]:
    yield from ctx.vague_findings(
        CODE,
        NAME,
        SEVERITY,
        TERM_GROUP,
        '"{words}" leaves the list open: either side can read more into it',
    )
