"""The reviewers' pages (issue, deliverable 6): compare, matrix and impact, made by the
review commands themselves into a private folder and shown inside the editor.

Each review is run once per set of inputs: its key is a hash of what it reads (the
profiles' bytes, the editions chosen, the date), so a changed file makes a new review and
an unchanged one is served from the folder already written. The review's own HTML is shown
in a sandboxed iframe, its links between its pages kept; its files are offered by the
names it wrote, and no other. These pages are served in `--read-only` mode too.

The reviews read the folder's own profiles that check clean: drafts (store.DRAFTS) are never
read, and a profile with problems is left out with one line saying so, so that one
half-finished profile never stops the others' review (in team mode, one whose departures
await approval is said to wait for its approvers, in words: reviewable.Waiting). The
pickers name each department.
"""

from __future__ import annotations

import atexit
import dataclasses
import hashlib
import shutil
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path

from flask import Blueprint, Response, abort, render_template, request

from generator.errors import PolicyPackError, ProfileError
from generator.review import base_labels, edition_labels, run_compare, run_impact, run_matrix
from generator.serve import store
from generator.serve.security import PREVIEW_POLICY, REVIEW_POLICY
from generator.serve.views.desk import desk
from generator.serve.views.reviewable import Reviewable, reviewable
from generator.serve.workspace import as_seen, settings, today

reviews = Blueprint("reviews", __name__)
reviews.register_blueprint(desk)  # the dashboard and the sign-off form (desk.py)

KEEP = 16  # reviews kept on disk; the oldest folder is removed beyond that
TYPES = {".html": "text/html; charset=utf-8", ".csv": "text/csv; charset=utf-8",
         ".json": "application/json",
         ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
         ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}
Review = Callable[[Path], Path]  # writes into a folder; returns the folder of its main page


@dataclasses.dataclass(frozen=True)
class Run:
    """A review written to disk: its main page and every file it wrote."""

    key: str
    title: str
    main: str  # the path of the page shown, from the run's folder
    files: dict[str, Path]  # path from the run's folder (with /) -> the file


_lock = threading.Lock()  # one review written at a time: no two threads in one folder
_runs: OrderedDict[str, Run] = OrderedDict()
_root: list[Path] = []  # the private folder, made on first use


@reviews.get("/reviews")
def index() -> str:
    """Compare, matrix and impact: what each shows, and the choices they take."""
    return _index({})


@reviews.get("/reviews/compare")
def compare() -> str | tuple[str, int]:
    """Policy A against policy B, each a profile of the folder or a base edition."""
    a, b = request.args.get("a", ""), request.args.get("b", "")
    folder = reviewable()
    choices = _choices(folder)
    errors = {field: f"Choose policy {field.upper()}"
              for field, value in (("a", a), ("b", b)) if value not in choices}
    if errors:
        return _index(errors, a, b), 400
    names = folder.paths
    title = f"{choices[a]} compared with {choices[b]}"
    return _show(title, _inputs("compare", [a, b], [names[s] for s in (a, b) if s in names]),
                 lambda out: run_compare(_spec(a, names), _spec(b, names), out, today())[0],
                 "report.html")


@reviews.get("/reviews/matrix")
def matrix() -> str | tuple[str, int]:
    """Every department against its base, section by section."""
    folder = reviewable()
    paths = list(folder.paths.values())
    return _show("Departments and sections", _inputs("matrix", [], paths),
                 lambda out: run_matrix(settings().folder, out, today(), only=paths)[0],
                 "matrix.html", folder.not_in)


@reviews.get("/reviews/impact")
def impact() -> str | tuple[str, int]:
    """What a base edition would mean for each department of the folder."""
    edition = request.args.get("to", "")
    labels = edition_labels()
    if edition not in labels:
        return _index({"to": "Choose an edition of the guidance"}, to=edition), 400
    folder = reviewable()
    paths = list(folder.paths.values())
    return _show(f"What the {labels[edition]} means for each department",
                 _inputs("impact", [edition], paths),
                 lambda out: run_impact(edition, paths, out, today())[0], "impact.html",
                 folder.not_in)


@reviews.get("/reviews/view/<key>/<path:name>")
def view(key: str, name: str) -> Response:
    """A page of a review, for the iframe: no script, framed only by the editor. A page's
    own links to the review's files (the matrix's CSV, a report's redline) save the file."""
    path = _written(key, name)
    if path.suffix != ".html":
        return download(key, name)
    response = Response(path.read_bytes(), mimetype="text/html")
    response.headers["Content-Security-Policy"] = REVIEW_POLICY
    return response


@reviews.get("/reviews/files/<key>/<path:name>")
def download(key: str, name: str) -> Response:
    """A file the review wrote, to save."""
    path = _written(key, name)
    response = Response(path.read_bytes(),
                        mimetype=TYPES.get(path.suffix, "application/octet-stream"))
    response.headers.set("Content-Disposition", "attachment", filename=path.name)
    response.headers["Content-Security-Policy"] = PREVIEW_POLICY
    return response


def _index(errors: dict[str, str], a: str = "", b: str = "", to: str = "") -> str:
    """The start page; `errors` by field name, `a`, `b` and `to` as chosen before."""
    folder = reviewable()
    choices = [(value, _option(value, label)) for value, label in _choices(folder).items()]
    editions = list(edition_labels().items())
    bases = [value for value, _ in choices if value.startswith("base:")]
    profiles = [value for value, _ in choices if not value.startswith("base:")]
    return render_template(
        "reviews.html.j2", error=errors, nav_current="reviews",
        errors=[{"text": text, "href": f"#{field}"} for field, text in errors.items()],
        a_items=_items(choices, a or next(iter(bases), "")),
        b_items=_items(choices, b or next(iter(profiles), "")),
        to_items=_items(editions, to or (editions[-1][0] if editions else "")),
        left_out=folder.not_in, drafts=len(store.drafts(settings().folder)),
        read_only=settings().read_only)


def _items(pairs: list[tuple[str, str]], selected: str) -> list[dict[str, object]]:
    """The options of a GOV.UK select, `selected` chosen."""
    return [{"value": value, "text": text, "selected": value == selected}
            for value, text in pairs]


def _choices(folder: Reviewable) -> dict[str, str]:
    """What A and B may be, each with its label: the folder's profiles that check clean,
    by their departments' names, then the editions."""
    # A side is the base text, not the Cabinet Office's words: it carries model and code text.
    bases = {f"base:{edition}": label[:1].upper() + label[1:]
             for edition, label in base_labels().items()}
    return folder.names | bases


def _option(value: str, label: str) -> str:
    """A picker's line: the department, its file name after it (two departments may share
    a name); an edition by its label alone."""
    return label if value.startswith("base:") else f"{label} ({value})"


def _spec(choice: str, names: dict[str, Path]) -> str:
    """The review command's argument: a profile's path from the listing, or base:EDITION."""
    return str(names[choice]) if choice in names else choice


def _inputs(kind: str, words: list[str], paths: list[Path]) -> str:
    """The key of a review: what it is, its choices, the date, and the bytes it reads."""
    digest = hashlib.sha256("\0".join([kind, str(today()), *words]).encode())
    for path in sorted(paths):
        digest.update(f"\0{path.name}\0".encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:32]


def _show(title: str, key: str, review: Review, main: str,
          left_out: tuple[str, ...] = ()) -> str | tuple[str, int]:
    """The review's page, run first if these inputs have not been reviewed yet, with a line
    for each profile left out; a profile that fails its check (changed since it was
    listed) shows its problems, as `check` words them."""
    try:
        run = _run(key, title, review, main)
    except ProfileError as exc:
        return _result(title, None, [as_seen(str(p)) for p in exc.problems]), 422
    except PolicyPackError as exc:
        return _result(title, None, [as_seen(str(exc))]), 422
    return _result(title, run, [], left_out)


def _result(title: str, run: Run | None, problems: list[str],
            left_out: tuple[str, ...] = ()) -> str:
    return render_template("reviews_result.html.j2", title=title, run=run,
                           problems=problems, errors=problems, nav_current="reviews",
                           left_out=left_out)


def _run(key: str, title: str, review: Review, main: str) -> Run:
    with _lock:
        if key in _runs:
            _runs.move_to_end(key)
            return _runs[key]
        out = _private() / key
        try:
            shown = review(out) / main
        except BaseException:
            shutil.rmtree(out, ignore_errors=True)
            raise
        page = shown.relative_to(out).as_posix()
        _runs[key] = Run(key, title, page, _files(out, page.rsplit("/", 1)[0]))
        _forget_oldest()
        return _runs[key]


def _files(out: Path, first: str) -> dict[str, Path]:
    """Every file written under `out`, by its path from there: the main page's folder first
    (the matrix also writes each department's comparison beside it)."""
    found = [p for p in out.rglob("*") if p.is_file()]
    named = sorted((p.relative_to(out).as_posix(), p) for p in found)
    return dict(sorted(named, key=lambda item: not item[0].startswith(f"{first}/")))


def _forget_oldest() -> None:
    while len(_runs) > KEEP:
        _, old = _runs.popitem(last=False)
        shutil.rmtree(_private() / old.key, ignore_errors=True)


def _private() -> Path:
    """The folder the reviews are written into: this process's own, removed at exit."""
    if not _root:
        _root.append(Path(tempfile.mkdtemp(prefix="policy-pack-reviews-")))
        atexit.register(shutil.rmtree, _root[0], ignore_errors=True)
    return _root[0]


def _written(key: str, name: str) -> Path:
    """A file the review `key` wrote, by its name from the review's folder; 404 else."""
    with _lock:
        run = _runs.get(key)
    path = None if run is None else run.files.get(name)
    if path is None:
        abort(404)
    return path
