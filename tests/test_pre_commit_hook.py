"""The pre-commit hook a department adds to its own repository (.pre-commit-hooks.yaml), run
by pre-commit itself: it installs policy-pack from this repository into its own environment
and checks the profiles a commit changes."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import PROFILES, ROOT

HOOK = "policy-pack-check"


@pytest.fixture(scope="module")
def department(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A department's own git repository holding one good profile and its logo."""
    repo = tmp_path_factory.mktemp("department-repo")
    (repo / "profiles").mkdir()
    shutil.copy(PROFILES / "dwp.yaml", repo / "profiles" / "dwp.yaml")
    shutil.copytree(PROFILES / "logos", repo / "profiles" / "logos")
    (repo / "README.md").write_text("Not a profile: the hook leaves it alone.\n", "utf-8")
    _git(repo, "init", "--quiet")
    _git(repo, "add", ".")
    _git(repo, "commit", "--quiet", "-m", "The department's profile")
    return repo


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=HR", "-c", "user.email=hr@dept.example", *args],
                   cwd=repo, check=True, capture_output=True)


def _try_hook(repo: Path, home: Path) -> subprocess.CompletedProcess[str]:
    """`pre-commit try-repo`: the hook as this repository offers it, uncommitted work included."""
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never",
           "GIT_AUTHOR_NAME": "CI", "GIT_AUTHOR_EMAIL": "ci@dept.example",
           "GIT_COMMITTER_NAME": "CI", "GIT_COMMITTER_EMAIL": "ci@dept.example"}
    return subprocess.run([sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), HOOK,
                           "--all-files", "--verbose"], cwd=repo, env=env,
                          capture_output=True, text=True, timeout=900)


def test_a_good_profile_passes_and_a_bad_one_fails_with_its_place(
        department: Path, tmp_path: Path) -> None:
    passed = _try_hook(department, tmp_path / "pre-commit")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "policy-pack check" in passed.stdout and "Passed" in passed.stdout
    assert "profiles/dwp.yaml: ok" in passed.stdout

    bad = (PROFILES / "dwp.yaml").read_text("utf-8").replace(
        "review_by: ", "review-by: ", 1)
    (department / "profiles" / "bad.yaml").write_text(bad, "utf-8")
    _git(department, "add", "profiles/bad.yaml")
    failed = _try_hook(department, tmp_path / "pre-commit")
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "Failed" in failed.stdout
    line = next(n for n, text in enumerate(bad.splitlines(), 1) if "review-by:" in text)
    assert (f"profiles/bad.yaml:{line}:3: policy.review-by: unknown key `review-by` "
            "(did you mean `review_by`?)") in failed.stdout
    assert "README.md" not in failed.stdout
