"""Each write of the team editor beyond a save is one version too (issue 29): a new profile,
the logo uploaded and removed, a translation started and taken in, a reviewer's sign-off.
Over HTTP against a real `policy-pack serve --team` and a real provider; each write is
checked in the folder's own git: exactly one new commit, by the person signed in, with its
message in words, holding exactly the files it wrote. On a laptop the same writes commit
nothing, even in a repository."""

from __future__ import annotations

import html
import io
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from lxml import etree

from tests.serve.conftest import BASE_URL, copy_samples, form_of
from tests.serve.conftest import signed_in as laptop_editor
from tests.team.harness import (
    ACCESS,
    ADMIN,
    DWP_EDITOR,
    REVIEWER,
    Editor,
    Provider,
    person,
    start_editor,
)

# Hana edits dwp and (here) the new department's profile she starts.
ROLES = ACCESS + f"  home-office:\n    editors: [{DWP_EDITOR}]\n"
SVG = (b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
       b'<rect width="10" height="10"/></svg>')
XLIFF = "{urn:oasis:names:tc:xliff:document:1.2}"


@pytest.fixture(scope="module")
def editor(provider: Provider, samples: Path) -> Iterator[Editor]:
    with start_editor(provider, samples, roles=ROLES) as running:
        yield running


def _git(folder: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=folder, capture_output=True, text=True,
                          check=True).stdout.strip()


def _head(folder: Path) -> str:
    return _git(folder, "rev-parse", "HEAD")


def _one_commit(folder: Path, before: str) -> tuple[str, str, list[str]]:
    """The one commit made since `before`: its author (`Name <email>`), its whole message,
    and the files it changed; fails if there is not exactly one."""
    made = _git(folder, "rev-list", f"{before}..HEAD").splitlines()
    assert len(made) == 1, [_git(folder, "log", "--format=%an: %s", f"{before}..HEAD")]
    author = _git(folder, "log", "-1", "--format=%an <%ae>")
    committer = _git(folder, "log", "-1", "--format=%cn <%ce>")
    assert committer == author
    files = _git(folder, "show", "--format=", "--name-only", "HEAD").splitlines()
    return author, _git(folder, "log", "-1", "--format=%B"), sorted(files)


def _post(browser: requests.Session, editor: Editor, page: str, action: str,
          extra: dict[str, str] | None = None,
          files: dict[str, tuple[str, bytes, str]] | None = None) -> requests.Response:
    """The form of `page` sent to `action`, as a browser would (its CSRF token and all)."""
    opened = browser.get(editor.url + page, timeout=30)
    assert opened.status_code == 200, (page, opened.status_code)
    answer = browser.post(editor.url + action, data=_form(opened.text, action) | (extra or {}),
                          files=files, timeout=60)
    assert answer.status_code == 200, (action, answer.status_code, answer.text[:1500])
    return answer


def _form(page: str, action: str) -> dict[str, str]:
    """The values a browser sends with the form posting to `action` (not the header's
    sign-out form, which comes first on a team's pages)."""
    found = re.search(rf'<form[^>]*action="{re.escape(html.escape(action))}"[^>]*>(.*?)</form>',
                      page, re.S)
    assert found, f"no form for {action}"
    return form_of(found.group(1))


def test_a_new_profile_is_one_version_by_its_author(editor: Editor) -> None:
    hana = person(editor, DWP_EDITOR)
    before = _head(editor.folder)
    _post(hana, editor, "/", "/new", {"file": "home-office"})
    author, message, files = _one_commit(editor.folder, before)
    assert author == f"Hana Hussain <{DWP_EDITOR}>"
    assert message == "Started the profile home-office.yaml"
    assert files == ["drafts/home-office.yaml"]
    # The version holds the starter as the editor tidied it: what is on disk now.
    assert _git(editor.folder, "show", "HEAD:drafts/home-office.yaml") == \
        (editor.folder / "drafts/home-office.yaml").read_text().strip()
    assert _git(editor.folder, "status", "--porcelain", "drafts") == ""


def test_the_logo_and_the_profile_naming_it_are_one_version(editor: Editor) -> None:
    hana = person(editor, DWP_EDITOR)
    before = _head(editor.folder)
    _post(hana, editor, "/p/dwp.yaml/logo", "/p/dwp.yaml/logo",
          files={"logo": ("new logo.svg", SVG, "image/svg+xml")})
    author, message, files = _one_commit(editor.folder, before)
    assert author == f"Hana Hussain <{DWP_EDITOR}>"
    assert message.splitlines()[0] == "Changed the logo to dwp-logo.svg"
    assert files == ["dwp.yaml", "logos/dwp-logo.svg"]
    assert (editor.folder / "logos/dwp-logo.svg").read_bytes() == SVG
    assert not list((editor.folder / "logos").glob(".upload-*"))

    # The same name again, another drawing: the logo's file alone is the version.
    before = _head(editor.folder)
    _post(hana, editor, "/p/dwp.yaml/logo", "/p/dwp.yaml/logo",
          files={"logo": ("logo.svg", SVG.replace(b'"10"/>', b'"5"/>'), "image/svg+xml")})
    _, message, files = _one_commit(editor.folder, before)
    assert (message.strip(), files) == ("Changed the logo to dwp-logo.svg",
                                        ["logos/dwp-logo.svg"])

    before = _head(editor.folder)
    _post(hana, editor, "/p/dwp.yaml/logo", "/p/dwp.yaml/logo", {"no_logo": "yes"})
    author, message, files = _one_commit(editor.folder, before)
    assert (author, message.splitlines()[0], files) == (
        f"Hana Hussain <{DWP_EDITOR}>", "Removed the logo", ["dwp.yaml"])


def test_a_translation_started_and_taken_in_are_versions(editor: Editor) -> None:
    hana = person(editor, DWP_EDITOR)
    before = _head(editor.folder)
    _post(hana, editor, "/p/dwp.yaml/translations", "/p/dwp.yaml/translations/start")
    author, message, files = _one_commit(editor.folder, before)
    assert author == f"Hana Hussain <{DWP_EDITOR}>"
    assert message.splitlines()[0] == "Started the Welsh translation"
    assert files == ["dwp-cy.xlf", "dwp.yaml"]

    ana = person(editor, ADMIN)  # an administrator edits every profile
    sent = ana.get(editor.url + "/p/welsh-government.yaml/translations/cy.xlf", timeout=30)
    root = etree.fromstring(sent.content)
    unit = next(iter(root.iter(f"{XLIFF}trans-unit")))
    for target in unit.findall(f"{XLIFF}target"):
        unit.remove(target)  # the translator's file, one unit less translated
    before = _head(editor.folder)
    _post(ana, editor, "/p/welsh-government.yaml/translations",
          "/p/welsh-government.yaml/translations/cy",
          files={"file": ("back.xlf", etree.tostring(root, xml_declaration=True,
                                                     encoding="UTF-8"),
                          "application/x-xliff+xml")})
    author, message, files = _one_commit(editor.folder, before)
    assert (author, message.strip(), files) == (
        f"Ana Admin <{ADMIN}>", "Took in the Welsh translation", ["welsh-government-cy.xlf"])


def test_a_sign_off_is_a_version_by_the_reviewer(editor: Editor) -> None:
    rob = person(editor, REVIEWER)
    before = _head(editor.folder)
    _post(rob, editor, "/reviews/signoff?profile=nics-finance.yaml",
          "/reviews/signoff?profile=nics-finance.yaml", {"decision": "accepted"})
    author, message, files = _one_commit(editor.folder, before)
    assert author == f"Rob Reviewer <{REVIEWER}>"
    assert message.strip() == "Signed off nics-finance.yaml: accepted"
    assert files == ["signoffs/nics-finance.yaml"]
    assert "Rob Reviewer" in (editor.folder / files[0]).read_text()


def test_on_a_laptop_the_same_writes_commit_nothing(tmp_path: Path) -> None:
    copy_samples(tmp_path)
    for args in (["init", "--quiet"], ["add", "."], ["-c", "user.name=T", "-c",
                                                     "user.email=t@example.com", "commit",
                                                     "--quiet", "-m", "samples"]):
        _git(tmp_path, *args)
    before = _head(tmp_path)
    laptop = laptop_editor(tmp_path)
    laptop.post("/new", form_of(laptop.get("/")) | {"file": "home-office"})
    logo = laptop.client.post("/p/dwp.yaml/logo", base_url=BASE_URL, data=form_of(
        laptop.get("/p/dwp.yaml/logo")) | {"logo": (io.BytesIO(SVG), "a.svg")},
        content_type="multipart/form-data")
    assert logo.status_code == 303, logo.text[:1000]
    laptop.post("/p/dwp.yaml/translations/start", form_of(laptop.get("/p/dwp.yaml/translations")))
    assert (tmp_path / "drafts/home-office.yaml").is_file()
    assert (tmp_path / "logos/dwp-logo.svg").read_bytes() == SVG
    assert "dwp-cy.xlf" in (tmp_path / "dwp.yaml").read_text()
    assert (tmp_path / "dwp-cy.xlf").is_file()
    assert _head(tmp_path) == before
