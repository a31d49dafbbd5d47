"""Hidden character: an invisible or direction-changing character inside the wording.

A zero-width space, a soft hyphen, a word joiner or a bidi override changes nothing a reader
sees in the contract, but it changes what the words are: a search, a diff or a reviewer's
tool no longer finds "promptly" when a zero-width space sits inside it, and a bidi override
can show text in another order than it is stored. Nobody types these on purpose in an
agreement; they arrive by pasting, or by someone hiding words. Reported at the character.

Fails:

```yaml
overview: "Acme answers every ticket prom\\u200bptly and keeps the service available 99.9%
  of each calendar month."
```

Passes:

```yaml
overview: >-
  Acme answers every ticket within 4 business hours and keeps the service available
  99.9% of each calendar month.
```
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator

from sladoc.agreement.model import Agreement
from sladoc.checks.context import Context
from sladoc.checks.finding import Finding
from sladoc.checks.rule import EVERY_KIND, Rule
from sladoc.checks.terms import INVISIBLE


def check(ctx: Context[Agreement]) -> Iterator[Finding]:
    for prose in ctx.prose:
        if prose.text.isascii():
            continue
        for index, char in enumerate(prose.text):
            if char in INVISIBLE:
                name = unicodedata.name(char, "invisible character")
                yield RULE.finding(
                    ctx.words(prose, index, index + 1),
                    f"U+{ord(char):04X} {name} is hidden in the wording: readers do not see "
                    "it, but searches, diffs and reviews do not find the words it splits",
                    "delete it",
                )


RULE = Rule(
    code="SLA107",
    name="hidden-character",
    severity="warning",
    kinds=EVERY_KIND,
    check=check,
    doc=__doc__,
)
