"""The list of profiles and what can be done to a whole profile: start one (a draft), rename,
archive or delete it (each asked first), and restore one archived or deleted.

Every profile is named by the server's listing of the folder and its drafts; archived and
deleted ones by the listing of their shelves (filing.py). A name from a request that is not
in those listings is a 404, so no path from the browser ever reaches the file system.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from flask import abort, current_app, redirect, render_template, request
from werkzeug.wrappers import Response as Answer

from generator.errors import PolicyPackError
from generator.policy import long_date
from generator.profile import PAGES, STARTER_MARK, load_profile_bytes
from generator.serve import approving, filing, recording, store
from generator.serve.answers.forms import lookup
from generator.serve.answers.merging import holds_placeholder
from generator.serve.editing import editing, writable
from generator.serve.people import may
from generator.serve.workspace import opened, settings
from generator.serve.yamltext.yamledit import (
    Edit,
    EditRefused,
    RemoveItem,
    RemoveKey,
    apply_edits,
)

# What the list of profiles says after each action, by the `done` its address carries.
DONE = {"renamed": "{name} is its new name.",
        "archived": "{name} is archived. It is listed below, to restore when you need it.",
        "deleted": "{name} is deleted. Until {until} you can restore it from the list below.",
        "restored": "{name} is back in the list of profiles."}
QUESTIONS: dict[str, filing.Shelf] = {"archive": "archive", "delete": "deleted"}
OPTIONAL_LISTS = ("history", "local-rules", "related-policies")  # a policy may do without
NEEDED = ("department", "policy")  # the profile's own parts, never removed whole
# Optional each, but one of them is needed: the starter's email stays, to be written.
ONE_OF_THEM = (("contacts", ("email",)),)
LOGO = ("department", "logo")


@dataclass(frozen=True)
class Row:
    """A profile as the list shows it."""

    name: str  # its file name: its address is /p/<name>
    title: str  # the department's name, or the file name while it has none
    state: str
    draft: bool


@editing.route("/")
def profiles() -> str | Answer:
    """The list of profiles and drafts, the form to start one, and those put aside."""
    if settings().read_only:
        return redirect("/reviews", 303)
    filing.prune(settings().folder, _now())
    return _profiles_page([], file="")


@editing.route("/new", methods=["POST"])
def new_profile() -> str | Answer | tuple[str, int]:
    """A new profile from the starter, as a draft: build and the reviews leave it out
    until it checks clean."""
    writable()
    name = request.form.get("file", "").strip().removesuffix(".yaml")
    folder = settings().folder
    try:
        # One write, so one version in team mode: the starter as the editor tidies it.
        planned = folder / store.DRAFTS / store.new_file_name(name)
        path = store.create(folder, name, _tidied, recording.around(
            folder, [planned], [f"Started the profile {planned.name}"]))
    except PolicyPackError as exc:
        return _profiles_page([{"text": str(exc), "field_id": "f-file"}], file=name), 400
    return redirect(f"/p/{path.name}", 303)


def _tidied(text: str) -> str:
    try:
        return without_examples(text)
    except EditRefused:  # kept whole: every example is still the person's to clear
        current_app.logger.warning("a new profile kept with the starter's examples")
        return text


def without_examples(text: str) -> str:
    """The starter with only the answers the policy needs left to write. Its FILL IN
    examples of optional answers (a title, a logo, house rules, a local rule, a related
    policy...) are for those who edit the YAML; in the editor, each would hold a task at
    "Incomplete" until cleared, and mark the preview, for an answer no one has to give."""
    data = load_profile_bytes(text.encode("utf-8"), Path("new.yaml"), "new.yaml").data
    # Topics all of whose answers are examples go whole; in the others, each example.
    gone = [top for top, value in (data.items() if isinstance(data, dict) else ())
            if top not in NEEDED and isinstance(value, dict) and value
            and all(holds_placeholder(v) for v in value.values())]
    edits: list[Edit] = [RemoveKey((top,)) for top in gone]
    for page in PAGES:
        if not page.list_key:
            edits += [RemoveKey(f.key) for f in page.fields if f.key[0] not in gone
                      and f.optional and holds_placeholder(lookup(data, f.key))]
            continue
        items = lookup(data, page.list_key)
        for index in reversed(range(len(items) if isinstance(items, list) else 0)):
            base = (*page.list_key, index)
            if page.slug in OPTIONAL_LISTS and holds_placeholder(lookup(data, base)):
                edits.append(RemoveItem(page.list_key, index))
                continue
            edits += [RemoveKey((*base, *f.key)) for f in page.fields
                      if f.optional and (page.slug, f.key) not in ONE_OF_THEM
                      and holds_placeholder(lookup(data, (*base, *f.key)))]
    if holds_placeholder(lookup(data, LOGO)):
        edits.append(RemoveKey(LOGO))
    return apply_edits(text, edits)


@editing.route("/p/<name>/rename", methods=["GET", "POST"])
def rename(name: str) -> str | Answer | tuple[str, int]:
    """A new file name for a profile; its text is untouched (git sees a rename)."""
    writable()
    row, path = _profile(name)
    if request.method == "GET":
        return render_template("rename.html.j2", row=row, value=path.stem, errors=[])
    new = request.form.get("file", "").strip().removesuffix(path.suffix)
    if new == path.stem:
        return redirect("/", 303)
    try:
        moved = filing.rename(settings().folder, path, new)
    except PolicyPackError as exc:
        return render_template("rename.html.j2", row=row, value=new,
                               errors=[{"text": str(exc), "field_id": "f-file"}]), 400
    return redirect(f"/?done=renamed&name={moved.name}", 303)


@editing.route("/p/<name>/archive", methods=["GET", "POST"], defaults={"action": "archive"})
@editing.route("/p/<name>/delete", methods=["GET", "POST"], defaults={"action": "delete"})
def put_aside(name: str, action: str) -> str | Answer | tuple[str, int]:
    """Archive or delete a profile, after a yes to "Are you sure"."""
    writable()
    shelf = QUESTIONS[action]
    row, path = _profile(name)
    answer = request.form.get("confirm")
    if request.method == "GET" or answer not in ("yes", "no"):
        error = request.method == "POST"
        return render_template("put_aside.html.j2", row=row, action=action, error=error,
                               errors=[True] if error else [],
                               keep=filing.KEEP_DELETED.days), 400 if error else 200
    if answer == "no":
        return redirect("/", 303)
    try:
        filing.put_aside(settings().folder, path, shelf, _now())
    except PolicyPackError as exc:
        abort(422, str(exc))
    return redirect(f"/?done={action}d&name={path.name}", 303)  # archived, deleted


@editing.route("/restore", methods=["POST"])
def restore() -> str | Answer | tuple[str, int]:
    """An archived or deleted profile back where it was, under its own name."""
    writable()
    wanted = (request.form.get("shelf", ""), request.form.get("entry", ""))
    found = {(str(item.shelf), item.entry): item for item in filing.shelved(settings().folder)}
    item = found.get(wanted)
    if item is None:
        abort(404)
    try:
        filing.restore(settings().folder, item)
    except PolicyPackError as exc:
        return _profiles_page([str(exc)], file=""), 409
    return redirect(f"/?done=restored&name={item.name}", 303)


@editing.app_context_processor
def _places() -> dict[str, object]:
    """For the task list: whether a profile is a draft, and what it has to say once (it
    left drafts at the last save, or why it could not)."""

    def place(name: str) -> dict[str, object]:
        path = store.listing(settings().folder).get(name)
        if path is None:
            return {"draft": False, "notice": None}
        said = filing.notice(path)
        return {"draft": store.is_draft(settings().folder, path), "moved": said == filing.MOVED,
                "held": said if said not in (None, filing.MOVED) else None}

    return {"profile_place": place}


def _profiles_page(errors: list[dict[str, str] | str], file: str) -> str:
    """The list of profiles; `errors`: a message, or one on the new file's name (a dict
    with its field_id, as _macros.html.j2's error summary takes it)."""
    folder = settings().folder
    rows = _rows()
    return render_template(
        "profiles.html.j2", rows=rows, shelved=_shelved(folder), done=_done(rows),
        errors=errors, file_error=next((e["text"] for e in errors if isinstance(e, dict)), None),
        nav_current="profiles", folder=folder.name, file=file, drafts_folder=store.DRAFTS)


def _rows() -> list[Row]:
    """Each profile of the folder and each draft: the department's name, and its state."""
    return [_row(name, path) for name, path in store.listing(settings().folder).items()
            if may("read", name)]  # a team's: only those the person may read


def _row(name: str, path: Path) -> Row:
    draft = store.is_draft(settings().folder, path)
    try:
        current = opened(name, path, store.read(path))
    except store.NotEditable as exc:
        return Row(name, name, str(exc), draft)
    # In team mode a departure awaiting approval is a state, not a problem (approving.py).
    current = approving.settled(current)
    count, waiting = len(current.errors), len(approving.awaiting(current))
    state = f"{count} problem{'s' if count != 1 else ''} to put right" if count else \
        f"Waiting for approval ({waiting})" if waiting else "Ready to make the pack"
    return Row(name, _title(current.data) or name, state, draft)


def _title(data: object) -> str | None:
    title = lookup(data, ("department", "name"))
    return title if isinstance(title, str) and title and STARTER_MARK not in title else None


def _shelved(folder: Path) -> list[dict[str, object]]:
    """Archived and deleted profiles, as the list offers them back."""
    return [{"item": item, "when": long_date(_local(item.when)),
             "until": long_date(_local(item.until)) if item.until else None}
            for item in filing.shelved(folder) if may("admin")]  # restored by admins


def _done(rows: list[Row]) -> str | None:
    """The line that says what the last action did (from the address it redirected to),
    about a name the listings hold now: an address cannot make it say anything else."""
    how, name = request.args.get("done", ""), request.args.get("name", "")
    template = DONE.get(how)
    shelved = [i for i in filing.shelved(settings().folder) if i.name == name]
    if template is None:
        return None
    if how in ("archived", "deleted"):
        if not shelved or not may("admin"):  # as _shelved lists them: to admins alone
            return None
        until = shelved[0].until
        return template.format(name=name, until=long_date(_local(until)) if until else "")
    title = next((r.title for r in rows if r.name == name), None)
    return None if title is None else template.format(
        name=name if title == name else f"{title} ({name})", until="")


def _profile(name: str) -> tuple[Row, Path]:
    """The profile `name` from the listing (404 for any other name), and its row."""
    path = store.listing(settings().folder).get(name)
    if path is None:
        abort(404)
    return _row(name, path), path


def _local(when: dt.datetime) -> dt.date:
    return when.astimezone().date()


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
