"""Shared fixtures: every sample profile built once per test session, with real renderers."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.audit.html import HtmlAuditor
from generator.batch import build_all
from generator.build import Built, Failed
from generator.model import Profile
from generator.policy.editions import available_editions
from generator.profile.load import load_profile
from generator.profile.validation import validate

ROOT = Path(__file__).resolve().parent.parent
PROFILES = ROOT / "profiles"
SAMPLES = sorted(p.stem for p in PROFILES.glob("*.yaml"))
TODAY = dt.date(2026, 11, 21)


@dataclass(frozen=True)
class Pack:
    """One built sample: its profile and the paths of its outputs."""

    profile: Profile
    folder: Path
    pdf: Path
    docx: Path
    html: Path
    manifest: Path


def _packs(out: Path) -> dict[str, Pack]:
    results = build_all([PROFILES], out, TODAY)
    failures = [r for r in results if isinstance(r, Failed)]
    assert not failures, "\n".join(str(f.error) for f in failures)
    packs = {}
    for result in results:
        assert isinstance(result, Built)
        profile, _ = validate(load_profile(result.profile), available_editions(), TODAY)
        slug = profile.department.slug
        stem = result.folder / f"{slug}-social-media-policy"
        packs[result.profile.stem] = Pack(profile, result.folder, stem.with_suffix(".pdf"),
                                          stem.with_suffix(".docx"), stem.with_suffix(".html"),
                                          result.folder / "manifest.json")
    return packs


@pytest.fixture(scope="session")
def packs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Pack]:
    """Every sample profile, built once for the whole session."""
    return _packs(tmp_path_factory.mktemp("build-1"))


@pytest.fixture(scope="session")
def second_packs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Pack]:
    """The same samples built again into another folder, to prove reproducibility."""
    return _packs(tmp_path_factory.mktemp("build-2"))


@pytest.fixture(params=SAMPLES)
def pack(request: pytest.FixtureRequest, packs: dict[str, Pack]) -> Pack:
    return packs[request.param]


@pytest.fixture(scope="session")
def auditor() -> Iterator[HtmlAuditor]:
    """One headless Chromium with axe-core for the whole session."""
    with HtmlAuditor() as shared:
        yield shared


@pytest.fixture
def profile_dir(tmp_path: Path) -> Path:
    """A scratch copy of the sample profiles' folder (profiles and logos)."""
    target = tmp_path / "profiles"
    shutil.copytree(PROFILES, target)
    return target
