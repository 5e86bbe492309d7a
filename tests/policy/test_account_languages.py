"""The public "social media use" page says which language each account posts in, and names
its twin in the other language (issue 27): the page as `build` writes it, opened and read."""

from __future__ import annotations

from pathlib import Path

from generator.language import Answered, pack_units, words
from generator.model import Link, Policy, Text
from generator.policy.editions import available_editions, load_guidance
from generator.policy.merging import Provenance, merge
from generator.policy.translating import ENGLISH, Language
from generator.profile.load import load_profile
from generator.profile.validation import validate
from generator.render import render_use_page
from tests.conftest import TODAY
from tests.outputs import html_tables
from tests.profile.test_channel_languages import CHANNELS, WALES
from tests.profile.test_load_validate import GOOD

PROVENANCE = Provenance("0" * 64, "test")
CAPTION = "Our official social media accounts"


def merged(tmp_path: Path, text: str, language: Language = ENGLISH) -> Policy:
    path = tmp_path / "p.yaml"
    path.write_text(text, "utf-8")
    profile, _ = validate(load_profile(path, "p.yaml"), available_editions(), TODAY, ("cy",))
    return merge(profile, load_guidance(profile.base), None, PROVENANCE, language=language)


def accounts(tmp_path: Path, policy: Policy, caption: str = CAPTION) -> list[list[str]]:
    """The accounts table of the page, as written to a file and read back."""
    page = tmp_path / "p-social-media-use.html"
    page.write_text(render_use_page(policy), "utf-8")
    return html_tables(page)[caption]


def test_the_accounts_table_says_each_language_and_twin(tmp_path: Path) -> None:
    rows = accounts(tmp_path, merged(tmp_path, WALES))
    assert rows[0] == ["Platform", "Account", "What it is for", "Language"]
    assert [row[-1] for row in rows[1:]] == [
        "English. Welsh twin: @LlywodraethCym", "Welsh. English twin: @WelshGovernment",
        "Welsh and English"]


def test_a_listed_twin_is_a_link_to_it_and_another_bodys_is_text(tmp_path: Path) -> None:
    policy = merged(tmp_path, WALES.replace('paired_with: "@WelshGovernment"',
                                            'paired_with: "@CyngorCymru"'))
    assert policy.use_page is not None
    table = next(b for b in policy.use_page.sections[0].blocks if hasattr(b, "rows"))
    english, welsh = (row[-1] for row in table.rows[:2])
    assert english == (Text("English. Welsh twin: "),
                       Link("@LlywodraethCym", "https://x.com/LlywodraethCym"))
    assert welsh == (Text("Welsh. English twin: "), Text("@CyngorCymru"))
    # @welshgovernment is also the body's Instagram: the twin is the one on X.
    policy = merged(tmp_path, WALES)
    assert policy.use_page is not None
    table = next(b for b in policy.use_page.sections[0].blocks if hasattr(b, "rows"))
    assert table.rows[1][-1][-1] == Link("@WelshGovernment", "https://x.com/WelshGovernment")
    html = render_use_page(policy)
    assert '<a href="https://x.com/LlywodraethCym"' in html  # the twin, one step away


def test_the_column_is_left_out_when_no_account_says_its_language(tmp_path: Path) -> None:
    text = GOOD + "".join(line + "\n" for line in CHANNELS.splitlines()
                          if "language:" not in line and "paired_with:" not in line)
    rows = accounts(tmp_path, merged(tmp_path, text))
    assert rows[0] == ["Platform", "Account", "What it is for"]


def test_an_account_that_does_not_say_has_an_empty_cell(tmp_path: Path) -> None:
    rows = accounts(tmp_path, merged(tmp_path, WALES.replace("    language: bilingual\n", "")))
    assert [row[-1] for row in rows[1:]] == [
        "English. Welsh twin: @LlywodraethCym", "Welsh. English twin: @WelshGovernment", ""]


def test_the_language_cells_are_the_layouts_words_in_the_pages_language(
        tmp_path: Path) -> None:
    """The table's headings and its language cells are the layout's words, from the Welsh
    catalogue in the Welsh pack (no translator words them); the twin's handle and link stay."""
    path = tmp_path / "p.yaml"
    path.write_text(WALES, "utf-8")
    profile, _ = validate(load_profile(path, "p.yaml"), available_editions(), TODAY, ("cy",))
    guidance = load_guidance(profile.base)
    found = {u.id: u for u in pack_units(profile, guidance)}
    assert not any("twin" in "".join(i.text for i in u.source) for u in found.values())
    assert not any(u.id.startswith("use.accounts/2/head") for u in found.values())
    # A pseudo-translation: every unit its source with a marker.
    targets = {u.id: (Text("[ŵŷ] "), *u.source) for u in found.values()}
    policy = merge(profile, guidance, None, PROVENANCE,
                   language=Language(words("cy"), Answered(targets)))
    rows = accounts(tmp_path, policy, words("cy")(CAPTION))
    assert rows[0][-1] == "Iaith"
    assert [row[-1] for row in rows[1:]] == [
        "Saesneg. Y cyfrif Cymraeg cyfatebol: @LlywodraethCym",
        "Cymraeg. Y cyfrif Saesneg cyfatebol: @WelshGovernment", "Cymraeg a Saesneg"]
