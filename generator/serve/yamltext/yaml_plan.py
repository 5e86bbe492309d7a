"""The splices that make one edit: which characters of the text to replace, and with what.
Private to `generator.serve.yamltext.yamledit`, which checks every result before returning it.

Values are written the way the file writes them: a quoted value keeps its quotes, a list or
a mapping keeps its block or flow style and its indentation, a `|` block its indentation.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from typing import Any

from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from generator.serve.yamltext.yaml_lines import (
    KeyPath,
    Splice,
    Step,
    Text,
    Unsafe,
    indent_of,
    is_flow,
    plain,
)

# Words a YAML 1.1 reader (and many people) take for true, false or nothing.
_NOT_TEXT = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"}
_LINE_BREAKS = "\r\x85\u2028\u2029"
_HEADER = re.compile(r"[|>][-+0-9]*")
# What a line of a `|` block may hold as it is: YAML's printable characters (ruamel.yaml's
# Reader.NON_PRINTABLE, inverted) but its line breaks (U+0085, U+2028, U+2029) and the byte
# order mark. Pasted text lives here: no-break spaces, smart quotes, dashes, bullets.
_BLOCK_TEXT = re.compile("[\t\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe"
                         "\uff00-\ufffd\U00010000-\U0010ffff]*")


# --- SetValue -----------------------------------------------------------------------------


def plan_set(doc: Text, key: KeyPath, value: Any) -> list[Splice]:
    steps = doc.walk(key)
    if len(steps) < len(key):
        return _insert(doc, steps, key, value)
    step = steps[-1]
    node = step.node
    if isinstance(value, list) and isinstance(node, SequenceNode) and not step.flow \
            and not is_flow(node) and node.value:
        return _replace_block_list(doc, steps, value)
    if isinstance(node, ScalarNode):
        return _replace_scalar(doc, step, value)
    if is_flow(node):
        new = render(value, _valueindent_of(doc, step))
        return [_keep_comment_column(doc, Splice(node.start_mark.index, node.end_mark.index, new))]
    raise Unsafe("it holds a list or a group of settings; change its entries one by one")


def _replace_scalar(doc: Text, step: Step, value: Any) -> list[Splice]:
    node = step.node
    assert isinstance(node, ScalarNode)
    start, end = node.start_mark.index, node.end_mark.index
    if start == end and step.key is not None:  # an empty value: write after the colon
        at = doc.after_colon(step.key)
        return [Splice(at, at, " " + _value_text(doc, step, value, None))]
    if node.style in ("|", ">"):
        return [_replace_block_scalar(doc, step, value)]
    new = _value_text(doc, step, value, node.style)
    if "\n" in new and new[0] in "|>":  # a block's lines follow its header and comment
        first, _, rest = new.partition("\n")
        line_end = doc.line_end(node.end_mark.line)
        return [Splice(start, line_end, first + doc.text[end:line_end] + "\n" + rest)]
    return [_keep_comment_column(doc, Splice(start, end, new))]


def _replace_block_scalar(doc: Text, step: Step, value: Any) -> Splice:
    """A `|` value: its header's comment is kept, and its indentation if it stays a block."""
    node = step.node
    start = node.start_mark.index
    header = doc.lines[node.start_mark.line]
    match = _HEADER.match(doc.text, start)
    assert match is not None
    comment = doc.text[match.end(): doc.line_end(node.start_mark.line)]
    last = doc.content_end(node)
    body = [line for line in doc.lines[node.start_mark.line + 1: last + 1] if line.strip()]
    indent = indent_of(body[0]) if body else indent_of(header) + doc.style.mapping
    digit = re.search("[1-9]", match.group())
    if digit:  # `|2`: the first line starts with spaces of its own, past the indentation
        indent = _column_of(step) + int(digit.group())
    new = _value_text(doc, step, value, None, indent)
    first, _, rest = new.partition("\n")
    kept = comment if comment.strip() else ""
    return Splice(start, doc.line_end(last), first + kept + ("\n" + rest if rest else ""))


def _keep_comment_column(doc: Text, splice: Splice) -> Splice:
    """Keep an end-of-line comment where it was, so comments aligned in a column stay so."""
    line = doc.line_of(splice.end)
    after = doc.text[splice.end: doc.line_end(line)]
    spaces = re.match(r"( +)#", after)
    if not spaces or "\n" in splice.text or doc.line_of(splice.start) != line:
        return splice
    column = splice.end - doc.line_start(line) + len(spaces.group(1))
    new_end = splice.start - doc.line_start(line) + len(splice.text)
    gap = max(column - new_end, 1 if len(spaces.group(1)) == 1 else 2)
    return Splice(splice.start, splice.end + len(spaces.group(1)), splice.text + " " * gap)


def _replace_block_list(doc: Text, steps: list[Step], value: list[Any]) -> list[Splice]:
    """A block list of text set whole: items that changed are written in place (their
    comments stay), items past the new end deleted, new ones appended at the same dash."""
    node = steps[-1].node
    items = [Step(node, i, None, item, False) for i, item in enumerate(node.value)]
    if not value:
        first, last = doc.entry_lines(items[0])[0], doc.entry_lines(items[-1])[1]
        return [*_mark_empty(doc, steps, "[]"),
                Splice(doc.line_start(first), doc.line_start(last + 1), "")]
    if not all(isinstance(item.node, ScalarNode) for item in items):
        raise Unsafe("it is a list of groups of settings; change its items one by one")
    splices = [s for item, new in zip(items, value, strict=False)
               if plain(item.node) != new for s in _replace_scalar(doc, item, new)]
    if len(value) < len(items):
        first = doc.entry_lines(items[len(value)])[0]
        last = doc.entry_lines(items[-1])[1]
        splices.append(Splice(doc.line_start(first), doc.line_start(last + 1), ""))
    if len(value) > len(items):
        at = doc.line_start(doc.entry_lines(items[-1])[1] + 1)
        gap = node.value[0].start_mark.column - node.start_mark.column
        lines = _item_lines(value[len(items):], node.start_mark.column, gap, doc)
        splices.append(Splice(at, at, "\n".join(lines) + "\n"))
    return splices


def _insert(doc: Text, steps: list[Step], key: KeyPath, value: Any) -> list[Splice]:
    """A key that is not there yet, with any missing parents: added at the end of the
    deepest mapping that is there."""
    missing = key[len(steps):]
    if not all(isinstance(part, str) for part in missing):
        raise Unsafe("that list item does not exist")
    for part in reversed(missing[1:]):
        value = {part: value}
    holder = steps[-1].node if steps else doc.root
    if not isinstance(holder, MappingNode):
        raise Unsafe("the setting above it is not a group of settings")
    return _add_entry(doc, steps, holder, str(missing[0]), value)


def _add_entry(doc: Text, steps: list[Step], holder: MappingNode, name: str,
               value: Any) -> list[Splice]:
    flow = is_flow(holder) or bool(steps and steps[-1].flow)
    if flow:
        return [_flow_add(holder, f"{_key_text(name, True)}: {render(value, 0, flow=True)}")]
    if not holder.value:
        raise Unsafe("the group of settings it belongs to is empty")
    column = holder.start_mark.column
    lines = _entry_lines(name, value, column, doc)
    if holder is doc.root:  # a new top-level key goes at the end of the file
        lead = "" if doc.text.endswith("\n") or not doc.text else "\n"
        return [Splice(len(doc.text), len(doc.text), lead + "\n".join(lines) + "\n")]
    last = Step(holder, len(holder.value) - 1, holder.value[-1][0], holder.value[-1][1], False)
    at = doc.line_start(_block_end(doc, last, column))
    return [Splice(at, at, "\n".join(lines) + "\n")]


def _block_end(doc: Text, last: Step, column: int) -> int:
    """The line after a block's last entry and the comments indented with the block (its
    own closing notes); comments further left belong to the next section and stay below."""
    return doc.owned_end(doc.entry_lines(last)[1], column - 1) + 1


def _flow_add(holder: Node, entry: str) -> Splice:
    """An entry added at the end of a {...} or [...]."""
    if not holder.value:
        at = holder.end_mark.index - 1
        return Splice(at, at, entry)
    last = holder.value[-1]
    at = (last[1] if isinstance(last, tuple) else last).end_mark.index
    return Splice(at, at, ", " + entry)


# --- AppendItem -----------------------------------------------------------------------------


def plan_append(doc: Text, key: KeyPath, item: Mapping[str, Any]) -> list[Splice]:
    steps = doc.walk(key)
    if len(steps) < len(key):
        return _insert(doc, steps, key, [dict(item)])
    step = steps[-1]
    node = step.node
    if not isinstance(node, SequenceNode):
        raise Unsafe("it is not a list")
    if is_flow(node) and (node.value or step.flow):
        return [_flow_add(node, render(dict(item), 0, flow=True))]
    if not node.value:  # `[]` in a block: becomes a block list
        return _unempty(doc, steps, _item_lines([dict(item)], *_list_style(doc, steps), doc))
    dash, gap = node.start_mark.column, node.value[-1].start_mark.column - node.start_mark.column
    last = Step(node, len(node.value) - 1, None, node.value[-1], False)
    at = doc.line_start(_block_end(doc, last, dash))
    if all(isinstance(n, MappingNode) and is_flow(n) for n in node.value):
        lines = [" " * dash + "-".ljust(gap) + render(dict(item), 0, flow=True)]
    else:
        lines = _item_lines([dict(item)], dash, gap, doc)
    return [Splice(at, at, "\n".join(lines) + "\n")]


def _list_style(doc: Text, steps: list[Step]) -> tuple[int, int]:
    key = steps[-1].key
    column = key.start_mark.column if key is not None else 0
    return column + doc.style.offset, doc.style.gap


def _unempty(doc: Text, steps: list[Step], lines: list[str]) -> list[Splice]:
    """An empty `[]` or `{}` value in a block, replaced by block lines under its key."""
    node, key = steps[-1].node, steps[-1].key
    if key is None:
        raise Unsafe("an empty list inside a list cannot be filled here")
    start = node.start_mark.index
    while doc.text[start - 1] == " ":
        start -= 1
    at = doc.line_start(doc.owned_end(key.start_mark.line, key.start_mark.column) + 1)
    return [Splice(start, node.end_mark.index, ""), Splice(at, at, "\n".join(lines) + "\n")]


# --- RemoveKey and RemoveItem ---------------------------------------------------------------


def plan_remove(doc: Text, path: KeyPath) -> list[Splice]:
    steps = doc.walk(path)
    if len(steps) < len(path):
        raise Unsafe("there is nothing there to remove")
    step = steps[-1]
    siblings = step.container.value
    if is_flow(step.container):
        return [_flow_remove(step)]
    if step.key is not None and doc.on_dash_line(step.key):
        return [_remove_dash_key(doc, step)]
    first, last = doc.entry_lines(step)
    span = Splice(doc.line_start(first), doc.line_start(last + 1), "")
    if len(siblings) > 1:
        return [span]
    return [*_mark_empty(doc, steps[:-1], "{}" if step.key is not None else "[]"), span]


def _mark_empty(doc: Text, steps: list[Step], empty: str) -> list[Splice]:
    """Write `[]` or `{}` after the key of a list or mapping that loses its last entry: the
    key stays, with its comments, and the loader reads an empty list or mapping."""
    if not steps or steps[-1].key is None:
        raise Unsafe("it is the only entry left, and its place cannot be left empty")
    at = doc.after_colon(steps[-1].key)
    return [Splice(at, at, " " + empty)]


def _flow_remove(step: Step) -> Splice:
    """An entry of a {...} or [...], with the comma and space that separate it."""
    entries = step.container.value

    def bounds(i: int) -> tuple[int, int]:
        entry = entries[i]
        first, last = (entry[0], entry[1]) if isinstance(entry, tuple) else (entry, entry)
        return first.start_mark.index, last.end_mark.index

    start, end = bounds(step.index)
    if step.index + 1 < len(entries):
        return Splice(start, bounds(step.index + 1)[0], "")
    if step.index > 0:
        return Splice(bounds(step.index - 1)[1], end, "")
    return Splice(start, end, "")


def _remove_dash_key(doc: Text, step: Step) -> Splice:
    """The first key of a list item (`- id: x`): the next key moves up onto the dash line."""
    assert step.key is not None
    entries = step.container.value
    if step.index + 1 < len(entries):
        return Splice(step.key.start_mark.index, entries[step.index + 1][0].start_mark.index, "")
    end = doc.line_end(doc.content_end(step.node))
    return Splice(step.key.start_mark.index, end, "{}")


# --- rendering ------------------------------------------------------------------------------


def _value_text(doc: Text, step: Step, value: Any, style: str | None,
                indent: int | None = None) -> str:
    if indent is None:
        indent = _valueindent_of(doc, step)
    if isinstance(value, (list, dict)):
        return render(value, indent, flow=True)
    return scalar(value, flow=step.flow, style=style, indent=indent, parent=_column_of(step))


def _column_of(step: Step) -> int:
    """The column of the key a value belongs to, or of the dash of a list item."""
    return int((step.key or step.container).start_mark.column)


def _valueindent_of(doc: Text, step: Step) -> int:
    """Where a `|` block's lines go: a step in from the key, or under a list item's text."""
    if step.key is not None:
        return int(step.key.start_mark.column) + doc.style.mapping
    return int(step.node.start_mark.column)


def render(value: Any, indent: int, *, flow: bool = True) -> str:
    """A value on one line: `{a: b}`, `[a, b]` or a scalar."""
    if isinstance(value, Mapping):
        inner = ", ".join(f"{_key_text(k, True)}: {render(v, indent)}" for k, v in value.items())
        return "{" + inner + "}"
    if isinstance(value, list):
        return "[" + ", ".join(render(v, indent) for v in value) + "]"
    return scalar(value, flow=flow, style=None, indent=indent)


def _entry_lines(name: str, value: Any, column: int, doc: Text) -> list[str]:
    head = " " * column + _key_text(name, False) + ":"
    if isinstance(value, Mapping) and value:
        nested: list[str] = []
        for key, item in value.items():
            nested += _entry_lines(key, item, column + doc.style.mapping, doc)
        return [head, *nested]
    if isinstance(value, list) and value:
        return [head, *_item_lines(value, column + doc.style.offset, doc.style.gap, doc)]
    text = (render(value, 0) if isinstance(value, (Mapping, list))
            else scalar(value, flow=False, style=None, indent=column + doc.style.mapping,
                        parent=column))
    return (head + " " + text).split("\n")


def _item_lines(items: list[Any], dash: int, gap: int, doc: Text) -> list[str]:
    lines: list[str] = []
    for item in items:
        if isinstance(item, Mapping) and item:
            body: list[str] = []
            for key, value in item.items():
                body += _entry_lines(key, value, dash + gap, doc)
            body[0] = " " * dash + "-".ljust(gap) + body[0][dash + gap:]
            lines += body
        else:
            text = (render(item, 0) if isinstance(item, (Mapping, list))
                    else scalar(item, flow=False, style=None, indent=dash + gap, parent=dash))
            lines += (" " * dash + "-".ljust(gap) + text).split("\n")
    return lines


def _key_text(name: str, flow: bool) -> str:
    return name if _plain_ok(name, flow) else double(name)


def scalar(value: Any, *, flow: bool, style: str | None, indent: int,
           parent: int | None = None) -> str:
    """One scalar as YAML: dates plain, text with line breaks as a `|` block, text YAML
    would read as something else in double quotes, an old quote style kept. `parent` is
    the column of the key or dash the value belongs to, where known."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value.isoformat()
    if not isinstance(value, str):
        raise Unsafe(f"a value of type {type(value).__name__} cannot be written")
    if "\n" in value and not flow and _literal_ok(value, parent, indent):
        return _literal(value, indent, parent)
    if style == "'" and _single_ok(value):
        return "'" + value.replace("'", "''") + "'"
    if style != '"' and _plain_ok(value, flow):
        return value
    return double(value)


def _plain_ok(value: str, flow: bool) -> bool:
    """Text that reads back as the same text unquoted. Deliberately narrow: it starts with
    a letter, and has nothing a reader could take for a comment, a key or a type."""
    return bool(value) and value[0].isalpha() and value == value.strip() \
        and value.isprintable() and ": " not in value and " #" not in value \
        and not value.endswith(":") and value.lower() not in _NOT_TEXT \
        and not (flow and any(c in value for c in ",[]{}:#"))


def _single_ok(value: str) -> bool:
    return value.isprintable()


def _literal_ok(value: str, parent: int | None, indent: int) -> bool:
    """Text a `|` block holds exactly: one or no final line break, no lines of spaces only,
    every character one YAML shows as it is (a no-break space, a smart quote or a tab
    included: Python's isprintable refuses the first, YAML does not). A first line that
    starts with a space or a tab needs the block's indentation written in its header, so
    it can be a block only where the column of the key (or dash) above is known."""
    lines = value.removesuffix("\n").split("\n")
    if value.endswith("\n\n") or not lines[0]:
        return False
    if lines[0][0] in " \t" and _indicator(parent, indent) is None:
        return False
    return all(line.strip() or not line for line in lines) \
        and all(_BLOCK_TEXT.fullmatch(line) for line in lines)


def _indicator(parent: int | None, indent: int) -> str | None:
    """The header's indentation digit: how far the block's lines sit past its key's column
    (or its list dash's), which YAML allows from 1 to 9."""
    if parent is None or not 1 <= indent - parent <= 9:
        return None
    return str(indent - parent)


def _literal(value: str, indent: int, parent: int | None) -> str:
    body = value.removesuffix("\n")
    head = "|" if value.endswith("\n") else "|-"
    if body[0] in " \t":  # else the first line's own spaces would be read as indentation
        head = head[0] + str(_indicator(parent, indent)) + head[1:]
    pad = " " * indent
    return head + "".join("\n" + (pad + line if line else "") for line in body.split("\n"))


def double(value: str) -> str:
    """Double-quoted YAML: escapes for quotes, backslashes and every unprintable character."""
    out = []
    for char in value:
        if char in '"\\':
            out.append("\\" + char)
        elif char == "\n":
            out.append("\\n")
        elif char == "\t":
            out.append("\\t")
        elif not char.isprintable() or char in _LINE_BREAKS or char == "\ufeff":
            code = ord(char)
            out.append(f"\\x{code:02X}" if code < 0x100 else
                       f"\\u{code:04X}" if code < 0x10000 else f"\\U{code:08X}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'

