"""Named hostile inputs: each gets sladoc's own error at its position, or builds into
documents that say exactly what was written. Nothing in an agreement or a template runs.

Hostile inputs already tested elsewhere are listed in docs/reliability.md (alias bombs,
50- and 10,000-level nesting of sequences, the 20 MB file, binary garbage, NUL bytes,
invalid UTF-8, UTF-16 with BOM and CRLF, merge keys, tab indentation and
``!!python/object/apply`` in tests/test_validate.py; literal template syntax in one field
in tests/test_build.py and tests/test_writers.py; ``''.__class__.__mro__`` and
``cycler.__init__.__globals__`` in tests/test_wording.py).
"""

from __future__ import annotations

import copy
import html
import io
import re
import shutil
import zipfile
from pathlib import Path

import docx
import pytest
import yaml
from pypdf import PdfReader
from typer.testing import CliRunner

from sladoc import api
from sladoc.agreement import loader
from sladoc.agreement import model as M
from sladoc.agreement.validate import load_agreement
from sladoc.cli import app
from sladoc.document.compose import compose
from sladoc.document.templateset import TemplateSet
from sladoc.errors import LoadError, SchemaError, TemplateError

from .conftest import ROOT
from .test_fuzz import text_fields, text_paths
from .test_writers import pdf_body_tokens

HOSTILE = Path(__file__).parent / "hostile"
FULL = {kind: HOSTILE / f"full-{kind}.yaml" for kind in M.KINDS}
TEMPLATES = ROOT / "templates"
STARTER = ROOT / "sladoc" / "data" / "starter-internal.yaml"
runner = CliRunner()


def starter(kind: str = "internal") -> dict:
    return loader.load_text(
        (ROOT / "sladoc" / "data" / f"starter-{kind}.yaml").read_text("utf-8")
    ).data


def write(tmp_path: Path, data: dict | str | bytes, name: str = "hostile.yaml") -> Path:
    path = tmp_path / name
    if isinstance(data, dict):
        data = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def build(path: Path, formats=("docx", "pdf", "md")) -> dict[str, bytes]:
    agreement, _ = load_agreement(path)
    return api.render_agreement(agreement, path, formats)


# --- reading the documents back --------------------------------------------------------------


def docx_text(data: bytes) -> str:
    """Every paragraph of the body, headers and footers, one per line, as Word shows it."""
    docx.Document(io.BytesIO(data))  # opens
    archive = zipfile.ZipFile(io.BytesIO(data))
    lines = []
    for name in archive.namelist():
        if name.startswith("word/") and name.endswith(".xml"):
            xml = archive.read(name).decode("utf-8")
            for paragraph in re.findall(r"<w:p[ >].*?</w:p>", xml, re.S):
                runs = re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>|<w:tab/>", paragraph)
                lines.append(html.unescape("".join(run or "\t" for run in runs)))
    return "\n".join(lines)


def pdf_text(data: bytes) -> str:
    """The PDF's text without any whitespace: wrapping may break a line anywhere."""
    return "".join(
        "".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages
    )


def markdown_text(data: bytes) -> str:
    """The text a reader of the rendered Markdown sees (escapes resolved)."""
    markdown_it = pytest.importorskip("markdown_it")
    rendered = markdown_it.MarkdownIt("commonmark").enable("table").render(data.decode())
    return html.unescape(re.sub(r"<[^>]+>", "", rendered))


def shows(documents: dict[str, bytes], literal: str, formats=("docx", "pdf", "md")) -> None:
    if "docx" in formats:
        assert literal in docx_text(documents["docx"]), "DOCX"
    if "pdf" in formats:
        assert "".join(literal.split()) in pdf_text(documents["pdf"]), "PDF"
    if "md" in formats:
        assert literal in markdown_text(documents["md"]), "Markdown"


# --- template syntax in every text field --------------------------------------------------------

# Documented as kept in the file but not printed (docs/format.md): the document prints the
# allowance it computes from `target` instead.
NOT_PRINTED = {("Availability", "downtime")}

# A dispute goes to the courts or to arbitration, never both: each fixture sets one, and
# the three together set both.
ALTERNATIVES = {
    "internal": {
        ("Arbitration", "institution"),
        ("Arbitration", "seat"),
        ("Arbitration", "language"),
    },
    "tiered": {("Disputes", "courts")},
    "customer": {("Disputes", "courts")},
}


@pytest.mark.parametrize("kind", M.KINDS)
def test_full_examples_set_every_text_field(kind: str) -> None:
    """The fixtures below must reach every free-text field of the model; a new field fails
    here until tests/hostile/full-<kind>.yaml sets it."""
    data = loader.load_text(FULL[kind].read_text("utf-8")).data
    cls = M.MODELS[kind]
    found = {owner for _, owner in text_paths(cls, data)}
    assert found | ALTERNATIVES[kind] == text_fields(cls)


def _set(data, path: tuple, value: str) -> None:
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


@pytest.mark.parametrize("kind", M.KINDS)
def test_template_syntax_in_every_text_field_stays_literal(kind: str, tmp_path: Path) -> None:
    """Jinja ({{ }}, {% %}, {# #}) and ${} put into each text field, a numbered variant per
    field, all appear literally in the DOCX, the PDF and the Markdown."""
    data = loader.load_text(FULL[kind].read_text("utf-8")).data
    hostile = copy.deepcopy(data)
    literals = {}
    for number, (path, owner) in enumerate(text_paths(M.MODELS[kind], data)):
        literal = f"{{{{ 7*{number} }}}} {{% x{number} %}} {{# c{number} #}} ${{HOME{number}}}"
        _set(hostile, path, literal)
        literals[literal] = (path, owner)
    documents = build(write(tmp_path, hostile))
    texts = {
        "docx": docx_text(documents["docx"]),
        "pdf": pdf_text(documents["pdf"]),
        "md": markdown_text(documents["md"]),
    }
    for fmt, text in texts.items():
        missing = [
            where
            for literal, where in literals.items()
            if where[1] not in NOT_PRINTED
            and (literal if fmt != "pdf" else "".join(literal.split())) not in text
        ]
        assert missing == [], f"{fmt}: not shown literally"


# --- tags, aliases, nesting, encodings -----------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "!!python/object/apply:os.system ['touch {marker}']",
        "!!python/object/new:os.system ['touch {marker}']",
        "!!python/name:os.system",
        "!!python/module:os",
        "!<tag:yaml.org,2002:python/object/apply:os.system> ['touch {marker}']",
        "!!binary dG91Y2g=",
        "!!set {{a, b}}",
        "!!omap [a: 1]",
        "!custom value",
    ],
)
@pytest.mark.parametrize("pure", [False, True], ids=["libyaml", "pure-python"])
def test_unsafe_and_unknown_tags_are_refused_and_never_run(
    value: str, pure: bool, tmp_path: Path, monkeypatch
) -> None:
    if pure:
        monkeypatch.setattr(loader, "_Loader", yaml.SafeLoader)
    marker = tmp_path / "ran"
    text = STARTER.read_text("utf-8").replace(
        "title: Marketing and Sales Service Level Agreement",
        f"title: {value.format(marker=marker)}",
    )
    with pytest.raises(LoadError) as caught:
        load_agreement(write(tmp_path, text))
    problem = caught.value.problems[0]
    assert (problem.position.line, problem.position.col) == (7, 8)
    assert "is not allowed" in problem.message
    assert not marker.exists()


def test_a_tag_directive_cannot_smuggle_a_python_tag(tmp_path: Path) -> None:
    text = "%TAG !e! tag:yaml.org,2002:python/\n---\n" + STARTER.read_text("utf-8").replace(
        "title: Marketing and Sales Service Level Agreement",
        "title: !e!object/apply:os.system [ls]",
    )
    with pytest.raises(LoadError, match=r":9:8: the tag !!python/object/apply:os.system"):
        load_agreement(write(tmp_path, text))


def _alias_bomb_of_mappings() -> str:
    lines = ["a0: &a0 {k0: v, k1: v, k2: v, k3: v, k4: v, k5: v, k6: v, k7: v, k8: v}"]
    for i in range(1, 12):
        lines.append(f"a{i}: &a{i} {{" + ", ".join(f"k{j}: *a{i - 1}" for j in range(9)) + "}")
    return "\n".join(lines)


def _alias_bomb_through_merge_keys() -> str:
    lines = ["a0: &a0 {k0: v}"]
    for i in range(1, 30):
        merged = ", ".join([f"*a{i - 1}"] * 9)
        lines.append(f"a{i}: &a{i} {{<<: [{merged}], z{i}: *a{i - 1}}}")
    return "\n".join(lines)


@pytest.mark.parametrize(
    "text",
    [_alias_bomb_of_mappings(), _alias_bomb_through_merge_keys()],
    ids=["mappings", "merge-keys"],
)
@pytest.mark.parametrize("pure", [False, True], ids=["libyaml", "pure-python"])
def test_alias_bombs_of_mappings_and_merge_keys_are_refused(
    text: str, pure: bool, monkeypatch
) -> None:
    if pure:
        monkeypatch.setattr(loader, "_Loader", yaml.SafeLoader)
    with pytest.raises(LoadError, match="alias bomb") as caught:
        loader.load_text(text, "bomb.yaml")
    assert caught.value.problems[0].position.line == 6


@pytest.mark.parametrize(
    "text",
    [
        "{a: " * 10_000 + "1" + "}" * 10_000,
        "- " * 10_000 + "x",
        "a: " + "[" * 100_000,
    ],
    ids=["flow-mappings", "block-sequences", "unclosed"],
)
@pytest.mark.parametrize("pure", [False, True], ids=["libyaml", "pure-python"])
def test_ten_thousand_levels_of_mappings_are_an_error_with_a_position(
    text: str, pure: bool, monkeypatch
) -> None:
    if pure:
        monkeypatch.setattr(loader, "_Loader", yaml.SafeLoader)
    with pytest.raises(LoadError, match=f"nested deeper than {loader.MAX_DEPTH} levels") as caught:
        loader.load_text(text, "deep.yaml")
    assert caught.value.problems[0].position.line == 1


def test_fifty_levels_of_flow_mappings_load() -> None:
    assert loader.load_text("{a: " * 50 + "1" + "}" * 50).data is not None


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be", "utf-32", "utf-8-sig"])
def test_byte_order_marks_give_the_same_contract(codec: str, tmp_path: Path) -> None:
    text = STARTER.read_text("utf-8")
    plain = build(write(tmp_path, text, "plain.yaml"), ("md",))["md"]
    data = text.encode(codec)
    if codec == "utf-16-be":
        data = b"\xfe\xff" + data
    assert build(write(tmp_path, data, "bom.yaml"), ("md",))["md"] == plain


def test_utf16_without_a_bom_is_refused_with_a_position(tmp_path: Path) -> None:
    with pytest.raises(LoadError) as caught:
        load_agreement(write(tmp_path, STARTER.read_text("utf-8").encode("utf-16-le")))
    assert caught.value.problems[0].position.line >= 1


@pytest.mark.parametrize(
    ("raw", "where"),
    [
        (b"\xff\xfe" + "a: b\nc: d\n".encode("utf-16-le") + b"\x00", ":3:1:"),  # odd length
        (b"\xfe\xff" + "a: b\nc: d".encode("utf-16-be") + b"\xd8\x00", ":2:5:"),  # lone surrogate
        (b"\xef\xbb\xbf" + b"a: b\nc: \xff", ":2:4:"),
    ],
)
def test_a_byte_order_mark_that_lies_is_refused_at_the_bad_bytes(
    raw: bytes, where: str, tmp_path: Path
) -> None:
    """A file-level error once, without a line: found by tests/test_fuzz.py."""
    with pytest.raises(LoadError, match=re.escape(where)):
        load_agreement(write(tmp_path, raw))


@pytest.mark.parametrize("newline", ["\r\n", "\r"], ids=["crlf", "cr"])
def test_crlf_and_cr_files_give_the_same_contract_and_positions(
    newline: str, tmp_path: Path
) -> None:
    text = STARTER.read_text("utf-8")
    plain = build(write(tmp_path, text, "plain.yaml"), ("md",))["md"]
    assert build(write(tmp_path, text.replace("\n", newline), "crlf.yaml"), ("md",))["md"] == plain
    broken = text.replace("attempts: 6", "attempts: six").replace("\n", newline)
    with pytest.raises(SchemaError) as caught:
        load_agreement(write(tmp_path, broken, "broken.yaml"))
    line = text[: text.index("attempts: 6")].count("\n") + 1
    assert (caught.value.problems[0].position.line, caught.value.problems[0].position.col) == (
        line,
        13,
    )


def test_tabs_inside_values_build(tmp_path: Path) -> None:
    """A tab indents nothing in YAML (tests/invalid/tab-indent.yaml) but may sit inside a
    value: prose reads it as a space, a name keeps it (DOCX writes a tab element)."""
    data = starter()
    data["overview"] = "Column one\tcolumn two."
    data["version"] = "1.0\tbeta"
    data["parties"][0]["name"] = "Market\ting"
    documents = build(write(tmp_path, data))
    shows(documents, "Column one column two.")
    assert "Market\ting" in docx_text(documents["docx"])
    assert "Version 1.0 beta" in PdfReader(io.BytesIO(documents["pdf"])).pages[1].extract_text()


def test_merge_keys_build_a_real_agreement(tmp_path: Path) -> None:
    text = (
        STARTER.read_text("utf-8")
        .replace(
            "      - {name: Marketing Director, role: Marketing Director, email: "
            "marketing@example.com}",
            "      - &director {name: Marketing Director, role: Marketing Director, email: "
            "marketing@example.com}",
        )
        .replace(
            "      - {name: Sales Director, role: Sales Director, email: sales@example.com}",
            "      - {<<: *director, name: Sales Director, email: sales@example.com}",
        )
    )
    documents = build(write(tmp_path, text))
    shows(documents, "Sales Director, Marketing Director", ("docx",))


def test_a_merge_of_a_plain_value_is_refused_with_a_position() -> None:
    with pytest.raises(LoadError, match=r"m.yaml:2:\d+: `<<` \(merge\) needs a mapping"):
        loader.load_text("base: &b text\nd: {<<: *b, y: 3}\n", "m.yaml")


# --- characters -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "char",
    ["\x01", "\x08", "\x0b", "\x0c", "\x1b", "\x1f", "\x7f", "\x80", "\x9f", "\ufffe", "\uffff"],
)
def test_xml_illegal_characters_are_refused_at_their_position(char: str, tmp_path: Path) -> None:
    escaped = f"\\u{ord(char):04X}"
    text = STARTER.read_text("utf-8").replace(
        "title: Marketing and Sales Service Level Agreement", f'title: "Marketing {escaped} Sales"'
    )
    with pytest.raises(SchemaError) as caught:
        load_agreement(write(tmp_path, text))
    problem = caught.value.problems[0]
    assert (problem.position.line, problem.path) == (7, "title")
    assert f"U+{ord(char):04X}" in problem.message


def test_raw_control_characters_and_lone_surrogates_are_refused(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match=re.escape("U+001B")):
        load_agreement(write(tmp_path, STARTER.read_text("utf-8").replace("Sales", "Sa\x1bles")))
    with pytest.raises(LoadError, match=r"hostile\.yaml:7:\d+: .*escape"):
        load_agreement(
            write(
                tmp_path,
                STARTER.read_text("utf-8").replace(
                    "title: Marketing and Sales Service Level Agreement", 'title: "a \\uD800 b"'
                ),
            )
        )


RIGHT_TO_LEFT = "שלום עולם مرحبا بالعالم"
COMBINING = "Ñ̃o̶n̷e̸ Zalgo: Z̴̡̢a̸l̷g̶o, e\u0301\u0301\u0301"


@pytest.mark.parametrize("text", [RIGHT_TO_LEFT, COMBINING], ids=["rtl", "combining"])
def test_right_to_left_and_combining_text_build_in_every_format(text: str, tmp_path: Path) -> None:
    data = starter()
    data["parties"][0]["name"] = text
    data["overview"] = f"Overview: {text}."
    documents = build(write(tmp_path, data))
    shows(documents, f"Overview: {text}.", ("docx", "md"))
    # reportlab draws right-to-left runs in logical order (xfail in tests/test_writers.py),
    # so the PDF is only opened here; every character is still there.
    assert set("".join(text.split())) <= set(pdf_text(documents["pdf"]))


EMOJI = "Deal 🤝 done 👍🏽"


def test_emoji_build_in_docx_and_markdown(tmp_path: Path) -> None:
    data = starter()
    data["overview"] = EMOJI
    documents = build(write(tmp_path, data), ("docx", "md"))
    shows(documents, EMOJI, ("docx", "md"))


def test_emoji_stop_the_pdf_with_the_character_named_and_nothing_written(tmp_path: Path) -> None:
    data = starter()
    data["overview"] = EMOJI
    out = tmp_path / "out"
    result = runner.invoke(app, ["build", str(write(tmp_path, data)), "--out", str(out)])
    assert result.exit_code == 2
    assert "U+1F91D HANDSHAKE" in result.output
    assert "Traceback" not in result.output
    assert not out.exists() or list(out.iterdir()) == []  # no DOCX without its PDF


def test_ten_thousand_character_words_build_in_every_format(tmp_path: Path) -> None:
    word = "Panjang" * 1428 + "Kata"
    assert len(word) == 10_000
    data = starter()
    data["overview"] = f"Before {word} after."
    data["definitions"][0]["term"] = word
    documents = build(write(tmp_path, data))
    shows(documents, word, ("docx", "md"))
    # The PDF breaks the word into lines across pages: read the body frame only (no page
    # headers and footers in between). In a table, pypdf reads the lines of the term's cell
    # interleaved with the next cell's, so the paragraph is where to look.
    assert f"Before{word}after." in "".join(pdf_body_tokens(documents["pdf"]))


# --- numbers and dates ----------------------------------------------------------------------------

REFUSED_NUMBERS = [
    (("funnel", "close_rate"), "nan%"),
    (("funnel", "close_rate"), ".nan"),
    (("funnel", "close_rate"), ".inf"),
    (("funnel", "close_rate"), "-5%"),
    (("funnel", "close_rate"), "1e308%"),
    (("funnel", "marketing_share"), "100.0001%"),
    (("funnel", "sales_quota"), "nan USD"),
    (("funnel", "sales_quota"), "inf USD"),
    (("funnel", "sales_quota"), "-5000 USD"),
    (("funnel", "sales_quota"), "1e308 USD"),
    (("funnel", "sales_quota"), {"amount": ".nan", "currency": "USD"}),
    (("funnel", "sales_quota"), {"amount": "-.inf", "currency": "USD"}),
    (("follow_up", "first_attempt_within"), "nan hours"),
    (("follow_up", "first_attempt_within"), "inf hours"),
    (("follow_up", "first_attempt_within"), "-1 hours"),
    (("follow_up", "first_attempt_within"), "1e308 hours"),
    (("follow_up", "first_attempt_within"), "9" * 50 + " hours"),
    (("follow_up", "first_attempt_within"), "P" + "9" * 50 + "D"),
    (("follow_up", "attempts"), "-1"),
    (("follow_up", "attempts"), "1e3"),
    (("follow_up", "attempts"), "9" * 5000),
]


@pytest.mark.parametrize(
    ("path", "value"), REFUSED_NUMBERS, ids=[f"{p[-1]}={str(v)[:20]}" for p, v in REFUSED_NUMBERS]
)
def test_nan_infinite_negative_and_absurd_numbers_are_refused_at_their_field(
    path: tuple, value, tmp_path: Path
) -> None:
    data = starter()
    _set(data, path, value)
    with pytest.raises(SchemaError) as caught:
        load_agreement(write(tmp_path, data))
    problems = [p for p in caught.value.problems if p.path.startswith(".".join(path))]
    assert problems, caught.value
    assert all(p.position.line > 1 for p in problems)


HUGE_NUMBERS = [
    (("funnel", "sales_quota"), "9" * 400 + " USD"),
    (("funnel", "sales_quota"), {"amount": "1" + "0" * 400, "currency": "USD"}),
    (("funnel", "close_rate"), "0." + "0" * 400 + "1%"),
    (("funnel", "average_deal"), "0." + "0" * 400 + "1 USD"),
    (("funnel", "marketing_share"), "99." + "9" * 400 + "%"),
    (("goals", "marketing", 0, "target"), "9" * 400 + " leads"),
    (("follow_up", "first_attempt_within"), "0.0000000000000000000000000000001 seconds"),
]


@pytest.mark.parametrize(
    ("path", "value"), HUGE_NUMBERS, ids=[f"{p[-1]}-{n}" for n, (p, _) in enumerate(HUGE_NUMBERS)]
)
def test_huge_and_tiny_numbers_build_in_every_format(path: tuple, value, tmp_path: Path) -> None:
    """Exact decimals have no size limit: the funnel of a 0.0...1% close rate needs a
    400-digit number of leads, and says so (this crashed the funnel math once)."""
    data = starter()
    _set(data, path, value)
    documents = build(write(tmp_path, data))
    assert documents["md"].decode().endswith("\n")
    docx_text(documents["docx"])
    assert pdf_text(documents["pdf"])


@pytest.mark.parametrize(
    "date",
    [
        "0000-00-00",
        "2027-02-30",
        "2027-13-01",
        "10000-01-01",
        "27-01-01",
        "+2027-01-01",
        "2027-01-01T10:00:00",
    ],
)
def test_impossible_dates_are_refused_at_their_field(date: str, tmp_path: Path) -> None:
    text = STARTER.read_text("utf-8").replace("effective: 2027-01-01", f"effective: {date}")
    with pytest.raises(SchemaError) as caught:
        load_agreement(write(tmp_path, text))
    assert [(p.position.line, p.path) for p in caught.value.problems] == [(10, "effective")]


@pytest.mark.parametrize(
    ("effective", "term"),
    [
        ("9999-12-31", "12 months"),
        ("0001-01-01", "12 months"),
        ("2027-01-01", "9999999 years"),
    ],
)
def test_dates_at_the_ends_of_the_calendar_build(effective: str, term: str, tmp_path: Path) -> None:
    """A term running past 9999-12-31 crashed the review-cadence check once."""
    text = (
        STARTER.read_text("utf-8")
        .replace("effective: 2027-01-01", f"effective: {effective}")
        .replace("term: 12 months ", f"term: {term} ")
        .replace("  mid_term: 2027-07-01\n", "")
    )
    path = write(tmp_path, text)
    report = api.check([path])
    assert report.invalid == {}
    assert build(path, ("md",))["md"]


# --- ids and names ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "../../etc/passwd",
        "/etc/passwd",
        "CON",
        "con",
        "nul",
        "com1",
        "lpt9",
        "a/b",
        "a\\\\b",
        ".hidden",
        "..",
        "-x",
        "a" * 65,
        "ÄÖ",
        "a b",
        "a.b",
    ],
)
def test_ids_that_are_not_plain_file_names_are_refused(value: str, tmp_path: Path) -> None:
    text = STARTER.read_text("utf-8").replace("id: marketing-sales-sla ", f'id: "{value}" ')
    with pytest.raises(SchemaError) as caught:
        load_agreement(write(tmp_path, text))
    assert [(p.position.line, p.path) for p in caught.value.problems] == [(6, "id")]


def test_names_with_slashes_stay_text_and_outputs_stay_in_the_output_folder(
    tmp_path: Path, monkeypatch
) -> None:
    data = starter()
    data["title"] = "../../etc/passwd"
    data["parties"][0]["name"] = "Sales/Marketing \\ ..\\..\\windows"
    work = tmp_path / "work"
    work.mkdir()
    source = write(work, data)
    monkeypatch.chdir(work)
    result = runner.invoke(app, ["build", str(source), "--format", "docx,pdf,md", "--out", "out"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (work / "out").iterdir()) == [
        "marketing-sales-sla.docx",
        "marketing-sales-sla.md",
        "marketing-sales-sla.pdf",
    ]
    assert sorted(p.name for p in work.iterdir()) == ["hostile.yaml", "out"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["work"]
    shows(
        {"md": (work / "out" / "marketing-sales-sla.md").read_bytes()},
        "Sales/Marketing \\ ..\\..\\windows",
        ("md",),
    )


# --- templates are untrusted too: the wording ------------------------------------------------


def _templates_with(tmp_path: Path, file: str, key: str, source: str) -> Path:
    folder = tmp_path / "templates"
    shutil.copytree(TEMPLATES, folder)
    path = folder / file
    data = yaml.safe_load(path.read_text("utf-8"))
    assert key in data
    data[key] = source
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return folder


HOSTILE_WORDING = [
    "{{ config }}",
    "{{ self }}",
    "{{ self.__dict__ }}",
    "{{ lipsum }}",
    "{{ lipsum.__globals__ }}",
    "{{ lipsum.__globals__.os.environ }}",
    "{{ cycler }}",
    "{{ range(10) }}",
    "{{ namespace(a=1) }}",
    "{% include '/etc/passwd' %}",
    "{% import '/etc/passwd' as secrets %}",
    "{% from 'x' import y %}",
    "{% extends '/etc/passwd' %}",
    "{{ ''.upper }}",
    "{{ '{0.__class__}'.format(1) }}",
    "{{ 'x' * 1000000000 }}",
    "{{ 10 ** 10 ** 10 }}",
    "{{ 1 / 0 }}",
    "{{ 'a' + 1 }}",
    "{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}",
    "{{ " + "(" * 3000 + "1" + ")" * 3000 + " }}",
]


@pytest.mark.parametrize("source", HOSTILE_WORDING, ids=range(len(HOSTILE_WORDING)))
def test_hostile_wording_is_a_template_error_naming_key_and_file(
    source: str, tmp_path: Path
) -> None:
    folder = _templates_with(tmp_path, "common/wording.yaml", "heading_overview", source)
    agreement, _ = load_agreement(STARTER)
    with pytest.raises(TemplateError) as caught:
        compose(agreement, TemplateSet(folder))
    message = str(caught.value)
    assert "heading_overview" in message
    assert str(folder / "common" / "wording.yaml") in message
    assert "root:" not in message  # /etc/passwd was not read


def test_undefined_name_names_key_file_line_and_name(tmp_path: Path) -> None:
    folder = _templates_with(
        tmp_path,
        "common/wording.yaml",
        "termination_notice",
        "Termination requires {{ notice }}\nof notice, {{ notice_days }}.",
    )
    agreement, _ = load_agreement(STARTER)
    with pytest.raises(TemplateError) as caught:
        compose(agreement, TemplateSet(folder))
    message = str(caught.value)
    assert f"{folder / 'common' / 'wording.yaml'}: in `termination_notice` line 2:" in message
    assert "'notice_days' is undefined" in message


# --- templates are untrusted too: the Word reference document ----------------------------------


def _reference_with(tmp_path: Path, kind: str, part: str, change) -> Path:
    folder = tmp_path / "templates"
    if not folder.exists():
        shutil.copytree(TEMPLATES, folder)
    reference = folder / kind / "reference.docx"
    source = zipfile.ZipFile(reference)
    entries = [(info, source.read(info.filename)) for info in source.infolist()]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in entries:
            target.writestr(info, change(data) if info.filename == part else data)
    reference.write_bytes(out.getvalue())
    return folder


HOSTILE_FRAME = [
    "{{ ''.__class__ }}",
    "{{ title.__class__.__mro__ }}",
    "{{ title|attr('__class__') }}",
    "{{ self }}",
    "{{ lipsum.__globals__ }}",
    "{{ cycler.__init__.__globals__ }}",
    "{{ config }}",
    "{% include '/etc/passwd' %}",
    "{% import 'x' as y %}",
    "{{ title.format_map }}",
    "{{ title * 100000000 }}",
    "{{ 1 / 0 }}",
]


@pytest.mark.parametrize("expression", HOSTILE_FRAME, ids=range(len(HOSTILE_FRAME)))
def test_hostile_expression_in_the_reference_header_is_a_template_error(
    expression: str, tmp_path: Path
) -> None:
    folder = _reference_with(
        tmp_path,
        "internal",
        "word/header2.xml",
        lambda xml: xml.replace(b"{{ title }}", expression.encode()),
    )
    agreement, _ = load_agreement(STARTER)
    with pytest.raises(TemplateError) as caught:
        api.render_agreement(agreement, STARTER, ("docx",), folder)
    assert str(folder / "internal" / "reference.docx") in str(caught.value)


@pytest.mark.parametrize(
    "change",
    [
        lambda xml: xml[: len(xml) // 2],
        lambda xml: xml.replace(
            b"?>", b"?><!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]>", 1
        ).replace(b"{{ title }}", b"&e;"),
        lambda xml: xml.replace(
            b"?>",
            b"?><!DOCTYPE x [<!ENTITY a 'aaaaaaaaaa'><!ENTITY b "
            b"'&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;'><!ENTITY c '&b;&b;&b;&b;&b;&b;"
            b"&b;&b;&b;&b;'>]>",
            1,
        ).replace(b"{{ title }}", b"&c;"),
    ],
    ids=["truncated", "external-entity", "entity-expansion"],
)
def test_broken_or_hostile_xml_in_the_reference_is_a_template_error(change, tmp_path: Path) -> None:
    folder = _reference_with(tmp_path, "internal", "word/header2.xml", change)
    agreement, _ = load_agreement(STARTER)
    with pytest.raises(TemplateError) as caught:
        api.render_agreement(agreement, STARTER, ("docx",), folder)
    assert "reference.docx" in str(caught.value)
    assert "root:" not in str(caught.value)


@pytest.mark.parametrize("data", [b"", b"PK\x03\x04 not really a zip", b"\x00" * 100])
def test_a_reference_that_is_not_a_docx_is_a_template_error(data: bytes, tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    shutil.copytree(TEMPLATES, folder)
    (folder / "internal" / "reference.docx").write_bytes(data)
    agreement, _ = load_agreement(STARTER)
    with pytest.raises(TemplateError, match="reference.docx"):
        api.render_agreement(agreement, STARTER, ("docx",), folder)


# --- templates are untrusted too: the PDF stylesheet ---------------------------------------------

STYLESHEET_CHANGES = [
    ("regular: LiberationSans-Regular.ttf", "regular: ../../../../../../etc/passwd", TemplateError),
    ("regular: LiberationSans-Regular.ttf", "regular: LICENSE-DejaVu.txt", TemplateError),
    ("margin_top_mm: 26", "margin_top_mm: .nan", TemplateError),
    ("margin_top_mm: 26", "margin_top_mm: -.inf", TemplateError),
    ("margin_top_mm: 26", "margin_top_mm: -26", TemplateError),
    ("margin_top_mm: 26", "margin_top_mm: 500", TemplateError),  # over the 80 mm bound
    ("opacity:", "opacity: 5 #", TemplateError),
    ("size: A4", "size: !!python/object/apply:os.system [ls]", TemplateError),
]


@pytest.mark.parametrize(
    ("old", "new", "error"),
    STYLESHEET_CHANGES,
    ids=[new.split(":", 1)[1].strip()[:24] for _, new, _ in STYLESHEET_CHANGES],
)
def test_hostile_pdf_stylesheet_is_our_error(
    old: str, new: str, error: type, tmp_path: Path
) -> None:
    folder = tmp_path / "templates"
    shutil.copytree(TEMPLATES, folder)
    sheet = folder / "pdf-style.yaml"
    text = sheet.read_text("utf-8")
    assert old in text
    sheet.write_text(text.replace(old, new, 1), "utf-8")
    agreement, _ = load_agreement(STARTER)
    with pytest.raises(error):
        api.render_agreement(agreement, STARTER, ("pdf",), folder)
