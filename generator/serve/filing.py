"""Profiles moved about the served folder: a draft leaving drafts when it checks clean,
rename, archive, delete with a way back, and restore (issue 24, deliverable 4).

Every move is made under the folder's lock (store.locked), in one step and never over an
existing file (store.move), so git sees a rename and the bytes are untouched. Only names
from the server's own listings are moved; nothing here takes a path from a request.

Where things go, inside the served folder:

- `drafts/<name>`: new profiles, until a save makes them check clean;
- `archive/<when>.<name>`: archived profiles, kept until someone restores them;
- `.deleted/<when>.<name>`: deleted profiles, kept KEEP_DELETED, then removed for good.
  The folder holds a .gitignore of `*`, so in git a deletion shows as a deletion.

`<when>` is the UTC time of the move, to the microsecond (two moves of one name never meet),
and `-draft` after it marks a draft, so that a restore puts each back where it was.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import threading
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Literal

from generator.errors import PolicyPackError
from generator.serve import recording, store
from generator.serve.answers.forms import lookup
from generator.serve.workspace import Opened, opened, settings, source

Shelf = Literal["archive", "deleted"]
SHELVES: dict[Shelf, str] = {"archive": "archive", "deleted": ".deleted"}
KEEP_DELETED = dt.timedelta(days=30)
STAMP = "%Y%m%dT%H%M%S%fZ"
ENTRY = re.compile(r"(?P<when>\d{8}T\d{12}Z)(?P<draft>-draft)?\.(?P<name>[^/]+\.ya?ml)")


class Refused(PolicyPackError):
    """A move that cannot be made (a name taken, a link); the message says why, plainly."""


@dataclass(frozen=True)
class Shelved:
    """A profile archived or deleted, as the list of profiles offers it back."""

    shelf: Shelf
    entry: str  # its file name on the shelf: the only way a request names it
    name: str  # the profile's file name, as it is restored
    draft: bool  # it was a draft, and goes back to drafts
    when: dt.datetime  # when it was put there (UTC)
    path: Path

    @property
    def until(self) -> dt.datetime | None:
        """When a deleted profile is removed for good (None: archived, kept)."""
        return self.when + KEEP_DELETED if self.shelf == "deleted" else None


def rename(folder: Path, path: Path, name: str) -> Path:
    """The profile at `path` (from the listing) renamed to `<name>` with its own ending, in
    the same place (the folder or its drafts); Refused if the name is taken."""
    new = store.new_file_name(name).removesuffix(".yaml") + path.suffix
    _movable(path)
    with store.locked(folder):
        if store.taken(folder, new):
            raise Refused(f"there is already a profile called {new}: choose another name")
        recording.write(folder, [path, path.with_name(new)],
                        [f"Renamed {path.name} to {new}"],
                        lambda: _move(path, path.with_name(new)))
    return path.with_name(new)


def put_aside(folder: Path, path: Path, shelf: Shelf, now: dt.datetime) -> Path:
    """Archive or delete the profile at `path` (from the listing): moved to its shelf."""
    _movable(path)
    mark = "-draft" if store.is_draft(folder, path) else ""
    target = folder / SHELVES[shelf] / f"{now.astimezone(dt.UTC):{STAMP}}{mark}.{path.name}"
    with store.locked(folder):
        if shelf == "deleted":
            _ignored_by_git(target.parent)
        words = "Archived" if shelf == "archive" else "Deleted"
        recording.write(folder, [path, target], [f"{words} {path.name}"],
                        lambda: _move(path, target))
    return target


def restore(folder: Path, item: Shelved) -> Path:
    """Put `item` back where it was, under its own name; Refused if that name is taken."""
    target = folder / (store.DRAFTS if item.draft else "") / item.name
    with store.locked(folder):
        if store.taken(folder, item.name):
            raise Refused(f"there is already a profile called {item.name}: rename it or "
                          "archive it first, then restore this one")
        words = "archived" if item.shelf == "archive" else "deleted"
        recording.write(folder, [item.path, target], [f"Restored {item.name}, {words} "
                        f"{item.when:%-d %B %Y}"], lambda: _move(item.path, target))
    return target


def shelved(folder: Path) -> list[Shelved]:
    """Every profile archived or deleted, newest first."""
    found = []
    for shelf, sub in SHELVES.items():
        place = folder / sub
        for path in sorted(place.iterdir()) if place.is_dir() else ():
            match = ENTRY.fullmatch(path.name)
            if match and path.is_file() and not path.is_symlink():
                when = dt.datetime.strptime(match["when"], STAMP).replace(tzinfo=dt.UTC)
                found.append(Shelved(shelf, path.name, match["name"], bool(match["draft"]),
                                     when, path))
    return sorted(found, key=lambda item: item.when, reverse=True)


def prune(folder: Path, now: dt.datetime) -> None:
    """Remove for good the deleted profiles kept longer than KEEP_DELETED."""
    with store.locked(folder):
        for item in shelved(folder):
            if item.until is not None and item.until <= now:
                item.path.unlink(missing_ok=True)


def _movable(path: Path) -> None:
    """Links are not moved: a link's target is named from where it lies, and would be lost."""
    if path.is_symlink():
        raise Refused(f"{path.name} is a link to another file: rename, archive or delete it "
                      "in the folder itself")


def _move(source: Path, target: Path) -> None:
    try:
        store.move(source, target)
    except FileNotFoundError:
        raise Refused(f"{source.name} is no longer there: someone may have moved it "
                      "already. Go back to the list of profiles") from None
    except FileExistsError:
        raise Refused(f"there is already a file at {target.name}: try again") from None
    except store.NotEditable as exc:
        raise Refused(str(exc)) from None
    except OSError as exc:
        raise Refused(f"{source.name} could not be moved ({exc.strerror})") from None


def _ignored_by_git(place: Path) -> None:
    place.mkdir(exist_ok=True)
    ignore = place / ".gitignore"
    if not ignore.exists():
        ignore.write_text("# deleted profiles, kept for a while by policy-pack serve\n*\n",
                          "utf-8")


# -- a draft that checks clean leaves drafts ------------------------------------------------

_NOTICES: dict[Path, str] = {}  # by the profile's path: said once on its task list
_NOTICES_LOCK = threading.Lock()
MOVED = "moved"


def settle(saved: Opened) -> Opened:
    """After a save: a draft that now checks clean moves into the folder, where `build`
    and the reviews read it, and its task list says so once. Called by editing.save.

    It stays a draft (and its task list says why) if the folder has a profile of that
    name, or one with the same folder name for the pack (their packs and comparisons would
    overwrite each other), or a different logo where its own logo would go."""
    folder = settings().folder
    if not store.is_draft(folder, saved.path) or saved.errors or not saved.readable:
        return saved
    target = folder / saved.path.name
    try:
        with store.locked(folder):
            if store.read(saved.path).sha256 != saved.snapshot.sha256:
                return saved  # saved again since: that save settles it
            _publishable(saved, folder)
            logo = _logo_path(saved)
            recording.write(folder, [saved.path, target, *logo],
                            [f"{saved.name} checks clean, so it leaves drafts"],
                            lambda: _leave_drafts(saved, folder, target))
    except (Refused, store.NotEditable) as exc:
        _notice(saved.path, str(exc))
        return saved
    _notice(target, MOVED)
    return opened(saved.name, target, saved.snapshot)


def notice(path: Path) -> str | None:
    """What the task list of `path` has to say once: MOVED, or why it stayed a draft."""
    with _NOTICES_LOCK:
        return _NOTICES.pop(path, None)


def _notice(path: Path, text: str) -> None:
    with _NOTICES_LOCK:
        _NOTICES[path] = text


def _publishable(saved: Opened, folder: Path) -> None:
    """Refused if the folder already has this name, or this pack's folder name."""
    if os.path.lexists(folder / saved.path.name):
        raise Refused(f"the folder already has a profile called {saved.name}: rename this "
                      "draft from the list of profiles")
    slug = lookup(saved.data, ("department", "slug"))
    for name, path in store.published(folder).items():
        try:
            other = lookup(source(store.read(path), path).data, ("department", "slug"))
        except PolicyPackError:
            continue  # a profile that cannot be read has no slug to share
        if other == slug:
            raise Refused(f"{name} in the folder has the same folder name for the pack "
                          f"({slug}): give this one its own on the department page")


def _leave_drafts(saved: Opened, folder: Path, target: Path) -> None:
    _move_logo(saved, folder)
    _move(saved.path, target)


def _logo_path(saved: Opened) -> list[Path]:
    """Where the draft's own logo is and would go, for the commit that moves it."""
    name = lookup(saved.data, ("department", "logo", "file"))
    if not isinstance(name, str) or ".." in PurePosixPath(name).parts:
        return []
    return [saved.path.parent / name, settings().folder / name]


def _move_logo(saved: Opened, folder: Path) -> None:
    """The draft's own logo (a file inside drafts/) goes with it, to the same place in the
    folder, so the name the profile gives still leads to it."""
    name = lookup(saved.data, ("department", "logo", "file"))
    if not isinstance(name, str) or ".." in PurePosixPath(name).parts:
        return
    own = saved.path.parent / name
    if not own.is_file() or own.is_symlink():
        return
    target = folder / name
    if target.exists():
        if target.read_bytes() != own.read_bytes():
            raise Refused(f"the folder already has a different file at {name}, where this "
                          "draft's logo would go: upload the logo again, or ask for that "
                          "file to be moved")
        own.unlink()
        return
    _move(own, target)
