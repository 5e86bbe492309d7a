"""changed_since(): who changed one answer since a page showed it, with real git."""

from __future__ import annotations

import shutil
from pathlib import Path

from generator import versions
from generator.versions import Author

ROOT = Path(__file__).resolve().parents[2]
HANA = Author("Hana Hughes", "hana.hr@dwp.example.gov.uk")
CAL = Author("Cal Comms", "cal.comms@dwp.example.gov.uk")
PAT = Author("Pat Head", "pat.head@dwp.example.gov.uk")


def owner(data: object) -> object:
    return data["policy"]["owner"] if isinstance(data, dict) else None


def save(folder: Path, author: Author, old: str, new: str) -> None:
    path = folder / "dwp.yaml"
    text = path.read_text().replace(old, new, 1)
    versions.record(folder, [path], author, ["A change"], write=lambda: path.write_text(text))


def test_the_versions_that_changed_the_answer_since_it_was_shown_newest_first(
        folder: Path) -> None:
    path = folder / "dwp.yaml"
    shown = "Digital Communications Team"
    save(folder, HANA, f"owner: {shown}", "owner: Hana's")
    save(folder, PAT, "review_by: 2027-09-01", "review_by: 2028-09-01")  # another answer
    save(folder, CAL, "owner: Hana's", "owner: Cal's")
    found = versions.changed_since(folder, path, owner, shown, "Cal's")
    assert [m.author.name for m in found.makers] == ["Cal Comms", "Hana Hughes"]
    assert not found.outside
    # Shown after Hana's change: only Cal's is since.
    assert [m.author for m in versions.changed_since(
        folder, path, owner, "Hana's", "Cal's").makers] == [CAL]
    # Nothing changed it since it was shown: no one is named.
    assert versions.changed_since(folder, path, owner, "Cal's", "Cal's").makers == ()


def test_a_change_no_version_holds_is_outside_and_names_no_one(folder: Path) -> None:
    path = folder / "dwp.yaml"
    path.write_text(path.read_text().replace("owner: Digital Communications Team",
                                             "owner: Typed", 1))
    found = versions.changed_since(folder, path, owner, "Digital Communications Team", "Typed")
    assert found == versions.Since((), outside=True)


def test_a_folder_in_no_repository_has_nothing_to_say(tmp_path: Path) -> None:
    shutil.copy(ROOT / "profiles" / "dwp.yaml", tmp_path / "dwp.yaml")
    assert versions.changed_since(tmp_path, tmp_path / "dwp.yaml", owner, "a", "b") \
        == versions.Since()
