"""Edit a profile's YAML text in place, changing nothing but what was asked.

Why not load, change and dump with ruamel.yaml? Measured (docs web-editor.md, "Round-tripping
the YAML"): values survive a round trip, but structural edits through the object model move or
lose comments, put new keys after the next section's comments, and can leave invalid YAML. So:

- **Positions through ruamel.** The text is composed into ruamel.yaml nodes, whose marks give
  the exact character range of every key, value and list item.
- **Values written in place.** A new value replaces only its old value's characters (a date as
  YYYY-MM-DD, text with line breaks as a `|` block, text YAML would read as something else in
  double quotes, a quoted value kept in its quote style). End-of-line comments stay put.
- **Insertions and deletions by line ranges.** An entry owns its lines and the comment lines
  after it that are indented past it; blank lines and comments further left belong to what
  follows, so they stay where they are. New entries go after the last owned line, in the
  file's own indentation.
- **Emptied, not deleted.** Removing the last item of a list or the only key of a mapping
  writes `[]` or `{}` after its key: the key and its comments stay, and the loader and
  `check` accept an empty `channels`, `contacts`, `local_rules` or `adaptations`.
- **A write guard.** After every edit the new text is parsed again (a failure refuses the
  edit); its data must equal the old data with exactly that edit applied to plain Python
  values (types compared too); and old and new text must agree line for line outside the
  entry the edit names, found from the file's structure, not from the splices being
  checked. Otherwise `EditRefused`: a damaged text is never returned.

Edits apply in order, each to the text the last one left, its positions found afresh. Where
things are is `yaml_lines`; what to write is `yaml_plan`.

Pure: text in, text out (lines separated by "\\n"; the caller handles CRLF and a BOM).
"""

from __future__ import annotations

import datetime
import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from generator.profile import format_key
from generator.serve.yamltext.yaml_lines import (
    KeyPath,
    Splice,
    Text,
    Unparsable,
    Unsafe,
    is_flow,
    plain,
)
from generator.serve.yamltext.yaml_plan import plan_append, plan_remove, plan_set

Value = str | int | bool | datetime.date | list[str] | None


@dataclass(frozen=True)
class SetValue:
    """Set a scalar (or a list of strings) at `key`; missing parent mappings are created."""

    key: KeyPath
    value: Value


@dataclass(frozen=True)
class RemoveKey:
    """Delete a mapping key with its value and its own comments."""

    key: KeyPath


@dataclass(frozen=True)
class AppendItem:
    """Append a mapping to the list at `key` (the list is created if absent)."""

    key: KeyPath
    item: Mapping[str, Value]


@dataclass(frozen=True)
class RemoveItem:
    """Delete item `index` of the list at `key`, with its own comments only."""

    key: KeyPath
    index: int


Edit = SetValue | RemoveKey | AppendItem | RemoveItem


class EditRefused(Exception):
    """The edit could not be made safely; the message says why in plain words."""


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    """`text` with `edits` made in order; EditRefused if any one cannot be made safely."""
    doc = _text(text, "the file is not valid YAML")
    data = plain(doc.root)
    for edit in edits:
        edit = _as_written(data, edit)
        splices = _plan(doc, edit)
        expected = _expect(data, edit)
        new = _text(_splice(doc.text, splices),
                    f"{_name(edit.key)}: the edit would make the file unreadable")
        _guard(doc, new, expected, edit)
        doc, data = new, expected  # the next edit's positions come from the new text
    return doc.text


# The loader reads these as spaces, so a page shows a space where the file holds one.
_NO_BREAK = str.maketrans({"\u00a0": " ", "\u202f": " "})


def _as_written(data: object, edit: Edit) -> Edit:
    """A new text (or list of lines) whose lines the person left as they were keeps the
    file's own characters in them: a page shows a no-break space as a space (the loader
    reads it so), and writing the page's text back would change every such line the
    person never touched. Lines are matched in order, so a repeated line keeps its own."""
    if not isinstance(edit, SetValue):
        return edit
    old = _at(data, edit.key)
    if isinstance(edit.value, str) and isinstance(old, str):
        return SetValue(edit.key, "\n".join(_own_lines(old.split("\n"),
                                                        edit.value.split("\n"))))
    if isinstance(edit.value, list) and isinstance(old, list) \
            and all(isinstance(v, str) for v in old):
        return SetValue(edit.key, _own_lines([str(v) for v in old], edit.value))
    return edit


def _own_lines(old: list[str], new: list[str]) -> list[str]:
    """`new`, each line that matches (in order) a line of `old` but for no-break spaces
    given `old`'s characters."""
    kept = list(new)
    matcher = difflib.SequenceMatcher(a=[line.translate(_NO_BREAK) for line in old],
                                      b=new, autojunk=False)
    for block in matcher.get_matching_blocks():
        for offset in range(block.size):
            kept[block.b + offset] = old[block.a + offset]
    return kept


def _at(data: object, key: KeyPath) -> object:
    """The value at `key` in plain data, or None."""
    for part in key:
        if isinstance(data, dict) and part in data:
            data = data[part]
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
        else:
            return None
    return data


def edited_data(data: object, edits: Sequence[Edit]) -> object:
    """Plain profile values with `edits` applied, as the edited text would read (dates as
    the YYYY-MM-DD text the loader gives): the live preview's way to see a change without
    writing or parsing any YAML. EditRefused where apply_edits would refuse the structure."""
    for edit in edits:
        data = _expect(data, edit)
    return _dates_as_text(data)


def _dates_as_text(value: object) -> object:
    if isinstance(value, dict):
        return {k: _dates_as_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_dates_as_text(v) for v in value]
    return value.isoformat() if isinstance(value, datetime.date) else value


def _plan(doc: Text, edit: Edit) -> list[Splice]:
    try:
        if isinstance(edit, SetValue):
            return plan_set(doc, edit.key, _copy(edit.value))
        if isinstance(edit, AppendItem):
            return plan_append(doc, edit.key, edit.item)
        if isinstance(edit, RemoveItem):
            return plan_remove(doc, (*edit.key, edit.index))
        return plan_remove(doc, edit.key)
    except Unsafe as exc:
        raise EditRefused(f"{_name(edit.key)} cannot be changed safely: {exc}") from None


# --- the guard --------------------------------------------------------------------------


def _guard(old: Text, new: Text, expected: object, edit: Edit) -> None:
    """Refuse unless `new` (parsed already) holds exactly the expected data, and differs
    from the old text only on the lines the edit is about."""
    what = _name(edit.key)
    if _strict(plain(new.root)) != _strict(expected):
        raise EditRefused(f"{what}: the edit would change more than this value, so it was "
                          "not made")
    stray = _stray_line(old.lines, new.lines, *_allowed(old, edit))
    if stray is not None:
        raise EditRefused(f"{what}: the edit would change lines outside this value "
                          f"(line {stray + 1}), so it was not made")


def _stray_line(old: list[str], new: list[str], lo: int, hi: int) -> int | None:
    """The first old line outside [lo, hi) that the new text does not keep, else None.

    Lines before `lo` must stay as they are and lines from `hi` on must end the new text.
    (A diff's alignment is not used: where items repeat a line, `monitored: "Monday to
    Friday"`, difflib may slide a deletion past the window and refuse a sound edit.)"""
    tail = len(old) - hi
    for i in range(min(lo, len(new))):
        if old[i] != new[i]:
            return i
    if len(new) < lo + tail:
        return lo
    for i in range(tail):
        if old[hi + i] != new[len(new) - tail + i]:
            return hi + i
    return None


def _allowed(doc: Text, edit: Edit) -> tuple[int, int]:
    """The old lines (half-open) an edit may touch, found from the file's structure alone,
    not from the plan being checked: the entry it names (a new entry is inserted right after
    it); for an entry not there yet, the deepest one that is; for a top-level key, the end of
    the file; for the last entry of a list or mapping, the entry holding it."""
    path = (*edit.key, edit.index) if isinstance(edit, RemoveItem) else edit.key
    steps = doc.walk(path)
    removing = isinstance(edit, RemoveKey | RemoveItem) and len(steps) == len(path)
    if removing and len(steps) > 1 and len(steps[-1].container.value) == 1:
        steps = steps[:-1]  # emptied: `[]` or `{}` is written after the key above
    if not steps:
        return len(doc.lines) - 1, len(doc.lines)
    flow = next((s.container for s in steps if is_flow(s.container)), None)
    if flow is not None:  # inside {...} or [...]: that collection's lines
        return int(flow.start_mark.line), int(flow.end_mark.line) + 1
    first, last = doc.entry_lines(steps[-1])
    key = steps[-1].key
    moves_up = removing and key is not None and doc.on_dash_line(key)  # `- a: 1\n  b: 2`
    return first, last + 1 + moves_up


def _strict(value: object) -> object:
    """`value` with every scalar's type beside it: Python holds True == 1 == 1.0."""
    if isinstance(value, dict):
        return {k: _strict(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_strict(v) for v in value]
    return type(value).__name__, value


def _expect(data: object, edit: Edit) -> object:
    """`data` with `edit` applied to plain values: what the edited text must read as."""
    copy = _copy(data)
    *parents, last = edit.key if not isinstance(edit, RemoveItem) else (*edit.key, edit.index)
    holder = copy
    for part in parents:
        holder = _descend(holder, part, create=isinstance(edit, SetValue), key=edit.key)
    if isinstance(edit, SetValue):
        _put(holder, last, _copy(edit.value), edit.key)
    elif isinstance(edit, AppendItem):
        lst = holder.setdefault(last, []) if isinstance(holder, dict) else None
        if not isinstance(lst, list):
            raise EditRefused(f"{_name(edit.key)} is not a list, so nothing can be added to it")
        lst.append(_copy(dict(edit.item)))
    else:
        _drop(holder, last, edit)
    return copy


def _descend(holder: Any, part: str | int, *, create: bool, key: KeyPath) -> Any:
    if isinstance(holder, dict) and isinstance(part, str):
        if part not in holder and create:
            holder[part] = {}
        if part in holder:
            return holder[part]
    if isinstance(holder, list) and isinstance(part, int) and 0 <= part < len(holder):
        return holder[part]
    raise EditRefused(f"{_name(key)}: there is no such place in the file")


def _put(holder: Any, last: str | int, value: object, key: KeyPath) -> None:
    if isinstance(holder, dict) and isinstance(last, str):
        holder[last] = value
    elif isinstance(holder, list) and isinstance(last, int) and 0 <= last < len(holder):
        holder[last] = value
    else:
        raise EditRefused(f"{_name(key)}: there is no such place in the file")


def _drop(holder: Any, last: str | int, edit: Edit) -> None:
    if isinstance(holder, dict) and isinstance(last, str) and last in holder:
        del holder[last]
    elif isinstance(holder, list) and isinstance(last, int) and 0 <= last < len(holder):
        del holder[last]
    else:
        raise EditRefused(f"{_name(edit.key)}: there is nothing there to remove")


def _copy(value: object) -> object:
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


def _name(key: KeyPath) -> str:
    """The key as the command line names it: ('channels', 2, 'url') -> 'channels[2].url'."""
    return format_key(key) or "the file"


def _text(text: str, message: str) -> Text:
    """`text` parsed, with its data read; EditRefused with `message` if it cannot be."""
    try:
        doc = Text(text)
        plain(doc.root)
    except Unparsable:
        raise EditRefused(message) from None
    return doc


def _splice(text: str, splices: list[Splice]) -> str:
    for splice in sorted(splices, key=lambda s: s.start, reverse=True):
        text = text[: splice.start] + splice.text + text[splice.end:]
    return text
