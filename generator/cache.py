"""Incremental builds: what each pack was made from, so an unchanged pack is not rebuilt.

A pack's inputs are its profile and logo files, its base edition, and the tool itself
(version, code, templates and fonts). They are recorded in OUT/.policy-pack-cache.json; a
file whose size and modification time are unchanged is not read again, so checking fifty
unchanged packs costs a few stat calls each.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path

from generator import __version__
from generator.policy import edition_digest
from generator.resources import fonts, guidance_root, html_templates, package_root

CACHE_NAME = ".policy-pack-cache.json"


@dataclass
class Entry:
    slug: str
    edition: str
    edition_sha256: str
    tool: str
    pages: int
    files: dict[str, list[int | str]]  # path -> [size, mtime_ns, sha256]
    outputs: dict[str, int]  # file name -> size


@cache
def tool_key() -> str:
    """The tool's own inputs: its version, code, templates and fonts."""
    digest = hashlib.sha256(__version__.encode())
    for root, pattern in ((package_root(), "**/*.py"), (package_root(), "**/*.json"),
                          (html_templates(), "*"), (fonts(), "*")):
        for path in sorted(root.glob(pattern)):
            digest.update(path.relative_to(root).as_posix().encode() + path.read_bytes())
    return digest.hexdigest()


@cache
def edition_key(edition: str) -> str:
    return edition_digest(guidance_root() / edition)


def file_record(path: Path) -> list[int | str]:
    stat = path.stat()
    return [stat.st_size, stat.st_mtime_ns, hashlib.sha256(path.read_bytes()).hexdigest()]


class BuildCache:
    def __init__(self, out: Path) -> None:
        self.out = out
        self.path = out / CACHE_NAME
        try:
            raw = json.loads(self.path.read_text("utf-8"))
            self.entries = {k: Entry(**v) for k, v in raw.items()}
        except (OSError, ValueError, TypeError):
            self.entries = {}  # no cache, or an unreadable one: build everything

    def fresh(self, profile: Path) -> Entry | None:
        """The recorded entry if nothing the pack was made from has changed, else None."""
        entry = self.entries.get(_key(profile))
        if entry is None or entry.tool != tool_key():
            return None
        if edition_key(entry.edition) != entry.edition_sha256:
            return None
        if not all(_same(Path(p), record) for p, record in entry.files.items()):
            return None
        folder = self.out / entry.slug
        return entry if all(_size(folder / n) == size for n, size in entry.outputs.items()) \
            else None

    def record(self, profile: Path, slug: str, edition: str, inputs: tuple[Path, ...],
               outputs: dict[str, bytes], pages: int) -> None:
        self.entries[_key(profile)] = Entry(
            slug, edition, edition_key(edition), tool_key(), pages,
            {str(p.resolve()): file_record(p) for p in inputs},
            {name: len(data) for name, data in outputs.items()})

    def data(self) -> bytes:
        entries = {k: asdict(v) for k, v in sorted(self.entries.items())}
        return (json.dumps(entries, indent=1) + "\n").encode("utf-8")


def _key(profile: Path) -> str:
    return str(profile.resolve())


def _same(path: Path, record: list[int | str]) -> bool:
    try:
        stat = path.stat()
    except OSError:
        return False
    if [stat.st_size, stat.st_mtime_ns] == record[:2]:
        return True
    # Touched but perhaps not changed (a checkout, a copy): compare the contents.
    return hashlib.sha256(path.read_bytes()).hexdigest() == record[2]


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return -1
