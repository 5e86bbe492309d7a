"""The editor's page of rules for everyone who works here, and the yes-or-no question of
party politics on the official accounts: what a save writes (YAML's true and false, never
the text "yes"), what Check your answers shows, and the messages in the form's words."""

from __future__ import annotations

import re

from generator.policy import Provenance, available_editions, merge
from generator.profile import check_profile, load_profile
from tests.serve.conftest import Editor, errors_on
from tests.serve.test_editing import _row_of_task, changed_lines

URL = "/p/welsh-government.yaml/page/everyone"  # a sample that gives none of the rules
ANSWERS = {
    "also_covers": "contractors\nagency staff",
    "political_activity.where_to_find_your_category": "Ask HR which category your post is in.",
    "political_activity.guidance_url": "https://intranet.example/political-activity",
    "no_research_on_public": "true",
    "research_exceptions": "Fraud investigators, when a senior manager authorises it.",
    "no_recording_without_consent": "false",
    "messaging_apps.official_records": "true",
    "messaging_apps.text": "Copy decisions into our records system.",
    "equality": "We screened this policy under Section 75 of the Northern Ireland Act 1998.",
}


def answered(editor: Editor, url: str, answers: dict[str, str], status: int = 303) -> str:
    form = editor.form(url)
    form.update(answers)
    return editor.post(url, form, status).text


def test_the_answers_are_written_as_the_profile_format_says(editor: Editor) -> None:
    before = editor.file("welsh-government.yaml")
    answered(editor, URL, ANSWERS)
    after = editor.file("welsh-government.yaml")
    assert [line for line in changed_lines(before, after) if line.startswith("-")] == []
    assert after.decode().endswith(before.decode() + "\n".join((
        "also_covers:",
        "  - contractors",
        "  - agency staff",
        "political_activity:",
        "  where_to_find_your_category: Ask HR which category your post is in.",
        "  guidance_url: https://intranet.example/political-activity",
        "no_research_on_public: true",
        "research_exceptions: Fraud investigators, when a senior manager authorises it.",
        "no_recording_without_consent: false",
        "messaging_apps:",
        "  official_records: true",
        "  text: Copy decisions into our records system.",
        "equality: We screened this policy under Section 75 of the Northern Ireland Act 1998.",
        "")))
    checked = check_profile(editor.folder / "welsh-government.yaml", available_editions())
    topics = checked.profile.topics
    assert topics.no_research_on_public is True and topics.no_recording_without_consent is False
    policy = merge(checked.profile, available_editions()[checked.profile.base], None,
                   Provenance("0" * 64, "test"))
    assert [s.id for p in policy.parts if p.id == "everyone" for s in p.sections] == [
        "topics.political-activity", "topics.research", "topics.messaging-apps",
    ]  # No to recording: no rule


def test_check_your_answers_shows_each_answer(editor: Editor) -> None:
    answered(editor, URL, ANSWERS)
    page = editor.get("/p/welsh-government.yaml/check")
    found = re.search(r"Rules for everyone who works here</h2>(.*?)</dl>", page, re.S)
    assert found, "no section for the page"
    rows = [" ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in re.findall(
        r'<div class="govuk-summary-list__row">(.*?)</div>\s*(?=<div class="govuk-summary|$)',
        found.group(1), re.S)]
    text = " ".join(rows)
    for shown in ("Who else the policy covers contractors agency staff",
                  "Where staff find their category for political activity Ask HR",
                  "customers or members of the public? Yes",
                  "photos of colleagues without their consent? No",
                  "are official records? Yes",
                  "Your equality duties We screened this policy"):
        assert shown in text, shown
    assert 'href="/p/welsh-government.yaml/page/everyone"' in found.group(1)


def test_an_untouched_page_leaves_the_file_as_it_was(editor: Editor) -> None:
    for name in ("dwp.yaml", "welsh-government.yaml"):
        before = editor.file(name)
        answered(editor, f"/p/{name}/page/everyone", {})
        assert editor.file(name) == before, name


def test_every_answer_of_a_block_taken_away_takes_the_block_away(editor: Editor) -> None:
    """An empty block would be `messaging_apps: {}`, which check refuses as saying nothing."""
    answered(editor, "/p/dwp.yaml/page/everyone", {
        "messaging_apps.official_records": "", "messaging_apps.text": "",
        "political_activity.where_to_find_your_category": "",
        "political_activity.guidance_url": ""})
    data = load_profile(editor.folder / "dwp.yaml").data
    assert isinstance(data, dict)
    assert "messaging_apps" not in data and "political_activity" not in data
    assert data["no_research_on_public"] is True  # the other answers stay
    check_profile(editor.folder / "dwp.yaml", available_editions())


def test_a_yes_written_as_text_is_shown_as_yes_and_saved_as_true(editor: Editor) -> None:
    """YAML reads `yes` as text, which check refuses: the page shows the answer it means,
    and saving it writes YAML's true."""
    path = editor.folder / "dwp.yaml"
    path.write_text(path.read_text().replace("no_recording_without_consent: true",
                                             "no_recording_without_consent: yes"))
    page = editor.get("/p/dwp.yaml/page/everyone")
    assert re.search(r'name="no_recording_without_consent" type="radio" value="true" checked',
                     page)
    answered(editor, "/p/dwp.yaml/page/everyone", {})
    assert "no_recording_without_consent: true\n" in path.read_text()
    check_profile(path, available_editions())


def test_an_answer_neither_yes_nor_no_is_told_in_the_forms_words(editor: Editor) -> None:
    path = editor.folder / "dwp.yaml"
    path.write_text(path.read_text().replace("no_recording_without_consent: true",
                                             "no_recording_without_consent: sometimes"))
    page = editor.get("/p/dwp.yaml/check")
    assert "Select whether staff must not record colleagues without their consent" in page


def test_exceptions_without_the_rule_are_told_on_their_field(editor: Editor) -> None:
    page = answered(editor, URL, {"research_exceptions": "Fraud investigators."}, 200)
    assert errors_on(page) == [
        "Answer Yes to the question before this one, or leave this answer empty"]
    assert 'href="#f-research-exceptions"' in page


def test_party_politics_is_asked_beside_elections(editor: Editor) -> None:
    before = editor.file("welsh-government.yaml")
    answered(editor, "/p/welsh-government.yaml/page/other-topics",
             {"no_party_politics_on_official_accounts": "true"})
    assert changed_lines(before, editor.file("welsh-government.yaml")) == [
        "+no_party_politics_on_official_accounts: true"]
    page = editor.get("/p/welsh-government.yaml/page/other-topics")
    assert re.search(r'name="no_party_politics_on_official_accounts" type="radio" '
                     r'value="true" checked', page)
    assert "govuk-radios--inline" in page


def test_a_new_profile_has_the_rules_as_an_optional_task(editor: Editor) -> None:
    data = editor.form("/")
    data["file"] = "fresh"
    editor.post("/new", data)
    tasks = editor.get("/p/fresh.yaml")
    row = _row_of_task(tasks, "Rules for everyone who works here")
    assert re.sub(r"<[^>]+>|\s+", " ", row).strip() == "Optional"
