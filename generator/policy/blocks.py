"""Small builders of the document model's blocks, shared by the merge and the topics (pure)."""

from __future__ import annotations

from generator.model import Inlines, Table, Text


def words(text: str) -> Inlines:
    """A plain text as inlines; an empty one (an answer left out) as none: an empty cell."""
    return (Text(text),) if text else ()


def filled_table(caption: str, columns: tuple[str, ...],
                 rows: tuple[tuple[Inlines, ...], ...], row_headers: bool = False,
                 layout: bool = False, fixed: tuple[bool, ...] = ()) -> Table:
    """A table without the columns no row fills: a value a profile leaves out is left out,
    never printed as "not stated" or as a column of blanks. A cell left empty in a column
    others fill stays empty. The first column always stays: it names the row."""
    kept = [0, *(i for i in range(1, len(columns)) if any(row[i] for row in rows))]
    return Table(caption, tuple(columns[i] for i in kept),
                 tuple(tuple(row[i] for i in kept) for row in rows), row_headers, layout,
                 tuple(fixed[i] for i in kept) if fixed else ())
