"""Read a tagged PDF's structure: the structure tree, marked content and paint operators.

Used by the audit's Matterhorn Protocol checks, on any PDF file read with pikepdf. The
fix-ups (generator/render/pdf.py) work on WeasyPrint's objects before they are written, with their
own walk of the tree: two readings of "reachable", so a mistake in one shows in the other.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

import pikepdf
from pikepdf import Array, Dictionary, Name

PageKey = tuple[int, int]  # a page object's (number, generation)

# PDF 32000-1 §8.2, table 51: operators that paint, and the XObject/shading/inline image ones.
PAINT_OPERATORS = frozenset(
    ["S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "sh", "Do", "Tj", "TJ", "'", '"',
     "INLINE IMAGE"]
)


# Anyone's PDF is hostile: a few hundred KB of Flate can decode to gigabytes (measured: a
# 300 MB content stream took 27 s and 650 MB). No content or metadata stream is decoded past
# this, the limit page-validation also holds; a real page's content is a few hundred KB.
MAX_STREAM_BYTES = 32 * 1024 * 1024


class StreamTooLarge(Exception):
    """A stream decodes to more than MAX_STREAM_BYTES; refused before it is all decoded."""


def read_bounded(stream: pikepdf.Object) -> bytes:
    """A stream's decoded bytes, or StreamTooLarge. Plain Flate (every stream WeasyPrint
    writes) is inflated here with a bound; other filters, rarer and mostly far less
    compressing, are left to pikepdf."""
    filters = stream.get("/Filter")
    chain = [filters] if isinstance(filters, Name) else list(filters or [])
    if chain == [Name.FlateDecode] and "/DecodeParms" not in stream:
        inflate = zlib.decompressobj()
        try:
            data = inflate.decompress(stream.read_raw_bytes(), MAX_STREAM_BYTES + 1)
        except zlib.error:
            data = b""  # damaged: pikepdf stops where the damage starts, as zlib did
        else:
            if len(data) > MAX_STREAM_BYTES:
                raise StreamTooLarge
            return data
    data = stream.read_bytes()
    if len(data) > MAX_STREAM_BYTES:
        raise StreamTooLarge
    return data


MARKED_AND_PAINT = " ".join(["BMC", "BDC", "EMC", *sorted(PAINT_OPERATORS - {"INLINE IMAGE"}),
                             "BI"])


@dataclass(frozen=True)
class Element:
    """One structure element, with its page and the path of types above it."""

    obj: Dictionary
    type: str  # e.g. "/H2"
    parents: tuple[str, ...]


def page_key(page: pikepdf.Object) -> PageKey:
    return page.objgen


def elements(pdf: pikepdf.Pdf) -> Iterator[Element]:
    """Every structure element, depth first in document order."""
    root = pdf.Root.get("/StructTreeRoot")
    if root is None:
        return
    yield from _walk(root.get("/K"), ())


def _walk(kids: object, parents: tuple[str, ...]) -> Iterator[Element]:
    for kid in _as_list(kids):
        if isinstance(kid, Dictionary) and "/S" in kid:
            element = Element(kid, str(kid.S), parents)
            yield element
            yield from _walk(kid.get("/K"), (*parents, element.type))


def _as_list(value: object) -> list[object]:
    if value is None:
        return []
    return list(value) if isinstance(value, Array) else [value]


def reachable_mcids(pdf: pikepdf.Pdf, walked: list[Element] | None = None
                    ) -> dict[PageKey, set[int]]:
    """For each page, the marked-content IDs that some structure element reaches."""
    found: dict[PageKey, set[int]] = {}
    for element in walked if walked is not None else elements(pdf):
        page = element.obj.get("/Pg")
        for kid in _as_list(element.obj.get("/K")):
            if isinstance(kid, int) and page is not None:
                found.setdefault(page_key(page), set()).add(int(kid))
            elif isinstance(kid, Dictionary) and kid.get("/Type") == Name.MCR:
                kid_page = kid.get("/Pg", page)
                if kid_page is not None:
                    found.setdefault(page_key(kid_page), set()).add(int(kid.MCID))
    return found


@dataclass(frozen=True)
class StrayPaint:
    """A paint operator that is neither an artifact nor reachable tagged content."""

    page: int  # 1-based
    operator: str
    marked_as: str  # the innermost marked-content tag, or "" if none


def stray_paint(pdf: pikepdf.Pdf, walked: list[Element] | None = None) -> list[StrayPaint]:
    """Matterhorn 01-005: content neither marked as artifact nor tagged as real content."""
    reachable = reachable_mcids(pdf, walked)
    strays: list[StrayPaint] = []
    for number, page in enumerate(pdf.pages, start=1):
        ids = reachable.get(page_key(page.obj), set())
        contents = page.obj.get("/Contents")
        streams = list(contents) if isinstance(contents, Array) else [contents] if contents else []
        found = _scanned_strays(b"\n".join(read_bounded(s) for s in streams), ids)
        if found is None:
            found = _parsed_strays(page, ids)
        strays.extend(StrayPaint(number, op, tag) for op, tag in found)
    return strays


# The byte-level scan reads WeasyPrint's content streams about twice as fast as pikepdf's
# parser (which makes a Python object for every operator). It splits the stream at the
# marked-content operators and looks for paint operators only where nothing covers them.
# Literal strings, comments and inline images can hide anything: such a stream, or any
# operand it cannot read, goes to the parser instead. A test holds the two equal.
_HEX_STRING = re.compile(rb"<[0-9A-Fa-f\s]*>")
_MARKED_OPS = re.compile(rb"(BDC|BMC|EMC)")
_DELIMITERS = frozenset(b" \t\r\n\f\x00[]<>(){}/%")
_PAINT = re.compile(rb"(?<![^\s\])>}])(f\*|B\*|b\*|sh|Do|Tj|TJ|[SsfFBb])(?![^\s\[\]<>(){}/%])")
_MCID = re.compile(rb"/MCID\s+(\d+)")
_TAG = re.compile(rb"/[^\s/<>\[\]()%{}]*")

Stray = tuple[str, str]  # (paint operator, innermost marked-content tag or "")


def _scanned_strays(data: bytes, ids: set[int]) -> list[Stray] | None:
    """The stray paint operators of one page's content, or None if the parser must read it."""
    if b"(" in data or b"%" in data or b"BI" in data:
        return None
    pieces = _MARKED_OPS.split(_HEX_STRING.sub(b"<>", data))
    stack: list[tuple[str, bool]] = []  # (tag, covers): an artifact, or a reachable MCID
    uncovered = True  # no frame on the stack covers what is painted here
    strays: list[Stray] = []
    for index in range(1, len(pieces), 2):
        before, op, after = pieces[index - 1], pieces[index], pieces[index + 1]
        if (before and before[-1] not in _DELIMITERS) or (after and after[0] not in _DELIMITERS):
            return None  # BDC, BMC or EMC inside a longer token
        if uncovered:
            strays.extend(_paint_in(before, stack))
        if op == b"EMC":
            if stack:
                stack.pop()
                uncovered = not any(covers for _, covers in stack)
            continue
        opened = _opened(before.rstrip(), op)
        if opened is None:
            return None
        tag, mcid = opened
        covers = tag == "/Artifact" or (mcid is not None and mcid in ids)
        stack.append((tag, covers))
        uncovered = uncovered and not covers
    if uncovered:
        strays.extend(_paint_in(pieces[-1], stack))
    return strays


def _opened(head: bytes, op: bytes) -> tuple[str, int | None] | None:
    """(tag, MCID) from the operands before BMC or BDC, or None if they are not plain."""
    mcid = None
    if op == b"BDC":
        if head.endswith(b">>"):
            start = head.rfind(b"<<")
            properties = head[start + 2:-2]
            if start < 0 or b">>" in properties:
                return None  # a nested dictionary
            found = _MCID.search(properties)
            mcid = int(found.group(1)) if found else None
            head = head[:start].rstrip()
        else:
            head = head[:head.rfind(b"/")].rstrip()  # a named property list
    slash = head.rfind(b"/")
    if slash < 0 or not _TAG.fullmatch(head, slash):
        return None
    return head[slash:].decode("latin-1"), mcid


def _paint_in(segment: bytes, stack: list[tuple[str, bool]]) -> list[Stray]:
    inner = stack[-1][0] if stack else ""
    return [(match.group(1).decode(), inner) for match in _PAINT.finditer(segment)]


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


def page_annotations(pdf: pikepdf.Pdf) -> Iterator[tuple[int, Dictionary]]:
    """Every annotation with its 1-based page number."""
    for number, page in enumerate(pdf.pages, start=1):
        for annot in page.obj.get("/Annots", Array()):
            assert isinstance(annot, Dictionary)
            yield number, annot


def _split(instruction: object) -> tuple[list[object], str]:
    """(operands, operator name) of a parsed instruction; inline images have no operands."""
    if isinstance(instruction, pikepdf.ContentStreamInlineImage):
        return [], "INLINE IMAGE"
    assert isinstance(instruction, pikepdf.ContentStreamInstruction)
    return list(instruction.operands), str(instruction.operator)
