"""The command line's words: every command, argument and default, as `--help` prints them.

Kept apart from generator/cli.py, which runs the commands: this module only describes them.
Each command has a description (what it does, what it writes, its exit status where that is
particular) and an example; each argument a help line naming its default. The words are
for the people the tool is for, HR and communications officers as well as developers.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import textwrap
from pathlib import Path

from generator import __version__
from generator.language import english_name, languages
from generator.policy import edition_names
from generator.review import DECISIONS

DEFAULT_FOLDER = Path("profiles")
DEFAULT_OUT = Path("output")


def parser(default_jobs: int) -> argparse.ArgumentParser:
    """The whole command line; each command's parser sets `command` to its name."""
    top = argparse.ArgumentParser(
        prog="policy-pack", formatter_class=_Paragraphs,
        description="Turn a department's YAML profile into its social media policy: an "
        "accessible PDF, a Word document and a web page, with a register of every departure "
        "from the Cabinet Office guidance and the reason for it.",
        epilog="Start with `policy-pack new my-department.yaml`, then `policy-pack check "
        "my-department.yaml`, then `policy-pack build my-department.yaml`. "
        "`policy-pack COMMAND --help` says more about each command.")
    top.add_argument("--version", action="version", version=f"policy-pack {__version__}")
    top.add_argument("--debug", action="store_true", help=_DEBUG)
    commands = top.add_subparsers(title="commands", required=True, metavar="COMMAND")
    for add in (_build, _check, _audit, _compare, _matrix, _impact, _site, _serve,
                _signoff, _translate, _new, _schema, _history):
        sub = add(commands, default_jobs)
        # SUPPRESS: a --debug given before the command must not be reset by the sub-parser.
        sub.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                         help=_DEBUG)
    return top


_DEBUG = "if policy-pack reports an internal error (a bug), show the details to report"
_PROFILES = ("profiles (.yaml files) or folders of them; a folder means every profile in it "
             f"(default: {DEFAULT_FOLDER}/)")
_OUT = f"the folder to write into (default: {DEFAULT_OUT}/, made if missing)"


def _command(commands: argparse._SubParsersAction[argparse.ArgumentParser], name: str,
             summary: str, description: str, example: str) -> argparse.ArgumentParser:
    sub = commands.add_parser(name, help=summary, description=description,
                              epilog="For example:\n" + textwrap.indent(example, "  "),
                              formatter_class=_Paragraphs)
    sub.set_defaults(command=name)
    return sub


def _jobs(sub: argparse.ArgumentParser, default_jobs: int) -> None:
    sub.add_argument("--jobs", type=_positive, default=default_jobs, metavar="N",
                     help="how many packs to make at once, each in its own process "
                     f"(default: the number of cores, {default_jobs} here)")


def _build(commands: argparse._SubParsersAction[argparse.ArgumentParser],
           default_jobs: int) -> argparse.ArgumentParser:
    sub = _command(
        commands, "build", f"make the policy packs (default: {DEFAULT_FOLDER}/ into "
        f"{DEFAULT_OUT}/)",
        "Make each profile's pack: the policy as a tagged PDF, a Word document (DOCX) and a "
        "web page, the public page on the department's accounts, and manifest.json, in "
        "<slug>/ in the --out folder. A profile that names a translation also gets its pack "
        "in that language once the translation is finished. Each PDF and DOCX is checked "
        "for accessibility before it is written; a pack that fails is not written, and the "
        "pack from the last good build stays.\n\n"
        "A pack whose profile, base text and policy-pack are unchanged since the last build "
        "is skipped (use --force to make it again).\n\n"
        "Exit status: 0 every pack made; 1 a pack failed, or a translated pack was held "
        "back because its translation is unfinished; 2 no profile was found, or every "
        "profile has a mistake (printed as `check` prints it).",
        f"policy-pack build\npolicy-pack build {DEFAULT_FOLDER}/dwp.yaml --out packs")
    sub.add_argument("paths", nargs="*", type=Path, metavar="PROFILE|DIR", help=_PROFILES)
    sub.add_argument("--out", type=Path, default=DEFAULT_OUT, metavar="DIR", help=_OUT)
    sub.add_argument("--audit-html", action="store_true",
                     help="also check each web page for accessibility with axe-core in "
                     "Chromium (slower; needs Chromium and axe-core, as `make test` installs)")
    _jobs(sub, default_jobs)
    sub.add_argument("--force", action="store_true",
                     help="make every pack again, even where nothing it comes from changed")
    sub.add_argument("--replace", action="store_true",
                     help="write over a pack folder that another profile made (two profiles "
                     "with the same slug); without it, that profile fails")
    return sub


def _check(commands: argparse._SubParsersAction[argparse.ArgumentParser],
           default_jobs: int) -> argparse.ArgumentParser:
    sub = _command(
        commands, "check", f"check profiles as build would, without making packs (default: "
        f"{DEFAULT_FOLDER}/)",
        "Check each profile as `build` does, without making anything: the YAML and its "
        "fields, the logo, characters no bundled font can draw, two profiles with one slug, "
        "and each translation the profile names. Prints `PROFILE: ok`, or each problem as "
        "`file:line:column: field: what is wrong`, with how to put it right.\n\n"
        "Exit status: 0 all ok; 1 only a translation is unfinished (build would make the "
        "English pack and hold that one back); 2 a profile has a mistake.",
        f"policy-pack check\npolicy-pack check {DEFAULT_FOLDER}/dwp.yaml")
    sub.add_argument("paths", nargs="*", type=Path, metavar="PROFILE|DIR", help=_PROFILES)
    return sub


def _audit(commands: argparse._SubParsersAction[argparse.ArgumentParser],
           default_jobs: int) -> argparse.ArgumentParser:
    sub = _command(
        commands, "audit", "check PDF, DOCX and HTML files for accessibility",
        "Check any PDF, Word (DOCX) or HTML file for accessibility, whoever made it: a PDF's "
        "tags, reading order, language, title, bookmarks, fonts and links (PDF/UA); a DOCX's "
        "headings, language, alternative text, tables and contrast; a web page with axe-core "
        "in Chromium at 1280 and 320 CSS pixels wide (HTML needs Chromium and axe-core). "
        "Prints each file's findings, or that it has none.\n\n"
        "Exit status: 0 no findings; 1 any finding; 2 a file that is missing or is not a "
        "PDF, DOCX or HTML file (nothing is audited).",
        f"policy-pack audit {DEFAULT_OUT}/dwp/dwp-social-media-policy.pdf\n"
        f"policy-pack audit {DEFAULT_OUT}/dwp/*.pdf {DEFAULT_OUT}/dwp/*.docx --json")
    sub.add_argument("files", nargs="+", type=Path, metavar="FILE",
                     help="the files to check: .pdf, .docx, .html (one or more)")
    sub.add_argument("--json", action="store_true",
                     help="print the findings as JSON, for scripts, instead of as text")
    return sub


def _compare(commands: argparse._SubParsersAction[argparse.ArgumentParser],
             default_jobs: int) -> argparse.ArgumentParser:
    side = f"a profile, or the base text of an edition as base:EDITION, where EDITION is " \
        f"{_editions(' or ')}"
    sub = _command(
        commands, "compare", "compare two policies section by section",
        "Compare two policies section by section, and their details, accounts and contacts: "
        "two departments, or a department and the base text. Says when the two are on "
        "different editions of the base. Writes compare-<A>-vs-<B>/ in the --out folder: "
        "report.html, redline.docx (the changes tracked, the reasons as comments) and diff.json.",
        f"policy-pack compare {DEFAULT_FOLDER}/dwp.yaml {DEFAULT_FOLDER}/dvla.yaml\n"
        f"policy-pack compare base:2014-10 {DEFAULT_FOLDER}/dwp.yaml")
    sub.add_argument("a", metavar="A", help=side)
    sub.add_argument("b", metavar="B", help=side)
    sub.add_argument("--out", type=Path, default=DEFAULT_OUT, metavar="DIR", help=_OUT)
    return sub


def _matrix(commands: argparse._SubParsersAction[argparse.ArgumentParser],
            default_jobs: int) -> argparse.ArgumentParser:
    sub = _command(
        commands, "matrix", "every department by every section, against the base",
        "Read every profile in a folder and show, for each section of the base text and each "
        "local rule, which departments keep it, change it, leave it out or add to it: a "
        "table of departments by sections, made to be read with 50 departments and more, "
        "with a view of the departures only and one for each edition and jurisdiction. "
        "Writes matrix/ in the --out folder: matrix.html and its other views, matrix.csv, "
        "matrix.xlsx and matrix.json.",
        "policy-pack matrix\npolicy-pack matrix all-departments/ --out review")
    sub.add_argument("folder", nargs="?", type=Path, default=DEFAULT_FOLDER, metavar="DIR",
                     help=f"a folder of profiles (default: {DEFAULT_FOLDER}/)")
    sub.add_argument("--out", type=Path, default=DEFAULT_OUT, metavar="DIR", help=_OUT)
    return sub


def _impact(commands: argparse._SubParsersAction[argparse.ArgumentParser],
            default_jobs: int) -> argparse.ArgumentParser:
    sub = _command(
        commands, "impact", "what a new edition of the base means for each department",
        "For each profile, what moving to another edition of the base guidance would change: "
        "sections new, changed or gone, and which of the department's departures touch them "
        "and need a look. Changes no profile. Writes impact-<EDITION>/ in the --out folder: "
        "impact.html and impact.json.",
        f"policy-pack impact --to 2014-10 {DEFAULT_FOLDER}/nics-finance.yaml\n"
        f"policy-pack impact --to 2014-10 {DEFAULT_FOLDER}/")
    sub.add_argument("--to", required=True, metavar="EDITION",
                     help=f"the edition to move to: {_editions(' or ')}")
    sub.add_argument("paths", nargs="+", type=Path, metavar="PROFILE|DIR",
                     help="profiles (.yaml files) or folders of them; a folder means every "
                     "profile in it")
    sub.add_argument("--out", type=Path, default=DEFAULT_OUT, metavar="DIR", help=_OUT)
    return sub


def _site(commands: argparse._SubParsersAction[argparse.ArgumentParser],
          default_jobs: int) -> argparse.ArgumentParser:
    sub = _command(
        commands, "site", "every pack and review in one folder of web pages, with an index",
        "Make every profile's pack and the reviews (the matrix, the departures register "
        "across departments, the impact of the newest edition) into one folder of static "
        "web pages. Its index.html is the reviewers' dashboard: each department's version, "
        "edition, owner, review date and sign-off. Every link is relative, so the folder can "
        "be opened from a disk or put on any web server; it needs no scripts.",
        f"policy-pack site\npolicy-pack site {DEFAULT_FOLDER}/ --out site --as-of 2026-12-07")
    sub.add_argument("folder", nargs="?", type=Path, default=DEFAULT_FOLDER, metavar="DIR",
                     help=f"a folder of profiles (default: {DEFAULT_FOLDER}/)")
    sub.add_argument("--out", type=Path, default=DEFAULT_OUT, metavar="DIR", help=_OUT)
    _jobs(sub, default_jobs)
    sub.add_argument("--as-of", type=_day, metavar="YYYY-MM-DD",
                     help="the day from which the dashboard counts a review as overdue "
                     "(default: today, or the day of SOURCE_DATE_EPOCH where it is set, so "
                     "the same profiles make the same site)")
    return sub


def _serve(commands: argparse._SubParsersAction[argparse.ArgumentParser],
           default_jobs: int) -> argparse.ArgumentParser:
    sub = _command(
        commands, "serve", "edit profiles in the browser, and browse the reviews",
        "Open the editor in the browser: a step-by-step way to write and change profiles "
        "without editing YAML, with a preview of the pack, and the reviewers' pages. It "
        "prints its address with a key for this run; only someone with the key can use it. "
        "Ctrl+C stops it. Needs policy-pack[serve] (`make run` installs it).",
        f"policy-pack serve\npolicy-pack serve {DEFAULT_FOLDER}/ --port 8080 --no-browser")
    sub.add_argument("folder", nargs="?", type=Path, default=DEFAULT_FOLDER, metavar="DIR",
                     help=f"the folder of profiles to edit (default: {DEFAULT_FOLDER}/)")
    sub.add_argument("--port", type=int, default=8000, metavar="N",
                     help="the port (default: 8000; 0 for any free port)")
    sub.add_argument("--host", default="127.0.0.1", metavar="H",
                     help="the address to listen on (default: 127.0.0.1, this machine only); "
                     "any other needs --allowed-host")
    sub.add_argument("--allowed-host", action="append", default=[], metavar="NAME",
                     help="a host name people use to reach the editor; give it once for each "
                     "name (default: none besides this machine)")
    sub.add_argument("--read-only", action="store_true",
                     help="serve only the reviews and the previews: no editing")
    sub.add_argument("--no-browser", action="store_true",
                     help="do not open a browser (default: open one at the editor's address)")
    sub.add_argument("--team", action="store_true",
                     help="the editor for a department's team: people sign in through the "
                     "organisation's single sign-on, and DIR/team/access.yaml says who may "
                     "do what; needs POLICY_PACK_SECRET and POLICY_PACK_CLIENT_SECRET in the "
                     "environment (see the README's team mode)")
    sub.add_argument("--behind-proxy", action="store_true",
                     help="trust the X-Forwarded-For, -Proto and -Host headers of one reverse "
                     "proxy in front of the editor (without it they are ignored)")
    return sub


def _signoff(commands: argparse._SubParsersAction[argparse.ArgumentParser],
             default_jobs: int) -> argparse.ArgumentParser:
    sub = _command(
        commands, "signoff", "record a central reviewer's decision on a profile",
        "Record a central reviewer's decision on a department's profile: accepted, or "
        "returned to the department with a comment. The profile is checked first, as "
        "`check` does: a profile with problems cannot be signed off. The decision is added "
        "to signoffs/<slug>.yaml in the profile's folder (keep it in version control with "
        "the profiles) and names the SHA-256 of the profile's bytes: a profile changed "
        "afterwards, even only saved again with Windows line endings, shows \"changed since "
        "sign-off\" until it is signed off again.",
        f"policy-pack signoff {DEFAULT_FOLDER}/dwp.yaml --reviewer \"Jane Smith\" "
        "--decision accepted\n"
        f"policy-pack signoff {DEFAULT_FOLDER}/dvla.yaml --reviewer \"Jane Smith\" "
        "--decision returned --comment \"Give a reason for omitting section 4.\"")
    sub.add_argument("profile", type=Path, metavar="PROFILE", help="the profile judged")
    sub.add_argument("--reviewer", required=True, metavar="NAME",
                     help="your name, as colleagues know it: --reviewer \"Jane Smith\"")
    sub.add_argument("--decision", required=True, metavar="|".join(DECISIONS),
                     help="accepted, or returned to the department to put right")
    sub.add_argument("--comment", default="", metavar="TEXT",
                     help="what you found; needed when the profile is returned "
                     "(default: none)")
    return sub


def _translate(commands: argparse._SubParsersAction[argparse.ArgumentParser],
               default_jobs: int) -> argparse.ArgumentParser:
    sub = _command(
        commands, "translate", "write the file a translator needs (XLIFF) for a pack in "
        "Welsh",
        "Write an XLIFF 1.2 file, the format translators' tools (Trados, memoQ, OmegaT) "
        "open, with one unit for each piece of the pack's text the department owns: the "
        "base text as the pack uses it, its replacements, local rules, topics and the cells "
        "of its tables. Run it again on the file the translator sent back: their "
        "translations are kept, new text is added, and text whose English changed is marked "
        "for review with the old English beside it. Name the file in the profile "
        "(translations: {cy: FILE.xlf}) and `build` makes the pack in that language once "
        "every unit is translated.",
        f"policy-pack translate {DEFAULT_FOLDER}/welsh-government.yaml --lang cy "
        f"--out {DEFAULT_FOLDER}/welsh-government-cy.xlf")
    sub.add_argument("profile", type=Path, metavar="PROFILE",
                     help="the profile whose pack is to be translated")
    known = ", ".join(f"{code} ({english_name(code)})" for code in languages())
    sub.add_argument("--lang", required=True, metavar="CODE",
                     help=f"the language to translate into: {known}")
    sub.add_argument("--out", required=True, type=Path, metavar="FILE.xlf",
                     help="the file to write; a translator's file there is updated, its "
                     "translations kept")
    return sub


def _new(commands: argparse._SubParsersAction[argparse.ArgumentParser],
         default_jobs: int) -> argparse.ArgumentParser:
    sub = _command(
        commands, "new", "write a commented starter profile",
        "Write a starter profile, every field explained in a comment and each value to "
        "change marked FILL IN. It never writes over a file that exists. Fill it in, then "
        "`policy-pack check` it.",
        "policy-pack new profiles/my-department.yaml")
    sub.add_argument("profile", type=Path, metavar="PROFILE",
                     help="the file to write (a new .yaml file)")
    return sub


def _schema(commands: argparse._SubParsersAction[argparse.ArgumentParser],
            default_jobs: int) -> argparse.ArgumentParser:
    return _command(
        commands, "schema", "print the profile format as a JSON Schema",
        "Print the JSON Schema of the profile format, for editors such as VS Code to check "
        "a profile and complete its fields as it is typed.",
        "policy-pack schema > profile.schema.json")


def _history(commands: argparse._SubParsersAction[argparse.ArgumentParser],
             default_jobs: int) -> argparse.ArgumentParser:
    sub = _command(
        commands, "history", "print who changed a profile, what and when",
        "Print every version of a profile kept in git, newest first: when it was made, by "
        "whom, and each change in words, as the editor names the answers (\"Changed the "
        "date the policy must be reviewed by from 1 June 2027 to 1 June 2028\"). The team "
        "editor (`policy-pack serve --team`) makes a version of each save, under the name "
        "of the person signed in; a change made in a text editor and committed with git "
        "shows under its own author. The profile is followed through its renames and its "
        "moves to drafts/ and archive/. Reads only: nothing is written.\n\n"
        "Exit status: 0 printed; 2 the profile's folder is in no git repository.",
        f"policy-pack history {DEFAULT_FOLDER}/dwp.yaml\n"
        f"policy-pack history {DEFAULT_FOLDER}/dwp.yaml | less")
    sub.add_argument("profile", type=Path, metavar="PROFILE",
                     help="the profile whose history to print (a .yaml file)")
    return sub


def _editions(last: str) -> str:
    """The editions the tool knows, by name (an edition is named for its month):
    "2012-05 (May 2012) or 2014-10 (October 2014)", `last` joining the last two."""
    said = [f"{name} ({dt.date.fromisoformat(f'{name}-01'):%B %Y})"
            for name in edition_names()]
    return ", ".join(said[:-1]) + last + said[-1] if len(said) > 1 else "".join(said)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date: write it as YYYY-MM-DD, "
                                         "such as 2026-12-07") from None


class _Paragraphs(argparse.HelpFormatter):
    """Fill each paragraph of a description on its own, and keep example lines as written."""

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        if text.startswith("For example:\n"):
            return textwrap.indent(text, indent)
        # Not at hyphens, inside words or inside a `command`: each must stay whole to be copied.
        kept = re.sub(r"`[^`]*`", lambda m: m.group().replace(" ", "\0"), text)
        return "\n\n".join(textwrap.fill(paragraph, width, initial_indent=indent,
                                         subsequent_indent=indent, break_on_hyphens=False,
                                         break_long_words=False).replace("\0", " ")
                           for paragraph in kept.split("\n\n"))
