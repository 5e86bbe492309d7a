"""The department's words as printed (generator/policy/typography.py): quotes, addresses in
plain fields, references by title."""

from __future__ import annotations

import dataclasses
from typing import TypeVar

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.model import Adaptation, Link, LocalRule, Table, Text, VersionEntry
from generator.policy.editions import available_editions, load_guidance
from generator.policy.merging import Provenance, merge
from generator.policy.typography import (
    cross_referenced,
    linked,
    prose,
    typographic,
    typographic_inlines,
)
from generator.profile.load import load_profile
from generator.profile.validation import validate
from tests.conftest import PROFILES, TODAY


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


@given(st.text(alphabet="a1 '\"@.:/w()[]\u2018\u2019\u201c\u201dn9-\u0a24", max_size=30))
def test_quotes_addresses_and_brackets_together_keep_the_laws(text: str) -> None:
    """Turning is idempotent and keeps the length where quotes, addresses, URLs and
    brackets crowd together; `prose` prints the same characters, its links included."""
    once = typographic(text)
    assert typographic(once) == once
    assert len(once) == len(text)
    assert "".join(item.text for item in prose(text)) == once


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


# Issue 28's review: the quotes and brackets around an address are the sentence's, so they
# turn as the sentence's do, and the address inside is a link all the same.
@pytest.mark.parametrize(("typed", "printed"), [
    ("Write to 'foi@dvla.example'.", "Write to \u2018foi@dvla.example\u2019."),
    ('Ask "press@dvla.example" or "me"', "Ask \u201cpress@dvla.example\u201d or \u201cme\u201d"),
    ("(see 'https://x.com/it's_here')", "(see \u2018https://x.com/it's_here\u2019)"),
    # A closing mark whose opening one is inside belongs to the address.
    ("'www.example.com/'a''", "\u2018www.example.com/'a'\u2019"),
    ('"https://en.wikipedia.org/wiki/Code_(law)".',
     "\u201chttps://en.wikipedia.org/wiki/Code_(law)\u201d."),
    # After an address's @ no quote can be: this one closes the sentence's.
    ("'o'brien@dwp.example'", "\u2018o'brien@dwp.example\u2019"),
])
def test_the_quotes_around_an_address_turn_and_its_own_stay(typed: str, printed: str) -> None:
    assert typographic(typed) == printed


@pytest.mark.parametrize(("typed", "expected"), [
    ("Write to 'foi@dvla.example'", (Text("Write to \u2018"), Link(
        "foi@dvla.example", "mailto:foi@dvla.example"), Text("\u2019"))),
    ('Ask "press@dvla.example".', (Text("Ask \u201c"), Link(
        "press@dvla.example", "mailto:press@dvla.example"), Text("\u201d."))),
    ("[foi@dvla.example]", (Text("["), Link("foi@dvla.example", "mailto:foi@dvla.example"),
                            Text("]"))),
    ("'o'brien@dwp.example'", (Text("\u2018"), Link(
        "o'brien@dwp.example", "mailto:o'brien@dwp.example"), Text("\u2019"))),
    # The tail of a URL is no address to write to: the URL stays text, whole.
    ("Use https://forms.example.gov.uk/?to=foi@dvla.example today",
     (Text("Use https://forms.example.gov.uk/?to=foi@dvla.example today"),)),
    ("or www.example.gov.uk/contact?to=foi@dvla.example.",
     (Text("or www.example.gov.uk/contact?to=foi@dvla.example."),)),
    # An address is a whole word: half of one is not linked.
    ("foi@dvla.example/path", (Text("foi@dvla.example/path"),)),
])
def test_an_address_in_quotes_or_brackets_is_a_link_and_a_url_s_tail_is_not(
        typed: str, expected: tuple[object, ...]) -> None:
    assert prose(typed) == expected


@pytest.mark.parametrize(("typed", "printed"), [
    # Judged from the quote before it as turned: inside an opening quote, one opens.
    ('He said "\'hi\'"', "He said \u201c\u2018hi\u2019\u201d"),
    ("'\"Quoted\" inside'", "\u2018\u201cQuoted\u201d inside\u2019"),
    ("the '90s and summer '26.", "the \u201990s and summer \u201926."),
    ("rock 'n' roll", "rock \u2019n\u2019 roll"),
    ("Rock 'N' Roll", "Rock \u2019N\u2019 Roll"),
    # Not a year nor an elision: quotes as usual.
    ("'2010' and '9' and 'n'", "\u20182010\u2019 and \u20189\u2019 and \u2018n\u2019"),
    ("('90s)", "(\u201990s)"),
])
def test_nested_quotes_years_and_elisions_turn_the_right_way(typed: str, printed: str) -> None:
    assert typographic(typed) == printed


SHORT = {"Equality": "equality", "Political activity": "political",
         "Who to contact": "contacts", "Using social media at work": "work"}


@pytest.mark.parametrize(("typed", "expected"), [
    # A short title followed by more words is a phrase, not a reference.
    ("See Equality Act 2010 guidance", (Text("See Equality Act 2010 guidance"),)),
    ("see Political activity rules of the Civil Service Code",
     (Text("see Political activity rules of the Civil Service Code"),)),
    # At punctuation, the end, or in quotes, it is one.
    ("see Equality.", (Text("see "), Link("Equality", "#equality"), Text("."))),
    ("(see Political activity)", (Text("(see "), Link("Political activity", "#political"),
                                  Text(")"))),
    ("see Equality", (Text("see "), Link("Equality", "#equality"))),
    ("see Equality \u2013 and then", (Text("see "), Link("Equality", "#equality"),
                                      Text(" \u2013 and then"))),
    ("see \u201cEquality\u201d rules", (Text("see \u201c"), Link("Equality", "#equality"),
                                        Text("\u201d rules"))),
    # Three words or more: a reference wherever it ends.
    ("see Who to contact for help", (Text("see "), Link("Who to contact", "#contacts"),
                                     Text(" for help"))),
    ("see Using social media at work first",
     (Text("see "), Link("Using social media at work", "#work"), Text(" first"))),
])
def test_a_short_title_is_a_reference_only_where_it_ends(
        typed: str, expected: tuple[object, ...]) -> None:
    assert cross_referenced((Text(typed),), SHORT) == expected


def test_a_plain_field_links_its_references_by_title() -> None:
    """A register's reason, a version's changes: "see Who to contact" is a link there too,
    beside its address and its quotes."""
    assert prose("Agreed with 'press@dwp.example' (see Who to contact).", TITLES) == (
        Text("Agreed with \u2018"), Link("press@dwp.example", "mailto:press@dwp.example"),
        Text("\u2019 (see "), Link("Who to contact", "#contacts"), Text(")."))
    assert prose("see Who to contact") == (Text("see Who to contact"),)  # no titles given


def test_a_long_value_is_typeset_whole() -> None:
    """20,000 characters in one word, with and without quotes and an address: each is
    judged once (this took two seconds when every character started a scan to the end)."""
    word = "a" * 20000
    assert typographic(word + "'") == word + "\u2019"
    assert typographic("x'" * 10000) == "x\u2019" * 10000
    assert typographic("'" + word + "@dvla.example'") == "\u2018" + word + "@dvla.example\u2019"
    assert prose("a'" * 10000) == (Text("a\u2019" * 10000),)
    address = "a." * 10000 + "a@dvla.example"
    assert prose(f"({address})") == (Text("("), Link(address, f"mailto:{address}"), Text(")"))
    many = " ".join(["'x@y.example'"] * 2000)
    assert len(linked((Text(many),))) == 4001  # 2000 links, 2001 runs around them


Departure = TypeVar("Departure", Adaptation, LocalRule)


def _with_reason(departure: Departure, reason: str) -> Departure:
    approval = departure.approval
    return dataclasses.replace(departure, approval=approval and dataclasses.replace(
        approval, reason=reason))


def test_the_pack_s_plain_fields_link_their_references_and_addresses() -> None:
    """dvla's version history, its accounts' purposes and its departures' reasons, merged:
    each a plain field (`prose`), each with the pack's titles to link to."""
    loaded, _ = validate(load_profile(PROFILES / "dvla.yaml"), available_editions(), TODAY)
    said = "Agreed with 'press@dwp.example' (see Who to contact)."
    history = (VersionEntry(loaded.policy.version, TODAY, said),)
    channels = tuple(dataclasses.replace(c, purpose=said) for c in loaded.channels)
    profile = dataclasses.replace(
        loaded, policy=dataclasses.replace(loaded.policy, history=history), channels=channels,
        adaptations=tuple(_with_reason(a, said) for a in loaded.adaptations),
        local_rules=tuple(_with_reason(r, said) for r in loaded.local_rules))
    policy = merge(profile, load_guidance(profile.base), None, Provenance("0" * 64, "test"))
    expected = (Text("Agreed with \u2018"), Link("press@dwp.example", "mailto:press@dwp.example"),
                Text("\u2019 (see "), Link("Who to contact", "#contacts"), Text(")."))
    tables = {block.caption: block for part in policy.parts for block in part.intro
              if isinstance(block, Table)}
    for caption, column in (("Version history", 2), ("Official social media accounts", 2),
                            ("Departures from the base guidance", 2)):
        cells = [row[column] for row in tables[caption].rows]
        assert cells and all(cell == expected for cell in cells), (caption, cells)
