"""The pack on demand (issue, deliverable 5): PDF, DOCX and HTML, audited, made from the
saved file in a warm worker process and downloaded as the files or one zip.

The worker pool starts with the first pack, not with the server, so that the address is
printed within 2 s (WeasyPrint alone takes about 1 s to import). Packs are kept in memory,
a few at a time, by the profile's name, the SHA-256 of the bytes rendered and the date: a
second "Make the pack" of an unchanged file costs nothing.
"""

from __future__ import annotations

import atexit
import datetime as dt
import hashlib
import io
import multiprocessing
import os
import re
import threading
import zipfile
from collections import OrderedDict
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from flask import Blueprint, Response, abort, redirect, render_template, url_for
from werkzeug.wrappers import Response as BaseResponse

from generator.errors import PolicyPackError, Problem
from generator.serve.security import PREVIEW_POLICY
from generator.serve.workspace import Opened, as_seen, open_profile, settings, today

packs = Blueprint("packs", __name__)

KEEP = 4  # packs held in memory: each is a few MB
KEY = re.compile(r"[0-9a-f]{16}")  # the first 16 hex digits of the profile's SHA-256
TYPES = {".pdf": "application/pdf",
         ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         ".html": "text/html; charset=utf-8", ".json": "application/json"}
ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # a fixed time in the zip: the same pack, the same bytes


@dataclass(frozen=True)
class Pack:
    """What the pages need of a rendered pack (build.Rendered), in types the editor's
    process can unpickle without importing the renderers."""

    slug: str
    pages: int
    outputs: dict[str, bytes]
    inputs: tuple[tuple[Path, str], ...]  # the profile and its logo, with the sha256 read
    warnings: tuple[Problem, ...]


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


_lock = threading.Lock()
_pool: ProcessPoolExecutor | None = None
_made: OrderedDict[tuple[str, str, dt.date], Made] = OrderedDict()


@packs.before_request
def _not_when_read_only() -> None:
    """`--read-only` serves the reviews and previews only (issue, deliverable 6)."""
    if settings().read_only:
        abort(404)


@packs.get("/p/<name>/pack")
def pack_page(name: str) -> str:
    """The page with the "Make the pack" button, or the count of errors that stop it."""
    opened = open_profile(name)
    if not opened.errors:
        warm_pool()  # starts the workers while the person reads the page
    return _page(opened)


@packs.post("/p/<name>/pack")
def make_pack(name: str) -> BaseResponse | tuple[str, int]:
    """Render the saved file (or take it from memory), then show its files."""
    opened = open_profile(name)
    if opened.errors:
        return _page(opened), 422
    try:
        made = _cached(opened) or _render(opened)
    except PolicyPackError as exc:  # an audit or render failure: the message, no trace
        return _page(opened, failure=as_seen(str(exc))), 422
    return redirect(url_for("packs.files_page", name=name, key=made.key), 303)


@packs.get("/p/<name>/pack/<key>")
def files_page(name: str, key: str) -> str | tuple[str, int]:
    """The files of a pack made earlier, each with its size, and the zip."""
    opened = open_profile(name)
    made = _find(name, key)
    if made is None:  # forgotten (evicted, another day, a restart): make it again
        return _page(opened, gone=True), 404
    files = [(file, _size(len(made.pack.outputs[file])))
             for file in sorted(made.pack.outputs, key=_listed)]
    return render_template("pack.html.j2", opened=opened, made=made, files=files,
                           warnings=[as_seen(str(p)) for p in made.pack.warnings],
                           failure="", gone=False, errors=[], nav_current="profiles")


@packs.get("/p/<name>/pack/<key>/<filename>")
def download(name: str, key: str, filename: str) -> Response:
    """One file of the pack; only the names the pack holds are served."""
    made = _find(name, key) or abort(404)
    data = made.pack.outputs.get(filename)
    if data is None:
        abort(404)
    return _attachment(data, filename, TYPES.get(Path(filename).suffix, "application/octet-stream"))


@packs.get("/p/<name>/pack/<key>.zip")
def download_zip(name: str, key: str) -> Response:
    """Every file of the pack in one zip, built in memory, in name order."""
    made = _find(name, key) or abort(404)
    return _attachment(zipped(made.pack.outputs), f"{made.pack.slug}-pack.zip",
                       "application/zip")


def zipped(outputs: dict[str, bytes]) -> bytes:
    """The files in a zip whose bytes depend only on the files (sorted, fixed times)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for file in sorted(outputs):
            info = zipfile.ZipInfo(file, ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, outputs[file])
    return buffer.getvalue()


def _listed(file: str) -> tuple[int, str]:
    """The PDF first, then the Word document, the web pages and the manifest."""
    order = list(TYPES)
    suffix = Path(file).suffix
    return (order.index(suffix) if suffix in order else len(order), file)


def _size(count: int) -> str:
    """A file's size as people read it: 87 KB, 1.2 MB."""
    if count >= 1_000_000:
        return f"{count / 1_000_000:.1f} MB"
    return f"{max(1, round(count / 1000))} KB"


def _page(opened: Opened, failure: str = "", gone: bool = False) -> str:
    return render_template("pack.html.j2", opened=opened, made=None, files=[], warnings=[],
                           failure=failure, gone=gone, errors=[failure] if failure else [],
                           nav_current="profiles")


def _attachment(data: bytes, filename: str, mimetype: str) -> Response:
    response = Response(data, mimetype=mimetype)
    response.headers.set("Content-Disposition", "attachment", filename=filename)
    # Should a browser show an HTML file rather than save it, it runs no script here.
    response.headers["Content-Security-Policy"] = PREVIEW_POLICY
    return response



def _cached(opened: Opened) -> Made | None:
    """The pack of these very bytes, today, if held and its logo has not changed since."""
    with _lock:
        made = _made.get((opened.name, opened.snapshot.sha256, today()))
        if made is not None:
            _made.move_to_end((made.name, made.sha256, made.today))
    return made if made is not None and _unchanged(made) else None


def _unchanged(made: Made) -> bool:
    """Whether every input (the profile, its logo) still has the bytes that were rendered."""
    for path, sha256 in made.pack.inputs:
        try:
            if hashlib.sha256(path.read_bytes()).hexdigest() != sha256:
                return False
        except OSError:
            return False
    return True


def _render(opened: Opened) -> Made:
    """Render in the warm pool and keep the result under the hash of what was rendered."""
    day = today()
    pack = _submit(opened.path, day)
    made = Made(opened.name, pack.inputs[0][1], day, pack)
    with _lock:
        _made[(made.name, made.sha256, day)] = made
        while len(_made) > KEEP:
            _made.popitem(last=False)
    return made


def _find(name: str, key: str) -> Made | None:
    if not KEY.fullmatch(key):
        return None
    with _lock:
        return next((m for (n, _, day), m in _made.items()
                     if n == name and day == today() and m.key == key), None)


def _submit(path: Path, today: dt.date) -> Pack:
    """The pack, made in a worker; a pool whose worker died is replaced for the next pack."""
    pool = _workers()
    try:
        return pool.submit(render_in_worker, path, today).result()
    except BrokenProcessPool:
        _discard(pool)
        raise


def render_in_worker(path: Path, today: dt.date) -> Pack:
    """render_pack, run in a worker process: the fork server has imported it already, and
    the editor's own process never imports WeasyPrint (about 1 s, and 100 MB)."""
    from generator.build import render_pack  # deferred: see above

    made = render_pack(path, today, None)
    return Pack(made.slug, made.pages, made.outputs, made.inputs, made.warnings)


def warm_pool() -> None:
    """Start the workers in the background, so that neither this page nor the first pack
    waits for them (the fork server takes seconds to load what a pack needs)."""
    if _pool is None:
        threading.Thread(target=_start_pool, name="pack-workers", daemon=True).start()


def _start_pool() -> None:
    _workers().submit(os.getpid)


def _workers() -> ProcessPoolExecutor:
    """The one pool, made on first use: forked from a server that has loaded everything a
    pack needs (generator/worker_preload.py, and this module for render_in_worker), as
    batch builds do, and not a plain fork of this threaded server (see generator/batch.py
    for the deadlock that avoids)."""
    global _pool
    with _lock:
        if _pool is None:
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(["generator.worker_preload", __name__])
            _pool = ProcessPoolExecutor(max_workers=1, mp_context=context)
        return _pool


def _discard(pool: ProcessPoolExecutor) -> None:
    global _pool
    with _lock:
        if _pool is pool:
            _pool = None
    pool.shutdown(wait=False, cancel_futures=True)


@atexit.register
def _shut_down() -> None:
    """Stop the workers, waiting for one still starting: left behind, it would fail with a
    traceback on the console as it reached for its parent's semaphore."""
    if _pool is not None:
        _pool.shutdown(wait=True, cancel_futures=True)
