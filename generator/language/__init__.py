"""Packs in other languages than English (issue 27): the units of text a translator
translates, the XLIFF files they travel in, and the catalogues of the layout's words."""

from generator.language.catalogue import english_name, language_name, languages, words
from generator.language.coverage import Coverage, translation_coverage
from generator.language.pseudo import PSEUDO_MARK, is_pseudo, pseudo_translate
from generator.language.units import Answered, Recorder, Unit, pack_units
from generator.language.xliff import (
    Run,
    Target,
    Translation,
    is_translated,
    read_xliff,
    resolve,
    same_language,
    source_text,
    write_xliff,
)

__all__ = [
    "PSEUDO_MARK",
    "Answered",
    "Coverage",
    "Recorder",
    "Run",
    "Target",
    "Translation",
    "Unit",
    "english_name",
    "is_pseudo",
    "is_translated",
    "language_name",
    "languages",
    "pack_units",
    "pseudo_translate",
    "read_xliff",
    "resolve",
    "same_language",
    "source_text",
    "translation_coverage",
    "words",
    "write_xliff",
]
