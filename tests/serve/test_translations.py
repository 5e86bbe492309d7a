"""The translations page (issue 27.5), through the real app: a translation started from the
page, the counts `check` makes, the XLIFF a translator is sent (read back by our reader and by
the Translate Toolkit, the independent one), and their file taken back only when it is an
XLIFF translation of this profile into this language. And the page in Chromium: axe-core at
1280 px, and no sideways scrolling at 320 px."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from translate.storage.xliff import xlifffile
from werkzeug.test import TestResponse

from generator.language import pack_units, read_xliff
from generator.language.pseudo import pseudo_translate
from generator.policy import available_editions
from generator.profile import check_profile
from tests.serve.browser import (  # noqa: F401  (the *_fixture names are fixtures)
    Server,
    browser_fixture,
    look_at,
    needs_browser,
    require_browser_fixture,
    signed_in,
    start_server,
)
from tests.serve.conftest import BASE_URL, Editor, copy_samples, errors_on, form_of
from tests.serve.conftest import signed_in as editor_over

XLIFF = "{urn:oasis:names:tc:xliff:document:1.2}"
SHOTS = Path("/tmp/editor")


@pytest.fixture(name="editor")
def editor_fixture(tmp_path: Path) -> Editor:
    copy_samples(tmp_path)
    return editor_over(tmp_path)


def _started(editor: Editor, name: str = "dwp.yaml") -> None:
    page = editor.get(f"/p/{name}/translations")
    editor.post(f"/p/{name}/translations/start", form_of(page))


def _upload(editor: Editor, name: str, data: bytes, filename: str = "dwp-cy.xlf",
            language: str = "cy", token: bool = True) -> TestResponse:
    """The form as a browser sends it, the body made here: the test client would spool a
    large one to a temporary file it never closes."""
    boundary = "policy-pack-test-boundary"
    parts = [('name="csrf_token"', form_of(editor.get(f"/p/{name}/translations"))[
        "csrf_token"].encode())] if token else []
    parts.append((f'name="file"; filename="{filename}"\r\nContent-Type: '
                  "application/x-xliff+xml", data))
    body = b"".join(f"--{boundary}\r\nContent-Disposition: form-data; {head}\r\n\r\n"
                    .encode() + value + b"\r\n" for head, value in parts)
    return editor.client.post(f"/p/{name}/translations/{language}",
                              data=body + f"--{boundary}--\r\n".encode(), base_url=BASE_URL,
                              content_type=f"multipart/form-data; boundary={boundary}")


def _download(editor: Editor, name: str = "dwp.yaml") -> bytes:
    answer = editor.client.get(f"/p/{name}/translations/cy.xlf", base_url=BASE_URL)
    assert answer.status_code == 200, answer.text[:2000]
    return answer.data


def _counts(page: str) -> dict[str, str]:
    """The (first) summary list of the page, key to value, as shown."""
    first = re.search(r'<dl class="govuk-summary-list.*?</dl>', page, re.S)
    assert first is not None
    pairs = re.findall(r'govuk-summary-list__key">(.*?)</dt>\s*<dd class="govuk-summary-list__'
                       r'value">(.*?)</dd>', first.group(0), re.S)
    return {_text(k): _text(v) for k, v in pairs}


def _text(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def _task(page: str) -> str:
    """The Welsh translation's line of the task list, as read."""
    found = re.search(r'<li class="govuk-task-list__item[^"]*">((?:(?!</li>).)*?Welsh '
                      r'translation.*?)</li>', page, re.S)
    assert found, "no Welsh translation task"
    return _text(found.group(1))


def _unit_ids(name: str, folder: Path) -> list[str]:
    editions = available_editions()
    checked = check_profile(folder / name, editions)
    return [u.id for u in pack_units(checked.profile, editions[checked.profile.base], checked.logo)]


def _without_targets(data: bytes, count: int) -> bytes:
    """The file with the first `count` units' translations taken out (lxml, not our code)."""
    root = etree.fromstring(data)
    for unit in list(root.iter(f"{XLIFF}trans-unit"))[:count]:
        for target in unit.findall(f"{XLIFF}target"):
            unit.remove(target)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8"))


def test_a_profile_without_a_translation_says_what_one_is_for_and_starts_one(
        editor: Editor) -> None:
    assert _task(editor.get("/p/dwp.yaml")) == "Welsh translation Not started"
    page = editor.get("/p/dwp.yaml/translations")
    assert "Welsh Language Standards" in page and "dwp-cy.xlf" in page
    assert "translations" not in editor.file("dwp.yaml").decode()
    before = editor.file("dwp.yaml").decode()

    _started(editor)

    text = editor.file("dwp.yaml").decode()
    assert text == before + "translations:\n  cy: dwp-cy.xlf\n"  # nothing else touched
    written = read_xliff(editor.file("dwp-cy.xlf"), "dwp-cy.xlf")
    ids = _unit_ids("dwp.yaml", editor.folder)
    assert written.language == "cy" and list(written.targets) == ids
    assert all(t.target is None for t in written.targets.values())
    assert "pseudo-translation" not in editor.get("/p/dwp.yaml/translations")
    assert _counts(editor.get("/p/dwp.yaml/translations")) == {
        "Status": f"0 of {len(ids)} translated", "Translation file": "dwp-cy.xlf",
        "Pieces of text in the pack": str(len(ids)), "Translated": "0", "To review": "0",
        "Not translated yet": str(len(ids))}
    assert _task(editor.get("/p/dwp.yaml")) == f"Welsh translation 0 of {len(ids)} translated"


def test_the_download_is_xliff_a_translators_tool_reads(editor: Editor) -> None:
    _started(editor)
    answer = editor.client.get("/p/dwp.yaml/translations/cy.xlf", base_url=BASE_URL)
    assert answer.status_code == 200
    assert answer.mimetype == "application/x-xliff+xml"
    assert answer.headers["Content-Disposition"] == "attachment; filename=dwp-cy.xlf"
    ids = _unit_ids("dwp.yaml", editor.folder)
    assert list(read_xliff(answer.data, "dwp-cy.xlf").targets) == ids
    toolkit = xlifffile.parsestring(answer.data)
    # The Toolkit names a unit by its file and its id.
    assert [u.getid().rsplit("\x04", 1)[-1] for u in toolkit.units if u.getid()] == ids
    assert all(not u.istranslated() for u in toolkit.units)
    assert toolkit.gettargetlanguage() == "cy"


def test_a_pseudo_translation_uploaded_makes_the_welsh_complete(editor: Editor) -> None:
    _started(editor)
    translated = pseudo_translate(_download(editor))
    answer = _upload(editor, "dwp.yaml", translated, "from-the-translator.xlf")
    assert answer.status_code == 303
    assert answer.headers["Location"] == "/p/dwp.yaml/translations?saved=cy"
    assert editor.file("dwp-cy.xlf") == translated  # kept as the translator sent it
    page = editor.get(answer.headers["Location"])
    ids = _unit_ids("dwp.yaml", editor.folder)
    counts = _counts(page)
    assert counts["Status"] == "Complete" and counts["Translated"] == str(len(ids))
    assert counts["To review"] == counts["Not translated yet"] == "0"
    assert "every piece of text is translated, so the next pack is made in Welsh too" in _text(page)
    assert _task(editor.get("/p/dwp.yaml")) == "Welsh translation Complete"
    assert f"{len(ids)} of the translations are a pseudo-translation" in _text(page)
    # The next download keeps the translator's work.
    again = read_xliff(_download(editor), "dwp-cy.xlf")
    assert all(t.target for t in again.targets.values())


def test_the_counts_tell_review_from_not_translated(editor: Editor) -> None:
    _started(editor)
    _upload(editor, "dwp.yaml", _without_targets(pseudo_translate(_download(editor)), 3))
    # The English of a translated unit changes: a text editor rewrites the owner.
    path = editor.folder / "dwp.yaml"
    text = path.read_text()
    owner = re.search(r"\n  owner: (.*)", text)
    assert owner is not None
    path.write_text(text.replace(owner.group(0), "\n  owner: Head of Digital Content", 1))
    page = editor.get("/p/dwp.yaml/translations")
    ids = _unit_ids("dwp.yaml", editor.folder)
    counts = _counts(page)
    assert (counts["Translated"], counts["To review"], counts["Not translated yet"]) == \
        (str(len(ids) - 4), "1", "3")
    assert counts["Status"] == f"{len(ids) - 4} of {len(ids)} translated"
    todo = page.split("Still to do")[1]
    still = [(key.replace(" ", ""), says) for key, says in _counts(todo).items()]
    assert [key for key, _ in still] == sorted([*ids[:3], "policy/owner"], key=ids.index)
    said = dict(still)
    assert said["policy/owner"].startswith("needs review")
    assert said[ids[0]].startswith("is not translated yet")


def test_a_broken_file_is_refused_with_its_line_and_nothing_saved(editor: Editor) -> None:
    _started(editor)
    before = editor.file("dwp-cy.xlf")
    text = pseudo_translate(before).decode()
    fifth = [i for i in range(len(text)) if text.startswith("</source>", i)][4]
    broken = text[:fifth] + "</sauce>" + text[fifth + len("</source>"):]
    at = text.count("\n", 0, fifth) + 1  # the line of the mismatched tag
    answer = _upload(editor, "dwp.yaml", broken.encode())
    assert answer.status_code == 422
    errors = errors_on(answer.text)
    assert errors and all(e.startswith("Line ") for e in errors), errors
    lines = [int(found.group(1)) for e in errors if (found := re.match(r"Line (\d+): ", e))]
    assert lines and min(lines) >= at, (at, errors)  # where the parser finds it, or after
    assert answer.text.count("govuk-error-message") == 1  # on the upload field
    assert editor.file("dwp-cy.xlf") == before


def test_a_file_for_another_profile_or_language_is_refused(editor: Editor) -> None:
    _started(editor)
    _started(editor, "dvla.yaml")
    before = editor.file("dwp-cy.xlf")
    theirs = pseudo_translate(_download(editor, "dvla.yaml"))
    answer = _upload(editor, "dwp.yaml", theirs, "dvla-cy.xlf")
    assert answer.status_code == 422
    assert errors_on(answer.text) == [
        "dvla-cy.xlf is the translation of another profile (dvla.yaml), not of dwp.yaml: "
        "nothing was saved"]
    assert editor.file("dwp-cy.xlf") == before
    # A tool that wrote the folder it opened the file from is still this profile's.
    moved = pseudo_translate(_download(editor)).replace(
        b'original="dwp.yaml"', b'original="C:\\Users\\translator\\dwp.yaml"')
    assert b"Users" in moved
    assert _upload(editor, "dwp.yaml", moved).status_code == 303
    before = editor.file("dwp-cy.xlf")
    french = pseudo_translate(_download(editor)).replace(b'target-language="cy"',
                                                         b'target-language="fr-FR"')
    answer = _upload(editor, "dwp.yaml", french, "dwp-fr.xlf")
    assert errors_on(answer.text) == [
        "dwp-fr.xlf is a translation into French, not Welsh: nothing was saved"]
    assert editor.file("dwp-cy.xlf") == before


def test_an_upload_without_a_file_or_too_large_or_without_its_token_saves_nothing(
        editor: Editor) -> None:
    _started(editor)
    before = editor.file("dwp-cy.xlf")
    answer = _upload(editor, "dwp.yaml", b"", "")
    assert errors_on(answer.text) == ["Select the XLIFF file the translator sent back"]
    answer = _upload(editor, "dwp.yaml", b"<" * (5 * 1024 * 1024 + 70_000))
    assert answer.status_code == 413
    assert errors_on(answer.text) == ["The selected file must be smaller than 5 MB: "
                                      "nothing was saved"]
    answer = _upload(editor, "dwp.yaml", pseudo_translate(before), token=False)
    assert answer.status_code == 400
    assert editor.file("dwp-cy.xlf") == before


def test_a_stranger_is_told_nothing_of_the_profile_and_read_only_has_no_page(
        editor: Editor, tmp_path: Path) -> None:
    _started(editor)
    # A browser on the same app that never had the key.
    stranger = editor.client.application.test_client()
    body = b"x" * (5 * 1024 * 1024 + 70_000)
    answer = stranger.post("/p/dwp.yaml/translations/cy", data=body, base_url=BASE_URL,
                           content_type="multipart/form-data; boundary=b")
    assert answer.status_code in (403, 413)
    assert "dwp" not in answer.text and "Welsh" not in answer.text
    read_only = editor_over(editor.folder, read_only=True)
    read_only.get("/p/dwp.yaml/translations", status=404)
    read_only.get("/p/dwp.yaml/translations/cy.xlf", status=404)


def test_a_start_never_overwrites_a_file_that_is_not_a_translation(editor: Editor) -> None:
    (editor.folder / "dwp-cy.xlf").write_text("notes, not a translation")
    answer = editor.client.post("/p/dwp.yaml/translations/start",
                                data=form_of(editor.get("/p/dwp.yaml/translations")),
                                base_url=BASE_URL)
    assert answer.status_code == 422
    assert errors_on(answer.text) == [
        "The folder already has a file called dwp-cy.xlf that is not a Welsh translation: "
        "move or rename it, then start again"]
    assert (editor.folder / "dwp-cy.xlf").read_text() == "notes, not a translation"
    assert "translations" not in editor.file("dwp.yaml").decode()


def test_a_profile_with_problems_is_sent_to_put_them_right(editor: Editor) -> None:
    path = editor.folder / "dwp.yaml"
    path.write_text(path.read_text().replace("\nbase: ", "\nbase: 1999-01\nold_base: ", 1))
    page = editor.get("/p/dwp.yaml/translations")
    assert "to put right first" in _text(page)
    assert 'action="/p/dwp.yaml/translations/start"' not in page


# --- in the browser ------------------------------------------------------------------------


@pytest.fixture(scope="module", name="server")
def server_fixture(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp("profiles")
    copy_samples(folder)
    # the Welsh Government's profile without its translation, under a slug of its own (a
    # start never writes over another profile's file): the page starts one
    sample = (folder / "welsh-government.yaml").read_text("utf-8")
    sample = sample.replace("  slug: welsh-government\n", "  slug: half\n")
    (folder / "half.yaml").write_text(
        re.sub(r"(?m)^translations:\n(?:  .*\n)*", "", sample), "utf-8")
    running = start_server(folder)
    yield running
    running.stop()


@needs_browser
def test_the_page_in_a_browser(browser: Any, server: Server) -> None:
    """Started with the button, half translated, then a broken file refused: each state
    passes axe-core at 1280 px and reflows at 320 px; photographed into /tmp/editor/."""
    page = signed_in(browser, server, True, width=1280)
    try:
        page.goto(f"{server.base}/p/half.yaml/translations")
        look_at(page, SHOTS, "translations-none")
        with page.expect_navigation():
            page.click("main form button.govuk-button")
        assert page.url.endswith("/p/half.yaml/translations")
        file = server.folder / "half-cy.xlf"
        file.write_bytes(_without_targets(pseudo_translate(file.read_bytes()), 12))
        total = len(read_xliff(file.read_bytes(), file.name).targets)
        page.goto(f"{server.base}/p/half.yaml")
        task = page.locator("li.govuk-task-list__item", has_text="Welsh translation")
        assert " ".join(task.inner_text().split()) == \
            f"Welsh translation {total - 12} of {total} translated"
        look_at(page, SHOTS, "tasks-translation")
        page.goto(f"{server.base}/p/half.yaml/translations")
        look_at(page, SHOTS, "translations-half")
        page.set_input_files("#f-translation-cy", files=[{
            "name": "broken.xlf", "mimeType": "application/x-xliff+xml",
            "buffer": b'<?xml version="1.0"?>\n<xliff version="1.2">\n<file>'}])
        with page.expect_navigation():
            page.click("main form[enctype] button.govuk-button")
        assert page.title().startswith("Error: ")
        look_at(page, SHOTS, "translations-refused")
    finally:
        page.context.close()
