"""Approvals in the team editor (issue 29): what a save does to a departure's approval,
what the forms ask, and each departure's state, read from the history.

On a laptop nothing here changes anything: the forms ask "Approved by" and "Date
approved" as they always did, and nothing is awaited.

Why the approval is removed in the save (editing.save calls `unapproved`), not in each
view or in answers/merging: the rule is about what the file becomes, whichever page made
the change (a section's page, a local rule's, a restore), and only the save sees the file
before and after the whole plan. merging is pure and per field; it does not know that a
reason and a heading belong to one departure.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from flask import current_app

from generator import versions
from generator.errors import PolicyPackError, Problem
from generator.profile import Field, KeyPath, format_key, load_profile_bytes
from generator.serve.people import ROLES_KEY, Roles, team_mode
from generator.serve.workspace import Opened, settings
from generator.serve.yamltext.yamledit import Edit, RemoveKey, SetValue, apply_edits

APPROVAL_KEYS = ("approved_by", "date")
ASKED_BY_APPROVERS = tuple((name,) for name in APPROVAL_KEYS)
Scalar = (str, int, bool, dt.date)  # what SetValue writes


def asked(fields: Sequence[Field]) -> tuple[Field, ...]:
    """A departure's fields as its form asks them: in team mode, never the approval (it is
    given on the approvals page, by an approver, in a commit of its own)."""
    if not team_mode():
        return tuple(fields)
    return tuple(f for f in fields if f.key not in ASKED_BY_APPROVERS)


def unapproved(before: object, text: str) -> tuple[Edit, ...]:
    """In team mode, the edits that keep a departure's approval to what only an approval
    may write (`before`: the file's values now; `text`: what the save would write):

    - a departure the save adds or changes the substance of loses `approved_by` and `date`
      (it awaits approval again), and a local rule whose id changes is a new departure;
    - a departure whose substance it leaves alone keeps the approval it had, whatever the
      text says: a restore of an old version brings back that version's approval, which
      no approval commit wrote now, and would read as typed.

    () on a laptop, or where nothing needs mending."""
    if not team_mode():
        return ()
    try:
        after = load_profile_bytes(text.encode("utf-8"), settings().folder / "x.yaml").data
    except PolicyPackError:
        return ()  # the loader refuses the text anyway: the save writes nothing
    was = {(ident, key[0]): entry for ident, key, entry in versions.departures(before)}
    edits: list[Edit] = []
    for ident, key, entry in versions.departures(after):
        old = was.get((ident, key[0]))
        same = old is not None and versions.fingerprint(old) == versions.fingerprint(entry)
        edits += _kept(key, entry, old if same else None)
    return tuple(edits)


def _kept(key: KeyPath, entry: Mapping[str, object],
          old: Mapping[str, object] | None) -> list[Edit]:
    """The edits that give `entry` the approval of `old` (none, if `old` is None)."""
    edits: list[Edit] = []
    for name in APPROVAL_KEYS:
        had = old.get(name) if old is not None else None
        if had is None and name in entry:
            edits.append(RemoveKey((*key, name)))
        elif had is not None and entry.get(name) != had and isinstance(had, Scalar):
            edits.append(SetValue((*key, name), had))
    return edits


def restored(before: object, text: str) -> str:
    """The text a restore writes in team mode: the version's text, each departure it
    changes awaiting approval again, the others keeping their approval (`unapproved`).
    EditRefused if that cannot be written without disturbing the rest of the file."""
    edits = unapproved(before, text)
    return apply_edits(text, edits) if edits else text


def departures(current: Opened) -> tuple[versions.Departure, ...]:
    """Each departure of the profile with its state (team mode); () on a laptop, or when
    the file cannot be read."""
    if not team_mode() or current.data is None:
        return ()
    folder = settings().folder
    try:
        where = current.path.resolve().relative_to(folder.resolve()).as_posix()
        return versions.approvals(folder, where, current.data)
    except versions.NoRepository:
        return ()


def awaiting(current: Opened) -> tuple[versions.Departure, ...]:
    """The departures awaiting approval (team mode): while any does, no pack is made."""
    return tuple(d for d in departures(current) if d.awaiting)


def awaiting_words(count: int, name: str) -> str:
    """What every page says of the departures awaiting approval, in the same words: "2
    changes await approval by an approver of nics-finance" (`name`: the profile's file
    name or stem). An approval awaited is a state of the profile, not a problem in it."""
    department = name.removesuffix(".yaml")
    if count == 1:
        return f"1 change awaits approval by an approver of {department}"
    return f"{count} changes await approval by an approver of {department}"


def state_of(found: Sequence[versions.Departure], key: KeyPath) -> versions.Departure | None:
    """The departure at `key` (("adaptations", id) or ("local_rules", n)), if any."""
    return next((d for d in found if d.key == key), None)


def state_of_id(found: Sequence[versions.Departure], ident: str) -> versions.Departure | None:
    """The departure named `ident` (a section's id or a local rule's), if any."""
    return next((d for d in found if d.id == ident), None)


def settled(current: Opened) -> Opened:
    """The profile with, in team mode, no problem about a departure's missing approval:
    that is its awaiting approval (the approvals page and the pack page say so), not a
    mistake in an answer the form asks. `check` on the command line still reports it."""
    if not team_mode() or current.data is None:
        return current
    places = {format_key(key) for _, key, _ in versions.departures(current.data)}
    kept = tuple(p for p in (_unasked(p, places) for p in current.problems) if p is not None)
    return dataclasses.replace(current, problems=kept)


def _unasked(problem: Problem, places: set[str]) -> Problem | None:
    """A "needs `reason`, `approved_by` and `date`" problem less its approval (None if that
    is all it says)."""
    if problem.key not in places or not problem.message.startswith("needs "):
        return problem
    named = problem.message.removeprefix("needs ").replace(" and ", ", ").split(", ")
    left = [n for n in named if n not in ("`approved_by`", "`date`")]
    if not left:
        return None
    return dataclasses.replace(problem, message="needs " + " and ".join(left))


# -- whom to ask for an approval -------------------------------------------------------------

GROUP = "group:"


@dataclass(frozen=True)
class Approvers:
    """Who may approve a profile's departures, as its access file names them: its
    approvers, and the administrators (who may approve any department's, as the fallback
    when a department has no other approver; never their own change, as anyone)."""

    approvers: tuple[str, ...] = ()  # entries: lower-case addresses, or group:NAME
    admins: tuple[str, ...] = ()


def approvers(name: str) -> Approvers:
    """The access file's approvers of `name` (a profile's file name or stem) and its
    administrators, as the team's roles give them. Empty on a laptop."""
    roles: Roles | None = current_app.extensions.get(ROLES_KEY)
    if roles is None:
        return Approvers()
    named, admins = roles.approvers(name)
    return Approvers(named, admins)


def people_named(entries: Sequence[str], names: Mapping[str, str],
                 leaving_out: Sequence[str] = ()) -> tuple[str, ...]:
    """Access-file entries as a person reads them: "Pat Head (pat.head@dwp.gov.uk)" where
    the history knows the name (`names`, by lower-case address), else the address;
    "anyone in the group central-hr" for a group. `leaving_out`: addresses to leave out
    (whoever changed the departure cannot approve it)."""
    out = {e.lower() for e in leaving_out}
    found: list[str] = []
    for entry in entries:
        if entry.startswith(GROUP):
            found.append(f"anyone in the group {entry.removeprefix(GROUP)}")
        elif entry.lower() not in out:
            name = names.get(entry.lower())
            found.append(f"{name} ({entry})" if name else entry)
    return tuple(found)
