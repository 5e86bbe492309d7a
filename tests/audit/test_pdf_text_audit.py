"""`policy-pack audit` finds the tagged-text faults of issue 15 in any PDF: words glued at line
breaks, a link tagged and annotated several times or cut into a Link element a line, a table
cut in two that repeats its header.

Each known-bad file is WeasyPrint's own PDF/UA rendering with none of our fix-ups; the same
HTML through render_pdf (with them) must give no such finding.
"""

from __future__ import annotations

from functools import cache

import pytest

from generator.audit.pdf import audit_pdf
from generator.model import Policy
from generator.render.pdf import _weasyprint, render_pdf
from tests.conftest import PROFILES, TODAY

GLUED = "ISO 32000-1 14.8.2.5"
SPLIT_TABLE = "ISO 32000-1 14.8.4.3.4"
LINKS = "ISO 14289-1 7.18.5"

PROSE = ("<p style='width: 60mm'>This is the social media policy of the Department for Work "
         "and Pensions. The Digital Communications Team owns it and keeps it up to date, and "
         "it is derived from the Cabinet Office guidance, edition 2014-10.</p>")
BROKEN_WORDS = ("<p style='width: 20mm; overflow-wrap: break-word'>"
                "Recruitmentcampaignsandapprenticeships</p>"
                "<p style='width: 22mm'>see 2012-05-20-11-09 and well-known-to-everyone</p>")
ROWS = "".join(f"<tr><td>Role {i}</td><td>Name {i}</td></tr>" for i in range(40))
SPLIT = ("<table><caption>Contacts</caption><thead><tr><th>Role</th><th>Name</th></tr></thead>"
         f"<tbody>{ROWS}</tbody></table>")
CONTENTS = ("<nav><ol><li><a href='#a'>About this policy</a></li>"
            "<li><a href='#b'>Using social media</a></li></ol></nav>"
            "<h2 id='a'>About this policy</h2><p>Text.</p><h2 id='b'>Using social media</h2>")
LEADERS = "a::after { content: leader('.') ' ' target-counter(attr(href), page); }"


def page(body: str, css: str = "") -> str:
    return ('<!DOCTYPE html><html lang="en-GB"><head><title>Known bad</title>'
            f"<style>@page {{ size: A6; margin: 10mm }} {css}</style></head>"
            f"<body><h1>Known bad</h1>{body}</body></html>")


@cache
def policy() -> Policy:
    from generator.policy.editions import available_editions, load_guidance
    from generator.policy.merging import Provenance, merge
    from generator.profile.load import load_profile
    from generator.profile.validation import validate

    profile, _ = validate(load_profile(PROFILES / "dwp.yaml"), available_editions(), TODAY)
    return merge(profile, load_guidance(profile.base), None, Provenance("0" * 64, "t"))


def findings(data: bytes, rule: str) -> list[str]:
    _, found = audit_pdf(data, independent=False)
    return [f"{f.where}: {f.message}" for f in found if f.rule == rule]


def test_words_glued_at_line_breaks() -> None:
    found = findings(_weasyprint(page(PROSE)), GLUED)
    assert len(found) == 1
    assert "line breaks lose their word space" in found[0]
    assert "`DepartmentforWork`" not in found[0]  # the glued pairs are named as read
    assert findings(render_pdf(page(PROSE), policy()).data, GLUED) == []


def test_a_word_broken_to_fit_or_at_a_hyphen_is_not_glued() -> None:
    for data in (_weasyprint(page(BROKEN_WORDS)), render_pdf(page(BROKEN_WORDS), policy()).data):
        assert findings(data, GLUED) == []


def test_a_contents_entry_with_nested_links_and_overlapping_annotations() -> None:
    html = page(CONTENTS, LEADERS)
    found = findings(_weasyprint(html), LINKS)
    assert [f for f in found if "inside another Link" in f] == [
        "page 1: 4 Link elements inside another Link: a screen reader announces one link "
        "several times"]
    assert [f for f in found if "overlap" in f] == [
        "page 1: 4 link annotations overlap another to the same target: a screen reader "
        "and the tab order meet one link several times"]


# A link wrapped over three lines in a paragraph, and one cut by the page's foot; links side
# by side to one address (two table cells, two links in a sentence) are not pieces of one.
WRAPPED_LINK = ("<p style='width: 40mm'>See the <a href='https://www.gov.uk/guidance'>guidance "
                "on social media for civil servants, as published</a>.</p>"
                "<p style='width: 30mm'><a href='https://x.example/d'>One</a> "
                "<a href='https://x.example/d'>address</a></p>")
SIDE_BY_SIDE = ("<table><tr><td><a href='https://x.example/a'>Same</a></td>"
                "<td><a href='https://x.example/a'>address</a></td></tr></table>"
                "<p>Two: <a href='https://x.example/b'>one</a><a href='https://x.example/b'>two"
                "</a> and <a href='https://x.example/b'>three</a>.</p>")
ACROSS_PAGES = ("<div style='height: 90mm'></div><p style='orphans: 1; widows: 1'>At the foot: "
                "<a href='https://x.example/c'>a link that runs from the foot of one page onto "
                "the next page</a> and after.</p>")


def _pieces(data: bytes) -> list[str]:
    return [f for f in findings(data, LINKS) if "piece" in f]


def test_a_link_cut_into_a_link_element_a_line() -> None:
    """Issue 28: WeasyPrint tags each line of a link as a Link element of its own."""
    assert _pieces(_weasyprint(page(WRAPPED_LINK))) == [
        "page 1: 3 pieces of a link cut at a line or page break are a Link element of their "
        "own: a screen reader's links list reads each piece as a separate link"]
    assert _pieces(_weasyprint(page(ACROSS_PAGES))) == [
        "page 2: 1 piece of a link cut at a line or page break is a Link element of its own: "
        "a screen reader's links list reads each piece as a separate link"]
    for body in (WRAPPED_LINK, ACROSS_PAGES):
        assert _pieces(render_pdf(page(body), policy()).data) == []


def test_links_side_by_side_to_one_address_are_not_pieces_of_one() -> None:
    assert _pieces(_weasyprint(page(SIDE_BY_SIDE))) == []


def test_a_table_split_in_two_repeating_its_header_row() -> None:
    found = findings(_weasyprint(page(SPLIT)), SPLIT_TABLE)
    assert found and all("repeating the first's header row (Role Name)" in f for f in found)
    assert findings(render_pdf(page(SPLIT), policy()).data, SPLIT_TABLE) == []


@pytest.mark.parametrize("body", [PROSE, SPLIT, CONTENTS])
def test_the_fixed_rendering_has_none_of_these_findings(body: str) -> None:
    data = render_pdf(page(body), policy()).data
    assert findings(data, GLUED) + findings(data, SPLIT_TABLE) + [
        f for f in findings(data, LINKS) if "Link" in f or "overlap" in f] == []


def test_a_table_whose_caption_stands_alone() -> None:
    """The caption left on one page, the rows in a second table on the next (as dwp's
    Contacts table was): made by editing a good file with pikepdf."""
    import io

    import pikepdf

    from generator.audit.pdf_structure import elements

    with pikepdf.open(io.BytesIO(render_pdf(page(SPLIT), policy()).data)) as pdf:
        table = next(e for e in elements(pdf) if e.type == "/Table")
        table.obj.K = pikepdf.Array([k for k in table.obj.K if k.S == "/Caption"])
        out = io.BytesIO()
        pdf.save(out)
    assert findings(out.getvalue(), SPLIT_TABLE) == [
        "page 1: a table holds no rows: its caption stands alone, its rows probably in a "
        "second table after a page break (Kozea/WeasyPrint#2903)"]
