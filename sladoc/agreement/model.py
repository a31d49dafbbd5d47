"""The agreement file format, version 1: one typed model for the three kinds.

Field names are the YAML keys. Every model forbids unknown keys (a typo is an error, never a
silently ignored line). Values arrive as the text the author wrote (see ``loader``) and are
converted here, so ``99.95%``, ``4 business hours`` and ``5000 USD`` are read the way a
person means them. Rules that need the whole agreement (references between parties) live in
``validate``; best practices that a valid agreement may still break live in ``checks``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal, Union

from pydantic import (
    BeforeValidator,
    Field,
    PlainSerializer,
    PlainValidator,
    PrivateAttr,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)

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
    _duration,
    _language,
    _listify,
    _text,
)
from sladoc.agreement.fields import Measure as Measure
from sladoc.agreement.fields import Term as Term
from sladoc.agreement.fields import _term as _term
from sladoc.agreement.fields import describe_value as describe_value
from sladoc.agreement.fields import did_you_mean as did_you_mean
from sladoc.agreement.fields import language_problem as language_problem
from sladoc.agreement.general import General
from sladoc.agreement.layout import DEFAULT_LAYOUT, LAYOUTS, LayoutName, misfit
from sladoc.agreement.values import Duration, Money, parse_money, parse_percent, parse_window
from sladoc.language import DEFAULT, WINDOWS
from sladoc.language import language as _language_named

FORMAT_VERSION = 1
KINDS = ("internal", "tiered", "customer")


class Contact(Node):
    """A person: a point of contact and, by default, a party's signatory."""

    name: Text
    role: Text
    email: Email
    phone: Text | None = None


class Witness(Node):
    """A person who witnesses a party's signature."""

    name: Text
    title: Text | None = None


class Signatory(Node):
    """A person who signs for a party, with where they sign."""

    name: Text
    title: Text
    place: Text | None = Field(None, description="Where they sign, e.g. 'Jakarta'.")


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
    signatories: list[Signatory] = Field(
        [], description="Everyone who signs for this party, when more than one signs."
    )
    witness: Witness | None = None

    @model_validator(mode="after")
    def _one_way_to_name_signatories(self) -> Party:
        if self.signatory is not None and self.signatories:
            raise ValueError("give either `signatory` or `signatories`, not both")
        return self

    @property
    def signers(self) -> list[Signatory]:
        """Who signs for the party: its signatories, else the first contact."""
        if self.signatories:
            return list(self.signatories)
        if self.signatory is not None:
            return [self.signatory]
        return [Signatory(name=self.contacts[0].name, title=self.contacts[0].role)]

    @property
    def called(self) -> str:
        """How the contract names the party once the preamble has defined it: its short
        name, else its name."""
        return self.short_name or self.name


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
    id: Id | None = Field(
        None, description="Names the clause for cross-references: `[clause:ID]` in any text."
    )
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


def _notice(value: Any, info: ValidationInfo) -> Duration | Term:
    """A notice period: a duration ("90 days", "PT4H") or a whole number of months or years
    ("3 months", "3 bulan"), which a contract counts by the calendar."""
    try:
        return _duration(value, info)
    except ValueError as error:
        try:
            term = _term(value)
        except ValueError:
            raise error from None
        if term.unit in ("month", "year"):
            return term
        raise


NoticeField = Annotated[
    Union[Duration, Term],
    PlainValidator(_notice),
    PlainSerializer(str),
    WithJsonSchema(
        {
            "type": "string",
            "description": "A notice period: '90 days', '3 months', '1 year', '3 bulan'.",
        }
    ),
]


class Convenience(Node):
    """Termination without cause: who may end the agreement, and the notice they give."""

    notice: NoticeField
    by: Annotated[
        list[str],
        BeforeValidator(_listify),
        WithJsonSchema(
            {"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}
        ),
    ] = Field([], description="Party id(s) who may; leave out for any party.")


class Termination(Node):
    conditions: list[Text] = Field(min_length=1)
    notice: NoticeField | None = Field(None, description="Notice of termination for cause.")
    for_convenience: Convenience | None = Field(
        None, description="Termination without cause, with its notice."
    )


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
    prevailing_language: LanguageCode | None = Field(
        None,
        description="In an agreement in two languages, the version that prevails if they "
        "differ; by default the first of `language`.",
    )
    layout: LayoutName | None = Field(
        None,
        description="How the document is laid out for its readers: "
        + "; ".join(f"`{name}`: {layout.description}" for name, layout in LAYOUTS.items())
        + ". By default `two-column` for internal and tiered agreements, `formal` for "
        "customer agreements; `sladoc build --layout` overrides it.",
    )
    guidance: bool | None = Field(
        None,
        description="Whether the layout's guidance notes for the author (the `metrics` "
        "layout's) are printed; by default in a draft and not in a final agreement.",
    )
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
    _languages: tuple[str, ...] = PrivateAttr(default=())
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

    @model_validator(mode="after")
    def _versions(self, info: ValidationInfo) -> Agreement:
        # A bilingual file is validated once per language (``agreement.bilingual``); each
        # version knows the languages of the whole agreement.
        codes = (info.context or {}).get("languages")
        if codes:
            self._languages = tuple(codes)
        return self

    @field_validator("layout", mode="before")
    @classmethod
    def _layout_fits(cls, name: Any, info: ValidationInfo) -> Any:
        kind = info.data.get("kind")
        wrong = misfit(kind, name) if isinstance(name, str) and kind is not None else None
        if wrong:
            raise ValueError(wrong)
        return name

    @property
    def layout_name(self) -> str:
        """The layout the document is drawn in: the agreement's own, else its kind's
        default."""
        return self.layout or DEFAULT_LAYOUT[self.kind]

    @property
    def shows_guidance(self) -> bool:
        """Whether the document carries the layout's guidance notes for the author."""
        return self.guidance if self.guidance is not None else self.status == "draft"

    @property
    def languages(self) -> tuple[str, ...]:
        """The agreement's languages, the first on the left of a bilingual document: this
        version's ``language`` alone for a single-language agreement."""
        return self._languages or (self.language,)

    @property
    def prevailing(self) -> str:
        """The language whose version prevails if the versions differ."""
        return self.prevailing_language or self.languages[0]

    def party(self, party_id: str) -> Party:
        return next(p for p in self.parties if p.id == party_id)

    def uses_terms(self) -> tuple[str, ...]:
        """The terms (keys of ``Language.terms``) the contract's own wording uses as
        defined terms for this agreement: none but a customer agreement's."""
        return ()

    def generated_terms(self) -> tuple[str, ...]:
        """The terms the document defines for this agreement: those it uses that the
        author's `definitions` do not define already (by the term's name in any of the
        agreement's languages, so that both versions of a bilingual one define the same)."""
        names = [_language_named(code).terms for code in self.languages]
        own = {" ".join(d.term.split()).casefold() for d in self.definitions}
        return tuple(
            key
            for key in self.uses_terms()
            if not any(named[key].casefold() in own for named in names)
        )


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


class Handover(Node):
    """Who hands over between two levels: the contact at the level handing over, and the
    one receiving."""

    from_: str = Field(alias="from", description="Party id of the level handing over.")
    to: str = Field(description="Party id of the level receiving, or 'end_user'.")
    contact: Contact = Field(description="Who hands over.")
    receiver: Contact | None = Field(None, description="Who receives.")


class TieredAgreement(Agreement):
    kind: Literal["tiered"]
    parties: list[Party] = Field(min_length=3)
    end_user: Text = Field(description="Who the chain of parties ultimately serves.")
    obligations: list[Obligation] = Field(min_length=2)
    handovers: list[Handover] = Field(
        [], description="A contact for each hand-over between levels."
    )
    service_tiers: list[ServiceTier] = []


# --- customer: a provider's promises to a customer ----------------------------------------

Window = Annotated[
    str,
    PlainValidator(lambda v: parse_window(v)),
    WithJsonSchema(
        {
            "type": "string",
            "examples": list(WINDOWS),
            "description": "calendar month, billing month, quarter or year (also 'bulan "
            "kalender', 'triwulan' ...).",
        }
    ),
]


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
    coverage: Literal["24x7", "business hours"] | None = Field(
        None, description="When support works on incidents of this severity."
    )

    @property
    def runs_on(self) -> str | None:
        """The clock its times run on: as stated, or as its response time says."""
        return self.clock or self.response.clock


_TIME = re.compile(r"([01]?[0-9]|2[0-4])[:.]([0-5][0-9])")


def _time_of_day(value: Any) -> str:
    text = _text(value)
    match = _TIME.fullmatch(text)
    if not match or (match.group(1) == "24" and match.group(2) != "00"):
        raise ValueError(f'expected a time of day such as "08:00" or "17:30", got "{text}"')
    return f"{int(match.group(1)):02d}:{match.group(2)}"


TimeOfDay = Annotated[
    str,
    BeforeValidator(_time_of_day),
    WithJsonSchema({"type": "string", "pattern": "^[0-2]?[0-9][:.][0-5][0-9]$"}),
]


class BusinessHours(Node):
    """The hours a business clock counts: days, times, time zone and the public holidays
    left out."""

    days: Text = Field(description="The working days, e.g. 'Monday to Friday'.")
    from_: TimeOfDay = Field(alias="from", description="Start of the working day, e.g. 08:00.")
    to: TimeOfDay = Field(
        description="End of the working day, e.g. 18:00 (earlier than `from`: past midnight)."
    )
    time_zone: Text
    holidays: Text | None = Field(
        None, description="The public-holiday calendar left out, e.g. 'Indonesia (national)'."
    )


class Support(Node):
    hours: Text | None = Field(None, description="e.g. '24x7' or 'Mon-Fri 08:00-18:00'.")
    time_zone: Text | None = None
    business_hours: BusinessHours | None = Field(
        None, description="The hours a business clock counts."
    )
    channels: list[Text] = []
    severities: list[Severity] = Field(min_length=1)


@dataclass(frozen=True)
class Amount:
    """A credit as written: a share of the credit's basis (``10%``) or a fixed sum
    (``250 USD``). Exactly one of ``percent`` and ``money`` is set."""

    text: str
    percent: Decimal | None = None
    money: Money | None = None

    def __str__(self) -> str:
        return self.text


def _amount(value: Any, info: ValidationInfo) -> Amount:
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        value = str(value)
    text = _text(value)
    language = _language(info)
    if text.endswith("%") or text.lower().endswith("persen"):
        return Amount(text, percent=parse_percent(text, decimal_comma=language.decimal_comma))
    try:
        return Amount(text, money=parse_money(text, language=language.code))
    except ValueError:
        raise ValueError(
            f'expected a share of the basis ("10%") or an amount with its currency '
            f'("250 USD"), got "{text}"'
        ) from None


AmountField = Annotated[
    Amount,
    PlainValidator(_amount),
    PlainSerializer(str),
    WithJsonSchema(
        {
            "type": ["string", "number"],
            "description": "A share of the basis ('10%') or a fixed amount ('250 USD').",
        }
    ),
]

CreditTrigger = Literal["availability", "on-time deliveries", "complete deliveries"]
"""What a credit table's bands measure: a service's availability, or the share of the
month's deliveries that arrived on schedule, or complete and undamaged."""

EventTrigger = Literal[
    "missed response",
    "missed resolution",
    "late delivery",
    "short delivery",
    "damaged delivery",
    "downtime beyond budget",
]
"""What one event credit is owed for: each incident answered or resolved late, each late,
short or damaged delivery, or each hour of downtime beyond the window's allowance."""


class CreditBand(Node):
    """Credit owed when the measure is below ``below`` and at least ``at_least``."""

    below: Percent
    at_least: Percent | None = None
    credit: Percent


class EventCredit(Node):
    """A credit owed for each event: an incident answered or resolved late, a late, short or
    damaged delivery, or an hour of downtime beyond the allowance."""

    for_: EventTrigger = Field(alias="for", description="What the credit is owed for.")
    credit: AmountField
    severities: list[int] = Field(
        [], description="For missed response or resolution: the severity levels; empty for all."
    )
    per: Literal["hour", "started hour"] | None = Field(
        None, description="For downtime beyond budget: per full hour, or per hour begun."
    )

    @property
    def hourly(self) -> bool:
        return self.for_ == "downtime beyond budget"


class ServiceCredits(Node):
    for_: CreditTrigger = Field("availability", alias="for", description="What the bands measure.")
    basis: Text | None = Field(
        None, description="The fee a percentage credit is a share of, e.g. the monthly fee."
    )
    window: Window | None = None
    bands: list[CreditBand] = []
    events: list[EventCredit] = Field(
        [], description="Credits owed per event: missed response, late delivery, ..."
    )
    maximum: Percent | None = Field(None, description="Cap per window, as a share of the basis.")
    overall_maximum: AmountField | None = Field(
        None, description="Cap over the whole term: a share of the basis or an amount."
    )

    @model_validator(mode="after")
    def _owes_something(self) -> ServiceCredits:
        if not self.bands and not self.events:
            raise ValueError(
                "service credits need `bands` (a credit per band of the measure) or "
                "`events` (a credit per missed response, late delivery, ...), or both"
            )
        if self.basis is None and (
            self.bands
            or self.maximum is not None
            or any(e.credit.percent is not None for e in self.events)
            or (self.overall_maximum is not None and self.overall_maximum.percent is not None)
        ):
            raise ValueError(
                "a credit written as a percentage needs `basis`: the fee it is a share of, "
                "e.g. 'the monthly fee of the affected service'"
            )
        return self


class EmergencyMaintenance(Node):
    """Maintenance that cannot wait for the window: its notice and whether it counts."""

    notice: DurationField | None = Field(None, description="Notice given, if any.")
    counts_as_downtime: bool = True


class Maintenance(Node):
    window: Text | None = Field(
        None, description="A fixed window, e.g. 'Sundays 01:00-05:00 UTC'; none: announced."
    )
    notice: DurationField
    announced_via: list[Text] = Field(
        [], description="Where maintenance is announced, e.g. status page, e-mail."
    )
    max_per_month: DurationField | None = None
    counts_as_downtime: bool = False
    emergency: EmergencyMaintenance | None = None


ClaimPayment = Literal["next invoice", "refund"]
Determiner = Literal["provider", "customer", "both parties"]


class Claims(Node):
    by: Text | None = Field(
        None, description="Who may claim; by default the customer, e.g. 'the Customer's admin'."
    )
    deadline: DurationField | None = None
    after: Text | None = Field(
        None,
        description="What the deadline runs from; by default "
        "the end of the month in which the incident occurred.",
    )
    evidence: list[Text] = []
    submit_to: Text
    determined_by: Determiner | None = Field(
        None, description="Who decides whether a credit is owed."
    )
    disputes: Text | None = Field(
        None, description="How a disputed claim is settled, e.g. 'escalated to both CEOs'."
    )
    paid_as: ClaimPayment | None = Field(
        None, description="How a credit is paid: on the next invoice, or as a refund."
    )


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
    on_time: Percent | None = Field(
        None, description="Share of each month's deliveries that arrive as scheduled."
    )
    complete: Percent | None = Field(
        None, description="Share of each month's deliveries that arrive complete and undamaged."
    )


PlanTargets = Annotated[
    dict[str, Percent],
    BeforeValidator(lambda v: v if isinstance(v, dict) else {ALL_SERVICES: v}),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": ["string", "number"]},
                {"type": "object", "additionalProperties": {"type": ["string", "number"]}},
            ],
            "description": "One target for every service ('99.9%'), or a target per service name.",
        }
    ),
]

ALL_SERVICES = "*"
"""The key of a plan target written once for every service."""


class Plan(Node):
    """A service plan (tier) on offer: its availability targets, support and credits."""

    name: Text
    description: Text | None = None
    price: MoneyField | None = None
    per: Period | None = Field(None, description="What the price is for, e.g. month.")
    availability: PlanTargets = Field(
        {}, description="Availability target for every service, or per service name."
    )
    support: Support | None = None
    service_credits: ServiceCredits | None = None

    def target(self, service: str) -> Decimal | None:
        return self.availability.get(service, self.availability.get(ALL_SERVICES))


@dataclass(frozen=True)
class Level:
    """The service levels of one plan (or of the agreement, when it has no plans), with the
    key paths they were written at: what the checker checks and the document shows per plan."""

    plan: Plan | None
    plan_index: int | None
    availability: tuple[tuple[int, Service, Availability, tuple[str | int, ...]], ...]
    """(index in `services`, the service, its availability, where its target is written)."""
    support: Support | None
    support_path: tuple[str | int, ...]
    credits: ServiceCredits | None
    credits_path: tuple[str | int, ...]

    @property
    def name(self) -> str | None:
        return self.plan.name if self.plan else None


class CustomerAgreement(Agreement):
    kind: Literal["customer"]
    provider: str = Field(description="Party id of the provider.")
    customer: str = Field(description="Party id of the customer.")
    services: list[Service] = []
    deliveries: list[Delivery] = []
    plans: list[Plan] = Field(
        [], description="Service plans (tiers) on offer, e.g. Bronze, Silver and Gold."
    )
    plan: str | None = Field(
        None, description="The customer's plan; leave out for a published multi-plan SLA."
    )
    support: Support | None = None
    service_credits: ServiceCredits | None = None
    exclusions: list[Text] = []
    maintenance: Maintenance | None = None
    claims: Claims | None = None

    def uses_terms(self) -> tuple[str, ...]:
        used = []
        if any(service.availability for service in self.services):
            used += ["availability", "downtime"]
        if any(level.credits for level in self.levels()):  # the agreement's or a plan's
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

    def credit_window(self, credits: ServiceCredits) -> str | None:
        """The window service credits are counted over: their own, else the first
        service's measurement window; None when neither says (a month)."""
        return credits.window or next(
            (
                s.availability.window
                for s in self.services
                if s.availability and s.availability.window
            ),
            None,
        )

    def levels(self, *, chosen_only: bool = False) -> list[Level]:
        """The service levels of every plan, each falling back to the agreement's own support
        and credits; one level without a plan when there are no plans. With ``chosen_only``,
        only the customer's ``plan`` when it names one."""
        if not self.plans:
            return [
                Level(
                    None,
                    None,
                    tuple(
                        (i, s, s.availability, ("services", i, "availability", "target"))
                        for i, s in enumerate(self.services)
                        if s.availability is not None
                    ),
                    self.support,
                    ("support",),
                    self.service_credits,
                    ("service_credits",),
                )
            ]
        levels = []
        for index, plan in enumerate(self.plans):
            if chosen_only and self.plan is not None and plan.name != self.plan:
                continue
            targets = []
            for i, service in enumerate(self.services):
                target = plan.target(service.name)
                if target is None:
                    if service.availability is not None:
                        path: tuple[str | int, ...] = ("services", i, "availability", "target")
                        targets.append((i, service, service.availability, path))
                    continue
                key = service.name if service.name in plan.availability else ALL_SERVICES
                path = ("plans", index, "availability")
                if key != ALL_SERVICES:
                    path += (key,)
                base = service.availability or Availability(target=target)
                targets.append((i, service, base.model_copy(update={"target": target}), path))
            levels.append(
                Level(
                    plan,
                    index,
                    tuple(targets),
                    plan.support or self.support,
                    ("plans", index, "support") if plan.support else ("support",),
                    plan.service_credits or self.service_credits,
                    ("plans", index, "service_credits")
                    if plan.service_credits
                    else ("service_credits",),
                )
            )
        return levels

    def credit_tables(self) -> list[tuple[tuple[str | int, ...], ServiceCredits]]:
        """Every service-credit table, with its key path: the agreement's, then each plan's
        own."""
        found: list[tuple[tuple[str | int, ...], ServiceCredits | None]]
        found = [(("service_credits",), self.service_credits)]
        found += [
            (("plans", index, "service_credits"), plan.service_credits)
            for index, plan in enumerate(self.plans)
        ]
        return [(path, credits) for path, credits in found if credits is not None]

    def supports(self) -> list[tuple[tuple[str | int, ...], Support]]:
        """Every support block, with its key path: the agreement's, then each plan's own."""
        found: list[tuple[tuple[str | int, ...], Support | None]] = [(("support",), self.support)]
        found += [
            (("plans", index, "support"), plan.support)
            for index, plan in enumerate(self.plans)
            if plan.support
        ]
        return [(path, support) for path, support in found if support is not None]

    def credit_targets(self, level: Level) -> list[tuple[str, Decimal]]:
        """What the bands of ``level``'s credits are measured against: each service's
        availability target, or each delivery's on-time or complete commitment."""
        credits = level.credits
        if credits is None:
            return []
        if credits.for_ == "availability":
            return [(service.name, a.target) for _, service, a, _ in level.availability]
        attribute = "on_time" if credits.for_ == "on-time deliveries" else "complete"
        return [
            (d.item, getattr(d, attribute))
            for d in self.deliveries
            if getattr(d, attribute) is not None
        ]


AnyAgreement = Annotated[
    Union[InternalAgreement, TieredAgreement, CustomerAgreement], Field(discriminator="kind")
]
MODELS: dict[str, type[Agreement]] = {
    "internal": InternalAgreement,
    "tiered": TieredAgreement,
    "customer": CustomerAgreement,
}
