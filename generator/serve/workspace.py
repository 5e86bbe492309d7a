"""A profile as the editor's pages see it: the file's text and hash, its values, and what
the one validator (check_source, the command line's own check) says about it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from flask import abort, current_app

from generator.errors import Problem, ProfileError
from generator.policy import available_editions
from generator.profile import check_source, load_profile_bytes
from generator.serve import store


@dataclass(frozen=True)
class Settings:
    """One run of the editor: the folder it serves and what it may do."""

    folder: Path
    read_only: bool = False
    today: dt.date | None = None  # fixed by tests; else each check uses today's date


@dataclass(frozen=True)
class Opened:
    """A profile file opened for a page."""

    name: str  # the file name: the only way a request names a profile
    path: Path
    snapshot: store.Snapshot
    data: object  # the values, or None when the YAML cannot be read at all
    problems: tuple[Problem, ...]  # errors and warnings, as `check` reports them

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "error")

    @property
    def readable(self) -> bool:
        return self.data is not None


def settings() -> Settings:
    found: Settings = current_app.config["POLICY_PACK"]
    return found


def open_profile(name: str, checked: bool = True) -> Opened:
    """The profile called `name` in the served folder (404 for any other name); without
    `checked`, its values only (the live preview checks the edited text itself)."""
    path = store.listing(settings().folder).get(name)
    if path is None:
        abort(404)
    try:
        snapshot = store.read(path)
    except store.NotEditable as exc:
        abort(422, str(exc))
    if not checked:
        try:
            doc = load_profile_bytes(snapshot.text.encode("utf-8"), path, path.name)
        except ProfileError as exc:
            return Opened(name, path, snapshot, None, exc.problems)
        return Opened(name, path, snapshot, doc.data, ())
    return opened(name, path, snapshot)


def opened(name: str, path: Path, snapshot: store.Snapshot) -> Opened:
    """A snapshot with its values and problems."""
    data, problems = examine(snapshot.text, path)
    return Opened(name, path, snapshot, data, problems)


def examine(text: str, path: Path) -> tuple[object, tuple[Problem, ...]]:
    """The values of `text` (None if the YAML cannot be read) and every problem `check`
    would report in it, warnings included."""
    try:
        doc = load_profile_bytes(text.encode("utf-8"), path, path.name)
    except ProfileError as exc:
        return None, exc.problems
    try:
        checked = check_source(doc, available_editions(), settings().today)
    except ProfileError as exc:
        return doc.data, exc.problems
    return doc.data, checked.warnings
