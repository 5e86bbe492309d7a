"""A write whose commit fails is undone (issue 29's review, finding 3): the files are put
back as they were (bytes and absence alike), the person is told nothing was saved and why
in words without the server's paths, and nothing is left for the next save to commit under
someone else's name. Outside changes go under the repository's own identity only, never
the server's global one; an author's name and address are capped as git takes them."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from generator import versions
from generator.versions import Author

ROOT = Path(__file__).resolve().parents[2]
HANA = Author("Hana Hughes", "hana.hr@dwp.example.gov.uk")
REVIEW_DATE = ("review_by: 2027-09-01", "review_by: 2028-06-01")


def git(folder: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.name=Plain Git", "-c", "user.email=plain@x.invalid",
                           *args], cwd=folder, check=True, capture_output=True,
                          text=True).stdout


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"  # the server account's own git settings: a global identity
    home.mkdir()
    (home / ".gitconfig").write_text("[user]\n\tname = Server Account\n"
                                     "\temail = root@server.invalid\n")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    target = tmp_path / "profiles"
    shutil.copytree(ROOT / "profiles", target)
    versions.start(target)
    return target


def _ref_held(folder: Path, then: list[tuple[Path, bytes]]) -> None:
    """A write during which a plain git on the server holds the branch's ref (a commit of
    its own under way, or one that died and left its lock): the editor cannot move HEAD."""
    for path, data in then:
        path.write_bytes(data)
    branch = git(folder, "symbolic-ref", "HEAD").strip()
    top = Path(git(folder, "rev-parse", "--absolute-git-dir").strip())
    (top / f"{branch}.lock").write_text("")


def test_a_write_whose_commit_fails_is_put_back_and_said(folder: Path) -> None:
    path, logo = folder / "dwp.yaml", folder / "logos" / "new-logo.svg"
    before = path.read_bytes()
    after = path.read_text().replace(*REVIEW_DATE).encode()
    with pytest.raises(versions.GitError) as refused:
        versions.record(folder, [path, logo], HANA, ["Changed the review date"],
                        write=lambda: _ref_held(folder, [(logo, b"<svg/>"), (path, after)]))
    assert path.read_bytes() == before  # the profile as it was
    assert not logo.exists()  # and the file the write made, gone
    said = str(refused.value)
    assert said.startswith("Nothing was saved: the change could not be recorded in the "
                           "profiles' history. The files were put back as they were.")
    assert "git update-ref failed" in said and ".lock" in said
    assert str(folder.parent) not in said and "/tmp" not in said  # no server path
    # Nothing is left for the next save to commit as "Changed outside the editor".
    assert git(folder, "status", "--porcelain", "dwp.yaml", "logos") == ""
    branch = git(folder, "symbolic-ref", "HEAD").strip()
    (folder / ".git" / f"{branch}.lock").unlink()  # the plain git is done
    commit = versions.record(folder, [path], HANA, ["Changed the review date"],
                             write=lambda: path.write_bytes(after))
    assert git(folder, "log", "--format=%an|%s").splitlines() == [
        "Hana Hughes|Changed the review date",
        "policy-pack|The profiles as they were when the team editor started"]
    assert commit is not None


def test_an_outside_change_is_never_put_under_the_servers_global_identity(
        folder: Path) -> None:
    path = folder / "dwp.yaml"
    path.write_text(path.read_text() + "# typed in a text editor\n")
    text = path.read_text().replace(*REVIEW_DATE)
    versions.record(folder, [path], HANA, ["Changed the review date"],
                    write=lambda: path.write_text(text))
    assert git(folder, "log", "--format=%an <%ae>|%s", "-2").splitlines() == [
        "Hana Hughes <hana.hr@dwp.example.gov.uk>|Changed the review date",
        "Someone outside the editor <outside@policy-pack.invalid>|Changed outside the editor"]
    # The repository's own identity, once it has one, is whose the outside change is.
    git(folder, "config", "--local", "user.name", "Folder Owner")
    git(folder, "config", "--local", "user.email", "owner@dwp.example.gov.uk")
    assert versions.outsider(folder) == Author("Folder Owner", "owner@dwp.example.gov.uk")


def test_an_authors_name_and_address_are_capped() -> None:
    safe = Author("L" * 200_000, "e" * 300 + "@dwp.example.gov.uk").safe()
    assert safe.name == "L" * 200
    assert len(safe.email) == 254


def test_a_write_that_fails_part_way_is_put_back(folder: Path) -> None:
    path, logo = folder / "dwp.yaml", folder / "logos" / "second.svg"
    before = path.read_bytes()

    def half() -> None:
        logo.write_bytes(b"<svg/>")
        path.write_text("half written")
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError):
        versions.record(folder, [path, logo], HANA, ["Changed"], write=half)
    assert path.read_bytes() == before and not logo.exists()
