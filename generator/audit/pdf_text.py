"""What the structure tree of any tagged PDF reads as: the text of its marked content, line by
line, and the checks of issue 15 that need it (words glued at line breaks, a table cut in two
that repeats its header row, a link tagged or annotated several times).

Text is decoded with each font's ToUnicode map (ISO 32000-1 §9.10.3), as a screen reader's
PDF library does; a line is a change of the text position's y.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import pikepdf
from pikepdf import Array, Dictionary, Name

from generator.audit.pdf_structure import Element, read_bounded
from generator.audit.report import Finding

_OPERATORS = "BDC BMC EMC BT Tf Tm Td TD T* TJ Tj ' \""
_INLINE = frozenset(("/Span", "/Link", "/Quote", "/Code", "/Reference", "/Note", "/Em",
                     "/Strong", "/NonStruct"))
_BFCHAR = re.compile(rb"beginbfchar(.*?)endbfchar", re.S)
_BFRANGE = re.compile(rb"beginbfrange(.*?)endbfrange", re.S)
_HEX = re.compile(rb"<([0-9A-Fa-f]*)>")
_RANGE = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]*>|\[[^\]]*\])")
# No font has more glyph codes than two bytes can name: a map claiming more is hostile.
_MAX_CODES = 65536
# A line may end inside a word where these end it: a hyphen, a soft hyphen, a slash, a dash.
_BREAKS_INSIDE_WORD = "-\u00ad\u2010\u2011\u2013\u2014/\u200b"


@dataclass(frozen=True)
class Chunk:
    """Text painted by one text-showing operator, on its line."""

    page: int  # 1-based
    y: float
    text: str


class _Font:
    def __init__(self, font: Dictionary) -> None:
        self.width = 2 if font.get("/Subtype") == Name.Type0 else 1
        self.map: dict[bytes, str] = {}
        self.budget = _MAX_CODES  # codes still to be read: a hostile map can claim millions
        cmap = font.get("/ToUnicode")
        if isinstance(cmap, pikepdf.Stream):
            self._read(read_bounded(cmap))

    def _read(self, data: bytes) -> None:
        for block in _BFCHAR.findall(data):
            codes = _HEX.findall(block)
            for source, target in zip(codes[::2], codes[1::2], strict=False):
                self._add(source, target)
        for block in _BFRANGE.findall(data):
            for low, high, target in _RANGE.findall(block):
                self._add_range(low, high, target)

    def _add(self, source: bytes, target: bytes) -> None:
        self.budget -= 1
        if len(source) % 2 or self.budget < 0:
            return  # a malformed or hostile map: what was read so far is enough
        key = bytes.fromhex(source.decode())
        self.width = len(key) or self.width
        self.map[key] = _utf16(target)

    def _add_range(self, low: bytes, high: bytes, target: bytes) -> None:
        size = len(low) // 2
        if len(low) % 2 or len(high) != len(low):
            return  # malformed: the codes of a range have one length
        start = int(low, 16)
        end = min(int(high, 16), start + self.budget - 1)
        self.budget -= max(0, end - start + 1)
        targets = [t for t in _HEX.findall(target) if not len(t) % 2]
        listed = target.startswith(b"[")
        base = bytes.fromhex(targets[0].decode()) if targets and not listed else b""
        for offset, code in enumerate(range(start, end + 1)):
            key = code.to_bytes(size, "big")
            if listed and offset < len(targets):
                self.map[key] = _utf16(targets[offset])
            elif base:  # consecutive targets, the last byte counting up (§9.10.3)
                bumped = (int.from_bytes(base, "big") + offset) % (1 << 8 * len(base))
                self.map[key] = bumped.to_bytes(len(base), "big").decode("utf-16-be",
                                                                          "replace")

    def decode(self, data: bytes) -> str:
        if not self.map:
            return data.decode("latin-1")
        step = self.width
        return "".join(self.map.get(data[i:i + step], "") for i in range(0, len(data), step))


def _utf16(hexa: bytes) -> str:
    try:
        return bytes.fromhex(hexa.decode()).decode("utf-16-be", "replace")
    except ValueError:
        return ""


def marked_text(pdf: pikepdf.Pdf) -> dict[tuple[int, int], list[Chunk]]:
    """(page number, MCID) -> the text chunks that marked content paints, in stream order."""
    found: dict[tuple[int, int], list[Chunk]] = {}
    for number, page in enumerate(pdf.pages, start=1):
        if "/Contents" in page.obj:
            for stream in _page_streams(page):
                read_bounded(stream)  # StreamTooLarge before pikepdf parses it all
            _read_page(page, number, found)
    return found


def _page_streams(page: pikepdf.Page) -> list[pikepdf.Object]:
    contents = page.obj.get("/Contents")
    if isinstance(contents, Array):
        return list(contents)
    return [contents] if isinstance(contents, pikepdf.Stream) else []


def _read_page(page: pikepdf.Page, number: int,
               found: dict[tuple[int, int], list[Chunk]]) -> None:
    fonts: dict[str, _Font] = {}
    resources = page.obj.get("/Resources", Dictionary()).get("/Font", Dictionary())
    stack: list[int | None] = []
    font: _Font | None = None
    y = leading = 0.0
    for instruction in pikepdf.parse_content_stream(page, _OPERATORS):
        if isinstance(instruction, pikepdf.ContentStreamInlineImage):
            continue
        op, operands = str(instruction.operator), list(instruction.operands)
        if op in ("BDC", "BMC"):
            properties = operands[1] if op == "BDC" and len(operands) > 1 else None
            mcid = properties.get("/MCID") if isinstance(properties, Dictionary) else None
            stack.append(int(mcid) if mcid is not None else None)
        elif op == "EMC" and stack:
            stack.pop()
        elif op == "Tf" and operands:
            name = str(operands[0])
            entry = resources.get(name)
            if name not in fonts and isinstance(entry, Dictionary):
                fonts[name] = _Font(entry)
            font = fonts.get(name)
        elif op == "Tm" and len(operands) == 6:
            y = float(operands[5])
        elif op in ("Td", "TD") and len(operands) == 2:
            y += float(operands[1])
            leading = -float(operands[1]) if op == "TD" else leading
        elif op in ("T*", "'", '"'):
            y -= leading
        if op in ("TJ", "Tj", "'", '"') and font is not None:
            owner = next((m for m in reversed(stack) if m is not None), None)
            if owner is not None:
                text = _shown(font, operands)
                found.setdefault((number, owner), []).append(Chunk(number, y, text))


def _shown(font: _Font, operands: Sequence[object]) -> str:
    shown = operands[-1] if operands else b""
    parts = list(shown) if isinstance(shown, Array) else [shown]
    return "".join(font.decode(bytes(p)) for p in parts if isinstance(p, pikepdf.String))


# --- reading the structure tree ----------------------------------------------------------------


def _content_keys(element: Element, page_of: dict[tuple[int, int], int]
                  ) -> Iterator[tuple[int, int]]:
    page = element.obj.get("/Pg")
    kids = element.obj.get("/K")
    for kid in list(kids) if isinstance(kids, Array) else [kids]:
        if isinstance(kid, int) and page is not None and page.objgen in page_of:
            yield page_of[page.objgen], int(kid)
        elif isinstance(kid, Dictionary) and kid.get("/Type") == Name.MCR:
            kid_page = kid.get("/Pg", page)
            if kid_page is not None and kid_page.objgen in page_of:
                yield page_of[kid_page.objgen], int(kid.MCID)


def blocks(walked: list[Element], page_of: dict[tuple[int, int], int],
           texts: dict[tuple[int, int], list[Chunk]]) -> list[list[Chunk]]:
    """The text chunks of each block element (paragraph, heading, cell...), in reading order.

    Inline elements (and NonStruct, ISO 32000-1 §14.8.4.2) read as part of the block around
    them; a new block starts at every element that is not inline.
    """
    found: list[list[Chunk]] = []
    open_blocks: list[tuple[int, list[Chunk]]] = []  # (depth, chunks)
    for element in walked:
        depth = len(element.parents)
        while open_blocks and open_blocks[-1][0] >= depth:
            open_blocks.pop()
        if element.type not in _INLINE or not open_blocks:
            open_blocks.append((depth, []))
            found.append(open_blocks[-1][1])
        for key in _content_keys(element, page_of):
            open_blocks[-1][1].extend(texts.get(key, []))
    return [chunks for chunks in found if chunks]


def _lines(chunks: list[Chunk]) -> list[str]:
    lines: list[str] = []
    previous: tuple[int, float] | None = None
    for chunk in chunks:
        where = (chunk.page, round(chunk.y, 1))
        if where != previous or not lines:
            lines.append("")
        lines[-1] += chunk.text
        previous = where
    return lines


def glued_words(block: list[Chunk]) -> list[str]:
    """Words a reader of the tags gets run together where a line broke at a space.

    A line that ends in a letter or digit, with the next starting with one and no space
    painted at either side, glues two words, unless the line holds no space at all (a long
    word broken to fit, read rightly as one) or ends at a hyphen, dash or slash.
    """
    lines = _lines(block)
    glued = []
    for line, following in itertools.pairwise(lines):
        if (line and following and line[-1].isalnum() and following[0].isalnum()
                and " " in line.strip() and line[-1] not in _BREAKS_INSIDE_WORD):
            glued.append(line.split()[-1] + following.split()[0])
    return glued


def header_rows(walked: list[Element], page_of: dict[tuple[int, int], int],
                texts: dict[tuple[int, int], list[Chunk]]) -> list[tuple[str, int]]:
    """Each table's first row: its text and the page it is on."""
    rows: list[tuple[str, int]] = []
    for index, table in enumerate(walked):
        if table.type != "/Table":
            continue
        inside = _until_sibling(walked, index)
        first = next((i for i, e in enumerate(inside) if e.type == "/TR"), None)
        if first is None:
            continue
        start = index + 1 + first
        chunks = [c for e in [walked[start], *_until_sibling(walked, start)]
                  for key in _content_keys(e, page_of) for c in texts.get(key, [])]
        if chunks:
            rows.append((" ".join(" ".join(c.text for c in chunks).split()), chunks[0].page))
    return rows


def _until_sibling(walked: list[Element], start: int) -> list[Element]:
    depth = len(walked[start].parents)
    found = []
    for element in walked[start + 1:]:
        if len(element.parents) <= depth:
            break
        found.append(element)
    return found


def split_tables(walked: list[Element], page_of: dict[tuple[int, int], int],
                 texts: dict[tuple[int, int], list[Chunk]]) -> Iterator[Finding]:
    """A table cut by a page break into two, the second repeating the header row as content."""
    rows = header_rows(walked, page_of, texts)
    for (first, page), (second, next_page) in itertools.pairwise(rows):
        if first and first == second and next_page > page:
            yield Finding("ISO 32000-1 14.8.4.3.4", f"page {next_page}", "a table cut by a "
                          "page break is tagged as two tables, the second repeating the "
                          f"first's header row ({first}) as content: a screen reader announces "
                          "a new table and reads the header again (Kozea/WeasyPrint#2903)")


def empty_tables(walked: list[Element]) -> Iterator[tuple[Element, bool]]:
    """Each table that holds no row, with whether it holds a caption."""
    for index, table in enumerate(walked):
        if table.type == "/Table":
            inside = [e.type for e in _until_sibling(walked, index)]
            if "/TR" not in inside:
                yield table, "/Caption" in inside
