"""A new profile's preview in a real browser (Debian's Chromium) against the real server: the
policy shows from the first page, its markers stand out and are text, and typing an answer
replaces its marker. The draft's page passes the same axe audit as a built policy."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.audit import HtmlAuditor
from generator.profile import load_profile, write_starter
from generator.serve.preview import preview
from tests.serve.browser import (  # noqa: F401  (the *_fixture names are fixtures)
    Server,
    axe_violations,
    browser_fixture,
    needs_browser,
    require_browser_fixture,
    signed_in,
    start_server,
    type_into,
)
from tests.serve.conftest import copy_samples

pytestmark = needs_browser


@pytest.fixture(scope="module", name="server")
def drafts_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp("profiles")
    copy_samples(folder)
    write_starter(folder / "draft.yaml")  # as "Start a new profile" writes it
    running = start_server(folder)
    yield running
    running.stop()


def test_a_new_profile_shows_its_policy_with_markers_from_the_first_page(
        browser: Any, server: Server) -> None:
    page = signed_in(browser, server)
    page.goto(f"{server.base}/p/draft.yaml/page/department")
    frame = page.frame_locator("#pp-preview iframe")
    heading = frame.locator("h1")
    assert heading.inner_text() == "[Not filled in yet: the policy's title]"
    mark = frame.locator("p.cover-department mark.pp-gap")
    assert mark.inner_text() == "[Not filled in yet: the department's full name]"
    # Visibly apart from the text around it: its own background and an underline.
    drawn = mark.evaluate("m => [getComputedStyle(m).backgroundColor,"
                          " getComputedStyle(m).borderBottomStyle,"
                          " getComputedStyle(m.parentElement).backgroundColor]")
    assert drawn[0] != drawn[2] and drawn[1] == "dashed", drawn
    assert "41 problems" in frame.locator("p.pp-draft").inner_text()

    type_into(page, "#f-department-name", "Department of Drafts")
    frame.locator("p.cover-department", has_text="Department of Drafts").wait_for()
    assert frame.locator("p.cover-department mark").count() == 0
    assert "40 problems" in frame.locator("p.pp-draft").inner_text()
    assert axe_violations(page) == []
    assert "Department of Drafts" not in (server.folder / "draft.yaml").read_text("utf-8")


def test_a_drafts_preview_passes_the_policy_pages_audit(auditor: HtmlAuditor,
                                                        tmp_path: Path) -> None:
    write_starter(tmp_path / "draft.yaml")
    for part in ("", "top", "channels", "contacts"):
        made = preview(load_profile(tmp_path / "draft.yaml"), [], part)
        assert made.problems == 41 and "pp-gap" in made.html
        checks, findings = auditor.audit(made.html)
        assert checks > 1 and findings == [], (part, findings)
