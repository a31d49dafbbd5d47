"""Where each part of an agreement stands in its contract: the layouts an author may choose
(``layout:`` in the agreement, ``--layout`` on ``sladoc build``), each the order of the
top-level sections for the kinds it fits, and which of the six building blocks each section
holds.

The document's spine (:mod:`sladoc.document.compose`) walks the chosen layout's order and
writes each section; the checker says from the default layout's order (:data:`ORDER`) where
a missing building block belongs, so its findings do not depend on the layout. A customer
agreement is ordered by default as such contracts are (the service levels first, then
support, credits, exclusions, maintenance, reporting, the parties' responsibilities and
termination); internal and tiered agreements keep the guide's order of the six building
blocks.

A layout is data: an order of sections per kind. The sections themselves are written by
:mod:`sladoc.document.compose` and its layout modules, their words come from the wording
files (a layout's own in ``templates/layouts/<name>/``), and the writers draw whatever tree
results; ``docs/templates.md`` says how to add one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

LayoutName = Literal["two-column", "metrics", "stages", "bullets", "summary", "formal"]
"""The layouts' names, as ``layout:`` takes them (a name, not a text: the same in every
language of a bilingual agreement); :data:`LAYOUTS` lays each out, in this order."""


@dataclass(frozen=True)
class Place:
    """A top-level section of a contract."""

    section: str
    """The section's id, as the spine names it."""
    title: str
    """How the checker's messages name it."""
    blocks: tuple[str, ...] = ()
    """The building blocks (agreement fields) it writes."""
    answers: tuple[str, ...] = ()
    """The sections of the default layout that this one stands in for: a cross-reference
    (``[clause:ID]``) to one of them, or to one of its ``blocks``, names this section, so an
    agreement's references hold in every layout."""


_OVERVIEW = Place("overview", "the agreement overview", ("overview",))
_CONTACTS = Place("contacts", "points of contact and reporting", ("reporting",))
_OPENING = (Place("preamble", "the preamble"), Place("recitals", "the recitals"))
"""What every contract opens with."""
_CLOSING = (
    Place("unexpected_events", "unexpected events"),
    Place("clauses", "additional clauses"),
    Place("general", "general provisions"),
    Place("signatures", "signatures"),
)
"""What every contract ends with."""

_GUIDE_ORDER = (
    *_OPENING,
    _OVERVIEW,
    Place("goals", "goals of the parties", ("goals",)),
    Place("requirements", "requirements of the parties", ("requirements",)),
    _CONTACTS,
    Place("if_goals_missed", "if goals are not met", ("if_goals_missed",)),
    Place("termination", "termination", ("termination",)),
    *_CLOSING,
)

_SUPPORT = Place("support", "support")
_CREDITS = Place("if_goals_missed", "service credits and remedies", ("if_goals_missed",))
_EXCLUSIONS = Place("exclusions", "exclusions")
_MAINTENANCE = Place("maintenance", "maintenance")
_TERM = Place("termination", "term and termination", ("termination",))

_STEPS_ORDER = (
    *_OPENING,
    Place("metrics_overview", "step 1, the agreement overview", ("overview",)),
    Place(
        "metrics_goals",
        "step 2, goals and how they are measured",
        ("goals",),
        ("support", "exclusions", "maintenance"),
    ),
    Place("metrics_requirements", "step 3, what each party needs", ("requirements",)),
    Place(
        "metrics_contacts", "step 4, points of contact and reporting", ("reporting",), ("contacts",)
    ),
    Place("metrics_missed", "step 5, if goals are not met", ("if_goals_missed",)),
    Place("metrics_termination", "step 6, termination", ("termination",)),
    *_CLOSING,
)
"""The guide's six building blocks as six numbered steps, each built around a table of
metrics; a customer agreement's support, exclusions and maintenance are part of its
service levels (step 2)."""

_CONTRACT_ORDER = (
    *_OPENING,
    _OVERVIEW,
    Place("goals", "services and service levels", ("goals",)),
    _SUPPORT,
    _CREDITS,
    _EXCLUSIONS,
    _MAINTENANCE,
    _CONTACTS,
    Place("requirements", "responsibilities of the parties", ("requirements",)),
    _TERM,
    *_CLOSING,
)

_SIDE_BY_SIDE_CONTRACT = (
    *_OPENING,
    _OVERVIEW,
    Place("commitments", "what each party commits to", ("goals", "requirements")),
    Place("service_levels", "service levels in detail"),
    _SUPPORT,
    _CREDITS,
    _EXCLUSIONS,
    _MAINTENANCE,
    _CONTACTS,
    _TERM,
    *_CLOSING,
)

_BULLETS_ORDER = (
    *_OPENING,
    _OVERVIEW,
    Place("bullets_goals", "services and service levels", ("goals",)),
    Place("bullets_support", "support", answers=("support",)),
    Place("bullets_missed", "service credits and remedies", ("if_goals_missed",)),
    _EXCLUSIONS,
    Place("bullets_maintenance", "maintenance", answers=("maintenance",)),
    Place("bullets_contacts", "points of contact and reporting", ("reporting",), ("contacts",)),
    Place("requirements", "responsibilities of the parties", ("requirements",)),
    Place("bullets_termination", "term and termination", ("termination",)),
    *_CLOSING,
)
"""The customer contract's order, its topics written one commitment a bullet
(``bullets_*``: the sections of :mod:`sladoc.document.compose.layouts.bullets`); a
reference to a formal section names the one that holds its building block or answers to
it."""

_SUMMARY_ORDER = (
    *_OPENING,
    Place("contents", "the contents"),
    Place("summary", "the summary of the key service levels"),
    *_CONTRACT_ORDER[2:],
)
"""The contract's order, behind a table of contents and a summary of each service's key
promises that links into the full terms."""


_STAGES_PROCESS = Place(
    "stages",
    "the process, stage by stage",
    ("goals", "requirements"),
    ("support", "exclusions", "maintenance"),
)
"""The process of the ``stages`` layout (:mod:`sladoc.document.compose.layouts.stages`):
the goals and requirements stage by stage, a customer agreement's support, exclusions and
maintenance with them; a reference to one of those names the stage anchored at it, else
the process."""
_STAGES_ORDER = (
    *_OPENING,
    _OVERVIEW,
    _STAGES_PROCESS,
    _CONTACTS,
    Place("if_goals_missed", "if goals are not met", ("if_goals_missed",)),
    Place("termination", "termination", ("termination",)),
    *_CLOSING,
)
_STAGES_CUSTOMER_ORDER = (
    *_OPENING,
    _OVERVIEW,
    _STAGES_PROCESS,
    _CONTACTS,
    Place("stages_remedies", "remedies", ("if_goals_missed",)),
    Place("termination", "term and termination", ("termination",)),
    *_CLOSING,
)


@dataclass(frozen=True)
class Layout:
    """A way of laying out an agreement for its readers: which sections, in which order,
    for each kind of agreement it fits."""

    name: str
    """As ``layout:`` names it."""
    description: str
    """What it is and whom it suits, in a line (``--help``, the documentation)."""
    orders: dict[str, tuple[Place, ...]]
    """The top-level sections for each kind it fits, in the order the contract shows them."""


LAYOUTS: dict[str, Layout] = {
    layout.name: layout
    for layout in (
        Layout(
            "two-column",
            "short, plain sections; each party's goals, commitments and accountability side "
            "by side in two columns",
            {
                "internal": _GUIDE_ORDER,
                "tiered": _GUIDE_ORDER,
                "customer": _SIDE_BY_SIDE_CONTRACT,
            },
        ),
        Layout(
            "metrics",
            "step by step, one numbered step per building block, each a table of what is "
            "measured, the target, how it is measured and who owns it, with guidance notes "
            "for the author in drafts",
            {"internal": _STEPS_ORDER, "tiered": _STEPS_ORDER, "customer": _STEPS_ORDER},
        ),
        Layout(
            "stages",
            "the process stage by stage (goals, lead qualification, hand-off, nurturing; "
            "each level's hand-off; incident, response, resolution, credit) under a stage "
            "diagram, each stage with a column per party and one for what they do together",
            {
                "internal": _STAGES_ORDER,
                "tiered": _STAGES_ORDER,
                "customer": _STAGES_CUSTOMER_ORDER,
            },
        ),
        Layout(
            "bullets",
            "every commitment a short bullet, complete and exact on its own, grouped under "
            "short headings; suits public customer SLAs",
            {"customer": _BULLETS_ORDER},
        ),
        Layout(
            "summary",
            "a linked table of contents, then each service's key promises (availability "
            "and allowed downtime, first response, service credits) in a short summary that "
            "links to the full terms, which follow in the formal order",
            {"customer": _SUMMARY_ORDER},
        ),
        Layout(
            "formal",
            "recitals, numbered narrative clauses with precise times, dates and "
            "expectations, general clauses and execution blocks",
            {"customer": _CONTRACT_ORDER},
        ),
    )
}
"""Every layout, in the order the documentation presents them."""

DEFAULT_LAYOUT: dict[str, str] = {
    "internal": "two-column",
    "tiered": "two-column",
    "customer": "formal",
}
"""The layout of each kind of agreement that names none."""

ORDER: dict[str, tuple[Place, ...]] = {
    kind: LAYOUTS[name].orders[kind] for kind, name in DEFAULT_LAYOUT.items()
}
"""The top-level sections of each kind of agreement in its default layout: where the
checker says a building block belongs, whatever layout the agreement is drawn in."""


def layouts_for(kind: str) -> list[str]:
    """The names of the layouts that fit a ``kind`` of agreement."""
    return [name for name, layout in LAYOUTS.items() if kind in layout.orders]


def misfit(kind: str, name: str) -> str | None:
    """Why the layout ``name`` cannot lay out a ``kind`` of agreement, or None when it can."""
    if name not in LAYOUTS:
        return f"unknown layout {name!r}; choose one of: {', '.join(LAYOUTS)}"
    if kind not in LAYOUTS[name].orders:
        article = "an" if kind[:1] in ("a", "e", "i", "o", "u") else "a"
        return (
            f"the {name} layout does not fit {article} {kind} agreement; choose one of: "
            f"{', '.join(layouts_for(kind))}"
        )
    return None


def place_of(kind: str, block: str) -> Place:
    """The section of a ``kind`` of agreement that holds the building block ``block``, in
    its default layout."""
    return next(place for place in ORDER[kind] if block in place.blocks)
