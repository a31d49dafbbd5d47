"""The `metrics` layout: the six building blocks as six numbered steps in the guide's order,
each built around a table (what is measured, the target, how it is measured, the owner),
with a guidance note for the author under each step's heading while the agreement shows
guidance. Asserted on the document tree of every example and of generated agreements, in
every kind, and on the built DOCX and PDF where the writers matter."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from jinja2 import meta
from jinja2.sandbox import SandboxedEnvironment

from sladoc import api
from sladoc.agreement.layout import LAYOUTS
from sladoc.agreement.model import (
    Agreement,
    CustomerAgreement,
    InternalAgreement,
    TieredAgreement,
)
from sladoc.document.compose import compose, compose_versions
from sladoc.document.compose.common import Words
from sladoc.document.templateset import TemplateSet
from sladoc.document.tree import (
    Block,
    Document,
    Heading,
    Paragraph,
    Table,
    plain_text,
    walk_text,
)
from sladoc.document.writers import write

from .conftest import AGREEMENTS, ROOT

TEMPLATES = TemplateSet.default()
WORDING = ROOT / "templates" / "layouts" / "metrics"
STEPS = tuple(
    f"metrics_{name}"
    for name in ("overview", "goals", "requirements", "contacts", "missed", "termination")
)
AFTER = ("unexpected_events", "clauses", "general")
ONE_LANGUAGE = [path for path in AGREEMENTS if len(api.load(path).languages) == 1]
BILINGUAL = [path for path in AGREEMENTS if len(api.load(path).languages) > 1]


def _words(language: str, kind: str = "internal"):
    return TEMPLATES.wording(kind, language, "metrics")


def _in_metrics(agreement: Agreement, **update: object) -> Agreement:
    return agreement.model_copy(update={"layout": "metrics", **update})


def _document(agreement: Agreement, **update: object) -> Document:
    return compose(_in_metrics(agreement, **update), TEMPLATES)


def _sections(document: Document) -> dict[str, list[Block]]:
    """Each top-level section's blocks (its heading first), by the heading's anchor."""
    out: dict[str, list[Block]] = {}
    current: list[Block] = []
    for block in document.blocks:
        if isinstance(block, Heading) and block.level == 1:
            current = [block]
            out[block.anchor or block.text] = current
        else:
            current.append(block)
    return out


def _tables(blocks: list[Block], header_key: str, language: str, kind: str) -> list[Table]:
    header = tuple(_words(language, kind).list(header_key))
    return [b for b in blocks if isinstance(b, Table) and b.header == header[: len(b.header)]]


def _cells(table: Table) -> list[list[str]]:
    return [[plain_text(cell) for cell in row] for row in table.rows]


def _is_guidance(block: Block, language: str) -> bool:
    label = _words(language)("metrics_guidance_label")
    return isinstance(block, Paragraph) and plain_text(block.content).startswith(label)


@pytest.fixture(scope="module")
def generated(generate, tmp_path_factory) -> list[Agreement]:
    """Generated agreements of every kind and size (bench/generate.py)."""
    folder = tmp_path_factory.mktemp("metrics-generated")
    return [api.load(path) for path in generate.generate(folder, 24, seed=16)]


def _all(generated: list[Agreement]) -> list[Agreement]:
    return [api.load(path) for path in ONE_LANGUAGE] + generated


# --- the layout and its steps --------------------------------------------------------------------


def test_the_layout_fits_every_kind_in_the_guides_order():
    orders = LAYOUTS["metrics"].orders
    assert set(orders) == {"internal", "tiered", "customer"}
    for places in orders.values():
        ids = [place.section for place in places]
        assert ids == ["preamble", "recitals", *STEPS, *AFTER, "signatures"]


def test_the_steps_are_the_first_clauses_in_the_guides_order(generated):
    """Steps 1 to 6 in the guide's order are clauses 1 to 6 (fewer when one is left out),
    each under its step's heading; the sections after them follow."""
    for agreement in _all(generated):
        words = _words(agreement.language, agreement.kind)
        headings = [
            b for b in _document(agreement).blocks if isinstance(b, Heading) and b.level == 1
        ]
        steps = [h for h in headings if h.anchor in STEPS]
        assert [h.anchor for h in steps] == [s for s in STEPS if s in {h.anchor for h in steps}]
        numbered = [h for h in headings if h.number]
        assert numbered[: len(steps)] == steps
        for position, heading in enumerate(steps, start=1):
            assert int("".join(c for c in heading.number if c.isdigit())) == position
            key = heading.anchor.removeprefix("metrics_")
            wording = "metrics_heading_goals" if key == "goals" else f"heading_{key}"
            assert heading.text == words(wording)


def test_a_step_left_out_closes_up_the_step_numbers():
    agreement = api.load(ROOT / "agreements" / "company-x-marketing-sales.yaml")
    document = _document(agreement, if_goals_missed=None)
    headings = {h.anchor: h for h in document.blocks if isinstance(h, Heading) and h.level == 1}
    assert "metrics_missed" not in headings
    assert headings["metrics_termination"].number == "5."


def test_a_cross_reference_names_the_step():
    """`[clause:termination]` reads as the termination step's number, as in every layout."""
    agreement = api.load(ROOT / "agreements" / "acme-cloud-hosting.yaml")
    document = _document(agreement)
    number = next(
        h.number.rstrip(".")
        for h in document.blocks
        if getattr(h, "anchor", "") == "metrics_termination"
    )
    refs = [
        run.text
        for block in document.blocks
        if isinstance(block, Paragraph)
        for run in block.content
        if run.ref == "metrics_termination"
    ]
    assert refs == [number]


# --- guidance ------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ONE_LANGUAGE, ids=lambda p: p.stem)
@pytest.mark.parametrize("guidance", [True, False, None])
def test_guidance_under_every_step_heading_only_when_shown(path: Path, guidance):
    agreement = _in_metrics(api.load(path), guidance=guidance)
    shown = guidance if guidance is not None else agreement.status == "draft"
    assert agreement.shows_guidance == shown
    blocks = compose(agreement, TEMPLATES).blocks
    notes = [i for i, b in enumerate(blocks) if _is_guidance(b, agreement.language)]
    steps = [i for i, b in enumerate(blocks) if isinstance(b, Heading) and b.anchor in STEPS]
    if shown:
        assert notes == [i + 1 for i in steps]
        assert all(
            run.italic
            for i in notes
            for run in blocks[i].content  # type: ignore[union-attr]
        )
    else:
        assert notes == []


def test_guidance_is_worded_for_the_kind_and_in_the_language():
    for kind in ("internal", "tiered", "customer"):
        english = _words("en", kind)("metrics_guidance_goals", kind=kind, parties=2)
        indonesian = _words("id", kind)("metrics_guidance_goals", kind=kind, parties=2)
        assert english != indonesian
        others = {
            _words("en", kind)("metrics_guidance_goals", kind=other, parties=2)
            for other in ("internal", "tiered", "customer")
        }
        assert len(others) == 3


# --- step 2: the table of goals ------------------------------------------------------------------


def _goals_section(agreement: Agreement) -> list[Block]:
    return _sections(_document(agreement))["metrics_goals"]


def test_every_goal_is_a_row_owned_by_its_party(generated):
    for agreement in _all(generated):
        tables = _tables(
            _goals_section(agreement), "metrics_goals_header", agreement.language, agreement.kind
        )
        rows = [row for t in tables for row in _cells(t)]
        for party in agreement.parties:
            for goal in agreement.goals.get(party.id, []):
                owners = [row[3] for row in rows if row[0] == goal.metric]
                assert owners, goal.metric
                assert any(party.name in owner or party.called in owner for owner in owners)


def test_no_cell_of_a_metrics_table_is_empty(generated):
    """A field left out leaves its row out (or says so), never a blank cell."""
    keys = (
        "metrics_goals_header",
        "metrics_chain_header",
        "metrics_requirements_header",
        "metrics_consequences_header",
        "metrics_termination_header",
        "metrics_severities_header",
    )
    for agreement in _all(generated):
        blocks = list(_document(agreement).blocks)
        for key in keys:
            for t in _tables(blocks, key, agreement.language, agreement.kind):
                for row in _cells(t):
                    assert len(row) == len(t.header)
                    assert all(cell.strip() for cell in row), (agreement.id, key, row)


def test_internal_funnel_follow_up_and_tiers_are_metrics(generated):
    internal = [a for a in _all(generated) if isinstance(a, InternalAgreement)]
    assert len(internal) >= 3
    for agreement in internal:
        words = _words(agreement.language)
        rows = [
            row
            for t in _tables(
                _goals_section(agreement), "metrics_goals_header", agreement.language, "internal"
            )
            for row in _cells(t)
        ]
        metrics = [row[0] for row in rows]
        stated = [g for goals in agreement.goals.values() for g in goals]
        needed = Decimal(agreement.funnel.math.leads_needed)
        says_leads = any(
            g.per == agreement.funnel.period and g.target and g.target.number == needed
            for g in stated
        )
        assert (words("metrics_leads_metric") in metrics) != says_leads
        assert words("metrics_depth_metric") in metrics
        assert (words("metrics_capacity_metric") in metrics) == bool(
            agreement.follow_up.leads_per_rep
        )
        tiers = [m for m in metrics if any(t.name in m for t in agreement.lead_tiers)]
        assert len(tiers) >= len(agreement.lead_tiers)


def test_the_funnels_leads_goal_is_owned_by_the_team_that_delivers_leads():
    agreement = api.load(ROOT / "agreements" / "company-x-marketing-sales.yaml")
    agreement = agreement.model_copy(update={"goals": {}})
    rows = [
        row
        for t in _tables(_goals_section(agreement), "metrics_goals_header", "en", "internal")
        for row in _cells(t)
    ]
    owner = {row[0]: row[3] for row in rows}
    words = _words("en")
    assert owner[words("metrics_leads_metric")] == "Marketing"
    assert owner[words("metrics_speed_metric")] == "Sales"
    # teams the agreement does not name as marketing and sales own them together
    renamed = agreement.model_copy(
        update={
            "parties": [
                p.model_copy(update={"id": f"team{i}", "name": f"Team {i}", "role": None})
                for i, p in enumerate(agreement.parties)
            ],
            "requirements": {},
            "reporting": [],
        }
    )
    rows = [
        row
        for t in _tables(_goals_section(renamed), "metrics_goals_header", "en", "internal")
        for row in _cells(t)
    ]
    joint = words("metrics_owner_joint", parties=2)
    assert {row[3] for row in rows} == {joint}


def test_customer_service_levels_per_plan(generated):
    customers = [a for a in _all(generated) if isinstance(a, CustomerAgreement)]
    assert any(len(a.levels(chosen_only=True)) > 1 for a in customers)
    for agreement in customers:
        blocks = _goals_section(agreement)
        words = Words(_words(agreement.language, "customer"), agreement.language)
        levels = agreement.levels(chosen_only=True)
        tables = _tables(blocks, "metrics_goals_header", agreement.language, "customer")
        rows = [row for t in tables for row in _cells(t)]
        expected = sum(
            len(level.availability)
            + sum(
                1 + (v.resolution is not None)
                for v in (level.support.severities if level.support else [])
            )
            for level in levels
        )
        services = {
            words("metrics_availability_metric", service=service.name)
            for service in agreement.services
        }
        availability = [r for r in rows if r[0] in services]
        measures = [
            words("metrics_severity_metric", measure=measure, level=1, name="x").split(":")[0]
            for measure in ("response", "resolution")
        ]
        severities = [r for r in rows if r[0].split(":")[0] in measures]
        assert len(availability) + len(severities) == expected, agreement.id
        for _, service, target, _ in (a for level in levels for a in level.availability):
            assert any(
                r[0] == words("metrics_availability_metric", service=service.name)
                and r[1].startswith(words.percent(target.target))
                and words.spelled_duration(target.budget("month")) in r[2]
                for r in availability
            )
        plan_headings = [b.text for b in blocks if isinstance(b, Heading) and b.level == 2]
        if len(levels) > 1:
            for level in levels:
                assert words("plan_heading", plan=level.name) in plan_headings
            assert len(tables) >= len(levels)
        if any(level.availability for level in levels):
            convention = words("availability_convention", year_days="365.25", month_days="x")
            assert any(
                isinstance(b, Paragraph)
                and plain_text(b.content).startswith(convention.split("365")[0])
                for b in blocks
            )


def test_customer_keeps_its_exclusions_and_maintenance_in_step_2():
    agreement = api.load(ROOT / "agreements" / "acme-cloud-hosting.yaml")
    text = walk_text(tuple(_goals_section(agreement)))
    for exclusion in agreement.exclusions:
        assert exclusion in text
    assert any(line.startswith("Window: Sundays 01:00-05:00 WIB") for line in text)


def test_tiered_obligations_are_a_table_of_targets(generated):
    tiered = [a for a in _all(generated) if isinstance(a, TieredAgreement)]
    assert tiered
    for agreement in tiered:
        words = Words(_words(agreement.language, "tiered"), agreement.language)
        (chain,) = _tables(
            _goals_section(agreement), "metrics_chain_header", agreement.language, "tiered"
        )
        rows = _cells(chain)
        assert [row[0] for row in rows] == [o.provides for o in agreement.obligations]
        for row, obligation in zip(rows, agreement.obligations, strict=True):
            if obligation.target is None and obligation.within is None:
                assert row[1] == words("metrics_no_target")
            elif obligation.within is not None:
                assert words.duration(obligation.within) in row[1]


# --- steps 3, 5 and 6 ----------------------------------------------------------------------------


def test_requirements_a_row_each_with_who_needs_and_who_provides(generated):
    for agreement in _all(generated):
        section = _sections(_document(agreement))["metrics_requirements"]
        tables = _tables(section, "metrics_requirements_header", agreement.language, agreement.kind)
        needs = [
            (" ".join(need.split()), party)
            for party in agreement.parties
            for need in agreement.requirements.get(party.id, [])
        ]
        if not needs:
            assert tables == []
            continue
        (requirements,) = tables
        rows = _cells(requirements)
        assert len(rows) == len(needs)
        pair = len(agreement.parties) == 2
        assert len(requirements.header) == (3 if pair else 2)
        for row, (need, party) in zip(rows, needs, strict=True):
            assert row[0] == need and row[1] == party.called
            if pair:
                other = next(p for p in agreement.parties if p is not party)
                assert row[2] == other.called


def test_if_goals_missed_a_row_per_consequence(generated):
    for agreement in _all(generated):
        missed = agreement.if_goals_missed
        section = _sections(_document(agreement)).get("metrics_missed", [])
        tables = _tables(section, "metrics_consequences_header", agreement.language, agreement.kind)
        if missed is None:
            assert tables == []
            continue
        (consequences,) = tables
        assert len(consequences.rows) == (
            len(missed.remedies) + bool(missed.strikes) + bool(missed.recovery)
        )
        escalation = _tables(section, "escalation_header", agreement.language, agreement.kind)
        assert sum(len(t.rows) for t in escalation) == len(missed.escalation)


def test_termination_a_row_per_ground_with_its_notice(generated):
    for agreement in _all(generated):
        ending = agreement.termination
        section = _sections(_document(agreement)).get("metrics_termination", [])
        if ending is None:
            assert section == []
            continue
        (grounds,) = _tables(
            section, "metrics_termination_header", agreement.language, agreement.kind
        )
        convenience = ending.for_convenience is not None and ending.notice is not None
        assert len(grounds.rows) == len(ending.conditions) + convenience
        assert len(grounds.header) == (2 if ending.notice else 1)


# --- bilingual and built files -------------------------------------------------------------------


@pytest.mark.parametrize("path", BILINGUAL, ids=lambda p: p.stem)
@pytest.mark.parametrize("guidance", [True, False])
def test_both_language_versions_have_the_same_steps(path: Path, guidance: bool):
    """The versions compose to the same structure (zip_versions raises otherwise), and each
    step's heading is there in both languages."""
    versions = tuple(
        version.model_copy(update={"guidance": guidance})
        for version, _ in api.load_versions(path, layout="metrics")
    )
    document = compose_versions(versions, TEMPLATES)
    single = compose(versions[0], TEMPLATES)
    steps = [b for b in single.blocks if isinstance(b, Heading) and b.anchor in STEPS]
    assert len(steps) == 6
    shown = " ".join(walk_text(document.blocks))
    for heading in steps:
        assert heading.text in shown
    for heading in compose(versions[1], TEMPLATES).blocks:
        if isinstance(heading, Heading) and heading.anchor in STEPS:
            assert heading.text in shown
    text = " ".join(walk_text(document.blocks))
    assert ("Petunjuk bagi penyusun:" in text) == guidance
    assert ("Guidance for the author:" in text) == guidance


@pytest.mark.parametrize("guidance", [True, False])
def test_the_built_documents_carry_the_steps_and_the_guidance(tmp_path: Path, guidance: bool):
    agreement = _in_metrics(
        api.load(ROOT / "agreements" / "company-x-marketing-sales.yaml"), guidance=guidance
    )
    document = compose(agreement, TEMPLATES)
    look = TEMPLATES.look(agreement.kind)
    words = _words("en")
    for fmt in ("docx", "pdf"):
        path = tmp_path / f"metrics.{fmt}"
        path.write_bytes(write(fmt, document, look))
        text = " ".join(api.textconv(path).split())
        assert "2. Goals and how they are measured" in text
        assert all(column in text for column in words.list("metrics_goals_header"))
        assert ("Guidance for the author:" in text) == guidance, fmt


# --- the wording ---------------------------------------------------------------------------------


def _read(name: str) -> dict:
    data = yaml.safe_load((WORDING / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


_PARSER = SandboxedEnvironment()


def test_the_indonesian_wording_has_the_english_keys_shapes_and_values():
    english, indonesian = _read("wording.yaml"), _read("wording.id.yaml")
    assert list(english) == list(indonesian)
    for key, value in english.items():
        other = indonesian[key]
        assert type(other) is type(value), key
        if isinstance(value, list):
            assert len(other) == len(value), key
        if isinstance(value, str):
            names = meta.find_undeclared_variables(_PARSER.parse(value))
            assert meta.find_undeclared_variables(_PARSER.parse(other)) == names, key
            if re.sub(r"{[{%].*?[%}]}|\bper\b|\W", "", value, flags=re.S):
                assert other != value, f"{key} is not translated"


def test_every_entry_renders_in_both_languages():
    for language in ("en", "id"):
        words = _words(language)
        for key, value in _read("wording.yaml").items():
            if isinstance(value, str):
                names = meta.find_undeclared_variables(_PARSER.parse(value))
                assert words(key, **{name: 2 for name in names}), (language, key)


@pytest.mark.parametrize("path", ONE_LANGUAGE, ids=lambda p: p.stem)
def test_an_agreement_composed_in_indonesian_has_no_english_metrics_wording(path: Path):
    english = {
        value
        for value in _read("wording.yaml").values()
        if isinstance(value, str) and "{" not in value
    } | {
        item
        for value in _read("wording.yaml").values()
        if isinstance(value, list)
        for item in value
    }
    english -= {"Target"}  # the same word in both languages
    agreement = _in_metrics(api.load(path), language="id", guidance=True)
    text = set(walk_text(compose(agreement, TEMPLATES).blocks))
    for table in (b for b in compose(agreement, TEMPLATES).blocks if isinstance(b, Table)):
        text |= set(table.header)
    assert sorted(english & text) == []
    assert "Pasal 2 – Tujuan dan Cara Pengukurannya" in text
