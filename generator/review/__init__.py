"""The reviewers' commands: compare two policies, a matrix of departments by sections, and
what a new base edition means for each department, with the files each writes; and the
central reviewers' sign-offs, kept beside the profiles."""

from generator.review.comparison.shared import LABELS, edition_notice, summary_counts
from generator.review.dashboard import (
    SORTS,
    Filters,
    Reviewed,
    Row,
    dashboard_rows,
    filter_rows,
    sort_rows,
)
from generator.review.dashboard_files import DASHBOARD, INDEX, REGISTER, SiteLinks, review_pages
from generator.review.impact import OUTCOMES
from generator.review.impact_files import OUTCOME_LABELS
from generator.review.register import KIND_WORDS, Departure, filter_departures, register
from generator.review.run import (
    base_labels,
    edition_labels,
    edition_months,
    reviewed,
    run_compare,
    run_impact,
    run_matrix,
)
from generator.review.sheets import csv_bytes, xlsx_bytes
from generator.review.signoffs import (
    DECISIONS,
    Signed,
    SignOff,
    State,
    answer_problems,
    profile_hash,
    read_signoffs,
    record_signoff,
    sign_off,
    signoffs_path,
    state,
)

__all__ = [
    "DASHBOARD",
    "DECISIONS",
    "INDEX",
    "KIND_WORDS",
    "LABELS",
    "OUTCOMES",
    "OUTCOME_LABELS",
    "REGISTER",
    "SORTS",
    "Departure",
    "Filters",
    "Reviewed",
    "Row",
    "SignOff",
    "Signed",
    "SiteLinks",
    "State",
    "answer_problems",
    "base_labels",
    "csv_bytes",
    "dashboard_rows",
    "edition_labels",
    "edition_months",
    "edition_notice",
    "filter_departures",
    "filter_rows",
    "profile_hash",
    "read_signoffs",
    "record_signoff",
    "register",
    "review_pages",
    "reviewed",
    "run_compare",
    "run_impact",
    "run_matrix",
    "sign_off",
    "signoffs_path",
    "sort_rows",
    "state",
    "summary_counts",
    "xlsx_bytes",
]
