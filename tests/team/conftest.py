"""Fixtures of the team editor's tests: one OpenID provider for the whole session (see
harness.py), the samples copied into a folder for each module's editor, and that editor
with the default roles (a module wanting other roles, or the folder changed first,
defines its own `editor`)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.serve.conftest import copy_samples
from tests.team.harness import Editor, Provider, start_editor, start_provider, stop_provider


@pytest.fixture(scope="session")
def provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Provider]:
    """npm's oidc-provider, running for the whole session (harness.start_provider)."""
    running = start_provider(tmp_path_factory.mktemp("provider"))
    yield running
    stop_provider(running)


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
