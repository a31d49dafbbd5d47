"""The month a report covers."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, order=True)
class Month:
    year: int
    month: int

    @property
    def days(self) -> int:
        return calendar.monthrange(self.year, self.month)[1]

    @property
    def first(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def last(self) -> date:
        return date(self.year, self.month, self.days)

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and (day.year, day.month) == (self.year, self.month)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @property
    def name(self) -> str:
        """e.g. "March 2027", for error messages (reports name months in their own
        language: :meth:`sladoc.reporting.words.ReportWords.month`)."""
        return f"{calendar.month_name[self.month]} {self.year}"

    @classmethod
    def of(cls, day: date) -> Month:
        return cls(day.year, day.month)
