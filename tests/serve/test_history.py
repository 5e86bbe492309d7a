"""The history page per profile, on a laptop (no sign-in): read-only history when the
folder is in git, "Restore this version" as a new write, and no commit ever made."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator import versions
from tests.serve.browser import (  # noqa: F401  (the *_fixture names are fixtures)
    Server,
    browser_fixture,
    look_at,
    needs_browser,
    require_browser_fixture,
    signed_in,
    start_server,
)
from tests.serve.conftest import Editor, copy_samples
from tests.serve.conftest import signed_in as editor_on


def git(folder: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True,
                          text=True).stdout


def commits(folder: Path) -> list[str]:
    return git(folder, "log", "--format=%H").split()


def kept_folder(parent: Path) -> Path:
    """PARENT/profiles: the samples in a git repository, with one later version of dwp.yaml
    by Hana (its review date moved)."""
    folder = parent / "profiles"
    folder.mkdir()
    copy_samples(folder)
    versions.start(folder)
    path = folder / "dwp.yaml"
    text = path.read_text().replace("review_by: 2027-09-01", "review_by: 2028-06-01")
    versions.record(folder, [path], versions.Author("Hana Hughes", "hana@dwp.example"),
                    ["Changed the review date"], write=lambda: path.write_text(text))
    return folder


@pytest.fixture
def kept(tmp_path: Path) -> Iterator[Editor]:
    yield editor_on(kept_folder(tmp_path))


def test_the_history_lists_versions_newest_first_with_changes(kept: Editor) -> None:
    page = kept.get("/p/dwp.yaml/history")
    heads = re.findall(r'<h2 class="govuk-heading-s[^"]*">(.*?)</h2>', page)
    assert [h.split(", by ")[1] for h in heads] == ["Hana Hughes", "policy-pack"]
    assert ("Changed the date the policy must be reviewed by from 1 September 2027 to "
            "1 June 2028") in page
    assert 'href="/p/dwp.yaml/history"' in kept.get("/p/dwp.yaml")  # linked from the tasks


def test_restore_writes_the_old_text_without_a_commit_on_a_laptop(kept: Editor) -> None:
    before = commits(kept.folder)
    oldest = versions.history(kept.folder, "dwp.yaml")[-1]
    page = kept.get(f"/p/dwp.yaml/history/{oldest.commit}")
    assert "Restore this version" in page
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token
    kept.post(f"/p/dwp.yaml/history/{oldest.commit}/restore",
              {"csrf_token": token.group(1)})
    assert (kept.folder / "dwp.yaml").read_text() == \
        versions.text_at(kept.folder, oldest.commit, "dwp.yaml")
    assert commits(kept.folder) == before  # a laptop never commits, even in a repository
    assert git(kept.folder, "status", "--porcelain") == " M dwp.yaml\n"


def test_restore_needs_the_csrf_token_and_a_real_version(kept: Editor) -> None:
    oldest = versions.history(kept.folder, "dwp.yaml")[-1]
    kept.post(f"/p/dwp.yaml/history/{oldest.commit}/restore", {}, status=400)
    kept.get("/p/dwp.yaml/history/0123456789abcdef0123456789abcdef01234567", status=404)
    kept.get("/p/nothere.yaml/history", status=404)


def test_a_laptop_save_commits_nothing(kept: Editor) -> None:
    before = commits(kept.folder)
    form = kept.form("/p/dwp.yaml/page/policy")
    form["policy.owner"] = "People Directorate"
    kept.post("/p/dwp.yaml/page/policy", form)
    assert "owner: People Directorate" in (kept.folder / "dwp.yaml").read_text()
    assert commits(kept.folder) == before


def test_a_folder_in_no_repository_says_so(tmp_path: Path) -> None:
    copy_samples(tmp_path)
    page = editor_on(tmp_path).get("/p/dwp.yaml/history")
    assert "This folder is not kept in git, so there is no history" in page


@pytest.fixture(scope="module", name="history_server")
def history_server_fixture(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    running = start_server(kept_folder(tmp_path_factory.mktemp("kept")))
    yield running
    running.stop()


@needs_browser
@pytest.mark.renders
def test_the_history_pages_pass_axe_and_reflow(browser: Any, history_server: Server) -> None:
    page = signed_in(browser, history_server, True, width=1280)
    oldest = versions.history(history_server.folder, "dwp.yaml")[-1]
    for url, shot in (("/p/dwp.yaml/history", "history"),
                      (f"/p/dwp.yaml/history/{oldest.commit}", "version")):
        page.goto(history_server.base + url)
        look_at(page, Path("/tmp/history"), shot)


class _Everyone:
    """Roles that allow everything: the team-mode tests here are about the history, not the
    roles (tests/team/ tests those, with the real provider)."""

    def allows(self, person: object, action: object, profile: object) -> bool:
        return True


def test_in_team_mode_a_save_and_a_restore_are_commits_by_the_person(kept: Editor) -> None:
    from flask import g

    from generator.serve.people import ROLES_KEY, Person

    app = kept.client.application
    app.extensions[ROLES_KEY] = _Everyone()
    app.before_request_funcs.setdefault(None, []).insert(
        0, lambda: setattr(g, "person", Person("pat.head@dwp.example", "Pat <Head>")))
    path = kept.folder / "dwp.yaml"
    path.write_text(path.read_text().replace("  classification: OFFICIAL\n", ""))  # outside
    form = kept.form("/p/dwp.yaml/page/policy")
    form["policy.owner"] = "People Directorate"
    kept.post("/p/dwp.yaml/page/policy", form)
    log = git(kept.folder, "log", "--format=%an <%ae>|%s").splitlines()
    someone = versions.outsider(kept.folder)  # the repository's identity, else "Someone..."
    assert log[:2] == [
        "Pat Head <pat.head@dwp.example>|Changed the team that owns the policy from Digital "
        "Communications Team to People Directorate",
        f"{someone.name} <{someone.email}>|Changed outside the editor"]
    oldest = versions.history(kept.folder, "dwp.yaml")[-1]
    page = kept.get(f"/p/dwp.yaml/history/{oldest.commit}")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token
    kept.post(f"/p/dwp.yaml/history/{oldest.commit}/restore", {"csrf_token": token.group(1)})
    newest = versions.history(kept.folder, "dwp.yaml")[0]
    assert newest.author == versions.Author("Pat Head", "pat.head@dwp.example")
    assert newest.subject.startswith("Restored the version of ")
    assert newest.subject.endswith(", by policy-pack")
    assert versions.text_at(kept.folder, newest.commit, "dwp.yaml") == \
        versions.text_at(kept.folder, oldest.commit, "dwp.yaml")
    assert git(kept.folder, "status", "--porcelain") == ""
