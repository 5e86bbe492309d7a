"""Benchmark: the team editor with 20 people at once (issue 29, "Many people at once").

Everything is real: npm's oidc-provider and `policy-pack serve FOLDER --team` started as
the tests start them (tests/team/harness.py), over a folder of 6 departments (copies of
the samples under new names and slugs, each its own file), and 20 people signed in through
the provider, each in a thread of their own with a session of their own, for --seconds:

- 14 editors (2 or 3 a department): open the task list, open the policy page, type (the
  live preview: the page's form POSTed to its preview, as htmx does at a pause, 2 to 4
  times), save a field (a real change, so a commit; a clash is answered "keep mine", as
  a person would, and counted), now and then open the history page;
- 3 approvers (2 departments each): the task list, the sections page, the history page;
- 3 reviewers: the reviews dashboard, a profile's task list and its whole preview.

Between two actions a person pauses (--pause, seconds, drawn at random up to twice it).
Printed: for each kind of page the count, p50, p95 and max in ms; the saves a second; the
clashes met; any error (a status the page should not answer, or a failure to connect:
the benchmark then exits 1); and git's commit count at the end against the saves counted.

Run:  /work/main/.venv/bin/python scripts/bench_team.py [--seconds 60] [--pause 1.0]

The machine's 2 cores are shared by the editor, the provider and these 20 threads (which
mostly wait on the network); nothing else is started.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.team.browsing import form_answers  # noqa: E402
from tests.team.harness import (  # noqa: E402
    Provider,
    sign_in,
    start_editor,
    start_provider,
    stop_provider,
)

SAMPLES = ("dwp", "dvla", "nics-finance")
DEPARTMENTS = tuple(f"{sample}-{place}" for place in ("north", "south") for sample in SAMPLES)
PAGE = "policy"
FIELDS = ("policy.owner", "policy.version")  # what the editors change, so clashes happen
PREVIEW = re.compile(r'hx-post="([^"]+)"')


@dataclass(frozen=True)
class Person:
    email: str
    name: str
    role: str  # editor, approver, reviewer
    departments: tuple[str, ...]


@dataclass
class Tally:
    """What every thread measured, under one lock."""

    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)
    saves: int = 0
    clashes: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def timed(self, kind: str, session: requests.Session, method: str, url: str,
              expect: tuple[int, ...] = (200,), **kwargs: object) -> requests.Response | None:
        started = time.perf_counter()
        try:
            answer = session.request(method, url, allow_redirects=False, timeout=60,
                                     **kwargs)  # type: ignore[arg-type]
        except requests.RequestException as exc:
            with self.lock:
                self.errors.append(f"{kind} {url}: {exc}")
            return None
        took = (time.perf_counter() - started) * 1000
        with self.lock:
            self.times[kind].append(took)
            if answer.status_code not in expect:
                said = _said(answer.text)
                self.errors.append(f"{kind} {url}: {answer.status_code} "
                                   f"{said[said.find('There is a problem'):][:300]}")
        return answer if answer.status_code in expect else None


def _said(page: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", page))).strip()


def people() -> list[Person]:
    found = []
    for n in range(14):  # 14 editors: 3 for the first two departments, 2 for the others
        department = DEPARTMENTS[n % len(DEPARTMENTS)]
        found.append(Person(f"editor{n + 1}@{department}.example.gov.uk",
                            f"Editor {n + 1} of {department}", "editor", (department,)))
    for n in range(3):
        mine = DEPARTMENTS[2 * n:2 * n + 2]
        found.append(Person(f"approver{n + 1}@example.gov.uk", f"Approver {n + 1}",
                            "approver", mine))
    for n in range(3):
        found.append(Person(f"reviewer{n + 1}@example.gov.uk", f"Reviewer {n + 1}",
                            "reviewer", DEPARTMENTS))
    return found


def access(everyone: list[Person]) -> str:
    lines = ["admins: [admin@example.gov.uk]",
             "reviewers: [" + ", ".join(p.email for p in everyone if p.role == "reviewer") + "]",
             "departments:"]
    for department in DEPARTMENTS:
        lines.append(f"  {department}:")
        for role in ("editor", "approver"):
            named = [p.email for p in everyone if p.role == role and department in p.departments]
            lines.append(f"    {role}s: [{', '.join(named)}]")
    return "\n".join(lines) + "\n"


def make_folder(folder: Path) -> None:
    """6 departments, each a copy of a sample under a name and slug of its own."""
    shutil.copytree(ROOT / "profiles" / "logos", folder / "logos")
    for department in DEPARTMENTS:
        sample = department.rsplit("-", 1)[0]
        text = (ROOT / "profiles" / f"{sample}.yaml").read_text()
        text = re.sub(r"(?m)^(  slug: ).*$", rf"\g<1>{department}", text, count=1)
        (folder / f"{department}.yaml").write_text(text)


def cpu_seconds(root: int) -> float:
    """The CPU time (user and system) used so far by process `root` and every process
    under it alive now (the editor's pack workers, under its forkserver)."""
    parents: dict[int, int] = {}
    used: dict[int, float] = {}
    tick = os.sysconf("SC_CLK_TCK")
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rpartition(")")[2].split()
        except OSError:
            continue  # ended meanwhile
        # utime, stime, and the children it waited for (git): cutime, cstime
        parents[int(entry.name)] = int(fields[1])
        used[int(entry.name)] = sum(int(f) for f in fields[11:15]) / tick
    tree, grown = {root}, True
    while grown:
        more = {pid for pid, parent in parents.items() if parent in tree} - tree
        grown, tree = bool(more), tree | more
    return sum(used.get(pid, 0.0) for pid in tree)


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def commits(folder: Path) -> int:
    return int(subprocess.run(["git", "rev-list", "--count", "HEAD"], cwd=folder,
                              capture_output=True, text=True, check=True).stdout)


def editor_turn(tally: Tally, session: requests.Session, url: str, person: Person,
                rng: random.Random, count: list[int]) -> None:
    name = f"{person.departments[0]}.yaml"
    tally.timed("task list", session, "GET", f"{url}/p/{name}")
    address = f"/p/{name}/page/{PAGE}"
    page = tally.timed("page", session, "GET", url + address)
    if page is None:
        return
    answers = form_answers(page.text, address)
    preview = unescape(PREVIEW.search(page.text).group(1))  # type: ignore[union-attr]
    chosen = rng.choice(FIELDS)
    count[0] += 1
    final = _typed(chosen, person, count[0])
    for typed in range(rng.randint(2, 4)):  # a pause in the typing: htmx sends the form
        answers[chosen] = final[: 3 + 6 * typed]
        tally.timed("preview", session, "POST", url + preview,
                    data=answers | {"problems_shown": ""})
        _pause(rng, 0.3)
    answers[chosen] = final
    saved = tally.timed("save", session, "POST", url + address, expect=(303, 409), data=answers)
    if saved is not None and saved.status_code == 409:
        with tally.lock:
            tally.clashes += 1
        choice = form_answers(saved.text, address)
        for key in [k for k in choice if k.startswith("keep:")] or [f"keep:{chosen}"]:
            choice[key] = "mine"
        saved = tally.timed("save after a clash", session, "POST", url + address,
                            expect=(303, 409), data=choice)
        if saved is not None and saved.status_code == 409:
            with tally.lock:
                tally.clashes += 1  # changed again meanwhile: this person gives up
            return
    if saved is not None and saved.status_code == 303:
        with tally.lock:
            tally.saves += 1
    if rng.random() < 0.25:
        tally.timed("history", session, "GET", f"{url}/p/{name}/history")


def _typed(chosen: str, person: Person, count: int) -> str:
    """A new answer each time (so each save is a commit), as `check` accepts it."""
    if chosen == "policy.version":
        return f"{person.email[6:person.email.index('@')]}.{count}"  # editor12@ -> 12.3
    return f"{person.name}, change {count}"


def approver_turn(tally: Tally, session: requests.Session, url: str, person: Person,
                  rng: random.Random) -> None:
    name = f"{rng.choice(person.departments)}.yaml"
    tally.timed("task list", session, "GET", f"{url}/p/{name}")
    _pause(rng, 1)
    tally.timed("sections", session, "GET", f"{url}/p/{name}/sections")
    _pause(rng, 1)
    tally.timed("history", session, "GET", f"{url}/p/{name}/history")


def reviewer_turn(tally: Tally, session: requests.Session, url: str, person: Person,
                  rng: random.Random) -> None:
    tally.timed("reviews dashboard", session, "GET", f"{url}/reviews/dashboard")
    _pause(rng, 1)
    name = f"{rng.choice(person.departments)}.yaml"
    tally.timed("task list", session, "GET", f"{url}/p/{name}")
    _pause(rng, 1)
    tally.timed("whole preview", session, "GET", f"{url}/p/{name}/preview/all")


PAUSE = [1.0]


def _pause(rng: random.Random, scale: float) -> None:
    time.sleep(rng.uniform(0, 2 * PAUSE[0] * scale))


def run_person(tally: Tally, session: requests.Session, url: str, person: Person,
               ends: float, seed: int) -> None:
    rng = random.Random(seed)
    count = [0]
    time.sleep(rng.uniform(0, PAUSE[0]))  # people do not all start on the same instant
    while time.monotonic() < ends:
        try:
            if person.role == "editor":
                editor_turn(tally, session, url, person, rng, count)
            elif person.role == "approver":
                approver_turn(tally, session, url, person, rng)
            else:
                reviewer_turn(tally, session, url, person, rng)
        except Exception as exc:  # a page not as expected: an error of the run, said
            with tally.lock:
                tally.errors.append(f"{person.email}: {type(exc).__name__}: {exc}")
            return
        _pause(rng, 1)


def table(tally: Tally, seconds: float) -> str:
    rows = [f"{'page':<20}{'count':>7}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}"]
    for kind in sorted(tally.times):
        found = sorted(tally.times[kind])
        p95 = found[min(len(found) - 1, round(0.95 * (len(found) - 1)))]
        rows.append(f"{kind:<20}{len(found):>7}{statistics.median(found):>9.0f}"
                    f"{p95:>9.0f}{found[-1]:>9.0f}")
    rows.append(f"saves: {tally.saves} ({tally.saves / seconds:.2f} a second); "
                f"clashes met: {tally.clashes}; errors: {len(tally.errors)}")
    return "\n".join(rows)


def _provider(work: Path, accounts: list[dict[str, object]]) -> Provider:
    """The provider, started again if it stopped at once (a port taken between the
    harness's choosing it and node's listening on it)."""
    for attempt in range(3):
        try:
            return start_provider(work, accounts=accounts)
        except RuntimeError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--pause", type=float, default=1.0,
                        help="a person's mean pause between actions, in seconds")
    parser.add_argument("--seed", type=int, default=29)
    options = parser.parse_args()
    PAUSE[0] = options.pause
    everyone = people()
    work = Path(tempfile.mkdtemp(prefix="bench-team-"))
    folder = work / "profiles"
    folder.mkdir()
    make_folder(folder)
    provider = _provider(work, [{"email": p.email, "name": p.name, "groups": []}
                                for p in everyone])
    tally = Tally()
    try:
        with start_editor(provider, folder, roles=access(everyone)) as editor:
            sessions = []
            for person in everyone:
                session = requests.Session()
                sign_in(session, editor.url, person.email)
                sessions.append(session)
            first = commits(folder)
            ends = time.monotonic() + options.seconds
            threads = [threading.Thread(target=run_person, args=(
                tally, session, editor.url, person, ends, options.seed + n))
                for n, (person, session) in enumerate(zip(everyone, sessions, strict=True))]
            began = time.monotonic()
            spent = (cpu_seconds(editor.process.pid), cpu_seconds(provider.process.pid),
                     time.process_time())
            load_before = load_average()
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            took = time.monotonic() - began
            spent = (cpu_seconds(editor.process.pid) - spent[0],
                     cpu_seconds(provider.process.pid) - spent[1],
                     time.process_time() - spent[2])
            made = commits(folder) - first
            print(f"{len(everyone)} people for {options.seconds:.0f} s ({took:.1f} s with the "
                  f"last actions), {len(DEPARTMENTS)} departments, pause {options.pause} s")
            print(table(tally, took))
            print(f"CPU seconds used in the run: the editor and its pack workers "
                  f"{spent[0]:.0f}, the provider {spent[1]:.0f}, these 20 people "
                  f"{spent[2]:.0f}, of {2 * took:.0f} on 2 cores; load average "
                  f"{load_before} before, {load_average()} after (others' work included)")
            print(f"commits made: {made}; saves counted: {tally.saves}"
                  + ("" if made == tally.saves else "  <- DIFFERENT"))
            for error in tally.errors[:20]:
                print("error:", error)
            if made != tally.saves:
                tally.errors.append("the commits made differ from the saves counted")
    finally:
        stop_provider(provider)
        shutil.rmtree(work, ignore_errors=True)
    return 1 if tally.errors else 0


if __name__ == "__main__":
    sys.exit(main())
