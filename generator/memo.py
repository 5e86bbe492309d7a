"""Work that is the same for every run, kept on disk so that no process does it twice.

Some steps depend only on files policy-pack ships and the libraries it runs with: the
characters each bundled font draws, and the common subsets of the fonts that every HTML page
embeds. Cutting the four Noto Sans faces down took about 1.8 s of every fresh process (issue
23), as much as the rest of a build. Each result is kept in a file named by the SHA-256 of
everything it depends on (the font file's bytes, the library's version, the characters
asked for), so a changed font or a new fontTools makes a new key and never finds a stale
result: the outputs stay byte for byte what the work itself would give.

It is a cache and nothing more: a folder that cannot be read or written (read-only home, a
full disk) costs the time, never the build. Files are written beside their final name and
renamed into place, so two processes writing one key at once each leave a whole file. What
is read goes into the outputs, so a folder that others could write to is not used at all,
and only regular files are read from it. Nothing is unpickled: every result is plain bytes
(a font, an image, a list of code points), checked whole before it is used.

The folder: $POLICY_PACK_CACHE if set (an empty value turns the cache off), else
$XDG_CACHE_HOME/policy-pack, else ~/.cache/policy-pack.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import tempfile
import time
from collections.abc import Callable
from functools import cache
from pathlib import Path

KEEP = 256  # results kept; the oldest go first (a page with rare characters adds one)
_VERSION = "1"  # raised when the layout of what is kept changes


def remembered(kind: str, parts: tuple[str, ...], make: Callable[[], bytes],
               whole: Callable[[bytes], bool]) -> bytes:
    """`make()`, or what it gave before for the same `kind` and `parts`.

    `parts` must name everything the result depends on, the code that makes it included
    (file_sha256 of its module). `whole` says whether bytes read back are a complete
    result (a file cut short by another program is made again).
    """
    folder = _trusted(cache_folder())
    if folder is None:
        return make()
    key = hashlib.sha256("\0".join((_VERSION, kind, *parts)).encode("utf-8")).hexdigest()
    path = folder / f"{kind}-{key}"
    kept = _read(path)
    if kept is not None and whole(kept):
        return kept
    made = make()
    _keep(path, made)
    return made


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file's bytes (a bundled font, a module's code), read once per
    process."""
    return _sha256(path.resolve())


@cache
def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def cache_folder() -> Path | None:
    """Where results are kept, or None when $POLICY_PACK_CACHE is set empty."""
    chosen = os.environ.get("POLICY_PACK_CACHE")
    if chosen is not None:
        return Path(chosen) if chosen else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "policy-pack"


def _trusted(folder: Path | None) -> Path | None:
    """The folder, made if missing (for this user alone), or None if it is not to be trusted.

    What is read from it goes into every output, so a folder that another user owns, or
    that others may write to (a shared disk, a careless mode), is not used: results are
    then made afresh, as with no cache at all."""
    if folder is None:
        return None
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        found = folder.stat()
    except OSError:
        return None
    if not stat.S_ISDIR(found.st_mode) or found.st_mode & 0o022:
        return None
    if hasattr(os, "getuid") and found.st_uid != os.getuid():
        return None
    return folder


def _read(path: Path) -> bytes | None:
    """The bytes of a regular file at `path`, or None: a link is not followed, and a pipe
    or a device planted under a key's name is not read (it could block for ever)."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        handle = os.open(path, flags)
    except OSError:
        return None
    with os.fdopen(handle, "rb") as kept:
        if not stat.S_ISREG(os.fstat(kept.fileno()).st_mode):
            return None
        data = kept.read()
    with contextlib.suppress(OSError):
        os.utime(path)  # used now: the pruning keeps what is used, not what is new
    return data


def _keep(path: Path, data: bytes) -> None:
    """Write `data` to `path` whole, or not at all; any fault of the disk is let go."""
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, path)
        except BaseException:
            os.unlink(temporary)
            raise
        _prune(path.parent)
    except OSError:
        pass  # a cache that cannot be written costs time, not the build


def _prune(folder: Path) -> None:
    """Keep the KEEP results used last, so the folder cannot grow without end, and clear
    what a killed process left half-written."""
    kept: list[os.DirEntry[str]] = []
    left: list[os.DirEntry[str]] = []
    for entry in os.scandir(folder):
        if entry.is_file(follow_symlinks=False):
            (left if entry.name.startswith(".") else kept).append(entry)
    stale = time.time() - 3600  # a write still under way is seconds old
    for entry in left:
        if entry.stat().st_mtime < stale:
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
    if len(kept) <= KEEP:
        return
    kept.sort(key=lambda entry: entry.stat().st_mtime)
    for entry in kept[:len(kept) - KEEP]:
        with contextlib.suppress(OSError):  # another process pruned it first
            os.unlink(entry.path)
