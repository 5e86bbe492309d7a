"""The layout's fixed words in Welsh (issue 27): a Welsh pack, made with a pseudo translator
and the project's Welsh catalogue, is tagged Welsh in every format, leaves no English fixed
word, and links to its English twin, as the English pack links to it."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path

import pikepdf
import pytest
from babel.messages.pofile import read_po

from generator.language import words
from generator.model import Inlines, Link, Policy, Text, Twin, Words
from generator.policy import ENGLISH, Language, Provenance, available_editions, merge
from generator.profile import check_profile
from generator.render import render_docx, render_html, render_pdf, render_use_page
from tests.conftest import PROFILES, ROOT, TODAY
from tests.outputs import docx_xml, html_text, pdf_text

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MESSAGES = ROOT / "templates" / "words" / "messages.pot"
SLUG = "dvla"  # a sample with channels, contacts, a register and a version history
ENGLISH_TWIN = Twin("en-GB", "English", f"{SLUG}-social-media-policy.html",
                    f"{SLUG}-social-media-use.html")
WELSH_TWIN = Twin("cy", "Cymraeg", f"{SLUG}-social-media-policy-cy.html",
                  f"{SLUG}-social-media-use-cy.html")
MISSING = "⟨missing⟩"


class Pseudo:
    """A pseudo translation: each unit marked and in capitals, so that no English sentence
    of the department's survives into the Welsh text to pass for a fixed word left over."""

    def text(self, unit: str, context: str, text: str) -> str:
        return f"[cy] {text.upper()}"

    def inlines(self, unit: str, context: str, inlines: Inlines) -> Inlines:
        return (Text("[cy] "), *(Link(i.text.upper(), i.href) if isinstance(i, Link)
                                 else replace(i, text=i.text.upper()) for i in inlines))


class Recording(Mapping[str, str]):
    """The Welsh catalogue, keeping every message the run asks for; one it lacks reads
    ⟨missing⟩, so that the test lists them all at once."""

    def __init__(self, messages: Mapping[str, str]) -> None:
        self.messages = messages
        self.asked: set[str] = set()

    def __getitem__(self, message: str) -> str:
        self.asked.add(message)
        return self.messages.get(message, MISSING)

    def __iter__(self) -> Iterator[str]:
        return iter(self.messages)

    def __len__(self) -> int:
        return len(self.messages)


@dataclass(frozen=True)
class Rendered:
    asked: frozenset[str]
    html: Path
    use: Path
    pdf: Path
    docx: Path


def _policy(language: Language, twin: Twin) -> Policy:
    editions = available_editions()
    checked = check_profile(PROFILES / f"{SLUG}.yaml", editions, TODAY)
    policy = merge(checked.profile, editions[checked.profile.base], checked.logo,
                   Provenance("0" * 64, "test"), language=language)
    return replace(policy, meta=replace(policy.meta, twins=(twin,)))


def _render(policy: Policy, folder: Path, stem: str) -> tuple[Path, Path, Path, Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = tuple(folder / f"{stem}{end}" for end in (".html", "-use.html", ".pdf", ".docx"))
    html = render_html(policy)
    paths[0].write_text(html, "utf-8")
    paths[1].write_text(render_use_page(policy), "utf-8")
    paths[2].write_bytes(render_pdf(html, policy).data)
    paths[3].write_bytes(render_docx(policy))
    return paths  # type: ignore[return-value]  # four paths


@pytest.fixture(scope="module")
def welsh(tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    recording = Recording(words("cy").messages)
    cy = Words("cy", recording, words("cy").months)
    policy = _policy(Language(cy, Pseudo()), ENGLISH_TWIN)
    paths = _render(policy, tmp_path_factory.mktemp("cy"), "cy")
    return Rendered(frozenset(recording.asked), *paths)


@pytest.fixture(scope="module")
def english(tmp_path_factory: pytest.TempPathFactory) -> Rendered:
    paths = _render(_policy(ENGLISH, WELSH_TWIN), tmp_path_factory.mktemp("en"), "en")
    return Rendered(frozenset(), *paths)


# --- the catalogue: no rendering ------------------------------------------------------------


def _fields(message: str) -> set[str]:
    return set(re.findall(r"\{[^{}]*\}", message))


def test_every_extracted_message_has_welsh_with_the_same_fields() -> None:
    with MESSAGES.open("rb") as file:
        extracted = [str(m.id) for m in read_po(file) if m.id]
    welsh = words("cy").messages
    assert extracted, "messages.pot holds no message"
    assert [m for m in extracted if not welsh.get(m)] == []
    assert [m for m in extracted if _fields(welsh[m]) != _fields(m)] == []


def test_every_welsh_message_keeps_its_fields() -> None:
    """The catalogue's own messages too: one the code asks for outside messages.pot (the
    public page's title) must still fill every field it is given."""
    assert [m for m, text in words("cy").messages.items() if _fields(text) != _fields(m)] == []


# --- the rendered Welsh pack ----------------------------------------------------------------


@pytest.mark.renders
def test_the_run_asks_for_no_message_the_welsh_catalogue_lacks(welsh: Rendered) -> None:
    assert len(welsh.asked) > 50  # the recording saw the run's messages
    assert sorted(welsh.asked - set(words("cy").messages)) == []


@pytest.mark.renders
def test_every_format_is_tagged_welsh(welsh: Rendered) -> None:
    assert re.search(r'<html lang="cy">', welsh.html.read_text("utf-8"))
    assert re.search(r'<html lang="cy">', welsh.use.read_text("utf-8"))
    with pikepdf.open(welsh.pdf) as pdf:
        assert str(pdf.Root.Lang) == "cy"
    defaults = docx_xml(welsh.docx, "word/styles.xml").find(f"{W}docDefaults")
    assert defaults is not None
    assert {lang.get(f"{W}val") for lang in defaults.iter(f"{W}lang")} == {"cy"}
    # A run says another language only where it is one: the link to the English twin.
    runs = {(lang.get(f"{W}val"), "".join(lang.getparent().getparent().itertext()))
            for lang in docx_xml(welsh.docx).iter(f"{W}lang")}
    assert runs == {("en-GB", "English")}


def _texts(rendered: Rendered) -> dict[str, str]:
    with zipfile.ZipFile(rendered.docx) as archive:
        docx = " ".join(" ".join(re.sub(r"<[^>]+>", " ", archive.read(part).decode()).split())
                        for part in ("word/document.xml", "word/footer1.xml",
                                     "docProps/core.xml"))
    return {"html": html_text(rendered.html), "use page": html_text(rendered.use),
            "pdf": pdf_text(rendered.pdf),
            "docx": docx.replace("\u00a0", " ")}


def _english_phrases() -> set[str]:
    """Each piece of an English message between its fields, longer than one word."""
    with MESSAGES.open("rb") as file:
        messages = [str(m.id) for m in read_po(file) if m.id]
    pieces = (piece.strip(" ,.:;()“”") for m in messages for piece in re.split(r"\{[^}]*\}", m))
    return {piece for piece in pieces if len(piece.split()) > 1}


@pytest.mark.renders
def test_no_english_fixed_word_is_left(welsh: Rendered) -> None:
    phrases = _english_phrases()
    assert "Skip to main content" in phrases  # the check can find what it looks for
    for kind, text in _texts(welsh).items():
        assert MISSING not in text
        assert sorted(p for p in phrases if p in text) == [], kind
    # The page number's words are one word apiece: looked for as the reader sees them.
    assert "Tudalen 2 o 1" in _texts(welsh)["pdf"] and "Page 2 of" not in _texts(welsh)["pdf"]


@pytest.mark.renders
def test_each_pack_links_to_its_twin(welsh: Rendered, english: Rendered) -> None:
    for rendered, twin in ((welsh, ENGLISH_TWIN), (english, WELSH_TWIN)):
        for path, target in ((rendered.html, twin.policy), (rendered.use, twin.use_page)):
            page = path.read_text("utf-8")
            assert f'<link rel="alternate" hreflang="{twin.language}" href="{target}">' in page
            assert (f'<a href="{target}" rel="alternate" hreflang="{twin.language}" '
                    f'lang="{twin.language}">{twin.name}</a>') in page
        with pikepdf.open(rendered.pdf) as pdf:
            links = {str(a.A.URI): str(a.Contents) for a in pdf.pages[0].get("/Annots", [])
                     if "/A" in a and "/URI" in a.A}
        assert links == {twin.policy.replace(".html", ".pdf"): twin.name}
        rels = docx_xml(rendered.docx, "word/_rels/document.xml.rels")
        assert twin.policy.replace(".html", ".docx") in {r.get("Target") for r in rels}
