"""`--help` for every command and argument, and the README's commands table matching it."""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator.arguments import parser
from generator.language import languages
from generator.policy import available_editions
from tests.conftest import ROOT


def _commands() -> dict[str, argparse.ArgumentParser]:
    top = parser(default_jobs=2)
    sub = next(a for a in top._actions if isinstance(a, argparse._SubParsersAction))
    return dict(sub.choices)


COMMANDS = _commands()


def test_every_command_is_listed_in_the_top_help_with_a_summary() -> None:
    result = subprocess.run([sys.executable, "-m", "generator", "--help"], cwd=ROOT,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    for name in COMMANDS:
        # The summary beside the name, or on the next line where the name is long.
        line = re.search(rf"^    {name}(?: +|\n {{6,}})(\S.*)$", result.stdout, re.M)
        assert line and len(line.group(1).split()) >= 3, f"{name} has no summary"
    assert "policy-pack COMMAND --help" in result.stdout


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_each_command_has_a_description_an_example_and_help_for_every_argument(
        name: str) -> None:
    command = COMMANDS[name]
    assert command.description and len(command.description) > 60, name
    assert command.epilog and f"policy-pack {name}" in command.epilog
    for action in command._actions:
        assert action.help, f"{name}: {'/'.join(action.option_strings) or action.dest} " \
                            "has no help text"
        default = action.default
        # An option with a value to fall back on names it, so nobody has to guess.
        if (action.option_strings and isinstance(default, (str, int, Path))
                and not isinstance(default, bool)
                and default not in ("", argparse.SUPPRESS)):
            assert "default" in action.help, f"{name} {action.option_strings}: " \
                                             "its default is not named"


def test_out_defaults_and_known_editions_and_languages_are_named() -> None:
    out = [a for c in COMMANDS.values() for a in c._actions if a.dest == "out"
           and not a.required]
    assert out and all("default: output/" in str(a.help) for a in out)
    editions = next(a.help for a in COMMANDS["impact"]._actions if a.dest == "to")
    for edition in available_editions():
        assert edition in str(editions)
    assert "May 2012" in str(editions) and "October 2014" in str(editions)
    comparing = next(a.help for a in COMMANDS["compare"]._actions if a.dest == "a")
    assert all(edition in str(comparing) for edition in available_editions())
    lang = next(a.help for a in COMMANDS["translate"]._actions if a.dest == "lang")
    assert all(f"{code} (" in str(lang) for code in languages())


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_help_runs_and_keeps_examples_whole(name: str) -> None:
    result = subprocess.run([sys.executable, "-m", "generator", name, "--help"], cwd=ROOT,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    example = result.stdout.split("For example:\n", 1)[1]
    for line in filter(None, example.splitlines()):
        assert line.startswith(f"  policy-pack {name}"), line  # never wrapped mid-command


def test_readme_commands_table_has_every_command() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    table = readme.split("## Commands", 1)[1].split("\n## ", 1)[0]
    listed = set(re.findall(r"^\| `policy-pack (\w+)", table, re.M))
    assert listed == set(COMMANDS)
