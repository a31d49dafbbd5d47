"""Shared pieces of the prose readers: numbers, percentages, windows and sentences."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from sladoc.checks.lazy import LazyPattern
from sladoc.checks.nines import percent_tokens

# A window of measurement: "per calendar month", "in any month", "each quarter", "monthly",
# "per annum", "setiap bulan", "per bulan kalender", "tahunan".
WINDOW = LazyPattern(
    r"(?<!\w)(?:"
    r"(?:per|a|an|each|every|any|in\s+(?:a|any|each|every|one|the)|over\s+(?:a|any|each|"
    r"every|the)|for\s+(?:a|each|every|the)|during\s+(?:a|any|each|the)|of\s+(?:a|each|every|"
    r"the))\s+(?:(?:given|single|one|calendar|billing|contract|fiscal|rolling)\s+)*"
    r"(?P<en>month|quarter|year|annum|week|day)"
    r"|(?P<adv>monthly|quarterly|yearly|annually|annual|weekly|daily|per\s+annum)"
    r"|(?:per|setiap|tiap|dalam\s+(?:satu|setiap|sebuah)|selama\s+(?:satu|setiap)|pada\s+"
    r"setiap|untuk\s+setiap)\s+(?P<id>bulan|triwulan|kuartal|tahun|minggu|hari)"
    r"|(?P<id_adv>bulanan|triwulanan|tahunan|mingguan|harian|sebulan|setahun)"
    r")(?!\w)",
    re.IGNORECASE,
)
_WINDOW_NAMES = {
    "month": "month",
    "monthly": "month",
    "bulan": "month",
    "bulanan": "month",
    "sebulan": "month",
    "quarter": "quarter",
    "quarterly": "quarter",
    "triwulan": "quarter",
    "kuartal": "quarter",
    "triwulanan": "quarter",
    "year": "year",
    "annum": "year",
    "yearly": "year",
    "annually": "year",
    "annual": "year",
    "per annum": "year",
    "tahun": "year",
    "tahunan": "year",
    "setahun": "year",
    "week": "week",
    "weekly": "week",
    "minggu": "week",
    "mingguan": "week",
    "day": "day",
    "daily": "day",
    "hari": "day",
    "harian": "day",
}


@dataclass(frozen=True)
class Window:
    start: int
    end: int
    period: str  # month, quarter, year, week, day


def windows(text: str) -> list[Window]:
    found = []
    for match in WINDOW.finditer(text):
        word = next(g for g in match.group("en", "adv", "id", "id_adv") if g)
        word = re.sub(r"\s+", " ", word.lower())
        found.append(Window(match.start(), match.end(), _WINDOW_NAMES[word]))
    return found


# Sentences: at . ! ? before a capital (not "i.e." or "99.9%"), at ; and at a blank line.
_SENTENCE = LazyPattern(r"[.!?]\s+(?=[A-Z\u00C0-\u024F\"“(])|;\s|\n\s*\n")


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence; a semicolon ends one too."""
    spans, start = [], 0
    for match in _SENTENCE.finditer(text):
        spans.append((start, match.start() + 1))
        start = match.end()
    spans.append((start, len(text)))
    return [s for s in spans if text[s[0] : s[1]].strip()]


def full_sentences(text: str) -> list[tuple[int, int]]:
    """Like :func:`sentences`, but a semicolon does not end one."""
    spans, start = [], 0
    for match in re.finditer(r"[.!?]\s+(?=[A-Z\u00C0-\u024F\"“(])|\n\s*\n", text):
        spans.append((start, match.start() + 1))
        start = match.end()
    spans.append((start, len(text)))
    return [s for s in spans if text[s[0] : s[1]].strip()]


@dataclass(frozen=True)
class Percent:
    start: int
    end: int
    value: Decimal


def percents(text: str, language: str) -> list[Percent]:
    return [
        Percent(t.start, t.end, t.value)
        for t in percent_tokens(text, language)
        if t.value is not None
    ]


_ID_SET = frozenset(
    "yang dan dengan untuk dalam atau tidak dari pada setiap akan adalah oleh paling kepada "
    "apabila berhak wajib".split()
)
_EN_SET = frozenset(
    "the and with for within or not of to each will is by shall must any at".split()
)


def text_language(text: str, default: str) -> str:
    """The language a piece of text is written in, by its commonest small words; the
    agreement's language when they do not tell (a short phrase, a name)."""
    words = text.lower().split()
    ind = sum(1 for w in words if w in _ID_SET)
    eng = sum(1 for w in words if w in _EN_SET)
    if ind >= 2 and ind > eng:
        return "id"
    if eng >= 2 and eng > ind:
        return "en"
    return default


# Standard force-majeure carve-outs: good drafting, never vague wording. This pattern and
# the next are searched only where their anchors find their first words, which most
# agreements' prose does not have: compiled when first used.
FORCE_MAJEURE = LazyPattern(
    r"(?<!\w)(?:(?:beyond|outside)\s+(?:the\s+)?(?:(?:its|their|his|her|our|the\s+\w+'s|that\s+"
    r"party's|a\s+party's|either\s+party's|the\s+affected\s+party's)\s+)?(?:reasonable\s+)?"
    r"control|di\s+luar\s+(?:kendali|kekuasaan|kemampuan)(?:\s+(?:wajar|yang\s+wajar))?)",
    re.IGNORECASE,
)
# An exclusion left open to one party's judgment: "any other circumstances Acme considers
# appropriate", "such other events as the Provider may determine", "keadaan lain yang
# dianggap perlu oleh Penyedia".
OPEN_ENDED = LazyPattern(
    r"(?<!\w)(?:(?i:any|such|all|and)\s+(?i:other)\s+(?:\w+\s+){0,2}?(?:circumstances?|events?|"
    r"causes?|matters?|reasons?|situations?|conditions?|occurrences?|periods?|outages?)\s+"
    r"(?:(?:that|which|as)\s+)?(?:the\s+)?[A-Z][\w-]*(?:\s+[A-Z][\w-]*)?\s+(?:may\s+|shall\s+|"
    r"reasonably\s+|in\s+good\s+faith\s+)*(?:considers?|deems?|determines?|decides?|"
    r"regards?|judges?|believes?|designates?)(?:\s+(?:to\s+be\s+)?[\w-]+){0,5}"
    r"|(?:keadaan|hal|peristiwa|kejadian|alasan|gangguan)(?:-\w+)?\s+lain(?:nya)?\s+(?:apa\s+pun\s+)?"
    r"yang\s+(?:dianggap|ditentukan|dinilai|dipandang|menurut)\s+(?:\w+\s+){0,2}?"
    r"(?:oleh|menurut)\s+(?:Penyedia|Pemasok|Pihak\s+\w+|[A-Z]\w+))",
)


_FM_ANCHOR = re.compile(r"(?:beyond|outside|luar)(?=\s)")
_OPEN_ANCHOR = re.compile(r"(?:other|lain)(?=\s)")


def _anchored(
    pattern: re.Pattern[str] | LazyPattern, anchor: re.Pattern[str], text: str
) -> list[tuple[int, int]]:
    """The matches of ``pattern`` that start where ``anchor`` finds its first words in the
    lower-cased text: one cheap literal search instead of the full pattern at every place."""
    lowered = text.lower()
    if len(lowered) != len(text):  # a letter whose lower case is longer: no shortcut
        return [m.span() for m in pattern.finditer(text)]
    spans: list[tuple[int, int]] = []
    for hit in anchor.finditer(lowered):
        if spans and hit.start() < spans[-1][1]:
            continue
        match = pattern.search(text, max(0, hit.start() - 40), hit.end() + 400)
        if match is not None and match.start() <= hit.start() < match.end():
            spans.append(match.span())
    return spans


def force_majeure_spans(text: str) -> list[tuple[int, int]]:
    """Standard force-majeure carve-outs in ``text``."""
    return _anchored(FORCE_MAJEURE, _FM_ANCHOR, text)


def open_ended_spans(text: str) -> list[tuple[int, int]]:
    """Exclusions left open to one party's judgment in ``text`` (SLA106)."""
    return _anchored(OPEN_ENDED, _OPEN_ANCHOR, text)
