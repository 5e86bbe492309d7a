"""The pages a team's editor answers a refusal with, in plain words: a form sent after the
sign-in ended (its answers shown back), a person with no role (the administrators named),
a page the person's role does not allow."""

from __future__ import annotations

import re
from collections.abc import Mapping

from flask import render_template, request

from generator.profile import PAGES, SECTION_CHOICES, SECTION_FIELDS
from generator.serve.answers.forms import field_name, typed_answers
from generator.serve.people import current_person
from generator.serve.security import local_path
from generator.serve.team.signin import the_team

NOT_ALLOWED = ("You cannot do that with your role",
               "Your role does not allow this page or this action. Nothing was saved. If you "
               "need it, ask an administrator of the editor to change your role.")
FORGED = ("The form had expired",
          "The page was opened before you last signed in, or was sent from somewhere else. "
          "Nothing was saved. Go back, reload the page and send the form again.")


def team_refusal(code: int, description: str) -> tuple[str, int] | None:
    """The team's page for this refusal, or None where the editor's usual one serves."""
    if code == 401:
        return _answers_kept(), 401
    if code == 403 and description == "no-role":
        return _no_role(), 403
    if code == 403:
        title, text = NOT_ALLOWED
        return render_template("error.html.j2", title=title, text=text, detail=""), 403
    if code == 400 and "CSRF" in description:
        if current_person() is None:  # the session that gave the form's token has gone
            return _answers_kept(), 400
        title, text = FORGED
        return render_template("error.html.j2", title=title, text=text, detail=""), 400
    return None


def _answers_kept() -> str:
    """A form refused because its sign-in ended: every answer shown back, under its
    question, to copy once signed in again (a new sign-in is a new session, whose form
    tokens differ, so the answers cannot simply be sent on)."""
    back = request.path if local_path(request.path) else "/"
    return render_template("team_answers_kept.html.j2",
                           answers=typed_answers(labelled(request.form)),
                           file_dropped=any(f.filename for f in request.files.values()),
                           back=back)


def _options() -> dict[str, dict[str, str]]:
    """Each question answered by a choice, by its field's name without list positions
    (`channels.language`), with its choices' labels by value."""
    found: dict[str, dict[str, str]] = {"choice": {v: t for v, t in SECTION_CHOICES}}
    for page in PAGES:
        found |= {field_name((*page.list_key, *fld.key)): dict(fld.options)
                  for fld in page.fields if fld.options}
    return found | {f"adaptations.{fld.key[-1]}": dict(fld.options)
                    for fld in SECTION_FIELDS if fld.options}


OPTIONS = _options()


def labelled(form: Mapping[str, str]) -> dict[str, str]:
    """The form's answers with each choice said by its label, as the page showed it
    ("Replace the base text with our own", not "replace"); a value no label is known
    for is kept as sent."""
    shown = {}
    for name, value in form.items():
        bare = re.sub(r"\[-?\d+\]", "", name)
        if bare.startswith("adaptations."):
            bare = "adaptations." + bare.rsplit(".", 1)[-1]
        shown[name] = OPTIONS.get(bare, {}).get(value, value)
    return shown


def _no_role() -> str:
    person = current_person()
    admins = the_team().access.rules().administrators()
    return render_template("no_role.html.j2", email=person.email if person else "",
                           admins=admins)
