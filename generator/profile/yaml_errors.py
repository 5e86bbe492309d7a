"""The YAML parser's complaints in plain words, at the line that needs the fix.

ruamel.yaml says "expected <block end>, but found '<block mapping start>'"; the people who
write profiles are HR and communications officers, so each kind of mistake is named in
their words, with a hint built from what they typed (the quoted form of their own value,
the key to line up with). Anything not recognised gets a plain message too: no parser
jargon ever reaches the user.

The parser notices a mistake where it can no longer go on, often a line after it (a key
with no space after its colon is read as text that runs on to the next key). So the line
at fault is found first, and each hint carries its corrected line (`Problem.fix`), which
is tried before it is given: advice whose line would still fail there is not given.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from generator.errors import Problem
from generator.profile.line_fixes import (
    KEY_VALUE,
    SQUEEZED,
    as_written,
    fixed_line,
    key_line,
    quoted,
    shown,
    split_comment,
    word_bullet,
)

_BLOCK_END = "expected <block end>"
_QUOTE_NAMES = {"'": "single quote", '"': "double quote"}
_RESERVED = {"@": "@", "`": "a backtick (`)", "%": "%", "*": "*", "|": "|", ">": ">",
             "-": "- ", "?": "? "}
_SAME_COLUMN = {False: "keys of one block start in the same column",
                True: "the items of one list start in the same column"}
Handler = Callable[["_Fault"], Problem | None]


class _Fault:
    """What the parser said, where, and the file's lines."""

    def __init__(self, exc: MarkedYAMLError, text: str, shown_as: str, trying: bool) -> None:
        self.trying = trying  # False while trying a fix: no fix of a fix is tried
        self.lines = text.split("\n")
        self.shown = shown_as
        self.problem = str(exc.problem or "")
        self.context = str(exc.context or "")
        mark = exc.problem_mark or exc.context_mark
        self.line = mark.line + 1 if mark else 1
        self.column = mark.column + 1 if mark else 1
        start = exc.context_mark
        self.start = (start.line + 1, start.column + 1) if start else (self.line, self.column)

    def text(self, line: int) -> str:
        return self.lines[line - 1] if 0 < line <= len(self.lines) else ""

    def at(self, line: int, column: int, message: str, hint: str,
           fix: str | None = None) -> Problem:
        return Problem(self.shown, line, column, "", message, hint, fix=fix)

    def works(self, line: int, fixed: str) -> bool:
        """Whether the file, with `line` written as `fixed`, reads past that line."""
        if not self.trying:
            return True
        lines = [*self.lines[: line - 1], fixed, *self.lines[line:]]
        try:
            YAML(typ="safe", pure=True).compose(io.StringIO("\n".join(lines)))
        except MarkedYAMLError as exc:
            again = explain_yaml_error(exc, "\n".join(lines), self.shown, tried=False)
            return again.line > line
        except YAMLError:
            return False
        return True


def explain_yaml_error(exc: MarkedYAMLError, text: str, shown_as: str, *,
                       tried: bool = True) -> Problem:
    """One plain-words problem for the first thing the parser could not read. With
    `tried`, a corrected line is kept only if the file then reads past it."""
    fault = _Fault(exc, text, shown_as, tried)
    for handler in _HANDLERS:
        found = handler(fault)
        if found is not None:
            if found.fix is not None and not fault.works(found.line, found.fix):
                return Problem(found.path, found.line, found.column, "", found.message,
                               "check the spaces and quotes on this line")
            return found
    return fault.at(fault.line, fault.column, "is not valid YAML here",
                    "check the indentation and quotes on this line and the one before")


def _unclosed(fault: _Fault) -> Problem | None:
    opened = _unclosed_quote(fault.lines, fault.line)
    if opened is None:  # everything after it was read as part of the quoted text
        return None
    line, column = opened
    found = KEY_VALUE.match(fault.text(line))
    assert found is not None
    value = found.group("value").rstrip()
    quote, inner = value[0], value[1:]
    closed = f"{quote}{inner}{quote}" if quote not in inner else quoted(inner)
    return fault.at(line, column, "has a quotation mark that is never closed",
                    "end the value with the same kind of quote it starts with",
                    f"{found.group('lead')}{found.group('key')}: {closed}")


def _squeezed(fault: _Fault) -> Problem | None:
    """`name:Waterways`: with no space after the colon it is not a key but text, which runs
    on to the next line; the parser stops there, so look at this line and the one above."""
    for line in (fault.line, _previous_code_line(fault.lines, fault.line)):
        found = SQUEEZED.match(fault.text(line)) if line else None
        if found and line:
            value, comment = split_comment(found.group("value"))
            fixed = f"{found.group('lead')}{found.group('key')}: " \
                    f"{as_written(found.group('key'), value)}{comment}"
            return fault.at(line, len(found.group("lead")) + 1,
                            f"has no space after the colon of `{found.group('key')}:`",
                            f"put a space after the colon: `{shown(fixed)}`", fixed)
    return None


def _word_bullet(fault: _Fault) -> Problem | None:
    """A list entry pasted from Word: an en dash (or a bullet) is not YAML's list mark, so the
    entry is read as a key and the lines under it no longer fit."""
    for line in (fault.line, _previous_code_line(fault.lines, fault.line)):
        found = word_bullet(fault.text(line)) if line else None
        if found is not None and line:
            return fault.at(line, found[0] + 1, found[1], found[2], found[3])
    return None


def _dash_squeezed(fault: _Fault) -> Problem | None:
    """`-platform: LinkedIn`: with no space after the dash it is not a list entry but a key
    named `-platform`, and the entry's next line no longer fits."""
    for line in (fault.line, _previous_code_line(fault.lines, fault.line)):
        found = re.match(r"^(?P<lead> *)-(?P<rest>[a-z_][a-z0-9_]*:(?:\s.*)?)$",
                         fault.text(line or 0))
        if found and line:
            fixed = f"{found.group('lead')}- {found.group('rest')}"
            return fault.at(line, len(found.group("lead")) + 1, "has no space after the "
                            "dash that starts a list entry", f"put a space after the dash: "
                            f"`{fixed.strip()}`", fixed)
    return None


def _block_line(fault: _Fault) -> Problem | None:
    """A line of a `|` or `>` block of text indented less than the lines above it, but
    more than its key: YAML ends the block there and reads the line as more text after
    it. Quoting would not help; lining it up does."""
    here = fault.text(fault.line)
    if re.match(r"\s*(?:-\s+)?[a-z_][a-z0-9_]*:(\s|$)", here):
        return None  # a key out of line after the block (_misaligned's business)
    indent = _indent(here)
    content: int | None = None  # the indentation of the block's lines
    for number in range(fault.line - 1, 0, -1):
        text = fault.text(number)
        if not text.strip():
            continue
        if re.search(r"(?::|^\s*-)\s+[|>][-+0-9]*\s*(?:#.*)?$", text):
            # Lined up short of the block, even left of its key ("one space instead of
            # four", as a user trial typed): not a key, so it can only be the block's text.
            if content is None or not (indent < content and _indent(text) < content):
                return None  # not below a block: a line between is no deeper than its key
            fixed = " " * content + here.lstrip(" ")
            return fault.at(fault.line, indent + 1, "is a line of the block of text above "
                            "it, but indented less than its other lines", f"indent it by "
                            f"{content} spaces, to line up with the block's lines above",
                            fixed)
        if _indent(text) <= indent:
            return None
        content = _indent(text) if content is None else min(content, _indent(text))
    return None


def _documents(fault: _Fault) -> Problem | None:
    if "another document" not in fault.problem:
        return None
    return fault.at(fault.line, fault.column, "holds more than one YAML document",
                    "a line with --- starts a second profile; keep one profile per file")


def _tab(fault: _Fault) -> Problem | None:
    """A tab YAML refuses: in the indentation (load reads a tab anywhere else as a space)."""
    if "'\\t'" not in fault.problem:
        return None
    here = fault.text(fault.line)
    content = here.lstrip(" \t")
    if fault.column > len(here) - len(content):  # inside the line: say where, not "indent"
        fixed = here[: fault.column - 1] + " " + here[fault.column:]
        return fault.at(fault.line, fault.column, "has a tab, which YAML does not allow here",
                        "replace the tab with a space", fixed)
    for indent, _ in _indents_above(fault.lines, fault.line):
        fixed = " " * indent + content
        if fault.works(fault.line, fixed):
            return fault.at(fault.line, fault.column, "has a tab, which YAML does not allow "
                            "here", "indent with spaces, not tabs", fixed)
    return fault.at(fault.line, fault.column, "has a tab, which YAML does not allow here",
                    "indent with spaces, not tabs")


def _colon(fault: _Fault) -> Problem | None:
    """A `: ` where YAML expects none: a line indented too far (it continues the value above
    and then meets its own colon), or a colon inside a value that needs quotes."""
    if "mapping values are not allowed" not in fault.problem:
        return None
    here = fault.text(fault.line)
    above_line = _previous_code_line(fault.lines, fault.line)
    above = fault.text(above_line) if above_line else None
    indent = _indent(here)
    if above is not None and indent > _key_column(above) and not above.rstrip().endswith(":"):
        key = here.strip().split(":", 1)[0]
        above_key = above.strip().lstrip("- ").split(":", 1)[0]
        return fault.at(fault.line, indent + 1, "is indented further than the line above",
                        f"keys of one block start in the same column: move `{key}:` left to "
                        f"line up with `{above_key}:`", " " * _key_column(above) + here.lstrip())
    fixed = fixed_line(here, quote=True)
    if fixed is not None:
        return fault.at(fault.line, fault.column, "has a colon followed by a space inside a "
                        "value", f"put the value in quotes: {shown(fixed)}", fixed)
    return fault.at(fault.line, fault.column, "has a colon followed by a space where YAML "
                    "does not expect one", "put the value in quotes")


def _bad_start(fault: _Fault) -> Problem | None:
    """A value starting with a character YAML reserves (@, `, %, *, |, - ...): it needs
    quotes to be read as text."""
    found = KEY_VALUE.match(fault.text(fault.line))
    value = found.group("value").rstrip() if found else ""
    alias = "undefined alias" in fault.problem
    starts_badly = re.match(r"[@`%*]|[|>][-+0-9]*\s+[^#\s]|[-?]\s", value) is not None
    if not ("cannot start any token" in fault.problem or alias or starts_badly):
        return None
    if alias and not (found and value.startswith("*")):
        return fault.at(fault.line, fault.column, "uses a *name (an alias) that no &name "
                        "(an anchor) defines before it", "write the value out in full")
    if not found:
        return fault.at(fault.line, fault.column, "has a value that starts with a character "
                        "YAML only allows inside quotes", "put the value in quotes")
    written, comment = split_comment(found.group("value"))
    fixed = key_line(found.group("lead"), found.group("key"), written, comment, quote=True)
    char = value[:1]
    what = {"*": ", which YAML reads as the name of another value",
            "|": " and text after it, which YAML only allows on the lines below",
            ">": " and text after it, which YAML only allows on the lines below",
            "-": ", which YAML reads as a list", "?": ", which YAML reads as a key"}.get(
                char, ", which YAML only allows inside quotes")
    return fault.at(fault.line, found.start("value") + 1,
                    f"has a value that starts with {_RESERVED.get(char, char).strip()}{what}",
                    f"put the value in quotes: {shown(fixed)}", fixed)


def _quoted_scalar(fault: _Fault) -> Problem | None:
    if not ("quoted scalar" in fault.context and "end of stream" in fault.problem):
        return None
    return fault.at(*fault.start, "has a quotation mark that is never closed",
                    "end the text with the same kind of quote it starts with")


def _escape(fault: _Fault) -> Problem | None:
    if "escape character" not in fault.problem:
        return None
    found = KEY_VALUE.match(fault.text(fault.line))
    fix = None
    if found and found.group("value").startswith('"'):
        inner = found.group("value").rstrip()[1:-1]
        single = f"'{inner}'" if "'" not in inner else '"' + inner.replace("\\", "\\\\") + '"'
        fix = f"{found.group('lead')}{found.group('key')}: {single}"
    return fault.at(fault.line, fault.column, "has a backslash (\\) that YAML reads as a "
                    "special character inside double quotes",
                    "use single quotes around this value, or write \\\\ for a backslash", fix)


def _flow(fault: _Fault) -> Problem | None:
    if "flow sequence" not in fault.context and "flow mapping" not in fault.context:
        return None
    bracket, close = ("[", "]") if "sequence" in fault.context else ("{", "}")
    opened = fault.text(fault.start[0]).rstrip()
    if f"expected ',' or '{close}'" in fault.problem and fault.line == fault.start[0] \
            and close in opened[fault.start[1]:]:
        return _comma(fault, opened, close)
    return fault.at(*fault.start, f"opens a `{bracket}` that is never closed",
                    f"end it with `{close}` on the same line, or write the entries one "
                    "per line instead", opened + close)


def _comma(fault: _Fault, opened: str, close: str) -> Problem:
    """`{file: logos/dwp.svg alt: "..."}`: the bracket is closed; a comma between two
    entries is missing, so YAML read them as one."""
    code, comment = split_comment(opened)
    start = fault.start[1]
    fixed = code[:start] + re.sub(r"(?<=[^\s,{\[])(\s+)(?=[\w-]+:\s)", r",\1",
                                  code[start:]) + comment
    hint = "separate the entries with a comma"
    if fixed != opened:
        hint += f": {shown(fixed)}"
    return fault.at(fault.line, fault.column, "has two entries with no comma between them",
                    hint, fixed if fixed != opened else None)


def _text_after(fault: _Fault) -> Problem | None:
    """More text after a value that ended early: a quote inside quotes ('Children's'), or
    a value starting with [ or { (which YAML reads as a list or a set of keys)."""
    if not (_BLOCK_END in fault.problem and "<scalar>" in fault.problem):
        return None
    found = KEY_VALUE.match(fault.text(fault.line))
    if not found:
        return fault.at(fault.line, fault.column, "has more text after a value that has "
                        "ended", "put the whole value in quotes")
    value, comment = _value_and_comment(found.group("value"))
    start = value[:1]
    ends_alike = len(value) > 1 and value[-1] == start
    inner = value[1:-1] if start in "'\"" and ends_alike else value
    fixed = key_line(found.group("lead"), found.group("key"), inner, comment, quote=True)
    if start in "'\"" and ends_alike:
        return fault.at(fault.line, fault.column, f"has a {_QUOTE_NAMES[start]} inside a "
                        f"value that is itself in {_QUOTE_NAMES[start]}s, so the value ends "
                        f"there", f"use the other kind of quotes around it: {shown(fixed)}",
                        fixed)
    if start in "'\"":
        return fault.at(fault.line, fault.column, f"has text after a value that starts with "
                        f"a {_QUOTE_NAMES[start]}: YAML reads the quotes as the whole value",
                        f"put the whole value in quotes: {shown(fixed)}", fixed)
    if start in "[{":
        what = "a list" if start == "[" else "a set of keys"
        return fault.at(fault.line, fault.column, f"has a value that starts with {start}, "
                        f"which YAML reads as {what}", f"put the value in quotes: "
                        f"{shown(fixed)}", fixed)
    return fault.at(fault.line, fault.column, "has more text after a value that has ended",
                    f"put the value in quotes: {shown(fixed)}", fixed)


def _loose_text(fault: _Fault) -> Problem | None:
    if not ("could not find expected ':'" in fault.problem and fault.start != (
            fault.line, fault.column)):
        return None
    start = fault.start[0]
    here = fault.text(start)
    above_line = _previous_code_line(fault.lines, start)
    above = KEY_VALUE.match(fault.text(above_line)) if above_line else None
    fix = " " * (_key_column(fault.text(above_line or 0)) + 2) + here.lstrip() \
        if above else None
    return fault.at(start, _indent(here) + 1, "is a line of text where a `key: value` line "
                    "is expected", "write it as `key: value`, or indent it further to "
                    "continue the text on the line above", fix)


def _misaligned(fault: _Fault) -> Problem | None:
    if _BLOCK_END not in fault.problem and "could not find expected ':'" not in fault.problem:
        return None
    here = fault.text(fault.line)
    for indent, other in _indents_above(fault.lines, fault.line):
        fixed = " " * indent + here.lstrip(" ")
        if indent != _indent(here) and fault.works(fault.line, fixed):
            return fault.at(fault.line, _indent(here) + 1, "does not line up with the lines "
                            "around it", f"{_SAME_COLUMN[here.lstrip().startswith('-')]}: "
                            f"move `{_first_word(here)}` to column {indent + 1}, in line with "
                            f"`{_first_word(fault.text(other)[indent:])}` on line {other}"
                            f"{_entry_too(fault, indent - _indent(here))}", fixed)
    return fault.at(fault.line, _indent(here) + 1, "does not line up with the lines "
                    "around it", "keys of one block start in the same column, each written "
                    "`key: value`; check the spaces at the start of this line and the one "
                    "above")


def _value_and_comment(value: str) -> tuple[str, str]:
    """A value that ended early and its comment: the `#` after a quoted value's end is the
    comment's, not the one inside the quotes (`'Children's' # team` has its comment last)."""
    found = re.search(r"\s+#[^'\"]*$", value)
    if found is None:
        return value.rstrip(), ""
    return value[: found.start()], value[found.start():].rstrip()


def _entry_too(fault: _Fault, shift: int) -> str:
    """For a list entry's first line moved, the words that say its other lines move too:
    moved alone, it would leave them out of line (the next fault)."""
    here = fault.text(fault.line)
    below = fault.text(fault.line + 1)
    if not here.lstrip().startswith("-") or _indent(below) != _key_column(here):
        return ""
    way = "left" if shift < 0 else "right"
    spaces = f"{abs(shift)} space" + ("" if abs(shift) == 1 else "s")
    return f", and the entry's other lines {spaces} {way} with it"


_HANDLERS: tuple[Handler, ...] = (
    _unclosed, _word_bullet, _dash_squeezed, _squeezed, _block_line, _documents, _tab,
    _colon, _bad_start, _quoted_scalar, _escape, _flow, _text_after, _loose_text, _misaligned)


def _first_word(text: str) -> str:
    """What a line starts with, as a hint names it: `- role:`, `email:`."""
    found = re.match(r"\s*((?:-\s+)?[^\s:]*:?)", text)
    return found.group(1) if found else text.strip()


def _indents_above(lines: list[str], line: int) -> Iterable[tuple[int, int]]:
    """Where the line could start, nearest first, and the line it would line up with:
    under each key and list dash above it, and one step in from a line opening a block."""
    seen: list[int] = []
    number = line
    while (number := _previous_code_line(lines, number) or 0) > 0:
        text = lines[number - 1]
        starts = [_indent(text), _key_column(text)]
        if text.rstrip().endswith(":"):
            starts.append(_key_column(text) + 2)
        for indent in sorted(starts, reverse=True):
            if indent not in seen:
                seen.append(indent)
                yield indent, number
        if _indent(text) == 0:
            return


def _unclosed_quote(lines: list[str], last: int) -> tuple[int, int] | None:
    """The first `key: "value` line, up to line `last`, whose quote is not closed on it.
    (A profile's quoted values fit on one line; a quote left open swallows the lines after
    it, and the parser only notices further on.)"""
    block: int | None = None  # inside a `|` or `>` block of text: its key's indentation
    for number, text in enumerate(lines[:last], 1):
        if block is not None and (not text.strip() or _indent(text) > block):
            continue
        block = _indent(text) if re.search(r":\s+[|>][-+0-9]*\s*$", text) else None
        found = KEY_VALUE.match(text)
        value = found.group("value") if found else ""
        quote = value[:1]
        unclosed = (quote == '"' and not re.search(r'(?<!\\)"', value[1:])) or \
            (quote == "'" and "'" not in value[1:].replace("''", ""))
        if found and unclosed and _swallowed(lines[number:last], quote):
            return number, found.start("value") + 1
    return None


def _swallowed(after: list[str], quote: str) -> bool:
    """Whether a later line opens a value with the same quote: the open quote ran on and
    took that one as its end (a quoted value that truly spans lines closes on its own)."""
    for text in after:
        found = KEY_VALUE.match(text)
        if found and found.group("value").startswith(quote):
            return True
        if quote in text:
            return False  # the quoted value closes here, as it was meant to
    return False


def _previous_code_line(lines: list[str], line: int) -> int | None:
    """The number of the nearest line above `line` that is neither blank nor a comment."""
    for number in range(line - 1, 0, -1):
        text = lines[number - 1]
        if text.strip() and not text.lstrip().startswith("#"):
            return number
    return None


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


def _key_column(text: str) -> int:
    """Where the line's key starts: after its indentation and any list dash."""
    found = re.match(r"^\s*(?:-\s+)*", text)
    return found.end() if found else 0
