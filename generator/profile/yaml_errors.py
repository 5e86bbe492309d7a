"""The YAML parser's complaints in plain words, at the line that needs the fix.

ruamel.yaml says "expected <block end>, but found '<block mapping start>'"; the people who
write profiles are HR and communications officers, so each kind of mistake is named in
their words, with a hint built from what they typed (the quoted form of their own value,
the key to line up with). Anything not recognised gets a plain message too: no parser
jargon ever reaches the user.
"""

from __future__ import annotations

import re

from ruamel.yaml.error import MarkedYAMLError

from generator.errors import Problem

_KEY_VALUE = re.compile(r"^(?P<lead>\s*(?:-\s+)?)(?P<key>[^\s#'\"{\[][^:#]*?):\s+(?P<value>.*)$")
_BLOCK_END = "expected <block end>"
_QUOTE_NAMES = {"'": "single quote", '"': "double quote"}


def explain_yaml_error(exc: MarkedYAMLError, text: str, shown: str) -> Problem:
    """One plain-words problem for the first thing the parser could not read."""
    lines = text.split("\n")
    problem = str(exc.problem or "")
    context = str(exc.context or "")
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else 1
    column = mark.column + 1 if mark else 1
    opened = _unclosed_quote(lines, line)
    if opened is not None:  # everything after it was read as part of the quoted text
        return Problem(shown, *opened, "", "has a quotation mark that is never closed",
                       "end the value with the same kind of quote it starts with")
    if "another document" in problem:
        return Problem(shown, line, column, "", "holds more than one YAML document",
                       "a line with --- starts a second profile; keep one profile per file")
    if "mapping values are not allowed" in problem:
        return _colon(shown, lines, line, column)
    if "'\\t'" in problem:
        return Problem(shown, line, column, "", "has a tab, which YAML does not allow here",
                       "indent with spaces, not tabs")
    if "cannot start any token" in problem:
        return _bad_start(shown, lines, line, column, problem)
    if "quoted scalar" in context and "end of stream" in problem:
        start = exc.context_mark
        at = (start.line + 1, start.column + 1) if start else (line, column)
        return Problem(shown, *at, "", "has a quotation mark that is never closed",
                       "end the text with the same kind of quote it starts with")
    if "escape character" in problem:
        return Problem(shown, line, column, "", "has a backslash (\\) that YAML reads as a "
                       "special character inside double quotes",
                       "use single quotes around this value, or write \\\\ for a backslash")
    if "flow sequence" in context or "flow mapping" in context:
        start = exc.context_mark
        at = (start.line + 1, start.column + 1) if start else (line, column)
        bracket, close = ("[", "]") if "sequence" in context else ("{", "}")
        return Problem(shown, *at, "", f"opens a `{bracket}` that is never closed",
                       f"end it with `{close}` on the same line, or write the entries one "
                       "per line instead")
    if "undefined alias" in problem:
        return Problem(shown, line, column, "", "uses a *name (an alias) that no &name "
                       "(an anchor) defines before it", "write the value out in full")
    if _BLOCK_END in problem and "<scalar>" in problem:
        return _text_after_value(shown, lines, line, column)
    if "could not find expected ':'" in problem and exc.context_mark:
        start = exc.context_mark.line + 1
        return Problem(shown, start, _indent(lines[start - 1]) + 1, "", "is a line of text "
                       "where a `key: value` line is expected", "write it as `key: value`, or "
                       "indent it further to continue the text on the line above")
    if _BLOCK_END in problem or "could not find expected ':'" in problem:
        return _misaligned(shown, lines, line)
    return Problem(shown, line, column, "", "is not valid YAML here",
                   "check the indentation and quotes on this line and the one before")


def _colon(shown: str, lines: list[str], line: int, column: int) -> Problem:
    """A `: ` where YAML expects none: a line indented too far (it continues the value above
    and then meets its own colon), or a colon inside a value that needs quotes."""
    here = lines[line - 1] if line <= len(lines) else ""
    above = _previous_code_line(lines, line)
    indent = _indent(here)
    if above is not None and indent > _key_column(above) and not above.rstrip().endswith(":"):
        key = here.strip().split(":", 1)[0]
        above_key = above.strip().lstrip("- ").split(":", 1)[0]
        return Problem(shown, line, indent + 1, "", "is indented further than the line above",
                       f"keys of one block start in the same column: move `{key}:` left to "
                       f"line up with `{above_key}:`")
    found = _KEY_VALUE.match(here)
    if found:
        quoted = _quoted(found.group("value").rstrip())
        return Problem(shown, line, column, "", "has a colon followed by a space inside a "
                       "value", f"put the value in quotes: {found.group('key')}: {quoted}")
    return Problem(shown, line, column, "", "has a colon followed by a space where YAML "
                   "does not expect one", "put the value in quotes")


def _text_after_value(shown: str, lines: list[str], line: int, column: int) -> Problem:
    """More text after a value that ended early: a quote inside quotes ('Children's'), or
    a value starting with [ or { (which YAML reads as a list or a set of keys)."""
    here = lines[line - 1] if line <= len(lines) else ""
    found = _KEY_VALUE.match(here)
    if not found:
        return Problem(shown, line, column, "", "has more text after a value that has ended",
                       "put the whole value in quotes")
    key, value = found.group("key"), found.group("value").rstrip()
    start = value[:1]
    if start in "'\"":
        inner = value[1:-1] if value[-1:] == start else value[1:]
        other = '"' if start == "'" else "'"
        return Problem(shown, line, column, "", f"has a {_QUOTE_NAMES[start]} inside a value "
                       f"that is itself in {_QUOTE_NAMES[start]}s, so the value ends there",
                       f"use the other kind of quotes around it: {key}: {other}{inner}{other}")
    if start in "[{":
        what = "a list" if start == "[" else "a set of keys"
        return Problem(shown, line, column, "", f"has a value that starts with {start}, which "
                       f"YAML reads as {what}", f"put the value in quotes: {key}: "
                       f"{_quoted(value)}")
    return Problem(shown, line, column, "", "has more text after a value that has ended",
                   f"put the value in quotes: {key}: {_quoted(value)}")


def _bad_start(shown: str, lines: list[str], line: int, column: int, problem: str) -> Problem:
    """A value starting with a character YAML reserves (@, `, %): it needs quotes."""
    char = problem.split("'")[1] if problem.count("'") >= 2 else "?"
    here = lines[line - 1] if line <= len(lines) else ""
    found = _KEY_VALUE.match(here)
    hint = (f"put the value in quotes: {found.group('key')}: "
            f"{_quoted(found.group('value').rstrip())}" if found else "put the value in quotes")
    return Problem(shown, line, column, "", f"has a value that starts with {char}, which "
                   "YAML only allows inside quotes", hint)


def _misaligned(shown: str, lines: list[str], line: int) -> Problem:
    here = lines[line - 1] if line <= len(lines) else ""
    return Problem(shown, line, _indent(here) + 1, "", "does not line up with the lines "
                   "around it", "keys of one block start in the same column, each written "
                   "`key: value`; check the spaces at the start of this line and the one above")


def _unclosed_quote(lines: list[str], last: int) -> tuple[int, int] | None:
    """The first `key: "value` line, up to line `last`, whose quote is not closed on it.
    (A profile's quoted values fit on one line; a quote left open swallows the lines after
    it, and the parser only notices further on.)"""
    block: int | None = None  # inside a `|` or `>` block of text: its key's indentation
    for number, text in enumerate(lines[:last], 1):
        if block is not None and (not text.strip() or _indent(text) > block):
            continue
        block = _indent(text) if re.search(r":\s+[|>][-+0-9]*\s*$", text) else None
        found = _KEY_VALUE.match(text)
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
        found = _KEY_VALUE.match(text)
        if found and found.group("value").startswith(quote):
            return True
        if quote in text:
            return False  # the quoted value closes here, as it was meant to
    return False


def _previous_code_line(lines: list[str], line: int) -> str | None:
    for text in reversed(lines[: line - 1]):
        if text.strip() and not text.lstrip().startswith("#"):
            return text
    return None


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip(" "))


def _key_column(text: str) -> int:
    """Where the line's key starts: after its indentation and any list dash."""
    found = re.match(r"^\s*(?:-\s+)*", text)
    return found.end() if found else 0


def _quoted(value: str) -> str:
    """The value as the person typed it, in the quotes that need no escaping."""
    if '"' not in value:
        return f'"{value}"'
    if "'" not in value:
        return f"'{value}'"
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
