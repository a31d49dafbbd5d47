"""The sections every agreement has, whatever its kind: the preamble, the overview (with
the parties and key dates), points of contact and reporting, what happens if goals are
not met, termination, unexpected events, additional clauses and signatures.

Each is a function of the kind's :class:`~sladoc.document.compose.common.KindSections`
(the agreement, its words, and what the kind adds) that yields the section's blocks
without its top heading, which the spine writes.

May import: :mod:`sladoc.agreement`, :mod:`sladoc.document.tree`,
:mod:`sladoc.document.templateset`, :mod:`sladoc.errors`.
"""

from __future__ import annotations

from collections.abc import Iterator

from sladoc.agreement.model import Agreement
from sladoc.document.compose import general, richtext
from sladoc.document.compose.common import (
    KindSections,
    bullets,
    labelled,
    paragraph,
    paragraphs,
    table,
)
from sladoc.document.compose.parallel import language_clause
from sladoc.document.tree import Block, Heading, Signatures, Signer

Kind = KindSections[Agreement]


def preamble(kind: Kind) -> Iterator[Block]:
    """Who agrees, from when and for how long. Where the language names the parties by
    their place in the agreement (Indonesian: PIHAK PERTAMA, PIHAK KEDUA, together PARA
    PIHAK), the preamble introduces those names."""
    agreement, words = kind.agreement, kind.words
    designations = [kind.designation(party) for party in agreement.parties]
    names = [
        words(
            "party_introduced",
            name=p.name,
            short_name=p.short_name or "",
            role=p.role or "",
            defined=kind.defines_role(p),
            designation=designation,
        )
        for p, designation in zip(agreement.parties, designations, strict=True)
    ]
    yield paragraph(
        words(
            "preamble",
            kind_name=words("kind_name"),
            party_list=names,
            designations=words.join(designations) if all(designations) else "",
            effective=words.date(agreement.effective),
            term=words.term(agreement.term) if agreement.term else "",
            end=words.date(agreement.end) if agreement.end else "",
        ),
        "lead",
    )


def overview(kind: Kind) -> Iterator[Block]:
    """The agreement's own overview, what its kind adds, the parties, key dates and
    definitions."""
    agreement, words = kind.agreement, kind.words
    yield from paragraphs(agreement.overview)
    yield from kind.overview()
    yield Heading(2, words("heading_parties"))
    # No role column when no party has a role: a column of "Party" says nothing, and a
    # placeholder must never show in a contract.
    with_roles = any(party.role for party in agreement.parties)
    with_addresses = any(party.address for party in agreement.parties)
    rows = []
    for party in agreement.parties:
        name = (
            words("party_address", name=party.name, address=party.address)
            if party.address
            else party.name
        )
        role = [party.role or words("party_role_default")] if with_roles else []
        rows.append([name, *role, words.contact(party.contacts[0])])
    header = words.list("parties_header")
    if not with_roles:
        header = [header[0], header[2]]
    # An address needs room: the party column widens when one is given.
    party_width = 3 if with_addresses else 2
    widths = (party_width, 2, 5) if with_roles else (party_width, 5)
    yield table(header, rows, widths=widths)
    yield Heading(2, words("heading_key_dates"))
    facts = [[words("effective_label"), words.date(agreement.effective)]]
    if agreement.term:
        facts.append([words("term_label"), words.term(agreement.term)])
    else:
        assert agreement.end is not None  # the model requires a term or an end
        facts.append([words("end_label"), words.date(agreement.end)])
    review = agreement.review
    if review:
        facts.append(
            [
                words("review_label"),
                words(
                    "review_every",
                    period=words.period(review.every),
                    at_expiry=review.at_expiry,
                ),
            ]
        )
        if review.mid_term:
            facts.append([words("mid_term_label"), words.date(review.mid_term)])
    facts.append([words.labels()["version"], agreement.version])
    yield table(words.list("key_dates_header"), facts, widths=(2, 5))
    defined = general.definitions(kind)
    if defined:
        yield Heading(2, words("heading_definitions"))
        yield table(words.list("definitions_header"), defined, widths=(2, 5))


def contacts(kind: Kind) -> Iterator[Block]:
    """Points of contact for every party, then who reports what to whom."""
    agreement, words = kind.agreement, kind.words
    people = [
        [party.name, c.name, c.role, c.email] for party in agreement.parties for c in party.contacts
    ]
    yield table(words.list("contacts_header"), people, widths=(3, 3, 3, 5))
    if agreement.reporting:
        yield Heading(2, words("heading_reporting"))
        yield paragraph(words("reporting_intro"))
        reports = [
            [
                report.what,
                kind.party_name(report.from_),
                words.join([kind.party_name(to) for to in report.to]),
                words("reporting_every", period=words.period(report.every)),
                words("reporting_due", due=report.due or "", via=report.via or ""),
            ]
            for report in agreement.reporting
        ]
        yield table(words.list("reporting_header"), reports, widths=(4, 2, 2, 2, 3))


def if_goals_missed(kind: Kind) -> Iterator[Block]:
    """What the kind owes first (service credits), then remedies, escalation, strikes and
    recovery; the remedies under a heading of their own after the credits' sub-clauses."""
    owed = list(kind.service_credits())
    yield from owed
    if owed and kind.agreement.if_goals_missed is not None:
        yield Heading(2, kind.words("heading_remedies"))
    yield from remedies(kind)


def remedies(kind: Kind) -> Iterator[Block]:
    """The remedies when a goal is missed: the remedies, escalation, strikes and recovery."""
    words, missed = kind.words, kind.agreement.if_goals_missed
    if missed is None:
        return
    yield paragraph(words("remedies_intro"))
    yield bullets(missed.remedies)
    if missed.escalation:
        yield Heading(2, words("heading_escalation"))
        yield table(
            words.list("escalation_header"),
            [[step.after, step.to, step.action] for step in missed.escalation],
            widths=(2, 2, 4),
        )
    if missed.strikes:
        yield labelled(words("strikes_label"), missed.strikes)
    if missed.recovery:
        yield labelled(words("recovery_label"), missed.recovery)


def termination(kind: Kind) -> Iterator[Block]:
    """When the agreement may end, and the notice to give."""
    termination, words = kind.agreement.termination, kind.words
    if termination is None:
        return
    yield paragraph(words("termination_intro"))
    yield bullets(termination.conditions)
    if termination.notice:
        yield paragraph(
            words(
                "termination_notice",
                notice=words.notice(termination.notice),
                parties=len(kind.agreement.parties),
            )
        )
    convenience = termination.for_convenience
    if convenience is not None:
        yield paragraph(
            words(
                "termination_convenience",
                by=words.join([kind.party_name(p) for p in convenience.by]),
                notice=words.notice(convenience.notice),
                parties=len(kind.agreement.parties),
            )
        )


_NOTIFY_WORDS = ("notif", "inform", "tell", "beritahu", "kabar")
"""Stems that show an unexpected-events clause already says when the others are told."""


def unexpected_events(kind: Kind) -> Iterator[Block]:
    """The unexpected-events clause: which events, the minimum service, when to tell."""
    clause, words = kind.agreement.unexpected_events, kind.words
    if clause is None:
        return
    yield from paragraphs(clause.text, "clause")
    if clause.events:
        yield paragraph(words("unexpected_events_list"))
        yield bullets(clause.events)
    if clause.minimum_service:
        yield paragraph(words("minimum_service_intro"))
        yield bullets(clause.minimum_service)
    # The author's own clause may already say who is told and when; a generated sentence
    # beside it would repeat it, or contradict it.
    said = (clause.text or "").lower()
    if clause.notify_within and not any(word in said for word in _NOTIFY_WORDS):
        yield paragraph(
            words(
                "notify_within",
                within=words.duration(clause.notify_within),
                parties=len(kind.agreement.parties),
            )
        )


def additional_clauses(kind: Kind) -> Iterator[Block]:
    """The agreement's own clauses, each under its title (a sub-clause the spine numbers,
    anchored at the clause's id for cross-references), with the paragraphs, lists, tables
    and emphasis their text holds (:mod:`.richtext`), then, in an agreement made in two
    languages, which version prevails; nothing when there is neither."""
    for clause in kind.agreement.clauses:
        yield Heading(2, clause.title, anchor=clause.id or "")
        yield from richtext.blocks(clause.text, "clause")
    yield from language_clause(kind)


def signatures(kind: Kind) -> Iterator[Block]:
    """The closing formula, then an execution block for every signatory of every party
    (each with its place, and the stamp-duty space where the language's agreements carry
    one), a party's witness after its signatories."""
    agreement, words = kind.agreement, kind.words
    parties = agreement.parties
    originals = len(parties)
    yield paragraph(
        words(
            "signatures_intro",
            parties=len(parties),
            originals=originals,
            originals_in_words=words.list("numbers_in_words")[originals]
            if originals < len(words.list("numbers_in_words"))
            else str(originals),
        )
    )
    stamp = words("stamp_duty") if words.mapping("conventions")["stamp_duty"] else ""
    blocks = []
    for party in parties:
        caption = words("signature_for", party=party.name, designation=kind.designation(party))
        for signatory in party.signers:
            details = [
                (words("signature_name"), signatory.name),
                (words("signature_title"), signatory.title),
                (words("signature_date"), ""),
                (words("signature_place"), signatory.place or ""),
            ]
            blocks.append(Signer(caption, words("signature_by"), tuple(details), stamp))
        if party.witness:
            witness = party.witness
            details = [(words("signature_name"), witness.name)]
            if witness.title:
                details.append((words("signature_title"), witness.title))
            details.append((words("signature_date"), ""))
            blocks.append(
                Signer(
                    words("witness_for", party=party.name, designation=kind.designation(party)),
                    words("witness_by"),
                    tuple(details),
                )
            )
    yield Signatures(tuple(blocks))
