"""The live preview: the policy's HTML for the part being edited, from text not yet saved.

The values go through the same check as `build` (check_source), the same merge and the
same HTML renderer; the page is then cut down to the part the form is about, so the preview
beside the form shows that part and nothing else. A profile that `check` refuses is shown as
a draft (drafting.py): the policy as far as its answers go, with a marker where one is
missing or cannot be used. Only a file that cannot be read at all has no preview.
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
from generator.errors import Problem, ProfileError
from generator.policy import Provenance, available_editions, merge
from generator.profile import Checked, SourceDoc, check_source
from generator.render import link_fonts, render_html
from generator.serve.answers.drafting import drafted, mark_gaps
from generator.serve.yamltext.yamledit import Edit, EditRefused, edited_data

FONTS = "/static/fonts"  # the editor's own copies of the faces (make assets)
STYLES = "/static/preview"  # the previews' stylesheets, by the hash of their text
_STYLE = re.compile(r"<style>(.*?)</style>", re.S)
_SALT = secrets.token_bytes(16)  # this run's: a stylesheet's name cannot be worked out


@dataclass(frozen=True)
class Preview:
    """A preview page, and how many errors `check` finds in what it shows (a draft's)."""

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
    editions = available_editions()
    source = replace(doc, data=data)
    try:
        checked = check_source(source, editions, today)
    except ProfileError as exc:
        return _draft(source, exc.problems, part, today)
    page = _render(checked, doc.sha256)
    return Preview(link_fonts(_cut(page, part) if part else page, FONTS))


def _draft(doc: SourceDoc, problems: Sequence[Problem], part: str,
           today: dt.date | None) -> Preview:
    """A profile `check` refuses, previewed as a draft (or, if it cannot be made one, the
    reason there is no preview)."""
    count = sum(p.severity == "error" for p in problems)
    draft = drafted(doc, problems, available_editions(), today)
    if draft is None:
        return Preview(waiting(count), count)
    tree = lxml_html.document_fromstring(_render(draft.checked, doc.sha256))
    if part:
        _cut_tree(tree, part)
    mark_gaps(tree, draft, count)
    return Preview(link_fonts(_serialised(tree), FONTS), count)


def _render(checked: Checked, sha256: str) -> str:
    editions = available_editions()
    return render_html(merge(checked.profile, editions[checked.profile.base], checked.logo,
                             Provenance(sha256, __version__)))


def _cut(page: str, part: str) -> str:
    """The page with its body holding only the part: a heading's section, or the cover."""
    tree = lxml_html.document_fromstring(page)
    return _serialised(tree) if _cut_tree(tree, part) else page


def _cut_tree(tree: lxml_html.HtmlElement, part: str) -> bool:
    """Keep only the part in the body (False, and the tree unchanged, where there is none)."""
    found = tree.get_element_by_id(part, None)
    body = tree.body
    if found is None or body is None:
        return False
    keep = found.getparent() if found.tag in ("h1", "h2", "h3") else found
    if keep is None:
        return False
    title = tree.find(".//h1")
    for child in list(body):
        body.remove(child)
    # In a <main>, as every page has one (axe landmark-one-main): the frame shows a part of
    # the page, the part is the page's main content. The cover's <header> inside it is no
    # longer a banner, and the draft note in it is still inside a landmark.
    main = lxml_html.Element("main")
    if keep.tag != "header" and title is not None:
        # The page's title, for a screen reader only: the frame is still a page with its
        # own level-one heading (axe page-has-heading-one), without a line of it on screen.
        heading = lxml_html.Element("h1", {"class": "pp-title"})
        heading.text = title.text_content()
        main.append(heading)
        style = tree.find(".//style")
        if style is not None:
            style.text = (style.text or "") + _HIDDEN_TITLE
    main.append(keep)
    body.append(main)
    return True


# GOV.UK Frontend's visually hidden pattern.
_HIDDEN_TITLE = (".pp-title{position:absolute!important;width:1px!important;height:1px!important;"
                 "margin:0!important;padding:0!important;overflow:hidden!important;"
                 "clip:rect(0 0 0 0)!important;clip-path:inset(50%)!important;border:0!important;"
                 "white-space:nowrap!important}")


def _serialised(tree: lxml_html.HtmlElement) -> str:
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
    """The preview's page for a profile that cannot be shown even as a draft: its YAML
    cannot be read (or, rarely, its problems outlast drafting's rounds)."""
    plural = "problem" if problems == 1 else "problems"
    return ("<!DOCTYPE html>\n<html lang=\"en-GB\"><head><meta charset=\"utf-8\">"
            "<title>Preview</title><style>body{font-family:sans-serif;margin:1em;"
            "color:#0b0c0c}</style></head><body><p>There is no preview: the profile cannot "
            f"be read as it is. It has {problems} {plural} to put right: see the task list."
            "</p></body></html>")
