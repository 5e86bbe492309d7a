"""`policy-pack history PROFILE`: each version newest first, its author and its changes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator import versions
from generator.cli import main

ROOT = Path(__file__).resolve().parents[2]


def test_history_prints_each_version_newest_first(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "profiles"
    shutil.copytree(ROOT / "profiles", folder)
    versions.start(folder)
    path = folder / "dwp.yaml"
    text = path.read_text().replace("review_by: 2027-09-01", "review_by: 2028-06-01")
    versions.record(folder, [path], versions.Author("Pat Head", "pat@dwp.example"),
                    ["Changed the review date"], [("Policy-Pack-Approved", "local.x")],
                    write=lambda: path.write_text(text))
    assert main(["history", str(path)]) == 0
    summary, *blocks = capsys.readouterr().out.strip().split("\n\n")
    assert summary == "No departure awaits approval."  # dwp has none
    assert [block.splitlines()[1:] for block in blocks] == [
        ["  Changed the date the policy must be reviewed by from 1 September 2027 to "
         "1 June 2028", f"  Pat Head approved the departure local.x on "
                        f"{versions.history(folder, 'dwp.yaml')[0].when:%-d %B %Y}"],
        ["  The first version in the history"]]
    assert blocks[0].splitlines()[0].endswith("  Pat Head <pat@dwp.example>")
    assert blocks[1].splitlines()[0].endswith(
        "  policy-pack <policy-pack@policy-pack.invalid>")


def test_history_outside_a_repository_says_so(tmp_path: Path,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(ROOT / "profiles" / "dwp.yaml", tmp_path / "dwp.yaml")
    assert main(["history", str(tmp_path / "dwp.yaml")]) == 2
    assert "is not in a git repository" in capsys.readouterr().err
