"""What an accessibility audit finds, shared by the PDF, DOCX and HTML checkers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["pdf", "docx", "html"]


@dataclass(frozen=True)
class Finding:
    """One failed check: which rule, where, and what it means in plain words."""

    rule: str  # e.g. "Matterhorn 01-005", "Word: missing alt text", "axe: image-alt"
    where: str  # e.g. "page 3", "table 2", "html > body > img"
    message: str

    def __str__(self) -> str:
        return f"{self.rule} ({self.where}): {self.message}"


@dataclass(frozen=True)
class Report:
    path: str
    kind: Kind
    checks: int  # how many checks ran, so "no findings" is never "nothing checked"
    findings: tuple[Finding, ...]

    @property
    def ok(self) -> bool:
        return not self.findings

    def as_dict(self) -> dict[str, object]:
        return {"path": self.path, "kind": self.kind, "ok": self.ok, "checks": self.checks,
                "findings": [{"rule": f.rule, "where": f.where, "message": f.message}
                             for f in self.findings]}


def format_report(report: Report) -> str:
    checks = f"{report.checks} check{'s' if report.checks != 1 else ''}"
    head = f"{report.path}: {report.kind.upper()}, {checks}, "
    if report.ok:
        return head + "no problems"
    count = len(report.findings)
    lines = [head + f"{count} problem{'s' if count != 1 else ''}"]
    lines += [f"  {finding}" for finding in report.findings]
    return "\n".join(lines)
