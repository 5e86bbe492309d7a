"""The dashboard's and the departures register's files: static pages for people, and CSV,
XLSX and JSON for spreadsheets and scripts.

The site has no scripts (the editor shows its pages in a sandbox without them), so sorting
and filtering are pages written in advance and linked, as the MOJ Frontend's sortable table
and filter layout would be without JavaScript. To keep their number modest at 50
departments, the unfiltered dashboard is written in every sort (each column both ways) and
each filter once, by department name: a filtered page is short enough to read without
sorting. One filter at a time; each page says what it shows and how many, and links the
way back to everything.

Every path here is from the top of the site ("index.html", "dashboard/overdue.html");
`relative` turns one into a link from another page.
"""

from __future__ import annotations

import datetime as dt
import json
import posixpath
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from markupsafe import Markup

from generator.model import JURISDICTION_NAMES
from generator.policy import long_date
from generator.render import review_css, review_environment
from generator.review.dashboard import (
    SORTS,
    Filters,
    Option,
    Reviewed,
    Row,
    dashboard_rows,
    filter_rows,
    sort_rows,
)
from generator.review.paths import base_comparison
from generator.review.register import (
    DEPARTURE_MEANS,
    KIND_WORDS,
    Departure,
    filter_departures,
    register,
)
from generator.review.sheets import Value, csv_bytes, xlsx_bytes

INDEX = "index.html"
DASHBOARD = "dashboard"
REGISTER = "register"
REGISTER_PAGE = f"{REGISTER}/register.html"
KIND_HEADINGS = {"modified": "Sections modified", "omitted": "Sections omitted",
                 "added": "Sections the departments added of their own",
                 "retitled": "Sections only retitled"}
SIGNOFF_HEADINGS = {"accepted": "Departments whose policy was accepted",
                    "returned": "Departments whose policy was returned to them",
                    "changed": "Departments whose policy changed since sign-off",
                    "not_reviewed": "Departments whose policy is not reviewed"}


@dataclass(frozen=True)
class SiteLinks:
    """Where the site's other pages are, from its top, and the words for them."""

    # Each department's files by slug, (label, path), its policy's web page first.
    packs: Mapping[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)
    months: Mapping[str, str] = field(default_factory=dict)  # edition -> "May 2012"
    labels: Mapping[str, str] = field(default_factory=dict)  # edition -> "the May 2012 ..."
    reviews: tuple[tuple[str, str], ...] = ()  # (words, path): the matrix, impact
    origins: Mapping[str, str] = field(default_factory=dict)  # slug -> origins summary


def relative(page: str, target: str) -> str:
    """A link from `page` to `target`, both paths from the top of the site."""
    start = posixpath.dirname(page) or "."
    path, _, fragment = target.partition("#")
    link = posixpath.relpath(path, start)
    return f"{link}#{fragment}" if fragment else link


def compare_report(slug: str, edition: str, section_id: str = "") -> str:
    """A department's comparison with its base (run_matrix writes it), at one section."""
    page = f"{base_comparison(edition, slug)}/report.html"
    return f"{page}#section-{section_id}" if section_id else page


# --- the dashboard's pages ---------------------------------------------------------------


def sort_page(key: str, descending: bool = False) -> str:
    """The page of the unfiltered dashboard in one sort: by name A to Z is the index."""
    if key == "name" and not descending:
        return INDEX
    return f"{DASHBOARD}/by-{key.replace('_', '-')}{'-descending' if descending else ''}.html"


@dataclass(frozen=True)
class Choice:
    """One filter as a link: its words, how many it shows, its page."""

    words: str
    count: int
    page: str
    filters: Filters | Picked
    heading: str  # what its page shows: "Departments whose review is overdue"
    note: str = ""  # a short line beside it: why it always shows none


def dashboard_choices(rows: Sequence[Row], links: SiteLinks
                      ) -> tuple[tuple[str, tuple[Choice, ...]], ...]:
    """The dashboard's filters in groups, as `Filters.offered` gives them, each with its
    count and page (a page for a count of none is written too, so a link kept from an
    earlier site never breaks)."""
    def choice(field: str, option: Option) -> Choice:
        filters = Filters(**{field: option.value})
        return Choice(option.words, len(filter_rows(rows, filters)),
                      f"{DASHBOARD}/{_filter_page(field, option.value)}.html", filters,
                      _heading(field, option, links), option.note)
    return tuple((group.label, tuple(choice(group.field, o) for o in group.options))
                 for group in Filters.offered(rows, links.months))


def _filter_page(field: str, value: str) -> str:
    """A filter's page name, in lower case: "overdue", "signoff-not-reviewed",
    "jurisdiction-gb"."""
    named = {("review", "overdue"): "overdue", ("core", "omits"): "omits-core",
             ("core", "changes"): "changes-core"}
    return named.get((field, value), f"{field}-{value}".replace("_", "-").lower())


def _heading(field: str, option: Option, links: SiteLinks) -> str:
    """What a filter's page shows: "Departments whose review is overdue"."""
    if field == "edition":
        return f"Departments on {links.labels.get(option.value, option.value)}"
    if field == "jurisdiction":
        return f"Departments in {option.words}"
    fixed = {"overdue": "Departments whose review is overdue",
             "omits": "Departments that omit a core section",
             "changes": "Departments that change a core section"}
    return fixed.get(option.value) or SIGNOFF_HEADINGS[option.value]


def dashboard_pages(rows: Sequence[Row], links: SiteLinks, today_words: str,
                    exports: tuple[tuple[str, str], ...]) -> dict[str, bytes]:
    """Every page of the dashboard, by path from the top of the site."""
    choices = dashboard_choices(rows, links)
    pages: dict[str, bytes] = {}
    for key in SORTS:
        for descending in (False, True):
            page = sort_page(key, descending)
            pages[page] = _dashboard_page(page, sort_rows(rows, key, descending), len(rows),
                                          key, descending, None, choices, links, today_words,
                                          exports)
    for _, group in choices:
        for option in group:
            assert isinstance(option.filters, Filters)
            shown = sort_rows(filter_rows(rows, option.filters), "name")
            pages[option.page] = _dashboard_page(option.page, shown, len(rows), "name",
                                                 False, option, choices, links, today_words,
                                                 exports)
    return pages


def _dashboard_page(page: str, rows: tuple[Row, ...], total: int, key: str,
                    descending: bool, current: Choice | None,
                    choices: tuple[tuple[str, tuple[Choice, ...]], ...], links: SiteLinks,
                    today_words: str, exports: tuple[tuple[str, str], ...]) -> bytes:
    def link(target: str) -> str:
        return relative(page, target)
    sorted_by = f"{SORTS[key].heading.lower()}, {SORTS[key].words(descending)}"
    html = review_environment().get_template("dashboard.html.j2").render(
        page=page, link=link, rows=rows, total=total, current=current, choices=choices,
        sorted_by=sorted_by, headers=_headers(key, descending, sortable=current is None),
        links=links, today_words=today_words, exports=exports, long_date=long_date,
        departure_means=DEPARTURE_MEANS, compare_report=compare_report, nav=_nav(page, links),
        css=Markup(review_css()))
    return html.encode("utf-8")


@dataclass(frozen=True)
class Header:
    key: str
    words: str
    page: str  # the page this column's link leads to; "" where the page does not sort
    aria_sort: str  # "ascending", "descending", "none"; "" on a page that does not sort
    next_words: str  # what following the link does, for screen readers


def _headers(key: str, descending: bool, sortable: bool) -> tuple[Header, ...]:
    """The column headings: on a sorted page each links to its sort (the current column to
    the other way round, any other to its first order) and says how it sorts, with
    aria-sort as the MOJ Frontend's sortable table does; on a filtered page they are plain,
    its rows by name."""
    found = []
    for column, sort in SORTS.items():
        if not sortable:
            found.append(Header(column, sort.heading, "",
                                "ascending" if column == "name" else "", ""))
            continue
        now = column == key
        # The sorted column's link turns its order; any other's gives its first order.
        then = not descending if now else sort.first_descending
        aria = ("descending" if descending else "ascending") if now else "none"
        found.append(Header(column, sort.heading, sort_page(column, then), aria,
                            f"sort {sort.words(then)}"))
    return tuple(found)


def _nav(page: str, links: SiteLinks) -> tuple[tuple[str, str, bool], ...]:
    """The site's pages every page links: (words, link, whether it is this page's)."""
    top = (("Dashboard: every department", INDEX),
           ("Departures register", REGISTER_PAGE), *links.reviews)
    here = INDEX if page.startswith(f"{DASHBOARD}/") else page
    here = REGISTER_PAGE if page.startswith(f"{REGISTER}/") else here
    return tuple((words, relative(page, target), target == here) for words, target in top)


# --- the register's pages ----------------------------------------------------------------


def _slug(words: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", words.casefold()).strip("-") or "none"


@dataclass(frozen=True)
class Picked:
    """A filter of the register: `filter_departures`' keywords."""

    edition: str = ""
    jurisdiction: str = ""
    section: str = ""
    kind: str = ""
    approver: str = ""
    core: bool = False

    def apply(self, departures: Sequence[Departure]) -> tuple[Departure, ...]:
        return filter_departures(departures, self.edition, self.jurisdiction, self.section,
                                 self.kind, self.approver, self.core)


def register_choices(departures: Sequence[Departure], links: SiteLinks
                     ) -> tuple[tuple[str, tuple[Choice, ...]], ...]:
    """The register's filters in groups, each with its count and page."""
    def choice(words: str, page: str, picked: Picked, heading: str) -> Choice:
        return Choice(words, len(picked.apply(departures)), f"{REGISTER}/{page}.html", picked,
                      heading)
    months = links.months
    sections: dict[str, str] = {}
    for d in departures:
        sections.setdefault(d.section_id, d.section)
    codes = sorted({c for d in departures for c in d.jurisdictions},
                   key=lambda c: JURISDICTION_NAMES.get(c, c))
    return (
        ("Approved by", tuple(choice(name or "No approver given", f"approver-{slug}",
                                     Picked(approver=name),
                                     f"Departures approved by {name}" if name
                                     else "Departures with no approver given")
                              for name, slug in _approvers(departures))),
        ("Kind of change", tuple(choice(words, f"kind-{kind}", Picked(kind=kind),
                                        KIND_HEADINGS[kind])
                                 for kind, words in KIND_WORDS.items())),
        ("Core sections", (choice("Core sections omitted", "core-omitted",
                                  Picked(kind="omitted", core=True),
                                  "Core sections omitted"),
                           choice("Core sections, any change", "core", Picked(core=True),
                                  "Core sections changed in any way"))),
        ("Base edition", tuple(choice(months.get(e, e), f"edition-{e}", Picked(edition=e),
                                      f"Departures from {links.labels.get(e, e)}")
                               for e in sorted({d.edition for d in departures}))),
        ("Jurisdiction", tuple(choice(JURISDICTION_NAMES.get(c, c),
                                      f"jurisdiction-{c.lower()}",
                                      Picked(jurisdiction=c),
                                      "Departures of departments in "
                                      f"{JURISDICTION_NAMES.get(c, c)}") for c in codes)),
        ("Section", tuple(choice(f"{title} ({section_id})", f"section-{section_id}",
                                 Picked(section=section_id),
                                 f"Departures from “{title}” ({section_id})")
                          for section_id, title in sorted(sections.items(),
                                                          key=lambda s: s[1].casefold()))),
    )


def _approvers(departures: Sequence[Departure]) -> list[tuple[str, str]]:
    """Each approver's name and the file name of their page, names A to Z."""
    slugs: dict[str, str] = {}
    for name in sorted({d.approved_by for d in departures}, key=str.casefold):
        slug = base = _slug(name)
        number = 2
        while slug in slugs.values():  # two names alike as file names are kept apart
            slug, number = f"{base}-{number}", number + 1
        slugs[name] = slug
    return list(slugs.items())


def register_pages(departures: Sequence[Departure], departments: int, links: SiteLinks,
                   exports: tuple[tuple[str, str], ...]) -> dict[str, bytes]:
    """The register, whole and by each filter, by path from the top of the site."""
    choices = register_choices(departures, links)
    pages = {REGISTER_PAGE: _register_page(REGISTER_PAGE, tuple(departures), departures,
                                           departments, None, choices, links, exports)}
    for _, group in choices:
        for option in group:
            assert isinstance(option.filters, Picked)
            pages[option.page] = _register_page(option.page, option.filters.apply(departures),
                                                departures, departments, option, choices,
                                                links, exports)
    return pages


def _register_page(page: str, shown: tuple[Departure, ...], every: Sequence[Departure],
                   departments: int, current: Choice | None,
                   choices: tuple[tuple[str, tuple[Choice, ...]], ...], links: SiteLinks,
                   exports: tuple[tuple[str, str], ...]) -> bytes:
    def link(target: str) -> str:
        return relative(page, target)
    html = review_environment().get_template("register.html.j2").render(
        page=page, link=link, shown=shown, total=len(every), departments=departments,
        in_departments=len({d.slug for d in shown}), current=current, choices=choices,
        links=links, exports=exports, kind_words=KIND_WORDS, long_date=long_date,
        departure_means=DEPARTURE_MEANS,
        compare_report=compare_report, nav=_nav(page, links), css=Markup(review_css()))
    return html.encode("utf-8")


# --- the exports -------------------------------------------------------------------------

DASHBOARD_HEADER = ("department", "slug", "profile", "version", "edition", "jurisdiction",
                    "jurisdiction_codes", "owner", "effective", "review_by", "overdue",
                    "departures", "omits_core", "signoff", "signoff_words", "reviewer",
                    "signoff_date")
REGISTER_HEADER = ("department", "slug", "edition", "jurisdiction", "jurisdiction_codes",
                   "section_id", "section", "origin", "core", "kind", "change", "reason",
                   "approved_by", "approved", "version", "effective", "review_by")


def _names(codes: Sequence[str]) -> str:
    return ", ".join(JURISDICTION_NAMES.get(c, c) for c in codes)


def dashboard_table(rows: Sequence[Row]) -> list[tuple[Value, ...]]:
    """The dashboard's rows as the exports have them, in DASHBOARD_HEADER's order."""
    return [(r.name, r.slug, r.profile, r.version, r.edition, _names(r.jurisdictions),
             " ".join(r.jurisdictions), r.owner, r.effective, r.review_by,
             "yes" if r.overdue else "no", r.departures, "; ".join(r.omits_core),
             r.signoff.kind, r.signoff.words,
             r.signoff.latest.reviewer if r.signoff.latest else "",
             r.signoff.latest.date if r.signoff.latest else None) for r in rows]


def register_table(departures: Sequence[Departure]) -> list[tuple[Value, ...]]:
    """The register's rows as the exports have them, in REGISTER_HEADER's order."""
    return [(d.department, d.slug, d.edition, _names(d.jurisdictions),
             " ".join(d.jurisdictions), d.section_id, d.section, d.origin,
             "yes" if d.core else "no", d.kind, d.change, d.reason, d.approved_by, d.approved,
             d.version, d.effective, d.review_by) for d in departures]


def export_files(stem: str, header: Sequence[str], table: list[tuple[Value, ...]],
                 sheet: str, today: dt.date) -> dict[str, bytes]:
    """stem.csv, stem.xlsx and stem.json of one table, as of `today`, which dates the
    workbook too (never the clock), so the same inputs give the same bytes."""
    records = [{name: _json_value(value) for name, value in zip(header, row, strict=True)}
               for row in table]
    document = {"as_of": today.isoformat(), "count": len(records), stem: records}
    return {
        f"{stem}.csv": csv_bytes(header, table),
        f"{stem}.xlsx": xlsx_bytes(sheet, header, table, today),
        f"{stem}.json": (json.dumps(document, indent=2, ensure_ascii=False) + "\n"
                         ).encode("utf-8"),
    }


def _json_value(value: Value) -> object:
    if value is None or isinstance(value, str | int):
        return value
    return value.isoformat()


def review_pages(entries: Sequence[Reviewed], links: SiteLinks, today: dt.date
                    ) -> dict[str, bytes]:
    """The dashboard (index.html and dashboard/), the register (register/) and their
    exports, by path from the top of the site; overdue is a review-by date before `today`."""
    rows = dashboard_rows(entries, today)
    departures = register(entries)
    words = long_date(today)
    exports = {
        DASHBOARD: export_files("dashboard", DASHBOARD_HEADER, dashboard_table(rows),
                                "Departments", today),
        REGISTER: export_files("register", REGISTER_HEADER, register_table(departures),
                               "Departures", today)}
    named = {folder: tuple((f"{what} ({_FORMATS[name.rpartition('.')[2]]})",
                            f"{folder}/{name}") for name in files)
             for folder, files, what in ((DASHBOARD, exports[DASHBOARD], "Every department"),
                                         (REGISTER, exports[REGISTER], "Every departure"))}
    files = {**dashboard_pages(rows, links, words, named[DASHBOARD]),
             **register_pages(departures, len(rows), links, named[REGISTER])}
    for folder, made in exports.items():
        files.update({f"{folder}/{name}": data for name, data in made.items()})
    return files


_FORMATS = {"csv": "CSV", "xlsx": "Excel workbook, XLSX", "json": "JSON, for scripts"}
