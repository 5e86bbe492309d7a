"""The public "social media use" page `build` writes beside each pack: the department's
accounts and house rules, for the public, accessible on its own (axe-core in Chromium)."""

from __future__ import annotations

import json
from pathlib import Path

from generator.audit import HtmlAuditor
from tests.conftest import Pack
from tests.outputs import account_text, html_info, html_tables, html_text


def use_page(pack: Pack) -> Path:
    return pack.folder / f"{pack.profile.department.slug}-social-media-use.html"


def test_the_page_is_written_and_listed_in_the_manifest(pack: Pack) -> None:
    manifest = json.loads(pack.manifest.read_text("utf-8"))
    name = f"{pack.profile.department.slug}-social-media-use.html"
    assert name in manifest["outputs"]
    assert (pack.folder / name).is_file()


def test_it_names_the_body_and_lists_its_accounts(pack: Pack) -> None:
    page = use_page(pack)
    info = html_info(page)
    assert info.lang == pack.profile.department.language
    assert info.headings[0] == (1, f"{pack.profile.department.name}: social media use")
    assert [h for level, h in info.headings if level == 2][:2] == [
        "Our accounts", "House rules for comments on our accounts"]
    rows = html_tables(page)["Our official social media accounts"]
    # the language column only where an account says its language (the Welsh Government's)
    said = any(c.language for c in pack.profile.channels)
    assert rows[0] == ["Platform", "Account", "What it is for", "When we watch it",
                       *(["Language"] if said else [])]
    channels = pack.profile.channels
    assert [row[1] for row in rows[1:]] == [account_text(c, channels) for c in channels]
    text = html_text(page)
    assert "We remove comments that are:" in text
    assert "Run by" not in text and "Digital Communications Team" not in text  # staff detail


def test_dwp_page_carries_its_own_rules(packs: dict[str, Pack]) -> None:
    text = html_text(use_page(packs["dwp"]))
    assert "Our accounts cannot answer questions about your own benefit claim." in text
    assert "A message to one of our accounts is not notice of a change of circumstances." in text
    assert "foi-requests@dwp.example" in text


def test_the_page_passes_axe_core(auditor: HtmlAuditor, pack: Pack) -> None:
    rules, findings = auditor.audit(use_page(pack).read_text("utf-8"))
    assert rules > 20
    assert findings == []
