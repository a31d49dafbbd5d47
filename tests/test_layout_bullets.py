"""The ``bullets`` layout (customer agreements): every commitment a short bullet, complete and
exact on its own, under short sub-clauses where the formal layout has a table.

What it promises, asserted on the document tree of every customer example and of generated
customer agreements (``bench/generate.py``), in each language version: no table in the
topic sections; every figure the formal layout's document states (percentages, durations,
money) stated in the bullets document too; one commitment per bullet; a cross-reference
to a section it writes its own way still reads that section's number; a bilingual
agreement composes side by side and writes as DOCX and PDF.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from sladoc.agreement.layout import LAYOUTS, Place, layouts_for, misfit
from sladoc.agreement.loader import load_file, load_text
from sladoc.agreement.model import Agreement
from sladoc.agreement.validate import validate_versions
from sladoc.document.compose import SPINES, compose, compose_versions
from sladoc.document.templateset import TemplateSet
from sladoc.document.tree import (
    Block,
    BulletList,
    Columns,
    Document,
    Heading,
    Paragraph,
    Parallel,
    Table,
    plain_text,
    walk_text,
)
from sladoc.document.writers import write

from .conftest import AGREEMENTS
from .test_bilingual import bilingual

TEMPLATES = TemplateSet.default()

TOPICS = (
    "goals",
    "support",
    "if_goals_missed",
    "exclusions",
    "maintenance",
    "contacts",
    "requirements",
    "termination",
)
"""The anchors of the customer contract's topic sections."""

CUSTOMER = [path for path in AGREEMENTS if "\nkind: customer\n" in path.read_text("utf-8")]


def _laid_out(versions: tuple[Agreement, ...], layout: str) -> tuple[Agreement, ...]:
    return tuple(version.model_copy(update={"layout": layout}) for version in versions)


def _versions(text: str, name: str) -> tuple[Agreement, ...]:
    return tuple(agreement for agreement, _ in validate_versions(load_text(text, name)))


@pytest.fixture(scope="module")
def texts(request) -> list[tuple[str, str]]:
    """8 generated customer agreements: (file name, YAML text)."""
    generate = request.getfixturevalue("generate")
    out: list[tuple[str, str]] = []
    index = 0
    while len(out) < 8:
        name, text = generate.agreement(6, index)
        index += 1
        if "\nkind: customer\n" in text:
            out.append((name, text))
    return out


@pytest.fixture(scope="module")
def agreements(texts) -> list[tuple[str, tuple[Agreement, ...]]]:
    """Every customer example and the generated customer agreements, each as its language
    versions."""
    out = [
        (path.stem, tuple(a for a, _ in validate_versions(load_file(path)))) for path in CUSTOMER
    ]
    return out + [(name, _versions(text, name)) for name, text in texts]


def _each_version(agreements) -> list[tuple[str, Agreement]]:
    return [
        (f"{name}[{version.language}]", version)
        for name, versions in agreements
        for version in versions
    ]


def _topic(place: Place) -> str:
    """The formal section a place of a customer layout is: the one it answers to, or holds
    the building block of, or its own."""
    if place.answers:
        return place.answers[0]
    if place.section.startswith("bullets_"):
        return place.blocks[0]
    return place.section


def _sections(document: Document, layout: str) -> dict[str, list[Block]]:
    """The blocks under each top-level heading, by the formal section it is."""
    topics = {place.section: _topic(place) for place in LAYOUTS[layout].orders["customer"]}
    out: dict[str, list[Block]] = {}
    current: list[Block] = []
    for block in document.blocks:
        if isinstance(block, Heading) and block.level == 1:
            current = out.setdefault(topics.get(block.anchor, block.anchor), [])
        else:
            current.append(block)
    return out


def _text(blocks: list[Block]) -> str:
    return "\n".join(walk_text(tuple(b for b in blocks if not isinstance(b, Heading))))


# --- the layout as data --------------------------------------------------------------------


def test_the_layout_fits_customer_agreements_only_and_keeps_the_contracts_order():
    assert layouts_for("customer").count("bullets") == 1
    assert misfit("internal", "bullets") and misfit("tiered", "bullets")
    bullets = [_topic(place) for place in LAYOUTS["bullets"].orders["customer"]]
    formal = [s.id for s in SPINES["formal", "customer"]]
    assert bullets == formal
    assert [s.id for s in SPINES["bullets", "customer"]] != formal


# --- no tables in the topic sections --------------------------------------------------------


def test_topic_sections_hold_bullets_not_tables(agreements):
    for name, version in _each_version(agreements):
        document = compose(_laid_out((version,), "bullets")[0], TEMPLATES)
        sections = _sections(document, "bullets")
        for topic in TOPICS:
            tables = [b for b in sections.get(topic, []) if isinstance(b, (Table, Columns))]
            assert not tables, f"{name}: a table in {topic}"
        # the formal layout's tables in these sections are there as bullets
        formal = _sections(compose(_laid_out((version,), "formal")[0], TEMPLATES), "formal")
        for topic in TOPICS:
            if any(isinstance(b, Table) for b in formal.get(topic, [])):
                assert any(isinstance(b, BulletList) for b in sections[topic]), (name, topic)


# --- every figure of the formal document ----------------------------------------------------

_UNITS = (
    r"(?:business |jam kerja |hari kerja )?"
    r"(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?"
    r"|detik|menit|jam|hari|minggu|bulan|tahun)"
)
FIGURE = re.compile(rf"(?:Rp ?)?\d+(?:[.,]\d+)*(?:%| {_UNITS}\b| (?:[A-Z]{{3}})\b)?")
"""A figure as a contract states it: a number with its percent sign, its unit of time or
its currency."""


def _figures(text: str) -> set[str]:
    return set(FIGURE.findall(text))


def test_every_figure_of_the_formal_document_is_in_the_bullets_document(agreements):
    """Every percentage, duration and amount the formal layout states, in the topic
    sections and elsewhere, the bullets layout states too (the same Words formatters and
    the same downtime allowances): nothing is lost in the bullets."""
    for name, version in _each_version(agreements):
        formal = compose(_laid_out((version,), "formal")[0], TEMPLATES)
        bullets = compose(_laid_out((version,), "bullets")[0], TEMPLATES)
        said = _text(list(bullets.blocks))
        missing = sorted(
            figure for figure in _figures(_text(list(formal.blocks))) if figure not in said
        )
        assert not missing, f"{name}: {missing}"


def test_the_figure_pattern_finds_what_a_contract_states():
    text = "at least 99.95%, 21 minutes 55 seconds a month; 1,500 USD; 4 business hours; 3 jam"
    assert _figures(text) >= {"99.95%", "21 minutes", "55 seconds", "1,500 USD", "4 business hours"}


def test_the_availability_bullet_states_target_window_and_allowance():
    """The brief's own example, exactly as the formal layout's figures state it."""
    acme = next(path for path in CUSTOMER if path.stem == "acme-cloud-hosting")
    (version,) = (a for a, _ in validate_versions(load_file(acme)))
    document = compose(_laid_out((version,), "bullets")[0], TEMPLATES)
    items = [
        plain_text(item)
        for block in _sections(document, "bullets")["goals"]
        if isinstance(block, BulletList)
        for item in block.items
    ]
    assert (
        "Availability of Compute: at least 99.95% in each calendar month (UTC), that is at "
        "most 21 minutes 55 seconds of Downtime a month (4 hours 22 minutes 59 seconds a year)."
    ) in items


# --- one commitment per bullet -----------------------------------------------------------------


def _author_texts(value: Any) -> list[str]:
    """Every text the author wrote (names, descriptions, remedies, ...), longest first."""
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, str):
            found.append(" ".join(node.split()))
        elif isinstance(node, dict):
            for item in node.values():
                walk(item)
        elif isinstance(node, (list, tuple)):
            for item in node:
                walk(item)

    walk(value)
    # a value from a fixed list ("business", "calendar") is the model's word, not prose
    return sorted(
        {t for t in found if len(t) >= 4 and not (t.islower() and " " not in t)},
        key=len,
        reverse=True,
    )


SENTENCE_BREAK = re.compile(r"[.;!?]\s+\S")
MAX_WORDS = 45


def test_each_bullet_is_one_commitment(agreements):
    """Leaving out what the author wrote (a description, a remedy, a measurement method:
    their words, not the layout's), every bullet the layout writes in a topic section is a
    single statement, at most one sentence and no more than 45 words."""
    for name, version in _each_version(agreements):
        document = compose(_laid_out((version,), "bullets")[0], TEMPLATES)
        own = _author_texts(version.model_dump(mode="json"))
        sections = _sections(document, "bullets")
        checked = 0
        for topic in TOPICS:
            for block in sections.get(topic, []):
                if not isinstance(block, BulletList):
                    continue
                for item in block.items:
                    text = plain_text(item)
                    for written in own:
                        text = text.replace(written, "X").replace(written.rstrip("."), "X")
                    assert not SENTENCE_BREAK.search(text), f"{name}: {plain_text(item)!r}"
                    assert len(text.split()) <= MAX_WORDS, f"{name}: {plain_text(item)!r}"
                    checked += 1
        assert checked, name


def test_bullet_labels_are_bold_and_stand_before_a_colon(agreements):
    """A bullet the layout writes as "label: commitment" shows its label in bold, so that
    a reader finds a commitment at a glance."""
    name, versions = agreements[0]
    document = compose(_laid_out(versions, "bullets")[0], TEMPLATES)
    support = _sections(document, "bullets")["support"]
    items = [item for block in support if isinstance(block, BulletList) for item in block.items]
    assert items
    for item in items:
        assert item[0].bold and item[0].text.endswith(":"), (name, item)
        assert not any(run.bold for run in item[1:])


def test_a_field_left_out_leaves_its_bullet_out():
    """No placeholder: a severity without a resolution time has no resolution bullet, a
    delivery without a confirmation time says no time."""
    acme = next(path for path in CUSTOMER if path.stem == "acme-cloud-hosting")
    (version,) = (a for a, _ in validate_versions(load_file(acme)))
    document = compose(_laid_out((version,), "bullets")[0], TEMPLATES)
    said = _text(_sections(document, "bullets")["support"])
    assert "Severity 4 (Low): first response" in said
    assert "Severity 4 (Low): resolution" not in said
    assert " - " not in said and "not stated" not in said


# --- cross-references -------------------------------------------------------------------------


def test_a_reference_to_a_section_the_layout_writes_reads_its_number():
    """``[clause:termination]`` in an additional clause reads the number of the bullets
    layout's own termination section, which holds the termination building block, and
    links to that section's heading."""
    acme = next(path for path in CUSTOMER if path.stem == "acme-cloud-hosting")
    (version,) = (a for a, _ in validate_versions(load_file(acme)))
    document = compose(_laid_out((version,), "bullets")[0], TEMPLATES)
    (heading,) = [
        b for b in document.blocks if isinstance(b, Heading) and b.anchor == "bullets_termination"
    ]
    refs = [
        run
        for block in document.blocks
        if isinstance(block, Paragraph)
        for run in block.content
        if run.ref == "bullets_termination"
    ]
    assert refs and all(run.text == heading.number.rstrip(".") for run in refs)


# --- bilingual ----------------------------------------------------------------------------------


def test_bilingual_agreements_compose_side_by_side_and_write(agreements, texts):
    """The bilingual example, and generated customer agreements made bilingual, compose in
    both languages with the same structure (zip_versions raises otherwise); the example
    writes as DOCX and PDF."""
    made = [(name, versions, True) for name, versions in agreements if len(versions) > 1]
    assert made
    for name, text in texts:
        made.append((name, _versions(bilingual(load_text(text, name).data)[0], name), False))
    look = TEMPLATES.look("customer")
    for name, versions, written in made:
        document = compose_versions(_laid_out(versions, "bullets"), TEMPLATES)
        assert any(isinstance(block, Parallel) for block in document.blocks), name
        if written:
            for format in ("docx", "pdf"):
                assert write(format, document, look).startswith(
                    b"PK" if format == "docx" else b"%PDF"
                )
