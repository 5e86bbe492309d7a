"""The XLIFF 1.2 files a translator's CAT tool reads: written from the samples' real units,
read by the Translate Toolkit (an independent reader), filled by it, read back; re-runs;
the codes of emphasis and links; and every file refused, at its line and column."""

from __future__ import annotations

import copy
import hashlib
import pickle
import re
from dataclasses import replace

import pytest
from translate.storage.placeables import StringElem
from translate.storage.placeables.xliff import G
from translate.storage.xliff import xlifffile

from generator.errors import ProfileError
from generator.language import Unit
from generator.language.xliff import (
    CHANGED_NOTE,
    Run,
    Target,
    Translation,
    is_translated,
    read_xliff,
    resolve,
    source_text,
    write_xliff,
)
from generator.model import Inlines, Link, Text
from tests.language.conftest import Sample

NS = "urn:oasis:names:tc:xliff:document:1.2"


def words(inlines: Inlines) -> str:
    """A unit's English as plain words, whitespace as a CAT tool shows it."""
    return re.sub(r"\s+", " ", "".join(item.text for item in inlines)).strip()


def codes(inlines: Inlines) -> list[Text | Link]:
    return [item for item in inlines if item.text and (isinstance(item, Link)
                                                       or item.style != "plain")]


def local_id(unit: object) -> str:
    """The Toolkit gives an id as ORIGINAL\\x04ID."""
    return str(unit.getid()).split("\x04")[-1]  # type: ignore[attr-defined]


# No sample emphasises a word (only strong emphasis and links): one unit that does all three.
MIXED = Unit("local.mixed/1", "in the section “Mixed”, paragraph 1", (
    Text("Read "), Link("the Code", "https://example.org/code"), Text(", be "),
    Text("kind", "em"), Text(" & "), Text("never", "strong"), Text(" <post> in anger.")),
    False)


def with_mixed(sample: Sample) -> tuple[Unit, ...]:
    return (*sample.units, MIXED)


# --- written, and read by the Translate Toolkit ------------------------------------------------


def test_the_toolkit_reads_every_unit_with_its_english_note_and_codes(sample: Sample) -> None:
    units = with_mixed(sample)
    store = xlifffile.parsestring(write_xliff(units, "cy", sample.original))
    found = store.getunits()
    assert [local_id(u) for u in found] == [u.id for u in units]
    assert store.getsourcelanguage() == "en-GB"
    assert store.gettargetlanguage() == "cy"
    for ours, theirs in zip(units, found, strict=True):
        assert theirs.source == words(ours.source)
        assert theirs.getnotes("policy-pack") == ours.context
        assert not theirs.istranslated() and not theirs.target
        placeholders = [p for p in theirs.rich_source[0].sub if isinstance(p, G)]
        assert [str(p) for p in placeholders] == [item.text for item in codes(ours.source)]
        for code, item in zip(placeholders, codes(ours.source), strict=True):
            kind = "link" if isinstance(item, Link) else item.style
            assert code.xml_attrib["ctype"] == {"link": "link", "em": "italic",
                                                "strong": "bold"}[kind]
        assert "href" not in str(theirs.xmlelement.attrib)  # no address: nothing to break


def test_the_samples_have_codes(samples: dict[str, Sample]) -> None:
    """Else the test above proves less than it says."""
    kinds = {"link" if isinstance(item, Link) else item.style
             for sample in samples.values() for unit in sample.units
             for item in codes(unit.source)}
    assert kinds == {"link", "strong"}


def test_a_link_address_is_not_in_the_file(samples: dict[str, Sample]) -> None:
    sample = samples["dvla"]
    data = write_xliff(sample.units, "cy", sample.original)
    hrefs = {item.href for unit in sample.units for item in unit.source
             if isinstance(item, Link)}
    assert hrefs and not [href for href in hrefs if href.encode() in data]


def test_the_file_is_the_same_bytes_every_time(sample: Sample) -> None:
    first = write_xliff(sample.units, "cy", sample.original)
    assert first == write_xliff(sample.units, "cy", sample.original)
    assert first.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<xliff xmlns="'
                            + NS.encode() + b'" version="1.2">')
    header = (b'<file original="' + sample.original.encode() + b'" source-language="en-GB" '
              b'target-language="cy" datatype="plaintext">')
    assert header in first
    assert b'<tool tool-id="policy-pack" tool-name="policy-pack" tool-version="' in first


def test_read_back_as_written_every_unit_untranslated(sample: Sample) -> None:
    translation = read_xliff(write_xliff(sample.units, "cy", sample.original), "cy.xlf")
    assert translation.language == "cy"
    assert list(translation.targets) == [unit.id for unit in sample.units]
    for unit in sample.units:
        target = translation.targets[unit.id]
        assert target.source == source_text(unit.source)
        assert target.target is None and target.state == ""
        assert not is_translated(target)


def test_an_untranslated_unit_has_no_target_element(samples: dict[str, Sample]) -> None:
    """XLIFF 1.2 puts `state` on <target>, so a unit not yet translated has none: the
    Toolkit reads it as untranslated, and the Okapi filter OmegaT uses cannot take an empty
    <target/> for an empty translation."""
    data = write_xliff(samples["dwp"].units, "cy", "dwp.yaml")
    assert b"<target" not in data
    unit = xlifffile.parsestring(data).getunits()[0]
    assert unit.get_state_n() == unit.S_UNTRANSLATED


# --- filled by the Toolkit, read back ------------------------------------------------------------


def _fill_with_the_toolkit(data: bytes) -> bytes:
    """A translator's work: each target the English in capitals, codes kept where the
    English has them, marked translated, saved by the Toolkit."""
    store = xlifffile.parsestring(data)
    for unit in store.getunits():
        target = copy.deepcopy(unit.rich_source[0])
        for leaf in target.depth_first():
            if isinstance(leaf, StringElem) and leaf.isleaf():
                leaf.sub = [str(part).upper() for part in leaf.sub]
        unit.rich_target = [target]
        unit.marktranslated()
    return bytes(store)


def _capitals(inlines: Inlines) -> Inlines:
    return tuple(Link(i.text.upper(), i.href) if isinstance(i, Link)
                 else Text(i.text.upper(), i.style) for i in inlines if i.text)


def test_a_file_the_toolkit_filled_is_read_back(sample: Sample) -> None:
    filled = _fill_with_the_toolkit(write_xliff(with_mixed(sample), "cy", sample.original))
    translation = read_xliff(filled, "cy.xlf")
    for unit in with_mixed(sample):
        target = translation.targets[unit.id]
        assert is_translated(target), unit.id
        assert target.source == source_text(unit.source)
        assert target.target is not None
        inlines = resolve(target.target, unit.source)
        assert not isinstance(inlines, str), inlines
        assert source_text(inlines) == source_text(_capitals(unit.source))
        assert codes(inlines) == codes(_capitals(unit.source))  # hrefs from the English


# --- run again on a translated file ------------------------------------------------------------


def _translated(sample: Sample) -> Translation:
    return read_xliff(_fill_with_the_toolkit(
        write_xliff(sample.units, "cy", sample.original)), "cy.xlf")


def _changed(unit: Unit, text: str) -> Unit:
    return replace(unit, source=(Text(text),))


def test_a_rerun_keeps_marks_adds_and_drops(samples: dict[str, Sample]) -> None:
    sample = samples["nics-finance"]
    earlier = _translated(sample)
    kept, changed, dropped = sample.units[1], sample.units[2], sample.units[3]
    new = Unit("local.new/1", "in the section “New”, paragraph 1", (Text("A new rule."),),
               False)
    now = [u for u in sample.units if u is not dropped]
    now[now.index(changed)] = _changed(changed, "A changed name")
    data = write_xliff([*now, new], "cy", sample.original, earlier)
    again = read_xliff(data, "cy.xlf")

    assert list(again.targets) == [u.id for u in now] + [new.id]
    assert dropped.id not in again.targets
    assert again.targets[kept.id].target == earlier.targets[kept.id].target
    assert again.targets[kept.id].state == "translated"
    assert is_translated(again.targets[kept.id])

    review = again.targets[changed.id]
    assert review.state == "needs-review-translation" and not is_translated(review)
    assert review.source == "A changed name"
    assert review.target == earlier.targets[changed.id].target
    assert review.previous is not None
    assert review.previous.source == source_text(changed.source)
    assert review.previous.target == earlier.targets[changed.id].target

    assert again.targets[new.id].target is None

    # As the translator's tool sees it.
    units = {local_id(u): u for u in xlifffile.parsestring(data).getunits()}
    assert units[kept.id].istranslated()
    assert units[changed.id].isreview() and not units[changed.id].istranslated()
    assert [(a.source, a.target) for a in units[changed.id].getalttrans()] == [
        (words(changed.source), earlier.targets[changed.id].target[0].text)]  # type: ignore[index]
    assert CHANGED_NOTE in units[changed.id].getnotes("policy-pack")
    assert not units[new.id].istranslated()


def test_the_english_it_was_translated_from_stays_until_someone_reviews_it(
        samples: dict[str, Sample]) -> None:
    sample = samples["nics-finance"]
    unit = sample.units[2]
    first = _translated(sample)
    once = read_xliff(write_xliff([_changed(unit, "Changed once")], "cy", "p", first), "a")
    same = read_xliff(write_xliff([_changed(unit, "Changed once")], "cy", "p", once), "b")
    twice = read_xliff(write_xliff([_changed(unit, "Changed twice")], "cy", "p", same), "c")
    for translation in (once, same, twice):
        target = translation.targets[unit.id]
        assert target.state == "needs-review-translation"
        assert target.previous is not None
        assert target.previous.source == source_text(unit.source)  # the first English
    assert twice.targets[unit.id].source == "Changed twice"

    # Reviewed (state translated): the next run keeps it and drops the old English.
    reviewed = replace(once, targets={unit.id: replace(once.targets[unit.id],
                                                       state="translated")})
    data = write_xliff([_changed(unit, "Changed once")], "cy", "p", reviewed)
    assert b"alt-trans" not in data and CHANGED_NOTE.encode() not in data
    assert is_translated(read_xliff(data, "d").targets[unit.id])


def test_a_rerun_of_a_file_as_written_is_the_same_file(sample: Sample) -> None:
    data = write_xliff(sample.units, "cy", sample.original)
    assert write_xliff(sample.units, "cy", sample.original, read_xliff(data, "x")) == data
    filled = _translated(sample)
    rerun = write_xliff(sample.units, "cy", sample.original, filled)
    assert write_xliff(sample.units, "cy", sample.original, read_xliff(rerun, "x")) == rerun


def test_a_rerun_on_another_language_s_file_is_refused(samples: dict[str, Sample]) -> None:
    sample = samples["dwp"]
    earlier = read_xliff(write_xliff(sample.units, "ga", sample.original), "ga.xlf")
    with pytest.raises(ProfileError) as caught:
        write_xliff(sample.units, "cy", sample.original, earlier)
    assert str(caught.value).startswith("ga.xlf:1:1: this file is a translation into “ga”")


def test_a_file_a_tool_tagged_cy_gb_is_welsh(samples: dict[str, Sample]) -> None:
    sample = samples["dwp"]
    data = _fill_with_the_toolkit(write_xliff(sample.units, "cy", sample.original))
    earlier = read_xliff(data.replace(b'target-language="cy"', b'target-language="cy-GB"'), "x")
    assert earlier.language == "cy-GB"
    again = read_xliff(write_xliff(sample.units, "cy", sample.original, earlier), "y")
    assert again.language == "cy" and all(map(is_translated, again.targets.values()))


def test_a_source_a_tool_reflowed_is_the_same_english(samples: dict[str, Sample]) -> None:
    """The base's soft line breaks are written as spaces; a tool that wraps the source
    again does not make the English look changed."""
    unit = next(u for u in samples["dvla"].units if u.id == "base/source_note")
    assert "\n" in words(unit.source) or "\n" in unit.source[0].text
    data = write_xliff([unit], "cy", "p")
    assert b"page on 20 October" in data
    wrapped = data.replace(b"page on 20 October", b"page\n   on\t20  October")
    assert read_xliff(wrapped, "x").targets[unit.id].source == source_text(unit.source)


# --- source_text ---------------------------------------------------------------------------------


def test_source_text_writes_codes_and_tells_text_from_code() -> None:
    inlines = (Text("Read "), Link("the Code", "https://example.org"), Text("."))
    assert source_text(inlines) == "Read <g1>the Code</g1>."
    assert source_text((Text("Read <g1>the Code</g1>."),)) != source_text(inlines)
    assert source_text((Text(""), Text("Be "), Text("kind", "em"), Text(" & "),
                        Text("fair", "strong"))) == "Be <g1>kind</g1> &amp; <g2>fair</g2>"
    assert source_text((Text(" Two\n  lines "),)) == "Two lines"
    # Spaces at a code's edge as a target read without xml:space="preserve" has them.
    assert source_text((Text(" a "), Text(" b ", "em"), Text("  c"))) == "a <g1>b </g1>c"


# --- resolve -------------------------------------------------------------------------------------

ENGLISH = (Text("Read "), Link("the Code", "https://example.org/code"), Text(" and be "),
           Text("kind", "em"), Text("."))


def test_resolve_gives_each_code_the_english_style_and_address() -> None:
    target = (Run("Darllenwch "), Run("y Cod", 1), Run(" a byddwch yn "), Run("garedig", 2),
              Run("."))
    assert resolve(target, ENGLISH) == (
        Text("Darllenwch "), Link("y Cod", "https://example.org/code"),
        Text(" a byddwch yn "), Text("garedig", "em"), Text("."))
    moved = (Run("garedig", 2), Run(" a "), Run("y Cod", 1))  # Welsh word order may move them
    assert resolve(moved, ENGLISH) == (Text("garedig", "em"), Text(" a "),
                                       Link("y Cod", "https://example.org/code"))


@pytest.mark.parametrize(("target", "says"), [
    ((Run("Darllenwch y Cod a byddwch yn "), Run("garedig", 2)),
     "the translation has lost the link “the Code”"),
    ((Run("Darllenwch y Cod a byddwch yn garedig"),),
     "the translation has lost the link “the Code” and the emphasis on “kind”"),
    ((Run("y Cod", 1), Run(" a "), Run("garedig", 2), Run(" "), Run("iawn", 3)),
     "the translation has a mark-up code (<g id=\"3\">) that the English does not have"),
    ((Run("y Cod", 1), Run(" a "), Run("Cod", 1), Run(" "), Run("garedig", 2)),
     "the translation has the link “the Code” more than once"),
    ((Run("", 1), Run("Darllenwch a byddwch yn "), Run("garedig", 2)),
     "the translation has no words in the link “the Code”"),
])
def test_resolve_names_a_lost_added_repeated_or_empty_code(
        target: tuple[Run, ...], says: str) -> None:
    problem = resolve(target, ENGLISH)
    assert isinstance(problem, str) and problem.startswith(says)


def test_a_plain_unit_takes_no_codes() -> None:
    assert isinstance(resolve((Run("Adran"), Run("Gwaith", 1)), (Text("Department"),)), str)
    assert resolve((Run("Adran Gwaith"),), (Text("Department"),)) == (Text("Adran Gwaith"),)


# --- what a translator's tool may do to the file ---------------------------------------------


def _file(units: str, *, lang: str = "cy", space: str = "") -> bytes:
    """A small XLIFF 1.2 file, each line as written (the tests name lines and columns)."""
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<xliff version="1.2" xmlns="{NS}">\n'
            f' <file original="p.yaml" source-language="en-GB" target-language="{lang}"'
            f' datatype="plaintext">\n'
            f'  <body{space}>\n{units}\n  </body>\n </file>\n</xliff>\n').encode()


def test_whitespace_is_read_as_xml_space_says() -> None:
    unit = ('<trans-unit id="a"><source>Be <g id="1">kind</g>.</source>'
            '<target>\n   Byddwch yn\n   <g id="1"> garedig</g> .  </target></trans-unit>')
    default = read_xliff(_file(unit), "x").targets["a"]
    assert default.target == (Run("Byddwch yn "), Run("garedig", 1), Run(" ."))
    preserved = read_xliff(_file(unit, space=' xml:space="preserve"'), "x").targets["a"]
    assert preserved.target == (Run("\n   Byddwch yn\n   "), Run(" garedig", 1), Run(" .  "))


def test_a_marker_s_words_are_read_and_a_comment_is_not() -> None:
    unit = ('<trans-unit id="a"><source>Hello</source><target state="final">'
            '<mrk mtype="seg" mid="1">Helo <!-- checked -->bawb</mrk></target></trans-unit>')
    target = read_xliff(_file(unit), "x").targets["a"]
    assert target.target == (Run("Helo bawb"),) and is_translated(target)


@pytest.mark.parametrize(("target", "translated"), [
    ('<target state="translated">Helo</target>', True),
    ('<target state="signed-off">Helo</target>', True),
    ('<target state="final">Helo</target>', True),
    ("<target>Helo</target>", True),
    ('<target state="needs-review-translation">Helo</target>', False),
    ('<target state="needs-translation">Helo</target>', False),
    ('<target state="new">Helo</target>', False),
    ('<target state="x-machine">Helo</target>', False),
    ('<target state="translated"/>', False),
    ('<target state="translated">  </target>', False),
    ("", False),
])
def test_what_counts_as_translated(target: str, translated: bool) -> None:
    unit = f'<trans-unit id="a"><source>Hello</source>{target}</trans-unit>'
    assert is_translated(read_xliff(_file(unit), "x").targets["a"]) is translated


def test_units_in_groups_and_other_alternatives_are_read() -> None:
    units = ('<group id="g"><trans-unit id="a"><source>Hi</source><target>Hai</target>'
             '<alt-trans origin="tm"><source>Hi</source><target>Shw mae</target></alt-trans>'
             '</trans-unit></group>')
    target = read_xliff(_file(units), "x").targets["a"]
    assert target.target == (Run("Hai"),) and target.previous is None


# --- refused, with line and column ---------------------------------------------------------------

U = '  <trans-unit id="a"><source>Hi</source></trans-unit>'
CASES = [
    pytest.param(b"Hello, this is Word.", "1:1: this is not an XLIFF file: it is not "
                 "well-formed XML", id="not-xml"),
    pytest.param(_file('  <trans-unit id="a"><source>Hi</trans-unit>'),
                 "5:45: this is not an XLIFF file: it is not well-formed XML", id="broken"),
    pytest.param(b'<?xml version="1.0"?>\n<!DOCTYPE xliff>\n<xliff version="1.2" xmlns="'
                 + NS.encode() + b'"/>', "2:1: the file has a DOCTYPE", id="doctype"),
    pytest.param(b'<?xml version="1.0"?>\n<xliff version="2.0" '
                 b'xmlns="urn:oasis:names:tc:xliff:document:2.0" srcLang="en"/>',
                 "2:1: this is an XLIFF 2.0 file: policy-pack reads XLIFF 1.2", id="xliff-2"),
    pytest.param(_file(U).replace(b' version="1.2"', b""),
                 "2:1: the file does not say which XLIFF version it is", id="no-version"),
    pytest.param(_file(U).replace(b'version="1.2"', b'version="1.1"'),
                 "2:1: the file says it is XLIFF 1.1", id="another-version"),
    pytest.param(b"<html>\n <body/>\n</html>", "1:1: this is not an XLIFF file: it is an XML "
                 "file of another kind (its first element is <html>)", id="not-xliff"),
    pytest.param(b'<xliff version="1.2" xmlns="' + NS.encode() + b'">\n</xliff>',
                 "1:1: the file has no <file> element", id="no-file"),
    pytest.param(_file(U + "\n" + U), "6:3: a: two units have this id: the first is at "
                 "line 5", id="two-ids"),
    pytest.param(_file('  <trans-unit><source>Hi</source></trans-unit>'),
                 "5:3: a <trans-unit> has no id", id="no-id"),
    pytest.param(_file('  <trans-unit id="a"><target>Hi</target></trans-unit>'),
                 "5:3: a: the unit has no <source>", id="no-source"),
    pytest.param(_file('  <trans-unit id="a"><source>Hi</source>\n'
                       '   <target>Hai</target><target>Shw mae</target></trans-unit>'),
                 "6:24: a: the unit has a second <target>", id="two-targets"),
    pytest.param(_file(U, lang="").replace(b' target-language=""', b""),
                 "3:2: the <file> does not say which language", id="no-target-language"),
    pytest.param(_file('  <trans-unit id="a"><source>Hi <g id="1" ctype="underlined">you'
                       '</g></source></trans-unit>'),
                 "5:33: a: the text has a <g> code of a kind policy-pack does not write "
                 "(ctype=\"underlined\")", id="g-ctype"),
    pytest.param(_file('  <trans-unit id="a"><source>Hi <g id="1">a <g id="2">b</g></g>'
                       '</source></trans-unit>'),
                 "5:45: a: the text has a code inside another code", id="g-nested"),
    pytest.param(_file('  <trans-unit id="a"><source>Hi</source><target>Hai <g id="one">'
                       'x</g></target></trans-unit>'),
                 "5:53: a: the text has a <g> code whose id is “one”", id="g-id"),
    pytest.param(_file('  <trans-unit id="a"><source>Hi</source><target>Hai<x id="1"/>'
                       '</target></trans-unit>'),
                 "5:52: a: the text has a placeholder (<x>) that policy-pack never writes",
                 id="x"),
    pytest.param(_file('  <trans-unit id="a"><source>Hi</source><target><bx id="1"/>Hai'
                       '<ex id="1"/></target></trans-unit>'),
                 "5:49: a: the text has the start of a split code (<bx>)", id="bx-ex"),
    pytest.param(_file('  <trans-unit id="a"><source>Hi</source><target>Hai<b>!</b>'
                       '</target></trans-unit>'),
                 "5:52: a: the text has an element policy-pack does not know (<b>)",
                 id="unknown"),
]


@pytest.mark.parametrize(("data", "says"), CASES)
def test_a_file_that_is_not_xliff_1_2_is_refused_at_its_line(data: bytes, says: str) -> None:
    with pytest.raises(ProfileError) as caught:
        read_xliff(data, "cy.xlf")
    assert str(caught.value).startswith(f"cy.xlf:{says}"), str(caught.value)
    for problem in caught.value.problems:
        assert problem.hint  # what to do, for the officer who sent the file


def test_every_problem_of_a_file_at_once() -> None:
    data = _file('  <trans-unit><source>Hi</source></trans-unit>\n'
                 '  <trans-unit id="b"><source>Hi</source><target><x/></target></trans-unit>')
    with pytest.raises(ProfileError) as caught:
        read_xliff(data, "cy.xlf")
    assert [(p.line, p.column) for p in caught.value.problems] == [(5, 3), (6, 49)]


# --- hostile files -------------------------------------------------------------------------------

LAUGHS = (b'<?xml version="1.0"?>\n<!DOCTYPE xliff [\n <!ENTITY lol "lol">\n'
          + b"".join(b' <!ENTITY lol%d "%s">\n' % (n, (b"&lol%d;" % (n - 1) if n > 1
                                                       else b"&lol;") * 10)
                     for n in range(1, 10))
          + b']>\n<xliff version="1.2" xmlns="' + NS.encode() + b'">&lol9;</xliff>')
EXTERNAL = (b'<?xml version="1.0"?>\n<!DOCTYPE xliff [<!ENTITY e SYSTEM "file:///etc/passwd">'
            b']>\n<xliff version="1.2" xmlns="' + NS.encode() + b'"><file>&e;</file></xliff>')


@pytest.mark.parametrize(("data", "says"), [
    pytest.param(LAUGHS, "2:1: the file has a DOCTYPE", id="billion-laughs"),
    pytest.param(EXTERNAL, "2:1: the file has a DOCTYPE", id="external-entity"),
    pytest.param(_file(U).replace(b"<body>", b"<body>" + b" " * (6 * 2**20)),
                 "1:1: the file is 6.0 MB", id="six-megabytes"),
    pytest.param(bytes(range(256)) * 64, "1:1: this is not an XLIFF file", id="binary"),
    pytest.param(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100,
                 "1:1: this is an image, not an XLIFF translation file", id="png"),
    pytest.param(b"", "1:1: this is not an XLIFF file", id="empty"),
])
def test_a_hostile_file_is_refused_quickly_and_plainly(data: bytes, says: str) -> None:
    with pytest.raises(ProfileError) as caught:
        read_xliff(data, "cy.xlf")
    assert str(caught.value).startswith(f"cy.xlf:{says}"), str(caught.value)


def test_no_entity_is_ever_expanded_nor_a_file_read() -> None:
    for data in (LAUGHS, EXTERNAL):
        with pytest.raises(ProfileError) as caught:
            read_xliff(data, "cy.xlf")
        assert "root:" not in str(caught.value) and "lollol" not in str(caught.value)


UNIT = ('<trans-unit id="a">\n   <source>Hello</source>\n'
        '   <target state="translated">Shw mae ŵŷ</target></trans-unit>')


@pytest.mark.parametrize("encode", [
    pytest.param(lambda text: text.encode(), id="utf-8"),
    pytest.param(lambda text: b"\xef\xbb\xbf" + text.encode(), id="bom"),
    pytest.param(lambda text: text.replace("\n", "\r\n").encode(), id="crlf"),
    pytest.param(lambda text: text.replace('"UTF-8"', '"UTF-16"').encode("utf-16"),
                 id="utf-16"),
])
def test_encodings_and_line_ends_lxml_reads_are_read(encode: object) -> None:
    """UTF-16 (with its byte order mark) is read: lxml reads it, and some Windows tools
    write it. Lines and columns are the same whatever the encoding and line ends."""
    data = encode(_file(UNIT).decode())  # type: ignore[operator]
    target = read_xliff(data, "x").targets["a"]
    assert target.target == (Run("Shw mae ŵŷ"),)
    assert (target.line, target.column) == (5, 1)
    broken = encode(_file(UNIT.replace("Shw mae", "<x/>Shw mae")).decode())  # type: ignore[operator]
    with pytest.raises(ProfileError) as caught:
        read_xliff(broken, "x")
    assert [(p.line, p.column) for p in caught.value.problems] == [(7, 31)]


def test_a_unit_s_place_is_its_start_tag() -> None:
    data = _file('  <!-- <trans-unit id="fake"> -->\n  <![CDATA[<trans-unit>]]>\n'
                 '  <trans-unit\n     id="a"><source>Hi</source></trans-unit>')
    target = read_xliff(data, "x").targets["a"]
    assert (target.line, target.column) == (7, 3)


def test_the_hash_is_of_the_file_s_bytes_and_it_crosses_to_a_worker() -> None:
    data = _file(UNIT)
    translation = read_xliff(data, "x")
    assert translation.sha256 == hashlib.sha256(data).hexdigest()
    assert pickle.loads(pickle.dumps(translation)) == translation


def test_targets_are_by_id_in_file_order() -> None:
    data = _file('<trans-unit id="b"><source>B</source></trans-unit>'
                 '<trans-unit id="a"><source>A</source></trans-unit>')
    targets = read_xliff(data, "x").targets
    assert list(targets) == ["b", "a"]
    assert targets["a"] == Target("a", "A", None, "", 5, 51)


@pytest.mark.parametrize(("start", "said"), [
    (b"PK\x03\x04\x14\x00\x06\x00", "this is a Word document or another zipped file"),
    (b"%PDF-1.7\n", "this is a PDF, not an XLIFF translation file")])
def test_a_file_picked_by_mistake_is_named_for_what_it_is(start: bytes, said: str) -> None:
    with pytest.raises(ProfileError) as raised:
        read_xliff(start + b"\x00" * 64, "welsh.xlf")
    assert str(raised.value).startswith(f"welsh.xlf:1:1: {said}")


def test_text_that_moved_keeps_its_translation_and_leaves_no_wrong_one_behind() -> None:
    """An account added before the others moves every cell under it (IDs are positions):
    its English takes its translation to its new ID, and the new account's text is new,
    not the old account's Welsh to review."""
    first = (Unit("channels/1/purpose", "", (Text("News"),), True),
             Unit("channels/2/purpose", "", (Text("Jobs"),), True))
    done = _done(write_xliff(first, "cy", "p.yaml"), {"News": "Newyddion", "Jobs": "Swyddi"})
    added = (Unit("channels/1/purpose", "", (Text("Events"),), True),
             Unit("channels/2/purpose", "", (Text("News"),), True),
             Unit("channels/3/purpose", "", (Text("Jobs"),), True))
    again = read_xliff(write_xliff(added, "cy", "p.yaml", done), "cy.xlf").targets
    assert again["channels/1/purpose"].target is None  # new text, nobody's Welsh
    assert _words(again["channels/2/purpose"]) == "Newyddion"
    assert _words(again["channels/3/purpose"]) == "Swyddi"
    assert {again[k].state for k in ("channels/2/purpose", "channels/3/purpose")} == {
        "translated"}


def _done(data: bytes, welsh: dict[str, str]) -> Translation:
    """The file with each English's Welsh, as a translator's tool saves it."""
    store = xlifffile.parsestring(data)
    for unit in store.units:
        if unit.getid():
            unit.target = welsh[unit.source]
            unit.markfuzzy(False)
    return read_xliff(bytes(store), "cy.xlf")


def _words(target: Target) -> str:
    return "".join(run.text for run in target.target or ())
