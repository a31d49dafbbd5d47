"""Where each part of an agreement stands in its contract: the order of the top-level
sections for each kind, and which of the six building blocks each section holds.

The document's spine (:mod:`sladoc.document.compose`) walks this order and writes each
section; the checker says from it where a missing building block belongs. A customer
agreement is ordered as such contracts are (the service levels first, then support, credits,
exclusions, maintenance, reporting, the parties' responsibilities and termination); internal
and tiered agreements keep the guide's order of the six building blocks.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Place:
    """A top-level section of a contract."""

    section: str
    """The section's id, as the spine names it."""
    title: str
    """How the checker's messages name it."""
    blocks: tuple[str, ...] = ()
    """The building blocks (agreement fields) it writes."""


_FRAME = Place("preamble", "the preamble")
_RECITALS = Place("recitals", "the recitals")
_OVERVIEW = Place("overview", "the agreement overview", ("overview",))
_CONTACTS = Place("contacts", "points of contact and reporting", ("reporting",))
_UNEXPECTED = Place("unexpected_events", "unexpected events")
_CLAUSES = Place("clauses", "additional clauses")
_GENERAL = Place("general", "general provisions")
_SIGNATURES = Place("signatures", "signatures")

_GUIDE_ORDER = (
    _FRAME,
    _RECITALS,
    _OVERVIEW,
    Place("goals", "goals of the parties", ("goals",)),
    Place("requirements", "requirements of the parties", ("requirements",)),
    _CONTACTS,
    Place("if_goals_missed", "if goals are not met", ("if_goals_missed",)),
    Place("termination", "termination", ("termination",)),
    _UNEXPECTED,
    _CLAUSES,
    _GENERAL,
    _SIGNATURES,
)

ORDER: dict[str, tuple[Place, ...]] = {
    "internal": _GUIDE_ORDER,
    "tiered": _GUIDE_ORDER,
    "customer": (
        _FRAME,
        _RECITALS,
        _OVERVIEW,
        Place("goals", "services and service levels", ("goals",)),
        Place("support", "support"),
        Place("if_goals_missed", "service credits and remedies", ("if_goals_missed",)),
        Place("exclusions", "exclusions"),
        Place("maintenance", "maintenance"),
        _CONTACTS,
        Place("requirements", "responsibilities of the parties", ("requirements",)),
        Place("termination", "term and termination", ("termination",)),
        _UNEXPECTED,
        _CLAUSES,
        _GENERAL,
        _SIGNATURES,
    ),
}
"""The top-level sections of each kind of agreement, in the order the contract shows them."""


def place_of(kind: str, block: str) -> Place:
    """The section of a ``kind`` of agreement that holds the building block ``block``."""
    return next(place for place in ORDER[kind] if block in place.blocks)
