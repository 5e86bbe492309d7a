"""The live preview: the policy's HTML for the part being edited, from text not yet saved.

The values go through the same check as `build` (check_source), the same merge and the
same HTML renderer; the page is then cut down to the part the form is about, so the preview
beside the form shows that part and nothing else. A profile that `check` would refuse has no
policy to show: the preview says so and how many problems stand in the way.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, replace

from lxml import html as lxml_html

from generator import __version__
from generator.errors import ProfileError
from generator.policy import Provenance, available_editions, merge
from generator.profile import SourceDoc, check_source
from generator.render import link_fonts, render_html
from generator.serve.yamledit import Edit, EditRefused, edited_data

FONTS = "/static/fonts"  # the editor's own copies of the faces (make assets)
STYLES = "/static/preview"  # the previews' stylesheets, by the hash of their text
_STYLE = re.compile(r"<style>(.*?)</style>", re.S)
_SALT = secrets.token_bytes(16)  # this run's: a stylesheet's name cannot be worked out


@dataclass(frozen=True)
class Preview:
    """A preview page, or (with `problems`) the reason there is none yet."""

    html: str
    problems: int = 0


def preview(doc: SourceDoc, edits: Sequence[Edit], part: str,
            today: dt.date | None = None) -> Preview:
    """The policy made from a profile with unsaved `edits` applied to its values, cut to the
    element `part` (an anchor of the policy page; empty for the whole page).

    The edits are applied to the values, not to the text: the save's own guard proves the
    text it writes reads as exactly these values, and no YAML is parsed at each pause in
    typing. An edit the save would refuse leaves the saved values shown."""
    try:
        data = edited_data(doc.data, edits)
    except EditRefused:
        data = doc.data
    try:
        editions = available_editions()
        checked = check_source(replace(doc, data=data), editions, today)
    except ProfileError as exc:
        count = sum(p.severity == "error" for p in exc.problems)
        return Preview(waiting(count), count)
    policy = merge(checked.profile, editions[checked.profile.base], checked.logo,
                   Provenance(doc.sha256, __version__))
    page = render_html(policy)
    return Preview(link_fonts(_cut(page, part) if part else page, FONTS))


def _cut(page: str, part: str) -> str:
    """The page with its body holding only the part: a heading's section, or the cover."""
    tree = lxml_html.document_fromstring(page)
    found = tree.get_element_by_id(part, None)
    body = tree.body
    if found is None or body is None:
        return page
    keep = found.getparent() if found.tag in ("h1", "h2", "h3") else found
    if keep is None:
        return page
    for child in list(body):
        body.remove(child)
    body.append(keep)
    text: str = lxml_html.tostring(tree, encoding="unicode")
    return "<!DOCTYPE html>\n" + text


@dataclass(frozen=True)
class Framed:
    """A preview as the live frame takes it (srcdoc): its styles linked, not inline."""

    html: str
    css: str
    href: str  # where the page looks for `css`: its salted SHA-256 (see _SALT)


def framed(page: str) -> Framed:
    """The page with its one <style> moved to a stylesheet. The live preview replaces the
    frame's document in place (srcdoc), and a srcdoc document is held to the editor's own
    Content-Security-Policy, which refuses inline styles (style-src 'self')."""
    found = _STYLE.search(page)
    css = found.group(1) if found else ""
    href = f"{STYLES}/{hashlib.sha256(_SALT + css.encode('utf-8')).hexdigest()}.css"
    link = f'<link rel="stylesheet" href="{href}">'
    return Framed(_STYLE.sub(lambda _: link, page, count=1) if found else page, css, href)


def waiting(problems: int) -> str:
    """The preview's page while the profile has problems that stop the policy."""
    plural = "problem" if problems == 1 else "problems"
    return ("<!DOCTYPE html>\n<html lang=\"en-GB\"><head><meta charset=\"utf-8\">"
            "<title>Preview</title><style>body{font-family:sans-serif;margin:1em;"
            "color:#0b0c0c}</style></head><body><p>The preview appears when the profile "
            f"has no problems. It has {problems} {plural} to put right: see the task list."
            "</p></body></html>")
