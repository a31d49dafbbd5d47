"""The scalar types of the agreement format and the base of its models: text, ids, e-mail
addresses, percentages, durations, money, periods, targets and terms as the author writes
them, each converted where the model reads it. :mod:`.model` (the agreement) and
:mod:`.general` (its general clauses) are built from these.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import cache, lru_cache
from typing import Annotated, Any, Literal, cast

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    PlainSerializer,
    PlainValidator,
    ValidationInfo,
    WithJsonSchema,
)

from sladoc.agreement.values import (
    PERIODS,
    Duration,
    Money,
    format_money,
    format_number,
    format_percent,
    parse_duration,
    parse_money,
    parse_percent,
    parse_period,
    parse_quantity,
)
from sladoc.errors import closest
from sladoc.language import DEFAULT, LANGUAGES, Language, Words, vocabulary
from sladoc.language import language as _language_named


def _language(info: ValidationInfo) -> Language:
    """The agreement's language, which ``validate`` checks first and passes as context. The
    fields fall back to the default language when it is missing or unknown, so a wrong
    `language` is one error, not one more for every value read with it."""
    code = (info.context or {}).get("language", DEFAULT)
    return _language_named(code if isinstance(code, str) and code in LANGUAGES else DEFAULT)


def language_problem(value: object) -> str | None:
    """What is wrong with a `language` value, or None when it is one of :data:`LANGUAGES`."""
    if isinstance(value, str) and value in LANGUAGES:
        return None
    quoted = [f"'{code}'" for code in LANGUAGES]
    expected = " or ".join((", ".join(quoted[:-1]), quoted[-1]))
    return f"expected {expected}, got {describe_value(value)}{did_you_mean(str(value), LANGUAGES)}"


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """The hint '; did you mean `x`?' for the choice nearest ``word``, or "" if none is."""
    close = closest(word, choices)
    return f"; did you mean `{close}`?" if close else ""


# --- scalar types -----------------------------------------------------------------------

# Characters XML (so DOCX) cannot hold and PDF text should never carry.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")


def _text(value: Any) -> str:
    if isinstance(value, bool) or isinstance(value, (dict, list)):
        raise ValueError(f"expected text, got {describe_value(value)}")
    if isinstance(value, (int, float, Decimal)):
        value = str(value)
    if not isinstance(value, str):
        raise ValueError(f"expected text, got {describe_value(value)}")
    # A carriage return written as an escape ("\r") is a line break like any other.
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    bad = _ILLEGAL.search(text)
    if bad:
        raise ValueError(
            f"contains the control character U+{ord(bad.group()):04X}, which a "
            "document cannot hold; remove it"
        )
    text = text.strip()
    if not text:
        raise ValueError("must not be empty")
    return text


def describe_value(value: Any) -> str:
    """How messages show a value the author wrote: short, quoted, or its shape."""
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    text = str(value)
    return f'"{text[:60]}…"' if len(text) > 60 else f'"{text}"'


Text = Annotated[str, BeforeValidator(_text), WithJsonSchema({"type": "string", "minLength": 1})]
"""Non-empty text, as written (surrounding whitespace trimmed)."""


def _language_code(value: Any) -> str:
    problem = language_problem(value)
    if problem:
        raise ValueError(problem)
    return str(value)


LanguageCode = Annotated[
    str,
    PlainValidator(_language_code),
    WithJsonSchema({"enum": list(LANGUAGES), "type": "string"}),
]
"""One of :data:`sladoc.language.LANGUAGES`."""

_ID = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")
# Names Windows will not create as files, whatever the extension.
_RESERVED = {
    "con",
    "prn",
    "aux",
    "nul",
    *(f"com{i}" for i in range(10)),
    *(f"lpt{i}" for i in range(10)),
}


def _identifier(value: Any) -> str:
    text = _text(value)
    if not _ID.fullmatch(text):
        raise ValueError(
            f'expected an id of lowercase letters, digits, "-" and "_" (it names '
            f'output files), e.g. "acme-hosting-2027", got "{text}"'
        )
    if text in _RESERVED:
        raise ValueError(f'"{text}" is a reserved device name on Windows; choose another id')
    return text


Id = Annotated[
    str,
    BeforeValidator(_identifier),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": "^[a-z0-9][a-z0-9_-]{0,63}$",
            "description": "Lowercase letters, digits, '-' and '_'; names the output files.",
        }
    ),
]

_EMAIL = re.compile(r"[^@\s<>()\[\],;:\"]+@[^@\s<>()\[\],;:\"]+\.[A-Za-z]{2,}")


def _email(value: Any) -> str:
    text = _text(value)
    if not _EMAIL.fullmatch(text):
        raise ValueError(f'expected an e-mail address such as "name@example.com", got "{text}"')
    return text


Email = Annotated[
    str, BeforeValidator(_email), WithJsonSchema({"type": "string", "format": "email"})
]


def _percent(value: Any, info: ValidationInfo) -> Decimal:
    return parse_percent(value, decimal_comma=_language(info).decimal_comma)


Percent = Annotated[
    Decimal,
    PlainValidator(_percent),
    PlainSerializer(lambda v: f"{v}%"),
    WithJsonSchema(
        {"type": ["string", "number"], "description": "A percentage, e.g. 99.95% or 99.95."}
    ),
]


# Every file repeats the same few values ("1 business day", "30 days", "99.95%"), and so
# does every file of a folder: each text is parsed once per process, not once per field,
# which keeps checking a thousand files cheap. The results are frozen, so sharing them is
# safe; errors are not cached and are raised again, the same. (Only text and a text
# language can be cache keys; other input takes the uncached way to its error.)
_PARSED = 4096


@lru_cache(maxsize=_PARSED)
def _duration_of(text: str, language: str) -> Duration:
    return parse_duration(text, language=language)


def _duration(value: Any, info: ValidationInfo) -> Duration:
    code = _language(info).code
    if type(value) is str:
        return _duration_of(value, code)
    return parse_duration(value, language=code)


DurationField = Annotated[
    Duration,
    PlainValidator(_duration),
    PlainSerializer(str),
    WithJsonSchema(
        {
            "type": "string",
            "description": "A time such as '1 hour', '4 business hours', "
            "'30 minutes', '2 days' or ISO 8601 'PT4H'.",
        }
    ),
]


def _money(value: Any, info: ValidationInfo) -> Money:
    return parse_money(value, language=_language(info).code)


MoneyField = Annotated[
    Money,
    PlainValidator(_money),
    PlainSerializer(str),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "description": "An amount and currency, e.g. '5000 USD'."},
                {
                    "type": "object",
                    "properties": {
                        "amount": {"type": ["number", "string"]},
                        "currency": {"type": "string"},
                    },
                    "required": ["amount", "currency"],
                    "additionalProperties": False,
                },
            ]
        }
    ),
]

Period = Annotated[
    str,
    PlainValidator(lambda v: parse_period(v)),
    WithJsonSchema(
        {
            "type": "string",
            "examples": list(PERIODS),
            "description": "day, week, month, quarter or year (also 'monthly', 'bulanan' ...).",
        }
    ),
]


@dataclass(frozen=True)
class Measure:
    """A target as written: ``100 leads``, ``99.9%``, ``4 business hours``, ``5000 USD``.

    Exactly one of ``percent``, ``duration``, ``money`` or ``number`` (with ``unit``) is set.
    """

    text: str
    percent: Decimal | None = None
    duration: Duration | None = None
    money: Money | None = None
    number: Decimal | None = None
    unit: str = ""

    def __str__(self) -> str:
        return self.text

    def written(self, language: str) -> str:
        """The target as the contract writes it: a percentage, an amount or a number with
        the language's separators ("5000 USD" -> "5,000 USD"; "1500 leads" -> "1.500 leads"
        in Indonesian), the unit and a time's words as the author wrote them."""
        if self.percent is not None:
            return format_percent(self.percent, language)
        if self.money is not None:
            return format_money(self.money, language)
        if self.number is not None:
            return f"{format_number(self.number, language)} {self.unit}".rstrip()
        return self.text


def _measure(value: Any, info: ValidationInfo) -> Measure:
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        value = str(value)
    return _measure_of(_text(value), _language(info).code)


@lru_cache(maxsize=_PARSED)  # see _duration_of
def _measure_of(text: str, language: str) -> Measure:
    if text.endswith("%"):
        decimal_comma = _language_named(language).decimal_comma
        return Measure(text, percent=parse_percent(text, decimal_comma=decimal_comma))
    try:
        return Measure(text, duration=parse_duration(text, language=language))
    except ValueError:
        pass
    try:
        return Measure(text, money=parse_money(text, language=language))
    except ValueError:
        pass
    try:
        number, unit = parse_quantity(text, language=language)
    except ValueError:
        raise ValueError(
            f'expected a measurable target: a number with a unit ("100 leads"), '
            f'a percentage ("99.9%"), a time ("4 hours") or an amount '
            f'("5000 USD"), got "{text}"'
        ) from None
    return Measure(text, number=number, unit=unit)


MeasureField = Annotated[
    Measure,
    PlainValidator(_measure),
    PlainSerializer(str),
    WithJsonSchema(
        {
            "type": ["string", "number"],
            "description": "A number with a unit ('100 leads'), a percentage ('99.9%'), "
            "a time ('4 hours') or an amount ('5000 USD').",
        }
    ),
]


TermUnit = Literal["day", "week", "month", "year"]


@dataclass(frozen=True)
class Term:
    """The length of the agreement: a count of days, weeks, months or years."""

    count: int
    unit: TermUnit

    def __str__(self) -> str:
        return f"{self.count} {self.unit}{'' if self.count == 1 else 's'}"


@cache
def _term_text(words: Words) -> re.Pattern[str]:
    """A count and a unit word of any language, with or without a plural "s"."""
    units = "|".join(map(re.escape, words.term_units))
    return re.compile(rf"(\d+)\s*({units})s?", re.IGNORECASE)


def _term(value: Any) -> Term:
    if isinstance(value, Term):
        return value
    words = vocabulary()
    match = _term_text(words).fullmatch(_text(value))
    if not match or int(match.group(1)) == 0:
        raise ValueError(
            f'expected a length such as "12 months" or "1 year", got {describe_value(value)}'
        )
    # (IGNORECASE also matches a few letters whose lower case is not the word's, such as
    # "İ"; those stay as they were, as sladoc has always done.)
    written = match.group(2).lower()
    return Term(int(match.group(1)), cast(TermUnit, words.term_units.get(written, written)))


TermField = Annotated[
    Term,
    PlainValidator(_term),
    PlainSerializer(str),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": "^[0-9]+ *([Dd]ay|[Ww]eek|[Mm]onth|[Yy]ear|hari|minggu|bulan|tahun)s?$",
            "examples": ["12 months", "1 year", "12 bulan"],
        }
    ),
]


def _listify(value: Any) -> Any:
    """Let a single item stand for a list of one (``to: sales``)."""
    return [value] if isinstance(value, str) else value


# --- building blocks ----------------------------------------------------------------------


class Node(BaseModel):
    # defer_build: pydantic builds a model's validator when the model is first used, not
    # when its class is defined. A run validates one kind, so it builds that kind's
    # validator once (the nested models inline) instead of one for every class of all
    # three kinds at import (issue 21: start-up of `check` and `validate`).
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)
