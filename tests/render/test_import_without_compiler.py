"""Loading the renderers runs no compiler, and finds the libraries ctypes itself would."""

from __future__ import annotations

import ctypes.util
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from generator.render.import_without_compiler import _linker_cache_only
from tests.conftest import ROOT


@pytest.fixture
def watched_path(tmp_path: Path) -> tuple[dict[str, str], Path]:
    """An environment whose gcc and ld only write down that they were run."""
    log = tmp_path / "ran.log"
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for tool in ("gcc", "cc", "ld"):
        script = bin_dir / tool
        script.write_text(f"#!/bin/sh\necho {tool} >> {log}\nexit 1\n", "utf-8")
        script.chmod(script.stat().st_mode | stat.S_IEXEC)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    return env, log


def python(code: str, env: dict[str, str]) -> None:
    subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, check=True,
                   capture_output=True)


def test_warming_up_runs_no_compiler(watched_path: tuple[dict[str, str], Path]) -> None:
    env, log = watched_path
    # The watch works: a plain search for an unknown library runs the compiler...
    python("import ctypes.util; ctypes.util.find_library('no-such-library-here')", env)
    assert log.read_text("utf-8").split()[:1] == ["gcc"]
    log.unlink()
    # ...and loading WeasyPrint, cairosvg, fonts and a first render does not.
    python("from generator.build import warm_up; warm_up()", env)
    assert not log.exists()


def test_the_quick_search_answers_as_ctypes_does_from_the_linker_cache() -> None:
    original = ctypes.util.find_library
    names = ["gobject-2.0", "pango-1.0", "harfbuzz", "fontconfig", "cairo", "c", "m"]
    expected = [original(name) for name in names]
    with _linker_cache_only():
        assert ctypes.util.find_library is not original
        assert [ctypes.util.find_library(name) for name in names] == expected
        assert ctypes.util.find_library("libgobject-2.0-0") is None
    assert ctypes.util.find_library is original
    assert all(expected)  # each is a real library on this machine, not a vacuous None
