"""What the user trial of the team editor tripped on (issue 29), through the real provider
and a real `policy-pack serve --team`: a department named by a profile's slug, not its file
name; a link's query lost at sign-in; the answers kept after a sign-in ended flattened;
a reviewer's pages that looked editable; the access file's mistakes in the wrong words."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from html import unescape
from pathlib import Path

import pytest
import requests

from generator.audit import HtmlAuditor
from generator.serve.team import AccessError
from generator.serve.team.access import parse_team
from tests.serve.browser import (  # noqa: F401  (the *_fixture names are fixtures)
    browser_fixture,
    look_at,
    needs_browser,
    require_browser_fixture,
)
from tests.team.browsing import form_answers
from tests.team.harness import (
    ACCESS,
    DWP_APPROVER,
    DWP_EDITOR,
    REVIEWER,
    Editor,
    Provider,
    csrf_token,
    person,
    sign_in,
    start_editor,
    words,
)

# The trial's mistake: the DVLA profile's file is dvla-social-media-policy.yaml (slug
# dvla), and the administrator named the department dvla.
DVLA_EDITOR = "nia.editor@nics.example.gov.uk"  # an account of the provider's, as DVLA's
ROLES = ACCESS.replace("nics-finance:", "dvla:")
FIELDS = "/p/dwp.yaml/page/policy"
SECTION = "/p/dwp.yaml/sections/use.personal"
SHOTS = Path("/tmp/signinux")


@pytest.fixture(scope="module")
def editor(provider: Provider, samples: Path) -> Iterator[Editor]:
    (samples / "dvla.yaml").rename(samples / "dvla-social-media-policy.yaml")
    (samples / "nics-finance.yaml").unlink()
    with start_editor(provider, samples, roles=ROLES) as running:
        yield running


def test_a_department_named_by_no_profile_is_said_at_start_with_the_profile_meant(
        editor: Editor) -> None:
    said = " ".join(editor.output.split())
    assert ("team/access.yaml names the department dvla, but there is no profile dvla.yaml "
            "(nor drafts/dvla.yaml)") in said
    assert ("Did you mean dvla-social-media-policy.yaml? Departments are named by the "
            "profile's file name, without .yaml") in said
    assert "names the department dwp" not in said  # dwp.yaml is there


def test_its_editor_is_told_on_the_list_not_that_the_folder_is_empty(editor: Editor) -> None:
    page = words(person(editor, DVLA_EDITOR).get(f"{editor.url}/", timeout=30).text)
    assert ("You edit dvla, which has no profile yet: start it below (its file name dvla), "
            "or ask an administrator if it should be another file.") in page
    assert "There are no profiles in this folder" not in page
    dwp = words(person(editor, DWP_EDITOR).get(f"{editor.url}/", timeout=30).text)
    assert "no profile yet" not in dwp


def test_a_link_keeps_its_query_through_the_sign_in(editor: Editor) -> None:
    wanted = "/reviews/signoff?profile=dwp.yaml"
    session = requests.Session()
    landed = sign_in(session, editor.url, REVIEWER, start=wanted)
    assert landed.url == f"{editor.url}{wanted}", landed.url
    assert landed.status_code == 200


@pytest.mark.parametrize("then", ["//evil.example/x", "/\\evil.example", "https://evil.example/",
                                  "/x?a=//evil.example", "/%2F%2Fevil.example", "/x?a b"])
def test_a_page_to_go_on_to_off_the_editor_goes_to_the_list(editor: Editor,
                                                             then: str) -> None:
    session = requests.Session()
    page = session.get(f"{editor.url}/sign-in", timeout=30)
    answer = session.post(f"{editor.url}/sign-in", timeout=30,
                          data={"csrf_token": csrf_token(page.text), "next": then})
    answer = session.post(_action(answer), data={"prompt": "login", "login": DWP_EDITOR,
                                                 "password": "any"}, timeout=30)
    if 'value="consent"' in answer.text:
        answer = session.post(_action(answer), data={"prompt": "consent"}, timeout=30)
    assert answer.url == f"{editor.url}/", answer.url


def _action(page: requests.Response) -> str:
    found = re.search(r'<form[^>]*action="([^"]+)"', page.text)
    assert found, page.text[:300]
    return requests.compat.urljoin(page.url, unescape(found.group(1)))


TYPED = "First paragraph.\n\nSecond paragraph:\n- one line\n- another line"


def kept_form(editor: Editor) -> dict[str, str]:
    """The section's form as its editor sends it: replace, with text of several lines."""
    page = person(editor, DWP_EDITOR).get(f"{editor.url}{SECTION}", timeout=30).text
    form = form_answers(page, SECTION)
    text = next(name for name in form if name.endswith(".text") and ":" not in name)
    return form | {"choice": "replace", text: TYPED}


def test_the_answers_kept_after_a_sign_in_ended_keep_lines_and_say_choices(
        editor: Editor) -> None:
    answer = requests.post(f"{editor.url}{SECTION}", data=kept_form(editor), timeout=30)
    assert answer.status_code == 401  # no sign-in: as after it ended
    shown = [unescape(v) for v in re.findall(
        r'<dd class="govuk-summary-list__value pp-wrap pp-pre">(.*?)</dd>', answer.text, re.S)]
    assert "Replace the base text with our own" in shown, shown
    assert "replace" not in shown
    assert TYPED in shown, shown  # every line break kept, shown with white-space: pre-line


@pytest.mark.parametrize("email", [REVIEWER, DWP_APPROVER])
def test_a_reader_sees_the_pages_read_only_with_who_edits_them(editor: Editor,
                                                               email: str) -> None:
    session = person(editor, email)
    fields = session.get(f"{editor.url}{FIELDS}", timeout=30).text
    said = words(fields)
    assert ("You can read this page. Editors of dwp (hana.hr@dwp.example.gov.uk and the "
            "group dwp-comms) change it.") in said
    assert "nothing is saved until you press the button" not in said
    assert "Save and continue" not in said
    inputs = re.findall(r"<(?:input|textarea)\b[^>]*>", fields)
    answers = [i for i in inputs if 'type="hidden"' not in i]
    assert answers and all(("readonly" if "type=\"radio\"" not in i else "disabled") in i
                           for i in answers), [i for i in answers if "readonly" not in i]
    section = session.get(f"{editor.url}{SECTION}", timeout=30).text
    radios = re.findall(r'<input[^>]*name="choice"[^>]*>', section)
    assert radios and all("disabled" in r for r in radios)
    assert "You can read this page." in words(section)


def test_an_editor_sees_the_same_pages_to_change(editor: Editor) -> None:
    session = person(editor, DWP_EDITOR)
    fields = session.get(f"{editor.url}{FIELDS}", timeout=30).text
    assert "You can read this page" not in fields
    assert "readonly" not in fields and "Save and continue" in fields
    assert "nothing is saved until you press the button" in words(fields)
    section = session.get(f"{editor.url}{SECTION}", timeout=30).text
    assert not any("disabled" in r for r in re.findall(r'<input[^>]*name="choice"[^>]*>',
                                                         section))


def test_a_tab_in_the_access_file_is_said_as_a_tab() -> None:
    with pytest.raises(AccessError) as raised:
        parse_team("admins: [a@example.gov.uk]\nsign_in:\n\tissuer: https://x\n",
                   "team/access.yaml", {})
    said = str(raised.value)
    assert "team/access.yaml:3:1: there is a tab here: YAML does not take tabs" in said
    assert "indent with spaces" in said and "cannot start any token" not in said


def test_a_mistake_at_a_re_read_keeps_the_roles_and_says_when_put_right(
        editor: Editor) -> None:
    session = person(editor, DWP_EDITOR)
    good = editor.access_file.read_text()
    seen = len(editor.output)
    try:
        editor.access_file.write_text(good.replace("departments:", "departments:\n\tx: y"))
        time.sleep(0.05)
        assert session.get(f"{editor.url}{FIELDS}", timeout=30).status_code == 200
        said = " ".join(editor.output[seen:].split())
        assert ("the access file has 1 mistake; the roles read before stay in force until "
                "it is put right") in said, said
        assert "there is a tab here" in said and "cannot start" not in said
        seen = len(editor.output)
        editor.access_file.write_text(good + "  # put right\n")
        assert session.get(f"{editor.url}{FIELDS}", timeout=30).status_code == 200
        said = " ".join(editor.output[seen:].split())
        assert "the access file is put right: its roles are in force from now" in said
        assert "names the department dvla" in said  # the warning, again at each re-read
    finally:
        editor.access_file.write_text(good)


@needs_browser
def test_the_pages_in_a_browser_pass_the_audit(editor: Editor, browser: object,
                                               auditor: HtmlAuditor) -> None:
    pages = {"unstarted": (DVLA_EDITOR, "/"), "read-only": (REVIEWER, FIELDS),
             "read-only-section": (DWP_APPROVER, SECTION)}
    for shot, (email, path) in pages.items():
        session = person(editor, email)
        context = browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
        context.add_cookies([{"name": c.name, "value": c.value, "url": editor.url}
                             for c in session.cookies])
        page = context.new_page()
        page.goto(editor.url + path)
        look_at(page, SHOTS, shot)
        context.close()
    form = kept_form(editor)
    context = browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(editor.url + "/sign-in")
    with page.expect_navigation():  # a form sent by a browser whose sign-in has ended
        page.evaluate("""([action, form]) => {
            const f = document.createElement("form"); f.method = "post"; f.action = action;
            for (const [k, v] of Object.entries(form)) {
                const i = document.createElement("textarea"); i.name = k; i.value = v;
                f.appendChild(i); }
            document.body.appendChild(f); f.submit(); }""", [SECTION, form])
    assert "Second paragraph" in page.inner_text("main")
    look_at(page, SHOTS, "kept")
    context.close()
