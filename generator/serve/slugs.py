"""A profile's slug is its department's own: it names the pack's folder, the sign-off file
(`signoffs/<slug>.yaml`) and the translation the editor starts (`<slug>-cy.xlf`), so a
profile given another's slug would read and write that department's files (issue 29's
review). The editor refuses a save that gives a profile a slug another profile of the
folder or its drafts has, and each page that reads a file named by the slug first asks
whether the slug is this profile's alone.

In team mode the other profile is never named: an editor of one department may not learn
what another department's profile is called.
"""

from __future__ import annotations

from pathlib import Path

from generator.errors import PolicyPackError
from generator.serve import store
from generator.serve.answers.forms import lookup
from generator.serve.people import team_mode
from generator.serve.workspace import source

SLUG = ("department", "slug")
TAKEN_TEAM = "Another profile in this folder already uses this folder name: choose another"


def slug_of(path: Path) -> object:
    """The profile's `department.slug` as its file says now; None if it cannot be read."""
    try:
        return lookup(source(store.read(path), path).data, SLUG)
    except PolicyPackError:
        return None  # a profile that cannot be read has no slug to share


def owner(folder: Path, slug: object, name: str) -> str | None:
    """The name of another profile of `folder` or its drafts (not `name`, nor its draft)
    whose slug is `slug`; None if `slug` is `name`'s alone (or is no slug at all)."""
    if not isinstance(slug, str) or not slug:
        return None
    return next((other for other, path in sorted(store.listing(folder).items())
                 if other != name and slug_of(path) == slug), None)


def taken_words(other: str) -> str:
    """Why the slug is refused: naming the other profile on a laptop (the person owns the
    folder), never in team mode."""
    if team_mode():
        return TAKEN_TEAM
    return f"{other} already uses this folder name: choose another"


def sharing(folder: Path) -> frozenset[str]:
    """The names of the profiles of `folder` and its drafts whose slug another has: each
    file is read once (the dashboard asks this of every department at once)."""
    by_slug: dict[str, list[str]] = {}
    for name, path in store.listing(folder).items():
        slug = slug_of(path)
        if isinstance(slug, str) and slug:
            by_slug.setdefault(slug, []).append(name)
    return frozenset(name for names in by_slug.values() if len(names) > 1 for name in names)
