"""The reviewers' commands at the I/O edge: compare, matrix and impact.

Each resolves what it was given (a profile path or `base:EDITION`) into policies with the
same pure stages `build` uses, calls the pure comparison, and publishes its outputs with
the same atomic writes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from generator import __version__
from generator.errors import UsageError
from generator.model import Department, Policy, PolicyInfo, Profile
from generator.policy import Provenance, available_editions, fill_for, merge
from generator.profile import load_profile, profile_files, validate
from generator.publish import publish_folder
from generator.review.comparison.diff_json import render_diff_json
from generator.review.comparison.redline import render_redline
from generator.review.comparison.report import render_report
from generator.review.comparison.sections import Comparison, compare
from generator.review.dashboard import Reviewed
from generator.review.impact import DepartmentImpact, impact
from generator.review.impact_files import render_impact_html, render_impact_json
from generator.review.matrix import Matrix, matrix
from generator.review.matrix_files import render_matrix_files
from generator.review.origins import base_label, own_code
from generator.review.paths import base_slug, comparison_folder
from generator.review.signoffs import profile_hash, read_signoffs, signoffs_path, state

AUTHOR = "policy-pack"  # the redline's author only where neither side is a department
# Neutral values for the base text's placeholders when neither side is a department.
NEUTRAL = Profile(
    schema_version=1, base="", channels=(), contacts=(), local_rules=(), adaptations=(),
    department=Department("the department", "the department", "base", "UK", "en-GB", None),
    policy=PolicyInfo(None, "the policy owner", "base", dt.date(2000, 1, 1),
                      dt.date(2000, 1, 2)))


@dataclasses.dataclass(frozen=True)
class Side:
    name: str  # as scripts know it: a slug or base:EDITION (diff.json)
    slug: str  # as used in folder names
    policy: Policy
    profile: Profile | None
    path: Path | None  # the profile file, for a department
    label: str = ""  # as people know it: "Department of Finance", "the May 2012 edition of
    # the base text" (never "Cabinet Office guidance": the base carries model and code text)


def guidance_label(published: dt.date) -> str:
    """An edition of the guidance as a reviewer knows it: Cabinet Office guidance (May 2012).

    For the edition itself (what was published, what a department moves to); a side or a
    heading above the base text's words is `base_label`'s."""
    return f"Cabinet Office guidance ({published:%B %Y})"


def edition_months() -> dict[str, str]:
    """Every edition by its ID, as its month: May 2012."""
    return {edition: f"{guidance.published:%B %Y}"
            for edition, guidance in available_editions().items()}


def edition_labels() -> dict[str, str]:
    """Every edition by its ID, as a reviewer knows it: Cabinet Office guidance (May 2012)."""
    return {edition: guidance_label(guidance.published)
            for edition, guidance in available_editions().items()}


def base_labels() -> dict[str, str]:
    """Every edition by its ID, as the base text a report shows: the May 2012 edition of the
    base text."""
    return {edition: base_label(guidance.published)
            for edition, guidance in available_editions().items()}


def load_side(spec: str, today: dt.date | None = None) -> Side:
    """A profile path, or base:EDITION; the base text's placeholders are filled with the
    same neutral words on every side, so a department's name is never a difference."""
    editions = available_editions()
    if spec.startswith("base:"):
        edition = spec.removeprefix("base:")
        if edition not in editions:
            raise UsageError(f"{spec}: no base edition {edition!r}; known: "
                             + ", ".join(sorted(editions)))
        holder = dataclasses.replace(NEUTRAL, base=edition)
        policy = merge(holder, editions[edition], None, Provenance("", __version__))
        return Side(spec, base_slug(edition), policy, None, None,
                    base_label(editions[edition].published))
    path = Path(spec)
    if not path.is_file():
        raise UsageError(f"{spec}: no such profile; give a profile path or base:EDITION")
    doc = load_profile(path)
    profile, _ = validate(doc, editions, today)
    policy = merge(profile, editions[profile.base], None, Provenance(doc.sha256, __version__),
                   placeholders=NEUTRAL)
    return Side(profile.department.slug, profile.department.slug,
                _own_code(policy, profile.department), profile, path, profile.department.name)


def _own_code(policy: Policy, department: Department) -> Policy:
    """Neutral words fill a department's base text (so a name is never a difference), the
    code of conduct's name too; but a section whose words are the code's is labelled with
    the code the department follows (the NICS Code of Ethics in Northern Ireland)."""
    code = fill_for("{{ code.name }}", department)
    return dataclasses.replace(policy, sections=tuple(
        dataclasses.replace(s, origin=own_code(s.origin, code)) for s in policy.sections))


def run_compare(a_spec: str, b_spec: str, out: Path, today: dt.date | None = None
                ) -> tuple[Path, Comparison]:
    """Compare A with B; write report.html, redline.docx and diff.json; return the folder."""
    return write_comparison(load_side(a_spec, today), load_side(b_spec, today), out)


def write_comparison(a: Side, b: Side, out: Path, back: str | None = None
                     ) -> tuple[Path, Comparison]:
    """Compare two loaded sides and publish the three files; `back`, the href of the
    site's index the report links back to (None: the report is not part of a site)."""
    a, b = filled_alike(a, b)
    comparison = compare(a.policy, b.policy, a.label, b.label, a.name, b.name,
                         a_profile=a.profile, b_profile=b.profile)
    # The date of a change no department made (two base texts): B's edition.
    date = (b.profile.policy.effective if b.profile else b.policy.meta.edition_published)
    folder = out / comparison_folder(a.slug, b.slug)
    publish_folder(folder, {
        "report.html": render_report(comparison, back=back).encode("utf-8"),
        "redline.docx": render_redline(comparison, a.policy, b.policy, AUTHOR,
                                       f"{date.isoformat()}T00:00:00Z"),
        "diff.json": render_diff_json(comparison),
    })
    return folder, comparison


def filled_alike(a: Side, b: Side) -> tuple[Side, Side]:
    """Against its base, a department's text reads with its own names on both sides (so a
    reviewer sees "Department of Finance", and a name is still never a difference); two
    departments, or two editions, keep the neutral words."""
    department = b.profile if a.profile is None else a.profile if b.profile is None else None
    if department is None:
        return a, b
    return _refilled(a, department), _refilled(b, department)


def _refilled(side: Side, names: Profile) -> Side:
    """A side filled with the department's names. The base side also takes the facts its
    defaults read (the jurisdiction for the records default, the accounts for the house
    rules' hours), so a default the department did not touch is never a difference."""
    editions = available_editions()
    meta = side.policy.meta
    holder = side.profile or dataclasses.replace(
        NEUTRAL, base=meta.edition, channels=names.channels,
        department=dataclasses.replace(
            NEUTRAL.department, jurisdiction=names.department.jurisdiction,
            jurisdictions=names.department.jurisdictions,
            organisation=names.department.organisation))
    policy = merge(holder, editions[meta.edition], None,
                   Provenance(meta.profile_sha256, __version__), placeholders=names)
    return dataclasses.replace(side, policy=policy)


def run_matrix(folder: Path, out: Path, today: dt.date | None = None,
               only: Sequence[Path] | None = None, back: str | None = None
               ) -> tuple[Path, Matrix]:
    """Every profile in `folder` (or the profiles `only`, of that folder) against its base:
    the matrix's pages (matrix.html, matrix-departures.html, one per edition and per
    jurisdiction where there are two or more) and matrix.csv, matrix.xlsx and matrix.json in
    out/matrix/, and each department's comparison with its base beside it. `back` is the
    relative link from the pages to the site's index, where there is one."""
    files = profile_files([folder]) if only is None else only
    sides = [load_side(str(path), today) for path in files]
    if not sides:
        raise UsageError(f"{folder}: no profiles (*.yaml) found")
    bases = {e: load_side(f"base:{e}") for e in {side.policy.meta.edition for side in sides}}
    _refuse_one_folder_twice(sides)
    for side in sides:
        write_comparison(bases[side.policy.meta.edition], side, out, back)
    grid = matrix([side.policy for side in sides])
    target = out / "matrix"
    publish_folder(target, render_matrix_files(grid, base_labels(), back))
    return target, grid


def _refuse_one_folder_twice(sides: list[Side]) -> None:
    """Two profiles with one slug would publish into one compare folder, the second over
    the first: refuse before anything is written."""
    seen: dict[str, Side] = {}
    for side in sides:
        if side.slug in seen:
            raise UsageError(f"{side.path} and {seen[side.slug].path} both have the slug "
                             f"`{side.slug}`, so their comparisons would overwrite each other; "
                             "nothing was written (give each department its own "
                             "department.slug)")
        seen[side.slug] = side


def run_impact(edition: str, paths: list[Path], out: Path, today: dt.date | None = None,
               back: str | None = None) -> tuple[Path, list[DepartmentImpact]]:
    """What `edition` means for each profile: impact.html and impact.json; `back`, the
    relative link from the page to the site's index, where there is one."""
    editions = available_editions()
    if edition not in editions:
        raise UsageError(f"--to {edition}: no such base edition; known: "
                         + ", ".join(sorted(editions)))
    impacts = []
    for path in profile_files(paths):
        profile, _ = validate(load_profile(path), editions, today)
        impacts.append(impact(profile, editions[profile.base], editions[edition], NEUTRAL))
    target = out / f"impact-{edition}"
    html = render_impact_html(edition, impacts, base_labels(), back)
    publish_folder(target, {"impact.html": html.encode("utf-8"),
                            "impact.json": render_impact_json(edition, impacts)})
    return target, impacts


def reviewed(paths: Sequence[Path], today: dt.date | None = None) -> list[Reviewed]:
    """Each profile loaded as the reviews load it, with where it stands in central review:
    its sign-offs (signoffs/<slug>.yaml beside it) judged against its bytes now.

    UsageError or ProfileError, as `load_side`, for a profile that does not load; a
    ProfileError too for a sign-off file that is not as written."""
    found = []
    for path in paths:
        side = load_side(str(path), today)
        decisions = read_signoffs(signoffs_path(path.parent, side.slug))
        found.append(Reviewed(side.policy, path.name, state(decisions, profile_hash(path))))
    return found
