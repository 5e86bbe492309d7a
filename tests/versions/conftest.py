"""Fixtures of the versions tests: the sample profiles in a git repository of their own."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator import versions

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Copies of the samples, committed once by versions.start as team mode's start does
    (a module needing another start, such as a global git identity, defines its own)."""
    target = tmp_path / "profiles"
    shutil.copytree(ROOT / "profiles", target)
    versions.start(target)
    return target
