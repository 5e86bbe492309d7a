"""The department's words as the pack prints them (pure): typographic quotes, its addresses
as links, and its references to other sections as links to them.

The base text and the department's text arrive with straight quotes (' and "), typed on a
keyboard, beside the curly ones of the layout and the Welsh catalogue; a printed policy
uses one kind (GOV.UK's style: curly double and single quotes, the apostrophe curly too).
An email address written in a plain field ("write to foi@dwp.example") is a link in every
format, as the contacts' are.
A reference by title ("see Who to contact", "see the annex") is a link to that section, so
a reader who follows it lands there (WCAG 2.4.4, 2.4.5).

Never changed: an address, a URL or a handle (a word with @, :// or www.), whose quotes
belong to the address; and the text of a link, whose name the author chose.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

from generator.model import Inline, Inlines, Link, Text

# A word a quote inside must not change: an address, a URL or a handle.
_VERBATIM = re.compile(r"\S*(?:@|://|www\.)\S*")
# Before an opening quote: the start, a space, an opening bracket, a dash or another
# opening quote.
_LSQUO, _RSQUO, _LDQUO, _RDQUO = "\u2018", "\u2019", "\u201c", "\u201d"
_OPENS_AFTER = frozenset("([{-/\u2013\u2014" + _LSQUO + _LDQUO)
# An email address written as text (not a handle: "@name" has no local part). A URL is
# not linked: a link whose text is its own address tells a listener nothing (PDF/UA-1
# 7.18.5, WCAG 2.4.4), and the build's audit refuses one, while a plain field has no words
# that name the page. Trailing punctuation belongs to the sentence, not the address.
_ADDRESS = re.compile(
    r"(?<![\w.@/+'-])[A-Za-z0-9][A-Za-z0-9._%+'-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")


def typographic(text: str) -> str:
    """`text` with each straight quote turned to a curly one, an apostrophe too, outside
    addresses and handles."""
    if "'" not in text and '"' not in text:
        return text
    kept = {i for match in _VERBATIM.finditer(text) for i in range(*match.span())}
    out = list(text)
    for i, char in enumerate(text):
        if char not in "'\"" or i in kept:
            continue
        before = text[i - 1] if i else ""
        after = text[i + 1] if i + 1 < len(text) else ""
        if _other_script(before) or _other_script(after):
            continue  # Punjabi's 'ਤੇ, Urdu's: their own conventions, left as typed
        opening = (not before or before.isspace() or before in _OPENS_AFTER) and bool(
            after) and not after.isspace()
        out[i] = ((_LSQUO if opening else _RSQUO) if char == "'"
                  else (_LDQUO if opening else _RDQUO))
    return "".join(out)


def _other_script(char: str) -> bool:
    """A letter of a script other than Latin, whose quotes and apostrophes follow their own
    rules (an English reading of 'ਤੇ would make it an opening quote)."""
    return char.isalpha() and not unicodedata.name(char, "").startswith("LATIN")


def typographic_inlines(inlines: Inlines) -> Inlines:
    """Each run's quotes turned as `typographic` turns them, judged across the runs (a quote
    may open in one run and close after an emphasised word in the next)."""
    joined = "".join(item.text for item in inlines)
    turned = typographic(joined)
    if turned == joined:
        return inlines
    result: list[Inline] = []
    start = 0
    for item in inlines:
        end = start + len(item.text)
        result.append(item if isinstance(item, Link) else Text(turned[start:end], item.style))
        start = end
    return tuple(result)


def linked(inlines: Inlines) -> Inlines:
    """Each email address written in a text run as a link to it (mailto:)."""
    result: list[Inline] = []
    for item in inlines:
        if isinstance(item, Link) or not _ADDRESS.search(item.text):
            result.append(item)
            continue
        start = 0
        for match in _ADDRESS.finditer(item.text):
            if match.start() > start:
                result.append(Text(item.text[start:match.start()], item.style))
            result.append(Link(match.group(), f"mailto:{match.group()}"))
            start = match.end()
        if start < len(item.text):
            result.append(Text(item.text[start:], item.style))
    return tuple(result)


def prose(text: str) -> Inlines:
    """A plain field the department wrote, as the pack prints it: typographic quotes, and
    its email addresses as links (a register's reason, a version's changes)."""
    return typographic_inlines(linked((Text(text),))) if text else ()


def _reference(titles: Mapping[str, str]) -> re.Pattern[str] | None:
    """"see Who to contact", "see the section “Our official social media accounts”", "the
    section 'Who to contact'": a title after words that refer to a section. The longest
    title first, so that one title that starts another does not take its place."""
    if not titles:
        return None
    names = "|".join(re.escape(title) for title in sorted(titles, key=len, reverse=True))
    return re.compile(r"(?:\b[Ss]ee (?:the section )?|\bthe section )([\"'\u201c\u2018]?)"
                      rf"({names})(?![\w-])")


def cross_referenced(inlines: Inlines, titles: Mapping[str, str]) -> Inlines:
    """Each reference by title to a section of the pack (`titles`: title to its anchor) as
    a link to it; the words around it, and any quotes, stay as they were."""
    pattern = _reference(titles)
    if pattern is None or not any(isinstance(i, Text) and pattern.search(i.text)
                                  for i in inlines):
        return inlines
    result: list[Inline] = []
    for item in inlines:
        if isinstance(item, Link):
            result.append(item)
            continue
        start = 0
        for match in pattern.finditer(item.text):
            title_start, title_end = match.span(2)
            result.append(Text(item.text[start:title_start], item.style))
            result.append(Link(match.group(2), f"#{titles[match.group(2)]}"))
            start = title_end
        if start < len(item.text):
            result.append(Text(item.text[start:], item.style))
    return tuple(r for r in result if r.text)
