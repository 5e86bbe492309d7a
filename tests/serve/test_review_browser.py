"""A central reviewer's journey in a real Chromium over `policy-pack serve`: open the
dashboard, filter to the overdue, sort by review date, sign a department off, see it
accepted on the dashboard, edit its profile, see "Changed since sign-off". Each page on the
way has no axe-core violation of WCAG 2.2 AA and does not scroll sideways at 320 CSS px."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.policy import long_date
from tests.serve.browser import (  # noqa: F401  (the *_fixture names are fixtures)
    Server,
    browser_fixture,
    look_at,
    needs_browser,
    require_browser_fixture,
    samples_fixture,
    signed_in,
    start_server,
)

pytestmark = needs_browser
SHOTS = Path("/tmp/policy-pack-a11y")
DVLA = "Driver and Vehicle Licensing Agency"


@pytest.fixture(scope="module", name="server")
def server_fixture(samples: Path) -> Iterator[Server]:
    """The samples, the DVLA's review date passed (it was due on 30 November 2026)."""
    path = samples / "dvla.yaml"
    path.write_text(path.read_text("utf-8").replace("review_by: 2027-10-01",
                                                    "review_by: 2026-11-30"), "utf-8")
    running = start_server(samples)
    yield running
    running.stop()


def rows(page: Any) -> list[str]:
    return [t.strip().splitlines()[0] for t in
            page.locator("table.pp-dashboard tbody th[scope=row]").all_inner_texts()]


def test_a_reviewer_signs_off_an_overdue_department(browser: Any, server: Server) -> None:
    page = signed_in(browser, server, True, width=1280)
    page.goto(server.base + "/reviews")
    with page.expect_navigation():
        page.click("text=See every department's version")
    assert page.url.endswith("/reviews/dashboard")
    assert len(rows(page)) == 4
    look_at(page, SHOTS, "reviews-dashboard")

    page.select_option("#filter-review", "overdue")
    with page.expect_navigation():
        page.click("text=Apply filters")
    assert rows(page) == [DVLA]
    assert "1 of 4 departments match the filters" in page.inner_text("#dashboard-count")

    with page.expect_navigation():
        page.click("table.pp-dashboard thead >> text=Review by")
    assert "review=overdue" in page.url and "sort=review_by" in page.url
    assert page.get_attribute("th[aria-sort]", "aria-sort") == "ascending"
    assert "Review by" in page.inner_text("th[aria-sort]")
    look_at(page, SHOTS, "reviews-dashboard-filtered")

    with page.expect_navigation():
        page.click(f"table.pp-dashboard >> text=Sign off {DVLA}")
    assert "Not reviewed" in page.inner_text("#signoff-state")
    look_at(page, SHOTS, "reviews-signoff")
    with page.expect_navigation():
        page.click("text=Record the decision")  # nothing given: the errors, said
    assert page.title().startswith("Error: ")
    look_at(page, SHOTS, "reviews-signoff-errors")
    page.fill("#reviewer", "Jane Smith")
    page.check("input[name=decision][value=accepted]")
    with page.expect_navigation():
        page.click("text=Record the decision")

    # back at the list as the reviewer left it: the overdue, by review date
    assert page.url.endswith("/reviews/dashboard?sort=review_by&order=asc&review=overdue"
                             "&done=dvla.yaml")
    accepted = f"Accepted by Jane Smith on {long_date(dt.date.today())}"
    assert accepted[1:] in page.inner_text(".govuk-notification-banner")
    assert accepted in page.inner_text("table.pp-dashboard")
    look_at(page, SHOTS, "reviews-dashboard-signed")

    path = server.folder / "dvla.yaml"
    path.write_text(path.read_text("utf-8").replace('version: "1.4"', 'version: "1.5"'),
                    "utf-8")
    page.reload()
    text = page.inner_text("table.pp-dashboard")
    assert "Changed since sign-off (it was accepted by Jane Smith" in text and "1.5" in text
    page.context.close()
