"""A profile's history (issue 29): its versions newest first, each change in words, and
"Restore this version", which writes that version's text as a new version (never
rewriting the history). On a laptop the history is shown when the folder is in a git
repository (read only: a restore writes the file without a commit)."""

from __future__ import annotations

import contextlib
from pathlib import Path

from flask import abort, redirect, render_template, request
from werkzeug.wrappers import Response

from generator import versions
from generator.errors import ProfileError
from generator.serve import approving, people, recording, store
from generator.serve.editing import editing, writable
from generator.serve.workspace import Opened, open_profile, settings
from generator.serve.yamltext.yamledit import EditRefused


@editing.route("/p/<name>/history")
def history_page(name: str) -> str:
    """Read: every version of the profile, newest first."""
    current = open_profile(name, checked=False)
    found, missing = _versions(current)
    return render_template("history.html.j2", name=name, versions=[_row(v) for v in found],
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


def _row(version: versions.Version) -> dict[str, object]:
    return {"commit": version.commit, "when": version.when.strftime("%-d %B %Y, %H:%M"),
            "who": version.author.name, "email": version.author.email,
            "subject": version.subject, "changes": [c.words for c in version.changes],
            "approved": [v for k, v in version.trailers if k == "Policy-Pack-Approved"]}
