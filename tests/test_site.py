"""`policy-pack site`: one static folder any intranet can host. Every relative link leads to
a file (and to an element with that id, for a #fragment), every page passes axe-core's WCAG
2.2 AA rules in Chromium and reflows at 320 CSS pixels. The index is the reviewers'
dashboard, register/ the departures register: both read here as a reviewer would, on the
samples and two copies (one overdue, one changing a core section), with sign-offs."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from generator.audit.html import HtmlAuditor
from generator.review import record_signoff
from tests.conftest import PROFILES, SAMPLES
from tests.outputs import html_tables, html_text
from tests.review.dashboard_copies import reviewers_folder
from tests.test_cli import run

SLUGS = sorted([*SAMPLES, "dept-tests", "overdue-office"])


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(str(found["id"]))
        if tag == "a" and found.get("href"):
            self.links.append(str(found["href"]))


def read(page: Path) -> _Links:
    parser = _Links()
    parser.feed(page.read_text("utf-8"))
    return parser


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("site")
    profiles = reviewers_folder(folder / "profiles")
    record_signoff(profiles / "dwp.yaml", "dwp", "2.1", "Jane Smith", "accepted", "",
                   dt.date(2026, 11, 1))
    dvla = profiles / "dvla.yaml"
    record_signoff(dvla, "dvla", "1.4", "Sam Jones", "accepted", "", dt.date(2026, 11, 2))
    dvla.write_text(dvla.read_text("utf-8") + "# edited after the sign-off\n", "utf-8")
    record_signoff(profiles / "welsh-government.yaml", "welsh-government", "1.0", "Sam Jones",
                   "returned", "Name who approves posts.", dt.date(2026, 11, 3))
    result = subprocess.run(  # SOURCE_DATE_EPOCH 1796601600: 2026-12-07
        [sys.executable, "-m", "generator.cli", "site", "profiles", "--out", "out"],
        cwd=folder, capture_output=True, text=True, timeout=600,
        env={**os.environ, "SOURCE_DATE_EPOCH": "1796601600"})
    assert result.returncode == 0, result.stderr
    assert "wrote out/index.html" in result.stdout
    return folder / "out"


def pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_every_relative_link_leads_somewhere(site: Path) -> None:
    checked = 0
    for page in pages(site):
        for href in read(page).links:
            parts = urlsplit(href)
            if parts.scheme in ("https", "http", "mailto"):
                continue  # outside the site: the pages name their own addresses
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            assert target.is_file(), f"{page.relative_to(site)}: {href}"
            assert target.is_relative_to(site.resolve()), f"{page}: {href} leaves the site"
            if parts.fragment and target.suffix == ".html":
                assert unquote(parts.fragment) in read(target).ids, f"{page}: {href}"
            checked += 1
    assert checked > 100


def test_the_index_lists_every_pack_and_review(site: Path) -> None:
    links = read(site / "index.html").links
    for slug in SLUGS:
        for name in (f"{slug}/{slug}-social-media-policy.pdf",
                     f"{slug}/{slug}-social-media-policy.docx",
                     f"{slug}/{slug}-social-media-policy.html",
                     f"{slug}/{slug}-social-media-use.html", f"{slug}/manifest.json"):
            assert name in links, name
    assert "matrix/matrix.html" in links and "impact-2014-10/impact.html" in links
    assert sum(1 for link in links if link.startswith("compare-base-")) == len(SLUGS)
    assert "register/register.html" in links


KINDS = ("by-", "signoff-", "edition-", "jurisdiction-", "approver-", "kind-", "section-",
         "matrix-topic-", "matrix-edition-", "matrix-jurisdiction-")


def kind(page: str) -> str:
    """Which kind of page: pages of one kind differ only in their rows' order or choice
    (the dashboard's 17 sorts, one filter page per approver or section, a topic's page, a
    department's pack), so auditing one of each audits their markup."""
    folder, _, name = page.rpartition("/")
    if name.endswith(("-social-media-policy.html", "-social-media-use.html")):
        return name.rsplit("-", 1)[-1]  # a department's policy.html or its public use.html
    return f"{folder}/" + next((k for k in KINDS if name.startswith(k)), name)


def test_every_kind_of_page_of_the_site_passes_the_audit(site: Path,
                                                         auditor: HtmlAuditor) -> None:
    """axe-core at 1280 and 320 CSS px and the reflow check, on one page of every kind
    (every page at 50 departments is audited by scripts/bench_site.py)."""
    chosen: dict[str, Path] = {}
    for page in pages(site):
        chosen.setdefault(kind(page.relative_to(site).as_posix()), page)
    assert {"dashboard/by-", "dashboard/overdue.html", "register/approver-",
            "matrix/matrix-topic-", "matrix/matrix-departures.html", "policy.html", "use.html",
            "/index.html", *(f"welsh-government/welsh-government-social-media-{page}-cy.html"
                             for page in ("policy", "use"))} <= set(chosen)
    found = {}
    for name, page in chosen.items():
        _, findings = auditor.audit(page.read_text("utf-8"))
        if findings:
            found[name] = [str(f) for f in findings]
    assert found == {}
    # each department's policy, public page and comparison; the index, matrix and impact;
    # the dashboard in 17 more sorts and 13 filters (1 overdue, 2 core, 4 sign-off states,
    # 2 editions, 4 jurisdictions); the register and its filters (3 approvers, 4 kinds,
    # 2 core, 2 editions, 3 jurisdictions: Wales departs from nothing, 7 sections)
    assert len(list((site / "dashboard").glob("*.html"))) == 17 + 13
    assert len(list((site / "register").glob("*.html"))) == 1 + 3 + 4 + 2 + 2 + 3 + 7
    matrix = len(list((site / "matrix").glob("*.html")))  # its views are the matrix's own
    # and the Welsh Government's Welsh policy and public page (its sample's translation)
    assert len(pages(site)) == 3 * len(SLUGS) + 2 + matrix + 30 + 22 + 2


def test_the_dashboard_and_register_reflow_at_320_css_pixels(site: Path,
                                                              auditor: HtmlAuditor) -> None:
    page = auditor.browser.new_page(viewport={"width": 320, "height": 640})
    try:
        for path in ("index.html", "dashboard/overdue.html", "register/register.html",
                     "register/section-local.accessible-posts.html"):
            page.goto((site / path).as_uri())
            assert page.evaluate("document.documentElement.scrollWidth") <= 320, path
            # the wide table scrolls in its own box, which a keyboard reaches and names
            box = page.locator(".table-wrap")
            assert box.get_attribute("tabindex") == "0" and box.get_attribute("role") == "region"
            assert box.evaluate("e => e.scrollWidth > e.clientWidth"), path
    finally:
        page.close()


def test_the_site_needs_every_profile_to_build(tmp_path: Path) -> None:
    """Checked before anything is built: the problem in seconds, with its line, and not one
    pack written, so no half-made site sits beside the last good one."""
    shutil.copytree(PROFILES, tmp_path / "profiles")
    (tmp_path / "profiles" / "broken.yaml").write_text("schema_version: [\n", "utf-8")
    result = run("site", "profiles", "--out", "out", cwd=tmp_path)
    assert result.returncode == 2
    assert "profiles/broken.yaml:2:1:" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_a_sign_off_file_it_cannot_read_stops_the_site_before_anything_is_written(
        tmp_path: Path) -> None:
    shutil.copytree(PROFILES, tmp_path / "profiles")
    (tmp_path / "profiles" / "signoffs").mkdir()
    (tmp_path / "profiles" / "signoffs" / "dwp.yaml").write_text(
        "department: dwp\ndecisions:\n  - decision: maybe\n", "utf-8")
    result = run("site", "profiles", "--out", "out", cwd=tmp_path)
    assert result.returncode == 2
    assert "profiles/signoffs/dwp.yaml:3:" in result.stderr
    assert not (tmp_path / "out").exists()


def test_the_day_the_site_counts_from_is_given_so_a_site_can_be_made_again(site: Path) -> None:
    """The fixture runs `site` with SOURCE_DATE_EPOCH (as reproducible builds set it): the
    pages and the workbooks are dated by it, never by the clock."""
    assert "as of 7 December 2026" in (site / "index.html").read_text("utf-8")
    with zipfile.ZipFile(site / "dashboard" / "dashboard.xlsx") as book:
        assert "2026-12-07T00:00:00Z" in book.read("docProps/core.xml").decode("utf-8")
    refused = run("site", "--as-of", "7/12/2026", "--out", str(site))
    assert refused.returncode == 2 and "write it as YYYY-MM-DD" in refused.stderr


def test_the_index_names_the_base_text_and_where_each_packs_words_come_from(site: Path) -> None:
    text = html_text(site / "index.html")
    assert "Cabinet Office guidance (" not in text  # an edition is the base text's, not theirs
    assert "What the October 2014 edition of the base text means for each department" in text
    manifest = json.loads((site / "nics-finance" / "manifest.json").read_text("utf-8"))
    assert manifest["origins"]["model"] and manifest["origins"]["guidance"]  # NICS has both
    # the line of the pack's own document control
    printed = [s for s in manifest["sections"] if s["status"] != "omitted"] + manifest["topics"]
    assert manifest["origins_summary"].startswith(f"{len(printed)}: ")
    assert f"Its printed sections: {manifest['origins_summary']}." in text
    assert "how Department of Finance differs from its base" in text


def dashboard_table(page: Path) -> list[list[str]]:
    (rows,) = [t for caption, t in html_tables(page).items() if "departments" in caption]
    return rows


def cells(page: Path) -> dict[str, dict[str, str]]:
    """Each department's row by its name, each cell by its column's heading."""
    header, *rows = dashboard_table(page)
    names = [re.sub(r"[:▲▼].*", "", h).strip() for h in header]
    return {row[0]: dict(zip(names, row, strict=True)) for row in rows}


def test_the_dashboard_lists_every_departments_facts(site: Path) -> None:
    rows = cells(site / "index.html")
    assert list(rows) == sorted(rows, key=str.casefold) and len(rows) == len(SLUGS)
    ni = rows["Department of Finance"]
    assert (ni["Version"], ni["Base edition"], ni["Jurisdiction"], ni["Owner"]) == (
        "1.0", "May 2012", "Northern Ireland", "Digital Communications Unit")
    assert (ni["Effective"], ni["Review by"]) == ("1 June 2026", "1 June 2027")
    assert ni["Departures"].startswith("4 departures") and "Changes 2 core sections" in ni[
        "Departures"]
    assert rows["Driver and Vehicle Licensing Agency"]["Jurisdiction"] == (
        "Great Britain, United Kingdom")
    assert rows["Overdue Office"]["Review by"] == "31 October 2026 Overdue"
    assert "Overdue" not in rows["Department of Finance"]["Review by"]
    assert rows["Department for Work and Pensions"]["Sign-off"] == (
        "Accepted by Jane Smith on 1 November 2026")
    assert rows["Driver and Vehicle Licensing Agency"]["Sign-off"].startswith(
        "Changed since sign-off (it was accepted by Sam Jones on 2 November 2026)")
    assert rows["Welsh Government"]["Sign-off"] == (
        "Returned by Sam Jones on 3 November 2026 “Name who approves posts.”")
    assert rows["Department for Tests"]["Sign-off"] == "Not reviewed"
    assert "PDF of Department for Tests" in rows["Department for Tests"]["Files"]


def test_each_column_sorts_by_a_page_marked_with_aria_sort(site: Path) -> None:
    index = (site / "index.html").read_text("utf-8")
    assert re.search(r'<th scope="col" aria-sort="ascending"><a href="dashboard/by-name-'
                     r'descending.html">Department', index)
    assert '<th scope="col" aria-sort="none"><a href="dashboard/by-review-by.html">' in index
    # A column's first order answers its question, as on the editor's dashboard: the most
    # departures first, the earliest review date (the overdue) first.
    assert ('<a href="dashboard/by-departures-descending.html">Departures<span '
            'class="visually-hidden">: sort most first</span>') in index
    assert ('<a href="dashboard/by-signoff.html">Sign-off<span class="visually-hidden">: '
            'sort returned and changed first</span>') in index
    page = site / "dashboard" / "by-review-by.html"
    text = page.read_text("utf-8")
    assert ('<th scope="col" aria-sort="ascending"><a href="by-review-by-descending.html">'
            in text)
    assert '<a href="../index.html">Department' in text  # back to the index's own sort
    dates = [row["Review by"] for row in cells(page).values()]
    assert dates[0] == "31 October 2026 Overdue"
    parsed = [dt.datetime.strptime(d.removesuffix(" Overdue"), "%d %B %Y") for d in dates]
    assert parsed == sorted(parsed)
    latest = list(cells(site / "dashboard" / "by-review-by-descending.html"))
    assert latest[0] == "Welsh Government" and latest[-1] == "Overdue Office"
    # a copy shares DWP's date: ties stay A to Z, whichever way the column sorts
    assert latest.index("Department for Tests") + 1 == latest.index(
        "Department for Work and Pensions")


def test_a_filter_page_says_what_it_shows_and_how_many(site: Path) -> None:
    index_text = html_text(site / "index.html")
    assert "Overdue (1)" in index_text and "Returned (1)" in index_text
    assert "Not reviewed (3)" in index_text and "Changes a core section (3)" in index_text
    assert "Accepted (1)" in index_text and "Changed since sign-off (1)" in index_text
    page = site / "dashboard" / "overdue.html"
    assert list(cells(page)) == ["Overdue Office"]
    text = html_text(page)
    assert f"Showing 1 of {len(SLUGS)} departments: departments whose review is overdue" in text
    assert f"Clear the filter: show all {len(SLUGS)} departments" in text
    assert 'href="../index.html"' in page.read_text("utf-8")
    assert list(cells(site / "dashboard" / "jurisdiction-uk.html")) == [
        "Driver and Vehicle Licensing Agency"]
    # Every filter's page is named in lower case, as the matrix's are.
    pages = [p.name for p in (site / "dashboard").iterdir()]
    assert "jurisdiction-gb.html" in pages and pages == [p.lower() for p in pages]
    assert sorted(p.name for p in (site / "register").iterdir() if p.name.startswith(
        "jurisdiction-")) == [f"jurisdiction-{c}.html" for c in ("gb", "ni", "uk")]
    assert list(cells(site / "dashboard" / "changes-core.html")) == [
        "Department for Tests", "Department of Finance", "Overdue Office"]
    assert "No department matches this filter" in html_text(site / "dashboard" /
                                                            "omits-core.html")
    # The answer to "which omits a core section?" at a glance, beside the filter.
    assert ("Omits a core section (0) Always none, as the check refuses such a profile."
            in index_text)


def test_the_register_finds_what_one_person_approved(site: Path) -> None:
    index = html_text(site / "register" / "register.html")
    assert "Jane Smith (1)" in index and "Head of Communications (8)" in index
    page = site / "register" / "approver-jane-smith.html"
    (rows,) = html_tables(page).values()
    header, row = rows
    assert header == ["Department", "Section", "Where the base section's words come from",
                      "Change", "Reason", "Approved by", "Date"]
    assert row[0] == "Department for Tests October 2014"
    assert row[1].startswith("Five things to remember")
    assert row[3:] == ["Modified Added to the text", "Staff asked who to ask.", "Jane Smith",
                       "2 August 2026"]
    assert ('href="../compare-base-2014-10-vs-dept-tests/report.html'
            '#section-remember.five-things"') in page.read_text("utf-8")
    assert "Showing 1 of 11 departures, in 1 of 6 departments" in html_text(page)


def test_the_exports_hold_the_facts_a_reviewer_files(site: Path) -> None:
    rows = list(csv.DictReader(io.StringIO(
        (site / "dashboard" / "dashboard.csv").read_text("utf-8"))))
    assert [r["slug"] for r in rows] == [r["slug"] for r in sorted(
        rows, key=lambda r: r["department"].casefold())]
    dwp = next(r for r in rows if r["slug"] == "dwp")
    assert {k: dwp[k] for k in ("profile", "version", "edition", "jurisdiction", "owner",
                                "effective", "review_by", "overdue", "departures", "signoff",
                                "reviewer", "signoff_date")} == {
        "profile": "dwp.yaml", "version": "2.1", "edition": "2014-10",
        "jurisdiction": "Great Britain", "owner": "Digital Communications Team",
        "effective": "2026-09-01", "review_by": "2027-09-01", "overdue": "no",
        "departures": "0", "signoff": "accepted", "reviewer": "Jane Smith",
        "signoff_date": "2026-11-01"}
    departures = list(csv.DictReader(io.StringIO(
        (site / "register" / "register.csv").read_text("utf-8"))))
    assert len(departures) == 11
    jane = [d for d in departures if d["approved_by"] == "Jane Smith"]
    assert [(d["slug"], d["section_id"], d["kind"], d["origin"], d["approved"],
             d["version"], d["review_by"]) for d in jane] == [
        ("dept-tests", "remember.five-things", "modified", "Cabinet Office guidance, October 2014",
         "2026-08-02", "2.1",
         "2027-09-01")]
    data = json.loads((site / "register" / "register.json").read_text("utf-8"))
    assert data["count"] == 11 and data["register"][0].keys() == departures[0].keys()
    for folder, sheet in (("dashboard", "dashboard.xlsx"), ("register", "register.xlsx")):
        with zipfile.ZipFile(site / folder / sheet) as book:
            xml = book.read("xl/worksheets/sheet1.xml").decode()
        assert 'state="frozen"' in xml and "<autoFilter" in xml
    links = read(site / "register" / "register.html").links
    assert {"register.csv", "register.xlsx", "register.json", "../index.html",
            "../matrix/matrix.html"} <= set(links)
