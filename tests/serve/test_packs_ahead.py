"""The pack made ahead (issue 23, deliverable 3): a save that `check` accepts starts the pack
in the background, in the real worker; "Make the pack" then answers from memory or waits for
that same render; a newer save replaces an older one waiting; a failure in the background
reaches the person's click.

Renders are counted by the pack's identity: each carries the worker's process id and that
worker's count of renders (`Pack.worker`, `Pack.serial`), and the `Made` object the editor
keeps is the one the render produced. No timings are asserted.
"""

from __future__ import annotations

import hashlib
import html
import re
from pathlib import Path

import pytest

from generator.serve import pack_making as making
from tests.serve.conftest import TODAY, Editor, samples, signed_in

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
WAIT = 300  # seconds: a render takes a few on a quiet machine, more on a busy one


@pytest.fixture(scope="module", name="folder")
def folder_fixture(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return samples(tmp_path_factory.mktemp("ahead"))


@pytest.fixture(name="editor")
def editor_fixture(folder: Path) -> Editor:
    return signed_in(folder, packs_ahead=True)


def key_of(editor: Editor, name: str) -> making.Key:
    return (name, hashlib.sha256(editor.file(name)).hexdigest(), TODAY)


def save_title(editor: Editor, name: str, title: str) -> making.Key:
    """Save a new policy title through the page, as a person would; the version's key."""
    data = editor.form(f"/p/{name}/page/policy")
    data["policy.title"] = title
    editor.post(f"/p/{name}/page/policy", data)
    return key_of(editor, name)


def flight(key: making.Key) -> making.Flight:
    with making._lock:
        found = making._flights.get(key)
    assert found is not None, f"no render under way for {key}"
    return found


def click(editor: Editor, name: str, status: int = 303) -> str:
    """Press "Make the pack" on its page: the answer's Location, or the page shown."""
    page = editor.get(f"/p/{name}/pack")
    match = CSRF.search(page)
    assert match, "the pack page has no form"
    answer = editor.post(f"/p/{name}/pack", {"csrf_token": match.group(1)}, status)
    return answer.headers["Location"] if status == 303 else answer.text


def held(key: making.Key) -> making.Made | None:
    with making._lock:
        return making._made.get(key)


def test_a_save_makes_the_pack_and_the_click_takes_it_from_memory(editor: Editor) -> None:
    key = save_title(editor, "welsh-government.yaml", "Ahead of the click")
    made = flight(key).done.result(WAIT)
    assert made.sha256 == key[1]  # the pack of the very bytes saved
    location = click(editor, "welsh-government.yaml")
    assert location.endswith(f"/pack/{made.key}")
    assert held(key) is made  # the same render: no second one was made
    with making._lock:
        assert key not in making._flights
    page = editor.get(location)
    assert "welsh-government-social-media-policy.pdf" in page


def test_a_click_during_the_render_waits_for_that_render(editor: Editor) -> None:
    key = save_title(editor, "dvla.yaml", "Asked for at once")
    under_way = flight(key)
    location = click(editor, "dvla.yaml")  # at once: the render has only just begun
    made = under_way.done.result(0)  # the click returned, so the render had finished
    assert location.endswith(f"/pack/{made.key}") and held(key) is made


def test_a_newer_save_replaces_the_one_waiting(editor: Editor) -> None:
    first = flight(save_title(editor, "dwp.yaml", "First version"))
    second = flight(save_title(editor, "dwp.yaml", "Second version"))
    third_key = save_title(editor, "dwp.yaml", "Third version")
    third = flight(third_key)
    assert second.done.cancelled()  # never sent to the worker: replaced while it waited
    one, three = first.done.result(WAIT), third.done.result(WAIT)
    # Two renders in the one worker, one after the other: the second version's never ran.
    assert (three.pack.worker, three.pack.serial) == (one.pack.worker, one.pack.serial + 1)
    assert held(third_key) is three


def test_a_save_that_check_refuses_starts_nothing(editor: Editor) -> None:
    data = editor.form("/p/welsh-government.yaml/page/policy")
    data["policy.version"] = ""  # saved, but `check` refuses a policy without a version
    editor.post("/p/welsh-government.yaml/page/policy", data, 200)
    key = key_of(editor, "welsh-government.yaml")
    assert "There is a problem" in editor.get("/p/welsh-government.yaml/page/policy")
    with making._lock:
        assert key not in making._flights and key not in making._made
        assert making._waiting is None or making._waiting.key != key


def test_a_failed_render_in_the_background_is_shown_on_the_click(editor: Editor) -> None:
    """The file changes under the render (a text editor saved it between the editor's save
    and the worker's read): the render fails with check's message, and the click on that
    version shows it as a click's own failed render would, once."""
    busy = flight(save_title(editor, "nics-finance.yaml", "Keeps the worker busy"))
    key = save_title(editor, "dvla.yaml", "Changed under the render")
    failing = flight(key)
    saved = editor.file("dvla.yaml")
    assert not busy.done.done(), "the worker finished too soon for this test's order"
    (editor.folder / "dvla.yaml").write_bytes(saved.replace(b"policy:", b"policy: [", 1))
    error = failing.done.exception(WAIT)
    assert error is not None
    (editor.folder / "dvla.yaml").write_bytes(saved)  # the version saved, its failure held
    page = click(editor, "dvla.yaml", 422)
    assert "<title>Error: Make the pack" in page and "Traceback" not in page
    shown = str(error).replace(f"{editor.folder}/", "")  # as check run in the folder says
    assert shown.startswith("dvla.yaml:") and shown in html.unescape(page)
    busy.done.result(WAIT)
    assert click(editor, "dvla.yaml").startswith("/p/dvla.yaml/pack/")  # shown once
