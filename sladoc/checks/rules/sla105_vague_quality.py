"""Vague quality: "adequate", "industry standard", "high availability" with no measure.

A quality word (Indonesian "memadai", "standar industri", "ketersediaan tinggi") means what
each reader wants it to mean. Name the measure and the target, or the standard by number.

Fails:

```yaml
overview: >
  Acme hosts the web shop with high availability and industry standard security.
```

Passes:

```yaml
overview: >
  Acme hosts the web shop with 99.9% availability per calendar month and security
  certified to ISO/IEC 27001.
```
"""

from __future__ import annotations

from collections.abc import Iterator

from sladoc.agreement.model import Agreement
from sladoc.checks.context import Context
from sladoc.checks.finding import Finding
from sladoc.checks.rule import EVERY_KIND, Rule

_GROUP = "quality"


def check(ctx: Context[Agreement]) -> Iterator[Finding]:
    for spot, term in ctx.vague_spots(_GROUP):
        yield RULE.finding(
            spot, f'"{spot.excerpt}" names a quality without a measure or target', term.suggestion
        )


RULE = Rule(
    code="SLA105",
    name="vague-quality",
    severity="warning",
    kinds=EVERY_KIND,
    check=check,
    doc=__doc__,
    term_group=_GROUP,
)
