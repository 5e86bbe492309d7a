"""The DOCX audit finds links whose text is not in the Hyperlink character style: with direct
formatting alone (colour and underline), LibreOffice's PDF export drops every such link."""

from __future__ import annotations

import io

from docx import Document
from docx.oxml import parse_xml

from generator.audit import Finding, audit_bytes

RULE = "accessibility.md: hyperlink style"
NS = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')
HYPERLINK_STYLE = parse_xml(
    f'<w:style {NS} w:type="character" w:styleId="Hyperlink"><w:name w:val="Hyperlink"/>'
    '<w:rPr><w:color w:val="1D70B8"/><w:u w:val="single"/></w:rPr></w:style>')


def link_findings(run_properties: list[str], with_style: bool = False) -> list[Finding]:
    """python-docx's default template with one link per run-properties string."""
    document = Document()
    if with_style:
        document.styles.element.append(HYPERLINK_STYLE)
    for properties in run_properties:
        rel = document.part.relate_to("https://www.gov.uk/", "http://schemas.openxmlformats."
                                      "org/officeDocument/2006/relationships/hyperlink",
                                      is_external=True)
        document.add_paragraph()._p.append(parse_xml(
            f'<w:hyperlink {NS} r:id="{rel}"><w:r><w:rPr>{properties}</w:rPr>'
            "<w:t>the GOV.UK home page</w:t></w:r></w:hyperlink>"))
    out = io.BytesIO()
    document.save(out)
    return [f for f in audit_bytes("x.docx", "docx", out.getvalue()).findings
            if f.rule == RULE]


DIRECT = '<w:color w:val="1D70B8"/><w:u w:val="single"/>'


def test_link_with_direct_formatting_only() -> None:
    findings = link_findings([DIRECT])
    assert [(f.where, f.message) for f in findings] == [(
        "link 1", "the link's text is not in the Hyperlink character style: LibreOffice's "
        "PDF export drops such links, and Word users cannot restyle them together")]


def test_many_such_links_are_one_finding() -> None:
    findings = link_findings([DIRECT, '<w:rStyle w:val="Hyperlink"/>', DIRECT], True)
    assert [f.where for f in findings] == ["link 1"]
    assert "(and 1 more link)" in findings[0].message


def test_a_style_named_in_a_run_but_missing_from_styles_is_not_enough() -> None:
    assert [f.where for f in link_findings(['<w:rStyle w:val="Hyperlink"/>'])] == ["link 1"]


def test_hyperlink_style_passes() -> None:
    assert link_findings(['<w:rStyle w:val="Hyperlink"/>'], with_style=True) == []
