"""One reading of each page's content streams, for every check that needs it: the paint
operators that no tag covers (Matterhorn 01-005) and the text each marked-content sequence
shows, decoded with its font's ToUnicode map (ISO 32000-1 §9.10.3) as a screen reader's PDF
library does (issue 15's checks read it through the structure tree). Text inside a span with
/ActualText reads as that text, once, in place of what its glyphs show (§14.9.4).

Each page's streams are decoded once, with a bound (read_bounded), and read at the byte level:
one regular expression splits the content into instructions (operands and operator) and only
the operators that matter reach Python; pikepdf's parser makes a Python object for every
operand of every one. Content the scan cannot read plainly (literal strings, comments, inline
images, escaped names, a token it does not know, operands it does not expect) goes to the
parser instead, and tests hold the two readings equal.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import pikepdf
from pikepdf import Array, Dictionary

from generator.audit.pdf_fonts import Font, FontCache, PageFonts
from generator.audit.pdf_structure import Element, page_key, reachable_mcids, read_bounded

# PDF 32000-1 §8.2, table 51: operators that paint, and the XObject/shading/inline image ones.
PAINT_OPERATORS = frozenset(
    ["S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "sh", "Do", "Tj", "TJ", "'", '"',
     "INLINE IMAGE"]
)
MARKED_AND_PAINT = " ".join(["BMC", "BDC", "EMC", *sorted(PAINT_OPERATORS - {"INLINE IMAGE"}),
                             "BI"])
_TEXT_OPERATORS = "BDC BMC EMC BT Tf Tm Td TD T* TJ Tj ' \""



@dataclass(frozen=True)
class StrayPaint:
    """A paint operator that is neither an artifact nor reachable tagged content."""

    page: int  # 1-based
    operator: str
    marked_as: str  # the innermost marked-content tag, or "" if none


@dataclass(frozen=True)
class Chunk:
    """Text painted by one text-showing operator, on its line."""

    page: int  # 1-based
    y: float
    text: str


Stray = tuple[str, str]  # (paint operator, innermost marked-content tag or "")
Texts = dict[tuple[int, int], list[Chunk]]  # (page number, MCID) -> chunks, in stream order


@dataclass(frozen=True)
class Content:
    """What every page's content paints: the stray paint, and the text of each MCID."""

    strays: list[StrayPaint]
    text: Texts


@dataclass(frozen=True)
class PageReading:
    strays: list[Stray]
    text: Texts


def read_content(pdf: pikepdf.Pdf, walked: list[Element] | None = None) -> Content:
    """Read every page's content once: its stray paint and the text of its marked content."""
    reachable = reachable_mcids(pdf, walked)
    fonts = FontCache()
    strays: list[StrayPaint] = []
    text: Texts = {}
    for number, page in enumerate(pdf.pages, start=1):
        ids = reachable.get(page_key(page.obj), set())
        contents = page.obj.get("/Contents")
        streams = list(contents) if isinstance(contents, Array) else [contents] if contents else []
        data = b"\n".join(read_bounded(s) for s in streams)
        reading = scanned(data, ids, number, PageFonts(page, fonts))
        if reading is None:
            reading = parsed(page, ids, number, fonts)
        strays.extend(StrayPaint(number, op, tag) for op, tag in reading.strays)
        text.update(reading.text)
    return Content(strays, text)


def stray_paint(pdf: pikepdf.Pdf, walked: list[Element] | None = None) -> list[StrayPaint]:
    """Matterhorn 01-005: content neither marked as artifact nor tagged as real content."""
    return read_content(pdf, walked).strays


# --- the byte-level scan -------------------------------------------------------------------

# The tokens, possessive (*+): a token read is never given back, so the expression does not
# keep the positions it would need to try another reading.
_REGULAR = rb"[^\s()<>\[\]{}/%]"
_NUMBER = rb"[+-]?+(?:\d{1,15}+(?:\.\d{0,15}+)?+|\.\d{1,15}+)(?!" + _REGULAR + rb")"
_NAME = rb"/" + _REGULAR + rb"*+"
_HEX_STRING = rb"<(?:[0-9a-f]{2})*+>"  # as WeasyPrint writes them: lower case, whole bytes
_SIMPLE = rb"(?:" + _NUMBER + rb"|" + _HEX_STRING + rb"|" + _NAME + rb")"
_DICT = rb"<<(?:\s*+" + _SIMPLE + rb")*+\s*+>>"
_ARRAY = rb"\[(?:\s*+" + _SIMPLE + rb")*+\s*+\]"
_OPERAND = rb"(?:" + _SIMPLE + rb"|" + _ARRAY + rb"|" + _DICT + rb")"
_KEYWORD = rb"[^\s()<>\[\]{}/%0-9+.\-]" + _REGULAR + rb"*+"
# An instruction: its operands and its operator; or the first character of anything else.
_INSTRUCTION = re.compile(rb"\s*+(?:((?:" + _OPERAND + rb"\s*+)*+)(" + _KEYWORD + rb")|(\S))")
# What only the parser reads rightly: literal strings, comments, escaped names, inline images,
# and the two bytes that PDF and Python disagree are whitespace (and bytes beyond ASCII).
_NOT_PLAIN = (b"(", b"%", b"#", b"BI", b"\x00", b"\x0b")

_TAG = re.compile(rb"(" + _NAME + rb")\s*")
_TAGGED = re.compile(rb"(" + _NAME + rb")\s*(" + _DICT + rb"|" + _NAME + rb")\s*")
_PAIR = re.compile(rb"\s*(" + _NAME + rb")\s*(" + _SIMPLE + rb")")
_MCID = b"/MCID"
_ACTUAL_TEXT = b"/ActualText"
_FONT = re.compile(rb"(" + _NAME + rb")\s+" + _NUMBER + rb"\s*")
_SHOW_ARRAY = re.compile(rb"(" + _ARRAY + rb")\s*")
_SHOW_STRING = re.compile(rb"(<[0-9a-f]*>)\s*")
_SHOW_SPACED = re.compile(_NUMBER + rb"\s+" + _NUMBER + rb"\s+(<[0-9a-f]*>)\s*")

# What each operator asks of the scan; any other is read past (it neither marks, nor moves or
# shows text, nor paints).
_OPEN, _CLOSE, _STATE, _SHOW, _PAINT, _UNPLAIN = range(6)
_OPERATORS: dict[bytes | None, int] = {
    b"BDC": _OPEN, b"BMC": _OPEN, b"EMC": _CLOSE,
    b"Tf": _STATE, b"Tm": _STATE, b"Td": _STATE, b"TD": _STATE, b"T*": _STATE,
    b"TJ": _SHOW, b"Tj": _SHOW, b"'": _SHOW, b'"': _SHOW,
    **{op.encode(): _PAINT for op in PAINT_OPERATORS if op not in ("TJ", "Tj", "'", '"')},
    # Operands to the parser, which reads them into the next operator's operands; and the
    # first character of what is no token (the instruction then has no operator).
    b"true": _UNPLAIN, b"false": _UNPLAIN, b"null": _UNPLAIN, None: _UNPLAIN,
}


class _Unplain(Exception):
    """The scan met something it does not read as the parser does: the parser reads it."""


def scanned(data: bytes, ids: set[int], number: int, fonts: PageFonts) -> PageReading | None:
    """One page's content read at the byte level, or None if the parser must read it."""
    if not data.isascii() or any(plain in data for plain in _NOT_PLAIN):
        return None
    scan = _Scan(ids, number, fonts)
    # One flat list (split: the text before each instruction, empty, then its three groups)
    # rather than findall's tuple for each of a page's thousands of instructions: tuples
    # are objects the garbage collector counts, and would set it off dozens of times.
    parts = iter(_INSTRUCTION.split(data))
    try:
        # strict=False: the text after the last instruction is whitespace, left unread.
        for _, operands, op, _ in zip(parts, parts, parts, parts, strict=False):
            kind = _OPERATORS.get(op)
            if kind is None:
                continue
            if kind == _OPEN:
                scan.open(operands, op)
            elif kind == _CLOSE:
                scan.close()
            elif kind == _STATE:
                scan.state(operands, op)
            elif kind == _SHOW:
                scan.show(operands, op)
                scan.paint(op)
            elif kind == _PAINT:
                scan.paint(op)
            else:
                return None
    except _Unplain:
        return None
    return PageReading(scan.strays, scan.text)


class _Scan:
    """The state of one page's content as the scan reads it, as the parser's readers keep it."""

    def __init__(self, ids: set[int], number: int, fonts: PageFonts) -> None:
        self.ids, self.number, self.fonts = ids, number, fonts
        # Each marked-content sequence open: (tag, what covers paint, whose text is shown).
        self.stack: list[tuple[str, bool, int | None]] = []
        self.covered = False  # an artifact or a reachable MCID is open
        self.owner: int | None = None  # the innermost MCID open
        self.actual = _Actual()
        self.font: Font | None = None
        self.y = self.leading = 0.0
        self.strays: list[Stray] = []
        self.text: Texts = {}
        # Operands met before, read once: a page repeats its tags and fonts many times.
        self._opened: dict[bytes, tuple[str, int | None, str | None]] = {}
        self._named: dict[bytes, Font | None] = {}

    def open(self, operands: bytes, op: bytes) -> None:
        key = op + b" " + operands
        if key not in self._opened:
            found = _match(_TAGGED if op == b"BDC" else _TAG, operands)
            mcid, actual = self._properties(found.group(2)) if op == b"BDC" else (None, None)
            self._opened[key] = (found.group(1).decode(), mcid, actual)
        tag, mcid, actual = self._opened[key]
        covers = tag == "/Artifact" or (mcid is not None and mcid in self.ids)
        self.covered = self.covered or covers
        self.owner = mcid if mcid is not None else self.owner
        self.stack.append((tag, self.covered, self.owner))
        self.actual.open(actual, self.owner, self.y)

    def close(self) -> None:
        if self.stack:
            self.stack.pop()
            _, self.covered, self.owner = self.stack[-1] if self.stack else ("", False, None)
            self.actual.close(self.text, self.number)

    def paint(self, op: bytes) -> None:
        if not self.covered:
            self.strays.append((op.decode(), self.stack[-1][0] if self.stack else ""))

    @staticmethod
    def _properties(properties: bytes) -> tuple[int | None, str | None]:
        """The /MCID and /ActualText of a property list; None for each it has not (or if
        it is named: a resource)."""
        if not properties.startswith(b"<<"):
            return None, None
        pairs = _PAIR.findall(properties[2:-2])
        keys = [key for key, _ in pairs]
        if len(set(keys)) != len(keys) or _PAIR.sub(b"", properties[2:-2]).strip():
            raise _Unplain  # a key twice, or a key that is not a name
        value, actual = dict(pairs).get(_MCID), dict(pairs).get(_ACTUAL_TEXT)
        if (value is not None and not value.isdigit()) or (
                actual is not None and not actual.startswith(b"<")):
            raise _Unplain
        return (int(value) if value is not None else None,
                _text_string(bytes.fromhex(actual[1:-1].decode())) if actual else None)

    def state(self, operands: bytes, op: bytes) -> None:
        """The font and the line: Tf, Tm, Td, TD, T*."""
        if op == b"Tf":
            if operands not in self._named:
                name = _match(_FONT, operands).group(1).decode()
                self._named[operands] = self.fonts.named(name)
            self.font = self._named[operands]
        elif op == b"Tm":
            self.y = _numbers(operands, 6)[5]
        elif op == b"T*":
            self.y -= self.leading
        else:  # Td, TD
            move = _numbers(operands, 2)[1]
            self.y += move
            self.leading = -move if op == b"TD" else self.leading

    def show(self, operands: bytes, op: bytes) -> None:
        """The text of TJ, Tj, ' and " (the last two move to the next line first)."""
        if op == b"'" or op == b'"':
            self.y -= self.leading
        if self.font is None or self.owner is None:
            return  # the parser's reader reads no text here either
        if self.actual.shown(self.y):
            return  # its span's /ActualText is read in its place
        if op == b"TJ":
            strings = _match(_SHOW_ARRAY, operands).group(1)
        else:
            strings = _match(_SHOW_SPACED if op == b'"' else _SHOW_STRING, operands).group(1)
        self.text.setdefault((self.number, self.owner), []).append(
            Chunk(self.number, self.y, self.font.decode_hex(strings)))


class _Actual:
    """The /ActualText span open, if any: read once, at its end, in place of its glyphs.

    Spans nested in it are part of its content: the outermost one is the text read.
    """

    def __init__(self) -> None:
        self.depth = 0  # marked-content sequences open inside the span, itself included
        self.text: str | None = None
        self.owner: int | None = None
        self.y: float | None = None  # where its first glyphs are shown

    def open(self, actual: str | None, owner: int | None, y: float) -> None:
        if self.depth:
            self.depth += 1
        elif actual is not None:
            self.depth, self.text, self.owner, self.y = 1, actual, owner, None

    def shown(self, y: float) -> bool:
        """Whether text shown at `y` is inside the span (and so not read for itself)."""
        if self.depth and self.y is None:
            self.y = y
        return self.depth > 0

    def close(self, found: Texts, number: int) -> None:
        if not self.depth:
            return
        self.depth -= 1
        if not self.depth and self.owner is not None and self.text is not None:
            y = self.y if self.y is not None else 0.0
            found.setdefault((number, self.owner), []).append(Chunk(number, y, self.text))


def _text_string(data: bytes) -> str:
    """A PDF text string (ISO 32000-1 §7.9.2.2): UTF-16BE after its byte order mark, or
    else PDFDocEncoding (Latin-1 for the characters an /ActualText holds)."""
    if data.startswith(b"\xfe\xff"):
        return data[2:].decode("utf-16-be", "replace")
    return data.decode("latin-1")


def _numbers(operands: bytes, count: int) -> list[float]:
    """`count` numbers, or _Unplain. The instruction's tokens are whole, so operands with no
    name, string, array or dictionary are numbers, one to each run of non-space."""
    parts = operands.split()
    if len(parts) != count or b"/" in operands or b"<" in operands or b"[" in operands:
        raise _Unplain
    return [float(part) for part in parts]


def _match(pattern: re.Pattern[bytes], operands: bytes) -> re.Match[bytes]:
    found = pattern.fullmatch(operands)
    if found is None:
        raise _Unplain  # operands the parser would read some other way
    return found


# --- the parser, for content the scan leaves to it -------------------------------------------


def parsed(page: pikepdf.Page, ids: set[int], number: int, fonts: FontCache) -> PageReading:
    """One page's content read by pikepdf's parser."""
    text = _parsed_text(page, number, fonts) if "/Contents" in page.obj else {}
    return PageReading(_parsed_strays(page, ids), text)


def _parsed_strays(page: pikepdf.Page, ids: set[int]) -> list[Stray]:
    stack: list[tuple[str, int | None]] = []
    strays: list[Stray] = []
    for op, tag, mcid in _parsed(page):
        if op in ("BMC", "BDC"):
            stack.append((tag, mcid))
        elif op == "EMC" and stack:
            stack.pop()
        elif op in PAINT_OPERATORS and not _covered(stack, ids):
            strays.append((op, stack[-1][0] if stack else ""))
    return strays


def _parsed(page: pikepdf.Page) -> Iterator[tuple[str, str, int | None]]:
    # Ask the parser for the operators that matter only: far fewer Python objects.
    for instruction in pikepdf.parse_content_stream(page, MARKED_AND_PAINT):
        operands, op = _split(instruction)
        tag = str(operands[0]) if op in ("BMC", "BDC") and operands else ""
        yield op, tag, _mcid(operands) if op == "BDC" else None


def _mcid(operands: list[object]) -> int | None:
    if len(operands) > 1 and isinstance(operands[1], Dictionary) and "/MCID" in operands[1]:
        return int(operands[1].MCID)
    return None


def _covered(stack: list[tuple[str, int | None]], ids: set[int]) -> bool:
    return any(tag == "/Artifact" or (mcid is not None and mcid in ids) for tag, mcid in stack)


def _split(instruction: object) -> tuple[list[object], str]:
    """(operands, operator name) of a parsed instruction; inline images have no operands."""
    if isinstance(instruction, pikepdf.ContentStreamInlineImage):
        return [], "INLINE IMAGE"
    assert isinstance(instruction, pikepdf.ContentStreamInstruction)
    return list(instruction.operands), str(instruction.operator)


def _parsed_text(page: pikepdf.Page, number: int, cache: FontCache) -> Texts:
    found: Texts = {}
    fonts = PageFonts(page, cache)
    stack: list[int | None] = []
    actual = _Actual()
    font: Font | None = None
    y = leading = 0.0
    for instruction in pikepdf.parse_content_stream(page, _TEXT_OPERATORS):
        if isinstance(instruction, pikepdf.ContentStreamInlineImage):
            continue
        op, operands = str(instruction.operator), list(instruction.operands)
        if op in ("BDC", "BMC"):
            properties = operands[1] if op == "BDC" and len(operands) > 1 else None
            mcid = properties.get("/MCID") if isinstance(properties, Dictionary) else None
            stack.append(int(mcid) if mcid is not None else None)
            given = properties.get("/ActualText") if isinstance(properties, Dictionary) else None
            actual.open(_text_string(bytes(given)) if isinstance(given, pikepdf.String) else None,
                        next((m for m in reversed(stack) if m is not None), None), y)
        elif op == "EMC" and stack:
            stack.pop()
            actual.close(found, number)
        elif op == "Tf" and operands:
            font = fonts.named(str(operands[0]))
        elif op == "Tm" and len(operands) == 6:
            y = float(operands[5])
        elif op in ("Td", "TD") and len(operands) == 2:
            y += float(operands[1])
            leading = -float(operands[1]) if op == "TD" else leading
        elif op in ("T*", "'", '"'):
            y -= leading
        if op in ("TJ", "Tj", "'", '"') and font is not None:
            owner = next((m for m in reversed(stack) if m is not None), None)
            if owner is not None and not actual.shown(y):
                text = _shown(font, operands)
                found.setdefault((number, owner), []).append(Chunk(number, y, text))
    return found


def _shown(font: Font, operands: Sequence[object]) -> str:
    shown = operands[-1] if operands else b""
    parts = list(shown) if isinstance(shown, Array) else [shown]
    return "".join(font.decode(bytes(p)) for p in parts if isinstance(p, pikepdf.String))
