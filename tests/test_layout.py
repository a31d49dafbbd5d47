"""The order of a contract's sections, per kind, as data (`sladoc.agreement.layout`): every
building block has a place in every kind, the spine writes the sections in that order, and
a customer agreement reads as such agreements are ordered."""

from __future__ import annotations

import pytest

from sladoc.agreement.layout import ORDER, place_of
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
    sections = [place.section for place in ORDER[kind]]
    assert len(sections) == len(set(sections))
    assert set(sections) <= set(SECTIONS)
    assert [s.id for s in SPINES[kind]] == sections
    assert sections[0] == "preamble" and sections[-1] == "signatures"


@pytest.mark.parametrize("path", AGREEMENTS, ids=lambda p: p.stem)
def test_documents_follow_their_kinds_order(path) -> None:
    agreement, _ = load_agreement(path)
    templates = TemplateSet.default()
    wording = templates.wording(agreement.kind, agreement.language)
    document = compose(agreement, templates)
    shown = [b.text for b in document.blocks if isinstance(b, Heading) and b.level == 1]
    spine = [s.heading for s in SPINES[agreement.kind] if s.heading is not None]
    positions = [spine.index(key) for text in shown for key in spine if text.endswith(wording(key))]
    assert positions == sorted(positions) and len(positions) == len(shown)
    if agreement.kind == "customer":
        assert spine == list(CUSTOMER_ORDER)
