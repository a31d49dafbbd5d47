"""Undefined term: a capitalised term used as if defined, but defined nowhere.

"Any Permitted Outage is excluded from Monthly Uptime" reads as a defined term, and the
exclusion means whatever the party relying on it says it means. Reported for terms that
name something the agreement measures -- hours, outages, incidents, events, maintenance,
windows, periods (Indonesian jam, gangguan, insiden, kejadian, pemeliharaan) -- unless the
agreement defines them under `definitions`, the document defines them for it (a customer
agreement's Business Hours, when its support hours are given), or inline anywhere in its
text: quoted ("Business Hours" means ...), followed by a colon, "means", "meaning",
"berarti", "yaitu", "adalah", a parenthesised explanation, "as defined in" another document,
or, for hours, the hours themselves ("Support Hours of Monday to Friday 08:00-18:00").

Fails:

```yaml
overview: >
  Acme hosts Company X's web shop. Any Permitted Outage is excluded from the availability
  figures.
```

Passes:

```yaml
overview: >
  Acme hosts Company X's web shop. A Permitted Outage (an interruption announced at least 5
  business days in advance and lasting at most 4 hours) is excluded from the availability
  figures.
```
"""

from __future__ import annotations

from collections.abc import Iterator

from sladoc.agreement.model import Agreement
from sladoc.checks.context import Context
from sladoc.checks.finding import Finding
from sladoc.checks.prose.definitions import used
from sladoc.checks.rule import EVERY_KIND, Rule
from sladoc.checks.terms import normalise
from sladoc.language import language

MAY_USE = (
    "hours",
    "outage",
    "incident",
    "event",
    "maintenance",
    "window",
    "period",
    "failure",
    "jam",
    "gangguan",
    "insiden",
    "kejadian",
    "peristiwa",
    "pemeliharaan",
    "periode",
    "jendela",
)


def check(ctx: Context[Agreement]) -> Iterator[Finding]:
    candidates = [
        (prose, term)
        for prose in ctx.prose_with(MAY_USE)
        if prose.path[-1:] not in (("title",), ("term",))  # a heading, or the term defined
        for term in used(prose.text)
    ]
    if not candidates:
        return
    defined = {normalise(d.term) for d in ctx.agreement.definitions}
    # The terms the document itself defines for this agreement (Business Hours, ...).
    terms = language(ctx.agreement.language).terms
    defined |= {normalise(terms[key]) for key in ctx.agreement.generated_terms()}
    defined |= {normalise(t) for t in ctx.inline_definitions}
    reported: set[str] = set()
    for prose, term in candidates:
        key = normalise(term.term)
        singular = key[:-1] if key.endswith("s") else key
        if key in defined or singular in defined or key in reported:
            continue
        if any(d.startswith(singular) for d in defined):
            continue
        reported.add(key)
        yield RULE.finding(
            ctx.words(prose, term.start, term.end),
            f'"{term.term}" is written as a defined term, but the agreement does not define it',
            f"define it under `definitions` (term: {term.term}, meaning: ...), or write "
            "what it means where it is used",
        )


RULE = Rule(
    code="SLA313",
    name="undefined-term",
    severity="warning",
    kinds=EVERY_KIND,
    check=check,
    doc=__doc__,
)
