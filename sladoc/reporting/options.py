"""The values of ``sladoc report``'s options, read with the errors the command prints."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from sladoc.agreement.values import parse_quantity
from sladoc.errors import UsageError
from sladoc.reporting.month import Month


def parse_month(text: str) -> Month:
    """``2027-03`` -> Month(2027, 3). Raises UsageError otherwise."""
    match = re.fullmatch(r"\s*(\d{4})-(\d{1,2})\s*", text)
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise UsageError(f"--period must be a month written YYYY-MM (e.g. 2027-03), got {text!r}")
    return Month(int(match.group(1)), int(match.group(2)))


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
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(f"{flag} must be a date written YYYY-MM-DD, got {text!r}") from None
