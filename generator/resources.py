"""Where the files policy-pack ships with its code are: found through importlib.resources.

`templates/` at the top of the repository is installed as the package `generator.templates`
(see pyproject.toml), and the profile schema lies inside `generator.profile`. Both resolve
to real folders in a wheel and in an editable install, so the rest of the code can hand
them to Jinja2, WeasyPrint and the file system as paths.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from pathlib import Path


@cache
def templates() -> Path:
    """The folder of base editions (guidance/), HTML templates (html/) and fonts (fonts/)."""
    return _folder("generator.templates")


def guidance_root() -> Path:
    """The folder holding one sub-folder per base edition."""
    return templates() / "guidance"


def html_templates() -> Path:
    """The Jinja2 templates and the stylesheets of every HTML output."""
    return templates() / "html"


def fonts() -> Path:
    """The bundled fonts (Noto Sans, its script, symbol and emoji companions; SIL Open Font
    Licence), the only fonts the PDF is drawn with."""
    return templates() / "fonts"


def profile_schema() -> Path:
    """The profile's JSON Schema."""
    return _folder("generator.profile") / "profile.schema.json"


def package_root() -> Path:
    """The `generator` package's own folder (its code is an input of every pack)."""
    return _folder("generator")


def _folder(package: str) -> Path:
    found = files(package)
    # pip always installs a wheel as files, so this holds unless someone zips the package;
    # WeasyPrint's URL fetcher and Jinja2's loader need real paths.
    if not isinstance(found, Path):
        raise RuntimeError(f"{package} is not installed as files on disk ({found!r})")
    return found.resolve()
