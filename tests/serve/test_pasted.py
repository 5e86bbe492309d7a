"""Text as pasted from Word, a PDF or a web page (issue 24, deliverable 5): a block of text
stays a block, and the file's history shows only the lines the person changed."""

from __future__ import annotations

import difflib
import re
import sys

import pytest

from generator.policy import available_editions
from generator.profile import check_profile
from generator.profile.text import _HIDDEN
from generator.serve.answers.pasted import as_typed
from tests.serve.conftest import TODAY, Editor

RULE = "/p/dvla.yaml/list/local-rules/1"
FIELD = "local_rules[1].text"
LINE = "- Add captions to every video."  # the second of the rule's five lines
FILE_LINE = "      " + LINE


def changed(before: bytes, after: bytes) -> list[str]:
    """The lines a version-control diff shows as removed (-) and added (+)."""
    diff = difflib.unified_diff(before.decode().split("\n"), after.decode().split("\n"),
                                n=0, lineterm="")
    return [line for line in diff if line[:1] in "+-" and line[:3] not in ("+++", "---")]


# (what the person's line became, as pasted; the file's lines that must replace FILE_LINE)
PASTES = {
    "no-break space": ("- Add captions\u00a0to every video.",
                       ["      - Add captions\u00a0to every video."]),
    "narrow no-break space": ("- Add captions to 100\u202f% of videos.",
                              ["      - Add captions to 100\u202f% of videos."]),
    "smart quotes": ("- Add \u201ccaptions\u201d to every video\u2019s sound.",
                     ["      - Add \u201ccaptions\u201d to every video\u2019s sound."]),
    "en and em dashes": ("- Add captions \u2013 all of them \u2014 to every video.",
                         ["      - Add captions \u2013 all of them \u2014 to every video."]),
    "Word bullet and tab": ("\u2022\tAdd captions to every video.",
                            ["      \u2022\tAdd captions to every video."]),
    "white bullet": ("\u25e6 Add captions to every video.",
                     ["      \u25e6 Add captions to every video."]),
    "square bullet": ("\u25aa Add captions to every video.",
                      ["      \u25aa Add captions to every video."]),
    "tab inside": ("- Add captions\tto every video.", ["      - Add captions\tto every video."]),
    "indented by a tab": ("\tand captions to every video.",
                          ["      \tand captions to every video."]),
    "trailing spaces": ("- Add captions to every video.   ",
                        ["      - Add captions to every video.   "]),
    # A break within an item continues it: indented under its text (not a new paragraph).
    "line separator": ("- Add captions\u2028to every video.",
                       ["      - Add captions", "        to every video."]),
    "paragraph separator": ("- Add captions.\u2029Then more.",
                            ["      - Add captions.", "", "      Then more."]),
    "Shift+Enter from Word": ("- Add captions\x0bto every video.",
                              ["      - Add captions", "        to every video."]),
    "zero-width space": ("- Add\u200b captions to\u200b every video.", [FILE_LINE]),
    "word joiner and BOM": ("\ufeff- Add captions\u2060 to every video.", [FILE_LINE]),
    "bidirectional override": ("- Add captions \u202eto every video.\u202c", [FILE_LINE]),
    "a line of spaces": ("- Add captions to every video.\n  \u00a0 ", [FILE_LINE, ""]),
}


@pytest.mark.parametrize("case", PASTES)
def test_a_pasted_line_changes_only_that_line(editor: Editor, case: str) -> None:
    pasted, lines = PASTES[case]
    before = editor.file("dvla.yaml")
    data = editor.form(RULE)
    assert data[FIELD].split("\n")[1] == LINE
    typed = data[FIELD].split("\n")
    typed[1] = pasted
    data[FIELD] = "\r\n".join(typed)  # as a browser sends a textarea: CRLF
    editor.post(RULE, data)
    # The file is exactly as it was but for that line: every other byte, the block's
    # header and its other lines included, is unchanged.
    expected = before.decode().replace(FILE_LINE + "\n", "\n".join(lines) + "\n", 1)
    assert editor.file("dvla.yaml").decode() == expected
    assert check_profile(editor.folder / "dvla.yaml", available_editions(), TODAY)


def test_a_block_whose_first_line_starts_with_a_tab_stays_a_block(editor: Editor) -> None:
    before = editor.file("dvla.yaml")
    data = editor.form(RULE)
    data[FIELD] = "\t" + data[FIELD]
    editor.post(RULE, data)
    assert changed(before, editor.file("dvla.yaml")) == [
        "-    text: |", "-      - Add alt text to every image.",
        "+    text: |2", "+      \t- Add alt text to every image."]
    # and back again: the indentation digit goes, the lines are as they were
    data = editor.form(RULE)
    assert data[FIELD].startswith("\t- Add alt text")
    data[FIELD] = data[FIELD].removeprefix("\t")
    editor.post(RULE, data)
    assert editor.file("dvla.yaml") == before


@pytest.mark.parametrize(("url", "field", "name", "old", "new"), [
    ("/p/dwp.yaml/page/other-topics", "election_periods", "dwp.yaml",
     "  information. Ask the Press Office before you post anything else.",
     "  information. Ask the Press\u00a0Office before you post anything\u2009else."),
    ("/p/nics-finance.yaml/sections/principles.civil-service-code",
     "adaptations.principles.civil-service-code.text", "nics-finance.yaml",
     "      for work or in a personal capacity.",
     "      for work or in a \u201cpersonal\u201d\u00a0capacity."),
])
def test_every_kind_of_block_keeps_a_pasted_no_break_space(
        editor: Editor, url: str, field: str, name: str, old: str, new: str) -> None:
    before = editor.file(name)
    data = editor.form(url)
    if "/sections/" in url:
        data.setdefault("choice", "replace")
    data[field] = data[field].replace(old.strip(), new.strip())
    editor.post(url, data)
    assert changed(before, editor.file(name)) == ["-" + old, "+" + new]


def test_an_untouched_page_holding_pasted_characters_is_left_byte_for_byte(
        editor: Editor) -> None:
    """A page whose file holds a no-break space in a block (written by hand, or pasted
    before) sends it back as it is: no edit, even though nothing is normalised there."""
    path = editor.folder / "dvla.yaml"
    path.write_bytes(path.read_bytes().replace(b"Add captions ", "Add\u00a0captions ".encode()))
    before = path.read_bytes()
    editor.post(RULE, editor.form(RULE))
    assert path.read_bytes() == before


def test_as_typed_removes_exactly_what_the_loader_refuses() -> None:
    """Every code point, alone between letters, and next to the joining letters and emoji
    where joiners belong: after as_typed, the loader's invisible-character rule finds
    nothing, and nothing the loader accepts was removed (the line breaks aside)."""
    breaks = "\r\x0b\x0c\x85\u2028\u2029"
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        if 0xD800 <= code <= 0xDFFF or char in breaks or char == "\n":
            continue
        for context in ("a{}b", "\u0628{}\u0628", "\U0001f468{}\U0001f469", "{}"):
            pasted = context.format(char)
            typed = as_typed(pasted, one_line=True)
            assert _HIDDEN.search(typed) is None, hex(code)
            if _HIDDEN.search(pasted) is None and not char.isspace():
                assert typed == pasted, hex(code)


@pytest.mark.parametrize(("pasted", "typed"), [
    ("one\u2028two", "one two"), ("one\r\ntwo", "one two"), ("\u2029one\u200b", "one"),
])
def test_a_one_line_answer_gets_spaces_for_line_breaks(pasted: str, typed: str) -> None:
    assert as_typed(pasted, one_line=True) == typed


def test_a_later_edit_keeps_the_no_break_spaces_of_lines_left_alone(editor: Editor) -> None:
    """The page shows a no-break space as a space (the loader reads it so): changing one
    line of the text later leaves the file's other lines, no-break spaces and all, as they
    were."""
    url = "/p/dwp.yaml/page/other-topics"
    form = editor.form(url)
    form["election_periods"] = "We post\u00a0only facts.\nSecond\u00a0line.\nThird line."
    editor.post(url, form)
    before = editor.file("dwp.yaml").decode()
    form = editor.form(url)
    assert "\u00a0" not in form["election_periods"]  # shown as spaces
    form["election_periods"] = form["election_periods"].replace("Third line.", "Third, new.")
    editor.post(url, form)
    after = editor.file("dwp.yaml").decode()
    changed = [line for line in difflib.unified_diff(before.splitlines(), after.splitlines(),
                                                     lineterm="", n=0)
               if line.startswith(("+", "-")) and not line.startswith(("+++", "---"))]
    assert changed == ["-  Third line.", "+  Third, new."]


@pytest.mark.parametrize(("pasted", "written"), [
    ("\u2022 No photographs\nAsk first.", "\u2022 No photographs\n\nAsk first."),
    ("- one\n- two\nAfter.", "- one\n- two\n\nAfter."),
    ("1. one\nAfter.", "1. one\n\nAfter."),
    ("- one\n  more of one\n- two", "- one\n  more of one\n- two"),  # indented: the item's
    ("Before.\n- one\n\nAfter.", "Before.\n- one\n\nAfter."),  # ended already
])
def test_a_paragraph_pasted_after_a_list_is_not_swallowed_by_its_last_item(
        pasted: str, written: str) -> None:
    assert as_typed(pasted) == written


def test_the_policy_prints_the_paragraph_after_the_list_on_its_own(editor: Editor) -> None:
    url = "/p/dwp.yaml/page/other-topics"
    form = editor.form(url)
    form["election_periods"] = "\u2022 No photographs of candidates\nAsk the Head of News."
    editor.post(url, form)
    page = editor.get("/p/dwp.yaml/preview/all")
    assert re.search(r"No photographs of candidates\s*</li>\s*</ul>\s*<p>Ask the Head of News",
                     page), page[page.find("No photographs") - 200:][:600]
