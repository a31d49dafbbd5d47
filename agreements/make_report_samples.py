"""Write the sample data files for `sladoc report` (run from anywhere; same bytes every run):

* ``company-x-leads-2027-03.csv``: Company X's marketing leads from late February to
  Thursday 18 March 2027, for ``company-x-marketing-sales.yaml`` (100 leads a month, first
  follow-up within 1 business hour, 6 attempts);
* ``acme-incidents-2027-03.csv``: Acme Cloud's outage log for March 2027, for
  ``acme-cloud-hosting.yaml``.

The leads are random but seeded, shaped like a CRM export: leads handed off in business
hours (weekend form fills wait for Monday morning), most followed up within the hour, some
late (a busy afternoon, a hand-off just before closing time), a few reps who stop after
three or four attempts, about half of the connected leads closing within two weeks.

The outage log is written by hand, so each rule of the report shows once: two alerts for
one Compute outage that overlap (merged), maintenance beyond the monthly maximum (the
excess counts), an excluded outage with its reason, an outage crossing into the month
(clipped), times with and without a UTC offset.

With ``--previews`` it also runs ``sladoc report`` on both and draws
``docs/previews/report-leads.png`` and ``report-incidents.png``: the report's pages side by
side at 60 dpi (``pdftoppm``, from poppler, must be installed).
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import subprocess
import sys
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = 2027
FIRST_DAY, LAST_DAY = date(2027, 2, 22), date(2027, 3, 18)
MARCH_LEADS = 62  # handed off in March up to the 18th: a little ahead of the goal line


def business_day(day: date) -> bool:
    return day.weekday() < 5


def next_business_day(day: date) -> date:
    day += timedelta(days=1)
    while not business_day(day):
        day += timedelta(days=1)
    return day


def business_days_between(start: date, end: date) -> int:
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        count += business_day(day)
    return count


def at(day: date, minute_of_day: int) -> datetime:
    return datetime(day.year, day.month, day.day) + timedelta(minutes=minute_of_day)


def stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M")


def hand_off_days(rng: random.Random) -> list[date]:
    """One entry per lead: the business day it is handed to Sales."""
    per_day: dict[date, int] = {}
    day = FIRST_DAY
    while day <= LAST_DAY:
        if business_day(day):
            per_day[day] = rng.choice([3, 4, 4, 5, 5, 6])
        day += timedelta(days=1)
    march = [d for d in per_day if d.month == 3]
    # Nudge the March total to the story the sample tells, keeping every day plausible.
    while sum(per_day[d] for d in march) > MARCH_LEADS:
        d = rng.choice([d for d in march if per_day[d] > 3])
        per_day[d] -= 1
    while sum(per_day[d] for d in march) < MARCH_LEADS:
        d = rng.choice([d for d in march if per_day[d] < 6])
        per_day[d] += 1
    return [d for d in sorted(per_day) for _ in range(per_day[d])]


def leads_rows(rng: random.Random) -> list[list[str]]:
    rows = []
    for number, day in enumerate(hand_off_days(rng), start=1):
        executive = rng.random() < 0.22
        tier = "Executive decision maker" if executive else "Manager"
        monday_backlog = day.weekday() == 0 and rng.random() < 0.35
        if monday_backlog:
            # a weekend form fill, qualified and handed off first thing on Monday
            handed = at(day, rng.randint(9 * 60, 9 * 60 + 50))
            created = at(day - timedelta(days=rng.choice([1, 2])), rng.randint(600, 1300))
        else:
            handed = at(day, rng.randint(9 * 60, 16 * 60 + 50))
            created = handed - timedelta(minutes=rng.randint(4, 170))
        roll = rng.random()
        if handed.hour >= 16 and roll < 0.45:
            # handed off near closing time: followed up the next business morning
            first = at(next_business_day(day), rng.randint(9 * 60 + 5, 10 * 60 + 30))
        elif roll < 0.72:
            first = handed + timedelta(minutes=rng.randint(3, 55))
        elif roll < 0.90:
            first = handed + timedelta(minutes=rng.randint(61, 150))
        else:
            first = handed + timedelta(minutes=rng.randint(180, 330))
        if first.date() > LAST_DAY or (day == LAST_DAY and handed.hour >= 13):
            rows.append(
                [f"L-{number:04d}", stamp(created), stamp(handed), "", "0", "no", "", "", tier]
            )
            continue
        open_days = business_days_between(first.date(), LAST_DAY)
        depth = 6 if rng.random() < 0.75 else rng.choice([3, 4])  # some reps give up early
        attempts, connected = 0, False
        while attempts < min(depth, 1 + open_days) and not connected:
            attempts += 1
            connected = rng.random() < (0.34 if executive else 0.28)
        customer, revenue = "", ""
        if connected and rng.random() < 0.55:
            closed = first.date() + timedelta(days=rng.randint(2, 12))
            if closed <= LAST_DAY:
                customer = closed.isoformat()
                revenue = str(
                    rng.randrange(120, 261, 10) if executive else rng.randrange(40, 121, 5)
                )
        rows.append(
            [
                f"L-{number:04d}",
                stamp(created),
                stamp(handed),
                stamp(first),
                str(attempts),
                "yes" if connected else "no",
                customer,
                revenue,
                tier,
            ]
        )
    return rows


INCIDENTS = [
    ["service", "start", "end", "maintenance", "excluded", "reason", "ticket"],
    ["Object Storage", "2027-02-28T23:50Z", "2027-03-01T00:10Z", "no", "no", "", "INC-2291"],
    ["Compute", "2027-03-03T14:02Z", "2027-03-03T14:19Z", "no", "no", "", "INC-2304"],
    ["Compute", "2027-03-03T14:10Z", "2027-03-03T14:31Z", "no", "no", "", "INC-2305"],
    ["Compute", "2027-03-07T01:00+07:00", "2027-03-07T05:00+07:00", "yes", "no", "", "MNT-118"],
    [
        "Managed Database",
        "2027-03-07T01:00+07:00",
        "2027-03-07T02:30+07:00",
        "yes",
        "no",
        "",
        "MNT-118",
    ],
    ["Managed Database", "2027-03-12T02:15Z", "2027-03-12T02:27Z", "no", "no", "", "INC-2331"],
    ["Object Storage", "2027-03-17T22:40Z", "2027-03-18T06:05Z", "no", "no", "", "INC-2350"],
    ["Compute", "2027-03-21T01:00+07:00", "2027-03-21T02:30+07:00", "yes", "no", "", "MNT-121"],
    [
        "Managed Database",
        "2027-03-25T09:00Z",
        "2027-03-25T09:45Z",
        "no",
        "yes",
        "Company X's own code: a schema migration locked the primary",
        "INC-2377",
    ],
    ["Object Storage", "2027-03-29 06:00", "2027-03-29 06:20", "no", "no", "", "INC-2391"],
]


def to_csv(rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode("utf-8")


PREVIEWS = {
    "leads": ("company-x-marketing-sales.yaml", "--leads", "company-x-leads-2027-03.csv"),
    "incidents": ("acme-cloud-hosting.yaml", "--incidents", "acme-incidents-2027-03.csv"),
}
PAGE_GAP = 6  # points of grey between the pages of a preview


def previews() -> None:
    """The report previews of docs/reporting.md, from the sample files."""
    from PIL import Image

    with tempfile.TemporaryDirectory() as temp:
        for name, (agreement, flag, data) in PREVIEWS.items():
            out = Path(temp) / name
            command = [sys.executable, "-m", "sladoc", "report", str(HERE / agreement)]
            command += [flag, str(HERE / data), "--period", "2027-03", "--out", str(out)]
            subprocess.run(command, check=True, capture_output=True, cwd=HERE.parent)
            pdf = next(out.glob("*-report.pdf"))
            subprocess.run(
                ["pdftoppm", "-png", "-r", "60", str(pdf), str(out / "page")], check=True
            )
            pages = [Image.open(path).convert("RGB") for path in sorted(out.glob("page-*.png"))]
            width = sum(page.width for page in pages) + PAGE_GAP * (len(pages) - 1)
            sheet = Image.new("RGB", (width, max(page.height for page in pages)), "#c9d1db")
            x = 0
            for page in pages:
                sheet.paste(page, (x, 0))
                x += page.width + PAGE_GAP
            sheet.save(HERE.parent / "docs" / "previews" / f"report-{name}.png", optimize=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--previews", action="store_true", help="Draw the report previews too.")
    options = parser.parse_args()
    header = [
        "lead",
        "created",
        "handed_off",
        "first_follow_up",
        "attempts",
        "connected",
        "became_customer",
        "revenue",
        "tier",
    ]
    leads = to_csv([header, *leads_rows(random.Random(SEED))])
    (HERE / "company-x-leads-2027-03.csv").write_bytes(leads)
    (HERE / "acme-incidents-2027-03.csv").write_bytes(to_csv(INCIDENTS))
    if options.previews:
        previews()


if __name__ == "__main__":
    main()
