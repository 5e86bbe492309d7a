"""Stage 5c: render the policy as an accessible DOCX from the same document model.

What Word's Accessibility Checker and screen readers need (shared/accessibility.md): core
properties that describe this policy (never the template's), the document language in
w:lang, built-in Heading styles with no skipped level, alt text on every image, header rows
on every table, real hyperlinks, and a contents list. python-docx stamps the current time
into the zip, so the package is written here with fixed times to stay byte-identical.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import zipfile
from collections.abc import Iterable
from functools import cache
from importlib import metadata
from pathlib import Path, PurePosixPath
from typing import Any
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.opc.spec import default_content_types
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from generator.memo import file_sha256, remembered
from generator.model import Block, Inlines, ItemList, Link, Paragraph, Policy, Table, Twin
from generator.policy import edition_name, is_departure, long_date, section_note
from generator.render.docx_contents import Bookmarks, contents_xml
from generator.render.docx_tables import table_xml
from generator.render.docx_template import FONT, prepare_template
from generator.render.docx_xml import LINK_RUN, escaped_attribute, run_xml, style_xml
from generator.render.import_without_compiler import import_renderer, library_file
from generator.render.pdf import provenance

MUTED_COLOUR = RGBColor(0x48, 0x49, 0x49)


def render_docx(policy: Policy) -> bytes:
    """The policy as DOCX bytes."""
    document = new_document()
    set_language(document, policy.meta.language)
    _set_properties(document, policy)
    _set_custom_properties(document, provenance(policy))
    writer = _Writer(document, policy)
    writer.write()
    return save_docx(document, policy.meta.effective)


def new_document() -> Any:
    """An empty DOCX on the policy's template: A4, Noto Sans, every colour at least 4.5:1
    (the reviewers' redline uses it too)."""
    document = Document()
    prepare_template(document)
    return document


W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


class _Writer:
    """Writes the body as WordprocessingML text, parsed once into the document.

    python-docx's object layer costs a wrapper object and a schema-ordered insert for every
    element; building the XML as text is several times faster for the same result. Every
    piece of text goes through docx_xml.escaped: profile text stays literal. The contents
    are docx_contents.py's, the tables docx_tables.py's.
    """

    def __init__(self, document: Any, policy: Policy) -> None:
        self.doc = document
        self.policy = policy
        self.bookmarks = Bookmarks()
        self.xml: list[str] = []

    def write(self) -> None:
        meta, w = self.policy.meta, self.policy.words
        if self.policy.logo:
            self.logo()
        self.languages(meta.twins)  # at the head of the cover, as GOV.UK puts it on a page
        self.heading(meta.title, 1, "top")
        if meta.notice:
            self.note(meta.notice, bold=True)
        if meta.department not in meta.title:  # the department's name once on the cover
            self.note(meta.department, bold=True)
        self.note(w("Version {version}, last updated {updated}. Takes effect {effective}. "
                    "Review by {review_by}.", version=meta.version,
                    updated=long_date(meta.last_updated, w),
                    effective=long_date(meta.effective, w),
                    review_by=long_date(meta.review_by, w)))
        self.note(w("Derived from the Cabinet Office guidance {edition}.",
                    edition=edition_name(meta.edition_title, meta.edition_published, w)))
        self.contents()
        for index, part in enumerate(self.policy.parts):
            # Page breaks where the PDF has them: after the contents, before each part of
            # the base.
            self.heading(part.title, 2, part.id, new_page=index == 0 or part.new_page)
            self.blocks(part.intro)
            for section in part.sections:
                self.heading(section.title, 3, section.id)
                self.marker(section_note(section, meta.short_name, meta.edition, w),
                            is_departure(section))
                self.blocks(section.blocks)
        self.flush()
        self.footer()
        if meta.classification:
            self.marking(meta.classification)

    def flush(self) -> None:
        """Parse the written XML once and put it in the body, before its section settings."""
        wrapper = parse_xml(f'<w:body xmlns:w="{W_NS}" xmlns:r="{R_NS}">'
                            + "".join(self.xml) + "</w:body>")
        body = self.doc.element.body
        settings = body.find(qn("w:sectPr"))
        for element in list(wrapper):
            settings.addprevious(element)
        self.xml = []

    # --- headings and contents ---------------------------------------------------------------

    def heading(self, text: str, level: int, anchor: str, *, new_page: bool = False) -> None:
        name = self.bookmarks.name(anchor)
        number = self.bookmarks.number(anchor)
        style = f'<w:pPr><w:pStyle w:val="Heading{level}"/>{"<w:pageBreakBefore/>" * new_page}' \
            "</w:pPr>"
        self.xml.append(
            f'<w:p>{style}<w:bookmarkStart w:id="{number}" '
            f'w:name="{name}"/>{run_xml(text)}<w:bookmarkEnd w:id="{number}"/></w:p>')

    def contents(self) -> None:
        """The contents on a page of their own after the cover (docx_contents.py)."""
        self.heading(self.policy.words("Contents"), 2, "contents-heading", new_page=True)
        self.xml.append(contents_xml(self.policy, self.bookmarks))

    # --- blocks ------------------------------------------------------------------------------

    def blocks(self, blocks: Iterable[Block]) -> None:
        for block in blocks:
            if isinstance(block, Paragraph):
                self.xml.append(f"<w:p>{self.inlines(block.inlines)}</w:p>")
            elif isinstance(block, ItemList):
                self.item_list(block)
            elif isinstance(block, Table):
                self.xml.append(table_xml(block, self.inlines))

    def inlines(self, inlines: Inlines, bold: bool = False) -> str:
        parts = []
        for item in inlines:
            if isinstance(item, Link):
                parts.append(f"<w:hyperlink {self.target(item.href)}>"
                             f"{run_xml(item.text, LINK_RUN)}</w:hyperlink>")
            else:
                properties = ("<w:b/>" if bold or item.style == "strong" else "") + (
                    "<w:i/>" if item.style == "em" else "")
                parts.append(run_xml(item.text, f"<w:rPr>{properties}</w:rPr>" if properties
                                     else ""))
        return "".join(parts)

    def target(self, href: str) -> str:
        """A link's target as w:hyperlink's attribute: a reference to a section of the
        policy ("#contacts") goes to its heading's bookmark, as the contents' entries do;
        any other address is an external relationship."""
        if href.startswith("#"):
            return f'w:anchor="{self.bookmarks.name(href[1:])}"'
        rel = self.doc.part.relate_to(href, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
        return f'r:id="{rel}"'

    def item_list(self, block: ItemList) -> None:
        style = style_xml("ListNumber" if block.ordered else "ListBullet")
        for index, item in enumerate(block.items):
            if block.ordered and index == 0:
                # Start at 1, instead of carrying on from the previous numbered list.
                style = (f'<w:pPr><w:pStyle w:val="ListNumber"/><w:numPr><w:ilvl w:val="0"/>'
                         f'<w:numId w:val="{_restarted_numbering(self.doc)}"/></w:numPr>'
                         "</w:pPr>")
            self.xml.append(f"<w:p>{style}{self.inlines(item)}</w:p>")
            style = style_xml("ListNumber" if block.ordered else "ListBullet")

    # --- the rest ----------------------------------------------------------------------------

    def note(self, text: str, *, bold: bool = False, small: bool = False) -> None:
        properties = ("<w:b/>" if bold else "") + (
            f'<w:color w:val="{MUTED_COLOUR}"/><w:sz w:val="18"/>' if small else "")
        self.xml.append(f"<w:p>{run_xml(text, f'<w:rPr>{properties}</w:rPr>')}</w:p>")

    def marker(self, words: str, departure: bool) -> None:
        """A section's note on where its words come from; a departure's links to the
        register (as in the HTML)."""
        if not words:
            return
        muted = f'<w:rPr><w:color w:val="{MUTED_COLOUR}"/><w:sz w:val="18"/></w:rPr>'
        if not departure:
            self.xml.append(f"<w:p>{run_xml(words, muted)}</w:p>")
            return
        link = '<w:rPr><w:rStyle w:val="Hyperlink"/><w:sz w:val="18"/></w:rPr>'
        register = self.bookmarks.name("register")
        # No-break spaces: a link that wraps becomes two links in LibreOffice's PDF.
        text = self.policy.words("See the register of departures").replace(" ", "\u00a0")
        self.xml.append(
            f"<w:p>{run_xml(f'{words} ', muted)}<w:hyperlink w:anchor=\"{register}\">"
            f"{run_xml(text, link)}</w:hyperlink>{run_xml('.', muted)}"
            "</w:p>")

    def marking(self, classification: str) -> None:
        """The protective marking, centred at the top and foot of every page (Word treats a
        header's and footer's text as page furniture, not body text)."""
        section = self.doc.sections[0]
        for paragraph in (section.header.paragraphs[0], section.footer.add_paragraph()):
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            run = paragraph.add_run(classification)
            run.bold = True
            run.font.size = Pt(8.5)

    def logo(self) -> None:
        logo = self.policy.logo
        assert logo is not None
        data = logo.data
        if logo.media_type == "image/svg+xml":
            data = _svg_to_png(data)
        run = self.doc.add_paragraph().add_run()
        shape = run.add_picture(io.BytesIO(data), width=Mm(30))
        doc_pr = shape._inline.docPr
        # descr is the alt text Word and screen readers read. No title: LibreOffice joins
        # title and descr, so the same text in both is read out twice.
        doc_pr.set("descr", logo.alt)
        doc_pr.set("name", "Logo")

    def footer(self) -> None:
        """"Title, version 1.0. Page 3 of 12": the numbers are Word's PAGE and NUMPAGES
        fields, wherever the language puts them."""
        meta, w = self.policy.meta, self.policy.words
        paragraph = self.doc.sections[0].footer.paragraphs[0]
        pieces = re.split(r"(\{page\}|\{pages\})", w("Page {page} of {pages}", page="{page}",
                                                       pages="{pages}"))
        pieces[0] = w("{title}, version {version}.", title=meta.title,
                      version=meta.version) + " " + pieces[0]
        fields = {"{page}": "PAGE", "{pages}": "NUMPAGES"}
        for piece in pieces:
            if piece in fields:
                _field(paragraph, fields[piece])
            elif piece:
                paragraph.add_run(piece).font.size = Pt(8.5)

    def languages(self, twins: tuple[Twin, ...]) -> None:
        """The cover's link to the pack in each other language, named in that language's
        own words and tagged with it (w:lang), beside the DOCX (GOV.UK's language
        navigation: the twin's name, never a flag)."""
        for twin in twins:
            target = str(PurePosixPath(twin.policy).with_suffix(".docx"))
            rel = self.doc.part.relate_to(target, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
            lang = ('<w:rPr><w:rStyle w:val="Hyperlink"/>'
                    f'<w:lang w:val="{escaped_attribute(twin.language)}"/></w:rPr>')
            self.xml.append(f'<w:p><w:hyperlink r:id="{rel}">{run_xml(twin.name, lang)}'
                            "</w:hyperlink></w:p>")


def _field(paragraph: Any, instruction: str) -> None:
    for kind, text in (("begin", None), ("instr", instruction), ("separate", None),
                       ("value", "1"), ("end", None)):
        run = paragraph.add_run()
        run.font.size = Pt(8.5)
        if kind == "instr":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = f" {text} "
        elif kind == "value":
            run.text = text
            continue
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        run._r.append(element)


def _restarted_numbering(document: Any) -> int:
    """A numbering instance of the List Number style that starts again at 1."""
    numbering = document.part.numbering_part.numbering_definitions._numbering
    style_num = document.styles.element.get_by_id("ListNumber").pPr.numPr.numId.val
    abstract = numbering.num_having_numId(style_num).abstractNumId.val
    num = numbering.add_num(abstract)
    num.add_lvlOverride(ilvl=0).add_startOverride(1)
    return int(num.numId)


def set_language(document: Any, language: str) -> None:
    """w:lang in the default run properties (the template says en-US), and the font."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    run_properties = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = run_properties.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        run_properties.append(lang)
    for attribute in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(attribute), language)
    fonts = run_properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        run_properties.insert(0, fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attribute), FONT)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
        fonts.attrib.pop(qn(theme), None)


def _set_properties(document: Any, policy: Policy) -> None:
    meta, w = policy.meta, policy.words
    properties = document.core_properties
    moment = dt.datetime.combine(meta.effective, dt.time(), tzinfo=dt.UTC)
    properties.title = meta.title
    properties.subject = w("Social media policy")
    properties.author = meta.department
    properties.last_modified_by = meta.owner
    properties.language = meta.language
    properties.keywords = w("social media; policy; {name}", name=meta.short_name)
    properties.comments = w("Derived from the Cabinet Office guidance {edition} (edition "
                            "{number}). Made with policy-pack {version}.",
                            edition=edition_name(meta.edition_title, meta.edition_published, w),
                            number=meta.edition, version=meta.generator_version)
    properties.category = w("Policy")
    properties.version = meta.version
    properties.revision = 1
    properties.created = moment
    properties.modified = moment
    properties.last_printed = moment


CUSTOM_PROPERTIES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"'
    ' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">{}'
    "</Properties>")


def _set_custom_properties(document: Any, values: dict[str, str]) -> None:
    """docProps/custom.xml: Word shows these under File > Properties > Custom."""
    items = "".join(
        f'<property fmtid="{{D5CDD505-2E9C-101B-9397-08002B2CF9AE}}" pid="{pid}" '
        f'name="{escape(name)}"><vt:lpwstr>{escape(value)}</vt:lpwstr></property>'
        for pid, (name, value) in enumerate(values.items(), start=2))
    part = Part(PackURI("/docProps/custom.xml"), CT.OFC_CUSTOM_PROPERTIES,
                CUSTOM_PROPERTIES.format(items).encode("utf-8"), document.part.package)
    document.part.package.relate_to(part, RELATIONSHIP_TYPE.CUSTOM_PROPERTIES)


def warm_up() -> None:
    """Import the SVG converter now: its first import takes about 0.1 s (a logo drawn
    before is read from disk without it, but a new one needs it)."""
    import_renderer("cairosvg")


def _svg_to_png(svg: bytes) -> bytes:
    """The logo as the PNG Word needs. The same logo gives the same PNG every time, so it
    is drawn once and kept on disk (generator/memo.py) under its hash, this module's code
    and the builds of cairosvg, cairocffi and the C libraries that draw and encode it: a
    fresh process then never imports the converter (about 0.1 s). A logo with text is
    drawn each time, as the machine's own fonts draw that text; so is every logo where the
    libraries' builds cannot be read (no linker cache)."""
    libraries = _svg_converter()
    if _SVG_TEXT.search(svg) or not all(libraries):
        return _draw_png(svg)
    parts = (hashlib.sha256(svg).hexdigest(), str(_LOGO_PIXELS), file_sha256(Path(__file__)),
             *libraries)
    return remembered("png", parts, lambda: _draw_png(svg), _whole_png)


_SVG_TEXT = re.compile(rb"<(?:[\w.-]+:)?text[\s>/]")

# 360 pixels across the logo's 30 mm is 300 dots an inch: sharp in print, and less than
# half the pixels (and PNG-encoding time) of the 600 it was drawn at before.
_LOGO_PIXELS = 360


def _draw_png(svg: bytes) -> bytes:
    # Word needs a bitmap (an SVG blip still needs a PNG fallback); cairosvg draws it.
    cairosvg = import_renderer("cairosvg")
    png: bytes = cairosvg.svg2png(bytestring=svg, output_width=_LOGO_PIXELS, unsafe=False)
    return png


@cache
def _svg_converter() -> tuple[str, ...]:
    """Which cairosvg and cairocffi draw the logo, and which builds of cairo, pixman (its
    rasteriser), libpng and zlib (its encoder): read without importing or loading them."""
    return (metadata.version("cairosvg"), metadata.version("cairocffi"),
            *(library_file(name) for name in ("cairo", "pixman-1", "png16", "z")))


def _whole_png(data: bytes) -> bool:
    """A PNG from its signature to its closing IEND chunk (PNG, 5.2 and 11.2.5)."""
    return data.startswith(b"\x89PNG\r\n\x1a\n") and data.endswith(b"IEND\xaeB`\x82")


def save_docx(document: Any, when: dt.date | None) -> bytes:
    """The document as DOCX bytes, with fixed times and attributes in the zip.

    python-docx's own save stamps the current time into the zip; re-packing its output
    costs a second decompress and compress, so the package's parts are written here once.
    """
    stamp = (max(when.year, 1980), when.month, when.day, 0, 0, 0) if when else (1980, 1, 1, 0,
                                                                                0, 0)
    package = document.part.package
    parts = list(package.iter_parts())
    members = [("[Content_Types].xml", _content_types(parts)), ("_rels/.rels", package.rels.xml)]
    for part in parts:
        members.append((part.partname.membername, part.blob))
        if len(part.rels):
            members.append((part.partname.rels_uri.membername, part.rels.xml))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, data)
    return out.getvalue()


def _content_types(parts: list[Any]) -> bytes:
    """[Content_Types].xml as python-docx writes it: defaults by extension, else overrides."""
    defaults = {"rels": CT.OPC_RELATIONSHIPS, "xml": CT.XML}
    overrides: dict[str, str] = {}
    for part in parts:
        ext = part.partname.ext
        if (ext.lower(), part.content_type) in default_content_types:
            defaults[ext] = part.content_type
        else:
            overrides[str(part.partname)] = part.content_type
    items = [f'<Default Extension="{escaped_attribute(ext)}" '
             f'ContentType="{escaped_attribute(kind)}"/>' for ext, kind in sorted(defaults.items())]
    items += [f'<Override PartName="{escaped_attribute(name)}" '
              f'ContentType="{escaped_attribute(kind)}"/>'
              for name, kind in sorted(overrides.items())]
    return ("<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            + "".join(items) + "</Types>").encode("utf-8")
