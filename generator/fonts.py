"""What the bundled fonts can draw, and which characters of a text they cannot.

The PDF is drawn with the fonts in templates/fonts only (templates/html/fonts.css), so that
every machine writes the same bytes. A character that none of them has is drawn with
whatever font the machine has, so two machines write different PDFs, or with the .notdef
glyph, which PDF/UA-1 forbids (ISO 14289-1 7.21.8) and the PDF audit refuses. Finding such
characters in a profile before a build lets `check` name them in words its author knows.
"""

from __future__ import annotations

import struct
import unicodedata
from array import array
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import fontTools  # type: ignore[import-untyped]
from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

from generator.memo import file_sha256, remembered
from generator.resources import fonts


@dataclass(frozen=True)
class Undrawable:
    """A character of a text that no bundled font can draw.

    `index` is its position in the text (in characters, as Python counts them), `char` the
    character itself, and `name` says what it is in plain words, for a profile's author:
    "the Chinese character 字 (U+5B57)".
    """

    index: int
    char: str
    name: str


def undrawable(text: str) -> list[Undrawable]:
    """Every character of `text` that no bundled font has a glyph for, in text order.

    Left out: the space, tab and line break, and the invisible characters that the shaper
    is known to consume without a glyph of its own (the emoji variation selectors, the
    joiners of emoji sequences and Indic conjuncts, the bidirectional marks, the tags of
    the Welsh and Scottish flags). Every other space or invisible character must have a
    glyph: WeasyPrint draws a line separator (U+2028) or a Hangul filler (U+3164) with
    .notdef, and an ogham space (U+1680) from a system font. A control code is always in:
    some fonts map the control codes to blank glyphs, but nobody means to print one.
    """
    drawable = _drawable()
    return [Undrawable(index, char, _name(char)) for index, char in enumerate(text)
            if char not in " \t\n" and not _shaped_away(char)
            and (ord(char) not in drawable or unicodedata.category(char) == "Cc")]


def _name(char: str) -> str:
    """One character in plain words, with its code point: "the emoji 🦄 (U+1F984)"."""
    point = ord(char)
    code = f"U+{point:04X}"
    category = unicodedata.category(char)
    name = unicodedata.name(char, "")
    # The blocks of the pictographic emoji. An emoji newer than this Python's Unicode
    # tables is unassigned to it, and still an emoji to the person who typed it.
    if category in ("So", "Cn") and 0x1F300 <= point <= 0x1FAFF:
        return f"the emoji {char} ({code})"
    # What shows nothing useful on its own is named by its code point alone.
    if category == "Co":
        return f"the private-use character {code} (it means something only in one font)"
    if category == "Cn":
        return f"the unassigned code point {code}"
    if category == "Cc":
        return f"the control code {code}"
    if category == "Cs":
        return f"the broken code {code} (half of a character)"
    if category.startswith("M"):  # a combining mark: shown on a dotted circle
        return f"the mark \u25cc{char} ({code})"
    if name.startswith(("CJK UNIFIED IDEOGRAPH", "CJK COMPATIBILITY IDEOGRAPH")):
        return f"the Chinese character {char} ({code})"
    if name.startswith(("HIRAGANA", "KATAKANA")):
        return f"the Japanese character {char} ({code})"
    if name.startswith("HANGUL"):
        return f"the Korean character {char} ({code})"
    return f"the character {char} ({code})"


@cache
def _drawable() -> frozenset[int]:
    """Every code point some bundled font maps to a glyph (read once per process).

    Every face counts: fonts.css puts every bundled family before any system font, and
    each bundled bold face has the same characters as its regular one.
    """
    points: set[int] = set()
    for path in sorted(fonts().glob("*.ttf")):
        points.update(coverage(path.name))
    return frozenset(points)


@cache
def coverage(name: str) -> frozenset[int]:
    """The code points the bundled font `name` maps to a glyph.

    Decoding the character maps of the twenty faces took 0.16 s of every process: the
    answer is kept on disk under the font's hash (generator/memo.py).
    """
    path = fonts() / name
    kept = remembered("cmap", (file_sha256(path), fontTools.version, file_sha256(Path(__file__))),
                      lambda: _packed(_read_cmap(path)), _whole)
    return frozenset(array("I", kept[4:]))


def _read_cmap(path: Path) -> frozenset[int]:
    font = TTFont(path, lazy=True)
    try:
        return frozenset(font.getBestCmap())
    finally:
        font.close()


def _packed(points: frozenset[int]) -> bytes:
    """The code points as their count, then each as 4 bytes in this machine's order."""
    return struct.pack("=I", len(points)) + array("I", sorted(points)).tobytes()


def _whole(data: bytes) -> bool:
    return len(data) >= 4 and len(data) == 4 + 4 * struct.unpack("=I", data[:4])[0]


# The invisible characters HarfBuzz consumes without drawing, as measured in a PDF build:
# ZWNJ and ZWJ, LRM and RLM, the Arabic letter mark, the variation selectors, and the tag
# characters of subdivision flags. (Unicode's Default_Ignorable_Code_Point is wider, but
# WeasyPrint draws some of those, the Hangul fillers among them, with .notdef.)
_SHAPED_AWAY = (
    (0x061C, 0x061C), (0x200C, 0x200F), (0xFE00, 0xFE0F), (0xE0020, 0xE007F),
)


def _shaped_away(char: str) -> bool:
    point = ord(char)
    return any(low <= point <= high for low, high in _SHAPED_AWAY)
