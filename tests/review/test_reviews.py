"""impact on the sample profiles, and every reviewer's HTML report (the matrix's pages too,
whose own tests are in test_matrix.py) checked by axe-core in Chromium and at 400% zoom (320
CSS pixels wide)."""

from __future__ import annotations

import dataclasses
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from generator.audit.html import HtmlAuditor
from generator.model import Adaptation, Approval
from generator.policy.editions import load_guidance
from generator.review.impact import impact
from generator.review.run import NEUTRAL, run_compare, run_impact, run_matrix
from tests.conftest import PROFILES, TODAY
from tests.outputs import html_text
from tests.review.test_compare import profile


@pytest.fixture(scope="module")
def reviews(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("reviews")
    run_matrix(PROFILES, out, TODAY)
    run_impact("2014-10", [PROFILES], out, TODAY)
    run_compare(str(PROFILES / "dvla.yaml"), str(PROFILES / "nics-finance.yaml"), out, TODAY)
    return out


def test_impact_of_2014_10_on_the_ni_department(reviews: Path) -> None:
    data = json.loads((reviews / "impact-2014-10" / "impact.json").read_text("utf-8"))
    ni = next(d for d in data["departments"] if d["slug"] == "nics-finance")
    outcome = {s["id"]: s["outcome"] for s in ni["sections"]}
    assert outcome["code.online-and-offline"] == "needs_review"  # base changed under a modify
    assert outcome["principles.civil-service-code"] == "needs_review"  # modified, now dropped
    assert outcome["barriers.programmes"] == "redundant"  # omitted, and the edition drops it
    assert outcome["remember.five-things"] == "new"
    assert outcome["intro.about"] == "inherits"
    assert outcome["local.name-and-logo"] == "unaffected"  # its `after` section stays
    assert ni["counts"] == {o: list(outcome.values()).count(o) for o in ni["counts"]}


def test_impact_of_its_own_edition_changes_nothing(reviews: Path) -> None:
    data = json.loads((reviews / "impact-2014-10" / "impact.json").read_text("utf-8"))
    dwp = next(d for d in data["departments"] if d["slug"] == "dwp")
    assert {s["outcome"] for s in dwp["sections"]} <= {"inherits", "unaffected"}
    assert all("the same in both editions" in s["detail"] or s["outcome"] == "unaffected"
               for s in dwp["sections"])


def test_a_modification_the_new_edition_now_makes_is_redundant() -> None:
    new_text = next(s for s in load_guidance("2014-10").sections() if s.id == "posting.checks")
    approval = Approval("Ours", "Me", TODAY)
    modified = dataclasses.replace(profile("dvla"), adaptations=(
        Adaptation("posting.checks", "modify", new_text.body, None, approval),))
    result = impact(modified, load_guidance("2012-05"), load_guidance("2014-10"), NEUTRAL)
    outcome = {s.id: s.outcome for s in result.sections}
    assert outcome["posting.checks"] == "redundant"


def report_pages(reviews: Path) -> list[Path]:
    return sorted(reviews.rglob("*.html"))


def test_every_review_report_has_no_axe_violation(reviews: Path, auditor: HtmlAuditor) -> None:
    """The comparisons and the impact report; the matrix's pages are audited at 24
    departments in test_matrix.py."""
    pages = [p for p in report_pages(reviews) if p.parent.name != "matrix"]
    assert len(pages) >= 5  # impact, and the comparisons
    for path in pages:
        checks, findings = auditor.audit(path.read_text("utf-8"))
        assert checks > 20
        assert findings == [], (path, [str(f) for f in findings])


def test_a_page_that_does_not_reflow_is_found(auditor: HtmlAuditor) -> None:
    html = ('<!DOCTYPE html><html lang="en"><head><title>Wide</title></head><body><main>'
            '<h1>Wide</h1><p style="width:900px">A fixed-width paragraph.</p></main></body>'
            "</html>")
    _, findings = auditor.audit(html)
    assert [(f.rule, f.where) for f in findings] == [("WCAG 1.4.10 reflow", "page")]
    assert "at 400% zoom (320 CSS pixels wide) the page is" in findings[0].message


def test_a_local_rule_whose_place_the_new_text_lacks_needs_review() -> None:
    ni = profile("nics-finance")
    rule = dataclasses.replace(ni.local_rules[0], after="engagement.taking-offline")
    result = impact(dataclasses.replace(ni, local_rules=(rule,)), load_guidance("2012-05"),
                    load_guidance("2014-10"), NEUTRAL)
    [moved] = [s for s in result.sections if s.id == rule.id]
    assert moved.outcome == "needs_review"


def test_impact_puts_a_core_section_not_carried_first_and_flags_it() -> None:
    adopted_all = dataclasses.replace(profile("nics-finance"), adaptations=(), local_rules=())
    result = impact(adopted_all, load_guidance("2012-05"), load_guidance("2014-10"), NEUTRAL)
    first = result.sections[0]
    assert (first.id, first.outcome, first.core) == ("principles.civil-service-code",
                                                    "not_in_new_text", True)
    assert first.detail.startswith("a core section. This project's text of the October 2014 "
                                   "guidance does not carry this section")
    missing = [s.id for s in result.sections if s.outcome == "not_in_new_text"]
    assert "barriers.programmes" in missing  # adopted, and not in the 2014-10 text
    assert not [s for s in result.sections if s.outcome == "inherits"
                and s.id not in {x.id for x in load_guidance("2014-10").sections()}]
    assert "are not in this project's text of the October 2014 guidance (1 core)" \
        in result.summary()
    assert result.count("dropped") == 0


def test_the_impact_summary_line_is_plain_and_counts_right(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "generator", "impact", "--to", "2014-10",
                           str(PROFILES / "nics-finance.yaml"), str(PROFILES / "dwp.yaml"),
                           "--out", str(tmp_path)], capture_output=True, text=True, check=True)
    nics, dwp = done.stdout.splitlines()[:2]
    data = json.loads((tmp_path / "impact-2014-10" / "impact.json").read_text("utf-8"))
    counts = data["departments"][0]["counts"]
    assert nics == ("Department of Finance, May 2012 guidance to October 2014: "
                    f"{counts['needs_review']} sections need review{_lost_points(data)}; "
                    "13 sections are not in this "
                    "project's text of the October 2014 guidance; 3 new sections await a "
                    "decision; 1 departure is now redundant; "
                    f"{counts['inherits']} sections take the new text; "
                    "1 section is unaffected")  # its local rule, whose place stays
    assert dwp == ("Department for Work and Pensions: already on the October 2014 guidance; "
                   "nothing changes")
    assert [d["same_edition"] for d in data["departments"]] == [False, True]
    html = (tmp_path / "impact-2014-10" / "impact.html").read_text("utf-8")
    assert "Already on this edition: nothing changes." in html
    nics_part = html.split('id="dept-nics-finance"')[1].split('id="dept-dwp"')[0]
    # the text changes under a section the department adopts, word by word
    intro = nics_part.split("(intro.about)")[1].split("</tr>")[0]
    assert "How the base text changes" in intro and "<ins>" in intro and "<del>" in intro


def _lost_points(data: dict[str, Any]) -> str:
    """What the summary says of core sections that would lose points (test_origins.py
    makes sure one does)."""
    losing = [s for s in data["departments"][0]["sections"] if s["lost_points"]]
    lost = sum(len(s["lost_points"]) for s in losing)
    if not losing:
        return ""
    return (f" ({len(losing)} core section{'s' if len(losing) != 1 else ''} would lose {lost} "
            f"point{'s' if lost != 1 else ''} it must make)")


def test_review_outputs_name_policies_as_people_know_them(reviews: Path,
                                                          tmp_path: Path) -> None:
    folder, _ = run_compare("base:2012-05", str(PROFILES / "nics-finance.yaml"), tmp_path,
                            TODAY)
    report = html_text(folder / "report.html")
    assert ("Comparison of the May 2012 edition of the base text (A) with Department of "
            "Finance") in report
    assert "base:" not in report and "nics-finance" not in report
    assert "your department" not in report  # the base side reads with DoF's own names
    diff = json.loads((folder / "diff.json").read_text("utf-8"))
    assert (diff["a"], diff["b"]) == ("base:2012-05", "nics-finance")  # ids for scripts
    assert (diff["a_name"], diff["b_name"]) == ("the May 2012 edition of the base text",
                                                "Department of Finance")
    for page in ("matrix/matrix.html", "impact-2014-10/impact.html"):
        text = html_text(reviews / page)
        assert "2012-05" not in text and "2014-10" not in text, page
        assert "October 2014 edition of the base text" in text, page


def test_compare_counts_departures_as_the_register_does_and_topics_apart(
        tmp_path: Path) -> None:
    folder, result = run_compare("base:2012-05", str(PROFILES / "nics-finance.yaml"),
                                 tmp_path, TODAY)
    register = profile("nics-finance")
    modified = sum(1 for a in register.adaptations if a.action == "modify")
    omitted = sum(1 for a in register.adaptations if a.action == "omit")
    assert (result.count("changed"), result.count("only_in_a"), result.count("only_in_b")) \
        == (modified, omitted, len(register.local_rules))
    assert all(not s.id.startswith("topics.") for s in result.sections)
    assert {s.id for s in result.topics} >= {"topics.house-rules"}
    diff = json.loads((folder / "diff.json").read_text("utf-8"))
    assert [t["id"] for t in diff["topics"]] == [s.id for s in result.topics]
    report = html_text(folder / "report.html")
    assert "Structured topics" in report and "the counts above leave them out" in report
