"""What the structure tree of any tagged PDF reads as: the text of its marked content, line by
line, and the checks of issue 15 that need it (words glued at line breaks, a table cut in two
that repeats its header row, a link tagged or annotated several times).

The text of each marked-content sequence comes from pdf_content.py (decoded with each font's
ToUnicode map, ISO 32000-1 §9.10.3); a line is a change of the text position's y.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from pikepdf import Dictionary, Name

from generator.audit.pdf_content import Chunk
from generator.audit.pdf_structure import Element
from generator.audit.report import Finding

_INLINE = frozenset(("/Span", "/Link", "/Quote", "/Code", "/Reference", "/Note", "/Em",
                     "/Strong", "/NonStruct"))
# A line may end inside a word where these end it: a hyphen, a soft hyphen, a slash, a dash.
_BREAKS_INSIDE_WORD = "-\u00ad\u2010\u2011\u2013\u2014/\u200b"


# --- reading the structure tree ----------------------------------------------------------------


def _content_keys(element: Element, page_of: dict[tuple[int, int], int]
                  ) -> Iterator[tuple[int, int]]:
    page = element.page
    for kid in element.kids:
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
