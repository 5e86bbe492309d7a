"""Render a comparison: an accessible HTML report, a DOCX redline with real tracked changes
(w:ins / w:del, so Word and LibreOffice list them as revisions to accept or reject), and
diff.json for scripts."""

from __future__ import annotations

import difflib
import json
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from markupsafe import Markup

from generator.model import Approval, Policy, PolicySection
from generator.policy import edition_month, long_date, origin_json
from generator.render import (
    new_document,
    review_css,
    review_environment,
    save_docx,
    set_language,
)
from generator.review.compare import (
    BREAK,
    MARKS,
    NUMBER,
    Comparison,
    EditionNote,
    Field,
    Ops,
    Party,
    Records,
    RowStatus,
    SectionDiff,
    SectionStatus,
    Source,
    TableDiff,
    heading_words,
    table_diffs,
    word_ops,
)
from generator.review.origins import BASE_TEXT_NOTE, source_label

LABELS: dict[SectionStatus, str] = {
    "unchanged": "unchanged", "changed": "changed", "moved": "moved",
    "only_in_a": "only in A", "only_in_b": "only in B"}
# A section on one side only because the editions differ, as the report says it.
EDITION_LABELS: dict[EditionNote, str] = {
    "new_in_b_edition": "only in B: new in B's edition",
    "not_in_b_edition": "only in A: not in B's edition"}
# A table's row, an account or a contact, in words (never by colour alone: WCAG 1.4.1).
ROW_WORDS: dict[RowStatus, str] = {
    "unchanged": "Same", "changed": "Changed", "added": "Added", "removed": "Removed",
    "listed": "Listed"}
Run = tuple[str, str]  # (insert | delete | equal | break, text)


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
        counts=summary_counts(comparison), details=_details_view(comparison),
        records=[_records_view(comparison, r) for r in (comparison.channels,
                                                        comparison.contacts)],
        css=Markup(review_css()))


# The summary's rows across editions: each reads as a table's row and in the command line's
# "Label: N; ..." alike, so none holds a colon of its own.
ACROSS_LABELS: tuple[tuple[str, EditionNote, SectionStatus], ...] = (
    ("Only in A, because B's edition does not have it", "not_in_b_edition", "only_in_a"),
    ("Only in A, because A added it or B leaves it out", "", "only_in_a"),
    ("Only in B, because it is new in B's edition", "new_in_b_edition", "only_in_b"),
    ("Only in B, because B added it or A leaves it out", "", "only_in_b"))


def summary_counts(comparison: Comparison) -> list[tuple[str, int]]:
    """The summary's rows. Across editions, a section on one side only because the editions
    differ is counted apart from a department's own additions and omissions."""
    counts = [(sentence_case(LABELS[k]), comparison.count(k))
              for k in ("unchanged", "changed", "moved")]
    if not comparison.across_editions():
        return counts + [(sentence_case(LABELS[k]), comparison.count(k))
                         for k in ("only_in_a", "only_in_b")]
    return counts + [(label, comparison.count_edition(note, side))
                     for label, note, side in ACROSS_LABELS]


def sentence_case(text: str) -> str:
    """The text with its first letter a capital, the rest as it was ("only in A" as a row's
    label)."""
    return text[:1].upper() + text[1:]


def edition_notice(comparison: Comparison) -> str:
    """What a reader must know first when A's and B's base editions differ; "" otherwise."""
    if not comparison.across_editions():
        return ""
    a, b = comparison.a_party, comparison.b_party
    a_month, b_month = edition_month(a.edition), edition_month(b.edition)
    first = (f"A is derived from the {a_month} edition of the base text" if a.department
             else f"A is the {a_month} edition of the base text")
    second = (f"B is derived from the {b_month} edition" if b.department
              else f"B is the {b_month} edition")
    return (f"{first}, and {second}. Sections on the same subject are matched across the "
            "editions. A section only in B that is new in B's edition is marked so, not counted "
            "as something A removed; a section only in A that B's edition does not have is "
            "marked so, not counted as something B left out. A section in both may read "
            "differently because its edition's words differ.")


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


def records_summary(comparison: Comparison, records: Records) -> str:
    """One sentence: "The base text has no accounts; DWP lists 4." or "A lists 4 accounts,
    B lists 3: 1 added, 2 removed, 1 changed."."""
    plural = f"{records.noun}s"
    if records.a_count is None and records.b_count is None:
        return f"Neither side is a department's policy, so neither has {plural} of its own."
    if records.a_count is None or records.b_count is None:
        department = (comparison.b_party if records.a_count is None else comparison.a_party)
        count = records.b_count if records.a_count is None else records.a_count
        return (f"The base text has no {plural}; {department.short_name or department.name} "
                f"lists {_count(count or 0, records.noun)}.")
    tally = Counter(r.status for r in records.records)
    said = [f"{tally[k]} {ROW_WORDS[k].lower()}" for k in ("added", "removed", "changed")
            if tally[k]]
    listing = (f"A lists {_count(records.a_count, records.noun)}, B lists "
               f"{_count(records.b_count, records.noun)}")
    return f"{listing}: {', '.join(said)}." if said else f"{listing}, the same in both."


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _details_view(comparison: Comparison) -> list[dict[str, Any]]:
    """The details table's rows: each side's value, and what changed in words."""
    def value(v: str | None) -> str:
        return v if v is not None else "Not in the base text"

    def changed(field: Field) -> str:
        if field.a is None or field.b is None:
            return "Not compared: the base text has none" if field.a != field.b else "Neither"
        return "Same" if field.a == field.b else "Different"

    return [{"label": f.label, "a": value(f.a), "b": value(f.b), "changed": changed(f),
             "differs": f.status == "changed"} for f in comparison.details]


def _records_view(comparison: Comparison, records: Records) -> dict[str, Any]:
    """An account's (or a contact's) row: what changed in words, and the fields that
    differ, A's words deleted and B's inserted; every field where it is on one side only."""
    rows = []
    for record in records.records:
        fields = [(f.label, inline_runs(word_ops(tuple((f.a or "").split()),
                                                 tuple((f.b or "").split()))))
                  for f in record.fields
                  if record.status != "changed" or f.a != f.b]
        if record.status in ("listed", "added", "removed"):  # its row says so: plain words
            fields = [(f.label, [("equal", f.b or f.a or "")]) for f in record.fields]
        rows.append({"key": record.key, "status": ROW_WORDS[record.status],
                     "kind": record.status, "fields": fields})
    listed = records.a_count is None or records.b_count is None
    noun = records.noun
    return {"id": f"{noun}s", "title": "Accounts" if noun == "account" else "Contacts",
            "summary": records_summary(comparison, records), "listed": listed,
            "caption": _records_caption(noun, listed, comparison.by_place),
            "head": "Account" if noun == "account" else "Role", "rows": rows}


def _records_caption(noun: str, listed: bool, place: bool) -> str:
    """How the rows were paired: by name, and by place where both sides are one
    department's (an account renamed in its place is the same account changed)."""
    if listed:
        return f"The {noun}s listed"
    if place:
        return f"The {noun}s of A and B, aligned by name, or by place where one was renamed"
    return f"The {noun}s of A and B, aligned by name"


def _origins(section: SectionDiff) -> dict[str, object]:
    def origin(source: Source | None) -> dict[str, object] | None:
        return origin_json(source.origin) if source else None

    return {"origin_a": origin(section.source_a), "origin_b": origin(section.source_b),
            "words_a": section.source_a.words.kind if section.source_a else None,
            "words_b": section.source_b.words.kind if section.source_b else None}


def words_from(section: SectionDiff) -> str:
    """Where each side's words come from, in one line: "In A, NICS Code of Ethics; in B,
    Department's own, in place of NICS Code of Ethics"; one label where both agree."""
    a = source_label(section.source_a) if section.source_a else None
    b = source_label(section.source_b) if section.source_b else None
    if a is None or b is None or a == b:  # a section on one side only: its own label
        return a or b or ""
    return f"In A, {a}; in B, {b}"


def inline_runs(ops: Ops) -> list[Run]:
    """Word changes as one run of text: deletions, then insertions, where they happened."""
    runs: list[Run] = []
    for op, a, b in ops:
        if op == "equal":
            runs += _runs("equal", a)
            continue
        runs += _runs("delete", a) + _runs("insert", b)
    return runs


def _view(section: SectionDiff) -> dict[str, Any]:
    left: list[Run] = []
    right: list[Run] = []
    for op, a, b in section.ops:
        if op == "equal":
            left += _runs("equal", a)
            right += _runs("equal", a)
            continue
        left += _runs("delete", a)
        right += _runs("insert", b)
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


def _runs(kind: str, words: tuple[str, ...]) -> list[Run]:
    """Words as runs of one kind, with a break run at each paragraph's end and a mark run
    (bullet or number) where a list item opens."""
    runs: list[Run] = []
    chunk: list[str] = []
    for word in words:
        if word in MARKS:
            if chunk:
                runs.append((kind, " ".join(chunk)))
                chunk = []
            runs.append(("break", "") if word == BREAK else
                        ("mark", "ol" if word == NUMBER else "ul"))
        else:
            chunk.append(word)
    if chunk:
        runs.append((kind, " ".join(chunk)))
    return runs


def diff_blocks(runs: list[Run]) -> list[dict[str, Any]]:
    """Runs as the document's shape: paragraphs, and lists of items (ul or ol), so a list
    reads as a list in the report."""
    paragraphs: list[tuple[str, list[Run]]] = []  # (p | ul | ol, runs)
    kind, current = "p", list[Run]()
    for run in runs:
        if run[0] == "mark":
            kind = run[1]
        elif run[0] == "break":
            if current:
                paragraphs.append((kind, current))
            kind, current = "p", list[Run]()
        else:
            current.append(run)
    if current:
        paragraphs.append((kind, current))
    blocks: list[dict[str, Any]] = []
    for kind, items in paragraphs:
        if kind != "p" and blocks and blocks[-1]["kind"] == kind:
            blocks[-1]["entries"].append(items)
        else:
            blocks.append({"kind": kind, "runs": items, "entries": [items]})
    return blocks


# --- the DOCX redline ------------------------------------------------------------------------

REDLINE_NOTE = (
    "Every difference in the sections is a tracked change: accept them all to read B, reject "
    "them all to read A. Each change is in the name of the department whose side made it, "
    "dated when that departure was approved (or the policy took effect). A comment on the "
    "changed words gives each departure's reason, who approved it and when; a comment on "
    "each section's heading says where its words come from: the Cabinet Office guidance, a "
    "code of conduct, model text or the department's own.")
SECTIONS_HEADING = "The sections, with their changes tracked"


def redline_author(comparison: Comparison, tool: str) -> str:
    """The document's author: B's department, else A's; the tool only for two base texts."""
    return comparison.b_party.department or comparison.a_party.department or tool


def render_redline(comparison: Comparison, a: Policy, b: Policy, author: str, date: str) -> bytes:
    """B's text, with the changes from A as tracked insertions and deletions, after a first
    section of the departments' own data (details, accounts, contacts) as plain tables.

    Sections are walked in ID order of both sides: a section in both (in order) shows its
    word changes; a section only in A is deleted, one only in B inserted. A moved section is
    a tracked move (w:moveFrom where A had it, w:moveTo where B has it) of the words both
    sides share, with A's other words deleted at the old place and B's inserted at the new:
    so "reject all" reads exactly as A and "accept all" exactly as B. A section's table is
    a Word table whose added and removed rows are tracked rows (w:trPr/w:ins, w:del) and
    whose changed cells hold tracked words.

    Each change names the department whose departure it is (B's where B departs, else A's;
    else the department whose policy it is), dated with that departure's approval (else the
    policy's effective date); `author` and `date` only where neither side is a department.
    Each departure's reason is a comment on the changed words (the heading where none
    changed). Where the words come from is a comment on the heading, not text: accepting
    or rejecting the changes leaves the policy's words alone.
    """
    document = new_document()
    set_language(document, "en-GB")
    properties = document.core_properties
    properties.title = f"Redline: {comparison.a} to {comparison.b}"
    properties.author = redline_author(comparison, author)
    properties.subject = "Tracked changes between two social media policies"
    properties.comments = "Made with policy-pack"
    document.add_heading(f"Redline: changes from {comparison.a} to {comparison.b}", level=1)
    document.add_paragraph(REDLINE_NOTE)
    notice = edition_notice(comparison)
    if notice:
        document.add_paragraph(notice)
    _data_section(document, comparison)
    document.add_heading(SECTIONS_HEADING, level=1)
    writer = _Redline(document, author, date)
    diffs = {s.id: s for s in (*comparison.sections, *comparison.topics)}
    in_a = {s.id: s for s in (*a.sections, *a.topics) if s.status != "omitted"}
    in_b = {s.id: s for s in (*b.sections, *b.topics) if s.status != "omitted"}
    for op, section_a, section_b in _section_ops(a, b):
        diff = diffs[(section_a or section_b).id]
        writer.author, writer.date = change_author(diff, comparison, author, date)
        writer.start_section()
        note = f"Where the words come from: {words_from(diff)}."
        if op == "equal":
            heading = writer.section(
                _pieces(word_ops(heading_words(section_a), heading_words(section_b))),
                note=note)
            writer.tables(table_diffs(section_a, section_b, comparison.by_place))
        elif op == "delete" and section_a.id in in_b:  # moved: its old place
            ops = word_ops(heading_words(section_a), heading_words(in_b[section_a.id]))
            heading = writer.section([("movefrom" if o == "equal" else "delete", x)
                                      for o, x, _ in ops if x], move=section_a.id, note=note)
            writer.tables(table_diffs(section_a, None, comparison.by_place))
        elif op == "insert" and section_b.id in in_a:  # moved: its new place
            ops = word_ops(heading_words(in_a[section_b.id]), heading_words(section_b))
            heading = writer.section([("moveto" if o == "equal" else "insert", y)
                                      for o, _, y in ops if y], move=section_b.id, note=note)
            writer.tables(table_diffs(None, section_b, comparison.by_place))
        elif op == "delete":
            heading = writer.section([("delete", heading_words(section_a))], note=note)
            writer.tables(table_diffs(section_a, None, comparison.by_place))
        else:
            heading = writer.section([("insert", heading_words(section_b))], note=note)
            writer.tables(table_diffs(None, section_b, comparison.by_place))
        if op != "delete" or section_a.id not in in_b:  # a move's reasons once, where it is now
            for reason in reasons(diff, comparison, a, b):
                writer.reason(heading, *reason)
    return save_docx(document, None)


def change_author(diff: SectionDiff, comparison: Comparison, tool: str, date: str
                  ) -> tuple[str, str]:
    """Who made a section's changes, and when: the department that departs there (B's
    before A's), dated with its approval, else its policy's effective date; where neither
    departs, the department whose policy it is (B's before A's) on its effective date."""
    for departs, approval, party in ((diff.departs_b, diff.approval_b, comparison.b_party),
                                     (diff.departs_a, diff.approval_a, comparison.a_party)):
        if departs and party.department:
            return party.department, _stamp(approval.date if approval and approval.date
                                            else party.effective)
    for party in (comparison.b_party, comparison.a_party):
        if party.department:
            return party.department, _stamp(party.effective)
    return tool, date


def _stamp(day: object) -> str:
    """A date as w:date wants it (ISO 8601, ECMA-376 17.13.4.2)."""
    return f"{day}T00:00:00Z"


def reasons(diff: SectionDiff, comparison: Comparison, a: Policy, b: Policy
            ) -> list[tuple[str, str, str, str]]:
    """Each side's departure in this section, as a comment: (text, author, initials, date)."""
    said = []
    for departs, approval, party, policy in (
            (diff.departs_a, diff.approval_a, comparison.a_party, a),
            (diff.departs_b, diff.approval_b, comparison.b_party, b)):
        if not departs or party.department is None:
            continue
        section = next(s for s in policy.sections if s.id == diff.id)
        said.append((reason_text(party, section, approval), party.department,
                      party.short_name or "", _stamp(approval.date if approval and
                                                     approval.date else party.effective)))
    return said


def reason_text(party: Party, section: PolicySection, approval: Approval | None) -> str:
    """The comment: "Department of Finance changes this section. Reason: ... Approved by
    the Permanent Secretary on 3 March 2026."."""
    did = (f"{party.department} " + {
        "omitted": "leaves this section out", "added": "adds this section of its own",
        "modified": "changes this section"}.get(section.status, "retitles this section")
        + (f" (the base's heading: {section.base_title})" if section.base_title else "") + ".")
    if approval is None:
        return f"{did} It gives no reason and no approval."
    when = f" on {long_date(approval.date)}" if approval.date else ""
    who = f" Approved by {approval.approved_by}{when}." if approval.approved_by else ""
    return f"{did} Reason: {approval.reason}{who}"


def _data_section(document: Any, comparison: Comparison) -> None:
    """The departments' own data first, as plain tables (not tracked: it is not the
    policies' text, and accepting or rejecting the changes must not touch it)."""
    document.add_heading("The policies' details, accounts and contacts", level=1)
    _plain_table(document, "The policies' details",
                 ("Detail", f"In A: {comparison.a}", f"In B: {comparison.b}", "What changed"),
                 [(d["label"], d["a"], d["b"], d["changed"]) for d in _details_view(comparison)])
    for records in (comparison.channels, comparison.contacts):
        view = _records_view(comparison, records)
        document.add_heading(view["title"], level=2)
        document.add_paragraph(view["summary"])
        if view["rows"]:
            _plain_table(document, view["caption"], (view["head"], "What changed", "Details"),
                         [(row["key"], row["status"], "; ".join(
                             f"{label}: {_said(runs)}" for label, runs in row["fields"]))
                          for row in view["rows"]])


def _said(runs: list[Run]) -> str:
    """A field's words in plain text: "was X, now Y" where it changed."""
    before = " ".join(t for k, t in runs if k in ("equal", "delete"))
    after = " ".join(t for k, t in runs if k in ("equal", "insert"))
    if before == after:
        return after
    if not before or not after:
        return after or before
    return f"was “{before}”, now “{after}”"


def _plain_table(document: Any, caption: str, head: tuple[str, ...],
                 rows: list[tuple[str, ...]]) -> None:
    table = _new_table(document, caption, len(head))
    _header(table.rows[0], [[("equal", (h,))] for h in head], None)
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.paragraphs[0].add_run(text)
    document.add_paragraph()


def _new_table(document: Any, caption: str, columns: int,
               writer: _Redline | None = None, caption_ops: Ops = ()) -> Any:
    """A table with its header row, its caption given for assistive technology (the same
    w:tblCaption the policy's DOCX gives, as PDF/UA and Word's checker want); the caption's
    words tracked by `writer` where A's and B's differ."""
    if writer is None or not caption_ops:
        document.add_paragraph(caption, style="Caption")
    else:
        paragraph = document.add_paragraph(style="Caption")
        for kind, words in _pieces(caption_ops):
            for word in words:
                writer.word(paragraph, word, kind)
    table = document.add_table(rows=1, cols=columns)
    table.style = "Table Grid"
    properties = table._tbl.tblPr
    for tag in ("w:tblCaption", "w:tblDescription"):
        element = OxmlElement(tag)
        element.set(qn("w:val"), caption)
        properties.append(element)
    return table


def _header(row: Any, cells: list[list[tuple[str, tuple[str, ...]]]],
            writer: _Redline | None) -> None:
    """The header row: repeated on each page and read as the header (tblHeader); its
    words tracked by `writer` where they are not in both sides' tables."""
    properties = row._tr.get_or_add_trPr()
    properties.append(OxmlElement("w:tblHeader"))
    for cell, pieces in zip(row.cells, cells, strict=True):
        for kind, words in pieces:
            for word in words:
                run = cell.paragraphs[0].add_run(word + " ")
                run.bold = True
                if kind != "equal" and writer is not None:
                    writer.wrap(run._r, kind)


def _pieces(ops: Ops) -> list[tuple[str, tuple[str, ...]]]:
    """Word runs as (kind, words): equal, or A's words deleted and B's inserted."""
    pieces: list[tuple[str, tuple[str, ...]]] = []
    for op, a, b in ops:
        if op == "equal":
            pieces.append(("equal", a))
            continue
        pieces += [("delete", a), ("insert", b)]
    return pieces


def _section_ops(a: Policy, b: Policy) -> Iterator[tuple[str, Any, Any]]:
    left = [s for s in (*a.sections, *a.topics) if s.status != "omitted"]
    right = [s for s in (*b.sections, *b.topics) if s.status != "omitted"]
    matcher = difflib.SequenceMatcher(a=[s.id for s in left], b=[s.id for s in right],
                                      autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            for x, y in zip(left[i1:i2], right[j1:j2], strict=True):
                yield "equal", x, y
            continue
        for x in left[i1:i2]:
            yield "delete", x, None
        for y in right[j1:j2]:
            yield "insert", None, y


# Each kind of tracked word, as WordprocessingML wraps it (ECMA-376 17.13.5).
TRACKED = {"delete": "w:del", "insert": "w:ins", "movefrom": "w:moveFrom",
           "moveto": "w:moveTo"}
# A tracked row: inserted or deleted as a whole (ECMA-376 17.13.5.18, 17.13.5.14).
ROW_MARK: dict[RowStatus, str] = {"added": "w:ins", "removed": "w:del"}


class _Redline:
    def __init__(self, document: Any, author: str, date: str) -> None:
        self.document = document
        # The tool writes the notes of where words come from (a fact it derives, not any
        # department's); each section's changes are in the name of the department that made
        # them (author and date, set for each section: change_author).
        self.tool, self.tool_date = author, date
        self.author = author
        self.date = date
        self.next_id = 1
        self.changed: list[Any] = []  # the section's tracked words, for its reasons' range

    def start_section(self) -> None:
        self.changed = []

    def wrap(self, run: Any, kind: str) -> None:
        """A run made tracked in place (the header cells, written through python-docx)."""
        wrapper = self._mark(TRACKED[kind])
        if kind in ("delete", "movefrom"):
            for text in run.iter(qn("w:t")):
                text.tag = qn("w:delText")
        run.addprevious(wrapper)
        wrapper.append(run)

    def section(self, pieces: Iterable[tuple[str, tuple[str, ...]]],
                move: str | None = None, note: str = "") -> Any:
        """Write one section; its first paragraph (the title) is a Heading 2, returned.
        Given `move` (the section's ID), its moveFrom or moveTo words are one named move
        range; given `note`, the heading carries it as a comment."""
        pieces = list(pieces)
        paragraph = self.document.add_heading(level=2)
        heading = paragraph
        moving = next((k for k, _ in pieces if k in ("movefrom", "moveto")), None)
        range_id = self.next_id
        if move is not None and moving is not None:
            paragraph._p.append(self._range_start(moving, range_id, move))
            self.next_id += 1
        last = paragraph
        for kind, words in pieces:
            for word in words:
                if word == BREAK:
                    self.end_paragraph(paragraph, kind)
                    last, paragraph = paragraph, self.document.add_paragraph()
                elif word in MARKS:  # a list item: the list's own paragraph style
                    paragraph.style = "List Number" if word == NUMBER else "List Bullet"
                else:
                    self.word(paragraph, word, kind)
        # The paragraph opened after the last break is empty: remove it.
        paragraph._p.getparent().remove(paragraph._p)
        if move is not None and moving is not None:
            end = OxmlElement("w:moveFromRangeEnd" if moving == "movefrom"
                              else "w:moveToRangeEnd")
            end.set(qn("w:id"), str(range_id))
            last._p.append(end)
        if note:
            self.comment(heading, note, self.tool, "", self.tool_date)
        return heading

    def tables(self, tables: Iterable[TableDiff]) -> None:
        for table in tables:
            self.table(table)

    def table(self, diff: TableDiff) -> None:
        """A real Word table: the header row, then each row, an added or removed one
        tracked as a row, a changed one with its cells' words tracked."""
        table = _new_table(self.document, diff.caption, len(diff.columns), self,
                           diff.caption_ops)
        _header(table.rows[0], [_pieces(ops) for ops in diff.columns], self)
        whole = {op for ops in diff.columns for op, _, _ in ops}
        if whole in ({"insert"}, {"delete"}):  # a table on one side only: its header too
            table.rows[0]._tr.get_or_add_trPr().append(
                self._mark("w:ins" if whole == {"insert"} else "w:del"))
        for row in diff.rows:
            tr = table.add_row()
            if row.status in ROW_MARK:
                tr._tr.get_or_add_trPr().append(self._mark(ROW_MARK[row.status]))
            for cell, ops in zip(tr.cells, row.cells, strict=True):
                for kind, words in _pieces(ops):
                    for word in words:
                        self.word(cell.paragraphs[0], word, kind)
        self.document.add_paragraph()

    def reason(self, heading: Any, text: str, author: str, initials: str, date: str) -> None:
        """A departure's reason as a comment on the section's changed words (ECMA-376
        17.13.4): from the first tracked word to the last, or on the heading if none."""
        if not self.changed:
            self.comment(heading, text, author, initials, date)
            return
        comment_id = self._new_comment(text, author, initials, date)
        start = OxmlElement("w:commentRangeStart")
        start.set(qn("w:id"), comment_id)
        self.changed[0].addprevious(start)
        end = OxmlElement("w:commentRangeEnd")
        end.set(qn("w:id"), comment_id)
        self.changed[-1].addnext(end)
        end.addnext(_reference(comment_id))

    def _new_comment(self, text: str, author: str, initials: str, date: str) -> str:
        comment = self.document.comments.add_comment(text=text, author=author,
                                                     initials=initials)
        # python-docx stamps the time of the run: the redline's own date keeps it repeatable.
        comment._comment_elm.set(qn("w:date"), date)
        return str(comment.comment_id)

    def comment(self, paragraph: Any, text: str, author: str | None = None,
                initials: str = "", date: str | None = None) -> None:
        """A comment on the whole of `paragraph` (ECMA-376 17.13.4): its range around the
        paragraph's content, and the reference mark after it, as Word writes them."""
        comment_id = self._new_comment(text, author or self.author, initials,
                                       date or self.date)
        start = OxmlElement("w:commentRangeStart")
        start.set(qn("w:id"), comment_id)
        properties = paragraph._p.pPr
        if properties is not None:
            properties.addnext(start)
        else:
            paragraph._p.insert(0, start)
        end = OxmlElement("w:commentRangeEnd")
        end.set(qn("w:id"), comment_id)
        paragraph._p.append(end)
        paragraph._p.append(_reference(comment_id))

    def _range_start(self, moving: str, range_id: int, name: str) -> Any:
        """The start of a named move range: Word pairs a moveFrom and a moveTo by name."""
        start = OxmlElement("w:moveFromRangeStart" if moving == "movefrom"
                            else "w:moveToRangeStart")
        start.set(qn("w:id"), str(range_id))
        start.set(qn("w:author"), self.author)
        start.set(qn("w:date"), self.date)
        start.set(qn("w:name"), f"move-{name}")
        return start

    def _mark(self, tag: str) -> Any:
        element = OxmlElement(tag)
        element.set(qn("w:id"), str(self.next_id))
        element.set(qn("w:author"), self.author)
        element.set(qn("w:date"), self.date)
        self.next_id += 1
        return element

    def word(self, paragraph: Any, word: str, kind: str) -> None:
        run = OxmlElement("w:r")
        # Text that goes on acceptance (deleted, or moved away) is w:delText, as Word writes it.
        text = OxmlElement("w:delText" if kind in ("delete", "movefrom") else "w:t")
        text.set(qn("xml:space"), "preserve")
        text.text = word + " "
        run.append(text)
        if kind == "equal":
            paragraph._p.append(run)
            return
        wrapper = self._mark(TRACKED[kind])
        wrapper.append(run)
        paragraph._p.append(wrapper)
        if paragraph._p.getparent() is self.document.element.body:  # not in a table's cell
            self.changed.append(wrapper)

    def end_paragraph(self, paragraph: Any, kind: str) -> None:
        """A paragraph mark that was inserted or deleted is tracked too (ECMA-376 17.13.5)."""
        if kind == "equal":
            return
        properties = paragraph._p.get_or_add_pPr()
        run_properties = properties.find(qn("w:rPr"))
        if run_properties is None:
            run_properties = OxmlElement("w:rPr")
            properties.append(run_properties)
        run_properties.append(self._mark(TRACKED[kind]))


def _reference(comment_id: str) -> Any:
    """The run that marks where a comment is (w:commentReference)."""
    reference = OxmlElement("w:r")
    mark = OxmlElement("w:commentReference")
    mark.set(qn("w:id"), comment_id)
    reference.append(mark)
    return reference
