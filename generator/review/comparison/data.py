"""The rows of a comparison (pure: values in, values out): each section's tables row by
row, and the departments' own data (the policy's details, its accounts, its contacts), with
the word-level runs and the alignment the sections' comparison (compare) uses too.

Rows are aligned by their first cell (an account, a contact's role); rows whose names differ
are paired by their place only where both sides are one department's, or one is the base
text (by_place): between two departments, an account of one is never "the same account
changed" in the other.
"""

from __future__ import annotations

import difflib
import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal, TypeVar

from generator.model import (
    JURISDICTION_NAMES,
    Channel,
    Contact,
    Inlines,
    Policy,
    PolicySection,
    Profile,
    Table,
)
from generator.policy import edition_month, long_date

# A table's row, an account or a contact: "listed" where the other side is the base text,
# which has no such data (so a department's accounts are not each "added").
RowStatus = Literal["unchanged", "changed", "added", "removed", "listed"]
Ops = tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]  # word_ops' runs
T = TypeVar("T")


def word_ops(a: tuple[str, ...], b: tuple[str, ...]) -> Ops:
    """(op, a words, b words) runs; op is equal, insert, delete or replace."""
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    return tuple((op, a[i1:i2], b[j1:j2]) for op, i1, i2, j1, j2 in matcher.get_opcodes())


def merged_order(a_ids: list[str], b_ids: list[str]) -> list[str]:
    """B's order, with each A-only ID placed after the ID that came before it in A."""
    order = list(b_ids)
    for index, section_id in enumerate(a_ids):
        if section_id in order:
            continue
        before = next((x for x in reversed(a_ids[:index]) if x in order), None)
        order.insert(order.index(before) + 1 if before else 0, section_id)
    return order


@dataclass(frozen=True)
class RowDiff:
    """One row of a table, aligned with the other side's by its first cell."""

    key: str  # the first cell's words (B's; A's for a removed row)
    status: RowStatus
    cells: tuple[Ops, ...]  # one per column of its table: A's words against B's


@dataclass(frozen=True)
class TableDiff:
    caption: str
    columns: tuple[Ops, ...]  # each column's heading, A's against B's (one side's: new)
    rows: tuple[RowDiff, ...]
    caption_ops: Ops = ()  # A's caption against B's

    def differs(self) -> bool:
        return (any(r.status != "unchanged" for r in self.rows)
                or any(op != "equal" for column in (*self.columns, self.caption_ops)
                       for op, _, _ in column))


@dataclass(frozen=True)
class Field:
    """One fact on both sides: None where that side has no such data (the base text)."""

    label: str
    a: str | None
    b: str | None

    @property
    def status(self) -> RowStatus:
        """"listed" where one side is the base text: it has no such fact to compare."""
        if self.a is None or self.b is None:
            return "unchanged" if self.a == self.b else "listed"
        return "unchanged" if self.a == self.b else "changed"


@dataclass(frozen=True)
class Record:
    """An account or a contact, aligned with the other side's by its name."""

    key: str
    status: RowStatus
    fields: tuple[Field, ...]  # every field either side fills, A's value beside B's


@dataclass(frozen=True)
class Records:
    """A side's accounts (or contacts) against the other's; a count is None where that side
    is the base text, which has no such data."""

    noun: str  # "account" or "contact"
    a_count: int | None
    b_count: int | None
    records: tuple[Record, ...]

    def differing(self) -> int:
        return sum(1 for r in self.records if r.status not in ("unchanged", "listed"))


# Neither side's accounts or contacts (two base texts): a comparison's defaults.
NO_ACCOUNTS = Records("account", None, None, ())
NO_CONTACTS = Records("contact", None, None, ())


def by_place(a: Profile | None, b: Profile | None) -> bool:
    """Whether a row, an account or a contact renamed in place is the same one changed: so
    where both sides are one department's (a policy against an earlier version of itself),
    or one side is the base text (its tables against the department's); never between two
    departments, whose accounts and contacts are their own."""
    return a is None or b is None or a.department.slug == b.department.slug


# --- tables, row by row ----------------------------------------------------------------------


def table_diffs(a: PolicySection | None, b: PolicySection | None,
                place: bool) -> tuple[TableDiff, ...]:
    """The tables of two versions of a section, the first with the first, and so on; a
    table on one side only has every row added (or removed). `place`: rows whose first
    cells differ may be paired by their place (by_place)."""
    left = [t for t in (a.blocks if a else ()) if isinstance(t, Table)]
    right = [t for t in (b.blocks if b else ()) if isinstance(t, Table)]
    return tuple(table_diff(x, y, place) for x, y in itertools.zip_longest(left, right))


def cell_words(cell: Inlines) -> tuple[str, ...]:
    return tuple("".join(i.text for i in cell).split())


def table_diff(a: Table | None, b: Table | None, place: bool) -> TableDiff:
    """Columns matched by heading (a column one side leaves out is empty there), rows by
    their first cell, falling back to their place where the first cells differ and `place`
    allows it."""
    columns = merged_order(list(a.columns if a else ()), list(b.columns if b else ()))
    present = b or a
    caption = present.caption if present else ""
    heads = tuple(word_ops(tuple(c.split()) if a and c in a.columns else (),
                           tuple(c.split()) if b and c in b.columns else ()) for c in columns)

    def cells(table: Table | None, row: int | None) -> tuple[tuple[str, ...], ...]:
        if table is None or row is None:
            return tuple(() for _ in columns)
        values = dict(zip(table.columns, table.rows[row], strict=True))
        return tuple(cell_words(values[c]) if c in values else () for c in columns)

    rows_a = [cells(a, i) for i in range(len(a.rows) if a else 0)]
    rows_b = [cells(b, i) for i in range(len(b.rows) if b else 0)]
    rows = tuple(_row(x, y, columns) for x, y in
                 align([" ".join(r[0]) for r in rows_a], [" ".join(r[0]) for r in rows_b],
                       rows_a, rows_b, place))
    return TableDiff(caption, heads, rows,
                     word_ops(tuple(a.caption.split()) if a else (),
                              tuple(b.caption.split()) if b else ()))


def _row(a: tuple[tuple[str, ...], ...] | None, b: tuple[tuple[str, ...], ...] | None,
         columns: Sequence[str]) -> RowDiff:
    empty = tuple(() for _ in columns)
    ops = tuple(word_ops(x, y) for x, y in zip(a or empty, b or empty, strict=True))
    status: RowStatus = ("added" if a is None else "removed" if b is None
                         else "unchanged" if a == b else "changed")
    return RowDiff(" ".join((b or a or empty)[0]) if columns else "", status, ops)


def align(keys_a: Sequence[str], keys_b: Sequence[str], a: Sequence[T], b: Sequence[T],
          place: bool) -> list[tuple[T | None, T | None]]:
    """Pairs of A's and B's items in B's order: matched by key; given `place`, where a run
    of keys differs on both sides by as many items, matched by place (a renamed account is
    the same account changed); the rest on one side only (A's where A had them)."""
    matcher = difflib.SequenceMatcher(a=list(keys_a), b=list(keys_b), autojunk=False)
    pairs: list[tuple[T | None, T | None]] = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal" or (place and op == "replace" and i2 - i1 == j2 - j1):
            pairs += zip(a[i1:i2], b[j1:j2], strict=True)
            continue
        pairs += [(x, None) for x in a[i1:i2]]
        pairs += [(None, y) for y in b[j1:j2]]
    return pairs


def table_ops(table: TableDiff) -> Ops:
    return tuple(run for ops in (table.caption_ops, *table.columns,
                                 *(c for r in table.rows for c in r.cells)) for run in ops)


# --- the departments' own data ---------------------------------------------------------------

def details(a: Policy, b: Policy, a_profile: Profile | None,
            b_profile: Profile | None) -> tuple[Field, ...]:
    """The policy's details side by side; the base text has only its edition."""
    def values(policy: Policy, profile: Profile | None) -> list[str | None]:
        meta = policy.meta
        edition = edition_month(meta.edition)
        if profile is None:
            return [None] * 6 + [edition]
        return [meta.version, meta.owner, long_date(meta.effective), long_date(meta.review_by),
                meta.classification or "None given",
                ", ".join(JURISDICTION_NAMES[j] for j in meta.jurisdictions), edition]

    labels = ("Version", "Owner", "Effective date", "Review by", "Classification",
              "Jurisdiction", "Base edition")
    return tuple(Field(label, x, y) for label, x, y in
                 zip(labels, values(a, a_profile), values(b, b_profile), strict=True))


CHANNEL_FIELDS: tuple[tuple[str, Callable[[Channel], str]], ...] = (
    ("Platform", lambda c: c.platform), ("Address", lambda c: c.url),
    ("Purpose", lambda c: c.purpose), ("Audience", lambda c: c.audience),
    ("Run by", lambda c: c.managed_by), ("Watched", lambda c: c.monitored),
    ("Owner", lambda c: c.owner), ("Can post", lambda c: c.administrators),
    ("Approves posts", lambda c: c.approver))
CONTACT_FIELDS: tuple[tuple[str, Callable[[Contact], str]], ...] = (
    ("Name", lambda c: c.name), ("Email", lambda c: c.email), ("Phone", lambda c: c.phone))


def channel_rows(profile: Profile | None) -> list[tuple[str, dict[str, str]]] | None:
    if profile is None:
        return None
    # One name may be an account on two platforms (@dvla_example on X and on Instagram).
    return [(f"{c.account} on {c.platform}", {label: get(c) for label, get in CHANNEL_FIELDS})
            for c in profile.channels]


def contact_rows(profile: Profile | None) -> list[tuple[str, dict[str, str]]] | None:
    if profile is None:
        return None
    return [(c.role, {label: get(c) for label, get in CONTACT_FIELDS})
            for c in profile.contacts]


def compare_records(noun: str, a: list[tuple[str, dict[str, str]]] | None,
             b: list[tuple[str, dict[str, str]]] | None, place: bool) -> Records:
    """Records aligned by name (an account, a contact's role), and by place where `place`
    allows it. Where a side is the base text (None), the other's are "listed", not each
    "added"."""
    pairs = align([k for k, _ in a or []], [k for k, _ in b or []], a or [], b or [], place)
    records = tuple(_record(x, y, listed=a is None or b is None) for x, y in pairs)
    return Records(noun, None if a is None else len(a), None if b is None else len(b),
                   records)


def _record(a: tuple[str, dict[str, str]] | None, b: tuple[str, dict[str, str]] | None,
            listed: bool) -> Record:
    present = b or a
    assert present is not None, "a record is on at least one side"
    labels = [label for label in present[1] if (a and a[1][label]) or (b and b[1][label])]
    fields = tuple(Field(label, a[1][label] if a else None, b[1][label] if b else None)
                   for label in labels)
    key = present[0] if a is None or b is None or a[0] == b[0] else f"{b[0]} (was {a[0]})"
    status: RowStatus = ("listed" if listed else "added" if a is None else "removed"
                         if b is None else "unchanged" if a == b else "changed")
    return Record(key, status, fields)
