"""sladoc.language: each language's separators, words and written forms, from its data file."""

from __future__ import annotations

import copy
import re
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
import yaml

import sladoc.language as languages
from sladoc.agreement import fields, model, values
from sladoc.agreement.model import InternalAgreement
from sladoc.agreement.sla_math import format_duration
from sladoc.agreement.values import (
    Duration,
    Money,
    format_money,
    format_number,
    parse_budget,
    parse_duration,
    parse_money,
    parse_percent,
    parse_period,
    parse_quantity,
)
from sladoc.document.templateset import TemplateSet
from sladoc.language import (
    DEFAULT,
    LANGUAGES,
    PERIODS,
    TERM_UNITS,
    UNITS,
    Language,
    language,
    vocabulary,
)

from .conftest import ROOT

DATA = ROOT / "sladoc" / "data" / "languages"


def test_one_data_file_for_each_language_and_english_first() -> None:
    assert sorted(path.stem for path in DATA.glob("*.yaml")) == sorted(LANGUAGES)
    assert DEFAULT == LANGUAGES[0] == "en"


@pytest.mark.parametrize("code", LANGUAGES)
def test_each_language_loads_once(code: str) -> None:
    loaded = language(code)
    assert isinstance(loaded, Language)
    assert loaded.code == code
    assert language(code) is loaded
    assert loaded.decimal_separator != loaded.thousands_separator
    assert loaded.words.periods  # every language reads its period words


def test_the_two_languages_mirror_each_other() -> None:
    english, indonesian = language("en"), language("id")
    assert (english.decimal_separator, english.thousands_separator) == (".", ",")
    assert (indonesian.decimal_separator, indonesian.thousands_separator) == (",", ".")
    assert not english.decimal_comma and indonesian.decimal_comma
    assert english.clock_before_unit and not indonesian.clock_before_unit
    assert indonesian.name == "Indonesian"


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("fr", r"unknown language 'fr' \(languages: en, id\)"),
        ("ind", r"unknown language 'ind'; did you mean 'id'\?"),
    ],
)
def test_an_unknown_code_is_a_value_error(code: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        language(code)


def test_values_are_read_with_the_words_of_every_language() -> None:
    words = vocabulary()
    assert words.units["jam"] == ("hour", None)
    assert words.units["hours"] == ("hour", None)
    assert words.units["workdays"] == ("day", "business")
    assert words.clock_before["working"] == "business"
    assert words.clock_after["kalender"] == "calendar"
    assert words.periods["bulanan"] == words.periods["monthly"] == "month"
    assert words.variable_units["tahun"] == "year"
    assert words.currency_symbols["RP"] == "IDR"
    assert words.per == ("per", "a", "an", "each", "every", "setiap", "tiap")
    assert set(words.units.values()) <= {(unit, None) for unit in UNITS} | {("day", "business")}
    assert set(words.periods.values()) == set(PERIODS)
    assert set(words.term_units.values()) == set(TERM_UNITS)
    for table in (words.units, words.periods, words.term_units, words.clock_before):
        assert all(word == word.lower() for word in table)


def test_importing_reads_no_language_file() -> None:
    """Start-up time: the data files are read when a value is first read or written."""
    code = (
        "import sys, sladoc.agreement.validate, sladoc.language as l\n"
        "assert l._load.cache_info().currsize == 0, 'a language file was read at import'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
    subprocess.run(
        [sys.executable, "-c", "import sys, sladoc.language; assert 'yaml' not in sys.modules"],
        check=True,
    )


# --- what the documents write agrees with what the language reads -----------------------


@pytest.mark.parametrize("code", LANGUAGES)
def test_dates_as_the_built_in_wording_writes_them(code: str) -> None:
    wording = TemplateSet.default().wording("internal", code)
    assert language(code).months == tuple(wording.list("months"))
    for day in (date(2027, 1, 1), date(2027, 12, 31)):
        expected = wording(
            "date_format", day=day.day, month=wording.list("months")[day.month - 1], year=day.year
        )
        assert language(code).format_date(day) == expected


@pytest.mark.parametrize("code", LANGUAGES)
def test_the_words_documents_print_are_read_back(code: str) -> None:
    wording = TemplateSet.default().wording("internal", code)
    for period, word in wording.mapping("periods").items():
        assert parse_period(word) == period
    for unit, (one, many) in wording.mapping("term_units").items():
        assert model._term(f"1 {one}").unit == unit
        assert model._term(f"12 {many}").unit == unit


def test_the_schema_lists_the_languages_and_every_term_word() -> None:
    """The schema editors use is written by hand for `term`: it must take every unit word."""
    properties = InternalAgreement.model_json_schema()["properties"]
    assert properties["language"]["enum"] == list(LANGUAGES)
    [pattern] = [part["pattern"] for part in properties["term"]["anyOf"] if "pattern" in part]
    for word in vocabulary().term_units:
        assert re.fullmatch(pattern, f"12 {word}"), word


# --- the data files are checked ---------------------------------------------------------


def _english() -> dict[str, Any]:
    data = yaml.safe_load((DATA / "en.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _broken(change: str) -> dict[str, Any]:
    data = copy.deepcopy(_english())
    if change == "months":
        data["dates"]["months"] = data["dates"]["months"][:11]
    elif change == "upper case":
        data["durations"]["units"]["hour"].append("Hours")
    elif change == "twice":
        data["periods"]["words"]["week"].append("daily")
    elif change == "unknown unit":
        data["durations"]["units"]["fortnight"] = ["fortnight"]
    elif change == "clock position":
        data["durations"]["clock"] = "middle"
    elif change == "no decimal separator":
        del data["numbers"]["decimal"]
    elif change == "same separators":
        data["numbers"]["thousands"] = "."
    elif change == "money format":
        data["money"]["format"] = "{amount}"
    elif change == "unknown section":
        data["ordinals"] = {"1": "first"}
    return data


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("months", "`dates.months` should be the twelve month names"),
        ("upper case", "`durations.units.hour` should be a list of lower-case words"),
        ("twice", "`periods.words.week` should be words not used twice"),
        ("unknown unit", "`durations.units` should be a mapping with the keys second, minute"),
        ("clock position", '`durations.clock` should be "before" or "after"'),
        ("no decimal separator", "`numbers` should be a mapping with the keys decimal, thousands"),
        ("same separators", "`numbers` should be two different one-character separators"),
        (
            "money format",
            "`money.format` should be text with the placeholders {amount}, {currency}",
        ),
        ("unknown section", "`(the file)` should be a mapping with the keys name, numbers"),
    ],
)
def test_a_malformed_data_file_is_refused_with_its_key(change: str, message: str) -> None:
    with pytest.raises(ValueError, match=re.escape(f"xx.yaml: {message}")):
        languages._Reader("xx.yaml").language("xx", _broken(change))


# --- a third language -------------------------------------------------------------------

_MALAY = """
name: Malay
numbers: {decimal: ".", thousands: ","}
percent: {words: [peratus]}
money: {format: "{currency} {amount}", symbols: {RM: MYR}}
durations:
  clock: after
  names: {day: [hari, hari], hour: [jam, jam], minute: [minit, minit], second: [saat, saat]}
  clocks: {business: bekerja, calendar: kalendar}
  short: {day: hari, hour: jam, minute: minit, second: saat}
  units: {second: [saat], minute: [minit], hour: [jam], day: [hari], week: [minggu]}
  business_units: {}
  variable_units: {month: [bulan], year: [tahun]}
  clock_words: {business: [bekerja], calendar: [kalendar]}
  and: [dan]
periods:
  words: {day: [harian], week: [mingguan], month: [bulanan], quarter: [suku], year: [tahunan]}
  per: [setiap, sebulan]
  windows: {calendar month: [bulan takwim], billing month: [bulan bil], quarter: [suku tahun],
            year: [tahun takwim]}
term_units: {day: [hari], week: [minggu], month: [bulan], year: [tahun]}
dates:
  months: [Januari, Februari, Mac, April, Mei, Jun, Julai, Ogos, September, Oktober,
           November, Disember]
  format: "{day} {month} {year}"
terms: {service_credit: Kredit Perkhidmatan, business_hours: Waktu Perniagaan, downtime: Masa Henti,
        availability: Ketersediaan}
"""


@pytest.fixture
def third_language(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Malay as a third language, as a data file and its code in LANGUAGES would add it."""
    malay = languages._Reader("ms.yaml").language("ms", yaml.safe_load(_MALAY))
    load = languages._load
    with_malay = (*LANGUAGES, "ms")
    for module in (languages, values, fields):
        monkeypatch.setattr(module, "LANGUAGES", with_malay)
    monkeypatch.setattr(languages, "_load", lambda code: malay if code == "ms" else load(code))
    vocabulary.cache_clear()
    yield "ms"
    vocabulary.cache_clear()


def test_a_third_language_needs_only_its_data(third_language: str) -> None:
    ms = third_language
    assert parse_money("RM 5,000.50", language=ms) == Money(Decimal("5000.50"), "MYR")
    assert format_money(Money(Decimal("5000.5"), "MYR"), ms) == "MYR 5,000.50"
    assert format_number(Decimal("1234567.5"), ms) == "1,234,567.5"
    four_business_hours = Duration(Decimal(4 * 3600), "business")
    assert four_business_hours.describe(ms) == "4 jam bekerja"
    assert parse_duration("4 jam bekerja", language=ms) == four_business_hours
    assert parse_duration("1 jam dan 30 minit", language=ms).seconds == 5400
    assert format_duration(Decimal(315), language=ms) == "5 minit 15 saat"
    assert parse_budget("8 jam setiap suku", language=ms)[1] == "quarter"
    assert parse_percent("99.9 peratus") == Decimal("99.9")
    assert parse_quantity("1,000 prospek", language=ms) == (Decimal(1000), "prospek")
    assert language(ms).format_date(date(2027, 8, 17)) == "17 Ogos 2027"
    # the other languages' words are still read, and the new words in them too
    assert parse_period("bulanan") == parse_period("monthly") == "month"
    assert parse_duration("2 saat", language="en").seconds == 2
    assert model.language_problem("ms") is None
    assert "'ms'" in (model.language_problem("fr") or "")


def test_a_word_two_languages_read_differently_is_refused(
    third_language: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = yaml.safe_load(_MALAY)
    data["durations"]["units"]["minute"].append("m")  # English "m" is a minute: fine
    data["periods"]["words"]["year"].append("daily")  # English "daily" is a day: not fine
    clash = languages._Reader("ms.yaml").language("ms", data)
    load = languages._load
    monkeypatch.setattr(languages, "_load", lambda code: clash if code == "ms" else load(code))
    vocabulary.cache_clear()
    with pytest.raises(ValueError, match="the period word 'daily' means both 'day' and 'year'"):
        vocabulary()
