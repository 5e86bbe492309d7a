"""The edition loader: every bundled edition loads; a broken one is refused at file:line:column.

An edition is data like a profile (docs/editions.md), so each refusal below is shown on a
small edition written to tmp_path, with the exact message a developer would see.
"""

from __future__ import annotations

import typing
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.errors import GuidanceError
from generator.model import Section
from generator.policy import SOURCE_LABELS, available_editions, load_guidance
from generator.resources import guidance_root

EDITIONS = sorted(p.name for p in guidance_root().iterdir() if (p / "edition.yaml").is_file())

SMALL = """\
edition: "2099-01"
title: Test edition
published: 2099-01-01
publisher: Nobody
url: https://www.gov.uk/example
source_note: A test.
parts:
  - id: part-1
    title: Part 1
    audience: everyone.
    sections:
      - {id: intro.about, title: About, core: false}
      - id: use.personal
        title: Personal use
        core: true
        keep:
          - says: a breach can lead to disciplinary action
            any: [disciplinary]
"""
TEXTS = {"intro.about": "About this.", "use.personal": "It can lead to disciplinary action."}


def write(root: Path, edition: str = SMALL, texts: dict[str, str] | None = None) -> Path:
    folder = root / "2099-01"
    (folder / "sections").mkdir(parents=True)
    (folder / "edition.yaml").write_text(edition, "utf-8")
    for section_id, text in (TEXTS if texts is None else texts).items():
        (folder / "sections" / f"{section_id}.md").write_text(text, "utf-8")
    return folder / "edition.yaml"


def refusal(root: Path, edition: str, texts: dict[str, str] | None = None) -> str:
    path = write(root, edition, texts)
    with pytest.raises(GuidanceError) as caught:
        load_guidance("2099-01", root)
    return str(caught.value).replace(str(path.parent), "E")


# --- every edition ---------------------------------------------------------------------------


@pytest.mark.parametrize("edition", EDITIONS)
def test_every_bundled_edition_loads_through_the_loader(edition: str) -> None:
    guidance = load_guidance(edition)
    assert guidance.edition == edition
    assert guidance.sections()
    assert all(s.body.strip() for s in guidance.sections())


def test_the_editions_are_the_ones_available() -> None:
    assert sorted(available_editions()) == EDITIONS == ["2012-05", "2014-10"]


def test_a_small_edition_loads(tmp_path: Path) -> None:
    write(tmp_path)
    guidance = load_guidance("2099-01", tmp_path)
    assert [(s.id, s.title, s.core, s.source) for s in guidance.sections()] == [
        ("intro.about", "About", False, "guidance"),
        ("use.personal", "Personal use", True, "guidance")]


# --- refusals --------------------------------------------------------------------------------


def edit(old: str, new: str) -> str:
    assert old in SMALL, old
    return SMALL.replace(old, new, 1)


CASES = [
    # The 2014-10 heading: an unquoted title in a flow mapping ends at its comma.
    (edit("title: About, core", "title: Communicate, consult and engage, core"),
     "E/edition.yaml:12:47: intro.about: unknown key `consult and engage` (a comma ended "
     "`title` early: put the value in quotes, as in title: \"Communicate, consult and "
     "engage\")"),
    (edit("source_note: A test.", "source_note: A test.\nnotes: more"),
     "E/edition.yaml:7:1: unknown key `notes` (an edition has `edition`, `title`, "
     "`published`, `publisher`, `url`, `source_note` and `parts`)"),
    (edit("publisher: Nobody\n", ""),
     "E/edition.yaml:1:1: has no `publisher` (an edition has `edition`, `title`, "
     "`published`, `publisher`, `url`, `source_note` and `parts`)"),
    (edit("    audience: everyone.\n", "    audience: everyone.\n    colour: blue\n"),
     "E/edition.yaml:11:5: parts[0]: unknown key `colour` (a part has `id`, `title`, "
     "`audience` and `sections`)"),
    (edit("        title: Personal use\n", "        title: Personal use\n        kept: []\n"),
     "E/edition.yaml:15:9: use.personal: unknown key `kept` (a section has `id`, `title`, "
     "`core`, `source`, `restates` and `keep`)"),
    (edit("        title: Personal use\n", ""),
     "E/edition.yaml:13:9: use.personal: has no `title` (a section has `id`, `title` and "
     "`core`)"),
    (edit("core: true", "core: yes"),
     "E/edition.yaml:15:15: use.personal.core: must be true or false (true for a section a "
     "department may localise but never omit)"),
    (edit("title: About,", "title: 2012,"),
     "E/edition.yaml:12:34: intro.about.title: must be text, not empty (put it in quotes if "
     "YAML reads it as a number, a date or true/false)"),
    (edit("published: 2099-01-01", "published: January 2099"),
     "E/edition.yaml:3:12: published: must be a date, YYYY-MM-DD (the date the edition was "
     "published or last updated)"),
    (edit("url: https://www.gov.uk/example", "url: www.gov.uk"),
     "E/edition.yaml:5:6: url: must be a web address starting with https:// (the address of "
     "the guidance's authoritative text)"),
    (edit('edition: "2099-01"', 'edition: "2099-02"'),
     "E/edition.yaml:1:10: edition: is `2099-02`, but the folder is `2099-01` (write the "
     "folder's name, in quotes)"),
    (edit("id: use.personal", "id: intro.about"),
     "E/edition.yaml:13:13: intro.about.id: `intro.about` is given twice: it is already the "
     "ID on line 12 (every part and section has its own ID)\n"
     "E/sections/use.personal.md:1:1: is the text of no section: edition.yaml has no "
     "section `use.personal` (list the section in edition.yaml, or delete the file)"),
    (edit("id: use.personal", "id: Use_Personal"),
     "E/edition.yaml:13:13: parts[0].sections[1].id: `Use_Personal` is not an ID "
     "(lower-case letters and digits, in words joined by dots or hyphens, such as "
     "use.personal)\n"
     "E/sections/use.personal.md:1:1: is the text of no section: edition.yaml has no "
     "section `use.personal` (list the section in edition.yaml, or delete the file)"),
    (edit("    sections:\n", "    sections:\n      - just a title\n"),
     "E/edition.yaml:12:9: parts[0].sections[0]: must be a section: a mapping with `id`, "
     "`title` and `core`"),
    (edit("parts:\n", "parts: []\nold_parts:\n"),
     "E/edition.yaml:7:8: parts: must be a list of parts, not empty\n"
     "E/edition.yaml:8:1: unknown key `old_parts` (an edition has `edition`, `title`, "
     "`published`, `publisher`, `url`, `source_note` and `parts`)"),
    (edit("core: false}", "core: false, source: cabinet-office}"),
     "E/edition.yaml:12:62: intro.about.source: must be one of `guidance`, `code` and "
     "`model` (where the section's content comes from; leave it out for the Cabinet Office "
     "guidance)"),
    (edit("publisher: Nobody", "publisher: Nobody\npublisher: Somebody"),
     "E/edition.yaml:5:1: gives `publisher` twice in one mapping (keep one of them)"),
    (edit("title: Test edition", "title: [Test edition"),
     "E/edition.yaml:2:8: opens a `[` that is never closed (end it with `]` on the same "
     "line, or put a value that starts with `[` in quotes)"),
    (edit("title: Test edition", "title: Test edition\n  publisher: Nobody"),
     "E/edition.yaml:3:12: is not valid YAML here: mapping values are not allowed here "
     "(check the quotes and the indentation of this line and the one before)"),
]


@pytest.mark.parametrize(("edition", "message"), CASES)
def test_a_malformed_edition_is_refused_where_the_fault_is(
        tmp_path: Path, edition: str, message: str) -> None:
    assert refusal(tmp_path, edition) == message


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    broken = edit("publisher: Nobody\n", "").replace("core: true", "core: 1")
    lines = refusal(tmp_path, broken + "colour: blue\n").splitlines()
    assert [line.split(": ")[0] for line in lines] == [
        "E/edition.yaml:1:1", "E/edition.yaml:14:15", "E/edition.yaml:18:1"]


def test_a_section_with_no_text_is_refused_at_its_id(tmp_path: Path) -> None:
    assert refusal(tmp_path, SMALL, {"intro.about": "About this."}) == (
        "E/edition.yaml:13:13: use.personal: has no text: E/sections/use.personal.md is "
        "missing or not UTF-8 (write the section's text in that file)")
    empty = tmp_path / "empty"
    assert refusal(empty, SMALL, {**TEXTS, "intro.about": " \n"}) == (
        "E/edition.yaml:12:14: intro.about: has no text: E/sections/intro.about.md is empty")


def test_a_missing_edition_says_so(tmp_path: Path) -> None:
    with pytest.raises(GuidanceError, match=r"edition.yaml:1:1: cannot be read: No such file"):
        load_guidance("2099-02", tmp_path)


# --- where a section's content comes from ------------------------------------------------------


def test_the_source_labels_cover_the_values_a_section_may_have() -> None:
    values = typing.get_args(typing.get_type_hints(Section)["source"])
    assert tuple(SOURCE_LABELS) == values
    assert Section("x", "X", False, "Text.").source == "guidance"


@pytest.mark.parametrize("edition", EDITIONS)
def test_the_section_from_the_code_of_conduct_says_so(edition: str) -> None:
    sources = {s.id: s.source for s in load_guidance(edition).sections()}
    assert [i for i, source in sources.items() if source == "code"] == [
        "code.online-and-offline"]
    assert set(sources.values()) <= {"guidance", "code", "model"}


MODEL_SECTIONS = ["conduct.colleagues", "devices.work-and-personal",
                  "data.personal-and-official", "media.contact"]


@pytest.mark.parametrize("edition", EDITIONS)
def test_the_model_sections_are_marked_as_model_text(edition: str) -> None:
    """Where the guidance says nothing on a topic most real policies cover, the section is
    model text: marked so in edition.yaml (every output prints a note under its heading from
    that), and never core."""
    sections = {s.id: s for s in load_guidance(edition).sections()}
    assert sorted(i for i, s in sections.items() if s.source == "model") == sorted(
        MODEL_SECTIONS)
    assert not any(sections[i].core for i in MODEL_SECTIONS)


@pytest.mark.parametrize("edition", EDITIONS)
def test_no_text_says_where_it_comes_from_itself_or_names_the_tool(edition: str) -> None:
    """The note under each heading says where the words come from: a section's own text no
    longer opens with a line that says so, and the tool's name never reaches a department's
    policy."""
    guidance = load_guidance(edition)
    for section in guidance.sections():
        assert not section.body.startswith("*Not in the Cabinet Office guidance"), section.id
    texts = [guidance.source_note, *(f"{s.title}\n{s.body}" for s in guidance.sections())]
    assert [t for t in texts if "policy-pack" in t.casefold()] == []


@pytest.mark.parametrize("edition", EDITIONS)
def test_a_section_that_restates_an_earlier_edition_has_its_text_and_points(
        edition: str) -> None:
    """A section that restates an earlier edition carries that edition's words and the
    points a replacement must keep, placeholders and all (2014's use.personal)."""
    for section in load_guidance(edition).sections():
        if section.restates is None:
            continue
        earlier = next(s for s in load_guidance(section.restates).sections()
                       if s.id == section.id)
        assert (section.body, section.keep) == (earlier.body, earlier.keep)


def test_a_section_may_name_its_source(tmp_path: Path) -> None:
    write(tmp_path, edit("        core: true\n", "        core: true\n"
                         "        source: code\n"))
    sources = [s.source for s in load_guidance("2099-01", tmp_path).sections()]
    assert sources == ["guidance", "code"]


# --- the loader's law: nothing but its own error -----------------------------------------------


def load_text(root: Path, text: str) -> None:
    folder = root / "2099-01"
    (folder / "sections").mkdir(parents=True, exist_ok=True)
    (folder / "edition.yaml").write_text(text, "utf-8")
    for section_id, body in TEXTS.items():
        (folder / "sections" / f"{section_id}.md").write_text(body, "utf-8")
    load_guidance.cache_clear()
    try:
        load_guidance("2099-01", root)
    except GuidanceError as exc:
        assert str(exc).strip()


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=300))
def test_any_text_loads_or_is_refused_with_a_guidance_error(tmp_path: Path, text: str) -> None:
    load_text(tmp_path, text)


@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.integers(0, len(SMALL) - 1), st.integers(0, 12),
       st.sampled_from(["", ",", ":", " ", "\n", "- ", "{", "[", "'", '"', "#", "&a ", "*a",
                        "<<: *a\n", "!!python/object:os.system ", "\t", "? ", "true", "1"]))
def test_a_damaged_edition_loads_or_is_refused_with_a_guidance_error(
        tmp_path: Path, at: int, cut: int, insert: str) -> None:
    load_text(tmp_path, SMALL[:at] + insert + SMALL[at + cut:])


def test_deep_nesting_is_refused(tmp_path: Path) -> None:
    assert refusal(tmp_path, "[" * 5000 + "]" * 5000) == (
        "E/edition.yaml:1:1: is nested too deeply to read")
