"""Small screens, landmarks and column widths of the policy page, in HTML and in the PDF made
from it: a phone number, a date or a version is never broken inside a cell, a long address
breaks in its own cell only, the landmarks are the few a reader moves between, and each
printed page's footer is one line."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from lxml import html as lxml_html

from generator.model import ENGLISH_WORDS, Link, Table, Text
from generator.render.html import (
    FOOTER_BOX_PT,
    FOOTER_SIZE_PT,
    breakable,
    cell_fits,
    running_title,
)
from generator.render.metrics import text_width_pt
from tests.conftest import Pack


def contacts(email: str) -> Table:
    return Table("Contacts", ("Role", "Email", "Phone"), (
        ((Text("Head of Digital Communications"),), (Link(email, f"mailto:{email}"),),
         (Text("+44 20 7946 0000"),)),))


def test_a_phone_number_is_whole_and_a_long_address_breaks_in_its_own_cell() -> None:
    assert cell_fits(contacts("digital-comms@dwp.example"), ENGLISH_WORDS) == (
        ("", "long", "nowrap"),)
    assert cell_fits(contacts("a@b.example"), ENGLISH_WORDS) == (("", "", "nowrap"),)


def test_a_details_table_keeps_dates_whole_by_the_row_heading() -> None:
    details = Table("Document control", ("Detail", "Value"), (
        ((Text("Owner"),), (Text("Digital Communications Team"),)),
        ((Text("Review by"),), (Text("1 September 2027"),))), row_headers=True)
    assert cell_fits(details, ENGLISH_WORDS) == (("", ""), ("", "nowrap"))


def test_long_words_break_before_at_and_dot_and_after_slash() -> None:
    assert str(breakable("digital-comms@dwp.example")) == "digital-comms<wbr>@dwp<wbr>.example"
    assert str(breakable("see https://www.example.gov.uk/a")) == (
        "see https://<wbr>www<wbr>.example<wbr>.gov<wbr>.uk/<wbr>a")  # after the //
    assert str(breakable("a.b@c short <b>")) == "a.b@c short &lt;b&gt;"  # short: as is


@pytest.mark.parametrize(("title", "expected"), [
    ("DVLA social media policy", "DVLA social media policy"),
    ("Department for Work and Pensions social media policy", "DWP social media policy"),
])
def test_the_footer_title_is_one_line(title: str, expected: str) -> None:
    assert running_title(title, "Department for Work and Pensions", "DWP") == expected


def test_a_title_too_long_even_shortened_ends_in_an_ellipsis() -> None:
    title = "Social media policy of the " + "Very Long Named Agency " * 4
    shortened = running_title(title)
    assert shortened.endswith("…") and title.startswith(shortened[:-1])
    assert text_width_pt(shortened, FOOTER_SIZE_PT) <= FOOTER_BOX_PT
    assert text_width_pt(title, FOOTER_SIZE_PT) > FOOTER_BOX_PT


def cells(pack: Pack) -> list[lxml_html.HtmlElement]:
    return lxml_html.parse(str(pack.html)).xpath("//table//td | //table//th[@scope='row']")


def test_phone_numbers_and_dates_are_whole_in_the_written_html(pack: Pack) -> None:
    whole = re.compile(r"\+?[\d ]{9,}|\d{1,2} [A-Z][a-z]+ \d{4}")  # phones, English dates
    found = [c for c in cells(pack) if whole.fullmatch(c.text_content().strip())]
    if pack.profile.department.language == "en-GB":
        assert found
    assert [c.text_content() for c in found if c.get("class") != "nowrap"] == []


def test_the_landmarks_are_the_few_a_reader_moves_between(pack: Pack) -> None:
    for path in (pack.html, *pack.folder.glob("*-social-media-use*.html")):
        page = lxml_html.parse(str(path))
        named_sections = page.xpath("//section[@aria-labelledby or @aria-label]")
        assert [s.get("aria-labelledby") for s in named_sections] == (
            ["register"] if "policy" in path.name else [])
        assert page.xpath("//*[@role='region']") == []  # tables are named groups
        markings = page.xpath("//p[@class='marking']")
        assert all(m.xpath("ancestor::header or ancestor::footer") for m in markings)


def layout_text(pdf: Path) -> list[str]:
    """The PDF's pages as pdftotext -layout reads them."""
    out = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                         text=True, check=True).stdout
    return out.split("\f")[:-1]


def test_the_pdf_keeps_whole_cells_on_one_line(pack: Pack) -> None:
    """Each cell the HTML marks whole (a phone number, a date, a version) is on one line of
    the PDF's text as pdftotext -layout reads it, never "12 / May / 2026"."""
    lines = "\n".join(layout_text(pack.pdf))
    whole = {c.text_content().strip() for c in cells(pack) if c.get("class") == "nowrap"}
    assert any(" " in value for value in whole)  # dates, at least
    assert [value for value in whole if not re.search(
        r"(^|\s)" + re.escape(value) + r"(\s|$)", lines, re.MULTILINE)] == []


def test_every_printed_footer_is_one_line(pack: Pack) -> None:
    pages = layout_text(pack.pdf)
    for number, page in enumerate(pages[1:], start=2):
        lines = [line for line in page.splitlines() if line.strip()]
        footer = lines[-1]
        assert re.search(rf"\b{number}\D+{len(pages)}\s*$", footer), footer
        if pack.profile.department.language == "en-GB":
            assert footer.split("  ")[0].endswith(("policy", "…")), (number, footer)
