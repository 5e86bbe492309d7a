"""One page per base section: adopt it, change it (replace or add to its text), give it a
heading of the department's own, or leave it out, with the reason, approver and date the
register needs; the base text is shown beside the change."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import abort, redirect, render_template, request
from markdown_it import MarkdownIt
from werkzeug.wrappers import Response

from generator.model import Guidance, Section
from generator.policy import available_editions, edition_month, origin_label, section_origin
from generator.profile import (
    SECTION_CHOICES,
    SECTION_FIELDS,
    Field,
    KeyPath,
    SectionChoice,
    format_key,
)
from generator.serve import approving
from generator.serve.answers.forms import (
    ASKED,
    KEEP,
    WAS,
    Answer,
    FieldError,
    Fields,
    errors_for,
    field_id,
    field_name,
    lookup,
    shown,
    submitted,
    with_code,
)
from generator.serve.answers.merging import (
    Changes,
    Clash,
    changes_for,
    opened_with,
)
from generator.serve.answers.wording import technical
from generator.serve.editing import editing, save, writable
from generator.serve.people import team_mode
from generator.serve.views.fields import readable
from generator.serve.workspace import Opened, open_profile
from generator.serve.yamltext.yamledit import Edit, RemoveKey, SetValue

# The base text is the project's own Markdown subset; shown, never trusted as HTML.
_MARKDOWN = MarkdownIt("commonmark", {"html": False})
STATUS = {"adopt": "Kept", "replace": "Replaced", "append": "Added to", "omit": "Left out"}
CHOICE_ID = "f-choice"  # the radios' id: where a problem with the choice itself is shown
CHOICE_FIELD = Field(("choice",), "What the department does with this section", "radios")
TEXT_FIELD = SECTION_FIELDS[1]


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
    current = approving.settled(open_profile(name))
    readable(current)
    waiting = {d.id for d in approving.awaiting(current) if d.key[0] == "adaptations"}
    parts = []
    for part in guidance(current).parts:
        rows = []
        for section in part.sections:
            key: KeyPath = ("adaptations", section.id)
            problem = bool(errors_for(current.errors, [key], {}))
            rows.append({"section": section, "title": section_title(section, current),
                         "status": "There is a problem" if problem else _status(current, key),
                         "waits": section.id in waiting})
        parts.append((part.title, rows))
    saved = request.args.get("saved", "")  # the section just saved, from the redirect
    return render_template(
        "sections.html.j2", name=name, parts=parts, errors=[],
        saved=next((section_title(s, current) for s in guidance(current).sections()
                    if s.id == saved), None) if saved else None,
        saved_waits=saved in waiting, waiting=len(waiting), department=name.removesuffix(".yaml"),
        awaiting_words=approving.awaiting_words(len(waiting), name))


@editing.route("/p/<name>/sections/<section_id>", methods=["GET", "POST"])
def section_page(name: str, section_id: str) -> str | Response:
    writable()
    current = open_profile(name)
    readable(current)
    section = next((s for s in guidance(current).sections() if s.id == section_id), None)
    if section is None:
        abort(404)
    key: KeyPath = ("adaptations", section.id)
    keyed = [((*key, *f.key), f) for f in approving.asked(SECTION_FIELDS)]
    if request.method == "GET":  # errors are shown after a save, never on a first visit
        return _form(current, section, None, [])
    choice = request.form.get("choice", "")
    if choice not in STATUS:
        return _form(current, section, request.form, [FieldError(
            CHOICE_ID, "Select what the department does with this section")], was_kept=True)
    outcome = save(current, lambda now: _changes(now, key, choice), (*key, "text"))
    if isinstance(outcome, Response):
        return outcome
    errors = list(outcome.refused) or _errors(outcome.profile, key, keyed)
    if errors:  # written: shown from the file; refused: as sent, against what it was sent on
        refused = bool(outcome.refused)
        return _form(outcome.profile, section, request.form if refused else None, errors,
                     was_kept=refused)
    # Team mode: the list says it was saved and whether it now waits for approval.
    return redirect(f"/p/{name}/sections" + (f"?saved={section.id}" if team_mode() else ""),
                    303)


def _errors(current: Opened, key: KeyPath,
            keyed: list[tuple[KeyPath, Field]]) -> list[FieldError]:
    """The section's problems on its fields; one about the choice itself (a core section
    left out, `modify` with no text) on the choice, where the person made it."""
    action = format_key((*key, "action"))
    about_action = [p for p in current.problems if p.key == action and p.severity == "error"]
    errors = errors_for([p for p in current.problems if p not in about_action], [key],
                        _names(keyed, key))
    for problem in about_action:
        if "core section" in problem.message:
            errors.insert(0, FieldError(CHOICE_ID, "This is a core section, so it cannot be "
                                        "left out: select another answer",
                                        technical(problem, Path(problem.path).name)))
        else:  # `modify` with no text, or text with `adopt`: the text is what is wrong
            errors.insert(0, FieldError(field_id((*key, "text")),
                                        f"Enter {TEXT_FIELD.named}",
                                        technical(problem, Path(problem.path).name)))
    return errors


def _changes(now: Opened, key: KeyPath, choice: str) -> Changes:
    """This person's changes to the section, against the file now: the choice and its text
    as one answer (they are one decision), the heading and the approval field by field."""
    form = request.form
    changes = changes_for(_fields_beside(choice), now.data, form, key)
    mine = (choice, _text_answer(form, key))
    theirs = (choice_of(now, key), _stored_text(now, key, choice_of(now, key)))
    was = (form.get(WAS + "choice", theirs[0]),
           form.get(WAS + field_name((*key, "text")), theirs[1]).replace("\r\n", "\n")
           .strip("\n"))
    name = field_name((*key, "choice"))
    keep = form.get(KEEP + name, "")
    asked = ASKED + name in form and keep != "mine"  # the clash page sent back unanswered
    if keep == "theirs" or (mine == was and not asked):
        return changes  # the file's choice kept, or this person's left as it was
    if asked or theirs not in (was, mine):  # as merging.changes_for does for one answer
        shown_was = ((WAS + "choice", theirs[0]), (WAS + field_name((*key, "text")), theirs[1]))
        clash = Clash((*key, "choice"), CHOICE_FIELD, _described(*mine), _described(*theirs),
                      shown_was)
        return Changes(changes.edits, (clash, *changes.clashes))
    choices = _choice_edits(now, key, choice)
    if RemoveKey(key) in choices:  # the whole departure goes: nothing of it is left to edit
        return Changes(tuple(choices))
    return Changes((*choices, *changes.edits), changes.clashes)


def _fields_beside(choice: str) -> list[Field]:
    """The section's answers saved one by one beside the choice and its text: the heading
    (none for a section left out) and the approval."""
    return [f for f in approving.asked(SECTION_FIELDS)
            if f.key != ("text",) and not (choice == "omit" and f.key == ("title",))]


def section_edits(current: Opened, key: KeyPath, choice: str) -> list[Edit]:
    """Every edit the section's answers make to the saved values (the live preview's)."""
    fields = _fields_beside(choice)
    choices = _choice_edits(current, key, choice)
    if RemoveKey(key) in choices:
        return choices
    return [*choices, *changes_for(fields, current.data, request.form, key).edits]


def _choice_edits(current: Opened, key: KeyPath, choice: str) -> list[Edit]:
    """The adaptation's action and text as the answers say. Keeping the base text under its
    own heading is the default, so it is written as no adaptation at all."""
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
            edits += changes_for([Field((name,), "", "textarea")], current.data, moved,
                                 key).edits
        elif present:
            edits.append(RemoveKey((*key, name)))
    if choice == "omit" and lookup(current.data, (*key, "title")) is not None:
        edits.append(RemoveKey((*key, "title")))  # an omitted section has no heading
    return edits


def _text_answer(form: Mapping[str, str], key: KeyPath) -> str:
    return form.get(field_name((*key, "text")), "").replace("\r\n", "\n").strip("\n")


def _stored_text(current: Opened, key: KeyPath, choice: str) -> str:
    stored = lookup(current.data, (*key, choice if choice in ("replace", "append")
                                   else "replace"))
    answer = shown(stored, TEXT_FIELD)
    return answer if isinstance(answer, str) else ""


def _described(choice: str, text: str) -> str:
    label = next(text for value, text in SECTION_CHOICES if value == choice)
    return f"{label}: {text}" if text and choice in ("replace", "append") else label


def _form(current: Opened, section: Section, form: Any, errors: list[FieldError],
          was_kept: bool = False) -> str:
    """The section's page: the file's answers, or (`form`) the ones just sent; each with the
    answer the next save merges against: the file's now, or (`was_kept`, nothing written)
    the one the form was opened with."""
    key: KeyPath = ("adaptations", section.id)
    choice = form.get("choice", "") if form is not None else choice_of(current, key)
    rows = []
    by_id = {e.field_id: e for e in errors}
    for field in approving.asked(SECTION_FIELDS):
        full = (*key, *field.key)
        if field.key == ("text",):
            stored: Answer = _stored_text(current, key, choice_of(current, key))
        else:
            stored = shown(lookup(current.data, full), field)
        value = submitted(form, full, field) if form is not None else stored
        was = opened_with(form, full, field) if was_kept and form is not None else None
        rows.append({"field": field, "name": field_name(full), "id": field_id(full),
                     "value": value, "was": stored if was is None else was,
                     "error": by_id.get(field_id(full))})
    return render_template(
        "section.html.j2", name=current.name, section=section, rows=rows, choice=choice,
        was_choice=form.get(WAS + "choice", choice_of(current, key)) if was_kept and form
        is not None else choice_of(current, key),
        choices=SECTION_CHOICES, errors=errors,
        title=section_title(section, current), base_html=_base_html(section, current),
        origin=origin_note(section, guidance(current), current),
        choice_error=by_id.get(CHOICE_ID), team=team_mode(),
        approval=approving.state_of(approving.departures(current), key))


def origin_note(section: Section, edition: Guidance, current: Opened) -> tuple[str, str]:
    """The label of where the base text's words come from, and a sentence on what that
    means, so that nobody takes model or code text for the Cabinet Office's."""
    origin = section_origin(section, edition, _filled("{{ code.name }}", current))
    label = origin_label(origin)
    if origin.kind == "code":
        return label, (f"This is {origin.code}, the code of conduct your staff follow, in "
                       "plain words. It is not the Cabinet Office guidance.")
    if origin.kind == "model":
        return label, ("This project wrote this text, because the Cabinet Office guidance says "
                       "nothing on the subject. It is not the Cabinet Office guidance.")
    if origin.edition != edition.edition:
        return label, (f"The {edition_month(edition.edition)} guidance is not known on this "
                       f"subject, so the base text restates the "
                       f"{edition_month(origin.edition or '')} guidance in plain words.")
    return label, "The Cabinet Office guidance, restated in plain words: not its official text."


def choice_of(current: Opened, key: KeyPath) -> SectionChoice:
    """What the department does with a section, as its page's radios say it."""
    action = lookup(current.data, (*key, "action"))
    if action == "omit":
        return "omit"
    if action == "modify":
        return "append" if lookup(current.data, (*key, "append")) is not None else "replace"
    return "adopt"


def _status(current: Opened, key: KeyPath) -> str:
    status = STATUS[choice_of(current, key)]
    if lookup(current.data, (*key, "title")):
        status += ", retitled"
    return status


def section_title(section: Section, current: Opened) -> str:
    """A base section's heading as the department's policy shows it (its code named)."""
    return _filled(section.title, current)


def _base_html(section: Section, current: Opened) -> str:
    html: str = _MARKDOWN.render(_filled(section.body, current))
    return html


def _filled(text: str, current: Opened) -> str:
    return with_code(text, current.data)


def _names(keyed: list[tuple[KeyPath, Field]], key: KeyPath) -> Fields:
    """The fields by key path, the text first: a problem with the adaptation as a whole
    (`action: modify` with no text, say) is about the text, and is put there; so are the
    problems of `replace` and `append`, which the text field writes."""
    text = ((*key, "text"), TEXT_FIELD)
    names = {field_name(text[0]): text, field_name((*key, "replace")): text,
             field_name((*key, "append")): text}
    return names | {field_name(k): (k, f) for k, f in keyed}
