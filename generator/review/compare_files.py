"""Render a comparison: an accessible HTML report, a DOCX redline with real tracked changes
(w:ins / w:del, so Word and LibreOffice list them as revisions to accept or reject), and
diff.json for scripts."""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable, Iterator
from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from markupsafe import Markup

from generator.model import Policy
from generator.policy import origin_json
from generator.render import (
    new_document,
    review_css,
    review_environment,
    save_docx,
    set_language,
)
from generator.review.compare import (
    BREAK,
    MARKS,
    NUMBER,
    Comparison,
    SectionDiff,
    SectionStatus,
    Source,
    word_ops,
    words_of,
)
from generator.review.origins import BASE_TEXT_NOTE, source_label

LABELS: dict[SectionStatus, str] = {
    "unchanged": "unchanged", "changed": "changed", "moved": "moved",
    "only_in_a": "only in A", "only_in_b": "only in B"}
Run = tuple[str, str]  # (insert | delete | equal | break, text)
Ops = tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...]  # word_ops' runs


def render_report(comparison: Comparison) -> str:
    """report.html: summary counts, every section, and each changed one inline and side by side."""
    sections = [_view(s) for s in comparison.sections]
    topics = [_view(s) for s in comparison.topics]
    env = review_environment()
    bases = comparison.a_id.startswith("base:") or comparison.b_id.startswith("base:")
    return env.get_template("compare.html.j2").render(
        a=comparison.a, b=comparison.b, sections=sections,
        base_note=BASE_TEXT_NOTE if bases else "",
        shown=[s for s in sections if s["shown"]], topics=topics,
        topics_shown=[s for s in topics if s["shown"]],
        counts=[(LABELS[k][0].upper() + LABELS[k][1:], comparison.count(k)) for k in LABELS],
        css=Markup(review_css()))


def render_diff_json(comparison: Comparison) -> bytes:
    """diff.json. Each section and topic has, beside the CONTRACT's keys, `origin_a` and
    `origin_b` (where that side's section comes from, as manifest.json's `origin`; null
    where the side does not have it) and `words_a` and `words_b` (whose words the side
    prints: the department's where it replaced the base text)."""
    data = {
        "a": comparison.a_id,
        "b": comparison.b_id,
        "a_name": comparison.a,
        "b_name": comparison.b,
        "sections": [
            {"id": s.id, "title": s.title, "status": s.status,
             "changes": [{"op": c.op, "a": c.a, "b": c.b} for c in s.changes],
             "reason_a": s.reason_a, "reason_b": s.reason_b, **_origins(s)}
            for s in comparison.sections],
        "topics": [
            {"id": s.id, "title": s.title, "status": s.status,
             "changes": [{"op": c.op, "a": c.a, "b": c.b} for c in s.changes], **_origins(s)}
            for s in comparison.topics],
    }
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _origins(section: SectionDiff) -> dict[str, object]:
    def origin(source: Source | None) -> dict[str, object] | None:
        return origin_json(source.origin) if source else None

    return {"origin_a": origin(section.source_a), "origin_b": origin(section.source_b),
            "words_a": section.source_a.words.kind if section.source_a else None,
            "words_b": section.source_b.words.kind if section.source_b else None}


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
            runs += _runs("equal", a)
            continue
        runs += _runs("delete", a) + _runs("insert", b)
    return runs


def _view(section: SectionDiff) -> dict[str, Any]:
    left: list[Run] = []
    right: list[Run] = []
    for op, a, b in section.ops:
        if op == "equal":
            left += _runs("equal", a)
            right += _runs("equal", a)
            continue
        left += _runs("delete", a)
        right += _runs("insert", b)
    title = (inline_runs(word_ops(tuple((section.title_a or "").split()),
                                  tuple((section.title_b or "").split())))
             if section.title_a and section.title_b and section.title_a != section.title_b
             else [])
    return {"id": section.id, "title": section.title, "label": LABELS[section.status],
            "anchor": f"section-{section.id}", "shown": section.status != "unchanged",
            "reason_a": section.reason_a, "reason_b": section.reason_b, "title_runs": title,
            "words_from": words_from(section),
            "source_a": source_label(section.source_a) if section.source_a else None,
            "source_b": source_label(section.source_b) if section.source_b else None,
            "inline": diff_blocks(inline_runs(section.ops)), "left": diff_blocks(left),
            "right": diff_blocks(right)}


def _runs(kind: str, words: tuple[str, ...]) -> list[Run]:
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


# --- the DOCX redline ------------------------------------------------------------------------


def render_redline(comparison: Comparison, a: Policy, b: Policy, author: str, date: str) -> bytes:
    """B's text, with the changes from A as tracked insertions and deletions.

    Sections are walked in ID order of both sides: a section in both (in order) shows its
    word changes; a section only in A is deleted, one only in B inserted. A moved section is
    a tracked move (w:moveFrom where A had it, w:moveTo where B has it) of the words both
    sides share, with A's other words deleted at the old place and B's inserted at the new:
    so "reject all" reads exactly as A and "accept all" exactly as B. Where each side's
    words come from is a comment on the section's heading, not text: accepting or
    rejecting the changes leaves the policy's words alone.
    """
    document = new_document()
    set_language(document, "en-GB")
    properties = document.core_properties
    properties.title = f"Redline: {comparison.a} to {comparison.b}"
    properties.author = author
    properties.subject = "Tracked changes between two social media policies"
    properties.comments = "Made with policy-pack"
    document.add_heading(f"Redline: changes from {comparison.a} to {comparison.b}", level=1)
    note = document.add_paragraph()
    note.add_run("Every difference is a tracked change: accept them all to read B, reject "
                 "them all to read A. A comment on each section's heading says where its "
                 "words come from: the Cabinet Office guidance, a code of conduct, model text "
                 "or the department's own.")
    writer = _Redline(document, author, date)
    sources = {s.id: f"Where the words come from: {words_from(s)}."
               for s in (*comparison.sections, *comparison.topics)}
    in_a = {s.id: s for s in (*a.sections, *a.topics) if s.status != "omitted"}
    in_b = {s.id: s for s in (*b.sections, *b.topics) if s.status != "omitted"}
    for op, section_a, section_b in _section_ops(a, b):
        note = sources[(section_a or section_b).id]
        if op == "equal":
            writer.section(_pieces(word_ops(words_of(section_a), words_of(section_b))),
                           note=note)
        elif op == "delete" and section_a.id in in_b:  # moved: its old place
            ops = word_ops(words_of(section_a), words_of(in_b[section_a.id]))
            writer.section([("movefrom" if o == "equal" else "delete", x) for o, x, _ in ops
                            if x], move=section_a.id, note=note)
        elif op == "insert" and section_b.id in in_a:  # moved: its new place
            ops = word_ops(words_of(in_a[section_b.id]), words_of(section_b))
            writer.section([("moveto" if o == "equal" else "insert", y) for o, _, y in ops
                            if y], move=section_b.id, note=note)
        elif op == "delete":
            writer.section([("delete", words_of(section_a))], note=note)
        else:
            writer.section([("insert", words_of(section_b))], note=note)
    return save_docx(document, None)


def _pieces(ops: Ops) -> list[tuple[str, tuple[str, ...]]]:
    """Word runs as (kind, words): equal, or A's words deleted and B's inserted."""
    pieces: list[tuple[str, tuple[str, ...]]] = []
    for op, a, b in ops:
        if op == "equal":
            pieces.append(("equal", a))
            continue
        pieces += [("delete", a), ("insert", b)]
    return pieces


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


# Each kind of tracked word, as WordprocessingML wraps it (ECMA-376 17.13.5).
TRACKED = {"delete": "w:del", "insert": "w:ins", "movefrom": "w:moveFrom",
           "moveto": "w:moveTo"}


class _Redline:
    def __init__(self, document: Any, author: str, date: str) -> None:
        self.document = document
        self.author = author
        self.date = date
        self.next_id = 1

    def section(self, pieces: Iterable[tuple[str, tuple[str, ...]]],
                move: str | None = None, note: str = "") -> None:
        """Write one section; its first paragraph (the title) is a Heading 2. Given `move`
        (the section's ID), its moveFrom or moveTo words are one named move range; given
        `note`, the heading carries it as a comment."""
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
            self.comment(heading, note)

    def comment(self, paragraph: Any, text: str) -> None:
        """A comment on the whole of `paragraph` (ECMA-376 17.13.4): its range around the
        paragraph's content, and the reference mark after it, as Word writes them."""
        comment = self.document.comments.add_comment(text=text, author=self.author,
                                                     initials="")
        # python-docx stamps the time of the run: the redline's own date keeps it repeatable.
        comment._comment_elm.set(qn("w:date"), self.date)
        comment_id = str(comment.comment_id)
        start = OxmlElement("w:commentRangeStart")
        start.set(qn("w:id"), comment_id)
        properties = paragraph._p.pPr
        if properties is not None:
            properties.addnext(start)
        else:
            paragraph._p.insert(0, start)
        end = OxmlElement("w:commentRangeEnd")
        end.set(qn("w:id"), comment_id)
        reference = OxmlElement("w:r")
        mark = OxmlElement("w:commentReference")
        mark.set(qn("w:id"), comment_id)
        reference.append(mark)
        paragraph._p.append(end)
        paragraph._p.append(reference)

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
