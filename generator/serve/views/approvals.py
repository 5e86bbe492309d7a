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

import difflib
import re
from collections.abc import Mapping, Sequence

from flask import abort, redirect, render_template, request
from markupsafe import Markup, escape
from werkzeug.wrappers import Response

from generator import versions
from generator.errors import ProfileError
from generator.profile import SECTION_CHOICES
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
                     f"other than the people who wrote it. {ask(current, found)}")
    if _fallback_only(current, found, person):
        return 403, (f"An administrator approves a department's departures only when it has "
                     f"no other approver who did not make the change. {ask(current, found)}")
    return 409, ""


def _fallback_only(current: Opened, found: versions.Departure,
                   person: people.Person | None) -> bool:
    """Whether `person` may approve only as an administrator (not named an approver of the
    department), while the department has an approver who did not change `found`: then
    the approval is theirs to give, and an administrator's would step over them."""
    if person is None:
        return False  # a laptop: no roles
    who = approving.approvers(current.name)
    groups = {approving.GROUP + g for g in person.groups}
    if person.email in who.approvers or groups & set(who.approvers):
        return False
    wrote = [a.email for a in found.changed_by]
    return bool(approving.people_named(who.approvers, {}, wrote))


def ask(current: Opened, found: versions.Departure) -> str:
    """Whom to ask to approve `found`, by name and address from the access file: the
    department's approvers who did not change it; else its administrators (who may approve
    any department's departures, never their own change); else that nobody can."""
    department = _department(current.name)
    who = approving.approvers(current.name)
    names = _names(current)
    wrote = [a.email for a in found.changed_by]
    others = approving.people_named(who.approvers, names, wrote)
    if others:
        return f"Ask an approver of {department}: {_listed(others)}."
    admins = approving.people_named(who.admins, names, wrote)
    if admins:
        return (f"No other approver of {department} is named in the access file, so ask an "
                f"administrator, who may approve it or name another approver: "
                f"{_listed(admins)}.")
    return (f"No other approver of {department} and no administrator who did not change it "
            "is named in the access file, so nobody can approve it until the access file "
            "names another approver.")


def _names(current: Opened) -> dict[str, str]:
    """People's names by their address, as the profile's history knows them (the access
    file names addresses only), with the person signed in."""
    names: dict[str, str] = {}
    folder = settings().folder
    try:
        where = current.path.resolve().relative_to(folder.resolve()).as_posix()
        for version in versions.history(folder, where):
            names.setdefault(version.author.email.lower(), version.author.name)
    except (versions.NoRepository, versions.GitError, ValueError):
        pass
    person = people.current_person()
    if person is not None:
        names[person.email.lower()] = person.name
    return names


def _listed(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


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
    for row, d in zip(rows, [d for d in found if d.awaiting], strict=True):
        row["ask"] = ask(current, d) if row["wrote"] or not row["may"] else ""
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
            "compared": compared(found), "new": found.was is None,
            "writers": [a.name for a in found.changed_by],
            "href": _href(current, found),
            # Which departure the button approves, for screen readers (WCAG 2.4.6); the
            # heading (a local rule's, typed by anyone) escaped by Markup.format.
            "button": Markup('Approve<span class="govuk-visually-hidden"> the departure from '
                             '{}</span>').format(found.heading),
            "may": people.may("approve", current.name) and not wrote and not _fallback_only(
                current, found, people.current_person()), "wrote": wrote}


def _href(current: Opened, found: versions.Departure) -> str:
    if found.key[0] == "adaptations":
        return f"/p/{current.name}/sections/{found.id}"
    return f"/p/{current.name}/list/local-rules/{found.key[1]}"


def _department(name: str) -> str:
    return name.removesuffix(".yaml")


# -- what changed, word by word ---------------------------------------------------------------

# A departure's answers in the order its form asks them, named as the form names them.
SECTION_ANSWERS = (("choice", "What the department does"), ("title", "Our heading"),
                   ("text", "Our text"), ("reason", "Reason"))
RULE_ANSWERS = (("title", "Heading"), ("id", "Section ID"),
                ("after", "Comes after the section"), ("text", "Text"), ("reason", "Reason"))
TOKENS = re.compile(r"\n|[^\S\n]+|\S+")  # line breaks, spaces and words, each a token


def compared(found: versions.Departure) -> list[dict[str, object]]:
    """Each answer of a departure as last approved and as it is now, the words removed
    marked in the one and those added in the other (all of it, for a new departure)."""
    rule = found.key[0] == "local_rules"
    was = _answers(found.was, rule) if found.was is not None else None
    now = _answers(found.now, rule)
    rows: list[dict[str, object]] = []
    for key, label in _labels(rule, [*(was or {}), *now]):
        old, new = (was or {}).get(key, ""), now.get(key, "")
        if not old and not new:
            continue
        if was is None or old == new:
            rows.append({"label": label, "was": None, "now": _plain(TOKENS.findall(new)),
                         "changed": False})
            continue
        removed, added = marked(old, new)
        rows.append({"label": label, "was": removed if old else None,
                     "now": added if new else None, "changed": True})
    return rows


def _answers(entry: Mapping[str, object], rule: bool) -> dict[str, str]:
    """A departure's answers as text: a section's choice in the form's words, its text
    wherever the file keeps it (`replace` or `append`)."""
    found = {str(k): _text(v) for k, v in entry.items()
             if k not in ("action", "replace", "append")}
    if not rule:
        action, replace, append = entry.get("action"), entry.get("replace"), entry.get("append")
        choice = "omit" if action == "omit" else "adopt" if action != "modify" else \
            "append" if append and not replace else "replace"
        found["choice"] = dict(SECTION_CHOICES).get(choice, choice)  # type: ignore[call-overload]
        found["text"] = _text(replace or append or "")
    return {k: v for k, v in found.items() if v}


def _labels(rule: bool, keys: Sequence[str]) -> list[tuple[str, str]]:
    known = RULE_ANSWERS if rule else SECTION_ANSWERS
    named = dict(known)
    others = [k for k in dict.fromkeys(keys) if k not in named]
    return [*known, *((k, k) for k in others)]  # an answer no form asks: by its key


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def marked(old: str, new: str) -> tuple[Markup, Markup]:
    """`old` with its words removed marked (<del>) and `new` with its words added marked
    (<ins>), each mark with a visually hidden "removed:"/"added:" so that the meaning is
    in words, not in the strike-through or the colour. Word by word (difflib), keeping
    each line break, so paragraphs and list lines read as they were written."""
    a, b = TOKENS.findall(old), TOKENS.findall(new)
    was: list[Markup] = []
    now: list[Markup] = []
    for op, i1, i2, j1, j2 in _runs(difflib.SequenceMatcher(None, a, b, autojunk=False)
                                    .get_opcodes(), a):
        if op == "equal":
            was.append(_plain(a[i1:i2]))
            now.append(_plain(b[j1:j2]))
            continue
        was.append(_mark("del", "removed", a[i1:i2]))
        now.append(_mark("ins", "added", b[j1:j2]))
    return Markup("").join(was), Markup("").join(now)


Opcode = tuple[str, int, int, int, int]


def _runs(opcodes: Sequence[Opcode], a: Sequence[str]) -> list[Opcode]:
    """The opcodes with a lone space kept between two changes taken into them, so that
    "added: two new lines" reads as one change, not a change per word."""
    found: list[Opcode] = []
    for at, (op, i1, i2, j1, j2) in enumerate(opcodes):
        between = 0 < at < len(opcodes) - 1 and all(t.isspace() and t != "\n"
                                                    for t in a[i1:i2])
        if op == "equal" and not between:
            found.append((op, i1, i2, j1, j2))
        elif found and found[-1][0] != "equal":
            found[-1] = ("replace", found[-1][1], i2, found[-1][3], j2)
        else:
            found.append(("replace", i1, i2, j1, j2))
    return found


def _mark(tag: str, said: str, tokens: Sequence[str]) -> Markup:
    if not "".join(tokens).strip():  # only spaces or line breaks: nothing to read as a change
        return _plain(tokens)
    # Spaces at either end stay outside the mark, so that the mark holds only words.
    start = next(i for i, t in enumerate(tokens) if t.strip())
    end = len(tokens) - next(i for i, t in enumerate(reversed(tokens)) if t.strip())
    return Markup("{}<{} class=\"pp-{}\"><span class=\"govuk-visually-hidden\">{}: </span>"
                  "{}<span class=\"govuk-visually-hidden\"> (end of the {} words)</span>"
                  "</{}>{}").format(
        _plain(tokens[:start]), Markup(tag), Markup(tag), said, _plain(tokens[start:end]),
        said, Markup(tag), _plain(tokens[end:]))


def _plain(tokens: Sequence[str]) -> Markup:
    """Text escaped, each line break kept as one."""
    return Markup("").join(Markup("<br>\n") if t == "\n" else escape(t) for t in tokens)
