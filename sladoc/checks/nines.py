"""Reading uptime figures out of prose: percentages (also mistyped ones), "five nines",
downtime allowances such as "31 seconds per year" or "8 jam per bulan", and whether an
allowance is the one its percentage gives.

The arithmetic is :mod:`sladoc.agreement.sla_math`'s; this module only finds the figures in text and
decides what counts as "the same" figure: any usual month (28 to 31 days, 30-day, or a
twelfth of a 365 or 365.25-day year) or year (365, 365.25, 366 days), and a stated figure that
is the exact one rounded or cut off to the precision it is written with ("just over 5
minutes" for 5 m 15.6 s; "43 m 50 s" for 43 m 49.8 s).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from sladoc.agreement import sla_math
from sladoc.agreement.values import parse_duration, parse_period
from sladoc.checks.lazy import LazyPattern

# --- percentages --------------------------------------------------------------------------

# Cheap first looks (lower case): text with none of these cannot hold a percentage, and
# text with none of the second cannot name an availability figure.
MAY_HOLD_PERCENT = ("%", "percent", "per cent", "persen", "0.9", "0,9")
MAY_NAME_AVAILABILITY = ("%", "percent", "per cent", "persen", "nine", "sembilan")

PERCENT_TOKEN = re.compile(
    r"(?<![\w.,])(?P<number>\d+(?:[.,]\d+)*)(?P<sign>\s?%|\s?(?:per\s?cent|percent|persen)"
    r"(?!\w))",
    re.IGNORECASE,
)
AVAILABILITY_WORDS = LazyPattern(
    r"(?<!\w)(?:uptime|up-time|availability|available|downtime|down-time|outages?|nines?|"
    r"ketersediaan|tersedia|waktu\s+aktif|waktu\s+henti|sembilan)(?!\w)",
    re.IGNORECASE,
)
# A sentence ends at . ! ? before a capital letter (so "i.e. 52 minutes" and "99.9%" do not
# end one), at a semicolon, or at a blank line.
SENTENCE_END = re.compile(r"[.!?]\s+(?=[A-Z\u00C0-\u024F])|;|\n\s*\n")

_COUNT_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "satu": 1,
    "dua": 2,
    "tiga": 3,
    "empat": 4,
    "lima": 5,
    "enam": 6,
    "tujuh": 7,
    "delapan": 8,
}
_NINES = re.compile(
    r"(?<!\w)(?P<count>one|two|three|four|five|six|seven|eight|nine|[1-9])"
    r"(?P<half>[\s-]+and[\s-]+a[\s-]+half)?[\s-]+nines?(?!\w)"
    r"|(?<!\w)(?P<count_id>satu|dua|tiga|empat|lima|enam|tujuh|delapan|[1-9])"
    r"(?P<half_id>\s+setengah)?\s+(?:angka\s+)?sembilan(?!\w)",
    re.IGNORECASE,
)


def nines_percent(count: int, half: bool = False) -> Decimal:
    """3 -> 99.9, 3 and a half -> 99.95: n nines leave 10^(2-n) percent, a half leaves half."""
    shortfall = Decimal(5).scaleb(1 - count) if half else Decimal(1).scaleb(2 - count)
    return 100 - shortfall


@dataclass(frozen=True)
class PercentToken:
    start: int
    end: int
    number: str  # the digits and separators as written
    value: Decimal | None  # None when the number is malformed ("99.99.9")


def percent_tokens(text: str, language: str) -> Iterator[PercentToken]:
    for match in PERCENT_TOKEN.finditer(text):
        number = match["number"]
        yield PercentToken(match.start(), match.end(), number, read_number(number, language))


def read_number(number: str, language: str) -> Decimal | None:
    """A number as a person writes a percentage: one "." or "," as the decimal mark
    (English "1,000" groups thousands); two marks or more is malformed."""
    marks = [c for c in number if c in ".,"]
    if len(marks) > 1:
        return None
    if marks == [","] and language == "en" and re.fullmatch(r"\d{1,3},\d{3}", number):
        return Decimal(number.replace(",", ""))
    try:
        return Decimal(number.replace(",", "."))
    except InvalidOperation:  # pragma: no cover - the pattern admits digits and marks only
        return None


@dataclass(frozen=True)
class Mention:
    """An availability figure in prose: "99.9%", "five nines", "empat sembilan"."""

    start: int
    end: int
    percent: Decimal


def availability_mentions(text: str, language: str) -> list[Mention]:
    found = [
        Mention(t.start, t.end, t.value)
        for t in percent_tokens(text, language)
        if t.value is not None and 90 <= t.value <= 100
    ]
    for match in _NINES.finditer(text):
        word = (match["count"] or match["count_id"]).lower()
        count = _COUNT_WORDS.get(word) or int(word)
        found.append(
            Mention(
                match.start(),
                match.end(),
                nines_percent(count, bool(match["half"] or match["half_id"])),
            )
        )
    return sorted(found, key=lambda m: m.start)


# --- downtime allowances --------------------------------------------------------------------

_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "forty-five": 45,
    "fifty": 50,
    "sixty": 60,
    "ninety": 90,
    "satu": 1,
    "dua": 2,
    "tiga": 3,
    "empat": 4,
    "lima": 5,
    "enam": 6,
    "tujuh": 7,
    "delapan": 8,
    "sembilan": 9,
    "sepuluh": 10,
    "sebelas": 11,
    "dua belas": 12,
    "lima belas": 15,
    "dua puluh": 20,
    "tiga puluh": 30,
    "empat puluh": 40,
    "empat puluh lima": 45,
    "lima puluh": 50,
    "enam puluh": 60,
}
_UNIT_SECONDS = {
    **dict.fromkeys(("s", "sec", "secs", "second", "seconds", "detik", "dtk"), 1),
    **dict.fromkeys(("m", "min", "mins", "minute", "minutes", "menit", "mnt"), 60),
    **dict.fromkeys(("h", "hr", "hrs", "hour", "hours", "jam"), 3600),
    **dict.fromkeys(("d", "day", "days", "hari"), 86400),
    **dict.fromkeys(("w", "wk", "wks", "week", "weeks", "minggu", "pekan"), 604800),
}
UNIT_WORDS = frozenset(_UNIT_SECONDS)
_PERIOD_WORDS = (
    "day",
    "days",
    "week",
    "month",
    "quarter",
    "year",
    "annum",
    "hari",
    "minggu",
    "pekan",
    "bulan",
    "kuartal",
    "triwulan",
    "tahun",
)
_PERIOD_ADVERBS = (
    "daily",
    "weekly",
    "monthly",
    "quarterly",
    "yearly",
    "annually",
    "sehari",
    "seminggu",
    "sepekan",
    "sebulan",
    "setahun",
    "harian",
    "mingguan",
    "bulanan",
    "tahunan",
)


def _alternation(words: Iterable[str]) -> str:
    return "|".join(
        r"\s+".join(map(re.escape, w.split())) for w in sorted(words, key=len, reverse=True)
    )


# a number word needs a word boundary after it ("nines" is not "nine s"); digits do not ("5m")
_NUMBER = rf"\d+(?:[.,]\d+)?|(?:{_alternation(_NUMBER_WORDS)})(?!\w)"
_CLOCK = r"business|working|calendar"
_PART = (
    rf"(?P<number>{_NUMBER})\s*(?:(?P<clock>{_CLOCK})\s+)?"
    rf"(?P<unit>{_alternation(_UNIT_SECONDS)})(?:\s+(?P<clock_id>kerja|kalender))?(?!\w)"
)
PART = LazyPattern(_PART, re.IGNORECASE)
_PART_PLAIN = re.sub(r"\(\?P<\w+>", "(?:", _PART)
BUDGET = LazyPattern(
    rf"(?<![\w.,])(?P<duration>(?:{_PART_PLAIN})(?:\s*(?:,|&|\+|\band\b|\bdan\b)?\s*"
    rf"(?:{_PART_PLAIN}))*)"
    r"(?P<downtime>\s*(?:of\s+)?(?:(?:allowed|permitted|scheduled|unscheduled|planned|"
    r"unplanned|total|cumulative|aggregate|and|or)\s+){0,4}(?:downtime|down-time|"
    r"unavailability|outages?|interruptions?|service\s+interruptions?|Downtime|"
    r"waktu\s+henti(?:\s+(?:tidak\s+)?(?:terencana|terjadwal))?|gangguan|"
    r"henti\s+layanan))?"
    rf"(?:\s*(?:(?:per|a|an|each|every|in\s+(?:a|any|each|every|one|any\s+one|any\s+given)|"
    rf"over\s+(?:a|any|each)|for\s+(?:a|each)|/|setiap|tiap|dalam|selama)\s*"
    rf"(?:(?:satu|calendar|billing|contract|single|given)\s+)?"
    rf"(?P<period>{_alternation(_PERIOD_WORDS)})|(?P<adverb>per\s+annum|"
    rf"{_alternation(_PERIOD_ADVERBS)}))(?!\w))?",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Budget:
    """A downtime allowance in prose: its span, seconds, precision and period (None when
    the words do not say)."""

    start: int
    end: int
    seconds: Decimal
    precision: Decimal  # seconds of the last figure's last digit: "52 minutes" -> 60
    period: str | None
    says_downtime: bool = False  # "5 minutes of downtime"


def read_allowance(duration_text: str, language: str) -> tuple[Decimal, Decimal] | None:
    """(seconds, precision) of "8 h 45 m 57.6 s", "just over five minutes" (the number words
    read as digits), "1,5 jam"; None if it is not a duration."""
    parts = list(PART.finditer(duration_text))
    if not parts:
        return None
    words = []
    for part in parts:
        number = part["number"].lower()
        number = str(_NUMBER_WORDS.get(" ".join(number.split()), number))
        clock = part["clock"] or ""
        words.append(
            " ".join(w for w in (number, clock, part["unit"], part["clock_id"] or "") if w)
        )
    text = " ".join(words)
    duration = None
    for lang in (language, "id" if language == "en" else "en"):
        try:
            duration = parse_duration(text, language=lang)
            break
        except ValueError:
            continue
    if duration is None:
        return None
    last = parts[-1]
    digits = last["number"].replace(",", ".")
    decimals = len(digits.split(".")[1]) if "." in digits else 0
    unit = Decimal(_UNIT_SECONDS[last["unit"].lower()])
    return duration.seconds, unit.scaleb(-decimals)


def budgets(text: str, language: str) -> list[Budget]:
    found = []
    for match in BUDGET.finditer(text):
        read = read_allowance(match["duration"], language)
        if read is None:
            continue
        period_word = match["period"]
        if period_word is None and match["adverb"]:
            period_word = match["adverb"].split()[-1]  # "per annum" -> "annum"
        period = None
        if period_word:
            try:
                period = parse_period(period_word)
            except ValueError:
                period = None
        found.append(
            Budget(match.start(), match.end(), read[0], read[1], period, bool(match["downtime"]))
        )
    return found


# --- is the allowance the percentage's? --------------------------------------------------

_MONTHS = [
    sla_math.Convention(year_days=Decimal(y), month=m)
    for y in ("365.25", "365")
    for m in ("average",)
] + [sla_math.Convention(month=m) for m in (28, 29, 30, 31)]
_YEARS = [sla_math.Convention(year_days=Decimal(y)) for y in ("365.25", "365", "366")]


@lru_cache(maxsize=1024)
def expected_budgets(percent: Decimal, period: str) -> tuple[Decimal, ...]:
    """The allowance in seconds under every convention a document may reasonably use."""
    if period == "month":
        return tuple(sla_math.downtime_budget(percent, "month", c) for c in _MONTHS)
    if period == "year":
        return tuple(sla_math.downtime_budget(percent, "year", c) for c in _YEARS)
    if period == "quarter":
        per_day = sla_math.downtime_budget(percent, "day")
        quarters = tuple(sla_math.downtime_budget(percent, "quarter", c) for c in _YEARS[:2])
        return quarters + tuple(per_day * days for days in (90, 91, 92))
    return (sla_math.downtime_budget(percent, period),)


def consistent(percent: Decimal, seconds: Decimal, precision: Decimal, period: str) -> bool:
    """True when ``seconds`` (written to ``precision``) is ``percent``'s allowance rounded or
    cut off, under some convention, or within 1% of it."""
    for expected in expected_budgets(percent, period):
        if seconds - precision / 2 <= expected < seconds + precision:
            return True
        if expected and abs(seconds - expected) <= expected / 100:
            return True
    return False


def really(seconds: Decimal, precision: Decimal, period: str) -> tuple[Decimal, str]:
    """The availability an allowance really gives: (percent, how to say it), naming the
    nines when the allowance is a nines figure ("99.9999% (six nines)")."""
    for count in range(1, 10):
        for half in (False, True):
            percent = nines_percent(count, half)
            if consistent(percent, seconds, precision, period):
                return percent, f"{shown_percent(percent)}% ({sla_math.count_nines(percent)})"
    try:
        percent = sla_math.availability_for(seconds, period)
    except ValueError:
        return Decimal(0), f"more downtime than a whole {period}"
    return percent, f"{shown_percent(percent)}%"


def shown_percent(percent: Decimal) -> str:
    """Enough decimals to tell the nines apart: 99.99990177 -> 99.99990, 98.9 -> 98.9."""
    shortfall = 100 - percent
    if shortfall <= 0:
        return "100"
    places = max(1, -shortfall.adjusted() + 1)
    text = f"{percent.quantize(Decimal(1).scaleb(-places)):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def describe_budget(percent: Decimal, period: str) -> str:
    """ "43 m 49.8 s per month (average month of 30.4375 days; 43 m 12 s with 30 days)"."""
    main = sla_math.format_duration(sla_math.downtime_budget(percent, period))
    if period == "month":
        thirty = sla_math.format_duration(
            sla_math.downtime_budget(percent, "month", sla_math.Convention(month="30-day"))
        )
        return f"{main} per month (a twelfth of a 365.25-day year; {thirty} with 30 days)"
    if period in ("year", "quarter"):
        short = sla_math.format_duration(
            sla_math.downtime_budget(percent, period, sla_math.Convention(year_days=Decimal(365)))
        )
        return f"{main} per {period} (365.25-day year; {short} with 365 days)"
    return f"{main} per {period}"


# What may stand between a percentage and the allowance it is: "99.999% is 31 seconds",
# "99.9% (43 minutes", "five nines, i.e. 26 seconds", "99,9% berarti 43 menit".
_EQUATES = LazyPattern(
    r"\s*(?:[(:=,\u2013\u2014-]|\b(?:is|are|means|equals|or|i\.e\.|that\s+is|which\s+is|"
    r"allows|berarti|yaitu|adalah|atau|sama\s+dengan|setara\s+dengan)\b|\s)*",
    re.IGNORECASE,
)


def equates(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` only joins a percentage to its allowance."""
    return _EQUATES.fullmatch(text, start, end) is not None


def sentence_bounds(text: str) -> list[int]:
    return [m.start() for m in SENTENCE_END.finditer(text)]


def same_sentence(bounds: list[int], start: int, end: int) -> bool:
    return not any(start <= b < end for b in bounds)
