"""How the commands report a usage error: one line on stderr, as every other error."""

from __future__ import annotations

import click

from ..batch.console import console


def show_usage_error(exc: click.UsageError, prog: str) -> None:
    """A usage error as one line on stderr (Click's own takes three)."""
    console().err.line(f"error: {exc.format_message()} (see {prog} --help)")
