"""One page per base section: adopt it, change it (replace or add to its text), give it a
heading of the department's own, or leave it out, with the reason, approver and date the
register needs; the base text is shown beside the change."""

from __future__ import annotations

from typing import Any

from flask import abort, redirect, render_template, request
from jinja2 import TemplateError
from markdown_it import MarkdownIt
from werkzeug.wrappers import Response

from generator.model import Guidance, Section
from generator.policy import available_editions, fill_each_code
from generator.profile import KeyPath
from generator.serve.editing import editing, save, writable
from generator.serve.forms import (
    FieldError,
    edits_for,
    errors_for,
    field_id,
    field_name,
    lookup,
    shown,
    submitted,
)
from generator.serve.journey import SECTION_CHOICES, SECTION_FIELDS, Field
from generator.serve.pages import readable
from generator.serve.workspace import Opened, open_profile
from generator.serve.yamledit import Edit, RemoveKey, SetValue

# The base text is the project's own Markdown subset; shown, never trusted as HTML.
_MARKDOWN = MarkdownIt("commonmark", {"html": False})
STATUS = {"adopt": "Kept", "replace": "Replaced", "append": "Added to", "omit": "Left out"}


def guidance(current: Opened) -> Guidance:
    base = lookup(current.data, ("base",))
    editions = available_editions()
    if not isinstance(base, str) or base not in editions:
        abort(422, "The profile's `base` does not name an edition of the base guidance, so "
                   "its sections cannot be listed. Put that right on the task list first.")
    return editions[base]


@editing.route("/p/<name>/sections")
def sections(name: str) -> str:
    writable()
    current = open_profile(name)
    readable(current)
    parts = []
    for part in guidance(current).parts:
        rows = []
        for section in part.sections:
            key: KeyPath = ("adaptations", section.id)
            problem = bool(errors_for(current.errors, [key], {}))
            rows.append({"section": section, "title": _title(section, current),
                         "status": "There is a problem" if problem else _status(current, key)})
        parts.append((part.title, rows))
    return render_template("sections.html.j2", name=name, parts=parts, errors=[])


@editing.route("/p/<name>/sections/<section_id>", methods=["GET", "POST"])
def section_page(name: str, section_id: str) -> str | Response:
    writable()
    current = open_profile(name)
    readable(current)
    section = next((s for s in guidance(current).sections() if s.id == section_id), None)
    if section is None:
        abort(404)
    key: KeyPath = ("adaptations", section.id)
    keyed = [((*key, *f.key), f) for f in SECTION_FIELDS]
    names = _names(keyed, key)
    if request.method == "GET":
        return _form(current, section, None, errors_for(current.problems, [key], names))
    choice = request.form.get("choice", "")
    if choice not in STATUS:
        return _form(current, section, request.form, [FieldError(
            "f-choice", "Choose what the department does with this section", "")])
    outcome = save(current, section_edits(current, key, choice), keyed, (*key, "text"))
    if isinstance(outcome, Response):
        return outcome
    errors = list(outcome.refused) or errors_for(outcome.profile.problems, [key], names)
    if errors:
        return _form(outcome.profile, section, request.form, errors)
    return redirect(f"/p/{name}/sections", 303)


def section_edits(current: Opened, key: KeyPath, choice: str) -> list[Edit]:
    """The adaptation the answers describe. Keeping the base text under its own heading is
    the default, so it is written as no adaptation at all."""
    form = request.form
    title = form.get(field_name((*key, "title")), "").strip()
    if choice == "adopt" and not title:
        return [RemoveKey(key)] if lookup(current.data, key) is not None else []
    action = {"adopt": "adopt", "replace": "modify", "append": "modify", "omit": "omit"}[choice]
    edits: list[Edit] = []
    if lookup(current.data, (*key, "action")) != action:
        edits.append(SetValue((*key, "action"), action))
    for name in ("replace", "append"):
        present = lookup(current.data, (*key, name)) is not None
        if name == choice:
            moved = {field_name((*key, name)): form.get(field_name((*key, "text")), "")}
            edits += edits_for([Field((name,), "", "textarea")], current.data, moved, key)
        elif present:
            edits.append(RemoveKey((*key, name)))
    fields = [f for f in SECTION_FIELDS if f.key != ("text",)]
    if choice == "omit":  # an omitted section has no heading: drop one given before
        fields = [f for f in fields if f.key != ("title",)]
        if lookup(current.data, (*key, "title")) is not None:
            edits.append(RemoveKey((*key, "title")))
    return edits + edits_for(fields, current.data, form, key)


def _form(current: Opened, section: Section, form: Any, errors: list[FieldError]) -> str:
    key: KeyPath = ("adaptations", section.id)
    choice = form.get("choice", "") if form is not None else _choice(current, key)
    rows = []
    by_id = {e.field_id: e for e in errors}
    for field in SECTION_FIELDS:
        full = (*key, *field.key)
        if field.key == ("text",):
            stored = lookup(current.data, (*key, choice if choice in ("replace", "append")
                                           else "replace"))
            value = submitted(form, full, field) if form is not None else shown(stored, field)
        else:
            value = submitted(form, full, field) if form is not None \
                else shown(lookup(current.data, full), field)
        rows.append({"field": field, "name": field_name(full), "id": field_id(full),
                     "value": value, "error": by_id.get(field_id(full))})
    return render_template(
        "section.html.j2", name=current.name, section=section, rows=rows, choice=choice,
        choices=SECTION_CHOICES, errors=errors, sha256=current.snapshot.sha256,
        title=_title(section, current), base_html=_base_html(section, current),
        choice_error=by_id.get("f-choice"))


def _choice(current: Opened, key: KeyPath) -> str:
    action = lookup(current.data, (*key, "action"))
    if action == "omit":
        return "omit"
    if action == "modify":
        return "append" if lookup(current.data, (*key, "append")) is not None else "replace"
    return "adopt"


def _status(current: Opened, key: KeyPath) -> str:
    status = STATUS[_choice(current, key)]
    if lookup(current.data, (*key, "title")):
        status += ", retitled"
    return status


def _title(section: Section, current: Opened) -> str:
    return _filled(section.title, current)


def _base_html(section: Section, current: Opened) -> str:
    html: str = _MARKDOWN.render(_filled(section.body, current))
    return html


def _filled(text: str, current: Opened) -> str:
    """The base text with its placeholders filled with the code that applies: the NICS
    Code of Ethics for a Northern Ireland body, else the Civil Service Code."""
    where = lookup(current.data, ("department", "jurisdiction"))
    first = where[0] if isinstance(where, list) and where else where
    code = "NICS Code of Ethics" if first == "NI" else "Civil Service Code"
    try:
        return fill_each_code(text)[code]
    except TemplateError:  # a placeholder the edition loader would have refused: show as written
        return text


def _names(keyed: list[tuple[KeyPath, Field]], key: KeyPath) -> dict[str, KeyPath]:
    """The fields by key path, the text first: a problem with the adaptation as a whole
    (`action: modify` with no text, say) is about the text, and is put there; so are the
    problems of `replace` and `append`, which the text field writes."""
    text = (*key, "text")
    names = {field_name(text): text, field_name((*key, "replace")): text,
             field_name((*key, "append")): text}
    return names | {field_name(k): k for k, _ in keyed}
