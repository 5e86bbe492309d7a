"""The central reviewer's pages in a real team editor (issue 29's user trial), signed in
through a real provider:

- a profile whose only problems are departures awaiting approval is said, in words, to wait
  for its approvers (reviews) and is listed as "Waiting for approval" (dashboard), never
  with `check`'s "needs `approved_by` and `date`";
- the history marks a change the editor found in the folder as made outside the editor
  (whatever identity git had), shows a person's own git message under the changes worked
  out, and shows the reviewers' sign-offs;
- the pack page's advice on a newer edition names no command and no server path: a link to
  the editor's impact page for who may see it, plain words for an editor.

A module fixture tells the stories once; each test reads what they left."""

from __future__ import annotations

import html
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests

from generator.audit import HtmlAuditor
from tests.serve.browser import look_at
from tests.team.browsing import form_answers, signed_in_page
from tests.team.harness import (
    ADMIN,
    DWP_EDITOR,
    NICS_EDITOR,
    REVIEWER,
    Editor,
    Provider,
    person,
    start_editor,
    words,
)

AWAITING = """\
adaptations:
  use.personal:
    action: modify
    append: |
      Staff in jobcentres also follow the local guide to talking with claimants online.
    reason: Jobcentre staff meet claimants online as well as in person.
"""
OWN_WORDS = "review date pushed to end of March"


def _git(folder: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=folder, capture_output=True, text=True,
                          check=True).stdout


def _save_review_date(person: requests.Session, editor: Editor, name: str, year: int) -> None:
    action = f"/p/{name}/page/policy"
    form = form_answers(person.get(editor.url + action, timeout=30).text, action)
    form.update({"policy.review_by-day": "1", "policy.review_by-month": "6",
                 "policy.review_by-year": str(year)})
    saved = person.post(editor.url + action, data=form, timeout=60)
    assert saved.status_code == 200, words(saved.text)[:800]


def _versions(page: str) -> list[str]:
    return [words(h) for h in re.findall(r'<h2 class="govuk-heading-s[^"]*">(.*?)</h2>', page)]


@pytest.fixture(scope="module")
def editor(provider: Provider, samples: Path) -> Iterator[Editor]:
    with start_editor(provider, samples) as running:
        folder = running.folder
        # dwp: a departure changed and committed, its approval not given yet.
        path = folder / "dwp.yaml"
        path.write_text(path.read_text() + AWAITING)
        _git(folder, "-c", "user.name=Hana Hussain", "-c", f"user.email={DWP_EDITOR}",
             "commit", "--quiet", "-m", "A departure for jobcentres", "dwp.yaml")
        # welsh-government: a person's commit made with git, in their own words ...
        wales = folder / "welsh-government.yaml"
        wales.write_text(wales.read_text().replace("review_by: 2027-11-01",
                                                   "review_by: 2028-03-31"))
        _git(folder, "-c", "user.name=Gwen Git", "-c", "user.email=gwen@example.org",
             "commit", "--quiet", "-m", OWN_WORDS, "welsh-government.yaml")
        # ... a change in a text editor that no commit holds, then a save in the editor:
        # the folder's repository has no identity of its own, so no one is named for it.
        wales.write_text(wales.read_text().replace("owner: Digital Communications Team",
                                                   "owner: Digital Team"))
        ana = person(running, ADMIN)
        _save_review_date(ana, running, "welsh-government.yaml", 2029)
        # ... and again, the repository now with an identity (the server account's).
        _git(folder, "config", "user.name", "Server Account")
        _git(folder, "config", "user.email", "server@example.org")
        wales.write_text(wales.read_text().replace("owner: Digital Team",
                                                   "owner: Digital Comms Team"))
        _save_review_date(ana, running, "welsh-government.yaml", 2030)
        # Rob signs welsh-government off.
        rob = person(running, REVIEWER)
        action = "/reviews/signoff?profile=welsh-government.yaml"
        page = rob.get(running.url + action, timeout=60)
        form = form_answers(page.text, action)
        form.update({"decision": "accepted", "comment": "Clear and complete."})
        signed = rob.post(running.url + action, data=form, timeout=60)
        assert signed.status_code == 200, words(signed.text)[:800]
        yield running


def test_a_profile_awaiting_approval_is_said_to_wait_for_its_approvers(
        editor: Editor) -> None:
    rob = person(editor, REVIEWER)
    reviews = words(rob.get(f"{editor.url}/reviews", timeout=60).text)
    assert "dwp.yaml is left out until 1 change is approved by its approvers." in reviews
    assert "approved_by" not in reviews and "problem" not in reviews

    page = rob.get(f"{editor.url}/reviews/dashboard", timeout=60).text
    said = words(page)
    assert ("Waiting for approval" in said and "Department for Work and Pensions (dwp.yaml): "
            "1 change waiting for approval by the department's approvers. See what changed"
            in said), said
    assert 'href="/p/dwp.yaml/history"' in page
    assert "approved_by" not in said and "Not on the dashboard" not in said
    table = page[page.index("<table"):]
    assert "dwp.yaml" not in table and "welsh-government.yaml" in table
    # The history it links to is Rob's to read.
    assert rob.get(f"{editor.url}/p/dwp.yaml/history", timeout=30).status_code == 200


def test_the_history_marks_outside_changes_and_keeps_a_persons_own_words(
        editor: Editor) -> None:
    rob = person(editor, REVIEWER)
    page = rob.get(f"{editor.url}/p/welsh-government.yaml/history", timeout=60).text
    shown = _versions(page)
    made = [s for s in shown if "central review" not in s]
    assert made[0].endswith(", by Ana Admin") and made[2].endswith(", by Ana Admin"), shown
    assert made[1].endswith("changed outside the editor, committed by Server Account "
                            "(server@example.org)"), shown
    assert made[3].endswith("changed outside the editor (git had no name for who changed "
                            "it)"), shown
    assert made[4].endswith(", by Gwen Git"), shown
    said = words(page)
    assert f"In their words: \u201c{OWN_WORDS}\u201d" in said
    assert said.count("In their words") == 1  # never beside the editor's own subjects
    # The version's own page says it too.
    commits = re.findall(r'href="/p/welsh-government.yaml/history/([0-9a-f]{40})"', page)
    outside = words(rob.get(f"{editor.url}/p/welsh-government.yaml/history/{commits[1]}",
                            timeout=30).text)
    assert "Made by Changed outside the editor, committed by Server Account" in outside
    gwen = words(rob.get(f"{editor.url}/p/welsh-government.yaml/history/{commits[4]}",
                         timeout=30).text)
    assert f"In their words: \u201c{OWN_WORDS}\u201d" in gwen


def test_the_history_shows_the_reviewers_sign_off(editor: Editor) -> None:
    rob = person(editor, REVIEWER)
    page = rob.get(f"{editor.url}/p/welsh-government.yaml/history", timeout=60).text
    shown = _versions(page)
    assert shown[0].endswith(": central review"), shown  # the newest: after every save
    said = words(page)
    assert "Rob Reviewer signed it off: accepted (version" in said
    assert "Their comment: \u201cClear and complete.\u201d" in said
    # dwp, never signed off, has none.
    dwp = rob.get(f"{editor.url}/p/dwp.yaml/history", timeout=60).text
    assert not [s for s in _versions(dwp) if "central review" in s]
    assert "signed it off" not in dwp


@pytest.mark.renders
def test_the_pack_page_says_a_newer_edition_in_words(editor: Editor) -> None:
    def looked_at(person: requests.Session) -> str:
        page = person.get(f"{editor.url}/p/nics-finance.yaml/pack", timeout=60).text
        made = person.post(f"{editor.url}/p/nics-finance.yaml/pack",
                           data=form_answers(page, "/p/nics-finance.yaml/pack"), timeout=300)
        assert made.status_code == 200 and "The pack is ready" in made.text, made.text[:800]
        start = made.text.index("Things to look at")
        return made.text[start:made.text.index("</ul>", start)]

    nia = looked_at(person(editor, NICS_EDITOR))
    older = ("The policy follows an older edition of the guidance: the October 2014 edition "
             "of the Cabinet Office guidance is available.")
    assert older in words(nia)
    assert "Your central reviewers can show what moving to it would change." in words(nia)
    for never in ("policy-pack", "impact --to", "/tmp", str(editor.folder)):
        assert never not in nia
    assert "/reviews/impact" not in nia  # not Nia's to see

    ana = looked_at(person(editor, ADMIN))
    assert older in words(ana) and "policy-pack impact" not in ana and "/tmp" not in ana
    link = re.search(r'<a class="govuk-link" href="([^"]+)">See what moving to it', ana)
    assert link and html.unescape(link.group(1)) == "/reviews/impact?to=2014-10"


def test_the_reviewers_pages_pass_axe_and_reflow(editor: Editor, auditor: HtmlAuditor,
                                                 tmp_path: Path) -> None:
    """axe-core at 1280 px and reflow at 320 px, with screenshots in the test's folder."""
    # The session's one Playwright driver: a second sync driver in one process is refused.
    browser = auditor.playwright.chromium.launch(executable_path="/usr/bin/chromium")
    try:
        page = signed_in_page(browser.new_context(viewport={"width": 1280, "height": 800}),
                              f"{editor.url}/reviews", REVIEWER)
        history = "/p/welsh-government.yaml/history"
        page.goto(editor.url + history)
        outside = page.locator(f'a[href^="{history}/"]').nth(1).get_attribute("href")
        for url, shot in (("/reviews", "reviews"), ("/reviews/dashboard", "dashboard"),
                          (history, "history"), (str(outside), "version-outside")):
            page.goto(editor.url + url)
            look_at(page, tmp_path, shot)
    finally:
        browser.close()
