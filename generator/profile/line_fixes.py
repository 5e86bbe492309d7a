"""A profile's line as it should be written: the corrected line every piece of advice carries.

Advice is only worth giving if doing exactly what it says makes the fault go away without
making a new one (issue 28: `short_name: '"WCA"'` was advised for a line that had nothing
wrong with it). So each hint is built from the corrected line itself, and the same line is
carried as `Problem.fix` for the editor to offer and for the tests to apply.
"""

from __future__ import annotations

import io
import re

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError
from ruamel.yaml.nodes import MappingNode, ScalarNode

# `key: value` at the start of a line, after its indentation and any list dash.
KEY_VALUE = re.compile(r"^(?P<lead>\s*(?:-\s+)?)(?P<key>[^\s#'\"{\[][^:#]*?):\s+(?P<value>.*)$")
# `key:value`, a key with no space after its colon: profile keys are lower-case words
# (section IDs have dots); `https://` and a time such as 10:30 are not keys.
SQUEEZED = re.compile(r"^(?P<lead> *(?:- +)?)(?P<key>[a-z_][a-z0-9_.-]*):(?P<value>[^\s:/].*)$")
# Quotes Word puts around a value: they are characters of the text, not YAML's quotes.
CURLY_PAIRS = {"\u201c": "\u201d\u201c", "\u2018": "\u2019", "\u201e": "\u201c\u201d"}
_TEXT_TAGS = ("tag:yaml.org,2002:str", "tag:yaml.org,2002:timestamp")


def quoted(value: str) -> str:
    """`value` in the straight quotes that need no escaping. Curly quotes around the whole
    of it are dropped: wrapped in straight ones as well they would be printed (“1.10”)."""
    value = unwrap_curly(value)
    if '"' not in value and "\\" not in value:
        return f'"{value}"'
    if "'" not in value:
        return f"'{value}'"
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def unwrap_curly(value: str) -> str:
    """`value` without the curly quotes around all of it, if it has them."""
    if len(value) > 1 and value[-1] in CURLY_PAIRS.get(value[0], ""):
        return value[1:-1]
    return value


def as_written(key: str, value: str) -> str:
    """`value` as it may stand after `key: ` on a line: as typed where YAML reads it as that
    very text (or a number where a number is meant), otherwise in quotes."""
    return value if _reads_as_itself(key, value) else quoted(value)


def _reads_as_itself(key: str, value: str) -> bool:
    try:
        root = YAML(typ="safe", pure=True).compose(io.StringIO(f"k: {value}\n"))
    except YAMLError:
        return False
    if not isinstance(root, MappingNode) or len(root.value) != 1:
        return False
    node = root.value[0][1]
    if not isinstance(node, ScalarNode) or node.anchor:
        return False
    if node.style in ("'", '"') and value[:1] == node.style:
        # `short_name:"CTC"`: already in quotes YAML reads as the text CTC; quoted again it
        # would be '"CTC"', and the quotes would be printed (issue 28's loop).
        return str(node.tag) == _TEXT_TAGS[0]
    if node.value != value:
        return False
    # A number where text is meant (version: 1.10) would be the next fault; only the
    # schema's version is a number.
    return str(node.tag) in _TEXT_TAGS or key == "schema_version"


def key_line(lead: str, key: str, value: str, comment: str = "", *,
             quote: bool = False) -> str:
    """A whole `key: value` line, its value written as YAML reads it back unchanged (with
    `quote`, in quotes whatever it is), and its comment kept out of the quotes: a comment
    folded into a quoted value would be published."""
    written = quoted(value) if quote else as_written(key, value)
    return f"{lead}{key}: {written}{comment}"


def split_comment(value: str) -> tuple[str, str]:
    """A value and the ` # comment` after it ("" when it has none). A `#` inside quotes
    around the value's start is text, not a comment."""
    start = 0
    if value[:1] in ("'", '"'):
        close = value.find(value[0], 1)
        start = close + 1 if close > 0 else 0
    found = re.compile(r"\s+#").search(value, start)
    return (value[: found.start()], value[found.start():].rstrip()) if found \
        else (value.rstrip(), "")


def fixed_line(line: str, *, quote: bool = False) -> str | None:
    """`line` (a `key: value` line) with its value as `key_line` writes it, its indentation,
    list dash and comment kept; None when it is not such a line."""
    found = KEY_VALUE.match(line)
    if found is None:
        return None
    value, comment = split_comment(found.group("value"))
    return key_line(found.group("lead"), found.group("key"), value, comment, quote=quote)


def shown(line: str) -> str:
    """A corrected line as a hint quotes it: without its indentation or list dash."""
    return re.sub(r"^\s*(?:-\s+)*", "", line)


# Characters Word (or a web page) puts where a hyphen or an apostrophe was typed: they look
# the same, but a folder name, a web address or a choice compared letter by letter fails on
# them. (plain character, what it is called, its name)
LOOK_ALIKES = {
    "\u2010": ("-", "hyphen", "a Unicode hyphen (U+2010)"),
    "\u2011": ("-", "hyphen", "a no-break hyphen (U+2011)"),
    "\u2012": ("-", "hyphen", "a figure dash (U+2012)"),
    "\u2013": ("-", "hyphen", "an en dash (U+2013)"),
    "\u2014": ("-", "hyphen", "an em dash (U+2014)"),
    "\u2212": ("-", "hyphen", "a minus sign (U+2212)"),
    "\u00ad": ("-", "hyphen", "a soft hyphen (U+00AD)"),
    "\u2018": ("'", "apostrophe", "a curly opening quote (U+2018)"),
    "\u2019": ("'", "apostrophe", "a curly apostrophe (U+2019)"),
}


def plain_characters(value: str) -> str:
    """`value` with each look-alike hyphen and apostrophe made the plain one."""
    return "".join(LOOK_ALIKES[c][0] if c in LOOK_ALIKES else c for c in value)


_BULLETS = {"\u2013": "an en dash (\u2013)", "\u2014": "an em dash (\u2014)",
            "\u2022": "a bullet (\u2022)"}


def word_bullet(line: str) -> tuple[int, str, str, str] | None:
    """A list entry marked as Word marks one, with an en dash or a bullet: (its column, the
    message, the hint, the line with YAML's `- `), or None."""
    found = re.match(r"^(?P<lead> *)(?P<mark>[\u2013\u2014\u2022])[ \t]+(?P<rest>\S.*)$", line)
    if found is None or not re.match(r"[^\s:#]+:(\s|$)", found.group("rest")):
        return None  # a dash in text (a `|` block's list) is the text's business
    fixed = f"{found.group('lead')}- {found.group('rest')}"
    return (len(found.group("lead")), f"starts with {_BULLETS[found.group('mark')]}, which "
            "YAML does not read as the start of a list entry",
            f"start the entry with a hyphen and a space: `{fixed.strip()}`", fixed)
