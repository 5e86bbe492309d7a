"""The pages of fields and the lists with "add another" (GOV.UK's add-another pattern,
done on the server so that it works with JavaScript off)."""

from __future__ import annotations

from typing import Any

from flask import abort, redirect, render_template, request
from werkzeug.wrappers import Response

from generator.profile import KeyPath
from generator.serve.editing import Saved, editing, save, writable
from generator.serve.forms import (
    FieldError,
    as_text,
    edits_for,
    errors_for,
    field_id,
    field_name,
    lookup,
    new_item,
    shown,
    submitted,
)
from generator.serve.journey import BY_SLUG, Field, Page
from generator.serve.workspace import Opened, open_profile
from generator.serve.yamledit import RemoveItem


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
    keyed = [(f.key, f) for f in page.fields]
    if request.method == "GET":
        return _form(current, page, keyed, errors_for(current.problems, page.keys, _names(keyed)))
    outcome = save(current, edits_for(page.fields, current.data, request.form), keyed,
                   keyed[0][0])
    if isinstance(outcome, Response):
        return outcome
    errors = list(outcome.refused) or errors_for(outcome.profile.problems, page.keys,
                                                 _names(keyed))
    if errors:
        return _form(outcome.profile, page, keyed, errors, request.form)
    return redirect(f"/p/{name}", 303)


@editing.route("/p/<name>/list/<slug>")
def list_page(name: str, slug: str) -> str:
    writable()
    page, current = page_of(slug, True), open_profile(name)
    readable(current)
    items = lookup(current.data, page.list_key)
    rows = []
    for index, item in enumerate(items if isinstance(items, list) else []):
        rows.append({"index": index, "answers": [
            (f.label, as_text(shown(lookup(item, f.key), f))) for f in page.fields],
            "errors": errors_for(current.problems, [(*page.list_key, index)], {})})
    return render_template("list.html.j2", name=name, page=page, rows=rows,
                           errors=[], preview=page.preview)


@editing.route("/p/<name>/list/<slug>/new", methods=["GET", "POST"])
def new_item_page(name: str, slug: str) -> str | Response:
    writable()
    page, current = page_of(slug, True), open_profile(name)
    readable(current)
    keyed = [((*page.list_key, -1, *f.key), f) for f in page.fields]
    if request.method == "GET":
        return _form(current, page, keyed, [], item="new")
    count = len(_items(current, page))
    outcome = save(current, [new_item(page.fields, request.form, page.list_key)], keyed,
                   keyed[0][0])
    return _after_item(outcome, page, name, count, keyed, "new")


@editing.route("/p/<name>/list/<slug>/<int:index>", methods=["GET", "POST"])
def item_page(name: str, slug: str, index: int) -> str | Response:
    writable()
    page, current = page_of(slug, True), open_profile(name)
    readable(current)
    if index >= len(_items(current, page)):
        abort(404)
    base = (*page.list_key, index)
    keyed = [((*base, *f.key), f) for f in page.fields]
    if request.method == "GET":
        return _form(current, page, keyed, errors_for(current.problems, [base], _names(keyed)),
                     item=index)
    outcome = save(current, edits_for(page.fields, current.data, request.form, base), keyed,
                   keyed[0][0])
    return _after_item(outcome, page, name, index, keyed, index)


@editing.route("/p/<name>/list/<slug>/<int:index>/remove", methods=["GET", "POST"])
def remove_item_page(name: str, slug: str, index: int) -> str | Response:
    writable()
    page, current = page_of(slug, True), open_profile(name)
    readable(current)
    items = _items(current, page)
    if index >= len(items):
        abort(404)
    label = as_text(shown(lookup(items[index], page.fields[0].key), page.fields[0]))
    answer = request.form.get("confirm", "")
    if request.method == "GET" or answer not in ("yes", "no"):
        missing = request.method == "POST"
        return render_template("remove.html.j2", name=name, page=page, index=index,
                               label=label, sha256=current.snapshot.sha256,
                               errors=["choose"] if missing else [])
    if answer == "yes":
        outcome = save(current, [RemoveItem(page.list_key, index)], [], page.list_key,
                       resubmit=False)
        if isinstance(outcome, Response):
            return outcome
    return redirect(f"/p/{name}/list/{page.slug}", 303)


def readable(current: Opened) -> None:
    """Pages of fields need values: a file whose YAML cannot be read is sent to its list."""
    if not current.readable:
        abort(422, "The file's YAML cannot be read, so its answers cannot be shown: "
                   + "; ".join(str(p) for p in current.problems[:3])
                   + ". Put that right in a text editor, then come back.")


def _items(current: Opened, page: Page) -> list[Any]:
    items = lookup(current.data, page.list_key)
    return items if isinstance(items, list) else []


def _after_item(outcome: Saved | Response, page: Page, name: str, index: int,
                keyed: list[tuple[KeyPath, Field]], item: int | str) -> str | Response:
    if isinstance(outcome, Response):
        return outcome
    base = (*page.list_key, index)
    errors = list(outcome.refused) or errors_for(outcome.profile.problems, [base],
                                                 _names([((*base, *f.key), f) for _, f in keyed]))
    if errors:
        if item == "new" and not outcome.refused:
            # Saved as the new last item: shown from the file, to be corrected there.
            saved = [((*base, *f.key), f) for _, f in keyed]
            return _form(outcome.profile, page, saved, errors, item=index)
        return _form(outcome.profile, page, keyed, errors, request.form, item=item)
    return redirect(f"/p/{name}/list/{page.slug}", 303)


def _form(current: Opened, page: Page, keyed: list[tuple[KeyPath, Field]],
          errors: list[FieldError], form: Any = None, item: int | str | None = None) -> str:
    """The page of fields, showing the file's answers (or the ones just sent)."""
    by_id = {e.field_id: e for e in errors}
    rows = []
    for key, field in keyed:
        value = submitted(form, key, field) if form is not None \
            else shown(lookup(current.data, key), field)
        rows.append({"field": field, "name": field_name(key), "id": field_id(key),
                     "value": value, "error": by_id.get(field_id(key))})
    return render_template("fields.html.j2", name=current.name, page=page, rows=rows,
                           errors=errors, sha256=current.snapshot.sha256, item=item,
                           preview=page.preview)


def _names(keyed: list[tuple[KeyPath, Field]]) -> dict[str, KeyPath]:
    return {field_name(key): key for key, _ in keyed}
