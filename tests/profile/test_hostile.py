"""Hostile input: every case fails with its exact message and changes nothing outside OUT."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from generator.batch import build_all
from generator.build import Built, Failed
from generator.errors import PolicyPackError
from tests.profile.hostile_cases import CASES, GOOD, SVG, Case


def lay_out(root: Path, case: Case) -> Path:
    """The case's folder beside an `outside` folder that must never be read or written."""
    (root / "outside").mkdir()
    (root / "outside" / "secret.svg").write_bytes(SVG)
    folder = root / "case"
    folder.mkdir()
    data = case.profile.encode("utf-8") if isinstance(case.profile, str) else case.profile
    (folder / "p.yaml").write_bytes(data)
    for name, content in case.files.items():
        if isinstance(content, tuple):
            os.symlink(content[1], folder / name)
        else:
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_bytes(content)
    return folder


LOCK = ".policy-pack.lock"  # one build at a time per output folder: not an output


def snapshot(root: Path) -> dict[str, tuple[bytes, float]]:
    return {str(p.relative_to(root)): (p.read_bytes(), p.stat().st_mtime)
            for p in sorted(root.rglob("*"))
            if p.is_file() and not p.is_symlink() and p.name != LOCK}


def test_the_corpus_is_large_and_covers_every_category() -> None:
    assert len(CASES) >= 40
    assert len({c.id for c in CASES}) == len(CASES)
    categories = Counter(c.category for c in CASES)
    for category in ("malformed YAML", "tabs", "BOM", "non-UTF-8", "control characters",
                     "bidi override", "wrong types", "unknown keys", "huge and deeply nested files",
                     "alias bombs", "Python tags", "path traversal", "symlinks",
                     "remote and file: URLs", "script in SVG", "very long strings",
                     "an empty file", "a list where a map belongs"):
        assert categories[category] >= 1, category


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_hostile_case(case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = lay_out(tmp_path, case)
    monkeypatch.chdir(folder)  # so messages name the profile as the user typed it
    before = snapshot(tmp_path)
    [result] = build_all([Path("p.yaml")], tmp_path / "out")
    assert isinstance(result, Failed)
    assert isinstance(result.error, PolicyPackError)
    assert str(result.error) == case.expected
    assert snapshot(tmp_path) == before
    out = tmp_path / "out"
    assert not out.exists() or [p.name for p in out.rglob("*")] in ([], [LOCK])


def test_a_leading_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    folder = lay_out(tmp_path, Case("bom", "BOM", b"\xef\xbb\xbf" + GOOD.encode(), ""))
    [result] = build_all([folder / "p.yaml"], tmp_path / "out")
    assert isinstance(result, Built), getattr(result, "error", "")


@pytest.mark.parametrize("case_id", ["alias-bomb", "python-apply", "nul-byte", "svg-script"])
def test_the_command_line_prints_no_traceback(case_id: str, tmp_path: Path) -> None:
    case = next(c for c in CASES if c.id == case_id)
    folder = lay_out(tmp_path, case)
    result = subprocess.run([sys.executable, "-m", "generator.cli", "build", "p.yaml",
                             "--out", str(tmp_path / "out")], cwd=folder, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert case.expected.splitlines()[0] in result.stderr
