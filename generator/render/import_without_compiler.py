"""Import the renderers that bind C libraries through cffi, without a compiler run.

WeasyPrint and cairocffi (under cairosvg) open Pango, HarfBuzz, fontconfig and cairo by
trying a list of names for each ("libgobject-2.0-0", "gobject-2.0-0", ..., then the
Linux sonames). cffi asks `ctypes.util.find_library` about each name, and on Linux every
name the linker cache does not know sends find_library on to run gcc and then ld: 18
compiler runs, about 0.2 s of every fresh process's start (Kozea/WeasyPrint#1125).

While these imports run, find_library answers from the linker cache alone, read once.
That is find_library's own first step; only the compiler fallbacks are skipped, and those
could only find libraries that each list's soname entries (which dlopen opens directly,
searching LD_LIBRARY_PATH too) reach anyway.
"""

from __future__ import annotations

import ctypes.util
import os
import re
import struct
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any

_LDCONFIG = "/sbin/ldconfig"  # where ctypes.util itself looks for it

# The C library ABI that ldconfig prints beside each entry: as in ctypes.util, so that a
# 32-bit copy of a library on a multiarch system is never chosen.
_ABI = {"x86_64-64": "libc6,x86-64", "ppc64-64": "libc6,64bit", "sparc64-64": "libc6,64bit",
        "s390x-64": "libc6,64bit", "ia64-64": "libc6,IA-64"}


def import_renderer(name: str) -> Any:
    """The module `name` (weasyprint, cairosvg), imported with the quick library search."""
    if name in sys.modules:  # called on every logo drawn: no patching once it is loaded
        return sys.modules[name]
    with _linker_cache_only():
        return __import__(name)


@contextmanager
def _linker_cache_only() -> Iterator[None]:
    if not sys.platform.startswith("linux") or _linker_cache() is None:
        yield  # elsewhere, or no ldconfig: leave the search as it is
        return
    original = ctypes.util.find_library
    ctypes.util.find_library = _find_in_linker_cache
    try:
        yield
    finally:
        ctypes.util.find_library = original


def _find_in_linker_cache(name: str) -> str | None:
    """ctypes.util.find_library's first step: the soname ldconfig lists for lib<name>."""
    bits = "32" if struct.calcsize("l") == 4 else "64"
    abi = _ABI.get(f"{os.uname().machine}-{bits}", "libc6")
    found = re.search(os.fsencode(rf"\s+(lib{re.escape(name)}\.[^\s]+)\s+\({abi}"),
                      _linker_cache() or b"")
    return os.fsdecode(found.group(1)) if found else None


@cache  # WeasyPrint and cairosvg are imported apart: one read serves both
def _linker_cache() -> bytes | None:
    try:
        done = subprocess.run([_LDCONFIG, "-p"], capture_output=True, check=True,
                              env={"LC_ALL": "C", "LANG": "C"}, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout


def library_file(name: str) -> str:
    """The file the linker cache opens for lib<name>, links resolved, with its size: which
    build of a C library a renderer draws with (libcairo.so.2.11600.0), read without
    loading it. Empty where there is no linker cache or no such library."""
    soname = _find_in_linker_cache(name) if sys.platform.startswith("linux") else None
    if soname is None:
        return ""
    found = re.search(os.fsencode(rf"\s{re.escape(soname)}\s.*=>\s*(\S+)"),
                      _linker_cache() or b"")
    if found is None:
        return ""
    path = os.path.realpath(os.fsdecode(found.group(1)))
    try:
        return f"{path}:{os.stat(path).st_size}"
    except OSError:
        return ""
