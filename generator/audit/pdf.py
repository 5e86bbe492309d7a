"""PDF audit: the machine-checkable Matterhorn Protocol conditions of shared/accessibility.md,
then the independent `page-validation` PDF/UA-1 rule set.

Condition numbers follow the Matterhorn Protocol 1.1 (PDF Association); clauses are those of
ISO 14289-1 (PDF/UA-1). Each finding says what a reader loses, not only what is missing.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from functools import cached_property

import pikepdf
from pikepdf import Dictionary, Name
from pikepdf.models.metadata import PdfMetadata

from generator.audit.pdf_content import Content, read_content
from generator.audit.pdf_links import link_target, split_links
from generator.audit.pdf_structure import (
    MAX_STREAM_BYTES,
    Element,
    StreamTooLarge,
    elements,
    page_annotations,
    read_bounded,
)
from generator.audit.pdf_text import (
    blocks,
    empty_tables,
    glued_words,
    split_tables,
)
from generator.audit.report import Finding
from generator.render import PROVENANCE_NS

# ISO 32000-1 §14.8.4: the standard structure types.
STANDARD_TYPES = frozenset((
    "Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private P H H1 H2 "
    "H3 H4 H5 H6 L LI Lbl LBody Table TR TH TD THead TBody TFoot Span Quote Note Reference "
    "BibEntry Code Link Annot Ruby RB RT RP Warichu WT WP Figure Formula Form").split())
# ISO 32000-1 Table 337 and §14.8.4.3.3: which children tables and lists may have.
ALLOWED_CHILDREN = {
    "Table": {"TR", "THead", "TBody", "TFoot", "Caption"},
    "THead": {"TR"}, "TBody": {"TR"}, "TFoot": {"TR"}, "TR": {"TH", "TD"},
    "L": {"LI", "L", "Caption"}, "LI": {"Lbl", "LBody"},
}
_BCP47 = re.compile(r"^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$")
# So that pikepdf reads (and a reader of our files can look up) policypack:* properties.
PdfMetadata.register_xml_namespace(PROVENANCE_NS, "policypack")




Validated = Future[tuple[int, list[Finding]]]  # page-validation's result, on its way


def audit_pdf(data: bytes, *, independent: bool = True,
              validated: Validated | None = None) -> tuple[int, list[Finding]]:
    """(number of checks run, findings) for a PDF's bytes.

    `validated`: page-validation already started on these bytes (see validate_pdf).
    """
    try:
        pdf = pikepdf.open(io.BytesIO(data))
    except pikepdf.PasswordError:
        return 1, [_LOCKED]
    except pikepdf.PdfError as exc:
        return 1, [Finding("PDF", "file", f"cannot be opened as a PDF: {_reason(exc)}")]
    try:
        with pdf, ThreadPoolExecutor(max_workers=1) as pool:
            # page-validation runs in Rust without holding the interpreter lock, so it costs
            # nothing beside our own checks, which do hold it.
            other = validated if validated is not None else (
                pool.submit(validate_pdf, data) if independent else None)
            doc = _Doc(pdf, {page.obj.objgen: n for n, page in enumerate(pdf.pages, start=1)},
                       list(elements(pdf)))
            findings = [finding for check in CHECKS for finding in check(doc)]
            count, more = other.result() if other else (0, [])
    except StreamTooLarge:
        return len(CHECKS), [Finding("PDF", "file", f"refused: a content or metadata stream "
                                     f"decodes to more than {MAX_STREAM_BYTES // 2**20} MB; "
                                     "a real page is far below that")]
    except pikepdf.PdfError as exc:  # a damaged object deep inside: the file, not a bug
        return len(CHECKS), [Finding("PDF", "file", f"is damaged and cannot be read to the "
                                     f"end: {_reason(exc)}")]
    return len(CHECKS) + count, findings + more


# ISO 14289-1 7.16 (Matterhorn checkpoint 26): security must never stop assistive technology
# reading the file. A user password stops everything, so a password-locked file is one
# finding; an owner password alone may still withhold the accessibility permission.
_LOCKED = Finding("ISO 14289-1 7.16", "file", "the PDF is encrypted with a password: "
                  "assistive technology (and this audit) cannot open it to read it, which "
                  "PDF/UA forbids (Matterhorn 26)")
_ACCESSIBILITY_BIT = 1 << 9  # ISO 32000-1 Table 22: bit 10 of /P, "extract for accessibility"


def _reason(exc: Exception) -> str:
    """pikepdf's message without the in-memory stream's name it starts with."""
    return re.sub(r"^stream <[^>]*>:\s*", "", str(exc).strip()) or type(exc).__name__


def _encryption(doc: _Doc) -> Iterator[Finding]:
    if not doc.pdf.is_encrypted:
        return
    permissions = doc.pdf.encryption.P
    if permissions is None:
        yield Finding("Matterhorn 26-001", "document", "the PDF is encrypted but states no "
                      "permissions (/P): assistive technology may be blocked from reading it")
    elif not int(permissions) & _ACCESSIBILITY_BIT:
        yield Finding("Matterhorn 26-002", "document", "the PDF is encrypted and withholds "
                      "the permission to extract text for accessibility (bit 10 of /P): "
                      "assistive technology may be blocked from reading it")


def _tagged(doc: _Doc) -> Iterator[Finding]:
    mark_info = doc.pdf.Root.get("/MarkInfo")
    if not (isinstance(mark_info, Dictionary) and bool(mark_info.get("/Marked", False))):
        yield Finding("ISO 14289-1 7.1", "document", "the PDF is not marked as tagged "
                      "(/MarkInfo /Marked is not true): assistive technology may ignore its tags")
    if "/StructTreeRoot" not in doc.pdf.Root:
        yield Finding("ISO 14289-1 7.1", "document", "the PDF has no structure tree: screen "
                      "readers cannot tell headings, lists and tables from plain text")


def _metadata(doc: _Doc) -> Iterator[Finding]:
    if "/Metadata" not in doc.pdf.Root:
        yield Finding("Matterhorn 06-001", "document", "the PDF has no XMP metadata")
        return
    metadata = doc.pdf.Root.Metadata
    if isinstance(metadata, pikepdf.Stream):
        read_bounded(metadata)  # StreamTooLarge before pikepdf decodes it all
    xmp = doc.pdf.open_metadata()
    if str(xmp.get("pdfuaid:part", "")) != "1":
        yield Finding("Matterhorn 06-002", "document",
                      "the metadata does not say the file claims PDF/UA-1 (pdfuaid:part)")
    title = str(xmp.get("dc:title", "") or "").strip()
    if not title:
        yield Finding("Matterhorn 06-003", "document", "the metadata has no title (dc:title): "
                      "readers hear the file name instead of what the document is")
    elif str(doc.pdf.docinfo.get("/Title", "")) != title:
        yield Finding("ISO 14289-1 7.1", "document",
                      "the document information /Title differs from the XMP dc:title")


def _display_title(doc: _Doc) -> Iterator[Finding]:
    preferences = doc.pdf.Root.get("/ViewerPreferences")
    value = preferences.get("/DisplayDocTitle") if isinstance(preferences, Dictionary) else None
    if value is None:
        yield Finding("Matterhorn 07-001", "document", "the viewer is not told to show the "
                      "document title (no /DisplayDocTitle)")
    elif not bool(value):
        yield Finding("Matterhorn 07-002", "document", "the viewer is told to show the file "
                      "name, not the document title (/DisplayDocTitle false)")


def _language(doc: _Doc) -> Iterator[Finding]:
    lang = str(doc.pdf.Root.get("/Lang", "")).strip()
    if not lang:
        yield Finding("Matterhorn 11-001", "document", "the document language is not set "
                      "(/Lang): a screen reader cannot choose the right voice")
    elif not _BCP47.match(lang):
        yield Finding("Matterhorn 11-001", "document",
                      f"the document language `{lang}` is not a valid language tag")


def _content(doc: _Doc) -> Iterator[Finding]:
    reported: set[int] = set()
    for stray in doc.content.strays:
        if stray.page not in reported:  # one finding a page is enough to act on
            reported.add(stray.page)
            yield Finding("Matterhorn 01-005", f"page {stray.page}",
                          "some content is neither marked as an artifact nor tagged as real "
                          f"content (first: a {stray.operator} operator"
                          + (f" inside {stray.marked_as}" if stray.marked_as else "") + ")")


def _structure_types(doc: _Doc) -> Iterator[Finding]:
    role_map = doc.pdf.Root.get("/StructTreeRoot", Dictionary()).get("/RoleMap", Dictionary())
    for element in doc.elements:
        name = element.type.lstrip("/")
        if name not in STANDARD_TYPES and f"/{name}" not in role_map:
            yield Finding("Matterhorn 02-001", doc.where(element), f"the structure type {name} "
                          "is neither standard nor role-mapped to a standard type")
        allowed = ALLOWED_CHILDREN.get(name)
        if allowed:
            for child in _child_types(element):
                if child not in allowed:
                    rule = "Matterhorn 09-004" if name in ("Table", "THead", "TBody", "TFoot",
                                                            "TR") else "Matterhorn 09-005"
                    yield Finding(rule, doc.where(element), f"a {name} element holds a {child}, "
                                  "which it may not: the table or list reads out wrongly")


def _figures(doc: _Doc) -> Iterator[Finding]:
    for element in doc.elements:
        if element.type == "/Figure" and not str(element.obj.get("/Alt", "")).strip():
            yield Finding("Matterhorn 13-004", doc.where(element), "an image has no alternative "
                          "text: a screen reader says nothing about it")


def _headings(doc: _Doc) -> Iterator[Finding]:
    levels = [(int(e.type[2]), e) for e in doc.elements if re.fullmatch(r"/H[1-6]", e.type)]
    if levels and levels[0][0] != 1:
        yield Finding("Matterhorn 14-002", doc.where(levels[0][1]),
                      f"the first heading is H{levels[0][0]}, not H1")
    previous = levels[0][0] if levels else 0
    for level, element in levels[1:]:
        if level > previous + 1:
            yield Finding("Matterhorn 14-003", doc.where(element), f"the headings skip from "
                          f"H{previous} to H{level}: the outline of the document is broken")
        previous = level


def _table_headers(doc: _Doc) -> Iterator[Finding]:
    for element in doc.elements:
        if element.type == "/TH" and not _has_scope(element.obj):
            yield Finding("Matterhorn 15-003", doc.where(element), "a table header cell has no "
                          "/Scope: a screen reader cannot say which cells it heads")


def _annotations(doc: _Doc) -> Iterator[Finding]:
    links = _link_elements(doc.elements)
    tabs_reported: set[int] = set()
    for number, annot in page_annotations(doc.pdf):
        page = doc.pdf.pages[number - 1].obj
        if page.get("/Tabs") != Name.S and number not in tabs_reported:
            tabs_reported.add(number)
            yield Finding("Matterhorn 28-008", f"page {number}", "the page has annotations "
                          "but no /Tabs /S: the tab order does not follow the structure")
        if annot.get("/Subtype") != Name.Link:
            continue
        if annot.objgen not in links:
            yield Finding("Matterhorn 28-011", f"page {number}",
                          "a link is not inside a Link structure element")
        contents = str(annot.get("/Contents", "")).strip()
        if not contents:
            yield Finding("ISO 14289-1 7.18.5", f"page {number}",
                          "a link has no description (/Contents)")
        elif re.match(r"(https?:|mailto:|www\.)", contents):
            yield Finding("ISO 14289-1 7.18.5", f"page {number}", f"a link's description is "
                          f"its address ({contents}): a screen reader reads the URL out")


def _fonts(doc: _Doc) -> Iterator[Finding]:
    seen: set[tuple[int, int]] = set()
    for number, page in enumerate(doc.pdf.pages, start=1):
        resources = page.obj.get("/Resources", Dictionary())
        for font in resources.get("/Font", Dictionary()).values():
            if font.objgen in seen:
                continue
            seen.add(font.objgen)
            name = str(font.get("/BaseFont", "a font")).lstrip("/")
            if "/ToUnicode" not in font:
                yield Finding("ISO 14289-1 7.21.7", f"page {number}", f"the font {name} has no "
                              "ToUnicode map: its text cannot be read out or copied")
            descendant = font.get("/DescendantFonts", [font])[0]
            descriptor = descendant.get("/FontDescriptor", Dictionary())
            if not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
                yield Finding("ISO 14289-1 7.21.4.1", f"page {number}",
                              f"the font {name} is not embedded")


def _outline(doc: _Doc) -> Iterator[Finding]:
    with doc.pdf.open_outline() as outline:
        if not outline.root:
            yield Finding("WCAG 2.4.5", "document", "the PDF has no bookmarks: a reader "
                          "cannot jump between sections")


def _tagged_text(doc: _Doc) -> Iterator[Finding]:
    """Issue 15: what a screen reader gets through the tags must be the words on the page."""
    texts = doc.content.text
    glued = [word for block in blocks(doc.elements, doc.page_of, texts)
             for word in glued_words(block)]
    if glued:
        examples = ", ".join(f"`{w}`" for w in glued[:3])
        yield Finding("ISO 32000-1 14.8.2.5", "document", f"{len(glued)} line break"
                      f"{'s' if len(glued) != 1 else ''} lose their word space in the tagged "
                      f"text, so a screen reader reads two words as one (e.g. {examples}): "
                      "paint the space, or give the line /ActualText")
    yield from split_tables(doc.elements, doc.page_of, texts)
    for table, captioned in empty_tables(doc.elements):
        yield Finding("ISO 32000-1 14.8.4.3.4", doc.where(table), "a table holds no rows"
                      + (": its caption stands alone, its rows probably in a second table "
                         "after a page break (Kozea/WeasyPrint#2903)" if captioned else ""))


def _links(doc: _Doc) -> Iterator[Finding]:
    """One link, one Link element and one annotation (issue 15: the contents list had three);
    one Link element however many lines the link wraps onto (issue 28).

    One finding a page for each fault, with how many: enough to act on."""
    nested: dict[str, int] = {}
    for element in doc.elements:
        if element.type == "/Link" and "/Link" in element.parents:
            nested[doc.where(element)] = nested.get(doc.where(element), 0) + 1
    for where, count in nested.items():
        yield Finding("ISO 14289-1 7.18.5", where, f"{count} Link element{_s(count)} inside "
                      "another Link: a screen reader announces one link several times")
    for number, count in _overlapping_links(doc).items():
        yield Finding("ISO 14289-1 7.18.5", f"page {number}", f"{count} link annotation"
                      f"{_s(count)} overlap another to the same target: a screen reader and "
                      "the tab order meet one link several times")
    split: dict[str, int] = {}
    for piece in split_links(doc.elements):
        page = piece.get("/Pg")
        found = doc.page_of.get(page.objgen) if isinstance(page, Dictionary) else None
        where = f"page {found}" if found else "document"
        split[where] = split.get(where, 0) + 1
    for where, count in split.items():
        one = count == 1
        yield Finding("ISO 14289-1 7.18.5", where, f"{count} piece{_s(count)} of a link cut at "
                      f"a line or page break {'is' if one else 'are'} a Link element of "
                      f"{'its' if one else 'their'} own: a screen reader's links list reads "
                      "each piece as a separate link")


def _s(count: int) -> str:
    return "" if count == 1 else "s"


def _overlapping_links(doc: _Doc) -> dict[int, int]:
    """Per page, how many link annotations overlap an earlier one with the same target."""
    seen: dict[tuple[int, str], list[list[float]]] = {}
    found: dict[int, int] = {}
    for number, annot in page_annotations(doc.pdf):
        if annot.get("/Subtype") != Name.Link:
            continue
        rect = [float(v) for v in annot.get("/Rect", [])]
        boxes = seen.setdefault((number, link_target(annot)), [])
        if len(rect) == 4 and any(_overlap(rect, other) for other in boxes):
            found[number] = found.get(number, 0) + 1
        boxes.append(rect)
    return found


def _overlap(a: list[float], b: list[float]) -> bool:
    ax0, ax1, ay0, ay1 = min(a[0], a[2]), max(a[0], a[2]), min(a[1], a[3]), max(a[1], a[3])
    bx0, bx1, by0, by1 = min(b[0], b[2]), max(b[0], b[2]), min(b[1], b[3]), max(b[1], b[3])
    return ax0 < bx1 and bx0 < ax1 and ay0 < by1 and by0 < ay1


@dataclass(frozen=True)
class _Doc:
    pdf: pikepdf.Pdf
    page_of: dict[tuple[int, int], int]  # page object -> 1-based page number
    elements: list[Element]  # the structure tree, walked once for every check

    @cached_property
    def content(self) -> Content:
        """Every page's content, read once for the checks of paint and of tagged text."""
        return read_content(self.pdf, self.elements)

    def where(self, element: Element) -> str:
        page = element.page
        number = self.page_of.get(page.objgen) if page is not None else None
        return f"page {number}" if number else "document"


Check = Callable[[_Doc], Iterator[Finding]]
CHECKS: tuple[Check, ...] = (_encryption, _tagged, _metadata, _display_title, _language, _content,
                             _structure_types, _figures, _headings, _table_headers,
                             _annotations, _links, _tagged_text, _fonts, _outline)


def warm_up() -> None:
    """Import the validator now. Importing starts none of its threads; validating does."""
    import page  # noqa: F401


def validate_pdf(data: bytes) -> tuple[int, list[Finding]]:
    """page-validation's PDF/UA-1 rules: (number of rules, failures as findings).

    It holds no interpreter lock while it works, so a thread can run it beside other work.
    """
    import page

    try:
        report = page.validate_pdf_bytes(data, profile="ua1")
    except page.PageError as exc:  # its own limits on a hostile file (SafetyLimitError)
        return 1, [Finding("page-validation", "file", f"could not check the file: {exc}")]
    findings = [Finding(f"page-validation {f.rule_id}", "document", f.message)
                for f in report.failures]
    return int(report.rules.total), findings


def _child_types(element: Element) -> list[str]:
    return [str(k.S).lstrip("/") for k in element.kids
            if isinstance(k, Dictionary) and "/S" in k]


def _has_scope(obj: Dictionary) -> bool:
    attributes = obj.get("/A")
    owners = [attributes] if isinstance(attributes, Dictionary) else list(attributes or [])
    return any(isinstance(a, Dictionary) and "/Scope" in a for a in owners)


def _link_elements(walked: list[Element]) -> set[tuple[int, int]]:
    """The annotations that some Link structure element reaches through an OBJR."""
    found: set[tuple[int, int]] = set()
    for element in walked:
        if element.type != "/Link":
            continue
        for kid in element.kids:
            if isinstance(kid, Dictionary) and kid.get("/Type") == Name.OBJR:
                found.add(kid.Obj.objgen)
    return found


