"""Contract-grade pages, read back from the pages themselves: the PDF, and LibreOffice's PDF
of the DOCX (all DOCX converted in one ``soffice`` call).

What must hold on every example and on generated agreements (``bench/generate.py``):
- no heading, and no lead-in (a paragraph that introduces a list, a table or the
  signatures), is the last thing on a page;
- the signature section (heading, closing, every execution block) is on one page;
- the DOCX and the PDF have the same number of pages (every example; at least 95 % of the
  generated agreements), and the examples the same words on each page.

A failure names the file, the format, the page and the text.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ElementTree
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from random import Random

import pytest

from sladoc import api
from sladoc.agreement.layout import LAYOUTS
from sladoc.agreement.loader import load_text
from sladoc.document.compose import compose_versions
from sladoc.document.templateset import TemplateSet
from sladoc.document.tree import Block, Document, Heading, Parallel, Signatures, Table
from sladoc.document.tree import Paragraph as ParagraphNode
from sladoc.document.writers import write
from sladoc.document.writers.common import keeps_with_next

from .conftest import AGREEMENTS, ROOT
from .test_writers import figure_label_words

pytestmark = pytest.mark.skipif(
    not (shutil.which("soffice") and shutil.which("pdftotext")),
    reason="needs LibreOffice and poppler",
)

MM = 72 / 25.4
PAGE_HEIGHT = 297 * MM
BODY_TOP, BODY_BOTTOM = 26 * MM - 2, PAGE_HEIGHT - 24 * MM + 2  # templates/pdf-style.yaml


@dataclass(frozen=True)
class Line:
    top: float
    bottom: float
    text: str
    size: float  # the font size, from the line's height


# A line's height over its font size, as poppler measures each writer's embedded font:
# reportlab's descriptor of Liberation Sans, and LibreOffice's.
HEIGHT_PER_POINT = {"pdf": 8.45 / 9, "docx": 11.7 / 9}
TABLE_TEXT = 9.5  # table cells are 9 points; headings and paragraphs 10 and more


@dataclass
class Built:
    name: str
    document: Document
    pdf: list[list[Line]]  # per page, the body's lines top to bottom
    docx: list[list[Line]]  # the same, from LibreOffice's PDF of the DOCX


def _pages(pdf: Path, fmt: str) -> list[list[Line]]:
    """Per page, the lines of the body (no header, footer or draft mark), top to bottom."""
    xhtml = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"], check=True, capture_output=True
    ).stdout
    namespace = "{http://www.w3.org/1999/xhtml}"
    pages = []
    for page in ElementTree.fromstring(xhtml).iter(f"{namespace}page"):
        lines = []
        for line in page.iter(f"{namespace}line"):
            words = [
                word.text or ""
                for word in line.iter(f"{namespace}word")
                # the draft mark's letters are tall; bullets are drawn, not written, in LibreOffice
                if float(word.get("yMax")) - float(word.get("yMin")) < 40 and word.text != "•"
            ]
            top, bottom = float(line.get("yMin")), float(line.get("yMax"))
            if words and top > BODY_TOP and bottom < BODY_BOTTOM:
                size = (bottom - top) / HEIGHT_PER_POINT[fmt]
                lines.append(Line(top, bottom, " ".join(words), size))
        pages.append(sorted(lines, key=lambda line: (line.top, line.text)))
    return pages


def _build(paths: list[Path], out: Path, layout: str | None = None) -> list[Built]:
    templates = TemplateSet.at(None)
    documents = {}
    for path in paths:
        # every language version: a bilingual agreement is drawn side by side
        versions = tuple(version for version, _ in api.load_versions(path, layout=layout))
        agreement = versions[0]
        document = compose_versions(versions, templates)
        look = templates.look(agreement.kind)
        (out / f"{path.stem}.pdf").write_bytes(write("pdf", document, look))
        (out / f"{path.stem}.docx").write_bytes(write("docx", document, look))
        documents[path.stem] = document
    converted = out / "docx"
    subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{out}/profile",
         "--convert-to", "pdf", "--outdir", str(converted),
         *[str(out / f"{name}.docx") for name in documents]],
        check=True, capture_output=True, timeout=600,
    )  # fmt: skip
    return [
        Built(
            name,
            document,
            _pages(out / f"{name}.pdf", "pdf"),
            _pages(converted / f"{name}.pdf", "docx"),
        )
        for name, document in documents.items()
    ]


@pytest.fixture(scope="module")
def examples(tmp_path_factory: pytest.TempPathFactory) -> list[Built]:
    return _build(AGREEMENTS, tmp_path_factory.mktemp("examples"))


def _generated(generate, tmp_path_factory: pytest.TempPathFactory, count: int) -> list[Built]:
    folder = tmp_path_factory.mktemp(f"generated{count}")
    paths = generate.generate(folder / "yaml", count, seed=6)
    return _build(list(paths), folder)


@pytest.fixture(scope="module")
def generated(generate, tmp_path_factory: pytest.TempPathFactory) -> list[Built]:
    return _generated(generate, tmp_path_factory, 20)


def _squash(text: str) -> str:
    return " ".join(text.split())


def _keepers(document: Document) -> list[str]:
    """The texts that must not end a page: headings and lead-ins."""
    blocks = document.blocks
    out = []
    for index, (block, following) in enumerate(zip(blocks, blocks[1:], strict=False)):
        if keeps_with_next(block, following, blocks[index - 1] if index else None):
            if isinstance(block, Heading):
                out.append(_squash(block.shown))
            elif isinstance(block, ParagraphNode):
                out.append(_squash("".join(run.text for run in block.content)))
    return out


def _unzipped(blocks: tuple[Block, ...]) -> tuple[Block, ...]:
    """The blocks with the rows of side-by-side language versions (a bilingual agreement)
    read as their left language's blocks."""
    return tuple(
        inner
        for block in blocks
        for inner in (
            [b for left, _ in block.rows for b in left] if isinstance(block, Parallel) else [block]
        )
    )


LIBREOFFICE_DEFECT = "LibreOffice left a kept heading behind"
"""LibreOffice (7.4 and 25.2 alike) now and then leaves a keep-with-next heading at a page's
foot when what follows moves on for a rule of its own: a clause kept from splitting by
orphan control and its space after, a lead-in kept with its table. The DOCX marks every
heading keep-with-next (as a direct property too), and the PDF moves such a heading on;
the same DOCX with the clause's space after removed keeps them together. Found in 2 of 200
generated agreements (headings only); the 200-agreement test bounds it."""


def _problems(built: Built) -> list[str]:
    problems = []
    keepers = _keepers(built.document)
    headings = {
        _squash(b.shown) for b in _unzipped(built.document.blocks) if isinstance(b, Heading)
    }
    signature_heading = None
    blocks = _unzipped(built.document.blocks)
    for index, block in enumerate(blocks):
        if isinstance(block, Signatures):
            signature_heading = next(
                _squash(b.shown) for b in reversed(blocks[:index]) if isinstance(b, Heading)
            )
            signers = block.signers
    for fmt, pages in (("pdf", built.pdf), ("docx", built.docx)):
        for number, lines in enumerate(pages[:-1], start=1):
            if not lines:
                continue
            last_bottom = max(line.bottom for line in lines)
            last = [line for line in lines if line.bottom >= last_bottom - 1]
            if len(last) > 1 or last[0].size < TABLE_TEXT:
                continue  # a table's row (cells side by side, or table text)
            text = _squash(last[0].text)
            if any(k == text or (len(text) > 12 and k.endswith(" " + text)) for k in keepers):
                where = f"{built.name}.{fmt} page {number} ends with {text!r}"
                heading = text in headings
                problems.append(
                    f"{LIBREOFFICE_DEFECT}: {where}" if heading and fmt == "docx" else where
                )
        if signature_heading is None:
            continue
        found = [
            (number, line)
            for number, lines in enumerate(pages, start=1)
            for line in lines
            if _squash(line.text) == signature_heading
        ]
        if not found:
            problems.append(f"{built.name}.{fmt}: no signature heading {signature_heading!r}")
            continue
        number, heading_line = found[-1]
        after = " ".join(
            line.text for line in pages[number - 1] if line.top >= heading_line.top
        ).split()
        for signer in signers:
            for word in " ".join(signer.texts).split():
                if word not in after:
                    problems.append(
                        f"{built.name}.{fmt} page {number}: the signature section is split: "
                        f"{signer.details[0][1]!r} ({signer.party}) is not on the page of "
                        "its heading"
                    )
                    break
    return problems


def test_examples_keep_headings_lead_ins_and_signatures_with_what_follows(examples):
    problems = [problem for built in examples for problem in _problems(built)]
    assert not problems, "\n".join(problems)


def _letters(lines: list[Line]) -> str:
    """A page's words as their letters and digits, sorted: the same words on the page,
    however a line was broken inside an e-mail address or at a hyphen, and whichever cell of
    a table row the reader takes first."""
    return "".join(sorted(char for line in lines for char in line.text if char.isalnum()))


def test_examples_docx_and_pdf_have_the_same_pages_and_words(examples):
    """Bilingual examples too: their side-by-side rows are laid out alike (issue 17)."""
    for built in examples:
        _assert_same_words(built)


def _assert_same_words(built: Built) -> None:
    """The same number of pages, and the same words on each page (a figure's labels are
    pixels in the DOCX)."""
    assert len(built.pdf) == len(built.docx), built.name
    drawn = Counter(char for word in figure_label_words(built.document) for char in word)
    drawn = Counter({char: n for char, n in drawn.items() if char.isalnum()})
    for number, (pdf, docx) in enumerate(zip(built.pdf, built.docx, strict=True), start=1):
        letters = Counter(_letters(pdf))
        if drawn and letters != Counter(_letters(docx)) and not drawn - letters:
            letters -= drawn  # the figure's labels: text in the PDF, pixels in the DOCX
        assert letters == Counter(_letters(docx)), (
            f"{built.name} page {number}: the PDF and the DOCX hold different words\n"
            f"PDF:  ...{' '.join(line.text for line in pdf[-2:])}\n"
            f"DOCX: ...{' '.join(line.text for line in docx[-2:])}"
        )


def _fits(path: Path, layout: str) -> bool:
    return api.load(path).kind in LAYOUTS[layout].orders


def test_columns_of_parties_have_the_same_words_on_every_page(tmp_path: Path) -> None:
    """The stages layout draws each level as columns, a column per party, page after page:
    the cells' line spacing and the space at their foot match the DOCX's (issue 17), or a
    page would end a row earlier in one format."""
    (built,) = _build([ROOT / "agreements" / "company-x-multilevel.yaml"], tmp_path, "stages")
    _assert_same_words(built)


_KNOWN_GAPS = {("awan-nusantara-hosting-bilingual", "summary"): 1}
"""Known gap (issues 13, 17): the bilingual hosting example drawn in the summary layout
runs a page longer through LibreOffice (page 4 ends a row earlier there: a clause heading's
row kept with the next, where the PDF keeps more of the clause on the page). The pages may
differ by this much and no more."""


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_layout_of_every_example_paginates_alike(layout: str, tmp_path: Path) -> None:
    """Every example in every layout that fits its kind (its own layout is the examples'
    test above): the pagination rules hold and the DOCX and the PDF have the same pages."""
    paths = [path for path in AGREEMENTS if _fits(path, layout)]
    built_all = _build(paths, tmp_path, layout)
    problems = [problem for built in built_all for problem in _problems(built)]
    problems += [
        f"{b.name} in {layout}: {len(b.pdf)} PDF pages, {len(b.docx)} DOCX pages"
        for b in built_all
        if abs(len(b.pdf) - len(b.docx)) > _KNOWN_GAPS.get((b.name, layout), 0)
    ]
    assert not problems, "\n".join(problems)


def _check_generated(built_all: list[Built]) -> None:
    """The rules on generated agreements. LibreOffice's defect above may leave a heading
    behind in the DOCX of at most 1 in 100 agreements (2 of 200 found); the PDF, the
    signatures and the lead-ins are held without exception."""
    problems = [problem for built in built_all for problem in _problems(built)]
    defects = [problem for problem in problems if problem.startswith(LIBREOFFICE_DEFECT)]
    if len(defects) <= len(built_all) // 100:
        problems = [problem for problem in problems if problem not in defects]
    same = sum(len(built.pdf) == len(built.docx) for built in built_all)
    differ = [
        f"{b.name}: {len(b.pdf)} PDF pages, {len(b.docx)} DOCX pages"
        for b in built_all
        if len(b.pdf) != len(b.docx)
    ]
    if same < 0.95 * len(built_all):
        problems.append(f"same page count in {same} of {len(built_all)}:")
        problems += differ
    assert not problems, "\n".join(problems)


def test_generated_agreements_paginate_alike(generated):
    _check_generated(generated)


@pytest.mark.skipif(
    not os.environ.get("SLADOC_SLOW_TESTS"),
    reason="slow (about 4 minutes; CI runs it): SLADOC_SLOW_TESTS=1",
)
def test_200_generated_agreements_paginate_alike(generate, tmp_path_factory):
    _check_generated(_generated(generate, tmp_path_factory, 200))


def test_a_table_longer_than_a_page_repeats_its_header_on_every_page(tmp_path):
    """Sixty points of contact: the contacts table runs over pages, and each page it runs on
    starts with its header row, in the PDF and in the DOCX as LibreOffice lays it out."""
    source = (ROOT / "agreements" / "acme-cloud-hosting.yaml").read_text("utf-8")
    extra = "".join(
        f"      - name: Contact Person {n}\n"
        f"        role: Engineer on call, rota {n}\n"
        f"        email: on-call-{n}@acmecloud.example\n"
        for n in range(60)
    )
    anchor = "        email: priya@acmecloud.example\n"
    assert anchor in source
    path = tmp_path / "many-contacts.yaml"
    path.write_text(source.replace(anchor, anchor + extra), "utf-8")
    (built,) = _build([path], tmp_path)
    table = next(
        block
        for block in built.document.blocks
        if isinstance(block, Table) and len(block.rows) > 60
    )
    header = _squash(" ".join(table.header))
    for fmt, pages in (("pdf", built.pdf), ("docx", built.docx)):
        rows_on = [
            number
            for number, lines in enumerate(pages)
            if any("@acmecloud.example" in line.text and "on-call-" in line.text for line in lines)
        ]
        assert len(rows_on) >= 2, f"{fmt}: the table fits on one page; make it longer"
        for number in rows_on:
            lines = pages[number]
            first_row = min(
                line.top
                for line in lines
                if any(mark in line.text for mark in ("on-call-", "Contact Person", "Priya"))
            )
            just_above = {
                word
                for line in lines
                if first_row - 30 < line.top < first_row - 1
                for word in line.text.split()
            }
            assert set(header.split()) <= just_above, (
                f"{fmt} page {number + 1}: the table's rows are not under its header "
                f"{header!r}; just above them: {sorted(just_above)}"
            )


def test_generated_bilingual_agreements_paginate_alike(generate, tmp_path_factory) -> None:
    """Side by side (issue 17): generated agreements made bilingual, every text given a
    second version of another length, so that the two columns' rows differ in height."""
    from .test_bilingual import bilingual

    folder = tmp_path_factory.mktemp("bilingual")
    paths = []
    for index in range(8):
        name, text = generate.agreement(17, index)
        data = bilingual(load_text(text, name).data)[0]
        (folder / name).write_text(data, "utf-8")
        paths.append(folder / name)
    _check_generated(_build(paths, folder))


def _words(pages: list[list[Line]]) -> list[Counter[str]]:
    """Per page, the body's words as the reader finds them (a word cut at a line's end as
    two; no bullets, which LibreOffice writes as a symbol)."""
    return [
        Counter(word for line in lines for word in line.text.split() if any(map(str.isalnum, word)))
        for lines in pages
    ]


def test_e_mail_addresses_break_at_the_same_points_in_both_formats(tmp_path: Path) -> None:
    """Forty contacts with addresses of every length in the contacts table's narrow column:
    an address that does not fit its line breaks after an ``@``, a ``.`` or a hyphen, never
    inside a word, and at the same point in the PDF as in the DOCX (Word and LibreOffice fill
    the line up to the last such point that fits), so both hold the same pieces of words.
    (Which page a row at a page's foot lands on is the page rules' to hold, with their
    tolerance for LibreOffice: ``test_200_generated_agreements_paginate_alike``.)"""
    random = Random(13)
    names = ["Ana", "Bartholomew", "Ng", "Priyanka", "Oluwaseun", "Li", "Maximiliano"]
    units = ["it", "customer-success", "ops", "facilities-management", "finance"]
    addresses = []
    extra = ""
    for n in range(40):
        first, last = random.choice(names), random.choice(names)
        address = (
            f"{first.lower()}.{last.lower()}{n}@{random.choice(units)}."
            f"{random.choice(['acmecloud', 'acme-cloud-hosting-services'])}.example"
        )
        addresses.append(address)
        extra += (
            f"      - name: {first} {last}\n"
            f"        role: {random.choice(['Engineer', 'Service Delivery Lead'])}\n"
            f"        email: {address}\n"
        )
    anchor = "        email: priya@acmecloud.example\n"
    source = (ROOT / "agreements" / "acme-cloud-hosting.yaml").read_text("utf-8")
    path = tmp_path / "addresses.yaml"
    path.write_text(source.replace(anchor, anchor + extra), "utf-8")
    (built,) = _build([path], tmp_path)
    pdf, docx = _words(built.pdf), _words(built.docx)
    broken = [  # the pieces of an address cut at a line's end (its start, or holding a point)
        word
        for page in pdf
        for word in page
        if any(
            word in address
            and word != address
            and ((address.startswith(word) and len(word) > 2) or "." in word)
            for address in addresses
        )
    ]
    assert broken, "no address was broken: make the addresses longer"
    for word in broken:
        cut_after_point = word.endswith(("@", ".", "-"))
        assert cut_after_point or any(address.endswith(word) for address in addresses), word
    assert len(pdf) == len(docx)
    _same_pieces(sum(pdf, Counter()), sum(docx, Counter()))


def _same_pieces(pdf: Counter[str], docx: Counter[str]) -> None:
    assert pdf == docx, (
        f"only in the PDF {sorted((pdf - docx).elements())}, "
        f"only in the DOCX {sorted((docx - pdf).elements())}"
    )


def test_hyphenated_words_break_where_word_processors_break_them(tmp_path: Path) -> None:
    """Clauses full of hyphenated words ("on-call", "follow-up"): where one reaches a line's
    end, Word and LibreOffice break it after its hyphen, and so does the PDF, so that every
    line reads the same in both formats (on which page a clause at a page's foot starts is
    the page rules' to hold, as in the test above)."""
    random = Random(21)
    hyphenated = ["on-call", "follow-up", "third-party", "end-of-month", "self-service"]
    plain = ["the", "engineer", "reviews", "each", "report", "within", "business", "days"]
    clauses = "".join(
        f"  - id: extra-{n}\n"
        f"    title: Operating clause {n}\n"
        "    text: >\n      "
        + " ".join(random.choice(hyphenated if random.random() < 0.3 else plain) for _ in range(90))
        + ".\n"
        for n in range(12)
    )
    source = (ROOT / "agreements" / "acme-cloud-hosting.yaml").read_text("utf-8")
    assert "\nclauses:\n" in source
    path = tmp_path / "hyphens.yaml"
    path.write_text(source.replace("\nclauses:\n", "\nclauses:\n" + clauses), "utf-8")
    (built,) = _build([path], tmp_path)
    words = {*plain, *hyphenated}
    words |= {piece for word in hyphenated for piece in re.findall(r"[^-]+-?", word)}
    words |= {f"{word}." for word in words}

    def clause_lines(lines: list[Line]) -> Counter[str]:
        """The lines of the generated clauses: every word one of theirs."""
        return Counter(_squash(line.text) for line in lines if set(line.text.split()) <= words)

    pdf = sum(map(clause_lines, built.pdf), Counter())
    assert len(built.pdf) == len(built.docx)
    _same_pieces(pdf, sum(map(clause_lines, built.docx), Counter()))
    cut = sum(n for line, n in pdf.items() if line.endswith("-"))
    assert cut, "no hyphenated word was broken at a line's end: make the clauses longer"


def _mark_pixels(pdf: Path, page: int, out: Path) -> int:
    """How many pixels of a page, drawn at 30 dpi in grey, have the draft mark's shade: its
    grey (#d9d9d9) at 60 % over white, give or take the edges' smoothing."""
    from PIL import Image

    stem = out / f"{pdf.parent.name}-{pdf.stem}"
    subprocess.run(
        ["pdftoppm", "-gray", "-r", "30", "-f", str(page), "-l", str(page), "-singlefile",
         str(pdf), str(stem)],
        check=True,
    )  # fmt: skip
    with Image.open(stem.with_suffix(".pgm")) as image:
        assert image.mode == "L"  # one byte a pixel: its shade
        return sum(1 for shade in image.tobytes() if 226 <= shade <= 240)


def test_the_draft_mark_is_the_same_size_in_both_formats(tmp_path: Path) -> None:
    """The DOCX's watermark is a word fitted to a 430 by 120 point shape; the PDF draws the
    same word stretched to the same box, so a page of a draft shows as much of the mark in
    both (a mark drawn at its font's own proportions covers a third less)."""
    path = ROOT / "agreements" / "company-x-marketing-sales.yaml"
    assert api.load(path).status == "draft"
    (built,) = _build([path], tmp_path)
    pdf = _mark_pixels(tmp_path / f"{path.stem}.pdf", 2, tmp_path)
    docx = _mark_pixels(tmp_path / "docx" / f"{path.stem}.pdf", 2, tmp_path)
    assert docx > 1000, "no draft mark found on the DOCX's page"
    assert abs(pdf - docx) <= 0.1 * docx, (pdf, docx)
