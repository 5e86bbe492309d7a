"""The hostile-input corpus: profiles and files that must fail cleanly, each with its message.

Each case is a folder: `p.yaml` and any other files, and symlinks given as ("->", target).
`expected` is the exact text of the error, with the profile shown as `p.yaml`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

GOOD = """\
schema_version: 1
base: "2012-05"
department:
  name: Department of Examples
  short_name: DoE
  slug: doe
  jurisdiction: UK
  language: en-GB
  logo: {file: logo.svg, alt: Department of Examples logo}
policy:
  owner: Digital team
  version: "1.0"
  effective: 2026-01-01
  review_by: 2027-01-01
channels:
  - platform: X (Twitter)
    account: "@doe_example"
    url: https://x.com/doe_example
    purpose: News
contacts:
  - role: Digital lead
    email: digital@doe.example
"""
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>'
RULE = """\
local_rules:
  - id: local.rule
    title: A rule
    text: |
      {}
    reason: Our own rule
    approved_by: Head of Digital
    date: 2026-01-01
"""


def edit(old: str, new: str) -> str:
    assert old in GOOD, old
    return GOOD.replace(old, new)


def rule(text: str) -> str:
    return GOOD + RULE.format(text)


def svg(body: bytes) -> bytes:
    return b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">' \
        + body + b"</svg>"


@dataclass(frozen=True)
class Case:
    id: str
    category: str
    profile: str | bytes
    expected: str
    files: dict[str, bytes | tuple[str, str]] = field(default_factory=lambda: {"logo.svg": SVG})
    # What the writer meant, for a case whose advice carries a corrected line: the value
    # each key (as `channels[1].platform`) must load as once the advice is followed.
    intended: dict[str, object] = field(default_factory=dict)


BOMB = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{c}: &{c} [{', '.join(['*' + p] * 10)}]\n" for p, c in zip("abcdefgh", "bcdefghi", strict=True))

LINKEDIN = ("    platform: LinkedIn\n    account: \"@doe_jobs\"\n"
            "    url: https://www.linkedin.com/company/doe\n    purpose: Jobs\n")

CASES: list[Case] = [
    # --- malformed YAML ----------------------------------------------------------------------
    Case("unclosed-bracket", "malformed YAML", GOOD + "extra: [1, 2\n",
         "p.yaml:23:8: opens a `[` that is never closed (end it with `]` on the same line, or write the entries one per line instead)"),
    Case("unclosed-quote", "malformed YAML", edit('version: "1.0"', 'version: "1.0'),
         "p.yaml:12:12: has a quotation mark that is never closed (end the value with the same kind of quote it starts with)"),
    Case("bad-indentation", "malformed YAML", edit("  short_name: DoE", "    short_name: DoE"),
         "p.yaml:5:5: is indented further than the line above (keys of one block start in the same column: move `short_name:` left to line up with `name:`)"),
    Case("colon-in-value", "malformed YAML", edit("purpose: News", "purpose: News: daily"),
         "p.yaml:19:18: has a colon followed by a space inside a value (put the value in quotes: purpose: \"News: daily\")"),
    Case("two-documents", "malformed YAML", GOOD + "---\nsecond: doc\n",
         "p.yaml:23:1: holds more than one YAML document (a line with --- starts a second profile; keep one profile per file)"),
    Case("tab-indentation", "tabs", edit("  short_name: DoE", "\tshort_name: DoE"),
         "p.yaml:5:1: has a tab, which YAML does not allow here (indent with spaces, not tabs)"),
    Case("bom-inside-value", "BOM", edit("  name: Department of Examples",
                                         "  name: Department\ufeff of Examples"),
         "p.yaml:4:19: contains the invisible character U+FEFF (delete it: retype the text if you cannot see where it is)"),
    Case("latin-1-bytes", "non-UTF-8", edit("Department of Examples",
                                            "D\xe9partement").encode("latin-1"),
         "p.yaml:4:10: is not UTF-8 text (save the file as UTF-8 in your editor)\n"
         "p.yaml:9:32: is not UTF-8 text (save the file as UTF-8 in your editor)"),
    Case("nul-byte", "control characters", edit("Digital team", "Digital\x00team"),
         "p.yaml:11:17: contains the invisible character U+0000 (delete it: retype the text if you cannot see where it is)"),
    Case("escape-control", "control characters",
         edit("  owner: Digital team", '  owner: "Digital\\x1b[31m team"'),
         "p.yaml:11:10: policy.owner: contains the invisible character U+001B (delete it: retype the text if you cannot see where it is)"),
    Case("noncharacter", "control characters", edit("Digital team", "Digital\uffffteam"),
         "p.yaml:11:17: contains the invisible character U+FFFF (delete it: retype the text if you cannot see where it is)"),
    Case("c1-control", "control characters", edit("Digital team", "Digital\x85team"),
         "p.yaml:11:17: contains the invisible character U+0085 (delete it: retype the text if you cannot see where it is)"),
    Case("bidi-override", "bidi override", edit("Department of Examples",
                                                "Department \u202eselpmaxE fo"),
         "p.yaml:4:20: contains the invisible character U+202E (delete it: retype the text if you cannot see where it is)" "\n"
         "p.yaml:9:42: contains the invisible character U+202E (delete it: retype the text if you cannot see where it is)"),
    Case("bidi-isolate-in-key", "bidi override", edit("  owner:", "  owner\u2066:"),
         "p.yaml:11:8: contains the invisible character U+2066 (delete it: retype the text if you cannot see where it is)"),
    # --- wrong types -------------------------------------------------------------------------
    Case("version-number", "wrong types", edit('version: "1.0"', "version: 1.0"),
         "p.yaml:12:12: policy.version: must be text, not a number (put quotes around it: \"1.0\")"),
    Case("schema-version-text", "wrong types", edit("schema_version: 1", 'schema_version: "one"'),
         "p.yaml:1:17: schema_version: `one` is not a schema version this tool knows (write `schema_version: 1`)"),
    Case("department-text", "wrong types", GOOD.split("department:")[0] + "department: DoE\n"
         + "policy:" + GOOD.split("policy:")[1],
         "p.yaml:3:13: department: must be a set of keys (name, short_name, slug, ...), not text"),
    Case("channels-map", "wrong types", edit("channels:\n  - platform", "channels:\n  platform")
         .replace("\n    account", "\n  account").replace("\n    url", "\n  url")
         .replace("\n    purpose", "\n  purpose"),
         "p.yaml:16:3: channels: must be a list (each entry starting with `- `), not a set of keys"),
    Case("contact-text", "wrong types", edit("  - role: Digital lead\n    email: digital@doe.example",
                                             "  - Digital lead"),
         "p.yaml:21:5: contacts[0]: must be a set of keys (role, name, email, ...), not text"),
    Case("effective-number", "wrong types", edit("effective: 2026-01-01", "effective: 2026"),
         "p.yaml:13:14: policy.effective: `2026` is not a date (write it as YYYY-MM-DD, e.g. 2013-04-01)"),
    Case("logo-text", "wrong types", edit("  logo: {file: logo.svg, alt: Department of Examples logo}",
                                          "  logo: logo.svg"),
         "p.yaml:9:9: department.logo: must be a set of keys (file, alt, ...), not text"),
    Case("jurisdiction-map", "wrong types", edit("jurisdiction: UK", "jurisdiction: {UK: NI}"),
         "p.yaml:7:17: department.jurisdiction: must be a jurisdiction or a list of them, not a set of keys (write one, such as `GB`, or a list with the main one first, such as `[GB, UK]`)"),
    Case("jurisdiction-list-twice", "wrong types", edit("jurisdiction: UK", "jurisdiction: [UK, uk]"),
         "p.yaml:7:22: department.jurisdiction[1]: `UK` is listed twice (list each jurisdiction once)"),
    Case("jurisdiction-list-unknown", "wrong types", edit("jurisdiction: UK", "jurisdiction: [GB, Mars]"),
         "p.yaml:7:22: department.jurisdiction[1]: `Mars` is not one of the allowed values (one of: UK, GB, England, Scotland, Wales, NI)"),
    Case("jurisdiction-list-empty", "wrong types", edit("jurisdiction: UK", "jurisdiction: []"),
         "p.yaml:7:17: department.jurisdiction: is an empty list (write one jurisdiction, such as `GB`, or a list of them with the main one first, such as `[GB, UK]`)"),
    Case("organisation-unknown", "wrong types", edit("jurisdiction: UK", "jurisdiction: UK\n  organisation: quango"),
         "p.yaml:8:17: department.organisation: `quango` is not one of the allowed values (one of: ministerial department, non-ministerial department, executive agency, arm's-length body, devolved administration)"),
    Case("list-for-map", "a list where a map belongs", "- schema_version: 1\n- base: 2012-05\n",
         "p.yaml:1:1: must be a set of keys (schema_version, base, department, ...), not a list (run `policy-pack new` for a starter profile)"),
    Case("scalar-file", "a list where a map belongs", "just some text\n",
         "p.yaml:1:1: must be a set of keys (schema_version, base, department, ...), not text (run `policy-pack new` for a starter profile)"),
    # --- unknown keys ------------------------------------------------------------------------
    Case("unknown-top-key", "unknown keys", GOOD.replace("contacts:", "contact:"),
         "p.yaml:20:1: contact: unknown key `contact` (did you mean `contacts`?)"),
    Case("unknown-nested-key", "unknown keys", edit("review_by:", "review-by:"),
         "p.yaml:14:3: policy.review-by: unknown key `review-by` (did you mean `review_by`?)"),
    Case("unknown-section", "unknown keys", GOOD + "adaptations:\n  posting.check:\n"
         "    action: adopt\n",
         "p.yaml:24:3: adaptations.posting.check: `posting.check` is not a section of edition 2012-05 (did you mean `posting.checks`?)"),
    # --- size, depth and aliases -------------------------------------------------------------
    Case("huge-file", "huge and deeply nested files", GOOD + "# " + "x" * 300_000 + "\n",
         "p.yaml:1:1: is larger than 256 KiB (a profile is a few KiB)"),
    Case("deep-nesting", "huge and deeply nested files",
         GOOD + "extra: " + "[" * 40 + "]" * 40 + "\n",
         "p.yaml:23:20: extra[0][0][0][0][0][0][0][0][0][0][0][0]: is nested more than 12 levels deep"),
    Case("many-values", "huge and deeply nested files",
         GOOD + "extra: [" + ", ".join(["1"] * 25_000) + "]\n",
         "p.yaml:23:59925: extra[19972]: expands to more than 20000 values (remove anchors and aliases (&name, *name))"),
    Case("alias-bomb", "alias bombs", GOOD + BOMB,
         "p.yaml:23:20: e[0][6][8][6][4]: expands to more than 20000 values (remove anchors and aliases (&name, *name))"),
    Case("very-long-name", "very long strings", edit("Department of Examples", "D" * 5000),
         "p.yaml:4:9: department.name: is 5000 characters long; the most allowed is 200 (shorten it)" "\n"
         "p.yaml:9:31: department.logo.alt: is 5005 characters long; the most allowed is 200 (shorten it)"),
    Case("very-long-text", "very long strings", rule("x" * 30_000),
         "p.yaml:26:11: local_rules[0].text: is 30000 characters long; the most allowed is 20000 (shorten it)"),
    # --- tags and YAML features --------------------------------------------------------------
    Case("python-apply", "Python tags", edit("Digital team",
                                              "!!python/object/apply:os.system [id]"),
         "p.yaml:11:10: policy.owner: uses the YAML tag !!python/object/apply:os.system, which is not allowed (remove the tag: profiles hold plain text, numbers, lists and maps)"),
    Case("python-name", "Python tags", edit("Digital team", "!!python/name:os.system"),
         "p.yaml:11:10: policy.owner: uses the YAML tag !!python/name:os.system, which is not allowed (remove the tag: profiles hold plain text, numbers, lists and maps)"),
    Case("custom-tag", "Python tags", edit("Digital team", "!include secrets.yaml"),
         "p.yaml:11:10: policy.owner: uses the YAML tag !include, which is not allowed (remove the tag: profiles hold plain text, numbers, lists and maps)"),
    Case("merge-key", "Python tags", GOOD + "extra: &x {a: 1}\nmore:\n  <<: *x\n",
         "p.yaml:25:3: more: uses a merge key (<<), which is not allowed (write the keys out in full)"),
    Case("duplicate-key", "duplicate keys", GOOD + "base: \"2012-05\"\n",
         "p.yaml:23:1: base: is given twice (keep one of them: delete this line)"),
    # --- files: traversal, symlinks and logos ------------------------------------------------
    Case("logo-dotdot", "path traversal", edit("file: logo.svg", "file: ../outside/logo.svg"),
         "p.yaml:9:16: department.logo.file: `../outside/logo.svg` is outside the profile's folder (put the logo in the profile's folder and give a path such as logos/dof.svg)"),
    Case("logo-absolute", "path traversal", edit("file: logo.svg", "file: /etc/passwd.svg"),
         "p.yaml:9:16: department.logo.file: `/etc/passwd.svg` is outside the profile's folder (put the logo in the profile's folder and give a path such as logos/dof.svg)"),
    Case("logo-symlink-out", "symlinks", edit("file: logo.svg", "file: link.svg"),
         "p.yaml:9:16: department.logo.file: `link.svg` leads outside the profile's folder (copy the file into the folder instead of linking to it)",
         {"link.svg": ("->", "../outside/secret.svg")}),
    Case("logo-missing", "path traversal", edit("file: logo.svg", "file: nothere.svg"),
         "p.yaml:9:16: department.logo.file: no file at nothere.svg (check the file name; it is relative to the profile's folder; or, for a pack without a logo, delete the `logo:` line)"),
    Case("logo-gif", "path traversal", edit("file: logo.svg", "file: logo.gif"),
         "p.yaml:9:16: department.logo.file: `logo.gif` is not an SVG or PNG file (use an .svg or .png logo)",
         {"logo.gif": b"GIF89a"}),
    Case("logo-fake-png", "path traversal", edit("file: logo.svg", "file: logo.png"),
         "p.yaml:9:16: department.logo.file: is not a PNG image (export the logo again as PNG or SVG)",
         {"logo.png": b"<svg/>"}),
    Case("logo-too-big", "path traversal", GOOD,
         "p.yaml:9:16: department.logo.file: is 586 KiB; the most allowed is 512 KiB (use a smaller image)",
         {"logo.svg": SVG[:-6] + b"<!--" + b"x" * 600_000 + b"--></svg>"}),
    Case("logo-remote", "remote and file: URLs",
         edit("file: logo.svg", "file: https://example.com/logo.svg"),
         "p.yaml:9:16: department.logo.file: `https://example.com/logo.svg` is outside the profile's folder (put the logo in the profile's folder and give a path such as logos/dof.svg)"),
    # --- remote and file: URLs, links --------------------------------------------------------
    Case("channel-file-url", "remote and file: URLs",
         edit("https://x.com/doe_example", "file:///etc/passwd"),
         "p.yaml:18:10: channels[0].url: `file:///etc/passwd` is not a web address starting with https:// (for example `https://x.com/example`)"),
    Case("channel-javascript-url", "remote and file: URLs",
         edit("https://x.com/doe_example", "javascript:alert(1)"),
         "p.yaml:18:10: channels[0].url: `javascript:alert(1)` is not a web address starting with https:// (for example `https://x.com/example`)"),
    Case("text-file-link", "remote and file: URLs", rule("See [the file](file:///etc/passwd)."),
         "p.yaml:27:22: local_rules[0].text: the link `file:///etc/passwd` is not allowed: links must start with https://, http:// or mailto:"),
    Case("text-ftp-link", "remote and file: URLs", rule("See [the archive](ftp://example.com/a)."),
         "p.yaml:27:25: local_rules[0].text: the link `ftp://example.com/a` is not allowed: links must start with https://, http:// or mailto:"),
    Case("click-here", "link text", rule("For more, [click here](https://www.gov.uk/)."),
         "p.yaml:27:30: local_rules[0].text: the link text `click here` does not say where the link goes (write link text that names the page, e.g. [the Civil Service Code](https://www.gov.uk/))"),
    Case("bare-url-text", "link text",
         rule("See [https://www.gov.uk/](https://www.gov.uk/)."),
         "p.yaml:27:12: local_rules[0].text: the link text `https://www.gov.uk/` is a bare address (write link text that names the page, e.g. [the Civil Service Code](https://www.gov.uk/))"),
    Case("account-is-url", "link text", edit('account: "@doe_example"',
                                             "account: https://x.com/doe_example"),
         "p.yaml:17:14: channels[0].account: `https://x.com/doe_example` is an address; the account name is the text of the link to it (write the handle or name, e.g. `@example`)"),
    # --- script in SVG -----------------------------------------------------------------------
    Case("svg-script", "script in SVG", GOOD,
         "p.yaml:9:16: department.logo.file: contains scripts, event handlers or links to other files (use a plain SVG: shapes and text only)", {"logo.svg": svg(b"<script>alert(1)</script>")}),
    Case("svg-onload", "script in SVG", GOOD,
         "p.yaml:9:16: department.logo.file: contains scripts, event handlers or links to other files (use a plain SVG: shapes and text only)",
         {"logo.svg": svg(b'<rect onload="alert(1)" width="1" height="1"/>')}),
    Case("svg-external-image", "script in SVG", GOOD,
         "p.yaml:9:16: department.logo.file: contains scripts, event handlers or links to other files (use a plain SVG: shapes and text only)",
         {"logo.svg": svg(b'<image xlink:href="https://example.com/x.png"/>')}),
    Case("svg-foreign-object", "script in SVG", GOOD,
         "p.yaml:9:16: department.logo.file: contains scripts, event handlers or links to other files (use a plain SVG: shapes and text only)",
         {"logo.svg": svg(b"<foreignObject><p>hi</p></foreignObject>")}),
    Case("svg-entity", "script in SVG", GOOD,
         "p.yaml:9:16: department.logo.file: contains scripts, event handlers or links to other files (use a plain SVG: shapes and text only)",
         {"logo.svg": b'<!DOCTYPE svg [<!ENTITY x "xx">]>' + svg(b"<text>&x;</text>")}),
    Case("svg-css-import", "script in SVG", GOOD,
         "p.yaml:9:16: department.logo.file: contains scripts, event handlers or links to other files (use a plain SVG: shapes and text only)",
         {"logo.svg": svg(b"<style>@import url(https://example.com/a.css);</style>")}),
    # --- empty and other ---------------------------------------------------------------------
    Case("empty-file", "an empty file", "",
         "p.yaml:1:1: is empty (run `policy-pack new` for a starter profile)"),
    Case("only-comments", "an empty file", "# nothing here\n\n",
         "p.yaml:1:1: has only comments and no settings (run `policy-pack new` for a starter profile)"),
    Case("slug-traversal", "path traversal", edit("slug: doe", "slug: ../../etc"),
         "p.yaml:6:9: department.slug: `../../etc` is not a valid folder name (lower-case letters, digits and single hyphens) (for example `home-office`)"),
    Case("core-omitted", "adaptation rules", GOOD + "adaptations:\n  use.personal:\n"
         "    action: omit\n    reason: No\n    approved_by: Me\n    date: 2026-01-01\n",
         "p.yaml:25:13: adaptations.use.personal.action: `use.personal` is a core section and cannot be omitted (use `action: modify` to localise it instead)"),
    Case("alt-is-file-name", "alt text", edit("alt: Department of Examples logo", "alt: logo.svg"),
         "p.yaml:9:31: department.logo.alt: repeats the file name instead of describing the image (say what the logo shows, e.g. \"Department of Finance logo\")"),
    # --- Windows files and text pasted from Word (issue 13) ------------------------------------
    Case("utf-16-broken", "Windows files", b"\xff\xfe" + "schema_version: 1\n".encode("utf-16-le") + b"x",
         "p.yaml:1:1: starts like UTF-16 (Notepad's \"Unicode\") but is not readable as it (save the file again, choosing the encoding UTF-8)"),
    Case("no-break-space-after-colon", "Word paste", edit("  owner: Digital team", "  owner:\u00a0Digital team"),
         "p.yaml:11:9: has a no-break space (U+00A0) where YAML needs an ordinary space (retype that space: text pasted from Word often carries no-break spaces)"),
    Case("no-break-space-indent", "Word paste", edit("  owner: Digital team", "\u00a0 owner: Digital team"),
         "p.yaml:11:1: has a no-break space (U+00A0) where YAML needs an ordinary space (retype that space: text pasted from Word often carries no-break spaces)"),
    Case("no-break-space-after-dash", "Word paste", edit("  - role: Digital lead", "  -\u00a0role: Digital lead"),
         "p.yaml:21:4: has a no-break space (U+00A0) where YAML needs an ordinary space (retype that space: text pasted from Word often carries no-break spaces)"),
    Case("zero-width-space", "Word paste", edit("Digital team", "Digital\u200bteam"),
         "p.yaml:11:17: contains a zero-width space, an invisible character (U+200B) (delete it: retype the text if you cannot see where it is)"),
    Case("word-joiner", "Word paste", rule("Post\u2060only when sure."),
         "p.yaml:27:11: contains a word joiner, an invisible character (U+2060) (delete it: retype the text if you cannot see where it is)"),
    # --- advice that repeats what was typed ---------------------------------------------------
    Case("version-1-10", "advice", edit('version: "1.0"', "version: 1.10"),
         "p.yaml:12:12: policy.version: must be text, not a number (put quotes around it: \"1.10\")"),
    Case("version-2-00", "advice", edit('version: "1.0"', "version: 2.00"),
         "p.yaml:12:12: policy.version: must be text, not a number (put quotes around it: \"2.00\")"),
    Case("phone-number", "advice", edit("    email: digital@doe.example", "    email: digital@doe.example\n    phone: +442079460000"),
         "p.yaml:23:12: contacts[0].phone: must be text, not a number (put quotes around it: \"+442079460000\")"),
    Case("account-at-sign", "advice", edit('account: "@doe_example"', "account: @doe_example"),
         "p.yaml:17:14: has a value that starts with @, which YAML only allows inside quotes (put the value in quotes: account: \"@doe_example\")"),
    Case("line-without-colon", "advice", edit("  owner: Digital team", "  owner: Digital team\n  Approved by the board"),
         "p.yaml:12:3: is a line of text where a `key: value` line is expected (write it as `key: value`, or indent it further to continue the text on the line above)"),
    Case("misaligned-key", "advice", edit("  version:", " version:"),
         "p.yaml:12:2: does not line up with the lines around it (keys of one block start in the same column: move `version:` to column 3, in line with `owner:` on line 11)"),
    Case("bad-link-on-its-line", "advice", rule("First paragraph.\n\n      Second paragraph, [here](https://www.gov.uk/)."),
         "p.yaml:29:32: local_rules[0].text: the link text `here` does not say where the link goes (write link text that names the page, e.g. [the Civil Service Code](https://www.gov.uk/))"),
    Case("language-words", "advice", edit("language: en-GB", "language: English"),
         "p.yaml:8:13: department.language: `English` is not a language code (write a code such as en-GB for English)"),
    # --- every departure approved; core sections keep their substance -------------------------
    Case("rule-without-approval", "approvals", GOOD + "local_rules:\n  - id: local.rule\n    title: A rule\n    text: Our rule.\n",
         "p.yaml:24:5: local_rules[0]: needs `reason`, `approved_by` and `date` (every departure from the base needs a reason, who approved it and when)"),
    Case("core-one-line", "core substance", GOOD + "adaptations:\n  use.personal:\n    action: modify\n"
         "    replace: Our Conduct policy covers personal accounts.\n    reason: Shorter\n"
         "    approved_by: Head of HR\n    date: 2026-01-01\n",
         "p.yaml:26:14: adaptations.use.personal.replace: `use.personal` is a core section: a replacement must still say that social media is a public place, so posting is like speaking in public, that even in your own time, you must not share official information without authority, that even in your own time, you must not take part in political or public activity that compromises your impartiality, that the Civil Service Code (or the code that applies to you, such as the Northern Ireland Civil Service Code of Ethics) still applies there, that what you post can still reflect on your department and that a breach can lead to disciplinary action, even from a personal account (make each point in your own words, with words such as `public`, `official information` with `without authority`, `political` with `impartial`, `Civil Service Code`, `reflect on` and `disciplinary`; or keep the base text and add yours with `append:` instead of `replace:`)"),
    # --- the logo file, checked by check as by build ------------------------------------------
    Case("logo-wrong-case", "logo files", edit("file: logo.svg", "file: Logo.SVG"),
         "p.yaml:9:16: department.logo.file: no file at Logo.SVG; there is logo.svg (write the name exactly, with the same capital letters: other computers tell them apart)"),
    Case("logo-jpg", "logo files", edit("file: logo.svg", "file: logo.jpg"),
         "p.yaml:9:16: department.logo.file: `logo.jpg` is not an SVG or PNG file (use an .svg or .png logo)", {"logo.jpg": b"\xff\xd8\xff\xe0JFIF"}),
    Case("logo-svg-not-svg", "logo files", GOOD,
         "p.yaml:9:16: department.logo.file: is not an SVG image (export the logo again as PNG or SVG)", {"logo.svg": b"GIF89a"}),
    # --- characters no bundled font can draw --------------------------------------------------
    Case("chinese-text", "characters no font can draw", rule("我们的规则。"),
         "p.yaml:27:7: local_rules[0].text: has the Chinese character \u6211 (U+6211) and 5 other characters that none of the bundled fonts can draw, so the PDF could not show them (write it another way, or leave it out)"),
    Case("japanese-in-name", "characters no font can draw", edit("  name: Department of Examples", "  name: Department of Examples \u306b\u307b\u3093"),
         "p.yaml:4:32: department.name: has the Japanese character \u306b (U+306B) and 2 other characters that none of the bundled fonts can draw, so the PDF could not show them (write it another way, or leave it out)"),
    Case("private-use", "characters no font can draw", edit("Digital team", "Digital \ue000 team"),
         "p.yaml:11:18: policy.owner: has the private-use character U+E000 (it means something only in one font) that none of the bundled fonts can draw, so the PDF could not show it (write it another way, or leave it out)"),
    # --- found in review: Windows paths, Word's quotes and hashtags, links made from values ---
    Case("utf-16-no-mark", "Windows files", GOOD.encode("utf-16-le"),
         "p.yaml:1:1: is saved as UTF-16 (what Notepad calls \"Unicode\") without the mark that says so (save the file again, choosing the encoding UTF-8)"),
    Case("no-break-space-flood", "Word paste", GOOD.replace("\n  ", "\n\u00a0 "),
         "p.yaml:4:1: has a no-break space (U+00A0) where YAML needs an ordinary space (retype that space: text pasted from Word often carries no-break spaces)\np.yaml:5:1: has a no-break space (U+00A0) where YAML needs an ordinary space (retype that space: text pasted from Word often carries no-break spaces)\np.yaml:6:1: has a no-break space (U+00A0) where YAML needs an ordinary space (retype that space: text pasted from Word often carries no-break spaces)\np.yaml:7:1: has a no-break space (U+00A0) where YAML needs an ordinary space (retype that space: text pasted from Word often carries no-break spaces)\np.yaml:8:1: has a no-break space (U+00A0) where YAML needs an ordinary space (retype that space: text pasted from Word often carries no-break spaces)\np.yaml:9:1: has 11 more no-break spaces where YAML needs an ordinary space, from this line on (replace them all: search for the no-break space (U+00A0) with your editor's Find and Replace)"),
    Case("no-break-space-in-flow", "Word paste", edit("  logo: {file: logo.svg, alt: Department of Examples logo}",
                                                       "  logo: {file: logo.svg,\u00a0alt: Department of Examples logo}"),
         "p.yaml:9:25: has a no-break space (U+00A0) where YAML needs an ordinary space (retype that space: text pasted from Word often carries no-break spaces)"),
    Case("line-separator", "Word paste", rule("First line\u2028second line."),
         "p.yaml:27:17: contains a line separator, an invisible character (U+2028) (delete it: retype the text if you cannot see where it is)"),
    Case("hangul-filler", "Word paste", edit("Digital team", "Digital\u3164team"),
         "p.yaml:11:17: contains a Hangul filler (a blank-looking letter), an invisible character (U+3164) (delete it: retype the text if you cannot see where it is)"),
    Case("colon-in-list-entry", "advice", edit("    email: digital@doe.example", "    email: Digital: digital@doe.example"),
         "p.yaml:22:19: has a colon followed by a space inside a value (put the value in quotes: email: \"Digital: digital@doe.example\")"),
    Case("apostrophe-in-single-quotes", "advice", edit("  owner: Digital team", "  owner: 'Children's Services team'"),
         "p.yaml:11:20: has a single quote inside a value that is itself in single quotes, so the value ends there (use the other kind of quotes around it: owner: \"Children's Services team\")"),
    Case("title-starts-with-bracket", "advice", edit("  owner: Digital team", "  owner: Digital team\n  title: [DRAFT] Social media policy"),
         "p.yaml:12:18: has a value that starts with [, which YAML reads as a list (put the value in quotes: title: \"[DRAFT] Social media policy\")"),
    Case("value-in-brackets", "advice", edit("  owner: Digital team", "  owner: [Team name]"),
         "p.yaml:11:10: policy.owner: must be text, not a list (if it is text, put it in quotes: owner: \"[Team name]\")"),
    Case("hashtag-value", "advice", edit("purpose: News", "purpose: #ServiceUpdates and news"),
         "p.yaml:19:5: channels[0].purpose: is empty: YAML reads a # after a space as the start of a comment (put the value in quotes: purpose: \"#ServiceUpdates and news\")"),
    # YAML would take `&News` as an anchor's name and keep only "daily": words lost unseen.
    Case("anchor-value", "advice", edit("purpose: News", "purpose: &News daily # first"),
         "p.yaml:19:14: channels[0].purpose: has a value that starts with &, which YAML reads as a name for reuse (an anchor): `&News` would be dropped (put the value in quotes: purpose: \"&News daily\" # first)"),
    Case("email-with-mailto", "advice", edit("email: digital@doe.example", "email: mailto:digital@doe.example"),
         "p.yaml:22:12: contacts[0].email: `mailto:digital@doe.example` is not written as an email address (write just the address, e.g. `digital@doe.example`: the link is made from it)"),
    Case("account-says-here", "link text", edit('account: "@doe_example"', "account: here"),
         "p.yaml:17:14: channels[0].account: `here` does not say which account it is: it is the text of the link to it (write the handle or name, e.g. `@example`)"),
    Case("empty-reason", "approvals", GOOD + "adaptations:\n  posting.checks:\n    action: omit\n    reason: \"\"\n"
         "    approved_by: Head of Digital\n    date: 2026-01-01\n",
         "p.yaml:26:13: adaptations.posting.checks.reason: is empty (every departure from the base needs a reason, who approved it and when)"),
    Case("logo-folder-wrong-case", "logo files", edit("file: logo.svg", "file: Logos/logo.svg"),
         "p.yaml:9:16: department.logo.file: no file at Logos/logo.svg; there is logos/logo.svg (write the name exactly, with the same capital letters: other computers tell them apart)", {"logos/logo.svg": SVG}),
    Case("too-many-rules", "huge and deeply nested files", GOOD + "local_rules:\n" + "".join(
        f"  - {{id: local.r{i}, title: Rule {i}, text: Rule {i}., reason: R, approved_by: A, date: 2026-01-01}}\n"
        for i in range(201)),
         "p.yaml:23:1: local_rules: has 201 local rules; the most allowed is 200 (keep the rules where your department departs from the base, and publish long procedures separately)"),
    # --- found in a user trial (issue 28): the line at fault, and advice that fixes it -----
    Case('first-key-no-space', 'missing space', edit("  name: Department of Examples", "  name:Department of Examples"),
         'p.yaml:4:3: has no space after the colon of `name:` (put a space after the colon: `name: Department of Examples`)'),
    Case('key-no-space', 'missing space', edit("  short_name: DoE", "  short_name:DoE"),
         'p.yaml:5:3: has no space after the colon of `short_name:` (put a space after the colon: `short_name: DoE`)'),
    Case('list-key-no-space', 'missing space', edit("  - role: Digital lead", "  - role:Digital lead"),
         'p.yaml:21:5: has no space after the colon of `role:` (put a space after the colon: `role: Digital lead`)'),
    Case('last-key-no-space', 'missing space', GOOD.split("contacts:")[0] + "contacts:\n  - role: Digital lead\n    email:digital@doe.example\n",
         'p.yaml:22:5: has no space after the colon of `email:` (put a space after the colon: `email: digital@doe.example`)'),
    Case('only-key-no-space', 'missing space', GOOD.split("contacts:")[0] + "contacts:\n  - email:digital@doe.example\n",
         'p.yaml:21:5: contacts[0]: has no space after the colon of `email:` (put a space after the colon: `email: digital@doe.example`)'),
    Case('url-no-space', 'missing space', edit("    url: https", "    url:https"),
         'p.yaml:18:5: has no space after the colon of `url:` (put a space after the colon: `url: https://x.com/doe_example`)'),
    Case('handle-no-space', 'missing space', edit("    account: \"@doe_example\"", "    account:@doe_example"),
         'p.yaml:17:5: has no space after the colon of `account:` (put a space after the colon: `account: "@doe_example"`)'),
    Case('colon-in-reason', 'malformed YAML', edit("  owner: Digital team", "  owner: Note: this team"),
         'p.yaml:11:14: has a colon followed by a space inside a value (put the value in quotes: owner: "Note: this team")'),
    Case('colon-in-curly-quotes', 'Word paste', edit("  owner: Digital team", "  owner: \u201cDigital: team\u201d"),
         'p.yaml:11:18: has a colon followed by a space inside a value (put the value in quotes: owner: "Digital: team")'),
    Case('quote-then-text', 'advice', edit("purpose: News", "purpose: \"News\" and updates"),
         'p.yaml:19:21: has text after a value that starts with a double quote: YAML reads the quotes as the whole value (put the whole value in quotes: purpose: \'"News" and updates\')'),
    Case('value-starts-with-backtick', 'advice', edit("purpose: News", "purpose: `News` daily"),
         'p.yaml:19:14: has a value that starts with a backtick (`), which YAML only allows inside quotes (put the value in quotes: purpose: "`News` daily")'),
    Case('value-starts-with-star', 'advice', edit("purpose: News", "purpose: *Urgent* news"),
         'p.yaml:19:14: has a value that starts with *, which YAML reads as the name of another value (put the value in quotes: purpose: "*Urgent* news")'),
    Case('value-starts-with-bang', 'advice', edit("purpose: News", "purpose: !News"),
         'p.yaml:19:14: channels[0].purpose: has a value that starts with !, which YAML reads as a tag (put the value in quotes: purpose: "!News")'),
    Case('value-starts-with-percent', 'advice', edit("purpose: News", "purpose: %100 news"),
         'p.yaml:19:14: has a value that starts with %, which YAML only allows inside quotes (put the value in quotes: purpose: "%100 news")'),
    Case('value-starts-with-pipe', 'advice', edit("purpose: News", "purpose: | News"),
         'p.yaml:19:14: has a value that starts with | and text after it, which YAML only allows on the lines below (put the value in quotes: purpose: "| News")'),
    Case('value-starts-with-dash', 'advice', edit("purpose: News", "purpose: - News"),
         'p.yaml:19:14: has a value that starts with -, which YAML reads as a list (put the value in quotes: purpose: "- News")'),
    Case('list-item-too-far-in', 'list indentation', GOOD + "   - role: Press office\n     email: press@doe.example\n",
         "p.yaml:23:4: does not line up with the lines around it (the items of one list start in the same column: move `- role:` to column 3, in line with `- role:` on line 21, and the entry's other lines 1 space left with it)"),
    Case('list-item-too-far-out', 'list indentation', GOOD + " - role: Press office\n   email: press@doe.example\n",
         "p.yaml:23:2: does not line up with the lines around it (the items of one list start in the same column: move `- role:` to column 3, in line with `- role:` on line 21, and the entry's other lines 1 space right with it)"),
    Case('list-key-under-dash', 'list indentation', edit("    email: digital@doe.example", "   email: digital@doe.example"),
         'p.yaml:22:4: does not line up with the lines around it (keys of one block start in the same column: move `email:` to column 5, in line with `role:` on line 21)'),
    Case('key-typed-twice-in-block', 'duplicate keys', edit("  slug: doe", "  slug: doe\n  slug: doe2"),
         'p.yaml:7:3: department.slug: is given twice (keep one of them: delete this line)'),
    Case('en-dash-list-mark', 'Word paste', edit("  - role: Digital lead", "  \u2013 role: Digital lead"),
         'p.yaml:21:3: starts with an en dash (\u2013), which YAML does not read as the start of a list entry (start the entry with a hyphen and a space: `- role: Digital lead`)'),
    Case('en-dash-only-entry', 'Word paste', GOOD.split("contacts:")[0] + "contacts:\n  \u2013 email: digital@doe.example\n",
         'p.yaml:21:3: contacts: starts with an en dash (\u2013), which YAML does not read as the start of a list entry (start the entry with a hyphen and a space: `- email: digital@doe.example`)'),
    Case('bullet-list-mark', 'Word paste', edit("  - role: Digital lead", "  \u2022 role: Digital lead"),
         'p.yaml:21:3: starts with a bullet (•), which YAML does not read as the start of a list entry (start the entry with a hyphen and a space: `- role: Digital lead`)'),
    Case('windows-1252-quotes', 'non-UTF-8', edit("  owner: Digital team", "  owner: \u201cDigital\u201d team").replace("\n", "\r\n").encode("cp1252"),
         'p.yaml:11:10: is not UTF-8 text (save the file as UTF-8 in your editor)'),
    Case('windows-1252-dash', 'non-UTF-8', b"\xef\xbb\xbf" + edit("Department of Examples", "Department \u2013 Examples").encode("cp1252"),
         'p.yaml:4:20: is not UTF-8 text (save the file as UTF-8 in your editor)\np.yaml:9:42: is not UTF-8 text (save the file as UTF-8 in your editor)'),
    Case('zero-width-in-key', 'Word paste', edit("  owner: Digital", "  own\u200ber: Digital"),
         'p.yaml:11:6: contains a zero-width space, an invisible character (U+200B) (delete it: retype the text if you cannot see where it is)'),
    Case('no-break-space-after-key-in-list', 'Word paste', edit("    email: digital", "    email:\u00a0digital"),
         'p.yaml:22:11: has a no-break space (U+00A0) where YAML needs an ordinary space (retype that space: text pasted from Word often carries no-break spaces)'),
    Case('date-day-first', 'dates', edit("effective: 2026-01-01", "effective: 12/05/2026"),
         'p.yaml:13:14: policy.effective: `12/05/2026` is not written as YYYY-MM-DD (write `effective: 2026-05-12`: that is 12 May 2026, day first)'),
    Case('date-month-first', 'dates', edit("effective: 2026-01-01", "effective: 05/13/2026"),
         'p.yaml:13:14: policy.effective: `05/13/2026` is not written as YYYY-MM-DD (write `effective: 2026-05-13`: that is 13 May 2026, month first)'),
    Case('date-dots', 'dates', edit("review_by: 2027-01-01", "review_by: 1.1.2027"),
         'p.yaml:14:14: policy.review_by: `1.1.2027` is not written as YYYY-MM-DD (write `review_by: 2027-01-01`: that is 1 January 2027, day first)'),
    Case('tab-indentation-in-list', 'tabs', edit("    email: digital", "\temail: digital"),
         'p.yaml:22:1: has a tab, which YAML does not allow here (indent with spaces, not tabs)'),
    Case('tab-after-dash', 'tabs', edit("  - role: Digital lead", "  -\trole: Digital lead"),
         'p.yaml:21:4: has a tab, which YAML does not allow here (replace the tab with a space)'),
    Case('unclosed-quote-with-quote-inside', 'malformed YAML', edit("  owner: Digital team", "  owner: \"Digital \"A\" team"),
         'p.yaml:11:20: has text after a value that starts with a double quote: YAML reads the quotes as the whole value (put the whole value in quotes: owner: \'"Digital "A" team\')'),
    Case('flag-yes', 'yes and no', GOOD + "no_research_on_public: yes\n",
         'p.yaml:23:24: no_research_on_public: must be true or false, not text (write `no_research_on_public: true`: `yes` is read as text)'),
    Case('flag-off', 'yes and no', GOOD + "no_recording_without_consent: off\n",
         'p.yaml:23:31: no_recording_without_consent: must be true or false, not text (write `no_recording_without_consent: false`: `off` is read as text)'),
    # Issue 28, review and user trial: advice that kept a comment out of the quotes, a
    # forgotten list dash, quotes kept as typed, a block's line, look-alike hyphens.
    Case('comment-after-colon-value', 'advice', edit("purpose: News", "purpose: Recruitment: corporate news # check"),
         'p.yaml:19:25: has a colon followed by a space inside a value (put the value in quotes: purpose: "Recruitment: corporate news" # check)',
         intended={'channels[0].purpose': 'Recruitment: corporate news'}),
    Case('comment-after-handle', 'advice', edit('account: "@doe_example"', "account: @doe_example  # X handle"),
         'p.yaml:17:14: has a value that starts with @, which YAML only allows inside quotes (put the value in quotes: account: "@doe_example"  # X handle)',
         intended={'channels[0].account': '@doe_example'}),
    Case('comment-after-bracket', 'advice', edit("purpose: News", "purpose: [Internal] news # note"),
         'p.yaml:19:25: has a value that starts with [, which YAML reads as a list (put the value in quotes: purpose: "[Internal] news" # note)',
         intended={'channels[0].purpose': '[Internal] news'}),
    Case('comment-after-quote-in-quotes', 'advice', edit("  owner: Digital team", "  owner: 'Children's Services team' # HR"),
         'p.yaml:11:20: has a single quote inside a value that is itself in single quotes, so the value ends there (use the other kind of quotes around it: owner: "Children\'s Services team" # HR)',
         intended={'policy.owner': "Children's Services team"}),
    Case('forgotten-list-dash', 'list indentation', edit("    purpose: News\n", "    purpose: News\n" + LINKEDIN),
         "p.yaml:20:5: channels[0].platform: is given twice: this line and the ones after it repeat the entry's keys, as a new entry's would (add `- ` before `platform:` to start a new entry: `- platform: LinkedIn`)",
         intended={'channels[1].platform': 'LinkedIn', 'channels[1].purpose': 'Jobs', 'channels[0].purpose': 'News'}),
    Case('dash-without-space', 'list indentation', edit("    purpose: News\n", "    purpose: News\n  -" + LINKEDIN[4:]),
         'p.yaml:20:3: has no space after the dash that starts a list entry (put a space after the dash: `- platform: LinkedIn`)',
         intended={'channels[1].platform': 'LinkedIn'}),
    Case('quoted-value-no-space', 'missing space', edit("  short_name: DoE", '  short_name:"CTC"'),
         'p.yaml:5:3: has no space after the colon of `short_name:` (put a space after the colon: `short_name: "CTC"`)',
         intended={'department.short_name': 'CTC'}),
    Case('quoted-value-no-space-in-list', 'missing space', edit("    purpose: News\n", '    purpose: News\n    monitored:"Monday to Friday, 9am to 5pm"\n'),
         'p.yaml:20:5: has no space after the colon of `monitored:` (put a space after the colon: `monitored: "Monday to Friday, 9am to 5pm"`)',
         intended={'channels[0].monitored': 'Monday to Friday, 9am to 5pm'}),
    Case('block-line-indented-short', 'list indentation', rule("First line.\n     Second line."),
         "p.yaml:28:6: is a line of the block of text above it, but indented less than its other lines (indent it by 6 spaces, to line up with the block's lines above)",
         intended={'local_rules[0].text': 'First line.\nSecond line.\n'}),
    # A user trial's slip: one space where four were meant, left of the block's own key.
    Case('block-line-left-of-its-key', 'list indentation', rule("First line.\n Second line."),
         "p.yaml:28:2: is a line of the block of text above it, but indented less than its other lines (indent it by 6 spaces, to line up with the block's lines above)",
         intended={'local_rules[0].text': 'First line.\nSecond line.\n'}),
    Case('no-space-and-later-colon', 'missing space', edit("  name: Department of Examples", "  name:Canolfan Treftadaeth Cymru: Heritage Wales Centre"),
         'p.yaml:4:3: department.name: has no space after the colon of `name:` (put a space after the colon: `name: "Canolfan Treftadaeth Cymru: Heritage Wales Centre"`)',
         intended={'department.name': 'Canolfan Treftadaeth Cymru: Heritage Wales Centre'}),
    Case('slug-no-break-hyphen', 'Word paste', edit("slug: doe", "slug: doe\u2011wales"),
         'p.yaml:6:9: department.slug: the hyphen in `doe\u2011wales` is a no-break hyphen (U+2011), as Word pastes it (type an ordinary hyphen: `slug: doe-wales`)',
         intended={'department.slug': 'doe-wales'}),
    Case('slug-en-dash', 'Word paste', edit("slug: doe", "slug: doe\u2013wales # folder"),
         'p.yaml:6:9: department.slug: the hyphen in `doe\u2013wales` is an en dash (U+2013), as Word pastes it (type an ordinary hyphen: `slug: doe-wales # folder`)',
         intended={'department.slug': 'doe-wales'}),
    Case('tag-word-in-value', 'advice', edit("purpose: News", "purpose: !Important news # note"),
         'p.yaml:19:14: channels[0].purpose: has a value that starts with !, which YAML reads as a tag (put the value in quotes: purpose: "!Important news" # note)',
         intended={'channels[0].purpose': '!Important news'}),
    Case('flow-missing-comma', 'malformed YAML', edit("  logo: {file: logo.svg, alt: Department of Examples logo}", '  logo: {file: logo.svg alt: "Department of Examples logo"}'),
         'p.yaml:9:28: has two entries with no comma between them (separate the entries with a comma: logo: {file: logo.svg, alt: "Department of Examples logo"})',
         intended={'department.logo.alt': 'Department of Examples logo'}),
]
