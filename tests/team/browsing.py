"""A browser's part in the team tests and the benchmark: the answers a form sends as it
stands on the page (every input, text box, chosen radio and option), so a test sends
exactly what a person pressing the page's button sends, with only the answers it types
changed; and a sign-in in a real Chromium through the tests' OpenID provider.
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any


class _Forms(HTMLParser):
    """Each form's action and its answers as the browser would send them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[tuple[str, list[tuple[str, str]]]] = []
        self._inside = False
        self._textarea: str | None = None
        self._select: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append((found.get("action", ""), []))
            self._inside = True
            return
        if not self._inside or "disabled" in found:
            return
        answers = self.forms[-1][1]
        name = found.get("name", "")
        if tag == "input" and name:
            kind = found.get("type", "text")
            if kind in ("radio", "checkbox"):
                if "checked" in found:
                    answers.append((name, found.get("value", "on")))
            elif kind not in ("submit", "button", "file", "image", "reset"):
                answers.append((name, found.get("value", "")))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []
        elif tag == "select" and name:
            self._select = name
        elif tag == "option" and self._select and "selected" in found:
            answers.append((self._select, found.get("value", "")))

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._inside = False
        elif tag == "textarea" and self._textarea is not None:
            # A browser drops the one line break that may follow <textarea>.
            self.forms[-1][1].append((self._textarea, "".join(self._text).removeprefix("\n")))
            self._textarea = None
        elif tag == "select":
            self._select = None


def form_answers(page: str, action: str) -> dict[str, str]:
    """The answers the form posting to `action` sends as the page stands (one value a
    name: the editor's pages have no field sent twice but the lines of a list, which a
    test does not change). AssertionError if the page has no such form."""
    parser = _Forms()
    parser.feed(page)
    for found, answers in parser.forms:
        if found == action:
            return dict(answers)
    raise AssertionError(f"no form posting to {action} in {[a for a, _ in parser.forms]}")


def signed_in_page(opener: Any, url: str, email: str) -> Any:
    """A new page of `opener` (a Playwright browser, or a context where the test needs its
    own options) opened at `url` and signed in there as `email` through the tests'
    provider, as a person does: the editor's sign-in page first, its button, the
    provider's login form (any password), its consent form when it asks; back at `url`."""
    page = opener.new_page()
    page.goto(url)
    assert page.locator("h1").inner_text() == "Sign in", page.url
    page.get_by_role("button", name="Sign in").click()
    page.locator('input[name="login"]').fill(email)
    page.locator('input[name="password"]').fill("any")
    page.locator("button[type=submit]").click()
    if page.locator('input[value="consent"]').count():  # the first sign-in to a client
        page.locator("button[type=submit]").click()
    page.wait_for_url(url)
    return page
