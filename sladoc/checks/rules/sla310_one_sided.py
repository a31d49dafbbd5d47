"""One-sided wording: a customer SLA that lets the provider change or drop its promises.

"At any time without notice", "in its sole discretion", "reserves the right to", "without
liability" (Indonesian "tanpa pemberitahuan", "secara sepihak", "atas kebijakannya sendiri")
give one party the power to undo the agreement. Reported in customer agreements; elsewhere,
the discretion phrases are loopholes (SLA103).

Fails:

```yaml
exclusions:
  - Maintenance that Acme may schedule at any time without notice.
```

Passes:

```yaml
exclusions:
  - Maintenance announced at least 5 business days ahead, Sundays 01:00-05:00 WIB.
```
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from sladoc.checks.context import Context
from sladoc.checks.finding import Finding

CODE = "SLA310"
NAME = "one-sided-wording"
SEVERITY = "warning"

_PHRASES = (
    r"at\s+any\s+time\s+(?:and\s+)?without\s+(?:prior\s+|any\s+)?notice",
    r"without\s+(?:prior\s+|any\s+|advance\s+)?notice",
    r"(?:at|in)\s+(?:its|our|their|the\s+provider's)\s+(?:sole|absolute|sole\s+and\s+absolute|"
    r"own)\s+discretion",
    r"(?:at|in)\s+(?:its|our|their)\s+discretion",
    r"reserves?\s+the\s+right\s+to",
    r"unilaterally",
    r"for\s+any\s+reason\s+or\s+no\s+reason",
    r"without\s+(?:any\s+)?liability",
    r"sewaktu-waktu\s+tanpa\s+pemberitahuan",
    r"tanpa\s+(?:pemberitahuan|pemberitaan)(?:\s+(?:terlebih\s+dahulu|sebelumnya))?",
    r"secara\s+sepihak",
    r"atas\s+kebijakan(?:nya)?\s+sendiri",
    r"berhak\s+(?:untuk\s+)?(?:mengubah|menghentikan|membatalkan)",
)
ONE_SIDED = re.compile(rf"(?<!\w)(?:{'|'.join(_PHRASES)})(?!\w)", re.IGNORECASE)
"""Shared with the vague-term rules, which leave these words to this rule in a customer SLA."""
# Every phrase holds one of these words (lower case): fields without them are skipped.
KEY_WORDS = (
    "notice",
    "discretion",
    "reserve",
    "unilateral",
    "reason",
    "liability",
    "pemberitahuan",
    "pemberitaan",
    "sepihak",
    "kebijakan",
    "berhak",
)


def check(ctx: Context) -> Iterator[Finding]:
    if ctx.agreement.kind != "customer":
        return
    for prose in ctx.prose_with(KEY_WORDS):
        for match in ONE_SIDED.finditer(prose.text):
            spot = ctx.source.words_spot(prose.path, prose.text, match.start(), match.end())
            yield ctx.finding(
                CODE,
                NAME,
                SEVERITY,
                spot,
                f'"{spot.excerpt}" lets one party change or drop its promise alone',
                "give the notice period and the limits instead, e.g. \"with 30 days' written "
                'notice, and never more than once per quarter"',
            )
