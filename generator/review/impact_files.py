"""The impact report's files: impact.html for people and impact.json for scripts."""

from __future__ import annotations

import json

from markupsafe import Markup

from generator.render import review_css, review_environment
from generator.review.compare_files import diff_blocks, inline_runs
from generator.review.impact import OUTCOMES, DepartmentImpact, Outcome

OUTCOME_LABELS: dict[Outcome, str] = {
    "needs_review": "Needs review", "dropped": "Dropped by the new edition",
    "new": "New, awaiting a decision",
    "redundant": "Deviation now redundant", "inherits": "Inherits the new base",
    "unaffected": "Unaffected"}
OUTCOME_MEANINGS = (
    ("Needs review", "the base changed under a local modification or omission (or under a "
     "local rule's place): decide again"),
    ("Dropped by the new edition", "the department adopts the section and the new edition "
     "no longer has it: the policy would lose it (core sections are listed first)"),
    ("New, awaiting a decision", "the new edition adds the section"),
    ("Deviation now redundant", "the new edition already does what the departure did"),
    ("Inherits the new base", "the department adopts the section and takes the new text"),
    ("Unaffected", "a departure whose base did not change, or a local addition"),
)


def render_impact_html(edition: str, impacts: list[DepartmentImpact],
                       labels: dict[str, str]) -> str:
    """impact.html; `labels` names each edition as reviewers know it."""
    return review_environment().get_template("impact.html.j2").render(
        labels_of=labels,
        edition=edition, impacts=impacts, legend=OUTCOME_MEANINGS,
        outcomes=[(o, OUTCOME_LABELS[o]) for o in OUTCOMES], labels=OUTCOME_LABELS,
        runs=lambda ops: diff_blocks(inline_runs(ops)), css=Markup(review_css()))


def render_impact_json(edition: str, impacts: list[DepartmentImpact]) -> bytes:
    data = {"to": edition, "departments": [
        {"department": d.department, "slug": d.slug, "from": d.from_edition,
         "to": d.to_edition, "counts": {o: d.count(o) for o in OUTCOMES},
         "same_edition": d.same_edition,
         "sections": [{"id": s.id, "title": s.title, "outcome": s.outcome,
                       "detail": s.detail, "core": s.core} for s in d.sections]}
        for d in impacts]}
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
