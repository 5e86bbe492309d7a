"""The front of a government document, and pages nothing runs off, read from the outputs.

The cover names the department once; the protective marking is on every page, outside the
text a screen reader gets; the document-control table and version history come from the
profile; the last-updated date is the newest version's. A profile of 200-character names,
handles, addresses and unbroken words lays out inside the page's margins.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from generator.batch import build_all
from generator.build import Built
from generator.policy import long_date
from tests.conftest import PROFILES, TODAY, Pack
from tests.outputs import html_info, html_tables, html_text

A4_WIDTH = 595.28  # points
MARGIN = 18 / 25.4 * 72  # the print stylesheet's side margins, 18 mm


def words_on_pages(pdf: Path) -> list[list[tuple[float, float, float, str]]]:
    """Each page's words as poppler places them: (x min, y min, x max, word)."""
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True,
                         text=True, check=True).stdout
    return [[(float(a), float(b), float(c), w) for a, b, c, w in re.findall(
        r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)', page)]
        for page in out.split("<page ")[1:]]


def test_the_department_is_named_once_on_the_cover(pack: Pack) -> None:
    name = pack.profile.department.name
    cover = subprocess.run(["pdftotext", "-l", "1", str(pack.pdf), "-"], capture_output=True,
                           text=True, check=True).stdout
    assert " ".join(cover.split()).count(name) == 1
    header = html_text(pack.html).split("Contents")[0]
    assert header.count(name) == 1


def test_the_marking_is_at_the_top_and_foot_of_every_page(packs: dict[str, Pack]) -> None:
    dwp = packs["dwp"]
    assert dwp.profile.policy.classification == "OFFICIAL"
    for number, words in enumerate(words_on_pages(dwp.pdf), 1):
        marks = [y for _, y, _, w in words if w == "OFFICIAL"]
        assert [y for y in marks if y < 60], f"page {number}: no marking at the top"
        assert [y for y in marks if y > 780], f"page {number}: no marking at the foot"
    # Read through the tags, as a screen reader does, the marking is not there: it is an
    # artifact, like the page numbers (it is in the HTML's text, once at each end).
    tagged = subprocess.run(["pdfinfo", "-struct-text", str(dwp.pdf)], capture_output=True,
                            text=True, check=True).stdout
    assert tagged.count("OFFICIAL") == tagged.count('"OFFICIAL"') == 1  # the table's cell


def test_no_marking_without_a_classification(packs: dict[str, Pack]) -> None:
    dvla = packs["dvla"]
    assert dvla.profile.policy.classification is None
    assert all(w != "OFFICIAL" for page in words_on_pages(dvla.pdf) for *_, w in page)
    assert "Protective marking" not in html_text(dvla.html)


def test_document_control_and_version_history(packs: dict[str, Pack]) -> None:
    dwp = packs["dwp"]
    tables = html_tables(dwp.html)
    control = dict(tables["Document control"][1:])
    assert control["Last updated"] == "14 August 2026"  # the newest history entry's date
    assert control["Protective marking"] == "OFFICIAL"
    assert control["Version"] == "2.1"
    header, *history = tables["Version history"]
    assert header == ["Version", "Date", "Changes", "Approved by"]
    assert [row[0] for row in history] == ["2.1", "2.0", "1.0"]  # newest first
    assert history[0][1:] == ["14 August 2026", "Adds house rules for comments, account "
                              "security and election periods", "Director of Communications"]
    assert "Version 2.1, last updated 14 August 2026." in html_text(dwp.html)
    # Without a history, the policy was last updated when it took effect.
    dvla = packs["dvla"]
    assert dict(html_tables(dvla.html)["Document control"][1:])["Last updated"] == \
        long_date(dvla.profile.policy.effective)
    assert "Version history" not in html_tables(dvla.html)


def test_no_internal_ids_in_the_readers_text(pack: Pack) -> None:
    text = html_text(pack.html)
    assert "From the base guidance" not in text
    assert not re.search(r"\bsection [a-z]+\.[a-z-]+", text)
    assert not re.search(r"edition \d{4}-\d{2}", text)


LONG = "Pneumonoultramicroscopicsilicovolcanoconiosis" * 4


@pytest.fixture(scope="module")
def long_pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The DWP sample with the longest values a profile allows, and unbroken ones."""
    folder = tmp_path_factory.mktemp("long")
    text = (PROFILES / "dwp.yaml").read_text("utf-8")
    for old, new in (
        ("  name: Department for Work and Pensions", "  name: Department" + "x" * 190),
        ('account: "@dwp_example"', 'account: "@' + "a" * 199 + '"'),
        ("purpose: News, announcements and links to guidance",
         "purpose: " + " ".join(["News, announcements and links to guidance"] * 11)),
        ("email: hr-policy@dwp.example", "email: " + "h" * 120 + "@" + "d" * 60 + ".example"),
        ("role: Press Office", "role: " + "P" * 199),
        ("election_periods: |\n  Before an election",
         f"election_periods: |\n  {LONG} and https://www.{'e' * 290}.example/ here.\n\n"
         "  Before an election"),
    ):
        assert old in text, old
        text = text.replace(old, new, 1)
    (folder / "long.yaml").write_text(text, "utf-8")
    (folder / "logos").mkdir()
    for logo in (PROFILES / "logos").iterdir():
        (folder / "logos" / logo.name).write_bytes(logo.read_bytes())
    [built] = build_all([folder / "long.yaml"], folder / "out", TODAY)
    assert isinstance(built, Built), built
    return next(built.folder.glob("*.pdf"))


def test_nothing_crosses_the_page_edge(long_pack: Path) -> None:
    pages = words_on_pages(long_pack)
    right = A4_WIDTH - MARGIN + 0.5
    for number, words in enumerate(pages, 1):
        outside = [(round(x1), w[:20]) for x0, _, x1, w in words if x0 < MARGIN - 0.5
                   or x1 > right]
        assert not outside, f"page {number}: {outside}"
    text = " ".join(w for page in pages for *_, w in page)
    assert "Pneumonoultramicroscopic" in text  # the long word is there, broken, not lost


def body_lines(words: list[tuple[float, float, float, str]]) -> list[str]:
    """A page's lines of text between its running header and footer, top to bottom."""
    lines: dict[float, list[tuple[float, str]]] = {}
    for x0, y0, _, word in words:
        if 60 < y0 < 775:  # the margins hold the marking, the title and the page number
            key = next((y for y in lines if abs(y - y0) < 3), y0)
            lines.setdefault(key, []).append((x0, word))
    return [" ".join(w for _, w in sorted(lines[y])) for y in sorted(lines)]


def test_no_heading_or_caption_ends_a_page(pack: Pack) -> None:
    tables = html_tables(pack.html)
    heads = {text for _, text in html_info(pack.html).headings} | set(tables)
    pages = [body_lines(words) for words in words_on_pages(pack.pdf)]
    for number, lines in enumerate(pages[:-1], 1):
        last = lines[-1]
        assert not any(head.endswith(last) for head in heads), f"page {number} ends with {last!r}"
