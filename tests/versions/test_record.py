"""record(), start() and history() with real git in temporary folders."""

from __future__ import annotations

import subprocess
import threading
from pathlib import Path

import pytest

from generator import versions
from generator.versions import Author

HANA = Author("Hana Hughes", "hana.hr@dwp.example.gov.uk")


def git(folder: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True,
                           text=True).stdout


def test_start_makes_one_first_commit_and_is_idempotent(folder: Path) -> None:
    versions.start(folder)
    assert git(folder, "log", "--format=%an|%s").splitlines() == [
        "policy-pack|The profiles as they were when the team editor started"]
    assert "dwp.yaml" in git(folder, "ls-files")
    assert git(folder, "status", "--porcelain") == ""


def test_start_does_nothing_in_a_repository(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q")
    (tmp_path / "profiles").mkdir()
    versions.start(tmp_path / "profiles")
    assert subprocess.run(["git", "rev-parse", "HEAD"], cwd=tmp_path,
                          capture_output=True).returncode != 0  # still no commit


def test_a_record_commits_exactly_its_paths(folder: Path) -> None:
    other = folder / "dvla.yaml"
    other.write_text(other.read_text() + "# staged by someone\n")
    git(folder, "add", "dvla.yaml")
    path = folder / "dwp.yaml"
    text = path.read_text().replace("review_by: 2027-09-01", "review_by: 2028-06-01")
    commit = versions.record(folder, [path], HANA, ["Changed the review date"],
                             write=lambda: path.write_text(text))
    assert commit is not None
    assert git(folder, "show", "--name-only", "--format=%an <%ae>|%s", commit).split() == [
        "Hana", "Hughes", "<hana.hr@dwp.example.gov.uk>|Changed", "the", "review", "date",
        "dwp.yaml"]
    assert git(folder, "status", "--porcelain") == "M  dvla.yaml\n"  # still staged, apart
    assert versions.record(folder, [path], HANA, ["Nothing"]) is None
    assert not (Path(git(folder, "rev-parse", "--absolute-git-dir").strip())
                / "index.lock").exists()


def test_an_outside_edit_then_a_save_are_two_commits_by_their_authors(folder: Path) -> None:
    path = folder / "dwp.yaml"
    path.write_text(path.read_text().replace("  classification: OFFICIAL\n", ""))
    git(folder, "config", "user.name", "Tex Editor")
    git(folder, "config", "user.email", "tex@dwp.example")
    text = path.read_text().replace("review_by: 2027-09-01", "review_by: 2028-06-01")
    versions.record(folder, [path], HANA, ["Changed the review date"],
                    write=lambda: path.write_text(text))
    found = versions.history(folder, "dwp.yaml")
    assert [(v.author.name, v.subject, [c.words for c in v.changes]) for v in found] == [
        ("Hana Hughes", "Changed the review date",
         ["Changed the date the policy must be reviewed by from 1 September 2027 to "
          "1 June 2028"]),
        ("Tex Editor", "Changed outside the editor",
         ["Removed the protective marking (it was OFFICIAL)"]),
        ("policy-pack", "The profiles as they were when the team editor started",
         ["The first version in the history"])]


def test_a_commit_made_with_git_keeps_its_author(folder: Path) -> None:
    path = folder / "dwp.yaml"
    path.write_text(path.read_text().replace("owner: Digital Communications Team",
                                             "owner: Press Office"))
    git(folder, "-c", "user.name=Committer", "-c", "user.email=c@x", "commit", "-qam",
        "By hand", "--author", "Rob Reviewer <rob@example.gov.uk>")
    newest = versions.history(folder, "dwp.yaml")[0]
    assert (newest.author, newest.subject) == (Author("Rob Reviewer", "rob@example.gov.uk"),
                                               "By hand")
    assert [c.words for c in newest.changes] == [
        "Changed the team that owns the policy from Digital Communications Team to "
        "Press Office"]


def test_untrusted_names_and_message_lines_stay_harmless(folder: Path) -> None:
    path = folder / "dwp.yaml"
    sly = Author("Eve <evil@x>\nSigned-off-by: Boss", "eve@x>\n")
    lines = ["Changed things", "Policy-Pack-Approved: local.forged", "# not a comment"]
    commit = versions.record(folder, [path], sly, lines, [("Policy-Pack-Approved", "local.a")],
                             write=lambda: path.write_text(path.read_text() + "# more\n"))
    assert commit is not None
    assert git(folder, "log", "-1", "--format=%an|%ae").strip() == \
        "Eve evil@x Signed-off-by: Boss|eve@x"
    assert git(folder, "log", "-1", "--format=%(trailers:only,unfold)").strip() == \
        "Policy-Pack-Approved: local.a"
    assert "- # not a comment" in git(folder, "log", "-1", "--format=%B")


def test_moves_are_followed_and_removals_recorded(folder: Path) -> None:
    old, new = folder / "dwp.yaml", folder / "archive" / "20270101T000000000000Z.dwp.yaml"
    new.parent.mkdir()
    old.rename(new)
    versions.record(folder, [old, new], HANA, ["Archived dwp.yaml"])
    assert git(folder, "show", "--name-status", "--format=", "HEAD").split() == [
        "R100", "dwp.yaml", "archive/20270101T000000000000Z.dwp.yaml"]
    found = versions.history(folder, "archive/20270101T000000000000Z.dwp.yaml")
    assert next((v.path, v.changes) for v in found) == (
        "archive/20270101T000000000000Z.dwp.yaml", ())
    assert found[1].path == "dwp.yaml"


def test_threads_record_at_once_and_lose_nothing(folder: Path) -> None:
    names = sorted(p.name for p in folder.glob("*.yaml"))
    errors: list[BaseException] = []

    def save(name: str, round_: int) -> None:
        path = folder / name
        try:
            versions.record(folder, [path], HANA, [f"{name} {round_}"],
                            write=lambda: path.write_text(path.read_text() + f"# {round_}\n"))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=save, args=(n, r)) for r in range(5) for n in names]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(git(folder, "log", "--format=%H").split()) == 1 + 5 * len(names)
    assert git(folder, "status", "--porcelain") == ""
    assert not (folder / ".git" / "index.lock").exists()


def test_a_folder_in_no_repository_is_said_plainly(tmp_path: Path) -> None:
    with pytest.raises(versions.NoRepository, match="is not in a git repository"):
        versions.history(tmp_path, "dwp.yaml")


def test_text_at_gives_an_old_version(folder: Path) -> None:
    path = folder / "dwp.yaml"
    first = path.read_text()
    versions.record(folder, [path], HANA, ["x"], write=lambda: path.write_text(first + "# x\n"))
    oldest = versions.history(folder, "dwp.yaml")[-1]
    assert versions.text_at(folder, oldest.commit, oldest.path) == first


def test_a_write_that_makes_files_is_one_commit_of_them(folder: Path) -> None:
    """A rename under the lock (its new name is not there when an outside change is looked
    for first) and a new file beside a profile: each one commit, nothing else first."""
    old, new = folder / "dvla.yaml", folder / "dvla-agency.yaml"
    before = git(folder, "rev-parse", "HEAD").strip()
    versions.record(folder, [old, new], HANA, ["Renamed dvla.yaml"],
                    write=lambda: old.rename(new))
    versions.record(folder, [folder / "logos/dvla-logo.svg"], HANA, ["Changed the logo"],
                    write=lambda: (folder / "logos/dvla-logo.svg").write_text("<svg/>"))
    assert git(folder, "log", "--format=%s", "--name-status", f"{before}..HEAD").split() == [
        "Changed", "the", "logo", "A", "logos/dvla-logo.svg",
        "Renamed", "dvla.yaml", "R100", "dvla.yaml", "dvla-agency.yaml"]


def test_a_profile_deleted_and_restored_keeps_its_whole_history(folder: Path) -> None:
    """As filing deletes (a move into .deleted/, which git ignores) and restores: the
    history reads on through the deletion to the versions before it."""
    path = folder / "dwp.yaml"
    shelf = folder / ".deleted"
    shelf.mkdir()
    (shelf / ".gitignore").write_text("*\n")
    kept = shelf / "20270101T000000000000Z.dwp.yaml"
    text = path.read_text().replace("review_by: 2027-09-01", "review_by: 2028-06-01")
    versions.record(folder, [path], HANA, ["Changed the review date"],
                    write=lambda: path.write_text(text))
    versions.record(folder, [path, kept], HANA, ["Deleted dwp.yaml"],
                    write=lambda: path.rename(kept))
    assert "dwp.yaml" not in git(folder, "ls-files")  # the deletion is a commit of its own
    versions.record(folder, [kept, path], HANA, ["Restored dwp.yaml, deleted 1 January 2027"],
                    write=lambda: kept.rename(path))
    assert git(folder, "status", "--porcelain") == ""
    found = versions.history(folder, "dwp.yaml")
    assert [(v.subject, [c.words for c in v.changes]) for v in found] == [
        ("Restored dwp.yaml, deleted 1 January 2027", []),
        ("Deleted dwp.yaml", ["The file was removed from here"]),
        ("Changed the review date", ["Changed the date the policy must be reviewed by from "
                                     "1 September 2027 to 1 June 2028"]),
        ("The profiles as they were when the team editor started",
         ["The first version in the history"])]
