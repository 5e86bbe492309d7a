"""The approvals page of a profile (issue 29, team mode): each departure awaiting approval,
its change in words since it was last approved, who wrote it, and "Approve" for the
department's approvers. An approval writes `approved_by` (the approver's name) and `date`
(today) in a commit of its own, with the trailer `Policy-Pack-Approved: <id>`.

What is refused, with the reason on the page: a person who is not an approver of the
department; an approver who changed the departure's substance since its last approval
(separation of duties: the authors come from the history, never from the form); a
departure changed since the page was shown (the form carries a hash of what was seen).
"""

from __future__ import annotations

from flask import abort, redirect, render_template, request
from markupsafe import Markup
from werkzeug.wrappers import Response

from generator import versions
from generator.errors import ProfileError
from generator.serve import approving, people, recording, store
from generator.serve.editing import editing, writable
from generator.serve.pack_making import prepare
from generator.serve.workspace import Opened, open_profile, opened, settings, today
from generator.serve.yamltext.yamledit import EditRefused, SetValue, apply_edits

ATTEMPTS = 3  # a file changing elsewhere (not this departure) under each attempt


@editing.route("/p/<name>/approvals")
def approvals_page(name: str) -> str:
    """Read: the departures awaiting approval, and those approved."""
    writable()
    if not people.team_mode():
        abort(404)  # on a laptop approvals are typed, as they always were
    return _page(open_profile(name), approved=request.args.get("approved", ""))


@editing.route("/p/<name>/approvals", methods=["POST"])
def approve(name: str) -> Response | tuple[str, int]:
    """Approve one departure, as the signed-in approver, if they may."""
    writable()
    if not people.team_mode():
        abort(404)
    current = open_profile(name)
    wanted, seen = request.form.get("departure", ""), request.form.get("substance", "")
    for _ in range(ATTEMPTS):
        found = approving.state_of_id(approving.departures(current), wanted)
        status, refusal = refused(current, found, seen)
        if refusal or found is None:
            return _page(current, refusal=refusal or "That departure is no longer in the "
                         "profile.", about=wanted), status
        try:
            _write(current, found)
        except store.Conflict as exc:  # the file changed: judged again against it now
            current = opened(current.name, current.path, exc.current)
            continue
        return redirect(f"/p/{name}/approvals?approved={found.id}", 303)
    abort(422, "The file kept changing while the approval was being written, so nothing "
               "was written. Send it again in a moment.")


def refused(current: Opened, found: versions.Departure | None, seen: str) -> tuple[int, str]:
    """Why this person may not approve `found` now, in words, with the answer's status;
    (409, "") if they may (or it is gone: the caller says so)."""
    person = people.current_person()
    if person is None:
        return 403, "Approvals are given by a signed-in approver."
    if not people.may("approve", current.name):
        return 403, (f"Only an approver of {_department(current.name)} can approve its "
                     "departures. You can read them here.")
    if found is None:
        return 409, ""
    if found.substance != seen:
        return 409, (f"The departure from {found.heading} changed since you opened this "
                     "page, so it was not approved. Read it again below, then approve it if "
                     "you agree.")
    if not found.awaiting:
        return 409, f"The departure from {found.heading} is approved already."
    if found.wrote(person.email):
        return 403, (f"You cannot approve the departure from {found.heading}: you changed "
                     "it since it was last approved, and a departure is approved by someone "
                     "other than the people who wrote it. Ask another approver.")
    return 409, ""


def _write(current: Opened, found: versions.Departure) -> None:
    person = people.current_person()
    assert person is not None  # refused() answered for anyone else
    edits = (SetValue((*found.key, "approved_by"), person.name),
             SetValue((*found.key, "date"), today()))
    try:
        text = apply_edits(current.snapshot.text, edits)
    except EditRefused as exc:
        abort(422, f"The approval could not be written without disturbing the rest of the "
                   f"file, so nothing was written ({exc}).")
    subject = f"Approved the departure from {found.heading}"
    around = recording.around(settings().folder, [current.path], (subject,),
                              ((versions.TRAILER, found.id),))
    try:
        snapshot = store.save(current.path, current.snapshot.sha256, text, around)
    except ProfileError as exc:
        abort(422, f"The approval was not written: the profile would not be accepted ({exc}).")
    prepare(opened(current.name, current.path, snapshot))


def _page(current: Opened, refusal: str = "", about: str = "", approved: str = "") -> str:
    found = approving.departures(current)
    person = people.current_person()
    rows = [_row(current, d, person.email if person else "") for d in found if d.awaiting]
    done = approving.state_of_id(found, approved)
    return render_template(
        "approvals.html.j2", name=current.name, rows=rows, team=people.team_mode(),
        approved=[d for d in found if not d.awaiting], errors=[refusal] if refusal else [],
        refusal=refusal, about=about, just_approved=done.heading if done and not
        done.awaiting else "", department=_department(current.name))


def _row(current: Opened, found: versions.Departure, email: str) -> dict[str, object]:
    wrote = found.wrote(email) if email else False
    return {"id": found.id, "heading": found.heading, "why": found.why,
            "substance": found.substance, "changes": [c.words for c in found.changes],
            "writers": [a.name for a in found.changed_by],
            "href": _href(current, found),
            # Which departure the button approves, for screen readers (WCAG 2.4.6); the
            # heading (a local rule's, typed by anyone) escaped by Markup.format.
            "button": Markup('Approve<span class="govuk-visually-hidden"> the departure from '
                             '{}</span>').format(found.heading),
            "may": people.may("approve", current.name) and not wrote, "wrote": wrote}


def _href(current: Opened, found: versions.Departure) -> str:
    if found.key[0] == "adaptations":
        return f"/p/{current.name}/sections/{found.id}"
    return f"/p/{current.name}/list/local-rules/{found.key[1]}"


def _department(name: str) -> str:
    return name.removesuffix(".yaml")
