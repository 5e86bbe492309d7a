"""Loading and validating profiles: every mistake gets `file:line:col: key: message`."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from generator.errors import ProfileError
from generator.policy.editions import available_editions
from generator.profile.load import load_profile
from generator.profile.validation import validate
from tests.conftest import PROFILES, TODAY

GOOD = """\
schema_version: 1
base: "2012-05"
department:
  name: Department of Examples
  short_name: DoE
  slug: doe
  jurisdiction: UK
  language: en-GB
policy:
  owner: Digital team
  version: "1.0"
  effective: 2026-01-01
  review_by: 2027-01-01
contacts:
  - role: Digital lead
    email: digital@doe.example
"""


def check(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "p.yaml"
    path.write_text(textwrap.dedent(text), "utf-8")
    try:
        validate(load_profile(path, "p.yaml"), available_editions(), TODAY)
    except ProfileError as exc:
        return [str(p) for p in exc.problems]
    return []


def test_good_profile_has_no_problems(tmp_path: Path) -> None:
    assert check(tmp_path, GOOD) == []


@pytest.mark.parametrize(("change", "expected"), [
    (("  version: \"1.0\"", "  version: 1.0"),
     'p.yaml:11:12: policy.version: must be text, not a number (put quotes around it: "1.0")'),
    (("  slug: doe", "  slug: Doe Dept"),
     "p.yaml:6:9: department.slug: `Doe Dept` is not a valid folder name (lower-case letters, "
     "digits and single hyphens) (for example `home-office`)"),
    (("  owner: Digital team", "  ownr: Digital team"),
     "p.yaml:10:3: policy.ownr: unknown key `ownr` (did you mean `owner`?)"),
    (("  effective: 2026-01-01", "  effective: 1 January 2026"),
     "p.yaml:12:14: policy.effective: `1 January 2026` is not a date "
     "(write it as YYYY-MM-DD, e.g. 2013-04-01)"),
    (("  review_by: 2027-01-01", "  review_by: 2025-01-01"),
     "p.yaml:13:14: policy.review_by: 2025-01-01 is not after the effective date 2026-01-01 "
     "(a review date comes after the policy takes effect)"),
    (("  jurisdiction: UK", "  jurisdiction: Mars"),
     "p.yaml:7:17: department.jurisdiction: `Mars` is not one of the allowed values "
     "(one of: UK, GB, England, Scotland, Wales, NI)"),
    (("    email: digital@doe.example", "    email: not-an-address"),
     "p.yaml:16:12: contacts[0].email: `not-an-address` is not an email address "
     "(for example `digital@dof.example`)"),
    (("base: \"2012-05\"", "base: \"2099-01\""),
     "p.yaml:2:7: base: `2099-01` is not one of the allowed values (one of: 2012-05, "
     "2014-10)"),
])
def test_wrong_values_are_reported_where_they_are(tmp_path: Path, change: tuple[str, str],
                                                 expected: str) -> None:
    assert change[0] in GOOD
    assert check(tmp_path, GOOD.replace(change[0], change[1])) == [expected]


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    text = GOOD.replace("  slug: doe", "  slug: 42").replace("  owner: Digital team", "  owner:")
    assert check(tmp_path, text) == [
        'p.yaml:6:9: department.slug: must be text, not a number (put quotes around it: "42")',
        "p.yaml:10:3: policy.owner: is missing (add it: it cannot be left out)",
    ]


def test_yaml_syntax_error_has_a_place_and_a_hint(tmp_path: Path) -> None:
    problems = check(tmp_path, GOOD.replace("  short_name: DoE", "\tshort_name: DoE"))
    assert problems == ["p.yaml:5:1: has a tab, which YAML does not allow here "
                        "(indent with spaces, not tabs)"]


def test_python_tags_are_refused(tmp_path: Path) -> None:
    problems = check(tmp_path, GOOD.replace("  name: Department of Examples",
                                            "  name: !!python/object/apply:os.system [ls]"))
    assert problems == ["p.yaml:4:9: department.name: uses the YAML tag "
                        "!!python/object/apply:os.system, which is not allowed (remove the tag: "
                        "profiles hold plain text, numbers, lists and maps)"]


def test_duplicate_keys_are_refused(tmp_path: Path) -> None:
    problems = check(tmp_path, GOOD + "base: \"2012-05\"\n")
    assert problems == ["p.yaml:17:1: base: is given twice (keep one of them: delete this line)"]


def test_a_list_where_a_map_belongs(tmp_path: Path) -> None:
    problems = check(tmp_path, "- just\n- a list\n")
    assert problems == ["p.yaml:1:1: must be a set of keys (schema_version, base, department, "
                        "...), not a list (run `policy-pack new` for a starter profile)"]


def test_adaptation_rules(tmp_path: Path) -> None:
    text = GOOD + textwrap.dedent("""\
        adaptations:
          code.online-and-offline:
            action: omit
            reason: Not needed
            approved_by: Someone
            date: 2026-01-01
          posting.check:
            action: omit
          accounts.official:
            action: modify
            append: Extra text.
        """)
    assert check(tmp_path, text) == [
        "p.yaml:19:13: adaptations.code.online-and-offline.action: `code.online-and-offline` is "
        "a core section and cannot be omitted (use `action: modify` to localise it instead)",
        "p.yaml:23:3: adaptations.posting.check: `posting.check` is not a section of edition "
        "2012-05 (did you mean `posting.checks`?)",
        "p.yaml:24:5: adaptations.posting.check: needs `reason`, `approved_by` and `date` "
        "(every departure from the base needs a reason, who approved it and when)",
        "p.yaml:26:5: adaptations.accounts.official: needs `reason`, `approved_by` and `date` "
        "(every departure from the base needs a reason, who approved it and when)",
    ]


@pytest.mark.parametrize("name", sorted(p.name for p in PROFILES.glob("*.yaml")))
def test_sample_profiles_are_clean(name: str) -> None:
    """No warning, but that a sample kept on the older edition (to show `impact`) is told
    a newer one is available."""
    editions = available_editions()
    profile, warnings = validate(load_profile(PROFILES / name), editions, TODAY)
    assert [w.key for w in warnings] == ([] if profile.base == max(editions) else ["base"])


def test_a_past_review_date_is_a_warning_not_an_error(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(GOOD.replace("review_by: 2027-01-01", "review_by: 2026-06-01"), "utf-8")
    profile, warnings = validate(load_profile(path, "p.yaml"), available_editions(), TODAY)
    assert profile.policy.review_by.isoformat() == "2026-06-01"
    assert [str(w) for w in warnings if w.key == "policy.review_by"] == [
        "p.yaml:13:14: policy.review_by: warning: the review date 2026-06-01 has passed "
        "(review the policy and set a new date)"]


def test_duplicates_are_refused(tmp_path: Path) -> None:
    text = GOOD + textwrap.dedent("""\
          - role: digital lead
            email: other@doe.example
        channels:
          - {platform: X, account: "@a", url: "https://x.com/a", purpose: News}
          - {platform: X, account: "@a", url: "https://x.com/b", purpose: News}
          - {platform: Threads, account: "@a", url: "https://threads.net/a", purpose: News}
        local_rules:
          - {id: local.one, title: One, text: Text., reason: R, approved_by: A, date: 2026-01-01}
          - {id: local.one, title: Two, text: Text., reason: R, approved_by: A, date: 2026-01-01}
          - {id: posting.checks, title: Three, text: Text., reason: R, approved_by: A,
             date: 2026-01-01}
        """)
    assert check(tmp_path, text) == [
        "p.yaml:17:11: contacts[1].role: `digital lead` is listed twice (each entry must be "
        "different)",
        "p.yaml:21:28: channels[1].account: `@a` on X is listed twice (each entry must be "
        "different)",
        "p.yaml:25:10: local_rules[1].id: `local.one` is already used by another local rule "
        "(local rule IDs usually start with `local.`)",
        "p.yaml:26:10: local_rules[2].id: `posting.checks` is already used by the base "
        "guidance (local rule IDs usually start with `local.`)",
    ]


def test_a_core_section_replacement_must_keep_its_substance(tmp_path: Path) -> None:
    text = GOOD + textwrap.dedent("""\
        adaptations:
          code.online-and-offline:
            action: modify
            replace: Be nice online. Integrity matters.
            reason: Shorter
            approved_by: Someone
            date: 2026-01-01
        """)
    [problem] = check(tmp_path, text)
    assert problem.startswith(
        "p.yaml:20:14: adaptations.code.online-and-offline.replace: `code.online-and-offline` "
        "is a core section: a replacement must still say that ")
    said = problem.split(" (make ")[0]  # the points it drops, named; the hint follows
    assert all(value in said for value in ("honesty", "objectivity", "impartiality"))
    assert "integrity" not in said  # the replacement does make that point


def test_modify_needs_its_approval_even_when_appending(tmp_path: Path) -> None:
    text = GOOD + "adaptations:\n  posting.checks:\n    action: modify\n    append: More.\n" \
        "    reason: Because\n"
    assert check(tmp_path, text) == [
        "p.yaml:19:5: adaptations.posting.checks: needs `approved_by` and `date` (every "
        "departure from the base needs a reason, who approved it and when)"]


HISTORY = """\
  classification: {marking}
  history:
    - {{version: "1.0", date: 2025-06-01, changes: First version}}
    - {{version: "{second}", date: {when}, changes: Adds our rules, approved_by: Head of Digital}}
"""


def with_history(marking: str = "OFFICIAL", second: str = "1.1",
                 when: str = "2025-12-01") -> str:
    extra = HISTORY.format(marking=marking, second=second, when=when)
    return GOOD.replace("  review_by: 2027-01-01\n", f"  review_by: 2027-01-01\n{extra}")


def test_marking_and_history_are_read_newest_first(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(with_history(second="1.0.1").replace('version: "1.0"\n  eff',
                                                          'version: "1.0.1"\n  eff'), "utf-8")
    profile, warnings = validate(load_profile(path, "p.yaml"), available_editions(), TODAY)
    assert [w for w in warnings if w.key.startswith("policy")] == []
    assert profile.policy.classification == "OFFICIAL"
    assert [v.version for v in profile.policy.history] == ["1.0.1", "1.0"]
    assert profile.policy.history[0].approved_by == "Head of Digital"


@pytest.mark.parametrize(("change", "expected"), [
    ({"marking": "SECRET"}, "p.yaml:14:19: policy.classification: `SECRET` is not one of the "
     "allowed values (one of: OFFICIAL, OFFICIAL-SENSITIVE)"),
    ({"second": "1.0"}, 'p.yaml:17:17: policy.history[1].version: `1.0` is listed twice '
     "(each entry must be different)"),
    ({"when": "2026-02-01"}, "p.yaml:17:30: policy.history[1].date: 2026-02-01 is after the "
     "date this version takes effect (2026-01-01) (a version's history ends with it)"),
])
def test_marking_and_history_mistakes(tmp_path: Path, change: dict[str, str],
                                      expected: str) -> None:
    assert check(tmp_path, with_history(**change)) == [expected]


def test_a_history_without_the_current_version_is_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(with_history(), "utf-8")  # versions 1.0 and 1.1; the policy says 1.0
    path.write_text(path.read_text("utf-8").replace('version: "1.0"\n  eff',
                                                    'version: "2.0"\n  eff'), "utf-8")
    _, warnings = validate(load_profile(path, "p.yaml"), available_editions(), TODAY)
    assert [str(w) for w in warnings if w.key.startswith("policy")] == [
        'p.yaml:16:5: policy.history: warning: has no entry for version 2.0, the current one '
        '(add `- {version: "2.0", date: ..., changes: ...}`)']


def test_retitling_rules(tmp_path: Path) -> None:
    text = GOOD + textwrap.dedent("""\
        adaptations:
          intro.about:
            title: About our guidance
          posting.checks:
            action: omit
            title: Our checks
            reason: Not needed
            approved_by: Someone
            date: 2026-01-01
          barriers.browsers:
            title: Give staff a modern browser
            reason: Same words
            approved_by: Someone
            date: 2026-01-01
        """)
    assert check(tmp_path, text) == [
        "p.yaml:19:5: adaptations.intro.about: needs `reason`, `approved_by` and `date` "
        "(every departure from the base needs a reason, who approved it and when)",
        "p.yaml:22:12: adaptations.posting.checks.title: an omitted section has no heading to "
        "change (delete `title`, or use `action: adopt` or `modify`)",
        "p.yaml:27:12: adaptations.barriers.browsers.title: is the base's own heading (delete "
        "`title` to keep it, or write the heading your department uses)",
    ]


NI_TEXTS = GOOD.replace("jurisdiction: UK", "jurisdiction: [NI, UK]") + """\
local_rules:
  - id: local.code
    title: Our Civil Service Code duties
    after: use.personal
    text: |
      Follow the Civil Service Code online.

      The NICS Code of Ethics takes the place of the Civil Service
      Code for us: it has the same four core values.
    reason: Our own duties
    approved_by: Head of Communications
    date: 2026-01-01
adaptations:
  use.personal:
    action: modify
    append: Ask HR about the civil service code.
    reason: HR
    approved_by: Head of Communications
    date: 2026-01-01
"""
NAMED = ("warning: names the Civil Service Code, but the staff of a Northern Ireland body "
         "follow the NICS Code of Ethics (write `the NICS Code of Ethics`; to say how the two "
         "relate, name both in one paragraph)")


def ni_warnings(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "p.yaml"
    path.write_text(text, "utf-8")
    _, warnings = validate(load_profile(path, "p.yaml"), available_editions(), TODAY)
    return [str(w) for w in warnings if "Civil Service Code" in w.message]


def test_an_ni_bodys_own_text_naming_the_civil_service_code_is_a_warning(
        tmp_path: Path) -> None:
    """At the words, in the title, the text and an adaptation; the paragraph naming both
    codes explains how they relate, and is left alone."""
    assert ni_warnings(tmp_path, NI_TEXTS) == [
        f"p.yaml:19:16: local_rules[0].title: {NAMED}",
        f"p.yaml:22:18: local_rules[0].text: {NAMED}",
        f"p.yaml:32:30: adaptations.use.personal.append: {NAMED}",
    ]


@pytest.mark.parametrize("jurisdiction", ["UK", "[UK, NI]", "GB"])
def test_outside_ni_the_civil_service_code_is_the_right_name(tmp_path: Path,
                                                            jurisdiction: str) -> None:
    assert ni_warnings(tmp_path, NI_TEXTS.replace("[NI, UK]", jurisdiction)) == []
