"""Departments by sections: what each department did with each section (pure)."""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.model import Origin, Policy, Status
from generator.policy import is_departure, origin_label
from generator.review.origins import one_or_each


@dataclass(frozen=True)
class Cell:
    status: Status | None  # None: the section is not in this department's base edition
    reason: str | None
    retitled: str | None = None  # the department's own heading for the section, if any
    # Where the section comes from in the department's policy: its base's origin (kept by a
    # modification or omission; the code named as the department's), the department's for
    # a local rule; None where the section is not in its edition.
    origin: Origin | None = None

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

    def origin(self) -> str:
        """Where the section comes from, as its departments' policies say: "Model text",
        "Cabinet Office guidance, May 2012"; each label where departments differ (the code
        each follows: "Civil Service Code or NICS Code of Ethics")."""
        return one_or_each(origin_label(c.origin) for c in self.cells if c.origin)

    def departures(self) -> int:
        """Departments that depart from the base here: modify, omit, retitle, or add a
        section of their own."""
        return sum(1 for c in self.cells if c.status in ("modified", "omitted", "added")
                   or c.retitled)


@dataclass(frozen=True)
class Group:
    edition: str
    departments: tuple[tuple[str, str, str], ...]
    rows: tuple[Row, ...]


@dataclass(frozen=True)
class Matrix:
    departments: tuple[tuple[str, str, str], ...]  # (name, slug, base edition)
    rows: tuple[Row, ...]
    # The structured topics (house rules, account security, ...): adopted = the default
    # house rules, modified = the department's own, added = given, None = not given.
    topics: tuple[Row, ...] = ()
    # Each section's heading in each department's edition, by slug (its base heading where
    # the department retitled it): a row's title in an edition's own grid.
    base_titles: dict[str, dict[str, str]] = field(default_factory=dict)
    orders: dict[str, tuple[str, ...]] = field(default_factory=dict)  # section IDs by slug

    def most_changed(self) -> list[Row]:
        """Sections by how many departments depart from them (local additions too): where
        the base may need work."""
        rows = [r for r in self.rows if r.departures()]
        return sorted(rows, key=lambda r: (-r.departures(), r.id))

    def by_edition(self) -> list[Group]:
        """One grid per base edition: its departments, and its sections under that
        edition's own titles, so no department sits under another edition's heading."""
        groups = []
        for edition in sorted({d[2] for d in self.departments}):
            columns = tuple(i for i, d in enumerate(self.departments) if d[2] == edition)
            rows = [Row(row.id, self._title(row.id, columns) or row.title,
                        tuple(row.cells[i] for i in columns))
                    for row in self.rows
                    if any(row.cells[i].status is not None for i in columns)]
            # In the edition's own order, as its departments' policies have them.
            order = {section_id: n for i in columns
                     for n, section_id in enumerate(self.orders.get(self.departments[i][1], ()))}
            rows.sort(key=lambda r: order.get(r.id, len(order)))
            groups.append(Group(edition, tuple(self.departments[i] for i in columns),
                                tuple(rows)))
        return groups

    def _title(self, section_id: str, columns: tuple[int, ...]) -> str:
        titles = self.base_titles.get(section_id, {})
        return next((titles[self.departments[i][1]] for i in columns
                     if self.departments[i][1] in titles), "")


def matrix(policies: list[Policy]) -> Matrix:
    """One row per section of any department (base sections first, then local ones)."""
    order: list[str] = []
    titles: dict[str, str] = {}
    for policy in policies:
        for section in policy.sections:
            if section.id not in titles:
                titles[section.id] = section.base_title or section.title
                order.append(section.id)
    local = [i for i in order if _is_local(policies, i)]
    order = [i for i in order if i not in local] + local
    rows = tuple(Row(i, titles[i], tuple(_cell(p, i) for p in policies)) for i in order)
    departments = tuple((p.meta.department, p.meta.slug, p.meta.edition) for p in policies)
    base_titles: dict[str, dict[str, str]] = {}
    for policy in policies:
        for section in policy.sections:
            base_titles.setdefault(section.id, {})[policy.meta.slug] = (
                section.base_title or section.title)
    orders = {p.meta.slug: tuple(s.id for s in p.sections) for p in policies}
    return Matrix(departments, rows, _topic_rows(policies), base_titles, orders)


def _topic_rows(policies: list[Policy]) -> tuple[Row, ...]:
    titles: dict[str, str] = {}
    for policy in policies:
        for topic in policy.topics:
            titles.setdefault(topic.id, topic.title)
    return tuple(
        Row(topic_id, title, tuple(
            next((Cell(t.status, None, origin=t.origin) for t in p.topics if t.id == topic_id),
                 Cell(None, None))
            for p in policies))
        for topic_id, title in titles.items())


def _cell(policy: Policy, section_id: str) -> Cell:
    for section in policy.sections:
        if section.id == section_id:
            reason = section.approval.reason if section.approval else None
            return Cell(section.status, reason if is_departure(section) else None,
                        section.title if section.base_title else None, section.origin)
    return Cell(None, None)


def _is_local(policies: list[Policy], section_id: str) -> bool:
    return all(s.status == "added" for p in policies for s in p.sections
               if s.id == section_id)
