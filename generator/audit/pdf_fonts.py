"""The fonts of any PDF's pages, as a screen reader's PDF library reads their text: each
font's ToUnicode map (ISO 32000-1 §9.10.3) read with a bound on what a hostile map may claim,
once for the whole file, and found by the name a page's Tf operator gives.
"""

from __future__ import annotations

import re
from functools import cached_property
from itertools import repeat

import pikepdf
from pikepdf import Dictionary, Name

from generator.audit.pdf_structure import read_bounded

_BFCHAR = re.compile(rb"beginbfchar(.*?)endbfchar", re.S)
_BFRANGE = re.compile(rb"beginbfrange(.*?)endbfrange", re.S)
_HEX = re.compile(rb"<([0-9A-Fa-f]*)>")
_RANGE = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]*>|\[[^\]]*\])")
# No font has more glyph codes than two bytes can name: a map claiming more is hostile.
_MAX_CODES = 65536
_HEX_DIGITS = re.compile(rb"<([0-9a-f]*)>")
_TWO_BYTE_CODE = re.compile(rb"<([0-9a-f]{4})>")



class Font:
    def __init__(self, font: Dictionary) -> None:
        self.width = 2 if font.get("/Subtype") == Name.Type0 else 1
        self.map: dict[bytes, str] = {}
        self.budget = _MAX_CODES  # codes still to be read: a hostile map can claim millions
        cmap = font.get("/ToUnicode")
        if isinstance(cmap, pikepdf.Stream):
            self._read(read_bounded(cmap))

    def _read(self, data: bytes) -> None:
        for block in _BFCHAR.findall(data):
            codes = _HEX.findall(block)
            for source, target in zip(codes[::2], codes[1::2], strict=False):
                self._add(source, target)
        for block in _BFRANGE.findall(data):
            for low, high, target in _RANGE.findall(block):
                self._add_range(low, high, target)

    def _add(self, source: bytes, target: bytes) -> None:
        self.budget -= 1
        if len(source) % 2 or self.budget < 0:
            return  # a malformed or hostile map: what was read so far is enough
        key = bytes.fromhex(source.decode())
        self.width = len(key) or self.width
        self.map[key] = _utf16(target)

    def _add_range(self, low: bytes, high: bytes, target: bytes) -> None:
        size = len(low) // 2
        if len(low) % 2 or len(high) != len(low):
            return  # malformed: the codes of a range have one length
        start = int(low, 16)
        end = min(int(high, 16), start + self.budget - 1)
        self.budget -= max(0, end - start + 1)
        targets = [t for t in _HEX.findall(target) if not len(t) % 2]
        listed = target.startswith(b"[")
        base = bytes.fromhex(targets[0].decode()) if targets and not listed else b""
        for offset, code in enumerate(range(start, end + 1)):
            key = code.to_bytes(size, "big")
            if listed and offset < len(targets):
                self.map[key] = _utf16(targets[offset])
            elif base:  # consecutive targets, the last byte counting up (§9.10.3)
                bumped = (int.from_bytes(base, "big") + offset) % (1 << 8 * len(base))
                self.map[key] = bumped.to_bytes(len(base), "big").decode("utf-16-be",
                                                                          "replace")

    def decode(self, data: bytes) -> str:
        if not self.map:
            return data.decode("latin-1")
        step = self.width
        return "".join(self.map.get(data[i:i + step], "") for i in range(0, len(data), step))

    def decode_hex(self, strings: bytes) -> str:
        """The text of hex strings as a content stream writes them (`<0026>`, or an array
        `[<0026>0<0052>]`): each string decoded alone, as decode() does."""
        if self.width == 2 and self.map:
            codes = _TWO_BYTE_CODE.findall(strings)
            if len(codes) == strings.count(b"<"):  # one glyph a string, as WeasyPrint writes
                return "".join(map(self._by_hex.get, codes, repeat("")))
        return "".join(self.decode(bytes.fromhex(hexa.decode()))
                       for hexa in _HEX_DIGITS.findall(strings))

    @cached_property
    def _by_hex(self) -> dict[bytes, str]:
        return {code.hex().encode(): text for code, text in self.map.items()}


def _utf16(hexa: bytes) -> str:
    try:
        return bytes.fromhex(hexa.decode()).decode("utf-16-be", "replace")
    except ValueError:
        return ""


class FontCache:
    """Each font object's map, read once for the whole file (pages share their fonts)."""

    def __init__(self) -> None:
        self._read: dict[tuple[int, int], Font] = {}

    def font(self, entry: Dictionary) -> Font:
        if not entry.is_indirect:
            return Font(entry)
        key = entry.objgen
        if key not in self._read:
            self._read[key] = Font(entry)
        return self._read[key]


class PageFonts:
    """The fonts a page's resources name, by the name a Tf operator gives."""

    def __init__(self, page: pikepdf.Page, cache: FontCache) -> None:
        self._resources = page.obj.get("/Resources", Dictionary()).get("/Font", Dictionary())
        self._cache = cache
        self._named: dict[str, Font | None] = {}

    def named(self, name: str) -> Font | None:
        if name not in self._named:
            entry = self._resources.get(name)
            self._named[name] = self._cache.font(entry) if isinstance(entry, Dictionary) else None
        return self._named[name]
