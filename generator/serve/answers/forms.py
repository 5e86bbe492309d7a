"""Between the forms and the profile: what a field shows, what a submitted form changes, and
which of the command line's messages belong to which field. Pure: values in, values out.

A field is named by its key path (`channels[2].url`, format_key's spelling), so the one
validator's messages, keyed the same way, land on the field they are about (decision 2).
A form changes only what the person changed: a field whose answer is as shown produces no
edit, so saving an untouched page leaves the file byte for byte as it was.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import cast, get_args

from jinja2 import TemplateError

from generator.errors import Problem
from generator.model import Jurisdiction, Organisation
from generator.policy import code_name, fill_each_code, long_date
from generator.profile import (
    PAGES,
    SECTION_FIELDS,
    STARTER_MARK,
    YES_NO_WORDS,
    Field,
    KeyPath,
    format_key,
)
from generator.serve.answers.pasted import as_typed
from generator.serve.answers.wording import either, enter, missing, plain, technical
from generator.serve.yamltext.yamledit import AppendItem, Value

DATE_PARTS = ("day", "month", "year")
WAS = "was:"  # the hidden input holding an answer as the page showed it (merging.py)
KEEP = "keep:"  # a clash's choice: "mine" or "theirs"
ASKED = "asked:"  # an answer the clash page asked about: it must come back with a choice
Answer = str | dict[str, str]  # a field's answer: its text, or a date's three boxes
@dataclass(frozen=True)
class FieldError:
    """A problem, on the field it is about."""

    field_id: str
    text: str  # in the form's words (wording.plain)
    technical: str = ""  # as `policy-pack check` words it, with file:line:column


def field_name(key: KeyPath) -> str:
    """The form field's name: the key path as the command line writes it."""
    return format_key(key)


def field_id(key: KeyPath) -> str:
    """An HTML id for the field (the error summary links to it)."""
    return "f-" + re.sub(r"[^A-Za-z0-9]+", "-", format_key(key)).strip("-")


def lookup(data: object, key: KeyPath) -> object:
    """The value at `key` in plain profile data, or None where any step is missing."""
    for part in key:
        if isinstance(part, int) and isinstance(data, list) and 0 <= part < len(data):
            data = data[part]
        elif isinstance(part, str) and isinstance(data, dict):
            data = data.get(part)
        else:
            return None
    return data


def shown(value: object, field: Field) -> Answer:
    """What the field shows for a value in the file. A starter's FILL IN shows as empty (in
    a list, is left out): the person writes the answer, the placeholder is the file's
    business, and a save removes it (merging.py)."""
    if value is None or (isinstance(value, str) and STARTER_MARK in value):
        return {part: "" for part in DATE_PARTS} if field.kind == "date" else ""
    if field.kind == "date":
        return _date_parts(str(value))
    if field.kind == "yesno" and isinstance(value, str):
        # `yes` written by hand: YAML reads it as text, which `check` refuses; shown as the
        # answer it means, and a save writes it as YAML's true (merging.py).
        return YES_NO_WORDS.get(value.strip().casefold(), value)
    if field.kind == "radios" and isinstance(value, str):
        # `check` takes a choice in any letter case, with Word's curly apostrophe: the
        # option it would take is the one ticked, else none would be and a save would
        # read the untouched radios as the answer taken away.
        wanted = _comparable(value)
        return next((v for v, _ in field.options if v and _comparable(v) == wanted), value)
    if isinstance(value, list):
        kept = (str(v) for v in value if not (isinstance(v, str) and STARTER_MARK in v))
        return ("\n" if field.kind == "lines" else ", ").join(kept)
    if isinstance(value, bool):
        return "true" if value else "false"
    if field.kind == "textarea":
        return str(value).strip("\n")  # a `|` block's last line break is not an answer
    return str(value)


# The choices a profile may name, to read a department's answers before they are valid.
JURISDICTIONS: tuple[str, ...] = get_args(Jurisdiction)
ORGANISATIONS: tuple[str, ...] = get_args(Organisation)


def with_code(text: str, data: object) -> str:
    """Base text with its placeholders filled with the code that applies to the profile's
    department, as the merge chooses it (the NICS Code of Ethics for a Northern Ireland
    body, the Welsh Government's version of the Civil Service Code, or the Code), from the
    answers as written: in any letter case, perhaps not valid yet."""
    where = lookup(data, ("department", "jurisdiction"))
    listed = where if isinstance(where, list) else [where]
    jurisdictions = tuple(j for j in (_choice(w, JURISDICTIONS) for w in listed) if j)
    organisation = _choice(lookup(data, ("department", "organisation")), ORGANISATIONS)
    code = code_name(cast(Organisation, organisation or "ministerial department"),
                     cast(tuple[Jurisdiction, ...], jurisdictions))
    try:
        return fill_each_code(text)[code]
    except TemplateError:  # a placeholder the edition loader would have refused: as written
        return text


def _choice(value: object, choices: tuple[str, ...]) -> str:
    """The choice a value names, in any letter case; empty for anything else."""
    return next((c for c in choices if isinstance(value, str)
                 and value.strip().lower() == c.lower()), "")


def as_text(answer: Answer, field: Field | None = None) -> str:
    """An answer as a person reads it in a summary: a whole date as "31 March 2027"; given
    its field, a choice as its option reads ("Welsh and English", not "bilingual")."""
    if not isinstance(answer, dict):
        if field is not None and field.kind == "radios" and answer:
            return next((label for value, label in field.options if value == answer), answer)
        return answer
    day, month, year = (answer.get(p, "") for p in DATE_PARTS)
    try:
        return long_date(dt.date(int(year), int(month), int(day)))
    except ValueError:
        return " ".join(p for p in (day, month, year) if p)


def submitted(form: Mapping[str, str], key: KeyPath, field: Field) -> Answer:
    """The answer the form sent for a field, in the shape `shown` gives."""
    name = field_name(key)
    if field.kind == "date":
        return {part: form.get(f"{name}-{part}", "").strip() for part in DATE_PARTS}
    return as_sent(form.get(name, ""), field)


def as_sent(answer: Answer, field: Field) -> Answer:
    """An answer as a form sends it back: a box's text without the line breaks at its ends,
    a one-line box's without any line break or the spaces at its ends (a browser drops
    them from its value). So the file's answer (`shown`) compares with the form's."""
    if isinstance(answer, dict):
        return answer
    text = answer.replace("\r\n", "\n")
    if field.kind in ("textarea", "lines"):
        return text.strip("\n")
    return text.replace("\n", "").replace("\r", "").strip()


def value_of(answer: Answer, field: Field, before: str = "") -> Value:
    """The YAML value for an answer; None for an empty one (the key is removed). `before`
    is the answer the file held: pasted.as_typed leaves what was there already alone."""
    if isinstance(answer, dict):
        return _date_value(answer)
    if field.kind == "yesno" and answer in ("true", "false"):
        return answer == "true"  # YAML's true or false: the text "true" is not a yes
    answer = as_typed(answer, one_line=field.kind not in ("textarea", "lines"), before=before)
    if not answer:
        return None
    if field.kind == "lines":
        return [line.strip() for line in answer.split("\n") if line.strip()]
    if field.kind == "jurisdiction" and "," in answer:
        return [part.strip() for part in answer.split(",") if part.strip()]
    if field.kind == "textarea" and "\n" in answer:
        return answer + "\n"  # a block of text ends with its line
    return answer


def new_item(fields: Iterable[Field], form: Mapping[str, str], list_key: KeyPath) -> AppendItem:
    """A list item made of the form's answers (the empty ones left out)."""
    item: dict[str, Value] = {}
    for field in fields:
        value = value_of(submitted(form, (*list_key, -1, *field.key), field), field)
        if value is not None:
            item[str(field.key[-1])] = value
    return AppendItem(list_key, item)


Fields = Mapping[str, tuple[KeyPath, Field]]  # a page's fields, by their names


def errors_for(problems: Sequence[Problem], keys: Iterable[KeyPath],
               fields: Fields) -> list[FieldError]:
    """The problems under any of `keys`, each on its field (by key path), else on the field
    its message names, else on the nearest field above it, else on the page's first."""
    prefixes = [format_key(k) for k in keys]
    first = next(iter(fields.values()), None)
    found = []
    for problem in problems:
        if problem.severity != "error" or not _under(problem.key, prefixes):
            continue
        exact = fields.get(problem.key)
        named = _named_in(problem, fields)
        if exact is None and named and missing(problem):
            if "has neither" in problem.message:  # either will do: said once, on the first
                found.append(FieldError(field_id(named[0][0]), either([f for _, f in named]),
                                        _technical(problem)))
            else:  # "needs `a` and `b`": each on its own field
                found += [FieldError(field_id(k), enter(f), _technical(problem))
                          for k, f in named]
            continue
        where = exact or (named[0] if named else None) or _nearest(problem.key, fields) \
            or first
        if where is None:
            found.append(FieldError("", plain(problem, None), _technical(problem)))
            continue
        key, fld = where
        found.append(FieldError(field_id(key), _plain_on(problem, key, fld),
                                _technical(problem)))
    return found


def all_on(problems: Sequence[Problem], key: KeyPath) -> list[FieldError]:
    """Every error, on one field: the loader's refusal of a whole text (an invisible
    character, say) is about the answers just sent, whichever field it came from."""
    return [FieldError(field_id(key), plain(p, None), _technical(p))
            for p in problems if p.severity == "error"]


def under(problem: Problem, keys: Iterable[KeyPath]) -> bool:
    """Whether a problem is about one of `keys` or a value inside one."""
    return _under(problem.key, [format_key(k) for k in keys])


def _under(key: str, prefixes: list[str]) -> bool:
    return any(key == p or key.startswith((f"{p}.", f"{p}[")) for p in prefixes if p)


def _nearest(key: str, fields: Fields) -> tuple[KeyPath, Field] | None:
    """The field whose name is the longest prefix of `key`; else, for a problem with a
    whole block ("messaging_apps: says nothing"), the block's first field."""
    around = [(len(name), found) for name, found in fields.items()
              if key.startswith((f"{name}.", f"{name}["))]
    if around:
        return max(around, key=lambda pair: pair[0])[1]
    return next((found for name, found in fields.items() if name.startswith(f"{key}.")),
                None)


def _named_in(problem: Problem, fields: Fields) -> list[tuple[KeyPath, Field]]:
    """The fields of the problem's item that its message names (`email` in "has neither
    `email` nor `phone`"): the message is about those answers."""
    return [found for name, found in fields.items() if name.startswith(f"{problem.key}.")
            and f"`{name.removeprefix(problem.key + '.')}`" in problem.message]


def _plain_on(problem: Problem, key: KeyPath, fld: Field) -> str:
    """The plain message for a problem put on `fld`: about the field itself if the problem
    is, else the problem's own words (it is about the item or page around the field)."""
    return plain(problem, fld if format_key(key) == problem.key else None)


def _technical(problem: Problem) -> str:
    return technical(problem, Path(problem.path).name)


# What a form sends beside the answers: its token and fingerprint, the answers as the
# page showed them (was:) and a clash's choices (keep:), the preview's count, the sign-in's.
NOT_ANSWERS = ("csrf_token", "item", "problems_shown", "editor_address",
               "send_to")


def typed_answers(form: Mapping[str, str]) -> list[tuple[str, str]]:
    """What a person typed into a form, each under its question, for a page that shows
    answers it could not save (a dates' three boxes as one answer)."""
    answers = []
    for name, value in form.items():
        if name.startswith((WAS, KEEP, ASKED)) or name in NOT_ANSWERS or name.endswith(
                ("-month", "-year")):
            continue
        if name.endswith("-day"):
            name = name.removesuffix("-day")
            value = " ".join(form.get(f"{name}-{p}", "") for p in DATE_PARTS).strip()
        if value.strip():
            answers.append((_label_of(name), value))
    return answers


def _label_of(name: str) -> str:
    """The question a field's name (`channels[2].url`) belongs to, as its page asks it; the
    name itself if it is no question of the journey's."""
    bare = re.sub(r"\[-?\d+\]", "", name)
    for page in PAGES:
        for fld in page.fields:
            if bare == format_key((*page.list_key, *fld.key)):
                return fld.label
    if bare.startswith("adaptations."):
        last = bare.rsplit(".", 1)[-1]
        return next((f.label for f in SECTION_FIELDS if f.key == (last,)), name)
    return {"choice": "What the department does with this section"}.get(name, name)


def _comparable(choice: str) -> str:
    return choice.strip().casefold().replace("\u2019", "'")


def _date_parts(text: str) -> dict[str, str]:
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:  # not a date: each box as typed, to be corrected
        parts = text.split("-")
        if len(parts) == 3:
            return {"day": parts[2], "month": parts[1], "year": parts[0]}
        return {"day": "", "month": "", "year": text}
    return {"day": str(day.day), "month": str(day.month), "year": str(day.year)}


def _date_value(parts: Mapping[str, str]) -> Value:
    """A date from its three boxes: a real date if it is one, else the text as typed, so
    the one validator says what is wrong with it."""
    day, month, year = (parts.get(p, "") for p in DATE_PARTS)
    if not (day or month or year):
        return None
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return f"{year}-{month}-{day}"  # as typed, boxes apart: the check says what is wrong
