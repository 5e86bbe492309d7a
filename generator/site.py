"""`policy-pack site`: one static place to browse every department's pack and the reviews.

It builds the packs (as `build` does, unchanged ones skipped), runs `matrix` (which writes
each department's comparison with its base) and `impact` of the newest edition, then writes
an index page (index.html at the top of the folder) that links them all with relative
links. The folder needs no server: any
intranet can host it, or a reviewer can open index.html from a disk.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from generator.batch import build_all
from generator.build import Built, Failed
from generator.errors import RenderError
from generator.policy import available_editions
from generator.profile import profile_files
from generator.publish import publish
from generator.render import review_css, review_environment
from generator.review import base_labels, run_impact, run_matrix

KINDS = (("-social-media-policy.html", "Web page"), ("-social-media-policy.pdf", "PDF"),
         ("-social-media-policy.docx", "Word document"),
         ("-social-media-use.html", "Public page: accounts and house rules"),
         ("manifest.json", "Manifest (for scripts)"))


@dataclass(frozen=True)
class Entry:
    """One department's pack, as the index lists it."""

    name: str
    slug: str
    edition: str
    version: str
    files: tuple[tuple[str, str, int], ...]  # (label, relative path, bytes)
    origins: str = ""  # where its printed sections' words come from, counted by origin


def build_site(folder: Path, out: Path, today: dt.date | None = None) -> Path:
    """Build every profile in `folder` into `out`, the reviews beside them, and index.html.

    RenderError if a profile fails: a site with a missing department would mislead."""
    results = build_all(profile_files([folder]), out, today)
    failed = [r for r in results if isinstance(r, Failed)]
    if failed:
        raise RenderError("the site was not written: "
                          + "; ".join(f"{f.profile}: {f.error}" for f in failed))
    built = [r for r in results if isinstance(r, Built)]
    run_matrix(folder, out, today)
    newest = max(available_editions())
    run_impact(newest, [folder], out, today)
    entries = [_entry(b, out) for b in built]
    index = review_environment().get_template("site.html.j2").render(
        entries=sorted(entries, key=lambda e: e.name), labels=base_labels(),
        newest=newest, css=Markup(review_css()))
    publish(out, {"index.html": index.encode("utf-8")})
    return out / "index.html"


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

