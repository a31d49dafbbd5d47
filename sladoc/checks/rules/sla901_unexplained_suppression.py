"""Unexplained suppression: a `# sladoc: ignore[...]` comment that gives no reason.

A suppression hides a finding from every later reader, so it must say why, after `--`:
`# sladoc: ignore[SLA101] -- defined in the master agreement`. It still suppresses; this
finding asks for the reason. Suppression findings cannot themselves be suppressed inline
(use `ignore` in the configuration).

Fails:

```yaml
overview: Acme hosts the web shop and responds promptly.  # sladoc: ignore[SLA101]
```

Passes:

```yaml
# sladoc: ignore[SLA101] -- "promptly" is defined in the master agreement, clause 4
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
from sladoc.errors import Position


def check(ctx: Context[Agreement]) -> Iterator[Finding]:
    for suppression, _ in ctx.suppressed.uses:
        if suppression.reason:
            continue
        position = Position(
            ctx.file, suppression.line, suppression.col, suppression.line, suppression.end_col
        )
        codes = ", ".join(suppression.codes) or "every code"
        yield RULE.finding(
            Spot(position, "", "sladoc: ignore"),
            f"the suppression of {codes} gives no reason",
            "add the reason after `--`, e.g. `# sladoc: ignore[SLA101] -- "
            "defined in the master agreement`",
        )


RULE = Rule(
    code="SLA901",
    name="unexplained-suppression",
    severity="warning",
    kinds=EVERY_KIND,
    check=check,
    doc=__doc__,
    # after the suppressions, so that they cannot silence it
    phase=Phase.AFTER_SUPPRESSIONS,
)
