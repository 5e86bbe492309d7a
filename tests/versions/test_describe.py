"""describe(): the changes between two versions of a real sample profile, in words."""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from generator.profile import load_profile
from generator.versions import Change, describe, message

ROOT = Path(__file__).resolve().parents[2]
Data = dict[str, Any]


def sample(name: str) -> Data:
    data = load_profile(ROOT / "profiles" / f"{name}.yaml").data
    assert isinstance(data, dict)
    return data


def contact(data: Data, role: str) -> Data:
    return next(c for c in data["contacts"] if c["role"] == role)


def review_date(d: Data) -> None:
    d["policy"]["review_by"] = dt.date(2028, 6, 1)


def owner(d: Data) -> None:
    d["policy"]["owner"] = "People Directorate"


def add_account(d: Data) -> None:
    d["channels"].insert(1, {"platform": "X (Twitter)", "account": "@dwp_jobs",
                             "url": "https://x.com/dwp_jobs", "purpose": "Jobs"})


def remove_contact(d: Data) -> None:
    d["contacts"].remove(contact(d, "Press Office"))


def contact_email(d: Data) -> None:
    contact(d, "Press Office")["email"] = "news@dwp.example"


def omit_section(d: Data) -> None:
    d["adaptations"] = {"use.personal": {"action": "omit", "reason": "r", "approved_by": "A",
                                         "date": dt.date(2027, 1, 1)}}


def long_text(d: Data) -> None:
    d["election_periods"] = "Nothing but notices.\n\nAsk first.\n"


def yes_no(d: Data) -> None:
    d["no_research_on_public"] = False


def covers(d: Data) -> None:
    d["also_covers"] = ["contractors", "agency staff", "consultants", "volunteers"]


CASES: list[tuple[Callable[[Data], None], list[Change]]] = [
    (review_date, [Change("Policy details", "Changed the date the policy must be reviewed by "
                                            "from 1 September 2027 to 1 June 2028")]),
    (owner, [Change("Policy details", "Changed the team that owns the policy from Digital "
                                      "Communications Team to People Directorate")]),
    (add_account, [Change("Official accounts", "Added the account @dwp_jobs (X (Twitter))")]),
    (remove_contact, [Change("Contacts", "Removed the contact Press Office")]),
    (contact_email, [Change("Contacts", "Changed the email address of the contact Press "
                                        "Office from press-office@dwp.example to "
                                        "news@dwp.example")]),
    (long_text, [Change("Elections, records and languages",
                        "Changed the text of what your accounts do before an election")]),
    (yes_no, [Change("Rules for everyone who works here", "Changed whether staff must not "
                     "look into customers or the public from Yes to No")]),
    (covers, [Change("Rules for everyone who works here",
                     "Added \u201cvolunteers\u201d to who else the policy covers")]),
]


@pytest.mark.parametrize(("change", "expected"), CASES, ids=[c[0].__name__ for c in CASES])
def test_each_kind_of_answer_in_words(change: Callable[[Data], None],
                                      expected: list[Change]) -> None:
    before = sample("dwp")
    after = copy.deepcopy(before)
    change(after)
    assert list(describe(before, after)) == expected


def test_a_departure_named_by_the_heading_of_its_section() -> None:
    before = sample("nics-finance")
    after = copy.deepcopy(before)
    after["adaptations"]["use.personal"] = {"action": "omit", "reason": "r",
                                            "approved_by": "A", "date": dt.date(2027, 1, 1)}
    after["adaptations"]["principles.civil-service-code"]["replace"] = "Our own words."
    after["adaptations"]["principles.civil-service-code"]["title"] = "Principle 6"
    words = [c.words for c in describe(before, after, {"use.personal": "Personal use"})]
    assert words[0] == "Changed the text of the section principles.civil-service-code"
    # The old heading is longer than a sentence quotes.
    assert words[1] == "Changed the heading of the section principles.civil-service-code"
    assert "Now leaves out the section Personal use" in words
    assert "Set the date of the approval of the section Personal use to 1 January 2027" in words
    back = [c.words for c in describe(after, before, {"use.personal": "Personal use"})]
    assert "Now keeps the base text of the section Personal use" in back


def test_a_local_rule_by_its_heading() -> None:
    before = sample("nics-finance")
    after = copy.deepcopy(before)
    after["local_rules"][0]["text"] = "Never use the logo."
    after["local_rules"].append({"id": "local.records", "title": "Keeping records",
                                 "text": "Keep them.", "reason": "r"})
    assert [c.words for c in describe(before, after)] == [
        "Added the local rule Keeping records",
        "Changed the text of the local rule Our name and logo on personal accounts"]
    removed = copy.deepcopy(before)
    removed["local_rules"] = []
    assert [c.words for c in describe(before, removed)] == [
        "Removed the local rule Our name and logo on personal accounts"]


def test_the_same_profile_has_no_changes_and_a_reorder_is_said() -> None:
    data = sample("dwp")
    assert describe(data, copy.deepcopy(data)) == ()
    turned = copy.deepcopy(data)
    turned["contacts"].reverse()
    assert [c.words for c in describe(data, turned)] == ["Changed the order of the contacts"]


def test_an_answer_no_page_asks_is_named_by_its_key() -> None:
    before = sample("dwp")
    after = copy.deepcopy(before)
    after["base"] = "2012-05"
    after["notes"] = "typed in a text editor"
    assert [c.words for c in describe(before, after)] == [
        "Changed the edition of the base guidance from 2014-10 to 2012-05",
        "Set the answer notes to typed in a text editor"]


def test_a_long_value_is_not_quoted_whole() -> None:
    before = sample("dwp")
    after = copy.deepcopy(before)
    after["policy"]["owner"] = "x" * 500
    (change,) = describe(before, after)
    assert change.words == "Changed the team that owns the policy"


def test_the_message_one_change_or_a_summary() -> None:
    one = (Change("Policy details", "Changed the version from 1 to 2"),)
    assert message(one) == ("Changed the version from 1 to 2", ())
    three = (*one, Change("Contacts", "Removed the contact A"), Change("Contacts", "Added B"))
    assert message(three) == ("Changed 3 answers on Policy details and Contacts",
                              ("Changed the version from 1 to 2", "Removed the contact A",
                               "Added B"))


def test_an_approval_taken_away_or_given_is_said_as_such_not_counted_as_an_answer() -> None:
    """Trial 29: one change to a local rule read "Changed 3 answers on Local rules" (the
    other two were its approval taken away), and the history said "Removed who approved
    it of the local rule ...". The approval is its own line, in words that read."""
    before = sample("nics-finance")
    rule = before["local_rules"][0]
    rule |= {"approved_by": "Pat Head", "date": dt.date(2027, 1, 1)}
    name = f"the local rule {rule['title']}"
    after = copy.deepcopy(before)
    after["local_rules"][0]["text"] = "Never use the logo."
    del after["local_rules"][0]["approved_by"], after["local_rules"][0]["date"]
    changes = describe(before, after)
    assert [c.words for c in changes] == [f"Changed the text of {name}",
                                          f"The approval of {name} was taken away (it changed)"]
    assert message(changes) == (f"Changed the text of {name}", ("It now waits for approval",))
    given = copy.deepcopy(after)
    given["local_rules"][0] |= {"approved_by": "Sean Head", "date": dt.date(2027, 2, 1)}
    assert message(describe(after, given)) == (f"Sean Head approved {name}", ())
    section = "principles.civil-service-code"
    moved = copy.deepcopy(after)
    del moved["adaptations"][section]["approved_by"], moved["adaptations"][section]["date"]
    moved["adaptations"][section]["reason"] = "Ours."
    moved["local_rules"][0]["text"] = "Never use it."
    subject, body = message(describe(after, moved, {section: "Code"}))
    assert subject == "Changed 2 answers on Local rules and Sections"
    assert body[-1] == "The approval of the section Code was taken away (it changed)"
