"""A department's profile: find the files, read the YAML with the place of every value,
check it, read the logo it names, write a starter for a new department, and name each
field in words (the journey: the editor's pages, and the history's sentences)."""

from generator.profile.check import (
    Checked,
    check_profile,
    check_profiles,
    check_source,
    slug_taken,
)
from generator.profile.fields import STARTER_MARK, YES_NO_WORDS
from generator.profile.find import profile_files
from generator.profile.journey import (
    BY_SLUG,
    PAGES,
    SECTION_CHOICES,
    SECTION_FIELDS,
    Field,
    Page,
    SectionChoice,
)
from generator.profile.load import (
    KeyPath,
    SourceDoc,
    format_key,
    load_profile,
    load_profile_bytes,
)
from generator.profile.logo import MAX_LOGO_BYTES, MAX_TRANSLATION_BYTES, load_logo
from generator.profile.regular_file import NotRegular, TooLarge, read_regular_file
from generator.profile.starter import write_starter
from generator.profile.validation import validate

__all__ = [
    "BY_SLUG",
    "MAX_LOGO_BYTES",
    "MAX_TRANSLATION_BYTES",
    "PAGES",
    "SECTION_CHOICES",
    "SECTION_FIELDS",
    "STARTER_MARK",
    "YES_NO_WORDS",
    "Checked",
    "Field",
    "KeyPath",
    "NotRegular",
    "Page",
    "SectionChoice",
    "SourceDoc",
    "TooLarge",
    "check_profile",
    "check_profiles",
    "check_source",
    "format_key",
    "load_logo",
    "load_profile",
    "load_profile_bytes",
    "profile_files",
    "read_regular_file",
    "slug_taken",
    "validate",
    "write_starter",
]
