"""Writing the history: a repository for a folder that has none, and one commit per write.

A commit holds exactly the paths it is given and nothing else: it is made in an index of
its own (the person's staged work in the repository's index is never swept in), then HEAD
moves to it only if HEAD is still where it was (git update-ref's compare-and-swap), and the
repository's index is brought up to date for those paths alone. Before the write, any
change to those paths that no commit holds (someone edited the file in a text editor) is
committed on its own, under the repository's identity, so the history never puts an
outsider's change under the editor's person.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from generator.versions import git

OUTSIDE_SUBJECT = "Changed outside the editor"
STARTED_SUBJECT = "The profiles as they were when the team editor started"
TRAILER_KEY = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]*")
# A line git could read as a trailer ("Key: value") or as a comment: never written bare.
_TRAILER_LIKE = re.compile(r"[A-Za-z0-9-]+\s*[:=]|#|\s")
_UNSAFE = re.compile(r"[<>\x00-\x1f\x7f]+")
LONGEST_NAME = 200  # an identity git takes whole (a provider's name is untrusted)
LONGEST_EMAIL = 254  # the longest address RFC 5321 allows
INDEX_ATTEMPTS = 40  # the repository's index, held by someone's git: retried for 2 s


@dataclass(frozen=True)
class Author:
    """Who made a version, as git records them."""

    name: str
    email: str

    def safe(self) -> Author:
        """The author as git accepts one: git refuses `<`, `>` and line breaks in an
        identity, and a name from a provider is untrusted, so they become spaces."""
        email = re.sub(r"\s+", "", _UNSAFE.sub("", self.email))[:LONGEST_EMAIL] \
            or "unknown@policy-pack.invalid"
        name = " ".join(_UNSAFE.sub(" ", self.name).split())[:LONGEST_NAME].strip(".,;:\"' ")
        return Author(name or email.split("@")[0] or "Someone", email)


SYSTEM = Author("policy-pack", "policy-pack@policy-pack.invalid")
OUTSIDER = Author("Someone outside the editor", "outside@policy-pack.invalid")


def start(folder: Path) -> None:
    """Make `folder` a git repository with a first commit of the folder as it is, by
    policy-pack, if it is in none; nothing if it is in one already."""
    if git.toplevel(folder) is not None:
        return
    git.run(folder, "init", "--quiet")
    with git.locked(folder):
        if git.head(folder) is None:
            _commit(folder, ["."], SYSTEM, _message([STARTED_SUBJECT], ()), allow_empty=True)


def record(folder: Path, paths: Iterable[Path], author: Author, message_lines: Sequence[str],
           trailers: Sequence[tuple[str, str]] = (),
           write: Callable[[], None] | None = None) -> str | None:
    """Commit exactly `paths` (adds, changes, removals, moves) by `author`; the commit's id,
    or None if nothing changed. `message_lines`: the subject, then one line per change.

    With `write`, it is called under the repository's lock, after any change to `paths`
    that no commit holds is committed as OUTSIDE_SUBJECT: the commit then holds exactly
    what `write` wrote. NoRepository if the folder is in none."""
    repo = git.toplevel(folder)
    if repo is None:
        raise git.NoRepository(folder)
    names = [_relative(repo, path) for path in paths]
    with git.locked(repo):
        if write is None:
            return _commit(repo, names, author, _message(message_lines, trailers))
        try:
            _commit(repo, names, outsider(repo), _message([OUTSIDE_SUBJECT], ()))
        except git.GitError as exc:  # nothing written yet
            raise NotRecorded(exc, put_back=None) from None
        before = _kept(repo, names)
        try:
            write()
            return _commit(repo, names, author, _message(message_lines, trailers))
        except git.GitError as exc:
            raise NotRecorded(exc, put_back=_put_back(repo, before)) from None
        except BaseException:  # the write itself failed part way: none of it is kept
            _put_back(repo, before)
            raise


class NotRecorded(git.GitError):
    """A write that could not be committed, undone: the person is told nothing was saved,
    and the history never gains a change no one is named for."""

    def __init__(self, cause: git.GitError, put_back: bool | None) -> None:
        """`put_back`: whether every file written was put back (None: none was written)."""
        undone = "" if put_back is None else " The files were put back as they were." \
            if put_back else " Some files could not be put back as they were: the " \
            "history will show them as changed outside the editor."
        super().__init__(f"Nothing was saved: the change could not be recorded in the "
                         f"profiles' history.{undone} Try again in a moment; if it fails "
                         f"again, tell whoever runs the editor that {cause}")


def _kept(repo: Path, names: Sequence[str]) -> dict[Path, bytes | None]:
    """Each path's bytes before a write (None: there was no file), to put back if the
    write is not committed. A folder, or anything not a file, is left alone."""
    kept: dict[Path, bytes | None] = {}
    for name in names:
        path = repo / name
        if path.is_symlink() or path.is_file():
            kept[path] = None if path.is_symlink() else path.read_bytes()
        elif not os.path.lexists(path):
            kept[path] = None
    return kept


def _put_back(repo: Path, kept: dict[Path, bytes | None]) -> bool:
    """The files as `_kept` found them: bytes written back (by a rename, mode kept),
    files the write made removed; False if any could not be (a full disk, say)."""
    whole = True
    for path, data in kept.items():
        try:
            if data is None:
                if path.is_file() and not path.is_symlink():
                    path.unlink()
                continue
            mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
            temporary = path.with_name(f".{path.name}.put-back")
            try:
                temporary.write_bytes(data)
                os.chmod(temporary, mode)
                os.replace(temporary, path)
            finally:
                temporary.unlink(missing_ok=True)
        except OSError:
            whole = False
    return whole


def outsider(repo: Path) -> Author:
    """Who an outside change is put under: the repository's own git identity, if set
    (never the server account's global one: that is no person who changed the file)."""
    name, email = (git.config(repo, "user.name", local=True),
                   git.config(repo, "user.email", local=True))
    return Author(name, email) if name and email else OUTSIDER


def _relative(repo: Path, path: Path) -> str:
    absolute = path if path.is_absolute() else Path.cwd() / path
    parent = absolute.parent.resolve()  # the file itself may be gone (moved, deleted)
    return (parent / absolute.name).relative_to(repo.resolve()).as_posix()


def _commit(repo: Path, names: Sequence[str], author: Author, message: str,
            allow_empty: bool = False) -> str | None:
    """Commit the working tree's state of `names` on HEAD; None if that changes nothing."""
    parent = git.head(repo)
    index = git.git_dir(repo) / "policy-pack-index"
    env = {"GIT_INDEX_FILE": str(index)}
    try:
        git.run(repo, "read-tree", *(["HEAD"] if parent else ["--empty"]), env=env)
        kept = _present(repo, _not_ignored(repo, names), env)
        if kept:
            git.run(repo, "add", "--all", "--", *kept, env=env)
        tree = git.text(repo, "write-tree", env=env)
    finally:
        index.unlink(missing_ok=True)
    if not allow_empty and parent and tree == git.text(repo, "rev-parse", f"{parent}^{{tree}}"):
        return None
    commit = _commit_tree(repo, tree, parent, author.safe(), message)
    git.run(repo, "update-ref", "-m", f"policy-pack: {message.splitlines()[0]}", "HEAD",
            commit, parent or "")
    _refresh_index(repo, names)
    return commit


def _commit_tree(repo: Path, tree: str, parent: str | None, author: Author,
                 message: str) -> str:
    args = ["commit-tree", tree, *(["-p", parent] if parent else [])]
    out = git.run(repo, *args, env=_identity(author), stdin=message.encode("utf-8"))
    return out.decode("ascii").strip()


def _identity(author: Author) -> dict[str, str]:
    now = f"{int(time.time())} +0000"  # one time for both: git's own default otherwise
    return {"GIT_AUTHOR_NAME": author.name, "GIT_AUTHOR_EMAIL": author.email,
            "GIT_COMMITTER_NAME": author.name, "GIT_COMMITTER_EMAIL": author.email,
            "GIT_AUTHOR_DATE": now, "GIT_COMMITTER_DATE": now}


def _not_ignored(repo: Path, names: Sequence[str]) -> list[str]:
    """`names` less those git ignores and does not track (a profile moved into .deleted/,
    whose .gitignore is `*`): naming an ignored file to `git add` is an error, and its
    removal from where it was is what the commit should hold."""
    if names == ["."]:
        return list(names)
    try:
        ignored = set(git.lines_z(git.run(repo, "check-ignore", "--stdin", "-z",
                                          stdin="\0".join(names).encode() + b"\0")))
    except git.GitError:  # none ignored: check-ignore fails when it finds nothing
        ignored = set()
    return [n for n in names if n not in ignored]


def _present(repo: Path, names: Sequence[str], env: dict[str, str]) -> list[str]:
    """`names` less those neither on disk nor in the commit's index: a file a write is
    about to make (a rename's new name, a new logo) is not there yet when an outside change
    is looked for first, and naming a path that matches nothing to `git add` is an error."""
    if names == ["."]:
        return list(names)
    tracked = set(git.lines_z(git.run(repo, "ls-files", "-z", "--", *names, env=env)))
    return [n for n in names if os.path.lexists(repo / n) or n in tracked
            or any(t.startswith(f"{n}/") for t in tracked)]


def _refresh_index(repo: Path, names: Sequence[str]) -> None:
    """The repository's own index made to agree with the new HEAD for `names`, so `git
    status` shows no phantom change; retried while someone's git holds index.lock."""
    for _ in range(INDEX_ATTEMPTS):
        try:
            git.run(repo, "reset", "--quiet", "HEAD", "--", *names)
            return
        except git.GitError as exc:
            if "index.lock" not in str(exc):
                return  # a path the index never had and HEAD has not: nothing to refresh
            time.sleep(0.05)


def _message(lines: Sequence[str], trailers: Sequence[tuple[str, str]]) -> str:
    """A commit message git keeps as written: the subject, the body one change a line, each
    line marked "- " so none can pass for a trailer or a comment, then the trailers."""
    flat = [" ".join(line.split()) for line in lines]
    subject = (flat[0] if flat else "") or "Changed the profiles"
    if _TRAILER_LIKE.match(subject):
        subject = f"- {subject}"
    body = [f"- {line}" for line in flat[1:] if line]
    parts = [subject, "\n".join(body), "\n".join(_trailer(k, v) for k, v in trailers)]
    return "\n\n".join(part for part in parts if part) + "\n"


def _trailer(key: str, value: str) -> str:
    if not TRAILER_KEY.fullmatch(key):
        raise ValueError(f"not a trailer key: {key!r}")
    return f"{key}: {' '.join(value.split())}"
