"""The pack made ahead (issue 23, deliverable 3): a save that `check` accepts starts the pack
in the background, in the real worker; "Make the pack" then answers from memory or waits for
that same render; a newer save replaces an older one waiting; a failure in the background
reaches the person's click.

Renders are counted by the pack's identity: each carries the worker's process id and that
worker's count of renders (`Pack.worker`, `Pack.serial`), and the `Made` object the editor
keeps is the one the render produced. No timings are asserted.
"""

from __future__ import annotations

import errno
import hashlib
import html
import itertools
import logging
import os
import re
import signal
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import suppress
from pathlib import Path
from typing import Any

import pytest

from generator.serve import pack_making as making
from tests.serve.conftest import TODAY, Editor, samples, signed_in

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
WAIT = 300  # seconds: a render takes a few on a quiet machine, more on a busy one
_n = itertools.count(1)  # titles never saved before: a save that changes nothing starts nothing


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


def idle() -> None:
    """Wait until the renders under way (earlier tests' background packs) have finished."""
    with making._lock:
        under_way = [found.done for found in making._flights.values()]
    wait(under_way, WAIT)


def until(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + WAIT
    while not condition():
        assert time.monotonic() < deadline, f"never: {what}"
        time.sleep(0.005)


def jobs(pool: ProcessPoolExecutor) -> int:
    """The jobs the pool holds, running or queued (a private count: the pool has no other)."""
    return len(pool._pending_work_items)  # type: ignore[attr-defined]


def workers(pool: ProcessPoolExecutor | None) -> list[int]:
    """The process ids of the pool's workers (private: the pool names them nowhere else)."""
    return list(getattr(pool, "_processes", None) or ())


def logged(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    return [record for record in caplog.records if record.name == making.__name__]


@pytest.fixture(name="refuse_fork")
def refuse_fork_fixture(monkeypatch: pytest.MonkeyPatch) -> Callable[[], None]:
    """Make the worker pool's next submit fail as a fork refused by the kernel does."""
    def refuse() -> None:
        pool = making._workers()
        real = pool.submit

        def refused(*args: Any, **kwargs: Any) -> Future[Any]:
            monkeypatch.setattr(pool, "submit", real)  # once: the machine recovers
            raise OSError(errno.EAGAIN, os.strerror(errno.EAGAIN))

        monkeypatch.setattr(pool, "submit", refused)
    return refuse


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
    idle()
    key = save_title(editor, "dvla.yaml", f"Asked for at once {next(_n)}")
    under_way = flight(key)
    with making._lock:
        assert making._running is under_way  # in the worker, not waiting
    location = click(editor, "dvla.yaml")  # at once: the render has only just begun
    # The click found that render still under way and waited on it (had it finished, the
    # click would have taken the pack from memory, claiming nothing)...
    assert under_way.claimed
    made = under_way.done.result(0)
    # ...and it is the one render of this version: its pack is the one held and shown.
    assert location.endswith(f"/pack/{made.key}") and held(key) is made
    with making._lock:
        assert key not in making._flights


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
    assert "has 1 problem" in editor.get("/p/welsh-government.yaml")
    with making._lock:
        assert key not in making._flights and key not in making._made
        assert making._waiting is None or making._waiting.key != key


def failed_in_background(editor: Editor, name: str) -> making.Flight:
    """A background render of `name` that fails, nobody waiting on it: the file changes
    under the render (a text editor saved it between the editor's save and the worker's
    read), so it fails with check's message. The file then holds the version saved again."""
    idle()
    busy = flight(save_title(editor, "nics-finance.yaml", f"Keeps the worker busy {next(_n)}"))
    failing = flight(save_title(editor, name, f"Changed under the render {next(_n)}"))
    saved = editor.file(name)
    assert not busy.done.done(), "the worker finished too soon for this test's order"
    (editor.folder / name).write_bytes(saved.replace(b"policy:", b"policy: [", 1))
    assert failing.done.exception(WAIT) is not None
    (editor.folder / name).write_bytes(saved)  # the version saved, its failure held
    return failing


def failure_shown(page: str) -> str:
    found = re.search(r'id="failure">(.*?)</pre>', page, re.S)
    assert found, "the page shows no failure"
    return html.unescape(found.group(1))


def test_a_failed_render_in_the_background_is_shown_on_the_click(editor: Editor) -> None:
    """The click on that version shows the background render's failure as a click's own
    failed render would, once."""
    failing = failed_in_background(editor, "dvla.yaml")
    # The worker kept busy, so the render of dvla.yaml that opening its page starts cannot
    # finish before the button is pressed: the click meets the failure held, not a new pack.
    busy = flight(save_title(editor, "nics-finance.yaml", f"Busy during the click {next(_n)}"))
    page = click(editor, "dvla.yaml", 422)
    assert not busy.done.done(), "the worker finished too soon for this test's order"
    assert "<title>Error: Make the pack" in page and "Traceback" not in page
    shown = str(failing.done.exception(0)).replace(f"{editor.folder}/", "")  # as check says
    assert shown.startswith("dvla.yaml:") and failure_shown(page) == shown
    assert click(editor, "dvla.yaml").startswith("/p/dvla.yaml/pack/")  # shown once


def test_a_pack_made_since_a_failure_is_shown_not_the_failure(editor: Editor) -> None:
    """A render of the same version that succeeds after the failure (opening the pack page
    starts one) drops the failure held: the click gets that pack."""
    failing = failed_in_background(editor, "dvla.yaml")
    editor.get("/p/dvla.yaml/pack")
    made = flight(failing.key).done.result(WAIT)
    with making._lock:
        assert failing.key not in making._failures
    assert click(editor, "dvla.yaml").endswith(f"/pack/{made.key}")
    assert held(failing.key) is made


def test_a_click_is_shown_its_own_failed_render_once(editor: Editor) -> None:
    """The click's own render fails (the file changed under it, after the click read it):
    the page says why, with no trace, and the failure is not kept to be shown again: the
    next click renders again and gets the pack."""
    idle()
    quiet = signed_in(editor.folder)  # its saves start nothing: its click renders its own
    busy = flight(save_title(editor, "nics-finance.yaml", f"Busy before the click {next(_n)}"))
    key = save_title(quiet, "dwp.yaml", "Changed under the click's own render")
    saved = quiet.file("dwp.yaml")
    pool = making._workers()
    with ThreadPoolExecutor(1) as person:
        answer = person.submit(click, quiet, "dwp.yaml", 422)
        until(lambda: jobs(pool) == 2, "the click's render queued behind the background one")
        (quiet.folder / "dwp.yaml").write_bytes(saved.replace(b"policy:", b"policy: [", 1))
        assert not busy.done.done(), "the worker finished too soon for this test's order"
        page = answer.result(WAIT)
    (quiet.folder / "dwp.yaml").write_bytes(saved)
    assert "<title>Error: Make the pack" in page and "Traceback" not in page
    assert failure_shown(page).startswith("dwp.yaml:")
    with making._lock:
        assert key not in making._failures
    location = click(quiet, "dwp.yaml")
    made = held(key)
    assert made is not None and location.endswith(f"/pack/{made.key}")


def test_a_save_whose_render_cannot_start_answers_and_the_click_makes_the_pack(
        editor: Editor, refuse_fork: Callable[[], None],
        caplog: pytest.LogCaptureFixture) -> None:
    """The fork of the worker refused (EAGAIN) as the save sends its pack: the file is saved
    and the save answers as usual, the reason is logged in one line, nothing is left waiting
    on a render that never began, and the next save's pack starts at once."""
    idle()
    refuse_fork()
    key = save_title(editor, "dvla.yaml", "Saved while the fork fails")  # 303: saved
    assert b"Saved while the fork fails" in editor.file("dvla.yaml")
    with making._lock:
        assert key not in making._flights and making._running is None
    [record] = logged(caplog)
    assert "could not be started" in record.getMessage() and record.exc_info is None
    assert "Resource temporarily unavailable" in record.getMessage()
    location = click(editor, "dvla.yaml")
    made = held(key)
    assert made is not None and location.endswith(f"/pack/{made.key}")
    following = save_title(editor, "dwp.yaml", "Not held behind the failed one")
    with making._lock:
        assert making._running is making._flights[following]  # started, not waiting
    flight(following).done.result(WAIT)


def test_a_waiting_render_that_cannot_start_frees_the_background(
        editor: Editor, refuse_fork: Callable[[], None],
        caplog: pytest.LogCaptureFixture) -> None:
    """The same refusal in the pool's thread, as it starts the render that waited: that
    render's flight settles with the reason, no callback fails with a traceback, and the
    background takes the next save at once."""
    idle()
    busy = flight(save_title(editor, "nics-finance.yaml", "Busy while the next one waits"))
    refuse_fork()
    waiting = flight(save_title(editor, "dvla.yaml", "Waits, then cannot start"))
    assert not busy.done.done(), "the worker finished too soon for this test's order"
    assert isinstance(waiting.done.exception(WAIT), OSError)
    with making._lock:
        assert waiting.key not in making._flights and making._running is None
    assert [r.exc_info for r in logged(caplog)] == [None]
    assert not [r for r in caplog.records if "exception calling callback" in r.getMessage()]
    following = flight(save_title(editor, "dwp.yaml", "Started at once again"))
    with making._lock:
        assert making._running is following
    following.done.result(WAIT)


def test_a_click_queued_behind_a_render_that_kills_the_worker_gets_its_pack(
        editor: Editor) -> None:
    """The worker dies in a background render while a click's own render waits behind it
    in the one worker's queue: the click is not shown the other render's crash but its own
    pack, made on a fresh worker."""
    idle()
    quiet = signed_in(editor.folder)  # its saves start nothing: its click renders its own
    busy = flight(save_title(editor, "nics-finance.yaml", "The render the worker dies in"))
    key = save_title(quiet, "dvla.yaml", "Queued behind the render that dies")
    pool = making._workers()
    with ThreadPoolExecutor(1) as person:
        answer = person.submit(click, quiet, "dvla.yaml")
        until(lambda: jobs(pool) == 2, "the click's render queued behind the background one")
        assert not busy.done.done(), "the worker finished too soon for this test's order"
        [dead] = workers(pool)
        os.kill(dead, signal.SIGKILL)
        location = answer.result(WAIT)
    assert isinstance(busy.done.exception(WAIT), BrokenProcessPool)
    made = held(key)
    assert made is not None and location.endswith(f"/pack/{made.key}")
    assert made.pack.worker != dead
    with making._lock:
        assert busy.key not in making._failures  # the machine's failure, not the file's


def test_a_click_whose_worker_dies_in_both_tries_is_told_to_try_again(editor: Editor) -> None:
    """Every worker killed while the click waits: after the second try the page says the
    pack could not be made and to try again; not the page for a bug, and no trace."""
    idle()
    quiet = signed_in(editor.folder)
    save_title(quiet, "dwp.yaml", "Never made: every worker dies")
    killed: set[int] = set()
    with ThreadPoolExecutor(1) as person:
        answer = person.submit(click, quiet, "dwp.yaml", 503)
        while not answer.done():
            for pid in set(workers(making._pool)) - killed:
                with suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
                killed.add(pid)
            time.sleep(0.005)
        page = html.unescape(answer.result())
    assert len(killed) == 2  # one worker for each try
    assert "The pack of dwp.yaml could not be made" in page and "Try again" in page
    assert "<title>Error: Make the pack" in page
    assert "Traceback" not in page and "Something went wrong" not in page


def test_a_click_whose_render_cannot_start_tries_once_more(
        editor: Editor, refuse_fork: Callable[[], None],
        caplog: pytest.LogCaptureFixture) -> None:
    idle()
    quiet = signed_in(editor.folder)
    key = save_title(quiet, "nics-finance.yaml", "Its first try cannot start")
    refuse_fork()
    location = click(quiet, "nics-finance.yaml")
    made = held(key)
    assert made is not None and location.endswith(f"/pack/{made.key}")
    said = [record.getMessage() for record in logged(caplog)]
    assert len(said) == 2 and "could not be started" in said[0] and "try 1 of 2" in said[1]


def test_a_shut_down_drops_the_render_waiting_and_starts_none(
        editor: Editor, monkeypatch: pytest.MonkeyPatch) -> None:
    """The editor stops while one render runs and another waits: the running one finishes
    and is kept, the waiting one is dropped, no render starts after, and a click on the
    dropped version is told the pack could not be made rather than left waiting."""
    idle()
    monkeypatch.setattr(making, "_closing", False)  # undone after: later tests need a pool
    running = flight(save_title(editor, "nics-finance.yaml", f"Runs at the stop {next(_n)}"))
    waiting = flight(save_title(editor, "dvla.yaml", f"Waits at the stop {next(_n)}"))
    with making._lock:
        assert making._waiting is waiting, "the worker finished too soon for this test's order"
    making._shut_down()
    assert waiting.done.cancelled()
    assert held(running.key) is running.done.result(0)  # the stop waited for it
    with making._lock:
        assert making._running is None and not making._flights and making._pool is None
    page = click(editor, "dvla.yaml", 503)
    assert "The pack of dvla.yaml could not be made" in html.unescape(page)
    with making._lock:
        assert making._pool is None and not making._flights  # nothing started
