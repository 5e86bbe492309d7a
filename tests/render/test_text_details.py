"""The smaller text faults of issue 28, on the built samples: links that share a name go to
one place, references by title are links in every format, addresses in a departure's
reason are links, and the department's prose has no straight quotes."""

from __future__ import annotations

import zipfile
from collections import defaultdict
from pathlib import Path

import pikepdf
import pytest
from lxml import etree, html

from generator.build import build
from tests.conftest import TODAY, Pack

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"


def _pages(pack: Pack) -> list[Path]:
    return sorted(pack.folder.glob("*.html"))


def _name(link: html.HtmlElement) -> str:
    return " ".join((link.get("aria-label") or link.text_content()).split()).casefold()


def test_links_with_one_name_go_to_one_place(packs: dict[str, Pack]) -> None:
    """A list of links (a screen reader's, axe's identical-links-same-purpose) tells each
    link apart by its name: every page of every sample, English and Welsh."""
    for pack in packs.values():
        for page in _pages(pack):
            targets: dict[str, set[str]] = defaultdict(set)
            for link in html.parse(page).getroot().iter("a"):
                targets[_name(link)].add(link.get("href", ""))
            assert not {n: t for n, t in targets.items() if len(t) > 1}, page.name


def test_an_account_whose_handle_repeats_names_its_platform(packs: dict[str, Pack]) -> None:
    page = html.parse(packs["dvla"].html).getroot()
    names = {link.get("href"): link.text_content() for link in page.iter("a")}
    assert names["https://www.tiktok.com/@dvla_example"] == "@dvla_example on TikTok"
    assert names["https://x.com/dvla_example"] == "@dvla_example on X (Twitter)"
    assert names["https://x.com/dvla_help_example"] == "@dvla_help_example"  # unique: as typed
    docx = zipfile.ZipFile(packs["dvla"].docx).read("word/document.xml").decode()
    assert "@dvla_example on TikTok" in docx and "@dvla.example on Threads" in docx


def _docx_anchor_links(path: Path) -> dict[str, set[str]]:
    """The DOCX's internal links outside its contents: text to the headings they go to."""
    root = etree.fromstring(zipfile.ZipFile(path).read("word/document.xml"))
    headings = {}
    for start in root.iter(f"{W}bookmarkStart"):
        paragraph = start.getparent()
        headings[start.get(f"{W}name")] = "".join(t.text or "" for t in paragraph.iter(f"{W}t"))
    found: dict[str, set[str]] = defaultdict(set)
    for link in root.iter(f"{W}hyperlink"):
        style = link.getparent().find(f"{W}pPr/{W}pStyle")
        if link.get(f"{W}anchor") and (style is None or not style.get(f"{W}val").startswith(
                "TOC")):
            text = "".join(t.text or "" for t in link.iter(f"{W}t"))
            found[text].add(headings[link.get(f"{W}anchor")])
    return found


def _pdf_destinations(path: Path) -> list[str]:
    with pikepdf.open(path) as pdf:
        return [str(annot.get("/Dest")) for page in pdf.pages
                for annot in page.get("/Annots", []) if annot.get("/Dest") is not None]


def test_a_reference_by_title_is_a_link_to_that_section(packs: dict[str, Pack]) -> None:
    """dwp's "(see Who to contact)" and the front's "(see the annex)": links in the HTML,
    the PDF made from it, and the DOCX (to the heading's bookmark)."""
    pack = packs["dwp"]
    page = html.parse(pack.html).getroot()
    security = page.get_element_by_id("topics.security").getparent()
    linked = [(a.text_content(), a.get("href")) for a in security.iter("a")]
    assert ("Who to contact", "#contacts") in linked
    about = page.get_element_by_id("about").getparent()
    assert ("see the annex", "#register") in [(a.text_content(), a.get("href"))
                                              for a in about.iter("a")]
    docx = _docx_anchor_links(pack.docx)
    assert docx["Who to contact"] == {"Who to contact"}
    assert docx["see the annex"] == {"Annex: departures from the base guidance"}
    pdf = _pdf_destinations(pack.pdf)
    # The contents' entry and the reference, each at least one link annotation.
    assert pdf.count("contacts") >= 2, pdf


def test_a_welsh_pack_links_its_references_too(packs: dict[str, Pack]) -> None:
    page = html.parse(packs["welsh-government"].folder
                      / "welsh-government-social-media-policy-cy.html").getroot()
    assert ("gweler yr atodiad", "#register") in [(a.text_content(), a.get("href"))
                                                  for a in page.iter("a")]


def _prose(page: html.HtmlElement) -> list[str]:
    """The text of every section's paragraphs, items and cells (the base's and the
    department's words, not the layout's notes), and the register's cells."""
    texts = []
    for heading in page.iter("h3"):
        for element in heading.getparent().iter("p", "li", "td"):
            if "marker" not in (element.get("class") or ""):
                texts.append(" ".join(element.text_content().split()))
    register = page.get_element_by_id("register").getparent()
    texts.extend(" ".join(cell.text_content().split()) for cell in register.iter("td"))
    return texts


def test_the_prose_has_curly_quotes_and_handles_and_addresses_are_untouched(
        packs: dict[str, Pack]) -> None:
    for name, pack in packs.items():
        page = html.parse(pack.html).getroot()
        straight = [text for text in _prose(page) if "'" in text or '"' in text]
        assert not straight, (name, straight)
        shown = {a.get("href"): a.text_content() for a in page.iter("a")}
        for channel in pack.profile.channels:
            assert channel.account in shown[channel.url], (name, channel)
    writing = html.parse(packs["dvla"].html).getroot().text_content()
    assert "Writing “my views are my own”" in writing


@pytest.fixture(scope="module")
def reasoned(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """dvla with an email address in quotes and a reference by title in a departure's
    reason."""
    folder = tmp_path_factory.mktemp("reasoned")
    source = Path(__file__).resolve().parents[2] / "profiles"
    for file in source.iterdir():
        if file.is_file():
            (folder / file.name).write_bytes(file.read_bytes())
    if (source / "logos").is_dir():
        (folder / "logos").mkdir()
        for file in (source / "logos").iterdir():
            (folder / "logos" / file.name).write_bytes(file.read_bytes())
    profile = folder / "dvla.yaml"
    text = profile.read_text("utf-8")
    old = "reason: Most of our messages are customer questions about their own records."
    assert old in text
    profile.write_text(text.replace(old, old + " Ask 'press@dvla.example' (see Who to "
                                    "contact)."), "utf-8")
    return build(profile, folder / "out", TODAY).folder


def test_an_email_address_and_a_reference_in_a_reason_are_links_in_every_format(
        reasoned: Path) -> None:
    """The quotes around the address are the sentence's, curly as its others; the address
    inside them, and "Who to contact", are links all the same (issue 28)."""
    page = html.parse(reasoned / "dvla-social-media-policy.html").getroot()
    register = page.get_element_by_id("register").getparent()
    links = {a.get("href"): a.text_content() for a in register.iter("a")}
    assert links["mailto:press@dvla.example"] == "press@dvla.example"
    assert links["#contacts"] == "Who to contact"
    cells = [" ".join(td.text_content().split()) for td in register.iter("td")]
    assert any(c.endswith("Ask \u2018press@dvla.example\u2019 (see Who to contact).")
               for c in cells), cells
    package = zipfile.ZipFile(reasoned / "dvla-social-media-policy.docx")
    rels = package.read("word/_rels/document.xml.rels").decode()
    assert 'Target="mailto:press@dvla.example"' in rels
    assert _docx_anchor_links(reasoned / "dvla-social-media-policy.docx")[
        "Who to contact"] == {"Who to contact"}
    with pikepdf.open(reasoned / "dvla-social-media-policy.pdf") as pdf:
        uris = {str(annot.A.URI) for p in pdf.pages for annot in p.get("/Annots", [])
                if "/A" in annot and "/URI" in annot.A}
    assert "mailto:press@dvla.example" in uris
    # The contents' entry and the reason's reference (dvla has no other).
    assert _pdf_destinations(reasoned / "dvla-social-media-policy.pdf").count("contacts") >= 2
