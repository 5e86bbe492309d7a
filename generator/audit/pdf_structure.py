"""Read a tagged PDF's structure: the structure tree, the marked content it reaches, the
annotations, and any stream's bytes with a bound (the content itself: pdf_content.py).

Used by the audit's Matterhorn Protocol checks, on any PDF file read with pikepdf. The
fix-ups (generator/render/pdf.py) work on WeasyPrint's objects before they are written, with their
own walk of the tree: two readings of "reachable", so a mistake in one shows in the other.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from dataclasses import dataclass

import pikepdf
from pikepdf import Array, Dictionary, Name

PageKey = tuple[int, int]  # a page object's (number, generation)

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


@dataclass(frozen=True)
class Element:
    """One structure element, with its page and the path of types above it.

    Its /K and /Pg are read once, in the walk, for every check that looks at them: each
    look-up in pikepdf makes a new Python object.
    """

    obj: Dictionary
    type: str  # e.g. "/H2"
    parents: tuple[str, ...]
    kids: tuple[object, ...] = ()  # its /K as a sequence (a lone kid is one item)
    page: pikepdf.Object | None = None  # its /Pg


def page_key(page: pikepdf.Object) -> PageKey:
    return page.objgen


def elements(pdf: pikepdf.Pdf) -> Iterator[Element]:
    """Every structure element, depth first in document order.

    A stack of the kids still to visit at each depth, not a generator per element (whose
    elements would pass up through one generator per ancestor).
    """
    root = pdf.Root.get("/StructTreeRoot")
    if root is None:
        return
    pending: list[tuple[Iterator[object], tuple[str, ...]]] = [
        (iter(_as_list(root.get("/K"))), ())]
    while pending:
        kids, parents = pending[-1]
        for kid in kids:
            if isinstance(kid, Dictionary) and "/S" in kid:
                element = Element(kid, str(kid.S), parents, tuple(_as_list(kid.get("/K"))),
                                  kid.get("/Pg"))
                yield element
                pending.append((iter(element.kids), (*parents, element.type)))
                break
        else:
            pending.pop()


def _as_list(value: object) -> list[object]:
    if value is None:
        return []
    return list(value) if isinstance(value, Array) else [value]


def reachable_mcids(pdf: pikepdf.Pdf, walked: list[Element] | None = None
                    ) -> dict[PageKey, set[int]]:
    """For each page, the marked-content IDs that some structure element reaches."""
    found: dict[PageKey, set[int]] = {}
    for element in walked if walked is not None else elements(pdf):
        page = element.page
        for kid in element.kids:
            if isinstance(kid, int) and page is not None:
                found.setdefault(page_key(page), set()).add(int(kid))
            elif isinstance(kid, Dictionary) and kid.get("/Type") == Name.MCR:
                kid_page = kid.get("/Pg", page)
                if kid_page is not None:
                    found.setdefault(page_key(kid_page), set()).add(int(kid.MCID))
    return found


def page_annotations(pdf: pikepdf.Pdf) -> Iterator[tuple[int, Dictionary]]:
    """Every annotation with its 1-based page number."""
    for number, page in enumerate(pdf.pages, start=1):
        for annot in page.obj.get("/Annots", Array()):
            assert isinstance(annot, Dictionary)
            yield number, annot
