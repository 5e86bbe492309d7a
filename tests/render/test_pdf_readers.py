"""What independent readers (poppler, pdf.js) get from each sample PDF: the page's own text,
one link per contents entry, and each table or list as one element (issue 15)."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pikepdf
import pytest

from generator.audit.pdf_structure import elements, page_annotations
from tests.conftest import PROFILES, TODAY, Pack
from tests.outputs import html_info
from tests.render.pdf_readers import (
    html_sections,
    pdfjs_blocks,
    pdfjs_read,
    poppler_blocks,
    sections,
    without_page_numbers,
)


@pytest.fixture(scope="session")
def pdfjs(packs: dict[str, Pack]) -> dict[str, dict[str, Any]]:
    return {name: pdfjs_read(pack.pdf) for name, pack in packs.items()}


def _differences(pdf: list[tuple[str, list[str]]], html: list[tuple[str, list[str]]]
                 ) -> list[str]:
    assert [h for h, _ in pdf] == [h for h, _ in html]  # the same headings, in order
    return [f"{heading}: {' '.join(words)!r} != {' '.join(expected)!r}"
            for (heading, words), (_, expected) in zip(pdf, html, strict=True)
            if words != expected]


def test_poppler_reads_the_html_text_word_for_word(pack: Pack) -> None:
    """pdfinfo -struct-text: every section, heading and body, as the HTML has it."""
    read = without_page_numbers(sections(poppler_blocks(pack.pdf)))
    assert _differences(read, html_sections(pack.html)) == []


def test_pdfjs_reads_the_html_text_word_for_word(pack: Pack,
                                                 pdfjs: dict[str, dict[str, Any]]) -> None:
    read = without_page_numbers(sections(pdfjs_blocks(pdfjs[pack.pdf.parent.name])))
    assert _differences(read, html_sections(pack.html)) == []


def test_pdfjs_bookmarks_equal_the_headings(pack: Pack,
                                            pdfjs: dict[str, dict[str, Any]]) -> None:
    outline = [(depth, title) for depth, title in pdfjs[pack.pdf.parent.name]["outline"]]
    assert outline == html_info(pack.html).headings


def _contents(pdf: pikepdf.Pdf) -> list[Any]:
    """The contents list's entries (LBody elements under the L that follows "Contents")."""
    walked = list(elements(pdf))
    heading = next(i for i, e in enumerate(walked) if e.type == "/H2")  # "Contents"; the
    # cover's list of the pack's other languages comes before it
    start = next(i for i, e in enumerate(walked) if e.type == "/L" and i > heading)
    depth = len(walked[start].parents)
    entries = []
    for element in walked[start + 1:]:
        if len(element.parents) <= depth:
            break
        if element.type == "/LBody":
            entries.append(element)
    return entries


def test_one_link_and_one_annotation_per_contents_entry(pack: Pack) -> None:
    with pikepdf.open(pack.pdf) as pdf:
        entries = _contents(pdf)
        assert len(entries) >= 5
        links = [e for e in elements(pdf) if e.type == "/Link"]
        for entry in entries:
            inside = [link for link in links if _is_under(link, entry.obj) and
                      not _is_under(link, _nested_list(entry.obj))]
            assert len(inside) == 1
            assert "/Link" not in [str(k.get("/S")) for k in _kids(inside[0].obj)]
        page_two = [a for n, a in page_annotations(pdf) if n == 2]
        internal = {str(a.Dest) for a in page_two}
        assert len(page_two) == len(internal) == len(entries)  # one annotation each


def _kids(obj: pikepdf.Dictionary) -> list[Any]:
    kids = obj.get("/K")
    items = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
    return [k for k in items if isinstance(k, pikepdf.Dictionary)]


def _nested_list(obj: pikepdf.Dictionary) -> pikepdf.Dictionary | None:
    return next((k for k in _kids(obj) if k.get("/S") == "/L"), None)


def _is_under(element: Any, ancestor: pikepdf.Dictionary | None) -> bool:
    if ancestor is None:
        return False
    node = element.obj
    while "/P" in node:
        node = node.P
        if node.objgen == ancestor.objgen:
            return True
    return False


def test_leader_dots_are_artifacts_not_text(pack: Pack) -> None:
    blocks = poppler_blocks(pack.pdf)
    assert not [text for _, text in blocks if re.search(r"\.{3,}", text)]
    with pikepdf.open(pack.pdf) as pdf:
        page = pikepdf.unparse_content_stream(pikepdf.parse_content_stream(pdf.pages[1]))
    assert b"/Artifact << /Type /Layout >> BDC" in page.replace(b"\n", b" ")


def _html_count(path: Path, tags: str) -> int:
    return len(re.findall(rf"<({tags})[ >]", path.read_text("utf-8")))


def test_each_table_and_list_is_one_element(pack: Pack) -> None:
    """Kozea/WeasyPrint#2903: a table or list cut by a page break must not become two."""
    with pikepdf.open(pack.pdf) as pdf:
        walked = list(elements(pdf))
        tables = [e for e in walked if e.type == "/Table"]
        assert len(tables) == _html_count(pack.html, "table")
        assert sum(e.type == "/L" for e in walked) == _html_count(pack.html, "ul|ol")
        for table in tables:
            kinds = [str(k.get("/S")) for k in _kids(table.obj)]
            assert kinds == ["/Caption", "/THead", "/TBody"]
        header_ids = {str(e.obj.ID) for e in walked if e.type == "/TH"}
        for cell in (e for e in walked if e.type == "/TD"):
            assert {str(h) for h in cell.obj.A.Headers} <= header_ids


def _rows(table: pikepdf.Dictionary) -> list[pikepdf.Dictionary]:
    return [row for group in _kids(table) if group.get("/S") == "/TBody"
            for row in _kids(group) if row.get("/S") == "/TR"]


def _page(pdf: pikepdf.Pdf, element: pikepdf.Dictionary) -> int:
    return next(n for n, p in enumerate(pdf.pages) if p.obj.objgen == element.Pg.objgen)


# --- spaces only where the HTML had them ------------------------------------------------------


def _render(body: str, css: str = "") -> bytes:
    from generator.policy.editions import available_editions, load_guidance
    from generator.policy.merging import Provenance, merge
    from generator.profile.load import load_profile
    from generator.profile.validation import validate
    from generator.render.pdf import render_pdf

    html = ('<!DOCTYPE html><html lang="en-GB"><head><title>Spaces</title>'
            f"<style>@page {{ size: A6; margin: 10mm }} {css}</style></head>"
            f"<body><h1>Spaces</h1>{body}</body></html>")
    profile, _ = validate(load_profile(PROFILES / "dwp.yaml"), available_editions(), TODAY)
    policy = merge(profile, load_guidance(profile.base), None, Provenance("0" * 64, "t"))
    return render_pdf(html, policy).data


def test_no_space_is_added_where_a_word_was_broken(tmp_path: Path) -> None:
    words = "Recruitmentcampaignsandapprenticeshipsthatnevergetshorter"
    body = (f'<p style="width: 20mm; overflow-wrap: break-word">{words}</p>'
            '<p style="width: 25mm">edition 2012-05-20-11-09 and well-known-to-everyone</p>'
            "<p>The Digital Communications Team owns it and keeps it up to date, so ask.</p>")
    path = tmp_path / "spaces.pdf"
    path.write_bytes(_render(body))
    texts = [text for kind, text in poppler_blocks(path) if kind == "P"]
    assert texts[0] == words  # broken over several lines, read as one word
    assert texts[1].split() == "edition 2012-05-20-11-09 and well-known-to-everyone".split()
    assert texts[2] == "The Digital Communications Team owns it and keeps it up to date, so ask."
    with pikepdf.open(io.BytesIO(path.read_bytes())) as pdf:
        assert len(list(elements(pdf))) > 3


def test_a_table_and_a_list_cut_by_page_breaks_stay_one_element(tmp_path: Path) -> None:
    rows = "".join(f"<tr><td>Role {i}</td><td>Name {i}</td></tr>" for i in range(40))
    items = "".join(f"<li>Item {i}</li>" for i in range(40))
    body = (f"<table><caption>Contacts</caption><thead><tr><th>Role</th><th>Name</th></tr>"
            f"</thead><tbody>{rows}</tbody></table><ul>{items}</ul>")
    path = tmp_path / "split.pdf"
    path.write_bytes(_render(body))
    with pikepdf.open(path) as pdf:
        walked = list(elements(pdf))
        tables = [e for e in walked if e.type == "/Table"]
        assert len(tables) == 1 and sum(e.type == "/L" for e in walked) == 1
        pages = {_page(pdf, row) for row in _rows(tables[0].obj)}
        assert len(pages) >= 3  # cut twice: the join is tested, not assumed
        assert [str(k.get("/S")) for k in _kids(tables[0].obj)] == [
            "/Caption", "/THead", "/TBody"]
        assert len(_kids(next(e.obj for e in walked if e.type == "/L"))) == 40
    blocks = poppler_blocks(path)
    assert [text for kind, text in blocks if kind == "TH"] == ["Role", "Name"]  # read once
    assert [text for kind, text in blocks if kind == "TD"][:2] == ["Role 0", "Name 0"]
