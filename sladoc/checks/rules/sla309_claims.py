"""Claims: service credits with no claim procedure, or a claim that needs no evidence.

A credit is paid when it is claimed: say by when (`claims.deadline` after `claims.after`),
where (`submit_to`) and with what evidence (`claims.evidence`), so a claim can neither be
refused on a technicality nor made without proof.

Fails:

```yaml
claims:
  deadline: 30 days
  submit_to: the support portal
```

Passes:

```yaml
claims:
  deadline: 30 days
  evidence:
    - The affected service and the dates and times of the downtime
  submit_to: the support portal
```
"""

from __future__ import annotations

from collections.abc import Iterator

from sladoc.agreement.model import CustomerAgreement
from sladoc.checks.context import Context
from sladoc.checks.finding import Finding
from sladoc.checks.rule import Rule


def check(ctx: Context[CustomerAgreement]) -> Iterator[Finding]:
    agreement = ctx.agreement
    if agreement.service_credits is None:
        return
    if agreement.claims is None:
        yield RULE.finding(
            ctx.source.key_spot(("service_credits",)),
            "service credits are promised, but there is no claim procedure",
            "add `claims` with a `deadline`, the `evidence` required and where to `submit_to`",
        )
    elif not agreement.claims.evidence:
        yield RULE.finding(
            ctx.source.key_spot(("claims",)),
            "a credit claim needs no evidence",
            "add `claims.evidence`, e.g. the dates and times of the downtime and "
            "the monitoring records that show it",
        )


RULE = Rule(
    code="SLA309",
    name="claims",
    severity="warning",
    kinds=(CustomerAgreement,),
    check=check,
    doc=__doc__,
)
