"""A real office suite opens each DOCX: LibreOffice converts it headless to a tagged PDF, and
the headings come out as H1..Hn in the same order and with the same text as the DOCX's; every
link survives as one link annotation, on A4 pages, with no table word broken in two."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pikepdf
import pytest

from generator.audit.pdf_structure import elements
from tests.conftest import Pack
from tests.outputs import W, docx_headings, docx_xml, pdf_outline

TAGGED_PDF = 'pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"}}'


@pytest.fixture(scope="session")
def office_profile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh LibreOffice user profile, so the conversion never depends on this machine's."""
    return tmp_path_factory.mktemp("libreoffice-profile")


def convert(docx: Path, out: Path, profile: Path) -> Path:
    subprocess.run(["soffice", "--headless", "--norestore",
                    f"-env:UserInstallation={profile.as_uri()}", "--convert-to", TAGGED_PDF,
                    "--outdir", str(out), str(docx)],
                   check=True, capture_output=True, timeout=180)
    return out / docx.with_suffix(".pdf").name


@pytest.fixture(scope="session")
def office_pdfs(tmp_path_factory: pytest.TempPathFactory, office_profile: Path,
                packs: dict[str, Pack]) -> dict[Path, Path]:
    """Each sample's DOCX converted once: the tests below read the same PDF."""
    out = tmp_path_factory.mktemp("libreoffice-pdf")
    return {pack.docx: convert(pack.docx, out, office_profile) for pack in packs.values()}


def test_libreoffice_round_trip_keeps_the_headings(pack: Pack,
                                                   office_pdfs: dict[Path, Path]) -> None:
    pdf_path = office_pdfs[pack.docx]
    expected = docx_headings(pack.docx)
    with pikepdf.open(pdf_path) as pdf:
        assert pdf.Root.MarkInfo.Marked is True
        assert str(pdf.Root.Lang) == pack.profile.department.language
        levels = [int(e.type[2]) for e in elements(pdf) if re.fullmatch(r"/H[1-6]", e.type)]
        assert levels == [level for level, _ in expected]
        assert pdf_outline(pdf) == expected
        figures = [e for e in elements(pdf) if e.type == "/Figure"]
        assert [str(f.obj.get("/Alt")) for f in figures] == [pack.profile.department.logo.alt]


def test_libreoffice_keeps_every_link_once_on_a4(pack: Pack,
                                                  office_pdfs: dict[Path, Path]) -> None:
    # With direct formatting and no Hyperlink style, LibreOffice kept 0 of 44 links. A link
    # that wraps becomes one annotation per line (a long contents entry must wrap): the
    # annotations of one link follow each other on one page, a line apart, with the same
    # text and target.
    links = list(docx_xml(pack.docx).iter(f"{W}hyperlink"))
    with pikepdf.open(office_pdfs[pack.docx]) as pdf:
        annotations = [(number, str(a.get("/Contents", "")), repr(a.get("/A", a.get("/Dest"))),
                        float(a.Rect[1])) for number, page in enumerate(pdf.pages)
                       for a in page.get("/Annots", []) if a.get("/Subtype") == "/Link"]

        def continues(i: int) -> bool:
            (page, text, target, y), before = annotations[i], annotations[i - 1]
            return i > 0 and before[:3] == (page, text, target) and abs(before[3] - y) < 20

        kept = [a for i, a in enumerate(annotations) if not continues(i)]
        assert len(kept) == len(links)
        for page in pdf.pages:
            width, height = (float(v) for v in page.MediaBox[2:])
            assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (210, 297)


def test_libreoffice_breaks_no_table_word(pack: Pack, office_pdfs: dict[Path, Path]) -> None:
    """Equal columns gave "Recruitmen t": every word of every cell is whole on its line."""
    text = subprocess.run(["pdftotext", str(office_pdfs[pack.docx]), "-"], check=True,
                          capture_output=True, text=True, timeout=60).stdout
    lines = set(text.split())
    words = {word for table in docx_xml(pack.docx).iter(f"{W}tbl")
             for cell in table.iter(f"{W}tc")
             for word in "".join(t.text or "" for t in cell.iter(f"{W}t")).split()}
    assert sorted(words - lines) == []
