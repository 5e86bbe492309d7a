"""Benchmark: the pack on demand in `policy-pack serve`. Prints figures; asserts nothing.

(a) the editor's share of start-up: importing the app and creating it, in a fresh process
    (the goal, address printed within 2 s, also counts the server's own start);
(b) the first pack, cold: the page's GET (which starts the worker pool) and the POST that
    renders profiles/dwp.yaml;
(c) ten warm packs of the same profile, each after a trivial change (a comment appended), so
    that none comes from the cache: p50 and p95 (goal: p95 at most 3 s);
(d) whether the editor's process imported WeasyPrint (it should not: the workers render);
(e) the same ten packs by render_pack in one warm process, for comparison.
Each pack is timed from the POST to the redirect to its files, through the Flask test client.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flask.testing import FlaskClient  # noqa: E402

from generator.serve.app import create_app  # noqa: E402
from generator.serve.security import Access  # noqa: E402
from generator.serve.workspace import Settings  # noqa: E402

PROFILE = "dwp.yaml"
WARM_RUNS = 10
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
START = ("import time; t = time.perf_counter(); from pathlib import Path; "
         "from generator.serve.app import create_app; from generator.serve.security import "
         "Access; from generator.serve.workspace import Settings; "
         "create_app(Settings(Path('.')), Access()); print(time.perf_counter() - t)")


def start_up() -> float:
    """Seconds to import and create the app in a fresh interpreter."""
    found = subprocess.run([sys.executable, "-c", START], capture_output=True, text=True,
                           check=True, cwd=ROOT, env={"PYTHONPATH": str(ROOT)})
    return float(found.stdout.strip())


def editor(folder: Path) -> FlaskClient:
    access = Access(hosts=frozenset({"localhost"}))
    app = create_app(Settings(folder, today=dt.date.today()), access)
    client = app.test_client()
    client.get("/?token=" + access.token, base_url="http://localhost")
    return client


def pack(client: FlaskClient, token: str) -> float:
    """Seconds from the POST to the redirect to the pack's files."""
    started = time.perf_counter()
    answer = client.post(f"/p/{PROFILE}/pack", data={"csrf_token": token})
    seconds = time.perf_counter() - started
    if answer.status_code != 303:
        raise SystemExit(f"the pack was not made: {answer.status_code}")
    return seconds


def token(client: FlaskClient) -> str:
    """The form's CSRF token, read from the pack page (whose GET also starts the pool)."""
    match = CSRF.search(client.get(f"/p/{PROFILE}/pack").get_data(as_text=True))
    if match is None:
        raise SystemExit("the pack page has no form")
    return match.group(1)


def main() -> None:
    print(f"(a) import and create the app: {start_up():.2f} s")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "profiles"
        shutil.copytree(ROOT / "profiles", folder)
        client = editor(folder)
        started = time.perf_counter()
        first = token(client)  # the GET starts the pool: (b) counts it, page and POST
        post = pack(client, first)
        print(f"(b) first pack, cold, pool started by the page: {time.perf_counter() - started:.2f}"
              f" s (of which the POST {post:.2f} s)")
        path = folder / PROFILE
        times = []
        for run in range(WARM_RUNS):
            path.write_text(path.read_text() + f"# bench run {run}\n")
            times.append(pack(client, first))
        p95 = statistics.quantiles(times, n=20, method="inclusive")[18]
        print(f"(c) {WARM_RUNS} warm packs of {PROFILE}: p50 {statistics.median(times):.2f} s, "
              f"p95 {p95:.2f} s, max {max(times):.2f} s")
        print(f"(d) WeasyPrint imported by the editor's process: {'weasyprint' in sys.modules}")
        in_process(path)


def in_process(path: Path) -> None:
    """(e) The same packs rendered in this process, no pool: what the pool adds, by
    difference, on this machine at this moment."""
    from generator.build import render_pack, warm_up  # only after (d)

    warm_up()
    times = []
    for run in range(WARM_RUNS):
        path.write_text(path.read_text() + f"# in process {run}\n")
        started = time.perf_counter()
        render_pack(path, dt.date.today(), None)
        times.append(time.perf_counter() - started)
    p95 = statistics.quantiles(times, n=20, method="inclusive")[18]
    print(f"(e) {WARM_RUNS} render_pack calls in process: p50 {statistics.median(times):.2f} s, "
          f"p95 {p95:.2f} s")


if __name__ == "__main__":
    main()
