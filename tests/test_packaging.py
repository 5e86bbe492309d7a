"""The distribution as users get it: a wheel and an sdist built with `python -m build`, the
wheel installed (not editable) into a new virtual environment outside the repository, and
every command run from a folder outside the repository on real files."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator import __version__
from tests.conftest import PROFILES, ROOT

# What the code finds through importlib.resources: it must be inside the distribution.
BUNDLED = (
    "generator/templates/guidance/2012-05/edition.yaml",
    "generator/templates/guidance/2014-10/sections/intro.about.md",
    "generator/templates/html/policy.html.j2",
    "generator/templates/html/fonts.css",
    "generator/templates/fonts/NotoSans-Regular.ttf",
    "generator/profile/profile.schema.json",
)


@dataclass(frozen=True)
class Installed:
    dist: Path  # the wheel and sdist
    bin: Path  # the new environment's bin/
    work: Path  # a folder outside the repository, holding copies of two sample profiles

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return _run([str(self.bin / "policy-pack"), *args], self.work, check=check)


def _run(command: Sequence[str], cwd: Path, check: bool = True
         ) -> subprocess.CompletedProcess[str]:
    # No PYTHONPATH and a folder outside the repository: only the installed copy can answer.
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["POLICY_PACK_AXE"] = str(ROOT / "node_modules" / "axe-core" / "axe.min.js")
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=600)
    if check and done.returncode != 0:
        raise AssertionError(f"{command} exited {done.returncode}:\n{done.stdout}\n{done.stderr}")
    return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    base = tmp_path_factory.mktemp("packaging")
    dist = base / "dist"
    _run([sys.executable, "-m", "build", "--outdir", str(dist), str(ROOT)], base)
    venv = base / "venv"
    _run([sys.executable, "-m", "venv", str(venv)], base)
    wheel = next(dist.glob("*.whl"))
    _run([str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet", str(wheel)], base)
    work = base / "department"
    (work / "profiles").mkdir(parents=True)
    for name in ("dwp.yaml", "nics-finance.yaml"):
        shutil.copy(PROFILES / name, work / "profiles" / name)
    shutil.copytree(PROFILES / "logos", work / "profiles" / "logos")
    return Installed(dist, venv / "bin", work)


def test_the_wheel_and_the_sdist_carry_the_editions_templates_fonts_and_schema(
        installed: Installed) -> None:
    wheel = next(installed.dist.glob("*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        in_wheel = set(archive.namelist())
    assert set(BUNDLED) <= in_wheel
    with tarfile.open(next(installed.dist.glob("*.tar.gz"))) as archive:
        in_sdist = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    assert {"templates/guidance/2012-05/edition.yaml", "templates/fonts/NotoSans-Regular.ttf",
            "generator/profile/profile.schema.json", "pyproject.toml"} <= in_sdist


def test_the_installed_copy_runs_not_the_repository(installed: Installed) -> None:
    shown = _run([str(installed.bin / "python"), "-c",
                  "import generator, generator.resources as r; "
                  "print(generator.__file__); print(r.templates())"], installed.work)
    code, templates = shown.stdout.split()
    site = installed.bin.parent / "lib"
    assert Path(code).is_relative_to(site) and Path(templates).is_relative_to(site)
    assert installed.run("--version").stdout == f"policy-pack {__version__}\n"
    as_module = _run([str(installed.bin / "python"), "-m", "generator", "--version"],
                     installed.work)
    assert as_module.stdout == f"policy-pack {__version__}\n"


def test_new_and_check(installed: Installed) -> None:
    assert "wrote starter.yaml" in installed.run("new", "starter.yaml").stdout
    starter = installed.run("check", "starter.yaml", check=False)
    assert starter.returncode == 2
    assert starter.stderr.startswith(
        "starter.yaml:14:9: department.name: still has the starter text")
    checked = installed.run("check", "profiles/dwp.yaml")
    assert checked.stdout == "profiles/dwp.yaml: ok\n"


def test_build_compare_matrix_and_audit(installed: Installed) -> None:
    installed.run("build", "profiles", "--out", "output")
    pack = installed.work / "output" / "dwp"
    names = ("dwp-social-media-policy.pdf", "dwp-social-media-policy.docx",
             "dwp-social-media-policy.html")
    assert all((pack / name).stat().st_size > 10_000 for name in names)
    manifest = json.loads((pack / "manifest.json").read_text("utf-8"))
    assert manifest["base"]["edition"] == "2014-10"

    compared = installed.run("compare", "base:2014-10", "profiles/dwp.yaml", "--out", "output")
    assert ("compared the October 2014 edition of the base text (A) with Department for Work "
            "and Pensions (B)") in compared.stdout
    assert (installed.work / "output" / "compare-base-2014-10-vs-dwp" / "redline.docx").is_file()

    grid = installed.run("matrix", "profiles", "--out", "output")
    assert grid.stdout.startswith("2 departments by ")
    assert (installed.work / "output" / "matrix" / "matrix.csv").is_file()

    audited = installed.run("audit", *(str(pack / name) for name in names))
    assert audited.stdout.count("no problems") == 3, audited.stdout
