"""A report as one PDF page and a few SVG charts, all returned as bytes.

The page is reportlab platypus with the contract PDF's fonts and colours; charts are
vector drawings (:mod:`sladoc.reporting.charts`). Everything on the page is shrunk to fit if
it must, so a report is always one page. reportlab runs in ``invariant`` mode, so the same
report gives the same bytes.
"""

from __future__ import annotations

import io
from decimal import Decimal
from xml.sax.saxutils import escape

from reportlab.lib import pagesizes
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import (
    Flowable,
    KeepInFrame,
    ListFlowable,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from sladoc.agreement.values import format_number
from sladoc.reporting import charts
from sladoc.reporting.reports import (
    IncidentsReport,
    LeadsReport,
    _availability,
    _minutes,
    _pct,
)

_MARGIN = 36
_PAGE = pagesizes.A4
_PADDING = 6  # platypus frames keep this much space inside each edge
_WIDTH = _PAGE[0] - 2 * _MARGIN - 2 * _PADDING


def _styles() -> dict[str, ParagraphStyle]:
    regular, bold = charts.faces().name(), charts.faces().name(bold=True)
    return {
        "title": ParagraphStyle(
            "title", fontName=bold, fontSize=15, leading=19, textColor=charts.DARK, spaceAfter=2
        ),
        "meta": ParagraphStyle(
            "meta", fontName=regular, fontSize=7.5, leading=10, textColor=charts.MUTED, spaceAfter=6
        ),
        "body": ParagraphStyle(
            "body", fontName=regular, fontSize=8.3, leading=11, textColor=charts.INK
        ),
        "cell": ParagraphStyle(
            "cell", fontName=regular, fontSize=7.5, leading=9.5, textColor=charts.INK
        ),
        "head": ParagraphStyle(
            "head", fontName=bold, fontSize=7.5, leading=9.5, textColor=charts.WHITE
        ),
        "heading": ParagraphStyle(
            "heading",
            fontName=bold,
            fontSize=9,
            leading=12,
            textColor=charts.DARK,
            spaceBefore=6,
            spaceAfter=3,
        ),
        "note": ParagraphStyle(
            "note", fontName=regular, fontSize=6.6, leading=8.6, textColor=charts.MUTED
        ),
    }


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    charts.faces().check_drawable(text, bold="Bold" in style.fontName)
    return Paragraph(escape(text), style)


def _bullets(lines: list[str], style: ParagraphStyle) -> ListFlowable:
    return ListFlowable(
        [_p(line, style) for line in lines],
        bulletType="bullet",
        bulletFontName=style.fontName,
        bulletFontSize=style.fontSize,
        leftIndent=10,
        bulletOffsetY=-0.5,
        start="•",
    )


def _table(rows: list[list[str]], widths: list[float], styles) -> Table:
    data = [
        [_p(cell, styles["head"] if r == 0 else styles["cell"]) for cell in row]
        for r, row in enumerate(rows)
    ]
    table = Table(data, colWidths=widths, repeatRows=1, hAlign="LEFT")
    commands = [
        ("BACKGROUND", (0, 0), (-1, 0), charts.DARK),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 1), (-1, -1), 0.4, charts.RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]
    table.setStyle(TableStyle(commands))
    return table


def _page(story: list[Flowable], title: str, subject: str) -> bytes:
    out = io.BytesIO()
    document = SimpleDocTemplate(
        out,
        pagesize=_PAGE,
        leftMargin=_MARGIN,
        rightMargin=_MARGIN,
        topMargin=_MARGIN,
        bottomMargin=_MARGIN,
        title=title,
        subject=subject,
        creator="sladoc",
        author="",
        invariant=1,
    )
    height = _PAGE[1] - 2 * _MARGIN - 2 * _PADDING
    document.build([KeepInFrame(_WIDTH, height, story, mode="shrink")])
    return out.getvalue()


def _side_by_side(left: Flowable, right: Flowable) -> Table:
    table = Table([[left, right]], colWidths=[_WIDTH / 2, _WIDTH / 2], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def _meta(title: str, subtitle: str, extra: list[str]) -> str:
    return " · ".join([title] + ([subtitle] if subtitle else []) + extra)


# --- leads ------------------------------------------------------------------------------


def leads_charts(report: LeadsReport) -> dict[str, bytes]:
    """The leads report's charts as SVG files: name -> bytes."""
    return {
        "marketing": charts.svg_bytes(
            charts.marketing_chart(report), f"Leads against the goal line, {report.period.name}"
        ),
        "speed": charts.svg_bytes(
            charts.speed_chart(report), f"Speed of first follow-up, {report.period.name}"
        ),
        "depth": charts.svg_bytes(
            charts.depth_chart(report), f"Attempts on leads not yet connected, {report.period.name}"
        ),
    }


def leads_pdf(report: LeadsReport) -> bytes:
    styles = _styles()
    title = f"Progress report, {report.period.name}"
    story: list[Flowable] = [
        _p(title, styles["title"]),
        _p(
            _meta(
                report.title,
                report.subtitle,
                [
                    f"as of {report.as_of:%A %d %B %Y} (day {report.day} of {report.period.days})",
                    f"data: {report.source}",
                ],
            ),
            styles["meta"],
        ),
        _bullets(report.summary_lines(), styles["body"]),
        Spacer(1, 8),
        charts.marketing_chart(report, _WIDTH, 192),
        Spacer(1, 8),
        _side_by_side(
            charts.speed_chart(report, _WIDTH / 2 - 10, 176),
            charts.depth_chart(report, _WIDTH / 2 - 10, 176),
        ),
        _p(
            f"The funnel, agreed and recalculated from {report.period.name} to day {report.day}",
            styles["heading"],
        ),
        _table(_funnel_rows(report), [_WIDTH * 0.36, _WIDTH * 0.2, _WIDTH * 0.44], styles),
    ]
    funnel = report.actual.recalculated
    if funnel is not None:
        story.append(Spacer(1, 3))
        story.append(
            _p(
                "Recalculated: " + "; ".join(report.actual.working(report.currency)) + ".",
                styles["cell"],
            )
        )
    story.append(Spacer(1, 6))
    story += [_p(note, styles["note"]) for note in report.notes]
    return _page(story, title, f"{report.title}: progress to {report.as_of.isoformat()}")


def _funnel_rows(report: LeadsReport) -> list[list[str]]:
    agreed, actual, currency = report.agreed, report.actual, report.currency
    funnel = actual.recalculated

    def money(value: Decimal) -> str:
        return f"{format_number(value, places=2)} {currency}"

    rows = [
        ["", "Agreed", f"To day {report.day}"],
        [
            "Leads handed to Sales",
            f"{report.goal} a month",
            f"{report.delivered} (goal line: {format_number(report.goal_today, places=1)})",
        ],
        ["Customers", f"{format_number(agreed.customers_needed)} needed", str(actual.customers)],
        ["Close rate", _pct(agreed.close_rate), _pct(funnel.close_rate) if funnel else "-"],
        [
            "Average deal size",
            money(agreed.average_deal),
            money(funnel.average_deal) if funnel else "-",
        ],
        [
            "Revenue from marketing leads",
            money(agreed.marketing_revenue),
            money(actual.marketing_revenue),
        ],
        [
            "Share of revenue from marketing",
            _pct(agreed.marketing_share),
            (_pct(funnel.marketing_share) if funnel else "-")
            + ("" if actual.total_revenue_given else " (all revenue taken as marketing's)"),
        ],
        [
            "Average sales cycle (created to customer)",
            "-",
            f"{format_number(actual.average_cycle_days, places=1)} days"
            if actual.average_cycle_days is not None
            else "-",
        ],
        [
            "Leads needed next month",
            str(report.goal),
            str(funnel.leads_needed) if funnel else actual.not_recalculated_because,
        ],
    ]
    for name, count, target in report.tiers:
        rows.append([f"Leads: {name}", target or "-", str(count)])
    return rows


# --- incidents --------------------------------------------------------------------------


def incidents_charts(report: IncidentsReport) -> dict[str, bytes]:
    return {
        "downtime": charts.svg_bytes(
            charts.downtime_chart(report), f"Downtime per service, {report.window_text}"
        ),
        "timeline": charts.svg_bytes(
            charts.timeline_chart(report), f"Outages through {report.window_text}"
        ),
    }


def incidents_pdf(report: IncidentsReport) -> bytes:
    styles = _styles()
    title = f"Availability report, {report.window_text}"
    story: list[Flowable] = [
        _p(title, styles["title"]),
        _p(_meta(report.title, report.subtitle, [f"data: {report.source}"]), styles["meta"]),
        _bullets(report.summary_lines(), styles["body"]),
        Spacer(1, 8),
        _table(
            _service_rows(report),
            [_WIDTH * w for w in (0.17, 0.09, 0.1, 0.1, 0.13, 0.12, 0.1, 0.19)],
            styles,
        ),
        Spacer(1, 10),
        charts.downtime_chart(report, _WIDTH),
        Spacer(1, 8),
        charts.timeline_chart(report, _WIDTH),
        _p("Working", styles["heading"]),
    ]
    for result in report.services:
        story.append(
            _p(
                result.name,
                ParagraphStyle(
                    "name",
                    parent=styles["cell"],
                    fontName=charts.faces().name(bold=True),
                    spaceBefore=3,
                ),
            )
        )
        story.append(_bullets(result.working(report), styles["cell"]))
    story.append(Spacer(1, 6))
    story += [_p(note, styles["note"]) for note in report.notes]
    return _page(story, title, f"{report.title}: availability, {report.window_text}")


def _service_rows(report: IncidentsReport) -> list[list[str]]:
    rows = [
        [
            "Service",
            "Minutes in period",
            "Downtime counted",
            "Excluded",
            "Maintenance not counted",
            "Availability",
            "Target",
            "Credit",
        ]
    ]
    for r in report.services:
        if r.credit is None:
            credit = "not computed"
        elif r.band is None:
            credit = "0% (no band)"
        else:
            credit = f"{format_number(r.credit)}% ({r.band.describe()})"
        rows.append(
            [
                r.name,
                _minutes(r.minutes_in_period),
                f"{_minutes(r.downtime_minutes)} min",
                f"{_minutes(r.excluded_minutes)} min",
                f"{_minutes(r.maintenance_allowed_minutes)} min",
                _availability(r.availability),
                "-" if r.target is None else f"{_pct(r.target)} {'met' if r.met else 'missed'}",
                credit,
            ]
        )
    return rows
