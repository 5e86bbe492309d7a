"""The words and shapes every rendering of a comparison shares (the HTML report, the DOCX
redline, diff.json and the command line): the statuses in words, the summary's counts, the
notice across editions, the departments' data as rows, and word changes as runs of text."""

from __future__ import annotations

from collections import Counter
from typing import Any

from generator.policy import edition_month, origin_label
from generator.review.comparison.data import Field, Records, RowStatus, word_ops
from generator.review.comparison.sections import (
    BREAK,
    MARKS,
    NUMBER,
    Comparison,
    EditionNote,
    Ops,
    SectionDiff,
    SectionStatus,
    Source,
)

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
                f"lists {count_noun(count or 0, records.noun)}.")
    tally = Counter(r.status for r in records.records)
    said = [f"{tally[k]} {ROW_WORDS[k].lower()}" for k in ("added", "removed", "changed")
            if tally[k]]
    listing = (f"A lists {count_noun(records.a_count, records.noun)}, B lists "
               f"{count_noun(records.b_count, records.noun)}")
    return f"{listing}: {', '.join(said)}." if said else f"{listing}, the same in both."


def count_noun(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def details_view(comparison: Comparison) -> list[dict[str, Any]]:
    """The details table's rows: each side's value, and what changed in words."""
    def value(v: str | None) -> str:
        return v if v is not None else "Not in the base text"

    def changed(field: Field) -> str:
        if field.a is None or field.b is None:
            return "Not compared: the base text has none" if field.a != field.b else "Neither"
        return "Same" if field.a == field.b else "Different"

    return [{"label": f.label, "a": value(f.a), "b": value(f.b), "changed": changed(f),
             "differs": f.status == "changed"} for f in comparison.details]


def records_view(comparison: Comparison, records: Records) -> dict[str, Any]:
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
            "caption": records_caption(noun, listed, comparison.by_place),
            "head": "Account" if noun == "account" else "Role", "rows": rows}


def records_caption(noun: str, listed: bool, place: bool) -> str:
    """How the rows were paired: by name, and by place where both sides are one
    department's (an account renamed in its place is the same account changed)."""
    if listed:
        return f"The {noun}s listed"
    if place:
        return f"The {noun}s of A and B, aligned by name, or by place where one was renamed"
    return f"The {noun}s of A and B, aligned by name"


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
            runs += word_runs("equal", a)
            continue
        runs += word_runs("delete", a) + word_runs("insert", b)
    return runs


def word_runs(kind: str, words: tuple[str, ...]) -> list[Run]:
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


def source_label(source: Source) -> str:
    """One side's section, for a cell or a column: "NICS Code of Ethics", "Model text",
    "Department's own, in place of Cabinet Office guidance, May 2012"."""
    base = origin_label(source.origin)
    if source.origin.kind == "department" or source.status == "added":
        return "Department's own"
    if source.status != "modified":
        return base
    base = base if source.origin.kind != "model" else "model text"
    if source.words.kind == "department":
        return f"Department's own, in place of {base}"
    return f"{base}, with the department's additions"
