"""The department's words as printed (generator/policy/typography.py): quotes, addresses in
plain fields, references by title."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.model import Link, Text
from generator.policy.typography import (
    cross_referenced,
    linked,
    prose,
    typographic,
    typographic_inlines,
)


@pytest.mark.parametrize(("typed", "printed"), [
    ('Writing "my views" is not enough.', "Writing \u201cmy views\u201d is not enough."),
    ("the department's name", "the department\u2019s name"),
    ("the departments' names", "the departments\u2019 names"),
    ("a 'quoted' word", "a \u2018quoted\u2019 word"),
    ('("in brackets")', "(\u201cin brackets\u201d)"),
    ("Write to o'brien@dwp.example or see https://x.com/it's_here.",
     "Write to o'brien@dwp.example or see https://x.com/it's_here."),
    ("Follow @it's_us and www.example.com/'a'", "Follow @it's_us and www.example.com/'a'"),
    ("no quotes at all", "no quotes at all"),
    # Another script's apostrophe keeps its own convention: Punjabi's is no quote.
    ("\u0a16\u0a3e\u0a24\u0a3f\u0a06\u0a02 '\u0a24\u0a47 and 'this'",
     "\u0a16\u0a3e\u0a24\u0a3f\u0a06\u0a02 '\u0a24\u0a47 and \u2018this\u2019"),
])
def test_quotes_turn_outside_addresses_and_handles(typed: str, printed: str) -> None:
    assert typographic(typed) == printed


@given(st.text())
def test_turning_twice_is_turning_once(text: str) -> None:
    once = typographic(text)
    assert typographic(once) == once
    assert len(once) == len(text)


def test_a_quote_is_judged_across_runs_and_a_link_keeps_its_text() -> None:
    runs = (Text('Say "'), Text("never", "em"), Text('" and read '),
            Link("Tom's 'page'", "https://example.com/"))
    assert typographic_inlines(runs) == (
        Text("Say “"), Text("never", "em"), Text("” and read "),
        Link("Tom's 'page'", "https://example.com/"))


def test_an_email_address_in_a_plain_field_is_a_link_and_a_url_stays_text() -> None:
    # A URL as its own link text says nothing to a listener, and the audit refuses it.
    assert prose("Ask foi@dwp.example, see https://www.gov.uk/guidance.") == (
        Text("Ask "), Link("foi@dwp.example", "mailto:foi@dwp.example"),
        Text(", see https://www.gov.uk/guidance."))
    # A handle is no email address.
    assert linked((Text("Follow @dvla_example"),)) == (Text("Follow @dvla_example"),)
    assert prose("") == ()
    # An apostrophe belongs to the address it is in: the whole address is the link.
    assert prose("Write to o'brien@dwp.example.") == (
        Text("Write to "), Link("o'brien@dwp.example", "mailto:o'brien@dwp.example"),
        Text("."))


TITLES = {"Who to contact": "contacts", "Who to contact first": "first",
          "Our official social media accounts": "channels", "the annex": "register"}


@pytest.mark.parametrize(("typed", "expected"), [
    ("Digital Communications Team (see Who to contact)",
     (Text("Digital Communications Team (see "), Link("Who to contact", "#contacts"),
      Text(")"))),
    ("See Who to contact first.",
     (Text("See "), Link("Who to contact first", "#first"), Text("."))),
    ('listed in the section "Our official social media accounts".',
     (Text('listed in the section "'), Link("Our official social media accounts",
                                             "#channels"), Text('".'))),
    ("2 added (see the annex)",
     (Text("2 added (see "), Link("the annex", "#register"), Text(")"))),
    # Words that only happen to be a title are not a reference.
    ("Ask Who to contact about it.", (Text("Ask Who to contact about it."),)),
    ("see Who to contacts", (Text("see Who to contacts"),)),
])
def test_a_reference_by_title_links_to_its_section(typed: str, expected: tuple[object, ...]
                                                   ) -> None:
    assert cross_referenced((Text(typed),), TITLES) == expected
