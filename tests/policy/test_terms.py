"""The body and its code of conduct in the base text's words: the profile's organisation
decides the noun, its primary jurisdiction the code (generator/policy/terms.py)."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from generator.model import Department, Jurisdiction, Organisation, Profile
from generator.policy import available_editions, load_guidance, merge
from generator.policy.merging import Provenance
from generator.policy.terms import CODES, code_name, code_terms, placeholder_values
from generator.profile.load import load_profile
from generator.profile.validation import validate
from tests.conftest import PROFILES, TODAY
from tests.policy.test_base_text import policy_text
from tests.policy.test_editions import SMALL, TEXTS, refusal

EDITIONS = sorted(available_editions())


def merged_text(jurisdictions: tuple[Jurisdiction, ...], organisation: Organisation,
                edition: str) -> list[str]:
    """The paragraphs and list items of a sample profile's pack, with no adaptations or
    local rules of its own: only the base text, filled for this body."""
    loaded, _ = validate(load_profile(PROFILES / "dwp.yaml"), available_editions(), TODAY)
    department = dataclasses.replace(loaded.department, jurisdiction=jurisdictions[0],
                                     jurisdictions=jurisdictions, organisation=organisation)
    profile: Profile = dataclasses.replace(loaded, department=department, adaptations=(),
                                           local_rules=())
    guidance = load_guidance(edition)
    policy = merge(profile, guidance, None, Provenance("0" * 64, "test"))
    # The base sections and the generated parts; not the profile's own topics (DWP's sample
    # links to the Civil Service Code and keeps "the department's password manager").
    return policy_text(dataclasses.replace(policy, parts=tuple(
        dataclasses.replace(p, sections=tuple(
            s for s in p.sections if s.origin.section_id is not None))
        for p in policy.parts)))


def paragraphs_naming(texts: list[str], pattern: str) -> list[str]:
    return [t for t in texts if re.search(pattern, t)]


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("jurisdictions", [("NI",), ("NI", "UK")])
def test_an_ni_body_names_its_own_code_and_explains_it_once(
        edition: str, jurisdictions: tuple[Jurisdiction, ...]) -> None:
    text = merged_text(jurisdictions, "ministerial department", edition)
    joined = "\n".join(text)
    # The Civil Service Code only where the text says how the two codes relate.
    for paragraph in paragraphs_naming(text, "Civil Service Code"):
        assert "NICS Code of Ethics" in paragraph, paragraph
    assert joined.count("Northern Ireland Civil Service (NICS)") == 1  # spelt out once
    assert "The NICS Code of Ethics" in joined
    assert "serve equally well Ministers of different political persuasions" in joined
    assert "governments of any party" not in joined
    assert "the Civil Service Commissioners for Northern Ireland" in joined
    assert "raise it where you work first" in joined
    assert not re.search(r"Civil Service Commission\b", joined)
    assert "Nominated Officer" not in joined  # the Home Civil Service's term
    assert "Home Civil Service" not in joined and "Parliament" not in joined
    assert "Constitutional Reform and Governance Act" not in joined
    assert "Civil Service (Northern Ireland) Order 1999" in joined
    assert "since March 2015" not in joined.casefold()  # not known of the NICS Code


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("jurisdictions", [("GB",), ("GB", "UK"), ("UK", "NI"), ("Wales",),
                                           ("Scotland",), ("England",)])
def test_a_body_outside_ni_names_the_civil_service_code(
        edition: str, jurisdictions: tuple[Jurisdiction, ...]) -> None:
    joined = "\n".join(merged_text(jurisdictions, "ministerial department", edition))
    assert "The Civil Service Code" in joined
    assert "NICS" not in joined and "Code of Ethics" not in joined
    assert "serve governments of any party equally well" in joined
    assert "you can take it to the Civil Service Commission." in joined
    assert "someone else in your management chain" in joined
    assert "go to a Nominated Officer, who advises staff on the Code" in joined
    assert "Part 1 of the Constitutional Reform and Governance Act 2010" in joined
    assert "“Ministerial authorisation for any contact with the media”" in joined
    assert "rigorous analysis of the evidence" in joined
    assert "Welsh Ministers" not in joined and "section 5(2)" not in joined


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("jurisdictions", [("Wales",), ("Wales", "UK")])
def test_the_welsh_government_names_its_own_version_of_the_code(
        edition: str, jurisdictions: tuple[Jurisdiction, ...]) -> None:
    text = merged_text(jurisdictions, "devolved administration", edition)
    joined = "\n".join(text)
    assert joined.count("serve the Welsh Ministers, who are accountable to the Senedd") == 1
    assert "a version of the Civil Service Code published for the Welsh Government" in joined
    assert "section 5(2) of the Constitutional Reform and Governance Act 2010" in joined
    assert "the Welsh Government\u2019s own staff code of conduct" in joined
    assert "serve equally well whoever forms the Welsh Government, whatever its politics" in (
        joined)
    assert "governments of any party" not in joined
    assert "you can take it to the Civil Service Commission." in joined
    # The UK Government's Code added its media line in March 2015; the Welsh Government's
    # version's words on the media are not known, so the policy does not quote them.
    assert "Ministerial authorisation" not in joined
    assert "NICS" not in joined and "Code of Ethics" not in joined


@pytest.mark.parametrize(("organisation", "jurisdictions", "code"), [
    ("devolved administration", ("Wales",), "Civil Service Code (Welsh Government)"),
    ("devolved administration", ("Wales", "UK"), "Civil Service Code (Welsh Government)"),
    ("devolved administration", ("NI",), "NICS Code of Ethics"),
    ("devolved administration", ("Scotland",), "Civil Service Code"),
    ("devolved administration", ("UK", "Wales"), "Civil Service Code"),
    # A UK body based in Wales serves UK Ministers; a Welsh arm's-length body names its own.
    ("executive agency", ("Wales",), "Civil Service Code"),
    ("arm's-length body", ("Wales",), "Civil Service Code"),
    ("ministerial department", ("NI", "UK"), "NICS Code of Ethics"),
])
def test_the_body_decides_the_code(organisation: Organisation,
                                   jurisdictions: tuple[Jurisdiction, ...], code: str) -> None:
    assert code_name(organisation, jurisdictions) == code
    department = Department("Body", "Body", "body", jurisdictions[0], "en-GB", None,
                            organisation, jurisdictions)
    assert code_terms(department) is CODES[code]


def test_every_code_fills_every_placeholder() -> None:
    keys = {tuple(sorted(code)) for code in CODES.values()}
    assert len(keys) == 1  # a placeholder one code lacks would fail only for its bodies


@pytest.mark.parametrize(("short_name", "the_name", "The_name"), [
    ("Welsh Government", "the Welsh Government", "The Welsh Government"),
    ("DWP", "DWP", "DWP"),
    ("DoF", "DoF", "DoF"),
    ("HM Treasury", "HM Treasury", "HM Treasury"),
])
def test_the_short_name_takes_the_where_running_text_needs_it(
        short_name: str, the_name: str, The_name: str) -> None:
    department = Department("Full name", short_name, "x", "GB", "en-GB", None)
    names = placeholder_values(department, "Owner")["department"]
    assert names == {"name": "Full name", "short_name": short_name, "the_name": the_name,
                     "The_name": The_name}


@pytest.mark.parametrize("edition", EDITIONS)
def test_running_text_names_the_welsh_government_with_the(edition: str) -> None:
    """The base text writes `{{ department.the_name }}` where a name sits in a sentence, so
    a body whose name takes "the" never reads "people who work for Welsh Government"."""
    loaded, _ = validate(load_profile(PROFILES / "welsh-government.yaml"), available_editions(),
                         TODAY)
    guidance = load_guidance(edition)
    policy = merge(dataclasses.replace(loaded, adaptations=(), local_rules=()), guidance, None,
                   Provenance("0" * 64, "test"))
    # The base sections only: the parts the tool writes around them are not base text.
    joined = "\n".join(policy_text(dataclasses.replace(policy, parts=tuple(
        dataclasses.replace(p, intro=(), sections=tuple(
            s for s in p.sections if s.origin.section_id is not None))
        for p in policy.parts))))
    assert "works for the Welsh Government" in joined or "work for the Welsh Government" in (
        joined)
    bare = re.findall(r"(?:for|on|to|of) Welsh Government\b", joined)
    assert bare == []


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize(("organisation", "noun"), [
    ("ministerial department", "department"),
    ("non-ministerial department", "department"),
    ("executive agency", "agency"),
    ("arm's-length body", "organisation"),
    ("devolved administration", "organisation"),
])
def test_the_organisation_decides_the_noun(edition: str, organisation: Organisation,
                                           noun: str) -> None:
    joined = "\n".join(merged_text(("GB",), organisation, edition))
    assert f"another account in the {noun}\u2019s name" in joined  # the generated channels part
    assert f"for the {noun} unless you are authorised" in joined  # media.contact
    others = {"department", "agency", "organisation"} - {noun}
    for other in others:
        # "department" stays only where the text means government departments in general
        # ("Many departments", "Department for Work and Pensions", "departmental policies").
        found = re.findall(rf"\b(?:the|your|our|own) {other}\b", joined)
        assert found == [], (other, found)


def test_a_gb_executive_agency_says_agency() -> None:
    joined = "\n".join(merged_text(("GB", "UK"), "executive agency", "2014-10"))
    assert "Read your own agency\u2019s social media policy" in joined
    assert "the department" not in joined


def test_an_edition_with_a_misspelt_placeholder_is_refused_where_it_is(tmp_path: Path) -> None:
    message = refusal(tmp_path, SMALL, {**TEXTS, "intro.about": "About {{ code.nmae }}."})
    assert message == ("E/edition.yaml:12:14: intro.about: has a placeholder that cannot be "
                       "filled: 'dict object' has no attribute 'nmae' (the placeholders are "
                       "listed in docs/editions.md)")


def test_a_core_text_must_make_its_points_whichever_code_fills_it(tmp_path: Path) -> None:
    edition = SMALL.replace("any: [disciplinary]", "any: [Civil Service Code]")
    texts = {**TEXTS, "use.personal": "{{ code.Name }} applies."}
    assert refusal(tmp_path, edition, texts) == (
        "E/edition.yaml:17:13: use.personal.keep[0]: the section's own text does not make the "
        "point that a breach can lead to disciplinary action when it names the NICS Code of "
        "Ethics (make the text say it, or change the point's phrases)")
