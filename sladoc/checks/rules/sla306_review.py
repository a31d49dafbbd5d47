"""Review cadence: no review of the agreement, or one that cannot happen.

Goals go stale: an SLA should be reviewed during its term and revised (`review: {every:
quarter, mid_term: ..., at_expiry: true}`). Reported: no `review`; a mid-term review date
outside the agreement's term; a cadence longer than the whole term.

Fails:

```yaml
review:
  every: year
  mid_term: 2031-01-01
```

Passes:

```yaml
review:
  every: quarter
  mid_term: 2027-09-01
```
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from sladoc.agreement.model import Agreement
from sladoc.checks.context import Context
from sladoc.checks.finding import Finding
from sladoc.checks.rule import EVERY_KIND, Rule

_DAYS = {"day": 1, "week": 7, "month": 30, "quarter": 91, "year": 365}
_TERM_DAYS = {"day": 1, "week": 7, "month": 30.4375, "year": 365.25}


def _end(agreement: Agreement) -> date:
    if agreement.end is not None:
        return agreement.end
    term = agreement.term
    assert term is not None  # the model requires `term` or `end`
    try:
        return agreement.effective + timedelta(days=round(term.count * _TERM_DAYS[term.unit]))
    except OverflowError:
        # a term running past the last date Python has (effective 9999-12-31, or
        # "99999999 years") ends, for this rule, at that last date: any review falls inside
        return date.max


def check(ctx: Context[Agreement]) -> Iterator[Finding]:
    agreement = ctx.agreement
    review = agreement.review
    if review is None:
        yield RULE.finding(
            ctx.source.key_spot(("kind",)),
            "no review cadence: the agreement is never reviewed or revised",
            "add `review: {every: quarter, at_expiry: true}` and a `mid_term` date",
        )
        return
    end = _end(agreement)
    if review.mid_term is not None and not agreement.effective < review.mid_term < end:
        yield RULE.finding(
            ctx.source.value_spot(("review", "mid_term")),
            f"the mid-term review on {review.mid_term} is outside the "
            f"agreement's term ({agreement.effective} to {end})",
            f"pick a date between {agreement.effective} and {end}, near the middle",
        )
    term_days = (end - agreement.effective).days
    if _DAYS[review.every] > term_days:
        spot = (
            ctx.source.value_spot(("review", "every"))
            if isinstance(ctx.loaded.data.get("review"), dict)
            else ctx.source.value_spot(("review",))
        )
        yield RULE.finding(
            spot,
            f"a review every {review.every} never happens in a term of {term_days} days",
            "review more often than the term is long, e.g. every quarter",
        )


RULE = Rule(
    code="SLA306",
    name="review-cadence",
    severity="warning",
    kinds=EVERY_KIND,
    check=check,
    doc=__doc__,
)
