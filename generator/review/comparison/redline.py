"""redline.docx: B's text with the changes from A as tracked changes a reviewer accepts or
rejects in Word or LibreOffice, each departure's reason a comment in its department's name,
after the departments' own data as plain tables."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from typing import Any

from generator.model import Approval, Policy, PolicySection
from generator.policy import long_date
from generator.render import new_document, save_docx, set_language
from generator.review.comparison.data import table_diffs, word_ops
from generator.review.comparison.sections import Comparison, Party, SectionDiff, heading_words
from generator.review.comparison.shared import (
    Run,
    details_view,
    edition_notice,
    records_view,
    words_from,
)
from generator.review.comparison.tracked import Redline, header_row, new_table, pieces

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
    writer = Redline(document, author, date)
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
                pieces(word_ops(heading_words(section_a), heading_words(section_b))),
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
                 [(d["label"], d["a"], d["b"], d["changed"]) for d in details_view(comparison)])
    for records in (comparison.channels, comparison.contacts):
        view = records_view(comparison, records)
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
    table = new_table(document, caption, len(head))
    header_row(table.rows[0], [[("equal", (h,))] for h in head], None)
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.paragraphs[0].add_run(text)
    document.add_paragraph()


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
