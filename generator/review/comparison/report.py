"""report.html: a comparison as an accessible HTML page (the summary, the sections and
their changes, then the departments' details, accounts and contacts)."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup

from generator.render import review_css, review_environment
from generator.review.comparison.data import TableDiff, word_ops
from generator.review.comparison.sections import Comparison, SectionDiff
from generator.review.comparison.shared import (
    EDITION_LABELS,
    LABELS,
    ROW_WORDS,
    Run,
    details_view,
    diff_blocks,
    edition_notice,
    inline_runs,
    records_view,
    source_label,
    summary_counts,
    word_runs,
    words_from,
)
from generator.review.origins import BASE_TEXT_NOTE


def render_report(comparison: Comparison, back: str | None = None) -> str:
    """report.html: summary counts, the departments' own data, every section, and each
    changed one inline and side by side. It links its own redline and diff.json (beside it
    in one folder); given `back` (the href of the site's index), it links back there too."""
    sections = [_view(s) for s in comparison.sections]
    topics = [_view(s) for s in comparison.topics]
    env = review_environment()
    bases = comparison.a_id.startswith("base:") or comparison.b_id.startswith("base:")
    return env.get_template("compare.html.j2").render(
        a=comparison.a, b=comparison.b, sections=sections,
        base_note=BASE_TEXT_NOTE if bases else "", back=back,
        edition_notice=edition_notice(comparison),
        shown=[s for s in sections if s["shown"]], topics=topics,
        topics_shown=[s for s in topics if s["shown"]],
        counts=summary_counts(comparison), details=details_view(comparison),
        records=[records_view(comparison, r) for r in (comparison.channels,
                                                        comparison.contacts)],
        css=Markup(review_css()))


def _view(section: SectionDiff) -> dict[str, Any]:
    left: list[Run] = []
    right: list[Run] = []
    for op, a, b in section.ops:
        if op == "equal":
            left += word_runs("equal", a)
            right += word_runs("equal", a)
            continue
        left += word_runs("delete", a)
        right += word_runs("insert", b)
    title = (inline_runs(word_ops(tuple((section.title_a or "").split()),
                                  tuple((section.title_b or "").split())))
             if section.title_a and section.title_b and section.title_a != section.title_b
             else [])
    return {"id": section.id, "title": section.title,
            "anchor": f"section-{section.id}", "shown": section.status != "unchanged",
            "reason_a": section.reason_a, "reason_b": section.reason_b, "title_runs": title,
            "words_from": words_from(section),
            "source_a": source_label(section.source_a) if section.source_a else None,
            "source_b": source_label(section.source_b) if section.source_b else None,
            "inline": diff_blocks(inline_runs(section.ops)), "left": diff_blocks(left),
            "right": diff_blocks(right), "tables": [_table_view(t) for t in section.tables],
            "label": (EDITION_LABELS[section.edition_note] if section.edition_note
                      else LABELS[section.status])}


def _table_view(table: TableDiff) -> dict[str, Any]:
    """A table as a table: its header row, and each row with what changed in words, its
    cells' deleted and inserted words marked."""
    return {"caption": table.caption,
            "columns": [inline_runs(ops) for ops in table.columns],
            "rows": [{"status": ROW_WORDS[r.status], "kind": r.status,
                      "cells": [inline_runs(ops) for ops in r.cells]} for r in table.rows]}
