"""A central reviewer's decisions on a department's profile, kept beside the profiles.

`signoffs/<slug>.yaml`, in the profiles' folder, holds every decision on that department's
profile, oldest first: accepted or returned, by whom, on which day, with the SHA-256 of the
profile's bytes as judged. It is plain YAML so it is kept in version control with the
profiles and its history read with theirs. A decision holds only for the bytes it judged: a
profile changed since (by one character, or saved again with other line endings) has
"changed since sign-off", never the old decision.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import os
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, get_args

from ruamel.yaml import YAML
from ruamel.yaml.scalarstring import LiteralScalarString

from generator.errors import Problem, ProfileError, UsageError
from generator.policy import available_editions, long_date
from generator.profile import SourceDoc, check_profile, load_profile_bytes
from generator.publish import publish

try:  # POSIX: a lock that another process honours too (the editor and the command at once)
    import fcntl
except ImportError:  # pragma: no cover - Windows: this process's own lock only
    fcntl = None  # type: ignore[assignment]

Decision = Literal["accepted", "returned"]
Answer = Literal["reviewer", "decision", "comment"]  # what a person gives for a decision
StateKind = Literal["accepted", "returned", "changed", "not_reviewed"]
DECISIONS: tuple[str, ...] = get_args(Decision)
FOLDER = "signoffs"
LONGEST_NAME = 200
LONGEST_COMMENT = 4000
AS_WRITTEN = ("put the file back as it was written: `git diff` shows what changed, "
              "`git checkout` undoes it")
SHA256 = re.compile(r"[0-9a-f]{64}")
HEADER = ("# Central review of this department's social media policy profile: every decision,\n"
          "# oldest first. Written by `policy-pack signoff` (or the editor's review pages);\n"
          "# keep it in version control with the profiles. A decision holds only for the\n"
          "# profile whose SHA-256 it names.\n")


@dataclass(frozen=True)
class SignOff:
    """One decision on a profile, as judged."""

    reviewer: str
    decision: Decision
    date: dt.date
    profile_sha256: str  # of the profile's bytes when judged
    version: str  # the policy's version when judged, for people reading the file
    comment: str = ""


@dataclass(frozen=True)
class State:
    """Where a department's profile stands in central review."""

    kind: StateKind
    words: str  # "Accepted by Jane Smith on 7 December 2026", "Not reviewed", ...
    latest: SignOff | None = None  # the newest decision, whatever profile it judged


@dataclass(frozen=True)
class Signed:
    """A decision recorded by `sign_off`: where, and the check's warnings on the profile."""

    profile: Path
    signoff: SignOff
    path: Path  # the department's sign-off file
    warnings: tuple[Problem, ...]

    def line(self) -> str:
        """`profiles/dwp.yaml: accepted by Jane Smith on 7 December 2026
        (profiles/signoffs/dwp.yaml; profile 200f1529…)`."""
        d = self.signoff
        return (f"{self.profile}: {d.decision} by {d.reviewer} on {long_date(d.date)} "
                f"({self.path}; profile {d.profile_sha256[:8]}…)")


_write_lock = threading.Lock()  # one decision written at a time in this process


def signoffs_path(profiles: Path, slug: str) -> Path:
    """The file of a department's decisions, in `profiles` (the folder of its profile)."""
    return profiles / FOLDER / f"{slug}.yaml"


def profile_hash(profile: Path) -> str:
    """The SHA-256 a decision names: of the profile file's bytes, as the manifest has it."""
    return hashlib.sha256(profile.read_bytes()).hexdigest()


def state(decisions: tuple[SignOff, ...], current_sha256: str) -> State:
    """The newest decision, if it judged these bytes; "changed since sign-off" if not."""
    if not decisions:
        return State("not_reviewed", "Not reviewed")
    latest = decisions[-1]
    judged = f"{latest.decision} by {latest.reviewer} on {long_date(latest.date)}"
    if latest.profile_sha256 != current_sha256:
        return State("changed", f"Changed since sign-off (it was {judged})", latest)
    return State(latest.decision, judged[:1].upper() + judged[1:], latest)


def read_signoffs(path: Path) -> tuple[SignOff, ...]:
    """Every decision in a sign-off file, oldest first; none if there is no file.

    ProfileError, with each problem's line and column, if the file is not as written."""
    if not path.is_file():
        return ()
    return _parsed(load_profile_bytes(path.read_bytes(), path))


def sign_off(profile: Path, reviewer: str, decision: str, comment: str,
             today: dt.date) -> Signed:
    """Check `profile` as `check` does, then record the decision on the bytes checked.

    UsageError if the answers will not do (said before the profile is read); ProfileError
    with every problem of the profile (a profile with problems cannot be signed off) or of
    its sign-off file. Nothing is written unless the decision is recorded whole."""
    _refuse(answer_problems(reviewer, decision, comment))
    checked = check_profile(profile, available_editions(), today)
    department, policy = checked.profile.department, checked.profile.policy
    signoff = record_signoff(profile, department.slug, policy.version, reviewer, decision,
                             comment, today, judged=checked.doc.sha256)
    return Signed(profile, signoff, signoffs_path(profile.parent, department.slug),
                  checked.warnings)


def record_signoff(profile: Path, slug: str, version: str, reviewer: str, decision: str,
                   comment: str, today: dt.date, judged: str | None = None) -> SignOff:
    """Add a decision on `profile` (already checked clean by the caller) to its department's
    file, written whole or not at all. UsageError if the decision, the reviewer's name or
    the comment will not do, if a file is in the way, or if the profile's bytes are no
    longer `judged` (the SHA-256 of the bytes the caller checked: it changed meanwhile)."""
    _refuse(answer_problems(reviewer, decision, comment))
    signoff = SignOff(" ".join(reviewer.split()), decision,  # type: ignore[arg-type]
                      today, profile_hash(profile), version, _tidied(comment))
    if judged is not None and signoff.profile_sha256 != judged:
        raise UsageError(f"{profile}: changed while it was being checked, so nothing was "
                         "recorded; sign it off again")
    path = signoffs_path(profile.parent, slug)
    _writable(path)
    with _locked(path.parent):  # read, add and write as one step: no decision lost
        decisions = (*read_signoffs(path), signoff)
        data = _written(slug, decisions)
        _verify(path, data, decisions)
        publish(path.parent, {path.name: data})
    return signoff


def answer_problems(reviewer: str, decision: str, comment: str) -> dict[Answer, str]:
    """What is wrong with a person's answers, by answer, in words for that person; empty
    when they will do. Every one at once: the editor shows each beside its field."""
    problems: dict[Answer, str] = {}
    name = " ".join(reviewer.split())
    if not name:
        problems["reviewer"] = "Enter the reviewer's name, as colleagues know it"
    elif len(name) > LONGEST_NAME:
        problems["reviewer"] = f"The reviewer's name must be {LONGEST_NAME} characters or fewer"
    elif refused := _unwritable(name):
        problems["reviewer"] = f"The reviewer's name {refused}"
    if decision not in DECISIONS:
        problems["decision"] = "Choose accepted or returned"
    text = _tidied(comment)
    if decision == "returned" and not text:
        problems["comment"] = ("Enter a comment saying what the department should put "
                               "right: a profile returned needs one")
    elif len(text) > LONGEST_COMMENT:
        problems["comment"] = f"The comment must be {LONGEST_COMMENT} characters or fewer"
    elif text and (refused := _unwritable(text)):
        problems["comment"] = f"The comment {refused}"
    return problems


def _refuse(problems: dict[Answer, str]) -> None:
    """The command line's words for the answers' problems: each named by its option."""
    if problems:
        raise UsageError("; ".join(f"--{answer}: {text[:1].lower()}{text[1:]}"
                                   for answer, text in problems.items()))


def _tidied(comment: str) -> str:
    return comment.strip().replace("\r\n", "\n").replace("\r", "\n")


def _unwritable(text: str) -> str:
    """Why the project's own reader would refuse `text` in a sign-off file (an invisible
    character, say), or "": a decision written must always read back, or its department's
    file would stop every later decision."""
    try:
        load_profile_bytes(_yaml_text({"value": text}).encode("utf-8"), Path("answer.yaml"))
    except ProfileError as exc:
        first = exc.problems[0]
        return first.message.removeprefix("value: ") + (f" ({first.hint})" if first.hint
                                                         else "")
    return ""


def _writable(path: Path) -> None:
    """UsageError, before anything is written, where a file or folder is in the way."""
    if path.parent.exists() and not path.parent.is_dir():
        raise UsageError(f"{path.parent}: is a file, not the folder of sign-offs, so "
                         f"nothing was recorded (move the file away: the folder {FOLDER}/ "
                         "beside the profiles holds the decisions)")
    if path.exists() and not path.is_file():
        raise UsageError(f"{path}: is not a file, so nothing was recorded (move it away)")


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """One writer of the decisions at a time, in this process and (on POSIX) across
    processes, so that two decisions made at once are both kept."""
    with _write_lock:
        folder.mkdir(parents=True, exist_ok=True)
        if fcntl is None:  # pragma: no cover
            yield
            return
        handle = os.open(folder, os.O_RDONLY)
        try:
            fcntl.flock(handle, fcntl.LOCK_EX)
            yield
        finally:
            os.close(handle)  # closing the descriptor releases the lock


def _verify(path: Path, data: bytes, decisions: tuple[SignOff, ...]) -> None:
    """The new file reads back as these decisions, or nothing is written: a file the
    reader refuses (grown too large, say) would stop every later decision."""
    try:
        read = _parsed(load_profile_bytes(data, path))
    except ProfileError as exc:
        raise UsageError(f"{path}: the decision could not be recorded: "
                         f"{exc.problems[0].message}; nothing was written") from None
    if read != decisions:
        raise UsageError(f"{path}: the decision would not read back as written, so "
                         "nothing was written")


def _parsed(doc: SourceDoc) -> tuple[SignOff, ...]:
    data = doc.data
    if not isinstance(data, dict) or not isinstance(data.get("decisions"), list):
        raise ProfileError([doc.problem((), "must have `decisions:`, a list of decisions",
                                        "it is written by `policy-pack signoff`")])
    problems: list[Problem] = []
    found = [_decision(doc, index, item, problems)
             for index, item in enumerate(data["decisions"])]
    if problems:
        raise ProfileError(problems)
    return tuple(d for d in found if d is not None)


def _decision(doc: SourceDoc, index: int, item: object,
              problems: list[Problem]) -> SignOff | None:
    key = ("decisions", index)
    if not isinstance(item, dict):
        problems.append(doc.problem(key, "must be a decision: reviewer, decision, date, "
                                         "profile_sha256"))
        return None
    values = {name: item.get(name) for name in ("reviewer", "decision", "date",
                                                 "profile_sha256", "version", "comment")}
    values["date"] = _day(values["date"])
    wrong = [name for name, kind in (("reviewer", str), ("decision", str), ("date", dt.date),
                                     ("profile_sha256", str))
             if not isinstance(values[name], kind)]
    if values["decision"] not in DECISIONS and "decision" not in wrong:
        wrong.append("decision")
    if "profile_sha256" not in wrong and not SHA256.fullmatch(str(values["profile_sha256"])):
        wrong.append("profile_sha256")
    for name in wrong:
        problems.append(
            doc.problem((*key, name), "is not as `policy-pack signoff` writes it", AS_WRITTEN)
            if name in item else doc.problem(key, f"has no `{name}:`", AS_WRITTEN))
    if wrong:
        return None
    return SignOff(str(values["reviewer"]), values["decision"],  # type: ignore[arg-type]
                   values["date"], str(values["profile_sha256"]),  # type: ignore[arg-type]
                   str(values["version"] or ""), str(values["comment"] or ""))


def _day(value: object) -> dt.date | None:
    """A date as the loader gives it: a date, or its YYYY-MM-DD text."""
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def _written(slug: str, decisions: tuple[SignOff, ...]) -> bytes:
    return (HEADER + _yaml_text({"department": slug, "decisions": [
        {"decision": d.decision, "reviewer": d.reviewer, "date": d.date,
         "profile_sha256": d.profile_sha256, "version": d.version,
         **({"comment": _block(d.comment)} if d.comment else {})} for d in decisions]})
    ).encode("utf-8")


def _block(comment: str) -> str:
    """A comment of several lines as a YAML block, line for line, to read in a diff."""
    return LiteralScalarString(comment) if "\n" in comment else comment


def _yaml_text(data: object) -> str:
    yaml = YAML(typ="rt")  # keeps the keys in the order written here
    yaml.default_flow_style = False
    yaml.width = 88
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()
