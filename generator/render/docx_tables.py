"""The DOCX's tables: a caption, a header row repeated on each page, rows kept whole, and
columns sized to their content (docx_columns.py) over the page's text width.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace

from generator.model import Inlines, Link, Table
from generator.render.docx_columns import column_widths, keep_whole, pieces
from generator.render.docx_template import TEXT_WIDTH
from generator.render.docx_xml import escaped_attribute, run_xml, style_xml


def table_xml(block: Table, inlines: Callable[[Inlines, bool], str]) -> str:
    """The table after its caption, and an empty paragraph after it. `inlines` writes a
    cell's text, in bold when told (the writer's, which knows the links' targets)."""
    widths = _column_widths(block)
    caption = escaped_attribute(block.caption)
    # tblHeader repeats the row on each page and marks it as the header for AT; cantSplit
    # keeps each row whole on one page.
    rows = ['<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>'
            + "".join(_cell(run_xml(c, "<w:rPr><w:b/></w:rPr>"), w)
                      for c, w in zip(block.columns, widths, strict=True)) + "</w:tr>"]
    for row in _kept_whole(block.rows):
        row_cells = [_cell(inlines(cell, index == 0 and block.row_headers), w)
                     for index, (cell, w) in enumerate(zip(row, widths, strict=True))]
        rows.append("<w:tr><w:trPr><w:cantSplit/></w:trPr>" + "".join(row_cells) + "</w:tr>")
    return (f'<w:p>{style_xml("Caption")}{run_xml(block.caption)}</w:p>'
            f'<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/>'
            f'<w:tblW w:w="{TEXT_WIDTH}" w:type="dxa"/><w:tblLayout w:type="fixed"/>'
            '<w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="0" '
            'w:lastColumn="0" w:noHBand="0" w:noVBand="1"/>'
            f'<w:tblCaption w:val="{caption}"/><w:tblDescription w:val="{caption}"/></w:tblPr>'
            "<w:tblGrid>" + "".join(f'<w:gridCol w:w="{w}"/>' for w in widths) + "</w:tblGrid>"
            + "".join(rows) + "</w:tbl><w:p/>")


def _column_widths(block: Table) -> list[int]:
    """Each column's cells, bold where the table shows them bold, sized to the text width."""
    rows = _kept_whole(block.rows)
    columns = [[(column.split(), True),
                *((_pieces(row[index]), index == 0 and block.row_headers) for row in rows)]
               for index, column in enumerate(block.columns)]
    return column_widths(columns, TEXT_WIDTH)


def _kept_whole(rows: Iterable[Sequence[Inlines]]) -> list[list[Inlines]]:
    """The rows with each cell's dates, phone numbers and short codes made unbreakable
    (docx_columns.keep_whole), so that the widths are measured on what is drawn."""
    return [[tuple(item if isinstance(item, Link) else replace(item, text=keep_whole(item.text))
                   for item in cell) for cell in row] for row in rows]


def _pieces(inlines: Inlines) -> list[str]:
    """A cell's text in the pieces a line may not break: words (a date or phone number is
    one), and whole link texts."""
    return [piece for item in inlines
            for piece in ([item.text] if isinstance(item, Link) else pieces(item.text))]


def _cell(content: str, width: int) -> str:
    return (f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>'
            f'<w:p>{style_xml("TableText")}{content}</w:p></w:tc>')
