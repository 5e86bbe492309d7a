"""Debian's nginx in front of the editor, as a department runs it: the site configuration the
README shows (docs/nginx.conf), started by the tests as their own process.

Nothing of the machine's nginx is touched: the process has its own prefix, main
configuration, pid file, temporary folders and logs in a folder of the test's, and listens
on free loopback ports. The certificate comes from a throwaway certificate authority
(trustme), which the tests' clients trust alone: a request that passes proves the chain a
browser would check, for the name "localhost".

The site file is used as written, with only its placeholders (name, ports, certificate
paths, the editor's address) replaced; a placeholder missing from it fails the test, so
that the README's configuration cannot drift from the one tried here.

`running_nginx` is the whole harness: `with running_nginx(editor_port, folder) as proxy:`
gives `proxy.base` (https://localhost:PORT) and `proxy.tls.ca_file` for the client. The
benchmark may reuse it.
"""

from __future__ import annotations

import os
import signal
import socket
import ssl
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
import trustme
import urllib3

ROOT = Path(__file__).resolve().parents[2]
NGINX = Path("/usr/sbin/nginx")
SITE = ROOT / "docs" / "nginx.conf"
NAME = "localhost"  # the editor's name in the tests: trustme's certificate is for it
# The lines of the access log: what nginx answered, and what the editor answered it ("-"
# when nginx answered alone and the editor never saw the request).
LOG_FORMAT = "'$status $upstream_status \"$request\" $request_length'"
MAIN = """\
worker_processes 1;
pid {folder}/nginx.pid;
{user}
events {{ worker_connections 64; }}
http {{
    log_format proxied {log_format};
    access_log {folder}/access.log proxied;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    include {folder}/site.conf;
}}
"""


@dataclass(frozen=True)
class Tls:
    """A throwaway certificate authority's certificate, and one it issued for "localhost"
    and 127.0.0.1 with its key, as files nginx and the clients read."""

    ca_file: Path
    cert_file: Path
    key_file: Path

    def context(self) -> ssl.SSLContext:
        """A client's TLS settings that trust this authority alone."""
        return ssl.create_default_context(cafile=str(self.ca_file))


@dataclass(frozen=True)
class Proxy:
    """nginx running in `folder` for the editor's `name`: https on `port`, plain http on
    `plain_port`."""

    process: subprocess.Popen[bytes]
    folder: Path
    tls: Tls
    port: int
    plain_port: int
    name: str = NAME

    @property
    def base(self) -> str:
        """The editor's address through nginx (the name must resolve: "localhost")."""
        return f"https://{self.name}:{self.port}"

    def client(self) -> requests.Session:
        """A client that trusts only the throwaway authority, and ignores the machine's
        proxy and certificate settings (requests would take REQUESTS_CA_BUNDLE and
        https_proxy from the environment over what it is given)."""
        session = requests.Session()
        session.trust_env = False
        session.verify = str(self.tls.ca_file)
        return session

    def get_by_name(self, path: str) -> urllib3.BaseHTTPResponse:
        """GET `path` for the editor's name over a connection to 127.0.0.1: for a name
        that does not resolve on this machine (a browser would have it from the DNS)."""
        pool = urllib3.HTTPSConnectionPool(
            "127.0.0.1", self.port, server_hostname=self.name, assert_hostname=self.name,
            ca_certs=str(self.tls.ca_file), cert_reqs="CERT_REQUIRED", retries=False)
        with pool:
            return pool.request("GET", path, headers={"Host": f"{self.name}:{self.port}"},
                                redirect=False)

    def log(self) -> list[str]:
        """The access log's lines so far, as LOG_FORMAT writes them."""
        path = self.folder / "access.log"
        return path.read_text().splitlines() if path.exists() else []

    def logged(self, request: str, after: int, wait: float = 10) -> str:
        """The log line of a request starting `request` ("POST /p/...") among those past
        the first `after` (len(log()) before it was sent), waiting for it: nginx writes a
        line when it is done with the request, which for a body it refused is after the
        answer (it reads the rest of the body first, to close cleanly)."""
        deadline = time.monotonic() + wait
        while True:
            found = [line for line in self.log()[after:] if f'"{request}' in line]
            if found or time.monotonic() > deadline:
                assert found, (request, self.log()[-5:])
                return found[-1]
            time.sleep(0.05)

    def errors(self) -> str:
        path = self.folder / "error.log"
        return path.read_text() if path.exists() else ""


def make_tls(folder: Path, name: str = NAME) -> Tls:
    authority = trustme.CA()
    issued = authority.issue_cert(name, "127.0.0.1")
    tls = Tls(folder / "ca.pem", folder / f"{name}.pem", folder / f"{name}.key")
    authority.cert_pem.write_to_path(str(tls.ca_file))
    issued.cert_chain_pems[0].write_to_path(str(tls.cert_file))
    issued.private_key_pem.write_to_path(str(tls.key_file))
    return tls


def site_config(upstream_port: int, port: int, plain_port: int, tls: Tls,
                name: str = NAME) -> str:
    """docs/nginx.conf with its placeholders replaced by this run's: each must be there."""
    text = SITE.read_text()
    for old, new in (
        ("/etc/ssl/certs/policy.example.gov.uk.pem", str(tls.cert_file)),
        ("/etc/ssl/private/policy.example.gov.uk.key", str(tls.key_file)),
        ("policy.example.gov.uk", name),
        ("listen 443 ", f"listen 127.0.0.1:{port} "),
        ("listen 80;", f"listen 127.0.0.1:{plain_port};"),
        ("http://127.0.0.1:8000;", f"http://127.0.0.1:{upstream_port};"),
    ):
        if old not in text:
            raise AssertionError(f"{SITE} no longer holds {old!r}: change the tests' harness "
                                 "(tests/proxy/nginx.py) with it, so that it runs what the "
                                 "README shows")
        text = text.replace(old, new)
    return text


def main_config(folder: Path) -> str:
    # nginx started by root runs its workers as "nobody", who may not enter the test's
    # folder (pytest makes it 0700): the workers write large request bodies there.
    user = "user root;" if os.geteuid() == 0 else ""
    return MAIN.format(folder=folder, user=user, log_format=LOG_FORMAT)


@contextmanager
def running_nginx(upstream_port: int, folder: Path, name: str = NAME) -> Iterator[Proxy]:
    """nginx with docs/nginx.conf in front of the editor on 127.0.0.1:`upstream_port`, for
    the editor's `name`, stopped (only the process started here) when the block ends."""
    if not NGINX.exists():
        pytest.fail(f"Debian's nginx is not installed ({NGINX}): `make test` installs "
                    "nginx-light")
    folder.mkdir(parents=True, exist_ok=True)
    tls = make_tls(folder, name)
    proxy = _start(upstream_port, folder, tls, name)
    try:
        yield proxy
    finally:
        _stop(proxy.process)


def _start(upstream_port: int, folder: Path, tls: Tls, name: str, tries: int = 3) -> Proxy:
    """Start nginx on two free ports; again on others if one was taken meanwhile."""
    for _ in range(tries):
        port, plain_port = _free_port(), _free_port()
        (folder / "site.conf").write_text(site_config(upstream_port, port, plain_port, tls, name))
        (folder / "nginx.conf").write_text(main_config(folder))
        (folder / "error.log").unlink(missing_ok=True)
        process = subprocess.Popen(
            [str(NGINX), "-p", str(folder), "-c", str(folder / "nginx.conf"),
             "-e", str(folder / "error.log"), "-g", "daemon off;"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        proxy = Proxy(process, folder, tls, port, plain_port, name)
        if _listening(proxy):
            return proxy
        _stop(process)
        if "Address already in use" not in proxy.errors():
            break
    raise AssertionError(f"nginx did not start:\n{proxy.errors()}")


def _listening(proxy: Proxy, wait: float = 15) -> bool:
    deadline = time.monotonic() + wait
    while time.monotonic() < deadline and proxy.process.poll() is None:
        try:
            with socket.create_connection(("127.0.0.1", proxy.port), timeout=1):
                return True
        except OSError:
            time.sleep(0.05)
    return False


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _stop(process: subprocess.Popen[bytes]) -> None:
    """SIGQUIT, nginx's graceful stop, to this process alone; SIGKILL if it lingers."""
    if process.poll() is None:
        process.send_signal(signal.SIGQUIT)
    try:
        process.wait(15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(10)
