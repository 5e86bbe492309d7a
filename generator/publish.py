"""Write outputs so that a failure, or a kill, leaves the earlier files untouched.

`publish_folder()` replaces a whole folder at once: the new files are written into a
staging folder beside it, flushed to disk, and the two folders are swapped in one atomic
step, so a reader (or the next build, after a kill at any moment) finds the old pack or the
new one, never a mixture; at most a staging folder is left, which the next publish removes.
`publish()` writes single files beside their targets and renames each into place (the build
cache). Every fault of the disk becomes a RenderError naming the path and what to do, and
no temporary file or folder survives it.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import functools
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

from generator.errors import RenderError

STAGING = ".staging-"  # .<name>.staging-<random>: a folder being written, or an old one
ASIDE = ".aside-"  # .<name>.aside-<random>: the old pack, moved aside (fallback only)
_RENAME_EXCHANGE = 2  # linux/fs.h
_AT_FDCWD = -100
P = ParamSpec("P")
T = TypeVar("T")


def publish(folder: Path, outputs: Mapping[str, bytes]) -> None:
    """Write each file beside its target, then rename into place (atomic on POSIX)."""
    make_folder(folder)
    staged: list[tuple[Path, Path]] = []
    try:
        for name, data in outputs.items():
            staged.append((_write_temp(folder, name, data), folder / name))
        for temp, target in staged:
            _refuse_folder(target)
            _guard(target, os.replace, temp, target)
    finally:
        for temp, _ in staged:
            temp.unlink(missing_ok=True)


def publish_folder(folder: Path, outputs: Mapping[str, bytes]) -> None:
    """Replace `folder` by a folder holding exactly `outputs`, whole or not at all."""
    make_folder(folder.parent)
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        raise RenderError(f"{folder}: is a file, not a pack folder, so nothing was written "
                          "(move the file away, or choose another folder with --out)")
    remove_staging(folder)
    staging = Path(_guard(folder, tempfile.mkdtemp, prefix=f".{folder.name}{STAGING}",
                          dir=folder.parent))
    try:
        for name, data in outputs.items():
            os.replace(_write_temp(staging, name, data, folder / name), staging / name)
        _guard(staging, _fsync_dir, staging)
        os.chmod(staging, 0o755)
        _switch(staging, folder)
    finally:
        shutil.rmtree(staging, ignore_errors=True)  # the new files, or the old pack


def remove_staging(folder: Path) -> None:
    """Undo what a killed publish of `folder` left: its staging folders are removed, and an
    old pack moved aside (the fallback of _switch) is put back if no pack took its place."""
    for left in folder.parent.glob(f".{folder.name}{STAGING}*"):
        shutil.rmtree(left, ignore_errors=True)
    for aside in sorted(folder.parent.glob(f".{folder.name}{ASIDE}*")):
        if folder.exists():
            shutil.rmtree(aside, ignore_errors=True)  # the new pack got in: the old can go
        else:
            with contextlib.suppress(OSError):  # left where it is if it cannot move back
                os.rename(aside, folder)


def clean(out: Path) -> None:
    """Undo what a killed publish left anywhere in `out` (see remove_staging)."""
    for left in sorted({*out.glob(f".*{STAGING}*"), *out.glob(f".*{ASIDE}*")}):
        name = left.name[1:].split(STAGING)[0].split(ASIDE)[0]
        if name:
            remove_staging(out / name)


def make_folder(folder: Path) -> None:
    """mkdir -p, with a message a user can act on."""
    if folder.exists() and not folder.is_dir():
        raise RenderError(f"{folder}: is a file, not a folder, so nothing was written "
                          "(move the file away, or choose another folder with --out)")
    _guard(folder, folder.mkdir, parents=True, exist_ok=True)


def _switch(staging: Path, folder: Path) -> None:
    """Put `staging` in the place of `folder`; the old pack ends at `staging`."""
    if not folder.exists():
        _guard(folder, os.rename, staging, folder)
    elif sys.platform.startswith("linux") and _exchange(staging, folder):
        pass  # one atomic step: a kill leaves the old pack or the new one
    else:
        # No atomic swap of two folders here (not Linux, or a file system without
        # RENAME_EXCHANGE): move the old pack aside, then the new one in.
        # A kill between the two leaves no pack, but the old one whole aside; the next
        # publish (remove_staging) puts it back.
        aside = Path(_guard(folder, tempfile.mkdtemp, prefix=f".{folder.name}{ASIDE}",
                            dir=folder.parent))
        _guard(folder, os.replace, folder, aside)
        try:
            _guard(folder, os.rename, staging, folder)
        except RenderError:
            os.replace(aside, folder)  # put the old pack back
            raise
        shutil.rmtree(aside, ignore_errors=True)
    _guard(folder.parent, _fsync_dir, folder.parent)


def _exchange(a: Path, b: Path) -> bool:
    """renameat2(RENAME_EXCHANGE): swap two paths atomically; False if not supported."""
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise disk_error(b, OSError(code, os.strerror(code)))


@functools.cache
def _renameat2() -> Any:
    """libc's renameat2 (glibc 2.28 and later), or None."""
    try:
        return getattr(ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True),
                       "renameat2", None)
    except OSError:
        return None


def _write_temp(folder: Path, name: str, data: bytes, shown: Path | None = None) -> Path:
    """`data` in a new temporary file in `folder`, on disk; removed again on any failure.
    Errors name `shown` (the file's final place), or folder/name."""
    shown = folder / name if shown is None else shown
    handle, temp_name = _guard(shown, tempfile.mkstemp, prefix=f".{name}.",
                               suffix=".tmp", dir=folder)
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temp, 0o644)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise disk_error(shown, exc) from None
    return temp


def _fsync_dir(folder: Path) -> None:
    handle = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(handle)
    finally:
        os.close(handle)


def _refuse_folder(target: Path) -> None:
    if target.is_dir() and not target.is_symlink():
        raise RenderError(f"{target}: is a folder, so the file cannot be written there "
                          "(remove or rename the folder; nothing else was changed)")


def _guard(path: Path, call: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    try:
        return call(*args, **kwargs)
    except OSError as exc:
        raise disk_error(path, exc) from None


def disk_error(path: Path, exc: OSError) -> RenderError:
    """What went wrong with the disk at `path`, in words, with what to do about it."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        what = "the disk is full (free some space, or choose another folder with --out)"
    elif exc.errno == errno.EROFS:
        what = ("the file system is read-only (make it writable, or choose another folder "
                "with --out)")
    elif exc.errno in (errno.EACCES, errno.EPERM):
        what = ("permission denied (make the folder writable for this user, or choose "
                "another folder with --out)")
    elif exc.errno in (errno.ENOTDIR, errno.EEXIST):
        what = ("a file is in the way of a folder (move it away, or choose another folder "
                "with --out)")
    else:
        what = f"{exc.strerror or exc} (check the disk, or choose another folder with --out)"
    return RenderError(f"cannot write {path}: {what}; the earlier files are untouched")
