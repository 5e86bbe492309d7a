"""Pagination a typesetter would accept, read from the PDF's structure tree with pikepdf.

Each list item and table row is placed on the page its first marked content is on. A list
or table that runs over a page break must leave at least two of its items or rows on each
page: no lone bullet at the top of a page, no page holding one row of a table.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pikepdf
import pytest

from generator.policy import Provenance, load_guidance, merge
from generator.render import render_pdf
from tests.conftest import Pack

ITEM = {"/L": "/LI", "/Table": "/TR"}


def _kids(element: pikepdf.Dictionary) -> list[object]:
    kids = element.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def first_page(element: pikepdf.Dictionary, pages: dict[tuple[int, int], int],
               inherited: int | None = None) -> int | None:
    """The page number of an element's first marked content, in document order."""
    page = inherited
    if isinstance(element.get("/Pg"), pikepdf.Dictionary):
        page = pages[element.Pg.objgen]
    for kid in _kids(element):
        if isinstance(kid, int):
            return page
        if isinstance(kid, pikepdf.Dictionary):
            if kid.get("/Type") == "/MCR":
                return pages[kid.Pg.objgen] if "/Pg" in kid else page
            if "/S" in kid:
                found = first_page(kid, pages, page)
                if found is not None:
                    return found
    return None


def groups(root: pikepdf.Dictionary) -> Iterator[tuple[str, list[pikepdf.Dictionary]]]:
    """Every list and table with its items or rows (through THead, TBody and TFoot)."""
    stack = [root]
    while stack:
        element = stack.pop()
        kind = str(element.get("/S", ""))
        if kind in ITEM:
            items: list[pikepdf.Dictionary] = []
            for kid in _kids(element):
                if not isinstance(kid, pikepdf.Dictionary):
                    continue
                if str(kid.get("/S")) in ("/THead", "/TBody", "/TFoot"):
                    items.extend(k for k in _kids(kid) if isinstance(k, pikepdf.Dictionary)
                                 and str(k.get("/S")) == "/TR")
                elif str(kid.get("/S")) == ITEM[kind]:
                    items.append(kid)
            yield kind, items
        stack.extend(k for k in reversed(_kids(element)) if isinstance(k, pikepdf.Dictionary)
                     and "/S" in k)


def lone_items(path: object) -> list[str]:
    found = []
    with pikepdf.open(path) as pdf:
        pages = {page.obj.objgen: number for number, page in enumerate(pdf.pages, 1)}
        for kind, items in groups(pdf.Root.StructTreeRoot):
            placed = Counter(first_page(item, pages) for item in items)
            if len(placed) > 1:
                found += [f"{kind[1:]} of {len(items)} has {count} on page {page}"
                          for page, count in sorted(placed.items(), key=str) if count < 2]
    return found


def test_no_page_holds_a_lone_list_item_or_table_row(pack: Pack) -> None:
    assert lone_items(pack.pdf) == []


@pytest.fixture(scope="module")
def samples_have_split_groups(packs: dict[str, Pack]) -> int:
    """How many lists and tables of the samples run over a page break (so the test above
    checks something)."""
    split = 0
    for pack in packs.values():
        with pikepdf.open(pack.pdf) as pdf:
            pages = {page.obj.objgen: n for n, page in enumerate(pdf.pages, 1)}
            for _, items in groups(pdf.Root.StructTreeRoot):
                split += len({first_page(item, pages) for item in items}) > 1
    return split


def test_the_samples_do_split_lists_or_tables(samples_have_split_groups: int) -> None:
    assert samples_have_split_groups >= 1


@pytest.mark.parametrize(("rules", "expected"), [
    ("", ["L of 5 has 1 on page 2"]),  # the last bullet alone at the top of page 2
    ("li:first-child { break-after: avoid; } li:last-child { break-before: avoid; }", []),
])
def test_a_lone_bullet_is_found_and_the_print_rules_prevent_it(
        packs: dict[str, Pack], tmp_path: Path, rules: str, expected: list[str]) -> None:
    """A list placed so that only its last item falls on the next page (measured: a 244 mm
    spacer on an A4 page with 20 mm margins), rendered with our fix-ups."""
    policy = merge(packs["dwp"].profile, load_guidance(packs["dwp"].profile.base), None,
                   Provenance("0" * 64, "test"))
    items = "".join(f"<li>Item {i}</li>" for i in range(5))
    html = ('<!DOCTYPE html><html lang="en-GB"><head><title>T</title><style>@page { size: A4; '
            f"margin: 20mm }} @media print {{ {rules} }}</style></head><body><h1>T</h1>"
            f'<div style="height:244mm"></div><ul>{items}</ul></body></html>')
    (tmp_path / "list.pdf").write_bytes(render_pdf(html, policy).data)
    assert lone_items(tmp_path / "list.pdf") == expected
