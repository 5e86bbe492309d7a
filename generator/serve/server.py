"""`policy-pack serve`: the editor under waitress, a production WSGI server (threads, request
and connection limits, no debugger), bound to the loopback address unless told otherwise.

Start-up is kept short (the address is printed within about a second): WeasyPrint and the
worker processes are loaded only when the first pack is asked for.
"""

from __future__ import annotations

import webbrowser
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from waitress.server import create_server

from generator.errors import UsageError
from generator.serve.app import create_app
from generator.serve.security import Access, loopback_hosts
from generator.serve.workspace import Settings

LOOPBACK = "127.0.0.1"


@dataclass(frozen=True)
class Options:
    folder: Path
    host: str = LOOPBACK
    port: int = 8000
    allowed_hosts: tuple[str, ...] = ()
    read_only: bool = False
    open_browser: bool = True


def serve(options: Options, say: Callable[[str], None] = print) -> None:
    """Serve until Ctrl-C (KeyboardInterrupt reaches the caller, after the server closed)."""
    if not options.folder.is_dir():
        raise UsageError(f"{options.folder}: no such folder of profiles")
    if options.host != LOOPBACK and not options.allowed_hosts:
        raise UsageError("serving on another address than 127.0.0.1 needs --allowed-host "
                         "with each name people will use to reach it")
    access = Access(hosts=_hosts(options.allowed_hosts))
    app = create_app(Settings(options.folder.resolve(), options.read_only), access)
    server = create_server(app, host=options.host, port=options.port, threads=4,
                           max_request_body_size=app.config["MAX_CONTENT_LENGTH"],
                           ident="policy-pack")
    shown_host = options.host if options.host != LOOPBACK else "127.0.0.1"
    port = server.effective_port  # the port chosen, when --port 0 asked for any free one
    address = f"http://{_bracketed(shown_host)}:{port}/?token={access.token}"
    mode = " (read-only: reviews and previews)" if options.read_only else ""
    say(f"policy-pack editor{mode} for {options.folder}/ at:\n  {address}\n"
        "Open that address (it carries a one-time key); press Ctrl+C here to stop.")
    if options.open_browser:
        webbrowser.open(address)
    try:
        server.run()
    finally:
        server.close()


def _hosts(allowed: Iterable[str]) -> frozenset[str]:
    return loopback_hosts() | {_bracketed(h.strip().lower()) for h in allowed if h.strip()}


def _bracketed(host: str) -> str:
    return f"[{host}]" if ":" in host and not host.startswith("[") else host
