"""The PDF stylesheet is checked by a pydantic model: every problem of a file at once, each
naming the file and the key, with no value of the wrong type let through."""

from __future__ import annotations

from pathlib import Path

import pytest

from sladoc.document.writers.pdf import _stylesheet
from sladoc.errors import TemplateError

from .conftest import ROOT

SHIPPED = (ROOT / "templates" / "pdf-style.yaml").read_text(encoding="utf-8")


def problems(tmp_path: Path, *changes: tuple[str, str]) -> list[str]:
    text = SHIPPED
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new, 1)
    path = tmp_path / "pdf-style.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(TemplateError) as caught:
        _stylesheet(path)
    lines = str(caught.value).splitlines()
    assert all(line.startswith(f"{path}: ") for line in lines), lines
    return [line.removeprefix(f"{path}: ") for line in lines]


def test_the_shipped_stylesheet_is_valid() -> None:
    sheet = _stylesheet(ROOT / "templates" / "pdf-style.yaml")
    assert sheet.spec.page.size == "A4"
    assert sheet.styles["body"].fontSize == 10


def test_every_problem_is_named_by_its_key(tmp_path: Path) -> None:
    found = problems(
        tmp_path,
        ("margin_top_mm: 26", "margin_top_mm: -26"),
        ("header_mm: 13", "headr_mm: 13"),
        ("opacity: 0.6", "opacity: 5"),
        ("size: A4", "size: A5"),
    )
    assert found == [
        "page.size: should be 'A4' or 'letter', found 'A5'",
        "page.margin_top_mm: should be greater than or equal to 0, found -26",
        "page.header_mm: missing key",
        "page.headr_mm: unknown key (did you mean 'header_mm'?)",
        "draft_mark.opacity: should be less than or equal to 1, found 5",
    ]


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "margin_top_mm: 26",
            "margin_top_mm: '26'",
            "page.margin_top_mm: should be a valid number",
        ),
        (
            "margin_top_mm: 26",
            "margin_top_mm: .nan",
            "page.margin_top_mm: should be a finite number",
        ),
        (
            "margin_top_mm: 26",
            "margin_top_mm: 2600",
            "page.margin_top_mm: should be less than or equal to 80",
        ),
        (
            "size: 10, leading: 12.65",
            "size: 0, leading: 12.65",
            "text.body.size: should be greater than 0",
        ),
        (
            "justify: false, bold: false, colour: text}",
            "justify: 1, bold: false, colour: text}",
            "text.body.justify: should be a valid boolean, found 1",
        ),
        ('  text: "#1c2430"', "  text: blue", "colours.text: 'blue' is not a colour"),
        ("colour: accent}", "colour: accnt}", "text.lead.colour: no colour 'accnt'"),
        (
            "regular: LiberationSans-Regular.ttf",
            "regular: ../x.ttf",
            "fonts: font file '../x.ttf' is not in",
        ),
        ("page:\n", "page: 5\nx:\n", "page: expected a mapping, found int"),
    ],
)
def test_a_wrong_value_is_named(tmp_path: Path, old: str, new: str, message: str) -> None:
    assert any(line.startswith(message) for line in problems(tmp_path, (old, new)))


def test_an_unknown_top_level_key_lists_the_known_ones(tmp_path: Path) -> None:
    assert "x: unknown key (known: page, fonts, colours, text, spacing, draft_mark)" in problems(
        tmp_path, ("page:\n", "x: 1\npage:\n")
    )
