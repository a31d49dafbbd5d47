"""Window mismatch: availability measured over one window, credits paid over another.

A yearly (or quarterly) target with monthly credits cannot be settled: in March nobody knows
whether the year will meet 99.9%, and a bad month may still leave the year above it. Measure
the target over the window the credits are paid on. Calendar and billing months are both
months and are not reported. A target written in prose is read with its window ("99.9% per
quarter", "diukur setiap tahun kalender").

Fails:

```yaml
services:
  - name: Compute
    availability: {target: 99.9%, window: year}
service_credits:
  basis: the monthly fee
  window: calendar month
  bands:
    - {below: 99.9%, credit: 10%}
```

Passes:

```yaml
services:
  - name: Compute
    availability: {target: 99.9%, window: calendar month}
service_credits:
  basis: the monthly fee
  window: calendar month
  bands:
    - {below: 99.9%, credit: 10%}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from sladoc.agreement.model import CustomerAgreement
from sladoc.checks.context import Context
from sladoc.checks.finding import Finding, possessive
from sladoc.checks.rule import Rule

_LENGTH = {
    "calendar month": "month",
    "billing month": "month",
    "quarter": "quarter",
    "year": "year",
}


def check(ctx: Context[CustomerAgreement]) -> Iterator[Finding]:
    seen: set[tuple[int, str]] = set()
    for _, credits in ctx.agreement.credit_tables():
        if credits.window is None or credits.for_ != "availability":
            continue
        for finding in _table(ctx, credits.window):
            key = (finding.position.line, finding.message)
            if key not in seen:
                seen.add(key)
                yield finding


def _table(ctx: Context[CustomerAgreement], window: str) -> Iterator[Finding]:
    credits_window = window
    paid = _LENGTH[window]
    for prose, target in ctx.prose_targets:
        if target.window in (None, paid) or target.window_span is None:
            continue
        if target.window in ("day", "week"):
            continue  # "99.9% of every day": stricter than the credits' window
        yield RULE.finding(
            ctx.words(prose, *target.window_span),
            f"availability is measured per {target.window} here, but credits are paid per "
            f"{paid} ({credits_window})",
            f"measure the target per {credits_window}, or pay credits per {target.window}",
        )
    for index, service in enumerate(ctx.agreement.services):
        availability = service.availability
        if availability is None or availability.window is None:
            continue
        measured = _LENGTH[availability.window]
        if measured != paid:
            spot = ctx.source.value_spot(("services", index, "availability", "window"))
            yield RULE.finding(
                spot,
                f"{possessive(service.name)} availability is measured per {measured}, but "
                f"credits are paid per {paid} ({credits_window})",
                f"measure the target per {credits_window}, or pay credits per {measured}",
            )


RULE = Rule(
    code="SLA208",
    name="window-mismatch",
    severity="warning",
    kinds=(CustomerAgreement,),
    check=check,
    doc=__doc__,
)
