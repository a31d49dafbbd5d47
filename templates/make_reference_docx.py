"""Make the Word reference documents: templates/{internal,tiered,customer}/reference.docx.

Run from the repository root after changing the look:

    python -m templates.make_reference_docx

Each file is an ordinary Word document that a person can restyle in Word (Home > Styles,
Layout, Insert > Header); sladoc's DOCX writer takes every style from it by name. The three
share one look and differ in their accent colour. Output is byte-for-byte reproducible.

What the writer needs from a reference document:
- paragraph styles: Body Text, Lead, Note, Clause, Heading 1-3, List Bullet, List Number,
  Caption, Table Text, Table Heading, Column Label, Signature Party, Signature Stamp,
  Signature Line, Signature Name, Signature Detail; table styles: SLA Table, SLA Columns
  (odd rows shade the topic labels), SLA Signatures;
- clause numbering: Heading 1-3 linked to one multilevel list (1., 1.1, 1.1.1), so a
  heading added in Word is numbered and renumbers the ones after it (the writer sets the
  list's number formats for the document's language);
- one paragraph that is exactly ``{{p body }}``, where the contract's body goes;
- any of the variables title, subtitle, version, version_label, status_label, date, draft,
  draft_label, page_label, of_label, in the cover, headers and footers.
"""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass
from pathlib import Path

import docx
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, RGBColor

from sladoc.document.writers.docx import deterministic_zip

TEMPLATES_DIR = Path(__file__).resolve().parent

# Every template file carries this date, so regenerating an unchanged look changes no byte.
TEMPLATE_DATE = datetime.date(2024, 1, 1)

FONT = "Arial"  # on every Word installation; LibreOffice substitutes Liberation Sans
TEXT, MUTED, RULE, STRIPE = "1C2430", "5D6877", "C9D1DB", "F3F6F9"
PAGE_WIDTH_MM, MARGIN_MM = 210, 22
TEXT_WIDTH = Mm(PAGE_WIDTH_MM - 2 * MARGIN_MM)

# w:pPr children that must follow w:pBdr (the schema fixes their order; Word checks it).
_AFTER_BORDER = (
    "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
    "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
    "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
    "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
    "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange",
)  # fmt: skip


@dataclass(frozen=True)
class Accent:
    """The colours that tell the three kinds of agreement apart."""

    strong: str  # headings, title, table header background
    light: str  # the label rows of side-by-side blocks


ACCENTS = {
    "internal": Accent(strong="17645A", light="DFEEEA"),
    "tiered": Accent(strong="5A3E85", light="ECE6F3"),
    "customer": Accent(strong="1F4E79", light="E2E9F1"),
}


def main() -> None:
    for kind, accent in ACCENTS.items():
        target = TEMPLATES_DIR / kind / "reference.docx"
        target.parent.mkdir(exist_ok=True)
        target.write_bytes(make_reference_docx(accent))
        print(f"wrote {target.relative_to(TEMPLATES_DIR.parent)}")


def make_reference_docx(accent: Accent) -> bytes:
    document = docx.Document()
    _drop_thumbnail(document)
    _define_styles(document, accent)
    _define_clause_numbering(document)
    _write_cover_and_body(document)
    _write_headers_and_footers(document)
    core = document.core_properties
    core.author = "sladoc"
    core.last_modified_by = ""
    core.title = ""
    core.subject = ""
    core.comments = "sladoc reference document: restyle it in Word, keep its template fields."
    core.created = core.modified = datetime.datetime(2024, 1, 1)
    core.revision = 1
    out = io.BytesIO()
    document.save(out)
    return deterministic_zip(out.getvalue(), TEMPLATE_DATE)


def _drop_thumbnail(document: docx.document.Document) -> None:
    # python-docx's default document carries a picture of some other page as its thumbnail.
    package = document.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype == RELATIONSHIP_TYPE.THUMBNAIL:
            del package.rels[rel_id]


# --- styles -----------------------------------------------------------------------------------


def _define_styles(document: docx.document.Document, accent: Accent) -> None:
    styles = document.styles
    _set_document_defaults(styles.element)
    _remove_theme_references(styles.element)

    def paragraph_style(name: str, based_on: str = "Normal"):
        try:
            style = styles[name]
        except KeyError:
            style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = styles[based_on]
            style.quick_style = True
        return style

    def look(
        style,
        size: float | None = None,
        colour: str | None = None,
        bold: bool | None = None,
        before: float | None = None,
        after: float | None = None,
        keep_with_next: bool | None = None,
    ) -> None:
        if size is not None:
            style.font.size = Pt(size)
        if colour is not None:
            style.font.color.rgb = RGBColor.from_string(colour)
        if bold is not None:
            style.font.bold = bold
        if before is not None:
            style.paragraph_format.space_before = Pt(before)
        if after is not None:
            style.paragraph_format.space_after = Pt(after)
        if keep_with_next is not None:
            style.paragraph_format.keep_with_next = keep_with_next

    look(paragraph_style("Body Text"), after=6)

    title = paragraph_style("Title")
    look(title, size=26, colour=accent.strong, bold=True, before=150, after=10)
    title.font.italic = False
    _set_border(title, "bottom", accent.strong, eighths_of_point=12, space=8)
    _remove_letter_spacing(title)
    subtitle = paragraph_style("Subtitle")
    numbering = subtitle.element.pPr.find(qn("w:numPr"))  # the default template's oddity
    if numbering is not None:
        subtitle.element.pPr.remove(numbering)
    look(subtitle, size=13, colour=MUTED, before=6, after=24)
    subtitle.font.italic = False
    _remove_letter_spacing(subtitle)
    look(paragraph_style("Cover Meta"), size=9.5, colour=TEXT, after=2)

    for level, (size, colour, before, after) in enumerate(
        [(15, accent.strong, 18, 6), (12, accent.strong, 12, 4), (10.5, TEXT, 9, 3)], start=1
    ):
        heading = paragraph_style(f"Heading {level}")
        look(heading, size=size, colour=colour, bold=True, before=before, after=after)
        heading.font.italic = False
        heading.paragraph_format.keep_with_next = True
        heading.paragraph_format.keep_together = True

    look(paragraph_style("Lead", "Body Text"), size=11.5, colour=accent.strong, after=9)
    look(paragraph_style("Note", "Body Text"), size=8, colour=MUTED, after=6)
    # The author's clauses read like every other paragraph: ragged right, no indent.
    paragraph_style("Clause", "Body Text")
    # Lists keep "no space between paragraphs of the same style": items stay together and
    # the space comes after the last item.
    look(paragraph_style("List Bullet"), after=6)
    look(paragraph_style("List Number"), after=6)
    look(paragraph_style("Caption"), size=8.5, colour=MUTED, bold=True, before=4, after=3)
    paragraph_style("Caption").paragraph_format.keep_with_next = True

    table_text = paragraph_style("Table Text")
    look(table_text, size=9, before=0, after=0)
    table_text.paragraph_format.line_spacing = 1.0
    look(paragraph_style("Table Heading", "Table Text"), colour="FFFFFF", bold=True)
    paragraph_style("Table Heading").paragraph_format.keep_with_next = True
    look(paragraph_style("Column Label", "Table Text"), colour=accent.strong, bold=True)
    paragraph_style("Column Label").paragraph_format.keep_with_next = True

    look(paragraph_style("Signature Party"), bold=True, after=0, keep_with_next=True)
    # The box for the stamp duty (Indonesian agreements: meterai), the signature to go
    # across it: 30 mm wide (the writer indents it from the right of its cell).
    stamp = paragraph_style("Signature Stamp")
    look(stamp, size=8, colour=MUTED, before=10, after=0, keep_with_next=True)
    stamp.paragraph_format.alignment = 1  # centred
    stamp.paragraph_format.line_spacing = Pt(20.4)
    for edge in ("top", "left", "bottom", "right"):
        _set_border(stamp, edge, MUTED, eighths_of_point=4, space=0, replace=False)
    # The line to sign on: its label ("By:") above a bottom border, the space to sign in
    # above it.
    signature_line = paragraph_style("Signature Line")
    look(signature_line, size=8, colour=MUTED, before=26, after=3, keep_with_next=True)
    signature_line.paragraph_format.line_spacing = 1.0
    _set_border(signature_line, "bottom", TEXT, eighths_of_point=5, space=1)
    look(paragraph_style("Signature Name"), after=0, keep_with_next=True)
    look(paragraph_style("Signature Detail"), size=8, colour=MUTED, after=0, keep_with_next=True)

    for name, edge in (("Header", "bottom"), ("Footer", "top")):
        furniture = paragraph_style(name)
        look(furniture, size=7.5, colour=MUTED)
        furniture.paragraph_format.tab_stops.clear_all()
        furniture.paragraph_format.tab_stops.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT)
        _set_border(furniture, edge, RULE, eighths_of_point=4, space=4)

    for xml in _table_styles(accent):
        styles.element.append(parse_xml(xml))


def _set_document_defaults(styles_element) -> None:
    """Font, size, colour and spacing every style inherits."""
    defaults = styles_element.find(qn("w:docDefaults"))
    run = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    fonts = run.find(qn("w:rFonts"))
    for attribute in list(fonts.attrib):
        del fonts.attrib[attribute]
    for script in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(script), FONT)
    run.find(qn("w:sz")).set(qn("w:val"), "20")
    run.find(qn("w:szCs")).set(qn("w:val"), "20")
    fonts.addnext(parse_xml(f'<w:color {nsdecls("w")} w:val="{TEXT}"/>'))
    spacing = defaults.find(f"{qn('w:pPrDefault')}/{qn('w:pPr')}/{qn('w:spacing')}")
    spacing.set(qn("w:after"), "120")
    spacing.set(qn("w:line"), "264")


def _remove_theme_references(styles_element) -> None:
    # Theme fonts and colours would override the explicit ones set here; explicit values
    # are also what LibreOffice shows.
    theme_attributes = [
        qn(name)
        for name in (
            "w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme",
            "w:themeColor", "w:themeShade", "w:themeTint",
        )
    ]  # fmt: skip
    for element in styles_element.iter(qn("w:rFonts"), qn("w:color"), qn("w:bottom")):
        for attribute in theme_attributes:
            element.attrib.pop(attribute, None)


def _remove_letter_spacing(style) -> None:
    # The default Title and Subtitle spread their letters apart, which reads as a typo.
    run_properties = style.element.rPr
    for spread in (qn("w:spacing"), qn("w:kern")):
        element = run_properties.find(spread)
        if element is not None:
            run_properties.remove(element)


def _set_border(
    style, edge: str, colour: str, eighths_of_point: int, space: int, replace: bool = True
) -> None:
    """A border on ``edge``: the only one (``replace``), or added to the style's others
    (added in the schema's order: top, left, bottom, right)."""
    properties = style.element.get_or_add_pPr()
    line = (
        f'<w:{edge} {nsdecls("w")} w:val="single" w:sz="{eighths_of_point}" '
        f'w:space="{space}" w:color="{colour}"/>'
    )
    existing = properties.find(qn("w:pBdr"))
    if existing is not None and not replace:
        existing.append(parse_xml(line))
        return
    if existing is not None:
        properties.remove(existing)
    border = parse_xml(f"<w:pBdr {nsdecls('w')}></w:pBdr>")
    border.append(parse_xml(line))
    properties.insert_element_before(border, *_AFTER_BORDER)


CLAUSE_LEVELS = ("%1.", "%1.%2", "%1.%2.%3")
"""The clause numbers of Heading 1-3 (English; the writer sets the document's own)."""


def _define_clause_numbering(document: docx.document.Document) -> None:
    """One multilevel list for the headings: each level restarts after the level above,
    its number flush left and followed by a space, as the PDF draws it."""
    numbering = document.part.numbering_part.element
    abstract_ids = [int(a.get(qn("w:abstractNumId"))) for a in numbering.iter(qn("w:abstractNum"))]
    num_ids = [int(n.get(qn("w:numId"))) for n in numbering.iter(qn("w:num"))]
    abstract_id, num_id = max(abstract_ids, default=-1) + 1, max(num_ids, default=0) + 1
    levels = "".join(
        f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="decimal"/>'
        f'<w:pStyle w:val="Heading{level + 1}"/><w:suff w:val="space"/>'
        f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
        '<w:pPr><w:ind w:left="0" w:firstLine="0"/></w:pPr></w:lvl>'
        for level, text in enumerate(CLAUSE_LEVELS)
    )
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
        '<w:multiLevelType w:val="multilevel"/><w:name w:val="sladoc clauses"/>'
        f"{levels}</w:abstractNum>"
    )
    existing = list(numbering.iter(qn("w:abstractNum")))
    if existing:
        existing[-1].addnext(abstract)
    else:
        numbering.insert(0, abstract)
    numbering.append(
        parse_xml(
            f'<w:num {nsdecls("w")} w:numId="{num_id}">'
            f'<w:abstractNumId w:val="{abstract_id}"/></w:num>'
        )
    )
    for level in range(len(CLAUSE_LEVELS)):
        properties = document.styles[f"Heading {level + 1}"].element.get_or_add_pPr()
        numbered = properties.get_or_add_numPr()
        numbered.get_or_add_ilvl().val = level
        numbered.get_or_add_numId().val = num_id


def _table_styles(accent: Accent) -> list[str]:
    margins = (
        '<w:tblCellMar><w:top w:w="57" w:type="dxa"/><w:left w:w="85" w:type="dxa"/>'
        '<w:bottom w:w="57" w:type="dxa"/><w:right w:w="85" w:type="dxa"/></w:tblCellMar>'
    )
    rule = f'w:val="single" w:sz="4" w:space="0" w:color="{RULE}"'
    header = (
        '<w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:color w:val="FFFFFF"/></w:rPr>'
        f'<w:tblPr/><w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{accent.strong}"/>'
        "</w:tcPr></w:tblStylePr>"
    )

    def shaded_band(band: str, fill: str) -> str:
        return (
            f'<w:tblStylePr w:type="{band}"><w:tblPr/><w:tcPr>'
            f'<w:shd w:val="clear" w:color="auto" w:fill="{fill}"/></w:tcPr></w:tblStylePr>'
        )

    def table_style(name: str, style_id: str, borders: str, conditional: str) -> str:
        return (
            f'<w:style {nsdecls("w")} w:type="table" w:customStyle="1" w:styleId="{style_id}">'
            f'<w:name w:val="{name}"/><w:basedOn w:val="TableNormal"/>'
            '<w:uiPriority w:val="40"/><w:qFormat/>'
            '<w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
            '<w:tblPr><w:tblStyleRowBandSize w:val="1"/>'
            f"<w:tblBorders>{borders}</w:tblBorders>{margins}</w:tblPr>{conditional}</w:style>"
        )

    horizontal = f"<w:top {rule}/><w:bottom {rule}/><w:insideH {rule}/>"
    return [
        table_style("SLA Table", "SLATable", horizontal, header + shaded_band("band2Horz", STRIPE)),
        table_style(
            "SLA Columns",
            "SLAColumns",
            horizontal + f"<w:insideV {rule}/>",
            header + shaded_band("band1Horz", accent.light),
        ),
        table_style("SLA Signatures", "SLASignatures", "", ""),
    ]


# --- content ----------------------------------------------------------------------------------


def _write_cover_and_body(document: docx.document.Document) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Mm(PAGE_WIDTH_MM), Mm(297)
    section.left_margin = section.right_margin = Mm(MARGIN_MM)
    section.top_margin, section.bottom_margin = Mm(26), Mm(24)
    section.header_distance, section.footer_distance = Mm(11), Mm(10)

    document.add_paragraph("{{ title }}", style="Title")
    document.add_paragraph("{{ subtitle }}", style="Subtitle")
    document.add_paragraph(
        "{{ version_label }} {{ version }} · {{ status_label }} · {{ date }}", style="Cover Meta"
    )
    # The cover is a section of its own: its header and footer hold no title or page number.
    document.add_section(WD_SECTION.NEW_PAGE)
    document.add_paragraph("{{p body }}", style="Body Text")


_VML_NAMESPACES = (
    'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"'
)


def _watermark_runs(paragraph, shape_number: int) -> None:
    """Word's own draft watermark: a VML text shape in the header, so it shows on every
    page; docxtpl keeps it only when ``draft`` is true."""
    paragraph.add_run("{%r if draft %}")
    paragraph._p.append(
        parse_xml(
            f"<w:r {nsdecls('w')} {_VML_NAMESPACES}><w:rPr><w:noProof/></w:rPr><w:pict>"
            '<v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800"'
            ' path="m@7,l@8,m@5,21600l@6,21600e"><v:formulas>'
            '<v:f eqn="sum #0 0 10800"/><v:f eqn="prod #0 2 1"/><v:f eqn="sum 21600 0 @1"/>'
            '<v:f eqn="sum 0 0 @2"/><v:f eqn="sum 21600 0 @3"/><v:f eqn="if @0 @3 0"/>'
            '<v:f eqn="if @0 21600 @1"/><v:f eqn="if @0 0 @2"/><v:f eqn="if @0 @4 21600"/>'
            '<v:f eqn="mid @5 @6"/><v:f eqn="mid @8 @5"/><v:f eqn="mid @7 @8"/>'
            '<v:f eqn="mid @6 @7"/><v:f eqn="sum @6 0 @5"/></v:formulas>'
            '<v:path textpathok="t" o:connecttype="custom"'
            ' o:connectlocs="@9,0;@10,10800;@11,21600;@12,10800" o:connectangles="270,180,90,0"/>'
            '<v:textpath on="t" fitshape="t"/>'
            '<v:handles><v:h position="#0,bottomRight" xrange="6629,14971"/></v:handles>'
            '<o:lock v:ext="edit" text="t" shapetype="t"/></v:shapetype>'
            f'<v:shape id="PowerPlusWaterMarkObject{shape_number}"'
            f' o:spid="_x0000_s{2048 + shape_number}" type="#_x0000_t136"'
            ' style="position:absolute;margin-left:0;margin-top:0;width:430pt;height:120pt;'
            "rotation:315;z-index:-251657216;mso-position-horizontal:center;"
            "mso-position-horizontal-relative:margin;mso-position-vertical:center;"
            'mso-position-vertical-relative:margin" o:allowincell="f" fillcolor="#d9d9d9"'
            ' stroked="f"><v:fill opacity=".6"/>'
            f'<v:textpath style="font-family:&quot;{FONT}&quot;;font-size:1pt;font-weight:bold"'
            ' string="{{ draft_label }}"/></v:shape></w:pict></w:r>'
        )
    )
    paragraph.add_run("{%r endif %}")


def _add_field(paragraph, instruction: str) -> None:
    """A field Word computes when it lays out the page (PAGE, NUMPAGES)."""
    for xml in (
        '<w:fldChar w:fldCharType="begin"/>',
        f'<w:instrText xml:space="preserve"> {instruction} </w:instrText>',
        '<w:fldChar w:fldCharType="separate"/>',
        "<w:t>1</w:t>",
        '<w:fldChar w:fldCharType="end"/>',
    ):
        paragraph._p.append(parse_xml(f"<w:r {nsdecls('w')}>{xml}</w:r>"))


def _write_headers_and_footers(document: docx.document.Document) -> None:
    cover, body = document.sections
    cover_header = cover.header.paragraphs[0]
    cover_header.style = document.styles["No Spacing"]
    _watermark_runs(cover_header, 1)
    cover.footer.paragraphs[0].style = document.styles["No Spacing"]

    body.header.is_linked_to_previous = False
    body.footer.is_linked_to_previous = False
    header = body.header.paragraphs[0]
    header.style = document.styles["Header"]
    _watermark_runs(header, 2)
    header.add_run("{{ title }}")

    footer = body.footer.paragraphs[0]
    footer.style = document.styles["Footer"]
    footer.add_run("{{ version_label }} {{ version }} · {{ status_label }}\t{{ page_label }} ")
    _add_field(footer, "PAGE")
    footer.add_run(" {{ of_label }} ")
    _add_field(footer, "NUMPAGES")


if __name__ == "__main__":
    main()
