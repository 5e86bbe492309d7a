"""compare: laws on the pure function, and the report, redline and JSON on real files."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from generator.model import Approval, LocalRule, Policy, Profile, Table
from generator.policy.editions import available_editions, load_guidance
from generator.policy.merging import Provenance, merge
from generator.profile.load import load_profile
from generator.profile.validation import validate
from generator.review.comparison.data import cell_words
from generator.review.comparison.redline import SECTIONS_HEADING
from generator.review.comparison.sections import (
    MARKS,
    Change,
    Comparison,
    compare,
    heading_words,
)
from generator.review.paths import base_comparison, comparison_folder
from generator.review.run import NEUTRAL, filled_alike, load_side, run_compare
from tests.conftest import PROFILES, TODAY
from tests.outputs import W

PROVENANCE = Provenance("0" * 64, "test")


def profile(name: str) -> Profile:
    loaded, _ = validate(load_profile(PROFILES / f"{name}.yaml"), available_editions(), TODAY)
    return loaded


def policy(p: Profile) -> Policy:
    return merge(p, load_guidance(p.base), None, PROVENANCE, placeholders=NEUTRAL)


APPROVAL = Approval("Our own rule", "Director of Communications", dt.date(2026, 7, 14))
RULES = (
    LocalRule("local.customer-questions", "Questions about a claim", "posting.checks",
              "Do not discuss anyone's own claim on social media. Point them to the office "
              "that deals with it.", APPROVAL),
    LocalRule("local.election-periods", "Election periods", "local.customer-questions",
              "Before an election, official accounts post only operational notices and factual\n"
              "information. Ask the Press Office before you post anything else.", APPROVAL),
)


def ruled() -> Profile:
    """The DWP sample with two local rules of its own, to change and move."""
    return dataclasses.replace(profile("dwp"), local_rules=RULES)


def with_rule(p: Profile, index: int, **changes: object) -> Profile:
    rules = list(p.local_rules)
    rules[index] = dataclasses.replace(rules[index], **changes)  # type: ignore[arg-type]
    return dataclasses.replace(p, local_rules=tuple(rules))


@pytest.mark.parametrize("name", ["dwp", "dvla", "nics-finance"])
def test_a_policy_compared_with_itself_has_no_differences(name: str) -> None:
    p = policy(profile(name))
    result = compare(p, p, "x", "x")
    assert {s.status for s in result.sections} == {"unchanged"}
    assert all(s.changes == () for s in result.sections)


@settings(max_examples=50, deadline=None)
@given(text=st.text(alphabet=st.characters(codec="utf-8", categories=["L", "N", "Zs", "P"]),
                    min_size=1, max_size=200).filter(lambda t: t.strip()))
def test_compare_x_x_is_empty_for_any_local_text(text: str) -> None:
    p = policy(with_rule(ruled(), 0, text=text.replace("[", "(")))
    assert compare(p, p, "x", "x").count("unchanged") == len(compare(p, p, "x", "x").sections)


def test_changing_one_word_reports_exactly_that_word() -> None:
    base = ruled()
    changed = with_rule(base, 1, text=base.local_rules[1].text.replace("factual", "accurate"))
    result = compare(policy(base), policy(changed), "a", "b")
    differing = [s for s in result.sections if s.status != "unchanged"]
    assert [(s.id, s.status, s.changes) for s in differing] == [
        ("local.election-periods", "changed", (Change("replace", "factual", "accurate"),))]


def test_rewrapping_a_paragraph_is_not_a_change() -> None:
    base = ruled()
    text = base.local_rules[1].text
    rewrapped = re.sub(r"\s+", " ", text).replace("notices and ", "notices\nand ")
    assert rewrapped != text
    result = compare(policy(base), policy(with_rule(base, 1, text=rewrapped)), "a", "b")
    assert {s.status for s in result.sections} == {"unchanged"}


def test_a_moved_section_is_reported_as_moved() -> None:
    base = ruled()
    moved = with_rule(base, 1, after="intro.about")
    result = compare(policy(base), policy(moved), "a", "b")
    statuses = {s.id: s.status for s in result.sections}
    assert statuses["local.election-periods"] == "moved"
    assert [k for k, v in statuses.items() if v != "unchanged"] == ["local.election-periods"]
    order = [s.id for s in result.sections]
    assert order.index("local.election-periods") == order.index("intro.about") + 1


def test_sections_only_on_one_side_carry_the_reasons() -> None:
    result = compare(policy(dataclasses.replace(profile("nics-finance"), local_rules=())),
                     policy(profile("nics-finance")), "a", "b")
    only_b = [s for s in result.sections if s.status == "only_in_b"]
    assert [s.id for s in only_b] == ["local.name-and-logo"]
    # As the pack prints it: the apostrophe typeset.
    typed = profile("nics-finance").local_rules[0].approval.reason
    assert "'" in typed and only_b[0].reason_b == typed.replace("'", "\u2019")


# --- the files compare writes -----------------------------------------------------------------


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder, _ = run_compare("base:2012-05", str(PROFILES / "nics-finance.yaml"),
                            tmp_path_factory.mktemp("compare"), TODAY)
    return folder


def test_compare_writes_its_three_files(written: Path) -> None:
    assert written.name == "compare-base-2012-05-vs-nics-finance"
    # The matrix and the dashboard link to it by the same name.
    assert written.name == base_comparison("2012-05", "nics-finance")
    assert comparison_folder("dwp", "dvla") == "compare-dwp-vs-dvla"
    assert sorted(p.name for p in written.iterdir()) == ["diff.json", "redline.docx",
                                                         "report.html"]


def test_diff_json(written: Path) -> None:
    data = json.loads((written / "diff.json").read_text("utf-8"))
    assert (data["a"], data["b"]) == ("base:2012-05", "nics-finance")
    by_id = {s["id"]: s for s in data["sections"]}
    assert (data["a_edition"], data["b_edition"]) == ("2012-05", "2012-05")
    for section in data["sections"]:  # the CONTRACT's keys, and where each side comes from
        assert set(section) == {"id", "title", "status", "changes", "reason_a", "reason_b",
                                "origin_a", "origin_b", "words_a", "words_b", "rows",
                                "edition_change", "edition_note"}
    assert by_id["barriers.programmes"]["status"] == "only_in_a"
    assert by_id["barriers.programmes"]["reason_a"] is None  # the base gives no reasons
    assert by_id["barriers.programmes"]["reason_b"].startswith("This section is about")
    code = by_id["code.online-and-offline"]
    assert code["status"] == "changed"
    assert code["reason_b"] == ("Adds what the NICS Code of Ethics itself says of "
                                "accountability to the Minister and the Assembly, and where "
                                "to raise a concern.")
    assert any("Northern Ireland" in c["b"] for c in code["changes"])
    guidance = {"kind": "guidance", "label": "Cabinet Office guidance, May 2012",
                "edition": "2012-05"}
    assert by_id["intro.about"] == {"id": "intro.about", "title": "What this guidance is for",
                                    "status": "unchanged", "changes": [], "reason_a": None,
                                    "reason_b": None, "origin_a": guidance,
                                    "origin_b": guidance, "words_a": "guidance",
                                    "words_b": "guidance", "rows": [],
                                    "edition_change": False, "edition_note": None}


def redline_text(path: Path, accept: bool) -> list[str]:
    """The redline's words after accepting (or rejecting) every revision."""
    with zipfile.ZipFile(path) as archive:
        body = etree.fromstring(archive.read("word/document.xml"))
    words: list[str] = []
    paragraphs = list(body.iter(f"{W}p"))
    start = next(i for i, p in enumerate(paragraphs)  # after the redline's own first part
                 if "".join(t.text or "" for t in p.iter(f"{W}t")) == SECTIONS_HEADING)
    for paragraph in paragraphs[start + 1:]:
        for node in paragraph.iter(f"{W}t", f"{W}delText"):
            inside = {a.tag for a in node.iterancestors()}
            added = {f"{W}ins", f"{W}moveTo"} & inside
            removed = {f"{W}del", f"{W}moveFrom"} & inside
            if (added and not accept) or (removed and accept):
                continue
            words.extend((node.text or "").split())
    return words


def policy_words(p: Policy) -> list[str]:
    """The policy's words as the redline writes them: each section's title and text, then
    its tables, each by its header row and then row by row."""
    words: list[str] = []
    for section in (s for s in (*p.sections, *p.topics) if s.status != "omitted"):
        words += [w for w in heading_words(section) if w not in MARKS]
        for table in (b for b in section.blocks if isinstance(b, Table)):
            words += table.caption.split()
            words += [w for column in table.columns for w in column.split()]
            words += [w for row in table.rows for cell in row for w in cell_words(cell)]
    return words


PAIRS = [("base:2012-05", "nics-finance"), ("dvla", "nics-finance"),
         ("base:2012-05", "base:2014-10"), ("dwp", "dvla")]


def spec(name: str) -> str:
    """A compare argument: base:EDITION as it is, a sample by its file name."""
    return name if name.startswith("base:") else str(PROFILES / f"{name}.yaml")


@pytest.mark.parametrize(("a_spec", "b_spec"), PAIRS)
def test_redline_accepted_reads_as_b_and_rejected_as_a(tmp_path: Path, a_spec: str,
                                                       b_spec: str) -> None:
    folder, _ = run_compare(spec(a_spec), spec(b_spec), tmp_path, TODAY)
    a, b = filled_alike(load_side(spec(a_spec), TODAY), load_side(spec(b_spec), TODAY))
    assert redline_text(folder / "redline.docx", accept=True) == policy_words(b.policy)
    assert redline_text(folder / "redline.docx", accept=False) == policy_words(a.policy)


def test_redline_revisions_have_author_and_date(written: Path) -> None:
    """Every change against its base is the department's, dated with the approval of the
    departure it belongs to, else the policy's effective date."""
    dof = profile("nics-finance")
    approved = {f"{a.approval.date}T00:00:00Z" for a in (*dof.adaptations, *dof.local_rules)
                if a.approval and a.approval.date}
    with zipfile.ZipFile(written / "redline.docx") as archive:
        body = etree.fromstring(archive.read("word/document.xml"))
    marks = list(body.iter(f"{W}ins")) + list(body.iter(f"{W}del"))
    assert len(marks) > 10
    for mark in marks:
        assert mark.get(f"{W}author") == "Department of Finance"
        assert mark.get(f"{W}date") in approved | {"2026-06-01T00:00:00Z"}
    assert {m.get(f"{W}date") for m in marks} & approved  # an approval's date, not only one
    ids = [m.get(f"{W}id") for m in marks]
    assert len(set(ids)) == len(ids)


@pytest.mark.parametrize(("a_spec", "b_spec"), PAIRS)
def test_libreoffice_lists_the_redline_revisions(tmp_path: Path, a_spec: str,
                                                 b_spec: str) -> None:
    folder, _ = run_compare(spec(a_spec), spec(b_spec), tmp_path, TODAY)
    subprocess.run(["soffice", "--headless", "--norestore",
                    f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--convert-to",
                    "fodt", "--outdir", str(tmp_path), str(folder / "redline.docx")],
                   check=True, capture_output=True, timeout=180)
    flat = (tmp_path / "redline.fodt").read_text("utf-8")
    assert "<text:tracked-changes" in flat
    assert flat.count("<text:insertion>") > 0
    assert flat.count("<text:deletion>") > 0
    names = {"nics-finance": "Department of Finance",
             "dvla": "Driver and Vehicle Licensing Agency"}
    assert f"<dc:creator>{names.get(b_spec, 'policy-pack')}</dc:creator>" in flat


# --- the document's shape: titles apart, lists as lists -----------------------------------

LIST_RULE = "Before you post:\n\n- check the facts\n- check the tone\n- check the link\n"


@settings(max_examples=30, deadline=None)
@given(items=st.lists(st.text(alphabet=st.characters(codec="utf-8", categories=["L", "N"]),
                              min_size=1, max_size=20), min_size=1, max_size=6))
def test_compare_x_x_is_empty_for_any_list(items: list[str]) -> None:
    p = policy(with_rule(ruled(), 0, text="".join(f"- {item}\n" for item in items)))
    result = compare(p, p, "x", "x")
    assert result.count("unchanged") == len(result.sections)


def test_one_word_changed_in_a_list_item_is_one_change() -> None:
    base = with_rule(ruled(), 0, text=LIST_RULE)
    changed = with_rule(base, 0, text=LIST_RULE.replace("the tone", "the spelling"))
    differing = [s for s in compare(policy(base), policy(changed), "a", "b").sections
                 if s.status != "unchanged"]
    assert [(s.id, s.changes) for s in differing] == [
        ("local.customer-questions", (Change("replace", "tone", "spelling"),))]


def test_rewrapping_a_list_item_is_no_change_but_unlisting_it_is() -> None:
    base = with_rule(ruled(), 0, text=LIST_RULE)
    rewrapped = with_rule(base, 0, text=LIST_RULE.replace("check the tone", "check\n  the tone"))
    assert compare(policy(base), policy(rewrapped), "a", "b").count("changed") == 0
    as_paragraph = with_rule(base, 0, text=LIST_RULE.replace("- check the tone\n", "")
                             + "\ncheck the tone\n")
    result = compare(policy(base), policy(as_paragraph), "a", "b")
    assert [s.id for s in result.sections if s.status == "changed"] == [
        "local.customer-questions"]


def test_the_report_and_redline_keep_titles_apart_and_lists_as_lists(tmp_path: Path) -> None:
    base = with_rule(ruled(), 0, text=LIST_RULE)
    changed = with_rule(base, 0, title="Questions about your claim",
                        text=LIST_RULE.replace("the tone", "the spelling"))
    from generator.review.run import Side, write_comparison

    folder, _ = write_comparison(Side("a", "a", policy(base), None, None, "A"),
                                 Side("b", "b", policy(changed), None, None, "B"), tmp_path)
    report = (folder / "report.html").read_text("utf-8")
    section = report.split('id="section-local.customer-questions"')[1].split("</section>")[0]
    heading = section.split("Heading: ")[1].split("</p>")[0]
    assert "<del><span class=\"visually-hidden\">deleted: </span>a</del>" in heading
    assert "<ins><span class=\"visually-hidden\">inserted: </span>your</ins>" in heading
    inline = section.split("Inline view")[1].split("Side by side")[0]
    assert inline.count("<li>") == 3 and "<ul>" in inline  # the list stays a list
    assert "Questions" not in inline  # the title is not run into the text
    with zipfile.ZipFile(folder / "redline.docx") as archive:
        body = etree.fromstring(archive.read("word/document.xml"))
    items = [p for p in body.iter(f"{W}p")
             if p.find(f"{W}pPr/{W}pStyle") is not None
             and p.find(f"{W}pPr/{W}pStyle").get(f"{W}val") == "ListBullet"]
    texts = ["".join(t.text or "" for t in p.iter(f"{W}t", f"{W}delText")) for p in items]
    assert [t for t in texts if "check" in t] == [
        "check the facts ", "check the tone spelling ", "check the link "]
    changed_item = items[next(i for i, t in enumerate(texts) if "spelling" in t)]
    assert changed_item.find(f".//{W}ins") is not None
    assert changed_item.find(f".//{W}del") is not None


def test_a_moved_and_changed_section_is_a_move_plus_its_word_changes(tmp_path: Path) -> None:
    base = ruled()
    moved = with_rule(base, 1, after="intro.about",
                      text=base.local_rules[1].text.replace("factual", "accurate"))
    a, b = policy(base), policy(moved)
    from generator.review.run import Side, write_comparison

    folder, result = write_comparison(Side("a", "a", a, None, None, "A"),
                                      Side("b", "b", b, None, None, "B"), tmp_path)
    assert [(s.id, s.status) for s in result.sections if s.status != "unchanged"] == [
        ("local.election-periods", "moved")]
    with zipfile.ZipFile(folder / "redline.docx") as archive:
        body = etree.fromstring(archive.read("word/document.xml"))
    starts = {e.tag: e.get(f"{W}name") for e in body.iter(f"{W}moveFromRangeStart",
                                                          f"{W}moveToRangeStart")}
    assert starts == {f"{W}moveFromRangeStart": "move-local.election-periods",
                      f"{W}moveToRangeStart": "move-local.election-periods"}
    moved_to = "".join(t.text or "" for m in body.iter(f"{W}moveTo") for t in m.iter(f"{W}t"))
    inserted = "".join(t.text or "" for m in body.iter(f"{W}ins") for t in m.iter(f"{W}t"))
    deleted = "".join(t.text or "" for m in body.iter(f"{W}del")
                      for t in m.iter(f"{W}delText"))
    assert "Before an election" in moved_to
    assert inserted.split() == ["accurate"] and deleted.split() == ["factual"]
    assert redline_text(folder / "redline.docx", accept=True) == policy_words(b)
    assert redline_text(folder / "redline.docx", accept=False) == policy_words(a)


def test_a_default_the_department_did_not_touch_is_no_difference_from_its_base(
        tmp_path: Path) -> None:
    """Against its base, the base side's defaults read the department's own facts: the
    Northern Ireland records default and the house rules' hours are the same on both."""
    folder, _ = run_compare("base:2012-05", str(PROFILES / "nics-finance.yaml"), tmp_path)
    topics = {t["id"]: t["status"]
              for t in json.loads((folder / "diff.json").read_text("utf-8"))["topics"]}
    assert topics["topics.records"] == topics["topics.house-rules"] == "unchanged"


# --- rows paired by place only within one department -----------------------------------------


def renamed(p: Profile, slug: str) -> Profile:
    """`p` with every account renamed and its first contact's role renamed, as `slug`'s."""
    department = dataclasses.replace(p.department, slug=slug)
    channels = tuple(dataclasses.replace(c, account=f"{c.account} (new)") for c in p.channels)
    contacts = (dataclasses.replace(p.contacts[0], role="Digital lead"), *p.contacts[1:])
    return dataclasses.replace(p, department=department, channels=channels, contacts=contacts)


def owners_rows(comparison: Comparison) -> list[tuple[str, str]]:
    owners = next(s for s in comparison.topics if s.id == "topics.owners")
    return [(r.key, r.status) for t in owners.tables for r in t.rows]


def test_between_two_departments_renamed_rows_are_removed_and_added() -> None:
    """Two departments with as many accounts each: none of one is "changed" into the other's,
    in the accounts, the contacts or the table of who runs each account."""
    a = profile("dwp")
    b = renamed(a, "dwp-north")
    comparison = compare(policy(a), policy(b), "A", "B", a_profile=a, b_profile=b)
    assert not comparison.by_place
    accounts = [(r.key, r.status) for r in comparison.channels.records]
    assert sorted(s for _, s in accounts) == ["added"] * 4 + ["removed"] * 4
    assert not any("(was" in key for key, _ in accounts)
    contacts = {r.key: r.status for r in comparison.contacts.records}
    assert (contacts["Head of Digital Communications"], contacts["Digital lead"]) == (
        "removed", "added")
    rows = owners_rows(comparison)
    assert sorted(s for _, s in rows) == ["added"] * 4 + ["removed"] * 4


def test_within_one_department_a_renamed_row_is_the_same_row_changed() -> None:
    a = profile("dwp")
    b = renamed(a, "dwp")
    comparison = compare(policy(a), policy(b), "A", "B", a_profile=a, b_profile=b)
    assert comparison.by_place
    assert {r.status for r in comparison.channels.records} == {"changed"}
    contacts = {r.key: r.status for r in comparison.contacts.records}
    assert contacts["Digital lead (was Head of Digital Communications)"] == "changed"
    assert {s for _, s in owners_rows(comparison)} == {"changed"}


def test_the_details_name_every_jurisdiction_and_the_edition_month() -> None:
    """DVLA licenses drivers in Great Britain and registers vehicles UK-wide: both named, as
    readers know them, from the policy's own list."""
    p = profile("dvla")
    details = {f.label: f for f in compare(policy(p), policy(p), "A", "B", a_profile=p,
                                           b_profile=p).details}
    assert details["Jurisdiction"].b == "Great Britain, United Kingdom"
    assert details["Base edition"].b == "October 2014"
