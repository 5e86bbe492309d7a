"""The command line: parse, call the library, map errors to exit codes. Nothing else.

Exit status (design.md, CONTRACT): 0 success; 1 the command ran and found failures; 2 usage
error or invalid input; 70 an internal error, which is a bug.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import gc
import json
import os
import sys
import time
import traceback
from collections.abc import Sequence
from pathlib import Path

from generator.arguments import parser
from generator.audit import HtmlAuditor, audit, format_report
from generator.batch import Note, build_all, default_jobs
from generator.build import Built, Failed, InternalError
from generator.console import print_summary, progress
from generator.errors import PolicyPackError, Problem, ProfileError, UsageError
from generator.language import english_name
from generator.policy import available_editions
from generator.profile import check_profiles, load_profile, profile_files, write_starter
from generator.resources import profile_schema
from generator.review import (
    edition_months,
    edition_notice,
    run_compare,
    run_impact,
    run_matrix,
    sign_off,
    summary_counts,
)
from generator.site import build_site
from generator.translate import translate
from generator.versions import TRAILER, approvals, history, typed_approvals

EXIT_OK, EXIT_FAILURES, EXIT_INVALID, EXIT_BUG = 0, 1, 2, 70


def main(argv: Sequence[str] | None = None) -> int:
    if argv is None:  # the program itself, not a caller in its own process
        # What is loaded by now (the libraries, templates, tables) lives as long as the
        # process: frozen, the collector's full passes during a build no longer walk it
        # again and again (three of them took 0.15 s of a one-profile build; now two, 0.05).
        gc.freeze()
    args = parser(default_jobs()).parse_args(argv)
    try:
        code: int = _RUNS[args.command](args)
        return code
    except ProfileError as exc:  # `path:line:column: key: message` lines, as check prints
        print(str(exc), file=sys.stderr)
        return exc.exit_code
    except PolicyPackError as exc:
        print(f"policy-pack: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("policy-pack: stopped", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `policy-pack site | head -3`: the reader stopped reading
        # Python would report the pipe again as it flushes stdout at exit: point it nowhere.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141  # 128 + SIGPIPE, as a shell reports a command whose reader left
    except Exception:
        if args.debug:
            traceback.print_exc()
        print("policy-pack: internal error: this is a bug in policy-pack, not in your "
              "profile. Run again with --debug and report what it prints.", file=sys.stderr)
        return EXIT_BUG


def _build(args: argparse.Namespace) -> int:
    paths = args.paths or [Path("profiles")]
    started = time.perf_counter()
    files = profile_files(paths)  # listed once: for the progress bar and for the build
    notes: list[Note] = []
    with contextlib.ExitStack() as stack:
        auditor = stack.enter_context(HtmlAuditor()) if args.audit_html else None
        show = stack.enter_context(progress(len(files)))
        results = build_all(files, args.out, dt.date.today(), auditor=auditor,
                            jobs=args.jobs, force=args.force, replace=args.replace,
                            on_result=show, notes=notes)
    seconds = time.perf_counter() - started
    failed = [r for r in results if isinstance(r, Failed)]
    for failure in failed:
        print(f"FAILED {failure.profile}", file=sys.stderr)
        if args.debug and isinstance(failure.error, InternalError):
            print(_indent(failure.error.trace), file=sys.stderr)
        print(_indent(str(failure.error)), file=sys.stderr)
    for warning in (w for r in results if isinstance(r, Built) for w in r.warnings):
        print(str(warning), file=sys.stderr)
    held = [r for r in results if isinstance(r, Built) and r.held]
    for result in held:
        _print_held(result.profile, result.held, result.held_back, made=True)
    for note in notes:
        print(f"policy-pack: {note.message}", file=sys.stderr)
    if not results:
        print(f"policy-pack: no profiles found in {', '.join(map(str, paths))}", file=sys.stderr)
        return EXIT_INVALID
    print_summary(results, seconds)
    built = len(results) - len(failed)
    if failed and all(isinstance(f.error, ProfileError) for f in failed) and not built:
        return EXIT_INVALID
    return EXIT_FAILURES if failed or held or any(n.error for n in notes) else EXIT_OK


def _print_held(profile: Path, held: Sequence[Problem], languages: Sequence[str],
                made: bool) -> None:
    """Why a translated pack is not made: each unit not ready, at its line in the file.
    `made`: said by build, which made the English pack; else by check."""
    names = " and ".join(english_name(code) for code in languages)
    count = f"{len(held)} thing{'s' if len(held) != 1 else ''} to put right"
    said = (f"the {names} pack was not made (the English pack was)" if made else
            f"build would make the English pack, but not the {names} one")
    print(f"NOT TRANSLATED {profile}: {said}: its translation has {count}", file=sys.stderr)
    for problem in held:
        print(_indent(str(problem)), file=sys.stderr)




def _check(args: argparse.Namespace) -> int:
    paths = args.paths or [Path("profiles")]
    files = profile_files(paths)
    if not files:
        print(f"policy-pack: no profiles found in {', '.join(map(str, paths))}", file=sys.stderr)
        return EXIT_INVALID
    invalid = held = 0
    for path, result in check_profiles(files, available_editions(), dt.date.today()):
        typed = () if isinstance(result, ProfileError) else \
            typed_approvals(path, result.doc.data)  # what a team's editor refuses too
        if isinstance(result, ProfileError) or typed:
            invalid += 1
            print(str(result if isinstance(result, ProfileError) else ProfileError(list(typed))),
                  file=sys.stderr)
            continue
        for warning in result.warnings:
            print(str(warning), file=sys.stderr)
        if result.held:  # build would make the English pack and hold this one back
            held += 1
            _print_held(path, result.held, tuple(
                c.language for c in result.translations if not c.complete), made=False)
            continue
        print(f"{path}: ok")
    return EXIT_INVALID if invalid else EXIT_FAILURES if held else EXIT_OK


def _audit(args: argparse.Namespace) -> int:
    reports = audit(args.files)
    if args.json:
        print(json.dumps([r.as_dict() for r in reports], indent=2))
    else:
        for report in reports:
            print(format_report(report))
    return EXIT_OK if all(r.ok for r in reports) else EXIT_FAILURES


def _compare(args: argparse.Namespace) -> int:
    folder, comparison = run_compare(args.a, args.b, args.out, dt.date.today())
    counts = "; ".join(f"{words}: {count}" for words, count in summary_counts(comparison))
    topics = comparison.topics_differing()
    if topics:  # the departments' own data, apart from the sections
        counts += f"; {topics} structured topic{'s' if topics != 1 else ''} differ"
    print(f"compared {comparison.a} (A) with {comparison.b} (B). {counts}")
    if comparison.across_editions():
        print(f"  {edition_notice(comparison)}")
    print(f"wrote {folder}/report.html, redline.docx, diff.json")
    return EXIT_OK


def _matrix(args: argparse.Namespace) -> int:
    folder, grid = run_matrix(args.folder, args.out, dt.date.today())
    local = len(grid.local_rules())
    print(f"{len(grid.departments)} departments by {len(grid.rows) - local} sections of the "
          f"base text, and {local} local rule{'s' if local != 1 else ''}")
    for row in grid.most_changed()[:5]:  # each out of the departments whose edition has it
        # By its title, as a reviewer knows it; the ID for a script or a profile's key.
        count = row.departures()
        print(f"  {row.title} ({row.id}): {count} of {row.having()} "
              f"depart{'s' if count == 1 else ''} from it")
    print(f"wrote {folder}/matrix.html (and its other views), matrix.csv, matrix.xlsx, "
          "matrix.json")
    return EXIT_OK




def _source_day() -> dt.date | None:
    """The day of SOURCE_DATE_EPOCH (reproducible builds' fixed time), where it is set."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if not epoch.isdigit():
        return None
    return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()


def _site(args: argparse.Namespace) -> int:
    # Each pack said as it is made, as build says it: a site of 20 departments takes a
    # minute, which a silent terminal makes look stuck.
    with progress(len(profile_files([args.folder]))) as show:
        index = build_site(args.folder, args.out,
                           args.as_of or _source_day() or dt.date.today(), jobs=args.jobs,
                           on_result=show)
    print(f"wrote {index}: open it in a browser (every link is relative; no server needed)")
    return EXIT_OK


def _impact(args: argparse.Namespace) -> int:
    folder, impacts = run_impact(args.to, args.paths, args.out, dt.date.today())
    month = edition_months()
    for d in impacts:
        if d.same_edition:
            print(f"{d.department}: already on the {month[d.to_edition]} guidance; nothing "
                  "changes")
        else:
            print(f"{d.department}, {month[d.from_edition]} guidance to "
                  f"{month[d.to_edition]}: {d.summary()}")
    print(f"wrote {folder}/impact.html, impact.json")
    return EXIT_OK


def _signoff(args: argparse.Namespace) -> int:
    try:
        signed = sign_off(args.profile, args.reviewer, args.decision, args.comment,
                          dt.date.today())
    except ProfileError as exc:  # the profile's problems (or its sign-off file's), as check
        print(str(exc), file=sys.stderr)
        return EXIT_INVALID
    for warning in signed.warnings:
        print(str(warning), file=sys.stderr)
    print(signed.line())
    return EXIT_OK


def _translate(args: argparse.Namespace) -> int:
    done = translate(args.profile, args.lang, args.out, dt.date.today())
    to_do = done.units - done.translated
    print(f"wrote {done.path}: {done.units} units, {done.translated} translated, "
          f"{done.review} to review (their English changed), {done.new} new"
          + (f", {done.dropped} dropped (no longer in the pack)" if done.dropped else ""))
    if to_do:
        print(f"send it to the translator: {to_do} unit{'s' if to_do != 1 else ''} to "
              "translate or review")
    return EXIT_OK


def _serve(args: argparse.Namespace) -> int:
    try:  # the editor is an optional extra: the rest of the tool works without it
        from generator.serve import Options, serve
    except ImportError as exc:
        raise UsageError(f"the editor is not installed ({exc.name} is missing): install "
                         "policy-pack[serve], or run `make serve`") from None
    serve(Options(args.folder, args.host, args.port, tuple(args.allowed_host),
                  args.read_only, not args.no_browser, args.team, args.behind_proxy))
    return EXIT_OK


def _new(args: argparse.Namespace) -> int:
    write_starter(args.profile)
    print(f"wrote {args.profile}: replace every FILL IN, then run "
          f"`policy-pack check {args.profile}`")
    return EXIT_OK


def _schema(args: argparse.Namespace) -> int:
    print(profile_schema().read_text("utf-8"), end="")
    return EXIT_OK


def _history(args: argparse.Namespace) -> int:
    """Each version, newest first: when, who, and each change in words."""
    profile: Path = args.profile
    if not profile.is_file():
        raise UsageError(f"{profile} is not a file: name a profile, such as "
                         "profiles/dwp.yaml")
    found = history(profile.parent, profile.name)
    if not found:
        print(f"{profile}: no version of it is in git yet (commit it to start its history)")
    else:
        _awaiting(profile)
    for version in found:
        when = version.when.strftime("%-d %B %Y, %H:%M")
        print(f"{when}  {version.author.name} <{version.author.email}>")
        for change in version.changes or ():
            print(f"  {change.words}")
        if not version.changes:
            print(f"  {version.subject} (no change to the answers)")
        for key, value in version.trailers:
            if key == TRAILER:
                print(f"  {version.author.name} approved the departure {value} on "
                      f"{version.when:%-d %B %Y}")
        print()
    return EXIT_OK


def _awaiting(profile: Path) -> None:
    """The summary above the history: each departure awaiting approval, and why."""
    try:
        data = load_profile(profile).data
    except PolicyPackError:
        return  # the versions below still say what changed
    waiting = [d for d in approvals(profile.parent, profile.name, data) if d.awaiting]
    if not waiting:
        print("No departure awaits approval.\n")
        return
    print(f"{len(waiting)} departure{'s' if len(waiting) != 1 else ''} awaiting approval:")
    for departure in waiting:
        print(f"  {departure.id} ({departure.heading}): {departure.why}")
    print()


def _indent(text: str) -> str:
    return "\n".join(f"  {line}" for line in text.splitlines())


_RUNS = {"build": _build, "check": _check, "audit": _audit, "compare": _compare,
         "matrix": _matrix, "impact": _impact, "site": _site, "serve": _serve,
         "signoff": _signoff, "translate": _translate, "new": _new, "schema": _schema,
         "history": _history}


if __name__ == "__main__":
    raise SystemExit(main())
