"""Data files: CSV read strictly, every complaint at its row and column.

A CSV file becomes records that remember the line they start on, and :class:`Cells` reads
a record's cells with typed parsers, collecting a :class:`DataProblem` for each bad cell
instead of stopping at the first, so a file is fixed in one round. The cell parsers are
here too: dates and times, yes/no, counts and amounts, each written one way only, because
a CSV file cannot say which locale it was written in.
"""

from __future__ import annotations

import csv
import io
import re
import stat
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone, tzinfo
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar, overload

from sladoc.errors import SladocError, UsageError, closest

if TYPE_CHECKING:
    from sladoc.agreement.model import Agreement

__all__ = [
    "Cells",
    "about",
    "DataError",
    "DataProblem",
    "Record",
    "Stamp",
    "amount",
    "count",
    "date_only",
    "earlier",
    "flag",
    "read_csv",
    "shown",
    "stamp",
    "timed",
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


# --- records ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Record:
    line: int
    cells: dict[str, str]  # canonical column name -> stripped cell text


MAX_CSV_BYTES = 50 * 1024 * 1024
"""The largest data file ``sladoc report`` reads: 50 MiB (a year of a busy CRM's leads is
a few MiB). Checked before reading."""

MAX_COLUMNS = 1_000
"""Columns a data file's header may have."""


def _canonical(name: str) -> str:
    """Header names are read leniently ("Handed off", "handed-off" -> "handed_off"), because
    spreadsheets and CRM exports write them every which way."""
    return re.sub(r"[\s\-]+", "_", name.strip().lower())


def read_csv(path: Path, required: tuple[str, ...], optional: tuple[str, ...]) -> list[Record]:
    """The records of a CSV file with a header row. Missing required columns, a column given
    twice, a column whose name is one letter off a known one, and rows with more cells than
    the header are errors; other extra columns (a CRM's own fields) are ignored, and missing
    cells at the end of a row are empty."""
    file = str(path)
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise UsageError(f"{file}: not a regular file; give a CSV file")
        if info.st_size > MAX_CSV_BYTES:
            raise UsageError(
                f"{file}: {info.st_size:,} bytes, larger than the "
                f"{MAX_CSV_BYTES // 2**20} MiB a data file may have"
            )
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
    # strict: a quote that is never closed is an error, not a cell that swallows the rest
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(reader, None)
    except csv.Error as error:
        raise DataError([DataProblem(file, 1, "", f"not a CSV file: {error}")]) from None
    if header is not None and len(header) > MAX_COLUMNS:
        raise DataError(
            [
                DataProblem(
                    file, 1, "", f"{len(header):,} columns; a data file may have {MAX_COLUMNS:,}"
                )
            ]
        )
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
    _check_header(file, names, required, known)
    problems: list[DataProblem] = []
    records: list[Record] = []
    while True:
        line = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            raise DataError(
                [
                    DataProblem(
                        file,
                        line,
                        "",
                        f"not CSV: {error} (a quote opened on this line is never closed?)",
                    )
                ]
            ) from None
        if not row or not any(cell.strip() for cell in row):
            continue  # blank lines, also ",,,," from spreadsheets
        swallowed = _swallowed_rows(row, delimiter, len(names))
        if swallowed:
            problems.append(
                DataProblem(
                    file,
                    line,
                    names[swallowed - 1] if swallowed <= len(names) else "",
                    f"a quoted cell runs to line {reader.line_num} and holds what look like "
                    "rows of their own; a stray quote?",
                )
            )
            continue
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
        records.append(Record(line, cells))
    if problems:
        raise DataError(problems)
    return records


def _swallowed_rows(row: list[str], delimiter: str, columns: int) -> int:
    """The 1-based column of a cell that spans lines holding as many delimiters as a row
    does (rows swallowed by a stray quote), else 0. A cell may hold a line break (a
    reason written on two lines); it may not hold rows."""
    for index, cell in enumerate(row, start=1):
        if "\n" in cell or "\r" in cell:
            lines = cell.splitlines()[1:]
            if columns > 1 and any(text.count(delimiter) >= columns - 1 for text in lines):
                return index
    return 0


def _check_header(
    file: str, names: list[str], required: tuple[str, ...], known: tuple[str, ...]
) -> None:
    problems: list[DataProblem] = []
    seen: set[str] = set()
    for index, name in enumerate(names):
        if name in seen:
            problems.append(DataProblem(file, 1, name, "this column is given twice"))
        elif name not in known:
            near = closest(name, known, cutoff=0.8)
            if near and near not in names:
                problems.append(
                    DataProblem(
                        file,
                        1,
                        name or f"column {index + 1}",
                        f"unknown column; did you mean {near!r}?",
                    )
                )
        seen.add(name)
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


T = TypeVar("T")


class Cells:
    """Reads the cells of one record with typed parsers; a bad cell becomes a problem at its
    row and column and the parser's result ``None``, so one pass reports every bad cell."""

    def __init__(self, file: str, record: Record, problems: list[DataProblem]) -> None:
        self.file, self.record, self.problems = file, record, problems

    @overload
    def get(self, column: str, parse: Callable[[str], T]) -> T | None: ...

    @overload
    def get(self, column: str, parse: Callable[[str], T], *, empty: T) -> T: ...

    def get(self, column: str, parse: Callable[[str], T], *, empty: T | None = None) -> T | None:
        """The cell parsed, ``empty`` for an empty cell, None for a bad one (a problem)."""
        text = self.record.cells.get(column, "")
        if not text:
            return empty
        try:
            return parse(text)
        except ValueError as error:
            self.fail(column, str(error))
            return empty

    def require(self, column: str, parse: Callable[[str], T]) -> T | None:
        """The cell parsed; an empty cell is a problem too."""
        if not self.record.cells.get(column, ""):
            self.fail(column, "empty; a value is required")
            return None
        return self.get(column, parse)

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
class Stamp:
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


def stamp(text: str) -> Stamp:
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
        return Stamp(datetime(day.year, day.month, day.day), has_time=False)
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
    return Stamp(value, has_time=True)


def timed(text: str) -> Stamp:
    """A date and time; a date alone is an error."""
    found = stamp(text)
    if not found.has_time:
        raise ValueError(f"{text!r} has no time of day; write e.g. {text}T09:15")
    return found


def date_only(text: str) -> date:
    return stamp(text).day


def earlier(a: Stamp, b: Stamp) -> bool:
    """Whether ``a`` is strictly before ``b``; by date alone when either has no time."""
    if not (a.has_time and b.has_time):
        return a.day < b.day
    return a.value < b.value


def shown(value: Stamp) -> str:
    """A stamp as a message quotes it: ``2027-03-04`` or ``2027-03-04T10:00Z``."""
    if not value.has_time:
        return value.day.isoformat()
    return value.value.isoformat(timespec="minutes").replace("+00:00", "Z")


_YES = {"yes", "y", "true", "t", "1", "x", "ya"}
_NO = {"no", "n", "false", "f", "0", "tidak"}


def flag(text: str) -> bool:
    word = text.lower()
    if word in _YES:
        return True
    if word in _NO:
        return False
    raise ValueError(f"expected yes or no, got {text!r}")


def count(text: str) -> int:
    if not re.fullmatch(r"\d+", text):
        raise ValueError(f"expected a whole number (0 or more), got {text!r}")
    return int(text)


def amount(text: str) -> Decimal:
    """An amount of money without its currency (the agreement's). Not
    :func:`sladoc.agreement.values.parse_quantity`, which reads "1,200" as English writes
    it: a CSV file cannot say whether "1,200" and "1.200" group thousands or mark decimals,
    so one convention only, a decimal point and no grouping."""
    if not re.fullmatch(r"\d+(\.\d+)?", text):
        raise ValueError(
            f"expected an amount such as 1200 or 1200.50 (no currency, no "
            f"thousands separator), got {text!r}"
        )
    return Decimal(text)


def about(agreement: Agreement, data: Path) -> dict[str, str]:
    """What every report says of where it comes from: the agreement (id, title, subtitle,
    version, language) and the data file's name."""
    return {
        "agreement_id": agreement.id,
        "title": agreement.title,
        "subtitle": agreement.subtitle or "",
        "version": agreement.version,
        "language": agreement.language,
        "source": data.name,
    }
