"""Signing in to a team's editor (issue 29): a real OpenID provider (npm's oidc-provider),
a real `policy-pack serve --team` process, requests over HTTP, and once a real browser."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urljoin

import pytest
import requests

from generator.audit import HtmlAuditor
from tests.serve.conftest import copy_samples
from tests.team.browsing import signed_in_page
from tests.team.harness import (
    ADMIN,
    DWP_EDITOR,
    NOBODY,
    REVIEWER,
    ROOT,
    SECRET,
    UNVERIFIED,
    Editor,
    Provider,
    access_text,
    csrf_token,
    free_port,
    sign_in,
    start_editor,
)

COOKIE = "policy_pack_team"


def test_sign_in_goes_back_to_the_page_first_asked_and_names_the_person(
        editor: Editor) -> None:
    browser = requests.Session()
    page = sign_in(browser, editor.url, DWP_EDITOR, start="/p/dwp.yaml")
    assert page.url == f"{editor.url}/p/dwp.yaml"
    assert page.status_code == 200
    said = re.sub(r"<[^>]+>", "", re.search(r'id="signed-in-as">(.*?)</p>', page.text).group(1))
    assert said == "Signed in as Hana Hussain (hana.hr@dwp.example.gov.uk). Role: Editor of dwp."
    assert 'action="/sign-out"' in page.text


def test_the_session_is_new_at_sign_in_and_the_earlier_cookie_lets_no_one_in(
        editor: Editor) -> None:
    browser = requests.Session()
    browser.get(f"{editor.url}/sign-in")
    before = browser.cookies.get(COOKIE)
    assert before
    sign_in(browser, editor.url, DWP_EDITOR)
    after = browser.cookies.get(COOKIE)
    assert after and after != before
    stranger = requests.Session()  # holds the cookie from before the sign-in (fixation)
    stranger.cookies.set(COOKIE, before)
    answer = stranger.get(f"{editor.url}/p/dwp.yaml", allow_redirects=False)
    assert answer.status_code == 303 and answer.headers["Location"].endswith("/sign-in")


def test_sign_out_ends_the_session_and_the_old_cookie_is_refused(editor: Editor) -> None:
    browser = requests.Session()
    page = sign_in(browser, editor.url, REVIEWER)
    kept = browser.cookies.get(COOKIE)
    out = browser.post(f"{editor.url}/sign-out", data={"csrf_token": csrf_token(page.text)})
    assert out.url == f"{editor.url}/signed-out"
    assert "You have signed out of the policy editor" in out.text
    assert "may still be signed in to your organisation" in out.text
    assert "/session/end" in out.text  # the provider's own sign-out, from its discovery
    replay = requests.Session()
    replay.cookies.set(COOKIE, kept)
    answer = replay.get(f"{editor.url}/reviews", allow_redirects=False)
    assert answer.status_code == 303 and answer.headers["Location"].endswith("/sign-in")


def test_a_form_without_its_csrf_token_is_refused_and_nothing_is_written(
        editor: Editor) -> None:
    browser = requests.Session()
    sign_in(browser, editor.url, DWP_EDITOR)
    before = (editor.folder / "dwp.yaml").read_bytes()
    answer = browser.post(f"{editor.url}/p/dwp.yaml/page/department",
                          data={"department.name": "Forged"})
    assert answer.status_code == 400
    assert "The form had expired" in answer.text
    assert (editor.folder / "dwp.yaml").read_bytes() == before


def _callback(browser: requests.Session, editor_url: str, email: str) -> str:
    """The provider's redirect back to the editor for `email`'s sign-in, not followed."""
    page = browser.get(f"{editor_url}/sign-in")
    answer = browser.post(f"{editor_url}/sign-in", data={"csrf_token": csrf_token(page.text)})
    action = urljoin(answer.url, re.search(r'action="([^"]+)"', answer.text).group(1))
    answer = browser.post(action, data={"prompt": "login", "login": email, "password": "x"})
    action = urljoin(answer.url, re.search(r'action="([^"]+)"', answer.text).group(1))
    answer = browser.post(action, data={"prompt": "consent"}, allow_redirects=False)
    while not answer.headers["Location"].startswith(f"{editor_url}/signed-in"):
        answer = browser.get(urljoin(answer.url, answer.headers["Location"]),
                             allow_redirects=False)
    return str(answer.headers["Location"])


def test_a_sign_in_started_by_someone_else_is_refused(editor: Editor) -> None:
    """Login CSRF: an attacker's own code and state, sent to a victim's browser, must not
    sign the victim in as the attacker."""
    attacker = requests.Session()
    callback = _callback(attacker, editor.url, REVIEWER)
    victim = requests.Session()
    victim.get(f"{editor.url}/sign-in")
    answer = victim.get(callback, allow_redirects=False)
    assert answer.status_code == 400
    assert "could not be checked, so it was refused" in answer.text
    after = victim.get(f"{editor.url}/reviews", allow_redirects=False)
    assert after.status_code == 303 and after.headers["Location"].endswith("/sign-in")


def test_the_providers_refusal_is_said_in_words(editor: Editor) -> None:
    answer = requests.get(f"{editor.url}/signed-in?error=access_denied&state=x")
    assert answer.status_code == 400
    assert "You chose not to sign in." in answer.text
    assert "Traceback" not in answer.text


def test_a_person_with_no_role_is_told_whom_to_ask(editor: Editor) -> None:
    browser = requests.Session()
    page = sign_in(browser, editor.url, NOBODY)
    assert page.status_code == 403
    assert "You do not have access to the policy editor yet" in page.text
    assert f"mailto:{ADMIN}" in page.text
    assert "dwp" not in page.text.lower()


def test_an_unverified_email_is_not_signed_in(editor: Editor) -> None:
    browser = requests.Session()
    page = sign_in(browser, editor.url, UNVERIFIED)
    assert page.status_code == 400
    assert "did not give a verified email address" in page.text
    assert browser.get(f"{editor.url}/", allow_redirects=False).status_code == 303


def test_the_access_file_is_read_again_when_it_changes(editor: Editor) -> None:
    browser = requests.Session()
    sign_in(browser, editor.url, NOBODY)
    assert browser.get(f"{editor.url}/reviews").status_code == 403
    text = editor.access_file.read_text()
    try:
        editor.access_file.write_text(text.replace("reviewers: [group:central-hr]",
                                                   f"reviewers: [group:central-hr, {NOBODY}]"))
        assert browser.get(f"{editor.url}/reviews").status_code == 200
    finally:
        editor.access_file.write_text(text)
        os.utime(editor.access_file, ns=(time.time_ns(), time.time_ns() + 10**9))
    assert browser.get(f"{editor.url}/reviews").status_code == 403


def test_a_session_unused_too_long_ends_and_a_form_keeps_its_answers(
        provider: Provider, tmp_path: Path) -> None:
    copy_samples(tmp_path)
    with start_editor(provider, tmp_path, sign_in_extra="  idle_minutes: 0.04\n") as short:
        browser = requests.Session()
        page = sign_in(browser, short.url, DWP_EDITOR, start="/p/dwp.yaml/page/department")
        token = csrf_token(page.text)
        time.sleep(3)
        answer = browser.post(f"{short.url}/p/dwp.yaml/page/department",
                              data={"csrf_token": token, "department.name": "Kept answer"})
        assert answer.status_code == 401
        assert "Your sign-in has ended: your answers are kept here" in answer.text
        assert "Kept answer" in answer.text
        again = browser.get(f"{short.url}/p/dwp.yaml")
        assert again.url == f"{short.url}/sign-in"
        assert "Your sign-in has ended" in again.text
        assert b"Kept answer" not in (tmp_path / "dwp.yaml").read_bytes()


def _start(folder: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", "serve", str(folder), "--team", "--port",
         str(free_port()), "--no-browser"], env=os.environ | {"PYTHONPATH": str(ROOT)} | env,
        capture_output=True, text=True, timeout=60, cwd=ROOT)


@pytest.mark.parametrize(("access", "env", "said"), [
    (None, {}, "team/access.yaml:1:1: there is no access file"),
    ("sign_in:\n  issuer: {issuer}\n  client_id: x\n  adress: http://127.0.0.1:1\n"
     "admins: [ana@example.gov.uk]\n", {},
     "team/access.yaml:4:3: sign_in.adress: is not a setting of the access file (use one of"),
    ("sign_in:\n  issuer: {issuer}\n  client_id: x\n  address: http://127.0.0.1:1\n"
     "admins: [ana]\n", {}, "team/access.yaml:5:10: admins: ana is neither an email address "
     "nor a group"),
    ("OK", {"POLICY_PACK_SECRET": ""}, "set POLICY_PACK_SECRET in the environment"),
    ("OK", {"POLICY_PACK_SECRET": "short"}, "POLICY_PACK_SECRET is 5 characters long"),
    ("OK", {"POLICY_PACK_ISSUER": "http://127.0.0.1:9"},
     "could not be read from http://127.0.0.1:9/.well-known/openid-configuration"),
])
def test_start_up_errors_are_said_in_words(provider: Provider, tmp_path: Path,
                                           access: str | None, env: dict[str, str],
                                           said: str) -> None:
    if access is not None:
        (tmp_path / "team").mkdir()
        text = access_text(provider, "http://127.0.0.1:1", "x") if access == "OK" else \
            access.format(issuer=provider.issuer)
        (tmp_path / "team" / "access.yaml").write_text(text)
    done = _start(tmp_path, {"POLICY_PACK_SECRET": SECRET,
                             "POLICY_PACK_CLIENT_SECRET": "x"} | env)
    assert done.returncode == 2, done.stdout + done.stderr
    assert said in done.stderr, done.stderr
    assert "Traceback" not in done.stderr


def test_sign_in_in_a_real_browser(editor: Editor, auditor: HtmlAuditor,
                                   tmp_path: Path) -> None:
    # The session's one Playwright driver: a second sync driver in one process is refused.
    browser = auditor.playwright.chromium.launch(executable_path="/usr/bin/chromium")
    try:
        # signed_in_page sees the sign-in page first ("Sign in" its heading)
        page = signed_in_page(browser, f"{editor.url}/p/dwp.yaml", DWP_EDITOR)
        assert "Signed in as Hana Hussain" in page.locator("#signed-in-as").inner_text()
        page.screenshot(path=str(tmp_path / "browser-signed-in.png"), full_page=False)
        page.get_by_role("button", name="Sign out").click()
        page.wait_for_url(f"{editor.url}/signed-out")
        assert page.locator("h1").inner_text() == "You have signed out of the policy editor"
    finally:
        browser.close()
