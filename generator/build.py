"""The pipeline, top to bottom: load, validate, merge, render, publish.

`build()` makes one pack; `build_all()` goes on past a failed profile and reports each.
Every output is made in memory first and published with atomic renames, so a failure
leaves the earlier outputs untouched and no partial files.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import pikepdf

from generator import __version__
from generator.assets import load_logo
from generator.audit import KINDS, audit_bytes, format_report
from generator.audit_html import HtmlAuditor
from generator.errors import PolicyPackError, Problem, RenderError, UsageError
from generator.guidance import available_editions
from generator.load import load_profile
from generator.manifest import write_manifest
from generator.merge import Provenance, merge
from generator.render_docx import render_docx
from generator.render_html import render_html
from generator.render_pdf import render_pdf
from generator.validate import validate

PROFILE_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class Built:
    profile: Path
    folder: Path
    files: tuple[str, ...]
    pages: int
    warnings: tuple[Problem, ...]


@dataclass(frozen=True)
class Failed:
    profile: Path
    error: PolicyPackError


def build(profile_path: Path, out_dir: Path, today: dt.date | None = None,
          taken: Mapping[str, Path] | None = None, auditor: HtmlAuditor | None = None) -> Built:
    """Build one profile's pack into out_dir/<slug>/; `taken`: slugs already built this run.

    The PDF and DOCX are audited before anything is written (the HTML too, given an
    auditor); an output that fails leaves the previous pack in place.
    """
    doc = load_profile(profile_path)
    editions = available_editions()
    profile, warnings = validate(doc, editions, today)
    slug = profile.department.slug
    if taken and slug in taken:
        # Two profiles with one slug would overwrite each other's pack.
        raise UsageError(f"{doc.display}: department.slug `{slug}` is also used by "
                         f"{taken[slug]}; give each profile its own slug")
    logo = load_logo(doc, profile.department.logo)
    policy = merge(profile, editions[profile.base], logo,
                   Provenance(doc.sha256, __version__))
    html = render_html(policy)
    stem = f"{slug}-social-media-policy"
    outputs = {
        f"{stem}.pdf": render_pdf(html, policy),
        f"{stem}.docx": render_docx(policy),
        f"{stem}.html": html.encode("utf-8"),
    }
    check_accessible(outputs, auditor)
    outputs["manifest.json"] = write_manifest(policy, outputs)
    folder = out_dir / slug
    publish(folder, outputs)
    return Built(profile_path, folder, tuple(outputs), _pages(outputs[f"{stem}.pdf"]), warnings)


def build_all(paths: Iterable[Path], out_dir: Path, today: dt.date | None = None,
              auditor: HtmlAuditor | None = None) -> list[Built | Failed]:
    """Build every profile; a failure is recorded and the batch goes on."""
    results: list[Built | Failed] = []
    taken: dict[str, Path] = {}
    for path in profile_files(paths):
        try:
            result = build(path, out_dir, today, taken, auditor)
        except PolicyPackError as exc:
            results.append(Failed(path, exc))
            continue
        taken[result.folder.name] = path
        results.append(result)
    return results


def check_accessible(outputs: Mapping[str, bytes], auditor: HtmlAuditor | None) -> None:
    """Audit the rendered files; raise RenderError listing every problem found."""
    reports = [audit_bytes(name, KINDS[Path(name).suffix], data, auditor)
               for name, data in outputs.items()
               if Path(name).suffix in (".pdf", ".docx") or auditor is not None]
    failed = [r for r in reports if not r.ok]
    if failed:
        raise RenderError("the outputs failed their accessibility audit, so nothing was "
                          "published:\n" + "\n".join(format_report(r) for r in failed))


def profile_files(paths: Iterable[Path]) -> list[Path]:
    """Profiles named directly, and every *.yaml / *.yml file in a named folder."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.iterdir()
                                if p.suffix in PROFILE_SUFFIXES and p.is_file()))
        elif path.exists():
            found.append(path)
        else:
            raise UsageError(f"{path}: no such file or folder")
    return found


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


def _pages(pdf: bytes) -> int:
    with pikepdf.open(io.BytesIO(pdf)) as document:
        return len(document.pages)
