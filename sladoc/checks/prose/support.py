"""Severity and response lists, and support coverage, in prose.

An item is a severity or priority level ("Severity 1", "P2", "Priority 3", "Tingkat 1",
"Prioritas 2") and the first time written after it, up to the next level ("within 4 hours",
"dalam 2 jam kerja", "next business day"). Its clock is the time's own ("business hours",
"jam kerja", "calendar"), a round-the-clock phrase with it ("24 hours a day", "around the
clock"), or one stated for the whole text ("on a calendar clock", "jam kalender"). Support
is round the clock when a sentence about support as a whole says so ("Support is available
24x7", "Dukungan tersedia 24 jam sehari").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from sladoc.checks.lazy import LazyPattern
from sladoc.checks.nines import PART, UNIT_WORDS
from sladoc.checks.prose.common import full_sentences

MAY_HOLD = (
    "severity",
    "priority",
    "sev ",
    "p1",
    "tingkat",
    "prioritas",
    "24x7",
    "24/7",
    "24 hours",
    "24 jam",
    "around the clock",
    "round the clock",
    ":00",
    ".00",
)
_LEVEL = re.compile(
    r"(?<!\w)(?:severity|sev|priority|level|tingkat|prioritas)\s*-?\s*(?P<n>[1-5])(?!\w)"
    r"|(?<!\w)P(?P<p>[1-5])(?!\w)",
    re.IGNORECASE,
)
_NEXT_DAY = re.compile(r"(?<!\w)next\s+business\s+day|hari\s+kerja\s+berikutnya", re.IGNORECASE)
ROUND_THE_CLOCK = LazyPattern(
    r"(?<!\w)(?:24\s*x\s*7|24/7|24\s+hours\s+a\s+day|24\s+hours,?\s+7\s+days|"
    r"around\s+the\s+clock|round\s+the\s+clock|24\s+jam(?:\s+sehari)?|365\s+days\s+a\s+year)"
    r"(?!\w)",
    re.IGNORECASE,
)
_CALENDAR_TEXT = re.compile(
    r"(?<!\w)(?:calendar\s+(?:clock|hours?|time|basis)|on\s+a\s+calendar|jam\s+kalender|"
    r"waktu\s+kalender|hari\s+kalender)(?!\w)",
    re.IGNORECASE,
)
_BUSINESS_TEXT = re.compile(r"(?<!\w)(?:on\s+a\s+business\s+clock)(?!\w)", re.IGNORECASE)
_SUPPORT = re.compile(
    r"(?<!\w)(?:support|help\s*desk|service\s+desk|helpdesk|dukungan|layanan\s+bantuan|"
    r"meja\s+layanan|pusat\s+bantuan)(?!\w)",
    re.IGNORECASE,
)
_RESOLUTION = LazyPattern(
    r"(?<!\w)(?:resolution|resolve[sd]?|restor(?:e|ed|ation)|fix(?:ed)?|workaround|"
    r"penyelesaian|diselesaikan|pemulihan|dipulihkan)(?!\w)",
    re.IGNORECASE,
)
_HOURS_RANGE = LazyPattern(
    r"(?<![\d:.])\d{1,2}[:.]\d{2}\s*(?:-|\u2013|to|and|until|sampai(?:\s+dengan)?|hingga|"
    r"s\.d\.|s/d)\s*\d{1,2}[:.]\d{2}(?![\d:.]\d)",
    re.IGNORECASE,
)
_HOURS_WORD = re.compile(r"(?<!\w)(?:hours|jam\s+kerja|jam\s+layanan)(?!\w)", re.IGNORECASE)
_ZONE = LazyPattern(
    r"(?<!\w)(?:WIB|WITA|WIT|UTC|GMT|SGT|CET|CEST|EST|EDT|PST|PDT|AEST|IST|JST|"
    r"local\s+time|waktu\s+setempat|[A-Z][a-z]+/[A-Z][a-z_]+)(?!\w)"
)
_SECONDS = {
    **dict.fromkeys(("s", "sec", "secs", "second", "seconds", "detik", "dtk"), 1),
    **dict.fromkeys(("m", "min", "mins", "minute", "minutes", "menit", "mnt"), 60),
    **dict.fromkeys(("h", "hr", "hrs", "hour", "hours", "jam"), 3600),
    **dict.fromkeys(("d", "day", "days", "hari"), 86400),
    **dict.fromkeys(("w", "wk", "wks", "week", "weeks", "minggu", "pekan"), 604800),
}
_WORD_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4}


@dataclass(frozen=True)
class Item:
    level: int
    start: int  # the time's words
    end: int
    seconds: Decimal
    clock: str | None  # "business", "calendar" or None
    kind: str  # "response" or "resolution"


@dataclass(frozen=True)
class Support:
    items: tuple[Item, ...]
    clock: str | None  # stated for the whole text
    round_the_clock: tuple[int, int] | None  # a sentence saying support as a whole is 24x7
    business_times: tuple[tuple[int, int], ...]  # every time on a business clock
    hours_without_zone: tuple[int, int] | None = None  # support hours with no time zone


def _clock(match: re.Match[str]) -> str | None:
    word = (match["clock"] or match["clock_id"] or "").lower()
    if word in ("business", "working", "kerja"):
        return "business"
    if word in ("calendar", "kalender"):
        return "calendar"
    return None


def _seconds(match: re.Match[str]) -> Decimal | None:
    number = match["number"].lower().replace(",", ".")
    unit = match["unit"].lower()
    if unit not in UNIT_WORDS or unit not in _SECONDS:
        return None
    value = Decimal(_WORD_NUMBERS[number]) if number in _WORD_NUMBERS else Decimal(number)
    return value * _SECONDS[unit]


def read(text: str, language: str) -> Support | None:
    del language  # the patterns hold both languages' words
    times = [m for m in PART.finditer(text) if _seconds(m) is not None]
    business = tuple((m.start(), m.end()) for m in times if _clock(m) == "business")
    levels = list(_LEVEL.finditer(text))
    stated = (
        "calendar"
        if _CALENDAR_TEXT.search(text)
        else "business"
        if _BUSINESS_TEXT.search(text)
        else None
    )
    items = []
    for index, level in enumerate(levels):
        end = levels[index + 1].start() if index + 1 < len(levels) else len(text)
        segment_times = [m for m in times if level.end() <= m.start() < end]
        next_day = _NEXT_DAY.search(text, level.end(), end)
        if not segment_times and next_day is None:
            continue
        if segment_times and (next_day is None or segment_times[0].start() < next_day.start()):
            time = segment_times[0]
            start, stop = time.start(), time.end()
            seconds = _seconds(time)
            clock = _clock(time)
        else:
            assert next_day is not None
            start, stop, seconds, clock = (
                next_day.start(),
                next_day.end(),
                Decimal(86400),
                ("business"),
            )
        if seconds is None:  # pragma: no cover - filtered above
            continue
        if clock is None and ROUND_THE_CLOCK.search(text, level.end(), end):
            clock = "calendar"
        kinds = list(_RESOLUTION.finditer(text, max(0, level.start() - 60), stop))
        kind = "resolution" if kinds else "response"
        number = int(level["n"] or level["p"])
        items.append(Item(number, start, stop, seconds, clock, kind))
    round_the_clock = None
    for start, end in full_sentences(text):
        if _LEVEL.search(text, start, end):
            continue
        support = _SUPPORT.search(text, start, end)
        whole = ROUND_THE_CLOCK.search(text, start, end)
        if support and whole:
            round_the_clock = (whole.start(), whole.end())
            break
    no_zone = None
    for start, end in full_sentences(text):
        if not (_SUPPORT.search(text, start, end) or _HOURS_WORD.search(text, start, end)):
            continue
        for hours in _HOURS_RANGE.finditer(text, start, end):
            if not _ZONE.search(text, hours.end(), min(end, hours.end() + 30)):
                no_zone = hours.span()
                break
        if no_zone:
            break
    if not items and round_the_clock is None and no_zone is None:
        return None
    return Support(tuple(items), stated, round_the_clock, business, no_zone)
