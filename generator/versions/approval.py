"""Each departure's approval, read from the history (issue 29, "real approvals").

A departure is an entry of `adaptations` (named by its section's id) or of `local_rules`
(named by its `id`); its substance is every answer but `approved_by` and `date`. It is
approved when the file's substance and approval are exactly what an approval counted:

- the file's first version in the history (an approval given before the team editor), or
- the last commit carrying `Policy-Pack-Approved: <id>` (an approval given in the editor).

Anything else awaits approval: a departure added or changed since, or an `approved_by` and
`date` that no approval commit wrote ("the approval was typed, not given in the editor").
Who changed the substance since the last approval is read from the commits' authors, never
from a form, so that a person cannot approve what they wrote (separation of duties).

`states(steps, current)` is pure; `approvals(folder, file_name, current)` reads the steps.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from generator.errors import PolicyPackError, Problem
from generator.profile import KeyPath, format_key, load_profile
from generator.versions import git
from generator.versions.describe import Change, describe
from generator.versions.headings import headings
from generator.versions.log import values
from generator.versions.record import Author

TRAILER = "Policy-Pack-Approved"
APPROVAL_KEYS = ("approved_by", "date")
State = Literal["approved", "awaiting"]


@dataclass(frozen=True)
class Step:
    """One version of a profile as the approvals read it."""

    commit: str
    author: Author
    when: dt.datetime
    approved: frozenset[str]  # the departures its approval trailers name
    data: object  # the profile's values at this version (None if unreadable)


@dataclass(frozen=True)
class Given:
    """An approval that counts: who approved (as written in the file), when, and the
    commit that wrote it (None: in the first version, before the team editor)."""

    approved_by: str
    date: str
    by: Author | None = None  # the approval commit's author
    commit: str = ""


@dataclass(frozen=True)
class Departure:
    """One departure's state now."""

    id: str  # the section id, or the local rule's id
    key: KeyPath  # where it is in the file now: ("adaptations", id) or ("local_rules", 3)
    heading: str  # "the section Use of social media" / "the local rule Records"
    state: State
    why: str  # in words: "Approved by Pat Head on 3 June 2027", "Awaiting approval ..."
    substance: str  # a hash of its substance now (the approve form carries it)
    given: Given | None  # the approval that counts, if any (approved), or the last one
    changed_by: tuple[Author, ...] = ()  # who changed its substance since its last approval
    changes: tuple[Change, ...] = field(default=())  # its change in words since approved
    # Its answers (but the approval) as last approved (None: never approved) and now, for
    # the approver to read side by side (the approvals page marks each word changed).
    was: Mapping[str, object] | None = None
    now: Mapping[str, object] = field(default_factory=dict)

    @property
    def awaiting(self) -> bool:
        return self.state == "awaiting"

    def wrote(self, email: str) -> bool:
        """Whether `email` changed its substance since its last approval."""
        return any(a.email.lower() == email.lower() for a in self.changed_by)


def approvals(folder: Path, file_name: str, current: object) -> tuple[Departure, ...]:
    """Each departure of `current` (the profile's values now) with its state, read from the
    history of `folder`/`file_name`. NoRepository if the folder is in no repository.

    Kept by (repository, HEAD, path, the values now): the answer depends on nothing else,
    and every page of the profile asks it (the task list, each section, the pack), as does
    the pack made after each save."""
    if not any(True for _ in departures(current)):
        return ()  # nothing to read the history for
    repo = git.toplevel(folder)
    if repo is None:
        raise git.NoRepository(folder)
    key = (str(repo.resolve()), git.head(repo) or "", (folder.resolve() / file_name).as_posix(),
           _digest(current))
    with _KEPT_LOCK:
        if key in _KEPT:
            _KEPT.move_to_end(key)
            return _KEPT[key]
    found = states(_steps(folder, file_name), current)
    with _KEPT_LOCK:
        _KEPT[key] = found
        while len(_KEPT) > KEPT:
            _KEPT.popitem(last=False)
    return found


KEPT = 256  # answers kept: a few for each profile being edited
_KEPT: OrderedDict[tuple[str, str, str, str], tuple[Departure, ...]] = OrderedDict()
_KEPT_LOCK = threading.Lock()


def _digest(data: object) -> str:
    text = json.dumps(data, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def states(steps: Sequence[Step], current: object) -> tuple[Departure, ...]:
    """Each departure of `current`, in the file's order, with its state (pure). `steps`
    newest first, as `history` gives them."""
    oldest_first = list(reversed(steps))
    titles = headings(current)
    return tuple(_state(ident, key, entry, oldest_first, titles)
                 for ident, key, entry in departures(current))


def departures(data: object) -> Iterator[tuple[str, KeyPath, Mapping[str, object]]]:
    """(id, place, entry) of each departure in a profile's values. An entry of
    `adaptations` that keeps the base text (`action: adopt`, the default) with no heading
    of its own is no departure: the register leaves it out (generator.model's Deviation
    is a change, an omission or a heading of the department's own), so nobody approves it
    (a new profile's starter has one)."""
    adaptations = data.get("adaptations") if isinstance(data, dict) else None
    if isinstance(adaptations, dict):
        for ident, entry in adaptations.items():
            if isinstance(entry, dict) and departs(entry):
                yield str(ident), ("adaptations", str(ident)), entry
    rules = data.get("local_rules") if isinstance(data, dict) else None
    if isinstance(rules, list):
        for at, entry in enumerate(rules):
            if isinstance(entry, dict) and isinstance(entry.get("id"), str):
                yield entry["id"], ("local_rules", at), entry


def departs(adaptation: Mapping[str, object]) -> bool:
    """Whether an entry of `adaptations` departs from the base: it changes or leaves out
    the text, or gives the section a heading of its own."""
    return adaptation.get("action") in ("modify", "omit") or bool(adaptation.get("title"))


def substance(entry: Mapping[str, object] | None) -> dict[str, object] | None:
    """A departure's answers but its approval."""
    if entry is None:
        return None
    return {str(k): v for k, v in entry.items() if k not in APPROVAL_KEYS}


def fingerprint(entry: Mapping[str, object] | None) -> str:
    """A hash of a departure's substance: an approval is of what the approver saw."""
    text = json.dumps(substance(entry), sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def _find(data: object, ident: str, rule: bool) -> Mapping[str, object] | None:
    for found, key, entry in departures(data):
        if found == ident and (key[0] == "local_rules") == rule:
            return entry
    return None


def _approval(entry: Mapping[str, object] | None) -> tuple[str, str] | None:
    if entry is None:
        return None
    who, when = entry.get("approved_by"), entry.get("date")
    if who in (None, "") or when in (None, ""):
        return None
    return str(who), str(when)


def _state(ident: str, key: KeyPath, entry: Mapping[str, object],
           steps: Sequence[Step], headings: Mapping[str, str]) -> Departure:
    rule = key[0] == "local_rules"
    given: Given | None = None
    approved_as: Mapping[str, object] | None = None  # the substance that approval counted
    changed_by: list[Author] = []
    last: tuple[Author, dt.datetime] | None = None
    before: str | None = None
    for at, step in enumerate(steps):
        was = _find(step.data, ident, rule)
        now = fingerprint(was) if was is not None else None
        values = _approval(was)
        if at == 0 and was is not None and values is not None:
            given, approved_as = Given(*values), was
        elif at > 0 and ident in step.approved and was is not None and values is not None:
            given, approved_as = Given(*values, by=step.author, commit=step.commit), was
            changed_by, last = [], None
        elif was is not None and now != before:
            changed_by.append(step.author)
            last = (step.author, step.when)
        before = now
    heading = _heading(ident, entry, rule, headings)
    return _judged(ident, key, heading, entry, given, approved_as, tuple(
        dict.fromkeys(changed_by)), last, headings)


def _judged(ident: str, key: KeyPath, heading: str, entry: Mapping[str, object],
            given: Given | None, approved_as: Mapping[str, object] | None,
            changed_by: tuple[Author, ...], last: tuple[Author, dt.datetime] | None,
            headings: Mapping[str, str]) -> Departure:
    now = fingerprint(entry)
    values = _approval(entry)
    counted = given is not None and approved_as is not None and \
        fingerprint(approved_as) == now and values == (given.approved_by, given.date)
    if counted and given is not None:
        why = f"Approved by {given.approved_by} on {_long(given.date)}"
        return Departure(ident, key, heading, "approved", why, now, given)
    if values is not None:
        why = "Awaiting approval: the approval was typed, not given in the editor"
    elif last is not None:
        why = f"Awaiting approval (changed by {last[0].name} on {last[1]:%-d %B %Y})"
    else:
        why = "Awaiting approval"
    changes = _described(ident, rule=key[0] == "local_rules", was=approved_as, now=entry,
                         headings=headings)
    return Departure(ident, key, heading, "awaiting", why, now, given, changed_by, changes,
                     substance(approved_as), substance(entry) or {})


def _described(ident: str, rule: bool, was: Mapping[str, object] | None,
               now: Mapping[str, object], headings: Mapping[str, str]) -> tuple[Change, ...]:
    """Its change in words since it was last approved (all of it, if it never was)."""
    old, new = substance(was), substance(now)
    if rule:
        return describe({"local_rules": [old] if old else []}, {"local_rules": [new]})
    return describe({"adaptations": {ident: old} if old else {}},
                    {"adaptations": {ident: new}}, headings)


def _heading(ident: str, entry: Mapping[str, object], rule: bool,
             headings: Mapping[str, str]) -> str:
    if rule:
        return f"the local rule {entry.get('title') or ident}"
    return f"the section {headings.get(ident, ident)}"


def _long(date: str) -> str:
    try:
        return f"{dt.date.fromisoformat(date[:10]):%-d %B %Y}"
    except ValueError:
        return date


# -- reading the steps -----------------------------------------------------------------------

def _steps(folder: Path, file_name: str) -> tuple[Step, ...]:
    """The file's versions with their values, newest first (the blobs' parses kept by
    versions.log, so a new version costs one parse)."""
    return tuple(Step(v.commit, v.author, v.when,
                      frozenset(value for key, value in v.trailers if key == TRAILER), data)
                 for v, data in values(folder, file_name))


# -- the command line's check, for a team's folder ------------------------------------------

TYPED = ("awaiting approval: the approval was typed, not given in the editor; an approver "
         "must approve it in the team editor")


def typed_approvals(profile: Path, data: object = None) -> tuple[Problem, ...]:
    """For a profile in a team's folder (a `team/access.yaml` beside it, or beside its
    drafts/ or archive/ folder) that is in git: an error for each departure whose approval
    no approval commit wrote, so that `check` and `build` refuse what the team editor
    refuses. () elsewhere: a laptop's folder and the samples are untouched. Without
    `data`, the profile is read here, and only in a team's folder."""
    folder = next((f for f in (profile.parent, profile.parent.parent)
                   if (f / "team" / "access.yaml").is_file()), None)
    if folder is None or git.toplevel(folder) is None:
        return ()
    if data is None:
        try:
            data = load_profile(profile).data
        except PolicyPackError:
            return ()  # a profile that cannot be read: check and build say why, not this
    found = approvals(folder, profile.resolve().relative_to(folder.resolve()).as_posix(), data)
    return tuple(_typed(profile, data, d) for d in found
                 if d.awaiting and _approval(_at(data, d.key)) is not None)


def _at(data: object, key: KeyPath) -> Mapping[str, object] | None:
    part = data.get(key[0]) if isinstance(data, dict) else None
    try:
        entry = part[key[1]] if part is not None else None
    except (IndexError, KeyError, TypeError):
        return None
    return entry if isinstance(entry, dict) else None


def _typed(profile: Path, data: object, found: Departure) -> Problem:
    """The problem, at the departure's own line: the loader gives plain values, so its
    line is found in the text (the section id's key, or the local rule's `id:`)."""
    wanted = (f"{found.id}:", f"{found.id!r}:", f'"{found.id}":') \
        if found.key[0] == "adaptations" else tuple(
            f"id: {quote}{found.id}{quote}" for quote in ("", '"', "'"))
    line, column = 1, 1
    with contextlib.suppress(OSError, UnicodeDecodeError):
        for at, text in enumerate(profile.read_text(encoding="utf-8").splitlines(), 1):
            if text.strip().removeprefix("- ").startswith(wanted):
                line, column = at, len(text) - len(text.lstrip()) + 1
                break
    return Problem(str(profile), line, column, format_key(found.key), TYPED)
