"""The account form asks which language an account posts in (GOV.UK radios) and its twin in
the other (a text input), writes only what was changed, and puts the one validator's
problems with them on the right field in the form's words (issue 27)."""

from __future__ import annotations

import re

import pytest

from tests.serve.conftest import Editor, errors_on
from tests.serve.test_editing import changed_lines

ITEM = "/p/welsh-government.yaml/list/channels/0"


@pytest.fixture(autouse=True)
def _first_account_says_no_language(editor: Editor) -> None:
    """Each test starts from the sample's first account with no language said (the sample
    itself says its X account is bilingual)."""
    path = editor.folder / "welsh-government.yaml"
    said = "    approver: Head of News\n    language: bilingual\n"
    text = path.read_text("utf-8")
    assert said in text
    path.write_text(text.replace(said, "    approver: Head of News\n", 1), "utf-8")


def radios(page: str, name: str) -> list[tuple[str, str, bool]]:
    """Each radio of a group: (value, its label, whether it is ticked)."""
    found = []
    for tag in re.findall(rf'<input[^>]*name="{re.escape(name)}"[^>]*>', page):
        ident = re.search(r'id="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        assert ident and value, tag
        label = re.search(rf'<label[^>]*for="{ident.group(1)}"[^>]*>\s*(.*?)\s*</label>',
                          page, re.S)
        assert label, tag
        found.append((value.group(1), label.group(1), " checked" in tag))
    return found


def test_the_account_form_asks_the_language_and_the_twin(editor: Editor) -> None:
    page = editor.get(ITEM)
    assert radios(page, "channels[0].language") == [
        ("en", "English", False), ("cy", "Welsh", False),
        ("bilingual", "Welsh and English", False), ("", "Not said", True)]
    legend = re.search(r"<legend[^>]*>\s*(Language it posts in \(optional\))\s*</legend>", page)
    assert legend, "the radios are a fieldset named by its question"
    assert 'id="f-channels-0-paired-with"' in page
    assert "Its twin in the other language (optional)" in page
    hint = re.search(r'id="f-channels-0-paired-with-hint"[^>]*>\s*(.*?)\s*</div>', page, re.S)
    assert hint and "@LlywodraethCym" in hint.group(1)
    assert re.search(r'id="f-channels-0-paired-with"[^>]*aria-describedby="'
                     r'f-channels-0-paired-with-hint"', page)


def test_a_language_and_a_twin_are_written_as_the_profile_spells_them(editor: Editor) -> None:
    before = editor.file("welsh-government.yaml")
    data = editor.form(ITEM)
    data.update({"channels[0].language": "en", "channels[0].paired_with": "@LlywodraethCym"})
    editor.post(ITEM, data)
    assert changed_lines(before, editor.file("welsh-government.yaml")) == [
        "+    language: en", '+    paired_with: "@LlywodraethCym"']
    listed = editor.get("/p/welsh-government.yaml/list/channels")
    assert re.search(r"Language it posts in\s*</dt>\s*<dd[^>]*>\s*English\s*</dd>", listed)
    # Shown again as chosen, and "Not said" takes it back out of the file.
    page = editor.get(ITEM)
    assert ("en", "English", True) in radios(page, "channels[0].language")
    data = editor.form(ITEM)
    data.update({"channels[0].language": "", "channels[0].paired_with": ""})
    editor.post(ITEM, data)
    assert editor.file("welsh-government.yaml") == before


def test_a_new_account_written_bilingual(editor: Editor) -> None:
    before = editor.file("welsh-government.yaml")
    url = "/p/welsh-government.yaml/list/channels/new"
    data = editor.form(url)
    data.update({"channels[-1].platform": "Threads", "channels[-1].account": "@LlywodraethCym",
                 "channels[-1].url": "https://www.threads.net/@LlywodraethCym",
                 "channels[-1].purpose": "Newyddion", "channels[-1].language": "bilingual"})
    editor.post(url, data)
    added = changed_lines(before, editor.file("welsh-government.yaml"))
    assert added[-1] == "+    language: bilingual" and len(added) == 5


def sent(editor: Editor, **answers: str) -> str:
    """The page after a save of the first account with these answers (refused, so 200)."""
    data = editor.form(ITEM)
    data.update({f"channels[0].{k}": v for k, v in answers.items()})
    return editor.post(ITEM, data, 200).text


def test_a_bilingual_account_with_a_twin_is_put_right_on_the_twins_field(
        editor: Editor) -> None:
    page = sent(editor, language="bilingual", paired_with="@LlywodraethCym")
    assert errors_on(page) == ["An account in Welsh and English has no twin: leave this "
                               "empty, or choose English or Welsh as the language it posts in"]
    assert 'href="#f-channels-0-paired-with"' in page
    # The check's own words stay beside it, with the place in the file.
    assert "channels[0].paired_with: a bilingual account has no twin" in page


def test_a_twin_that_is_the_account_itself(editor: Editor) -> None:
    page = sent(editor, language="en", paired_with="@welshgov_example")
    assert errors_on(page) == ["Enter the handle of its twin in the other language, not of "
                               "this account"]


def test_a_twin_without_a_language(editor: Editor) -> None:
    page = sent(editor, paired_with="@LlywodraethCym")
    assert errors_on(page) == ["Select the language the account posts in, above: its twin "
                               "posts in the other"]


def test_a_twin_given_as_an_address(editor: Editor) -> None:
    page = sent(editor, language="en", paired_with="https://x.com/LlywodraethCym")
    assert errors_on(page) == ["Enter its twin\u2019s handle, like @LlywodraethCym, not its web "
                               "address"]


def test_a_language_written_by_hand_that_is_none_of_the_choices(editor: Editor) -> None:
    """`language: Cymraeg` typed in the file: no radio is ticked, and the list says what to
    do in the form's words."""
    path = editor.folder / "welsh-government.yaml"
    path.write_text(path.read_text().replace(
        '    approver: Head of News\n', '    approver: Head of News\n    language: Cymraeg\n', 1))
    page = editor.get(ITEM)
    assert not any(ticked for *_, ticked in radios(page, "channels[0].language"))
    listed = editor.get("/p/welsh-government.yaml/list/channels")
    assert "There is a problem</strong> Select the language the account posts in" in listed


def test_an_english_only_account_of_a_welsh_body_is_a_warning_on_check_your_answers(
        editor: Editor) -> None:
    data = editor.form(ITEM)
    data["channels[0].language"] = "en"
    editor.post(ITEM, data)  # a warning does not stop the save
    page = editor.get("/p/welsh-government.yaml/check")
    assert ("\u201c@welshgov_example\u201d posts in English only: Welsh Language Standards "
            "expect every account to be bilingual or paired with a Welsh one") in page
