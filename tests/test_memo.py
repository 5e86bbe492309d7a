"""Work kept on disk between processes (generator/memo.py): the font subsets every HTML page
embeds and the bundled fonts' character maps come back byte for byte as made, a damaged or
unwritable cache costs time and never a build, and the folder cannot grow without end."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator import fonts, memo
from generator.render import docx, html_fonts
from tests.conftest import ROOT

PAGE = ("<!DOCTYPE html><html lang=\"en-GB\"><head><style>p {}</style></head>"
        "<body><p>Polisi cyfryngau cymdeithasol: ŵ ŷ £ €, \u2018quotes\u2019.</p></body></html>")


@pytest.fixture
def kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A cache folder of the test's own, and no result held in this process."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("POLICY_PACK_CACHE", str(folder))
    _forget()
    yield folder
    _forget()


def _forget() -> None:
    html_fonts._subset.cache_clear()
    fonts.coverage.cache_clear()
    fonts._drawable.cache_clear()


FACE = "NotoSans-Regular.ttf"
POINTS = frozenset(map(ord, "Polisi cyfryngau cymdeithasol: \u0175 \u0177 \u00a3 \u20ac"))


def _subset_afresh(folder: str, monkeypatch: pytest.MonkeyPatch) -> bytes:
    monkeypatch.setenv("POLICY_PACK_CACHE", folder)
    _forget()
    return html_fonts._subset(FACE, POINTS)


def test_subsets_read_back_are_the_bytes_made(kept: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    made = html_fonts._subset(FACE, POINTS)
    assert made == html_fonts._cut(FACE, POINTS)  # what the subsetter itself makes
    [woff] = kept.glob("woff-*")
    assert woff.read_bytes() == made
    written = woff.stat().st_ino  # a result made again is a new file, renamed into place
    assert _subset_afresh(str(kept), monkeypatch) == made  # read from disk, not remade
    assert woff.stat().st_ino == written


def test_a_result_cut_short_is_made_again(kept: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    made = html_fonts._subset(FACE, POINTS)
    [woff] = kept.glob("woff-*")
    woff.write_bytes(made[:len(made) // 2])
    assert _subset_afresh(str(kept), monkeypatch) == made
    assert woff.read_bytes() == made


def test_a_cache_that_cannot_be_written_costs_only_time(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", "utf-8")
    made = _subset_afresh(str(blocker / "cache"), monkeypatch)
    assert made == html_fonts._cut(FACE, POINTS)
    assert _subset_afresh("", monkeypatch) == made  # the cache turned off
    assert blocker.read_text("utf-8") == "not a folder"
    _forget()


def test_character_maps_kept_are_the_fonts_own(kept: Path) -> None:
    for name in ("NotoSans-Regular.ttf", "NotoSansArabic-Bold.ttf", "NotoEmoji-Regular.ttf"):
        assert fonts.coverage(name) == fonts._read_cmap(fonts.fonts() / name)
        fonts.coverage.cache_clear()
        assert fonts.coverage(name) == fonts._read_cmap(fonts.fonts() / name)  # from disk
    assert len(list(kept.glob("cmap-*"))) == 3


def test_the_results_used_longest_ago_go_first(kept: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(memo, "KEEP", 3)

    def remember(number: int) -> bytes:
        return memo.remembered("test", (str(number),), lambda: b"%d" % number,
                               lambda data: True)

    for number in range(3):
        assert remember(number) == b"%d" % number
    for path in kept.iterdir():  # written long ago, as far as the pruning can tell
        os.utime(path, (1_000_000_000, 1_000_000_000))
    assert remember(0) == b"0"  # read: used now
    half_written = kept / ".test-left-by-a-killed-process.tmp"
    half_written.write_bytes(b"1")
    os.utime(half_written, (1_000_000_000, 1_000_000_000))
    for number in (3, 4):
        remember(number)
    assert sorted(path.read_bytes() for path in kept.iterdir()) == [b"0", b"3", b"4"]


def test_a_folder_others_may_write_to_is_not_used(kept: Path) -> None:
    kept.mkdir(mode=0o700)
    kept.chmod(0o777)
    assert memo.remembered("test", ("x",), lambda: b"made", lambda data: True) == b"made"
    assert list(kept.iterdir()) == []
    kept.chmod(0o700)
    assert memo.remembered("test", ("x",), lambda: b"made", lambda data: True) == b"made"
    assert len(list(kept.iterdir())) == 1


def test_a_pipe_or_a_link_under_a_key_is_not_read(kept: Path, tmp_path: Path) -> None:
    made = memo.remembered("test", ("pipe",), lambda: b"made", lambda data: True)
    [path] = kept.iterdir()
    path.unlink()
    os.mkfifo(path)  # reading it would wait for a writer for ever
    assert memo.remembered("test", ("pipe",), lambda: b"again", lambda data: True) == b"again"
    assert path.read_bytes() == b"again" and made == b"made"
    elsewhere = tmp_path / "planted"
    elsewhere.write_bytes(b"planted")
    path.unlink()
    path.symlink_to(elsewhere)
    assert memo.remembered("test", ("pipe",), lambda: b"third", lambda data: True) == b"third"
    assert elsewhere.read_bytes() == b"planted"


def test_a_fresh_process_reads_what_another_made(kept: Path) -> None:
    """The point of it all: a second process makes nothing again (no result is rewritten:
    each file keeps its inode), and embeds the same bytes."""
    script = ("import sys; from generator.render import html_fonts; "
              f"sys.stdout.write(html_fonts.embed_fonts({PAGE!r}))")
    env = {"POLICY_PACK_CACHE": str(kept), "PATH": "/usr/bin:/bin"}

    def run() -> str:
        return subprocess.run([sys.executable, "-c", script], check=True, env=env,
                              capture_output=True, text=True).stdout

    first = run()
    made = {path.name: path.stat().st_ino for path in kept.iterdir()}
    assert sum(name.startswith("woff-") for name in made) == 4  # one subset per face
    assert run() == first
    assert {path.name: path.stat().st_ino for path in kept.iterdir()} == made


def test_a_logo_is_drawn_once_and_the_converter_then_never_imported(kept: Path) -> None:
    svg = (ROOT / "profiles" / "logos" / "dvla.svg").read_bytes()
    script = ("import sys; from pathlib import Path; from generator.render import docx; "
              f"png = docx._svg_to_png(Path({str(ROOT / 'profiles' / 'logos' / 'dvla.svg')!r})"
              ".read_bytes()); sys.stdout.write(png.hex() + ' ' + str('cairosvg' in sys.modules))")
    env = {"POLICY_PACK_CACHE": str(kept), "PATH": "/usr/bin:/bin"}

    def run() -> tuple[str, str]:
        out = subprocess.run([sys.executable, "-c", script], check=True, env=env,
                             capture_output=True, text=True).stdout
        png, imported = out.split()
        return png, imported

    drawn, imported = run()
    assert imported == "True"
    assert bytes.fromhex(drawn) == docx._draw_png(svg)  # what the converter itself draws
    assert [path.name[:4] for path in kept.iterdir()] == ["png-"]
    assert run() == (drawn, "False")


def test_a_logo_with_text_is_drawn_each_time(kept: Path) -> None:
    """Its text is drawn with the machine's own fonts, which no key can name."""
    svg = (b'<svg xmlns="http://www.w3.org/2000/svg" width="40" height="10">'
           b'<text x="0" y="9">DVLA</text></svg>')
    assert docx._svg_to_png(svg)[:8] == b"\x89PNG\r\n\x1a\n"
    assert not kept.exists() or list(kept.iterdir()) == []
