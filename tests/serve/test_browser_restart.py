"""A page left open across a restart of the editor, in a real browser (issue 24): its
answers are kept when its form is refused, and reach the file once the person gives the
new address. Chromium follows the sign-in's 307 by sending the same form to the page."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

from tests.serve.browser import (  # noqa: F401  (the *_fixture names are fixtures)
    Server,
    axe_violations,
    browser_fixture,
    needs_browser,
    require_browser_fixture,
    signed_in,
    start_server,
)
from tests.serve.conftest import copy_samples

pytestmark = needs_browser


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_a_page_open_across_a_restart_saves_after_the_new_address(
        browser: Any, tmp_path: Path) -> None:
    copy_samples(tmp_path)
    port = free_port()
    first = start_server(tmp_path, "--port", str(port))
    restarted: Server | None = None
    try:
        page = signed_in(browser, first)
        page.goto(f"{first.base}/p/dwp.yaml/page/policy")
        page.fill("#f-policy-owner", "Typed before the restart")
        first.stop()
        restarted = start_server(tmp_path, "--port", str(port))  # the same address
        page.get_by_role("button", name="Save and continue").click()
        page.wait_for_load_state()
        assert page.locator("h1").inner_text() == "Your answers are kept, not saved yet"
        assert axe_violations(page) == []
        assert "Typed before the restart" not in (tmp_path / "dwp.yaml").read_text()
        page.get_by_label("The editor's address, with its key").fill(restarted.entry)
        page.get_by_role("button", name="Sign in and send my answers").click()
        page.wait_for_load_state()
        assert "owner: Typed before the restart" in (tmp_path / "dwp.yaml").read_text()
        assert "/sign-in-again" not in page.url and "token" not in page.url
    finally:
        if first.process.poll() is None:
            first.stop()
        if restarted is not None:
            restarted.stop()
