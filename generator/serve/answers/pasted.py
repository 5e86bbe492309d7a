"""Text as a person typed it, from text as it was pasted (issue 24, deliverable 5).

Text pasted from Word, a PDF or a web page carries characters a person never sees. Each is
decided here, once, before an answer becomes a value of the profile:

- **Kept as they are**: no-break spaces, smart quotes, en and em dashes, tabs, and Word's
  bullets (•, ◦, ▪ at the start of a line). A `|` block holds every one of them as it is,
  so the block stays a block and the file reads as the person wrote; the loader reads a
  no-break space as a space, and the Markdown subset reads a line that starts with a bullet
  as a list item (generator/policy/markup.py), so nothing is gained by rewriting them, and
  the person would find their text changed on the next visit.
- **Made line breaks**: the line and paragraph separators (U+2028, U+2029), Word's
  Shift+Enter (U+000B), a page break (U+000C), NEL (U+0085) and a carriage return on its
  own (old Mac): what they mean is a new line, and YAML would read most of them as one
  anyway. A paragraph separator is a blank line, the Markdown subset's paragraph break. In
  a one-line answer each is a space.
- **Removed**: the invisible characters the loader refuses (zero-width spaces and misplaced
  joiners, the word joiner, a byte order mark, bidirectional controls, other control
  characters). The loader would refuse the whole save, telling the person to retype text
  in which they cannot see what is wrong; removing what cannot be seen changes nothing they
  can see. Joiners inside Arabic or Indic words and emoji sequences stay, as the loader
  allows them there.
- **Lines of spaces only become empty lines**: a `|` block cannot tell them from blank
  lines, and they show nothing.

The set of invisible characters is the loader's (generator/profile/text.py `_HIDDEN`,
private to that package); tests/serve/test_pasted.py checks, character by character, that
the two agree.
"""

from __future__ import annotations

import itertools
import re

# A line break in all but name. U+2029 separates paragraphs: a blank line in Markdown.
_SOFT = ("\x0b", "\u2028")  # breaks within a paragraph: Word's Shift+Enter, a line separator
_BREAKS = {"\r": "\n", "\x0b": "\n", "\x0c": "\n", "\x85": "\n", "\u2028": "\n",
           "\u2029": "\n\n"}
# As the loader's _HIDDEN, less the line breaks above (made "\n" before this runs).
_JOINING = "\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\u0900-\u0dff\ufb50-\ufdff\ufe70-\ufefc"
_EMOJI = "\U0001f000-\U0001faff\u2600-\u27bf"
_INVISIBLE = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u115f\u1160\u180e\u200b\u2060"
    "\u202a-\u202e\u2066-\u2069\u3164\ufeff\uffa0\ufff9-\ufffb\ufffe\uffff"
    "\U0001bca0-\U0001bca3]"
    f"|(?<![{_JOINING}])\u200c|\u200c(?![{_JOINING}])"
    f"|(?<![{_JOINING}{_EMOJI}\ufe0f])\u200d|\u200d(?![{_JOINING}{_EMOJI}])")
_BLANK_LINE = re.compile(r"^[^\S\n]+$", re.MULTILINE)  # spaces of any kind, nothing else
# A list item as the policy's markup reads one (generator/policy/markup.py): Markdown's -, *,
# + or 1., or a pasted bullet or dash, after any indentation.
_LIST_ITEM = re.compile("^[ \t]*(?:[-*+\u2022\u00b7\u25e6\u25aa\u2023\u2013\u2014]|\\d+[.)])[ \t]+")


def as_typed(text: str, *, one_line: bool = False, before: str = "") -> str:
    """`text` as pasted, made what the person typed: line breaks by any other name made
    "\\n" (a space in a one-line answer), the invisible characters the loader refuses
    removed, lines of spaces only emptied. Everything else is kept as it is."""
    text = text.replace("\r\n", "\n")
    if not one_line:
        text = _soft_breaks_in_items(text)
    for char, meaning in _BREAKS.items():
        text = text.replace(char, " " if one_line else meaning)
    if one_line:
        text = text.replace("\n", " ")
    text = _BLANK_LINE.sub("", _without_invisible(text))
    # A break at either end is no answer (forms.submitted strips those the browser sent).
    return text.strip() if one_line else _lists_ended(text.strip("\n"), before)


def _soft_breaks_in_items(text: str) -> str:
    """A line break within a list item (Word's Shift+Enter, a line separator) continues the
    item: the line it starts is indented under the item's text, as Markdown writes more of
    an item, so that it is not read as a paragraph after the list (_lists_ended)."""
    lines = text.split("\n")
    for index, line in enumerate(lines):
        item = _LIST_ITEM.match(line)
        if item:
            under = "\n" + " " * len(item.group(0))
            for soft in _SOFT:
                line = line.replace(soft, under)
            lines[index] = line
    return "\n".join(lines)


def _lists_ended(text: str, before: str = "") -> str:
    """A blank line between a list's last item and a paragraph pasted straight after it.
    Word's paragraphs arrive one a line; Markdown would read the paragraph as more of the
    item ("lazy continuation"), and the policy would print it inside the bullet. Two
    lines already so in `before` (the file's text: a list item wrapped by hand) are left
    as they are: only what the person pasted or typed now is read so."""
    lines = text.split("\n")
    there = set(itertools.pairwise(before.split("\n"))) if before else set()
    kept = lines[:1]
    for above, line in itertools.pairwise(lines):
        if _LIST_ITEM.match(above) and line.strip() and not _LIST_ITEM.match(line) \
                and not line[:1].isspace() and (above, line) not in there:
            kept.append("")
        kept.append(line)
    return "\n".join(kept)


def _without_invisible(text: str) -> str:
    """The text without the loader's invisible characters. Removing one can bring a joiner
    next to a letter it did not touch before, so repeat until nothing is left to remove."""
    while True:
        cleaned = _INVISIBLE.sub("", text)
        if cleaned == text:
            return text
        text = cleaned
