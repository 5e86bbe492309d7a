"""Fifty departments for trying central review at scale (issue 26, deliverable 8).

`python scripts/many_departments.py OUT [N]` writes N (default 50) department profiles into
OUT, made from the four samples in profiles/, with the samples' logos beside them. Each has
its own name, slug and accounts; the mix is what a central HR team would meet: most on the
October 2014 edition and some on May 2012, bodies in Great Britain, the UK, England, Wales and
Northern Ireland, versions, owners and dates of their own (about one in five past its review
date), a handful of approvers who recur across departments, some omitting sections that are
not core, some adding to a section or giving it their own heading. Central review is part
way through: `OUT/signoffs/` holds decisions on about two in five (accepted, returned,
returned then accepted, and accepted but changed since), as `policy-pack signoff` writes them.

The profiles are edited as YAML trees with ruamel.yaml's round-trip loader, so the samples'
comments, key order and quoting survive. Every profile written passes `policy-pack check`:
a sample moved to the other edition is checked, and kept on its own edition if the move
would not validate. The same count and date give the same files, byte for byte: each
department's choices come from a random generator seeded with its place in the list, so the
first 20 of 50 are the 20 of a run with N=20.
"""

from __future__ import annotations

import datetime as dt
import io
import random
import shutil
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.errors import ProfileError  # noqa: E402
from generator.model import Guidance, Profile  # noqa: E402
from generator.policy import available_editions  # noqa: E402
from generator.profile import check_source, load_profile_bytes  # noqa: E402
from generator.review import record_signoff  # noqa: E402

SAMPLES = ROOT / "profiles"
SEED = "issue-26-many-departments"
OLD, NEW = "2012-05", "2014-10"


@dataclass(frozen=True)
class Department:
    sample: str  # the stem of the profile in profiles/ it is made from
    name: str
    short_name: str
    jurisdiction: str | tuple[str, ...]
    organisation: str | None = None  # None: the sample's (or the default, ministerial)


# Invented bodies, each shaped like the sample it is made from: ministerial departments from
# DWP's, executive agencies from DVLA's, Northern Ireland departments from the Department of
# Finance's and Welsh bodies from the Welsh Government's.
CATALOGUE: tuple[Department, ...] = (
    Department("dwp", "Department for Rural Affairs", "DRA", "UK"),
    Department("dvla", "Vehicle Standards Agency", "VSA", "GB"),
    Department("nics-finance", "Department of Rural Enterprise", "DRE", "NI"),
    Department("welsh-government", "Welsh Revenue Office", "WRO", "Wales",
               "non-ministerial department"),
    Department("dwp", "Department for Skills and Apprenticeships", "DfSA", "England"),
    Department("dvla", "Marine Licensing Agency", "MLA", "UK"),
    Department("dwp", "Department for Coastal Communities", "DCC", "GB"),
    Department("nics-finance", "Department for Regional Transport", "DRT", "NI"),
    Department("dwp", "Ministry of Housing Standards", "MHS", "England"),
    Department("welsh-government", "Natural Resources Office for Wales", "NROW", "Wales",
               "arm's-length body"),
    Department("dvla", "Land Records Agency", "LRA", ("England", "Wales")),
    Department("dwp", "Department for Energy Networks", "DEN", "GB"),
    Department("dvla", "Plant Health Agency", "PHA", "GB"),
    Department("nics-finance", "Department of Skills and Learning", "DSL", "NI"),
    Department("dwp", "Department for Trade Promotion", "DTP", "UK"),
    Department("welsh-government", "Careers Service for Wales", "CSW", "Wales",
               "arm's-length body"),
    Department("dvla", "Patents and Designs Agency", "PDA", "UK"),
    Department("dwp", "Department for Heritage and Museums", "DHM", "England"),
    Department("dwp", "Department for Water and Flood Resilience", "DWFR", ("England", "Wales")),
    Department("nics-finance", "Department for Housing and Communities", "DHC", "NI"),
    Department("dvla", "Public Records Agency", "PRA", ("England", "Wales")),
    Department("dwp", "Office for Public Sector Pensions", "OPSP", "UK",
               "non-ministerial department"),
    Department("welsh-government", "Welsh Language Office", "WLO", "Wales",
               "arm's-length body"),
    Department("dvla", "Weather Services Agency", "WSA", "UK"),
    Department("dwp", "Department for Veterans' Services", "DVS", "UK"),
    Department("nics-finance", "Department of Tourism and Heritage", "DTH", "NI"),
    Department("dvla", "Coastguard Support Agency", "CSA", "UK"),
    Department("dwp", "Department for Digital Public Services", "DDPS", "UK"),
    Department("welsh-government", "Arts Office for Wales", "AOW", "Wales",
               "arm's-length body"),
    Department("dvla", "Student Finance Agency", "SFA", "England"),
    Department("dwp", "Ministry of Civil Contingencies", "MCC", "UK"),
    Department("nics-finance", "Department for Water Services", "DWS", "NI"),
    Department("dvla", "Passport Services Agency", "PSA", "UK"),
    Department("dwp", "Regulatory Reform Office", "RRO", "GB", "non-ministerial department"),
    Department("welsh-government", "Public Health Office for Wales", "PHOW", "Wales",
               "arm's-length body"),
    Department("dvla", "Fisheries Protection Agency", "FPA", ("GB", "UK")),
    Department("dwp", "Department for Science Infrastructure", "DSI", "UK"),
    Department("nics-finance", "Department of Health Estates", "DHE", "NI"),
    Department("dvla", "Medicines Testing Agency", "MTA", "UK"),
    Department("dwp", "Department for Children's Services", "DCS", "England"),
    Department("welsh-government", "Transport Services for Wales", "TSW", "Wales",
               "arm's-length body"),
    Department("dvla", "Driving Examiners Agency", "DEA", "GB"),
    Department("dwp", "Department for Local Transport", "DLT", "England"),
    Department("nics-finance", "Department for Digital Government", "DDG", "NI"),
    Department("dvla", "Companies Registration Agency", "CRA", "UK"),
    Department("dwp", "Food Standards Office", "FSO", ("England", "Wales", "NI"),
               "non-ministerial department"),
    Department("welsh-government", "Welsh Education Inspectorate", "WEI", "Wales",
               "non-ministerial department"),
    Department("nics-finance", "Statistics and Research Agency", "SRA", "NI",
               "executive agency"),
    Department("dwp", "Department for International Partnerships", "DIP", "UK"),
    Department("welsh-government", "Historic Buildings Service for Wales", "HBSW", "Wales",
               "arm's-length body"),
)

# A handful of approvers, the first two far more often than the rest, so that "every
# departure approved by X" picks out a real share of the register.
APPROVERS = ("Director of Communications", "Head of Communications",
             "Head of Digital Communications", "Chief People Officer",
             "Deputy Director, Strategy")
APPROVER_WEIGHTS = (5, 4, 2, 1, 1)
OWNERS = ("Digital Communications Team", "Communications Directorate", "Press and Digital Team",
          "Internal Communications", "Customer Communications Team", "HR Policy Team",
          "Corporate Communications Unit", "Digital Engagement Team")
# Central reviewers, and what they ask a department to put right when they return a policy.
REVIEWERS = ("Priya Shah", "Tom Reid", "Ngozi Adeyemi")
RETURNS = ("Give a reason for each omitted section that a reader outside the department "
           "would understand.",
           "The review date has passed: review the policy and set a new date.",
           "Say who approved the local rules by name and role, not by team.")
TWO_STEP = ("Required on every account",
            "Required on every account, with a security key for administrators",
            "Required for administrators; recommended for everyone else")
# The text of each sample's accounts and addresses that names the sample's department,
# replaced by the new department's short name (lower case, then as written).
TOKENS = {"dwp": ("dwp", "DWP"), "dvla": ("dvla", "DVLA"), "nics-finance": ("dof", "DoF"),
          "welsh-government": ("welshgov", "Welsh Government")}

# Departures a department may add, by section ID; a section its edition lacks is skipped.
OMISSIONS = {
    "devices.work-and-personal": "Our staff use only managed work devices; the device policy "
                                 "covers them.",
    "media.contact": "Our media protocol, published separately, covers speaking to the media.",
    "policy.departmental": "This document is our departmental policy, so the pointer to it "
                           "is not needed.",
    "principles.consult-and-engage": "We do not run public consultations on social media.",
    "barriers.programmes": "This section is about programmes designed centrally. It sets no "
                           "task for our ICT staff.",
    "barriers.video": "Our network already streams video to every desk.",
    "channels.choosing": "Our channels are chosen centrally by the Communications "
                         "Directorate.",
    "engagement.listening": "Listening is covered by our insight team's own procedure.",
}
ADDITIONS = {
    "posting.checks": ("Before you post from an official account, ask a second person in "
                       "your team to read the post.",
                       "Two people read every post since a wrong post last year."),
    "data.personal-and-official": ("Report a post that shares personal data by mistake to "
                                   "the data protection officer the same day.",
                                   "Our data protection officer asked for a same-day report."),
    "conduct.colleagues": ("You can also report bullying online to the Speak Up team in "
                           "confidence.",
                           "Staff asked where to report bullying in confidence."),
    "media.contact": ("Tell the Press Office the same day if a journalist contacts you "
                      "through social media.",
                      "Journalists often approach our staff directly online."),
}
RETITLES = {
    "media.contact": ("Talking to journalists", "Our staff know the press as journalists."),
    "devices.work-and-personal": ("Phones, laptops and tablets",
                                  "Staff look for their devices by name."),
    "posting.checks": ("Before you post", "A shorter heading for the intranet's menu."),
}


def write_departments(folder: Path, count: int = 50, *, today: dt.date) -> list[Path]:
    """Write `count` department profiles into `folder` (made if missing), with the samples'
    logos in `folder/logos` and central reviewers' decisions on some of them in
    `folder/signoffs`; the profiles' paths, in catalogue order.

    Each profile passes `policy-pack check` as of `today`, which also decides which review
    dates have passed and dates the decisions."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copytree(SAMPLES / "logos", folder / "logos", dirs_exist_ok=True)
    editions = available_editions()
    written = []
    for index, department in zip(range(count), _catalogue(), strict=False):
        path, profile = _write(folder, index, department, editions, today)
        _sign_off(path, profile, random.Random(f"{SEED}:{index}:signoff"), today)
        written.append(path)
    return written


def _catalogue() -> Iterator[Department]:
    """The catalogue, then again with numbered names for a count past its length."""
    round_ = 1
    while True:
        for department in CATALOGUE:
            if round_ == 1:
                yield department
            else:
                yield Department(department.sample, f"{department.name} {round_}",
                                 f"{department.short_name}{round_}", department.jurisdiction,
                                 department.organisation)
        round_ += 1


def _write(folder: Path, index: int, department: Department, editions: dict[str, Guidance],
           today: dt.date) -> tuple[Path, Profile]:
    path = folder / f"{_slug(department)}.yaml"
    sample_edition = str(_yaml().load(_sample_text(department))["base"])
    wanted = _edition(random.Random(f"{SEED}:{index}:edition"), department, sample_edition)
    for edition in dict.fromkeys((wanted, sample_edition)):  # the wanted one, else its own
        text = _profile(department, random.Random(f"{SEED}:{index}"), editions[edition], today)
        try:
            checked = check_source(load_profile_bytes(text.encode("utf-8"), path), editions,
                                   today)
        except ProfileError:
            if edition == sample_edition:
                raise  # the sample on its own edition: a bug in this script
            continue
        path.write_text(text, "utf-8")
        return path, checked.profile
    raise AssertionError("unreachable")


def _edition(rng: random.Random, department: Department, sample_edition: str) -> str:
    """Most departments on the October 2014 edition: about one in six of the rest stay on,
    or move to, May 2012, as do half of the Northern Ireland departments (their sample's)."""
    if sample_edition == OLD:
        return OLD if rng.random() < 0.5 else NEW
    return OLD if rng.random() < 0.17 else NEW


def _profile(department: Department, rng: random.Random, guidance: Guidance,
             today: dt.date) -> str:
    """The sample's YAML tree with this department's identity, policy details, edition and
    departures, as text."""
    data = _yaml().load(_sample_text(department))
    # The samples' opening comments describe the sample; the schema's path is relative to
    # profiles/, so it is left out rather than left wrong.
    data.ca.comment = None
    data.yaml_set_start_comment(
        f"Made by scripts/many_departments.py from profiles/{department.sample}.yaml for "
        "trying central review at scale.\nContact details are examples only.")
    _identity(data, department)
    _rename(data, department)
    # The sample's translation file is the sample's: these departments have none yet.
    data.pop("translations", None)
    approver = rng.choices(APPROVERS, APPROVER_WEIGHTS)[0]
    effective = _policy(data["policy"], rng, approver, today)
    data["base"] = DoubleQuotedScalarString(guidance.edition)
    _fit_edition(data, guidance)
    _approvals(data, rng, approver, effective)
    _departures(data, rng, guidance, approver, effective)
    if "account_security" in data:
        data["account_security"]["two_step_verification"] = rng.choice(TWO_STEP)
    stream = io.StringIO()
    _yaml().dump(data, stream)
    return stream.getvalue()


def _identity(data: CommentedMap, department: Department) -> None:
    about = data["department"]
    about["name"] = department.name
    about["short_name"] = department.short_name
    about["slug"] = _slug(department)
    about.ca.items.pop("jurisdiction", None)  # the sample's note on its own remit
    if isinstance(department.jurisdiction, str):
        about["jurisdiction"] = department.jurisdiction
    else:
        places = CommentedSeq(department.jurisdiction)
        places.fa.set_flow_style()
        about["jurisdiction"] = places
    if department.organisation:
        if "organisation" in about:
            about["organisation"] = department.organisation
        else:  # where the samples put it: after the jurisdiction
            about.insert(list(about).index("jurisdiction") + 1, "organisation",
                         department.organisation)
    about["logo"]["alt"] = f"{department.name} sample logo"
    if "title" in data["policy"]:
        data["policy"]["title"] = f"{department.short_name} social media policy"


def _rename(data: CommentedMap, department: Department) -> None:
    """The sample's department named in its accounts, addresses and FOI contact: this one's."""
    lower, written = TOKENS[department.sample]
    pairs = ((lower, department.short_name.lower()), (written, department.short_name))
    for key in ("channels", "contacts", "records"):
        if key in data:
            _replace_strings(data[key], pairs)


def _replace_strings(node: Any, pairs: tuple[tuple[str, str], ...]) -> None:
    items = node.items() if isinstance(node, dict) else enumerate(node)
    for key, value in list(items):
        if isinstance(value, str):
            for old, new in pairs:
                value = value.replace(old, new)
            node[key] = type(node[key])(value) if isinstance(node[key], str) else value
        elif isinstance(value, (dict, list)):
            _replace_strings(value, pairs)


def _policy(policy: CommentedMap, rng: random.Random, approver: str,
            today: dt.date) -> dt.date:
    """Owner, version and dates of this department's own; a history where the sample has
    one. Reviews are yearly for most, every two years for some, so about one in five has
    passed its review date. The effective date, returned."""
    major, minor = rng.randint(1, 3), rng.randint(0, 4)
    effective = today - dt.timedelta(days=rng.randint(-45, 560))
    review_by = effective + dt.timedelta(days=365 if rng.random() < 0.7 else 730)
    policy["owner"] = rng.choice(OWNERS)
    policy["version"] = DoubleQuotedScalarString(f"{major}.{minor}")
    policy["effective"] = effective
    policy["review_by"] = review_by
    if "history" in policy:
        policy["history"] = _history(rng, major, minor, effective, approver)
    return effective


def _history(rng: random.Random, major: int, minor: int, effective: dt.date,
             approver: str) -> CommentedSeq:
    """Newest first: this version, approved a few weeks before it took effect, then each
    earlier major version a year or so apart."""
    versions = [f"{major}.{minor}", *(f"{m}.0" for m in range(major - (minor == 0), 0, -1))]
    versions = list(dict.fromkeys(versions))
    when = effective - dt.timedelta(days=rng.randint(7, 40))
    rows = CommentedSeq()
    for number, version in enumerate(versions):
        last = number == len(versions) - 1
        rows.append(CommentedMap([
            ("version", DoubleQuotedScalarString(version)), ("date", when),
            ("changes", "First version" if last else "Updates contacts, channels and "
                                                     "house rules"),
            ("approved_by", approver)]))
        when -= dt.timedelta(days=rng.randint(300, 500))
    return rows


def _fit_edition(data: CommentedMap, guidance: Guidance) -> None:
    """Drop what names a section the edition does not have: an adaptation of it, or a local
    rule's place after it (the rule then goes at the end)."""
    ids = {s.id for s in guidance.sections()}
    adaptations = data.get("adaptations") or {}
    for section_id in [s for s in adaptations if s not in ids]:
        del adaptations[section_id]
    if "adaptations" in data and not adaptations:
        del data["adaptations"]
    known = set(ids)
    for rule in data.get("local_rules") or ():
        if rule.get("after") and rule["after"] not in known:
            del rule["after"]
        known.add(rule["id"])


def _approvals(data: CommentedMap, rng: random.Random, approver: str,
               effective: dt.date) -> None:
    """The sample's own departures approved by this department's approvers, before the
    policy took effect."""
    entries = [*(data.get("adaptations") or {}).values(), *(data.get("local_rules") or ())]
    for entry in entries:
        if "approved_by" in entry:
            entry["approved_by"] = _approver(rng, approver)
            entry["date"] = effective - dt.timedelta(days=rng.randint(14, 60))


def _approver(rng: random.Random, usual: str) -> str:
    """The department's usual approver, or now and then another of the handful."""
    return usual if rng.random() < 0.8 else rng.choices(APPROVERS, APPROVER_WEIGHTS)[0]


def _departures(data: CommentedMap, rng: random.Random, guidance: Guidance, approver: str,
                effective: dt.date) -> None:
    """Up to two omissions, perhaps an addition to a section's text, perhaps a heading of
    the department's own: never of a core section, nor of one already adapted."""
    sections = {s.id: s for s in guidance.sections() if not s.core}
    adaptations = data.get("adaptations") or CommentedMap()
    free = [s for s in sections if s not in adaptations]

    def approval() -> list[tuple[str, Any]]:
        return [("approved_by", _approver(rng, approver)),
                ("date", effective - dt.timedelta(days=rng.randint(14, 60)))]

    for section_id in rng.sample(_present(OMISSIONS, free), rng.choice((0, 0, 1, 1, 2))):
        adaptations[section_id] = CommentedMap([
            ("action", "omit"), ("reason", OMISSIONS[section_id]), *approval()])
        free.remove(section_id)
    if rng.random() < 0.4 and _present(ADDITIONS, free):
        section_id = rng.choice(_present(ADDITIONS, free))
        text, reason = ADDITIONS[section_id]
        adaptations[section_id] = CommentedMap([
            ("action", "modify"), ("append", LiteralScalarString(text + "\n")),
            ("reason", reason), *approval()])
        free.remove(section_id)
    if rng.random() < 0.25 and _present(RETITLES, free):
        section_id = rng.choice(_present(RETITLES, free))
        title, reason = RETITLES[section_id]
        adaptations[section_id] = CommentedMap([
            ("title", title), ("reason", reason), *approval()])
    if adaptations and "adaptations" not in data:
        data["adaptations"] = adaptations


def _present(choices: dict[str, Any], free: list[str]) -> list[str]:
    return [s for s in choices if s in free]


def _sign_off(path: Path, profile: Profile, rng: random.Random, today: dt.date) -> None:
    """Central review as it stands part way through: about one department in five
    accepted, some returned, some returned and then accepted, some accepted and changed
    since (the department edited its profile afterwards), the rest not yet reviewed."""
    roll = rng.random()
    reviewer = rng.choice(REVIEWERS)
    first, second = sorted(today - dt.timedelta(days=rng.randint(1, 120)) for _ in range(2))
    if roll < 0.2:
        _decide(path, profile, reviewer, "accepted", "", second)
    elif roll < 0.28:
        _decide(path, profile, reviewer, "returned", rng.choice(RETURNS), second)
    elif roll < 0.36:
        _decide(path, profile, reviewer, "returned", rng.choice(RETURNS), first)
        _decide(path, profile, reviewer, "accepted", "", second)
    elif roll < 0.44:
        final = path.read_text("utf-8")
        path.write_text(_earlier(final, rng), "utf-8")  # the profile as it was accepted
        _decide(path, profile, reviewer, "accepted", "", first)
        path.write_text(final, "utf-8")


def _decide(path: Path, profile: Profile, reviewer: str, decision: str, comment: str,
            day: dt.date) -> None:
    record_signoff(path, profile.department.slug, profile.policy.version, reviewer, decision,
                   comment, day)


def _earlier(text: str, rng: random.Random) -> str:
    """The profile before its last edit: another team owned the policy."""
    data = _yaml().load(text)
    data["policy"]["owner"] = rng.choice([o for o in OWNERS if o != data["policy"]["owner"]])
    stream = io.StringIO()
    _yaml().dump(data, stream)
    return stream.getvalue()


def _slug(department: Department) -> str:
    prefix = "nics-" if department.sample == "nics-finance" else ""
    return prefix + department.short_name.lower()


def _sample_text(department: Department) -> str:
    return (SAMPLES / f"{department.sample}.yaml").read_text("utf-8")


def _yaml() -> YAML:
    yaml = YAML()  # round trip: comments, order and quoting kept
    yaml.preserve_quotes = True
    yaml.width = 96
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    if not 1 <= len(args) <= 2:
        raise SystemExit("usage: python scripts/many_departments.py OUT [N]")
    out = Path(args[0])
    written = write_departments(out, int(args[1]) if len(args) == 2 else 50,
                                today=dt.date.today())
    print(f"wrote {len(written)} profiles into {out}; check them with "
          f"`policy-pack check {out}`")


if __name__ == "__main__":
    main()
