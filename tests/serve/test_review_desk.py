"""The editor's dashboard and sign-off form, driven through the test client over copies of
the samples: the server sorts and filters from the address; a sign-off is written by the
same code as `policy-pack signoff`, refused with the GOV.UK error summary when an answer
will not do, refused for a profile with problems or one changed since the page was shown,
and never offered in read-only mode."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from generator.review import profile_hash, read_signoffs, signoffs_path, state
from tests.serve.conftest import Editor, errors_on, form_of, samples, signed_in

SIGNOFF = "/reviews/signoff?profile={}"


def departments(page: str) -> list[str]:
    """The departments in the dashboard's table, in its order."""
    body = page.split('<tbody class="govuk-table__body">', 1)[1] if "<tbody" in page else ""
    return [html.unescape(m) for m in re.findall(r'<th scope="row"[^>]*>([^<]+)<br>', body)]


def cells(page: str, department: str) -> list[str]:
    """One row's cells as text."""
    row = re.search(rf'<tr class="govuk-table__row">\s*<th scope="row"[^>]*>'
                    rf'{re.escape(html.escape(department))}<br>.*?</tr>', page, re.S)
    assert row, department
    found = re.findall(r'<td class="govuk-table__cell">(.*?)</td>', row.group(0), re.S)
    return [" ".join(html.unescape(re.sub(r"<[^>]+>", " ", c)).split()) for c in found]


def overdue(folder: Path, name: str) -> None:
    """Give a profile a review-by date before the editor's day (2026-12-01)."""
    path = folder / name
    text = path.read_text("utf-8")
    date = re.search(r"review_by: (\S+)", text)
    assert date
    path.write_text(text.replace(date.group(0), "review_by: 2026-11-30"), "utf-8")


@pytest.fixture
def editor(tmp_path: Path) -> Editor:
    folder = samples(tmp_path)
    overdue(folder, "dvla.yaml")
    return signed_in(folder)


def sign(editor: Editor, name: str, status: int = 303, **answers: str) -> str:
    form = form_of(editor.get(SIGNOFF.format(name)))
    form.update(answers)
    return editor.post(SIGNOFF.format(name), form, status).get_data(as_text=True)


def test_the_dashboard_lists_every_department_with_its_facts(editor: Editor) -> None:
    page = editor.get("/reviews/dashboard")
    assert departments(page) == ["Department for Work and Pensions", "Department of Finance",
                                 "Driver and Vehicle Licensing Agency", "Welsh Government"]
    assert cells(page, "Driver and Vehicle Licensing Agency") == [
        "1.4", "October 2014", "Great Britain, United Kingdom", "Customer Communications Team",
        "1 October 2026", "30 November 2026 Overdue", "2",
        "Not reviewed Sign off Driver and Vehicle Licensing Agency"]
    assert "Overdue" not in " ".join(cells(page, "Welsh Government"))
    assert '<th scope="col" class="govuk-table__header" aria-sort="ascending">' in page
    assert page.count("aria-sort=") == 1


def test_the_start_page_links_the_dashboard_first(editor: Editor) -> None:
    page = editor.get("/reviews")
    links = re.findall(r'href="(/reviews/[a-z]+)', page)
    assert links[0] == "/reviews/dashboard"
    assert "Every department at a glance" in page


@pytest.mark.parametrize(("query", "expected"), [
    ("sort=review_by", ["Driver and Vehicle Licensing Agency", "Department of Finance",
                        "Department for Work and Pensions", "Welsh Government"]),
    ("sort=review_by&order=desc", ["Welsh Government", "Department for Work and Pensions",
                                   "Department of Finance",
                                   "Driver and Vehicle Licensing Agency"]),
    ("sort=departures&order=desc", ["Department of Finance",
                                    "Driver and Vehicle Licensing Agency",
                                    "Department for Work and Pensions", "Welsh Government"]),
    ("review=overdue", ["Driver and Vehicle Licensing Agency"]),
    ("edition=2012-05", ["Department of Finance"]),
    ("jurisdiction=GB", ["Department for Work and Pensions",
                         "Driver and Vehicle Licensing Agency"]),
    ("jurisdiction=GB&sort=name&order=desc", ["Driver and Vehicle Licensing Agency",
                                              "Department for Work and Pensions"]),
    ("signoff=accepted", []),
    # What is not offered is ignored, never an error or a way into the server.
    ("sort=__class__&edition=../../etc&jurisdiction=<script>", [
        "Department for Work and Pensions", "Department of Finance",
        "Driver and Vehicle Licensing Agency", "Welsh Government"]),
])
def test_the_server_sorts_and_filters_from_the_address(
        editor: Editor, query: str, expected: list[str]) -> None:
    page = editor.get(f"/reviews/dashboard?{query}")
    assert departments(page) == expected
    assert "<script>" not in page.split("<main", 1)[1]


def test_the_sorted_column_says_so_and_its_link_turns_the_order(editor: Editor) -> None:
    page = editor.get("/reviews/dashboard?sort=review_by&order=desc&review=overdue")
    heading = re.search(r'<th scope="col"[^>]*aria-sort="descending">\s*<a [^>]*href="([^"]+)"'
                        r'>Review by', page)
    assert heading, page
    # The other way next, keeping the filter.
    assert html.unescape(heading.group(1)) == \
        "/reviews/dashboard?sort=review_by&order=asc&review=overdue"
    assert "1 of 4 departments match the filters, sorted by review by, latest first" in page
    # The filter form keeps the sort, and shows the filter chosen.
    assert '<input type="hidden" name="sort" value="review_by">' in page
    assert re.search(r'<option value="overdue" selected>', page)


def test_the_desk_says_and_sorts_as_the_sites_dashboard(editor: Editor) -> None:
    """The words, each column's first order and the filters are review/dashboard.py's, as
    the site's pages have them."""
    page = editor.get("/reviews/dashboard")
    firsts = dict(re.findall(r'href="/reviews/dashboard\?sort=(\w+)&amp;order=(\w+)"', page))
    assert firsts == {"name": "desc", "version": "asc", "edition": "asc", "jurisdiction": "asc",
                      "owner": "asc", "effective": "asc", "review_by": "asc",
                      "departures": "desc", "signoff": "asc"}
    assert "(sort most first)" in page and "(sort returned and changed first)" in page
    assert "sorted by sign-off, returned and changed first" in editor.get(
        "/reviews/dashboard?sort=signoff")
    core = page.split('id="filter-core"')[1].split("</select>")[0]
    assert re.findall(r'<option value="(\w+)"', core) == ["omits", "changes"]
    assert ("Omits a core section: always none, as the check refuses such a profile."
            in page.split('id="filter-core-hint"')[1].split("</div>")[0])
    signoff = page.split('id="filter-signoff"')[1].split("</select>")[0]
    assert re.findall(r'<option value="\w+">([^<]+)', signoff) == [
        "Returned", "Changed since sign-off", "Not reviewed", "Accepted"]
    assert editor.get("/reviews/dashboard?core=changes").count('<th scope="row"') == 1


def test_after_a_sign_off_the_reviewer_is_back_at_the_list_as_they_left_it(
        editor: Editor) -> None:
    """Filtered to the overdue, sorted by review date: the row's link carries that view,
    the sign-off page's back link and its form keep it, and the redirect returns to it. A
    `back` naming anywhere but the dashboard is not followed."""
    view = "/reviews/dashboard?sort=review_by&order=asc&review=overdue"
    link = re.search(r'href="(/reviews/signoff\?profile=dvla.yaml[^"]*)"', editor.get(view))
    assert link
    page = editor.get(html.unescape(link.group(1)))
    assert f'<a href="{html.escape(view)}" class="govuk-back-link">' in page
    assert "/p/dvla.yaml/pack" in page and "a=base%3A2014-10&amp;b=dvla.yaml" in page
    answer = editor.client.post(html.unescape(link.group(1)), base_url="http://localhost",
                                data={**form_of(page), "reviewer": "Jane Smith",
                                      "decision": "accepted"})
    assert answer.headers["Location"] == f"{view}&done=dvla.yaml"
    elsewhere = editor.client.post(
        SIGNOFF.format("dwp.yaml"), base_url="http://localhost",
        data={**form_of(editor.get(SIGNOFF.format("dwp.yaml"))), "reviewer": "Jane Smith",
              "decision": "accepted", "back": "https://example.com/reviews/dashboard?x=1"})
    assert elsewhere.headers["Location"] == "/reviews/dashboard?done=dwp.yaml"


def test_a_sign_off_is_recorded_and_shown(editor: Editor) -> None:
    answer = editor.client.post(SIGNOFF.format("dwp.yaml"), base_url="http://localhost",
                                data={**form_of(editor.get(SIGNOFF.format("dwp.yaml"))),
                                      "reviewer": "Jane  Smith", "decision": "accepted"})
    assert answer.status_code == 303
    assert answer.headers["Location"] == "/reviews/dashboard?done=dwp.yaml"
    page = editor.get(answer.headers["Location"])
    assert ("Department for Work and Pensions: accepted by Jane Smith on 1 December 2026."
            in page and "govuk-notification-banner--success" in page)
    assert cells(page, "Department for Work and Pensions")[-1] == \
        "Accepted by Jane Smith on 1 December 2026 Review again Department for Work and Pensions"
    (decision,) = read_signoffs(signoffs_path(editor.folder, "dwp"))
    assert (decision.reviewer, decision.decision, decision.version) == ("Jane Smith",
                                                                      "accepted", "2.1")
    assert decision.profile_sha256 == profile_hash(editor.folder / "dwp.yaml")
    # The department's page lists it, against the profile as it is now.
    shown = editor.get(SIGNOFF.format("dwp.yaml"))
    assert "This profile as it is now" in shown and "Accepted by Jane Smith" in shown


def test_an_edited_profile_is_changed_since_sign_off(editor: Editor) -> None:
    sign(editor, "welsh-government.yaml", reviewer="Jane Smith", decision="accepted")
    path = editor.folder / "welsh-government.yaml"
    path.write_text(path.read_text("utf-8").replace('version: "1.0"', 'version: "1.1"'))
    page = editor.get("/reviews/dashboard?signoff=changed")
    assert departments(page) == ["Welsh Government"]
    assert cells(page, "Welsh Government")[-1].startswith(
        "Changed since sign-off (it was accepted by Jane Smith on 1 December 2026) Sign off")
    assert "An earlier text of the profile" in editor.get(SIGNOFF.format("welsh-government.yaml"))


@pytest.mark.parametrize(("answers", "messages"), [
    ({"reviewer": "", "decision": "accepted"},
     ["Enter the reviewer's name, as colleagues know it"]),
    ({"reviewer": "Jane"}, ["Choose accepted or returned"]),
    ({"reviewer": "Jane", "decision": "returned", "comment": "  "},
     ["Enter a comment saying what the department should put right: a profile returned "
      "needs one"]),
    ({"reviewer": "x" * 201, "decision": "maybe", "comment": "c" * 4001},
     ["The reviewer's name must be 200 characters or fewer", "Choose accepted or returned",
      "The comment must be 4000 characters or fewer"]),
    ({"reviewer": "Jane\u200b", "decision": "accepted"},
     ["The reviewer's name contains a zero-width space, an invisible character (U+200B) "
      "(delete it: retype the text if you cannot see where it is)"]),
    ({"reviewer": "Jane", "decision": "accepted", "judged": "0" * 64},
     ["The profile has changed since this page was opened. Look at it again, then sign "
      "it off"]),
])
def test_answers_that_will_not_do_are_said_beside_their_fields(
        editor: Editor, answers: dict[str, str], messages: list[str]) -> None:
    form = form_of(editor.get(SIGNOFF.format("dwp.yaml")))
    form.pop("decision", None)
    page = editor.post(SIGNOFF.format("dwp.yaml"), {**form, **answers}, 400).get_data(
        as_text=True)
    assert errors_on(page) == messages
    assert "<title>Error: Sign off Department for Work and Pensions" in page
    assert not (editor.folder / "signoffs").exists()
    # What was typed is kept.
    if answers.get("reviewer"):
        assert f'value="{html.escape(answers["reviewer"])}"' in page


def test_a_form_without_its_csrf_token_writes_nothing(editor: Editor) -> None:
    form = form_of(editor.get(SIGNOFF.format("dwp.yaml")))
    del form["csrf_token"]
    editor.post(SIGNOFF.format("dwp.yaml"), {**form, "reviewer": "J", "decision": "accepted"},
                400)
    assert not (editor.folder / "signoffs").exists()


def test_a_profile_with_problems_cannot_be_signed_off(editor: Editor) -> None:
    path = editor.folder / "dwp.yaml"
    path.write_text(path.read_text("utf-8").replace('version: "2.1"', "version: 2.1", 1))
    page = editor.get(SIGNOFF.format("dwp.yaml"), 422)
    assert "This profile cannot be signed off yet" in page
    assert 'href="/p/dwp.yaml/check"' in page and "<form method=\"post\"" not in page
    answer = editor.client.post(SIGNOFF.format("dwp.yaml"), base_url="http://localhost",
                                data={"reviewer": "J", "decision": "accepted"})
    assert answer.status_code in (400, 422)
    assert not (editor.folder / "signoffs").exists()
    assert "dwp.yaml is left out" in editor.get("/reviews/dashboard")


@pytest.mark.parametrize("name", ["../dwp.yaml", "nope.yaml", "signoffs/dwp.yaml", ""])
def test_only_the_folder_s_own_profiles(editor: Editor, name: str) -> None:
    editor.get(SIGNOFF.format(name), 404)


def test_a_sign_off_file_in_garbage_is_said_and_others_still_shown(editor: Editor) -> None:
    path = signoffs_path(editor.folder, "dvla")
    path.parent.mkdir()
    path.write_text("decisions:\n- decision: maybe\n")
    page = editor.get("/reviews/dashboard")
    assert "Driver and Vehicle Licensing Agency" not in departments(page)
    assert len(departments(page)) == 3
    assert "dvla.yaml is left out: signoffs/dvla.yaml:2:3: decisions[0]: has no" in page
    form_page = editor.get(SIGNOFF.format("dvla.yaml"))
    assert "Its sign-off file cannot be read" in form_page
    assert '<form method="post"' not in form_page


def test_read_only_shows_the_dashboard_without_sign_off(tmp_path: Path) -> None:
    editor = signed_in(samples(tmp_path), read_only=True)
    page = editor.get("/reviews/dashboard")
    assert len(departments(page)) == 4 and "/reviews/signoff" not in page
    editor.get(SIGNOFF.format("dwp.yaml"), 404)
    answer = editor.client.post(SIGNOFF.format("dwp.yaml"), base_url="http://localhost",
                                data={"reviewer": "J", "decision": "accepted"})
    assert answer.status_code in (400, 404)
    assert not (editor.folder / "signoffs").exists()


def test_the_editor_and_the_command_write_the_same_file(editor: Editor, tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]
                                                        ) -> None:
    """Both go through record_signoff: one file, read by both, in order."""
    from generator import cli
    sign(editor, "nics-finance.yaml", reviewer="A. Person", decision="returned",
         comment="Add the approver.\nAnd the date.")
    assert cli.main(["signoff", str(editor.folder / "nics-finance.yaml"), "--reviewer",
                     "Jane Smith", "--decision", "accepted"]) == 0
    capsys.readouterr()
    decisions = read_signoffs(signoffs_path(editor.folder, "nics-finance"))
    assert [d.decision for d in decisions] == ["returned", "accepted"]
    assert decisions[0].comment == "Add the approver.\nAnd the date."
    now = state(decisions, profile_hash(editor.folder / "nics-finance.yaml"))
    assert now.kind == "accepted"
    page = editor.get(SIGNOFF.format("nics-finance.yaml"))
    assert "Add the approver.\nAnd the date." in page  # shown with its line break (pre-line)
