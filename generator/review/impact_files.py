"""The impact report's files: impact.html for people and impact.json for scripts."""

from __future__ import annotations

import json

from markupsafe import Markup

from generator.model import Origin
from generator.policy import edition_month, origin_json, origin_label
from generator.render import review_css, review_environment
from generator.review.comparison.shared import diff_blocks, inline_runs
from generator.review.impact import OUTCOMES, DepartmentImpact, Outcome, SectionImpact
from generator.review.origins import BASE_TEXT_NOTE

OUTCOME_LABELS: dict[Outcome, str] = {
    "needs_review": "Needs review",
    "not_in_new_text": "Not in this project's text of the new edition",
    "dropped": "Dropped by the new edition (no longer given)",
    "new": "New, awaiting a decision",
    "redundant": "Deviation now redundant", "inherits": "Inherits the new base",
    "unaffected": "Unaffected"}
# The outcomes a report shows: `dropped` stays in impact.json's counts (always 0) for the
# scripts that read it, but no longer names an outcome (impact.py says why).
SHOWN: tuple[Outcome, ...] = tuple(o for o in OUTCOMES if o != "dropped")


def outcome_labels(edition: str) -> dict[Outcome, str]:
    """The labels, naming the new edition where they speak of it: "Not in this project's
    text of the October 2014 guidance"."""
    return OUTCOME_LABELS | {"not_in_new_text": "Not in this project's text of the "
                                                f"{edition_month(edition)} guidance"}


def outcome_meanings(edition: str) -> tuple[tuple[str, str], ...]:
    """The legend: each outcome's label and what it means."""
    labels = outcome_labels(edition)
    return (
        (labels["needs_review"], "the base changed under a local modification or omission "
         "(or under a local rule's place), or a core section would lose a point it must make: "
         "decide again (a core section that would lose a point is listed first, with each "
         "point named)"),
        (labels["not_in_new_text"], "the department adopts the section, and this project's "
         "text of the new edition does not carry it. The project restates only part of that "
         "edition, so this says nothing of what the published guidance holds: check it there "
         "(core sections are listed first)"),
        (labels["new"], "the new edition adds the section"),
        (labels["redundant"], "the new edition already does what the departure did, or this "
         "project's text of it has no section for the omission to apply to (check the "
         "published guidance before removing the omission)"),
        (labels["inherits"], "the department adopts the section and takes the new text, which "
         "still makes every point a core section must make"),
        (labels["unaffected"], "a departure whose base did not change, or a local addition"),
    )


def render_impact_html(edition: str, impacts: list[DepartmentImpact],
                       labels: dict[str, str], back: str | None = None) -> str:
    """impact.html; `labels` names each edition's base text ("the October 2014 edition of
    the base text"); `back`, the relative link to the site's index, where there is one."""
    outcomes = outcome_labels(edition)
    return review_environment().get_template("impact.html.j2").render(
        labels_of=labels, months={e: edition_month(e) for e in labels},
        edition=edition, impacts=impacts, legend=outcome_meanings(edition), back=back,
        outcomes=[(o, outcomes[o]) for o in SHOWN], labels=outcomes, words_from=words_from,
        base_note=BASE_TEXT_NOTE,
        runs=lambda ops: diff_blocks(inline_runs(ops)), css=Markup(review_css()))


def words_from(section: SectionImpact) -> str:
    """Where the section comes from in each edition, one label where both agree: "Cabinet
    Office guidance, May 2012 (now); Cabinet Office guidance, October 2014 (new edition)"."""
    before, after = _label(section.origin_from), _label(section.origin_to)
    if not before or not after or before == after:
        return before or after
    return f"{before} (now); {after} (new edition)"


def _label(origin: Origin | None) -> str:
    return origin_label(origin) if origin else ""


def render_impact_json(edition: str, impacts: list[DepartmentImpact]) -> bytes:
    """impact.json. Each section has, beside `id`, `title`, `outcome`, `detail` and `core`,
    `lost_points` (the points a core section would no longer make, in words) and
    `origin_from` and `origin_to` (where it comes from in each edition, as manifest.json's
    `origin`; null where that edition's text does not carry it)."""
    data = {"to": edition, "departments": [
        {"department": d.department, "slug": d.slug, "from": d.from_edition,
         "to": d.to_edition, "counts": {o: d.count(o) for o in OUTCOMES},
         "same_edition": d.same_edition,
         "sections": [{"id": s.id, "title": s.title, "outcome": s.outcome,
                       "detail": s.detail, "core": s.core, "lost_points": list(s.lost),
                       "origin_from": origin_json(s.origin_from) if s.origin_from else None,
                       "origin_to": origin_json(s.origin_to) if s.origin_to else None}
                      for s in d.sections]}
        for d in impacts]}
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
