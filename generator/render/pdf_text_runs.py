"""The text of each marked-content sequence in WeasyPrint's content streams, before writing.

WeasyPrint draws every text box as its own marked-content sequence (/Span <</MCID n>> BDC
... EMC) holding one text object: a text matrix (its baseline), a font and a TJ array of
two-byte glyph codes, which the font's ToUnicode map turns back into text. The structure
fix-ups read that text to decide what a reader should get.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from itertools import repeat
from typing import Any

from generator.render.pdf_objects import PdfObjects

_CODE = re.compile(rb"<([0-9a-fA-F]{4})>\s*<([0-9a-fA-F]+)>")
_GLYPHS = re.compile(rb"<([0-9a-fA-F]*)>")
_ONE_GLYPH = re.compile(rb"<([0-9a-f]{4})>")


@dataclass(frozen=True)
class TextRun:
    """One marked-content sequence with an MCID and the text it paints."""

    page: int  # 0-based
    mcid: int
    begin: int  # index of its tag in the page's stream items (tag, properties, BDC)
    end: int  # index of its EMC
    text: str
    baseline: float | None  # the y of its last text matrix; None if it paints no text
    font: bytes | None  # the last font operand, e.g. b"/UPPXTE", and its size
    size: bytes | None
    last_et: int | None  # index of its last ET, where text may still be added
    origin: tuple[float, float] | None = None  # its first text matrix's (e, f)
    # `text` is what it was typed as, not what its glyphs read as, and is to be given as
    # /ActualText (see pdf_structure_fixes.Content)
    actual: bool = False


@dataclass(frozen=True)
class Font:
    name: bytes
    to_text: dict[bytes, str]  # glyph code as 4 lower-case hex digits -> text

    def space(self) -> str | None:
        """The code of a glyph that reads as one space, or None."""
        return self._space

    @cached_property
    def _space(self) -> str | None:  # asked at every line end: found once
        return next((code.decode() for code, text in sorted(self.to_text.items())
                     if text == " "), None)


class PageFonts:
    """The fonts a page's resources name, with their ToUnicode maps read once."""

    def __init__(self, objects: PdfObjects, page: dict[str, Any]) -> None:
        resources = objects.get(page.get("Resources"))
        named = objects.get(resources.get("Font")) if isinstance(resources, dict) else None
        self.fonts: dict[bytes, Font] = {}
        for name, reference in (named or {}).items():
            key = b"/" + str(name).lstrip("/").encode()
            self.fonts[key] = Font(key, _to_text(objects, objects.get(reference)))

    def with_space(self) -> Font | None:
        return next((f for _, f in sorted(self.fonts.items()) if f.space()), None)


def _to_text(objects: PdfObjects, font: Any) -> dict[bytes, str]:
    cmap = objects.get(font.get("ToUnicode")) if isinstance(font, dict) else None
    found: dict[bytes, str] = {}
    for line in getattr(cmap, "stream", []):
        for code, text in _CODE.findall(line if isinstance(line, bytes) else b""):
            found[code.lower()] = bytes.fromhex(text.decode()).decode("utf-16-be", "replace")
    return found


@dataclass(frozen=True)
class PageText:
    """A page's runs, and whether each shows its text in a font it set itself.

    The font that shows a run's text is the one named by the last Tf read inside any run.
    A run that shows text before naming its own font borrows the font of a run before it,
    and would read differently once that run is re-marked as an artifact (whose items are
    then no longer read). When no run borrows, re-marking runs changes no other run.
    """

    runs: list[TextRun]
    self_contained: bool
    marked: list[tuple[int, Any]]  # (index of the tag, MCID) of every BDC with an MCID


def read_page(objects: PdfObjects, page_index: int, fonts: PageFonts) -> PageText:
    items = objects.get(objects.pages[page_index]["Contents"]).stream
    runs: list[TextRun] = []
    marked: list[tuple[int, Any]] = []
    stack: list[_Open] = []
    reading: _Open | None = None  # the innermost sequence open, if it has an MCID
    reader = _Reader(fonts)
    for index, item in enumerate(items):
        # Most items are none of these: one look-up each, by the last three bytes.
        kind = _OPERATORS.get(item[-3:]) if isinstance(item, bytes) else None
        if kind is None:
            continue
        if kind == "BDC" and item == b"BDC":
            mcid = items[index - 1].get("MCID") if isinstance(items[index - 1], dict) else None
            stack.append(_Open(mcid, index - 2))
            if mcid is not None:
                marked.append((index - 2, mcid))
        elif kind == "BMC" and item == b"BMC":
            stack.append(_Open(None, index - 1))
        elif kind == "EMC" and item == b"EMC" and stack:
            opened = stack.pop()
            if opened.mcid is not None:
                runs.append(opened.run(page_index, index))
        elif reading is not None and kind in _TEXT:
            reader.read(kind, reading, item, index)
        else:
            continue
        reading = stack[-1] if stack and stack[-1].mcid is not None else None
    return PageText(runs, reader.self_contained, marked)


# The operators that matter, by an item's last three bytes: the marked-content operators
# (items of their own), and those the text is read from (with the space before them; ET
# stands alone).
_OPERATORS = {b"BDC": "BDC", b"BMC": "BMC", b"EMC": "EMC", b" Tm": "Tm", b" Tf": "Tf",
              b" TJ": "TJ", b" Tj": "TJ", b"ET": "ET"}
_TEXT = frozenset(("Tm", "Tf", "TJ", "ET"))


class _Reader:
    """The text state of one page's content as it is read: the font in use, and who set it."""

    def __init__(self, fonts: PageFonts) -> None:
        self.fonts = fonts
        self.font: Font | None = None
        self.setter: _Open | None = None  # the run whose Tf named `font`
        self.self_contained = True
        # Items met before, read once: a page names its few fonts, and paints its leader
        # dots, thousands of times with the same bytes.
        self._named: dict[bytes, tuple[bytes, bytes, Font | None]] = {}
        self._shown: dict[tuple[bytes, bytes], str] = {}

    def read(self, operator: str, run: _Open, item: bytes, index: int) -> None:
        if operator == "Tm":
            parts = item.split()
            run.baseline = float(parts[5])
            run.origin = run.origin or (float(parts[4]), run.baseline)
        elif operator == "Tf":
            if item not in self._named:
                name, size = item.split()[:2]
                self._named[item] = (name, size, self.fonts.fonts.get(name))
            run.font, run.size, self.font = self._named[item]
            self.setter = run
        elif operator == "TJ":  # or Tj
            self.self_contained = self.self_contained and self.setter is run
            if self.font is not None:
                key = (self.font.name, item)
                if key not in self._shown:
                    self._shown[key] = _shown(self.font, item)
                run.text.append(self._shown[key])
        else:  # ET
            run.last_et = index


def _shown(font: Font, item: bytes) -> str:
    """The text a TJ or Tj item shows in the font."""
    to_text = font.to_text
    item = item.lower()
    codes = _ONE_GLYPH.findall(item)
    if len(codes) == item.count(b"<"):  # one glyph to a hex string, as WeasyPrint writes
        return "".join(map(to_text.get, codes, repeat("")))
    return "".join(to_text.get(glyphs[i:i + 4], "") for glyphs in _GLYPHS.findall(item)
                   for i in range(0, len(glyphs), 4))


class _Open:
    """A marked-content sequence being read."""

    def __init__(self, mcid: int | None, begin: int) -> None:
        self.mcid, self.begin = mcid, begin
        self.text: list[str] = []
        self.baseline: float | None = None
        self.font: bytes | None = None
        self.size: bytes | None = None
        self.last_et: int | None = None
        self.origin: tuple[float, float] | None = None

    def run(self, page: int, end: int) -> TextRun:
        assert self.mcid is not None
        return TextRun(page, int(self.mcid), self.begin, end, "".join(self.text), self.baseline,
                       self.font, self.size, self.last_et, self.origin)
