"""A central reviewer's decisions on a department's profile, kept beside the profiles.

`signoffs/<slug>.yaml`, in the profiles' folder, holds every decision on that department's
profile, oldest first: accepted or returned, by whom, on which day, with the SHA-256 of the
profile's bytes as judged. It is plain YAML so it is kept in version control with the
profiles and its history read with theirs. A decision holds only for the bytes it judged: a
profile changed since (by one character, or saved again with other line endings) has
"changed since sign-off", never the old decision.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, get_args

from ruamel.yaml import YAML

from generator.errors import Problem, ProfileError, UsageError
from generator.policy import long_date
from generator.profile import SourceDoc, format_key, load_profile_bytes
from generator.publish import publish

Decision = Literal["accepted", "returned"]
StateKind = Literal["accepted", "returned", "changed", "not_reviewed"]
DECISIONS: tuple[str, ...] = get_args(Decision)
FOLDER = "signoffs"
LONGEST_NAME = 200
LONGEST_COMMENT = 4000
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
    doc = load_profile_bytes(path.read_bytes(), path)
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


def record_signoff(profile: Path, slug: str, version: str, reviewer: str, decision: str,
                   comment: str, today: dt.date) -> SignOff:
    """Add a decision on `profile` (already checked clean by the caller) to its department's
    file, written whole or not at all. UsageError if the decision, the reviewer's name or
    the comment will not do."""
    signoff = SignOff(_reviewer(reviewer), _chosen(decision), today, profile_hash(profile),
                      version, _comment(comment, decision))
    path = signoffs_path(profile.parent, slug)
    earlier = read_signoffs(path)
    publish(path.parent, {path.name: _written(slug, (*earlier, signoff))})
    return signoff


def _chosen(decision: str) -> Decision:
    if decision not in DECISIONS:
        raise UsageError(f"--decision {decision}: must be accepted or returned")
    return decision  # type: ignore[return-value]


def _reviewer(name: str) -> str:
    name = " ".join(name.split())
    if not name or len(name) > LONGEST_NAME:
        raise UsageError(f"--reviewer: give the reviewer's name (at most {LONGEST_NAME} "
                         "characters), as colleagues know it: --reviewer \"Jane Smith\"")
    return name


def _comment(comment: str, decision: str) -> str:
    comment = comment.strip().replace("\r\n", "\n")
    if decision == "returned" and not comment:
        raise UsageError("--comment: a profile returned to its department needs a comment "
                         "saying what to put right")
    if len(comment) > LONGEST_COMMENT:
        raise UsageError(f"--comment: at most {LONGEST_COMMENT} characters")
    return comment


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
    for name in wrong:
        problems.append(doc.problem((*key, name), f"{format_key((*key, name))} is missing or "
                                    "not as `policy-pack signoff` writes it"))
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
    yaml = YAML(typ="rt")  # keeps the keys in the order written here
    yaml.default_flow_style = False
    yaml.width = 88
    out = io.StringIO()
    yaml.dump({"department": slug, "decisions": [
        {"decision": d.decision, "reviewer": d.reviewer, "date": d.date,
         "profile_sha256": d.profile_sha256, "version": d.version,
         **({"comment": d.comment} if d.comment else {})} for d in decisions]}, out)
    return (HEADER + out.getvalue()).encode("utf-8")
