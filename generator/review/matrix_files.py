"""The matrix's files: its pages for people (every department, departures only, and one
page per edition and per jurisdiction where there are two or more), and the same rows as
matrix.csv, matrix.xlsx and matrix.json for spreadsheets and scripts.

The pages are static and have no script: the editor shows them in a sandbox without
scripts, so each filter is a page of its own, reached by a link.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from markupsafe import Markup

from generator.model import JURISDICTION_NAMES
from generator.policy import origin_label
from generator.render import review_css, review_environment
from generator.review.comparison.shared import sentence_case
from generator.review.matrix import Cell, Matrix, Member, Row
from generator.review.origins import BASE_TEXT_NOTE
from generator.review.paths import base_comparison
from generator.review.register import DEPARTURE_MEANS
from generator.review.sheets import Value, csv_bytes, xlsx_bytes

# The CSV's columns up to `retitled_as` are a CONTRACT; the rest come after them, in order.
HEADER = ("department", "slug", "base", "section_id", "section_title", "status", "reason",
          "retitled_as", "origin", "origin_label", "approved_by", "approval_date",
          "policy_version", "effective", "review_by", "jurisdiction", "departure", "value")
EXPORTS = ("matrix.csv", "matrix.xlsx", "matrix.json")


@dataclass(frozen=True)
class View:
    """One page of the matrix: its file, its link's words, and the departments it keeps."""

    file: str
    link: str
    heading: str
    says: str  # what the page holds, in a sentence
    keep: Callable[[Matrix], Matrix]


def diff_link(slug: str, edition: str, section_id: str) -> str:
    """Where a department's difference from its base, for one section, is."""
    return f"../{base_comparison(edition, slug)}/report.html#section-{section_id}"


def report_link(slug: str, edition: str) -> str:
    """A department's comparison with its base."""
    return f"../{base_comparison(edition, slug)}/report.html"


def views(grid: Matrix, labels: dict[str, str]) -> list[View]:
    """Every page: all departments, departures only, then each edition and each jurisdiction
    (only where there are two or more, since one would repeat the first page)."""
    pages = [
        View("matrix.html", "All departments", "Departments and sections",
             "Every department and every section of its base edition.", lambda g: g),
        View("matrix-departures.html", "Departures only", "Departures only",
             "Only the departments that depart from their base somewhere, and only the "
             "sections some department departs from.", Matrix.departures_only)]
    editions = grid.editions()
    if len(editions) > 1:
        pages += [View(f"matrix-edition-{e}.html", sentence_case(labels[e]),
                       f"Departments on {labels[e]}",
                       f"Only the departments whose base is {labels[e]}.",
                       _edition_filter(e)) for e in editions]
    places = grid.jurisdictions()
    if len(places) > 1:
        pages += [View(f"matrix-jurisdiction-{j.lower()}.html", JURISDICTION_NAMES[j],
                       f"Departments in {JURISDICTION_NAMES[j]}",
                       f"Only the departments that list {JURISDICTION_NAMES[j]} among their "
                       "jurisdictions.", _place_filter(j)) for j in places]
    return pages


def _edition_filter(edition: str) -> Callable[[Matrix], Matrix]:
    return lambda g: g.only(lambda d: d.edition == edition)


def _place_filter(place: str) -> Callable[[Matrix], Matrix]:
    return lambda g: g.only(lambda d: place in d.jurisdictions)


def render_matrix_files(grid: Matrix, labels: dict[str, str], back: str | None = None,
                        created: dt.date | None = None) -> dict[str, bytes]:
    """Every page of the matrix and its three exports, by file name. `created` dates the
    XLSX (default: the newest effective date among the departments, never the clock)."""
    files = {view.file: render_matrix_html(grid, labels, back, view.file).encode("utf-8")
             for view in views(grid, labels)}
    files |= {topic_page(row.id): render_topic_html(grid, row, back).encode("utf-8")
              for row in grid.topics}
    files["matrix.csv"] = render_matrix_csv(grid)
    files["matrix.xlsx"] = render_matrix_xlsx(grid, created)
    files["matrix.json"] = render_matrix_json(grid, labels)
    return files


def topic_page(topic_id: str) -> str:
    """The page of one structured topic: every department's answer in full."""
    return f"matrix-topic-{topic_id}.html"


def render_topic_html(grid: Matrix, row: Row, back: str | None = None) -> str:
    """One topic, one row per department with what it gave in full: the way to read one
    question across 50 departments ("who requires two-step verification?"), where the
    grid's cells have room for a few words only."""
    answers = [(member, cell) for member, cell in zip(grid.departments, row.cells, strict=True)]
    return review_environment().get_template("matrix_topic.html.j2").render(
        topic=row, answers=answers, back=back, places=_places, css=Markup(review_css()))


def render_matrix_html(grid: Matrix, labels: dict[str, str], back: str | None = None,
                       page: str = "matrix.html") -> str:
    """One page of the matrix (`page`: a file `views` names); `labels` names each edition's
    base text ("the May 2012 edition of the base text"); `back`, where given, is the
    relative link to the index of the site the matrix sits in."""
    every = views(grid, labels)
    view = next(v for v in every if v.file == page)
    shown = view.keep(grid)
    columns = column_labels(grid)
    return review_environment().get_template("matrix.html.j2").render(
        view=view, nav=_nav(every, labels), back=back, exports=EXPORTS,
        labels=labels, columns=columns, all_count=len(grid.departments),
        departments=[_department(d, shown, labels) for d in shown.departments],
        most_changed=[_share(row, shown) for row in shown.most_changed()],
        local_rules=[(row, _holders(row, shown)) for row in shown.local_rules()],
        groups=shown.by_edition(), topics=shown.topics, topic_departments=shown.departments,
        topic_page=topic_page,
        diff_link=diff_link, base_note=BASE_TEXT_NOTE, departure_means=DEPARTURE_MEANS,
        css=Markup(review_css()))


def column_labels(grid: Matrix) -> dict[str, str]:
    """Each department's column heading, by slug: its short name, or its slug where two
    departments share a short name (so a column is never ambiguous)."""
    counts: dict[str, int] = {}
    for d in grid.departments:
        counts[d.short_name] = counts.get(d.short_name, 0) + 1
    return {d.slug: d.short_name if counts[d.short_name] == 1 and d.short_name else d.slug
            for d in grid.departments}


def _nav(every: list[View], labels: dict[str, str]) -> list[tuple[str, list[View]]]:
    groups: list[tuple[str, list[View]]] = [("Show", every[:2])]
    by_edition = [v for v in every if v.file.startswith("matrix-edition-")]
    by_place = [v for v in every if v.file.startswith("matrix-jurisdiction-")]
    if by_edition:
        groups.append(("By base edition", by_edition))
    if by_place:
        groups.append(("By jurisdiction", by_place))
    return groups


@dataclass(frozen=True)
class DepartmentLine:
    member: Member
    edition: str  # as people know it
    places: str
    departures: int  # its local rules among them
    local: int  # how many of them are local rules
    report: str


def _department(member: Member, shown: Matrix, labels: dict[str, str]) -> DepartmentLine:
    return DepartmentLine(member, sentence_case(labels[member.edition]), _places(member),
                          shown.departures_of(member.slug), shown.local_rules_of(member.slug),
                          report_link(member.slug, member.edition))


@dataclass(frozen=True)
class Share:
    row: Row
    counted: str  # "3 of 5 departments whose edition has it"
    kinds: str  # "2 modified, 1 omitted"


def _share(row: Row, shown: Matrix) -> Share:
    having = row.having()
    noun = "department whose edition has" if having == 1 else "departments whose edition has"
    kinds = ", ".join(f"{count} {word.lower()}" for word, count in sorted(row.kinds().items()))
    return Share(row, f"{row.departures()} of {having} {noun} it", kinds)


def _holders(row: Row, shown: Matrix) -> list[tuple[Member, str]]:
    """The departments that wrote a local rule, each with the link to it in their report."""
    return [(d, diff_link(d.slug, d.edition, row.id))
            for d, cell in zip(shown.departments, row.cells, strict=True)
            if cell.status == "added"]


# --- the exports --------------------------------------------------------------------------


def render_matrix_csv(grid: Matrix) -> bytes:
    """One line per department and section, then per department and topic: easy to filter
    and pivot in a spreadsheet. The columns are HEADER's (its first eight a CONTRACT)."""
    return csv_bytes(HEADER, _lines(grid))


def render_matrix_xlsx(grid: Matrix, created: dt.date | None = None) -> bytes:
    """The CSV's rows as a workbook: header frozen, autofilter, columns sized."""
    newest = max((d.effective for d in grid.departments if d.effective), default=None)
    when = created or newest or dt.date(2000, 1, 1)
    return xlsx_bytes("Matrix", HEADER, _lines(grid), when)


def _lines(grid: Matrix) -> Iterator[list[Value]]:
    for row in grid.rows:
        for member, cell in zip(grid.departments, row.cells, strict=True):
            title = grid.base_titles.get(row.id, {}).get(member.slug, row.title)
            yield [*_facts(member)[:3], row.id, title, cell.status or "not_in_edition",
                   cell.reason or "", cell.retitled or "", *_origin(cell), cell.approved_by,
                   cell.approved_on, *_facts(member)[3:], "yes" if cell.departs else "no", ""]
    for row in grid.topics:  # status: adopted (default house rules), modified, added, not_given
        for member, cell in zip(grid.departments, row.cells, strict=True):
            yield [*_facts(member)[:3], row.id, row.title, cell.status or "not_given", "", "",
                   *_origin(cell), "", None, *_facts(member)[3:],
                   "yes" if cell.departs else "no", cell.value]


def _facts(member: Member) -> list[Value]:
    """department, slug, base; then policy_version, effective, review_by, jurisdiction."""
    return [member.name, member.slug, member.edition, member.version, member.effective,
            member.review_by, _places(member)]


def _origin(cell: Cell) -> tuple[str, str]:
    return (cell.origin.kind, origin_label(cell.origin)) if cell.origin else ("", "")


def _places(member: Member) -> str:
    """Its jurisdictions as people know them, the primary one first."""
    return "; ".join(JURISDICTION_NAMES.get(j, j) for j in member.jurisdictions)


def render_matrix_json(grid: Matrix, labels: dict[str, str]) -> bytes:
    """For scripts: the departments with their facts, the sections and topics, and one cell
    per department and section or topic (a section not in a department's edition: none)."""
    data = {
        "departments": [{
            "name": d.name, "short_name": d.short_name, "slug": d.slug, "base": d.edition,
            "base_label": labels.get(d.edition, d.edition), "jurisdictions": list(
                d.jurisdictions), "owner": d.owner, "policy_version": d.version,
            "effective": _iso(d.effective), "review_by": _iso(d.review_by),
            "departures": grid.departures_of(d.slug),
            "local_rules": grid.local_rules_of(d.slug)} for d in grid.departments],
        "sections": [{"id": r.id, "title": r.title, "local": r.local, "origin": r.origin(),
                      "departures": r.departures(), "having": r.having()} for r in grid.rows],
        "topics": [{"id": r.id, "title": r.title} for r in grid.topics],
        "cells": [*(_json_cell(d, r, c) for r in grid.rows
                    for d, c in zip(grid.departments, r.cells, strict=True) if c.status),
                  *(_json_cell(d, r, c) for r in grid.topics
                    for d, c in zip(grid.departments, r.cells, strict=True) if c.status)],
    }
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _json_cell(member: Member, row: Row, cell: Cell) -> dict[str, object]:
    found: dict[str, object] = {"slug": member.slug, "id": row.id, "status": cell.status,
                                "departure": cell.departs}
    extra = {"retitled_as": cell.retitled, "reason": cell.reason,
             "approved_by": cell.approved_by, "approval_date": _iso(cell.approved_on),
             "value": cell.value}
    found.update({key: value for key, value in extra.items() if value})
    return found


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None
