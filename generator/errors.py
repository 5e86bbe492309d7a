"""One exception root for everything the tool reports to a user.

Constructors build the message; nothing in the library prints. The command line catches
`PolicyPackError` alone and maps it to an exit code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One finding in an input file, at a 1-based line and column.

    `fix`, when not None, is the whole of line `line` as it should read: the hint's advice
    as data, for the editor to offer and for tests to apply ("" deletes the line's text).
    It takes no part in ordering or equality: the place and the message say what a
    problem is.
    """

    path: str
    line: int
    column: int
    key: str
    message: str
    hint: str = ""
    severity: Severity = "error"
    fix: str | None = field(default=None, compare=False)

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.column}"
        key = f" {self.key}:" if self.key else ""
        text = f"{where}:{key} {self.message}"
        if self.severity == "warning":
            text = f"{where}:{key} warning: {self.message}"
        return f"{text} ({self.hint})" if self.hint else text


class PolicyPackError(Exception):
    """Root of every error meant for a user."""

    exit_code = 2


class ProfileError(PolicyPackError):
    """A profile has one or more problems; all of them are carried at once."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = tuple(sorted(problems))
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self) -> tuple[type[ProfileError], tuple[list[Problem]]]:
        # Errors cross from worker processes to the parent by pickling.
        return (ProfileError, (list(self.problems),))


class GuidanceError(PolicyPackError):
    """A base guidance edition is missing or malformed (a fault in templates/, not the profile)."""


class RenderError(PolicyPackError):
    """An output could not be written or does not meet its accessibility floor."""

    exit_code = 1


class UsageError(PolicyPackError):
    """The command line was used wrongly (an unknown path, a bad option value)."""
