"""A progress bar on stderr (files, bytes, rate, ETA), only on a terminal, drawn by the one
console: while it is live, every line printed on stderr goes above it."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from .console import console


class Progress:
    def __init__(self, files: int, size: int, enabled: bool) -> None:
        self.enabled = enabled and sys.stderr.isatty() and files > 1
        self.files, self.size = files, size
        self._bar: Any = None

    def __enter__(self) -> Progress:
        if self.enabled:
            from rich.progress import (
                BarColumn,
                DownloadColumn,
                TextColumn,
                TimeRemainingColumn,
                TransferSpeedColumn,
            )
            from rich.progress import Progress as RichProgress

            err = console().err
            self._bar = RichProgress(
                TextColumn("cleaning"),
                BarColumn(),
                TextColumn("{task.fields[done]}/{task.fields[files]} files"),
                DownloadColumn(),
                TransferSpeedColumn(),
                TimeRemainingColumn(),
                console=err.rich,
                transient=True,
                redirect_stdout=False,
                redirect_stderr=False,
            )
            err.live = True
            self._bar.__enter__()
            self._task = self._bar.add_task("files", total=max(1, self.size), done=0, files=self.files)
        return self

    def advance(self, size: int) -> None:
        if self._bar is not None:
            task = self._bar.tasks[0]
            self._bar.update(self._task, advance=size, done=task.fields["done"] + 1)

    @contextmanager
    def paused(self, when: bool = True) -> Iterator[None]:
        """Erase the bar while the block prints to another stream of the same terminal."""
        if self._bar is None or not when:
            yield
            return
        self._bar.stop()
        try:
            yield
        finally:
            self._bar.start()

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.__exit__(None, None, None)
            console().err.live = False
