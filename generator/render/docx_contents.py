"""The DOCX's contents: an entry for each part and section, each a link to its heading's
bookmark with a dot leader and a PAGEREF field for the heading's page, and the page each
field shows until Word or LibreOffice works it out, estimated from the text before it.
"""

from __future__ import annotations

from collections.abc import Iterable

from generator.model import Block, Inlines, ItemList, Paragraph, Policy, Table
from generator.render.docx_xml import LINK_RUN, field_xml, run_xml, style_xml

# A block-level content control that Word lists as its Table of Contents building block.
CONTENTS_BEGIN = ('<w:sdt><w:sdtPr><w:docPartObj><w:docPartGallery w:val="Table of Contents"/>'
                  "<w:docPartUnique/></w:docPartObj></w:sdtPr><w:sdtContent>")
CONTENTS_END = "</w:sdtContent></w:sdt>"

# The estimate's page, in units of about a line: fitted to LibreOffice's layout of the four
# samples (98 of 121 entries on the right page, the others one page early or late).
LINES_A_PAGE = 60
CHARACTERS_A_LINE = 95


class Bookmarks:
    """The Word bookmark of each heading, named the first time a heading, a contents entry
    or a link asks for it; a heading's w:id is its name's place in that order."""

    def __init__(self) -> None:
        self._names: dict[str, str] = {}

    def name(self, anchor: str) -> str:
        # Word bookmark names allow letters, digits and underscores only, 40 at most.
        if anchor not in self._names:
            self._names[anchor] = f"s{len(self._names) + 1:03d}_" + "".join(
                c if c.isalnum() else "_" for c in anchor)[:34]
        return self._names[anchor]

    def number(self, anchor: str) -> int:
        return list(self._names).index(anchor) + 1


def contents_xml(policy: Policy, bookmarks: Bookmarks) -> str:
    """The contents after their heading: the PDF's entries in the PDF's order, parts and
    their sections, not numbered.

    Not a TOC field: LibreOffice (7.4) takes a TOC field's result as fixed text, page
    numbers and all, and never updates it on opening, whatever w:updateFields or
    w:dirty say; a PAGEREF field outside one it works out as it lays out the pages.
    Word works out every field on opening (w:updateFields, docx_template.py). The
    content control names the block as Word's contents (its Table of Contents
    building block)."""
    pages = _estimated_pages(policy)
    entries = []
    for part in policy.parts:
        entries.append(_entry(part.title, bookmarks.name(part.id), "TOC1", pages[part.id]))
        for section in part.sections:
            entries.append(_entry(section.title, bookmarks.name(section.id), "TOC2",
                                  pages[section.id]))
    return CONTENTS_BEGIN + "".join(entries) + CONTENTS_END


def _entry(text: str, bookmark: str, style_id: str, page: int) -> str:
    """One link holding the heading's text, the dot leader and the page number, as Word
    writes its own entries: one link for a screen reader, not a second one saying "3"
    (so PAGEREF without \\h, which LibreOffice's PDF makes a link of its own). The
    leader's tab is not underlined: a dotted line with a rule under it."""
    return (f'<w:p>{style_xml(style_id)}<w:hyperlink w:anchor="{bookmark}" w:history="1">'
            f'{run_xml(text, LINK_RUN)}<w:r><w:rPr><w:rStyle w:val="Hyperlink"/>'
            f'<w:u w:val="none"/></w:rPr><w:tab/></w:r>'
            f"{field_xml(f'PAGEREF {bookmark}', str(page), LINK_RUN)}</w:hyperlink></w:p>")


def _estimated_pages(policy: Policy) -> dict[str, int]:
    """Each part's and section's page, estimated from the length of the text before it: what
    a reader sees until Word or LibreOffice works out the PAGEREF fields (Word on opening,
    once the reader agrees; LibreOffice always). The cover is page 1; the contents follow
    on a page of their own, a line an entry."""
    entries = sum(1 + len(part.sections) for part in policy.parts)
    page, line = 2 + entries // LINES_A_PAGE, 0
    pages: dict[str, int] = {}
    for index, part in enumerate(policy.parts):
        if index == 0 or part.new_page or line + 6 > LINES_A_PAGE:
            page, line = page + 1, 0
        pages[part.id] = page
        line += 3 + _lines(part.intro)
        page, line = page + line // LINES_A_PAGE, line % LINES_A_PAGE
        for section in part.sections:
            if line + 5 > LINES_A_PAGE:  # a heading is kept with what follows it
                page, line = page + 1, 0
            pages[section.id] = page
            line += 4 + _lines(section.blocks)
            page, line = page + line // LINES_A_PAGE, line % LINES_A_PAGE
    return pages


def _lines(blocks: Iterable[Block]) -> int:
    """About how many lines the blocks take, a blank line after each paragraph and table."""
    total = 0
    for block in blocks:
        if isinstance(block, Paragraph):
            total += 1 + -(-_length(block.inlines) // CHARACTERS_A_LINE)
        elif isinstance(block, ItemList):
            total += 1 + sum(-(-_length(item) // (CHARACTERS_A_LINE - 8)) for item in block.items)
        elif isinstance(block, Table):
            total += 4 + 2 * len(block.rows)
    return total


def _length(inlines: Inlines) -> int:
    return sum(len(item.text) for item in inlines)
