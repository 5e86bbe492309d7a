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
from generator.profile.regular_file import NotRegular, TooLarge, read_regular_file
from generator.profile.yaml_errors import explain_yaml_error

MAX_BYTES = 256 * 1024  # a real profile is a few kilobytes
MAX_DEPTH = 12  # the deepest CONTRACT key is four levels down
MAX_NODES = 20_000  # counted after alias expansion, so a "billion laughs" stops early

KeyPath = tuple[str | int, ...]
Position = tuple[int, int]  # 1-based line and column

_CORE = "tag:yaml.org,2002:"
# Characters that change how text displays without showing themselves: C0/C1 controls (but
# tab and newline) and the bidirectional overrides, embeddings and isolates that can make
# text read differently from how it is stored ("Trojan Source", CVE-2021-42574); U+FFFE and
# U+FFFF, which no XML (so no DOCX) may hold; and the zero-width characters that text pasted
# from Word or a web page carries, which split a word for a search or a screen reader.
HIDDEN_HINT = "delete it: retype the text if you cannot see where it is"
# Joiners are letters' business in Arabic and the Indic scripts (می‌خواهیم needs its ZWNJ,
# Bengali র‍্য its ZWJ) and in emoji sequences; anywhere else they only split a word.
_JOINING = "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\u0900-\u0dff\ufb50-\ufdff\ufe70-\ufefc"
_EMOJI = "\U0001f000-\U0001faff\u2600-\u27bf"
_HIDDEN = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u115f\u1160\u180e\u200b\u2028\u2029\u2060"
    "\u202a-\u202e\u2066-\u2069\u3164\ufeff\uffa0\ufff9-\ufffb\ufffe\uffff"
    "\U0001bca0-\U0001bca3]"
    f"|(?<![{_JOINING}])\u200c|\u200c(?![{_JOINING}])"
    f"|(?<![{_JOINING}{_EMOJI}\ufe0f])\u200d|\u200d(?![{_JOINING}{_EMOJI}])")
_NAMES = {0x200B: "a zero-width space", 0x200C: "a zero-width non-joiner",
          0x200D: "a zero-width joiner", 0x2060: "a word joiner",
          0x180E: "a Mongolian vowel separator", 0x2028: "a line separator",
          0x2029: "a paragraph separator", 0x3164: "a Hangul filler (a blank-looking letter)",
          0x115F: "a Hangul filler (a blank-looking letter)",
          0x1160: "a Hangul filler (a blank-looking letter)",
          0xFFA0: "a Hangul filler (a blank-looking letter)",
          0x0B: "a line break from Word (Shift+Enter)", 0x0C: "a page break"}
# Spaces that look like spaces but are not to YAML: a no-break space where YAML needs a
# space breaks the structure; inside text it is only a space (Word puts them after colons).
_NO_BREAK = {"\u00a0": "a no-break space (U+00A0)", "\u202f": "a narrow no-break space (U+202F)"}
# A `key: value` line (after any list dash): lines indented past its key continue the value.
_KEY_AND_VALUE = re.compile("^[ \u00a0\u202f]*(?:-[ \u00a0\u202f]+)*[^\\s#'\"{\\[,][^:#]*?:"
                            "[ \u00a0\u202f]+\\S")
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


def position(text: str, index: int) -> Position:
    """The 1-based line and column of `text[index]`."""
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1


def format_key(key: KeyPath) -> str:
    """('channels', 2, 'url') -> 'channels[2].url'."""
    text = ""
    for part in key:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def load_profile(path: Path, display: str | None = None) -> SourceDoc:
    """Read and compose `path`; raise ProfileError with every problem found."""
    shown = display or str(path)
    return load_profile_bytes(_read_bytes(path, shown), path, shown)


def load_profile_bytes(raw: bytes, path: Path, display: str | None = None) -> SourceDoc:
    """Compose a profile's bytes as if read from `path` (the editor checks a change before
    it writes it); raise ProfileError with every problem found."""
    shown = display or str(path)
    if len(raw) > MAX_BYTES:
        raise _fail(shown, f"is larger than {MAX_BYTES // 1024} KiB", "a profile is a few KiB")
    text = _decode(raw, shown)
    root = _compose(text, shown)
    if root is None:
        raise _fail(shown, "has only comments and no settings",
                    "run `policy-pack new` for a starter profile")
    builder = _Builder(shown, text.split("\n"))
    data = builder.build(root, (), 0)
    if builder.problems:
        raise ProfileError(builder.problems)
    return SourceDoc(path, shown, data, hashlib.sha256(raw).hexdigest(), builder.positions,
                     builder.key_positions, builder.typed, text)


def _fail(shown: str, message: str, hint: str = "", line: int = 1, column: int = 1) -> ProfileError:
    return ProfileError([Problem(shown, line, column, "", message, hint)])


def _read_bytes(path: Path, shown: str) -> bytes:
    try:
        return read_regular_file(path, MAX_BYTES)
    except FileNotFoundError:
        raise _fail(shown, "no such file", "check the path and the file name") from None
    except NotRegular as exc:
        raise _fail(shown, f"is {exc.kind}, not a profile file",
                    "give the path of a .yaml file") from None
    except TooLarge:
        raise _fail(shown, f"is larger than {MAX_BYTES // 1024} KiB",
                    "a profile is a few KiB") from None
    except OSError as exc:
        raise _fail(shown, f"cannot be read: {exc.strerror}") from None


def _decode(raw: bytes, shown: str) -> str:
    """The file's text: UTF-8 (with or without a byte order mark) or UTF-16 with one (what
    Notepad calls "Unicode"), its Windows (CRLF) or old Mac (CR) line endings made \\n."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = _utf16(raw, shown)
    elif raw.count(b"\x00") > len(raw) // 4:  # every other byte zero: UTF-16 with no mark
        raise _fail(shown, "is saved as UTF-16 (what Notepad calls \"Unicode\") without the "
                    "mark that says so", "save the file again, choosing the encoding UTF-8")
    else:
        text = _utf8(raw.removeprefix(b"\xef\xbb\xbf"), shown)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise _fail(shown, "is empty", "run `policy-pack new` for a starter profile")
    hidden = _at_most([_hidden_problem(shown, text, m.start()) for m in _HIDDEN.finditer(text)],
                      "invisible characters", HIDDEN_HINT)
    hidden += _misplaced_no_break_spaces(shown, text)
    if hidden:
        raise ProfileError(hidden)
    return text


def _utf8(raw: bytes, shown: str) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    problems = []
    for number, line in enumerate(raw.split(b"\n"), 1):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError as exc:
            # Saved by a Windows program as Windows-1252 ("ANSI"): Word's curly quotes and
            # dashes, accented letters. The line as it reads there is the line to write.
            column = len(line[:exc.start].decode("utf-8")) + 1
            problems.append(Problem(shown, number, column, "", "is not UTF-8 text",
                                    "save the file as UTF-8 in your editor",
                                    fix=line.decode("cp1252", "replace").rstrip("\r")))
    raise ProfileError(_at_most(problems, "lines that are not UTF-8 text",
                                "save the file as UTF-8 in your editor"))


def _utf16(raw: bytes, shown: str) -> str:
    try:
        return raw.decode("utf-16")  # the byte order mark says which byte comes first
    except UnicodeDecodeError:
        raise _fail(shown, "starts like UTF-16 (Notepad's \"Unicode\") but is not readable as "
                    "it", "save the file again, choosing the encoding UTF-8") from None


def invisible_character(text: str) -> str:
    """What the first character of `text` that changes how it displays without showing
    itself is ("the invisible character U+202E ..."), as a profile's value is refused for
    it; "" when it has none. A translation is held to the same rule."""
    hidden = _HIDDEN.search(text)
    return _invisible(hidden.group()) if hidden else ""


def _hidden_problem(shown: str, text: str, index: int) -> Problem:
    line, column = position(text, index)
    start = text.rfind("\n", 0, index) + 1
    end = text.find("\n", index)
    written = text[start: end if end >= 0 else len(text)]
    return Problem(shown, line, column, "", _invisible(text[index]), HIDDEN_HINT,
                   fix=_HIDDEN.sub("", written))


def _invisible(char: str) -> str:
    """The message for an invisible character, named where it has a plain name."""
    code = ord(char)
    if code in _NAMES:
        return f"contains {_NAMES[code]}, an invisible character (U+{code:04X})"
    return f"contains the invisible character U+{code:04X}"


def _misplaced_no_break_spaces(shown: str, text: str) -> list[Problem]:
    """No-break spaces where YAML needs an ordinary one: in the indentation, right after a
    key's colon or a list's dash, or after a { or a comma between keys. (Inside text they
    are harmless: they become spaces.)"""
    problems = []
    text_beyond: int | None = None  # lines indented past this column continue a value
    for number, line in enumerate(text.split("\n"), 1):
        indent = len(line) - len(line.lstrip(" "))
        if text_beyond is not None and (not line.strip() or indent > text_beyond):
            continue  # a line of a value's text (a `|` block, or a value that runs on)
        text_beyond = None
        code = line.split(" #", 1)[0]
        if code.lstrip().startswith("#"):
            continue
        bad = _structural_no_break(code)
        if bad is not None:
            problems.append(Problem(
                shown, number, bad + 1, "", f"has {_NO_BREAK[code[bad]]} where YAML needs an "
                "ordinary space", "retype that space: text pasted from Word often carries "
                "no-break spaces", fix=_ordinary_spaces(line)))
        has_value = _KEY_AND_VALUE.match(code)
        if has_value:
            text_beyond = len(code) - len(code.lstrip(" -\u00a0\u202f"))
    return _at_most(problems, "no-break spaces where YAML needs an ordinary space",
                    "replace them all: search for the no-break space (U+00A0) with your "
                    "editor's Find and Replace")


def _ordinary_spaces(line: str) -> str:
    for space in _NO_BREAK:
        line = line.replace(space, " ")
    return line


def _at_most(problems: list[Problem], what: str, hint: str, shown_first: int = 5
             ) -> list[Problem]:
    """The first few problems of one kind, and one line for the rest: a file pasted whole
    from Word must not bury its writer under a hundred identical lines."""
    if len(problems) <= shown_first + 1:
        return problems
    rest = problems[shown_first]
    return [*problems[:shown_first], Problem(
        rest.path, rest.line, rest.column, "", f"has {len(problems) - shown_first} more {what}, "
        "from this line on", hint)]


def _structural_no_break(code: str) -> int | None:
    """The index of a no-break space in this line's indentation, right after a list dash
    or a key's colon, or after a { or a comma in a {key: value, ...} line; else None."""
    spaces = " " + "".join(_NO_BREAK)
    at = len(code) - len(code.lstrip(spaces))
    if any(ch in _NO_BREAK for ch in code[:at]):
        return next(i for i, ch in enumerate(code[:at]) if ch in _NO_BREAK)
    while code[at:at + 1] == "-" and code[at + 1:at + 2] and code[at + 1] in spaces:
        if code[at + 1] in _NO_BREAK:
            return at + 1
        at = len(code) - len(code[at + 1:].lstrip(" "))
    key = re.compile(r"[^\s#'\"{\[,][^:#]*?:(?=[\u00a0\u202f])").match(code, at)
    if key:
        return key.end()
    brace = code.find("{", at)
    if brace < 0:
        return None
    flow = re.compile(r"[{,] *(?:[^\s#'\"{\[,:][^:#,{}]*?:)?[\u00a0\u202f]").search(code, brace)
    return flow.end() - 1 if flow else None


def _compose(text: str, shown: str) -> Node | None:
    read = tabs_as_spaces(text)
    try:
        return YAML(typ="safe", pure=True).compose(  # type: ignore[no-any-return]
            io.StringIO(read))
    except MarkedYAMLError as exc:
        raise ProfileError([explain_yaml_error(exc, read, shown)]) from None
    except YAMLError:
        raise _fail(shown, "is not valid YAML",
                    "check the indentation and quotes on the lines near the end") from None
    except RecursionError:  # [[[[...]]]] thousands deep: the parser recurses per level
        raise _fail(shown, f"is nested more than {MAX_DEPTH} levels deep",
                    "a profile's keys are at most four levels deep") from None


# Where a line's content starts: after its indentation and any list dashes.
_LEAD = re.compile(r"[ \t]*(?:-[ \t]+)*")
# A line opening a `|` or `>` block of text, whose lines below are the text as written.
_BLOCK_OPENS = re.compile(r"(?::|^[ \t]*-)[ \t]+[|>][-+0-9]*[ \t]*(?:#.*)?$")


def tabs_as_spaces(text: str) -> str:
    """`text` with every tab between words made a space, in one pass: YAML allows a tab
    between words and after a colon (ruamel.yaml does not), and that is how it reads, as
    a space. Tabs in the indentation stay, for the parser to refuse (a tab has no width YAML
    knows), and so do those that are text: inside quotes and in a `|` or `>` block."""
    if "\t" not in text:
        return text
    lines = text.split("\n")
    block: int | None = None  # inside a block of text: the indentation of its key's line
    quote = ""  # the quote a value opened and has not closed yet
    for number, line in enumerate(lines):
        indent = len(line) - len(line.lstrip(" "))
        if not quote and block is not None and (not line.strip(" \t") or indent > block):
            continue
        start = 0 if quote else _LEAD.match(line).end()  # type: ignore[union-attr]
        lines[number], quote = _line_tabs_as_spaces(line, start, quote)
        block = indent if not quote and _BLOCK_OPENS.search(line) else None
    return "\n".join(lines)


def _line_tabs_as_spaces(line: str, start: int, quote: str) -> tuple[str, str]:
    """The line with its tabs from `start` on made spaces, outside quotes and comments, and
    the quote still open at its end ("" for none)."""
    chars = list(line)
    at = start
    while at < len(chars):
        char = chars[at]
        if quote:
            if quote == '"' and char == "\\":
                at += 1  # an escaped character, perhaps the quote itself
            elif char == quote and quote == "'" and line[at + 1:at + 2] == "'":
                at += 1  # '' is an apostrophe inside single quotes
            elif char == quote:
                quote = ""
        elif char in "'\"" and (line[start:at].strip(" \t") == ""
                                 or line[:at].rstrip(" \t")[-1:] in (":", "[", "{", ",")):
            quote = char
        elif char == "#" and (at == 0 or line[at - 1] in " \t"):
            break  # a comment: its tabs are nobody's business
        elif char == "\t":
            chars[at] = " "
        at += 1
    return "".join(chars), quote


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
        if isinstance(value, str) and (hidden := _HIDDEN.search(value)):
            # Written as an escape in double quotes ("\\u200b"), so unseen in the raw text.
            self._problem(node, key, _invisible(hidden.group()), HIDDEN_HINT)
            return None
        if isinstance(value, str):
            for space in _NO_BREAK:
                value = value.replace(space, " ")
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
            if _HIDDEN.search(name):
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
