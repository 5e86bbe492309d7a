"""Stage 1: read a profile file into plain data, keeping the line and column of every node.

Safety first (design.md, "Safety rules"): the YAML is only *composed* into a node graph and
then turned into plain Python values here, so no tag can ever construct an object. Tags other
than YAML's core scalars, maps and sequences are refused; duplicate keys, deep nesting and
alias bombs are refused with a message that says where. Reading the file and making its
bytes text (size, encodings, invisible characters) is generator/profile/text.py's part.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from generator.errors import Problem, ProfileError
from generator.profile.line_fixes import (
    KEY_VALUE,
    key_line,
    shown,
    split_comment,
    word_bullet,
)
from generator.profile.text import (
    HIDDEN_HINT,
    Position,
    file_error,
    invisible_character,
    ordinary_spaces,
    position,
    profile_text,
    read_bytes,
    tabs_as_spaces,
)
from generator.profile.yaml_errors import explain_yaml_error

MAX_DEPTH = 12  # the deepest CONTRACT key is four levels down
MAX_NODES = 20_000  # counted after alias expansion, so a "billion laughs" stops early

KeyPath = tuple[str | int, ...]

_CORE = "tag:yaml.org,2002:"
_SCALAR_TAGS = {f"{_CORE}{t}" for t in ("str", "int", "float", "bool", "null", "timestamp")}
_ALLOWED_TAGS = _SCALAR_TAGS | {f"{_CORE}map", f"{_CORE}seq"}


@dataclass(frozen=True)
class SourceDoc:
    """A loaded profile: its data as plain dicts, lists and scalars, and where each node is."""

    path: Path
    display: str  # the path as the user should see it in messages
    data: object
    sha256: str  # of the file's bytes, for provenance
    positions: Mapping[KeyPath, Position]  # where each value starts
    key_positions: Mapping[KeyPath, Position]  # where each mapping key is written
    typed: Mapping[KeyPath, str]  # numbers and true/false exactly as written ("1.10")
    text: str = ""  # the file's text, line endings made \n

    @cached_property
    def lines(self) -> list[str]:
        """The file's lines, for messages that quote or search what was written."""
        return self.text.split("\n")

    @property
    def folder(self) -> Path:
        return self.path.parent

    def where(self, key: KeyPath, *, at_key: bool = False) -> Position:
        """Where `key`'s value (or, with at_key, its name) is, else its nearest ancestor's."""
        if at_key and key not in self.key_positions and len(key) > 1 \
                and isinstance(key[-2], int):
            return self.where(key[:-1])  # a key missing from a list entry: the entry's line
        table = self.key_positions if at_key else self.positions
        while key not in table and key:
            key = key[:-1]
        return table.get(key, (1, 1))

    def locate(self, key: KeyPath, needle: str) -> Position:
        """Where `needle` is first written inside `key`'s value (a link in a paragraph, a
        character in a block of text), else where the value starts."""
        line, column = self.where(key)
        start = sum(len(text) + 1 for text in self.lines[: line - 1]) + column - 1
        found = self.text.find(needle, start) if needle else -1
        if found < 0:
            return line, column
        return position(self.text, found)

    def problem(
        self, key: KeyPath, message: str, hint: str = "", *, at_key: bool = False,
        warning: bool = False, needle: str = "", fix: str | None = None,
    ) -> Problem:
        line, column = (self.locate(key, needle) if needle
                        else self.where(key, at_key=at_key))
        return Problem(
            self.display, line, column, format_key(key), message, hint,
            "warning" if warning else "error", fix,
        )


def format_key(key: KeyPath) -> str:
    """('channels', 2, 'url') -> 'channels[2].url'."""
    text = ""
    for part in key:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def load_profile(path: Path, display: str | None = None) -> SourceDoc:
    """Read and compose `path`; raise ProfileError with every problem found."""
    shown = display or str(path)
    return load_profile_bytes(read_bytes(path, shown), path, shown)


def load_profile_bytes(raw: bytes, path: Path, display: str | None = None) -> SourceDoc:
    """Compose a profile's bytes as if read from `path` (the editor checks a change before
    it writes it); raise ProfileError with every problem found."""
    shown = display or str(path)
    text = profile_text(raw, shown)
    root = _compose(text, shown)
    if root is None:
        raise file_error(shown, "has only comments and no settings",
                         "run `policy-pack new` for a starter profile")
    builder = _Builder(shown, text.split("\n"))
    data = builder.build(root, (), 0)
    if builder.problems:
        raise ProfileError(builder.problems)
    return SourceDoc(path, shown, data, hashlib.sha256(raw).hexdigest(), builder.positions,
                     builder.key_positions, builder.typed, text)


def _compose(text: str, shown: str) -> Node | None:
    read = tabs_as_spaces(text)
    try:
        return YAML(typ="safe", pure=True).compose(  # type: ignore[no-any-return]
            io.StringIO(read))
    except MarkedYAMLError as exc:
        raise ProfileError([explain_yaml_error(exc, read, shown)]) from None
    except YAMLError:
        raise file_error(shown, "is not valid YAML",
                         "check the indentation and quotes on the lines near the end") from None
    except RecursionError:  # [[[[...]]]] thousands deep: the parser recurses per level
        raise file_error(shown, f"is nested more than {MAX_DEPTH} levels deep",
                         "a profile's keys are at most four levels deep") from None


class _Builder:
    """Turn a composed node graph into plain values, recording problems and positions."""

    def __init__(self, shown: str, lines: list[str]) -> None:
        self.shown = shown
        self.lines = lines
        self.positions: dict[KeyPath, Position] = {}
        self.key_positions: dict[KeyPath, Position] = {}
        self.typed: dict[KeyPath, str] = {}
        self.problems: list[Problem] = []
        self.nodes = 0

    def _problem(self, node: Node, key: KeyPath, message: str, hint: str = "",
                 fix: str | None = None) -> None:
        mark = node.start_mark
        self.problems.append(Problem(self.shown, mark.line + 1, mark.column + 1,
                                     format_key(key), message, hint, fix=fix))

    def build(self, node: Node, key: KeyPath, depth: int) -> object:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            if self.nodes == MAX_NODES + 1:
                self._problem(node, key, f"expands to more than {MAX_NODES} values",
                              "remove anchors and aliases (&name, *name)")
            return None
        if depth > MAX_DEPTH:
            self._problem(node, key, f"is nested more than {MAX_DEPTH} levels deep")
            return None
        self.positions[key] = (node.start_mark.line + 1, node.start_mark.column + 1)
        tag = str(node.tag)
        if tag not in _ALLOWED_TAGS:
            self._tag(node, key, tag.replace(_CORE, "!!"))
            return None
        if isinstance(node, MappingNode):
            return self._mapping(node, key, depth)
        if isinstance(node, SequenceNode):
            return [self.build(item, (*key, i), depth + 1) for i, item in enumerate(node.value)]
        assert isinstance(node, ScalarNode)
        if node.anchor is not None:
            self._anchor(node, key)
            return None
        value = _scalar(node)
        if isinstance(value, str) and (hidden := invisible_character(value)):
            # Written as an escape in double quotes ("\\u200b"), so unseen in the raw text.
            self._problem(node, key, hidden, HIDDEN_HINT)
            return None
        if isinstance(value, str):
            value = ordinary_spaces(value)
        elif value is not None:
            self.typed[key] = str(node.value)
        return value

    def _tag(self, node: Node, key: KeyPath, tag: str) -> None:
        """A tag is refused; `!Important` (or `!Important news`) at the start of a plain
        value is a word of the text, which needs quotes: removing it would lose the word.
        (`!include secrets.yaml`, a file's name after it, is a tag meant as one.)"""
        line = self.lines[node.start_mark.line]
        found = KEY_VALUE.match(line)
        if isinstance(node, ScalarNode) and node.style is None and found \
                and re.fullmatch(r"![\w-]+", tag) \
                and re.match(rf"{re.escape(tag)}(\s+[^\s./\\$]+)*\s*(#.*)?$", found.group("value")):
            value, comment = split_comment(found.group("value"))
            fixed = key_line(found.group("lead"), found.group("key"), value, comment,
                             quote=True)
            self._problem(node, key, "has a value that starts with !, which YAML reads as a "
                          "tag", f"put the value in quotes: {shown(fixed)}", fixed)
            return
        self._problem(node, key, f"uses the YAML tag {tag}, which is not allowed",
                      "remove the tag: profiles hold plain text, numbers, lists and maps")

    def _anchor(self, node: ScalarNode, key: KeyPath) -> None:
        """`purpose: &News daily`: YAML takes `&News` as a name for reuse (an anchor) and the
        value as `daily` alone, so the words would be lost without a word said."""
        line = self.lines[node.start_mark.line]
        found = KEY_VALUE.match(line)
        anchor = f"&{node.anchor}"
        fixed = None
        if found and found.group("value").startswith(anchor):
            value, comment = split_comment(found.group("value"))
            fixed = key_line(found.group("lead"), found.group("key"), value, comment)
        self._problem(node, key, f"has a value that starts with &, which YAML reads as a name "
                      f"for reuse (an anchor): `{anchor}` would be dropped",
                      f"put the value in quotes: {shown(fixed)}" if fixed else
                      "put the value in quotes", fixed)

    def _new_entry(self, pairs: list[tuple[Node, Node]], at: int, key: KeyPath) -> bool:
        """A list entry whose `- ` was forgotten: from its repeated key on, the entry's keys
        come again, as a new entry's would. Deleting them (what "given twice" advises)
        would lose the entry, so advise its dash, once. True if that is what it is."""
        names = [str(k.value) for k, _ in pairs]
        run, before = names[at:], names[:at]
        if not key or not isinstance(key[-1], int) or len(set(run)) != len(run) \
                or not set(run) <= set(before) or (len(run) < 2 and run[0] != before[0]):
            return False
        first = pairs[at][0].start_mark
        line = self.lines[first.line]
        if first.column < 2 or line[first.column - 2:first.column] != "  ":
            return False
        fixed = f"{line[:first.column - 2]}- {line[first.column:]}"
        name = names[at]
        self._problem(pairs[at][0], (*key, name), "is given twice: this line and the ones "
                      "after it repeat the entry's keys, as a new entry's would",
                      f"add `- ` before `{name}:` to start a new entry: `{fixed.strip()}`",
                      fixed)
        return True

    def _twice(self, key_node: Node, value_node: Node, key: KeyPath) -> None:
        """A key given twice: keep the first. The second's line is offered for deletion
        when its value is on that line alone (a block under it would be left behind)."""
        line = key_node.start_mark.line
        alone = value_node.end_mark.line == line or (
            value_node.end_mark.line == line + 1 and value_node.end_mark.column == 0)
        self._problem(key_node, key, "is given twice", "keep one of them: delete this line"
                      if alone else "keep one of them", "" if alone else None)

    def _mapping(self, node: MappingNode, key: KeyPath, depth: int) -> dict[str, object]:
        result: dict[str, object] = {}
        for at, (key_node, value_node) in enumerate(node.value):
            if str(key_node.tag) == f"{_CORE}merge":
                self._problem(key_node, key, "uses a merge key (<<), which is not allowed",
                              "write the keys out in full")
                continue
            if not isinstance(key_node, ScalarNode) or str(key_node.tag) not in _SCALAR_TAGS:
                self._problem(key_node, key, "has a key that is not plain text")
                continue
            name = str(key_node.value)
            if invisible_character(name):
                self._problem(key_node, key, "has a key with an invisible character",
                              "retype the key")
                continue
            bullet = word_bullet(self.lines[key_node.start_mark.line])
            if bullet is not None and name[:1] in "\u2013\u2014\u2022":
                self._problem(key_node, key, *bullet[1:])
                continue
            if name in result:
                if self._new_entry(node.value, at, key):
                    break  # the rest of the entry is the new entry's: one problem
                self._twice(key_node, value_node, (*key, name))
                continue
            child = (*key, name)
            mark = key_node.start_mark
            self.key_positions[child] = (mark.line + 1, mark.column + 1)
            result[name] = self.build(value_node, child, depth + 1)
            if result[name] is None:
                # An empty value has no place of its own; point at its key instead.
                self.positions[child] = self.key_positions[child]
        return result


def _scalar(node: ScalarNode) -> object:
    """YAML 1.2 core schema values; dates stay text and are parsed by validation."""
    tag, value = str(node.tag), str(node.value)
    try:
        if tag == f"{_CORE}null":
            return None
        if tag == f"{_CORE}bool":
            return value.lower() == "true"
        if tag == f"{_CORE}int":
            return int(value.replace("_", ""), 0)
        if tag == f"{_CORE}float":
            return float(value.replace("_", "").replace(".inf", "inf").replace(".nan", "nan"))
    except ValueError:
        return value
    return value
