"""XLIFF 1.2: the file a translator's CAT tool (Trados, memoQ, OmegaT) reads and writes.

`write_xliff` writes one `<trans-unit>` per unit of the department's text; `read_xliff`
reads the translator's file back, refusing with line and column anything that is not a
well-formed XLIFF 1.2 file; `resolve` gives a target as the pack's inlines.

Inline codes: each emphasis, strong emphasis and link of the English is a `<g id="N"
ctype="italic|bold|link">` (N = 1, 2, ... in order). A link's address is not in the file,
so a translator cannot break it: `resolve` takes it, and each code's style, from the English.

Translated means: a `<target>` with words in it whose `state` is absent or one of
`translated`, `signed-off` and `final` (`is_translated`). Any other state (`new`,
`needs-translation`, `needs-review-translation`, an `x-` state of a tool's own) is not
translated. A unit not yet translated has no `<target>` at all, as XLIFF 1.2 means it
(`state` lives on `<target>`): the Translate Toolkit reads it as untranslated, and so do
the Okapi filters that OmegaT uses, which can take an empty `<target/>` for a deliberately
empty translation (their allowEmptyTargets option). An empty `<target/>` is read here as
no target.

Whitespace: where `xml:space="preserve"` is in force, a target keeps its whitespace as
written; elsewhere (the default), XML lets the tool reflow it, so each run of spaces, tabs
and line breaks is read as one space and the ends are trimmed. The English is written with
its line breaks as spaces (a CAT tool segments by sentence), and `source_text` compares
texts with runs of whitespace as one space, so a tool that reflows the `<source>` does not
make the English look changed.

Reading is safe: no DTD (a DOCTYPE is refused, so no entity is ever expanded), no network,
no huge trees, at most 5 MB.
"""

from __future__ import annotations

import bisect
import codecs
import hashlib
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from lxml import etree

from generator import __version__
from generator.errors import Problem, ProfileError
from generator.language.units import Unit
from generator.model import Inline, Inlines, Link, Text

NS = "urn:oasis:names:tc:xliff:document:1.2"
XML = "http://www.w3.org/XML/1998/namespace"
SOURCE_LANGUAGE = "en-GB"
MAX_BYTES = 5 * 1024 * 1024
TRANSLATED = frozenset({"translated", "signed-off", "final"})
NEEDS_REVIEW = "needs-review-translation"
PREVIOUS = "previous-version"
TOOL = "policy-pack"
CTYPES = {"em": "italic", "strong": "bold", "link": "link"}
CHANGED_NOTE = ("The English of this text changed after it was translated. Beside it are "
                "the English it was translated from and the translation then (the previous "
                "version). Check the translation against the new English, then mark it "
                "translated.")
HINT = ("ask the translator to export the file again from their translation tool as "
        "XLIFF 1.2, and not to edit it by hand")
_SPACE = re.compile(r"[ \t\r\n]+")  # XML's whitespace; a no-break space is a character


@dataclass(frozen=True)
class Run:
    """A piece of a target: its text, and the inline code it sits in (0: none)."""

    text: str
    code: int = 0


@dataclass(frozen=True)
class Target:
    """One `<trans-unit>` as the file has it."""

    id: str
    source: str  # the English it was made from, as `source_text` writes it
    target: tuple[Run, ...] | None  # None: no <target>, or one with no words
    state: str  # the <target state="..."> value; "" when absent
    line: int
    column: int
    # The English and translation before the English changed (the `<alt-trans
    # alttranstype="previous-version">` this tool writes), while the unit awaits review.
    previous: Target | None = None
    # The unit's approved="yes": the Translate Toolkit reads a target without it as fuzzy,
    # so a re-run keeps it where the English is unchanged. It does not make a target
    # translated here (`is_translated`): the state does.
    approved: bool = False


@dataclass(frozen=True)
class Translation:
    """A translator's file, read."""

    language: str  # the file's target-language, as written ("cy")
    path: str  # the file as the profile names it, for messages
    sha256: str  # of the file's bytes
    targets: Mapping[str, Target] = field(default_factory=dict)  # by unit id, in file order
    # The profile it was made for (`<file original>`), its file name only: a translator's
    # tool may write the folder it was opened from.
    original: str = ""


def is_translated(target: Target) -> bool:
    """Words in the target, and a state that says they are a translation."""
    return target.target is not None and (not target.state or target.state in TRANSLATED)


def same_language(written: str, language: str) -> bool:
    """Whether a file's target-language is `language`: a CAT tool may write "cy-GB" or
    "CY" for a file made for "cy" (BCP 47 tags are compared without case)."""
    return written.lower().split("-")[0] == language.lower().split("-")[0]


# --- the English's codes -----------------------------------------------------------------------


def _kind(item: Inline) -> str:
    """"plain", or the code's kind: em, strong, link."""
    return "link" if isinstance(item, Link) else item.style


def _numbered(inlines: Inlines) -> Iterator[tuple[Inline, int]]:
    """Each inline with its code: 0 for plain text, else 1, 2, ... in order. An empty one
    is left out: it shows nothing, and a translator could not keep a code with no words."""
    code = 0
    for item in inlines:
        if not item.text:
            continue
        if _kind(item) == "plain":
            yield item, 0
        else:
            code += 1
            yield item, code


def source_runs(inlines: Inlines) -> tuple[Run, ...]:
    """The English as runs, each emphasis and link a code of its own."""
    return tuple(Run(item.text, code) for item, code in _numbered(inlines))


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;")


def canonical(runs: Sequence[Run]) -> str:
    """Runs as one string, each code written `<gN>...</gN>`, runs of whitespace as one
    space, and no whitespace at the ends: equal exactly when a translation of one is a
    translation of the other."""
    # The same whitespace rule as a target read without xml:space="preserve", so that
    # the English and the file's <source> agree whatever a tool did to its spaces.
    return "".join(_escape(run.text) if not run.code
                   else f"<g{run.code}>{_escape(run.text)}</g{run.code}>"
                   for run in _normalised(_merged(list(runs))))


def source_text(inlines: Inlines) -> str:
    """The canonical string of a unit's English with its codes: 'Read <g1>the Code</g1>.'
    Used to tell whether the English changed since it was translated."""
    return canonical(source_runs(inlines))


_CODED = re.compile(r"<g(\d+)>(.*?)</g\1>", re.S)


def _unescape(text: str) -> str:
    return text.replace("&lt;", "<").replace("&amp;", "&")


def _from_canonical(text: str) -> tuple[Run, ...]:
    """The runs of a `canonical` string (to write an old English back into a file)."""
    runs: list[Run] = []
    end = 0
    for match in _CODED.finditer(text):
        runs.append(Run(_unescape(text[end:match.start()])))
        runs.append(Run(_unescape(match.group(2)), int(match.group(1))))
        end = match.end()
    runs.append(Run(_unescape(text[end:])))
    return tuple(run for run in runs if run.text)


# --- resolving a target against the English -------------------------------------------------


_LOST = {"link": "the link “{}”", "em": "the emphasis on “{}”",
         "strong": "the strong emphasis on “{}”"}


def resolve(target: tuple[Run, ...], source: Inlines) -> Inlines | str:
    """The target as the pack's inlines, each code given the style or link of the same
    code in the English; or, where the codes do not match the English's, what is wrong in
    plain words (a link or emphasis lost, added or repeated)."""
    coded = {code: item for item, code in _numbered(source) if code}
    problem = _code_problem(target, coded)
    if problem:
        return problem
    inlines: list[Inline] = []
    for run in target:
        if not run.code:
            inlines.append(Text(run.text))
        else:
            item = coded[run.code]
            inlines.append(Link(run.text, item.href) if isinstance(item, Link)
                           else Text(run.text, item.style))
    return tuple(inlines)


def _code_problem(target: tuple[Run, ...], coded: Mapping[int, Inline]) -> str:
    used = [run.code for run in target if run.code]
    added = sorted({code for code in used if code not in coded})
    if added:
        return (f"the translation has {_count(len(added), 'mark-up code')} (<g id=\"{added[0]}\">)"
                " that the English does not have: it may add emphasis or a link only where "
                "the English has one")
    lost = [_LOST[_kind(item)].format(item.text) for code, item in coded.items()
            if code not in used]
    if lost:
        return f"the translation has lost {_and(lost)}: keep each of the English's codes"
    twice = sorted({code for code in used if used.count(code) > 1})
    if twice:
        item = coded[twice[0]]
        return (f"the translation has {_LOST[_kind(item)].format(item.text)} more than once: "
                "keep each code of the English once")
    # a code with no words where the English's has some (an English link of only a space
    # is the department's to mend, not the translator's)
    empty = [coded[run.code] for run in target
             if run.code and not run.text.strip() and coded[run.code].text.strip()]
    if empty:
        return (f"the translation has no words in {_LOST[_kind(empty[0])].format(empty[0].text)}:"
                " a reader would find nothing to read or to select")
    return ""


def _count(number: int, noun: str) -> str:
    return f"a {noun}" if number == 1 else f"{number} {noun}s"


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


# --- writing -----------------------------------------------------------------------------------


def _q(name: str) -> str:
    return f"{{{NS}}}{name}"


def _sub(parent: Any, name: str, **attributes: str) -> Any:
    return etree.SubElement(parent, _q(name), {_attribute(k): v for k, v in attributes.items()})


def _attribute(name: str) -> str:
    """A keyword argument as an attribute: source_language -> source-language, lang ->
    xml:lang."""
    return f"{{{XML}}}lang" if name == "lang" else name.replace("_", "-")


def write_xliff(units: Sequence[Unit], language: str, original: str,
                earlier: Translation | None = None) -> bytes:
    """An XLIFF 1.2 file of `units` to translate into `language`, the same bytes for the
    same input. With `earlier` (the translator's file read back), a unit whose English is
    unchanged keeps its target and state; one whose English changed keeps its target,
    marked for review beside the old English; a new one has no target; a unit no longer
    in the English is left out."""
    if earlier is not None and not same_language(earlier.language, language):
        raise ProfileError([Problem(
            earlier.path, 1, 1, "", f"this file is a translation into “{earlier.language}”, "
            f"not “{language}”", "name the file of this language's translation")])
    root = etree.Element(_q("xliff"), version="1.2", nsmap={None: NS})
    file = _sub(root, "file", original=original, source_language=SOURCE_LANGUAGE,
                target_language=language, datatype="plaintext")
    _sub(_sub(file, "header"), "tool", tool_id=TOOL, tool_name=TOOL, tool_version=__version__)
    body = _sub(file, "body")
    old = earlier.targets if earlier is not None else {}
    memory: dict[str, Target] = {}
    for target in old.values():  # the first translation of each English, as a CAT tool's
        if is_translated(target):
            memory.setdefault(target.source, target)
    # English now under an ID that held other English, or none: text that moved there
    arrived = frozenset(english for unit in units
                        if (english := source_text(unit.source)) != getattr(
                            old.get(unit.id), "source", None))
    for unit in units:
        _write_unit(body, unit, language, _earlier_unit(unit, old, memory, arrived))
    _indent(root, 0)
    return (b'<?xml version="1.0" encoding="UTF-8"?>\n'
            + bytes(etree.tostring(root, xml_declaration=False, encoding="UTF-8")) + b"\n")


_CONTAINERS = frozenset(_q(name) for name in ("xliff", "file", "header", "body",
                                              "trans-unit", "alt-trans"))


def _indent(element: Any, level: int) -> None:
    """Each element of the file's structure on a line of its own. A text (a <source>, a
    <target>, a <note>) is left as it is: whitespace in it would be text (lxml's own
    indent() puts a line break before a <source> that opens with a code)."""
    if element.tag not in _CONTAINERS or not len(element):
        return
    element.text = "\n" + "  " * (level + 1)
    for child in element:
        child.tail = "\n" + "  " * (level + 1)
        _indent(child, level + 1)
    child.tail = "\n" + "  " * level


def _earlier_unit(unit: Unit, old: Mapping[str, Target], memory: Mapping[str, Target],
                  arrived: frozenset[str]) -> Target | None:
    """What the translator's file says of `unit`: the unit of the same ID, unless its
    English is elsewhere now.

    IDs are positions (generator/policy/translating.py), so a paragraph or an account
    added before others moves the text under them. Like a CAT tool's translation memory
    (`memory`: each English the file has translated), a unit takes the translation of the
    same English wherever the file has it (text that moved, or repeats); and a unit whose
    ID held English that has moved to another ID (`arrived` there) is new text: it is not
    offered that English's translation to review."""
    english = source_text(unit.source)
    same = old.get(unit.id)
    if same is not None and same.source == english:
        return same
    if english in memory:
        return memory[english]
    if same is not None and same.source in arrived:
        return None  # moved, not changed
    return same


def _write_unit(body: Any, unit: Unit, language: str, old: Target | None) -> None:
    element = _sub(body, "trans-unit", id=unit.id, resname=unit.id)
    runs = source_runs(unit.source)
    kinds = {code: _kind(item) for item, code in _numbered(unit.source) if code}
    _fill(_sub(element, "source", lang=SOURCE_LANGUAGE), _one_line(runs), kinds)
    english = source_text(unit.source)
    target, state, previous = _carried(english, old)
    if old is not None and old.approved and target is not None and old.source == english:
        element.set("approved", "yes")  # unchanged, as the translator's tool left it
    if target is not None:
        attributes = {"lang": language, **({"state": state} if state else {})}
        _fill(_sub(element, "target", **attributes), target, kinds)
    _sub(element, "note", **{"from": TOOL}).text = unit.context
    if previous is not None and previous.target is not None:
        _sub(element, "note", **{"from": TOOL}).text = CHANGED_NOTE
        alt = _sub(element, "alt-trans", alttranstype=PREVIOUS)
        _fill(_sub(alt, "source", lang=SOURCE_LANGUAGE), _from_canonical(previous.source), {})
        _fill(_sub(alt, "target", lang=language), previous.target, {})


def _carried(english: str, old: Target | None
             ) -> tuple[tuple[Run, ...] | None, str, Target | None]:
    """The target, state and previous version a unit keeps from the earlier file."""
    if old is None or old.target is None:
        return None, "", None  # new, or never translated: nothing to keep
    if old.source == english:  # unchanged: as the translator left it
        return old.target, old.state, None if old.state in TRANSLATED else old.previous
    # Changed: the translation stays, for review beside the English it was made from. If
    # the English changed again before anyone reviewed it, that is still the older one.
    waiting = old.previous if old.state == NEEDS_REVIEW and old.previous else None
    return old.target, NEEDS_REVIEW, waiting or old


def _one_line(runs: tuple[Run, ...]) -> tuple[Run, ...]:
    """The English with its line breaks as spaces (a Markdown soft break is one): a CAT
    tool segments by sentence, and a break mid-sentence would split one."""
    return tuple(Run(_SPACE.sub(" ", run.text), run.code) for run in runs)


def _fill(element: Any, runs: Sequence[Run], kinds: Mapping[int, str]) -> None:
    """Runs as the element's text and its `<g>` codes; a code's ctype where it is known."""
    last = None
    for run in runs:
        if run.code:
            kind = kinds.get(run.code)
            last = _sub(element, "g", id=str(run.code),
                        **({"ctype": CTYPES[kind]} if kind else {}))
            last.text = run.text
        elif last is None:
            element.text = (element.text or "") + run.text
        else:
            last.tail = (last.tail or "") + run.text


# --- reading -----------------------------------------------------------------------------------


def read_xliff(data: bytes, path: str) -> Translation:
    """A translator's file, read; ProfileError with every problem, each at its line and
    column, where it is not a well-formed XLIFF 1.2 file of units this tool can read."""
    root, text = parse_xliff(data, path)
    reader = _Reader(path, _places(root, text))
    file = reader.file(root)
    targets = reader.units(file) if file is not None else {}
    if reader.problems:
        raise ProfileError(reader.problems)
    assert file is not None  # a file with no <file> has a problem
    # A plain dict, not a read-only view: a Translation crosses to the build's worker
    # processes by pickling, and a mappingproxy cannot be pickled.
    original = PurePosixPath(str(file.get("original", "")).replace("\\", "/")).name
    return Translation(file.get("target-language", ""), path,
                       hashlib.sha256(data).hexdigest(), targets, original)


# What a file picked by mistake most often is, by its first bytes.
_KINDS = ((b"PK\x03\x04", "a Word document or another zipped file (.docx, .xlsx, .zip)"),
          (b"%PDF", "a PDF"), (b"\xd0\xcf\x11\xe0", "an old Word or Excel file (.doc, .xls)"),
          (b"{\\rtf", "a rich text file (.rtf)"), (b"\x89PNG", "an image"),
          (b"\xff\xd8\xff", "an image"))


def _other_kind(data: bytes) -> str:
    return next((kind for start, kind in _KINDS if data.startswith(start)), "")


def parse_xliff(data: bytes, path: str) -> tuple[Any, str | None]:
    """The file's root element and its text (None if Python cannot decode what lxml
    could); ProfileError if it is too big, not XML, or has a DOCTYPE."""
    if len(data) > MAX_BYTES:
        raise ProfileError([Problem(
            path, 1, 1, "", f"the file is {len(data) / 2**20:.1f} MB: a policy's translation "
            f"is far smaller, and policy-pack reads at most {MAX_BYTES // 2**20} MB", HINT)])
    known = _other_kind(data)
    if known:  # a file picked by mistake: say what it is, not what the parser met
        raise ProfileError([Problem(path, 1, 1, "", f"this is {known}, not an XLIFF "
                                    "translation file", HINT)])
    doctype = _doctype(data)
    if doctype:  # before parsing: libxml2 refuses a billion laughs, in its own words
        raise ProfileError([_doctype_problem(path, *doctype)])
    # No DTD is loaded and no entity resolved, nothing fetched from the network, and
    # libxml2's limits on depth and text size kept (huge_tree=False).
    parser = etree.XMLParser(resolve_entities=False, no_network=True, dtd_validation=False,
                             load_dtd=False, huge_tree=False, remove_blank_text=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        line, column = exc.position if exc.position else (1, 1)
        raise ProfileError([Problem(
            path, max(line, 1), max(column, 1), "", "this is not an XLIFF file: it is not "
            f"well-formed XML ({exc.msg.split(', line')[0]})", HINT)]) from None
    text = _decoded(data, root.getroottree().docinfo.encoding)
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:  # in an encoding not foreseen
        raise ProfileError([_doctype_problem(path, 1, 1)])
    return root, text


def _doctype(data: bytes) -> tuple[int, int] | None:
    """The line and column of a DOCTYPE, in the encodings an XML file may be in (one in
    a comment is refused too: a comment has no business holding one)."""
    for encoding, width in (("utf-8", 1), ("utf-16-le", 2), ("utf-16-be", 2),
                            ("utf-32-le", 4), ("utf-32-be", 4)):
        needle = "<!DOCTYPE".encode(encoding)
        start = data.find(needle)
        while start >= 0 and start % width:  # the bytes of one, across two characters
            start = data.find(needle, start + 1)
        if start >= 0:
            text = data[:start].decode(encoding, errors="replace").lstrip("\ufeff")
            return _line_column(text, len(text))
    return None


def _doctype_problem(path: str, line: int, column: int) -> Problem:
    return Problem(path, line, column, "", "the file has a DOCTYPE: an XLIFF file needs none, "
                   "and one can hide entities that make a file grow to gigabytes or read "
                   "files on this computer, so policy-pack refuses it", HINT)


def _decoded(data: bytes, encoding: str | None) -> str | None:
    """The file's text, to find each element's column (lxml gives only its line)."""
    try:
        name = codecs.lookup(encoding or "utf-8").name
        return data.decode("utf-8-sig" if name == "utf-8" else name)
    except (LookupError, UnicodeDecodeError):
        return None


def _line_column(text: str, offset: int) -> tuple[int, int]:
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1


# Comments, CDATA sections and processing instructions first, so that a "<" inside them is
# not taken for a tag; a raw "<" can be nowhere else in well-formed XML without a DTD.
_TAGS = re.compile(r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>|<([^\s/>!?][^\s/>]*)", re.S)


def _places(root: Any, text: str | None) -> dict[Any, tuple[int, int]]:
    """The line and column of each element's start tag: the n-th start tag in the text
    is the n-th element in document order. Where that cannot be worked out, lxml's line
    and column 1."""
    elements = list(root.iter(etree.Element))
    starts = [m.start() for m in _TAGS.finditer(text or "") if m.group(1)]
    if text is None or len(starts) != len(elements):
        return {element: (element.sourceline or 1, 1) for element in elements}
    # Each line's first offset, looked up by bisection: a 5 MB file of 30,000 units is
    # read in a second, not the minutes that counting from the start each time took.
    lines = [0, *(match.end() for match in re.finditer("\n", text))]
    places = {}
    for element, start in zip(elements, starts, strict=True):
        line = bisect.bisect_right(lines, start)
        places[element] = (line, start - lines[line - 1] + 1)
    return places


def _local(element: Any) -> str:
    """An XLIFF element's name ("g"); another namespace's as written ({ns}name)."""
    tag = str(element.tag)
    return tag[len(NS) + 2:] if tag.startswith(f"{{{NS}}}") else tag


_VERSIONS = {"urn:oasis:names:tc:xliff:document:2.0": "2.0",
             "urn:oasis:names:tc:xliff:document:2.1": "2.1",
             "urn:oasis:names:tc:xliff:document:1.1": "1.1"}
_PLACEHOLDERS = {"x": "a placeholder", "bx": "the start of a split code",
                 "ex": "the end of a split code", "ph": "a placeholder",
                 "bpt": "the start of a paired code", "ept": "the end of a paired code",
                 "it": "an isolated code", "sub": "a sub-flow"}


class _Reader:
    """Reads the elements of one file, keeping every problem with its place."""

    def __init__(self, path: str, places: Mapping[Any, tuple[int, int]]) -> None:
        self.path = path
        self.places = places
        self.problems: list[Problem] = []

    def problem(self, element: Any, key: str, message: str, hint: str = HINT) -> None:
        line, column = self.places.get(element, (element.sourceline or 1, 1))
        self.problems.append(Problem(self.path, line, column, key, message, hint))

    def file(self, root: Any) -> Any:
        """The one `<file>` of an XLIFF 1.2 document, or None (with a problem)."""
        if not self._version(root):
            return None
        files = root.findall(_q("file"))
        if not files:
            self.problem(root, "", "the file has no <file> element: it holds no text to read")
            return None
        for extra in files[1:]:
            self.problem(extra, "", "the file holds a second <file>: policy-pack writes one "
                         "file of units for each translation and reads one back")
        if not files[0].get("target-language"):
            self.problem(files[0], "", "the <file> does not say which language it is a "
                         "translation into (its target-language)")
        if files[0].find(_q("body")) is None:
            self.problem(files[0], "", "the <file> has no <body>: it holds no text to read")
        return files[0]

    def _version(self, root: Any) -> bool:
        tag = str(root.tag)
        namespace = tag[1:].split("}")[0] if tag.startswith("{") else ""
        name = tag.split("}")[-1]
        version = root.get("version")
        if name != "xliff":
            self.problem(root, "", f"this is not an XLIFF file: it is an XML file of "
                         f"another kind (its first element is <{name}>)")
        elif namespace in _VERSIONS or (namespace != NS and version and version != "1.2"):
            said = _VERSIONS.get(namespace, version)
            self.problem(root, "", f"this is an XLIFF {said} file: policy-pack reads "
                         "XLIFF 1.2, the version every translation tool can export",
                         "ask the translator to export the file as XLIFF 1.2")
        elif namespace != NS:
            self.problem(root, "", "this file is not in XLIFF 1.2's namespace "
                         f"({NS}), so it is not an XLIFF 1.2 file")
        elif version is None:
            self.problem(root, "", "the file does not say which XLIFF version it is (the "
                         "<xliff> element has no version=\"1.2\")")
        elif version != "1.2":
            self.problem(root, "", f"the file says it is XLIFF {version}, in the namespace "
                         "of XLIFF 1.2: policy-pack reads XLIFF 1.2")
        else:
            return True
        return False

    def units(self, file: Any) -> dict[str, Target]:
        """Every `<trans-unit>`, in a `<group>` or not, by id in file order."""
        found: dict[str, Target] = {}
        body = file.find(_q("body"))
        for element in body.iter(_q("trans-unit")) if body is not None else ():
            unit = element.get("id")
            if not unit:
                self.problem(element, "", "a <trans-unit> has no id, so policy-pack cannot "
                             "tell which text of the policy it translates")
            elif unit in found:
                first = found[unit]
                self.problem(element, unit, "two units have this id: the first is at line "
                             f"{first.line}, so policy-pack cannot tell which translation "
                             "to use")
            else:
                target = self.unit(element, unit)
                if target is not None:
                    found[unit] = target
        return found

    def unit(self, element: Any, unit: str) -> Target | None:
        source = element.find(_q("source"))
        if source is None:
            self.problem(element, unit, "the unit has no <source>: the English it was "
                         "translated from is missing")
            return None
        targets = element.findall(_q("target"))
        for extra in targets[1:]:
            self.problem(extra, unit, "the unit has a second <target>: XLIFF 1.2 allows one")
        target = targets[0] if targets else None
        runs = self.runs(target, unit) if target is not None else None
        line, column = self.places.get(element, (element.sourceline or 1, 1))
        return Target(unit, canonical(self.runs(source, unit)),
                      runs if runs and any(run.text.strip() for run in runs) else None,
                      target.get("state", "") if target is not None else "",
                      line, column, self.previous(element, unit),
                      element.get("approved") == "yes")

    def previous(self, element: Any, unit: str) -> Target | None:
        """The previous version this tool wrote beside a changed unit (another kind of
        alt-trans, a translation memory's proposal, is the tool's business)."""
        for alt in element.findall(_q("alt-trans")):
            if alt.get("alttranstype") != PREVIOUS:
                continue
            source, target = alt.find(_q("source")), alt.find(_q("target"))
            if source is None or target is None:
                continue
            line, column = self.places.get(alt, (alt.sourceline or 1, 1))
            return Target(unit, canonical(self.runs(source, unit)), self.runs(target, unit),
                          "", line, column)
        return None

    def runs(self, element: Any, unit: str) -> tuple[Run, ...]:
        """A `<source>` or `<target>` as runs, whitespace as its xml:space says."""
        runs: list[Run] = []
        self._walk(element, 0, runs, unit)
        preserve = any(e.get(f"{{{XML}}}space") == "preserve"
                       for e in (element, *element.iterancestors()))
        return tuple(_merged(runs)) if preserve else _normalised(_merged(runs))

    def _walk(self, element: Any, code: int, runs: list[Run], unit: str) -> None:
        runs.append(Run(element.text or "", code))
        for child in element:
            if isinstance(child.tag, str):  # an element, not a comment or an instruction
                self._child(child, code, runs, unit)
            runs.append(Run(child.tail or "", code))

    def _child(self, child: Any, code: int, runs: list[Run], unit: str) -> None:
        name = _local(child)
        if name == "g":
            inner = self._code(child, code, unit)
            if inner:  # one run, so that a code written twice stays two runs
                words: list[Run] = []
                self._walk(child, inner, words, unit)
                runs.append(Run("".join(run.text for run in words), inner))
        elif name == "mrk":  # a marker (a segment, a term, a comment): its words count
            self._walk(child, code, runs, unit)
        elif name in _PLACEHOLDERS:
            self.problem(child, unit, f"the text has {_PLACEHOLDERS[name]} (<{name}>) that "
                         "policy-pack never writes: the English's codes are all <g> codes")
        else:
            self.problem(child, unit, f"the text has an element policy-pack does not know "
                         f"(<{name.split('}')[-1]}>): only the <g> codes it wrote may be "
                         "in a text")

    def _code(self, child: Any, outer: int, unit: str) -> int:
        """The number of a `<g>` code; 0 (with a problem) where it cannot be read."""
        number, ctype = child.get("id", ""), child.get("ctype")
        if outer:
            self.problem(child, unit, "the text has a code inside another code: policy-pack's"
                         " emphasis and links are never nested")
        elif not number.isdigit() or not 0 < int(number) < 10_000:
            self.problem(child, unit, f"the text has a <g> code whose id is “{number}”: "
                         "policy-pack numbers its codes 1, 2, 3 ...")
        elif ctype is not None and ctype not in CTYPES.values():
            self.problem(child, unit, f"the text has a <g> code of a kind policy-pack does not "
                         f"write (ctype=\"{ctype}\"): its codes are italic, bold and link")
        else:
            return int(number)
        return 0


def _merged(runs: list[Run]) -> list[Run]:
    """Neighbouring plain runs joined, empty ones left out. A code is one run already;
    an empty one stays, for `resolve` to name."""
    merged: list[Run] = []
    for run in runs:
        if merged and not merged[-1].code and not run.code:
            merged[-1] = Run(merged[-1].text + run.text)
        else:
            merged.append(run)
    return [run for run in merged if run.text or run.code]


def _normalised(runs: list[Run]) -> tuple[Run, ...]:
    """Runs with each run of whitespace one space, across codes, and none at the ends."""
    out: list[Run] = []
    for run in runs:
        text = _SPACE.sub(" ", run.text)
        if text.startswith(" ") and (not out or out[-1].text.endswith(" ")):
            text = text[1:]
        out.append(Run(text, run.code))
    while out and out[-1].text.endswith(" "):
        out[-1] = Run(out[-1].text[:-1], out[-1].code)
        if not out[-1].text.strip() and not out[-1].code:
            out.pop()
    return tuple(run for run in out if run.text or run.code)
