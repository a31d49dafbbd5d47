"""The incidents report, for a customer agreement: a CSV outage log in, availability per
service with exclusions and scheduled maintenance applied as the agreement defines them, and
the service credit owed, with the working.

:func:`incidents_report` computes the figures (exactly: spans of whole microseconds,
minutes as fractions, :mod:`sladoc.reporting.spans`); the report's sentences are written
from them in the agreement's language by the methods of :class:`IncidentsReport` and
:class:`ServiceResult`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone, tzinfo
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Literal

from sladoc.agreement.model import Agreement, CustomerAgreement, Level, Service
from sladoc.agreement.model import EventCredit as EventCreditTerm
from sladoc.agreement.values import Duration, Money
from sladoc.errors import UsageError, closest
from sladoc.reporting import spans
from sladoc.reporting.csvdata import (
    Cells,
    DataError,
    DataProblem,
    Stamp,
    about,
    count,
    flag,
    read_csv,
    shown,
    timed,
)
from sladoc.reporting.month import Month
from sladoc.reporting.spans import Moments, Span
from sladoc.reporting.words import ReportWords

INCIDENT_COLUMNS = ("service", "start", "end")
INCIDENT_OPTIONAL = ("maintenance", "excluded", "reason", "severity", "responded")

# Zone abbreviations agreements use, mapped to IANA names (Indonesian time zones).
_ZONE_ALIASES = {
    "WIB": "Asia/Jakarta",
    "WITA": "Asia/Makassar",
    "WIT": "Asia/Jayapura",
    "UTC": "UTC",
    "GMT": "UTC",
    "Z": "UTC",
}


# --- reading ------------------------------------------------------------------------------


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
    severity: int | None = None  # the incident's severity level, when logged
    responded: datetime | None = None  # the first response, in UTC, when logged

    @property
    def span(self) -> Span:
        return spans.micros(self.start), spans.micros(self.end)


def service_zone(service: Service) -> tuple[tzinfo, str]:
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


def read_incidents(path: Path, services: list[Service]) -> list[Outage]:
    """The outages of a CSV log. Times without an offset are in the service's time zone."""
    file = str(path)
    by_name = {service.name.lower(): service for service in services}
    names = [service.name for service in services]
    problems: list[DataProblem] = []
    outages: list[Outage] = []
    for record in read_csv(path, INCIDENT_COLUMNS, INCIDENT_OPTIONAL):
        cells = Cells(file, record, problems)
        before = len(problems)
        name = cells.require("service", str)
        service = by_name.get(name.lower()) if name else None
        if name and service is None:
            near = closest(name, names, ignore_case=True)
            hint = f"did you mean {near!r}?" if near else f"known: {', '.join(names)}"
            cells.fail("service", f"unknown service {name!r}; {hint}")
        start = cells.require("start", timed)
        end = cells.require("end", timed)
        maintenance = cells.get("maintenance", flag, empty=False)
        excluded = cells.get("excluded", flag, empty=False)
        reason = cells.get("reason", str, empty="")
        severity = cells.get("severity", count)
        responded = cells.get("responded", timed)
        if responded is not None and severity is None:
            cells.fail("severity", "a response time is measured for a severity: give it")
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
        if len(problems) > before or service is None or start is None or end is None:
            continue
        zone, _ = service_zone(service)
        start_utc, end_utc = _in_utc(start, zone), _in_utc(end, zone)
        if end_utc < start_utc:
            cells.fail("end", f"the outage ends before it starts ({shown(start)})")
            continue
        responded_utc = _in_utc(responded, zone) if responded is not None else None
        if responded_utc is not None and responded_utc < start_utc:
            cells.fail("responded", f"the response comes before the outage ({shown(start)})")
            continue
        outages.append(
            Outage(
                record.line,
                service.name,
                start_utc,
                end_utc,
                maintenance,
                excluded,
                reason,
                severity,
                responded_utc,
            )
        )
    if problems:
        raise DataError(problems)
    return outages


def _in_utc(stamp: Stamp, zone: tzinfo) -> datetime:
    value = stamp.value if stamp.aware else stamp.value.replace(tzinfo=zone)
    return value.astimezone(timezone.utc)


# --- the report ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Band:
    below: Decimal
    at_least: Decimal | None
    credit: Decimal

    def describe(self, words: ReportWords) -> str:
        """ "below 99.95% and at least 99%"."""
        return words(
            "band",
            below=words.percent(self.below),
            at_least="" if self.at_least is None else words.percent(self.at_least),
        )


@dataclass(frozen=True)
class EventCredit:
    """Credits owed per event in the period: how many events, and the credit for them (a
    share of the basis, or an amount of money)."""

    trigger: str  # as the agreement's `events[].for` names it
    events: int
    percent: Decimal
    money: Money | None
    not_measured: int = 0  # events on a business clock, which the log cannot time


MaintenanceRule = Literal["no_clause", "counts", "maximum", "not_counted"]
"""How scheduled maintenance counts: the wording key ``rule_<this>`` says it in words."""


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
    downtime_spans: tuple[Moments, ...]  # counted, merged, clipped
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
    maintenance_allowed_spans: tuple[Moments, ...]  # scheduled maintenance not counted
    excluded_spans: tuple[Moments, ...]

    @property
    def met(self) -> bool | None:
        return None if self.target is None else self.availability >= Fraction(self.target)

    @property
    def allowed_minutes(self) -> Fraction | None:
        """Downtime the target allows in this period."""
        if self.target is None:
            return None
        return self.minutes_in_period * (100 - Fraction(self.target)) / 100

    def working(self, report: IncidentsReport, words: ReportWords | None = None) -> list[str]:
        """How the figures were reached, one step a line."""
        say = words or report.words()
        minutes = say.minutes
        lines = [
            say(
                "working_minutes",
                minutes=minutes(self.minutes_in_period),
                window=report.window_text(say),
                zone=self.time_zone,
            ),
            say(
                "working_unplanned",
                logged=self.unplanned_logged,
                merged=self.unplanned_merged,
                counted=minutes(self.unplanned_minutes),
                covered=minutes(self.unplanned_covered_minutes)
                if self.unplanned_covered_minutes
                else "",
            ),
        ]
        if self.clipped:
            lines.append(say("working_clipped", count=self.clipped))
        if self.excluded_minutes:
            lines.append(
                say(
                    "working_excluded",
                    minutes=minutes(self.excluded_minutes),
                    reasons="; ".join(self.excluded_reasons),
                )
            )
        if self.maintenance_minutes:
            rule = report.maintenance_rule_text(say)
            if report.maintenance_counts:
                lines.append(
                    say(
                        "working_maintenance_counted",
                        minutes=minutes(self.maintenance_minutes),
                        rule=rule,
                    )
                )
            else:
                lines.append(
                    say(
                        "working_maintenance",
                        minutes=minutes(self.maintenance_minutes),
                        allowed=minutes(self.maintenance_allowed_minutes),
                        over=minutes(self.maintenance_over_minutes)
                        if self.maintenance_over_minutes
                        else "",
                        rule=rule,
                    )
                )
        counted_maintenance = self.downtime_minutes - self.unplanned_minutes
        if self.unplanned_minutes and counted_maintenance:
            lines.append(
                say(
                    "working_downtime",
                    unplanned=minutes(self.unplanned_minutes),
                    maintenance=minutes(counted_maintenance),
                    total=minutes(self.downtime_minutes),
                )
            )
        lines.append(
            say(
                "working_availability",
                minutes=minutes(self.minutes_in_period),
                downtime=minutes(self.downtime_minutes),
                availability=say.availability(self.availability),
                target="" if self.target is None else say.percent(self.target),
                met=bool(self.met),
            )
        )
        if self.credit is not None:
            if self.band is None:
                lines.append(say("working_no_band"))
            else:
                lines.append(
                    say(
                        "working_band",
                        band=self.band.describe(say),
                        credit=say.percent(self.band.credit),
                        capped=self.credit_capped,
                        maximum=say.percent(self.credit),
                    )
                )
        return lines


@dataclass(frozen=True)
class IncidentsReport:
    agreement_id: str
    title: str
    subtitle: str
    version: str
    language: str
    source: str
    period: Month
    as_of: date | None  # None: the whole month
    services: tuple[ServiceResult, ...]
    plan: str | None  # the plan whose targets and credits apply, when the SLA has plans
    event_credits: tuple[EventCredit, ...]  # per missed response, hour beyond the budget
    credit_basis: str | None
    bands: tuple[Band, ...]
    credits_computed: bool
    credits_not_computed: Literal["", "none", "window", "month_to_date"]
    credits_window: str  # the agreement's credit window, for "window"
    maximum: Decimal | None
    maintenance_counts: bool
    maintenance_rule: MaintenanceRule
    maintenance_maximum: Duration | None
    ignored_outside_period: int

    def words(self) -> ReportWords:
        """sladoc's report wording in the agreement's language."""
        return ReportWords.of(self.language)

    @property
    def last_day(self) -> date:
        return self.as_of or self.period.last

    def window_text(self, words: ReportWords | None = None) -> str:
        """ "March 2027", or "01 to 10 March 2027" for a month to date."""
        say = words or self.words()
        if self.as_of is None:
            return say.month(self.period)
        return say("window_to_date", first=f"{self.period.first:%d}", last=say.date(self.as_of))

    def maintenance_rule_text(self, words: ReportWords | None = None) -> str:
        say = words or self.words()
        maximum = self.maintenance_maximum
        return say(
            f"rule_{self.maintenance_rule}",
            maximum=maximum.describe(self.language) if maximum else "",
        )

    def why_no_credits(self, words: ReportWords | None = None) -> str:
        """Why credits were not computed ("" when they were)."""
        if self.credits_computed:
            return ""
        say = words or self.words()
        windows = say.wording.mapping("windows")
        return say(
            f"credits_{self.credits_not_computed}",
            window=windows.get(self.credits_window, self.credits_window),
            as_of=self.as_of.isoformat() if self.as_of else "",
        )

    def summary_lines(self, words: ReportWords | None = None) -> list[str]:
        """The report in a few lines of text, as printed on stdout and at the top of the PDF."""
        say = words or self.words()
        lines = [say("summary_plan", plan=self.plan)] if self.plan else []
        for result in self.services:
            credit = ""
            if result.credit == 0:
                credit = say("summary_no_credit")
            elif result.credit is not None:
                credit = say(
                    "summary_credit",
                    credit=say.percent(result.credit),
                    basis=self.credit_basis or "",
                )
            lines.append(
                say(
                    "summary_service",
                    service=result.name,
                    availability=say.availability(result.availability),
                    window=self.window_text(say),
                    downtime=say.minutes(result.downtime_minutes),
                    target="" if result.target is None else say.percent(result.target),
                    met=bool(result.met),
                    credit=credit,
                )
            )
        for event in self.event_credits:
            lines.append(
                say(
                    "summary_event_credit",
                    trigger=event.trigger,
                    count=event.events,
                    credit=say.money(event.money.amount, event.money.currency)
                    if event.money is not None
                    else say(
                        "credit_of_basis",
                        share=say.percent(event.percent),
                        basis=self.credit_basis or "",
                    ),
                    not_measured=event.not_measured,
                )
            )
        if not self.credits_computed:
            lines.append(say("summary_credits_not_computed", reason=self.why_no_credits(say)))
        return lines

    def notes(self, words: ReportWords | None = None) -> list[str]:
        """What a reader needs to know to read the figures right."""
        say = words or self.words()
        notes = [say("note_merged"), say("note_rounded_down"), say("note_time_zones")]
        if self.maximum is not None:
            notes.append(say("note_maximum", maximum=say.percent(self.maximum)))
        return notes


def incidents_report(
    agreement: Agreement,
    incidents_path: Path,
    *,
    period: Month | None = None,
    as_of: date | None = None,
    plan: str | None = None,
) -> IncidentsReport:
    """Availability per service and the credits owed in ``period`` from an outage log, for a
    customer agreement. ``period`` defaults to the month of the latest outage start; the
    whole month is measured unless ``as_of`` ends it early (month to date). An agreement with
    plans is measured against one plan's targets and credits: ``plan``, or the customer's
    ``plan`` the agreement names."""
    if not isinstance(agreement, CustomerAgreement):
        raise UsageError(
            f"--incidents reports on a customer agreement; {agreement.id} is "
            f"{'an' if agreement.kind == 'internal' else 'a'} {agreement.kind} agreement"
            + (
                " (for a Marketing/Sales agreement, report on --leads)"
                if agreement.kind == "internal"
                else ""
            )
        )
    if not agreement.services:
        raise UsageError(
            f"{agreement.id} promises deliveries, not services with availability;"
            " there is nothing to measure outages against"
        )
    level = _level(agreement, plan)
    zones = {service.name: service_zone(service) for service in agreement.services}
    outages = read_incidents(incidents_path, agreement.services)
    if period is None:
        if not outages:
            raise UsageError(f"{incidents_path}: no outages logged; give --period")
        latest = max(outages, key=lambda o: o.start)
        zone, _ = zones[latest.service]
        period = Month.of(latest.start.astimezone(zone).date())
    if as_of is not None and as_of not in period:
        raise UsageError(f"--as-of {as_of} is not in the period {period}")

    maintenance = agreement.maintenance
    maximum_us = None
    rule: MaintenanceRule
    if maintenance is None:
        rule, counts = "no_clause", True
    elif maintenance.counts_as_downtime:
        rule, counts = "counts", True
    elif maintenance.max_per_month is not None:
        rule, counts = "maximum", False
        maximum_us = int(maintenance.max_per_month.seconds * 1_000_000)
    else:
        rule, counts = "not_counted", False

    credits = level.credits
    events = credits.events if credits is not None else []
    if credits is not None and (credits.for_ != "availability" or not credits.bands):
        credits = None  # credits keyed to deliveries, or per event only: not from outages
    targets = {service.name: a.target for _, service, a, _ in level.availability}
    why: Literal["", "none", "window", "month_to_date"] = ""
    odd: list[str] = []
    if credits is None:
        why = "none"
    else:
        windows = {credits.window} | {
            s.availability.window
            for s in agreement.services
            if s.availability and credits.window is None
        }
        odd = sorted(w for w in windows if w is not None and w != "calendar month")
        if odd:
            why = "window"
    if as_of is not None and not why:
        why = "month_to_date"
    bands = [Band(b.below, b.at_least, b.credit) for b in credits.bands] if credits else []
    cap = credits.maximum if credits else None

    results = []
    ignored = 0
    for service in agreement.services:
        zone, zone_name = zones[service.name]
        begin = datetime(period.year, period.month, 1, tzinfo=zone)
        finish_day = (as_of or period.last) + timedelta(days=1)
        finish = datetime(finish_day.year, finish_day.month, finish_day.day, tzinfo=zone)
        window = (spans.micros(begin), spans.micros(finish))
        mine = [o for o in outages if o.service == service.name]
        inside = [o for o in mine if spans.clip(o.span, window)]
        ignored += len(mine) - len(inside)
        plain = [o for o in inside if not o.maintenance and not o.excluded]
        excluded = _merged([o for o in inside if o.excluded], window)
        scheduled = spans.minus(_merged([o for o in inside if o.maintenance], window), excluded)
        allowed: list[Span]
        over: list[Span]
        if counts:
            allowed, over = [], scheduled
        elif maximum_us is not None:
            allowed, over = spans.first(scheduled, maximum_us)
        else:
            allowed, over = scheduled, []
        unplanned = spans.minus(spans.minus(_merged(plain, window), excluded), allowed)
        counted = spans.union(unplanned + over)
        total = Fraction(window[1] - window[0], spans.MINUTE)
        down = spans.minutes(counted)
        availability = (total - down) * 100 / total
        target = targets.get(service.name)
        band, credit, capped = None, None, False
        if not why:
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
                unplanned_merged=len(_merged(plain, window)),
                clipped=sum(1 for o in inside if spans.clip(o.span, window) != o.span),
                downtime_spans=spans.moments(counted),
                downtime_minutes=down,
                unplanned_minutes=spans.minutes(spans.union(unplanned)),
                unplanned_covered_minutes=spans.minutes(_merged(plain, window))
                - spans.minutes(spans.union(unplanned)),
                excluded_minutes=spans.minutes(excluded),
                excluded_reasons=tuple(dict.fromkeys(o.reason for o in inside if o.excluded)),
                maintenance_minutes=spans.minutes(scheduled),
                maintenance_allowed_minutes=spans.minutes(allowed),
                maintenance_over_minutes=spans.minutes(over),
                availability=availability,
                band=band,
                credit=credit,
                credit_capped=capped,
                maintenance_allowed_spans=spans.moments(allowed),
                excluded_spans=spans.moments(excluded),
            )
        )
    return IncidentsReport(
        **about(agreement, incidents_path),
        period=period,
        as_of=as_of,
        services=tuple(results),
        plan=level.name,
        event_credits=tuple(_event_credits(events, level, outages, results, period, why))
        if not why or why == "none"
        else (),
        credit_basis=(level.credits.basis if level.credits else None),
        bands=tuple(bands),
        credits_computed=not why,
        credits_not_computed=why,
        credits_window=odd[0] if odd else "",
        maximum=cap,
        maintenance_counts=counts,
        maintenance_rule=rule,
        maintenance_maximum=maintenance.max_per_month if maintenance else None,
        ignored_outside_period=ignored,
    )


def _event_credits(
    events: list[EventCreditTerm],
    level: Level,
    outages: list[Outage],
    results: list[ServiceResult],
    period: Month,
    why: str,
) -> Iterator[EventCredit]:
    """The credits owed per event: each logged incident answered (or, by its end, resolved)
    later than its severity allows, and each hour of downtime beyond a service's budget.
    Times on a business clock cannot be timed from the log; they are counted apart."""
    severities = {v.level: v for v in level.support.severities} if level.support else {}
    for event in events:
        owed = not_measured = 0
        if event.for_ in ("missed response", "missed resolution"):
            for outage in outages:
                severity = severities.get(outage.severity or 0)
                if severity is None or Month.of(outage.start.date()) != period:
                    continue
                if event.severities and severity.level not in event.severities:
                    continue
                allowed = (
                    severity.response if event.for_ == "missed response" else severity.resolution
                )
                done = outage.responded if event.for_ == "missed response" else outage.end
                if allowed is None or done is None:
                    continue
                if severity.runs_on == "business":
                    not_measured += 1
                elif (done - outage.start).total_seconds() > allowed.seconds:
                    owed += 1
        elif event.for_ == "downtime beyond budget" and not why:
            for result in results:
                allowed_minutes = result.allowed_minutes
                if allowed_minutes is None or result.downtime_minutes <= allowed_minutes:
                    continue
                beyond = result.downtime_minutes - allowed_minutes
                hours = -(-beyond // 60) if event.per == "started hour" else beyond // 60
                owed += int(hours)
        if not (owed or not_measured):
            continue
        money = event.credit.money
        yield EventCredit(
            event.for_,
            owed,
            (event.credit.percent or Decimal(0)) * owed,
            Money(money.amount * owed, money.currency) if money is not None else None,
            not_measured,
        )


def _level(agreement: CustomerAgreement, plan: str | None) -> Level:
    """The service levels the outages are measured against: the agreement's own, or one
    plan's (``plan``, else the customer's plan the agreement names)."""
    levels = agreement.levels()
    if not agreement.plans:
        if plan is not None:
            raise UsageError(f"--plan {plan!r}: {agreement.id} has no plans")
        return levels[0]
    names = [level.name or "" for level in levels]
    wanted = plan or agreement.plan
    if wanted is None:
        raise UsageError(
            f"{agreement.id} has plans ({', '.join(names)}); give --plan NAME to measure "
            "against one"
        )
    for level in levels:
        if (level.name or "").casefold() == wanted.casefold():
            return level
    near = closest(wanted, names, ignore_case=True)
    hint = f"; did you mean {near!r}?" if near else f" (plans: {', '.join(names)})"
    raise UsageError(f"--plan {wanted!r} is not a plan of {agreement.id}{hint}")


def _merged(outages: list[Outage], window: Span) -> list[Span]:
    """The outages' time inside the period, merged."""
    return spans.union(span for span in (spans.clip(o.span, window) for o in outages) if span)
