"""A real office suite opens each DOCX: LibreOffice converts it headless to a tagged PDF, and
the headings come out as H1..Hn in the same order and with the same text as the DOCX's."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pikepdf
import pytest

from generator.audit.pdf_structure import elements
from tests.conftest import Pack
from tests.outputs import docx_headings, pdf_outline

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


def test_libreoffice_round_trip_keeps_the_headings(pack: Pack, tmp_path: Path,
                                                   office_profile: Path) -> None:
    pdf_path = convert(pack.docx, tmp_path, office_profile)
    expected = docx_headings(pack.docx)
    with pikepdf.open(pdf_path) as pdf:
        assert pdf.Root.MarkInfo.Marked is True
        assert str(pdf.Root.Lang) == pack.profile.department.language
        levels = [int(e.type[2]) for e in elements(pdf) if re.fullmatch(r"/H[1-6]", e.type)]
        assert levels == [level for level, _ in expected]
        assert pdf_outline(pdf) == expected
        figures = [e for e in elements(pdf) if e.type == "/Figure"]
        assert [str(f.obj.get("/Alt")) for f in figures] == [pack.profile.department.logo.alt]
