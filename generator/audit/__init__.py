"""Accessibility audits of PDF, DOCX and HTML files: this tool's own before it publishes
them, or anyone's with `policy-pack audit`."""

from generator.audit.files import KINDS, audit, audit_bytes
from generator.audit.html import AuditUnavailable, HtmlAuditor
from generator.audit.pdf import audit_pdf, validate_pdf
from generator.audit.pdf import warm_up as warm_up
from generator.audit.report import Finding, Kind, Report, format_report

__all__ = [
    "KINDS",
    "AuditUnavailable",
    "Finding",
    "HtmlAuditor",
    "Kind",
    "Report",
    "audit",
    "audit_bytes",
    "audit_pdf",
    "format_report",
    "validate_pdf",
    "warm_up",
]
