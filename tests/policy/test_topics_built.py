"""The topics in the real outputs: the samples' packs (HTML, PDF, DOCX and the public page)
as `build` writes them, and a Northern Ireland profile built by the command line."""

from __future__ import annotations

from pathlib import Path

from ruamel.yaml import YAML

from tests.conftest import PROFILES, Pack
from tests.outputs import docx_headings, html_info, html_text, pdf_text
from tests.policy.test_topics_everyone import CATEGORIES, MESSAGES, NI_RECORDS, PARTY, RECORDING

EVERYONE = "Our rules for everyone who works here"


def use_page(pack: Pack) -> Path:
    return pack.folder / f"{pack.profile.department.slug}-social-media-use.html"


def test_dwp_carries_its_rules_for_everyone_in_every_format(packs: dict[str, Pack]) -> None:
    dwp = packs["dwp"]
    headings = html_info(dwp.html).headings
    assert headings == docx_headings(dwp.docx)
    at = headings.index((2, EVERYONE))
    assert headings[at + 1:at + 6] == [
        (3, "Political activity"), (3, "Looking into customers and the public"),
        (3, "Recordings and photos"), (3, "WhatsApp and other messaging apps"),
        (2, "Running our official accounts")]
    for text in (html_text(dwp.html), " ".join(pdf_text(dwp.pdf).split())):
        for sentence in ("This policy also covers contractors, agency staff and consultants "
                         "who work for us.", CATEGORIES, RECORDING, MESSAGES, PARTY,
                         "The only exceptions:"):
            assert sentence in text, sentence


def test_dvla_gives_equality_and_no_party_politics_section(packs: dict[str, Pack]) -> None:
    headings = [h for _, h in html_info(packs["dvla"].html).headings]
    assert "Equality" in headings and "Keeping our accounts impartial" not in headings
    assert "The only exceptions:" not in html_text(packs["dvla"].html)


def test_the_ni_sample_reads_its_topics_as_an_ni_body(packs: dict[str, Pack]) -> None:
    """Irish and Ulster-Scots reach the policy and the public page; the records default is
    Northern Ireland's; the Section 75 statement is the Equality section. (The sample pack
    the session built once: no build of its own.)"""
    data = YAML(typ="safe").load((PROFILES / "nics-finance.yaml").read_text("utf-8"))
    irish = " ".join(data["language_duties"]["irish_ulster_scots"].split())
    statement = " ".join(data["equality"].split())
    ni = packs["nics-finance"]
    policy, public = ni.html, use_page(ni)
    text = html_text(policy)
    assert (f"Languages we post in DoF\u2019s own text: it is not in the Cabinet Office guidance. "
            f"{irish}") in text
    assert f"Languages {irish}" in html_text(public)
    # the default, with its note: model text, not the Cabinet Office's
    assert ("Records and freedom of information Model text that DoF includes: it is not in "
            "the Cabinet Office guidance. " + " ".join(NI_RECORDS)) in text
    # a section of "About this policy", before Part 1
    assert (f"Equality DoF\u2019s own text: it is not in the Cabinet Office guidance. {statement} "
            "Part 1") in text
    assert "Not stated" not in html_text(public) and "Not stated" not in html_text(policy)
