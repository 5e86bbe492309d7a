"""The text of each marked-content sequence in WeasyPrint's content streams, before writing.

WeasyPrint draws every text box as its own marked-content sequence (/Span <</MCID n>> BDC
... EMC) holding one text object: a text matrix (its baseline), a font and a TJ array of
two-byte glyph codes, which the font's ToUnicode map turns back into text. The structure
fix-ups read that text to decide what a reader should get.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from generator.render.pdf_objects import PdfObjects

_CODE = re.compile(rb"<([0-9a-fA-F]{4})>\s*<([0-9a-fA-F]+)>")
_GLYPHS = re.compile(rb"<([0-9a-fA-F]*)>")


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


@dataclass(frozen=True)
class Font:
    name: bytes
    to_text: dict[str, str]  # glyph code as 4 hex digits -> text

    def space(self) -> str | None:
        """The code of a glyph that reads as one space, or None."""
        return next((code for code, text in sorted(self.to_text.items()) if text == " "), None)


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


def _to_text(objects: PdfObjects, font: Any) -> dict[str, str]:
    cmap = objects.get(font.get("ToUnicode")) if isinstance(font, dict) else None
    found: dict[str, str] = {}
    for line in getattr(cmap, "stream", []):
        for code, text in _CODE.findall(line if isinstance(line, bytes) else b""):
            found[code.decode().lower()] = bytes.fromhex(text.decode()).decode("utf-16-be",
                                                                                 "replace")
    return found


def text_runs(objects: PdfObjects, page_index: int, fonts: PageFonts) -> list[TextRun]:
    """Every marked-content sequence with an MCID on the page, in stream order."""
    items = objects.get(objects.pages[page_index]["Contents"]).stream
    runs: list[TextRun] = []
    stack: list[_Open] = []
    font: Font | None = None
    for index, item in enumerate(items):
        if item == b"BDC" or item == b"BMC":
            mcid = items[index - 1].get("MCID") if item == b"BDC" and isinstance(
                items[index - 1], dict) else None
            stack.append(_Open(mcid, index - (2 if item == b"BDC" else 1)))
        elif item == b"EMC" and stack:
            opened = stack.pop()
            if opened.mcid is not None:
                runs.append(opened.run(page_index, index))
        elif isinstance(item, bytes) and stack and stack[-1].mcid is not None:
            font = stack[-1].read(item, index, fonts, font)
    return runs


class _Open:
    """A marked-content sequence being read."""

    def __init__(self, mcid: int | None, begin: int) -> None:
        self.mcid, self.begin = mcid, begin
        self.text: list[str] = []
        self.baseline: float | None = None
        self.font: bytes | None = None
        self.size: bytes | None = None
        self.last_et: int | None = None

    def read(self, item: bytes, index: int, fonts: PageFonts, font: Font | None) -> Font | None:
        if item.endswith(b" Tm"):
            self.baseline = float(item.split()[5])
        elif item.endswith(b" Tf"):
            self.font, self.size = item.split()[:2]
            font = fonts.fonts.get(self.font)
        elif item.endswith((b" TJ", b" Tj")) and font is not None:
            for glyphs in _GLYPHS.findall(item):
                hexa = glyphs.decode().lower()
                self.text += [font.to_text.get(hexa[i:i + 4], "") for i in range(0, len(hexa), 4)]
        elif item == b"ET":
            self.last_et = index
        return font

    def run(self, page: int, end: int) -> TextRun:
        assert self.mcid is not None
        return TextRun(page, int(self.mcid), self.begin, end, "".join(self.text), self.baseline,
                       self.font, self.size, self.last_et)
