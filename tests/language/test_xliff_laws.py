"""Laws, on generated input (Hypothesis): the reader never raises anything but the
project's own error, whatever bytes it is given; what is written is read back as written."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.errors import ProfileError
from generator.language import Unit
from generator.language.xliff import read_xliff, resolve, source_text, write_xliff
from generator.model import Inline, Link, Text
from tests.language.test_xliff import MIXED

SEED = write_xliff([MIXED, Unit("a/1", "somewhere", (Text("Hello"),), True)], "cy", "p")


def _read_or_refuse(data: bytes) -> None:
    try:
        read_xliff(data, "x.xlf")
    except ProfileError as exc:
        assert exc.problems and all(p.line >= 1 and p.column >= 1 for p in exc.problems)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=400))
def test_any_bytes_are_read_or_refused_plainly(data: bytes) -> None:
    _read_or_refuse(data)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.integers(0, len(SEED) - 1), st.binary(max_size=6)), max_size=4))
def test_a_real_file_damaged_anywhere_is_read_or_refused_plainly(
        edits: list[tuple[int, bytes]]) -> None:
    data = SEED
    for at, insert in edits:
        data = data[:at] + insert + data[at + 1:]
    _read_or_refuse(data)


# Words, not only spaces: a code with no words is refused by `resolve` (a link a reader
# cannot find), and the English never has one (Markdown makes none).
WORDS = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1,
                max_size=12).filter(lambda text: text.strip(" \t\r\n"))
INLINE = st.one_of(
    st.builds(Text, WORDS, st.sampled_from(["plain", "em", "strong"])),
    st.builds(Link, WORDS, st.just("https://example.org/")))


@settings(max_examples=200, deadline=None)
@given(st.lists(INLINE, min_size=1, max_size=6))
def test_written_then_read_the_english_is_the_same(inlines: list[Inline]) -> None:
    source = tuple(inlines)
    data = write_xliff([Unit("u/1", "a place", source, False)], "cy", "p")
    target = read_xliff(data, "x").targets["u/1"]
    assert target.source == source_text(source)
    # The file's English, taken as a translation, resolves to the English itself.
    unit = data.split(b"<source")[1]
    filled = data.replace(b"</note>", b"</note>\n<target" + unit.split(b"</source>")[0]
                          .replace(b'xml:lang="en-GB"', b'xml:lang="cy"') + b"</target>", 1)
    translated = read_xliff(filled, "x").targets["u/1"].target
    if translated is not None:
        resolved = resolve(translated, source)
        assert not isinstance(resolved, str), resolved
        assert source_text(resolved) == source_text(source)
