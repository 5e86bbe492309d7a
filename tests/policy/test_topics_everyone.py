"""The rules for everyone who works here (issue 25, deliverable 7), party politics on the
official accounts, and the Northern Ireland pieces of the topics: each read from a profile
with file:line:column for every mistake, and merged into the sentence it stands for; left
out, nothing at all."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from generator.model import Block, ItemList, Link, Paragraph, Policy, PolicyPart, Table, Text
from generator.policy.editions import available_editions, load_guidance
from generator.policy.merging import Provenance, merge
from generator.profile.load import load_profile
from generator.profile.validation import validate
from tests.conftest import TODAY
from tests.policy.test_topics import check
from tests.profile.test_load_validate import GOOD

PROVENANCE = Provenance("0" * 64, "test")
CONTRACTS = ("Where it speaks of a code for civil servants, they follow the standards in their "
             "contracts instead.")
COVERS = ("This policy also covers contractors, agency staff and consultants who work for us. "
          + CONTRACTS)
CATEGORIES = ("Every civil service post is in one of three categories for political activity: "
              "politically free, intermediate or politically restricted.")
RESEARCH = "Do not use social media to look into our customers or members of the public."
RECORDING = ("Do not record or post calls, meetings or photos of colleagues without their "
             "consent.")
MESSAGES = ("Messages about official business on WhatsApp and similar apps are official "
            "records.")
PARTY = "Our official accounts never carry party-political content."


def built(tmp_path: Path, extra: str = "", jurisdiction: str = "UK") -> Policy:
    """The policy merged from GOOD with `extra` topics, as `build` merges it."""
    path = tmp_path / "p.yaml"
    text = GOOD.replace("jurisdiction: UK", f"jurisdiction: {jurisdiction}")
    path.write_text(text + textwrap.dedent(extra), "utf-8")
    profile, _ = validate(load_profile(path, "p.yaml"), available_editions(), TODAY)
    return merge(profile, load_guidance(profile.base), None, PROVENANCE)


def words(blocks: tuple[Block, ...]) -> str:
    """The text a reader sees in blocks, one line a paragraph, list item or table row."""
    lines: list[str] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            lines.append("".join(i.text for i in block.inlines))
        elif isinstance(block, ItemList):
            lines += ["".join(i.text for i in item) for item in block.items]
        elif isinstance(block, Table):
            lines += [" | ".join("".join(i.text for i in c) for c in row)
                      for row in (tuple((Text(c),) for c in block.columns), *block.rows)]
    return "\n".join(lines)


def part(policy: Policy, part_id: str) -> PolicyPart | None:
    return next((p for p in policy.parts if p.id == part_id), None)


def section_text(policy: Policy, section_id: str) -> str:
    found = [s for p in policy.parts for s in p.sections if s.id == section_id]
    assert len(found) == 1, section_id
    return words(found[0].blocks)


def everything(policy: Policy) -> str:
    """Every word of the policy and of its public page."""
    parts = (*policy.parts, *((policy.use_page,) if policy.use_page else ()))
    return "\n".join(words((*p.intro, *(b for s in p.sections for b in s.blocks)))
                     for p in parts)


EVERY_RULE = """\
    also_covers: [contractors, agency staff, consultants]
    political_activity:
      where_to_find_your_category: Your terms and conditions say which category your post is in.
      guidance_url: https://www.gov.uk/government/publications/civil-servants-terms-and-conditions
    no_research_on_public: true
    research_exceptions: Fraud investigators may, when a senior manager authorises it.
    no_recording_without_consent: true
    messaging_apps: {official_records: true, text: Copy decisions into our records system.}
    equality: We screened this policy for its effect on equality of opportunity.
    no_party_politics_on_official_accounts: true
    election_periods: Before an election, we post only operational notices.
    """


def test_every_rule_given_is_a_section_of_the_part_for_everyone(tmp_path: Path) -> None:
    policy = built(tmp_path, EVERY_RULE)
    everyone = part(policy, "everyone")
    assert everyone is not None and everyone.title == "Our rules for everyone who works here"
    assert [s.id for s in everyone.sections] == [
        "topics.political-activity", "topics.research", "topics.recording",
        "topics.messaging-apps"]
    # The department chose them; the project's words make each (model text, as noted)
    assert all(s.origin.kind == "model" and s.status == "added" for s in everyone.sections)
    ids = [p.id for p in policy.parts]
    assert ids.index("everyone") == ids.index("running") - 1  # just before running accounts
    # compare and matrix line the topics up by these sections
    # compare and matrix line the topics up by these sections: the equality statement, a
    # section of "About this policy", first
    assert [s.id for s in policy.topics][:5] == ["topics.equality",
                                                 *(s.id for s in everyone.sections)]
    about = part(policy, "about")
    assert about is not None and [s.id for s in about.sections] == ["topics.equality"]


def test_also_covers_follows_the_first_paragraph_of_about_this_policy(tmp_path: Path) -> None:
    about = part(built(tmp_path, EVERY_RULE), "about")
    assert about is not None
    assert words(about.intro).splitlines()[1] == COVERS
    one = part(built(tmp_path, "also_covers: [contractors]\n"), "about")
    assert one is not None and words(one.intro).splitlines()[1] == (
        "This policy also covers contractors who work for us. " + CONTRACTS)


def test_each_rule_says_its_sentence(tmp_path: Path) -> None:
    policy = built(tmp_path, EVERY_RULE)
    political = section_text(policy, "topics.political-activity").splitlines()
    assert political[0].startswith(CATEGORIES)
    assert "Your post\u2019s category decides which political activity you may take part in" \
        in political[0]
    assert political[1:] == ["Your terms and conditions say which category your post is in.",
                             "Read the rules on political activity."]
    assert section_text(policy, "topics.research").splitlines() == [
        RESEARCH, "The only exceptions:",
        "Fraud investigators may, when a senior manager authorises it."]
    assert section_text(policy, "topics.recording") == RECORDING
    assert section_text(policy, "topics.messaging-apps").splitlines() == [
        MESSAGES, "Copy decisions into our records system."]
    assert section_text(policy, "topics.equality") == (
        "We screened this policy for its effect on equality of opportunity.")


def test_the_political_activity_link_goes_to_the_address_given(tmp_path: Path) -> None:
    policy = built(tmp_path, """\
        political_activity: {guidance_url: "https://intranet.example/political-activity"}
        """)
    section = next(s for p in policy.parts for s in p.sections
                   if s.id == "topics.political-activity")
    links = [i for b in section.blocks if isinstance(b, Paragraph) for i in b.inlines
             if isinstance(i, Link)]
    assert links == [Link("the rules on political activity",
                          "https://intranet.example/political-activity")]
    assert "Your terms and conditions" not in words(section.blocks)  # not given: not said


def test_party_politics_is_a_section_of_running_our_accounts_before_elections(
        tmp_path: Path) -> None:
    policy = built(tmp_path, EVERY_RULE)
    running = part(policy, "running")
    assert running is not None
    ids = [s.id for s in running.sections]
    assert ids[ids.index("topics.impartiality") + 1] == "topics.elections"
    assert section_text(policy, "topics.impartiality").splitlines() == [
        PARTY, "Take extra care in election periods. The next section, Election periods, "
               "says what our accounts do then."]
    alone = built(tmp_path, "no_party_politics_on_official_accounts: true\n")
    assert section_text(alone, "topics.impartiality").splitlines() == [
        PARTY, "Take extra care in election periods."]
    assert part(alone, "everyone") is None  # a rule for the accounts, not for everyone


@pytest.mark.parametrize("extra", [
    "",
    "no_research_on_public: false\nno_recording_without_consent: false\n"
    "no_party_politics_on_official_accounts: false\n",
    "messaging_apps: {official_records: false}\n",
])
def test_left_out_or_false_says_nothing(tmp_path: Path, extra: str) -> None:
    policy = built(tmp_path, extra)
    assert part(policy, "everyone") is None
    text = everything(policy)
    for sentence in (COVERS, "also covers", CATEGORIES, RESEARCH, RECORDING, MESSAGES, PARTY,
                     "election periods", "Equality"):
        assert sentence not in text
    assert [s.id for s in policy.topics] == ["topics.house-rules", "topics.records"]


def test_one_rule_alone_makes_the_part(tmp_path: Path) -> None:
    policy = built(tmp_path, "no_recording_without_consent: true\n")
    everyone = part(policy, "everyone")
    assert everyone is not None and [s.id for s in everyone.sections] == ["topics.recording"]
    assert words(everyone.intro).splitlines() == [
        "This part is for everyone who works for us, whether or not they run an official "
        "account.", "DoE chose these rules: the Cabinet Office guidance does not set them."]
    only_text = built(tmp_path, "messaging_apps: {text: Use Teams chat instead.}\n")
    assert section_text(only_text, "topics.messaging-apps") == "Use Teams chat instead."


@pytest.mark.parametrize(("extra", "expected"), [
    ("also_covers: contractors\n",
     "p.yaml:17:14: also_covers: must be a list (each entry starting with `- `), not text"),
    ("also_covers: [" + ", ".join(f"group {i}" for i in range(21)) + "]\n",
     "p.yaml:17:1: also_covers: lists 21 groups; the most allowed is 20 (name the groups, not "
     "the people in them)"),
    ("political_activity: {}\n",
     "p.yaml:17:1: political_activity: says nothing (give at least one of "
     "where_to_find_your_category, guidance_url)"),
    ("political_activity: Ask HR\n",
     "p.yaml:17:21: political_activity: must be a set of keys (where_to_find_your_category, "
     "guidance_url, ...), not text"),
    ("political_activity:\n  guidance_url: www.gov.uk\n",
     "p.yaml:18:17: political_activity.guidance_url: `www.gov.uk` is not a web address "
     "starting with https:// (for example `https://www.gov.uk/government/publications/"
     "civil-servants-terms-and-conditions`)"),
    ("political_activity:\n  where_to_find_your_category: Ask [here](https://hr.example/)\n",
     "p.yaml:18:43: political_activity.where_to_find_your_category: the link text `here` does "
     "not say where the link goes (write link text that names the page, e.g. [the Civil "
     "Service Code](https://www.gov.uk/))"),
    ("no_research_on_public: yes\n",
     "p.yaml:17:24: no_research_on_public: must be true or false, not text (write "
     "`no_research_on_public: true`: `yes` is read as text)"),
    ("no_recording_without_consent: 1\n",
     "p.yaml:17:31: no_recording_without_consent: must be true or false, not a number (write "
     "`no_recording_without_consent: true`, or delete the line)"),
    ("no_party_politics_on_official_accounts: \"false\"\n",
     "p.yaml:17:41: no_party_politics_on_official_accounts: must be true or false, not text "
     "(write `no_party_politics_on_official_accounts: false`, with no quotes)"),
    ("research_exceptions: Fraud investigators, when authorised.\n",
     "p.yaml:17:1: research_exceptions: gives exceptions to a rule the profile does not set "
     "(add `no_research_on_public: true`, or delete `research_exceptions`)"),
    ("no_research_on_public: false\nresearch_exceptions: Fraud investigators.\n",
     "p.yaml:18:1: research_exceptions: gives exceptions to a rule the profile does not set "
     "(add `no_research_on_public: true`, or delete `research_exceptions`)"),
    ("messaging_apps: {}\n",
     "p.yaml:17:1: messaging_apps: says nothing (give at least one of official_records, "
     "text)"),
    ("messaging_apps: {official_record: true}\n",
     "p.yaml:17:18: messaging_apps.official_record: unknown key `official_record` (did you "
     "mean `official_records`?)"),
    ("messaging_apps:\n  official_records: \"true\"\n",
     "p.yaml:18:21: messaging_apps.official_records: must be true or false, not text (write "
     "`official_records: true`, with no quotes)"),
    ("equality: [Section 75]\n",
     "p.yaml:17:11: equality: must be text, not a list (if it is text, put it in quotes: "
     "equality: \"[Section 75]\")"),
])
def test_mistakes_are_reported_where_they_are(tmp_path: Path, extra: str,
                                              expected: str) -> None:
    assert check(tmp_path, extra) == [expected]


def test_an_ni_body_naming_the_civil_service_code_in_a_rule_is_warned(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(GOOD.replace("jurisdiction: UK", "jurisdiction: NI") + textwrap.dedent("""\
        equality: The Civil Service Code asks us to treat everyone fairly.
        messaging_apps: {text: The Civil Service Code applies to messages too.}
        """), "utf-8")
    _, warnings = validate(load_profile(path, "p.yaml"), available_editions(), TODAY)
    assert [w.key for w in warnings if "Civil Service Code" in w.message] == [
        "equality", "messaging_apps.text"]


# --- Northern Ireland ---------------------------------------------------------------------

NI_RECORDS = [
    "Posts from our official accounts are public records.",
    "In Northern Ireland, we manage public records under the Public Records Act (Northern "
    "Ireland) 1923.",
    "The Public Record Office of Northern Ireland (PRONI) is the archive for Northern "
    "Ireland\u2019s public records.",
    "The Freedom of Information Act 2000 also applies to our posts."]


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.:?])\s+", text.replace("\n", " ")) if s]


def test_an_ni_bodys_records_say_how_northern_ireland_keeps_them(tmp_path: Path) -> None:
    policy = built(tmp_path, jurisdiction="NI")
    assert sentences(section_text(policy, "topics.records")) == NI_RECORDS
    assert "Web Archive" not in everything(policy)  # The National Archives' is not NI's
    given = built(tmp_path, "records: {foi_contact: foi@dof.example}\n", jurisdiction="NI")
    assert sentences(section_text(given, "topics.records")) == [
        *NI_RECORDS, "Send requests for information to foi@dof.example."]
    own = built(tmp_path, "records: {text: Our posts go to our records system.}\n",
                jurisdiction="NI")
    assert section_text(own, "topics.records") == "Our posts go to our records system."
    # An NI body's second jurisdiction does not make a UK-wide body an NI one.
    uk = built(tmp_path, jurisdiction="[UK, NI]")
    assert "UK Government Web Archive" in section_text(uk, "topics.records")
    assert "PRONI" not in everything(uk)


@pytest.mark.parametrize("jurisdiction", ["UK", "GB", "England"])
def test_central_government_keeps_the_web_archive_default(tmp_path: Path,
                                                          jurisdiction: str) -> None:
    policy = built(tmp_path, jurisdiction=jurisdiction)
    assert sentences(section_text(policy, "topics.records")) == [
        "Posts from our accounts are official records.",
        "The National Archives keeps central government\u2019s official social media posts in "
        "the UK Government Web Archive.",
        "Our records management rules and the Freedom of Information Act 2000 apply to our "
        "posts."]


def test_irish_and_ulster_scots_reach_the_policy_and_the_public_page(tmp_path: Path) -> None:
    said = "Some people write to us in Irish or Ulster-Scots. We reply in English."
    policy = built(tmp_path, f"language_duties: {{irish_ulster_scots: {said}}}\n",
                   jurisdiction="NI")
    assert section_text(policy, "topics.languages") == said
    page = policy.use_page
    assert page is not None
    languages = [s for s in page.sections if s.id == "use.languages"]
    assert [s.title for s in languages] == ["Languages"]
    assert words(languages[0].blocks) == said


def test_equality_is_optional_in_every_jurisdiction(tmp_path: Path) -> None:
    for jurisdiction in ("NI", "Wales", "Scotland", "UK"):
        assert "Equality" not in [s.title for s in built(tmp_path, jurisdiction=jurisdiction)
                                  .topics]
    policy = built(tmp_path, "equality: |\n  This policy has been screened under Section 75 of "
                   "the Northern Ireland Act 1998.\n", jurisdiction="NI")
    assert section_text(policy, "topics.equality").startswith("This policy has been screened")
