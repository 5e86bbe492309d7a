"""Read a file a profile brings (the profile itself, its logo) only if it is a regular file
of bounded size, so that no named pipe, device or socket can hang or flood the tool.

The kind is checked before opening (opening a named pipe for reading waits for a writer),
the file is then opened without blocking and checked again through its descriptor (so a
swap between the two steps changes nothing), and the size limit is checked before reading,
with at most limit + 1 bytes read in any case.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe"),
          (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"),
          (stat.S_ISSOCK, "a socket"))


class NotRegular(Exception):
    """The path is not a regular file; `kind` says what it is, in plain words."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


class TooLarge(Exception):
    """The file is larger than the limit; `size` is its size in bytes."""

    def __init__(self, size: int) -> None:
        super().__init__(size)
        self.size = size


def read_regular_file(path: Path, limit: int) -> bytes:
    """The bytes of `path`; NotRegular, TooLarge, or OSError (FileNotFoundError among them)."""
    _require_regular(os.stat(path).st_mode)
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    with os.fdopen(descriptor, "rb") as handle:
        status = os.fstat(handle.fileno())
        _require_regular(status.st_mode)
        if status.st_size > limit:
            raise TooLarge(status.st_size)
        data = handle.read(limit + 1)
    if len(data) > limit:  # grew while being read
        raise TooLarge(len(data))
    return data


def _require_regular(mode: int) -> None:
    if stat.S_ISREG(mode):
        return
    kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
    raise NotRegular(kind)
