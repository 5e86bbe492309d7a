"""Arabic, Hebrew and the Indic scripts read back as typed, on real PDFs (issue 27, point 6).

Each profile is DWP's sample with one script typed into every kind of field people fill:
a local rule (several lines of body text, a list item, a link), a replacement of a section,
a channel's purpose (a table cell) and a house rule, mixed with English words and digits.
Each is built (so audited: a word space lost at a line break, or a glyph with no text,
refuses it) and read back by poppler (its structure text and pdftotext) and by pdf.js.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from generator.build import render_pack
from tests.conftest import PROFILES, TODAY
from tests.render.pdf_readers import pdfjs_read, poppler_blocks

pytestmark = pytest.mark.renders

# Long enough to fill several lines at every width the pack lays text out in.
TEXTS = {
    "Arabic": "تنشر الإدارة الأخبار والإعلانات على حساباتها الرسمية كل يوم عمل، وتجيب عن "
              "الأسئلة العامة خلال يومين. لا تنشر أي معلومات شخصية عن أي شخص، ولا ترد على "
              "الرسائل التي تطلب تفاصيل عن مطالبة فردية. اطلب من مكتب الصحافة المشورة قبل أن "
              "تنشر أي شيء عن الانتخابات أو عن سياسة جديدة لم تعلن بعد.",
    "Hebrew": "המחלקה מפרסמת חדשות והודעות בחשבונות הרשמיים שלה בכל יום עבודה, ועונה על "
              "שאלות כלליות תוך יומיים. אל תפרסם מידע אישי על אף אדם, ואל תענה להודעות "
              "שמבקשות פרטים על תביעה אישית. בקש עצה ממשרד העיתונות לפני שאתה מפרסם משהו על "
              "בחירות או על מדיניות חדשה שעדיין לא הוכרזה.",
    "Hindi": "विभाग हर कार्य दिवस पर अपने आधिकारिक खातों पर समाचार और घोषणाएँ प्रकाशित करता "
             "है, और दो दिनों के भीतर सामान्य प्रश्नों के उत्तर देता है। किसी भी व्यक्ति के बारे में "
             "कोई व्यक्तिगत जानकारी प्रकाशित न करें, और उन संदेशों का उत्तर न दें जो किसी "
             "व्यक्तिगत दावे का विवरण माँगते हैं।",
    "Bengali": "বিভাগ প্রতিটি কাজের দিনে তার সরকারি অ্যাকাউন্টে খবর এবং ঘোষণা প্রকাশ করে, এবং "
               "দুই দিনের মধ্যে সাধারণ প্রশ্নের উত্তর দেয়। কোনো ব্যক্তির সম্পর্কে কোনো ব্যক্তিগত "
               "তথ্য প্রকাশ করবেন না, এবং যে বার্তা কোনো ব্যক্তিগত দাবির বিবরণ চায় তার উত্তর "
               "দেবেন না।",
    "Punjabi": "ਵਿਭਾਗ ਹਰ ਕੰਮ ਵਾਲੇ ਦਿਨ ਆਪਣੇ ਸਰਕਾਰੀ ਖਾਤਿਆਂ 'ਤੇ ਖ਼ਬਰਾਂ ਅਤੇ ਐਲਾਨ ਪ੍ਰਕਾਸ਼ਿਤ ਕਰਦਾ ਹੈ, "
               "ਅਤੇ ਦੋ ਦਿਨਾਂ ਦੇ ਅੰਦਰ ਆਮ ਸਵਾਲਾਂ ਦੇ ਜਵਾਬ ਦਿੰਦਾ ਹੈ। ਕਿਸੇ ਵੀ ਵਿਅਕਤੀ ਬਾਰੇ ਕੋਈ ਨਿੱਜੀ "
               "ਜਾਣਕਾਰੀ ਪ੍ਰਕਾਸ਼ਿਤ ਨਾ ਕਰੋ, ਅਤੇ ਉਨ੍ਹਾਂ ਸੁਨੇਹਿਆਂ ਦਾ ਜਵਾਬ ਨਾ ਦਿਓ ਜੋ ਕਿਸੇ ਨਿੱਜੀ ਦਾਅਵੇ "
               "ਦਾ ਵੇਰਵਾ ਮੰਗਦੇ ਹਨ।",
    "Gujarati": "વિભાગ દરેક કામકાજના દિવસે તેના સત્તાવાર ખાતાઓ પર સમાચાર અને જાહેરાતો પ્રકાશિત કરે "
                "છે, અને બે દિવસમાં સામાન્ય પ્રશ્નોના જવાબ આપે છે. કોઈ પણ વ્યક્તિ વિશે કોઈ અંગત "
                "માહિતી પ્રકાશિત કરશો નહીં, અને જે સંદેશા કોઈ વ્યક્તિગત દાવાની વિગતો માંગે તેનો "
                "જવાબ આપશો નહીં.",
}
RIGHT_TO_LEFT = ("Arabic", "Hebrew")
MIXED = "Call 0800 123 4567 or see GOV.UK (2026) and"
PURPOSE = "purpose: News, announcements and links to guidance"
HOUSE_RULE = ("    - A message to one of our accounts is not notice of a change of "
              "circumstances.")


def _first_words(text: str, count: int) -> str:
    return " ".join(text.split()[:count])


def script_profile(folder: Path, language: str, texts: dict[str, str] = TEXTS) -> Path:
    """DWP's sample with `language` (a key of `texts`) in a local rule, a replacement, a
    table cell and a house rule, and mixed with English, digits and a link."""
    text, words = texts[language], _first_words(texts[language], 6)
    folder.mkdir(parents=True)
    shutil.copytree(PROFILES / "logos", folder / "logos")
    profile = (PROFILES / "dwp.yaml").read_text("utf-8")
    assert PURPOSE in profile and HOUSE_RULE in profile and "adaptations:" not in profile
    profile = profile.replace(PURPOSE, f'purpose: "{words} 24/7, {text}"')
    profile = profile.replace(HOUSE_RULE, f'    - "{MIXED} {text}"')
    extra = f"""adaptations:
  posting.checks:
    action: modify
    replace: |
      {text}

      - {MIXED} {text}
    reason: We post in the languages our users read.
    approved_by: Director of Communications
    date: 2026-07-14
local_rules:
  - id: local.languages
    title: "{words} 2026"
    after: posting.checks
    text: |
      {text} {text}

      {MIXED} [{words}](https://www.gov.uk/) {text}

      - {text}
      - {MIXED} {text}
    reason: We post in the languages our users read.
    approved_by: Director of Communications
    date: 2026-07-14
"""
    path = folder / "dwp.yaml"
    path.write_text(profile.rstrip("\n") + "\n" + extra, "utf-8")
    return path


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each language's PDF, as build renders and audits it (render_pack raises if the
    audit refuses it)."""
    found = {}
    for language in TEXTS:
        profile = script_profile(tmp_path_factory.mktemp("scripts") / "p", language)
        rendered = render_pack(profile, TODAY)
        path = profile.parent / "dwp.pdf"
        path.write_bytes(rendered.outputs["dwp-social-media-policy.pdf"])
        found[language] = path
    return found


# --- reading helpers -------------------------------------------------------------------------

_CONTROLS = re.compile("[\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def _script(char: str) -> bool:
    """A letter or mark of one of the scripts under test (not Latin, digits, punctuation)."""
    return ord(char) > 0x36f and unicodedata.category(char)[0] in "LM"


def _words(text: str) -> list[str]:
    """The words in the scripts under test, in order: runs of their letters and marks.

    Punctuation and digits part words too: readers that put right-to-left text in order
    themselves place a comma or a number beside the neighbouring word by their own rules.
    """
    return "".join(c if _script(c) else " " for c in _CONTROLS.sub("", text)).split()


def _glued(read: str, typed: str, right_to_left: bool) -> list[str]:
    """The words of `read` that are no word of `typed`: two words glued at a line break
    are one of them (read either way round for a right-to-left script, as some readers
    give it as drawn; an Arabic ligature's letters, lam-alef, come back in either order,
    so there a word is its letters)."""
    def key(word: str) -> str:
        return "".join(sorted(word)) if right_to_left else word

    known = {key(word) for word in _words(typed)}
    return sorted({word for word in _words(read) if key(word) not in known})


def test_glued_finds_two_words_run_together_either_way_round() -> None:
    typed = "שלום עולם, and 2026 مرحبا"
    assert _glued("שלום  ,עולם 2026 مرحبا", typed, right_to_left=True) == []
    assert _glued("םלועםולש", typed, right_to_left=True) == ["םלועםולש"]
    assert _glued("विभाग हर", "विभाग हर", right_to_left=False) == []
    assert _glued("विभागहर", "विभाग हर", right_to_left=False) == ["विभागहर"]


def _pdftotext(path: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout


def _pdfjs_text(read: dict[str, Any]) -> str:
    return "\n".join(text for page in read["pages"] for text in page["marked"].values())


def _pdfjs_labels(read: dict[str, Any]) -> list[str]:
    """The text pdf.js gives a screen reader for each structure element with a label:
    /ActualText or /Alt (it hands the tree to Firefox's accessibility tree)."""
    found: list[str] = []

    def walk(node: dict[str, Any]) -> None:
        if "alt" in node:
            found.append(node["alt"])
        for kid in node.get("children", []):
            walk(kid)

    for page in read["pages"]:
        walk(page["structTree"] or {})
    return found


def _fold(text: str) -> str:
    return " ".join(_CONTROLS.sub("", text).split())


# --- right to left: every word space at a line break is kept ---------------------------------


@pytest.mark.parametrize("language", RIGHT_TO_LEFT)
def test_no_right_to_left_word_is_glued_in_the_structure_text(built: dict[str, Path],
                                                            language: str) -> None:
    blocks = " \n".join(text for _, text in poppler_blocks(built[language]))
    assert any(map(_script, blocks))
    assert _glued(blocks, TEXTS[language] + " " + MIXED, right_to_left=True) == []


@pytest.mark.parametrize("language", RIGHT_TO_LEFT)
def test_no_right_to_left_word_is_glued_by_pdftotext_or_pdfjs(built: dict[str, Path],
                                                            language: str) -> None:
    typed = TEXTS[language] + " " + MIXED
    assert _glued(_pdftotext(built[language]), typed, right_to_left=True) == []
    assert _glued(_pdfjs_text(pdfjs_read(built[language])), typed, right_to_left=True) == []


def test_pdftotext_reads_hebrew_in_typed_order(built: dict[str, Path]) -> None:
    # poppler puts right-to-left text in order itself: no /ActualText may turn it round.
    assert " ".join(_words(TEXTS["Hebrew"])[:12]) in " ".join(_words(_pdftotext(built["Hebrew"])))


# --- Indic scripts: read back exactly as typed -----------------------------------------------


@pytest.mark.parametrize("language", ["Hindi", "Bengali", "Punjabi", "Gujarati"])
def test_pdftotext_reads_indic_text_exactly_as_typed(built: dict[str, Path],
                                                     language: str) -> None:
    text = _fold(_pdftotext(built[language]))
    # A line break falls somewhere in each sentence: its words joined by one space either way.
    for sentence in re.split("(?<=[।.])\\s+", TEXTS[language]):
        assert sentence in text, sentence


@pytest.mark.parametrize("language", ["Hindi", "Bengali", "Punjabi", "Gujarati"])
def test_pdfjs_structure_tree_reads_indic_text_exactly_as_typed(built: dict[str, Path],
                                                                language: str) -> None:
    read = " ".join(_fold(label) for label in _pdfjs_labels(pdfjs_read(built[language])))
    for sentence in re.split("(?<=[।.])\\s+", TEXTS[language]):
        assert sentence in read, sentence
