"""What the topics code writes: tables without "Not stated" (a column nobody fills is left
out, a cell left empty stays empty), and every sentence of its own in plain English."""

from __future__ import annotations

import dataclasses
import re
import textwrap
from pathlib import Path

import pytest

from generator.model import Policy, PolicyPart, Table
from tests.policy.test_topics_everyone import EVERY_RULE, built, everything, words

CHANNEL = """\
  - platform: X (Twitter)
    account: "@{name}"
    url: https://x.com/{name}
    purpose: News
"""


def with_channels(tmp_path: Path, *extras: str, topics: str = "",
                  jurisdiction: str = "UK") -> Policy:
    """GOOD with one channel for each of `extras`, each channel's own optional lines."""
    channels = "".join(CHANNEL.format(name=f"doe{i}") + extra
                       for i, extra in enumerate(extras))
    return built(tmp_path, f"channels:\n{channels}{topics}", jurisdiction)


def table(part: PolicyPart | None, caption: str) -> Table:
    assert part is not None
    found = [b for s in part.sections for b in s.blocks
             if isinstance(b, Table) and b.caption == caption]
    assert len(found) == 1, caption
    return found[0]


def cells(found: Table) -> list[list[str]]:
    return [["".join(i.text for i in cell) for cell in row] for row in found.rows]


def topics_text(policy: Policy) -> str:
    """The words of the parts the topics code writes: the rules for everyone, running our
    official accounts and the public page (the channels and contacts parts are the merge's)."""
    return everything(dataclasses.replace(policy, parts=tuple(
        p for p in policy.parts if p.id in ("everyone", "running"))))


def running(policy: Policy) -> PolicyPart | None:
    return next((p for p in policy.parts if p.id == "running"), None)


def test_the_public_accounts_table_leaves_out_when_nobody_says_when_it_is_watched(
        tmp_path: Path) -> None:
    policy = with_channels(tmp_path, "", "")
    accounts = table(policy.use_page, "Our official social media accounts")
    assert accounts.columns == ("Platform", "Account", "What it is for")
    assert all(len(row) == 3 for row in accounts.rows)
    assert "Not stated" not in topics_text(policy)


def test_one_account_left_unwatched_keeps_the_column_with_an_empty_cell(
        tmp_path: Path) -> None:
    policy = with_channels(tmp_path, "    monitored: Weekdays, 9am to 5pm\n", "")
    accounts = table(policy.use_page, "Our official social media accounts")
    assert accounts.columns[-1] == "When we watch it"
    assert [row[-1] for row in cells(accounts)] == ["Weekdays, 9am to 5pm", ""]


def test_the_owners_table_keeps_only_the_columns_someone_filled(tmp_path: Path) -> None:
    policy = with_channels(tmp_path, "    owner: Head of News\n",
                           "    owner: Head of Digital\n    approver: Head of News\n")
    owners = table(running(policy), "Who runs each account")
    assert owners.columns == ("Account", "Owner", "Approves posts")  # "Can post": nobody
    assert cells(owners) == [["@doe0", "Head of News", ""],
                             ["@doe1", "Head of Digital", "Head of News"]]
    assert all(len(row) == len(owners.columns) for row in owners.rows)
    assert "Not stated" not in topics_text(policy)


def test_no_owners_no_table(tmp_path: Path) -> None:
    policy = with_channels(tmp_path, "")
    assert "topics.owners" not in [s.id for s in policy.topics]


# --- plain English ------------------------------------------------------------------------

# The department's own words in these profiles: every other sentence is the topics code's.
OWN = ("Your terms and conditions", "Fraud investigators may", "Copy decisions",
       "We screened this policy", "Before an election", "Weekdays")
# Everyone reads these without their full names (GOV.UK's style guide: UK).
KNOWN = {"UK"}


def generated_sentences(policy: Policy) -> list[str]:
    parts = [p for p in (*policy.parts, policy.use_page) if p is not None
             and (p.id in ("everyone", "running", "use") or p.id == "about")]
    text = "\n".join(words((*p.intro, *(b for s in p.sections for b in s.blocks)))
                     if p.id != "about" else words(p.intro).splitlines()[1] for p in parts)
    found = []
    for line in text.splitlines():
        if "|" in line:  # a table's row: its cells are the profile's values
            continue
        found += [s for s in re.split(r"(?<=[.:?!])\s+", line) if s and not s.startswith(OWN)]
    return found


@pytest.mark.parametrize("jurisdiction", ["UK", "NI", "Wales"])
def test_every_sentence_the_topics_write_is_plain_english(tmp_path: Path,
                                                          jurisdiction: str) -> None:
    topics = textwrap.dedent(EVERY_RULE) + ("records: {foi_contact: foi@doe.example}\n"
                                            "language_duties: {welsh: We post in Welsh.}\n")
    policy = with_channels(tmp_path, "    monitored: Weekdays\n    owner: Head of News\n",
                           topics=topics, jurisdiction=jurisdiction)
    found = generated_sentences(policy)
    assert len(found) > 25
    for sentence in found:
        assert len(sentence.split()) < 25, sentence
        assert not re.search(r"\b(?:is|are|was|were|be|been) (?:\w+ed|written|kept)\b "
                             r"by\b", sentence), f"passive: {sentence}"
    text = " ".join(found)
    for abbreviation in set(re.findall(r"\b[A-Z]{2,}\b", text)) - KNOWN:
        first = text.index(abbreviation)
        assert text[first - 1] == "(" and text[first + len(abbreviation)] == ")", (
            f"{abbreviation} before its full name")
