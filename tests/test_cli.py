"""The command line as users and scripts meet it: exit codes, messages, safe writes."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT, SAMPLES


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "generator.cli", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=300)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


def test_build_one_profile(tmp_path: Path) -> None:
    result = run("build", "profiles/dwp.yaml", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "1 built, 0 unchanged, 0 failed" in result.stdout
    assert sorted(p.name for p in (tmp_path / "dwp").iterdir()) == [
        "dwp-social-media-policy.docx", "dwp-social-media-policy.html",
        "dwp-social-media-policy.pdf", "dwp-social-media-use.html", "manifest.json"]


def test_bad_profile_fails_cleanly_and_leaves_earlier_outputs(tmp_path: Path,
                                                             profile_dir: Path) -> None:
    out = tmp_path / "out"
    assert run("build", str(profile_dir / "dwp.yaml"), "--out", str(out)).returncode == 0
    before = snapshot(out)
    path = profile_dir / "dwp.yaml"
    path.write_text(path.read_text("utf-8").replace('version: "2.1"', "version: 2.1"), "utf-8")
    result = run("build", str(path), "--out", str(out))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert f'{path}:14:12: policy.version: must be text, not a number' in result.stderr
    assert snapshot(out) == before  # untouched, and no temporary files left behind


def test_batch_goes_on_past_a_failed_profile(tmp_path: Path, profile_dir: Path) -> None:
    (profile_dir / "broken.yaml").write_text("schema_version: [\n", "utf-8")
    out = tmp_path / "out"
    result = run("build", str(profile_dir), "--out", str(out))
    assert result.returncode == 1
    assert f"{len(SAMPLES)} built, 0 unchanged, 1 failed" in result.stdout
    assert f"FAILED {profile_dir / 'broken.yaml'}" in result.stderr
    assert sorted(p.name for p in out.iterdir() if p.is_dir()) == SAMPLES


def test_two_profiles_with_one_slug_do_not_overwrite(tmp_path: Path, profile_dir: Path) -> None:
    clone = profile_dir / "zz-clone.yaml"
    clone.write_text((profile_dir / "dwp.yaml").read_text("utf-8"), "utf-8")
    result = run("build", str(profile_dir / "dwp.yaml"), str(clone), "--out", str(tmp_path))
    assert result.returncode == 1
    assert "department.slug: `dwp` is also the slug of" in result.stderr


def test_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    result = run("build", str(tmp_path / "nope.yaml"), "--out", str(tmp_path))
    assert result.returncode == 2
    assert "no such file or folder" in result.stderr


def test_check_reports_and_exits_2(tmp_path: Path, profile_dir: Path) -> None:
    assert run("check", str(profile_dir)).returncode == 0
    path = profile_dir / "dvla.yaml"
    path.write_text(path.read_text("utf-8").replace("slug: dvla", "slug: DVLA!"), "utf-8")
    result = run("check", str(path))
    assert result.returncode == 2
    assert "department.slug: `DVLA!` is not a valid folder name" in result.stderr


def test_a_pack_of_another_profile_needs_replace(tmp_path: Path, profile_dir: Path) -> None:
    out = tmp_path / "out"
    assert run("build", str(profile_dir / "dwp.yaml"), "--out", str(out)).returncode == 0
    before = snapshot(out / "dwp")
    other = profile_dir / "dwp-copy.yaml"
    other.write_text((profile_dir / "dwp.yaml").read_text("utf-8"), "utf-8")
    refused = run("build", str(other), "--out", str(out))
    assert refused.returncode == 1
    assert f"{out / 'dwp'}: holds the pack made from {profile_dir / 'dwp.yaml'}" \
        in refused.stderr
    assert "run `policy-pack build --replace` to replace that pack" in refused.stderr
    assert snapshot(out / "dwp") == before
    assert run("build", str(other), "--out", str(out), "--replace").returncode == 0


def test_matrix_names_the_most_changed_sections_by_title(tmp_path: Path) -> None:
    result = run("matrix", "profiles", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"{len(SAMPLES)} departments by ")
    listed = [line for line in lines if line.startswith("  ")]
    assert listed
    # "The Civil Service Code online and offline (code.online-and-offline): 1 of 4 departs
    # from it": the title a reviewer knows, the ID in brackets, the verb agreeing.
    for line in listed:
        found = re.fullmatch(r"  (.+) \(([a-z0-9.-]+)\): (\d+) of (\d+) (departs?) from it",
                             line)
        assert found, line
        assert found.group(5) == ("departs" if found.group(3) == "1" else "depart")


def test_a_reader_that_stops_reading_is_no_bug() -> None:
    """`policy-pack schema | head -1`: the reader closes the pipe (here before a byte is
    read, so the write surely fails); no "internal error", no traceback."""
    proc = subprocess.Popen([sys.executable, "-m", "generator.cli", "schema"], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()
    assert proc.wait(timeout=60) == 141
    with proc.stderr:
        errors = proc.stderr.read()
    assert "internal error" not in errors and "Traceback" not in errors, errors
