"""How wide a line of text is: the bundled Noto Sans, and the wider face a DOCX may be drawn in.

One reader of the font metrics for the PDF footer's running title (html.py) and the DOCX's
column widths (docx_columns.py). The PDF is always drawn in the bundled Noto Sans. The DOCX
names Noto Sans but cannot embed it: where it is not installed LibreOffice draws DejaVu Sans
(Debian's default sans serif), up to 1.46 times as wide ("+"), and Word a face like Arial,
narrower. A width that must hold in either is measured in both, the wider kept; DejaVu Sans's
widths come from a table made once (metrics_dejavu.py), never from this machine's fonts, so
that a pack is the same bytes on every machine.
"""

from __future__ import annotations

from functools import cache

from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

from generator.render import metrics_dejavu
from generator.resources import fonts

# A character the DejaVu table lacks: Noto Sans's width and a fifth (DejaVu Sans's letters
# measure 1.06-1.12 times Noto Sans's, its digits 1.11, brackets 1.3).
FALLBACK_SCALE = 1.2


def text_width_pt(text: str, size_pt: float, *, bold: bool = False) -> float:
    """The width of a line of text in the bundled Noto Sans, in points. A character it lacks
    counts as the widest it has: this errs on the side of more room."""
    widths, widest, units = _noto(bold)
    return sum(widths.get(ord(c), widest) for c in text) * size_pt / units


def widest_width_pt(text: str, size_pt: float, *, bold: bool = False) -> float:
    """The width of a line of text in whichever of Noto Sans and DejaVu Sans is wider, in
    points: the room a DOCX needs for it to fit wherever it is opened."""
    noto = text_width_pt(text, size_pt, bold=bold)
    return max(noto, _dejavu_width(text, bold) * size_pt)


def _dejavu_width(text: str, bold: bool) -> float:
    """The width in DejaVu Sans, in ems."""
    table = metrics_dejavu.BOLD if bold else metrics_dejavu.REGULAR
    widths, widest, units = _noto(bold)
    em = 0.0
    for c in text:
        found = table.get(ord(c))
        em += (found / metrics_dejavu.UNITS_PER_EM if found is not None
               else widths.get(ord(c), widest) / units * FALLBACK_SCALE)
    return em


@cache
def _noto(bold: bool) -> tuple[dict[int, int], int, int]:
    """Noto Sans's advance width of each character, its widest, its units per em (read once:
    about 50 ms a face)."""
    name = "NotoSans-Bold.ttf" if bold else "NotoSans-Regular.ttf"
    with TTFont(fonts() / name) as font:  # closed once read
        metrics = font["hmtx"].metrics
        widths = {code: metrics[glyph][0] for code, glyph in font.getBestCmap().items()}
        return widths, max(widths.values()), int(font["head"].unitsPerEm)
