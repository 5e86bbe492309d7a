"""Which files are profiles: those named on the command line, and the YAML files in a
named folder."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from generator.errors import UsageError

PROFILE_SUFFIXES = (".yaml", ".yml")


def profile_files(paths: Iterable[Path]) -> list[Path]:
    """Profiles named directly, and every *.yaml / *.yml file in a named folder."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            # Every *.yaml entry but folders: a named pipe or a device among them is refused
            # by name when it is read, never silently skipped.
            found.extend(sorted(p for p in path.iterdir()
                                if p.suffix in PROFILE_SUFFIXES and not p.is_dir()))
        elif path.exists():
            found.append(path)
        else:
            raise UsageError(f"{path}: no such file or folder")
    return found
