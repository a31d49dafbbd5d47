"""The ``metrics`` layout (the guide's Hivehouse template): the six building blocks as six
numbered steps, each built around a table, with a short guidance note for the author under
each step's heading while the agreement is a draft (``Agreement.shows_guidance``).

- Step 1, the overview: the agreement's own words, the parties, key dates and definitions
  (:func:`sections.overview`).
- Step 2, the goals: one table of what is measured, the target, how it is measured and who
  owns it: every party's goals, and what the kind adds (an internal agreement's leads goal
  from the funnel, follow-up speed, depth and capacity and lead tiers; a tiered agreement's
  levels, then who provides what to whom and the service tiers; a customer agreement's
  service levels, per plan when there are several, then its support, deliveries,
  exclusions and maintenance).
- Step 3, the requirements: a row per thing a party needs, who needs it and, between two
  parties, who provides it.
- Step 4, points of contact and reporting (:func:`sections.contacts`).
- Step 5, if goals are not met: the remedies, strikes and recovery, the escalation, and a
  customer agreement's service credits and claims.
- Step 6, termination: a row per ground, with its notice.

The heading of each step says its number ("Step 2: ...", from the wording, which the spine
gives the clause's number); a step with nothing to say is left out, guidance and all.

May import: :mod:`sladoc.agreement`, :mod:`sladoc.document.tree`,
:mod:`sladoc.document.templateset`, :mod:`sladoc.errors`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal

from sladoc.agreement.model import Goal, Level, Party, Support
from sladoc.agreement.values import format_number
from sladoc.document.compose import sections
from sladoc.document.compose.common import Kind, Section, Words, bullets, paragraph, table
from sladoc.document.compose.customer import CustomerSections
from sladoc.document.compose.internal import InternalSections
from sladoc.document.compose.tiered import TieredSections
from sladoc.document.tree import Block, BulletList, Heading, Paragraph, Run

Rows = list[list[str]]

_GOALS_WIDTHS = (4, 3, 4, 2)
"""What is measured, target, how it is measured, owner."""

_LEADS_STEMS = ("marketing", "pemasaran")
_SALES_STEMS = ("sales", "penjualan")
"""How an internal agreement's team is recognised (in its id, name or role) as the one that
delivers the leads, or the one that follows them up: the owner of those metrics."""


# --- the steps --------------------------------------------------------------------------------


def overview(kind: Kind) -> Iterator[Block]:
    """Step 1: the agreement's overview, parties, key dates and definitions."""
    yield from _step(kind, "overview", sections.overview(kind))


def goals(kind: Kind) -> Iterator[Block]:
    """Step 2: the table of goals, then what the kind's goals are made of."""
    if isinstance(kind, InternalSections):
        blocks = _internal_goals(kind)
    elif isinstance(kind, TieredSections):
        blocks = _tiered_goals(kind)
    elif isinstance(kind, CustomerSections):
        blocks = _customer_goals(kind)
    else:
        blocks = _goals_table(kind, _party_goal_rows(kind))
    yield from _step(kind, "goals", blocks)


def requirements(kind: Kind) -> Iterator[Block]:
    """Step 3: what each party needs, who needs it and (between two parties) who
    provides it."""
    yield from _step(kind, "requirements", _requirements(kind))


def contacts(kind: Kind) -> Iterator[Block]:
    """Step 4: points of contact, then who reports what to whom."""
    yield from _step(kind, "contacts", sections.contacts(kind))


def if_goals_missed(kind: Kind) -> Iterator[Block]:
    """Step 5: the consequences of a missed goal, the escalation, and service credits."""
    yield from _step(kind, "missed", _if_goals_missed(kind))


def termination(kind: Kind) -> Iterator[Block]:
    """Step 6: the grounds for termination and their notice."""
    yield from _step(kind, "termination", _termination(kind))


SECTIONS = (
    Section("metrics_overview", "heading_overview", overview),
    Section("metrics_goals", "metrics_heading_goals", goals),
    Section("metrics_requirements", "heading_requirements", requirements),
    Section("metrics_contacts", "heading_contacts", contacts),
    Section("metrics_missed", "heading_missed", if_goals_missed),
    Section("metrics_termination", "heading_termination", termination),
)
"""The six steps, under the ids of the building blocks' sections."""


def _step(kind: Kind, step: str, blocks: Iterable[Block]) -> Iterator[Block]:
    """A step's blocks, after its guidance note when the agreement shows guidance; nothing
    when the step has nothing else to say."""
    written = list(blocks)
    if not written:
        return
    if kind.agreement.shows_guidance:
        yield guidance(kind, step)
    yield from written


def guidance(kind: Kind, step: str) -> Paragraph:
    """The note for the author under a step's heading: what belongs there and how to
    measure it."""
    words = kind.words
    return Paragraph(
        (
            Run(words("metrics_guidance_label") + " ", bold=True, italic=True),
            Run(
                words(
                    f"metrics_guidance_{step}",
                    kind=kind.agreement.kind,
                    parties=len(kind.agreement.parties),
                ),
                italic=True,
            ),
        ),
        "note",
    )


# --- step 2: goals ----------------------------------------------------------------------------


def _goals_table(kind: Kind, rows: Rows) -> Iterator[Block]:
    """The lead-in and the table of goals; nothing without rows."""
    if not rows:
        return
    words = kind.words
    yield paragraph(words("metrics_goals_intro", parties=len(kind.agreement.parties)))
    yield table(words.list("metrics_goals_header"), rows, widths=_GOALS_WIDTHS)


def _goal_row(words: Words, goal: Goal, owner: str) -> list[str]:
    per = words.period(goal.per) if goal.per else ""
    return [
        goal.metric,
        words(
            "metrics_target",
            target=words.measure(goal.target),
            per=per,
            within=words.duration(goal.within),
            due=goal.due or "",
        ),
        " ".join(goal.measured_by.split())
        if goal.measured_by
        else words("metrics_how_default", per=per, within=goal.within is not None, due=goal.due),
        owner,
    ]


def _party_goal_rows(kind: Kind, owners: dict[str, str] | None = None) -> Rows:
    """Every party's goals, the party's own first, its name (or ``owners``' word for it)
    as the owner."""
    agreement, words = kind.agreement, kind.words
    return [
        _goal_row(words, goal, (owners or {}).get(party.id) or kind.party_name(party.id))
        for party in agreement.parties
        for goal in agreement.goals.get(party.id, [])
    ]


def _owner(kind: Kind, stems: tuple[str, ...]) -> str:
    """The one party whose id, name or role says it is the team ``stems`` name, else the
    parties together."""
    found = [
        party for party in kind.agreement.parties if any(stem in _said(party) for stem in stems)
    ]
    if len(found) == 1:
        return kind.party_name(found[0].id)
    return kind.words("metrics_owner_joint", parties=len(kind.agreement.parties))


def _said(party: Party) -> str:
    return " ".join((party.id, party.name, party.role or "")).casefold()


def _internal_goals(kind: InternalSections) -> Iterator[Block]:
    """The parties' goals and the metrics of the funnel, follow-up and lead tiers in one
    table; the follow-up's channels and automation under it; then how the leads goal is
    worked out (the funnel)."""
    agreement, words = kind.agreement, kind.words
    funnel, follow_up = agreement.funnel, agreement.follow_up
    leads, sales = _owner(kind, _LEADS_STEMS), _owner(kind, _SALES_STEMS)
    period = words.period(funnel.period)
    rows = _party_goal_rows(kind)
    # A party's own goal may already state the leads goal, or the follow-up speed: a
    # table of metrics says each once.
    stated = [goal for goals in agreement.goals.values() for goal in goals]
    needed = Decimal(funnel.math.leads_needed)
    if not any(
        goal.per == funnel.period and goal.target and goal.target.number == needed
        for goal in stated
    ):
        rows.append(
            [
                words("metrics_leads_metric"),
                words(
                    "metrics_leads_target",
                    leads=format_number(needed, words.language),
                    period=period,
                ),
                words("metrics_leads_how", period=period, goal_line=funnel.period == "month"),
                leads,
            ]
        )
    speed = follow_up.first_attempt_within
    if not any(goal.target is None and goal.within == speed for goal in stated):
        rows.append(
            [
                words("metrics_speed_metric"),
                words("metrics_speed_target", within=words.duration(speed)),
                words("metrics_speed_how"),
                sales,
            ]
        )
    rows.append(
        [
            words("metrics_depth_metric"),
            words(
                "metrics_depth_target",
                attempts=follow_up.attempts,
                over=words.duration(follow_up.over),
            ),
            words("metrics_depth_how"),
            sales,
        ]
    )
    if follow_up.leads_per_rep:
        per = words.period(follow_up.per) if follow_up.per else ""
        rows.append(
            [
                words("metrics_capacity_metric"),
                words("metrics_capacity_target", leads=follow_up.leads_per_rep, per=per),
                words("metrics_capacity_how", per=per),
                sales,
            ]
        )
    for tier in agreement.lead_tiers:
        per = words.period(tier.per) if tier.per else ""
        value = words.money(tier.value) if tier.value else ""
        rows.append(
            [
                words(
                    "metrics_tier_metric",
                    tier=tier.name,
                    description=" ".join((tier.description or "").split()).rstrip("."),
                ),
                words("tier_goal", target=words.measure(tier.target), per=per)
                if tier.target is not None
                else words("metrics_tier_value", value=value),
                words("metrics_tier_how", per=per, value=value, target=tier.target is not None),
                leads,
            ]
        )
    yield from _goals_table(kind, rows)
    notes = []
    if follow_up.channels:
        notes.append(words("follow_up_channels", channels=words.join(follow_up.channels)))
    if follow_up.automated:
        notes.append(words("follow_up_automated", items="; ".join(follow_up.automated)))
    if notes:
        yield bullets(notes)
    yield from kind.funnel()


def _tiered_goals(kind: TieredSections) -> Iterator[Block]:
    """Each level's goals in one table, then who provides what to whom, the hand-overs
    and the service tiers."""
    words = kind.words
    levels = {
        party.id: words("level_heading", number=number, party=party.name)
        for number, party in enumerate(kind.agreement.parties, start=1)
    }
    yield from _goals_table(kind, _party_goal_rows(kind, levels))
    yield Heading(2, words("heading_chain"))
    rows = [
        [
            obligation.provides,
            words(
                "metrics_target",
                target=words.measure(obligation.target),
                per=words.period(obligation.per) if obligation.per else "",
                within=words.duration(obligation.within),
                due=obligation.due or "",
            )
            if obligation.target is not None or obligation.within is not None
            else words("metrics_no_target"),
            kind.party_name(obligation.to),
            kind.party_name(obligation.from_),
        ]
        for obligation in kind.agreement.obligations
    ]
    yield table(words.list("metrics_chain_header"), rows, widths=_GOALS_WIDTHS)
    yield from kind.handovers()
    yield from kind.service_tiers()


def _customer_goals(kind: CustomerSections) -> Iterator[Block]:
    """The parties' goals, the deliveries and (with one plan, or none) the service levels
    in one table; with several plans, each plan's service levels under its own heading;
    then what the service levels rest on: support, the delivery schedule, exclusions and
    maintenance."""
    agreement, words = kind.agreement, kind.words
    rows = _party_goal_rows(kind) + _delivery_rows(kind)
    by_plan = len(kind.levels) > 1
    if not by_plan:
        rows += _level_rows(kind, kind.levels[0])
    yield from _goals_table(kind, rows)
    if by_plan:
        for level in kind.levels:
            plan = level.plan
            assert plan is not None  # several levels are several plans
            yield Heading(2, words("plan_heading", plan=plan.name))
            yield paragraph(
                words(
                    "metrics_plan_levels",
                    plan=plan.name,
                    description=" ".join((plan.description or "").split()).rstrip("."),
                    price=words(
                        "plan_price",
                        price=words.money(plan.price),
                        per=words.period(plan.per) if plan.per else "",
                    )
                    if plan.price
                    else "",
                )
            )
            yield table(
                words.list("metrics_goals_header"), _level_rows(kind, level), widths=_GOALS_WIDTHS
            )
    if any(level.availability for level in kind.levels):
        yield kind.convention_note()
    described = [
        words("service_description", service=s.name, description=s.description)
        for s in agreement.services
        if s.description
    ]
    if described:
        yield bullets(described)
    exclusions = list(kind.exclusions())
    if exclusions:
        yield Heading(2, words("heading_exclusions"))
        yield from exclusions
    maintenance = list(kind.maintenance())
    if maintenance:
        yield Heading(2, words("heading_maintenance"))
        yield from maintenance
    yield from _support_terms(kind)
    # the schedule, addresses and drivers; the commitments are rows of the table above
    yield from (block for block in kind.deliveries() if not isinstance(block, BulletList))


def _level_rows(kind: CustomerSections, level: Level) -> Rows:
    """The availability of each service and the response and resolution time of each
    severity, at one plan's level (or the agreement's)."""
    words = kind.words
    owner = kind.party_name(kind.agreement.provider)
    rows = [
        [
            words("metrics_availability_metric", service=service.name),
            words(
                "metrics_availability_target",
                target=words.percent(availability.target),
                window=words.window(availability.window),
                time_zone=availability.time_zone or "",
            ),
            words(
                "metrics_availability_how",
                how=" ".join((availability.measured_by or "").split()).rstrip("."),
                month=words.spelled_duration(availability.budget("month")),
                year=words.spelled_duration(availability.budget("year")),
            ),
            owner,
        ]
        for _, service, availability, _ in level.availability
    ]
    if level.support is not None:
        for severity in sorted(level.support.severities, key=lambda v: v.level):
            times = [("response", severity.response), ("resolution", severity.resolution)]
            for measure, time in times:
                if time is None:
                    continue
                rows.append(
                    [
                        words(
                            "metrics_severity_metric",
                            measure=measure,
                            level=severity.level,
                            name=severity.name,
                        ),
                        words.duration(time),
                        words("metrics_severity_how", clock=severity.clock or ""),
                        owner,
                    ]
                )
    return rows


def _delivery_rows(kind: CustomerSections) -> Rows:
    """Each delivery's quantity, and its on-time and completeness commitments."""
    words = kind.words
    owner = kind.party_name(kind.agreement.provider)
    rows = []
    for delivery in kind.agreement.deliveries:
        rows.append(
            [
                words("metrics_delivery_metric", item=delivery.item),
                words(
                    "delivery_quantity",
                    quantity=words.measure(delivery.quantity),
                    period=words.period(delivery.per),
                ),
                words(
                    "metrics_delivery_how",
                    to=delivery.confirmation_to,
                    within=words.duration(delivery.confirmation_within),
                ),
                owner,
            ]
        )
        for measure, share in (("on_time", delivery.on_time), ("complete", delivery.complete)):
            if share is None:
                continue
            rows.append(
                [
                    words("metrics_delivery_share_metric", item=delivery.item, measure=measure),
                    words("metrics_delivery_share_target", share=words.percent(share)),
                    words("metrics_delivery_share_how", measure=measure),
                    owner,
                ]
            )
    return rows


def _support_terms(kind: CustomerSections) -> Iterator[Block]:
    """What the support times rest on: support hours, business hours, channels, and what
    each severity means; per plan when the plans' support differs."""
    supports = [
        (level, support)
        for level, support in kind.differing("support")
        if isinstance(support, Support)
    ]
    if not supports:
        return
    words = kind.words
    yield Heading(2, words("heading_support"))
    meanings = {_severities(support) for _, support in supports}
    for level, support in supports:
        if len(supports) > 1 and level.plan is not None:
            yield paragraph(words("plan_heading", plan=level.plan.name), "lead")
        # the support section's own words; the times are rows of the tables above
        for block in kind.support_terms(support):
            if isinstance(block, Paragraph):
                yield block
        if len(meanings) > 1:
            yield _severity_table(kind, support)
    if len(meanings) == 1:
        # every plan's severities mean the same: said once
        yield _severity_table(kind, supports[0][1])


def _severities(support: Support) -> tuple[tuple[str, ...], ...]:
    """What each severity of ``support`` is called, means and covers."""
    return tuple(
        (str(v.level), v.name, v.description, v.coverage or "")
        for v in sorted(support.severities, key=lambda v: v.level)
    )


def _severity_table(kind: CustomerSections, support: Support) -> Block:
    """What each severity means (and when support works on it)."""
    words = kind.words
    severities = sorted(support.severities, key=lambda v: v.level)
    covered = any(v.coverage for v in severities)
    header = words.list("metrics_severities_header")
    if covered:
        header = [*header, words("coverage_header")]
    return table(
        header,
        [
            [
                words("severity_name", level=v.level, name=v.name),
                v.description,
                *([words.mapping("coverage")[v.coverage or "unstated"]] if covered else []),
            ]
            for v in severities
        ],
        widths=(2, 5, 2) if covered else (2, 5),
    )


# --- steps 3, 5 and 6 -------------------------------------------------------------------------


def _requirements(kind: Kind) -> Iterator[Block]:
    agreement, words = kind.agreement, kind.words
    parties = agreement.parties
    pair = len(parties) == 2
    rows = []
    for party in parties:
        for need in agreement.requirements.get(party.id, []):
            row = [" ".join(need.split()), kind.party_name(party.id)]
            if pair:
                other = next(p for p in parties if p is not party)
                row.append(kind.party_name(other.id))
            rows.append(row)
    if not rows:
        yield paragraph(words("metrics_no_requirements", parties=len(parties)))
        return
    header = words.list("metrics_requirements_header")
    yield paragraph(words("metrics_requirements_intro", parties=len(parties)))
    yield table(header if pair else header[:2], rows, widths=(5, 2, 2) if pair else (5, 2))


def _if_goals_missed(kind: Kind) -> Iterator[Block]:
    words = kind.words
    missed = kind.agreement.if_goals_missed
    if missed is not None:
        count = len(missed.remedies)
        rows = [
            [words("metrics_remedy_label", number=n, count=count), " ".join(remedy.split())]
            for n, remedy in enumerate(missed.remedies, start=1)
        ]
        if missed.strikes:
            rows.append([words("metrics_strikes_label"), " ".join(missed.strikes.split())])
        if missed.recovery:
            rows.append([words("metrics_recovery_label"), " ".join(missed.recovery.split())])
        yield paragraph(words("remedies_intro"))
        yield table(words.list("metrics_consequences_header"), rows, widths=(2, 7))
        if missed.escalation:
            yield Heading(2, words("heading_escalation"))
            yield table(
                words.list("escalation_header"),
                [[step.after, step.to, step.action] for step in missed.escalation],
                widths=(2, 2, 4),
            )
    yield from kind.service_credits()


def _termination(kind: Kind) -> Iterator[Block]:
    agreement, words = kind.agreement, kind.words
    ending = agreement.termination
    if ending is None:
        return
    parties = len(agreement.parties)
    notice = words.notice(ending.notice) if ending.notice else ""
    rows = [[" ".join(c.split())] + ([notice] if notice else []) for c in ending.conditions]
    convenience = ending.for_convenience
    by = words.join([kind.party_name(p) for p in convenience.by]) if convenience else ""
    if convenience is not None and notice:
        rows.append(
            [
                words("metrics_convenience", by=by, parties=parties),
                words.notice(convenience.notice),
            ]
        )
    header = words.list("metrics_termination_header")
    yield paragraph(words("metrics_termination_intro", notice=bool(notice)))
    yield table(header if notice else header[:1], rows, widths=(6, 2) if notice else None)
    if convenience is not None and not notice:
        yield paragraph(
            words(
                "termination_convenience",
                by=by,
                notice=words.notice(convenience.notice),
                parties=parties,
            )
        )
