"""The leads report, for an internal (Marketing/Sales) agreement: a CSV of leads in, the goal
line against the leads delivered, Sales' follow-up speed and depth against the agreed
targets, and the month's funnel recalculated beside the agreed one.

:func:`leads_report` computes the figures; the report's sentences (its summary, the funnel's
working and the notes) are written from them in the agreement's language by the methods of
:class:`LeadsReport`. Dates come from the data or from the caller, never from the clock: the
same files give the same report on any day.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from sladoc.agreement import sla_math
from sladoc.agreement.model import Agreement, InternalAgreement
from sladoc.agreement.values import format_number
from sladoc.errors import UsageError, closest
from sladoc.reporting.csvdata import (
    Cells,
    DataError,
    DataProblem,
    Stamp,
    about,
    amount,
    count,
    date_only,
    earlier,
    flag,
    read_csv,
    shown,
    stamp,
    timed,
)
from sladoc.reporting.month import Month
from sladoc.reporting.words import ReportWords

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


# --- reading ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Lead:
    """One row of a leads file."""

    row: int
    lead: str
    created: Stamp
    handed_off: Stamp | None
    first_follow_up: Stamp | None
    attempts: int
    connected: bool
    became_customer: date | None
    revenue: Decimal
    tier: str | None


@dataclass(frozen=True)
class _HandedOff:
    """A lead handed off to Sales, with its hand-off (and follow-up) at hand."""

    lead: Lead
    handed_off: Stamp

    @property
    def day(self) -> date:
        return self.handed_off.day


def read_leads(
    path: Path, tiers: Iterable[str] = (), aliases: Mapping[str, str] | None = None
) -> list[Lead]:
    """The leads of a CSV file, checked row by row and against each other. ``tiers``: the
    agreement's lead tier names; when given, every ``tier`` cell must name one of them, or
    one of the ``aliases`` (a bilingual agreement's names in its other language, each to
    the name in this version)."""
    file = str(path)
    tier_names = {name.lower(): name for name in tiers}
    tier_names.update({alias.lower(): name for alias, name in (aliases or {}).items()})
    problems: list[DataProblem] = []
    leads: list[Lead] = []
    seen: dict[str, int] = {}
    offsets: tuple[bool, int, str] | None = None  # (aware, row, column) of the first time
    for record in read_csv(path, LEAD_COLUMNS, LEAD_OPTIONAL):
        cells = Cells(file, record, problems)
        before = len(problems)
        name = cells.require("lead", str)
        if name is not None:
            if name in seen:
                cells.fail("lead", f"lead {name!r} is already on row {seen[name]}")
            seen.setdefault(name, record.line)
        created = cells.require("created", stamp)
        handed = cells.get("handed_off", timed)
        first = cells.get("first_follow_up", timed)
        attempts = cells.get("attempts", count, empty=0)
        connected = cells.get("connected", flag, empty=False)
        customer = cells.get("became_customer", date_only)
        revenue = cells.get("revenue", amount, empty=Decimal(0))
        tier = cells.get("tier", str)
        # Times with and without an offset cannot be compared or subtracted, so one file
        # uses one or the other (dates alone go with either).
        for column, when in (
            ("created", created),
            ("handed_off", handed),
            ("first_follow_up", first),
        ):
            if when is None or not when.has_time:
                continue
            if offsets is None:
                offsets = (when.aware, record.line, column)
            elif when.aware != offsets[0]:
                has = "has a" if when.aware else "has no"
                cells.fail(
                    column,
                    f"this time {has} UTC offset, but the first time in the "
                    f"file (row {offsets[1]}, {offsets[2]}) "
                    f"{'does not' if when.aware else 'does'}; write every time with "
                    "an offset or none",
                )
        if tier is not None and tier_names:
            if tier.lower() not in tier_names:
                near = closest(tier, tier_names.values(), ignore_case=True)
                hint = (
                    f"did you mean {near!r}?"
                    if near
                    else f"known: {', '.join(tier_names.values())}"
                )
                cells.fail("tier", f"unknown tier {tier!r}; {hint}")
            else:
                tier = tier_names[tier.lower()]
        if len(problems) > before or name is None or created is None:
            continue
        _check_lead(cells, created, handed, first, attempts, customer, revenue)
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


def _check_lead(
    cells: Cells,
    created: Stamp,
    handed: Stamp | None,
    first: Stamp | None,
    attempts: int,
    customer: date | None,
    revenue: Decimal,
) -> None:
    """The cells of one lead against each other: what happened in what order."""
    if handed is not None and earlier(handed, created):
        cells.fail("handed_off", f"handed off before the lead was created ({shown(created)})")
    if first is not None:
        if handed is None:
            cells.fail(
                "first_follow_up",
                "a follow-up on a lead never handed off to Sales; fill in handed_off",
            )
        elif earlier(first, created):
            cells.fail(
                "first_follow_up",
                f"follow-up before the lead existed (created {shown(created)})",
            )
        elif earlier(first, handed):
            cells.fail(
                "first_follow_up", f"follow-up before the hand-off to Sales ({shown(handed)})"
            )
        if attempts == 0:
            cells.fail("attempts", "0 attempts, but there is a first follow-up")
    elif attempts > 0:
        cells.fail("first_follow_up", f"empty, but {attempts} attempt(s) are logged")
    if customer is not None:
        if customer < created.day:
            cells.fail(
                "became_customer",
                f"became a customer before the lead existed (created {shown(created)})",
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


# --- the report ---------------------------------------------------------------------------


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
    """The month's funnel figures from the data, and the funnel recalculated from them.
    When it could not be, ``not_recalculated`` is the wording key that says why (and
    ``error`` the funnel arithmetic's own complaint, for ``funnel_not_computable``)."""

    leads: int
    customers: int
    marketing_revenue: Decimal
    total_revenue: Decimal
    total_revenue_given: bool  # False: all revenue in the file was taken as marketing's
    recalculated: sla_math.Funnel | None
    not_recalculated: str
    error: str
    average_cycle_days: Decimal | None  # created -> became customer

    def why_not(self, words: ReportWords) -> str:
        """Why the funnel was not recalculated ("" when it was)."""
        return words(self.not_recalculated, error=self.error) if self.not_recalculated else ""


@dataclass(frozen=True)
class LeadsReport:
    agreement_id: str
    title: str
    subtitle: str
    version: str
    language: str
    source: str
    period: Month
    as_of: date
    last_day_with_data: date
    goal: int
    goal_agreed: bool  # the agreement's leads goal; else the leads its funnel needs
    goal_line: tuple[Decimal, ...]  # cumulative goal at the end of days 1..n
    delivered_by_day: tuple[int, ...]  # cumulative leads handed off, days 1..as_of
    not_handed_off: int
    speed_target_seconds: Decimal
    speed_target_text: str  # as the agreement's language writes it
    speed_target_business: bool  # in business hours, compared as hours of the clock
    speed_days: tuple[SpeedDay, ...]
    followed_up: int
    within_target: int
    average_speed_seconds: Decimal | None
    awaiting_follow_up: int
    depth_target: int
    depth_span_text: str  # the agreed span of the attempts ("" for none)
    depth_weeks: tuple[DepthWeek, ...]
    not_connected: int
    average_depth: Decimal | None
    agreed: sla_math.Funnel
    agreed_leads_goal: int | None
    currency: str
    actual: FunnelActuals
    tiers: tuple[
        tuple[str, int, str | None], ...
    ]  # name, leads delivered, target as the contract writes it

    @property
    def day(self) -> int:
        return self.as_of.day

    @property
    def delivered(self) -> int:
        return self.delivered_by_day[-1] if self.delivered_by_day else 0

    @property
    def goal_today(self) -> Decimal:
        return self.goal_line[self.day - 1]

    def words(self) -> ReportWords:
        """sladoc's report wording in the agreement's language."""
        return ReportWords.of(self.language)

    def summary_lines(self, words: ReportWords | None = None) -> list[str]:
        """The report in a few lines of text, as printed on stdout and at the top of the PDF."""
        say = words or self.words()
        gap = Decimal(self.delivered) - self.goal_today
        position = (
            say("position_on_line")
            if gap == 0
            else say(
                "position_ahead" if gap > 0 else "position_behind",
                gap=say.number(abs(gap), places=1),
            )
        )
        lines = [
            say(
                "summary_marketing",
                delivered=self.delivered,
                goal=self.goal,
                day=self.day,
                days=self.period.days,
                position=position,
                goal_today=say.number(self.goal_today, places=1),
            )
        ]
        if self.average_speed_seconds is None:
            lines.append(say("summary_speed_none", target=self.speed_target_text))
        else:
            lines.append(
                say(
                    "summary_speed",
                    average=say.duration(self.average_speed_seconds),
                    target=self.speed_target_text,
                    within=self.within_target,
                    followed=self.followed_up,
                    awaiting=self.awaiting_follow_up,
                )
            )
        if self.average_depth is None:
            lines.append(say("summary_depth_none", target=self.depth_target))
        else:
            lines.append(
                say(
                    "summary_depth",
                    average=say.number(self.average_depth, places=1),
                    open=self.not_connected,
                    target=self.depth_target,
                )
            )
        actual, agreed, funnel = self.actual, self.agreed, self.actual.recalculated
        if funnel is None:
            lines.append(say("summary_funnel_none", reason=actual.why_not(say)))
        else:
            lines.append(
                say(
                    "summary_funnel",
                    day=self.day,
                    close_rate=say.percent(funnel.close_rate),
                    agreed_close_rate=say.percent(agreed.close_rate),
                    average_deal=say.money(funnel.average_deal, self.currency),
                    agreed_average_deal=say.money(agreed.average_deal, self.currency),
                    share=say.percent(funnel.marketing_share),
                    agreed_share=say.percent(agreed.marketing_share),
                    total_given=actual.total_revenue_given,
                    leads_needed=funnel.leads_needed,
                    goal=self.goal,
                )
            )
        return lines

    def funnel_working(self, words: ReportWords | None = None) -> list[str]:
        """The month's rates from the counts, then the funnel from the rates."""
        say = words or self.words()
        actual, funnel = self.actual, self.actual.recalculated
        if funnel is None:
            return []
        names = say.list("funnel_steps")
        return [
            say(
                "working_close_rate",
                customers=actual.customers,
                leads=actual.leads,
                close_rate=say.percent(funnel.close_rate),
            ),
            say(
                "working_average_deal",
                revenue=say.money(actual.marketing_revenue, self.currency),
                customers=actual.customers,
                average_deal=say.money(funnel.average_deal, self.currency),
            ),
            say(
                "working_share",
                revenue=say.number(actual.marketing_revenue),
                total=say.number(actual.total_revenue),
                share=say.percent(funnel.marketing_share),
            ),
            *(
                f"{step} {name}"
                for step, name in zip(funnel.steps(say.language), names, strict=True)
            ),
        ]

    def notes(self, words: ReportWords | None = None) -> list[str]:
        """What a reader needs to know to read the figures right."""
        say = words or self.words()
        notes = [
            say(
                "note_goal",
                source=say("goal_source_agreed" if self.goal_agreed else "goal_source_funnel"),
                goal=self.goal,
                days=self.period.days,
            ),
            say(
                "note_speed",
                business=self.speed_target_business,
                target=self.speed_target_text,
            ),
            say("note_depth", span=self.depth_span_text),
        ]
        if self.as_of < self.period.last:
            notes.append(say("note_month_to_date", as_of=say.day_month(self.as_of)))
        if self.as_of < self.last_day_with_data:
            notes.append(say("note_as_exported", as_of=say.day_month(self.as_of)))
        if not self.actual.total_revenue_given:
            notes.append(say("note_no_total_revenue"))
        return notes


def leads_report(
    agreement: Agreement,
    leads_path: Path,
    *,
    period: Month | None = None,
    as_of: date | None = None,
    total_revenue: Decimal | None = None,
    tier_aliases: Mapping[str, str] | None = None,
) -> LeadsReport:
    """Marketing's and Sales' progress in ``period`` from a leads file, for an internal
    agreement. ``period`` defaults to the month of the latest hand-off in the file, ``as_of``
    to the last day of that month with data. ``tier_aliases``: see :func:`read_leads`."""
    if not isinstance(agreement, InternalAgreement):
        raise UsageError(
            f"--leads reports on an internal (Marketing/Sales) agreement; "
            f"{agreement.id} is a {agreement.kind} agreement"
            + (
                " (for a customer agreement, report on --incidents)"
                if agreement.kind == "customer"
                else ""
            )
        )
    funnel = agreement.funnel
    if funnel.period != "month":
        raise UsageError(
            f"the report's goal line runs through a month, but the funnel of "
            f"{agreement.id} is per {funnel.period}"
        )
    leads = read_leads(leads_path, [tier.name for tier in agreement.lead_tiers], tier_aliases)
    handed = [_HandedOff(lead, lead.handed_off) for lead in leads if lead.handed_off is not None]
    if period is None:
        if not handed:
            raise UsageError(f"{leads_path}: no lead has been handed off; give --period")
        period = Month.of(max(lead.day for lead in handed))
    days_with_data = sorted({day for lead in leads for day in _days_of(lead) if day in period})
    if not days_with_data:
        raise UsageError(f"{leads_path}: no data in {period} ({period.name})")
    if as_of is None:
        as_of = days_with_data[-1]
    elif as_of not in period:
        raise UsageError(f"--as-of {as_of} is not in the period {period}")
    last_known = as_of

    def known(day: date | None) -> bool:
        # What happened after the as-of day has not happened yet, as far as the report knows.
        return day is not None and day <= last_known

    month_leads = [lead for lead in handed if lead.day in period and known(lead.day)]
    goal = funnel.leads_goal if funnel.leads_goal is not None else int(funnel.math.leads_needed)
    per_day = [0] * as_of.day
    for lead in month_leads:
        per_day[lead.day.day - 1] += 1
    not_handed = sum(
        1
        for lead in leads
        if lead.handed_off is None and lead.created.day in period and known(lead.created.day)
    )

    target = agreement.follow_up.first_attempt_within
    waits: dict[str, Decimal] = {}
    followed: list[_HandedOff] = []
    for lead in month_leads:
        first = lead.lead.first_follow_up
        if first is not None and known(first.day):
            followed.append(lead)
            waits[lead.lead.lead] = _seconds(first.value - lead.handed_off.value)
    speed_days = []
    for day in sorted({lead.day.day for lead in followed}):
        todays = [waits[lead.lead.lead] for lead in followed if lead.day.day == day]
        speed_days.append(
            SpeedDay(
                day, len(todays), _mean(todays), sum(1 for wait in todays if wait <= target.seconds)
            )
        )

    # Leads not followed up yet have made no attempt; they are Sales' speed problem, and
    # counting them here would report the same miss twice.
    open_leads = [lead for lead in followed if not lead.lead.connected]
    weeks = []
    for first_day in range(1, period.days + 1, 7):
        last_day = min(first_day + 6, period.days)
        if first_day > as_of.day:
            break
        in_week = [
            Decimal(lead.lead.attempts)
            for lead in open_leads
            if first_day <= lead.day.day <= last_day
        ]
        weeks.append(
            DepthWeek(first_day, last_day, len(in_week), _mean(in_week) if in_week else None)
        )
    over = agreement.follow_up.over
    return LeadsReport(
        **about(agreement, leads_path),
        period=period,
        as_of=as_of,
        last_day_with_data=days_with_data[-1],
        goal=goal,
        goal_agreed=funnel.leads_goal is not None,
        goal_line=tuple(sla_math.goal_line(Decimal(goal), period.days)),
        delivered_by_day=tuple(_running_total(per_day)),
        not_handed_off=not_handed,
        speed_target_seconds=target.seconds,
        speed_target_text=target.describe(agreement.language),
        speed_target_business=target.clock == "business",
        speed_days=tuple(speed_days),
        followed_up=len(followed),
        within_target=sum(1 for wait in waits.values() if wait <= target.seconds),
        average_speed_seconds=_mean(list(waits.values())) if waits else None,
        awaiting_follow_up=len(month_leads) - len(followed),
        depth_target=agreement.follow_up.attempts,
        depth_span_text=over.describe(agreement.language) if over else "",
        depth_weeks=tuple(weeks),
        not_connected=len(open_leads),
        average_depth=(
            _mean([Decimal(lead.lead.attempts) for lead in open_leads]) if open_leads else None
        ),
        agreed=funnel.math,
        agreed_leads_goal=funnel.leads_goal,
        currency=funnel.sales_quota.currency,
        actual=_funnel_actuals(
            agreement, [lead.lead for lead in month_leads], known, total_revenue
        ),
        tiers=_tier_counts(agreement, [lead.lead for lead in month_leads]),
    )


def _days_of(lead: Lead) -> list[date]:
    days = [lead.created.day]
    days += [s.day for s in (lead.handed_off, lead.first_follow_up) if s is not None]
    if lead.became_customer is not None:
        days.append(lead.became_customer)
    return days


def _funnel_actuals(
    agreement: InternalAgreement,
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
    recalculated, reason, error = None, "", ""
    if not leads:
        reason = "funnel_no_leads"
    elif not customers:
        reason = "funnel_no_customers"
    elif total == 0:
        reason = "funnel_no_revenue"
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
        except ValueError as problem:
            # e.g. customers with no revenue: a 0 average deal cannot give a leads count
            reason, error = "funnel_not_computable", str(problem)
    cycles = [
        Decimal((lead.became_customer - lead.created.day).days)
        for lead in customers
        if lead.became_customer is not None
    ]
    return FunnelActuals(
        len(leads),
        len(customers),
        marketing_revenue,
        total,
        given,
        recalculated,
        reason,
        error,
        _mean(cycles) if cycles else None,
    )


def _two_places(value: Decimal) -> Decimal:
    rounded = value.quantize(Decimal("0.01"))
    if rounded == rounded.to_integral_value():
        return rounded.quantize(Decimal(1))
    return rounded.normalize()


def _tier_counts(
    agreement: InternalAgreement, leads: list[Lead]
) -> tuple[tuple[str, int, str | None], ...]:
    counts: dict[str, int] = {}
    for lead in leads:
        if lead.tier:
            counts[lead.tier] = counts.get(lead.tier, 0) + 1
    rows = [
        (
            tier.name,
            counts.pop(tier.name, 0),
            tier.target.written(agreement.language) if tier.target else None,
        )
        for tier in agreement.lead_tiers
    ]
    rows += [(name, number, None) for name, number in sorted(counts.items())]
    return tuple(rows) if any(number for _, number, _ in rows) else ()


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
