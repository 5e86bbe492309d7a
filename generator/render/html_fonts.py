"""Stage 5a': give the published HTML page the PDF's own fonts, inside the one file.

fonts.css names the bundled faces that draw the PDF. The page carries the same rules, each
`url()` replaced by a data: URI of that face cut down to the characters the page uses, so
that a browser draws the page in the same face as the PDF without fetching anything. A face
that draws none of the page's characters is left out (an Arabic face for an English page).
Subsets are WOFF (zlib), with the font's own timestamp kept, so the same page always gives
the same bytes.
"""

from __future__ import annotations

import base64
import io
import re
from functools import cache, lru_cache

from fontTools import subset  # type: ignore[import-untyped]
from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

from generator.resources import fonts, html_templates

# One face in fonts.css: `src: url("../fonts/NotoSans-Bold.ttf")`.
_FACE = re.compile(r'@font-face\s*\{[^}]*?src:\s*url\("\.\./fonts/([^"]+)"\)[^}]*\}')
_STYLE_END = "</style>"


def embed_fonts(html: str) -> str:
    """The page with the bundled fonts it uses embedded in its stylesheet."""
    if html.count(_STYLE_END) != 1:
        raise ValueError("the page must have exactly one <style> element")
    used = frozenset(ord(char) for char in html if not char.isascii())
    rules = "".join(_face(match, used) for match in _FACE.finditer(_fonts_css()))
    family = _fonts_css()[_fonts_css().index("html {"):]
    return html.replace(_STYLE_END, f"{rules}\n{family}{_STYLE_END}")


def link_fonts(html: str, prefix: str) -> str:
    """The page with Noto Sans's faces linked as `<prefix>/<face>.woff2` files, where
    embed_fonts would carry them inside it: the editor's live preview, which the browser
    loads at every pause in typing, fetches the faces once and keeps them in its cache
    (embedded, each preview was 100 KB of fonts to decode again). Other scripts' faces are
    left out: the preview draws them with the browser's own."""
    if html.count(_STYLE_END) != 1:
        raise ValueError("the page must have exactly one <style> element")
    rules = "".join(
        match.group(0).replace(f'url("../fonts/{match.group(1)}")',
                               f'url("{prefix}/{match.group(1).removesuffix(".ttf")}.woff2")'
                               ' format("woff2")') + "\n"
        for match in _FACE.finditer(_fonts_css()) if match.group(1).startswith("NotoSans-"))
    family = _fonts_css()[_fonts_css().index("html {"):]
    return html.replace(_STYLE_END, f"{rules}\n{family}{_STYLE_END}")


# What Noto Sans always carries into a page: the Latin letters of the UK's languages (Welsh
# ŵ and ŷ, Irish and Scots Gaelic accents), punctuation, and the pound and euro signs. A page
# that needs no more shares one subset per face, made once per process (cutting a face down
# costs about 0.25 s, as its layout tables must be decoded); a page with other characters
# gets a subset of its own.
_COMMON = frozenset((*range(0x20, 0x7F), *range(0xA0, 0x180), *range(0x2010, 0x2027),
                     0x2030, 0x2039, 0x203A, 0x20AC, 0x2122))


def _face(match: re.Match[str], used: frozenset[int]) -> str:
    name = match.group(1)
    if name.startswith("NotoSans-"):
        points = (used | _COMMON) & _coverage(name)
    else:  # a script or symbol face: only for what Noto Sans lacks
        points = used & _coverage(name) - _coverage("NotoSans-Regular.ttf")
    data = _subset(name, points)
    if not data:
        return ""
    uri = f"data:font/woff;base64,{base64.b64encode(data).decode('ascii')}"
    return match.group(0).replace(f'url("../fonts/{match.group(1)}")',
                                  f'url("{uri}") format("woff")') + "\n"


@lru_cache(maxsize=64)
def _subset(name: str, points: frozenset[int]) -> bytes:
    """The face cut down to `points`, as WOFF bytes; empty if it draws none of them."""
    if not points:
        return b""
    font = TTFont(fonts() / name, recalcTimestamp=False)
    options = subset.Options()
    options.hinting = False  # browsers on screens today hint for themselves
    options.flavor = "woff"
    options.name_IDs = ["*"]  # keep the copyright and licence names (SIL OFL 1.1)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=points)
    subsetter.subset(font)
    out = io.BytesIO()
    font.flavor = "woff"
    font.save(out)
    return out.getvalue()


def warm_up() -> None:
    """Make the common subset of each Noto Sans face now (once per process)."""
    for match in _FACE.finditer(_fonts_css()):
        _face(match, frozenset())


@cache
def _coverage(name: str) -> frozenset[int]:
    font = TTFont(fonts() / name, lazy=True)
    try:
        return frozenset(font.getBestCmap())
    finally:
        font.close()


@cache
def _fonts_css() -> str:
    return (html_templates() / "fonts.css").read_text("utf-8")
