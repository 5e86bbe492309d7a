"""What every sample pack's readers see is plain English (issue 25): sentences under 25 words,
no "Not stated" for a value left out, a body's full name before its acronym, "the" before a
team's name, and never the name of the tool that made the policy."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from docx import Document

from tests.conftest import Pack
from tests.outputs import html_text

# GOV.UK's limit: split a sentence longer than 25 words (../shared/guidance-facts.md).
MOST_WORDS = 24


class _Prose(HTMLParser):
    """The text of each paragraph and list item: the prose a reader reads as sentences
    (table cells and headings are labels, not sentences)."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[list[str]] = []
        self.texts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("p", "li"):
            self.open.append([])

    def handle_endtag(self, tag: str) -> None:
        if tag in ("p", "li") and self.open:
            self.texts.append(" ".join("".join(self.open.pop()).split()))

    def handle_data(self, data: str) -> None:
        if self.open:
            self.open[-1].append(data)


def sentences(path: Path) -> list[str]:
    prose = _Prose()
    prose.feed(path.read_text("utf-8"))
    return [s for text in prose.texts
            for s in re.split(r"(?<=[.!?])\s+(?=[A-Z“\"(])", text) if s]


def use_page(pack: Pack) -> Path:
    return next(pack.folder.glob("*-social-media-use.html"))


def docx_text(pack: Pack) -> str:
    return " ".join(p.text for p in Document(str(pack.docx)).paragraphs)


def test_every_sentence_a_reader_sees_is_under_25_words(pack: Pack) -> None:
    for page in (pack.html, use_page(pack)):
        long = [s for s in sentences(page) if len(s.split()) > MOST_WORDS]
        assert not long, f"{page.name}: " + " | ".join(long)


def test_a_value_left_out_is_left_out_and_the_tool_is_never_named(pack: Pack) -> None:
    for text in (html_text(pack.html), html_text(use_page(pack)), docx_text(pack)):
        assert "Not stated" not in text
        assert "policy-pack" not in text


def test_a_body_is_named_in_full_before_its_acronym_and_a_team_takes_the(pack: Pack) -> None:
    department, policy = pack.profile.department, pack.profile.policy
    text = html_text(pack.html)
    if department.short_name != department.name:
        assert f"{department.short_name} ({department.name})" not in text
        assert f"{department.name} ({department.short_name})" in text
    owner = policy.owner
    if not owner.isupper():  # a team's name, not an acronym
        assert f"The {owner} owns it and keeps it up to date." in text
