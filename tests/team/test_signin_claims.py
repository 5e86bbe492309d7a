"""What a team's editor takes from the provider, after an independent review (issue 29):
email_verified sent as the string "false", an address by another claim, addresses that
lower-case into someone else's (the Kelvin sign), groups in another case, a name or an
address of any length, an ID token made for another client, the provider's error text,
the sign-in's own pages as a destination, the secrets in every child's environment, and
a person removed from the access file. A real oidc-provider with these accounts, and a
real `policy-pack serve --team`."""

from __future__ import annotations

import os
import re
import stat
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin

import pytest
import requests
from authlib.integrations.flask_client import OAuth
from flask import Flask
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import RSAKey

from generator.serve.team import AccessError, AccessFile, Rules, SignIn, Team
from generator.serve.team.access import parse_team
from generator.serve.team.sessions import Sessions
from generator.serve.team.signin import PROVIDER, id_token_options
from generator.serve.team.signin import Team as Editing
from tests.serve.conftest import copy_samples
from tests.team.harness import (
    ACCESS,
    ACCOUNTS,
    DWP_EDITOR,
    Editor,
    Provider,
    csrf_token,
    sign_in,
    start_editor,
    start_provider,
    stop_provider,
)

STRING_FALSE = "sam.stringfalse@dwp.example.gov.uk"  # email_verified: "false"
STRING_TRUE = "tia.stringtrue@dwp.example.gov.uk"  # email_verified: "true"
NOT_SAID = "nell.notsaid@dwp.example.gov.uk"  # no email_verified at all
KELVIN = "\u212aate.k@dwp.example.gov.uk"  # lower-cases, in Python, to kate.k@...
SHOUTING = "sid.shouting@dwp.example.gov.uk"  # in the group DWP-COMMS, not dwp-comms
UPPER = "Ula.Upper@DWP.Example.gov.uk"  # ASCII upper case: the same address as lower
LONG_NAME = "lee.longname@dwp.example.gov.uk"
LONG_EMAIL = "l" * 250 + "@dwp.example.gov.uk"
ENTRA = "eve.entra@dwp.example.gov.uk"  # no email_verified; a preferred_username
EVE_UPN = "eve.e@dwp.example.gov.uk"
ACCOUNTS_HERE = [*ACCOUNTS,
    {"email": STRING_FALSE, "name": "Sam", "groups": [], "email_verified": "false"},
    {"email": STRING_TRUE, "name": "Tia", "groups": [], "email_verified": "true"},
    {"email": NOT_SAID, "name": "Nell", "groups": [], "email_verified": None},
    {"email": KELVIN, "name": "Kelvin", "groups": []},
    {"email": SHOUTING, "name": "Sid", "groups": ["DWP-COMMS"]},
    {"email": UPPER, "name": "Ula Upper", "groups": []},
    {"email": LONG_NAME, "name": "L" * 100_000, "groups": []},
    {"email": LONG_EMAIL, "name": "Long", "groups": []},
    {"email": ENTRA, "name": "Eve Entra", "groups": [], "email_verified": None,
     "preferred_username": EVE_UPN},
]
# Every one of them but the refused an editor of dwp, were the comparisons loose.
ROLES = ACCESS.replace(
    "    editors: [hana.hr@dwp.example.gov.uk, group:dwp-comms]",
    f"    editors: [hana.hr@dwp.example.gov.uk, group:dwp-comms, {STRING_FALSE}, "
    f"{STRING_TRUE}, {NOT_SAID}, kate.k@dwp.example.gov.uk, ula.upper@dwp.example.gov.uk, "
    f"{LONG_NAME}, {LONG_EMAIL}, {EVE_UPN}]")
NOT_VERIFIED = "did not give a verified email address"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Provider]:
    running = start_provider(tmp_path_factory.mktemp("hostile"), ACCOUNTS_HERE)
    yield running
    stop_provider(running)


@pytest.fixture(scope="module")
def git_log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A `git` first on the editor's PATH that writes its environment, then runs git: the
    real git children of the editor, seen from inside."""
    where = tmp_path_factory.mktemp("git-wrapper")
    log = where / "environments.txt"
    wrapper = where / "git"
    wrapper.write_text(f"#!/bin/sh\nenv >> '{log}'\necho ---- >> '{log}'\n"
                       'exec /usr/bin/git "$@"\n')
    wrapper.chmod(wrapper.stat().st_mode | stat.S_IXUSR)
    return log


@pytest.fixture(scope="module")
def editor(hostile: Provider, samples: Path, git_log: Path) -> Iterator[Editor]:
    path = f"{git_log.parent}:{os.environ.get('PATH', '')}"
    with start_editor(hostile, samples, roles=ROLES, env={"PATH": path}) as running:
        yield running


def _said(page: requests.Response) -> str:
    found = re.search(r'id="signed-in-as">(.*?)</p>', page.text, re.S)
    assert found, (page.status_code, page.text[:500])
    return " ".join(re.sub(r"<[^>]+>", "", found.group(1)).split())


def test_email_verified_false_as_a_string_is_refused_and_true_as_a_string_taken(
        editor: Editor) -> None:
    refused = sign_in(requests.Session(), editor.url, STRING_FALSE)
    assert refused.status_code == 400 and NOT_VERIFIED in refused.text
    taken = sign_in(requests.Session(), editor.url, STRING_TRUE, start="/p/dwp.yaml")
    assert taken.status_code == 200 and "Role: Editor of dwp" in _said(taken)


def test_an_email_without_email_verified_is_refused(editor: Editor) -> None:
    page = sign_in(requests.Session(), editor.url, NOT_SAID)
    assert page.status_code == 400 and NOT_VERIFIED in page.text


def test_the_access_file_may_name_the_claim_of_the_address(
        hostile: Provider, tmp_path: Path) -> None:
    """Entra ID sends no email_verified: its preferred_username, named in the access file,
    is the address (and a default `email` claim would refuse the person)."""
    copy_samples(tmp_path)
    with start_editor(hostile, tmp_path, roles=ROLES,
                      sign_in_extra="  email_claim: preferred_username\n") as named:
        page = sign_in(requests.Session(), named.url, ENTRA, start="/p/dwp.yaml")
        assert page.status_code == 200
        assert _said(page) == f"Signed in as Eve Entra ({EVE_UPN}). Role: Editor of dwp."


def test_an_entra_issuer_must_name_the_claim_of_the_address() -> None:
    text = ("sign_in:\n  issuer: https://login.microsoftonline.com/T/v2.0\n  client_id: c\n"
            "  address: https://policy.example.gov.uk\nadmins: [ana@example.gov.uk]\n")
    with pytest.raises(AccessError) as raised:
        parse_team(text, "team/access.yaml", {})
    assert ("team/access.yaml:2:11: sign_in.email_claim: Microsoft Entra ID's email claim "
            "is not verified") in str(raised.value)
    assert "add email_claim: preferred_username" in str(raised.value)
    named = parse_team(text.replace("  client_id", "  email_claim: preferred_username\n"
                                    "  client_id"), "team/access.yaml", {})
    assert named.sign_in.email_claim == "preferred_username"


def test_a_kelvin_sign_does_not_make_an_address_someone_elses(editor: Editor) -> None:
    page = sign_in(requests.Session(), editor.url, KELVIN)
    assert page.status_code == 403
    assert "You do not have access to the policy editor yet" in page.text


def test_ascii_case_is_ignored_in_addresses_and_kept_in_groups(editor: Editor) -> None:
    upper = sign_in(requests.Session(), editor.url, UPPER, start="/p/dwp.yaml")
    assert upper.status_code == 200
    assert _said(upper) == ("Signed in as Ula Upper (ula.upper@dwp.example.gov.uk). "
                            "Role: Editor of dwp.")
    shouting = sign_in(requests.Session(), editor.url, SHOUTING)
    assert shouting.status_code == 403  # DWP-COMMS is not the group dwp-comms


def test_a_long_name_is_cut_and_a_long_address_refused(editor: Editor) -> None:
    page = sign_in(requests.Session(), editor.url, LONG_NAME, start="/p/dwp.yaml")
    assert _said(page) == f"Signed in as {'L' * 200} ({LONG_NAME}). Role: Editor of dwp."
    refused = sign_in(requests.Session(), editor.url, LONG_EMAIL)
    assert refused.status_code == 400 and NOT_VERIFIED in refused.text


@pytest.mark.parametrize(("error", "said"), [
    ("access_denied", "You chose not to sign in."),
    ("server_error", "The sign-in service refused the sign-in."),
    ("made_up", "The sign-in service refused the sign-in."),
])
def test_the_providers_error_is_said_in_fixed_words_never_its_description(
        editor: Editor, error: str, said: str) -> None:
    answer = requests.get(f"{editor.url}/signed-in", params={
        "error": error, "error_description": "Call 0800 000 000 to unlock your account",
        "state": "x"})
    assert answer.status_code == 400
    assert said in answer.text
    assert "0800" not in answer.text and "unlock" not in answer.text


def _sign_in_going_to(browser: requests.Session, editor_url: str, email: str,
                      then: str) -> str:
    """A sign-in whose form asks to go on to `then`; where the editor sends the person."""
    page = browser.get(f"{editor_url}/sign-in")
    answer = browser.post(f"{editor_url}/sign-in",
                          data={"csrf_token": csrf_token(page.text), "next": then})
    action = urljoin(answer.url, re.search(r'action="([^"]+)"', answer.text).group(1))
    answer = browser.post(action, data={"prompt": "login", "login": email, "password": "x"})
    if 'value="consent"' in answer.text:
        action = urljoin(answer.url, re.search(r'action="([^"]+)"', answer.text).group(1))
        answer = browser.post(action, data={"prompt": "consent"})
    return answer.url


@pytest.mark.parametrize("then", ["/sign-in", "/signed-in", "/sign-out", "/signed-out"])
def test_the_sign_ins_own_pages_are_never_where_it_goes_on_to(
        editor: Editor, then: str) -> None:
    landed = _sign_in_going_to(requests.Session(), editor.url, DWP_EDITOR, then)
    assert landed == f"{editor.url}/"
    assert _sign_in_going_to(requests.Session(), editor.url, DWP_EDITOR,
                             "/p/dwp.yaml") == f"{editor.url}/p/dwp.yaml"


def _descendants(pid: int) -> set[int]:
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parents[int(entry.name)] = int(fields[1])
    found, grew = {pid}, True
    while grew:
        more = {child for child, parent in parents.items() if parent in found}
        grew = not more <= found
        found |= more
    return found - {pid}


def test_no_child_of_the_editor_has_its_secrets(editor: Editor, git_log: Path) -> None:
    """The pack's workers (forked from a fork server the editor starts) and git (run at
    start-up to begin the folder's history) are read from outside: /proc/PID/environ,
    and the environment the git on PATH wrote."""
    ends, children = time.monotonic() + 30, set()
    while time.monotonic() < ends and len(children) < 2:  # the fork server, its worker
        children = _descendants(editor.process.pid)
        time.sleep(0.2)
    assert len(children) >= 2, children
    for child in children:
        environment = Path(f"/proc/{child}/environ").read_bytes()
        assert b"PATH=" in environment  # it was read
        assert b"POLICY_PACK_SECRET" not in environment, child
        assert b"POLICY_PACK_CLIENT_SECRET" not in environment, child
    written = git_log.read_text()
    assert written.count("----") >= 1 and "PATH=" in written
    assert "POLICY_PACK_SECRET" not in written
    assert "POLICY_PACK_CLIENT_SECRET" not in written


def test_a_person_taken_out_of_the_access_file_loses_access_at_their_next_request(
        editor: Editor) -> None:
    browser = requests.Session()
    sign_in(browser, editor.url, DWP_EDITOR)
    assert browser.get(f"{editor.url}/p/dwp.yaml").status_code == 200
    text = editor.access_file.read_text()
    try:
        editor.access_file.write_text(text.replace(f"{DWP_EDITOR}, ", ""))
        assert browser.get(f"{editor.url}/p/dwp.yaml").status_code == 404
        assert browser.get(f"{editor.url}/").status_code == 403  # no role now
    finally:
        editor.access_file.write_text(text)
        os.utime(editor.access_file, ns=(time.time_ns(), time.time_ns() + 10**9))
    assert browser.get(f"{editor.url}/p/dwp.yaml").status_code == 200


def test_an_id_token_made_for_another_client_is_refused(tmp_path: Path) -> None:
    """aud must hold this editor's client id. The provider of the tests signs only tokens
    for the client that redeems the code, so the token is signed here, with a key the
    client is given as the provider's: aud another client's, azp this one's (which
    Authlib's default check, azp alone, lets through)."""
    key = RSAKey.generate_key(2048, parameters={"kid": "k1"}, private=True)
    issuer, client = "https://sso.example.gov.uk", "this-editor"
    app = Flask(__name__)
    oauth = OAuth(app)
    oauth.register(PROVIDER, client_id=client, client_secret="x", issuer=issuer,
                   jwks={"keys": [key.as_dict(private=False)]},
                   id_token_signing_alg_values_supported=["RS256"])
    sign_in = SignIn(issuer, client, "https://policy.example.gov.uk")
    found = Editing(AccessFile(tmp_path, Team(sign_in, Rules()), {}), oauth, Sessions(1, 1))
    now = int(time.time())

    def token(aud: list[str]) -> dict[str, str]:
        claims = {"iss": issuer, "sub": "s", "aud": aud, "azp": client, "nonce": "n",
                  "iat": now, "exp": now + 300, "email": "a@example.gov.uk"}
        return {"id_token": jwt.encode({"alg": "RS256", "kid": "k1"}, claims, key),
                "access_token": "a"}

    with app.app_context():
        provider = found.provider()
        other = token(["another-client"])
        assert provider.parse_id_token(other, nonce="n")["sub"] == "s"  # Authlib's default
        with pytest.raises(JoseError):
            provider.parse_id_token(other, nonce="n", claims_options=id_token_options(found))
        mine = provider.parse_id_token(token(["another-client", client]), nonce="n",
                                       claims_options=id_token_options(found))
        assert mine["sub"] == "s"


def test_a_code_given_to_another_client_is_refused(hostile: Provider, editor: Editor) -> None:
    """End to end: another client, registered with this editor's address, is asked for
    the sign-in this editor began (its state, nonce and PKCE kept). The provider gives the
    code to that client; the editor, trading it as itself, is refused by the provider, and
    refuses the sign-in. (The provider never mints a token for another audience to this
    editor, so the audience itself is checked in the test above.)"""
    other, _ = hostile.register(f"{editor.url}/signed-in")
    browser = requests.Session()
    page = browser.get(f"{editor.url}/sign-in")
    start = browser.post(f"{editor.url}/sign-in", data={"csrf_token": csrf_token(page.text)},
                         allow_redirects=False)
    asked = re.sub(r"client_id=[^&]+", f"client_id={other}", start.headers["Location"])
    answer = browser.get(asked)
    action = urljoin(answer.url, re.search(r'action="([^"]+)"', answer.text).group(1))
    answer = browser.post(action, data={"prompt": "login", "login": DWP_EDITOR,
                                        "password": "x"})
    if 'value="consent"' in answer.text:
        action = urljoin(answer.url, re.search(r'action="([^"]+)"', answer.text).group(1))
        answer = browser.post(action, data={"prompt": "consent"})
    assert answer.url.startswith(f"{editor.url}/signed-in?code=")
    assert answer.status_code == 400
    assert "could not be checked, so it was refused" in answer.text
    assert browser.get(f"{editor.url}/p/dwp.yaml").url == f"{editor.url}/sign-in"
