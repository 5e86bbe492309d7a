"""`check` refuses exactly what `build` refuses, for text in other scripts (issue 27, point 6).

The same hostile-script profiles go through check and through build's render and audit:
Arabic, Hebrew, Urdu and the Indic scripts the bundled fonts draw, in a local rule, a
replacement, a channel's purpose (a table cell) and a house rule, mixed with English,
numbers and links; and characters check must refuse (a bidirectional override, a script no
bundled font draws), which build must refuse too, with the field's line and column.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.build import render_pack
from generator.errors import ProfileError
from generator.policy import available_editions
from generator.profile import check_profile
from tests.conftest import TODAY
from tests.render.test_scripts_read_back import TEXTS, script_profile

pytestmark = pytest.mark.renders

HOSTILE = {
    **TEXTS,
    "Urdu": "ہم سوشل میڈیا پر خبریں شائع کرتے ہیں اور عام سوالوں کا جواب دو دن میں دیتے "
            "ہیں\u06d4 کسی فرد کی ذاتی معلومات شائع نہ کریں، اور انفرادی دعوے کی تفصیل "
            "مانگنے والے پیغامات کا جواب نہ دیں\u06d4",  # an Urdu full stop
    # Every script in one paragraph, each a few words, with numbers between them.
    "Mixed": " ".join(" ".join(text.split()[:4]) + f" {number}"
                      for number, text in enumerate(TEXTS.values(), start=1)),
}
# What check refuses: a right-to-left override (text stored one way, shown another) and
# Thai, which no bundled font draws.
REFUSED = {"override": "\u202eشيء\u202c", "Thai": "ภาษาไทย"}


def _verdicts(path: Path) -> tuple[str, str]:
    """(check's verdict, build's): "ok", or the first problem's place and message."""
    try:
        check_profile(path, available_editions(), TODAY)
        checked = "ok"
    except ProfileError as exc:
        checked = str(exc.problems[0])
    try:
        render_pack(path, TODAY)  # render and audit, as build does; writes nothing
        built = "ok"
    except ProfileError as exc:
        built = str(exc.problems[0])
    return checked, built


@pytest.fixture
def profiles(tmp_path: Path) -> dict[str, Path]:
    return {name: script_profile(tmp_path / name, name, HOSTILE) for name in HOSTILE}


def test_check_and_build_both_accept_every_drawable_script(profiles: dict[str, Path]) -> None:
    # Any other failure of build (its PDF audit refusing a lost word space, a glyph with
    # no text) raises a RenderError here, which check did not foresee.
    assert {name: _verdicts(path) for name, path in profiles.items()} == {
        name: ("ok", "ok") for name in HOSTILE}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_check_and_build_refuse_alike_at_the_fields_line(tmp_path: Path, name: str) -> None:
    texts = {name: f"{TEXTS['Arabic']} {REFUSED[name]} {TEXTS['Hindi']}"}
    path = script_profile(tmp_path / "p", name, texts)
    checked, built = _verdicts(path)
    assert checked == built != "ok"
    assert checked.startswith(f"{path}:")  # a line and column in the profile
    assert checked.split(":")[1].isdigit() and checked.split(":")[2].isdigit()
