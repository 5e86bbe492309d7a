"""Packs in other languages than English (issue 27): the units of text a translator
translates, the XLIFF files they travel in, and the catalogues of the layout's words."""

from generator.language.catalogue import languages, words
from generator.language.units import Answered, Recorder, Unit, units

__all__ = ["Answered", "Recorder", "Unit", "languages", "units", "words"]
