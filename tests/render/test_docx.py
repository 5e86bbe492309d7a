"""The DOCX of every sample has what Word's Accessibility Checker and screen readers need."""

from __future__ import annotations

from docx import Document

from tests.conftest import Pack
from tests.outputs import W, docx_headings, docx_xml, html_info, skipped_levels

WP_DOCPR = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def test_language_in_default_run_properties(pack: Pack) -> None:
    styles = docx_xml(pack.docx, "word/styles.xml")
    lang = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert lang is not None
    assert lang.get(f"{W}val") == pack.profile.department.language
    assert Document(str(pack.docx)).core_properties.language == pack.profile.department.language


def test_core_properties_describe_this_policy(pack: Pack) -> None:
    properties = Document(str(pack.docx)).core_properties
    assert properties.title == html_info(pack.html).title
    assert properties.author == pack.profile.department.name
    assert properties.subject == "Social media policy"
    assert "python-docx" not in (properties.comments + properties.keywords)
    assert properties.created is not None
    assert properties.created.date() == pack.profile.policy.effective


def test_heading_styles_start_at_1_and_skip_no_level(pack: Pack) -> None:
    levels = [level for level, _ in docx_headings(pack.docx)]
    assert levels[0] == 1
    assert skipped_levels(levels) == []
    assert levels.count(1) == 1


def test_every_image_has_alt_text(pack: Pack) -> None:
    logo = pack.profile.department.logo
    assert logo is not None
    pictures = docx_xml(pack.docx).iter(WP_DOCPR)
    assert [p.get("descr") for p in pictures] == [logo.alt]


def test_every_table_has_a_header_row_and_a_caption(pack: Pack) -> None:
    body = docx_xml(pack.docx)
    tables = list(body.iter(f"{W}tbl"))
    assert len(tables) >= 3  # details, channels, contacts (and the register when it has rows)
    for table in tables:
        first_row = table.find(f"{W}tr")
        assert first_row.find(f"{W}trPr/{W}tblHeader") is not None
        look = table.find(f"{W}tblPr/{W}tblLook")
        assert look.get(f"{W}firstRow") == "1"
        assert table.find(f"{W}tblPr/{W}tblCaption").get(f"{W}val")


def test_hyperlinks_are_real_and_say_where_they_go(pack: Pack) -> None:
    document = Document(str(pack.docx))
    rels = document.part.rels
    body = docx_xml(pack.docx)
    external = {}
    for link in body.iter(f"{W}hyperlink"):
        text = "".join(t.text or "" for t in link.iter(f"{W}t"))
        assert text.strip()
        if link.get(R_ID):
            external[rels[link.get(R_ID)].target_ref] = text
        else:
            assert link.get(f"{W}anchor")  # a contents entry jumping to a heading
    for channel in pack.profile.channels:
        assert external[channel.url] == channel.account
    for contact in pack.profile.contacts:
        if contact.email:
            assert external[f"mailto:{contact.email}"] == contact.email


def test_contents_links_land_on_bookmarked_headings(pack: Pack) -> None:
    body = docx_xml(pack.docx)
    bookmarks = {b.get(f"{W}name") for b in body.iter(f"{W}bookmarkStart")}
    anchors = [link.get(f"{W}anchor") for link in body.iter(f"{W}hyperlink")
               if link.get(f"{W}anchor")]
    assert len(anchors) > 10
    assert set(anchors) <= bookmarks
