"""The pipeline, top to bottom: load, validate, merge, render, publish.

`render_pack()` makes one pack in memory (in a worker process, for a batch) and
`publish_pack()` writes it with atomic renames, so a failure leaves the earlier outputs
untouched and no partial files; `build()` is the two in a row. Batches: generator/batch.py.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import resource
import time
import traceback
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
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
from generator.language import Answered, Coverage, language_name, words
from generator.model import N_, Guidance, Policy, Twin
from generator.policy import ENGLISH, Language, Provenance, available_editions, merge
from generator.profile import Checked, check_profile
from generator.publish import publish_folder
from generator.render import (
    PdfFile,
    embed_fonts,
    render_docx,
    render_html,
    render_pdf,
    render_use_page,
    write_manifest,
)


@dataclass(frozen=True)
class Rendered:
    """One profile's pack, made in memory and audited, not yet published."""

    profile: Path
    slug: str
    edition: str
    inputs: tuple[tuple[Path, str], ...]  # the profile and its logo, each with the sha256
    # of the bytes that were rendered (not of the file now: it may have changed since)
    outputs: dict[str, bytes]
    pages: int
    warnings: tuple[Problem, ...]
    seconds: float
    peak_memory_mb: float  # of the process that rendered it
    held: tuple[Problem, ...] = ()  # why a translated pack was not made (the English was)
    translated: tuple[str, ...] = ()  # the languages it was made in besides English
    held_back: tuple[str, ...] = ()  # the languages it names and was not made in


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
    held: tuple[Problem, ...] = ()  # why a translated pack was not made (the English was)
    translated: tuple[str, ...] = ()  # the languages it was made in besides English
    held_back: tuple[str, ...] = ()  # the languages it names and was not made in


@dataclass(frozen=True)
class Failed:
    profile: Path
    error: PolicyPackError
    seconds: float = 0.0


class InternalError(RenderError):
    """A bug met while building one profile: reported as that profile's failure so that the
    batch goes on. `trace` is the traceback, for --debug."""

    def __init__(self, message: str, trace: str = "") -> None:
        super().__init__(message)
        self.trace = trace

    def __reduce__(self) -> tuple[type[InternalError], tuple[str, str]]:
        # Errors cross from worker processes to the parent by pickling.
        return (InternalError, (str(self), self.trace))

    @classmethod
    def of(cls, exc: BaseException) -> InternalError:
        trace = getattr(exc, "trace", "") or "".join(traceback.format_exception(exc))
        return cls(f"internal error: this is a bug in policy-pack, not in your profile "
                   f"({type(exc).__name__}: {exc}). Run again with --debug and report what "
                   "it prints.", trace)


def render_pack(profile_path: Path, today: dt.date | None = None,
                out: Path | None = None) -> Rendered:
    """Load, validate, merge and render one profile, and audit its PDF and DOCX.

    Reads only the profile and its files, writes nothing: safe to run in a worker process.
    Given `out`, the manifest records the profile's path from the pack's folder in it.
    """
    started = time.perf_counter()
    editions = available_editions()
    checked = check_profile(profile_path, editions, today)  # what `check` checks, no less
    doc, profile = checked.doc, checked.profile
    guidance = editions[profile.base]
    # A translation that is not complete holds its own pack back, never the English one;
    # so does one whose pack fails its audit. The translations go first: the English pack
    # links only to those that were made.
    ready = [c for c in checked.translations if c.complete]
    held = list(checked.held)
    outputs: dict[str, bytes] = {}
    for coverage in list(ready):
        try:
            _render_language(checked, coverage, _twins(profile.department.slug, ready),
                             guidance, outputs)
        except RenderError as exc:
            ready.remove(coverage)
            held.append(Problem(coverage.file, 1, 1, "", f"its pack was not made: {exc}"))
    english, pages = _render_language(checked, None, _twins(profile.department.slug, ready),
                                      guidance, outputs)
    folder = None if out is None else out / profile.department.slug
    made = {c.language for c in ready}
    outputs["manifest.json"] = write_manifest(
        english, outputs, _from(folder, profile_path),
        {ref.language: {**c.summary(ref.file), "made": ref.language in made}
         for ref, c in zip(profile.translations, checked.translations, strict=True)})
    read = (doc.sha256, *((hashlib.sha256(checked.logo.data).hexdigest(),)
                          if checked.logo else ()),
            *(c.sha256 for c in checked.translations))
    return Rendered(profile_path, profile.department.slug, profile.base,
                    tuple(zip(checked.inputs, read, strict=True)), outputs,
                    pages, checked.warnings, time.perf_counter() - started,
                    peak_memory_mb(), tuple(held), tuple(sorted(made)),
                    tuple(r.language for r in profile.translations if r.language not in made))


def _render_language(checked: Checked, coverage: Coverage | None, twins: dict[str, Twin],
                     guidance: Guidance, outputs: dict[str, bytes]) -> tuple[Policy, int]:
    """One language's pack (English for `coverage` None) into `outputs`, each of its
    languages' twins linked: (its policy, its PDF's pages)."""
    language = ENGLISH if coverage is None else Language(words(coverage.language),
                                                         Answered(coverage.targets))
    policy = merge(checked.profile, guidance, checked.logo,
                   Provenance(checked.doc.sha256, __version__), language=language)
    own = twins[language.words.language]
    notice = language.words(PSEUDO_NOTICE) if coverage and coverage.pseudo else ""
    policy = replace(policy, meta=replace(policy.meta, notice=notice, twins=tuple(
        t for t in twins.values() if t is not own)))
    html = render_html(policy)
    stem = own.policy.removesuffix(".html")
    pdf, docx = _render_audited(html, policy, stem)
    page = embed_fonts(html)  # the PDF draws with the same faces from the bundled files
    use = embed_fonts(render_use_page(policy))  # the public page of accounts and house rules
    outputs.update({f"{stem}.pdf": pdf.data, f"{stem}.docx": docx,
                    f"{stem}.html": page.encode("utf-8"), own.use_page: use.encode("utf-8")})
    return policy, pdf.pages


# The cover of a pack made from scripts/pseudo_translate.py's output.
PSEUDO_NOTICE = N_("This is a pseudo-translation, made to test the software that makes this "
                   "policy: no translator made it. Do not publish it.")


def _twins(slug: str, ready: list[Coverage]) -> dict[str, Twin]:
    """The pack's files in each language it is made in, by language: English's are the
    names they have always had; another language's add its code (`dwp-...-policy-cy.pdf`)."""
    twins = {ENGLISH.words.language: Twin(ENGLISH.words.language, language_name("en"),
                                          f"{slug}-social-media-policy.html",
                                          f"{slug}-social-media-use.html")}
    for coverage in ready:
        code = coverage.language
        twins[words(code).language] = Twin(code, language_name(code),
                                           f"{slug}-social-media-policy-{code}.html",
                                           f"{slug}-social-media-use-{code}.html")
    return twins


def _from(folder: Path | None, profile: Path) -> str | None:
    """The profile's path as seen from the pack's folder (the same on every machine with
    the same layout, so outputs stay reproducible)."""
    if folder is None:
        return None
    return Path(os.path.relpath(profile.resolve(), folder.resolve())).as_posix()


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


def publish_pack(rendered: Rendered, out_dir: Path, auditor: HtmlAuditor | None = None,
                 replace: bool = False) -> Built:
    """Audit the HTML (given a browser), then replace the pack's folder whole.

    A folder holding another profile's pack, or files that are not a pack, is left alone
    (RenderError) unless `replace`."""
    if auditor is not None:
        check_accessible({k: v for k, v in rendered.outputs.items() if k.endswith(".html")},
                         auditor)
    folder = out_dir / rendered.slug
    if not replace:
        _refuse_other(folder, rendered.profile)
    publish_folder(folder, rendered.outputs)
    return Built(rendered.profile, folder, tuple(rendered.outputs), rendered.pages,
                 rendered.warnings, "built", rendered.seconds, rendered.peak_memory_mb,
                 rendered.held, rendered.translated, rendered.held_back)


def _refuse_other(folder: Path, profile: Path) -> None:
    """RenderError if `folder` holds something other than this profile's pack."""
    if not folder.is_dir() or not any(folder.iterdir()):
        return
    try:
        made_from = json.loads((folder / "manifest.json").read_text("utf-8"))["profile"]
    except (OSError, ValueError, KeyError, TypeError):
        made_from = None
    if not isinstance(made_from, dict):
        raise RenderError(f"{folder}: holds files that are not a policy pack, so the pack of "
                          f"{profile} was not written (move them away, or run `policy-pack "
                          "build --replace` to replace them)")
    other = made_from.get("path")
    if isinstance(other, str) and (folder / other).resolve() != profile.resolve():
        raise RenderError(f"{folder}: holds the pack made from "
                          f"{os.path.normpath(folder / other)}, so the pack "
                          f"of {profile} was not written (give one of them another "
                          "department.slug, or run `policy-pack build --replace` to replace "
                          "that pack)")


def build(profile_path: Path, out_dir: Path, today: dt.date | None = None,
          auditor: HtmlAuditor | None = None) -> Built:
    """Build one profile's pack into out_dir/<slug>/.

    The PDF and DOCX are audited before anything is written (the HTML too, given an
    auditor); an output that fails leaves the previous pack in place.
    """
    return publish_pack(render_pack(profile_path, today, out_dir), out_dir, auditor)


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
