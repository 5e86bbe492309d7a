"""Read the files a profile names (its logo), only from inside the profile's own folder.

I/O at the edge: validation is pure and checks the keys; this reads the file and checks what
is in it (design.md, "Safety rules": no path out of the folder, SVG or PNG only, capped in
size, no scripts or external references in an SVG).
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

from generator.errors import ProfileError
from generator.model import LogoImage, LogoRef
from generator.profile.load import SourceDoc
from generator.profile.regular_file import NotRegular, TooLarge, read_regular_file

MAX_LOGO_BYTES = 512 * 1024
_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
# Anything in an SVG that could run code or reach outside the file.
_SVG_UNSAFE = re.compile(
    rb"<\s*script|<\s*foreignObject|\son[a-z]+\s*=|javascript:|<!ENTITY|<\?xml-stylesheet"
    rb"|(?:xlink:)?href\s*=\s*[\"'](?!#)|url\(\s*[\"']?(?!#)|@import",
    re.IGNORECASE,
)

KEY = ("department", "logo", "file")


def load_logo(doc: SourceDoc, logo: LogoRef | None) -> LogoImage | None:
    """The logo's bytes, checked; None if the profile has no logo."""
    if logo is None:
        return None
    path = logo_path(doc, logo.file)
    data = _read(doc, path)
    if path.suffix.lower() == ".png":
        if not data.startswith(_PNG_MAGIC):
            raise _error(doc, "is not a PNG image", "export the logo again as PNG or SVG")
        return LogoImage(data, "image/png", logo.alt)
    if b"<svg" not in data[:4096]:
        raise _error(doc, "is not an SVG image", "export the logo again as PNG or SVG")
    if _SVG_UNSAFE.search(data):
        raise _error(doc, "contains scripts, event handlers or links to other files",
                     "use a plain SVG: shapes and text only")
    return LogoImage(data, "image/svg+xml", logo.alt)


def logo_path(doc: SourceDoc, name: str) -> Path:
    """The logo file a profile names, resolved inside its folder (a Windows `\\` read as
    `/`); ProfileError if the name leads outside it or is not an SVG or PNG."""
    relative = PurePosixPath(name.replace("\\", "/"))
    if relative.is_absolute() or ".." in relative.parts or ":" in name:
        raise _error(doc, f"`{name}` is outside the profile's folder",
                     "put the logo in the profile's folder and give a path such as logos/dof.svg")
    if relative.suffix.lower() not in (".svg", ".png"):
        raise _error(doc, f"`{name}` is not an SVG or PNG file", "use an .svg or .png logo")
    folder = doc.folder.resolve()
    path = (doc.folder / relative).resolve()  # follows symlinks, so a link out is caught
    if not path.is_relative_to(folder):
        raise _error(doc, f"`{name}` leads outside the profile's folder",
                     "copy the file into the folder instead of linking to it")
    return path


def _read(doc: SourceDoc, path: Path) -> bytes:
    folder = doc.folder.resolve()
    shown = path.relative_to(folder).as_posix()
    try:
        data = read_regular_file(path, MAX_LOGO_BYTES)
    except FileNotFoundError:
        twin = _as_on_disk(folder, shown)
        if twin is not None:
            raise _error(doc, f"no file at {shown}; there is {twin}",
                         "write the name exactly, with the same capital letters: other "
                         "computers tell them apart") from None
        raise _error(doc, f"no file at {shown}",
                     "check the file name; it is relative to the profile's folder") from None
    except NotRegular as exc:
        raise _error(doc, f"{shown} is {exc.kind}, not an image file",
                     "name an SVG or PNG file") from None
    except TooLarge as exc:
        raise _error(doc, f"is {exc.size // 1024} KiB; the most allowed is "
                     f"{MAX_LOGO_BYTES // 1024} KiB", "use a smaller image") from None
    except OSError as exc:
        raise _error(doc, f"cannot be read: {exc.strerror}") from None
    actual = _as_on_disk(folder, shown)
    if actual is not None and actual != shown:
        # Found only because this disk ignores letter case (Windows, macOS): the same
        # profile would fail on a server that does not.
        raise _error(doc, f"is written `{shown}` but the file is `{actual}`",
                     "write the name exactly, with the same capital letters")
    return data


def _as_on_disk(folder: Path, relative: str) -> str | None:
    """`relative` (a/b/c.svg) as it is written on disk, matching each part whatever its
    letter case; None if some part has no match at all."""
    found: list[str] = []
    here = folder
    for part in relative.split("/"):
        try:
            names = [entry.name for entry in here.iterdir()]
        except OSError:
            return None
        match = part if part in names else next(
            (n for n in names if n.casefold() == part.casefold()), None)
        if match is None:
            return None
        found.append(match)
        here = here / match
    return "/".join(found)


def _error(doc: SourceDoc, message: str, hint: str = "") -> ProfileError:
    return ProfileError([doc.problem(KEY, message, hint)])
