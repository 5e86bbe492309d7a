"""The editor's drafts, archive and deleted profiles live in subfolders of the folder of
profiles: the folder commands (build, check, matrix, impact, site), given the folder, never
read them (issue 24, deliverable 4). Through the real command line; nothing here renders
a PDF (a folder of drafts alone builds nothing)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.policy import available_editions
from tests.conftest import PROFILES
from tests.test_cli import run

PUT_APART = ("drafts/half-filled.yaml", "archive/20260101T000000000000Z.old.yaml",
             ".deleted/20260101T000000000000Z.gone.yaml")


def put_apart(folder: Path) -> None:
    """A starter in each of the editor's subfolders, as half-filled as it comes."""
    for name in PUT_APART:
        (folder / name).parent.mkdir(exist_ok=True)
        assert run("new", str(folder / name)).returncode == 0


@pytest.fixture
def samples_and_drafts(tmp_path: Path) -> Path:
    folder = tmp_path / "profiles"
    shutil.copytree(PROFILES, folder)
    put_apart(folder)
    return folder


@pytest.mark.parametrize("command", [["build"], ["check"], ["site"]])
def test_a_folder_of_drafts_alone_has_no_profiles(tmp_path: Path, command: list[str]) -> None:
    folder = tmp_path / "profiles"
    folder.mkdir()
    put_apart(folder)
    result = run(*command, str(folder), *(["--out", str(tmp_path / "out")]
                                          if command != ["check"] else []))
    assert result.returncode == 2, result.stderr
    assert "no profiles" in result.stderr and "FILL IN" not in result.stderr


def test_matrix_and_impact_read_the_folder_and_not_its_drafts(
        samples_and_drafts: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    matrix = run("matrix", str(samples_and_drafts), "--out", str(out))
    assert matrix.returncode == 0, matrix.stderr
    assert matrix.stdout.startswith("4 departments by ")
    edition = max(available_editions())
    impact = run("impact", "--to", edition, str(samples_and_drafts), "--out", str(out))
    assert impact.returncode == 0, impact.stderr
    assert len([line for line in impact.stdout.splitlines() if "guidance" in line]) == 4
    assert "FILL IN" not in matrix.stderr + impact.stderr
