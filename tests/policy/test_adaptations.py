"""Adopt, modify, omit, add: each action's effect in all three formats, and the register."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import pikepdf
import pytest

from generator.batch import build_all
from generator.build import Built
from generator.policy.editions import available_editions, load_guidance
from generator.policy.merging import STATUS_WORDS, long_date
from tests.conftest import PROFILES, SAMPLES, Pack
from tests.outputs import (
    docx_custom_properties,
    docx_headings,
    docx_tables,
    html_info,
    html_tables,
    pdf_outline,
    pdf_text,
)
from tests.profile.hostile_cases import GOOD, SVG

REGISTER = "Departures from the base guidance"


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
    assert f"edition {base}" in pack.html.read_text("utf-8")


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
    titles = [s.title for s in guidance.sections()]
    html = next(plain.folder.glob("*.html"))
    assert [t for level, t in html_info(html).headings if level == 3] == titles
    assert [t for level, t in docx_headings(next(plain.folder.glob("*.docx"))) if level == 3] \
        == titles
    assert [s["status"] for s in data["sections"]] == ["adopted"] * len(titles)
    for section in guidance.sections():
        label = f"From the base guidance, edition {guidance.edition}, section {section.id}."
        assert label in html.read_text("utf-8")
    assert html_tables(html).get(REGISTER) is None
    assert "adopts every section of the base guidance unchanged" in html.read_text("utf-8")


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
    html = " ".join(pack.html.read_text("utf-8").split())
    return [html, " ".join(docx.split()), pdf_text(pack.pdf)]


def test_modify_replaces_the_text_in_every_format(ni: Pack) -> None:
    for text in texts_everywhere(ni):
        assert "Appeals go to the Civil Service Commissioners for Northern Ireland." in text
        assert "You must follow the NICS Code of Ethics online as well as offline." in text
        assert "in the end to the Civil Service Commission." not in text
        assert ("Changed by this department from the base guidance, edition 2012-05, section "
                "code.online-and-offline.") in text


def test_omit_leaves_the_section_out_of_every_format(ni: Pack) -> None:
    title = "Programmes shared across government"
    for headings in headings_everywhere(ni):
        assert title not in headings
        assert "Give staff a modern browser" in headings
    for text in texts_everywhere(ni):
        assert "G-Cloud" not in text


def test_added_sections_sit_where_after_says_in_every_format(ni: Pack) -> None:
    for headings in headings_everywhere(ni):
        at = headings.index(
            "Principle 1: Communicate with citizens in the places they already are")
        assert headings[at + 1] == "Irish and Ulster-Scots"
        at = headings.index("Taking a conversation offline")
        assert headings[at + 1] == "Keeping records of what we post"
    for text in texts_everywhere(ni):
        assert "Added by this department: not in the base guidance." in text


@pytest.mark.parametrize("name", SAMPLES)
def test_the_register_equals_the_adaptations_and_local_rules(packs: dict[str, Pack],
                                                            name: str) -> None:
    pack = packs[name]
    profile = pack.profile
    titles = {s["id"]: s["title"] for s in manifest(pack)["sections"]}
    expected = [
        (a.section_id, "modified" if a.action == "modify" else "omitted", a.approval)
        for a in profile.adaptations if a.action != "adopt"
    ] + [(r.id, "added", r.approval) for r in profile.local_rules]
    deviations = [s for s in manifest(pack)["sections"] if s["status"] != "adopted"]
    assert sorted((d["id"], d["status"]) for d in deviations) == \
        sorted((i, s) for i, s, _ in expected)
    for section_id, status, approval in expected:
        entry = next(d for d in deviations if d["id"] == section_id)
        assert entry["status"] == status
        assert entry["reason"] == (approval.reason if approval else None)
        assert entry["approved_by"] == (approval.approved_by if approval else None)
        assert entry["date"] == (approval.date.isoformat() if approval and approval.date
                                 else None)
    rows = [[titles[d["id"]], STATUS_WORDS[d["status"]], d["reason"] or "Not stated",
             d["approved_by"] or "Not stated",
             long_date(dt.date.fromisoformat(d["date"])) if d["date"]
             else "Not stated"] for d in deviations]
    assert html_tables(pack.html)[REGISTER][1:] == rows
    assert docx_tables(pack.docx)[REGISTER][1:] == rows
    # Table cells wrap and interleave in extracted PDF text: check each row's words.
    pdf_words = set(pdf_text(pack.pdf).split())
    for row in rows:
        assert set(" ".join(row).split()) <= pdf_words, row


def test_ni_sample_adopts_most_and_uses_every_action(ni: Pack) -> None:
    statuses = [s["status"] for s in manifest(ni)["sections"]]
    assert statuses.count("adopted") > len(statuses) / 2
    assert statuses.count("modified") >= 1
    assert statuses.count("omitted") >= 1
    assert statuses.count("added") >= 2
    code = next(s for s in manifest(ni)["sections"] if s["id"] == "code.online-and-offline")
    assert code["status"] == "modified" and code["core"] is True
    assert "NICS Code of Ethics" in code["reason"]


def test_profile_file_hash_is_recorded(pack: Pack) -> None:
    source = PROFILES / f"{pack.folder.name}.yaml"
    assert manifest(pack)["profile"]["sha256"] == hashlib.sha256(source.read_bytes()).hexdigest()
