"""The sections of a customer agreement (a provider serving a customer): who provides and
who receives, the service levels (availability, per plan when there are plans), deliveries,
support, exclusions and maintenance, and the service credits owed and how to claim them.

May import: :mod:`sladoc.agreement`, :mod:`sladoc.document.tree`,
:mod:`sladoc.document.templateset`, :mod:`sladoc.errors`.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cached_property
from typing import Any

from sladoc.agreement import sla_math
from sladoc.agreement.model import (
    Amount,
    Claims,
    CustomerAgreement,
    EventCredit,
    Level,
    Party,
    ServiceCredits,
    Support,
)
from sladoc.agreement.values import format_number
from sladoc.document.compose.common import KindSections, Words, bullets, paragraph, table
from sladoc.document.compose.general import customer_term, party_term
from sladoc.document.tree import Block, Heading, Paragraph
from sladoc.language import language

ANCHORS = {
    "services": "goals.services",
    "deliveries": "goals.deliveries",
    "credits": "if_goals_missed.credits",
    "claims": "if_goals_missed.claims",
}
"""The anchors of the sub-clauses a link may land on (the summary layout's "see full
details"); the dot keeps them apart from the ids of an agreement's own clauses."""


class CustomerSections(KindSections[CustomerAgreement]):
    """A customer agreement: a provider's service levels, and what it owes when it misses
    them."""

    def __init__(self, agreement: CustomerAgreement, words: Words) -> None:
        super().__init__(agreement, words)
        self.levels = agreement.levels(chosen_only=True)
        """The service levels the document states: every plan's, or the customer's plan's."""

    def overview(self) -> Iterator[Block]:
        """Who provides and who is the customer, and the customer's plan."""
        agreement = self.agreement
        yield paragraph(
            self.words(
                "provider_line",
                provider=self.party_name(agreement.provider),
                customer=self.party_name(agreement.customer),
            )
        )
        if agreement.plan is not None:
            yield paragraph(self.say("plan_chosen", plan=agreement.plan))

    def _customer_term(self) -> dict[str, str]:
        """How the clauses name the customer: by the name the preamble defines for it (its
        designation, PIHAK KEDUA, where the language's contracts use one; else its short
        name, else its role in brackets), else by its name; the wording adds the article."""
        customer = self.agreement.party(self.agreement.customer)
        designation = self.designation(customer)
        if designation:
            return {"customer_role": designation, "customer_name": customer.name}
        return customer_term(self.agreement)

    def goals(self) -> Iterator[Block]:
        yield from self.party_goals()
        yield from self.service_levels()
        yield from self.deliveries()

    def service_credits(self) -> Iterator[Block]:
        yield from self.credits()
        yield from self.claims()

    def party_goals(self) -> Iterator[Block]:
        """The goals of each party that has any, under its name."""
        for party in self.agreement.parties:
            goals = self.goals_of(party)
            if goals:
                yield Heading(2, party.name)
                yield bullets(goals)

    def _by_plan(self) -> bool:
        """Whether the document states more than one plan's service levels."""
        return len(self.levels) > 1

    def service_levels(self) -> Iterator[Block]:
        """Each service's availability target and the downtime it allows; with several
        plans, a table comparing them."""
        words, services = self.words, self.agreement.services
        if not services:
            return
        yield Heading(2, words("heading_services"), anchor=ANCHORS["services"])
        notes = [
            words("service_description", service=s.name, description=s.description)
            for s in services
            if s.description
        ]
        if self._by_plan():
            yield from self.plan_comparison()
        else:
            shown = self.levels[0].plan
            if shown is not None and self.agreement.plan is None:
                yield paragraph(words("plan_levels", plan=shown.name))
            if shown is not None and shown.description:
                notes.append(
                    words("service_description", service=shown.name, description=shown.description)
                )
            yield self._availability_table(self.levels[0])
        if any(level.availability for level in self.levels):
            yield self.convention_note()
        measured = {
            service.name: availability.measured_by
            for level in self.levels
            for _, service, availability, _ in level.availability
            if availability.measured_by
        }
        notes += [words("measured_by", service=name, how=how) for name, how in measured.items()]
        if notes:
            yield bullets(notes)

    def _availability_table(self, level: Level) -> Block:
        words = self.words
        targets = {service.name: availability for _, service, availability, _ in level.availability}
        rows = []
        for service in self.agreement.services:
            availability = targets.get(service.name)
            if availability is None:
                rows.append([service.name, words("no_availability"), "", "", ""])
                continue
            rows.append(
                [
                    service.name,
                    words.percent(availability.target),
                    words(
                        "availability_window",
                        window=words.window(availability.window),
                        time_zone=availability.time_zone or "",
                    ),
                    words.spelled_duration(availability.budget("month")),
                    words.spelled_duration(availability.budget("year")),
                ]
            )
        return table(
            words.list("availability_header"), rows, widths=(3, 2, 3, 3, 3), numeric=(1, 3, 4)
        )

    def convention_note(self) -> Block:
        """The note on the calendar the allowances are counted in (days a year, a month)."""
        convention = sla_math.DEFAULT
        language = self.words.language
        return paragraph(
            self.words(
                "availability_convention",
                year_days=format_number(convention.year_days, language),
                month_days=format_number(sla_math.period_seconds("month") / 86400, language),
            ),
            "note",
        )

    def plan_comparison(self) -> Iterator[Block]:
        """The plans side by side: price, each service's target with its monthly allowance,
        support hours, and response and resolution per severity."""
        words, levels = self.words, self.levels
        plans = [level.plan for level in levels if level.plan is not None]
        rows: list[list[str]] = []
        if any(plan.price for plan in plans):
            rows.append(
                [
                    words("plan_price_label"),
                    *(
                        words(
                            "plan_price",
                            price=words.money(plan.price),
                            per=words.period(plan.per) if plan.per else "",
                        )
                        if plan.price
                        else words("plan_no_value")
                        for plan in plans
                    ),
                ]
            )
        for service in self.agreement.services:
            cells = []
            for level in levels:
                found = [a for _, s, a, _ in level.availability if s.name == service.name]
                cells.append(
                    words(
                        "plan_target",
                        target=words.percent(found[0].target),
                        budget=words.spelled_duration(found[0].budget("month")),
                    )
                    if found
                    else words("plan_no_value")
                )
            rows.append([words("plan_availability_label", service=service.name), *cells])
        supports = [level.support for level in levels]
        if any(s and s.hours for s in supports):
            rows.append(
                [
                    words("plan_hours_label"),
                    *(s.hours if s and s.hours else words("plan_no_value") for s in supports),
                ]
            )
        severities = sorted(
            {(v.level, v.name) for s in supports if s for v in s.severities},
        )
        for level_number, name in severities:
            for measure in ("response", "resolution"):
                cells = []
                for support in supports:
                    severity = next(
                        (
                            v
                            for v in (support.severities if support else [])
                            if v.level == level_number
                        ),
                        None,
                    )
                    time = getattr(severity, measure) if severity else None
                    cells.append(words.duration(time) if time else words("plan_no_value"))
                if all(cell == words("plan_no_value") for cell in cells):
                    continue
                rows.append(
                    [
                        words(f"plan_{measure}_label", level=level_number, name=name),
                        *cells,
                    ]
                )
        yield paragraph(words("plans_intro", count=len(plans)))
        yield table(
            [words("plan_header"), *(plan.name for plan in plans)],
            rows,
            widths=(3, *(2 for _ in plans)),
        )
        described = [
            words("service_description", service=plan.name, description=plan.description)
            for plan in plans
            if plan.description
        ]
        if described:
            yield bullets(described)

    def deliveries(self) -> Iterator[Block]:
        """What is delivered, how much, when, where, by whom, and the confirmation; then the
        on-time and completeness commitments."""
        words, deliveries = self.words, self.agreement.deliveries
        if not deliveries:
            return
        yield Heading(2, words("heading_deliveries"), anchor=ANCHORS["deliveries"])
        rows = [
            [
                d.item,
                words(
                    "delivery_quantity",
                    quantity=words.measure(d.quantity),
                    period=words.period(d.per),
                ),
                d.schedule,
                "; ".join(d.addresses),
                d.delivered_by,
                words(
                    "delivery_confirmation",
                    to=d.confirmation_to,
                    within=words.duration(d.confirmation_within),
                ),
            ]
            for d in deliveries
        ]
        yield table(words.list("deliveries_header"), rows, widths=(3, 2, 3, 4, 2, 3))
        commitments = [
            words(
                "delivery_commitment",
                item=d.item,
                on_time=words.percent(d.on_time) if d.on_time is not None else "",
                complete=words.percent(d.complete) if d.complete is not None else "",
            )
            for d in deliveries
            if d.on_time is not None or d.complete is not None
        ]
        if commitments:
            yield bullets(commitments)

    def differing(self, attribute: str) -> list[tuple[Level, object]]:
        """The levels whose ``support`` or ``credits`` differ, each with its value: one
        entry when every plan shares the agreement's own."""
        seen: dict[tuple[str | int, ...], tuple[Level, object]] = {}
        for level in self.levels:
            value = getattr(level, attribute)
            path = getattr(level, f"{attribute}_path")
            if value is not None and path not in seen:
                seen[path] = (level, value)
        return list(seen.values())

    def support(self) -> Iterator[Block]:
        """Support hours and channels, and the response and resolution time per severity;
        per plan when the plans' support differs."""
        distinct = self.differing("support")
        for level, support in distinct:
            assert isinstance(support, Support)
            if len(distinct) > 1 and level.plan is not None:
                yield Heading(2, self.words("plan_heading", plan=level.plan.name))
            yield from self.support_terms(support)

    def support_terms(self, support: Support) -> Iterator[Block]:
        """One support arrangement: its hours, channels and times per severity."""
        words = self.words
        if support.hours:
            yield paragraph(
                words("support_hours", hours=support.hours, time_zone=support.time_zone or "")
            )
        hours = support.business_hours
        if hours is not None:
            yield paragraph(
                words(
                    "business_hours",
                    days=hours.days,
                    start=hours.from_,
                    end=hours.to,
                    time_zone=hours.time_zone,
                    holidays=hours.holidays or "",
                )
            )
        if support.channels:
            yield paragraph(words("support_channels", channels=words.join(support.channels)))
        severities = sorted(support.severities, key=lambda v: v.level)
        covered = any(v.coverage for v in severities)
        rows = [
            [
                words("severity_name", level=v.level, name=v.name),
                v.description,
                *([words.mapping("coverage")[v.coverage or "unstated"]] if covered else []),
                words.duration(v.response),
                words.duration(v.resolution) if v.resolution else words("no_resolution"),
                words(f"clock_{v.clock}") if v.clock else words("clock_unstated"),
            ]
            for v in severities
        ]
        header = words.list("support_header")
        if covered:
            header = [*header[:2], words("coverage_header"), *header[2:]]
        widths = (2, 4, 2, 2, 2, 2) if covered else (2, 4, 2, 2, 2)
        yield table(header, rows, widths=widths)

    def requirements(self) -> Iterator[Block]:
        """The responsibilities of the parties: what each party needs from the other
        (``requirements``) is what the other must provide, so it is listed under the party
        that provides it ("Company X's responsibilities")."""
        parties = self.agreement.parties
        for party in parties:
            needs = self.agreement.requirements.get(party.id, [])
            if not needs:
                continue
            givers = self.words.join([self._named(p) for p in parties if p is not party])
            yield Heading(2, self.words("responsibilities_heading", giver=givers))
            yield paragraph(
                self.words("responsibilities_intro", giver=givers, receiver=self._named(party)),
                "lead",
            )
            yield bullets(needs)

    def _named(self, party: Party) -> str:
        """A party as the clauses name it: the designation the preamble gives it (PIHAK
        KEDUA), else its short name, else its name."""
        return self.designation(party) or party.called

    def exclusions(self) -> Iterator[Block]:
        """What the service levels do not cover."""
        words, exclusions = self.words, self.agreement.exclusions
        if not exclusions:
            return
        yield paragraph(words("exclusions_intro"))
        yield bullets(exclusions)

    def maintenance(self) -> Iterator[Block]:
        """When maintenance happens (a fixed window, or as announced), its notice and where
        it is announced, its limit, emergency maintenance, and whether it counts as
        downtime."""
        words, maintenance = self.words, self.agreement.maintenance
        if not maintenance:
            return
        lines = []
        if maintenance.window:
            lines.append(words("maintenance_window", window=maintenance.window))
        lines.append(
            words(
                "maintenance_notice",
                notice=words.duration(maintenance.notice),
                via=words.join(maintenance.announced_via),
                fixed=maintenance.window is not None,
            )
        )
        if maintenance.max_per_month:
            lines.append(words("maintenance_max", hours=words.duration(maintenance.max_per_month)))
        lines.append(words("maintenance_counts", counts=maintenance.counts_as_downtime))
        emergency = maintenance.emergency
        if emergency is not None:
            lines.append(
                words(
                    "maintenance_emergency",
                    notice=words.duration(emergency.notice),
                    counts=emergency.counts_as_downtime,
                )
            )
        yield bullets(lines)

    def credits(self) -> Iterator[Block]:
        """The credits owed, per plan when the plans' credits differ."""
        distinct = self.differing("credits")
        if not distinct:
            return
        yield Heading(2, self.words("heading_credits"), anchor=ANCHORS["credits"])
        for level, credits in distinct:
            assert isinstance(credits, ServiceCredits)
            if len(distinct) > 1 and level.plan is not None:
                # a heading, so that it never ends a page apart from the plan's credits
                yield Heading(3, self.words("plan_heading", plan=level.plan.name))
            yield from self._credits(credits)

    def _credits(self, credits: ServiceCredits) -> Iterator[Block]:
        """The credit owed for each band of the measure (availability, or deliveries on time
        or complete), the credits owed per event, and the caps."""
        words, agreement = self.words, self.agreement
        window = agreement.credit_window(credits)
        # No window anywhere: credits are counted per month, in the period's own word.
        window_words = words.window(window) if window else words.period("month")
        basis = credits.basis or ""
        if credits.bands:
            yield paragraph(
                self.say(
                    "credits_intro",
                    trigger=credits.for_,
                    basis=basis,
                    window=window_words,
                )
            )
            rows = [
                [
                    words(
                        "credit_band",
                        below=words.percent(band.below),
                        at_least=words.percent(band.at_least) if band.at_least is not None else "",
                    ),
                    words.percent(band.credit),
                ]
                for band in credits.bands
            ]
            header = words.mapping("credits_header")[credits.for_]
            yield table(list(header), rows, widths=(4, 2), numeric=(1,))
        if credits.events:
            yield paragraph(self.say("event_credits_intro"))
            yield table(
                words.list("event_credits_header"),
                [
                    [self.event_wording(event), self.amount_wording(event.credit, basis)]
                    for event in credits.events
                ],
                widths=(4, 2),
            )
        if credits.maximum is not None:
            yield paragraph(
                self.say(
                    "credits_maximum",
                    maximum=words.percent(credits.maximum),
                    basis=basis,
                    window=window_words,
                )
            )
        if credits.overall_maximum is not None:
            yield paragraph(
                self.say(
                    "credits_overall_maximum",
                    maximum=self.amount_wording(credits.overall_maximum, basis),
                )
            )

    def event_wording(self, event: EventCredit) -> str:
        """What one event credit is owed for, in the contract's words."""
        words = self.words
        levels = [str(level) for level in sorted(event.severities)]
        either = f"{', '.join(levels[:-1])} {words('or')} {levels[-1]}" if len(levels) > 1 else ""
        return words(
            "event_credit_for",
            trigger=event.for_,
            severities=either or "".join(levels),
            count=len(levels),
            started=event.per == "started hour",
        )

    def amount_wording(self, amount: Amount, basis: str) -> str:
        """A credit's amount in the contract's words: a share of ``basis`` or a sum."""
        words = self.words
        if amount.percent is not None:
            return words("credit_share", share=words.percent(amount.percent), basis=basis)
        assert amount.money is not None
        return words.money(amount.money)

    def claims_deadline(self, claims: Claims) -> Paragraph:
        """Who claims a credit, by when after what, and where the claim is sent."""
        words = self.words
        return paragraph(
            self.say(
                "claims_deadline",
                by=claims.by or "",
                deadline=words.duration(claims.deadline),
                after=claims.after or words("claims_after_default"),
                submit_to=claims.submit_to,
            )
        )

    def claims(self) -> Iterator[Block]:
        """How to claim a credit: who, by when, where, with what evidence; who decides, how a
        dispute is settled, and how the credit is paid."""
        words, claims = self.words, self.agreement.claims
        if not claims:
            return
        yield Heading(2, self.say("heading_claims"), anchor=ANCHORS["claims"])
        yield self.claims_deadline(claims)
        if claims.evidence:
            yield paragraph(words("claims_evidence"))
            yield bullets(claims.evidence)
        if claims.determined_by:
            yield paragraph(
                self.say(
                    "claims_determined",
                    who=claims.determined_by,
                )
            )
        if claims.disputes:
            yield paragraph(words("claims_disputes", how=claims.disputes.rstrip(".")))
        if claims.paid_as:
            yield paragraph(
                self.say(
                    "claims_paid",
                    paid_as=claims.paid_as,
                )
            )

    def provider_term(self) -> dict[str, str]:
        """How the clauses name the provider, as :meth:`_customer_term` names the customer:
        its designation (PIHAK PERTAMA), else the role the preamble defines for it (the
        wording adds the article), else its short name or name."""
        provider = self.agreement.party(self.agreement.provider)
        designation = self.designation(provider)
        if designation:
            return {"provider_role": designation, "provider_name": provider.name}
        role, name = party_term(provider)
        return {"provider_role": role, "provider_name": name}

    def say(self, key: str, **values: Any) -> str:
        """``words(key, ...)`` with what a customer clause names: the defined terms
        (:attr:`defined_terms`), the customer (:meth:`_customer_term`) and the provider
        (:meth:`provider_term`); ``values`` besides."""
        return self.words(
            key, **{**self.defined_terms, **self._customer_term(), **self.provider_term(), **values}
        )

    @cached_property
    def defined_terms(self) -> dict[str, str]:
        """How the wording names availability, downtime, service credits and business hours
        (``availability``, ``downtime``, ``service_credit``, ``business_hours``): by the term
        the document defines (Availability, Service Credit), where it defines it (the terms
        its wording uses, ``uses_terms``, and the author's own definitions of them), else in
        plain words (``plain_terms``)."""
        agreement = self.agreement
        names = [language(code).terms for code in agreement.languages]
        own = {" ".join(d.term.split()).casefold() for d in agreement.definitions}
        used = agreement.uses_terms()
        plain = self.words.mapping("plain_terms")
        ours = language(self.words.language).terms
        return {
            key: ours[key]
            if key in used or any(named[key].casefold() in own for named in names)
            else str(plain[key])
            for key in ours
        }

    def defines_role(self, party: Party) -> bool:
        """The provider's and the customer's roles are the contract's names for them when
        the clauses call them by it (:func:`party_term`: no short name, "the Customer"):
        the preamble defines them."""
        agreement = self.agreement
        return party.id in (agreement.provider, agreement.customer) and bool(party_term(party)[0])
