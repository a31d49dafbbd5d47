"""`sladoc report`: progress from a leads file, availability and credits from an outage
log, the errors bad data gets, and the PDF/SVG it writes. Fixtures are small CSV files in
tests/report/ with figures worked out by hand in the comments."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from datetime import date
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from pypdf import PdfReader
from typer.testing import CliRunner

from sladoc import api
from sladoc.agreement import sla_math
from sladoc.cli import app
from sladoc.document.templateset import TemplateSet
from sladoc.document.tree import BulletList, Figure, Heading, Table, walk_text
from sladoc.document.writers import write_docx, write_markdown
from sladoc.errors import UsageError
from sladoc.reporting import spans
from sladoc.reporting.document import incidents_document, leads_document, report_look
from sladoc.reporting.reports import DataError, Month, incidents_report, leads_report
from sladoc.reporting.words import ReportWords

from .conftest import ROOT

DATA = Path(__file__).parent / "report"
INTERNAL = ROOT / "agreements" / "company-x-marketing-sales.yaml"
CUSTOMER = ROOT / "agreements" / "acme-cloud-hosting.yaml"
runner = CliRunner()


@pytest.fixture(scope="module")
def internal():
    return api.load(INTERNAL)


@pytest.fixture(scope="module")
def customer():
    return api.load(CUSTOMER)


def customer_variant(tmp_path: Path, *replacements: tuple[str, str]):
    """The Acme agreement with some text replaced (each once), loaded."""
    text = CUSTOMER.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp_path / "variant.yaml"
    path.write_text(text, encoding="utf-8")
    return api.load(path)


def service(report, name: str):
    return next(s for s in report.services if s.name == name)


# --- leads: goal line, counts, speed, depth ------------------------------------------------


def test_goal_line_and_cumulative_counts_on_known_data(internal) -> None:
    report = leads_report(internal, DATA / "leads-april.csv")
    # the latest hand-off is 3 April; C1 (created 3 April) is the last day with data
    assert report.period == Month(2027, 4)
    assert report.as_of == date(2027, 4, 3)
    assert report.goal == 100
    assert report.goal_line == tuple(sla_math.goal_line(Decimal(100), 30))
    assert report.goal_today == Decimal(10)  # 100 x 3 / 30
    # 1 April: A1, A2; 2 April: none; 3 April: A3, A4, A5. B1 is March's, C1 not handed off.
    assert report.delivered_by_day == (2, 2, 5)
    assert report.not_handed_off == 1
    assert report.summary_lines()[0] == (
        "Marketing: 5 of 100 leads on day 3 of 30, 5 behind the goal line (10)."
    )


def test_follow_up_speed_and_depth(internal) -> None:
    report = leads_report(internal, DATA / "leads-april.csv")
    # waits: A1 30 min, A2 120 min (day 1); A3 10 min, A4 45 min (day 3); A5 not yet
    assert [
        (d.day, d.followed_up, d.average_seconds, d.within_target) for d in report.speed_days
    ] == [(1, 2, 4500, 1), (3, 2, 1650, 2)]
    assert report.average_speed_seconds == Decimal(51.25 * 60)
    assert (report.followed_up, report.within_target, report.awaiting_follow_up) == (4, 3, 1)
    assert report.speed_target_seconds == 3600  # 1 business hour, read as a wall-clock hour
    # not connected after a follow-up: A2 (6 attempts), A3 (3); A5 has had no attempt yet
    assert report.not_connected == 2
    assert report.average_depth == Decimal("4.5")
    assert [
        (w.first_day, w.last_day, w.not_connected, w.average_attempts) for w in report.depth_weeks
    ] == [(1, 7, 2, Decimal("4.5"))]
    assert report.depth_target == 6


def test_as_of_ignores_what_happened_later(internal) -> None:
    report = leads_report(internal, DATA / "leads-april.csv", as_of=date(2027, 4, 1))
    assert report.delivered_by_day == (2,)
    assert report.followed_up == 2
    # A1 became a customer on 3 April: not yet known on the 1st
    assert report.actual.customers == 0
    assert report.actual.recalculated is None
    assert "no lead has become a customer" in report.actual.why_not(report.words())
    # attempts and connections have no dates: the report says they are as exported
    assert any("as they stood on 01 April" in note for note in report.notes())


def test_tiers_counted_case_insensitively(internal) -> None:
    report = leads_report(internal, DATA / "leads-april.csv")
    assert report.tiers == (("Executive decision maker", 1, "20 leads"), ("Manager", 2, "80 leads"))


# --- leads: the funnel recalculated ----------------------------------------------------------


def test_funnel_recalculation_all_revenue_taken_as_marketing(internal) -> None:
    report = leads_report(internal, DATA / "leads-april.csv")
    actual = report.actual
    # 5 leads in April; A1 (150) and A4 (50) became customers by 3 April
    assert (actual.leads, actual.customers, actual.marketing_revenue) == (5, 2, 200)
    assert actual.total_revenue == 200 and not actual.total_revenue_given
    funnel = actual.recalculated
    assert (funnel.close_rate, funnel.average_deal, funnel.marketing_share) == (40, 100, 100)
    # 5,000 x 100% = 5,000; / 100 = 50 customers; / 40% = 125 leads
    assert funnel.leads_needed == 125
    assert actual.average_cycle_days == 1  # A1: 1 -> 3 April, A4: same day
    assert "all revenue in the file taken as marketing's" in report.summary_lines()[3]


def test_funnel_recalculation_with_total_revenue(internal) -> None:
    report = leads_report(internal, DATA / "leads-april.csv", total_revenue=Decimal(400))
    funnel = report.actual.recalculated
    assert funnel.marketing_share == 50
    # 5,000 x 50% = 2,500; / 100 = 25 customers; / 40% = 62.5 -> 63 leads
    assert funnel.leads_needed == 63
    assert report.funnel_working()[:3] == [
        "close rate 2 ÷ 5 leads = 40%",
        "average deal 200 USD ÷ 2 customers = 100 USD",
        "share from marketing 200 ÷ 400 = 50%",
    ]


def test_total_revenue_below_marketing_revenue_is_refused(internal) -> None:
    with pytest.raises(UsageError, match="less than the revenue from marketing leads"):
        leads_report(internal, DATA / "leads-april.csv", total_revenue=Decimal(100))


def test_sample_leads_file_tells_its_story(internal) -> None:
    report = leads_report(internal, ROOT / "agreements" / "company-x-leads-2027-03.csv")
    assert report.summary_lines()[0] == (
        "Marketing: 62 of 100 leads on day 18 of 31, 3.9 ahead of the goal line (58.1)."
    )
    # 20 of 62 leads closed: exactly 155 leads at that rate, not 156 from a rounding tail
    assert report.actual.recalculated.leads_needed == 155


def test_semicolons_byte_order_mark_and_header_spelling(internal) -> None:
    report = leads_report(internal, DATA / "leads-semicolon.csv")
    assert report.delivered == 1
    assert report.actual.marketing_revenue == Decimal("150.50")


# --- incidents: availability, maintenance, exclusions, credits -------------------------------


def test_overlapping_outages_are_merged_and_clipped_to_the_period(customer) -> None:
    report = incidents_report(customer, DATA / "incidents-merge.csv", period=Month(2027, 3))
    compute = service(report, "Compute")
    # 10:00-10:30, 10:20-10:50 and 10:50-11:00 make one hour; 12:00-12:05 five minutes
    assert compute.downtime_minutes == 65
    assert (compute.unplanned_logged, compute.unplanned_merged) == (4, 2)
    assert compute.minutes_in_period == 31 * 24 * 60
    assert compute.availability == Fraction(44640 - 65, 44640) * 100
    storage = service(report, "Object Storage")
    # 15 minutes after midnight on 1 March, 10 before midnight on 31 March; 2 April is outside
    assert storage.downtime_minutes == 25
    assert storage.clipped == 2
    assert report.ignored_outside_period == 1
    assert service(report, "Managed Database").downtime_minutes == 0


def test_default_period_is_the_month_of_the_latest_outage(customer) -> None:
    report = incidents_report(customer, DATA / "incidents-merge.csv")
    assert report.period == Month(2027, 4)


def test_maintenance_within_the_monthly_maximum_is_not_downtime(customer) -> None:
    report = incidents_report(customer, DATA / "incidents-maintenance.csv")
    compute = service(report, "Compute")
    # 2 h + 1 h of maintenance is within the 4 h maximum; the 10-minute outage during it is
    # covered by it
    assert compute.maintenance_minutes == 180
    assert compute.maintenance_allowed_minutes == 180
    assert compute.downtime_minutes == 0
    assert compute.unplanned_covered_minutes == 10


def test_maintenance_beyond_the_monthly_maximum_counts(customer) -> None:
    report = incidents_report(customer, DATA / "incidents-maintenance.csv")
    database = service(report, "Managed Database")
    # 3 h + 2 h: the first 4 h are allowed, the last hour (02:00-03:00 on the 14th) counts;
    # the outage 02:30-02:40 falls inside that hour and is not counted twice
    assert database.maintenance_allowed_minutes == 240
    assert database.maintenance_over_minutes == 60
    assert database.downtime_minutes == 60


def test_maintenance_counts_when_the_agreement_says_so(tmp_path: Path) -> None:
    agreement = customer_variant(
        tmp_path, ("counts_as_downtime: false", "counts_as_downtime: true")
    )
    report = incidents_report(agreement, DATA / "incidents-maintenance.csv")
    assert service(report, "Compute").downtime_minutes == 180
    assert service(report, "Managed Database").downtime_minutes == 300


def test_exclusions_are_taken_out(customer) -> None:
    report = incidents_report(customer, DATA / "incidents-exclusions.csv")
    compute = service(report, "Compute")
    assert compute.downtime_minutes == 0  # the outage lies inside the excluded half hour
    assert compute.excluded_minutes == 30
    assert compute.excluded_reasons == ("Customer's own deployment",)
    # 09:20-09:50 against an exclusion 09:00-09:30: the last 20 minutes count
    assert service(report, "Managed Database").downtime_minutes == 20


@pytest.mark.parametrize(
    ("name", "at_edge", "over_edge"),
    [
        # April has 43,200 minutes. 21.6 min = exactly 99.95%: met, no credit
        ("Compute", (True, None, Decimal(0)), (False, Decimal("99.95"), Decimal(10))),
        # 432 min = exactly 99.0%: the 10% band (below 99.95%, at least 99%)
        (
            "Managed Database",
            (False, Decimal("99.95"), Decimal(10)),
            (False, Decimal("99.0"), Decimal(25)),
        ),
        # 2,160 min = exactly 95.0%: the 25% band; a second more: the 100% band
        (
            "Object Storage",
            (False, Decimal("99.0"), Decimal(25)),
            (False, Decimal("95.0"), Decimal(100)),
        ),
    ],
)
def test_credit_band_at_the_band_edges(customer, name, at_edge, over_edge) -> None:
    for file, (met, band_below, credit) in (
        ("incidents-band-edges.csv", at_edge),
        ("incidents-band-edges-over.csv", over_edge),
    ):
        result = service(incidents_report(customer, DATA / file), name)
        assert result.met is met, file
        assert (result.band.below if result.band else None) == band_below, file
        assert result.credit == credit, file


def test_credit_is_capped_at_the_maximum(tmp_path: Path) -> None:
    agreement = customer_variant(tmp_path, ("maximum: 100%", "maximum: 50%"))
    result = service(
        incidents_report(agreement, DATA / "incidents-band-edges-over.csv"), "Object Storage"
    )
    assert result.band.credit == 100
    assert (result.credit, result.credit_capped) == (50, True)


def test_times_without_offset_are_in_the_service_time_zone(tmp_path: Path) -> None:
    agreement = customer_variant(
        tmp_path,
        ("time_zone: UTC", "time_zone: WIB"),
        ("time_zone: UTC", "time_zone: Asia/Jakarta"),
    )
    report = incidents_report(agreement, DATA / "incidents-local-time.csv", period=Month(2027, 3))
    # 20:00-23:00 on 31 March, Jakarta time: inside March in Jakarta
    assert service(report, "Compute").downtime_minutes == 180
    # 20:00Z-23:00Z is 03:00-06:00 on 1 April in Jakarta: outside March there
    assert service(report, "Managed Database").downtime_minutes == 0
    # a UTC service reads the same local times as UTC: inside March
    assert service(report, "Object Storage").downtime_minutes == 180


def test_month_to_date_does_not_compute_credits(customer) -> None:
    report = incidents_report(
        customer, DATA / "incidents-merge.csv", period=Month(2027, 3), as_of=date(2027, 3, 10)
    )
    assert service(report, "Compute").minutes_in_period == 10 * 24 * 60
    assert not report.credits_computed
    assert service(report, "Compute").credit is None


# --- bad data ------------------------------------------------------------------------------


def errors_of(call) -> list[str]:
    with pytest.raises(DataError) as caught:
        call()
    return [str(problem) for problem in caught.value.problems]


def test_bad_leads_rows_name_row_and_column(internal) -> None:
    file = DATA / "leads-bad.csv"
    errors = errors_of(lambda: leads_report(internal, file))
    expected = [
        ("2:created", "'03/04/2027' is not a date"),
        ("3:handed_off", "handed off before the lead was created"),
        ("4:first_follow_up", "follow-up before the lead existed"),
        ("5:attempts", "0 attempts, but there is a first follow-up"),
        ("6:attempts", "expected a whole number"),
        ("6:connected", "expected yes or no, got 'maybe'"),
        ("7:revenue", "revenue from a lead that did not become a customer"),
        ("8:created", "2027-02-30 is not a date in the calendar"),
        ("9:lead", "lead 'X7' is already on row 8"),
        ("9:tier", "unknown tier 'Intern'"),
        ("10:handed_off", "this time has a UTC offset"),
        ("11:first_follow_up", "follow-up before the hand-off to Sales"),
    ]
    assert len(errors) == len(expected)
    for error, (where, message) in zip(errors, expected, strict=True):
        assert error.startswith(f"{file}:{where}: {message}"), error


def test_missing_lead_column(internal) -> None:
    file = DATA / "leads-missing-column.csv"
    assert errors_of(lambda: leads_report(internal, file)) == [
        f"{file}:1:attempts: missing column 'attempts'; the header has: lead, created, "
        "handed_off, first_follow_up, connected, became_customer, revenue"
    ]


def test_bad_outage_rows_name_row_and_column(customer) -> None:
    file = DATA / "incidents-bad.csv"
    errors = errors_of(lambda: incidents_report(customer, file))
    # the first record spans lines 2 and 3 (a quoted line break), so the next is line 4
    expected = [
        ("4:service", "unknown service 'Compte'; did you mean 'Compute'?"),
        ("5:end", "the outage ends before it starts"),
        ("6:start", "'yesterday' is not a date"),
        ("7:start", "'2027-03-02' has no time of day"),
        ("8:reason", "an excluded outage needs a reason"),
        ("9:excluded", "an outage is either scheduled maintenance or excluded"),
    ]
    assert len(errors) == len(expected)
    for error, (where, message) in zip(errors, expected, strict=True):
        assert error.startswith(f"{file}:{where}: {message}"), error


def test_missing_outage_column_and_misspelt_one(customer) -> None:
    file = DATA / "incidents-missing-column.csv"
    assert errors_of(lambda: incidents_report(customer, file)) == [
        f"{file}:1:excludd: unknown column; did you mean 'excluded'?",
        f"{file}:1:end: missing column 'end'; the header has: service, start, finish, excludd",
    ]


def test_wrong_kind_of_agreement_is_a_usage_error(internal, customer) -> None:
    with pytest.raises(UsageError, match="--leads reports on an internal"):
        leads_report(customer, DATA / "leads-april.csv")
    with pytest.raises(UsageError, match="--incidents reports on a customer agreement"):
        incidents_report(internal, DATA / "incidents-merge.csv")


# --- the command ---------------------------------------------------------------------------


def report(*args: str):
    return runner.invoke(app, ["report", *args])


def test_cli_leads_report_prints_summary_and_writes_files(tmp_path: Path) -> None:
    result = report(str(INTERNAL), "--leads", str(DATA / "leads-april.csv"), "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == (
        "Marketing: 5 of 100 leads on day 3 of 30, 5 behind the goal line (10)."
    )
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == [
        f"company-x-marketing-sales-2027-04-{n}"
        for n in ("depth.svg", "marketing.svg", "report.pdf", "speed.svg")
    ]
    assert "wrote" in result.stderr and "wrote" not in result.stdout


def test_cli_incidents_report(tmp_path: Path) -> None:
    result = report(
        str(CUSTOMER), "--incidents", str(DATA / "incidents-band-edges.csv"), "--out", str(tmp_path)
    )
    assert result.exit_code == 0, result.output
    assert (
        "Managed Database: 99.0000% available in April 2027, 432 min of downtime counted "
        "(target 99.95% missed); credit 10% of the monthly fee of the affected service."
    ) in result.stdout
    assert (tmp_path / "acme-cloud-hosting-2027-04-report.pdf").is_file()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--leads", "leads-bad.csv"), "leads-bad.csv:5:attempts: error: 0 attempts"),
        (
            ("--incidents", "incidents-bad.csv"),
            "incidents-bad.csv:5:end: error: the outage ends before it starts",
        ),
    ],
)
def test_cli_bad_data_exits_2_with_positions(tmp_path: Path, args, message) -> None:
    agreement = INTERNAL if args[0] == "--leads" else CUSTOMER
    result = report(str(agreement), args[0], str(DATA / args[1]), "--out", str(tmp_path))
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            (str(CUSTOMER), "--leads", str(DATA / "leads-april.csv")),
            "--leads reports on an internal (Marketing/Sales) agreement",
        ),
        (
            (
                str(ROOT / "agreements" / "company-x-multilevel.yaml"),
                "--incidents",
                str(DATA / "incidents-merge.csv"),
            ),
            "--incidents reports on a customer agreement; company-x-multilevel is a tiered "
            "agreement",
        ),
        ((str(INTERNAL),), "give --leads FILE"),
        ((str(INTERNAL), "--leads", "a.csv", "--incidents", "b.csv"), "give --leads FILE"),
        (
            (str(INTERNAL), "--leads", str(DATA / "leads-april.csv"), "--period", "March"),
            "--period must be a month written YYYY-MM",
        ),
        (
            (str(INTERNAL), "--leads", str(DATA / "leads-april.csv"), "--period", "2027-05"),
            f"{DATA / 'leads-april.csv'}: no data in 2027-05",
        ),
        (
            (str(INTERNAL), "--leads", str(DATA / "leads-april.csv"), "--as-of", "2027-05-01"),
            "--as-of 2027-05-01 is not in the period 2027-04",
        ),
        (
            (str(INTERNAL), "--leads", str(DATA / "no-such.csv")),
            f"{DATA / 'no-such.csv'}: cannot read",
        ),
    ],
)
def test_cli_usage_errors_exit_2(tmp_path: Path, args, message) -> None:
    result = report(*args, "--out", str(tmp_path))
    assert result.exit_code == 2
    assert f"sladoc: error: {message}" in result.stderr


def test_cli_invalid_agreement_exits_2_with_its_positions(tmp_path: Path) -> None:
    agreement = ROOT / "tests" / "invalid" / "bad-reference.yaml"
    result = report(
        str(agreement), "--leads", str(DATA / "leads-april.csv"), "--out", str(tmp_path)
    )
    assert result.exit_code == 2
    assert f"{agreement}:74:11: error: `salse` is not a party" in result.stderr


# --- what it writes ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("agreement", "flag", "data"),
    [
        (INTERNAL, "--leads", ROOT / "agreements" / "company-x-leads-2027-03.csv"),
        (CUSTOMER, "--incidents", ROOT / "agreements" / "acme-incidents-2027-03.csv"),
    ],
)
def test_pdf_is_two_pages_at_most_svgs_are_xml_and_runs_repeat_bytes(
    tmp_path: Path, agreement, flag, data
) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    for out in (first, second):
        result = report(str(agreement), flag, str(data), "--out", str(out))
        assert result.exit_code == 0, result.output
    files = sorted(p.name for p in first.iterdir())
    assert files == sorted(p.name for p in second.iterdir())
    for name in files:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    pdfs = [n for n in files if n.endswith(".pdf")]
    svgs = [n for n in files if n.endswith(".svg")]
    assert len(pdfs) == 1 and len(svgs) >= 2
    reader = PdfReader(first / pdfs[0])
    # the contracts' look (pdf-style.yaml), no cover: the summary and the charts on the first
    # page, the rest of the working and the notes on the second
    assert len(reader.pages) <= 2
    text = reader.pages[0].extract_text()
    assert (
        "Progress report, March 2027" if flag == "--leads" else "Availability report, March 2027"
    ) in text
    assert reader.metadata.creation_date.date() == (
        date(2027, 3, 18) if flag == "--leads" else date(2027, 3, 31)
    )
    # a closed path retraces itself and fills a dashed line's gaps: goal and target lines
    # must stay dashed in SVG as in the PDF
    dashed = []
    for name in svgs:
        root = ET.parse(first / name).getroot()
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
        # the registered PDF font name means nothing to a browser
        assert "sladoc-DejaVuSans" not in (first / name).read_text(encoding="utf-8")
        assert root.find("{http://www.w3.org/2000/svg}title").text != "..."
        dashed += [e for e in root.iter() if "stroke-dasharray" in e.get("style", "")]
    assert dashed
    assert not [e for e in dashed if e.get("d", "").rstrip().endswith("Z")]


# --- through the document tree ---------------------------------------------------------------


def test_a_report_is_a_document_every_writer_can_write(internal) -> None:
    report = leads_report(internal, ROOT / "agreements" / "company-x-leads-2027-03.csv")
    words = report.words()
    document = leads_document(report, words, 470)
    kinds = [type(block) for block in document.blocks]
    assert kinds[:3] == [Heading, type(document.blocks[1]), BulletList]
    assert kinds.count(Figure) == 2 and Table in kinds
    text = walk_text(document.blocks)
    assert text[0] == "Progress report, March 2027"
    assert report.summary_lines()[0] in text
    # the report's words in the DOCX and Markdown too, with the charts as pictures there
    look = report_look(report, TemplateSet.default())
    markdown = write_markdown(document, look).decode()
    assert "> *Leads against the goal line, March 2027*" in markdown
    assert write_docx(document, look).count(b"word/media/image") >= 2


def test_incidents_document_has_working_for_every_service(customer) -> None:
    report = incidents_report(customer, DATA / "incidents-maintenance.csv")
    document = incidents_document(report, report.words(), 470)
    headings = [block.text for block in document.blocks if isinstance(block, Heading)]
    assert headings == ["Availability report, March 2027", "Working"] + [
        result.name for result in report.services
    ]


# --- the words: wording files, Indonesian ----------------------------------------------------

REPORT_WORDING = ROOT / "templates" / "report"


def _read_wording(name: str) -> dict:
    import yaml

    return yaml.safe_load((REPORT_WORDING / name).read_text(encoding="utf-8"))


def test_indonesian_report_wording_has_the_english_keys_shapes_and_values() -> None:
    from jinja2 import meta
    from jinja2.sandbox import SandboxedEnvironment

    english, indonesian = _read_wording("wording.yaml"), _read_wording("wording.id.yaml")
    assert list(english) == list(indonesian)
    parser = SandboxedEnvironment()
    for key, value in english.items():
        other = indonesian[key]
        assert type(other) is type(value), key
        if isinstance(value, list):
            assert len(other) == len(value), key
        elif isinstance(value, dict):
            assert list(other) == list(value), key
        else:
            names = meta.find_undeclared_variables(parser.parse(value))
            assert meta.find_undeclared_variables(parser.parse(other)) == names, key


def test_every_report_wording_entry_renders() -> None:
    from jinja2 import meta
    from jinja2.sandbox import SandboxedEnvironment

    parser = SandboxedEnvironment()
    for language, name in (("en", "wording.yaml"), ("id", "wording.id.yaml")):
        words = ReportWords.of(language)
        for key, value in _read_wording(name).items():
            if isinstance(value, str):
                values = {n: "1" for n in meta.find_undeclared_variables(parser.parse(value))}
                assert words(key, **values), f"{language}/{key} renders empty"


def test_every_report_wording_entry_is_used() -> None:
    code = "\n".join(
        path.read_text(encoding="utf-8") for path in (ROOT / "sladoc" / "reporting").glob("*.py")
    )
    # keys the code puts together: f"rule_{rule}", f"credits_{why}", f"chart_{unit}_short"
    composed = re.compile(r"labels|rule_\w+|credits_\w+|chart_(minutes|hours)(_short)?")
    unused = [
        key
        for key in _read_wording("wording.yaml")
        if f'"{key}"' not in code and not composed.fullmatch(key)
    ]
    assert unused == []


def test_no_sentence_of_the_report_code_names_an_option() -> None:
    """A report's sentences come from the wording, so they can be translated; in the code,
    only errors (in the CLI's language, English) may name the command's options."""
    import ast

    offenders = []
    for path in (ROOT / "sladoc" / "reporting").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        allowed = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Raise):
                allowed |= {id(inner) for inner in ast.walk(node)}
            body = getattr(node, "body", None)
            if isinstance(body, list) and body and isinstance(body[0], ast.Expr):
                allowed.add(id(body[0].value))  # a docstring
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and re.search(r"--[a-z]", node.value)
                and id(node) not in allowed
            ):
                offenders.append(f"{path.name}:{node.lineno}: {node.value!r}")
    assert offenders == []


def indonesian_leads(tmp_path: Path) -> Path:
    """The sample leads with the tier names of the Indonesian example agreement."""
    text = (ROOT / "agreements" / "company-x-leads-2027-03.csv").read_text(encoding="utf-8")
    text = text.replace("Executive decision maker", "Eksekutif pengambil keputusan")
    path = tmp_path / "prospek.csv"
    path.write_text(text.replace(",Manager\n", ",Manajer\n"), encoding="utf-8")
    return path


def test_a_report_on_an_indonesian_agreement_is_in_indonesian(tmp_path: Path) -> None:
    agreement = api.load(ROOT / "agreements" / "contoh-pemasaran-penjualan.yaml")
    report = leads_report(agreement, indonesian_leads(tmp_path))
    summary = report.summary_lines()
    assert summary[0] == (
        "Pemasaran: 62 dari 100 prospek pada hari ke-18 dari 31, 3,9 di depan garis target (58,1)."
    )
    assert "2 jam 22 menit" in summary[1] and "1 jam kerja" in summary[1]
    assert "tingkat penutupan 32,26% (disepakati 50%)" in summary[3]
    assert "USD 100" in summary[3]
    assert report.tiers[0] == ("Eksekutif pengambil keputusan", 14, "20 prospek")
    assert any("sampai 18 Maret" in note for note in report.notes())


def test_indonesian_report_pdf(tmp_path: Path) -> None:
    result, files = api.report(
        ROOT / "agreements" / "contoh-pemasaran-penjualan.yaml", leads=indonesian_leads(tmp_path)
    )
    reader = PdfReader(io.BytesIO(files["report.pdf"]))
    first = reader.pages[0].extract_text()
    assert "Laporan kemajuan, Maret 2027" in first
    assert "per Kamis, 18 Maret 2027" in first
    assert "Halaman 1 dari" in first
    assert b"Prospek terhadap garis target, Maret 2027" in files["marketing.svg"]


def test_incidents_in_indonesian(tmp_path: Path) -> None:
    agreement = customer_variant(tmp_path, ("language: en", "language: id"))
    report = incidents_report(agreement, DATA / "incidents-band-edges.csv")
    database = report.summary_lines()[1]
    assert database.startswith(
        "Managed Database: tersedia 99,0000% dalam April 2027, 432 menit waktu henti dihitung "
        "(target 99,95% tidak tercapai); kredit 10%"
    )
    working = service(report, "Managed Database").working(report)
    assert working[-1] == "Rentang di bawah 99,95% dan sekurang-kurangnya 99%: kredit 10%."


def test_month_to_date_says_why_there_are_no_credits(customer) -> None:
    report = incidents_report(
        customer, DATA / "incidents-merge.csv", period=Month(2027, 3), as_of=date(2027, 3, 10)
    )
    assert report.window_text() == "01 to 10 March 2027"
    assert report.summary_lines()[-1] == (
        "Service credits not computed: --as-of 2027-03-10 makes this a month-to-date report; "
        "credits are owed on the whole month."
    )


# --- spans ---------------------------------------------------------------------------------


def test_span_arithmetic() -> None:
    assert spans.union([(5, 9), (1, 3), (3, 4), (8, 12), (7, 7)]) == [(1, 4), (5, 12)]
    assert spans.minus([(0, 10), (20, 30)], [(2, 4), (8, 22), (29, 40)]) == [
        (0, 2),
        (4, 8),
        (22, 29),
    ]
    assert spans.first([(0, 10), (20, 30)], 15) == ([(0, 10), (20, 25)], [(25, 30)])
    assert spans.clip((5, 15), (10, 20)) == (10, 15)
    assert spans.clip((5, 10), (10, 20)) is None
    assert spans.minutes([(0, 90_000_000)]) == Fraction(3, 2)
