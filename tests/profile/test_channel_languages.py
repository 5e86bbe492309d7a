"""Channels say their language and name their twin; a profile names its translations
(issue 27). Every mistake is reported at its line and column, in plain words."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from generator.errors import ProfileError
from generator.model import TranslationRef
from generator.policy.editions import available_editions
from generator.profile.load import load_profile
from generator.profile.logo import MAX_TRANSLATION_BYTES, load_translation, translation_path
from generator.profile.validation import CHANNEL_LANGUAGES, WELSH_STANDARDS, validate
from tests.conftest import ROOT, TODAY
from tests.profile.test_load_validate import GOOD

# Two twins, as the Welsh Government runs them, and a third account to change. Lines 17-28.
CHANNELS = """\
channels:
  - platform: X (Twitter)
    account: "@WelshGovernment"
    url: https://x.com/WelshGovernment
    purpose: News
    language: en
    paired_with: "@LlywodraethCym"
  - platform: X (Twitter)
    account: "@LlywodraethCym"
    url: https://x.com/LlywodraethCym
    purpose: Newyddion
    language: cy
    paired_with: "@WelshGovernment"
  - platform: Instagram
    account: "@welshgovernment"
    url: https://www.instagram.com/welshgovernment
    purpose: Pictures
    language: bilingual
"""
WALES = GOOD.replace("jurisdiction: UK", "jurisdiction: Wales") + CHANNELS
CY = ("cy",)  # the catalogues a pack can be made in, as the project ships them


def problems(tmp_path: Path, text: str) -> tuple[list[str], list[str]]:
    """(errors, warnings) of a profile, as `check` prints them."""
    path = tmp_path / "p.yaml"
    path.write_text(text, "utf-8")
    try:
        _, warnings = validate(load_profile(path, "p.yaml"), available_editions(), TODAY, CY)
    except ProfileError as exc:
        return [str(p) for p in exc.problems], []
    return [], [str(w) for w in warnings if w.key != "base"]


def test_twins_and_a_bilingual_account_are_read(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(WALES, "utf-8")
    profile, warnings = validate(load_profile(path, "p.yaml"), available_editions(), TODAY, CY)
    assert [(c.language, c.paired_with) for c in profile.channels] == [
        ("en", "@LlywodraethCym"), ("cy", "@WelshGovernment"), ("bilingual", "")]
    assert [w.key for w in warnings] == ["base"]


@pytest.mark.parametrize(("change", "expected"), [
    (("    language: bilingual", "    language: Welsh"),
     "p.yaml:34:15: channels[2].language: `Welsh` is not en, cy or bilingual (write en for "
     "an account that posts in English, cy for Welsh, or bilingual for both)"),
    (("    language: bilingual", "    language: 1"),
     "p.yaml:34:15: channels[2].language: a number is not en, cy or bilingual (write en for "
     "an account that posts in English, cy for Welsh, or bilingual for both)"),
    (("    language: bilingual", '    language: bilingual\n    paired_with: "@x"'),
     "p.yaml:35:18: channels[2].paired_with: a bilingual account has no twin: it posts in "
     "both languages itself (delete `paired_with`, or write `language: en` or `language: "
     "cy` if it posts in one language)"),
    (('    paired_with: "@WelshGovernment"', '    paired_with: "@llywodraethcym"'),
     "p.yaml:29:18: channels[1].paired_with: `@llywodraethcym` is this account itself "
     "(name its twin: the account that posts the same in the other language)"),
    (("    language: cy\n", ""),
     "p.yaml:28:18: channels[1].paired_with: names a twin, but `language` does not say "
     "which language this account posts in (add `language: en` or `language: cy`)"),
    (('    paired_with: "@LlywodraethCym"', "    paired_with: https://x.com/LlywodraethCym"),
     "p.yaml:23:18: channels[0].paired_with: `https://x.com/LlywodraethCym` is an address; "
     "the twin is named by its handle (write its handle or name, e.g. `@LlywodraethCym`)"),
])
def test_a_channels_language_mistake_is_reported_where_it_is(
        tmp_path: Path, change: tuple[str, str], expected: str) -> None:
    assert change[0] in WALES
    errors, _ = problems(tmp_path, WALES.replace(*change, 1))
    assert errors == [expected]


def test_a_twin_another_body_runs_need_not_be_listed(tmp_path: Path) -> None:
    """`@LlywodraethCym` listed or not, the twin is fine: another body may run it."""
    text = WALES.replace('"@LlywodraethCym"', '"@CyngorCymru"', 1)
    assert problems(tmp_path, text) == ([], [])


def test_a_language_is_read_in_any_letter_case(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(WALES.replace("language: bilingual", "language: Bilingual"), "utf-8")
    profile, _ = validate(load_profile(path, "p.yaml"), available_editions(), TODAY, CY)
    assert profile.channels[2].language == "bilingual"


WARNING = (f"warning: `@WelshGovernment` posts in English only: {WELSH_STANDARDS} (make its "
           "`language` bilingual if it posts in both languages, or name its Welsh twin in "
           "`paired_with`)")


@pytest.mark.parametrize(("text", "expected"), [
    # A Welsh body's English account with no twin.
    (WALES.replace('    paired_with: "@LlywodraethCym"\n', ""),
     [f"p.yaml:22:15: channels[0].language: {WARNING}"]),
    # A UK body with a Welsh translation is a Welsh body for this too.
    (GOOD + CHANNELS.replace('    paired_with: "@LlywodraethCym"\n', "")
     + "translations: {cy: welsh-cy.xlf}\n",
     [f"p.yaml:22:15: channels[0].language: {WARNING}"]),
    # A UK body without one is not.
    (GOOD + CHANNELS.replace('    paired_with: "@LlywodraethCym"\n', ""), []),
    # A Welsh account without a twin treats Welsh no less favourably.
    (WALES.replace('    paired_with: "@WelshGovernment"\n', ""), []),
    # Wales among several jurisdictions.
    (WALES.replace("jurisdiction: Wales", "jurisdiction: [GB, Wales]")
     .replace('    paired_with: "@LlywodraethCym"\n', ""),
     [f"p.yaml:22:15: channels[0].language: {WARNING}"]),
])
def test_a_welsh_bodys_english_only_account_without_a_twin_is_a_warning(
        tmp_path: Path, text: str, expected: list[str]) -> None:
    errors, warnings = problems(tmp_path, text)
    assert errors == [] and warnings == expected


# --- translations -------------------------------------------------------------------------


def test_a_translation_is_read(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(GOOD + "translations:\n  CY: welsh/welsh-cy.XLIFF\n", "utf-8")
    profile, _ = validate(load_profile(path, "p.yaml"), available_editions(), TODAY, CY)
    assert profile.translations == (TranslationRef("cy", "welsh/welsh-cy.XLIFF"),)


@pytest.mark.parametrize(("line", "expected"), [
    ("translations:\n  fr: french.xlf",
     ["p.yaml:18:3: translations.fr: `fr` is not a language policy-pack can make a pack in "
      "(it makes packs in English and in cy (Welsh))"]),
    ("translations:\n  en: english.xlf",
     ["p.yaml:18:3: translations.en: is English, the language the pack is written in (name "
      "a translation into cy (Welsh))"]),
    ("translations:\n  cy: welsh.docx",
     ["p.yaml:18:7: translations.cy: `welsh.docx` is not an XLIFF file (name the .xlf or "
      ".xliff file your translator sent back)"]),
    ("translations:\n  cy: ../other/welsh.xlf",
     ["p.yaml:18:7: translations.cy: `../other/welsh.xlf` is outside the profile's folder "
      "(put the translation in the profile's folder and give a path such as welsh-cy.xlf)"]),
    ("translations:\n  cy: /srv/welsh.xlf",
     ["p.yaml:18:7: translations.cy: `/srv/welsh.xlf` is outside the profile's folder "
      "(put the translation in the profile's folder and give a path such as welsh-cy.xlf)"]),
    ("translations:\n  cy: C:\\\\welsh.xlf",
     ["p.yaml:18:7: translations.cy: `C:\\\\welsh.xlf` is outside the profile's folder "
      "(put the translation in the profile's folder and give a path such as welsh-cy.xlf)"]),
    ("translations:\n  cy:",
     ["p.yaml:18:3: translations.cy: is missing (add it: it cannot be left out)"]),
    ("translations:\n  cy: a.xlf\n  CY: b.xlf",
     ["p.yaml:19:3: translations.CY: names a second file for `cy` (keep one translation a "
      "language)"]),
    ("translations: welsh.xlf",
     ["p.yaml:17:15: translations: must be a set of languages and their files, not text "
      "(for example `translations: {cy: welsh-cy.xlf}`)"]),
])
def test_a_translation_mistake_is_reported_where_it_is(tmp_path: Path, line: str,
                                                       expected: list[str]) -> None:
    assert problems(tmp_path, GOOD + line + "\n") == (expected, [])


def test_with_no_catalogue_a_translation_says_packs_are_english_only(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    path.write_text(GOOD + "translations: {cy: welsh.xlf}\n", "utf-8")
    with pytest.raises(ProfileError) as refused:
        validate(load_profile(path, "p.yaml"), available_editions(), TODAY, ())
    assert [str(p) for p in refused.value.problems] == [
        "p.yaml:17:16: translations.cy: `cy` is not a language policy-pack can make a pack "
        "in (it makes packs in English only)"]


# --- the translation's file, read as `check` reads it -----------------------------------------


def read(folder: Path, name: str) -> bytes | str:
    """The file's bytes, or the problem `check` reports, with its place."""
    (folder / "p.yaml").write_text(GOOD + f"translations: {{cy: {json.dumps(name)}}}\n",
                                   "utf-8")
    doc = load_profile(folder / "p.yaml", "p.yaml")
    try:
        return load_translation(doc, TranslationRef("cy", name))
    except ProfileError as exc:
        return "\n".join(str(p) for p in exc.problems)


def test_the_translation_file_is_read_from_the_profiles_folder(tmp_path: Path) -> None:
    (tmp_path / "welsh").mkdir()
    (tmp_path / "welsh" / "cy.xlf").write_bytes(b"<xliff/>")
    assert read(tmp_path, "welsh/cy.xlf") == b"<xliff/>"
    assert read(tmp_path, "welsh\\cy.xlf") == b"<xliff/>"  # as Windows writes it
    doc = load_profile(tmp_path / "p.yaml", "p.yaml")
    assert translation_path(doc, TranslationRef("cy", "welsh/cy.xlf")) == \
        (tmp_path / "welsh" / "cy.xlf").resolve()


PLACE = "p.yaml:17:20: translations.cy: "


def test_a_missing_translation_file_is_named(tmp_path: Path) -> None:
    assert read(tmp_path, "cy.xlf") == (f"{PLACE}no file at cy.xlf (check the file name; it "
                                        "is relative to the profile's folder; or write it for "
                                        "the translator first: policy-pack translate PROFILE "
                                        "--lang CODE --out FILE.xlf)")


def test_a_translation_file_must_be_named_exactly(tmp_path: Path) -> None:
    (tmp_path / "Welsh-CY.xlf").write_bytes(b"<xliff/>")
    found = read(tmp_path, "welsh-cy.xlf")
    assert isinstance(found, str) and found.startswith(PLACE)
    # On a disk that tells letter cases apart, the file is not there; on one that does not,
    # it is found but named otherwise. Either way the exact name is asked for.
    assert ("no file at welsh-cy.xlf; there is Welsh-CY.xlf" in found
            or "is written `welsh-cy.xlf` but the file is `Welsh-CY.xlf`" in found)


def test_a_symlink_out_of_the_folder_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "cy.xlf").write_bytes(b"<xliff/>")
    folder = tmp_path / "profile"
    folder.mkdir()
    (folder / "cy.xlf").symlink_to(outside / "cy.xlf")
    assert read(folder, "cy.xlf") == (f"{PLACE}`cy.xlf` leads outside the profile's folder "
                                      "(copy the file into the folder instead of linking to it)")


def test_a_folder_named_as_the_translation_is_refused(tmp_path: Path) -> None:
    (tmp_path / "cy.xlf").mkdir()
    assert read(tmp_path, "cy.xlf") == (f"{PLACE}cy.xlf is a folder, not an XLIFF file "
                                        "(name an XLIFF file)")


def test_a_translation_file_over_5_mib_is_refused_unread(tmp_path: Path) -> None:
    with (tmp_path / "cy.xlf").open("wb") as file:
        file.truncate(MAX_TRANSLATION_BYTES + 1)  # sparse: nothing is written or read
    assert MAX_TRANSLATION_BYTES == 5 * 1024 * 1024
    assert read(tmp_path, "cy.xlf") == (
        f"{PLACE}is larger than 5 MiB, the most allowed (a pack's translation is far smaller: "
        "export it again from the translation tool as XLIFF 1.2)")


def test_a_translation_file_size_is_said_in_mib(tmp_path: Path) -> None:
    with (tmp_path / "cy.xlf").open("wb") as file:
        file.truncate(MAX_TRANSLATION_BYTES * 3 // 2)
    assert read(tmp_path, "cy.xlf") == (
        f"{PLACE}is 7.5 MiB; the most allowed is 5 MiB (a pack's translation is far smaller: "
        "export it again from the translation tool as XLIFF 1.2)")


def test_a_translation_file_of_5_mib_is_read(tmp_path: Path) -> None:
    with (tmp_path / "cy.xlf").open("wb") as file:
        file.truncate(MAX_TRANSLATION_BYTES)
    found = read(tmp_path, "cy.xlf")
    assert isinstance(found, bytes) and len(found) == MAX_TRANSLATION_BYTES


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_named_as_the_translation_is_refused_without_waiting(
        tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "cy.xlf")
    assert read(tmp_path, "cy.xlf") == (f"{PLACE}cy.xlf is a named pipe, not an XLIFF file "
                                        "(name an XLIFF file)")


# --- the schema ---------------------------------------------------------------------------


SCHEMA = json.loads((ROOT / "generator" / "profile" / "profile.schema.json").read_text("utf-8"))


def test_the_schema_knows_the_channel_languages_and_translations() -> None:
    channel = SCHEMA["properties"]["channels"]["items"]["properties"]
    assert tuple(channel["language"]["enum"]) == CHANNEL_LANGUAGES
    translations = SCHEMA["properties"]["translations"]
    assert translations["propertyNames"]["enum"] == list(CY)
