"""`check` is `build` without the rendering: everything build would refuse in a profile.

One function serves both commands, so they cannot drift apart: the YAML and its keys
(validation), the logo file it names (present, exact name, real type, size, SVG safety),
every character no bundled font can draw (the PDF would have to show an empty box, which
PDF/UA forbids), and, over several profiles, two that would write to one folder.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from generator.errors import Problem, ProfileError
from generator.fonts import undrawable
from generator.language import (
    Coverage,
    pack_units,
    read_xliff,
    same_language,
    translation_coverage,
)
from generator.model import Guidance, LogoImage, LogoRef, Profile, TranslationRef
from generator.profile.fields import STARTER_MARK
from generator.profile.load import KeyPath, SourceDoc, load_profile
from generator.profile.logo import load_logo, load_translation, logo_path
from generator.profile.text import HIDDEN_HINT, invisible_character
from generator.profile.validation import validate

SLUG: KeyPath = ("department", "slug")


@dataclass(frozen=True)
class Checked:
    """A profile that build will accept: its source, its values, its logo and warnings."""

    doc: SourceDoc
    profile: Profile
    logo: LogoImage | None
    warnings: tuple[Problem, ...]
    inputs: tuple[Path, ...]  # the files the pack is made from: the profile, its logo and
    # its translations
    # Each translation the profile names, unit by unit: one with problems holds its pack
    # back (the English pack is still built), and `check` reports the same problems.
    translations: tuple[Coverage, ...] = ()

    @property
    def held(self) -> tuple[Problem, ...]:
        """What holds a translated pack back: each unit not ready, or a file unfit."""
        return tuple(p for c in self.translations for p in c.problems)


def check_profile(path: Path, editions: Mapping[str, Guidance],
                  today: dt.date | None = None) -> Checked:
    """Everything `build` checks before it renders; ProfileError lists every problem."""
    return check_source(load_profile(path), editions, today)


def check_source(doc: SourceDoc, editions: Mapping[str, Guidance],
                 today: dt.date | None = None) -> Checked:
    """`check_profile` of a profile already read (the editor's text, before it is saved)."""
    path = doc.path
    logo_problems, logo, logo_file = _logo_file(doc)
    problems = [*_undrawable(doc), *logo_problems]
    try:
        profile, warnings = validate(doc, editions, today)
    except ProfileError as exc:
        raise ProfileError([*exc.problems, *problems]) from None
    if problems:
        raise ProfileError(problems)
    named = profile.department.logo
    image = replace(logo, alt=named.alt) if logo and named else None  # read once, above
    guidance = editions[profile.base]
    translated = tuple(_translation(doc, ref, profile, guidance, image)
                       for ref in profile.translations)
    inputs = (path, *((logo_file,) if image and logo_file else ()),
              *(doc.folder / ref.file for ref in profile.translations))
    return Checked(doc, profile, image, warnings, inputs, translated)


def _translation(doc: SourceDoc, ref: TranslationRef, profile: Profile, guidance: Guidance,
                 logo: LogoImage | None) -> Coverage:
    """The translation file a profile names, read and checked against the units of its
    English pack. A file that cannot be read is a problem of that pack alone."""
    name = str(doc.folder / ref.file)
    try:  # inside the folder, no link out, its exact name, a regular file, its size
        translation = read_xliff(load_translation(doc, ref), name)
    except ProfileError as exc:  # at the profile's line, or at the file's
        return Coverage.unread(ref.language, name, *exc.problems)
    if not same_language(translation.language, ref.language):
        return Coverage.unread(ref.language, name, Problem(
            name, 1, 1, "", f"is a translation into {translation.language!r}, not "
            f"{ref.language!r} as the profile says",
            f"name the {ref.language} file under translations.{ref.language}"))
    return _visible(translation_coverage(pack_units(profile, guidance, logo), translation,
                                         str(doc.path)))


def _visible(found: Coverage) -> Coverage:
    """`found` with each target that holds a character a profile may not hold (a
    bidirectional override, a zero-width space) held back as the profile's value would be."""
    hidden = {unit: said for unit, target in found.targets.items()
              if (said := invisible_character("".join(item.text for item in target)))}
    if not hidden:
        return found
    problems = tuple(Problem(found.file, 1, 1, unit, said, HIDDEN_HINT)
                     for unit, said in hidden.items())
    return replace(found, translated=found.translated - len(hidden),
                   targets={k: v for k, v in found.targets.items() if k not in hidden},
                   problems=(*found.problems, *problems))


def check_profiles(paths: Iterable[Path], editions: Mapping[str, Guidance],
                   today: dt.date | None = None) -> list[tuple[Path, Checked | ProfileError]]:
    """Each profile checked, and a second profile with the slug of an earlier one refused:
    the two packs would be written to one folder."""
    results: list[tuple[Path, Checked | ProfileError]] = []
    owners: dict[str, Path] = {}
    for path in paths:
        try:
            checked = check_profile(path, editions, today)
        except ProfileError as exc:
            results.append((path, exc))
            continue
        slug = checked.profile.department.slug
        if slug in owners:
            results.append((path, slug_taken(checked.doc, slug, owners[slug])))
            continue
        owners[slug] = path
        results.append((path, checked))
    return results


def slug_taken(doc: SourceDoc, slug: str, owner: Path) -> ProfileError:
    """The error for a profile whose slug another profile, checked or built first, has."""
    return ProfileError([doc.problem(
        SLUG, f"`{slug}` is also the slug of {owner}",
        "give each profile its own slug: it names the folder its pack is written to")])


def _undrawable(doc: SourceDoc) -> Iterator[Problem]:
    """Each value holding characters that no bundled font can draw: the first one named,
    at its own line and column, and how many more there are."""
    for key, text in _strings(doc.data, ()):
        found = undrawable(text)
        if not found:
            continue
        others = len({f.char for f in found}) - 1
        more = f" and {others} other character{'s' if others > 1 else ''}" if others else ""
        yield doc.problem(key, f"has {found[0].name}{more} that none of the bundled fonts can "
                          f"draw, so the PDF could not show {'them' if others else 'it'}",
                          "write it another way, or leave it out", needle=found[0].char)


def _strings(value: object, key: KeyPath) -> Iterator[tuple[KeyPath, str]]:
    if isinstance(value, str):
        yield key, value
    elif isinstance(value, dict):
        for name, child in value.items():
            yield from _strings(child, (*key, name))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _strings(child, (*key, index))


def _logo_file(doc: SourceDoc) -> tuple[list[Problem], LogoImage | None, Path | None]:
    """The logo file the profile names, read and checked even when other keys have
    mistakes: (its problems, its image, its path); empty when no usable name is given."""
    department = doc.data.get("department") if isinstance(doc.data, dict) else None
    logo = department.get("logo") if isinstance(department, dict) else None
    file = logo.get("file") if isinstance(logo, dict) else None
    if not isinstance(file, str) or not file.strip() or STARTER_MARK in file:
        return [], None, None  # validation reports a missing or unfinished name
    try:
        image = load_logo(doc, LogoRef(file.strip(), ""))
    except ProfileError as exc:
        return list(exc.problems), None, None
    return [], image, logo_path(doc, file.strip())
