"""Fixtures of the team editor's tests (the OpenID provider, one for the session, is in
tests/conftest.py): the samples copied into a folder for each module's editor, and that editor
with the default roles (a module wanting other roles, or the folder changed first,
defines its own `editor`)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.serve.conftest import copy_samples
from tests.team.harness import Editor, Provider, start_editor


@pytest.fixture(scope="module")
def samples(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with copies of the sample profiles, for one module's editor."""
    folder = tmp_path_factory.mktemp("team-folder")
    copy_samples(folder)
    return folder


@pytest.fixture(scope="module")
def editor(provider: Provider, samples: Path) -> Iterator[Editor]:
    """`policy-pack serve --team` over the module's samples, with harness.ACCESS's roles."""
    with start_editor(provider, samples) as running:
        yield running
