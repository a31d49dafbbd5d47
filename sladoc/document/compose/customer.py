"""The sections of a customer agreement (a provider serving a customer): who provides and
who receives, the service levels (availability), deliveries, support, exclusions and
maintenance, and the service credits owed and how to claim them.

May import: :mod:`sladoc.agreement`, :mod:`sladoc.document.tree`,
:mod:`sladoc.document.templateset`, :mod:`sladoc.errors`.
"""

from __future__ import annotations

from collections.abc import Iterator

from sladoc.agreement import sla_math
from sladoc.agreement.model import CustomerAgreement
from sladoc.agreement.values import format_number
from sladoc.document.compose.common import KindSections, bullets, paragraph, table
from sladoc.document.compose.general import customer_term
from sladoc.document.tree import Block, Heading


class CustomerSections(KindSections[CustomerAgreement]):
    """A customer agreement: a provider's service levels, and what it owes when it misses
    them."""

    def overview(self) -> Iterator[Block]:
        """Who provides and who is the customer."""
        agreement = self.agreement
        yield paragraph(
            self.words(
                "provider_line",
                provider=self.party_name(agreement.provider),
                customer=self.party_name(agreement.customer),
            )
        )

    def _customer_term(self) -> dict[str, str]:
        """How the clauses name the customer: by the short name the preamble defines, else
        by the role it gives in brackets (its defined term), else by its name; the
        wording adds the article."""
        return customer_term(self.agreement)

    def goals(self) -> Iterator[Block]:
        yield from self.party_goals()
        yield from self.service_levels()
        yield from self.deliveries()
        yield from self.support()
        yield from self.exclusions()
        yield from self.maintenance()

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

    def service_levels(self) -> Iterator[Block]:
        """Each service's availability target and the downtime it allows."""
        words, language, services = self.words, self.words.language, self.agreement.services
        if not services:
            return
        yield Heading(2, words("heading_services"))
        rows = []
        notes = []
        for service in services:
            availability = service.availability
            if service.description:
                notes.append(
                    words(
                        "service_description",
                        service=service.name,
                        description=service.description,
                    )
                )
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
            if availability.measured_by:
                notes.append(
                    words("measured_by", service=service.name, how=availability.measured_by)
                )
        yield table(
            words.list("availability_header"), rows, widths=(3, 2, 3, 3, 3), numeric=(1, 3, 4)
        )
        convention = sla_math.DEFAULT
        yield paragraph(
            words(
                "availability_convention",
                year_days=format_number(convention.year_days, language),
                month_days=format_number(sla_math.period_seconds("month") / 86400, language),
            ),
            "note",
        )
        if notes:
            yield bullets(notes)

    def deliveries(self) -> Iterator[Block]:
        """What is delivered, how much, when, where, by whom, and the confirmation."""
        words, deliveries = self.words, self.agreement.deliveries
        if not deliveries:
            return
        yield Heading(2, words("heading_deliveries"))
        rows = [
            [
                d.item,
                words("delivery_quantity", quantity=d.quantity.text, period=words.period(d.per)),
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

    def support(self) -> Iterator[Block]:
        """Support hours and channels, and the response and resolution time per severity."""
        words, support = self.words, self.agreement.support
        if not support:
            return
        yield Heading(2, words("heading_support"))
        if support.hours:
            yield paragraph(
                words("support_hours", hours=support.hours, time_zone=support.time_zone or "")
            )
        if support.channels:
            yield paragraph(words("support_channels", channels=words.join(support.channels)))
        rows = [
            [
                words("severity_name", level=v.level, name=v.name),
                v.description,
                words.duration(v.response),
                words.duration(v.resolution) if v.resolution else words("no_resolution"),
                words(f"clock_{v.clock}") if v.clock else words("clock_unstated"),
            ]
            for v in sorted(support.severities, key=lambda v: v.level)
        ]
        yield table(words.list("support_header"), rows, widths=(2, 4, 2, 2, 2))

    def exclusions(self) -> Iterator[Block]:
        """What the service levels do not cover."""
        words, exclusions = self.words, self.agreement.exclusions
        if not exclusions:
            return
        yield Heading(2, words("heading_exclusions"))
        yield paragraph(words("exclusions_intro"))
        yield bullets(exclusions)

    def maintenance(self) -> Iterator[Block]:
        """The maintenance window, its notice, its limit, and whether it counts as downtime."""
        words, maintenance = self.words, self.agreement.maintenance
        if not maintenance:
            return
        yield Heading(2, words("heading_maintenance"))
        lines = [
            words("maintenance_window", window=maintenance.window),
            words("maintenance_notice", notice=words.duration(maintenance.notice)),
        ]
        if maintenance.max_per_month:
            lines.append(words("maintenance_max", hours=words.duration(maintenance.max_per_month)))
        lines.append(words("maintenance_counts", counts=maintenance.counts_as_downtime))
        yield bullets(lines)

    def credits(self) -> Iterator[Block]:
        """The credit owed for each band of missed availability, and its maximum."""
        words, agreement = self.words, self.agreement
        credits = agreement.service_credits
        if credits is None:
            return
        yield Heading(2, words("heading_credits"))
        window = credits.window or next(
            (
                s.availability.window
                for s in agreement.services
                if s.availability and s.availability.window
            ),
            None,
        )
        # No window anywhere: credits are counted per month, in the period's own word.
        yield paragraph(
            words(
                "credits_intro",
                **self._customer_term(),
                basis=credits.basis,
                window=words.window(window) if window else words.period("month"),
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
        yield table(words.list("credits_header"), rows, widths=(4, 2), numeric=(1,))
        if credits.maximum is not None:
            yield paragraph(
                words(
                    "credits_maximum", maximum=words.percent(credits.maximum), basis=credits.basis
                )
            )

    def claims(self) -> Iterator[Block]:
        """How to claim a credit: the deadline, where to send it, the evidence."""
        words, claims = self.words, self.agreement.claims
        if not claims:
            return
        yield Heading(2, words("heading_claims"))
        yield paragraph(
            words(
                "claims_deadline",
                **self._customer_term(),
                deadline=words.duration(claims.deadline),
                after=claims.after or words("claims_after_default"),
                submit_to=claims.submit_to,
            )
        )
        if claims.evidence:
            yield paragraph(words("claims_evidence"))
            yield bullets(claims.evidence)
