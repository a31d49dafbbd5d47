"""One-sided wording: phrases that let one party change or drop its promises alone.

Owned here, not by the rule that reports them (SLA310), because the vague-term lookup of
:mod:`sladoc.checks.context` needs them too: in a customer agreement it leaves these words
to SLA310, where they would otherwise also count as loopholes.
"""

from __future__ import annotations

import re

from sladoc.checks.lazy import LazyPattern

_PHRASES = (
    r"at\s+any\s+time\s+(?:and\s+)?without\s+(?:prior\s+|any\s+)?notice",
    r"without\s+(?:prior\s+|any\s+|advance\s+)?notice",
    r"(?:at|in)\s+(?:its|our|their|the\s+provider's)\s+(?:sole|absolute|sole\s+and\s+absolute|"
    r"own)\s+discretion",
    r"(?:at|in)\s+(?:its|our|their)\s+discretion",
    r"reserves?\s+the\s+right\s+to",
    r"unilaterally",
    r"for\s+any\s+reason\s+or\s+no\s+reason",
    r"without\s+(?:any\s+)?liability",
    r"sewaktu-waktu\s+tanpa\s+pemberitahuan",
    r"tanpa\s+(?:pemberitahuan|pemberitaan)(?:\s+(?:terlebih\s+dahulu|sebelumnya))?",
    r"secara\s+sepihak",
    r"atas\s+kebijakan(?:nya)?\s+sendiri",
    r"berhak\s+(?:untuk\s+)?(?:mengubah|menghentikan|membatalkan)",
)
ONE_SIDED = LazyPattern(rf"(?<!\w)(?:{'|'.join(_PHRASES)})(?!\w)", re.IGNORECASE)

# Every phrase holds one of these words (lower case): fields without them are skipped.
KEY_WORDS = (
    "notice",
    "discretion",
    "reserve",
    "unilateral",
    "reason",
    "liability",
    "pemberitahuan",
    "pemberitaan",
    "sepihak",
    "kebijakan",
    "berhak",
)
