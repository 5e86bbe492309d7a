"""The layout's fixed words in each language the project ships (templates/words/).

English is the code's own words. Every other language is a folder of gettext PO files,
`templates/words/<language>/*.po`, read with Babel (the Python project's i18n library); its
month names are CLDR's, from Babel too. templates/words/README.md says where every Welsh
term comes from.
"""

from __future__ import annotations

from functools import cache

from babel.core import Locale
from babel.messages.pofile import read_po

from generator.model import ENGLISH_WORDS, Words
from generator.resources import templates

ENGLISH = ENGLISH_WORDS


def languages() -> tuple[str, ...]:
    """The languages a pack can be made in besides English: cy."""
    return tuple(sorted(p.name for p in (templates() / "words").iterdir() if p.is_dir()))


@cache
def words(language: str) -> Words:
    """The catalogue of `language` ("cy"); English for "en" and "en-GB"."""
    if language.split("-")[0] == "en":
        return ENGLISH
    messages: dict[str, str] = {}
    for path in sorted((templates() / "words" / language).glob("*.po")):
        with path.open("rb") as file:
            catalog = read_po(file, locale=language)
        messages.update({str(m.id): str(m.string) for m in catalog
                         if m.id and m.string and not m.fuzzy})
    months = Locale.parse(language).months["format"]["wide"]
    return Words(language, messages, tuple(months[n] for n in range(1, 13)))



def english_name(language: str) -> str:
    """A language's name in English, as the command line and the editor say it: Welsh."""
    code = language.split("-")[0]
    return str(Locale("en").languages.get(code, code))


def language_name(language: str) -> str:
    """A language's name in itself, as a link to a page in it says it: English, Cymraeg."""
    return str(Locale.parse(language.split("-")[0]).display_name).capitalize()
