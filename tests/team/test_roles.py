"""The access file's roles, enforced on every endpoint of a team's editor (issue 29): an
editor of one department can neither read nor change another's, a reviewer reads all and
changes nothing, an approver does not edit. Over HTTP against `policy-pack serve --team`,
each endpoint from the application's own url_map, with real names."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import requests
from flask import Flask

from generator.serve.app import create_team_app
from generator.serve.team import RULES, AccessFile, TeamSetup, read_team
from generator.serve.workspace import Settings
from tests.team.harness import (
    DWP_APPROVER,
    DWP_COMMS,
    DWP_EDITOR,
    REVIEWER,
    SECRET,
    Editor,
    Provider,
    csrf_token,
    sign_in,
)

# A value for each of the url_map's arguments but the profile's name: real ones where a
# page has them, so that the pages themselves answer, not only the check before them.
ARGS = {"slug": "department", "index": "0", "section_id": "principles.civil-service-code",
        "part": "page", "key": "0" * 16, "filename": "policy.pdf", "language": "cy",
        "path": "index.html", "action": "archive", "commit": "0" * 40}


@pytest.fixture(scope="module")
def app(provider: Provider, samples: Path, editor: Editor) -> Flask:
    """The team's application as the server builds it, for its url_map."""
    team = read_team(samples, {})
    setup = TeamSetup(AccessFile(samples, team, {}), SECRET, "unused", frozenset({"127.0.0.1"}))
    return create_team_app(Settings(samples), setup)


def _signed_in(editor: Editor, email: str) -> requests.Session:
    browser = requests.Session()
    sign_in(browser, editor.url, email)
    return browser


def _urls(app: Flask, name: str) -> list[tuple[str, str, set[str]]]:
    """Every rule naming a profile, as (endpoint, url, methods), with `name` in it."""
    found = []
    for rule in app.url_map.iter_rules():
        if "name" not in rule.arguments or rule.endpoint.startswith("reviews."):
            continue
        url = rule.rule
        for argument in rule.arguments:
            value = name if argument == "name" else ARGS[argument]
            url = url.replace(f"<{argument}>", value).replace(f"<int:{argument}>", value)
            url = url.replace(f"<path:{argument}>", value)
        found.append((rule.endpoint, url, set(rule.methods or ()) - {"HEAD", "OPTIONS"}))
    return found


def _digest(folder: Path) -> str:
    every = sorted(p for p in folder.rglob("*") if p.is_file() and "team" not in p.parts)
    return hashlib.sha256(b"".join(p.read_bytes() for p in every)).hexdigest()


def test_every_endpoint_has_its_line_in_the_table(app: Flask) -> None:
    """Deny by default: a page added without its line would be refused to everyone, and
    this test names it."""
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    assert endpoints - set(RULES) == set()
    assert set(RULES) - endpoints == set()  # and no line for a page gone


def test_an_editor_of_dwp_gets_404_for_everything_of_nics_finance(
        app: Flask, editor: Editor) -> None:
    browser = _signed_in(editor, DWP_EDITOR)
    token = csrf_token(browser.get(f"{editor.url}/p/dwp.yaml").text)
    before = _digest(editor.folder)
    urls = _urls(app, "nics-finance.yaml")
    assert len(urls) > 20
    for endpoint, url, methods in urls:
        for method in sorted(methods):
            answer = browser.request(method, f"{editor.url}{url}",
                                     data={"csrf_token": token}, allow_redirects=False)
            assert answer.status_code == 404, (endpoint, method, url, answer.status_code)
            assert "nics" not in answer.text.lower(), (endpoint, url)
            assert "Northern Ireland" not in answer.text, (endpoint, url)
    assert _digest(editor.folder) == before
    # The same pages of dwp answer (the check lets them through; some of the made-up
    # arguments are then the page's own 404).
    assert browser.get(f"{editor.url}/p/dwp.yaml/page/department").status_code == 200


def test_an_editor_sees_only_their_department_in_the_list(editor: Editor) -> None:
    browser = _signed_in(editor, DWP_COMMS)  # an editor of dwp by the group dwp-comms
    page = browser.get(f"{editor.url}/").text
    assert 'href="/p/dwp.yaml"' in page
    for other in ("nics-finance.yaml", "dvla.yaml", "welsh-government.yaml"):
        assert other not in page
    assert "/rename" not in page and "/archive" not in page  # administrators' only
    assert "Start a new profile" in page  # their department's new profile
    for review in ("/reviews", "/reviews/dashboard", "/reviews/compare?a=dwp.yaml&b=dvla.yaml",
                   "/reviews/matrix"):
        assert browser.get(f"{editor.url}{review}").status_code == 403


def test_an_editor_may_not_start_another_departments_profile(editor: Editor) -> None:
    browser = _signed_in(editor, DWP_EDITOR)
    token = csrf_token(browser.get(f"{editor.url}/").text)
    answer = browser.post(f"{editor.url}/new", data={"csrf_token": token, "file": "dvla-2"})
    assert answer.status_code == 403
    assert not (editor.folder / "drafts" / "dvla-2.yaml").exists()


def test_a_reviewer_reads_everything_and_changes_nothing(app: Flask, editor: Editor) -> None:
    browser = _signed_in(editor, REVIEWER)
    token = csrf_token(browser.get(f"{editor.url}/").text)
    page = browser.get(f"{editor.url}/p/nics-finance.yaml/page/department")
    assert page.status_code == 200
    assert "Save and continue" not in page.text  # no button they may not use
    assert browser.get(f"{editor.url}/reviews/dashboard").status_code == 200
    before = _digest(editor.folder)
    writes = [(e, u) for e, u, m in _urls(app, "dwp.yaml") if "POST" in m
              and RULES[e].post in ("edit", "admin")]
    assert len(writes) > 8
    for endpoint, url in writes:
        answer = browser.post(f"{editor.url}{url}", allow_redirects=False,
                              data={"csrf_token": token, "department.name": "Changed"})
        assert answer.status_code == 403, (endpoint, url, answer.status_code)
    assert browser.post(f"{editor.url}/restore", data={"csrf_token": token},
                        allow_redirects=False).status_code == 403
    assert _digest(editor.folder) == before


def test_an_approver_of_dwp_cannot_edit_it(editor: Editor) -> None:
    browser = _signed_in(editor, DWP_APPROVER)
    page = browser.get(f"{editor.url}/p/dwp.yaml/page/department")
    assert page.status_code == 200 and "Save and continue" not in page.text
    before = (editor.folder / "dwp.yaml").read_bytes()
    answer = browser.post(f"{editor.url}/p/dwp.yaml/page/department",
                          data={"csrf_token": csrf_token(page.text),
                                "department.name": "Changed"}, allow_redirects=False)
    assert answer.status_code == 403
    assert "You cannot do that with your role" in answer.text
    assert (editor.folder / "dwp.yaml").read_bytes() == before
    assert browser.get(f"{editor.url}/p/dvla.yaml").status_code == 404

