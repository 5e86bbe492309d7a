"""The structured topics: read from a profile with file:line:column for every mistake, and
rendered in every format, as the DWP sample shows them."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from generator.errors import ProfileError
from generator.model import AccountSecurity, HouseRules, RelatedPolicy
from generator.policy import DEFAULT_HOUSE_RULES
from generator.policy.editions import available_editions
from generator.profile.load import load_profile
from generator.profile.validation import validate
from tests.conftest import TODAY, Pack
from tests.outputs import docx_headings, docx_tables, html_info, html_tables, html_text, pdf_text
from tests.profile.test_load_validate import GOOD


def check(tmp_path: Path, extra: str) -> list[str]:
    path = tmp_path / "p.yaml"
    path.write_text(GOOD + textwrap.dedent(extra), "utf-8")
    try:
        validate(load_profile(path, "p.yaml"), available_editions(), TODAY)
    except ProfileError as exc:
        return [str(p) for p in exc.problems]
    return []


def test_every_topic_is_read(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(GOOD + textwrap.dedent("""\
        house_rules:
          hours: We watch our accounts on weekdays.
          removed: [abusive, spam]
          blocking: We block repeat offenders.
          replies: We reply to questions about our services.
          endorsement: A share is not an endorsement.
          also: [Our accounts cannot answer questions about your own case.]
        account_security:
          two_step_verification: Required on every account
          credentials_held_by: Digital team
          recovery_contact: IT service desk
          leavers: Passwords change the day someone leaves
        election_periods: Before an election, we post only operational notices.
        related_policies:
          - {title: Standards of behaviour, url: "https://www.gov.uk/"}
        records: {text: Our posts are records., foi_contact: foi@doe.example}
        language_duties: {welsh: We follow our Welsh language scheme.,
                          irish_ulster_scots: We answer in English.}
        """), "utf-8")
    profile, _ = validate(load_profile(path, "p.yaml"), available_editions(), TODAY)
    topics = profile.topics
    assert topics.house_rules == HouseRules(
        "We watch our accounts on weekdays.", ("abusive", "spam"),
        "We block repeat offenders.", "We reply to questions about our services.",
        "A share is not an endorsement.",
        ("Our accounts cannot answer questions about your own case.",))
    assert topics.security == AccountSecurity(
        "Required on every account", "Digital team", "IT service desk",
        "Passwords change the day someone leaves")
    assert topics.election_periods == "Before an election, we post only operational notices."
    assert topics.related == (RelatedPolicy("Standards of behaviour", "https://www.gov.uk/"),)
    assert (topics.records, topics.foi_contact) == ("Our posts are records.", "foi@doe.example")
    assert (topics.welsh, topics.irish_ulster_scots) == ("We follow our Welsh language scheme.",
                                                         "We answer in English.")


def test_house_rules_left_out_keep_the_defaults_words(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(GOOD + "house_rules: {hours: We watch our accounts on weekdays.}\n",
                    "utf-8")
    profile, _ = validate(load_profile(path, "p.yaml"), available_editions(), TODAY)
    rules = profile.topics.house_rules
    assert rules is not None and rules.removed == DEFAULT_HOUSE_RULES.removed
    assert rules.blocking == DEFAULT_HOUSE_RULES.blocking and rules.also == ()


def test_an_ni_profile_naming_the_civil_service_code_in_a_topic_is_warned(
        tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    text = GOOD.replace("jurisdiction: UK", "jurisdiction: NI") + (
        "election_periods: Follow the Civil Service Code before an election.\n")
    path.write_text(text, "utf-8")
    _, warnings = validate(load_profile(path, "p.yaml"), available_editions(), TODAY)
    assert [w.key for w in warnings if "Civil Service Code" in w.message] == [
        "election_periods"]


@pytest.mark.parametrize(("extra", "expected"), [
    ("house_rules:\n  hour: weekdays\n",
     "p.yaml:18:3: house_rules.hour: unknown key `hour` (did you mean `hours`?)"),
    ("account_security: {}\n",
     "p.yaml:17:1: account_security: says nothing (give at least one of two_step_verification, "
     "credentials_held_by, recovery_contact, leavers)"),
    ("related_policies:\n  - {title: click here, url: \"https://www.gov.uk/\"}\n",
     "p.yaml:18:13: related_policies[0].title: the link text `click here` does not say where "
     "the link goes (write the policy's name, e.g. `Standards of behaviour`)"),
    ("related_policies:\n  - {title: Standards, url: www.gov.uk}\n",
     "p.yaml:18:29: related_policies[0].url: `www.gov.uk` is not a web address starting with "
     "https:// (for example `https://www.gov.uk/government/publications/civil-service-code`)"),
    ("records: {foi_contact: mailto:foi@doe.example}\n",
     "p.yaml:17:24: records.foi_contact: `mailto:foi@doe.example` is not written as an email "
     "address (write just the address, e.g. `foi@doe.example`: the link is made from it)"),
    ("house_rules:\n  removed: abusive\n",
     "p.yaml:18:12: house_rules.removed: must be a list (each entry starting with `- `), not "
     "text"),
])
def test_topic_mistakes_are_reported_where_they_are(tmp_path: Path, extra: str,
                                                     expected: str) -> None:
    assert check(tmp_path, extra) == [expected]


@pytest.fixture
def dwp(packs: dict[str, Pack]) -> Pack:
    return packs["dwp"]


def test_the_topics_are_a_part_of_their_own_in_every_format(dwp: Pack) -> None:
    html = html_info(dwp.html).headings
    assert html == docx_headings(dwp.docx)
    at = html.index((2, "Running our official accounts"))
    assert html[at + 1:at + 9] == [
        (3, "Who runs each account"), (3, "Keeping our accounts secure"),
        (3, "House rules for comments on our accounts"), (3, "Keeping our accounts impartial"),
        (3, "Election periods"), (3, "Records and freedom of information"),
        (3, "Related policies"), (2, "Who to contact")]
    owners = html_tables(dwp.html)["Who runs each account"]
    assert owners[0] == ["Account", "Owner", "Can post", "Approves posts"]
    assert owners[1] == ["@dwp_example", "Head of News", "Press Office duty officers",
                         "Head of News"]
    assert docx_tables(dwp.docx)["Who runs each account"] == owners


def test_a_departments_own_house_rules_and_the_default(packs: dict[str, Pack]) -> None:
    own = "A message to one of our accounts is not notice of a change of circumstances."
    for text in (html_text(packs["dwp"].html), pdf_text(packs["dwp"].pdf)):
        assert own in text
        assert "holding personal data, such as a National Insurance number" in text
    default = html_text(packs["dvla"].html)  # DVLA gives no house rules: the default ones
    assert "We remove comments that are: abusive or discriminatory" in default
    assert own not in default
    topics = {t["id"]: t["status"] for t in json.loads(
        packs["dwp"].manifest.read_text("utf-8"))["topics"]}
    assert topics["topics.house-rules"] == "modified"  # the department's own rules
    dvla = json.loads(packs["dvla"].manifest.read_text("utf-8"))["topics"]
    assert {t["id"]: t["status"] for t in dvla}["topics.house-rules"] == "adopted"


def test_topics_are_not_departures(dwp: Pack) -> None:
    register = html_tables(dwp.html).get("Departures from the base guidance", [])
    assert not [row for row in register if "house rules" in row[0].lower()]
