"""The order of a contract's sections, per kind, as data (`sladoc.agreement.layout`): every
building block has a place in every kind, the spine writes the sections in that order, and
a customer agreement reads as such agreements are ordered."""

from __future__ import annotations

import re
from typing import get_args

import pytest

from sladoc import api
from sladoc.agreement.layout import (
    DEFAULT_LAYOUT,
    LAYOUTS,
    ORDER,
    LayoutName,
    layouts_for,
    place_of,
)
from sladoc.agreement.model import KINDS
from sladoc.agreement.validate import load_agreement
from sladoc.checks.rules.sla301_missing_block import _BLOCKS
from sladoc.document.compose import SECTIONS, SPINES, compose
from sladoc.document.templateset import TemplateSet
from sladoc.document.tree import Columns, Heading

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


def test_the_layouts_are_those_the_file_may_name() -> None:
    assert tuple(LAYOUTS) == get_args(LayoutName)
    assert all(kind in LAYOUTS[name].orders for kind, name in DEFAULT_LAYOUT.items())


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
    wording = templates.wording(agreement.kind, agreement.language, agreement.layout_name)
    document = compose(agreement, templates)
    shown = [b.text for b in document.blocks if isinstance(b, Heading) and b.level == 1]
    spine = [
        s.heading for s in SPINES[agreement.layout_name, agreement.kind] if s.heading is not None
    ]
    positions = [spine.index(key) for text in shown for key in spine if text.endswith(wording(key))]
    assert positions == sorted(positions) and len(positions) == len(shown)
    if agreement.layout_name == "formal":
        assert spine == list(CUSTOMER_ORDER)


# --- choosing a layout ----------------------------------------------------------------------

MISFITS = [(name, kind) for name in LAYOUTS for kind in KINDS if kind not in LAYOUTS[name].orders]
EXAMPLE_OF = {kind: next(p for p in AGREEMENTS if api.load(p).kind == kind) for kind in KINDS}


def _with_layout(text: str, layout: str) -> str:
    """The agreement's text with ``layout:`` as its last line (a layout it names already
    becomes a comment, so that every other line keeps its number)."""
    text = re.sub(r"^layout:", "# layout:", text, flags=re.MULTILINE)
    return text.rstrip("\n") + f"\nlayout: {layout}\n"


@pytest.mark.parametrize(("name", "kind"), MISFITS + [("three-column", "customer")])
def test_a_layout_that_does_not_fit_the_kind_is_refused_at_its_position(name, kind) -> None:
    text = _with_layout(EXAMPLE_OF[kind].read_text("utf-8"), name)
    report = api.validate_text(text, "x.yaml")
    (problem,) = report.results[0][1]
    assert (problem.position.line, problem.position.col) == (text.count("\n"), 9)
    fitting = ", ".join(layouts_for(kind)) if name in LAYOUTS else ", ".join(LAYOUTS)
    assert problem.message.endswith(f"choose one of: {fitting}"), problem.message


@pytest.mark.parametrize(("name", "kind"), LAID_OUT, ids=lambda v: str(v))
def test_each_layout_is_recorded_and_drawn_the_same_every_time(name, kind, tmp_path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text(_with_layout(EXAMPLE_OF[kind].read_text("utf-8"), name), "utf-8")
    agreement = api.load(path)
    assert agreement.layout_name == name
    first = api.render(agreement, ["docx", "pdf", "html"], source=path.read_bytes(), name="x")
    again = api.render(agreement, ["docx", "pdf", "html"], source=path.read_bytes(), name="x")
    assert first == again
    assert f'<meta name="sladoc-layout" content="{name}"'.encode() in first["html"]


def test_build_layout_overrides_the_file_and_inspect_rebuilds_with_it(tmp_path) -> None:
    from .test_cli import run

    source = tmp_path / "hosting.yaml"
    source.write_text(EXAMPLE_OF["customer"].read_text("utf-8"), "utf-8")
    out = tmp_path / "out"
    result = run("build", str(source), "--out", str(out), "--layout", "two-column")
    assert result.exit_code == 0, result.output
    document = compose_of(source, "two-column")
    assert any(isinstance(b, Columns) for b in document.blocks)
    inspected = run("inspect", str(out / f"{api.load(source).id}.pdf"))
    assert "  sladoc-layout: two-column\n" in inspected.stdout
    assert inspected.stdout.endswith("fresh\n"), inspected.stdout
    source.write_text(source.read_text("utf-8") + "\n# edited\n", "utf-8")
    inspected = run("inspect", str(out / f"{api.load(source).id}.pdf"))
    assert "--layout two-column`" in inspected.stdout


def test_build_layout_that_does_not_fit_is_a_positioned_error_and_writes_nothing(tmp_path):
    from .test_cli import run

    path = EXAMPLE_OF["customer"]
    misfit = next(name for name, kind in MISFITS if kind == "internal")
    internal = EXAMPLE_OF["internal"]
    result = run("build", str(path), str(internal), "--out", str(tmp_path), "--layout", misfit)
    assert result.exit_code == 2
    kind_line = internal.read_text("utf-8").splitlines().index("kind: internal") + 1
    assert f"{internal}:{kind_line}:7: error: --layout {misfit}: the {misfit} layout" in (
        result.output
    )
    assert not any(tmp_path.glob(f"{api.load(internal).id}.*"))
    unknown = run("build", str(path), "--out", str(tmp_path), "--layout", "three-column")
    assert unknown.exit_code == 2 and "unknown layout 'three-column'" in unknown.output


def compose_of(path, layout: str | None = None):
    versions = tuple(version for version, _ in api.load_versions(path, layout=layout))
    from sladoc.document.compose import compose_versions

    return compose_versions(versions, TemplateSet.default())


@pytest.mark.parametrize("index", range(9))
def test_findings_and_diffs_do_not_depend_on_the_layout(generate, index) -> None:
    """The checker and the semantic diff read the agreement, not its layout: the same
    findings at the same places in every layout, and a change of layout is no change in
    meaning."""
    from sladoc.review.diff import compare

    name, text = generate.agreement(21, index)
    kind = api.loads(text, name).kind
    plain = api.lint(text, name)
    changed = text.replace("title: ", "title: Revised ", 1)
    for layout in layouts_for(kind):
        laid = api.lint(_with_layout(text, layout), name)
        assert laid.problems == plain.problems == []
        assert laid.findings == plain.findings
        same = compare(api.loads(text, name), api.loads(_with_layout(text, layout), name))
        assert same.changes == ()
        moved = compare(api.loads(text, name), api.loads(_with_layout(changed, layout), name))
        assert moved == compare(api.loads(text, name), api.loads(changed, name))


# --- two-column, a customer agreement's ---------------------------------------------------


CUSTOMERS = [path for path in AGREEMENTS if api.load(path).kind == "customer"]


@pytest.mark.parametrize("path", CUSTOMERS, ids=lambda p: p.stem)
def test_customer_two_column_sets_every_party_side_by_side(path) -> None:
    """A column per party: each party's goals in its own column, and what each party needs
    from the others in the column of the parties that provide it; the detailed terms
    follow, and the clauses the columns refer to resolve."""
    document = compose_of(path, "two-column")
    versions = [version for version, _ in api.load_versions(path)]
    agreement = versions[0]
    columns = next(b for b in document.blocks if isinstance(b, Columns))
    assert len(columns.titles) == len(agreement.parties)
    text = plain(document)
    assert "[clause:" not in text
    for version in versions:
        for party in version.parties:
            for goal in version.goals.get(party.id, []):
                assert goal.metric in text
            for need in version.requirements.get(party.id, []):
                assert " ".join(need.split()) in " ".join(text.split())
    headings = [b.text for b in document.blocks if isinstance(b, Heading) and b.level == 1]
    formal = compose_of(path, "formal")
    for heading in ("heading_support", "heading_missed", "heading_general"):
        wording = TemplateSet.default().wording("customer", agreement.language)(heading)
        assert any(wording in h for h in headings) == any(
            wording in b.text for b in formal.blocks if isinstance(b, Heading)
        )


def plain(document) -> str:
    from sladoc.document.tree import walk_text

    return "\n".join(walk_text(document.blocks))


EXAMPLE_LAYOUTS = [(path, name) for path in AGREEMENTS for name in layouts_for(api.load(path).kind)]


@pytest.mark.parametrize(
    ("path", "name"), EXAMPLE_LAYOUTS, ids=lambda v: v.stem if hasattr(v, "stem") else v
)
def test_every_example_composes_in_every_layout_that_fits(path, name) -> None:
    """Every cross-reference resolves and no building block's words are lost: each goal's
    metric and each requirement appear in every layout."""
    document = compose_of(path, name)
    text = " ".join(plain(document).split())
    assert "[clause:" not in text
    for version in (v for v, _ in api.load_versions(path)):
        for goals in version.goals.values():
            for goal in goals:
                assert " ".join(goal.metric.split()) in text, (name, goal.metric)
        for needs in version.requirements.values():
            for need in needs:
                assert " ".join(need.split()) in text, (name, need)
