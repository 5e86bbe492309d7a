"""`policy-pack signoff`: a central reviewer's decision recorded beside the profiles, on
copies of the samples. The profile is checked first; every refusal exits 2, says where,
and writes nothing; the file written reads back; a changed profile never keeps a decision."""

from __future__ import annotations

import datetime as dt
import hashlib
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from generator import cli
from generator.policy import long_date
from generator.review import (
    profile_hash,
    read_signoffs,
    record_signoff,
    signoffs_path,
    state,
)
from tests.conftest import ROOT

JANE = "Jane Smith"


def signoff(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """The command run in this process: its exit status, stdout and stderr."""
    code = cli.main(["signoff", *args])
    out, err = capsys.readouterr()
    return code, out, err


def files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_accepted_is_recorded_with_the_hash_of_the_profile(
        capsys: pytest.CaptureFixture[str], profile_dir: Path) -> None:
    profile = profile_dir / "dwp.yaml"
    code, out, err = signoff(capsys, str(profile), "--reviewer", JANE, "--decision", "accepted")
    assert code == 0, err
    sha = hashlib.sha256(profile.read_bytes()).hexdigest()
    written = profile_dir / "signoffs" / "dwp.yaml"
    today = dt.date.today()
    assert out == (f"{profile}: accepted by Jane Smith on {long_date(today)} "
                   f"({written}; profile {sha[:8]}…)\n")
    text = written.read_text("utf-8")
    assert text.startswith("# Central review of this department's social media policy")
    assert YAML(typ="safe").load(text) == {"department": "dwp", "decisions": [
        {"decision": "accepted", "reviewer": JANE, "date": today, "profile_sha256": sha,
         "version": "2.1"}]}
    assert "Traceback" not in err


def test_two_decisions_are_kept_in_order_and_the_newest_counts(
        capsys: pytest.CaptureFixture[str], profile_dir: Path) -> None:
    profile = profile_dir / "nics-finance.yaml"
    assert signoff(capsys, str(profile), "--reviewer", "A. Person", "--decision", "returned",
                   "--comment", "Section 3 needs the approval date.\nAnd the owner.")[0] == 0
    assert signoff(capsys, str(profile), "--reviewer", JANE, "--decision", "accepted")[0] == 0
    path = next((profile_dir / "signoffs").iterdir())
    decisions = read_signoffs(path)
    assert [(d.reviewer, d.decision) for d in decisions] == [("A. Person", "returned"),
                                                              (JANE, "accepted")]
    assert decisions[0].comment == "Section 3 needs the approval date.\nAnd the owner."
    # A comment of several lines is a block in the file, line for line, for a diff to show.
    assert "  comment: |-\n    Section 3 needs the approval date.\n    And the owner.\n" \
        in path.read_text("utf-8")
    now = state(decisions, profile_hash(profile))
    assert (now.kind, now.words) == ("accepted",
                                     f"Accepted by Jane Smith on {long_date(dt.date.today())}")


def test_a_changed_profile_is_changed_since_sign_off(
        capsys: pytest.CaptureFixture[str], profile_dir: Path) -> None:
    profile = profile_dir / "dvla.yaml"
    assert signoff(capsys, str(profile), "--reviewer", JANE, "--decision", "accepted")[0] == 0
    profile.write_text(profile.read_text("utf-8").replace("owner:", "owner: ", 1), "utf-8")
    now = state(read_signoffs(signoffs_path(profile_dir, "dvla")), profile_hash(profile))
    assert now.kind == "changed"
    assert now.words.startswith("Changed since sign-off (it was accepted by Jane Smith on ")


def test_a_copy_saved_with_windows_line_endings_is_another_profile(
        capsys: pytest.CaptureFixture[str], profile_dir: Path) -> None:
    """Honest, and documented: the decision names the bytes judged. The same words saved
    by a Windows editor are other bytes, so they show "changed since sign-off"."""
    profile = profile_dir / "welsh-government.yaml"
    assert signoff(capsys, str(profile), "--reviewer", JANE, "--decision", "accepted")[0] == 0
    profile.write_bytes(profile.read_bytes().replace(b"\n", b"\r\n"))
    decisions = read_signoffs(signoffs_path(profile_dir, "welsh-government"))
    assert state(decisions, profile_hash(profile)).kind == "changed"
    # ... and it can be signed off as it is now: the CRLF copy checks clean.
    assert signoff(capsys, str(profile), "--reviewer", JANE, "--decision", "accepted")[0] == 0
    decisions = read_signoffs(signoffs_path(profile_dir, "welsh-government"))
    assert state(decisions, profile_hash(profile)).kind == "accepted"


def test_a_profile_with_problems_is_not_signed_off(
        capsys: pytest.CaptureFixture[str], profile_dir: Path) -> None:
    profile = profile_dir / "dwp.yaml"
    profile.write_text(profile.read_text("utf-8").replace('version: "2.1"', "version: 2.1"),
                       "utf-8")
    before = files(profile_dir)
    code, out, err = signoff(capsys, str(profile), "--reviewer", JANE, "--decision", "accepted")
    assert code == 2 and out == ""
    assert f"{profile}:14:12: policy.version: must be text, not a number" in err
    assert cli.main(["check", str(profile)]) == 2  # the very lines check prints
    assert capsys.readouterr().err == err
    assert files(profile_dir) == before


@pytest.mark.parametrize(("args", "message"), [
    (["--reviewer", JANE, "--decision", "maybe"],
     "policy-pack: --decision: choose accepted or returned\n"),
    (["--reviewer", " \t ", "--decision", "accepted"],
     "policy-pack: --reviewer: enter the reviewer's name, as colleagues know it\n"),
    (["--reviewer", JANE, "--decision", "returned"],
     "policy-pack: --comment: enter a comment saying what the department should put right: "
     "a profile returned needs one\n"),
    (["--reviewer", JANE, "--decision", "returned", "--comment", "  \n "],
     "policy-pack: --comment: enter a comment saying what the department should put right: "
     "a profile returned needs one\n"),
    (["--reviewer", "x" * 201, "--decision", "accepted"],
     "policy-pack: --reviewer: the reviewer's name must be 200 characters or fewer\n"),
    (["--reviewer", JANE, "--decision", "accepted", "--comment", "y" * 4001],
     "policy-pack: --comment: the comment must be 4000 characters or fewer\n"),
    (["--reviewer", "Jane\u200bSmith", "--decision", "accepted"],
     "policy-pack: --reviewer: the reviewer's name contains a zero-width space, an invisible "
     "character (U+200B) (delete it: retype the text if you cannot see where it is)\n"),
    (["--reviewer", "", "--decision", "no"],
     "policy-pack: --reviewer: enter the reviewer's name, as colleagues know it; "
     "--decision: choose accepted or returned\n"),
])
def test_answers_that_will_not_do_exit_2_and_write_nothing(
        capsys: pytest.CaptureFixture[str], profile_dir: Path, args: list[str],
        message: str) -> None:
    before = files(profile_dir)
    code, out, err = signoff(capsys, str(profile_dir / "dwp.yaml"), *args)
    assert (code, out, err) == (2, "", message)
    assert files(profile_dir) == before


@pytest.mark.parametrize("name", [
    "O'Brien: \"Head\" of # review",
    "- [x]\n  {y: z}\n& *anchor !!python/object:os.system",
    "Ann\r\nLee\tJones",
    "{{ name }} <script>alert(1)</script>",
    "Siân Llŷr",
])
def test_a_name_with_yaml_or_markup_in_it_reads_back_as_given(
        capsys: pytest.CaptureFixture[str], profile_dir: Path, name: str) -> None:
    code, _, err = signoff(capsys, str(profile_dir / "dwp.yaml"), "--reviewer", name,
                           "--decision", "accepted")
    assert code == 0, err
    (decision,) = read_signoffs(signoffs_path(profile_dir, "dwp"))
    assert decision.reviewer == " ".join(name.split())  # spaces and line breaks made one


@pytest.mark.parametrize(("garbage", "where"), [
    (b"decisions: [\n", "signoffs/dwp.yaml:2:1: is not valid YAML here"),
    (b"department: dwp\n", "signoffs/dwp.yaml:1:1: must have `decisions:`"),
    (b"decisions:\n- decision: accepted\n  reviewer: J\n",
     "signoffs/dwp.yaml:2:3: decisions[0]: has no `date:`"),
    (b"decisions:\n- decision: maybe\n  reviewer: J\n  date: 2026-01-01\n"
     b"  profile_sha256: " + b"0" * 64 + b"\n",
     "signoffs/dwp.yaml:2:13: decisions[0].decision: is not as `policy-pack signoff` writes it"),
    (b"decisions:\n- decision: accepted\n  reviewer: J\n  date: 2026-01-01\n"
     b"  profile_sha256: abc\n",
     "signoffs/dwp.yaml:5:19: decisions[0].profile_sha256: is not as"),
    (b"\x00\xff" * 50, "signoffs/dwp.yaml:1:1:"),
    (b"!!python/object:os.system x\n", "signoffs/dwp.yaml:1:1:"),
])
def test_a_sign_off_file_edited_into_garbage_is_named_with_its_line(
        capsys: pytest.CaptureFixture[str], profile_dir: Path, garbage: bytes,
        where: str) -> None:
    path = signoffs_path(profile_dir, "dwp")
    path.parent.mkdir()
    path.write_bytes(garbage)
    code, out, err = signoff(capsys, str(profile_dir / "dwp.yaml"), "--reviewer", JANE,
                             "--decision", "accepted")
    assert code == 2 and out == "" and "Traceback" not in err
    assert f"{profile_dir}/{where}" in err, err
    assert path.read_bytes() == garbage


def test_a_file_where_the_sign_offs_folder_goes(
        capsys: pytest.CaptureFixture[str], profile_dir: Path) -> None:
    (profile_dir / "signoffs").write_text("not a folder\n")
    before = files(profile_dir)
    code, out, err = signoff(capsys, str(profile_dir / "dwp.yaml"), "--reviewer", JANE,
                             "--decision", "accepted")
    assert code == 2 and out == ""
    assert err == (f"policy-pack: {profile_dir}/signoffs: is a file, not the folder of "
                   "sign-offs, so nothing was recorded (move the file away: the folder "
                   "signoffs/ beside the profiles holds the decisions)\n")
    assert files(profile_dir) == before


def test_a_folder_where_the_department_s_file_goes(
        capsys: pytest.CaptureFixture[str], profile_dir: Path) -> None:
    signoffs_path(profile_dir, "dwp").mkdir(parents=True)
    code, _, err = signoff(capsys, str(profile_dir / "dwp.yaml"), "--reviewer", JANE,
                           "--decision", "accepted")
    assert code == 2
    assert err == (f"policy-pack: {profile_dir}/signoffs/dwp.yaml: is not a file, so nothing "
                   "was recorded (move it away)\n")


def test_a_missing_profile(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = signoff(capsys, str(tmp_path / "none.yaml"), "--reviewer", JANE,
                           "--decision", "accepted")
    assert (code, err) == (2, f"{tmp_path}/none.yaml:1:1: no such file (check the path and "
                              "the file name)\n")
    assert not (tmp_path / "signoffs").exists()


def test_decisions_made_at_once_are_all_kept(profile_dir: Path) -> None:
    profile = profile_dir / "dwp.yaml"
    names = [f"Reviewer {n}" for n in range(12)]
    threads = [threading.Thread(target=record_signoff, args=(
        profile, "dwp", "2.1", name, "accepted", "", dt.date(2026, 12, 7))) for name in names]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    kept = read_signoffs(signoffs_path(profile_dir, "dwp"))
    assert sorted(d.reviewer for d in kept) == sorted(names)


def test_the_command_as_a_script_runs_it(profile_dir: Path) -> None:
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "generator", "signoff", *args], cwd=ROOT,
                              capture_output=True, text=True, timeout=120)

    helped = run("--help")
    assert helped.returncode == 0
    assert "a profile with problems cannot be signed off" in " ".join(helped.stdout.split())
    done = run(str(profile_dir / "dvla.yaml"), "--reviewer", JANE, "--decision", "returned",
               "--comment", "Please add an approver for the omitted section.")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"{profile_dir}/dvla.yaml: returned by Jane Smith on ")
    assert read_signoffs(signoffs_path(profile_dir, "dvla"))[0].comment == \
        "Please add an approver for the omitted section."
