"""Read a tagged PDF's structure: the structure tree, marked content and paint operators.

Shared by the PDF fix-ups (which repair what WeasyPrint leaves) and the checks that prove
the result (Matterhorn Protocol conditions), so both agree on what "reachable" means.
"""

from __future__ import annotations

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
        # Ask the parser for the operators that matter only: far fewer Python objects.
        for instruction in pikepdf.parse_content_stream(page, MARKED_AND_PAINT):
            operands, op = _split(instruction)
            if op in ("BMC", "BDC"):
                stack.append((str(operands[0]), _mcid(operands)))
            elif op == "EMC" and stack:
                stack.pop()
            elif op in PAINT_OPERATORS and not _covered(stack, ids):
                strays.append(StrayPaint(number, op, stack[-1][0] if stack else ""))
    return strays


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
