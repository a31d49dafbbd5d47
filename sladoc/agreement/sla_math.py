"""The arithmetic behind an agreement's figures: uptime percentages and their downtime budgets,
the Marketing/Sales lead funnel, and the daily goal line.

Everything is :class:`~decimal.Decimal` and exact wherever the maths allows; where a division
does not terminate (1/3 of a goal) the result carries 50 significant digits and callers round
for display. Invalid figures raise :class:`ValueError` with a message fit for a user.

A month and a year have no single length, so every budget depends on a :class:`Convention`
that a document must state (see :meth:`Convention.describe`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Context, Decimal, localcontext
from fractions import Fraction
from typing import Literal

from sladoc.agreement.values import (
    PERIODS,
    format_number,
    format_percent,
    parse_percent,
    parse_period,
)
from sladoc.language import language as _language

__all__ = [
    "DEFAULT",
    "PERIODS",
    "Convention",
    "Funnel",
    "availability_for",
    "average_deal",
    "budget_table",
    "close_rate",
    "count_nines",
    "downtime_budget",
    "format_duration",
    "format_number",
    "format_percent",
    "goal_line",
    "marketing_share",
    "period_seconds",
    "recalc",
]

# Enough digits that a budget computed from any sensible percentage is exact, and inverting it
# gives back the percentage it came from.
_CONTEXT = Context(prec=50)

_SECONDS_PER_DAY = 86400


def _number(value: object, what: str) -> Decimal:
    """A finite, non-negative Decimal from a Decimal or int (bool is not a number)."""
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        raise ValueError(f"{what} must be a number, got {type(value).__name__}")
    number = Decimal(value)
    if not number.is_finite():
        raise ValueError(f"{what} must be a finite number, got {number}")
    if number < 0:
        raise ValueError(f"{what} cannot be negative, got {number}")
    return number


def _tidy(number: Decimal) -> Decimal:
    """Drop trailing zeros (31557.6000 -> 31557.6) without the exponent form normalize() gives
    whole numbers (86400 -> 8.64E+4), so results read well wherever they are printed."""
    if number == number.to_integral_value():
        # quantize() refuses a result longer than the context's precision; whole numbers
        # past 50 digits (a funnel with a 0.0...1% close rate) still need one
        context = Context(prec=max(_CONTEXT.prec, number.adjusted() + 2))
        return number.quantize(Decimal(1), context=context)
    return number.normalize(_CONTEXT)


# --- conventions ------------------------------------------------------------------------


@dataclass(frozen=True)
class Convention:
    """How long a year and a month are taken to be.

    ``year_days``: 365.25 (the average Julian year, the usual uptime convention), 365, 366, or
    360 (the banking "30/360" year). ``month``: "average" (a twelfth of the year), "30-day", or
    a specific month length, 28 to 31. A quarter is always a quarter of the year.
    """

    year_days: Decimal = Decimal("365.25")
    month: Literal["average", "30-day"] | int = "average"

    def __post_init__(self) -> None:
        year_days = _number(self.year_days, "the number of days in a year")
        if not 360 <= year_days <= 366:
            raise ValueError(f"a year has 360 to 366 days, got {year_days}")
        if isinstance(self.month, bool) or (
            isinstance(self.month, int) and not 28 <= self.month <= 31
        ):
            raise ValueError(f"a month has 28 to 31 days, got {self.month}")
        if not isinstance(self.month, int) and self.month not in ("average", "30-day"):
            raise ValueError(f'a month is "average", "30-day" or 28 to 31 days, got {self.month!r}')

    def describe(self) -> str:
        """e.g. "365.25-day year; average month of 30.4375 days" (rounded to 4 decimals)."""
        year = f"{format_number(self.year_days)}-day year"
        if self.month == "average":
            days = format_number(Decimal(self.year_days) / 12, places=4)
            return f"{year}; average month of {days} days"
        month_days = 30 if self.month == "30-day" else self.month
        return f"{year}; {month_days}-day month"


DEFAULT = Convention()


def period_seconds(period: str, convention: Convention = DEFAULT) -> Decimal:
    """Seconds in a day, week, month, quarter or year under ``convention``."""
    period = parse_period(period)
    if period in ("day", "week"):
        return Decimal((1 if period == "day" else 7) * _SECONDS_PER_DAY)
    if period == "month" and convention.month != "average":
        month_days = 30 if convention.month == "30-day" else convention.month
        return Decimal(month_days * _SECONDS_PER_DAY)
    # Divide the year's seconds, not its days: 365 / 12 does not terminate, but 365 x 86400 / 12
    # does, for any year length (86400 is a multiple of 12).
    parts_of_year = {"month": 12, "quarter": 4, "year": 1}[period]
    with localcontext(_CONTEXT):
        return _tidy(Decimal(convention.year_days) * _SECONDS_PER_DAY / parts_of_year)


# --- availability and downtime ----------------------------------------------------------


def downtime_budget(
    availability: Decimal, period: str, convention: Convention = DEFAULT
) -> Decimal:
    """Seconds of downtime an availability percentage allows per period:
    (100 - availability) / 100 x period seconds."""
    percent = parse_percent(availability)
    with localcontext(_CONTEXT):
        return _tidy((100 - percent) * period_seconds(period, convention) / 100)


def availability_for(
    downtime_seconds: Decimal, period: str, convention: Convention = DEFAULT
) -> Decimal:
    """The availability percentage that allows ``downtime_seconds`` per period; the inverse of
    :func:`downtime_budget`. More downtime than the period holds is an error, not 0%."""
    downtime = _number(downtime_seconds, "downtime")
    total = period_seconds(period, convention)
    if downtime > total:
        raise ValueError(
            f"{format_duration(downtime)} of downtime is more than a whole "
            f"{parse_period(period)} ({format_duration(total)})"
        )
    with localcontext(_CONTEXT):
        return _tidy(100 - downtime * 100 / total)


def budget_table(
    availability: Decimal, convention: Convention = DEFAULT
) -> list[tuple[str, Decimal]]:
    """The downtime budget in seconds for each of :data:`PERIODS`, in that order."""
    return [(period, downtime_budget(availability, period, convention)) for period in PERIODS]


_COUNTS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def count_nines(availability: Decimal) -> str:
    """A short name for an availability: 99.9 -> "three nines", 99.95 -> "three and a half
    nines", 90 -> "one nine"; anything else is written as a percentage ("99.8%")."""
    percent = parse_percent(availability)
    with localcontext(_CONTEXT):
        shortfall = 100 - percent
    if shortfall > 0:
        magnitude = shortfall.adjusted()
        # n nines leave 10^(2-n) percent; "n and a half" leave half of that
        if shortfall == Decimal(1).scaleb(magnitude):
            count, half = 2 - magnitude, False
        elif shortfall == Decimal(5).scaleb(magnitude):
            count, half = 1 - magnitude, True
        else:
            count, half = 0, False
        if 1 <= count <= len(_COUNTS):
            name = _COUNTS[count - 1]
            if half:
                return f"{name} and a half nines"
            return f"{name} nine" if count == 1 else f"{name} nines"
    return format_percent(percent)


def nines_equivalent(availability: Decimal) -> Decimal:
    """How many nines an availability amounts to, to one decimal: 99.9 -> 3.0, 99.95 -> 3.3,
    99.999902 -> 6.0. Used to say what a mistyped downtime figure really promises."""
    percent = parse_percent(availability)
    shortfall = (100 - percent) / 100
    if shortfall <= 0:
        raise ValueError("100% availability allows no downtime; it has no count of nines")
    return (-shortfall.log10()).quantize(Decimal("0.1"))


def format_duration(seconds: Decimal, *, precision: int = 1, language: str = "en") -> str:
    """A downtime figure for people: "8 h 45 m 57.6 s", "31.6 s", "1 d 2 h", "0 s".

    Seconds are rounded half-even to ``precision`` decimals before the split into days, hours,
    minutes and seconds, so rounding carries (59.96 s -> "1 m"). Zero parts are left out.
    ``language`` picks the decimal mark and the units ("5 menit 15,6 detik" in Indonesian;
    short English unit letters are the custom in uptime tables, see :mod:`sladoc.language`).
    """
    total = _number(seconds, "a duration")
    if isinstance(precision, bool) or not isinstance(precision, int) or precision < 0:
        raise ValueError(f"precision must be a whole number of decimals, got {precision!r}")
    # quantize() refuses results longer than the context precision, so make room for them
    context = Context(prec=max(28, total.adjusted() + precision + 2), rounding=ROUND_HALF_EVEN)
    rounded = total.quantize(Decimal(1).scaleb(-precision), context=context)
    whole = int(rounded)
    days, rest = divmod(whole, _SECONDS_PER_DAY)
    hours, rest = divmod(rest, 3600)
    minutes, rest = divmod(rest, 60)
    units = _language(language).short_units
    day, hour, minute, second = (units[unit] for unit in ("day", "hour", "minute", "second"))
    parts = [
        f"{format_number(count, language)} {unit}"
        for count, unit in ((days, day), (hours, hour), (minutes, minute))
        if count
    ]
    second_part = rest + (rounded - whole)
    if second_part or not parts:
        parts.append(f"{format_number(second_part, language)} {second}")
    return " ".join(parts)


# --- the Marketing/Sales funnel ---------------------------------------------------------


@dataclass(frozen=True)
class Funnel:
    """What Marketing must deliver for Sales to make its quota.

    ``marketing_share`` and ``close_rate`` are percentages. Customers and leads are rounded up:
    49.5 customers is not enough, 50 is.
    """

    quota: Decimal
    marketing_share: Decimal
    average_deal: Decimal
    close_rate: Decimal

    def __post_init__(self) -> None:
        _number(self.quota, "the sales quota")
        if _number(self.marketing_share, "the marketing share") > 100:
            raise ValueError(f"the marketing share is at most 100%, got {self.marketing_share}%")
        if _number(self.average_deal, "the average deal size") == 0:
            raise ValueError("the average deal size must be more than 0")
        rate = _number(self.close_rate, "the close rate")
        if not 0 < rate <= 100:
            raise ValueError(f"the close rate must be more than 0% and at most 100%, got {rate}%")

    @property
    def marketing_revenue(self) -> Decimal:
        """The revenue Sales must close from marketing-sourced leads: quota x share / 100."""
        with localcontext(_CONTEXT):
            return _tidy(Decimal(self.quota) * Decimal(self.marketing_share) / 100)

    @property
    def customers_needed(self) -> Decimal:
        """Marketing-sourced revenue / average deal, rounded up to a whole customer."""
        # Fractions keep the quotient exact, so the rounding up never sees a rounding error.
        return Decimal(_ceil(self._exact_customers()))

    @property
    def leads_needed(self) -> Decimal:
        """Customers needed / close rate, rounded up to a whole lead."""
        return Decimal(_ceil(self._exact_leads()))

    def _exact_customers(self) -> Fraction:
        return Fraction(self.marketing_revenue) / Fraction(self.average_deal)

    def _exact_leads(self) -> Fraction:
        return Fraction(self.customers_needed) * 100 / Fraction(self.close_rate)

    def steps(self, language: str = "en") -> list[str]:
        """The three steps as arithmetic only, numbers written for ``language``:
        "5,000 × 100% = 5,000", "5,000 ÷ 100 = 50", "50 ÷ 50% = 100"."""
        revenue, customers = self.marketing_revenue, self.customers_needed
        return [
            f"{format_number(self.quota, language)} × "
            f"{format_percent(self.marketing_share, language)} = "
            f"{format_number(revenue, language)}",
            f"{format_number(revenue, language)} ÷ {format_number(self.average_deal, language)}"
            f" {_rounded_up(self._exact_customers(), language)}",
            f"{format_number(customers, language)} ÷ {format_percent(self.close_rate, language)}"
            f" {_rounded_up(self._exact_leads(), language)}",
        ]

    def working(self) -> list[str]:
        """The steps with what each result is, in English, e.g.
        "5,000 × 100% = 5,000 marketing-sourced revenue", "5,000 ÷ 100 = 50 customers",
        "50 ÷ 50% = 100 leads"."""
        names = ("marketing-sourced revenue", "customers", "leads")
        return [f"{step} {name}" for step, name in zip(self.steps(), names, strict=True)]


def _ceil(exact: Fraction) -> int:
    """Round up to a whole number, ignoring a tail beyond 12 decimals: rates recalculated
    from actuals (20 of 62 leads = 32.258...%) are stored to 50 digits, and 50 customers at
    that rate must need 155 leads, not 156 because of the 50th digit."""
    return math.ceil(round(exact, 12))


def _rounded_up(exact: Fraction, language: str = "en") -> str:
    """The result of a division that must be whole: "= 50" when it is; otherwise the exact
    or approximate quotient and, after an arrow, the whole number it rounds up to
    ("≈ 16.67 → 17")."""
    whole = _ceil(exact)
    if round(exact, 12) == whole:
        return f"= {format_number(whole, language)}"
    with localcontext(_CONTEXT):
        quotient = Decimal(exact.numerator) / Decimal(exact.denominator)
    sign = "=" if (exact * 100).denominator == 1 else "≈"
    shown = format_number(quotient, language, places=2)
    return f"{sign} {shown} → {format_number(whole, language)}"


def close_rate(leads: Decimal, customers: Decimal) -> Decimal:
    """Percent of marketing leads that became customers, from a period's actuals."""
    lead_count = _number(leads, "the number of leads")
    customer_count = _number(customers, "the number of customers")
    if lead_count == 0:
        raise ValueError("no close rate without leads: the number of leads is 0")
    if customer_count > lead_count:
        raise ValueError(f"{customer_count} customers cannot come from {lead_count} leads")
    with localcontext(_CONTEXT):
        return _tidy(customer_count * 100 / lead_count)


def average_deal(revenue: Decimal, customers: Decimal) -> Decimal:
    """Revenue from marketing-sourced customers / those customers, from a period's actuals."""
    total = _number(revenue, "the revenue")
    customer_count = _number(customers, "the number of customers")
    if customer_count == 0:
        raise ValueError("no average deal size without customers: the number of customers is 0")
    with localcontext(_CONTEXT):
        return _tidy(total / customer_count)


def marketing_share(marketing_revenue: Decimal, total_revenue: Decimal) -> Decimal:
    """Percent of the revenue closed that came from marketing leads, from a period's actuals."""
    from_marketing = _number(marketing_revenue, "the marketing-sourced revenue")
    total = _number(total_revenue, "the total revenue")
    if total == 0:
        raise ValueError("no marketing share without revenue: the total revenue is 0")
    if from_marketing > total:
        raise ValueError("the marketing-sourced revenue cannot exceed the total revenue")
    with localcontext(_CONTEXT):
        return _tidy(from_marketing * 100 / total)


def recalc(
    quota: Decimal,
    *,
    leads: Decimal,
    customers: Decimal,
    marketing_revenue: Decimal,
    total_revenue: Decimal,
) -> Funnel:
    """Next period's funnel from this period's actuals, as the guide advises doing monthly:
    the same quota with the close rate, deal size and marketing share actually achieved."""
    return Funnel(
        quota=quota,
        marketing_share=marketing_share(marketing_revenue, total_revenue),
        average_deal=average_deal(marketing_revenue, customers),
        close_rate=close_rate(leads, customers),
    )


# --- reporting --------------------------------------------------------------------------


def goal_line(goal: Decimal, days_in_month: int) -> list[Decimal]:
    """The cumulative goal at the end of each day 1..n, (i / n) x goal, for the "waterfall"
    chart that plots actual results against it. The last value is the goal itself."""
    target = _number(goal, "the goal")
    if isinstance(days_in_month, bool) or not isinstance(days_in_month, int) or days_in_month < 1:
        raise ValueError(f"the number of days must be a whole number from 1, got {days_in_month!r}")
    with localcontext(_CONTEXT):
        # multiply before dividing, so the last day is exactly the goal
        return [_tidy(target * day / days_in_month) for day in range(1, days_in_month + 1)]
