"""Where things are written in a profile's text: the node at a key path, and the lines that
a mapping entry or a list item owns. Private to `generator.serve.yamltext.yamledit`.

Positions come from ruamel.yaml's composed nodes (`start_mark`, `end_mark`: 0-based line,
column and character index), so they are exact for every style: block and flow, plain,
quoted and `|` scalars.
"""

from __future__ import annotations

import datetime
import io
from bisect import bisect_right
from dataclasses import dataclass
from functools import cached_property

from ruamel.yaml import YAML
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

KeyPath = tuple[str | int, ...]


class Unparsable(Exception):
    """The text is not YAML that ruamel.yaml can read."""


class Unsafe(Exception):
    """An edit that cannot be made safely; the message says why in plain words."""


@dataclass(frozen=True)
class Splice:
    """Replace text[start:end] with `text`."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Step:
    """One part of a key path found in the text: the collection that holds it, where in that
    collection it is, its key node (for a mapping entry) and its value node."""

    container: Node
    index: int
    key: ScalarNode | None
    node: Node
    flow: bool  # inside a {...} or [...]: block styles cannot be written here


@dataclass(frozen=True)
class Style:
    """The file's own indentation: a nested mapping's step, and a list's dash offset and the
    gap from the dash to the item's text (2, 2 and 2 in the samples)."""

    mapping: int = 2
    offset: int = 2
    gap: int = 2


def compose(text: str) -> Node | None:
    """The node graph of `text`; Unparsable if it is not YAML."""
    try:
        return YAML(typ="rt").compose(io.StringIO(text))  # type: ignore[no-any-return]
    except Exception as exc:  # the parser raises several unrelated types on bad input
        raise Unparsable(str(exc).split("\n")[0]) from None


class Text:
    """A profile's text with its node graph, and the line arithmetic the edits need."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines = text.split("\n")
        self.root = compose(text)
        self._starts = [0]
        for line in self.lines[:-1]:
            self._starts.append(self._starts[-1] + len(line) + 1)

    def line_start(self, line: int) -> int:
        """The index of the first character of `line` (the text's end past the last line)."""
        return self._starts[line] if line < len(self._starts) else len(self.text)

    def line_end(self, line: int) -> int:
        """The index of the newline that ends `line` (or the text's end)."""
        return self._starts[line] + len(self.lines[line])

    def line_of(self, index: int) -> int:
        return bisect_right(self._starts, index) - 1

    def walk(self, path: KeyPath) -> list[Step]:
        """The steps of `path` that exist, stopping at the first part that does not."""
        steps: list[Step] = []
        node, flow = self.root, False
        for part in path:
            found = _child(node, part) if node is not None else None
            if found is None:
                break
            assert node is not None
            flow = flow or is_flow(node)
            steps.append(Step(node, found[0], found[1], found[2], flow))
            node = found[2]
        return steps

    @cached_property
    def style(self) -> Style:
        """The indentation the file itself uses, from its first nested block mapping and
        its first block list (the defaults of web-editor.md where it has none)."""
        mapping = offset = gap = None
        for key, value in _block_entries(self.root):
            if isinstance(value, MappingNode) and mapping is None:
                mapping = value.start_mark.column - key.start_mark.column
            if isinstance(value, SequenceNode) and value.value and offset is None:
                offset = value.start_mark.column - key.start_mark.column
                gap = value.value[0].start_mark.column - value.start_mark.column
        return Style(mapping or 2, 2 if offset is None else offset, gap or 2)

    def content_end(self, node: Node) -> int:
        """The last line holding any of `node`'s own text (not comments after it)."""
        if isinstance(node, ScalarNode):
            if node.start_mark.index == node.end_mark.index:  # an empty value: its key's line
                return self.line_of(max(node.start_mark.index - 1, 0))
            end = node.end_mark.line - (node.end_mark.column == 0 and node.end_mark.index > 0)
            if node.style in ("|", ">"):  # a block scalar's end mark is past blank lines
                while end > node.start_mark.line and not self.lines[end].strip():
                    end -= 1
            return max(int(end), int(node.start_mark.line))
        if is_flow(node) or not node.value:
            return int(node.end_mark.line)
        last = node.value[-1]
        return self.content_end(last[1] if isinstance(node, MappingNode) else last)

    def owned_end(self, last: int, column: int) -> int:
        """`last`, or the last of the comment lines after it indented past `column`: those
        comment on the entry (a comment run on under an end-of-line one, a note inside its
        block). Blank lines and comments at `column` or left of it belong to what follows."""
        end = last
        for number in range(last + 1, len(self.lines)):
            stripped = self.lines[number].strip()
            if not stripped:
                continue
            if not stripped.startswith("#") or indent_of(self.lines[number]) <= column:
                break
            end = number
        return end

    def entry_lines(self, step: Step) -> tuple[int, int]:
        """The first and last line of a block mapping entry or a block list item."""
        if step.key is not None:
            first, column = step.key.start_mark.line, step.key.start_mark.column
        else:
            column = step.container.start_mark.column  # the list's dash
            first = self.dash_line(step.node, column)
        return first, self.owned_end(max(first, self.content_end(step.node)), column)

    def dash_line(self, item: Node, column: int) -> int:
        """The line of the dash that starts a list item (usually the item's own line)."""
        line = item.start_mark.line
        while line > 0 and self.lines[line][column:column + 1] != "-":
            line -= 1
        return int(line)

    def on_dash_line(self, key: ScalarNode) -> bool:
        """Whether a key shares its line with a list dash (`- id: x`): deleting the line
        would delete the list item."""
        before = self.lines[key.start_mark.line][: key.start_mark.column]
        return "-" in before

    def after_colon(self, key: ScalarNode) -> int:
        """The index just past the colon that ends a mapping key."""
        return self.text.index(":", key.end_mark.index) + 1


def plain(node: Node | None) -> object:
    """A node's data as plain dicts, lists and scalars, typed as ruamel's loader types them
    (YAML 1.2: `yes` is text, `2026-05-01` a date). Read from the nodes already composed,
    so checking an edit costs one parse, not two."""
    if node is None:
        return None
    if isinstance(node, MappingNode):
        mapping: dict[str, object] = {}
        for key, value in node.value:
            name = str(plain(key))
            if name in mapping:  # the loader refuses a key given twice; so does the guard
                raise Unparsable(f"the key {name} is given twice")
            mapping[name] = plain(value)
        return mapping
    if isinstance(node, SequenceNode):
        return [plain(item) for item in node.value]
    return _scalar(str(node.tag).rsplit(":", 1)[-1], str(node.value))


def _scalar(kind: str, value: str) -> object:
    try:
        if kind == "null":
            return None
        if kind == "bool":
            return value.lower() == "true"
        if kind == "int":
            return int(value.replace("_", ""), 0)
        if kind == "float":
            return float(value.lower().replace("_", "").replace(".inf", "inf")
                         .replace(".nan", "nan"))
        if kind == "timestamp":
            return datetime.date.fromisoformat(value)
    except ValueError:
        pass
    return value if kind == "str" else (kind, value)  # kept apart from the same text


def _child(node: Node, part: str | int) -> tuple[int, ScalarNode | None, Node] | None:
    if isinstance(node, MappingNode) and isinstance(part, str):
        for index, (key, value) in enumerate(node.value):
            if isinstance(key, ScalarNode) and key.value == part:
                return index, key, value
    if isinstance(node, SequenceNode) and isinstance(part, int) and not isinstance(part, bool) \
            and 0 <= part < len(node.value):
        return part, None, node.value[part]
    return None


def _block_entries(node: Node | None) -> list[tuple[ScalarNode, Node]]:
    """Every (key, value) of the block mappings under `node`, outermost first."""
    found: list[tuple[ScalarNode, Node]] = []
    if isinstance(node, MappingNode) and not node.flow_style:
        for key, value in node.value:
            found.append((key, value))
        for _, value in node.value:
            found += _block_entries(value)
    elif isinstance(node, SequenceNode) and not node.flow_style:
        for item in node.value:
            found += _block_entries(item)
    return found


def is_flow(node: Node) -> bool:
    """Whether a mapping or a list is written {...} or [...]."""
    return bool(getattr(node, "flow_style", False))


def indent_of(line: str) -> int:
    """How many spaces a line starts with."""
    return len(line) - len(line.lstrip(" "))
