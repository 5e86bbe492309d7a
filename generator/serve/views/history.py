"""A profile's history (issue 29): its versions newest first, each change in words, and
"Restore this version", which writes that version's text as a new version (never
rewriting the history). On a laptop the history is shown when the folder is in a git
repository (read only: a restore writes the file without a commit).

Who made a version is said as the history knows it: a change the editor found in the
folder and committed for someone (versions.OUTSIDE_SUBJECT) is marked as made outside
the editor, under whatever identity git had, never as if that person made it in the
editor; a commit a person made with git keeps their own words beside the changes worked
out. The reviewers' sign-offs (a file of their own, signoffs/<slug>.yaml) are read from
their record and shown among the versions, by date."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from pathlib import Path

from flask import abort, redirect, render_template, request
from werkzeug.wrappers import Response

from generator import versions
from generator.errors import ProfileError
from generator.policy import long_date
from generator.review import SignOff, read_signoffs, signoffs_path
from generator.serve import approving, people, recording, slugs, store
from generator.serve.answers.forms import lookup
from generator.serve.editing import editing, writable
from generator.serve.workspace import Opened, open_profile, settings
from generator.serve.yamltext.yamledit import EditRefused


@editing.route("/p/<name>/history")
def history_page(name: str) -> str:
    """Read: every version of the profile, newest first."""
    current = open_profile(name, checked=False)
    found, missing = _versions(current)
    entries = _with_signoffs([_row(v) for v in found], found, _signoffs(current))
    return render_template("history.html.j2", name=name, versions=entries,
                           missing=missing, restored=request.args.get("restored") == "1",
                           errors=[])


@editing.route("/p/<name>/history/<commit>")
def history_version(name: str, commit: str) -> str:
    """Read: one version, its changes, and the button that restores it."""
    current = open_profile(name, checked=False)
    version = _version(current, commit)
    return render_template("history_version.html.j2", name=name, version=_row(version),
                           latest=_versions(current)[0][0].commit == version.commit,
                           # Only for those who may write it: a reviewer reads, never restores.
                           restorable=not settings().read_only and people.may("edit", name),
                           errors=[])


@editing.route("/p/<name>/history/<commit>/restore", methods=["POST"])
def history_restore(name: str, commit: str) -> Response | tuple[str, int]:
    """Edit: write the version's text over the profile, as a new version."""
    writable()
    current = open_profile(name, checked=False)
    version = _version(current, commit)
    text = versions.text_at(settings().folder, version.commit, version.path)
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    # Team mode: a restore is a change by the restorer; what it changes awaits approval, as
    # after a save. An approval it could not take out reads as typed: awaiting all the same.
    with contextlib.suppress(EditRefused):
        text = approving.restored(current.data, text)
    around = recording.around(settings().folder, [current.path],
                              recording.restored_lines(version))
    try:
        store.save(current.path, current.snapshot.sha256, text, around)
    except store.Conflict:
        abort(409, "The profile changed while this version was being restored, so nothing "
                   "was written. Open its history again and choose the version again.")
    except ProfileError:
        abort(422, "That version can no longer be read as a profile by this version of "
                   "policy-pack, so it was not restored. Copy what you need from it in a "
                   "text editor.")
    return redirect(f"/p/{name}/history?restored=1", 303)


def _versions(current: Opened) -> tuple[tuple[versions.Version, ...], bool]:
    """The profile's versions, and whether the folder is in no repository at all."""
    folder = settings().folder
    if people.team_mode():
        recording.started(folder)
    try:
        return versions.history(folder, _relative(folder, current.path)), False
    except versions.NoRepository:
        return (), True


def _version(current: Opened, commit: str) -> versions.Version:
    found = next((v for v in _versions(current)[0] if v.commit == commit and v.path), None)
    if found is None:
        abort(404)
    return found


def _relative(folder: Path, path: Path) -> str:
    return path.resolve().relative_to(folder.resolve()).as_posix()


# The subjects the editor itself writes (recording.save_lines, versions.message, and each
# view's own: "Approved the departure ...", "Renamed a.yaml to b.yaml", ...): any other
# subject was written by a person with git, in their own words.
EDITOR_SUBJECT = re.compile(
    r"(Changed|Set|Added|Removed|Restored|Approved|Started|Renamed|Archived|Deleted|"
    r"Signed off|Saved with no change|The profiles as they were)\b|.* checks clean, so it "
    r"leaves drafts$")
NO_ONE = "outside@policy-pack.invalid"  # the outsider's address when git had no identity
DECIDED = {"accepted": "signed it off: accepted",
           "returned": "returned it to the department"}


def _row(version: versions.Version) -> dict[str, object]:
    outside = version.subject == versions.OUTSIDE_SUBJECT
    return {"kind": "version", "commit": version.commit,
            "when": version.when.strftime("%-d %B %Y, %H:%M"),
            "who": version.author.name, "email": version.author.email,
            "by": _by(version, outside),
            "subject": version.subject, "changes": [c.words for c in version.changes],
            "approved": [v for k, v in version.trailers if k == "Policy-Pack-Approved"],
            "outside": outside,
            "said": "" if outside or EDITOR_SUBJECT.match(version.subject)
            else version.subject}


def _by(version: versions.Version, outside: bool) -> str:
    """Who made the version, as the history can say it: "by Hana Hughes"; a change found
    in the folder, committed under git's identity: "changed outside the editor, committed
    by Sam (sam@example.org)" (that identity may be no one who changed it)."""
    author = version.author
    if not outside:
        return f"by {author.name}"
    if author.email == NO_ONE:
        return "changed outside the editor (git had no name for who changed it)"
    return f"changed outside the editor, committed by {author.name} ({author.email})"


def _signoffs(current: Opened) -> tuple[SignOff, ...]:
    """The reviewers' decisions on the profile, oldest first, from its sign-off file; none
    for a draft, a profile whose slug another shares (whose file is not its alone), or a
    file not as written (the dashboard says what is wrong with it)."""
    slug = lookup(current.data, slugs.SLUG)
    folder = settings().folder
    if not isinstance(slug, str) or not slug or current.path.parent.resolve() != \
            folder.resolve() or slugs.owner(folder, slug, current.name) is not None:
        return ()
    try:
        return read_signoffs(signoffs_path(current.path.parent, slug))
    except ProfileError:
        return ()


def _with_signoffs(rows: list[dict[str, object]], found: tuple[versions.Version, ...],
                   decisions: tuple[SignOff, ...]) -> list[dict[str, object]]:
    """The versions (newest first) with each sign-off above the versions made on or before
    its day: a decision records its date, not its time."""
    merged = list(rows)
    for decision in decisions:  # oldest first: each newer one lands above the older
        at = next((i for i, row in enumerate(merged)
                   if _day(row, found) <= decision.date), len(merged))
        merged.insert(at, _decision(decision))
    return merged


def _day(row: dict[str, object], found: tuple[versions.Version, ...]) -> dt.date:
    if row["kind"] == "signoff":
        day = row["date"]
        assert isinstance(day, dt.date)
        return day
    return next(v.when.date() for v in found if v.commit == row["commit"])


def _decision(decision: SignOff) -> dict[str, object]:
    """A sign-off as the history lists it: "Rob Reviewer signed it off: accepted"."""
    return {"kind": "signoff", "date": decision.date, "when": long_date(decision.date),
            "words": f"{decision.reviewer} {DECIDED.get(decision.decision, decision.decision)}",
            "comment": decision.comment, "version": decision.version}
