"""The matrix for a central reviewer with 20 to 50 departments: counts against the
departments whose edition has a section, local rules apart, topics with their values, a
departures-only page and filter pages, sticky headers in a focusable box, and the exports
with the facts a reviewer files. Most tests build the matrix from merged policies of copies of
the samples (no rendering); the last ones run the command on the samples themselves."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import itertools
import json
import re
import zipfile
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree, html

from generator.audit.html import HtmlAuditor
from generator.model import Policy
from generator.review import Reviewed, State, dashboard_rows
from generator.review.matrix import SHORT, Matrix, matrix
from generator.review.matrix_files import (
    HEADER,
    render_matrix_csv,
    render_matrix_files,
    render_matrix_html,
    render_matrix_json,
    render_matrix_xlsx,
)
from generator.review.run import base_labels, load_side, run_matrix
from tests.conftest import PROFILES, SAMPLES, TODAY
from tests.outputs import html_tables

COPIES = 24  # six of each sample: past the 20 the issue found unreadable
CLEAN = {"nics-finance-06", "nics-finance-14", "nics-finance-22"}
S = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"


@pytest.fixture(scope="module")
def samples() -> dict[str, Policy]:
    """Each sample merged once, as the matrix command merges it."""
    return {name: load_side(str(PROFILES / f"{name}.yaml"), TODAY).policy for name in SAMPLES}


def copies(samples: dict[str, Policy], count: int = COPIES) -> list[Policy]:
    """`count` departments: the samples in turn, each with its own slug; every second copy of
    Northern Ireland's department (CLEAN) takes its base as it is, with no departures."""
    policies = []
    for index in range(count):
        name = SAMPLES[index % len(SAMPLES)]
        policy = samples[name]
        if f"{name}-{index:02d}" in CLEAN:
            policy = _clean(policy)
        meta = dataclasses.replace(policy.meta, slug=f"{name}-{index:02d}")
        policies.append(dataclasses.replace(policy, meta=meta))
    return policies


def _clean(policy: Policy) -> Policy:
    """The policy with every base section adopted as it is and no local rule."""
    sections = tuple(dataclasses.replace(s, status="adopted", base_title=None, approval=None,
                                         title=s.base_title or s.title)
                     for s in policy.sections if s.status != "added")
    return dataclasses.replace(policy, sections=sections)


@pytest.fixture(scope="module")
def grid(samples: dict[str, Policy]) -> Matrix:
    return matrix(copies(samples))


@pytest.fixture(scope="module")
def pages(grid: Matrix) -> dict[str, bytes]:
    return render_matrix_files(grid, base_labels(), back="../index.html")


def tree(pages: dict[str, bytes], name: str) -> html.HtmlElement:
    return html.fromstring(pages[name])


def slugs(grid: Matrix, name: str) -> list[str]:
    return [d.slug for d in grid.departments if d.slug.startswith(name)]


# --- the pure matrix ------------------------------------------------------------------------


def test_a_section_counts_against_the_departments_whose_edition_has_it(grid: Matrix) -> None:
    ni = slugs(grid, "nics-finance")  # the only department on the May 2012 edition
    assert len(ni) == COPIES // 4
    row = {r.id: r for r in grid.rows}
    # Omitted by the Northern Ireland copies that depart; only their edition has it.
    assert (row["barriers.programmes"].departures(), row["barriers.programmes"].having()) \
        == (len(ni) - 3, len(ni))
    # In both editions: out of every department, not of those on one edition.
    assert (row["code.online-and-offline"].departures(),
            row["code.online-and-offline"].having()) == (len(ni) - 3, COPIES)
    most = grid.most_changed()
    assert most.index(row["barriers.programmes"]) < most.index(row["code.online-and-offline"])
    shares = [r.departures() / r.having() for r in most]
    assert shares == sorted(shares, reverse=True)
    # Equal shares and counts follow the base text's order (the earliest edition first).
    place = {r.id: n for n, r in enumerate(grid.rows)}
    for first, second in itertools.pairwise(most):
        if (first.departures(), first.having()) == (second.departures(), second.having()):
            assert place[first.id] < place[second.id]


def test_local_rules_stand_apart_from_the_sections_departed_from(grid: Matrix) -> None:
    local = {r.id: r for r in grid.local_rules()}
    assert set(local) == {"local.customer-questions", "local.accessible-posts",
                          "local.name-and-logo"}
    assert all(not r.local for r in grid.most_changed())
    assert local["local.customer-questions"].having() == len(slugs(grid, "dvla"))
    assert local["local.name-and-logo"].having() == len(slugs(grid, "nics-finance")) - 3


def test_each_topic_cell_says_what_the_department_gave(grid: Matrix) -> None:
    topics = {r.id: r for r in grid.topics}
    column = {d.slug: i for i, d in enumerate(grid.departments)}

    def short(topic: str, slug: str) -> str:
        cell = topics[topic].cells[column[slug]]
        return cell.short if cell.status else "Not given"

    assert short("topics.security", "dwp-01") == \
        "Two-step verification: Required on every account"
    assert short("topics.security", "nics-finance-02") == "Not given"
    assert short("topics.house-rules", "dwp-01") == "Own rules"
    assert short("topics.house-rules", "dvla-00") == "Default rules"
    assert short("topics.records", "dwp-01") == "Default for its jurisdiction"
    full = topics["topics.security"].cells[column["dwp-01"]].value
    assert "Digital Communications Team, in the department\u2019s password manager" in full
    assert all(len(c.short) <= SHORT for r in grid.topics for c in r.cells)
    assert any(c.short.endswith("…") for r in grid.topics for c in r.cells)


def test_each_topic_has_a_page_with_every_departments_answer_in_full(
        grid: Matrix, pages: dict[str, bytes]) -> None:
    """"Who requires two-step verification?" read down one page, one department to a row,
    each answer's lines kept apart, where the grid's cells hold a few words."""
    page = tree(pages, "matrix-topic-topics.security.html")
    rows = page.xpath("//table[contains(@class, 'topic-answers')]/tbody/tr")
    assert len(rows) == len(grid.departments)
    answers = {row.xpath("string(th)"): row.xpath("string(td[@class='answer'])")
               for row in rows}
    dwp = answers[grid.departments[[d.slug for d in grid.departments].index("dwp-01")].name]
    assert "Two-step verification: Required on every account\n" in dwp
    assert "Who holds the passwords: Digital Communications Team" in dwp
    assert "Not given" in answers.values()  # the NICS copies give none
    grid_page = tree(pages, "matrix.html")
    assert grid_page.xpath("//table[contains(@class, 'topics')]//th/a/@href[. = "
                           "'matrix-topic-topics.security.html']")
    linked = {href for name in pages if name.endswith(".html")
              for href in tree(pages, name).xpath("//a/@href") if "-topic-" in href}
    assert linked == {f"matrix-topic-{row.id}.html" for row in grid.topics}  # and no other


def test_departures_only_keeps_the_departing_sections_and_departments(grid: Matrix) -> None:
    only = grid.departures_only()
    kept = {d.slug for d in only.departments}
    assert kept == {d.slug for d in grid.departments if grid.departures_of(d.slug)}
    assert not kept & set(slugs(grid, "dwp") + slugs(grid, "welsh-government"))
    assert CLEAN.isdisjoint(kept)
    assert all(r.departures() for r in only.rows) and not only.topics
    assert {r.id for r in only.rows} == {r.id for r in grid.rows if r.departures()}


# --- the pages ------------------------------------------------------------------------------


def test_the_departures_page_lists_only_departing_rows_and_columns(
        grid: Matrix, pages: dict[str, bytes]) -> None:
    page = tree(pages, "matrix-departures.html")
    departing = {d.slug for d in grid.departments if grid.departures_of(d.slug)}
    listed = {th.text for th in page.xpath("(//table[@class='key'])[1]/tbody/tr/th")}
    assert listed == departing  # by slug: the copies share their short names
    heads = {th.text.strip() for th in page.xpath("//table[@class='grid']//th[@class='dept']")}
    # The base sections' grids: the departments that depart from one (DVLA's copies depart
    # only with their local rules, listed apart).
    assert heads == set(slugs(grid, "nics-finance")) - CLEAN
    assert page.xpath("//p[contains(., 'No department on the October 2014 edition')]")
    rows = {th.xpath("string(span[@class='muted'])").strip("()")
            for th in page.xpath("//table[@class='grid']/tbody/tr/th")}
    assert rows == {r.id for r in grid.most_changed()}
    assert not page.xpath("//*[@id='topics']")
    main = tree(pages, "matrix.html")
    assert main.xpath("//nav//a[@href='matrix-departures.html']")


def test_filter_pages_one_per_edition_and_jurisdiction(
        grid: Matrix, pages: dict[str, bytes], samples: dict[str, Policy]) -> None:
    assert {n for n in pages if n.startswith("matrix-") and "-topic-" not in n} == {
        "matrix-departures.html", "matrix-edition-2012-05.html", "matrix-edition-2014-10.html",
        "matrix-jurisdiction-gb.html", "matrix-jurisdiction-uk.html",
        "matrix-jurisdiction-ni.html", "matrix-jurisdiction-wales.html"}
    old = tree(pages, "matrix-edition-2012-05.html")
    assert {th.text.strip() for th in old.xpath("//th[@class='dept']")} == \
        set(slugs(grid, "nics-finance"))
    wales = tree(pages, "matrix-jurisdiction-wales.html")
    assert {th.text.strip() for th in wales.xpath("//th[@class='dept']")} == \
        set(slugs(grid, "welsh-government"))
    views = {n for n in pages if n.endswith(".html") and "-topic-" not in n}
    for name in views:  # every view links every view
        links = set(tree(pages, name).xpath("//nav//a/@href[not(starts-with(., '#'))]"))
        assert links == views, name
        assert tree(pages, name).xpath("//a[@aria-current='page']/@href") == [name]
    one_edition = matrix([p for p in copies(samples) if p.meta.edition == "2014-10"])
    assert not any(n.startswith("matrix-edition-")
                   for n in render_matrix_files(one_edition, base_labels()))


def test_each_grid_is_one_link_from_the_top_of_the_page(pages: dict[str, bytes]) -> None:
    """A keyboard user reaches each grid in a few presses, not a hundred (the trial's count
    at 50 departments): the page's contents link each one, and each link has its target."""
    for name in ("matrix.html", "matrix-departures.html", "matrix-edition-2012-05.html"):
        page = tree(pages, name)
        contents = page.xpath("//nav[@aria-labelledby='contents']//a/@href")
        grids = [h for h in contents if h.startswith("#grid-")]
        assert grids, name
        assert all(page.xpath(f"//*[@id='{h[1:]}']") for h in contents), name
        assert ("#topics" in contents) == bool(page.xpath("//*[@id='topics']")), name


def test_the_grid_keeps_its_headers_in_view_in_a_focusable_box(
        grid: Matrix, pages: dict[str, bytes]) -> None:
    page = tree(pages, "matrix.html")
    css = "".join(page.xpath("//style/text()"))
    assert re.search(r"\.grid-box thead th \{[^}]*position: sticky; top: 0;[^}]*background: #",
                     css)
    assert re.search(r"\.grid tbody th \{[^}]*position: sticky; left: 0;[^}]*background: #",
                     css)
    assert re.search(r"\.grid-box \{[^}]*overflow: auto; max-height:", css)
    grids = page.xpath("//table[contains(@class, 'grid')]")
    assert len(grids) == 3  # two editions and the topics
    for table in grids:
        box = table.getparent()
        assert (box.get("class"), box.get("role"), box.get("tabindex")) == \
            ("grid-box", "region", "0")
        caption = page.xpath(f"//caption[@id='{box.get('aria-labelledby')}']")
        assert caption and caption[0].text_content().strip()  # the box's accessible name
        assert table.xpath("thead/tr/th[@class='dept']")
    dept = grids[1].xpath("thead/tr/th[@class='dept']")[0]
    assert dept.text == "dvla-00" and "Driver and Vehicle Licensing Agency" in \
        dept.text_content()  # the full name, for a screen reader


def test_a_departure_is_marked_in_words_and_links_to_its_reason(
        grid: Matrix, pages: dict[str, bytes]) -> None:
    page = tree(pages, "matrix.html")
    marked = page.xpath("//table[@class='grid']//td[@class='departs']")
    assert len(marked) == sum(1 for r in grid.rows if not r.local
                              for c in r.cells if c.departs)
    words = {" ".join(td.xpath("string(a)").split()).split(":")[0] for td in marked}
    assert words == {"✱ Modified", "✱ Omitted", "✱ Modified and retitled"}
    first = marked[0].xpath("a/@href")[0]
    assert re.fullmatch(r"\.\./compare-base-2012-05-vs-nics-finance-\d\d/report\.html"
                        r"#section-[a-z.-]+", first)


def test_the_most_changed_list_says_out_of_whom_and_its_order(pages: dict[str, bytes],
                                                              tmp_path: Path) -> None:
    page = tree(pages, "matrix.html")
    (tmp_path / "matrix.html").write_bytes(pages["matrix.html"])
    most = html_tables(tmp_path / "matrix.html")[
        "Base sections by the share of departments that depart from them"]
    row = {r[0].rsplit(" (", 1)[-1].rstrip(")"): r for r in most[1:]}
    assert row["barriers.programmes"][1:] == ["3 of 6 departments whose edition has it",
                                              "3 omitted"]
    assert row["code.online-and-offline"][1] == "3 of 24 departments whose edition has it"
    said = page.xpath("string(//h2[@id='most-changed']/following-sibling::p[1])")
    assert "same share are ordered by how many departments depart, then in the order" in said
    local = page.xpath("//h2[@id='local-rules']/following-sibling::ul[1]/li")
    assert len(local) == 3 and "local." not in "".join(r[0] for r in most)


def test_the_back_link_is_there_only_when_asked(grid: Matrix) -> None:
    labels = base_labels()
    assert 'href="../index.html"' in render_matrix_html(grid, labels, back="../index.html")
    assert "index.html" not in render_matrix_html(grid, labels)


def test_the_page_stays_modest_at_50_departments(samples: dict[str, Policy]) -> None:
    files = render_matrix_files(matrix(copies(samples, 50)), base_labels())
    assert len(files["matrix.html"]) < 120_000  # about 90 KB: no reasons repeated per cell


# --- the exports ----------------------------------------------------------------------------


def test_the_csv_has_the_contract_columns_first_then_the_facts(grid: Matrix) -> None:
    rows = list(csv.DictReader(io.StringIO(render_matrix_csv(grid).decode("utf-8"))))
    assert list(rows[0])[:8] == ["department", "slug", "base", "section_id", "section_title",
                                 "status", "reason", "retitled_as"]
    assert list(rows[0])[8:] == ["origin", "origin_label", "approved_by", "approval_date",
                                 "policy_version", "effective", "review_by", "jurisdiction",
                                 "departure", "value"]
    cell = {(r["slug"], r["section_id"]): r for r in rows}
    omit = cell["nics-finance-02", "barriers.programmes"]
    assert (omit["status"], omit["departure"], omit["jurisdiction"]) == \
        ("omitted", "yes", "Northern Ireland")
    assert omit["approved_by"] and re.fullmatch(r"\d{4}-\d\d-\d\d", omit["approval_date"])
    assert (omit["policy_version"], omit["effective"], omit["review_by"]) == \
        ("1.0", "2026-06-01", "2027-06-01")
    assert cell["nics-finance-06", "barriers.programmes"]["departure"] == "no"  # a clean copy
    assert cell["dwp-01", "topics.security"]["value"].startswith("Anyone who can post")
    assert cell["dwp-01", "intro.about"]["value"] == ""
    assert len(rows) == COPIES * (len(grid.rows) + len(grid.topics))


def test_the_xlsx_has_the_same_rows_its_header_frozen_and_filtered(grid: Matrix) -> None:
    data = render_matrix_xlsx(grid)
    assert data == render_matrix_xlsx(grid)  # no clock in it
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        sheet = etree.fromstring(book.read("xl/worksheets/sheet1.xml"))
        strings = etree.fromstring(book.read("xl/sharedStrings.xml"))
        core = book.read("docProps/core.xml").decode("utf-8")
    pane = sheet.find(f"{S}sheetViews/{S}sheetView/{S}pane")
    assert pane is not None and (pane.get("ySplit"), pane.get("state")) == ("1", "frozen")
    total = COPIES * (len(grid.rows) + len(grid.topics))
    column = chr(ord("A") + len(HEADER) - 1)
    assert sheet.find(f"{S}autoFilter").get("ref") == f"A1:{column}{total + 1}"
    assert len(sheet.findall(f"{S}sheetData/{S}row")) == total + 1
    texts = [t.text for t in strings.iter(f"{S}t")]
    assert texts[:len(HEADER)] == list(HEADER)
    assert "2026-11-01T00:00:00Z" in core  # the newest effective date (Welsh Government's)
    with zipfile.ZipFile(io.BytesIO(render_matrix_xlsx(grid, dt.date(2020, 1, 2)))) as given:
        assert "2020-01-02T00:00:00Z" in given.read("docProps/core.xml").decode("utf-8")


def test_the_json_has_the_departments_facts_sections_and_cells(grid: Matrix) -> None:
    data = json.loads(render_matrix_json(grid, base_labels()))
    dof = next(d for d in data["departments"] if d["slug"] == "nics-finance-02")
    assert (dof["jurisdictions"], dof["effective"], dof["base_label"]) == \
        (["NI"], "2026-06-01", "the May 2012 edition of the base text")
    assert dof["departures"] == 4
    sections = {s["id"]: s for s in data["sections"]}
    assert (sections["barriers.programmes"]["departures"],
            sections["barriers.programmes"]["having"]) == (3, 6)
    assert sections["local.name-and-logo"]["local"] is True
    cells = {(c["slug"], c["id"]): c for c in data["cells"]}
    assert cells["nics-finance-02", "barriers.programmes"]["reason"]
    assert ("dwp-01", "barriers.programmes") not in cells  # not in its edition
    assert "Required on every account" in cells["dwp-01", "topics.security"]["value"]


def test_a_departure_is_counted_alike_in_the_json_the_csv_and_the_dashboard(
        grid: Matrix, samples: dict[str, Policy]) -> None:
    """One meaning of a departure (`is_departure`): the JSON's cells, the CSV's lines, the
    matrix's count per department and the dashboard's all agree; a topic is never one."""
    data = json.loads(render_matrix_json(grid, base_labels()))
    from_cells = Counter(c["slug"] for c in data["cells"] if c["departure"])
    lines = list(csv.DictReader(io.StringIO(render_matrix_csv(grid).decode("utf-8"))))
    from_csv = Counter(r["slug"] for r in lines if r["departure"] == "yes")
    counted = {d["slug"]: d["departures"] for d in data["departments"]}
    rows = {r.slug: r.departures for r in dashboard_rows(
        [Reviewed(p, f"{p.meta.slug}.yaml", State("not_reviewed", "Not reviewed"))
         for p in copies(samples)], TODAY)}
    assert {slug: from_cells[slug] for slug in counted} == counted == rows
    assert from_csv == from_cells
    assert not [c for c in data["cells"] if c["id"].startswith("topics.") and c["departure"]]
    assert counted["nics-finance-02"] == 4 and counted["nics-finance-06"] == 0  # a clean copy
    # Local rules are departures, counted apart too: DVLA's two.
    assert {d["slug"]: d["local_rules"] for d in data["departments"]}["dvla-00"] == 2


# --- the command, on the samples ------------------------------------------------------------


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("matrix")
    run_matrix(PROFILES, out, TODAY)
    return out


def csv_rows(out: Path) -> list[dict[str, str]]:
    text = (out / "matrix" / "matrix.csv").read_text("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


def test_the_command_writes_every_page_and_export(written: Path) -> None:
    names = {p.name for p in (written / "matrix").iterdir()}
    assert {"matrix.html", "matrix-departures.html", "matrix.csv", "matrix.xlsx",
            "matrix.json"} <= names
    page = (written / "matrix" / "matrix.html").read_text("utf-8")
    for name in ("matrix.csv", "matrix.xlsx", "matrix.json"):
        assert f'href="{name}"' in page


def test_matrix_has_a_cell_for_every_department_and_section(written: Path) -> None:
    rows = csv_rows(written)
    departments = {r["slug"] for r in rows}
    sections = {r["section_id"] for r in rows}
    assert departments == set(SAMPLES)
    assert len(rows) == len(departments) * len(sections)
    cell = {(r["slug"], r["section_id"]): r for r in rows}
    assert cell["nics-finance", "code.online-and-offline"]["status"] == "modified"
    assert "NICS Code of Ethics" in cell["nics-finance", "code.online-and-offline"]["reason"]
    assert cell["nics-finance", "barriers.programmes"]["status"] == "omitted"
    assert cell["dwp", "barriers.programmes"]["status"] == "not_in_edition"
    assert cell["nics-finance", "remember.five-things"]["status"] == "not_in_edition"
    assert cell["dvla", "local.customer-questions"]["status"] == "added"
    assert cell["dwp", "local.customer-questions"]["status"] == "not_in_edition"
    assert cell["nics-finance", "principles.civil-service-code"]["retitled_as"].startswith(
        "Principle 6: Expect civil servants to adhere to the NICS Code of Ethics")


def test_every_departure_links_to_its_section_in_the_comparison(written: Path) -> None:
    links = set()
    for page in (written / "matrix").glob("*.html"):
        links |= set(re.findall(r'href="\.\./(compare-[^/]+)/report\.html#([^"]+)"',
                                page.read_text("utf-8")))
    departures = {(r["slug"], r["section_id"]) for r in csv_rows(written)
                  if r["departure"] == "yes"}
    assert {(f.rsplit("-vs-", 1)[1], a.removeprefix("section-")) for f, a in links} \
        == departures
    for folder, anchor in links:
        report = (written / folder / "report.html").read_text("utf-8")
        assert f'id="{anchor}"' in report, (folder, anchor)


def test_matrix_has_a_grid_per_edition_under_its_own_titles(written: Path) -> None:
    tables = html_tables(written / "matrix" / "matrix.html")
    old = tables["The May 2012 edition of the base text: sections (rows) by departments "
                 "(columns)"]
    new = tables["The October 2014 edition of the base text: sections (rows) by departments "
                 "(columns)"]
    assert old[0] == ["Section", "Departures", "DoF: Department of Finance",
                      "Where the section comes from"]
    assert "DWP: Department for Work and Pensions" in new[0]
    assert not any("Department of Finance" in h for h in new[0])
    row = {r[0].rsplit(" (", 1)[-1].rstrip(")"): r for r in new[1:]}
    assert row["principles.consult-and-engage"][0].startswith("Why use social media: to "
                                                               "communicate, consult and engage")
    old_row = {r[0].rsplit(" (", 1)[-1].rstrip(")"): r for r in old[1:]}
    code = old_row["principles.civil-service-code"]
    assert code[0].startswith("Principle 6: Expect civil servants to adhere to the Civil "
                              "Service Code")  # the base's title
    assert code[1:3] == ["1 of 1", "✱ Modified and retitled: DoF"]


def test_matrix_shows_the_structured_topics_apart(written: Path) -> None:
    topics = {(r["slug"], r["section_id"]): r["status"] for r in csv_rows(written)
              if r["section_id"].startswith("topics.")}
    assert topics["dwp", "topics.house-rules"] == "modified"  # DWP's own house rules
    assert topics["dvla", "topics.house-rules"] == "adopted"  # the default rules
    assert topics["dwp", "topics.security"] == "added"
    assert topics["nics-finance", "topics.security"] == "not_given"
    page = (written / "matrix" / "matrix.html").read_text("utf-8")
    grid = page.split('id="topics"')[1]
    assert "Own rules" in grid and "Default rules" in grid and "Not given" in grid
    assert "Two-step verification: Required on every account" in grid
    most = page.split('id="most-changed"')[1].split('id="grid"')[0]
    assert "topics." not in most  # topics are not departures from the base


def test_every_matrix_page_passes_the_audit_at_24_departments(
        pages: dict[str, bytes], auditor: HtmlAuditor) -> None:
    """axe-core at 1280 and 320 CSS px and reflow at 320 (WCAG 1.4.10): only a grid's own
    box scrolls sideways. Every view, and one topic's page (the others share its markup)."""
    topics = sorted(n for n in pages if n.startswith("matrix-topic-"))
    for name in (n for n in pages if n.endswith(".html") and n not in topics[1:]):
        checks, findings = auditor.audit(pages[name].decode("utf-8"))
        assert checks > 20
        assert findings == [], (name, [str(f) for f in findings])
