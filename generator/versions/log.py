"""Reading the history: a profile's versions newest first, each with its changes in words.

A profile is followed through its renames and its moves to drafts/, archive/ and back
(the editor moves files without touching their bytes, so git sees each move as a rename).
Each version's changes are worked out from the file's text at that version and at the
version before it. Two runs of git read it all: `log --raw` names each version's blob,
and one `cat-file --batch` gives the texts of those not parsed before; a parse is kept by
the blob's hash, since a version never changes.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

from generator.errors import PolicyPackError
from generator.profile import load_profile_bytes
from generator.versions import git
from generator.versions.describe import Change, describe
from generator.versions.headings import headings
from generator.versions.record import Author

FIRST = Change("", "The first version in the history")
UNREADABLE = Change("", "Changed the file (one of its versions cannot be read as a profile)")
GONE = Change("", "The file was removed from here")
_RECORD = "\x1e"
_FIELD = "\x1f"
_FORMAT = _RECORD + _FIELD.join(("%H", "%an", "%ae", "%aI", "%s", "%(trailers:only,unfold)",
                                 ""))


_Entry = tuple[str, tuple[str, ...], str, str]  # commit, header fields, path, blob


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
    entries, parsed = _read(folder, file_name)
    versions = []
    for at, (commit, head, where, blob) in enumerate(entries):
        older = next((e for e in entries[at + 1:] if e[3]), None)
        changes = _changes(parsed, older[3] if older else None, blob or None, older is None)
        versions.append(_version(commit, head, where, changes))
    return tuple(versions)


def values(folder: Path, file_name: str) -> tuple[tuple[Version, object | None], ...]:
    """Each version of `folder`/`file_name`, newest first, with the profile's values in it
    (None where removed or unreadable), its changes not put in words: what approvals read,
    without the cost of describing every version. Errors as `history`."""
    entries, parsed = _read(folder, file_name)
    return tuple((_version(commit, head, where, ()), parsed.get(blob) if blob else None)
                 for commit, head, where, blob in entries)


def _read(folder: Path, file_name: str) -> tuple[list[_Entry], dict[str, object | None]]:
    """The file's log entries, newest first, and each blob's values: one `log`, and one
    `cat-file` for the blobs not parsed before."""
    repo = git.toplevel(folder)
    if repo is None:
        raise git.NoRepository(folder)
    path = (folder.resolve() / file_name).relative_to(repo.resolve()).as_posix()
    if git.head(repo) is None:
        return [], {}
    raw = git.run(repo, "log", "--follow", "-z", "--raw", "--no-abbrev", "-M",
                  f"--format={_FORMAT}", "--", path)
    entries = [_entry(chunk) for chunk in raw.decode("utf-8", "replace").split(_RECORD)
               if chunk.strip("\0\n")]
    return entries, _parsed_all(repo, [blob for *_, blob in entries if blob])


def _version(commit: str, head: tuple[str, ...], where: str,
             changes: tuple[Change, ...]) -> Version:
    return Version(commit, Author(head[0], head[1]), dt.datetime.fromisoformat(head[2]),
                   head[3], _trailers(head[4]), where, changes)


def text_at(folder: Path, commit: str, path: str) -> str:
    """The text of the file at `path` (in the repository) in `commit`; GitError if that
    version holds no such file."""
    repo = git.toplevel(folder)
    if repo is None:
        raise git.NoRepository(folder)
    if not all(c in "0123456789abcdef" for c in commit) or not commit:
        raise git.GitError(f"{commit} is not a version's id")
    return git.run(repo, "cat-file", "blob", f"{commit}:{path}").decode("utf-8", "replace")


def _entry(chunk: str) -> _Entry:
    """(commit, (name, email, time, subject, trailers), the file's path after it, the
    blob it holds then); path and blob are "" where the commit removed the file."""
    head, _, names = chunk.rpartition(_FIELD)
    fields = head.split(_FIELD)
    items = [item for item in names.strip("\0\n").split("\0") if item]
    raw = items[0].split() if items else []  # ":100644 100644 <before> <after> <status>"
    status = raw[-1] if raw else ""
    gone = status.startswith("D") or len(raw) < 5 or len(items) < 2
    where = "" if gone else items[-1].strip("\n")
    blob = "" if gone else raw[3]
    return fields[0].strip("\0\n"), tuple(fields[1:6]), where, blob


def _changes(parsed: dict[str, object | None], before: str | None, after: str | None,
             first: bool) -> tuple[Change, ...]:
    if after is None:
        return (GONE,)
    if before is None:
        return (FIRST,) if first else ()
    if before == after:
        return ()  # moved or renamed: the text is the same
    old, new = parsed.get(before), parsed.get(after)
    if old is None or new is None:
        return (UNREADABLE,)
    return describe(old, new, headings(new)) or (Change("", "Changed only the file's "
                                                          "layout or comments"),)


def _parsed_all(repo: Path, blobs: list[str]) -> dict[str, object | None]:
    """Each blob's profile data (None: not a readable profile). Those not kept from an
    earlier reading are read in one run of git (cat-file --batch), then kept: a blob is
    named by its content's hash, so its parse never changes."""
    with _KEPT_LOCK:
        found = {blob: _KEPT[blob] for blob in blobs if blob in _KEPT}
    wanted = list(dict.fromkeys(blob for blob in blobs if blob not in found))
    for blob, data in _contents(repo, wanted).items():
        found[blob] = _parse(blob, data)
        with _KEPT_LOCK:
            _KEPT[blob] = found[blob]
            while len(_KEPT) > KEPT:
                _KEPT.popitem(last=False)
    return found


def _contents(repo: Path, blobs: list[str]) -> dict[str, bytes]:
    """The bytes of each blob, from one `git cat-file --batch`: each answer is a line
    "<id> <type> <size>" then that many bytes and a newline ("<id> missing" if none)."""
    if not blobs:
        return {}
    out = git.run(repo, "cat-file", "--batch", stdin="".join(f"{b}\n" for b in blobs).encode())
    found: dict[str, bytes] = {}
    at = 0
    for blob in blobs:
        end = out.index(b"\n", at)
        header = out[at:end].split()
        at = end + 1
        if len(header) != 3:  # "<id> missing": never in a log's own commits, but said
            continue
        size = int(header[2])
        found[blob] = out[at:at + size]
        at += size + 1
    return found


def _parse(blob: str, data: bytes) -> object | None:
    try:
        return load_profile_bytes(data, Path("profile.yaml"), blob[:10]).data
    except PolicyPackError:
        return None


KEPT = 4096  # parses kept, by blob id: a few profiles' whole histories
_KEPT: OrderedDict[str, object | None] = OrderedDict()
_KEPT_LOCK = threading.Lock()


def _trailers(block: str) -> tuple[tuple[str, str], ...]:
    found = []
    for line in block.splitlines():
        key, colon, value = line.partition(":")
        if colon and key.strip():
            found.append((key.strip(), value.strip()))
    return tuple(found)
