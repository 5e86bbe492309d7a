"""One Link structure element per link of the HTML, however many lines or pages it wraps onto
(issue 28): a screen reader's links list is the HTML's links, read by pdf.js and by poppler."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pikepdf
import pytest

from generator.audit.pdf_structure import elements
from generator.render.pdf import render_pdf
from tests.audit.test_pdf_text_audit import page, policy
from tests.conftest import Pack
from tests.render.pdf_readers import Link, html_links, pdfjs_links, pdfjs_read, poppler_links

# Only in the HTML: the skip link, hidden in print (it is display: none there).
HTML_ONLY = frozenset({"skip-link"})

Address = str
Links = list[tuple[str, Address]]


def _words(text: str) -> str:
    return " ".join(text.split())


def _letters(text: str) -> str:
    """pdf.js ends each line of its text with a line feed, whether the line broke at a space
    or inside a word ("digital-" / "communications"): compared without whitespace."""
    return "".join(text.split())


def _expected(html: Path) -> Links:
    """The HTML's links as the PDF should have them: the link to the pack in another
    language goes to that pack's PDF, beside this one (generator/render/pdf.py link_twins)."""
    found = []
    for text, href, classes in html_links(html):
        if HTML_ONLY.isdisjoint(classes.split()):
            twin = ":" not in href and not href.startswith("#")
            found.append((text, href.removesuffix(".html") + ".pdf" if twin else href))
    return found


def _pdfjs_address(annotation: dict[str, Any]) -> Address:
    return str(annotation["url"]) if annotation["url"] else f"#{annotation['dest']}"


def _read_by_pdfjs(path: Path) -> Links:
    read = pdfjs_read(path)
    annotations = {a["id"]: a for p in read["pages"] for a in p["annotations"]}
    return [(text, _one_address([_pdfjs_address(annotations[i]) for i in ids]))
            for text, ids in pdfjs_links(read)]


def _read_by_poppler(path: Path) -> Links:
    """poppler's Link elements and their texts; the address of each annotation it names by
    object number is looked up with pikepdf (poppler's tools print no object's address)."""
    links: list[Link] = poppler_links(path)
    with pikepdf.open(path) as pdf:
        return [(text, _one_address([_pikepdf_address(pdf.get_object((int(n), 0)))
                                     for n in numbers])) for text, numbers in links]


def _pikepdf_address(annot: pikepdf.Dictionary) -> Address:
    action = annot.get("/A")
    if isinstance(action, pikepdf.Dictionary) and "/URI" in action:
        return str(action.URI)
    return f"#{annot.Dest}"


def _one_address(addresses: list[Address]) -> Address:
    """A Link element's address: every annotation it holds goes to the same place."""
    assert addresses and len(set(addresses)) == 1, addresses
    return addresses[0]


def _policy_pdfs(pack: Pack) -> list[Path]:
    """The pack's policy in each of its languages (the Welsh pack has two)."""
    found = sorted(pack.folder.glob("*-social-media-policy*.pdf"))
    assert pack.pdf in found
    return found


def test_the_links_list_is_the_htmls(pack: Pack) -> None:
    """Every sample, every language: the ordered (text, address) of its Link elements, read by
    pdf.js and by poppler, is the ordered list of the HTML's <a href> it was made from."""
    for pdf in _policy_pdfs(pack):
        expected = _expected(pdf.with_suffix(".html"))
        assert len(expected) > 20
        assert [(_words(t), a) for t, a in _read_by_poppler(pdf)] == expected
        assert [(_letters(t), a) for t, a in _read_by_pdfjs(pdf)] == [
            (_letters(t), a) for t, a in expected]


# --- a page made to wrap links: an address, a long link, a link cut by the page's foot --------

EMAIL = "digital-communications-team@dwp.example"
LONG = "guidance on social media for civil servants, as published"
ACROSS = "a link that runs from the foot of one page onto the next page"
WRAPPED = (f"<p style='width: 40mm; overflow-wrap: anywhere'>Write to <a href='mailto:{EMAIL}'>"
           f"{EMAIL}</a> or see the <a href='https://www.gov.uk/guidance'>{LONG}</a>.</p>"
           # Two links side by side to one address are two links, in a table or a sentence.
           "<table><tr><td><a href='https://x.example/a'>Same</a></td>"
           "<td><a href='https://x.example/a'>address</a></td></tr></table>"
           "<p>Two: <a href='https://x.example/b'>one</a><a href='https://x.example/b'>two</a>"
           "</p><div style='height: 20mm'></div>"
           f"<p style='orphans: 1; widows: 1'>At the foot: <a href='https://x.example/c'>{ACROSS}"
           "</a> and after.</p>")
TEXTS = [EMAIL, LONG, "Same", "address", "one", "two", ACROSS]


@pytest.fixture(scope="module")
def wrapped(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("links") / "wrapped.pdf"
    path.write_bytes(render_pdf(page(WRAPPED), policy()).data)
    return path


def test_a_wrapped_link_is_one_link_element_holding_every_annotation(wrapped: Path) -> None:
    assert [_words(text) for text, _ in poppler_links(wrapped)] == [
        "digital-communications-team@dwp.example", LONG, "Same", "address", "one", "two",
        ACROSS]
    with pikepdf.open(io.BytesIO(wrapped.read_bytes())) as pdf:
        links = [e for e in elements(pdf) if e.type == "/Link"]
        assert len(pdf.pages) == 2 and len(links) == len(TEXTS)
        parent_tree = pdf.Root.StructTreeRoot.ParentTree.Nums
        owners = {int(parent_tree[i]): parent_tree[i + 1] for i in range(0, len(parent_tree), 2)}
        annotations = [[k.Obj for k in link.kids if isinstance(k, pikepdf.Dictionary)
                        and k.get("/Type") == "/OBJR"] for link in links]
        assert [len(a) for a in annotations][:2] >= [3, 3]  # really wrapped: lines each
        pages = {k.Pg.objgen for k in links[-1].kids if isinstance(k, pikepdf.Dictionary)}
        assert len(pages) == 2  # cut by the page's foot, one element on both pages
        for link, text, held in zip(links, TEXTS, annotations, strict=True):
            for annot in held:
                assert str(annot.Contents) == text  # the whole link, on every line
                assert owners[int(annot.StructParent)].objgen == link.obj.objgen


@pytest.mark.renders
def test_pdfjs_reads_one_link_clickable_on_every_line(wrapped: Path) -> None:
    """pdf.js gives a structure tree a page, so the link cut by the page's foot is a link on
    each page (Firefox reads a page at a time): one each, its whole text on each annotation."""
    pages = pdfjs_read(wrapped)["pages"]
    annotations = {a["id"]: a for p in pages for a in p["annotations"]}
    links = pdfjs_links({"pages": pages})
    assert [_letters(text) for text, _ in links] == [
        *map(_letters, TEXTS[:-1]), "alinkthatrunsfromthefoot", "ofonepageontothenextpage"]
    for (_, ids), text in zip(links[:2], TEXTS, strict=False):
        lines = [annotations[i]["rect"] for i in ids]
        assert len(lines) >= 3
        assert len({round(rect[1]) for rect in lines}) == len(lines)  # one on each line
        assert {annotations[i]["contents"] for i in ids} == {text}
    assert {annotations[i]["url"] for i in links[0][1]} == {f"mailto:{EMAIL}"}
    assert [annotations[i]["contents"] for _, ids in links[-2:] for i in ids] == [ACROSS] * 2
