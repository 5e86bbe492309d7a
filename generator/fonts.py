"""What the bundled fonts can draw, and which characters of a text they cannot.

The PDF is drawn with the fonts in templates/fonts only (templates/html/fonts.css), so that
every machine writes the same bytes. A character that none of them has is drawn with
whatever font the machine has, so two machines write different PDFs, or with the .notdef
glyph, which PDF/UA-1 forbids (ISO 14289-1 7.21.8) and the PDF audit refuses. Finding such
characters in a profile before a build lets `check` name them in words its author knows.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import cache

from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

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

    Characters that are never drawn are left out: white space and line breaks, and the
    default-ignorable code points (the emoji variation selector U+FE0F, the zero width
    joiner U+200D of emoji sequences and Indic conjuncts, bidirectional marks), which the
    shaper consumes without a glyph of their own. A control code is always in: some fonts
    map the control codes to blank glyphs, but nobody means to print one.
    """
    drawable = _drawable()
    return [Undrawable(index, char, _name(char)) for index, char in enumerate(text)
            if not (char.isspace() or _ignorable(char))
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
        font = TTFont(path, lazy=True)
        try:
            points.update(font.getBestCmap())
        finally:
            font.close()
    return frozenset(points)


# Unicode's Default_Ignorable_Code_Point (DerivedCoreProperties.txt, Unicode 15.1), which
# unicodedata does not give: the soft hyphen, joiners, bidirectional controls, variation
# selectors, Hangul fillers, the tags of a subdivision flag (Wales, Scotland), and the
# ranges Unicode keeps for more of them.
_DEFAULT_IGNORABLE = (
    (0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x115F, 0x1160),
    (0x17B4, 0x17B5), (0x180B, 0x180F), (0x200B, 0x200F), (0x202A, 0x202E),
    (0x2060, 0x206F), (0x3164, 0x3164), (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF),
    (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8), (0x1BCA0, 0x1BCA3), (0x1D173, 0x1D17A),
    (0xE0000, 0xE0FFF),
)


def _ignorable(char: str) -> bool:
    point = ord(char)
    return any(low <= point <= high for low, high in _DEFAULT_IGNORABLE)
