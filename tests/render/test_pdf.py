"""The PDF of every sample meets PDF/UA-1: checked on the real file, not assumed."""

from __future__ import annotations

import io
import re

import page
import pikepdf
import pytest

from generator.audit.pdf_content import PageReading, parsed, scanned, stray_paint
from generator.audit.pdf_fonts import FontCache, PageFonts
from generator.audit.pdf_structure import elements, page_annotations
from tests.conftest import Pack
from tests.outputs import account_text, html_info, link_target, pdf_outline, skipped_levels

XMP_TITLE = "{http://purl.org/dc/elements/1.1/}title"


@pytest.fixture
def pdf(pack: Pack) -> pikepdf.Pdf:
    with pikepdf.open(pack.pdf) as document:
        yield document


def test_marked_with_structure_tree_and_language(pack: Pack, pdf: pikepdf.Pdf) -> None:
    assert pdf.Root.MarkInfo.Marked is True
    assert "/StructTreeRoot" in pdf.Root
    assert len(list(elements(pdf))) > 100
    assert str(pdf.Root.Lang) == pack.profile.department.language


def test_xmp_title_and_pdfua_identifier(pack: Pack, pdf: pikepdf.Pdf) -> None:
    meta = pdf.open_metadata()
    title = meta.get("dc:title")
    assert title and title == html_info(pack.html).title
    assert str(pdf.docinfo.Title) == title
    assert meta.get("pdfuaid:part") == "1"
    assert pdf.Root.ViewerPreferences.DisplayDocTitle is True


def test_bookmarks_follow_the_headings(pack: Pack, pdf: pikepdf.Pdf) -> None:
    outline = pdf_outline(pdf)
    assert outline == html_info(pack.html).headings


def test_headings_start_at_h1_and_skip_no_level(pdf: pikepdf.Pdf) -> None:
    levels = [int(e.type[2]) for e in elements(pdf) if re.fullmatch(r"/H[1-6]", e.type)]
    assert levels[0] == 1
    assert skipped_levels(levels) == []


def test_logo_is_a_figure_with_its_alt_text(pack: Pack, pdf: pikepdf.Pdf) -> None:
    logo = pack.profile.department.logo
    assert logo is not None
    figures = [e for e in elements(pdf) if e.type == "/Figure"]
    assert [str(f.obj.get("/Alt")) for f in figures] == [logo.alt]


def test_every_paint_operator_is_artifact_or_reachable_content(pdf: pikepdf.Pdf) -> None:
    # Matterhorn 01-005; the running footer is the known WeasyPrint gap (#1836).
    assert stray_paint(pdf) == []


def test_running_footer_is_a_pagination_artifact(pdf: pikepdf.Pdf) -> None:
    second_page = pikepdf.unparse_content_stream(pikepdf.parse_content_stream(pdf.pages[1]))
    assert b"/Artifact <</Type /Pagination>> BDC" in second_page.replace(b"\n", b" ") \
        or b"/Artifact << /Type /Pagination >> BDC" in second_page.replace(b"\n", b" ")


def test_every_table_header_has_a_scope(pdf: pikepdf.Pdf) -> None:
    headers = [e for e in elements(pdf) if e.type == "/TH"]
    assert headers
    for header in headers:
        attributes = header.obj.A
        owners = [attributes] if isinstance(attributes, pikepdf.Dictionary) else list(attributes)
        scopes = [a.get("/Scope") for a in owners if a.get("/O") == "/Table"]
        expected = "/Column" if "/THead" in header.parents else "/Row"
        assert scopes == [expected]


def test_links_are_described_by_their_text_not_their_address(pack: Pack,
                                                            pdf: pikepdf.Pdf) -> None:
    links = [a for _, a in page_annotations(pdf) if a.get("/Subtype") == "/Link"]
    assert links
    targets = {link_target(a) for a in links}
    for channel in pack.profile.channels:
        assert channel.url in targets
    for link in links:
        contents = str(link.get("/Contents", ""))
        assert contents.strip()
        assert not re.match(r"(https?:|mailto:|www\.|#)", contents), contents
    channel_texts = {str(a.Contents) for a in links if link_target(a).startswith("https://x")}
    channels = pack.profile.channels
    assert channel_texts <= {account_text(c, channels) for c in channels}


def test_link_annotations_sit_under_link_elements(pdf: pikepdf.Pdf) -> None:
    parents = {e.obj.objgen for e in elements(pdf) if e.type == "/Link"}
    tree = pdf.Root.StructTreeRoot.ParentTree.Nums
    by_key = {int(tree[i]): tree[i + 1] for i in range(0, len(tree), 2)}
    for _, annot in page_annotations(pdf):
        assert by_key[int(annot.StructParent)].objgen in parents


def test_fonts_are_embedded_with_unicode_maps(pdf: pikepdf.Pdf) -> None:
    for page_ in pdf.pages:
        for font in page_.Resources.get("/Font", {}).values():
            assert "/ToUnicode" in font
            descendants = font.get("/DescendantFonts", [font])
            descriptor = descendants[0].FontDescriptor
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            assert "Noto-Sans" in str(descriptor.FontName)  # the bundled font


def test_passes_the_page_validation_ua1_rule_set(pack: Pack) -> None:
    report = page.validate_pdf(str(pack.pdf), profile="ua1")
    failures = [(f.rule_id, f.message) for f in report.failures]
    assert report.is_compliant, failures
    assert report.rules.total > 50


def _both_readings(document: pikepdf.Pdf, page_: pikepdf.Page, number: int, stream: bytes,
                   ids: set[int]) -> tuple[PageReading | None, PageReading]:
    """A page's content read by the audit's byte-level scan (None: left to the parser) and
    by pikepdf's parser."""
    fonts = FontCache()
    return (scanned(stream, ids, number, PageFonts(page_, fonts)),
            parsed(page_, ids, number, fonts))


def test_the_fast_content_scan_finds_what_the_full_parser_finds(pack: Pack,
                                                               pdf: pikepdf.Pdf) -> None:
    """The audit's byte-level scan must report the same stray paint and the same tagged text
    as pikepdf's parser, or Matterhorn 01-005 or a glued word could pass unseen: on
    WeasyPrint's raw output (whose running footers are strays) and on the published file
    (which has none)."""
    from generator.audit.pdf_structure import reachable_mcids
    from generator.render.pdf import _weasyprint

    raw = pikepdf.open(io.BytesIO(_weasyprint(pack.html.read_text("utf-8"))))
    for document, expect_strays in ((raw, True), (pdf, False)):
        reachable = reachable_mcids(document)
        found = []
        texts = 0
        for number, page_ in enumerate(document.pages, start=1):
            ids = reachable.get(page_.obj.objgen, set())
            fast, full = _both_readings(document, page_, number, page_.obj.Contents.read_bytes(),
                                        ids)
            assert fast is not None  # WeasyPrint's streams take the fast path
            assert fast == full
            found += fast.strays
            texts += len(fast.text)
        assert bool(found) == expect_strays
        assert texts > 100


def test_a_stream_with_literal_strings_takes_the_full_parser() -> None:
    document = pikepdf.new()
    document.add_blank_page()
    page_ = document.pages[0]
    page_.Contents = document.make_stream(b"BT /F1 12 Tf (BDC EMC) Tj ET")
    strays = stray_paint(document)
    assert [(s.operator, s.marked_as) for s in strays] == [("Tj", "")]


@pytest.mark.parametrize("stream", [
    b"/Artifact BMC 0 0 1 1 re f EMC 0 0 1 1 re S",  # the second rectangle is stray
    b"/P <</MCID 0>> BDC BT <0BDC> Tj ET EMC /Span <</MCID 9>> BDC BT <00> Tj ET EMC",
    b"/P <</MCID 0>> BDC /Span <</MCID 9>> BDC 0 0 1 1 re f EMC EMC",  # nested, covered
    b"/Span <</MCID 9>> BDC /Artifact BMC 0 0 1 1 re B* EMC 0 0 1 1 re f* EMC",
    b"/P /Props BDC 0 0 1 1 re f EMC",  # a named property list: no MCID
    b"/P<</MCID 0>>BDC[<00>]TJ EMC/X0 Do",  # no spaces around delimiters
    b"/Q <</A <</B 1>> /MCID 0>> BDC 0 0 1 1 re f EMC",  # nested dictionary: the parser
    b"/PBDC BMC 0 0 1 1 re f EMC",  # BDC inside a name: the parser
])
def test_the_fast_scan_agrees_with_the_parser_on_hand_made_streams(stream: bytes) -> None:
    document = pikepdf.new()
    document.add_blank_page()
    page_ = document.pages[0]
    page_.Contents = document.make_stream(stream)
    for ids in ({0}, set()):  # MCID 0 reachable (9 never is); then nothing reachable
        fast, full = _both_readings(document, page_, 1, stream, ids)
        assert fast is None or fast == full
    # the document has no structure tree, so nothing is reachable
    assert [(s.operator, s.marked_as) for s in stray_paint(document)] == full.strays


@pytest.mark.parametrize("stream", [
    # WeasyPrint's own shape: one glyph to a string, the font named inside the sequence
    b"/P <</MCID 0>> BDC BT 1 0 0 -1 68 127.4885 Tm {F} 12 Tf [<0026>0<0052>] TJ ET EMC",
    # a font named before the sequence; lines moved by Td, TD and T*; ' and "
    b"BT {F} 9 Tf /P <</MCID 0>> BDC 0 -14 TD <00260052> Tj T* <0045> ' 1 2 <0046> \" EMC ET",
    b"/P <</MCID 0>> BDC BT {F} 9 Tf 5 -3 Td [<00> 3 <002600> /N <>] TJ ET EMC",  # odd lengths
    b"/Artifact BMC /P <</MCID 0>> BDC BT {F} 9 Tf [<0026>] TJ ET EMC EMC",  # text of an MCID
    b"/P <</MCID 0>> BDC /Artifact BMC BT {F} 9 Tf [<0026>] TJ ET EMC EMC",  # and the other way
    b"/P <</MCID 0 /MCID 1>> BDC BT {F} 9 Tf <0026> Tj ET EMC",  # a key twice: the parser
    b"/P <</MCID 0>> BDC BT /Unknown 9 Tf <0026> Tj {F} 9 Tf <0026> Tj ET EMC",
    b"/P <</MCID 0>> BDC BT {F} 9 Tf 1 0 0 1 0 5 7 Tm <0026> Tj ET EMC",  # 7 operands: parser
    b"/P <</MCID 0>> BDC BT true {F} 9 Tf <0026> Tj ET EMC",  # true is an operand: parser
    b"/P <</MCID 0>> BDC BT {F} 9 Tf <0026> Tj ET",  # never closed
])
def test_the_fast_scan_reads_the_text_the_parser_reads(packs: dict[str, Pack],
                                                      stream: bytes) -> None:
    """Issue 15's checks read the text of each MCID: the scan must read what the parser
    reads, in a real font of a sample (its ToUnicode map), or hand the page to the parser."""
    with pikepdf.open(packs["dwp"].pdf) as document:
        page_ = document.pages[0]
        font = next(iter(page_.Resources.Font.keys())).encode()
        stream = stream.replace(b"{F}", font)
        page_.Contents = document.make_stream(stream)
        fast, full = _both_readings(document, page_, 1, stream, {0})
        assert fast is None or fast == full
        if b"MCID 0>>" in stream and b"Unknown" not in stream and fast is not None:
            assert full.text  # the case reads some text, so the comparison means something


def test_link_descriptions_keep_brackets_backslashes_and_accents() -> None:
    """The fix-ups write /Contents through WeasyPrint's own string type: what a screen
    reader hears must be the link's text exactly, whatever characters it holds."""
    from generator.policy.editions import available_editions, load_guidance
    from generator.policy.merging import Provenance, merge
    from generator.profile.load import load_profile
    from generator.profile.validation import validate
    from generator.render.pdf import render_pdf
    from tests.conftest import PROFILES, TODAY
    from tests.outputs import link_target

    text = "Café (main) desk \\ \u2018press\u2019 team"  # curly quotes, as Word types them
    html = ('<!DOCTYPE html><html lang="en-GB"><head><title>Links</title></head><body>'
            f'<h1>Links</h1><p><a href="https://example.org/a">{text}</a></p></body></html>')
    profile, _ = validate(load_profile(PROFILES / "dwp.yaml"), available_editions(), TODAY)
    policy = merge(profile, load_guidance(profile.base), None, Provenance("0" * 64, "t"))
    with pikepdf.open(io.BytesIO(render_pdf(html, policy).data)) as document:
        links = [(link_target(a), str(a.Contents)) for _, a in page_annotations(document)]
    assert links == [("https://example.org/a", text)]
