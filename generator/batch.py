"""Batch builds: unchanged packs skipped, the rest rendered in parallel worker processes.

Workers only render (render_pack): they read the profile and write nothing. The parent
publishes each pack in the order the profiles were given, so which of two profiles with
one slug is refused never depends on timing, and it alone writes the build cache. A bug
in one profile's render or publish is that profile's failure (InternalError, with its
traceback for --debug): the other profiles are still built, and the cache still saved.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from generator.audit import HtmlAuditor
from generator.build import (
    Built,
    Failed,
    InternalError,
    Rendered,
    publish_pack,
    render_pack,
    warm_up,
)
from generator.cache import CACHE_NAME, BuildCache, build_lock
from generator.errors import PolicyPackError, ProfileError
from generator.profile import load_profile, profile_files, slug_taken
from generator.publish import clean, publish
from generator.versions import typed_approvals

Result = Built | Failed
OnResult = Callable[[Result], None]


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (
        os.cpu_count() or 1)


@dataclass(frozen=True)
class Note:
    """Something about the batch as a whole: the cache ignored (a warning) or not saved."""

    message: str
    error: bool = False


def build_all(paths: Iterable[Path], out: Path, today: dt.date | None = None, *,
              auditor: HtmlAuditor | None = None, jobs: int = 1, force: bool = False,
              replace: bool = False, on_result: OnResult | None = None,
              notes: list[Note] | None = None, lock_wait: float = 60.0) -> list[Result]:
    """Build every profile; a failure, even a bug, is recorded and the batch goes on.

    One build at a time writes into `out` (the others wait up to `lock_wait` seconds).
    The cache is saved after each pack, so a killed build leaves it true to the disk.
    """
    files = profile_files(paths)
    if not files:
        return []
    notes = [] if notes is None else notes
    with build_lock(out, lock_wait):
        _clean(out)
        cache = BuildCache(out)
        if cache.warning:
            notes.append(Note(cache.warning))
        return _build(files, out, today, cache, notes, _Options(auditor, jobs, force, replace),
                      on_result)


@dataclass(frozen=True)
class _Options:
    auditor: HtmlAuditor | None
    jobs: int
    force: bool
    replace: bool


def _build(files: list[Path], out: Path, today: dt.date | None, cache: BuildCache,
           notes: list[Note], options: _Options, on_result: OnResult | None) -> list[Result]:
    results: dict[int, Result] = {}
    taken: dict[str, Path] = {}
    todo: list[tuple[int, Path]] = []
    for index, path in enumerate(files):
        entry = None if options.force or options.auditor else cache.fresh(path)
        typed = typed_approvals(path) if entry is None else ()  # a team's folder: an
        if typed:  # approval typed, not given in the editor; refused before any render
            results[index] = Failed(path, ProfileError(list(typed)), 0.0)
            _tell(on_result, results[index])
            continue
        if entry is None:
            todo.append((index, path))
            continue
        results[index] = Built(path, out / entry.slug, tuple(entry.outputs), entry.pages, (),
                               "unchanged")
        taken[entry.slug] = path
        _tell(on_result, results[index])
    for (index, path), outcome in zip(todo, _render(todo, today, options.jobs, out),
                                      strict=True):
        results[index] = _publish(outcome, path, out, options, cache, taken)
        if isinstance(results[index], Built):
            _save(cache, notes)
        _tell(on_result, results[index])
    return [results[i] for i in range(len(files))]


def _clean(out: Path) -> None:
    """Undo what a killed build left in `out`: staging folders and temporary files."""
    clean(out)
    for left in out.glob(f".{CACHE_NAME}.*.tmp"):
        left.unlink(missing_ok=True)


def _save(cache: BuildCache, notes: list[Note]) -> None:
    if any(n.error for n in notes):
        return  # said once already
    try:
        publish(cache.out, {CACHE_NAME: cache.data()})
    except PolicyPackError as exc:
        notes.append(Note(f"the build cache was not saved (the packs were written; the next "
                          f"build checks them again): {exc}", error=True))


def _publish(outcome: Rendered | Failed, path: Path, out: Path, options: _Options,
             cache: BuildCache, taken: dict[str, Path]) -> Result:
    if isinstance(outcome, Failed):
        return outcome  # its old entry no longer matches the changed file: nothing to undo
    if outcome.slug in taken:
        # Two profiles with one slug would overwrite each other's pack: check's own words.
        try:
            clash: PolicyPackError = slug_taken(load_profile(path), outcome.slug,
                                                taken[outcome.slug])
        except PolicyPackError as changed:  # the file changed while it was rendered
            clash = changed
        return Failed(path, clash, outcome.seconds)
    try:
        built = publish_pack(outcome, out, options.auditor, options.replace)
    except PolicyPackError as exc:
        return Failed(path, exc, outcome.seconds)
    except Exception as exc:  # a bug: reported for this profile, and the batch goes on
        return Failed(path, InternalError.of(exc), outcome.seconds)
    taken[outcome.slug] = path
    if outcome.held:  # built again next time, so that what holds it back is said again
        cache.forget(path)
    else:
        cache.record(path, outcome.slug, outcome.edition, outcome.inputs, outcome.outputs,
                     outcome.pages)
    return built


def _render(todo: list[tuple[int, Path]], today: dt.date | None,
            jobs: int, out: Path) -> Iterator[Rendered | Failed]:
    """Each profile rendered, in order: here, or in `jobs` worker processes."""
    if not todo:
        return
    if jobs <= 1 or len(todo) == 1:
        # No warm-up here: the first pack loads what it needs as it goes, and the warm-up's
        # own small render (there to spare forked workers the cost) would be work done twice.
        for _, path in todo:
            yield _render_one(path, today, out)
        return
    # Not a plain fork of this process: libraries with thread pools of their own (the PDF/UA
    # validator's) can deadlock in a forked child. A fork server that has loaded everything
    # once (generator/worker_preload.py) hands each worker a warm start instead.
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["generator.worker_preload"])
    with ProcessPoolExecutor(max_workers=min(jobs, len(todo)), mp_context=context,
                             initializer=_warm) as pool:
        futures: list[Future[Rendered | Failed]] = [
            pool.submit(_render_one, path, today, out) for _, path in todo]
        for (_, path), future in zip(todo, futures, strict=True):
            try:
                yield future.result()
            except Exception as exc:  # the worker died (killed, out of memory): a failure
                yield Failed(path, InternalError.of(exc))


def _render_one(path: Path, today: dt.date | None, out: Path) -> Rendered | Failed:
    try:
        return render_pack(path, today, out)
    except PolicyPackError as exc:
        return Failed(path, exc)
    except Exception as exc:  # a bug: reported for this profile, and the batch goes on
        return Failed(path, InternalError.of(exc))


def _warm() -> None:
    """Load what every pack needs once per process (done already in a forked worker)."""
    warm_up()


def _tell(on_result: OnResult | None, result: Result) -> None:
    if on_result is not None:
        on_result(result)
