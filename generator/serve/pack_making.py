"""Making the editor's pack (issue 23): when each render runs, in which worker, and where
its outcome lands. The pages that ask for it are in packs.py.

The worker pool starts with the first pack, not with the server, so that the address is
printed within 2 s (WeasyPrint alone takes about 1 s to import). Packs are kept in memory,
a few at a time, by the profile's name, the SHA-256 of the bytes rendered and the date: a
second "Make the pack" of an unchanged file costs nothing.

A pack takes seconds to lay out, so it is made before it is asked for (deliverable 3): a
save that `check` accepts, or opening the pack page, starts the render in the background,
and "Make the pack" then answers from memory. One render per version: a click while that
version is being made waits for the same render (a "flight"), never a second one. Saves
come faster than renders, so the background keeps at most the render running and the
newest one waiting; a newer save replaces the one waiting. A failure in the background that
no click waited on is kept and shown on the next click, once, as the click would have met
it. Every flight settles: a render that cannot start, or whose worker dies, settles with
the reason, and a click tries once more on a fresh worker before saying so.
"""

from __future__ import annotations

import atexit
import datetime as dt
import hashlib
import itertools
import logging
import multiprocessing
import os
import re
import threading
from collections import OrderedDict
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from generator.errors import PolicyPackError, Problem
from generator.serve import approving
from generator.serve.lifeline import die_with
from generator.serve.workspace import Opened, settings, today

KEEP = 4  # packs held in memory: each is a few MB
KEY = re.compile(r"[0-9a-f]{16}")  # the first 16 hex digits of the profile's SHA-256
TRIES = 2  # a render the worker died in is tried once more, on a fresh worker
WAIT = 300  # seconds a click waits for its render: a pack takes a few, a stuck worker ever


@dataclass(frozen=True)
class Pack:
    """What the pages need of a rendered pack (build.Rendered), in types the editor's
    process can unpickle without importing the renderers."""

    slug: str
    pages: int
    outputs: dict[str, bytes]
    inputs: tuple[tuple[Path, str], ...]  # the profile and its logo, with the sha256 read
    warnings: tuple[Problem, ...]
    worker: int  # the process that rendered it, and its count of renders: which render
    serial: int  # this is, so that tests can count renders rather than trust timings
    held: tuple[Problem, ...] = ()  # why a translation's pack was not made
    held_back: tuple[str, ...] = ()  # the languages it was not made in


@dataclass(frozen=True)
class Made:
    """A pack held in memory, and what it was made from."""

    name: str
    sha256: str  # of the profile bytes rendered, which may be newer than the page's
    today: dt.date
    pack: Pack

    @property
    def key(self) -> str:
        return self.sha256[:16]


class NotMade(Exception):
    """The pack could not be made for a reason of the machine's, not of the file's."""

    def __init__(self, name: str) -> None:
        # Lines, not one long sentence: the page shows the message as preformatted text.
        super().__init__(f"The pack of {name} could not be made: the process that makes packs\n"
                         "stopped or could not be started. Nothing is known to be wrong with\n"
                         "the file. Try again in a minute; if it fails again, stop the editor\n"
                         "and start it again.")


Key = tuple[str, str, dt.date]  # the profile's name, the sha256 of its bytes, the date


@dataclass(eq=False)
class Flight:
    """One render of one version under way (or waiting), and where its outcome lands."""

    key: Key
    path: Path
    done: Future[Made]
    # A click waits on it and is shown its outcome, so a failure is not kept for the next
    # click as well. Set under _lock, as the click finds or starts the flight.
    claimed: bool = False


_log = logging.getLogger(__name__)
_lock = threading.Lock()  # guards everything below
_pool: ProcessPoolExecutor | None = None
WORKER_NICENESS = 10  # below the pages' threads: a pack may wait, a person should not
_made: OrderedDict[Key, Made] = OrderedDict()
_flights: dict[Key, Flight] = {}  # every render asked for and not finished
_running: Flight | None = None  # the background render in the pool (at most one)
_waiting: Flight | None = None  # the newest background render not yet started
# Failures of background renders no click waited on: each is shown on the next click, once.
_failures: OrderedDict[Key, PolicyPackError] = OrderedDict()
_closing = False


def prepare(opened: Opened) -> None:
    """Start making the pack of this version of the file in the background (nothing if it
    is made, under way, or the editor is read-only). Called after a save `check` accepts."""
    if settings().read_only or not settings().packs_ahead or opened.errors:
        return
    if approving.awaiting(opened):  # team mode: no pack while a departure awaits approval
        return
    key = (opened.name, opened.snapshot.sha256, today())
    global _running, _waiting
    with _lock:
        if _closing or key in _made or key in _flights:
            return
        flight = Flight(key, opened.path, Future())
        _flights[key] = flight
        if _running is not None:  # one render at a time: this one waits, replacing an older
            superseded, _waiting = _waiting, flight
            if superseded is not None:
                del _flights[superseded.key]
                superseded.done.cancel()  # nobody waits on it: a click would have started it
            return
        _running = flight
    _launch(flight)


def obtain(opened: Opened) -> Made:
    """The pack of the file as opened: from memory, from the render under way for it, or
    rendered now. A PolicyPackError is the file's (its audit or render failed, here or in
    the background) and is raised as it is. Anything else is the machine's: the worker died
    (perhaps in another render, queued before this one) or could not be started, so the
    render is tried once more on a fresh worker, then NotMade."""
    key = (opened.name, opened.snapshot.sha256, today())
    for attempt in range(1, TRIES + 1):
        try:
            return _flight_for(key, opened.path).done.result(WAIT)
        except PolicyPackError:
            raise
        except TimeoutError as exc:  # a worker stuck: another try would queue behind it
            raise NotMade(key[0]) from exc
        except Exception as exc:  # a broken pool, a fork refused, a job cancelled
            _log.warning("the pack of %s was not made (try %d of %d): %s", key[0], attempt,
                         TRIES, exc or type(exc).__name__)
            reason = exc
    raise NotMade(key[0]) from reason


def _flight_for(key: Key, path: Path) -> Flight:
    """The flight that gives the pack of `key`, claimed by the click asking: done already
    (the pack in memory, or a background failure nobody has seen), under way, or started now.
    A pack in memory beats a failure held: it was made since, or from newer inputs."""
    held = _cached(key)
    global _waiting
    with _lock:
        made = held or _made.get(key)
        if made is not None:
            return _finished(key, path, made)
        failure = _failures.pop(key, None)
        if failure is not None:
            raise failure
        flight = _flights.get(key)
        if flight is None:
            flight = Flight(key, path, Future())
            _flights[key] = flight
        elif flight is _waiting:  # asked for while waiting behind another: to the pool now
            _waiting = None
        else:
            flight.claimed = True
            return flight
        flight.claimed = True
    _launch(flight)
    return flight


def _finished(key: Key, path: Path, made: Made) -> Flight:
    done: Future[Made] = Future()
    done.set_result(made)
    return Flight(key, path, done, claimed=True)


def _cached(key: Key) -> Made | None:
    """The pack of these very bytes, today, if held and its logo has not changed since (a
    pack whose inputs changed is forgotten, so that it is made again)."""
    with _lock:
        made = _made.get(key)
        if made is not None:
            _made.move_to_end(key)
    if made is None or _unchanged(made):
        return made
    with _lock:
        if _made.get(key) is made:
            del _made[key]
    return None


def _unchanged(made: Made) -> bool:
    """Whether every input (the profile, its logo) still has the bytes that were rendered."""
    for path, sha256 in made.pack.inputs:
        try:
            if hashlib.sha256(path.read_bytes()).hexdigest() != sha256:
                return False
        except OSError:
            return False
    return True


def _launch(flight: Flight) -> None:
    """Send the flight to the worker; its outcome lands in `_landed`, in the pool's thread.
    Never raises: it runs inside a save and in the pool's thread. A render that cannot
    start settles its flight with the reason, so that no click waits on it for ever and the
    next background render is not held behind it."""
    try:
        pool, job = _submit(flight)
    except Exception as exc:  # shutting down, a broken pool, a fork refused (EAGAIN, ENOMEM)
        _log.warning("the pack of %s could not be started: %s", flight.key[0],
                     exc or type(exc).__name__)
        _settle(flight, None, exc)
        return
    job.add_done_callback(lambda job: _landed(flight, pool, job))


def _submit(flight: Flight) -> tuple[ProcessPoolExecutor, Future[Pack]]:
    pool = _workers()
    try:
        return pool, pool.submit(render_in_worker, flight.path, flight.key[2])
    except Exception:
        # The pool may hold the job it refused (queued before the fork failed): dropped with
        # the pool, it is not rendered for nobody later, and the next render gets a new one.
        _discard(pool)
        raise


def _landed(flight: Flight, pool: ProcessPoolExecutor, job: Future[Pack]) -> None:
    """Keep the pack (or the failure), release the flight, start the render waiting. Runs
    in the pool's own thread: it must not raise, or the console would show a traceback."""
    try:
        pack = job.result()
    except BrokenProcessPool as exc:
        _discard(pool)  # the next render gets a new worker
        _log.warning("the pack worker stopped while making %s; it is started again",
                     flight.key[0])
        _settle(flight, None, exc)
    except Exception as exc:  # an audit failure (PolicyPackError), a cancelled job
        _settle(flight, None, exc)
    else:
        _settle(flight, Made(flight.key[0], pack.inputs[0][1], flight.key[2], pack), None)


def _settle(flight: Flight, made: Made | None, error: BaseException | None) -> None:
    """Record the outcome, wake whoever waits on it, and start the next background render."""
    global _running, _waiting
    with _lock:
        _record(flight, made, error)
        if _flights.get(flight.key) is flight:
            del _flights[flight.key]
        following = None
        if _running is flight:
            following, _running, _waiting = _waiting, _waiting, None
    if flight.done.set_running_or_notify_cancel():  # False: dropped, nobody waits on it
        if made is not None:
            flight.done.set_result(made)
        else:
            flight.done.set_exception(error or RuntimeError("no pack"))
    if following is not None:
        _launch(following)


def _record(flight: Flight, made: Made | None, error: BaseException | None) -> None:
    """Keep the pack, or the file's failure if no click was shown it. This newer outcome
    replaces any failure held for the version (the caller holds the lock)."""
    _failures.pop(flight.key, None)
    if made is not None:
        _failures.pop((made.name, made.sha256, made.today), None)
        _keep(made)
    elif isinstance(error, PolicyPackError) and not flight.claimed:
        _failures[flight.key] = error
        while len(_failures) > KEEP:
            _failures.popitem(last=False)


def _keep(made: Made) -> None:
    """Hold the pack under the hash of what was rendered (the caller holds the lock)."""
    _made[(made.name, made.sha256, made.today)] = made
    _made.move_to_end((made.name, made.sha256, made.today))
    while len(_made) > KEEP:
        _made.popitem(last=False)


def find(name: str, key: str) -> Made | None:
    """The pack held under `key` (16 hex digits) for this profile today, or None."""
    if not KEY.fullmatch(key):
        return None
    with _lock:
        return next((m for (n, _, day), m in _made.items()
                     if n == name and day == today() and m.key == key), None)


_renders = itertools.count(1)  # in a worker: how many packs this process has rendered


def render_in_worker(path: Path, today: dt.date) -> Pack:
    """render_pack, run in a worker process: the fork server has imported it already, and
    the editor's own process never imports WeasyPrint (about 1 s, and 100 MB)."""
    from generator.build import render_pack  # deferred: see above

    made = render_pack(path, today, None)
    return Pack(made.slug, made.pages, made.outputs, made.inputs, made.warnings, os.getpid(),
                next(_renders), made.held, made.held_back)


def warm_pool() -> None:
    """Start the workers in the background, so that neither this page nor the first pack
    waits for them (the fork server takes seconds to load what a pack needs)."""
    if _pool is None:
        threading.Thread(target=_start_pool, name="pack-workers", daemon=True).start()


def _start_pool() -> None:
    try:
        _workers().submit(os.getpid)
    except Exception as exc:  # in a thread of its own: a traceback would reach the console
        _log.warning("the pack worker could not be started: %s", exc or type(exc).__name__)


def _workers() -> ProcessPoolExecutor:
    """The one pool, made on first use: forked from a server that has loaded everything a
    pack needs (generator/worker_preload.py, and this module for render_in_worker), as
    batch builds do, and not a plain fork of this threaded server (see generator/batch.py
    for the deadlock that avoids)."""
    global _pool
    with _lock:
        if _closing:  # a pool made now would outlive the shutdown that stopped the last one
            raise RuntimeError("the editor is stopping")
        if _pool is None:
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(["generator.worker_preload", __name__])
            _pool = ProcessPoolExecutor(max_workers=1, mp_context=context,
                                        initializer=_start_worker, initargs=(os.getpid(),))
        return _pool


def _start_worker(server: int) -> None:
    """The pack worker's start: it ends with this process, even one killed with SIGKILL
    (lifeline.py), and it yields the cores to the pages. A pack is made ahead after each
    save; with a team saving once a second it took a core, and every page's p95 grew by
    a quarter to a half on two cores (scripts/bench_team.py, renice 15 on the worker)."""
    die_with(server)
    os.nice(WORKER_NICENESS)


def _discard(pool: ProcessPoolExecutor) -> None:
    global _pool
    with _lock:
        if _pool is pool:
            _pool = None
    pool.shutdown(wait=False, cancel_futures=True)


@atexit.register
def _shut_down() -> None:
    """Stop the workers, waiting for one still starting: left behind, it would fail with a
    traceback on the console as it reached for its parent's semaphore. The render under way
    finishes; the one waiting is dropped (a click asking for it is told the pack could not be
    made, not left waiting), and none is started after this."""
    global _closing, _waiting, _pool
    with _lock:
        _closing = True
        waiting, _waiting = _waiting, None
        if waiting is not None and _flights.get(waiting.key) is waiting:
            del _flights[waiting.key]
        pool, _pool = _pool, None
    if waiting is not None:
        waiting.done.cancel()
    if pool is not None:
        pool.shutdown(wait=True, cancel_futures=True)
