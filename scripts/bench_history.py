"""How long a profile's history takes to read (issue 29): a folder with VERSIONS versions of
dwp.yaml (each a commit changing one answer), then history() cold (a new process: no parse
kept) and warm (the same process again), and the whole `policy-pack history` command.

    python scripts/bench_history.py [VERSIONS] [FOLDER]

The folder is made once (FOLDER, default /tmp/policy-pack-bench-history) and reused."""

from __future__ import annotations

import resource
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from generator import versions
from generator.versions import Author

ROOT = Path(__file__).resolve().parents[1]
T = TypeVar("T")
PEOPLE = (Author("Hana Hussain", "hana.hr@dwp.example.gov.uk"),
          Author("Cal Comms", "cal.comms@dwp.example.gov.uk"))


def made(folder: Path, count: int) -> Path:
    """`folder` with `count` versions of dwp.yaml (kept if made before with as many)."""
    mark = folder / ".versions"
    if mark.exists() and mark.read_text() == str(count):
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(ROOT / "profiles", folder)
    versions.start(folder)
    path = folder / "dwp.yaml"
    original = path.read_text()
    for number in range(1, count):
        text = original.replace('version: "2.1"\n', f'version: "2.{number + 1}"\n', 1)
        if number % 3 == 0:
            text = text.replace("review_by: 2027-09-01", f"review_by: 2028-{number % 12 + 1:02}-01")
        versions.record(folder, [path], PEOPLE[number % 2], [f"Change {number}"],
                        write=lambda text=text: path.write_text(text))
    mark.write_text(str(count))
    return folder


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 261
    folder = made(Path(sys.argv[2] if len(sys.argv) > 2 else "/tmp/policy-pack-bench-history"),
                  count)
    found, cold = _timed(lambda: versions.history(folder, "dwp.yaml"))
    _, warm = _timed(lambda: versions.history(folder, "dwp.yaml"))
    _, command = _timed(lambda: subprocess.run(
        [sys.executable, "-m", "generator", "history", str(folder / "dwp.yaml")],
        check=True, capture_output=True, cwd=ROOT))
    print(f"{len(found)} versions (wall s / CPU s, git's included): history() cold {cold}, "
          f"warm {warm}; `policy-pack history` whole run {command}")


def _timed(work: Callable[[], T]) -> tuple[T, str]:
    """What `work` returns, and its wall time and CPU time (this process's and its
    children's: the git runs), as "wall / CPU"; the CPU time is what a busy machine does
    not inflate."""
    before, cpu = time.perf_counter(), _cpu()
    done = work()
    return done, f"{time.perf_counter() - before:.3f} / {_cpu() - cpu:.3f}"


def _cpu() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), \
        resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime

if __name__ == "__main__":
    main()
