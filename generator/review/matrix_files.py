"""The matrix's files: matrix.html for people and matrix.csv for spreadsheets."""

from __future__ import annotations

import csv
import io

from markupsafe import Markup

from generator.policy import HOUSE_RULES_ID, origin_label
from generator.render import review_css, review_environment
from generator.review.matrix import Cell, Matrix
from generator.review.origins import BASE_TEXT_NOTE


def diff_link(slug: str, edition: str, section_id: str) -> str:
    """Where a department's difference from its base, for one section, is."""
    return f"../compare-base-{edition}-vs-{slug}/report.html#section-{section_id}"


def render_matrix_html(grid: Matrix, labels: dict[str, str]) -> str:
    """matrix.html; `labels` names each edition's base text ("the May 2012 edition of the
    base text")."""
    return review_environment().get_template("matrix.html.j2").render(
        labels=labels,
        departments=grid.departments, rows=grid.rows, most_changed=grid.most_changed(),
        groups=grid.by_edition(), topics=grid.topics, topic_word=topic_word,
        diff_link=diff_link, base_note=BASE_TEXT_NOTE,
        css=Markup(review_css()))


def topic_word(topic_id: str, status: str | None) -> str:
    """What a department did with a structured topic, in a reviewer's words."""
    if status is None:
        return "Not given"
    if topic_id == HOUSE_RULES_ID:
        return "Its own rules" if status == "modified" else "The default rules"
    return "Given"


def render_matrix_csv(grid: Matrix) -> bytes:
    """One line per department and section: easy to filter and pivot in a spreadsheet.

    The columns up to `retitled_as` are a CONTRACT; `origin` (guidance, code, model or
    department: where the section comes from, empty where it is not in the edition) and
    `origin_label` ("NICS Code of Ethics", "Model text") come after them."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["department", "slug", "base", "section_id", "section_title", "status",
                     "reason", "retitled_as", "origin", "origin_label"])
    for row in grid.rows:
        for (name, slug, edition), cell in zip(grid.departments, row.cells, strict=True):
            title = grid.base_titles.get(row.id, {}).get(slug, row.title)
            writer.writerow([name, slug, edition, row.id, title,
                             cell.status or "not_in_edition", cell.reason or "",
                             cell.retitled or "", *_origin(cell)])
    for row in grid.topics:  # status: adopted (default house rules), modified, added, not_given
        for (name, slug, edition), cell in zip(grid.departments, row.cells, strict=True):
            writer.writerow([name, slug, edition, row.id, row.title,
                             cell.status or "not_given", "", "", *_origin(cell)])
    return out.getvalue().encode("utf-8")


def _origin(cell: Cell) -> tuple[str, str]:
    return (cell.origin.kind, origin_label(cell.origin)) if cell.origin else ("", "")
