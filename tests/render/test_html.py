"""The HTML page of every sample: language, title, one h1, no skipped level, its fonts,
reflow."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from generator.audit.html import HtmlAuditor
from generator.render import embed_fonts
from tests.conftest import Pack
from tests.outputs import html_info, skipped_levels


def test_language_and_title(pack: Pack) -> None:
    info = html_info(pack.html)
    assert info.lang == pack.profile.department.language
    assert info.title


def test_one_h1_and_no_skipped_level(pack: Pack) -> None:
    levels = [level for level, _ in html_info(pack.html).headings]
    assert levels.count(1) == 1
    assert levels[0] == 1
    assert skipped_levels(levels) == []


def test_landmarks_and_table_headers(pack: Pack) -> None:
    html = pack.html.read_text("utf-8")
    for landmark in ("<header", "<nav", "<main"):
        assert landmark in html
    assert '<th scope="col">' in html
    assert "<caption>" in html


def test_self_contained(pack: Pack) -> None:
    html = pack.html.read_text("utf-8")
    assert 'src="data:image/svg+xml;base64,' in html
    # Nothing to fetch: the only links are to the pack's twin in another language, a
    # file beside it, named for search engines and browsers (rel="alternate").
    links = re.findall(r"<link [^>]*>", html)
    assert all(re.fullmatch(r'<link rel="alternate" hreflang="[a-z-]+" href="[a-z0-9.-]+">',
                            link) for link in links)
    assert len(links) == (pack.profile.department.slug == "welsh-government")
    assert "<script" not in html


@pytest.fixture(scope="module")
def chromium(auditor: HtmlAuditor) -> Browser:
    """The session's Chromium: one process may run one Playwright session at a time."""
    browser: Browser = auditor.browser
    return browser


def fonts_used(browser: Browser, html: Path, selectors: tuple[str, ...]) -> dict[str, list[dict]]:
    """The fonts Chromium drew each selector's first element with (DevTools' own answer)."""
    page = browser.new_page()
    try:
        page.goto(html.as_uri())
        page.evaluate("document.fonts.ready")
        cdp = page.context.new_cdp_session(page)
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        root = cdp.send("DOM.getDocument")["root"]["nodeId"]
        used = {}
        for selector in selectors:
            node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})
            used[selector] = cdp.send("CSS.getPlatformFontsForNode",
                                      {"nodeId": node["nodeId"]})["fonts"]
        return used
    finally:
        page.close()


def test_the_page_is_drawn_in_the_pdfs_own_font(chromium: Browser, pack: Pack) -> None:
    html = pack.html.read_text("utf-8")
    assert re.findall(r"url\((?!\"data:)", html) == []  # every face inside the file
    for selector, fonts in fonts_used(chromium, pack.html, ("h1", "main p", "caption")).items():
        # The embedded face, not a font of this machine: Chromium says "custom" for a web font.
        assert [(f["postScriptName"], f["isCustomFont"]) for f in fonts] == [
            ("NotoSans-Bold" if selector != "main p" else "NotoSans-Regular", True)], selector


def test_a_face_is_embedded_only_for_what_the_page_needs(tmp_path: Path) -> None:
    page = ("<!DOCTYPE html><html lang=en><head><title>t</title><style>p{}</style></head>"
            "<body><p>{}</p></body></html>")
    english = embed_fonts(page.replace("{}", "Policy"))
    assert "Bundled Noto Sans Arabic" not in english.split("html {")[0]
    welsh_and_urdu = embed_fonts(page.replace("{}", "Polisi ŵ ŷ; پالیسی"))
    faces = re.findall(r'font-family: "([^"]+)"; src: url\("data:', welsh_and_urdu)
    assert faces.count("Bundled Noto Sans") == 4 and "Bundled Noto Sans Arabic" in faces
    assert embed_fonts(page.replace("{}", "Policy")) == english  # the same bytes every time


def test_the_page_reflows_at_320_css_pixels(chromium: Browser, pack: Pack) -> None:
    """WCAG 1.4.10: nothing but a wide table scrolls sideways, in its own box."""
    page = chromium.new_page(viewport={"width": 320, "height": 640})
    try:
        page.goto(pack.html.as_uri())
        wider = page.evaluate("""() => [...document.querySelectorAll('body *')]
            .filter(e => !e.closest('.table-wrap') && e.getBoundingClientRect().right > 321)
            .map(e => e.tagName + ' ' + e.textContent.slice(0, 40))""")
        assert wider == []
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
    finally:
        page.close()
