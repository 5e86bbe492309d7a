"""The names of the folders the review commands write, in one place: run_compare writes a
comparison's folder, and the matrix and the dashboard link to it by the same name."""

from __future__ import annotations


def comparison_folder(a_slug: str, b_slug: str) -> str:
    """The folder of A's comparison with B: compare-dwp-vs-dvla."""
    return f"compare-{a_slug}-vs-{b_slug}"


def base_slug(edition: str) -> str:
    """The base text of an edition, as a comparison's folder names it: base-2014-10."""
    return f"base-{edition}"


def base_comparison(edition: str, slug: str) -> str:
    """The folder of a department's comparison with its base edition (run_matrix and the
    site write one for each department): compare-base-2014-10-vs-dwp."""
    return comparison_folder(base_slug(edition), slug)
