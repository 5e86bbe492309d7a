"""Table column widths for the DOCX, sized to their content like the PDF's automatic layout.

Equal columns made LibreOffice break "Recruitment" mid-word in a narrow column while a wide
one stood half empty. Here each column is at least as wide as its longest word or link
text, measured in
the bundled Noto Sans (bold where the cell is) at the table's size, with room to spare for a
wider fallback face (a machine without Noto Sans draws the DOCX in its own sans serif: DejaVu
Sans on Debian, 6% wider, 11% in bold); what is left of the text width goes to the columns
with the most text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

from generator.resources import fonts

# Values a line must never break inside (issue 28: "12 / May / 2026" over three lines, a
# phone number over four): a date as the policy writes it in any language ("12 May 2026",
# "1 Medi 2026"), a phone number (seven digits or more, with spaces, brackets or hyphens),
# and a short code written as one cell ("SW1A 2AA", "OFFICIAL-SENSITIVE").
_DATE = re.compile(r"\b\d{1,2} [^\W\d_]{3,} \d{4}\b")
_PHONE = re.compile(r"\+?\(?\d(?:[\d ()-]*\d){6,}")
_CODE = re.compile(r"[\w.-]+(?: [\w.-]+)?")
SHORT_CODE = 18  # characters at most
# The only breaks a line takes between pieces: a no-break space (U+00A0) is not one.
_SPACES = re.compile(r"[ \t\n]+")
TABLE_SIZE_PT = 9  # the Table Text style's size
CELL_PADDING = 2 * 108 + 20  # Table Grid's left and right cell margins, and the borders
# How much wider than Noto Sans a fallback face may be: DejaVu Sans measures 1.06-1.07 times
# Noto Sans, and 1.10-1.12 times in bold.
FALLBACK_ALLOWANCE = {False: 1.08, True: 1.13}
# DejaVu Sans's digits are 1.11 times Noto Sans's (0.636 em to 0.572): a phone number kept
# whole broke its last digit onto a line of its own with the allowance above.
DIGITS_ALLOWANCE = 1.14

Cell = tuple[Sequence[str], bool]  # the pieces a line may not break, and whether it is bold


def column_widths(columns: Sequence[Sequence[Cell]], total: int) -> list[int]:
    """Widths in twentieths of a point, summing to `total`, for columns of cells.

    A cell is a list of pieces that must not break: its words, and each link's whole text
    (LibreOffice's PDF export makes a link that wraps into one link per line). Should the
    whole links not fit, only words are kept whole.
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
    """The cell's text with no break inside its dates, phone numbers and short codes: their
    spaces made no-break spaces and their hyphens no-break hyphens (U+2011, drawn by the
    bundled Noto Sans), so that Word and LibreOffice wrap only between whole values."""
    if len(text) <= SHORT_CODE and _CODE.fullmatch(text) and any(c.isdigit() or c == "-"
                                                                 for c in text):
        return _joined(text)
    return _PHONE.sub(lambda m: _joined(m.group(0)) if _digits(m.group(0)) >= 7
                      else m.group(0), _DATE.sub(lambda m: _joined(m.group(0)), text))


def _joined(value: str) -> str:
    return value.replace(" ", "\u00a0").replace("-", "\u2011")


def _digits(value: str) -> int:
    return sum(c.isdigit() for c in value)


def pieces(text: str) -> list[str]:
    """The pieces of text a line may break between: at spaces, not at no-break ones."""
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
    widest = max((_width(piece, bold) * _allowance(piece, bold)
                  for pieces, bold in cells for piece in pieces), default=0.0)
    return int(widest) + CELL_PADDING


def _allowance(piece: str, bold: bool) -> float:
    if any(c.isdigit() for c in piece):
        return max(FALLBACK_ALLOWANCE[bold], DIGITS_ALLOWANCE)
    return FALLBACK_ALLOWANCE[bold]


def _words(pieces: Sequence[str]) -> list[str]:
    return [word for piece in pieces for word in _SPACES.split(piece) if word]


def _width(text: str, bold: bool) -> int:
    """The text's advance in Noto Sans at the table's size, in twentieths of a point."""
    advances, units = _metrics("NotoSans-Bold.ttf" if bold else "NotoSans-Regular.ttf")
    em = sum(advances.get(ord(c), units // 2) for c in text)
    return round(em / units * TABLE_SIZE_PT * 20)


@cache
def _metrics(name: str) -> tuple[dict[int, int], int]:
    """Code point -> advance width, and units per em (read once: about 50 ms)."""
    with TTFont(fonts() / name, lazy=True) as font:  # closed after: no file left open
        metrics = font["hmtx"]
        advances = {code: metrics[glyph][0] for code, glyph in font.getBestCmap().items()}
        return advances, int(font["head"].unitsPerEm)
