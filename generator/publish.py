"""Write a folder of outputs so that a failure leaves the earlier files untouched.

Each file is written beside its target under a temporary name, flushed to disk, then
renamed into place (atomic on POSIX): a reader sees the old file or the new one, never
half of one. `build` publishes packs with it, and the review commands their reports.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path


def publish(folder: Path, outputs: Mapping[str, bytes]) -> None:
    """Write each file beside its target, then rename into place (atomic on POSIX)."""
    folder.mkdir(parents=True, exist_ok=True)
    staged: list[tuple[Path, Path]] = []
    try:
        for name, data in outputs.items():
            handle, temp_name = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
            with os.fdopen(handle, "wb") as stream:
                stream.write(data)
                stream.flush()
                os.fsync(stream.fileno())
            staged.append((Path(temp_name), folder / name))
        for temp, target in staged:
            os.chmod(temp, 0o644)
            os.replace(temp, target)
    finally:
        for temp, _ in staged:
            temp.unlink(missing_ok=True)
