"""A Welsh pack as a Welsh body makes one: `translate`, a translator's tool, `check`, `build`.

The translator is the pseudo-translation (scripts/pseudo_translate.py: every target the
English with a marker, a third longer, with ŵ and ŷ), or the Translate Toolkit standing in
for a CAT tool, so the machinery is proved without Welsh nobody translated.
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pikepdf
import pytest
from translate.storage.xliff import xlifffile

from generator.language import pseudo_translate
from tests.conftest import ROOT

SLUG = "welsh-government"
WELSH = [f"{SLUG}-social-media-policy-cy.{x}" for x in ("docx", "html", "pdf")]


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator.cli", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture
def welsh(profile_dir: Path) -> Path:
    """The Welsh Government's sample profile naming a translation file not yet written."""
    profile = profile_dir / f"{SLUG}.yaml"
    text = re.sub(r"(?m)^translations:.*\n(?:  .*\n)*", "", profile.read_text("utf-8"))
    profile.write_text(text + "translations:\n  cy: wg-cy.xlf\n", "utf-8")
    (profile_dir / "wg-cy.xlf").unlink(missing_ok=True)
    return profile


def translate(profile: Path) -> subprocess.CompletedProcess[str]:
    return run("translate", str(profile), "--lang", "cy", "--out",
               str(profile.parent / "wg-cy.xlf"))


def test_an_untranslated_file_holds_the_welsh_pack_back_and_check_says_the_same(
        welsh: Path, tmp_path: Path) -> None:
    made = translate(welsh)
    assert made.returncode == 0, made.stderr
    assert re.search(r"wrote .*wg-cy\.xlf: (\d+) units, 0 translated", made.stdout)
    built = run("build", str(welsh), "--out", str(tmp_path))
    assert built.returncode == 1, built.stdout + built.stderr
    assert "NOT TRANSLATED" in built.stderr
    assert "the Welsh pack was not made (the English pack was)" in built.stderr
    assert "0 failed, 1 not made in Welsh" in built.stdout
    folder = tmp_path / SLUG
    assert (folder / f"{SLUG}-social-media-policy.pdf").exists()
    assert not any((folder / name).exists() for name in WELSH)
    # each unit named at its line in the file, with its ID and where it appears
    xlf = welsh.parent / "wg-cy.xlf"
    line = next(n for n, text in enumerate(xlf.read_text("utf-8").splitlines(), 1)
                if 'id="department/name"' in text)
    assert re.search(rf"wg-cy\.xlf:{line}:\d+: department/name: is not translated yet "
                     r"\(the department's name: “Welsh Government”\)", built.stderr)
    checked = run("check", str(welsh))
    assert checked.returncode == 1
    assert "build would make the English pack, but not the Welsh one" in checked.stderr
    held = sorted(x for x in built.stderr.splitlines() if "wg-cy.xlf:" in x)
    assert held and held == sorted(x for x in checked.stderr.splitlines() if "wg-cy.xlf:" in x)
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    record = manifest["translations"]["cy"]
    assert record["file"] == "wg-cy.xlf" and record["translated"] == 0
    assert record["made"] is False and record["units"] == len(held)
    english = (folder / f"{SLUG}-social-media-policy.html").read_text("utf-8")
    assert "-cy.html" not in english  # no link to a Welsh pack that was not made


def test_a_translated_file_makes_a_welsh_pack_tagged_welsh_and_linked_both_ways(
        welsh: Path, tmp_path: Path) -> None:
    assert translate(welsh).returncode == 0
    xlf = welsh.parent / "wg-cy.xlf"
    xlf.write_bytes(pseudo_translate(xlf.read_bytes()))
    checked = run("check", str(welsh))
    assert checked.returncode == 0, checked.stderr
    built = run("build", str(welsh), "--out", str(tmp_path))
    assert built.returncode == 0, built.stderr
    folder = tmp_path / SLUG
    html = (folder / f"{SLUG}-social-media-policy-cy.html").read_text("utf-8")
    assert '<html lang="cy"' in html
    assert f'href="{SLUG}-social-media-policy.html"' in html  # to the English twin
    english = (folder / f"{SLUG}-social-media-policy.html").read_text("utf-8")
    assert f'href="{SLUG}-social-media-policy-cy.html"' in english
    use = (folder / f"{SLUG}-social-media-use-cy.html").read_text("utf-8")
    assert '<html lang="cy"' in use and f'href="{SLUG}-social-media-use.html"' in use
    # the translator's words and the Welsh layout, and no translation passed off as real
    assert "Cynnwys" in html and "⟦" in html and "Ffug-gyfieithiad" in html
    with pikepdf.open(folder / f"{SLUG}-social-media-policy-cy.pdf") as pdf:
        assert str(pdf.Root.Lang) == "cy"
    with zipfile.ZipFile(folder / f"{SLUG}-social-media-policy-cy.docx") as docx:
        styles = docx.read("word/styles.xml").decode("utf-8")
    assert re.search(r'<w:lang [^>]*w:val="cy"', styles)
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    record = manifest["translations"]["cy"]
    assert record["sha256"] == hashlib.sha256(xlf.read_bytes()).hexdigest()
    assert record["translated"] == record["units"] > 100
    assert record["complete"] and record["made"] and record["pseudo"]
    assert set(WELSH) <= set(manifest["outputs"])


def test_a_translation_is_kept_and_changed_english_marked_for_review(welsh: Path,
                                                                     tmp_path: Path) -> None:
    assert translate(welsh).returncode == 0
    xlf = welsh.parent / "wg-cy.xlf"
    # a CAT tool fills every target and saves (the Translate Toolkit stands in for one)
    store = xlifffile.parsestring(xlf.read_bytes())
    for unit in store.units:
        if unit.getid():
            unit.target = unit.source.upper() if "<" not in unit.source else unit.source
    xlf.write_bytes(bytes(store))
    profile = welsh.read_text("utf-8")
    owner = re.search(r"(?m)^  owner: (.+)$", profile)
    assert owner
    welsh.write_text(profile.replace(owner.group(0), "  owner: Digital Communications Unit"),
                     "utf-8")
    again = translate(welsh)
    assert again.returncode == 0, again.stderr
    assert "1 to review" in again.stdout and " 0 new" in again.stdout
    text = xlf.read_text("utf-8")
    unit = re.search(r'<trans-unit id="policy/owner".*?</trans-unit>', text, re.S)
    assert unit and 'state="needs-review-translation"' in unit.group(0)
    assert owner.group(1).strip().strip('"') in unit.group(0)  # the old English beside it
    built = run("build", str(welsh), "--out", str(tmp_path))
    assert built.returncode == 1
    assert re.search(r"wg-cy\.xlf:\d+:\d+: policy/owner: is still marked for review "
                     r"\(needs-review-translation\): its English changed", built.stderr)


def test_translate_never_overwrites_a_file_that_is_not_a_translation(welsh: Path) -> None:
    xlf = welsh.parent / "wg-cy.xlf"
    xlf.write_text("notes for the translator, not XLIFF\n", "utf-8")
    result = translate(welsh)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and str(xlf) in result.stderr
    assert xlf.read_text("utf-8") == "notes for the translator, not XLIFF\n"


def test_a_translation_may_not_bring_what_a_profile_may_not_hold(welsh: Path) -> None:
    """A right-to-left override in a target, refused in the profile itself, holds the
    Welsh pack back too (check says so; build would hold it back the same way)."""
    assert translate(welsh).returncode == 0
    xlf = welsh.parent / "wg-cy.xlf"
    text = pseudo_translate(xlf.read_bytes()).decode("utf-8")
    xlf.write_text(text.replace("⟦Dîgîtâl", "⟦\u202eDîgîtâl", 1), "utf-8")
    checked = run("check", str(welsh))
    assert checked.returncode == 1
    assert re.search(r"wg-cy\.xlf:1:1: [\w/.]+: contains the invisible character U\+202E",
                     checked.stderr), checked.stderr


def test_translate_never_merges_over_another_profiles_translation(welsh: Path) -> None:
    assert translate(welsh).returncode == 0
    xlf = welsh.parent / "wg-cy.xlf"
    before = xlf.read_bytes()
    result = run("translate", str(welsh.parent / "dwp.yaml"), "--lang", "cy", "--out", str(xlf))
    assert result.returncode == 2
    assert f"is the translation of {welsh.name}, not of dwp.yaml" in result.stderr
    assert xlf.read_bytes() == before
