"""Credit without a commitment: a service credit whose trigger has nothing in the agreement
to be measured against, so the credit can never be owed.

A credit table `for: availability` (the default) needs a service with an availability
target; one `for: on-time deliveries` or `for: complete deliveries` needs a delivery with an
`on_time` or `complete` commitment. An event credit for a missed response or resolution needs
the severities it names, with that time; one for a late, short or damaged delivery needs
`deliveries`; one for downtime beyond the budget needs an availability target. `per` belongs
to a credit for downtime beyond the budget and `severities` to one for a missed response or
resolution; elsewhere they say nothing and are reported. Checked for each plan, with the
credits and support the plan has (its own or the agreement's).

Fails:

```yaml
services: []
deliveries:
  - item: A4 copy paper
    quantity: 50 reams
    per: month
    schedule: every Monday
    addresses: [Head Office]
    delivered_by: the supplier's driver
    confirmation_to: the office manager
service_credits:
  basis: the price of the month's paper
  window: calendar month
  bands:
    - {below: 100%, at_least: 90%, credit: 5%}
    - {below: 90%, credit: 15%}
```

Passes:

```yaml
services: []
deliveries:
  - item: A4 copy paper
    quantity: 50 reams
    per: month
    schedule: every Monday
    addresses: [Head Office]
    delivered_by: the supplier's driver
    confirmation_to: the office manager
    on_time: 95%
service_credits:
  for: on-time deliveries
  basis: the price of the month's paper
  window: calendar month
  bands:
    - {below: 95%, at_least: 90%, credit: 5%}
    - {below: 90%, credit: 15%}
```
"""

from __future__ import annotations

from collections.abc import Iterator

from sladoc.agreement.model import CustomerAgreement, Level
from sladoc.checks.context import Context
from sladoc.checks.finding import Finding
from sladoc.checks.rule import Rule


def check(ctx: Context[CustomerAgreement]) -> Iterator[Finding]:
    seen: set[tuple[object, ...]] = set()
    for level in ctx.agreement.levels():
        for finding in _level(ctx, level):
            key = (finding.position, finding.message)
            if key not in seen:
                seen.add(key)
                yield finding


def _of(level: Level) -> str:
    return f" in the {level.name} plan" if level.name else ""


def _level(ctx: Context[CustomerAgreement], level: Level) -> Iterator[Finding]:
    agreement, credits = ctx.agreement, level.credits
    if credits is None:
        return
    path = level.credits_path
    if credits.bands and not agreement.credit_targets(level):
        spot = (
            ctx.source.value_spot((*path, "for"))
            if "for" in _raw(ctx, path)
            else ctx.source.key_spot((*path, "bands"))
        )
        if credits.for_ == "availability":
            message = (
                f"the credits are keyed to availability, but no service has an availability "
                f"target{_of(level)}: the credit can never be owed"
            )
            if agreement.deliveries:
                suggestion = (
                    "key the credits to the deliveries: `for: on-time deliveries` with an "
                    "`on_time` commitment on each delivery"
                )
            else:
                suggestion = "give the services an availability target"
        else:
            field = "on_time" if credits.for_ == "on-time deliveries" else "complete"
            message = (
                f"the credits are keyed to {credits.for_}, but no delivery has an `{field}` "
                f"commitment: the credit can never be owed"
            )
            suggestion = f"add `{field}: 95%` (the share committed to) to each delivery"
        yield RULE.finding(spot, message, suggestion)
    support = level.support
    severities = {v.level: v for v in support.severities} if support else {}
    for index, event in enumerate(credits.events):
        spot = ctx.source.value_spot((*path, "events", index, "for"))
        if event.per is not None and event.for_ != "downtime beyond budget":
            yield RULE.finding(
                ctx.source.value_spot((*path, "events", index, "per")),
                f"`per: {event.per}` counts hours of downtime beyond the budget, but this "
                f"credit is for a {event.for_}: it says nothing here",
                "remove `per`, or make the credit `for: downtime beyond budget`",
            )
        if event.severities and event.for_ not in ("missed response", "missed resolution"):
            yield RULE.finding(
                ctx.source.key_spot((*path, "events", index, "severities")),
                f"`severities` narrows a credit for a missed response or resolution, but this "
                f"credit is for a {event.for_}: it says nothing here",
                "remove `severities`, or make the credit for a `missed response`",
            )
        if event.for_ in ("missed response", "missed resolution"):
            measure = event.for_.split()[1]
            wanted = event.severities or sorted(severities)
            missing = [n for n in wanted if n not in severities]
            untimed = [
                n for n in wanted if n in severities and getattr(severities[n], measure) is None
            ]
            if not severities:
                yield RULE.finding(
                    spot,
                    f"a credit for a {event.for_}, but no support severities are defined"
                    f"{_of(level)}",
                    "add `support` with its severities and their times",
                )
            elif missing:
                yield RULE.finding(
                    ctx.source.value_spot((*path, "events", index, "severities")),
                    f"a credit for a {event.for_} at severity "
                    f"{', '.join(map(str, missing))}, which is not defined{_of(level)}",
                    f"name the defined severities ({', '.join(map(str, sorted(severities)))})",
                )
            elif untimed and len(untimed) == len(wanted):
                yield RULE.finding(
                    spot,
                    f"a credit for a {event.for_}, but severity "
                    f"{', '.join(map(str, untimed))} has no {measure} time{_of(level)}",
                    f"give the severities a `{measure}` time, or remove the credit",
                )
        elif event.for_.endswith("delivery") and not agreement.deliveries:
            yield RULE.finding(
                spot,
                f"a credit for a {event.for_}, but the agreement has no `deliveries`",
                "describe the deliveries, or remove the credit",
            )
        elif event.for_ == "downtime beyond budget" and not level.availability:
            yield RULE.finding(
                spot,
                f"a credit for downtime beyond the budget, but no service has an availability "
                f"target{_of(level)}, so there is no budget",
                "give the services an availability target",
            )


def _raw(ctx: Context[CustomerAgreement], path: tuple[str | int, ...]) -> dict[str, object]:
    """The mapping at ``path`` as written, to tell a written `for` from the default."""
    value: object = ctx.loaded.data
    for part in path:
        if isinstance(value, dict):
            value = value.get(part)
        elif isinstance(value, list) and isinstance(part, int) and part < len(value):
            value = value[part]
        else:
            return {}
    return value if isinstance(value, dict) else {}


RULE = Rule(
    code="SLA209",
    name="credit-without-commitment",
    severity="error",
    kinds=(CustomerAgreement,),
    check=check,
    doc=__doc__,
)
