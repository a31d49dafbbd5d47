"""Tests for sladoc.agreement.sla_math: downtime budgets, the lead funnel and the goal line."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sladoc.agreement.sla_math import (
    DEFAULT,
    PERIODS,
    Convention,
    Funnel,
    availability_for,
    average_deal,
    budget_table,
    close_rate,
    count_nines,
    downtime_budget,
    format_duration,
    format_number,
    format_percent,
    goal_line,
    marketing_share,
    period_seconds,
    recalc,
)

# Tests must never fail for being slow, so no deadline and no timing health check.
untimed = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])

YEAR_365 = Convention(year_days=Decimal(365))

percents = st.decimals(min_value=0, max_value=100, places=8, allow_nan=False, allow_infinity=False)
conventions = st.builds(
    Convention,
    st.sampled_from([Decimal("365.25"), Decimal(365), Decimal(366), Decimal(360)]),
    st.sampled_from(["average", "30-day", 28, 29, 30, 31]),
)


# --- known figures (DOMAIN.md, "Mistyped nines") ----------------------------------------


@pytest.mark.parametrize(
    ("availability", "convention", "period", "expected"),
    [
        ("99.9", DEFAULT, "year", "8 h 45 m 57.6 s"),
        ("99.99", DEFAULT, "year", "52 m 35.8 s"),
        ("99.999", DEFAULT, "year", "5 m 15.6 s"),
        ("99.9999", DEFAULT, "year", "31.6 s"),
        ("99.9", YEAR_365, "year", "8 h 45 m 36 s"),
        ("99.99", YEAR_365, "year", "52 m 33.6 s"),
        ("99.999", YEAR_365, "year", "5 m 15.4 s"),
        ("99.9999", YEAR_365, "year", "31.5 s"),
        ("99.9", DEFAULT, "month", "43 m 49.8 s"),
        ("99.95", DEFAULT, "month", "21 m 54.9 s"),
        ("99.9", DEFAULT, "day", "1 m 26.4 s"),
        ("99.9", DEFAULT, "week", "10 m 4.8 s"),
        ("99.9", DEFAULT, "quarter", "2 h 11 m 29.4 s"),
        ("99.9", Convention(month="30-day"), "month", "43 m 12 s"),
        ("99", DEFAULT, "year", "3 d 15 h 39 m 36 s"),
        ("100", DEFAULT, "year", "0 s"),
        ("0", DEFAULT, "day", "1 d"),
    ],
)
def test_known_downtime_figures(availability, convention, period, expected):
    budget = downtime_budget(Decimal(availability), period, convention)
    assert format_duration(budget) == expected


def test_average_month_budget_is_exact():
    assert downtime_budget(Decimal("99.9"), "month") == Decimal("2629.8")
    assert format_duration(Decimal("2629.8"), precision=0) == "43 m 50 s"


def test_downtime_budget_reads_written_percentages():
    assert downtime_budget("99.9%", "monthly") == downtime_budget(Decimal("99.9"), "month")


@pytest.mark.parametrize(
    ("availability", "period"),
    [(Decimal("100.1"), "year"), (Decimal(-1), "year"), (Decimal("99.9"), "fortnight")],
)
def test_downtime_budget_rejects(availability, period):
    with pytest.raises(ValueError):
        downtime_budget(availability, period)


def test_budget_table_covers_every_period_in_order():
    table = budget_table(Decimal("99.95"))
    assert [period for period, _ in table] == list(PERIODS)
    assert dict(table) == {
        "day": Decimal("43.2"),
        "week": Decimal("302.4"),
        "month": Decimal("1314.9"),
        "quarter": Decimal("3944.7"),
        "year": Decimal("15778.8"),
    }


# --- periods and conventions ------------------------------------------------------------


@pytest.mark.parametrize(
    ("period", "convention", "seconds"),
    [
        ("day", DEFAULT, 86400),
        ("week", DEFAULT, 604800),
        ("month", DEFAULT, 2629800),
        ("quarter", DEFAULT, 7889400),
        ("year", DEFAULT, 31557600),
        ("month", YEAR_365, 2628000),
        ("quarter", YEAR_365, 7884000),
        ("year", YEAR_365, 31536000),
        ("month", Convention(month="30-day"), 2592000),
        ("month", Convention(month=28), 2419200),
        ("month", Convention(month=31), 2678400),
        ("quarter", Convention(month=31), 7889400),  # a quarter follows the year, not the month
        ("months", DEFAULT, 2629800),
        ("tahunan", DEFAULT, 31557600),
    ],
)
def test_period_seconds(period, convention, seconds):
    assert period_seconds(period, convention) == Decimal(seconds)


@untimed
@given(conventions)
def test_periods_grow_and_a_year_is_four_quarters(convention):
    lengths = [period_seconds(period, convention) for period in PERIODS]
    assert lengths == sorted(lengths)
    assert period_seconds("quarter", convention) * 4 == period_seconds("year", convention)


@pytest.mark.parametrize(
    ("convention", "description"),
    [
        (DEFAULT, "365.25-day year; average month of 30.4375 days"),
        (YEAR_365, "365-day year; average month of 30.4167 days"),
        (Convention(month="30-day"), "365.25-day year; 30-day month"),
        (Convention(Decimal(360), "30-day"), "360-day year; 30-day month"),
        (Convention(month=31), "365.25-day year; 31-day month"),
    ],
)
def test_convention_describes_itself(convention, description):
    assert convention.describe() == description


@pytest.mark.parametrize(
    ("year_days", "month"),
    [
        (Decimal(367), "average"),
        (Decimal(300), "average"),
        (Decimal("NaN"), "average"),
        (365.25, "average"),
        (Decimal(365), 27),
        (Decimal(365), 32),
        (Decimal(365), True),
        (Decimal(365), "lunar"),
    ],
)
def test_convention_rejects(year_days, month):
    with pytest.raises(ValueError):
        Convention(year_days, month)


# --- availability from downtime ---------------------------------------------------------


@untimed
@given(availability=percents, period=st.sampled_from(PERIODS), convention=conventions)
def test_availability_for_inverts_downtime_budget(availability, period, convention):
    budget = downtime_budget(availability, period, convention)
    assert availability_for(budget, period, convention) == availability


@pytest.mark.parametrize(
    ("downtime", "period", "expected"),
    [
        (Decimal("31557.6"), "year", Decimal("99.9")),
        (Decimal("315.576"), "year", Decimal("99.999")),
        (Decimal(0), "month", Decimal(100)),
        (Decimal(86400), "day", Decimal(0)),
        (Decimal(43200), "day", Decimal(50)),
    ],
)
def test_availability_for(downtime, period, expected):
    assert availability_for(downtime, period) == expected


def test_availability_for_rounds_only_where_the_maths_must():
    # one second a year is 1/315576 of a percent: not a finite decimal, so 50 digits are kept
    availability = availability_for(Decimal(1), "year")
    assert format_percent(availability, places=6) == "99.999997%"
    assert abs(downtime_budget(availability, "year") - 1) < Decimal("1E-40")


@pytest.mark.parametrize(
    ("downtime", "message"),
    [
        (Decimal(86401), "more than a whole day"),
        (Decimal(-1), "negative"),
        (Decimal("NaN"), "finite"),
    ],
)
def test_availability_for_rejects(downtime, message):
    with pytest.raises(ValueError, match=message):
        availability_for(downtime, "day")


# --- nines ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("availability", "name"),
    [
        ("90", "one nine"),
        ("95", "one and a half nines"),
        ("99", "two nines"),
        ("99.5", "two and a half nines"),
        ("99.9", "three nines"),
        ("99.90", "three nines"),
        ("99.95", "three and a half nines"),
        ("99.99", "four nines"),
        ("99.995", "four and a half nines"),
        ("99.999", "five nines"),
        ("99.9999", "six nines"),
        ("99.8", "99.8%"),
        ("99.96", "99.96%"),
        ("50", "50%"),
        ("100", "100%"),
        ("0", "0%"),
    ],
)
def test_count_nines(availability, name):
    assert count_nines(Decimal(availability)) == name


# --- formatting durations ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("seconds", "precision", "expected"),
    [
        ("31557.6", 1, "8 h 45 m 57.6 s"),
        ("3155.76", 1, "52 m 35.8 s"),
        ("315.576", 1, "5 m 15.6 s"),
        ("31.5576", 1, "31.6 s"),
        ("2629.8", 1, "43 m 49.8 s"),
        ("2629.8", 0, "43 m 50 s"),
        ("93600", 1, "1 d 2 h"),
        ("90061", 1, "1 d 1 h 1 m 1 s"),
        ("0", 1, "0 s"),
        ("0.04", 1, "0 s"),
        ("59.96", 1, "1 m"),
        ("3599.96", 1, "1 h"),
        ("86399.95", 1, "1 d"),  # .95 rounds half-even to 86400.0
        ("0.05", 1, "0 s"),  # half-even: 0.05 -> 0.0
        ("0.15", 1, "0.2 s"),
        ("60", 1, "1 m"),
        ("3600.5", 0, "1 h"),  # half-even: 3600.5 -> 3600
        ("315.576", 2, "5 m 15.58 s"),
        ("315.5", 2, "5 m 15.5 s"),
        ("864000000", 1, "10,000 d"),
    ],
)
def test_format_duration(seconds, precision, expected):
    assert format_duration(Decimal(seconds), precision=precision) == expected


def test_format_duration_in_indonesian_uses_a_decimal_comma():
    assert format_duration(Decimal("315.576"), language="id") == "5 menit 15,6 detik"


@pytest.mark.parametrize(
    ("seconds", "precision"),
    [(Decimal(-1), 1), (Decimal("Infinity"), 1), (Decimal(1), -1), (Decimal(1), True), (1.5, 1)],
)
def test_format_duration_rejects(seconds, precision):
    with pytest.raises(ValueError):
        format_duration(seconds, precision=precision)


# --- the funnel -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("quota", "share", "deal", "rate", "revenue", "customers", "leads"),
    [
        (5000, 100, 100, 50, 5000, 50, 100),  # the seed example
        (5000, 100, 100, 40, 5000, 50, 125),
        (5000, 60, 100, 50, 3000, 30, 60),
        (5000, 100, 300, 40, 5000, 17, 43),  # 16.67 customers and 42.5 leads round up
        (5000, 0, 100, 50, 0, 0, 0),
        (
            Decimal("1000.50"),
            Decimal("33.3"),
            Decimal("12.5"),
            Decimal("12.5"),
            Decimal("333.16650"),
            27,
            216,
        ),
    ],
)
def test_funnel(quota, share, deal, rate, revenue, customers, leads):
    funnel = Funnel(Decimal(quota), Decimal(share), Decimal(deal), Decimal(rate))
    assert funnel.marketing_revenue == Decimal(revenue)
    assert funnel.customers_needed == customers
    assert funnel.leads_needed == leads


@pytest.mark.parametrize(
    ("funnel", "lines"),
    [
        (
            Funnel(Decimal(5000), Decimal(100), Decimal(100), Decimal(50)),
            [
                "5,000 × 100% = 5,000 marketing-sourced revenue",
                "5,000 ÷ 100 = 50 customers",
                "50 ÷ 50% = 100 leads",
            ],
        ),
        (
            Funnel(Decimal(5000), Decimal(100), Decimal(300), Decimal(40)),
            [
                "5,000 × 100% = 5,000 marketing-sourced revenue",
                "5,000 ÷ 300 ≈ 16.67 → 17 customers",
                "17 ÷ 40% = 42.5 → 43 leads",
            ],
        ),
    ],
)
def test_funnel_working(funnel, lines):
    assert funnel.working() == lines


@untimed
@given(
    quota=st.decimals(min_value=0, max_value=10**9, places=2),
    share=st.decimals(min_value=0, max_value=100, places=2),
    deal=st.decimals(min_value="0.01", max_value=10**6, places=2),
    rate=st.decimals(min_value="0.01", max_value=100, places=2),
)
def test_funnel_needs_are_the_least_that_make_the_quota(quota, share, deal, rate):
    funnel = Funnel(quota, share, deal, rate)
    customers, leads = funnel.customers_needed, funnel.leads_needed
    assert customers * deal >= funnel.marketing_revenue > (customers - 1) * deal
    assert leads * rate / 100 >= customers
    if leads:
        assert (leads - 1) * rate / 100 < customers


@pytest.mark.parametrize(
    ("quota", "share", "deal", "rate"),
    [
        (5000, 100, 0, 50),
        (5000, 100, 100, 0),
        (5000, 101, 100, 50),
        (5000, 100, 100, 101),
        (-1, 100, 100, 50),
        (5000, 100, -100, 50),
    ],
)
def test_funnel_rejects(quota, share, deal, rate):
    with pytest.raises(ValueError):
        Funnel(Decimal(quota), Decimal(share), Decimal(deal), Decimal(rate))


@pytest.mark.parametrize(
    ("function", "arguments", "expected"),
    [
        (close_rate, (100, 50), "50"),
        (close_rate, (120, 45), "37.5"),
        (close_rate, (3, 1), "33.333333333333333333333333333333333333333333333333"),
        (close_rate, (10, 0), "0"),
        (average_deal, (5000, 50), "100"),
        (average_deal, (4500, 45), "100"),
        (marketing_share, (4500, 6000), "75"),
        (marketing_share, (5000, 5000), "100"),
    ],
)
def test_recalculation_from_actuals(function, arguments, expected):
    assert function(*(Decimal(a) for a in arguments)) == Decimal(expected)


@pytest.mark.parametrize(
    ("function", "arguments"),
    [
        (close_rate, (0, 0)),
        (close_rate, (10, 11)),
        (average_deal, (5000, 0)),
        (marketing_share, (0, 0)),
        (marketing_share, (6000, 5000)),
        (close_rate, (Decimal("NaN"), 1)),
    ],
)
def test_recalculation_rejects(function, arguments):
    with pytest.raises(ValueError):
        function(*(Decimal(a) for a in arguments))


def test_recalc_builds_next_periods_funnel():
    funnel = recalc(
        Decimal(5000),
        leads=Decimal(120),
        customers=Decimal(45),
        marketing_revenue=Decimal(4500),
        total_revenue=Decimal(6000),
    )
    assert funnel == Funnel(Decimal(5000), Decimal(75), Decimal(100), Decimal("37.5"))
    assert (funnel.customers_needed, funnel.leads_needed) == (38, 102)


# --- goal line --------------------------------------------------------------------------


def test_goal_line_example():
    assert goal_line(Decimal(100), 4) == [Decimal(25), Decimal(50), Decimal(75), Decimal(100)]
    assert goal_line(Decimal(100), 30)[0] == Decimal("3." + "3" * 49)  # 50 digits of 100/30


@untimed
@given(
    goal=st.decimals(min_value=0, max_value=10**9, places=3),
    days=st.integers(min_value=1, max_value=31),
)
def test_goal_line_rises_to_the_goal(goal, days):
    line = goal_line(goal, days)
    assert len(line) == days
    assert line == sorted(line)
    assert line[-1] == goal


@pytest.mark.parametrize(
    ("goal", "days"), [(Decimal(100), 0), (Decimal(100), True), (Decimal(-1), 30), (100.0, 30)]
)
def test_goal_line_rejects(goal, days):
    with pytest.raises(ValueError):
        goal_line(goal, days)


# --- number formatting (shared with sladoc.agreement.values) --------------------------------------


@pytest.mark.parametrize(
    ("value", "language", "expected"),
    [
        (Decimal(5000), "en", "5,000"),
        (Decimal(5000), "id", "5.000"),
        (Decimal("99.95"), "en", "99.95"),
        (Decimal("99.95"), "id", "99,95"),
        (Decimal("5000.00"), "en", "5,000"),
    ],
)
def test_format_number(value, language, expected):
    assert format_number(value, language) == expected


@pytest.mark.parametrize(
    ("value", "language", "expected"),
    [(Decimal("99.95"), "en", "99.95%"), (Decimal("99.95"), "id", "99,95%")],
)
def test_format_percent(value, language, expected):
    assert format_percent(value, language) == expected


def test_recalculated_rates_do_not_round_up_a_lead_too_many():
    # 20 customers from 62 leads: 32.258...%; 50 customers then need exactly 155 leads
    funnel = recalc(
        Decimal(5000),
        leads=Decimal(62),
        customers=Decimal(20),
        marketing_revenue=Decimal(2000),
        total_revenue=Decimal(2000),
    )
    assert funnel.customers_needed == 50
    assert funnel.leads_needed == 155
