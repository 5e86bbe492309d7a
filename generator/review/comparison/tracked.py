"""WordprocessingML's tracked changes and comments, written through python-docx: words,
paragraph marks and table rows inserted, deleted or moved (w:ins, w:del, w:moveFrom,
w:moveTo; ECMA-376 17.13.5), and comments on a range of them (17.13.4)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from generator.review.comparison.data import RowStatus, TableDiff
from generator.review.comparison.sections import BREAK, MARKS, NUMBER, Ops

# Each kind of tracked word, as WordprocessingML wraps it (ECMA-376 17.13.5).
TRACKED = {"delete": "w:del", "insert": "w:ins", "movefrom": "w:moveFrom",
           "moveto": "w:moveTo"}
# A tracked row: inserted or deleted as a whole (ECMA-376 17.13.5.18, 17.13.5.14).
ROW_MARK: dict[RowStatus, str] = {"added": "w:ins", "removed": "w:del"}


class Redline:
    """Writes a redline's sections into a python-docx document: each word equal, inserted,
    deleted or moved, with ids, authors and dates Word and LibreOffice list as revisions."""

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
        table = new_table(self.document, diff.caption, len(diff.columns), self,
                           diff.caption_ops)
        header_row(table.rows[0], [pieces(ops) for ops in diff.columns], self)
        whole = {op for ops in diff.columns for op, _, _ in ops}
        if whole in ({"insert"}, {"delete"}):  # a table on one side only: its header too
            table.rows[0]._tr.get_or_add_trPr().append(
                self._mark("w:ins" if whole == {"insert"} else "w:del"))
        for row in diff.rows:
            tr = table.add_row()
            if row.status in ROW_MARK:
                tr._tr.get_or_add_trPr().append(self._mark(ROW_MARK[row.status]))
            for cell, ops in zip(tr.cells, row.cells, strict=True):
                for kind, words in pieces(ops):
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


def new_table(document: Any, caption: str, columns: int,
               writer: Redline | None = None, caption_ops: Ops = ()) -> Any:
    """A table with its header row, its caption given for assistive technology (the same
    w:tblCaption the policy's DOCX gives, as PDF/UA and Word's checker want); the caption's
    words tracked by `writer` where A's and B's differ."""
    if writer is None or not caption_ops:
        document.add_paragraph(caption, style="Caption")
    else:
        paragraph = document.add_paragraph(style="Caption")
        for kind, words in pieces(caption_ops):
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


def header_row(row: Any, cells: list[list[tuple[str, tuple[str, ...]]]],
            writer: Redline | None) -> None:
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


def pieces(ops: Ops) -> list[tuple[str, tuple[str, ...]]]:
    """Word runs as (kind, words): equal, or A's words deleted and B's inserted."""
    pieces: list[tuple[str, tuple[str, ...]]] = []
    for op, a, b in ops:
        if op == "equal":
            pieces.append(("equal", a))
            continue
        pieces += [("delete", a), ("insert", b)]
    return pieces
