"""The reviewer's findings on the team editor (issue 29), mended, over HTTP against a real
`policy-pack serve --team` and a real provider:

1. an editor of dwp gives dwp the slug of Welsh Government's profile, then starts a Welsh
   translation: the save is refused on its field without naming the other profile, and
   Welsh Government's translation is neither written over nor handed to them;
2. the list of profiles confirms an archived or deleted name to no one the list would not
   show it to;
3. a save whose commit fails is put back, and the page says nothing was saved and why,
   without the server's paths; the next save commits only itself, by its own person."""

from __future__ import annotations

import hashlib
import html
import re
import subprocess
from pathlib import Path

from generator.language import read_xliff
from tests.serve.conftest import form_of
from tests.team.harness import ADMIN, DWP_EDITOR, Editor, person, words

WELSH = "welsh-government-cy.xlf"
DEPARTMENT = "/p/dwp.yaml/page/department"
TAKEN = "Another profile in this folder already uses this folder name: choose another"


def _form(page: str, action: str) -> dict[str, str]:
    """The form posting to `action` (a team's pages have the sign-out form first)."""
    found = re.search(rf'<form[^>]*action="{re.escape(html.escape(action))}"[^>]*>(.*?)</form>',
                      page, re.S)
    return form_of(found.group(1) if found else page)


def _git(folder: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=folder, capture_output=True, text=True,
                          check=True).stdout.strip()


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_borrowed_slug_cannot_reach_another_departments_translation(
        editor: Editor) -> None:
    hana = person(editor, DWP_EDITOR)
    theirs = _digest(editor.folder / WELSH)
    dwp = (editor.folder / "dwp.yaml").read_bytes()
    page = hana.get(editor.url + DEPARTMENT, timeout=30).text
    answer = hana.post(editor.url + DEPARTMENT, timeout=60,
                       data=_form(page, DEPARTMENT) | {"department.slug": "welsh-government"})
    assert answer.status_code == 200 and TAKEN in words(answer.text)
    assert 'id="f-department-slug-error"' in answer.text
    assert "welsh-government.yaml" not in answer.text  # the other profile is not named
    assert (editor.folder / "dwp.yaml").read_bytes() == dwp
    # The start then writes dwp's own file; Welsh Government's is untouched.
    page = hana.get(editor.url + "/p/dwp.yaml/translations", timeout=30).text
    started = hana.post(editor.url + "/p/dwp.yaml/translations/start", timeout=60,
                        data=_form(page, "/p/dwp.yaml/translations/start"))
    assert started.status_code == 200, started.text[:1000]
    assert _digest(editor.folder / WELSH) == theirs
    download = hana.get(editor.url + "/p/dwp.yaml/translations/cy.xlf", timeout=60)
    sent = read_xliff(download.content, "cy.xlf")
    assert sent.original == "dwp.yaml"
    assert not [t for t in sent.targets.values() if t.target]
    assert read_xliff((editor.folder / "dwp-cy.xlf").read_bytes(), "x").original == "dwp.yaml"


def test_a_slug_typed_in_a_text_editor_reaches_no_ones_files(editor: Editor) -> None:
    """dwp's slug made Welsh Government's outside the editor (and dwp's own translation
    named no more): the start refuses, and Welsh Government's file stays theirs."""
    path = editor.folder / "dwp.yaml"
    kept = path.read_text()
    typed = re.sub(r"\ntranslations:\n(  .*\n)+", "\n", kept).replace(
        "  slug: dwp\n", "  slug: welsh-government\n", 1)
    path.write_text(typed)
    (editor.folder / "dwp-cy.xlf").unlink(missing_ok=True)
    try:
        hana = person(editor, DWP_EDITOR)
        theirs = _digest(editor.folder / WELSH)
        page = hana.get(editor.url + "/p/dwp.yaml/translations", timeout=30).text
        refused = hana.post(editor.url + "/p/dwp.yaml/translations/start", timeout=60,
                            data=_form(page, "/p/dwp.yaml/translations/start"))
        assert refused.status_code == 422
        assert "Another profile in this folder uses this profile's folder name" in \
            words(refused.text)
        assert "welsh-government.yaml" not in refused.text
        assert _digest(editor.folder / WELSH) == theirs and path.read_text() == typed
    finally:
        path.write_text(kept)


def test_a_shelved_name_is_confirmed_only_to_whom_the_list_shows_it(editor: Editor) -> None:
    ana, hana = person(editor, ADMIN), person(editor, DWP_EDITOR)
    page = ana.get(editor.url + "/p/nics-finance.yaml/delete", timeout=30).text
    done = ana.post(editor.url + "/p/nics-finance.yaml/delete", timeout=60,
                    data=_form(page, "/p/nics-finance.yaml/delete") | {"confirm": "yes"})
    assert done.status_code == 200 and "nics-finance.yaml is deleted" in words(done.text)
    for how in ("deleted", "archived"):
        shown = hana.get(f"{editor.url}/?done={how}&name=nics-finance.yaml", timeout=30)
        assert shown.status_code == 200
        assert "nics-finance" not in shown.text
    assert "nics-finance.yaml is deleted" in words(
        ana.get(f"{editor.url}/?done=deleted&name=nics-finance.yaml", timeout=30).text)


def test_a_save_whose_commit_fails_is_undone_and_said(editor: Editor) -> None:
    hana = person(editor, DWP_EDITOR)
    path = editor.folder / "dwp.yaml"
    before, head = path.read_bytes(), _git(editor.folder, "rev-parse", "HEAD")
    branch = _git(editor.folder, "symbolic-ref", "HEAD")
    held = Path(_git(editor.folder, "rev-parse", "--absolute-git-dir")) / f"{branch}.lock"
    page = hana.get(editor.url + DEPARTMENT, timeout=30).text
    form = _form(page, DEPARTMENT) | {"department.short_name": "DWP (held)"}
    held.write_text("")  # a plain git on the server holds the branch
    try:
        answer = hana.post(editor.url + DEPARTMENT, data=form, timeout=60)
    finally:
        held.unlink()
    said = words(answer.text)
    assert answer.status_code == 503
    assert "Nothing was saved: the change could not be recorded in the profiles' history. " \
           "The files were put back as they were." in said
    assert ".lock" in said and str(editor.folder) not in said and "/tmp" not in said
    assert path.read_bytes() == before
    assert _git(editor.folder, "rev-parse", "HEAD") == head
    assert _git(editor.folder, "status", "--porcelain", "dwp.yaml") == ""
    # Sent again, it is one version, by Hana: nothing "changed outside the editor".
    again = hana.post(editor.url + DEPARTMENT, timeout=60, data=_form(
        hana.get(editor.url + DEPARTMENT, timeout=30).text, DEPARTMENT)
        | {"department.short_name": "DWP (held)"})
    assert again.status_code == 200
    assert _git(editor.folder, "log", "--format=%an|%s", f"{head}..HEAD").splitlines() == [
        "Hana Hussain|Changed the department's short name from DWP to DWP (held)"]
