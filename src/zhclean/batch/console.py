"""The one console of a run: every line zhclean prints beside the payload goes through here.

Two streams, each coloured only where colour is wanted: ``--color always|never|auto`` first, then
``NO_COLOR`` (any value: no colour) and ``FORCE_COLOR`` (any value: colour), then whether the
stream is a terminal (https://no-color.org, https://force-color.org). Plain lines are written
straight to the stream (no rich import on the quiet path of a pre-commit hook); coloured ones, and
every line while a progress bar is live, go through one rich console per stream, so that the bar
and the messages never interleave.
"""

from __future__ import annotations

import os
import sys
from typing import IO, Any

from ..core.chars import terminal_safe

COLOR_CHOICES = ("auto", "always", "never")

# Styles of the parts of a diagnostic, as ruff colours them.
STYLES = {
    "path": "bold",
    "position": "",
    "edit": "bold red",
    "finding": "bold magenta",
    "suggestion": "bold yellow",
    "error": "bold red",
    "note": "cyan",
    "before": "red",
    "after": "green",
    "hunk": "cyan",
    "header": "bold",
}


def wants_color(choice: str, stream: IO[str]) -> bool:
    """Whether ``stream`` gets colour under ``--color choice`` and the environment."""
    if choice == "always":
        return True
    if choice == "never":
        return False
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    try:
        return stream.isatty() and os.environ.get("TERM") != "dumb"
    except (AttributeError, ValueError):
        return False


class Stream:
    """One output stream (stdout or stderr) and whether it is coloured."""

    def __init__(self, name: str, color: bool) -> None:
        self.name = name
        self.color = color
        self._rich: Any = None
        self.live = False  # a progress bar is drawn on this stream: every line goes through rich

    @property
    def file(self) -> IO[str]:
        return sys.stdout if self.name == "stdout" else sys.stderr  # looked up late: tests swap them

    @property
    def rich(self) -> Any:
        """The rich console of this stream, made on first use."""
        if self._rich is None:
            from rich.console import Console

            self._rich = Console(
                file=self.file,
                force_terminal=self.color or None,
                no_color=not self.color,
                color_system="auto" if self.color else None,
                highlight=False,
                markup=False,
                emoji=False,
                soft_wrap=True,
            )
        return self._rich

    def line(self, text: str, style: str = "") -> None:
        """Print ``text`` as one line, in ``style`` (a key of :data:`STYLES`) when coloured."""
        if self.name == "stderr":  # every line there is a diagnostic: one line, no escapes
            text = terminal_safe(text, keep_tabs=True)
        if self.live or (self.color and style):
            self.rich.print(text, style=STYLES.get(style, style) if self.color else "")
        else:
            self.file.write(text + "\n")

    def parts(self, pieces: list[tuple[str, str]]) -> None:
        """Print one line made of ``(text, style)`` pieces."""
        if self.name == "stderr":
            pieces = [(terminal_safe(text, keep_tabs=True), style) for text, style in pieces]
        if not (self.color or self.live):
            self.file.write("".join(text for text, _ in pieces) + "\n")
            return
        from rich.text import Text

        line = Text()
        for text, style in pieces:
            line.append(text, style=STYLES.get(style, style) if self.color else "")
        self.rich.print(line)


class Console:
    """The streams of a run. Made once by the command line, used by every layer below it."""

    def __init__(self, color: str = "auto") -> None:
        self.choice = color
        self.out = Stream("stdout", wants_color(color, sys.stdout))
        self.err = Stream("stderr", wants_color(color, sys.stderr))

    def error(self, message: str) -> None:
        self.err.parts([("error", "error"), (f": {message}", "")])

    def note(self, message: str) -> None:
        self.err.parts([("note", "note"), (f": {message}", "")])

    def message(self, line: str) -> None:
        """A message a task left (``note: ...``, ``error: ...``, or plain)."""
        for prefix in ("note", "error"):
            if line.startswith(prefix + ": "):
                self.err.parts([(prefix, prefix), (line[len(prefix) :], "")])
                return
        self.err.line(line)


_CONSOLE: Console | None = None


def console() -> Console:
    """The console of this process (``--color auto`` until the command line sets one)."""
    global _CONSOLE
    if _CONSOLE is None:
        _CONSOLE = Console()
    return _CONSOLE


def set_console(color: str) -> Console:
    """Make the console of this run, colouring as ``--color`` says."""
    global _CONSOLE
    _CONSOLE = Console(color)
    return _CONSOLE
