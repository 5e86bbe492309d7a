"""diff.json: a comparison for scripts, every section, topic, table row, detail, account
and contact with its status and both sides' words."""

from __future__ import annotations

import json

from generator.policy import origin_json
from generator.review.comparison.data import Records
from generator.review.comparison.sections import Comparison, Ops, SectionDiff, Source
from generator.review.comparison.shared import records_summary


def render_diff_json(comparison: Comparison) -> bytes:
    """diff.json. Beside the CONTRACT's keys: `a_edition` and `b_edition`; for each section
    and topic `origin_a` and `origin_b` (where that side's section comes from, as
    manifest.json's `origin`; null where the side does not have it), `words_a` and `words_b`
    (whose words the side prints: the department's where it replaced the base text), `rows`
    (its tables row by row) and, for sections, `edition_change` (true where the section is
    on one side only because the editions differ) with `edition_note`; and the departments'
    own data: `details`, `channels` and `contacts` (null values where a side is the base
    text, which has none)."""
    data = {
        "a": comparison.a_id,
        "b": comparison.b_id,
        "a_name": comparison.a,
        "b_name": comparison.b,
        "a_edition": comparison.a_party.edition,
        "b_edition": comparison.b_party.edition,
        "sections": [
            {**_section_json(s), "reason_a": s.reason_a, "reason_b": s.reason_b,
             **_origins(s), "rows": _rows_json(s),
             "edition_change": bool(s.edition_note), "edition_note": s.edition_note or None}
            for s in comparison.sections],
        "topics": [{**_section_json(s), **_origins(s), "rows": _rows_json(s)}
                   for s in comparison.topics],
        "details": [{"label": f.label, "a": f.a, "b": f.b, "status": f.status}
                    for f in comparison.details],
        "channels": _records_json(comparison, comparison.channels),
        "contacts": _records_json(comparison, comparison.contacts),
    }
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _section_json(section: SectionDiff) -> dict[str, object]:
    return {"id": section.id, "title": section.title, "status": section.status,
            "changes": [{"op": c.op, "a": c.a, "b": c.b} for c in section.changes]}


def _rows_json(section: SectionDiff) -> list[dict[str, object]]:
    """Every table row that differs, its cells as A's words and B's."""
    return [{"table": t.caption, "key": r.key, "status": r.status,
             "cells": [{"column": _text(_side(head, "b") or _side(head, "a")),
                        "a": _text(_side(ops, "a")), "b": _text(_side(ops, "b"))}
                       for head, ops in zip(t.columns, r.cells, strict=True)]}
            for t in section.tables for r in t.rows if r.status != "unchanged"]


def _side(ops: Ops, side: str) -> tuple[str, ...]:
    """One side's words of a run of ops."""
    return tuple(w for _, a, b in ops for w in (a if side == "a" else b))


def _text(words: tuple[str, ...]) -> str:
    return " ".join(words)


def _records_json(comparison: Comparison, records: Records) -> dict[str, object]:
    return {"a_count": records.a_count, "b_count": records.b_count,
            "summary": records_summary(comparison, records),
            "records": [{"key": r.key, "status": r.status,
                         "fields": [{"label": f.label, "a": f.a, "b": f.b} for f in r.fields]}
                        for r in records.records]}


def _origins(section: SectionDiff) -> dict[str, object]:
    def origin(source: Source | None) -> dict[str, object] | None:
        return origin_json(source.origin) if source else None

    return {"origin_a": origin(section.source_a), "origin_b": origin(section.source_b),
            "words_a": section.source_a.words.kind if section.source_a else None,
            "words_b": section.source_b.words.kind if section.source_b else None}
