"""The departures register across departments: every place any department departs from
its base, with why, who approved it and when (pure).

Each department's pack carries its own register; a central reviewer needs them as one list
to ask "what did Jane Smith approve?" or "who omits a core section?" across 50
departments. What counts as a departure is `is_departure`'s, as in every pack's annex.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, get_args

from generator.model import PolicySection
from generator.policy import is_departure, origin_label
from generator.review.dashboard import Reviewed

Kind = Literal["modified", "omitted", "added", "retitled"]
KINDS: tuple[str, ...] = get_args(Kind)
# What a departure is, said the same way on the dashboard, the register and the matrix: the
# count of each department's departures is `is_departure`'s, its local rules among them.
DEPARTURE_MEANS = ("A departure modifies, omits or only retitles a section of the base, or "
                   "is a local rule: a section of the department's own.")
KIND_WORDS: dict[str, str] = {"modified": "Modified", "omitted": "Omitted",
                              "added": "Added (its own section)", "retitled": "Retitled only"}


@dataclass(frozen=True)
class Departure:
    """One department's departure from one section of its base (or a section it adds)."""

    department: str
    slug: str
    edition: str
    jurisdictions: tuple[str, ...]  # codes, primary first
    section_id: str
    section: str  # the base heading (a local rule's own heading)
    origin: str  # origin_label of the base section: "Cabinet Office guidance, May 2012"
    kind: Kind
    change: str  # in a few words: "Replaced the text", "Omitted", ...
    reason: str
    approved_by: str
    approved: dt.date | None
    core: bool = False  # a core section of the base: omitting one needs a strong reason
    version: str = ""  # the policy's version, effective and review-by dates, for the exports
    effective: dt.date | None = None
    review_by: dt.date | None = None


def register(entries: Sequence[Reviewed]) -> tuple[Departure, ...]:
    """Every departure of every department: departments by name, sections in their
    policy's order."""
    ordered = sorted(entries, key=lambda e: (e.policy.meta.department.casefold(),
                                             e.policy.meta.slug))
    return tuple(_departure(entry, section) for entry in ordered
                 for section in entry.policy.sections if is_departure(section))


def _departure(entry: Reviewed, section: PolicySection) -> Departure:
    meta = entry.policy.meta
    approval = section.approval
    return Departure(
        department=meta.department, slug=meta.slug, edition=meta.edition,
        jurisdictions=tuple(meta.jurisdictions), section_id=section.id,
        section=section.base_title or section.title, origin=origin_label(section.origin),
        kind=kind_of(section), change=change_words(section),
        reason=approval.reason if approval else "",
        approved_by=approval.approved_by if approval else "",
        approved=approval.date if approval else None, core=section.core,
        version=meta.version, effective=meta.effective, review_by=meta.review_by)


def kind_of(section: PolicySection) -> Kind:
    """A departure's one kind: a retitled section that is also modified is "modified" (its
    change says it was retitled too)."""
    if section.status == "adopted":
        return "retitled"
    return section.status


def change_words(section: PolicySection) -> str:
    """The change in a few words: "Replaced the text", "Added to the text and retitled
    “Our accounts”", "Omitted", "Added a section of its own"."""
    if section.status == "omitted":
        return "Omitted"
    if section.status == "added":
        return "Added a section of its own"
    retitle = f"retitled “{section.title}”" if section.base_title is not None else ""
    if section.status == "adopted":
        return retitle[:1].upper() + retitle[1:]
    text = "Replaced the text" if section.replaced else "Added to the text"
    return f"{text} and {retitle}" if retitle else text


def filter_departures(departures: Sequence[Departure], edition: str = "",
                      jurisdiction: str = "", section: str = "", kind: str = "",
                      approver: str = "", core: bool = False) -> tuple[Departure, ...]:
    """The departures every given filter matches, in their order. `section` is a section
    ID; `jurisdiction` a code the department lists anywhere; `approver` the name as
    written; `core` keeps only core sections of the base."""
    return tuple(d for d in departures
                 if (not edition or d.edition == edition)
                 and (not jurisdiction or jurisdiction in d.jurisdictions)
                 and (not section or d.section_id == section)
                 and (not kind or d.kind == kind)
                 and (not approver or d.approved_by == approver)
                 and (not core or d.core))
