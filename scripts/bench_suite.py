"""Benchmark, the last part of `make bench`: how long a developer waits for the tests.

(f) `make test` in a fresh clone of this repository's committed HEAD, as CI runs it and as a
    newcomer does: the virtual environment, the Python and npm packages, the editor's
    assets, lint, typing, the import contracts and every test (target: at most 10 minutes);
(g) `make check` in this working tree, the loop between edits: lint, typing, the import
    contracts and every test that renders nothing (target: at most 2 minutes).

Prints figures and the last lines of each run; asserts nothing. `--check-only` skips (f).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def timed(command: list[str], cwd: Path) -> tuple[float, str, int]:
    """Wall seconds, the test runner's closing line (or the output's last lines), and the
    exit code."""
    started = time.perf_counter()
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    lines = done.stdout.strip().splitlines()
    closing = [line for line in lines if " passed" in line or " failed" in line][-1:]
    tail = "\n".join(closing or (lines + done.stderr.strip().splitlines())[-3:])
    return time.perf_counter() - started, tail, done.returncode


def fresh_clone_test() -> tuple[float, str, int]:
    with tempfile.TemporaryDirectory(prefix="policy-pack-clone-") as temp:
        clone = Path(temp) / "policy-pack"
        subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
        return timed(["make", "test"], clone)


def main() -> None:
    rows: list[tuple[str, tuple[float, str, int], str]] = []
    if "--check-only" not in sys.argv:
        rows.append(("(f) `make test`, fresh clone, wall time", fresh_clone_test(), "<= 10 min"))
    rows.append(("(g) `make check`, this tree, wall time", timed(["make", "check"], ROOT),
                 "<= 2 min"))
    print("| measure | figure | target |")
    print("|---|---|---|")
    for name, (seconds, _, code), target in rows:
        outcome = "" if code == 0 else f" (FAILED, exit {code})"
        print(f"| {name} | {seconds / 60:.1f} min ({seconds:.0f} s){outcome} | {target} |")
    for name, (_, tail, _), _ in rows:
        print(f"\n{name}, last lines:\n{tail}")


if __name__ == "__main__":
    main()
