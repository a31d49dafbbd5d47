"""Tests for sladoc.agreement.values: hand-written values in, exact values or a ValueError out."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sladoc.agreement.values import (
    PERIODS,
    Duration,
    Money,
    format_money,
    format_number,
    format_percent,
    parse_budget,
    parse_duration,
    parse_money,
    parse_percent,
    parse_period,
    parse_quantity,
)

# Tests must never fail for being slow, so no deadline and no timing health check.
untimed = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])

HOUR = 3600
DAY = 86400

# Anything YAML (or a careless Python caller) might hand a parser.
anything = st.one_of(
    st.text(),
    st.integers(),
    st.floats(),
    st.decimals(),
    st.none(),
    st.booleans(),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=10), st.one_of(st.text(), st.integers(), st.floats())),
)
# Text built from the parsers' own vocabulary reaches deeper than random characters do.
VOCABULARY = (
    "1 30 1.5 1,5 1.000 0 99 99.95 100.5 - % : , / and dan h m s hour hours minutes days weeks "
    "months year business calendar kerja kalender jam menit hari P T D H W M per a USD $ Rp € "
    "IDR leads month tahun"
).split() + [" "]
value_words = st.lists(st.sampled_from(VOCABULARY), max_size=8).map("".join)
hand_written = st.one_of(anything, value_words)


# --- no exception but ValueError, whatever the input ------------------------------------

PARSERS = [
    pytest.param(parse_percent, Decimal, id="percent"),
    pytest.param(lambda v: parse_percent(v, decimal_comma=True), Decimal, id="percent-comma"),
    pytest.param(parse_duration, Duration, id="duration"),
    pytest.param(lambda v: parse_duration(v, language="id"), Duration, id="duration-id"),
    pytest.param(parse_money, Money, id="money"),
    pytest.param(lambda v: parse_money(v, language="id"), Money, id="money-id"),
    pytest.param(parse_quantity, tuple, id="quantity"),
    pytest.param(parse_budget, tuple, id="budget"),
    pytest.param(lambda v: parse_budget(v, language="id"), tuple, id="budget-id"),
    pytest.param(parse_period, str, id="period"),
]


@pytest.mark.parametrize(("parse", "result_type"), PARSERS)
@untimed
@given(value=hand_written)
def test_parsers_raise_nothing_but_value_error(parse, result_type, value):
    try:
        result = parse(value)
    except ValueError as error:
        message = str(error)
        assert message and "\n" not in message  # one line, next to file:line:col
    else:
        assert isinstance(result, result_type)


@pytest.mark.parametrize("language", ["en", "id"])
@untimed
@given(amount=anything, currency=anything)
def test_money_mappings_raise_nothing_but_value_error(language, amount, currency):
    try:
        money = parse_money({"amount": amount, "currency": currency}, language=language)
    except ValueError:
        return
    assert money.amount >= 0 and len(money.currency) == 3


# --- percentages ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("99.95%", "99.95"),
        ("99.95 %", "99.95"),
        ("  99.95%  ", "99.95"),
        ("99.95", "99.95"),
        ("99,999 persen", None),  # needs decimal_comma; see the next table
        ("100%", "100"),
        ("0%", "0"),
        (99, "99"),
        (Decimal("99.95"), "99.95"),
        (99.95, "99.95"),
        (100, "100"),
    ],
)
def test_parse_percent_reads(value, expected):
    if expected is None:
        with pytest.raises(ValueError):
            parse_percent(value)
    else:
        assert parse_percent(value) == Decimal(expected)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("99,95%", "99.95"), ("99,999 persen", "99.999"), ("99.95%", "99.95"), (99, "99")],
)
def test_parse_percent_reads_a_decimal_comma_when_asked(value, expected):
    assert parse_percent(value, decimal_comma=True) == Decimal(expected)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("99.99.9%", '"99.99.9" is not a number'),
        ("999.9%", "over 100"),
        (Decimal("100.01"), "over 100"),
        ("-1%", "negative"),
        (-1, "negative"),
        ("", 'got ""'),
        ("%", 'got "%"'),
        ("ninety", 'got "ninety"'),
        ("99,95%", 'as a dot: "99.95%"'),
        (True, "true/false"),
        (None, "got nothing"),
        (float("nan"), "finite"),
        (float("inf"), "finite"),
        (Decimal("NaN"), "finite"),
        (Decimal("sNaN"), "finite"),
        (Decimal("-Infinity"), "finite"),
        ([99], "a list"),
    ],
)
def test_parse_percent_rejects(value, message):
    with pytest.raises(ValueError, match="^expected a percentage") as error:
        parse_percent(value)
    assert message in str(error.value)


def test_percent_arithmetic_is_exact():
    assert Decimal(100) - parse_percent("99.99") == Decimal("0.01")
    assert Decimal(100) - parse_percent(99.99) == Decimal("0.01")


# --- durations --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "seconds", "clock"),
    [
        ("1 hour", HOUR, None),
        ("4 business hours", 4 * HOUR, "business"),
        ("4 working hours", 4 * HOUR, "business"),
        ("30 minutes", 1800, None),
        ("30 min", 1800, None),
        ("2 days", 2 * DAY, None),
        ("5 business days", 5 * DAY, "business"),
        ("5 workdays", 5 * DAY, "business"),
        ("2 calendar days", 2 * DAY, "calendar"),
        ("1 hour 30 minutes", 5400, None),
        ("1 hour and 30 minutes", 5400, None),
        ("1 hour, 30 minutes", 5400, None),
        ("1h30m", 5400, None),
        ("1h 30m", 5400, None),
        ("90s", 90, None),
        ("2 weeks", 14 * DAY, None),
        ("1 Hour", HOUR, None),
        ("1.5 hours", 5400, None),
        ("0 minutes", 0, None),
        ("1 business hour 30 minutes", 5400, "business"),
        ("PT4H", 4 * HOUR, None),
        ("P2D", 2 * DAY, None),
        ("PT1H30M", 5400, None),
        ("P1W", 7 * DAY, None),
        ("P1DT12H", 36 * HOUR, None),
        ("PT0.5S", Decimal("0.5"), None),
        ("pt4h", 4 * HOUR, None),
        ("1 jam", HOUR, None),
        ("30 menit", 1800, None),
        ("2 hari", 2 * DAY, None),
        ("4 jam kerja", 4 * HOUR, "business"),
        ("3 hari kerja", 3 * DAY, "business"),
        ("2 hari kalender", 2 * DAY, "calendar"),
        ("2 minggu", 14 * DAY, None),
        ("45 detik", 45, None),
        ("1 jam dan 30 menit", 5400, None),
    ],
)
def test_parse_duration_reads(text, seconds, clock):
    assert parse_duration(text) == Duration(Decimal(seconds), clock)


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("1,5 jam", 5400), ("1.5 jam", 5400), ("30,5 detik", Decimal("30.5")), ("4 jam kerja", 14400)],
)
def test_parse_duration_reads_indonesian_decimals(text, seconds):
    assert parse_duration(text, language="id").seconds == Decimal(seconds)


@pytest.mark.parametrize(
    ("value", "message", "language"),
    [
        ("1:30", '"1 hour 30 minutes"', "en"),
        ("90", "needs a unit", "en"),
        (90, "needs a unit", "en"),
        (Decimal("1.5"), "needs a unit", "en"),
        ("1 hour 30", '"30" needs a unit', "en"),
        ("1 month", '"30 days"', "en"),
        ("2 months", '"60 days"', "en"),
        ("1 year", '"365 days"', "en"),
        ("1 bulan", "days", "en"),
        ("P1M", '"P30D"', "en"),
        ("P1Y", "days", "en"),
        ("P", 'a number must come before "P"', "en"),
        ("3 Fortnights", '"Fortnights" is not a unit', "en"),
        ("PT", "ISO 8601", "en"),
        ("PT4X", "ISO 8601", "en"),
        ("1,5 jam", 'with a dot ("1.5")', "en"),
        ("1.000 detik", "could mean 1000 or 1,000", "id"),
        ("-1 hour", "negative", "en"),
        ("3 fortnights", '"fortnights" is not a unit', "en"),
        ("an hour", "a number must come before", "en"),
        ("1 hour and", 'nothing follows "and"', "en"),
        ("1 business hour 1 calendar hour", "mixes business and calendar", "en"),
        ("1.2.3 hours", "not a number", "en"),
        ("1 hour!", "", "en"),
        ("", "empty", "en"),
        ("   ", "empty", "en"),
        ("9" * 60 + " hours", "too many digits", "en"),
        (True, "true/false", "en"),
        (None, "nothing", "en"),
    ],
)
def test_parse_duration_rejects(value, message, language):
    with pytest.raises(ValueError, match="^expected a duration") as error:
        parse_duration(value, language=language)
    assert message in str(error.value)


def test_parse_duration_rejects_an_unknown_language():
    with pytest.raises(ValueError, match="unsupported language"):
        parse_duration("1 hour", language="fr")


@pytest.mark.parametrize(
    ("duration", "english", "indonesian"),
    [
        (Duration(Decimal(4 * HOUR), "business"), "4 business hours", "4 jam kerja"),
        (Duration(Decimal(5400)), "1 hour 30 minutes", "1 jam 30 menit"),
        (Duration(Decimal(1800)), "30 minutes", "30 menit"),
        (Duration(Decimal(2 * DAY)), "2 days", "2 hari"),
        (Duration(Decimal(2 * DAY), "calendar"), "2 calendar days", "2 hari kalender"),
        (Duration(Decimal(5400), "business"), "1 business hour 30 minutes", "1 jam kerja 30 menit"),
        (Duration(Decimal(HOUR)), "1 hour", "1 jam"),
        (Duration(Decimal("90.5")), "1 minute 30.5 seconds", "1 menit 30,5 detik"),
        (Duration(Decimal("5400.0")), "1 hour 30 minutes", "1 jam 30 menit"),
        (Duration(Decimal(DAY + 1)), "1 day 1 second", "1 hari 1 detik"),
        (Duration(Decimal(0)), "0 seconds", "0 detik"),
        (Duration(Decimal("0.25")), "0.25 seconds", "0,25 detik"),
    ],
)
def test_duration_phrases(duration, english, indonesian):
    assert str(duration) == english
    assert duration.describe("id") == indonesian


durations = st.builds(
    Duration,
    st.decimals(min_value=0, max_value=10**9, places=3, allow_nan=False, allow_infinity=False),
    st.sampled_from(["business", "calendar", None]),
)


@untimed
@given(durations)
def test_duration_phrases_read_back(duration):
    assert parse_duration(str(duration)) == duration
    assert parse_duration(duration.describe("id"), language="id") == duration


def test_durations_order_by_seconds_but_equal_only_on_the_same_clock():
    four_hours = parse_duration("4 hours")
    four_business_hours = parse_duration("4 business hours")
    assert parse_duration("30 minutes") < four_hours < parse_duration("1 day")
    assert four_hours <= four_business_hours and four_hours >= four_business_hours
    assert four_hours != four_business_hours
    assert four_hours == parse_duration("PT4H") == parse_duration("240 min")
    assert max(parse_duration(t) for t in ("1 h", "90 s", "2 days")) == parse_duration("48 h")


@pytest.mark.parametrize(
    ("seconds", "clock"),
    [(Decimal(-1), None), (Decimal("NaN"), None), (3600, None), (Decimal(1), "wall")],
)
def test_duration_rejects_invalid_fields(seconds, clock):
    with pytest.raises(ValueError):
        Duration(seconds, clock)


# --- money ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "language", "amount", "currency"),
    [
        ("5000 USD", "en", "5000", "USD"),
        ("USD 5000", "en", "5000", "USD"),
        ("5000 usd", "en", "5000", "USD"),
        ("USD5000", "en", "5000", "USD"),
        ("$5,000", "en", "5000", "USD"),
        ("$5,000 USD", "en", "5000", "USD"),
        ("€20", "en", "20", "EUR"),
        ("£1,234.56", "en", "1234.56", "GBP"),
        ("5,000.50 USD", "en", "5000.50", "USD"),
        ("1,000,000 JPY", "en", "1000000", "JPY"),
        ("Rp 5000000", "en", "5000000", "IDR"),
        ({"amount": 5000, "currency": "USD"}, "en", "5000", "USD"),
        ({"amount": "5,000.50", "currency": "usd"}, "en", "5000.50", "USD"),
        ({"amount": Decimal("0.1"), "currency": "$"}, "en", "0.1", "USD"),
        ({"amount": 0.1, "currency": "EUR"}, "en", "0.1", "EUR"),
        ("Rp 5.000.000", "id", "5000000", "IDR"),
        ("Rp5.000.000", "id", "5000000", "IDR"),
        ("Rp. 5.000.000", "id", "5000000", "IDR"),
        ("5.000.000,50 IDR", "id", "5000000.50", "IDR"),
        ("IDR 5.000.000", "id", "5000000", "IDR"),
        ("$5.000", "id", "5000", "USD"),  # how the seed guide writes the sales quota
        ({"amount": "5.000", "currency": "IDR"}, "id", "5000", "IDR"),
    ],
)
def test_parse_money_reads(value, language, amount, currency):
    assert parse_money(value, language=language) == Money(Decimal(amount), currency)


@pytest.mark.parametrize(
    ("value", "language", "message"),
    [
        ("5000", "en", "no currency"),
        (5000, "en", 'no currency; write it like "5000 USD"'),
        ("5000 dollars", "en", '"dollars" is not a currency'),
        ("5000 US", "en", '"US" is not a currency'),
        ("$5 EUR", "en", "two different currencies"),
        ("-5 USD", "en", "negative"),
        ("USD -5", "en", "negative"),
        ("5.000.000 IDR", "en", 'write it as "5,000,000"'),
        ("5,000,000.50 IDR", "id", 'write it as "5.000.000,50"'),
        ("5,00 USD", "en", 'write it as "5.00"'),
        ("Rp 5.000.000", "en", 'write it as "5,000,000"'),
        ("5,0,0 USD", "en", "not a number"),
        ("USD", "en", 'got "USD"'),
        ("", "en", 'got ""'),
        ({"amount": 5000}, "en", '"amount" and "currency"'),
        ({"currency": "USD"}, "en", '"amount" and "currency"'),
        ({"amount": 5000, "currency": "USD", "per": "month"}, "en", 'unexpected "per"'),
        ({"amount": -1, "currency": "USD"}, "en", "negative"),
        ({"amount": "-1", "currency": "USD"}, "en", "negative"),
        ({"amount": float("nan"), "currency": "USD"}, "en", "finite"),
        ({"amount": float("inf"), "currency": "USD"}, "en", "finite"),
        ({"amount": True, "currency": "USD"}, "en", "true/false"),
        ({"amount": 1, "currency": 840}, "en", "currency code"),
        (None, "en", "nothing"),
    ],
)
def test_parse_money_rejects(value, language, message):
    with pytest.raises(ValueError) as error:
        parse_money(value, language=language)
    assert message in str(error.value)


@pytest.mark.parametrize(
    ("money", "english", "indonesian"),
    [
        (Money(Decimal(5000), "USD"), "5,000 USD", "USD 5.000"),
        (Money(Decimal("5000.5"), "USD"), "5,000.50 USD", "USD 5.000,50"),
        (Money(Decimal("5000.00"), "USD"), "5,000 USD", "USD 5.000"),
        (Money(Decimal(5000000), "IDR"), "5,000,000 IDR", "IDR 5.000.000"),
        (Money(Decimal("0.125"), "BHD"), "0.125 BHD", "BHD 0,125"),
        (Money(Decimal(100), "EUR"), "100 EUR", "EUR 100"),
    ],
)
def test_format_money(money, english, indonesian):
    assert format_money(money, "en") == english == str(money)
    assert format_money(money, "id") == indonesian


@untimed
@given(
    amount=st.decimals(min_value=0, max_value=10**12, places=2, allow_nan=False),
    currency=st.sampled_from(["USD", "IDR", "EUR"]),
    language=st.sampled_from(["en", "id"]),
)
def test_formatted_money_reads_back(amount, currency, language):
    money = Money(amount, currency)
    assert parse_money(format_money(money, language), language=language) == money


@pytest.mark.parametrize(
    ("amount", "currency"), [(Decimal(-1), "USD"), (Decimal("NaN"), "USD"), (Decimal(1), "usd")]
)
def test_money_rejects_invalid_fields(amount, currency):
    with pytest.raises(ValueError):
        Money(amount, currency)


# --- quantities -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "language", "number", "unit"),
    [
        ("100 leads", "en", "100", "leads"),
        ("50 reams", "en", "50", "reams"),
        ("100leads", "en", "100", "leads"),
        ("100  qualified   leads", "en", "100", "qualified leads"),
        ("1,000 leads", "en", "1000", "leads"),
        ("1.000 prospek", "id", "1000", "prospek"),
        ("2.5 hours", "en", "2.5", "hours"),
        ("100", "en", "100", ""),
        (100, "en", "100", ""),
        (Decimal("2.5"), "en", "2.5", ""),
        (2.5, "en", "2.5", ""),
    ],
)
def test_parse_quantity_reads(value, language, number, unit):
    assert parse_quantity(value, language=language) == (Decimal(number), unit)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("-5 leads", "negative"),
        (-5, "negative"),
        ("leads", 'got "leads"'),
        ("100 200", 'got "100 200"'),
        ("", 'got ""'),
        (True, "true/false"),
        (float("nan"), "finite"),
    ],
)
def test_parse_quantity_rejects(value, message):
    with pytest.raises(ValueError, match="^expected a quantity") as error:
        parse_quantity(value)
    assert message in str(error.value)


# --- periods and downtime budgets -------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "period"),
    [
        *[(period, period) for period in PERIODS],
        ("days", "day"),
        ("daily", "day"),
        ("hari", "day"),
        ("harian", "day"),
        ("weeks", "week"),
        ("weekly", "week"),
        ("minggu", "week"),
        ("mingguan", "week"),
        ("months", "month"),
        ("Monthly", "month"),
        ("bulan", "month"),
        ("bulanan", "month"),
        ("quarters", "quarter"),
        ("quarterly", "quarter"),
        ("triwulan", "quarter"),
        ("kuartal", "quarter"),
        ("years", "year"),
        ("yearly", "year"),
        ("annually", "year"),
        ("annual", "year"),
        ("tahun", "year"),
        ("tahunan", "year"),
        (" year ", "year"),
    ],
)
def test_parse_period_reads(word, period):
    assert parse_period(word) == period


@pytest.mark.parametrize("value", ["fortnight", "", "hourly", None, 12, True])
def test_parse_period_rejects(value):
    with pytest.raises(ValueError, match="^expected a period"):
        parse_period(value)


@pytest.mark.parametrize(
    ("text", "language", "seconds", "period"),
    [
        ("31s per year", "en", "31", "year"),
        ("31 seconds a year", "en", "31", "year"),
        ("52 minutes a month", "en", "3120", "month"),
        ("5 m 15.6 s per year", "en", "315.6", "year"),
        ("8 h 45 m 57.6 s per year", "en", "31557.6", "year"),
        ("43m50s/month", "en", "2630", "month"),
        ("43m50s / month", "en", "2630", "month"),
        ("4 hours every quarter", "en", "14400", "quarter"),
        ("31 seconds annually", "en", "31", "year"),
        ("31 Seconds Per Year", "en", "31", "year"),
        ("8 jam per bulan", "en", "28800", "month"),
        ("4 menit per tahun", "en", "240", "year"),
        ("4 menit setahun", "en", "240", "year"),
        ("1,5 jam per bulan", "id", "5400", "month"),
    ],
)
def test_parse_budget_reads(text, language, seconds, period):
    assert parse_budget(text, language=language) == (Duration(Decimal(seconds)), period)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("4 minutes", "end it with a period"),
        ("per year", "got"),
        ("31 per year", "needs a unit"),
        ("1 month per year", "days"),
        ("", "got"),
        (None, "nothing"),
    ],
)
def test_parse_budget_rejects(value, message):
    with pytest.raises(ValueError) as error:
        parse_budget(value)
    assert message in str(error.value)


# --- number formatting ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "language", "places", "expected"),
    [
        (5000, "en", None, "5,000"),
        (Decimal(5000), "id", None, "5.000"),
        (Decimal("99.95"), "en", None, "99.95"),
        (Decimal("99.95"), "id", None, "99,95"),
        (Decimal("1234567.890"), "en", None, "1,234,567.89"),
        (Decimal("1234567.890"), "id", None, "1.234.567,89"),
        (Decimal("1E+3"), "en", None, "1,000"),
        (Decimal("-1234.5"), "en", None, "-1,234.5"),
        (Decimal("-0.0"), "en", None, "0"),
        (Decimal("0.000001"), "en", None, "0.000001"),
        (123, "en", None, "123"),
        (Decimal("30.41666"), "en", 4, "30.4167"),
        (Decimal("2.5"), "en", 0, "2"),  # half-even
        (Decimal("3.5"), "en", 0, "4"),
        (Decimal("1.999"), "en", 2, "2"),
    ],
)
def test_format_number(value, language, places, expected):
    assert format_number(value, language, places=places) == expected


def test_format_percent():
    assert format_percent(Decimal("99.95")) == "99.95%"
    assert format_percent(Decimal("99.95"), "id") == "99,95%"
    assert format_percent(Decimal("100.00")) == "100%"


@pytest.mark.parametrize("value", [Decimal("NaN"), Decimal("Infinity"), True, None, "5"])
def test_format_number_rejects_non_numbers(value):
    with pytest.raises(ValueError):
        format_number(value)


@pytest.mark.parametrize(
    ("text", "language"), [("5.000 USD", "en"), ("USD 5,000", "id"), ("1.500 leads", "en")]
)
def test_three_decimals_that_look_like_thousands_are_refused(text, language):
    parse = parse_quantity if "leads" in text else parse_money
    with pytest.raises(ValueError, match="ambiguous"):
        parse(text, language=language)


@untimed
@given(
    number=st.integers(min_value=0, max_value=10**9),
    kind=st.sampled_from(["leads", "tickets per week", "USD", "IDR"]),
    language=st.sampled_from(["en", "id"]),
)
def test_a_target_is_written_with_the_languages_separators_and_reads_back(
    number: int, kind: str, language: str
) -> None:
    """A goal's target as the contract writes it (issue 13: "5000 USD" beside "5,000 USD"):
    the number grouped as the language groups it, the unit or currency kept, and the text
    read back to the same target."""
    from sladoc.agreement.fields import _measure_of

    measure = _measure_of(f"{number} {kind}", language)
    written = measure.written(language)
    assert format_number(number, language) in written
    again = _measure_of(written, language)
    assert (again.money or again.number) == (measure.money or measure.number)
    assert again.unit == measure.unit
