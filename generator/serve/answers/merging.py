"""A save that writes only what this person changed (issue 24): a three-way merge of each
answer, between the file as the page showed it, the form, and the file now. Pure.

Every field of a form carries, beside the answer, the answer as the page showed it (a hidden
`was:` input). So a save knows, field by field, who changed what since the page was opened:

- the person did not change it: nothing is written, whatever the file says now (a colleague's
  change to it stays);
- only the person changed it: their answer is written;
- both changed it, to different answers: a clash, shown with both answers; nothing is
  written until the person chooses. "Theirs" (a `keep:` answer) writes nothing; "mine"
  is sent with the file's answer the clash page showed as the `was:`, so it is written
  only if the file still holds that answer.

A list's item is found by its fingerprint (the hash of its values as the page showed them),
else by the answers that identify it (Page.identity), never by its place in the list: an
item inserted or removed above it by someone else leaves it found.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from generator.profile import STARTER_MARK, Field, KeyPath, Page
from generator.serve.answers.forms import (
    ASKED,
    DATE_PARTS,
    KEEP,
    WAS,
    Answer,
    as_sent,
    field_name,
    lookup,
    shown,
    submitted,
    value_of,
)
from generator.serve.yamltext.yamledit import Edit, RemoveKey, SetValue

ITEM = "item"  # the hidden input holding a list item's fingerprint


@dataclass(frozen=True)
class Clash:
    """One answer both this person and someone else changed, to different answers."""

    key: KeyPath  # in the form's names
    field: Field
    mine: Answer
    theirs: Answer
    # The hidden `was:` inputs the clash page sends instead, holding the file's answer it
    # showed: "keep mine" is then an ordinary change from that answer, so one changed again
    # meanwhile is asked about again, never written over unseen.
    was: tuple[tuple[str, str], ...] = ()
    at: KeyPath = ()  # where the answer is in the file now (a list item may have moved)
    shown: Answer | None = None  # the answer as the page showed it (None: not sent)


@dataclass(frozen=True)
class Changes:
    """What a save writes: the edits, or the clashes it must ask about first."""

    edits: tuple[Edit, ...] = ()
    clashes: tuple[Clash, ...] = ()
    at: KeyPath = ()  # where the answers were written (a list item: its place now)
    gone: bool = False  # the item the page was about is no longer in the file


def was_name(name: str) -> str:
    return WAS + name


def opened_with(form: Mapping[str, str], key: KeyPath, fld: Field) -> Answer | None:
    """The answer as the page showed it, from its hidden input; None if the form has none
    (a form from an older page, or one that never showed this field)."""
    name = was_name(field_name(key))
    if fld.kind == "date":
        if f"{name}-day" not in form:
            return None
        return {part: form.get(f"{name}-{part}", "") for part in DATE_PARTS}
    if name not in form:
        return None
    return submitted({field_name(key): form[name]}, key, fld)


def changes_for(fields: Iterable[Field], data: object, form: Mapping[str, str],
                named: KeyPath = (), at: KeyPath | None = None) -> Changes:
    """The edits that write this person's changes over the file's `data`, field by field.

    `named` is where the form's names put the fields (a list item's place when the page was
    opened), `at` where they are in the file now (the item's place now)."""
    at = named if at is None else at
    edits: list[Edit] = []
    clashes: list[Clash] = []
    for fld in fields:
        name_key, key = (*named, *fld.key), (*at, *fld.key)
        mine = submitted(form, name_key, fld)
        now = lookup(data, key)
        theirs = as_sent(shown(now, fld), fld)  # as the form would send it back
        was = opened_with(form, name_key, fld)
        keep = form.get(KEEP + field_name(name_key), "")
        if keep == "theirs":
            continue  # the person chose the file's answer: nothing of theirs is written
        if keep != "mine" and ASKED + field_name(name_key) in form:  # asked, not answered
            clashes.append(Clash(name_key, fld, mine, theirs, was_inputs(name_key, fld, theirs),
                                 key, was))
            continue
        if mine == (theirs if was is None else was):
            edits += _unplaceholder(key, fld, theirs, now) + _retyped(key, fld, theirs, now)
            continue
        if was is not None and theirs not in (was, mine):
            clashes.append(Clash(name_key, fld, mine, theirs, was_inputs(name_key, fld, theirs),
                                 key, was))
            continue
        edits += _write(key, fld, mine, now)
    return Changes(_emptied(edits, data), tuple(clashes), at)


def _emptied(edits: list[Edit], data: object) -> tuple[Edit, ...]:
    """The edits, with a block of the profile whose every key they remove removed whole:
    the YAML engine would leave it empty (`messaging_apps: {}`), which is no answer, and
    which `check` refuses where a block must say something (account security, say)."""
    removed: dict[KeyPath, set[str | int]] = {}
    for edit in edits:
        if isinstance(edit, RemoveKey) and len(edit.key) == 2 and isinstance(edit.key[0], str):
            removed.setdefault(edit.key[:1], set()).add(edit.key[1])
    written = {edit.key[:1] for edit in edits if not isinstance(edit, RemoveKey)}
    whole = {block for block, names in removed.items() if block not in written
             and isinstance(found := lookup(data, block), dict) and set(found) <= names}
    kept = [e for e in edits if not (isinstance(e, RemoveKey) and e.key[:1] in whole)]
    return (*kept, *(RemoveKey(block) for block in sorted(whole, key=str)))


def was_inputs(key: KeyPath, fld: Field, answer: Answer) -> tuple[tuple[str, str], ...]:
    """The hidden `was:` inputs that hold `answer` for the field at `key`."""
    name = was_name(field_name(key))
    if isinstance(answer, dict):
        return tuple((f"{name}-{part}", answer.get(part, "")) for part in DATE_PARTS)
    return ((name, answer),)


def _write(key: KeyPath, fld: Field, mine: Answer, now: object) -> list[Edit]:
    """The edit that makes the file hold `mine`; none if it does already."""
    before = shown(now, fld)
    value = value_of(mine, fld, before if isinstance(before, str) else "")
    if value is None:
        return [RemoveKey(key)] if now is not None else []
    if mine == shown(now, fld) and not holds_placeholder(now):
        return []
    return [SetValue(key, value)]


def _unplaceholder(key: KeyPath, fld: Field, theirs: Answer, now: object) -> list[Edit]:
    """A starter's FILL IN is never an answer: an optional field this person left as it
    was, still holding one, means "not given", so the placeholder goes; a list keeps the
    lines the file holds now but the placeholder (a colleague's new line among them)."""
    if not holds_placeholder(now):
        return []
    if value_of(theirs, fld) is None and not fld.optional:
        return []  # a required answer stays marked: the message says what to write
    return _write(key, fld, theirs, now)


def _retyped(key: KeyPath, fld: Field, theirs: Answer, now: object) -> list[Edit]:
    """A yes or no the file holds as text (`yes`, `"true"`), which the page showed as the
    answer it means: a save writes it as YAML's true or false, which `check` accepts."""
    if fld.kind == "yesno" and isinstance(now, str) and theirs in ("true", "false"):
        return [SetValue(key, theirs == "true")]
    return []


def holds_placeholder(value: object) -> bool:
    """Whether a value is, or holds, a starter's FILL IN text."""
    if isinstance(value, str):
        return STARTER_MARK in value
    if isinstance(value, list):
        return any(holds_placeholder(v) for v in value)
    if isinstance(value, dict):
        return any(holds_placeholder(v) for v in value.values())
    return False


def fingerprint(item: object) -> str:
    """A list item's values, hashed: the same values give the same fingerprint."""
    text = json.dumps(item, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def locate(items: Sequence[object], form: Mapping[str, str], page: Page,
           named: KeyPath) -> int | None:
    """Where the item the form is about is in the list now; None if it is gone.

    By its fingerprint (unchanged since the page was opened), else by the first of the
    page's identity answers that names exactly one item as the page showed it."""
    wanted = form.get(ITEM, "")
    place = named[-1]
    if not wanted:  # a form that predates fingerprints: its place is all there is
        return place if isinstance(place, int) and 0 <= place < len(items) else None
    same = [i for i, item in enumerate(items) if fingerprint(item) == wanted]
    if same:  # two items alike: the one still at the page's place, else the first
        return place if place in same else same[0]
    by_key = {f.key: f for f in page.fields}
    for key in page.identity:
        fld = by_key[key]
        was = opened_with(form, (*named, *key), fld)
        if not was or was == {p: "" for p in DATE_PARTS}:
            continue
        found = [i for i, item in enumerate(items)
                 if as_sent(shown(lookup(item, key), fld), fld) == was]
        if len(found) == 1:
            return found[0]
    return None


def renamed(form: Mapping[str, str], fields: Iterable[Field], old: KeyPath,
            new: KeyPath) -> dict[str, str]:
    """The form's answers under a list item's new place (the names carry the place)."""
    moved: dict[str, str] = {}
    for fld in fields:
        before, after = field_name((*old, *fld.key)), field_name((*new, *fld.key))
        for suffix in (tuple(f"-{p}" for p in DATE_PARTS) if fld.kind == "date" else ("",)):
            for prefix in ("", WAS, KEEP):
                if prefix + before + suffix in form:
                    moved[prefix + after + suffix] = form[prefix + before + suffix]
    return moved
