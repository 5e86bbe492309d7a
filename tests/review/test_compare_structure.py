"""compare keeps structure: tables row by row, the departments' own data, the notice across
editions, and a redline whose comments carry each departure's reason in the department's
name (issue 26, deliverables 5 and 6). Each test reads the files compare wrote."""

from __future__ import annotations

import dataclasses
import json
import re
import subprocess
import zipfile
from pathlib import Path

import pikepdf
import pytest
from lxml import etree

from generator.audit.html import HtmlAuditor
from generator.model import Channel, Contact, Profile
from generator.review.comparison.report import render_report
from generator.review.run import Side, load_side, run_compare, write_comparison
from tests.conftest import PROFILES, TODAY
from tests.outputs import W, html_tables, html_text
from tests.review.test_compare import policy, profile


def changed_accounts() -> tuple[Profile, Profile]:
    """DWP's sample (A), and B: one account's owner changed, one removed, one added, a
    contact's phone changed, and a new version."""
    a = profile("dwp")
    x, linkedin, _youtube, facebook = a.channels
    tiktok = Channel("TikTok", "DWP on TikTok", "https://www.tiktok.com/@dwp-example",
                     "Short explainers", "Young people", "Campaigns Team", "Weekdays",
                     "Head of Campaigns", "Campaigns Team", "Head of News")
    contacts = (dataclasses.replace(a.contacts[0], phone="+44 20 7946 0999"), *a.contacts[1:],
                Contact("Security team", "", "security@dwp.example", ""))
    b = dataclasses.replace(
        a, channels=(dataclasses.replace(x, owner="Director of Communications"), linkedin,
                     facebook, tiktok),
        contacts=contacts, policy=dataclasses.replace(a.policy, version="2.2"))
    return a, b


def side(p: Profile, name: str) -> Side:
    return Side(name, name, policy(p), p, None, p.department.name)


@pytest.fixture(scope="module")
def accounts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    a, b = changed_accounts()
    folder, _ = write_comparison(side(a, "a"), side(b, "b"), tmp_path_factory.mktemp("rows"))
    return folder


@pytest.fixture(scope="module")
def editions(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 2012-05 profile (Northern Ireland) against a 2014-10 one."""
    folder, _ = run_compare(str(PROFILES / "nics-finance.yaml"), str(PROFILES / "dwp.yaml"),
                            tmp_path_factory.mktemp("editions"), TODAY)
    return folder


@pytest.fixture(scope="module")
def against_base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder, _ = run_compare("base:2012-05", str(PROFILES / "nics-finance.yaml"),
                            tmp_path_factory.mktemp("base"), TODAY)
    return folder


def docx_part(path: Path, part: str = "word/document.xml") -> etree._Element:
    with zipfile.ZipFile(path) as archive:
        return etree.fromstring(archive.read(part))


def text_of(element: etree._Element) -> str:
    return " ".join("".join(t.text or "" for t in element.iter(f"{W}t", f"{W}delText"))
                    .split())


# --- tables stay tables --------------------------------------------------------------------


def test_a_table_row_added_removed_or_changed_is_a_row_of_the_report(accounts: Path) -> None:
    table = html_tables(accounts / "report.html")["Who runs each account, row by row"]
    assert table[0] == ["What changed", "Account", "Owner", "Can post", "Approves posts"]
    # (a removed row's words are each deleted words, an added row's inserted words)
    rows = {row[1].removeprefix("deleted: ").removeprefix("inserted: "): row
            for row in table[1:]}
    assert rows["DWP example channel"][0] == "Removed"
    assert rows["DWP on TikTok"][0] == "Added"
    assert rows["@dwp_example"][0] == "Changed"
    assert rows["DWP (example)"][0] == "Same"
    html = (accounts / "report.html").read_text("utf-8")
    row = next(r for r in re.findall(r"<tr[^>]*>.*?</tr>", html) if "@dwp_example<" in r
               and "Changed" in r)
    assert ('<del><span class="visually-hidden">deleted: </span>Head</del> '
            '<ins><span class="visually-hidden">inserted: </span>Director</ins> of' in row)


def test_a_table_row_added_or_removed_is_a_tracked_row_of_the_redline(accounts: Path) -> None:
    body = docx_part(accounts / "redline.docx")
    table = next(t for t in body.iter(f"{W}tbl")
                 if t.find(f"{W}tblPr/{W}tblCaption").get(f"{W}val") == "Who runs each account")
    rows = table.findall(f"{W}tr")
    assert rows[0].find(f"{W}trPr/{W}tblHeader") is not None
    assert [text_of(c) for c in rows[0].findall(f"{W}tc")] == [
        "Account", "Owner", "Can post", "Approves posts"]
    by_key = {text_of(r.find(f"{W}tc")): r for r in rows[1:]}
    removed, added = by_key["DWP example channel"], by_key["DWP on TikTok"]
    assert removed.find(f"{W}trPr/{W}del") is not None
    assert added.find(f"{W}trPr/{W}ins") is not None
    assert removed.find(f".//{W}t") is None  # every word of a removed row is deleted text
    changed = by_key["@dwp_example"]
    assert changed.find(f"{W}trPr/{W}ins") is None and changed.find(f"{W}trPr/{W}del") is None
    owner = changed.findall(f"{W}tc")[1]
    assert "".join(t.text for t in owner.iter(f"{W}delText")).split() == ["Head", "News"]
    assert "".join(t.text for m in owner.iter(f"{W}ins") for t in m.iter(f"{W}t")).split() \
        == ["Director", "Communications"]
    assert " ".join("".join(t.text for t in owner.iter(f"{W}t")).split()) == \
        "Director of Communications"  # the cell accepted
    for mark in (removed.find(f"{W}trPr/{W}del"), added.find(f"{W}trPr/{W}ins")):
        assert mark.get(f"{W}author") == "Department for Work and Pensions"


def test_diff_json_lists_the_rows_that_differ(accounts: Path) -> None:
    data = json.loads((accounts / "diff.json").read_text("utf-8"))
    owners = next(t for t in data["topics"] if t["id"] == "topics.owners")
    assert {(r["key"], r["status"]) for r in owners["rows"]} == {
        ("DWP example channel", "removed"), ("DWP on TikTok", "added"),
        ("@dwp_example", "changed")}
    changed = next(r for r in owners["rows"] if r["status"] == "changed")
    assert {"column": "Owner", "a": "Head of News", "b": "Director of Communications"} \
        in changed["cells"]
    assert {"op": "replace", "a": "Head", "b": "Director"} in owners["changes"]
    assert {"op": "replace", "a": "News", "b": "Communications"} \
        in owners["changes"]  # the CONTRACT's word-level changes still list it


# --- the departments' own data ------------------------------------------------------------


def test_accounts_contacts_and_details_are_compared(accounts: Path) -> None:
    data = json.loads((accounts / "diff.json").read_text("utf-8"))
    assert {(r["key"], r["status"]) for r in data["channels"]["records"]} == {
        ("@dwp_example on X (Twitter)", "changed"), ("DWP (example) on LinkedIn", "unchanged"),
        ("DWP example channel on YouTube", "removed"), ("DWP example page on Facebook",
                                                        "unchanged"),
        ("DWP on TikTok on TikTok", "added")}
    assert data["channels"]["summary"] == ("A lists 4 accounts, B lists 4 accounts: 1 added, "
                                           "1 removed, 1 changed.")
    contacts = {r["key"]: r["status"] for r in data["contacts"]["records"]}
    assert contacts == {"Head of Digital Communications": "changed",
                        "Press Office": "unchanged", "HR policy team": "unchanged",
                        "Information management": "unchanged", "Security team": "added"}
    details = {d["label"]: d for d in data["details"]}
    assert (details["Version"]["a"], details["Version"]["b"]) == ("2.1", "2.2")
    assert details["Version"]["status"] == "changed"
    assert details["Owner"]["status"] == "unchanged"
    assert details["Jurisdiction"]["b"] == "Great Britain"
    tables = html_tables(accounts / "report.html")
    assert ["Version", "2.1", "2.2", "Different"] in tables["Each policy's details: A beside B"]
    accounts_table = tables["The accounts of A and B, aligned by name, or by place where one "
                            "was renamed"]
    assert accounts_table[0] == ["Account", "What changed", "The differences"]
    row = next(r for r in accounts_table if r[0] == "@dwp_example on X (Twitter)")
    assert row[1] == "Changed" and "Owner:" in row[2] and "Platform" not in row[2]


def test_against_the_base_the_data_is_listed_not_each_added(against_base: Path) -> None:
    data = json.loads((against_base / "diff.json").read_text("utf-8"))
    assert data["channels"]["summary"] == "The base text has no accounts; DoF lists 3 accounts."
    assert {r["status"] for r in data["channels"]["records"]} == {"listed"}
    assert data["channels"]["a_count"] is None and data["channels"]["b_count"] == 3
    details = {d["label"]: d for d in data["details"]}
    assert details["Version"] == {"label": "Version", "a": None, "b": "1.0",
                                  "status": "listed"}
    assert details["Base edition"]["status"] == "unchanged"
    report = html_text(against_base / "report.html")
    assert "The base text has no accounts; DoF lists 3 accounts." in report
    assert "Added" not in html_tables(against_base / "report.html")["The accounts listed"][1]


# --- across editions -----------------------------------------------------------------------


def test_across_editions_the_report_says_so_first(editions: Path) -> None:
    html = (editions / "report.html").read_text("utf-8")
    notice = html.index("A is derived from the May 2012 edition of the base text, and B is "
                        "derived from the October 2014 edition. Sections on the same subject "
                        "are matched across the editions.")
    assert notice < html.index('id="summary"')
    counts = dict(html_tables(editions / "report.html")["Sections by what happened to them"]
                  [1:])
    data = json.loads((editions / "diff.json").read_text("utf-8"))
    assert (data["a_edition"], data["b_edition"]) == ("2012-05", "2014-10")
    notes = {s["id"]: s["edition_note"] for s in data["sections"]}
    assert notes["remember.five-things"] == "new_in_b_edition"
    assert notes["barriers.trust"] == "not_in_b_edition"
    assert notes["local.name-and-logo"] is None  # DoF's own rule: not the editions
    assert all(s["edition_change"] == bool(s["edition_note"]) for s in data["sections"])
    new = sum(1 for s in data["sections"] if s["edition_note"] == "new_in_b_edition")
    gone = sum(1 for s in data["sections"] if s["edition_note"] == "not_in_b_edition")
    assert (counts["Only in B, because it is new in B's edition"],
            counts["Only in A, because B's edition does not have it"]) == (str(new), str(gone))
    assert counts["Only in A, because A added it or B leaves it out"] == "1"
    assert counts["Only in B, because B added it or A leaves it out"] == "0"
    # The command line prints "Label: N; ...": a label with a colon of its own reads badly.
    assert not any(":" in label for label in counts)
    assert "only in B: new in B's edition" in html_text(editions / "report.html")


def test_two_departments_contacts_are_aligned_by_name_only(editions: Path) -> None:
    """The Department of Finance against DWP: their digital leads are two people, not one
    renamed, and the report's caption says how the rows were paired."""
    data = json.loads((editions / "diff.json").read_text("utf-8"))
    contacts = {r["key"]: r["status"] for r in data["contacts"]["records"]}
    assert contacts["Digital engagement lead"] == "removed"
    assert contacts["Head of Digital Communications"] == "added"
    assert contacts["Press Office"] == "changed"  # the same role: its details differ
    keys = [r["key"] for part in ("channels", "contacts") for r in data[part]["records"]]
    assert not any("(was" in key for key in keys)
    tables = html_tables(editions / "report.html")
    rows = tables["The contacts of A and B, aligned by name"]
    row = next(r for r in rows if r[0] == "Digital engagement lead")
    assert row[1] == "Removed"


def test_one_edition_has_no_notice(accounts: Path) -> None:
    assert "come from different editions" not in html_text(accounts / "report.html")
    assert "Only in A" in dict(html_tables(accounts / "report.html")[
        "Sections by what happened to them"][1:])


# --- the redline a reviewer signs off ------------------------------------------------------


def comments(path: Path) -> list[tuple[str, str, str, str]]:
    """(id, author, date, text) of each comment."""
    root = docx_part(path, "word/comments.xml")
    return [(c.get(f"{W}id"), c.get(f"{W}author"), c.get(f"{W}date"), text_of(c))
            for c in root.iter(f"{W}comment")]


def test_each_departures_reason_is_a_comment_on_its_changed_words(against_base: Path) -> None:
    dof = profile("nics-finance")
    said = {text: (cid, author, date) for cid, author, date, text in
            comments(against_base / "redline.docx")}
    reasons = [t for t in said if not t.startswith("Where the words")]
    departures = [a for a in dof.adaptations if a.approval] + list(dof.local_rules)
    assert len(reasons) == len(departures)
    code = next(a for a in dof.adaptations if a.section_id == "code.online-and-offline")
    assert code.approval is not None and code.approval.date is not None
    text = next(t for t in reasons if code.approval.reason in t)
    assert text == (f"Department of Finance changes this section. Reason: "
                    f"{code.approval.reason} Approved by {code.approval.approved_by} on "
                    f"{code.approval.date.day} {code.approval.date:%B %Y}.")
    cid, author, date = said[text]
    assert (author, date) == ("Department of Finance", f"{code.approval.date}T00:00:00Z")
    omitted = next(t for t in reasons if "leaves this section out" in t)
    assert omitted.startswith("Department of Finance leaves this section out. Reason: ")
    # Anchored on the changed words: the range opens just before a tracked change.
    body = docx_part(against_base / "redline.docx")
    start = next(e for e in body.iter(f"{W}commentRangeStart") if e.get(f"{W}id") == cid)
    assert start.getnext().tag in (f"{W}ins", f"{W}del")
    end = next(e for e in body.iter(f"{W}commentRangeEnd") if e.get(f"{W}id") == cid)
    assert end.getnext().find(f"{W}commentReference").get(f"{W}id") == cid


def test_the_redline_is_the_departments_and_the_tools_only_between_bases(
        against_base: Path, tmp_path: Path) -> None:
    core = docx_part(against_base / "redline.docx", "docProps/core.xml")
    assert core.findtext("{http://purl.org/dc/elements/1.1/}creator") == "Department of Finance"
    authors = {m.get(f"{W}author") for m in docx_part(against_base / "redline.docx").iter(
        f"{W}ins", f"{W}del")}
    assert authors == {"Department of Finance"}
    folder, _ = run_compare("base:2012-05", "base:2014-10", tmp_path, TODAY)
    core = docx_part(folder / "redline.docx", "docProps/core.xml")
    assert core.findtext("{http://purl.org/dc/elements/1.1/}creator") == "policy-pack"


def test_the_redline_opens_with_the_departments_data(accounts: Path) -> None:
    body = docx_part(accounts / "redline.docx")
    headings = [text_of(p) for p in body.iter(f"{W}p")
                if p.find(f"{W}pPr/{W}pStyle") is not None
                and p.find(f"{W}pPr/{W}pStyle").get(f"{W}val") == "Heading1"]
    assert headings[1:3] == ["The policies' details, accounts and contacts",
                             "The sections, with their changes tracked"]
    captions = [t.find(f"{W}tblPr/{W}tblCaption").get(f"{W}val") for t in body.iter(f"{W}tbl")]
    assert captions[:3] == [
        "The policies' details",
        "The accounts of A and B, aligned by name, or by place where one was renamed",
        "The contacts of A and B, aligned by name, or by place where one was renamed"]


@pytest.mark.renders
def test_libreoffice_shows_the_reasons_as_comments(against_base: Path, tmp_path: Path) -> None:
    """LibreOffice opens the redline and exports each comment as a PDF note, with its
    author and text."""
    export = 'pdf:writer_pdf_Export:{"ExportNotes":{"type":"boolean","value":"true"}}'
    subprocess.run(["soffice", "--headless", "--norestore",
                    f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--convert-to",
                    export, "--outdir", str(tmp_path), str(against_base / "redline.docx")],
                   check=True, capture_output=True, timeout=180)
    with pikepdf.open(tmp_path / "redline.pdf") as pdf:
        notes = [(str(a.get("/T", "")), str(a.get("/Contents", ""))) for page in pdf.pages
                 for a in page.get("/Annots", []) if a.get("/Subtype") == "/Text"]
    assert len(notes) == len(comments(against_base / "redline.docx"))
    assert any(author.startswith("Department of Finance") and "Reason:" in text
               for author, text in notes)


# --- links -----------------------------------------------------------------------------------


def test_the_report_links_its_files_and_the_index_only_in_a_site(tmp_path: Path) -> None:
    a, b = load_side("base:2014-10", TODAY), load_side(str(PROFILES / "dwp.yaml"), TODAY)
    folder, comparison = write_comparison(a, b, tmp_path, back="../index.html")
    html = (folder / "report.html").read_text("utf-8")
    assert 'href="redline.docx"' in html and 'href="diff.json"' in html
    assert 'href="../index.html"' in html
    assert "../index.html" not in render_report(comparison)
    assert 'href="redline.docx"' in render_report(comparison)


def test_the_reports_pass_the_html_audit(accounts: Path, editions: Path,
                                         against_base: Path, auditor: HtmlAuditor) -> None:
    for folder in (accounts, editions, against_base):
        checks, findings = auditor.audit((folder / "report.html").read_text("utf-8"))
        assert checks > 20
        assert findings == [], (folder, [str(f) for f in findings])
