"""The points a replacement of a core section must still make: loaded, and checked."""

from __future__ import annotations

import functools
import re
import textwrap
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from ruamel.yaml import YAML

from generator.errors import GuidanceError, ProfileError
from generator.model import KeepPoint, Section
from generator.policy import available_editions, dropped_points, load_guidance, substance_problem
from generator.policy.terms import CODES, fill_each_code
from generator.profile.load import load_profile
from generator.profile.validation import validate
from tests.conftest import PROFILES, TODAY

EDITIONS = sorted(available_editions())
CORE = [(edition, section.id) for edition in EDITIONS
        for section in load_guidance(edition).sections() if section.core]


def section(edition: str, section_id: str) -> Section:
    return next(s for s in load_guidance(edition).sections() if s.id == section_id)


def says(points: list[KeepPoint]) -> list[str]:
    return [p.says for p in points]


def sample_replacement(profile: str, section_id: str) -> str:
    data = YAML(typ="safe", pure=True).load((PROFILES / profile).read_text("utf-8"))
    text = data["adaptations"][section_id]["replace"]
    assert isinstance(text, str)
    return text


# --- the editions' points ----------------------------------------------------------------------


def test_the_core_sections_are_the_ones_the_points_were_written_for() -> None:
    assert CORE == [
        ("2012-05", "principles.civil-service-code"), ("2012-05", "code.online-and-offline"),
        ("2012-05", "use.personal"), ("2014-10", "remember.five-things"),
        ("2014-10", "code.online-and-offline"), ("2014-10", "use.personal")]


def test_the_loader_reads_the_points_with_their_evidence() -> None:
    personal = section("2012-05", "use.personal")
    assert personal.keep[-1] == KeepPoint(
        "a breach can lead to disciplinary action, even from a personal account",
        (("disciplinary", "discipline", "misconduct", "dismissal"),))
    online = section("2012-05", "principles.civil-service-code").keep[1]
    assert online == KeepPoint("the same standards apply online as offline",
                               (("online", "social media"),
                                ("offline", "everywhere else", "same standards")))
    assert says(list(section("2014-10", "code.online-and-offline").keep))[-1] == (
        "the Code applies whether you act officially or personally")


@pytest.mark.parametrize(("edition", "section_id"), CORE)
def test_every_core_section_has_points(edition: str, section_id: str) -> None:
    points = section(edition, section_id).keep
    assert points
    assert all(p.says and p.evidence and all(p.evidence) for p in points)


@pytest.mark.parametrize("edition", EDITIONS)
def test_a_section_that_is_not_core_has_no_points(edition: str) -> None:
    assert all(not s.keep for s in load_guidance(edition).sections() if not s.core)


@pytest.mark.parametrize(("edition", "section_id"), CORE)
def test_the_base_text_makes_all_its_own_points(edition: str, section_id: str) -> None:
    base = section(edition, section_id)
    for text in fill_each_code(base.body).values():  # whichever code of conduct it names
        assert dropped_points(base, text) == []


@pytest.mark.parametrize("code", sorted(CODES))
@pytest.mark.parametrize("edition", ["2012-05", "2014-10"])
def test_the_four_values_are_four_points(edition: str, code: str) -> None:
    text = fill_each_code(section(edition, "code.online-and-offline").body)[code]
    for value in ("Integrity", "Honesty", "Objectivity", "Impartiality"):
        without = text.replace(f"**{value}**", "")
        assert [p.says.split()[0] for p in dropped_points(
            section(edition, "code.online-and-offline"), without)] == [value.lower()]


@functools.cache
def filled_core_texts() -> list[tuple[Section, str]]:
    """Every core section with its text filled for each code, worked out once: filling is
    slow next to the check, and Hypothesis times each example."""
    return [(base, text) for edition, section_id in CORE
            for base in [section(edition, section_id)]
            for text in fill_each_code(base.body).values()]


@given(st.text(max_size=200))
def test_adding_to_the_base_text_never_drops_a_point(extra: str) -> None:
    for base, text in filled_core_texts():
        assert dropped_points(base, text + "\n\n" + extra) == []
        assert dropped_points(base, extra + "\n\n" + text) == []


# --- replacements ----------------------------------------------------------------------------


@pytest.mark.parametrize("section_id", ["principles.civil-service-code",
                                        "code.online-and-offline"])
def test_the_northern_ireland_sample_keeps_every_point(section_id: str) -> None:
    text = sample_replacement("nics-finance.yaml", section_id)
    assert dropped_points(section("2012-05", section_id), text) == []


def test_the_northern_ireland_sample_keeps_the_2014_points_too() -> None:
    """The Code does not change with the guidance's edition: moving to 2014 keeps them."""
    text = sample_replacement("nics-finance.yaml", "code.online-and-offline")
    dropped = says(dropped_points(section("2014-10", "code.online-and-offline"), text))
    assert dropped == []


# Each duty of the code section, the NICS sample's sentence that makes it, and the point a
# replacement without that sentence is refused for (issue 25: the sample once dropped them).
DUTIES = [
    ("and this\n  duty continues after you leave the NICS", "",
     "the duty not to share official information continues after you leave"),
    ("Set out the facts truthfully, and correct\n  mistakes quickly.",
     "Correct mistakes quickly.", "you must state facts truthfully"),
    (", and never use official\n  resources for party political purposes", "",
     "you must not use official resources for party political purposes"),
]


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize(("sentence", "instead", "point"), DUTIES)
def test_a_replacement_that_drops_a_duty_drops_its_point(
        edition: str, sentence: str, instead: str, point: str) -> None:
    text = sample_replacement("nics-finance.yaml", "code.online-and-offline")
    flat = " ".join(text.split())
    cut = " ".join(sentence.split())
    assert cut in flat
    without = flat.replace(cut, instead)
    assert says(dropped_points(section(edition, "code.online-and-offline"), without)) == [point]


@pytest.mark.parametrize(("sentence", "instead", "point"), DUTIES)
def test_the_check_refuses_a_sample_that_drops_a_duty_naming_the_point(
        tmp_path: Path, sentence: str, instead: str, point: str) -> None:
    source = (PROFILES / "nics-finance.yaml").read_text("utf-8")
    # The sample's block is indented by six spaces; the cut may run over a line break.
    pattern = r"\s+".join(re.escape(word) for word in sentence.split())
    changed, count = re.subn(pattern, instead, source)
    assert count == 1, sentence
    path = tmp_path / "nics-finance.yaml"
    path.write_text(changed, "utf-8")
    (tmp_path / "logos").symlink_to(PROFILES / "logos")
    with pytest.raises(ProfileError) as refused:
        validate(load_profile(path), available_editions(), TODAY)
    message = str(refused.value)
    assert "adaptations.code.online-and-offline.replace: `code.online-and-offline` is a core " \
           f"section: a replacement must still say that {point} (make the point" in message


GB_OWN_CODE = """\
Our Staff Code of Conduct sets the standards for everyone at the agency, online as well as
offline. It builds on the Civil Service Code and its four core values: *integrity*,
*honesty*, *objectivity* and *impartiality*.

On social media you must not misuse your position or official information, or disclose
official information without permission, even once you have left. State the facts
accurately, correct any mistake quickly, and never act for party political reasons or use
public money for a party.

A note saying "my views are my own" does not take you outside our Code of Conduct. If you
have a concern, talk to your line manager or a Nominated Officer.
"""

GB_PERSONAL = """\
What you post on your personal accounts is public, even with privacy settings. Do not
disclose official information there, or let political activity compromise your
impartiality. Our Code of Conduct applies there too, and a post can harm our reputation.
Breaking it is misconduct and can lead to dismissal.
"""


@pytest.mark.parametrize("edition", ["2012-05", "2014-10"])
def test_a_gb_department_may_name_its_own_code(edition: str) -> None:
    code = section(edition, "code.online-and-offline")
    own = GB_OWN_CODE.replace("Nominated Officer.", "Nominated Officer. This applies "
                              "whether you post officially or personally.")
    assert dropped_points(code, own) == []
    assert dropped_points(section(edition, "use.personal"), GB_PERSONAL) == []


@pytest.mark.parametrize("edition", EDITIONS)
def test_a_one_line_personal_use_replacement_drops_the_named_points(edition: str) -> None:
    dropped = dropped_points(section(edition, "use.personal"),
                             "Our Conduct policy covers personal accounts.")
    assert says(dropped) == [
        "social media is a public place, so posting is like speaking in public",
        "even in your own time, you must not share official information without authority",
        "even in your own time, you must not take part in political or public activity that "
        "compromises your impartiality",
        "the Civil Service Code (or the code that applies to you, such as the Northern "
        "Ireland Civil Service Code of Ethics) still applies there",
        "what you post can still reflect on your department",
        "a breach can lead to disciplinary action, even from a personal account"]


@pytest.mark.parametrize(("edition", "section_id"), CORE)
def test_a_one_line_replacement_fails_every_core_section(edition: str, section_id: str) -> None:
    assert dropped_points(section(edition, section_id), "We follow the rules.")


@pytest.mark.parametrize(("text", "dropped"), [
    ("Follow the CODE OF ETHICS online and OFFLINE; if unsure, ask.", []),
    ("Follow the Civil Service Code on social media.",
     ["the same standards apply online as offline",
      "if you are not sure whether something is allowed, you should ask before you post"]),
    ("Follow the **Civil\nService** Code online, as everywhere else. Not sure? Ask.", []),
    ("Follow the postcode rules online and offline. If in doubt, ask.",
     ["you must follow the Civil Service Code (or the code that applies to you, such as the "
      "Northern Ireland Civil Service Code of Ethics)"]),
])
def test_phrases_match_at_the_start_of_words_in_any_case(text: str, dropped: list[str]) -> None:
    assert says(dropped_points(section("2012-05", "principles.civil-service-code"), text)) == (
        dropped)


# --- the message and the hint ------------------------------------------------------------------


def test_the_problem_names_each_dropped_point_and_how_to_fix_it() -> None:
    personal = section("2012-05", "use.personal")
    dropped = [p for p in personal.keep if "disciplinary" in p.says or "Code" in p.says]
    assert substance_problem("use.personal", dropped) == (
        "`use.personal` is a core section: a replacement must still say that the Civil Service "
        "Code (or the code that applies to you, such as the Northern Ireland Civil Service Code "
        "of Ethics) still applies there and that a breach can lead to disciplinary action, even "
        "from a personal account",
        "make each point in your own words, with words such as `Civil Service Code` and "
        "`disciplinary`; or keep the base text and add yours with `append:` instead of "
        "`replace:`")


def test_the_problem_of_one_point_and_of_a_point_with_several_entries() -> None:
    online = section("2012-05", "principles.civil-service-code").keep[1]
    assert substance_problem("principles.civil-service-code", [online]) == (
        "`principles.civil-service-code` is a core section: a replacement must still say that "
        "the same standards apply online as offline",
        "make the point in your own words, with words such as `online` with `offline`; or keep "
        "the base text and add yours with `append:` instead of `replace:`")


def test_the_problem_needs_a_dropped_point() -> None:
    with pytest.raises(ValueError, match="at least one"):
        substance_problem("use.personal", [])


# --- a malformed edition -----------------------------------------------------------------------


EDITION = """\
edition: "2099-01"
title: Test edition
published: 2099-01-01
publisher: Nobody
url: https://www.gov.uk/
source_note: A test.
parts:
  - id: part-1
    title: Part 1
    audience: everyone.
    sections:
      - id: use.personal
        title: Personal use
        core: true
{keep}
"""
GOOD_KEEP = """\
        keep:
          - says: a breach can lead to disciplinary action
            any: [disciplinary]
"""


def write_edition(root: Path, keep: str, text: str = "It can lead to disciplinary action.",
                  name: str = "2099-01") -> None:
    folder = root / name
    (folder / "sections").mkdir(parents=True)
    (folder / "edition.yaml").write_text(EDITION.format(keep=keep.rstrip("\n")), "utf-8")
    (folder / "sections" / "use.personal.md").write_text(text, "utf-8")


def test_a_small_edition_loads_its_points(tmp_path: Path) -> None:
    write_edition(tmp_path, GOOD_KEEP)
    loaded = load_guidance("2099-01", tmp_path)
    assert loaded.sections()[0].keep == (
        KeepPoint("a breach can lead to disciplinary action", (("disciplinary",),)),)


def keep_block(points: str) -> str:
    return "        keep:\n" + textwrap.indent(textwrap.dedent(points), " " * 10)


def refusal(root: Path) -> str:
    """The loader's message, with the edition's path shortened to E."""
    with pytest.raises(GuidanceError) as caught:
        load_guidance("2099-01", root)
    return str(caught.value).replace(str(root / "2099-01" / "edition.yaml"), "E")


ONE_OF = ("needs exactly one of `any:` (phrases, one of which must appear) or `all:` "
          "(entries that must all appear)")
PHRASES = "must be a list of phrases (text, not empty)"


@pytest.mark.parametrize(("keep", "message"), [
    ("", "E:12:9: use.personal: a core section needs keep: a list of the points a replacement "
     "must still make"),
    ("        keep: [disciplinary]",
     "E:15:16: use.personal.keep[0]: must be a point: `says:` and one of `any:` or `all:`"),
    (keep_block("- says: a breach counts\n"), f"E:16:13: use.personal.keep[0]: {ONE_OF}"),
    (keep_block("- says: a breach counts\n  any: [x]\n  all: [x]\n"),
     f"E:16:13: use.personal.keep[0]: {ONE_OF}"),
    (keep_block("- any: [disciplinary]\n"),
     "E:16:13: use.personal.keep[0].says: must be text: the point in plain words"),
    (keep_block("- says: a breach counts\n  any: disciplinary\n"),
     f"E:17:18: use.personal.keep[0].any: {PHRASES}"),
    (keep_block("- says: a breach counts\n  any: [disciplinary, true]\n"),
     f"E:17:33: use.personal.keep[0].any: {PHRASES} (YAML reads `true` as something other "
     "than text: put it in quotes)"),
    (keep_block("- says: a breach counts\n  all: [disciplinary, []]\n"),
     f"E:17:33: use.personal.keep[0].all[1]: {PHRASES}"),
    (keep_block("- says: a breach counts\n  all: []\n"),
     "E:17:18: use.personal.keep[0].all: must be a list of phrases or lists of phrases"),
    (keep_block("- says: a breach counts\n  anyof: [disciplinary]\n"),
     f"E:16:13: use.personal.keep[0]: {ONE_OF}\n"
     "E:17:13: use.personal.keep[0]: unknown key `anyof` (a point has `says:` and one of "
     "`any:` or `all:`)"),
    (keep_block("- says: a breach counts\n  any: [dismissal]\n"),
     "E:16:13: use.personal.keep[0]: the section's own text does not make the point that a "
     "breach counts (make the text say it, or change the point's phrases)"),
])
def test_a_malformed_keep_is_a_guidance_error(tmp_path: Path, keep: str, message: str) -> None:
    write_edition(tmp_path, keep)
    assert refusal(tmp_path) == message


def test_points_on_a_section_that_is_not_core_are_refused(tmp_path: Path) -> None:
    write_edition(tmp_path, GOOD_KEEP)
    path = tmp_path / "2099-01" / "edition.yaml"
    path.write_text(path.read_text("utf-8").replace("core: true", "core: false"), "utf-8")
    assert refusal(tmp_path) == (
        "E:15:9: use.personal.keep: is only for a core section (core: true)")


def test_the_hint_gives_the_words_the_departments_own_base_text_uses() -> None:
    """A Northern Ireland body is told to name the Code of Ethics, not the Civil Service
    Code, which its next check would warn about."""
    [point] = [p for p in section("2012-05", "use.personal").keep
               if p.evidence[0][0] == "Civil Service Code"]  # the code still applies
    ni_text = "The NICS Code of Ethics still applies when you post in a personal capacity."
    _, hint = substance_problem("use.personal", [point], ni_text)
    assert "`Code of Ethics`" in hint and "Civil Service Code" not in hint
    _, plain = substance_problem("use.personal", [point])
    assert "`Civil Service Code`" in plain
