"""The units of every sample profile, made once for the session (a merge each: quick)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from generator.language import Unit, units
from generator.policy import available_editions
from generator.profile import check_profile
from tests.conftest import PROFILES, SAMPLES, TODAY


@dataclass(frozen=True)
class Sample:
    """A sample profile's name as a translation file names it, and its units."""

    original: str
    units: tuple[Unit, ...]


@pytest.fixture(scope="session")
def samples() -> dict[str, Sample]:
    editions = available_editions()
    found = {}
    for name in SAMPLES:
        checked = check_profile(PROFILES / f"{name}.yaml", editions, TODAY)
        profile = checked.profile
        found[name] = Sample(f"profiles/{name}.yaml",
                             units(profile, editions[profile.base], checked.logo))
    return found


@pytest.fixture(params=SAMPLES)
def sample(request: pytest.FixtureRequest, samples: dict[str, Sample]) -> Sample:
    return samples[request.param]
