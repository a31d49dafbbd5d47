"""The charts of a report, as reportlab vector drawings (for the PDF) and SVG bytes.

Drawn from reportlab's basic shapes rather than its chart widgets: the charts need a goal
line over bars, clipped bars with their value written out, per-row markers and notes, which
the widgets make harder than the few lines of geometry here. Every chart must read in grey
print, so goal and target lines are dashed and actual results solid with markers; filled
bars are dark when they miss a target and light when they meet it.
"""

from __future__ import annotations

import functools
import math
import re
from datetime import datetime
from decimal import Decimal
from fractions import Fraction
from xml.sax.saxutils import escape

from reportlab.graphics import renderSVG
from reportlab.graphics.shapes import Circle, Drawing, Group, PolyLine, Rect, String
from reportlab.lib import colors
from reportlab.pdfbase import pdfmetrics

from sladoc.agreement.values import format_number
from sladoc.reporting.reports import IncidentsReport, LeadsReport, ServiceResult

# The contract PDF's palette (templates/pdf-style.yaml), so reports look like the contracts.
INK = colors.HexColor("#1c2430")
MUTED = colors.HexColor("#5d6877")
DARK = colors.HexColor("#1f4e79")  # a miss: prints as near-black
LIGHT = colors.HexColor("#a9bfd6")  # within target: prints as light grey
RULE = colors.HexColor("#c9d1db")
GRID = colors.HexColor("#e6ebf0")
WHITE = colors.white

DASH = [4, 2.5]
TITLE_SIZE, LABEL_SIZE, TICK_SIZE, NOTE_SIZE = 9, 7, 6.5, 6.3


@functools.cache
def faces():
    """The DejaVu faces the contract PDF embeds, registered once (shared with its writer)."""
    from sladoc.document.writers.pdf import _FontFiles, _register_fonts

    return _register_fonts(
        _FontFiles(
            "DejaVuSans.ttf",
            "DejaVuSans-Bold.ttf",
            "DejaVuSans-Oblique.ttf",
            "DejaVuSans-BoldOblique.ttf",
        )
    )


def _font(bold: bool = False) -> str:
    return faces().name(bold=bold)


def _text(
    x: float,
    y: float,
    text: str,
    *,
    size: float = LABEL_SIZE,
    bold: bool = False,
    colour=INK,
    anchor: str = "start",
) -> String:
    # reportlab would draw an empty box for a character the font lacks: refuse instead
    faces().check_drawable(text, bold=bold)
    return String(
        x, y, text, fontName=_font(bold), fontSize=size, fillColor=colour, textAnchor=anchor
    )


def _segment(x0: float, y0: float, x1: float, y1: float, **style) -> PolyLine:
    """A straight line. renderSVG closes a Line's path (``Z``), which draws it back over
    itself and fills the gaps of a dashed line, so lines are drawn as open polylines."""
    return PolyLine([(x0, y0), (x1, y1)], **style)


def _width(text: str, size: float, bold: bool = False) -> float:
    return pdfmetrics.stringWidth(text, _font(bold), size)


def nice_top(value: float, ticks: int = 5) -> tuple[float, float]:
    """An axis top at or above ``value`` and a tick step (1, 2, 2.5 or 5 times a power of
    ten) giving about ``ticks`` intervals."""
    if value <= 0:
        return 1.0, 0.2
    raw = value / ticks
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    return math.ceil(value / step - 1e-9) * step, step


def _tick_label(value: float) -> str:
    return format_number(Decimal(str(round(value, 6))), places=2)


class _Plot:
    """A plot area inside a drawing, mapping data to points."""

    def __init__(
        self,
        drawing: Drawing,
        left: float,
        bottom: float,
        right: float,
        top: float,
        x_range: tuple[float, float],
        y_range: tuple[float, float],
    ):
        self.d, self.left, self.bottom, self.right, self.top = drawing, left, bottom, right, top
        self.x0, self.x1 = x_range
        self.y0, self.y1 = y_range

    def x(self, value: float) -> float:
        return self.left + (value - self.x0) / (self.x1 - self.x0) * (self.right - self.left)

    def y(self, value: float) -> float:
        return self.bottom + (value - self.y0) / (self.y1 - self.y0) * (self.top - self.bottom)

    def y_axis(self, step: float, label: str, suffix: str = "") -> None:
        value = self.y0
        while value <= self.y1 + 1e-9:
            y = self.y(value)
            self.d.add(_segment(self.left, y, self.right, y, strokeColor=GRID, strokeWidth=0.5))
            self.d.add(
                _text(
                    self.left - 3,
                    y - 2.2,
                    _tick_label(value) + suffix,
                    size=TICK_SIZE,
                    colour=MUTED,
                    anchor="end",
                )
            )
            value += step
        self.d.add(
            _segment(
                self.left, self.bottom, self.left, self.top, strokeColor=MUTED, strokeWidth=0.6
            )
        )
        self.d.add(
            _segment(
                self.left, self.bottom, self.right, self.bottom, strokeColor=MUTED, strokeWidth=0.6
            )
        )
        turned = Group(_text(0, 0, label, size=LABEL_SIZE, colour=MUTED, anchor="middle"))
        turned.transform = (0, 1, -1, 0, self.left - 27, (self.bottom + self.top) / 2)
        self.d.add(turned)

    def day_axis(self, days: int, label: str, *, at_ends: bool = True) -> None:
        """Ticks for days 1..days; labels on day 1 and every fifth day. ``at_ends``: a day
        is a point at the end of the day (cumulative counts); else the middle of a slot."""
        for day in range(1, days + 1):
            x = self.x(day) if at_ends else self.x(day - 0.5)
            labelled = day == 1 or day % 5 == 0
            self.d.add(
                _segment(
                    x,
                    self.bottom,
                    x,
                    self.bottom - (3 if labelled else 1.5),
                    strokeColor=MUTED,
                    strokeWidth=0.5,
                )
            )
            if labelled:
                self.d.add(
                    _text(
                        x, self.bottom - 10, str(day), size=TICK_SIZE, colour=MUTED, anchor="middle"
                    )
                )
        self.d.add(
            _text(
                (self.left + self.right) / 2,
                self.bottom - 20,
                label,
                size=LABEL_SIZE,
                colour=MUTED,
                anchor="middle",
            )
        )


def _frame(width: float, height: float, title: str) -> Drawing:
    drawing = Drawing(width, height)
    drawing.add(_text(0, height - TITLE_SIZE - 1, title, size=TITLE_SIZE, bold=True))
    return drawing


def _legend(drawing: Drawing, x: float, y: float, entries: list[tuple[str, str]]) -> None:
    """A row of legend entries: (kind, text); kind is goal, actual, target, edge (lines),
    dark, light or open (boxes)."""
    for kind, text in entries:
        if kind in ("goal", "actual", "target", "edge"):
            colour, stroke = {
                "goal": (MUTED, 1.3),
                "actual": (DARK, 1.6),
                "target": (INK, 1.1),
                "edge": (MUTED, 0.6),
            }[kind]
            line = _segment(x, y + 2.5, x + 16, y + 2.5, strokeColor=colour, strokeWidth=stroke)
            if kind != "actual":
                line.strokeDashArray = [0.8, 1.6] if kind == "edge" else DASH
            drawing.add(line)
            if kind == "actual":
                drawing.add(Circle(x + 8, y + 2.5, 1.9, fillColor=DARK, strokeColor=DARK))
            x += 20
        else:
            fill = {"dark": DARK, "light": LIGHT, "open": WHITE}[kind]
            drawing.add(
                Rect(
                    x,
                    y,
                    7,
                    6,
                    fillColor=fill,
                    strokeColor=DARK if kind == "open" else fill,
                    strokeWidth=0.6,
                )
            )
            x += 10
        drawing.add(_text(x, y + 0.5, text, size=TICK_SIZE, colour=INK))
        x += _width(text, TICK_SIZE) + 12


def _note(drawing: Drawing, text: str, y: float = 1) -> None:
    drawing.add(_text(0, y, text, size=NOTE_SIZE, colour=MUTED))


# --- leads ------------------------------------------------------------------------------


def marketing_chart(report: LeadsReport, width: float = 515, height: float = 215) -> Drawing:
    """The guide's "waterfall": the cumulative goal line through the month (dashed) and
    the leads actually handed off (solid, a marker a day) on the same axes."""
    days = report.period.days
    drawing = _frame(width, height, "Marketing: leads handed to Sales against the goal line")
    goal_text = f"Goal line: {report.goal} ÷ {days} a day, cumulative"
    _legend(drawing, 0, height - 26, [("goal", goal_text), ("actual", "Leads handed off")])
    top, step = nice_top(max(report.goal, report.delivered))
    plot = _Plot(drawing, 40, 34, width - 62, height - 38, (0, days), (0, top))
    plot.y_axis(step, "Leads (cumulative)")
    plot.day_axis(days, f"Day of {report.period.name}")
    goal = PolyLine(
        [(plot.x(0), plot.y(0))]
        + [(plot.x(day), plot.y(float(value))) for day, value in enumerate(report.goal_line, 1)],
        strokeColor=MUTED,
        strokeWidth=1.3,
        strokeDashArray=DASH,
    )
    drawing.add(goal)
    drawing.add(
        _text(
            plot.x(days) + 4,
            plot.y(report.goal) - 2.3,
            f"goal {report.goal}",
            size=TICK_SIZE,
            colour=MUTED,
        )
    )
    # the as-of day: where the actual line ends and the comparison is made
    x_now = plot.x(report.day)
    drawing.add(
        _segment(
            x_now,
            plot.bottom,
            x_now,
            plot.top,
            strokeColor=MUTED,
            strokeWidth=0.6,
            strokeDashArray=[1, 1.5],
        )
    )
    drawing.add(
        _text(x_now + 3, plot.bottom + 4, f"as of day {report.day}", size=5.6, colour=MUTED)
    )
    points = [(plot.x(0), plot.y(0))] + [
        (plot.x(day), plot.y(count)) for day, count in enumerate(report.delivered_by_day, 1)
    ]
    drawing.add(PolyLine(points, strokeColor=DARK, strokeWidth=1.6))
    for x, y in points[1:]:
        drawing.add(Circle(x, y, 1.7, fillColor=DARK, strokeColor=DARK, strokeWidth=0.3))
    gap = Decimal(report.delivered) - report.goal_today
    where = (
        "on the goal line"
        if gap == 0
        else f"{format_number(abs(gap), places=1)} {'ahead' if gap > 0 else 'behind'}"
    )
    label = f"{report.delivered} on day {report.day} ({where})"
    y_label = plot.y(report.delivered) + 6
    anchor_x = x_now - 4
    drawing.add(
        _text(
            anchor_x,
            min(y_label, plot.top - 8),
            label,
            size=LABEL_SIZE,
            bold=True,
            colour=DARK,
            anchor="end",
        )
    )
    return drawing


def _speed_scale(report: LeadsReport) -> tuple[float, str, str]:
    """Seconds per axis unit, the unit's name and its short form: minutes for targets up to
    two hours (a 1-hour target reads as 60 min), hours beyond."""
    if report.speed_target_seconds <= 7200:
        return 60.0, "minutes", "min"
    return 3600.0, "hours", "h"


def speed_chart(report: LeadsReport, width: float = 252, height: float = 190) -> Drawing:
    """Average time from hand-off to first follow-up for the leads of each hand-off day,
    against the agreed target (dashed). Bars too tall for the scale are cut, with their
    value written above, so one bad day does not flatten the rest."""
    drawing = _frame(width, height, "Sales: speed of first follow-up")
    _legend(drawing, 0, height - 24, [("light", "within target"), ("dark", "over target")])
    unit, unit_name, short = _speed_scale(report)
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
    plot = _Plot(drawing, 38, 42, width - 6, height - 48, (0, days), (0, top))
    plot.y_axis(step, f"Average, {unit_name}")
    plot.day_axis(days, f"Day handed off ({report.period.name})", at_ends=False)
    slot = (plot.right - plot.left) / days
    last_label = (-1e9, 0)  # (right edge, level) of the previous cut bar's label
    for day, value in zip(report.speed_days, values, strict=True):
        over = value > target
        shown = min(value, top)
        x = plot.x(day.day - 1) + slot * 0.15
        drawing.add(
            Rect(
                x,
                plot.bottom,
                slot * 0.7,
                plot.y(shown) - plot.bottom,
                fillColor=DARK if over else LIGHT,
                strokeColor=None,
                strokeWidth=0,
            )
        )
        if value > top:
            # a cut bar: a white notch near the top, and the real value above it
            notch = plot.top - 7
            drawing.add(
                _segment(
                    x - 0.5,
                    notch,
                    x + slot * 0.7 + 0.5,
                    notch + 2.5,
                    strokeColor=WHITE,
                    strokeWidth=1.4,
                )
            )
            label = _compact(value * unit)
            half = _width(label, 5.6) / 2
            centre = x + slot * 0.35
            # neighbouring cut bars would print their values over each other: step up
            level = last_label[1] + 1 if centre - half < last_label[0] + 2 else 0
            drawing.add(
                _text(
                    centre,
                    plot.top + 2 + 6.5 * level,
                    label,
                    size=5.6,
                    colour=DARK,
                    anchor="middle",
                )
            )
            last_label = (centre + half, level)
    y_target = plot.y(target)
    drawing.add(
        _segment(
            plot.left,
            y_target,
            plot.right,
            y_target,
            strokeColor=INK,
            strokeWidth=1.1,
            strokeDashArray=DASH,
        )
    )
    drawing.add(
        _text(
            plot.right,
            y_target + 2.5,
            f"target {_tick_label(target)} {short}",
            size=TICK_SIZE,
            colour=INK,
            anchor="end",
        )
    )
    _note(drawing, "Wall-clock time from hand-off: nights and weekends count.")
    return drawing


def _compact(seconds: float) -> str:
    """A cut bar's value: "95 min", "17.8 h", "2.3 d"."""
    if seconds < 5400:
        return f"{seconds / 60:.0f} min"
    if seconds < 172800:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / 86400:.1f} d"


def depth_chart(report: LeadsReport, width: float = 252, height: float = 190) -> Drawing:
    """Average attempts on the leads not yet connected, by week of hand-off, against the
    agreed number of attempts (dashed)."""
    drawing = _frame(width, height, "Sales: attempts on leads not yet connected")
    _legend(drawing, 0, height - 24, [("light", "target met"), ("dark", "below target")])
    target = report.depth_target
    values = [
        float(w.average_attempts) for w in report.depth_weeks if w.average_attempts is not None
    ]
    top, step = nice_top(max([target * 1.25] + values), ticks=4)
    weeks = [
        (first, min(first + 6, report.period.days)) for first in range(1, report.period.days + 1, 7)
    ]
    plot = _Plot(drawing, 38, 42, width - 6, height - 40, (0, len(weeks)), (0, top))
    plot.y_axis(step, "Attempts, average")
    by_first = {w.first_day: w for w in report.depth_weeks}
    month = report.period.name.split()[0][:3]
    for index, (first, last) in enumerate(weeks):
        centre = plot.x(index + 0.5)
        drawing.add(
            _text(
                centre,
                plot.bottom - 10,
                f"{first}–{last} {month}",
                size=TICK_SIZE,
                colour=MUTED,
                anchor="middle",
            )
        )
        week = by_first.get(first)
        if week is None or week.average_attempts is None:
            text = "no data yet" if week is None else "none open"
            drawing.add(
                _text(centre, plot.bottom + 3, text, size=5.6, colour=MUTED, anchor="middle")
            )
            continue
        value = float(week.average_attempts)
        bar = (plot.right - plot.left) / len(weeks) * 0.5
        drawing.add(
            Rect(
                centre - bar / 2,
                plot.bottom,
                bar,
                plot.y(value) - plot.bottom,
                fillColor=LIGHT if value >= target else DARK,
                strokeColor=None,
                strokeWidth=0,
            )
        )
        # the value sits inside the bar's top, where the target line cannot cross it
        text = format_number(Decimal(str(value)), places=1)
        inside = plot.y(value) - plot.bottom >= 14
        drawing.add(
            _text(
                centre,
                plot.y(value) - 9 if inside else plot.y(value) + 2.5,
                text,
                size=TICK_SIZE,
                bold=True,
                anchor="middle",
                colour=(WHITE if value < target else INK) if inside else INK,
            )
        )
        drawing.add(
            _text(
                centre,
                plot.bottom - 17,
                f"{week.not_connected} lead" + ("" if week.not_connected == 1 else "s"),
                size=5.6,
                colour=MUTED,
                anchor="middle",
            )
        )
    drawing.add(
        _text(
            (plot.left + plot.right) / 2,
            plot.bottom - 27,
            "Week handed off",
            size=LABEL_SIZE,
            colour=MUTED,
            anchor="middle",
        )
    )
    y_target = plot.y(target)
    drawing.add(
        _segment(
            plot.left,
            y_target,
            plot.right,
            y_target,
            strokeColor=INK,
            strokeWidth=1.1,
            strokeDashArray=DASH,
        )
    )
    drawing.add(
        _text(
            plot.right, y_target + 2.5, f"target {target}", size=TICK_SIZE, colour=INK, anchor="end"
        )
    )
    _note(drawing, "Recent weeks' leads may still be inside their follow-up span.")
    return drawing


# --- incidents --------------------------------------------------------------------------


def _f(value: Fraction) -> float:
    return float(value)


def downtime_chart(report: IncidentsReport, width: float = 515) -> Drawing:
    """Downtime counted per service (solid bars) against the downtime its target allows
    (dashed mark), with the credit bands' edges (dotted), so the band each service lands in
    shows at a glance."""
    rows = report.services
    row_height = 26
    height = 50 + row_height * len(rows)
    drawing = _frame(width, height, "Downtime counted per service against what the target allows")
    edges = _band_edges(report)
    _legend(
        drawing,
        0,
        height - 24,
        [
            ("light", "target met"),
            ("dark", "target missed"),
            ("target", "downtime the target allows"),
        ]
        + ([("edge", "where a credit band starts")] if edges else []),
    )
    name_width = max([_width(r.name, LABEL_SIZE) for r in rows] + [40]) + 8
    biggest = max(
        [_f(r.downtime_minutes) for r in rows]
        + [_f(r.allowed_minutes) for r in rows if r.allowed_minutes is not None]
        + [1.0]
    )
    # show the band edge just beyond the worst service, so its band can be read off
    beyond = [edge for edge in sorted(m for _, m in edges) if biggest < edge <= biggest * 1.6]
    top, step = nice_top(max([biggest * 1.15] + [edge * 1.05 for edge in beyond[:1]]))
    plot = _Plot(drawing, name_width, 26, width - 84, height - 34, (0, top), (0, len(rows)))
    value = 0.0
    while value <= top + 1e-9:
        x = plot.x(value)
        drawing.add(_segment(x, plot.bottom, x, plot.top, strokeColor=GRID, strokeWidth=0.5))
        drawing.add(
            _text(
                x,
                plot.bottom - 9,
                _tick_label(value),
                size=TICK_SIZE,
                colour=MUTED,
                anchor="middle",
            )
        )
        value += step
    drawing.add(
        _text(
            (plot.left + plot.right) / 2,
            plot.bottom - 19,
            f"Minutes of downtime counted in {report.window_text}",
            size=LABEL_SIZE,
            colour=MUTED,
            anchor="middle",
        )
    )
    for label, minutes in edges:
        if minutes <= top:
            x = plot.x(minutes)
            drawing.add(
                _segment(
                    x,
                    plot.bottom,
                    x,
                    plot.top,
                    strokeColor=MUTED,
                    strokeWidth=0.6,
                    strokeDashArray=[0.8, 1.6],
                )
            )
            drawing.add(_text(x, plot.top + 2, label, size=5.6, colour=MUTED, anchor="middle"))
    for index, result in enumerate(rows):
        centre = plot.y(len(rows) - index - 0.5)
        drawing.add(_text(plot.left - 6, centre - 2.4, result.name, size=LABEL_SIZE, anchor="end"))
        down = _f(result.downtime_minutes)
        missed = result.met is False
        bar_end = plot.x(min(down, top))
        drawing.add(
            Rect(
                plot.left,
                centre - 6,
                max(bar_end - plot.left, 0.8),
                12,
                fillColor=DARK if missed else LIGHT,
                strokeColor=None,
                strokeWidth=0,
            )
        )
        label_x = min(bar_end, plot.right) + 4
        if result.allowed_minutes is not None and _f(result.allowed_minutes) <= top:
            x = plot.x(_f(result.allowed_minutes))
            drawing.add(
                _segment(
                    x,
                    centre - 9,
                    x,
                    centre + 9,
                    strokeColor=INK,
                    strokeWidth=1.1,
                    strokeDashArray=[2, 1.5],
                )
            )
            label_x = max(label_x, x + 4)
        text = f"{format_number(Decimal(str(round(down, 1))))} min"
        if result.credit:
            text += f" → credit {format_number(result.credit)}%"
        elif result.credit is not None:
            text += " → no credit"
        drawing.add(_text(label_x, centre - 2.4, text, size=TICK_SIZE, bold=missed))
    return drawing


def _band_edges(report: IncidentsReport) -> list[tuple[str, float]]:
    """The minutes of downtime at which each credit band starts, for the first service's
    period (services share the month; a daylight-saving zone shifts an edge by an hour)."""
    if not report.services or not report.credits_computed:
        return []
    minutes = report.services[0].minutes_in_period
    edges = {}
    for band in report.bands:
        for percent in (band.below, band.at_least):
            if percent is not None and percent < 100:
                edges[percent] = _f(minutes * (100 - Fraction(percent)) / 100)
    return [(f"{format_number(p)}%", m) for p, m in sorted(edges.items(), reverse=True)]


def timeline_chart(report: IncidentsReport, width: float = 515) -> Drawing:
    """When each service was down in the month: counted downtime (dark), scheduled
    maintenance not counted (light) and excluded time (open), one row per service. Short
    outages are drawn at least 2 points wide, so none disappears."""
    rows = report.services
    row_height = 20
    height = 52 + row_height * len(rows)
    drawing = _frame(width, height, f"When: outages through {report.window_text}")
    _legend(
        drawing,
        0,
        height - 24,
        [
            ("dark", "counted as downtime"),
            ("light", "maintenance, not counted"),
            ("open", "excluded"),
        ],
    )
    name_width = max([_width(r.name, LABEL_SIZE) for r in rows] + [40]) + 8
    days = report.as_of.day if report.as_of else report.period.days
    plot = _Plot(drawing, name_width, 30, width - 10, height - 34, (0, days), (0, len(rows)))
    for day in range(days + 1):
        x = plot.x(day)
        drawing.add(_segment(x, plot.bottom, x, plot.top, strokeColor=GRID, strokeWidth=0.5))
    for day in range(1, days + 1):
        if day == 1 or day % 5 == 0:
            drawing.add(
                _text(
                    plot.x(day - 0.5),
                    plot.bottom - 9,
                    str(day),
                    size=TICK_SIZE,
                    colour=MUTED,
                    anchor="middle",
                )
            )
    drawing.add(
        _text(
            (plot.left + plot.right) / 2,
            plot.bottom - 19,
            f"Day of {report.period.name} (each service in its own time zone)",
            size=LABEL_SIZE,
            colour=MUTED,
            anchor="middle",
        )
    )
    for index, result in enumerate(rows):
        centre = plot.y(len(rows) - index - 0.5)
        drawing.add(_text(plot.left - 6, centre - 2.4, result.name, size=LABEL_SIZE, anchor="end"))
        drawing.add(
            _segment(plot.left, centre, plot.right, centre, strokeColor=RULE, strokeWidth=0.4)
        )
        allowed = _minus_spans(result.maintenance_spans, result.downtime_spans)
        for spans, fill, edge in (
            (result.excluded_spans, WHITE, DARK),
            (allowed, LIGHT, LIGHT),
            (result.downtime_spans, DARK, DARK),
        ):
            for start, end in spans:
                left = _x_at(plot, result, start)
                right = max(_x_at(plot, result, end), left + 2)
                drawing.add(
                    Rect(
                        left,
                        centre - 5,
                        right - left,
                        10,
                        fillColor=fill,
                        strokeColor=edge,
                        strokeWidth=0.6,
                    )
                )
    return drawing


def _minus_spans(spans, cuts):
    """Maintenance not counted = maintenance minus what was counted (the part over the
    monthly maximum), as datetimes."""
    out = []
    for start, end in spans:
        pieces = [(start, end)]
        for cut_start, cut_end in cuts:
            next_pieces = []
            for s, e in pieces:
                if cut_end <= s or cut_start >= e:
                    next_pieces.append((s, e))
                    continue
                if cut_start > s:
                    next_pieces.append((s, cut_start))
                if cut_end < e:
                    next_pieces.append((cut_end, e))
            pieces = next_pieces
        out.extend(pieces)
    return out


def _x_at(plot: _Plot, result: ServiceResult, moment: datetime) -> float:
    days = (moment - result.period_start).total_seconds() / 86400
    return plot.x(days)


# --- SVG --------------------------------------------------------------------------------

_FAMILY = "font-family: 'DejaVu Sans', Verdana, Arial, sans-serif;"


def svg_bytes(drawing: Drawing, title: str, description: str = "") -> bytes:
    """The drawing as a standalone SVG file. The embedded font's registered name means
    nothing to a browser, so text asks for DejaVu Sans by its family name with common
    fallbacks; the title and description say what the chart shows."""
    text = renderSVG.drawToString(drawing)
    text = re.sub(r"font-family: sladoc-DejaVuSans-Bold;", _FAMILY + " font-weight: bold;", text)
    text = re.sub(r"font-family: sladoc-DejaVuSans;", _FAMILY, text)
    text = text.replace("<title>...</title>", f"<title>{escape(title)}</title>", 1)
    text = text.replace("<desc>...</desc>", f"<desc>{escape(description or title)}</desc>", 1)
    return text.encode("utf-8")
