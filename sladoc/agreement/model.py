"""The agreement file format, version 1: one typed model for the three kinds.

Field names are the YAML keys. Every model forbids unknown keys (a typo is an error, never a
silently ignored line). Values arrive as the text the author wrote (see ``loader``) and are
converted here, so ``99.95%``, ``4 business hours`` and ``5000 USD`` are read the way a
person means them. Rules that need the whole agreement (references between parties) live in
``validate``; best practices that a valid agreement may still break live in ``checks``.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal, Union

from pydantic import BeforeValidator, Field, WithJsonSchema, model_validator

from sladoc.agreement import sla_math
from sladoc.agreement.fields import (
    DurationField,
    Email,
    Id,
    LanguageCode,
    MeasureField,
    MoneyField,
    Node,
    Percent,
    Period,
    TermField,
    Text,
    _listify,
)
from sladoc.agreement.fields import Measure as Measure
from sladoc.agreement.fields import Term as Term
from sladoc.agreement.fields import _term as _term
from sladoc.agreement.fields import describe_value as describe_value
from sladoc.agreement.fields import did_you_mean as did_you_mean
from sladoc.agreement.fields import language_problem as language_problem
from sladoc.agreement.general import General
from sladoc.language import DEFAULT
from sladoc.language import language as _language_named

FORMAT_VERSION = 1
KINDS = ("internal", "tiered", "customer")


class Contact(Node):
    """A person: a point of contact and, by default, a party's signatory."""

    name: Text
    role: Text
    email: Email
    phone: Text | None = None


class Signatory(Node):
    name: Text
    title: Text


class Party(Node):
    id: Id = Field(description="Short id used to refer to this party elsewhere in the file.")
    name: Text
    short_name: Text | None = Field(
        None,
        description="The name the contract uses after the preamble defines it, e.g. 'Acme'.",
    )
    role: Text | None = Field(None, description="e.g. Provider, Customer, Marketing team.")
    address: Text | None = None
    contacts: list[Contact] = Field(min_length=1)
    signatory: Signatory | None = Field(
        None, description="Who signs for this party; defaults to the first contact."
    )

    @property
    def called(self) -> str:
        """How the contract names the party once the preamble has defined it: its short
        name, else its name."""
        return self.short_name or self.name

    @property
    def signer(self) -> Signatory:
        if self.signatory is not None:
            return self.signatory
        return Signatory(name=self.contacts[0].name, title=self.contacts[0].role)


class Goal(Node):
    """A measurable commitment: a number with a unit, over a period or by a deadline."""

    metric: Text = Field(description="What is measured, e.g. 'Qualified leads delivered'.")
    target: MeasureField | None = None
    within: DurationField | None = Field(None, description="A time limit, e.g. '1 hour'.")
    per: Period | None = None
    due: Text | None = Field(None, description="A deadline, e.g. 'the 5th business day'.")
    measured_by: Text | None = None

    @model_validator(mode="after")
    def _measurable(self) -> Goal:
        if self.target is None and self.within is None:
            raise ValueError(
                "a goal needs a `target` (e.g. '100 leads') or `within` "
                "(e.g. '1 hour') so it can be measured"
            )
        return self


class Report(Node):
    """A reporting commitment: what, from whom, to whom, how often."""

    what: Text
    from_: str = Field(alias="from", description="Party id of the sender.")
    to: Annotated[
        list[str],
        BeforeValidator(_listify),
        WithJsonSchema(
            {
                "anyOf": [
                    {"type": "string"},
                    {"type": "array", "items": {"type": "string"}, "minItems": 1},
                ]
            }
        ),
    ] = Field(min_length=1, description="Party id(s) receiving the report.")
    every: Period
    due: Text | None = None
    via: Text | None = None


class Review(Node):
    """When the agreement is reviewed and revised."""

    every: Period
    mid_term: date | None = Field(None, description="Date of the mid-term review.")
    at_expiry: bool = True


def _review(value: Any) -> Any:
    return {"every": value} if isinstance(value, str) else value


class Definition(Node):
    term: Text
    meaning: Text


class Clause(Node):
    title: Text
    text: Text


class Escalation(Node):
    after: Text = Field(description="When this step starts, e.g. 'a second missed month'.")
    to: Text = Field(description="Who is involved.")
    action: Text


class IfGoalsMissed(Node):
    remedies: list[Text] = Field(min_length=1)
    escalation: list[Escalation] = []
    strikes: Text | None = Field(None, description="Who diagnoses and fixes repeated misses.")
    recovery: Text | None = Field(None, description="How lost revenue or service is recovered.")


class Termination(Node):
    conditions: list[Text] = Field(min_length=1)
    notice: DurationField | None = None


class UnexpectedEvents(Node):
    """Force majeure, with the minimum service still owed while it lasts."""

    text: Text
    events: list[Text] = []
    minimum_service: list[Text] = []
    notify_within: DurationField | None = None


class Agreement(Node):
    """What every kind of agreement holds: the frame and the six building blocks."""

    sladoc: Literal[1] = Field(description="File format version.")
    kind: str
    id: Id
    title: Text
    subtitle: Text | None = None
    status: Literal["draft", "final"]
    version: Text
    effective: date
    term: TermField | None = None
    end: date | None = None
    review: Annotated[Review | None, BeforeValidator(_review)] = Field(
        None,
        description="How often the agreement is reviewed: a period ('quarterly') or a "
        "mapping with `every`, `mid_term` and `at_expiry`.",
    )
    language: LanguageCode = DEFAULT
    parties: list[Party] = Field(min_length=2)
    recitals: list[Text] = Field(
        [], description="The background of the agreement, one recital each (WHEREAS ...)."
    )
    overview: Text
    definitions: list[Definition] = []
    goals: dict[str, list[Goal]] = {}
    requirements: dict[str, list[Text]] = {}
    reporting: list[Report] = []
    if_goals_missed: IfGoalsMissed | None = None
    termination: Termination | None = None
    unexpected_events: UnexpectedEvents | None = None
    clauses: list[Clause] = []
    general: General | None = Field(
        None, description="The general clauses: governing law, disputes, liability, notices ..."
    )

    @model_validator(mode="before")
    @classmethod
    def _format_version_first(cls, data: Any) -> Any:
        # "1" is what the loader hands over; Literal[1] alone would not take it.
        if isinstance(data, dict) and data.get("sladoc") in ("1", 1):
            data = {**data, "sladoc": 1}
        return data

    @model_validator(mode="after")
    def _term_or_end(self) -> Agreement:
        if self.term is None and self.end is None:
            raise ValueError(
                "give the agreement's length: `term` (e.g. '12 months') or `end` (a date)"
            )
        if self.term is not None and self.end is not None:
            raise ValueError("give either `term` or `end`, not both")
        if self.end is not None and self.end <= self.effective:
            raise ValueError(f"`end` ({self.end}) must come after `effective` ({self.effective})")
        return self

    def party(self, party_id: str) -> Party:
        return next(p for p in self.parties if p.id == party_id)

    def uses_terms(self) -> tuple[str, ...]:
        """The terms (keys of ``Language.terms``) the contract's own wording uses as
        defined terms for this agreement: none but a customer agreement's."""
        return ()

    def generated_terms(self) -> tuple[str, ...]:
        """The terms the document defines for this agreement: those it uses that the
        author's `definitions` do not define already (in the agreement's language)."""
        names = _language_named(self.language).terms
        own = {" ".join(d.term.split()).casefold() for d in self.definitions}
        return tuple(key for key in self.uses_terms() if names[key].casefold() not in own)


# --- internal: Marketing <-> Sales ------------------------------------------------------------


class Funnel(Node):
    """The Marketing/Sales funnel: how many leads the sales quota needs."""

    sales_quota: MoneyField
    period: Period = "month"
    marketing_share: Percent = Field(description="Share of revenue from marketing leads.")
    average_deal: MoneyField
    close_rate: Percent = Field(description="Share of marketing leads that become customers.")
    leads_goal: int | None = Field(
        None, ge=0, description="The leads goal as agreed; checked against the funnel math."
    )

    @model_validator(mode="after")
    def _computable(self) -> Funnel:
        if self.close_rate == 0:
            raise ValueError("`close_rate` must be above 0% to work out the leads needed")
        if self.average_deal.amount == 0:
            raise ValueError("`average_deal` must be above 0 to work out the customers needed")
        if self.sales_quota.currency != self.average_deal.currency:
            raise ValueError(
                f"`sales_quota` is in {self.sales_quota.currency} but "
                f"`average_deal` in {self.average_deal.currency}"
            )
        return self

    @property
    def math(self) -> sla_math.Funnel:
        return sla_math.Funnel(
            quota=self.sales_quota.amount,
            marketing_share=self.marketing_share,
            average_deal=self.average_deal.amount,
            close_rate=self.close_rate,
        )


class FollowUp(Node):
    """Sales' commitment on marketing leads: speed and depth of follow-up."""

    first_attempt_within: DurationField = Field(description="Speed, e.g. '1 business hour'.")
    attempts: int = Field(ge=1, description="Depth: attempts before a lead is closed out.")
    over: DurationField | None = Field(None, description="Time span of those attempts.")
    channels: list[Text] = []
    automated: list[Text] = Field([], description="Follow-up that may be automated.")
    leads_per_rep: int | None = Field(None, ge=1)
    per: Period | None = None


class LeadTier(Node):
    """A subset of leads with its own goal or value (e.g. executive decision makers)."""

    name: Text
    description: Text | None = None
    target: MeasureField | None = None
    per: Period | None = None
    value: MoneyField | None = Field(None, description="Worth of one lead of this tier.")

    @model_validator(mode="after")
    def _goal_or_value(self) -> LeadTier:
        if self.target is None and self.value is None:
            raise ValueError("a lead tier needs a `target` or a `value`")
        return self


class InternalAgreement(Agreement):
    kind: Literal["internal"]
    funnel: Funnel
    follow_up: FollowUp
    lead_tiers: list[LeadTier] = []


# --- tiered: three or more parties serving one end user -----------------------------------


class Obligation(Node):
    """What one party provides to another, as a link in the chain to the end user."""

    from_: str = Field(alias="from", description="Party id of the provider.")
    to: str = Field(description="Party id of the receiver, or 'end_user'.")
    provides: Text
    target: MeasureField | None = None
    within: DurationField | None = None
    per: Period | None = None
    due: Text | None = None


class ServiceTier(Node):
    name: Text
    description: Text | None = None
    price: MoneyField | None = None
    targets: dict[str, MeasureField] = Field(
        min_length=1, description="Metric name -> target, e.g. first_response: 4 hours."
    )


class TieredAgreement(Agreement):
    kind: Literal["tiered"]
    parties: list[Party] = Field(min_length=3)
    end_user: Text = Field(description="Who the chain of parties ultimately serves.")
    obligations: list[Obligation] = Field(min_length=2)
    service_tiers: list[ServiceTier] = []


# --- customer: a provider's promises to a customer ----------------------------------------

Window = Literal["calendar month", "billing month", "quarter", "year"]


class Availability(Node):
    target: Percent
    window: Window | None = Field(None, description="The measurement window.")
    time_zone: Text | None = None
    measured_by: Text | None = Field(None, description="How availability is measured.")
    downtime: Text | None = Field(
        None, description="The allowance as the contract states it, e.g. '21 m 55 s per month'."
    )

    def budget(self, period: str, convention: sla_math.Convention = sla_math.DEFAULT) -> Decimal:
        return sla_math.downtime_budget(self.target, period, convention)


class Service(Node):
    name: Text
    description: Text | None = None
    availability: Availability | None = None


class Severity(Node):
    level: int = Field(ge=1, description="1 is the most severe.")
    name: Text
    description: Text
    response: DurationField
    resolution: DurationField | None = None
    clock: Literal["business", "calendar"] | None = Field(
        None, description="Whether times run in business hours or around the clock."
    )


class Support(Node):
    hours: Text | None = Field(None, description="e.g. '24x7' or 'Mon-Fri 08:00-18:00'.")
    time_zone: Text | None = None
    channels: list[Text] = []
    severities: list[Severity] = Field(min_length=1)


class CreditBand(Node):
    """Credit owed when availability is below ``below`` and at least ``at_least``."""

    below: Percent
    at_least: Percent | None = None
    credit: Percent


class ServiceCredits(Node):
    basis: Text = Field(description="What the credit is a share of, e.g. the monthly fee.")
    window: Window | None = None
    bands: list[CreditBand] = Field(min_length=1)
    maximum: Percent | None = None


class Maintenance(Node):
    window: Text
    notice: DurationField
    max_per_month: DurationField | None = None
    counts_as_downtime: bool = False


class Claims(Node):
    deadline: DurationField
    after: Text | None = Field(
        None,
        description="What the deadline runs from; by default "
        "the end of the month in which the incident occurred.",
    )
    evidence: list[Text] = []
    submit_to: Text


class Delivery(Node):
    """A supplier's delivery commitment (goods rather than an online service)."""

    item: Text
    quantity: MeasureField
    per: Period
    schedule: Text = Field(description="When, e.g. 'every Monday before 10:00'.")
    addresses: list[Text] = Field(min_length=1)
    delivered_by: Text
    confirmation_to: Text = Field(description="Who is sent the delivery confirmation.")
    confirmation_within: DurationField | None = None


class CustomerAgreement(Agreement):
    kind: Literal["customer"]
    provider: str = Field(description="Party id of the provider.")
    customer: str = Field(description="Party id of the customer.")
    services: list[Service] = []
    deliveries: list[Delivery] = []
    support: Support | None = None
    service_credits: ServiceCredits | None = None
    exclusions: list[Text] = []
    maintenance: Maintenance | None = None
    claims: Claims | None = None

    def uses_terms(self) -> tuple[str, ...]:
        used = []
        if any(service.availability for service in self.services):
            used += ["availability", "downtime"]
        if self.service_credits:
            used.append("service_credit")
        if self.support and self.support.hours:
            used.append("business_hours")
        return tuple(used)

    @model_validator(mode="after")
    def _promises_something(self) -> CustomerAgreement:
        if not self.services and not self.deliveries:
            raise ValueError(
                "a customer agreement needs `services` (with availability "
                "targets) or `deliveries` (for goods), or both"
            )
        return self


AnyAgreement = Annotated[
    Union[InternalAgreement, TieredAgreement, CustomerAgreement], Field(discriminator="kind")
]
MODELS: dict[str, type[Agreement]] = {
    "internal": InternalAgreement,
    "tiered": TieredAgreement,
    "customer": CustomerAgreement,
}
