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

import difflib
from collections.abc import Iterator

from sladoc.checks.context import Context
from sladoc.checks.finding import Finding
from sladoc.checks.locate import Spot
from sladoc.errors import Position

CODE = "SLA902"
NAME = "unused-suppression"
SEVERITY = "warning"
AFTER_SUPPRESSIONS = True  # the runner calls it once the other findings were suppressed


def check(ctx: Context) -> Iterator[Finding]:
    from sladoc.checks.registry import RULES

    for suppression in ctx.suppressions:
        position = Position(
            ctx.file, suppression.line, suppression.col, suppression.line, suppression.end_col
        )
        spot = Spot(position, "", "sladoc: ignore")
        if not suppression.codes:
            if not suppression.used:
                yield ctx.finding(
                    CODE,
                    NAME,
                    SEVERITY,
                    spot,
                    "this suppression covers no finding",
                    "remove the comment",
                )
            continue
        for code in suppression.codes:
            if code in suppression.used:
                continue
            if code not in RULES:
                # a letter O or l typed for a digit is the usual slip; then the nearest code
                lookalike = code.translate(str.maketrans("OoIil", "00111"))
                close = (
                    [lookalike]
                    if lookalike in RULES
                    else difflib.get_close_matches(code, list(RULES), n=1, cutoff=0.6)
                )
                hint = f"; did you mean {close[0]}?" if close else ""
                yield ctx.finding(
                    CODE,
                    NAME,
                    SEVERITY,
                    Spot(position, "", code),
                    f"{code} is not a sladoc rule{hint}",
                    "use a code from docs/rules.md, or remove it",
                )
            elif not ctx.config.enabled(code) or ctx.config.ignored_in(ctx.file, code):
                yield ctx.finding(
                    CODE,
                    NAME,
                    SEVERITY,
                    Spot(position, "", code),
                    f"{code} is turned off in the configuration, so this suppression does nothing",
                    f"remove {code} from the comment",
                )
            else:
                yield ctx.finding(
                    CODE,
                    NAME,
                    SEVERITY,
                    Spot(position, "", code),
                    f"{code} ({RULES[code].NAME}) finds nothing on this line",
                    f"remove {code} from the comment",
                )
