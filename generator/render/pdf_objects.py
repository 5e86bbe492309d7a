"""Look-ups in WeasyPrint's PDF objects (a pydyf.PDF) before they are written.

pydyf holds each object as a Python dict or list; a reference to another object is the bytes
b"12 0 R", and a content stream is a list of operands and operators, one operator and its
operands to an item (b"1 0 0 -1 68.03 127.49 Tm"), except marked-content tags: the tag
("/Span"), its property dict ({"MCID": 0}) and b"BDC" are three items.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass
from typing import Any

from generator.errors import RenderError


@dataclass(frozen=True)
class StructNode:
    """One structure element, with the structure elements above it (nearest last)."""

    obj: dict[str, Any]
    type: str  # e.g. "/H2"
    ancestors: tuple[dict[str, Any], ...]

    @property
    def parents(self) -> tuple[str, ...]:
        """The types of the elements above it, outermost first."""
        return tuple(str(a["S"]) for a in self.ancestors)


class PdfObjects:
    """Look-ups in a pydyf.PDF: objects by reference, pages, the structure tree."""

    def __init__(self, pdf: Any) -> None:
        self.pdf = pdf
        self.pages = [pdf.objects[number] for number in pdf.pages["Kids"][::3]]

    def get(self, value: Any) -> Any:
        """The object a reference points to; any other value as it is."""
        if isinstance(value, bytes) and value.endswith(b" R"):
            return self.pdf.objects[int(value.split(maxsplit=1)[0])]
        return value

    def page_index(self, reference: Any) -> int:
        """The 0-based number of the page a /Pg reference points to."""
        return self._page_numbers()[reference]

    def _page_numbers(self) -> dict[Any, int]:
        if not hasattr(self, "_numbers"):
            self._numbers = {page.reference: n for n, page in enumerate(self.pages)}
        return self._numbers

    def root(self) -> dict[str, Any]:
        root = self.get(self.pdf.catalog.get("StructTreeRoot"))
        if root is None:
            raise RenderError("WeasyPrint wrote no structure tree: the PDF would be untagged")
        return root  # type: ignore[no-any-return]

    def elements(self) -> Iterator[StructNode]:
        """Every structure element, depth first in document order.

        A stack of the kids still to visit at each depth, not a generator per element:
        an element's node would otherwise pass up through one generator per ancestor.
        """
        pending: list[tuple[Iterator[Any], tuple[dict[str, Any], ...]]] = [
            (iter(self.root().get("K", [])), ())]
        while pending:
            kids, ancestors = pending[-1]
            for kid in kids:
                obj = self.get(kid)
                if isinstance(obj, dict) and "S" in obj:
                    yield StructNode(obj, str(obj["S"]), ancestors)
                    pending.append((iter(obj.get("K", [])), (*ancestors, obj)))
                    break
            else:
                pending.pop()

    def detach(self, element: dict[str, Any], goes_when_empty: Collection[str]) -> None:
        """Take an element out of its parent; a parent left empty goes too, if it is of a
        type in `goes_when_empty` (one that means nothing without its content)."""
        parent = self.get(element.get("P"))
        if not isinstance(parent, dict):
            return
        kids = parent.get("K", [])
        reference = getattr(element, "reference", None)
        if reference in kids:
            kids.remove(reference)
        if not kids and parent.get("S") in goes_when_empty:
            self.detach(parent, goes_when_empty)

    def parent_tree(self) -> dict[int, Any]:
        """The ParentTree's entries: a page's StructParents key -> its array of elements."""
        nums = self.get(self.root()["ParentTree"]).get("Nums", [])
        return {nums[i]: self.get(nums[i + 1]) for i in range(0, len(nums), 2)}
