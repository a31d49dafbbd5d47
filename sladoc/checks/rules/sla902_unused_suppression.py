"""Unused suppression: a `# sladoc: ignore[...]` comment that suppresses nothing.

Once the wording is fixed, the comment stays behind and would hide a new finding on that
line. Reported for each code it names that had no finding to suppress, including codes that
are not rules at all (with the closest real code) and rules the configuration turns off.

Fails:

```yaml
# sladoc: ignore[SLA101] -- reviewed by legal
overview: Acme hosts the web shop.
```

Passes:

```yaml
# sladoc: ignore[SLA101] -- reviewed by legal
overview: Acme hosts the web shop and responds promptly.
```
"""

from __future__ import annotations

from collections.abc import Iterator

from sladoc.agreement.model import Agreement
from sladoc.checks.context import Context
from sladoc.checks.finding import Finding
from sladoc.checks.locate import Spot
from sladoc.checks.rule import EVERY_KIND, Phase, Rule
from sladoc.errors import Position, closest


def check(ctx: Context[Agreement]) -> Iterator[Finding]:
    suppressed = ctx.suppressed
    names = suppressed.rule_names
    for suppression, used in suppressed.uses:
        position = Position(
            ctx.file, suppression.line, suppression.col, suppression.line, suppression.end_col
        )
        spot = Spot(position, "", "sladoc: ignore")
        if not suppression.codes:
            if not used:
                yield RULE.finding(
                    spot,
                    "this suppression covers no finding",
                    "remove the comment",
                )
            continue
        for code in suppression.codes:
            if code in used:
                continue
            if code not in names:
                # a letter O or l typed for a digit is the usual slip; then the nearest code
                lookalike = code.translate(str.maketrans("OoIil", "00111"))
                close = lookalike if lookalike in names else closest(code, names)
                hint = f"; did you mean {close}?" if close else ""
                yield RULE.finding(
                    Spot(position, "", code),
                    f"{code} is not a sladoc rule{hint}",
                    "use a code from docs/rules.md, or remove it",
                )
            elif code not in suppressed.turned_on:
                yield RULE.finding(
                    Spot(position, "", code),
                    f"{code} is turned off in the configuration, so this suppression does nothing",
                    f"remove {code} from the comment",
                )
            else:
                yield RULE.finding(
                    Spot(position, "", code),
                    f"{code} ({names[code]}) finds nothing on this line",
                    f"remove {code} from the comment",
                )


RULE = Rule(
    code="SLA902",
    name="unused-suppression",
    severity="warning",
    kinds=EVERY_KIND,
    check=check,
    doc=__doc__,
    # after the suppressions, whose use it reports
    phase=Phase.AFTER_SUPPRESSIONS,
)
