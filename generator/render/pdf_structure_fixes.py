"""Structure fix-ups that need the painted text: word spaces, leaders, split tables and lists.

Measured on WeasyPrint 70 (shared/accessibility.md, gaps 6, 8 and 9; issue 15):

- it does not paint the space where it breaks a line, so the text read through the structure
  tree glues the last word of a line to the first of the next ("Pensionssocial");
- the dots of a `leader()` are tagged content, one Span per dot;
- it builds the structure tree page by page, so a table or list cut by a page break becomes
  two elements (Kozea/WeasyPrint#2903), and a table's repeated header row is tagged again.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

import pydyf

from generator.render.pdf_actual_text import (
    Origin,
    actual_text_span,
    reads_as,
    right_to_left,
)
from generator.render.pdf_objects import PdfObjects, StructNode
from generator.render.pdf_text_runs import PageFonts, TextRun, read_page

# Elements that hold text inside a line: the words of a block run across them.
_INLINE = frozenset(("/Span", "/Link", "/Quote", "/Code", "/Reference", "/Note", "/Em",
                     "/Strong"))
_LEADER = re.compile(r"[.·…_\s]+")


class Content:
    """The structure tree's text: marked-content runs by (page, MCID), and each page's fonts.

    Read once for all the fix-ups (each read walks every content stream item). A fix-up
    that re-marks runs as artifacts does so through `artifact`; `refresh` then gives what a
    fresh reading would: the same runs less the re-marked ones, unless some run borrowed
    its font from another (see PageText) or some sequence is never closed, when it reads
    the streams again.

    `typed`: each page's text boxes by baseline origin (pdf_actual_text.typed_lines). A run
    whose glyphs do not read as its box's text has that text, and `actual` set unless it
    is right-to-left (pdf_actual_text.right_to_left).
    """

    def __init__(self, objects: PdfObjects, typed: list[dict[Origin, str]] | None = None
                 ) -> None:
        self.objects = objects
        self.typed = typed or [{} for _ in objects.pages]
        self.fonts = [PageFonts(objects, page) for page in objects.pages]
        self.items = [objects.get(page["Contents"]).stream for page in objects.pages]
        self.runs: dict[tuple[int, int], TextRun] = {}
        self.marked: list[list[tuple[int, Any]]] = []  # each page's (tag index, MCID)
        self._exact = False
        self._artifacts: list[tuple[int, int]] = []
        # One property list for each kind of artifact, shared: they are written out alike.
        self._properties: dict[str, pydyf.Dictionary] = {}
        self._read()

    def _read(self) -> None:
        pages = [read_page(self.objects, index, fonts) for index, fonts in enumerate(self.fonts)]
        runs = [self._as_typed(run) for page in pages for run in page.runs]
        self.runs = {(run.page, run.mcid): run for run in runs}
        self.marked = [page.marked for page in pages]
        # Two runs with one (page, MCID): removing one key would hide the other; a sequence
        # never closed is no run, yet re-marking it changes how the rest reads.
        self._exact = (all(page.self_contained and len(page.marked) == len(page.runs)
                           for page in pages) and len(self.runs) == len(runs))
        self._artifacts = []

    def _as_typed(self, run: TextRun) -> TextRun:
        typed = self.typed[run.page].get(run.origin) if run.origin else None
        if typed is None or reads_as(run.text, typed):
            return run
        return replace(run, text=typed, actual=not right_to_left(typed))

    def artifact(self, run: TextRun, kind: str) -> None:
        """Re-mark a run as an artifact of `kind` ("/Layout", "/Pagination")."""
        self.remark(run.page, run.begin, run.mcid, kind)

    def remark(self, page: int, begin: int, mcid: Any, kind: str) -> None:
        """Re-mark the sequence whose tag is item `begin` of the page's stream."""
        items = self.items[page]
        if kind not in self._properties:
            self._properties[kind] = pydyf.Dictionary({"Type": kind})
        items[begin] = "/Artifact"
        items[begin + 1] = self._properties[kind]
        self._artifacts.append((page, int(mcid)))

    def refresh(self) -> Content:
        """The runs as the streams now read (the runs stay as they were until called)."""
        if not self._exact:
            self._read()
        for key in self._artifacts:
            self.runs.pop(key, None)
        self._artifacts = []
        return self


# --- word spaces at line breaks ----------------------------------------------------------------


def add_word_spaces(objects: PdfObjects, walked: list[StructNode], source: str,
                    content: Content) -> int:
    """Make each line that was broken at a space end with one; how many.

    ISO 32000-1 §14.8.2.5 asks for word breaks to be explicit in the content so that text
    extraction (and so a screen reader) sees them. Which line ends had a space is read from
    the HTML itself: a line break inside a word ("2012-" / "05", or a long word broken to
    fit) gets none. `source`: the HTML's visible text, whitespace folded.

    A left-to-right line whose glyphs do not read as typed (Indic clusters) is wrapped in
    an /ActualText span of its typed text, with the space at its end; any other line gets
    a space glyph painted at its end (right-to-left lines too: see Content).
    """
    content = content.refresh()
    spaced = {(run.page, run.mcid) for block in _blocks(objects, walked, content)
              for run in _line_ends_with_space(block, source)}
    insertions: dict[int, list[tuple[int, list[bytes]]]] = {}
    parent_tree = objects.parent_tree()
    for key, run in sorted(content.runs.items()):
        edits = _edits(run, key in spaced, content.fonts[run.page])
        insertions.setdefault(run.page, []).extend(edits)
        if run.actual:
            _element_actual_text(objects, parent_tree, run, key in spaced)
    for page, edits in insertions.items():
        items = objects.get(objects.pages[page]["Contents"]).stream
        for index, new in sorted(edits, reverse=True):
            items[index:index] = new
    return len(spaced)


def _element_actual_text(objects: PdfObjects, parent_tree: dict[int, Any], run: TextRun,
                         space: bool) -> None:
    """The same /ActualText on the structure element, when the run is all it holds.

    Readers that take an element's text from its marked content without looking inside
    it for spans (poppler's structure text, pdf.js's structure tree, which gives it as
    the element's label) read it there (ISO 32000-1 §14.9.4 allows both places).
    """
    entry = parent_tree.get(objects.pages[run.page].get("StructParents"))
    element = objects.get(entry[run.mcid]) if entry is not None and run.mcid < len(entry) else None
    if isinstance(element, dict) and list(element.get("K", [])) == [run.mcid]:
        element["ActualText"] = pydyf.String(run.text + " " if space else run.text)


def _edits(run: TextRun, space: bool, fonts: PageFonts) -> list[tuple[int, list[bytes]]]:
    """What to insert in a run's stream items, and where: an /ActualText span around its
    content (inside its MCID's sequence), or a space glyph before its last ET."""
    if run.actual:
        text = run.text + " " if space else run.text
        return [(run.begin + 3, actual_text_span(text)), (run.end, [b"EMC"])]
    insertion = _space_after(run, fonts) if space else None
    return [insertion] if insertion is not None else []


def _blocks(objects: PdfObjects, walked: list[StructNode], content: Content
            ) -> Iterator[list[TextRun]]:
    """The text runs of each block element (paragraph, heading, cell...), in reading order."""
    blocks: dict[int, list[TextRun]] = {}
    for node in walked:
        block = _block_of(node)
        for page, mcid in _marked_content(objects, node):
            run = content.runs.get((page, mcid))
            if run is not None and run.text:
                blocks.setdefault(id(block), []).append(run)
    yield from blocks.values()


def _block_of(node: StructNode) -> dict[str, Any]:
    """The nearest element, itself included, that is not inside a line.

    NonStruct is transparent (ISO 32000-1 §14.8.4.2: its content is treated as if it were
    in its parent): WeasyPrint writes it for <strong> as well as for anonymous blocks.
    """
    chain = (*node.ancestors, node.obj)
    blocks = [e for e in chain if str(e.get("S")) not in _INLINE and e.get("S") != "/NonStruct"]
    return blocks[-1] if blocks else chain[0]


def _marked_content(objects: PdfObjects, node: StructNode) -> Iterator[tuple[int, int]]:
    """(page, MCID) of the marked content an element holds directly."""
    page = node.obj.get("Pg")
    for kid in node.obj.get("K", []):
        if isinstance(kid, int) and page is not None:
            yield objects.page_index(page), kid
        elif isinstance(kid, dict) and kid.get("Type") == "/MCR":
            yield objects.page_index(kid.get("Pg", page)), int(kid["MCID"])


def _line_ends_with_space(block: list[TextRun], source: str) -> Iterator[TextRun]:
    before = ""
    for index, run in enumerate(block[:-1]):
        before += run.text
        following = block[index + 1]
        new_line = following.page != run.page or following.baseline != run.baseline
        # The next run alone: the runs after it may be further lines, still without spaces.
        if new_line and _had_space(before, following.text, source):
            before += " "
            yield run


def _had_space(before: str, after: str, source: str) -> bool:
    # The line's text already ends with its space (a run that stops before a link, "by
    # email to "), or the next starts with one: folding would hide it, and a second space
    # would be added ("to  customer...").
    if before[-1:].isspace() or after[:1].isspace():
        return False
    left, right = fold(before)[-40:], fold(after)[:40]
    if not left or not right:
        return False
    return f"{left} {right}" in source and f"{left}{right}" not in source


def _space_after(run: TextRun, fonts: PageFonts) -> tuple[int, list[bytes]] | None:
    """Where and what to insert so the run ends with a space glyph: before its last ET."""
    if run.last_et is None:
        return None
    font = fonts.fonts.get(run.font or b"")
    code = font.space() if font else None
    if code is not None:
        return run.last_et, [f"<{code}> Tj".encode()]
    other = fonts.with_space()  # the line's own font has no space glyph in its subset
    if other is None or run.size is None:
        return None
    return run.last_et, [other.name + b" " + run.size + b" Tf", f"<{other.space()}> Tj".encode()]


def fold(text: str) -> str:
    return " ".join(text.split())


# --- leaders -----------------------------------------------------------------------------------


def mark_leaders(objects: PdfObjects, walked: list[StructNode], content: Content) -> int:
    """Re-mark leader dots as layout artifacts and drop their structure elements; how many.

    A leader only guides the eye to a page number (Matterhorn 01-005: content that carries
    no meaning is an artifact). WeasyPrint paints each dot as its own tagged Span.
    """
    content = content.refresh()
    parent_tree = objects.parent_tree()
    groups: dict[int, list[tuple[StructNode, list[TextRun]]]] = {}
    for node in walked:
        keys = list(_marked_content(objects, node))
        found = [r for r in map(content.runs.get, keys) if r is not None and _is_leader(r.text)]
        if node.ancestors and found and len(found) == len(keys):
            groups.setdefault(id(node.ancestors[-1]), []).append((node, found))
    count = 0
    for group in groups.values():
        if len(group) < 3:  # a lone "." after a link is a full stop, not a leader
            continue
        for node, leaders in group:
            for run in leaders:
                content.artifact(run, "/Layout")
                entry = parent_tree.get(objects.pages[run.page].get("StructParents"))
                if entry is not None and run.mcid < len(entry):
                    entry[run.mcid] = "null"
                count += 1
            objects.detach(node.obj, _EMPTY_GOES)
    return count


# Parents that mean nothing once empty: an inline wrapper left without its content.
_EMPTY_GOES = frozenset(("/NonStruct", "/Span"))


def _is_leader(text: str) -> bool:
    return bool(text.strip()) and _LEADER.fullmatch(text) is not None



# --- tables and lists cut by a page break ------------------------------------------------------

# Elements whose part on the next page is the same element when nothing starts it anew.
_CONTAINERS = frozenset(("/Part", "/Sect", "/Art", "/Div", "/NonStruct", "/BlockQuote"))
_ROW_GROUPS = frozenset(("/THead", "/TBody", "/TFoot", "/LBody", "/L"))
_HEADINGS = frozenset(("/H", "/H1", "/H2", "/H3", "/H4", "/H5", "/H6"))


def merge_page_splits(objects: PdfObjects, content: Content) -> int:
    """Make each element cut by a page break one element again; how many joins were made.

    WeasyPrint builds the structure tree page by page (Kozea/WeasyPrint#2903): a table or
    list running onto the next page becomes two, and its section and main part too. A
    structure element may own content on several pages (ISO 32000-1 §14.7.2), so the
    part on the next page is moved into the first. A table's header row repeated on the
    continuation is painted again, not read again: a pagination artifact.
    """
    document = objects.get(objects.root()["K"][0])
    content = content.refresh()
    kids = document["K"]
    joins = 0
    index = 0
    while index < len(kids) - 1:
        first, second = objects.get(kids[index]), objects.get(kids[index + 1])
        if first.get("Pg") != second.get("Pg") and _continues(objects, first, second):
            joins += _join(objects, content, first, second)
        else:
            index += 1
    return joins


def _struct_kids(objects: PdfObjects, element: dict[str, Any]) -> list[dict[str, Any]]:
    return [kid for kid in map(objects.get, element.get("K", []))
            if isinstance(kid, dict) and "S" in kid]


def _continues(objects: PdfObjects, first: dict[str, Any], second: dict[str, Any]) -> bool:
    """Whether `second`, first on its page, is the rest of `first`, last on the page before."""
    kind = first.get("S")
    if kind != second.get("S"):
        return False
    starts = [kid.get("S") for kid in _struct_kids(objects, second)[:1]]
    if kind in _CONTAINERS:
        return not starts or starts[0] not in _HEADINGS  # a heading starts a new section
    if kind == "/Table":  # a caption starts a table
        return all(kid.get("S") != "/Caption" for kid in _struct_kids(objects, second))
    if kind == "/LI":  # the marker is painted on an item's first part only
        return starts != ["/Lbl"] and any(
            kid.get("S") == "/Lbl" for kid in _struct_kids(objects, first))
    return kind in _ROW_GROUPS


def _join(objects: PdfObjects, content: Content, first: dict[str, Any],
          second: dict[str, Any]) -> int:
    """Move `second`'s content into `first` and drop `second`; then join their inner parts."""
    before = _struct_kids(objects, first)
    last_of_first = before[-1] if before else None
    if first.get("S") == "/Table":
        _drop_repeated_header(objects, content, first, second)
    after = _struct_kids(objects, second)
    first_of_second = after[0] if after else None
    page = second.get("Pg")
    for kid in second.get("K", []):
        moved = objects.get(kid)
        if isinstance(kid, int):  # marked content on second's page: say which page
            kid = pydyf.Dictionary({"Type": "/MCR", "Pg": page, "MCID": kid})
            _repoint(objects, page, kid["MCID"], first)
        elif isinstance(moved, dict) and "S" in moved:
            moved["P"] = first.reference  # type: ignore[attr-defined]
        elif isinstance(moved, dict) and "Pg" not in moved:
            moved["Pg"] = page
        first["K"].append(kid)
    objects.detach(second, _EMPTY_GOES)
    joins = 1
    if (last_of_first is not None and first_of_second is not None
            and last_of_first.get("Pg") != first_of_second.get("Pg")
            and _continues(objects, last_of_first, first_of_second)):
        joins += _join(objects, content, last_of_first, first_of_second)
    return joins


def _repoint(objects: PdfObjects, page: Any, mcid: int, element: dict[str, Any]) -> None:
    entry = objects.parent_tree().get(objects.get(page).get("StructParents"))
    if entry is not None and mcid < len(entry):
        entry[mcid] = element.reference  # type: ignore[attr-defined]


def _drop_repeated_header(objects: PdfObjects, content: Content, first: dict[str, Any],
                          second: dict[str, Any]) -> None:
    """The continuation's header row, painted again by WeasyPrint: an artifact, not content."""
    heads = [[k for k in _struct_kids(objects, t) if k.get("S") == "/THead"]
             for t in (first, second)]
    if not heads[0] or not heads[1]:
        return
    original, repeated = heads[0][0], heads[1][0]
    if _text(objects, content, original) != _text(objects, content, repeated):
        return
    parent_tree = objects.parent_tree()
    for node in _subtree(objects, repeated):
        for page, mcid in _marked_content(objects, node):
            run = content.runs.get((page, mcid))
            if run is not None:
                content.artifact(run, "/Pagination")
            entry = parent_tree.get(objects.pages[page].get("StructParents"))
            if entry is not None and mcid < len(entry):
                entry[mcid] = "null"
    _renumber_headers(objects, original, repeated, second)
    second["K"].remove(repeated.reference)  # type: ignore[attr-defined]


def _subtree(objects: PdfObjects, element: dict[str, Any]) -> list[StructNode]:
    nodes = [StructNode(element, str(element["S"]), ())]
    for kid in _struct_kids(objects, element):
        nodes += _subtree(objects, kid)
    return nodes


def _text(objects: PdfObjects, content: Content, element: dict[str, Any]) -> str:
    runs = [content.runs.get(key) for node in _subtree(objects, element)
            for key in _marked_content(objects, node)]
    return fold(" ".join(run.text for run in runs if run is not None))


def _renumber_headers(objects: PdfObjects, original: dict[str, Any], repeated: dict[str, Any],
                      table: dict[str, Any]) -> None:
    """Cells of the continuation named the repeated header cells (/Headers): name the
    original ones, column for column."""
    ids = [[str(getattr(n.obj.get("ID"), "string", "")) for n in _subtree(objects, head)
            if n.type == "/TH"] for head in (repeated, original)]
    renamed = dict(zip(ids[0], ids[1], strict=False))
    originals = {str(getattr(n.obj.get("ID"), "string", "")): n.obj.get("ID")
                 for n in _subtree(objects, original) if n.type == "/TH"}
    for node in _subtree(objects, table):
        attributes = node.obj.get("A")
        headers = attributes.get("Headers") if isinstance(attributes, dict) else None
        if isinstance(headers, list):
            headers[:] = [originals.get(renamed.get(str(getattr(h, "string", h)), ""), h)
                          for h in headers]
