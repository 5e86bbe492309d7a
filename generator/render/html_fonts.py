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
import struct
import zlib
from functools import cache, lru_cache
from pathlib import Path

import fontTools  # type: ignore[import-untyped]
from fontTools.ttLib import TTFont  # type: ignore[import-untyped]

from generator.fonts import coverage
from generator.memo import file_sha256, remembered
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
# that needs no more shares one subset per face, made once and kept on disk (cutting a face
# down costs about 0.45 s, as its layout tables must be decoded); a page with other
# characters gets a subset of its own.
_COMMON = frozenset((*range(0x20, 0x7F), *range(0xA0, 0x180), *range(0x2010, 0x2027),
                     0x2030, 0x2039, 0x203A, 0x20AC, 0x2122))


def _face(match: re.Match[str], used: frozenset[int]) -> str:
    name = match.group(1)
    if name.startswith("NotoSans-"):
        points = (used | _COMMON) & coverage(name)
    elif used:  # a script or symbol face: only for what Noto Sans lacks
        points = used & (coverage(name) - coverage("NotoSans-Regular.ttf"))
    else:
        return ""
    data = _subset(name, points)
    if not data:
        return ""
    uri = f"data:font/woff;base64,{base64.b64encode(data).decode('ascii')}"
    return match.group(0).replace(f'url("../fonts/{match.group(1)}")',
                                  f'url("{uri}") format("woff")') + "\n"


_OPTIONS = {
    "hinting": False,  # browsers on screens today hint for themselves
    "flavor": "woff",
    "name_IDs": ["*"],  # keep the copyright and licence names (SIL OFL 1.1)
}


@lru_cache(maxsize=64)
def _subset(name: str, points: frozenset[int]) -> bytes:
    """The face cut down to `points`, as WOFF bytes; empty if it draws none of them.

    Made once for every process: kept on disk under the font's hash, fontTools' version
    and the characters (generator/memo.py), as the same inputs give the same bytes."""
    if not points:
        return b""
    # Everything the bytes depend on: WOFF tables are zlib-compressed, so zlib's version too.
    # and this module's code, which makes them.
    parts = (file_sha256(fonts() / name), fontTools.version, zlib.ZLIB_RUNTIME_VERSION,
             file_sha256(Path(__file__)), ",".join(f"{point:x}" for point in sorted(points)))
    return remembered("woff", parts, lambda: _cut(name, points), _whole_woff)


def _whole_woff(data: bytes) -> bool:
    """A WOFF file whose header's length is its own (WOFF 1.0, section 3)."""
    return (len(data) >= 44 and data[:4] == b"wOFF"
            and struct.unpack(">I", data[8:12])[0] == len(data))


def _cut(name: str, points: frozenset[int]) -> bytes:
    # Imported here: the subsetter takes 0.07 s to import, and a process that finds every
    # subset on disk never needs it.
    from fontTools import subset

    font = TTFont(fonts() / name, recalcTimestamp=False)
    options = subset.Options(**_OPTIONS)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=points)
    subsetter.subset(font)
    out = io.BytesIO()
    font.flavor = "woff"
    font.save(out)
    return out.getvalue()


def warm_up() -> None:
    """Have the common subset of each Noto Sans face ready (made once, then read from disk)."""
    for match in _FACE.finditer(_fonts_css()):
        _face(match, frozenset())


@cache
def _fonts_css() -> str:
    return (html_templates() / "fonts.css").read_text("utf-8")
