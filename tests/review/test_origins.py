"""Every review labels each section by where its words come from (issue 25): the Cabinet
Office guidance of an edition, the code of conduct, the project's model text or the
department's own; and no column or side is headed "Cabinet Office guidance" above words the
Cabinet Office did not write. Read from the files the commands write."""

from __future__ import annotations

import csv
import io
import json
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from lxml import etree

from generator.review.run import run_compare, run_matrix
from tests.conftest import PROFILES, TODAY
from tests.outputs import W, docx_headings, html_tables

MODEL = ("conduct.colleagues", "devices.work-and-personal", "data.personal-and-official",
         "media.contact")


class _ColumnHeads(HTMLParser):
    """The text of every column header (th scope=col) of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.heads: list[str] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "th" and dict(attrs).get("scope") == "col":
            self._cell = []

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "th" and self._cell is not None:
            self.heads.append(" ".join(" ".join(self._cell).split()))
            self._cell = None


def column_heads(path: Path) -> list[str]:
    parser = _ColumnHeads()
    parser.feed(path.read_text("utf-8"))
    return parser.heads


@pytest.fixture(scope="module")
def nics(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The NICS sample compared with the base text it derives from."""
    folder, _ = run_compare("base:2012-05", str(PROFILES / "nics-finance.yaml"),
                            tmp_path_factory.mktemp("origins"), TODAY)
    return folder


@pytest.fixture(scope="module")
def grid(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder, _ = run_matrix(PROFILES, tmp_path_factory.mktemp("matrix"), TODAY)
    return folder


def test_compare_labels_the_code_and_the_model_text_by_their_origin(nics: Path) -> None:
    rows = html_tables(nics / "report.html")["Every section, in B's order"]
    assert rows[0] == ["Section", "ID", "Where the words come from", "What happened"]
    words = {row[1]: row[2] for row in rows[1:]}
    assert words["code.online-and-offline"] == ("In A, NICS Code of Ethics; in B, Department's "
                                                "own, in place of NICS Code of Ethics")
    for section_id in MODEL:
        assert words[section_id] == "Model text", section_id
    assert words["intro.about"] == "Cabinet Office guidance, May 2012"
    assert words["local.ni-languages"] == "Department's own"
    # the side by side of the code section heads A's column with the code, not the guidance
    side = html_tables(nics / "report.html")[
        "The NICS Code of Ethics online and offline: A beside B"]
    assert side[0] == ["A: the May 2012 edition of the base textNICS Code of Ethics",
                       "B: Department of FinanceDepartment's own, in place of NICS Code of "
                       "Ethics"]


def test_no_column_is_headed_cabinet_office_guidance(nics: Path, grid: Path) -> None:
    """A side is the base text of an edition; a column names the Cabinet Office only above
    the one section it heads, where that section's words restate the guidance."""
    sides = {h.split(" ", 1)[1] for h in column_heads(nics / "report.html")
             if h.startswith(("A: ", "B: "))}
    assert {s.removeprefix("the May 2012 edition of the base text ")
            .removeprefix("Department of Finance ") for s in sides} == {
        "Cabinet Office guidance, May 2012", "Department's own",
        "Department's own, in place of Cabinet Office guidance, May 2012",
        "Department's own, in place of NICS Code of Ethics", "NICS Code of Ethics",
        "Model text", "Not in A", "Not in B"}
    tables = html_tables(nics / "report.html")
    for caption in ("The NICS Code of Ethics online and offline: A beside B",
                    "Keeping records of what we post: A beside B"):
        assert "Cabinet Office" not in " ".join(tables[caption][0]), caption
    assert not [h for h in column_heads(grid / "matrix.html") if "Cabinet Office" in h]
    headings = [text for _, text in docx_headings(nics / "redline.docx")]
    assert headings[0] == ("Redline: changes from the May 2012 edition of the base text to "
                           "Department of Finance")
    assert not [h for h in headings if "Cabinet Office" in h]


def test_diff_json_gives_each_sides_origin(nics: Path) -> None:
    sections = {s["id"]: s for s in json.loads((nics / "diff.json").read_text("utf-8"))
                ["sections"]}
    code = sections["code.online-and-offline"]
    nics_code = {"kind": "code", "label": "NICS Code of Ethics", "edition": "2012-05",
                 "code": "the NICS Code of Ethics"}
    assert (code["origin_a"], code["origin_b"]) == (nics_code, nics_code)
    assert (code["words_a"], code["words_b"]) == ("code", "department")  # DoF replaced it
    for section_id in MODEL:
        assert sections[section_id]["origin_a"]["kind"] == "model"
        assert sections[section_id]["origin_a"]["label"] == "Model text"
    only_b = sections["local.ni-languages"]
    assert (only_b["origin_a"], only_b["origin_b"]) == (
        None, {"kind": "department", "label": "Department's own"})
    gone = sections["barriers.programmes"]  # omitted by DoF: on A's side only
    assert gone["origin_b"] is None and gone["origin_a"]["kind"] == "guidance"


def test_the_redline_says_where_each_sections_words_come_from_in_a_comment(nics: Path) -> None:
    with zipfile.ZipFile(nics / "redline.docx") as archive:
        body = etree.fromstring(archive.read("word/document.xml"))
        comments = etree.fromstring(archive.read("word/comments.xml"))
    said = {c.get(f"{W}id"): "".join(t.text or "" for t in c.iter(f"{W}t"))
            for c in comments.iter(f"{W}comment")}
    noted = {}
    for paragraph in body.iter(f"{W}p"):
        start = paragraph.find(f"{W}commentRangeStart")
        if start is not None:  # each on a section's heading
            style = paragraph.find(f"{W}pPr/{W}pStyle").get(f"{W}val")
            assert style == "Heading2"
            heading = "".join(t.text or "" for t in paragraph.iter(f"{W}t", f"{W}delText"))
            noted[" ".join(heading.split())] = said[start.get(f"{W}id")]
    assert noted["The NICS Code of Ethics online and offline"] == (
        "Where the words come from: In A, NICS Code of Ethics; in B, Department's own, in "
        "place of NICS Code of Ethics.")
    assert noted["Bullying and trolling of colleagues"] == "Where the words come from: Model text."
    assert noted["What this guidance is for"] == ("Where the words come from: Cabinet Office "
                                                  "guidance, May 2012.")
    assert len(said) == len(noted)  # every comment is on a heading
    assert {c.get(f"{W}date") for c in comments.iter(f"{W}comment")} == {"2026-06-01T00:00:00Z"}


def matrix_csv(grid: Path) -> dict[tuple[str, str], dict[str, str]]:
    rows = csv.DictReader(io.StringIO((grid / "matrix.csv").read_text("utf-8")))
    return {(r["slug"], r["section_id"]): r for r in rows}


def test_the_matrix_csv_gives_every_row_its_origin(grid: Path) -> None:
    rows = matrix_csv(grid)
    header = (grid / "matrix.csv").read_text("utf-8").splitlines()[0]
    assert header == ("department,slug,base,section_id,section_title,status,reason,"
                      "retitled_as,origin,origin_label")  # the CONTRACT's columns first
    for row in rows.values():
        absent = row["status"] in ("not_in_edition", "not_given")
        assert (row["origin"] == "") == absent, row
        assert row["origin"] in ("", "guidance", "code", "model", "department")
    code = rows["nics-finance", "code.online-and-offline"]
    assert (code["origin"], code["origin_label"]) == ("code", "NICS Code of Ethics")
    assert rows["dwp", "code.online-and-offline"]["origin_label"] == "Civil Service Code"
    for section_id in MODEL:
        model = rows["nics-finance", section_id]
        assert (model["status"], model["origin"], model["origin_label"]) == (
            "adopted", "model", "Model text")
    assert rows["nics-finance", "intro.about"]["origin_label"] == ("Cabinet Office guidance, "
                                                                 "May 2012")
    assert rows["dwp", "intro.about"]["origin_label"] == "Cabinet Office guidance, October 2014"
    # the 2014 text of personal use restates the 2012 guidance: it says so
    assert rows["dwp", "use.personal"]["origin_label"] == "Cabinet Office guidance, May 2012"
    assert rows["dvla", "local.customer-questions"]["origin"] == "department"


def test_the_matrix_grid_tells_model_and_code_sections_from_the_guidance(grid: Path) -> None:
    tables = html_tables(grid / "matrix.html")
    old = tables["The May 2012 edition of the base text: sections (rows) by departments "
                 "(columns)"]
    assert old[0][:2] == ["Section", "Where the section comes from"]
    origin = {row[0].rsplit(" (", 1)[-1].rstrip(")"): row[1] for row in old[1:]}
    assert origin["code.online-and-offline"] == "NICS Code of Ethics"
    assert {origin[s] for s in MODEL} == {"Model text"}
    assert origin["intro.about"] == "Cabinet Office guidance, May 2012"
    assert origin["local.ni-languages"] == "Department's own"
