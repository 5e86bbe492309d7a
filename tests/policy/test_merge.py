"""The merge of profile and base edition: a pure function on values."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import cast

import pytest

from generator.model import Adaptation, Approval, LocalRule, Paragraph, Policy, Profile, Text
from generator.policy.editions import available_editions, load_guidance
from generator.policy.markup import parse
from generator.policy.merging import Provenance, merge
from generator.policy.terms import placeholder_values
from generator.policy.translating import Typeset, Untranslated, translate_blocks
from generator.profile.load import load_profile
from generator.profile.validation import validate
from tests.conftest import PROFILES, TODAY

PROVENANCE = Provenance("0" * 64, "test")
APPROVAL = Approval("A reason", "Someone", dt.date(2026, 1, 1))


@pytest.fixture
def profile() -> Profile:
    loaded, _ = validate(load_profile(PROFILES / "dwp.yaml"), available_editions(), TODAY)
    return dataclasses.replace(loaded, local_rules=(), adaptations=())


def fill_by_hand(text: str, profile: Profile) -> str:
    """The placeholders a GB ministerial department's text holds, filled without Jinja: by
    plain replacement with the values the terms give."""
    values = placeholder_values(profile.department, profile.policy.owner)
    words = {f"{group}.{key}": value for group, named in values.items()
             for key, value in cast(dict[str, str], named).items()}
    for name, value in words.items():
        text = text.replace("{{ " + name + " }}", value)
    assert "{{" not in text, text
    return text


def body_ids(policy: Policy) -> list[str]:
    return [s.id for part in policy.parts for s in part.sections]


def test_no_adaptations_reproduces_the_base_section_for_section(profile: Profile) -> None:
    guidance = load_guidance("2012-05")
    policy = merge(profile, guidance, None, PROVENANCE)
    topics = [s.id for s in policy.topics]  # the structured topics come last, in their part
    assert topics and all(t.startswith("topics.") for t in topics)
    assert body_ids(policy) == [s.id for s in guidance.sections()] + topics
    for section, base in zip(policy.sections, guidance.sections(), strict=True):
        assert section.title == fill_by_hand(base.title, profile)
        assert section.status == "adopted"
        assert section.origin.edition == "2012-05"
        # As printed (generator/policy/typography.py): the base's straight quotes curly, its
        # reference to the accounts' part a link to it.
        printed = Typeset(Untranslated(), {"Our official social media accounts": "channels"})
        assert section.blocks == translate_blocks(printed, base.id, "", parse(
            base.body, lambda t: fill_by_hand(t, profile)))
    assert policy.register == ()


def test_local_rules_go_after_their_target_in_profile_order(profile: Profile) -> None:
    rules = (
        LocalRule("local.a", "A", "posting.checks", "Text A.", None),
        LocalRule("local.b", "B", "posting.checks", "Text B.", None),
        LocalRule("local.c", "C", None, "Text C.", None),
        LocalRule("local.d", "D", "barriers.browsers", "Text D.", None),
    )
    policy = merge(dataclasses.replace(profile, local_rules=rules), load_guidance("2012-05"),
                   None, PROVENANCE)
    ids = body_ids(policy)
    at = ids.index("posting.checks")
    assert ids[at + 1:at + 3] == ["local.a", "local.b"]
    assert ids[ids.index("engagement.taking-offline") + 1] == "local.c"  # end of Part 1
    assert ids[ids.index("barriers.browsers") + 1] == "local.d"
    assert [d.section_id for d in policy.register] == ["local.a", "local.b", "local.c", "local.d"]


def test_modify_and_omit(profile: Profile) -> None:
    adaptations = (
        Adaptation("posting.checks", "modify", "Our own checks.", None, APPROVAL),
        Adaptation("barriers.video", "omit", None, None, APPROVAL),
        Adaptation("barriers.mobile", "modify", None, "And tablets.", APPROVAL),
    )
    policy = merge(dataclasses.replace(profile, adaptations=adaptations),
                   load_guidance("2012-05"), None, PROVENANCE)
    by_id = {s.id: s for s in policy.sections}
    assert by_id["posting.checks"].blocks == (Paragraph((Text("Our own checks."),)),)
    assert by_id["barriers.mobile"].blocks[-1] == Paragraph((Text("And tablets."),))
    assert len(by_id["barriers.mobile"].blocks) == 2
    assert "barriers.video" not in body_ids(policy)
    assert by_id["barriers.video"].status == "omitted"
    assert [(d.section_id, d.status) for d in policy.register] == [
        ("posting.checks", "modified"), ("barriers.mobile", "modified"),
        ("barriers.video", "omitted")]


def test_profile_text_is_never_a_template(profile: Profile) -> None:
    rule = LocalRule("local.x", "X", None, "{{ department.name }} <b>bold</b>", None)
    policy = merge(dataclasses.replace(profile, local_rules=(rule,)), load_guidance("2012-05"),
                   None, PROVENANCE)
    section = next(s for s in policy.sections if s.id == "local.x")
    assert section.blocks == (Paragraph((Text("{{ department.name }} <b>bold</b>"),)),)
