"""Whether a translation covers the pack, unit by unit (pure).

Nothing half-translated is published: a unit of the English pack that the file lacks, leaves
untranslated, marks for review, or made from English that has changed since, holds the
translated pack back. Each such unit is one problem, at its line in the translation file,
naming its ID and where it appears, so a translator can find it in any CAT tool.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from generator.errors import Problem
from generator.fonts import undrawable
from generator.language.pseudo import is_pseudo
from generator.language.units import Unit
from generator.language.xliff import Target, Translation, is_translated, resolve, source_text
from generator.model import Inlines, Link
from generator.policy import is_verbatim


@dataclass(frozen=True)
class Coverage:
    """What a translation gives the pack, and what holds it back."""

    language: str
    file: str
    sha256: str
    units: int  # in the English pack
    translated: int  # of them, ready to publish
    targets: Mapping[str, Inlines]  # the ready ones, by unit ID
    problems: tuple[Problem, ...]  # one per unit that is not ready
    # Made by scripts/pseudo_translate.py to test the machinery, not by a translator: its
    # pack says on every cover that it is not a translation.
    pseudo: bool = False

    @property
    def complete(self) -> bool:
        return not self.problems

    @classmethod
    def unread(cls, language: str, file: str, *problems: Problem) -> Coverage:
        """A translation file that could not be read: nothing of it is used."""
        return cls(language, file, "", 0, 0, {}, problems)

    def summary(self, file: str) -> dict[str, object]:
        """The manifest's record of the translation; `file` as the profile names it."""
        return {"file": file, "sha256": self.sha256, "units": self.units,
                "translated": self.translated, "complete": self.complete,
                "pseudo": self.pseudo,
                "held_back": [f"{p.key}: {p.message}" if p.key else p.message
                              for p in self.problems]}


def translation_coverage(units: Sequence[Unit], translation: Translation,
                         profile: str = "PROFILE") -> Coverage:
    """Each unit checked against its target in the file; `profile`, the profile's path as
    the hints name it."""
    targets: dict[str, Inlines] = {}
    problems: list[Problem] = []
    for unit in units:
        target = translation.targets.get(unit.id)
        why, hint, resolved = _judge(unit, target)
        if resolved is not None:
            targets[unit.id] = resolved
            continue
        problems.append(Problem(
            translation.path, target.line if target else 1, target.column if target else 1,
            unit.id, f"{why} ({unit.context}: “{_glimpse(unit.source)}”)",
            hint.format(profile=profile, language=translation.language,
                        file=translation.path)))
    return Coverage(translation.language, translation.path, translation.sha256, len(units),
                    len(targets), targets, tuple(problems),
                    any(is_pseudo(t) for t in targets.values()))


# What to do, by what is wrong.
_ADD = ("run `policy-pack translate {profile} --lang {language} --out {file}` to add it to "
        "the file, and send the file to the translator")
_FINISH = "send the file to the translator to finish it, then save it here again"
_REVIEW = ("send the file to the translator: once they have checked the translation against "
           "the new English, their tool marks the unit translated")
_MARK = ("once the translation is checked, mark the unit translated in the translator's "
         "tool, then save the file here again")


def _judge(unit: Unit, target: Target | None) -> tuple[str, str, Inlines | None]:
    """(why it is not ready, what to do, None) or ("", "", the target as the pack's
    inlines)."""
    if target is None:
        return "is not in the translation file: the English has it now", _ADD, None
    if target.target is None or not any(run.text.strip() for run in target.target):
        return "is not translated yet", _FINISH, None
    if target.source != source_text(unit.source):
        return ("needs review: its English has changed since it was translated (run "
                "`translate` again to put the new English beside it)"), _ADD, None
    if target.state.startswith("needs-review"):  # `translate` marks changed English so
        changed = "its English changed since it was translated; " if target.previous else ""
        return (f"is still marked for review ({target.state}): {changed}the Welsh is not "
                "used until the unit is marked translated"), _REVIEW if changed else _MARK, None
    if not is_translated(target):
        return f"is marked “{target.state}”, not translated", _MARK, None
    resolved = resolve(target.target, unit.source)
    if isinstance(resolved, str):
        return resolved, _FINISH, None
    kept = _verbatim_changed(unit.source, resolved)
    if kept:
        return (f"changes “{kept}”, which must stay as the English has it (an address or an "
                "account's handle)"), _FINISH, None
    found = undrawable("".join(item.text for item in resolved))
    if found:  # the PDF would have to draw an empty box, which its audit refuses
        return (f"has {found[0].name}, which none of the bundled fonts can draw, so the "
                "PDF could not show it"), _FINISH, None
    return "", "", resolved


def _verbatim_changed(source: Inlines, target: Inlines) -> str:
    """The first link text of the English that is an address or a handle (one word, with
    an @ or a dot: foi@welshgov.example, @welshgov_example, gov.wales) and that the
    translation does not keep as it is; "" when every one is kept."""
    kept = {item.text for item in target if isinstance(item, Link)}
    return next((item.text for item in source
                 if isinstance(item, Link) and is_verbatim(item.text, item.href)
                 and item.text not in kept), "")


def _glimpse(source: Inlines, length: int = 60) -> str:
    """The start of a unit's English, for finding it in a translator's tool."""
    text = " ".join("".join(item.text for item in source).split())
    return text if len(text) <= length else text[:length - 1].rstrip() + "…"
