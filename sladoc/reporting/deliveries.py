"""The deliveries report, for a supplier's customer agreement: a CSV delivery log in, the
month's deliveries on time and complete, measured against the agreement's delivery
commitments, and the service credits owed for them, with the working.

A row is one delivery that was due: when it was due, when it arrived (empty: it never did),
how much was ordered, received and damaged. A delivery is on time when it arrived by the
time it was due, and complete when what arrived undamaged is at least what was ordered.
Credits follow the agreement: a table keyed to on-time or complete deliveries
(``service_credits.for``) and credits per late, short or damaged delivery
(``service_credits.events``), capped as the agreement caps them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from sladoc.agreement.model import Agreement, CustomerAgreement, Delivery, ServiceCredits
from sladoc.agreement.values import Money
from sladoc.errors import UsageError, closest
from sladoc.reporting.csvdata import (
    Cells,
    DataError,
    DataProblem,
    Stamp,
    about,
    count,
    read_csv,
    timed,
)
from sladoc.reporting.month import Month
from sladoc.reporting.words import ReportWords

DELIVERY_COLUMNS = ("item", "due", "ordered", "received")
DELIVERY_OPTIONAL = ("delivered", "damaged", "note")


@dataclass(frozen=True)
class DeliveryRow:
    """One delivery that was due, as logged."""

    row: int
    item: str
    due: datetime
    delivered: datetime | None
    ordered: int
    received: int
    damaged: int

    @property
    def on_time(self) -> bool:
        return self.delivered is not None and self.delivered <= self.due

    @property
    def late(self) -> bool:
        return self.delivered is not None and self.delivered > self.due

    @property
    def short(self) -> bool:
        return self.received < self.ordered

    @property
    def complete(self) -> bool:
        return self.delivered is not None and self.received - self.damaged >= self.ordered


def _naive(value: Stamp) -> datetime:
    """A time as the log wrote it: the supplier's and the customer's local time."""
    return value.value.replace(tzinfo=None) if value.aware else value.value


def read_deliveries(path: Path, deliveries: list[Delivery]) -> list[DeliveryRow]:
    """The deliveries of a CSV log; every problem at its row and column."""
    file = str(path)
    items = {d.item.casefold(): d.item for d in deliveries}
    problems: list[DataProblem] = []
    rows: list[DeliveryRow] = []
    for record in read_csv(path, DELIVERY_COLUMNS, DELIVERY_OPTIONAL):
        cells = Cells(file, record, problems)
        before = len(problems)
        written = cells.require("item", str)
        item = items.get(written.casefold()) if written else None
        if written and item is None:
            near = closest(written, list(items.values()), ignore_case=True)
            hint = f"did you mean {near!r}?" if near else f"known: {', '.join(items.values())}"
            cells.fail("item", f"unknown item {written!r}; {hint}")
        due = cells.require("due", timed)
        delivered = cells.get("delivered", timed)
        ordered = cells.require("ordered", count)
        received = cells.require("received", count)
        damaged = cells.get("damaged", count, empty=0)
        if received is not None and damaged > received:
            cells.fail("damaged", f"more damaged ({damaged}) than received ({received})")
        if delivered is None and received:
            cells.fail(
                "received", "a delivery that never arrived received nothing: give `delivered`"
            )
        if len(problems) > before or None in (item, due, ordered, received):
            continue
        assert item is not None and due is not None and ordered is not None
        assert received is not None
        rows.append(
            DeliveryRow(
                record.line,
                item,
                _naive(due),
                _naive(delivered) if delivered else None,
                ordered,
                received,
                damaged,
            )
        )
    if problems:
        raise DataError(problems)
    return rows


@dataclass(frozen=True)
class EventCount:
    """How many events of one kind earned a credit, and the credit for them."""

    trigger: str
    events: int
    percent: Decimal  # the share of the basis owed for them (0 when the credit is an amount)
    money: Money | None  # the amount owed for them, when the credit is an amount


@dataclass(frozen=True)
class DeliveriesReport:
    agreement_id: str
    title: str
    subtitle: str
    version: str
    language: str
    source: str
    period: Month
    rows: tuple[DeliveryRow, ...]
    trigger: str | None  # "on-time deliveries" / "complete deliveries": what the bands read
    commitment: Decimal | None  # the share committed to, for that trigger
    rate: Fraction | None  # the share achieved, for that trigger
    band_credit: Decimal | None  # the band's credit, a share of the basis
    events: tuple[EventCount, ...]
    credit_percent: Decimal  # the share of the basis owed in all, after the cap
    capped: bool
    maximum: Decimal | None
    basis: str

    @property
    def last_day(self) -> date:
        return self.period.last

    @property
    def on_time(self) -> int:
        return sum(1 for row in self.rows if row.on_time)

    @property
    def complete(self) -> int:
        return sum(1 for row in self.rows if row.complete)

    def words(self) -> ReportWords:
        return ReportWords.of(self.language)

    def status(self, row: DeliveryRow, words: ReportWords) -> str:
        """What happened to one delivery, in words: on time, late, missed; short, damaged."""
        says = [
            words(
                "delivery_missed"
                if row.delivered is None
                else "delivery_on_time"
                if row.on_time
                else "delivery_late"
            )
        ]
        if row.delivered is not None and row.short:
            says.append(words("delivery_short", missing=row.ordered - row.received))
        if row.damaged:
            says.append(words("delivery_damaged", damaged=row.damaged))
        return ", ".join(says)

    def summary_lines(self, words: ReportWords | None = None) -> list[str]:
        """The report in a few lines, as printed on stdout and at the top of the PDF."""
        say = words or self.words()
        month = say.month(self.period)
        lines = [
            say(
                "deliveries_summary",
                due=len(self.rows),
                on_time=self.on_time,
                complete=self.complete,
                window=month,
            )
        ]
        if self.trigger is not None and self.rate is not None and self.commitment is not None:
            lines.append(
                say(
                    "deliveries_rate",
                    trigger=self.trigger,
                    rate=say.percent(_share(self.rate)),
                    commitment=say.percent(self.commitment),
                    met=self.rate >= self.commitment,
                )
            )
        for event in self.events:
            lines.append(
                say(
                    "deliveries_event",
                    trigger=event.trigger,
                    count=event.events,
                    credit=(
                        say.money(event.money.amount, event.money.currency)
                        if event.money is not None
                        else say(
                            "credit_of_basis", share=say.percent(event.percent), basis=self.basis
                        )
                    ),
                )
            )
        lines.append(
            say(
                "deliveries_credit",
                credit=say.percent(self.credit_percent),
                basis=self.basis,
                capped=self.capped,
                maximum=say.percent(self.maximum) if self.maximum is not None else "",
                owed=self.credit_percent > 0,
            )
        )
        return lines


def _share(rate: Fraction) -> Decimal:
    """A share to one decimal, rounded down (87.5%, 66.6%): never better than it was."""
    tenths = rate.numerator * 10 // rate.denominator
    return (Decimal(tenths) / 10).normalize()


def deliveries_report(
    agreement: Agreement, deliveries_path: Path, *, period: Month | None = None
) -> DeliveriesReport:
    """The deliveries due in ``period`` (default: the month of the latest delivery due) and
    the credits owed for them, for a customer agreement with deliveries."""
    if not isinstance(agreement, CustomerAgreement) or not agreement.deliveries:
        raise UsageError(
            f"--deliveries reports on a customer agreement with `deliveries`; {agreement.id} "
            "has none"
        )
    rows = read_deliveries(deliveries_path, agreement.deliveries)
    if period is None:
        if not rows:
            raise UsageError(f"{deliveries_path}: no deliveries logged; give --period")
        period = Month.of(max(row.due for row in rows).date())
    month = [row for row in rows if row.due.date() in period]
    credits = agreement.levels()[0].credits
    return _credited(agreement, deliveries_path, period, tuple(month), credits)


def _credited(
    agreement: CustomerAgreement,
    path: Path,
    period: Month,
    rows: tuple[DeliveryRow, ...],
    credits: ServiceCredits | None,
) -> DeliveriesReport:
    trigger = rate = commitment = band_credit = None
    total = Decimal(0)
    events: list[EventCount] = []
    if credits is not None and credits.for_ != "availability" and rows:
        trigger = credits.for_
        attribute = "on_time" if trigger == "on-time deliveries" else "complete"
        achieved = sum(1 for row in rows if getattr(row, attribute))
        rate = Fraction(achieved * 100, len(rows))
        commitments = [getattr(d, attribute) for d in agreement.deliveries]
        commitment = min((c for c in commitments if c is not None), default=None)
        matching = [
            band
            for band in credits.bands
            if rate < band.below and (band.at_least is None or rate >= band.at_least)
        ]
        band_credit = max((band.credit for band in matching), default=Decimal(0))
        total += band_credit
    if credits is not None:
        counted = {
            "late delivery": sum(1 for row in rows if row.late),
            "short delivery": sum(1 for row in rows if row.short and row.delivered is not None),
            "damaged delivery": sum(1 for row in rows if row.damaged),
        }
        for event in credits.events:
            if event.for_ not in counted or not counted[event.for_]:
                continue
            n = counted[event.for_]
            share = (event.credit.percent or Decimal(0)) * n
            money = event.credit.money
            owed = Money(money.amount * n, money.currency) if money is not None else None
            events.append(EventCount(event.for_, n, share, owed))
            total += share
    capped = credits is not None and credits.maximum is not None and total > credits.maximum
    if capped:
        assert credits is not None and credits.maximum is not None
        total = credits.maximum
    return DeliveriesReport(
        **about(agreement, path),
        period=period,
        rows=rows,
        trigger=trigger,
        commitment=commitment,
        rate=rate,
        band_credit=band_credit,
        events=tuple(events),
        credit_percent=total,
        capped=capped,
        maximum=credits.maximum if credits else None,
        basis=(credits.basis or "") if credits else "",
    )
