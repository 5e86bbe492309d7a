"""Today's editor (the key in the address, no sign-in) behind Debian's nginx with the
README's configuration (docs/nginx.conf): pages over https, a save, uploads up to the
editor's own limit, and every other way in refused. The client trusts only the tests'
throwaway certificate authority.

Each test starts nothing of its own: the editor and nginx are the module's. The editor's
start warms its pack workers (a core busy for seconds), hence `renders`, as
tests/serve/test_server.py.
"""

from __future__ import annotations

import re
import socket
import ssl
from collections.abc import Iterator

import pytest
import requests

from tests.proxy.nginx import Proxy
from tests.serve.browser import Server
from tests.serve.conftest import form_of

pytestmark = pytest.mark.renders

TRANSLATION = "/p/welsh-government.yaml/translations/cy"
MIB = 1024 * 1024
XLIFF = "application/x-xliff+xml"


@pytest.fixture(scope="module")
def browser(laptop_editor: Server, laptop_proxy: Proxy) -> Iterator[requests.Session]:
    """A browser that opened the printed address, with nginx's name and port in place of
    the editor's own: the key traded for the cookie through the proxy."""
    client = laptop_proxy.client()
    first = client.get(f"{laptop_proxy.base}/?token={laptop_editor.token}",
                       allow_redirects=False)
    assert first.status_code == 303, first.text
    # The editor sends the browser on with a relative address: it stays on https and on
    # nginx's name, never the editor's own http://127.0.0.1:PORT.
    assert first.headers["Location"] == "/"
    yield client
    client.close()


def test_the_pages_load_over_https_with_hsts(browser: requests.Session,
                                             laptop_proxy: Proxy) -> None:
    before = len(laptop_proxy.log())
    page = browser.get(f"{laptop_proxy.base}/")
    assert page.status_code == 200 and page.url == f"{laptop_proxy.base}/"
    assert "dwp.yaml" in page.text and "welsh-government.yaml" in page.text
    assert page.headers["Strict-Transport-Security"] == "max-age=63072000"
    # The editor's own headers pass through nginx untouched.
    assert page.headers["Content-Security-Policy"].startswith("default-src 'self'")
    assert page.headers["Cache-Control"] == "no-store"
    assert page.headers["Server"] == "nginx"  # no version said (server_tokens off)
    assert laptop_proxy.logged("GET / ", before).startswith("200 200 ")  # nginx, editor
    style = re.search(r'href="(/static/[^"]+\.css)"', page.text)
    assert style is not None
    assert browser.get(laptop_proxy.base + style.group(1)).status_code == 200


def test_a_save_through_nginx_passes_the_csrf_check(browser: requests.Session,
                                                    laptop_proxy: Proxy,
                                                    laptop_editor: Server) -> None:
    page = f"{laptop_proxy.base}/p/dwp.yaml/page/policy"
    data = form_of(browser.get(page).text)
    assert data["csrf_token"]
    data["policy.owner"] = "Digital Team behind nginx"
    saved = browser.post(page, data=data, allow_redirects=False)
    assert saved.status_code == 303, saved.text[:2000]
    assert not saved.headers["Location"].startswith("http:")
    text = (laptop_editor.folder / "dwp.yaml").read_text()
    assert "  owner: Digital Team behind nginx\n" in text


def test_a_save_without_the_forms_token_is_refused(browser: requests.Session,
                                                   laptop_proxy: Proxy,
                                                   laptop_editor: Server) -> None:
    """The CSRF check is not lost behind the proxy: the test above passes for its token."""
    before = (laptop_editor.folder / "dwp.yaml").read_bytes()
    page = f"{laptop_proxy.base}/p/dwp.yaml/page/policy"
    data = form_of(browser.get(page).text)
    data["csrf_token"] = "forged"
    data["policy.owner"] = "Forged"
    refused = browser.post(page, data=data, allow_redirects=False)
    assert refused.status_code == 400 and "Nothing was saved" in refused.text
    assert (laptop_editor.folder / "dwp.yaml").read_bytes() == before


def test_an_upload_up_to_the_editors_limit_reaches_the_editor(browser: requests.Session,
                                                              laptop_proxy: Proxy) -> None:
    """4 MiB, four times nginx's own default limit: the editor reads it and says why it
    is not a translation (it is not one), so nginx let it through."""
    answer, line = _upload(browser, laptop_proxy, 4 * MIB)
    assert answer.status_code == 422, answer.text[:2000]
    assert "Welsh" in answer.text and "govuk-error-summary" in answer.text
    assert line.startswith("422 422 ")


def test_an_upload_over_the_editors_limit_gets_the_editors_own_page(
        browser: requests.Session, laptop_proxy: Proxy) -> None:
    answer, line = _upload(browser, laptop_proxy, 6 * MIB)
    assert answer.status_code == 413
    assert "The selected file must be smaller than 5 MB" in answer.text
    assert "nginx" not in answer.text
    assert line.startswith("413 413 ")  # the editor's answer


def test_a_body_past_nginxs_limit_never_reaches_the_editor(browser: requests.Session,
                                                           laptop_proxy: Proxy) -> None:
    """Past 8 MiB nginx answers alone: no person's file is that large (the editor's
    largest is 5 MiB), and the editor is spared reading it."""
    answer, line = _upload(browser, laptop_proxy, 9 * MIB)
    assert answer.status_code == 413 and "nginx" in answer.text
    assert line.startswith("413 - ")


def test_plain_http_is_sent_to_https_and_never_served(laptop_proxy: Proxy) -> None:
    client = laptop_proxy.client()
    before = len(laptop_proxy.log())
    moved = client.get(f"http://localhost:{laptop_proxy.plain_port}/p/dwp.yaml?x=1",
                       allow_redirects=False)
    assert moved.status_code == 301
    assert moved.headers["Location"] == "https://localhost/p/dwp.yaml?x=1"
    wrong_port = client.get(f"http://localhost:{laptop_proxy.port}/", allow_redirects=False)
    assert wrong_port.status_code == 400 and "dwp" not in wrong_port.text
    # nginx answered both alone: the editor never saw them.
    assert laptop_proxy.logged("GET /p/dwp.yaml?x=1", before).startswith("301 - ")
    assert laptop_proxy.logged("GET / ", before).startswith("400 - ")


def test_another_name_is_refused_by_nginx_and_by_the_editor(laptop_proxy: Proxy,
                                                            laptop_editor: Server) -> None:
    """Through nginx, a request naming another site never reaches the editor (421); sent
    straight to the editor's port (from this machine: it listens on 127.0.0.1 alone), the
    editor refuses the name itself (DNS rebinding)."""
    client = laptop_proxy.client()
    before = len(laptop_proxy.log())
    proxied = client.get(f"{laptop_proxy.base}/", headers={"Host": "evil.example"})
    assert proxied.status_code == 421 and "dwp" not in proxied.text
    assert laptop_proxy.logged("GET / ", before).startswith("421 - ")
    direct = client.get(f"{laptop_editor.base}/", headers={"Host": "evil.example"})
    assert direct.status_code == 400
    assert direct.text == "This editor is not served under that name."


@pytest.mark.parametrize("name", ["evil.example", "127.0.0.1"])
def test_a_secure_connection_for_another_name_is_refused(laptop_proxy: Proxy,
                                                         name: str) -> None:
    """nginx's catch-all refuses the TLS handshake itself: nothing is sent, not even its
    certificate. (By address, with no name, too: people use the name.)"""
    context = laptop_proxy.tls.context()
    context.check_hostname = False  # it is nginx's refusal under test, not the client's
    with socket.create_connection(("127.0.0.1", laptop_proxy.port), timeout=10) as raw, \
            pytest.raises(ssl.SSLError, match="UNRECOGNIZED_NAME"):
        context.wrap_socket(raw, server_hostname=name)


def test_a_client_not_trusting_the_authority_is_stopped(laptop_proxy: Proxy) -> None:
    """The clients above pass because they trust the throwaway authority, not because
    certificates go unchecked."""
    client = requests.Session()
    client.trust_env = False
    with pytest.raises(requests.exceptions.SSLError):
        client.get(f"{laptop_proxy.base}/")


def _upload(browser: requests.Session, proxy: Proxy,
            size: int) -> tuple[requests.Response, str]:
    """A translator's file of `size` bytes sent, and nginx's log line for it."""
    page = browser.get(f"{proxy.base}/p/welsh-government.yaml/translations")
    token = form_of(page.text)["csrf_token"]
    before = len(proxy.log())
    answer = browser.post(f"{proxy.base}{TRANSLATION}", data={"csrf_token": token},
                          files={"file": ("big.xlf", b"x" * size, XLIFF)},
                          allow_redirects=False)
    return answer, proxy.logged(f"POST {TRANSLATION}", before)
