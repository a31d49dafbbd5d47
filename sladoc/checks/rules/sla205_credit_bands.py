"""Credit bands: a service-credit table with gaps, overlaps, empty bands or credits that
do not grow as availability falls.

Sorted from the highest availability down, each band must start (`below`) where the previous
one ended (`at_least`); only the last may leave `at_least` out, to reach down to 0%. A band
whose `at_least` is not below its `below` is empty. The credit must not shrink as
availability falls, and no band may exceed the table's `maximum`. Every table is checked:
the agreement's, and each plan's own; a table keyed to deliveries is read the same way.

A credit table written as prose is read the same way ("below 99.9% but at least 99.0%, 10%
of the monthly fee; below 99.0%, 25%", "99,9% sampai 99,0% sebesar 10%"): a band written as
a bare range ("99.9% - 99.0%", "from 95% to 99%") includes both ends, so two bands that share
a boundary that way both claim it and are reported; "to less than", "below" and "kurang dari"
exclude it.

Fails:

```yaml
service_credits:
  basis: the monthly fee
  window: calendar month
  bands:
    - {below: 99.9%, at_least: 99.5%, credit: 10%}
    - {below: 99.0%, at_least: 95.0%, credit: 5%}
    - {below: 95.0%, credit: 100%}
  maximum: 100%
```

Passes:

```yaml
service_credits:
  basis: the monthly fee
  window: calendar month
  bands:
    - {below: 99.9%, at_least: 99.0%, credit: 10%}
    - {below: 99.0%, at_least: 95.0%, credit: 25%}
    - {below: 95.0%, credit: 100%}
  maximum: 100%
```
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from itertools import pairwise

from sladoc.agreement.model import CustomerAgreement, ServiceCredits
from sladoc.checks.context import Context
from sladoc.checks.finding import Finding
from sladoc.checks.locate import Spot
from sladoc.checks.rule import Rule


def _pct(value: Decimal) -> str:
    return f"{value.normalize():f}%"


def check(ctx: Context[CustomerAgreement]) -> Iterator[Finding]:
    from sladoc.checks.prose.credits import problems as credit_problems  # see Context

    for prose, table in ctx.prose_credit_tables:
        for problem in credit_problems(table):
            spot = ctx.words(prose, problem.start, problem.end)
            yield RULE.finding(spot, problem.message, problem.suggestion)
    yield from _structured(ctx)


def _structured(ctx: Context[CustomerAgreement]) -> Iterator[Finding]:
    """Every credit table: the agreement's and each plan's own."""
    tables = {level.credits_path: level.credits for level in ctx.agreement.levels()}
    for path, credits in tables.items():
        if credits is not None and credits.bands:
            yield from _table(ctx, path, credits)


def _table(
    ctx: Context[CustomerAgreement], path: tuple[str | int, ...], credits: ServiceCredits
) -> Iterator[Finding]:
    bands = sorted(enumerate(credits.bands), key=lambda item: -item[1].below)

    def spot(index: int, field: str) -> Spot:
        return ctx.source.value_spot((*path, "bands", index, field))

    for index, band in bands:
        if band.at_least is not None and band.at_least >= band.below:
            yield RULE.finding(
                spot(index, "at_least"),
                f"the band below {_pct(band.below)} and at least {_pct(band.at_least)} is empty",
                "make `at_least` lower than `below`",
            )
        if credits.maximum is not None and band.credit > credits.maximum:
            yield RULE.finding(
                spot(index, "credit"),
                f"a credit of {_pct(band.credit)} is above the table's maximum of "
                f"{_pct(credits.maximum)}",
                f"lower the credit to {_pct(credits.maximum)} or raise the maximum",
            )
    for (index, upper), (next_index, lower) in pairwise(bands):
        if upper.at_least is None:
            yield RULE.finding(
                spot(index, "below"),
                f"the band below {_pct(upper.below)} has no `at_least`, so it covers every "
                f"lower band too (down to {_pct(lower.below)} and below)",
                f"add `at_least: {_pct(lower.below)}`",
            )
        elif lower.below < upper.at_least:
            yield RULE.finding(
                spot(next_index, "below"),
                f"gap: availability from {_pct(lower.below)} up to {_pct(upper.at_least)} "
                "falls in no band and earns no credit",
                f"start this band at `below: {_pct(upper.at_least)}`",
            )
        elif lower.below > upper.at_least:
            yield RULE.finding(
                spot(next_index, "below"),
                f"overlap: availability from {_pct(upper.at_least)} up to {_pct(lower.below)} "
                "falls in two bands",
                f"start this band at `below: {_pct(upper.at_least)}`",
            )
        if lower.credit < upper.credit:
            yield RULE.finding(
                spot(next_index, "credit"),
                f"the credit falls from {_pct(upper.credit)} to {_pct(lower.credit)} as "
                f"availability falls below {_pct(lower.below)}",
                f"give this band a credit of at least {_pct(upper.credit)}",
            )
    last_index, last = bands[-1]
    if last.at_least is not None and last.at_least > 0:
        yield RULE.finding(
            spot(last_index, "at_least"),
            f"availability below {_pct(last.at_least)} falls in no band: the worst outages "
            "earn no credit",
            "remove `at_least` from the last band so it reaches down to 0%",
        )


RULE = Rule(
    code="SLA205",
    name="credit-bands",
    severity="error",
    kinds=(CustomerAgreement,),
    check=check,
    doc=__doc__,
)
