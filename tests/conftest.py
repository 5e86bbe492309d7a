"""Shared fixtures: every sample profile built once per test session, with real renderers."""

from __future__ import annotations

import datetime as dt
import fcntl
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings

from generator.audit.html import HtmlAuditor
from generator.batch import build_all
from generator.build import Built, Failed
from generator.model import Profile
from generator.policy.editions import available_editions
from generator.profile.load import load_profile
from generator.profile.validation import validate
from tests.team.harness import Provider, start_provider, stop_provider

# No property test has a time limit: on 2 cores shared with renders and browsers one example
# can take 0.3 s, and a speed target belongs in scripts/bench*.py, not in a test's verdict.
settings.register_profile("policy-pack", deadline=None)
settings.load_profile("policy-pack")

ROOT = Path(__file__).resolve().parent.parent
PROFILES = ROOT / "profiles"
SAMPLES = sorted(p.stem for p in PROFILES.glob("*.yaml"))
TODAY = dt.date(2026, 11, 21)


@dataclass(frozen=True)
class Pack:
    """One built sample: its profile and the paths of its outputs."""

    profile: Profile
    folder: Path
    pdf: Path
    docx: Path
    html: Path
    manifest: Path


def _packs(out: Path) -> dict[str, Pack]:
    results = build_all([PROFILES], out, TODAY)
    failures = [r for r in results if isinstance(r, Failed)]
    assert not failures, "\n".join(str(f.error) for f in failures)
    packs = {}
    for result in results:
        assert isinstance(result, Built)
        profile, _ = validate(load_profile(result.profile), available_editions(), TODAY)
        slug = profile.department.slug
        stem = result.folder / f"{slug}-social-media-policy"
        packs[result.profile.stem] = Pack(profile, result.folder, stem.with_suffix(".pdf"),
                                          stem.with_suffix(".docx"), stem.with_suffix(".html"),
                                          result.folder / "manifest.json")
    return packs


@pytest.fixture(scope="session", autouse=True)
def _cache_of_this_run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Work kept on disk between processes (generator/memo.py) goes to a folder of this
    run, shared by its workers and the commands they start: every run makes its results
    afresh, so a test of byte-identical outputs never compares cached bytes with cached
    bytes, and the developer's own ~/.cache is left alone."""
    folder = tmp_path_factory.getbasetemp().parent / "policy-pack-cache"
    before = os.environ.get("POLICY_PACK_CACHE")
    os.environ["POLICY_PACK_CACHE"] = str(folder)
    yield
    if before is None:
        del os.environ["POLICY_PACK_CACHE"]
    else:
        os.environ["POLICY_PACK_CACHE"] = before


@pytest.fixture(scope="session")
def packs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Pack]:
    """Every sample profile, built once for the whole session, whatever the number of
    pytest-xdist workers: the first worker to ask builds them into a folder the workers
    share, under a lock, and the others find them there (the build cache answers
    `unchanged` at once). Tests only read them."""
    if not os.environ.get("PYTEST_XDIST_WORKER"):
        return _packs(tmp_path_factory.mktemp("build-1"))
    # As deep as a worker's own folders (pytest-N/popen-gw0/build-2): the manifest records
    # the profile's path from the pack, which second_packs must find the same.
    shared = tmp_path_factory.getbasetemp().parent / "shared" / "build-1"
    shared.parent.mkdir(exist_ok=True)
    with open(shared.parent / "build-1.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return _packs(shared)


@pytest.fixture(scope="session")
def second_packs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Pack]:
    """The same samples built again into another folder, to prove reproducibility."""
    return _packs(tmp_path_factory.mktemp("build-2"))


@pytest.fixture(params=SAMPLES)
def pack(request: pytest.FixtureRequest, packs: dict[str, Pack]) -> Pack:
    return packs[request.param]


@pytest.fixture(scope="session")
def auditor() -> Iterator[HtmlAuditor]:
    """One headless Chromium with axe-core for the whole session."""
    with HtmlAuditor() as shared:
        yield shared


@pytest.fixture
def profile_dir(tmp_path: Path) -> Path:
    """A scratch copy of the sample profiles' folder (profiles and logos)."""
    target = tmp_path / "profiles"
    shutil.copytree(PROFILES, target)
    return target


# `make check`, the loop between edits, runs `pytest -m "not renders"`: every test but those
# that build packs, open files in LibreOffice, Chromium or pdf.js, run the command line's
# builds, or render PDFs for seconds. A test is marked when it uses a fixture that does so,
# or is named below: a folder, a module, or one test of a module (`make test` runs all). A
# test that lays out one small page in a fraction of a second stays in (the content scan
# against pikepdf's parser, the bombs, the tagged-text findings on hand-made pages).
RENDERING_FIXTURES = frozenset({"packs", "pack", "second_packs", "auditor", "require_browser"})
RENDERING = frozenset({
    "tests/review/test_reviews.py", "tests/render/test_fonts.py", "tests/render/test_safety.py",
    "tests/render/test_front_matter.py::test_nothing_crosses_the_page_edge",
    "tests/render/test_import_without_compiler.py::test_warming_up_runs_no_compiler",
    "tests/audit/test_hostile_audit.py::test_the_audit_command_reports_each_hostile_file_and_goes_on",
    "tests/serve/test_browser.py", "tests/serve/test_browser_a11y.py",
    "tests/serve/test_packs.py", "tests/serve/test_packs_ahead.py", "tests/serve/test_server.py",
    "tests/test_batch.py", "tests/test_check_means_build.py", "tests/test_cli.py",
    "tests/test_faults.py", "tests/test_packaging.py", "tests/test_pre_commit_hook.py",
    "tests/test_site.py", "tests/test_translation_workflow.py",
    "tests/profile/test_special_files.py",
    "tests/policy/test_topics_built.py::test_an_ni_profile_built_by_the_command_line",
    "tests/profile/test_hostile.py::test_the_command_line_prints_no_traceback",
    "tests/profile/test_schema_and_new.py::test_new_writes_a_starter_that_checks_clean_once_filled",
    "tests/profile/test_written_by_people.py::test_accepted_profiles_build",
    "tests/review/test_compare.py::test_libreoffice_lists_the_redline_revisions",
})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # A renamed module would otherwise slip into `make check` unnoticed.
    missing = sorted(entry for entry in RENDERING if not (ROOT / entry.split("::")[0]).exists())
    if missing:
        raise pytest.UsageError(f"tests/conftest.py RENDERING names no such file: {missing}")
    for item in items:
        module = item.path.relative_to(ROOT).as_posix()
        named = (module, f"{module}::{getattr(item, 'originalname', item.name)}",
                 *(module[:end + 1] for end, char in enumerate(module) if char == "/"))
        if (RENDERING_FIXTURES & set(getattr(item, "fixturenames", ()))
                or RENDERING.intersection(named)):
            item.add_marker(pytest.mark.renders)


@pytest.fixture(scope="session")
def provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Provider]:
    """npm's oidc-provider, one for the whole session, shared by the team editor's tests
    and the proxy's (tests/team/harness.py)."""
    running = start_provider(tmp_path_factory.mktemp("provider"))
    yield running
    stop_provider(running)
