"""Agreements in two languages (issue 17): one file, one version per language, drawn side by
side.

What must hold:
- each language version of a bilingual file is the single-language file it was made from
  (the projection touches texts only, and the model reads each version as it reads a file);
- a text without one of the languages, a language key that is not one of them, a wrong
  ``language`` list or ``prevailing_language`` is a positioned problem (exit 2);
- the two versions compose to the same structure, and the side-by-side document says every
  word of both, in DOCX and PDF alike (pages: tests/test_pages.py, which reads every example);
- ``build --language`` builds one version; the checker compares the versions' facts.
"""

from __future__ import annotations

import collections
import io
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sladoc import api
from sladoc.agreement.bilingual import is_text
from sladoc.agreement.loader import Path_, load_file, load_text
from sladoc.agreement.model import MODELS
from sladoc.agreement.validate import validate, validate_versions
from sladoc.checks.locate import iter_prose
from sladoc.checks.versions import check_versions
from sladoc.document.compose import compose, compose_versions
from sladoc.document.templateset import TemplateSet
from sladoc.document.tree import Block, Columns, Heading, Parallel, walk_text
from sladoc.document.writers import write
from sladoc.errors import SchemaError

from .conftest import AGREEMENTS
from .test_writers import docx_body_words, pdf_body_tokens, rejoin, table_headers, words

ROOT = Path(__file__).resolve().parent.parent
BILINGUAL = [path for path in AGREEMENTS if "language: [" in path.read_text("utf-8")]
SINGLE = [path for path in AGREEMENTS if path not in BILINGUAL]
ALIKE = [path for path in SINGLE if "\nlanguage: id\n" not in path.read_text("utf-8")]
"""The examples whose values read alike in English and Indonesian (an Indonesian example
writes "USD 5.000", which English reads otherwise, see
test_a_shared_value_that_reads_differently_says_in_which_version)."""
OTHER = {"en": "id", "id": "en"}
TEMPLATES = TemplateSet.default()


def _at(data: Any, path: Path_) -> Any:
    for part in path:
        data = data[part]
    return data


def _put(data: Any, path: Path_, value: Any) -> None:
    _at(data, path[:-1])[path[-1]] = value


def text_paths(data: dict[str, Any]) -> list[Path_]:
    """The places of ``data`` where the model reads wording."""
    model = MODELS[data["kind"]]
    return [prose.path for prose in iter_prose(data) if is_text(model, prose.path)]


def translated(text: str) -> str:
    """A stand-in translation: other words, the same facts."""
    return text.upper()


def bilingual(data: dict[str, Any], picks: list[bool] | None = None) -> tuple[str, list[Path_]]:
    """``data`` (a single-language agreement) as a bilingual file whose other language gives
    each picked text (every one by default) in :func:`translated` words."""
    data = yaml.safe_load(yaml.safe_dump(data))  # a copy
    own = data.get("language", "en")
    wrapped = []
    for index, path in enumerate(text_paths(data)):
        if picks is None or picks[index % len(picks)]:
            text = _at(data, path)
            _put(data, path, {own: text, OTHER[own]: translated(text)})
            wrapped.append(path)
    data["language"] = [own, OTHER[own]]
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False), wrapped


# --- the file ----------------------------------------------------------------------------


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(example=st.sampled_from(ALIKE), picks=st.lists(st.booleans(), min_size=1, max_size=40))
def test_each_version_is_the_file_it_was_made_from(example: Path, picks: list[bool]) -> None:
    original = load_file(example)
    text, wrapped = bilingual(original.data, picks)
    first, second = validate_versions(load_text(text, "bilingual.yaml"))
    assert first[0].model_dump() == validate(original).model_dump()
    own = first[0].language
    assert first[0].languages == second[0].languages == (own, OTHER[own])
    for path in wrapped:
        assert _at(second[1].data, path) == translated(_at(first[1].data, path))


def test_a_single_language_agreement_is_unchanged() -> None:
    for path in SINGLE:
        [(agreement, loaded)] = validate_versions(load_file(path))
        assert agreement.languages == (agreement.language,)
        assert loaded.data == load_file(path).data


def _problems(text: str) -> list[tuple[int, int, str]]:
    with pytest.raises(SchemaError) as caught:
        validate_versions(load_text(text, "x.yaml"))
    return [(p.position.line, p.position.col, p.message) for p in caught.value.problems]


@pytest.fixture(scope="module")
def example_text() -> str:
    return (ROOT / "agreements" / "company-x-marketing-sales-bilingual.yaml").read_text()


def test_a_missing_version_is_named_at_its_text(example_text: str) -> None:
    lines = example_text.splitlines(keepends=True)
    at = next(n for n, line in enumerate(lines) if line.startswith("overview:"))
    english = next(n for n in range(at, len(lines)) if lines[n].startswith("  en:"))
    end = next(n for n in range(english + 1, len(lines)) if not lines[n].startswith("    "))
    [(line, col, message)] = _problems("".join(lines[:english] + lines[end:]))
    assert (line, col) == (at + 2, 3)
    assert message.startswith("`overview` has no English version (`en:`)")


def test_a_stray_language_key_is_named_with_a_hint(example_text: str) -> None:
    text = example_text.replace("overview:\n  id:", "overview:\n  ind:", 1)
    [(_, _, message)] = _problems(text)
    assert message == "`ind` is not one of the agreement's languages (id, en); did you mean `id`?"


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("[id, en, en]", "or two, such as [id, en], got a list of 3"),
        ("[id, id]", "the two languages must differ, got `id` twice"),
        ("[id, fr]", "`fr` is not a language sladoc writes"),
    ],
)
def test_a_wrong_language_list_is_one_problem(example_text: str, language: str, message: str):
    [(line, col, found)] = _problems(
        example_text.replace("language: [id, en]", f"language: {language}")
    )
    assert message in found
    assert example_text.splitlines()[line - 1].startswith("language:") and col == 11


def test_the_prevailing_language_is_one_of_the_agreements(example_text: str) -> None:
    text = example_text.replace("language: [id, en]", "language: [id, en]\nprevailing_language: en")
    first, _ = validate_versions(load_text(text, "x.yaml"))
    assert first[0].prevailing == "en"
    [(_, _, message)] = _problems(
        text.replace("prevailing_language: en", "prevailing_language: fr")
    )
    assert message == "expected one of the agreement's languages (id, en), got `fr`"
    single = SINGLE[0].read_text("utf-8") + "prevailing_language: en\n"
    [(_, _, message)] = _problems(single)
    assert message.startswith("only an agreement in two languages")


def test_a_shared_value_that_reads_differently_says_in_which_version(example_text: str) -> None:
    text = example_text.replace("sales_quota: 5000 USD", "sales_quota: 5,000 USD")
    [(_, _, message)] = _problems(text)
    assert "(in the Indonesian version: a value both versions share must read alike" in message


# --- the document ------------------------------------------------------------------------


def _shape(blocks: tuple[Block, ...]) -> list[object]:
    return [
        (type(b).__name__, _shape(b.rows[0].cells[0]) if isinstance(b, Columns) else None)
        for b in blocks
    ]


def _documents(text: str, name: str):
    versions = tuple(agreement for agreement, _ in validate_versions(load_text(text, name)))
    singles = [compose(version, TEMPLATES) for version in versions]
    return singles, compose_versions(versions, TEMPLATES)


def _generated(generate, count: int) -> list[tuple[str, str]]:
    out = []
    for index in range(count):
        name, text = generate.agreement(17, index)
        out.append((name, bilingual(load_text(text, name).data)[0]))
    return out


@pytest.fixture(scope="module")
def cases(request) -> list[tuple[str, str]]:
    generate = request.getfixturevalue("generate")
    made = [(p.name, bilingual(load_file(p).data)[0]) for p in ALIKE]
    return [(p.name, p.read_text("utf-8")) for p in BILINGUAL] + made + _generated(generate, 12)


def test_versions_compose_alike_and_the_document_says_both(cases) -> None:
    """Same structure in both languages (zip_versions raises VersionsDiffer otherwise), and
    every word of each version is in the side-by-side document, the left before the right
    in each row."""
    for name, text in cases:
        (left, right), both = _documents(text, name)
        assert _shape(left.blocks) == _shape(right.blocks), name
        said = collections.Counter(words(walk_text(both.blocks)))
        # a heading drawn across both columns carries one number, the first language's
        numbers = {
            word
            for block in right.blocks
            if isinstance(block, Heading)
            for word in block.number.split()
        }
        for single in (left, right):
            missing = collections.Counter(words(walk_text(single.blocks))) - said
            # merged table cells and signatures say once what both versions say alike
            assert all(said[w] or w in numbers for w in missing), (name, missing)
        rows = [row for block in both.blocks if isinstance(block, Parallel) for row in block.rows]
        assert rows and all(len(left) == len(right) for left, right in rows), name


def test_the_prevailing_language_clause_is_in_both_columns(example_text: str) -> None:
    (_, _), both = _documents(example_text, "x.yaml")
    texts = walk_text(both.blocks)
    assert any(
        t.startswith("Perjanjian ini dibuat dalam Bahasa Indonesia dan Bahasa Inggris")
        for t in texts
    )
    assert any(
        t.startswith("This Agreement is made in the Indonesian and English languages")
        for t in texts
    )
    assert any("yang berlaku adalah naskah dalam Bahasa Indonesia." in t for t in texts)
    assert any("the Indonesian version prevails" in t for t in texts)


@pytest.mark.parametrize("path", BILINGUAL, ids=lambda p: p.name)
def test_docx_and_pdf_say_what_the_tree_says(path: Path) -> None:
    (_, _), doc = _documents(path.read_text("utf-8"), path.name)
    look = TEMPLATES.look(doc_kind(path))
    expected = words(walk_text(doc.blocks))
    assert docx_body_words(write("docx", doc, look), date_label="Tanggal / Date") == expected
    found = " ".join(pdf_body_tokens(write("pdf", doc, look), table_headers(doc.blocks)))
    # the signatures' date caption, "Tanggal / Date" ("Tanggal" is dropped already)
    found_words = re.sub(r"(?<= )/ Date(?= |$)", " ", found).split()
    expected = [word for word in expected if not re.fullmatch(r"\d+\.", word)]  # as there
    assert rejoin(found_words, expected) == expected


def doc_kind(path: Path) -> str:
    return str(load_file(path).data["kind"])


def test_build_one_language_of_a_bilingual_agreement(tmp_path: Path) -> None:
    path = BILINGUAL[0]
    [built] = api.build([path], ("md",), tmp_path, language="en", jobs=1)
    assert not built.problems and built.documents
    [(target, data)] = built.documents.items()
    agreement = validate_versions(load_file(path))[1][0]
    assert target.name == f"{agreement.id}.en.md"
    assert data == write("md", compose(agreement, TEMPLATES), TEMPLATES.look(agreement.kind))
    [built] = api.build([path], ("md",), tmp_path, language="fr", jobs=1)
    assert built.documents is None and "has no `fr` version" in built.problems[0].message


def test_one_language_of_a_folder_builds_its_single_language_agreements_as_they_are(
    tmp_path: Path,
) -> None:
    """`build agreements/ --language en`: the English of each agreement in two languages,
    and every agreement in one language (Indonesian ones too) as it is."""
    built = list(api.build(sorted(AGREEMENTS), ("md",), tmp_path, language="en", jobs=1))
    assert all(not b.problems and b.documents for b in built), [b.problems for b in built]
    names = {target.name for b in built for target in (b.documents or {})}
    for path in AGREEMENTS:
        versions = validate_versions(load_file(path))
        own = versions[0][0]
        expected = f"{own.id}.en.md" if len(versions) > 1 else f"{own.id}.md"
        assert expected in names


def test_bilingual_outputs_are_reproducible(tmp_path: Path) -> None:
    path = BILINGUAL[0]
    first = [b.documents for b in api.build([path], ("docx", "pdf"), tmp_path, jobs=1)]
    again = [b.documents for b in api.build([path], ("docx", "pdf"), tmp_path, jobs=1)]
    assert first == again


# --- the checker -------------------------------------------------------------------------


def test_versions_that_disagree_are_reported_at_both(example_text: str) -> None:
    text = example_text.replace(
        "at least 50 qualified leads a month", "at least 60 qualified leads a month"
    )
    versions = validate_versions(load_text(text, "x.yaml"))
    found = [f for f in check_versions(versions) if f.code == "SLA401"]
    lines = text.splitlines()
    assert sorted(lines[f.position.line - 1][f.position.col - 1 :][:2] for f in found) == [
        "50",
        "60",
    ]
    assert all('the Indonesian says "50"; the English says "60"' in f.message for f in found)


@pytest.mark.parametrize(
    ("left", "right", "same"),
    [
        ("99,95% dari 5.000 menit", "99.95% of 5,000 minutes", True),
        ("pukul 09.00 sampai 17.00 WIB", "from 09:00 to 17:00 WIB", True),
        ("pada hari kerja ketiga", "on the 3rd business day", True),
        ("mulai 1 Maret 2027", "from 1 March 2027", True),
        ("ke ops@acme.example", "to ops@acme.example", True),
        ("mulai 1 Maret 2027", "from 1 May 2027", False),
        ("99,5%", "99.9%", False),
        ("USD 5.000", "5,500 USD", False),
    ],
)
def test_facts_of_two_versions(left: str, right: str, same: bool) -> None:
    from sladoc.checks.bilingual import Version
    from sladoc.checks.rules.sla401_versions_disagree import facts

    def read(text: str, code: str) -> list[object]:
        return sorted(fact for fact, _, _ in facts(Version(code, text, None)))  # type: ignore[arg-type]

    assert (read(left, "id") == read(right, "en")) is same


# --- review --------------------------------------------------------------------------------


def test_diff_shows_a_change_once_and_flags_one_made_in_one_language(
    example_text: str, tmp_path: Path
) -> None:
    old = tmp_path / "old.yaml"
    old.write_text(example_text, "utf-8")
    new = tmp_path / "new.yaml"
    changed = (
        example_text.replace("  notice: 30 days", "  notice: 60 days")
        .replace("Perjanjian Tingkat Layanan Pemasaran", "Perjanjian Layanan Pemasaran")
        .replace("Marketing and Sales Service Level", "Marketing and Sales Service")
        .replace("sekurang-kurangnya 50 prospek", "sekurang-kurangnya 40 prospek")
    )
    new.write_text(changed, "utf-8")
    result = api.diff(old, new)
    by_path = collections.defaultdict(list)
    for change in result.changes:
        by_path[change.path].append(change)
    [notice] = by_path["termination.notice"]
    assert (str(notice.old), str(notice.new)) == ("30 days", "60 days")
    [title] = by_path["title"]
    assert set(title.old) == set(title.new) == {"id", "en"}
    assert title.new["en"] == "Marketing and Sales Service Agreement"
    one_sided = [c for c in result.changes if "version only" in (c.consequence or "")]
    assert one_sided and all(
        "in the Indonesian version only; the English version is unchanged" in c.consequence
        for c in one_sided
    )
    text = api.format_diff(result, "text")
    assert "~ title [id]" in text and "| [en]" in text


# --- reports -------------------------------------------------------------------------------


def test_a_bilingual_agreements_report_is_in_both_languages() -> None:
    from pypdf import PdfReader

    agreement = ROOT / "agreements" / "company-x-marketing-sales-bilingual.yaml"
    # the leads file names the lead tiers in English; the first version's are Indonesian
    leads = ROOT / "agreements" / "company-x-leads-2027-03.csv"
    result, files = api.report(agreement, leads=leads)
    assert result.language == "id"
    text = " ".join(
        page.extract_text() for page in PdfReader(io.BytesIO(files["report.pdf"])).pages
    )
    assert "Laporan kemajuan, Maret 2027" in text and "Progress report, March 2027" in text


def test_the_law_24_language_clause_is_left_out_by_default_but_an_authors_own_is_kept(
    example_text: str,
) -> None:
    """In two languages the versions clause says which prevails, so the one-language
    clause of Law 24/2009 is not added by default; written by the author, it stays."""
    by_default = example_text + "\ngeneral:\n  governing_law: Indonesia\n"
    (_, _), both = _documents(by_default, "x.yaml")
    texts = " ".join(walk_text(both.blocks))
    assert "Undang-Undang Nomor 24 Tahun 2009" not in texts
    assert "This Agreement is made in the Indonesian and English languages" in texts
    own = (
        by_default
        + "  language_clause:\n    id: Naskah ini tunduk pada UU 24/2009.\n"
        + "    en: This text follows Law 24/2009.\n"
    )
    (_, _), both = _documents(own, "x.yaml")
    texts = " ".join(walk_text(both.blocks))
    assert "Naskah ini tunduk pada UU 24/2009." in texts
    assert "This text follows Law 24/2009." in texts
