"""Every page of the editor in every state, in Chromium with JavaScript on: zero axe-core
violations of WCAG 2.2 AA, and no sideways scrolling at 320 CSS px (WCAG 1.4.10 reflow).

Each state is a test of its own, so a failure names the page. The states reach their page the
quickest way (fill and click are allowed here: the keyboard journeys are in test_browser.py).
A few states are also photographed, at 1000 and 320 px wide, into /tmp/policy-pack-a11y/, to
be looked at by a person: axe cannot see everything.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.profile import write_starter
from tests.serve.browser import (  # noqa: F401  (the *_fixture names are fixtures)
    Server,
    axe_violations,
    browser_fixture,
    needs_browser,
    overflow_at_320,
    require_browser_fixture,
    samples_fixture,
    signed_in,
    start_server,
)

pytestmark = needs_browser

SHOTS = Path("/tmp/policy-pack-a11y")
PHOTOGRAPHED = {"profiles", "tasks-starter", "department-with-errors", "channels-with-items",
                "section-with-error", "check-starter", "pack-made", "conflict", "remove-error",
                "item-gone",
                "reviews-compare"}
LISTS = ("history", "channels", "contacts", "local-rules", "related-policies")


@pytest.fixture(scope="module", name="server")
def server_fixture(samples: Path) -> Iterator[Server]:
    """The samples, plus scratch.yaml (a copy of dwp.yaml that states may spoil)."""
    shutil.copy(samples / "dwp.yaml", samples / "scratch.yaml")
    running = start_server(samples)
    yield running
    running.stop()


@pytest.fixture(scope="module", name="page")
def page_fixture(browser: Any, server: Server) -> Iterator[Any]:
    """One signed-in page for the module, with two new profiles: starter.yaml as
    `policy-pack new` writes it (a problem in every task, an example in every list), and
    emptied.yaml, started in the editor, with every list emptied."""
    page = signed_in(browser, server, True)
    write_starter(server.folder / "starter.yaml")
    page.goto(server.base + "/")
    page.fill("#f-file", "emptied")
    page.click("form[action='/new'] button")
    assert page.url.endswith("/p/emptied.yaml")
    for slug in LISTS:
        page.goto(f"{server.base}/p/emptied.yaml/list/{slug}")
        if not page.locator(f'a[href="/p/emptied.yaml/list/{slug}/0/remove"]').count():
            continue  # the editor starts a profile with none of this list's examples
        page.goto(f"{server.base}/p/emptied.yaml/list/{slug}/0/remove")
        page.check("#f-confirm")
        page.click("form button.govuk-button")
        assert page.url.endswith(f"/list/{slug}"), page.url
    yield page
    page.context.close()


def go(path: str) -> Callable[[Any, Server, Any], Any]:
    def visit(page: Any, server: Server, browser: Any) -> Any:
        page.goto(server.base + path)
        return page
    return visit


def new_profile_error(page: Any, server: Server, browser: Any) -> Any:
    page.goto(server.base + "/")
    page.fill("#f-file", "Not A Name")
    page.click("form[action='/new'] button")
    assert page.title().startswith("Error: ")
    return page


def empty_folder(page: Any, server: Server, browser: Any) -> Any:
    folder = server.folder.parent / (server.folder.name + "-empty")
    folder.mkdir(exist_ok=True)
    empty = start_server(folder)
    try:
        other = signed_in(browser, empty, True)
        assert "There are no profiles in this folder yet" in other.content()
        return other
    finally:
        empty.stop()  # the page stays loaded; axe needs no server


def submitted(path: str, changes: dict[str, str], check: str = "",
              expect_error: bool = True) -> Callable[[Any, Server, Any], Any]:
    """A form filled in (fields by id; a value "!check" checks a radio) and sent."""
    def send(page: Any, server: Server, browser: Any) -> Any:
        page.goto(server.base + path)
        for field, value in changes.items():
            page.fill(f"#{field}", value)
        if check:
            page.check(f"#{check}")
        with page.expect_navigation():  # the answer page loaded before it is read
            page.click("main form[method='post'] button.govuk-button")
        if expect_error:
            assert page.title().startswith("Error: "), page.url
        return page
    return send


def refused_logo(page: Any, server: Server, browser: Any) -> Any:
    page.goto(server.base + "/p/scratch.yaml/logo")
    page.set_input_files("#f-logo-upload", files=[{
        "name": "logo.svg", "mimeType": "image/svg+xml",
        "buffer": b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'}])
    with page.expect_navigation():
        page.click("main form button.govuk-button")
    assert page.title().startswith("Error: ")
    return page


def conflict(page: Any, server: Server, browser: Any) -> Any:
    """Both this person and a text editor changed the owner: both shown, a choice asked."""
    page.goto(server.base + "/p/welsh-government.yaml/page/policy")
    page.fill("#f-policy-owner", "Our answer")
    path = server.folder / "welsh-government.yaml"
    text = path.read_text()
    owner = re.search(r"\n  owner: .*", text)
    assert owner is not None
    path.write_text(text.replace(owner.group(0), "\n  owner: Their answer", 1))
    with page.expect_navigation():
        page.click("main form button.govuk-button")
    assert "Our answer" in page.content() and "Their answer" in page.content()
    with page.expect_navigation():
        page.click("main form button.govuk-button")  # sent with no choice: asked, with an error
    assert page.title().startswith("Error: ")
    return page


def gone(page: Any, server: Server, browser: Any) -> Any:
    """The account being changed was removed meanwhile: what was typed is kept."""
    path = server.folder / "gone.yaml"
    shutil.copy(server.folder / "dwp.yaml", path)
    page.goto(server.base + "/p/gone.yaml/list/channels/0")
    page.fill("#f-channels-0-purpose", "Typed before it went")
    text = path.read_text()
    path.write_text(re.sub(r"\nchannels:\n(  - .*\n|    .*\n)*", "\nchannels: []\n", text, count=1))
    with page.expect_navigation():
        page.click("main form button.govuk-button")
    assert "Typed before it went" in page.content()
    return page


def pack_made(page: Any, server: Server, browser: Any) -> Any:
    page.goto(server.base + "/p/dvla.yaml/pack")
    with page.expect_navigation(timeout=90_000):
        page.click("main form button")
    assert page.locator("h1").inner_text() == "The pack is ready"
    return page


def forbidden(page: Any, server: Server, browser: Any) -> Any:
    context = browser.new_context()
    stranger = context.new_page()
    answer = stranger.goto(server.base + "/p/dwp.yaml")
    assert answer is not None and answer.status == 403
    return stranger


def not_found(page: Any, server: Server, browser: Any) -> Any:
    answer = page.goto(server.base + "/p/no-such-profile.yaml")
    assert answer is not None and answer.status == 404
    return page


def archived(page: Any, server: Server, browser: Any) -> Any:
    """The list of profiles after an archive: its notice, and the table with Restore."""
    shutil.copy(server.folder / "dwp.yaml", server.folder / "to-archive.yaml")
    page.goto(server.base + "/p/to-archive.yaml/archive")
    page.check("#f-confirm")
    with page.expect_navigation():
        page.click("main form button.govuk-button")
    assert "to-archive.yaml is archived" in page.content()
    return page


# A starter's pages show their errors after a save (never on a first visit); those whose
# answers are all optional have none to show.
STATES: dict[str, Callable[[Any, Server, Any], Any]] = {
    "profiles": go("/"),
    "profiles-empty-folder": empty_folder,
    "new-profile-error": new_profile_error,
    "profiles-after-archive": archived,
    "rename": go("/p/dvla.yaml/rename"),
    "rename-error": submitted("/p/dvla.yaml/rename", {"f-file": "dwp"}),
    "archive": go("/p/dvla.yaml/archive"),
    "delete": go("/p/dvla.yaml/delete"),
    "delete-error": submitted("/p/dvla.yaml/delete", {}),
    "tasks-starter": go("/p/starter.yaml"),
    "tasks-finished": go("/p/dwp.yaml"),
    "department-with-errors": submitted("/p/starter.yaml/page/department", {}),
    "department": go("/p/dwp.yaml/page/department"),
    "policy-with-errors": submitted("/p/starter.yaml/page/policy", {}),
    "policy": go("/p/dwp.yaml/page/policy"),
    "house-rules-starter": go("/p/starter.yaml/page/house-rules"),
    "account-security-starter": go("/p/starter.yaml/page/account-security"),
    "other-topics-starter": go("/p/starter.yaml/page/other-topics"),
    "other-topics": go("/p/nics-finance.yaml/page/other-topics"),
    "everyone-starter": go("/p/starter.yaml/page/everyone"),
    "everyone": go("/p/dwp.yaml/page/everyone"),
    **{f"{slug}-empty": go(f"/p/emptied.yaml/list/{slug}") for slug in LISTS},
    **{f"{slug}-with-items": go(f"/p/starter.yaml/list/{slug}") for slug in LISTS},
    "channels-clean": go("/p/dwp.yaml/list/channels"),
    "item": go("/p/dwp.yaml/list/channels/0"),
    "item-with-errors": submitted("/p/starter.yaml/list/contacts/0", {}),
    "item-new": go("/p/dwp.yaml/list/related-policies/new"),
    "item-sent-with-error": submitted("/p/scratch.yaml/list/channels/0",
                                      {"f-channels-0-url": "not an address"}),
    "remove": go("/p/dwp.yaml/list/contacts/0/remove"),
    "remove-error": submitted("/p/dwp.yaml/list/contacts/0/remove", {}),
    "logo": go("/p/dwp.yaml/logo"),
    "logo-refused-upload": refused_logo,
    "sections": go("/p/nics-finance.yaml/sections"),
    "section": go("/p/nics-finance.yaml/sections/barriers.video"),
    "section-with-error": submitted("/p/scratch.yaml/sections/media.contact",
                                    {"f-adaptations-media-contact-text": ""},
                                    check="f-choice-2"),
    "check-starter": go("/p/starter.yaml/check"),
    "check-finished": go("/p/dwp.yaml/check"),
    "conflict": conflict,
    "item-gone": gone,
    "pack-with-errors": go("/p/starter.yaml/pack"),
    "pack-ready": go("/p/dwp.yaml/pack"),
    "pack-made": pack_made,
    "reviews": go("/reviews"),
    "reviews-compare": go("/reviews/compare?a=dwp.yaml&b=dvla.yaml"),
    "reviews-compare-error": go("/reviews/compare?a=&b=dvla.yaml"),
    "reviews-matrix": go("/reviews/matrix"),
    "reviews-impact": go("/reviews/impact?to=2012-05"),
    "forbidden-without-token": forbidden,
    "not-found": not_found,
}


@pytest.mark.parametrize("state", list(STATES))
def test_every_page_passes_axe_and_reflows(page: Any, server: Server, browser: Any,
                                           state: str) -> None:
    shown = STATES[state](page, server, browser)
    try:
        assert axe_violations(shown) == [], state
        if state in PHOTOGRAPHED:
            photograph(shown, state)
        assert overflow_at_320(shown) == [], f"{state}: wider than 320 px"
        for frame in shown.locator("iframe").all():
            assert (frame.get_attribute("title") or "").strip(), f"{state}: untitled frame"
    finally:
        if shown is not page:
            shown.context.close()


def photograph(page: Any, state: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    size = page.viewport_size
    page.screenshot(path=str(SHOTS / f"{state}-1000.png"), full_page=True)
    page.set_viewport_size({"width": 320, "height": 640})
    page.screenshot(path=str(SHOTS / f"{state}-320.png"), full_page=True)
    page.set_viewport_size(size)


def test_axe_finds_a_violation_when_there_is_one(page: Any, server: Server) -> None:
    """The check itself can fail: a field stripped of its label is reported."""
    page.goto(server.base + "/p/dwp.yaml/page/policy")
    page.evaluate("document.querySelector('label[for=\"f-policy-owner\"]').remove()")
    assert any(v.startswith("label") for v in axe_violations(page))
