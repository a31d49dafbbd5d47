"""Unexpected events: no clause for events outside a party's control, or one that owes
nothing while they last.

Weather, staffing losses, a sudden IT failure: the agreement should say what happens then,
and the minimum service still owed (`unexpected_events.minimum_service`), so that an
unexpected event does not become a reason to deliver nothing.

Fails:

```yaml
unexpected_events:
  text: Acme is not in breach for downtime caused by events outside its control.
```

Passes:

```yaml
unexpected_events:
  text: >
    Acme is not in breach for downtime caused by events outside its control, provided it
    keeps the minimum service below.
  minimum_service:
    - Severity 1 incidents receive a response within 1 hour.
```
"""

from __future__ import annotations

from collections.abc import Iterator

from sladoc.agreement.model import Agreement
from sladoc.checks.context import Context
from sladoc.checks.finding import Finding
from sladoc.checks.rule import EVERY_KIND, Rule


def check(ctx: Context[Agreement]) -> Iterator[Finding]:
    events = ctx.agreement.unexpected_events
    if events is None:
        present = "unexpected_events" in ctx.loaded.data
        spot = ctx.source.key_spot(("unexpected_events",) if present else ("kind",))
        yield RULE.finding(
            spot,
            "no clause for unexpected events (weather, staffing, sudden IT failure)",
            "add `unexpected_events` with `text`, `events` and the "
            "`minimum_service` still owed while they last",
        )
    elif not events.minimum_service:
        yield RULE.finding(
            ctx.source.key_spot(("unexpected_events",)),
            "the unexpected-events clause sets no minimum service, so an "
            "unexpected event excuses everything",
            "add `minimum_service`: what is still delivered while the event "
            'lasts, e.g. "Severity 1 incidents receive a response within 1 '
            'hour"',
        )


RULE = Rule(
    code="SLA305",
    name="unexpected-events",
    severity="warning",
    kinds=EVERY_KIND,
    check=check,
    doc=__doc__,
)
