"""The only module that runs git: a list of arguments, never a shell.

Every run drops the GIT_* variables of its caller's environment (a hook, a test run from
one, would otherwise point git at another repository or index) and turns hooks and commit
signing off: a commit the editor makes must not wait on a hook, a passphrase or a prompt.
Failures become GitError, in plain words.
"""

from __future__ import annotations

import contextlib
import fcntl
import functools
import os
import re
import subprocess
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

from generator.errors import PolicyPackError

GIT = ("git", "-c", "core.hooksPath=/dev/null", "-c", "commit.gpgsign=false",
       "-c", "core.quotePath=false")
LOCK_NAME = "policy-pack.lock"  # in the git dir: one writer at a time, threads and processes


class GitError(PolicyPackError):
    """Git could not do what the history needed; the message says what, plainly."""


class NoRepository(GitError):
    """The folder is in no git repository, so it has no history."""

    def __init__(self, folder: Path) -> None:
        super().__init__(f"{folder} is not in a git repository, so its profiles have no "
                         "history yet: the team editor (policy-pack serve --team) starts "
                         "one, or run `git init` in the folder")


def run(repo: Path, *args: str, env: Mapping[str, str] | None = None,
        stdin: bytes | None = None) -> bytes:
    """Git's output for `args`, run in `repo`; GitError if it fails."""
    try:
        done = subprocess.run([*GIT, *args], cwd=repo, input=stdin, capture_output=True,
                              env=_environment(env), check=False)
    except OSError as exc:
        raise GitError(f"git could not be run ({exc.strerror}): is git installed?") from None
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        # git's own verdict ("fatal: ..."), not the advice it may print after it
        verdict = next((line for line in said if line.startswith(("fatal:", "error:"))),
                       said[-1] if said else "no reason given")
        reason = _without_paths(verdict, repo)
        raise GitError(f"git {args[0]} failed: {reason}")
    return done.stdout


_ABSOLUTE = re.compile(r"(?<![\w.~-])/(?:[^\s'\"/]+/)*([^\s'\"/]*)")


def _without_paths(said: str, repo: Path) -> str:
    """Git's words with the server's absolute paths taken out (they may be shown on a
    page): a path in the repository becomes relative to it, any other its last part."""
    top = str(repo).rstrip("/")
    said = said.replace(f"{top}/", "").replace(top, ".")
    return _ABSOLUTE.sub(lambda found: found.group(1) or ".", said)


def text(repo: Path, *args: str, env: Mapping[str, str] | None = None) -> str:
    """Git's output for `args` as text, without its last newline."""
    return run(repo, *args, env=env).decode("utf-8", "replace").removesuffix("\n")


def toplevel(folder: Path) -> Path | None:
    """The top of the git repository holding `folder`, or None if it is in none. Kept once
    found (a folder does not leave its repository while served); asked again while none."""
    found = _TOPS.get(folder)
    if found is None:
        found = _toplevel(folder)
        if found is not None:
            _TOPS[folder] = found
    return found


_TOPS: dict[Path, Path] = {}


def _toplevel(folder: Path) -> Path | None:
    try:
        found = text(folder, "rev-parse", "--show-toplevel")
    except GitError:
        return None
    return Path(found) if found else None


@functools.lru_cache(maxsize=64)
def git_dir(repo: Path) -> Path:
    return Path(text(repo, "rev-parse", "--absolute-git-dir"))


def head(repo: Path) -> str | None:
    """The commit HEAD names, or None in a repository with no commit yet."""
    try:
        return text(repo, "rev-parse", "--verify", "--quiet", "HEAD^{commit}")
    except GitError:
        return None


def config(repo: Path, key: str, local: bool = False) -> str:
    """A git setting as this repository sees it (its own, the user's, the system's), or
    with `local` the repository's own alone; "" if unset."""
    try:
        return text(repo, "config", *(["--local"] if local else []), "--get", key)
    except GitError:
        return ""


@contextlib.contextmanager
def locked(repo: Path) -> Iterator[None]:
    """An exclusive lock of our own on the repository, across threads and processes: two
    commits of the editor never race for HEAD or the index. Git's own index.lock is left to
    git; this lock is a file that stays, so nothing is left behind when a process dies."""
    descriptor = os.open(git_dir(repo) / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)


def _environment(extra: Mapping[str, str] | None) -> dict[str, str]:
    own = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    own["GIT_TERMINAL_PROMPT"] = "0"
    return own | dict(extra or {})


def lines_z(data: bytes) -> Sequence[str]:
    """Git's NUL-separated output as text items."""
    return [item.decode("utf-8", "replace") for item in data.split(b"\0") if item]
