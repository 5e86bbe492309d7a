"""The base sections' headings as a profile's department reads them, for the history's and
the approvals' sentences: "{{ code.Name }} online and offline" becomes "The Civil Service
Code online and offline" (or the NICS Code of Ethics', for a Northern Ireland body), as the
editor's pages and the pack show it. The code is chosen from the answers as written, in any
letter case, perhaps not valid yet, as the editor's forms choose it."""

from __future__ import annotations

import functools
from typing import cast, get_args

from jinja2 import TemplateError

from generator.model import Jurisdiction, Organisation
from generator.policy import available_editions, code_name, fill_each_code

JURISDICTIONS: tuple[str, ...] = get_args(Jurisdiction)
ORGANISATIONS: tuple[str, ...] = get_args(Organisation)


def headings(data: object) -> dict[str, str]:
    """Each base section's heading by its id, its code named (empty if the profile names
    no edition this version knows)."""
    base = data.get("base") if isinstance(data, dict) else None
    edition = available_editions().get(base) if isinstance(base, str) else None
    if edition is None:
        return {}
    code = _code(data)
    return {s.id: _filled(s.title, code) for s in edition.sections()}


@functools.lru_cache(maxsize=256)  # a template compiled per title and code, not per version
def _filled(title: str, code: str) -> str:
    if "{" not in title:
        return title
    try:
        return fill_each_code(title)[code]
    except TemplateError:  # a placeholder the edition loader would have refused: as written
        return title


def _code(data: object) -> str:
    department = data.get("department") if isinstance(data, dict) else None
    answers = department if isinstance(department, dict) else {}
    where = answers.get("jurisdiction")
    listed = where if isinstance(where, list) else [where]
    jurisdictions = tuple(j for j in (_choice(w, JURISDICTIONS) for w in listed) if j)
    organisation = _choice(answers.get("organisation"), ORGANISATIONS)
    return code_name(cast(Organisation, organisation or "ministerial department"),
                     cast(tuple[Jurisdiction, ...], jurisdictions))


def _choice(value: object, choices: tuple[str, ...]) -> str:
    return next((c for c in choices if isinstance(value, str)
                 and value.strip().lower() == c.lower()), "")
