"""Does a replacement of a core section still make that section's points? (pure)

A base edition lists, under each core section's `keep:`, the points a department's
replacement text must still make (docs/editions.md). Each point has a plain-words statement
and its evidence: groups of phrases. The text makes the point when every group is found,
and a group is found when any one of its phrases appears in the text. A phrase is found
where a word starts with it, whatever the case, the line breaks or the Markdown emphasis:
`disciplin` is found in "Disciplinary action", `code` is not found in "postcode".

This is a floor, not a reading: it shows that each point is still mentioned, not that the
text agrees with it. A person still approves every modification (`approved_by`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from generator.model import KeepPoint, Section

# Typographic quotes read as plain ones; emphasis marks are dropped so that a phrase is
# found inside "**Integrity**" or "the *Civil Service* Code".
_PLAIN = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                        "*": None, "_": None, "`": None})


def dropped_points(section: Section, text: str) -> list[KeepPoint]:
    """The points of `section.keep` that `text` does not make, in the edition's order.

    Empty when the text makes them all, and always empty for a section with no points
    (a section that is not core has none).
    """
    plain = _plain(text)
    return [point for point in section.keep if not _makes(point, plain)]


def substance_problem(section_id: str, dropped: Sequence[KeepPoint], base_text: str = ""
                      ) -> tuple[str, str]:
    """The message and the hint for a replacement of `section_id` that drops these points.

    `dropped` is what `dropped_points` returned, and must not be empty. `base_text`, the
    section's text as filled for the department, picks the example words it reads itself
    (`Code of Ethics` for a Northern Ireland body, not `Civil Service Code`).
    """
    if not dropped:
        raise ValueError("substance_problem needs at least one dropped point")
    message = (f"`{section_id}` is a core section: a replacement must still say "
               + _and([f"that {point.says}" for point in dropped]))
    examples = _and([_example(point, _plain(base_text)) for point in dropped])
    hint = (f"make {'each point' if len(dropped) > 1 else 'the point'} in your own words, "
            f"with words such as {examples}; or keep the base text and add yours with "
            f"`append:` instead of `replace:`")
    return message, hint


def _makes(point: KeepPoint, plain_text: str) -> bool:
    return all(any(_found(phrase, plain_text) for phrase in group) for group in point.evidence)


def _found(phrase: str, plain_text: str) -> bool:
    # (?<!\w): the phrase must start a word; its end may run on ("account" in "accounts").
    return re.search(r"(?<!\w)" + re.escape(_plain(phrase)), plain_text) is not None


def _plain(text: str) -> str:
    return " ".join(text.translate(_PLAIN).casefold().split())


def _example(point: KeepPoint, plain_base: str) -> str:
    """A phrase of each group, the first the base text uses (else the first): `online` with
    `offline`."""
    return " with ".join(
        f"`{next((p for p in group if _found(p, plain_base)), group[0])}`"
        for group in point.evidence)


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
