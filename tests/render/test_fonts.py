"""Emoji, symbols and other scripts are drawn from the bundled fonts only: on the real PDF.

A profile written by HR staff holds 👍, ✓, €, Welsh ŵ, and sentences in Arabic, Hebrew and
the Indic scripts. Each must be a real glyph of a bundled font (PDF/UA-1 forbids .notdef,
ISO 14289-1 7.21.8), read back as its text (7.21.7), and the same on every machine: a
system font never draws what the bundled fonts cover, even one with the same family name.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import pikepdf
import pytest
from fontTools.ttLib import TTFont

from generator.build import Built, build
from generator.fonts import Undrawable, undrawable
from generator.resources import fonts, html_templates
from tests.conftest import PROFILES, ROOT, TODAY

SYMBOLS = "👍 😀 ✅ ❤️ 🎉 📢 ✓ ✔ ✗ → ← • € £ ½ ¼ © ® ™ ° ≥ ≤ ≠"
WELSH = "Mae\u2019r dŵr yn oer, ac mae ŷd yn y cae."
SENTENCES = {
    "Arabic": "نحن ننشر الأخبار على وسائل التواصل الاجتماعي.",
    "Hebrew": "אנחנו מפרסמים חדשות ברשתות החברתיות.",
    "Hindi": "हम सोशल मीडिया पर समाचार प्रकाशित करते हैं।",
    "Urdu": "ہم سوشل میڈیا پر خبریں شائع کرتے ہیں\u06d4",  # an Urdu full stop
    "Punjabi": "ਅਸੀਂ ਸੋਸ਼ਲ ਮੀਡੀਆ 'ਤੇ ਖ਼ਬਰਾਂ ਪ੍ਰਕਾਸ਼ਿਤ ਕਰਦੇ ਹਾਂ।",
    "Bengali": "আমরা সামাজিক মাধ্যমে খবর প্রকাশ করি।",
    "Gujarati": "અમે સોશિયલ મીડિયા પર સમાચાર પ્રકાશિત કરીએ છીએ.",
}
PARAGRAPHS = "".join(f"      {language}: {sentence}\n\n"
                     for language, sentence in SENTENCES.items())
RULE = f"""local_rules:
  - id: local.languages
    title: "Posts in other languages ✓ ❤️ 🎉"
    after: posting.checks
    text: |
      Good news gets a 👍 and a 😀. Ticks ✓ ✔ ✗, arrows → ←, a bullet •, money € £,
      halves ½ ¼, © ® ™, 20°, ≥ 18, ≤ 5, ≠ 0. {WELSH}

{PARAGRAPHS}    reason: We post in the languages our users read.
    approved_by: Director of Communications
    date: 2026-07-14
"""
PURPOSE = "purpose: News, announcements and links to guidance"


def bundled_profile(folder: Path) -> Path:
    """DWP's sample profile with the characters in a local rule and a channel's purpose."""
    folder.mkdir()
    shutil.copytree(PROFILES / "logos", folder / "logos")
    text = (PROFILES / "dwp.yaml").read_text("utf-8")
    assert PURPOSE in text and "local_rules:" not in text
    text = text.replace(PURPOSE, 'purpose: "News 📢 and updates ✅ → guidance"')
    (folder / "dwp.yaml").write_text(text.rstrip("\n") + "\n" + RULE, "utf-8")
    return folder / "dwp.yaml"


@pytest.fixture(scope="module")
def profile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return bundled_profile(tmp_path_factory.mktemp("fonts") / "profile")


@pytest.fixture(scope="module")
def built(profile: Path) -> Path:
    """The PDF of that profile. build() audits it first (our checks and page-validation's
    PDF/UA-1 rules, .notdef and ToUnicode among them) and raises if it fails."""
    result = build(profile, profile.parent.parent / "out", TODAY)
    assert isinstance(result, Built)
    return result.folder / "dwp-social-media-policy.pdf"


# --- what the bundled fonts are ------------------------------------------------------------


def declared_faces() -> list[tuple[str, str]]:
    """(family, file) of every @font-face in fonts.css."""
    css = (html_templates() / "fonts.css").read_text("utf-8")
    return re.findall(r'@font-face \{ font-family: "([^"]+)"; src: url\("\.\./fonts/([^"]+)"\)',
                      css)


def font_stack() -> list[str]:
    css = (html_templates() / "fonts.css").read_text("utf-8")
    [stack] = re.findall(r"html \{ font-family: ([^;]+?) !important; \}", css)
    return re.findall(r'"([^"]+)"', stack)


def test_fonts_css_declares_every_bundled_font_and_lists_every_family() -> None:
    faces = declared_faces()
    assert sorted(file for _, file in faces) == sorted(p.name for p in fonts().glob("*.ttf"))
    stack = font_stack()
    assert stack[0] == "Bundled Noto Sans"
    assert sorted(stack) == sorted({family for family, _ in faces})
    # A name of its own: an installed font of the same family would be preferred to it.
    assert all(family.startswith("Bundled ") for family in stack)


def test_every_bundled_font_is_an_outline_font_under_the_ofl() -> None:
    licence = (fonts() / "OFL.txt").read_text("utf-8")
    assert "SIL Open Font License, Version 1.1" in licence
    for path in fonts().glob("*.ttf"):
        with TTFont(path, lazy=True) as font:
            # Outlines, no colour bitmaps (CBDT, sbix) or layers: what a PDF draws as it is.
            assert "glyf" in font and not {"CBDT", "sbix", "COLR", "SVG "} & set(font.keys())
            assert "Open Font License" in font["name"].getDebugName(13), path.name
            assert font["name"].getDebugName(1) in licence, path.name


# --- undrawable: the characters a build would refuse ---------------------------------------


@pytest.mark.parametrize("text", [SYMBOLS, WELSH, *SENTENCES.values(), "👨‍👩‍👧 1️⃣ 🏴󠁧󠁢󠁷󠁬󠁳󠁿 👍🏽"])
def test_the_bundled_fonts_draw_emoji_symbols_and_these_scripts(text: str) -> None:
    assert undrawable(text) == []


def test_undrawable_names_each_character_in_plain_words() -> None:
    assert undrawable("Our 字 and 한 \ue000.") == [
        Undrawable(4, "字", "the Chinese character 字 (U+5B57)"),
        Undrawable(10, "한", "the Korean character 한 (U+D55C)"),
        Undrawable(12, "\ue000", "the private-use character U+E000 "
                                 "(it means something only in one font)"),
    ]


@pytest.mark.parametrize(("char", "name"), [
    ("ひ", "the Japanese character ひ (U+3072)"),
    ("\U0001faec", "the emoji \U0001faec (U+1FAEC)"),  # newer than Noto Emoji 3.006
    ("ก", "the character ก (U+0E01)"),  # Thai: no bundled font
    ("\u0bcd", "the mark \u25cc\u0bcd (U+0BCD)"),  # a Tamil virama, alone on its circle
    ("\x07", "the control code U+0007"),
])
def test_undrawable_kinds(char: str, name: str) -> None:
    assert undrawable(f"a{char}b") == [Undrawable(1, char, name)]


def test_space_line_breaks_and_what_the_shaper_consumes_need_no_glyph() -> None:
    # Variation selectors, joiners, bidirectional marks, a Welsh flag's tag characters; a
    # no-break space and a soft hyphen have glyphs in Noto Sans.
    assert undrawable(" \t\n\ufe0e\ufe0f\u200d\u200c\u200f\u061c\U000e0067\u00a0\u00ad") == []


@pytest.mark.parametrize("char", ["\u3164", "\u115f", "\uffa0", "\u1680"])
def test_blank_looking_characters_the_pdf_cannot_draw_are_undrawable(char: str) -> None:
    # Hangul fillers (U+3164 is the "blank character" of social media) are drawn with
    # .notdef by WeasyPrint, and an ogham space mark from a system font.
    assert [found.char for found in undrawable(f"a{char}b")] == [char]


# --- the real PDF --------------------------------------------------------------------------


def test_pdffonts_lists_only_embedded_bundled_fonts(built: Path) -> None:
    out = subprocess.run(["pdffonts", str(built)], capture_output=True, text=True,
                         check=True).stdout
    rows = [line.split() for line in out.splitlines()[2:]]
    families = {family.replace(" ", "-") for family in font_stack()}
    names = set()
    for row in rows:
        emb, _sub, uni = row[-5:-2]
        assert (emb, uni) == ("yes", "yes"), row
        subset, name = row[0].split("+")
        family = re.sub(r"(-Bold)?(-Italic)?$", "", name)
        assert re.fullmatch("[A-Z]{6}", subset) and family in families, row
        names.add(family)
    # Every script and symbol font drew something (and so did no other).
    assert names == families


def test_every_embedded_font_program_is_a_bundled_file(built: Path) -> None:
    bundled = set()
    for path in fonts().glob("*.ttf"):
        with TTFont(path, lazy=True) as font:
            bundled.add(_identity(font))
    with pikepdf.open(built) as pdf:
        for page in pdf.pages:
            for font in page.obj.Resources.Font.values():
                assert _identity(_embedded(font)) in bundled, str(font.BaseFont)


def test_no_glyph_is_notdef_or_missing(built: Path) -> None:
    # Independent of the audit: every glyph shown is inside its embedded font and is not
    # glyph 0, .notdef (WeasyPrint numbers a missing glyph past the font's last one).
    with pikepdf.open(built) as pdf:
        counts: dict[tuple[int, int], int] = {}
        shown = 0
        for page in pdf.pages:
            for font, glyph in _shown_glyphs(page.obj):
                if font.objgen not in counts:
                    counts[font.objgen] = _embedded(font)["maxp"].numGlyphs
                assert 0 < glyph < counts[font.objgen], f"{font.BaseFont} glyph {glyph}"
                shown += 1
        assert shown > 1000 and len(counts) >= len(font_stack())


def test_pdftotext_gives_back_the_characters(built: Path) -> None:
    text = _without_bidi_controls(subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(built), "-"], capture_output=True, text=True,
        check=True).stdout)
    for char in SYMBOLS.replace("\ufe0f", "").split():
        assert char in text
    assert WELSH in " ".join(text.split())
    lines = {line.split(":")[0]: line for line in text.splitlines() if ":" in line}
    # Hebrew has no ligatures: poppler gives the sentence back as typed.
    assert SENTENCES["Hebrew"].rstrip(".") in lines["Hebrew"]
    # Arabic: poppler turns a ligature's text (lam-alef) around with the right-to-left run,
    # so the letters come back, each as often as typed, not all in order.
    assert _letters(lines["Arabic"], "ARABIC") == _letters(SENTENCES["Arabic"], "ARABIC")
    # Indic scripts: a word with no vowel sign drawn before its consonant comes back whole.
    for language, word in (("Hindi", "समाचार"), ("Bengali", "খবর"), ("Punjabi", "ਹਾਂ"),
                           ("Gujarati", "સમાચાર")):
        assert word in lines[language]


def test_pdftotext_gives_back_every_indic_vowel_sign(built: Path) -> None:
    # The map from glyphs to text is one per font, not one per use. A Bengali consonant
    # first drawn alone keeps that text; drawn later after the vowel sign ে, which is
    # placed before it, the cluster's text goes to the consonant's glyph, which has its
    # text already, and the vowel sign's glyph reads as a zero width space: the ে of
    # মাধ্যমে would be lost. The line's /ActualText gives it back (pdf_actual_text.py).
    text = _without_bidi_controls(subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(built), "-"], capture_output=True, text=True,
        check=True).stdout)
    lines = {line.split(":")[0]: line for line in text.splitlines() if ":" in line}
    for language, script in (("Hindi", "DEVANAGARI"), ("Bengali", "BENGALI"),
                             ("Punjabi", "GURMUKHI"), ("Gujarati", "GUJARATI")):
        assert set(_letters(lines[language], script)) == set(_letters(SENTENCES[language],
                                                                      script))


def test_an_installed_font_of_the_same_family_changes_nothing(profile: Path, built: Path,
                                                             tmp_path: Path) -> None:
    """Outputs are the same on every machine, even one with its own Noto fonts installed.

    Altered copies of Noto Sans and Noto Sans Arabic (every advance 30% wider) are installed
    for fontconfig, as Debian's fonts-noto-core would be; the build must not use them.
    """
    installed = tmp_path / "fonts"
    installed.mkdir()
    for name in ("NotoSans-Regular.ttf", "NotoSansArabic-Regular.ttf"):
        font = TTFont(fonts() / name)
        font["head"].fontRevision = 9.5
        font["hmtx"].metrics = {glyph: (int(advance * 1.3), side)
                                for glyph, (advance, side) in font["hmtx"].metrics.items()}
        font.save(installed / name)
    config = tmp_path / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
        f"<fontconfig><cachedir>{tmp_path / 'cache'}</cachedir>"
        "<include ignore_missing='yes'>/etc/fonts/fonts.conf</include>"
        f"<dir>{installed}</dir></fontconfig>\n", "utf-8")
    env = {"PATH": "/usr/bin:/bin", "FONTCONFIG_FILE": str(config), "HOME": str(tmp_path)}
    match = subprocess.run(["fc-match", "-f", "%{file}", "Noto Sans Arabic"], env=env,
                           capture_output=True, text=True, check=True).stdout
    assert match == str(installed / "NotoSansArabic-Regular.ttf")  # fontconfig sees them
    subprocess.run([sys.executable, "-m", "generator", "build", str(profile), "--out",
                    str(tmp_path / "out"), "--force"], env=env, cwd=ROOT, check=True,
                   capture_output=True)
    assert (tmp_path / "out" / "dwp" / built.name).read_bytes() == built.read_bytes()


# --- helpers -------------------------------------------------------------------------------


def _identity(font: TTFont) -> tuple[str, float]:
    """What tells the bundled files apart, and survives subsetting: full name and version."""
    return font["name"].getDebugName(4), round(font["head"].fontRevision, 3)


def _embedded(font: pikepdf.Dictionary) -> TTFont:
    """The font program embedded for a PDF font (a subset of one bundled file)."""
    program = font.DescendantFonts[0].FontDescriptor.FontFile2.read_bytes()
    return TTFont(io.BytesIO(program))


def _shown_glyphs(owner: pikepdf.Object) -> list[tuple[pikepdf.Dictionary, int]]:
    """(font, glyph) of every glyph the text operators of a page or form XObject show."""
    resources = owner.get("/Resources", pikepdf.Dictionary())
    fonts_here = resources.get("/Font", pikepdf.Dictionary())
    shown: list[tuple[pikepdf.Dictionary, int]] = []
    font = None
    for operands, operator in pikepdf.parse_content_stream(owner):
        op = str(operator)
        if op == "Tf":
            font = fonts_here[str(operands[0])]
        elif op in ("Tj", "TJ", "'", '"'):
            strings = operands[0] if op == "TJ" else operands[-1:]
            for item in strings:
                if isinstance(item, pikepdf.String):
                    data = bytes(item)
                    shown += [(font, int.from_bytes(data[i:i + 2], "big"))
                              for i in range(0, len(data), 2)]
        elif op == "Do":
            xobject = resources.XObject[str(operands[0])]
            if xobject.Subtype == "/Form":
                shown += _shown_glyphs(xobject)
    return shown


def _without_bidi_controls(text: str) -> str:
    """poppler wraps a right-to-left run in embedding controls; a cluster's other glyphs
    read as zero width spaces (generator/render/pdf.py, map_every_glyph)."""
    return re.sub("[\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069]", "", text)


def _letters(text: str, script: str) -> Counter[str]:
    return Counter(c for c in text if unicodedata.name(c, "").startswith(script))
