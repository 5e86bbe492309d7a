"""Render the matrix (HTML and CSV) and the impact report (HTML and JSON)."""

from __future__ import annotations

import csv
import io
import json

from markupsafe import Markup

from generator.impact import OUTCOMES, DepartmentImpact, Outcome
from generator.matrix import Matrix
from generator.render_html import review_css, review_environment

OUTCOME_LABELS: dict[Outcome, str] = {
    "needs_review": "Needs review", "new": "New, awaiting a decision",
    "redundant": "Deviation now redundant", "inherits": "Inherits the new base",
    "unaffected": "Unaffected"}
OUTCOME_MEANINGS = (
    ("Needs review", "the base changed under a local modification or omission (or under a "
     "local rule's place): decide again"),
    ("New, awaiting a decision", "the new edition adds the section"),
    ("Deviation now redundant", "the new edition already does what the departure did"),
    ("Inherits the new base", "the department adopts the section and takes the new text"),
    ("Unaffected", "a departure whose base did not change, or a local addition"),
)


def diff_link(slug: str, edition: str, section_id: str) -> str:
    """Where a department's difference from its base, for one section, is."""
    return f"../compare-base-{edition}-vs-{slug}/report.html#section-{section_id}"


def render_matrix_html(grid: Matrix) -> str:
    return review_environment().get_template("matrix.html.j2").render(
        departments=grid.departments, rows=grid.rows, most_changed=grid.most_changed(),
        diff_link=diff_link, css=Markup(review_css()))


def render_matrix_csv(grid: Matrix) -> bytes:
    """One line per department and section: easy to filter and pivot in a spreadsheet."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["department", "slug", "base", "section_id", "section_title", "status",
                     "reason"])
    for row in grid.rows:
        for (name, slug, edition), cell in zip(grid.departments, row.cells, strict=True):
            writer.writerow([name, slug, edition, row.id, row.title,
                             cell.status or "not_in_edition", cell.reason or ""])
    return out.getvalue().encode("utf-8")


def render_impact_html(edition: str, impacts: list[DepartmentImpact]) -> str:
    return review_environment().get_template("impact.html.j2").render(
        edition=edition, impacts=impacts, legend=OUTCOME_MEANINGS,
        outcomes=[(o, OUTCOME_LABELS[o]) for o in OUTCOMES], labels=OUTCOME_LABELS,
        css=Markup(review_css()))


def render_impact_json(edition: str, impacts: list[DepartmentImpact]) -> bytes:
    data = {"to": edition, "departments": [
        {"department": d.department, "slug": d.slug, "from": d.from_edition,
         "to": d.to_edition, "counts": {o: d.count(o) for o in OUTCOMES},
         "sections": [{"id": s.id, "title": s.title, "outcome": s.outcome,
                       "detail": s.detail} for s in d.sections]}
        for d in impacts]}
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
