"""Missing building block: one of the six parts every SLA must contain is absent or empty.

The six blocks: the agreement overview (`overview`), the goals of the parties (`goals`),
what each needs from the other (`requirements`), points of contact and who reports what and
when (`parties[].contacts` and `reporting`), the plan if goals are missed (`if_goals_missed`),
and the cancellation terms (`termination`). Missing ones are reported at the `kind` line,
with the section of the contract where the block belongs (a customer agreement shows its
goals under "services and service levels" and its plan if goals are missed under "service
credits and remedies"; see `sladoc/agreement/layout.py`).

Fails:

```yaml
termination:
```

Passes:

```yaml
termination:
  conditions:
    - Availability below 99.0% in three months of any six.
  notice: 90 days
```
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from sladoc.agreement.layout import place_of
from sladoc.agreement.model import Agreement
from sladoc.checks.context import Context
from sladoc.checks.finding import Finding
from sladoc.checks.rule import EVERY_KIND, Rule

_PLACEHOLDER = re.compile(r"(?:tbd|tba|todo|fixme|n/?a|-+|\.+|…|lorem ipsum.*)", re.IGNORECASE)

_BLOCKS = (
    (
        "goals",
        "the goals of the parties",
        "each party's measurable goals, e.g. "
        "`goals: {provider: [{metric: Availability, target: 99.9%, per: month}]}`",
    ),
    (
        "requirements",
        "what each party requires from the other",
        "a list per party of what it needs from the others (reports, access, notice)",
    ),
    (
        "reporting",
        "points of contact: who reports what to whom, and when",
        "`reporting: [{what: ..., from: ..., to: ..., every: month}]`",
    ),
    (
        "if_goals_missed",
        "the plan if goals are missed",
        "`if_goals_missed: {remedies: [...]}`: credits, a recovery plan, escalation",
    ),
    (
        "termination",
        "the cancellation terms",
        "`termination: {conditions: [...], notice: 30 days}`",
    ),
)


def _empty(value: object) -> bool:
    if value is None:
        return True
    if isinstance(value, dict):
        return not any(value.values())
    if isinstance(value, list):
        return not value
    return False


def check(ctx: Context[Agreement]) -> Iterator[Finding]:
    agreement = ctx.agreement
    if _PLACEHOLDER.fullmatch(agreement.overview.strip()):
        yield RULE.finding(
            ctx.source.value_spot(("overview",)),
            f'the agreement overview is a placeholder ("{agreement.overview}")',
            "say what service is given, to whom, and how success is measured",
        )
    for key, block, suggestion in _BLOCKS:
        value = getattr(agreement, key)
        if not _empty(value):
            continue
        present = key in ctx.loaded.data
        spot = ctx.source.key_spot((key,)) if present else ctx.source.key_spot(("kind",))
        state = "is empty" if present else "is missing"
        place = place_of(agreement.kind, key)
        yield RULE.finding(
            spot,
            f"`{key}` ({block}) {state}; every SLA needs all six building blocks",
            f"add {suggestion}; the contract shows it under {place.title}",
        )


RULE = Rule(
    code="SLA301",
    name="missing-building-block",
    severity="error",
    kinds=EVERY_KIND,
    check=check,
    doc=__doc__,
)
