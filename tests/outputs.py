"""Read what is inside the generated files: headings, links, tables, metadata."""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from html.parser import HTMLParser
from pathlib import Path

import pikepdf
from docx import Document
from lxml import etree

from generator.model import Channel

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


class _HtmlHeadings(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.headings: list[tuple[int, str]] = []
        self.lang: str | None = None
        self.title = ""
        self._in: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "html":
            self.lang = dict(attrs).get("lang")
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6", "title"):
            self._in, self._text = tag, []

    def handle_data(self, data: str) -> None:
        if self._in:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == self._in:
            text = " ".join("".join(self._text).split())
            if tag == "title":
                self.title = text
            else:
                self.headings.append((int(tag[1]), text))
            self._in = None


class _HtmlText(HTMLParser):
    """The text a reader sees: everything but the head, styles and scripts."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    _BLOCKS = frozenset(("p", "li", "td", "th", "tr", "caption", "h1", "h2", "h3", "h4", "h5",
                         "h6", "div", "section", "header", "footer", "nav", "main", "br"))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._hidden += tag in ("head", "style", "script")
        if tag in self._BLOCKS:
            self.parts.append(" ")  # blocks stand apart, as a browser shows them

    def handle_endtag(self, tag: str) -> None:
        self._hidden -= tag in ("head", "style", "script")
        if tag in self._BLOCKS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def html_text(path: Path) -> str:
    """The page's visible text, its white space collapsed."""
    parser = _HtmlText()
    parser.feed(path.read_text("utf-8"))
    return " ".join("".join(parser.parts).split())


def html_info(path: Path) -> _HtmlHeadings:
    parser = _HtmlHeadings()
    parser.feed(path.read_text("utf-8"))
    return parser


def docx_headings(path: Path) -> list[tuple[int, str]]:
    document = Document(str(path))
    return [(int(p.style.name.split()[-1]), p.text) for p in document.paragraphs
            if p.style.name.startswith("Heading ")]


def docx_xml(path: Path, part: str = "word/document.xml") -> etree._Element:
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read(part))


def pdf_outline(pdf: pikepdf.Pdf) -> list[tuple[int, str]]:
    """Bookmarks in reading order, with their depth (1 = top)."""
    found: list[tuple[int, str]] = []
    with pdf.open_outline() as outline:
        def walk(items: list[pikepdf.OutlineItem], depth: int) -> None:
            for item in items:
                found.append((depth, item.title))
                walk(item.children, depth + 1)
        walk(outline.root, 1)
    return found


def skipped_levels(levels: list[int]) -> list[tuple[int, int]]:
    """Pairs (previous, next) where a heading level jumps by more than one."""
    jumps = []
    previous = 0
    for level in levels:
        if level > previous + 1:
            jumps.append((previous, level))
        previous = level
    return jumps


class _HtmlTables(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._caption: list[str] | None = None
        self._rows: list[list[str]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._rows = []
        elif tag == "caption":
            self._caption = []
        elif tag == "tr":
            self._rows.append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)
        elif self._caption is not None:
            self._caption.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self._rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "caption" and self._caption is not None:
            self.caption = " ".join("".join(self._caption).split())
            self._caption = None
        elif tag == "table":
            self.tables[self.caption] = self._rows


def html_tables(path: Path) -> dict[str, list[list[str]]]:
    """Each table by its caption: rows of cell texts, header row first."""
    parser = _HtmlTables()
    parser.feed(path.read_text("utf-8"))
    return parser.tables


def docx_tables(path: Path) -> dict[str, list[list[str]]]:
    """Each table by its w:tblCaption: rows of cell texts, header row first."""
    tables = {}
    for table in docx_xml(path).iter(f"{W}tbl"):
        caption = table.find(f"{W}tblPr/{W}tblCaption").get(f"{W}val")
        tables[caption] = [[" ".join(_cell_text(cell).split()) for cell in row.findall(f"{W}tc")]
                           for row in table.findall(f"{W}tr")]
    return tables


def _cell_text(cell: etree._Element) -> str:
    """A cell's text as Word reads it: its w:t, and a w:noBreakHyphen as a hyphen."""
    return "".join("-" if node.tag == f"{W}noBreakHyphen" else node.text or ""
                   for node in cell.iter(f"{W}t", f"{W}noBreakHyphen"))


def docx_custom_properties(path: Path) -> dict[str, str]:
    root = docx_xml(path, "docProps/custom.xml")
    ns = "{http://schemas.openxmlformats.org/officeDocument/2006/custom-properties}"
    return {p.get("name"): "".join(p.itertext()) for p in root.iter(f"{ns}property")}


def pdf_text(path: Path) -> str:
    """The PDF's text as poppler reads it, whitespace folded."""
    import subprocess

    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout
    return " ".join(text.split())


def link_target(annot: pikepdf.Dictionary) -> str:
    """A link annotation's target: its URI, or '#name' for a jump inside the document."""
    action = annot.get("/A")
    if isinstance(action, pikepdf.Dictionary):
        if "/URI" in action:
            return str(action.URI)
        if "/D" in action:
            return "#" + _dest_name(action.D)
    if "/Dest" in annot:
        return "#" + _dest_name(annot.Dest)
    return ""


def _dest_name(dest: object) -> str:
    return str(dest) if isinstance(dest, pikepdf.String) else ""


def account_text(channel: Channel, channels: Sequence[Channel]) -> str:
    """What an account's link says: its handle, or, where the body has the same handle on
    another platform, its handle and platform (two links of one name must not go to two
    places)."""
    shared = [c for c in channels if c.account.strip().casefold()
              == channel.account.strip().casefold() and c.url != channel.url]
    return f"{channel.account} on {channel.platform}" if shared else channel.account
