"""Who changed one answer since a page showed it (issue 29): the clash page of the team
editor names the people, from the history, never guessed.

A page's form carries, for each field, the answer as the page showed it. The commits that
changed that answer since are found by walking the file's recent versions newest first,
each read as the profile it holds, until one holds the answer the page showed: every
version on the way whose answer differs from the one before it changed it. A change in
the working tree that no commit holds yet (a text editor, a git pull not yet committed by
the editor) is said as such.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from generator.errors import PolicyPackError
from generator.profile import load_profile_bytes
from generator.versions import git
from generator.versions.record import Author

LIMIT = 30  # versions read back at most: a page open longer than that names the newest
_FIELD = "\x1f"


@dataclass(frozen=True)
class Maker:
    """One version that changed the answer: who, when, which commit."""

    author: Author
    when: dt.datetime  # the author's time, with their offset from UTC
    commit: str


@dataclass(frozen=True)
class Since:
    """The versions that changed an answer since a page showed it, newest first, and
    whether the file holds a change of it that no version holds yet."""

    makers: tuple[Maker, ...] = ()
    outside: bool = False


Answer = Callable[[object], object]  # the answer a version's profile data holds


def changed_since(folder: Path, path: Path, answer: Answer, shown: object,
                  now: object) -> Since:
    """The versions of the file at `path` (in `folder`'s repository) that changed the
    answer `answer` reads from a profile's data, since it was `shown`; `now` is the
    answer the file holds now. An empty Since where the folder has no history."""
    repo = git.toplevel(folder)
    if repo is None or git.head(repo) is None:
        return Since()
    name = path.resolve().relative_to(repo.resolve()).as_posix()
    heads = [line.split(_FIELD) for line in git.text(
        repo, "log", f"-n{LIMIT}", f"--format=%H{_FIELD}%an{_FIELD}%ae{_FIELD}%aI", "--",
        name).splitlines() if line]
    if not heads:
        return Since(outside=now != shown)
    blobs = _blobs(repo, [h[0] for h in heads], name)
    answers: list[object] = []

    def answer_at(at: int) -> object:  # read back only as far as the walk goes
        while len(answers) <= at:
            answers.append(answer(_parsed(repo, blobs[len(answers)])))
        return answers[at]

    makers = []
    for at, (commit, who, email, when) in enumerate(heads):
        if answer_at(at) == shown or at + 1 == len(heads):
            break  # the version the page showed (or the oldest read back)
        if answer_at(at) != answer_at(at + 1):
            makers.append(Maker(Author(who, email), dt.datetime.fromisoformat(when), commit))
    return Since(tuple(makers), outside=now != answer_at(0))


def _blobs(repo: Path, commits: list[str], name: str) -> list[str]:
    """The blob id of `name` at each commit ("" where it has none), in one run of git."""
    query = "".join(f"{commit}:{name}\n" for commit in commits).encode("utf-8")
    out = git.run(repo, "cat-file", "--batch-check=%(objectname) %(objecttype)", stdin=query)
    return [line.split()[0] if line.endswith(" blob") else ""
            for line in out.decode("ascii", "replace").splitlines()]


@functools.lru_cache(maxsize=1024)
def _parsed(repo: Path, blob: str) -> object:
    """A blob's profile data (None if it is none, or no readable profile); kept by its
    hash, since a version never changes. Only read, never changed, by its callers."""
    if not blob:
        return None
    return _data(git.run(repo, "cat-file", "blob", blob))


def _data(raw: bytes) -> object:
    try:
        return load_profile_bytes(raw, Path("profile.yaml"), "profile.yaml").data
    except PolicyPackError:
        return None
