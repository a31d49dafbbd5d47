"""Generate valid agreements of realistic size for the benchmarks, the same ones every run.

    python bench/generate.py OUT_DIR [--count 500] [--seed 6]

Agreement ``i`` depends only on ``(seed, i)``: a run of 100 is the first 100 of a run of
500, so a comparison of 100 with 500 files measures the number of files and nothing else.
Kinds rotate internal, tiered, customer (services, deliveries or both); names, numbers and
list lengths vary, so the contracts run from about 3 to 10 pages. Some wording is vague on
purpose, as in real drafts, so the checker has findings to report.

The YAML is written by hand (not with a YAML dumper): block style and folded prose, the way
people write agreements, which is what the loader is tuned for.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

KINDS = ("internal", "tiered", "customer")

FIRST = (
    "Amir",
    "Kendra",
    "Joan",
    "Priya",
    "Budi",
    "Rina",
    "Michael",
    "Darryl",
    "Sofia",
    "Chen",
    "Olu",
    "Marta",
    "Tomas",
    "Aisha",
    "Ravi",
    "Lena",
    "Yusuf",
    "Hana",
    "Pedro",
    "Ines",
    "Kofi",
    "Mei",
    "Arjun",
    "Dewi",
    "Lukas",
    "Nadia",
    "Oscar",
    "Sari",
)
LAST = (
    "Hakim",
    "Wijaya",
    "Siregar",
    "Natarajan",
    "Santoso",
    "Hartono",
    "Scott",
    "Philbin",
    "Moreau",
    "Li",
    "Adeyemi",
    "Kowalski",
    "Novak",
    "Rahman",
    "Iyer",
    "Berg",
    "Demir",
    "Tanaka",
    "Alves",
    "Costa",
    "Mensah",
    "Wong",
    "Mehta",
    "Lestari",
    "Weber",
    "Haddad",
    "Lindqvist",
    "Putri",
)
COMPANIES = (
    "Company X",
    "Northwind Traders",
    "Globex",
    "Initech",
    "Umbrella Foods",
    "Stark Logistics",
    "Wayne Retail",
    "Tyrell Systems",
    "Soylent Foods",
    "Vandelay Industries",
    "Hooli",
    "Cyberdyne Health",
    "Massive Dynamic",
    "Pied Piper",
    "Aperture Labs",
    "Oceanic Air",
)
PROVIDERS = (
    "Acme Cloud Ltd.",
    "Nimbus Hosting",
    "Stratus Data Centres",
    "BlueRiver IT",
    "Helios Networks",
    "Polar Managed Services",
    "Kestrel Software",
)
SUPPLIERS = (
    "Dunder Mifflin Paper Company",
    "Staples Office Supply",
    "Fresh Fields Catering",
    "Metro Cleaning Services",
    "Ironclad Hardware",
    "Green Leaf Coffee",
)
TEAMS = (
    ("marketing", "Marketing", "Lead generation"),
    ("sales", "Sales", "Revenue"),
    ("service", "Customer Service", "Retention"),
    ("product", "Product", "Roadmap"),
    ("finance", "Finance", "Billing"),
    ("support", "Technical Support", "Incidents"),
    ("success", "Customer Success", "Onboarding"),
    ("ops", "Operations", "Fulfilment"),
)
TITLES = ("Director", "Manager", "Head", "Lead", "Vice President")
SERVICES = (
    "Compute",
    "Managed Database",
    "Object Storage",
    "Load Balancer",
    "Message Queue",
    "Content Delivery",
    "Search",
    "Backup",
    "Identity",
    "Monitoring",
    "E-mail Relay",
    "Data Warehouse",
)
ITEMS = (
    "A4 copy paper, 80 g/m², 500 sheets a ream",
    "Toner cartridges, black",
    "Coffee beans, 1 kg bags",
    "Cleaning supplies kit",
    "Bottled water, 19 l",
    "Printer paper, A3, 500 sheets a ream",
    "Safety gloves, box of 100",
)
UNITS = {
    "A4": "reams",
    "Toner": "cartridges",
    "Coffee": "bags",
    "Cleaning": "kits",
    "Bottled": "bottles",
    "Printer": "reams",
    "Safety": "boxes",
}
CITIES = (
    "Jakarta",
    "Bekasi",
    "Bandung",
    "Surabaya",
    "Scranton",
    "Berlin",
    "Lagos",
    "Lisbon",
    "Singapore",
    "Toronto",
)
STREETS = (
    "Jalan Sudirman",
    "Jalan Industri",
    "Slough Avenue",
    "Harbour Road",
    "Main Street",
    "Rua Augusta",
    "Queen Street",
)
ZONES = ("UTC", "Asia/Jakarta", "Europe/Berlin", "America/New_York")
PERIODS = ("day", "week", "month", "quarter")
CHANNELS = ("phone", "e-mail", "support portal", "chat", "CRM task")

# Sentences are assembled from these; a few contain vague terms, as real drafts do.
SUBJECTS = (
    "The provider",
    "Each party",
    "The receiving team",
    "The account manager",
    "The on-call engineer",
    "The service desk",
    "The team lead",
)
ACTIONS = (
    "records every request in the ticketing system",
    "confirms receipt of each hand-off within 1 business hour",
    "publishes the figures of the month on the shared dashboard",
    "keeps the runbook for each service up to date",
    "names a deputy for every contact during leave",
    "reviews the open items with the other parties every Monday",
    "reports each missed target with its cause and a corrective action",
    "answers questions about an invoice within 5 business days",
    "archives every report for 24 months",
    "sends the minutes of each review to every contact within 2 business days",
    "keeps a log of every change to the agreed targets",
)
# Vague wording, as real drafts have now and then (about one sentence in forty).
VAGUE_ACTIONS = (
    "responds promptly to every escalation",
    "uses reasonable efforts to keep the backlog below 20 items",
)
REASONS = (
    "so that the figures can be checked against the CRM",
    "so that both sides plan with the same numbers",
    "as the monthly review relies on it",
    "because the customer's auditors ask for it",
    "to keep the hand-off between the teams visible",
)
METRICS = (
    "Qualified leads delivered",
    "Deals closed",
    "First response to a ticket",
    "Tickets resolved",
    "Customers onboarded",
    "Invoices sent on time",
    "Renewals signed",
    "Demo requests followed up",
    "Churn reasons recorded",
    "Support calls answered",
    "Release notes published",
    "Incident reports written",
)
METRIC_UNITS = ("deals", "tickets", "customers", "invoices", "renewals", "reports")
DURATIONS = (
    "15 minutes",
    "30 minutes",
    "1 hour",
    "2 hours",
    "4 hours",
    "8 hours",
    "1 business hour",
    "4 business hours",
    "1 business day",
    "2 business days",
    "3 business days",
    "5 business days",
)
TIER_TIMES = ("1 hour", "2 hours", "4 hours", "8 hours", "1 day", "2 days", "3 days", "5 days")
RESPONSES = (
    "15 minutes",
    "1 hour",
    "4 business hours",
    "1 business day",
    "2 business days",
    "3 business days",
)
RESOLUTIONS = (
    "4 hours",
    "8 hours",
    "3 business days",
    "5 business days",
    "10 business days",
    "15 business days",
)


class _Writer:
    """YAML text built line by line, with the quoting an agreement needs."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def __call__(self, line: str = "") -> None:
        self.lines.append(line)

    def folded(self, indent: str, key: str, text: str, width: int = 88) -> None:
        """``key: >`` followed by ``text`` wrapped at ``width`` columns."""
        self(f"{indent}{key}: >")
        line = ""
        for word in text.split():
            if line and len(indent) + 2 + len(line) + 1 + len(word) > width:
                self(f"{indent}  {line}")
                line = word
            else:
                line = f"{line} {word}" if line else word
        if line:
            self(f"{indent}  {line}")

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def _q(text: str) -> str:
    """A YAML scalar that stays text: quoted when plain style would change its meaning."""
    if text[:1] in "!&*-?{}[],#|>@`\"'%" or ": " in text or " #" in text or text.endswith(":"):
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return text


def _person(rng: random.Random, used: set[str]) -> tuple[str, str]:
    while True:
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        if name not in used:
            used.add(name)
            return name, name.lower().replace(" ", ".")


def _sentence(rng: random.Random) -> str:
    actions = VAGUE_ACTIONS if rng.random() < 1 / 40 else ACTIONS
    sentence = f"{rng.choice(SUBJECTS)} {actions[rng.randrange(len(actions))]}"
    if rng.random() < 0.4:
        sentence += f", {rng.choice(REASONS)}"
    return sentence + "."


def _prose(rng: random.Random, sentences: int) -> str:
    return " ".join(_sentence(rng) for _ in range(sentences))


def _party(
    w: _Writer,
    rng: random.Random,
    party_id: str,
    name: str,
    role: str,
    domain: str,
    used: set[str],
    contacts: int,
) -> None:
    w(f"  - id: {party_id}")
    w(f"    name: {_q(name)}")
    w(f"    role: {_q(role)}")
    if rng.random() < 0.5:
        w(f"    address: {rng.randint(1, 200)} {rng.choice(STREETS)}, {rng.choice(CITIES)}")
    w("    contacts:")
    for index in range(contacts):
        person, local = _person(rng, used)
        w(f"      - name: {person}")
        w(
            f"        role: {rng.choice(TITLES)} of {name}"
            if index
            else f"        role: {name} {rng.choice(TITLES)}"
        )
        w(f"        email: {local}@{domain}.example")
        if rng.random() < 0.3:
            w(f'        phone: "+62 21 555 {rng.randint(1000, 9999)}"')
    _signers(w, random.Random(f"signers {party_id} {name}"), used)


def _signers(w: _Writer, rng: random.Random, used: set[str]) -> None:
    """Sometimes one or more signatories, with where they sign, and a witness. Drawn from a
    generator of their own, so the rest of an agreement stays what it was."""
    draw = rng.random()
    if draw < 0.4:
        return
    count = 1 if draw < 0.8 else rng.randint(2, 3)
    w("    signatories:")
    for _ in range(count):
        person, _local = _person(rng, used)
        w(f"      - name: {person}")
        w(f"        title: {rng.choice(TITLES)}")
        if rng.random() < 0.7:
            w(f"        place: {rng.choice(CITIES)}")
    if rng.random() < 0.2:
        person, _local = _person(rng, used)
        w(f"    witness: {{name: {person}, title: {rng.choice(TITLES)}}}")


def _frame(
    w: _Writer, rng: random.Random, kind: str, ident: str, title: str, subtitle: str
) -> None:
    year = rng.randint(2026, 2029)
    month = rng.randint(1, 12)
    w("# yaml-language-server: $schema=../docs/sladoc.schema.json")
    w(f"# Generated by bench/generate.py for the benchmarks ({kind}).")
    w("sladoc: 1")
    w(f"kind: {kind}")
    w(f"id: {ident}")
    w(f"title: {_q(title)}")
    w(f"subtitle: {_q(subtitle)}")
    w(f"status: {rng.choice(('draft', 'final'))}")
    w(f'version: "{rng.randint(1, 4)}.{rng.randint(0, 12)}"')
    w(f"effective: {year}-{month:02d}-01")
    if rng.random() < 0.7:
        w(f"term: {rng.choice((6, 12, 18, 24, 36))} months")
        w("review:")
        w(f"  every: {rng.choice(('month', 'quarter', 'year'))}")
        w(f"  mid_term: {year + 1}-{month:02d}-01")
    else:
        w(f"end: {year + 1}-{month:02d}-01")
        w(f"review: {rng.choice(('quarterly', 'monthly', 'quarter'))}")
    w("language: en")
    w()


def _n(rng: random.Random, size: float, low: int, high: int) -> int:
    """A list length between ``low`` and ``high`` that grows with ``size`` (0 to 1)."""
    return low + round((high - low) * size * rng.uniform(0.75, 1.0))


def _definitions(w: _Writer, rng: random.Random, size: float) -> None:
    count = _n(rng, size, 0, 9)
    if not count:
        return
    pool = [
        (
            "Business hour",
            "An hour between 09:00 and 17:00 WIB, Monday to Friday, except public holidays.",
        ),
        ("Business day", "A day from Monday to Friday, except public holidays in Jakarta."),
        ("Incident", "An event that stops a service or a hand-off from working as agreed."),
        (
            "Qualified lead",
            "A contact who requested a demo and works at a company with 20 or more employees.",
        ),
        ("Downtime", "A minute in which more than 5% of requests fail with a server error."),
        ("Hand-off", "The moment a record is assigned to the receiving team in the CRM."),
        ("Report", "A document sent by e-mail and stored in the shared folder."),
        ("Working day", "A business day."),
        ("Escalation", "A request to a more senior contact named in this agreement."),
    ]
    w("definitions:")
    for term, meaning in rng.sample(pool, min(count, len(pool))):
        w(f"  - term: {term}")
        w.folded("    ", "meaning", f"{meaning} {_prose(rng, rng.randint(0, 2))}")


def _goal(w: _Writer, rng: random.Random, indent: str) -> None:
    w(f"{indent}- metric: {rng.choice(METRICS)}")
    if rng.random() < 0.6:
        w(f"{indent}  target: {rng.randint(5, 400)} {rng.choice(METRIC_UNITS)}")
        w(f"{indent}  per: {rng.choice(PERIODS)}")
    else:
        w(f"{indent}  within: {rng.choice(DURATIONS)}")
    if rng.random() < 0.4:
        w(f"{indent}  due: by 17:00 WIB on the last business day of each month")
    if rng.random() < 0.5:
        w(
            f"{indent}  measured_by: Count of records in the CRM, checked by "
            f"{rng.choice(('Finance', 'the account manager', 'both directors'))}"
        )


def _blocks(w: _Writer, rng: random.Random, ids: list[str], size: float) -> None:
    """Goals, requirements, reporting and the remaining building blocks, for any kind."""
    w("goals:")
    for party_id in ids:
        w(f"  {party_id}:")
        for _ in range(_n(rng, size, 1, 6)):
            _goal(w, rng, "    ")
    w("requirements:")
    for party_id in ids:
        w(f"  {party_id}:")
        for _ in range(_n(rng, size, 1, 6)):
            w(f"    - {_sentence(rng)}")
    w("reporting:")
    for _ in range(_n(rng, size, 1, 7)):
        sender = rng.choice(ids)
        receivers = [i for i in ids if i != sender]
        w(f"  - what: {rng.choice(METRICS)} against the goal")
        w(f"    from: {sender}")
        if len(receivers) > 1 and rng.random() < 0.5:
            w(f"    to: [{', '.join(rng.sample(receivers, 2))}]")
        else:
            w(f"    to: {rng.choice(receivers)}")
        w(f"    every: {rng.choice(PERIODS)}")
        if rng.random() < 0.5:
            w(f"    due: by the {rng.randint(2, 5)}th business day of the next period")
    w("if_goals_missed:")
    w("  remedies:")
    for _ in range(_n(rng, size, 1, 5)):
        w(f"    - {_sentence(rng)}")
    steps = _n(rng, size, 0, 3)
    if steps:
        w("  escalation:")
    for step in range(steps):
        w(
            f"    - after: {('one', 'two', 'three')[step]} missed "
            f"{rng.choice(('months', 'weeks', 'reviews'))}"
        )
        w(f"      to: {rng.choice(TITLES)} of {rng.choice(COMPANIES)}")
        w(f"      action: {_sentence(rng)}")
    if rng.random() < size:
        w.folded("  ", "strikes", _prose(rng, rng.randint(1, 3)))
    w("termination:")
    w("  conditions:")
    for _ in range(_n(rng, size, 1, 3)):
        w(f"    - Either party misses its goals {rng.randint(2, 4)} months in a row.")
    w(f"  notice: {rng.choice((30, 60, 90))} days")
    w("unexpected_events:")
    w.folded(
        "  ",
        "text",
        "No party is in breach for a miss caused by events outside its "
        "control, provided it notifies the others and keeps the minimum service below. "
        + _prose(rng, rng.randint(0, 2)),
    )
    w("  events: [Severe weather, Power failure, Loss of a data centre]")
    minimum = _n(rng, size, 0, 3)
    if minimum:
        w("  minimum_service:")
    for _ in range(minimum):
        w(f"    - {_sentence(rng)}")
    w(f"  notify_within: {rng.choice(('1 hour', '2 hours', '1 business day'))}")
    clauses = _n(rng, size, 0, 10)
    if clauses:
        w("clauses:")
        references = random.Random(f"references {clauses} {size}")
        for number in range(clauses):
            w(f"  - id: clause-{number + 1}")
            w(f"    title: Additional clause {number + 1}")
            paragraphs = [_prose(rng, rng.randint(2, 5)) for _ in range(_n(rng, size, 1, 3))]
            if number and references.random() < 0.5:  # a cross-reference, in its own words
                target = references.choice(["overview", "termination", "clause-1"])
                paragraphs[-1] += f" This is subject to [clause:{target}]."
            w("    text: |")
            for index, paragraph in enumerate(paragraphs):
                if index:
                    w()
                w(f"      {paragraph}")
    _furniture(w, random.Random(f"{ids}:{size}"), ids)


def _furniture(w: _Writer, rng: random.Random, ids: list[str]) -> None:
    """Recitals, a clause with a list and a table, and general clauses, for some
    agreements. Drawn from their own generator, so the rest of each agreement is the same
    as before they existed."""
    if rng.random() < 0.4:
        if "clauses:" not in w.lines:  # else the list above goes on
            w("clauses:")
        w("  - title: Security")
        w("    text: |")
        w("      Each party keeps the data it receives **secure**. In particular, it:")
        for _ in range(rng.randint(1, 4)):
            w(f"      - {_sentence(rng)}")
        w()
        w("      | Control | Standard |")
        w("      |---|---|")
        for _ in range(rng.randint(1, 5)):
            w(f"      | {rng.choice(METRICS)} | {rng.choice(('ISO 27001', 'SOC 2', 'AES-256'))} |")
    if rng.random() < 0.5:
        w("recitals:")
        for _ in range(rng.randint(1, 4)):
            w(f"  - {_sentence(rng).rstrip('.')}")
    if rng.random() < 0.5:
        w("general:")
        w(f"  governing_law: {rng.choice(('Singapore', 'the Republic of Indonesia'))}")
        if rng.random() < 0.5:
            w("  disputes: {courts: the courts of Singapore}")
        else:
            w("  disputes: {arbitration: {institution: BANI, seat: Jakarta, arbitrators: 3}}")
        if rng.random() < 0.7:
            w(f"  liability: {{cap: {rng.choice((3, 6, 12))} months' fees, not_capped: [fraud]}}")
        if rng.random() < 0.3:
            w("  master_agreement: {title: Master Services Agreement, dated: 2026-01-15}")
        if rng.random() < 0.3:
            w("  notices: false")
        w(f"  counterparts: {rng.choice(('true', 'false'))}")


def _internal(rng: random.Random, ident: str, size: float) -> str:
    w, used = _Writer(), set()
    company = rng.choice(COMPANIES)
    domain = company.lower().replace(" ", "")
    first, second = rng.sample(TEAMS, 2)
    _frame(
        w, rng, "internal", ident, f"{first[1]} and {second[1]} Service Level Agreement", company
    )
    w("parties:")
    for team in (first, second):
        _party(w, rng, team[0], team[1], team[2], domain, used, rng.randint(1, 3))
    w()
    w.folded(
        "",
        "overview",
        f"{first[1]} delivers qualified leads to {second[1]} every month. "
        + _prose(rng, rng.randint(2, 5)),
    )
    _definitions(w, rng, size)
    quota = rng.randint(5, 200) * 1000
    deal = rng.choice((100, 250, 500, 1000, 2500))
    w("funnel:")
    w(f"  sales_quota: {quota} USD")
    w(f"  period: {rng.choice(('month', 'quarter'))}")
    w(f"  marketing_share: {rng.randint(20, 100)}%")
    w(f"  average_deal: {deal} USD")
    w(f"  close_rate: {rng.randint(5, 60)}%")
    w("follow_up:")
    speed = rng.choice(("1 business hour", "2 business hours", "30 minutes"))
    w(f"  first_attempt_within: {speed}")
    w(f"  attempts: {rng.randint(3, 9)}")
    w(f"  over: {rng.randint(5, 15)} business days")
    w(f"  channels: [{', '.join(rng.sample(CHANNELS, 2))}]")
    w("  automated:")
    w("    - The first e-mail, sent from the CRM within 5 minutes of the hand-off")
    w(f"  leads_per_rep: {rng.randint(10, 60)}")
    w("  per: month")
    tiers = _n(rng, size, 0, 3)
    if tiers:
        w("lead_tiers:")
    for tier in ("Executive decision maker", "Manager", "Practitioner")[:tiers]:
        w(f"  - name: {tier}")
        w(f"    description: {tier} at a company with {rng.randint(2, 50) * 10} or more staff.")
        w(f"    target: {rng.randint(5, 120)} leads")
        w("    per: month")
        w(f"    value: {rng.randint(1, 40) * 10} USD")
    _blocks(w, rng, [first[0], second[0]], size)
    return w.text()


def _tiered(rng: random.Random, ident: str, size: float) -> str:
    w, used = _Writer(), set()
    company = rng.choice(COMPANIES)
    domain = company.lower().replace(" ", "")
    teams = rng.sample(TEAMS, _n(rng, size, 3, 5))
    names = ", ".join(t[1] for t in teams[:-1]) + f" and {teams[-1][1]}"
    _frame(w, rng, "tiered", ident, "Multi-Level Service Level Agreement", f"{names} at {company}")
    w(f"end_user: {company} customers")
    w("parties:")
    for team in teams:
        _party(w, rng, team[0], team[1], team[2], domain, used, rng.randint(1, 2))
    w()
    w.folded(
        "",
        "overview",
        f"{names} together serve the customers of {company}. " + _prose(rng, rng.randint(2, 5)),
    )
    _definitions(w, rng, size)
    ids = [t[0] for t in teams]
    w("obligations:")
    links = list(zip(ids, ids[1:] + ["end_user"], strict=True))
    links += [
        (rng.choice(ids), rng.choice(ids[1:] + ["end_user"])) for _ in range(_n(rng, size, 0, 8))
    ]
    for sender, receiver in links:
        w(f"  - from: {sender}")
        w(f"    to: {receiver if receiver != sender else 'end_user'}")
        w(f"    provides: {rng.choice(METRICS)} with the records the receiver needs")
        if rng.random() < 0.5:
            w(f"    target: {rng.randint(1, 300)} {rng.choice(METRIC_UNITS)}")
            w(f"    per: {rng.choice(PERIODS)}")
        else:
            w(f"    within: {rng.choice(DURATIONS)}")
    metrics = (
        "first response",
        "onboarding call",
        "check-ins per year",
        "resolution",
        "account review",
    )[: _n(rng, size, 1, 5)]
    tiers = _n(rng, size, 0, 4)
    if tiers:
        w("service_tiers:")
    # each tier better than the one before: faster times, more check-ins
    starts = {metric: rng.randint(tiers, len(TIER_TIMES)) for metric in metrics}
    for number, tier in enumerate(("Bronze", "Silver", "Gold", "Platinum")[:tiers]):
        w(f"  - name: {tier}")
        w(f"    description: {tier} customers")
        w("    targets:")
        for metric in metrics:
            value = (
                f"{2**number} check-ins"
                if "check-ins" in metric
                else TIER_TIMES[starts[metric] - number - 1]
            )
            w(f"      {metric}: {value}")
    _blocks(w, rng, ids, size)
    return w.text()


def _customer(rng: random.Random, ident: str, size: float, index: int) -> str:
    w, used = _Writer(), set()
    customer = rng.choice(COMPANIES)
    # every third customer agreement is a supplier of goods, every third both
    variant = (index // 3) % 3
    provider = rng.choice(SUPPLIERS if variant == 1 else PROVIDERS)
    _frame(
        w,
        rng,
        "customer",
        ident,
        f"{'Supply' if variant == 1 else 'Service'} Level Agreement",
        f"{provider} and {customer}",
    )
    w("provider: provider")
    w("customer: customer")
    w("parties:")
    _party(
        w,
        rng,
        "provider",
        provider,
        "Provider",
        provider.lower().replace(" ", "").replace(".", ""),
        used,
        rng.randint(1, 3),
    )
    _party(
        w,
        rng,
        "customer",
        customer,
        "Customer",
        customer.lower().replace(" ", ""),
        used,
        rng.randint(1, 2),
    )
    w()
    w.folded("", "overview", f"{provider} serves {customer}. " + _prose(rng, rng.randint(2, 5)))
    _definitions(w, rng, size)
    target = rng.choice(("99.5%", "99.9%", "99.95%", "99.99%"))
    window = rng.choice(("calendar month", "billing month", "quarter"))
    if variant != 1:
        w("services:")
        for name in rng.sample(SERVICES, _n(rng, size, 1, 10)):
            w(f"  - name: {name}")
            w(f"    description: {name} for the production systems of {customer}.")
            w("    availability:")
            w(f"      target: {target}")
            w(f"      window: {window}")
            w(f"      time_zone: {rng.choice(ZONES)}")
            w("      measured_by: External probes from three regions every 60 seconds.")
    if variant != 0:
        w("deliveries:")
        for item in rng.sample(ITEMS, _n(rng, size, 1, 5)):
            w(f"  - item: {item}")
            w(f"    quantity: {rng.randint(5, 200)} {UNITS[item.split()[0]]}")
            w(f"    per: {rng.choice(('week', 'month'))}")
            w("    schedule: every Monday between 08:00 and 12:00")
            w("    addresses:")
            for _ in range(rng.randint(1, 3)):
                w(
                    f"      - {customer} office, {rng.choice(STREETS)} {rng.randint(1, 99)}, "
                    f"{rng.choice(CITIES)}"
                )
            w(f"    delivered_by: {_person(rng, used)[0]}, Warehouse Foreman")
            w(f"    confirmation_to: {_person(rng, used)[0]}, Office Manager")
            w(f"    confirmation_within: {rng.choice(('1 hour', '2 hours', '4 hours'))}")
    w("support:")
    w("  hours: Monday to Friday 08:00-18:00 WIB; 24x7 for Severity 1")
    w(f"  time_zone: {rng.choice(ZONES)}")
    w(f"  channels: [{', '.join(rng.sample(CHANNELS, 2))}]")
    w("  severities:")
    names = ("Critical", "High", "Medium", "Low", "Question", "Request")
    for level in range(1, _n(rng, size, 2, 6) + 1):
        w(f"    - level: {level}")
        w(f"      name: {names[level - 1]}")
        w(f"      description: {_sentence(rng)}")
        w(f"      response: {RESPONSES[level - 1]}")
        w(f"      resolution: {RESOLUTIONS[level - 1]}")
        w(f"      clock: {'calendar' if level <= 2 else 'business'}")
    w("service_credits:")
    w("  basis: the monthly fee of the affected service")
    w(f"  window: {window}")
    w("  bands:")
    # every target above is above 99%, so the first band is never empty
    for below, at_least, credit in (
        (target, "99.0%", 10),
        ("99.0%", "95.0%", 25),
        ("95.0%", None, 100),
    ):
        w(f"    - below: {below}")
        if at_least is not None:
            w(f"      at_least: {at_least}")
        w(f"      credit: {credit}%")
    w("  maximum: 100%")
    exclusions = _n(rng, size, 0, 4)
    if exclusions:
        w("exclusions:")
    for _ in range(exclusions):
        w(f"  - {_sentence(rng)}")
    if size < 0.2:  # the smallest contracts leave maintenance and claims out
        _blocks(w, rng, ["provider", "customer"], size)
        return w.text()
    w("maintenance:")
    w("  window: Sundays 01:00-05:00 WIB")
    w(f"  notice: {rng.randint(2, 10)} business days")
    w("  max_per_month: 4 hours")
    w("  counts_as_downtime: false")
    w("claims:")
    w(f"  deadline: {rng.choice((10, 30, 60))} days")
    w("  after: the end of the month in which the downtime occurred")
    w("  evidence:")
    w("    - The affected service and the dates and times of the downtime")
    w(f"  submit_to: the support portal of {provider}")
    _blocks(w, rng, ["provider", "customer"], size)
    return w.text()


def agreement(seed: int, index: int) -> tuple[str, str]:
    """(file name, YAML text) of agreement ``index``: a function of ``seed`` and ``index``."""
    rng = random.Random(f"sladoc-bench:{seed}:{index}")
    kind = KINDS[index % 3]
    ident = f"bench-{index:05d}-{kind}"
    # 0: 4 pages (cover, body, signatures), 1: about 10; skewed to the smaller ones, as
    # most agreements are (the examples in agreements/ are 5 pages)
    size = rng.random() ** 1.5
    if kind == "internal":
        text = _internal(rng, ident, size)
    elif kind == "tiered":
        text = _tiered(rng, ident, size)
    else:
        text = _customer(rng, ident, size, index // 3)
    return f"{ident}.yaml", text


def generate(out: Path, count: int, seed: int = 6) -> list[Path]:
    """Write ``count`` agreements into ``out``; returns their paths, in order."""
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        name, text = agreement(seed, index)
        path = out / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="folder to write the agreements into")
    parser.add_argument("--count", type=int, default=500)
    parser.add_argument("--seed", type=int, default=6)
    args = parser.parse_args(argv)
    paths = generate(args.out, args.count, args.seed)
    print(f"wrote {len(paths)} agreements to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
