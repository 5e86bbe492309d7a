"""What every editing page shares: the blueprint, and the save.

A save writes only what this person changed (merging.py): its plan is worked out against
the file as it is now, field by field, from the answers the form sent and the answers the
page showed. Where both this person and someone else changed the same answer, nothing is
written: a page shows both and asks. The edit itself is made by yamledit, which refuses any
change it cannot make cleanly; the store then has the project's loader read the new text
before it replaces the file, under a lock, and only if the file is still the one the plan
was made from (else the plan is made again, against the newer file).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from flask import Blueprint, abort, current_app, render_template, request
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from generator import versions
from generator.errors import ProfileError
from generator.profile import KeyPath, load_profile_bytes
from generator.serve import approving, others, people, recording, slugs, store
from generator.serve.answers.forms import (
    ASKED,
    KEEP,
    FieldError,
    all_on,
    as_text,
    field_id,
    field_name,
    lookup,
    typed_answers,
)
from generator.serve.answers.merging import Changes, Clash
from generator.serve.filing import settle
from generator.serve.pack_making import prepare
from generator.serve.workspace import Opened, opened, settings
from generator.serve.yamltext.yamledit import EditRefused, apply_edits

editing = Blueprint("editing", __name__)
ATTEMPTS = 3  # a file changing under every attempt to save is a fault, said plainly
Plan = Callable[[Opened], Changes]


@dataclass(frozen=True)
class Saved:
    """The profile after a save (or unchanged), the changes written, and the loader's
    refusal if it refused (then nothing was written)."""

    profile: Opened
    changes: Changes = field(default_factory=Changes)
    refused: tuple[FieldError, ...] = ()


def writable() -> None:
    """Editing pages are not served with --read-only."""
    if settings().read_only:
        abort(404)


@dataclass(frozen=True)
class Along:
    """What a page writes with the profile, in the same version (issue 29): the version's
    subject in words ("Changed the logo to dwp-logo.png"), and files beside the profile
    (a logo, a translation) that `write` puts in place just before the profile is written.
    Neither happens if the profile's text does not change."""

    subject: str
    paths: tuple[Path, ...] = ()
    write: Callable[[], None] | None = None


def save(current: Opened, plan: Plan, first: KeyPath,
         along: Along | None = None) -> Saved | Response:
    """Work out the plan against the file now and write it; a page asking about clashes if
    the plan has any. The loader's refusal (a character no file may hold) is put on
    `first`. `along`: what is written with it, in the same version."""
    for _ in range(ATTEMPTS):
        changes = plan(current)
        if changes.clashes:
            return clashed(current, changes.clashes)
        if not changes.edits or changes.gone:
            return Saved(current, changes)
        try:
            text = apply_edits(current.snapshot.text, changes.edits)
            # Team mode: a departure added or changed awaits approval again (approving.py).
            unapproving = approving.unapproved(current.data, text)
            if unapproving:
                text = apply_edits(text, unapproving)
            taken = _slug_taken(current, text)
            if taken:
                return Saved(current, changes, taken)
            snapshot = store.save(current.path, current.snapshot.sha256, text,
                                  _recorded(current, text, along))
        except store.Conflict as exc:  # changed since this request read it: plan again
            current = opened(current.name, current.path, exc.current)
            continue
        except store.NotEditable as exc:  # moved while it waited on the lock
            moved = store.listing(settings().folder).get(current.name)
            if moved is not None and moved != current.path:  # a draft promoted: plan again
                current = opened(current.name, moved, store.read(moved))
                continue
            if not current.path.exists():
                abort(410)  # renamed, archived or deleted: the answers are shown back
            abort(422, str(exc))
        except EditRefused as exc:
            abort(422, f"The change could not be written without disturbing the rest of the "
                       f"file, so nothing was saved ({exc}). Make it in a text editor.")
        except ProfileError as exc:
            return Saved(current, changes, tuple(all_on(exc.problems, first)))
        except OSError as exc:  # a full disk, a folder that cannot be written: nothing saved
            abort(422, f"{current.name} could not be written ({exc.strerror}), so nothing "
                       "was saved. Free some space or ask for the folder to be made "
                       "writable, then send the page again.")
        saved = settle(opened(current.name, current.path, snapshot))  # a clean draft moves
        prepare(saved)  # a version `check` accepts: its pack is made while the person moves on
        # Team mode: a departure's approval removed is awaited, not an error of the form.
        return Saved(approving.settled(saved), changes)
    abort(422, "The file kept changing while your answers were being saved, so nothing was "
               "saved. Send the page again in a moment.")


def _slug_taken(current: Opened, text: str) -> tuple[FieldError, ...]:
    """The slug field's refusal if this save gives the profile a slug another profile of
    the folder (or its drafts) has: it names that department's sign-off and translation
    files, which this profile would then read and write. A slug shared already (typed in a
    text editor) does not stop other saves: `check` reports it (slug_taken)."""
    try:
        after = lookup(load_profile_bytes(text.encode("utf-8"), current.path,
                                          current.path.name).data, slugs.SLUG)
    except ProfileError:
        return ()  # the store's guard refuses this text, in its own words
    if after == lookup(current.data, slugs.SLUG):
        return ()
    other = slugs.owner(settings().folder, after, current.name)
    if other is None:
        return ()
    return (FieldError(field_id(slugs.SLUG), slugs.taken_words(other)),)


def _recorded(current: Opened, text: str, along: Along | None) -> recording.Around | None:
    """What store.save hands the write to: in team mode it is committed (with `along`'s
    files and subject); `along`'s files are written on a laptop too."""
    subject = along.subject if along else None
    lines = recording.save_lines(current.data, text, current.path, subject) \
        if people.team_mode() else ()
    paths = [current.path, *(along.paths if along else ())]
    around = recording.around(settings().folder, paths, lines)
    also = along.write if along else None
    if also is None:
        return around

    def both(write: recording.Write) -> None:
        def writes() -> None:
            also()
            write()
        if around is None:
            writes()
        else:
            around(writes)

    return both


@editing.app_errorhandler(versions.GitError)
def not_recorded(error: versions.GitError) -> tuple[str, int]:
    """A write the history could not commit (a full disk, HEAD moved by someone's git, an
    identity git refused): record() put the files back, so the page says plainly that
    nothing was saved, and why, in git's words without the server's paths."""
    current_app.logger.warning("not recorded: %s", error)
    return render_template("error.html.j2", title="Nothing was saved", text=str(error),
                           detail=""), 503


@editing.app_errorhandler(410)
def profile_gone(error: HTTPException) -> tuple[str, int]:
    """A form sent to a profile that is no longer in the folder (renamed, archived or
    deleted since the page was opened): nothing can be saved, so what was typed is shown,
    each answer under its question, to be copied where it belongs."""
    return render_template("profile_gone.html.j2", answers=typed_answers(request.form),
                           errors=[]), 410


def clashed(current: Opened, clashes: tuple[Clash, ...]) -> Response:
    """The page for answers both this person and someone else changed since the page was
    opened: both answers side by side, and a choice for each. Every answer sent rides along,
    so the choice is sent with them and the save is worked out again; each clashing
    answer's `was:` becomes the file's answer shown here (merging.Clash.was), and is marked
    as asked, so it cannot come back without a choice."""
    rows = [{"label": c.field.label, "named": c.field.named, "name": KEEP + field_name(c.key),
             "id": field_id((KEEP, *c.key)), "mine": as_text(c.mine),
             "theirs": as_text(c.theirs),
             # Team mode: who changed it since the page was opened, from the history.
             "who": others.who_changed(settings().folder, current.path, c),
             # Chosen "mine" already, yet asked again: the file changed again since.
             "again": request.form.get(KEEP + field_name(c.key)) == "mine"} for c in clashes]
    shown_was = dict(pair for c in clashes for pair in c.was)
    asked = [ASKED + field_name(c.key) for c in clashes]
    asking = {row["name"] for row in rows}  # these radios are asked again; choices made
    answers = [(k, shown_was.get(k, v)) for k, v in request.form.items(multi=True)
               if k not in ("csrf_token", *asked, *asking)]  # for other answers ride along
    answers += [(k, v) for k, v in shown_was.items() if k not in request.form]
    answers += [(name, "yes") for name in asked]
    again = any(name in request.form for name in asked)  # asked before: say why again
    # An item's page may name another item now: discarding goes back to its list.
    back = request.path.rsplit("/", 1)[0] if "/list/" in request.path else request.path
    named = all(row["who"] for row in rows)
    page = render_template("conflict.html.j2", name=current.name, rows=rows, answers=answers,
                           named=named,
                           action=request.path, back=back, asked=again,
                           errors=["choose"] if again else [])
    return Response(page, 409, content_type="text/html; charset=utf-8")
