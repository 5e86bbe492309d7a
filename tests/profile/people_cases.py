"""Profiles as people really write them: saved on Windows, pasted from Word, typed by hand.

The sibling of hostile_cases.py (whose CASES hold what must be refused, with its message):
here, what must be accepted (and what it must become), and what must be accepted with a
warning (with the warning's exact text). Every profile is shown as `p.yaml`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from generator.model import ItemList, Profile
from generator.policy import parse
from tests.profile.hostile_cases import GOOD, SVG, edit, rule


@dataclass(frozen=True)
class Accepted:
    id: str
    profile: str | bytes
    holds: Callable[[Profile], bool]  # what the accepted value must be
    files: dict[str, bytes] = field(default_factory=lambda: {"logo.svg": SVG})


@dataclass(frozen=True)
class Warned:
    id: str
    profile: str | bytes
    expected: str  # one of the warnings check prints, exactly
    files: dict[str, bytes] = field(default_factory=lambda: {"logo.svg": SVG})


def _rule_is_a_list_of(count: int) -> Callable[[Profile], bool]:
    def holds(profile: Profile) -> bool:
        blocks = parse(profile.local_rules[0].text)
        return len(blocks) == 1 and isinstance(blocks[0], ItemList) \
            and len(blocks[0].items) == count
    return holds


def _owner(profile: Profile) -> bool:
    return profile.policy.owner == "Digital team"


ADAPT = ("adaptations:\n  posting.checks:\n    action: {action}\n"
         "    append: Also ask a colleague.\n    reason: A second pair of eyes\n"
         "    approved_by: Head of Digital\n    date: 2026-01-01\n")
WITHOUT_CONTACTS = GOOD.split("contacts:")[0]
WITHOUT_CHANNELS = GOOD.split("channels:")[0] + "contacts:" + GOOD.split("contacts:")[1]

ACCEPTED: list[Accepted] = [
    Accepted("windows-line-endings", GOOD.replace("\n", "\r\n").encode(), _owner),
    Accepted("old-mac-line-endings", GOOD.replace("\n", "\r").encode(), _owner),
    Accepted("notepad-unicode", GOOD.replace("\n", "\r\n").encode("utf-16"), _owner),
    Accepted("utf-16-big-endian", b"\xfe\xff" + GOOD.encode("utf-16-be"), _owner),
    Accepted("no-break-space-in-text", edit("Digital team", "Digital\u00a0team"), _owner),
    Accepted("no-break-space-in-block-text", rule("Note:\u00a0this is our rule."),
             lambda p: p.local_rules[0].text == "Note: this is our rule."),
    Accepted("action-capitalised", GOOD + ADAPT.format(action="Modify"),
             lambda p: p.adaptations[0].action == "modify"),
    Accepted("jurisdiction-lower-case", edit("jurisdiction: UK", "jurisdiction: wales"),
             lambda p: p.department.jurisdiction == "Wales"),
    Accepted("jurisdiction-list", edit("jurisdiction: UK", "jurisdiction: [gb, UK]"),
             lambda p: (p.department.jurisdiction, p.department.jurisdictions)
             == ("GB", ("GB", "UK"))),
    Accepted("organisation-any-case", edit("jurisdiction: UK",
                                           "jurisdiction: UK\n  organisation: Executive Agency"),
             lambda p: p.department.organisation == "executive agency"),
    Accepted("organisation-word-apostrophe", edit(
        "jurisdiction: UK", "jurisdiction: UK\n  organisation: Arm\u2019s-length body"),
             lambda p: p.department.organisation == "arm's-length body"),
    Accepted("organisation-word-apostrophe-and-dash", edit(
        "jurisdiction: UK", "jurisdiction: UK\n  organisation: arm\u2019s\u2013length body"),
             lambda p: p.department.organisation == "arm's-length body"),
    Accepted("organisation-left-out", GOOD,
             lambda p: p.department.organisation == "ministerial department"),
    Accepted("word-bullets", rule("\u2022\tAsk first.\n      \u2022\tThen post."),
             _rule_is_a_list_of(2)),
    Accepted("dash-bullets", rule("\u2013 Ask first.\n      \u2013 Then post."),
             _rule_is_a_list_of(2)),
    Accepted("emoji-and-symbols", rule("Good work \U0001f44d \u2713 \u2192 \u20ac \u00bd "
                                       "\u0175 \u0177"),
             lambda p: "\U0001f44d" in p.local_rules[0].text),
    Accepted("other-scripts", rule("\u0646\u062d\u0646 \u0647\u0646\u0627. "
                                   "\u05d0\u05e0\u05d7\u05e0\u05d5 \u05db\u05d0\u05df. "
                                   "\u0939\u092e \u092f\u0939\u093e\u0901 \u0939\u0948\u0902\u0964"),
             lambda p: "\u05d0" in p.local_rules[0].text),
    Accepted("farsi-zero-width-non-joiner", rule("\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u06cc\u0645"),
             lambda p: "\u200c" in p.local_rules[0].text),
    Accepted("windows-logo-path", edit("file: logo.svg", "file: logos\\logo.svg"),
             lambda p: p.department.logo is not None, {"logos/logo.svg": SVG}),
    Accepted("no-break-space-in-a-value-that-runs-on", edit("  owner: Digital team",
                                                            "  owner: Digital\n    and\u00a0Data team"),
             lambda p: p.policy.owner == "Digital and Data team"),
    # Issue 28: what YAML allows, though ruamel.yaml's parser does not, and words YAML 1.1
    # read as true or false, which YAML 1.2 (and so a profile) reads as the text typed.
    Accepted("tab-between-words", edit("  owner: Digital team", "  owner: Digital\tteam"),
             lambda p: p.policy.owner == "Digital team"),
    Accepted("tab-after-colon", edit("  owner: Digital team", "  owner:\tDigital team"),
             lambda p: p.policy.owner == "Digital team"),
    Accepted("tab-before-comment", edit("  owner: Digital team", "  owner: Digital team\t# us"),
             _owner),
    # Read in one pass: a parse per tab refused the 201st, and took seconds before that.
    Accepted("tabs-by-the-hundred", GOOD + "local_rules:\n" + "".join(
        f"  - id: local.r{i}\n    title: A\trule\t{i}\n    text: Ask\tfirst.\n"
        f"    reason: Our\town\n    approved_by: Head\tof\tDigital\n    date: 2026-01-01\n"
        for i in range(40)),
             lambda p: len(p.local_rules) == 40 and p.local_rules[39].title == "A rule 39"
             and p.local_rules[0].approval is not None
             and p.local_rules[0].approval.approved_by == "Head of Digital"),
    Accepted("tab-in-quotes-kept", edit("  owner: Digital team", '  owner: "Digital\tteam"'),
             lambda p: p.policy.owner == "Digital\tteam"),
    Accepted("tab-in-block-text", rule("Ask first.\tThen post."),
             lambda p: p.local_rules[0].text == "Ask first.\tThen post."),
    Accepted("yes-no-on-off-as-text", edit("  short_name: DoE", "  short_name: NO")
             .replace("purpose: News", "purpose: on"),
             lambda p: p.department.short_name == "NO" and p.channels[0].purpose == "on"),
    Accepted("bom-and-windows-line-endings",
             b"\xef\xbb\xbf" + GOOD.replace("\n", "\r\n").encode(), _owner),
    Accepted("colon-without-space-in-text", edit("  owner: Digital team", "  owner: Team:Digital"),
             lambda p: p.policy.owner == "Team:Digital"),
    Accepted("time-in-text", edit("purpose: News", "purpose: News at 10:30"),
             lambda p: p.channels[0].purpose == "News at 10:30"),
    Accepted("emoji-joined", rule("Our team \U0001f469\u200d\U0001f4bb posts daily."),
             lambda p: "\u200d" in p.local_rules[0].text),
]

WARNED: list[Warned] = [
    Warned("curly-quotes", edit('version: "1.0"', "version: \u201c1.10\u201d"),
           "p.yaml:12:12: policy.version: warning: is wrapped in curly quotes, which will be printed as part of the text (if they are meant as quotes around the value, write straight ones: version: \"1.10\")"),
    Warned("curly-quotes-around-hashtag", edit("purpose: News", "purpose: \u201c#News\u201d"),
           "p.yaml:19:14: channels[0].purpose: warning: is wrapped in curly quotes, which will be printed as part of the text (if they are meant as quotes around the value, write straight ones: purpose: \"#News\")"),
    Warned("curly-single-quotes", edit('version: "1.0"', "version: \u20181.10\u2019"),
           "p.yaml:12:12: policy.version: warning: is wrapped in curly quotes, which will be printed as part of the text (if they are meant as quotes around the value, write straight ones: version: \"1.10\")"),
    Warned("curly-version-missing-from-history", edit(
        'version: "1.0"', 'version: \u201c1.10\u201d\n  history:\n    - version: "1.0"\n'
        '      date: 2025-01-01\n      changes: First version'),
           "p.yaml:14:5: policy.history: warning: has no entry for version 1.10, the current one (add `- {version: \"1.10\", date: ..., changes: ...}`)"),
    Warned("bullets-in-one-line", rule("Do this \u2022 then that \u2022 and this."),
           "p.yaml:27:13: local_rules[0].text: warning: has bullets (\u2022) in the middle of a line, which policy text does not support: it would be printed exactly as typed (start each item on a line of its own with `- `, under `text: |`)"),
    Warned("markdown-heading", rule("## Our rule\n\n      Be kind."),
           "p.yaml:27:7: local_rules[0].text: warning: has a `#` heading, which policy text does not support: it would be printed exactly as typed (policy text has no headings of its own: start a new section, as a local rule with its own title, or write the line as a paragraph)"),
    Warned("markdown-table", rule("| When | Who |\n      |---|---|\n      | Always | Everyone |"),
           "p.yaml:27:7: local_rules[0].text: warning: has a table written with `|`, which policy text does not support: it would be printed exactly as typed (policy text cannot hold a table: write each row as a list item)"),
    Warned("markdown-backticks", rule("Use `#hashtags` with care."),
           "p.yaml:27:11: local_rules[0].text: warning: has text in `backticks`, which policy text does not support: it would be printed exactly as typed (write it without the backticks; use *emphasis* if it must stand out)"),
    Warned("markdown-quote", rule("> Be kind online."),
           "p.yaml:27:7: local_rules[0].text: warning: has a `>` quotation, which policy text does not support: it would be printed exactly as typed (write the quotation as a paragraph, in quotation marks)"),
    Warned("raw-html", rule("Be <b>kind</b> online."),
           "p.yaml:27:10: local_rules[0].text: warning: has an HTML tag, which policy text does not support: it would be printed exactly as typed (policy text is not HTML: write plain text, with *emphasis*, **bold**, lists and [links](https://www.gov.uk/))"),
    Warned("hashtag-cut-short", edit("purpose: News", "purpose: News #1 priority"),
           "p.yaml:19:14: channels[0].purpose: warning: loses `#1 priority`: YAML reads a # after a space as the start of a comment (put the whole value in quotes: purpose: \"News #1 priority\")"),
    Warned("no-contacts", WITHOUT_CONTACTS,
           "p.yaml:1:1: contacts: warning: names no one to ask (the policy will tell staff to ask their line manager or communications team; list people under `contacts:` with a role and an email or phone)"),
    Warned("no-channels", WITHOUT_CHANNELS,
           "p.yaml:1:1: channels: warning: lists no official accounts (the policy will say the department has none yet; list them under `channels:` if it has any)"),
    Warned("older-base-edition", GOOD,
           "p.yaml:2:7: base: warning: edition 2012-05 of the base guidance is not the newest: 2014-10 is available (run `policy-pack impact --to 2014-10 p.yaml` to see what moving to it would change)"),
]
