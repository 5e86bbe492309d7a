"""The pseudo-translation proves the machinery without a translator: every unit marked, a
third longer, with ŵ and ŷ, its codes intact, and read back as translated; and the thin
script around it speaks plainly."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from translate.storage.xliff import xlifffile

from generator.errors import ProfileError
from generator.fonts import undrawable
from generator.language.pseudo import PSEUDO_END, PSEUDO_MARK, is_pseudo, pseudo_translate
from generator.language.xliff import (
    CHANGED_NOTE,
    is_translated,
    read_xliff,
    resolve,
    write_xliff,
)
from generator.model import Link, Text
from tests.conftest import ROOT
from tests.language.conftest import Sample
from tests.language.test_xliff import MIXED, codes, with_mixed, words


def test_every_unit_is_marked_longer_by_a_third_with_w_and_y_circumflex(sample: Sample) -> None:
    units = with_mixed(sample)
    translation = read_xliff(pseudo_translate(write_xliff(units, "cy", sample.original)), "x")
    for unit in units:
        target = translation.targets[unit.id]
        assert is_translated(target) and target.state == "translated"
        assert target.target is not None
        inlines = resolve(target.target, unit.source)
        assert not isinstance(inlines, str), inlines
        text = "".join(item.text for item in inlines)
        assert text.startswith(PSEUDO_MARK) and text.endswith(PSEUDO_END)
        assert len(text) >= len(words(unit.source)) * 4 / 3
        assert "ŵ" in text and "ŷ" in text
        # The codes intact: the same kinds and addresses, in the same order.
        assert [type(i) for i in codes(inlines)] == [type(i) for i in codes(unit.source)]
        assert [i.href for i in codes(inlines) if isinstance(i, Link)] == [
            i.href for i in codes(unit.source) if isinstance(i, Link)]
        assert [i.style for i in codes(inlines) if isinstance(i, Text)] == [
            i.style for i in codes(unit.source) if isinstance(i, Text)]
        assert is_pseudo(inlines) and not is_pseudo(unit.source)
        assert not undrawable(text)  # the bundled fonts draw every mark and letter


def test_the_english_words_show_through(samples: dict[str, Sample]) -> None:
    """A reviewer of the pseudo pack can still tell which text is which."""
    data = pseudo_translate(write_xliff([MIXED], "cy", "p"))
    target = read_xliff(data, "x").targets[MIXED.id].target
    assert target is not None
    assert "".join(run.text for run in target).startswith(
        "⟦Rêâd thê Côdê, bê kînd & nêvêr <pôst> în ângêr. ŵŷŵŷ")


def test_the_toolkit_reads_the_pseudo_file(samples: dict[str, Sample]) -> None:
    sample = samples["dvla"]
    data = pseudo_translate(write_xliff(sample.units, "cy", sample.original))
    for unit in xlifffile.parsestring(data).getunits():
        assert unit.target.startswith(PSEUDO_MARK)
        assert unit.get_state_n() == unit.S_TRANSLATED  # state="translated", not approved
        assert unit.getnotes("policy-pack")


def test_a_rerun_file_s_review_marks_are_replaced(samples: dict[str, Sample]) -> None:
    sample = samples["nics-finance"]
    unit = sample.units[2]
    first = read_xliff(pseudo_translate(write_xliff(sample.units, "cy", sample.original)), "a")
    changed = replace(unit, source=(Text("Changed"),))
    rerun = write_xliff([changed], "cy", sample.original, first)
    assert b"alt-trans" in rerun and CHANGED_NOTE.encode() in rerun
    again = pseudo_translate(rerun)
    assert b"alt-trans" not in again and CHANGED_NOTE.encode() not in again
    assert is_translated(read_xliff(again, "b").targets[unit.id])
    assert pseudo_translate(again) == again  # from the English each time


def test_a_file_that_is_not_xliff_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ProfileError) as caught:
        pseudo_translate(b"<html/>", "in.xlf")
    assert str(caught.value).startswith("in.xlf:1:1: this is not an XLIFF file")


# --- the script ----------------------------------------------------------------------------------


def _script(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, ROOT / "scripts" / "pseudo_translate.py", *args],
                          capture_output=True, text=True, check=False, timeout=60)


def test_the_script_writes_beside_the_file(tmp_path: Path,
                                           samples: dict[str, Sample]) -> None:
    sample = samples["welsh-government"]
    source = tmp_path / "cy.xlf"
    source.write_bytes(write_xliff(sample.units, "cy", sample.original))
    done = _script(source)
    assert done.returncode == 0, done.stderr
    written = tmp_path / "cy-pseudo.xlf"
    assert done.stdout == f"wrote {written}: every unit pseudo-translated (not a translation).\n"
    assert written.read_bytes() == pseudo_translate(source.read_bytes())
    assert source.read_bytes() == write_xliff(sample.units, "cy", sample.original)  # untouched
    out = tmp_path / "out.xlf"
    assert _script(source, out).returncode == 0 and out.read_bytes() == written.read_bytes()


@pytest.mark.parametrize(("content", "says"), [
    (None, "cannot read the file (No such file or directory)"),
    (b"\x00\xff junk", ":1:1: this is not an XLIFF file: it is not well-formed XML"),
    (b'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM "/etc/passwd">]><x>&e;</x>',
     ":2:1: the file has a DOCTYPE"),
])
def test_the_script_says_what_is_wrong_without_a_traceback(
        tmp_path: Path, content: bytes | None, says: str) -> None:
    source = tmp_path / "in.xlf"
    if content is not None:
        source.write_bytes(content)
    done = _script(source)
    assert done.returncode == 2
    assert done.stderr.startswith(f"{source}") and says in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "in-pseudo.xlf").exists()


def test_the_script_s_usage() -> None:
    done = _script()
    assert done.returncode == 2
    assert done.stderr == "usage: python scripts/pseudo_translate.py IN.xlf [OUT.xlf]\n"
