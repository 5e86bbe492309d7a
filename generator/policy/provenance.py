"""Where each section's words come from, in words for readers and labels for reviewers (pure).

A policy mixes words of four origins (model.Origin): the Cabinet Office guidance (of one
edition, or restating an earlier one), the code of conduct that applies to the reader, model
text the project provides where the guidance says nothing, and the department's own. Every
output says which, so that no reader takes model text for the Cabinet Office's. Reader-facing
words name the department and the source, never the tool that made the policy.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence

from generator.model import (
    ENGLISH_WORDS,
    Guidance,
    Origin,
    OriginKind,
    PolicySection,
    Section,
    Words,
)
from generator.policy.names import The, the

# The order origins are counted and listed in.
KINDS: tuple[OriginKind, ...] = ("guidance", "code", "model", "department")


def edition_month(edition: str, w: Words = ENGLISH_WORDS) -> str:
    """"2012-05" as readers know it: "May 2012"."""
    try:
        return w.month(dt.date.fromisoformat(f"{edition}-01"))
    except ValueError:
        return edition


def source_name(origin: Origin, short_name: str, w: Words = ENGLISH_WORDS) -> str:
    """The source of a section's words, to finish "based on ...": the Cabinet Office
    guidance (May 2012), the NICS Code of Ethics, model text, DWP's own text."""
    if origin.kind == "guidance":
        return w("the Cabinet Office guidance ({month})",
                 month=edition_month(origin.edition or "", w))
    if origin.kind == "code":
        return w(origin.code)
    if origin.kind == "model":
        return w("model text, not the Cabinet Office guidance")
    return w("{name}'s own text", name=the(short_name, w))


def origin_label(origin: Origin) -> str:
    """A short label for a table cell or a column: "Cabinet Office guidance, May 2012",
    "NICS Code of Ethics", "Model text", "Department's own"."""
    if origin.kind == "guidance":
        return f"Cabinet Office guidance, {edition_month(origin.edition or '')}"
    if origin.kind == "code":
        return origin.code.removeprefix("the ")
    return "Model text" if origin.kind == "model" else "Department's own"


def section_origin(section: Section, guidance: Guidance, code: str) -> Origin:
    """Where a base section's words come from: the guidance (this edition, or the earlier
    one it restates), the code of conduct that applies to the reader (`code`, its name as
    the department knows it), or model text."""
    if section.source == "code":
        return Origin("code", guidance.edition, section.id, code)
    if section.source == "model":
        return Origin("model", guidance.edition, section.id)
    return Origin("guidance", section.restates or guidance.edition, section.id)


def origin_json(origin: Origin) -> dict[str, object]:
    """{"kind", "label", "edition"?, "code"?}, as manifest.json and the reviews' JSON give a
    section's origin: edition is the guidance edition the words restate, or the base that
    carries them."""
    return {"kind": origin.kind, "label": origin_label(origin),
            **({"edition": origin.edition} if origin.edition else {}),
            **({"code": origin.code} if origin.code else {})}


def words_origin(section: PolicySection) -> Origin:
    """Whose words a section prints: its base's, or the department's where it replaced
    them (a local rule is the department's from the start)."""
    if section.status == "modified" and section.replaced:
        return Origin("department", section_id=section.origin.section_id)
    return section.origin


def section_note(section: PolicySection, short_name: str, edition: str,
                 w: Words = ENGLISH_WORDS) -> str:
    """The quiet line under a section's heading that says where its words come from."""
    origin, named, named_first = section.origin, the(short_name, w), The(short_name, w)
    if origin.kind == "department":  # a local rule, or a topic (no section of the base)
        return (w("{name}'s own section: it is not in the Cabinet Office guidance.",
                  name=named_first) if origin.section_id else
                w("{name}'s own text: it is not in the Cabinet Office guidance.",
                  name=named_first))
    source = source_name(origin, short_name, w)
    if section.status == "modified":
        note = (w("{name}'s own text, in place of the section based on {source}.",
                  name=named_first, source=source) if section.replaced else
                w("Based on {source}, with text {name} added.", source=source, name=named))
    elif origin.kind == "model":
        note = w("Model text that {name} includes: it is not in the Cabinet Office guidance.",
                 name=named)
    elif origin.kind == "guidance" and origin.edition != edition:
        note = w("Based on {source}: this policy does not restate the {month} guidance on "
                 "this subject.", source=source, month=edition_month(edition, w))
    else:
        note = w("Based on {source}.", source=source)
    if section.base_title:
        note += " " + w("The base heading is “{title}”.", title=section.base_title)
    return note


def is_departure(section: PolicySection) -> bool:
    """A section the register lists: a base section modified, omitted or only retitled, or
    a local rule. A topic (no section ID in its origin) is the profile's data, never one."""
    return section.origin.section_id is not None and (
        section.status != "adopted" or section.base_title is not None)


def origin_counts(sections: Iterable[PolicySection]) -> Counter[OriginKind]:
    """How many printed sections have words of each origin (omitted ones are not printed)."""
    return Counter(words_origin(s).kind for s in sections if s.status != "omitted")


def origin_summary(sections: Sequence[PolicySection], short_name: str, code: str,
                   w: Words = ENGLISH_WORDS) -> str:
    """The document control's line, every printed section counted once by whose words it
    prints: "17: 7 from the October 2014 guidance, 1 from the May 2012 guidance, 1 from the
    Civil Service Code, 6 model text, 2 DWP's own"."""
    counts = origin_counts(sections)
    # the guidance split by the edition its words restate
    editions = Counter(words_origin(s).edition or "" for s in sections
                       if s.status != "omitted" and words_origin(s).kind == "guidance")
    listed = [w("{count} from the {month} guidance", count=n, month=edition_month(e, w))
              for e, n in sorted(editions.items(), reverse=True)]
    phrases: tuple[tuple[OriginKind, str], ...] = (
        ("code", w("{count} from {code}", count=counts["code"], code=w(code))),
        ("model", w("{count} model text", count=counts["model"])),
        ("department", w("{count} {name}'s own", count=counts["department"],
                         name=the(short_name, w))))
    listed += [phrase for k, phrase in phrases if counts[k]]
    return f"{sum(counts.values())}: " + w(", ").join(listed)
