"""Party without goals: a party that commits to nothing measurable.

An SLA states the goals of both sides, so that when one meets its goal the other can meet its
own. Every party needs at least one goal under `goals` (in a tiered agreement an obligation
with a target or a time limit counts; in a customer agreement the provider's services,
deliveries and support count).

Fails:

```yaml
goals:
  acme:
    - {metric: Availability of each service, target: 99.9%, per: month}
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

from sladoc.agreement.model import Agreement, CustomerAgreement, TieredAgreement
from sladoc.checks.context import Context
from sladoc.checks.finding import Finding
from sladoc.checks.rule import EVERY_KIND, Rule


def check(ctx: Context[Agreement]) -> Iterator[Finding]:
    agreement = ctx.agreement
    committed = {party for party, goals in agreement.goals.items() if goals}
    if isinstance(agreement, TieredAgreement):
        for obligation in agreement.obligations:
            if obligation.target is not None or obligation.within is not None:
                committed.add(obligation.from_)
    if isinstance(agreement, CustomerAgreement) and (
        agreement.services or agreement.deliveries or agreement.support
    ):
        committed.add(agreement.provider)
    for index, party in enumerate(agreement.parties):
        if party.id in committed:
            continue
        spot = ctx.source.value_spot(("parties", index, "id"))
        yield RULE.finding(
            spot,
            f"{party.name} has no measurable goal; both sides of an SLA commit to something",
            f"add `goals: {{{party.id}: [{{metric: ..., target: ..., per: month}}]}}`, e.g. "
            "reports delivered on time or access given within a set time",
        )


RULE = Rule(
    code="SLA302",
    name="party-without-goals",
    severity="warning",
    kinds=EVERY_KIND,
    check=check,
    doc=__doc__,
)
