"""`policy-pack site`: one static place to browse every department's pack and the reviews.

It builds the packs (as `build` does, unchanged ones skipped), runs `matrix` (which writes
each department's comparison with its base) and `impact` of the newest edition, then writes
the reviewers' dashboard (index.html at the top of the folder, its sorts and filters in
dashboard/) and the departures register across departments (register/), with their CSV,
XLSX and JSON, all linked with relative links. The folder needs no server and no script:
any intranet can host it, or a reviewer can open index.html from a disk.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from generator.batch import OnResult, build_all
from generator.build import Built, Failed
from generator.errors import ProfileError, RenderError
from generator.policy import available_editions
from generator.profile import check_profiles, profile_files
from generator.publish import publish, publish_folder
from generator.review import (
    DASHBOARD,
    INDEX,
    REGISTER,
    SiteLinks,
    base_labels,
    edition_months,
    read_signoffs,
    review_pages,
    reviewed,
    run_impact,
    run_matrix,
    signoffs_path,
)

# Short: the dashboard's files cell lists them in every row, each naming its department to
# screen readers ("PDF of Department of Finance").
KINDS = (("-social-media-policy.html", "Web page"), ("-social-media-policy.pdf", "PDF"),
         ("-social-media-policy.docx", "Word"),
         ("-social-media-use.html", "Public page"),
         # the pack in Welsh, where its translation is finished (issue 27)
         ("-social-media-policy-cy.html", "Welsh web page"),
         ("-social-media-policy-cy.pdf", "Welsh PDF"),
         ("-social-media-policy-cy.docx", "Welsh Word"),
         ("-social-media-use-cy.html", "Welsh public page"), ("manifest.json", "Manifest"))


@dataclass(frozen=True)
class Entry:
    """One department's pack, as the index lists it."""

    name: str
    slug: str
    edition: str
    version: str
    files: tuple[tuple[str, str, int], ...]  # (label, relative path, bytes)
    origins: str = ""  # where its printed sections' words come from, counted by origin


def build_site(folder: Path, out: Path, today: dt.date, jobs: int = 1,
               on_result: OnResult | None = None) -> Path:
    """Build every profile in `folder` into `out`, the reviews beside them, and the
    reviewers' dashboard (index.html, dashboard/) and departures register (register/).

    ProfileError, before anything is written, with every problem of every profile (as
    `check` finds them) and of any sign-off file: a site with a department missing, or
    its decision left out, would mislead; and checking first says so in seconds, not
    after every other pack is built. RenderError if a pack still fails to build. `today`
    decides which reviews are overdue, and dates the spreadsheets; `jobs`, the worker
    processes that build the packs; `on_result`, told of each pack as it is made."""
    paths = profile_files([folder])
    _refuse_problems(paths, folder, today)
    results = build_all(paths, out, today, jobs=jobs, on_result=on_result)
    failed = [r for r in results if isinstance(r, Failed)]
    if failed:
        raise RenderError("the site was not written: "
                          + "; ".join(f"{f.profile}: {f.error}" for f in failed))
    built = [r for r in results if isinstance(r, Built)]
    run_matrix(folder, out, today, back=f"../{INDEX}")  # the matrix and each comparison
    newest = max(available_editions())
    run_impact(newest, [folder], out, today, back=f"../{INDEX}")
    labels = base_labels()
    entries = [_entry(b, out) for b in built]
    links = SiteLinks(
        packs={e.slug: tuple((label, path) for label, path, _ in e.files) for e in entries},
        months=edition_months(), labels=labels,
        reviews=(("Departments and sections (matrix)", "matrix/matrix.html"),
                 (f"What the {labels[newest].removeprefix('the ')} means for each department",
                  f"impact-{newest}/impact.html")),
        origins={e.slug: e.origins for e in entries})
    files = review_pages(reviewed([b.profile for b in built], today), links, today)
    for sub in (DASHBOARD, REGISTER):  # each folder whole, so no page of a gone filter stays
        publish_folder(out / sub, {name.removeprefix(f"{sub}/"): data
                                   for name, data in files.items()
                                   if name.startswith(f"{sub}/")})
    publish(out, {INDEX: files[INDEX]})
    return out / INDEX


def _refuse_problems(paths: list[Path], folder: Path, today: dt.date) -> None:
    problems = [problem for _, result in check_profiles(paths, available_editions(), today)
                if isinstance(result, ProfileError) for problem in result.problems]
    for decisions in sorted(signoffs_path(folder, "-").parent.glob("*.yaml")):
        try:
            read_signoffs(decisions)
        except ProfileError as exc:
            problems += exc.problems
    if problems:
        raise ProfileError(problems)


def _entry(built: Built, out: Path) -> Entry:
    manifest = json.loads((built.folder / "manifest.json").read_text("utf-8"))
    slug = built.folder.name
    files = []
    for suffix, label in KINDS:
        name = suffix if suffix == "manifest.json" else f"{slug}{suffix}"
        path = built.folder / name
        if path.is_file():
            relative = path.relative_to(out).as_posix()
            files.append((label, relative, path.stat().st_size))
    return Entry(manifest["department"]["name"], slug, manifest["base"]["edition"],
                 manifest["policy"]["version"], tuple(files),
                 manifest.get("origins_summary", ""))

