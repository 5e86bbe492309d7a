"""Adopt, modify, omit, add: each action's effect in all three formats, and the register."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import replace

import pikepdf
import pytest

from generator.batch import build_all
from generator.build import Built
from generator.policy.editions import available_editions, load_guidance
from generator.policy.merging import STATUS_WORDS, long_date
from generator.policy.terms import fill_each_code
from generator.policy.typography import typographic
from tests.conftest import PROFILES, SAMPLES, Pack
from tests.outputs import (
    docx_custom_properties,
    docx_headings,
    docx_tables,
    html_info,
    html_tables,
    html_text,
    pdf_outline,
    pdf_text,
)
from tests.profile.hostile_cases import GOOD, SVG

REGISTER = "Departures from the base guidance"
P6_OLD = ("Principle 6: Expect civil servants to adhere to the Civil Service Code, online as "
          "well as offline")
P6_NEW = ("Principle 6: Expect civil servants to adhere to the NICS Code of Ethics, online as "
          "well as offline")


def manifest(pack: Pack) -> dict[str, object]:
    return json.loads(pack.manifest.read_text("utf-8"))


def test_samples_cover_every_edition(packs: dict[str, Pack]) -> None:
    assert {p.profile.base for p in packs.values()} == set(available_editions())


def test_the_edition_named_by_base_is_the_one_used(pack: Pack) -> None:
    base = pack.profile.base
    guidance = load_guidance(base)
    data = manifest(pack)
    assert data["base"] == {"edition": base, "title": guidance.title,
                            "published": guidance.published.isoformat(),
                            "sha256": guidance.sha256}
    base_ids = [s["id"] for s in data["sections"] if s["status"] != "added"]
    assert base_ids == [s.id for s in guidance.sections()]
    with pikepdf.open(pack.pdf) as pdf:
        xmp = pdf.open_metadata()
        assert xmp["policypack:BaseEdition"] == base
        assert xmp["policypack:BaseEditionSHA256"] == guidance.sha256
        assert xmp["policypack:ProfileSHA256"] == data["profile"]["sha256"]
        assert xmp["policypack:GeneratorVersion"] == data["generator"]["version"]
    assert docx_custom_properties(pack.docx) == {
        "BaseEdition": base, "BaseEditionSHA256": guidance.sha256,
        "ProfileSHA256": data["profile"]["sha256"],
        "GeneratorVersion": data["generator"]["version"]}
    month = f"{guidance.published:%B %Y}"
    text = pack.html.read_text("utf-8")
    assert f"Cabinet Office guidance “{guidance.title}" in text and month in text
    assert f"edition {base}" not in text  # a reader knows an edition by its month


@pytest.fixture(scope="module", params=sorted(available_editions()))
def plain(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Built:
    """A profile with no adaptations and no local rules, on each edition."""
    folder = tmp_path_factory.mktemp(f"plain-{request.param}")
    (folder / "p.yaml").write_text(GOOD.replace('base: "2012-05"', f'base: "{request.param}"'),
                                   "utf-8")
    (folder / "logo.svg").write_bytes(SVG)
    [result] = build_all([folder / "p.yaml"], folder / "out")
    assert isinstance(result, Built), getattr(result, "error", "")
    return result


def test_no_adaptations_reproduces_the_base_section_for_section(plain: Built) -> None:
    data = json.loads((plain.folder / "manifest.json").read_text("utf-8"))
    guidance = load_guidance(data["base"]["edition"])
    # the base's sections, then the structured topics' (house rules and records by default)
    titles = [fill_each_code(s.title)["Civil Service Code"] for s in guidance.sections()] + [
        t["title"] for t in data["topics"]]
    assert [t["id"] for t in data["topics"]] == ["topics.house-rules", "topics.records"]
    html = next(plain.folder.glob("*-policy.html"))
    assert [t for level, t in html_info(html).headings if level == 3] == titles
    assert [t for level, t in docx_headings(next(plain.folder.glob("*.docx"))) if level == 3] \
        == titles
    assert [s["status"] for s in data["sections"]] == ["adopted"] * len(guidance.sections())
    text = html.read_text("utf-8")
    for section in guidance.sections():
        assert section.id not in html_text(html)  # no internal IDs in the reader's text
    # An adopted section says where its words come from, and is no departure to point to.
    notes = re.findall(r'<p class="marker">(.*?)</p>', text, re.S)
    # and the defaults for house rules and records: model text
    assert len(notes) == len(guidance.sections()) + 2
    assert not [n for n in notes if "register" in n]
    assert "Based on the Civil Service Code." in notes
    model = [s for s in guidance.sections() if s.source == "model"]
    assert model and sum(n.startswith("Model text that ") and n.endswith(
        " includes: it is not in the Cabinet Office guidance.") for n in notes) == len(model) + 2
    assert html_tables(html).get(REGISTER) is None
    words = html_text(html)
    assert "This policy changes no section of its base, and adds none to it." in words
    # The annex names each base section that is not this edition's Cabinet Office text.
    for section in model:
        assert f"“{section.title}”: model text" in words
    assert "“The Civil Service Code online and offline”: Civil Service Code" in words


@pytest.fixture
def ni(packs: dict[str, Pack]) -> Pack:
    return packs["nics-finance"]


def headings_everywhere(pack: Pack) -> list[list[str]]:
    with pikepdf.open(pack.pdf) as pdf:
        outline = [t for _, t in pdf_outline(pdf)]
    return [[t for _, t in html_info(pack.html).headings],
            [t for _, t in docx_headings(pack.docx)], outline]


def texts_everywhere(pack: Pack) -> list[str]:
    from docx import Document

    document = Document(str(pack.docx))
    docx = " ".join(p.text for p in document.paragraphs)
    return [html_text(pack.html), " ".join(docx.split()), pdf_text(pack.pdf)]


def test_modify_replaces_the_text_in_every_format(ni: Pack) -> None:
    for text in texts_everywhere(ni):
        assert "Appeals go to the Civil Service Commissioners for Northern Ireland." in text
        assert "You must follow the NICS Code of Ethics online as well as offline" in text
        assert "in the end to the Civil Service Commission." not in text
        assert ("DoF\u2019s own text, in place of the section based on the NICS Code of "
                "Ethics. See the register of departures.") in text
        assert ("DoF\u2019s own text, in place of the section based on the Cabinet Office guidance "
                f"(May 2012). The base heading is “{P6_OLD}”. See the register of "
                "departures.") in text


def test_omit_leaves_the_section_out_of_every_format(ni: Pack) -> None:
    title = "Programmes shared across government"
    for headings in headings_everywhere(ni):
        assert title not in headings
        assert "Give staff a modern browser" in headings
    for text in texts_everywhere(ni):
        assert "G-Cloud" not in text


def test_added_sections_sit_where_after_says_in_every_format(ni: Pack) -> None:
    for headings in headings_everywhere(ni):
        at = headings.index("Using social media in your own time")
        assert headings[at + 1] == "Our name and logo on personal accounts"
    for text in texts_everywhere(ni):
        assert ("DoF\u2019s own section: it is not in the Cabinet Office guidance. See the "
                "register of departures.") in text


@pytest.mark.parametrize("name", SAMPLES)
def test_the_register_equals_the_adaptations_and_local_rules(packs: dict[str, Pack],
                                                            name: str) -> None:
    pack = packs[name]
    profile = pack.profile
    titles = {s["id"]: s["title"] for s in manifest(pack)["sections"]}
    status = {"adopt": "adopted", "modify": "modified", "omit": "omitted"}
    expected = [
        (a.section_id, status[a.action], a.approval)
        for a in profile.adaptations if a.action != "adopt" or a.title
    ] + [(r.id, "added", r.approval) for r in profile.local_rules]
    deviations = [s for s in manifest(pack)["sections"]
                  if s["status"] != "adopted" or "base_title" in s]
    assert sorted((d["id"], d["status"]) for d in deviations) == \
        sorted((i, s) for i, s, _ in expected)
    for section_id, status, approval in expected:
        entry = next(d for d in deviations if d["id"] == section_id)
        assert entry["status"] == status
        # As the pack prints it (curly quotes), as every other text of the manifest is.
        assert entry["reason"] == (typographic(approval.reason) if approval else None)
        assert entry["approved_by"] == (approval.approved_by if approval else None)
        assert entry["date"] == (approval.date.isoformat() if approval and approval.date
                                 else None)
    def section(d: dict) -> str:
        was = f" (was “{d['base_title']}”)" if "base_title" in d else ""
        return titles[d["id"]] + was

    def change(d: dict) -> str:
        if "base_title" not in d:
            return STATUS_WORDS[d["status"]]
        return "Retitled" if d["status"] == "adopted" else "Modified and retitled"

    rows = [[section(d), change(d), d["reason"] or "", d["approved_by"] or "",
             long_date(dt.date.fromisoformat(d["date"])) if d["date"] else ""]
            for d in deviations]
    assert html_tables(pack.html).get(REGISTER, [[]])[1:] == rows
    assert docx_tables(pack.docx).get(REGISTER, [[]])[1:] == rows
    # Table cells wrap and interleave in extracted PDF text: check each row's words.
    pdf_words = set(pdf_text(pack.pdf).split())
    for row in rows:
        assert set(" ".join(row).split()) <= pdf_words, row


def test_ni_sample_adopts_most_and_uses_every_action(ni: Pack) -> None:
    statuses = [s["status"] for s in manifest(ni)["sections"]]
    assert statuses.count("adopted") > len(statuses) / 2
    assert statuses.count("modified") >= 1
    assert statuses.count("omitted") >= 1
    assert statuses.count("added") >= 1
    code = next(s for s in manifest(ni)["sections"] if s["id"] == "code.online-and-offline")
    assert code["status"] == "modified" and code["core"] is True
    assert "NICS Code of Ethics" in code["reason"]


def test_profile_file_hash_is_recorded(pack: Pack) -> None:
    source = PROFILES / f"{pack.folder.name}.yaml"
    assert manifest(pack)["profile"]["sha256"] == hashlib.sha256(source.read_bytes()).hexdigest()


def test_a_retitled_section_has_its_new_heading_everywhere(ni: Pack) -> None:
    new, old = P6_NEW, P6_OLD
    for headings in headings_everywhere(ni):
        assert new in headings and old not in headings
    code = next(s for s in manifest(ni)["sections"]
                if s["id"] == "principles.civil-service-code")
    assert code["title"] == new and code["base_title"] == old
    assert f"{new} (was “{old}”)" in [row[0] for row in html_tables(ni.html)[REGISTER]]
    for text in texts_everywhere(ni):
        assert f"The base heading is “{old}”." in text


def test_compare_reports_a_retitled_section(ni: Pack) -> None:
    from generator.policy import Provenance, merge
    from generator.review.comparison.sections import compare

    with_title = ni.profile
    without = replace(with_title, adaptations=tuple(
        replace(a, title=None) for a in with_title.adaptations))
    guidance = load_guidance(with_title.base)
    result = compare(merge(without, guidance, None, Provenance("", "t")),
                     merge(with_title, guidance, None, Provenance("", "t")), "A", "B")
    [changed] = [s for s in result.sections if s.status != "unchanged"]
    assert changed.id == "principles.civil-service-code"
    assert (changed.title_a, changed.title_b) == (P6_OLD, P6_NEW)


def test_an_ni_body_reads_its_own_code_in_the_headings_too(ni: Pack) -> None:
    """With no adaptations at all, an NI body's heading names its own code."""
    from generator.policy import Provenance, merge

    plain = replace(ni.profile, adaptations=(), local_rules=())
    for edition in ("2012-05", "2014-10"):
        policy = merge(replace(plain, base=edition), load_guidance(edition), None,
                       Provenance("", "t"))
        titles = [s.title for s in policy.sections]
        assert "The NICS Code of Ethics online and offline" in titles
        assert "The Civil Service Code online and offline" not in titles


def test_compare_gives_the_reason_for_a_retitle_alone(ni: Pack) -> None:
    from generator.model import Adaptation, Approval
    from generator.policy import Provenance, merge
    from generator.review.comparison.sections import compare

    approval = Approval("Our readers know it by this name", "Head of Communications",
                        dt.date(2026, 5, 12))
    retitled = replace(ni.profile, local_rules=(), adaptations=(
        Adaptation("intro.about", "adopt", None, None, approval, "About our guidance"),))
    plain = replace(retitled, adaptations=())
    guidance = load_guidance(ni.profile.base)
    result = compare(merge(plain, guidance, None, Provenance("", "t")),
                     merge(retitled, guidance, None, Provenance("", "t")), "A", "B")
    [changed] = [s for s in result.sections if s.status != "unchanged"]
    assert (changed.id, changed.title_b, changed.reason_b) == (
        "intro.about", "About our guidance", "Our readers know it by this name")
