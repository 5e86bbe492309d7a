"""The reviewers' commands: compare two policies, a matrix of departments by sections, and
what a new base edition means for each department, with the files each writes."""

from generator.review.compare_files import LABELS
from generator.review.impact import OUTCOMES
from generator.review.impact_files import OUTCOME_LABELS
from generator.review.run import (
    base_labels,
    edition_labels,
    edition_months,
    run_compare,
    run_impact,
    run_matrix,
)

__all__ = ["LABELS", "OUTCOMES", "OUTCOME_LABELS", "base_labels", "edition_labels",
           "edition_months",
           "run_compare", "run_impact", "run_matrix"]
