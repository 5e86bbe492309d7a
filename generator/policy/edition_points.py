"""Reading an edition's YAML with the place of every key and value (docs/editions.md).

ruamel.yaml's round-trip loader keeps where each key and value is written (`lc`, 0-based);
a problem is a generator.errors.Problem at a 1-based file:line:column, the same as a
profile's. `PointsReader` collects the problems and reads a core section's `keep:` points;
generator/policy/editions.py builds the rest of the edition on it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from jinja2.exceptions import TemplateError
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from generator.errors import Problem
from generator.model import KeepPoint, Section
from generator.policy.substance import dropped_points
from generator.policy.terms import fill_each_code

POINT_KEYS = ("says", "any", "all")
Where = tuple[int, int]  # 1-based line and column


def shown_path(path: Path) -> str:
    """The path as a message shows it: from the working folder when it is below it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except (ValueError, OSError):
        return str(path)


def start(node: CommentedMap | CommentedSeq) -> Where:
    return node.lc.line + 1, node.lc.col + 1


def key_at(node: CommentedMap, key: object) -> Where:
    try:
        line, column = node.lc.key(key)
    except (KeyError, TypeError):  # a key merged in from an anchor (<<: *name) has none
        return start(node)
    return line + 1, column + 1


def value_at(node: CommentedMap, key: object) -> Where:
    try:
        line, column = node.lc.value(key)
    except (KeyError, TypeError):  # an empty value has no place of its own: use its key's
        return key_at(node, key)
    return line + 1, column + 1


def item_at(node: CommentedSeq, index: int) -> Where:
    try:
        line, column = node.lc.item(index)
    except (KeyError, TypeError):
        return start(node)
    return line + 1, column + 1


def join_key(key: str, name: str) -> str:
    return f"{key}.{name}" if key else name


def listed(names: Sequence[str]) -> str:
    quoted = [f"`{n}`" for n in names]
    return ", ".join(quoted[:-1]) + " and " + quoted[-1]


@dataclass
class PointsReader:
    """Collects an edition's problems, every one before any is raised; reads `keep:`."""

    shown: str  # edition.yaml's path as messages show it
    problems: list[Problem] = field(default_factory=list)

    def add(self, at: Where, key: str, message: str, hint: str = "") -> None:
        self.problems.append(Problem(self.shown, at[0], at[1], key, message, hint))

    def keep(self, node: CommentedMap, key: str, core: bool) -> tuple[KeepPoint, ...] | None:
        if "keep" not in node:
            if core:
                self.add(start(node), key, "a core section needs keep: a list of the points "
                         "a replacement must still make")
                return None
            return ()
        if not core:
            self.add(key_at(node, "keep"), join_key(key, "keep"),
                     "is only for a core section (core: true)")
            return None
        raw = node["keep"]
        if not isinstance(raw, CommentedSeq) or not raw:
            self.add(value_at(node, "keep"), join_key(key, "keep"), "must be a list of the "
                     "points a replacement must still make")
            return None
        points = [self.point(raw[i], item_at(raw, i), f"{key}.keep[{i}]")
                  for i in range(len(raw))]
        return tuple(p for p in points if p is not None) if None not in points else None

    def point(self, raw: object, at: Where, key: str) -> KeepPoint | None:
        if not isinstance(raw, CommentedMap):
            self.add(at, key, "must be a point: `says:` and one of `any:` or `all:`")
            return None
        for name in raw:
            if name not in POINT_KEYS:
                self.add(key_at(raw, name), key, f"unknown key `{name}`",
                         "a point has `says:` and one of `any:` or `all:`")
        says = raw.get("says")
        if not isinstance(says, str) or not says.strip():
            self.add(value_at(raw, "says") if "says" in raw else at, join_key(key, "says"),
                     "must be text: the point in plain words")
            says = None
        if ("any" in raw) == ("all" in raw):
            self.add(at, key, "needs exactly one of `any:` (phrases, one of which must "
                     "appear) or `all:` (entries that must all appear)")
            return None
        evidence = self.any_of(raw, key) if "any" in raw else self.all_of(raw, key)
        if says is None or evidence is None:
            return None
        return KeepPoint(" ".join(says.split()), evidence)

    def any_of(self, raw: CommentedMap, key: str) -> tuple[tuple[str, ...], ...] | None:
        phrases = self.phrases(raw["any"], value_at(raw, "any"), f"{key}.any")
        return None if phrases is None else (phrases,)

    def all_of(self, raw: CommentedMap, key: str) -> tuple[tuple[str, ...], ...] | None:
        entries = raw["all"]
        if not isinstance(entries, CommentedSeq) or not entries:
            self.add(value_at(raw, "all"), f"{key}.all",
                     "must be a list of phrases or lists of phrases")
            return None
        groups = [(entry,) if isinstance(entry, str) and entry.strip() else
                  self.phrases(entry, item_at(entries, j), f"{key}.all[{j}]")
                  for j, entry in enumerate(entries)]
        return tuple(g for g in groups if g is not None) if None not in groups else None

    def phrases(self, raw: object, at: Where, key: str) -> tuple[str, ...] | None:
        if isinstance(raw, CommentedSeq) and raw:
            bad = next((i for i, p in enumerate(raw)
                        if not isinstance(p, str) or not p.strip()), None)
            if bad is None:
                return tuple(" ".join(p.split()) for p in raw)
            at = item_at(raw, bad)
            if isinstance(raw[bad], bool | int | float):
                self.add(at, key, "must be a list of phrases (text, not empty)",
                         f"YAML reads `{str(raw[bad]).lower()}` as something other than "
                         "text: put it in quotes")
                return None
        self.add(at, key, "must be a list of phrases (text, not empty)")
        return None

    def own_text_keeps(self, node: CommentedMap, section: Section) -> None:
        """The law behind every check: the base text makes all of its own points, whichever
        code of conduct fills its placeholders (the Civil Service Code, the NICS Code of
        Ethics). A placeholder that no profile can fill is a problem here, not at build."""
        raw = node.get("keep")
        try:
            fill_each_code(section.title)  # a heading may name the code too
            filled = fill_each_code(section.body)
        except TemplateError as exc:
            self.add(value_at(node, "id"), section.id, f"has a placeholder that cannot be "
                     f"filled: {exc}", "the placeholders are listed in docs/editions.md")
            return
        failing: dict[int, list[str]] = {}  # each dropped point: the codes it fails with
        for code, text in filled.items():
            for point in dropped_points(section, text):
                failing.setdefault(section.keep.index(point), []).append(code)
        for index, codes in sorted(failing.items()):
            at = item_at(raw, index) if isinstance(raw, CommentedSeq) else start(node)
            where = "" if len(codes) == len(filled) else f" when it names the {codes[0]}"
            self.add(at, f"{section.id}.keep[{index}]", "the section's own text does not "
                     f"make the point that {section.keep[index].says}{where}",
                     "make the text say it, or change the point's phrases")
