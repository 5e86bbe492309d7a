"""A team's access file, FOLDER/team/access.yaml (issue 29): how people sign in, and who
may do what. Written by an administrator in a text editor; the editor never writes it.

Read with ruamel.yaml's composer so that each problem names its file, line, field and fix,
as `check` does for profiles; every problem is collected and the start refused once. The
file is read again when it changes (by its mtime), so a change of roles needs no restart;
a change that breaks it keeps the last good rules (and says so in the console) rather
than lock every person out, or let every person in.
"""

from __future__ import annotations

import difflib
import io
import logging
import os
import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from generator.errors import PolicyPackError, Problem
from generator.serve.people import Action, Person

ACCESS_FILE = Path("team") / "access.yaml"
SIGN_IN_KEYS = ("issuer", "client_id", "address", "groups_claim", "email_claim", "scope",
                "session_hours", "idle_minutes")
SCOPE = "openid email profile"  # what the sign-in asks the provider for, by default
TOP_KEYS = ("sign_in", "admins", "reviewers", "departments")
DEPARTMENT_KEYS = ("editors", "approvers")
# The environment overrides these values of the file (a deployment's service file).
OVERRIDES = {"issuer": "POLICY_PACK_ISSUER", "client_id": "POLICY_PACK_CLIENT_ID",
             "address": "POLICY_PACK_ADDRESS"}
GROUP = "group:"
EMAIL = "email"  # OpenID Connect's standard claim of the person's address
# Microsoft Entra ID's issuers: its `email` claim is not verified (any address a user or
# guest's home tenant sets, changeable by them, and it sends no email_verified), so a
# team signing in with Entra must name the account's own name instead (email_claim).
ENTRA_HOSTS = ("login.microsoftonline.com", "sts.windows.net", "login.microsoftonline.us",
               "login.partner.microsoftonline.cn")
log = logging.getLogger(__name__)


class AccessError(PolicyPackError):
    """The access file cannot be used: every problem, each at its line, with its fix."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = tuple(sorted(problems))
        lines = "\n".join(f"  {p}" for p in self.problems)
        super().__init__("team mode cannot start: the access file has "
                         f"{_count(len(self.problems), 'problem')}\n{lines}")


@dataclass(frozen=True)
class SignIn:
    """How people sign in: the provider, this editor's client, its address, the limits."""

    issuer: str
    client_id: str
    address: str  # as people reach the editor: its https:// name behind a proxy
    groups_claim: str = "groups"
    # The claim that holds the person's address. `email` (the default) is taken only with
    # email_verified true; another (Entra's preferred_username or upn) is the provider's
    # own name for the account, set by its administrators, so no email_verified is asked.
    email_claim: str = EMAIL
    session_hours: float = 8.0  # a sign-in lasts at most this long
    idle_minutes: float = 60.0  # and ends after this long unused
    scope: str = SCOPE  # some providers give the groups claim only for a scope of its own

    @property
    def host(self) -> str:
        return (urlsplit(self.address).hostname or "").lower()

    @property
    def secure(self) -> bool:
        return self.address.startswith("https://")


@dataclass(frozen=True)
class Department:
    editors: frozenset[str] = frozenset()
    approvers: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Rules:
    """Who may do what (design29.md's table). Entries are emails as address_key gives
    them, or `group:NAME` for a value of the groups claim, compared exactly (providers
    send group names as they are: DWP-Comms is not dwp-comms)."""

    admins: frozenset[str] = frozenset()
    reviewers: frozenset[str] = frozenset()
    departments: Mapping[str, Department] = field(default_factory=dict)

    def allows(self, person: Person, action: Action, profile: str | None) -> bool:
        """Whether `person` may do `action` to `profile` (a file name, dwp.yaml, or its
        stem); with no profile, "read" means "may read some profile" and "edit" "may
        edit some profile"."""
        if _named(person, self.admins):
            return True
        if action == "admin":
            return False
        if action == "review":
            return _named(person, self.reviewers)
        if profile is None:
            return self._any(person, action)
        department = self.departments.get(_stem(profile), Department())
        if action == "edit":
            return _named(person, department.editors)
        if action == "approve":
            return _named(person, department.approvers)
        return _named(person, self.reviewers | department.editors | department.approvers)

    def _any(self, person: Person, action: Action) -> bool:
        return any(self.allows(person, action, name) for name in self.departments) or (
            action == "read" and _named(person, self.reviewers))

    def roles(self, person: Person) -> tuple[str, ...]:
        """The person's roles in words, for the header: "Editor of dwp", "Reviewer"."""
        found = ["Administrator"] if _named(person, self.admins) else []
        found += ["Reviewer"] if _named(person, self.reviewers) else []
        for name, department in sorted(self.departments.items()):
            found += [f"Editor of {name}"] if _named(person, department.editors) else []
            found += [f"Approver of {name}"] if _named(person, department.approvers) else []
        return tuple(found)

    def departments_of(self, person: Person) -> tuple[str, ...]:
        """The departments that name `person` as an editor or an approver."""
        return tuple(name for name, department in sorted(self.departments.items())
                     if _named(person, department.editors | department.approvers))

    def editors_of(self, profile: str) -> tuple[str, ...]:
        """Who edits `profile` as the access file names them: addresses, then group:NAME."""
        department = self.departments.get(_stem(profile), Department())
        return tuple(sorted(department.editors, key=lambda e: (e.startswith(GROUP), e)))

    def administrators(self) -> tuple[str, ...]:
        """The administrators named by email: whom a person with no role should ask."""
        return tuple(sorted(e for e in self.admins if not e.startswith(GROUP)))


@dataclass(frozen=True)
class Team:
    """The access file read: the sign-in settings and the rules."""

    sign_in: SignIn
    rules: Rules


def read_team(folder: Path, environ: Mapping[str, str] | None = None) -> Team:
    """FOLDER/team/access.yaml, with the environment's overrides; AccessError lists every
    problem (the missing file is one)."""
    environ = os.environ if environ is None else environ
    path = folder / ACCESS_FILE
    shown = f"{folder.name}/{ACCESS_FILE}"
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise AccessError([Problem(shown, 1, 1, "", "there is no access file", hint=(
            "write one: its sign_in (issuer, client_id, address) and who may do what; "
            "the README's team mode has an example"))]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise AccessError([Problem(shown, 1, 1, "", f"it cannot be read ({exc})")]) from None
    return parse_team(text, shown, environ)


def parse_team(text: str, shown: str, environ: Mapping[str, str]) -> Team:
    try:
        root = YAML(typ="safe", pure=True).compose(io.StringIO(text))
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
        raise AccessError([Problem(shown, line, column, "", *_yaml_words(exc))]) from None
    reader = _Reader(shown)
    team = reader.team(root, environ)
    if reader.problems or team is None:
        raise AccessError(reader.problems)
    return team


def _yaml_words(exc: YAMLError) -> tuple[str, str]:
    """What a YAML error means, and its fix: a tab (which YAML never takes for an indent,
    and which a text editor shows as spaces) said as such, not as the parser's token."""
    said = str(getattr(exc, "problem", None) or exc)
    if "\\t" in said or "\t" in said:
        return ("there is a tab here: YAML does not take tabs",
                "indent with spaces, two for each level, as in the README's example")
    return (f"this is not valid YAML: {said}", "compare it with the README's example")


class _Reader:
    """Reads the composed file, collecting every problem at its place."""

    def __init__(self, shown: str) -> None:
        self.shown = shown
        self.problems: list[Problem] = []

    def problem(self, node: Node | None, key: str, message: str, fix: str) -> None:
        line, column = (node.start_mark.line + 1, node.start_mark.column + 1) \
            if node is not None else (1, 1)
        self.problems.append(Problem(self.shown, line, column, key, message, hint=fix))

    def team(self, root: Node | None, environ: Mapping[str, str]) -> Team | None:
        if not isinstance(root, MappingNode):
            self.problem(root, "", "the file must be a set of settings (sign_in, admins, "
                         "reviewers, departments)", "compare it with the README's example")
            return None
        top = self.mapping(root, "", TOP_KEYS)
        sign_in = self.sign_in(top.get("sign_in"), root, environ)
        rules = Rules(self.entries(top.get("admins"), "admins"),
                      self.entries(top.get("reviewers"), "reviewers"),
                      self.departments(top.get("departments")))
        if not rules.admins:
            self.problem(top.get("admins", root), "admins", "no administrator is named",
                         "name at least one: admins: [your.name@example.gov.uk]")
        return Team(sign_in, rules) if sign_in is not None else None

    def mapping(self, node: MappingNode, where: str, known: tuple[str, ...]) -> dict[str, Node]:
        found: dict[str, Node] = {}
        for key_node, value in node.value:
            key = str(key_node.value)
            if key not in known:
                self.problem(key_node, f"{where}{key}", "is not a setting of the access file",
                             f"use one of {', '.join(known)}, or remove it")
                continue
            found[key] = value
        return found

    def sign_in(self, node: Node | None, root: Node,
                environ: Mapping[str, str]) -> SignIn | None:
        given: dict[str, Node] = {}
        if isinstance(node, MappingNode):
            given = self.mapping(node, "sign_in.", SIGN_IN_KEYS)
        elif node is not None:
            self.problem(node, "sign_in", "must be a set of settings",
                         "give issuer, client_id and address under it, each on its own line")
        values = {key: environ.get(OVERRIDES.get(key, ""), "") or self.text(given.get(key))
                  for key in ("issuer", "client_id", "address", "groups_claim", "scope",
                              "email_claim")}
        for key in ("issuer", "client_id", "address"):
            if not values[key]:
                self.problem(given.get(key, node or root), f"sign_in.{key}", "is missing",
                             f"give it in the file, or set {OVERRIDES[key]}")
        for key in ("issuer", "address"):
            if values[key] and urlsplit(values[key]).scheme not in ("https", "http"):
                self.problem(given.get(key, node or root), f"sign_in.{key}",
                             "must be a web address", "start it with https://")
        email_claim = values["email_claim"] or EMAIL
        if email_claim == EMAIL and urlsplit(values["issuer"]).hostname in ENTRA_HOSTS:
            self.problem(given.get("email_claim", given.get("issuer", node or root)),
                         "sign_in.email_claim", "Microsoft Entra ID's email claim is not "
                         "verified, and people can change it, so it cannot say who they are",
                         "add email_claim: preferred_username (the account's sign-in name)")
        hours = self.number(given.get("session_hours"), "sign_in.session_hours", 8.0)
        idle = self.number(given.get("idle_minutes"), "sign_in.idle_minutes", 60.0)
        if not all(values[k] for k in ("issuer", "client_id", "address")):
            return None
        return SignIn(values["issuer"].rstrip("/"), values["client_id"],
                      values["address"].rstrip("/"), values["groups_claim"] or "groups",
                      email_claim, hours, idle, values["scope"] or SCOPE)

    def text(self, node: Node | None) -> str:
        return str(node.value).strip() if isinstance(node, ScalarNode) else ""

    def number(self, node: Node | None, key: str, default: float) -> float:
        if node is None:
            return default
        try:
            value = float(str(node.value)) if isinstance(node, ScalarNode) else -1.0
        except ValueError:
            value = -1.0
        if value <= 0:
            self.problem(node, key, "must be a number above 0", f"for example {key}: "
                         f"{default:g}".replace("sign_in.", ""))
            return default
        return value

    def entries(self, node: Node | None, key: str) -> frozenset[str]:
        if node is None or (isinstance(node, ScalarNode) and node.value in ("", "null", "~")):
            return frozenset()
        if not isinstance(node, SequenceNode):
            self.problem(node, key, "must be a list",
                         f"write it as {key}: [name@example.gov.uk, group:NAME]")
            return frozenset()
        found = set()
        for item in node.value:
            entry = entry_key(self.text(item))
            if "@" in entry or (entry.startswith(GROUP) and len(entry) > len(GROUP)):
                found.add(entry)
            else:
                self.problem(item, key, f"{entry or 'this entry'} is neither an email address "
                             "nor a group", "write an email address, or group:NAME for a "
                             "group the sign-in gives")
        return frozenset(found)

    def departments(self, node: Node | None) -> dict[str, Department]:
        if node is None:
            return {}
        if not isinstance(node, MappingNode):
            self.problem(node, "departments", "must be a set of departments",
                         "name each profile (dwp for dwp.yaml) with its editors and approvers")
            return {}
        found: dict[str, Department] = {}
        for key_node, value in node.value:
            name = _stem(str(key_node.value))
            where = f"departments.{name}"
            if not isinstance(value, MappingNode):
                self.problem(value, where, "must give editors and approvers",
                             "write editors: [...] and approvers: [...] under it")
                continue
            given = self.mapping(value, f"{where}.", DEPARTMENT_KEYS)
            found[name] = Department(self.entries(given.get("editors"), f"{where}.editors"),
                                     self.entries(given.get("approvers"),
                                                  f"{where}.approvers"))
        return found


class AccessFile:
    """The access file of a running editor: its rules, read again when the file changes.
    The sign-in settings are those read at the start (a change of provider needs a
    restart: the client registered with it is part of the running editor)."""

    def __init__(self, folder: Path, team: Team, environ: Mapping[str, str]) -> None:
        self.path = folder / ACCESS_FILE
        self.folder = folder
        self.environ = environ
        self.sign_in = team.sign_in
        self._rules = team.rules
        self._lock = threading.Lock()
        self._seen = self._stamp()
        self._broken = False  # the file as last read had a mistake: say when it is right
        warn_unmatched(folder, team.rules)

    def rules(self) -> Rules:
        """The rules now: read again if the file changed since last read."""
        stamp = self._stamp()
        with self._lock:
            if stamp != self._seen:
                self._seen = stamp
                self._read_again()
            return self._rules

    def _read_again(self) -> None:
        """The changed file's rules; a file with a mistake keeps the last good rules (the
        editor runs on: "cannot start" would be untrue), and says so once in the console,
        as it says once when the file is put right."""
        try:
            self._rules = read_team(self.folder, self.environ).rules
        except AccessError as exc:
            self._broken = True
            lines = "\n".join(f"  {p}" for p in exc.problems)
            log.error("the access file has %s; the roles read before stay in force until "
                      "it is put right\n%s", _count(len(exc.problems), "mistake"), lines)
            return
        if self._broken:
            log.warning("the access file is put right: its roles are in force from now")
        else:
            log.warning("the access file changed: its roles are in force from now")
        self._broken = False
        warn_unmatched(self.folder, self._rules)

    def allows(self, person: Person, action: Action, profile: str | None) -> bool:
        return self.rules().allows(person, action, profile)

    def approvers(self, profile: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        rules = self.rules()
        named = rules.departments.get(_stem(profile), Department()).approvers
        return tuple(sorted(named)), tuple(sorted(rules.admins))

    def unstarted(self, person: Person) -> tuple[str, ...]:
        """For the list of profiles: a sentence for each department of `person`'s roles
        that has no profile, so that they are told why they see none of it (and not
        that the folder has none), and what to do."""
        rules = self.rules()
        return tuple(_unstarted_words(name, rules.allows(person, "edit", name))
                     for name in rules.departments_of(person)
                     if not has_profile(self.folder, name))

    def _stamp(self) -> tuple[int, int]:
        try:
            found = self.path.stat()
        except OSError:
            return (0, 0)
        return (found.st_mtime_ns, found.st_size)


def warn_unmatched(folder: Path, rules: Rules) -> None:
    """Say in the console each department of the access file that names no profile: its
    people would see no profile to edit, and start a second, blank one."""
    for line in unmatched(folder, rules):
        log.warning("%s", line)


def unmatched(folder: Path, rules: Rules) -> tuple[str, ...]:
    """For each department the rules name with no profile (neither NAME.yaml nor
    drafts/NAME.yaml in `folder`), a sentence with the fix, naming the profile it may
    have meant: the one whose slug is that name, or whose file name is close to it."""
    profiles = _profiles(folder)
    return tuple(_unmatched_words(name, _meant(name, profiles))
                 for name in sorted(rules.departments) if name not in profiles)


def has_profile(folder: Path, department: str) -> bool:
    return department in _profiles(folder)


def _unmatched_words(name: str, meant: str) -> str:
    said = (f"{ACCESS_FILE.as_posix()} names the department {name}, but there is no "
            f"profile {name}.yaml (nor drafts/{name}.yaml), so its people see no profile "
            "to edit.")
    rule = "Departments are named by the profile's file name, without .yaml"
    if meant:
        return (f"{said} Did you mean {meant}.yaml? {rule}: write {meant}: in place of "
                f"{name}:.")
    return f"{said} {rule}; if the profile is still to be started, this is expected."


def _unstarted_words(name: str, edits: bool) -> str:
    if edits:
        return (f"You edit {name}, which has no profile yet: start it below (its file name "
                f"{name}), or ask an administrator if it should be another file.")
    return (f"You approve {name}, which has no profile yet: its editors start it, or ask "
            "an administrator if it should be another file.")


def _profiles(folder: Path) -> dict[str, Path]:
    """The profiles in `folder` and its drafts, by file name without .yaml."""
    found: dict[str, Path] = {}
    for where in (folder / "drafts", folder):  # a published profile over its draft
        found |= {path.stem: path for path in sorted(where.glob("*.yaml"))
                  if not path.name.startswith(".")}
    return found


_SLUG = re.compile(r"^\s+slug:\s*[\"']?([A-Za-z0-9_-]+)", re.MULTILINE)


def _meant(name: str, profiles: Mapping[str, Path]) -> str:
    """The profile `name` probably means: the one whose slug is `name`; else the one
    whose file name starts with it (dvla for dvla-social-media-policy); else the closest
    file name; "" when none is near."""
    for stem, path in profiles.items():
        try:
            slug = _SLUG.search(path.read_text(encoding="utf-8", errors="replace")[:4000])
        except OSError:
            continue
        if slug is not None and slug.group(1) == name:
            return stem
    starting = sorted(stem for stem in profiles if stem.startswith(f"{name}-"))
    if starting:
        return starting[0]
    close = difflib.get_close_matches(name, list(profiles), n=1, cutoff=0.75)
    return close[0] if close else ""


def address_key(email: str) -> str:
    """An address as it is compared: lower case in ASCII only. str.lower() would fold
    other letters into ASCII ones (the Kelvin sign U+212A into k, so that "\u212aate.k@"
    matched kate.k@); an address with any other character matches only an entry that
    names it exactly."""
    return email.lower() if email.isascii() else email


def entry_key(entry: str) -> str:
    """An entry of the access file as it is compared: an address by address_key; a group
    with its name exactly as written (the `group:` prefix in any case)."""
    if entry[:len(GROUP)].lower() == GROUP:
        return GROUP + entry[len(GROUP):]
    return address_key(entry)


def _named(person: Person, entries: frozenset[str]) -> bool:
    return address_key(person.email) in entries or any(
        f"{GROUP}{group}" in entries for group in person.groups)


def _stem(profile: str) -> str:
    return profile.removesuffix(".yaml")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'s' if n != 1 else ''}"
