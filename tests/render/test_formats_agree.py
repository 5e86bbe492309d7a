"""One document model, three renderers: the same headings, in the same order, everywhere."""

from __future__ import annotations

import json

import pikepdf

from tests.conftest import Pack
from tests.outputs import docx_headings, html_info, pdf_outline


def test_same_headings_in_the_same_order(pack: Pack) -> None:
    html = html_info(pack.html).headings
    with pikepdf.open(pack.pdf) as pdf:
        assert pdf_outline(pdf) == html
    assert docx_headings(pack.docx) == html
    titles = [title for _, title in html]
    assert "Annex: departures from the base guidance" in titles


def test_every_rendered_section_is_in_every_format(pack: Pack) -> None:
    manifest = json.loads(pack.manifest.read_text("utf-8"))
    # the equality statement is a section of "About this policy", before the base's
    about = [t["title"] for t in manifest["topics"] if t["id"] == "topics.equality"]
    shown = about + [s["title"] for s in manifest["sections"] if s["status"] != "omitted"] + [
        t["title"] for t in manifest["topics"] if t["id"] != "topics.equality"]
    titles = [title for level, title in html_info(pack.html).headings if level == 3]
    assert titles == shown


def test_manifest_names_outputs_and_provenance(pack: Pack) -> None:
    manifest = json.loads(pack.manifest.read_text("utf-8"))
    assert manifest["base"]["edition"] == pack.profile.base
    assert len(manifest["base"]["sha256"]) == 64
    assert len(manifest["profile"]["sha256"]) == 64
    for path in (pack.pdf, pack.docx, pack.html):
        assert manifest["outputs"][path.name]["bytes"] == path.stat().st_size
    for section in manifest["sections"]:
        assert set(section) - {"base_title"} == {"id", "title", "core", "status", "reason",
                                                 "approved_by", "date", "origin", "words"}
        assert section["origin"]["kind"] in ("guidance", "code", "model", "department")
        if section["status"] != "modified":  # a modification's words depend on how
            assert section["words"] == section["origin"]["kind"]
        if section["status"] == "added":
            assert section["origin"]["kind"] == "department"
        if section["status"] == "adopted":
            assert section["reason"] is None and section["date"] is None
    # every printed section, the topics too, counted once by whose words it prints
    shown = [s["words"] for s in manifest["sections"] if s["status"] != "omitted"] + [
        t["origin"]["kind"] for t in manifest["topics"]]
    assert manifest["origins"] == {kind: shown.count(kind)
                                   for kind in ("guidance", "code", "model", "department")}
    assert manifest["origins_summary"].startswith(f"{len(shown)}: ")
