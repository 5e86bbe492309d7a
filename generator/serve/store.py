"""The editor's only state: the profile files in one folder (web-editor.md, decisions 1, 3, 7).

Files are named by a server-side listing of the folder, never by a path from the browser.
A save is optimistic: it is given the SHA-256 of the bytes its edits were planned on (the
file as the request read it), re-reads the file under a lock, refuses if those bytes
changed since (another editor, a git pull: the caller plans again against the new bytes,
editing.py), checks the new text with the project's loader, and replaces the file with an
atomic rename. The file's byte order mark and line endings are kept as they were.

A new profile is a draft, kept in the folder's `drafts/` subfolder until it checks clean:
`build`, `matrix`, `impact` and `site` read only the folder's own *.yaml files, so a
half-filled starter never stops them. Drafts are edited under their file name like the
others; a name is never used by both a profile and a draft. A profile that is a link to a
file outside its folder is neither read nor written (design.md, safety rules).
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import hashlib
import os
import re
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from generator.errors import PolicyPackError
from generator.profile import load_profile_bytes, profile_files, write_starter

BOM = b"\xef\xbb\xbf"
FILE_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,62}")
DRAFTS = "drafts"  # the served folder's subfolder of profiles not yet checked clean
# The editor's own subfolders (drafts, and filing.py's archive and deleted): one that is a
# link would lead reads, writes and moves out of the served folder, so none may be.
SUBFOLDERS = (DRAFTS, "archive", ".deleted")


@dataclass(frozen=True)
class Snapshot:
    """A profile file as read: its text with \\n line endings, and how to write it back."""

    text: str
    sha256: str
    newline: str  # "\r\n" for a file saved on Windows
    bom: bool

    def encode(self, text: str) -> bytes:
        """`text` as bytes in this file's own form: its line endings, its byte order mark."""
        data = text.replace("\n", self.newline).encode("utf-8")
        return BOM + data if self.bom else data


class NotEditable(PolicyPackError):
    """The file cannot be edited here (not UTF-8, unreadable); the message says why."""


class Conflict(PolicyPackError):
    """The file changed on disk since the page was opened; `current` is what is there now."""

    def __init__(self, current: Snapshot) -> None:
        super().__init__("the file changed since you opened this page")
        self.current = current


def listing(folder: Path) -> dict[str, Path]:
    """The profiles in `folder` and its drafts, each under its file name: the only names a
    request may use. A draft whose name the folder also holds is left out (a name opens
    one file only); the editor never makes such a pair."""
    own = published(folder)
    return own | {name: path for name, path in drafts(folder).items() if name not in own}


def published(folder: Path) -> dict[str, Path]:
    """The profiles of `folder` itself, as `build` and the reviews read them: no drafts."""
    if not folder.is_dir():
        return {}
    return {path.name: path for path in profile_files([folder]) if path.is_file()}


def drafts(folder: Path) -> dict[str, Path]:
    """The drafts of `folder` (its drafts/ subfolder), each under its file name; none if
    drafts/ is a link (it would lead out of the folder)."""
    return {} if (folder / DRAFTS).is_symlink() else published(folder / DRAFTS)


def is_draft(folder: Path, path: Path) -> bool:
    """Whether `path`, from the listing of `folder`, is a draft. Told the served folder,
    not guessed from the name of the file's folder: a served folder may be called drafts."""
    return path.parent == folder / DRAFTS


def taken(folder: Path, file_name: str) -> bool:
    """Whether a profile or a draft (or a broken link) already has this file name."""
    return any(os.path.lexists(place / file_name) for place in (folder, folder / DRAFTS))


def outside(path: Path) -> bool:
    """Whether `path` leads outside the folder that holds it (the served folder, or one of
    the editor's subfolders): a link out of it, or in a subfolder that is itself a link.
    As a logo may not lead outside its profile's folder."""
    parent = path.parent
    if parent.name in SUBFOLDERS and parent.is_symlink():
        return True
    return not path.resolve().is_relative_to(parent.resolve())


def refuse_outside(path: Path) -> None:
    """NotEditable, with a plain message, for a link out of the served folder: the editor
    would otherwise show, and write into, a file that is not the folder's."""
    if outside(path):
        raise NotEditable(f"{path.name} is a link to a file outside the folder "
                          f"{path.parent.name}, so the editor will not open or change it: "
                          "copy the file into the folder instead of linking to it")


def read(path: Path) -> Snapshot:
    """The file's text and hash; NotEditable if it is not UTF-8 text, or is a link to a
    file outside the served folder."""
    refuse_outside(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise NotEditable(f"{path.name} cannot be read: {exc.strerror}") from None
    return _snapshot(raw, path)


def save(path: Path, expected_sha256: str, text: str,
         around: Callable[[Callable[[], None]], None] | None = None) -> Snapshot:
    """Write `text` over `path` if the file is still what the page was built from.

    Conflict if it changed; ProfileError if the project's loader refuses the new text (a
    write never leaves a file the command line cannot read). A text equal to the file's
    leaves it untouched, byte for byte. A link to a file outside the served folder is
    refused (NotEditable). `around`, if given, is handed the write to run, under this
    lock: the team editor's history commits exactly this write (serve/recording.py)."""
    refuse_outside(path)
    path = path.resolve()  # a link inside the folder: its target is written, the link kept
    with _locked(path.parent):
        current = read(path)
        if current.sha256 != expected_sha256:
            raise Conflict(current)
        if text == current.text:
            return current
        data = current.encode(text)
        load_profile_bytes(data, path, path.name)  # the guard: raises ProfileError
        if around is None:
            replace_file(path, data)
        else:
            around(lambda: replace_file(path, data))
        return _snapshot(data, path)


def create(folder: Path, name: str, tidy: Callable[[str], str] | None = None,
           around: Callable[[Callable[[], None]], None] | None = None) -> Path:
    """A new draft `<name>.yaml` in `folder`'s drafts, from the starter made over by `tidy`
    (given the starter's text, it returns the text to keep); NotEditable if a profile or a
    draft has that name. `around`, if given, is handed the write to run, under the folder's
    lock, as store.save does: the team editor commits the new file as one version."""
    file_name = new_file_name(name)
    path = folder / DRAFTS / file_name
    try:
        with locked(folder):
            if taken(folder, file_name):
                raise NotEditable(f"there is already a profile called {file_name}: choose "
                                  "another name, or open that one from the list")
            if path.parent.is_symlink():
                raise NotEditable(f"{DRAFTS}/ is a link to a folder elsewhere, so the editor "
                                  "will not write new profiles into it")
            path.parent.mkdir(exist_ok=True)
            write = functools.partial(_write_new, path, tidy)
            if around is None:
                write()
            else:
                around(write)
    except OSError as exc:
        raise NotEditable(f"{file_name} could not be written ({exc.strerror})") from None
    return path


def _write_new(path: Path, tidy: Callable[[str], str] | None) -> None:
    """The starter at `path`, then (if `tidy` changes it) its tidied text in its place, if
    the loader reads it: a new file the command line cannot read is never left."""
    text = write_starter(path)
    tidied = tidy(text) if tidy is not None else text
    if tidied != text:
        data = tidied.encode("utf-8")
        load_profile_bytes(data, path, path.name)  # the guard: raises ProfileError
        replace_file(path, data)


def new_file_name(name: str) -> str:
    """`name` as a profile's file name, `<name>.yaml`; NotEditable if it is not one."""
    if not FILE_NAME.fullmatch(name):
        raise NotEditable("a file name has lower-case letters, digits and hyphens, "
                          "and starts with a letter or digit")
    return f"{name}.yaml"


@contextlib.contextmanager
def locked(folder: Path) -> Iterator[None]:
    """The served folder locked, and its drafts folder if there is one: a move between
    them waits for a save in either, and a save in either waits for a move."""
    with _locked(folder), contextlib.ExitStack() as stack:
        if (folder / DRAFTS).is_dir():
            stack.enter_context(_locked(folder / DRAFTS))
        yield


def move(source: Path, target: Path) -> None:
    """Move a file to `target`, never over an existing file, in one step (git sees a
    rename: the bytes are untouched). FileExistsError if `target` exists. The caller holds
    the folder's lock. NotEditable if either end is in a subfolder that is a link."""
    for end in (source, target):
        if end.parent.name in SUBFOLDERS and end.parent.is_symlink():
            raise NotEditable(f"{end.parent.name}/ is a link to a folder elsewhere, so the "
                              "editor will not move profiles into or out of it")
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        # A hard link fails if the target exists, so nothing can be overwritten, even by
        # a process that does not take our lock (an editor, git).
        os.link(source, target, follow_symlinks=False)
    except FileExistsError:
        raise
    except OSError:
        # A file system without hard links: checked under our lock, then renamed.
        if os.path.lexists(target):
            raise FileExistsError(target) from None
        os.rename(source, target)
        return
    os.unlink(source)


def _snapshot(raw: bytes, path: Path) -> Snapshot:
    bom = raw.startswith(BOM)
    try:
        text = raw.removeprefix(BOM).decode("utf-8")
    except UnicodeDecodeError:
        raise NotEditable(f"{path.name} is not saved as UTF-8 (Notepad's \"Unicode\" is "
                          "UTF-16), and the editor changes only UTF-8 files: open it in a text "
                          "editor and save it again, choosing the encoding UTF-8") from None
    # Windows (CRLF) and old Mac (CR) line endings, as the loader reads them; kept on save.
    newline = "\r\n" if "\r\n" in text else ("\r" if "\r" in text else "\n")
    plain = text.replace("\r\n", "\n").replace("\r", "\n")
    return Snapshot(plain, hashlib.sha256(raw).hexdigest(), newline, bom)


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """An exclusive lock on the folder: one save at a time, across threads and processes.

    The folder, not the file, is locked: the file is replaced by a rename, and a lock on
    the old file would not stop a second writer that opened the new one."""
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)  # closing releases the lock


def replace_file(path: Path, data: bytes, mode: int | None = None) -> None:
    """Write `data` to a temporary file beside `path`, then rename it over `path`, with
    `mode` (default: the mode `path` has now)."""
    mode = path.stat().st_mode & 0o777 if mode is None else mode
    with _staged(path, data, mode) as temporary:
        os.replace(temporary, path)


def write_new(path: Path, data: bytes, mode: int) -> None:
    """`data` as a new file `path`, never over one: a file that appeared meanwhile is left
    as it is (FileExistsError)."""
    with _staged(path, data, mode) as temporary:
        os.link(temporary, path)  # fails if the name is taken: no rename over it


@contextlib.contextmanager
def _staged(path: Path, data: bytes, mode: int) -> Iterator[Path]:
    """`data` written whole and synced to a temporary file beside `path`, with `mode`; the
    temporary file is gone afterwards, whether the caller put it in place or failed."""
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    temporary = Path(name)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, mode)
        yield temporary
    finally:
        temporary.unlink(missing_ok=True)
