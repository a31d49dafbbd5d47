"""Values people write by hand in an agreement: percentages, durations, money, quantities,
downtime budgets and periods.

Each ``parse_*`` function takes what YAML hands over (text, a number, sometimes a mapping) and
returns exact values (:class:`~decimal.Decimal`, never float). Anything it cannot read raises
:class:`ValueError` with a short message for the person who wrote the file; the caller puts
``file:line:col`` in front of it. No other exception escapes, whatever the input, so a loader
can report every bad value instead of crashing on the first one.

The ``format_*`` functions and :meth:`Duration.describe` go the other way, writing values as an
English ("en") or Indonesian ("id") reader expects; the matching ``parse_*`` reads them back.
Each language's separators and words come from :mod:`sladoc.language`; words (units, clocks,
periods) are read in every language, separators as the agreement's language writes them.

Number conventions:

* percentages and durations use a decimal point; in a language with a decimal comma they also
  accept one ("99,95%" with ``decimal_comma=True``, "1,5 jam" with ``language="id"``);
* money and quantities may group thousands: "5,000.50" in English, "5.000,50" in Indonesian.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import (
    ROUND_HALF_EVEN,
    Context,
    Decimal,
    DivisionByZero,
    Inexact,
    InvalidOperation,
    Overflow,
    localcontext,
)
from functools import cache
from typing import Any

from sladoc.errors import closest
from sladoc.language import LANGUAGES, PERIODS, Clock, Language, Words, vocabulary
from sladoc.language import language as _language_named

__all__ = [
    "LANGUAGES",
    "PERIODS",
    "Clock",
    "Duration",
    "Money",
    "format_money",
    "format_number",
    "format_percent",
    "parse_budget",
    "parse_duration",
    "spell_duration",
    "parse_money",
    "parse_percent",
    "parse_period",
    "parse_window",
    "parse_quantity",
]

# Arithmetic on parsed values must be exact: a silently rounded duration would no longer be
# what the file says. Forty digits is far beyond any real agreement, so hitting the limit means
# the input is nonsense and deserves a message rather than a rounded answer.
_EXACT = Context(prec=40, traps=[Inexact, InvalidOperation, DivisionByZero, Overflow])

_PLAIN_DECIMAL = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_COMMA_DECIMAL = re.compile(r"[0-9]+,[0-9]+")
_DOT_THOUSANDS = re.compile(r"[0-9]{1,3}(?:\.[0-9]{3})+")


# --- messages ---------------------------------------------------------------------------


def _shown(value: object) -> str:
    """The value as the user wrote it, short enough to sit in a one-line message."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        # YAML 1.1 turns yes/no/on/off into booleans; without this hint "got true" is a riddle.
        return f"{str(value).lower()} (YAML reads yes/no/on/off as true/false; quote the value)"
    if isinstance(value, str):
        import json  # only for a message: not worth its import on every run (issue 21)

        return json.dumps(value if len(value) <= 40 else value[:37] + "...", ensure_ascii=False)
    if isinstance(value, int) and value.bit_length() > 128:
        return "a number with too many digits"  # str() refuses ints past ~4300 digits anyway
    if isinstance(value, (int, float, Decimal)):
        return str(value)
    if isinstance(value, Mapping):
        return "a mapping"
    if isinstance(value, (list, tuple)):
        return "a list"
    return f"a {type(value).__name__}"


def _fail(expected: str, value: object, detail: str = "") -> ValueError:
    message = f"expected {expected}, got {_shown(value)}"
    return ValueError(f"{message}: {detail}" if detail else message)


def _unknown(expected: str, value: object, near: str | None) -> ValueError:
    """A word that is none of the expected ones, with the nearest one suggested."""
    hint = f"; did you mean `{near}`?" if near else ""
    return ValueError(f"expected {expected}, got {_shown(value)}{hint}")


def _language(code: str) -> Language:
    if not isinstance(code, str) or code not in LANGUAGES:
        quoted = [f'"{known}"' for known in LANGUAGES]
        known = " and ".join((", ".join(quoted[:-1]), quoted[-1]))
        raise ValueError(f"unsupported language {_shown(code)}; sladoc knows {known}")
    return _language_named(code)


# --- numbers ----------------------------------------------------------------------------


def _number_from_python(value: object, expected: str) -> Decimal:
    """An int, Decimal or float (read through its shortest repr, so 99.95 stays 99.95)."""
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        raise _fail(expected, value)
    number = Decimal(str(value)) if isinstance(value, float) else Decimal(value)
    if not number.is_finite():
        raise _fail(expected, value, "not a finite number")
    return number


@cache
def _grouped_pattern(language: Language) -> re.Pattern[str]:
    """A number as ``language`` writes it, thousands grouped or not: "5,000.50", "5000.5"."""
    thousands, point = map(re.escape, (language.thousands_separator, language.decimal_separator))
    return re.compile(
        rf"[0-9]{{1,3}}(?:{thousands}[0-9]{{3}})+(?:{point}[0-9]+)?|[0-9]+(?:{point}[0-9]+)?"
    )


# "5.000" is five in English and five thousand in Indonesian (and "5,000" the other way
# round). Amounts and counts almost never have exactly three decimals, so such a number is
# far more likely a thousands separator from another language than a fraction.
@cache
def _ambiguous_pattern(language: Language) -> re.Pattern[str]:
    """Groups of three digits after the decimal separator, as in a thousands grouping."""
    return re.compile(rf"[0-9]{{1,3}}(?:{re.escape(language.decimal_separator)}[0-9]{{3}})+")


def _grouped_number(text: str, language: Language, expected: str, value: object) -> Decimal:
    """A number that may group thousands the way ``language`` writes them."""
    thousands, point = language.thousands_separator, language.decimal_separator
    if _grouped_pattern(language).fullmatch(text):
        if _ambiguous_pattern(language).fullmatch(text):
            grouped = text.replace(point, thousands)
            raise _fail(
                expected,
                value,
                f'"{text}" is ambiguous; write "{grouped}" for '
                f"{text.replace(point, '')}, or drop the trailing zeros for a fraction",
            )
        return Decimal(text.replace(thousands, "").replace(point, "."))
    for other in (_language_named(code) for code in LANGUAGES if code != language.code):
        if _grouped_pattern(other).fullmatch(text):
            # Written with the other language's marks: putting this one's in is the fix.
            marks = {other.thousands_separator: thousands, other.decimal_separator: point}
            rewritten = "".join(marks.get(character, character) for character in text)
            raise _fail(expected, value, f'write it as "{rewritten}"')
    raise _fail(expected, value, f"{_shown(text)} is not a number")


def _plain(number: Decimal) -> str:
    """Digits with a decimal point, no exponent and no trailing zeros ("5400.50" -> "5400.5")."""
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _localise(plain: str, language: Language) -> str:
    """Write a plain number ("-5000.5") with the separators of ``language`` ("-5,000.5")."""
    thousands, point = language.thousands_separator, language.decimal_separator
    sign = "-" if plain.startswith("-") else ""
    integer, _, fraction = plain.lstrip("-").partition(".")
    head = len(integer) % 3 or 3
    groups = [integer[:head]] + [integer[i : i + 3] for i in range(head, len(integer), 3)]
    return sign + thousands.join(groups) + (point + fraction if fraction else "")


def _round(number: Decimal, places: int) -> Decimal:
    # quantize() refuses results longer than the context precision, so make room for them
    context = Context(prec=max(28, number.adjusted() + places + 2), rounding=ROUND_HALF_EVEN)
    return number.quantize(Decimal(1).scaleb(-places), context=context)


def format_number(value: Decimal | int, language: str = "en", *, places: int | None = None) -> str:
    """Thousands separators, no trailing zeros: 5000 -> "5,000" (en) / "5.000" (id);
    99.95 -> "99.95" / "99,95". ``places`` rounds (half-even) to at most that many decimals."""
    number = _number_from_python(value, "a number")
    if places is not None:
        number = _round(number, places)
    return _localise(_plain(number), _language(language))


def format_percent(value: Decimal | int, language: str = "en", *, places: int | None = None) -> str:
    """99.95 -> "99.95%" (en) / "99,95%" (id)."""
    return format_number(value, language, places=places) + "%"


# --- percentages ------------------------------------------------------------------------

_PERCENT = 'a percentage such as "99.95%"'


@cache
def _percent_text(words: Words) -> re.Pattern[str]:
    """A percentage as text: "99.95%", "99,95 %", "99.9 percent", "99,9 persen"."""
    percent = "|".join(map(re.escape, words.percent))
    return re.compile(
        rf"(?P<minus>[-\u2212])?\s*(?P<number>[0-9.,]+)\s*(?:%|{percent})?", re.IGNORECASE
    )


def parse_percent(value: object, *, decimal_comma: bool = False) -> Decimal:
    """A percentage from 0 to 100: "99.95%", "99.95 %", "99.95", 99, Decimal("99.95").

    With ``decimal_comma`` (Indonesian) "99,95%" is read too; a dot is still accepted, since a
    percentage never needs a thousands separator.
    """
    percent = (
        _percent_from_text(value, decimal_comma)
        if isinstance(value, str)
        else _number_from_python(value, _PERCENT)
    )
    if percent < 0:
        raise _fail(_PERCENT, value, "a percentage cannot be negative")
    if percent > 100:
        raise _fail(_PERCENT, value, "that is over 100%")
    return percent


def _percent_from_text(text: str, decimal_comma: bool) -> Decimal:
    match = _percent_text(vocabulary()).fullmatch(text.strip())
    if match is None:
        raise _fail(_PERCENT, text)
    if match["minus"]:
        raise _fail(_PERCENT, text, "a percentage cannot be negative")
    number = match["number"]
    if _PLAIN_DECIMAL.fullmatch(number):
        return Decimal(number)
    if _COMMA_DECIMAL.fullmatch(number):
        if decimal_comma:
            return Decimal(number.replace(",", "."))
        dotted = number.replace(",", ".")
        raise _fail(_PERCENT, text, f'write the decimal point as a dot: "{dotted}%"')
    raise _fail(_PERCENT, text, f"{_shown(number)} is not a number")


# --- durations --------------------------------------------------------------------------

_SECONDS_IN = {"second": 1, "minute": 60, "hour": 3600, "day": 86400, "week": 604800}
# Months and years vary in length, so a promise in them is not one fixed duration.
# unit -> days in one, for the suggestion
_DAYS_IN = {"month": 30, "year": 365}

_DURATION = 'a duration such as "4 business hours" or "30 minutes"'
_DURATION_TOKEN = re.compile(
    r"(?P<number>[0-9]+(?:[.,][0-9]+)*)|(?P<word>[^\W\d_]+)|(?P<separator>[,&+])|(?P<other>\S)"
)
_ISO_START = re.compile(r"P[0-9T]", re.IGNORECASE)
_ISO_NUMBER = r"[0-9]+(?:[.,][0-9]+)?"
_ISO_DURATION = re.compile(
    rf"P(?:(?P<years>{_ISO_NUMBER})Y)?(?:(?P<months>{_ISO_NUMBER})M)?"
    rf"(?:(?P<week>{_ISO_NUMBER})W)?(?:(?P<day>{_ISO_NUMBER})D)?"
    rf"(?:T(?=[0-9])(?:(?P<hour>{_ISO_NUMBER})H)?(?:(?P<minute>{_ISO_NUMBER})M)?"
    rf"(?:(?P<second>{_ISO_NUMBER})S)?)?",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Duration:
    """A length of time on a stated clock.

    ``seconds`` counts seconds of that clock, and a day is 24 hours of it: "5 business days" is
    120 business hours. Turning business time into wall-clock time needs the business hours an
    agreement defines, which is not this module's business.

    Ordering compares seconds only, so a checker can ask whether a response time is within a
    limit. Equality also needs the same clock: "4 business hours" and "4 hours" are different
    promises.
    """

    seconds: Decimal
    clock: Clock | None = None  # None: the text did not say

    def __post_init__(self) -> None:
        if not isinstance(self.seconds, Decimal) or not self.seconds.is_finite():
            raise ValueError(
                f"a duration needs a finite Decimal number of seconds, got {_shown(self.seconds)}"
            )
        if self.seconds < 0:
            raise ValueError("a duration cannot be negative")
        if self.clock not in ("business", "calendar", None):
            raise ValueError(f'a clock is "business" or "calendar", got {_shown(self.clock)}')

    def __lt__(self, other: object) -> bool:
        return self.seconds < other.seconds if isinstance(other, Duration) else NotImplemented

    def __le__(self, other: object) -> bool:
        return self.seconds <= other.seconds if isinstance(other, Duration) else NotImplemented

    def __gt__(self, other: object) -> bool:
        return self.seconds > other.seconds if isinstance(other, Duration) else NotImplemented

    def __ge__(self, other: object) -> bool:
        return self.seconds >= other.seconds if isinstance(other, Duration) else NotImplemented

    def __str__(self) -> str:
        return self.describe("en")

    def describe(self, language: str = "en") -> str:
        """A normalised phrase in days, hours, minutes and seconds that
        :func:`parse_duration` reads back: "4 business hours", "1 hour 30 minutes",
        "2 days"; Indonesian "4 jam kerja", "1 jam 30 menit"."""
        written_in = _language(language)
        whole = int(self.seconds)
        amounts: list[tuple[Decimal, str]] = []
        for unit in ("day", "hour", "minute"):
            how_many, whole = divmod(whole, _SECONDS_IN[unit])
            if how_many:
                amounts.append((Decimal(how_many), unit))
        rest = whole + (self.seconds - int(self.seconds))
        if rest or not amounts:
            amounts.append((rest, "second"))
        phrases = []
        for index, (count, unit) in enumerate(amounts):
            singular, plural = written_in.duration_names[unit]
            number = _plain(count).replace(".", written_in.decimal_separator)
            noun = singular if count == 1 else plural
            clock = written_in.clock_names[self.clock] if index == 0 and self.clock else ""
            # English names the clock before the unit ("4 business hours"), Indonesian after
            # it ("4 jam kerja"); the parser reads both orders.
            phrase = (
                (number, clock, noun) if written_in.clock_before_unit else (number, noun, clock)
            )
            phrases.append(" ".join(part for part in phrase if part))
        return " ".join(phrases)


def spell_duration(seconds: Decimal, language: str = "en", *, places: int = 0) -> str:
    """A length of time as a contract writes it, in words: "21 minutes 55 seconds",
    "1 day 19 hours 49 minutes 48 seconds"; Indonesian "21 menit 55 detik". Rounded
    (half-even) to whole seconds unless ``places`` asks for decimals of a second. The
    uptime tables of the checker keep their short units (:func:`sla_math.format_duration`)."""
    rounded = _round(_number_from_python(seconds, "a duration"), places)
    return Duration(rounded).describe(language)


def parse_duration(value: object, *, language: str = "en") -> Duration:
    """A duration: "1 hour", "4 business hours", "30 min", "5 business days", "1h30m", "90s",
    "2 weeks", ISO 8601 "PT4H", "P2D", "P1W"; Indonesian "30 menit", "4 jam kerja", "3 hari
    kerja" (read whatever ``language`` says). "1.5 hours" works; "1,5 jam" needs language "id".
    Months and years are refused: their length varies."""
    written_in = _language(language)
    if not isinstance(value, str):
        if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
            raise _fail(_DURATION, value, f'a duration needs a unit, as in "{value} minutes"')
        raise _fail(_DURATION, value)
    text = value.strip()
    if not text:
        raise _fail(_DURATION, value, "the value is empty")
    if ":" in text:
        raise _fail(
            _DURATION,
            value,
            "that is ambiguous (YAML 1.1 even reads 1:30 as 90); "
            'write "1 hour 30 minutes" or "1 minute 30 seconds"',
        )
    if text[0] in "-\u2212":
        raise _fail(_DURATION, value, "a duration cannot be negative")
    if _ISO_START.match(text):
        return _duration_from_iso(text, value)
    return _duration_from_words(text, value, written_in)


def _duration_from_iso(text: str, value: str) -> Duration:
    match = _ISO_DURATION.fullmatch(text)
    if match is None or not any(match.groupdict().values()):
        raise _fail(_DURATION, value, 'not a valid ISO 8601 duration such as "PT4H"')
    if match["years"] or match["months"]:
        raise _fail(_DURATION, value, 'months and years vary in length; write days, e.g. "P30D"')
    total = Decimal(0)
    try:
        with localcontext(_EXACT):
            for unit, seconds in _SECONDS_IN.items():
                if match[unit]:
                    total += Decimal(match[unit].replace(",", ".")) * seconds
    except ArithmeticError:
        raise _fail(_DURATION, value, "that number has too many digits") from None
    return Duration(total)


def _duration_from_words(text: str, value: str, language: Language) -> Duration:
    words = vocabulary()
    tokens = [(m.lastgroup, m[0]) for m in _DURATION_TOKEN.finditer(text)]
    total = Decimal(0)
    clocks: set[Clock] = set()
    position = 0

    def word_at(index: int) -> str | None:
        """The word at ``index`` in lower case, for looking up; None if it is not a word."""
        if index < len(tokens) and tokens[index][0] == "word":
            return tokens[index][1].lower()
        return None

    while position < len(tokens):
        kind, number_text = tokens[position]
        if kind != "number":
            raise _fail(_DURATION, value, f"a number must come before {_shown(number_text)}")
        amount = _duration_amount(number_text, language, value)
        position += 1
        clock_word = word_at(position)
        if clock_word is not None and clock_word in words.clock_before:
            clocks.add(words.clock_before[clock_word])
            position += 1
        unit_word = word_at(position)
        if unit_word is None:
            raise _fail(
                _DURATION,
                value,
                f'{_shown(number_text)} needs a unit, as in "{number_text} minutes"',
            )
        if unit_word in words.variable_units:
            days = amount * _DAYS_IN[words.variable_units[unit_word]]
            raise _fail(
                _DURATION,
                value,
                f'months and years vary in length; write days, e.g. "{_plain(days)} days"',
            )
        if unit_word not in words.units:
            raise _fail(
                _DURATION,
                value,
                f"{_shown(tokens[position][1])} is not a unit; use "
                "seconds, minutes, hours, days or weeks",
            )
        unit, implied_clock = words.units[unit_word]
        if implied_clock:
            clocks.add(implied_clock)
        position += 1
        clock_word = word_at(position)
        if clock_word is not None and clock_word in words.clock_after:
            clocks.add(words.clock_after[clock_word])
            position += 1
        try:
            with localcontext(_EXACT):
                total += amount * _SECONDS_IN[unit]
        except ArithmeticError:
            raise _fail(_DURATION, value, "that number has too many digits") from None
        if position < len(tokens) and (
            tokens[position][0] == "separator" or word_at(position) in words.and_words
        ):
            position += 1
            if position == len(tokens):
                raise _fail(_DURATION, value, f"nothing follows {_shown(tokens[-1][1])}")
    if len(clocks) > 1:
        raise _fail(_DURATION, value, "it mixes business and calendar time")
    return Duration(total, clocks.pop() if clocks else None)


def _duration_amount(text: str, language: Language, value: str) -> Decimal:
    # A decimal point is read in every language; a decimal comma where the language writes one.
    if _PLAIN_DECIMAL.fullmatch(text):
        if language.thousands_separator == "." and _DOT_THOUSANDS.fullmatch(text):
            whole, fraction = text.split(".")
            raise _fail(
                _DURATION,
                value,
                f"in {language.name} {_shown(text)} could mean {whole}{fraction} or "
                f"{whole}{language.decimal_separator}{fraction}; write one of those",
            )
        return Decimal(text)
    if _COMMA_DECIMAL.fullmatch(text):
        if language.decimal_comma:
            return Decimal(text.replace(",", "."))
        dotted = text.replace(",", ".")
        raise _fail(
            _DURATION, value, f'write decimals with a dot ("{dotted}") and no thousands separators'
        )
    raise _fail(_DURATION, value, f"{_shown(text)} is not a number")


# --- money ------------------------------------------------------------------------------

_MONEY = 'an amount of money such as "5000 USD"'
_ISO_CURRENCY = re.compile(r"[A-Z]{3}")


@cache
def _money_text(words: Words) -> re.Pattern[str]:
    """Money as text: a number with a currency code, a word or a symbol before or after it."""
    symbols = sorted(
        (symbol for symbol in words.currency_symbols if not symbol.isalpha()),
        key=len,
        reverse=True,
    )
    marks = "".join(f"|{re.escape(symbol)}" for symbol in symbols)
    return re.compile(
        rf"(?P<before>[^\W\d_]+\.?{marks})?\s*(?P<number>[0-9][0-9.,]*)\s*"
        rf"(?P<after>[^\W\d_]+{marks})?"
    )


@dataclass(frozen=True)
class Money:
    """An amount in one currency; ``currency`` is a 3-letter ISO 4217 code in capitals."""

    amount: Decimal
    currency: str

    def __post_init__(self) -> None:
        if not isinstance(self.amount, Decimal) or not self.amount.is_finite():
            raise ValueError(
                f"an amount of money must be a finite Decimal, got {_shown(self.amount)}"
            )
        if self.amount < 0:
            raise ValueError("an amount of money cannot be negative")
        if not isinstance(self.currency, str) or not (
            self.currency.isascii() and _ISO_CURRENCY.fullmatch(self.currency)
        ):
            raise ValueError(
                f'a currency is a 3-letter ISO code such as "USD", got {_shown(self.currency)}'
            )

    def __str__(self) -> str:
        return format_money(self, "en")


def format_money(money: Money, language: str = "en") -> str:
    """English puts the code after the amount ("5,000 USD", "5,000.50 USD"); Indonesian puts
    it first, as Indonesian contracts do ("IDR 5.000.000", "USD 5.000,50"). Whole amounts have
    no decimals; others at least two, so cents read as cents. :func:`parse_money` reads both."""
    written_in = _language(language)
    integer, _, fraction = _plain(money.amount).partition(".")
    plain = f"{integer}.{fraction.ljust(2, '0')}" if fraction else integer
    amount = _localise(plain, written_in)
    return written_in.money_format.format(amount=amount, currency=money.currency)


def parse_money(value: object, *, language: str = "en") -> Money:
    """Money: "5000 USD", "USD 5000", "$5,000" ($, €, £ and Rp stand for USD, EUR, GBP and
    IDR), "5,000.50 USD", {"amount": 5000, "currency": "USD"}; with language "id"
    "Rp 5.000.000" and "5.000.000,50 IDR"."""
    written_in = _language(language)
    if isinstance(value, Mapping):
        return _money_from_mapping(value, written_in)
    if isinstance(value, str):
        return _money_from_text(value, written_in)
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        raise _fail(_MONEY, value, f'no currency; write it like "{value} USD"')
    raise _fail(_MONEY, value)


def _money_from_text(text: str, language: Language) -> Money:
    if "-" in text or "\u2212" in text:
        raise _fail(_MONEY, text, "an amount of money cannot be negative")
    match = _money_text(vocabulary()).fullmatch(text.strip())
    if match is None:
        raise _fail(_MONEY, text)
    amount = _grouped_number(match["number"], language, _MONEY, text)
    currencies = {_currency(marker, text) for marker in (match["before"], match["after"]) if marker}
    if not currencies:
        raise _fail(_MONEY, text, 'no currency; add a 3-letter ISO code such as "USD"')
    if len(currencies) > 1:
        raise _fail(_MONEY, text, "it names two different currencies")
    return Money(amount, currencies.pop())


def _currency(marker: str, value: object) -> str:
    code = marker.rstrip(".").upper()
    symbols = vocabulary().currency_symbols
    if code in symbols:
        return symbols[code]
    if marker.isascii() and _ISO_CURRENCY.fullmatch(code):
        return code
    raise _fail(
        _MONEY, value, f'{_shown(marker)} is not a currency; use a 3-letter ISO code such as "USD"'
    )


def _money_from_mapping(mapping: Mapping[Any, Any], language: Language) -> Money:
    unknown = [key for key in mapping if key not in ("amount", "currency")]
    if unknown:
        names = ", ".join(_shown(key) for key in unknown)
        raise _fail(_MONEY, mapping, f'unexpected {names}; use only "amount" and "currency"')
    if "amount" not in mapping or "currency" not in mapping:
        raise _fail(_MONEY, mapping, 'it needs both "amount" and "currency"')
    amount, currency = mapping["amount"], mapping["currency"]
    if isinstance(amount, str):
        if "-" in amount or "\u2212" in amount:
            raise _fail(_MONEY, amount, "an amount of money cannot be negative")
        number = _grouped_number(amount.strip(), language, _MONEY, amount)
    else:
        number = _number_from_python(amount, _MONEY)
        if number < 0:
            raise _fail(_MONEY, amount, "an amount of money cannot be negative")
    if not isinstance(currency, str):
        raise _fail('a currency code such as "USD"', currency)
    return Money(number, _currency(currency.strip(), currency))


# --- quantities -------------------------------------------------------------------------

_QUANTITY = 'a quantity such as "100 leads"'
_QUANTITY_TEXT = re.compile(r"(?P<number>[0-9][0-9.,]*)\s*(?P<unit>(?:[^\W\d_]|%).*)?", re.DOTALL)


def parse_quantity(value: object, *, language: str = "en") -> tuple[Decimal, str]:
    """A count with an optional unit: "100 leads" -> (100, "leads"), 100 -> (100, ""),
    "50 reams", "1,000 qualified leads" (thousands grouped as ``language`` writes them)."""
    written_in = _language(language)
    if not isinstance(value, str):
        number = _number_from_python(value, _QUANTITY)
        if number < 0:
            raise _fail(_QUANTITY, value, "a quantity cannot be negative")
        return number, ""
    if value.strip().startswith(("-", "\u2212")):
        raise _fail(_QUANTITY, value, "a quantity cannot be negative")
    match = _QUANTITY_TEXT.fullmatch(value.strip())
    if match is None:
        raise _fail(_QUANTITY, value)
    number = _grouped_number(match["number"], written_in, _QUANTITY, value)
    return number, " ".join((match["unit"] or "").split())


# --- periods and downtime budgets -------------------------------------------------------

_PERIOD = "a period (day, week, month, quarter or year)"


def parse_period(value: object) -> str:
    """One of :data:`PERIODS` from "month", "months", "monthly", "bulan", "bulanan", ..."""
    if not isinstance(value, str):
        raise _fail(_PERIOD, value)
    words = vocabulary()
    text = " ".join(value.lower().split())
    first, _, rest = text.partition(" ")
    if rest and first in words.per:  # "per month", "every week", "per tahun", "setiap bulan"
        text = rest
    period = words.periods.get(text)
    if period is None:
        raise _unknown(_PERIOD, value, closest(text, list(words.periods)))
    return period


_WINDOW = "a measurement window (calendar month, billing month, quarter or year)"


def parse_window(value: object) -> str:
    """One of :data:`~sladoc.language.WINDOWS` from "calendar month", "bulan kalender",
    "triwulan", ..."""
    if not isinstance(value, str):
        raise _fail(_WINDOW, value)
    words = vocabulary().windows
    window = words.get(" ".join(value.lower().split()))
    if window is None:
        raise _unknown(_WINDOW, value, closest(value.lower(), list(words)))
    return window


_BUDGET = 'a downtime allowance with its period, such as "52 minutes a month"'


@cache
def _budget_text(words: Words) -> re.Pattern[str]:
    """An allowance, then "/" or a word such as "per", then the period's word."""
    per = "|".join(map(re.escape, words.per))
    return re.compile(
        rf"(?P<allowance>.*?)\s*(?:/|\b(?:{per})\b)?\s*(?P<period>[^\W\d_]+)",
        re.DOTALL | re.IGNORECASE,
    )


def parse_budget(text: object, *, language: str = "en") -> tuple[Duration, str]:
    """A downtime allowance and its period: "31s per year", "52 minutes a month",
    "8 h 45 m 57.6 s per year", "43m50s/month", "8 jam per bulan", "4 menit per tahun"."""
    _language(language)
    if not isinstance(text, str):
        raise _fail(_BUDGET, text)
    match = _budget_text(vocabulary()).fullmatch(text.strip())
    if match is None or not match["allowance"]:
        raise _fail(_BUDGET, text)
    # Check the period first: in "4 minutes" the last word is a unit, and saying the period is
    # missing is more helpful than complaining that "4" has no unit.
    if match["period"].lower() not in vocabulary().periods:
        raise _fail(_BUDGET, text, "end it with a period: per day, week, month, quarter or year")
    return parse_duration(match["allowance"], language=language), parse_period(match["period"])
