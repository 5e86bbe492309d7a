"""What `build` shows while it works: a progress bar on a terminal, plain lines otherwise,
and a summary table at the end. Only the command line uses this module."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator

from generator.build import Built, Failed
from generator.language import english_name

Result = Built | Failed


@contextlib.contextmanager
def progress(total: int) -> Iterator[Callable[[Result], None]]:
    """A callback to report each finished profile."""
    if not sys.stdout.isatty() or total == 0:
        yield _plain_line
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    with Progress("[progress.description]{task.description}", BarColumn(),
                  MofNCompleteColumn(), TimeElapsedColumn(), transient=True) as bar:
        task = bar.add_task("Building packs", total=total)

        def advance(result: Result) -> None:
            bar.update(task, advance=1, description=f"Building packs: {result.profile.name}")

        yield advance


def _plain_line(result: Result) -> None:
    if isinstance(result, Failed):
        print(f"failed    {result.profile}", flush=True)
    elif result.status == "unchanged":
        print(f"unchanged {result.profile} -> {result.folder}/", flush=True)
    else:
        print(f"built     {result.profile} -> {result.folder}/ ({result.pages} PDF pages, "
              f"{result.seconds:.1f} s{_languages(result)})", flush=True)


def _languages(built: Built) -> str:
    """", and in Welsh", or ", not in Welsh: its translation is not finished"."""
    made = f", and in {_names(built.translated)}" if built.translated else ""
    held = (f", not in {_names(built.held_back)}: its translation is not finished"
            if built.held_back else "")
    return made + held


def _names(languages: tuple[str, ...]) -> str:
    return " and ".join(english_name(code) for code in languages)


def print_summary(results: list[Result], seconds: float) -> None:
    rows = [_row(r) for r in results]
    built = sum(1 for r in results if isinstance(r, Built) and r.status == "built")
    unchanged = sum(1 for r in results if isinstance(r, Built) and r.status == "unchanged")
    failed = sum(1 for r in results if isinstance(r, Failed))
    held = [r for r in results if isinstance(r, Built) and r.held_back]
    languages = tuple(sorted({code for r in held for code in r.held_back}))
    footer = (f"{built} built, {unchanged} unchanged, {failed} failed"
              + (f", {len(held)} not made in {_names(languages)}" if held else "")
              + f" in {seconds:.1f} s")
    if sys.stdout.isatty():
        from rich.console import Console
        from rich.table import Table

        table = Table("Profile", "Status", "Pages", "Seconds", caption=footer)
        for row in rows:
            table.add_row(*row)
        Console().print(table)
        return
    widths = [max(len(r[i]) for r in [("Profile", "Status", "Pages", "Seconds"), *rows])
              for i in range(4)]
    for row in [("Profile", "Status", "Pages", "Seconds"), *rows]:
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
    print(footer)


def _row(result: Result) -> tuple[str, str, str, str]:
    if isinstance(result, Failed):
        return (str(result.profile), "failed", "", f"{result.seconds:.1f}")
    seconds = f"{result.seconds:.1f}" if result.status == "built" else ""
    status = result.status + (f", not in {_names(result.held_back)}"
                              if result.held_back else "")
    return (str(result.profile), status, str(result.pages), seconds)
