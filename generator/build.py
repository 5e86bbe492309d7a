"""The pipeline, top to bottom: load, validate, merge, render, publish.

`render_pack()` makes one pack in memory (in a worker process, for a batch) and
`publish_pack()` writes it with atomic renames, so a failure leaves the earlier outputs
untouched and no partial files; `build()` is the two in a row. Batches: generator/batch.py.
"""

from __future__ import annotations

import datetime as dt
import resource
import time
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from generator import __version__, audit, render
from generator.audit import (
    KINDS,
    HtmlAuditor,
    Report,
    audit_bytes,
    audit_pdf,
    format_report,
    validate_pdf,
)
from generator.errors import PolicyPackError, Problem, RenderError
from generator.model import Policy
from generator.policy import Provenance, available_editions, merge
from generator.profile import check_profile
from generator.publish import publish
from generator.render import PdfFile, render_docx, render_html, render_pdf, write_manifest


@dataclass(frozen=True)
class Rendered:
    """One profile's pack, made in memory and audited, not yet published."""

    profile: Path
    slug: str
    edition: str
    inputs: tuple[Path, ...]  # the files it was made from: the profile, and its logo
    outputs: dict[str, bytes]
    pages: int
    warnings: tuple[Problem, ...]
    seconds: float
    peak_memory_mb: float  # of the process that rendered it


@dataclass(frozen=True)
class Built:
    profile: Path
    folder: Path
    files: tuple[str, ...]
    pages: int
    warnings: tuple[Problem, ...]
    status: Literal["built", "unchanged"] = "built"
    seconds: float = 0.0
    peak_memory_mb: float = 0.0


@dataclass(frozen=True)
class Failed:
    profile: Path
    error: PolicyPackError
    seconds: float = 0.0


def render_pack(profile_path: Path, today: dt.date | None = None) -> Rendered:
    """Load, validate, merge and render one profile, and audit its PDF and DOCX.

    Reads only the profile and its files, writes nothing: safe to run in a worker process.
    """
    started = time.perf_counter()
    editions = available_editions()
    checked = check_profile(profile_path, editions, today)  # what `check` checks, no less
    doc, profile, warnings = checked.doc, checked.profile, checked.warnings
    policy = merge(profile, editions[profile.base], checked.logo,
                   Provenance(doc.sha256, __version__))
    html = render_html(policy)
    stem = f"{profile.department.slug}-social-media-policy"
    pdf, docx = _render_audited(html, policy, stem)
    outputs = {f"{stem}.pdf": pdf.data, f"{stem}.docx": docx, f"{stem}.html": html.encode("utf-8")}
    outputs["manifest.json"] = write_manifest(policy, outputs)
    return Rendered(profile_path, profile.department.slug, profile.base, checked.inputs, outputs,
                    pdf.pages, warnings, time.perf_counter() - started, peak_memory_mb())


def _render_audited(html: str, policy: Policy, stem: str) -> tuple[PdfFile, bytes]:
    """The PDF and the DOCX, each audited; RenderError listing every problem if one fails."""
    pdf = render_pdf(html, policy)
    with ThreadPoolExecutor(max_workers=1) as pool:
        # The independent validator holds no interpreter lock: started now, it runs beside
        # the DOCX and our own checks. Those stay on this thread: two threads that both
        # need the lock only take turns, and lose time doing so when the cores are busy.
        validated = pool.submit(validate_pdf, pdf.data)
        docx = render_docx(policy)
        docx_report = audit_bytes(f"{stem}.docx", "docx", docx)
        checks, findings = audit_pdf(pdf.data, validated=validated)
    _raise_if_failed([Report(f"{stem}.pdf", "pdf", checks, tuple(findings)), docx_report])
    return pdf, docx


def publish_pack(rendered: Rendered, out_dir: Path, auditor: HtmlAuditor | None = None) -> Built:
    """Audit the HTML (given a browser), then write the pack with atomic renames."""
    if auditor is not None:
        check_accessible({k: v for k, v in rendered.outputs.items() if k.endswith(".html")},
                         auditor)
    folder = out_dir / rendered.slug
    publish(folder, rendered.outputs)
    return Built(rendered.profile, folder, tuple(rendered.outputs), rendered.pages,
                 rendered.warnings, "built", rendered.seconds, rendered.peak_memory_mb)


def build(profile_path: Path, out_dir: Path, today: dt.date | None = None,
          auditor: HtmlAuditor | None = None) -> Built:
    """Build one profile's pack into out_dir/<slug>/.

    The PDF and DOCX are audited before anything is written (the HTML too, given an
    auditor); an output that fails leaves the previous pack in place.
    """
    return publish_pack(render_pack(profile_path, today), out_dir, auditor)


def warm_up() -> None:
    """Load, once per process, what every pack needs: editions, templates, fonts, converters,
    the validator.

    Batch workers are forked from a server that has run this (generator/worker_preload.py),
    so each starts with it done instead of paying for it on its first pack.
    """
    available_editions()
    render.warm_up()
    audit.warm_up()


def peak_memory_mb() -> float:
    """This process's peak resident memory (Linux reports ru_maxrss in KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def check_accessible(outputs: Mapping[str, bytes], auditor: HtmlAuditor | None) -> None:
    """Audit the rendered files; raise RenderError listing every problem found."""
    _raise_if_failed([audit_bytes(name, KINDS[Path(name).suffix], data, auditor)
                      for name, data in outputs.items()
                      if Path(name).suffix in (".pdf", ".docx") or auditor is not None])


def _raise_if_failed(reports: list[Report]) -> None:
    failed = [r for r in reports if not r.ok]
    if failed:
        raise RenderError("the outputs failed their accessibility audit, so nothing was "
                          "published:\n" + "\n".join(format_report(r) for r in failed))
