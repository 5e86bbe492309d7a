"""The pack on demand (issue, deliverable 5): PDF, DOCX and HTML, audited, made from the
saved file in a warm worker process (pack_making.py) and downloaded as the files or one zip.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from flask import Blueprint, Response, abort, redirect, render_template, url_for
from werkzeug.wrappers import Response as BaseResponse

from generator.errors import PolicyPackError, Problem
from generator.language import english_name
from generator.review import edition_labels
from generator.serve import approving, people
from generator.serve.answers.wording import warned
from generator.serve.pack_making import NotMade, find, obtain, prepare
from generator.serve.security import PREVIEW_POLICY
from generator.serve.workspace import Opened, as_seen, open_profile, settings

packs = Blueprint("packs", __name__)

TYPES = {".pdf": "application/pdf",
         ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         ".html": "text/html; charset=utf-8", ".json": "application/json"}
ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # a fixed time in the zip: the same pack, the same bytes


@packs.before_request
def _not_when_read_only() -> None:
    """`--read-only` serves the reviews and previews only (issue, deliverable 6)."""
    if settings().read_only:
        abort(404)


@packs.get("/p/<name>/pack")
def pack_page(name: str) -> str:
    """The page with the "Make the pack" button, or the count of errors that stop it."""
    opened = approving.settled(open_profile(name))
    if not opened.errors:
        prepare(opened)  # the pack is made while the person reads the page (not awaiting)
    return _page(opened)


@packs.post("/p/<name>/pack")
def make_pack(name: str) -> BaseResponse | tuple[str, int]:
    """Render the saved file (or take it from memory), then show its files."""
    opened = approving.settled(open_profile(name))
    if opened.errors or approving.awaiting(opened):
        return _page(opened), 422
    try:
        made = obtain(opened)
    except PolicyPackError as exc:  # an audit or render failure: the message, no trace
        return _page(opened, failure=as_seen(str(exc))), 422
    except NotMade as exc:  # the machine's failure, not a bug: said plainly, no trace
        return _page(opened, failure=str(exc)), 503
    return redirect(url_for("packs.files_page", name=name, key=made.key), 303)


@packs.get("/p/<name>/pack/<key>")
def files_page(name: str, key: str) -> str | tuple[str, int]:
    """The files of a pack made earlier, each with its size, and the zip."""
    opened = open_profile(name)
    made = find(name, key)
    if made is None:  # forgotten (evicted, another day, a restart): make it again
        return _page(opened, gone=True), 404
    files = [(file, _size(len(made.pack.outputs[file])))
             for file in sorted(made.pack.outputs, key=_listed)]
    return render_template("pack.html.j2", opened=opened, made=made, files=files,
                           warnings=[_to_look_at(p) for p in made.pack.warnings],
                           held_back=" and ".join(english_name(c)
                                                  for c in made.pack.held_back),
                           held=len(made.pack.held),
                           failure="", gone=False, errors=[], nav_current="profiles")


@packs.get("/p/<name>/pack/<key>/<filename>")
def download(name: str, key: str, filename: str) -> Response:
    """One file of the pack; only the names the pack holds are served."""
    made = find(name, key) or abort(404)
    data = made.pack.outputs.get(filename)
    if data is None:
        abort(404)
    return _attachment(data, filename, TYPES.get(Path(filename).suffix, "application/octet-stream"))


@packs.get("/p/<name>/pack/<key>.zip")
def download_zip(name: str, key: str) -> Response:
    """Every file of the pack in one zip, built in memory, in name order."""
    made = find(name, key) or abort(404)
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


_NEWER = re.compile(r"impact --to (\S+)")  # `check`'s advice on an older edition


def _to_look_at(problem: Problem) -> dict[str, str]:
    """A warning as the pack page lists it. `check`'s advice on an older edition of the
    guidance is a command, with the server's path of a copy of the profile: the person in
    the editor can run neither, so it is said in words, with a link to the editor's own
    impact page for whoever may see it (the reviewers; everyone on a laptop)."""
    newer = _NEWER.search(problem.hint) if problem.key == "base" else None
    labels = edition_labels()
    if newer is None or newer.group(1) not in labels:
        return {"text": warned(problem), "link": "", "href": ""}
    edition = newer.group(1)
    text = f"The policy follows an older edition of the guidance: the {_named(labels[edition])} " \
        "is available."
    if people.may("review"):
        return {"text": text, "link": "See what moving to it would change for each department",
                "href": url_for("reviews.impact", to=edition)}
    return {"text": f"{text} Your central reviewers can show what moving to it would change.",
            "link": "", "href": ""}


def _named(label: str) -> str:
    """ "Cabinet Office guidance (October 2014)" as a sentence names it: "October 2014
    edition of the Cabinet Office guidance"."""
    found = re.fullmatch(r"(.+) \((.+)\)", label)
    return f"{found.group(2)} edition of the {found.group(1)}" if found else label


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
                           awaiting=approving.awaiting(opened) if not opened.errors else (),
                           nav_current="profiles")


def _attachment(data: bytes, filename: str, mimetype: str) -> Response:
    response = Response(data, mimetype=mimetype)
    response.headers.set("Content-Disposition", "attachment", filename=filename)
    # Should a browser show an HTML file rather than save it, it runs no script here.
    response.headers["Content-Security-Policy"] = PREVIEW_POLICY
    return response
