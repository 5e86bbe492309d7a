"""The check's messages in the words of the form (issue 24): GOV.UK's error message style,
about the question the person sees, never a key path, a backtick or a starter's FILL IN.

`check` speaks to people who edit the YAML ("channels[0].url: `x` is not a web address
(for example `https://...`)"); the editor's person sees a label and a box. The one
validator stays the judge of what is wrong; this module only says it again, for the field
it is about. The check's own message, with its file:line:column, is kept beside it for
those who want it (FieldError.technical). Pure.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from generator.errors import Problem
from generator.profile import Field

_EMPTY = ("is missing", "is empty", "still has the starter text", "says nothing",
          "is an empty list")
_NOT_DATE = re.compile(r"is not a (real )?date$")
_TOO_LONG = re.compile(r"characters long; the most allowed is (\d+)")
_QUOTED = re.compile(r"`([^`]*)`")


# A channel's twin in the other language (validation.py's `twin`), as the form asks it.
_TWIN_MESSAGES = (
    ("a bilingual account has no twin", "An account in Welsh and English has no twin: leave "
     "this empty, or choose English or Welsh as the language it posts in"),
    ("is this account itself", "Enter the handle of its twin in the other language, not of "
     "this account"),
    ("names a twin, but", "Select the language the account posts in, above: its twin posts "
     "in the other"),
    ("the twin is named by its handle", "Enter its twin\u2019s handle, like @LlywodraethCym, "
     "not its web address"),
)


def plain(problem: Problem, field: Field | None) -> str:
    """The message a person reads beside `field` (or, with no field, about the page)."""
    message = problem.message
    if "is a core section: a replacement must still say" in message:
        return _core_section(message, problem.hint)
    if field is None:
        return _sentence(_unquoted(message), problem.hint)
    if message.startswith(_EMPTY) or field.kind == "yesno" or (
            field.kind == "radios" and " is not " in message):
        return enter(field)  # a choice written by hand that is none of the options: choose
    for said, meant in _TWIN_MESSAGES:
        if said in message:
            return meant
    if "gives exceptions to a rule" in message:
        return "Answer Yes to the question before this one, or leave this answer empty"
    if field.kind == "date" and _NOT_DATE.search(message):
        return _not_a_date(field, message)
    if "is not after the effective date" in message:
        return f"{_capital(field.named)} must be after the date the policy takes effect"
    if field.kind in ("url", "email") or (field.example and "is not" in message):
        return f"Enter {field.named} in the correct format, like {field.example}" \
            if field.example else enter(field)
    found = _TOO_LONG.search(message)
    if found:
        return f"{_capital(field.named)} must be {found.group(1)} characters or fewer"
    return _sentence(f"{_capital(field.named)}: {_unquoted(message)}", problem.hint)


def missing(problem: Problem) -> bool:
    """Whether a problem is an answer still to write (absent, empty, a starter's FILL IN, a
    departure's approval, a contact's way to reach them) rather than an answer that is
    wrong."""
    return problem.message.startswith((*_EMPTY, "needs ")) or "has neither" in problem.message


def either(fields: Sequence[Field]) -> str:
    """What to write where any one of `fields` will do (a contact's email or phone)."""
    return "Enter " + " or ".join(f.named for f in fields)


def warned(problem: Problem) -> str:
    """A warning (it does not stop the pack) as a sentence; its advice only where that is
    in words, not in the file's own spelling (`- {version: ...}`)."""
    hint = "" if re.search(r"[{}]|^\s*- |: ", problem.hint) else problem.hint
    return _sentence(problem.message, hint)


def technical(problem: Problem, shown_path: str) -> str:
    """The check's own message, as `policy-pack check` prints it, with its place."""
    key = f"{problem.key}: " if problem.key else ""
    hint = f" ({problem.hint})" if problem.hint else ""
    return f"{shown_path}:{problem.line}:{problem.column}: {key}{problem.message}{hint}"


def _not_a_date(field: Field, message: str) -> str:
    """GOV.UK's date messages: what is missing from the boxes, else "must be a real date".
    The editor writes boxes typed in part as year-month-day with the empty ones empty."""
    typed = _QUOTED.search(message)
    parts = typed.group(1).split("-") if typed else []
    if len(parts) == 3:
        missing = [name for name, part in zip(("year", "month", "day"), parts, strict=True)
                   if not part.strip()]
        if missing:
            wanted = " and ".join(reversed(missing))  # in the boxes' order: day, month, year
            return f"{_capital(field.named)} must include a {wanted}"
    return f"{_capital(field.named)} must be a real date"


def _core_section(message: str, hint: str) -> str:
    """A replacement of a core section that drops what it must say, in the page's words."""
    says = message.split("must still say", 1)[1].strip()
    advice = _unquoted(hint.split("; or keep the base text", 1)[0]).rstrip(".")
    return (f"This is a core section: your text must still say {says}. {_capital(advice)}, "
            "or choose \u201cKeep the base text and add our own after it\u201d")


def enter(field: Field) -> str:
    """What to write in an empty field, in GOV.UK's words: "Enter ...", "Select ..."."""
    if field.kind in ("radios", "yesno"):
        return f"Select {field.named}"
    like = f", like {field.example}" if field.example and field.kind in ("url", "email") \
        else ""
    return f"Enter {field.named}{like}"


def _sentence(message: str, hint: str) -> str:
    """A message and its advice, as sentences, without the file's spelling."""
    text = _capital(_unquoted(message).rstrip("."))
    advice = _unquoted(hint).rstrip(".")
    if advice and "FILL IN" not in advice:
        text += f". {_capital(advice)}"
    return text


def _unquoted(text: str) -> str:
    """Backticked values as quoted words, as a sentence quotes what someone wrote."""
    return _QUOTED.sub(lambda m: f"\u201c{m.group(1)}\u201d", text)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
