"""The editor's web application: its pages come from three blueprints (editing, packs,
reviews) over the one folder of profiles; this module wires them, the security checks and
the error pages together."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from flask import Flask, current_app, render_template, request
from jinja2 import ChoiceLoader, PackageLoader, PrefixLoader
from werkzeug.exceptions import HTTPException

from generator.profile import MAX_LOGO_BYTES
from generator.serve.answers.forms import typed_answers
from generator.serve.editing import editing
from generator.serve.people import current_person, may, team_mode
from generator.serve.security import (
    KEY_FIELD,
    SIGN_IN,
    THEN_FIELD,
    Access,
    gate,
    protect,
    protect_team,
    rescue_action,
)

# Each of these modules adds its pages to the editing blueprint as it is imported.
from generator.serve.views import (  # noqa: F401
    approvals,
    departures,
    fields,
    folder,
    history,
    logo,
    overview,
)
from generator.serve.views.packs import packs
from generator.serve.views.reviews import reviews
from generator.serve.views.translations import translating
from generator.serve.workspace import Settings

if TYPE_CHECKING:
    from generator.serve.team import TeamSetup

# One limit for what a page may send, the logo's and a form's answers alike: the largest
# logo and room for the page's other fields. waitress reads more (server.py READ_LIMIT),
# so that this application, not waitress, answers a larger request with its own page.
REQUEST_LIMIT = MAX_LOGO_BYTES + 64 * 1024
# The logo page's own words for a request past the limit: it is the file that is large.
LOGO_TOO_LARGE = ("The file is too large",
                  f"A logo can be at most {MAX_LOGO_BYTES // 1024} KiB. Nothing was saved. "
                  "Go back and choose a smaller image: an SVG, or a PNG saved at a smaller "
                  "size.")

# What each refusal means to the person in front of the page, in plain words.
REFUSALS = {
    400: ("This page could not be shown",
          "The request was not one the editor understands. Go back and try again."),
    403: ("You need the editor's address with its key",
          "Open the address that policy-pack serve printed when it started: it carries a "
          "key for this run. If you closed that page, stop the editor (Ctrl+C) and start it "
          "again."),
    404: ("Page not found",
          "There is no such page or profile. The list of profiles has every file the editor "
          "can open."),
    405: ("This page could not be shown", "Go back and use the page's own buttons."),
    413: ("The answers are too long",
          f"What this page sent came to more than {REQUEST_LIMIT // 1024} KiB, far more than "
          "a profile holds (a whole profile is a few KiB). Nothing was saved. Go back, make "
          "the longest text shorter, and save again."),
    422: ("This profile cannot be edited here", ""),
}
# The key lets one browser in, once (security.py): a second browser is told what to do.
KEY_USED = ("This address has been used already",
            "The editor's address lets one browser in, once, and a browser has already "
            "opened it. Go back to the browser window where the editor opened: it is signed "
            "in. To use the editor in another browser, stop the editor (Ctrl+C in the window "
            "where it runs) and start it again: it prints a new address.")
# What the rescue form says when the address given does not sign in.
SIGN_IN_ERRORS = {
    "sign-in-wrong": "Enter the address the editor printed when it started this time, with "
                     "its key",
    "sign-in-used": "That address has been used already: stop the editor (Ctrl+C) and start "
                    "it again, then enter the new address it prints",
}


def create_app(settings: Settings, access: Access) -> Flask:
    """The editor over `settings.folder`, reachable with `access`'s token and host names."""
    app = _application(settings)
    # Before protect(): the translations' upload sets its own limit before the CSRF check
    # reads the form.
    app.register_blueprint(translating)
    protect(app, access)
    return _pages(app)


def create_team_app(settings: Settings, setup: TeamSetup) -> Flask:
    """A team's editor over `settings.folder` (issue 29): people sign in through the
    organisation's single sign-on, and the access file's roles decide what each may do.
    Raises UsageError when the provider's settings cannot be read."""
    # Here, not at the top: the sign-in's libraries (Authlib, requests) cost a laptop's
    # editor a tenth of a second at every start, for nothing.
    from generator.serve.team import admit, check_request, install
    app = _application(settings)
    app.register_blueprint(translating)
    team = install(app, setup.access, setup.secret, setup.client_secret)
    protect_team(app, setup.hosts, admit, check_request, team.provider_origins())
    app.context_processor(_viewer)
    return _pages(app)


def _application(settings: Settings) -> Flask:
    static = Path(str(resources.files("generator.serve") / "static"))
    app = Flask("generator.serve", static_folder=str(static), static_url_path="/static")
    app.config.update(POLICY_PACK=settings, MAX_CONTENT_LENGTH=REQUEST_LIMIT,
                      MAX_FORM_MEMORY_SIZE=REQUEST_LIMIT, TEMPLATES_AUTO_RELOAD=False)
    # Every template escapes what it prints: Flask would only for names ending in .html,
    # and these end in .html.j2. GOV.UK Frontend's macros test absent parameters, so
    # Jinja's default Undefined stays (StrictUndefined would fail them).
    app.jinja_env.autoescape = True
    app.jinja_env.globals["may"] = may  # pages show only the buttons their person may use
    app.jinja_loader = ChoiceLoader([
        PackageLoader("generator.templates", "serve"),
        PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}),
    ])
    return app


def _pages(app: Flask) -> Flask:
    app.register_blueprint(editing)
    app.register_blueprint(packs)
    app.register_blueprint(reviews)
    app.register_error_handler(HTTPException, _refused)
    app.register_error_handler(Exception, _failed)
    return app


def _viewer() -> dict[str, object]:
    """What every page of a team's editor shows of its person: their name and roles, for
    the header (and whether a sign-out button belongs there)."""
    person = current_person()
    if person is None:
        return {"viewer": None}
    from generator.serve.team import the_team  # loaded by create_team_app already
    roles = the_team().access.rules().roles(person)
    return {"viewer": {"name": person.name, "email": person.email,
                       "roles": ", ".join(roles) or "No role"}}


def _refused(error: HTTPException) -> tuple[str, int]:
    code = error.code or 500
    description = error.description or ""
    if team_mode() and description != "unknown-host":
        from generator.serve.team import team_refusal  # loaded by create_team_app already
        team_page = team_refusal(code, description)
        if team_page is not None:
            return team_page
    if code == 400 and description == "unknown-host":
        return ("This editor is not served under that name.", 400)  # no page for a stranger
    if _form_refused(code, description):
        action = rescue_action()
        if action is not None:
            return _answers_kept(action, SIGN_IN_ERRORS.get(description, "")), code
    title, text = REFUSALS.get(code, ("This page could not be shown", ""))
    if code == 403 and description in ("key-used", "sign-in-used"):
        title, text = KEY_USED
    if code == 413 and (request.mimetype == "multipart/form-data"
                        or request.path.endswith("/logo")):
        title, text = LOGO_TOO_LARGE
    detail = description if code == 422 else ""
    if code == 400 and "CSRF" in description:
        title = "The form had expired"
        text = "The page was open from an earlier run of the editor, or was sent from " \
               "somewhere else. Nothing was saved. Go back, reload the page and send the " \
               "form again."
    return render_template("error.html.j2", title=title, text=text, detail=detail), code


def _form_refused(code: int, description: str) -> bool:
    """A form refused for its session (its CSRF token, or no cookie of this run), whose
    answers may be worth keeping: not a form refused for what it holds."""
    return (code == 400 and "CSRF" in description) or \
        (code == 403 and description in ("", "sign-in-wrong", "sign-in-used"))


def _answers_kept(action: str, key_error: str) -> str:
    """The page that keeps every answer of a refused form and offers to send them on."""
    answers = [(k, v) for k, v in request.form.items(multi=True)
               if k not in ("csrf_token", KEY_FIELD, THEN_FIELD)]
    shown = typed_answers(request.form)  # each under its question
    return render_template("answers_kept.html.j2", answers=answers, shown=shown,
                           action=action, signed_in=gate().admitted(), key_error=key_error,
                           file_dropped=any(f.filename for f in request.files.values()),
                           sign_in=SIGN_IN, key_field=KEY_FIELD, then_field=THEN_FIELD)


def _failed(error: Exception) -> tuple[str, int]:
    """A bug: said plainly, never with a stack trace (the console has the details)."""
    current_app.logger.error("internal error", exc_info=error)
    return render_template(
        "error.html.j2", title="Something went wrong in the editor",
        text="This is a bug in policy-pack, not in your profile. Nothing was saved by the "
             "action that failed. The window where you started the editor shows the details.",
        detail=""), 500
