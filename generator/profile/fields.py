"""Reading one field of a profile, with the advice for each kind of mistake in it.

The readers behind validation: text (with its quoting hint, Word's curly quotes and a
#hashtag YAML took for a comment), text in the Markdown subset, patterns, choices in any
letter case, dates. Each records its problems with the field's line and column and
returns a usable value (empty when the field is wrong), so one pass collects them all.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Mapping
from typing import TypeVar

from generator.errors import Problem
from generator.policy import MarkupError, link_problems, parse, unsupported_markup
from generator.profile.line_fixes import (
    KEY_VALUE,
    LOOK_ALIKES,
    SQUEEZED,
    as_written,
    key_line,
    plain_characters,
    quoted,
    shown,
    split_comment,
)
from generator.profile.load import KeyPath, SourceDoc, format_key

STARTER_MARK = "FILL IN"  # what `policy-pack new` writes where a person must write
_STARTER = re.compile(r"FILL[ -]IN")
SHORT = 200  # a name, a title, a role
LONG = 20_000  # a section's text
# Curly quotes as Word types them: double and single, and the German low-high pair.
_OPENING_QUOTES = "\u201c\u2018\u201e"
_CLOSING_QUOTES = "\u201d\u2019\u201c"
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
# A web address, as every link in a profile must be (a channel's, a related policy's).
WEB_ADDRESS = re.compile(r"^https?://[A-Za-z0-9.-]+(?::\d+)?(?:[/?#][^\s<>\"]*)?$")
_EMAIL = re.compile(r"^[^@\s<>\":/]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+$")

T = TypeVar("T")

# The words people write for yes and no, and the YAML value each means: YAML 1.2 reads
# only true and false as such, so `yes` is text that a check explains and the editor reads.
YES_NO_WORDS = {"yes": "true", "true": "true", "y": "true", "on": "true",
                "no": "false", "false": "false", "n": "false", "off": "false"}


class FieldReader:
    """Reads the fields of one loaded profile, collecting every problem."""

    def __init__(self, doc: SourceDoc) -> None:
        self.doc = doc
        self.problems: list[Problem] = []
        self.suggested: set[KeyPath] = set()  # keys named in a "did you mean" hint

    # --- reporting and lookup ----------------------------------------------------------------

    def error(self, key: KeyPath, message: str, hint: str = "", *, at_key: bool = False,
              needle: str = "", fix: str | None = None) -> None:
        self.problems.append(self.doc.problem(key, message, hint, at_key=at_key,
                                              needle=needle, fix=fix))

    def warn(self, key: KeyPath, message: str, hint: str = "", *, needle: str = "",
             fix: str | None = None) -> None:
        self.problems.append(self.doc.problem(key, message, hint, warning=True,
                                              needle=needle, fix=fix))

    def rewritten(self, key: KeyPath, value: str) -> str | None:
        """The line of `key` with its value written as `value` (its indentation, list dash
        and comment kept), or None when the key's line does not hold the value."""
        if not key or not isinstance(key[-1], str) or not self.doc.text:
            return None
        line, _ = self.doc.where(key, at_key=True)
        found = KEY_VALUE.match(self.doc.lines[line - 1])
        if found is None or found.group("key") != key[-1]:
            return None
        comment = re.search(r"\s+#.*$", found.group("value"))
        kept = comment.group() if comment and not found.group("value").startswith("#") \
            else ""
        return f"{found.group('lead')}{key[-1]}: {value}{kept}"

    def value(self, key: KeyPath) -> object:
        node: object = self.doc.data
        for part in key:
            if isinstance(part, int) and isinstance(node, list) and part < len(node):
                node = node[part]
            elif isinstance(part, str) and isinstance(node, dict) and part in node:
                node = node[part]
            else:
                return None
        return node

    def present(self, key: KeyPath) -> bool:
        parent = self.value(key[:-1])
        return isinstance(parent, dict) and key[-1] in parent and parent[key[-1]] is not None

    # --- shapes ------------------------------------------------------------------------------

    def mapping(self, key: KeyPath, allowed: tuple[str, ...], required: bool = True) -> bool:
        """Check that `key` is a mapping with only `allowed` keys; True if usable."""
        value = self.value(key)
        if value is None:
            if required:
                self.error(key, "is missing", f"add it with the keys {', '.join(allowed)}")
            return False
        if isinstance(value, str) and self.squeezed(key):
            return False
        if not isinstance(value, dict):
            self.error(key, f"must be a set of keys ({', '.join(allowed[:3])}, ...), "
                       f"not {describe(value)}")
            return False
        for name in value:
            if name not in allowed and self._squeezed_key(key, name, allowed):
                continue
            if name not in allowed:
                close = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
                hint = f"did you mean `{close[0]}`?" if close else f"allowed: {', '.join(allowed)}"
                if close:
                    self.suggested.add((*key, close[0]))
                self.error((*key, name), f"unknown key `{name}`", hint, at_key=True)
        return True

    def squeezed(self, key: KeyPath) -> bool:
        """Text where keys belong that is a key with no space after its colon
        (`name:Waterways`): say so, at that key. True if it was."""
        line, _ = self.doc.where(key)
        return self._squeezed_line(line, key)

    def _squeezed_key(self, key: KeyPath, name: str, allowed: tuple[str, ...]) -> bool:
        """`name:Canolfan Treftadaeth Cymru: Heritage Wales Centre`: with no space after
        the first colon and a later `: `, YAML reads a key `name:Canolfan...` and no `name`.
        Say so once, at that line, instead of "name is missing" and an unknown key."""
        squeezed = re.match(r"([a-z_][a-z0-9_]*):\S", name)
        if squeezed is None or squeezed.group(1) not in allowed:
            return False
        line, _ = self.doc.where((*key, name), at_key=True)
        if not self._squeezed_line(line, (*key, squeezed.group(1))):
            return False
        self.suggested.add((*key, squeezed.group(1)))  # not "is missing" as well
        return True

    def _squeezed_line(self, line: int, key: KeyPath) -> bool:
        found = SQUEEZED.match(self.doc.lines[line - 1]) if self.doc.text else None
        if found is None:
            return False
        value, comment = split_comment(found.group("value"))
        fixed = key_line(found.group("lead"), found.group("key"), value, comment)
        self.problems.append(Problem(
            self.doc.display, line, len(found.group("lead")) + 1, format_key(key),
            f"has no space after the colon of `{found.group('key')}:`",
            f"put a space after the colon: `{shown(fixed)}`", fix=fixed))
        return True

    def items(self, key: KeyPath) -> list[KeyPath]:
        value = self.value(key)
        if value is None:
            return []
        if not isinstance(value, list):
            self.error(key, "must be a list (each entry starting with `- `), "
                       f"not {describe(value)}")
            return []
        return [(*key, i) for i in range(len(value))]

    def text(self, key: KeyPath, *, required: bool = True, limit: int = SHORT) -> str:
        value = self.value(key)
        hashtag = self.hashtag(key)
        if value is None:
            if hashtag and hashtag[0] == "":
                self.error(key, "is empty: YAML reads a # after a space as the start of a "
                           "comment", f"put the value in quotes: {hashtag[1]}", at_key=True,
                           fix=self._whole(key, hashtag[1]))
            elif required and key not in self.suggested:
                self.error(key, "is missing", "add it: it cannot be left out", at_key=True)
            return ""
        if hashtag and hashtag[0]:
            self.warn(key, f"loses `{hashtag[0]}`: YAML reads a # after a space as the start "
                      "of a comment", f"put the whole value in quotes: {hashtag[1]}",
                      fix=self._whole(key, hashtag[1]))
        if isinstance(value, bool | int | float):
            typed = self.doc.typed.get(key, str(value))  # as written: 1.10, not 1.1
            self.error(key, f"must be text, not {describe(value)}",
                       f'put quotes around it: "{typed}"', fix=self.rewritten(key, f'"{typed}"'))
            return ""
        if not isinstance(value, str):
            hint, fix = self.quote_hint(key)
            self.error(key, f"must be text, not {describe(value)}", hint, fix=fix)
            return ""
        value = value.strip()
        self.curly_quotes(key, value)
        if required and not value:
            self.error(key, "is empty", "write the value, or remove the key if it is optional")
        if _STARTER.search(value):
            self.error(key, "still has the starter text", f"replace `{_clip(value)}` with "
                       "your own words")
            return ""
        if len(value) > limit:
            self.error(key, f"is {len(value)} characters long; the most allowed is {limit}",
                       "shorten it")
            return ""
        return value

    def hashtag(self, key: KeyPath) -> tuple[str, str] | None:
        """A value cut short at a #hashtag, which YAML reads as a comment: (what was lost,
        the line as it should be written), or None."""
        if not key or not isinstance(key[-1], str) or not self.doc.text:
            return None
        line, _ = self.doc.where(key, at_key=True)
        written = self.doc.lines[line - 1]
        found = re.match(rf"^\s*(?:-\s+)?{re.escape(key[-1])}:(?P<kept>[ \t]+[^'\"\s#][^#]*?)?"
                         r"[ \t]+(?P<lost>#\S.*?)\s*$", written)
        if found is None:
            return None
        whole = ((found.group("kept") or "").strip() + " " + found.group("lost")).strip()
        return found.group("lost") if found.group("kept") else "", f"{key[-1]}: {quoted(whole)}"

    def _whole(self, key: KeyPath, written: str) -> str | None:
        """The key's whole line written as `written` (`key: "value #tag"`), comment and all."""
        line, _ = self.doc.where(key, at_key=True)
        found = KEY_VALUE.match(self.doc.lines[line - 1])
        return f"{found.group('lead')}{written}" if found else None

    def quote_hint(self, key: KeyPath) -> tuple[str, str | None]:
        """For a value YAML read as a list or keys ([Team name]): the line, in quotes, and
        the line as it should be written."""
        line, _ = self.doc.where(key, at_key=True)
        written = self.doc.lines[line - 1] if self.doc.text else ""
        name, colon, typed = written.strip().lstrip("- ").partition(": ")
        if not colon or not typed.strip() or typed.strip()[0] not in "[{":
            return "", None
        fixed = quoted(typed.strip())
        return f"if it is text, put it in quotes: {name}: {fixed}", self._whole(
            key, f"{name}: {fixed}")

    def curly_quotes(self, key: KeyPath, value: str) -> None:
        """Quotes pasted from Word around a whole value are not YAML's quotes: they would be
        printed. Say so, and show the value in straight quotes."""
        if len(value) > 1 and "\n" not in value and value[0] in _OPENING_QUOTES \
                and value[-1] in _CLOSING_QUOTES:
            name = str(key[-1]) if key and isinstance(key[-1], str) else "value"
            straight = quoted(value[1:-1])
            self.warn(key, "is wrapped in curly quotes, which will be printed as part of "
                      "the text", f"if they are meant as quotes around the value, write "
                      f"straight ones: {name}: {straight}", fix=self.rewritten(key, straight))

    def _not_iso(self, key: KeyPath, text: str) -> None:
        """A date not written YYYY-MM-DD: the same date written so, where it can be read."""
        read = day_first(text)
        if read is None:
            self.error(key, f"`{text}` is not a date", "write it as YYYY-MM-DD, e.g. 2013-04-01")
            return
        iso = read[0].isoformat()
        name = str(key[-1]) if isinstance(key[-1], str) else "date"
        self.error(key, f"`{text}` is not written as YYYY-MM-DD", f"write `{name}: {iso}`: "
                   f"that is {read[1]}", fix=self.rewritten(key, iso))

    def markdown(self, key: KeyPath, *, required: bool = True) -> str:
        """Text in the Markdown subset: it must parse, and its links must say where they go;
        Markdown outside the subset is printed as typed, so it gets a warning."""
        value = self.text(key, required=required, limit=LONG)
        if not value:
            return value
        try:
            blocks = parse(value)
        except MarkupError as exc:
            self.error(key, str(exc), needle=exc.needle)
            return ""
        for problem, link in link_problems(blocks):
            self.error(key, problem, "write link text that names the page, e.g. "
                       "[the Civil Service Code](https://www.gov.uk/)", needle=link)
        for what, written, hint in unsupported_markup(value):
            self.warn(key, f"has {what}, which policy text does not support: it would be "
                      "printed exactly as typed", hint, needle=written)
        return value

    def flag(self, key: KeyPath) -> bool:
        """A yes-or-no answer, written `true` or `false`; left out, false. YAML 1.2 reads
        `yes` and `no` as text, so the hint says what to write instead."""
        value = self.value(key)
        if value is None or isinstance(value, bool):
            return bool(value)
        name = str(key[-1]) if key and isinstance(key[-1], str) else "value"
        written = value.strip().casefold() if isinstance(value, str) else ""
        meant = YES_NO_WORDS.get(written, "false")
        fix = self.rewritten(key, meant) if written in YES_NO_WORDS else None
        if written in ("true", "false"):
            hint = f"write `{name}: {meant}`, with no quotes"
        elif written in YES_NO_WORDS:
            hint = f"write `{name}: {meant}`: `{value}` is read as text"
        else:
            hint = f"write `{name}: true`, or delete the line"
        self.error(key, f"must be true or false, not {describe(value)}", hint, fix=fix)
        return False

    def email(self, key: KeyPath) -> str:
        value = self.text(key, required=False)
        if value.lower().startswith(("mailto:", "www.")):
            bare = value.split(":", 1)[-1] if value.lower().startswith("mailto:") else value[4:]
            self.error(key, f"`{value}` is not written as an email address",
                       f"write just the address, e.g. `{bare}`: the link is made from it")
            return ""
        if value and not _EMAIL.match(value):
            self.error(key, f"`{value}` is not an email address",
                       "for example `digital@dof.example`")
            return ""
        return value

    def pattern(self, key: KeyPath, regex: re.Pattern[str], what: str, example: str,
                *, required: bool = True) -> str:
        value = self.text(key, required=required)
        if value and not regex.match(value):
            if regex.match(plain_characters(value)):
                self._look_alike(key, value)
            else:
                self.error(key, f"`{value}` is not {what}", f"for example `{example}`")
            return ""
        return value

    def _look_alike(self, key: KeyPath, value: str) -> None:
        """`heritage\u2011wales`: right but for a character Word pasted in place of the plain
        one, which looks the same, so the message names it."""
        odd = next(c for c in value if c in LOOK_ALIKES)
        _, what, name = LOOK_ALIKES[odd]
        plain = plain_characters(value)
        fix = self.rewritten(key, as_written(str(key[-1]), plain))
        self.error(key, f"the {what} in `{value}` is {name}, as Word pastes it",
                   f"type an ordinary {what}: `{shown(fix) if fix else plain}`", fix=fix)

    def choice(self, key: KeyPath, options: tuple[T, ...], default: T | None = None) -> T | None:
        value = self.value(key)
        if value is None and default is not None:
            return default
        if isinstance(value, str):  # `Modify`, `wales`, `arm\u2019s\u2013length body`: the
            # same choice in other letters, or with Word's apostrophe and dashes
            plain = " ".join(plain_characters(value).casefold().split())
            value = next((o for o in options if str(o).casefold() == plain), value)
        if value not in options:
            shown = ", ".join(str(o) for o in options)
            if value is None:
                self.error(key, "is missing", f"one of: {shown}")
            else:
                self.error(key, f"`{value}` is not one of the allowed values", f"one of: {shown}")
            return None
        return value

    def date(self, key: KeyPath, *, required: bool = True) -> dt.date | None:
        value = self.value(key)
        if value is None:
            if required and key not in self.suggested:
                self.error(key, "is missing", "write a date as YYYY-MM-DD", at_key=True)
            return None
        text = str(value).strip()
        if _STARTER.search(text):
            self.error(key, "still has the starter text", "write the date as YYYY-MM-DD")
            return None
        if not _DATE.match(text):
            self._not_iso(key, text)
            return None
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            self.error(key, f"`{text}` is not a real date", "check the month and the day")
            return None


def day_first(text: str) -> tuple[dt.date, str] | None:
    """A date written the British way, 12/05/2026 or 12.5.2026, as a date and how it was
    read ("12 May 2026, day first"); month first only where no month could come first."""
    found = _DMY.match(text)
    if found is None:
        return None
    first, second, year = (int(part) for part in found.groups())
    day, month, order = (second, first, "month first") if second > 12 >= first \
        else (first, second, "day first")
    try:
        date = dt.date(year, month, day)
    except ValueError:
        return None
    return date, f"{date.day} {date:%B} {date.year}, {order}"


def _clip(text: str, size: int = 40) -> str:
    return text if len(text) <= size else text[: size - 3] + "..."


_KINDS: Mapping[type, str] = {bool: "true/false", int: "a number", float: "a number",
                             str: "text", list: "a list", dict: "a set of keys"}


def describe(value: object) -> str:
    return "nothing" if value is None else _KINDS.get(type(value), type(value).__name__)
