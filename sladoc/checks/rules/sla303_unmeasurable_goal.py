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

from sladoc.checks.context import Context
from sladoc.checks.finding import Finding

CODE = "SLA303"
NAME = "unmeasurable-goal"
SEVERITY = "warning"


def check(ctx: Context) -> Iterator[Finding]:
    agreement = ctx.agreement
    items = [
        (("goals", party, index), goal.metric, goal)
        for party, goals in agreement.goals.items()
        for index, goal in enumerate(goals)
    ]
    items += [
        (("obligations", index), item.provides, item)
        for index, item in enumerate(getattr(agreement, "obligations", []))
    ]
    items += [
        (("lead_tiers", index), item.name, item)
        for index, item in enumerate(getattr(agreement, "lead_tiers", []))
    ]
    for path, what, item in items:
        target = item.target
        if target is None:
            continue  # a goal with only `within` is a deadline: measurable as it stands
        spot = ctx.source.value_spot(path + ("target",))
        if target.number is not None and not target.unit:
            yield ctx.finding(
                CODE,
                NAME,
                SEVERITY,
                spot,
                f'"{what}": the target {target} has no unit',
                f'say what is counted, e.g. "{target} leads" or "{target} reports"',
            )
        if (
            item.per is None
            and getattr(item, "due", None) is None
            and getattr(item, "within", None) is None
        ):
            yield ctx.finding(
                CODE,
                NAME,
                SEVERITY,
                spot,
                f'"{what}": the target {target} has no period or deadline',
                "add `per: month` (or week, quarter, year) or a `due` date",
            )
