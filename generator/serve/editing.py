"""What every editing page shares: the blueprint, and the save.

A save applies the form's edits to the text the file holds now, but only if that is the
text the page was built from (the hash the form carries); otherwise the person is shown
both versions and nothing is written (decision 3). The edit itself is made by yamledit,
which refuses any change it cannot make cleanly; the store then has the project's loader
read the new text before it replaces the file.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from flask import Blueprint, abort, render_template, request
from werkzeug.wrappers import Response

from generator.errors import ProfileError
from generator.profile import KeyPath
from generator.serve import store
from generator.serve.filing import settle
from generator.serve.forms import FieldError, all_on, as_text, lookup, shown, submitted
from generator.serve.journey import Field
from generator.serve.pack_making import prepare
from generator.serve.workspace import Opened, opened, settings
from generator.serve.yamledit import Edit, EditRefused, apply_edits

editing = Blueprint("editing", __name__)
HASH = "sha256"  # the form field that carries the hash of the text the page was built from


@dataclass(frozen=True)
class Saved:
    """The profile after a save (or unchanged), and the loader's refusal if it refused."""

    profile: Opened
    refused: tuple[FieldError, ...] = ()


def writable() -> None:
    """Editing pages are not served with --read-only."""
    if settings().read_only:
        abort(404)


def save(current: Opened, edits: Sequence[Edit], fields: Iterable[tuple[KeyPath, Field]],
         first: KeyPath, *, resubmit: bool = True) -> Saved | Response:
    """Apply `edits` and write the file; a conflict page if it changed since the page was
    built. The loader's refusal (a character no file may hold) is put on `first`. Without
    `resubmit`, a conflict offers no "save over": a removal names an item by its place, and
    in the new version another item may be in that place."""
    if request.form.get(HASH, "") != current.snapshot.sha256:
        return conflict(current, fields, resubmit)
    if not edits:
        return Saved(current)
    try:
        text = apply_edits(current.snapshot.text, edits)
        snapshot = store.save(current.path, current.snapshot.sha256, text)
    except store.Conflict:
        return conflict(current, fields, resubmit)
    except EditRefused as exc:
        abort(422, f"The change could not be written without disturbing the rest of the "
                   f"file, so nothing was saved ({exc}). Make it in a text editor.")
    except ProfileError as exc:
        return Saved(current, tuple(all_on(exc.problems, first)))
    except OSError as exc:  # a full disk, a folder that cannot be written: nothing saved
        abort(422, f"{current.name} could not be written ({exc.strerror}), so nothing was "
                   "saved. Free some space or ask for the folder to be made writable, then "
                   "send the page again.")
    saved = settle(opened(current.name, current.path, snapshot))  # a clean draft leaves drafts
    prepare(saved)  # a version `check` accepts: its pack is made while the person moves on
    return Saved(saved)


def conflict(current: Opened, fields: Iterable[tuple[KeyPath, Field]],
             resubmit: bool = True) -> Response:
    """The page for a save refused because the file changed: both versions, field by field,
    and the choice to put these answers over the new version or to start again from it."""
    again = store.read(current.path)
    now = opened(current.name, current.path, again)
    rows = []
    for key, field in fields:
        yours = submitted(request.form, key, field)
        theirs = shown(lookup(now.data, key), field)
        if yours != theirs:
            rows.append((field.label, as_text(yours), as_text(theirs)))
    answers = [(k, v) for k, v in request.form.items(multi=True)
               if k not in (HASH, "csrf_token")]
    page = render_template("conflict.html.j2", name=current.name, rows=rows,
                           resubmit=answers if resubmit else None, sha256=again.sha256,
                           action=request.path, errors=[])
    return Response(page, 409, content_type="text/html; charset=utf-8")
