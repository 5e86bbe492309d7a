"""`policy-pack audit`: known-bad files get exactly their finding; our own outputs get none."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest
from lxml import etree

from generator.audit.files import audit, audit_bytes
from generator.audit.html import HtmlAuditor
from generator.audit.pdf import audit_pdf
from generator.audit.pdf_structure import elements
from generator.batch import build_all
from generator.build import Built, Failed
from generator.policy.editions import available_editions, load_guidance
from generator.policy.merging import Provenance, merge
from generator.profile.load import load_profile
from generator.profile.validation import validate
from generator.render.pdf import _weasyprint, render_pdf
from tests.conftest import PROFILES, ROOT, TODAY, Pack
from tests.outputs import W

WP_DOCPR = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"


def rules(findings: list) -> list[tuple[str, str]]:  # type: ignore[type-arg]
    return [(f.rule, f.where) for f in findings]


# --- our own outputs --------------------------------------------------------------------------


def test_every_sample_output_passes_the_audit(pack: Pack, auditor: HtmlAuditor) -> None:
    reports = audit([pack.pdf, pack.docx, pack.html], auditor)
    for report in reports:
        assert report.ok, [str(f) for f in report.findings]
        assert report.checks > 5
    assert reports[0].checks > 100  # our checks plus page-validation's rule set


# --- known-bad PDFs ---------------------------------------------------------------------------


def edited_pdf(pack: Pack, edit: Callable[[pikepdf.Pdf], None]) -> bytes:
    with pikepdf.open(pack.pdf) as pdf:
        edit(pdf)
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue()


@pytest.fixture
def dwp(packs: dict[str, Pack]) -> Pack:
    return packs["dwp"]


def test_untagged_pdf(dwp: Pack) -> None:
    import weasyprint

    data = weasyprint.HTML(string=dwp.html.read_text("utf-8")).write_pdf()
    _, findings = audit_pdf(data, independent=False)
    assert ("ISO 14289-1 7.1", "document") in rules(findings)
    messages = [f.message for f in findings]
    assert "the PDF has no structure tree: screen readers cannot tell headings, lists and " \
        "tables from plain text" in messages
    assert ("Matterhorn 06-001", "document") in rules(findings)  # no XMP metadata at all
    _, independent = audit_pdf(data)
    assert any(f.rule.startswith("page-validation") for f in independent)


def test_pdf_without_language(dwp: Pack) -> None:
    def drop(pdf: pikepdf.Pdf) -> None:
        del pdf.Root.Lang
    _, findings = audit_pdf(edited_pdf(dwp, drop), independent=False)
    assert rules(findings) == [("Matterhorn 11-001", "document")]
    assert "document language is not set" in findings[0].message


def test_pdf_without_title(dwp: Pack) -> None:
    def drop(pdf: pikepdf.Pdf) -> None:
        with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as xmp:
            del xmp["dc:title"]
        del pdf.docinfo.Title
    _, findings = audit_pdf(edited_pdf(dwp, drop), independent=False)
    assert rules(findings) == [("Matterhorn 06-003", "document")]


def test_figure_without_alt(dwp: Pack) -> None:
    def drop(pdf: pikepdf.Pdf) -> None:
        for element in elements(pdf):
            if element.type == "/Figure":
                del element.obj.Alt
    _, findings = audit_pdf(edited_pdf(dwp, drop), independent=False)
    assert rules(findings) == [("Matterhorn 13-004", "page 1")]


def test_skipped_heading_level() -> None:
    html = ('<!DOCTYPE html><html lang="en-GB"><head><title>Skips</title></head><body>'
            "<h1>Title</h1><p>Text.</p><h3>Too deep</h3><p>More.</p></body></html>")
    profile, _ = validate(load_profile(PROFILES / "dwp.yaml"), available_editions(), TODAY)
    policy = merge(profile, load_guidance(profile.base), None, Provenance("0" * 64, "t"))
    data = render_pdf(html, policy).data
    _, findings = audit_pdf(data, independent=False)
    assert rules(findings) == [("Matterhorn 14-003", "page 1")]
    assert findings[0].message == ("the headings skip from H1 to H3: the outline of the "
                                   "document is broken")


def test_running_footer_not_an_artifact(dwp: Pack) -> None:
    raw = _weasyprint(dwp.html.read_text("utf-8"))  # WeasyPrint's output before our fix-ups
    _, findings = audit_pdf(raw, independent=False)
    footer = [f for f in findings if f.rule == "Matterhorn 01-005"]
    with pikepdf.open(io.BytesIO(raw)) as pdf:
        pages = len(pdf.pages)
    # every page has the marking (OFFICIAL) in its margins, and all but the cover the
    # title and page number: one finding for each page
    assert dwp.profile.policy.classification
    assert [f.where for f in footer] == [f"page {n}" for n in range(1, pages + 1)]


# --- known-bad DOCX files ---------------------------------------------------------------------


def edited_docx(pack: Pack, part: str, edit: Callable[[etree._Element], None]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(pack.docx) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == part:
                root = etree.fromstring(data)
                edit(root)
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                      standalone=True)
            target.writestr(item, data)
    return out.getvalue()


def test_docx_without_language(dwp: Pack) -> None:
    def drop(styles: etree._Element) -> None:
        lang = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
        lang.getparent().remove(lang)
    report = audit_bytes("x.docx", "docx", edited_docx(dwp, "word/styles.xml", drop))
    assert rules(list(report.findings)) == [("accessibility.md: document language", "styles")]


def test_docx_image_without_alt_text(dwp: Pack) -> None:
    def drop(body: etree._Element) -> None:
        for picture in body.iter(WP_DOCPR):
            picture.set("descr", "")
    report = audit_bytes("x.docx", "docx", edited_docx(dwp, "word/document.xml", drop))
    assert rules(list(report.findings)) == [("Word: missing alt text", "image 1")]


def test_docx_table_without_header_row(dwp: Pack) -> None:
    def drop(body: etree._Element) -> None:
        table = next(body.iter(f"{W}tbl"))
        header = table.find(f"{W}tr/{W}trPr/{W}tblHeader")
        header.getparent().remove(header)
    report = audit_bytes("x.docx", "docx", edited_docx(dwp, "word/document.xml", drop))
    assert rules(list(report.findings)) == [("Word: no header row specified", "table 1")]


# --- known-bad HTML ---------------------------------------------------------------------------


def page(body: str, lang: str = ' lang="en-GB"') -> str:
    return (f"<!DOCTYPE html><html{lang}><head><title>Test page</title></head><body><main>"
            f"<h1>Test</h1>{body}</main></body></html>")


@pytest.mark.parametrize(("html", "expected"), [
    (page("<p>Text.</p>", lang=""), [("axe html-has-lang", "html")]),
    (page('<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'), [("axe image-alt", "img")]),
    (page('<p style="color:#aaaaaa">Pale text.</p>'), [("axe color-contrast", "p")]),
    # Fits at 1280, scrolls at 320 with nothing a keyboard can reach: axe at 320 finds it.
    (page('<div style="overflow-x:auto"><p style="width:40rem">A wide line.</p></div>'),
     [("axe scrollable-region-focusable at 320 CSS px", "div")]),
    # A best-practice rule, not WCAG's: a line outside every landmark (the marking was).
    ('<!DOCTYPE html><html lang="en-GB"><head><title>Test page</title></head><body>'
     "<p>OFFICIAL</p><main><h1>Test</h1></main></body></html>",
     [("axe region at 320 CSS px", "p")]),
], ids=["no-lang", "image-without-alt", "low-contrast", "scrolls-only-when-narrow",
        "outside-every-landmark"])
def test_known_bad_html(auditor: HtmlAuditor, html: str, expected: list[tuple[str, str]]) -> None:
    _, findings = auditor.audit(html)
    assert rules(findings) == expected


# --- the command line and the build gate ------------------------------------------------------


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator.cli", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=300,
                          env={**os.environ, **(env or {})})


def test_audit_command_json_and_exit_codes(dwp: Pack, tmp_path: Path) -> None:
    good = run("audit", "--json", str(dwp.pdf), str(dwp.docx))
    assert good.returncode == 0
    data = json.loads(good.stdout)
    assert [(r["kind"], r["ok"], r["findings"]) for r in data] == [("pdf", True, []),
                                                                  ("docx", True, [])]
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(edited_pdf(dwp, lambda pdf: pdf.Root.__delitem__("/Lang")))
    result = run("audit", str(bad))
    assert result.returncode == 1
    assert f"{bad}: PDF," in result.stdout
    assert "Matterhorn 11-001 (document): the document language is not set" in result.stdout


def test_audit_says_how_to_install_a_missing_chromium(dwp: Pack) -> None:
    result = run("audit", str(dwp.html), env={"POLICY_PACK_CHROMIUM": "/nonexistent/chromium"})
    assert result.returncode == 2
    assert "sudo apt-get install chromium" in result.stderr
    assert "never downloads a browser" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_failing_output_is_not_published(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           packs: dict[str, Pack]) -> None:
    out = tmp_path / "out"
    [first] = build_all([PROFILES / "dwp.yaml"], out, TODAY)
    assert isinstance(first, Built)
    before = {p.name: p.read_bytes() for p in first.folder.iterdir()}
    bad = edited_docx(packs["dwp"], "word/document.xml",
                      lambda body: [p.set("descr", "") for p in body.iter(WP_DOCPR)])
    monkeypatch.setattr("generator.build.render_docx", lambda policy: bad)
    [second] = build_all([PROFILES / "dwp.yaml"], out, TODAY, force=True)
    assert isinstance(second, Failed)
    assert "Word: missing alt text (image 1)" in str(second.error)
    assert {p.name: p.read_bytes() for p in first.folder.iterdir()} == before


def test_build_audits_html_when_asked(tmp_path: Path, auditor: HtmlAuditor) -> None:
    [result] = build_all([PROFILES / "nics-finance.yaml"], tmp_path, TODAY, auditor=auditor)
    assert isinstance(result, Built)
