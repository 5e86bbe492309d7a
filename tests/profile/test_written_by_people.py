"""`check` is `build` without the rendering, for profiles as people write them.

Every hostile case gets the same message from `check` as from `build`; what people type
on Windows and paste from Word is accepted as it should be read, or accepted with a
warning that says what will happen; two profiles with one slug are refused by check.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from generator.batch import build_all
from generator.build import Built
from generator.errors import ProfileError
from generator.policy import available_editions, merge
from generator.policy.merging import Provenance
from generator.profile import Checked, check_profile, check_profiles
from generator.render import render_html
from tests.conftest import TODAY
from tests.profile.hostile_cases import CASES, GOOD, Case, edit
from tests.profile.people_cases import (
    ACCEPTED,
    WARNED,
    WITHOUT_CHANNELS,
    WITHOUT_CONTACTS,
    Accepted,
    Warned,
)
from tests.profile.test_hostile import lay_out


def _check() -> Checked:
    """The case's profile, checked from inside its folder (messages name it p.yaml)."""
    return check_profile(Path("p.yaml"), available_editions(), TODAY)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_check_refuses_what_build_refuses_with_the_same_message(
        case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = lay_out(tmp_path, case)
    monkeypatch.chdir(folder)
    with pytest.raises(ProfileError) as refused:
        _check()
    assert str(refused.value) == case.expected


@pytest.mark.parametrize("case", ACCEPTED, ids=[c.id for c in ACCEPTED])
def test_what_people_type_is_accepted_as_they_meant_it(
        case: Accepted, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = lay_out(tmp_path, Case(case.id, "", case.profile, "", dict(case.files)))
    monkeypatch.chdir(folder)
    checked = _check()
    assert case.holds(checked.profile)


@pytest.mark.parametrize("case_id", ["windows-line-endings", "notepad-unicode",
                                     "emoji-and-symbols", "word-bullets", "other-scripts",
                                     "farsi-zero-width-non-joiner", "windows-logo-path"])
def test_accepted_profiles_build(case_id: str, tmp_path: Path) -> None:
    case = next(c for c in ACCEPTED if c.id == case_id)
    folder = lay_out(tmp_path, Case(case.id, "", case.profile, "", dict(case.files)))
    [result] = build_all([folder / "p.yaml"], tmp_path / "out", TODAY)
    assert isinstance(result, Built), getattr(result, "error", "")


@pytest.mark.parametrize("case", WARNED, ids=[c.id for c in WARNED])
def test_what_will_print_oddly_gets_a_warning(
        case: Warned, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = lay_out(tmp_path, Case(case.id, "", case.profile, "", dict(case.files)))
    monkeypatch.chdir(folder)
    warnings = [str(w) for w in _check().warnings]
    assert case.expected in warnings, "\n".join(warnings)


@pytest.mark.parametrize(("profile", "says", "never"), [
    (WITHOUT_CONTACTS, "ask your line manager or your communications team",
     "Ask one of these people"),
    (WITHOUT_CHANNELS, "has no official social media accounts yet",
     "These are the only official social media accounts"),
])
def test_a_policy_with_nothing_to_list_says_something_true(
        profile: str, says: str, never: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = lay_out(tmp_path, Case("gap", "", profile, ""))
    monkeypatch.chdir(folder)
    checked = _check()
    edition = available_editions()[checked.profile.base]
    html = render_html(merge(checked.profile, edition, None, Provenance("", "test")))
    assert says in html and never not in html


def test_two_profiles_with_one_slug_are_refused_by_check(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    folder = lay_out(tmp_path, Case("slug", "", GOOD, ""))
    (folder / "q.yaml").write_text(edit("name: Department of Examples",
                                        "name: Department of Other Examples"), "utf-8")
    monkeypatch.chdir(folder)
    results = check_profiles([Path("p.yaml"), Path("q.yaml")], available_editions(), TODAY)
    assert isinstance(results[0][1], Checked)
    assert str(results[1][1]) == ("q.yaml:6:9: department.slug: `doe` is also the slug of "
                                  "p.yaml (give each profile its own slug: it names the folder "
                                  "its pack is written to)")


def test_check_with_no_argument_checks_profiles(tmp_path: Path) -> None:
    folder = lay_out(tmp_path, Case("default", "", GOOD, ""))
    (folder / "profiles").mkdir()
    (folder / "p.yaml").rename(folder / "profiles" / "p.yaml")
    (folder / "logo.svg").rename(folder / "profiles" / "logo.svg")
    done = subprocess.run([sys.executable, "-m", "generator", "check"], cwd=folder,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "profiles/p.yaml: ok\n"
