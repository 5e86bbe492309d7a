"""Safe on a laptop and on a shared host (web-editor.md, decision 6), in Jupyter's manner.

- A random token per run, printed with the address, is exchanged once for an HttpOnly,
  SameSite=Strict cookie; the redirect that sets it drops the token from the address bar
  (and so from the history). Every request but the static files needs that cookie.
- A Host allow-list: a web page elsewhere cannot reach the editor by pointing its own name
  at 127.0.0.1 (DNS rebinding). Werkzeug's TRUSTED_HOSTS cannot hold the IPv6 loopback, so
  the check is ours.
- CSRF on every POST (Flask-WTF), a Content-Security-Policy with no inline script, no
  referrer, and no caching of pages that hold a profile's text.
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass, field

from flask import Flask, Response, abort, redirect, request
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
# is safe: nothing in the frame can act on what it may reach.
REVIEW_POLICY = PREVIEW_POLICY.replace("sandbox", "sandbox allow-same-origin")


@dataclass(frozen=True)
class Access:
    """Who may use this run of the editor: the token, and the names it may be reached by."""

    token: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    cookie: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    cookie_name: str = field(default_factory=lambda: f"{COOKIE}_{secrets.token_hex(4)}")
    hosts: frozenset[str] = frozenset()  # host names, without the port


def loopback_hosts() -> frozenset[str]:
    return frozenset({"127.0.0.1", "localhost", "[::1]", "::1"})


def protect(app: Flask, access: Access) -> None:
    """Install the checks on every request and the headers on every response."""
    app.secret_key = secrets.token_bytes(32)  # signs the CSRF tokens; new each run
    app.config.update(WTF_CSRF_TIME_LIMIT=None, WTF_CSRF_SSL_STRICT=False)
    CSRFProtect(app)
    app.before_request(lambda: _admit(access))
    app.after_request(_headers)


def _admit(access: Access) -> Answer | None:
    """Refuse a foreign Host; trade the key for the cookie; refuse a request without it."""
    if _host_name(request.host) not in access.hosts:
        abort(400, "unknown-host")
    given = request.args.get("token")
    if given is not None:
        if not hmac.compare_digest(given.encode(), access.token.encode()):
            abort(403)
        answer = redirect(request.path, 303)  # the key leaves the address bar and history
        answer.set_cookie(access.cookie_name, access.cookie, httponly=True,
                          samesite="Strict", path="/")
        return answer
    if request.path.startswith("/static/"):
        return None  # the editor's public CSS, script and fonts
    held = request.cookies.get(access.cookie_name, "")
    if not hmac.compare_digest(held.encode(), access.cookie.encode()):
        abort(403)
    return None


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
