"""A profile's slug is its own (issue 29's review, finding 1), on a laptop: a save that gives
dwp the slug of another profile is refused on the field; the Welsh translation's start never
writes over a file, and never takes one made for another profile; a translation file made
for another profile is not this profile's; a sign-off file named by a slug two profiles
share is neither read nor written. The team editor's attack itself: tests/team/test_slugs.py."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.language import read_xliff
from generator.review import signoffs_path
from tests.serve.conftest import BASE_URL, Editor, copy_samples, errors_on, form_of
from tests.serve.conftest import signed_in as editor_over

DEPARTMENT = "/p/dwp.yaml/page/department"
WELSH = "welsh-government-cy.xlf"


@pytest.fixture(name="editor")
def editor_fixture(tmp_path: Path) -> Editor:
    copy_samples(tmp_path)
    return editor_over(tmp_path)


def _slug_typed(editor: Editor, slug: str) -> None:
    """dwp's slug changed in a text editor (the editor itself refuses it)."""
    path = editor.folder / "dwp.yaml"
    path.write_text(path.read_text().replace("  slug: dwp\n", f"  slug: {slug}\n", 1))


def test_a_slug_another_profile_has_is_refused_on_its_field(editor: Editor) -> None:
    before = editor.file("dwp.yaml")
    form = editor.form(DEPARTMENT) | {"department.slug": "welsh-government"}
    answer = editor.post(DEPARTMENT, form, status=200)  # the page again, as for any refusal
    # On a laptop the folder is the person's own: the other profile is named.
    assert errors_on(answer.text) == [
        "welsh-government.yaml already uses this folder name: choose another"]
    assert 'id="f-department-slug-error"' in answer.text  # on the field itself
    assert editor.file("dwp.yaml") == before
    # Its own slug, or a new one, is saved as ever.
    editor.post(DEPARTMENT, form | {"department.slug": "dwp-two"})
    assert "  slug: dwp-two\n" in editor.file("dwp.yaml").decode()


def test_the_start_takes_no_file_made_for_another_profile(editor: Editor) -> None:
    theirs = editor.file(WELSH)
    (editor.folder / "dwp-cy.xlf").write_bytes(theirs)  # a copy, made for welsh-government
    answer = editor.client.post("/p/dwp.yaml/translations/start", base_url=BASE_URL,
                                data=form_of(editor.get("/p/dwp.yaml/translations")))
    assert answer.status_code == 422
    assert errors_on(answer.text) == [
        "The folder already has a file called dwp-cy.xlf made for another profile: give this "
        "profile its own folder name on the department page, then start again"]
    assert editor.file("dwp-cy.xlf") == theirs and editor.file(WELSH) == theirs
    assert "translations" not in editor.file("dwp.yaml").decode()


def test_the_start_names_this_profiles_own_file_without_writing_it(editor: Editor) -> None:
    page = editor.get("/p/dwp.yaml/translations")
    editor.post("/p/dwp.yaml/translations/start", form_of(page))
    own = editor.file("dwp-cy.xlf")
    assert read_xliff(own, "dwp-cy.xlf").original == "dwp.yaml"
    path = editor.folder / "dwp.yaml"  # the profile no longer names it; the file stays
    path.write_text(re.sub(r"\ntranslations:\n(  .*\n)+", "\n", path.read_text()))
    (editor.folder / "dwp-cy.xlf").write_bytes(own + b"<!-- kept -->")
    editor.post("/p/dwp.yaml/translations/start", form_of(editor.get("/p/dwp.yaml/translations")))
    assert editor.file("dwp-cy.xlf") == own + b"<!-- kept -->"  # named, not written over
    assert "cy: dwp-cy.xlf" in editor.file("dwp.yaml").decode()


def test_another_profiles_translation_is_never_handed_out(editor: Editor) -> None:
    path = editor.folder / "dwp.yaml"
    path.write_text(path.read_text() + f"translations:\n  cy: {WELSH}\n")
    page = editor.get("/p/dwp.yaml/translations")
    assert "was made for another profile in this folder, not this one" in page
    download = editor.client.get("/p/dwp.yaml/translations/cy.xlf", base_url=BASE_URL)
    assert download.status_code == 200
    sent = read_xliff(download.data, "cy.xlf")
    assert sent.original == "dwp.yaml"
    assert not [t for t in sent.targets.values() if t.target], "Welsh Government's words"


def test_a_sign_off_file_two_profiles_share_is_neither_read_nor_written(
        editor: Editor) -> None:
    signoffs = signoffs_path(editor.folder, "welsh-government")
    signoffs.parent.mkdir(exist_ok=True)
    editor.post("/reviews/signoff?profile=welsh-government.yaml",
                {**form_of(editor.get("/reviews/signoff?profile=welsh-government.yaml")),
                 "reviewer": "Jane Smith", "decision": "accepted"})
    theirs = signoffs.read_bytes()
    _slug_typed(editor, "welsh-government")
    page = editor.get("/reviews/signoff?profile=dwp.yaml")
    assert "Accepted by Jane Smith" not in page
    assert "Another profile in this folder has the same folder name" in page
    answer = editor.client.post("/reviews/signoff?profile=dwp.yaml", base_url=BASE_URL,
                                data={**form_of(page), "reviewer": "Mallory",
                                      "decision": "accepted"})
    assert answer.status_code == 400
    assert signoffs.read_bytes() == theirs
    dashboard = editor.get("/reviews/dashboard")
    assert "dwp.yaml is left out: another profile in this folder" in dashboard
