"""The logo page: an uploaded SVG or PNG goes through the checks `build` makes (type, size,
no scripts or outside references in an SVG) before it is kept, under a name the server
chooses (decision 7): the browser's file name is never used as a path."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from flask import redirect, render_template, request
from werkzeug.wrappers import Response

from generator.errors import ProfileError
from generator.model import LogoRef
from generator.profile import BY_SLUG, STARTER_MARK, Field, load_logo, load_profile_bytes
from generator.serve import recording, store
from generator.serve.answers.forms import FieldError, errors_for, field_id, field_name, lookup
from generator.serve.answers.forms import shown as shown_value
from generator.serve.answers.merging import Changes, changes_for, holds_placeholder, opened_with
from generator.serve.editing import Along, editing, save, writable
from generator.serve.views.fields import readable
from generator.serve.workspace import Opened, open_profile
from generator.serve.yamltext.yamledit import RemoveKey, SetValue

PAGE = BY_SLUG["logo"]
FILE_KEY = ("department", "logo", "file")
UPLOAD = "f-logo-upload"
UPLOAD_FIELD = Field(FILE_KEY, "Upload a file", noun="the logo's file")


@editing.route("/p/<name>/logo", methods=["GET", "POST"])
def logo_page(name: str) -> str | Response:
    writable()
    current = open_profile(name)
    readable(current)
    keys = (FILE_KEY, *(f.key for f in PAGE.fields))
    if request.method == "GET":  # errors are shown after a save, never on a first visit
        return _form(current, [])
    if request.form.get("no_logo") == "yes":  # the logo is optional: leave it out
        outcome = save(current, _no_logo, FILE_KEY, Along("Removed the logo"))
        return outcome if isinstance(outcome, Response) else redirect(f"/p/{name}", 303)
    kept: Kept | None = None
    upload = request.files.get("logo")
    if upload is not None and upload.filename:
        found = _keep(current, upload.read(), Path(upload.filename).suffix.lower())
        if isinstance(found, FieldError):
            return _form(current, [found], sent=True)
        kept = found
    try:
        outcome = save(current, lambda now: _changes(now, kept.relative if kept else None), keys[1],
                       kept.along() if kept else None)
        if kept and not isinstance(outcome, Response) and not outcome.refused:
            kept.alone(current)  # the same name as before: only the logo's file changed
    finally:
        if kept:
            kept.temporary.unlink(missing_ok=True)  # not written: nothing saved
    if isinstance(outcome, Response):
        return outcome
    errors = list(outcome.refused) or errors_for(
        outcome.profile.problems, [("department", "logo")],
        {field_name(k): (k, f) for k, f in zip(keys, (UPLOAD_FIELD, *PAGE.fields), strict=True)})
    if errors:
        return _form(outcome.profile, errors, sent=bool(outcome.refused))
    return redirect(f"/p/{name}", 303)


def _no_logo(now: Opened) -> Changes:
    present = lookup(now.data, ("department", "logo")) is not None
    return Changes((RemoveKey(("department", "logo")),) if present else ())


def _changes(now: Opened, kept: str | None) -> Changes:
    """The upload and the answers; a starter's logo with no file chosen and nothing said
    about it is no logo at all (the logo is optional, FILL IN is never an answer)."""
    changes = changes_for(PAGE.fields, now.data, request.form)
    file = lookup(now.data, FILE_KEY)
    if kept is None and holds_placeholder(file) and not request.form.get(
            field_name(PAGE.fields[0].key), "").strip():
        return _no_logo(now)
    edits = ((SetValue(FILE_KEY, kept),) if kept else ()) + changes.edits
    return Changes(edits, changes.clashes)


@dataclass(frozen=True)
class Kept:
    """An upload checked and waiting beside its place, logos/<profile>-logo.<type>: put
    there with the profile's save, in the same version (issue 29)."""

    relative: str  # the name the profile gives it
    temporary: Path
    target: Path

    def place(self) -> None:
        os.replace(self.temporary, self.target)

    def along(self) -> Along:
        return Along(f"Changed the logo to {self.target.name}", (self.target,), self.place)

    def alone(self, current: Opened) -> None:
        """Put in place by itself, when the save wrote nothing (the profile names it already):
        one version of the logo's file alone."""
        if self.temporary.exists():
            recording.write(current.path.parent, [self.target],
                            [f"Changed the logo to {self.target.name}"], self.place)


def _keep(current: Opened, data: bytes, suffix: str) -> Kept | FieldError:
    """Check an upload as `build` checks a logo, kept in a temporary file beside its place
    until the save puts it there.

    Returns the upload, or the check's message."""
    if suffix not in (".svg", ".png"):
        return FieldError(UPLOAD, "The selected file must be an SVG or PNG")
    folder = current.path.parent / "logos"
    if store.outside(folder):  # a logos folder linked elsewhere: never written through
        return FieldError(UPLOAD, "The logo cannot be kept: the logos folder is a link to a "
                          "place outside the folder of profiles", "")
    folder.mkdir(exist_ok=True)
    relative = f"logos/{current.path.stem}-logo{suffix}"
    handle, temporary = tempfile.mkstemp(prefix=".upload-", suffix=suffix, dir=folder)
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
        doc = load_profile_bytes(current.snapshot.text.encode("utf-8"), current.path,
                                 current.name)
        load_logo(doc, LogoRef(f"logos/{Path(temporary).name}", ""))
    except ProfileError as exc:
        Path(temporary).unlink(missing_ok=True)
        message = exc.problems[0].message if exc.problems else "cannot be used"
        return FieldError(UPLOAD, f"The selected file {message.replace(Path(temporary).name, '')}"
                          .replace("`logos/` ", "").replace("`", ""))
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return Kept(relative, Path(temporary), current.path.parent / relative)


def _form(current: Opened, errors: list[FieldError], sent: bool = False) -> str:
    """The logo page: the file's answers, or (`sent`: nothing was written) the ones just
    sent, with the answers the form was opened with for the next save to merge against."""
    # A problem with the file's name belongs to the upload: it is how the name is given.
    errors = [replace(e, field_id=UPLOAD) if e.field_id == field_id(FILE_KEY) else e
              for e in errors]
    by_id = {e.field_id: e for e in errors}
    rows = []
    for field in PAGE.fields:
        stored = shown_value(lookup(current.data, field.key), field)
        value = request.form.get(field_name(field.key), "") if sent else stored
        was = opened_with(request.form, field.key, field) if sent else None
        rows.append({"field": field, "name": field_name(field.key), "id": field_id(field.key),
                     "value": value, "was": stored if was is None else was,
                     "error": by_id.get(field_id(field.key))})
    now = lookup(current.data, FILE_KEY)
    return render_template("logo.html.j2", name=current.name, page=PAGE, rows=rows,
                           errors=errors,
                           current_file=now if isinstance(now, str) and STARTER_MARK not in now
                           else "", upload_error=by_id.get(UPLOAD),
                           has_logo=lookup(current.data, ("department", "logo")) is not None)
