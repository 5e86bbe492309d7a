"""One Link structure element per link of the HTML, however many lines or pages it spans.

WeasyPrint 70 makes one link annotation and one Link structure element for each box of an
<a> (weasyprint/pdf/anchors.py add_links, pdf/tags.py _build_box_tree): a link that wraps
onto a second line is two inline boxes, so two Link elements, and a screen reader's links
list reads "DWP example" then "channel" (issue 28). A structure element may hold several
annotations and content on several pages (ISO 32000-1 §14.7.2, §14.7.4.3; PDF/UA-1 7.18.5
asks for each link annotation to be nested in a Link element, not for one each), so the
pieces go back into the first: one element, one OBJR for each annotation (each still
clickable on its own line), the marked content of every piece.

Which pieces are one link is not guessed from the PDF: two different links to the same
address can sit side by side (a table cell and the next). WeasyPrint's layout says it
exactly: each page's `links` hold the box that made each annotation, and the boxes of one
<a> share its HTML element.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import pydyf

from generator.render.pdf_objects import PdfObjects


@dataclass(frozen=True)
class SourceLink:
    """One link of the HTML: the references of its annotations, in order, and its text."""

    annotations: tuple[bytes, ...]
    text: str  # what a reader sees, whitespace folded


def source_links(document: Any) -> list[SourceLink]:
    """Each link of the HTML that has an annotation in the PDF, in document order.

    `document` is WeasyPrint's Document, as its finisher receives it: its pages' `links`
    are (type, target, rectangle, box), and add_links gave each box its annotation.
    """
    found: dict[tuple[int, str], list[bytes]] = {}
    elements: dict[tuple[int, str], Any] = {}
    for page in document.pages:
        for _, _, _, box in page.links:
            annotation = getattr(box, "link_annotation", None)
            if annotation is None:  # an attachment: no link annotation
                continue
            # The tag as well: a pseudo-element's box (a::after) has its <a>'s element.
            key = (id(box.element), str(box.element_tag))
            found.setdefault(key, []).append(annotation.reference)
            elements[key] = box.element
    return [SourceLink(tuple(references), _text(elements[key]))
            for key, references in found.items()]


def _text(element: Any) -> str:
    return " ".join("".join(element.itertext()).split()) if element is not None else ""


def join_link_pieces(objects: PdfObjects, links: Sequence[SourceLink]) -> int:
    """Make the Link elements of each link one element; how many pieces were joined in."""
    owner = {reference: number for number, link in enumerate(links)
             for reference in link.annotations}
    groups: dict[int, list[dict[str, Any]]] = {}
    for node in objects.elements():
        if node.type != "/Link":
            continue
        owners = {owner.get(reference) for reference in _annotations(objects, node.obj)}
        if len(owners) == 1 and None not in owners:
            groups.setdefault(owners.pop(), []).append(node.obj)  # type: ignore[arg-type]
    parent_tree = _ParentTree(objects)
    joined = 0
    for first, *rest in groups.values():
        for piece in rest:
            _move_kids(objects, parent_tree, piece, first)
            objects.detach(piece, _EMPTY_GOES)
            joined += 1
    return joined


def _annotations(objects: PdfObjects, element: dict[str, Any]) -> Iterator[bytes]:
    """The references of the annotations an element holds through an OBJR."""
    for kid in element.get("K", []):
        obj = objects.get(kid)
        if isinstance(obj, dict) and obj.get("Type") == "/OBJR":
            yield obj["Obj"]


class _ParentTree:
    """The ParentTree's Nums, to point an entry at another element."""

    def __init__(self, objects: PdfObjects) -> None:
        self.objects = objects
        self.nums = objects.get(objects.root()["ParentTree"])["Nums"]
        self.index = {self.nums[i]: i + 1 for i in range(0, len(self.nums), 2)}

    def repoint_content(self, page: Any, mcid: int, element: dict[str, Any]) -> None:
        key = self.objects.get(page).get("StructParents")
        entry = self.objects.get(self.nums[self.index[key]]) if key in self.index else None
        if entry is not None and mcid < len(entry):
            entry[mcid] = element.reference  # type: ignore[attr-defined]

    def repoint_object(self, obj: dict[str, Any], element: dict[str, Any]) -> None:
        key = obj.get("StructParent")
        if key in self.index:
            self.nums[self.index[key]] = element.reference  # type: ignore[attr-defined]


def _move_kids(objects: PdfObjects, parent_tree: _ParentTree, piece: dict[str, Any],
               first: dict[str, Any]) -> None:
    """Append a piece's kids to the first piece, each entry of the ParentTree following."""
    page = piece.get("Pg")
    for kid in piece.get("K", []):
        obj = objects.get(kid)
        if isinstance(kid, int):  # marked content on the piece's page: say which, if not first's
            if page != first.get("Pg"):
                kid = pydyf.Dictionary({"Type": "/MCR", "Pg": page, "MCID": kid})
            parent_tree.repoint_content(page, int(obj), first)
        elif isinstance(obj, dict) and obj.get("Type") == "/OBJR":
            parent_tree.repoint_object(objects.get(obj["Obj"]), first)
        elif isinstance(obj, dict) and obj.get("Type") == "/MCR":
            obj.setdefault("Pg", page)
            parent_tree.repoint_content(obj["Pg"], int(obj["MCID"]), first)
        elif isinstance(obj, dict) and "S" in obj:
            obj["P"] = first.reference  # type: ignore[attr-defined]
        first["K"].append(kid)


# Parents that mean nothing once empty: a paragraph's part on the next page that held only
# the end of the link, or an inline wrapper.
_EMPTY_GOES = frozenset(("/P", "/Span", "/NonStruct", "/Div"))
