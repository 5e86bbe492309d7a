"""scripts/many_departments.py: fifty departments a central reviewer could meet, each one a
profile `check` accepts, with the mix that makes review at scale a real question. No
rendering: the profiles are read and checked with generator.profile, as `check` does."""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType

import pytest

from generator.errors import ProfileError
from generator.model import Profile
from generator.policy import available_editions
from generator.profile import Checked, check_profiles, profile_files
from generator.review import profile_hash, read_signoffs, signoffs_path, state
from tests.conftest import ROOT, TODAY


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "many_departments", ROOT / "scripts" / "many_departments.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


many_departments = _script()


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return list(many_departments.write_departments(
        tmp_path_factory.mktemp("fifty"), today=TODAY))


@pytest.fixture(scope="module")
def profiles(written: list[Path]) -> list[Profile]:
    results = check_profiles(written, available_editions(), TODAY)
    refused = [f"{path}: {result}" for path, result in results
               if isinstance(result, ProfileError)]
    assert not refused, "\n".join(refused)
    return [result.profile for _, result in results if isinstance(result, Checked)]


def test_fifty_profiles_all_pass_the_check(written: list[Path],
                                            profiles: list[Profile]) -> None:
    assert len(written) == 50
    # the folder as `build` and `site` find it: the 50 profiles and nothing else
    assert profile_files([written[0].parent]) == sorted(written)
    assert len(profiles) == 50


def test_each_department_is_its_own(profiles: list[Profile]) -> None:
    for attribute in ("name", "short_name", "slug"):
        values = [getattr(p.department, attribute) for p in profiles]
        assert len(set(values)) == 50, Counter(values).most_common(3)
    accounts = [c.url for p in profiles for c in p.channels]
    assert len(set(accounts)) == len(accounts)  # no two departments share an account


def test_the_mix_of_editions_and_jurisdictions(profiles: list[Profile]) -> None:
    editions = Counter(p.base for p in profiles)
    assert set(editions) == {"2012-05", "2014-10"}
    assert editions["2014-10"] > editions["2012-05"] >= 5  # most on the newer edition
    places = Counter(p.department.jurisdiction for p in profiles)
    assert {"NI", "Wales"} <= set(places) and len(places) >= 4
    assert any(len(p.department.jurisdictions) > 1 for p in profiles)


def test_some_reviews_are_overdue(profiles: list[Profile]) -> None:
    overdue = [p for p in profiles if p.policy.review_by < TODAY]
    assert 5 <= len(overdue) <= 25, len(overdue)
    assert len({p.policy.version for p in profiles}) >= 5
    assert len({p.policy.owner for p in profiles}) >= 4


def test_approvers_recur_across_departments(profiles: list[Profile]) -> None:
    departments_by_approver: dict[str, set[str]] = {}
    for profile in profiles:
        for approval in _approvals(profile):
            departments_by_approver.setdefault(approval, set()).add(profile.department.slug)
    counts = sorted((len(d) for d in departments_by_approver.values()), reverse=True)
    assert 3 <= len(counts) <= 8  # a handful of names
    assert counts[0] >= 10 and counts[1] >= 5  # "every departure approved by X" is real


def test_departures_of_every_kind(profiles: list[Profile]) -> None:
    adaptations = [a for p in profiles for a in p.adaptations]
    assert sum(a.action == "omit" for a in adaptations) >= 10
    assert sum(a.action == "modify" for a in adaptations) >= 10
    assert any(a.title for a in adaptations)  # a heading of the department's own
    departing = sum(bool(p.adaptations or p.local_rules) for p in profiles)
    assert 0 < departing < 50  # and some adopt the base as it is


def test_central_review_is_part_way_through(written: list[Path],
                                            profiles: list[Profile]) -> None:
    states: Counter[str] = Counter()
    for path, profile in zip(written, profiles, strict=True):
        decisions = read_signoffs(signoffs_path(path.parent, profile.department.slug))
        states[state(decisions, profile_hash(path)).kind] += 1
    assert set(states) == {"accepted", "returned", "changed", "not_reviewed"}, states
    assert states["not_reviewed"] > states["accepted"] >= 5


def test_the_same_inputs_give_the_same_files(written: list[Path], tmp_path: Path) -> None:
    again = many_departments.write_departments(tmp_path, 8, today=TODAY)
    # the first 8 of 50 are the 8 of a run of 8, byte for byte
    assert [p.name for p in again] == [p.name for p in written[:8]]
    assert [p.read_bytes() for p in again] == [p.read_bytes() for p in written[:8]]
    decided = sorted((tmp_path / "signoffs").iterdir())
    assert decided and [p.read_bytes() for p in decided] == [
        (written[0].parent / "signoffs" / p.name).read_bytes() for p in decided]


def _approvals(profile: Profile) -> list[str]:
    approvals = [a.approval for a in profile.adaptations]
    approvals += [r.approval for r in profile.local_rules]
    return [a.approved_by for a in approvals if a is not None]
