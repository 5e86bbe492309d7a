"""The team editor's test harness: a real OpenID provider, a real `policy-pack serve --team`
in its own process, and a sign-in over HTTP. No mocks: the provider is npm's oidc-provider
(tests/team/provider.mjs), the editor the command people run.

Reuse (the proxy, bench and approvals tests do):

    provider = start_provider(tmp_path)          # or the session fixture `provider`
    with start_editor(provider, folder) as editor:      # folder: copies of the samples
        browser = requests.Session()
        sign_in(browser, editor.url, "hana.hr@dwp.example.gov.uk")
        browser.get(editor.url + "/p/dwp.yaml")

The accounts (ACCOUNTS) are people of the default access file (ACCESS): an administrator, a
reviewer (by group), an editor and an approver of dwp, an editor of nics-finance, a person
with no role, and one whose email the provider says is unverified. The provider takes any
password.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from html import unescape
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[2]
PROVIDER_SCRIPT = ROOT / "tests" / "team" / "provider.mjs"
SECRET = "tests-only-" + "s" * 40  # POLICY_PACK_SECRET for the editors the tests start

ADMIN = "ana.admin@example.gov.uk"
REVIEWER = "rob.reviewer@example.gov.uk"  # a reviewer by the group central-hr
DWP_EDITOR = "hana.hr@dwp.example.gov.uk"
DWP_COMMS = "cal.comms@dwp.example.gov.uk"  # an editor of dwp by the group dwp-comms
DWP_APPROVER = "pat.head@dwp.example.gov.uk"
NICS_EDITOR = "nia.editor@nics.example.gov.uk"
NOBODY = "nora.nobody@example.gov.uk"  # signed in, with no role
UNVERIFIED = "una.unverified@example.gov.uk"  # the provider says the email is unverified

ACCOUNTS = [
    {"email": ADMIN, "name": "Ana Admin", "groups": []},
    {"email": REVIEWER, "name": "Rob Reviewer", "groups": ["central-hr"]},
    {"email": DWP_EDITOR, "name": "Hana Hussain", "groups": []},
    {"email": DWP_COMMS, "name": "Cal Comms", "groups": ["dwp-comms"]},
    {"email": DWP_APPROVER, "name": "Pat Head", "groups": []},
    {"email": NICS_EDITOR, "name": "Nia Editor", "groups": []},
    {"email": NOBODY, "name": "Nora Nobody", "groups": ["somewhere-else"]},
    {"email": UNVERIFIED, "name": "Una Unverified", "groups": [], "email_verified": False},
]

# The roles of the default access file; its sign_in is written by start_editor.
ACCESS = f"""\
admins: [{ADMIN}]
reviewers: [group:central-hr]
departments:
  dwp:
    editors: [{DWP_EDITOR}, group:dwp-comms]
    approvers: [{DWP_APPROVER}]
  nics-finance:
    editors: [{NICS_EDITOR}]
"""


def free_port() -> int:
    """A loopback port free now (the OS's choice; taken by the caller at once)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Provider:
    """A running oidc-provider: its issuer, and its one client from the environment."""

    issuer: str
    process: subprocess.Popen[str]
    client_id: str = "policy-pack-tests"
    client_secret: str = "tests-only-client-secret"

    def register(self, redirect_uri: str) -> tuple[str, str]:
        """A new confidential client for `redirect_uri` (Dynamic Client Registration):
        each editor a test starts, on its own port, has a client of its own. Returns its
        id and secret."""
        answer = requests.post(f"{self.issuer}/reg", json={
            "redirect_uris": [redirect_uri], "grant_types": ["authorization_code"],
            "response_types": ["code"], "token_endpoint_auth_method": "client_secret_basic",
        }, timeout=10)
        answer.raise_for_status()
        found = answer.json()
        return str(found["client_id"]), str(found["client_secret"])


def start_provider(workdir: Path, accounts: list[dict[str, object]] | None = None,
                   redirect_uris: tuple[str, ...] = ()) -> Provider:
    """npm's oidc-provider on a free loopback port, with `accounts` (default ACCOUNTS)
    and one client for `redirect_uris`; stop it with stop_provider. Waits until it
    answers its discovery document."""
    if shutil.which("node") is None:
        raise RuntimeError("node is needed to run the OpenID provider of the tests")
    accounts_file = workdir / "accounts.json"
    accounts_file.write_text(json.dumps(accounts or ACCOUNTS))
    port = free_port()
    provider = Provider(f"http://127.0.0.1:{port}", None)  # type: ignore[arg-type]
    env = os.environ | {"OIDC_PORT": str(port), "OIDC_CLIENT_ID": provider.client_id,
                        "OIDC_CLIENT_SECRET": provider.client_secret,
                        "OIDC_REDIRECT_URIS": " ".join(redirect_uris),
                        "OIDC_ACCOUNTS": str(accounts_file)}
    provider.process = subprocess.Popen(
        ["node", str(PROVIDER_SCRIPT)], env=env, cwd=ROOT, text=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _wait_for(f"{provider.issuer}/.well-known/openid-configuration", provider.process)
    return provider


def stop_provider(provider: Provider) -> None:
    provider.process.terminate()
    provider.process.wait(timeout=10)


@dataclass
class Editor:
    """A running `policy-pack serve --team`: its address, folder, process, and output."""

    url: str  # http://127.0.0.1:PORT, without a trailing slash
    folder: Path
    process: subprocess.Popen[str]
    log: Path  # what it printed (outside the folder: history would take it for a change)

    @property
    def access_file(self) -> Path:
        return self.folder / "team" / "access.yaml"

    @property
    def output(self) -> str:
        return self.log.read_text(errors="replace")


def access_text(provider: Provider, address: str, client_id: str, roles: str = ACCESS,
                sign_in_extra: str = "") -> str:
    """An access file for an editor at `address` signing in with `provider`."""
    return (f"sign_in:\n  issuer: {provider.issuer}\n  client_id: {client_id}\n"
            f"  address: {address}\n  scope: openid email profile groups\n"
            f"{sign_in_extra}{roles}")


@contextmanager
def start_editor(provider: Provider, folder: Path, roles: str = ACCESS,
                 sign_in_extra: str = "", args: tuple[str, ...] = (),
                 env: Mapping[str, str] | None = None, port: int | None = None,
                 address: str | None = None) -> Iterator[Editor]:
    """`policy-pack serve FOLDER --team` as its own process on a loopback port (`port`,
    or a free one), with its own client registered with `provider` and an access file of
    `roles` (YAML, the part after sign_in; `sign_in_extra`, indented two spaces, adds
    sign_in settings such as "  idle_minutes: 0.05\\n"). Stopped when the block ends.

    `address` is the editor's address as people reach it (sign_in.address, and the
    redirect URI registered with the provider): by default its own
    http://127.0.0.1:PORT; behind a proxy, the proxy's (tests/proxy: nginx started first
    in front of a `port` chosen beforehand). `Editor.url` is always its own address."""
    port = port or free_port()
    url = f"http://127.0.0.1:{port}"
    address = address or url
    client_id, client_secret = provider.register(f"{address}/signed-in")
    (folder / "team").mkdir(exist_ok=True)
    (folder / "team" / "access.yaml").write_text(
        access_text(provider, address, client_id, roles, sign_in_extra))
    log = Path(tempfile.mkstemp(prefix="policy-pack-team-", suffix=".log")[1])
    with log.open("w") as written:
        process = subprocess.Popen(
            [sys.executable, "-m", "generator", "serve", str(folder), "--team", "--port",
             str(port), "--no-browser", *args],
            env=os.environ | {"POLICY_PACK_SECRET": SECRET,
                              "POLICY_PACK_CLIENT_SECRET": client_secret,
                              "PYTHONPATH": str(ROOT)} | dict(env or {}),
            cwd=ROOT, text=True, stdout=written, stderr=subprocess.STDOUT)
    editor = Editor(url, folder, process, log)
    try:
        _wait_for(f"{url}/sign-in", process, log)
        yield editor
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def sign_in(session: requests.Session, editor_url: str, email: str,
            start: str = "/") -> requests.Response:
    """Sign `email` in to the editor at `editor_url` over HTTP, as a browser does: open
    `start`, be sent to the sign-in page, press its button (a POST with its CSRF token),
    fill the provider's login and consent forms, and come back to the editor. Returns the
    editor's page at the end (the page first asked for, once signed in); raises
    AssertionError, saying where, if the dance went another way."""
    page = session.get(f"{editor_url}{start}", timeout=30)
    assert page.url == f"{editor_url}/sign-in", (page.url, page.status_code)
    answer = session.post(f"{editor_url}/sign-in", data={"csrf_token": csrf_token(page.text)},
                          timeout=30)
    assert 'name="login"' in answer.text, (answer.url, answer.status_code, answer.text[:500])
    answer = session.post(_form_action(answer), data={
        "prompt": "login", "login": email, "password": "any"}, timeout=30)
    if 'value="consent"' in answer.text:  # the first sign-in to this client asks
        answer = session.post(_form_action(answer), data={"prompt": "consent"}, timeout=30)
    assert answer.url.startswith(editor_url), (answer.url, answer.status_code)
    return answer


def person(editor: Editor, email: str, start: str = "/") -> requests.Session:
    """A session of its own signed in to `editor` as `email` (sign_in, from `start`)."""
    session = requests.Session()
    sign_in(session, editor.url, email, start)
    return session


def words(page: str) -> str:
    """A page's text as it reads: tags as spaces, entities undone, spaces as one."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", page)).split())


def csrf_token(page: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found, page[:1000]
    return unescape(found.group(1))


def _form_action(page: requests.Response) -> str:
    found = re.search(r'<form[^>]*action="([^"]+)"', page.text)
    assert found, page.text[:500]
    return requests.compat.urljoin(page.url, unescape(found.group(1)))


def _wait_for(url: str, process: subprocess.Popen[str], log: Path | None = None,
              seconds: float = 30) -> None:
    ends = time.monotonic() + seconds
    while time.monotonic() < ends:
        if process.poll() is not None:
            out = log.read_text() if log else ""
            raise RuntimeError(f"{process.args} stopped: {out}")
        try:
            requests.get(url, timeout=2, allow_redirects=False)
            return
        except requests.ConnectionError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer within {seconds} s")
