"""The team's editor (`serve --team --behind-proxy`) behind Debian's nginx with the README's
configuration (docs/nginx.conf), signed in through the tests' real OpenID provider
(tests/team/harness.py): sign-in, the cookie, the redirect URI, a save that is a commit by
the person, sign-out, and the X-Forwarded-* headers believed only where they should be.

The clients trust only the tests' throwaway certificate authority (tests/proxy/nginx.py).
The editor's start warms its pack workers (a core busy for seconds), hence `renders`.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import requests

from generator.audit import HtmlAuditor
from tests.proxy.nginx import Proxy
from tests.serve.conftest import copy_samples, form_of
from tests.team.browsing import signed_in_page
from tests.team.harness import (
    DWP_EDITOR,
    Editor,
    Provider,
    csrf_token,
    free_port,
    sign_in,
    start_editor,
)

pytestmark = pytest.mark.renders

Team = tuple[Editor, Proxy]


def git(folder: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True,
                          text=True).stdout


def errors_of(page: str) -> list[str]:
    """The error summary's messages of a page the editor answered a form with."""
    return re.findall(r'<a href="#[^"]*">([^<]+)</a>', page.split("govuk-error-summary", 1)[-1])


def test_sign_in_through_nginx_end_to_end(team_behind_nginx: Team,
                                          provider: Provider) -> None:
    """From the page first asked for, through the provider, back through nginx to it:
    every address the browser is sent to is nginx's https one (or the provider's)."""
    _, proxy = team_behind_nginx
    browser = proxy.client()
    before = len(proxy.log())
    page = sign_in(browser, proxy.base, DWP_EDITOR, start="/p/dwp.yaml")
    assert page.status_code == 200 and page.url == f"{proxy.base}/p/dwp.yaml"
    assert "Signed in as <strong>Hana Hussain</strong>" in page.text
    editors = [r.url for r in [*page.history, page] if not r.url.startswith(provider.issuer)]
    assert f"{proxy.base}/signed-in" in {url.split("?")[0] for url in editors}
    assert all(url.startswith(f"{proxy.base}/") for url in editors), editors
    # The provider's redirect back reached the editor through nginx, which answered it.
    assert proxy.logged("GET /signed-in?", before).startswith("303 303 ")
    listing = browser.get(f"{proxy.base}/")
    assert "dwp.yaml" in listing.text and "nics-finance" not in listing.text


def test_the_session_cookie_is_secure_and_httponly(team_behind_nginx: Team) -> None:
    _, proxy = team_behind_nginx
    browser = proxy.client()
    page = sign_in(browser, proxy.base, DWP_EDITOR)
    back = next(r for r in page.history if urlsplit(r.url).path == "/signed-in")
    attributes = [part.strip().lower() for part in back.headers["Set-Cookie"].split(";")]
    assert attributes[0].startswith("policy_pack_team=")
    assert {"secure", "httponly", "samesite=lax"} <= set(attributes), attributes
    cookies = [c for c in browser.cookies if c.name == "policy_pack_team"]
    assert len(cookies) == 1 and cookies[0].secure
    # Secure: a plain-http request to the same name never carries it (nginx sends such
    # a request on to https anyway).
    plain = requests.Request("GET", f"http://localhost:{proxy.plain_port}/")
    assert "Cookie" not in browser.prepare_request(plain).headers


def test_the_redirect_uri_is_https_with_nginxs_name_and_port(team_behind_nginx: Team
                                                             ) -> None:
    _, proxy = team_behind_nginx
    browser = proxy.client()
    page = browser.get(f"{proxy.base}/sign-in")
    sent = browser.post(f"{proxy.base}/sign-in", data={"csrf_token": csrf_token(page.text)},
                        allow_redirects=False)
    assert sent.status_code == 302, sent.text[:500]
    asked = parse_qs(urlsplit(sent.headers["Location"]).query)
    assert asked["redirect_uri"] == [f"{proxy.base}/signed-in"]
    assert proxy.base.startswith("https://localhost:")


def test_a_save_through_nginx_is_a_commit_by_the_person(team_behind_nginx: Team) -> None:
    editor, proxy = team_behind_nginx
    browser = proxy.client()
    sign_in(browser, proxy.base, DWP_EDITOR)
    url = f"{proxy.base}/p/dwp.yaml/page/policy"
    # The page's own form, not the header's Sign out (a form too, before it).
    data = form_of(browser.get(url).text.split('id="main-content"', 1)[1])
    data["policy.owner"] = "Team behind nginx"
    saved = browser.post(url, data=data, allow_redirects=False)
    assert saved.status_code == 303, errors_of(saved.text)
    assert not saved.headers["Location"].startswith("http:")  # stays on nginx's https
    assert "  owner: Team behind nginx\n" in (editor.folder / "dwp.yaml").read_text()
    author, subject = git(editor.folder, "log", "-1", "--format=%an <%ae>%n%s").splitlines()
    assert author == f"Hana Hussain <{DWP_EDITOR}>"
    assert "Team behind nginx" in subject, subject
    assert git(editor.folder, "show", "--name-only", "--format=", "HEAD").split() == [
        "dwp.yaml"]
    assert git(editor.folder, "status", "--porcelain") == ""


def test_sign_out_through_nginx_ends_the_session(team_behind_nginx: Team) -> None:
    _, proxy = team_behind_nginx
    browser = proxy.client()
    page = sign_in(browser, proxy.base, DWP_EDITOR)
    cookie = browser.cookies.get("policy_pack_team")
    out = browser.post(f"{proxy.base}/sign-out", data={"csrf_token": csrf_token(page.text)},
                       allow_redirects=False)
    assert out.status_code == 303 and out.headers["Location"] == "/signed-out"
    done = browser.get(f"{proxy.base}/signed-out")
    assert done.status_code == 200 and "You have signed out" in done.text
    # The cookie from before, replayed (the Back button, or someone who copied it): the
    # session is gone from the editor, so it is sent to sign in again.
    replay = proxy.client()
    answer = replay.get(f"{proxy.base}/p/dwp.yaml", allow_redirects=False,
                        headers={"Cookie": f"policy_pack_team={cookie}"})
    assert answer.status_code == 303 and answer.headers["Location"] == "/sign-in"


def test_a_clients_own_forwarded_headers_are_replaced_by_nginx(team_behind_nginx: Team
                                                               ) -> None:
    """nginx sets X-Forwarded-Host and -Proto itself: a browser's own are never passed on
    (were they, the editor behind the proxy would take evil.example for the name)."""
    _, proxy = team_behind_nginx
    answer = proxy.client().get(f"{proxy.base}/sign-in",
                                headers={"X-Forwarded-Host": "evil.example",
                                         "X-Forwarded-Proto": "http"})
    assert answer.status_code == 200 and 'name="csrf_token"' in answer.text


CLAIM = {"X-Forwarded-Host": "localhost", "X-Forwarded-Proto": "https",
         "X-Forwarded-For": "192.0.2.1"}


def test_forwarded_headers_sent_straight_to_the_editor_give_nothing_without_the_flag(
        provider: Provider, tmp_path: Path) -> None:
    """Without --behind-proxy, a client on this machine that sends its own X-Forwarded-*
    straight to the editor's port gets nothing from them: not another name (the Host
    check still reads Host), and not https (a form without a Referer is not held to
    https's same-origin referrer check, which Flask-WTF applies to a secure request)."""
    folder = tmp_path / "profiles"
    folder.mkdir()
    copy_samples(folder)
    with start_editor(provider, folder, address="https://localhost") as editor:
        client = requests.Session()
        client.trust_env = False
        refused = client.get(f"{editor.url}/sign-in", headers={"Host": "evil.example"} | CLAIM)
        assert refused.status_code == 400
        assert refused.text == "This editor is not served under that name."
        own_name = {"Host": "localhost"} | CLAIM
        page = client.get(f"{editor.url}/sign-in", headers=own_name)
        assert page.status_code == 200
        # The session cookie is Secure (the address is https): a client over plain http
        # does not send it back by itself, so it is sent as a header.
        cookie = f"policy_pack_team={page.cookies['policy_pack_team']}"
        sent = client.post(f"{editor.url}/sign-in", headers=own_name | {"Cookie": cookie},
                           data={"csrf_token": csrf_token(page.text)}, allow_redirects=False)
        assert sent.status_code == 302, sent.text[:500]  # taken as plain http: no check


def test_with_the_flag_the_editor_believes_the_proxys_forwarded_host(
        provider: Provider, tmp_path: Path) -> None:
    """With --behind-proxy the editor takes the name from X-Forwarded-Host (nginx's, who
    alone reaches 127.0.0.1:PORT in a deployment): a request whose Host is not the
    editor's is admitted for the name the proxy forwarded."""
    folder = tmp_path / "profiles"
    folder.mkdir()
    copy_samples(folder)
    port = free_port()
    with start_editor(provider, folder, port=port, address="https://localhost",
                      args=("--behind-proxy",)) as editor:
        client = requests.Session()
        client.trust_env = False
        answer = client.get(f"{editor.url}/sign-in", headers={"Host": "evil.example"} | CLAIM)
        assert answer.status_code == 200, answer.text[:300]


def test_sign_in_a_save_and_sign_out_in_chromium_through_nginx(team_behind_nginx: Team,
                                                               auditor: HtmlAuditor,
                                                               tmp_path: Path) -> None:
    """A real browser, which keeps the editor's Referrer-Policy (no-referrer, so no Referer
    with any form) and the Secure cookie's rules: the forms pass through nginx as they do
    in a deployment.
    (The certificate's chain is proved by the tests with requests; Chromium here is told
    to accept the throwaway authority's certificate.)"""
    editor, proxy = team_behind_nginx
    shots = tmp_path
    # The session's one Playwright driver: a second sync driver in one process is refused.
    chromium = auditor.playwright.chromium.launch(executable_path="/usr/bin/chromium")
    try:
        context = chromium.new_context(ignore_https_errors=True)
        context.set_default_timeout(30_000)
        page = signed_in_page(context, f"{proxy.base}/p/dwp.yaml/page/policy", DWP_EDITOR)
        page.screenshot(path=str(shots / "chromium-signed-in.png"))
        page.locator('input[name="policy.owner"]').fill("Chromium behind nginx")
        page.get_by_role("button", name="Save").first.click()
        page.wait_for_load_state()
        assert "  owner: Chromium behind nginx\n" in (
            editor.folder / "dwp.yaml").read_text(), page.content()[:2000]
        assert git(editor.folder, "log", "-1", "--format=%an").strip() == "Hana Hussain"
        page.get_by_role("button", name="Sign out").click()
        page.wait_for_url(f"{proxy.base}/signed-out")
        # Signed out: the editor's page asks for the sign-in again.
        page.goto(f"{proxy.base}/p/dwp.yaml/page/policy")
        assert page.url == f"{proxy.base}/sign-in"
    finally:
        chromium.close()
