"""Who is using the editor, and what they may do.

On a laptop (`policy-pack serve`, the key in the address) there is one person, who does
everything: no one is signed in (`current_person()` is None) and every action is allowed.
A team's editor (`serve --team`) has each request's person set by the sign-in check, and
the roles of the folder's access file decide what each may do (`may`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, Protocol

from flask import current_app, g

# What a person may do: read a department's profile, change it, approve its departures,
# review every department (read all, sign off), administer (every profile, the folder).
Action = Literal["read", "edit", "approve", "review", "admin"]
ROLES_KEY = "policy_pack_roles"  # the app's extension holding a team's Roles


@dataclass(frozen=True)
class Person:
    """A person signed in through the organisation's single sign-on."""

    email: str  # lower case: what the access file and the history name them by
    name: str  # as the provider gives it, for the history and the approvals
    groups: frozenset[str] = field(default_factory=frozenset)


class Roles(Protocol):
    """A team's access rules, read from its access file."""

    def allows(self, person: Person, action: Action, profile: str | None) -> bool: ...

    def approvers(self, profile: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """The entries (addresses, or group:NAME) of the profile's approvers, and of the
        administrators: whom a page names when it says whom to ask."""
        ...


def current_person() -> Person | None:
    """The person signed in for this request; None on a laptop, where there is one."""
    found: Person | None = g.get("person")
    return found


def team_mode() -> bool:
    return ROLES_KEY in current_app.extensions


def may(action: Action, profile: str | None = None) -> bool:
    """Whether this request's person may do `action` (to the profile with this file name,
    where the action is about one). On a laptop the one person may do everything."""
    roles: Roles | None = current_app.extensions.get(ROLES_KEY)
    if roles is None:
        return True
    person = current_person()
    return person is not None and roles.allows(person, action, profile)
