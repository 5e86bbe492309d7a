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
belong to the address, though the quotes and brackets around it are the sentence's and turn
(in "write to 'foi@dvla.example'" they curl, and the address is a link); and the text of a
link, whose name the author chose.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator, Mapping

from generator.model import Inline, Inlines, Link, Text

_LSQUO, _RSQUO, _LDQUO, _RDQUO = "\u2018", "\u2019", "\u201c", "\u201d"
# A word: what lies between spaces. Each is judged on its own, so the cost stays linear in
# the text's length (a pattern that scanned to the end of the text from each of its
# characters took two seconds on one 20,000-character word).
_WORD = re.compile(r"\S+")
# Around a protected word (an address, a URL, a handle), what belongs to the sentence and
# not to it: the quotes and brackets it sits in, the punctuation after it.
_QUOTES = "\"'" + _LSQUO + _RSQUO + _LDQUO + _RDQUO
_OPENERS = _QUOTES + "([{<"
_CLOSERS = _QUOTES + ")]}>.,;:!?"
_PAIRS = {")": "(", "]": "[", "}": "{", ">": "<"}
# Before an opening quote: the start, a space, an opening bracket, a dash or another
# opening quote.
_OPENS_AFTER = frozenset("([{-/\u2013\u2014" + _LSQUO + _LDQUO)
# An email address written as text (not a handle: "@name" has no local part), the whole of
# a word but for the quotes, brackets and punctuation around it. A URL is not linked: a
# link whose text is its own address tells a listener nothing (PDF/UA-1 7.18.5, WCAG
# 2.4.4), and the build's audit refuses one, while a plain field has no words that name
# the page.
_ADDRESS = re.compile(r"[A-Za-z0-9][A-Za-z0-9._%+'-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
# An elided "and" ("rock 'n' roll"), whose two quotes are both apostrophes.
_ELISION = re.compile(r"'[nN]'(?=\s)")
# A year cut to two digits ("the '90s", "summer '26"): the quote is an apostrophe.
_YEAR = re.compile(r"'\d\d(?!\d)")


def _is_url(word: str) -> bool:
    return "://" in word or "www." in word


def _protected(word: str) -> bool:
    """An address, a URL or a handle, whose quotes are its own."""
    return "@" in word or _is_url(word)


def _core(word: str) -> tuple[int, int]:
    """The span of a protected `word` without the quotes, brackets and punctuation around
    it: `'foi@dvla.example'.` is the address and three marks of the sentence. A closing
    mark whose opening one is inside stays: the bracket of `…/wiki/Code_(law)`, the quote
    of `www.example.com/'a'` (not an apostrophe's, `/it's`, nor one after an address's @,
    where no quote can be)."""
    start = len(word) - len(word.lstrip(_OPENERS))
    end = len(word)
    inside = Counter(word[start:end])
    quotes = _open_quotes(word, max(start, word.rfind("@", start, end) + 1), end)
    while end > start and word[end - 1] in _CLOSERS:
        char = word[end - 1]
        inside[char] -= 1
        if char == "'":
            quotes -= 1
            if quotes % 2:
                break
        elif char in _PAIRS and inside[_PAIRS[char]] > inside[char]:
            break
        end -= 1
    return start, end


def _open_quotes(word: str, start: int, end: int) -> int:
    """How many straight single quotes in `word[start:end]` are quotes, not an apostrophe
    between two letters."""
    return sum(1 for i in range(start, end) if word[i] == "'" and not (
        0 < i < len(word) - 1 and word[i - 1].isalnum() and word[i + 1].isalnum()))


def _kept(text: str) -> set[int]:
    """Where in `text` a quote belongs to an address, a URL or a handle."""
    kept: set[int] = set()
    for word in _WORD.finditer(text):
        if _protected(word.group()):
            start, end = _core(word.group())
            kept.update(range(word.start() + start, word.start() + end))
    return kept


def typographic(text: str) -> str:
    """`text` with each straight quote turned to a curly one, an apostrophe too, outside
    addresses and handles.

    A quote's direction is judged from the character before it as already turned: in
    `"'hi'"` the single quote follows an opening double one, so it opens too."""
    if "'" not in text and '"' not in text:
        return text
    kept = _kept(text)
    out = list(text)
    for i, char in enumerate(text):
        if char not in "'\"" or i in kept:
            continue
        before = out[i - 1] if i else ""
        after = text[i + 1] if i + 1 < len(text) else ""
        if _other_script(before) or _other_script(after):
            continue  # Punjabi's 'ਤੇ, Urdu's: their own conventions, left as typed
        if char == "'" and _apostrophe(text, i, before):
            out[i] = _RSQUO
            continue
        opening = (not before or before.isspace() or before in _OPENS_AFTER) and bool(
            after) and not after.isspace()
        out[i] = ((_LSQUO if opening else _RSQUO) if char == "'"
                  else (_LDQUO if opening else _RDQUO))
    return "".join(out)


def _apostrophe(text: str, i: int, before: str) -> bool:
    """A single quote at the start of a word that is no opening quote: "the '90s", "rock
    'n' roll" (the elision's closing quote is an apostrophe by the usual rule)."""
    if before and not before.isspace() and before not in _OPENS_AFTER:
        return False
    return bool(_YEAR.match(text, i) or ((not before or before.isspace())
                                         and _ELISION.match(text, i)))


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


def _addresses(text: str) -> Iterator[tuple[int, int]]:
    """Where each email address written in `text` starts and ends: a word, less the quotes,
    brackets and punctuation around it, that is one; never the tail of a URL
    (`https://forms.example/?to=foi@dvla.example`), which is no address to write to."""
    for word in _WORD.finditer(text):
        if "@" not in word.group() or _is_url(word.group()):
            continue
        start, end = _core(word.group())
        if _ADDRESS.fullmatch(word.group(), start, end):
            yield word.start() + start, word.start() + end


def linked(inlines: Inlines) -> Inlines:
    """Each email address written in a text run as a link to it (mailto:)."""
    return tuple(part for item in inlines
                 for part in ((item,) if isinstance(item, Link) else _linked_run(item)))


def _linked_run(run: Text) -> Inlines:
    spans = tuple(_addresses(run.text)) if "@" in run.text else ()
    if not spans:
        return (run,)
    result: list[Inline] = []
    start = 0
    for first, last in spans:
        if first > start:
            result.append(Text(run.text[start:first], run.style))
        address = run.text[first:last]
        result.append(Link(address, f"mailto:{address}"))
        start = last
    if start < len(run.text):
        result.append(Text(run.text[start:], run.style))
    return tuple(result)


def prose(text: str, titles: Mapping[str, str] | None = None) -> Inlines:
    """A plain field the department wrote, as the pack prints it (a register's reason, a
    version's changes): its references by title to a section (`titles`: title to anchor)
    and its email addresses as links, and typographic quotes, as in the sections' text."""
    if not text:
        return ()
    return typographic_inlines(linked(cross_referenced((Text(text),), titles or {})))


def _reference(titles: Mapping[str, str]) -> re.Pattern[str] | None:
    """"see Who to contact", "see the section “Our official social media accounts”", "the
    section 'Who to contact'": a title after words that refer to a section. The longest
    title first, so that one title that starts another does not take its place."""
    if not titles:
        return None
    names = "|".join(re.escape(title) for title in sorted(titles, key=len, reverse=True))
    return re.compile(r"(?:\b[Ss]ee (?:the section )?|\bthe section )([\"'\u201c\u2018]?)"
                      rf"({names})(?![\w-])")


# Where a title of one or two words ends, if it is the reference: at the sentence's
# punctuation, a closing bracket or quote, a dash between spaces, or the end of the text.
_TITLE_ENDS = re.compile(r"\s*$|[.,;:!?)\]}\"'\u2019\u201d\u2026]|\s[-\u2013\u2014]\s")


def _is_reference(match: re.Match[str]) -> bool:
    """A title named in quotes, of three words or more, or ending where a reference ends:
    "see Equality Act 2010 guidance" names no section called Equality, and "see Political
    activity rules of the Civil Service Code" none called Political activity."""
    return (bool(match.group(1)) or len(match.group(2).split()) >= 3
            or bool(_TITLE_ENDS.match(match.string, match.end())))


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
        for match in filter(_is_reference, pattern.finditer(item.text)):
            title_start, title_end = match.span(2)
            result.append(Text(item.text[start:title_start], item.style))
            result.append(Link(match.group(2), f"#{titles[match.group(2)]}"))
            start = title_end
        if start < len(item.text):
            result.append(Text(item.text[start:], item.style))
    return tuple(r for r in result if r.text)
