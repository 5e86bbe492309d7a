"""The text each line of the PDF was typed as, and /ActualText where its glyphs read otherwise.

WeasyPrint 70 gives each glyph one text for the whole font (its ToUnicode entry, set where
the glyph is first drawn) and shows a line's glyphs in the order they are drawn, left to
right. Latin text reads back as typed. Two kinds of text do not (issue 27):

- right-to-left text (Arabic, Hebrew) reads back in the order it is drawn, last word
  first, so a word space lost at a line break cannot be found by matching the line with
  the HTML's text (readers put the words in order themselves: see right_to_left);
- a shaped cluster of an Indic script reads back with a letter lost: a vowel sign drawn
  before its consonant has its text on the consonant's glyph, which already has its own.

The layout knows what each line was typed as: WeasyPrint draws each text box of a line as
one marked-content sequence whose text matrix is the box's baseline origin. That text tells
where a line broke at a space. Where the glyphs of a left-to-right line do not read as it,
the sequence's content is wrapped in a span with /ActualText (ISO 32000-1 §14.9.4; PDF/UA-1
7.21.7 asks that text be read as typed), nested in the sequence's own MCID so the
structure tree is unchanged.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

# Characters that read as nothing, on either side: a zero width space WeasyPrint maps an
# empty glyph to, joiners and marks the shaper consumes, variation selectors, a soft hyphen.
_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u2060\u061c\ufe00-\ufe0f\U000e0000-\U000e007f]")

Origin = tuple[float, float]  # a text box's baseline origin, as its text matrix gives it


def typed_lines(document: Any) -> list[dict[Origin, str]]:
    """Each page's text boxes, by baseline origin: the text each was typed as.

    `document` is WeasyPrint's Document, as its finisher receives it. A box's origin is
    where draw_text sets its text matrix: (position_x, position_y + baseline).
    """
    pages: list[dict[Origin, str]] = []
    for page in document.pages:
        found: dict[Origin, str] = {}
        for box in page._page_box.descendants(placeholders=True):
            text = getattr(box, "text", None)
            if type(box).__name__ == "TextBox" and isinstance(text, str) and text.strip():
                found[origin(box.position_x, box.position_y + box.baseline)] = text
        pages.append(found)
    return pages


def origin(x: float, y: float) -> Origin:
    """As pydyf writes it in the text matrix (six decimals), read back."""
    return float(f"{x:f}"), float(f"{y:f}")


def reads_as(shown: str, typed: str) -> bool:
    """Whether glyphs whose text is `shown` read as `typed`, invisible characters aside."""
    return _INVISIBLE.sub("", shown) == _INVISIBLE.sub("", typed)


def right_to_left(text: str) -> bool:
    """Whether the text holds a right-to-left letter (Hebrew, Arabic, Syriac, Thaana...).

    Such a line keeps its glyphs' reading: readers put right-to-left text in order
    themselves (poppler's pdftotext and pdf.js run the bidirectional algorithm on what
    the glyphs show), and poppler would turn an /ActualText given in typed order around
    again, as measured with poppler 22.12. Its word spaces are mended by painting them.
    """
    return any(unicodedata.bidirectional(char) in ("R", "AL") for char in text)


def actual_text_span(text: str) -> list[bytes]:
    """The opening of a span whose /ActualText is `text`: tag, property list, BDC.

    A hex string in UTF-16BE with its byte order mark (ISO 32000-1 §7.9.2.2), lower case:
    the same bytes on every run, and what the audit's content scan reads plainly.
    """
    encoded = b"\xfe\xff" + text.encode("utf-16-be")
    return [b"/Span", b"<< /ActualText <" + encoded.hex().encode() + b"> >>", b"BDC"]
