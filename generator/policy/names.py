"""Names of bodies and teams in running text, as GOV.UK writes them (pure).

A profile gives names bare ("Digital Communications Unit", "Welsh Government"); a sentence
needs "the" before a name built on a common noun ("the Digital Communications Unit owns it",
"works for the Welsh Government", "the UK Space Agency"), but not before an acronym ("DWP
owns it"), a name that has its own article, a proper name ("Ofsted", "Companies House",
"Natural England", "Transport for London") or a Crown name ("HM Revenue and Customs"). An
acronym follows the full name at its first use, never leads it.
"""

from __future__ import annotations

from generator.model import ENGLISH_WORDS, Words

# Names that take no article: the Crown's ("HM Treasury", "His Majesty's Courts ...").
_NO_ARTICLE = ("HM ", "His Majesty's ", "Her Majesty's ")
# The common nouns a body's or a team's name is built on: a name with one of them takes
# "the" ("the Press Office", "the Head of Digital"); a name without one is a proper name.
_COMMON = frozenset(
    "Administration Agency Archives Assembly Authority Bank Board Branch Centre Chief "
    "Commission Commissioner Committee Council Court Department Directorate Director "
    "Division Executive Force Government Group Head Inspectorate Institute Library Manager "
    "Ministry Museum Office Officer Parliament Police Secretariat Section Service Services "
    "Team Tribunal Trust Unit".split())


def the(name: str, w: Words = ENGLISH_WORDS) -> str:
    """The name with "the" where running text needs it: "the Digital Communications Unit",
    "DWP", "the Welsh Government", "HM Treasury". In Welsh the name as its translator wrote
    it: a Welsh name carries its own article ("yr Adran ..."), and mutation is theirs."""
    words = name.split()
    if not w.english:
        return name
    if (not words or words[0].lower() in ("the", "a", "an") or name.startswith(_NO_ARTICLE)
            or "'" in words[0] or "\u2019" in words[0]):
        return name
    return f"the {name}" if _COMMON.intersection(words) else name


def The(name: str, w: Words = ENGLISH_WORDS) -> str:
    """`the(name)` at the start of a sentence: "The Digital Communications Unit"."""
    named = the(name, w)
    return named[:1].upper() + named[1:]


def named(full: str, short: str, w: Words = ENGLISH_WORDS) -> str:
    """A body's first mention: its full name with "the", then its short name in brackets:
    "the Department of Finance (DoF)", or the name alone where the two are the same."""
    if short == full:
        return the(full, w)
    return f"{the(full, w)} ({short})"
