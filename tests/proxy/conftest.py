"""The editor behind Debian's nginx (tests/proxy/nginx.py): the editor started as its
command line starts it, bound to 127.0.0.1, and nginx with docs/nginx.conf in front."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from tests.proxy.nginx import NAME, Proxy, running_nginx
from tests.serve.browser import Server, start_server
from tests.serve.conftest import copy_samples
from tests.team.harness import Editor, Provider, free_port, start_editor


@pytest.fixture(scope="module")
def laptop_editor(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """Today's editor (the key in the address) as a technician would start it behind
    nginx: on 127.0.0.1, allowed the name people use."""
    folder = tmp_path_factory.mktemp("profiles")
    copy_samples(folder)
    running = start_server(folder, "--host", "127.0.0.1", "--allowed-host", NAME)
    yield running
    running.stop()


@pytest.fixture(scope="module")
def laptop_proxy(laptop_editor: Server,
                 tmp_path_factory: pytest.TempPathFactory) -> Iterator[Proxy]:
    with running_nginx(port_of(laptop_editor.base), tmp_path_factory.mktemp("nginx")) as proxy:
        yield proxy


def port_of(base: str) -> int:
    port = urlsplit(base).port
    assert port is not None, base
    return port


@pytest.fixture(scope="module")
def team_behind_nginx(provider: Provider, tmp_path_factory: pytest.TempPathFactory
                      ) -> Iterator[tuple[Editor, Proxy]]:
    """The team's editor as the README deploys it: nginx first, in front of a port chosen
    now; then `serve --team --behind-proxy` on that port, its address nginx's
    https://localhost:PORT (sign_in.address, and the redirect URI registered with the
    provider)."""
    folder = tmp_path_factory.mktemp("team-profiles")
    copy_samples(folder)
    port = free_port()
    with running_nginx(port, tmp_path_factory.mktemp("team-nginx")) as proxy, \
            start_editor(provider, folder, port=port, address=proxy.base,
                         args=("--behind-proxy",)) as editor:
        yield editor, proxy
