"""`policy-pack site`: one static folder any intranet can host. Every relative link leads to
a file (and to an element with that id, for a #fragment), every page passes axe-core's WCAG
2.2 AA rules in Chromium, and the index reflows at 320 CSS pixels."""

from __future__ import annotations

import json
import shutil
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from generator.audit.html import HtmlAuditor
from tests.conftest import PROFILES, SAMPLES
from tests.outputs import html_text
from tests.test_cli import run


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(str(found["id"]))
        if tag == "a" and found.get("href"):
            self.links.append(str(found["href"]))


def read(page: Path) -> _Links:
    parser = _Links()
    parser.feed(page.read_text("utf-8"))
    return parser


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("site")
    shutil.copytree(PROFILES, folder / "profiles")
    result = run("site", "profiles", "--out", "out", cwd=folder)
    assert result.returncode == 0, result.stderr
    assert "wrote out/index.html" in result.stdout
    return folder / "out"


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_every_relative_link_leads_somewhere(site: Path) -> None:
    checked = 0
    for page in pages(site):
        for href in read(page).links:
            parts = urlsplit(href)
            if parts.scheme in ("https", "http", "mailto"):
                continue  # outside the site: the pages name their own addresses
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            assert target.is_file(), f"{page.relative_to(site)}: {href}"
            assert target.is_relative_to(site.resolve()), f"{page}: {href} leaves the site"
            if parts.fragment and target.suffix == ".html":
                assert unquote(parts.fragment) in read(target).ids, f"{page}: {href}"
            checked += 1
    assert checked > 100


def test_the_index_lists_every_pack_and_review(site: Path) -> None:
    links = read(site / "index.html").links
    for slug in SAMPLES:
        for name in (f"{slug}/{slug}-social-media-policy.pdf",
                     f"{slug}/{slug}-social-media-policy.docx",
                     f"{slug}/{slug}-social-media-policy.html",
                     f"{slug}/{slug}-social-media-use.html", f"{slug}/manifest.json"):
            assert name in links, name
    assert "matrix/matrix.html" in links and "impact-2014-10/impact.html" in links
    assert sum(1 for link in links if link.startswith("compare-base-")) == len(SAMPLES)


def test_every_page_of_the_site_passes_axe_core(site: Path, auditor: HtmlAuditor) -> None:
    found = {}
    for page in pages(site):
        _, findings = auditor.audit(page.read_text("utf-8"))
        if findings:
            found[str(page.relative_to(site))] = [f.message for f in findings]
    assert found == {}
    # each department's policy, public page and comparison; the index, matrix and impact
    assert len(pages(site)) == 3 * len(SAMPLES) + 3


def test_the_index_reflows_at_320_css_pixels(site: Path, auditor: HtmlAuditor) -> None:
    page = auditor.browser.new_page(viewport={"width": 320, "height": 640})
    try:
        page.goto((site / "index.html").as_uri())
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
    finally:
        page.close()


def test_the_site_needs_every_profile_to_build(tmp_path: Path) -> None:
    shutil.copytree(PROFILES, tmp_path / "profiles")
    (tmp_path / "profiles" / "broken.yaml").write_text("schema_version: [\n", "utf-8")
    result = run("site", "profiles", "--out", "out", cwd=tmp_path)
    assert result.returncode != 0
    assert "the site was not written" in result.stderr
    assert not (tmp_path / "out" / "index.html").exists()


def test_the_index_names_the_base_text_and_where_each_packs_words_come_from(site: Path) -> None:
    text = html_text(site / "index.html")
    assert "Cabinet Office guidance (" not in text  # an edition is the base text's, not theirs
    assert "What the October 2014 edition of the base text means for each department" in text
    manifest = json.loads((site / "nics-finance" / "manifest.json").read_text("utf-8"))
    assert manifest["origins"]["model"] and manifest["origins"]["guidance"]  # NICS has both
    # the line of the pack's own document control
    printed = [s for s in manifest["sections"] if s["status"] != "omitted"] + manifest["topics"]
    assert manifest["origins_summary"].startswith(f"{len(printed)}: ")
    assert ("derived from the May 2012 edition of the base text. Its sections: "
            f"{manifest['origins_summary']}.") in text
    assert ("Department of Finance: how it differs from the May 2012 edition of the base text"
            in text)
