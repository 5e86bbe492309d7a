"""The PDF of every sample meets PDF/UA-1: checked on the real file, not assumed."""

from __future__ import annotations

import io
import re

import page
import pikepdf
import pytest

from generator.audit.pdf_structure import elements, page_annotations, stray_paint
from tests.conftest import Pack
from tests.outputs import html_info, link_target, pdf_outline, skipped_levels

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
    assert channel_texts <= {c.account for c in pack.profile.channels}


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


def test_the_fast_content_scan_finds_what_the_full_parser_finds(pack: Pack,
                                                               pdf: pikepdf.Pdf) -> None:
    """The audit's byte-level scan must report the same stray paint as pikepdf's parser,
    or Matterhorn 01-005 could pass unseen: on WeasyPrint's raw output (whose running
    footers are strays) and on the published file (which has none)."""
    from generator.audit.pdf_structure import _parsed_strays, _scanned_strays, reachable_mcids
    from generator.render.pdf import _weasyprint

    raw = pikepdf.open(io.BytesIO(_weasyprint(pack.html.read_text("utf-8"))))
    for document, expect_strays in ((raw, True), (pdf, False)):
        reachable = reachable_mcids(document)
        found = []
        for page_ in document.pages:
            ids = reachable.get(page_.obj.objgen, set())
            scanned = _scanned_strays(page_.obj.Contents.read_bytes(), ids)
            assert scanned is not None  # WeasyPrint's streams take the fast path
            assert scanned == _parsed_strays(page_, ids)
            found += scanned
        assert bool(found) == expect_strays


def test_a_stream_with_literal_strings_takes_the_full_parser() -> None:
    from generator.audit.pdf_structure import stray_paint

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
    from generator.audit.pdf_structure import _parsed_strays, _scanned_strays

    document = pikepdf.new()
    document.add_blank_page()
    page_ = document.pages[0]
    page_.Contents = document.make_stream(stream)
    for ids in ({0}, set()):  # MCID 0 reachable (9 never is); then nothing reachable
        scanned = _scanned_strays(stream, ids)
        assert scanned is None or scanned == _parsed_strays(page_, ids)
    # the document has no structure tree, so nothing is reachable
    assert [(s.operator, s.marked_as) for s in stray_paint(document)] == _parsed_strays(
        page_, set())


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
