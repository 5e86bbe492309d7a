"""Reading the history: a profile's versions newest first, each with its changes in words.

A profile is followed through its renames and its moves to drafts/, archive/ and back
(the editor moves files without touching their bytes, so git sees each move as a rename).
Each version's changes are worked out from the file's text at that version and at the
version before it; a parse is kept by the blob's hash, since a version never changes.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from pathlib import Path

from generator.errors import PolicyPackError
from generator.policy import available_editions
from generator.profile import load_profile_bytes
from generator.versions import git
from generator.versions.describe import Change, Headings, describe
from generator.versions.record import Author

FIRST = Change("", "The first version in the history")
UNREADABLE = Change("", "Changed the file (one of its versions cannot be read as a profile)")
GONE = Change("", "The file was removed from here")
_RECORD = "\x1e"
_FIELD = "\x1f"
_FORMAT = _RECORD + _FIELD.join(("%H", "%an", "%ae", "%aI", "%s", "%(trailers:only,unfold)",
                                 ""))


@dataclass(frozen=True)
class Version:
    """One version of a profile file: who made it, when, and what it changed."""

    commit: str
    author: Author
    when: dt.datetime  # the author's time, with their offset from UTC
    subject: str
    trailers: tuple[tuple[str, str], ...]
    path: str  # the file's path in the repository at this version ("" if it was removed)
    changes: tuple[Change, ...]

    @property
    def short(self) -> str:
        return self.commit[:10]


def history(folder: Path, file_name: str) -> tuple[Version, ...]:
    """The versions of `folder`/`file_name`, newest first. NoRepository if the folder is
    in none; () if git holds no version of the file."""
    repo = git.toplevel(folder)
    if repo is None:
        raise git.NoRepository(folder)
    path = (folder.resolve() / file_name).relative_to(repo.resolve()).as_posix()
    if git.head(repo) is None:
        return ()
    raw = git.run(repo, "log", "--follow", "-z", "--name-status", "-M",
                  f"--format={_FORMAT}", "--", path)
    entries = [_entry(chunk) for chunk in raw.decode("utf-8", "replace").split(_RECORD)
               if chunk.strip("\0\n")]
    blobs = _blobs(repo, [(commit, where) for commit, _, where in entries if where])
    versions = []
    for at, (commit, head, where) in enumerate(entries):
        older = next((e for e in entries[at + 1:] if e[2]), None)
        before = blobs.get((older[0], older[2])) if older else None
        changes = _changes(repo, before, blobs.get((commit, where)), older is None, where)
        versions.append(Version(commit, Author(head[0], head[1]),
                                dt.datetime.fromisoformat(head[2]), head[3],
                                _trailers(head[4]), where, changes))
    return tuple(versions)


def text_at(folder: Path, commit: str, path: str) -> str:
    """The text of the file at `path` (in the repository) in `commit`; GitError if that
    version holds no such file."""
    repo = git.toplevel(folder)
    if repo is None:
        raise git.NoRepository(folder)
    if not all(c in "0123456789abcdef" for c in commit) or not commit:
        raise git.GitError(f"{commit} is not a version's id")
    return git.run(repo, "cat-file", "blob", f"{commit}:{path}").decode("utf-8", "replace")


def _entry(chunk: str) -> tuple[str, tuple[str, ...], str]:
    """(commit, (name, email, time, subject, trailers), the file's path after it)."""
    head, _, names = chunk.rpartition(_FIELD)
    fields = head.split(_FIELD)
    items = [item for item in names.strip("\0\n").split("\0") if item]
    status = items[0] if items else ""
    where = "" if status.startswith("D") or not items else items[-1].strip("\n")
    return fields[0].strip("\0\n"), tuple(fields[1:6]), where


def _blobs(repo: Path, wanted: list[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """The blob id of each (commit, path), in one run of git."""
    if not wanted:
        return {}
    query = "".join(f"{commit}:{path}\n" for commit, path in wanted).encode("utf-8")
    out = git.run(repo, "cat-file", "--batch-check=%(objectname)", stdin=query)
    ids = out.decode("ascii", "replace").splitlines()
    return {key: blob for key, blob in zip(wanted, ids, strict=False) if "missing" not in blob}


def _changes(repo: Path, before: str | None, after: str | None, first: bool,
             where: str) -> tuple[Change, ...]:
    if after is None:
        return (GONE,)
    if before is None:
        return (FIRST,) if first else ()
    if before == after:
        return ()  # moved or renamed: the text is the same
    old, new = _parsed(repo, before), _parsed(repo, after)
    if old is None or new is None:
        return (UNREADABLE,)
    return describe(old, new, _headings(new)) or (Change("", "Changed only the file's "
                                                          "layout or comments"),)


@functools.lru_cache(maxsize=4096)
def _parsed(repo: Path, blob: str) -> object | None:
    """A blob's profile data (None if it is not a readable profile); kept by its hash."""
    data = git.run(repo, "cat-file", "blob", blob)
    try:
        return load_profile_bytes(data, Path("profile.yaml"), blob[:10]).data
    except PolicyPackError:
        return None


def _headings(data: object) -> Headings:
    base = data.get("base") if isinstance(data, dict) else None
    edition = available_editions().get(base) if isinstance(base, str) else None
    return {s.id: s.title for s in edition.sections()} if edition else {}


def _trailers(block: str) -> tuple[tuple[str, str], ...]:
    found = []
    for line in block.splitlines():
        key, colon, value = line.partition(":")
        if colon and key.strip():
            found.append((key.strip(), value.strip()))
    return tuple(found)
