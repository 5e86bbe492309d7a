"""`policy-pack serve`: the editor under waitress, a production WSGI server (threads, request
and connection limits, no debugger), bound to the loopback address unless told otherwise.

The key is never put on a command line: a browser opened by the editor is given a file
readable by this user alone that sends it on to the address (Jupyter's way), since a
browser's command line can be read by every user of the machine (`ps`).

Start-up is kept short (the address is printed within about a second): this process never
loads WeasyPrint; the pack's worker process starts loading it in the background once the
address is printed, so the first pack does not wait for it.
"""

from __future__ import annotations

import html
import os
import signal
import tempfile
import webbrowser
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from flask import Flask
from waitress.server import create_server
from werkzeug.middleware.proxy_fix import ProxyFix

from generator import versions
from generator.errors import UsageError
from generator.serve import pack_making
from generator.serve.app import create_app, create_team_app
from generator.serve.security import Access, loopback_hosts
from generator.serve.workspace import Settings

if TYPE_CHECKING:
    from _typeshed.wsgi import WSGIApplication

LOOPBACK = "127.0.0.1"
SECRET_LENGTH = 32  # POLICY_PACK_SECRET's least length (design29.md)
SECRETS = ("POLICY_PACK_SECRET", "POLICY_PACK_CLIENT_SECRET")  # read once, then removed
# What waitress reads of a request's body before the editor answers: far above the
# editor's own limits (app.py), so that a large upload or form is answered with the
# editor's page that says the limit, not waitress's bare "Request Entity Too Large". Past
# it, waitress answers so: a body of that size is no mistake of a person's.
READ_LIMIT = 64 * 1024 * 1024
# The page a browser opened by the editor is given: it goes on to the address at once.
# (A file: page may send a browser on to http://127.0.0.1; the key stays off every
# command line.) The link is for a browser that does not follow the refresh.
OPENER = """<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8">
<meta http-equiv="refresh" content="0;url={address}">
<title>policy-pack editor</title></head>
<body><p><a href="{address}">Open the policy-pack editor</a></p></body></html>
"""


@dataclass(frozen=True)
class Options:
    folder: Path
    host: str = LOOPBACK
    port: int = 8000
    allowed_hosts: tuple[str, ...] = ()
    read_only: bool = False
    open_browser: bool = True
    team: bool = False  # a team's editor: sign-in and roles (team/access.yaml)
    behind_proxy: bool = False  # trust one reverse proxy's X-Forwarded-* headers


def serve(options: Options, say: Callable[[str], None] | None = None) -> None:
    """Serve until Ctrl+C; `say` shows the address (default: printed at once, even into a
    pipe, so a script can read it)."""
    say = say or _print
    if not options.folder.is_dir():
        raise UsageError(f"{options.folder}: no such folder of profiles")
    if options.host != LOOPBACK and not options.allowed_hosts and not options.team:
        raise UsageError("serving on another address than 127.0.0.1 needs --allowed-host "
                         "with each name people will use to reach it")
    if options.team:
        app, team_address = _team_app(options)
    else:
        access = Access(hosts=_hosts(options.allowed_hosts))
        app = create_app(Settings(options.folder.resolve(), options.read_only), access)
    served: WSGIApplication = app.wsgi_app
    if options.behind_proxy:  # one proxy's X-Forwarded-For, -Proto and -Host, no more
        app.wsgi_app = ProxyFix(served, x_for=1, x_proto=1, x_host=1)  # type: ignore[method-assign]
    server = create_server(app, host=options.host, port=options.port, threads=4,
                           max_request_body_size=READ_LIMIT, ident="policy-pack",
                           # waitress drops every X-Forwarded-* header unless told
                           # not to: ProxyFix, not waitress, trusts the one proxy.
                           clear_untrusted_proxy_headers=not options.behind_proxy)
    mode = " (read-only: reviews and previews)" if options.read_only else ""
    if options.team:
        address = team_address  # the address people use, from the access file
        mode = " for a team (people sign in)" + mode
    else:
        # The name people use: this machine's loopback, or the first name they were given.
        shown = options.host if options.host == LOOPBACK else options.allowed_hosts[0]
        port = server.effective_port  # the port chosen, when --port 0 asked for any
        address = f"http://{_bracketed(shown)}:{port}/?token={access.token}"
    signal.signal(signal.SIGTERM, _interrupt)  # a service manager's stop: as Ctrl+C
    opener: Path | None = None
    try:
        say(f"policy-pack editor{mode} for {options.folder}/ at:\n  {address}\n"
            + ("People open that address and sign in; press Ctrl+C here to stop."
               if options.team else
               "Open that address (it carries this run's key); press Ctrl+C here to stop."))
        if not options.read_only:
            pack_making.warm_pool()  # in the background: the address is already printed
        if options.open_browser and not options.team:
            opener = open_browser(address)
        server.run()  # waitress ends its loop on Ctrl+C (KeyboardInterrupt) and returns
    except KeyboardInterrupt:
        pass  # Ctrl+C before the loop began: the same clean stop
    finally:
        server.close()
        if opener is not None:
            opener.unlink(missing_ok=True)
    say("policy-pack editor stopped")


def _team_app(options: Options) -> tuple[Flask, str]:
    """A team's editor: the access file and the secrets read, the provider's settings
    fetched; a UsageError or AccessError in plain words when any of them is wrong."""
    # Here, not at the top: the sign-in's libraries (Authlib, requests) cost a laptop's
    # editor a tenth of a second at every start, for nothing.
    from generator.serve.team import AccessFile, TeamSetup, read_team
    folder = options.folder.resolve()
    secret = os.environ.get("POLICY_PACK_SECRET", "")
    client_secret = os.environ.get("POLICY_PACK_CLIENT_SECRET", "")
    # Out of the environment once read: every child (git for each save, the pack's
    # workers) inherits os.environ, and neither needs to sign a cookie or be the client.
    for name in SECRETS:
        os.environ.pop(name, None)
    missing = [name for name, value in (("POLICY_PACK_SECRET", secret),
                                        ("POLICY_PACK_CLIENT_SECRET", client_secret))
               if not value]
    if missing:
        raise UsageError(f"team mode cannot start: set {' and '.join(missing)} in the "
                         "environment (secrets are never read from a file or the command "
                         "line). POLICY_PACK_SECRET signs the sign-in cookies: at least "
                         f"{SECRET_LENGTH} random characters, for example from `python3 -c "
                         "'import secrets; print(secrets.token_urlsafe(48))'`.")
    if len(secret) < SECRET_LENGTH:
        raise UsageError(f"team mode cannot start: POLICY_PACK_SECRET is {len(secret)} "
                         f"characters long; it must be at least {SECRET_LENGTH}, random "
                         "(for example from `python3 -c 'import secrets; "
                         "print(secrets.token_urlsafe(48))'`)")
    team = read_team(folder, os.environ)
    # Before anyone signs in: the folder's history starts with the profiles as they are,
    # so that the first save's commit holds only that save (GitError, in words, if not).
    versions.start(folder)
    # The address's host name, and any other given: not the loopback names, which the
    # laptop's editor allows (nobody reaches a team's editor by them but a proxy, which
    # passes on the name people used).
    hosts = frozenset({_bracketed(team.sign_in.host)}) | {
        _bracketed(h.strip().lower()) for h in options.allowed_hosts if h.strip()}
    setup = TeamSetup(AccessFile(folder, team, dict(os.environ)), secret, client_secret,
                      hosts)
    app = create_team_app(Settings(folder, options.read_only), setup)
    return app, f"{team.sign_in.address}/"


def open_browser(address: str,
                 launch: Callable[[str], object] = webbrowser.open) -> Path:
    """Open the default browser on `address` without putting it (and its key) on the
    browser's command line: the browser is given a page, readable by this user alone
    (mkstemp makes it 0600), that sends it on. The page is removed when the editor stops;
    by then its key has been traded and lets nobody in."""
    handle, name = tempfile.mkstemp(prefix="policy-pack-open-", suffix=".html")
    with os.fdopen(handle, "w", encoding="utf-8") as page:
        page.write(OPENER.format(address=html.escape(address, quote=True)))
    path = Path(name)
    launch(path.as_uri())
    return path


def _interrupt(signum: int, frame: object) -> None:
    """SIGTERM, as Ctrl+C: the loop ends and the pack's workers are shut down with it."""
    raise KeyboardInterrupt


def _print(text: str) -> None:
    print(text, flush=True)


def _hosts(allowed: Iterable[str]) -> frozenset[str]:
    return loopback_hosts() | {_bracketed(h.strip().lower()) for h in allowed if h.strip()}


def _bracketed(host: str) -> str:
    return f"[{host}]" if ":" in host and not host.startswith("[") else host
