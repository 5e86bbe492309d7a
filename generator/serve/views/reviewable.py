"""The folder as the reviews read it: its profiles (never its drafts) that `check`
accepts, and a line for each of the others, saying why it is left out."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from generator.serve import store
from generator.serve.answers.forms import lookup
from generator.serve.workspace import opened, settings


@dataclasses.dataclass(frozen=True)
class Reviewable:
    """The folder as the reviews read it: the profiles that check clean, and the others."""

    paths: dict[str, Path]  # file name -> path, in the folder's order
    names: dict[str, str]  # file name -> the department's name
    left_out: tuple[str, ...]  # one line for each profile left out, saying why


def reviewable() -> Reviewable:
    """The folder's profiles (never its drafts) that `check` accepts, and a line for each
    of the others: the reviews read only the first."""
    paths: dict[str, Path] = {}
    names: dict[str, str] = {}
    left_out = []
    for name, path in store.published(settings().folder).items():
        try:
            current = opened(name, path, store.read(path))
        except store.NotEditable as exc:
            left_out.append(f"{name} is left out: {exc}.")
            continue
        count = len(current.errors)
        if count:  # the first problem in `check`'s words, so a reviewer knows what it is
            first = current.errors[0]
            more = f" (and {count - 1} more)" if count > 1 else ""
            left_out.append(f"{name} is left out: it has {count} problem"
                            f"{'s' if count != 1 else ''} to put right. Line {first.line}, "
                            f"{first.key or 'the file'}: {first.message}{more}.")
            continue
        title = lookup(current.data, ("department", "name"))
        paths[name], names[name] = path, title if isinstance(title, str) else name
    return Reviewable(paths, names, tuple(left_out))
