"""The translations page (issue 27, deliverable 5): for each language the profile names in
`translations`, how many of the pack's pieces of text its XLIFF file translates, the XLIFF to
send to a translator, and the form that takes their file back; for a profile with none, how
to start one.

The counts are `check`'s own (generator.language.coverage): a piece of text counts as
translated only when `build` would put it in the translated pack. A translator's file is kept
only when it reads as XLIFF, is into the page's language and was made for this profile (its
`<file original>`); it is then saved as the file the profile names, unchanged, under the
folder's lock and by an atomic rename, as the store saves a profile.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from flask import Blueprint, abort, redirect, render_template, request
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.wrappers import Response

from generator.errors import Problem, ProfileError
from generator.language import (
    Coverage,
    Translation,
    Unit,
    english_name,
    is_pseudo,
    pack_units,
    read_xliff,
    same_language,
    write_xliff,
)
from generator.model import TranslationRef
from generator.policy import available_editions
from generator.profile import (
    MAX_TRANSLATION_BYTES,
    Checked,
    NotRegular,
    TooLarge,
    check_source,
    read_regular_file,
)
from generator.serve import recording, slugs, store
from generator.serve.answers.forms import FieldError, lookup
from generator.serve.answers.merging import Changes
from generator.serve.editing import Along, save
from generator.serve.security import gate
from generator.serve.workspace import Opened, open_profile, settings, source
from generator.serve.yamltext.yamledit import SetValue

translating = Blueprint("translating", __name__)

XLIFF_TYPE = "application/x-xliff+xml"
# As `check` reads a translation file (generator/profile/logo.py, MAX_TRANSLATION_BYTES): a
# pack's XLIFF is some tens of KiB, a CAT tool's own notes may multiply that.
MAX_FILE = 5 * 1024 * 1024
UPLOAD_LIMIT = MAX_FILE + 64 * 1024  # the file and the form's token
SHOWN = 10  # units still to do listed on the page; the file has them all
XLIFF_NS = "urn:oasis:names:tc:xliff:document:1.2"
SLUG_SHARED = ("Another profile in this folder uses this profile's folder name for the pack: "
               "give this profile its own on the department page, then start again")


@dataclass(frozen=True)
class Todo:
    """A unit not ready: its ID in the pieces a line may break after (a narrow screen
    breaks `channels/1/purpose` at its slashes, not mid-word), and what it needs."""

    parts: tuple[str, ...]
    says: str

    @classmethod
    def of(cls, problem: Problem) -> Todo:
        return cls(tuple(re.findall(r"[^/.]+[/.]?", problem.key)), problem.message)


@dataclass(frozen=True)
class Language:
    """One translation the profile names, as the page shows it."""

    code: str  # cy
    name: str  # Welsh
    file: str  # as the profile names it
    units: int
    translated: int
    review: int  # translated once, but not ready: English changed, marked, codes lost
    untranslated: int  # no translation in the file at all
    todo: tuple[Todo, ...]  # the first units not ready, as `coverage` names them
    more: int  # units not ready beyond those
    unreadable: tuple[str, ...]  # the file's own problems, said: nothing of it is used
    pseudo: int = 0  # translated units that are a pseudo-translation (tests, never a pack)

    @property
    def complete(self) -> bool:
        return not self.unreadable and self.translated == self.units


@dataclass(frozen=True)
class TaskStatus:
    """The task list's line for a language: its title, page and status words."""

    title: str
    href: str
    status: str  # "Not started", "X of Y translated", "Complete", "There is a problem", ...
    hint: str = ""

    @property
    def tag(self) -> str:
        """GOV.UK's task list colours, as the other tasks have them: red for a problem,
        blue for work still to do; a plain status otherwise. The words say it all."""
        if self.status == "There is a problem":
            return "govuk-tag--red"
        return "govuk-tag--blue" if self.status.endswith(" translated") else ""


@translating.before_request
def _not_when_read_only() -> None:
    if settings().read_only:
        abort(404)


@translating.before_app_request
def _room_for_a_translation() -> None:
    """A translator's file may be larger than the editor's one limit (app.REQUEST_LIMIT,
    the logo's): the upload, and only for a signed-in browser, may send up to `check`'s cap.
    Runs before the CSRF check, which is what reads the form (app.py registers this
    blueprint first for that reason)."""
    if request.endpoint == "translating.upload" and request.method == "POST" \
            and gate().admitted():
        request.max_content_length = UPLOAD_LIMIT


@translating.errorhandler(RequestEntityTooLarge)
def _too_large(error: RequestEntityTooLarge) -> tuple[str, int]:
    """The page again, saying the file is too large. The form is read (by the CSRF check)
    before the security checks let the request in, so a browser without this run's cookie
    is told only that, as the app tells it: never the profile."""
    if not gate().admitted():
        return render_template("error.html.j2", title="The file is too large",
                               text="Nothing was saved.", detail=""), 413
    name = (request.view_args or {}).get("name", "")
    current = open_profile(str(name))
    message = (f"The selected file must be smaller than {MAX_FILE // (1024 * 1024)} MB: "
               "nothing was saved")
    return _page(current, [FieldError(_upload_id(_language_arg()), message)]), 413


@translating.get("/p/<name>/translations")
def translations_page(name: str) -> str:
    return _page(open_profile(name))


@translating.get("/p/<name>/translations/<language>.xlf")
def download(name: str, language: str) -> Response:
    """The XLIFF to send to the translator: every unit of the pack as it is now, keeping
    what the file in the folder translates already (changed English marked for review)."""
    current = open_profile(name)
    checked = _checked(current) or abort(404)
    ref = _named(checked, language) or abort(404)
    earlier = _read(current, ref.file)
    data = write_xliff(_units(checked), language, current.name,
                       earlier if isinstance(earlier, Translation) else None)
    answer = Response(data, mimetype=XLIFF_TYPE)
    answer.headers.set("Content-Disposition", "attachment",
                       filename=PurePosixPath(ref.file).name)
    return answer


@translating.post("/p/<name>/translations/<language>")
def upload(name: str, language: str) -> str | Response | tuple[str, int]:
    """A translator's file, checked and saved as the file the profile names; else the
    page with why, and nothing saved."""
    current = open_profile(name)
    checked = _checked(current) or abort(404)
    ref = _named(checked, language) or abort(404)
    sent = request.files.get("file")
    refusal = _refusal(current, language, ref.file, sent.read() if sent else b"",
                       sent.filename or "" if sent else "")
    if isinstance(refusal, list):
        return _page(current, refusal), 422
    try:
        _keep(current.path, ref.file, refusal,
              f"Took in the {english_name(language)} translation")
    except (store.NotEditable, OSError) as exc:
        why = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        return _page(current, [FieldError(_upload_id(language),
                                          f"The file could not be saved ({why})")]), 422
    return redirect(f"/p/{name}/translations?saved={language}", 303)


@translating.post("/p/<name>/translations/start")
def start(name: str) -> str | Response | tuple[str, int]:
    """Name a Welsh translation in the profile, `<slug>-cy.xlf`, and write that file with
    every unit to translate (none translated yet)."""
    current = open_profile(name)
    checked = _checked(current)
    language = "cy"
    if checked is None or store.is_draft(settings().folder, current.path):
        return _page(current), 422
    if _named(checked, language) is not None:
        return redirect(f"/p/{name}/translations", 303)
    file = f"{checked.profile.department.slug}-{language}.xlf"
    if slugs.owner(settings().folder, checked.profile.department.slug, current.name):
        return _page(current, [SLUG_SHARED]), 422
    key = ("translations", language)
    subject = f"Started the {english_name(language)} translation"
    if os.path.lexists(current.path.parent / file):
        # Never written over: offered only if it is this profile's Welsh translation.
        earlier = _read_file(current.path.parent / file, file)
        if isinstance(earlier, tuple) or not same_language(earlier.language, language):
            return _page(current, [f"The folder already has a file called {file} that is "
                                   "not a Welsh translation: move or rename it, then start "
                                   "again"]), 422
        if not _ours(current, earlier.original):
            return _page(current, [f"The folder already has a file called {file} made for "
                                   "another profile: give this profile its own folder name "
                                   "on the department page, then start again"]), 422
        along = Along(subject)
    else:
        data = write_xliff(_units(checked), language, current.name, None)
        try:
            target = _target(current.path, file)
        except store.NotEditable as exc:
            return _page(current, [f"The translation file could not be written ({exc})"]), 422
        # The file and the profile naming it are written together, as one version.
        along = Along(subject, (target,),
                      lambda: store.write_new(target, data, _mode(current.path, target)))
    outcome = save(current, lambda now: Changes(
        () if lookup(now.data, key) is not None else (SetValue(key, file),)), key, along)
    if isinstance(outcome, Response):
        return outcome
    if outcome.refused:
        return _page(outcome.profile, list(outcome.refused)), 422
    return redirect(f"/p/{name}/translations", 303)


def translation_tasks(current: Opened) -> list[TaskStatus]:
    """The task list's lines: one per language the profile names, or one to start Welsh."""
    href = f"/p/{current.name}/translations"
    named = lookup(current.data, ("translations",))
    if not isinstance(named, dict) or not named:
        return [TaskStatus("Welsh translation", href, "Not started")]
    checked = _checked(current)
    if checked is None:
        return [TaskStatus(f"{english_name(str(code))} translation", href, "Not counted yet",
                           "Counted once the profile has no problems") for code in named]
    return [TaskStatus(f"{english_name(ref.language)} translation", href, _status(found))
            for ref, found in zip(checked.profile.translations, checked.translations,
                                  strict=True)]


def _status(found: Coverage) -> str:
    if found.units == 0 and found.problems:  # Coverage.unread: the file cannot be used
        return "There is a problem"
    if found.complete:
        return "Complete"
    return f"{found.translated} of {found.units} translated"


# --- what the page shows -------------------------------------------------------------------


def _page(current: Opened, errors: Sequence[FieldError | str] = ()) -> str:
    checked = _checked(current)
    found = [_language(current, checked, ref.language, ref.file)
             for ref in (checked.profile.translations if checked else ())]
    return render_template(
        "translations.html.j2", name=current.name, checked=checked is not None,
        count=len(current.errors), draft=store.is_draft(settings().folder, current.path),
        languages=found, errors=list(errors), saved=request.args.get("saved", ""),
        start_file=f"{checked.profile.department.slug}-cy.xlf" if checked else "",
        field_errors=_on_fields(errors), upload_limit=f"{MAX_FILE // (1024 * 1024)} MB",
        nav_current="profiles")


def _on_fields(errors: Sequence[FieldError | str]) -> dict[str, str]:
    """Each upload field's message, by language: the problem, or how many (each is listed
    in the summary above, with its line)."""
    found: dict[str, list[str]] = {}
    for error in errors:
        if isinstance(error, FieldError):
            found.setdefault(error.field_id.removeprefix(_upload_id("")), []).append(error.text)
    return {code: texts[0] if len(texts) == 1 else
            f"The selected file has {len(texts)} problems, listed at the top of the page: "
            "nothing was saved" for code, texts in found.items()}


def _language(current: Opened, checked: Checked | None, code: str, file: str) -> Language:
    """One translation counted: the pack's units against the file in the folder."""
    assert checked is not None
    found = _units(checked)
    read = _read(current, file)
    if isinstance(read, tuple):
        return Language(code, english_name(code), file, len(found), 0, 0, len(found), (), 0,
                        tuple(_said(p) for p in read))
    # check's own count of the file (its hidden-character rule too), not a second one
    judged = next(c for ref, c in zip(checked.profile.translations, checked.translations,
                                      strict=True) if ref.language == code)
    untranslated = sum(1 for unit in found if not _has_target(read, unit))
    return Language(code, english_name(code), file, judged.units, judged.translated,
                    judged.units - judged.translated - untranslated, untranslated,
                    tuple(Todo.of(p) for p in judged.problems[:SHOWN]),
                    max(0, len(judged.problems) - SHOWN), (),
                    sum(1 for target in judged.targets.values() if is_pseudo(target)))


def _has_target(translation: Translation, unit: Unit) -> bool:
    target = translation.targets.get(unit.id)
    return target is not None and target.target is not None and \
        any(run.text.strip() for run in target.target)


def _checked(current: Opened) -> Checked | None:
    """The profile as `check` sees it, translations counted; None while it has problems
    (the units of a pack are known only once its profile checks)."""
    if current.errors or not current.readable:
        return None
    try:
        return check_source(source(current.snapshot, current.path), available_editions(),
                            settings().today)
    except ProfileError:
        return None


def _units(checked: Checked) -> tuple[Unit, ...]:
    profile = checked.profile
    return pack_units(profile, available_editions()[profile.base], checked.logo)


def _named(checked: Checked, language: str) -> TranslationRef | None:
    return next((ref for ref in checked.profile.translations if ref.language == language),
                None)


def _read(current: Opened, file: str) -> Translation | tuple[Problem, ...]:
    """The translation file in the profile's folder, or why it cannot be used: a file made
    for another profile of the folder is never this one's (its department's translations
    are not handed to this profile's editor, nor written into this profile's file)."""
    read = _read_file(current.path.parent / file, file)
    if isinstance(read, Translation) and not _ours(current, read.original):
        return (Problem(file, 1, 1, "", "was made for another profile in this folder, "
                        "not this one", "name this profile's own translation file"),)
    return read


def _ours(current: Opened, original: str) -> bool:
    """Whether a translation made for the profile `original` may be this profile's: it
    names this profile, or no other profile of the folder (a profile renamed since keeps
    its translator's files)."""
    return original == current.name or original not in store.listing(settings().folder)


def _read_file(path: Path, file: str) -> Translation | tuple[Problem, ...]:
    try:
        if store.outside(path):
            raise OSError(0, "it is a link to a file outside the folder")
        # as `check` reads it: a regular file, its size bounded (a named pipe never hangs)
        return read_xliff(read_regular_file(path, MAX_TRANSLATION_BYTES), file)
    except OSError as exc:
        return (Problem(file, 1, 1, "", f"cannot be read ({exc.strerror})",
                        "upload the translator's file again"),)
    except NotRegular as exc:
        return (Problem(file, 1, 1, "", f"is {exc.kind}, not a file",
                        "upload the translator's file again"),)
    except TooLarge:
        return (Problem(file, 1, 1, "", "is too large to be a policy's translation",
                        "upload the translator's file again"),)
    except ProfileError as exc:
        return exc.problems


def _language_arg() -> str:
    return str((request.view_args or {}).get("language", "cy"))


def _upload_id(language: str) -> str:
    return f"f-translation-{language}"


# --- a translator's file -------------------------------------------------------------------


def _refusal(current: Opened, language: str, file: str, data: bytes,
             filename: str) -> list[FieldError] | bytes:
    """The file's bytes if it may be kept, else what is wrong with it, each problem at its
    line in the file (as `check` would report it)."""
    field = _upload_id(language)
    if not filename and not data:
        return [FieldError(field, "Select the XLIFF file the translator sent back")]
    shown = PurePosixPath(filename.replace("\\", "/")).name or "the file"
    if len(data) > MAX_FILE:
        return [FieldError(field, f"The selected file must be smaller than "
                                  f"{MAX_FILE // (1024 * 1024)} MB")]
    try:
        translation = read_xliff(data, shown)
    except ProfileError as exc:
        return [FieldError(field, _said(p), str(p)) for p in exc.problems[:SHOWN]]
    if not same_language(translation.language, language):
        return [FieldError(field, f"{shown} is a translation into "
                                  f"{english_name(translation.language.split('-')[0].lower())}, "
                                  f"not {english_name(language)}: nothing was saved")]
    made_for = translation.original
    # The profile's own name, or the one its file in the folder was made for (a profile
    # renamed since keeps its translator's files).
    own = {current.name, _original_of(current.path.parent / file)} - {""}
    own = {made for made in own if _ours(current, made)}
    if made_for not in own:
        return [FieldError(field, f"{shown} is the translation of another profile "
                                  f"({made_for or 'it does not say which'}), not of "
                                  f"{current.name}: nothing was saved")]
    return data


def _said(problem: Problem) -> str:
    """A problem of a translation file, with its line first: a translator's tool, and any
    text editor, goes to a line. The file's name and the column are in the technical
    details; a unit's ID goes before its message, as `check` writes it."""
    key = f"{problem.key}: " if problem.key else ""
    hint = f" ({problem.hint})" if problem.hint else ""
    return f"Line {problem.line}: {key}{problem.message}{hint}"


def _original_of(path: Path) -> str:
    """The profile the translation file in the folder was made for ("" if none is read)."""
    read = _read_file(path, path.name)
    return read.original if isinstance(read, Translation) else ""


def _keep(profile: Path, file: str, data: bytes, subject: str) -> None:
    """Write `data` as `file` beside the profile: under the folder's lock (a save or a move
    of the profile waits), to a temporary file renamed over the old, never through a link
    out of the folder; a version of its own in team mode, under `subject`."""
    target = _target(profile, file)
    mode = _mode(profile, target)
    folder = profile.parent
    with store.locked(folder):
        recording.write(folder, [target], [subject],
                        lambda: store.replace_file(target, data, mode))


def _target(profile: Path, file: str) -> Path:
    """Where `file` (named by the profile) is written; NotEditable if outside its folder."""
    folder = profile.parent
    target = folder / file
    if store.outside(target) or not target.parent.resolve().is_relative_to(folder.resolve()):
        raise store.NotEditable(f"{file} is outside the profile's folder")
    return target


def _mode(profile: Path, target: Path) -> int:
    """A translation file's mode: the old file's, or the profile's for a new one."""
    return (target if target.exists() else profile).stat().st_mode & 0o777

