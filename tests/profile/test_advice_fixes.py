"""Advice that fixes what it points at (issue 28): doing exactly what a hint says makes that
fault go away and makes no new one on its line, so advice can never loop.

Every refused case of the table whose fault is in what was typed carries its corrected line
(`Problem.fix`); here each is applied mechanically, the profile checked again, and nothing
may be reported on that line. Warnings that carry a line are held to the same rule.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.errors import Problem, ProfileError
from generator.policy import available_editions
from generator.profile import check_profile
from tests.conftest import ROOT, TODAY
from tests.profile.hostile_cases import CASES, Case
from tests.profile.people_cases import WARNED, Warned
from tests.profile.test_hostile import lay_out

# Faults in what was typed, which a corrected line can put right.
TYPED = {"malformed YAML", "tabs", "Word paste", "advice", "non-UTF-8", "control characters",
         "bidi override", "missing space", "list indentation", "duplicate keys", "dates",
         "yes and no", "BOM"}
# Cases of those kinds whose advice is not one line: a second document to move to a file of
# its own, a value to write in other words, a link to name, a flood of no-break spaces to
# replace at once, an escape inside quotes.
NO_LINE = {"two-documents", "language-words", "bad-link-on-its-line", "email-with-mailto",
           "no-break-space-flood", "escape-control", "line-without-colon"}
# Cases whose profile has a second fault of its own on the fixed line, which the syntax
# fault hid: an entry with one key, so with no `role` (a one-key entry is the only place a
# key with no space after its colon reads as text rather than failing to parse); a key the
# profile format does not have; an email address that is not one.
ALSO_FAULTY = {"only-key-no-space": "is missing", "en-dash-only-entry": "is missing",
               "unclosed-bracket": "unknown key `extra`",
               "colon-in-list-entry": "`Digital: digital@doe.example` is not an email address"}
FIXABLE = [c for c in CASES if c.category in TYPED and c.id not in NO_LINE]


def _problems(folder: Path) -> list[Problem]:
    """Everything check says about p.yaml in `folder`: its errors, or its warnings."""
    try:
        return list(check_profile(Path("p.yaml"), available_editions(), TODAY).warnings)
    except ProfileError as exc:
        return list(exc.problems)


def _apply(path: Path, problem: Problem) -> None:
    """Write the problem's corrected line in place of its line, byte for byte elsewhere."""
    assert problem.fix is not None
    lines = path.read_bytes().split(b"\n")
    ending = b"\r" if lines[problem.line - 1].endswith(b"\r") else b""
    lines[problem.line - 1] = problem.fix.encode("utf-8") + ending
    path.write_bytes(b"\n".join(lines))


def test_the_table_has_the_cases_of_the_user_trial() -> None:
    ids = {c.id for c in CASES}
    assert {"first-key-no-space", "colon-in-curly-quotes", "en-dash-list-mark",
            "windows-1252-quotes", "date-day-first", "key-typed-twice-in-block",
            "list-item-too-far-in", "flag-yes"} <= ids
    assert len(FIXABLE) >= 60


@pytest.mark.parametrize("case", FIXABLE, ids=[c.id for c in FIXABLE])
def test_the_advised_line_fixes_the_fault_and_makes_none_there(
        case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = lay_out(tmp_path, case)
    monkeypatch.chdir(folder)
    seen: set[tuple[int, str]] = set()
    for _ in range(6):  # follow the advice the way a person would, one fix at a time
        found = [p for p in _problems(folder) if p.severity == "error"]
        if not found:
            return
        first = next((p for p in found if p.fix is not None), None)
        if not seen:
            assert first is not None and first == found[0], f"no corrected line: {found[0]}"
        if first is None:
            return  # what is left is not a typing slip (another case's business)
        assert (first.line, first.message) not in seen, f"the advice loops: {first}"
        seen.add((first.line, first.message))
        _apply(folder / "p.yaml", first)
        again = [p for p in _problems(folder) if p.line == first.line and p.path == first.path
                 and p.message != ALSO_FAULTY.get(case.id)]
        assert not again, f"after {first.fix!r}: {[str(p) for p in again]}"


FIXED_WARNINGS = [w for w in WARNED if w.id.startswith(("curly", "hashtag"))]


@pytest.mark.parametrize("case", FIXED_WARNINGS, ids=[w.id for w in FIXED_WARNINGS])
def test_a_warning_s_line_takes_the_warning_away(
        case: Warned, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = lay_out(tmp_path, Case("w", "", case.profile, ""))
    monkeypatch.chdir(folder)
    [warned] = [p for p in _problems(folder) if p.fix is not None]
    _apply(folder / "p.yaml", warned)
    assert not [str(p) for p in _problems(folder) if p.line == warned.line]


def test_the_user_trial_s_profile_is_told_the_line_and_column_of_its_missing_space(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The trial's exact slip: the block's first key, on the line of its fault, not the
    line after it with advice to quote a value that was right."""
    text = (ROOT / "profiles" / "dwp.yaml").read_text("utf-8")
    assert "  name: Department for Work and Pensions\n" in text
    slipped = text.replace("  name: Department for Work and Pensions\n",
                           "  name:Waterways and Canals Agency\n")
    folder = lay_out(tmp_path, Case("trial", "", slipped, ""))
    monkeypatch.chdir(folder)
    [problem] = _problems(folder)
    assert str(problem) == ("p.yaml:6:3: has no space after the colon of `name:` (put a "
                            "space after the colon: `name: Waterways and Canals Agency`)")
    assert problem.fix == "  name: Waterways and Canals Agency"
