"""Funnel mismatch: a leads goal that disagrees with the funnel math.

Leads needed = sales quota x share of revenue from marketing leads / average deal size
(customers needed, rounded up) / close rate (rounded up). The seed example: 5,000 x 100% /
100 = 50 customers; 50 / 50% = 100 leads. Checked: `funnel.leads_goal`, and every goal
counted in leads over the funnel's period; and a funnel written as prose ("a quota of USD
200,000 per quarter, 50% from marketing, deals of USD 5,000, a close rate of 20%: 100 leads
per quarter"), in the period it is written for.

Fails:

```yaml
kind: internal
funnel:
  sales_quota: 5000 USD
  period: month
  marketing_share: 100%
  average_deal: 100 USD
  close_rate: 50%
  leads_goal: 50
```

Passes:

```yaml
kind: internal
funnel:
  sales_quota: 5000 USD
  period: month
  marketing_share: 100%
  average_deal: 100 USD
  close_rate: 50%
  leads_goal: 100
```
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import ROUND_CEILING

from sladoc.agreement import sla_math
from sladoc.agreement.model import Funnel, Goal, InternalAgreement, Measure
from sladoc.agreement.values import format_number
from sladoc.checks.context import Context
from sladoc.checks.finding import Finding
from sladoc.checks.rule import Rule

_LEADS = re.compile(r"(?<!\w)(?:\w+\s+)*(?:leads?|prospek)(?!\w)", re.IGNORECASE)


def check(ctx: Context[InternalAgreement]) -> Iterator[Finding]:
    for prose, read in ctx.prose_funnels:
        period = read.leads_period or read.period
        needed = read.needed(period)
        whole = needed.to_integral_value(ROUND_CEILING)
        if read.leads == whole:
            continue
        words = prose.text[read.start : read.end]
        other = (
            f" (it needs {format_number(read.needed(None))} per {read.period})"
            if read.period and period != read.period
            else ""
        )
        yield RULE.finding(
            ctx.words(prose, read.start, read.end),
            f'"{words}" disagrees with the funnel written with it, which needs '
            f"{format_number(whole)} leads per {period or 'period'}{other}: quota "
            f"{format_number(read.quota)} x {format_number(read.share)}% / deal "
            f"{format_number(read.deal)} / close rate {format_number(read.close_rate)}%",
            f"promise {format_number(whole)} leads per {period or 'period'}, or change the "
            "funnel figures",
        )
    funnel = ctx.agreement.funnel
    math = funnel.math
    needed = math.leads_needed
    if funnel.leads_goal is not None and funnel.leads_goal != needed:
        yield RULE.finding(
            ctx.source.value_spot(("funnel", "leads_goal")),
            f"the leads goal of {funnel.leads_goal} disagrees with the funnel math, which "
            f"needs {format_number(needed)} leads per {funnel.period}: {_working(math)}",
            f"set `leads_goal: {format_number(needed)}`, or change the quota, deal size or "
            "close rate it is worked out from",
        )
    for party, index, goal, target in _leads_goals(ctx, funnel):
        if target.number != needed:
            yield RULE.finding(
                ctx.source.value_spot(("goals", party, index, "target")),
                f'"{goal.metric}": {target} per {funnel.period} disagrees with the funnel '
                f"math, which needs {format_number(needed)} leads: {_working(math)}",
                f'write "{format_number(needed)} {target.unit}", or change the funnel',
            )


RULE = Rule(
    code="SLA311",
    name="funnel-mismatch",
    severity="error",
    kinds=(InternalAgreement,),
    check=check,
    doc=__doc__,
)


def _leads_goals(
    ctx: Context[InternalAgreement], funnel: Funnel
) -> Iterator[tuple[str, int, Goal, Measure]]:
    """(party, index, goal, target) of every goal counted in leads over the funnel's period."""
    for party, goals in ctx.agreement.goals.items():
        for index, goal in enumerate(goals):
            target = goal.target
            if (
                target is not None
                and target.number is not None
                and _LEADS.fullmatch(target.unit)
                and (goal.per or funnel.period) == funnel.period
            ):
                yield party, index, goal, target


def _working(math: sla_math.Funnel) -> str:
    """The steps, as the guide lays them out: quota x share / deal size / close rate."""
    return "; ".join(math.working())
