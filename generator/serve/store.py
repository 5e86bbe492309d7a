"""The editor's only state: the profile files in one folder (web-editor.md, decisions 1, 3, 7).

Files are named by a server-side listing of the folder, never by a path from the browser.
A save is optimistic: the page carries the SHA-256 of the bytes it was built from, and the
save re-reads the file under a lock, refuses if those bytes changed (another editor, a git
pull), checks the new text with the project's loader, and replaces the file with an atomic
rename. The file's byte order mark and line endings are kept as they were.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from generator.errors import PolicyPackError
from generator.profile import load_profile_bytes, profile_files, write_starter

BOM = b"\xef\xbb\xbf"
FILE_NAME = re.compile(r"[a-z0-9][a-z0-9-]{0,62}")


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
    """The profiles in `folder`, each under its file name: the only names a request may use."""
    if not folder.is_dir():
        return {}
    return {path.name: path for path in profile_files([folder]) if path.is_file()}


def read(path: Path) -> Snapshot:
    """The file's text and hash; NotEditable if it is not UTF-8 text."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise NotEditable(f"{path.name} cannot be read: {exc.strerror}") from None
    return _snapshot(raw, path)


def save(path: Path, expected_sha256: str, text: str) -> Snapshot:
    """Write `text` over `path` if the file is still what the page was built from.

    Conflict if it changed; ProfileError if the project's loader refuses the new text (a
    write never leaves a file the command line cannot read). A text equal to the file's
    leaves it untouched, byte for byte."""
    path = path.resolve()  # a profile that is a link: its target is written, the link kept
    with _locked(path.parent):
        current = read(path)
        if current.sha256 != expected_sha256:
            raise Conflict(current)
        if text == current.text:
            return current
        data = current.encode(text)
        load_profile_bytes(data, path, path.name)  # the guard: raises ProfileError
        _replace(path, data)
        return _snapshot(data, path)


def create(folder: Path, name: str) -> Path:
    """A new profile `<name>.yaml` in `folder`, from the starter; UsageError if it exists."""
    if not FILE_NAME.fullmatch(name):
        raise NotEditable("a file name has lower-case letters, digits and hyphens, "
                          "and starts with a letter or digit")
    path = folder / f"{name}.yaml"
    if path.exists():
        raise NotEditable(f"there is already a profile called {path.name}: choose another "
                          "name, or open that one from the list")
    try:
        with _locked(folder):
            write_starter(path)
    except OSError as exc:
        raise NotEditable(f"{path.name} could not be written ({exc.strerror})") from None
    return path


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


def _replace(path: Path, data: bytes) -> None:
    """Write `data` to a temporary file beside `path`, then rename it over `path`."""
    mode = path.stat().st_mode & 0o777
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise

