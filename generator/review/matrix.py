"""Departments by sections: what each department did with each section (pure).

Built for a central reviewer with 20 to 50 departments: a section's departures are counted
against the departments whose edition has it (never against all of them), a department's
own sections (local rules) stand apart from the base sections they are not departures
from, and each structured topic carries what the department gave, in a few words.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from fractions import Fraction

from generator.model import Block, ItemList, Origin, Policy, PolicySection, Status, Table
from generator.policy import HOUSE_RULES_ID, is_departure, origin_label
from generator.review.comparison.sections import block_text
from generator.review.origins import one_or_each

SHORT = 48  # characters: a topic's value in a cell, so 50 columns stay narrow


@dataclass(frozen=True)
class Member:
    """A department as the matrix shows it: a column, and the facts its exports carry."""

    name: str
    short_name: str
    slug: str
    edition: str
    jurisdictions: tuple[str, ...]  # codes, its primary one first
    version: str = ""
    effective: dt.date | None = None
    review_by: dt.date | None = None
    owner: str = ""


@dataclass(frozen=True)
class Cell:
    status: Status | None  # None: the section is not in this department's base edition
    reason: str | None
    retitled: str | None = None  # the department's own heading for the section, if any
    # Where the section comes from in the department's policy: its base's origin (kept by a
    # modification or omission; the code named as the department's), the department's for
    # a local rule; None where the section is not in its edition.
    origin: Origin | None = None
    approved_by: str = ""  # who approved the departure, and when (None: not said)
    approved_on: dt.date | None = None
    value: str = ""  # a topic: what the department gave, in full (for the CSV)
    short: str = ""  # the same in a few words (for a cell)
    # A departure, as `is_departure` decides for every pack's register, the dashboard and
    # the departures register: decided once, when the cell is built, so the grid, the CSV
    # and the JSON cannot count otherwise (a topic, the department's own data, never is).
    departs: bool = False

    @property
    def words(self) -> str:
        """What the department did, in a reviewer's words: Modified and retitled, ..."""
        if self.status is None:
            return "Not in this policy"
        if self.retitled:
            return "Retitled" if self.status == "adopted" else "Modified and retitled"
        return self.status.capitalize()


@dataclass(frozen=True)
class Row:
    id: str
    title: str
    cells: tuple[Cell, ...]  # one per department, in the matrix's department order
    local: bool = False  # a department's own section (a local rule), not a base section

    def origin(self) -> str:
        """Where the section comes from, as its departments' policies say: "Model text",
        "Cabinet Office guidance, May 2012"; each label where departments differ (the code
        each follows: "Civil Service Code or NICS Code of Ethics")."""
        return one_or_each(origin_label(c.origin) for c in self.cells if c.origin)

    def departures(self) -> int:
        """Departments that depart here: modify, omit or retitle a base section; for a
        local rule, the departments that have it."""
        return sum(1 for c in self._counted() if c.departs)

    def having(self) -> int:
        """Departments whose policy has the section: its edition carries it (a local rule:
        the departments that wrote it). The count a section's departures are out of."""
        return len(self._counted())

    def kinds(self) -> Counter[str]:
        """Its departures by kind, in the cells' words: {"Modified": 2, "Omitted": 1}."""
        return Counter(c.words for c in self._counted() if c.departs)

    def _counted(self) -> list[Cell]:
        # A base section's row counts only the departments whose edition has it, and a
        # local rule that happens to share its ID with another edition's section is no
        # departure from it.
        if self.local:
            return [c for c in self.cells if c.status == "added"]
        return [c for c in self.cells if c.status not in (None, "added")]


@dataclass(frozen=True)
class Group:
    edition: str
    departments: tuple[Member, ...]
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Matrix:
    departments: tuple[Member, ...]
    rows: tuple[Row, ...]  # base sections in the order of the base text, then local rules
    # The structured topics (house rules, account security, ...): adopted = the default
    # house rules, modified = the department's own, added = given, None = not given.
    topics: tuple[Row, ...] = ()
    # Each section's heading in each department's edition, by slug (its base heading where
    # the department retitled it): a row's title in an edition's own grid.
    base_titles: dict[str, dict[str, str]] = field(default_factory=dict)
    orders: dict[str, tuple[str, ...]] = field(default_factory=dict)  # section IDs by slug
    departing: bool = False  # only the departures: an edition's grid keeps its rows departed from

    def most_changed(self) -> list[Row]:
        """Base sections some department departs from, by the share of the departments
        whose edition has the section; equal shares by the number of departments, then in
        the order of the base text (the earliest edition first). Local rules are not
        departures from a base section: `local_rules` lists them."""
        place = {row.id: n for n, row in enumerate(self.rows)}
        rows = [r for r in self.rows if not r.local and r.departures()]
        return sorted(rows, key=lambda r: (-Fraction(r.departures(), r.having()),
                                           -r.departures(), place[r.id]))

    def local_rules(self) -> list[Row]:
        """Each department's own sections, apart from the base's."""
        return [r for r in self.rows if r.local and r.having()]

    def by_edition(self) -> list[Group]:
        """One grid per base edition: its departments, and its base sections under that
        edition's own titles, so no department sits under another edition's heading."""
        groups = []
        for edition in self.editions():
            columns = tuple(i for i, d in enumerate(self.departments) if d.edition == edition)
            rows = [Row(row.id, self._title(row.id, columns) or row.title,
                        tuple(row.cells[i] for i in columns))
                    for row in self.rows
                    if not row.local and any(row.cells[i].status is not None for i in columns)
                    and not (self.departing and not any(row.cells[i].departs for i in columns))]
            # In the edition's own order, as its departments' policies have them.
            order = {section_id: n for i in columns
                     for n, section_id in enumerate(self.orders.get(self.departments[i].slug,
                                                                    ()))}
            rows.sort(key=lambda r: order.get(r.id, len(order)))
            groups.append(Group(edition, tuple(self.departments[i] for i in columns),
                                tuple(rows)))
        return groups

    def editions(self) -> list[str]:
        return sorted({d.edition for d in self.departments})

    def jurisdictions(self) -> list[str]:
        """Every jurisdiction a department lists, in the order they are first listed."""
        return list(dict.fromkeys(j for d in self.departments for j in d.jurisdictions))

    def departures_of(self, slug: str) -> int:
        """How many sections the department departs from, its local rules included (as
        every pack's register, the dashboard and the departures register count them)."""
        column = self._column(slug)
        return sum(1 for row in self.rows if row.cells[column].departs)

    def local_rules_of(self, slug: str) -> int:
        """How many of the department's departures are local rules, sections of its own."""
        column = self._column(slug)
        return sum(1 for row in self.rows if row.local and row.cells[column].departs)

    def _column(self, slug: str) -> int:
        return next(i for i, d in enumerate(self.departments) if d.slug == slug)

    def only(self, keep: Callable[[Member], bool]) -> Matrix:
        """The matrix of the departments `keep` keeps, and the sections any of them has."""
        columns = [i for i, d in enumerate(self.departments) if keep(d)]
        return self._narrowed(columns, lambda row: any(row.cells[i].status for i in columns))

    def departures_only(self) -> Matrix:
        """Only the departments that depart anywhere, and the sections some department
        departs from (local rules too); the topics, the departments' own data, left out."""
        rows = [r for r in self.rows if r.departures()]
        columns = [i for i in range(len(self.departments))
                   if any(r.cells[i].departs for r in rows)]
        ids = {r.id for r in rows}
        return replace(self._narrowed(columns, lambda row: row.id in ids), topics=(),
                       departing=True)

    def _narrowed(self, columns: list[int], keep: Callable[[Row], bool]) -> Matrix:
        def narrow(rows: Iterable[Row]) -> tuple[Row, ...]:
            return tuple(replace(r, cells=tuple(r.cells[i] for i in columns)) for r in rows)
        return replace(self, departments=tuple(self.departments[i] for i in columns),
                       rows=narrow(r for r in self.rows if keep(r)), topics=narrow(
                           r for r in self.topics if any(r.cells[i].status for i in columns)))

    def _title(self, section_id: str, columns: tuple[int, ...]) -> str:
        titles = self.base_titles.get(section_id, {})
        return next((titles[self.departments[i].slug] for i in columns
                     if self.departments[i].slug in titles), "")


def matrix(policies: list[Policy]) -> Matrix:
    """One row per section of any department: the base sections in the order of the base
    text (the earliest edition first), then the departments' own sections."""
    titles: dict[str, str] = {}
    for policy in sorted(policies, key=lambda p: p.meta.edition):
        for section in policy.sections:
            titles.setdefault(section.id, section.base_title or section.title)
    local = {i for i in titles if _is_local(policies, i)}
    order = [i for i in titles if i not in local] + [i for i in titles if i in local]
    rows = tuple(Row(i, titles[i], tuple(_cell(p, i) for p in policies), i in local)
                 for i in order)
    base_titles: dict[str, dict[str, str]] = {}
    for policy in policies:
        for section in policy.sections:
            base_titles.setdefault(section.id, {})[policy.meta.slug] = (
                section.base_title or section.title)
    orders = {p.meta.slug: tuple(s.id for s in p.sections) for p in policies}
    return Matrix(tuple(_member(p) for p in policies), rows, _topic_rows(policies),
                  base_titles, orders)


def _member(policy: Policy) -> Member:
    meta = policy.meta
    return Member(meta.department, meta.short_name, meta.slug, meta.edition,
                  tuple(meta.jurisdictions), meta.version, meta.effective, meta.review_by,
                  meta.owner)


def _topic_rows(policies: list[Policy]) -> tuple[Row, ...]:
    titles: dict[str, str] = {}
    for policy in policies:
        for topic in policy.topics:
            titles.setdefault(topic.id, topic.title)
    return tuple(
        Row(topic_id, title, tuple(
            next((_topic_cell(t) for t in p.topics if t.id == topic_id), Cell(None, None))
            for p in policies))
        for topic_id, title in titles.items())


def _cell(policy: Policy, section_id: str) -> Cell:
    for section in policy.sections:
        if section.id == section_id:
            departs = is_departure(section)
            approval = section.approval if departs else None
            return Cell(section.status, approval.reason if approval else None,
                        section.title if section.base_title else None, section.origin,
                        approval.approved_by if approval else "",
                        approval.date if approval else None, departs=departs)
    return Cell(None, None)


def _is_local(policies: list[Policy], section_id: str) -> bool:
    return all(s.status == "added" for p in policies for s in p.sections
               if s.id == section_id)


# --- what a department gave for a structured topic --------------------------------------


def _topic_cell(section: PolicySection) -> Cell:
    value = "\n".join(line for b in section.blocks for line in _lines_of(b))
    return Cell(section.status, None, origin=section.origin, value=value,
                short=topic_short(section), departs=is_departure(section))


def _lines_of(block: Block) -> list[str]:
    """A block as the lines a reader sees: a paragraph, each list item, each table row
    ("@dwp: Press Office, Monday to Friday"), so a value never runs its parts together."""
    if isinstance(block, ItemList):
        return ["".join(i.text for i in item) for item in block.items]
    if isinstance(block, Table):
        return [", ".join("".join(i.text for i in cell) for cell in row).replace(", ", ": ", 1)
                for row in block.rows]
    return [block_text(block)]


def topic_short(section: PolicySection) -> str:
    """What the department gave for a topic, in a few words: "Own rules", "Two-step
    verification: Required on every account", the first words of its own text."""
    fixed = _FIXED.get(section.id)
    if fixed:
        return fixed(section)
    return _shortened(_first_sentence(section.blocks[0]) if section.blocks else "Given")


def _house_rules(section: PolicySection) -> str:
    return "Own rules" if section.status == "modified" else "Default rules"


def _security(section: PolicySection) -> str:
    said = _labelled(section, "Two-step verification")
    return _shortened(f"Two-step verification: {said}") if said \
        else "Given; two-step verification not said"


def _records(section: PolicySection) -> str:
    if section.status == "adopted":  # the default for its jurisdiction (model text)
        return "Default for its jurisdiction"
    return _shortened("Own text: " + _first_sentence(section.blocks[0]))


def _owners(section: PolicySection) -> str:
    accounts = sum(len(b.rows) for b in section.blocks if isinstance(b, Table))
    return f"Named for {accounts} account{'s' if accounts != 1 else ''}"


def _related(section: PolicySection) -> str:
    count = sum(len(b.items) for b in section.blocks if isinstance(b, ItemList))
    return f"{count} related polic{'ies' if count != 1 else 'y'}"


def _research(section: PolicySection) -> str:
    exceptions = any("The only exceptions" in block_text(b) for b in section.blocks)
    return "Not allowed, with exceptions" if exceptions else "Not allowed"


def _political(section: PolicySection) -> str:
    # The first paragraph is the project's own (the categories); the department's words,
    # where to find your category, come next.
    own = section.blocks[1:2]
    return _shortened(_first_sentence(own[0])) if own else "Given"


def _messaging(section: PolicySection) -> str:
    records = any("are official records" in block_text(b) for b in section.blocks[:1])
    own = len(section.blocks) > (1 if records else 0)
    said = [w for w, given in (("Messages are official records", records),
                               ("own rules", own)) if given]
    return _shortened("; ".join(said)) if said else "Given"


_FIXED: dict[str, Callable[[PolicySection], str]] = {
    HOUSE_RULES_ID: _house_rules,
    "topics.security": _security,
    "topics.records": _records,
    "topics.owners": _owners,
    "topics.related": _related,
    "topics.research": _research,
    "topics.recording": lambda s: "Not without consent",
    "topics.impartiality": lambda s: "No party politics",
    "topics.messaging-apps": _messaging,
    "topics.political-activity": _political,
}


def _labelled(section: PolicySection, label: str) -> str:
    """The value of a "Label: value" item of the section's lists."""
    for block in section.blocks:
        if isinstance(block, ItemList):
            for item in block.items:
                text = "".join(i.text for i in item)
                if text.startswith(f"{label}: "):
                    return text.removeprefix(f"{label}: ")
    return ""


def _first_sentence(block: Block) -> str:
    return block_text(block).split(". ")[0].rstrip(".")


def _shortened(text: str) -> str:
    """At most SHORT characters, cut at a word and marked with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= SHORT:
        return text
    return text[:SHORT - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"
