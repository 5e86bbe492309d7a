"""What independent readers get from a tagged PDF, block by block: poppler and pdf.js.

A block is a structure element that is not inside a line (P, H2, LBody, TD...). Its text is
the text of its marked content and inline elements (Span, Link) joined exactly as written:
no space is added between two pieces, so a word glued at a line break shows as glued. Two
blocks are separate things to a screen reader, so sections join blocks with a space.
"""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
PDFJS_SCRIPT = ROOT / "tests" / "pdfjs_read.mjs"
INLINE = frozenset(("Span", "Link", "Quote", "Code", "Reference", "Note", "Em", "Strong"))
HEADING = re.compile(r"H[1-6]")

Block = tuple[str, str]  # (structure type, text)


def pdfjs_read(path: Path) -> dict[str, Any]:
    """pdf.js's reading of the file (tests/pdfjs_read.mjs): struct trees, texts, outline."""
    done = subprocess.run(["node", str(PDFJS_SCRIPT), str(path)], capture_output=True,
                          text=True, check=True, cwd=ROOT, timeout=120)
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def pdfjs_blocks(read: dict[str, Any]) -> list[Block]:
    blocks: list[Block] = []
    for page in read["pages"]:
        tree = page["structTree"] or {}
        _pdfjs_walk(tree, page["marked"], blocks, None)
    return [(kind, text) for kind, text in blocks if text.strip()]


def _pdfjs_walk(node: dict[str, Any], marked: dict[str, str], blocks: list[Block],
                current: list[str] | None) -> None:
    role = node.get("role", "")
    inline = current is not None and (role in INLINE or role == "NonStruct")
    if not inline and role:
        blocks.append((role, ""))
        index = len(blocks) - 1
        current = []
    for kid in node.get("children", []):
        if kid.get("type") == "content":
            if current is not None:
                current.append(marked.get(kid["id"], ""))
        elif "role" in kid:
            _pdfjs_walk(kid, marked, blocks, current)
    if not inline and role:
        assert current is not None
        blocks[index] = (role, blocks[index][1] + "".join(current))
        current.clear()


@dataclass
class _PopplerNode:
    role: str
    inline: bool
    texts: list[Any] = field(default_factory=list)  # str or _PopplerNode, in order


_ELEMENT = re.compile(r"^(\s*)(\w+)(?: \((block|inline)\))?(?: <[^>]*>)?:?$")
_TEXT = re.compile(r'^(\s*)"(.*)"$')


def poppler_blocks(path: Path) -> list[Block]:
    """poppler's `pdfinfo -struct-text`: what a screen reader on poppler gets."""
    out = subprocess.run(["pdfinfo", "-struct-text", str(path)], capture_output=True,
                         text=True, check=True, timeout=300).stdout
    root = _PopplerNode("Root", False)
    stack: list[tuple[int, _PopplerNode]] = [(-1, root)]
    for line in out.splitlines():
        text = _TEXT.match(line)
        element = _ELEMENT.match(line)
        if text:
            depth = len(text.group(1))
            while stack[-1][0] >= depth:
                stack.pop()
            stack[-1][1].texts.append(text.group(2).replace('\\"', '"'))
        elif element:
            depth = len(element.group(1))
            while stack[-1][0] >= depth:
                stack.pop()
            node = _PopplerNode(element.group(2), element.group(3) == "inline")
            stack[-1][1].texts.append(node)
            stack.append((depth, node))
    blocks: list[Block] = []
    _poppler_walk(root, blocks)
    return [(kind, text) for kind, text in blocks if text.strip()]


def _poppler_walk(node: _PopplerNode, blocks: list[Block], inline: bool = False) -> str:
    """The inline text of a node; blocks found inside are added to `blocks` in order.

    NonStruct is transparent (ISO 32000-1 §14.8.4.2): its text reads as its parent's."""
    own: list[str] = []
    if not inline:
        blocks.append((node.role, ""))
        index = len(blocks) - 1
    for kid in node.texts:
        if isinstance(kid, str):
            own.append(kid)
        else:
            own.append(_poppler_walk(kid, blocks, kid.inline or kid.role == "NonStruct"))
    if inline:
        return "".join(own)
    blocks[index] = (node.role, "".join(own))
    return ""


Section = tuple[str, list[str]]  # (heading text, the words after it, headings not included)


def sections(blocks: list[Block]) -> list[Section]:
    """The blocks cut at every heading: each heading with the words that follow it."""
    found: list[Section] = [("", [])]
    for kind, text in blocks:
        if kind == "Lbl":
            continue  # a list item's bullet or number: the list's own, not the HTML's text
        if HEADING.fullmatch(kind):
            found.append((" ".join(text.split()), []))
        else:
            found[-1][1].extend(text.split())
    return found


class _HtmlSections(HTMLParser):
    """The HTML as printed: no skip link, no page footer (display: none in print)."""

    # Not in the PDF's tagged text: hidden in print, or (the protective marking) printed in
    # the page margins as an artifact.
    HIDDEN = ("skip-link", "page-footer", "marking")
    VOID = frozenset(("meta", "link", "br", "img", "hr", "input", "source", "wbr"))

    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, list[str]]] = [("", [])]
        self._skip: list[str] = []
        self._heading: list[str] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag in self.VOID:
            return
        if self._skip or tag in ("head", "style", "script") or set(classes) & set(self.HIDDEN):
            self._skip.append(tag)
        elif HEADING.fullmatch(tag.upper()):
            self._flush()
            self._heading = []
        elif tag in ("p", "li", "td", "th", "caption", "div", "section", "tr", "br"):
            self._text.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if self._skip:
            if self._skip[-1] == tag:
                self._skip.pop()
            return
        if self._heading is not None and HEADING.fullmatch(tag.upper()):
            self.found.append((" ".join("".join(self._heading).split()), []))
            self._heading = None
        elif tag in ("p", "li", "td", "th", "caption", "div", "tr"):
            self._text.append(" ")

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        (self._heading if self._heading is not None else self._text).append(data)

    def _flush(self) -> None:
        self.found[-1][1].extend("".join(self._text).split())
        self._text = []

    def close(self) -> None:
        super().close()
        self._flush()


def html_sections(path: Path) -> list[Section]:
    parser = _HtmlSections()
    parser.feed(path.read_text("utf-8"))
    parser.close()
    return parser.found


def without_page_numbers(found: list[Section]) -> list[Section]:
    """The contents list's page numbers are the PDF's own: drop them before comparing."""
    return [(heading, [w for w in words if not (heading == "Contents" and w.isdigit())])
            for heading, words in found]


def glued(pdf: list[Section], html: list[Section]) -> list[str]:
    """The PDF's words that are two or more of the HTML's words run together."""
    import difflib

    found: list[str] = []
    for (_, pdf_words), (_, html_words) in zip(pdf, html, strict=False):
        matcher = difflib.SequenceMatcher(a=pdf_words, b=html_words, autojunk=False)
        for op, a1, a2, b1, b2 in matcher.get_opcodes():
            if op == "replace" and "".join(pdf_words[a1:a2]) == "".join(html_words[b1:b2]):
                found += [w for w in pdf_words[a1:a2] if w not in html_words[b1:b2]]
    return found


# --- links: each Link element's text and the annotations it holds ------------------------------

Link = tuple[str, tuple[str, ...]]  # (text, the ids of the annotations it holds)


def pdfjs_links(read: dict[str, Any]) -> list[Link]:
    """Each page's Link elements as pdf.js's structure tree gives them, in order, with the
    ids of their annotations ("55R"). pdf.js builds a tree a page: a Link element holding
    content on two pages is read as one link on each."""
    found: list[Link] = []
    for page in read["pages"]:
        _pdfjs_find_links(page["structTree"] or {}, page["marked"], found)
    return found


def _pdfjs_find_links(node: dict[str, Any], marked: dict[str, str], found: list[Link]) -> None:
    if node.get("role") == "Link":
        objects = tuple(kid["id"] for kid in node["children"] if kid.get("type") == "object")
        text = _pdfjs_text(node, marked)
        # pdf.js serialises every child element of a node it shows on a page, but only that
        # page's content: a Link wholly on the next page, inside a list item that starts on
        # this one, shows here with nothing in it. Not a link of this page.
        if objects or text.strip():
            found.append((text, objects))
        return
    for kid in node.get("children", []):
        if "role" in kid:
            _pdfjs_find_links(kid, marked, found)


def _pdfjs_text(node: dict[str, Any], marked: dict[str, str]) -> str:
    return "".join(marked.get(kid["id"], "") if kid.get("type") == "content"
                   else _pdfjs_text(kid, marked) if "role" in kid else ""
                   for kid in node.get("children", []))


def poppler_links(path: Path) -> list[Link]:
    """poppler's `pdfinfo -struct-text`: each Link element's text and the object numbers of
    the annotations it holds ("55"), in document order."""
    out = subprocess.run(["pdfinfo", "-struct-text", str(path)], capture_output=True,
                         text=True, check=True, timeout=300).stdout
    found: list[tuple[str, list[str]]] = []
    depth: int | None = None  # the depth of the Link element being read
    for line in out.splitlines():
        indent = len(line) - len(line.lstrip())
        if depth is not None and indent <= depth:
            depth = None
        if depth is None and line.strip().startswith("Link"):
            depth = indent
            found.append(("", []))
        elif depth is not None:
            text, objects = found[-1]
            if (match := _TEXT.match(line)) is not None:
                found[-1] = (text + match.group(2).replace('\\"', '"'), objects)
            elif (number := re.fullmatch(r"\s*Object (\d+) \d+", line)) is not None:
                objects.append(number.group(1))
    return [(text, tuple(objects)) for text, objects in found]


class _HtmlLinks(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, str, str]] = []  # (text, href, class)
        self._open: tuple[str, str] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            attributes = dict(attrs)
            self._open = (attributes.get("href") or "", attributes.get("class") or "")
            self._text = []

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._open is not None:
            self.found.append((" ".join("".join(self._text).split()), *self._open))
            self._open = None


def html_links(path: Path) -> list[tuple[str, str, str]]:
    """Each <a href> of the HTML in order: (its text, whitespace folded; href; class)."""
    parser = _HtmlLinks()
    parser.feed(path.read_text("utf-8"))
    return parser.found
