"""Loading and validation: every error at its file:line:col, nothing else ever escapes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from sladoc.agreement import loader
from sladoc.agreement.model import CustomerAgreement, InternalAgreement, TieredAgreement
from sladoc.agreement.validate import load_agreement, parse_agreement
from sladoc.errors import InputError, LoadError, SchemaError

from .conftest import AGREEMENTS, ROOT

INVALID = sorted((Path(__file__).parent / "invalid").glob("*.yaml"))
STARTERS = sorted((ROOT / "sladoc" / "data").glob("starter-*.yaml"))
_EXPECT = re.compile(r"^# expect: (\d+):(\d+) (.*)$", re.MULTILINE)


@pytest.mark.parametrize("path", AGREEMENTS + STARTERS, ids=lambda p: p.name)
def test_examples_and_starters_are_valid(path: Path) -> None:
    agreement, _ = load_agreement(path)
    assert agreement.id
    assert len(agreement.parties) >= 2


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_invalid_file_reports_exactly_its_problems(path: Path) -> None:
    expected = [
        (int(line), int(col), message) for line, col, message in _EXPECT.findall(path.read_text())
    ]
    assert expected, f"{path.name} has no '# expect:' lines"
    with pytest.raises(InputError) as caught:
        load_agreement(path)
    got = [(p.position.line, p.position.col, p.message) for p in caught.value.problems]
    assert got == expected
    assert all(p.position.file == str(path) for p in caught.value.problems)


def test_examples_cover_all_three_kinds() -> None:
    kinds = {type(load_agreement(path)[0]) for path in AGREEMENTS}
    assert kinds == {InternalAgreement, TieredAgreement, CustomerAgreement}


def test_seed_funnel_math_from_the_internal_example() -> None:
    agreement, _ = load_agreement(ROOT / "agreements" / "company-x-marketing-sales.yaml")
    assert isinstance(agreement, InternalAgreement)
    assert agreement.funnel.math.customers_needed == 50
    assert agreement.funnel.math.leads_needed == 100


def test_text_fields_keep_what_was_written() -> None:
    """YAML 1.1 would turn these into False, 1.1 and a date; text fields keep the text."""
    text = (ROOT / "sladoc" / "data" / "starter-internal.yaml").read_text()
    text = text.replace("title: Marketing and Sales Service Level Agreement", "title: no")
    text = text.replace('version: "0.1"', "version: 1.10")
    text = text.replace("    name: Sales\n", "    name: 2027-01-01\n")
    agreement = parse_agreement(text)
    assert agreement.title == "no"
    assert agreement.version == "1.10"
    assert agreement.parties[1].name == "2027-01-01"


def test_percentages_are_exact_decimals() -> None:
    text = (ROOT / "agreements" / "acme-cloud-hosting.yaml").read_text()
    agreement = parse_agreement(text)
    assert isinstance(agreement, CustomerAgreement)
    target = agreement.services[1].availability.target
    assert str(100 - target) == "0.05"


def test_decimal_comma_in_indonesian_agreement() -> None:
    text = (ROOT / "agreements" / "acme-cloud-hosting.yaml").read_text()
    text = text.replace("language: en", "language: id").replace("target: 99.95%", "target: 99,95%")
    agreement = parse_agreement(text)
    assert str(agreement.services[0].availability.target) == "99.95"


def test_decimal_comma_rejected_in_english_with_a_hint() -> None:
    text = (ROOT / "agreements" / "acme-cloud-hosting.yaml").read_text()
    with pytest.raises(SchemaError, match="99,95"):
        parse_agreement(text.replace("target: 99.95%", "target: 99,95%"), "a.yaml")


@pytest.mark.parametrize(
    ("line", "col", "message"),
    [
        ("language: fr", 11, "expected 'en' or 'id', got \"fr\""),
        ("language: ind", 11, "expected 'en' or 'id', got \"ind\"; did you mean `id`?"),
        ("language:", 10, "expected 'en' or 'id', got nothing"),
        (
            "language: [id]",
            11,
            "expected one language ('en' or 'id') or two, such as [id, en], got a list of 1",
        ),
    ],
)
def test_an_unknown_language_is_one_problem_at_its_place(line: str, col: int, message: str) -> None:
    """The language says how values are read, so it is checked first, like `kind`: an
    Indonesian agreement full of decimal commas still gives the one problem."""
    text = (ROOT / "agreements" / "contoh-pemasaran-penjualan.yaml").read_text()
    assert text.count("\nlanguage: id\n") == 1
    row = text[: text.index("\nlanguage: id\n")].count("\n") + 2
    with pytest.raises(SchemaError) as caught:
        parse_agreement(text.replace("\nlanguage: id\n", f"\n{line}\n"), "x.yaml")
    [problem] = caught.value.problems
    assert (problem.position.line, problem.position.col) == (row, col)
    assert (problem.message, problem.path) == (message, "language")


def test_kind_is_checked_before_language() -> None:
    text = (ROOT / "sladoc" / "data" / "starter-internal.yaml").read_text()
    text = text.replace("kind: internal", "kind: internl").replace("language: en ", "language: fr ")
    with pytest.raises(SchemaError) as caught:
        parse_agreement(text)
    assert [p.path for p in caught.value.problems] == ["kind"]


def test_without_a_language_values_are_read_as_english() -> None:
    text = (ROOT / "sladoc" / "data" / "starter-internal.yaml").read_text()
    text = text.replace("language: en ", "# language: en ")
    assert parse_agreement(text).language == "en"
    with pytest.raises(SchemaError, match="write the decimal point as a dot"):
        parse_agreement(text.replace("close_rate: 50%", "close_rate: 50,5%"))


def test_fields_fall_back_to_the_default_language_when_given_an_unknown_one() -> None:
    """Validating a model directly (no `validate` in front): the wrong language is still the
    one problem, and the values are read as English rather than each refused."""
    data = loader.load_file(ROOT / "sladoc" / "data" / "starter-internal.yaml").data
    data = {**data, "language": "fr"}
    with pytest.raises(ValidationError) as caught:
        InternalAgreement.model_validate(data, context={"language": "fr"})
    [error] = caught.value.errors()
    assert error["loc"] == ("language",)
    assert str(error["ctx"]["error"]) == "expected 'en' or 'id', got \"fr\""


def test_all_errors_in_a_file_are_reported_together() -> None:
    path = Path(__file__).parent / "invalid" / "wrong-types.yaml"
    with pytest.raises(SchemaError) as caught:
        load_agreement(path)
    assert len(caught.value.problems) == 3


# --- hostile bytes and YAML -------------------------------------------------------------


def _load_error(data: bytes, tmp_path: Path) -> LoadError:
    path = tmp_path / "x.yaml"
    path.write_bytes(data)
    with pytest.raises(LoadError) as caught:
        loader.load_file(path)
    return caught.value


def test_alias_bomb_is_refused(tmp_path: Path) -> None:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, 10):
        refs = ",".join([f"*a{i - 1}"] * 9)
        lines.append(f"a{i}: &a{i} [{refs}]")
    error = _load_error("\n".join(lines).encode(), tmp_path)
    assert "alias bomb" in str(error)
    assert error.problems[0].position.line > 1


@pytest.mark.parametrize("depth", [50, 10_000])
def test_deep_nesting_is_an_error_not_a_crash(depth: int, tmp_path: Path) -> None:
    data = ("[" * depth + "]" * depth).encode()
    if depth <= loader.MAX_DEPTH:
        assert loader.load_text(data.decode()).data is not None
    else:
        assert "nested deeper" in str(_load_error(data, tmp_path))


def test_fifty_levels_of_mappings_load() -> None:
    text = "".join(f"{'  ' * i}k{i}:\n" for i in range(50)) + "  " * 50 + "leaf"
    assert loader.load_text(text).data is not None


def test_huge_file_is_refused_before_parsing(tmp_path: Path) -> None:
    error = _load_error(b"a: " + b"x" * (20 * 1024 * 1024), tmp_path)
    assert "MiB" in str(error)


@pytest.mark.parametrize(
    "data, fragment",
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00", "not UTF-8"),
        (b"title: caf\xe9\n", "1:11"),
        (b"a: b\x00c\n", "NUL"),
        (b"a: \x07\n", "U+0007"),
    ],
)
def test_binary_and_bad_encodings_have_positions(
    data: bytes, fragment: str, tmp_path: Path
) -> None:
    assert fragment in str(_load_error(data, tmp_path))


def test_utf16_with_bom_and_crlf_are_read(tmp_path: Path) -> None:
    text = (ROOT / "agreements" / "company-x-multilevel.yaml").read_text()
    path = tmp_path / "utf16.yaml"
    path.write_bytes(text.replace("\n", "\r\n").encode("utf-16"))
    agreement, _ = load_agreement(path)
    assert agreement.id == "company-x-multilevel"


def test_utf8_bom_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes(
        b"\xef\xbb\xbf" + (ROOT / "agreements" / "company-x-multilevel.yaml").read_bytes()
    )
    assert load_agreement(path)[0].kind == "tiered"


def test_merge_keys_work_and_point_at_the_anchor() -> None:
    data = loader.load_text("base: &b {x: 1, y: 2}\nd:\n  <<: *b\n  y: 3\n", "m.yaml")
    assert data.data["d"] == {"x": "1", "y": "3"}
    assert str(data.source.position(("d", "x"))) == "m.yaml:1:14"


def test_missing_and_folder_paths(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="no such file"):
        loader.load_file(tmp_path / "nope.yaml")
    with pytest.raises(LoadError, match="folder"):
        loader.load_file(tmp_path)


# --- properties: nothing but our own error, always with a position -----------------------


def _assert_loads_or_fails_cleanly(text: str) -> None:
    try:
        parse_agreement(text, "fuzz.yaml")
    except InputError as error:
        assert error.problems
        for problem in error.problems:
            assert problem.position.file == "fuzz.yaml"
            assert problem.position.line >= 1 and problem.position.col >= 1
            assert problem.message


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_arbitrary_text_never_escapes(text: str) -> None:
    _assert_loads_or_fails_cleanly(text)


_yaml_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True)
    | st.text(max_size=20)
    | st.dates(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.dictionaries(
        st.sampled_from(
            [
                "sladoc",
                "kind",
                "id",
                "title",
                "status",
                "parties",
                "goals",
                "funnel",
                "services",
                "term",
                "effective",
                "overview",
                "extra",
            ]
        ),
        _yaml_values,
        max_size=8,
    )
)
def test_arbitrary_yaml_documents_never_escape(document: dict) -> None:
    _assert_loads_or_fails_cleanly(yaml.safe_dump(document, allow_unicode=True))


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(AGREEMENTS), st.data())
def test_mutated_examples_never_escape(path: Path, data: st.DataObject) -> None:
    """Replace one line's value of a real agreement with arbitrary YAML-ish text."""
    lines = path.read_text().splitlines()
    index = data.draw(st.integers(0, len(lines) - 1))
    line = lines[index]
    if ":" in line:
        head = line.split(":", 1)[0]
        lines[index] = (
            head + ": " + data.draw(st.text(max_size=30).map(lambda s: s.replace("\n", " ")))
        )
    _assert_loads_or_fails_cleanly("\n".join(lines))


def test_escaped_carriage_returns_become_line_breaks() -> None:
    text = (ROOT / "agreements" / "company-x-multilevel.yaml").read_text()
    text = text.replace(
        "end_user: Company X customers", 'end_user: "Company X\\r\\ncustomers\\rall"'
    )
    agreement = parse_agreement(text)
    assert agreement.end_user == "Company X\ncustomers\nall"
