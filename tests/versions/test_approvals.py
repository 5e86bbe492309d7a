"""Each departure's state from the versions (generator.versions.states): pure, no git."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator.versions import Author, Step, states

ROOT = Path(__file__).resolve().parents[2]
WHEN = dt.datetime(2027, 6, 3, 14, 2, tzinfo=dt.UTC)
HANA, PAT, TESS = Author("Hana", "hana@x"), Author("Pat", "pat@x"), Author("Tess", "tess@x")


def profile(reason: str, approved_by: str | None = None, date: str | None = None) -> dict[
        str, object]:
    entry: dict[str, object] = {"action": "omit", "reason": reason}
    if approved_by:
        entry |= {"approved_by": approved_by, "date": date}
    return {"base": "2014-10", "adaptations": {"media.contact": entry}}


def step(commit: str, author: Author, data: object, approved: frozenset[str] = frozenset()
         ) -> Step:
    return Step(commit, author, WHEN, approved, data)


def test_approved_in_the_first_version_counts() -> None:
    first = profile("A", "Director", "2026-05-12")
    (found,) = states([step("1", TESS, first)], first)
    assert found.state == "approved" and found.why == "Approved by Director on 12 May 2026"


def test_a_change_awaits_and_names_its_writer_until_an_approval_commit() -> None:
    first, changed = profile("A", "Director", "2026-05-12"), profile("B")
    steps = [step("2", HANA, changed), step("1", TESS, first)]  # newest first
    (found,) = states(steps, changed)
    assert found.awaiting and found.wrote("HANA@x") and not found.wrote("pat@x")
    assert [c.words for c in found.changes] == [
        "Changed the reason for departing from the section Speaking to the media from A to B"]
    approved = profile("B", "Pat", "2027-06-03")
    steps.insert(0, step("3", PAT, approved, frozenset({"media.contact"})))
    (found,) = states(steps, approved)
    assert found.state == "approved" and found.changed_by == ()
    assert found.given is not None and found.given.by == PAT


def test_a_typed_approval_awaits() -> None:
    first, typed = profile("A"), profile("A", "Someone", "2027-06-03")
    (found,) = states([step("2", TESS, typed), step("1", TESS, first)], typed)
    assert found.awaiting
    assert found.why == "Awaiting approval: the approval was typed, not given in the editor"


def test_a_heading_names_the_departments_code() -> None:
    """The section "{{ code.Name }} online and offline" is named as the department's policy
    names it: the NICS Code of Ethics for a Northern Ireland body, the Code for others."""
    def coded(jurisdiction: str) -> dict[str, object]:
        return {"base": "2014-10", "department": {"jurisdiction": [jurisdiction]},
                "adaptations": {"code.online-and-offline": {"action": "omit", "reason": "A"}}}

    for where, heading in (("ni", "The NICS Code of Ethics online and offline"),
                           ("England", "The Civil Service Code online and offline")):
        data = coded(where)
        (found,) = states([step("1", HANA, data)], data)
        assert found.heading == f"the section {heading}"
        assert "{" not in " ".join(c.words for c in found.changes)


def test_the_command_lines_check_reports_a_typed_approval_in_a_teams_folder(
        tmp_path: Path) -> None:
    """versions.typed_approvals, for `check` and `build`: in a team's folder in git, a
    typed approval is an error at the departure's line; a laptop's folder is untouched."""
    from generator import versions
    from generator.profile import load_profile

    text = (ROOT / "profiles" / "dwp.yaml").read_text() + (
        "adaptations:\n  use.personal:\n    action: omit\n    reason: A\n"
        "    approved_by: Director\n    date: 2026-05-12\n")
    for team in (True, False):
        folder = tmp_path / str(team)
        folder.mkdir()
        (folder / "dwp.yaml").write_text(text)
        if team:
            (folder / "team").mkdir()
            (folder / "team" / "access.yaml").write_text("admins: [a@x]\n")
        versions.start(folder)
        path = folder / "dwp.yaml"
        assert versions.typed_approvals(path, load_profile(path).data) == ()  # first version
        versions.record(folder, [path], TESS, ["Typed"], write=lambda path=path: path.write_text(
            path.read_text().replace("Director", "Someone")))
        found = versions.typed_approvals(path, load_profile(path).data)
        if not team:
            assert found == ()
            continue
        (problem,) = found
        assert problem.key == "adaptations.use.personal" or "use.personal" in problem.key
        assert problem.line == text.splitlines().index("  use.personal:") + 1
        assert "the approval was typed, not given in the editor; an approver must approve it" \
            in problem.message and problem.severity == "error"


def test_a_kept_base_text_is_no_departure() -> None:
    """A new profile's starter keeps a section's base text (`action: adopt`, no heading of
    its own): the register leaves it out, so nobody approves it; a heading of its own is a
    departure."""
    from generator.versions import departures

    kept = {"adaptations": {"posting.checks": {"action": "adopt"}}}
    assert list(departures(kept)) == []
    assert states([step("1", TESS, kept)], kept) == ()
    titled = {"adaptations": {"posting.checks": {"action": "adopt", "title": "Checks"}}}
    assert [ident for ident, _, _ in departures(titled)] == ["posting.checks"]


def test_an_awaiting_departure_carries_its_answers_as_approved_and_now() -> None:
    first, changed = profile("A", "Director", "2026-05-12"), profile("B")
    (found,) = states([step("2", HANA, changed), step("1", TESS, first)], changed)
    assert found.was == {"action": "omit", "reason": "A"}  # no approval in either
    assert found.now == {"action": "omit", "reason": "B"}
    new = profile("C")
    (never,) = states([step("1", HANA, new)], new)
    assert never.awaiting and never.was is None and never.now["reason"] == "C"
