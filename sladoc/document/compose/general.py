"""The contract's furniture around the service levels: the recitals after the preamble, the
terms the document defines for the agreement, and the general clauses before the
signatures (:mod:`sladoc.agreement.general` holds what they say; the wording files say it).

Each section function yields its blocks without its top heading, which the spine writes;
a section with nothing to say yields nothing and is left out, heading and all.

May import: :mod:`sladoc.agreement`, :mod:`sladoc.language`, :mod:`sladoc.document.tree`,
:mod:`sladoc.document.templateset`, :mod:`sladoc.errors`.
"""

from __future__ import annotations

from collections.abc import Iterator
from string import ascii_lowercase
from typing import Any

from sladoc.agreement.general import STANDARD, General, standard
from sladoc.agreement.model import Agreement, CustomerAgreement, Party
from sladoc.document.compose.common import KindSections, bullets, paragraph, table
from sladoc.document.compose.richtext import blocks, emphasis
from sladoc.document.tree import Block, Heading, Paragraph
from sladoc.language import language

Kind = KindSections[Agreement]


def _letter(index: int) -> str:
    """a, b, ..., z, aa, ab, ...: the letter of the ``index``-th (0-based) recital."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = ascii_lowercase[rest] + letters
    return letters


def recitals(kind: Kind) -> Iterator[Block]:
    """The background of the agreement (WHEREAS / bahwa ...), then the operative formula;
    nothing when the agreement has no recitals."""
    agreement, words = kind.agreement, kind.words
    if not agreement.recitals:
        return
    yield paragraph(words("recitals_intro"))
    last = len(agreement.recitals) - 1
    for index, text in enumerate(agreement.recitals):
        said = " ".join(text.split()).rstrip(".;").rstrip()
        yield Paragraph(
            emphasis(words("recital", letter=_letter(index), text=said, last=index == last)),
            "clause",
        )
    yield paragraph(words("recitals_operative"))


def definitions(kind: Kind) -> list[list[str]]:
    """The rows of the definitions table: the author's terms and the terms the document
    defines for this agreement (``Agreement.generated_terms``), in alphabetical order; in
    an agreement in two languages, the author's in their order, then the document's, so
    that each row holds the same term in both versions."""
    agreement, words = kind.agreement, kind.words
    rows = [[d.term, " ".join(d.meaning.split())] for d in agreement.definitions]
    terms = language(agreement.language).terms
    values: dict[str, Any] = {**terms, "parties": len(agreement.parties), "days": ""}
    if isinstance(agreement, CustomerAgreement):
        values.update(customer_term(agreement), on_availability=credits_on_availability(agreement))
        # the fee a credit is a share of, where every plan's credits name the same one
        bases = {level.credits.basis for level in agreement.levels() if level.credits}
        values["basis"] = (next(iter(bases)) or "") if len(bases) == 1 else ""
        if agreement.support:
            values["hours"] = agreement.support.hours or ""
            values["time_zone"] = agreement.support.time_zone or ""
            business = agreement.support.business_hours
            if business is not None:
                values.update(
                    days=business.days,
                    start=business.from_,
                    end=business.to,
                    zone=business.time_zone,
                    holidays=business.holidays or "",
                )
    for key in agreement.generated_terms():
        rows.append([terms[key], words(f"definition_{key}", **values)])
    if len(agreement.languages) > 1:
        return rows
    return sorted(rows, key=lambda row: row[0].casefold())


def customer_term(agreement: CustomerAgreement) -> dict[str, str]:
    """How the contract names the customer (see :func:`party_term`)."""
    role, name = party_term(agreement.party(agreement.customer))
    return {"customer_role": role, "customer_name": name}


def credits_on_availability(agreement: CustomerAgreement) -> bool:
    """Whether the agreement's Service Credits (its own, or every plan's) are owed for
    availability alone: bands of availability, no credits per event, and a service with an
    availability target. Then the contract ties them to Availability; else to the service
    levels in general."""
    levels = [level for level in agreement.levels() if level.credits]
    return bool(levels) and all(
        level.credits is not None
        and level.credits.for_ == "availability"
        and not level.credits.events
        and level.availability
        for level in levels
    )


def party_term(party: Party) -> tuple[str, str]:
    """(role, name): how the contract names a customer agreement's provider or customer:
    by the role the preamble defines for it when it has no short name (role; the wording
    adds the article), else by its short name or name (role "")."""
    return ("" if party.short_name else party.role or ""), party.called


def general(kind: Kind) -> Iterator[Block]:
    """The general clauses, each under its own heading, in the order a contract gives
    them: liability and remedies, confidentiality, the master agreement, notices,
    assignment, amendment, entire agreement, severability, counterparts, the Indonesian
    clauses, governing law and disputes. Nothing when the agreement has no ``general``."""
    agreement, words = kind.agreement, kind.words
    chosen = agreement.general
    if chosen is None:
        return
    values: dict[str, Any] = {
        "parties": len(agreement.parties),
        "master": chosen.master_agreement is not None,
    }
    yield from _liability(kind, chosen)
    if chosen.sole_remedy is not None and isinstance(agreement, CustomerAgreement):
        yield Heading(2, words("heading_remedy", sole=chosen.sole_remedy))
        yield paragraph(
            words(
                "sole_remedy",
                sole=chosen.sole_remedy,
                on_availability=credits_on_availability(agreement),
                **customer_term(agreement),
            ),
            "clause",
        )
    yield from _standard(kind, chosen, "confidentiality", values)
    master = chosen.master_agreement
    if master is not None:
        yield Heading(2, words("heading_master"))
        yield paragraph(
            words(
                "master_agreement",
                title=master.title,
                dated=words.date(master.dated),
                master_prevails=master.prevails == "master",
            ),
            "clause",
        )
    yield from _notices(kind, chosen)
    for name in STANDARD[1:]:  # confidentiality came first, with the substance
        yield from _standard(kind, chosen, name, values)
    law = chosen.governing_law
    # the defaults of the first language: both versions of a bilingual agreement say the same
    if chosen.default_law(agreement.languages[0]):
        law = words("governing_law_default")
    if law:
        yield Heading(2, words("heading_governing_law"))
        yield paragraph(words("governing_law", law=law), "clause")
    disputes = chosen.disputes
    if disputes is not None:
        arbitration = disputes.arbitration
        yield Heading(2, words("heading_disputes"))
        yield paragraph(
            words(
                "disputes",
                parties=len(agreement.parties),
                negotiation=words.duration(disputes.negotiation),
                courts=disputes.courts or "",
                institution=arbitration.institution if arbitration else "",
                seat=arbitration.seat if arbitration else "",
                arbitrators=(arbitration.arbitrators or 0) if arbitration else 0,
                arbitration_language=(
                    (arbitration.language or words("arbitration_language_default"))
                    if arbitration
                    else ""
                ),
            ),
            "clause",
        )


def _standard(kind: Kind, chosen: General, name: str, values: dict[str, Any]) -> Iterator[Block]:
    """A standard clause under its heading: sladoc's wording, the author's own, or
    nothing."""
    clause = standard(chosen, name, kind.agreement.languages)
    if clause is False:
        return
    yield Heading(2, kind.words(f"heading_{name}"))
    if clause is True:
        yield paragraph(kind.words(name, **values), "clause")
    else:
        yield from blocks(clause)


def _liability(kind: Kind, chosen: General) -> Iterator[Block]:
    liability, words = chosen.liability, kind.words
    if liability is None:
        return
    cap = liability.cap
    yield Heading(2, words("heading_liability"))
    yield paragraph(
        words(
            "liability_cap",
            months=cap.months or 0,
            amount=words.money(cap.money) if cap.money else "",
        ),
        "clause",
    )
    if liability.indirect_loss:
        yield paragraph(words("liability_indirect"), "clause")
    if liability.not_capped:
        yield paragraph(words("liability_not_capped"), "clause")
        yield bullets(liability.not_capped)


def _notices(kind: Kind, chosen: General) -> Iterator[Block]:
    """Where each party receives notices, and when a notice counts as received."""
    agreement, words = kind.agreement, kind.words
    if chosen.notices is False:
        return
    given = chosen.notices
    rows = []
    for party in agreement.parties:
        details = given.get(party.id)
        first = party.contacts[0]
        address = (details.address if details else None) or party.address or ""
        email = (details.email if details else None) or first.email
        attention = (details.attention if details else None) or first.name
        rows.append([party.called, address, email, attention])
    header = words.list("notices_header")
    widths: tuple[float, ...] = (2, 4, 3, 2)
    if not any(row[1] for row in rows):  # no addresses: no empty column
        rows = [[row[0], *row[2:]] for row in rows]
        header = [header[0], *header[2:]]
        widths = (2, 3, 2)
    yield Heading(2, words("heading_notices"))
    yield paragraph(words("notices_intro", parties=len(agreement.parties)), "clause")
    yield table(header, rows, widths=widths)
    yield paragraph(words("notices_received"), "clause")
