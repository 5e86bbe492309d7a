"""The matrix's files: matrix.html for people and matrix.csv for spreadsheets."""

from __future__ import annotations

import csv
import io

from markupsafe import Markup

from generator.render import review_css, review_environment
from generator.review.matrix import Matrix


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
