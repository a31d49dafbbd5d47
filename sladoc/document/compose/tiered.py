"""The sections of a tiered agreement (a chain of parties serving an end user): the end
user in the overview, each level's goals, who provides what to whom and who hands over
between levels, and the service tiers side by side.

May import: :mod:`sladoc.agreement`, :mod:`sladoc.document.tree`,
:mod:`sladoc.document.templateset`, :mod:`sladoc.errors`.
"""

from __future__ import annotations

from collections.abc import Iterator

from sladoc.agreement.model import TieredAgreement
from sladoc.document.compose.common import KindSections, list_or_note, paragraph, table
from sladoc.document.tree import Block, Heading


class TieredSections(KindSections[TieredAgreement]):
    """A tiered agreement: levels of parties, each serving the next, up to the end user."""

    def party_name(self, party_id: str) -> str:
        """A party's name; ``end_user`` is the end user the chain serves."""
        if party_id == "end_user":
            return self.agreement.end_user
        return super().party_name(party_id)

    def overview(self) -> Iterator[Block]:
        """Who the chain of parties serves."""
        yield paragraph(self.words("end_user_line", end_user=self.agreement.end_user))

    def goals(self) -> Iterator[Block]:
        yield from self.levels()
        yield from self.chain()
        yield from self.service_tiers()

    def levels(self) -> Iterator[Block]:
        """Each level's goals, numbered from the first party."""
        words = self.words
        for number, party in enumerate(self.agreement.parties, start=1):
            yield Heading(2, words("level_heading", number=number, party=party.name))
            yield list_or_note(self.goals_of(party), words, "no_goals")[0]

    def chain(self) -> Iterator[Block]:
        """Who provides what to whom, by when."""
        words = self.words
        yield Heading(2, words("heading_chain"))
        rows = []
        for obligation in self.agreement.obligations:
            timing = [
                words.measure(obligation.target),
                words("chain_per", period=words.period(obligation.per)) if obligation.per else "",
                (
                    words("chain_within", within=words.duration(obligation.within))
                    if obligation.within
                    else ""
                ),
                obligation.due or "",
            ]
            rows.append(
                [
                    self.party_name(obligation.from_),
                    self.party_name(obligation.to),
                    obligation.provides,
                    timing[0],
                    " ".join(t for t in timing[1:] if t),
                ]
            )
        yield table(words.list("chain_header"), rows, widths=(2, 2, 4, 2, 2))
        yield from self.handovers()

    def handovers(self) -> Iterator[Block]:
        """Who hands over between two levels, and who receives."""
        words, handovers = self.words, self.agreement.handovers
        if not handovers:
            return
        yield Heading(2, words("heading_handovers"))
        rows = [
            [
                self.party_name(h.from_),
                self.party_name(h.to),
                words.contact(h.contact),
                words.contact(h.receiver) if h.receiver else words("handover_no_receiver"),
            ]
            for h in handovers
        ]
        yield table(words.list("handovers_header"), rows, widths=(2, 2, 4, 4))

    def service_tiers(self) -> Iterator[Block]:
        """The service tiers side by side: description, each metric's target, price."""
        words, tiers = self.words, self.agreement.service_tiers
        if not tiers:
            return
        yield Heading(2, words("heading_tiers"))
        metrics: list[str] = []
        for tier in tiers:
            metrics.extend(m for m in tier.targets if m not in metrics)
        header = [words("tiers_header_first")] + [t.name for t in tiers]
        rows = [
            [metric]
            + [words.measure(t.targets[metric]) if metric in t.targets else "-" for t in tiers]
            for metric in metrics
        ]
        if any(t.description for t in tiers):
            rows.insert(0, [words("tiers_description")] + [t.description or "-" for t in tiers])
        if any(t.price for t in tiers):
            rows.append(
                [words("tiers_price")] + [words.money(t.price) if t.price else "-" for t in tiers]
            )
        yield table(header, rows)
