"""python-docx's default template, made into the policy's: the page, colours and face of the PDF.

The template is US Letter, draws Heading 2, Heading 3 and Caption in accent1 #4F81BD (4.03:1
on white, below WCAG 2.2 SC 1.4.3's 4.5:1) and sets headings in the theme's Calibri and
Cambria beside Noto Sans body text. Here the page becomes A4 with the PDF's margins
(templates/html/policy.css), every style colour one of the PDF's text colours, every font
Noto Sans (theme fonts too, so a heading Word re-creates from its latent styles matches),
and the theme's accents dark enough to be text. Table styles other than Table Grid go: they
are unused, and their colours are meant for shaded cells.
"""

from __future__ import annotations

from typing import Any

from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from lxml import etree

FONT = "Noto Sans"
TEXT = "0B0C0C"  # the PDF's --text, 19.6:1 on white
MUTED = "484949"  # the PDF's --muted, 9.0:1
LINK = "1D70B8"  # the PDF's --link, 5.2:1
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"

# A4, with the PDF's @page margins 20mm 18mm 22mm, in twentieths of a point.
PAGE = {"w": 11906, "h": 16838}
MARGINS = {"top": 1134, "right": 1021, "bottom": 1247, "left": 1021, "header": 709,
           "footer": 567, "gutter": 0}
TEXT_WIDTH = PAGE["w"] - MARGINS["left"] - MARGINS["right"]

# Styles whose colour is not the text colour; every other coloured style takes TEXT.
STYLE_COLOURS = {"SubtleEmphasis": MUTED, "IntenseEmphasis": LINK, "IntenseQuote": LINK,
                 "IntenseQuoteChar": LINK, "Hyperlink": LINK}
# Sizes in half-points, near the PDF's print sizes (h1 24pt, h2 1.5rem, h3 1.2rem of 10.5pt).
HEADING_SIZES = {"Heading1": 48, "Heading1Char": 48, "Heading2": 32, "Heading2Char": 32,
                 "Heading3": 26, "Heading3Char": 26}
# Theme slots that fail 4.5:1 as text, darkened in the same hue (accent2 and accent4 pass).
THEME_COLOURS = {"accent1": LINK, "accent3": "4E7A27", "accent5": "287D8E",
                 "accent6": "B35900", "hlink": LINK}
KEPT_TABLE_STYLES = {"TableNormal", "TableGrid"}

# The contents' entries wrap this far short of the margin, and their tab stop is at the
# margin (Word and LibreOffice both take a tab past the right indent): a title that nearly
# fills its line still has dots before its page number, never "isolation.5". 1 cm holds a
# three-digit number in 11 pt and two dots of leader.
CONTENTS_NUMBER_ROOM = 567

NEW_STYLES = f"""<w:styles xmlns:w="{W_NS}">
<w:style w:type="character" w:styleId="Hyperlink"><w:name w:val="Hyperlink"/>
<w:basedOn w:val="DefaultParagraphFont"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/>
<w:rPr><w:color w:val="{LINK}"/><w:u w:val="single"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="TOC1"><w:name w:val="toc 1"/><w:basedOn w:val="Normal"/>
<w:next w:val="Normal"/><w:uiPriority w:val="39"/><w:unhideWhenUsed/>
<w:pPr><w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{TEXT_WIDTH}"/></w:tabs>
<w:spacing w:before="120" w:after="40"/><w:ind w:right="{CONTENTS_NUMBER_ROOM}"/></w:pPr></w:style>
<w:style w:type="paragraph" w:styleId="TOC2"><w:name w:val="toc 2"/><w:basedOn w:val="Normal"/>
<w:next w:val="Normal"/><w:uiPriority w:val="39"/><w:unhideWhenUsed/>
<w:pPr><w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{TEXT_WIDTH}"/></w:tabs>
<w:spacing w:after="40"/><w:ind w:left="400" w:right="{CONTENTS_NUMBER_ROOM}"/></w:pPr>
</w:style>
<w:style w:type="paragraph" w:styleId="TableText"><w:name w:val="Table Text"/>
<w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:before="20" w:after="20" w:line="240"
 w:lineRule="auto"/></w:pPr><w:rPr><w:sz w:val="18"/><w:szCs w:val="18"/></w:rPr></w:style>
</w:styles>"""
FONT_ENTRY = f"""<w:font xmlns:w="{W_NS}" w:name="{FONT}"><w:altName w:val="Arial"/>
<w:panose1 w:val="020B0502040504020204"/><w:charset w:val="00"/><w:family w:val="swiss"/>
<w:pitch w:val="variable"/></w:font>"""


def prepare_template(document: Any) -> None:
    """Turn python-docx's default template into the policy's, in place."""
    _set_page(document.sections[0]._sectPr)
    _drop_styles_with_effects(document.part)
    styles = document.styles.element
    _drop_table_styles(styles)
    present = {style.get(qn("w:styleId")) for style in styles.iter(qn("w:style"))}
    for style in parse_xml(NEW_STYLES):
        if style.get(qn("w:styleId")) not in present:
            styles.append(style)
    for style in styles.iter(qn("w:style")):
        _restyle(style)
    theme = document.part.part_related_by(RELATIONSHIP_TYPE.THEME)
    theme._blob = _retheme(theme.blob)
    font_table = document.part.part_related_by(RELATIONSHIP_TYPE.FONT_TABLE)
    font_table._blob = _add_font(font_table.blob)
    _update_fields_on_open(document.settings.element)


def _update_fields_on_open(settings: Any) -> None:
    """Ask Word to work out every field again on opening (ISO/IEC 29500-1, 17.15.1.90): the
    contents' page numbers, which the file can only estimate. Word asks the reader first;
    LibreOffice ignores the setting, but works out a PAGEREF field's page as it lays out the
    pages. The element goes before w:compat, where the schema's sequence puts it."""
    update = parse_xml(f'<w:updateFields xmlns:w="{W_NS}" w:val="true"/>')
    settings.find(qn("w:compat")).addprevious(update)


def _set_page(section: Any) -> None:
    size = section.find(qn("w:pgSz"))
    margins = section.find(qn("w:pgMar"))
    for name, value in PAGE.items():
        size.set(qn(f"w:{name}"), str(value))
    for name, value in MARGINS.items():
        margins.set(qn(f"w:{name}"), str(value))


def _drop_styles_with_effects(part: Any) -> None:
    """Word 2010 reads stylesWithEffects.xml, a second copy of every style; keep one copy."""
    for rel_id, rel in list(part.rels.items()):
        if rel.reltype == STYLES_WITH_EFFECTS:
            part.drop_rel(rel_id)


def _drop_table_styles(styles: Any) -> None:
    for style in list(styles.iter(qn("w:style"))):
        if (style.get(qn("w:type")) == "table"
                and style.get(qn("w:styleId")) not in KEPT_TABLE_STYLES):
            styles.remove(style)


def _restyle(style: Any) -> None:
    """One of the PDF's colours, with no theme link (the theme would win); Noto Sans."""
    style_id = style.get(qn("w:styleId"))
    if style_id == "Caption":  # a caption never ends a page without its table
        _keep_with_next(style)
    properties = style.find(qn("w:rPr"))
    if properties is None:
        return
    colour = properties.find(qn("w:color"))
    if colour is not None:
        for attribute in ("w:themeColor", "w:themeShade", "w:themeTint"):
            colour.attrib.pop(qn(attribute), None)
        colour.set(qn("w:val"), STYLE_COLOURS.get(style_id, TEXT))
    fonts = properties.find(qn("w:rFonts"))
    if fonts is not None and fonts.get(qn("w:asciiTheme")):
        for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(attribute), None)
        for attribute in ("w:ascii", "w:hAnsi", "w:cs"):
            fonts.set(qn(attribute), FONT)
    if style_id in HEADING_SIZES:
        _set_size(properties, HEADING_SIZES[style_id])


def _keep_with_next(style: Any) -> None:
    paragraph = style.find(qn("w:pPr"))
    if paragraph is None:
        paragraph = parse_xml(f'<w:pPr xmlns:w="{W_NS}"/>')
        style.find(qn("w:rPr")).addprevious(paragraph)
    if paragraph.find(qn("w:keepNext")) is None:
        paragraph.insert(0, parse_xml(f'<w:keepNext xmlns:w="{W_NS}"/>'))


def _set_size(properties: Any, half_points: int) -> None:
    for name in ("w:sz", "w:szCs"):
        size = properties.find(qn(name))
        if size is None:
            size = parse_xml(f'<{name} xmlns:w="{W_NS}"/>')
            properties.append(size)
        size.set(qn("w:val"), str(half_points))


def _retheme(blob: bytes) -> bytes:
    """Theme fonts Noto Sans, theme accents that pass 4.5:1 as text."""
    theme = etree.fromstring(blob)
    for slot, rgb in THEME_COLOURS.items():
        colour = theme.find(f".//{A}clrScheme/{A}{slot}/{A}srgbClr")
        if colour is not None:
            colour.set("val", rgb)
    for latin in theme.iterfind(f".//{A}fontScheme/*/{A}latin"):
        latin.set("typeface", FONT)
    return bytes(etree.tostring(theme, xml_declaration=True, encoding="UTF-8",
                                standalone=True))


def _add_font(blob: bytes) -> bytes:
    """Name Noto Sans in the font table, so Word substitutes a sans serif (Arial) for it."""
    table = etree.fromstring(blob)
    table.insert(0, etree.fromstring(FONT_ENTRY))
    return bytes(etree.tostring(table, xml_declaration=True, encoding="UTF-8",
                                standalone=True))
