"""Read a tagged PDF's structure: the structure tree, marked content and paint operators.

Shared by the PDF fix-ups (which repair what WeasyPrint leaves) and the checks that prove
the result (Matterhorn Protocol conditions), so both agree on what "reachable" means.
"""

from __future__ import annotations

import re
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
        stack: list[tuple[str, int | None]] = []
        for op, tag, mcid in _marked_and_paint(page):
            if op in ("BMC", "BDC"):
                stack.append((tag, mcid))
            elif op == "EMC" and stack:
                stack.pop()
            elif op in PAINT_OPERATORS and not _covered(stack, ids):
                strays.append(StrayPaint(number, op, stack[-1][0] if stack else ""))
    return strays


# A content stream's tokens: dictionary brackets, hex strings, names, array brackets, and
# everything else (numbers and operators). Literal strings and inline images are not
# handled here: a stream holding either goes to pikepdf's full parser instead.
_TOKEN = re.compile(rb"<<|>>|<[0-9A-Fa-f\s]*>|/[^\s/<>\[\]()%{}]*|[\[\]]|[^\s/<>\[\]()%{}]+")
_PAINT_BYTES = frozenset(op.encode() for op in PAINT_OPERATORS)


def _marked_and_paint(page: pikepdf.Page) -> Iterator[tuple[str, str, int | None]]:
    """(operator, marked-content tag, MCID) for each marked-content and painting operator."""
    contents = page.obj.get("/Contents")
    streams = list(contents) if isinstance(contents, Array) else [contents] if contents else []
    data = b"\n".join(stream.read_bytes() for stream in streams)
    if b"(" in data or re.search(rb"(?<![^\s])BI(?![^\s])", data):
        yield from _parsed(page)
        return
    name, depth, mcid, want_mcid = "", 0, None, False
    for token in _TOKEN.findall(data):
        if token == b"<<":
            depth += 1
        elif token == b">>":
            depth -= 1
        elif token[:1] == b"/":
            if depth == 0:
                name, mcid = token.decode("latin-1"), None
            want_mcid = depth > 0 and token == b"/MCID"
        elif want_mcid:
            mcid, want_mcid = int(token), False
        elif token in (b"BDC", b"BMC"):
            yield token.decode(), name, mcid
        elif token == b"EMC":
            yield "EMC", "", None
        elif token in _PAINT_BYTES:
            yield token.decode(), "", None


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


def link_target(annot: Dictionary) -> str:
    """A link annotation's target: its URI, or '#name' for a jump inside the document."""
    action = annot.get("/A")
    if isinstance(action, Dictionary):
        if "/URI" in action:
            return str(action.URI)
        if "/D" in action:
            return "#" + _dest_name(action.D)
    if "/Dest" in annot:
        return "#" + _dest_name(annot.Dest)
    return ""


def _dest_name(dest: object) -> str:
    return str(dest) if isinstance(dest, pikepdf.String) else ""


def _split(instruction: object) -> tuple[list[object], str]:
    """(operands, operator name) of a parsed instruction; inline images have no operands."""
    if isinstance(instruction, pikepdf.ContentStreamInlineImage):
        return [], "INLINE IMAGE"
    assert isinstance(instruction, pikepdf.ContentStreamInstruction)
    return list(instruction.operands), str(instruction.operator)
