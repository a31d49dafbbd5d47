"""The charts of a report, as figures of the document tree (:class:`~sladoc.document.tree.Figure`),
and as SVG files.

Drawn from a few shapes rather than with a chart library: the charts need a goal line over
bars, clipped bars with their value written out, per-row markers and notes, which chart
widgets make harder than the few lines of geometry here. Every chart must read in grey
print, so goal and target lines are dashed and actual results solid with markers; filled
bars are dark when they miss a target and light when they meet it. Text is measured in the
embedded DejaVu Sans (:mod:`sladoc.document.fonts`), the face every writer sets it in, and
worded in the report's language (:class:`~sladoc.reporting.words.ReportWords`).
"""

from __future__ import annotations

import math
import re
from datetime import datetime
from decimal import Decimal
from fractions import Fraction
from typing import Literal
from xml.sax.saxutils import escape

from sladoc.document import fonts
from sladoc.document.tree import Box, Dot, Figure, Label, Line, Shape
from sladoc.reporting.incidents import IncidentsReport, ServiceResult
from sladoc.reporting.leads import LeadsReport
from sladoc.reporting.words import ReportWords

# The contract PDF's palette (templates/pdf-style.yaml), so reports look like the contracts.
INK = "#1c2430"
MUTED = "#5d6877"
DARK = "#1f4e79"  # a miss: prints as near-black
LIGHT = "#a9bfd6"  # within target: prints as light grey
RULE = "#c9d1db"
GRID = "#e6ebf0"
WHITE = "#ffffff"

Anchor = Literal["start", "middle", "end"]
DASH = (4, 2.5)
TITLE_SIZE, LABEL_SIZE, TICK_SIZE, NOTE_SIZE, SMALL_SIZE = 9, 7, 6.5, 6.3, 5.6


def _width(text: str, size: float, bold: bool = False) -> float:
    return fonts.register().width(text, size, bold)


def nice_top(value: float, ticks: int = 5) -> tuple[float, float]:
    """An axis top at or above ``value`` and a tick step (1, 2, 2.5 or 5 times a power of
    ten) giving about ``ticks`` intervals."""
    if value <= 0:
        return 1.0, 0.2
    raw = value / ticks
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    return math.ceil(value / step - 1e-9) * step, step


def fitted(text: str, size: float, room: float, bold: bool = False) -> float:
    """``size``, or less when ``text`` set in it would run past ``room`` points: a chart's
    geometry is fixed, and a translation may be longer than the English."""
    width = _width(text, size, bold)
    return size if width <= room else size * max(room, 1) / width


def _figure_number(value: float) -> Decimal:
    """A float of the drawing as an exact figure to write out (6 decimals are plenty)."""
    return Decimal(str(round(value, 6)))


class _Canvas:
    """The shapes of one chart, and the words they are written in."""

    def __init__(self, width: float, height: float, title: str, words: ReportWords) -> None:
        self.width, self.height, self.words = width, height, words
        self.shapes: list[Shape] = []
        size = fitted(title, TITLE_SIZE, width, bold=True)
        self.text(0, height - TITLE_SIZE - 1, title, size=size, bold=True)

    def add(self, shape: Shape) -> None:
        self.shapes.append(shape)

    def text(
        self,
        x: float,
        y: float,
        text: str,
        *,
        size: float = LABEL_SIZE,
        bold: bool = False,
        colour: str = INK,
        anchor: Anchor = "start",
        upright: bool = False,
    ) -> None:
        self.add(Label(x, y, text, size, colour, bold, anchor, upright))

    def line(
        self,
        points: list[tuple[float, float]],
        colour: str,
        width: float,
        dash: tuple[float, ...] = (),
    ) -> None:
        self.add(Line(tuple(points), colour, width, dash))

    def tick(self, value: float) -> str:
        return self.words.number(_figure_number(value), places=2)

    def legend(self, x: float, y: float, entries: list[tuple[str, str]]) -> None:
        """A row of legend entries: (kind, text); kind is goal, actual, target, edge (lines),
        dark, light or open (boxes). Its text is set smaller if the row would not fit."""
        marks = sum(
            32 if kind in ("goal", "actual", "target", "edge") else 22 for kind, _ in entries
        )
        texts = "".join(text for _, text in entries)
        size = fitted(texts, TICK_SIZE, self.width - x - marks)
        for kind, text in entries:
            if kind in ("goal", "actual", "target", "edge"):
                colour, stroke = {
                    "goal": (MUTED, 1.3),
                    "actual": (DARK, 1.6),
                    "target": (INK, 1.1),
                    "edge": (MUTED, 0.6),
                }[kind]
                dash = {"actual": (), "edge": (0.8, 1.6)}.get(kind, DASH)
                self.line([(x, y + 2.5), (x + 16, y + 2.5)], colour, stroke, dash)
                if kind == "actual":
                    self.add(Dot(x + 8, y + 2.5, 1.9, DARK))
                x += 20
            else:
                fill = {"dark": DARK, "light": LIGHT, "open": WHITE}[kind]
                self.add(Box(x, y, 7, 6, fill, DARK if kind == "open" else fill, 0.6))
                x += 10
            self.text(x, y + 0.5, text, size=size)
            x += _width(text, size) + 12

    def note(self, text: str, y: float = 1) -> None:
        self.text(0, y, text, size=fitted(text, NOTE_SIZE, self.width), colour=MUTED)

    def figure(self, description: str) -> Figure:
        return Figure(self.width, self.height, tuple(self.shapes), description)


class _Plot:
    """A plot area inside a chart, mapping data to points."""

    def __init__(
        self,
        canvas: _Canvas,
        left: float,
        bottom: float,
        right: float,
        top: float,
        x_range: tuple[float, float],
        y_range: tuple[float, float],
    ):
        self.c, self.left, self.bottom, self.right, self.top = canvas, left, bottom, right, top
        self.x0, self.x1 = x_range
        self.y0, self.y1 = y_range

    def x(self, value: float) -> float:
        return self.left + (value - self.x0) / (self.x1 - self.x0) * (self.right - self.left)

    def y(self, value: float) -> float:
        return self.bottom + (value - self.y0) / (self.y1 - self.y0) * (self.top - self.bottom)

    def y_axis(self, step: float, label: str) -> None:
        c, value = self.c, self.y0
        while value <= self.y1 + 1e-9:
            y = self.y(value)
            c.line([(self.left, y), (self.right, y)], GRID, 0.5)
            c.text(
                self.left - 3, y - 2.2, c.tick(value), size=TICK_SIZE, colour=MUTED, anchor="end"
            )
            value += step
        c.line([(self.left, self.bottom), (self.left, self.top)], MUTED, 0.6)
        c.line([(self.left, self.bottom), (self.right, self.bottom)], MUTED, 0.6)
        middle = (self.bottom + self.top) / 2
        c.text(self.left - 27, middle, label, colour=MUTED, anchor="middle", upright=True)

    def day_axis(self, days: int, label: str, *, at_ends: bool = True) -> None:
        """Ticks for days 1..days; labels on day 1 and every fifth day. ``at_ends``: a day
        is a point at the end of the day (cumulative counts); else the middle of a slot."""
        c = self.c
        for day in range(1, days + 1):
            x = self.x(day) if at_ends else self.x(day - 0.5)
            labelled = day == 1 or day % 5 == 0
            c.line([(x, self.bottom), (x, self.bottom - (3 if labelled else 1.5))], MUTED, 0.5)
            if labelled:
                c.text(x, self.bottom - 10, str(day), size=TICK_SIZE, colour=MUTED, anchor="middle")
        middle = (self.left + self.right) / 2
        c.text(middle, self.bottom - 20, label, colour=MUTED, anchor="middle")


# --- leads ------------------------------------------------------------------------------


def marketing_chart(
    report: LeadsReport, words: ReportWords, width: float = 515, height: float = 215
) -> Figure:
    """The guide's "waterfall": the cumulative goal line through the month (dashed) and
    the leads actually handed off (solid, a marker a day) on the same axes."""
    say = words
    days = report.period.days
    month = say.month(report.period)
    c = _Canvas(width, height, say("chart_marketing_title"), say)
    c.legend(
        0,
        height - 26,
        [
            ("goal", say("chart_goal_line", goal=report.goal, days=days)),
            ("actual", say("chart_handed_off")),
        ],
    )
    top, step = nice_top(max(report.goal, report.delivered))
    plot = _Plot(c, 40, 34, width - 62, height - 38, (0, days), (0, top))
    plot.y_axis(step, say("chart_leads_axis"))
    plot.day_axis(days, say("chart_day_axis", month=month))
    goal = [(plot.x(0), plot.y(0))] + [
        (plot.x(day), plot.y(float(value))) for day, value in enumerate(report.goal_line, 1)
    ]
    c.line(goal, MUTED, 1.3, DASH)
    c.text(
        plot.x(days) + 4,
        plot.y(report.goal) - 2.3,
        say("chart_goal", goal=report.goal),
        size=TICK_SIZE,
        colour=MUTED,
    )
    # the as-of day: where the actual line ends and the comparison is made
    x_now = plot.x(report.day)
    c.line([(x_now, plot.bottom), (x_now, plot.top)], MUTED, 0.6, (1, 1.5))
    c.text(
        x_now + 3,
        plot.bottom + 4,
        say("chart_as_of_day", day=report.day),
        size=SMALL_SIZE,
        colour=MUTED,
    )
    points = [(plot.x(0), plot.y(0))] + [
        (plot.x(day), plot.y(count)) for day, count in enumerate(report.delivered_by_day, 1)
    ]
    c.line(points, DARK, 1.6)
    for x, y in points[1:]:
        c.add(Dot(x, y, 1.7, DARK, 0.3))
    gap = Decimal(report.delivered) - report.goal_today
    where = (
        say("chart_on_goal_line")
        if gap == 0
        else say("chart_ahead" if gap > 0 else "chart_behind", gap=say.number(abs(gap), places=1))
    )
    label = say("chart_delivered", delivered=report.delivered, day=report.day, where=where)
    c.text(
        x_now - 4,
        min(plot.y(report.delivered) + 6, plot.top - 8),
        label,
        bold=True,
        colour=DARK,
        anchor="end",
    )
    return c.figure(say("svg_marketing", month=month))


def speed_chart(
    report: LeadsReport, words: ReportWords, width: float = 252, height: float = 190
) -> Figure:
    """Average time from hand-off to first follow-up for the leads of each hand-off day,
    against the agreed target (dashed). Bars too tall for the scale are cut, with their
    value written above, so one bad day does not flatten the rest."""
    say = words
    c = _Canvas(width, height, say("chart_speed_title"), say)
    c.legend(
        0,
        height - 24,
        [("light", say("chart_within_target")), ("dark", say("chart_over_target"))],
    )
    # minutes for targets up to two hours (a 1-hour target reads as 60 min), hours beyond
    unit, unit_name = (
        (60.0, "minutes") if report.speed_target_seconds <= 7200 else (3600.0, "hours")
    )
    target = float(report.speed_target_seconds) / unit
    values = [float(day.average_seconds) / unit for day in report.speed_days]
    top, step = nice_top(
        max(
            [target * 1.5]
            + [v for v in values if v <= target * 3]
            + [min(max(values, default=0), target * 3)]
        )
    )
    days = report.period.days
    plot = _Plot(c, 38, 42, width - 6, height - 48, (0, days), (0, top))
    plot.y_axis(step, say("chart_speed_axis", unit=say(f"chart_{unit_name}")))
    plot.day_axis(days, say("chart_handed_off_day", month=say.month(report.period)), at_ends=False)
    slot = (plot.right - plot.left) / days
    last_label = (-1e9, 0)  # (right edge, level) of the previous cut bar's label
    for day, value in zip(report.speed_days, values, strict=True):
        over = value > target
        shown = min(value, top)
        x = plot.x(day.day - 1) + slot * 0.15
        c.add(Box(x, plot.bottom, slot * 0.7, plot.y(shown) - plot.bottom, DARK if over else LIGHT))
        if value > top:
            # a cut bar: a white notch near the top, and the real value above it
            notch = plot.top - 7
            c.line([(x - 0.5, notch), (x + slot * 0.7 + 0.5, notch + 2.5)], WHITE, 1.4)
            label = _compact(value * unit, say)
            half = _width(label, SMALL_SIZE) / 2
            centre = x + slot * 0.35
            # neighbouring cut bars would print their values over each other: step up
            level = last_label[1] + 1 if centre - half < last_label[0] + 2 else 0
            c.text(
                centre,
                plot.top + 2 + 6.5 * level,
                label,
                size=SMALL_SIZE,
                colour=DARK,
                anchor="middle",
            )
            last_label = (centre + half, level)
    y_target = plot.y(target)
    c.line([(plot.left, y_target), (plot.right, y_target)], INK, 1.1, DASH)
    target_text = f"{c.tick(target)} {say(f'chart_{unit_name}_short')}"
    c.text(
        plot.right,
        y_target + 2.5,
        say("chart_target", target=target_text),
        size=TICK_SIZE,
        anchor="end",
    )
    c.note(say("chart_speed_note"))
    return c.figure(say("svg_speed", month=say.month(report.period)))


def _compact(seconds: float, words: ReportWords) -> str:
    """A cut bar's value: "95 min", "17.8 h", "2.3 d"."""
    if seconds < 5400:
        return words("chart_cut_minutes", value=words.number(_figure_number(seconds / 60), 0))
    if seconds < 172800:
        return words("chart_cut_hours", value=_one_place(seconds / 3600, words))
    return words("chart_cut_days", value=_one_place(seconds / 86400, words))


def _one_place(value: float, words: ReportWords) -> str:
    """Always one decimal ("17.0 h" as well as "17.8 h"), as the bars' labels line up."""
    text = f"{value:.1f}"
    return text.replace(".", ",") if words.language == "id" else text


def depth_chart(
    report: LeadsReport, words: ReportWords, width: float = 252, height: float = 190
) -> Figure:
    """Average attempts on the leads not yet connected, by week of hand-off, against the
    agreed number of attempts (dashed)."""
    say = words
    c = _Canvas(width, height, say("chart_depth_title"), say)
    c.legend(
        0, height - 24, [("light", say("chart_target_met")), ("dark", say("chart_below_target"))]
    )
    target = report.depth_target
    values = [
        float(w.average_attempts) for w in report.depth_weeks if w.average_attempts is not None
    ]
    top, step = nice_top(max([target * 1.25] + values), ticks=4)
    weeks = [
        (first, min(first + 6, report.period.days)) for first in range(1, report.period.days + 1, 7)
    ]
    plot = _Plot(c, 38, 42, width - 6, height - 40, (0, len(weeks)), (0, top))
    plot.y_axis(step, say("chart_depth_axis"))
    by_first = {w.first_day: w for w in report.depth_weeks}
    month = say.short_month(report.period)
    for index, (first, last) in enumerate(weeks):
        centre = plot.x(index + 0.5)
        room = (plot.right - plot.left) / len(weeks) - 3  # what a week's labels may take
        week_text = say("chart_week", first=first, last=last, month=month)
        c.text(
            centre,
            plot.bottom - 10,
            week_text,
            size=fitted(week_text, TICK_SIZE, room),
            colour=MUTED,
            anchor="middle",
        )
        week = by_first.get(first)
        if week is None or week.average_attempts is None:
            text = say("chart_no_data" if week is None else "chart_none_open")
            size = fitted(text, SMALL_SIZE, room)
            c.text(centre, plot.bottom + 3, text, size=size, colour=MUTED, anchor="middle")
            continue
        value = float(week.average_attempts)
        bar = (plot.right - plot.left) / len(weeks) * 0.5
        c.add(
            Box(
                centre - bar / 2,
                plot.bottom,
                bar,
                plot.y(value) - plot.bottom,
                LIGHT if value >= target else DARK,
            )
        )
        # the value sits inside the bar's top, where the target line cannot cross it
        inside = plot.y(value) - plot.bottom >= 14
        c.text(
            centre,
            plot.y(value) - 9 if inside else plot.y(value) + 2.5,
            say.number(_figure_number(value), places=1),
            size=TICK_SIZE,
            bold=True,
            anchor="middle",
            colour=(WHITE if value < target else INK) if inside else INK,
        )
        c.text(
            centre,
            plot.bottom - 17,
            say("chart_week_leads", count=week.not_connected),
            size=SMALL_SIZE,
            colour=MUTED,
            anchor="middle",
        )
    c.text(
        (plot.left + plot.right) / 2,
        plot.bottom - 27,
        say("chart_week_axis"),
        colour=MUTED,
        anchor="middle",
    )
    y_target = plot.y(target)
    c.line([(plot.left, y_target), (plot.right, y_target)], INK, 1.1, DASH)
    c.text(
        plot.right,
        y_target + 2.5,
        say("chart_target", target=target),
        size=TICK_SIZE,
        anchor="end",
    )
    c.note(say("chart_depth_note"))
    return c.figure(say("svg_depth", month=say.month(report.period)))


# --- incidents --------------------------------------------------------------------------


def downtime_chart(report: IncidentsReport, words: ReportWords, width: float = 515) -> Figure:
    """Downtime counted per service (solid bars) against the downtime its target allows
    (dashed mark), with the credit bands' edges (dotted), so the band each service lands in
    shows at a glance."""
    say = words
    rows = report.services
    row_height = 26
    height = 50 + row_height * len(rows)
    c = _Canvas(width, height, say("chart_downtime_title"), say)
    edges = _band_edges(report, say)
    c.legend(
        0,
        height - 24,
        [
            ("light", say("chart_target_met")),
            ("dark", say("chart_target_missed")),
            ("target", say("chart_allowed")),
        ]
        + ([("edge", say("chart_band_edge"))] if edges else []),
    )
    name_width = max([_width(r.name, LABEL_SIZE) for r in rows] + [40]) + 8
    biggest = max(
        [float(r.downtime_minutes) for r in rows]
        + [float(r.allowed_minutes) for r in rows if r.allowed_minutes is not None]
        + [1.0]
    )
    # show the band edge just beyond the worst service, so its band can be read off
    beyond = [edge for edge in sorted(m for _, m in edges) if biggest < edge <= biggest * 1.6]
    top, step = nice_top(max([biggest * 1.15] + [edge * 1.05 for edge in beyond[:1]]))
    plot = _Plot(c, name_width, 26, width - 84, height - 34, (0, top), (0, len(rows)))
    value = 0.0
    while value <= top + 1e-9:
        x = plot.x(value)
        c.line([(x, plot.bottom), (x, plot.top)], GRID, 0.5)
        c.text(x, plot.bottom - 9, c.tick(value), size=TICK_SIZE, colour=MUTED, anchor="middle")
        value += step
    c.text(
        (plot.left + plot.right) / 2,
        plot.bottom - 19,
        say("chart_downtime_axis", window=report.window_text(say)),
        colour=MUTED,
        anchor="middle",
    )
    for label, minutes in edges:
        if minutes <= top:
            x = plot.x(minutes)
            c.line([(x, plot.bottom), (x, plot.top)], MUTED, 0.6, (0.8, 1.6))
            c.text(x, plot.top + 2, label, size=SMALL_SIZE, colour=MUTED, anchor="middle")
    for index, result in enumerate(rows):
        centre = plot.y(len(rows) - index - 0.5)
        c.text(plot.left - 6, centre - 2.4, result.name, anchor="end")
        down = float(result.downtime_minutes)
        missed = result.met is False
        bar_end = plot.x(min(down, top))
        c.add(
            Box(plot.left, centre - 6, max(bar_end - plot.left, 0.8), 12, DARK if missed else LIGHT)
        )
        label_x = min(bar_end, plot.right) + 4
        if result.allowed_minutes is not None and float(result.allowed_minutes) <= top:
            x = plot.x(float(result.allowed_minutes))
            c.line([(x, centre - 9), (x, centre + 9)], INK, 1.1, (2, 1.5))
            label_x = max(label_x, x + 4)
        text = say(
            "chart_downtime_value",
            minutes=say.number(_figure_number(down), places=1),
            credit=say.percent(result.credit) if result.credit else "",
            no_credit=result.credit is not None,
        )
        c.text(label_x, centre - 2.4, text, size=TICK_SIZE, bold=missed)
    return c.figure(say("svg_downtime", window=report.window_text(say)))


def _band_edges(report: IncidentsReport, words: ReportWords) -> list[tuple[str, float]]:
    """The minutes of downtime at which each credit band starts, for the first service's
    period (services share the month; a daylight-saving zone shifts an edge by an hour)."""
    if not report.services or not report.credits_computed:
        return []
    minutes = report.services[0].minutes_in_period
    edges = {}
    for band in report.bands:
        for percent in (band.below, band.at_least):
            if percent is not None and percent < 100:
                edges[percent] = float(minutes * (100 - Fraction(percent)) / 100)
    return [(words.percent(p), m) for p, m in sorted(edges.items(), reverse=True)]


def timeline_chart(report: IncidentsReport, words: ReportWords, width: float = 515) -> Figure:
    """When each service was down in the month: counted downtime (dark), scheduled
    maintenance not counted (light) and excluded time (open), one row per service. Short
    outages are drawn at least 2 points wide, so none disappears."""
    say = words
    rows = report.services
    row_height = 20
    height = 52 + row_height * len(rows)
    c = _Canvas(width, height, say("chart_timeline_title", window=report.window_text(say)), say)
    c.legend(
        0,
        height - 24,
        [
            ("dark", say("chart_counted")),
            ("light", say("chart_maintenance")),
            ("open", say("chart_excluded")),
        ],
    )
    name_width = max([_width(r.name, LABEL_SIZE) for r in rows] + [40]) + 8
    days = report.as_of.day if report.as_of else report.period.days
    plot = _Plot(c, name_width, 30, width - 10, height - 34, (0, days), (0, len(rows)))
    for day in range(days + 1):
        x = plot.x(day)
        c.line([(x, plot.bottom), (x, plot.top)], GRID, 0.5)
    for day in range(1, days + 1):
        if day == 1 or day % 5 == 0:
            c.text(
                plot.x(day - 0.5),
                plot.bottom - 9,
                str(day),
                size=TICK_SIZE,
                colour=MUTED,
                anchor="middle",
            )
    c.text(
        (plot.left + plot.right) / 2,
        plot.bottom - 19,
        say("chart_timeline_axis", month=say.month(report.period)),
        colour=MUTED,
        anchor="middle",
    )
    for index, result in enumerate(rows):
        centre = plot.y(len(rows) - index - 0.5)
        c.text(plot.left - 6, centre - 2.4, result.name, anchor="end")
        c.line([(plot.left, centre), (plot.right, centre)], RULE, 0.4)
        for spans, fill, edge in (
            (result.excluded_spans, WHITE, DARK),
            (result.maintenance_allowed_spans, LIGHT, LIGHT),
            (result.downtime_spans, DARK, DARK),
        ):
            for start, end in spans:
                left = _x_at(plot, result, start)
                right = max(_x_at(plot, result, end), left + 2)
                c.add(Box(left, centre - 5, right - left, 10, fill, edge, 0.6))
    return c.figure(say("svg_timeline", window=report.window_text(say)))


def _x_at(plot: _Plot, result: ServiceResult, moment: datetime) -> float:
    days = (moment - result.period_start).total_seconds() / 86400
    return plot.x(days)


# --- side by side, and SVG ----------------------------------------------------------------


def beside(left: Figure, right: Figure, gap: float) -> Figure:
    """Two figures side by side as one, tops aligned, ``gap`` points apart."""
    height = max(left.height, right.height)

    def moved(figure: Figure, dx: float) -> list[Shape]:
        dy = height - figure.height
        return [_moved(shape, dx, dy) for shape in figure.shapes]

    return Figure(
        left.width + gap + right.width,
        height,
        tuple(moved(left, 0) + moved(right, left.width + gap)),
        f"{left.description}; {right.description}",
    )


def _moved(shape: Shape, dx: float, dy: float) -> Shape:
    if isinstance(shape, Line):
        return Line(
            tuple((x + dx, y + dy) for x, y in shape.points), shape.colour, shape.width, shape.dash
        )
    if isinstance(shape, Box):
        return Box(
            shape.x + dx,
            shape.y + dy,
            shape.width,
            shape.height,
            shape.fill,
            shape.edge,
            shape.edge_width,
        )
    if isinstance(shape, Dot):
        return Dot(shape.x + dx, shape.y + dy, shape.radius, shape.colour, shape.edge_width)
    return Label(
        shape.x + dx,
        shape.y + dy,
        shape.text,
        shape.size,
        shape.colour,
        shape.bold,
        shape.anchor,
        shape.upright,
    )


_FAMILY = "font-family: 'DejaVu Sans', Verdana, Arial, sans-serif;"


def svg_bytes(figure: Figure) -> bytes:
    """The figure as a standalone SVG file, drawn as the PDF draws it. The embedded font's
    registered name means nothing to a browser, so text asks for DejaVu Sans by its family
    name with common fallbacks; the title and description say what the chart shows."""
    from reportlab.graphics import renderSVG

    from sladoc.document.writers.pdf import figure_drawing

    text = renderSVG.drawToString(figure_drawing(figure))
    text = re.sub(r"font-family: sladoc-DejaVuSans-Bold;", _FAMILY + " font-weight: bold;", text)
    text = re.sub(r"font-family: sladoc-DejaVuSans;", _FAMILY, text)
    title = escape(figure.description)
    text = text.replace("<title>...</title>", f"<title>{title}</title>", 1)
    text = text.replace("<desc>...</desc>", f"<desc>{title}</desc>", 1)
    return text.encode("utf-8")
