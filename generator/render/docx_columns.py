"""Table column widths for the DOCX, sized to their content like the PDF's automatic layout.

Equal columns made LibreOffice break "Recruitment" mid-word in a narrow column while a wide
one stood half empty. Here each column is at least as wide as its widest piece a line must
not break (a word, a date, a phone number, a short link), measured in whichever of Noto Sans
and DejaVu Sans is wider (metrics.py: the DOCX cannot embed Noto Sans, and LibreOffice on
Debian draws it in DejaVu Sans, a phone number's "+" and brackets a third wider); what is
left of the text width goes to the columns with the most text still to lay out, so a long
role gets room beside a long email address, and that address, kept to no width of its own,
breaks in its own cell as Word and LibreOffice break any word too long for its line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from generator.render.metrics import widest_width_pt

# Values a line must never break inside (issue 28: "12 / May / 2026" over three lines, a
# phone number over four): a date as the policy writes it in any language ("12 May 2026",
# "1 Medi 2026"), a phone number (seven digits or more, with spaces, brackets or hyphens),
# and a short code written as one cell ("SW1A 2AA", "OFFICIAL-SENSITIVE").
_DATE = re.compile(r"\b\d{1,2} [^\W\d_]{3,} \d{4}\b")
_PHONE = re.compile(r"\+?\(?\d(?:[\d ()-]*\d){6,}")
_CODE = re.compile(r"[\w.-]+(?: [\w.-]+)?")
SHORT_CODE = 18  # characters at most
# A hyphen kept whole: docx_xml.run_xml writes it as Word's <w:noBreakHyphen/> (ISO/IEC 29500-1,
# 17.3.3.18), so that the text says an ordinary hyphen to search, copy and a screen reader.
NO_BREAK_HYPHEN = "\u2011"
# The only breaks a line takes between pieces: a no-break space (U+00A0) is not one.
_SPACES = re.compile(r"[ \t\n]+")
TABLE_SIZE_PT = 9  # the Table Text style's size
CELL_PADDING = 2 * 108 + 20  # Table Grid's left and right cell margins, and the borders
# Room beyond the wider face's advances: LibreOffice places each glyph on its own grid, and
# a value a few twips too wide for its cell breaks.
SAFETY = 1.03
# Longer than this (in characters), one word (an email address, a web address, a long
# compound) may break: the column keeps room for this many of its characters, not for all
# of them (the HTML's LONG_WORD, html.py).
LONG_PIECE = 20

Cell = tuple[Sequence[str], bool]  # the pieces a line may not break, and whether it is bold


def column_widths(columns: Sequence[Sequence[Cell]], total: int) -> list[int]:
    """Widths in twentieths of a point, summing to `total`, for columns of cells.

    A cell is a list of pieces that must not break: its words, its dates and phone numbers,
    and each short link's whole text (LibreOffice's PDF export makes a link that wraps into
    one link per line). Should the short links not fit, only words are kept whole.
    """
    least = [_widest_piece(cells) for cells in columns]
    if sum(least) > total:
        least = [_widest_piece([(_words(p), b) for p, b in cells]) for cells in columns]
    wanted = [max(max((_width(" ".join(c), b) for c, b in cells), default=0) + CELL_PADDING, low)
              for cells, low in zip(columns, least, strict=True)]
    if sum(wanted) <= total:
        return _fill([float(w) for w in wanted], total)
    if sum(least) >= total:  # a piece wider than its share: the other columns keep theirs
        return _fill([float(w) for w in _capped(least, total)], total)
    spare = total - sum(least)
    extra = [w - low for w, low in zip(wanted, least, strict=True)]
    return _fill([low + spare * e / sum(extra) for low, e in zip(least, extra, strict=True)],
                 total)


def keep_whole(text: str) -> str:
    """The cell's text with no break inside its dates, phone numbers and short codes.

    A date's and a phone number's spaces become no-break spaces (U+00A0); the hyphens of
    all three become NO_BREAK_HYPHEN, which docx_xml.run_xml writes as Word's no-break hyphen. A
    short code's spaces stay ordinary (a search for "SW1A 2AA" finds it): it is the whole
    cell, one piece to `pieces`, and its column is made wide enough for it."""
    if _short_code(text):
        return text.replace("-", NO_BREAK_HYPHEN)
    return _PHONE.sub(lambda m: _joined(m.group(0)) if _digits(m.group(0)) >= 7
                      else m.group(0), _DATE.sub(lambda m: _joined(m.group(0)), text))


def _short_code(text: str) -> bool:
    return (len(text) <= SHORT_CODE and _CODE.fullmatch(text) is not None
            and any(c.isdigit() or c == "-" for c in text))


def _joined(value: str) -> str:
    return value.replace(" ", "\u00a0").replace("-", NO_BREAK_HYPHEN)


def _digits(value: str) -> int:
    return sum(c.isdigit() for c in value)


def pieces(text: str) -> list[str]:
    """The pieces of text a line may break between: at spaces, not at no-break ones; a
    short code kept whole (keep_whole) is one piece."""
    if _short_code(text.replace(NO_BREAK_HYPHEN, "-")):
        return [text]
    return [piece for piece in _SPACES.split(text) if piece]


def _capped(least: list[int], total: int) -> list[int]:
    """Cut the widest minimums down to one cap so that they all fit in `total` (water-filling):
    a 300-letter word must break anyway, "Recruitment" beside it need not."""
    remaining, count = total, len(least)
    for low in sorted(least):
        cap = remaining // count
        if low > cap:
            return [min(w, cap) for w in least]
        remaining, count = remaining - low, count - 1
    return least


def _fill(widths: list[float], total: int) -> list[int]:
    """Scale to `total` and round, the last column taking what rounding leaves."""
    scale = total / sum(widths) if sum(widths) else 0.0
    rounded = [int(w * scale) for w in widths[:-1]]
    return [*rounded, total - sum(rounded)]


def _widest_piece(cells: Sequence[Cell]) -> int:
    """The least width of a column: room for its widest piece, or for LONG_PIECE characters
    of a longer one that may break."""
    widest = max((_width(_unbroken(piece), bold) for pieces, bold in cells for piece in pieces),
                 default=0)
    return widest + CELL_PADDING


def _unbroken(piece: str) -> str:
    """What of a piece must be on one line: all of a value kept whole or of a link's words
    ("NICS Finance (example)"), only the first LONG_PIECE characters of one long word (an
    email or web address), which must break somewhere in a narrow table anyway."""
    if len(piece) <= LONG_PIECE or any(c in piece for c in " \u00a0" + NO_BREAK_HYPHEN):
        return piece
    return piece[:LONG_PIECE]


def _words(pieces: Sequence[str]) -> list[str]:
    return [word for piece in pieces for word in _SPACES.split(piece) if word]


def _width(text: str, bold: bool) -> int:
    """The text's width in twentieths of a point at the table's size: in the wider of Noto
    Sans and DejaVu Sans, with SAFETY to spare."""
    return round(widest_width_pt(text, TABLE_SIZE_PT, bold=bold) * 20 * SAFETY)
