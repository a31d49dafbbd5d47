"""The `stages` layout: the contract follows the process stage by stage, under a diagram of
the stages, each stage a side-by-side block with a column per party (per level) and one for
what the parties do together.

Asserted on the document tree of every example and of generated agreements in every kind,
and on the built files where it matters (the diagram's alternative text in the DOCX, the
stages on the PDF's pages)."""

from __future__ import annotations

import io
import zipfile
from collections import Counter
from pathlib import Path

import pytest
import yaml

from sladoc import api
from sladoc.agreement.model import Agreement, CustomerAgreement, TieredAgreement
from sladoc.agreement.validate import parse_agreement
from sladoc.document.compose import compose, compose_versions
from sladoc.document.compose.layouts import stages
from sladoc.document.templateset import TemplateSet
from sladoc.document.tree import (
    Block,
    Box,
    Columns,
    Document,
    Figure,
    Heading,
    Label,
    Line,
    Paragraph,
    walk_text,
)
from sladoc.document.writers import write

from .conftest import AGREEMENTS

TEMPLATES = TemplateSet.default()
ROOT = Path(__file__).resolve().parent.parent
INTERNAL = ROOT / "agreements" / "company-x-marketing-sales.yaml"
TIERED = ROOT / "agreements" / "company-x-multilevel.yaml"
CUSTOMER = ROOT / "agreements" / "acme-cloud-hosting.yaml"
BILINGUAL = [path for path in AGREEMENTS if "bilingual" in path.stem]

STAGE_KEYS = {
    "internal": ["stage_goals", "stage_qualification", "stage_handoff", "stage_nurturing"],
    "customer": [
        "stage_service",
        "stage_incident",
        "stage_response",
        "stage_resolution",
        "stage_credit",
    ],
}


def _versions(path: Path) -> tuple[Agreement, ...]:
    return tuple(version for version, _ in api.load_versions(path, layout="stages"))


def _one(path: Path) -> tuple[Agreement, Document]:
    agreement = _versions(path)[0]
    return agreement, compose(agreement, TEMPLATES)


def _words(agreement: Agreement):
    from sladoc.document.compose.common import Words

    return Words(
        TEMPLATES.wording(agreement.kind, agreement.language, "stages"), agreement.language
    )


def _process(document: Document) -> list[Block]:
    """The blocks of the process clause, its heading left out."""
    blocks = list(document.blocks)
    start = next(i for i, b in enumerate(blocks) if isinstance(b, Heading) and b.anchor == "stages")
    end = next(
        (
            i
            for i in range(start + 1, len(blocks))
            if isinstance(blocks[i], Heading) and blocks[i].level == 1
        ),
        len(blocks),
    )
    return blocks[start + 1 : end]


def _stages(document: Document) -> list[tuple[Heading, Columns]]:
    process = _process(document)
    return [
        (block, process[i + 1])
        for i, block in enumerate(process)
        if isinstance(block, Heading) and isinstance(process[i + 1], Columns)
    ]


def _boxes(figure: Figure) -> list[str]:
    """The words of each box of the diagram, left to right (the legend left out)."""
    labels = [s for s in figure.shapes if isinstance(s, Label) and s.bold]
    by_x: dict[float, list[Label]] = {}
    for label in labels:
        by_x.setdefault(round(label.x, 2), []).append(label)
    return [
        " ".join(label.text for label in sorted(group, key=lambda la: -la.y))
        for _, group in sorted(by_x.items())
    ]


def _generated(generate, tmp_path: Path, count: int = 24) -> list[Path]:
    return generate.generate(tmp_path / "yaml", count, seed=6)


def _texts(blocks) -> Counter[str]:
    """Every text of ``blocks``, a list item set as a paragraph of its own (after a lead-in
    in a stage's cell) read without its bullet."""
    return Counter(walk_text(tuple(blocks)))


EXAMPLES = [path for path in AGREEMENTS if "bilingual" not in path.stem]


# --- the process: a diagram, then the stages in order ------------------------------------------


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_the_process_opens_with_a_diagram_of_its_stages_in_order(path: Path) -> None:
    agreement, document = _one(path)
    process = _process(document)
    figure = process[0]
    assert isinstance(figure, Figure)
    shown = _stages(document)
    assert shown, "the process has stages"
    boxes = _boxes(figure)
    titles = [heading.text for heading, _ in shown]
    if isinstance(agreement, TieredAgreement):
        # a box per level, named by the level's party, then the end user
        assert boxes == [
            *(p.called for p in agreement.parties if any(p.called in t for t in titles)),
            agreement.end_user,
        ]
    else:
        assert boxes == titles
    assert figure.description
    for title in boxes[:-1] if isinstance(agreement, TieredAgreement) else boxes:
        assert title in figure.description
    # an arrow between each two boxes
    arrows = [s for s in figure.shapes if isinstance(s, Line) and len(s.points) == 2]
    assert len(arrows) >= len(boxes) - 1


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_stages_follow_the_process_order(path: Path) -> None:
    agreement, document = _one(path)
    words = _words(agreement)
    titles = [heading.text for heading, _ in _stages(document)]
    if isinstance(agreement, TieredAgreement):
        numbers = [int(t.split(":")[0].split()[-1]) for t in titles]
        assert numbers == sorted(numbers) == list(range(1, len(agreement.parties) + 1))
        return
    order = [words(key) for key in STAGE_KEYS[agreement.kind]]
    assert [order.index(t) for t in titles] == sorted(order.index(t) for t in titles)
    assert titles[0] == order[0]


def test_an_empty_stage_is_left_out_with_its_box(generate, tmp_path: Path) -> None:
    data = yaml.safe_load(INTERNAL.read_text("utf-8"))
    data.pop("lead_tiers")
    data["layout"] = "stages"
    agreement = parse_agreement(yaml.safe_dump(data, sort_keys=False))
    document = compose(agreement, TEMPLATES)
    words = _words(agreement)
    titles = [heading.text for heading, _ in _stages(document)]
    assert words("stage_qualification") not in titles
    assert words("stage_qualification") not in _boxes(_process(document)[0])
    assert titles == [words("stage_goals"), words("stage_handoff"), words("stage_nurturing")]


# --- columns: a column per party, and one for what they do together -----------------------------


def test_internal_stages_have_a_column_per_party_and_one_together() -> None:
    agreement, document = _one(INTERNAL)
    words = _words(agreement)
    names = [p.called for p in agreement.parties]
    together = words("column_together")
    goals = dict((h.text, c) for h, c in _stages(document))[words("stage_goals")]
    assert list(goals.titles) == [*names, together]
    for _, columns in _stages(document):
        # a column left empty at a stage is left out; only the parties and together
        alone = words("column_all_together", parties=words.join(names))
        assert set(columns.titles) <= {*names, together, alone}
        for row in columns.rows:
            assert len(row.cells) == len(columns.titles)
            assert row.label
        for index in range(len(columns.titles)):
            assert any(row.cells[index] for row in columns.rows), "no empty column"


def test_customer_stages_have_provider_customer_and_together_columns() -> None:
    agreement, document = _one(CUSTOMER)
    assert isinstance(agreement, CustomerAgreement)
    words = _words(agreement)
    order = [
        agreement.party(agreement.provider).called,
        agreement.party(agreement.customer).called,
        words("column_together"),
    ]
    for _, columns in _stages(document):
        positions = [order.index(t) for t in columns.titles]
        assert positions == sorted(positions)
    service = _stages(document)[0][1]
    assert list(service.titles) == order


def _tiered_with(parties: int, generate, tmp_path: Path) -> list[TieredAgreement]:
    found = []
    for path in generate.generate(tmp_path / "yaml", 60, seed=6):
        if "tiered" not in path.stem:
            continue
        agreement = _versions(path)[0]
        assert isinstance(agreement, TieredAgreement)
        if len(agreement.parties) == parties:
            found.append(agreement)
    return found


def test_tiered_stages_give_each_level_its_column_and_stay_readable_with_five(
    generate, tmp_path: Path
) -> None:
    five = _tiered_with(5, generate, tmp_path)
    assert five, "the generator makes five-level agreements"
    for agreement in [_versions(TIERED)[0], *five]:
        document = compose(agreement, TEMPLATES)
        shown = _stages(document)
        assert len(shown) == len(agreement.parties)
        for (heading, columns), party in zip(shown, agreement.parties, strict=True):
            assert party.called in heading.text
            assert columns.titles[0] == party.called  # the level's own column first
            # never more than the level and two receivers side by side
            assert len(columns.titles) <= 1 + stages._MOST_RECEIVERS
            receivers = {o.to for o in agreement.obligations if o.from_ == party.id}
            receivers |= {h.to for h in agreement.handovers if h.from_ == party.id}
            receivers.discard(party.id)
            if 0 < len(receivers) <= stages._MOST_RECEIVERS:
                named = {
                    agreement.end_user if r == "end_user" else agreement.party(r).called
                    for r in receivers
                }
                assert set(columns.titles[1:]) == named


# --- every datum once --------------------------------------------------------------------------


def _goal_and_requirement_texts(agreement: Agreement) -> Counter[str]:
    words = _words(agreement)
    wanted: Counter[str] = Counter()
    for goals in agreement.goals.values():
        wanted.update(words.goal(goal) for goal in goals)
    for needs in agreement.requirements.values():
        wanted.update(" ".join(n.split()) for n in needs)
    return wanted


def _assert_once(agreement: Agreement, document: Document) -> None:
    """Each goal and requirement is said in the process as often as the agreement says it,
    and the document says it no more often than the default layout does (an author may
    repeat a sentence elsewhere, in a clause)."""
    said = _texts(document.blocks)
    process = _texts(_process(document))
    default = _texts(compose(agreement.model_copy(update={"layout": None}), TEMPLATES).blocks)
    for text, count in _goal_and_requirement_texts(agreement).items():
        assert process[text] == count, text
        assert said[text] <= default[text], text
    if isinstance(agreement, TieredAgreement):
        provided = Counter(o.provides.rstrip(".") for o in agreement.obligations)
        for text, count in provided.items():
            assert sum(n * said.count(text) for said, n in process.items()) >= count, text
    if isinstance(agreement, CustomerAgreement):
        for exclusion in agreement.exclusions:
            text = " ".join(exclusion.split())
            assert process[text] >= 1 and said[text] <= default[text], text


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_every_goal_and_requirement_of_an_example_appears_once(path: Path) -> None:
    agreement, document = _one(path)
    _assert_once(agreement, document)


def test_every_goal_and_requirement_of_generated_agreements_appears_once(
    generate, tmp_path: Path
) -> None:
    kinds: Counter[str] = Counter()
    for path in _generated(generate, tmp_path):
        versions = _versions(path)
        for agreement in versions:
            _assert_once(agreement, compose(agreement, TEMPLATES))
        kinds[versions[0].kind] += 1
    assert set(kinds) == {"internal", "tiered", "customer"}


def test_customer_credits_are_a_stage_and_not_repeated_in_the_remedies() -> None:
    agreement, document = _one(CUSTOMER)
    words = _words(agreement)
    blocks = list(document.blocks)
    remedies = next(
        i for i, b in enumerate(blocks) if isinstance(b, Heading) and b.anchor == "stages_remedies"
    )
    end = next(
        i
        for i in range(remedies + 1, len(blocks))
        if isinstance(blocks[i], Heading) and blocks[i].level == 1
    )
    remedy_text = " ".join(walk_text(tuple(blocks[remedies:end])))
    credit = dict((h.text, c) for h, c in _stages(document))[words("stage_credit")]
    credit_text = " ".join(walk_text((credit,)))
    for band in agreement.service_credits.bands:  # type: ignore[union-attr]
        assert words.percent(band.below) in credit_text
    assert "%" not in remedy_text or all(
        words.percent(band.credit) + "." not in remedy_text
        for band in agreement.service_credits.bands  # type: ignore[union-attr]
    )
    assert agreement.if_goals_missed is not None
    for remedy in agreement.if_goals_missed.remedies:
        assert " ".join(remedy.split()) in remedy_text


# --- cross-references ----------------------------------------------------------------------------


def test_references_to_the_sections_the_process_holds_name_its_stages() -> None:
    data = yaml.safe_load(CUSTOMER.read_text("utf-8"))
    data["layout"] = "stages"
    data["clauses"] = [
        {
            "id": "refs",
            "title": "References",
            "text": "See [clause:goals], [clause:requirements], [clause:support], "
            "[clause:exclusions], [clause:maintenance] and [clause:if_goals_missed].",
        }
    ]
    agreement = parse_agreement(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    document = compose(agreement, TEMPLATES)
    numbers = {
        h.anchor: h.number.rstrip(".")
        for h in document.blocks
        if isinstance(h, Heading) and h.anchor
    }
    for block in _process(document):
        if isinstance(block, Heading) and block.anchor:
            numbers[block.anchor] = block.number
    refs = [
        run
        for block in document.blocks
        if isinstance(block, Paragraph)
        for run in block.content
        if run.ref
    ]
    # in the order the clause names them: each links to the heading it names
    shown = [(run.ref, run.text) for run in refs]
    assert shown == [
        ("goals", numbers["goals"]),  # the service levels stage
        ("stages", numbers["stages"]),  # requirements: the process clause
        ("support", numbers["support"]),  # the response stage
        ("exclusions", numbers["exclusions"]),  # the incident stage
        ("maintenance", numbers["maintenance"]),  # the resolution stage
        ("if_goals_missed", numbers["if_goals_missed"]),  # the credit stage
    ]


# --- the diagram's look: the kind's accent, legible in grey -------------------------------------


def _grey(colour: str) -> float:
    r, g, b = (int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.299 * r + 0.587 * g + 0.114 * b


@pytest.mark.parametrize("path", [INTERNAL, TIERED, CUSTOMER], ids=lambda p: p.stem)
def test_the_diagram_wears_the_kinds_accent_and_reads_in_grey(path: Path) -> None:
    agreement, document = _one(path)
    figure = _process(document)[0]
    assert isinstance(figure, Figure)
    strong, light = stages._ACCENTS[agreement.kind]
    fills = {s.fill for s in figure.shapes if isinstance(s, Box)}
    assert strong in fills  # goals or levels: filled in the accent
    # the filled boxes print dark, the tinted ones light, the rest white with an edge
    for box in (s for s in figure.shapes if isinstance(s, Box)):
        assert box.fill is not None
        assert _grey(box.fill) < 0.45 or _grey(box.fill) > 0.8
    dashed = [s for s in figure.shapes if isinstance(s, Line) and s.dash]
    if isinstance(agreement, (TieredAgreement, CustomerAgreement)):
        assert dashed  # the end user, the credit: outlined in dashes
    # every label fits inside the drawing
    for label in (s for s in figure.shapes if isinstance(s, Label)):
        assert 0 <= label.y <= figure.height
        assert 0 <= label.x <= figure.width


# --- two languages, and the built files ---------------------------------------------------------


@pytest.mark.parametrize("path", BILINGUAL, ids=lambda p: p.stem)
def test_bilingual_examples_zip_side_by_side(path: Path) -> None:
    versions = _versions(path)
    assert len(versions) == 2
    left, right = (compose(v, TEMPLATES) for v in versions)
    assert len(_stages(left)) == len(_stages(right))
    for (_, a), (_, b) in zip(_stages(left), _stages(right), strict=True):
        assert len(a.titles) == len(b.titles)
        assert [len(r.cells) for r in a.rows] == [len(r.cells) for r in b.rows]
    document = compose_versions(versions, TEMPLATES)
    columns = [b for b in document.blocks if isinstance(b, Columns)]
    assert len(columns) == len(_stages(left))
    pdf = write("pdf", document, TEMPLATES.look(versions[0].kind))
    assert pdf.startswith(b"%PDF")


def test_the_docx_carries_the_diagram_with_its_description(tmp_path: Path) -> None:
    agreement, document = _one(INTERNAL)
    figure = _process(document)[0]
    assert isinstance(figure, Figure)
    data = write("docx", document, TEMPLATES.look(agreement.kind))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        body = archive.read("word/document.xml").decode("utf-8")
        images = [n for n in archive.namelist() if n.startswith("word/media/")]
    assert images
    from xml.sax.saxutils import quoteattr

    assert f"descr={quoteattr(figure.description)}" in body or figure.description in body
    for heading, _ in _stages(document):
        assert heading.text in body
