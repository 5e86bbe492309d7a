"""The pages around the forms: the list of profiles, a new profile, the task list, Check
your answers, and the live preview."""

from __future__ import annotations

import time
from collections import OrderedDict
from dataclasses import dataclass
from threading import Lock

from flask import Response, abort, redirect, render_template, request
from werkzeug.wrappers import Response as Answer

from generator.errors import PolicyPackError, ProfileError
from generator.profile import STARTER_MARK, KeyPath
from generator.serve import store
from generator.serve.departures import STATUS, section_edits
from generator.serve.editing import editing, writable
from generator.serve.forms import as_text, edits_for, lookup, shown, under
from generator.serve.journey import BY_SLUG, PAGES, Page
from generator.serve.preview import Preview, framed, preview, waiting
from generator.serve.security import PREVIEW_POLICY
from generator.serve.workspace import Opened, open_profile, opened, settings, source
from generator.serve.yamledit import Edit

DEPARTURES: KeyPath = ("adaptations",)
STYLES: OrderedDict[str, str] = OrderedDict()  # the previews' stylesheets, by their href
_STYLES_LOCK = Lock()


@dataclass(frozen=True)
class Task:
    title: str
    href: str
    status: str  # "Completed", "Not yet started", "Optional", "There is a problem"
    hint: str = ""


@editing.route("/")
def profiles() -> str | Answer:
    """The list of profiles, and the form to start one."""
    if settings().read_only:
        return redirect("/reviews", 303)
    return render_template("profiles.html.j2", rows=_rows(), errors=[], nav_current="profiles",
                           folder=settings().folder.name)


def _rows() -> list[tuple[str, str, str]]:
    """Each profile of the folder: its file, the department's name, and its state."""
    rows = []
    for name, path in store.listing(settings().folder).items():
        try:
            current = opened(name, path, store.read(path))
        except store.NotEditable as exc:
            rows.append((name, name, str(exc)))
            continue
        count = len(current.errors)
        state = "Ready to make the pack" if not count else \
            f"{count} problem{'s' if count != 1 else ''} to put right"
        title = lookup(current.data, ("department", "name"))
        rows.append((name, title if isinstance(title, str) and STARTER_MARK not in title
                     else name, state))
    return rows


@editing.route("/new", methods=["POST"])
def new_profile() -> str | Answer | tuple[str, int]:
    writable()
    name = request.form.get("file", "").strip().removesuffix(".yaml")
    try:
        path = store.create(settings().folder, name)
    except PolicyPackError as exc:
        return render_template("profiles.html.j2", rows=_rows(), errors=[str(exc)],
                               nav_current="profiles", folder=settings().folder.name,
                               file=name), 400
    return redirect(f"/p/{path.name}", 303)


@editing.route("/p/<name>")
def tasks(name: str) -> str:
    writable()
    current = open_profile(name)
    tasks = [_task(current, page) for page in PAGES]
    covered = [k for page in PAGES for k in page.keys] + [DEPARTURES]
    others = [p for p in current.errors if not under(p, covered)]
    departures = _departures_status(current)
    return render_template("tasks.html.j2", name=name, tasks=tasks, departures=departures,
                           others=others, count=len(current.errors), errors=[])


@editing.route("/p/<name>/check")
def check_answers(name: str) -> str:
    writable()
    current = open_profile(name)
    sections = []
    for page in PAGES:
        rows = []
        for field in page.fields if not page.list_key else ():
            value = shown(lookup(current.data, field.key), field)
            rows.append((field.label, as_text(value), f"/p/{name}/page/{page.slug}"))
        if page.list_key:
            items = lookup(current.data, page.list_key)
            count = len(items) if isinstance(items, list) else 0
            rows.append((page.title, f"{count} {page.item}{'s' if count != 1 else ''}",
                         f"/p/{name}/list/{page.slug}"))
        sections.append((page.title, rows))
    return render_template("check.html.j2", name=name, sections=sections,
                           problems=current.errors, warnings=[p for p in current.problems
                                                              if p.severity == "warning"],
                           errors=[])


@editing.route("/p/<name>/preview/<part>", methods=["GET", "POST"])
def live_preview(name: str, part: str) -> str | Response:
    """GET: the saved file's preview document. POST (htmx, as the person types): the form's
    answers applied to the values in memory, never saved; answers with the page for the frame
    to show (editor.js puts it in the frame)."""
    started = time.perf_counter()
    current = open_profile(name, checked=False)
    page = _page_for(request.args.get("page", ""))
    edits = _unsaved(current, page) if request.method == "POST" and current.readable else []
    try:
        doc = source(current.snapshot, current.path)
    except ProfileError as exc:
        made = Preview(waiting(len(exc.problems)), len(exc.problems))
    else:
        made = preview(doc, edits, "" if part == "all" else part, settings().today)
    if request.method == "GET":
        return _document(made.html)
    shown = framed(made.html)
    with _STYLES_LOCK:
        STYLES[shown.href] = shown.css
        STYLES.move_to_end(shown.href)
        while len(STYLES) > 16:
            STYLES.popitem(last=False)
    answer = Response(render_template("preview_frame.html.j2", page=shown.html, part=part,
                                      problems=made.problems,
                                      announce=_announce(made.problems)),
                      content_type="text/html; charset=utf-8")
    # The server's share of the wait, for the browser's timings (scripts/bench_serve.py).
    answer.headers["Server-Timing"] = f"app;dur={(time.perf_counter() - started) * 1000:.1f}"
    return answer


def _announce(problems: int) -> str | None:
    """What the status says when the number of problems changed since the last preview
    (None: unchanged, or the first preview of the page, so nothing is announced)."""
    before = request.form.get("problems_shown", "")
    if not before.isdigit() or int(before) == problems:
        return None
    if not problems:
        return "The profile has no problems now: the preview shows your answers."
    plural = "problem" if problems == 1 else "problems"
    return (f"The profile has {problems} {plural} now: the preview marks the answers to "
            "write or correct.")


@editing.get("/static/preview/<key>.css")
def preview_style(key: str) -> Response:
    """A live preview's stylesheet. Under /static/, so without the cookie: the preview
    frame's origin is opaque (sandbox), so its requests carry none. Its name is a hash of
    its text salted with this run's secret, so only a page that links it can name it (a
    plain hash would let anyone confirm a guessed title)."""
    with _STYLES_LOCK:
        css = STYLES.get(f"/static/preview/{key}.css")
    if css is None:
        abort(404)
    answer = Response(css, content_type="text/css; charset=utf-8")
    answer.headers["Cache-Control"] = "no-store"  # it holds the profile's text (security.py)
    return answer


def _document(html: str) -> Response:
    answer = Response(html, content_type="text/html; charset=utf-8")
    answer.headers["Content-Security-Policy"] = PREVIEW_POLICY
    return answer


def _unsaved(current: Opened, page: Page | None) -> list[Edit]:
    """The edits the form would make if it were saved now."""
    if request.args.get("page") == "section":
        choice = request.form.get("choice", "")
        section = request.args.get("item", "")
        return section_edits(current, ("adaptations", section), choice) \
            if choice in STATUS and section else []
    if page is None:
        return []
    return edits_for(page.fields, current.data, request.form, _item_base(page))


def _page_for(slug: str) -> Page | None:
    return BY_SLUG.get(slug)


def _item_base(page: Page) -> KeyPath:
    """A list item's key, from the `item` the form names (a number); () for other pages."""
    item = request.args.get("item", "")
    return (*page.list_key, int(item)) if page.list_key and item.isdigit() else ()


def _task(current: Opened, page: Page) -> Task:
    href = f"/p/{current.name}/{'list' if page.list_key else 'page'}/{page.slug}"
    if page.slug == "logo":
        href = f"/p/{current.name}/logo"
    if all(_unfilled(lookup(current.data, key)) for key in page.keys):
        # Nothing written yet (a starter says FILL IN): its problems are only that.
        required = any(not f.optional for f in page.fields) and page.slug not in (
            "logo", "history", "local-rules", "related-policies")
        return Task(page.title, href, "Not yet started" if required else "Optional")
    if any(under(p, page.keys) for p in current.errors):
        return Task(page.title, href, "There is a problem")
    return Task(page.title, href, "Completed")


def _unfilled(value: object) -> bool:
    """Whether nothing of a value is the person's own: absent, or all starter placeholders."""
    if isinstance(value, dict):
        return all(_unfilled(v) for v in value.values())
    if isinstance(value, list):
        return all(_unfilled(v) for v in value)
    return value is None or (isinstance(value, str) and STARTER_MARK in value)


def _departures_status(current: Opened) -> Task:
    href = f"/p/{current.name}/sections"
    if any(under(p, [DEPARTURES]) for p in current.errors):
        return Task("Departures from the base guidance", href, "There is a problem")
    found = lookup(current.data, DEPARTURES)
    count = len(found) if isinstance(found, dict) else 0
    hint = (f"{count} section{'s' if count != 1 else ''} with a choice of your own" if count
            else "None yet: every section is kept as in the base guidance")
    return Task("Departures from the base guidance", href, "Completed" if count else
                "Optional", hint)
