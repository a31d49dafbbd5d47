"""Versions disagree: the two language versions of a text state different facts.

In an agreement made in two languages both versions bind the parties, and the prevailing
one decides only after a dispute has begun. A figure changed in one version and not in the
other ("99.9%" in English, "99,5%" in Indonesian) is a dispute written into the contract.
The checker reads in both versions of each text the facts it can read in any language:
numbers (each language's decimal and thousands separators), percentages, amounts, times of
day ("17:00", "17.00"), dates written out ("1 March 2027", "1 Maret 2027") and e-mail
addresses; they must be the same, in any order. Numbers written as words ("six", "enam")
and ordinals ("3rd", "ketiga") are not compared. Reported at both versions.

Fails:

```yaml
language: [id, en]
overview:
  id: Penyedia menjaga ketersediaan layanan sebesar 99,5% setiap bulan kalender.
  en: The provider keeps the service available 99.9% of each calendar month.
```

Passes:

```yaml
language: [id, en]
overview:
  id: Penyedia menjaga ketersediaan layanan sebesar 99,9% setiap bulan kalender.
  en: The provider keeps the service available 99.9% of each calendar month.
```
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from sladoc.agreement.model import Agreement
from sladoc.checks.context import Context
from sladoc.checks.finding import Finding
from sladoc.checks.rule import EVERY_KIND, Rule
from sladoc.language import language

if TYPE_CHECKING:
    from sladoc.checks.bilingual import Pair, Version

_EMAIL = re.compile(r"[^\s@<>()\[\],;:\"']+@[^\s@<>()\[\],;:\"']+\.[A-Za-z]{2,}")
_NUMBER = re.compile(r"(?<![\w.,:-])\d+(?:[.,:]\d+)*(?![\w-])")
_ORDINAL = re.compile(r"(?<![\w.,:-])\d+(?:st|nd|rd|th)\b|\bke-?\d+\b", re.IGNORECASE)

Fact = tuple[str, str]


def facts(version: Version) -> list[tuple[Fact, int, int]]:
    """The facts of one version with where each is written: ``((kind, value), start, end)``."""
    text, lang = version.text, language(version.language)
    found: list[tuple[Fact, int, int]] = []
    taken = [False] * len(text)

    def take(start: int, end: int) -> bool:
        if any(taken[start:end]):
            return False
        taken[start:end] = [True] * (end - start)
        return True

    for match in _EMAIL.finditer(text):
        if take(*match.span()):
            found.append((("e-mail", match.group().lower()), *match.span()))
    for match in _ORDINAL.finditer(text):
        take(*match.span())
    months = "|".join(map(re.escape, lang.months))
    for match in re.finditer(rf"\b(\d{{1,2}}) ({months}) (\d{{4}})\b", text, re.IGNORECASE):
        month = [m.lower() for m in lang.months].index(match.group(2).lower()) + 1
        day = f"{match.group(3)}-{month:02d}-{int(match.group(1)):02d}"
        if take(*match.span()):
            found.append((("date", day), *match.span()))
    for match in _NUMBER.finditer(text):
        if take(*match.span()):
            found.append((_number(match.group(), lang.decimal_separator), *match.span()))
    return sorted(found, key=lambda fact: fact[1])


def _number(written: str, decimal: str) -> Fact:
    """A number as written in a language: a time of day, or a value with that language's
    separators (anything else, such as a version number, as written)."""
    time = re.fullmatch(r"(\d{1,2})[:.](\d{2})", written)
    if time and (":" in written or decimal == ","):
        return ("time", f"{int(time.group(1)):02d}:{time.group(2)}")
    thousands = "." if decimal == "," else ","
    whole, _, fraction = written.replace(thousands, "").partition(decimal)
    try:
        value = Decimal(f"{whole}.{fraction}" if fraction else whole)
    except InvalidOperation:
        return ("text", written)
    if not whole.isdigit() or (fraction and not fraction.isdigit()):
        return ("text", written)
    return ("number", format(value.normalize(), "f"))


def check(ctx: Context[Agreement]) -> Iterator[Finding]:
    if len(ctx.agreement.languages) < 2:
        return  # one language: the pairing of versions is not even imported (issue 21)
    if ctx.agreement.language != ctx.agreement.languages[0]:
        return  # both versions are compared once, from the first
    from sladoc.checks.bilingual import pairs

    for pair in pairs(ctx):
        if pair.shared:
            continue
        yield from _compare(pair)


def _compare(pair: Pair) -> Iterator[Finding]:
    left, right = facts(pair.left), facts(pair.right)
    only_left = Counter(fact for fact, _, _ in left) - Counter(fact for fact, _, _ in right)
    only_right = Counter(fact for fact, _, _ in right) - Counter(fact for fact, _, _ in left)
    if not only_left and not only_right:
        return
    said = {
        pair.left.language: _written(pair.left, left, only_left),
        pair.right.language: _written(pair.right, right, only_right),
    }
    names = {code: language(code).name for code in said}
    message = "the two versions disagree: " + "; ".join(
        f"the {names[code]} says {', '.join(words) if words else 'nothing of it'}"
        for code, words in said.items()
    )
    for version, own, extra in ((pair.left, left, only_left), (pair.right, right, only_right)):
        first = next(((start, end) for fact, start, end in own if fact in extra), None)
        if first is None:
            spot = version.source.value_spot(pair.path, version.text)
        else:
            spot = version.source.words_spot(pair.path, version.text, *first)
        yield RULE.finding(spot, message, "make both versions state the same facts")


def _written(
    version: Version, found: list[tuple[Fact, int, int]], extra: Counter[Fact]
) -> list[str]:
    left = Counter(extra)
    words = []
    for fact, start, end in found:
        if left[fact] > 0:
            left[fact] -= 1
            words.append(f'"{version.text[start:end]}"')
    return words


RULE = Rule(
    code="SLA401",
    name="versions-disagree",
    severity="error",
    kinds=EVERY_KIND,
    check=check,
    doc=__doc__,
)
