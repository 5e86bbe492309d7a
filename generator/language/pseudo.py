"""A pseudo-translation: every target the English, marked, a third longer, with the Welsh
letters ŵ and ŷ (issue 27).

It proves the machinery without a translator: a Welsh pack made from it shows every unit
arrived (each is marked), that the layout holds text a third longer (Welsh often runs
longer than English), and that the fonts draw ŵ and ŷ. Its marks, ⟦ and ⟧, make a
pseudo-translated text plain to see, and `is_pseudo` tells one, so that no pack made from
it passes for a translation a translator made.
"""

from __future__ import annotations

import copy
import math
from typing import Any

from lxml import etree

from generator.language.xliff import (
    CHANGED_NOTE,
    NS,
    PREVIOUS,
    XML,
    parse_xliff,
    read_xliff,
)
from generator.model import Inlines
from generator.policy import is_verbatim

PSEUDO_MARK = "⟦"  # opens every pseudo-translated target
PSEUDO_END = "⟧"  # and closes it
# The to bach on every vowel, as Welsh writes ŵ and ŷ; the others show any vowel that
# reached the pack untouched by the translation.
_LETTERS = str.maketrans("aeiouwyAEIOUWY", "âêîôûŵŷÂÊÎÔÛŴŶ")
_PADDING = "ŵŷŵŷ "  # words, so a long text still breaks at the end of a line


def is_pseudo(inlines: Inlines) -> bool:
    """Whether a text is a pseudo-translation: it opens and closes with the marks."""
    text = "".join(item.text for item in inlines).strip()
    return text.startswith(PSEUDO_MARK) and text.endswith(PSEUDO_END)


def _padding(length: int) -> str:
    """At least a third of `length` more, and never less than ŵŷ."""
    wanted = max(math.ceil(length / 3), 2)
    return (_PADDING * (wanted // len(_PADDING) + 1))[:wanted].rstrip() or "ŵŷ"


def pseudo_translate(data: bytes, path: str = "the XLIFF file") -> bytes:
    """The XLIFF file `data` with every unit's target its English pseudo-translated, codes
    kept as they are, and state="translated"; ProfileError (naming `path`) if `data` is
    not a file `read_xliff` reads."""
    translation = read_xliff(data, path)  # refuses what a build would refuse
    root, _ = parse_xliff(data, path)
    for unit in root.iter(f"{{{NS}}}trans-unit"):
        _pseudo_unit(unit, translation.language)
    return (b'<?xml version="1.0" encoding="UTF-8"?>\n'
            + bytes(etree.tostring(root, xml_declaration=False, encoding="UTF-8")) + b"\n")


def _pseudo_unit(unit: Any, language: str) -> None:
    source = unit.find(f"{{{NS}}}source")
    for old in unit.findall(f"{{{NS}}}target"):
        _remove(old)
    for alt in unit.findall(f"{{{NS}}}alt-trans"):
        if alt.get("alttranstype") == PREVIOUS:
            _remove(alt)
    for note in unit.findall(f"{{{NS}}}note"):
        if note.text == CHANGED_NOTE:
            _remove(note)
    target = copy.deepcopy(source)  # the English's codes, ids and ctypes as they are
    target.tag = f"{{{NS}}}target"
    target.tail = source.tail
    target.set(f"{{{XML}}}lang", language)
    target.set("state", "translated")
    length = _lettered(target)
    target.text = PSEUDO_MARK + (target.text or "")
    end = " " + _padding(length) + PSEUDO_END
    if len(target):
        target[-1].tail = (target[-1].tail or "") + end
    else:
        target.text += end
    source.addnext(target)


def _lettered(element: Any) -> int:
    """Every text in `element` given the Welsh letters; how many characters it has."""
    length = 0
    for node in element.iter():
        if node is not element and node.tail:
            node.tail = node.tail.translate(_LETTERS)
            length += len(node.tail)
        if node.text and isinstance(node.tag, str):
            if node is element or not is_verbatim(node.text):  # an address or a handle
                node.text = node.text.translate(_LETTERS)  # stays as it is
            length += len(node.text)
    return length


def _remove(element: Any) -> None:
    """An element gone, its tail (the line's indentation) given to the one before it."""
    parent = element.getparent()
    previous = element.getprevious()
    if previous is not None:
        previous.tail = element.tail
    else:
        parent.text = element.tail
    parent.remove(element)
