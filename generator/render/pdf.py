"""Stage 5b: render the policy HTML as a PDF/UA-1 file, fixing what WeasyPrint leaves.

WeasyPrint 70 tags the document itself (pdf_variant="pdf/ua-1"). The fix-ups are the
measured gaps listed in shared/accessibility.md:

1. running footers are marked content no structure element reaches (Kozea/WeasyPrint#1836):
   re-mark them as /Artifact /Pagination (Matterhorn 01-005);
2. link annotations' /Contents is the bare URL: use the link's visible text (PDF/UA 7.18.5);
3. <th> gets no /Scope: add /Column or /Row (Matterhorn 15-003);
4. the provenance of the file and its language go into the XMP metadata;
5. a glyph inside a shaped cluster (a Devanagari vowel sign drawn before its consonant, a
   Bengali vowel in two parts) has an empty ToUnicode entry, which PDF/UA forbids: map it
   to U+200B ZERO WIDTH SPACE (ISO 14289-1 7.21.7);
6. the link to the pack in another language (its twin) is resolved against WeasyPrint's base
   URL, a file on the building machine: point it at the twin's PDF beside this one;
7. a link that wraps onto another line or page is one Link element a line: join them into
   one (pdf_links.py), so a screen reader's links list is the HTML's.

They run as WeasyPrint's `finisher`, on its PDF objects before they are written: no second
parse and save of the file. The file identifier is a hash of the content and WeasyPrint
writes no dates of its own, so two builds of the same inputs give the same bytes. The
audit (generator/audit/pdf.py) then reads the written file with a different library
(pikepdf) and checks every one of these independently.
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from typing import Any
from xml.sax.saxutils import escape

import pydyf

from generator.errors import RenderError
from generator.model import Policy
from generator.render.import_without_compiler import import_renderer
from generator.render.pdf_actual_text import Origin, typed_lines
from generator.render.pdf_links import SourceLink, join_link_pieces, source_links
from generator.render.pdf_objects import PdfObjects as _Objects
from generator.render.pdf_objects import StructNode as _Node
from generator.render.pdf_structure_fixes import (
    Content,
    add_word_spaces,
    fold,
    mark_leaders,
    merge_page_splits,
)
from generator.resources import fonts, html_templates

FONTS_CSS = html_templates() / "fonts.css"
ALLOWED_FILES = fonts()

Finisher = Callable[[Any, Any], None]  # WeasyPrint's (document, pydyf.PDF) hook


@dataclass(frozen=True)
class PdfFile:
    """A rendered PDF, with the page count its renderer knew (no need to parse it again)."""

    data: bytes
    pages: int


# Text whose glyphs may not read back as typed: right-to-left scripts (Hebrew to Arabic's
# supplements, and Arabic's presentation forms), the Indic scripts, the joiners, emoji.
_SHAPED = re.compile("[\u0590-\u0dff\u200c\u200d\ufb1d-\ufdff\ufe70-\ufeff"
                     "\U0001f000-\U0001faff]")


def _shaped(html: str) -> bool:
    """Whether the page has text whose lines must be read as typed (typed_lines walks the
    whole layout, about a tenth of a second a pack: Latin text reads back as it is)."""
    return _SHAPED.search(html) is not None


def render_pdf(html: str, policy: Policy) -> PdfFile:
    """The policy as a PDF/UA-1 file, from the HTML that render_html wrote."""
    meta = policy.meta
    if not meta.language or not meta.title:
        # WeasyPrint writes a silently invalid PDF without these (accessibility.md, gap 5).
        raise RenderError(f"{meta.slug}: a PDF needs a language and a title")
    text = read_html(html)  # before the render: one parse, for the links and the spaces
    pages: list[int] = []

    shaped = _shaped(html)

    def finish(document: Any, pdf: Any) -> None:
        pages.append(fix_up(pdf, text, policy, typed_lines(document) if shaped else None,
                            source_links(document)))

    data = _weasyprint(html, finish)
    return PdfFile(data, pages[0])


def _weasyprint(html: str, finisher: Finisher | None = None) -> bytes:
    """WeasyPrint's PDF/UA-1 rendering of the HTML; with no finisher, exactly as it made it."""
    weasyprint, css, font_config, fetcher = _weasy()
    document = weasyprint.HTML(string=html, base_url=str(FONTS_CSS), url_fetcher=fetcher)
    try:
        pdf: bytes = document.write_pdf(pdf_variant="pdf/ua-1",
                                        stylesheets=[css], font_config=font_config,
                                        finisher=finisher)
    except weasyprint.urls.FatalURLFetchingError as exc:
        raise RenderError(f"the PDF renderer was refused a resource: {exc.__cause__}") from None
    return pdf


# Regular, bold and italic text, a list and a table: what every policy uses.
_WARM_UP_PAGE = ('<!DOCTYPE html><html lang="en"><head><title>Warm-up</title></head><body>'
                 "<h1>Warm-up</h1><p>Text, <b>bold</b>, <i>italic</i>.</p><ol><li>One</li>"
                 "</ol><table><tr><th>Head</th><td>Cell</td></tr></table></body></html>")


@cache
def warm_up() -> None:
    """Load WeasyPrint and the bundled fonts now, so the first render does not pay for it.

    One tiny render loads the font faces into Pango (about 0.3 s the first time). It starts
    no thread, so it may run in a fork server before workers are forked. Cached: a worker
    forked from a warm server does not render it again.
    """
    _weasy()
    _weasyprint(_WARM_UP_PAGE)


@cache
def _weasy() -> tuple[Any, Any, Any, Any]:
    """Import WeasyPrint and parse the font stylesheet once per process (about 0.5 s)."""
    weasyprint = import_renderer("weasyprint")
    from weasyprint.text.fonts import FontConfiguration

    fetcher = _fetcher_class(weasyprint.urls)(fail_on_errors=True)
    font_config = FontConfiguration()
    css = weasyprint.CSS(filename=str(FONTS_CSS), font_config=font_config, url_fetcher=fetcher)
    return weasyprint, css, font_config, fetcher


def _fetcher_class(urls: Any) -> Any:
    """A URL fetcher with no network: bundled fonts and inline data only (design.md)."""

    class OfflineFetcher(urls.URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: object = None) -> Any:
            if url.startswith("data:"):
                return super().fetch(url, headers)
            if url.startswith("file://"):
                path = Path(urllib.parse.unquote(url.removeprefix("file://"))).resolve()
                if path.is_relative_to(ALLOWED_FILES.resolve()) and path.is_file():
                    return urls.URLFetcherResponse(
                        url, path.read_bytes(), {"Content-Type": _mime(path)})
            raise ValueError(f"{url} is not a bundled asset; policy-pack never uses the network")

    return OfflineFetcher


def _mime(path: Path) -> str:
    return {".ttf": "font/ttf", ".css": "text/css"}.get(path.suffix, "application/octet-stream")


# --- fix-ups, on WeasyPrint's PDF objects before they are written ----------------------------
#
# pydyf (WeasyPrint's PDF writer) holds each object as a Python dict or list; a reference
# to another object is the bytes b"12 0 R", and a content stream is a list of operands and
# operators, written out only after the finisher returns.


def fix_up(pdf: Any, text: HtmlText, policy: Policy,
           typed: list[dict[Origin, str]] | None = None,
           links: list[SourceLink] | None = None) -> int:
    """Apply every fix-up to a pydyf.PDF that WeasyPrint is about to write; its page count.

    `typed`: each page's lines as typed (pdf_actual_text.typed_lines), for /ActualText.
    `links`: the HTML's links and their annotations (pdf_links.source_links)."""
    objects = _Objects(pdf)
    walked = list(objects.elements())
    content = Content(objects, typed)  # the content streams' text, read once for all below
    mark_artifacts(objects, walked, content)
    mark_leaders(objects, walked, content)
    merge_page_splits(objects, content)
    # Before the word spaces, found block by block: a link cut by a page break then reads
    # as one, and the space where its first part ends is found.
    join_link_pieces(objects, links or [])
    walked = list(objects.elements())  # the structure as mended, for the fix-ups that follow
    set_link_contents(objects, {**text.links, **link_twins(objects, policy, text.links)},
                      links or [])
    set_header_scope(walked)
    # Last: it inserts into the streams (word spaces, and /ActualText where glyphs read
    # otherwise than typed).
    add_word_spaces(objects, walked, text.visible, content)
    add_metadata(objects, policy)
    map_every_glyph(objects)
    return len(objects.pages)


def _reachable(objects: _Objects, walked: list[_Node]) -> dict[bytes, set[int]]:
    """For each page reference, the marked-content IDs that some structure element reaches."""
    found: dict[bytes, set[int]] = {}
    for node in walked:
        page = node.obj.get("Pg")
        for kid in node.obj.get("K", []):
            if isinstance(kid, int) and page is not None:
                found.setdefault(page, set()).add(kid)
            else:
                kid = objects.get(kid)
                kid_page = kid.get("Pg", page) if isinstance(kid, dict) else None
                if kid_page is not None and kid.get("Type") == "/MCR":
                    found.setdefault(kid_page, set()).add(int(kid["MCID"]))
    return found


def mark_artifacts(objects: _Objects, walked: list[_Node], content: Content) -> None:
    """Re-mark content that no structure element reaches as a pagination artifact."""
    reachable = _reachable(objects, walked)
    parent_tree = _parent_tree(objects)
    for index, page in enumerate(objects.pages):
        ids = reachable.get(page.reference, set())
        changed: list[int] = []
        for begin, mcid in content.marked[index]:  # every BDC with an MCID, in stream order
            if mcid in ids:
                continue
            if not str(content.items[index][begin]).startswith("/"):
                raise RenderError("unexpected PDF content: a BDC operator without a tag")
            content.remark(index, begin, mcid, "/Pagination")
            changed.append(mcid)
        entry = parent_tree.get(page.get("StructParents"))
        for mcid in changed:
            if entry is not None and mcid < len(entry):
                entry[mcid] = "null"  # the artifact belongs to no structure element


def _parent_tree(objects: _Objects) -> dict[int, list[Any]]:
    root = objects.get(objects.pdf.catalog["StructTreeRoot"])
    nums = objects.get(root["ParentTree"]).get("Nums", [])
    return {nums[i]: objects.get(nums[i + 1]) for i in range(0, len(nums), 2)}


def set_link_contents(objects: _Objects, texts: dict[str, str],
                      links: list[SourceLink]) -> None:
    """Give each link annotation its visible text, not its address (PDF/UA-1 §7.18.5).

    The whole text of its own link, on every line the link wraps onto; by its target
    (the first link to it in the HTML) where the layout gave none."""
    own = {reference: link.text for link in links for reference in link.annotations}
    for page in objects.pages:
        for reference in objects.get(page.get("Annots", [])):
            annot = objects.get(reference)
            if annot.get("Subtype") != "/Link":
                continue
            target = _link_target(objects, annot)
            text = own.get(reference) or texts.get(target)
            if not text:
                raise RenderError(f"no visible text known for the link to {target!r}")
            annot["Contents"] = pydyf.String(text)


def link_twins(objects: _Objects, policy: Policy, texts: dict[str, str]) -> dict[str, str]:
    """Point each link to the pack in another language at that language's PDF, beside this
    one; each one's visible text, by its new target.

    The page links to the twin's HTML page by a relative address, which WeasyPrint resolves
    against its base URL (the bundled fonts' folder): a file on the machine that built it.
    A relative URI is resolved against the PDF's own place instead (ISO 32000-1 12.6.4.7),
    as the DOCX's relative link is."""
    twins = {twin.policy: str(PurePosixPath(twin.policy).with_suffix(".pdf"))
             for twin in policy.meta.twins}
    found: dict[str, str] = {}
    for page in objects.pages:
        for annot in map(objects.get, objects.get(page.get("Annots", []))):
            action = objects.get(annot.get("A"))
            if not (isinstance(action, dict) and "URI" in action):
                continue
            uri = str(action["URI"].string)
            name = urllib.parse.unquote(uri.rsplit("/", 1)[-1])
            if uri.startswith("file:") and name in twins:
                action["URI"] = pydyf.String(twins[name])
                found[twins[name]] = texts.get(name, "")
    return found


def _link_target(objects: _Objects, annot: dict[str, Any]) -> str:
    action = objects.get(annot.get("A"))
    if isinstance(action, dict) and "URI" in action:
        return str(action["URI"].string)
    dest = getattr(annot.get("Dest"), "string", None)  # a named destination: a pydyf.String
    return "" if dest is None else f"#{dest}"


def set_header_scope(walked: list[_Node]) -> None:
    """TH in a header row heads its column; TH elsewhere heads its row (Matterhorn 15-003)."""
    for node in walked:
        if node.type != "/TH":
            continue
        scope = "/Column" if "/THead" in node.parents else "/Row"
        attributes = node.obj.get("A")
        if isinstance(attributes, dict) and attributes.get("O") == "/Table":
            attributes["Scope"] = scope  # WeasyPrint writes an /O /Table attribute object
        else:
            node.obj["A"] = pydyf.Dictionary({"O": "/Table", "Scope": scope})


PROVENANCE_NS = "https://policy-pack.example/ns/provenance/1.0/"
DC_NS = "http://purl.org/dc/elements/1.1/"


def provenance(policy: Policy) -> dict[str, str]:
    """What a reviewer needs to know exactly what a file was made from."""
    meta = policy.meta
    return {"BaseEdition": meta.edition, "BaseEditionSHA256": meta.edition_sha256,
            "ProfileSHA256": meta.profile_sha256, "GeneratorVersion": meta.generator_version}


def add_metadata(objects: _Objects, policy: Policy) -> None:
    """Add the provenance and the language to the XMP packet WeasyPrint wrote.

    WeasyPrint already writes the title, creator, description and PDF/UA part from the
    HTML's <title> and <meta> elements.
    """
    stream = objects.get(objects.pdf.catalog.get("Metadata"))
    packet = b"".join(stream.stream) if stream is not None else b""
    if packet.count(b"</rdf:RDF>") != 1:
        raise RenderError("unexpected PDF metadata: WeasyPrint wrote no single XMP packet")
    fields = "".join(f"<policypack:{name}>{escape(value)}</policypack:{name}>"
                     for name, value in provenance(policy).items())
    description = (
        f'<rdf:Description rdf:about="" xmlns:dc="{DC_NS}" xmlns:policypack="{PROVENANCE_NS}">'
        f"{fields}"
        f"<dc:language><rdf:Bag><rdf:li>{escape(policy.meta.language)}</rdf:li></rdf:Bag>"
        "</dc:language></rdf:Description>")
    stream.stream = [packet.replace(b"</rdf:RDF>", description.encode("utf-8") + b"</rdf:RDF>")]


# WeasyPrint's ToUnicode line for a glyph it mapped to no text: `<025f> <>`.
_NO_TEXT = re.compile(rb"(<[0-9a-f]{4}>) <>")
_ZERO_WIDTH_SPACE = b"<200b>"


def map_every_glyph(objects: _Objects) -> None:
    """Give every glyph some text in its font's ToUnicode map (ISO 14289-1 7.21.7).

    HarfBuzz can draw one cluster of characters with several glyphs: a Devanagari vowel
    sign before its consonant, a Bengali vowel in two parts, an Arabic mark. WeasyPrint maps
    the cluster's text to one of those glyphs and an empty string to the others, and an
    empty entry is a malformed map (page-validation PDFUA1-FONT-UNICODE-MAPPING-001). A
    zero width space is text that reads as nothing, so the cluster is still read once.
    """
    for obj in objects.pdf.objects:
        if isinstance(obj, dict) and obj.get("Type") == "/Font" and "ToUnicode" in obj:
            cmap = objects.get(obj["ToUnicode"])
            cmap.stream = [_NO_TEXT.sub(rb"\1 " + _ZERO_WIDTH_SPACE, line)
                           for line in cmap.stream]


# --- what the fix-ups read in the HTML -----------------------------------------------------


@dataclass(frozen=True)
class HtmlText:
    links: dict[str, str]  # each link target with the text a reader sees for it
    visible: str  # the page's text, whitespace folded: what the words were written as


class _Html(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: dict[str, str] = {}
        self.parts: list[str] = []
        self._href: str | None = None
        self._text: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._hidden += tag in ("head", "style", "script")
        if tag == "a":
            self._href = dict(attrs).get("href") or ""
            self._text = []

    def handle_data(self, data: str) -> None:
        if self._href is not None:
            self._text.append(data)
        if not self._hidden:
            self.parts.append(data)

    def handle_endtag(self, tag: str) -> None:
        self._hidden -= tag in ("head", "style", "script") and self._hidden > 0
        if tag == "a" and self._href is not None:
            self.links.setdefault(self._href, " ".join("".join(self._text).split()))
            self._href = None


def read_html(html: str) -> HtmlText:
    """The link texts and the visible text of the HTML, from one parse."""
    parser = _Html()
    parser.feed(html)
    return HtmlText(parser.links, fold("".join(parser.parts)))
