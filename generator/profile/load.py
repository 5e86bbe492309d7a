"""Stage 1: read a profile file into plain data, keeping the line and column of every node.

Safety first (design.md, "Safety rules"): the YAML is only *composed* into a node graph and
then turned into plain Python values here, so no tag can ever construct an object. Tags other
than YAML's core scalars, maps and sequences are refused; duplicate keys, oversized files,
deep nesting and alias bombs are refused with a message that says where.
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from generator.errors import Problem, ProfileError

MAX_BYTES = 256 * 1024  # a real profile is a few kilobytes
MAX_DEPTH = 12  # the deepest CONTRACT key is four levels down
MAX_NODES = 20_000  # counted after alias expansion, so a "billion laughs" stops early

KeyPath = tuple[str | int, ...]
Position = tuple[int, int]  # 1-based line and column

_CORE = "tag:yaml.org,2002:"
# Characters that change how text displays without showing themselves: C0/C1 controls (but
# tab and newline) and the bidirectional overrides, embeddings and isolates that can make
# text read differently from how it is stored ("Trojan Source", CVE-2021-42574); and
# U+FFFE and U+FFFF, which no XML (so no DOCX) may hold.
HIDDEN_HINT = "delete it: retype the text if you cannot see where it is"
_HIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufeff\ufffe\uffff]")
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

    @property
    def folder(self) -> Path:
        return self.path.parent

    def where(self, key: KeyPath, *, at_key: bool = False) -> Position:
        """Where `key`'s value (or, with at_key, its name) is, else its nearest ancestor's."""
        table = self.key_positions if at_key else self.positions
        while key not in table and key:
            key = key[:-1]
        return table.get(key, (1, 1))

    def problem(
        self, key: KeyPath, message: str, hint: str = "", *, at_key: bool = False,
        warning: bool = False,
    ) -> Problem:
        line, column = self.where(key, at_key=at_key)
        return Problem(
            self.display, line, column, format_key(key), message, hint,
            "warning" if warning else "error",
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
    raw = _read_bytes(path, shown)
    text = _decode(raw, shown)
    root = _compose(text, shown)
    if root is None:
        raise _fail(shown, "has only comments and no settings",
                    "run `policy-pack new` for a starter profile")
    builder = _Builder(shown)
    data = builder.build(root, (), 0)
    if builder.problems:
        raise ProfileError(builder.problems)
    return SourceDoc(path, shown, data, hashlib.sha256(raw).hexdigest(), builder.positions,
                     builder.key_positions)


def _fail(shown: str, message: str, hint: str = "", line: int = 1, column: int = 1) -> ProfileError:
    return ProfileError([Problem(shown, line, column, "", message, hint)])


def _read_bytes(path: Path, shown: str) -> bytes:
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise _fail(shown, "no such file", "check the path and the file name") from None
    except IsADirectoryError:
        raise _fail(shown, "is a folder, not a profile file") from None
    except OSError as exc:
        raise _fail(shown, f"cannot be read: {exc.strerror}") from None
    if len(raw) > MAX_BYTES:
        raise _fail(shown, f"is larger than {MAX_BYTES // 1024} KiB", "a profile is a few KiB")
    return raw


def _decode(raw: bytes, shown: str) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]  # a UTF-8 byte order mark, as some Windows editors write
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise _fail(
            shown, "is not UTF-8 text", "save the file as UTF-8 in your editor", line, column
        ) from None
    if not text.strip():
        raise _fail(shown, "is empty", "run `policy-pack new` for a starter profile")
    hidden = [_hidden_problem(shown, text, m.start()) for m in _HIDDEN.finditer(text)]
    if hidden:
        raise ProfileError(hidden)
    return text


def _hidden_problem(shown: str, text: str, index: int) -> Problem:
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return Problem(shown, line, column, "", f"contains the invisible character "
                   f"U+{ord(text[index]):04X}", HIDDEN_HINT)


def _compose(text: str, shown: str) -> Node | None:
    yaml = YAML(typ="safe", pure=True)
    try:
        return yaml.compose(io.StringIO(text))  # type: ignore[no-any-return]
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        raise _fail(shown, _yaml_message(exc), _yaml_hint(exc), line, column) from None
    except YAMLError as exc:
        raise _fail(shown, f"is not valid YAML: {exc}") from None


def _yaml_message(exc: MarkedYAMLError) -> str:
    problem = (exc.problem or exc.context or "malformed YAML").strip()
    if "another document" in problem:
        return "holds more than one YAML document"
    return f"is not valid YAML: {problem}"


def _yaml_hint(exc: MarkedYAMLError) -> str:
    problem = exc.problem or ""
    if "'\\t'" in problem or "\\t" in problem:
        return "indent with spaces, not tabs"
    if "mapping values are not allowed" in problem:
        return "put quotes around a value that contains ': '"
    if "another document" in problem:
        return "a line with --- starts a second profile; keep one profile per file"
    if "undefined alias" in problem:
        return "an *alias must name an &anchor defined earlier"
    return "check the indentation and quotes on this line and the one before"


class _Builder:
    """Turn a composed node graph into plain values, recording problems and positions."""

    def __init__(self, shown: str) -> None:
        self.shown = shown
        self.positions: dict[KeyPath, Position] = {}
        self.key_positions: dict[KeyPath, Position] = {}
        self.problems: list[Problem] = []
        self.nodes = 0

    def _problem(self, node: Node, key: KeyPath, message: str, hint: str = "") -> None:
        mark = node.start_mark
        self.problems.append(
            Problem(self.shown, mark.line + 1, mark.column + 1, format_key(key), message, hint)
        )

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
            shown = tag.replace(_CORE, "!!")
            self._problem(node, key, f"uses the YAML tag {shown}, which is not allowed",
                          "remove the tag: profiles hold plain text, numbers, lists and maps")
            return None
        if isinstance(node, MappingNode):
            return self._mapping(node, key, depth)
        if isinstance(node, SequenceNode):
            return [self.build(item, (*key, i), depth + 1) for i, item in enumerate(node.value)]
        assert isinstance(node, ScalarNode)
        value = _scalar(node)
        if isinstance(value, str) and (hidden := _HIDDEN.search(value)):
            self._problem(node, key, f"contains the invisible character "
                          f"U+{ord(hidden.group()):04X}", HIDDEN_HINT)
            return None
        return value

    def _mapping(self, node: MappingNode, key: KeyPath, depth: int) -> dict[str, object]:
        result: dict[str, object] = {}
        for key_node, value_node in node.value:
            if str(key_node.tag) == f"{_CORE}merge":
                self._problem(key_node, key, "uses a merge key (<<), which is not allowed",
                              "write the keys out in full")
                continue
            if not isinstance(key_node, ScalarNode) or str(key_node.tag) not in _SCALAR_TAGS:
                self._problem(key_node, key, "has a key that is not plain text")
                continue
            name = str(key_node.value)
            if _HIDDEN.search(name):
                self._problem(key_node, key, "has a key with an invisible character",
                              "retype the key")
                continue
            if name in result:
                self._problem(key_node, (*key, name), "is given twice", "keep one of them")
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
