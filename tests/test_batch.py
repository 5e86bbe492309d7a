"""Batch builds: unchanged packs are skipped, parallel builds equal sequential ones."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pikepdf
import pytest

from generator.batch import build_all
from generator.build import Built, Failed
from tests.conftest import SAMPLES, TODAY
from tests.test_cli import run


def statuses(results: list[Built | Failed]) -> list[str]:
    return [r.status if isinstance(r, Built) else "failed" for r in results]


def only(name: str) -> list[str]:
    """Each sample's status, in order, when only `name`'s pack was rebuilt."""
    return ["built" if sample == name else "unchanged" for sample in SAMPLES]


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != ".policy-pack-cache.json"}


@pytest.fixture
def built(profile_dir: Path, tmp_path: Path) -> Path:
    out = tmp_path / "out"
    assert statuses(build_all([profile_dir], out, TODAY, jobs=2)) == ["built"] * len(SAMPLES)
    return out


def test_a_second_build_changes_nothing(built: Path, profile_dir: Path) -> None:
    before = files(built)
    assert statuses(build_all([profile_dir], built, TODAY, jobs=2)) == ["unchanged"] * len(SAMPLES)
    assert files(built) == before


def test_touching_a_file_without_changing_it_rebuilds_nothing(built: Path,
                                                              profile_dir: Path) -> None:
    for path in profile_dir.rglob("*"):
        os.utime(path, (1, 1))
    assert statuses(build_all([profile_dir], built, TODAY)) == ["unchanged"] * len(SAMPLES)


def test_a_changed_profile_or_logo_rebuilds_only_its_pack(built: Path,
                                                          profile_dir: Path) -> None:
    dwp = profile_dir / "dwp.yaml"
    dwp.write_text(dwp.read_text("utf-8").replace('version: "2.1"', 'version: "2.2"'), "utf-8")
    assert statuses(build_all([profile_dir], built, TODAY)) == only("dwp")
    logo = profile_dir / "logos" / "dvla.svg"
    logo.write_text(logo.read_text("utf-8").replace("#003078", "#00205b"), "utf-8")
    assert statuses(build_all([profile_dir], built, TODAY)) == only("dvla")


def test_a_missing_output_or_force_rebuilds(built: Path, profile_dir: Path) -> None:
    next((built / "nics-finance").glob("*.docx")).unlink()
    assert statuses(build_all([profile_dir], built, TODAY)) == only("nics-finance")
    assert statuses(build_all([profile_dir], built, TODAY, force=True)) == ["built"] * len(SAMPLES)


def test_parallel_and_sequential_builds_are_identical(built: Path, profile_dir: Path,
                                                      tmp_path: Path) -> None:
    sequential = tmp_path / "sequential"
    results = build_all([profile_dir], sequential, TODAY, jobs=1)
    assert [r.profile.name for r in results] == [f"{name}.yaml" for name in SAMPLES]
    assert files(sequential) == files(built)


def test_a_slug_clash_is_decided_by_order_not_timing(profile_dir: Path, tmp_path: Path) -> None:
    shutil.copy(profile_dir / "dwp.yaml", profile_dir / "zz-dwp-again.yaml")
    results = build_all([profile_dir], tmp_path / "out", TODAY, jobs=2)
    assert statuses(results) == ["built"] * len(SAMPLES) + ["failed"]
    failure = results[-1]
    assert isinstance(failure, Failed)
    assert "department.slug: `dwp` is also the slug of" in str(failure.error)


def test_build_command_prints_a_summary_table(tmp_path: Path) -> None:
    result = run("build", "--jobs", "2", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    header = lines.index(next(line for line in lines if line.startswith("Profile")))
    assert lines[header].split() == ["Profile", "Status", "Pages", "Seconds"]
    rows = []
    for slug in SAMPLES:  # each row gives its PDF's own page count
        with pikepdf.open(tmp_path / slug / f"{slug}-social-media-policy.pdf") as pdf:
            rows.append([f"profiles/{slug}.yaml", "built", str(len(pdf.pages))])
    assert [line.split()[:3] for line in lines[header + 1:header + 1 + len(SAMPLES)]] == rows
    assert lines[-1].startswith(f"{len(SAMPLES)} built, 0 unchanged, 0 failed in")
    again = run("build", "--out", str(tmp_path))
    last = again.stdout.splitlines()[-1]
    assert last.startswith(f"0 built, {len(SAMPLES)} unchanged, 0 failed in")


def test_jobs_must_be_positive(tmp_path: Path) -> None:
    result = run("build", "--jobs", "0", "--out", str(tmp_path))
    assert result.returncode == 2
    assert "must be 1 or more" in result.stderr


def test_the_fork_servers_warm_up_loads_everything_and_starts_no_thread() -> None:
    """Workers are forked from a server that imported generator.worker_preload: a thread alive there
    (the PDF/UA validator's pool, say) could deadlock every worker."""
    import subprocess
    import sys

    probe = ("import os, sys; import generator.worker_preload; "
             "from generator.render import pdf as render_pdf; "
             "print(len(os.listdir('/proc/self/task')), render_pdf._weasy.cache_info().currsize,"
             " 'cairosvg' in sys.modules, 'page' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True, cwd=Path(__file__).resolve().parent.parent).stdout.split()
    assert out == ["1", "1", "True", "True"]
