"""The sections of an internal agreement (Marketing <-> Sales): the funnel that turns the
sales quota into a leads goal, the parties' goals, commitments and accountability side by
side, follow-up, lead tiers, and the requirements side by side.

May import: :mod:`sladoc.agreement`, :mod:`sladoc.document.tree`,
:mod:`sladoc.document.templateset`, :mod:`sladoc.errors`.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from sladoc.agreement import sla_math
from sladoc.agreement.model import InternalAgreement
from sladoc.agreement.values import Money, format_number
from sladoc.document.compose.common import (
    KindSections,
    bullets,
    list_or_note,
    paragraph,
    table,
)
from sladoc.document.tree import Block, ColumnRow, Columns, Heading, Paragraph
from sladoc.errors import TemplateError


class InternalSections(KindSections[InternalAgreement]):
    """An internal agreement: two (or more) teams side by side, one column each."""

    def goals(self) -> Iterator[Block]:
        yield from self.funnel()
        yield from self.commitments()
        yield from self.follow_up()
        yield from self.lead_tiers()

    def requirements(self) -> Iterator[Block]:
        """What each team needs, side by side."""
        parties, words = self.agreement.parties, self.words
        yield Columns(
            tuple(p.name for p in parties),
            (
                ColumnRow(
                    words("column_requirements"),
                    tuple(
                        list_or_note(
                            self.agreement.requirements.get(p.id, []), words, "no_requirements"
                        )
                        for p in parties
                    ),
                ),
            ),
        )

    def funnel(self) -> Iterator[Block]:
        """How many leads the sales quota needs: the working, and the daily goal line."""
        words = self.words
        yield Heading(2, words("heading_funnel"))
        yield self.funnel_intro()
        yield table(
            words.list("funnel_header"), self.funnel_working(), widths=(3, 4, 2), numeric=(2,)
        )
        goal_line = self.funnel_goal_line()
        if goal_line is not None:
            yield goal_line

    def funnel_intro(self) -> Paragraph:
        """The funnel's figures: quota, share from marketing, average deal, close rate."""
        words, funnel = self.words, self.agreement.funnel
        return paragraph(
            words(
                "funnel_intro",
                quota=words.money(funnel.sales_quota),
                period=words.period(funnel.period),
                share=words.percent(funnel.marketing_share),
                deal=words.money(funnel.average_deal),
                close_rate=words.percent(funnel.close_rate),
            )
        )

    def funnel_working(self) -> list[tuple[str, str, str]]:
        """The funnel's three steps, each (what, its working, the result): revenue from
        marketing, customers, leads."""
        words, language, funnel = self.words, self.words.language, self.agreement.funnel
        math = funnel.math
        steps = words.list("funnel_steps")
        if len(steps) != 3:
            raise TemplateError(
                "the wording's `funnel_steps` must name exactly 3 steps "
                "(revenue from marketing, customers, leads)"
            )
        results = [
            words.money(Money(math.marketing_revenue, funnel.sales_quota.currency)),
            format_number(Decimal(math.customers_needed), language),
            format_number(Decimal(math.leads_needed), language),
        ]
        return list(zip(steps, math.steps(language), results, strict=True))

    def funnel_goal_line(self) -> Paragraph | None:
        """The leads needed a day, for a monthly quota (None for another period)."""
        words, language, funnel = self.words, self.words.language, self.agreement.funnel
        if funnel.period != "month":
            return None
        leads = Decimal(funnel.math.leads_needed)
        per_day = sla_math.goal_line(leads, 30)[0]
        # format_number rounds with room for every digit; quantize() alone fails past
        # 28 digits (a close rate of 0.0...1% needs that many leads)
        return paragraph(
            words(
                "funnel_goal_line",
                per_day=format_number(per_day, language, places=1),
                goal=format_number(leads, language),
            ),
            "note",
        )

    def commitments(self) -> Iterator[Block]:
        """Each team's goals, the reports it sends, and who is accountable, side by side."""
        agreement, words = self.agreement, self.words
        parties = agreement.parties
        rows = [
            ColumnRow(
                words("column_goals"),
                tuple(list_or_note(self.goals_of(p), words, "no_goals") for p in parties),
            )
        ]
        sends = [self.reports_sent(party, "commitment_report") for party in parties]
        if any(sends):
            rows.append(
                ColumnRow(
                    words("column_commitments"),
                    tuple(list_or_note(items, words, "no_commitments") for items in sends),
                )
            )
        rows.append(
            ColumnRow(
                words("column_accountability"),
                tuple((paragraph(words.contact(p.contacts[0])),) for p in parties),
            )
        )
        yield Columns(tuple(p.name for p in parties), tuple(rows))

    def follow_up(self) -> Iterator[Block]:
        """How fast, how often and by which channels Sales follows up a lead."""
        yield Heading(2, self.words("heading_follow_up"))
        yield bullets(self.follow_up_lines())

    def follow_up_lines(self) -> list[str]:
        """The follow-up commitments, a sentence each: the speed first, then the depth,
        channels, what may be automated and each representative's capacity."""
        words, follow_up = self.words, self.agreement.follow_up
        lines = [
            words("follow_up_speed", within=words.duration(follow_up.first_attempt_within)),
            words(
                "follow_up_depth",
                attempts=follow_up.attempts,
                over=words.duration(follow_up.over),
            ),
        ]
        if follow_up.channels:
            lines.append(words("follow_up_channels", channels=words.join(follow_up.channels)))
        if follow_up.automated:
            lines.append(words("follow_up_automated", items="; ".join(follow_up.automated)))
        if follow_up.leads_per_rep:
            lines.append(
                words(
                    "follow_up_capacity",
                    leads=follow_up.leads_per_rep,
                    per=words.period(follow_up.per) if follow_up.per else "",
                )
            )
        return lines

    def lead_tiers(self) -> Iterator[Block]:
        """The tiers of leads, each with its goal and worth."""
        words, tiers = self.words, self.agreement.lead_tiers
        if not tiers:
            return
        yield Heading(2, words("heading_lead_tiers"))
        rows = []
        for tier in tiers:
            goal = words(
                "tier_goal",
                target=words.measure(tier.target),
                per=words.period(tier.per) if tier.per else "",
            )
            rows.append(
                [
                    tier.name,
                    tier.description or "",
                    goal,
                    words.money(tier.value) if tier.value else "",
                ]
            )
        yield table(words.list("lead_tiers_header"), rows, widths=(2, 4, 2, 2), numeric=(3,))
