"""Fixtures of the team editor's tests: one OpenID provider for the whole session (see
harness.py), and the samples copied into a folder for each module's editor."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.serve.conftest import copy_samples
from tests.team.harness import Provider, start_provider, stop_provider


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
