"""Who else changed an answer (issue 29): the team editor's clash page names the people
whose versions changed an answer since the page showed it, and when, from the history.

On a laptop there is no history to ask (nothing is committed), so the page says, as
before, that someone or something changed it. A name is never guessed: one the history
does not hold is not given.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from generator import versions
from generator.serve.answers.forms import as_sent, lookup, shown
from generator.serve.answers.merging import Clash
from generator.serve.people import Person, current_person, team_mode


def who_changed(folder: Path, path: Path, clash: Clash) -> str | None:
    """The sentence naming who changed the clashing answer since the page showed it; None
    on a laptop, or where the history cannot say."""
    if not team_mode() or clash.shown is None:
        return None
    fld, at = clash.field, clash.at
    try:
        since = versions.changed_since(folder, path,
                                       lambda data: as_sent(shown(lookup(data, at), fld), fld),
                                       clash.shown, clash.theirs)
    except versions.GitError:
        return None  # the history cannot be read: the page says what it always said
    return said(since, current_person(), dt.date.today())


def said(since: versions.Since, me: Person | None, today: dt.date) -> str | None:
    """The versions that changed an answer, in words: "Hana Hussain changed this at 14:02
    since you opened the page." None if there are none and nothing outside the history."""
    sentences = []
    if since.makers:
        mine = me is not None and all(
            m.author.email.lower() == me.email.lower() for m in since.makers)
        if mine:
            sentences.append(f"You changed this yourself {_times(since.makers, today)}, in "
                             "another page or tab, since you opened this one.")
        else:
            people = _people(since.makers, me, today)
            sentences.append(f"{people[:1].upper()}{people[1:]} since you opened the page.")
    if since.outside:
        sentences.append(("It was also changed" if since.makers else "It was changed")
                         + " outside the editor (in a text editor, or by git) since you "
                         "opened the page; no version in the history holds that change yet.")
    return " ".join(sentences) or None


def _people(makers: Sequence[versions.Maker], me: Person | None, today: dt.date) -> str:
    """ "Hana Hussain changed this at 14:02", or "Cal Comms (at 14:05) and Hana Hussain
    (at 14:02) changed this": each person once, newest first, with the times of their
    versions."""
    names: dict[str, list[versions.Maker]] = {}
    for maker in makers:
        names.setdefault(_name(maker.author, me), []).append(maker)
    if len(names) == 1:
        ((name, theirs),) = names.items()
        return f"{name} changed this {_times(theirs, today)}"
    return _and([f"{name} ({_times(theirs, today)})" for name, theirs in names.items()]) \
        + " changed this"


def _name(author: versions.Author, me: Person | None) -> str:
    if me is not None and author.email.lower() == me.email.lower():
        return "you (on another page or tab)"
    return author.name or author.email


def _times(makers: Sequence[versions.Maker], today: dt.date) -> str:
    """ "at 14:02", "at 14:05 and 14:02", "at 9:30 on 3 June 2027": the versions' own
    times, as the history page shows them."""
    return "at " + _and([_time(m.when, today) for m in makers])


def _time(when: dt.datetime, today: dt.date) -> str:
    clock = when.strftime("%H:%M")
    return clock if when.date() == today else f"{clock} on {when.strftime('%-d %B %Y')}"


def _and(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]
