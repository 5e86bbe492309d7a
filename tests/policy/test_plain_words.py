"""The base text in plain English, saying what its sources say (issue 25; docs/sources.md).

Every sentence a base edition can print, filled for every code of conduct, is under 25 words
(GOV.UK's limit); a body's name in running text takes "the" where English needs it; the
sentences no source says are gone; and the Code's duties are the same in both editions,
because the Code does not change with the guidance.
"""

from __future__ import annotations

import re

import pytest

from generator.model import Section
from generator.policy import available_editions, load_guidance
from generator.policy.terms import CODES, fill_each_code

EDITIONS = sorted(available_editions())
LIMIT = 25  # words: GOV.UK splits a longer sentence (guidance-facts.md, "How to write it")


def sentences(markdown: str) -> list[str]:
    """Each sentence of a text: its paragraphs and list items split apart first, so that a
    list item with no full stop does not run into the next."""
    blocks = re.split(r"\n\s*\n|\n(?=\s*(?:- |\d+\. ))", markdown)
    return [s for block in blocks
            for s in re.split(r"(?<=[.!?])\s+", " ".join(block.split())) if s]


def section(edition: str, section_id: str) -> Section:
    return next(s for s in load_guidance(edition).sections() if s.id == section_id)


def long_sentences(text: str) -> list[str]:
    return [s for s in sentences(text) if len(s.split()) >= LIMIT]


@pytest.mark.parametrize("edition", EDITIONS)
def test_every_sentence_of_the_base_text_is_under_25_words(edition: str) -> None:
    guidance = load_guidance(edition)
    found = [(s.id, code, long) for s in guidance.sections()
             for code, text in fill_each_code(s.body).items()
             for long in long_sentences(text)]
    found += [("source_note", "", long) for long in long_sentences(guidance.source_note)]
    assert found == []


@pytest.mark.parametrize("code", sorted(CODES))
def test_every_sentence_a_code_prints_is_under_25_words(code: str) -> None:
    assert [(k, long) for k, v in CODES[code].items() for long in long_sentences(v)] == []


@pytest.mark.parametrize("edition", EDITIONS)
def test_a_name_in_running_text_takes_the_where_english_needs_it(edition: str) -> None:
    """`{{ department.short_name }}` prints "Welsh Government" bare; running text writes
    `{{ department.the_name }}` ("the Welsh Government", "DWP") instead."""
    bare = [s.id for s in load_guidance(edition).sections()
            if re.search(r"\{\{\s*department\.(short_name|name)\s*\}\}", s.body)]
    assert bare == []


# --- what no source says, and what the sources do say -----------------------------------------


@pytest.mark.parametrize(("section_id", "invented"), [
    ("principles.citizens-where-they-are", "Do not expect them to come to us"),
    ("principles.consult-and-engage", "not only to what they say to us"),
    ("accounts.official", "An account that goes quiet"),
    ("engagement.taking-offline", "phone call"),
    ("code.online-and-offline", "a careful look at the evidence"),
])
def test_sentences_no_source_says_are_gone(section_id: str, invented: str) -> None:
    body = " ".join(section("2012-05", section_id).body.split())
    assert invented.casefold() not in body.casefold()


def test_the_tip_names_aggressive_and_abusive_users() -> None:
    assert "aggressive or abusive" in section("2012-05", "posting.checks").body


@pytest.mark.parametrize("edition", EDITIONS)
def test_objectivity_is_the_codes_own_words(edition: str) -> None:
    body = section(edition, "code.online-and-offline").body
    assert "base your advice and decisions on rigorous analysis of the evidence" in body


@pytest.mark.parametrize("edition", EDITIONS)
def test_personal_use_keeps_its_condition_and_its_discipline(edition: str) -> None:
    """The 2012 guidance frees staff to use social media in their own time only with two
    duties kept; 2014 restates that section, so 2014 packs say a post can lead to
    disciplinary action too."""
    body = " ".join(section(edition, "use.personal").body.split())
    assert "free to use social media in your own time" in body
    assert "must not share official information without authority" in body
    assert "political or public activity that compromises your impartiality" in body
    assert "can lead to disciplinary action" in body


def duties(body: str) -> list[str]:
    """The list of what the Code means online."""
    return [line[2:].strip() for line in body.splitlines() if line.startswith("- ")
            and not line.startswith("- **")]


def test_the_code_section_carries_the_same_duties_in_both_editions() -> None:
    """The Code does not change with the guidance's edition."""
    old, new = (duties(section(e, "code.online-and-offline").body) for e in EDITIONS)
    assert old == new
    joined = " ".join(new)
    for duty in ("this duty continues after you leave", "state facts truthfully",
                 "use official resources for a political party",
                 "rules on political activity"):
        assert duty in joined


def test_every_code_says_where_a_concern_goes() -> None:
    for code in CODES.values():
        assert code["appeals"] in code["concerns"]
    home = CODES["Civil Service Code"]["concerns"]
    assert "line manager or someone else in your management chain" in home
    assert "Nominated Officer" in home
    assert "Nominated Officer" not in CODES["NICS Code of Ethics"]["concerns"]
