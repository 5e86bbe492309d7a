"""The text markup: a small Markdown subset parsed with a real parser, raw HTML off.

Paragraphs, bullet and numbered lists (one level), emphasis and links. Anything else in the
text stays literal text: profile text is data, never markup to execute. Placeholders are
filled in text runs *after* parsing, so a value can never turn into markup either.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

from generator.model import Block, Inline, Inlines, ItemList, Link, Paragraph, Text

ALLOWED_SCHEMES = ("https://", "http://", "mailto:")

Fill = Callable[[str], str]


class MarkupError(ValueError):
    """The text uses markup this project does not accept; the message says which, and
    `needle` is the text that shows where (so a message can point at its line)."""

    def __init__(self, message: str, needle: str = "") -> None:
        super().__init__(message)
        self.needle = needle


# Word and other editors paste their bullets as characters: a line that starts with one is
# a list item, written as Markdown's "- ". (•, ·, ◦, ▪ and ‣ always; an en or em dash only
# where a list could start, after a blank line or another item, as a dash that continues a
# sentence on the next line is no bullet.)
_BULLET = re.compile("^([ \t]*)[\u2022\u00b7\u25e6\u25aa\u2023][ \t]+")
_DASH = re.compile("^([ \t]*)[\u2013\u2014][ \t]+")
_LIST_ITEM = re.compile(r"^[ \t]*(?:[-*+]|\d+[.)])[ \t]+")
# Markdown that the subset does not support: it would be printed exactly as typed.
_UNSUPPORTED = (
    (re.compile(r"^ {0,3}#{1,6}[ \t]+\S.*$", re.MULTILINE), "a `#` heading",
     "policy text has no headings of its own: start a new section, as a local rule with its "
     "own title, or write the line as a paragraph"),
    (re.compile(r"^ {0,3}\|.*\|[ \t]*$", re.MULTILINE), "a table written with `|`",
     "policy text cannot hold a table: write each row as a list item"),
    (re.compile(r"^ {0,3}>[ \t]?\S.*$", re.MULTILINE), "a `>` quotation",
     "write the quotation as a paragraph, in quotation marks"),
    (re.compile(r"`[^`\n]+`"), "text in `backticks`",
     "write it without the backticks; use *emphasis* if it must stand out"),
    (re.compile(r"</?(?:a|b|i|u|em|strong|p|br|hr|div|span|ul|ol|li|h[1-6]|table|tr|td|th"
                r"|img|font|sup|sub|blockquote|code|pre|script|style|iframe)\b[^<>]*>",
                re.IGNORECASE), "an HTML tag",
     "policy text is not HTML: write plain text, with *emphasis*, **bold**, lists and "
     "[links](https://www.gov.uk/)"),
    (re.compile(r"!\[[^\]\n]*\]\("), "an image", "policy text cannot hold an image: describe "
     "it in words, or link to it with [words that name it](https://www.gov.uk/)"),
    (re.compile(r"<(?:https?://|mailto:)[^>\s]+>"), "an address in <angle brackets>",
     "write the link as [words that name the page](https://www.gov.uk/)"),
    (re.compile(r"~~[^~\n]+~~"), "~~struck-out~~ text", "leave out what is struck out"),
    (re.compile(r"^ {0,3}(?:-{3,}|={3,}|\*{3,}|_{3,})[ \t]*$", re.MULTILINE),
     "a line of ---, === or ***", "leave the line out: sections are separated already"),
    (re.compile(r"&(?:[A-Za-z]+|#\d+|#x[0-9A-Fa-f]+);"), "an HTML entity such as &amp;",
     "write the character itself (&, not &amp;)"),
)


@cache
def _parser() -> MarkdownIt:
    # "zero" turns every rule off; turn on only the subset. html=False keeps raw HTML as text.
    md = MarkdownIt("zero", {"html": False, "linkify": False, "typographer": False})
    # Let every link through the parser so _href can refuse a bad one with a message,
    # instead of markdown-it silently leaving `[text](file:...)` as plain text.
    md.validateLink = lambda url: True  # type: ignore[method-assign]
    return md.enable(["emphasis", "list", "link", "escape", "newline"])


def parse(source: str, fill: Fill | None = None) -> tuple[Block, ...]:
    """Parse `source` into blocks; `fill` (if given) fills placeholders in each text run."""
    tokens = _parser().parse(_pasted_bullets(source))
    return tuple(_blocks(iter(tokens), fill or (lambda text: text)))


def _pasted_bullets(source: str) -> str:
    """Lines pasted with Word's bullets, as Markdown list items."""
    lines = source.split("\n")
    for index, line in enumerate(lines):
        before = lines[index - 1] if index else ""
        may_start = not before.strip() or _LIST_ITEM.match(before) is not None
        if _BULLET.match(line) or (may_start and _DASH.match(line)):
            lines[index] = (_BULLET if _BULLET.match(line) else _DASH).sub(r"\1- ", line, 1)
    return "\n".join(lines)


def unsupported_markup(source: str) -> list[tuple[str, str, str]]:
    """(what, the text that shows it, how to write it instead) for each use of Markdown
    outside the subset, which would otherwise be printed as typed."""
    found = []
    for pattern, what, hint in _UNSUPPORTED:
        match = pattern.search(source)
        if match:
            found.append((what, match.group().strip(), hint))
    # Two or more • inside one line: a pasted list whose line breaks were lost.
    inline = re.search("\\S[ \t]+\u2022[ \t]+\\S[^\n]*[ \t]\u2022[ \t]", source)
    if inline:
        found.append(("bullets (\u2022) in the middle of a line", inline.group(),
                      "start each item on a line of its own with `- `, under `text: |`"))
    return found


# Link text that does not say where the link goes (WCAG 2.4.4).
VAGUE_LINK_TEXT = frozenset({"click here", "here", "click", "read more", "more", "link",
                             "this link", "this page", "find out more", "see here"})


def link_text_problem(text: str, href: str) -> str:
    """Why `text` is poor link text for `href`, or "" if it is fine."""
    words = " ".join(text.lower().strip(" .!:").split())
    if not words:
        return f"the link to {href} has no text"
    if words in VAGUE_LINK_TEXT:
        return f"the link text `{text}` does not say where the link goes"
    if looks_like_address(text):
        return f"the link text `{text}` is a bare address"
    return ""


def looks_like_address(text: str) -> bool:
    lowered = text.strip().lower()
    return lowered.startswith(("http://", "https://", "www.", "mailto:", "ftp://", "file:"))


def link_problems(blocks: tuple[Block, ...]) -> list[tuple[str, str]]:
    """Every poor link text in the parsed blocks: (message, the link's address, which shows
    where the link is written)."""
    problems = []
    for block in blocks:
        runs: list[Inlines] = (
            [block.inlines] if isinstance(block, Paragraph)
            else list(block.items) if isinstance(block, ItemList) else [])
        for run in runs:
            for item in run:
                if isinstance(item, Link) and (problem := link_text_problem(item.text, item.href)):
                    problems.append((problem, item.href))
    return problems


def _blocks(tokens: Iterator[Token], fill: Fill) -> Iterator[Block]:
    for token in tokens:
        if token.type == "paragraph_open":
            inline = next(tokens)
            next(tokens)  # paragraph_close
            yield Paragraph(_inlines(inline, fill))
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            yield _list(tokens, token.type == "ordered_list_open", fill)
        else:
            raise MarkupError(f"unexpected {token.type.replace('_', ' ')}")


def _list(tokens: Iterator[Token], ordered: bool, fill: Fill) -> ItemList:
    items: list[Inlines] = []
    current: list[Inline] = []
    for token in tokens:
        if token.type in ("bullet_list_close", "ordered_list_close"):
            return ItemList(ordered, tuple(items))
        if token.type in ("bullet_list_open", "ordered_list_open"):
            raise MarkupError("lists inside lists are not supported; use one level of list")
        if token.type == "list_item_open":
            current = []
        elif token.type == "inline":
            if current:
                current.append(Text(" "))
            current.extend(_inlines(token, fill))
        elif token.type == "list_item_close":
            items.append(tuple(current))
    raise MarkupError("a list is not closed")


def _inlines(token: Token, fill: Fill) -> Inlines:
    result: list[Inline] = []
    styles: list[str] = []
    link: tuple[str, list[str]] | None = None
    for child in token.children or []:
        kind = child.type
        if kind in ("em_open", "strong_open"):
            styles.append(kind[:-5])
        elif kind in ("em_close", "strong_close"):
            styles.pop()
        elif kind == "link_open":
            link = (_href(str(child.attrs.get("href", ""))), [])
        elif kind == "link_close" and link is not None:
            result.append(Link(" ".join("".join(link[1]).split()), link[0]))
            link = None
        elif kind in ("text", "softbreak", "hardbreak"):
            text = fill(child.content) if kind == "text" else " "
            if link is not None:
                link[1].append(text)
            else:
                result.append(Text(text, "strong" if "strong" in styles
                                   else "em" if "em" in styles else "plain"))
    return _merge(result)


def _href(href: str) -> str:
    if not href.lower().startswith(ALLOWED_SCHEMES):
        raise MarkupError(f"the link `{href}` is not allowed: links must start with "
                          "https://, http:// or mailto:", href)
    return href


def _merge(inlines: list[Inline]) -> Inlines:
    """Join neighbouring runs of the same style, so output has no needless fragments."""
    merged: list[Inline] = []
    for item in inlines:
        last = merged[-1] if merged else None
        if isinstance(item, Text) and isinstance(last, Text) and last.style == item.style:
            merged[-1] = Text(last.text + item.text, item.style)
        else:
            merged.append(item)
    return tuple(merged)
