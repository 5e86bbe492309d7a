"""Incremental builds: what each pack was made from, so an unchanged pack is not rebuilt.

A pack's inputs are its profile and logo files, its base edition, and the tool itself
(version, code, templates and fonts). They are recorded in OUT/.policy-pack-cache.json with
the sha256 of the bytes that were rendered (not of the file afterwards: a profile edited
during its render must be built again), and each output with its sha256, so a pack whose
files were changed or damaged on disk is rebuilt. A cache file that cannot be read or has
the wrong shape is ignored with a warning: everything is built again. `build_lock()` lets
one build at a time write into an output folder.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path
from stat import S_ISREG
from typing import Any

from generator import __version__
from generator.errors import PolicyPackError, RenderError
from generator.policy import edition_digest
from generator.publish import disk_error, make_folder
from generator.resources import fonts, guidance_root, html_templates, package_root

CACHE_NAME = ".policy-pack-cache.json"
LOCK_NAME = ".policy-pack.lock"


@dataclass
class Entry:
    slug: str
    edition: str
    edition_sha256: str
    tool: str
    pages: int
    files: dict[str, list[int | str]]  # path -> [size, mtime_ns, sha256 of what was rendered]
    outputs: dict[str, str]  # file name -> sha256


@cache
def tool_key() -> str:
    """The tool's own inputs: its version, code, templates and fonts."""
    digest = hashlib.sha256(__version__.encode())
    for root, pattern in ((package_root(), "**/*.py"), (package_root(), "**/*.json"),
                          (html_templates(), "*"), (fonts(), "*")):
        for path in sorted(root.glob(pattern)):
            digest.update(path.relative_to(root).as_posix().encode() + path.read_bytes())
    return digest.hexdigest()


@cache
def edition_key(edition: str) -> str:
    return edition_digest(guidance_root() / edition)


def file_record(path: Path, rendered_sha256: str) -> list[int | str]:
    """[size, mtime_ns, sha256] of an input; size and time only if the file still holds
    what was rendered (stat before read: a later change moves the time), else -1 so that
    the next build compares the contents and finds the change."""
    try:
        stat = path.stat()
        if not S_ISREG(stat.st_mode):
            return [-1, -1, rendered_sha256]
        now = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return [-1, -1, rendered_sha256]
    if now != rendered_sha256:
        return [-1, -1, rendered_sha256]
    return [stat.st_size, stat.st_mtime_ns, rendered_sha256]


class BuildCache:
    def __init__(self, out: Path) -> None:
        self.out = out
        self.path = out / CACHE_NAME
        self.warning = ""  # why the cache file was ignored, if it was
        self.entries: dict[str, Entry] = {}
        try:
            text = self.path.read_text("utf-8")
        except FileNotFoundError:
            return
        except IsADirectoryError:
            self._ignore("is a folder, not a file (remove or rename it)")
            return
        except (OSError, ValueError) as exc:
            self._ignore(f"cannot be read ({exc.__class__.__name__}: {exc})")
            return
        try:
            self.entries = _entries(json.loads(text))
        except ValueError as exc:
            self._ignore(str(exc))

    def _ignore(self, why: str) -> None:
        self.warning = (f"{self.path}: warning: the build cache {why}; it is ignored and "
                        "every pack is built again")

    def fresh(self, profile: Path) -> Entry | None:
        """The recorded entry if nothing the pack was made from has changed, else None."""
        try:
            return self._fresh(profile)
        except (PolicyPackError, OSError, ValueError):
            return None  # an entry naming an edition or a file that is not there: rebuild

    def _fresh(self, profile: Path) -> Entry | None:
        entry = self.entries.get(_key(profile))
        if entry is None or entry.tool != tool_key():
            return None
        if edition_key(entry.edition) != entry.edition_sha256:
            return None
        if not all(_same(Path(p), record) for p, record in entry.files.items()):
            return None
        folder = self.out / entry.slug
        return entry if all(_sha256(folder / n) == sha for n, sha in entry.outputs.items()) \
            else None

    def record(self, profile: Path, slug: str, edition: str,
               inputs: tuple[tuple[Path, str], ...], outputs: dict[str, bytes],
               pages: int) -> None:
        """What a published pack was made from: each input with the sha256 of the bytes
        that were rendered."""
        self.entries[_key(profile)] = Entry(
            slug, edition, edition_key(edition), tool_key(), pages,
            {str(p.resolve()): file_record(p, sha) for p, sha in inputs},
            {name: hashlib.sha256(data).hexdigest() for name, data in outputs.items()})

    def forget(self, profile: Path) -> None:
        self.entries.pop(_key(profile), None)

    def owner(self, slug: str) -> str | None:
        """The profile whose pack the cache says is in OUT/<slug>/."""
        return next((k for k, e in self.entries.items() if e.slug == slug), None)

    def data(self) -> bytes:
        entries = {k: asdict(v) for k, v in sorted(self.entries.items())}
        return (json.dumps(entries, indent=1) + "\n").encode("utf-8")


@contextlib.contextmanager
def build_lock(out: Path, wait_seconds: float = 60.0) -> Iterator[None]:
    """One build at a time in `out`: an fcntl lock on OUT/.policy-pack.lock (released by
    the system when the process ends, even killed). A second build waits up to
    `wait_seconds`, then says which process holds the lock."""
    make_folder(out)
    path = out / LOCK_NAME
    try:
        handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise disk_error(path, exc) from None
    try:
        deadline = time.monotonic() + wait_seconds
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise RenderError(
                        f"{out}: another build ({_holder(path)}) is writing into this folder; "
                        "wait for it to finish, or build into another folder with --out"
                    ) from None
                time.sleep(0.1)
        yield
    finally:
        os.close(handle)


def _holder(path: Path) -> str:
    """The process holding a flock on `path`, read from /proc/locks (Linux)."""
    try:
        inode = path.stat().st_ino
        for line in Path("/proc/locks").read_text().splitlines():
            fields = line.split()
            if "FLOCK" in fields and fields[-3].endswith(f":{inode}"):
                return f"process {fields[-4]}"
    except (OSError, IndexError):
        pass
    return "another process"


def _entries(raw: Any) -> dict[str, Entry]:
    """The cache's entries, or ValueError saying what shape is wrong."""
    if not isinstance(raw, dict):
        kind = {type(None): "null", list: "a list", str: "text", bool: "true or false"}.get(
            type(raw), "a number")
        raise ValueError(f"holds {kind}, not an object of entries")
    entries = {}
    for key, value in raw.items():
        try:
            entries[key] = _entry(value)
        except (TypeError, ValueError, KeyError):
            raise ValueError(f"has an entry of the wrong shape ({key})") from None
    return entries


def _entry(value: Any) -> Entry:
    entry = Entry(**value)
    ok = (isinstance(entry.slug, str) and isinstance(entry.edition, str)
          and isinstance(entry.edition_sha256, str) and isinstance(entry.tool, str)
          and isinstance(entry.pages, int) and isinstance(entry.files, dict)
          and isinstance(entry.outputs, dict)
          and all(isinstance(r, list) and len(r) == 3 and isinstance(r[0], int)
                  and isinstance(r[1], int) and isinstance(r[2], str)
                  for r in entry.files.values())
          and all(isinstance(n, str) and isinstance(s, str) for n, s in entry.outputs.items())
          and "/" not in entry.slug and entry.slug not in ("", ".", ".."))
    if not ok:
        raise ValueError("a value of the wrong type")
    return entry


def _key(profile: Path) -> str:
    return str(profile.resolve())


def _same(path: Path, record: list[int | str]) -> bool:
    try:
        stat = path.stat()
        if not S_ISREG(stat.st_mode):
            return False  # now a pipe or a device: never read it (the build will refuse it)
        if [stat.st_size, stat.st_mtime_ns] == record[:2]:
            return True
        # Touched but perhaps not changed (a checkout, a copy): compare the contents.
        return hashlib.sha256(path.read_bytes()).hexdigest() == record[2]
    except OSError:
        return False


def _sha256(path: Path) -> str:
    try:
        if not S_ISREG(path.stat().st_mode):
            return ""  # an output replaced by a pipe or a device: not the pack, and unread
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""
