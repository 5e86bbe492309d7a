"""The name nginx serves must be one the editor allows (`--allowed-host`): a technician
who gives the editor another name gets the editor's refusal, through nginx, in the words
the README's checklist quotes. Proves the editor's own Host check still works behind the
proxy (nginx passes the name the browser used, not its own)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.proxy.conftest import port_of
from tests.proxy.nginx import running_nginx
from tests.serve.browser import start_server
from tests.serve.conftest import copy_samples

pytestmark = pytest.mark.renders


def test_a_name_the_editor_was_not_given_is_refused_through_nginx(tmp_path: Path) -> None:
    folder = tmp_path / "profiles"
    folder.mkdir()
    copy_samples(folder)
    editor = start_server(folder, "--host", "127.0.0.1", "--allowed-host",
                          "policy.example.gov.uk")
    try:
        with running_nginx(port_of(editor.base), tmp_path / "nginx",
                           name="policy.test") as proxy:
            before = len(proxy.log())
            refused = proxy.get_by_name("/")
            assert refused.status == 400
            assert refused.data.decode() == "This editor is not served under that name."
            assert proxy.logged("GET / ", before).startswith("400 400 ")  # the editor's
    finally:
        editor.stop()
