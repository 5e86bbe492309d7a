"""Batch builds: unchanged packs skipped, the rest rendered in parallel worker processes.

Workers only render (render_pack): they read the profile and write nothing. The parent
publishes each pack in the order the profiles were given, so which of two profiles with
one slug is refused never depends on timing, and it alone writes the build cache.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from generator.audit import HtmlAuditor
from generator.build import Built, Failed, Rendered, publish_pack, render_pack, warm_up
from generator.cache import CACHE_NAME, BuildCache
from generator.errors import PolicyPackError
from generator.profile import load_profile, profile_files, slug_taken
from generator.publish import publish

Result = Built | Failed
OnResult = Callable[[Result], None]


def default_jobs() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (
        os.cpu_count() or 1)


def build_all(paths: Iterable[Path], out: Path, today: dt.date | None = None, *,
              auditor: HtmlAuditor | None = None, jobs: int = 1, force: bool = False,
              on_result: OnResult | None = None) -> list[Result]:
    """Build every profile; a failure is recorded and the batch goes on."""
    files = profile_files(paths)
    cache = BuildCache(out)
    results: dict[int, Result] = {}
    taken: dict[str, Path] = {}
    todo: list[tuple[int, Path]] = []
    for index, path in enumerate(files):
        entry = None if force or auditor else cache.fresh(path)
        if entry is None:
            todo.append((index, path))
            continue
        results[index] = Built(path, out / entry.slug, tuple(entry.outputs), entry.pages, (),
                               "unchanged")
        taken[entry.slug] = path
        _tell(on_result, results[index])
    for (index, path), outcome in zip(todo, _render(todo, today, jobs), strict=True):
        results[index] = _publish(outcome, path, out, auditor, cache, taken)
        _tell(on_result, results[index])
    if any(isinstance(results[i], Built) for i, _ in todo):
        publish(out, {CACHE_NAME: cache.data()})  # only when a pack was written
    return [results[i] for i in range(len(files))]


def _publish(outcome: Rendered | Failed, path: Path, out: Path,
             auditor: HtmlAuditor | None, cache: BuildCache,
             taken: dict[str, Path]) -> Result:
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
        built = publish_pack(outcome, out, auditor)
    except PolicyPackError as exc:
        return Failed(path, exc, outcome.seconds)
    taken[outcome.slug] = path
    cache.record(path, outcome.slug, outcome.edition, outcome.inputs, outcome.outputs,
                 outcome.pages)
    return built


def _render(todo: list[tuple[int, Path]], today: dt.date | None,
            jobs: int) -> Iterator[Rendered | Failed]:
    """Each profile rendered, in order: here, or in `jobs` worker processes."""
    if not todo:
        return
    if jobs <= 1 or len(todo) == 1:
        _warm()
        for _, path in todo:
            yield _render_one(path, today)
        return
    # Not a plain fork of this process: libraries with thread pools of their own (the PDF/UA
    # validator's) can deadlock in a forked child. A fork server that has loaded everything
    # once (generator/worker_preload.py) hands each worker a warm start instead.
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["generator.worker_preload"])
    with ProcessPoolExecutor(max_workers=min(jobs, len(todo)), mp_context=context,
                             initializer=_warm) as pool:
        futures: list[Future[Rendered | Failed]] = [
            pool.submit(_render_one, path, today) for _, path in todo]
        for future in futures:
            yield future.result()


def _render_one(path: Path, today: dt.date | None) -> Rendered | Failed:
    try:
        return render_pack(path, today)
    except PolicyPackError as exc:
        return Failed(path, exc)


def _warm() -> None:
    """Load what every pack needs once per process (done already in a forked worker)."""
    warm_up()


def _tell(on_result: OnResult | None, result: Result) -> None:
    if on_result is not None:
        on_result(result)
