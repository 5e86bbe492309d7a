"""Compare two policies section by section (pure: values in, values out).

Sections are aligned by their stable IDs, never by position, so renumbering makes no noise;
text is compared word by word only inside matched sections, so re-wrapping a paragraph's
lines makes no noise either. A section whose place changed is `moved`, not deleted and
inserted. A table is compared row by row (rows aligned by their first cell), so a row added,
removed or changed stays a row. Rows, accounts and contacts whose names differ are paired by
their place only where both sides are one department's (or one is the base text): between
two departments, an account of one is never "the same account changed" in the other.
Across base editions the IDs are the mapping: an edition keeps a section's ID where its
subject is the same (docs/editions.md).

Beside the text, each department's own data is compared (compare_data): the policy's
details (version, owner, dates, classification, jurisdiction, edition), its accounts and its
contacts; and each section's tables, row by row.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass, replace
from typing import Literal

from generator.model import (
    Approval,
    Block,
    ItemList,
    Origin,
    Paragraph,
    Policy,
    PolicySection,
    Profile,
    Status,
    Table,
)
from generator.policy import is_departure, words_origin
from generator.review.comparison.data import (
    NO_ACCOUNTS,
    NO_CONTACTS,
    Field,
    Records,
    TableDiff,
    by_place,
    channel_rows,
    compare_records,
    contact_rows,
    details,
    table_diffs,
    table_ops,
)

# Named here too, for the modules that compare words as compare does (impact).
from generator.review.comparison.data import Ops as Ops
from generator.review.comparison.data import merged_order as merged_order
from generator.review.comparison.data import word_ops as word_ops

SectionStatus = Literal["unchanged", "changed", "moved", "only_in_a", "only_in_b"]
# A section on one side only because the editions differ, not because a department chose.
EditionNote = Literal["", "new_in_b_edition", "not_in_b_edition"]
BREAK = "\n"  # a token between blocks, so merging two paragraphs is a change
# Tokens that open a list item, so a list stays a list in the report and the redline (and
# turning a paragraph into a list item is a change). They are never words.
BULLET = "\x00bullet"
NUMBER = "\x00number"
MARKS = frozenset((BREAK, BULLET, NUMBER))


@dataclass(frozen=True)
class Change:
    op: Literal["insert", "delete", "replace"]
    a: str  # the words taken out ("" for an insertion)
    b: str  # the words put in ("" for a deletion)


@dataclass(frozen=True)
class Source:
    """Where one side's section comes from: the base it derives from, and whose words it
    prints (the department's where it replaced the base text)."""

    origin: Origin  # the base section's (a modification keeps it); the department's for a rule
    words: Origin  # whose words this side prints (provenance.words_origin)
    status: Status  # adopted, modified or added (an omitted section is on no side)


@dataclass(frozen=True)
class SectionDiff:
    id: str
    title: str
    status: SectionStatus
    changes: tuple[Change, ...]
    ops: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]  # the text's runs (no tables)
    reason_a: str | None
    reason_b: str | None
    title_a: str | None
    title_b: str | None
    source_a: Source | None = None  # None where the section is not on that side
    source_b: Source | None = None
    tables: tuple[TableDiff, ...] = ()  # the section's tables, after its text
    # Each side's departure from its base here (a section it modified, omitted, retitled or
    # added), with its approval: the redline's comments and the author of each change.
    departs_a: bool = False
    departs_b: bool = False
    approval_a: Approval | None = None
    approval_b: Approval | None = None
    edition_note: EditionNote = ""


@dataclass(frozen=True)
class Party:
    """One side as the notices and the redline name it."""

    name: str  # as people know it: "Department of Finance", "the May 2012 edition of ..."
    id: str  # as scripts know it: a slug or base:EDITION
    department: str | None  # the department's name; None for the base text
    short_name: str | None
    edition: str
    edition_published: dt.date
    effective: dt.date | None  # the policy's effective date; None for the base text


@dataclass(frozen=True)
class Comparison:
    a_party: Party
    b_party: Party
    sections: tuple[SectionDiff, ...]  # in B's order, with A-only sections where A had them
    # The structured topics (house rules, account security, ...), compared the same way but
    # apart: they are each department's own data, not departures from the base.
    topics: tuple[SectionDiff, ...] = ()
    details: tuple[Field, ...] = ()  # version, owner, dates, classification, ...
    channels: Records = NO_ACCOUNTS
    contacts: Records = NO_CONTACTS
    # Whether rows whose names differ are paired by place (see by_place): the redline's
    # tables are compared as the report's.
    by_place: bool = True

    @property
    def a(self) -> str:
        """A as people know it: "Department of Finance" or "the May 2012 edition of the
        base text"."""
        return self.a_party.name

    @property
    def b(self) -> str:
        return self.b_party.name

    @property
    def a_id(self) -> str:
        """A as scripts know it: a slug or base:EDITION (diff.json, folder names)."""
        return self.a_party.id

    @property
    def b_id(self) -> str:
        return self.b_party.id

    def across_editions(self) -> bool:
        return self.a_party.edition != self.b_party.edition

    def count(self, status: SectionStatus) -> int:
        """Sections (not topics) with this status."""
        return sum(1 for s in self.sections if s.status == status)

    def count_edition(self, note: EditionNote, side: SectionStatus | None = None) -> int:
        """Sections on one side only because the editions differ (note given), or for a
        department's own reason (note ""); given `side` (only_in_a or only_in_b), on that
        side only."""
        return sum(1 for s in self.sections
                   if s.status in ((side,) if side else ("only_in_a", "only_in_b"))
                   and s.edition_note == note)

    def topics_differing(self) -> int:
        return sum(1 for s in self.topics if s.status != "unchanged")


def compare(a: Policy, b: Policy, a_name: str, b_name: str, a_id: str = "",
            b_id: str = "", a_profile: Profile | None = None,
            b_profile: Profile | None = None) -> Comparison:
    """Every section of A and B, aligned by ID, with its word-level changes and its tables
    row by row; the structured topics (house rules, account security, ...) apart, in the
    same way; and the departments' own data. A profile None: that side is the base text,
    with no details, accounts or contacts of its own."""
    editions = (_edition_ids(a), _edition_ids(b)) if a.meta.edition != b.meta.edition else None
    place = by_place(a_profile, b_profile)
    return Comparison(
        party(a, a_name, a_id or a_name, a_profile), party(b, b_name, b_id or b_name, b_profile),
        _diffs(a, b, a.sections, b.sections, editions, place),
        _diffs(a, b, a.topics, b.topics, None, place),
        details(a, b, a_profile, b_profile),
        compare_records("account", channel_rows(a_profile), channel_rows(b_profile), place),
        compare_records("contact", contact_rows(a_profile), contact_rows(b_profile), place), place)


def party(policy: Policy, name: str, id_: str, profile: Profile | None) -> Party:
    meta = policy.meta
    department = profile.department if profile else None
    return Party(name, id_, department.name if department else None,
                 department.short_name if department else None, meta.edition,
                 meta.edition_published, meta.effective if profile else None)


def _edition_ids(policy: Policy) -> frozenset[str]:
    """The IDs of the policy's base edition: every base section, omitted ones too (a local
    rule is the department's, so "added")."""
    return frozenset(s.id for s in policy.sections if s.status != "added")


def _diffs(a: Policy, b: Policy, left: tuple[PolicySection, ...],
           right: tuple[PolicySection, ...],
           editions: tuple[frozenset[str], frozenset[str]] | None, place: bool
           ) -> tuple[SectionDiff, ...]:
    in_a = {s.id: s for s in left if s.status != "omitted"}
    in_b = {s.id: s for s in right if s.status != "omitted"}
    a_ids, b_ids = list(in_a), list(in_b)
    in_order = _in_order(a_ids, b_ids)
    diffs = []
    for section_id in merged_order(a_ids, b_ids):
        diff = _section(section_id, in_a.get(section_id), in_b.get(section_id),
                        section_id in in_order, _reason(a, section_id), _reason(b, section_id),
                        place)
        own_a, own_b = _departure(left, section_id), _departure(right, section_id)
        diffs.append(replace(
            diff, departs_a=own_a is not None, departs_b=own_b is not None,
            approval_a=own_a.approval if own_a else None,
            approval_b=own_b.approval if own_b else None,
            edition_note=_edition_note(diff, editions)))
    return tuple(diffs)


def _departure(sections: tuple[PolicySection, ...], section_id: str) -> PolicySection | None:
    """The side's section with this ID where it departs from its base, omitted ones too."""
    return next((s for s in sections if s.id == section_id and is_departure(s)), None)


def _edition_note(diff: SectionDiff,
                  editions: tuple[frozenset[str], frozenset[str]] | None) -> EditionNote:
    """A section only in B that B's edition has and A's has not is new in B's edition; one
    only in A that B's edition has not is not in B's edition. Anything else on one side
    only is a department's own choice (a local rule, or an omission)."""
    if editions is None:
        return ""
    a_ids, b_ids = editions
    if diff.status == "only_in_b" and diff.id in b_ids and diff.id not in a_ids:
        return "new_in_b_edition"
    if diff.status == "only_in_a" and diff.id in a_ids and diff.id not in b_ids:
        return "not_in_b_edition"
    return ""


def _in_order(a_ids: list[str], b_ids: list[str]) -> set[str]:
    """Common IDs in the longest run that keeps its order on both sides; the rest moved."""
    common_a = [x for x in a_ids if x in set(b_ids)]
    common_b = [x for x in b_ids if x in set(a_ids)]
    matcher = difflib.SequenceMatcher(a=common_a, b=common_b, autojunk=False)
    return {x for block in matcher.get_matching_blocks() for x in common_a[block.a:
                                                                            block.a + block.size]}


def _section(section_id: str, a: PolicySection | None, b: PolicySection | None,
             in_order: bool, reason_a: str | None, reason_b: str | None,
             place: bool) -> SectionDiff:
    present = b or a
    assert present is not None, "a section is on at least one side"
    title = present.title
    source_a, source_b = _source(a), _source(b)
    tables = table_diffs(a, b, place)
    table_changes = tuple(c for t in tables for c in _changes(table_ops(t)))
    ops: Ops
    if a is None or b is None:
        words = text_words(present)
        ops = (("delete", words, ()),) if b is None else (("insert", (), words),)
        return SectionDiff(section_id, title, "only_in_b" if a is None else "only_in_a", (),
                           ops, reason_a, reason_b, a.title if a else None,
                           b.title if b else None, source_a, source_b, tables)
    # The title apart from the text: a new heading is a change of its own, shown as such.
    ops = word_ops(text_words(a), text_words(b))
    title_ops = word_ops(tuple(a.title.split()), tuple(b.title.split()))
    changes = _changes((*title_ops, *ops)) + table_changes
    differs = (any(op != "equal" for op, _, _ in (*title_ops, *ops))  # a list made a paragraph
               or any(t.differs() for t in tables))
    status: SectionStatus = "moved" if not in_order else "changed" if differs else "unchanged"
    return SectionDiff(section_id, title, status, changes, ops, reason_a, reason_b, a.title,
                       b.title, source_a, source_b, tables)


def _changes(ops: Ops) -> tuple[Change, ...]:
    return tuple(Change(op, _text(x), _text(y))  # type: ignore[arg-type]
                 for op, x, y in ops if op != "equal" and (_text(x) or _text(y)))


def _source(section: PolicySection | None) -> Source | None:
    if section is None:
        return None
    return Source(section.origin, words_origin(section), section.status)


def words_of(section: PolicySection) -> tuple[str, ...]:
    """The section as words: its title, then its body (see body_words)."""
    return (*section.title.split(), BREAK, *body_words(section))


def body_words(section: PolicySection) -> tuple[str, ...]:
    """The section's text as words, a break token after each paragraph and list item, and
    a list item opened by a mark (BULLET or NUMBER); a table as one run of its cells' words
    (impact compares base sections, which hold no tables; compare keeps tables apart)."""
    return _words(section.blocks)


def text_words(section: PolicySection) -> tuple[str, ...]:
    """The section's text as body_words has it, but without its tables (compared row by
    row: table_diffs)."""
    return _words(tuple(b for b in section.blocks if not isinstance(b, Table)))


def heading_words(section: PolicySection) -> tuple[str, ...]:
    """The title and the text, without the tables: what the redline writes as words."""
    return (*section.title.split(), BREAK, *text_words(section))


def _words(blocks: tuple[Block, ...]) -> tuple[str, ...]:
    words: list[str] = []
    for block in blocks:
        if isinstance(block, ItemList):
            for item in block.items:
                words.append(NUMBER if block.ordered else BULLET)
                words.extend("".join(i.text for i in item).split())
                words.append(BREAK)
            continue
        words.extend(block_text(block).split())
        words.append(BREAK)
    return tuple(words)


def block_text(block: Block) -> str:
    if isinstance(block, Paragraph):
        return "".join(i.text for i in block.inlines)
    if isinstance(block, ItemList):
        return " ".join("".join(i.text for i in item) for item in block.items)
    assert isinstance(block, Table)
    return " ".join(["".join(i.text for i in cell) for row in block.rows for cell in row])


def _text(words: tuple[str, ...]) -> str:
    return " ".join(w for w in words if w not in MARKS)


def _reason(policy: Policy, section_id: str) -> str | None:
    for section in policy.sections:
        if section.id == section_id and section.approval and is_departure(section):
            return section.approval.reason or None
    return None



