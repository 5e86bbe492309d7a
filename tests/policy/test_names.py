"""A body's or a team's name in running text: "the" where English needs it (issue 25)."""

from __future__ import annotations

import pytest

from generator.policy import The, named, the


@pytest.mark.parametrize(("name", "in_text"), [
    ("Digital Communications Unit", "the Digital Communications Unit"),  # a team
    ("Welsh Government", "the Welsh Government"),
    ("UK Space Agency", "the UK Space Agency"),  # an acronym first, a common noun after
    ("Head of Communications", "the Head of Communications"),
    ("DWP", "DWP"),  # an acronym
    ("NICS HR", "NICS HR"),
    ("HM Treasury", "HM Treasury"),  # the Crown's
    ("Ofsted", "Ofsted"),  # proper names
    ("Companies House", "Companies House"),
    ("Natural England", "Natural England"),
    ("Transport for London", "Transport for London"),
    ("The National Archives", "The National Archives"),  # its own article
])
def test_a_name_takes_the_where_english_needs_it(name: str, in_text: str) -> None:
    assert the(name) == in_text


def test_a_sentence_starts_with_a_capital_and_the_acronym_follows_the_full_name() -> None:
    assert The("Press Office") == "The Press Office"
    assert The("DWP") == "DWP"
    assert named("Department of Finance", "DoF") == "the Department of Finance (DoF)"
    assert named("Welsh Government", "Welsh Government") == "the Welsh Government"
