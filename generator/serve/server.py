"""`policy-pack serve`: the editor under waitress, a production WSGI server (threads, request
and connection limits, no debugger), bound to the loopback address unless told otherwise.

Start-up is kept short (the address is printed within about a second): this process never
loads WeasyPrint; the pack's worker process starts loading it in the background once the
address is printed, so the first pack does not wait for it.
"""

from __future__ import annotations

import signal
import webbrowser
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from waitress.server import create_server

from generator.errors import UsageError
from generator.serve import pack_making
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


def serve(options: Options, say: Callable[[str], None] | None = None) -> None:
    """Serve until Ctrl+C; `say` shows the address (default: printed at once, even into a
    pipe, so a script can read it)."""
    say = say or _print
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
    # The name people use: this machine's loopback, or the first name they were given.
    shown = options.host if options.host == LOOPBACK else options.allowed_hosts[0]
    port = server.effective_port  # the port chosen, when --port 0 asked for any free one
    address = f"http://{_bracketed(shown)}:{port}/?token={access.token}"
    mode = " (read-only: reviews and previews)" if options.read_only else ""
    signal.signal(signal.SIGTERM, _interrupt)  # a service manager's stop: as Ctrl+C
    try:
        say(f"policy-pack editor{mode} for {options.folder}/ at:\n  {address}\n"
            "Open that address (it carries this run's key); press Ctrl+C here to stop.")
        if not options.read_only:
            pack_making.warm_pool()  # in the background: the address is already printed
        if options.open_browser:
            webbrowser.open(address)
        server.run()  # waitress ends its loop on Ctrl+C (KeyboardInterrupt) and returns
    except KeyboardInterrupt:
        pass  # Ctrl+C before the loop began: the same clean stop
    finally:
        server.close()
    say("policy-pack editor stopped")


def _interrupt(signum: int, frame: object) -> None:
    """SIGTERM, as Ctrl+C: the loop ends and the pack's workers are shut down with it."""
    raise KeyboardInterrupt


def _print(text: str) -> None:
    print(text, flush=True)


def _hosts(allowed: Iterable[str]) -> frozenset[str]:
    return loopback_hosts() | {_bracketed(h.strip().lower()) for h in allowed if h.strip()}


def _bracketed(host: str) -> str:
    return f"[{host}]" if ":" in host and not host.startswith("[") else host
