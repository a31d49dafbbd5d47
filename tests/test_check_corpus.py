"""The checker on the labelled corpus (tests/corpus): recall per rule family, in prose and in
structured fields, and no finding on a clean clause. docs/rules.md publishes these figures
(``sladoc.checks.docs.CORPUS_FIGURES``); a change that moves them must update it."""

from __future__ import annotations

import pytest

from sladoc.checks.docs import CORPUS_FIGURES, HELDOUT_FIGURES

from .corpus.measure import FAMILIES, clauses, markdown, measure

PROSE_TARGET = 0.85
FIELD_TARGET = 0.95

TABLE, OUTCOMES = measure("clauses.yaml")


def test_the_corpus_is_as_large_and_varied_as_promised() -> None:
    corpus = clauses("clauses.yaml")
    assert len(corpus) >= 150
    assert sum(not c.get("expect") for c in corpus) >= 50
    assert sum(c.get("lang") == "id" for c in corpus) >= len(corpus) // 4
    assert len({c["id"] for c in corpus}) == len(corpus)
    assert {c["family"] for c in corpus} == set(FAMILIES)


@pytest.mark.parametrize("family", FAMILIES)
def test_recall_per_family(family: str) -> None:
    prose = TABLE[(family, "prose")]
    assert prose.recall >= PROSE_TARGET, [
        (o.clause["id"], o.missed) for o in OUTCOMES if o.missed and o.clause["family"] == family
    ]
    field = TABLE.get((family, "field"))
    if field is not None:
        assert field.recall >= FIELD_TARGET


def test_no_finding_on_a_clean_clause() -> None:
    flagged = [(o.clause["id"], o.extra) for o in OUTCOMES if not o.clause["expect"] and o.extra]
    assert flagged == []


def test_published_figures_are_the_measured_ones() -> None:
    assert markdown("clauses.yaml") == CORPUS_FIGURES
    assert markdown("heldout.yaml") == HELDOUT_FIGURES


def test_held_out_clauses_meet_the_prose_target() -> None:
    table, outcomes = measure("heldout.yaml")
    caught = sum(f.caught for f in table.values())
    expected = sum(f.expected for f in table.values())
    assert caught / expected >= PROSE_TARGET
    assert [o.clause["id"] for o in outcomes if not o.clause["expect"] and o.extra] == []
