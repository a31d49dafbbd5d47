"""Untranslated: the two language versions of a text are the same words.

An agreement made in two languages says everything twice. A text whose `id:` and `en:`
versions are the same was copied and not translated, and one column of the contract says it
in the wrong language. (Names, numbers, durations and e-mail addresses read alike in every
language: write them once, without versions.) Only texts of three words or more that the
agreement reads as wording are compared.

Fails:

```yaml
language: [id, en]
exclusions:
  - id: Downtime requested by the Customer in writing.
    en: Downtime requested by the Customer in writing.
```

Passes:

```yaml
language: [id, en]
exclusions:
  - id: Waktu henti yang diminta oleh Pelanggan secara tertulis.
    en: Downtime requested by the Customer in writing.
```
"""

from __future__ import annotations

from collections.abc import Iterator

from sladoc.agreement.model import Agreement
from sladoc.checks.context import Context
from sladoc.checks.finding import Finding
from sladoc.checks.rule import EVERY_KIND, Rule
from sladoc.language import language

_WORDS = 3
"""Shorter texts are often the same in both languages: a product name, "CRM", "24x7"."""


def check(ctx: Context[Agreement]) -> Iterator[Finding]:
    if len(ctx.agreement.languages) < 2:
        return  # one language: the pairing of versions is not even imported (issue 21)
    if ctx.agreement.language != ctx.agreement.languages[0]:
        return  # both versions are compared once, from the first
    from sladoc.checks.bilingual import pairs

    for pair in pairs(ctx):
        if pair.shared or not pair.translatable or pair.left.text != pair.right.text:
            continue
        if len(pair.left.text.split()) < _WORDS:
            continue
        left, right = (language(v.language).name for v in (pair.left, pair.right))
        yield RULE.finding(
            pair.right.source.value_spot(pair.path, pair.right.text),
            f"the {left} and the {right} versions are the same words",
            "translate one of them, or write the text once if it reads alike in both",
        )


RULE = Rule(
    code="SLA402",
    name="untranslated",
    severity="warning",
    kinds=EVERY_KIND,
    check=check,
    doc=__doc__,
)
