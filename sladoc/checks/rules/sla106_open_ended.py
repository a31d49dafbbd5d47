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

from sladoc.agreement.model import Agreement
from sladoc.checks.context import Context
from sladoc.checks.finding import Finding
from sladoc.checks.rule import EVERY_KIND, Rule

_GROUP = "open-ended"


def check(ctx: Context[Agreement]) -> Iterator[Finding]:
    for prose, start, end in ctx.open_ended:
        spot = ctx.words(prose, start, end)
        yield RULE.finding(
            spot,
            f'"{spot.excerpt}" leaves the exclusion open: one party decides afterwards what '
            "else it covers",
            "list every exclusion, or say who decides on what criteria",
        )
    for spot, term in ctx.vague_spots(_GROUP):
        yield RULE.finding(
            spot,
            f'"{spot.excerpt}" leaves the list open: either side can read more into it',
            term.suggestion,
        )


RULE = Rule(
    code="SLA106",
    name="open-ended-list",
    severity="info",
    kinds=EVERY_KIND,
    check=check,
    doc=__doc__,
    term_group=_GROUP,
)
