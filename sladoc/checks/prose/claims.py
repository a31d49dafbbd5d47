"""Claim terms and unilateral terms in prose.

- A claim ("submit a claim", "request a Service Credit", "mengajukan klaim") and whether the
  same text gives a deadline ("within 30 days", "paling lambat 30 hari") and evidence
  ("ticket numbers", "dates and times", "log", "nomor tiket", "bukti").
- One party alone deciding whether a credit is owed, or on the figures it rests on ("Acme will
  determine whether a credit is due", "as determined by Acme", "Acme's decision is final",
  "Penyedia berhak menentukan", "keputusan Penyedia bersifat final").
- One party free to change or withdraw the agreement ("Acme may amend this SLA", "may
  withdraw any Service Level", "Penyedia dapat mengubah"), unless the same sentence needs the
  other's agreement ("with the Customer's written consent", "dengan persetujuan").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sladoc.checks.lazy import LazyPattern
from sladoc.checks.prose.common import full_sentences

MAY_HOLD = (
    "claim",
    "klaim",
    "credit",
    "kredit",
    "determin",
    "final",
    "may ",
    "dapat ",
    "berhak",
    "berwenang",
    "menentukan",
)
_CLAIM = LazyPattern(
    r"(?<!\w)(?:(?:submit|make|file|lodge|raise)s?\s+(?:a|its|the|any|their)\s+(?:credit\s+)?"
    r"claim|(?:may|must|can|shall)\s+(?:request|claim)\s+(?:a|any|the)\s+(?:service\s+)?credit|"
    r"mengajukan\s+(?:klaim|permohonan\s+kredit)|meminta\s+kredit)",
    re.IGNORECASE,
)
_DEADLINE = LazyPattern(
    r"(?<!\w)(?:within\s+\d+|no\s+later\s+than|not\s+later\s+than|by\s+the\s+\d+|before\s+the\s+"
    r"\d+|paling\s+lambat|dalam\s+(?:waktu\s+)?\d+|selambat-lambatnya)",
    re.IGNORECASE,
)
_EVIDENCE = LazyPattern(
    r"(?<!\w)(?:tickets?|ticket\s+numbers?|logs?|evidence|records?|dates?|times?|screenshots?|"
    r"outage\s+reports?|incident\s+numbers?|nomor\s+tiket|tiket|bukti|tanggal|log|catatan|"
    r"rekaman|jam\s+waktu\s+henti)(?!\w)",
    re.IGNORECASE,
)
_PARTY = r"(?:[A-Z][\w&.-]*(?:\s+[A-Z][\w&.-]*)?|the\s+[A-Z]\w+)"
_DECIDES = LazyPattern(
    rf"(?:{_PARTY}\s+(?:will|shall|may|alone|solely)?\s*(?:determines?|decides?|assess(?:es)?)"
    r"[^.;]{0,60}?\bwhether\b[^.;]{0,40}?\b(?i:credit|claim)s?(?:\s+is\s+(?:due|owed|payable))?"
    rf"|as\s+(?:determined|calculated|measured|assessed)\s+(?:solely\s+)?by\s+{_PARTY}"
    rf"|{_PARTY}'s\s+(?:decision|determination|assessment|records?|calculation)[^.;]{{0,30}}?"
    r"\b(?:is|are|shall\s+be|will\s+be)\s+(?:final|conclusive|binding)"
    r"|(?:Penyedia|Pemasok|Pihak\s+Pertama)\s+(?:berhak|berwenang)\s+(?:untuk\s+)?menentukan"
    r"[^.;]{0,80}"
    r"|keputusan\s+(?:Penyedia|Pemasok)[^.;]{0,30}?bersifat\s+(?:final|mengikat)"
    r"|(?:sebagaimana\s+)?ditentukan\s+(?:sendiri\s+)?oleh\s+(?:Penyedia|Pemasok))",
)
_CHANGES = LazyPattern(
    r"(?<!\w)(?:(?:may|can|is\s+entitled\s+to|reserves\s+the\s+right\s+to)\s+(?:at\s+any\s+"
    r"time\s+)?(?:amend|modify|change|vary|update|revise|withdraw|discontinue|replace|suspend)"
    r"\s+(?:this\s+(?:SLA|agreement|service\s+level\s+agreement)|(?:any|the|a|all)\s+"
    r"(?:of\s+the\s+)?(?:service\s+levels?|SLAs?|terms|targets|service\s+credits?))"
    r"(?:\s+at\s+any\s+time)?"
    r"|(?:dapat|berhak|berwenang)\s+(?:untuk\s+)?(?:mengubah|menarik|mengganti|menghentikan|"
    r"membatalkan|merevisi))(?!\w)",
    re.IGNORECASE,
)
_SUBJECT = LazyPattern(
    r"(?:either\s+party|both\s+parties|the\s+parties|kedua\s+belah\s+pihak|para\s+pihak|"
    r"masing-masing\s+pihak)\s*$",
    re.IGNORECASE,
)
_CONSENT = LazyPattern(
    r"(?:consent|agreement\s+of|agreed|mutual|signed\s+by|both\s+parties|persetujuan|"
    r"kesepakatan|disepakati|kedua\s+belah\s+pihak)",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Claims:
    claim: tuple[int, int] | None  # the first claim
    has_deadline: bool
    has_evidence: bool
    deciders: tuple[tuple[int, int], ...]  # one party decides
    changes: tuple[tuple[int, int], ...]  # one party may change or withdraw


def read(text: str, language: str) -> Claims | None:
    del language  # the patterns hold both languages' words
    claim = _CLAIM.search(text)
    deciders = []
    for start, end in full_sentences(text):
        first = _DECIDES.search(text, start, end)
        if first is not None:
            deciders.append(first.span())
    changes = []
    for start, end in full_sentences(text):
        sentence = text[start:end]
        if _CONSENT.search(sentence):
            continue
        for match in _CHANGES.finditer(text, start, end):
            if _SUBJECT.search(text, start, match.start()):
                continue
            changes.append(match.span())
    if claim is None and not deciders and not changes:
        return None
    return Claims(
        claim.span() if claim else None,
        bool(_DEADLINE.search(text)),
        bool(_EVIDENCE.search(text, claim.end() if claim else 0)),
        tuple(deciders),
        tuple(changes),
    )
