"""The preview of a profile with problems: the policy as far as its answers go, a marker where
an answer is missing or cannot be used, and the real `check` and the file left as they were.

Through the real app (Flask's test client) over copies of the samples, and starters made by
the editor's own "Start a new profile"."""

from __future__ import annotations

import html
import re

import pytest

from generator import __version__
from generator.errors import ProfileError
from generator.policy import Provenance, available_editions, merge
from generator.profile import check_profile, load_profile, write_starter
from generator.render import link_fonts, render_html
from generator.serve.answers.drafting import missing_name, resolve
from tests.serve.conftest import TODAY, Editor, ProfileFile

MARK = re.compile(r'<mark class="pp-gap">\[([^]]+)\]</mark>')
# What a stand-in looks like before it is swapped for its marker: none may reach the page.
STAND_INS = re.compile(r"ppgap\d|example\.invalid|\b1111\b|\b9111\b|\b10\d\d-\d\d-\d\d\b")


def new_profile(editor: Editor, name: str) -> str:
    """A new profile as `policy-pack new` writes it: an example in every place, 41
    problems (the editor's own new profiles leave out the optional examples)."""
    write_starter(editor.folder / f"{name}.yaml")
    return f"{name}.yaml"


def markers(page: str) -> list[str]:
    return [html.unescape(m) for m in MARK.findall(page)]


def text_of(page: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def read_out(page: str) -> str:
    """What a person or a screen reader meets: the text, the title, and the attributes read
    out (a stand-in may stay in an id, which nobody reads)."""
    spoken = re.findall(r'\s(?:alt|title|content|aria-label)="([^"]*)"', page)
    return text_of(page) + "\n".join(html.unescape(a) for a in spoken)


def edit_file(editor: Editor, name: str, *swaps: tuple[str, str]) -> None:
    """The file changed as a person would in a text editor (each `old` must be there)."""
    path = ProfileFile(editor.folder, name).path  # a new profile is a draft
    text = path.read_text("utf-8")
    for old, new in swaps:
        assert old in text, old
        text = text.replace(old, new, 1)
    path.write_text(text, "utf-8")


def test_a_new_profile_previews_its_cover_with_markers(editor: Editor) -> None:
    name = new_profile(editor, "drafts")
    page = editor.get(f"/p/{name}/preview/top")
    heading = re.search(r'<h1 id="top">(.*?)</h1>', page)
    assert heading and markers(heading.group(1)) == ["Not filled in yet: the policy's title"]
    department = re.search(r'<p class="cover-department">(.*?)</p>', page)
    assert department and markers(department.group(1)) == [
        "Not filled in yet: the department's full name"]
    details = re.search(r'<p class="cover-details">(.*?)</p>', page)
    assert details and "Version 1.0" in details.group(1)  # the starter's own answer
    assert "Not filled in yet: the date the policy takes effect" in markers(
        details.group(1))
    note = re.search(r'<p class="pp-draft">(.*?)</p>', page)
    assert note and "41 problems to put right" in note.group(1)
    assert ".pp-gap{" in page  # the marker's style travels with the page
    assert not STAND_INS.search(read_out(page))


def test_a_new_profile_previews_the_whole_policy(editor: Editor) -> None:
    name = new_profile(editor, "drafts")
    page = editor.get(f"/p/{name}/preview/all")
    assert not STAND_INS.search(read_out(page)), STAND_INS.search(read_out(page))
    # The base guidance is all there, filled with the department's answers (or markers).
    assert 'id="posting.checks"' in page and 'id="register"' in page
    channels = re.search(r'<section class="part part-channels".*?</section>', page, re.S)
    assert channels
    found = markers(channels.group(0))
    for noun in ("the platform", "the account's name or handle", "the account's web address",
                 "what the account is for"):
        assert f"Not filled in yet: {noun}" in found
    # An account's address is a link's target, not its text: the link goes nowhere, and its
    # marker follows it where it can be read.
    assert re.search(r'<a><mark class="pp-gap">[^<]*</mark></a> <mark class="pp-gap">'
                     r"\[Not filled in yet: the account's web address\]</mark>",
                     channels.group(0))
    assert "<a href=\"mailto:" not in page.split('id="contacts"')[1].split("</section>")[0]
    assert len(markers(page)) >= 41
    assert all(m.startswith("Not filled in yet: ") for m in markers(page))  # nothing written


def test_the_live_preview_of_a_new_profile_counts_its_problems(editor: Editor) -> None:
    name = new_profile(editor, "drafts")
    data = editor.form(f"/p/{name}/page/department")
    data["department.name"] = "Department of Drafts"
    answer = editor.client.post(f"/p/{name}/preview/top?page=department&item=",
                                data={**data, "problems_shown": "41"}, base_url="http://localhost")
    assert answer.status_code == 200
    assert 'name="problems_shown" value="40"' in answer.text
    status = re.search(r'<p[^>]*role="status"[^>]*>(.*?)</p>', answer.text)
    assert status and status.group(1) == (
        "The profile has 40 problems now: the preview marks the answers to write or correct.")
    shown = html.unescape(re.search(r'data-srcdoc="([^"]*)"', answer.text).group(1))  # type: ignore[union-attr]
    assert '<p class="cover-department">Department of Drafts</p>' in shown
    assert "the department's full name" not in shown
    assert "the policy's title" in shown
    assert not ProfileFile(editor.folder, name).read_text().count("Department of Drafts")


def test_a_half_filled_profile_shows_its_answers_and_marks_the_rest(editor: Editor) -> None:
    name = new_profile(editor, "half")
    edit_file(editor, name,
              ('"FILL IN: the department\'s full name"', "Department of Halves"),
              ('"FILL IN: the name used in sentences, e.g. DoF"', "DoH"),
              ('"FILL IN: the policy\'s title, or delete this line for the default"',
               "Using social media at DoH"),
              ('"FILL IN as YYYY-MM-DD: the date the policy takes effect"', "2026-04-01"),
              ('"FILL IN: e.g. X (Twitter)"', "LinkedIn"),
              ('"FILL IN: the handle or name, e.g. @example"', "Department of Halves"),
              ('"FILL IN: the account\'s address, starting with https://"',
               "https://www.linkedin.com/company/doh-example"))
    page = editor.get(f"/p/{name}/preview/all")
    found = markers(page)
    assert '<h1 id="top">Using social media at DoH</h1>' in page
    assert '<a href="https://www.linkedin.com/company/doh-example">Department of Halves</a>' \
        in page
    assert "These are the only official social media accounts of DoH." in text_of(page)
    assert "Takes effect 1 April 2026." in text_of(page)
    for answered in ("the department's full name", "the department's short name",
                     "the policy's title", "the date the policy takes effect",
                     "the platform", "the account's web address"):
        assert not any(answered in m for m in found), answered
    # The review date is still to write, and comes after the real effective date.
    assert "Not filled in yet: the date the policy must be reviewed by" in found
    assert "Not filled in yet: what the account is for" in found
    assert "Not filled in yet: the team that owns the policy" in found
    assert not STAND_INS.search(read_out(page))


def test_answers_written_but_unusable_are_marked_to_put_right(editor: Editor) -> None:
    edit_file(editor, "dwp.yaml",
              ("url: https://x.com/dwp_example", "url: www.x.com/dwp_example"),
              ("effective: 2026-09-01", "effective: 2026-13-45"),
              ("short_name: DWP", "short_name: " + "Work and Pensions " * 5))
    page = editor.get("/p/dwp.yaml/preview/all")
    found = markers(page)
    assert "To put right: the account's web address" in found
    assert "To put right: the date the policy takes effect" in found
    assert "To put right: the department's short name" in found
    assert not any(m.startswith("Not filled in yet") for m in found)
    # Everything else is the sample's own policy: its name, its other accounts, its dates.
    assert '<p class="cover-department">Department for Work and Pensions</p>' in page or \
        "Department for Work and Pensions" in re.search(r"<h1[^>]*>(.*?)</h1>", page).group(1)  # type: ignore[union-attr]
    assert '<a href="https://www.linkedin.com/company/dwp-example">' in page
    assert "Review by 1 September 2027." in text_of(page)
    assert not STAND_INS.search(read_out(page))
    note = re.search(r'<p class="pp-draft">(.*?)</p>', page)
    assert note and "3 problems" in note.group(1)


def test_a_local_rule_after_a_section_that_does_not_exist_is_still_shown(
        editor: Editor) -> None:
    edit_file(editor, "nics-finance.yaml", ("after: use.personal",
                                            "after: principles.no-such-section"))
    page = editor.get("/p/nics-finance.yaml/preview/all")
    assert '<h3 id="local.name-and-logo">Our name and logo on personal accounts</h3>' in page
    assert "Do not use the Department\u2019s name or logo on a personal account." in page
    note = re.search(r'<p class="pp-draft">(.*?)</p>', page)
    assert note and "1 problem to put right" in note.group(1)


def test_departures_with_problems_are_shown_as_far_as_they_go(editor: Editor) -> None:
    edit_file(editor, "nics-finance.yaml",
              ("adaptations:\n", "adaptations:\n  posting.nothing:\n    action: adopt\n"),
              ("    reason: The NICS Code of Ethics applies in Northern Ireland in place of "
               "the Civil Service Code.\n", ""))
    page = editor.get("/p/nics-finance.yaml/preview/all")
    note = re.search(r'<p class="pp-draft">(.*?)</p>', page)
    assert note and "2 problems" in note.group(1)
    # The departure without its reason keeps its own heading and text; the register marks
    # the reason. The one for a section the base does not have is left out.
    assert "Principle 6: Expect civil servants to adhere to the NICS Code of Ethics" in page
    assert "If you are not sure whether something is allowed, ask before you post." in page
    assert "Not filled in yet: why the department departs from the base guidance here" in \
        markers(page)
    assert "posting.nothing" not in page
    assert not STAND_INS.search(read_out(page))


def test_yaml_that_is_not_a_set_of_keys_previews_the_base_with_everything_marked(
        editor: Editor) -> None:
    (editor.folder / "list.yaml").write_text("- just\n- a list\n", "utf-8")
    page = editor.get("/p/list.yaml/preview/top")
    assert "Not filled in yet: the department's full name" in markers(page)
    assert "Derived from the Cabinet Office guidance" in page


def test_yaml_that_cannot_be_read_keeps_the_message(editor: Editor) -> None:
    (editor.folder / "broken.yaml").write_text("department: [unclosed\n", "utf-8")
    page = editor.get("/p/broken.yaml/preview/top")
    assert "There is no preview: the profile cannot be read as it is. It has 1 problem" in page
    assert "pp-gap" not in page and "<h1" not in page


@pytest.mark.parametrize("name", ["dwp.yaml", "dvla.yaml", "nics-finance.yaml",
                                  "welsh-government.yaml"])
def test_a_clean_profile_previews_exactly_as_build_renders_it(editor: Editor,
                                                              name: str) -> None:
    path = editor.folder / name
    checked = check_profile(path, available_editions(), TODAY)
    doc = load_profile(path)
    policy = merge(checked.profile, available_editions()[checked.profile.base], checked.logo,
                   Provenance(doc.sha256, __version__))
    assert editor.get(f"/p/{name}/preview/all") == link_fonts(render_html(policy),
                                                              "/static/fonts")
    assert "pp-draft" not in editor.get(f"/p/{name}/preview/top")


def test_the_draft_leaves_check_and_the_file_as_they_were(editor: Editor) -> None:
    name = new_profile(editor, "kept")
    path = ProfileFile(editor.folder, name).path
    before = path.read_bytes()
    editor.get(f"/p/{name}/preview/all")
    assert path.read_bytes() == before
    with pytest.raises(ProfileError) as refused:
        check_profile(path, available_editions(), TODAY)
    assert sum(p.severity == "error" for p in refused.value.problems) == 41


@pytest.mark.parametrize(("key", "name"), [
    (("department", "name"), "the department's full name"),
    (("channels", 2, "url"), "the account's web address"),
    (("house_rules", "also", 0), "rules of your own (House rules for comments)"),
    (("policy", "history", 1, "date"), "the date this version was approved"),
    (("adaptations", "posting.checks", "replace"), "your text for this section"),
    (("schema_version",), "schema version"),
])
def test_each_answer_is_named_as_the_forms_name_it(key: tuple[str | int, ...],
                                                  name: str) -> None:
    assert missing_name(key) == name


def test_a_key_is_found_though_a_section_id_holds_dots() -> None:
    data = {"adaptations": {"posting": {}, "posting.checks": {"action": "x"}}}
    assert resolve(data, "adaptations.posting.checks.action") == (
        "adaptations", "posting.checks", "action")
    assert resolve(data, "adaptations.posting.checks.reason") == (
        "adaptations", "posting.checks", "reason")
    assert resolve({"channels": [{}]}, "channels[0].url") == ("channels", 0, "url")
    assert resolve({"channels": []}, "channels[3].url") is None
    assert resolve([1], "") == ()

