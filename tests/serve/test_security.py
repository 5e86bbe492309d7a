"""Safe on a laptop and on a shared host: the token, the Host allow-list, CSRF on every
POST, no path from the browser, upload limits, the Content-Security-Policy, no traceback."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from flask import Flask
from werkzeug.test import EnvironBuilder

from generator.profile import load_profile
from generator.serve import Access, Settings, create_app
from tests.serve.conftest import BASE_URL, TODAY, Editor, copy_samples, form_of, signed_in

PAGES = ["/", "/p/dwp.yaml", "/p/dwp.yaml/page/policy", "/p/dwp.yaml/list/channels",
         "/p/dwp.yaml/list/channels/0", "/p/dwp.yaml/logo", "/p/dwp.yaml/sections",
         "/p/dwp.yaml/sections/posting.checks", "/p/dwp.yaml/check",
         "/p/dwp.yaml/preview/top"]
POSTS = ["/new", "/p/dwp.yaml/page/policy", "/p/dwp.yaml/list/channels/new",
         "/p/dwp.yaml/list/channels/0", "/p/dwp.yaml/list/channels/0/remove",
         "/p/dwp.yaml/logo", "/p/dwp.yaml/sections/posting.checks",
         "/p/dwp.yaml/preview/top?page=policy"]


@pytest.fixture
def app(tmp_path: Path) -> tuple[Flask, Access]:
    copy_samples(tmp_path)
    access = Access(hosts=frozenset({"localhost", "127.0.0.1", "[::1]"}))
    return create_app(Settings(tmp_path, False, TODAY), access), access


@pytest.mark.parametrize("url", PAGES)
def test_no_page_without_the_token(app: tuple[Flask, Access], url: str) -> None:
    client = app[0].test_client()
    answer = client.get(url, base_url=BASE_URL)
    assert answer.status_code == 403
    assert "key for this run" in answer.text and "Traceback" not in answer.text
    wrong = client.get(f"{url}?token=guess", base_url=BASE_URL)
    assert wrong.status_code == 403


def test_the_token_becomes_a_strict_cookie_and_leaves_the_address(
        app: tuple[Flask, Access]) -> None:
    flask_app, access = app
    client = flask_app.test_client()
    answer = client.get(f"/p/dwp.yaml?token={access.token}", base_url=BASE_URL)
    assert answer.status_code == 303 and answer.headers["Location"] == "/p/dwp.yaml"
    cookie = answer.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and access.token not in cookie
    assert client.get("/p/dwp.yaml", base_url=BASE_URL).status_code == 200


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8000", "127.0.0.2",
                                  "localhost.evil.example"])
def test_a_foreign_host_is_refused_even_with_the_cookie(app: tuple[Flask, Access],
                                                        host: str) -> None:
    flask_app, access = app
    client = flask_app.test_client()
    client.get(f"/?token={access.token}", base_url=BASE_URL)
    for url in PAGES[:3]:
        answer = client.get(url, base_url=f"http://{host}")
        assert answer.status_code == 400 and "dwp" not in answer.text


@pytest.mark.parametrize("host", ["127.0.0.1:8000", "[::1]:8000", "localhost"])
def test_the_loopback_names_are_allowed(app: tuple[Flask, Access], host: str) -> None:
    flask_app, access = app
    client = flask_app.test_client()
    answer = client.get(f"/?token={access.token}", base_url=f"http://{host}")
    assert answer.status_code == 303


@pytest.mark.parametrize("url", POSTS)
def test_every_post_needs_the_csrf_token(editor: Editor, url: str) -> None:
    before = editor.file("dwp.yaml")
    form = editor.form("/p/dwp.yaml/page/policy")
    form.pop("csrf_token")
    form["policy.owner"] = "Forged"
    answer = editor.client.post(url, data=form, base_url=BASE_URL)
    assert answer.status_code == 400 and "expired" in answer.text
    assert editor.file("dwp.yaml") == before


@pytest.mark.parametrize("url", [
    "/p/..%2Fetc%2Fpasswd", "/p/../../etc/passwd", "/p/%2Fetc%2Fpasswd/page/policy",
    "/p/dwp.yaml%00/page/policy", "/p/DWP.yaml", "/p/dwp/page/policy",
    "/p/dwp.yaml/page/..%2F..%2Fsecret", "/p/dwp.yaml/list/channels/..%2F1",
    "/p/dwp.yaml/sections/..%2F..%2Fetc", "/p/dwp.yaml/sections/not.a.section",
    "/p/logos%2Fdwp.svg", "/p/dwp.yaml/list/channels/99", "/preview/..%2F..%2Fdwp.yaml"])
def test_paths_from_the_browser_name_nothing(editor: Editor, url: str) -> None:
    assert editor.client.get(url, base_url=BASE_URL).status_code == 404


@pytest.mark.parametrize("name", ["../evil", "..", "/tmp/evil", "logos/x", "Evil", "a b",
                                  "dwp"])
def test_a_new_profile_cannot_be_named_by_a_path(editor: Editor, name: str) -> None:
    form = form_of(editor.get("/"))
    form["file"] = name
    answer = editor.client.post("/new", data=form, base_url=BASE_URL)
    assert answer.status_code == 400
    assert not (editor.folder.parent / "evil.yaml").exists()
    assert sorted(p.name for p in editor.folder.glob("*.yaml")) == [
        "dvla.yaml", "dwp.yaml", "nics-finance.yaml", "welsh-government.yaml"]


def test_an_oversized_upload_is_refused(editor: Editor) -> None:
    form = editor.form("/p/dwp.yaml/logo")
    form["logo"] = (io.BytesIO(b"<svg>" + b" " * (700 * 1024) + b"</svg>"), "big.svg")  # type: ignore
    builder = EnvironBuilder("/p/dwp.yaml/logo", base_url=BASE_URL, method="POST", data=form)
    environ = builder.get_environ()
    try:  # refused before it is read: the test's own spooled body is closed here
        answer = editor.client.open(environ)
        assert answer.status_code == 413 and "too large" in answer.text
    finally:
        environ["wsgi.input"].close()
        builder.close()
    assert "big" not in editor.file("dwp.yaml").decode()


@pytest.mark.parametrize(("content", "name", "message"), [
    (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "x.svg",
     "contains scripts"),
    (b"GIF89a....", "x.png", "is not a PNG image"),
    (b"MZ\x90\x00", "x.exe", "must be an SVG or PNG"),
])
def test_an_unsafe_logo_is_refused_with_builds_words(editor: Editor, content: bytes,
                                                     name: str, message: str) -> None:
    before = sorted((editor.folder / "logos").iterdir())
    form = editor.form("/p/dwp.yaml/logo")
    form["logo"] = (io.BytesIO(content), name)  # type: ignore[assignment]
    answer = editor.client.post("/p/dwp.yaml/logo", data=form, base_url=BASE_URL,
                                content_type="multipart/form-data")
    assert answer.status_code == 200 and message in answer.text
    assert sorted((editor.folder / "logos").iterdir()) == before  # nothing kept


def test_a_safe_logo_is_kept_under_a_name_the_server_chose(editor: Editor) -> None:
    form = editor.form("/p/dwp.yaml/logo")
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" ' \
          b'height="10"/></svg>'
    form["logo"] = (io.BytesIO(svg), "../../../evil name.svg")  # type: ignore[assignment]
    answer = editor.client.post("/p/dwp.yaml/logo", data=form, base_url=BASE_URL,
                                content_type="multipart/form-data")
    assert answer.status_code == 303
    assert (editor.folder / "logos" / "dwp-logo.svg").read_bytes() == svg
    assert "file: logos/dwp-logo.svg" in editor.file("dwp.yaml").decode()
    assert not list(editor.folder.parent.glob("*.svg"))


def test_pages_carry_a_policy_with_no_inline_script(editor: Editor) -> None:
    for url in PAGES[:-1]:
        answer = editor.client.get(url, base_url=BASE_URL)
        policy = answer.headers["Content-Security-Policy"]
        script = re.search(r"script-src ([^;]+)", policy)
        assert script and script.group(1).strip() == "'self'", url
        assert "unsafe" not in policy and "frame-ancestors 'none'" in policy
        assert answer.headers["Referrer-Policy"] == "no-referrer"
        assert answer.headers["Cache-Control"] == "no-store"
        for tag in re.findall(r"<script\b[^>]*>", answer.text):
            assert "src=" in tag, (url, tag)
        assert not re.search(r"\son[a-z]+=", answer.text), url  # no inline handlers


def test_a_bug_shows_no_traceback(tmp_path: Path) -> None:
    copy_samples(tmp_path)
    access = Access(hosts=frozenset({"localhost"}))
    flask_app = create_app(Settings(tmp_path, False, TODAY), access)

    def broken() -> str:
        raise RuntimeError("secret detail /etc/shadow")

    flask_app.add_url_rule("/broken", view_func=broken)
    client = flask_app.test_client()
    client.get(f"/?token={access.token}", base_url=BASE_URL)
    answer = client.get("/broken", base_url=BASE_URL)
    assert answer.status_code == 500
    assert "bug in policy-pack" in answer.text
    assert "Traceback" not in answer.text and "secret detail" not in answer.text


def test_read_only_serves_no_editing(tmp_path: Path) -> None:
    copy_samples(tmp_path)
    reader = signed_in(tmp_path, read_only=True)
    assert reader.client.get("/", base_url=BASE_URL).headers["Location"] == "/reviews"
    for url in PAGES[1:-1]:
        assert reader.client.get(url, base_url=BASE_URL).status_code == 404, url
    assert reader.client.get("/p/dwp.yaml/preview/top", base_url=BASE_URL).status_code == 200


def test_a_profiles_text_is_never_markup_in_a_page(editor: Editor) -> None:
    """Values from a file (pulled from git, say) are shown as text on every page: the
    profiles list, the lists, the errors, the conflict page."""
    path = editor.folder / "dvla.yaml"
    text = path.read_text()
    path.write_text(text.replace("name: Driver and Vehicle Licensing Agency",
                                 'name: "<i id=INJ1>x</i> Agency"', 1))
    data = editor.form("/p/dvla.yaml/list/channels/0")
    data["channels[0].url"] = '<b id="INJ2">x</b>'
    error_page = editor.post("/p/dvla.yaml/list/channels/0", data, 200).text
    pages = [editor.get("/"), editor.get("/p/dvla.yaml/list/channels"), error_page]
    data = editor.form("/p/dvla.yaml/page/policy")
    data["policy.owner"] = 'The "Digital" <u id=INJ3>team</u>'
    owner = re.search(r"  owner: .*", path.read_text())
    assert owner is not None
    path.write_text(path.read_text().replace(owner.group(0), '  owner: "<s id=INJ4>x</s>"'))
    conflict = editor.post("/p/dvla.yaml/page/policy", data, 409).text
    pages.append(conflict)
    for page in pages:
        assert not re.search(r"<(i|b|u|s) id=\"?INJ", page)
    chosen = form_of(conflict) | {"keep:policy.owner": "mine"}
    editor.post("/p/dvla.yaml/page/policy", chosen)  # keep mine: the whole answer
    saved = load_profile(path).data
    assert isinstance(saved, dict)
    assert saved["policy"]["owner"] == 'The "Digital" <u id=INJ3>team</u>'



# --- the key, traded once (issue 24) ---------------------------------------------------


def test_the_key_lets_one_browser_in_once(app: tuple[Flask, Access]) -> None:
    flask_app, access = app
    first = flask_app.test_client()
    assert first.get(f"/?token={access.token}", base_url=BASE_URL).status_code == 303
    # The same browser opening the printed address again is simply let in.
    again = first.get(f"/p/dwp.yaml?token={access.token}", base_url=BASE_URL)
    assert again.status_code == 303 and again.headers["Location"] == "/p/dwp.yaml"
    # Another browser (or someone who read the key later) is refused, and told what to do.
    second = flask_app.test_client()
    refused = second.get(f"/?token={access.token}", base_url=BASE_URL)
    assert refused.status_code == 403 and "Set-Cookie" not in refused.headers
    assert "used already" in refused.text and "browser window" in refused.text
    assert second.get("/", base_url=BASE_URL).status_code == 403


def test_a_wrong_key_does_not_use_up_the_right_one(app: tuple[Flask, Access]) -> None:
    flask_app, access = app
    client = flask_app.test_client()
    assert client.get("/?token=guess", base_url=BASE_URL).status_code == 403
    assert client.get(f"/?token={access.token}", base_url=BASE_URL).status_code == 303


# --- a form refused for its session keeps its answers (issue 24) -----------------------

POLICY = "/p/dwp.yaml/page/policy"


def restarted(folder: Path) -> tuple[Flask, Access]:
    """The editor started again over the same folder: a new secret and a new key."""
    access = Access(hosts=frozenset({"localhost"}))
    return create_app(Settings(folder, False, TODAY), access), access


def typed_before_restart(editor: Editor) -> dict[str, str]:
    form = editor.form(POLICY)
    form["policy.owner"] = "Kept \u201cAnswers\u201d & Team"
    return form


def test_a_form_sent_after_a_restart_keeps_its_answers_and_saves_after_the_key(
        editor: Editor) -> None:
    before = editor.file("dwp.yaml")
    form = typed_before_restart(editor)
    new_app, access = restarted(editor.folder)
    browser = new_app.test_client()  # its cookies of the old run mean nothing now
    refused = browser.post(POLICY, data=form, base_url=BASE_URL)
    assert refused.status_code == 400 and "Your answers are kept" in refused.text
    # Listed each under its question, once (not the answers as the page first showed them).
    listed = re.findall(r'summary-list__key">(.*?)</dt>', refused.text)
    assert "Team that owns the policy" in listed and len(listed) == len(set(listed))
    kept = form_of(refused.text)
    assert {k: v for k, v in kept.items() if k not in ("csrf_token", "send_to",
                                                        "editor_address")} == \
        {k: v for k, v in form.items() if k != "csrf_token"}
    assert kept["send_to"] == POLICY and editor.file("dwp.yaml") == before
    # The person pastes the address the editor printed; the answers reach the page.
    kept["editor_address"] = f"http://127.0.0.1:8000/?token={access.token}"
    signed = browser.post("/sign-in-again", data=kept, base_url=BASE_URL)
    assert signed.status_code == 307 and signed.headers["Location"] == POLICY
    # A browser follows a 307 by sending the same form again (Werkzeug's test client
    # would send the body it has read already, so this test sends it; the browser test
    # in test_browser_restart.py follows it in Chromium).
    saved = browser.post(signed.headers["Location"], data=kept, base_url=BASE_URL)
    assert saved.status_code == 303
    assert "owner: Kept \u201cAnswers\u201d & Team" in editor.file("dwp.yaml").decode()
    assert browser.get("/", base_url=BASE_URL).status_code == 200  # and signed in


def test_a_browser_signed_in_again_sends_its_kept_answers_with_one_button(
        editor: Editor) -> None:
    form = typed_before_restart(editor)
    new_app, access = restarted(editor.folder)
    browser = new_app.test_client()
    browser.get(f"/?token={access.token}", base_url=BASE_URL)  # the editor opened it
    refused = browser.post(POLICY, data=form, base_url=BASE_URL)
    assert refused.status_code == 400 and "Send my answers again" in refused.text
    assert "editor_address" not in refused.text
    assert re.search(rf'<form method="post" action="{POLICY}"', refused.text)
    again = browser.post(POLICY, data=form_of(refused.text), base_url=BASE_URL)
    assert again.status_code == 303
    assert "Kept \u201cAnswers\u201d & Team" in editor.file("dwp.yaml").decode()


def test_a_wrong_or_used_address_keeps_the_answers_and_says_so(editor: Editor) -> None:
    form = typed_before_restart(editor)
    new_app, access = restarted(editor.folder)
    other = new_app.test_client()
    other.get(f"/?token={access.token}", base_url=BASE_URL)  # someone else's browser
    browser = new_app.test_client()
    kept = form_of(browser.post(POLICY, data=form, base_url=BASE_URL).text)
    for given, message in (("http://127.0.0.1:8000/?token=guess", "started this time"),
                           (access.token, "used already")):
        kept["editor_address"] = given
        page = browser.post("/sign-in-again", data=kept, base_url=BASE_URL)
        assert page.status_code == 403 and message in page.text
        assert "Error: " in page.text and "Kept" in page.text
        kept = form_of(page.text)
        assert kept["policy.owner"] == form["policy.owner"]
    assert "Kept" not in editor.file("dwp.yaml").decode()


def test_a_form_from_another_site_is_refused_and_not_kept(editor: Editor) -> None:
    """The CSRF token's purpose stays: a form another site sent is neither written nor
    offered back to the person to apply (browsers say where a request came from)."""
    before = editor.file("dwp.yaml")
    form = typed_before_restart(editor)
    form.pop("csrf_token")
    for site in ("cross-site", "same-site"):  # same-site: another port of 127.0.0.1
        for client in (editor.client, restarted(editor.folder)[0].test_client()):
            answer = client.post(POLICY, data=form, base_url=BASE_URL,
                                 headers={"Sec-Fetch-Site": site})
            assert answer.status_code in (400, 403)
            assert "Kept" not in answer.text and "answers are kept" not in answer.text
    assert editor.file("dwp.yaml") == before


def test_the_sign_in_takes_no_key_without_a_token_of_this_run(
        app: tuple[Flask, Access]) -> None:
    flask_app, access = app
    client = flask_app.test_client()
    forged = client.post("/sign-in-again", base_url=BASE_URL, headers={
        "Sec-Fetch-Site": "cross-site"}, data={"editor_address": access.token,
                                               "send_to": "/p/dwp.yaml/page/policy"})
    assert forged.status_code == 400 and "Set-Cookie" not in forged.headers
    # the key was not used up: the person can still open the address
    assert client.get(f"/?token={access.token}", base_url=BASE_URL).status_code == 303


@pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example/",
                                    "/\\evil.example", "/\t/evil.example/x", "/\n/evil.example",
                                    "/p/x/../../sign-in-again", "/sign-in-again"])
def test_the_sign_in_sends_answers_only_to_this_editors_pages(
        app: tuple[Flask, Access], target: str) -> None:
    flask_app, access = app
    client = flask_app.test_client()
    page = client.post(POLICY, base_url=BASE_URL, data={"policy.owner": "x"}).text
    kept = form_of(page)
    kept.update(editor_address=access.token, send_to=target)
    answer = client.post("/sign-in-again", data=kept, base_url=BASE_URL)
    assert answer.status_code == 400 and "Location" not in answer.headers
