"""Each write of the team editor a version in git, by the person signed in (issue 29).

On a laptop nothing is committed, even in a repository: `serve profiles/` inside a project
must not commit into it. In team mode the folder's repository is started (once, lazily) and
each write runs under the history's lock, after any change no commit holds is committed as
made outside the editor, so the commit holds exactly that write.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from generator import versions
from generator.errors import PolicyPackError
from generator.profile import load_profile_bytes
from generator.serve.people import current_person, team_mode

Write = Callable[[], None]
Around = Callable[[Write], None]  # runs a write and records it, as store.save calls it

_STARTED: set[Path] = set()
_STARTING = threading.Lock()


def around(folder: Path, paths: Iterable[Path], lines: Sequence[str],
           trailers: Sequence[tuple[str, str]] = ()) -> Around | None:
    """In team mode, what runs a write of `paths` and commits it with `lines` (the subject,
    then one line per change); None on a laptop, where a write is only a write."""
    if not team_mode():
        return None
    person = current_person()
    if person is None:
        return None  # no one signed in: the sign-in check refuses such a write earlier
    author = versions.Author(person.name, person.email)
    kept = list(paths)

    def run(write: Write) -> None:
        started(folder)
        versions.record(folder, kept, author, lines, trailers, write=write)

    return run


def write(folder: Path, paths: Iterable[Path], lines: Sequence[str], action: Write) -> None:
    """Run `action` (a write of `paths`), recorded as a version in team mode."""
    run = around(folder, paths, lines)
    if run is None:
        action()
    else:
        run(action)


def started(folder: Path) -> None:
    """The folder's repository, made with a first commit if it is in none (once a run)."""
    with _STARTING:
        if folder not in _STARTED:
            versions.start(folder)
            _STARTED.add(folder)


def save_lines(before: object, text: str, path: Path,
               subject: str | None = None) -> tuple[str, ...]:
    """A save's message: its changes in words, worked out from the answers before and the
    text written; under `subject`, if given, with every change a line of the body."""
    try:
        after = load_profile_bytes(text.encode("utf-8"), path, path.name).data
    except PolicyPackError:
        return (subject or "Changed the file",)
    changes = versions.describe(before, after)
    if subject is not None:
        return (subject, *(c.words for c in changes))
    said, body = versions.message(changes)
    return (said, *body)


def restored_lines(version: versions.Version) -> tuple[str, ...]:
    """ "Restored the version of 3 June 2027, 14:02, by Hana Hughes"."""
    when = version.when.strftime("%-d %B %Y, %H:%M")
    return (f"Restored the version of {when}, by {version.author.name}",)
