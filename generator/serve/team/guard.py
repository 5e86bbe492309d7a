"""What each page of a team's editor needs of the person asking: one table, from Flask
endpoint to the action (people.Action) and the profile it is about, checked before every
request. An endpoint missing from the table is refused (deny by default), and a test walks
the application's url_map, so that no page can be added without its line here.

A profile the person may not read is a 404, never a 403: the name of another department's
profile is not confirmed to exist (design29.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from flask import abort, request

from generator.serve.people import Action, may

# Where a request names its profile: the URL's <name>, a form's field, or nowhere.
About = Literal["url", "form", "none"]
# "signed-in": any person with a role at all (the list of profiles, the sign-out).
Need = Action | Literal["signed-in", "public"]


@dataclass(frozen=True)
class Rule:
    get: Need  # what a GET (or HEAD) needs
    post: Need  # what a POST needs
    about: About = "url"
    form_field: str = ""  # the form's field naming the profile, when about == "form"


def _same(need: Need, about: About = "url") -> Rule:
    return Rule(need, need, about)


EDIT_PAGE = Rule("read", "edit")  # shown to whoever may read it, saved by its editors
RULES: dict[str, Rule] = {
    # The sign-in itself, and the public files (the editor's CSS, script and fonts; a
    # preview's stylesheet, named by a hash salted with the run's secret: preview.py).
    "static": _same("public", "none"),
    "editing.preview_style": _same("public", "none"),
    "team.sign_in": _same("public", "none"),
    "team.start_sign_in": _same("public", "none"),
    "team.signed_in": _same("public", "none"),
    "team.signed_out": _same("public", "none"),
    "team.sign_out": _same("public", "none"),
    # The list of profiles shows only those the person may read (views/folder.py).
    "editing.profiles": _same("signed-in", "none"),
    # A new profile: its department's editors, or an administrator (design29.md).
    "editing.new_profile": Rule("edit", "edit", "form", "file"),
    "editing.restore": _same("admin", "none"),
    "editing.rename": _same("admin"),
    "editing.put_aside": _same("admin"),
    "editing.tasks": _same("read"),
    "editing.check_answers": _same("read"),
    "editing.sections": _same("read"),
    "editing.list_page": _same("read"),
    "editing.fields_page": EDIT_PAGE,
    "editing.item_page": EDIT_PAGE,
    "editing.new_item_page": EDIT_PAGE,
    "editing.remove_item_page": EDIT_PAGE,
    "editing.section_page": EDIT_PAGE,
    "editing.logo_page": EDIT_PAGE,
    # A live preview is sent the page's unsaved answers by POST: it writes nothing.
    "editing.live_preview": _same("read"),
    # The history: every version is the department's own to read; a restore writes.
    "editing.history_page": _same("read"),
    "editing.history_version": _same("read"),
    "editing.history_restore": _same("edit"),
    # Approvals: read by whoever may read the profile; the approve button's POST is
    # judged by the page itself (views/approvals.py), which says why it refuses.
    "editing.approvals_page": _same("read"),
    "editing.approve": _same("read"),
    # Making a pack writes nothing of the profile's: whoever may read it may make it.
    "packs.pack_page": _same("read"),
    "packs.make_pack": _same("read"),
    "packs.files_page": _same("read"),
    "packs.download": _same("read"),
    "packs.download_zip": _same("read"),
    "translating.translations_page": _same("read"),
    "translating.download": _same("read"),
    "translating.upload": _same("edit"),
    "translating.start": _same("edit"),
    # Every cross-profile page reads every department: the reviewers' only.
    "reviews.index": _same("review", "none"),
    "reviews.compare": _same("review", "none"),
    "reviews.matrix": _same("review", "none"),
    "reviews.impact": _same("review", "none"),
    "reviews.view": _same("review", "none"),
    "reviews.download": _same("review", "none"),
    "reviews.desk.dashboard_page": _same("review", "none"),
    "reviews.desk.signoff_page": _same("review", "none"),
}


def check_request() -> None:
    """Refuse this request unless its person may do what its endpoint needs: 404 where a
    profile they may not read is named (or no such page exists), 403 otherwise."""
    endpoint = request.endpoint
    rule = RULES.get(endpoint or "")
    if rule is None:
        abort(404)  # no such page, or a page no line of the table allows: deny
    need = rule.get if request.method in ("GET", "HEAD") else rule.post
    if need == "public":
        return
    if need == "signed-in":
        if not may("read"):
            abort(403, "no-role")
        return
    profile = _profile(rule)
    if rule.about == "url" and profile is not None and not may("read", profile):
        abort(404)  # another department's: not confirmed to exist
    if not may(need, profile):
        abort(403, "not-allowed" if may("read") else "no-role")


def _profile(rule: Rule) -> str | None:
    if rule.about == "url":
        name = (request.view_args or {}).get("name")
        return str(name) if name is not None else None
    if rule.about == "form":
        given = request.form.get(rule.form_field, "").strip().removesuffix(".yaml")
        return f"{given}.yaml"
    return None
