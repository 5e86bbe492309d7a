"""The history pages in a real team editor (issue 29), signed in through a real provider:
an editor's save appears under their name, an editor restores an older version as a new
one of their own, and a reviewer reads every version but cannot restore (no button, and
403 if they send the form anyway)."""

from __future__ import annotations

import re
import subprocess

from tests.serve.conftest import form_of
from tests.team.harness import (
    DWP_EDITOR,
    REVIEWER,
    Editor,
    csrf_token,
    person,
    words,
)


def _policy_form(page: str) -> dict[str, str]:
    found = re.search(r'<form[^>]*action="/p/dwp.yaml/page/policy"[^>]*>(.*?)</form>', page,
                      re.S)
    assert found, page[:500]
    return form_of(found.group(1))


def _versions(page: str) -> list[str]:
    """The history page's versions as read, newest first: "WHEN, by WHO"."""
    return [words(h) for h in re.findall(r'<h2 class="govuk-heading-s[^"]*">(.*?)</h2>', page)]


def test_an_editors_save_and_restore_are_in_the_history_under_their_name(
        editor: Editor) -> None:
    hana = person(editor, DWP_EDITOR)
    form = _policy_form(hana.get(f"{editor.url}/p/dwp.yaml/page/policy", timeout=30).text)
    form.update({"policy.review_by-day": "1", "policy.review_by-month": "6",
                 "policy.review_by-year": "2028"})
    saved = hana.post(f"{editor.url}/p/dwp.yaml/page/policy", data=form, timeout=60)
    assert saved.status_code == 200, saved.text[:1000]

    page = hana.get(f"{editor.url}/p/dwp.yaml/history", timeout=30)
    assert page.status_code == 200
    shown = _versions(page.text)
    assert len(shown) == 2 and shown[0].endswith("by Hana Hussain"), shown
    assert shown[1].endswith("by policy-pack")
    assert "Changed the date the policy must be reviewed by from 1 September 2027 to 1 June 2028" \
        in words(page.text), words(page.text)

    first = re.findall(r'href="/p/dwp.yaml/history/([0-9a-f]{40})"', page.text)[-1]
    version = hana.get(f"{editor.url}/p/dwp.yaml/history/{first}", timeout=30)
    assert "Restore this version" in version.text
    restored = hana.post(f"{editor.url}/p/dwp.yaml/history/{first}/restore",
                         data={"csrf_token": csrf_token(version.text)}, timeout=60)
    assert restored.status_code == 200 and restored.url.endswith("restored=1")
    assert "review_by: 2027-09-01" in (editor.folder / "dwp.yaml").read_text()
    log = subprocess.run(["git", "log", "-1", "--format=%an <%ae>|%s"], cwd=editor.folder,
                         capture_output=True, text=True, check=True).stdout.strip()
    assert log.startswith(f"Hana Hussain <{DWP_EDITOR}>|Restored the version of ")
    assert _versions(restored.text)[0].endswith("by Hana Hussain")
    assert len(_versions(restored.text)) == 3


def test_a_reviewer_reads_the_history_but_cannot_restore(editor: Editor) -> None:
    path = editor.folder / "dwp.yaml"  # a version made with git, so the first is not the newest
    path.write_text(path.read_text() + "# a note\n")
    subprocess.run(["git", "-c", "user.name=Someone", "-c", "user.email=s@example.com",
                    "commit", "--quiet", "-m", "A note", "dwp.yaml"], cwd=editor.folder,
                   check=True)
    rob = person(editor, REVIEWER)
    page = rob.get(f"{editor.url}/p/dwp.yaml/history", timeout=30)
    assert page.status_code == 200 and _versions(page.text)
    oldest = re.findall(r'href="/p/dwp.yaml/history/([0-9a-f]{40})"', page.text)[-1]
    version = rob.get(f"{editor.url}/p/dwp.yaml/history/{oldest}", timeout=30)
    assert version.status_code == 200
    assert "Restore this version" not in version.text
    before = (editor.folder / "dwp.yaml").read_bytes()
    refused = rob.post(f"{editor.url}/p/dwp.yaml/history/{oldest}/restore",
                       data={"csrf_token": csrf_token(version.text)}, timeout=30)
    assert refused.status_code == 403
    assert (editor.folder / "dwp.yaml").read_bytes() == before
