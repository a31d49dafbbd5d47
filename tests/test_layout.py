"""The order of a contract's sections, per kind, as data (`sladoc.agreement.layout`): every
building block has a place in every kind, the spine writes the sections in that order, and
a customer agreement reads as such agreements are ordered."""

from __future__ import annotations

import pytest

from sladoc.agreement.layout import DEFAULT_LAYOUT, LAYOUTS, ORDER, place_of
from sladoc.agreement.model import KINDS
from sladoc.agreement.validate import load_agreement
from sladoc.checks.rules.sla301_missing_block import _BLOCKS
from sladoc.document.compose import SECTIONS, SPINES, compose
from sladoc.document.templateset import TemplateSet
from sladoc.document.tree import Heading

from .conftest import AGREEMENTS

CUSTOMER_ORDER = (
    "heading_overview",
    "heading_goals",
    "heading_support",
    "heading_missed",
    "heading_exclusions",
    "heading_maintenance",
    "heading_contacts",
    "heading_requirements",
    "heading_termination",
    "heading_unexpected",
    "heading_clauses",
    "heading_general",
    "heading_signatures",
)


@pytest.mark.parametrize("kind", KINDS)
def test_every_building_block_has_one_place_and_every_place_a_section(kind: str) -> None:
    for block, _, _ in _BLOCKS:
        assert place_of(kind, block).section in SECTIONS
    assert ORDER[kind] == LAYOUTS[DEFAULT_LAYOUT[kind]].orders[kind]


BUILDING_BLOCKS = (
    "overview",
    "goals",
    "requirements",
    "reporting",
    "if_goals_missed",
    "termination",
)
LAID_OUT = [(name, kind) for name, layout in LAYOUTS.items() for kind in layout.orders]


@pytest.mark.parametrize(("name", "kind"), LAID_OUT, ids=lambda v: str(v))
def test_every_layout_holds_every_building_block_once(name: str, kind: str) -> None:
    """A layout orders and groups; it never drops a building block or writes one twice."""
    places = LAYOUTS[name].orders[kind]
    sections = [place.section for place in places]
    assert len(sections) == len(set(sections))
    assert set(sections) <= set(SECTIONS)
    assert [s.id for s in SPINES[name, kind]] == sections
    assert sections[0] == "preamble" and sections[-1] == "signatures"
    held = [block for place in places for block in place.blocks]
    assert sorted(held) == sorted(BUILDING_BLOCKS)


@pytest.mark.parametrize("path", AGREEMENTS, ids=lambda p: p.stem)
def test_documents_follow_their_kinds_order(path) -> None:
    agreement, _ = load_agreement(path)
    templates = TemplateSet.default()
    wording = templates.wording(agreement.kind, agreement.language)
    document = compose(agreement, templates)
    shown = [b.text for b in document.blocks if isinstance(b, Heading) and b.level == 1]
    spine = [
        s.heading for s in SPINES[agreement.layout_name, agreement.kind] if s.heading is not None
    ]
    positions = [spine.index(key) for text in shown for key in spine if text.endswith(wording(key))]
    assert positions == sorted(positions) and len(positions) == len(shown)
    if agreement.kind == "customer":
        assert spine == list(CUSTOMER_ORDER)
