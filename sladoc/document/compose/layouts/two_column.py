"""The ``two-column`` layout of a customer agreement: what each party commits to, side by
side, one column per party (the provider's service levels and the responsibilities each
party takes on, the reports it sends, who answers for it), before the detailed terms.

Internal and tiered agreements are two-column by nature: their kinds' own sections already
write the parties side by side (:mod:`..internal`, :mod:`..tiered`).

May import: :mod:`sladoc.agreement`, :mod:`sladoc.document.tree`,
:mod:`sladoc.document.templateset`, :mod:`sladoc.errors`.
"""

from __future__ import annotations

from collections.abc import Iterator

from sladoc.agreement.model import CustomerAgreement, Party
from sladoc.document.compose.common import Kind, list_or_note, paragraph
from sladoc.document.compose.customer import CustomerSections
from sladoc.document.tree import Block, ColumnRow, Columns


def commitments(kind: Kind) -> Iterator[Block]:
    """Each party's commitments, responsibilities, reports and accountable person, a column
    per party."""
    assert isinstance(kind, CustomerSections)
    agreement, words = kind.agreement, kind.words
    parties = agreement.parties
    rows = [
        ColumnRow(
            words("column_service_levels"),
            tuple(list_or_note(_promises(kind, p), words, "no_commitments") for p in parties),
        ),
        ColumnRow(
            words("column_responsibilities", parties=len(parties)),
            tuple(
                list_or_note(_provides(agreement, p), words, "no_responsibilities") for p in parties
            ),
        ),
    ]
    sends = [kind.reports_sent(party, "report_sent") for party in parties]
    if any(sends):
        rows.append(
            ColumnRow(
                words("column_reports"),
                tuple(list_or_note(items, words, "no_reports") for items in sends),
            )
        )
    rows.append(
        ColumnRow(
            words("column_accountability"),
            tuple((paragraph(words.contact(p.contacts[0])),) for p in parties),
        )
    )
    yield Columns(tuple(p.name for p in parties), tuple(rows))


def _promises(kind: CustomerSections, party: Party) -> list[str]:
    """What ``party`` commits to: its own goals, and for the provider the service levels,
    support, credits and deliveries of the detailed terms, a line each that names the
    clause setting them out."""
    words, agreement = kind.words, kind.agreement
    lines = kind.goals_of(party)
    if party.id != agreement.provider:
        return lines
    if any(level.availability for level in kind.levels):
        lines.append(words("promise_availability"))
    if any(level.support for level in kind.levels):
        lines.append(words("promise_support"))
    if any(level.credits for level in kind.levels):
        lines.append(words("promise_credits"))
    if agreement.deliveries:
        lines.append(words("promise_deliveries", count=len(agreement.deliveries)))
    return lines


def _provides(agreement: CustomerAgreement, party: Party) -> list[str]:
    """What ``party`` provides: what every other party needs from it (``requirements``)."""
    return [
        need
        for other in agreement.parties
        if other is not party
        for need in agreement.requirements.get(other.id, [])
    ]


def service_levels(kind: Kind) -> Iterator[Block]:
    """The detailed service levels: each service's availability and allowance (or the plans
    compared), and the deliveries."""
    assert isinstance(kind, CustomerSections)
    yield from kind.service_levels()
    yield from kind.deliveries()
