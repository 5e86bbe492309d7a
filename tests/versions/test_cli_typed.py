"""`check` and `build` on a team's folder refuse what the team editor refuses: an approval
typed into the file (not given in the editor) after the history began. A folder with no
team/access.yaml is a laptop's: typed approvals are its way, untouched."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator import versions
from generator.cli import main

ROOT = Path(__file__).resolve().parents[2]
OLD = "    approved_by: Head of Communications\n    date: 2026-05-12\n  code.online-and-offline:"
NEW = "    approved_by: Head of Communications\n    date: 2026-07-01\n  code.online-and-offline:"


def _folder(tmp_path: Path, team: bool) -> Path:
    """nics-finance in git with its approvals as the first version, then one approval's
    date typed over by someone with git: the kind of change the team editor calls typed."""
    folder = tmp_path / "profiles"
    folder.mkdir()
    shutil.copy(ROOT / "profiles" / "nics-finance.yaml", folder)
    shutil.copytree(ROOT / "profiles" / "logos", folder / "logos")
    if team:
        (folder / "team").mkdir()
        (folder / "team" / "access.yaml").write_text("admins: [ana@example.gov.uk]\n")
    versions.start(folder)
    path = folder / "nics-finance.yaml"
    text = path.read_text(encoding="utf-8")
    assert OLD in text
    versions.record(folder, [path], versions.Author("Sam Someone", "sam@example.gov.uk"),
                    ["Typed a date"], write=lambda: path.write_text(text.replace(OLD, NEW)))
    return folder


def test_check_refuses_a_typed_approval_in_a_teams_folder(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _folder(tmp_path, team=True)
    assert main(["check", str(folder)]) == 2
    said = capsys.readouterr().err
    assert "nics-finance.yaml" in said and "principles.civil-service-code" in said
    assert "the approval was typed, not given in the editor" in said


def test_check_leaves_a_laptops_folder_alone(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _folder(tmp_path, team=False)
    assert main(["check", str(folder)]) == 0
    assert "nics-finance.yaml: ok" in capsys.readouterr().out


@pytest.mark.renders
def test_build_refuses_it_too_and_writes_no_pack(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _folder(tmp_path, team=True)
    out = tmp_path / "output"
    assert main(["build", str(folder), "--out", str(out), "--jobs", "1"]) == 2
    assert "the approval was typed" in capsys.readouterr().err
    assert not (out / "nics-finance").exists()
