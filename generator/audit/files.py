"""Stage 7: audit outputs for accessibility: this tool's own, or any PDF, DOCX or HTML file.

PDF: the machine-checkable Matterhorn conditions, then the page-validation PDF/UA-1 rules.
DOCX: Word's Accessibility Checker errors and the rest of accessibility.md's list.
HTML: axe-core's WCAG 2.2 AA rules in headless Chromium (one browser for the whole batch).
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from pathlib import Path

from generator.audit.docx import audit_docx
from generator.audit.html import HtmlAuditor
from generator.audit.pdf import audit_pdf
from generator.audit.report import Finding, Kind, Report
from generator.errors import UsageError

KINDS: dict[str, Kind] = {".pdf": "pdf", ".docx": "docx", ".html": "html", ".htm": "html"}
# Anyone's file is hostile: it is read no further than this (a pack's largest file, the
# PDF, is under 1 MB), so a huge file or /dev/zero named x.pdf is a finding, not all memory.
MAX_FILE_BYTES = 100 * 1024 * 1024


def audit(paths: Sequence[Path], auditor: HtmlAuditor | None = None) -> list[Report]:
    """A report for each file; HTML files share one browser (opened here if not given)."""
    kinds = [(path, _kind(path)) for path in paths]
    with contextlib.ExitStack() as stack:
        if auditor is None and any(kind == "html" for _, kind in kinds):
            auditor = stack.enter_context(HtmlAuditor())
        return [_audit_file(path, kind, auditor) for path, kind in kinds]


def _audit_file(path: Path, kind: Kind, auditor: HtmlAuditor | None) -> Report:
    data = _read(path)
    if len(data) > MAX_FILE_BYTES:
        return Report(str(path), kind, 1, (Finding(
            "file", "file", f"is larger than {MAX_FILE_BYTES // (1024 * 1024)} MB, more than "
            "the audit reads: no accessible policy is anywhere near that size"),))
    return audit_bytes(str(path), kind, data, auditor)


def audit_bytes(name: str, kind: Kind, data: bytes,
                auditor: HtmlAuditor | None = None) -> Report:
    """Audit one file's bytes (used by `build` before it publishes anything)."""
    checks: int
    findings: list[Finding]
    if kind == "pdf":
        checks, findings = audit_pdf(data)
    elif kind == "docx":
        checks, findings = audit_docx(data)
    else:
        assert auditor is not None, "an HTML audit needs a browser"
        checks, findings = auditor.audit(data.decode("utf-8", errors="replace"))
    return Report(name, kind, checks, tuple(findings))


def _kind(path: Path) -> Kind:
    kind = KINDS.get(path.suffix.lower())
    if kind is None:
        raise UsageError(f"{path}: cannot audit a {path.suffix or 'file without extension'}; "
                         "audit takes .pdf, .docx and .html files")
    return kind


def _read(path: Path) -> bytes:
    try:
        with path.open("rb") as stream:
            return stream.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise UsageError(f"{path}: no such file") from None
    except OSError as exc:
        raise UsageError(f"{path}: cannot be read: {exc.strerror}") from None
