"""Departments by sections: what each department did with each section (pure)."""

from __future__ import annotations

from dataclasses import dataclass

from generator.model import Policy, Status


@dataclass(frozen=True)
class Cell:
    status: Status | None  # None: the section is not in this department's base edition
    reason: str | None


@dataclass(frozen=True)
class Row:
    id: str
    title: str
    cells: tuple[Cell, ...]  # one per department, in the matrix's department order

    def departures(self) -> int:
        return sum(1 for c in self.cells if c.status in ("modified", "omitted"))


@dataclass(frozen=True)
class Matrix:
    departments: tuple[tuple[str, str, str], ...]  # (name, slug, base edition)
    rows: tuple[Row, ...]
    # The structured topics (house rules, account security, ...): adopted = the default
    # house rules, modified = the department's own, added = given, None = not given.
    topics: tuple[Row, ...] = ()

    def most_changed(self) -> list[Row]:
        """Base sections by how many departments depart from them: where the base may need
        work."""
        rows = [r for r in self.rows if r.departures()]
        return sorted(rows, key=lambda r: (-r.departures(), r.id))


def matrix(policies: list[Policy]) -> Matrix:
    """One row per section of any department (base sections first, then local ones)."""
    order: list[str] = []
    titles: dict[str, str] = {}
    for policy in policies:
        for section in policy.sections:
            if section.id not in titles:
                titles[section.id] = section.title
                order.append(section.id)
    local = [i for i in order if _is_local(policies, i)]
    order = [i for i in order if i not in local] + local
    rows = tuple(Row(i, titles[i], tuple(_cell(p, i) for p in policies)) for i in order)
    departments = tuple((p.meta.department, p.meta.slug, p.meta.edition) for p in policies)
    return Matrix(departments, rows, _topic_rows(policies))


def _topic_rows(policies: list[Policy]) -> tuple[Row, ...]:
    titles: dict[str, str] = {}
    for policy in policies:
        for topic in policy.topics:
            titles.setdefault(topic.id, topic.title)
    return tuple(
        Row(topic_id, title, tuple(
            next((Cell(t.status, None) for t in p.topics if t.id == topic_id), Cell(None, None))
            for p in policies))
        for topic_id, title in titles.items())


def _cell(policy: Policy, section_id: str) -> Cell:
    for section in policy.sections:
        if section.id == section_id:
            reason = section.approval.reason if section.approval else None
            return Cell(section.status, reason if section.status != "adopted" else None)
    return Cell(None, None)


def _is_local(policies: list[Policy], section_id: str) -> bool:
    return all(s.origin.kind == "local" for p in policies for s in p.sections
               if s.id == section_id)
