"""Links cut into pieces: one link of the source read as several Link elements (issue 28).

A renderer that tags each line box of a link (WeasyPrint 70 does) gives a link that wraps
onto a second line two Link elements, and a screen reader's links list reads "DWP example"
then "channel". The source is gone from a PDF, so a piece is known by where it sits: a
Link element straight after another with the same address (nothing between them in their
parent, or the first last in a paragraph and the second first in the paragraph's part on
the next page), starting on a later line. Two different links side by side on one line
(two table cells, or two links to one address in a sentence) are not pieces.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import pairwise
from typing import TypeGuard

from pikepdf import Array, Dictionary, Name

from generator.audit.pdf_structure import Element


def split_links(walked: Sequence[Element]) -> Iterator[Dictionary]:
    """Each Link element that continues the one before it: the same link, cut at a line."""
    for element in walked:
        # Marked content between two elements is text between them: None, not adjacent.
        kids = [kid if _is_element(kid) else None for kid in element.kids]
        for before, after in pairwise(kids):
            if before is None or after is None or before.S != after.S:
                continue
            if str(before.S) != "/Link":  # a paragraph cut by a page: its edges
                if _page(before) == _page(after):
                    continue
                before, after = _edge(before, -1), _edge(after, 0)
            if before is not None and after is not None and _continues(before, after):
                yield after


def link_target(annot: Dictionary) -> str:
    """Where a link annotation goes: its URI, or its destination."""
    action = annot.get("/A")
    if isinstance(action, Dictionary) and "/URI" in action:
        return str(action.URI)
    return str(annot.get("/Dest", ""))


def _is_element(kid: object) -> TypeGuard[Dictionary]:
    return isinstance(kid, Dictionary) and "/S" in kid


def _kids(obj: Dictionary) -> list[object]:
    kids = obj.get("/K")
    return list(kids) if isinstance(kids, Array) else [] if kids is None else [kids]


def _edge(obj: Dictionary, index: int) -> Dictionary | None:
    """The first or last kid of an element, if it is a Link element."""
    kids = _kids(obj)
    kid = kids[index] if kids else None
    return kid if isinstance(kid, Dictionary) and kid.get("/S") == Name("/Link") else None


def _continues(before: Dictionary, after: Dictionary) -> bool:
    first, second = _annotations(before), _annotations(after)
    if not first or not second or {link_target(a) for a in first} != {
            link_target(a) for a in second}:
        return False
    return _page(before) != _page(after) or _top(second[0]) < _top(first[-1]) - 1


def _annotations(link: Dictionary) -> list[Dictionary]:
    objects = [kid.get("/Obj") for kid in _kids(link)
               if isinstance(kid, Dictionary) and kid.get("/Type") == Name.OBJR]
    return [obj for obj in objects if isinstance(obj, Dictionary)]


def _page(obj: Dictionary) -> object:
    page = obj.get("/Pg")
    return page.objgen if isinstance(page, Dictionary) else None


def _top(annot: Dictionary) -> float:
    rect = [float(v) for v in annot.get("/Rect", [])]
    return max(rect[1], rect[3]) if len(rect) == 4 else 0.0
