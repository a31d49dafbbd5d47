"""One-sided wording: a customer SLA that lets the provider change or drop its promises.

"At any time without notice", "in its sole discretion", "reserves the right to", "without
liability" (Indonesian "tanpa pemberitahuan", "secara sepihak", "atas kebijakannya sendiri")
give one party the power to undo the agreement, and so does a party that "may amend this
SLA", "may withdraw any Service Level" or "dapat mengubah" it without the other's consent.
Reported in customer agreements; elsewhere, the discretion phrases are loopholes (SLA103).

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

from collections.abc import Iterator

from sladoc.agreement.model import CustomerAgreement
from sladoc.checks.context import Context
from sladoc.checks.finding import Finding
from sladoc.checks.one_sided import KEY_WORDS, ONE_SIDED
from sladoc.checks.rule import Rule


def check(ctx: Context[CustomerAgreement]) -> Iterator[Finding]:
    marked: dict[tuple[object, ...], list[tuple[int, int]]] = {}
    for prose in ctx.prose_with(KEY_WORDS):
        for match in ONE_SIDED.finditer(prose.text):
            marked.setdefault(prose.path, []).append(match.span())
            spot = ctx.source.words_spot(prose.path, prose.text, match.start(), match.end())
            yield RULE.finding(
                spot,
                f'"{spot.excerpt}" lets one party change or drop its promise alone',
                "give the notice period and the limits instead, e.g. \"with 30 days' written "
                'notice, and never more than once per quarter"',
            )
    for prose, read in ctx.prose_claims:
        near = marked.get(prose.path, [])
        for start, end in read.changes:
            if any(s - 80 < end and start < e + 80 for s, e in near):
                continue  # the same promise, already reported above
            words = prose.text[start:end]
            yield RULE.finding(
                ctx.words(prose, start, end),
                f'"{words}": one party may change or withdraw the agreement alone',
                "make changes need both parties' written agreement, or give the notice "
                "period and the limits (never a lower service level during the term)",
            )


RULE = Rule(
    code="SLA310",
    name="one-sided-wording",
    severity="warning",
    kinds=(CustomerAgreement,),
    check=check,
    doc=__doc__,
)
