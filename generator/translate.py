"""`policy-pack translate`: the XLIFF file a translator needs for a profile's pack.

It lists every unit of the English pack (generator/language/units.py). Given the file a
translator has already worked on, it keeps their work: a unit whose English is unchanged keeps
its translation, one whose English changed is marked for review with the old English beside
it, a new one is added, and one the pack no longer has is dropped. The file is written whole
or not at all; a file there that is not a translation is never overwritten.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from generator.errors import UsageError
from generator.language import (
    Translation,
    languages,
    pack_units,
    read_xliff,
    same_language,
    write_xliff,
)
from generator.policy import available_editions
from generator.profile import check_profile
from generator.publish import publish


@dataclass(frozen=True)
class Written:
    """What `translate` wrote, counted for its message."""

    path: Path
    units: int
    translated: int  # kept from the earlier file, their English unchanged
    review: int  # kept, but their English changed: marked for review
    new: int  # not in the earlier file (every unit, without one)
    dropped: int  # in the earlier file, no longer in the pack


def translate(profile: Path, language: str, out: Path, today: dt.date | None = None
              ) -> Written:
    """Write `out`, the units of `profile`'s pack for a translator into `language`."""
    if language not in languages():
        raise UsageError(f"--lang {language}: policy-pack makes packs in "
                         f"{', '.join(languages())} besides English; use one of them")
    if out.suffix.lower() not in (".xlf", ".xliff"):
        raise UsageError(f"--out {out}: name the file .xlf (the XLIFF files translators' "
                         "tools open)")
    editions = available_editions()
    checked = check_profile(profile, editions, today)
    found = pack_units(checked.profile, editions[checked.profile.base], checked.logo)
    earlier = _earlier(out, language, profile.name)
    data = write_xliff(found, language, profile.name, earlier)
    publish(out.parent, {out.name: data})
    return _counted(out, found, earlier, read_xliff(data, str(out)))


def _earlier(out: Path, language: str, profile: str) -> Translation | None:
    """The translator's file already at `out`, read so that their work is kept; a file
    there that is not an XLIFF translation into `language`, or was made for another
    profile, stops the command: it is never overwritten."""
    try:
        data = out.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise UsageError(f"--out {out}: cannot be read ({exc.strerror}), so it was not "
                         "replaced") from None
    earlier = read_xliff(data, str(out))
    if not same_language(earlier.language, language):
        raise UsageError(f"--out {out}: is a translation into {earlier.language!r}, not "
                         f"{language!r}; give another file name")
    if earlier.original and earlier.original != profile:
        raise UsageError(f"--out {out}: is the translation of {earlier.original}, not of "
                         f"{profile}, so it was not replaced; give another file name")
    return earlier


def _counted(out: Path, found: tuple[object, ...], earlier: Translation | None,
             written: Translation) -> Written:
    old = earlier.targets if earlier else {}
    targets = written.targets.values()
    review = sum(1 for t in targets if t.state == "needs-review-translation")
    translated = sum(1 for t in targets if t.target and t.state != "needs-review-translation")
    new = sum(1 for key in written.targets if key not in old)
    dropped = sum(1 for key in old if key not in written.targets)
    return Written(out, len(found), translated, review, new, dropped)


