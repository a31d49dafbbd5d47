"""The ``bullets`` layout of a customer agreement (the guide's fourth, as in a carrier's public
small-business SLA): every commitment a short bullet, complete and exact on its own, grouped
under short sub-headings where the formal layout has a table.

The sections here stand in for the formal ones they replace (``bullets_goals`` for
``goals``, ...: :attr:`sladoc.agreement.layout.Place.answers`), so that a cross-reference
names them as it names those; the sections whose formal wording is already
one commitment a bullet (exclusions, the responsibilities of the parties) and the
contract's frame (preamble, overview with the definitions, unexpected events, additional
and general clauses, signatures) are the formal layout's own. The data
and its figures are the customer sections' (:mod:`..customer`): the same targets, the same
allowances of Downtime from :mod:`sladoc.agreement.sla_math`, the same credits.

May import: :mod:`sladoc.agreement`, :mod:`sladoc.document.tree`,
:mod:`sladoc.document.templateset`, :mod:`sladoc.errors`, :mod:`sladoc.language`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from sladoc.agreement.model import (
    Agreement,
    CustomerAgreement,
    Delivery,
    Level,
    ServiceCredits,
    Severity,
    Support,
)
from sladoc.agreement.values import Duration
from sladoc.document.compose.common import KindSections, bullets, paragraph
from sladoc.document.compose.customer import CustomerSections
from sladoc.document.tree import Block, BulletList, Heading, Run, inline

Kind = KindSections[Agreement]


def listed(items: Iterable[str]) -> BulletList:
    """Bullets as the layout writes them: each one's label, the words before its first
    colon ("Deadline:", "Severity 1 (Critical):"), in bold, so that a reader finds the
    commitment they look for at a glance."""
    rows = []
    for item in items:
        label, colon, rest = item.partition(": ")
        rows.append(inline(Run(label + ":", bold=True), " " + rest) if colon else inline(item))
    return BulletList(tuple(rows))


def goals(kind: Kind) -> Iterator[Block]:
    """Services and service levels: each party's goals, what the services are, each
    service's availability (per plan, with the plan's price), how it is measured, and the
    deliveries."""
    said = _Bullets(kind)
    for party in said.agreement.parties:
        committed = said.kind.goals_of(party)
        if committed:
            yield Heading(2, party.name)
            yield listed(committed)
    yield from said.services()
    yield from said.deliveries()


def support(kind: Kind) -> Iterator[Block]:
    """Support hours and channels, the severity levels, and the first response and
    resolution of each; per plan when the plans' support differs."""
    said = _Bullets(kind)
    distinct = said.kind.differing("support")
    for level, held in distinct:
        assert isinstance(held, Support)
        nested = len(distinct) > 1 and level.plan is not None
        if nested:
            assert level.plan is not None
            yield Heading(2, said("plan_heading", plan=level.plan.name))
        yield from said.support(held, nested)


def if_goals_missed(kind: Kind) -> Iterator[Block]:
    """Service credits (each band, each event, each cap), how to claim one, the remedies and
    the escalation."""
    said = _Bullets(kind)
    yield from said.credits()
    yield from said.claims()
    yield from said.remedies()


def maintenance(kind: Kind) -> Iterator[Block]:
    """The window or how maintenance is announced, its notice, its limit, whether it counts
    as Downtime, and emergency maintenance: its notice and whether it counts."""
    said = _Bullets(kind)
    chosen = said.agreement.maintenance
    if chosen is None:
        return
    words = said.words
    items = []
    if chosen.window:
        items.append(said("maintenance_window", window=chosen.window.rstrip(".")))
    items.append(
        said(
            "maintenance_notice",
            notice=words.duration(chosen.notice),
            via=words.join(chosen.announced_via),
            fixed=chosen.window is not None,
        )
    )
    if chosen.max_per_month:
        items.append(said("maintenance_max_bullet", hours=words.duration(chosen.max_per_month)))
    items.append(said("maintenance_counts_bullet", counts=chosen.counts_as_downtime))
    emergency = chosen.emergency
    if emergency is not None:
        items.append(said("maintenance_emergency_bullet", notice=words.duration(emergency.notice)))
        items.append(
            said("maintenance_emergency_counts_bullet", counts=emergency.counts_as_downtime)
        )
    yield listed(items)


def contacts(kind: Kind) -> Iterator[Block]:
    """Each party's points of contact, then each report: what, from whom, to whom, how
    often and when."""
    said = _Bullets(kind)
    agreement = said.agreement
    yield Heading(2, said("heading_points_of_contact"))
    yield listed(
        said("contact_bullet", party=party.name, contact=said.words.contact(contact))
        for party in agreement.parties
        for contact in party.contacts
    )
    if agreement.reporting:
        yield Heading(2, said("heading_reporting"))
        yield listed(
            said(
                "report_bullet",
                what=report.what.rstrip("."),
                sender=kind.party_name(report.from_),
                receivers=said.words.join([kind.party_name(to) for to in report.to]),
                period=said.words.period(report.every),
                due=(report.due or "").rstrip("."),
                via=(report.via or "").rstrip("."),
            )
            for report in agreement.reporting
        )


def termination(kind: Kind) -> Iterator[Block]:
    """When the agreement may be terminated, then the notice each termination needs."""
    said = _Bullets(kind)
    chosen = said.agreement.termination
    if chosen is None:
        return
    parties = len(said.agreement.parties)
    yield paragraph(said("termination_intro"), "lead")
    yield bullets(chosen.conditions)
    notices = []
    if chosen.notice:
        notices.append(
            said("termination_notice", notice=said.words.notice(chosen.notice), parties=parties)
        )
    convenience = chosen.for_convenience
    if convenience is not None:
        notices.append(
            said(
                "termination_convenience",
                by=said.words.join([kind.party_name(p) for p in convenience.by]),
                notice=said.words.notice(convenience.notice),
                parties=parties,
            )
        )
    if notices:
        yield paragraph(said("termination_notice_lead"), "lead")
        yield listed(notices)


class _Bullets:
    """The bullets of one customer agreement: its customer sections (for the data and the
    formal layout's helpers) and its words, with the defined terms it uses."""

    def __init__(self, kind: Kind) -> None:
        assert isinstance(kind, CustomerSections), "the bullets layout fits customer agreements"
        self.kind = kind
        self.agreement: CustomerAgreement = kind.agreement
        self.words = kind.words

    def __call__(self, key: str, **values: Any) -> str:
        return self.kind.say(key, **values)

    def group(self, key: str, nested: bool) -> Block:
        """A group's title: a sub-clause, or a lead-in within a plan's sub-clause."""
        if nested:
            return paragraph(self("group_lead", title=self(key)), "lead")
        return Heading(2, self(key))

    # --- services and service levels ------------------------------------------------------

    def services(self) -> Iterator[Block]:
        words, services, levels = self.words, self.agreement.services, self.kind.levels
        if not services:
            return
        described = [
            self("service_description", service=s.name, description=s.description.rstrip("."))
            for s in services
            if s.description
        ]
        if described:
            yield Heading(2, self("heading_service_list"))
            yield listed(described)
        if len(levels) > 1:
            for level in levels:
                assert level.plan is not None
                yield Heading(2, self("plan_heading", plan=level.plan.name))
                yield listed(self.levels(level))
        else:
            yield Heading(2, self("heading_services"))
            shown = levels[0].plan
            if shown is not None and self.agreement.plan is None:
                yield paragraph(words("plan_levels", plan=shown.name), "lead")
            yield listed(self.levels(levels[0]))
        if any(level.availability for level in levels):
            yield self.kind.convention_note()
        measured = {
            service.name: availability.measured_by
            for level in levels
            for _, service, availability, _ in level.availability
            if availability.measured_by
        }
        if measured:
            yield Heading(2, self("heading_measured"))
            yield listed(
                self("measured_bullet", service=name, how=how.rstrip("."))
                for name, how in measured.items()
            )

    def levels(self, level: Level) -> list[str]:
        """A plan's description and price, then each service's availability target with the
        Downtime it allows a month and a year."""
        words, plan = self.words, level.plan
        items = []
        if plan is not None and plan.description:
            items.append(self("plan_description", description=plan.description.rstrip(".")))
        if plan is not None and plan.price:
            items.append(
                self(
                    "plan_price_bullet",
                    price=words.money(plan.price),
                    per=words.period(plan.per) if plan.per else "",
                )
            )
        targets = {service.name: availability for _, service, availability, _ in level.availability}
        for service in self.agreement.services:
            availability = targets.get(service.name)
            if availability is None:
                items.append(self("no_availability_bullet", service=service.name))
                continue
            items.append(
                self(
                    "availability_bullet",
                    service=service.name,
                    target=words.percent(availability.target),
                    window=words.window(availability.window),
                    time_zone=availability.time_zone or "",
                    month=words.spelled_duration(availability.budget("month")),
                    year=words.spelled_duration(availability.budget("year")),
                )
            )
        return items

    def deliveries(self) -> Iterator[Block]:
        if not self.agreement.deliveries:
            return
        yield Heading(2, self("heading_deliveries"))
        for delivery in self.agreement.deliveries:
            yield paragraph(self("group_lead", title=delivery.item), "lead")
            yield listed(self.delivery(delivery))

    def delivery(self, d: Delivery) -> list[str]:
        """What, how much, when, where, by whom, the confirmation, and the shares on time and
        complete: one bullet each."""
        words = self.words
        items = [
            self(
                "delivery_quantity_bullet",
                quantity=words.measure(d.quantity),
                period=words.period(d.per),
            ),
            self("delivery_schedule_bullet", schedule=d.schedule.rstrip(".")),
            *(self("delivery_address_bullet", address=a.rstrip(".")) for a in d.addresses),
            self("delivery_by_bullet", by=d.delivered_by.rstrip(".")),
            self(
                "delivery_confirmation_bullet",
                to=d.confirmation_to.rstrip("."),
                within=words.duration(d.confirmation_within),
            ),
        ]
        if d.on_time is not None:
            items.append(self("delivery_on_time_bullet", share=words.percent(d.on_time)))
        if d.complete is not None:
            items.append(self("delivery_complete_bullet", share=words.percent(d.complete)))
        return items

    # --- support --------------------------------------------------------------------------

    def support(self, support: Support, nested: bool) -> Iterator[Block]:
        words = self.words
        hours = []
        if support.hours:
            hours.append(
                self("support_hours", hours=support.hours, time_zone=support.time_zone or "")
            )
        business = support.business_hours
        if business is not None:
            hours.append(
                self(
                    "business_hours_bullet",
                    days=business.days,
                    start=business.from_,
                    end=business.to,
                    time_zone=business.time_zone,
                    holidays=business.holidays or "",
                )
            )
        if support.channels:
            hours.append(self("support_channels", channels=words.join(support.channels)))
        if hours:
            yield self.group("heading_support_hours", nested)
            yield listed(hours)
        severities = sorted(support.severities, key=lambda v: v.level)
        yield self.group("heading_severities", nested)
        yield listed(
            self(
                "severity_bullet",
                severity=self.severity(v),
                description=v.description.rstrip("."),
                coverage=v.coverage or "",
            )
            for v in severities
        )
        times = []
        for v in severities:
            times.append(self.time("response_bullet", v, v.response))
            if v.resolution:
                times.append(self.time("resolution_bullet", v, v.resolution))
        yield self.group("heading_times", nested)
        yield listed(times)

    def severity(self, severity: Severity) -> str:
        return self("severity_label", level=severity.level, name=severity.name)

    def time(self, key: str, severity: Severity, within: Duration) -> str:
        """A response or resolution time; the clock it is counted on is named unless the
        time already names it ("within 2 business hours", not "..., counted in Business
        Hours" after it)."""
        clock = severity.clock if severity.clock != within.clock else None
        return self(
            key,
            severity=self.severity(severity),
            within=self.words.duration(within),
            clock=clock or "",
        )

    # --- service credits and remedies -----------------------------------------------------

    def credits(self) -> Iterator[Block]:
        distinct = self.kind.differing("credits")
        for level, credits in distinct:
            assert isinstance(credits, ServiceCredits)
            if len(distinct) > 1 and level.plan is not None:
                yield Heading(2, self("plan_credits_heading", plan=level.plan.name))
            else:
                yield Heading(2, self("heading_credits"))
            yield paragraph(self("credits_lead"), "lead")
            yield listed(self.credit(credits))

    def credit(self, credits: ServiceCredits) -> list[str]:
        """Each band's credit, each event's, and the caps, one bullet each."""
        words = self.words
        window = self.agreement.credit_window(credits)
        # No window anywhere: credits are counted per month, as the formal layout says.
        window_words = words.window(window) if window else words.period("month")
        basis = credits.basis or ""
        items = [
            self(
                "credit_band_bullet",
                trigger=credits.for_,
                window=window_words,
                below=words.percent(band.below),
                at_least=words.percent(band.at_least) if band.at_least is not None else "",
                credit=words.percent(band.credit),
                basis=basis,
            )
            for band in credits.bands
        ]
        items += [
            self(
                "event_credit_bullet",
                event=self.kind.event_wording(event),
                amount=self.kind.amount_wording(event.credit, basis),
            )
            for event in credits.events
        ]
        if credits.maximum is not None:
            items.append(
                self(
                    "credit_cap_bullet",
                    maximum=words.percent(credits.maximum),
                    basis=basis,
                    window=window_words,
                )
            )
        if credits.overall_maximum is not None:
            items.append(
                self(
                    "credit_overall_cap_bullet",
                    maximum=self.kind.amount_wording(credits.overall_maximum, basis),
                )
            )
        return items

    def claims(self) -> Iterator[Block]:
        """How to claim, by when, with what evidence, who decides, disputes and payment."""
        claims = self.agreement.claims
        if not claims:
            return
        yield Heading(2, self("heading_claims"))
        items = [
            self("claim_submit_bullet", by=claims.by or "", submit_to=claims.submit_to.rstrip("."))
        ]
        if claims.deadline:
            items.append(
                self(
                    "claim_deadline_bullet",
                    deadline=self.words.duration(claims.deadline),
                    after=claims.after or self("claims_after_default"),
                )
            )
        items += [self("claim_evidence_bullet", evidence=e.rstrip(".")) for e in claims.evidence]
        if claims.determined_by:
            items.append(
                self(
                    "claim_determined_bullet",
                    who=claims.determined_by,
                )
            )
        if claims.disputes:
            items.append(self("claim_disputes_bullet", how=claims.disputes.rstrip(".")))
        if claims.paid_as:
            items.append(self("claim_paid_bullet", paid_as=claims.paid_as))
        yield listed(items)

    def remedies(self) -> Iterator[Block]:
        missed = self.agreement.if_goals_missed
        if missed is None:
            return
        yield Heading(2, self("heading_remedies"))
        yield paragraph(self("remedies_intro"), "lead")
        labelled = []
        if missed.strikes:
            labelled.append(self("strikes_bullet", text=" ".join(missed.strikes.split())))
        if missed.recovery:
            labelled.append(self("recovery_bullet", text=" ".join(missed.recovery.split())))
        yield BulletList(bullets(missed.remedies).items + listed(labelled).items)
        if missed.escalation:
            yield Heading(2, self("heading_escalation"))
            yield listed(
                self(
                    "escalation_bullet",
                    after=step.after.rstrip("."),
                    to=step.to.rstrip("."),
                    action=step.action.rstrip("."),
                )
                for step in missed.escalation
            )
