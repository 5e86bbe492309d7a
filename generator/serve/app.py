"""The editor's web application: its pages come from three blueprints (editing, packs,
reviews) over the one folder of profiles; this module wires them, the security checks and
the error pages together."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from flask import Flask, current_app, render_template
from jinja2 import ChoiceLoader, PackageLoader, PrefixLoader
from werkzeug.exceptions import HTTPException

from generator.profile import MAX_LOGO_BYTES

# Each of these modules adds its pages to the editing blueprint as it is imported.
from generator.serve import departures, folder, logo, overview, pages  # noqa: F401
from generator.serve.editing import editing
from generator.serve.packs import packs
from generator.serve.reviews import reviews
from generator.serve.security import Access, protect
from generator.serve.workspace import Settings

# What each refusal means to the person in front of the page, in plain words.
REFUSALS = {
    400: ("This page could not be shown",
          "The request was not one the editor understands. Go back and try again."),
    403: ("You need the editor's address with its key",
          "Open the address that `policy-pack serve` printed when it started: it carries a "
          "key for this run. If you closed that page, stop the editor (Ctrl+C) and start it "
          "again."),
    404: ("Page not found",
          "There is no such page or profile. The list of profiles has every file the editor "
          "can open."),
    405: ("This page could not be shown", "Go back and use the page's own buttons."),
    413: ("The file is too large",
          f"A logo can be at most {MAX_LOGO_BYTES // 1024} KiB. Choose a smaller image."),
    422: ("This profile cannot be edited here", ""),
}


def create_app(settings: Settings, access: Access) -> Flask:
    """The editor over `settings.folder`, reachable with `access`'s token and host names."""
    static = Path(str(resources.files("generator.serve") / "static"))
    app = Flask("generator.serve", static_folder=str(static), static_url_path="/static")
    app.config.update(POLICY_PACK=settings, MAX_CONTENT_LENGTH=MAX_LOGO_BYTES + 64 * 1024,
                      MAX_FORM_MEMORY_SIZE=512 * 1024, TEMPLATES_AUTO_RELOAD=False)
    # Every template escapes what it prints: Flask would only for names ending in .html,
    # and these end in .html.j2. GOV.UK Frontend's macros test absent parameters, so
    # Jinja's default Undefined stays (StrictUndefined would fail them).
    app.jinja_env.autoescape = True
    app.jinja_loader = ChoiceLoader([
        PackageLoader("generator.templates", "serve"),
        PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")}),
    ])
    protect(app, access)
    app.register_blueprint(editing)
    app.register_blueprint(packs)
    app.register_blueprint(reviews)
    app.register_error_handler(HTTPException, _refused)
    app.register_error_handler(Exception, _failed)
    return app


def _refused(error: HTTPException) -> tuple[str, int]:
    code = error.code or 500
    if code == 400 and error.description == "unknown-host":
        return ("This editor is not served under that name.", 400)  # no page for a stranger
    title, text = REFUSALS.get(code, ("This page could not be shown", ""))
    detail = error.description if code == 422 else ""
    if code == 400 and "CSRF" in (error.description or ""):
        title = "The form had expired"
        text = "The page was open from an earlier run of the editor. Go back, reload the " \
               "page and send the form again: nothing was saved."
    return render_template("error.html.j2", title=title, text=text, detail=detail), code


def _failed(error: Exception) -> tuple[str, int]:
    """A bug: said plainly, never with a stack trace (the console has the details)."""
    current_app.logger.error("internal error", exc_info=error)
    return render_template(
        "error.html.j2", title="Something went wrong in the editor",
        text="This is a bug in policy-pack, not in your profile. Nothing was saved by the "
             "action that failed. The window where you started the editor shows the details.",
        detail=""), 500
