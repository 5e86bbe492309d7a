"""The reviews' tables as files for spreadsheets and scripts: CSV and XLSX of the same rows.

A reviewer files what they filter: the XLSX opens with its header row frozen, an autofilter
on every column and each column sized to its words, so 50 departments read at once without
setting anything up. Both are byte-identical from run to run: the workbook's dates are the
ones given, never the clock.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence

import xlsxwriter

Value = str | int | dt.date | None
WIDEST = 60  # characters: a longer cell wraps rather than widen its column past a screen
NARROWEST = 8
FORMULA_STARTS = frozenset("=+-@\t\r")


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Value]]) -> bytes:
    """The rows as UTF-8 CSV, dates as YYYY-MM-DD and None as an empty cell; text that a
    spreadsheet would run as a formula is kept as text (see _inert)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows([_inert(value) for value in row] for row in rows)
    return out.getvalue().encode("utf-8")


def _inert(value: Value) -> str:
    """A reason, a name or a comment is anyone's text, and a spreadsheet opening a CSV runs
    a cell that starts with = + - @ (or a tab or carriage return before one) as a formula:
    =HYPERLINK(...) can send the reader's data away. An apostrophe first makes it text, as
    OWASP's CSV injection advice says. Numbers and dates are ours, and stay as they are."""
    # A lone carriage return would end the row for a reader but not for Python's writer,
    # which quotes only what its own line ending holds: make every line break \n.
    text = _plain(value).replace("\r\n", "\n").replace("\r", "\n")
    if isinstance(value, str) and value[:1] in FORMULA_STARTS:
        return "'" + text
    return text


def xlsx_bytes(sheet: str, header: Sequence[str], rows: Iterable[Sequence[Value]],
               created: dt.date) -> bytes:
    """One worksheet named `sheet` (Excel allows 31 characters): the header row frozen and
    bold, an autofilter over every column, columns as wide as their longest word up to
    WIDEST characters, long text wrapped, dates as dates. `created` is the workbook's date."""
    table = [list(row) for row in rows]
    out = io.BytesIO()
    workbook = xlsxwriter.Workbook(out, {"in_memory": True, "strings_to_formulas": False,
                                         "strings_to_urls": False})
    workbook.set_properties({"created": dt.datetime.combine(created, dt.time())})
    bold = workbook.add_format({"bold": True, "text_wrap": True, "valign": "top"})
    wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
    day = workbook.add_format({"num_format": "yyyy-mm-dd", "valign": "top"})
    worksheet = workbook.add_worksheet(sheet[:31])
    worksheet.write_row(0, 0, list(header), bold)
    for number, row in enumerate(table, start=1):
        for column, value in enumerate(row):
            if isinstance(value, dt.date):
                worksheet.write_datetime(number, column, dt.datetime.combine(value, dt.time()),
                                         day)
            elif value is not None:
                worksheet.write(number, column, value, wrap)
    for column, width in enumerate(_widths(header, table)):
        worksheet.set_column(column, column, width)
    worksheet.freeze_panes(1, 0)
    worksheet.autofilter(0, 0, max(len(table), 1), max(len(header) - 1, 0))
    workbook.close()
    return out.getvalue()


def _widths(header: Sequence[str], table: list[list[Value]]) -> list[int]:
    widths = []
    for column, title in enumerate(header):
        longest = max([len(title), *(len(_plain(row[column])) for row in table
                                     if column < len(row))])
        widths.append(min(max(longest + 2, NARROWEST), WIDEST))
    return widths


def _plain(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
