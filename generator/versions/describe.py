"""The changes between two versions of a profile, field by field, in words (pure).

Each field is named as the editor's pages name it (generator.profile's journey), so the
history reads as the editor does: "Changed the email address of the contact Press Office
from a to b". A list's items are matched by what identifies them (an account's address, a
contact's role), so an item added in the middle reads as one addition, not as every item
after it changed. Long texts are never quoted whole: "Changed the text of the section ...".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from generator.policy import long_date
from generator.profile import BY_SLUG, PAGES, Field, KeyPath, Page, format_key

SHORT = 60  # a value longer than this, or on several lines, is not quoted
Headings = Mapping[str, str]  # a base section's heading by its id


@dataclass(frozen=True)
class Change:
    """One change, in words, and the page of the editor it belongs to."""

    page: str  # the page's title, as the task list names it ("Contacts")
    words: str
    # A departure's approval given or taken away: not one of the person's answers (a save
    # that changes a departure takes its approval away with it), so a commit's subject
    # does not count it as one.
    approval: bool = False


# How one item of a list is named in a sentence: the answers that name it, first found.
ITEM_NAMES: dict[str, tuple[KeyPath, ...]] = {
    "channels": (("account",), ("url",), ("platform",)),
    "contacts": (("role",), ("name",), ("email",)),
    "local-rules": (("title",), ("id",)),
    "related-policies": (("title",), ("url",)),
    "history": (("version",),),
}
# An item's answer as a sentence names it ("the email address of the contact ...").
ITEM_NOUNS: dict[KeyPath, str] = {
    ("after",): "the section it comes after", ("reason",): "the reason",
    ("approved_by",): "who approved it", ("date",): "the date approved",
    ("purpose",): "what the account is for", ("audience",): "who it is for",
    ("monitored",): "when it is watched", ("owner",): "who answers for it",
    ("administrators",): "who can post from it", ("approver",): "who approves its posts",
    ("changes",): "what changed", ("id",): "the section ID",
}
TAKEN = "was taken away (it changed)"  # a departure's approval removed by a save
SECTIONS = "Sections"  # the page of the base's sections, as the task list names it
OTHER = "Other answers"


def describe(before: object, after: object, headings: Headings | None = None) -> tuple[
        Change, ...]:
    """What changed from `before` to `after` (profiles' data: dicts, lists, scalars), in
    the editor's order of pages. `headings` names the base's sections; else their ids."""
    if before == after:
        return ()
    old, new = _mapping(before), _mapping(after)
    found: list[Change] = []
    for page in PAGES:
        if page.list_key:
            found += _list_changes(page, _lookup(old, page.list_key), _lookup(new, page.list_key))
        else:
            found += [Change(page.title, w) for f in page.fields
                      for w in _field(f.named, f, _lookup(old, f.key), _lookup(new, f.key))]
    found += _logo(old, new)
    found += _sections(old, new, headings or {})
    found += _others(old, new)
    return tuple(found)


def message(changes: tuple[Change, ...]) -> tuple[str, tuple[str, ...]]:
    """A commit's subject and body lines: the change itself if there is one, else a summary
    ("Changed 3 answers on Contacts") and one line per change."""
    answers = tuple(c for c in changes if not c.approval)
    approvals = tuple(c.words for c in changes if c.approval)
    if not answers:
        if not approvals:
            return "Saved with no change to the answers", ()
        return approvals[0], approvals[1:]
    if len(answers) == 1:
        # The approval its change took away, as its own line: "It now waits for approval".
        taken = [w for w in approvals if w.endswith(TAKEN)]
        said = ("It now waits for approval",) if len(approvals) == 1 and taken else approvals
        return answers[0].words, said
    pages = list(dict.fromkeys(c.page for c in answers))
    where = " and ".join(pages) if len(pages) <= 2 else f"{len(pages)} pages"
    return f"Changed {len(answers)} answers on {where}", (
        *(c.words for c in answers), *approvals)


# -- answers ---------------------------------------------------------------------------------

def _field(named: str, f: Field, old: object, new: object) -> Iterator[str]:
    if old == new or (_empty(old) and _empty(new)):
        return
    if f.kind == "lines" and isinstance(old, list | None) and isinstance(new, list | None):
        yield from _lines(named, old or [], new or [])
    elif _empty(old):
        yield f"Added {named}" if _long(f, new) else f"Set {named} to {_shown(f, new)}"
    elif _empty(new):
        yield f"Removed {named}" if _long(f, old) else f"Removed {named} (it was {_shown(f, old)})"
    elif _long(f, old) or _long(f, new):
        yield f"Changed the text of {named}" if f.kind == "textarea" else f"Changed {named}"
    else:
        yield f"Changed {named} from {_shown(f, old)} to {_shown(f, new)}"


def _lines(named: str, old: list[object], new: list[object]) -> Iterator[str]:
    for item in new:
        if item not in old:
            yield f"Added \u201c{_short(item)}\u201d to {named}"
    for item in old:
        if item not in new:
            yield f"Removed \u201c{_short(item)}\u201d from {named}"
    if [i for i in old if i in new] != [i for i in new if i in old]:
        yield f"Changed the order of {named}"


def _shown(f: Field, value: object) -> str:
    """A value as the reader knows it: a date as "1 June 2027", Yes and No, an option's
    label, a short text as it is."""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    date = _date(value)
    if date is not None:
        return long_date(date)
    labels = dict(f.options)
    if isinstance(value, str) and value in labels and labels[value]:
        return labels[value]
    if isinstance(value, list):
        return ", ".join(_short(v) for v in value)
    return _short(value)


def _date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and len(value) == 10:
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _long(f: Field, value: object) -> bool:
    if f.kind == "textarea":
        return True
    words = str(value)
    return isinstance(value, dict) or "\n" in words.strip() or len(words) > SHORT


def _short(value: object) -> str:
    words = " ".join(str(value).split())
    return words if len(words) <= SHORT else words[:SHORT - 1].rstrip() + "\u2026"


def _empty(value: object) -> bool:
    return value is None or value == "" or value == [] or value == {}


# -- lists of items --------------------------------------------------------------------------

def _list_changes(page: Page, old: object, new: object) -> Iterator[Change]:
    before = [i for i in old if isinstance(i, dict)] if isinstance(old, list) else []
    after = [i for i in new if isinstance(i, dict)] if isinstance(new, list) else []
    pairs, added, removed = _match(page, before, after)
    for item in added:
        yield Change(page.title, f"Added {_item(page, item)}")
    for item in removed:
        yield Change(page.title, f"Removed {_item(page, item)}")
    for was, now in pairs:
        if was == now:
            continue
        name = _item(page, now)
        approval = _approval(name, was, now) if page.slug == "local-rules" else None
        for f in page.fields:
            if approval is not None and f.key in APPROVAL_KEYS:
                continue
            noun = ITEM_NOUNS.get(f.key) or _noun(f.label)
            if f.kind == "textarea" and f.key == ("text",):
                noun = "the text"
            for words in _field(f"{noun} of {name}", f, _lookup(was, f.key),
                                _lookup(now, f.key)):
                yield Change(page.title, words.replace("the text of the text of", "the text of"))
        if approval is not None:  # after the change that took it away
            yield Change(page.title, approval, approval=True)
    was_order = [id(p[1]) for p in sorted(pairs, key=lambda p: _at(before, p[0]))]
    if was_order != [id(p[1]) for p in sorted(pairs, key=lambda p: _at(after, p[1]))]:
        yield Change(page.title, f"Changed the order of the {_plural(page.item)}")


def _match(page: Page, before: list[dict[str, object]], after: list[dict[str, object]]) -> tuple[
        list[tuple[dict[str, object], dict[str, object]]], list[dict[str, object]],
        list[dict[str, object]]]:
    """Items paired across the versions by each identity in turn (an account's address,
    then its handle), then what is left by place; the rest added or removed."""
    left, right = list(before), list(after)
    pairs: list[tuple[dict[str, object], dict[str, object]]] = []
    for key in page.identity:
        for now in list(right):
            value = _lookup(now, key)
            was = next((b for b in left if not _empty(value) and _lookup(b, key) == value), None)
            if was is not None:
                pairs.append((was, now))
                left.remove(was)
                right.remove(now)
    return pairs, right, left


def _at(items: list[dict[str, object]], item: dict[str, object]) -> int:
    return next(i for i, x in enumerate(items) if x is item)


def _item(page: Page, item: Mapping[str, object]) -> str:
    """ "the account @dwp_example (X (Twitter))", "the contact Press Office"."""
    names = [_short(_lookup(item, key)) for key in ITEM_NAMES.get(page.slug, ())
             if not _empty(_lookup(item, key))]
    name = names[0] if names else "with no name"
    if page.slug == "channels" and not _empty(item.get("platform")):
        name += f" ({_short(item['platform'])})"
    return f"the {page.item} {name}"


def _noun(label: str) -> str:
    return "the " + label[:1].lower() + label[1:]


def _plural(item: str) -> str:
    return "policies" if item == "policy" else f"{item}s"


# -- the base's sections, the logo, and anything no page asks --------------------------------

def _sections(old: Mapping[str, object], new: Mapping[str, object],
              headings: Headings) -> Iterator[Change]:
    before, after = _mapping(old.get("adaptations")), _mapping(new.get("adaptations"))
    for section in dict.fromkeys([*before, *after]):
        was, now = _mapping(before.get(section)), _mapping(after.get(section))
        name = f"the section {headings.get(section, section)}"
        approval = _approval(name, was, now) if was else None
        for words in _section(name, was, now, approval is not None):
            yield Change(SECTIONS, words)
        if approval is not None:  # after the change that took it away
            yield Change(SECTIONS, approval, approval=True)


def _section(name: str, was: Mapping[str, object], now: Mapping[str, object],
             approval_said: bool = False) -> Iterator[str]:
    if was == now:
        return
    choice_was, choice_now = _choice(was), _choice(now)
    if choice_now != choice_was:
        yield {"adopt": f"Now keeps the base text of {name}",
               "replace": f"Now replaces the text of {name} with its own",
               "append": f"Now adds its own text after the base text of {name}",
               "omit": f"Now leaves out {name}"}[choice_now]
    elif was.get("replace") != now.get("replace") or was.get("append") != now.get("append"):
        yield f"Changed the text of {name}"
    if was.get("title") != now.get("title"):
        f = Field(("title",), "Heading")
        yield from _field(f"the heading of {name}", f, was.get("title"), now.get("title"))
    for key, noun in (("reason", "the reason for departing from"),
                      ("approved_by", "who approved the departure from"),
                      ("date", "the date of the approval of")):
        if approval_said and (key,) in APPROVAL_KEYS:
            continue
        if was.get(key) != now.get(key) and (was or choice_now != "adopt"):
            yield from _field(f"{noun} {name}", Field((key,), key, "date" if key == "date"
                                                      else "text"), was.get(key), now.get(key))


APPROVAL_KEYS = (("approved_by",), ("date",))


def _approval(name: str, was: Mapping[str, object], now: Mapping[str, object]) -> str | None:
    """A departure's approval given or taken away, in one sentence ("Pat Head approved the
    local rule Records"), when both its answers changed together; None otherwise (then
    each is said as an answer)."""
    old = (was.get("approved_by"), was.get("date"))
    new = (now.get("approved_by"), now.get("date"))
    if old == new:
        return None
    if all(not _empty(v) for v in old) and all(_empty(v) for v in new):
        return f"The approval of {name} {TAKEN}"
    if all(not _empty(v) for v in new):
        return f"{_short(new[0])} approved {name}"
    return None


def _choice(adaptation: Mapping[str, object]) -> str:
    action = adaptation.get("action")
    if action == "omit":
        return "omit"
    if action == "modify":
        return "append" if adaptation.get("append") and not adaptation.get("replace") \
            else "replace"
    return "adopt"


def _logo(old: Mapping[str, object], new: Mapping[str, object]) -> Iterator[Change]:
    key = ("department", "logo", "file")
    was, now = _lookup(old, key), _lookup(new, key)
    if was != now:
        words = "Added a logo" if _empty(was) else "Removed the logo" if _empty(now) else \
            "Changed the logo"
        yield Change(BY_SLUG["logo"].title, words)


def _others(old: Mapping[str, object], new: Mapping[str, object]) -> Iterator[Change]:
    """Any answer no page of the editor asks (the edition, the schema's version, a key a
    text editor added), named by its key: nothing that changed goes unsaid."""
    asked = {page.list_key or f.key for page in PAGES for f in page.fields} | {
        ("department", "logo"), ("adaptations",)}
    for key in sorted(_leaves(old) | _leaves(new), key=format_key):
        if not any(key[:len(a)] == a for a in asked):
            f = Field(key, format_key(key))
            named = "the edition of the base guidance" if key == ("base",) else \
                f"the answer {format_key(key)}"
            for words in _field(named, f, _lookup(old, key), _lookup(new, key)):
                yield Change(OTHER, words)


def _leaves(data: Mapping[str, object], prefix: KeyPath = ()) -> set[KeyPath]:
    """Each key path down to a value that is not a mapping (a list counts as one value)."""
    found: set[KeyPath] = set()
    for key, value in data.items():
        path = (*prefix, str(key))
        found |= _leaves(value, path) if isinstance(value, dict) and value else {path}
    return found


def _mapping(value: object) -> Mapping[str, object]:
    return {str(k): v for k, v in value.items()} if isinstance(value, dict) else {}


def _lookup(data: object, key: KeyPath) -> object:
    for part in key:
        if not isinstance(data, dict):
            return None
        data = data.get(part)
    return data
