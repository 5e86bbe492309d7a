"""Fault injection: faulty disks, malformed caches, kills, concurrent builds and bugs.

The rule under test: bad input or a faulty disk never crashes the tool (never exit 70),
never loses data, leaves no partial or temporary files, and a failed build leaves the
earlier pack untouched; a kill at any moment leaves each pack whole, old or new.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator import cli, publish
from generator.batch import Note, build_all
from generator.build import Built, Failed, InternalError, render_pack
from generator.cache import CACHE_NAME, BuildCache
from generator.errors import RenderError, UsageError
from generator.review import run_matrix
from tests.conftest import ROOT, SAMPLES, TODAY
from tests.test_cli import run, snapshot


def statuses(results: list[Built | Failed]) -> list[str]:
    return [r.status if isinstance(r, Built) else "failed" for r in results]


def assert_whole(folder: Path) -> None:
    """All four files of a pack, each the one its manifest names: from one build."""
    manifest = json.loads((folder / "manifest.json").read_bytes())
    names = sorted(p.name for p in folder.iterdir())
    assert names == sorted([*manifest["outputs"], "manifest.json"]), names
    for name, recorded in manifest["outputs"].items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == recorded["sha256"]


def build(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """The build command, run in this process (warm: no start-up cost): code, out, err."""
    code = cli.main(["build", "--jobs", "1", *args])
    printed = capsys.readouterr()
    return code, printed.out, printed.err


def leftovers(out: Path) -> list[str]:
    """Temporary files or folders anywhere in out."""
    return [str(p) for p in out.rglob("*")
            if p.name.endswith(".tmp") or ".staging-" in p.name or ".aside-" in p.name]


@pytest.fixture
def dwp_out(profile_dir: Path, tmp_path: Path) -> Path:
    out = tmp_path / "out"
    assert statuses(build_all([profile_dir / "dwp.yaml"], out, TODAY)) == ["built"]
    return out


# --- A pack is replaced whole or not at all -----------------------------------------------

def test_a_failure_while_staging_leaves_the_old_folder_and_no_staging(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "pack"
    publish.publish_folder(folder, {"a": b"old a", "b": b"old b"})
    real = publish._write_temp
    calls: list[str] = []

    def failing(where: Path, name: str, data: bytes, shown: Path | None = None) -> Path:
        calls.append(name)
        assert where.name.startswith(".pack.staging-")
        if len(calls) == 2:
            raise RenderError("cannot write: injected")
        return real(where, name, data, shown)

    monkeypatch.setattr(publish, "_write_temp", failing)
    with pytest.raises(RenderError):
        publish.publish_folder(folder, {"a": b"new a", "b": b"new b"})
    assert snapshot(tmp_path) == {"pack/a": b"old a", "pack/b": b"old b"}
    assert leftovers(tmp_path) == []


@pytest.mark.parametrize("atomic", [True, False], ids=["renameat2", "rename-aside"])
def test_a_folder_is_switched_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                    atomic: bool) -> None:
    if not atomic:
        monkeypatch.setattr(publish, "_exchange", lambda a, b: False)
    folder = tmp_path / "pack"
    publish.publish_folder(folder, {"a": b"old", "gone": b"old"})
    publish.publish_folder(folder, {"a": b"new", "b": b"new"})
    assert snapshot(tmp_path) == {"pack/a": b"new", "pack/b": b"new"}
    assert leftovers(tmp_path) == []


def test_a_staging_folder_left_by_a_kill_is_removed(tmp_path: Path) -> None:
    (tmp_path / ".pack.staging-x1").mkdir()
    (tmp_path / ".pack.staging-x1" / "a").write_bytes(b"half")
    publish.publish_folder(tmp_path / "pack", {"a": b"new"})
    assert snapshot(tmp_path) == {"pack/a": b"new"}


def set_versions(profile_dir: Path, version: str) -> None:
    """Give every profile a new policy.version, so that each build's outputs differ."""
    for path in profile_dir.glob("*.yaml"):
        text = path.read_text("utf-8")
        path.write_text(re.sub(r'(?m)^  version: "[^"]*"', f'  version: "{version}"', text),
                        "utf-8")


def test_an_old_pack_moved_aside_by_a_killed_fallback_is_put_back(tmp_path: Path) -> None:
    (tmp_path / ".pack.aside-x1").mkdir()
    (tmp_path / ".pack.aside-x1" / "a").write_bytes(b"old")
    (tmp_path / ".done.aside-x2").mkdir()  # its new pack got in before the kill
    (tmp_path / "done").mkdir()
    (tmp_path / "done" / "a").write_bytes(b"new")
    publish.clean(tmp_path)
    assert snapshot(tmp_path) == {"pack/a": b"old", "done/a": b"new"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["done", "pack"]


def test_killed_builds_leave_every_pack_whole(profile_dir: Path, tmp_path: Path) -> None:
    """SIGKILL a batch at several moments while it publishes: each pack is old or new, never
    a mixture (every build's files differ: the version changes), and the next build repairs
    everything and leaves a cache that is true to the disk."""
    out = tmp_path / "out"
    command = [sys.executable, "-m", "generator.cli", "build", str(profile_dir), "--out",
               str(out), "--jobs", "2"]
    set_versions(profile_dir, "9.0")
    assert subprocess.run(command, cwd=ROOT, capture_output=True).returncode == 0
    for round_, delay in enumerate((4.0, 6.5), start=1):
        set_versions(profile_dir, f"9.{round_}")
        process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL, start_new_session=True)
        time.sleep(delay)
        os.killpg(process.pid, signal.SIGKILL)  # the build and its workers
        process.wait()
        for slug in SAMPLES:
            assert_whole(out / slug)
        # At most what the next build tidies: a staging folder, or a file being written
        # (the cache's) when the kill came; never an aside pack without its new one.
        assert not [p for p in leftovers(out) if ".staging-" not in p and not p.endswith(".tmp")]
    again = run("build", str(profile_dir), "--out", str(out))
    assert again.returncode == 0, again.stderr
    assert leftovers(out) == []
    for slug in SAMPLES:
        assert_whole(out / slug)
        manifest = json.loads((out / slug / "manifest.json").read_text("utf-8"))
        assert manifest["policy"]["version"] == "9.2"
    cache = BuildCache(out)
    assert not cache.warning
    assert all(cache.fresh(p) for p in sorted(profile_dir.glob("*.yaml")))


def test_two_builds_at_once_into_one_folder_keep_every_cache_entry(
        profile_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    command = [sys.executable, "-m", "generator.cli", "build", "--out", str(out), "--jobs", "1"]
    first = subprocess.Popen([*command, str(profile_dir / "dwp.yaml")], cwd=ROOT,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    second = subprocess.Popen([*command, str(profile_dir / "nics-finance.yaml")], cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    for process in (first, second):
        _, stderr = process.communicate(timeout=120)
        assert process.returncode == 0, stderr
    assert len(json.loads((out / CACHE_NAME).read_text("utf-8"))) == 2
    assert statuses(build_all([profile_dir / "dwp.yaml", profile_dir / "nics-finance.yaml"],
                              out, TODAY)) == ["unchanged"] * 2


def test_a_build_that_cannot_get_the_lock_says_who_holds_it(tmp_path: Path,
                                                            profile_dir: Path) -> None:
    import fcntl

    out = tmp_path / "out"
    out.mkdir()
    with open(out / ".policy-pack.lock", "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        with pytest.raises(RenderError, match=f"another build \\(process {os.getpid()}\\)"):
            build_all([profile_dir / "dwp.yaml"], out, TODAY, lock_wait=0.2)


# --- Faulty disks: a message naming the path and what to do; exit 1 or 2, never 70 -------

@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Path]:
    where = tmp_path / "disk"
    where.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(where)],
                      capture_output=True).returncode != 0:
        pytest.skip("cannot mount a tmpfs here (not root?)")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=True)


def test_a_full_disk_fails_cleanly_and_keeps_the_old_pack(
        tmpfs: Path, profile_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmpfs / "out"
    assert statuses(build_all([profile_dir / "dwp.yaml"], out, TODAY)) == ["built"]
    before = snapshot(out)
    with open(tmpfs / "filler", "wb", buffering=0) as filler:  # fill what is left
        try:
            while True:
                filler.write(b"\0" * 4096)
        except OSError:
            pass
    code, _, err = build(capsys, str(profile_dir / "dwp.yaml"), "--out", str(out), "--force")
    assert code == 1, err
    assert "the disk is full (free some space, or choose another folder with --out)" in err
    assert f"cannot write {out / 'dwp' / 'dwp-social-media-policy.pdf'}: " in err
    assert snapshot(out) == before
    assert leftovers(tmpfs) == []


def test_a_read_only_folder_fails_cleanly(tmpfs: Path, profile_dir: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    out = tmpfs / "out"
    assert statuses(build_all([profile_dir / "dwp.yaml"], out, TODAY)) == ["built"]
    before = snapshot(out)
    subprocess.run(["mount", "-o", "remount,ro", str(tmpfs)], check=True)
    code, _, err = build(capsys, str(profile_dir / "dwp.yaml"), "--out", str(out), "--force")
    assert code == 1, err
    assert f"cannot write {out}" in err
    assert "the file system is read-only (make it writable, or choose another folder with " \
        "--out)" in err
    assert snapshot(out) == before


def test_an_output_folder_that_is_a_file(tmp_path: Path, profile_dir: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "out").write_text("mine", "utf-8")
    code, _, err = build(capsys, str(profile_dir / "dwp.yaml"), "--out", str(tmp_path / "out"))
    assert code == 1, err
    assert f"{tmp_path / 'out'}: is a file, not a folder" in err
    assert (tmp_path / "out").read_text("utf-8") == "mine"


def test_a_pack_folder_that_is_a_file_is_left_alone(tmp_path: Path, profile_dir: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "dwp").write_text("mine", "utf-8")
    [failed] = build_all([profile_dir / "dwp.yaml"], out, TODAY)
    assert isinstance(failed, Failed)
    assert f"{out / 'dwp'}: is a file, not a pack folder" in str(failed.error)
    assert (out / "dwp").read_text("utf-8") == "mine"
    assert leftovers(out) == []


def test_a_cache_file_that_is_a_folder(dwp_out: Path, profile_dir: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    (dwp_out / CACHE_NAME).unlink()
    (dwp_out / CACHE_NAME).mkdir()
    code, out, err = build(capsys, str(profile_dir / "dwp.yaml"), "--out", str(dwp_out))
    assert code == 1, err
    assert "the build cache is a folder, not a file" in err
    assert f"{dwp_out / CACHE_NAME}: is a folder, so the file cannot be written there" in err
    assert "1 built, 0 unchanged, 0 failed" in out
    assert_whole(dwp_out / "dwp")
    assert leftovers(dwp_out) == []


# --- A cache that cannot lie -------------------------------------------------------------

ENTRY = {"slug": "dwp", "edition": "2014-10", "edition_sha256": "x", "tool": "y", "pages": 7,
         "files": {"/p": [1, 2, "z"]}, "outputs": {"a.pdf": "0" * 64}}


@pytest.mark.parametrize("text", [
    "null", "[]", '"text"', "7", "{", "\xff", '{"/p": null}', '{"/p": []}', '{"/p": {}}',
    json.dumps({"/p": {**ENTRY, "pages": "7"}}),
    json.dumps({"/p": {**ENTRY, "files": {"/p": [1, 2]}}}),
    json.dumps({"/p": {**ENTRY, "files": []}}),
    json.dumps({"/p": {**ENTRY, "outputs": {"a.pdf": 5}}}),
    json.dumps({"/p": {**ENTRY, "slug": "../../etc"}}),
    json.dumps({"/p": {**ENTRY, "extra": 1}}),
])
def test_a_malformed_cache_is_ignored_with_a_warning(tmp_path: Path, text: str) -> None:
    (tmp_path / CACHE_NAME).write_bytes(text.encode("utf-8", "surrogateescape")
                                        if text != "\xff" else b"\xff")
    cache = BuildCache(tmp_path)
    assert cache.entries == {}
    assert f"{tmp_path / CACHE_NAME}: warning: the build cache" in cache.warning
    assert "every pack is built again" in cache.warning


def test_a_malformed_cache_is_rebuilt(dwp_out: Path, profile_dir: Path) -> None:
    (dwp_out / CACHE_NAME).write_text("null", "utf-8")
    (dwp_out / ".dvla.staging-k1ll3d").mkdir()  # what a killed build may leave
    (dwp_out / ".dvla.staging-k1ll3d" / "manifest.json").write_text("{}", "utf-8")
    (dwp_out / f".{CACHE_NAME}.k1ll3d.tmp").write_text("{", "utf-8")
    notes: list[Note] = []
    assert statuses(build_all([profile_dir / "dwp.yaml"], dwp_out, TODAY, notes=notes)) == [
        "built"]
    assert [n.error for n in notes] == [False]
    assert leftovers(dwp_out) == []
    assert statuses(build_all([profile_dir / "dwp.yaml"], dwp_out, TODAY)) == ["unchanged"]


def test_an_output_overwritten_with_junk_of_the_same_size_is_rebuilt(
        dwp_out: Path, profile_dir: Path) -> None:
    pdf = dwp_out / "dwp" / "dwp-social-media-policy.pdf"
    stat = pdf.stat()
    pdf.write_bytes(b"x" * stat.st_size)
    os.utime(pdf, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert statuses(build_all([profile_dir / "dwp.yaml"], dwp_out, TODAY)) == ["built"]
    assert_whole(dwp_out / "dwp")


def test_a_profile_edited_while_it_renders_is_built_again(tmp_path: Path,
                                                          profile_dir: Path) -> None:
    path = profile_dir / "dwp.yaml"
    rendered = render_pack(path, TODAY, tmp_path)
    path.write_text(path.read_text("utf-8").replace('version: "2.1"', 'version: "2.2"'),
                    "utf-8")  # after it was read, before the cache records it
    publish.publish_folder(tmp_path / rendered.slug, rendered.outputs)
    cache = BuildCache(tmp_path)
    cache.record(path, rendered.slug, rendered.edition, rendered.inputs, rendered.outputs,
                 rendered.pages)
    assert cache.fresh(path) is None


# --- A batch survives one bad profile ----------------------------------------------------

def _buggy(real: object) -> object:
    def render(path: Path, *args: object) -> object:
        if path.name == "dwp.yaml":
            raise KeyError("injected")
        return real(path, *args)  # type: ignore[operator]
    return render


def test_a_bug_in_one_profile_fails_only_that_profile(
        profile_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    import generator.batch

    monkeypatch.setattr(generator.batch, "render_pack", _buggy(generator.batch.render_pack))
    out = tmp_path / "out"
    for name in ("dvla.yaml", "welsh-government.yaml"):  # leave dwp (the bug) and one more
        (profile_dir / name).unlink()
    code = cli.main(["build", str(profile_dir), "--out", str(out), "--jobs", "1"])
    printed = capsys.readouterr()
    assert code == 1
    assert "1 built, 0 unchanged, 1 failed" in printed.out
    assert "internal error: this is a bug in policy-pack" in printed.err
    assert "Traceback" not in printed.err
    assert len(json.loads((out / CACHE_NAME).read_text("utf-8"))) == 1
    assert cli.main(["--debug", "build", str(profile_dir), "--out", str(out), "--jobs", "1"]) == 1
    assert "Traceback" in capsys.readouterr().err


def test_an_internal_error_crosses_from_a_worker() -> None:
    import pickle

    error = InternalError.of(ValueError("boom"))
    again = pickle.loads(pickle.dumps(error))
    assert str(again) == str(error) and "ValueError: boom" in again.trace


# --- No silent replacement ---------------------------------------------------------------

def test_a_pack_of_another_profile_is_replaced_only_when_asked(dwp_out: Path,
                                                               profile_dir: Path) -> None:
    before = snapshot(dwp_out / "dwp")
    other = profile_dir / "dwp-copy.yaml"
    shutil.copy(profile_dir / "dwp.yaml", other)
    [failed] = build_all([other], dwp_out, TODAY)
    assert isinstance(failed, Failed)
    assert "holds the pack made from" in str(failed.error)
    assert "policy-pack build --replace" in str(failed.error)
    assert snapshot(dwp_out / "dwp") == before
    assert statuses(build_all([other], dwp_out, TODAY, replace=True)) == ["built"]
    manifest = json.loads((dwp_out / "dwp" / "manifest.json").read_text("utf-8"))
    assert (dwp_out / "dwp" / manifest["profile"]["path"]).resolve() == other.resolve()


def test_a_folder_that_is_not_a_pack_is_not_replaced(tmp_path: Path, profile_dir: Path) -> None:
    out = tmp_path / "out"
    (out / "dwp").mkdir(parents=True)
    (out / "dwp" / "notes.txt").write_text("mine", "utf-8")
    [failed] = build_all([profile_dir / "dwp.yaml"], out, TODAY)
    assert isinstance(failed, Failed)
    assert "holds files that are not a policy pack" in str(failed.error)
    assert (out / "dwp" / "notes.txt").read_text("utf-8") == "mine"


def test_matrix_refuses_two_profiles_with_one_slug(profile_dir: Path, tmp_path: Path) -> None:
    shutil.copy(profile_dir / "dwp.yaml", profile_dir / "zz-dwp.yaml")
    with pytest.raises(UsageError, match="both have the slug `dwp`"):
        run_matrix(profile_dir, tmp_path / "out", TODAY)
    assert not (tmp_path / "out").exists()


def test_an_entry_naming_an_unknown_edition_is_not_fresh(dwp_out: Path,
                                                         profile_dir: Path) -> None:
    cache = json.loads((dwp_out / CACHE_NAME).read_text("utf-8"))
    for entry in cache.values():
        entry["edition"] = "1999-01"
    (dwp_out / CACHE_NAME).write_text(json.dumps(cache), "utf-8")
    assert BuildCache(dwp_out).fresh(profile_dir / "dwp.yaml") is None
