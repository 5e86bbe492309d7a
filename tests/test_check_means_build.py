"""The law people rely on: if `check` says a profile is ok, `build` makes its pack.

Hypothesis mutates the sample profiles as people do: it types characters into a value
(emoji, symbols, other scripts, characters pasted from Word, Markdown the subset lacks,
characters no font has) and changes the logo (a name in other letters, another file type,
a file that is not what its name says, a missing file). Whenever check accepts the result,
the whole pack is rendered and audited, as build does.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from generator.build import render_pack
from generator.errors import ProfileError
from generator.policy import available_editions
from generator.profile import check_profile
from tests.conftest import PROFILES, SAMPLES, TODAY

TYPED = st.lists(st.sampled_from([
    "a", "Z", " ", "7", ".", ",", "'", "&", "\U0001f44d", "\U0001f600", "\u2713", "\u2192",
    "\u20ac", "\u00bd", "\u0175", "\u0177", "\u00e9", "\u0628", "\u05e9", "\u0915", "\u5b57",
    "\uac00", "\ue000", "\u00a0", "\u200b", "\u200d", "\u201c", "\u201d", "\u2022", "\u2013",
    "#", "|", "`", ">", "<b>", "*", "_", "[", "]", "(", ")", ":", "\\", "\"", "\u2028",
    "\u3164", "mailto:", "www.", "\u200c", "#1", "&amp;", "~~", "\n\n      \u2022 "]),
    max_size=8).map("".join)
# Where people type: a line that sets a plain value, a line of a `text: |` block, and a
# value inside a {key: value, ...} line (most of dvla.yaml).
TYPED_INTO = (
    re.compile(r"^( *(?:- )?[a-z_]+: )(?![|>\[{\"'])(\S.*)$", re.MULTILINE),
    re.compile(r"^( {6,})(\S.*)$", re.MULTILINE),
    re.compile(r"((?:purpose|audience|managed_by|role|name): )([^,}\"]+)"),
)
LOGO = re.compile(r"(file: )(logos/[\w.-]+)")


def _mutated(sample: str, line: int, at: int, typed: str, logo: str) -> Path:
    folder = Path(tempfile.mkdtemp(prefix="check-means-build-"))
    shutil.copytree(PROFILES / "logos", folder / "logos")
    text = (PROFILES / f"{sample}.yaml").read_text("utf-8")
    values = [m for pattern in TYPED_INTO for m in pattern.finditer(text)]
    chosen = values[line % len(values)]
    value = chosen.group(2)
    cut = at % (len(value) + 1)
    start = chosen.start(2)
    text = text[:start] + value[:cut] + typed + value[cut:] + text[chosen.end(2):]
    text = _change_logo(text, folder, logo)
    (folder / "p.yaml").write_text(text, "utf-8")
    return folder / "p.yaml"


def _change_logo(text: str, folder: Path, how: str) -> str:
    found = LOGO.search(text)
    if found is None or how == "keep":
        return text
    name = found.group(2)
    if how == "other-case":
        return text.replace(name, name.upper(), 1)
    if how == "windows-path":
        return text.replace(name, name.replace("/", "\\"), 1)
    if how == "missing":
        (folder / name).unlink()
    elif how == "not-an-image":
        (folder / name).write_bytes(b"GIF89a not really")
    elif how == "jpg":
        (folder / name).rename(folder / (name.rsplit(".", 1)[0] + ".jpg"))
        return text.replace(name, name.rsplit(".", 1)[0] + ".jpg", 1)
    return text


# Twelve examples for each sample, 48 in all (40 before, drawn across samples), as one test
# per sample: the examples render whole packs, and four tests spread over the suite's workers.
@pytest.mark.parametrize("sample", SAMPLES)
@settings(max_examples=12, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(line=st.integers(0, 200), at=st.integers(0, 200),
       typed=TYPED, logo=st.sampled_from(["keep", "keep", "keep", "other-case", "missing",
                                          "not-an-image", "jpg", "windows-path"]))
def test_if_check_says_ok_build_succeeds(sample: str, line: int, at: int, typed: str,
                                         logo: str) -> None:
    """Check's verdict, then (when it says ok) the whole build: render, audit, nothing to
    publish. `line` picks where the text is typed, `at` where in that value."""
    path = _mutated(sample, line, at, typed, logo)
    try:
        try:
            check_profile(path, available_editions(), TODAY)
        except ProfileError:
            event("check refused it")  # build refuses it too (test_written_by_people.py)
            return
        event("check said ok, so it was built")
        rendered = render_pack(path, TODAY)  # raises if build would refuse it
        assert rendered.outputs
    finally:
        shutil.rmtree(path.parent)
