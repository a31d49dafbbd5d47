"""Claims: service credits with no claim procedure, or a claim that needs no evidence.

A credit is paid when it is claimed: say by when (`claims.deadline` after `claims.after`),
where (`submit_to`) and with what evidence (`claims.evidence`), so a claim can neither be
refused on a technicality nor made without proof. In prose, a claim ("submit a claim",
"mengajukan klaim") needs a deadline and evidence in the same text, and no party may decide
alone whether a credit is owed ("as determined by Acme", "keputusan Penyedia bersifat final");
as fields, a claim without a `deadline`, and one `determined_by` a single party with no
`disputes` procedure, are reported too.

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
    for prose, read in ctx.prose_claims:
        for start, end in read.deciders:
            yield RULE.finding(
                ctx.words(prose, start, end),
                "one party alone decides whether a credit is owed, or on the figures it rests "
                "on: the claim cannot be disputed",
                "say what evidence settles a claim (the monitoring logs, the tickets) and who "
                "decides a disputed one (both parties' account managers, an escalation)",
            )
        if read.claim is None:
            continue
        missing = [
            what
            for what, given in (
                ("no deadline", read.has_deadline),
                ("no evidence", read.has_evidence),
            )
            if not given
        ]
        if missing:
            yield RULE.finding(
                ctx.words(prose, *read.claim),
                f"a credit claim with {' and '.join(missing)}: it can be refused on a "
                "technicality or made without proof",
                'say by when and with what, e.g. "within 30 days after the end of the month, '
                'with the ticket numbers and the dates and times of the downtime"',
            )
    agreement = ctx.agreement
    if not any(level.credits for level in agreement.levels()):
        return
    claims = agreement.claims
    if claims is None:
        credits_at = ("service_credits",) if agreement.service_credits else ("plans",)
        yield RULE.finding(
            ctx.source.key_spot(credits_at),
            "service credits are promised, but there is no claim procedure",
            "add `claims` with a `deadline`, the `evidence` required and where to `submit_to`",
        )
        return
    if claims.deadline is None:
        yield RULE.finding(
            ctx.source.key_spot(("claims",)),
            "a credit claim has no deadline: a claim can come years later, or be refused as "
            "late at any time",
            "add `claims.deadline`, e.g. `30 days` after the end of the month",
        )
    if not claims.evidence:
        yield RULE.finding(
            ctx.source.key_spot(("claims",)),
            "a credit claim needs no evidence",
            "add `claims.evidence`, e.g. the dates and times of the downtime and "
            "the monitoring records that show it",
        )
    if claims.determined_by in ("provider", "customer") and claims.disputes is None:
        yield RULE.finding(
            ctx.source.value_spot(("claims", "determined_by")),
            f"the {claims.determined_by} alone decides whether a credit is owed, and nothing "
            "says how a disputed claim is settled: the claim cannot be disputed",
            "add `claims.disputes` (e.g. escalated to both account managers, then mediation), "
            "or `determined_by: both parties`",
        )


RULE = Rule(
    code="SLA309",
    name="claims",
    severity="warning",
    kinds=(CustomerAgreement,),
    check=check,
    doc=__doc__,
)
