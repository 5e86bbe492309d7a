"""Benchmark: `make bench`. Central review at 50 departments (issue 26); asserts nothing.

Writes 50 departments (scripts/many_departments.py) into a temporary folder, then, each as a
fresh process of this checkout's command, as a user runs it:

(a) `policy-pack build DIR --jobs 2`, from nothing;
(b) `policy-pack site DIR` into the same output folder straight after, so the packs are
    skipped as unchanged and the figure is the site's own work: the reviews and the index
    (and whatever pages the site writes as the reviewers' pages grow);
(c) `policy-pack site DIR` into an empty folder: the packs and the site from cold.

Then every HTML page the site writes that is not a department's own pack (a pack's folder is
the one holding its manifest.json), found by walking the output folder, with its size and
the project's HTML audit of it (generator.audit, as `policy-pack audit` runs it: axe-core's
WCAG 2.2 AA rules in Chromium, then the WCAG 1.4.10 reflow check at 320 CSS px).

`--keep DIR` copies the site of (b) to DIR, to look at afterwards.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import POLICY_PACK, machine_cpu_seconds  # noqa: E402
from many_departments import write_departments  # noqa: E402

from generator.audit import Report, audit  # noqa: E402

COUNT = 50


@dataclass(frozen=True)
class Timed:
    wall: float
    cpu: float  # of every process on the machine: the build's workers are not our children


@dataclass(frozen=True)
class Page:
    path: str  # relative to the site's folder
    kb: float
    report: Report


def command(*args: str) -> Timed:
    """One run of `policy-pack ARGS` as a fresh process; it must succeed."""
    wall, cpu = time.perf_counter(), machine_cpu_seconds()
    done = subprocess.run([*POLICY_PACK, *args], capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        raise SystemExit(f"policy-pack {' '.join(args)} failed ({done.returncode}):\n"
                         f"{done.stderr[-3000:]}")
    return Timed(time.perf_counter() - wall, machine_cpu_seconds() - cpu)


def review_pages(site: Path) -> list[Path]:
    """Every HTML page under `site` outside a department's own pack folder: one holding a
    manifest.json and the policy's web page (a review may one day write a manifest too)."""
    packs = {m.parent for m in site.rglob("manifest.json")
             if (m.parent / f"{m.parent.name}-social-media-policy.html").is_file()}
    return sorted(p for p in site.rglob("*.html")
                  if not any(folder in p.parents for folder in packs))


def audited(site: Path) -> list[Page]:
    pages = review_pages(site)
    reports = audit(pages)  # one browser for them all
    return [Page(p.relative_to(site).as_posix(), p.stat().st_size / 1024, r)
            for p, r in zip(pages, reports, strict=True)]


def folder_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1024 / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--keep", type=Path, help="copy the site written by (b) here")
    args = parser.parse_args()
    load_before = os.getloadavg()[0]
    with tempfile.TemporaryDirectory() as temp:
        work = Path(temp)
        folder = work / "profiles"
        write_departments(folder, COUNT, today=dt.date.today())
        out, cold = work / "site", work / "cold"
        build = command("build", str(folder), "--out", str(out), "--jobs", "2")
        site = command("site", str(folder), "--out", str(out))
        site_cold = command("site", str(folder), "--out", str(cold))
        started = time.perf_counter()
        pages = audited(out)
        audit_seconds = time.perf_counter() - started
        size = folder_mb(out)
        if args.keep:
            shutil.copytree(out, args.keep, dirs_exist_ok=True)
    print_figures(build, site, site_cold, size, len(pages), audit_seconds)
    # The CPU column counts every process on the machine: on a shared machine, others' too.
    print(f"Load average (1 min) before: {load_before:.2f}; after: {os.getloadavg()[0]:.2f} "
          f"on {os.cpu_count()} cores.")
    print()
    print_pages(pages)


def print_figures(build: Timed, site: Timed, cold: Timed, size: float, pages: int,
                  audit_seconds: float) -> None:
    print(f"| {COUNT} departments (scripts/many_departments.py) | wall | CPU, all processes |")
    print("|---|---|---|")
    for name, timed in (("(a) `build --jobs 2`, from nothing", build),
                        ("(b) `site` after (a): the packs skipped, the reviews and index "
                         "written", site),
                        ("(c) `site` from nothing (its packs on every core)", cold)):
        print(f"| {name} | {timed.wall:.1f} s | {timed.cpu:.1f} s |")
    print(f"| the site's folder, every file | {size:.1f} MB | |")
    print(f"| HTML audit of the {pages} review pages, one browser | {audit_seconds:.1f} s | |")


def print_pages(pages: list[Page]) -> None:
    print("| page (not a department's own pack) | KB | audit | findings |")
    print("|---|---|---|---|")
    for page in pages:
        verdict = "pass" if page.report.ok else "FAIL"
        print(f"| {page.path} | {page.kb:.0f} | {verdict} | {len(page.report.findings)} |")
    failed = [p for p in pages if not p.report.ok]
    print()
    print(f"{len(pages) - len(failed)} of {len(pages)} pages pass the HTML audit.")
    for page in failed:
        print(f"\n{page.path}:")
        # axe reports each element apart: a rule broken in 200 cells is one line here
        places: dict[tuple[str, str], list[str]] = {}
        for finding in page.report.findings:
            places.setdefault((finding.rule, finding.message), []).append(finding.where)
        for (rule, message), where in places.items():
            shown = "; ".join(where[:3]) + (f"; and {len(where) - 3} more" if len(where) > 3
                                            else "")
            print(f"  {rule}: {message} ({len(where)}: {shown})")


if __name__ == "__main__":
    main()
