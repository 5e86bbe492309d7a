"""Stage 5a: render the policy as one self-contained, accessible HTML page.

The same HTML feeds the PDF renderer, so headings, tables and links are written once.
"""

from __future__ import annotations

import base64
import re
from functools import cache

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from generator.model import Inlines, Policy, Words
from generator.policy import edition_name, is_departure, long_date, section_note
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


def long_word(cell: Inlines) -> bool:
    """Whether a table cell holds a word too long for a narrow column."""
    return any(len(word) > LONG_WORD for item in cell for word in item.text.split())


RUNNING_TITLE = 60  # characters: about two lines of the footer's box


def running_title(title: str) -> str:
    """The title in each page's footer, shortened at a word to fit its box."""
    if len(title) <= RUNNING_TITLE:
        return title
    cut = title[:RUNNING_TITLE - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut) + "…"


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
        edition_name=edition_name, long_word=long_word, running_title=running_title,
        css_string=css_string,
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


# Each language's name in itself, as a language switcher shows it: the same in every
# language, so no catalogue's (GOV.UK's language navigation; W3C "Language of parts").
LANGUAGE_NAMES = {"en": "English", "cy": "Cymraeg"}


def language_name(language: str) -> str:
    """"English" for en-GB, "Cymraeg" for cy; "" for a language the project has no name for."""
    return LANGUAGE_NAMES.get(language.split("-")[0].lower(), "")


def page_number(w: Words) -> Markup:
    """The print footer's "Page 3 of 12" as a CSS `content` value: the words as strings, the
    numbers as WeasyPrint's page counters."""
    pieces = re.split(r"(\{page\}|\{pages\})", w("Page {page} of {pages}", page="{page}",
                                                   pages="{pages}"))
    counters = {"{page}": "counter(page)", "{pages}": "counter(pages)"}
    return Markup(" ").join(Markup(counters[piece]) if piece in counters else css_string(piece)
                            for piece in pieces if piece)
