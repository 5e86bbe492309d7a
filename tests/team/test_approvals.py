"""Real approvals in the team editor (issue 29, deliverable 4), over HTTP against
`policy-pack serve --team` with real sign-in: a departure an editor changes awaits approval
and stops the pack; an approver approves it in a commit of its own; an approver who changed
it, an editor, and another department's approver cannot; a typed approval counts as
awaiting; `policy-pack history` says who approved what; a restore awaits approval as a save does.

The module starts one editor; each test puts its folder and history back to the first
version (`git reset --hard`) and tells its own story from there, so the tests run alone,
in any order, on any worker (pytest -n auto --dist worksteal)."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
import requests

from generator import versions
from generator.audit import HtmlAuditor
from tests.serve.browser import look_at
from tests.team.browsing import signed_in_page
from tests.team.harness import (
    ACCESS,
    ADMIN,
    DWP_APPROVER,
    DWP_COMMS,
    DWP_EDITOR,
    NICS_EDITOR,
    ROOT,
    Editor,
    Provider,
    person,
    start_editor,
    words,
)

SECTION = "use.personal"
HEADING = "Using social media in your own time"
# Hana both edits and approves dwp (a small team): she may approve what others wrote, never
# what she wrote. Nia approves nics-finance only.
ROLES = ACCESS.replace(f"approvers: [{DWP_APPROVER}]",
                       f"approvers: [{DWP_APPROVER}, {DWP_EDITOR}]").replace(
    f"editors: [{NICS_EDITOR}]", f"editors: [{NICS_EDITOR}]\n    approvers: [{NICS_EDITOR}]")
DEPARTURE = f"""\
adaptations:
  {SECTION}:
    action: modify
    append: |
      Staff in jobcentres also follow the local guide to talking with claimants online.
    reason: Jobcentre staff meet claimants online as well as in person.
    approved_by: Director of Communications
    date: 2026-05-12
"""


class _Form(HTMLParser):
    """The named values a form sends (inputs, checked radios, textareas), by its action."""

    def __init__(self, action: str) -> None:
        super().__init__()
        self.action, self.inside, self.values = action, False, {}  # type: ignore[var-annotated]
        self._area: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.inside = a.get("action") == self.action
        elif self.inside and tag == "input" and a.get("name"):
            if a.get("type") not in ("radio", "checkbox") or "checked" in a:
                self.values[a["name"]] = a.get("value", "")
        elif self.inside and tag == "select":
            self._select = a.get("name")
        elif self._select and tag == "option" and "selected" in a:
            self.values[self._select] = a.get("value", "")
        elif self.inside and tag == "textarea":
            self._area = a.get("name")
            self.values[self._area] = ""

    def handle_data(self, data: str) -> None:
        if self._area:
            self.values[self._area] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._area = None
        elif tag == "select":
            self._select = None
        elif tag == "form":
            self.inside = False


def form_of(page: str, action: str) -> dict[str, str]:
    parser = _Form(action)
    parser.feed(page)
    assert parser.values, f"no form for {action}"
    return {k: v.removeprefix("\n") for k, v in parser.values.items()}


def git(folder: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=folder, capture_output=True, text=True,
                          check=True).stdout


@pytest.fixture(scope="module")
def running(provider: Provider, samples: Path) -> Iterator[Editor]:
    dwp = samples / "dwp.yaml"
    dwp.write_text(dwp.read_text() + DEPARTURE)  # approved before the team editor
    with start_editor(provider, samples, roles=ROLES) as started:
        yield started


@pytest.fixture
def editor(running: Editor) -> Editor:
    """The module's editor with its folder and history back at the first version (the
    one its start committed): each test's story starts there."""
    first = git(running.folder, "rev-list", "--max-parents=0", "HEAD").split()[-1]
    git(running.folder, "reset", "-q", "--hard", first)
    return running


def hana_changes_the_reason(editor: Editor, reason: str = "Jobcentre staff talk with "
                            "claimants online.") -> requests.Session:
    """Hana (an editor and an approver of dwp) saves a new reason on the section's page."""
    hana = person(editor, DWP_EDITOR)
    page = hana.get(f"{editor.url}/p/dwp.yaml/sections/{SECTION}", timeout=30).text
    form = form_of(page, f"/p/dwp.yaml/sections/{SECTION}")
    form[f"adaptations.{SECTION}.reason"] = reason
    saved = hana.post(f"{editor.url}/p/dwp.yaml/sections/{SECTION}", data=form, timeout=30)
    assert saved.status_code == 200 and saved.url.endswith(f"/sections?saved={SECTION}"), \
        saved.text[:800]
    return hana


def pat_approves(editor: Editor) -> requests.Session:
    pat = person(editor, DWP_APPROVER)
    answer = approve(pat, editor, approvals_page(pat, editor))
    assert answer.status_code == 200 and "You approved" in words(answer.text), answer.text[:800]
    return pat


def approvals_page(session: requests.Session, editor: Editor) -> str:
    answer = session.get(f"{editor.url}/p/dwp.yaml/approvals", timeout=30)
    assert answer.status_code == 200, answer.text[:500]
    return answer.text


def approve(session: requests.Session, editor: Editor, page: str) -> requests.Response:
    return session.post(f"{editor.url}/p/dwp.yaml/approvals",
                        data=form_of(page, "/p/dwp.yaml/approvals"), timeout=30)


def test_a_departure_from_before_the_team_editor_counts_as_approved(editor: Editor) -> None:
    hana = person(editor, DWP_EDITOR)
    page = hana.get(f"{editor.url}/p/dwp.yaml/sections/{SECTION}", timeout=30).text
    assert "Approved by Director of Communications on 12 May 2026" in words(page)
    assert "approved_by" not in page and "Date approved" not in page  # never typed here
    assert "No departure awaits approval" in words(approvals_page(hana, editor))


def test_an_editors_change_awaits_approval_and_stops_the_pack(editor: Editor) -> None:
    hana = hana_changes_the_reason(editor)
    text = (editor.folder / "dwp.yaml").read_text()
    assert "Jobcentre staff talk with claimants online." in text
    assert "Director of Communications\n    date" not in text  # the approval went with it
    assert "date: 2026-05-12" not in text
    newest = versions.history(editor.folder, "dwp.yaml")[0]
    assert newest.author.email == DWP_EDITOR
    assert any("reason" in c.words for c in newest.changes)
    assert any("approval of the section" in c.words and "was taken away" in c.words
               for c in newest.changes)  # in the same commit
    approvals = words(approvals_page(hana, editor))
    assert "Awaiting approval (1)" in approvals
    assert "Awaiting approval (changed by Hana Hussain on" in approvals
    assert "Written by Hana Hussain" in approvals
    pack = hana.get(f"{editor.url}/p/dwp.yaml/pack", timeout=30)
    assert "1 departure awaits approval, so the pack cannot be made" in words(pack.text)
    assert 'href="/p/dwp.yaml/approvals"' in pack.text
    made = hana.post(f"{editor.url}/p/dwp.yaml/pack",
                     data={"csrf_token": _token(pack.text)}, timeout=30)
    assert made.status_code == 422
    tasks = words(hana.get(f"{editor.url}/p/dwp.yaml", timeout=30).text)
    assert "1 change awaits approval by an approver of dwp" in tasks
    assert "Waiting for approval (1)" in tasks
    assert "the pack can be made." not in tasks


def test_an_approver_who_wrote_it_is_refused_and_told_why(editor: Editor) -> None:
    hana = hana_changes_the_reason(editor)  # an approver of dwp too
    page = approvals_page(hana, editor)
    assert ("You changed this departure, so someone else approves it. Ask an approver of "
            f"dwp: {DWP_APPROVER}.") in words(page)  # not Hana: she changed it
    assert 'name="departure"' not in page  # no button for her
    forged = hana.post(f"{editor.url}/p/dwp.yaml/approvals", data={
        "csrf_token": _token(page), "departure": SECTION,
        "substance": _substance(editor)}, timeout=30)
    assert forged.status_code == 403
    assert "you changed it since it was last approved" in words(forged.text)
    assert f"Ask an approver of dwp: {DWP_APPROVER}." in words(forged.text)
    assert "approved_by" not in _entry(editor)


def test_an_editor_cannot_approve(editor: Editor) -> None:
    hana_changes_the_reason(editor)
    cal = person(editor, DWP_COMMS)
    page = approvals_page(cal, editor)
    assert 'name="departure"' not in page
    answer = cal.post(f"{editor.url}/p/dwp.yaml/approvals", data={
        "csrf_token": _token(page), "departure": SECTION, "substance": _substance(editor)},
        timeout=30)
    assert answer.status_code == 403
    assert "Only an approver of dwp can approve its departures" in words(answer.text)
    assert "approved_by" not in _entry(editor)


def test_an_administrator_does_not_step_over_the_departments_approver(editor: Editor) -> None:
    """dwp names Pat as its approver, who did not write Hana's change: the approval is his
    to give. An administrator approves only as the fallback (the test below)."""
    hana_changes_the_reason(editor)
    ana = person(editor, ADMIN)
    page = approvals_page(ana, editor)
    assert 'name="departure"' not in page  # no button for her here
    answer = ana.post(f"{editor.url}/p/dwp.yaml/approvals", data={
        "csrf_token": _token(page), "departure": SECTION, "substance": _substance(editor)},
        timeout=30)
    assert answer.status_code == 403
    assert ("An administrator approves a department's departures only when it has no other "
            "approver who did not make the change.") in words(answer.text)
    assert f"Ask an approver of dwp: {DWP_APPROVER}." in words(answer.text)
    assert "approved_by" not in _entry(editor)


def test_another_departments_approver_cannot_approve_or_see(editor: Editor) -> None:
    hana_changes_the_reason(editor)
    nia = person(editor, NICS_EDITOR)
    assert nia.get(f"{editor.url}/p/dwp.yaml/approvals", timeout=30).status_code == 404
    mine = nia.get(f"{editor.url}/p/nics-finance.yaml/approvals", timeout=30)
    answer = nia.post(f"{editor.url}/p/dwp.yaml/approvals", data={
        "csrf_token": _token(mine.text), "departure": SECTION,
        "substance": _substance(editor)}, timeout=30)
    assert answer.status_code == 404
    assert "approved_by" not in _entry(editor)


def test_the_approvals_page_in_a_browser_passes_axe_and_reflow(editor: Editor,
                                                              auditor: HtmlAuditor,
                                                              tmp_path: Path) -> None:
    """The approver's view of what awaits, the section's state in place of the typed
    fields, and the pack refused: axe-core at 1280 px and reflow at 320 px (screenshots
    in the test's own folder)."""
    hana_changes_the_text(editor)  # the text and the reason: the marks to read
    # The session's one Playwright driver: a second sync driver in one process is refused.
    browser = auditor.playwright.chromium.launch(executable_path="/usr/bin/chromium")
    try:
        page = signed_in_page(browser.new_context(viewport={"width": 1280, "height": 800}),
                              f"{editor.url}/p/dwp.yaml/approvals", DWP_APPROVER)
        assert page.get_by_role("button", name=f"Approve the departure from the "
                                f"section {HEADING}").count() == 1
        for url, shot in (("/p/dwp.yaml/approvals", "approvals"),
                          (f"/p/dwp.yaml/sections/{SECTION}", "section"),
                          ("/p/dwp.yaml/pack", "pack"), ("/p/dwp.yaml", "tasks"),
                          (f"/p/dwp.yaml/sections?saved={SECTION}", "sections"),
                          ("/", "profiles")):
            page.goto(editor.url + url)
            look_at(page, tmp_path, shot)
    finally:
        browser.close()


def test_a_departure_changed_after_the_page_is_not_approved(editor: Editor) -> None:
    hana_changes_the_reason(editor)
    pat = person(editor, DWP_APPROVER)
    page = approvals_page(pat, editor)
    hana_changes_the_reason(editor, "Jobcentre staff talk with claimants online too.")
    answer = approve(pat, editor, page)  # the page Pat read is older than the file
    assert answer.status_code == 409
    assert "changed since you opened this page" in words(answer.text)
    assert "claimants online too" in words(answer.text)  # shown again, as it is now
    assert "approved_by" not in _entry(editor)


def test_the_approver_approves_in_a_commit_of_their_own(editor: Editor) -> None:
    hana_changes_the_reason(editor)
    pat = person(editor, DWP_APPROVER)
    before = git(editor.folder, "rev-parse", "HEAD").strip()
    answer = approve(pat, editor, approvals_page(pat, editor))
    assert answer.status_code == 200 and "You approved the departure from" in words(answer.text)
    entry = _entry(editor)
    assert "approved_by: Pat Head" in entry and re.search(r"date: \d{4}-\d\d-\d\d", entry)
    log = git(editor.folder, "log", f"{before}..HEAD", "--format=%an <%ae>|%s|%(trailers)")
    assert log.count("|") == 2, log  # one commit
    who, subject, trailers = log.strip().split("|")
    assert who == f"Pat Head <{DWP_APPROVER}>"
    assert subject == f"Approved the departure from the section {HEADING}"
    assert trailers.strip() == f"Policy-Pack-Approved: {SECTION}"
    assert git(editor.folder, "show", "--stat", "--format=", "HEAD").count("|") == 1
    page = pat.get(f"{editor.url}/p/dwp.yaml/pack", timeout=30)
    assert '<form method="post" action="/p/dwp.yaml/pack"' in page.text  # the button
    assert "awaits approval" not in words(page.text)


@pytest.mark.renders
def test_the_pack_is_made_once_approved(editor: Editor) -> None:
    hana_changes_the_reason(editor)
    pat = pat_approves(editor)
    page = pat.get(f"{editor.url}/p/dwp.yaml/pack", timeout=30).text
    made = pat.post(f"{editor.url}/p/dwp.yaml/pack", data={"csrf_token": _token(page)},
                    timeout=120)
    assert made.status_code == 200 and "The pack is ready" in made.text, made.text[:800]


def test_a_typed_approval_counts_as_awaiting(editor: Editor) -> None:
    dwp = editor.folder / "dwp.yaml"
    dwp.write_text(dwp.read_text().replace("approved_by: Director of Communications",
                                           "approved_by: Someone Else"))
    git(editor.folder, "-c", "user.name=Tess Typist", "-c", "user.email=tess@example.gov.uk",
        "commit", "-q", "-am", "Typed an approval")
    pat = person(editor, DWP_APPROVER)
    page = words(approvals_page(pat, editor))
    assert "the approval was typed, not given in the editor" in page
    pack = words(pat.get(f"{editor.url}/p/dwp.yaml/pack", timeout=30).text)
    assert "1 departure awaits approval" in pack


def test_the_command_line_says_who_approved_and_what_awaits(editor: Editor) -> None:
    hana_changes_the_reason(editor)
    pat_approves(editor)
    dwp = editor.folder / "dwp.yaml"
    dwp.write_text(dwp.read_text().replace("approved_by: Pat Head", "approved_by: Someone Else"))
    git(editor.folder, "-c", "user.name=Tess Typist", "-c", "user.email=tess@example.gov.uk",
        "commit", "-q", "-am", "Typed an approval")
    done = subprocess.run([sys.executable, "-m", "generator", "history",
                           str(editor.folder / "dwp.yaml")], cwd=ROOT, capture_output=True,
                          text=True, check=False, env={"PYTHONPATH": str(ROOT),
                                                       "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "1 departure awaiting approval:"
    assert lines[1] == (f"  {SECTION} (the section {HEADING}): Awaiting approval: the "
                        "approval was typed, not given in the editor")
    assert re.search(rf"  Pat Head approved the departure {SECTION} on \d+ \w+ \d{{4}}",
                     done.stdout)


def _token(page: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found
    return unescape(found.group(1))


def _entry(editor: Editor) -> str:
    text = (editor.folder / "dwp.yaml").read_text()
    return text[text.index(f"  {SECTION}:"):]


def _substance(editor: Editor) -> str:
    from generator.profile import load_profile

    data = load_profile(editor.folder / "dwp.yaml").data
    return versions.fingerprint(data["adaptations"][SECTION])


def restore(session: requests.Session, editor: Editor, commit: str) -> None:
    page = session.get(f"{editor.url}/p/dwp.yaml/history/{commit}", timeout=30).text
    action = f"/p/dwp.yaml/history/{commit}/restore"
    answer = session.post(editor.url + action, data=form_of(page, action), timeout=30)
    assert answer.status_code == 200 and answer.url.endswith("?restored=1"), answer.text[:800]


def test_a_restore_that_changes_a_departure_awaits_approval_again(editor: Editor) -> None:
    """Restoring the first version brings back its reason and, in its text, the Director's
    approval of it: the restore is Hana's change, so the approval is taken out in the
    restore's own commit, and it awaits an approver who is not Hana."""
    first = git(editor.folder, "rev-parse", "HEAD").strip()
    hana = hana_changes_the_reason(editor)
    pat_approves(editor)
    restore(hana, editor, first)
    entry = _entry(editor)
    assert "Jobcentre staff meet claimants online as well as in person." in entry
    assert "approved_by" not in entry and "date:" not in entry
    newest = versions.history(editor.folder, "dwp.yaml")[0]
    assert newest.author.email == DWP_EDITOR and newest.subject.startswith("Restored")
    assert any("was taken away (it changed)" in c.words for c in newest.changes)
    page = words(approvals_page(hana, editor))
    assert "Awaiting approval (changed by Hana Hussain on" in page
    assert "typed" not in page
    assert f"You changed this departure, so someone else approves it. Ask an approver of dwp: Pat Head ({DWP_APPROVER})." in page  # noqa: E501 (named: Pat approved before)


def test_a_restore_that_leaves_a_departure_alone_keeps_its_approval(editor: Editor) -> None:
    """Hana's version (her reason, not yet approved) restored after Pat approved it and
    the version number changed: the departure is as Pat approved it, so it stays approved
    (the restored text's missing approval is not taken for a change)."""
    hana = hana_changes_the_reason(editor)
    hanas = git(editor.folder, "rev-parse", "HEAD").strip()
    pat_approves(editor)
    dwp = editor.folder / "dwp.yaml"
    dwp.write_text(dwp.read_text().replace('version: "2.1"', 'version: "2.2"'))
    git(editor.folder, "-c", "user.name=Cal Comms", "-c", f"user.email={DWP_COMMS}",
        "commit", "-q", "-am", "Version 2.2")
    restore(hana, editor, hanas)
    assert 'version: "2.1"' in dwp.read_text()
    assert "approved_by: Pat Head" in _entry(editor)
    page = words(approvals_page(hana, editor))
    assert "No departure awaits approval" in page


# -- trial 29: what the approver reads, and pages that agree ---------------------------------

NEW_TEXT = ("Staff in jobcentres also follow the local guide to talking with claimants.\n\n"
            "- Never share a claimant's details.\n- Report abuse to your manager.\n")


def hana_changes_the_text(editor: Editor) -> requests.Response:
    hana = person(editor, DWP_EDITOR)
    page = hana.get(f"{editor.url}/p/dwp.yaml/sections/{SECTION}", timeout=30).text
    form = form_of(page, f"/p/dwp.yaml/sections/{SECTION}")
    text = next(k for k in form if k.startswith(f"adaptations.{SECTION}.") and
                k.endswith("text"))
    form[text] = NEW_TEXT
    form[f"adaptations.{SECTION}.reason"] = "Jobcentre staff talk with claimants online."
    saved = hana.post(f"{editor.url}/p/dwp.yaml/sections/{SECTION}", data=form, timeout=30)
    assert saved.status_code == 200, saved.text[:800]
    return saved


def test_the_approver_reads_what_changed_word_by_word(editor: Editor) -> None:
    """Trial 29: the approver saw "Changed the text of the section ..." and nothing more.
    Each answer is shown as last approved and now, the words removed and added marked in
    <del>/<ins> with words a screen reader says, the text's lines kept."""
    hana_changes_the_text(editor)
    page = approvals_page(person(editor, DWP_APPROVER), editor)
    card = page[page.index(f'id="d-{SECTION}"'):]
    removed = re.findall(r'<del class="pp-del"><span class="govuk-visually-hidden">removed: '
                         r'</span>(.*?)<span', card)
    added = re.findall(r'<ins class="pp-ins"><span class="govuk-visually-hidden">added: '
                       r'</span>(.*?)<span', card, re.S)
    assert "meet" in removed and "online as well as in person." in removed, removed
    assert "talk with" in added and "online." in added, added
    assert any("Report abuse to your manager." in a for a in added), added
    # The list's lines and the paragraph's break are kept, not flattened into one line.
    assert re.search(r"claimants\.?(</ins>)?<br>\n<br>\n", card), card[:3000]
    assert "- Never share a claimant&#39;s details.<br>" in card, card[:4000]
    said = words(card)
    assert "As last approved" in said and "Now" in said
    assert "Jobcentre staff meet claimants online as well as in person." in said.replace(
        "removed: ", "").replace(" (end of the removed words)", "")


def test_every_page_says_it_waits_and_none_shows_the_missing_approval(editor: Editor) -> None:
    """Trial 29: the task list said "no problems: the pack can be made" beside "Cannot start
    yet"; the list of profiles "2 problems to put right"; a page showed check's "needs
    approved_by and date", which nobody can type in team mode."""
    saved = hana_changes_the_text(editor)
    landed = words(saved.text)  # the sections list, where the save lands
    assert "Saved: " in landed and HEADING in landed
    assert "This change now waits for approval by an approver of dwp" in landed
    assert re.search(rf"{re.escape(SECTION)}[^.]*\. Waiting for approval", landed)
    assert "1 change awaits approval by an approver of dwp" in landed
    hana = person(editor, DWP_EDITOR)
    listed = words(hana.get(f"{editor.url}/", timeout=30).text)
    assert "Waiting for approval (1)" in listed and "to put right" not in listed
    for url in ("/p/dwp.yaml", "/p/dwp.yaml/sections", f"/p/dwp.yaml/sections/{SECTION}",
                "/p/dwp.yaml/approvals", "/p/dwp.yaml/pack"):
        shown = hana.get(editor.url + url, timeout=30).text
        assert "approved_by" not in shown and "There is a problem" not in shown, url


def test_a_local_rule_awaiting_shows_no_problem_on_its_list(editor: Editor) -> None:
    nia = person(editor, NICS_EDITOR)
    page = nia.get(f"{editor.url}/p/nics-finance.yaml/list/local-rules/0", timeout=30).text
    action = "/p/nics-finance.yaml/list/local-rules/0"
    form = form_of(page, action)
    form["local_rules[0].text"] += "\nAsk the press office first."
    saved = nia.post(editor.url + action, data=form, timeout=30)
    assert saved.status_code == 200 and saved.url.endswith("/list/local-rules"), saved.text[:800]
    assert "approved_by" not in saved.text and "There is a problem" not in saved.text
    assert "Awaiting approval" in words(saved.text), words(saved.text)[:3000]
    tasks = words(nia.get(f"{editor.url}/p/nics-finance.yaml", timeout=30).text)
    assert "1 change awaits approval by an approver of nics-finance" in tasks
    newest = versions.history(editor.folder, "nics-finance.yaml")[0]
    assert newest.subject.startswith("Changed the text of the local rule"), newest.subject
    body = git(editor.folder, "log", "-1", "--format=%b")
    assert body.strip() == "- It now waits for approval", body  # its own line, not counted


def test_the_only_approver_who_changed_it_is_told_whom_to_ask(editor: Editor) -> None:
    """Nia is nics-finance's only approver: her own change goes to an administrator, named
    by address; the administrator may approve it (never their own change)."""
    nia = person(editor, NICS_EDITOR)
    section = "principles.civil-service-code"
    url = f"{editor.url}/p/nics-finance.yaml/sections/{section}"
    form = form_of(nia.get(url, timeout=30).text, f"/p/nics-finance.yaml/sections/{section}")
    form[f"adaptations.{section}.reason"] = "The NICS Code of Ethics applies here."
    assert nia.post(url, data=form, timeout=30).status_code == 200
    page = words(nia.get(f"{editor.url}/p/nics-finance.yaml/approvals", timeout=30).text)
    assert ("No other approver of nics-finance is named in the access file, so ask an "
            f"administrator, who may approve it or name another approver: {ADMIN}.") in page
    ana = approvals_page_of(person(editor, ADMIN), editor, "nics-finance.yaml")
    assert 'name="departure"' in ana  # the administrator, as the fallback


def approvals_page_of(session: requests.Session, editor: Editor, name: str) -> str:
    answer = session.get(f"{editor.url}/p/{name}/approvals", timeout=30)
    assert answer.status_code == 200, answer.text[:500]
    return answer.text


def test_the_marks_keep_lines_and_escape() -> None:
    from generator.serve.views.approvals import marked

    was, now = marked("a <b>\n- one\n- two", "a <b>\n- one\n- three")
    assert "&lt;b&gt;<br>\n- one<br>\n- " in was and "<script" not in was
    assert '<del class="pp-del"><span class="govuk-visually-hidden">removed: </span>two' in was
    assert '<ins class="pp-ins"><span class="govuk-visually-hidden">added: </span>three' in now
