"""What the CLI and the library surface use of reporting, in one place.

The work is done in the modules beside this one: ``csvdata`` (strict CSV reading, with
every problem at its row and column), ``leads``, ``incidents`` and ``deliveries`` (the reports'
figures and sentences), ``spans`` (the arithmetic of time spans), ``charts``, ``words`` (the
reports' wording and number formats) and ``document`` (a report as a document tree,
written as a PDF, and its charts as SVG files).
"""

from __future__ import annotations

from sladoc.reporting.csvdata import DataError, DataProblem
from sladoc.reporting.deliveries import DeliveriesReport, deliveries_report, read_deliveries
from sladoc.reporting.document import report_files
from sladoc.reporting.incidents import IncidentsReport, incidents_report, read_incidents
from sladoc.reporting.leads import LeadsReport, leads_report, read_leads
from sladoc.reporting.month import Month
from sladoc.reporting.options import parse_amount, parse_day, parse_month

__all__ = [
    "DataError",
    "DataProblem",
    "DeliveriesReport",
    "IncidentsReport",
    "LeadsReport",
    "Month",
    "deliveries_report",
    "incidents_report",
    "leads_report",
    "parse_amount",
    "parse_day",
    "parse_month",
    "read_deliveries",
    "read_incidents",
    "read_leads",
    "report_files",
]
