"""What the base text says: the published names, the real address, plain English, and no
sentence twice in any policy built on it (guidance-facts.md; docs/editions.md)."""

from __future__ import annotations

import dataclasses
import re
from collections import Counter

import pytest

from generator.model import Guidance, ItemList, Paragraph, Policy, Profile
from generator.policy import available_editions, load_guidance, merge
from generator.policy.merging import Provenance
from generator.profile.load import load_profile
from generator.profile.validation import validate
from tests.conftest import PROFILES, TODAY

EDITIONS = sorted(available_editions())
SAMPLES = sorted(p.name for p in PROFILES.glob("*.yaml"))
# guidance-facts.md, "Checked against published sources": the 2014 text's own address.
ADDRESS = ("https://www.gov.uk/government/publications/social-media-guidance-for-civil-servants/"
           "social-media-guidance-for-civil-servants")
# guidance-facts.md, "The six principles" (these names may be used as they are).
PRINCIPLES = {
    "principles.citizens-where-they-are":
        "Communicate with citizens in the places they already are",
    "principles.consult-and-engage": "Use social media to consult and engage",
    "principles.transparent-and-accountable":
        "Use social media to be more transparent and accountable",
    "principles.part-of-the-conversation":
        "Be part of the conversation, with all the benefits that brings",
    "principles.not-alone":
        "Understand that government cannot do everything alone, or in isolation",
    "principles.civil-service-code":
        "Expect civil servants to adhere to the Civil Service Code, online as well as offline",
}
# Five words, so that "If in doubt, do not post." counts; a shorter sentence ("Ask first.")
# may rightly repeat.
MIN_WORDS = 5


def sentences(text: str) -> list[str]:
    """Each sentence, its spaces, case and end mark made plain."""
    plain = " ".join(text.split())
    return [s.casefold().rstrip(".!?:;") for s in re.split(r"(?<=[.!?])\s+", plain) if s]


def policy_text(policy: Policy) -> list[str]:
    """Every paragraph and list item a reader sees, in order (tables are data: a value such
    as "Monday to Friday, 9am to 5pm" may rightly repeat down a column)."""
    texts: list[str] = []
    for part in policy.parts:
        blocks = [*part.intro, *(b for s in part.sections for b in s.blocks)]
        for block in blocks:
            runs = [block.inlines] if isinstance(block, Paragraph) else (
                list(block.items) if isinstance(block, ItemList) else [])
            texts.extend("".join(i.text for i in run) for run in runs)
    return texts


def fitted(profile: Profile, guidance: Guidance) -> Profile:
    """The profile as far as it fits another edition: adaptations of sections the edition
    lacks are dropped, and a rule placed after one goes to the end of Part 1."""
    ids = {s.id for s in guidance.sections()} | {r.id for r in profile.local_rules}
    return dataclasses.replace(
        profile,
        adaptations=tuple(a for a in profile.adaptations if a.section_id in ids),
        local_rules=tuple(dataclasses.replace(r, after=r.after if r.after in ids else None)
                          for r in profile.local_rules))


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("sample", SAMPLES)
def test_no_sentence_appears_twice_in_a_policy(sample: str, edition: str) -> None:
    profile, _ = validate(load_profile(PROFILES / sample), available_editions(), TODAY)
    guidance = load_guidance(edition)
    policy = merge(fitted(profile, guidance), guidance, None, Provenance("0" * 64, "test"))
    counts = Counter(s for text in policy_text(policy) for s in sentences(text)
                     if len(s.split()) >= MIN_WORDS)
    assert [s for s, n in counts.items() if n > 1] == []


def test_the_sentence_splitter() -> None:
    assert sentences("If in doubt, do not post.  Once\nposted, it is hard to remove!") == [
        "if in doubt, do not post", "once posted, it is hard to remove"]


# --- the facts ---------------------------------------------------------------------------------


def test_the_six_principles_have_their_published_names() -> None:
    titles = {s.id: s.title for s in load_guidance("2012-05").sections()}
    for number, (section_id, name) in enumerate(PRINCIPLES.items(), 1):
        assert titles[section_id] == f"Principle {number}: {name}"


def test_the_2014_benefits_are_not_presented_as_principles() -> None:
    # guidance-facts.md: do not present the introduction's benefits as principles of 2014.
    guidance = load_guidance("2014-10")
    assert not any("principle" in (s.title + s.body).casefold() for s in guidance.sections())


@pytest.mark.parametrize("edition", EDITIONS)
def test_each_edition_points_to_the_guidance_itself(edition: str) -> None:
    assert load_guidance(edition).url == ADDRESS


def test_the_2014_page_was_updated_and_the_2012_guidance_published() -> None:
    note_2014 = " ".join(load_guidance("2014-10").source_note.split())
    assert "updated the page on 20 October 2014" in note_2014
    assert "published" not in note_2014
    note_2012 = " ".join(load_guidance("2012-05").source_note.split())
    assert "The Cabinet Office published it on 17 May 2012." in note_2012


@pytest.mark.parametrize("edition", EDITIONS)
def test_source_notes_are_short_active_sentences(edition: str) -> None:
    note = load_guidance(edition).source_note
    assert all(len(s.split()) < 25 for s in sentences(note))
    # The passive forms the notes used to have ("was written by", "was published by").
    assert not re.search(r"\b(was|were|is|are) (written|published|restated)\b", note)


def words(guidance: Guidance) -> str:
    """The edition's reader-facing text in reading order: titles, audiences, bodies."""
    parts = [guidance.source_note]
    for part in guidance.parts:
        parts += [part.title, part.audience]
        parts += [f"{s.title}\n{s.body}" for s in part.sections]
    return "\n".join(parts)


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize(("acronym", "spelt_out"), [
    ("ICT", "information and communications technology (ICT)"),
    ("FOI", "Freedom of Information (FOI)"),
    ("NICS", "Northern Ireland Civil Service (NICS)"),
    ("G-Cloud", "G-Cloud, the government's framework for buying cloud computing services"),
])
def test_acronyms_are_spelt_out_at_their_first_use(edition: str, acronym: str,
                                                  spelt_out: str) -> None:
    text = " ".join(words(load_guidance(edition)).split())
    first = re.search(rf"(?<![\w-]){re.escape(acronym)}(?![\w-])", text)
    if first is None:
        return  # not used in this edition
    at = text.find(spelt_out)
    assert 0 <= at <= first.start() <= at + len(spelt_out), (acronym, text[:first.end()])


@pytest.mark.parametrize(("section_id", "absent", "present"), [
    # guidance-facts.md, "Meaning, where the base text overstated or narrowed it".
    ("barriers.video", ["block it by default", "do not block"], ["business value"]),
    ("barriers.trust", ["often works better"], ["may, in some cases"]),
    ("use.personal", ["blurs the line"], ["free to use social media in your own time",
                                           "personal capacity"]),
    ("principles.civil-service-code", ["in your work"], ["personal capacity"]),
    ("principles.citizens-where-they-are", ["do not push"], ["try not to"]),
    ("barriers.programmes", ["design programmes"],
     ["expects programmes that serve all of government to be designed centrally"]),
    ("principles.transparent-and-accountable", ["house rules"], ["does not mean"]),
])
def test_the_2012_text_says_what_the_source_says(section_id: str, absent: list[str],
                                                 present: list[str]) -> None:
    body = next(s.body for s in load_guidance("2012-05").sections() if s.id == section_id)
    plain = " ".join(body.split()).casefold()
    assert [a for a in absent if a in plain] == []
    assert [p for p in present if p.casefold() not in plain] == []
