"""Unmeasurable goal: a target without a unit, or without the period or deadline it is
measured over.

"100" of what? "100 leads" by when? A goal is measurable when it has a number with a unit
and a period (`per: month`) or a deadline (`due`, `within`). Checked in `goals`, in tiered
`obligations` and in lead tiers.

Fails:

```yaml
goals:
  acme:
    - {metric: Availability of each service, target: 99.9%}
  company-x:
    - {metric: Incidents reported through the support portal, target: 100%, per: month}
```

Passes:

```yaml
goals:
  acme:
    - {metric: Availability of each service, target: 99.9%, per: month}
  company-x:
    - {metric: Incidents reported through the support portal, target: 100%, per: month}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from sladoc.agreement.loader import Path_
from sladoc.agreement.model import (
    Agreement,
    Goal,
    InternalAgreement,
    LeadTier,
    Obligation,
    TieredAgreement,
)
from sladoc.checks.context import Context
from sladoc.checks.finding import Finding
from sladoc.checks.rule import EVERY_KIND, Rule


def check(ctx: Context[Agreement]) -> Iterator[Finding]:
    agreement = ctx.agreement
    items: list[tuple[Path_, str, Goal | Obligation | LeadTier]] = [
        (("goals", party, index), goal.metric, goal)
        for party, goals in agreement.goals.items()
        for index, goal in enumerate(goals)
    ]
    if isinstance(agreement, TieredAgreement):
        items += [
            (("obligations", index), item.provides, item)
            for index, item in enumerate(agreement.obligations)
        ]
    if isinstance(agreement, InternalAgreement):
        items += [
            (("lead_tiers", index), item.name, item)
            for index, item in enumerate(agreement.lead_tiers)
        ]
    for path, what, item in items:
        target = item.target
        if target is None:
            continue  # a goal with only `within` is a deadline: measurable as it stands
        spot = ctx.source.value_spot(path + ("target",))
        if target.number is not None and not target.unit:
            yield RULE.finding(
                spot,
                f'"{what}": the target {target} has no unit',
                f'say what is counted, e.g. "{target} leads" or "{target} reports"',
            )
        if not _timed(item):
            yield RULE.finding(
                spot,
                f'"{what}": the target {target} has no period or deadline',
                "add `per: month` (or week, quarter, year) or a `due` date",
            )


RULE = Rule(
    code="SLA303",
    name="unmeasurable-goal",
    severity="warning",
    kinds=EVERY_KIND,
    check=check,
    doc=__doc__,
)


def _timed(item: Goal | Obligation | LeadTier) -> bool:
    """Whether a period, a due date or a time limit says when the target is to be met."""
    if item.per is not None:
        return True
    if isinstance(item, LeadTier):
        return False  # a lead tier has only a period
    return item.due is not None or item.within is not None
