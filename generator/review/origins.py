"""Where each section's words come from, as the review reports show it (pure).

A base edition is this project's text, not the Cabinet Office's: most of its sections restate
the guidance, but some are the code of conduct that applies to the reader and some are model
text the project wrote where the guidance says nothing. So a review never heads a column
"Cabinet Office guidance" above a whole edition: it names the base text by its edition, and
labels each section by its origin (generator.policy.provenance).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import replace

from generator.model import Origin

# Said once in each report that shows a base edition, so a reader knows what "base text" is.
BASE_TEXT_NOTE = ("The base text is this project's restatement of the Cabinet Office guidance, "
                  "with the code of conduct and model text where the guidance says nothing. "
                  "Each section is labelled with where its words come from.")


def base_label(published: dt.date) -> str:
    """A base edition as a side or a heading names it: the May 2012 edition of the base
    text (never "Cabinet Office guidance", which did not write all of it)."""
    return f"the {published:%B %Y} edition of the base text"


def own_code(origin: Origin, code: str) -> Origin:
    """A review fills every base text with the same neutral words, the code of conduct's
    name too; a section whose words are the code's is still labelled with the code the
    department follows (`code`: "the NICS Code of Ethics" in Northern Ireland)."""
    return replace(origin, code=code) if origin.kind == "code" else origin


def one_or_each(labels: Iterable[str]) -> str:
    """Labels of one section across departments: one when they agree, else each ("Civil
    Service Code or NICS Code of Ethics")."""
    distinct = list(dict.fromkeys(label for label in labels if label))
    return " or ".join(distinct)
