"""The DOCX audit finds text below WCAG's 4.5:1 however its colour is set: a style (through
its basedOn chain), a theme colour with a shade or tint, or the run's own formatting; it
measures against shading where there is some. Our own packs have no such text."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import parse_xml
from docx.shared import RGBColor

from generator.audit import Finding, audit_bytes
from tests.conftest import Pack

CONTRAST = "WCAG 1.4.3: contrast"
W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def contrast_findings(build: Callable[[Any], None]) -> list[Finding]:
    """The contrast findings for python-docx's untouched default template, edited by `build`."""
    document = Document()
    build(document)
    out = io.BytesIO()
    document.save(out)
    report = audit_bytes("x.docx", "docx", out.getvalue())
    return [f for f in report.findings if f.rule == CONTRAST]


def test_default_template_heading_2_is_4_03_to_1() -> None:
    findings = contrast_findings(lambda d: d.add_heading("Using social media", 2))
    assert [(f.where, f.message) for f in findings] == [(
        "paragraph 1", "text in theme colour accent1 (#4F81BD), set by style 'heading 2', on "
        "#FFFFFF is 4.03:1, below 4.5:1")]


def test_default_template_heading_1_passes() -> None:
    # accent1 with themeShade BF is #376092 (Word writes #365F91 beside it): 6.46:1.
    assert contrast_findings(lambda d: d.add_heading("Policy", 1)) == []


def test_caption_and_a_style_based_on_heading_2() -> None:
    def build(document: Any) -> None:
        document.add_paragraph("Contacts", style="Caption")
        style = document.styles.add_style("Part heading", 1)  # paragraph
        style.base_style = document.styles["Heading 2"]
        document.add_paragraph("Contacts", style="Part heading")
    findings = contrast_findings(build)
    assert [f.where for f in findings] == ["paragraph 1", "paragraph 2"]
    assert "set by style 'caption'" in findings[0].message
    assert "set by style 'heading 2'" in findings[1].message  # through basedOn


def test_direct_colour_and_theme_tint() -> None:
    def build(document: Any) -> None:
        document.add_paragraph().add_run("grey").font.color.rgb = RGBColor(0x99, 0x99, 0x99)
        run = document.add_paragraph().add_run("tinted")
        run._r.get_or_add_rPr().append(parse_xml(
            f'<w:color {W_NS} w:val="808080" w:themeColor="text1" w:themeTint="7F"/>'))
    findings = contrast_findings(build)
    assert [(f.where, f.message) for f in findings] == [
        ("paragraph 1", "text in #999999, set by direct formatting, on #FFFFFF is 2.85:1, "
                        "below 4.5:1"),
        ("paragraph 2", "text in theme colour text1 (#808080), set by direct formatting, on "
                        "#FFFFFF is 3.95:1, below 4.5:1")]


@pytest.mark.parametrize(("fill", "found"), [("0B0C0C", False), ("FFFFFF", True)])
def test_white_text_is_measured_against_its_shading(fill: str, found: bool) -> None:
    def build(document: Any) -> None:
        paragraph = document.add_paragraph()
        paragraph.add_run("on a dark cell").font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
        paragraph._p.get_or_add_pPr().append(parse_xml(
            f'<w:shd {W_NS} w:val="clear" w:color="auto" w:fill="{fill}"/>'))
    assert bool(contrast_findings(build)) is found


def test_a_changed_theme_changes_the_finding() -> None:
    """The theme decides what accent1 is: a theme with a dark accent1 passes Heading 2."""
    def build(document: Any) -> None:
        theme = document.part.part_related_by(RELATIONSHIP_TYPE.THEME)
        theme._blob = theme.blob.replace(b'<a:srgbClr val="4F81BD"/>',
                                         b'<a:srgbClr val="1D70B8"/>')
        document.add_heading("Using social media", 2)
    assert contrast_findings(build) == []


def test_our_packs_have_no_contrast_or_link_style_findings(pack: Pack) -> None:
    report = audit_bytes(pack.docx.name, "docx", pack.docx.read_bytes())
    assert report.findings == ()
    assert report.checks >= 8
