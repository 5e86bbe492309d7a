"""Compare two policies section by section (pure: values in, values out).

Sections are aligned by their stable IDs, never by position, so renumbering makes no noise;
text is compared word by word only inside matched sections, so re-wrapping a paragraph's
lines makes no noise either. A section whose place changed is `moved`, not deleted and
inserted.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Literal

from generator.model import (
    Block,
    ItemList,
    Origin,
    Paragraph,
    Policy,
    PolicySection,
    Status,
    Table,
)
from generator.policy import is_departure, words_origin

SectionStatus = Literal["unchanged", "changed", "moved", "only_in_a", "only_in_b"]
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
    ops: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]  # every run, for rendering
    reason_a: str | None
    reason_b: str | None
    title_a: str | None
    title_b: str | None
    source_a: Source | None = None  # None where the section is not on that side
    source_b: Source | None = None


@dataclass(frozen=True)
class Comparison:
    a: str  # what was compared, as people know it: "Department of Finance" or
    b: str  # "the May 2012 edition of the base text"
    sections: tuple[SectionDiff, ...]  # in B's order, with A-only sections where A had them
    a_id: str = ""  # as scripts know it: a slug or base:EDITION (diff.json, folder names)
    b_id: str = ""
    # The structured topics (house rules, account security, ...), compared the same way but
    # apart: they are each department's own data, not departures from the base.
    topics: tuple[SectionDiff, ...] = ()

    def count(self, status: SectionStatus) -> int:
        """Sections (not topics) with this status."""
        return sum(1 for s in self.sections if s.status == status)

    def topics_differing(self) -> int:
        return sum(1 for s in self.topics if s.status != "unchanged")


def compare(a: Policy, b: Policy, a_name: str, b_name: str, a_id: str = "",
            b_id: str = "") -> Comparison:
    """Every section of A and B, aligned by ID, with its word-level changes; the structured
    topics (house rules, account security, ...) apart, in the same way."""
    return Comparison(a_name, b_name, _diffs(a, b, a.sections, b.sections), a_id or a_name,
                      b_id or b_name, _diffs(a, b, a.topics, b.topics))


def _diffs(a: Policy, b: Policy, left: tuple[PolicySection, ...],
           right: tuple[PolicySection, ...]) -> tuple[SectionDiff, ...]:
    in_a = {s.id: s for s in left if s.status != "omitted"}
    in_b = {s.id: s for s in right if s.status != "omitted"}
    a_ids, b_ids = list(in_a), list(in_b)
    in_order = _in_order(a_ids, b_ids)
    return tuple(_section(section_id, in_a.get(section_id), in_b.get(section_id),
                          section_id in in_order, _reason(a, section_id),
                          _reason(b, section_id))
                 for section_id in merged_order(a_ids, b_ids))


def merged_order(a_ids: list[str], b_ids: list[str]) -> list[str]:
    """B's order, with each A-only ID placed after the ID that came before it in A."""
    order = list(b_ids)
    for index, section_id in enumerate(a_ids):
        if section_id in order:
            continue
        before = next((x for x in reversed(a_ids[:index]) if x in order), None)
        order.insert(order.index(before) + 1 if before else 0, section_id)
    return order


def _in_order(a_ids: list[str], b_ids: list[str]) -> set[str]:
    """Common IDs in the longest run that keeps its order on both sides; the rest moved."""
    common_a = [x for x in a_ids if x in set(b_ids)]
    common_b = [x for x in b_ids if x in set(a_ids)]
    matcher = difflib.SequenceMatcher(a=common_a, b=common_b, autojunk=False)
    return {x for block in matcher.get_matching_blocks() for x in common_a[block.a:
                                                                            block.a + block.size]}


def _section(section_id: str, a: PolicySection | None, b: PolicySection | None,
             in_order: bool, reason_a: str | None, reason_b: str | None) -> SectionDiff:
    present = b or a
    assert present is not None, "a section is on at least one side"
    title = present.title
    source_a, source_b = _source(a), _source(b)
    ops: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]
    if a is None or b is None:
        words = body_words(present)
        ops = (("delete", words, ()),) if b is None else (("insert", (), words),)
        return SectionDiff(section_id, title, "only_in_b" if a is None else "only_in_a", (),
                           ops, reason_a, reason_b, a.title if a else None,
                           b.title if b else None, source_a, source_b)
    # The title apart from the text: a new heading is a change of its own, shown as such.
    ops = word_ops(body_words(a), body_words(b))
    title_ops = word_ops(tuple(a.title.split()), tuple(b.title.split()))
    changes = tuple(Change(op, _text(x), _text(y))  # type: ignore[arg-type]
                    for op, x, y in (*title_ops, *ops)
                    if op != "equal" and (_text(x) or _text(y)))
    differs = any(op != "equal" for op, _, _ in (*title_ops, *ops))  # a list made a paragraph
    status: SectionStatus = "moved" if not in_order else "changed" if differs else "unchanged"
    return SectionDiff(section_id, title, status, changes, ops, reason_a, reason_b, a.title,
                       b.title, source_a, source_b)


def _source(section: PolicySection | None) -> Source | None:
    if section is None:
        return None
    return Source(section.origin, words_origin(section), section.status)


def word_ops(a: tuple[str, ...], b: tuple[str, ...]
             ) -> tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]:
    """(op, a words, b words) runs; op is equal, insert, delete or replace."""
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    return tuple((op, a[i1:i2], b[j1:j2]) for op, i1, i2, j1, j2 in matcher.get_opcodes())


def words_of(section: PolicySection) -> tuple[str, ...]:
    """The section as words: its title, then its body (see body_words)."""
    return (*section.title.split(), BREAK, *body_words(section))


def body_words(section: PolicySection) -> tuple[str, ...]:
    """The section's text as words, a break token after each paragraph and list item, and
    a list item opened by a mark (BULLET or NUMBER)."""
    words: list[str] = []
    for block in section.blocks:
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
