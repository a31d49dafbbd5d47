"""Progress and compliance reports from a month's data: pure computations, no output.

Two reports, one per kind of agreement:

* **leads** (internal Marketing/Sales agreement): a CSV of leads in, the goal line against
  the leads delivered, Sales' follow-up speed and depth against the agreed targets, and the
  month's funnel recalculated beside the agreed one (:func:`leads_report`);
* **incidents** (customer agreement): a CSV outage log in, availability per service with
  exclusions and scheduled maintenance applied as the agreement defines them, and the
  service credit owed, with the working (:func:`incidents_report`).

CSV files become typed rows that remember their line, so every complaint about the data
says ``file.csv:ROW:COLUMN: message`` (:class:`DataError`). Dates come from the data or from
the caller, never from the clock: the same files give the same report on any day.
"""

from __future__ import annotations

import calendar
import csv
import difflib
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone, tzinfo
from decimal import ROUND_DOWN, Decimal, InvalidOperation
from fractions import Fraction
from pathlib import Path
from typing import Any

from sladoc.agreement import sla_math
from sladoc.agreement.values import format_number, format_percent
from sladoc.errors import SladocError, UsageError

__all__ = [
    "DataError",
    "DataProblem",
    "IncidentsReport",
    "LeadsReport",
    "Month",
    "incidents_report",
    "leads_report",
    "parse_month",
    "read_incidents",
    "read_leads",
]


# --- errors -------------------------------------------------------------------------------


@dataclass(frozen=True)
class DataProblem:
    """One thing wrong in a data file. ``row`` is the line the record starts on (the header
    is line 1), ``column`` the column's name as the format documents it ("" for the file or
    a whole row)."""

    file: str
    row: int
    column: str
    message: str

    @property
    def where(self) -> str:
        """``file.csv:ROW:COLUMN``, or as much of it as applies."""
        return ":".join(
            [self.file]
            + ([str(self.row)] if self.row else [])
            + ([self.column] if self.column else [])
        )

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


class DataError(SladocError):
    """A data file could not be used; holds every problem found in it, in file order."""

    def __init__(self, problems: list[DataProblem]) -> None:
        self.problems = sorted(problems, key=lambda p: p.row)
        super().__init__("\n".join(str(p) for p in self.problems))


# --- months -------------------------------------------------------------------------------


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
        """e.g. "March 2027" (reports are in English)."""
        return f"{calendar.month_name[self.month]} {self.year}"


def parse_month(text: str) -> Month:
    """``2027-03`` -> Month(2027, 3). Raises UsageError otherwise."""
    match = re.fullmatch(r"\s*(\d{4})-(\d{1,2})\s*", text)
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise UsageError(f"--period must be a month written YYYY-MM (e.g. 2027-03), got {text!r}")
    return Month(int(match.group(1)), int(match.group(2)))


def _month_of(day: date) -> Month:
    return Month(day.year, day.month)


# --- CSV reading --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Record:
    line: int
    cells: dict[str, str]  # canonical column name -> stripped cell text


def _canonical(name: str) -> str:
    """Header names are read leniently ("Handed off", "handed-off" -> "handed_off"), because
    spreadsheets and CRM exports write them every which way."""
    return re.sub(r"[\s\-]+", "_", name.strip().lower())


def _read_csv(path: Path, required: tuple[str, ...], optional: tuple[str, ...]) -> list[_Record]:
    """The records of a CSV file with a header row. Missing required columns, a column given
    twice, a column whose name is one letter off a known one, and rows with more cells than
    the header are errors; other extra columns (a CRM's own fields) are ignored, and missing
    cells at the end of a row are empty."""
    file = str(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise UsageError(f"{file}: cannot read: {error.strerror or error}") from None
    try:
        # utf-8-sig: spreadsheets put a byte-order mark in front of the header
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise DataError(
            [
                DataProblem(
                    file,
                    line,
                    "",
                    f"byte 0x{raw[error.start]:02x} is not UTF-8; save the file as UTF-8 CSV",
                )
            ]
        ) from None
    first_line = text.split("\n", 1)[0]
    # Spreadsheets in locales with a decimal comma write ";" between cells.
    delimiter = max((",", ";", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    problems: list[DataProblem] = []
    try:
        header = next(reader, None)
    except csv.Error as error:
        raise DataError([DataProblem(file, 1, "", f"not a CSV file: {error}")]) from None
    if not header or not any(cell.strip() for cell in header):
        raise DataError(
            [
                DataProblem(
                    file,
                    1,
                    "",
                    f"empty; expected a header row with the columns {', '.join(required)}",
                )
            ]
        )
    names = [_canonical(cell) for cell in header]
    known = required + optional
    for index, name in enumerate(names):
        if name in names[:index]:
            problems.append(DataProblem(file, 1, name, "this column is given twice"))
        elif name not in known:
            close = difflib.get_close_matches(name, known, n=1, cutoff=0.8)
            if close and close[0] not in names:
                problems.append(
                    DataProblem(
                        file,
                        1,
                        name or f"column {index + 1}",
                        f"unknown column; did you mean {close[0]!r}?",
                    )
                )
    for name in required:
        if name not in names:
            problems.append(
                DataProblem(
                    file,
                    1,
                    name,
                    f"missing column {name!r}; the header "
                    f"has: {', '.join(n for n in names if n) or 'nothing'}",
                )
            )
    if problems:
        raise DataError(problems)
    records: list[_Record] = []
    while True:
        line = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            raise DataError([DataProblem(file, reader.line_num, "", f"not CSV: {error}")]) from None
        if not row or not any(cell.strip() for cell in row):
            continue  # blank lines, also ",,,," from spreadsheets
        if len(row) > len(names):
            problems.append(
                DataProblem(
                    file, line, "", f"{len(row)} cells, but the header has {len(names)} columns"
                )
            )
            continue
        # some tools leave out empty cells at the end of a row
        row += [""] * (len(names) - len(row))
        cells = {name: cell.strip() for name, cell in zip(names, row, strict=True) if name in known}
        records.append(_Record(line, cells))
    if problems:
        raise DataError(problems)
    return records


class _Cells:
    """Reads the cells of one record with typed parsers; a bad cell becomes a problem at its
    row and column and the parser's result ``None``, so one pass reports every bad cell."""

    def __init__(self, file: str, record: _Record, problems: list[DataProblem]) -> None:
        self.file, self.record, self.problems = file, record, problems

    def get(
        self, column: str, parse: Callable[[str], Any], *, required: bool = True, empty: Any = None
    ) -> Any:
        text = self.record.cells.get(column, "")
        if not text:
            if required:
                self.fail(column, "empty; a value is required")
            return empty
        try:
            return parse(text)
        except ValueError as error:
            self.fail(column, str(error))
            return None

    def fail(self, column: str, message: str) -> None:
        self.problems.append(DataProblem(self.file, self.record.line, column, message))


# --- cell parsers -------------------------------------------------------------------------

_STAMP = re.compile(
    r"(?P<date>\d{4}-\d{2}-\d{2})"
    r"(?:[T ](?P<h>\d{2}):(?P<m>\d{2})(?::(?P<s>\d{2})(?:[.,](?P<f>\d{1,6}))?)?"
    r"\s*(?P<zone>Z|[+-]\d{2}:?\d{2})?)?",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class _Stamp:
    """A date, or a date and time, as the file wrote it; ``value.tzinfo`` is set only when
    the text carried an offset."""

    value: datetime
    has_time: bool

    @property
    def day(self) -> date:
        """The date as written (at the offset written), which is the day it happened for the
        people who recorded it."""
        return self.value.date()

    @property
    def aware(self) -> bool:
        return self.value.tzinfo is not None


def _stamp(text: str) -> _Stamp:
    """ISO 8601: ``2027-03-04``, ``2027-03-04T09:15``, ``2027-03-04 09:15:30+07:00``,
    ``2027-03-04T02:15Z``. Parsed here rather than by datetime.fromisoformat, which reads
    different forms on Python 3.10 and 3.11."""
    match = _STAMP.fullmatch(text)
    if not match:
        raise ValueError(
            f"{text!r} is not a date; write ISO 8601, e.g. 2027-03-04 or "
            "2027-03-04T09:15 (optionally with an offset: +07:00 or Z)"
        )
    try:
        day = date.fromisoformat(match["date"])
    except ValueError:
        raise ValueError(f"{match['date']} is not a date in the calendar") from None
    if not 1900 <= day.year <= 2999:
        # also keeps every offset conversion inside the range datetime can hold
        raise ValueError(f"{match['date']}: the year must be between 1900 and 2999")
    if match["h"] is None:
        return _Stamp(datetime(day.year, day.month, day.day), has_time=False)
    zone: tzinfo | None = None
    if match["zone"]:
        written = match["zone"].upper().replace(":", "")
        if written == "Z":
            zone = timezone.utc
        else:
            sign = 1 if written[0] == "+" else -1
            hours, minutes = int(written[1:3]), int(written[3:5])
            if hours > 23 or minutes > 59:
                raise ValueError(f"{match['zone']} is not a UTC offset")
            zone = timezone(sign * timedelta(hours=hours, minutes=minutes))
    try:
        value = datetime(
            day.year,
            day.month,
            day.day,
            int(match["h"]),
            int(match["m"]),
            int(match["s"] or 0),
            int((match["f"] or "0").ljust(6, "0")),
            tzinfo=zone,
        )
    except ValueError:
        raise ValueError(f"{text!r} has no such time of day") from None
    return _Stamp(value, has_time=True)


def _timed(text: str) -> _Stamp:
    stamp = _stamp(text)
    if not stamp.has_time:
        raise ValueError(f"{text!r} has no time of day; write e.g. {text}T09:15")
    return stamp


def _date_only(text: str) -> date:
    return _stamp(text).day


_YES = {"yes", "y", "true", "t", "1", "x", "ya"}
_NO = {"no", "n", "false", "f", "0", "tidak"}


def _flag(text: str) -> bool:
    word = text.lower()
    if word in _YES:
        return True
    if word in _NO:
        return False
    raise ValueError(f"expected yes or no, got {text!r}")


def _count(text: str) -> int:
    if not re.fullmatch(r"\d+", text):
        raise ValueError(f"expected a whole number (0 or more), got {text!r}")
    return int(text)


def _amount(text: str) -> Decimal:
    # One convention only: a decimal point and no grouping, because "1,200" and "1.200" mean
    # different things in different locales and a CSV cannot say which it meant.
    if not re.fullmatch(r"\d+(\.\d+)?", text):
        raise ValueError(
            f"expected an amount such as 1200 or 1200.50 (no currency, no "
            f"thousands separator), got {text!r}"
        )
    return Decimal(text)


def _did_you_mean(word: str, choices: Iterable[str]) -> str:
    options = list(choices)
    close = difflib.get_close_matches(word.lower(), [c.lower() for c in options], n=1, cutoff=0.6)
    if close:
        match = next(c for c in options if c.lower() == close[0])
        return f"; did you mean {match!r}?"
    return f"; known: {', '.join(options)}"


# --- leads --------------------------------------------------------------------------------

LEAD_COLUMNS = (
    "lead",
    "created",
    "handed_off",
    "first_follow_up",
    "attempts",
    "connected",
    "became_customer",
    "revenue",
)
LEAD_OPTIONAL = ("tier",)


@dataclass(frozen=True)
class Lead:
    """One row of a leads file."""

    row: int
    lead: str
    created: _Stamp
    handed_off: _Stamp | None
    first_follow_up: _Stamp | None
    attempts: int
    connected: bool
    became_customer: date | None
    revenue: Decimal
    tier: str | None


def read_leads(path: Path, tiers: Iterable[str] = ()) -> list[Lead]:
    """The leads of a CSV file, checked row by row and against each other. ``tiers``: the
    agreement's lead tier names; when given, every ``tier`` cell must name one of them."""
    file = str(path)
    tier_names = {name.lower(): name for name in tiers}
    problems: list[DataProblem] = []
    leads: list[Lead] = []
    seen: dict[str, int] = {}
    offsets: tuple[bool, int, str] | None = None  # (aware, row, column) of the first time
    for record in _read_csv(path, LEAD_COLUMNS, LEAD_OPTIONAL):
        cells = _Cells(file, record, problems)
        before = len(problems)
        name = cells.get("lead", str)
        if name is not None:
            if name in seen:
                cells.fail("lead", f"lead {name!r} is already on row {seen[name]}")
            seen.setdefault(name, record.line)
        created = cells.get("created", _stamp)
        handed = cells.get("handed_off", _timed, required=False)
        first = cells.get("first_follow_up", _timed, required=False)
        attempts = cells.get("attempts", _count, required=False, empty=0)
        connected = cells.get("connected", _flag, required=False, empty=False)
        customer = cells.get("became_customer", _date_only, required=False)
        revenue = cells.get("revenue", _amount, required=False, empty=Decimal(0))
        tier = cells.get("tier", str, required=False)
        # Times with and without an offset cannot be compared or subtracted, so one file
        # uses one or the other (dates alone go with either).
        for column, stamp in (
            ("created", created),
            ("handed_off", handed),
            ("first_follow_up", first),
        ):
            if stamp is None or not stamp.has_time:
                continue
            if offsets is None:
                offsets = (stamp.aware, record.line, column)
            elif stamp.aware != offsets[0]:
                has = "has a" if stamp.aware else "has no"
                cells.fail(
                    column,
                    f"this time {has} UTC offset, but the first time in the "
                    f"file (row {offsets[1]}, {offsets[2]}) "
                    f"{'does not' if stamp.aware else 'does'}; write every time with "
                    "an offset or none",
                )
        if tier is not None and tier_names:
            if tier.lower() not in tier_names:
                cells.fail(
                    "tier", f"unknown tier {tier!r}{_did_you_mean(tier, tier_names.values())}"
                )
            else:
                tier = tier_names[tier.lower()]
        if len(problems) > before:
            continue
        if handed is not None and _earlier(handed, created):
            cells.fail("handed_off", f"handed off before the lead was created ({_show(created)})")
        if first is not None:
            if handed is None:
                cells.fail(
                    "first_follow_up",
                    "a follow-up on a lead never handed off to Sales; fill in handed_off",
                )
            elif _earlier(first, created):
                cells.fail(
                    "first_follow_up",
                    f"follow-up before the lead existed (created {_show(created)})",
                )
            elif _earlier(first, handed):
                cells.fail(
                    "first_follow_up", f"follow-up before the hand-off to Sales ({_show(handed)})"
                )
            if attempts == 0:
                cells.fail("attempts", "0 attempts, but there is a first follow-up")
        elif attempts > 0:
            cells.fail("first_follow_up", f"empty, but {attempts} attempt(s) are logged")
        if customer is not None:
            if customer < created.day:
                cells.fail(
                    "became_customer",
                    f"became a customer before the lead existed (created {_show(created)})",
                )
            if handed is None:
                cells.fail(
                    "became_customer",
                    "a customer from a lead never handed off to Sales; fill in handed_off",
                )
        elif revenue > 0:
            cells.fail(
                "revenue",
                "revenue from a lead that did not become a customer; fill in became_customer",
            )
        if len(problems) > before:
            continue
        leads.append(
            Lead(
                record.line,
                name,
                created,
                handed,
                first,
                attempts,
                connected,
                customer,
                revenue,
                tier,
            )
        )
    if problems:
        raise DataError(problems)
    return leads


def _earlier(a: _Stamp, b: _Stamp) -> bool:
    """Whether ``a`` is strictly before ``b``; by date alone when either has no time."""
    if not (a.has_time and b.has_time):
        return a.day < b.day
    return a.value < b.value


def _show(stamp: _Stamp) -> str:
    if not stamp.has_time:
        return stamp.day.isoformat()
    return stamp.value.isoformat(timespec="minutes").replace("+00:00", "Z")


@dataclass(frozen=True)
class SpeedDay:
    """Follow-up speed on the leads handed off on one day."""

    day: int
    followed_up: int
    average_seconds: Decimal  # hand-off to first follow-up, wall clock
    within_target: int


@dataclass(frozen=True)
class DepthWeek:
    """Follow-up depth on the leads handed off in one week of the month (days 1-7, 8-14...)
    that have not connected yet."""

    first_day: int
    last_day: int
    not_connected: int
    average_attempts: Decimal | None


@dataclass(frozen=True)
class FunnelActuals:
    """The month's funnel figures from the data, and the funnel recalculated from them."""

    leads: int
    customers: int
    marketing_revenue: Decimal
    total_revenue: Decimal
    total_revenue_given: bool  # False: all revenue in the file was taken as marketing's
    recalculated: sla_math.Funnel | None
    not_recalculated_because: str
    average_cycle_days: Decimal | None  # created -> became customer

    def working(self, currency: str) -> list[str]:
        """The month's rates from the counts, then the funnel from the rates."""
        funnel = self.recalculated
        if funnel is None:
            return []
        return [
            f"close rate {self.customers} ÷ {self.leads} leads = {_pct(funnel.close_rate)}",
            f"average deal {_money(self.marketing_revenue, currency)} ÷ {self.customers} "
            f"customers = {_money(funnel.average_deal, currency)}",
            f"share from marketing {format_number(self.marketing_revenue)} ÷ "
            f"{format_number(self.total_revenue)} = {_pct(funnel.marketing_share)}",
            *funnel.working(),
        ]


@dataclass(frozen=True)
class LeadsReport:
    agreement_id: str
    title: str
    subtitle: str
    source: str
    period: Month
    as_of: date
    goal: int
    goal_source: str  # how the goal was set, for the reader
    goal_line: tuple[Decimal, ...]  # cumulative goal at the end of days 1..n
    delivered_by_day: tuple[int, ...]  # cumulative leads handed off, days 1..as_of
    not_handed_off: int
    speed_target_seconds: Decimal
    speed_target_text: str
    speed_days: tuple[SpeedDay, ...]
    followed_up: int
    within_target: int
    average_speed_seconds: Decimal | None
    awaiting_follow_up: int
    depth_target: int
    depth_weeks: tuple[DepthWeek, ...]
    not_connected: int
    average_depth: Decimal | None
    agreed: sla_math.Funnel
    agreed_leads_goal: int | None
    currency: str
    actual: FunnelActuals
    tiers: tuple[tuple[str, int, str | None], ...]  # name, leads delivered, target as written
    notes: tuple[str, ...]

    @property
    def day(self) -> int:
        return self.as_of.day

    @property
    def delivered(self) -> int:
        return self.delivered_by_day[-1] if self.delivered_by_day else 0

    @property
    def goal_today(self) -> Decimal:
        return self.goal_line[self.day - 1]

    def summary_lines(self) -> list[str]:
        """The report in a few lines of text, as printed on stdout and at the top of the PDF."""
        gap = Decimal(self.delivered) - self.goal_today
        position = (
            "on the goal line"
            if gap == 0
            else f"{_one_decimal(abs(gap))} {'ahead of' if gap > 0 else 'behind'} the goal line"
        )
        lines = [
            f"Marketing: {self.delivered} of {self.goal} leads on day {self.day} of "
            f"{self.period.days}, {position} ({_one_decimal(self.goal_today)})."
        ]
        if self.average_speed_seconds is None:
            lines.append(f"Sales speed: no lead followed up yet (target {self.speed_target_text}).")
        else:
            lines.append(
                f"Sales speed: first follow-up {_duration(self.average_speed_seconds)} after "
                f"hand-off on average (target {self.speed_target_text}, wall clock); "
                f"{self.within_target} of {self.followed_up} leads within target"
                + (
                    f"; {self.awaiting_follow_up} awaiting a first follow-up"
                    if self.awaiting_follow_up
                    else ""
                )
                + "."
            )
        if self.average_depth is None:
            lines.append(
                f"Sales depth: every lead followed up has connected (target "
                f"{self.depth_target} attempts)."
            )
        else:
            lines.append(
                f"Sales depth: {_one_decimal(self.average_depth)} attempts on average "
                f"on {self.not_connected} leads not yet connected (target "
                f"{self.depth_target})."
            )
        actual, agreed = self.actual, self.agreed
        if actual.recalculated is None:
            lines.append(f"Funnel: not recalculated: {actual.not_recalculated_because}.")
        else:
            funnel = actual.recalculated
            lines.append(
                f"Funnel to day {self.day}: close rate {_pct(funnel.close_rate)} (agreed "
                f"{_pct(agreed.close_rate)}), average deal "
                f"{_money(funnel.average_deal, self.currency)} (agreed "
                f"{_money(agreed.average_deal, self.currency)}), revenue from marketing "
                f"{_pct(funnel.marketing_share)} (agreed {_pct(agreed.marketing_share)}"
                + (
                    ""
                    if actual.total_revenue_given
                    else "; all revenue in the file taken as marketing's"
                )
                + f"); leads needed next month {funnel.leads_needed} "
                f"(agreed {self.goal})."
            )
        return lines


def leads_report(
    agreement: Any,
    leads_path: Path,
    *,
    period: Month | None = None,
    as_of: date | None = None,
    total_revenue: Decimal | None = None,
) -> LeadsReport:
    """Marketing's and Sales' progress in ``period`` from a leads file, for an internal
    agreement. ``period`` defaults to the month of the latest hand-off in the file, ``as_of``
    to the last day of that month with data."""
    if getattr(agreement, "kind", None) != "internal":
        hint = (
            " (for a customer agreement, report on --incidents)"
            if agreement.kind == "customer"
            else ""
        )
        raise UsageError(
            f"--leads reports on an internal (Marketing/Sales) agreement; "
            f"{agreement.id} is a {agreement.kind} agreement{hint}"
        )
    funnel = agreement.funnel
    if funnel.period != "month":
        raise UsageError(
            f"the report's goal line runs through a month, but the funnel of "
            f"{agreement.id} is per {funnel.period}"
        )
    leads = read_leads(leads_path, [tier.name for tier in agreement.lead_tiers])
    handed = [lead for lead in leads if lead.handed_off is not None]
    if period is None:
        if not handed:
            raise UsageError(f"{leads_path}: no lead has been handed off; give --period")
        period = _month_of(max(lead.handed_off.day for lead in handed))
    days_with_data = sorted({day for lead in leads for day in _days_of(lead) if day in period})
    if not days_with_data:
        raise UsageError(f"{leads_path}: no data in {period} ({period.name})")
    if as_of is None:
        as_of = days_with_data[-1]
    elif as_of not in period:
        raise UsageError(f"--as-of {as_of} is not in the period {period}")

    def known(day: date | None) -> bool:
        # What happened after the as-of day has not happened yet, as far as the report knows.
        return day is not None and day <= as_of

    month_leads = [
        lead for lead in handed if lead.handed_off.day in period and known(lead.handed_off.day)
    ]
    goal = funnel.leads_goal if funnel.leads_goal is not None else int(funnel.math.leads_needed)
    goal_source = (
        "the agreed leads goal"
        if funnel.leads_goal is not None
        else "the leads needed by the agreed funnel"
    )
    per_day = [0] * as_of.day
    for lead in month_leads:
        per_day[lead.handed_off.day.day - 1] += 1
    cumulative = tuple(_running_total(per_day))
    not_handed = sum(
        1
        for lead in leads
        if lead.handed_off is None and lead.created.day in period and known(lead.created.day)
    )

    target = agreement.follow_up.first_attempt_within
    followed = [
        lead
        for lead in month_leads
        if lead.first_follow_up is not None and known(lead.first_follow_up.day)
    ]
    waits = {
        lead.lead: _seconds(lead.first_follow_up.value - lead.handed_off.value) for lead in followed
    }
    speed_days = []
    for day in sorted({lead.handed_off.day.day for lead in followed}):
        todays = [waits[lead.lead] for lead in followed if lead.handed_off.day.day == day]
        speed_days.append(
            SpeedDay(
                day, len(todays), _mean(todays), sum(1 for wait in todays if wait <= target.seconds)
            )
        )
    within = sum(1 for wait in waits.values() if wait <= target.seconds)

    depth_target = agreement.follow_up.attempts
    # Leads not followed up yet have made no attempt; they are Sales' speed problem, and
    # counting them here would report the same miss twice.
    open_leads = [lead for lead in followed if not lead.connected]
    weeks = []
    for first_day in range(1, period.days + 1, 7):
        last_day = min(first_day + 6, period.days)
        if first_day > as_of.day:
            break
        in_week = [
            lead.attempts for lead in open_leads if first_day <= lead.handed_off.day.day <= last_day
        ]
        weeks.append(
            DepthWeek(
                first_day,
                last_day,
                len(in_week),
                _mean([Decimal(a) for a in in_week]) if in_week else None,
            )
        )

    actual = _funnel_actuals(agreement, month_leads, known, total_revenue)
    tiers = _tier_counts(agreement, month_leads)
    notes = [
        f"Leads count on the day they were handed off to Sales; the goal is {goal_source} "
        f"({goal}), and the goal line is {goal}/{period.days} per day, cumulative.",
        "Follow-up times are wall-clock: the time from hand-off to first follow-up, nights "
        "and weekends included"
        + (
            f", compared with {target.describe()} as if it were that many hours of the clock"
            if target.clock == "business"
            else ""
        )
        + ".",
        "Depth counts attempts on leads followed up but not connected yet; leads handed off "
        "recently may still be within their follow-up span"
        + (f" ({agreement.follow_up.over.describe()})" if agreement.follow_up.over else "")
        + ".",
    ]
    if as_of < period.last:
        notes.append(
            f"The funnel is month to date (to {as_of:%d %B}): leads handed off "
            "recently have had little time to close, so the close rate is low until "
            "the month ends."
        )
    if as_of < days_with_data[-1]:
        notes.append(
            f"Attempts and connections carry no dates in the file: they are counted "
            f"as exported, not as they stood on {as_of:%d %B}."
        )
    if not actual.total_revenue_given:
        notes.append(
            "No --total-revenue given: all revenue in the file is taken as revenue "
            "from marketing leads, so the share from marketing reads 100%."
        )
    return LeadsReport(
        agreement_id=agreement.id,
        title=agreement.title,
        subtitle=agreement.subtitle or "",
        source=leads_path.name,
        period=period,
        as_of=as_of,
        goal=goal,
        goal_source=goal_source,
        goal_line=tuple(sla_math.goal_line(Decimal(goal), period.days)),
        delivered_by_day=cumulative,
        not_handed_off=not_handed,
        speed_target_seconds=target.seconds,
        speed_target_text=str(target),
        speed_days=tuple(speed_days),
        followed_up=len(followed),
        within_target=within,
        average_speed_seconds=_mean(list(waits.values())) if waits else None,
        awaiting_follow_up=len(month_leads) - len(followed),
        depth_target=depth_target,
        depth_weeks=tuple(weeks),
        not_connected=len(open_leads),
        average_depth=_mean([Decimal(lead.attempts) for lead in open_leads])
        if open_leads
        else None,
        agreed=funnel.math,
        agreed_leads_goal=funnel.leads_goal,
        currency=funnel.sales_quota.currency,
        actual=actual,
        tiers=tiers,
        notes=tuple(notes),
    )


def _days_of(lead: Lead) -> list[date]:
    days = [lead.created.day]
    days += [s.day for s in (lead.handed_off, lead.first_follow_up) if s is not None]
    if lead.became_customer is not None:
        days.append(lead.became_customer)
    return days


def _funnel_actuals(
    agreement: Any,
    leads: list[Lead],
    known: Callable[[date | None], bool],
    total_revenue: Decimal | None,
) -> FunnelActuals:
    customers = [lead for lead in leads if known(lead.became_customer)]
    marketing_revenue = sum((lead.revenue for lead in customers), Decimal(0))
    given = total_revenue is not None
    total = total_revenue if total_revenue is not None else marketing_revenue
    if given and total < marketing_revenue:
        raise UsageError(
            f"--total-revenue {format_number(total)} is less than the revenue "
            f"from marketing leads in the file ({format_number(marketing_revenue)})"
        )
    recalculated, reason = None, ""
    if not leads:
        reason = "no leads handed off yet this month"
    elif not customers:
        reason = "no lead has become a customer yet this month"
    elif total == 0:
        reason = "no revenue closed yet this month"
    else:
        try:
            exact = sla_math.recalc(
                agreement.funnel.sales_quota.amount,
                leads=Decimal(len(leads)),
                customers=Decimal(len(customers)),
                marketing_revenue=marketing_revenue,
                total_revenue=total,
            )
            # The leads are worked out from the rates as shown (two decimals), so the working
            # can be checked by hand: 20 of 62 leads held to 50 digits (32.2580...%) would
            # otherwise turn the exact 155 leads into 155.000...1, rounded up to 156.
            recalculated = sla_math.Funnel(
                quota=exact.quota,
                marketing_share=_two_places(exact.marketing_share),
                average_deal=_two_places(exact.average_deal),
                close_rate=_two_places(exact.close_rate),
            )
        except ValueError as error:
            # e.g. customers with no revenue: a 0 average deal cannot give a leads count
            reason = str(error)
    cycles = [Decimal((lead.became_customer - lead.created.day).days) for lead in customers]
    return FunnelActuals(
        len(leads),
        len(customers),
        marketing_revenue,
        total,
        given,
        recalculated,
        reason,
        _mean(cycles) if cycles else None,
    )


def _two_places(value: Decimal) -> Decimal:
    rounded = value.quantize(Decimal("0.01"))
    if rounded == rounded.to_integral_value():
        return rounded.quantize(Decimal(1))
    return rounded.normalize()


def _tier_counts(agreement: Any, leads: list[Lead]) -> tuple[tuple[str, int, str | None], ...]:
    counts: dict[str, int] = {}
    for lead in leads:
        if lead.tier:
            counts[lead.tier] = counts.get(lead.tier, 0) + 1
    rows = [
        (tier.name, counts.pop(tier.name, 0), str(tier.target) if tier.target else None)
        for tier in agreement.lead_tiers
    ]
    rows += [(name, count, None) for name, count in sorted(counts.items())]
    return tuple(rows) if any(count for _, count, _ in rows) else ()


def _running_total(values: list[int]) -> list[int]:
    total, out = 0, []
    for value in values:
        total += value
        out.append(total)
    return out


def _seconds(delta: timedelta) -> Decimal:
    return Decimal(delta // timedelta(microseconds=1)) / 1_000_000


def _mean(values: list[Decimal]) -> Decimal:
    return sum(values, Decimal(0)) / len(values)


# --- incidents ----------------------------------------------------------------------------

INCIDENT_COLUMNS = ("service", "start", "end")
INCIDENT_OPTIONAL = ("maintenance", "excluded", "reason")

# Zone abbreviations agreements use, mapped to IANA names (Indonesian time zones).
_ZONE_ALIASES = {
    "WIB": "Asia/Jakarta",
    "WITA": "Asia/Makassar",
    "WIT": "Asia/Jayapura",
    "UTC": "UTC",
    "GMT": "UTC",
    "Z": "UTC",
}


@dataclass(frozen=True)
class Outage:
    """One row of an outage log, its times in UTC."""

    row: int
    service: str
    start: datetime
    end: datetime
    maintenance: bool
    excluded: bool
    reason: str


def service_zone(service: Any) -> tuple[tzinfo, str]:
    """The time zone of a service's availability window (UTC when the agreement names
    none), and its name for the reader."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    availability = service.availability
    name = availability.time_zone if availability and availability.time_zone else "UTC"
    key = _ZONE_ALIASES.get(name.strip().upper(), name.strip())
    try:
        return ZoneInfo(key), name
    except (ZoneInfoNotFoundError, ValueError):
        raise UsageError(
            f"service {service.name!r}: time zone {name!r} is not a zone name sladoc "
            "knows; write an IANA name such as Asia/Jakarta or UTC"
        ) from None


def read_incidents(path: Path, services: list[Any]) -> list[Outage]:
    """The outages of a CSV log. Times without an offset are in the service's time zone."""
    file = str(path)
    by_name = {service.name.lower(): service for service in services}
    problems: list[DataProblem] = []
    outages: list[Outage] = []
    for record in _read_csv(path, INCIDENT_COLUMNS, INCIDENT_OPTIONAL):
        cells = _Cells(file, record, problems)
        before = len(problems)
        name = cells.get("service", str)
        service = by_name.get(name.lower()) if name else None
        if name and service is None:
            cells.fail(
                "service",
                f"unknown service {name!r}{_did_you_mean(name, [s.name for s in services])}",
            )
        start = cells.get("start", _timed)
        end = cells.get("end", _timed)
        maintenance = cells.get("maintenance", _flag, required=False, empty=False)
        excluded = cells.get("excluded", _flag, required=False, empty=False)
        reason = cells.get("reason", str, required=False, empty="")
        if excluded and not reason:
            cells.fail(
                "reason",
                "an excluded outage needs a reason: which exclusion of the "
                "agreement it falls under",
            )
        if maintenance and excluded:
            cells.fail(
                "excluded", "an outage is either scheduled maintenance or excluded, not both"
            )
        if len(problems) > before:
            continue
        zone, _ = service_zone(service)
        start_utc, end_utc = (_in_utc(start, zone), _in_utc(end, zone))
        if end_utc < start_utc:
            cells.fail("end", f"the outage ends before it starts ({_show(start)})")
            continue
        outages.append(
            Outage(record.line, service.name, start_utc, end_utc, maintenance, excluded, reason)
        )
    if problems:
        raise DataError(problems)
    return outages


def _in_utc(stamp: _Stamp, zone: tzinfo) -> datetime:
    value = stamp.value if stamp.aware else stamp.value.replace(tzinfo=zone)
    return value.astimezone(timezone.utc)


# Intervals are (start, end) in whole microseconds since the epoch: integers make the union
# and difference exact, and minutes exact fractions of them.
_Span = tuple[int, int]
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_MINUTE = 60_000_000


def _micros(moment: datetime) -> int:
    return (moment - _EPOCH) // timedelta(microseconds=1)


def _union(spans: Iterable[_Span]) -> list[_Span]:
    """Overlapping or touching spans merged into one, sorted."""
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(start, end) for start, end in merged]


def _minus(spans: list[_Span], cuts: list[_Span]) -> list[_Span]:
    """The parts of ``spans`` (sorted, disjoint) outside ``cuts`` (sorted, disjoint)."""
    out: list[_Span] = []
    for start, end in spans:
        for cut_start, cut_end in cuts:
            if cut_end <= start or cut_start >= end:
                continue
            if cut_start > start:
                out.append((start, cut_start))
            start = max(start, cut_end)
            if start >= end:
                break
        if start < end:
            out.append((start, end))
    return out


def _length(spans: Iterable[_Span]) -> int:
    return sum(end - start for start, end in spans)


def _first(spans: list[_Span], amount: int) -> tuple[list[_Span], list[_Span]]:
    """The first ``amount`` microseconds of ``spans`` in time order, and the rest."""
    taken: list[_Span] = []
    rest: list[_Span] = []
    for start, end in spans:
        room = amount - _length(taken)
        if room >= end - start:
            taken.append((start, end))
        elif room > 0:
            taken.append((start, start + room))
            rest.append((start + room, end))
        else:
            rest.append((start, end))
    return taken, rest


@dataclass(frozen=True)
class Band:
    below: Decimal
    at_least: Decimal | None
    credit: Decimal

    def describe(self) -> str:
        low = f" and at least {_pct(self.at_least)}" if self.at_least is not None else ""
        return f"below {_pct(self.below)}{low}"


@dataclass(frozen=True)
class ServiceResult:
    """Availability and credit for one service, with the figures of the working."""

    name: str
    time_zone: str
    target: Decimal | None
    period_start: datetime  # midnight of the first day, in the service's time zone
    minutes_in_period: Fraction
    unplanned_logged: int  # rows of unplanned outages touching the period
    unplanned_merged: int  # spans they make once overlapping ones are merged
    clipped: int  # rows reaching outside the period, cut at its edges
    downtime_spans: tuple[tuple[datetime, datetime], ...]  # counted, merged, clipped
    downtime_minutes: Fraction
    unplanned_minutes: Fraction  # merged, after exclusions and allowed maintenance
    unplanned_covered_minutes: Fraction  # unplanned time inside excluded or allowed time
    excluded_minutes: Fraction
    excluded_reasons: tuple[str, ...]
    maintenance_minutes: Fraction
    maintenance_allowed_minutes: Fraction  # not counted
    maintenance_over_minutes: Fraction  # beyond the monthly maximum: counted
    availability: Fraction  # percent
    band: Band | None
    credit: Decimal | None  # percent of the basis; None when credits are not computed
    credit_capped: bool
    maintenance_spans: tuple[tuple[datetime, datetime], ...]
    excluded_spans: tuple[tuple[datetime, datetime], ...]

    @property
    def met(self) -> bool | None:
        return None if self.target is None else self.availability >= Fraction(self.target)

    @property
    def allowed_minutes(self) -> Fraction | None:
        """Downtime the target allows in this period."""
        if self.target is None:
            return None
        return self.minutes_in_period * (100 - Fraction(self.target)) / 100

    def working(self, report: IncidentsReport) -> list[str]:
        """How the figures were reached, one step a line."""
        lines = [
            f"{_minutes(self.minutes_in_period)} min in the period ({report.window_text}, "
            f"{self.time_zone})."
        ]
        logged = self.unplanned_logged
        line = f"Unplanned: {logged} outage{'' if logged == 1 else 's'} logged"
        if self.unplanned_merged < logged:
            line += (
                f", overlapping ones merged into {self.unplanned_merged} "
                f"span{'' if self.unplanned_merged == 1 else 's'}"
            )
        covered = self.unplanned_covered_minutes
        lines.append(
            line
            + f": {_minutes(self.unplanned_minutes)} min counted"
            + (
                f" ({_minutes(covered)} min more fell within excluded time or allowed maintenance)"
                if covered
                else ""
            )
            + "."
        )
        if self.clipped:
            lines.append(
                f"{self.clipped} outage{'' if self.clipped == 1 else 's'} reaching "
                "outside the period: only the minutes inside it count."
            )
        if self.excluded_minutes:
            lines.append(
                f"Excluded: {_minutes(self.excluded_minutes)} min ("
                + "; ".join(self.excluded_reasons)
                + ")."
            )
        if self.maintenance_minutes:
            if report.maintenance_counts:
                lines.append(
                    f"Scheduled maintenance: {_minutes(self.maintenance_minutes)} min,"
                    f" counted as downtime ({report.maintenance_rule})."
                )
            else:
                line = (
                    f"Scheduled maintenance: {_minutes(self.maintenance_minutes)} min; "
                    f"{_minutes(self.maintenance_allowed_minutes)} min not counted"
                )
                if self.maintenance_over_minutes:
                    line += (
                        f", {_minutes(self.maintenance_over_minutes)} min beyond the "
                        f"monthly maximum counted"
                    )
                lines.append(line + f" ({report.maintenance_rule}).")
        counted_maintenance = self.downtime_minutes - self.unplanned_minutes
        if self.unplanned_minutes and counted_maintenance:
            lines.append(
                f"Downtime counted: {_minutes(self.unplanned_minutes)} + "
                f"{_minutes(counted_maintenance)} = "
                f"{_minutes(self.downtime_minutes)} min."
            )
        lines.append(
            f"Availability = ({_minutes(self.minutes_in_period)} − "
            f"{_minutes(self.downtime_minutes)}) ÷ {_minutes(self.minutes_in_period)} "
            f"= {_availability(self.availability)}"
            + (
                f" (target {_pct(self.target)}: {'met' if self.met else 'missed'})."
                if self.target is not None
                else " (no target)."
            )
        )
        if self.credit is not None:
            if self.band is None:
                lines.append("No credit band applies: credit 0%.")
            else:
                lines.append(
                    f"Band {self.band.describe()}: credit {_pct(self.band.credit)}"
                    + (
                        f", capped at the maximum of {_pct(self.credit)}"
                        if self.credit_capped
                        else ""
                    )
                    + "."
                )
        return lines


@dataclass(frozen=True)
class IncidentsReport:
    agreement_id: str
    title: str
    subtitle: str
    source: str
    period: Month
    as_of: date | None  # None: the whole month
    services: tuple[ServiceResult, ...]
    credit_basis: str | None
    bands: tuple[Band, ...]
    credits_computed: bool
    credits_not_computed_because: str
    maximum: Decimal | None
    maintenance_counts: bool
    maintenance_rule: str
    ignored_outside_period: int
    notes: tuple[str, ...]

    @property
    def window_text(self) -> str:
        if self.as_of is None:
            return self.period.name
        return f"{self.period.first:%d} to {self.as_of:%d %B %Y}"

    def summary_lines(self) -> list[str]:
        lines = []
        for result in self.services:
            verdict = (
                "no target"
                if result.target is None
                else f"target {_pct(result.target)} {'met' if result.met else 'missed'}"
            )
            credit = ""
            if result.credit == 0:
                credit = "; no credit"
            elif result.credit is not None:
                credit = f"; credit {_pct(result.credit)}"
                if self.credit_basis:
                    credit += f" of {self.credit_basis}"
            lines.append(
                f"{result.name}: {_availability(result.availability)} available in "
                f"{self.window_text}, {_minutes(result.downtime_minutes)} min of "
                f"downtime counted ({verdict}){credit}."
            )
        if not self.credits_computed:
            lines.append(f"Service credits not computed: {self.credits_not_computed_because}.")
        return lines


def incidents_report(
    agreement: Any, incidents_path: Path, *, period: Month | None = None, as_of: date | None = None
) -> IncidentsReport:
    """Availability per service and the credits owed in ``period`` from an outage log, for a
    customer agreement. ``period`` defaults to the month of the latest outage start; the
    whole month is measured unless ``as_of`` ends it early (month to date)."""
    if getattr(agreement, "kind", None) != "customer":
        hint = (
            " (for a Marketing/Sales agreement, report on --leads)"
            if agreement.kind == "internal"
            else ""
        )
        raise UsageError(
            f"--incidents reports on a customer agreement; {agreement.id} is "
            f"{'an' if agreement.kind == 'internal' else 'a'} {agreement.kind} "
            f"agreement{hint}"
        )
    if not agreement.services:
        raise UsageError(
            f"{agreement.id} promises deliveries, not services with availability;"
            " there is nothing to measure outages against"
        )
    for service in agreement.services:
        service_zone(service)  # an unknown zone is the agreement's problem: say so first
    outages = read_incidents(incidents_path, agreement.services)
    if period is None:
        if not outages:
            raise UsageError(f"{incidents_path}: no outages logged; give --period")
        latest = max(outages, key=lambda o: o.start)
        zone, _ = service_zone(_service(agreement, latest.service))
        period = _month_of(latest.start.astimezone(zone).date())
    if as_of is not None and as_of not in period:
        raise UsageError(f"--as-of {as_of} is not in the period {period}")
    maintenance = agreement.maintenance
    counts = bool(maintenance and maintenance.counts_as_downtime)
    maximum_us = None
    if maintenance is None:
        rule = "the agreement has no maintenance clause, so maintenance is downtime"
        counts = True
    elif counts:
        rule = "the agreement counts maintenance as downtime"
    elif maintenance.max_per_month is not None:
        maximum_us = int(maintenance.max_per_month.seconds * 1_000_000)
        rule = f"at most {maintenance.max_per_month.describe()} a month per service not counted"
    else:
        rule = "the agreement does not count scheduled maintenance"
    credits = agreement.service_credits
    computed, because = credits is not None, ""
    if credits is None:
        because = "the agreement has no service credits"
    else:
        windows = {credits.window} | {
            s.availability.window
            for s in agreement.services
            if s.availability and credits.window is None
        }
        windows.discard(None)
        odd = sorted(w for w in windows if w != "calendar month")
        if odd:
            computed, because = (
                False,
                (
                    f"the agreement measures credits over a {odd[0]}, "
                    f"and this report covers a calendar month"
                ),
            )
    if as_of is not None and computed:
        computed, because = (
            False,
            (
                f"--as-of {as_of} makes this a month-to-date report; "
                "credits are owed on the whole month"
            ),
        )
    bands = [Band(b.below, b.at_least, b.credit) for b in credits.bands] if credits else []
    cap = credits.maximum if credits else None

    results = []
    ignored = 0
    for service in agreement.services:
        zone, zone_name = service_zone(service)
        begin = datetime(period.year, period.month, 1, tzinfo=zone)
        finish_day = (as_of or period.last) + timedelta(days=1)
        finish = datetime(finish_day.year, finish_day.month, finish_day.day, tzinfo=zone)
        window = (_micros(begin), _micros(finish))
        mine = [o for o in outages if o.service == service.name]
        inside = [o for o in mine if _clip(o, window)]
        ignored += len(mine) - len(inside)
        plain = [o for o in inside if not o.maintenance and not o.excluded]
        excluded = _spans([o for o in inside if o.excluded], window)
        scheduled = _minus(_spans([o for o in inside if o.maintenance], window), excluded)
        if counts:
            allowed, over = [], scheduled
        elif maximum_us is not None:
            allowed, over = _first(scheduled, maximum_us)
        else:
            allowed, over = scheduled, []
        unplanned = _minus(_minus(_spans(plain, window), excluded), allowed)
        counted = _union(unplanned + over)
        total = Fraction(window[1] - window[0], _MINUTE)
        down = Fraction(_length(counted), _MINUTE)
        availability = (total - down) * 100 / total
        target = service.availability.target if service.availability else None
        band, credit, capped = None, None, False
        if computed:
            matching = [
                b
                for b in bands
                if availability < Fraction(b.below)
                and (b.at_least is None or availability >= Fraction(b.at_least))
            ]
            # Overlapping bands are a drafting error (the checker reports them); the customer
            # would claim the larger credit, so that is the one owed.
            band = max(matching, key=lambda b: b.credit) if matching else None
            credit = band.credit if band else Decimal(0)
            if cap is not None and credit > cap:
                credit, capped = cap, True
        results.append(
            ServiceResult(
                name=service.name,
                time_zone=zone_name,
                target=target,
                period_start=begin,
                minutes_in_period=total,
                unplanned_logged=len(plain),
                unplanned_merged=len(_spans(plain, window)),
                clipped=sum(
                    1 for o in inside if _clip(o, window) != (_micros(o.start), _micros(o.end))
                ),
                downtime_spans=_datetimes(counted),
                downtime_minutes=down,
                unplanned_minutes=Fraction(_length(_union(unplanned)), _MINUTE),
                unplanned_covered_minutes=Fraction(
                    _length(_spans(plain, window)) - _length(_union(unplanned)), _MINUTE
                ),
                excluded_minutes=Fraction(_length(excluded), _MINUTE),
                excluded_reasons=tuple(dict.fromkeys(o.reason for o in inside if o.excluded)),
                maintenance_minutes=Fraction(_length(scheduled), _MINUTE),
                maintenance_allowed_minutes=Fraction(_length(allowed), _MINUTE),
                maintenance_over_minutes=Fraction(_length(over), _MINUTE),
                availability=availability,
                band=band,
                credit=credit,
                credit_capped=capped,
                maintenance_spans=_datetimes(scheduled),
                excluded_spans=_datetimes(excluded),
            )
        )
    notes = [
        "Overlapping outages of one service are merged, so no minute counts twice. Excluded "
        "time is taken out first, then scheduled maintenance (the first of the month up to "
        "the maximum), and what remains counts as downtime.",
        "Availability is shown rounded down, so a figure short of its target never reads "
        "as met; bands are chosen on the exact figure.",
        "Times without a UTC offset are in the service's time zone; the period runs from "
        "midnight to midnight there.",
    ]
    if cap is not None:
        notes.append(f"The maximum credit ({_pct(cap)}) applies to each service's credit.")
    return IncidentsReport(
        agreement_id=agreement.id,
        title=agreement.title,
        subtitle=agreement.subtitle or "",
        source=incidents_path.name,
        period=period,
        as_of=as_of,
        services=tuple(results),
        credit_basis=credits.basis if credits else None,
        bands=tuple(bands),
        credits_computed=computed,
        credits_not_computed_because=because,
        maximum=cap,
        maintenance_counts=counts,
        maintenance_rule=rule,
        ignored_outside_period=ignored,
        notes=tuple(notes),
    )


def _clip(outage: Outage, window: _Span) -> _Span | None:
    """The part of an outage inside the period, or None."""
    start, end = max(_micros(outage.start), window[0]), min(_micros(outage.end), window[1])
    return (start, end) if start < end else None


def _spans(outages: list[Outage], window: _Span) -> list[_Span]:
    """The outages' time inside the period, merged."""
    return _union(span for span in (_clip(o, window) for o in outages) if span)


def _service(agreement: Any, name: str) -> Any:
    return next(s for s in agreement.services if s.name == name)


def _datetimes(spans: list[_Span]) -> tuple[tuple[datetime, datetime], ...]:
    return tuple(
        (_EPOCH + timedelta(microseconds=s), _EPOCH + timedelta(microseconds=e)) for s, e in spans
    )


# --- formatting ---------------------------------------------------------------------------


def _one_decimal(value: Decimal | Fraction) -> str:
    return format_number(_decimal(value), places=1)


def _decimal(value: Decimal | Fraction) -> Decimal:
    if isinstance(value, Fraction):
        return Decimal(value.numerator) / Decimal(value.denominator)
    return value


def _pct(value: Decimal | None) -> str:
    return "-" if value is None else format_percent(value, places=2)


def _money(value: Decimal, currency: str) -> str:
    return f"{format_number(value, places=2)} {currency}"


def _minutes(value: Fraction) -> str:
    """Minutes to one decimal, e.g. "44,640", "97.5"."""
    return format_number(_decimal(value), places=1)


def _availability(value: Fraction) -> str:
    """Percent rounded down to 4 decimals: 99.94999 shows 99.9499%, never 99.95%."""
    shown = _decimal(value).quantize(Decimal("0.0001"), rounding=ROUND_DOWN)
    return f"{shown:f}%"


def _duration(seconds: Decimal) -> str:
    """A follow-up time for people: "42 min", "2 h 05 min", "1 d 3 h"."""
    minutes = int((seconds / 60).to_integral_value())
    if minutes < 60:
        return f"{minutes} min"
    hours, rest = divmod(minutes, 60)
    if hours < 24:
        return f"{hours} h {rest:02d} min"
    days, hours = divmod(hours, 24)
    return f"{days} d {hours} h"


def parse_amount(text: str, flag: str) -> Decimal:
    """An option's amount of money, plain digits ("12000", "12000.50"). UsageError else."""
    try:
        value = Decimal(text.replace(",", "").replace("_", ""))
    except InvalidOperation:
        value = Decimal("NaN")
    if not value.is_finite() or value < 0:
        raise UsageError(f"{flag} must be an amount such as 12000, got {text!r}")
    return value


def parse_day(text: str, flag: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(f"{flag} must be a date written YYYY-MM-DD, got {text!r}") from None
