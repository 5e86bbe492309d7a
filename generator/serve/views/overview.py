"""The pages around the forms: the task list, Check your answers, and the live preview
(the list of profiles and a new profile are in folder.py)."""

from __future__ import annotations

import time
from collections import OrderedDict
from dataclasses import dataclass, replace
from pathlib import Path
from threading import Lock
from typing import Any

from flask import Response, abort, render_template, request

from generator.errors import ProfileError
from generator.model import JURISDICTION_NAMES
from generator.policy import available_editions
from generator.profile import (
    BY_SLUG,
    PAGES,
    SECTION_CHOICES,
    SECTION_FIELDS,
    STARTER_MARK,
    Field,
    KeyPath,
    Page,
)
from generator.serve import approving, store
from generator.serve.answers.forms import (
    FieldError,
    as_text,
    errors_for,
    field_name,
    lookup,
    shown,
    under,
)
from generator.serve.answers.merging import changes_for
from generator.serve.answers.wording import missing, plain, technical, warned
from generator.serve.editing import editing, writable
from generator.serve.people import team_mode
from generator.serve.preview import Preview, framed, preview, waiting
from generator.serve.security import PREVIEW_POLICY
from generator.serve.views.departures import STATUS, choice_of, section_edits, section_title
from generator.serve.views.translations import translation_tasks
from generator.serve.workspace import Opened, open_profile, settings, source
from generator.serve.yamltext.yamledit import Edit

DEPARTURES: KeyPath = ("adaptations",)
STYLES: OrderedDict[str, str] = OrderedDict()  # the previews' stylesheets, by their href
_STYLES_LOCK = Lock()


@dataclass(frozen=True)
class Task:
    title: str
    href: str
    status: str  # "Completed", "Not yet started", "Optional", "There is a problem"
    hint: str = ""


@editing.route("/p/<name>")
def tasks(name: str) -> str:
    writable()
    current = approving.settled(open_profile(name))
    tasks = [_task(current, page) for page in PAGES]
    covered = [k for page in PAGES for k in page.keys] + [DEPARTURES]
    others = [p for p in current.errors if not under(p, covered)]
    departures = _departures_status(current)
    awaiting = len(approving.awaiting(current)) if team_mode() else None
    return render_template("tasks.html.j2", name=name, tasks=tasks, departures=departures,
                           others=others, count=len(current.errors), errors=[],
                           translations=translation_tasks(current),
                           published=not store.is_draft(settings().folder, current.path),
                           awaiting=awaiting, awaiting_words=approving.awaiting_words(
                               awaiting or 0, name))


@editing.route("/p/<name>/check")
def check_answers(name: str) -> str:
    """Every answer, each list's items and each departure, with what stops the pack."""
    writable()
    current = open_profile(name)
    sections = []
    for page in PAGES:
        if page.list_key:
            sections += _items_answered(current, page)
            continue
        rows = [(f.label, _answered(lookup(current.data, f.key), f),
                 f"/p/{name}/{'logo' if page.slug == 'logo' else 'page/' + page.slug}")
                for f in page.fields]
        sections.append((page.title, rows))
    problems = []
    for page in PAGES:
        keyed = [((*k, *f.key), f) for k in _bases(current, page) for f in page.fields]
        href = _href(current, page)
        problems += [(e, href) for e in errors_for(current.problems, page.keys,
                                                   {field_name(k): (k, f) for k, f in keyed})]
    found = lookup(current.data, DEPARTURES)
    titles = _section_titles(current)
    for section_id in found if isinstance(found, dict) else {}:
        key: KeyPath = (*DEPARTURES, section_id)
        keyed = [((*key, *f.key), f) for f in SECTION_FIELDS]
        title = titles.get(section_id, section_id)  # which section's answer it is
        problems += [(replace(e, text=f"{title}: {e.text}"), f"/p/{name}/sections/{section_id}")
                     for e in errors_for(current.problems, [key],
                                         {field_name(k): (k, f) for k, f in keyed})]
    covered = [k for page in PAGES for k in page.keys] + \
        [(*DEPARTURES, s) for s in (found if isinstance(found, dict) else {})]
    problems += [(FieldError("", plain(p, None), technical(p, Path(p.path).name)),
                  f"/p/{name}") for p in current.errors if not under(p, covered)]
    return render_template("check.html.j2", name=name, sections=sections,
                           departures=_departures_answered(current, titles),
                           problems=problems,
                           count=len(current.errors),
                           warnings=[warned(p) for p in current.problems
                                     if p.severity == "warning"],
                           errors=[])


def _answered(value: object, fld: Field) -> str:
    """An answer as Check your answers reads it: a choice by its option's words."""
    answer = as_text(shown(value, fld))
    if fld.kind == "jurisdiction":  # "NI, GB" as people say it: Northern Ireland, Great Britain
        return ", ".join(JURISDICTION_NAMES.get(code.strip(), code.strip())
                         for code in answer.split(","))
    return next((text for option, text in fld.options if option and option == answer), answer)


def _bases(current: Opened, page: Page) -> list[KeyPath]:
    """Where a page's fields are: each item of its list, or the profile itself."""
    if not page.list_key:
        return [()]
    items = lookup(current.data, page.list_key)
    return [(*page.list_key, i) for i in range(len(items) if isinstance(items, list) else 0)]


def _items_answered(current: Opened, page: Page) -> list[tuple[str, list[Any]]]:
    """A list's items, each as a section of its own answers."""
    items = lookup(current.data, page.list_key)
    found = items if isinstance(items, list) else []
    if not found:
        return [(page.title, [(page.title, "None", f"/p/{current.name}/list/{page.slug}")])]
    return [(f"{page.title}: {page.item} {index + 1}",
             [(f.label, _answered(lookup(item, f.key), f),
               f"/p/{current.name}/list/{page.slug}/{index}") for f in page.fields])
            for index, item in enumerate(found)]


def _departures_answered(current: Opened,
                         titles: dict[str, str]) -> list[tuple[str, list[Any]]]:
    """Each departure from the base, under its section's heading: what is done with it, the
    department's heading and text where it gives them, and why. An entry that keeps the
    base text under its own heading is no departure, and is not shown."""
    found = lookup(current.data, DEPARTURES)
    if not isinstance(found, dict):
        return []
    sections = []
    for section_id in found:
        key: KeyPath = (*DEPARTURES, section_id)
        choice = choice_of(current, key)
        if choice == "adopt" and not lookup(current.data, (*key, "title")):
            continue
        href = f"/p/{current.name}/sections/{section_id}"
        rows = [("What the department does", dict(SECTION_CHOICES)[choice], href)]
        for fld in SECTION_FIELDS:
            if fld.key == ("text",) and choice not in ("replace", "append"):
                continue
            place = (choice,) if fld.key == ("text",) else fld.key
            value = as_text(shown(lookup(current.data, (*key, *place)), fld))
            if value or fld.key != ("title",):
                rows.append((fld.label, value, href))
        sections.append((titles.get(section_id, f"Section {section_id}"), rows))
    return sections


def _section_titles(current: Opened) -> dict[str, str]:
    """The base's sections' headings, by ID, for the edition the profile names."""
    edition = available_editions().get(str(lookup(current.data, ("base",))))
    return {s.id: section_title(s, current) for s in edition.sections()} if edition else {}


def _href(current: Opened, page: Page) -> str:
    if page.slug == "logo":
        return f"/p/{current.name}/logo"
    return f"/p/{current.name}/{'list' if page.list_key else 'page'}/{page.slug}"


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
    return list(changes_for(page.fields, current.data, request.form, _item_base(page)).edits)


def _page_for(slug: str) -> Page | None:
    return BY_SLUG.get(slug)


def _item_base(page: Page) -> KeyPath:
    """A list item's key, from the `item` the form names (a number); () for other pages."""
    item = request.args.get("item", "")
    return (*page.list_key, int(item)) if page.list_key and item.isdigit() else ()


def _task(current: Opened, page: Page) -> Task:
    """A task's true status: a problem that stops the pack is never "Completed" or
    "Optional"; answers still to write are "Incomplete", a wrong answer "There is a
    problem" (GOV.UK's task list words)."""
    href = _href(current, page)
    problems = [p for p in current.errors if under(p, page.keys)]
    if problems:
        wrong = any(not missing(p) for p in problems)
        return Task(page.title, href, "There is a problem" if wrong else "Incomplete")
    if all(_unfilled(lookup(current.data, key)) for key in page.keys):
        required = any(not f.optional for f in page.fields) and page.slug not in (
            "logo", "history", "local-rules", "related-policies")
        return Task(page.title, href, "Not yet started" if required else "Optional")
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
    # An entry that keeps the base text under its own heading (the starter's example) is
    # no departure: only a change, a heading of the department's own or an omission is.
    count = sum(1 for a in found.values() if isinstance(a, dict) and (
        a.get("action") in ("modify", "omit") or a.get("title"))) \
        if isinstance(found, dict) else 0
    hint = (f"{count} section{'s' if count != 1 else ''} with a choice of your own" if count
            else "None yet: every section is kept as in the base guidance")
    return Task("Departures from the base guidance", href, "Completed" if count else
                "Optional", hint)
