"""A real office suite opens each DOCX: LibreOffice converts it headless to a tagged PDF, and
the headings come out as H1..Hn in the same order and with the same text as the DOCX's; every
link survives as one link annotation, on A4 pages, with no table word broken in two."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pikepdf
import pytest
from lxml import etree

from generator.audit.pdf_structure import elements
from generator.batch import build_all
from generator.build import Built
from tests.conftest import TODAY, Pack
from tests.outputs import W, docx_headings, docx_xml, pdf_outline
from tests.render.test_docx import write_trial_profile

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

        def page_number(i: int) -> bool:
            # LibreOffice makes each contents entry's PAGEREF field a link of its own, to the
            # same place, inside its entry's link (a known cost of a working page number).
            page, text, target, _ = annotations[i]
            return text.isdigit() and any(
                other[0] == page and other[2] == target and other[1].endswith(f"\t{text}")
                for other in annotations)

        kept = [a for i, a in enumerate(annotations) if not continues(i) and not page_number(i)]
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
             for word in "".join(run_text(r) for r in cell.iter(f"{W}r")).split()}
    assert sorted(words - lines) == []


def run_text(run: etree._Element, hyphen: str = "-") -> str:
    """A run's text as a reader gets it: a no-break hyphen is a hyphen."""
    return "".join(hyphen if child.tag == f"{W}noBreakHyphen" else child.text or ""
                   for child in run if child.tag in (f"{W}t", f"{W}noBreakHyphen"))


# --- the contents' page numbers (issue 28, deliverable 3) ------------------------------------


def _page_texts(pdf_path: Path, pages: int) -> list[str]:
    """Each page's text as poppler lays it out, one pdftotext run a page."""
    return [subprocess.run(["pdftotext", "-layout", "-f", str(n), "-l", str(n), str(pdf_path),
                            "-"], check=True, capture_output=True, text=True,
                           timeout=60).stdout for n in range(1, pages + 1)]


def _printed_contents(texts: list[str], titles: list[str]) -> list[tuple[str, int | None]]:
    """The page number printed after each title, in order, from the "Contents" heading on
    (None where no number follows it); a wrapped title's lines are joined."""
    return [(title, page) for title, _, page in _contents_lines(texts, titles)]


def _contents_lines(texts: list[str], titles: list[str]) -> list[tuple[str, str, int | None]]:
    """Each title, what is printed between it and its page number (the leader), and the
    number, in order from the "Contents" heading on; a wrapped title's lines are joined."""
    text = " ".join(" ".join(texts).split())
    position = text.index(" ".join(texts[1].split()[:1]))  # the contents start on page 2
    found: list[tuple[str, str, int | None]] = []
    for title in titles:
        match = re.compile(re.escape(title) + r"([\s.]*?)(\d+)\b").search(text, position)
        found.append((title, match.group(1), int(match.group(2))) if match
                     else (title, "", None))
        position = match.end() if match else position
    return found


def _contents_titles(docx: Path) -> list[str]:
    """The contents entries' titles: each entry's text less the page number the DOCX
    estimated (its PAGEREF field's result)."""
    entries = [" ".join("".join(t.text or "" for t in p.iter(f"{W}t")
                                if t.getparent().find(f"{W}instrText") is None).split())
               for p in docx_xml(docx).iter(f"{W}p")
               if p.find(f"{W}pPr/{W}pStyle") is not None
               and p.find(f"{W}pPr/{W}pStyle").get(f"{W}val") in ("TOC1", "TOC2")]
    return [re.sub(r"\d+$", "", entry).strip() for entry in entries]


def _heading_pages(pdf: pikepdf.Pdf) -> dict[str, int]:
    """Each bookmarked heading's page (1-based), from where its bookmark goes."""
    numbers = {page.objgen: index for index, page in enumerate(pdf.pages, start=1)}
    found: dict[str, int] = {}
    with pdf.open_outline() as outline:
        def walk(items: list[pikepdf.OutlineItem]) -> None:
            for item in items:
                destination = item.destination
                if destination is None and item.action is not None:
                    destination = item.action.get("/D")
                found.setdefault(" ".join(item.title.split()),
                                 numbers[destination[0].objgen])
                walk(item.children)
        walk(outline.root)
    return found


def test_libreoffice_numbers_every_contents_entry_with_its_heading_s_page(
        pack: Pack, office_pdfs: dict[Path, Path]) -> None:
    """The printed contents gives each heading's page, as LibreOffice laid it out: its
    PAGEREF fields are worked out on opening, whatever page the DOCX estimated."""
    titles = _contents_titles(pack.docx)
    with pikepdf.open(office_pdfs[pack.docx]) as pdf:
        texts = _page_texts(office_pdfs[pack.docx], len(pdf.pages))
        pages = _heading_pages(pdf)
    printed = _printed_contents(texts, titles)
    assert printed == [(title, pages[title]) for title in titles]
    for title, page in printed:
        assert title in " ".join(texts[page - 1].split())  # the heading is on that page
    assert len({page for _, page in printed}) > 3  # real numbers, not one guess for all


def test_libreoffice_prints_a_leader_before_every_contents_page_number(
        pack: Pack, office_pdfs: dict[Path, Path]) -> None:
    """A title that nearly filled its line touched its number ("in isolation.5" in
    nics-finance): the entries wrap short of the margin, so dots or a line break always
    come between a title and its page number."""
    with pikepdf.open(office_pdfs[pack.docx]) as pdf:
        texts = _page_texts(office_pdfs[pack.docx], len(pdf.pages))
    lines = _contents_lines(texts, _contents_titles(pack.docx))
    assert len(lines) > 10
    assert [(title, leader, page) for title, leader, page in lines
            if page is None or not re.search(r"\.\.|\s", leader)] == []


def test_libreoffice_keeps_dates_and_phone_numbers_on_one_line(
        pack: Pack, office_pdfs: dict[Path, Path]) -> None:
    """Issue 28: "12 / May / 2026" over three lines in the register. Every value the DOCX
    keeps whole (no-break spaces and hyphens: dates, phone numbers, short codes) is printed
    whole on one line."""
    whole = _kept_whole(pack.docx)
    assert any(re.search(r"\d{4}$", value) for value in whole)  # the dates are among them
    lines = _layout_lines(office_pdfs[pack.docx])
    assert sorted(v for v in whole if not any(v in line for line in lines)) == []


def _kept_whole(docx: Path) -> set[str]:
    """The table values the DOCX keeps whole: runs with a no-break space or hyphen, as a
    reader reads them (ordinary spaces and hyphens)."""
    marked = [run_text(run, hyphen="\u2011") for table in docx_xml(docx).iter(f"{W}tbl")
              for run in table.iter(f"{W}r")]
    return {piece.replace("\u00a0", " ").replace("\u2011", "-")
            for text in marked for piece in text.split(" ")
            if "\u00a0" in piece or "\u2011" in piece}


def _layout_lines(pdf: Path) -> list[str]:
    """The PDF's lines as pdftotext -layout reads them, spaces folded."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                          capture_output=True, text=True, timeout=60).stdout
    return [" ".join(line.split()) for line in text.splitlines()]


# --- the user trial's contacts (issue 28, review findings) -----------------------------------

@pytest.fixture(scope="session")
def trial(tmp_path_factory: pytest.TempPathFactory, office_profile: Path) -> tuple[Path, Path]:
    """The trial's pack: nics-finance with its contacts (long phone numbers, a long role and
    a 72-character email address) and an OFFICIAL-SENSITIVE marking; its DOCX and
    LibreOffice's PDF of it."""
    folder = tmp_path_factory.mktemp("trial")
    results = build_all([write_trial_profile(folder)], folder / "out", TODAY)
    assert [type(r) for r in results] == [Built]
    docx = next((folder / "out").rglob("*.docx"))
    return docx, convert(docx, folder, office_profile)


@pytest.mark.renders
def test_libreoffice_keeps_the_trial_s_phone_numbers_whole_beside_a_long_role(
        trial: tuple[Path, Path]) -> None:
    """The trial printed "+44 (0)29 2018 000" / "1 ext 4455": LibreOffice draws the DOCX in
    DejaVu Sans, wider than the Noto Sans it names. Each phone number and date is on one
    line; a hyphen kept whole comes back as an ordinary one; the long role has room (four
    lines at most, not eight) and the long email address breaks in its own cell."""
    docx, pdf = trial
    whole = _kept_whole(docx)
    assert {"+44 (0)29 2018 0001", "+44 (0)28 9025 1234", "0800-123-4567",
            "OFFICIAL-SENSITIVE"} <= whole
    lines = _layout_lines(pdf)
    assert sorted(v for v in whole if not any(v in line for line in lines)) == []
    row = lines.index(next(line for line in lines if line.startswith("Head of Digital")))
    role = [line for line in lines[row:row + 8] if not line.startswith(("Press", "NICS"))]
    assert "Directorate" in " ".join(role[:4])
    assert not any("@finance-ni.gov.example" in line and "digital-" in line for line in lines)
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True,
                          text=True, timeout=60).stdout
    assert "\u2011" not in text and "\u00a0" not in text


@pytest.mark.renders
def test_a_line_that_ends_before_a_link_keeps_one_space(trial: tuple[Path, Path]) -> None:
    """The trial's reason: its line broke after "by email to " and before the address's
    link, and the PDF's tagged text read "to  customer..." with the space added twice."""
    pdf = trial[0].with_suffix(".pdf")
    struct = subprocess.run(["pdfinfo", "-struct-text", str(pdf)], capture_output=True,
                            text=True, check=True, timeout=300).stdout
    strings = re.findall(r'^\s*"(.*)"$', struct, re.M)
    assert any(s.endswith("by email to ") for s in strings)  # the case is laid out as found
    assert [s for s in strings if "  " in s.strip()] == []
    assert [s for s in strings if s.endswith("  ")] == []
