"""The folder as the reviews read it: its profiles (never its drafts) that `check`
accepts, and a line for each of the others, saying why it is left out.

In team mode a profile whose only problems are departures awaiting approval is not a
broken profile: it is waiting for its approvers, and the reviewer is told so in words
(`Waiting`), not with `check`'s "needs `approved_by` and `date`"."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from generator.serve import approving, store
from generator.serve.answers.forms import lookup
from generator.serve.people import team_mode
from generator.serve.workspace import Opened, opened, settings


@dataclasses.dataclass(frozen=True)
class Waiting:
    """A profile left out of the reviews only because departures await approval."""

    name: str  # the file name, "nics-finance.yaml"
    department: str  # the department's name, as its profile gives it
    count: int  # departures awaiting approval

    @property
    def changes(self) -> str:
        """ "2 changes are", "1 change is": the count as a sentence says it."""
        return f"{self.count} change is" if self.count == 1 else f"{self.count} changes are"

    @property
    def line(self) -> str:
        """The reviews' line: "nics-finance.yaml is left out until 2 changes are approved
        by its approvers." """
        return f"{self.name} is left out until {self.changes} approved by its approvers."


@dataclasses.dataclass(frozen=True)
class Reviewable:
    """The folder as the reviews read it: the profiles that check clean, and the others."""

    paths: dict[str, Path]  # file name -> path, in the folder's order
    names: dict[str, str]  # file name -> the department's name
    left_out: tuple[str, ...]  # one line for each profile left out, saying why
    waiting: tuple[Waiting, ...] = ()  # those left out only until approvals are given

    @property
    def not_in(self) -> tuple[str, ...]:
        """Every profile left out, a line each: those with problems, then those waiting."""
        return (*self.left_out, *(w.line for w in self.waiting))


def reviewable() -> Reviewable:
    """The folder's profiles (never its drafts) that `check` accepts, and a line for each
    of the others: the reviews read only the first."""
    paths: dict[str, Path] = {}
    names: dict[str, str] = {}
    left_out = []
    waiting = []
    for name, path in store.published(settings().folder).items():
        try:
            current = opened(name, path, store.read(path))
        except store.NotEditable as exc:
            left_out.append(f"{name} is left out: {exc}.")
            continue
        count = len(current.errors)
        if count and _only_awaiting(current):
            waiting.append(Waiting(name, _department(current, name), count))
            continue
        if count:  # the first problem in `check`'s words, so a reviewer knows what it is
            first = current.errors[0]
            more = f" (and {count - 1} more)" if count > 1 else ""
            left_out.append(f"{name} is left out: it has {count} problem"
                            f"{'s' if count != 1 else ''} to put right. Line {first.line}, "
                            f"{first.key or 'the file'}: {first.message}{more}.")
            continue
        paths[name], names[name] = path, _department(current, name)
    return Reviewable(paths, names, tuple(left_out), tuple(waiting))


def _only_awaiting(current: Opened) -> bool:
    """Whether, in team mode, every problem of the profile is a departure's approval not
    given yet (each such departure is one problem: "needs `approved_by` and `date`")."""
    return team_mode() and not approving.settled(current).errors


def _department(current: Opened, name: str) -> str:
    title = lookup(current.data, ("department", "name"))
    return title if isinstance(title, str) else name
