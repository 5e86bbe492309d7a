"""The HTML page of every sample: language, title, one h1, no skipped level, escaping."""

from __future__ import annotations

from tests.conftest import Pack
from tests.outputs import html_info, skipped_levels


def test_language_and_title(pack: Pack) -> None:
    info = html_info(pack.html)
    assert info.lang == pack.profile.department.language
    assert info.title


def test_one_h1_and_no_skipped_level(pack: Pack) -> None:
    levels = [level for level, _ in html_info(pack.html).headings]
    assert levels.count(1) == 1
    assert levels[0] == 1
    assert skipped_levels(levels) == []


def test_landmarks_and_table_headers(pack: Pack) -> None:
    html = pack.html.read_text("utf-8")
    for landmark in ("<header", "<nav", "<main"):
        assert landmark in html
    assert '<th scope="col">' in html
    assert "<caption>" in html


def test_self_contained(pack: Pack) -> None:
    html = pack.html.read_text("utf-8")
    assert 'src="data:image/svg+xml;base64,' in html
    assert "<link" not in html
    assert "<script" not in html
