"""The policy: the base guidance editions, the text markup, the check that a replacement of
a core section keeps its points, and the merge of a profile with its edition into the
document every renderer walks. Pure, but for reading the editions."""

from generator.policy.editions import (
    SOURCE_LABELS,
    SectionSource,
    available_editions,
    edition_digest,
    edition_names,
    load_guidance,
)
from generator.policy.markup import (
    MarkupError,
    link_problems,
    link_text_problem,
    looks_like_address,
    parse,
    unsupported_markup,
)
from generator.policy.merging import Provenance, edition_name, long_date, merge
from generator.policy.names import The, named, the
from generator.policy.provenance import (
    KINDS,
    edition_month,
    is_departure,
    origin_counts,
    origin_json,
    origin_label,
    section_note,
    section_origin,
    source_name,
    words_origin,
)
from generator.policy.substance import dropped_points, substance_problem
from generator.policy.terms import code_name, fill_each_code, fill_for, is_ni_body
from generator.policy.topics import DEFAULT_HOUSE_RULES, HOUSE_RULES_ID, account_handle
from generator.policy.translating import ENGLISH, Language, Translator, is_verbatim

__all__ = [
    "DEFAULT_HOUSE_RULES",
    "ENGLISH",
    "HOUSE_RULES_ID",
    "KINDS",
    "SOURCE_LABELS",
    "Language",
    "MarkupError",
    "Provenance",
    "SectionSource",
    "The",
    "Translator",
    "account_handle",
    "available_editions",
    "code_name",
    "dropped_points",
    "edition_digest",
    "edition_month",
    "edition_name",
    "edition_names",
    "fill_each_code",
    "fill_for",
    "is_departure",
    "is_ni_body",
    "is_verbatim",
    "link_problems",
    "link_text_problem",
    "load_guidance",
    "long_date",
    "looks_like_address",
    "merge",
    "named",
    "origin_counts",
    "origin_json",
    "origin_label",
    "parse",
    "section_note",
    "section_origin",
    "source_name",
    "substance_problem",
    "the",
    "unsupported_markup",
    "words_origin",
]
