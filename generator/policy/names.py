"""Names of bodies and teams in running text, as GOV.UK writes them (pure).

A profile gives names bare ("Digital Communications Unit", "Welsh Government"); a sentence
needs "the" before most of them ("the Digital Communications Unit owns it", "works for the
Welsh Government"), but not before an acronym ("DWP owns it"), a name that has its own
article, or one that takes none ("HM Revenue and Customs"). An acronym follows the full name
at its first use, never leads it.
"""

from __future__ import annotations

# Names that take no article: the Crown's ("HM Treasury", "His Majesty's Courts ...").
_NO_ARTICLE = ("HM ", "His Majesty's ", "Her Majesty's ")


def the(name: str) -> str:
    """The name with "the" where running text needs it: "the Digital Communications Unit",
    "DWP", "the Welsh Government", "HM Treasury"."""
    first = name.split(" ", 1)[0]
    if (not name or first.lower() in ("the", "a", "an") or name.startswith(_NO_ARTICLE)
            or _acronym(first) or "'" in first or "\u2019" in first):
        return name
    return f"the {name}"


def The(name: str) -> str:
    """`the(name)` at the start of a sentence: "The Digital Communications Unit"."""
    named = the(name)
    return named[:1].upper() + named[1:]


def named(full: str, short: str) -> str:
    """A body's first mention: its full name with "the", then its short name in brackets:
    "the Department of Finance (DoF)", or the name alone where the two are the same."""
    if short == full:
        return the(full)
    return f"{the(full)} ({short})"


def _acronym(word: str) -> bool:
    """DWP, DVLA, HMRC, DoF: capitals, perhaps with lower-case letters between them."""
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and letters[0].isupper() and letters[-1].isupper()
