"""Advice that fixes what it points at (issue 28): doing exactly what a hint says makes that
fault go away and makes no new one anywhere, so advice can never loop.

Every refused case of the table whose fault is in what was typed carries its corrected line
(`Problem.fix`); here each is applied mechanically, the profile checked again, and no new
fault may appear on any line, until none is left; where the case says what was meant, the
value then loaded must be it. Warnings that carry a line are held to the same rule.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.errors import Problem, ProfileError
from generator.policy import available_editions
from generator.profile import check_profile
from generator.profile.load import load_profile
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
# Cases whose advice moves a list entry's first line and says its other lines move with
# it: the corrected line is that one line, so the next lines' own advice follows.
WHOLE_ENTRY = {"list-item-too-far-in", "list-item-too-far-out"}
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


ROUNDS = 12  # the most fixes any case needs, one at a time, before nothing is left


def _errors(folder: Path) -> list[Problem]:
    return [p for p in _problems(folder) if p.severity == "error"]


def _where(problems: list[Problem]) -> set[tuple[int, str]]:
    return {(p.line, p.message) for p in problems}


def _loaded(folder: Path, dotted: str) -> object:
    """The value `channels[1].platform` loads as from p.yaml (stage 1 only: what YAML read)."""
    node: object = load_profile(folder / "p.yaml").data
    for part in re.findall(r"[^.\[\]]+|\[\d+\]", dotted):
        index: str | int = int(part[1:-1]) if part.startswith("[") else part
        assert isinstance(node, dict | list), f"{dotted}: nothing at {part}"
        node = node[index]  # type: ignore[index]
    return node


@pytest.mark.parametrize("case", FIXABLE, ids=[c.id for c in FIXABLE])
def test_the_advised_line_fixes_the_fault_and_makes_none_anywhere(
        case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Follow the advice the way a person would, one corrected line at a time, until no
    error is left: each fix takes its fault away and brings no new fault on any line (one
    the syntax fault hid, named in ALSO_FAULTY, aside), and the value then loaded is the
    one the writer meant (no comment in it, no quotes printed)."""
    folder = lay_out(tmp_path, case)
    monkeypatch.chdir(folder)
    found = _errors(folder)
    assert found and found[0].fix is not None, f"no corrected line: {found[:1]}"
    seen: set[tuple[int, str]] = set()
    for _ in range(ROUNDS):
        first = next((p for p in found if p.fix is not None), None)
        if first is None:
            break
        assert (first.line, first.message) not in seen, f"the advice loops: {first}"
        seen.add((first.line, first.message))
        _apply(folder / "p.yaml", first)
        after = _errors(folder)
        new = [str(p) for p in after if (p.line, p.message) not in _where(found)
               and p.message != ALSO_FAULTY.get(case.id)
               and not (case.id in WHOLE_ENTRY and p.line == first.line + 1)]
        assert not new, f"after {first.fix!r}: {new}"
        assert (first.line, first.message) not in _where(after), f"still there: {first}"
        found = after
    else:
        pytest.fail(f"errors left after {ROUNDS} rounds of advice: {[str(p) for p in found]}")
    left = [str(p) for p in found if p.message != ALSO_FAULTY.get(case.id)]
    assert not left, f"errors the advice does not fix: {left}"
    for key, meant in case.intended.items():
        assert _loaded(folder, key) == meant, key


def test_the_rounds_stop_and_fail_on_advice_that_loops(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The test above can fail where it matters: advice whose line brings the same fault
    back is caught (here, by hand, the quoting that issue 28's block-of-text line looped on)."""
    case = next(c for c in CASES if c.id == "block-line-indented-short")
    folder = lay_out(tmp_path, case)
    monkeypatch.chdir(folder)
    [problem] = _errors(folder)
    looping = Problem(problem.path, problem.line, problem.column, "", problem.message,
                      problem.hint, fix='     "Second line."')
    _apply(folder / "p.yaml", looping)
    assert [p for p in _errors(folder) if p.line == problem.line], "the quoting would fix it"


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
