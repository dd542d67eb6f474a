"""The README says what the code does."""

from __future__ import annotations

import re

from click.testing import CliRunner

from zhclean.cli.main import cli
from zhclean.engine.docs import render_readme

from .conftest import ROOT


def readme() -> str:
    return (ROOT / "README.md").read_text(encoding="utf-8")


def test_filter_list_is_generated_and_current() -> None:
    text = readme()
    assert render_readme(text) == text, "run: python scripts/update_readme.py"


def test_readme_opens_with_the_two_setup_commands() -> None:
    block = re.search(r"```sh\n(.*?)```", readme(), re.S)
    assert block is not None
    commands = block.group(1).strip().splitlines()
    assert len(commands) == 2
    assert "install ." in commands[0] and "zhclean fixtures/" in commands[0]
    assert "[test]" in commands[1] and "pytest" in commands[1]
    sample = commands[0].split("zhclean ", 1)[1].strip()
    assert (ROOT / sample).is_file()


def test_every_cli_option_is_documented() -> None:
    help_text = CliRunner().invoke(cli, ["--help"]).stdout
    options = set(re.findall(r"(?<![\w-])(--[a-z][a-z-]+)", help_text))
    missing = {o for o in options if o not in readme()}
    assert not missing, f"README does not mention {sorted(missing)}"


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "pytest" in ci and "[test]" in ci
