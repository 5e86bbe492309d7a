"""The matrix's files: matrix.html for people and matrix.csv for spreadsheets."""

from __future__ import annotations

import csv
import io

from markupsafe import Markup

from generator.policy import HOUSE_RULES_ID
from generator.render import review_css, review_environment
from generator.review.matrix import Matrix


def diff_link(slug: str, edition: str, section_id: str) -> str:
    """Where a department's difference from its base, for one section, is."""
    return f"../compare-base-{edition}-vs-{slug}/report.html#section-{section_id}"


def render_matrix_html(grid: Matrix, labels: dict[str, str]) -> str:
    """matrix.html; `labels` names each edition as reviewers know it."""
    return review_environment().get_template("matrix.html.j2").render(
        labels=labels,
        departments=grid.departments, rows=grid.rows, most_changed=grid.most_changed(),
        groups=grid.by_edition(), topics=grid.topics, topic_word=topic_word,
        diff_link=diff_link,
        css=Markup(review_css()))


def topic_word(topic_id: str, status: str | None) -> str:
    """What a department did with a structured topic, in a reviewer's words."""
    if status is None:
        return "Not given"
    if topic_id == HOUSE_RULES_ID:
        return "Its own rules" if status == "modified" else "The default rules"
    return "Given"


def render_matrix_csv(grid: Matrix) -> bytes:
    """One line per department and section: easy to filter and pivot in a spreadsheet."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["department", "slug", "base", "section_id", "section_title", "status",
                     "reason", "retitled_as"])
    for row in grid.rows:
        for (name, slug, edition), cell in zip(grid.departments, row.cells, strict=True):
            title = grid.base_titles.get(row.id, {}).get(slug, row.title)
            writer.writerow([name, slug, edition, row.id, title,
                             cell.status or "not_in_edition", cell.reason or "",
                             cell.retitled or ""])
    for row in grid.topics:  # status: adopted (default house rules), modified, added, not_given
        for (name, slug, edition), cell in zip(grid.departments, row.cells, strict=True):
            writer.writerow([name, slug, edition, row.id, row.title,
                             cell.status or "not_given", "", ""])
    return out.getvalue().encode("utf-8")
