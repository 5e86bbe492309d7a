"""The pages of fields and the lists with "add another" (GOV.UK's add-another pattern,
done on the server so that it works with JavaScript off)."""

from __future__ import annotations

from typing import Any

from flask import abort, redirect, render_template, request
from werkzeug.wrappers import Response

from generator.policy import available_editions
from generator.profile import BY_SLUG, Field, KeyPath, Page
from generator.serve import approving
from generator.serve.answers.forms import (
    FieldError,
    as_text,
    errors_for,
    field_id,
    field_name,
    lookup,
    new_item,
    shown,
    submitted,
    with_code,
)
from generator.serve.answers.merging import (
    ITEM,
    Changes,
    changes_for,
    fingerprint,
    holds_placeholder,
    locate,
    opened_with,
    renamed,
)
from generator.serve.editing import Saved, editing, save, writable
from generator.serve.workspace import Opened, open_profile
from generator.serve.yamltext.yamledit import RemoveItem


def _asked(page: Page) -> tuple[Field, ...]:
    """The page's fields as its form asks them: in team mode, a local rule's approval is
    given on the approvals page, not typed (approving.py)."""
    return approving.asked(page.fields) if page.slug == "local-rules" else page.fields


def page_of(slug: str, listed: bool) -> Page:
    page = BY_SLUG.get(slug)
    if page is None or bool(page.list_key) != listed:
        abort(404)
    return page


@editing.route("/p/<name>/page/<slug>", methods=["GET", "POST"])
def fields_page(name: str, slug: str) -> str | Response:
    writable()
    page, current = page_of(slug, False), open_profile(name)
    readable(current)
    keyed = [(f.key, f) for f in _asked(page)]
    if request.method == "GET":  # errors are shown after a save, never on a first visit
        return _form(current, page, keyed, [])
    outcome = save(current, lambda now: changes_for(_asked(page), now.data, request.form),
                   keyed[0][0])
    if isinstance(outcome, Response):
        return outcome
    errors = list(outcome.refused) or errors_for(outcome.profile.problems, page.keys,
                                                 _fields(keyed))
    if errors:  # written: shown from the file; refused: as sent, against what it was sent on
        refused = bool(outcome.refused)
        return _form(outcome.profile, page, keyed, errors, request.form if refused else None,
                     was_kept=refused)
    return redirect(f"/p/{name}", 303)


@editing.route("/p/<name>/list/<slug>")
def list_page(name: str, slug: str) -> str:
    writable()
    # A local rule awaiting approval (team mode) lacks its approval: a state, not a problem.
    page, current = page_of(slug, True), approving.settled(open_profile(name))
    readable(current)
    rows = []
    found = approving.departures(current) if page.slug == "local-rules" else ()
    for index, item in enumerate(_items(current, page)):
        base = (*page.list_key, index)
        state = approving.state_of(found, base)
        rows.append({"index": index, "approval": state.why if state else "", "answers": [
            (f.label, as_text(shown(lookup(item, f.key), f), f)) for f in _asked(page)],
            "unfilled": holds_placeholder(item),
            "errors": errors_for(current.problems, [base],
                                 _fields([((*base, *f.key), f) for f in _asked(page)]))})
    return render_template("list.html.j2", name=name, page=page, rows=rows,
                           errors=[], preview=page.preview)


@editing.route("/p/<name>/list/<slug>/new", methods=["GET", "POST"])
def new_item_page(name: str, slug: str) -> str | Response:
    writable()
    page, current = page_of(slug, True), open_profile(name)
    readable(current)
    keyed = [((*page.list_key, -1, *f.key), f) for f in _asked(page)]
    if request.method == "GET":
        return _form(current, page, keyed, [], item="new")
    form = request.form
    outcome = save(current, lambda now: Changes(
        (new_item(_asked(page), form, page.list_key),),
        at=(*page.list_key, len(_items(now, page)))), keyed[0][0])
    return _after_item(outcome, page, name, keyed, "new")


@editing.route("/p/<name>/list/<slug>/<int:index>", methods=["GET", "POST"])
def item_page(name: str, slug: str, index: int) -> str | Response:
    writable()
    page, current = page_of(slug, True), open_profile(name)
    readable(current)
    named = (*page.list_key, index)
    keyed = [((*named, *f.key), f) for f in _asked(page)]
    if request.method == "GET":
        if index >= len(_items(current, page)):
            abort(404)
        return _form(current, page, keyed, [], item=index)
    outcome = save(current, lambda now: _item_changes(now, page, named), keyed[0][0])
    if not isinstance(outcome, Response) and outcome.changes.gone:
        return _gone(current, page, named)
    return _after_item(outcome, page, name, keyed, index)


def _item_changes(now: Opened, page: Page, named: KeyPath) -> Changes:
    """This person's changes to the item the page was opened on, wherever it is now."""
    place = locate(_items(now, page), request.form, page, named)
    if place is None:
        return Changes(gone=True)
    return changes_for(_asked(page), now.data, request.form, named, (*page.list_key, place))


def _gone(current: Opened, page: Page, named: KeyPath) -> str:
    """The item was removed by someone else: the answers typed are kept on a page that
    offers to add them back as a new item."""
    answers = renamed(request.form, _asked(page), named, (*page.list_key, -1))
    rows = [(f.label, as_text(submitted(request.form, (*named, *f.key), f), f))
            for f in _asked(page)]
    return render_template("gone.html.j2", name=current.name, page=page, rows=rows,
                           answers=[(k, v) for k, v in answers.items()
                                    if not k.startswith(("was:", "keep:"))], errors=[])


@editing.route("/p/<name>/list/<slug>/<int:index>/remove", methods=["GET", "POST"])
def remove_item_page(name: str, slug: str, index: int) -> str | Response:
    writable()
    page, current = page_of(slug, True), open_profile(name)
    readable(current)
    items = _items(current, page)
    named = (*page.list_key, index)
    place = locate(items, request.form, page, named) if request.method == "POST" else (
        index if index < len(items) else None)
    if place is None:  # removed already by someone else: what was asked for is done
        return redirect(f"/p/{name}/list/{page.slug}", 303)
    answer = request.form.get("confirm", "")
    changed = request.method == "POST" and request.form.get(ITEM) != fingerprint(items[place])
    if request.method == "GET" or answer not in ("yes", "no") or (changed and answer == "yes"):
        return _remove_form(current, page, place, items[place],
                            "choose" if request.method == "POST" and not changed else "",
                            changed)
    if answer == "yes":
        outcome = save(current, lambda now: _removal(now, page, items[place], place),
                       page.list_key)
        if isinstance(outcome, Response):
            return outcome
    return redirect(f"/p/{name}/list/{page.slug}", 303)


def _removal(now: Opened, page: Page, item: object, place: int) -> Changes:
    """The removal of the item with these values, wherever it is now (none if gone; of two
    alike, the one still at its place)."""
    wanted = fingerprint(item)
    found = [i for i, it in enumerate(_items(now, page)) if fingerprint(it) == wanted]
    if not found:
        return Changes()
    return Changes((RemoveItem(page.list_key, place if place in found else found[0]),))


def _remove_form(current: Opened, page: Page, place: int, item: object, error: str,
                 changed: bool) -> str:
    label = as_text(shown(lookup(item, _asked(page)[0].key), _asked(page)[0]))
    return render_template("remove.html.j2", name=current.name, page=page, index=place,
                           label=label,
                           fingerprint=fingerprint(item), changed=changed,
                           answers=[(f.label, as_text(shown(lookup(item, f.key), f), f))
                                    for f in _asked(page)] if changed else [],
                           errors=[error] if error else [])


def readable(current: Opened) -> None:
    """Pages of fields need values: a file whose YAML cannot be read is sent to its list."""
    if not current.readable:
        abort(422, "The file's YAML cannot be read, so its answers cannot be shown: "
                   + "; ".join(str(p) for p in current.problems[:3])
                   + ". Put that right in a text editor, then come back.")


def _items(current: Opened, page: Page) -> list[Any]:
    items = lookup(current.data, page.list_key)
    return items if isinstance(items, list) else []


def _after_item(outcome: Saved | Response, page: Page, name: str,
                keyed: list[tuple[KeyPath, Field]], item: int | str) -> str | Response:
    if isinstance(outcome, Response):
        return outcome
    at = outcome.changes.at or keyed[0][0][:len(page.list_key) + 1]
    saved = [((*at, *f.key), f) for _, f in keyed]
    errors = list(outcome.refused) or errors_for(outcome.profile.problems, [at],
                                                 _fields(saved))
    if not errors:
        return redirect(f"/p/{name}/list/{page.slug}", 303)
    place = at[-1] if isinstance(at[-1], int) else item
    if outcome.refused:  # nothing was written: the answers as sent, to be corrected
        form = renamed(request.form, _asked(page), keyed[0][0][:len(page.list_key) + 1], at) \
            if item != "new" else request.form
        return _form(outcome.profile, page, saved if item != "new" else keyed, errors, form,
                     item=place if item != "new" else "new", was_kept=True)
    # Saved: shown from the file (a new item is now the list's last), to be corrected there.
    return _form(outcome.profile, page, saved, errors, item=place)


def _form(current: Opened, page: Page, keyed: list[tuple[KeyPath, Field]],
          errors: list[FieldError], form: Any = None, item: int | str | None = None,
          was_kept: bool = False) -> str:
    """The page of fields, showing the file's answers (or the ones just sent), each with
    the answer as the file holds it now (or, where nothing was written, as the form was
    opened with), which the next save merges against."""
    by_id = {e.field_id: e for e in errors}
    rows = []
    for key, fld in keyed:
        stored = shown(lookup(current.data, key), fld)
        value = submitted(form, key, fld) if form is not None else stored
        was = opened_with(form, key, fld) if was_kept and form is not None else None
        rows.append({"field": fld, "name": field_name(key), "id": field_id(key),
                     "value": value, "was": stored if was is None else was,
                     "error": by_id.get(field_id(key)),
                     "choices": sections_to_follow(current, value, key) if fld.kind ==
                     "section" else ()})
    fingerprinted = None
    if isinstance(item, int):
        items = _items(current, page)
        fingerprinted = fingerprint(items[item]) if item < len(items) else None
        if was_kept and form is not None:
            fingerprinted = form.get(ITEM, fingerprinted)
    state = approving.state_of(approving.departures(current), (*page.list_key, item)) \
        if page.slug == "local-rules" and isinstance(item, int) else None
    return render_template("fields.html.j2", name=current.name, page=page, rows=rows,
                           errors=errors, item=item, approval=state,
                           fingerprint=fingerprinted, preview=page.preview)


def sections_to_follow(current: Opened, value: object,
                       key: KeyPath) -> list[tuple[str, str]]:
    """What the local rule at `key` may follow, by heading: each section of the profile's
    base edition, then each local rule before it; the value written, if it is none of
    those, kept first so that it is shown (and the check says what is wrong with it)."""
    edition = available_editions().get(str(lookup(current.data, ("base",))))
    found = [(s.id, f"{with_code(s.title, current.data)} ({s.id})")
             for s in edition.sections()] if edition else []
    rules = lookup(current.data, ("local_rules",))
    place = key[1] if len(key) > 1 and isinstance(key[1], int) and key[1] >= 0 else None
    for rule in (rules[:place] if isinstance(rules, list) else []):
        if isinstance(rule, dict) and isinstance(rule.get("id"), str):
            found.append((rule["id"], f"{rule.get('title') or rule['id']} ({rule['id']})"))
    if isinstance(value, str) and value and value not in {v for v, _ in found}:
        found.insert(0, (value, value))
    return [("", "At the end of Part 1 (not chosen)"), *found]


def _fields(keyed: list[tuple[KeyPath, Field]]) -> dict[str, tuple[KeyPath, Field]]:
    return {field_name(key): (key, fld) for key, fld in keyed}
