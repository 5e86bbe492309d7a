"""Read the files a profile names (its logo, its translations), only from inside the
profile's own folder.

I/O at the edge: validation is pure and checks the keys (with `name_problem`, the checks a
file's name can fail without a disk); this reads the file and checks what is in it
(design.md, "Safety rules": no path out of the folder, no symlink out, the exact name,
capped in size; for a logo, SVG or PNG only, no scripts or external references in an SVG).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from generator.errors import ProfileError
from generator.model import LogoImage, LogoRef, TranslationRef
from generator.profile.load import KeyPath, SourceDoc
from generator.profile.regular_file import NotRegular, TooLarge, read_regular_file

MAX_LOGO_BYTES = 512 * 1024
# An XLIFF file of a whole pack is some hundreds of KiB; a CAT tool may add its own notes.
MAX_TRANSLATION_BYTES = 5 * 1024 * 1024
_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
# Anything in an SVG that could run code or reach outside the file.
_SVG_UNSAFE = re.compile(
    rb"<\s*script|<\s*foreignObject|\son[a-z]+\s*=|javascript:|<!ENTITY|<\?xml-stylesheet"
    rb"|(?:xlink:)?href\s*=\s*[\"'](?!#)|url\(\s*[\"']?(?!#)|@import",
    re.IGNORECASE,
)

KEY: KeyPath = ("department", "logo", "file")


@dataclass(frozen=True)
class FileKind:
    """What a profile's file is, for the checks and the words of their messages."""

    suffixes: tuple[str, ...]  # lower case, with the dot
    called: str  # "an SVG or PNG file"
    noun: str  # "an image file": "logos/x is a folder, not an image file"
    thing: str  # "the logo"
    example: str  # a path such as logos/dof.svg
    limit: int  # bytes
    other_kind: str  # the hint for a name of another kind of file
    smaller: str  # the hint for a file too large
    missing: str  # what else to do about a file that is not there, after "check the name"


LOGO = FileKind((".svg", ".png"), "an SVG or PNG file", "an image file", "the logo",
                "logos/dof.svg", MAX_LOGO_BYTES, "use an .svg or .png logo",
                "use a smaller image",
                "or, for a pack without a logo, delete the `logo:` line")
TRANSLATION = FileKind((".xlf", ".xliff"), "an XLIFF file", "an XLIFF file", "the translation",
                       "welsh-cy.xlf", MAX_TRANSLATION_BYTES,
                       "name the .xlf or .xliff file your translator sent back",
                       "a pack's translation is far smaller: export it again from the "
                       "translation tool as XLIFF 1.2",
                       "or write it for the translator first: policy-pack translate PROFILE "
                       "--lang CODE --out FILE.xlf")


def name_problem(name: str, kind: FileKind) -> tuple[str, str] | None:
    """What is wrong with a file's name as written, without looking at the disk: (message,
    hint), or None. A Windows `\\` is read as `/`."""
    relative = PurePosixPath(name.replace("\\", "/"))
    if relative.is_absolute() or ".." in relative.parts or ":" in name:
        return (f"`{name}` is outside the profile's folder", f"put {kind.thing} in the "
                f"profile's folder and give a path such as {kind.example}")
    if relative.suffix.lower() not in kind.suffixes:
        return f"`{name}` is not {kind.called}", kind.other_kind
    return None


def load_logo(doc: SourceDoc, logo: LogoRef | None) -> LogoImage | None:
    """The logo's bytes, checked; None if the profile has no logo."""
    if logo is None:
        return None
    path = logo_path(doc, logo.file)
    data = _read(doc, KEY, path, LOGO)
    if path.suffix.lower() == ".png":
        if not data.startswith(_PNG_MAGIC):
            raise _error(doc, KEY, "is not a PNG image", "export the logo again as PNG or SVG")
        return LogoImage(data, "image/png", logo.alt)
    if b"<svg" not in data[:4096]:
        raise _error(doc, KEY, "is not an SVG image", "export the logo again as PNG or SVG")
    if _SVG_UNSAFE.search(data):
        raise _error(doc, KEY, "contains scripts, event handlers or links to other files",
                     "use a plain SVG: shapes and text only")
    return LogoImage(data, "image/svg+xml", logo.alt)


def logo_path(doc: SourceDoc, name: str) -> Path:
    """The logo file a profile names, resolved inside its folder (a Windows `\\` read as
    `/`); ProfileError if the name leads outside it or is not an SVG or PNG."""
    return _inside(doc, KEY, name, LOGO)


def translation_key(ref: TranslationRef) -> KeyPath:
    """Where the profile names a translation's file: `translations.cy`."""
    return ("translations", ref.language)


def translation_path(doc: SourceDoc, ref: TranslationRef) -> Path:
    """The XLIFF file a profile names for a language, resolved inside its folder;
    ProfileError (at `translations.<language>`) if the name leads outside it."""
    return _inside(doc, translation_key(ref), ref.file, TRANSLATION)


def load_translation(doc: SourceDoc, ref: TranslationRef) -> bytes:
    """The bytes of a translation's XLIFF file: inside the profile's folder, no symlink
    out, a regular file named exactly as on disk, at most 5 MiB. Its content is not read
    here (generator.language reads XLIFF). ProfileError at `translations.<language>`."""
    return _read(doc, translation_key(ref), translation_path(doc, ref), TRANSLATION)


def _inside(doc: SourceDoc, key: KeyPath, name: str, kind: FileKind) -> Path:
    found = name_problem(name, kind)
    if found:
        raise _error(doc, key, *found)
    folder = doc.folder.resolve()
    path = (doc.folder / PurePosixPath(name.replace("\\", "/"))).resolve()  # follows links
    if not path.is_relative_to(folder):
        raise _error(doc, key, f"`{name}` leads outside the profile's folder",
                     "copy the file into the folder instead of linking to it")
    return path


def _read(doc: SourceDoc, key: KeyPath, path: Path, kind: FileKind) -> bytes:
    folder = doc.folder.resolve()
    shown = path.relative_to(folder).as_posix()
    try:
        data = read_regular_file(path, kind.limit)
    except FileNotFoundError:
        twin = _as_on_disk(folder, shown)
        if twin is not None:
            raise _error(doc, key, f"no file at {shown}; there is {twin}",
                         "write the name exactly, with the same capital letters: other "
                         "computers tell them apart") from None
        raise _error(doc, key, f"no file at {shown}",
                     f"check the file name; it is relative to the profile's folder; "
                     f"{kind.missing}") from None
    except NotRegular as exc:
        raise _error(doc, key, f"{shown} is {exc.kind}, not {kind.noun}",
                     f"name {kind.called}") from None
    except TooLarge as exc:
        size, most = _size(exc.size), _size(kind.limit)
        raise _error(doc, key, f"is {size}; the most allowed is {most}" if size != most
                     else f"is larger than {most}, the most allowed", kind.smaller) from None
    except OSError as exc:
        raise _error(doc, key, f"cannot be read: {exc.strerror}") from None
    actual = _as_on_disk(folder, shown)
    if actual is not None and actual != shown:
        # Found only because this disk ignores letter case (Windows, macOS): the same
        # profile would fail on a server that does not.
        raise _error(doc, key, f"is written `{shown}` but the file is `{actual}`",
                     "write the name exactly, with the same capital letters")
    return data


def _size(size: int) -> str:
    """A size as people read it: KiB below a MiB (a logo's cap), else MiB."""
    mib = 1024 * 1024
    return f"{size // 1024} KiB" if size < mib else f"{size / mib:.1f}".rstrip("0").rstrip(
        ".") + " MiB"


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


def _error(doc: SourceDoc, key: KeyPath, message: str, hint: str = "") -> ProfileError:
    return ProfileError([doc.problem(key, message, hint)])
