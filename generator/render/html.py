"""Stage 5a: render the policy as one self-contained, accessible HTML page.

The same HTML feeds the PDF renderer, so headings, tables and links are written once.
"""

from __future__ import annotations

import base64
import re
from functools import cache
from typing import Literal

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from generator.language import language_name
from generator.model import Inlines, Policy, Table, Words
from generator.policy import edition_name, is_departure, long_date, section_note
from generator.render.metrics import text_width_pt
from generator.resources import html_templates


def render_html(policy: Policy) -> str:
    """The policy page as HTML text, in the policy's language (`policy.words`)."""
    template = _environment().get_template("policy.html.j2")
    return template.render(_context(policy))


def _context(policy: Policy) -> dict[str, object]:
    """What both pages lay out: the policy, its fixed words (`w`), and its logo."""
    w = policy.words
    return {"policy": policy, "meta": policy.meta, "w": w, "logo_src": _logo_src(policy),
            "page_number": page_number(w), "own_language": language_name(policy.meta.language)}


def _logo_src(policy: Policy) -> str:
    logo = policy.logo
    if logo is None:
        return ""
    return f"data:{logo.media_type};base64,{base64.b64encode(logo.data).decode('ascii')}"


def render_use_page(policy: Policy) -> str:
    """The department's public "social media use" page as HTML text."""
    if policy.use_page is None:
        raise ValueError("this policy has no social media use page")
    template = _environment().get_template("use.html.j2")
    return template.render(_context(policy), page=policy.use_page)


def warm_up() -> None:
    """Compile the policy templates and read the stylesheet now (cached per process)."""
    _environment().get_template("policy.html.j2")
    _environment().get_template("use.html.j2")


def anchor(section_id: str) -> str:
    """A fragment ID for a section: its stable ID, which is already a valid HTML id."""
    return section_id


# Longer than this, a word may not fit a table column (about 29 mm of 8.5 pt text in the
# six-column table of channels): its cell may break it anywhere.
LONG_WORD = 20

CellFit = Literal["", "nowrap", "long"]
# The fields read as one unit, never broken inside, in HTML and PDF alike: a phone number
# over three lines, or "12 / May / 2026", is misread. Named by the column's heading (or, in
# a table of details with row headings, by the row's), in the catalogue's English: the
# pack's language is looked up through its words, so a Welsh "Ffôn" column is one too.
WHOLE_FIELDS = ("Phone", "Date", "Version", "Last updated", "Takes effect", "Review by")
# Where a long web address, email address or handle may break, so that it breaks at a part
# a reader sees as one (and that pdf.js and pdftotext keep whole): before "@" and ".",
# after "/" (Chicago Manual of Style 14.18); anywhere only where a part is longer still.
_BREAK_AT = re.compile(r"(?=[@.])|(?<=/)(?!/)")


def cell_fits(table: Table, w: Words) -> tuple[tuple[CellFit, ...], ...]:
    """How each cell of `table` may break, row by row: "nowrap" for a field read as one
    unit (a phone number, a date, a version), "long" for a cell with a word too long for a
    narrow column (it breaks that word, in its own cell only), else ""."""
    whole = {w(name) for name in WHOLE_FIELDS}
    by_column = [heading in whole for heading in table.columns]
    fits: list[tuple[CellFit, ...]] = []
    for row in table.rows:
        by_row = table.row_headers and "".join(i.text for i in row[0]) in whole
        fits.append(tuple(_fit(cell, by_column[i] or (by_row and i > 0))
                          for i, cell in enumerate(row)))
    return tuple(fits)


def _fit(cell: Inlines, whole: bool) -> CellFit:
    if whole and not long_word(cell):
        return "nowrap"
    return "long" if long_word(cell) else ""


def long_word(cell: Inlines) -> bool:
    """Whether a table cell holds a word too long for a narrow column."""
    return any(len(word) > LONG_WORD for item in cell for word in item.text.split())


def breakable(text: str) -> Markup:
    """Text, escaped, with a <wbr> (a place a line may break) inside each word longer than
    LONG_WORD: before "@" and ".", after "/". Short words are left as they are."""
    return Markup("").join(
        Markup("<wbr>").join(filter(None, _BREAK_AT.split(word))) if len(word) > LONG_WORD
        else word
        for word in re.split(r"(\s+)", text))


# The footer's title has a box of 40% of an A4 page's 174 mm text width, in 8.5 pt Noto
# Sans (policy.css @bottom-left). A title wider than that would wrap onto a second line.
FOOTER_BOX_PT = 0.40 * 174 / 25.4 * 72
FOOTER_SIZE_PT = 8.5


def running_title(title: str, department: str = "", short_name: str = "") -> str:
    """The title in each page's footer, on one line: a reader of a printed page needs to
    know which document it is. As it is where it fits; else with the department's short
    name for its name ("DWP social media policy"); else cut at a word, with an ellipsis."""
    if _fits(title):
        return title
    if department and short_name and department in title:
        title = title.replace(department, short_name)
        if _fits(title):
            return title
    words = title.split(" ")
    while len(words) > 1 and not _fits(" ".join(words) + "…"):
        words.pop()
    cut = " ".join(words)
    while len(cut) > 1 and not _fits(cut + "…"):  # one word wider than the box
        cut = cut[:-1]
    return cut.rstrip(" ,;:") + "…"


def _fits(text: str) -> bool:
    return text_width_pt(text, FOOTER_SIZE_PT) <= FOOTER_BOX_PT


def css_string(text: str) -> Markup:
    """Text as a CSS string literal: every character but letters, digits and spaces as a
    hex escape, so that no text can end the string or the <style> element."""
    escaped = "".join(c if (c.isalnum() and c.isascii()) or c == " " else f"\\{ord(c):x} "
                      for c in text)
    return Markup(f'"{escaped}"')


def _strict_environment() -> Environment:
    # Autoescaped and strict: profile text is always escaped, a missing value always fails.
    return Environment(
        loader=FileSystemLoader(html_templates()),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
    )


@cache
def _environment() -> Environment:
    env = _strict_environment()
    env.globals.update(
        long_date=long_date, anchor=anchor, section_note=section_note,
        is_departure=is_departure,
        edition_name=edition_name, cell_fits=cell_fits, breakable=breakable,
        running_title=running_title, css_string=css_string, escape=escape,
        kind=lambda obj: type(obj).__name__.lower(),
    )
    return env


@cache
def review_environment() -> Environment:
    """The environment for the reviewers' reports (compare, matrix, impact)."""
    return _strict_environment()


@cache
def review_css() -> str:
    return (html_templates() / "review.css").read_text("utf-8")


def page_number(w: Words) -> Markup:
    """The print footer's "Page 3 of 12" as a CSS `content` value: the words as strings, the
    numbers as WeasyPrint's page counters."""
    pieces = re.split(r"(\{page\}|\{pages\})", w("Page {page} of {pages}", page="{page}",
                                                   pages="{pages}"))
    counters = {"{page}": "counter(page)", "{pages}": "counter(pages)"}
    return Markup(" ").join(Markup(counters[piece]) if piece in counters else css_string(piece)
                            for piece in pieces if piece)
