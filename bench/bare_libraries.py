"""The libraries alone: a contract's Markdown rendered to DOCX with docxtpl and to PDF with
reportlab, the plain way, with no validation, no checks and no document tree.

    python bench/bare_libraries.py CONTRACT.md [CONTRACT.md ...] OUT_DIR [--template reference.docx]

This is the baseline of ``bench/run.py``: what it costs to start Python, import docxtpl
(python-docx, Jinja2, lxml) and reportlab, and lay out the same headings, paragraphs, lists
and tables as a sladoc contract. The input is sladoc's own Markdown of the contract
(``sladoc build --format md``), so the content is the same, block for block. The look is
comparable too: the DOCX is sladoc's Word template (cover, header, footer) with the body as
a docxtpl sub-document in its styles; the PDF has a cover page, a running header and footer
and the same embedded DejaVu Sans fonts (a contract must be able to print any name, so
sladoc embeds a Unicode font; the built-in Helvetica would skip that work).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FONTS = ROOT / "sladoc" / "data" / "fonts"

# --- Markdown, just enough of it: what sladoc's Markdown writer produces ---------------------

_ESCAPE = re.compile(r"\\(.)")


def _plain(text: str) -> str:
    """Inline Markdown to text: escapes undone, emphasis markers dropped."""
    text = text.replace("**", "").replace("<br>", "\n")
    if text.startswith("*") and text.endswith("*") and len(text) > 1:
        text = text[1:-1]
    return _ESCAPE.sub(r"\1", text)


def parse(markdown: str) -> tuple[dict[str, str], list[tuple]]:
    """(cover, blocks): blocks are ("h", level, text), ("p", text), ("ul"|"ol", items) and
    ("table", header, rows)."""
    lines = markdown.splitlines()
    cover = {"title": "", "subtitle": "", "meta": ""}
    blocks: list[tuple] = []
    index = 0
    # the cover: "# title", "*subtitle*", "Version ... · ... · date", "---"
    while index < len(lines) and lines[index].strip() != "---":
        line = lines[index].strip()
        if line.startswith("# "):
            cover["title"] = _plain(line[2:])
        elif line.startswith("*"):
            cover["subtitle"] = _plain(line)
        elif line:
            cover["meta"] = _plain(line)
        index += 1
    index += 1
    paragraph: list[str] = []

    def flush() -> None:
        if paragraph:
            blocks.append(("p", _plain(" ".join(paragraph))))
            paragraph.clear()

    while index < len(lines):
        line = lines[index].rstrip()
        if not line.strip():
            flush()
        elif line.startswith("#"):
            flush()
            level = len(line) - len(line.lstrip("#"))
            blocks.append(("h", level - 1, _plain(line[level:].strip())))
        elif line.startswith("|"):
            flush()
            table = []
            while index < len(lines) and lines[index].startswith("|"):
                cells = [c.strip() for c in re.split(r"(?<!\\)\|", lines[index].strip())[1:-1]]
                if not all(set(c) <= set("-: ") for c in cells):
                    table.append([_plain(c) for c in cells])
                index += 1
            blocks.append(("table", table[0], table[1:]))
            continue
        elif re.match(r"(- |\d+\. )", line):
            flush()
            kind = "ul" if line.startswith("- ") else "ol"
            items = []
            while index < len(lines) and re.match(r"(- |\d+\. )", lines[index]):
                items.append(_plain(lines[index].split(" ", 1)[1]))
                index += 1
            blocks.append((kind, items))
            continue
        else:
            paragraph.append(line.strip())
        index += 1
    flush()
    return cover, blocks


# --- DOCX: docxtpl, with the body as a sub-document ------------------------------------------


def write_docx(cover: dict[str, str], blocks: list[tuple], template: Path, out: Path) -> None:
    from docxtpl import DocxTemplate

    document = DocxTemplate(str(template))
    version, status, date = ([*cover["meta"].split(" · "), "", "", ""])[:3]
    document.render(
        {
            "title": cover["title"],
            "subtitle": cover["subtitle"],
            "version": version.removeprefix("Version "),
            "version_label": "Version",
            "status_label": status,
            "date": date,
            "draft": status.lower() == "draft",
            "draft_label": "DRAFT",
            "page_label": "Page",
            "of_label": "of",
            # {{p body}} stands for a whole paragraph: its value is WordprocessingML
            "body": f"<w:p><w:r><w:t>{_MARKER}</w:t></w:r></w:p>",
        }
    )
    # The body is added with python-docx at the end, then moved to where {{p body}} was
    # (docxtpl's own sub-documents need docxcompose, which sladoc does not install).
    word = document.docx
    elements = word.element.body
    start = len(elements) - 1  # python-docx adds before the final section properties
    for block in blocks:
        if block[0] == "h":
            word.add_paragraph(block[2], style=f"Heading {min(block[1], 3)}")
        elif block[0] == "p":
            word.add_paragraph(block[1], style="Body Text")
        elif block[0] in ("ul", "ol"):
            style = "List Bullet" if block[0] == "ul" else "List Number"
            for item in block[1]:
                word.add_paragraph(item, style=style)
        else:
            _, header, rows = block
            table = word.add_table(rows=1 + len(rows), cols=len(header))
            table.style = "SLA Table"
            for row, texts in zip(table.rows, [header, *rows], strict=True):
                for cell, text in zip(row.cells, texts, strict=False):
                    cell.text = text
    marker = next(p for p in word.paragraphs if p.text == _MARKER)._p
    for element in list(elements)[start:-1]:
        marker.addprevious(element)
    marker.getparent().remove(marker)
    document.save(str(out))


_MARKER = "BARE-LIBRARIES-BODY"


# --- PDF: reportlab platypus -------------------------------------------------------------------


def write_pdf(cover: dict[str, str], blocks: list[tuple], out: Path) -> None:
    from xml.sax.saxutils import escape

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.platypus import (
        ListFlowable,
        PageBreak,
        Paragraph,
        SimpleDocTemplate,
        Spacer,
        Table,
        TableStyle,
    )

    if "DejaVuSans" not in pdfmetrics.getRegisteredFontNames():  # once a process
        for name in (
            "DejaVuSans",
            "DejaVuSans-Bold",
            "DejaVuSans-Oblique",
            "DejaVuSans-BoldOblique",
        ):
            pdfmetrics.registerFont(TTFont(name, str(FONTS / f"{name}.ttf")))
        pdfmetrics.registerFontFamily(
            "DejaVuSans",
            normal="DejaVuSans",
            bold="DejaVuSans-Bold",
            italic="DejaVuSans-Oblique",
            boldItalic="DejaVuSans-BoldOblique",
        )
    body = ParagraphStyle("body", fontName="DejaVuSans", fontSize=10, leading=14, spaceAfter=6)
    cell = ParagraphStyle("cell", parent=body, fontSize=9, leading=12, spaceAfter=0)
    head = ParagraphStyle("head", parent=cell, fontName="DejaVuSans-Bold", textColor=colors.white)
    headings = {
        level: ParagraphStyle(
            f"h{level}",
            parent=body,
            fontName="DejaVuSans-Bold",
            fontSize=size,
            leading=size * 1.3,
            spaceBefore=10,
            keepWithNext=1,
        )
        for level, size in ((1, 16), (2, 13), (3, 11))
    }
    title = ParagraphStyle(
        "title",
        parent=body,
        fontName="DejaVuSans-Bold",
        fontSize=26,
        leading=32,
        spaceBefore=80 * mm,
    )

    story = [
        Paragraph(escape(cover["title"]), title),
        Paragraph(escape(cover["subtitle"]), headings[2]),
        Paragraph(escape(cover["meta"]), body),
        PageBreak(),
    ]
    width = A4[0] - 40 * mm
    for block in blocks:
        if block[0] == "h":
            story.append(Paragraph(escape(block[2]), headings[min(block[1], 3)]))
        elif block[0] == "p":
            story.append(Paragraph(escape(block[1]), body))
        elif block[0] in ("ul", "ol"):
            story.append(
                ListFlowable(
                    [Paragraph(escape(item), body) for item in block[1]],
                    bulletType="bullet" if block[0] == "ul" else "1",
                    bulletFontName="DejaVuSans",
                )
            )
        else:
            _, header, rows = block
            data = [[Paragraph(escape(text).replace("\n", "<br/>"), head) for text in header]]
            data += [
                [Paragraph(escape(text).replace("\n", "<br/>"), cell) for text in row]
                for row in rows
            ]
            table = Table(data, colWidths=[width / len(header)] * len(header), repeatRows=1)
            table.setStyle(
                TableStyle(
                    [
                        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#1F3A5F")),
                        (
                            "ROWBACKGROUNDS",
                            (0, 1),
                            (-1, -1),
                            [colors.white, colors.HexColor("#F2F5F9")],
                        ),
                        ("LINEBELOW", (0, 0), (-1, -1), 0.5, colors.HexColor("#C8D0DA")),
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ]
                )
            )
            story += [table, Spacer(1, 6)]

    def furniture(canvas, document) -> None:
        if document.page == 1:
            return
        canvas.saveState()
        canvas.setFont("DejaVuSans", 8)
        canvas.drawString(20 * mm, A4[1] - 12 * mm, cover["title"])
        canvas.drawRightString(A4[0] - 20 * mm, 12 * mm, f"Page {document.page}")
        canvas.restoreState()

    document = SimpleDocTemplate(
        str(out),
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=22 * mm,
        bottomMargin=22 * mm,
        title=cover["title"],
        invariant=1,
    )
    document.build(story, onFirstPage=furniture, onLaterPages=furniture)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "markdown",
        type=Path,
        nargs="+",
        help="one contract, or several rendered one after another in this "
        "process (the libraries' cost per document once imported)",
    )
    parser.add_argument("out", type=Path)
    parser.add_argument(
        "--template", type=Path, default=ROOT / "templates" / "customer" / "reference.docx"
    )
    parser.add_argument("--format", default="docx,pdf")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    formats = args.format.split(",")
    for markdown in args.markdown:
        cover, blocks = parse(markdown.read_text(encoding="utf-8"))
        if "docx" in formats:
            write_docx(cover, blocks, args.template, args.out / f"{markdown.stem}.docx")
        if "pdf" in formats:
            write_pdf(cover, blocks, args.out / f"{markdown.stem}.pdf")
    return 0


if __name__ == "__main__":
    sys.exit(main())
