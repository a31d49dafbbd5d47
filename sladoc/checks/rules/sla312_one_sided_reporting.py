"""One-sided reporting: progress reports that only one side gets to see.

Both teams must see both sides' results: in an internal or tiered SLA every party receives
at least one report from another party; in a customer SLA the customer receives at least
one from the provider. A report sent only to its own sender informs no one.

Fails:

```yaml
kind: internal
reporting:
  - what: Pipeline status of every marketing lead
    from: sales
    to: marketing
    every: week
```

Passes:

```yaml
kind: internal
reporting:
  - what: Pipeline status of every marketing lead
    from: sales
    to: marketing
    every: week
  - what: Leads delivered against the daily goal line
    from: marketing
    to: sales
    every: day
```
"""

from __future__ import annotations

from collections.abc import Iterator

from sladoc.agreement.model import Agreement, CustomerAgreement
from sladoc.checks.context import Context
from sladoc.checks.finding import Finding
from sladoc.checks.rule import EVERY_KIND, Rule


def check(ctx: Context[Agreement]) -> Iterator[Finding]:
    agreement = ctx.agreement
    if not agreement.reporting:
        return  # no reporting at all is a missing building block (SLA301)
    received: set[str] = set()
    for index, report in enumerate(agreement.reporting):
        others = [party for party in report.to if party != report.from_]
        received.update(others)
        if not others:
            yield RULE.finding(
                ctx.source.value_spot(("reporting", index, "to")),
                f'"{report.what}" goes only to its sender, {report.from_}',
                "send it to the party whose goal it tracks",
            )
    if isinstance(agreement, CustomerAgreement):
        readers = [agreement.customer]
    else:
        readers = [party.id for party in agreement.parties]
    for index, party in enumerate(agreement.parties):
        if party.id in readers and party.id not in received:
            yield RULE.finding(
                ctx.source.value_spot(("parties", index, "id")),
                f"{party.name} receives no progress report from the other side",
                f"add a report with `to: {party.id}` (e.g. weekly status against the goals)",
            )


RULE = Rule(
    code="SLA312",
    name="one-sided-reporting",
    severity="warning",
    kinds=EVERY_KIND,
    check=check,
    doc=__doc__,
)
