"""Languages an agreement may be written in, and each language's words and conventions.

One data file per language, ``sladoc/data/languages/<code>.yaml``, holds everything sladoc
needs to know to write and read values in it: the decimal and thousands separators, how money
and durations are written, the words read for units, clocks ("business hours"), periods and
an agreement's term, month names and the date format. :func:`language` gives one
:class:`Language`; :func:`vocabulary` gives the words of every language together, since an
agreement in one language may use the other's words ("4 jam kerja per month").

Nothing is read at import: a file is read and checked the first time its language is asked
for, once per process. A third language is a data file plus its code in :data:`LANGUAGES`
(and, for documents and the checker, its wording and vague-term files; the JSON Schema's
hand-written pattern for `term` in ``sladoc.agreement.model`` names the term words, and a
test says when it misses one).

May import: :mod:`sladoc.errors`, :mod:`sladoc.data`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from types import MappingProxyType
from typing import Any, Literal

from sladoc.errors import closest

__all__ = [
    "CLOCKS",
    "DEFAULT",
    "LANGUAGES",
    "PERIODS",
    "TERM_UNITS",
    "UNITS",
    "VARIABLE_UNITS",
    "Clock",
    "Language",
    "Words",
    "language",
    "languages",
    "vocabulary",
]

LANGUAGES = ("en", "id")

TERMS = ("service_credit", "business_hours", "downtime", "availability")
"""The terms a document may define for an agreement, whatever its language."""
"""The languages sladoc writes contracts in and checks, English first (the default)."""

DEFAULT = "en"
"""The language of an agreement that does not say."""

Clock = Literal["business", "calendar"]
CLOCKS: tuple[Clock, ...] = ("business", "calendar")
UNITS = ("second", "minute", "hour", "day", "week")
"""The units a duration is read in (months and years vary in length and are refused)."""
VARIABLE_UNITS = ("month", "year")
PERIODS = ("day", "week", "month", "quarter", "year")
"""The periods a target, a report or a downtime budget may run over."""
WINDOWS = ("calendar month", "billing month", "quarter", "year")
"""The windows availability is measured and credits are worked out over."""
TERM_UNITS = ("day", "week", "month", "year")
"""The units an agreement's term is counted in."""


@dataclass(frozen=True, eq=False)
class Words:
    """Words that are read in hand-written values, in lower case, each to what it means.
    (Compared and hashed by identity, so what is built from them can be cached by them.)"""

    percent: tuple[str, ...]
    """Words that may follow a percentage instead of "%" ("percent")."""
    currency_symbols: Mapping[str, str]
    """Currency symbols, in upper case, to their ISO code ("$" -> "USD", "RP" -> "IDR")."""
    units: Mapping[str, tuple[str, Clock | None]]
    """Unit words to a unit of :data:`UNITS` and the clock the word itself implies
    ("hours" -> ("hour", None), "workdays" -> ("day", "business"))."""
    variable_units: Mapping[str, str]
    """Words for months and years to "month" or "year"."""
    clock_before: Mapping[str, Clock]
    """Clock words written before the unit ("business" in "4 business hours")."""
    clock_after: Mapping[str, Clock]
    """Clock words written after the unit ("kerja" in "4 jam kerja")."""
    and_words: tuple[str, ...]
    """Words joining the parts of a duration ("1 hour and 30 minutes")."""
    periods: Mapping[str, str]
    """Period words to one of :data:`PERIODS` ("monthly", "bulanan" -> "month")."""
    per: tuple[str, ...]
    """Words between a downtime allowance and its period ("per", "a", "setiap")."""
    windows: Mapping[str, str]
    """Measurement-window words to one of :data:`WINDOWS` ("bulan kalender" ->
    "calendar month")."""
    term_units: Mapping[str, str]
    """Words for the unit of an agreement's term to one of :data:`TERM_UNITS`."""


@dataclass(frozen=True)
class Language:
    """How one language writes values, and the words it reads. Two languages are equal when
    their codes are."""

    code: str
    name: str = field(compare=False)
    """The language's name in English, for messages ("Indonesian")."""
    decimal_separator: str = field(compare=False)
    thousands_separator: str = field(compare=False)
    money_format: str = field(compare=False)
    """How money is written, with ``{amount}`` and ``{currency}`` ("{currency} {amount}")."""
    duration_names: Mapping[str, tuple[str, str]] = field(compare=False)
    """Day, hour, minute and second, each as (singular, plural), for durations written out."""
    clock_names: Mapping[Clock, str] = field(compare=False)
    """The word for each clock when a duration is written out ("business", "kerja")."""
    clock_before_unit: bool = field(compare=False)
    """Whether the clock word comes before the unit ("4 business hours") or after it
    ("4 jam kerja"), in writing and in reading."""
    short_units: Mapping[str, str] = field(compare=False)
    """Day, hour, minute and second as downtime figures write them ("h", "jam")."""
    months: tuple[str, ...] = field(compare=False)
    date_format: str = field(compare=False)
    """How a date is written, with ``{day}``, ``{month}`` (its name) and ``{year}``."""
    words: Words = field(compare=False)
    """The words this language's agreements are read with (see also :func:`vocabulary`)."""
    terms: Mapping[str, str] = field(compare=False)
    """The terms the documents define for an agreement (see
    ``Agreement.generated_terms``), by key: ``service_credit`` -> "Service Credit"."""

    @property
    def decimal_comma(self) -> bool:
        """Whether this language writes decimals with a comma (99,95)."""
        return self.decimal_separator == ","

    def format_date(self, day: date) -> str:
        """A date as a contract writes it: "1 January 2027", "1 Januari 2027"."""
        return self.date_format.format(day=day.day, month=self.months[day.month - 1], year=day.year)


def language(code: str) -> Language:
    """The language with this code (one of :data:`LANGUAGES`); its file is read on first use.
    An unknown code is a :class:`ValueError` (with a "did you mean")."""
    if code not in LANGUAGES:
        near = closest(str(code), LANGUAGES)
        hint = f"; did you mean {near!r}?" if near else ""
        raise ValueError(f"unknown language {code!r}{hint} (languages: {', '.join(LANGUAGES)})")
    return _load(code)


def languages() -> tuple[Language, ...]:
    """Every language, in the order of :data:`LANGUAGES`."""
    return tuple(language(code) for code in LANGUAGES)


@cache
def vocabulary() -> Words:
    """The words of every language together: what values are read with, whatever language
    an agreement is in. A word may not mean two things in two languages."""
    every = [one.words for one in languages()]

    def merged(what: str, tables: list[Mapping[str, Any]]) -> Mapping[str, Any]:
        result: dict[str, Any] = {}
        for table in tables:
            for word, meaning in table.items():
                if result.setdefault(word, meaning) != meaning:
                    raise ValueError(
                        f"language data: the {what} word {word!r} means both "
                        f"{result[word]!r} and {meaning!r}"
                    )
        return MappingProxyType(result)

    def joined(lists: list[tuple[str, ...]]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(word for words in lists for word in words))

    return Words(
        percent=joined([w.percent for w in every]),
        currency_symbols=merged("currency", [w.currency_symbols for w in every]),
        units=merged("unit", [w.units for w in every]),
        variable_units=merged("unit", [w.variable_units for w in every]),
        clock_before=merged("clock", [w.clock_before for w in every]),
        clock_after=merged("clock", [w.clock_after for w in every]),
        and_words=joined([w.and_words for w in every]),
        periods=merged("period", [w.periods for w in every]),
        per=joined([w.per for w in every]),
        windows=merged("window", [w.windows for w in every]),
        term_units=merged("term", [w.term_units for w in every]),
    )


# --- reading a data file ----------------------------------------------------------------


@cache
def _load(code: str) -> Language:
    # Imported here, not at the top: most commands never need a language's file, and
    # importing this module must stay cheap.
    from importlib import resources

    import yaml

    text = (
        resources.files("sladoc.data")
        .joinpath("languages")
        .joinpath(f"{code}.yaml")
        .read_text("utf-8")
    )
    data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return _Reader(f"sladoc/data/languages/{code}.yaml").language(code, data)


class _Reader:
    """Builds a :class:`Language` from a data file's content, refusing anything malformed
    with the file and key it is in (a broken data file is sladoc's bug, caught by its tests)."""

    def __init__(self, file: str) -> None:
        self.file = file

    def fail(self, where: str, expected: str, value: object) -> ValueError:
        return ValueError(f"{self.file}: `{where}` should be {expected}, got {value!r}")

    def mapping(self, value: object, where: str) -> dict[str, Any]:
        if not isinstance(value, dict) or not all(isinstance(key, str) for key in value):
            raise self.fail(where, "a mapping", value)
        return value

    def text(self, value: object, where: str) -> str:
        if not isinstance(value, str) or not value:
            raise self.fail(where, "text", value)
        return value

    def words(self, value: object, where: str) -> tuple[str, ...]:
        if not isinstance(value, list) or not all(
            isinstance(word, str) and word and word == word.lower() for word in value
        ):
            raise self.fail(where, "a list of lower-case words", value)
        return tuple(value)

    def keyed(
        self, value: object, where: str, keys: tuple[str, ...], *, every: bool
    ) -> dict[str, Any]:
        table = self.mapping(value, where)
        unknown = [key for key in table if key not in keys]
        missing = [key for key in keys if key not in table] if every else []
        if unknown or missing:
            raise self.fail(where, f"a mapping with the keys {', '.join(keys)}", value)
        return table

    def meanings(
        self, value: object, where: str, keys: tuple[str, ...], *, every: bool = False
    ) -> dict[str, str]:
        """``{meaning: [word, ...]}`` in the file -> ``{word: meaning}``."""
        result: dict[str, str] = {}
        for meaning, words in self.keyed(value, where, keys, every=every).items():
            for word in self.words(words, f"{where}.{meaning}"):
                if result.setdefault(word, meaning) != meaning:
                    raise self.fail(f"{where}.{meaning}", "words not used twice", word)
        return result

    def section(self, top: dict[str, Any], name: str, keys: tuple[str, ...]) -> dict[str, Any]:
        return self.keyed(top.get(name), name, keys, every=True)

    def template(self, value: object, where: str, **fields: object) -> str:
        """Text with ``{name}`` placeholders for exactly these fields."""
        text = self.text(value, where)
        try:
            filled = text.format(**fields)
        except (KeyError, IndexError, ValueError):
            filled = ""
        if not all(f"{{{name}}}" in text for name in fields) or not filled:
            placeholders = ", ".join(f"{{{name}}}" for name in fields)
            raise self.fail(where, f"text with the placeholders {placeholders}", value)
        return text

    def language(self, code: str, data: object) -> Language:
        top = self.keyed(
            data,
            "(the file)",
            ("name", "numbers", "percent", "money", "durations", "periods", "term_units", "dates")
            + ("terms",),
            every=True,
        )
        numbers = self.section(top, "numbers", ("decimal", "thousands"))
        percent = self.section(top, "percent", ("words",))
        money = self.section(top, "money", ("format", "symbols"))
        durations = self.section(
            top,
            "durations",
            ("clock", "names", "clocks", "short", "units", "business_units", "variable_units")
            + ("clock_words", "and"),
        )
        periods = self.section(top, "periods", ("words", "per", "windows"))
        dates = self.section(top, "dates", ("months", "format"))
        written = ("day", "hour", "minute", "second")

        decimal = self.text(numbers["decimal"], "numbers.decimal")
        thousands = self.text(numbers["thousands"], "numbers.thousands")
        if len(decimal) != 1 or len(thousands) != 1 or decimal == thousands:
            raise self.fail("numbers", "two different one-character separators", numbers)

        names: dict[str, tuple[str, str]] = {}
        for unit, pair in self.keyed(
            durations["names"], "durations.names", written, every=True
        ).items():
            if not (isinstance(pair, list) and len(pair) == 2):
                raise self.fail(f"durations.names.{unit}", "[singular, plural]", pair)
            names[unit] = (
                self.text(pair[0], f"durations.names.{unit}"),
                self.text(pair[1], f"durations.names.{unit}"),
            )
        clock_names = self.keyed(durations["clocks"], "durations.clocks", CLOCKS, every=True)
        short = self.keyed(durations["short"], "durations.short", written, every=True)
        position = durations["clock"]
        if position not in ("before", "after"):
            raise self.fail("durations.clock", '"before" or "after"', position)

        units: dict[str, tuple[str, Clock | None]] = {
            word: (unit, None)
            for word, unit in self.meanings(durations["units"], "durations.units", UNITS).items()
        }
        for word, unit in self.meanings(
            durations["business_units"], "durations.business_units", UNITS
        ).items():
            if units.setdefault(word, (unit, "business")) != (unit, "business"):
                raise self.fail("durations.business_units", "words not used twice", word)
        clocks: dict[str, Clock] = {
            word: "business" if clock == "business" else "calendar"
            for word, clock in self.meanings(
                durations["clock_words"], "durations.clock_words", CLOCKS
            ).items()
        }
        symbols = {
            self.text(symbol, "money.symbols").upper(): self.text(iso, f"money.symbols.{symbol}")
            for symbol, iso in self.mapping(money["symbols"], "money.symbols").items()
        }
        months = dates["months"]
        if not (
            isinstance(months, list)
            and len(months) == 12
            and all(isinstance(month, str) and month for month in months)
        ):
            raise self.fail("dates.months", "the twelve month names", months)

        words = Words(
            percent=self.words(percent["words"], "percent.words"),
            currency_symbols=MappingProxyType(symbols),
            units=MappingProxyType(units),
            variable_units=MappingProxyType(
                self.meanings(
                    durations["variable_units"], "durations.variable_units", VARIABLE_UNITS
                )
            ),
            clock_before=MappingProxyType(clocks if position == "before" else {}),
            clock_after=MappingProxyType(clocks if position == "after" else {}),
            and_words=self.words(durations["and"], "durations.and"),
            periods=MappingProxyType(self.meanings(periods["words"], "periods.words", PERIODS)),
            per=self.words(periods["per"], "periods.per"),
            windows=MappingProxyType(self.meanings(periods["windows"], "periods.windows", WINDOWS)),
            term_units=MappingProxyType(
                self.meanings(top["term_units"], "term_units", TERM_UNITS, every=True)
            ),
        )
        return Language(
            code=code,
            name=self.text(top["name"], "name"),
            decimal_separator=decimal,
            thousands_separator=thousands,
            money_format=self.template(money["format"], "money.format", amount=1, currency="X"),
            duration_names=MappingProxyType(names),
            clock_names=MappingProxyType(
                {
                    clock: self.text(clock_names[clock], f"durations.clocks.{clock}")
                    for clock in CLOCKS
                }
            ),
            clock_before_unit=position == "before",
            short_units=MappingProxyType(
                {unit: self.text(short[unit], f"durations.short.{unit}") for unit in written}
            ),
            months=tuple(months),
            date_format=self.template(dates["format"], "dates.format", day=1, month="M", year=1),
            words=words,
            terms=MappingProxyType(
                {
                    key: self.text(term, f"terms.{key}")
                    for key, term in self.keyed(top["terms"], "terms", TERMS, every=True).items()
                }
            ),
        )
