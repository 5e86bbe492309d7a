"""Safe on a laptop and on a shared host (web-editor.md, decision 6), in Jupyter's manner.

- A random token per run, printed with the address, is exchanged once for an HttpOnly,
  SameSite=Strict cookie; the redirect that sets it drops the token from the address bar
  (and so from the history). Every request but the static files needs that cookie.
- The key is traded once (issue 24): after the first browser has it, the address lets no
  other in. The same browser opening it again (a second click on the printed link) is
  simply shown the page, as it holds the cookie already; another browser is told to use
  the window already signed in, or to start the editor again for a new address. A key
  copied from the terminal's scrollback, a shell history or the browser's own history
  later is worth nothing.
- A form refused for its CSRF token or the missing cookie (a page left open across a
  restart) keeps its answers: see `rescue`, and `SIGN_IN`, the one POST taken without the
  cookie, which trades a new key and sends the answers on.
- A Host allow-list: a web page elsewhere cannot reach the editor by pointing its own name
  at 127.0.0.1 (DNS rebinding). Werkzeug's TRUSTED_HOSTS cannot hold the IPv6 loopback, so
  the check is ours.
- CSRF on every POST (Flask-WTF), a Content-Security-Policy with no inline script, no
  referrer, and no caching of pages that hold a profile's text.
"""

from __future__ import annotations

import hmac
import re
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import parse_qs, urlsplit

from flask import Flask, Response, abort, current_app, redirect, request
from flask_wtf.csrf import CSRFProtect
from werkzeug.wrappers import Response as Answer

COOKIE = "policy_pack_editor"  # with the run's own suffix: two editors on one machine
# (one port each) would otherwise sign each other out, as a browser's cookies ignore ports
PAGE_POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
               "font-src 'self'; frame-src 'self'; frame-ancestors 'none'; form-action 'self'; "
               "base-uri 'none'; object-src 'none'")
# A preview is the policy page itself: its own styles and fonts inline, no script at all
# (the sandbox directive stops scripts even if one got in), shown only inside the editor.
PREVIEW_POLICY = ("default-src 'none'; style-src 'unsafe-inline'; font-src 'self' data:; "
                  "img-src data:; frame-ancestors 'self'; base-uri 'none'; sandbox")
# A review's pages link to each other (the matrix to each comparison). A sandbox without
# allow-same-origin gives the frame an opaque origin, whose links arrive as cross-site and
# so without the SameSite=Strict cookie: refused. Same origin with still no script at all
# is safe: nothing in the frame can act on what it may reach. Its links to the review's
# own files (matrix.xlsx, redline.docx) save them, which a sandbox allows only when told.
REVIEW_POLICY = PREVIEW_POLICY.replace("sandbox", "sandbox allow-same-origin allow-downloads")


@dataclass(frozen=True)
class Access:
    """Who may use this run of the editor: the token, and the names it may be reached by."""

    token: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    cookie: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    cookie_name: str = field(default_factory=lambda: f"{COOKIE}_{secrets.token_hex(4)}")
    hosts: frozenset[str] = frozenset()  # host names, without the port


SIGN_IN = "/sign-in-again"  # the one POST taken without the cookie: it brings the key
KEY_FIELD = "editor_address"  # the rescue form's box for the address the editor printed
THEN_FIELD = "send_to"  # the page the kept answers go to once signed in
Trade = Literal["traded", "used", "wrong"]


class Gate:
    """The key's one trade for the cookie: the only state of the security checks that
    changes during a run, so guarded by a lock (waitress serves from several threads)."""

    def __init__(self, access: Access) -> None:
        self.access = access
        self._lock = threading.Lock()
        self._used = False

    def trade(self, given: str) -> Trade:
        if not hmac.compare_digest(given.encode(), self.access.token.encode()):
            return "wrong"
        with self._lock:
            if self._used:
                return "used"
            self._used = True
        return "traded"

    def admitted(self) -> bool:
        """Whether this request carries the cookie of this run."""
        held = request.cookies.get(self.access.cookie_name, "")
        return hmac.compare_digest(held.encode(), self.access.cookie.encode())

    def let_in(self, answer: Answer) -> Answer:
        answer.set_cookie(self.access.cookie_name, self.access.cookie, httponly=True,
                          samesite="Strict", path="/")
        return answer


def gate() -> Gate:
    gate: Gate = current_app.extensions["policy_pack_gate"]
    return gate


def loopback_hosts() -> frozenset[str]:
    return frozenset({"127.0.0.1", "localhost", "[::1]", "::1"})


def protect(app: Flask, access: Access) -> None:
    """Install the checks on every request and the headers on every response."""
    app.secret_key = secrets.token_bytes(32)  # signs the CSRF tokens; new each run
    # The session holds only the CSRF token's secret. Strict, as the key's cookie, and
    # named for the run: two editors on one machine would otherwise overwrite each
    # other's (a browser's cookies ignore ports) and every form would have expired.
    app.config.update(WTF_CSRF_TIME_LIMIT=None, WTF_CSRF_SSL_STRICT=False,
                      SESSION_COOKIE_SAMESITE="Strict",
                      SESSION_COOKIE_NAME=f"{access.cookie_name}_session")
    app.extensions["policy_pack_gate"] = Gate(access)
    CSRFProtect(app)
    app.before_request(lambda: _admit(access))
    app.after_request(_headers)
    app.add_url_rule(SIGN_IN, "sign_in_again", _sign_in_again, methods=["POST"])


def protect_team(app: Flask, hosts: frozenset[str], admit: Callable[[], Answer | None],
                 check: Callable[[], None], sign_in_origins: tuple[str, ...]) -> None:
    """Team mode's checks (team/signin.py): the Host allow-list, then `admit` (who is
    signed in), then `check` (may they do what the page does), then the CSRF token of
    every POST: in that order, so that a form sent after its sign-in ended is answered
    with its answers kept, not with "the form had expired"."""
    app.before_request(lambda: _known_host(hosts))
    app.before_request(admit)
    app.before_request(check)
    CSRFProtect(app)
    # The sign-in button's form is answered with a redirect to the provider, which a
    # browser checks against form-action too (CSP 3): the provider's origins are allowed.
    policy = PAGE_POLICY.replace("form-action 'self'",
                                 " ".join(("form-action 'self'", *sign_in_origins)))

    def headers(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", policy)
        return _headers(response)

    app.after_request(headers)


def _known_host(hosts: frozenset[str]) -> None:
    if _host_name(request.host).lower() not in hosts:
        abort(400, "unknown-host")


def _admit(access: Access) -> Answer | None:
    """Refuse a foreign Host; trade the key for the cookie; refuse a request without it."""
    if _host_name(request.host) not in access.hosts:
        abort(400, "unknown-host")
    given = request.args.get("token")
    if given is not None:
        if not gate().admitted():  # the same browser again: in already, nothing to trade
            outcome = gate().trade(given)
            if outcome != "traded":
                abort(403, "key-used" if outcome == "used" else None)
        # The key leaves the address bar and history.
        return gate().let_in(redirect(request.path, 303))
    if request.path.startswith("/static/"):
        return None  # the editor's public CSS, script and fonts
    if request.path == SIGN_IN and request.method == "POST":
        return None  # it brings the key (and passed the CSRF check, as every POST)
    if not gate().admitted():
        abort(403)
    return None


def _sign_in_again() -> Answer:
    """The rescue form's answer: trade the key in the address given, then send the kept
    answers on to their page. A 307 has the browser send the same form again, to the
    page, with the cookie just set: the page then decides what to write, as for any save.
    (The form carries a CSRF token of this run, given by the rescue page, so it passed.)
    A key that is wrong or used shows the rescue page again, saying so."""
    then = request.form.get(THEN_FIELD, "")
    if not _local(then):
        abort(400)
    if not gate().admitted():
        outcome = gate().trade(key_in(request.form.get(KEY_FIELD, "")))
        if outcome != "traded":
            abort(403, f"sign-in-{outcome}")
    return gate().let_in(redirect(then, 307))


def key_in(address: str) -> str:
    """The key in what was pasted: the whole address the editor printed, or the key."""
    address = address.strip()
    found = parse_qs(urlsplit(address).query).get("token")
    return found[0] if found else address


_OWN_PATH = re.compile(r"/[A-Za-z0-9_~-][A-Za-z0-9._~/-]*")


def local_path(path: str) -> bool:
    """Whether `path` is one of this server's own paths (`_local`): a page to go on to."""
    return _local(path)


def _local(path: str) -> bool:
    """A path on this server, and not the sign-in itself. Only the characters the editor's
    own paths use: a browser drops tabs and line breaks and reads a backslash as a slash,
    so a slash, a tab and a slash, or a slash and a backslash, would lead off the server."""
    return _OWN_PATH.fullmatch(path) is not None and "//" not in path \
        and "/." not in path and not path.startswith(SIGN_IN)  # no dot segments either


def rescue_action() -> str | None:
    """Where the answers of the refused POST being answered should go once signed in, or
    None when they are not to be kept: not a POST, or a POST another site made (Fetch
    Metadata: a browser says where a request came from; the answers of a form another
    site sent are not the person's, and offering to apply them would be the very forgery
    the CSRF token stops). A browser too old to say is taken at its word; it must still
    be given this run's key, which another site cannot know."""
    if request.method != "POST" or request.headers.get("Sec-Fetch-Site", "same-origin") \
            != "same-origin":
        return None
    if request.path == SIGN_IN:
        then = request.form.get(THEN_FIELD, "")
        return then if _local(then) else None
    action = request.full_path.removesuffix("?")
    return action if _local(action) else None


def _headers(response: Response) -> Response:
    if "Content-Security-Policy" not in response.headers:
        response.headers["Content-Security-Policy"] = PAGE_POLICY
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
    if not request.path.startswith("/static/"):
        response.headers["Cache-Control"] = "no-store"
    elif request.path.startswith("/static/fonts/"):
        # The preview frame has an opaque origin (sandbox): its font requests are
        # cross-origin, and fonts need CORS. They are the bundled OFL fonts: public.
        response.headers["Access-Control-Allow-Origin"] = "*"
    return response


def _host_name(host: str) -> str:
    """The name in a Host header, without its port: `[::1]:8000` -> `[::1]`."""
    if host.startswith("["):
        return host[: host.find("]") + 1]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host
