"""The units a translator translates, and a translator that answers from a translation
(pure).

`pack_units()` merges the English pack with a `Recorder`: the merge asks for every piece of text
the department owns, by a stable ID (generator/policy/translating.py), and the recorder keeps
what it was asked. `Answered` gives those IDs' text from a translation file instead, so the
Welsh pack is the same merge with the translator's words.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from generator.model import Guidance, Inlines, LogoImage, Profile, Text
from generator.policy import ENGLISH, Language, Provenance, merge


@dataclass(frozen=True)
class Unit:
    """One piece of text to translate: a paragraph, a list item, a cell, a title, a name."""

    id: str
    context: str  # where it appears, for the translator's note
    source: Inlines  # the English, with its emphasis and links
    plain: bool  # a plain text (a title, a name): no emphasis or links may be added


class Recorder:
    """A translator that changes nothing and keeps every unit it is asked for, in order."""

    def __init__(self) -> None:
        self.found: dict[str, Unit] = {}

    def text(self, unit: str, context: str, text: str) -> str:
        self._keep(Unit(unit, context, (Text(text),), True))
        return text

    def inlines(self, unit: str, context: str, inlines: Inlines) -> Inlines:
        self._keep(Unit(unit, context, inlines, False))
        return inlines

    def _keep(self, unit: Unit) -> None:
        earlier = self.found.setdefault(unit.id, unit)
        if earlier.source != unit.source:  # one section shown twice (house rules) is one unit
            raise ValueError(f"unit {unit.id} asked for with two texts: a bug")


def pack_units(profile: Profile, guidance: Guidance, logo: LogoImage | None = None
          ) -> tuple[Unit, ...]:
    """Every unit of the profile's pack, in the order the pack shows them."""
    recorder = Recorder()
    merge(profile, guidance, logo, Provenance("", ""),
          language=Language(ENGLISH.words, recorder))
    return tuple(recorder.found.values())


class Answered:
    """A translator that answers each unit from `targets` (unit ID to its translation).

    The build checks first that every unit has a translation that is not out of date
    (generator/language/coverage.py); one without is a bug, never English in the pack."""

    def __init__(self, targets: Mapping[str, Inlines]) -> None:
        self.targets = targets

    def text(self, unit: str, context: str, text: str) -> str:
        return "".join(item.text for item in self._target(unit))

    def inlines(self, unit: str, context: str, inlines: Inlines) -> Inlines:
        return self._target(unit)

    def _target(self, unit: str) -> Inlines:
        try:
            return self.targets[unit]
        except KeyError:
            raise ValueError(f"unit {unit} has no translation: a bug, since the build "
                             "checks every unit first") from None
