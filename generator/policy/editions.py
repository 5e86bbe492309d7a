"""Stage 3: load a base guidance edition from templates/guidance/<edition>/.

An edition is `edition.yaml` (its date, title, source note, and the ordered parts and
sections with their stable IDs and core flags) plus one Markdown file per section under
`sections/`. A core section lists under `keep:` the points a department's replacement of
its text must still make (docs/editions.md).

An edition is data like a profile, and is checked like one: every unknown key, missing key,
wrong type and repeated ID is a `Problem` at its file:line:column (the profile's format,
generator.errors), all of them at once. ruamel.yaml's round-trip loader keeps the place of
every key and value. These are the project's own files, so the problems are raised as one
GuidanceError (a bug in templates/), never as a profile error.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Literal, cast

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import DuplicateKeyError
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from generator.errors import GuidanceError, Problem
from generator.model import Guidance, Part, Section
from generator.policy.edition_points import (
    PointsReader,
    Where,
    item_at,
    join_key,
    key_at,
    listed,
    shown_path,
    start,
    value_at,
)
from generator.resources import guidance_root

EDITION_KEYS = ("edition", "title", "published", "publisher", "url", "source_note", "parts")
PART_KEYS = ("id", "title", "audience", "sections")
SECTION_KEYS = ("id", "title", "core", "source", "restates", "keep")
SECTION_REQUIRED = ("id", "title", "core")

# Where a section's content comes from (`source:`; the same values as Section.source), in
# words that finish "the section's content comes from ...", for the loader's messages.
SectionSource = Literal["guidance", "code", "model"]
SOURCE_LABELS: Mapping[SectionSource, str] = {
    "guidance": "the Cabinet Office guidance",
    "code": "the code of conduct that applies to the reader",
    "model": "model text, where the guidance says nothing",
}
DEFAULT_SOURCE: SectionSource = "guidance"

_ID = re.compile(r"[a-z0-9]+(?:[.-][a-z0-9]+)*\Z")
_EDITION = re.compile(r"[0-9]{4}-[0-9]{2}\Z")


def available_editions(root: Path | None = None) -> dict[str, Guidance]:
    """Every edition under `root` (default: the bundled ones), by name."""
    root = root or guidance_root()
    return {name: load_guidance(name, root) for name in edition_names(root)}


def edition_names(root: Path | None = None) -> list[str]:
    """The editions under `root` (default: the bundled ones), oldest first, without
    loading them (the command line's help names them; loading all costs 0.1 s)."""
    root = root or guidance_root()
    return sorted(p.name for p in root.iterdir() if (p / "edition.yaml").is_file())


@cache
def load_guidance(edition: str, root: Path | None = None) -> Guidance:
    """Load and check one edition (cached: editions do not change while the tool runs).

    Raises GuidanceError naming every problem, one `file:line:column: key: message` a line.
    """
    folder = (root or guidance_root()) / edition
    reader = _Reader(shown_path(folder / "edition.yaml"), folder=folder)
    guidance = reader.edition()
    if reader.problems or guidance is None:
        raise GuidanceError("\n".join(str(p) for p in sorted(reader.problems)))
    return guidance


def edition_digest(folder: Path) -> str:
    """SHA-256 of every file of an edition: names and contents."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


# --- the reader --------------------------------------------------------------------------------


@dataclass
class _Reader(PointsReader):
    """Reads one edition's folder: edition.yaml, then each section's text."""

    folder: Path = Path()
    seen: dict[str, Where] = field(default_factory=dict)  # part and section IDs, and where

    def edition(self) -> Guidance | None:
        raw = self.parse()
        if self.problems:
            return None
        top = self.mapping(raw, (1, 1), "", EDITION_KEYS, EDITION_KEYS, "an edition")
        if top is None:
            return None
        name = self.text(top, "edition", "")
        if name is not None and name != self.folder.name:
            self.add(value_at(top, "edition"), "edition", f"is `{name}`, but the folder is "
                     f"`{self.folder.name}`", "write the folder's name, in quotes")
        title, publisher = self.text(top, "title", ""), self.text(top, "publisher", "")
        published, url = self.date(top), self.url(top)
        note = self.text(top, "source_note", "", lines=True)
        parts = self.parts(top)
        self.unlisted_texts()
        if (self.problems or name is None or title is None or publisher is None
                or published is None or url is None or note is None or parts is None):
            return None
        return Guidance(edition=name, title=title, published=published, publisher=publisher,
                        source_note=note, url=url, parts=parts,
                        sha256=edition_digest(self.folder))

    def parse(self) -> object:
        path = self.folder / "edition.yaml"
        try:
            text = path.read_text("utf-8")
        except OSError as exc:
            self.add((1, 1), "", f"cannot be read: {exc.strerror or exc}",
                     "an edition is a folder under templates/guidance/ with an edition.yaml")
            return None
        except UnicodeDecodeError:
            self.add((1, 1), "", "is not UTF-8 text", "save the file as UTF-8")
            return None
        try:
            return YAML(typ="rt", pure=True).load(text)
        except DuplicateKeyError as exc:
            mark = exc.problem_mark
            at = (mark.line + 1, mark.column + 1) if mark else (1, 1)
            found = re.search(r'duplicate key "(.*?)" with', str(exc.problem))
            name = f"`{found.group(1)}`" if found else "a key"
            self.add(at, "", f"gives {name} twice in one mapping", "keep one of them")
        except MarkedYAMLError as exc:
            self.yaml_problem(exc)
        except YAMLError as exc:
            self.add((1, 1), "", f"is not valid YAML: {exc}")
        except RecursionError:  # [[[[...]]]] thousands deep: the parser recurses per level
            self.add((1, 1), "", "is nested too deeply to read")
        except TypeError:  # ruamel.yaml cannot hash a key that is a mapping holding a list
            self.add((1, 1), "", "has a key that is a list or a mapping",
                     "a key is a plain name, such as title")
        return None

    def yaml_problem(self, exc: MarkedYAMLError) -> None:
        """The parser's complaint, at the line to fix: an unclosed [ or { where it opens."""
        context = str(exc.context or "")
        if "flow sequence" in context or "flow mapping" in context:
            mark = exc.context_mark or exc.problem_mark
            bracket, close = ("[", "]") if "sequence" in context else ("{", "}")
            message = f"opens a `{bracket}` that is never closed"
            hint = f"end it with `{close}` on the same line, or put a value that starts " \
                   f"with `{bracket}` in quotes"
        else:
            mark = exc.problem_mark or exc.context_mark
            message = f"is not valid YAML here: {exc.problem}"
            hint = "check the quotes and the indentation of this line and the one before"
        self.add((mark.line + 1, mark.column + 1) if mark else (1, 1), "", message, hint)

    # --- shapes and values ---------------------------------------------------------------------

    def mapping(self, raw: object, at: Where, key: str, allowed: Sequence[str],
                required: Sequence[str], what: str) -> CommentedMap | None:
        """`raw` if it is a mapping; every unknown and missing key is a problem."""
        if not isinstance(raw, CommentedMap):
            self.add(at, key, f"must be {what}: a mapping with {listed(required)}")
            return None
        for name in raw:
            if name not in allowed:
                self.add(key_at(raw, name), key, f"unknown key `{name}`",
                         _unknown_hint(raw, name, what, allowed))
        for name in required:
            if name not in raw:
                self.add(start(raw), key, f"has no `{name}`",
                         f"{what} has {listed(required)}")
        return raw

    def text(self, node: CommentedMap, name: str, key: str, *, lines: bool = False
             ) -> str | None:
        """The text under `name`, its spaces made single (or, with `lines`, kept)."""
        if name not in node:
            return None  # reported by mapping()
        value = node[name]
        if not isinstance(value, str) or not value.strip():
            self.add(value_at(node, name), join_key(key, name), "must be text, not empty",
                     "put it in quotes if YAML reads it as a number, a date or true/false"
                     if value is not None else "")
            return None
        return value.strip() if lines else " ".join(value.split())

    def date(self, node: CommentedMap) -> dt.date | None:
        value = node.get("published")
        if "published" not in node:
            return None
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            self.add(value_at(node, "published"), "published", "must be a date, YYYY-MM-DD",
                     "the date the edition was published or last updated")
            return None

    def url(self, node: CommentedMap) -> str | None:
        value = self.text(node, "url", "")
        if value is not None and (not value.startswith("https://") or " " in value):
            self.add(value_at(node, "url"), "url", "must be a web address starting with "
                     "https://", "the address of the guidance's authoritative text")
            return None
        return value

    def new_id(self, node: CommentedMap, key: str) -> str | None:
        """A part's or section's ID: text of the right form, not given before."""
        value = self.text(node, "id", key)
        if value is None:
            return None
        at = value_at(node, "id")
        if not _ID.match(value):
            self.add(at, join_key(key, "id"), f"`{value}` is not an ID", "lower-case letters "
                     "and digits, in words joined by dots or hyphens, such as use.personal")
            return None
        if value in self.seen:
            self.add(at, join_key(key, "id"), f"`{value}` is given twice: it is already the ID "
                     f"on line {self.seen[value][0]}", "every part and section has its own ID")
            return None
        self.seen[value] = at
        return value

    # --- parts and sections --------------------------------------------------------------------

    def parts(self, top: CommentedMap) -> tuple[Part, ...] | None:
        raw = top.get("parts")
        if "parts" not in top:
            return None
        if not isinstance(raw, CommentedSeq) or not raw:
            self.add(value_at(top, "parts"), "parts", "must be a list of parts, not empty")
            return None
        parts = [self.part(raw[i], item_at(raw, i), f"parts[{i}]") for i in range(len(raw))]
        return tuple(p for p in parts if p is not None) if None not in parts else None

    def part(self, raw: object, at: Where, key: str) -> Part | None:
        node = self.mapping(raw, at, key, PART_KEYS, PART_KEYS, "a part")
        if node is None:
            return None
        part_id = self.new_id(node, key)
        title, audience = self.text(node, "title", key), self.text(node, "audience", key)
        sections = node.get("sections")
        if "sections" in node and (not isinstance(sections, CommentedSeq) or not sections):
            self.add(value_at(node, "sections"), join_key(key, "sections"),
                     "must be a list of sections, not empty")
            return None
        if not isinstance(sections, CommentedSeq):
            return None
        read = [self.section(sections[j], item_at(sections, j), f"{key}.sections[{j}]")
                for j in range(len(sections))]
        if part_id is None or title is None or audience is None or None in read:
            return None
        return Part(part_id, title, audience, tuple(cast(list[Section], read)))

    def section(self, raw: object, at: Where, key: str) -> Section | None:
        key = _label(raw, key)  # messages name a section by its ID where it has a good one
        node = self.mapping(raw, at, key, SECTION_KEYS, SECTION_REQUIRED, "a section")
        if node is None:
            return None
        section_id = self.new_id(node, key)
        title = self.text(node, "title", key)
        core = node.get("core")
        if "core" in node and not isinstance(core, bool):
            self.add(value_at(node, "core"), join_key(key, "core"), "must be true or false",
                     "true for a section a department may localise but never omit")
        source = self.source(node, key)
        restates = self.restates(node, key, source)
        keep = self.keep(node, key, core) if isinstance(core, bool) else None
        body = self.body(node, section_id)
        if (section_id is None or title is None or not isinstance(core, bool)
                or source is None or restates is None or keep is None or body is None):
            return None
        section = Section(section_id, title, core, body, keep, source, restates or None)
        self.own_text_keeps(node, section)
        return section

    def source(self, node: CommentedMap, key: str) -> SectionSource | None:
        value = node.get("source", DEFAULT_SOURCE)
        if value not in SOURCE_LABELS:
            self.add(value_at(node, "source"), join_key(key, "source"),
                     f"must be one of {listed(list(SOURCE_LABELS))}",
                     f"where the section's content comes from; leave it out for "
                     f"{SOURCE_LABELS[DEFAULT_SOURCE]}")
            return None
        return cast(SectionSource, value)

    def restates(self, node: CommentedMap, key: str, source: SectionSource | None
                 ) -> str | None:
        """The earlier edition a section of the guidance restates ("" where it is this
        edition's own); None where the value is wrong."""
        if "restates" not in node:
            return ""
        value, at = node["restates"], value_at(node, "restates")
        hint = ("the name of an earlier edition, in quotes, whose text this section restates "
                "because this edition's words on the subject are not known")
        if source != "guidance":
            self.add(at, join_key(key, "restates"), "is only for a section of the Cabinet "
                     "Office guidance", "leave out `source:`, or leave out `restates:`")
            return None
        if not isinstance(value, str) or not _EDITION.match(value) \
                or value >= self.folder.name:
            self.add(at, join_key(key, "restates"), f"`{value}` is not an earlier edition", hint)
            return None
        return value

    def body(self, node: CommentedMap, section_id: str | None) -> str | None:
        if section_id is None:
            return None
        path = self.folder / "sections" / f"{section_id}.md"
        try:
            body = path.read_text("utf-8")
        except (OSError, UnicodeDecodeError):
            self.add(value_at(node, "id"), section_id, f"has no text: {shown_path(path)} is "
                     "missing or not UTF-8", "write the section's text in that file")
            return None
        if not body.strip():
            self.add(value_at(node, "id"), section_id, f"has no text: {shown_path(path)} is empty")
            return None
        return body

    def unlisted_texts(self) -> None:
        """A text with no section in edition.yaml: a renamed ID, or a section left out."""
        if not (self.folder / "sections").is_dir() or not self.seen:
            return
        for path in sorted((self.folder / "sections").glob("*.md")):
            if path.stem not in self.seen:
                self.problems.append(Problem(
                    shown_path(path), 1, 1, "", f"is the text of no section: edition.yaml has no "
                    f"section `{path.stem}`", "list the section in edition.yaml, or delete the "
                    "file"))




def _label(raw: object, key: str) -> str:
    """A section's ID, to name it by in messages, else its place (`parts[0].sections[2]`)."""
    value = raw.get("id") if isinstance(raw, CommentedMap) else None
    return value if isinstance(value, str) and _ID.match(value) else key


def _unknown_hint(node: CommentedMap, name: object, what: str, allowed: Sequence[str]) -> str:
    """A key YAML split off a value at its comma ({title: A, B, core: false}) gets its fix."""
    keys = list(node)
    at = keys.index(name)
    before = keys[at - 1] if at else None
    if node.fa.flow_style() and node[name] is None and isinstance(node.get(before), str):
        return (f"a comma ended `{before}` early: put the value in quotes, as in "
                f"{before}: \"{node[before]}, {name}\"")
    return f"{what} has {listed(allowed)}"
