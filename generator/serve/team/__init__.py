"""Team mode of the editor (`policy-pack serve --team`, issue 29): the access file, the
sign-in through the organisation's single sign-on, the live sessions, and the table that
says what each page needs of the person asking."""

from __future__ import annotations

from dataclasses import dataclass

from generator.serve.team.access import (
    ACCESS_FILE,
    AccessError,
    AccessFile,
    Rules,
    SignIn,
    Team,
    read_team,
)
from generator.serve.team.guard import RULES, check_request
from generator.serve.team.pages import team_refusal
from generator.serve.team.signin import admit, install, the_team


@dataclass(frozen=True)
class TeamSetup:
    """What a team's editor is started with: its access file read, its secrets (from the
    environment only), and the host names it answers to."""

    access: AccessFile
    secret: str  # signs the session cookie: POLICY_PACK_SECRET
    client_secret: str  # the OpenID client's: POLICY_PACK_CLIENT_SECRET
    hosts: frozenset[str]


__all__ = ["ACCESS_FILE", "RULES", "AccessError", "AccessFile", "Rules", "SignIn",
           "Team", "TeamSetup", "admit", "check_request", "install", "read_team", "team_refusal",
           "the_team"]
