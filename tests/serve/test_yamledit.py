"""generator.serve.yamltext.yamledit: edits change only what they name, or are refused.

The texts are the real ones the editor will meet: every sample in profiles/, the starter that
`policy-pack new` writes, and a fixture with comments in every place people put them.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import io
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from generator.policy import available_editions
from generator.profile import check_profile, load_profile, write_starter
from generator.serve.yamltext import yaml_plan, yamledit
from generator.serve.yamltext.yaml_lines import Splice, Text
from generator.serve.yamltext.yamledit import (
    AppendItem,
    Edit,
    EditRefused,
    RemoveItem,
    RemoveKey,
    SetValue,
    apply_edits,
)
from tests.conftest import PROFILES, SAMPLES, TODAY

FIXTURES = Path(__file__).parent / "fixtures"
EVERYWHERE = FIXTURES / "comments-everywhere.yaml"
NAMES = [*SAMPLES, "starter", "comments-everywhere"]


@pytest.fixture(scope="module")
def texts() -> dict[str, str]:
    """Every text this module edits, by name (the starter as `policy-pack new` writes it)."""
    return {name: _text_named(name) for name in NAMES}


def _rt_load(text: str) -> object:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    return yaml.load(text)


def _changed(old: str, new: str) -> list[tuple[str, int, int, int, int]]:
    """The non-equal opcodes of a line diff (0-based, half-open old and new ranges)."""
    matcher = difflib.SequenceMatcher(None, old.split("\n"), new.split("\n"), autojunk=False)
    return [op for op in matcher.get_opcodes() if op[0] != "equal"]


def _loads(folder: Path, text: str, name: str = "p.yaml") -> object:
    """The project's own loader accepts `text`; its data."""
    path = folder / name
    path.write_text(text, "utf-8")
    return load_profile(path).data


def _checks(folder: Path, text: str) -> None:
    """`check` (build without rendering) accepts `text`, with the samples' logos beside it."""
    if not (folder / "logos").exists():
        shutil.copytree(PROFILES / "logos", folder / "logos")
    path = folder / "checked.yaml"
    path.write_text(text, "utf-8")
    check_profile(path, available_editions(), TODAY)


def _edit(text: str, *edits: Edit) -> str:
    """`text` edited; the project's own loader must accept the result (requirement 8)."""
    new = apply_edits(text, list(edits))
    with tempfile.TemporaryDirectory() as folder:
        _loads(Path(folder), new)
    return new


# --- 1 and 2: no edit, no change -------------------------------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_no_edit_returns_the_text_byte_for_byte(texts: dict[str, str], name: str) -> None:
    assert apply_edits(texts[name], []) == texts[name]


def _ruamel_round_trip(text: str) -> str:
    """Load and dump with the settings web-editor.md measured, the indentation read from
    the file rather than assumed."""
    style = Text(text).style
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.indent(mapping=style.mapping, sequence=style.offset + style.gap, offset=style.offset)
    yaml.width = 4096
    out = io.StringIO()
    yaml.dump(yaml.load(text), out)
    return out.getvalue()


@pytest.mark.parametrize("name", [n for n in NAMES if n != "dwp"])
def test_ruamel_round_trip_in_the_files_own_indentation_is_exact(
        texts: dict[str, str], name: str) -> None:
    assert _ruamel_round_trip(texts[name]) == texts[name]


def test_ruamel_round_trip_joins_a_value_written_over_two_lines(texts: dict[str, str]) -> None:
    """Why values are written in place and not dumped: dwp.yaml writes one house rule as
    plain text over two lines, and a dump joins them (even with width 4096)."""
    ops = _changed(texts["dwp"], _ruamel_round_trip(texts["dwp"]))
    assert [texts["dwp"].split("\n")[i] for op in ops for i in range(op[1], op[2])] == [
        "    - Our accounts cannot answer questions about your own benefit claim. Contact the "
        "office", "      that deals with your claim instead."]
    assert apply_edits(texts["dwp"], []) == texts["dwp"]


def test_indentation_is_detected_not_assumed() -> None:
    text = "a:\n    b: 1\nlist:\n- x   # at offset 0\n- y\nc: 2\n"
    style = Text(text).style
    assert (style.mapping, style.offset, style.gap) == (4, 0, 2)
    out = _edit(text, AppendItem(("other",), {"k": "v"}), SetValue(("d", "e"), "f"))
    assert out == text + "other:\n- k: v\nd:\n    e: f\n"


def test_a_key_added_to_a_text_with_no_final_line_break() -> None:
    assert _edit("a: 1", SetValue(("b", "c"), None)) == "a: 1\nb:\n  c: null\n"


def test_text_that_is_not_yaml_is_refused() -> None:
    with pytest.raises(EditRefused, match="not valid YAML"):
        apply_edits("a: [\n", [SetValue(("a",), "x")])


# --- 3: SetValue changes only its value's lines -----------------------------------------------


def _scalar_paths(data: object, key: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    if isinstance(data, dict):
        return [p for k, v in data.items() for p in _scalar_paths(v, (*key, k))]
    if isinstance(data, list):
        return [p for i, v in enumerate(data) for p in _scalar_paths(v, (*key, i))]
    return [key]


def _new_value(old: object) -> yamledit.Value:
    if isinstance(old, bool):
        return not old
    if isinstance(old, int):
        return old + 1
    if isinstance(old, str) and "\n" in old:
        return "Changed first line\nand a second one\n"
    return "Changed: to 2.0, #1 (with quotes \" and ')"


@pytest.mark.parametrize("name", SAMPLES)
def test_setting_any_value_changes_only_that_values_lines(
        texts: dict[str, str], name: str, tmp_path: Path) -> None:
    doc = load_profile(PROFILES / f"{name}.yaml")
    starts = sorted({line for line, _ in [*doc.positions.values(), *doc.key_positions.values()]})
    data = _rt_load(texts[name])
    for key in _scalar_paths(doc.data):
        value = _new_value(_at(data, key))
        new = _edit(texts[name], SetValue(key, value))
        first = doc.positions[key][0] - 1  # 0-based line of the old value
        limit = next((s - 1 for s in starts if s - 1 > first), len(texts[name].split("\n")))
        ops = _changed(texts[name], new)
        assert len(ops) == 1, key
        assert first <= ops[0][1] and ops[0][2] <= limit, key
        assert _at(_loads(tmp_path, new), key) == value, key


def _at(data: object, key: tuple[str | int, ...]) -> object:
    for part in key:
        data = data[part]  # type: ignore[index]
    return data


@pytest.mark.parametrize("name", SAMPLES)
def test_value_edits_keep_a_sample_buildable(
        texts: dict[str, str], name: str, tmp_path: Path) -> None:
    new = _edit(texts[name], SetValue(("policy", "owner"), "Web: Team #2"),
                SetValue(("policy", "review_by"), dt.date(2027, 12, 31)),
                SetValue(("policy", "version"), "3.0"))
    _checks(tmp_path, new)
    assert "  review_by: 2027-12-31\n" in new
    assert '  version: "3.0"\n' in new


@pytest.mark.parametrize("value", ["1.0", "2026-05-01", "yes", "No", "true", "null", "~", "123",
                                   "@handle", "-dash", "[list]", "{map}", "a: b", "a #b", "*ref",
                                   "&anchor", "!tag", "%x", "|", ">", "'q'", "\"q\"", " lead",
                                   "trail ", "", "0x1F", ".inf", "a:"])
def test_text_yaml_would_read_as_something_else_is_double_quoted(value: str) -> None:
    new = _edit("k: old\n", SetValue(("k",), value))
    assert new.startswith('k: "') and _rt_load(new) == {"k": value}


def test_plain_text_stays_plain_and_quoted_text_keeps_its_quotes(texts: dict[str, str]) -> None:
    text = texts["comments-everywhere"]
    new = _edit(text, SetValue(("department", "name"), "Ministry of Tests"),
                SetValue(("department", "short_name"), "MoT's"),
                SetValue(("policy", "title"), "Plain enough"))
    line = next(x for x in new.split("\n") if x.startswith("  name: Ministry of Tests"))
    assert line.index("#") == text.index("# plain text") - text.rindex("\n", 0, text.index(
        "# plain text")) - 1  # the comment stays in its column
    assert "  short_name: 'MoT''s'" + " " * 10 + "# single-quoted text\n" in new
    assert '  title: "Plain enough"\n' in new


def test_dates_are_written_plain(texts: dict[str, str]) -> None:
    date = SetValue(("policy", "effective"), dt.date(2027, 1, 2))
    new = _edit(texts["comments-everywhere"], date)
    assert "  effective: 2027-01-02         # a date\n" in new
    assert _rt_load(new)["policy"]["effective"] == dt.date(2027, 1, 2)  # type: ignore[index]


@pytest.mark.parametrize(("value", "header"), [("One\nTwo\n", "|"), ("One\nTwo", "|-")])
def test_text_with_line_breaks_becomes_a_literal_block(value: str, header: str) -> None:
    new = _edit("a:\n  b: old   # note\nc: 1\n", SetValue(("a", "b"), value))
    assert new == f"a:\n  b: {header}   # note\n    One\n    Two\nc: 1\n"


def test_a_block_keeps_its_header_comment_and_indentation(texts: dict[str, str]) -> None:
    text = texts["comments-everywhere"]
    new = _edit(text, SetValue(("election_periods",), "New text.\n\nMore.\n"))
    assert ("election_periods: |   # a comment on a block scalar header\n  New text.\n\n"
            "  More.\nrecords:") in new
    one_line = _edit(text, SetValue(("policy", "history", 1, "changes"), "Short"))
    assert "      changes: Short\n# a comment at column 0" in one_line


def test_a_value_inside_a_flow_mapping(texts: dict[str, str]) -> None:
    new = _edit(texts["comments-everywhere"],
                SetValue(("department", "logo", "alt"), "Logo, with a comma\nand a break"))
    assert ('  logo: {file: logos/dwp.svg, alt: "Logo, with a comma\\nand a break"}'
            "   # a flow mapping\n") in new
    added = _edit(texts["comments-everywhere"], SetValue(("department", "logo", "title"), "T"))
    assert "{file: logos/dwp.svg, alt: \"x\", title: T}" in added


def test_a_new_key_goes_before_the_next_sections_comments(texts: dict[str, str]) -> None:
    """ruamel put it after them: web-editor.md's measured failure."""
    text = texts["comments-everywhere"]
    new = _edit(text, SetValue(("policy", "classification"), "OFFICIAL"))
    assert ("        its final line break.\n  classification: OFFICIAL\n"
            "# a comment at column 0 at the end of the policy block\n") in new
    # Comments indented with the block close it: the new key goes after them.
    inner = _edit(text, SetValue(("department", "website"), "https://doe.example"))
    assert ("  # a comment at the end of the department block, indented with it\n"
            "  website: https://doe.example\n\n# A comment between") in inner
    starter = _edit(texts["starter"], SetValue(("adaptations", "posting.checks", "reason"), "R"))
    assert "    # Core sections cannot be omitted.\n    reason: R\n\n# The sections" in starter


def test_missing_parents_are_created(texts: dict[str, str], tmp_path: Path) -> None:
    text = texts["nics-finance"]
    new = _edit(text, SetValue(("records", "foi_contact"), "foi@dof.example"))
    assert new == text + "records:\n  foi_contact: foi@dof.example\n"
    _checks(tmp_path, new)
    lists = _edit(text, SetValue(("house_rules", "removed"), ["spam", "yes"]))
    assert lists.endswith('house_rules:\n  removed:\n    - spam\n    - "yes"\n')


def test_a_list_of_text_keeps_its_style(texts: dict[str, str], tmp_path: Path) -> None:
    dwp = texts["dwp"]
    new = _edit(dwp, SetValue(("house_rules", "removed"), ["spam", "abuse"]))
    assert "  removed:\n    - spam\n    - abuse\n  also:" in new
    assert _edit(dwp, SetValue(("house_rules", "removed"), [])).count("  removed: []\n  also:")
    flow = _edit(texts["dvla"], SetValue(("department", "jurisdiction"), ["UK"]))
    assert "  jurisdiction: [UK]           # driver licensing" in flow
    _checks(tmp_path, flow)


def test_setting_a_list_keeps_the_comments_of_the_items_that_stay() -> None:
    text = ("removed:   # what we remove\n  - a   # first\n  # about b\n  - b\n  - c  # third\n"
            "x: 1\n")
    assert _edit(text, SetValue(("removed",), ["a", "B", "c"])) == text.replace("- b", "- B")
    shorter = _edit(text, SetValue(("removed",), ["a", "b"]))
    assert shorter == text.replace("  - c  # third\n", "")
    longer = _edit(text, SetValue(("removed",), ["a", "b", "c", "d: e"]))
    assert longer == text.replace("# third\n", '# third\n  - "d: e"\n')


def test_a_group_of_settings_cannot_be_set_as_one_value(texts: dict[str, str]) -> None:
    with pytest.raises(EditRefused, match="change its entries one by one"):
        _edit(texts["dwp"], SetValue(("records",), "x"))
    with pytest.raises(EditRefused, match=r"channels\[9\]"):
        _edit(texts["dwp"], SetValue(("channels", 9, "url"), "x"))


# --- 4: removing keys and items ---------------------------------------------------------------


def _removed_lines(old: str, new: str) -> list[str]:
    ops = _changed(old, new)
    assert all(op[0] == "delete" for op in ops), ops
    lines = old.split("\n")
    return [line for op in ops for line in lines[op[1]:op[2]]]


def test_removing_an_item_takes_its_own_lines_and_comments_only(texts: dict[str, str]) -> None:
    text = texts["comments-everywhere"]
    first = _edit(text, RemoveItem(("policy", "history"), 0))
    assert _removed_lines(text, first) == [
        '    - version: "1.0"            # a comment on a list dash line',
        "      date: 2026-05-12", "      changes: First version"]
    last = _edit(text, RemoveItem(("channels",), 1))
    assert _removed_lines(text, last) == [
        '  - {platform: Facebook, account: DoE page, url: "https://www.facebook.com/doe", '
        "purpose: News}  # flow item"]


def test_removing_a_key_keeps_the_neighbours_comments(texts: dict[str, str]) -> None:
    text = texts["comments-everywhere"]
    logo = _edit(text, RemoveKey(("department", "logo")))
    assert _removed_lines(text, logo) == [
        '  logo: {file: logos/dwp.svg, alt: "x"}   # a flow mapping']
    run_on = _edit(text, RemoveKey(("department", "jurisdiction")))
    assert _removed_lines(text, run_on) == [
        "  jurisdiction: [GB, UK]        # a flow list",
        "                                # a comment that runs on under the one above"]
    block = _edit(text, RemoveKey(("policy", "history")))
    assert "# a comment at column 0 at the end of the policy block" in block
    assert "between list items" not in block


def test_removing_inside_flow_collections(texts: dict[str, str]) -> None:
    text = texts["comments-everywhere"]
    new = _edit(text, RemoveKey(("department", "logo", "alt")),
                RemoveItem(("department", "jurisdiction"), 0))
    assert "  logo: {file: logos/dwp.svg}   # a flow mapping\n" in new
    assert "  jurisdiction: [UK]        # a flow list\n" in new


def test_removing_the_first_key_of_an_item_keeps_the_item(texts: dict[str, str]) -> None:
    new = _edit(texts["dwp"], RemoveKey(("channels", 0, "platform")))
    assert '  - account: "@dwp_example"\n    url: https://x.com/dwp_example\n' in new


@pytest.mark.parametrize(("name", "key", "count", "written"), [
    ("nics-finance", ("adaptations",), 3, "adaptations: {}\n"),
    ("dvla", ("local_rules",), 2, "local_rules: []\n"),
    ("welsh-government", ("contacts",), 2, "contacts: []\n"),
    ("starter", ("adaptations",), 1, "adaptations: {}               # departures"),
    ("starter", ("local_rules",), 1, "local_rules: []               # sections"),
])
def test_removing_every_entry_leaves_an_empty_one_the_loader_accepts(
        texts: dict[str, str], tmp_path: Path, name: str, key: tuple[str, ...], count: int,
        written: str) -> None:
    data = _rt_load(texts[name])[key[0]]  # type: ignore[index]
    edits: list[Edit] = ([RemoveKey((*key, k)) for k in data] if isinstance(data, dict)
                         else [RemoveItem(key, 0) for _ in range(count)])
    new = apply_edits(texts[name], edits)
    assert written in new
    assert _loads(tmp_path, new)[key[0]] in ({}, [])  # type: ignore[index]
    if name != "starter":  # the starter is refused until its FILL INs are filled
        _checks(tmp_path, new)


def test_the_starters_comments_survive_removing_its_adaptation(texts: dict[str, str]) -> None:
    new = _edit(texts["starter"], RemoveKey(("adaptations", "posting.checks")))
    assert "# The sections of base edition" in new and "Core sections cannot" not in new


@pytest.mark.parametrize(("name", "key"), [("nics-finance", ("channels",)),
                                         ("dwp", ("policy", "history")), ("dwp", ("channels",))])
def test_removing_any_item_among_repeated_lines(
        texts: dict[str, str], name: str, key: tuple[str, ...]) -> None:
    """Items repeat lines (`monitored: "Monday to Friday, 9am to 5pm"`): a diff can slide a
    deletion past the item, and a guard trusting that alignment refused these."""
    items = _at(_rt_load(texts[name]), key)
    assert isinstance(items, list)
    for index in range(len(items)):
        new = _edit(texts[name], RemoveItem(key, index))
        assert _at(_rt_load(new), key) == items[:index] + items[index + 1:]


def test_removing_what_is_not_there_is_refused(texts: dict[str, str]) -> None:
    with pytest.raises(EditRefused, match="nothing there to remove"):
        _edit(texts["dwp"], RemoveKey(("department", "website")))
    with pytest.raises(EditRefused, match="nothing there to remove"):
        _edit(texts["dwp"], RemoveItem(("contacts",), 4))


# --- 5: appending items -----------------------------------------------------------------------


def test_an_item_goes_after_the_last_before_the_next_sections_comments(
        texts: dict[str, str]) -> None:
    text = texts["comments-everywhere"]
    new = _edit(text, AppendItem(("channels",), {"platform": "Bluesky", "url": "https://b.x"}))
    assert ("  # a comment after a blank line, at the list's dash column\n"
            "  - platform: Bluesky\n    url: https://b.x\ncontacts:") in new


def test_a_list_of_flow_items_gets_a_flow_item(texts: dict[str, str], tmp_path: Path) -> None:
    new = _edit(texts["dvla"], AppendItem(("contacts",), {"role": "HR", "email": "hr@d.example"}))
    assert "  - {role: Records and FOI team, email: foi@dvla.example}\n" \
           "  - {role: HR, email: hr@d.example}\nlocal_rules:" in new
    _checks(tmp_path, new)


def test_appending_to_a_missing_or_empty_list(texts: dict[str, str], tmp_path: Path) -> None:
    policy = {"title": "Code: of conduct", "url": "https://www.gov.uk/code"}
    new = _edit(texts["nics-finance"], AppendItem(("related_policies",), policy))
    assert new.endswith('related_policies:\n  - title: "Code: of conduct"\n'
                        "    url: https://www.gov.uk/code\n")
    _checks(tmp_path, new)
    rule = {"id": "local.x", "title": "X", "text": "Line one\nLine two\n", "reason": "R",
            "approved_by": "Me", "date": dt.date(2026, 5, 1)}
    emptied = _edit(texts["dvla"], RemoveItem(("local_rules",), 0), RemoveItem(("local_rules",), 0))
    refilled = _edit(emptied, AppendItem(("local_rules",), rule))
    assert "local_rules:\n  - id: local.x\n    title: X\n    text: |\n      Line one\n" in refilled
    _checks(tmp_path, refilled)


# --- 6: the guard ------------------------------------------------------------------------------


@pytest.mark.parametrize(("splice", "message"), [
    (Splice(0, 0, "{"), "unreadable"),  # breaks the YAML
    (Splice(162, 179, "schema_version: 2"), "more than this value"),  # another value changes
])
def test_the_guard_refuses_a_damaging_plan(
        texts: dict[str, str], monkeypatch: pytest.MonkeyPatch, splice: Splice,
        message: str) -> None:
    monkeypatch.setattr(yamledit, "plan_set", lambda doc, key, value: [splice])
    with pytest.raises(EditRefused, match=message):
        _edit(texts["welsh-government"], SetValue(("policy", "owner"), "x"))


def test_the_guard_refuses_a_change_outside_the_edited_lines(
        texts: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    text = texts["welsh-government"]
    real = yaml_plan.plan_set

    def also_touch_a_comment(doc: Text, key: tuple[str | int, ...], value: object) -> list[Splice]:
        at = text.index("# Sample profile") + 2
        return [*real(doc, key, value), Splice(at, at + 6, "Example")]

    monkeypatch.setattr(yamledit, "plan_set", also_touch_a_comment)
    with pytest.raises(EditRefused, match=r"outside this value \(line 2\)"):
        _edit(text, SetValue(("policy", "owner"), "x"))


# --- 7: several edits in order ----------------------------------------------------------------


def test_edits_apply_in_order_each_on_the_text_the_last_one_left(texts: dict[str, str]) -> None:
    new = _edit(texts["nics-finance"], RemoveItem(("channels",), 0),
                SetValue(("channels", 0, "audience"), "Everyone"),
                AppendItem(("channels",), {"platform": "Threads", "url": "https://t.example"}),
                RemoveKey(("channels", 1, "purpose")))
    channels = _rt_load(new)["channels"]  # type: ignore[index]
    assert [c["platform"] for c in channels] == ["Facebook", "LinkedIn", "Threads"]
    assert channels[0]["audience"] == "Everyone" and "purpose" not in channels[1]
    with pytest.raises(EditRefused):  # a refused edit leaves no half-made result
        _edit(texts["nics-finance"], SetValue(("policy", "owner"), "x"), RemoveKey(("nope",)))


# --- 9: the law for arbitrary text ------------------------------------------------------------

_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40) | st.sampled_from(
    ["1.0", "yes", "@x", " lead", "a: b", "a #b", "'", '"', "\\", "é ünï", "x\n", "\ny", "\t"])


@functools.cache
def _string_paths(name: str) -> list[tuple[str | int, ...]]:
    doc = load_profile(PROFILES / f"{name}.yaml")
    return [k for k in _scalar_paths(doc.data) if isinstance(_at(doc.data, k), str)]


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_any_text_is_written_exactly_or_refused(data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(SAMPLES))
    text = (PROFILES / f"{name}.yaml").read_text("utf-8")
    paths = _string_paths(name)
    edits = data.draw(st.lists(st.builds(SetValue, st.sampled_from(paths), _TEXT),
                               min_size=1, max_size=4))
    try:
        new = apply_edits(text, edits)
    except EditRefused:
        return
    loaded = _rt_load(new)
    final = {edit.key: edit.value for edit in edits}
    for key, value in final.items():
        assert _at(loaded, key) == value



def _plain_data(value: object) -> object:
    if isinstance(value, dict):
        return {str(k): _plain_data(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain_data(v) for v in value]
    return value


def _applied(data: object, edit: Edit) -> None:
    """`edit` made on plain data, written here apart from the module's own bookkeeping."""
    *parents, last = (*edit.key, edit.index) if isinstance(edit, RemoveItem) else edit.key
    holder = _at(data, tuple(parents))
    if isinstance(edit, SetValue):
        holder[last] = edit.value  # type: ignore[index]
    elif isinstance(edit, AppendItem):
        holder[last].append(dict(edit.item))  # type: ignore[index]
    else:
        del holder[last]  # type: ignore[union-attr]


def _structural_edit(draw: st.DrawFn, data: object) -> Edit:
    key, value = draw(st.sampled_from(_nodes(data)[1:]))
    if isinstance(value, list) and draw(st.booleans()):
        return AppendItem(key, {"role": "Added", "email": draw(_WORDS)})
    if not isinstance(value, dict | list) and draw(st.booleans()):
        return SetValue(key, draw(_WORDS))
    if isinstance(key[-1], int):
        return RemoveItem(key[:-1], key[-1])
    return RemoveKey(key)


def _nodes(data: object, key: tuple[str | int, ...] = ()) -> list[tuple[tuple[str | int, ...],
                                                                          object]]:
    found: list[tuple[tuple[str | int, ...], object]] = [(key, data)]
    if isinstance(data, dict):
        found += [n for k, v in data.items() for n in _nodes(v, (*key, k))]
    elif isinstance(data, list):
        found += [n for i, v in enumerate(data) for n in _nodes(v, (*key, i))]
    return found


_WORDS = st.text(st.characters(min_codepoint=32, max_codepoint=0x24F,
                               exclude_characters=[chr(c) for c in range(0x7F, 0xA1)]),
                 max_size=12) | st.sampled_from(["1.0", "yes", "a\nb\n", "@x", "a: b #c"])


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_structural_edits_are_made_exactly_and_the_loader_accepts_them(
        data: st.DataObject) -> None:
    """Random removals, appends and value edits on every text: measured, none refused."""
    name = data.draw(st.sampled_from(NAMES))
    text = _text_named(name)
    for _ in range(data.draw(st.integers(1, 4))):
        expected = _plain_data(_rt_load(text))
        edit = _structural_edit(data.draw, expected)
        text = apply_edits(text, [edit])
        _applied(expected, edit)
        assert _plain_data(_rt_load(text)) == expected
        with tempfile.TemporaryDirectory() as folder:
            _loads(Path(folder), text)


@functools.cache
def _text_named(name: str) -> str:
    if name == "starter":
        with tempfile.TemporaryDirectory() as folder:
            return write_starter(Path(folder) / "x.yaml")
    return (EVERYWHERE if name == "comments-everywhere" else PROFILES / f"{name}.yaml"
            ).read_text("utf-8")
