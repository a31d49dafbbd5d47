"""The values of ``sladoc report``'s options, read with the errors the command prints."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from sladoc.agreement.values import parse_quantity
from sladoc.errors import UsageError
from sladoc.reporting.month import Month

FIRST_YEAR, LAST_YEAR = 1900, 9998
"""The years a report may cover: a month's arithmetic (its last instant, the day after,
a time zone's offset) must stay inside the calendar Python has (years 1 to 9999)."""


def parse_month(text: str) -> Month:
    """``2027-03`` -> Month(2027, 3). Raises UsageError otherwise, and for a year outside
    :data:`FIRST_YEAR` .. :data:`LAST_YEAR`."""
    match = re.fullmatch(r"\s*(\d{4})-(\d{1,2})\s*", text)
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise UsageError(f"--period must be a month written YYYY-MM (e.g. 2027-03), got {text!r}")
    if not FIRST_YEAR <= int(match.group(1)) <= LAST_YEAR:
        raise UsageError(f"--period must be a month of the years {_YEARS}, got {text.strip()!r}")
    return Month(int(match.group(1)), int(match.group(2)))


_YEARS = f"{FIRST_YEAR} to {LAST_YEAR}"


def parse_amount(text: str, flag: str) -> Decimal:
    """An option's amount of money, in the agreement's currency: "12000", "12000.50",
    "12,000" (read as English writes numbers). UsageError else."""
    try:
        value, unit = parse_quantity(text.strip())
    except ValueError:
        value, unit = Decimal(0), "not a number"
    if unit:
        raise UsageError(f"{flag} must be an amount such as 12000, got {text!r}")
    return value


def parse_day(text: str, flag: str) -> date:
    """``2027-03-31`` -> date(2027, 3, 31). Raises UsageError otherwise, and for a year
    outside :data:`FIRST_YEAR` .. :data:`LAST_YEAR`."""
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(f"{flag} must be a date written YYYY-MM-DD, got {text!r}") from None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise UsageError(f"{flag} must be a day of the years {_YEARS}, got {text.strip()!r}")
    return day
