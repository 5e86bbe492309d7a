"""Stage 3: load a base guidance edition from templates/guidance/<edition>/.

An edition is `edition.yaml` (its date, title, source note, and the ordered parts and
sections with their stable IDs and core flags) plus one Markdown file per section under
`sections/`. A core section lists under `keep:` the points a department's replacement of
its text must still make (docs/editions.md). These are the project's own files, so a fault
here is a GuidanceError (a bug in templates/), never a profile error.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from functools import cache
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from generator.errors import GuidanceError
from generator.model import Guidance, KeepPoint, Part, Section
from generator.policy.substance import dropped_points
from generator.resources import guidance_root

POINT_KEYS = ("says", "any", "all")


def available_editions(root: Path | None = None) -> dict[str, Guidance]:
    """Every edition under `root` (default: the bundled ones), by name."""
    root = root or guidance_root()
    names = sorted(p.name for p in root.iterdir() if (p / "edition.yaml").is_file())
    return {name: load_guidance(name, root) for name in names}


@cache
def load_guidance(edition: str, root: Path | None = None) -> Guidance:
    """Load and check one edition (cached: editions do not change while the tool runs)."""
    folder = (root or guidance_root()) / edition
    try:
        meta = YAML(typ="safe", pure=True).load((folder / "edition.yaml").read_text("utf-8"))
    except (OSError, YAMLError) as exc:
        raise GuidanceError(f"base edition {edition}: cannot read edition.yaml: {exc}") from None
    try:
        parts = tuple(_part(folder, p) for p in meta["parts"])
        guidance = Guidance(
            edition=str(meta["edition"]),
            title=str(meta["title"]),
            published=_date(meta["published"]),
            publisher=str(meta["publisher"]),
            source_note=str(meta["source_note"]).strip(),
            url=str(meta["url"]),
            parts=parts,
            sha256=edition_digest(folder),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise GuidanceError(f"base edition {edition}: edition.yaml is malformed: {exc!r}") from None
    _check_unique(guidance)
    return guidance


def _part(folder: Path, raw: dict[str, object]) -> Part:
    sections = raw["sections"]
    assert isinstance(sections, list)
    return Part(str(raw["id"]), str(raw["title"]), str(raw["audience"]),
                tuple(_section(folder, s) for s in sections))


def _section(folder: Path, raw: dict[str, object]) -> Section:
    section_id = str(raw["id"])
    path = folder / "sections" / f"{section_id}.md"
    try:
        body = path.read_text("utf-8")
    except OSError:
        raise GuidanceError(f"base edition {folder.name}: no text for {section_id} "
                            f"(expected {path})") from None
    core = raw["core"]
    if not isinstance(core, bool):
        raise GuidanceError(f"base edition {folder.name}: {section_id} has no core: true|false")
    where = f"base edition {folder.name}: {section_id}"
    section = Section(section_id, str(raw["title"]), core, body,
                      _keep(where, core, raw.get("keep")))
    _check_own_text_keeps(where, section)
    return section


def _keep(where: str, core: bool, raw: object) -> tuple[KeepPoint, ...]:
    """A core section's points (docs/editions.md); a section that is not core has none."""
    if not core:
        if raw is not None:
            raise GuidanceError(f"{where}: keep: is only for a core section (core: true)")
        return ()
    if not isinstance(raw, list) or not raw:
        raise GuidanceError(f"{where}: a core section needs keep: a list of the points a "
                            f"replacement must still make")
    return tuple(_point(f"{where}: keep[{i}]", item) for i, item in enumerate(raw))


def _point(where: str, raw: object) -> KeepPoint:
    if not isinstance(raw, dict):
        raise GuidanceError(f"{where}: must be a point: `says:` and one of `any:` or `all:`")
    unknown = sorted(str(k) for k in raw if k not in POINT_KEYS)
    if unknown:
        raise GuidanceError(f"{where}: unknown key `{unknown[0]}` (a point has `says:` and "
                            f"one of `any:` or `all:`)")
    says = raw.get("says")
    if not isinstance(says, str) or not says.strip():
        raise GuidanceError(f"{where}.says: must be text: the point in plain words")
    if ("any" in raw) == ("all" in raw):
        raise GuidanceError(f"{where}: needs exactly one of `any:` (phrases, one of which must "
                            f"appear) or `all:` (entries that must all appear)")
    evidence: tuple[tuple[str, ...], ...]
    if "any" in raw:
        evidence = (_phrases(f"{where}.any", raw["any"]),)
    else:
        entries = raw["all"]
        if not isinstance(entries, list) or not entries:
            raise GuidanceError(f"{where}.all: must be a list of phrases or lists of phrases")
        evidence = tuple(_phrases(f"{where}.all[{j}]", [e] if isinstance(e, str) else e)
                         for j, e in enumerate(entries))
    return KeepPoint(" ".join(says.split()), evidence)


def _phrases(where: str, raw: object) -> tuple[str, ...]:
    if (not isinstance(raw, list) or not raw
            or not all(isinstance(p, str) and p.strip() for p in raw)):
        raise GuidanceError(f"{where}: must be a list of phrases (text, not empty)")
    return tuple(" ".join(p.split()) for p in raw)


def _check_own_text_keeps(where: str, section: Section) -> None:
    """The law behind every check: the base text makes all of its own points."""
    dropped = dropped_points(section, section.body)
    if dropped:
        raise GuidanceError(f"{where}: its own text does not make the point that "
                            f"{dropped[0].says} (make the text say it, or change the point's "
                            f"phrases)")


def _date(value: object) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def edition_digest(folder: Path) -> str:
    """SHA-256 of every file of an edition: names and contents."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def _check_unique(guidance: Guidance) -> None:
    seen: set[str] = set()
    for section in guidance.sections():
        if section.id in seen:
            raise GuidanceError(f"base edition {guidance.edition}: {section.id} appears twice")
        seen.add(section.id)
