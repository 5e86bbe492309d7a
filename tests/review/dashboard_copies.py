"""Copies of the sample profiles as a central reviewer meets them: their own slugs, one
overdue, one changing a core section, approved by people of their own (shared by the
dashboard's and the site's tests)."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import PROFILES

CHANGE_CORE = """adaptations:
  remember.five-things:
    action: modify
    append: Ask the digital team before you post for us.
    reason: Staff asked who to ask.
    approved_by: Jane Smith
    date: 2026-08-02
"""


def copy_profile(folder: Path, sample: str, slug: str, name: str, review_by: str = "",
                 extra: str = "") -> Path:
    """A copy of `sample` in `folder` as another department, `extra` YAML appended."""
    text = (PROFILES / f"{sample}.yaml").read_text("utf-8")
    old_slug = text.split("  slug: ", 1)[1].split("\n", 1)[0]
    old_name = text.split("  name: ", 1)[1].split("\n", 1)[0]
    text = text.replace(f"  slug: {old_slug}\n", f"  slug: {slug}\n", 1)
    text = text.replace(f"  name: {old_name}\n", f"  name: {name}\n", 1)
    if review_by:
        old = text.split("  review_by: ", 1)[1].split("\n", 1)[0]
        text = text.replace(f"  review_by: {old}\n", f"  review_by: {review_by}\n", 1)
    path = folder / f"{slug}.yaml"
    path.write_text(text + extra, "utf-8")
    return path


def reviewers_folder(folder: Path) -> Path:
    """The four samples and two copies: 'Department for Tests' (DWP's profile, 2014-10,
    adds to the core section "Five things to remember", approved by Jane Smith) and 'Overdue Office'
    (the NICS profile, 2012-05, its review date 31 October 2026)."""
    shutil.copytree(PROFILES, folder)
    copy_profile(folder, "dwp", "dept-tests", "Department for Tests", extra=CHANGE_CORE)
    copy_profile(folder, "nics-finance", "overdue-office", "Overdue Office",
                 review_by="2026-10-31")
    return folder
