"""The reviewers' dashboard: one row per department, to sort and filter (pure).

A central reviewer with 50 departments asks the same few questions: whose review date has
passed, who has not been signed off, who departs most from the base, who omits a core
section. Each row holds the facts that answer them, decided here once so the site's pages,
the editor's review pages and the exports never count them differently.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from generator.model import JURISDICTION_NAMES, Policy
from generator.policy import is_departure

if TYPE_CHECKING:  # the sign-off file's reader is I/O; this module only holds its values
    from generator.review.signoffs import State


@dataclass(frozen=True)
class Reviewed:
    """A department's policy as the reviews load it, with where it stands in review."""

    policy: Policy
    profile: str  # the profile's file name, e.g. "dwp.yaml"
    signoff: State


@dataclass(frozen=True)
class Row:
    """One department, as the dashboard lists it."""

    name: str
    slug: str
    profile: str  # the profile's file name, e.g. "dwp.yaml"
    version: str
    edition: str
    jurisdictions: tuple[str, ...]  # codes, primary first
    owner: str
    effective: dt.date
    review_by: dt.date
    overdue: bool  # review_by before today
    departures: int  # sections it modifies, omits, retitles or adds
    omits_core: tuple[str, ...]  # titles of core sections it omits (should be none)
    signoff: State
    # Titles of core sections it modifies or retitles: the check refuses a profile that
    # omits one, so this is where a reviewer looks first.
    changes_core: tuple[str, ...] = ()

    @property
    def jurisdiction_names(self) -> str:
        """As readers know them, primary first: "Great Britain, United Kingdom"."""
        return ", ".join(JURISDICTION_NAMES.get(code, code) for code in self.jurisdictions)


def dashboard_rows(entries: Sequence[Reviewed], today: dt.date) -> tuple[Row, ...]:
    """Every department, by name; overdue where its review-by date is before `today`."""
    return sort_rows(tuple(_row(entry, today) for entry in entries), "name")


def _row(entry: Reviewed, today: dt.date) -> Row:
    meta = entry.policy.meta
    sections = entry.policy.sections
    return Row(
        name=meta.department, slug=meta.slug, profile=entry.profile, version=meta.version,
        edition=meta.edition, jurisdictions=tuple(meta.jurisdictions), owner=meta.owner,
        effective=meta.effective, review_by=meta.review_by, overdue=meta.review_by < today,
        departures=sum(1 for s in sections if is_departure(s)),
        omits_core=tuple(s.base_title or s.title for s in sections
                         if s.core and s.status == "omitted"),
        signoff=entry.signoff,
        changes_core=tuple(s.base_title or s.title for s in sections
                           if s.core and s.status != "omitted" and is_departure(s)))


# The sign-off states in the words both dashboards use, and in the order that sorting by
# sign-off puts them: what needs a reviewer first (returned, then changed since sign-off).
SIGNOFF_WORDS: dict[str, str] = {"returned": "Returned", "changed": "Changed since sign-off",
                                 "not_reviewed": "Not reviewed", "accepted": "Accepted"}
SIGNOFF_ORDER = {kind: n for n, kind in enumerate(SIGNOFF_WORDS)}


@dataclass(frozen=True)
class Sort:
    """A column to sort by, as every dashboard offers it: its heading, how each order
    reads, and which order a reader gets first by following its heading."""

    heading: str
    ascending: str  # "A to Z", "earliest first"
    descending: str  # "Z to A", "latest first"
    # The order that answers the column's question: most departures first; the earliest
    # review date first (the overdue at the top), so only departures starts descending.
    first_descending: bool = False

    def words(self, descending: bool) -> str:
        """How the order reads: "sorted by review by, earliest first" ends in these."""
        return self.descending if descending else self.ascending


_Key = Callable[[Row], "str | int | dt.date"]
_A_TO_Z = ("A to Z", "Z to A")
_DATES = ("earliest first", "latest first")
_KEYS: dict[str, tuple[Sort, _Key]] = {
    "name": (Sort("Department", *_A_TO_Z), lambda r: r.name.casefold()),
    "version": (Sort("Version", "lowest first", "highest first"),
                lambda r: _version_key(r.version)),
    "edition": (Sort("Base edition", "oldest first", "newest first"), lambda r: r.edition),
    "jurisdiction": (Sort("Jurisdiction", *_A_TO_Z),
                     lambda r: r.jurisdiction_names.casefold()),
    "owner": (Sort("Owner", *_A_TO_Z), lambda r: r.owner.casefold()),
    "effective": (Sort("Effective", *_DATES), lambda r: r.effective),
    "review_by": (Sort("Review by", *_DATES), lambda r: r.review_by),
    "departures": (Sort("Departures", "fewest first", "most first", first_descending=True),
                   lambda r: r.departures),
    "signoff": (Sort("Sign-off", "returned and changed first", "accepted first"),
                lambda r: SIGNOFF_ORDER.get(r.signoff.kind, 9)),
}
# Every column a dashboard sorts by, in the table's order: the site's pages and the editor's
# dashboard read their headings, words and first orders here, so they never differ.
SORTS: dict[str, Sort] = {key: sort for key, (sort, _) in _KEYS.items()}


def _version_key(version: str) -> str:
    """Versions as numbers where they are ("1.10" after "1.9"): each number padded."""
    return ".".join(part.zfill(8) if part.isdigit() else part for part in version.split("."))


def sort_rows(rows: Sequence[Row], key: str, descending: bool = False) -> tuple[Row, ...]:
    """Rows by the column `key` (one of SORTS), ties by name A to Z whichever the order.

    KeyError for a key not in SORTS."""
    by_name = sorted(rows, key=lambda r: (r.name.casefold(), r.slug))
    _, column = _KEYS[key]
    # A stable sort on the column keeps the names A to Z within each tie, even descending.
    return tuple(sorted(by_name, key=column, reverse=descending))


@dataclass(frozen=True)
class Option:
    """One choice of a filter: the value a Filters field takes, its words, and a short note
    where its answer needs one, in lower case to follow the words or to stand as a line:
    "always none, as the check refuses such a profile"."""

    value: str
    words: str
    note: str = ""


@dataclass(frozen=True)
class FilterGroup:
    """One filter as every dashboard offers it: the Filters field, its label, its choices."""

    field: str
    label: str
    options: tuple[Option, ...]


# The filters whose choices never change, in the order the dashboards show every filter.
# "Omits a core section" stays on offer although the check refuses such a profile: a
# reviewer who asks gets "none" and the reason at a glance.
_FIXED: dict[str, tuple[str, tuple[Option, ...]]] = {
    "review": ("Review", (Option("overdue", "Overdue"),)),
    "core": ("Core sections", (
        Option("omits", "Omits a core section",
               "always none, as the check refuses such a profile"),
        Option("changes", "Changes a core section"))),
    "signoff": ("Sign-off", tuple(Option(kind, words) for kind, words in SIGNOFF_WORDS.items())),
}


@dataclass(frozen=True)
class Filters:
    """What a dashboard page shows; an empty field filters nothing."""

    edition: str = ""
    jurisdiction: str = ""  # a code: a department listing it anywhere matches
    review: str = ""  # "" | "overdue"
    signoff: str = ""  # "" | a StateKind
    core: str = ""  # "" | "omits" | "changes": departments that omit (change) a core section

    def __bool__(self) -> bool:
        return any((self.edition, self.jurisdiction, self.review, self.signoff, self.core))

    @staticmethod
    def offered(rows: Sequence[Row], months: Mapping[str, str]) -> tuple[FilterGroup, ...]:
        """Every filter with its choices, as both dashboards offer them: the fixed ones,
        then the base editions and jurisdictions the rows have (`months` names an edition:
        "May 2012"). Jurisdictions by name, editions oldest first."""
        editions = sorted({r.edition for r in rows})
        codes = sorted({c for r in rows for c in r.jurisdictions},
                       key=lambda c: JURISDICTION_NAMES.get(c, c))
        fixed = tuple(FilterGroup(field, label, options)
                      for field, (label, options) in _FIXED.items())
        return (*fixed,
                FilterGroup("edition", "Base edition",
                            tuple(Option(e, months.get(e, e)) for e in editions)),
                FilterGroup("jurisdiction", "Jurisdiction",
                            tuple(Option(c, JURISDICTION_NAMES.get(c, c)) for c in codes)))


def filter_rows(rows: Sequence[Row], filters: Filters) -> tuple[Row, ...]:
    """The rows every given filter matches, in their order."""
    return tuple(row for row in rows if _matches(row, filters))


def _matches(row: Row, f: Filters) -> bool:
    return ((not f.edition or row.edition == f.edition)
            and (not f.jurisdiction or f.jurisdiction in row.jurisdictions)
            and (not f.review or (f.review == "overdue" and row.overdue))
            and (not f.signoff or row.signoff.kind == f.signoff)
            and (not f.core or (f.core == "omits" and bool(row.omits_core))
                 or (f.core == "changes" and bool(row.changes_core))))
