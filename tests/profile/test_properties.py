"""Laws, tested on generated input (Hypothesis): the loader and validator never raise
anything but the project's own error, whatever they are given."""

from __future__ import annotations

import io
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from generator.errors import ProfileError
from generator.model import Profile
from generator.policy.editions import available_editions
from generator.profile.load import load_profile
from generator.profile.validation import (
    ADAPTATION_KEYS,
    CHANNEL_KEYS,
    CONTACT_KEYS,
    DEPARTMENT_KEYS,
    POLICY_KEYS,
    RULE_KEYS,
    TOP_KEYS,
    validate,
)
from tests.conftest import TODAY
from tests.profile.hostile_cases import GOOD

KEYS = st.sampled_from(sorted({*TOP_KEYS, *DEPARTMENT_KEYS, *POLICY_KEYS, *CHANNEL_KEYS,
                               *CONTACT_KEYS, *RULE_KEYS, *ADAPTATION_KEYS, "posting.checks"}))
SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                    st.text(max_size=30), st.sampled_from(["2012-05", "2026-01-01", "en-GB",
                                                           "omit", "modify", "UK"]))
TREES = st.recursive(
    SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.one_of(KEYS, st.text(max_size=10)), children, max_size=6)),
    max_leaves=30)
SETTINGS = settings(max_examples=300, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])


def outcome(path: Path) -> Profile | ProfileError:
    try:
        profile, _ = validate(load_profile(path), available_editions(), TODAY)
    except ProfileError as exc:
        assert exc.problems, "a ProfileError always says what is wrong"
        for problem in exc.problems:
            assert problem.line >= 1 and problem.column >= 1
        return exc
    return profile


@SETTINGS
@given(data=st.binary(max_size=2000))
def test_arbitrary_bytes(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "p.yaml"
    path.write_bytes(data)
    outcome(path)


@SETTINGS
@given(data=st.binary(max_size=200), at=st.integers(min_value=0, max_value=len(GOOD)))
def test_a_good_profile_with_bytes_spliced_in(tmp_path: Path, data: bytes, at: int) -> None:
    path = tmp_path / "p.yaml"
    good = GOOD.replace("  logo: {file: logo.svg, alt: Department of Examples logo}\n", "")
    path.write_bytes(good.encode()[:at] + data + good.encode()[at:])
    outcome(path)


@SETTINGS
@given(tree=st.dictionaries(KEYS, TREES, max_size=8))
def test_arbitrary_yaml_trees(tmp_path: Path, tree: dict[str, object]) -> None:
    stream = io.StringIO()
    YAML(typ="safe", pure=True).dump(tree, stream)
    path = tmp_path / "p.yaml"
    path.write_text(stream.getvalue(), "utf-8")
    outcome(path)
