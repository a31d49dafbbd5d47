"""A report as a document: its figures, sentences, tables and charts composed into a
document tree (:mod:`sladoc.document.tree`), written by the one PDF writer, in the look of
the contracts (``pdf-style.yaml``), and its charts as SVG files.

The order of a report's parts is fixed here, as a contract's is in ``compose``; every word
comes from ``templates/report/wording*.yaml`` (:class:`~sladoc.reporting.words.ReportWords`).
A report has no cover page: its first page starts with its title and summary.
"""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

from sladoc.document.templateset import TemplateSet
from sladoc.document.tree import (
    Block,
    BulletList,
    Document,
    DocumentInfo,
    Figure,
    Heading,
    Paragraph,
    Table,
    inline,
)
from sladoc.document.writers.common import Look
from sladoc.reporting import charts
from sladoc.reporting.deliveries import DeliveriesReport
from sladoc.reporting.incidents import IncidentsReport
from sladoc.reporting.leads import LeadsReport
from sladoc.reporting.words import ReportWords

Report = LeadsReport | IncidentsReport | DeliveriesReport

CHART_GAP = 18  # points between two charts side by side


def report_files(
    report: Report, templates: TemplateSet | None = None, *translations: Report
) -> dict[str, bytes]:
    """The report's files: ``{"report.pdf": ..., "<chart>.svg": ...}``, PDF first. With
    ``translations`` (the same report on the other language version of a bilingual
    agreement), the PDF sets each passage beside its translation, as the agreement does;
    the charts are drawn in the first language."""
    from sladoc.document.compose.parallel import zip_versions
    from sladoc.document.writers import write_pdf

    folder = templates or TemplateSet.default()
    look = report_look(report, folder)
    document, figures = _composed(report, folder, look)
    for translation in translations:
        document = zip_versions(document, _composed(translation, folder, look)[0])
    files = {"report.pdf": write_pdf(document, look)}
    files.update({f"{name}.svg": charts.svg_bytes(figure) for name, figure in figures.items()})
    return files


def _composed(
    report: Report, folder: TemplateSet, look: Look
) -> tuple[Document, dict[str, Figure]]:
    """The report's document, in its language, and its charts by name."""
    from sladoc.document.writers.pdf import text_width

    words = ReportWords.of(report.language, folder)
    width = text_width(look)
    if isinstance(report, DeliveriesReport):
        return deliveries_document(report, words), {}
    if isinstance(report, LeadsReport):
        return leads_document(report, words, width), {
            "marketing": charts.marketing_chart(report, words),
            "speed": charts.speed_chart(report, words),
            "depth": charts.depth_chart(report, words),
        }
    return incidents_document(report, words, width), {
        "downtime": charts.downtime_chart(report, words),
        "timeline": charts.timeline_chart(report, words),
    }


def report_look(report: Report, templates: TemplateSet) -> Look:
    """The look of the agreement the report is on, without the cover page."""
    kind = "internal" if isinstance(report, LeadsReport) else "customer"
    return replace(templates.look(kind), cover=False)


def _info(report: Report, words: ReportWords, title: str, subject: str, kind: str) -> DocumentInfo:
    """The report's document information: its date is the last day it covers, so the same
    data gives the same bytes on any day; the footer names the agreement's version."""
    day = report.as_of if isinstance(report, LeadsReport) else report.last_day
    return DocumentInfo(
        title=title,
        subtitle=subject,
        version=report.version,
        status="final",
        date=day.isoformat(),
        language=report.language,
        labels={**words.labels(), "final": words(kind)},
    )


def _meta(report: Report, extra: list[str]) -> Paragraph:
    """The line under the title: the agreement, and what the report was made from."""
    parts = [report.title] + ([report.subtitle] if report.subtitle else []) + extra
    return Paragraph(inline(" · ".join(parts)), "note")


def _bullets(lines: list[str]) -> BulletList:
    return BulletList(tuple(inline(line) for line in lines))


def _notes(lines: list[str]) -> list[Block]:
    return [Paragraph(inline(line), "note") for line in lines]


# --- leads ------------------------------------------------------------------------------


def leads_document(report: LeadsReport, words: ReportWords, width: float) -> Document:
    """The leads report: summary, Marketing's chart, the funnel agreed and recalculated,
    Sales' charts, the notes; ``width`` is the text width the charts are drawn for."""
    say = words
    month = say.month(report.period)
    title = say("leads_title", month=month)
    half = (width - CHART_GAP) / 2
    blocks: list[Block] = [
        Heading(1, title),
        _meta(
            report,
            [
                say(
                    "leads_as_of",
                    date=say.long_date(report.as_of),
                    day=report.day,
                    days=report.period.days,
                ),
                say("data_source", file=report.source),
            ],
        ),
        _bullets(report.summary_lines(say)),
        charts.marketing_chart(report, say, width, 190),
        Heading(2, say("funnel_heading", month=month, day=report.day)),
        _funnel_table(report, say),
    ]
    working = report.funnel_working(say)
    if working:
        blocks.append(Paragraph(inline(say("recalculated", working="; ".join(working))), "note"))
    # Sales' charts after the funnel, not before it: a drawing moves to the next page whole,
    # where the funnel's table would be cut in two.
    blocks.append(
        charts.beside(
            charts.speed_chart(report, say, half, 176),
            charts.depth_chart(report, say, half, 176),
            CHART_GAP,
        )
    )
    blocks += _notes(report.notes(say))
    subject = say("leads_subject", title=report.title, date=report.as_of.isoformat())
    return Document(_info(report, say, title, subject, "leads_report"), tuple(blocks))


def _funnel_table(report: LeadsReport, say: ReportWords) -> Table:
    agreed, actual, currency = report.agreed, report.actual, report.currency
    funnel = actual.recalculated

    def money(value: Decimal | None) -> str:
        return "-" if value is None else say.money(value, currency)

    share = say.percent(funnel.marketing_share) if funnel else "-"
    cycle = actual.average_cycle_days
    rows = [
        (
            say("funnel_leads"),
            say("funnel_leads_agreed", goal=report.goal),
            say(
                "funnel_leads_actual",
                delivered=report.delivered,
                goal_today=say.number(report.goal_today, places=1),
            ),
        ),
        (
            say("funnel_customers"),
            say("funnel_customers_agreed", customers=say.number(agreed.customers_needed)),
            str(actual.customers),
        ),
        (
            say("funnel_close_rate"),
            say.percent(agreed.close_rate),
            say.percent(funnel.close_rate) if funnel else "-",
        ),
        (
            say("funnel_average_deal"),
            money(agreed.average_deal),
            money(funnel.average_deal if funnel else None),
        ),
        (
            say("funnel_revenue"),
            money(agreed.marketing_revenue),
            money(actual.marketing_revenue),
        ),
        (
            say("funnel_share"),
            say.percent(agreed.marketing_share),
            share if actual.total_revenue_given else say("funnel_share_all", share=share),
        ),
        (
            say("funnel_cycle"),
            "-",
            "-" if cycle is None else say("funnel_cycle_days", days=say.number(cycle, places=1)),
        ),
        (
            say("funnel_leads_needed"),
            str(report.goal),
            str(funnel.leads_needed) if funnel else actual.why_not(say),
        ),
    ]
    rows += [
        (say("funnel_tier", tier=name), target or "-", str(count))
        for name, count, target in report.tiers
    ]
    return Table(
        header=("", say("funnel_agreed"), say("funnel_actual", day=report.day)),
        rows=tuple(tuple(inline(cell) for cell in row) for row in rows),
        widths=(0.36, 0.2, 0.44),
    )


# --- deliveries -------------------------------------------------------------------------


def deliveries_document(report: DeliveriesReport, words: ReportWords) -> Document:
    """The deliveries report: summary, then every delivery due in the month with what
    happened to it."""
    say = words
    month = say.month(report.period)
    title = say("deliveries_title", window=month)
    rows = [
        (
            row.item,
            say.date(row.due.date()) + row.due.strftime(" %H:%M"),
            say.date(row.delivered.date()) + row.delivered.strftime(" %H:%M")
            if row.delivered
            else "-",
            say.number(row.ordered),
            say.number(row.received),
            say.number(row.damaged),
            report.status(row, say),
        )
        for row in report.rows
    ]
    blocks: list[Block] = [
        Heading(1, title),
        _meta(report, [say("data_source", file=report.source)]),
        _bullets(report.summary_lines(say)),
        Table(
            header=tuple(say.list("deliveries_header")),
            rows=tuple(tuple(inline(cell) for cell in row) for row in rows),
            widths=(0.19, 0.13, 0.13, 0.1, 0.12, 0.12, 0.21),
            numeric=(3, 4, 5),
        ),
    ]
    blocks += _notes([say("note_deliveries")])
    subject = say("deliveries_subject", title=report.title, window=month)
    return Document(_info(report, say, title, subject, "deliveries_report"), tuple(blocks))


# --- incidents --------------------------------------------------------------------------


def incidents_document(report: IncidentsReport, words: ReportWords, width: float) -> Document:
    """The incidents report: summary, a table of the services, the two charts, the working
    for each service, the notes; ``width`` is the text width the charts are drawn for."""
    say = words
    window = report.window_text(say)
    title = say("incidents_title", window=window)
    blocks: list[Block] = [
        Heading(1, title),
        _meta(report, [say("data_source", file=report.source)]),
        _bullets(report.summary_lines(say)),
        _services_table(report, say),
        charts.downtime_chart(report, say, width),
        charts.timeline_chart(report, say, width),
        Heading(2, say("working_heading")),
    ]
    for result in report.services:
        blocks += [Heading(3, result.name), _bullets(result.working(report, say))]
    blocks += _notes(report.notes(say))
    subject = say("incidents_subject", title=report.title, window=window)
    return Document(_info(report, say, title, subject, "incidents_report"), tuple(blocks))


def _services_table(report: IncidentsReport, say: ReportWords) -> Table:
    rows = []
    for r in report.services:
        # the band is in the working and on the chart: here, the credit only
        if r.credit is None:
            credit = say("credit_not_computed")
        elif r.band is None:
            credit = say("credit_no_band")
        else:
            credit = say.percent(r.credit)
        rows.append(
            (
                r.name,
                say.minutes(r.minutes_in_period),
                say("minutes", minutes=say.minutes(r.downtime_minutes)),
                say("minutes", minutes=say.minutes(r.excluded_minutes)),
                say("minutes", minutes=say.minutes(r.maintenance_allowed_minutes)),
                say.availability(r.availability),
                "-"
                if r.target is None
                else say("target_verdict", target=say.percent(r.target), met=bool(r.met)),
                credit,
            )
        )
    return Table(
        header=tuple(say.list("services_header")),
        rows=tuple(tuple(inline(cell) for cell in row) for row in rows),
        # wide enough for the longest word of each header, in English and Indonesian
        widths=(0.15, 0.1, 0.115, 0.14, 0.15, 0.145, 0.1, 0.1),
        numeric=(1, 2, 3, 4, 5),
    )
