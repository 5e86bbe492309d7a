"""A draft's preview: the policy as far as a profile with problems goes, with a marker where
an answer is missing or cannot be used.

`check` stays the one validator and is not loosened. Each of its errors names a key; the
answer there is swapped for a stand-in that passes (a short token for text, a token address
or email for links, a far-off date for dates, a default for a choice), or left out where the
policy has a default; then the values are checked again, a few rounds at most (a stand-in
can uncover another problem, such as a review date now before the effective date). A
stand-in that keeps failing is escalated: its key is left out, then the item or block that
holds it. What checks is merged and rendered as `build` would; the stand-ins are then
swapped, in the HTML, for text a person (and a screen reader) reads: "[Not filled in yet:
...]". Only the preview calls this: nothing here reaches `build` or a saved file.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace

from lxml import etree
from lxml.html import Element, HtmlElement

from generator.errors import Problem, ProfileError
from generator.model import Guidance
from generator.policy import long_date
from generator.profile import (
    PAGES,
    SECTION_FIELDS,
    Checked,
    Field,
    KeyPath,
    Page,
    SourceDoc,
    check_source,
)
from generator.serve.answers.forms import lookup

ROUNDS = 6  # the starter checks after one round; a file that is not a set of keys, three
TOKEN = re.compile(r"(?:https://example\.invalid/)?ppgap(\d+)x(?:@example\.invalid)?", re.I)
_STARTER = re.compile(r"FILL[ -]IN")
_DROP = object()  # a list item to take out once the round's keys are all read
# Dates, by era, so the stand-ins keep the order `check` wants: a version's date on or
# before the effective date, the review date after it.
_ERAS = {"history": dt.date(1000, 1, 1), "review_by": dt.date(9111, 1, 1)}
_EARLY = dt.date(1111, 1, 1)
CHOICES: Mapping[str, object] = {"schema_version": 1, "jurisdiction": "UK",
                                 "language": "en-GB"}
LEFT_OUT = ("organisation", "classification", "after",  # each has a default, or is optional
            "no_research_on_public", "research_exceptions", "no_recording_without_consent",
            "official_records", "no_party_politics_on_official_accounts")
# Keys that hold a block or a list: one that `check` refuses as a whole is left out (the
# policy then says what it says without it); their answers inside get stand-ins.
BLOCKS = ("channels", "contacts", "local_rules", "adaptations", "related_policies",
          "house_rules", "account_security", "records", "language_duties", "history",
          "removed", "also", "also_covers", "political_activity", "messaging_apps")
# The marker: a highlight and a dashed underline (the line stays in forced colours, where a
# background is dropped), drawn on each line when it wraps.
CSS = (".pp-gap{background:#fff2a8;color:#0b0c0c;border-bottom:2px dashed #594d00;"
       "padding:0 .15em;-webkit-box-decoration-break:clone;box-decoration-break:clone}"
       ".pp-draft{border-left:5px solid #1d70b8;background:#f3f2f1;padding:.5em 1em;"
       "margin:0 0 1em}")


@dataclass(frozen=True)
class Gap:
    """An answer the preview stands in for: where it is, and whether anything was written
    there (an answer written but unusable is to put right, not to fill in)."""

    key: KeyPath
    written: bool

    @property
    def marker(self) -> str:
        what = "To put right" if self.written else "Not filled in yet"
        return f"[{what}: {missing_name(self.key)}]"


@dataclass(frozen=True)
class Draft:
    """A profile's values made to check: the policy it builds, and what was stood in for."""

    checked: Checked
    gaps: tuple[Gap, ...]  # a token's number is its place here
    dates: Mapping[str, int]  # a stand-in date as the page writes it -> its gap's number


def drafted(doc: SourceDoc, problems: Sequence[Problem], editions: Mapping[str, Guidance],
            today: dt.date | None = None) -> Draft | None:
    """The profile with a stand-in at each error's key, checked; None when the rounds run
    out, and the preview says there is none."""
    data = copy.deepcopy(doc.data)
    stand = _StandIns(doc.data, editions)
    for _ in range(ROUNDS):
        data = stand.round(data, [p for p in problems if p.severity == "error"])
        try:
            checked = check_source(replace(doc, data=data), editions, today)
        except ProfileError as exc:
            problems = exc.problems
            continue
        return Draft(checked, tuple(stand.gaps), stand.dates)
    return None


class _StandIns:
    """The stand-ins of one draft, numbered as they are made, and how often each key has
    failed (to escalate a stand-in `check` still refuses)."""

    def __init__(self, original: object, editions: Mapping[str, Guidance]) -> None:
        self.original = original
        self.editions = editions
        self.gaps: list[Gap] = []
        self.dates: dict[str, int] = {}
        self.tries: dict[KeyPath, int] = {}

    def round(self, data: object, errors: Sequence[Problem]) -> object:
        """`data` with each error's key repaired (a key that cannot be followed is skipped:
        its error stays, and the rounds run out)."""
        root: dict[str, object] = {"root": data}
        for problem in errors:
            key = resolve(data, problem.key)
            if key is None:
                continue
            self.tries[key] = self.repair(root, ("root", *key), self.tries.get(key, 0)) + 1
        _compact(root)
        return root["root"]

    # --- one key --------------------------------------------------------------------------------

    def repair(self, root: dict[str, object], path: KeyPath, level: int) -> int:
        """Repair `path` (under the "root" wrapper) at `level`: 0 a stand-in, 1 leave the key
        out, 2 and on the item or block around it, a step up each time; the level used."""
        key = path[1:]
        if level == 0:
            if self.first(root, path):
                return 0
            level = 1
        if not key:
            root["root"] = {}  # not a set of keys: the base guidance, all marked
            return level
        if level == 1 and key[0] == "adaptations" and key[-1] == "replace":
            # A core section's text that drops its points: the base text, and a marker.
            item = lookup(root, path[:-1])
            if isinstance(item, dict):
                item.pop("replace", None)
                item.update(action="modify", append=self.token(key))
                return level
        cut = max(len(path) - (level - 1), 2)
        if cut == 2 and key[0] in ("department", "policy"):
            _put(root, path[:2], {})  # never left out: the policy needs them
        else:
            _leave_out(root, path[:cut])
        return level

    def first(self, root: dict[str, object], path: KeyPath) -> bool:
        """The first try at `path`: a stand-in, or a default. False when there is none."""
        key = path[1:]
        name = next((p for p in reversed(key) if isinstance(p, str)), "")
        holder = lookup(root, path[:-1])
        if not key or not isinstance(holder, dict | list):
            return False
        if key in (("department",), ("policy",)):
            _put(root, path, {})
        elif name in CHOICES:
            _put(root, path[: path.index(name) + 1], CHOICES[name])
        elif name == "base":
            _put(root, path, max(self.editions))
        elif key[-1] in BLOCKS or key == ("department", "logo"):
            return False  # no stand-in for a block: left out
        elif key[:2] == ("department", "logo") and name == "file":
            _leave_out(root, path[:3])  # a logo that cannot be read: the cover has none
        elif name in LEFT_OUT:
            _put(root, path, None)
        elif name == "action" and isinstance(holder, dict):
            self.action(holder)
        elif (isinstance(key[-1], int) and key[0] != "house_rules") or \
                (key[0] == "adaptations" and len(key) == 2):
            return self.item(root, path)
        else:
            _put(root, path, self.value(key, name))
        return True

    def value(self, key: KeyPath, name: str) -> object:
        """The stand-in for one answer, of the kind `check` wants there."""
        if name in ("effective", "review_by", "date"):
            return self.date(key, name)
        if name in ("url", "guidance_url"):
            return f"https://example.invalid/{self.token(key)}"
        if name in ("email", "foi_contact"):
            return f"{self.token(key)}@example.invalid"
        if name == "id":
            return f"local.{self.token(key)}"
        if key[0] == "adaptations" and name == "title":
            return None  # the base's own heading: what `check` refuses there is a duplicate
        return self.token(key)

    def item(self, root: dict[str, object], path: KeyPath) -> bool:
        """A whole list item, or a departure: what its own problem says it lacks."""
        item = lookup(root, path)
        key = path[1:]
        if not isinstance(item, dict):
            return False
        if key[0] in ("local_rules", "adaptations"):
            if key[0] == "adaptations" and not self.known(root, str(key[1])):
                return False
            missing = [n for n in ("reason", "approved_by", "date") if n not in item]
            for name in missing:
                item[name] = self.value((*key, name), name)
            return bool(missing)
        if key[0] == "contacts" and "email" not in item and "phone" not in item:
            item["email"] = self.value((*key, "email"), "email")
            return True
        return False

    def action(self, item: dict[str, object]) -> None:
        """A departure's action that does not fit its text: modify with one text, or adopt."""
        if "replace" in item and "append" in item:
            del item["append"]
        item["action"] = "modify" if "replace" in item or "append" in item else "adopt"

    def known(self, root: dict[str, object], section_id: str) -> bool:
        base = lookup(root, ("root", "base"))
        guidance = self.editions.get(base if isinstance(base, str) else max(self.editions))
        return guidance is not None and any(s.id == section_id for s in guidance.sections())

    # --- stand-ins ------------------------------------------------------------------------------

    def token(self, key: KeyPath) -> str:
        """A word that passes every text check (lower-case letters and digits, short), and
        that the HTML can be searched for: ppgap<number>x."""
        self.gaps.append(Gap(key, _written(lookup(self.original, key))))
        return f"ppgap{len(self.gaps) - 1}x"

    def date(self, key: KeyPath, name: str) -> dt.date:
        era = _ERAS.get("history" if "history" in key else name, _EARLY)
        token = int(self.token(key)[5:-1])
        day = era + dt.timedelta(days=token)
        self.dates[long_date(day)] = token
        self.dates[day.isoformat()] = token
        return day


def resolve(data: object, key: str) -> KeyPath | None:
    """The key path a problem's key names in `data` (format_key's spelling, whose dots are
    ambiguous: a section ID such as posting.checks holds one), matched against the keys
    that are there; the last part may be missing. None when it cannot be followed."""
    path: list[str | int] = []
    rest = key
    node = data
    while rest:
        if rest.startswith("["):
            index, _, rest = rest[1:].partition("]")
            if not index.isdigit() or not isinstance(node, list):
                return None
            path.append(int(index))
            node = node[int(index)] if int(index) < len(node) else None
        else:
            rest = rest.removeprefix(".") if path else rest
            name = _longest(node, rest)
            path.append(name)
            rest = rest[len(name):]
            node = node.get(name) if isinstance(node, dict) else None
        if node is None and rest:
            return None
    return tuple(path)


def _longest(node: object, rest: str) -> str:
    """The longest key of `node` that `rest` starts with (whole); else the next name."""
    names = [k for k in node if isinstance(k, str)] if isinstance(node, dict) else []
    fits = [k for k in names if rest == k or rest.startswith((f"{k}.", f"{k}["))]
    return max(fits, key=len) if fits else re.split(r"[.\[]", rest, maxsplit=1)[0]


def _written(value: object) -> bool:
    """Whether a person wrote something there (not nothing, and not the starter's text)."""
    if value is None or (isinstance(value, str) and (not value.strip() or _STARTER.search(value))):
        return False
    return not isinstance(value, dict | list) or any(_written(v) for v in (
        value.values() if isinstance(value, dict) else value))


def _put(root: dict[str, object], path: KeyPath, value: object) -> None:
    holder = lookup(root, path[:-1])
    if isinstance(holder, dict):
        if value is None:
            holder.pop(path[-1], None)
        else:
            holder[path[-1]] = value
    elif isinstance(holder, list) and isinstance(path[-1], int) and path[-1] < len(holder):
        holder[path[-1]] = value


def _leave_out(root: dict[str, object], path: KeyPath) -> None:
    holder = lookup(root, path[:-1])
    if isinstance(holder, dict):
        holder.pop(path[-1], None)
    elif isinstance(holder, list) and isinstance(path[-1], int) and path[-1] < len(holder):
        holder[path[-1]] = _DROP  # taken out after the round: later keys keep their place


def _compact(node: object) -> None:
    if isinstance(node, dict):
        for value in node.values():
            _compact(value)
    elif isinstance(node, list):
        node[:] = [v for v in node if v is not _DROP]
        for value in node:
            _compact(value)


# --- naming -----------------------------------------------------------------------------------


def missing_name(key: KeyPath) -> str:
    """The answer at `key` as the person knows it from the editor's forms."""
    found = _field_at(key)
    if found is None:
        return next((str(p).replace("_", " ") for p in reversed(key) if isinstance(p, str)),
                    "an answer")
    page, field = found
    if field.noun:  # the form's own name for it ("the department's full name")
        return field.noun
    label = _lower_first(field.label)
    return f"{label} ({page.title})" if page else label  # the task it is filled in


def _field_at(key: KeyPath) -> tuple[Page | None, Field] | None:
    """The form field for `key` (or the one holding it): its page (None for a section's
    departure) and the field."""
    if key[:1] == ("adaptations",) and len(key) > 2:
        name = "text" if key[2] in ("replace", "append") else key[2]
        field = next((f for f in SECTION_FIELDS if f.key == (name,)), None)
        return (None, field) if field else None
    for page in PAGES:
        size = len(page.list_key)
        if page.list_key and key[:size] == page.list_key and len(key) > size + 1:
            rest = key[size + 1:]
            found = _holding(page.fields, rest)
        elif not page.list_key:
            found = _holding(page.fields, key)
        else:
            found = None
        if found:
            return page, found
    return None


def _holding(fields: Sequence[Field], key: KeyPath) -> Field | None:
    return next((f for f in fields if key[: len(f.key)] == f.key), None)


def _lower_first(label: str) -> str:
    """'Full name' -> 'full name'; an initialism keeps its capitals ('FOI ...')."""
    return label if label[1:2].isupper() else label[:1].lower() + label[1:]


# --- the page ---------------------------------------------------------------------------------

SPOKEN = ("alt", "title", "content", "aria-label")  # attributes a person or a reader meets


def mark_gaps(tree: HtmlElement, draft: Draft, problems: int) -> None:
    """Each stand-in in the page (lxml, changed in place) swapped for its marker: a <mark>
    holding the words, so that a screen reader reads them (WCAG 1.4.1: not colour alone);
    plain words in the title and in attributes; a link to a stand-in address loses its
    address and is followed by the marker. A note at the top says it is a draft."""
    found = _finder(draft)
    # A <wbr> (where a long address may break on a narrow screen) would cut a stand-in's
    # text in two, unfound; the preview loses only those break points.
    etree.strip_tags(tree, "wbr")
    for element in list(tree.iter()):
        if not isinstance(element.tag, str):
            continue  # a comment
        if element.tag in ("title", "style"):
            element.text = found.sub(_words(draft), element.text or "") or None
        else:
            _mark_text(element, found, draft)
        _mark_tail(element, found, draft)
        _mark_attributes(element, found, draft)
    style = tree.find(".//style")
    if style is not None:
        style.text = (style.text or "") + CSS
    # In a landmark (axe region), where a landmarks menu finds it: the banner, or the main
    # content of a part's preview, after its title.
    header, main, body = tree.find(".//header"), tree.find(".//main"), tree.find("body")
    if header is not None:
        header.insert(0, _note(problems))
    elif main is not None:
        main.insert(1 if len(main) and main[0].tag == "h1" else 0, _note(problems))
    elif body is not None:  # after the skip link, which stays the first thing to tab to
        first = body[0] if len(body) else None
        body.insert(1 if first is not None and first.get("class") == "skip-link" else 0,
                    _note(problems))


def _finder(draft: Draft) -> re.Pattern[str]:
    dates = "|".join(re.escape(d) for d in sorted(draft.dates, key=len, reverse=True))
    return re.compile(TOKEN.pattern + (f"|{dates}" if dates else ""), re.I)


def _number(draft: Draft, found: re.Match[str]) -> int:
    return int(found.group(1)) if found.group(1) else draft.dates[found.group(0)]


def _words(draft: Draft) -> Callable[[re.Match[str]], str]:
    return lambda found: draft.gaps[_number(draft, found)].marker


def _pieces(text: str, found: re.Pattern[str], draft: Draft) -> tuple[str, list[HtmlElement]]:
    """`text` up to its first stand-in, and a <mark> for each stand-in (its tail the text
    after it, up to the next)."""
    matches = list(found.finditer(text))
    marks = []
    for match, following in zip(matches, [*matches[1:], None], strict=True):
        mark = Element("mark", {"class": "pp-gap"})
        mark.text = draft.gaps[_number(draft, match)].marker
        mark.tail = text[match.end(): following.start() if following else None] or None
        marks.append(mark)
    return text[: matches[0].start()], marks


def _mark_text(element: HtmlElement, found: re.Pattern[str], draft: Draft) -> None:
    if not element.text or not found.search(element.text):
        return
    element.text, marks = _pieces(element.text, found, draft)
    for at, mark in enumerate(marks):
        element.insert(at, mark)


def _mark_tail(element: HtmlElement, found: re.Pattern[str], draft: Draft) -> None:
    parent = element.getparent()
    if parent is None or not element.tail or not found.search(element.tail):
        return
    element.tail, marks = _pieces(element.tail, found, draft)
    place = parent.index(element)
    for at, mark in enumerate(marks):
        parent.insert(place + 1 + at, mark)


def _mark_attributes(element: HtmlElement, found: re.Pattern[str], draft: Draft) -> None:
    for name in SPOKEN:
        value = element.get(name)
        if value and found.search(value):
            element.set(name, found.sub(_words(draft), value))
    href = element.get("href", "")
    match = found.search(href)
    parent = element.getparent()
    if match is None or href.startswith("#") or parent is None:
        return  # an anchor inside the page (a local rule's ID) is no answer to show
    del element.attrib["href"]  # a link to nowhere: its text stays, the marker follows
    mark = Element("mark", {"class": "pp-gap"})
    mark.text = draft.gaps[_number(draft, match)].marker
    mark.tail, element.tail = element.tail, " "
    parent.insert(parent.index(element) + 1, mark)


def _note(problems: int) -> HtmlElement:
    note = Element("p", {"class": "pp-draft"})
    plural = "problem" if problems == 1 else "problems"
    note.text = (f"Not ready yet: the profile has {problems} {plural} to put right before the "
                 "pack can be made. The answers still to write or correct are marked in the "
                 "text.")
    return note
