"""A profile as the editor's pages see it: the file's text and hash, its values, and what
the one validator (check_source, the command line's own check) says about it."""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from threading import Lock

from flask import abort, current_app, request

from generator.errors import Problem, ProfileError
from generator.policy import available_editions
from generator.profile import SourceDoc, check_source, load_profile_bytes
from generator.serve import store

_SOURCES: OrderedDict[tuple[Path, str], SourceDoc] = OrderedDict()
_SOURCES_LOCK = Lock()


@dataclass(frozen=True)
class Settings:
    """One run of the editor: the folder it serves and what it may do."""

    folder: Path
    read_only: bool = False
    today: dt.date | None = None  # fixed by tests; else each check uses today's date
    # Make the pack after each save `check` accepts (pack_making.prepare). Off only where saves
    # are all that is tested: each background pack costs a core for seconds.
    packs_ahead: bool = True


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


def today() -> dt.date:
    """The date checks and packs are made for: today, unless the tests fixed one."""
    return settings().today or dt.date.today()


def settings() -> Settings:
    found: Settings = current_app.config["POLICY_PACK"]
    return found


def open_profile(name: str, checked: bool = True) -> Opened:
    """The profile called `name` in the served folder (404 for any other name); without
    `checked`, its values only (the live preview checks the edited text itself)."""
    path = store.listing(settings().folder).get(name)
    if path is None:
        # A form sent to a profile renamed, archived or deleted meanwhile: its answers are
        # shown back (editing.py), never dropped with a "Page not found".
        abort(410 if request.method == "POST" else 404)
    try:
        snapshot = store.read(path)
    except store.NotEditable as exc:
        abort(422, str(exc))
    if not checked:
        try:
            doc = source(snapshot, path)
        except ProfileError as exc:
            return Opened(name, path, snapshot, None, exc.problems)
        return Opened(name, path, snapshot, doc.data, ())
    return opened(name, path, snapshot)


def source(snapshot: store.Snapshot, path: Path) -> SourceDoc:
    """The file's text read by the project's loader, once per version of the file: the live
    preview asks for it at every pause in typing, and YAML parsing is its dearest step."""
    key = (path, snapshot.sha256)
    with _SOURCES_LOCK:
        found = _SOURCES.get(key)
        if found is not None:
            _SOURCES.move_to_end(key)
            return found
    doc = load_profile_bytes(snapshot.text.encode("utf-8"), path, path.name)
    with _SOURCES_LOCK:
        _SOURCES[key] = doc
        while len(_SOURCES) > 32:
            _SOURCES.popitem(last=False)
    return doc


def opened(name: str, path: Path, snapshot: store.Snapshot) -> Opened:
    """A snapshot with its values and every problem `check` would report in it, warnings
    included (the values are None if the YAML cannot be read at all)."""
    try:
        doc = source(snapshot, path)
    except ProfileError as exc:
        return Opened(name, path, snapshot, None, exc.problems)
    data, problems = examine(doc)
    return Opened(name, path, snapshot, data, problems)


def examine(doc: SourceDoc) -> tuple[object, tuple[Problem, ...]]:
    """The values of a profile read, and every problem `check` reports in it."""
    try:
        checked = check_source(doc, available_editions(), settings().today)
    except ProfileError as exc:
        return doc.data, exc.problems
    return doc.data, checked.warnings


def as_seen(message: str) -> str:
    """A message with profiles named from the served folder, as `check` run there names
    them: the server's own paths are not the person's business."""
    return message.replace(f"{settings().folder}/", "")
