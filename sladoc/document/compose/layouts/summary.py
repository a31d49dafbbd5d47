"""The ``summary`` layout's own section (like Microsoft Azure's service level agreements):
each service's key promises first, before the full terms. For each plan the document
states (:meth:`~sladoc.agreement.model.CustomerAgreement.levels`, the customer's plan only
when it has chosen one): the availability target of each service and the downtime it allows
per month and per year, the first response to an incident of the top severity, and the
service credit owed, from the first band to the cap; then the deliveries, how to claim a
credit and whom to contact. Each promise ends with a "see full details" link to the
clause or sub-clause that holds its full terms (:data:`TARGETS`) and a cross-reference to
its number.

Every figure is written by the same formatter, from the same field, as the full terms
write it (:mod:`sladoc.document.compose.customer`), so the summary cannot contradict
them; a promise whose field the agreement leaves out is left out. The summary says that
it is for convenience only and that the terms prevail.

May import: :mod:`sladoc.agreement`, :mod:`sladoc.document.tree`,
:mod:`sladoc.document.templateset`, :mod:`sladoc.errors`, :mod:`sladoc.language`.
"""

from __future__ import annotations

from collections.abc import Iterator

from sladoc.agreement.model import (
    Agreement,
    Amount,
    CustomerAgreement,
    EventCredit,
    Level,
    ServiceCredits,
    Support,
)
from sladoc.document.compose.common import KindSections, Words, paragraph, table
from sladoc.document.compose.customer import ANCHORS, CustomerSections
from sladoc.document.tree import Block, BulletList, Heading, Inline, Paragraph, Run, inline

Kind = KindSections[Agreement]

_MARK = "\ue001"
"""Where a rendered sentence takes its link (a private-use character no wording holds)."""

TARGETS = {
    "availability": ANCHORS["services"],
    "deliveries": ANCHORS["deliveries"],
    "support": "support",
    "credits": ANCHORS["credits"],
    "claims": ANCHORS["claims"],
    "contact": "contacts",
}
"""Where the full terms of each kind of promise are: the sub-clause that states them (the
service availability, the delivery schedule, the service credits, claiming a credit), or
the clause (support, points of contact)."""


def summary(kind: Kind) -> Iterator[Block]:
    """The key promises of a customer agreement, plan by plan, each linked to its full
    terms; nothing for any other kind."""
    agreement = kind.agreement
    if not isinstance(agreement, CustomerAgreement):
        return
    yield from _Summary(kind, agreement).blocks()


class _Summary:
    def __init__(self, kind: Kind, agreement: CustomerAgreement) -> None:
        self.kind = kind
        self.agreement = agreement
        self.words: Words = kind.words
        assert isinstance(kind, CustomerSections)
        self.terms = kind.defined_terms
        self.levels = agreement.levels(chosen_only=True)

    def blocks(self) -> Iterator[Block]:
        """Plan by plan, each service's availability, then the other promises in a list;
        what every plan shares (deliveries, claims, the contact) after the plans, under its
        own heading when there are several."""
        words = self.words
        by_plan = len(self.levels) > 1
        deliveries = self.deliveries()
        after = [*self.claims(), *self.contact()]
        for level in self.levels:
            own = [*self.support(level.support), *self.credits(level.credits)]
            if by_plan and not (own or level.availability):
                continue  # a plan that promises nothing here: no bare heading
            if by_plan:
                assert level.plan is not None
                yield Heading(2, words("plan_heading", plan=level.plan.name))
            elif level.plan is not None:
                yield paragraph(words("plan_levels", plan=level.plan.name))
            yield from self.availability(level)
            promises = own if by_plan else [*deliveries, *own, *after]
            if promises:
                yield BulletList(tuple(promises))
        if by_plan and deliveries + after:
            yield Heading(2, words("summary_every_plan"))
            yield BulletList(tuple(deliveries + after))
        yield paragraph(words("summary_note"), "note")

    # --- the promises ---------------------------------------------------------------------

    def availability(self, level: Level) -> Iterator[Block]:
        """Each service's target and the downtime it allows, as the service levels' table
        writes them."""
        words = self.words
        if not level.availability:
            return
        yield Paragraph(
            self.linked(
                words("summary_availability_intro", see=_MARK, **self.terms),
                TARGETS["availability"],
            )
        )
        rows = [
            [
                service.name,
                words.percent(availability.target),
                words.spelled_duration(availability.budget("month")),
                words.spelled_duration(availability.budget("year")),
            ]
            for _, service, availability, _ in level.availability
        ]
        yield table(
            words.list("summary_availability_header"),
            rows,
            widths=(3, 2, 4, 4),
            numeric=(1, 2, 3),
        )

    def deliveries(self) -> list[Inline]:
        """What is delivered, how much, when, and the share on time and complete."""
        words = self.words
        return [
            self.promise(
                words("summary_item_label", item=delivery.item),
                words(
                    "summary_delivery",
                    quantity=words(
                        "delivery_quantity",
                        quantity=words.measure(delivery.quantity),
                        period=words.period(delivery.per),
                    ),
                    schedule=delivery.schedule,
                    on_time=words.percent(delivery.on_time) if delivery.on_time is not None else "",
                    complete=words.percent(delivery.complete)
                    if delivery.complete is not None
                    else "",
                    see=_MARK,
                ),
                "deliveries",
            )
            for delivery in self.agreement.deliveries
        ]

    def support(self, support: Support | None) -> list[Inline]:
        """The first response (and resolution) of an incident of the top severity."""
        if support is None:
            return []
        words = self.words
        top = min(support.severities, key=lambda severity: severity.level)
        return [
            self.promise(
                words("summary_support_label"),
                words(
                    "summary_support",
                    level=top.level,
                    name=top.name,
                    response=words.duration(top.response),
                    resolution=words.duration(top.resolution) if top.resolution else "",
                    see=_MARK,
                ),
                "support",
            )
        ]

    def credits(self, credits: ServiceCredits | None) -> list[Inline]:
        """The credit of the first band and of the last, the caps, and the credits owed
        per event."""
        if credits is None:
            return []
        words, agreement = self.words, self.agreement
        # The window the full terms count credits over: the credits' own, else the first
        # service's measurement window, else a month.
        window = agreement.credit_window(credits)
        basis = credits.basis or ""
        bands = sorted(credits.bands, key=lambda band: band.below, reverse=True)
        first, last = (bands[0], bands[-1]) if bands else (None, None)
        events = [self.event(event, basis) for event in credits.events]
        return [
            self.promise(
                words("summary_credits_label", **self.terms),
                words(
                    "summary_credits",
                    trigger=credits.for_,
                    first_below=words.percent(first.below) if first else "",
                    first_credit=words.percent(first.credit) if first else "",
                    last_below=words.percent(last.below) if last and last is not first else "",
                    last_credit=words.percent(last.credit) if last and last is not first else "",
                    basis=basis,
                    window=words.window(window) if window else words.period("month"),
                    maximum=words.percent(credits.maximum) if credits.maximum is not None else "",
                    overall=self.amount(credits.overall_maximum, basis)
                    if credits.overall_maximum is not None
                    else "",
                    events=words.join(events),
                    see=_MARK,
                    **self.terms,
                ),
                "credits",
            )
        ]

    def event(self, event: EventCredit, basis: str) -> str:
        """One event credit: its amount and what it is owed for."""
        words = self.words
        levels = [str(level) for level in sorted(event.severities)]
        either = f"{', '.join(levels[:-1])} {words('or')} {levels[-1]}" if len(levels) > 1 else ""
        return words(
            "summary_event_credit",
            amount=self.amount(event.credit, basis),
            trigger=event.for_,
            severities=either or "".join(levels),
            count=len(levels),
            started=event.per == "started hour",
            **self.terms,
        )

    def amount(self, amount: Amount, basis: str) -> str:
        """A credit as the full terms write it: a share of the basis, or a sum."""
        words = self.words
        if amount.percent is not None:
            return words("credit_share", share=words.percent(amount.percent), basis=basis)
        assert amount.money is not None
        return words.money(amount.money)

    def claims(self) -> list[Inline]:
        """By when and where a credit is claimed."""
        claims, words = self.agreement.claims, self.words
        if claims is None:
            return []
        return [
            self.promise(
                words("summary_claims_label"),
                words(
                    "summary_claims",
                    deadline=words.duration(claims.deadline),
                    after=claims.after or words("claims_after_default"),
                    submit_to=claims.submit_to,
                    see=_MARK,
                ),
                "claims",
            )
        ]

    def contact(self) -> list[Inline]:
        """The provider's first point of contact."""
        words = self.words
        provider = self.agreement.party(self.agreement.provider)
        person = provider.contacts[0]
        return [
            self.promise(
                words("summary_contact_label", party=self.kind.party_name(provider.id)),
                words(
                    "summary_contact",
                    name=person.name,
                    role=person.role,
                    email=person.email,
                    phone=person.phone or "",
                    see=_MARK,
                ),
                "contact",
            )
        ]

    # --- links ----------------------------------------------------------------------------

    def promise(self, label: str, text: str, what: str) -> Inline:
        """A promise in the list: its label in bold, then its words with their link."""
        return (Run(label + " ", bold=True), *self.linked(text, TARGETS[what]))

    def linked(self, text: str, target: str) -> Inline:
        """``text`` with its link to the full terms in the section ``target`` where the
        sentence has its mark: "see full details" linked to the section's heading, and the
        section's number as a cross-reference."""
        before, _, after = text.partition(_MARK)
        see = self.words("summary_see", link=_MARK, target=target)
        see_before, _, see_after = see.partition(_MARK)
        link = Run(self.words("summary_details"), ref=target, link=True)
        return inline(before, see_before, link, see_after, after)
