"""The policy: the base guidance editions, the text markup, and the merge of a profile with
its edition into the document every renderer walks. Pure, but for reading the editions."""

from generator.policy.editions import available_editions, edition_digest, load_guidance
from generator.policy.markup import (
    MarkupError,
    link_problems,
    link_text_problem,
    looks_like_address,
    parse,
)
from generator.policy.merging import Provenance, long_date, merge

__all__ = [
    "MarkupError",
    "Provenance",
    "available_editions",
    "edition_digest",
    "link_problems",
    "link_text_problem",
    "load_guidance",
    "long_date",
    "looks_like_address",
    "merge",
    "parse",
]
