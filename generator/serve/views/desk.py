"""The central reviewer's desk (issue 26, deliverables 1 and 7): the dashboard of every
department, sorted and filtered by the server from the page's address, so that it works
without JavaScript and every view has an address to keep or send; and the sign-off form,
which records a decision with the same `record_signoff` as `policy-pack signoff`.

The dashboard reads the profiles the other reviews read (reviewable.py): the folder's own,
never its drafts, that check clean; in team mode, those whose departures await approval are
listed apart as waiting for their approvers, so the reviewer still sees the department.
A department is signed off on the bytes the reviewer looked at: the form carries their
SHA-256, and a profile changed meanwhile is refused.
The form is not served in `--read-only` mode; the dashboard is, without its links to it.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from flask import Blueprint, abort, redirect, render_template, request
from werkzeug.wrappers import Response

from generator.errors import PolicyPackError, ProfileError
from generator.policy import long_date
from generator.review import (
    SORTS,
    Filters,
    Reviewed,
    Row,
    SignOff,
    State,
    answer_problems,
    dashboard_rows,
    edition_months,
    filter_rows,
    read_signoffs,
    record_signoff,
    reviewed,
    signoffs_path,
    sort_rows,
    state,
)
from generator.serve import recording, slugs, store
from generator.serve.answers.forms import lookup
from generator.serve.people import current_person
from generator.serve.views.reviewable import Waiting, reviewable
from generator.serve.workspace import as_seen, opened, settings, source, today

desk = Blueprint("desk", __name__)

DASHBOARD = "/reviews/dashboard"
DECISION_WORDS = {"accepted": "Accepted", "returned": "Returned to the department"}
SHARED = ("Another profile in this folder has the same folder name for the pack, which names "
          "the sign-off file: give each profile its own on its department page first")
KEEP = 256  # departments' loaded policies kept in memory (each is a merge: dear at 50)
_loaded: OrderedDict[tuple[str, ...], Reviewed] = OrderedDict()
_loaded_lock = threading.Lock()


@dataclass(frozen=True)
class View:
    """What a dashboard address asks for: a column to sort by, its order, the filters."""

    sort: str
    descending: bool
    filters: Filters

    def query(self, **changes: str) -> str:
        """This view's address, with `changes` (sort, order, or a filter) made."""
        f = self.filters
        pairs = {"sort": self.sort, "order": "desc" if self.descending else "asc",
                 "edition": f.edition, "jurisdiction": f.jurisdiction, "review": f.review,
                 "signoff": f.signoff, "core": f.core} | changes
        return f"{DASHBOARD}?{urlencode({k: v for k, v in pairs.items() if v})}"


@desk.get(DASHBOARD)
def dashboard_page() -> str:
    """Every department at a glance: its dates, departures and sign-off, sorted and
    filtered as the address says."""
    folder = reviewable()
    entries, unread = _entries(folder.paths)
    rows = dashboard_rows(entries, today())
    view = _view(rows)
    shown = sort_rows(filter_rows(rows, view.filters), view.sort, view.descending)
    return render_template(
        "reviews_dashboard.html.j2", nav_current="reviews", errors=[],
        rows=[_shown(row, view) for row in shown], total=len(rows), view=view,
        headings=_headings(view), sorted_by=_sorted_by(view),
        filters=_filter_fields(rows, view.filters),
        left_out=(*folder.left_out, *unread), banner=_banner(folder.paths),
        waiting=[_waiting(w) for w in folder.waiting], writable=not settings().read_only)


def _waiting(found: Waiting) -> dict[str, str]:
    """A department whose changes await its approvers (team mode), as the dashboard names
    it: in words, with where to read what changed."""
    return {"department": found.department, "name": found.name,
            "words": f"{found.count} change{'' if found.count == 1 else 's'} waiting for "
                     f"approval by the department's approvers",
            "href": f"/p/{found.name}/history"}


@desk.route("/reviews/signoff", methods=["GET", "POST"])
def signoff_page() -> str | Response | tuple[str, int]:
    """A department's sign-off: where it stands, its earlier decisions, and the form."""
    if settings().read_only:
        abort(404)  # a writing page, as the editing pages are (editing.writable)
    name = request.values.get("profile", "")
    path = store.published(settings().folder).get(name)
    if path is None:
        abort(404)
    current = opened(name, path, store.read(path))
    if current.errors:  # a profile with problems cannot be signed off
        return _signoff_form(name, path, {}, blocked=len(current.errors)), 422
    if request.method == "GET":
        return _signoff_form(name, path, {})
    person = current_person()  # a team's reviewer signs off as the person signed in
    reviewer = person.name if person else request.form.get("reviewer", "")
    decision = request.form.get("decision", "")
    comment = request.form.get("comment", "")
    problems = {str(k): v for k, v in answer_problems(reviewer, decision, comment).items()}
    if request.form.get("judged", "") != current.snapshot.sha256:
        problems["profile"] = ("The profile has changed since this page was opened. Look "
                               "at it again, then sign it off")
    if _shared(name, current.data):
        problems["profile"] = SHARED
    if problems:
        return _signoff_form(name, path, problems, reviewer, decision, comment), 400
    slug, version = (lookup(current.data, ("department", "slug")),
                     lookup(current.data, ("policy", "version")))
    try:
        # One version of the sign-off file alone, by the reviewer signed in (team mode).
        recording.write(settings().folder, [signoffs_path(path.parent, str(slug))],
                        [f"Signed off {name}: {decision}"],
                        lambda: _record(path, str(slug), str(version), reviewer, decision,
                                        comment, current.snapshot.sha256))
    except PolicyPackError as exc:  # the sign-off file is not as written, or is in the way
        return _signoff_form(name, path, {"profile": _said(exc)}, reviewer, decision,
                             comment), 422
    back = _back()
    return redirect(f"{back}{'&' if '?' in back else '?'}{urlencode({'done': name})}", 303)


def _shared(name: str, data: object) -> bool:
    """Whether another profile of the folder has this profile's slug, which names the
    sign-off file: that file cannot be told to be this profile's, so it is neither read
    nor written for it (a slug taken over would read and add to another's decisions)."""
    return slugs.owner(settings().folder, lookup(data, slugs.SLUG), name) is not None


def _record(path: Path, slug: str, version: str, reviewer: str, decision: str,
            comment: str, judged: str) -> None:
    record_signoff(path, slug, version, reviewer, decision, comment, today(), judged=judged)


def _back() -> str:
    """The dashboard view the reviewer came from; only ever an address of the dashboard
    (a `back` naming anywhere else is not followed)."""
    back = request.values.get("back", "")
    return back if back.startswith(f"{DASHBOARD}?") and "//" not in back else DASHBOARD


def _entries(paths: dict[str, Path]) -> tuple[list[Reviewed], list[str]]:
    """Each department as the reviews load it, and a line for each that could not be
    (its sign-off file not as written): one broken file never hides the others."""
    entries, unread = [], []
    shared = slugs.sharing(settings().folder)
    for name, path in paths.items():
        if name in shared:
            unread.append(f"{name} is left out: {SHARED[:1].lower()}{SHARED[1:]}")
            continue
        try:
            entries.append(_reviewed(path))
        except PolicyPackError as exc:
            unread.append(f"{name} is left out: {_said(exc)}")
    return entries, unread


def _reviewed(path: Path) -> Reviewed:
    """`reviewed` of one profile, kept while its bytes, its sign-off file and the day are
    the same: loading is a merge, and the dashboard is opened again after each sign-off."""
    raw = path.read_bytes()
    slug = lookup(_data(path), ("department", "slug"))
    signed = signoffs_path(path.parent, str(slug))
    key = (str(path), hashlib.sha256(raw).hexdigest(), str(today()),
           hashlib.sha256(signed.read_bytes()).hexdigest() if signed.is_file() else "")
    with _loaded_lock:
        if key in _loaded:
            _loaded.move_to_end(key)
            return _loaded[key]
    (found,) = reviewed([path], today())
    with _loaded_lock:
        _loaded[key] = found
        while len(_loaded) > KEEP:
            _loaded.popitem(last=False)
    return found


def _data(path: Path) -> object:
    """The profile's values, as the editor last read them (source() keeps them)."""
    return source(store.read(path), path).data


def _said(exc: PolicyPackError) -> str:
    """An error's words with the server's paths taken out, every problem of it."""
    if isinstance(exc, ProfileError):
        return " ".join(as_seen(str(p)) for p in exc.problems)
    return as_seen(str(exc))


def _view(rows: tuple[Row, ...]) -> View:
    """The address's sort and filters; a value not offered is ignored, as if not given."""
    args = request.args
    sort = args.get("sort", "name")
    sort = sort if sort in SORTS else "name"
    offered = _offered(rows)
    given = {field: args.get(field, "") for field in offered}
    chosen = {field: value if value in offered[field] else "" for field, value in given.items()}
    return View(sort, args.get("order") == "desc", Filters(**chosen))


def _offered(rows: tuple[Row, ...]) -> dict[str, dict[str, str]]:
    """Each filter's choices, value to words, as `Filters.offered` gives them."""
    return {group.field: {o.value: o.words for o in group.options}
            for group in Filters.offered(rows, edition_months())}


ANY_WORDS = {"edition": "Any edition", "jurisdiction": "Any jurisdiction",
             "review": "Any review date", "signoff": "Any sign-off state", "core": "Any"}


def _filter_fields(rows: tuple[Row, ...], filters: Filters) -> list[dict[str, object]]:
    """The filter form's selects, each with "any" first and the chosen value selected, and
    a hint for a choice that needs one (why "Omits a core section" always shows none)."""
    fields: list[dict[str, object]] = []
    for group in Filters.offered(rows, edition_months()):
        chosen = getattr(filters, group.field)
        items = [{"value": "", "text": ANY_WORDS[group.field], "selected": not chosen}]
        items += [{"value": o.value, "text": o.words, "selected": o.value == chosen}
                  for o in group.options]
        hint = " ".join(f"{o.words}: {o.note}." for o in group.options if o.note)
        fields.append({"id": f"filter-{group.field}", "name": group.field,
                       "label": group.label, "items": items, "hint": hint})
    return fields


def _headings(view: View) -> list[dict[str, str]]:
    """Each column's heading: a link that sorts by it (the other way if it is the sort
    now, else in its first order, as the site's pages do), and its aria-sort (WAI-ARIA: on
    the sorted column only)."""
    found = []
    for key, sort in SORTS.items():
        current = key == view.sort
        descending = not view.descending if current else sort.first_descending
        found.append({"key": key, "text": sort.heading,
                      "href": view.query(sort=key, order="desc" if descending else "asc"),
                      "aria_sort": ("descending" if view.descending else "ascending")
                      if current else "",
                      "next": sort.words(descending)})
    return found


def _sorted_by(view: View) -> str:
    """"sorted by review by, latest first": the order the table is in, in words."""
    sort = SORTS[view.sort]
    return f"sorted by {sort.heading.lower()}, {sort.words(view.descending)}"


def _shown(row: Row, view: View) -> dict[str, object]:
    """A row as the table shows it: every value in words; its sign-off link carries the
    view, so the reviewer comes back to the list as they left it."""
    months = edition_months()
    return {"row": row, "edition": months.get(row.edition, row.edition),
            "effective": long_date(row.effective), "review_by": long_date(row.review_by),
            "omits_core": ", ".join(row.omits_core),
            "signoff_words": row.signoff.words, "signoff_kind": row.signoff.kind,
            "href": f"/reviews/signoff?{urlencode({'profile': row.profile, 'back': view.query()})}"}


def _banner(paths: dict[str, Path]) -> str:
    """After a sign-off: what the department's file now says (the redirect names it)."""
    name = request.args.get("done", "")
    path = paths.get(name)
    if path is None or _shared(name, _data(path)):
        return ""
    try:
        entry = _reviewed(path)
    except PolicyPackError:
        return ""
    department = entry.policy.meta.department
    return f"{department}: {entry.signoff.words[:1].lower()}{entry.signoff.words[1:]}."


def _signoff_form(name: str, path: Path, problems: dict[str, str], reviewer: str = "",
                  decision: str = "", comment: str = "", blocked: int = 0) -> str:
    """The sign-off page: the department, where it stands, its decisions, and the form (or,
    for a profile with problems, why it cannot be signed off and where to put it right)."""
    current = opened(name, path, store.read(path))
    department = lookup(current.data, ("department", "name"))
    slug = lookup(current.data, ("department", "slug"))
    decisions: tuple[SignOff, ...] = ()
    unread = ""
    if _shared(name, current.data):
        unread = SHARED
    elif isinstance(slug, str):
        try:
            decisions = read_signoffs(signoffs_path(path.parent, slug))
        except ProfileError as exc:
            unread = _said(exc)
    now: State = state(decisions, current.snapshot.sha256)
    order = {"reviewer": 0, "decision": 1, "comment": 2, "profile": 3}
    return render_template(
        "reviews_signoff.html.j2", nav_current="reviews", name=name,
        department=department if isinstance(department, str) else name,
        version=lookup(current.data, ("policy", "version")), state=now, unread=unread,
        decisions=[_decided(d, current.snapshot.sha256) for d in reversed(decisions)],
        judged=current.snapshot.sha256, blocked=blocked, error=problems,
        errors=[{"text": text, "href": f"#{field}" if field != "profile" else "#judged"}
                for field, text in sorted(problems.items(), key=lambda p: order[p[0]])],
        reviewer=reviewer, comment=comment, back=_back(),
        edition=lookup(current.data, ("base",)),
        decision_items=[{"value": v, "text": t, "checked": v == decision}
                        for v, t in DECISION_WORDS.items()])


def _decided(decision: SignOff, sha256: str) -> dict[str, str]:
    """An earlier decision as the page lists it, newest first."""
    return {"date": long_date(decision.date), "reviewer": decision.reviewer,
            "decision": DECISION_WORDS[decision.decision], "comment": decision.comment,
            "version": decision.version,
            "judged": "This profile as it is now" if decision.profile_sha256 == sha256
            else "An earlier text of the profile"}
