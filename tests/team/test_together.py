"""Many people at once in the team editor (issue 29): real people signed in through the
real provider to a real `policy-pack serve --team`, saving the same page at the same time.
Each person's save is a commit by them; a clash names, from the history, who made the
other change and when; a third person's profile and a reviewer's reading are untouched."""

from __future__ import annotations

import re
import subprocess
import threading
from html import unescape
from pathlib import Path

import pytest
import requests

from generator.audit import HtmlAuditor
from tests.serve.browser import (  # noqa: F401  (the *_fixture names are fixtures)
    axe_violations,
    browser_fixture,
    needs_browser,
    overflow_at_320,
    require_browser_fixture,
)
from tests.team.browsing import form_answers
from tests.team.harness import (
    DWP_COMMS,
    DWP_EDITOR,
    NICS_EDITOR,
    REVIEWER,
    Editor,
    sign_in,
)

POLICY = "/p/dwp.yaml/page/policy"
NICS_POLICY = "/p/nics-finance.yaml/page/policy"


@pytest.fixture(scope="module")
def people(editor: Editor) -> dict[str, requests.Session]:
    """Hana and Cal (editors of dwp), Nia (editor of nics-finance) and Rob (a reviewer),
    each signed in with a session of their own."""
    signed = {}
    for email in (DWP_EDITOR, DWP_COMMS, NICS_EDITOR, REVIEWER):
        signed[email] = requests.Session()
        sign_in(signed[email], editor.url, email)
    return signed


def commits(folder: Path, name: str) -> list[tuple[str, str, str, str]]:
    """(author, email, time HH:MM, subject) of each commit of `name`, newest first."""
    out = subprocess.run(["git", "log", "--format=%an%x1f%ae%x1f%aI%x1f%s", "--", name],
                         cwd=folder, capture_output=True, text=True, check=True).stdout
    found = []
    for line in out.splitlines():
        author, email, when, subject = line.split("\x1f")
        found.append((author, email, when[11:16], subject))
    return found


def touched(folder: Path, commit: str = "HEAD") -> list[str]:
    return subprocess.run(["git", "show", "--format=", "--name-only", commit], cwd=folder,
                          capture_output=True, text=True, check=True).stdout.split()


def opened(person: requests.Session, editor: Editor, path: str) -> dict[str, str]:
    page = person.get(editor.url + path, timeout=30)
    assert page.status_code == 200, page.text[:500]
    return form_answers(page.text, path)


def at_once(*saves: tuple[requests.Session, str, dict[str, str]]) -> list[requests.Response]:
    """Each (person, address, answers) sent in a thread of its own, all let go together."""
    answers: list[requests.Response | None] = [None] * len(saves)
    gate = threading.Barrier(len(saves))

    def send(at: int, person: requests.Session, address: str, form: dict[str, str]) -> None:
        gate.wait()
        answers[at] = person.post(address, data=form, allow_redirects=False, timeout=60)

    threads = [threading.Thread(target=send, args=(at, *save)) for at, save in enumerate(saves)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(answer is not None for answer in answers)
    return [answer for answer in answers if answer is not None]


def words(page: str) -> str:
    """A page's text as read: no tags, entities undone, spaces as one."""
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", "", page)))


def field_value(page: str, name: str) -> str:
    found = re.search(rf'name="{re.escape(name)}"[^>]*value="([^"]*)"', page)
    assert found, name
    return unescape(found.group(1))


def test_two_editors_save_different_fields_of_one_page_at_once_and_both_are_kept(
        editor: Editor, people: dict[str, requests.Session]) -> None:
    hana, cal, nia = people[DWP_EDITOR], people[DWP_COMMS], people[NICS_EDITOR]
    reviewer = people[REVIEWER]
    assert field_value(reviewer.get(editor.url + POLICY).text, "policy.owner") \
        == "Digital Communications Team"
    hanas, cals, nias = (opened(p, editor, path) for p, path in
                         ((hana, POLICY), (cal, POLICY), (nia, NICS_POLICY)))
    before = len(commits(editor.folder, "dwp.yaml"))
    nics_before = len(commits(editor.folder, "nics-finance.yaml"))
    hanas["policy.owner"] = "Head of Digital"
    cals["policy.version"] = "2.2"
    nias["policy.owner"] = "Finance Communications Unit"

    sent = at_once((hana, editor.url + POLICY, hanas), (cal, editor.url + POLICY, cals),
                   (nia, editor.url + NICS_POLICY, nias))

    assert [s.status_code for s in sent] == [303, 303, 303], [s.text[:300] for s in sent]
    text = (editor.folder / "dwp.yaml").read_text()
    assert "owner: Head of Digital\n" in text and 'version: "2.2"' in text
    log = commits(editor.folder, "dwp.yaml")
    assert len(log) == before + 2
    assert {(a, s) for a, _, _, s in log[:2]} == {
        ("Hana Hussain", "Changed the team that owns the policy from Digital Communications Team "
                         "to Head of Digital"),
        ("Cal Comms", "Changed the version number from 2.1 to 2.2")}, log[:2]
    # The third person's profile: one commit of theirs, of their file only.
    nics = commits(editor.folder, "nics-finance.yaml")
    assert len(nics) == nics_before + 1 and nics[0][0] == "Nia Editor"
    assert "owner: Finance Communications Unit" in (
        editor.folder / "nics-finance.yaml").read_text()
    assert "Finance" not in (editor.folder / "dwp.yaml").read_text().split("departures")[0]
    # The reviewer's page, open all along, shows the newest answers on reload.
    again = reviewer.get(editor.url + POLICY).text
    assert field_value(again, "policy.owner") == "Head of Digital"
    assert field_value(again, "policy.version") == "2.2"


def test_the_same_field_asks_the_second_naming_the_first_and_their_choice_is_one_commit(
        editor: Editor, people: dict[str, requests.Session]) -> None:
    hana, cal, nia = people[DWP_EDITOR], people[DWP_COMMS], people[NICS_EDITOR]
    reviewer = people[REVIEWER]
    hanas, cals = opened(hana, editor, POLICY), opened(cal, editor, POLICY)
    nias = opened(nia, editor, NICS_POLICY)
    before = len(commits(editor.folder, "dwp.yaml"))
    nics_text = (editor.folder / "nics-finance.yaml").read_text()
    hanas["policy.owner"] = "Hana's team"
    cals["policy.owner"] = "Cal's team"
    nias["policy.version"] = "7.0"

    first = hana.post(editor.url + POLICY, data=hanas, allow_redirects=False)
    assert first.status_code == 303
    hanas_commit = commits(editor.folder, "dwp.yaml")[0]
    # Cal sends at the same moment as Nia saves her own department's page.
    second, nias_save = at_once((cal, editor.url + POLICY, cals),
                                (nia, editor.url + NICS_POLICY, nias))

    assert nias_save.status_code == 303
    nics_now = (editor.folder / "nics-finance.yaml").read_text()
    assert nics_now != nics_text and 'version: "7.0"' in nics_now
    assert touched(editor.folder, commits_of(editor.folder, "nics-finance.yaml")) \
        == ["nics-finance.yaml"]
    assert second.status_code == 409
    said = words(second.text)
    assert f"Hana Hussain changed this at {hanas_commit[2]} since you opened the page." in said
    assert "Cal's team" in said and "Hana's team" in said
    assert len(commits(editor.folder, "dwp.yaml")) == before + 1  # nothing of Cal's yet
    # The reviewer reloads: Hana's answer, the newest.
    assert field_value(reviewer.get(editor.url + POLICY).text, "policy.owner") == "Hana's team"

    choice = form_answers(second.text, POLICY)
    choice["keep:policy.owner"] = "mine"
    kept = cal.post(editor.url + POLICY, data=choice, allow_redirects=False)

    assert kept.status_code == 303, kept.text[:500]
    log = commits(editor.folder, "dwp.yaml")
    assert len(log) == before + 2
    assert log[0][0] == "Cal Comms"
    assert log[0][3] == "Changed the team that owns the policy from Hana's team to Cal's team"
    assert touched(editor.folder) == ["dwp.yaml"]
    assert "owner: Cal's team" in (editor.folder / "dwp.yaml").read_text()
    assert field_value(reviewer.get(editor.url + POLICY).text, "policy.owner") == "Cal's team"


def commits_of(folder: Path, name: str) -> str:
    return subprocess.run(["git", "log", "-n1", "--format=%H", "--", name], cwd=folder,
                          capture_output=True, text=True, check=True).stdout.strip()


def test_a_clash_with_a_change_made_in_the_same_persons_other_tab_says_so(
        editor: Editor, people: dict[str, requests.Session]) -> None:
    hana = people[DWP_EDITOR]
    one, other = opened(hana, editor, POLICY), opened(hana, editor, POLICY)
    one["policy.owner"], other["policy.owner"] = "First tab", "Second tab"
    assert hana.post(editor.url + POLICY, data=one, allow_redirects=False).status_code == 303
    clash = hana.post(editor.url + POLICY, data=other, allow_redirects=False)
    assert clash.status_code == 409
    said = words(clash.text)
    when = commits(editor.folder, "dwp.yaml")[0][2]
    assert f"You changed this yourself at {when}, in another page or tab, since you " \
           "opened this one." in said


def test_a_change_no_commit_holds_is_said_to_be_from_outside_the_editor(
        editor: Editor, people: dict[str, requests.Session]) -> None:
    cal = people[DWP_COMMS]
    answers = opened(cal, editor, POLICY)
    path = editor.folder / "dwp.yaml"
    text = path.read_text()
    shown = answers["policy.owner"]
    path.write_text(text.replace(f"owner: {shown}", "owner: Typed in a text editor", 1)
                    if f"owner: {shown}" in text else text.replace(
                        f'owner: "{shown}"', "owner: Typed in a text editor", 1))
    answers["policy.owner"] = "Cal again"
    clash = cal.post(editor.url + POLICY, data=answers, allow_redirects=False)
    assert clash.status_code == 409
    said = words(clash.text)
    assert "It was changed outside the editor (in a text editor, or by git) since you " \
           "opened the page; no version in the history holds that change yet." in said
    assert "changed this at" not in said


@needs_browser
def test_the_clash_page_in_a_browser_names_the_other_person_and_passes_the_audit(
        editor: Editor, people: dict[str, requests.Session], browser: object,
        auditor: HtmlAuditor) -> None:
    hana, cal = people[DWP_EDITOR], people[DWP_COMMS]
    context = browser.new_context(viewport={"width": 1280, "height": 800})  # type: ignore[attr-defined]
    context.add_cookies([{"name": c.name, "value": c.value, "url": editor.url}
                         for c in cal.cookies])
    page = context.new_page()
    page.goto(editor.url + POLICY)
    hanas = opened(hana, editor, POLICY)
    hanas["policy.owner"] = "Hana in the browser test"
    assert hana.post(editor.url + POLICY, data=hanas, allow_redirects=False).status_code == 303
    when = commits(editor.folder, "dwp.yaml")[0][2]
    page.fill("[name='policy.owner']", "Cal in the browser test")
    with page.expect_navigation():
        page.click("text=Save and continue")

    hint = page.locator(".govuk-fieldset .govuk-hint").first
    assert hint.inner_text() == f"Hana Hussain changed this at {when} since you opened the page."
    described = page.locator(".govuk-fieldset").first.get_attribute("aria-describedby") or ""
    assert hint.get_attribute("id") in described.split()  # read out with the question
    assert axe_violations(page) == []
    assert overflow_at_320(page) == []
    context.close()
