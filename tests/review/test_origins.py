"""Every review labels each section by where its words come from (issue 25): the Cabinet
Office guidance of an edition, the code of conduct, the project's model text or the
department's own; and no column or side is headed "Cabinet Office guidance" above words the
Cabinet Office did not write. Read from the files the commands write."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from lxml import etree

from generator.model import Guidance, KeepPoint
from generator.policy import dropped_points, fill_for
from generator.policy.editions import load_guidance
from generator.review.impact import impact
from generator.review.impact_files import render_impact_html, render_impact_json
from generator.review.run import NEUTRAL, base_labels, run_compare, run_impact, run_matrix
from tests.conftest import PROFILES, TODAY
from tests.outputs import W, docx_headings, html_tables, html_text
from tests.review.test_compare import profile

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
    assert words["local.name-and-logo"] == "Department's own"
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
        "Not in A", "Not in B"}  # the model text (defaults, bullying, ...) is unchanged
    tables = html_tables(nics / "report.html")
    for caption in ("The NICS Code of Ethics online and offline: A beside B",
                    "Our name and logo on personal accounts: A beside B"):
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
    only_b = sections["local.name-and-logo"]
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
        if start is not None and said[start.get(f"{W}id")].startswith("Where the words"):
            # each on a section's heading (a departure's reason is on its changed words:
            # test_compare_comments.py)
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
    origins = [c for c in comments.iter(f"{W}comment")
               if "".join(t.text or "" for t in c.iter(f"{W}t")).startswith("Where the words")]
    assert len(origins) == len(noted)  # every origin comment is on a heading
    assert {c.get(f"{W}date") for c in origins} == {"2026-06-01T00:00:00Z"}


def matrix_csv(grid: Path) -> dict[tuple[str, str], dict[str, str]]:
    rows = csv.DictReader(io.StringIO((grid / "matrix.csv").read_text("utf-8")))
    return {(r["slug"], r["section_id"]): r for r in rows}


def test_the_matrix_csv_gives_every_row_its_origin(grid: Path) -> None:
    rows = matrix_csv(grid)
    header = (grid / "matrix.csv").read_text("utf-8").splitlines()[0]
    assert header.startswith("department,slug,base,section_id,section_title,status,reason,"
                             "retitled_as,origin,origin_label,")  # the CONTRACT's first
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
    assert (old[0][0], old[0][-1]) == ("Section", "Where the section comes from")
    origin = {row[0].rsplit(" (", 1)[-1].rstrip(")"): row[-1] for row in old[1:]}
    assert origin["code.online-and-offline"] == "NICS Code of Ethics"
    assert {origin[s] for s in MODEL} == {"Model text"}
    assert origin["intro.about"] == "Cabinet Office guidance, May 2012"
    assert "local.name-and-logo" not in origin  # local rules are listed apart from the grid


# --- impact: what a partial text of an edition can and cannot say -----------------------------


@pytest.fixture(scope="module")
def nics_impact(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder, _ = run_impact("2014-10", [PROFILES / "nics-finance.yaml"],
                           tmp_path_factory.mktemp("impact"), TODAY)
    return folder


def test_impact_never_says_the_new_edition_dropped_a_section(nics_impact: Path) -> None:
    data = json.loads((nics_impact / "impact.json").read_text("utf-8"))
    (nics,) = data["departments"]
    sections = {s["id"]: s for s in nics["sections"]}
    assert "dropped" not in {s["outcome"] for s in nics["sections"]}
    assert nics["counts"]["dropped"] == 0  # the key stays for scripts that read it
    assert not [s for s in nics["sections"] if "drops" in s["detail"]]
    missing = sections["barriers.browsers"]  # adopted, and the 2014 text does not carry it
    assert missing["outcome"] == "not_in_new_text"
    assert missing["detail"].startswith("this project's text of the October 2014 guidance does "
                                        "not carry this section: it restates only part of "
                                        "that edition")
    assert "Check the published guidance" in missing["detail"]
    assert (missing["origin_from"]["label"], missing["origin_to"]) == (
        "Cabinet Office guidance, May 2012", None)
    assert sections["media.contact"]["origin_to"] == {
        "kind": "model", "label": "Model text", "edition": "2014-10"}
    assert sections["code.online-and-offline"]["origin_to"]["label"] == "NICS Code of Ethics"
    text = html_text(nics_impact / "impact.html")
    assert "dropped" not in text.lower()
    assert "Not in this project's text of the October 2014 guidance" in text
    rows = html_tables(nics_impact / "impact.html")["Department of Finance: every section"]
    assert rows[0] == ["Section", "Where the words come from", "Outcome", "What it means"]
    row = {r[0].rsplit(" (", 1)[-1].rstrip(")"): r for r in rows[1:]}
    assert row["barriers.browsers"][2] == ("Not in this project's text of the October 2014 "
                                           "guidance")
    assert row["conduct.colleagues"][1] == "Model text"
    links = re.findall(r'<a href="([^"]+)">the published October 2014 guidance on GOV.UK</a>',
                       (nics_impact / "impact.html").read_text("utf-8"))
    assert links == [load_guidance("2014-10").url]


def with_section(guidance: Guidance, section_id: str, **changes: object) -> Guidance:
    """The edition with one section changed, as another text of it might have it."""
    return dataclasses.replace(guidance, parts=tuple(
        dataclasses.replace(part, sections=tuple(
            dataclasses.replace(s, **changes) if s.id == section_id else s  # type: ignore[arg-type]
            for s in part.sections))
        for part in guidance.parts))


def without_sentences(body: str, word: str) -> str:
    """The text with every sentence that holds `word` taken out."""
    return re.sub(rf"[^.\n]*{word}[^.]*\.\s*", "", body)


DISCIPLINE = "a breach can lead to disciplinary action, even from a personal account"


def test_an_adopted_core_section_that_would_lose_a_point_needs_review(tmp_path: Path) -> None:
    old, new = load_guidance("2012-05"), load_guidance("2014-10")
    personal = next(s for s in new.sections() if s.id == "use.personal")
    # However the 2014 text reads, a text of it without the disciplinary sentence:
    new = with_section(new, "use.personal", body=without_sentences(personal.body, "isciplin"),
                       keep=())
    result = impact(profile("nics-finance"), old, new, NEUTRAL)
    section = next(s for s in result.sections if s.id == "use.personal")
    assert (section.outcome, section.core) == ("needs_review", True)
    assert DISCIPLINE in section.lost
    assert f"the new base text does not say that {DISCIPLINE}" in section.detail \
        or f"or that {DISCIPLINE}" in section.detail
    assert result.sections[:2] == tuple(s for s in result.sections if s.at_risk)  # first
    folder = tmp_path / "impact"
    folder.mkdir()
    (folder / "impact.html").write_text(render_impact_html("2014-10", [result], base_labels()),
                                        "utf-8")
    (folder / "impact.json").write_bytes(render_impact_json("2014-10", [result]))
    rows = html_tables(folder / "impact.html")["Department of Finance: every section"]
    row = next(r for r in rows if r[0].endswith("(use.personal)"))
    assert row[2] == "Needs review (core)"
    assert "The points it would lose:" in row[3]
    assert f"{DISCIPLINE[:1].upper()}{DISCIPLINE[1:]}." in row[3]
    data = json.loads((folder / "impact.json").read_text("utf-8"))
    listed = next(s for s in data["departments"][0]["sections"] if s["id"] == "use.personal")
    assert DISCIPLINE in listed["lost_points"] and listed["outcome"] == "needs_review"


def test_the_real_2014_text_is_checked_against_the_2012_points(nics_impact: Path) -> None:
    """Whatever the 2014 text of personal use says, the outcome follows the check."""
    personal = next(s for s in load_guidance("2014-10").sections() if s.id == "use.personal")
    old = next(s for s in load_guidance("2012-05").sections() if s.id == "use.personal")
    text = fill_for(personal.body, profile("nics-finance").department)
    lost = [p.says for p in dropped_points(old, text)]
    data = json.loads((nics_impact / "impact.json").read_text("utf-8"))
    section = next(s for s in data["departments"][0]["sections"] if s["id"] == "use.personal")
    assert section["lost_points"] == lost
    assert section["outcome"] == ("needs_review" if lost else "inherits")


def test_a_replacement_missing_a_point_of_the_new_edition_needs_review() -> None:
    old, new = load_guidance("2012-05"), load_guidance("2014-10")
    code = next(s for s in new.sections() if s.id == "code.online-and-offline")
    handbook = KeepPoint("the staff handbook sets out the rules", (("staff handbook",),))
    new = with_section(new, "code.online-and-offline", keep=(*code.keep, handbook))
    result = impact(profile("nics-finance"), old, new, NEUTRAL)
    section = next(s for s in result.sections if s.id == "code.online-and-offline")
    assert (section.outcome, section.lost) == ("needs_review", (handbook.says,))
    assert section.detail.startswith("a core section, and the department's text in its place "
                                     "does not say that the staff handbook sets out the rules, "
                                     "which the October 2014 edition asks every replacement "
                                     "to say")
