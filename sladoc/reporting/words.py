"""A report's words: the wording of ``templates/report/`` in the agreement's language, and
numbers, amounts, durations and dates written as that language writes them.

Every sentence of a report (the summary, the working, the notes, the charts' titles and
labels) is a wording entry, so a report can be translated like a contract; figures are
formatted here and handed to the wording as text. Counts are handed over as numbers, so
that an entry can choose between "1 outage" and "2 outages".
"""

from __future__ import annotations

import datetime
from decimal import ROUND_DOWN, Decimal
from fractions import Fraction

from sladoc.agreement.values import Money, format_money, format_number, format_percent
from sladoc.document.templateset import TemplateSet, Wording
from sladoc.reporting.month import Month

Number = Decimal | Fraction | int


def decimal(value: Number) -> Decimal:
    """An exact figure as a Decimal (to 28 digits for a fraction that does not end)."""
    if isinstance(value, Fraction):
        return Decimal(value.numerator) / Decimal(value.denominator)
    return Decimal(value)


class ReportWords:
    """``words(key, **values) -> str``, and the formatting of the values."""

    def __init__(self, wording: Wording, language: str) -> None:
        self.wording = wording
        self.language = language
        self._months = wording.list("months")
        self._short_months = wording.list("months_short")
        self._weekdays = wording.list("weekdays")

    @classmethod
    def of(cls, language: str = "en", templates: TemplateSet | None = None) -> ReportWords:
        """The words of sladoc's own report templates (or ``templates``) in ``language``."""
        folder = templates or TemplateSet.default()
        return cls(folder.wording("report", language), language)

    def __call__(self, key: str, **values: object) -> str:
        return self.wording(key, **values)

    def list(self, key: str) -> list[str]:
        return self.wording.list(key)

    def labels(self) -> dict[str, str]:
        return self.wording.labels()

    # --- numbers ----------------------------------------------------------------------

    def number(self, value: Number, places: int | None = None) -> str:
        """5000 -> "5,000" (en) / "5.000" (id); ``places`` rounds to at most so many."""
        return format_number(decimal(value), self.language, places=places)

    def percent(self, value: Decimal | None) -> str:
        """A rate to at most two decimals, "-" for none."""
        return "-" if value is None else format_percent(value, self.language, places=2)

    def money(self, value: Decimal, currency: str) -> str:
        """An amount to the cent, as :func:`~sladoc.agreement.values.format_money` writes
        it: "2,000 USD", "150.50 USD"; Indonesian "USD 2.000"."""
        cents = value.quantize(Decimal("0.01"))
        whole = cents == cents.to_integral_value()
        return format_money(
            Money(cents.quantize(Decimal(1)) if whole else cents, currency), self.language
        )

    def minutes(self, value: Fraction) -> str:
        """Minutes to one decimal: "44,640", "97.5"."""
        return self.number(value, places=1)

    def availability(self, value: Fraction) -> str:
        """Percent rounded down to four decimals, so a figure short of its target never
        reads as met: 99.94999 shows 99.9499%, never 99.95%."""
        shown = decimal(value).quantize(Decimal("0.0001"), rounding=ROUND_DOWN)
        text = f"{shown:f}%"
        return text.replace(".", ",") if self.language == "id" else text

    def duration(self, seconds: Decimal) -> str:
        """A follow-up time for people: "42 min", "2 h 05 min", "1 d 3 h"."""
        minutes = int((seconds / 60).to_integral_value())
        if minutes < 60:
            return self("duration_minutes", minutes=minutes)
        hours, rest = divmod(minutes, 60)
        if hours < 24:
            return self("duration_hours", hours=hours, minutes=f"{rest:02d}")
        days, hours = divmod(hours, 24)
        return self("duration_days", days=days, hours=hours)

    # --- dates ------------------------------------------------------------------------

    def month(self, month: Month) -> str:
        """ "March 2027"."""
        return self("month_year", month=self._months[month.month - 1], year=month.year)

    def short_month(self, month: Month) -> str:
        """ "Mar"."""
        return self._short_months[month.month - 1]

    def day_month(self, day: datetime.date) -> str:
        """ "01 April"."""
        return self("day_month", day=f"{day:%d}", month=self._months[day.month - 1])

    def date(self, day: datetime.date) -> str:
        """ "10 March 2027"."""
        return self(
            "day_month_year", day=f"{day:%d}", month=self._months[day.month - 1], year=day.year
        )

    def long_date(self, day: datetime.date) -> str:
        """ "Thursday 18 March 2027"."""
        return self(
            "weekday_date",
            weekday=self._weekdays[day.weekday()],
            date=self.date(day),
        )
