"""Agreement -> document tree. The structure of a contract lives here; its words live in the
templates' wording files; its look lives in the writers' templates.

Every document has the same spine, in a fixed order: preamble, the six building blocks
(overview, goals, requirements, points of contact, if goals are not met, termination), the
unexpected-events clause, additional clauses, and signatures for every party. Each kind adds
its own parts: the two-column layout and funnel of an internal agreement, the levels and
who-provides-what table of a tiered one, availability, support, credits and deliveries of a
customer one.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from decimal import Decimal

from sladoc.agreement import sla_math
from sladoc.agreement.model import (
    Agreement,
    CustomerAgreement,
    Goal,
    InternalAgreement,
    Party,
    Term,
    TieredAgreement,
)
from sladoc.agreement.values import Duration, Money, format_money, format_number, format_percent
from sladoc.document.templateset import TemplateSet, Wording
from sladoc.document.tree import (
    Block,
    BulletList,
    ColumnRow,
    Columns,
    Document,
    DocumentInfo,
    Heading,
    Inline,
    Paragraph,
    Run,
    Signatures,
    Signer,
    Table,
    inline,
)
from sladoc.errors import TemplateError

_WINDOW_PERIOD = {
    "calendar month": "month",
    "billing month": "month",
    "quarter": "quarter",
    "year": "year",
}


def compose(
    agreement: Agreement, templates: TemplateSet, properties: tuple[tuple[str, str], ...] = ()
) -> Document:
    """The document tree of ``agreement``, worded from the ``templates`` folder."""
    words = templates.wording(agreement.kind, agreement.language)
    writer = _Composer(agreement, words)
    info = DocumentInfo(
        title=agreement.title,
        subtitle=agreement.subtitle or "",
        version=agreement.version,
        status=agreement.status,
        date=agreement.effective.isoformat(),
        language=agreement.language,
        labels=words.labels(),
        properties=properties,
    )
    return Document(info=info, blocks=tuple(writer.blocks()))


def _cell(text: str) -> Inline:
    return inline(text)


def _para(text: str, style: str = "body") -> Paragraph:
    return Paragraph(inline(text), style)  # type: ignore[arg-type]


def _paragraphs(text: str, style: str = "body") -> list[Paragraph]:
    """Prose as written: a blank line starts a new paragraph."""
    return [_para(" ".join(chunk.split()), style) for chunk in text.split("\n\n") if chunk.strip()]


def _bullets(items: Iterable[str]) -> BulletList:
    return BulletList(tuple(inline(item) for item in items))


def _table(
    header: list[str], rows: Iterable[Iterable[str]], widths=None, numeric: tuple[int, ...] = ()
) -> Table:
    return Table(
        tuple(header),
        tuple(tuple(_cell(c) for c in row) for row in rows),
        widths=tuple(widths) if widths else None,
        numeric=numeric,
    )


class _Composer:
    def __init__(self, agreement: Agreement, words: Wording) -> None:
        self.a = agreement
        self.w = words
        self.language = agreement.language

    # --- formatting of values -------------------------------------------------------------

    def money(self, value: Money) -> str:
        return format_money(value, self.language)

    def percent(self, value: Decimal) -> str:
        return format_percent(value, self.language)

    def duration(self, value: Duration | None) -> str:
        return value.describe(self.language) if value is not None else ""

    def date(self, value: date) -> str:
        """Dates as people read them in a contract (1 January 2027): no locale, no clock."""
        months = self.w.list("months")
        return self.w("date_format", day=value.day, month=months[value.month - 1], year=value.year)

    def join(self, items: list[str]) -> str:
        if len(items) <= 1:
            return "".join(items)
        return f"{', '.join(items[:-1])} {self.w('and')} {items[-1]}"

    def period(self, period: str) -> str:
        return self.w.mapping("periods")[period]

    def window(self, window: str | None) -> str:
        return self.w.mapping("windows")[window] if window else ""

    def term(self, term: Term) -> str:
        singular, plural = self.w.mapping("term_units")[term.unit]
        return f"{term.count} {singular if term.count == 1 else plural}"

    def party_name(self, party_id: str) -> str:
        if party_id == "end_user" and isinstance(self.a, TieredAgreement):
            return self.a.end_user
        return self.a.party(party_id).name

    def goal_text(self, goal: Goal) -> str:
        return self.w(
            "goal",
            metric=goal.metric,
            target=goal.target.text if goal.target else "",
            per=self.period(goal.per) if goal.per else "",
            within=self.duration(goal.within),
            due=goal.due or "",
            measured_by=(goal.measured_by or "").rstrip("."),
        )

    def goals_of(self, party: Party) -> list[str]:
        return [self.goal_text(goal) for goal in self.a.goals.get(party.id, [])]

    # --- the spine ------------------------------------------------------------------------

    def blocks(self) -> Iterator[Block]:
        a, w = self.a, self.w
        names = [f"{p.name}{f' ({p.role})' if p.role else ''}" for p in a.parties]
        yield _para(
            w(
                "preamble",
                kind_name=w("kind_name"),
                parties=self.join(names),
                effective=self.date(a.effective),
                term=self.term(a.term) if a.term else "",
                end=self.date(a.end) if a.end else "",
            ),
            "lead",
        )
        yield from self.overview()
        yield Heading(1, w("heading_goals"))
        yield from self.goals()
        yield Heading(1, w("heading_requirements"))
        yield from self.requirements()
        yield Heading(1, w("heading_contacts"))
        yield from self.contacts()
        yield Heading(1, w("heading_missed"))
        yield from self.if_missed()
        yield Heading(1, w("heading_termination"))
        yield from self.termination()
        yield Heading(1, w("heading_unexpected"))
        yield from self.unexpected()
        if a.clauses:
            yield Heading(1, w("heading_clauses"))
            for clause in a.clauses:
                yield Heading(2, clause.title)
                yield from _paragraphs(clause.text, "clause")
        yield Heading(1, w("heading_signatures"))
        yield _para(w("signatures_intro"))
        yield Signatures(tuple(Signer(p.name, p.signer.name, p.signer.title) for p in a.parties))

    def overview(self) -> Iterator[Block]:
        a, w = self.a, self.w
        yield Heading(1, w("heading_overview"))
        yield from _paragraphs(a.overview)
        if isinstance(a, TieredAgreement):
            yield _para(w("end_user_line", end_user=a.end_user))
        if isinstance(a, CustomerAgreement):
            yield _para(
                w(
                    "provider_line",
                    provider=self.party_name(a.provider),
                    customer=self.party_name(a.customer),
                )
            )
        yield Heading(2, w("heading_parties"))
        rows = []
        for party in a.parties:
            contact = party.contacts[0]
            name = (
                w("party_address", name=party.name, address=party.address)
                if party.address
                else party.name
            )
            rows.append(
                [
                    name,
                    party.role or w("party_role_default"),
                    w(
                        "contact_line",
                        name=contact.name,
                        role=contact.role,
                        email=contact.email,
                        phone=contact.phone or "",
                    ),
                ]
            )
        yield _table(w.list("parties_header"), rows, widths=(2, 2, 5))
        yield Heading(2, w("heading_key_dates"))
        facts = [[w("effective_label"), self.date(a.effective)]]
        facts.append(
            [w("term_label"), self.term(a.term)] if a.term else [w("end_label"), self.date(a.end)]
        )
        if a.review:
            facts.append(
                [
                    w("review_label"),
                    w(
                        "review_every",
                        period=self.period(a.review.every),
                        at_expiry=a.review.at_expiry,
                    ),
                ]
            )
            if a.review.mid_term:
                facts.append([w("mid_term_label"), self.date(a.review.mid_term)])
        facts.append([w.labels()["version"], a.version])
        yield _table(w.list("key_dates_header"), facts, widths=(2, 5))
        if a.definitions:
            yield Heading(2, w("heading_definitions"))
            yield _table(
                w.list("definitions_header"),
                [[d.term, " ".join(d.meaning.split())] for d in a.definitions],
                widths=(2, 5),
            )

    def goals(self) -> Iterator[Block]:
        a = self.a
        if isinstance(a, InternalAgreement):
            yield from self.internal_goals(a)
        elif isinstance(a, TieredAgreement):
            yield from self.tiered_goals(a)
        elif isinstance(a, CustomerAgreement):
            yield from self.customer_goals(a)

    def requirements(self) -> Iterator[Block]:
        a, w = self.a, self.w
        if isinstance(a, InternalAgreement):
            yield Columns(
                tuple(p.name for p in a.parties),
                (
                    ColumnRow(
                        w("column_requirements"),
                        tuple(
                            self._list_or_note(a.requirements.get(p.id, []), "no_requirements")
                            for p in a.parties
                        ),
                    ),
                ),
            )
            return
        for party in a.parties:
            yield Heading(2, party.name)
            yield self._list_or_note(a.requirements.get(party.id, []), "no_requirements")[0]

    def _list_or_note(self, items: list[str], empty_key: str) -> tuple[Block, ...]:
        if items:
            return (_bullets(items),)
        return (_para(self.w(empty_key), "note"),)

    def contacts(self) -> Iterator[Block]:
        a, w = self.a, self.w
        rows = [
            [party.name, c.name, c.role, c.email] for party in a.parties for c in party.contacts
        ]
        yield _table(w.list("contacts_header"), rows, widths=(3, 3, 3, 5))
        if a.reporting:
            yield Heading(2, w("heading_reporting"))
            yield _para(w("reporting_intro"))
            rows = [
                [
                    r.what,
                    self.party_name(r.from_),
                    self.join([self.party_name(t) for t in r.to]),
                    w("reporting_every", period=self.period(r.every)),
                    w("reporting_due", due=r.due or "", via=r.via or ""),
                ]
                for r in a.reporting
            ]
            yield _table(w.list("reporting_header"), rows, widths=(4, 2, 2, 2, 3))

    def if_missed(self) -> Iterator[Block]:
        a, w = self.a, self.w
        if isinstance(a, CustomerAgreement):
            yield from self.credits(a)
        missed = a.if_goals_missed
        if missed is None:
            return
        yield _para(w("remedies_intro"))
        yield _bullets(missed.remedies)
        if missed.escalation:
            yield Heading(2, w("heading_escalation"))
            yield _table(
                w.list("escalation_header"),
                [[e.after, e.to, e.action] for e in missed.escalation],
                widths=(2, 2, 4),
            )
        if missed.strikes:
            yield Paragraph(
                inline(Run(w("strikes_label") + " ", bold=True), " ".join(missed.strikes.split()))
            )
        if missed.recovery:
            yield Paragraph(
                inline(Run(w("recovery_label") + " ", bold=True), " ".join(missed.recovery.split()))
            )

    def termination(self) -> Iterator[Block]:
        term, w = self.a.termination, self.w
        if term is None:
            return
        yield _para(w("termination_intro"))
        yield _bullets(term.conditions)
        if term.notice:
            yield _para(w("termination_notice", notice=self.duration(term.notice)))

    def unexpected(self) -> Iterator[Block]:
        clause, w = self.a.unexpected_events, self.w
        if clause is None:
            return
        yield from _paragraphs(clause.text, "clause")
        if clause.events:
            yield _para(w("unexpected_events_list"))
            yield _bullets(clause.events)
        if clause.minimum_service:
            yield _para(w("minimum_service_intro"))
            yield _bullets(clause.minimum_service)
        if clause.notify_within:
            yield _para(w("notify_within", within=self.duration(clause.notify_within)))

    # --- internal ---------------------------------------------------------------------------

    def internal_goals(self, a: InternalAgreement) -> Iterator[Block]:
        w, f = self.w, a.funnel
        math = f.math
        yield Heading(2, w("heading_funnel"))
        yield _para(
            w(
                "funnel_intro",
                quota=self.money(f.sales_quota),
                period=self.period(f.period),
                share=self.percent(f.marketing_share),
                deal=self.money(f.average_deal),
                close_rate=self.percent(f.close_rate),
            )
        )
        steps = w.list("funnel_steps")
        if len(steps) != 3:
            raise TemplateError(
                "the wording's `funnel_steps` must name exactly 3 steps "
                "(revenue from marketing, customers, leads)"
            )
        working = math.steps(self.language)
        results = [
            self.money(Money(math.marketing_revenue, f.sales_quota.currency)),
            format_number(Decimal(math.customers_needed), self.language),
            format_number(Decimal(math.leads_needed), self.language),
        ]
        yield _table(
            w.list("funnel_header"),
            zip(steps, working, results, strict=True),
            widths=(3, 4, 2),
            numeric=(2,),
        )
        if f.period == "month":
            per_day = sla_math.goal_line(Decimal(math.leads_needed), 30)[0]
            # format_number rounds with room for every digit; quantize() alone fails past
            # 28 digits (a close rate of 0.0...1% needs that many leads)
            yield _para(
                w(
                    "funnel_goal_line",
                    per_day=format_number(per_day, self.language, places=1),
                    goal=format_number(Decimal(math.leads_needed), self.language),
                ),
                "note",
            )
        rows = [
            ColumnRow(
                w("column_goals"),
                tuple(self._list_or_note(self.goals_of(p), "no_goals") for p in a.parties),
            )
        ]
        sends = [
            [
                w(
                    "commitment_report",
                    what=r.what,
                    period=self.period(r.every),
                    to=self.join([self.party_name(t) for t in r.to]),
                )
                for r in a.reporting
                if r.from_ == p.id
            ]
            for p in a.parties
        ]
        if any(sends):
            rows.append(
                ColumnRow(
                    w("column_commitments"),
                    tuple(self._list_or_note(items, "no_commitments") for items in sends),
                )
            )
        rows.append(
            ColumnRow(
                w("column_accountability"),
                tuple(
                    (
                        _para(
                            w(
                                "contact_line",
                                name=p.contacts[0].name,
                                role=p.contacts[0].role,
                                email=p.contacts[0].email,
                                phone=p.contacts[0].phone or "",
                            )
                        ),
                    )
                    for p in a.parties
                ),
            )
        )
        yield Columns(tuple(p.name for p in a.parties), tuple(rows))
        yield Heading(2, w("heading_follow_up"))
        fu = a.follow_up
        lines = [
            w("follow_up_speed", within=self.duration(fu.first_attempt_within)),
            w("follow_up_depth", attempts=fu.attempts, over=self.duration(fu.over)),
        ]
        if fu.channels:
            lines.append(w("follow_up_channels", channels=self.join(fu.channels)))
        if fu.automated:
            lines.append(w("follow_up_automated", items="; ".join(fu.automated)))
        if fu.leads_per_rep:
            lines.append(
                w(
                    "follow_up_capacity",
                    leads=fu.leads_per_rep,
                    per=self.period(fu.per) if fu.per else "",
                )
            )
        yield _bullets(lines)
        if a.lead_tiers:
            yield Heading(2, w("heading_lead_tiers"))
            rows = []
            for tier in a.lead_tiers:
                goal = w(
                    "tier_goal",
                    target=tier.target.text if tier.target else "",
                    per=self.period(tier.per) if tier.per else "",
                )
                rows.append(
                    [
                        tier.name,
                        tier.description or "",
                        goal,
                        self.money(tier.value) if tier.value else "",
                    ]
                )
            yield _table(w.list("lead_tiers_header"), rows, widths=(2, 4, 2, 2), numeric=(3,))

    # --- tiered -----------------------------------------------------------------------------

    def tiered_goals(self, a: TieredAgreement) -> Iterator[Block]:
        w = self.w
        for number, party in enumerate(a.parties, start=1):
            yield Heading(2, w("level_heading", number=number, party=party.name))
            yield self._list_or_note(self.goals_of(party), "no_goals")[0]
        yield Heading(2, w("heading_chain"))
        rows = []
        for ob in a.obligations:
            timing = [
                ob.target.text if ob.target else "",
                w("chain_per", period=self.period(ob.per)) if ob.per else "",
                w("chain_within", within=self.duration(ob.within)) if ob.within else "",
                ob.due or "",
            ]
            rows.append(
                [
                    self.party_name(ob.from_),
                    self.party_name(ob.to),
                    ob.provides,
                    timing[0],
                    " ".join(t for t in timing[1:] if t),
                ]
            )
        yield _table(w.list("chain_header"), rows, widths=(2, 2, 4, 2, 2))
        if a.service_tiers:
            yield Heading(2, w("heading_tiers"))
            metrics: list[str] = []
            for tier in a.service_tiers:
                metrics.extend(m for m in tier.targets if m not in metrics)
            header = [w("tiers_header_first")] + [t.name for t in a.service_tiers]
            rows = [
                [metric]
                + [t.targets[metric].text if metric in t.targets else "-" for t in a.service_tiers]
                for metric in metrics
            ]
            if any(t.description for t in a.service_tiers):
                rows.insert(
                    0, [w("tiers_description")] + [t.description or "-" for t in a.service_tiers]
                )
            if any(t.price for t in a.service_tiers):
                rows.append(
                    [w("tiers_price")]
                    + [self.money(t.price) if t.price else "-" for t in a.service_tiers]
                )
            yield _table(header, rows)

    # --- customer ---------------------------------------------------------------------------

    def customer_goals(self, a: CustomerAgreement) -> Iterator[Block]:
        w = self.w
        for party in a.parties:
            goals = self.goals_of(party)
            if goals:
                yield Heading(2, party.name)
                yield _bullets(goals)
        if a.services:
            yield Heading(2, w("heading_services"))
            rows = []
            notes = []
            for service in a.services:
                av = service.availability
                if service.description:
                    notes.append(
                        w(
                            "service_description",
                            service=service.name,
                            description=service.description,
                        )
                    )
                if av is None:
                    rows.append([service.name, w("no_availability"), "", "", ""])
                    continue
                rows.append(
                    [
                        service.name,
                        self.percent(av.target),
                        w(
                            "availability_window",
                            window=self.window(av.window),
                            time_zone=av.time_zone or "",
                        ),
                        sla_math.format_duration(av.budget("month"), language=self.language),
                        sla_math.format_duration(av.budget("year"), language=self.language),
                    ]
                )
                if av.measured_by:
                    notes.append(w("measured_by", service=service.name, how=av.measured_by))
            yield _table(
                w.list("availability_header"), rows, widths=(3, 2, 3, 3, 3), numeric=(1, 3, 4)
            )
            convention = sla_math.DEFAULT
            yield _para(
                w(
                    "availability_convention",
                    year_days=format_number(convention.year_days, self.language),
                    month_days=format_number(
                        sla_math.period_seconds("month") / 86400, self.language
                    ),
                ),
                "note",
            )
            if notes:
                yield _bullets(notes)
        if a.deliveries:
            yield Heading(2, w("heading_deliveries"))
            rows = [
                [
                    d.item,
                    w("delivery_quantity", quantity=d.quantity.text, period=self.period(d.per)),
                    d.schedule,
                    "; ".join(d.addresses),
                    d.delivered_by,
                    w(
                        "delivery_confirmation",
                        to=d.confirmation_to,
                        within=self.duration(d.confirmation_within),
                    ),
                ]
                for d in a.deliveries
            ]
            yield _table(w.list("deliveries_header"), rows, widths=(3, 2, 3, 4, 2, 3))
        if a.support:
            yield Heading(2, w("heading_support"))
            s = a.support
            if s.hours:
                yield _para(w("support_hours", hours=s.hours, time_zone=s.time_zone or ""))
            if s.channels:
                yield _para(w("support_channels", channels=self.join(s.channels)))
            rows = [
                [
                    w("severity_name", level=v.level, name=v.name),
                    v.description,
                    self.duration(v.response),
                    self.duration(v.resolution) if v.resolution else w("no_resolution"),
                    w(f"clock_{v.clock}") if v.clock else w("clock_unstated"),
                ]
                for v in sorted(s.severities, key=lambda v: v.level)
            ]
            yield _table(w.list("support_header"), rows, widths=(2, 4, 2, 2, 2))
        if a.exclusions:
            yield Heading(2, w("heading_exclusions"))
            yield _para(w("exclusions_intro"))
            yield _bullets(a.exclusions)
        if a.maintenance:
            m = a.maintenance
            yield Heading(2, w("heading_maintenance"))
            lines = [
                w("maintenance_window", window=m.window),
                w("maintenance_notice", notice=self.duration(m.notice)),
            ]
            if m.max_per_month:
                lines.append(w("maintenance_max", hours=self.duration(m.max_per_month)))
            lines.append(w("maintenance_counts", counts=m.counts_as_downtime))
            yield _bullets(lines)

    def credits(self, a: CustomerAgreement) -> Iterator[Block]:
        w = self.w
        sc = a.service_credits
        if sc is not None:
            yield Heading(2, w("heading_credits"))
            window = sc.window or next(
                (
                    s.availability.window
                    for s in a.services
                    if s.availability and s.availability.window
                ),
                None,
            )
            # No window anywhere: credits are counted per month, in the period's own word.
            yield _para(
                w(
                    "credits_intro",
                    basis=sc.basis,
                    window=self.window(window) if window else self.period("month"),
                )
            )
            rows = [
                [
                    w(
                        "credit_band",
                        below=self.percent(b.below),
                        at_least=self.percent(b.at_least) if b.at_least is not None else "",
                    ),
                    self.percent(b.credit),
                ]
                for b in sc.bands
            ]
            yield _table(w.list("credits_header"), rows, widths=(4, 2), numeric=(1,))
            if sc.maximum is not None:
                yield _para(w("credits_maximum", maximum=self.percent(sc.maximum), basis=sc.basis))
        if a.claims:
            c = a.claims
            yield Heading(2, w("heading_claims"))
            yield _para(
                w(
                    "claims_deadline",
                    deadline=self.duration(c.deadline),
                    after=c.after or w("claims_after_default"),
                    submit_to=c.submit_to,
                )
            )
            if c.evidence:
                yield _para(w("claims_evidence"))
                yield _bullets(c.evidence)
