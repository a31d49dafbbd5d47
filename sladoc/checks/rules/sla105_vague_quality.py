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

from sladoc.checks.context import Context
from sladoc.checks.finding import Finding

CODE = "SLA105"
NAME = "vague-quality"
SEVERITY = "warning"
TERM_GROUP = "quality"


def check(ctx: Context) -> Iterator[Finding]:
    yield from ctx.vague_findings(
        CODE, NAME, SEVERITY, TERM_GROUP, '"{words}" names a quality without a measure or target'
    )
