"""The dashboard's and the register's pure model, on the samples and copies of them: what
each row says, how rows sort and filter, what counts as a departure and how it reads."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from generator.profile import profile_files
from generator.review import (
    SORTS,
    Filters,
    Reviewed,
    State,
    dashboard_rows,
    filter_departures,
    filter_rows,
    record_signoff,
    register,
    reviewed,
    sort_rows,
)
from tests.conftest import TODAY
from tests.review.dashboard_copies import reviewers_folder


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return reviewers_folder(tmp_path_factory.mktemp("reviewers") / "profiles")


@pytest.fixture(scope="module")
def entries(folder: Path) -> list[Reviewed]:
    return reviewed(profile_files([folder]), TODAY)


def by_slug(rows: tuple) -> dict:  # type: ignore[type-arg]
    return {r.slug: r for r in rows}


def test_each_row_holds_the_departments_facts(entries: list[Reviewed]) -> None:
    rows = by_slug(dashboard_rows(entries, TODAY))
    ni = rows["nics-finance"]
    assert (ni.name, ni.profile, ni.version, ni.edition, ni.jurisdictions) == (
        "Department of Finance", "nics-finance.yaml", "1.0", "2012-05", ("NI",))
    assert (ni.effective, ni.review_by, ni.owner) == (
        dt.date(2026, 6, 1), dt.date(2027, 6, 1), "Digital Communications Unit")
    assert ni.departures == 4  # two core sections modified, one omitted, one of its own
    assert ni.omits_core == () and len(ni.changes_core) == 2
    assert rows["dvla"].jurisdictions == ("GB", "UK")  # primary first
    assert rows["dvla"].jurisdiction_names == "Great Britain, United Kingdom"
    assert rows["dwp"].departures == 0 and rows["dept-tests"].departures == 1
    assert rows["dept-tests"].changes_core == ("Five things to remember",)
    assert {r.signoff.kind for r in rows.values()} == {"not_reviewed"}


def test_overdue_is_a_review_date_before_today(entries: list[Reviewed]) -> None:
    review_by = dt.date(2026, 10, 31)  # Overdue Office's
    for today, overdue in ((review_by, False), (review_by + dt.timedelta(days=1), True)):
        rows = by_slug(dashboard_rows(entries, today))
        assert rows["overdue-office"].overdue is overdue
        assert not rows["dwp"].overdue


def test_rows_sort_by_each_column_ties_by_name(entries: list[Reviewed]) -> None:
    rows = dashboard_rows(entries, TODAY)
    assert [r.name for r in rows] == sorted((r.name for r in rows), key=str.casefold)
    soonest = sort_rows(rows, "review_by")
    assert soonest[0].slug == "overdue-office"
    assert [r.review_by for r in soonest] == sorted(r.review_by for r in rows)
    most = sort_rows(rows, "departures", descending=True)
    assert [r.departures for r in most] == [4, 4, 2, 1, 0, 0]
    # ties stay A to Z, even descending: Department of Finance before Overdue Office
    assert [r.slug for r in most[:2]] == ["nics-finance", "overdue-office"]
    assert [r.slug for r in most[-2:]] == ["dwp", "welsh-government"]
    with pytest.raises(KeyError):
        sort_rows(rows, "colour")


# Each column's order on the six departments, ascending and descending; ties stay A to Z by
# name whichever way the column sorts.
BY_NAME = ["dept-tests", "dwp", "nics-finance", "dvla", "overdue-office", "welsh-government"]
ORDERS = {
    "name": (BY_NAME, BY_NAME[::-1]),
    "version": (  # 1.0, 1.0, 1.0, 1.4, 2.1, 2.1
        ["nics-finance", "overdue-office", "welsh-government", "dvla", "dept-tests", "dwp"],
        ["dept-tests", "dwp", "dvla", "nics-finance", "overdue-office", "welsh-government"]),
    "edition": (  # 2012-05 before 2014-10
        ["nics-finance", "overdue-office", "dept-tests", "dwp", "dvla", "welsh-government"],
        ["dept-tests", "dwp", "dvla", "welsh-government", "nics-finance", "overdue-office"]),
    "jurisdiction": (  # Great Britain, Great Britain, United Kingdom, NI, Wales
        ["dept-tests", "dwp", "dvla", "nics-finance", "overdue-office", "welsh-government"],
        ["welsh-government", "nics-finance", "overdue-office", "dvla", "dept-tests", "dwp"]),
    "owner": (  # Customer ..., Digital ... Team, Digital ... Unit
        ["dvla", "dept-tests", "dwp", "welsh-government", "nics-finance", "overdue-office"],
        ["nics-finance", "overdue-office", "dept-tests", "dwp", "welsh-government", "dvla"]),
    "effective": (
        ["nics-finance", "overdue-office", "dept-tests", "dwp", "dvla", "welsh-government"],
        ["welsh-government", "dvla", "dept-tests", "dwp", "nics-finance", "overdue-office"]),
    "review_by": (
        ["overdue-office", "nics-finance", "dept-tests", "dwp", "dvla", "welsh-government"],
        ["welsh-government", "dvla", "dept-tests", "dwp", "nics-finance", "overdue-office"]),
    "departures": (  # 0, 0, 1, 2, 4, 4
        ["dwp", "welsh-government", "dept-tests", "dvla", "nics-finance", "overdue-office"],
        ["nics-finance", "overdue-office", "dvla", "dept-tests", "dwp", "welsh-government"]),
    "signoff": (BY_NAME, BY_NAME),  # none reviewed yet: a tie, by name both ways
}


@pytest.mark.parametrize("key", SORTS)
def test_each_column_sorts_in_its_order_both_ways(entries: list[Reviewed], key: str) -> None:
    rows = dashboard_rows(entries, TODAY)
    ascending, descending = ORDERS[key]
    assert [r.slug for r in sort_rows(rows, key)] == ascending
    assert [r.slug for r in sort_rows(rows, key, descending=True)] == descending


def test_each_sort_says_its_orders_and_which_comes_first() -> None:
    assert {key: (s.heading, s.words(False), s.words(True)) for key, s in SORTS.items()
            if key in ("edition", "review_by", "departures", "signoff")} == {
        "edition": ("Base edition", "oldest first", "newest first"),
        "review_by": ("Review by", "earliest first", "latest first"),
        "departures": ("Departures", "fewest first", "most first"),
        "signoff": ("Sign-off", "returned and changed first", "accepted first")}
    # The first order answers the column's question: the most departures, the overdue.
    assert [key for key, s in SORTS.items() if s.first_descending] == ["departures"]


def test_both_dashboards_offer_the_same_filters(entries: list[Reviewed]) -> None:
    rows = dashboard_rows(entries, TODAY)
    offered = Filters.offered(rows, {"2012-05": "May 2012", "2014-10": "October 2014"})
    assert [(g.field, g.label, [(o.value, o.words) for o in g.options]) for g in offered] == [
        ("review", "Review", [("overdue", "Overdue")]),
        ("core", "Core sections", [("omits", "Omits a core section"),
                                   ("changes", "Changes a core section")]),
        ("signoff", "Sign-off", [("returned", "Returned"),
                                 ("changed", "Changed since sign-off"),
                                 ("not_reviewed", "Not reviewed"), ("accepted", "Accepted")]),
        ("edition", "Base edition", [("2012-05", "May 2012"), ("2014-10", "October 2014")]),
        ("jurisdiction", "Jurisdiction", [("GB", "Great Britain"), ("NI", "Northern Ireland"),
                                          ("UK", "United Kingdom"), ("Wales", "Wales")])]
    notes = [(o.value, o.note) for g in offered for o in g.options if o.note]
    assert notes == [("omits", "always none, as the check refuses such a profile")]


def test_filters_answer_the_reviewers_questions(entries: list[Reviewed]) -> None:
    rows = dashboard_rows(entries, TODAY)
    slugs = lambda f: [r.slug for r in filter_rows(rows, f)]  # noqa: E731
    assert slugs(Filters(review="overdue")) == ["overdue-office"]
    assert slugs(Filters(jurisdiction="UK")) == ["dvla"]  # listed second, still found
    assert slugs(Filters(jurisdiction="GB")) == ["dept-tests", "dwp", "dvla"]
    assert slugs(Filters(edition="2012-05")) == ["nics-finance", "overdue-office"]
    # None omits a core section (the check refuses it), yet the filter finds a row that
    # does: Overdue Office's, given an omitted core section.
    assert slugs(Filters(core="omits")) == []
    omitting = [dataclasses.replace(r, omits_core=("Five things to remember",))
                if r.slug == "overdue-office" else r for r in rows]
    assert [r.slug for r in filter_rows(omitting, Filters(core="omits"))] == ["overdue-office"]
    assert slugs(Filters(core="changes")) == ["dept-tests", "nics-finance", "overdue-office"]
    assert slugs(Filters(signoff="not_reviewed")) == [r.slug for r in rows]
    assert slugs(Filters(signoff="accepted")) == []
    assert slugs(Filters(edition="2012-05", review="overdue")) == ["overdue-office"]
    assert not Filters() and Filters(edition="2012-05")


def test_a_sign_off_holds_until_the_profile_changes(tmp_path: Path) -> None:
    folder = reviewers_folder(tmp_path / "profiles")
    dwp = folder / "dwp.yaml"
    record_signoff(dwp, "dwp", "2.1", "Jane Smith", "accepted", "", dt.date(2026, 11, 1))
    record_signoff(folder / "dvla.yaml", "dvla", "1.4", "Sam Jones", "returned",
                   "Say who approves posts.", dt.date(2026, 11, 2))
    rows = by_slug(dashboard_rows(reviewed(profile_files([folder]), TODAY), TODAY))
    assert rows["dwp"].signoff.words == "Accepted by Jane Smith on 1 November 2026"
    assert rows["dvla"].signoff.kind == "returned"
    by_state = sort_rows(tuple(rows.values()), "signoff")  # what needs a reviewer first
    assert (by_state[0].slug, by_state[-1].slug) == ("dvla", "dwp")
    dwp.write_text(dwp.read_text("utf-8") + "# edited\n", "utf-8")
    again = by_slug(dashboard_rows(reviewed([dwp], TODAY), TODAY))["dwp"].signoff
    assert again.kind == "changed"
    assert again.words.startswith("Changed since sign-off (it was accepted by Jane Smith")


def test_the_register_lists_every_departure_with_its_approval(entries: list[Reviewed]) -> None:
    departures = register(entries)
    ni = [d for d in departures if d.slug == "nics-finance"]
    assert [(d.section_id, d.kind) for d in ni] == [
        ("principles.civil-service-code", "modified"), ("code.online-and-offline", "modified"),
        ("local.name-and-logo", "added"), ("barriers.programmes", "omitted")]
    retitled, code, own, omitted = ni
    assert retitled.change.startswith("Replaced the text and retitled “Principle 6:")
    assert retitled.core and retitled.origin == "Cabinet Office guidance, May 2012"
    assert code.origin == "NICS Code of Ethics"  # the code the department follows
    assert (own.origin, own.change) == ("Department's own", "Added a section of its own")
    assert (omitted.change, omitted.core) == ("Omitted", False)
    assert (omitted.approved_by, omitted.approved) == ("Head of Communications",
                                                       dt.date(2026, 5, 12))
    assert (omitted.version, omitted.review_by) == ("1.0", dt.date(2027, 6, 1))
    assert sum(1 for d in departures) == sum(
        r.departures for r in dashboard_rows(entries, TODAY))  # the same count both ways
    mine = [d for d in departures if d.slug == "dept-tests"]
    assert [(d.section, d.change) for d in mine] == [("Five things to remember",
                                                      "Added to the text")]


def test_departures_filter_by_each_field(entries: list[Reviewed]) -> None:
    departures = register(entries)
    jane = filter_departures(departures, approver="Jane Smith")
    assert [(d.slug, d.section_id) for d in jane] == [("dept-tests", "remember.five-things")]
    assert [(d.slug, d.section_id) for d in filter_departures(departures, jurisdiction="UK")
            ] == [("dvla", "local.customer-questions"), ("dvla", "local.accessible-posts")]
    assert [(d.slug, d.section_id) for d in filter_departures(departures, kind="added")] == [
        ("nics-finance", "local.name-and-logo"), ("dvla", "local.customer-questions"),
        ("dvla", "local.accessible-posts"), ("overdue-office", "local.name-and-logo")]
    omitted = filter_departures(departures, kind="omitted", core=True)
    assert omitted == ()  # the check refuses a profile that omits a core section
    assert [(d.slug, d.section_id, d.kind) for d in filter_departures(departures, core=True)
            ] == [("dept-tests", "remember.five-things", "modified"),
                  ("nics-finance", "principles.civil-service-code", "modified"),
                  ("nics-finance", "code.online-and-offline", "modified"),
                  ("overdue-office", "principles.civil-service-code", "modified"),
                  ("overdue-office", "code.online-and-offline", "modified")]
    # Every core departure is a modification: so "omits a core section" is rightly none.
    assert {d.kind for d in filter_departures(departures, core=True)} == {"modified"}
    assert [d.slug for d in filter_departures(departures, edition="2012-05",
                                              section="barriers.programmes")] == [
        "nics-finance", "overdue-office"]


def test_a_retitled_only_section_is_its_own_kind(entries: list[Reviewed]) -> None:
    entry = next(e for e in entries if e.policy.meta.slug == "dwp")
    section = next(s for s in entry.policy.sections
                   if s.status == "adopted" and s.origin.section_id)
    retitled = dataclasses.replace(section, title="Our own heading", base_title=section.title)
    policy = dataclasses.replace(entry.policy, sections=(retitled,))
    (found,) = register([Reviewed(policy, "dwp.yaml", State("not_reviewed", "Not reviewed"))])
    assert (found.kind, found.change, found.section) == (
        "retitled", "Retitled “Our own heading”", section.title)
