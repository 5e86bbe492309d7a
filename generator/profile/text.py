"""A profile file's bytes made text: the checks before any YAML is read.

Only a regular file of at most MAX_BYTES is read; it is decoded as UTF-8 (with or without a
byte order mark) or marked UTF-16, with a Windows-1252 line shown as it reads there; line
endings become \\n. Text that hides what it says is refused, each with its line and column:
invisible characters, and no-break spaces where YAML needs an ordinary space. For the YAML
composer, tabs_as_spaces reads a tab between words as the space YAML means.
"""

from __future__ import annotations

import re
from pathlib import Path

from generator.errors import Problem, ProfileError
from generator.profile.regular_file import NotRegular, TooLarge, read_regular_file

MAX_BYTES = 256 * 1024  # a real profile is a few kilobytes

Position = tuple[int, int]  # 1-based line and column

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


def position(text: str, index: int) -> Position:
    """The 1-based line and column of `text[index]`."""
    return text.count("\n", 0, index) + 1, index - (text.rfind("\n", 0, index) + 1) + 1


def file_error(shown: str, message: str, hint: str = "") -> ProfileError:
    """An error about the file as a whole, shown at its first line."""
    return ProfileError([Problem(shown, 1, 1, "", message, hint)])


def read_bytes(path: Path, shown: str) -> bytes:
    """The bytes of the regular file at `path`, at most MAX_BYTES; else ProfileError."""
    try:
        return read_regular_file(path, MAX_BYTES)
    except FileNotFoundError:
        raise file_error(shown, "no such file", "check the path and the file name") from None
    except NotRegular as exc:
        raise file_error(shown, f"is {exc.kind}, not a profile file",
                         "give the path of a .yaml file") from None
    except TooLarge:
        raise file_error(shown, f"is larger than {MAX_BYTES // 1024} KiB",
                         "a profile is a few KiB") from None
    except OSError as exc:
        raise file_error(shown, f"cannot be read: {exc.strerror}") from None


def profile_text(raw: bytes, shown: str) -> str:
    """The text of a profile's bytes, checked (see the module's docstring); else
    ProfileError with every problem of the first kind found."""
    if len(raw) > MAX_BYTES:
        raise file_error(shown, f"is larger than {MAX_BYTES // 1024} KiB",
                         "a profile is a few KiB")
    return _decode(raw, shown)


def _decode(raw: bytes, shown: str) -> str:
    """The file's text: UTF-8 (with or without a byte order mark) or UTF-16 with one (what
    Notepad calls "Unicode"), its Windows (CRLF) or old Mac (CR) line endings made \\n."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = _utf16(raw, shown)
    elif raw.count(b"\x00") > len(raw) // 4:  # every other byte zero: UTF-16 with no mark
        raise file_error(shown, "is saved as UTF-16 (what Notepad calls \"Unicode\") without "
                         "the mark that says so",
                         "save the file again, choosing the encoding UTF-8")
    else:
        text = _utf8(raw.removeprefix(b"\xef\xbb\xbf"), shown)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise file_error(shown, "is empty", "run `policy-pack new` for a starter profile")
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
        raise file_error(shown, "starts like UTF-16 (Notepad's \"Unicode\") but is not "
                         "readable as it", "save the file again, choosing the encoding UTF-8"
                         ) from None


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
                "no-break spaces", fix=ordinary_spaces(line)))
        has_value = _KEY_AND_VALUE.match(code)
        if has_value:
            text_beyond = len(code) - len(code.lstrip(" -\u00a0\u202f"))
    return _at_most(problems, "no-break spaces where YAML needs an ordinary space",
                    "replace them all: search for the no-break space (U+00A0) with your "
                    "editor's Find and Replace")


def ordinary_spaces(line: str) -> str:
    """`line` with its no-break spaces made ordinary ones."""
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
