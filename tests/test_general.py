"""Recitals, the general clauses, rich clause text, short names and the terms a document
defines (issue 14): what the author writes reaches both formats in English and Indonesian,
defaults per language, nothing printed for what is left out, positioned errors, and diff
messages that say what a change means."""

from __future__ import annotations

import io
import re
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from sladoc.agreement.validate import parse_agreement
from sladoc.document.compose import compose
from sladoc.document.compose.richtext import blocks, emphasis
from sladoc.document.templateset import TemplateSet
from sladoc.document.tree import (
    BulletList,
    Document,
    Heading,
    Paragraph,
    Run,
    Table,
    plain_text,
    walk_text,
)
from sladoc.document.writers import write_docx, write_pdf
from sladoc.document.writers.common import Look
from sladoc.errors import SchemaError
from sladoc.review.diff import compare, format_text

from .checker_cases import check_text
from .test_writers import HOSTILE, docx_body_words

ROOT = Path(__file__).resolve().parent.parent
ACME = (ROOT / "agreements" / "acme-cloud-hosting.yaml").read_text("utf-8")
CONTOH = (ROOT / "agreements" / "contoh-pemasaran-penjualan.yaml").read_text("utf-8")
INTERNAL = (ROOT / "agreements" / "company-x-marketing-sales.yaml").read_text("utf-8")
TEMPLATES = TemplateSet.default()


def _in(text: str, language: str) -> str:
    return re.sub(r"(?m)^language: \w+$", f"language: {language}", text)


def _without(text: str, key: str) -> str:
    """``text`` without the top-level block ``key`` (to its next top-level key)."""
    return re.sub(rf"(?ms)^{key}:.*?(?=^[a-z_]+:|\Z)", "", text)


def _document(text: str) -> Document:
    return compose(parse_agreement(text, "x.yaml"), TEMPLATES)


def _headings(document: Document, level: int = 2) -> list[str]:
    return [b.text for b in document.blocks if isinstance(b, Heading) and b.level == level]


def _joined(texts: list[str]) -> str:
    return " ".join(" ".join(texts).split())


def _general(extra: str, language: str = "en", base: str = ACME) -> Document:
    return _document(_in(_without(base, "general"), language) + "\ngeneral:\n" + extra)


def _section(document: Document, heading: str) -> list[str]:
    """The level-2 headings of the top-level section whose heading ends with ``heading``."""
    found, inside = [], False
    for block in document.blocks:
        if isinstance(block, Heading) and block.level == 1:
            inside = block.text.endswith(heading)
        elif inside and isinstance(block, Heading):
            found.append(block.text)
    return found


# --- both formats, both languages ---------------------------------------------------------


_PAGE_NUMBER = re.compile(r"(Page|Halaman) \d+ (of|dari) \d+")


def _pdf_words(data: bytes) -> str:
    """The body text of every page but the cover, the header and footer left out (pypdf
    reads them first), so that a sentence running over a page break reads whole."""
    pages = PdfReader(io.BytesIO(data)).pages
    bodies = []
    for page in pages[1:]:
        lines = page.extract_text().splitlines()
        furniture = next(
            (i for i, line in enumerate(lines) if _PAGE_NUMBER.fullmatch(line.strip())), -1
        )
        bodies.append("\n".join(lines[furniture + 1 :]))
    return _joined(bodies)


EXPECTED = {
    "en": [
        "WHEREAS:",
        "(A) Acme operates cloud hosting services",
        "(C) The Parties wish to set out",
        "NOW, THEREFORE, the Parties agree as follows:",
        'Acme Cloud Ltd. ("Acme")',
        "General provisions",
        "is limited to the fees paid and payable under this Agreement in the 12 months",
        "Service Credits are the sole and exclusive remedy of the Customer",
        "Master Services Agreement between the Parties dated 16 November 2026",
        "governed by the laws of Singapore",
        "Singapore International Arbitration Centre (SIAC)",
        "legal@acmecloud.example",
        "Counterparts and electronic signature",
        "(minutes in the period minus the minutes of Downtime",
    ],
    "id": [
        "PARA PIHAK terlebih dahulu menerangkan hal-hal sebagai berikut:",
        "a. bahwa Acme operates cloud hosting services",
        "c. bahwa The Parties wish to set out",
        "Oleh karena itu, PARA PIHAK sepakat untuk membuat dan menandatangani Perjanjian ini",
        'Acme Cloud Ltd. (Provider), selanjutnya disebut "Acme" atau PIHAK PERTAMA',
        "Ketentuan Umum",
        "Batasan Tanggung Jawab",
        "Kredit Layanan merupakan satu-satunya upaya pemulihan",
        "Pengesampingan Pasal 1266 dan Pasal 1267 KUHPerdata",
        "Undang-Undang Nomor 24 Tahun 2009",
        "tunduk pada dan ditafsirkan berdasarkan hukum Singapore",
        "Penyelesaian Perselisihan",
        "Waktu Henti",
    ],
}


@pytest.mark.parametrize("language", ["en", "id"])
def test_recitals_and_general_clauses_read_back_from_both_formats(language: str) -> None:
    document = _document(_in(ACME, language))
    look = Look(ROOT / "templates" / "customer" / "reference.docx", TEMPLATES.stylesheet)
    docx_words = docx_body_words(
        write_docx(document, look), "Tanggal" if language == "id" else "Date"
    )
    pdf_text = _pdf_words(write_pdf(document, look))
    # The DOCX says exactly what the tree says; the PDF the same words (pages break lines).
    assert docx_words == " ".join(walk_text(document.blocks)).split()
    docx_text = " ".join(docx_words)
    for phrase in EXPECTED[language]:
        wanted = " ".join(phrase.split()).replace("(minutes", "minutes")
        assert wanted in docx_text, phrase
        assert wanted.replace(" ", "") in pdf_text.replace(" ", ""), phrase
    # The recitals come between the preamble and the first numbered section, the general
    # provisions just before the signatures.
    tops = [b.text for b in document.blocks if isinstance(b, Heading) and b.level == 1]
    assert tops[-2].endswith("Ketentuan Umum" if language == "id" else "General provisions")
    first = next(i for i, b in enumerate(document.blocks) if isinstance(b, Heading))
    lead = [plain_text(b.content) for b in document.blocks[:first] if isinstance(b, Paragraph)]
    assert len(lead) == 1 + 1 + 3 + 1  # preamble, lead-in, three recitals, operative formula


def test_each_recital_ends_as_the_language_punctuates_it() -> None:
    for language, first, last in (("en", "(A) ", "(C) "), ("id", "a. bahwa ", "c. bahwa ")):
        document = _document(_in(ACME, language))
        recitals = [
            plain_text(b.content)
            for b in document.blocks
            if isinstance(b, Paragraph) and b.style == "clause"
        ][:3]
        assert recitals[0].startswith(first) and recitals[0].endswith(";")
        assert recitals[2].startswith(last) and recitals[2].endswith(".")


# --- what is left out leaves nothing --------------------------------------------------------


def test_no_recitals_and_no_general_block_print_nothing_of_them() -> None:
    for language in ("en", "id"):
        document = _document(_in(_without(_without(ACME, "general"), "recitals"), language))
        text = _joined(walk_text(document.blocks))
        for absent in ("WHEREAS", "NOW, THEREFORE", "menerangkan", "Oleh karena itu"):
            assert absent not in text
        tops = [b.text for b in document.blocks if isinstance(b, Heading) and b.level == 1]
        assert not any("General provisions" in t or "Ketentuan Umum" in t for t in tops)


def test_every_clause_left_out_leaves_no_general_heading() -> None:
    off = "\n".join(
        f"  {name}: false"
        for name in (
            "confidentiality",
            "assignment",
            "amendment",
            "entire_agreement",
            "severability",
            "counterparts",
            "waiver_1266_1267",
            "language_clause",
            "notices",
        )
    )
    for language in ("en",):
        document = _general(off + "\n", language)
        assert "General provisions" not in _joined(walk_text(document.blocks))
    # Indonesian agreements are governed by Indonesian law by default: that clause stays.
    document = _general(off + "\n", "id")
    assert _section(document, "Ketentuan Umum") == ["Hukum yang Berlaku"]


def test_defaults_per_language() -> None:
    english = _section(_general("  {}\n"), "General provisions")
    assert english == [
        "Confidentiality",
        "Notices",
        "Assignment",
        "Amendment",
        "Entire agreement",
        "Severability",
        "Counterparts and electronic signature",
    ]
    indonesian = _general("  {}\n", "id")
    assert _section(indonesian, "Ketentuan Umum") == [
        "Kerahasiaan",
        "Pemberitahuan",
        "Pengalihan",
        "Perubahan",
        "Keseluruhan Perjanjian",
        "Keterpisahan",
        "Pengesampingan Pasal 1266 dan Pasal 1267 KUHPerdata",
        "Bahasa",
        "Hukum yang Berlaku",
    ]
    assert "hukum Negara Republik Indonesia" in _joined(walk_text(indonesian.blocks))


def test_a_clause_in_the_authors_words_replaces_sladocs_with_its_formatting() -> None:
    document = _general("  confidentiality: |\n    Keep **secrets**:\n    - one\n    - two\n")
    text = _joined(walk_text(document.blocks))
    assert "Each Party keeps confidential" not in text
    index = next(
        i
        for i, b in enumerate(document.blocks)
        if isinstance(b, Heading) and (b.level, b.text) == (2, "Confidentiality")
    )
    paragraph, items = document.blocks[index + 1 : index + 3]
    assert isinstance(paragraph, Paragraph) and any(r.bold for r in paragraph.content)
    assert isinstance(items, BulletList) and len(items.items) == 2


def test_notices_without_any_address_have_no_address_column() -> None:
    text = re.sub(r"(?m)^    address: .*\n", "", ACME)
    document = _document(text)
    notices = next(
        b for b in document.blocks if isinstance(b, Table) and b.header[-1] == "Attention"
    )
    assert notices.header == ("Party", "E-mail", "Attention")
    assert [plain_text(row[0]) for row in notices.rows] == ["Acme", "Company X"]


def test_arbitration_and_courts_are_worded_for_the_number_of_parties() -> None:
    courts = _general("  disputes: {courts: the courts of Singapore}\n")
    text = _joined(walk_text(courts.blocks))
    assert "exclusive jurisdiction of the courts of Singapore." in text
    assert "notifies it in writing to the other Party" in text
    indonesian = _general("  disputes: {courts: Pengadilan Negeri Jakarta Selatan}\n", "id")
    assert "di Kantor Kepaniteraan Pengadilan Negeri Jakarta Selatan." in _joined(
        walk_text(indonesian.blocks)
    )


def test_a_liability_cap_as_an_amount_is_written_as_money() -> None:
    for language, written in (("en", "100,000 USD"), ("id", "USD 100.000")):
        document = _general("  liability: {cap: 100000 USD, indirect_loss: false}\n", language)
        text = _joined(walk_text(document.blocks))
        assert f"{written}." in text
        assert "indirect or consequential" not in text and "tidak langsung" not in text


# --- short names and defined terms ----------------------------------------------------------


def test_the_short_name_is_defined_once_and_used_after() -> None:
    document = _document(ACME)
    text = _joined(walk_text(document.blocks))
    assert text.count('("Acme")') == 1
    reporting = next(b for b in document.blocks if isinstance(b, Table) and b.header[0] == "Report")
    assert plain_text(reporting.rows[0][1]) == "Acme"


def test_generated_terms_are_defined_unless_the_author_defines_them() -> None:
    document = _document(ACME)
    table = next(b for b in document.blocks if isinstance(b, Table) and b.header[0] == "Term")
    terms = [plain_text(row[0]) for row in table.rows]
    assert terms == sorted(terms, key=str.casefold)
    assert terms.count("Downtime") == 1  # the author's own, not a second
    assert {"Availability", "Business Hours", "Service Credit"} <= set(terms)
    internal = _document(INTERNAL)
    table = next(b for b in internal.blocks if isinstance(b, Table) and b.header[0] == "Term")
    assert "Service Credit" not in [plain_text(row[0]) for row in table.rows]


def _findings(text: str, code: str) -> list[str]:
    return [f.message for f in check_text(text) if f.code == code]


def test_the_checker_counts_the_terms_the_document_defines() -> None:
    clause = "\nclauses:\n  - title: Hours\n    text: Calls are answered in Business Hours.\n"
    text = _without(_without(ACME, "clauses"), "general") + clause
    assert _findings(text, "SLA313") == []
    without_hours = re.sub(r"(?m)^  hours: .*\n", "", text)
    assert _findings(without_hours, "SLA313") != []


# --- the formatting of clause text ------------------------------------------------------------

_MARKUP = "*_|\\-#:` \n\t1.)"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list(_MARKUP) + list("ab{}<>&%")), max_size=80))
def test_clause_text_never_raises_and_never_loses_a_letter(text: str) -> None:
    out = blocks(text)
    letters = Counter(c for c in _joined(walk_text(tuple(out))) if c.isalpha())
    assert letters == Counter(c for c in text if c.isalpha())


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=120))
def test_any_text_is_read_without_an_error_and_keeps_its_letters(text: str) -> None:
    out = blocks(text)
    letters = Counter(c for c in _joined(walk_text(tuple(out))) if c.isalpha())
    assert letters == Counter(c for c in text if c.isalpha())


@given(st.text(alphabet=st.characters(blacklist_characters="*_|\\"), max_size=60))
def test_text_without_markers_is_one_literal_run(text: str) -> None:
    line = " ".join(text.split())
    assert emphasis(line) == ((Run(line),) if line else ())


def test_template_code_and_markup_stay_literal() -> None:
    for literal in ("{{ 7*7 }}", "{{ 7*7 }} and {{ 8*8 }}", "<b>x</b> &amp;", "snake_case_name"):
        assert _joined(walk_text(tuple(blocks(literal)))) == literal
    assert emphasis("a **b** *c* _d_ \\*e\\*") == (
        Run("a "),
        Run("b", bold=True),
        Run(" "),
        Run("c", italic=True),
        Run(" "),
        Run("d", italic=True),
        Run(" *e*"),
    )


def test_lists_and_tables_are_read() -> None:
    out = blocks("Lead-in:\n- one\n  more\n- two\n\n1. a\n2) b\n\n| A | B |\n|---|---|\n| 1 | 2 |")
    assert [type(b).__name__ for b in out] == ["Paragraph", "BulletList", "BulletList", "Table"]
    assert out[1] == BulletList(((Run("one more"),), (Run("two"),)))
    assert out[2].numbered
    assert out[3].header == ("A", "B")


def test_hostile_clause_text_is_escaped_in_both_formats() -> None:
    text = _without(ACME, "clauses") + (
        "\nclauses:\n  - title: Hostile\n    text: |\n"
        f"      {HOSTILE.replace(chr(10), ' ')}\n\n      - {{{{ 7*7 }}}} <i>x</i>\n"
    )
    document = _document(text)
    look = Look(ROOT / "templates" / "customer" / "reference.docx", TEMPLATES.stylesheet)
    xml = zipfile.ZipFile(io.BytesIO(write_docx(document, look))).read("word/document.xml")
    pdf = _pdf_words(write_pdf(document, look))
    for literal in ("{{ 7*7 }}", "{% if x %}", "<b>bold</b>", "&amp;", "<i>x</i>"):
        escaped = literal.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        assert escaped.encode() in xml
        assert literal in pdf


# --- positioned errors ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("extra", "where", "message"),
    [
        (
            "  notices: {acme: {email: a@b.example}, compnay-x: {email: c@d.example}}\n",
            "general.notices.compnay-x",
            "did you mean `company-x`?",
        ),
        (
            "  disputes: {arbitration: {institution: SIAC, seat: Singapore, arbitrators: 2}}\n",
            "general.disputes.arbitration.arbitrators",
            "1 or 3",
        ),
        ("  disputes: {negotiation: 30 days}\n", "general.disputes", "`courts`"),
        ("  liability: {cap: lots}\n", "general.liability.cap", "months' fees"),
        ("  liability: {cap: 0 months}\n", "general.liability.cap", "1 or more"),
        ("  counterparts: [a]\n", "general.counterparts", "true (sladoc's wording)"),
        ("  governing_lw: Singapore\n", "general.governing_lw", "did you mean `governing_law`?"),
    ],
)
def test_a_wrong_general_block_is_a_positioned_error(extra: str, where: str, message: str) -> None:
    text = _without(ACME, "general") + "general:\n" + extra
    line = text.count("\n", 0, text.index("general:\n")) + 2
    with pytest.raises(SchemaError) as raised:
        parse_agreement(text, "x.yaml")
    problems = [p for p in raised.value.problems if p.path == where]
    assert problems, [str(p) for p in raised.value.problems]
    assert message in problems[0].message
    assert problems[0].position.line == line


def test_sole_remedy_needs_service_credits() -> None:
    text = INTERNAL + "\ngeneral:\n  sole_remedy: true\n"
    with pytest.raises(SchemaError) as raised:
        parse_agreement(text, "x.yaml")
    (problem,) = raised.value.problems
    assert problem.path == "general.sole_remedy" and "service_credits" in problem.message
    assert problem.position.line == text.count("\n")


def test_two_parties_cannot_share_a_short_name() -> None:
    text = ACME.replace("    name: Company X\n", "    name: Company X\n    short_name: ACME\n")
    with pytest.raises(SchemaError) as raised:
        parse_agreement(text, "x.yaml")
    (problem,) = raised.value.problems
    assert problem.path == "parties[1].short_name"


# --- the diff says what a change means --------------------------------------------------------


def _diff(old: str, new: str) -> str:
    return format_text(
        compare(parse_agreement(old, "old.yaml"), parse_agreement(new, "new.yaml"), "old", "new")
    )


def test_diff_names_changes_to_the_general_clauses_with_their_meaning() -> None:
    new = (
        ACME.replace("cap: 12 months' fees", "cap: 6 months' fees")
        .replace("governing_law: Singapore", "governing_law: Indonesia")
        .replace("sole_remedy: true", "sole_remedy: false\n  counterparts: false")
        .replace("arbitrators: 1", "arbitrators: 3")
    )
    said = _diff(ACME, new)
    assert "liability cap 12 months' fees -> 6 months' fees" in said
    assert 'governing law "Singapore" -> "Indonesia"' in said
    assert "number of arbitrators 1 -> 3" in said
    assert "service credits as sole remedy true -> false: the customer keeps its other " in said
    assert "counterparts clause false: the clause is left out of the contract" in said


def test_diff_of_a_standard_clause_set_to_its_default_says_nothing_changed_in_print() -> None:
    said = _diff(ACME, ACME.replace("general:\n", "general:\n  amendment: true\n"))
    assert "amendment clause true" in said
    assert "left out" not in said and "added to the contract" not in said


def test_diff_of_a_recital_and_a_short_name() -> None:
    new = ACME.replace("    short_name: Acme\n", "    short_name: Acme Cloud\n").replace(
        "from data centres in Singapore and Jakarta", "from data centres in Singapore"
    )
    said = _diff(ACME, new)
    assert 'short name of acme "Acme" -> "Acme Cloud"' in said
    assert "recital" in said


def test_notices_true_is_every_party_at_its_own_details() -> None:
    document = _general("  notices: true\n")
    assert "Notices" in _section(document, "General provisions")
    with pytest.raises(SchemaError):
        parse_agreement(_without(ACME, "general") + "general:\n  notices: maybe\n", "x.yaml")
