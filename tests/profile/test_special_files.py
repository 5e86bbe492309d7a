"""Only regular files are read: a named pipe, a device, a socket or a folder where a profile
or its logo should be is refused by name, at once, by `check` and `build` alike.

Each command runs as a subprocess with a time limit, so a regression that blocks on a
named pipe fails this test instead of hanging the suite.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import PROFILES

LOGO_LINE = "logo: {file: logos/dwp.svg,"


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _device(path: Path) -> None:
    os.mknod(path, 0o644 | 0o020000, os.makedev(1, 5))  # a character device: /dev/zero's


def _socket(path: Path) -> None:
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(str(path))  # the socket file stays after the socket is closed


def _folder(path: Path) -> None:
    path.mkdir()


MAKERS: dict[str, tuple[Callable[[Path], None], str]] = {
    "named pipe": (_fifo, "a named pipe"),
    "device": (_device, "a device"),
    "socket": (_socket, "a socket"),
}


def _run(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator", *args], cwd=folder,
                          capture_output=True, text=True, timeout=60)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "logos").mkdir()
    (tmp_path / "logos" / "dwp.svg").write_bytes((PROFILES / "logos" / "dwp.svg").read_bytes())
    return tmp_path


@pytest.mark.parametrize("kind", sorted(MAKERS))
@pytest.mark.parametrize("command", ["check", "build"])
def test_a_special_file_named_as_the_profile_is_refused_by_name(
        folder: Path, kind: str, command: str) -> None:
    make, words = MAKERS[kind]
    make(folder / "p.yaml")
    done = _run(folder, command, "p.yaml", *(["--out", "out"] if command == "build" else []))
    assert done.returncode == 2, done.stderr
    assert f"p.yaml:1:1: is {words}, not a profile file (give the path of a .yaml file)" \
        in done.stderr
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr


@pytest.mark.parametrize("kind", sorted(MAKERS))
@pytest.mark.parametrize("command", ["check", "build"])
def test_a_special_file_named_as_the_logo_is_refused_by_name(
        folder: Path, kind: str, command: str) -> None:
    make, words = MAKERS[kind]
    make(folder / "logos" / "odd.svg")
    text = (PROFILES / "dwp.yaml").read_text("utf-8")
    assert LOGO_LINE in text
    (folder / "p.yaml").write_text(text.replace(LOGO_LINE, "logo: {file: logos/odd.svg,"),
                                   "utf-8")
    done = _run(folder, command, "p.yaml", *(["--out", "out"] if command == "build" else []))
    assert done.returncode == 2, done.stderr
    assert (f"department.logo.file: logos/odd.svg is {words}, not an image file "
            "(name an SVG or PNG file)") in done.stderr
    assert not (folder / "out" / "dwp").exists()


def test_special_files_in_a_folder_of_profiles_are_named_not_skipped(folder: Path) -> None:
    (folder / "profiles").mkdir()
    (folder / "profiles" / "dwp.yaml").write_text(
        (PROFILES / "dwp.yaml").read_text("utf-8").replace("logos/", "../logos/"), "utf-8")
    _fifo(folder / "profiles" / "pipe.yaml")
    _folder(folder / "profiles" / "folder.yaml")  # a folder is not a profile: passed over
    done = _run(folder, "check")
    assert done.returncode == 2
    assert "profiles/pipe.yaml:1:1: is a named pipe, not a profile file" in done.stderr
    assert "folder.yaml" not in done.stderr + done.stdout


def test_a_folder_given_as_a_profile_with_none_inside_is_an_error(folder: Path) -> None:
    _folder(folder / "x.yaml")
    done = _run(folder, "check", "x.yaml")
    assert done.returncode == 2
    assert done.stderr == "policy-pack: no profiles found in x.yaml\n"


def test_nesting_thousands_deep_is_refused_not_a_crash(folder: Path) -> None:
    (folder / "p.yaml").write_text("a: " + "[" * 5000 + "]" * 5000 + "\n", "utf-8")
    done = _run(folder, "check", "p.yaml")
    assert done.returncode == 2
    assert done.stderr == ("p.yaml:1:1: is nested more than 12 levels deep (a profile's keys "
                           "are at most four levels deep)\n")


def test_a_built_logo_replaced_by_a_pipe_is_refused_on_the_next_build(folder: Path) -> None:
    """The incremental cache must not read an input that became a pipe to see if it changed."""
    (folder / "p.yaml").write_text((PROFILES / "dwp.yaml").read_text("utf-8"), "utf-8")
    assert _run(folder, "build", "p.yaml", "--out", "out").returncode == 0
    (folder / "logos" / "dwp.svg").unlink()
    _fifo(folder / "logos" / "dwp.svg")
    done = _run(folder, "build", "p.yaml", "--out", "out")
    assert done.returncode == 2, done.stderr
    assert "department.logo.file: logos/dwp.svg is a named pipe, not an image file" in done.stderr
    assert sorted(p.name for p in (folder / "out" / "dwp").iterdir()) == [  # untouched
        "dwp-social-media-policy.docx", "dwp-social-media-policy.html",
        "dwp-social-media-policy.pdf", "dwp-social-media-use.html", "manifest.json"]
