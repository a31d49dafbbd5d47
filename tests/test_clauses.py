"""The furniture of a contract: clause numbers (Word list numbering in the DOCX, the same
numbers drawn in the PDF and written in Markdown), cross-references between clauses, and
the execution blocks, in English and Indonesian.

Agreements are built from the examples with fields changed, so every case is a whole,
valid contract; the documents are read back (the DOCX's numbering.xml and text, the PDF's
text, and LibreOffice's PDF of the DOCX where the numbers must show on the page).
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
import yaml
from docx.oxml.ns import qn
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from sladoc import api
from sladoc.agreement import references
from sladoc.agreement.layout import DEFAULT_LAYOUT, LAYOUTS
from sladoc.agreement.validate import parse_agreement
from sladoc.document.compose import SPINES, compose
from sladoc.document.templateset import TemplateSet
from sladoc.document.tree import Document, Heading, Signatures, number_label, walk_text
from sladoc.document.writers import write
from sladoc.errors import SchemaError
from sladoc.review.textconv import textconv

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = TemplateSet.default()
CUSTOMER = ROOT / "agreements" / "acme-cloud-hosting.yaml"
INDONESIAN = ROOT / "agreements" / "contoh-pemasaran-penjualan.yaml"


def _data(path: Path, **changes: Any) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text("utf-8"))
    data.update(changes)
    return data


def _text(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def _document(data: dict[str, Any]) -> Document:
    return compose(parse_agreement(_text(data)), TEMPLATES)


def _headings(document: Document) -> list[Heading]:
    return [block for block in document.blocks if isinstance(block, Heading)]


# --- the numbers in the tree ---------------------------------------------------------------------


def test_spine_and_references_know_the_same_sections():
    """A reference names a numbered section of the default layouts, and every layout answers
    to each of those a kind's default layout has: the section itself, or the one holding its
    building block or standing in for it (``Place.answers``)."""
    numbered = {
        section.id
        for (layout, kind), spine in SPINES.items()
        if DEFAULT_LAYOUT[kind] == layout
        for section in spine
        if section.heading and section.numbered
    }
    assert set(references.SECTIONS) == numbered
    for name, layout in LAYOUTS.items():
        for kind, places in layout.orders.items():
            wanted = {
                section.id
                for section in SPINES[DEFAULT_LAYOUT[kind], kind]
                if section.heading and section.numbered
            }
            answered = {
                answer
                for place, section in zip(places, SPINES[name, kind], strict=True)
                if section.heading and section.numbered
                for answer in (place.section, *place.blocks, *place.answers)
            }
            assert wanted <= answered, (name, kind, wanted - answered)


@pytest.mark.parametrize("path", [CUSTOMER, INDONESIAN], ids=lambda p: p.stem)
def test_clauses_count_from_one_and_sub_clauses_restart(path: Path):
    document = compose(api.load(path), TEMPLATES)
    numbering = document.info.numbering
    clause, sub = 0, 0
    for heading in _headings(document):
        if heading.level == 1 and heading.number:
            clause, sub = clause + 1, 0
            assert heading.number == number_label(numbering, (clause,))
        elif heading.level == 2 and heading.number:
            sub += 1
            assert heading.number == number_label(numbering, (clause, sub))
    assert clause >= 6
    signatures = _headings(document)[-1]
    assert not signatures.number  # execution is not a clause


def test_indonesian_articles_read_pasal_and_sub_clauses_read_decimal():
    headings = _headings(compose(api.load(INDONESIAN), TEMPLATES))
    assert headings[0].shown == "Pasal 1 – Ringkasan Perjanjian"
    assert headings[1].shown == "1.1 Para Pihak"


# --- Word's numbering -----------------------------------------------------------------------


def _numbering(docx_bytes: bytes) -> tuple[Any, dict[str, list[str]]]:
    """The document, and per numId the lvlText of each level."""
    document = docx.Document(io.BytesIO(docx_bytes))
    numbering = document.part.numbering_part.element
    abstract = {
        a.get(qn("w:abstractNumId")): [
            level.find(qn("w:lvlText")).get(qn("w:val")) for level in a.findall(qn("w:lvl"))
        ]
        for a in numbering.findall(qn("w:abstractNum"))
    }
    formats = {
        num.get(qn("w:numId")): abstract[num.find(qn("w:abstractNumId")).get(qn("w:val"))]
        for num in numbering.findall(qn("w:num"))
    }
    return document, formats


@pytest.mark.parametrize("path", [CUSTOMER, INDONESIAN], ids=lambda p: p.stem)
def test_docx_headings_are_numbered_by_a_word_list_not_typed(path: Path):
    document = compose(api.load(path), TEMPLATES)
    data = write("docx", document, TEMPLATES.look(api.load(path).kind))
    word, formats = _numbering(data)
    heading_1 = word.styles["Heading 1"].element.pPr.numPr
    num_id = str(heading_1.numId.val)
    # the heading styles carry the list, in the document's language
    assert formats[num_id][:3] == list(document.info.numbering)
    assert word.styles["Heading 2"].element.pPr.numPr.ilvl.val == 1
    texts = {p.text: p for p in word.paragraphs if p.style.name.startswith("Heading")}
    for heading in _headings(document):
        paragraph = texts[heading.text]  # the number is not in the text
        direct = paragraph._p.pPr.numPr
        if heading.number:
            assert direct is None  # numbered by its style
        else:
            assert direct is not None and direct.numId.val == 0
    # read back, the clause numbers are there
    lines = _textconv(data).splitlines()
    for heading in _headings(document):
        assert heading.shown in lines


def _textconv(data: bytes, suffix: str = ".docx") -> str:
    import tempfile

    with tempfile.NamedTemporaryFile(suffix=suffix) as handle:
        handle.write(data)
        handle.flush()
        return textconv(handle.name)


def test_a_template_without_numbered_headings_gets_the_numbers_as_text(tmp_path: Path):
    """A person's own reference document may have plain heading styles: the numbers are
    then written into the headings, so they are never lost."""
    template = tmp_path / "plain.docx"
    with zipfile.ZipFile(TEMPLATES.look("customer").docx_template) as source:
        styles = source.read("word/styles.xml").decode()
        plain = re.sub(
            r"<w:numPr><w:ilvl w:val=\"\d\"/><w:numId w:val=\"\d+\"/></w:numPr>", "", styles
        )
        assert plain != styles
        with zipfile.ZipFile(template, "w") as target:
            for item in source.infolist():
                data = source.read(item)
                target.writestr(item, plain if item.filename == "word/styles.xml" else data)
    document = compose(api.load(CUSTOMER), TEMPLATES)
    look = TEMPLATES.look("customer")
    from dataclasses import replace

    data = write("docx", document, replace(look, docx_template=template))
    texts = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]
    for heading in _headings(document):
        assert heading.shown in texts


# --- cross-references -------------------------------------------------------------------------


def _with_clauses(path: Path, clauses: list[dict[str, str]], **changes: Any) -> dict[str, Any]:
    return _data(path, clauses=clauses, **changes)


def test_a_reference_reads_as_the_clause_number_in_every_format():
    data = _with_clauses(
        CUSTOMER,
        [
            {"id": "audit", "title": "Audit", "text": "Acme keeps records for [clause:exit]."},
            {"id": "exit", "title": "Exit", "text": "See [clause:termination] and [clause:audit]."},
        ],
    )
    document = _document(data)
    numbers = {h.anchor: h.number for h in _headings(document) if h.anchor}
    # a customer agreement's term and termination is its ninth clause (agreement.layout)
    assert numbers["exit"].rstrip(".") and numbers["termination"] == "9."
    text = " ".join(walk_text(document.blocks))
    audit, exit_ = numbers["audit"], numbers["exit"]
    termination = numbers["termination"].rstrip(".")
    assert f"Acme keeps records for clause {exit_}." in text
    assert f"See clause {termination} and clause {audit}." in text
    assert "[clause:" not in text
    look = TEMPLATES.look("customer")
    markdown = write("md", document, look).decode()
    assert f"See clause {termination} and clause {audit}." in markdown
    pdf = write("pdf", document, look)
    pdf_text = " ".join(
        " ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages
    )
    assert f"See clause {termination} and clause {audit}." in pdf_text
    # the DOCX refers to a bookmark on the heading with a REF field, which Word updates
    docx_bytes = write("docx", document, look)
    xml = zipfile.ZipFile(io.BytesIO(docx_bytes)).read("word/document.xml").decode()
    names = re.findall(r'<w:bookmarkStart w:id="\d+" w:name="([^"]+)"/>', xml)
    fields = re.findall(r"<w:instrText[^>]*> REF (\S+) \\n \\h </w:instrText>", xml)
    assert len(fields) == 3 and set(fields) <= set(names)
    assert f"See clause {termination} and clause {audit}." in _textconv(docx_bytes).replace(
        "\n", " "
    )


def test_indonesian_references_read_pasal():
    document = compose(api.load(INDONESIAN).model_copy(update={"layout": None}), TEMPLATES)
    assert "sebagaimana diatur dalam Pasal 6." in " ".join(walk_text(document.blocks))


def test_an_escaped_reference_is_text():
    data = _with_clauses(
        CUSTOMER, [{"title": "Syntax", "text": r"Write \[clause:termination] to refer."}]
    )
    assert "Write [clause:termination] to refer." in walk_text(_document(data).blocks)


def test_a_reference_to_no_clause_is_an_error_at_the_reference():
    text = CUSTOMER.read_text("utf-8").replace(
        "including by termination under\n      [clause:termination]",
        "including by termination under\n      [clause:terminaton]",
    )
    assert "[clause:terminaton]" in text
    with pytest.raises(SchemaError) as error:
        parse_agreement(text, "acme.yaml")
    (problem,) = error.value.problems
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "[clause:terminaton]" in row)
    col = text.splitlines()[line - 1].index("[clause:") + 1
    assert (problem.position.line, problem.position.col) == (line, col)
    assert "did you mean `termination`" in problem.message
    assert problem.path == "clauses[0].text"


def test_a_reference_to_a_section_the_agreement_leaves_out_is_an_error():
    data = _with_clauses(CUSTOMER, [{"title": "Exit", "text": "As in [clause:termination]."}])
    del data["termination"]
    with pytest.raises(SchemaError) as error:
        parse_agreement(_text(data))
    assert "names no clause of this agreement" in str(error.value.problems[0])


def test_the_cli_reports_a_bad_reference_with_exit_2(tmp_path: Path):
    path = tmp_path / "bad.yaml"
    path.write_text(_text(_with_clauses(CUSTOMER, [{"title": "X", "text": "See [clause:nope]."}])))
    result = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "sladoc"), "build", str(path), "-o", str(tmp_path / "out")]
        if (ROOT / ".venv" / "bin" / "sladoc").exists()
        else ["sladoc", "build", str(path), "-o", str(tmp_path / "out")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert re.search(r"bad\.yaml:\d+:\d+: error: `\[clause:nope\]` names no clause", result.stderr)
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_clause_ids_are_unique_and_not_a_sections():
    for clauses in (
        [{"id": "a", "title": "A", "text": "x"}, {"id": "a", "title": "B", "text": "y"}],
        [{"id": "termination", "title": "A", "text": "x"}],
    ):
        with pytest.raises(SchemaError, match="clause id"):
            parse_agreement(_text(_with_clauses(CUSTOMER, clauses)))


_ID = st.from_regex(r"[a-z][a-z0-9-]{0,8}", fullmatch=True).filter(
    lambda i: i not in references.SECTIONS
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(ids=st.lists(_ID, min_size=1, max_size=5, unique=True), data=st.data())
def test_every_reference_reads_as_the_number_of_the_clause_it_names(ids, data):
    targets = ids + ["termination", "overview"]
    named = [data.draw(st.lists(st.sampled_from(targets), max_size=3)) for _ in ids]
    clauses = [
        {"id": i, "title": f"Clause {i}", "text": " ".join(f"[clause:{t}]" for t in refs) or "x"}
        for i, refs in zip(ids, named, strict=True)
    ]
    document = _document(_with_clauses(CUSTOMER, clauses))
    numbers = {h.anchor: h.number.rstrip(".") for h in _headings(document) if h.anchor}
    paragraphs = [b for b in document.blocks if not isinstance(b, (Heading, Signatures))]
    runs = [run for block in paragraphs for run in getattr(block, "content", ())]
    found = [(run.ref, run.text) for run in runs if run.ref]
    expected = [(t, numbers[t]) for refs in named for t in refs]
    assert found == expected
    text = " ".join(walk_text(document.blocks))
    for target in {t for refs in named for t in refs}:
        assert f"clause {numbers[target]}" in text


# --- execution blocks ----------------------------------------------------------------------------


def _parties(count: int, signatories: int, language: str) -> list[dict[str, Any]]:
    places = ["Jakarta", "Surabaya", "Singapore", "Bandung", "Medan"]
    return [
        {
            "id": f"party-{n}",
            "name": f"PT Mitra Usaha {n}",
            "role": "Provider" if n == 1 else "Customer",
            "contacts": [{"name": f"Contact {n}", "role": "Manager", "email": f"c{n}@x.example"}],
            "signatories": [
                {"name": f"Signer {n}.{s}", "title": "Director", "place": places[n - 1]}
                for s in range(1, signatories + 1)
            ],
            **({"witness": {"name": f"Witness {n}", "title": "Legal Counsel"}} if n == 1 else {}),
        }
        for n in range(1, count + 1)
    ]


def _tiered(count: int, signatories: int, language: str) -> dict[str, Any]:
    data = _data(ROOT / "agreements" / "company-x-multilevel.yaml", language=language)
    data["parties"] = _parties(count, signatories, language)
    data["goals"] = {}
    data["requirements"] = {}
    data["reporting"] = []
    data["obligations"] = [
        {"from": f"party-{n}", "to": f"party-{n + 1}", "provides": "Support"}
        for n in range(1, count)
    ] + [{"from": f"party-{count}", "to": "end_user", "provides": "Service"}]
    data.pop("handovers", None)  # they name the example's parties
    return data


@pytest.mark.parametrize("language", ["en", "id"])
def test_execution_blocks_have_every_signatory_witness_and_the_closing(language: str):
    document = _document(_tiered(3, 2, language))
    (signatures,) = [b for b in document.blocks if isinstance(b, Signatures)]
    assert len(signatures.signers) == 3 * 2 + 1  # and the first party's witness
    text = " ".join(walk_text(document.blocks))
    if language == "en":
        assert "IN WITNESS WHEREOF" in text and "three (3) originals" in text
        assert "For and on behalf of PT Mitra Usaha 2" in text
        assert "By: Name: Signer 2.2 Title: Director Date: Place: Surabaya" in text
        assert not any(s.stamp for s in signatures.signers)
    else:
        assert "dalam rangkap 3 (tiga) asli, masing-masing bermeterai cukup" in text
        assert "PIHAK KETIGA" in text and "PARA PIHAK" in text
        assert "PIHAK KEDUA: PT Mitra Usaha 2" in text
        signers = [s for s in signatures.signers if s.by == "Oleh:"]
        assert all(s.stamp == "Meterai Rp10.000" for s in signers)
        witness = [s for s in signatures.signers if s.by != "Oleh:"]
        assert [w.party for w in witness] == ["Saksi untuk PIHAK PERTAMA"] and not witness[0].stamp


def test_signatory_and_signatories_are_not_both_given():
    data = _data(CUSTOMER)
    data["parties"][1]["signatories"] = [{"name": "A", "title": "B"}]
    with pytest.raises(SchemaError, match="either `signatory` or `signatories`"):
        parse_agreement(_text(data))


needs_office = pytest.mark.skipif(
    not (shutil.which("soffice") and shutil.which("pdftotext")),
    reason="needs LibreOffice and poppler",
)


@needs_office
@pytest.mark.parametrize("language", ["en", "id"])
def test_five_parties_with_two_signatories_each_sign_on_one_page(language, tmp_path):
    """The whole execution section (heading, closing, ten blocks and a witness) on one
    page in the PDF and in LibreOffice's PDF of the DOCX, with every number and block read
    back from the page."""
    from .test_pages import _build, _problems

    path = tmp_path / f"five-{language}.yaml"
    path.write_text(_text(_tiered(5, 2, language)), "utf-8")
    (built,) = _build([path], tmp_path)
    assert _problems(built) == []
    for pages in (built.pdf, built.docx):
        last = " ".join(line.text for line in pages[-1])
        for n in range(1, 6):
            for s in (1, 2):
                assert f"Signer {n}.{s}" in last
        assert ("Meterai Rp10.000" in last) == (language == "id")
        closing = "IN WITNESS WHEREOF" if language == "en" else "Demikian Perjanjian ini"
        assert closing in last
        everything = [line.text for page in pages for line in page]
        for heading in _headings(built.document):
            assert heading.shown in everything, heading.shown
