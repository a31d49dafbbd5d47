"""The HTML edition says what the tree says, shows every text literally, needs nothing from
outside, is accessible (headings, table headers, anchors), wears the PDF's look and records
its provenance where ``sladoc inspect`` reads it back."""

from __future__ import annotations

import copy
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from sladoc import api
from sladoc.agreement import loader
from sladoc.agreement import model as M
from sladoc.agreement.validate import load_agreement
from sladoc.cli import app
from sladoc.document.compose import compose, compose_versions
from sladoc.document.templateset import TemplateSet
from sladoc.document.tree import Document, Paragraph, Run, walk_text
from sladoc.document.writers import write_html
from sladoc.document.writers.common import Look
from sladoc.document.writers.pdf import stylesheet_values
from sladoc.review.textconv import document_properties, textconv

from .test_hostile import FULL, _set, text_paths
from .test_hostile import write as write_yaml
from .test_writers import (
    EXAMPLES,
    HOSTILE,
    LOOK,
    LOOKS,
    a_figure,
    figure_document,
    hostile_document,
    with_text,
    words,
)

runner = CliRunner()


class Page(HTMLParser):
    """A page read back as a browser would: the text of ``<main>`` (what the document says),
    every element with its attributes, and the text of each element kind."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.main: list[str] = []
        self.all_text: list[str] = []
        self._open: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))
        self._separate(tag)
        if tag not in ("br", "meta", "col", "link", "input", "img"):
            self._open.append(tag)

    def _separate(self, tag: str) -> None:
        """Text in two blocks (or on two lines) is two words; a link or emphasis inside a
        word leaves it one."""
        if tag not in ("a", "em", "strong", "span") and "main" in self._open:
            self.main.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        assert self._open and self._open[-1] == tag, f"</{tag}> closes {self._open[-1:]}"
        self._open.pop()
        self._separate(tag)

    def handle_data(self, data: str) -> None:
        if "main" in self._open and "svg" not in self._open:
            self.main.append(data)
        if not {"style", "svg", "title"} & set(self._open):
            self.all_text.append(data)

    def tags(self, name: str) -> list[dict[str, str | None]]:
        return [attrs for tag, attrs in self.elements if tag == name]


def main_words(data: bytes) -> list[str]:
    """The words of the document's text."""
    return "".join(Page(data.decode()).main).split()


@pytest.fixture(scope="module")
def draft() -> Document:
    return hostile_document("draft")


@pytest.fixture(scope="module")
def draft_html(draft: Document) -> bytes:
    return write_html(draft, LOOK)


# --- what the page says ---------------------------------------------------------------------


def test_html_body_says_exactly_what_the_tree_says(draft: Document, draft_html: bytes):
    assert main_words(draft_html) == words(walk_text(draft.blocks))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_example_html_says_the_tree_s_words_in_the_same_order(path: Path):
    versions = tuple(version for version, _ in api.load_versions(path))
    folder = TemplateSet.default()
    document = compose_versions(versions, folder)  # side by side for a bilingual one
    html = write_html(document, folder.look(versions[0].kind))
    assert main_words(html) == words(walk_text(document.blocks))


def test_the_cover_block_shows_title_subtitle_version_status_and_date(draft: Document):
    page = Page(write_html(draft, LOOK).decode())
    shown = " ".join(" ".join(page.all_text).split())
    info = draft.info
    assert " ".join(info.title.split()) in shown
    assert f"Version {info.version} · Draft · {info.date_text or info.date}" in shown


@settings(max_examples=60, deadline=None)
@given(
    st.text(
        st.characters(
            blacklist_categories=("Cs", "Cc"),
            blacklist_characters="\ufffe\uffff",
        ),
        min_size=1,
        max_size=60,
    ).filter(lambda text: text.strip() != "")
)
def test_any_text_is_shown_literally(text: str):
    doc = hostile_document("draft")
    doc = Document(doc.info, (Paragraph((Run(text), Run(text, bold=True))),))
    page = Page(write_html(doc, LOOK).decode())
    assert "".join(page.main).strip("\n") == text + text
    assert page.tags("strong") and not page.tags("script")


def test_hostile_markup_in_the_text_stays_text(draft_html: bytes):
    html = draft_html.decode()
    assert "<b>bold</b>" not in html and "&lt;b&gt;bold&lt;/b&gt;" in html
    page = Page(html)
    assert not page.tags("b")
    assert HOSTILE in " ".join(page.main)


@pytest.mark.parametrize("kind", M.KINDS)
def test_template_syntax_in_every_text_field_stays_literal(kind: str, tmp_path: Path) -> None:
    """As tests/test_hostile.py does for the other formats: Jinja and ``${}`` in every text
    field of the full hostile examples appear literally in the HTML edition."""
    data = loader.load_text(FULL[kind].read_text("utf-8")).data
    hostile = copy.deepcopy(data)
    literals = []
    for number, (path, owner) in enumerate(text_paths(M.MODELS[kind], data)):
        literal = f"{{{{ 7*{number} }}}} {{% x{number} %}} <i>{number}</i> ${{HOME{number}}}"
        _set(hostile, path, literal)
        if owner != ("Availability", "downtime"):  # not printed (docs/format.md)
            literals.append(literal)
    source = write_yaml(tmp_path, hostile)
    agreement, _ = load_agreement(source)
    html = api.render_agreement(agreement, source, ("html",))["html"]
    page = Page(html.decode())
    shown = " ".join(" ".join(page.all_text).split())
    assert [literal for literal in literals if literal not in shown] == []
    assert not page.tags("i")


# --- a page that stands alone and is accessible -----------------------------------------------


def test_the_page_needs_nothing_from_outside_and_no_script(draft_html: bytes):
    html = draft_html.decode()
    page = Page(html)
    assert not page.tags("script") and not page.tags("link") and not page.tags("img")
    for tag, attrs in page.elements:
        assert "src" not in attrs, tag
        href = attrs.get("href")
        assert href is None or href.startswith("#"), href
    assert "url(" not in html and "@import" not in html


def test_one_h1_headings_in_order_each_anchored_and_listed(draft: Document):
    agreement, _ = load_agreement(EXAMPLES[0])
    folder = TemplateSet.default()
    document = compose(agreement, folder)
    page = Page(write_html(document, folder.look(agreement.kind)).decode())
    assert len(page.tags("h1")) == 1
    ids = [attrs["id"] for _, attrs in page.elements if "id" in attrs]
    assert len(ids) == len(set(ids)), "anchors are unique"
    targets = [attrs["href"] for attrs in page.tags("a")]
    assert targets and all(target[1:] in ids for target in targets if target)
    headings = [attrs for tag, attrs in page.elements if re.fullmatch(r"h[2-6]", tag)]
    assert all(attrs.get("id") for attrs in headings)


def test_tables_have_scoped_headers_and_captions(draft_html: bytes):
    page = Page(draft_html.decode())
    headers = page.tags("th")
    assert headers and all(attrs.get("scope") in ("col", "rowgroup") for attrs in headers)
    assert page.tags("caption")


def test_a_figure_is_inline_svg_named_by_its_description():
    figure = a_figure()
    page = Page(write_html(figure_document(figure), LOOK).decode())
    (svg,) = page.tags("svg")
    assert svg["role"] == "img" and svg["aria-label"] == figure.description
    assert page.tags("polyline") or page.tags("rect")


def test_the_look_is_the_pdf_stylesheet_s(draft_html: bytes):
    """The colours and sizes come from the PDF stylesheet with the reference document's
    accent laid over, so the HTML and the PDF of a kind look alike."""
    for kind, look in LOOKS.items():
        spec, colours = stylesheet_values(look)
        css = write_html(hostile_document("draft"), look).decode()
        assert f"color:{colours['accent']}" in css, kind
        assert f"font-size:{spec.text.heading_1.size}pt" in css, kind
        assert "Liberation Sans" in css


def test_a_changed_stylesheet_changes_the_page(tmp_path: Path, draft: Document):
    sheet = tmp_path / "pdf-style.yaml"
    text = LOOK.pdf_stylesheet.read_text("utf-8").replace('muted: "#5d6877"', 'muted: "#123456"')
    sheet.write_text(text, "utf-8")
    changed = write_html(draft, Look(LOOK.docx_template, sheet)).decode()
    assert "#123456" in changed and "#123456" not in write_html(draft, LOOK).decode()


def test_two_renders_give_the_same_bytes(draft: Document):
    assert write_html(draft, LOOK) == write_html(draft, LOOK)
    assert write_html(with_text(draft, "x"), LOOK) != write_html(draft, LOOK)


# --- provenance, the command line -------------------------------------------------------------


def test_build_writes_an_html_edition_that_inspect_and_textconv_read(tmp_path: Path):
    source = EXAMPLES[0]
    result = runner.invoke(app, ["build", str(source), "-f", "html", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    (html,) = tmp_path.glob("*.html")
    properties = document_properties(html)
    assert properties["sladoc-source"].endswith(source.name)
    inspected = runner.invoke(app, ["inspect", str(html)])
    assert inspected.exit_code == 0, inspected.output
    text = textconv(html)
    assert "== body ==" in text and "sladoc-source-sha256" in text
    agreement = api.load(source)
    assert agreement.title in text


@pytest.mark.parametrize("layout", ["summary", "formal"])
def test_one_table_of_contents_whether_or_not_the_layout_writes_its_own(layout: str) -> None:
    """The summary layout's document holds its own contents, linked to every clause; the
    page then adds none of its own, and every link of the contents lands on a heading."""
    path = Path(__file__).resolve().parent.parent / "agreements" / "acme-cloud-hosting.yaml"
    versions = tuple(v for v, _ in api.load_versions(path, layout=layout))
    document = compose_versions(versions, TemplateSet.default())
    page = write_html(document, LOOK).decode()
    own = layout == "summary"
    assert page.count('<nav class="contents"') == (0 if own else 1)
    links = re.findall(r'<a href="#([^"]+)">', page)
    ids = set(re.findall(r' id="([^"]+)"', page))
    assert links and set(links) <= ids
    assert ("Contents</h" in page) is True
