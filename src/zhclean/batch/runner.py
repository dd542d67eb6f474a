"""One invocation over its inputs: find the files, learn the batch's running headers, run the
tasks, print their outcomes in order through the one console, and keep the :class:`Report`."""

from __future__ import annotations

import errno
import os
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..core.config import Config
from ..core.errors import UsageError, ZhcleanError
from .console import console
from .diagnostics import Item, format_line, statistics_lines, text_pieces
from .jobs import file_sizes, run_tasks
from .progress import Progress
from .summary import Report
from .tasks import Mode, Outcome, Settings, Status, Task, write_stdout

HEADER_FILTER = "remove-page-furniture"
# Files up to this size may be single OCR pages, whose headers other pages can prove.
PAGE_MAX = 32 * 1024


class Runner:
    """Runs one invocation: builds the tasks, runs them, prints their outcomes in order.

    Diagnostics are the payload of ``--check`` and go to stdout there (as ruff's and typos' do);
    elsewhere stdout carries the cleaned text or the diff, and what was not applied goes to
    stderr. With ``statistics`` they are counted per filter instead and printed at the end.
    """

    def __init__(
        self,
        settings: Settings,
        jobs: int,
        *,
        statistics: bool = False,
        exit_zero: bool = False,
        config_for: Callable[[Path], Config | None] | None = None,
    ) -> None:
        # config_for: a file's own configuration where a nearer file than the run's sets one
        # (pre-commit passes files of several folders at once); None: the run's.
        self.config_for = config_for
        self.settings = settings
        self.jobs = jobs
        self.statistics = statistics
        self.report = Report(settings.mode, exit_zero=exit_zero)
        self._details: list[Any] = []
        con = console()
        self._items = con.out if settings.mode is Mode.CHECK else con.err

    def run_stdin(self, name: str = "-", *, excluded: bool = False) -> None:
        """Clean stdin, reported as ``name``; an ``excluded`` name's text is passed through as
        it is (printed unchanged; nothing to check)."""
        from ..files.documents import read_bounded

        try:
            data = read_bounded(sys.stdin.buffer, name)
        except ZhcleanError as exc:
            self.report.error(str(exc))
            return
        if excluded:
            if self.settings.mode is Mode.PRINT:
                write_stdout(data)
            return
        task = Task(None, Path(name), data=data, label=name)
        for outcome in run_tasks([task], self.settings, 1):
            if outcome.status is Status.SKIPPED:
                # Not text on stdin: nothing to pass through, and a pipe must not go on as if
                # it had been cleaned.
                outcome.status = Status.FAILED
                outcome.messages = []
                outcome.errors = [f"{name}: binary data on stdin, not text; nothing written"]
            self._take(outcome)

    def run_paths(self, paths: list[Path], discovery: Any) -> None:
        from ..files.documents import display

        for p in paths:
            if p.is_symlink() and not p.exists():
                loop = False
                try:
                    os.stat(p)
                except OSError as exc:
                    loop = exc.errno == errno.ELOOP
                self.report.error(f"{display(p)}: {'symbolic link loop' if loop else 'broken symbolic link'}")
            elif not p.exists():
                self.report.error(f"{display(p)}: no such file or directory")
        existing = [p for p in paths if p.exists()]
        folders = [p for p in existing if p.is_dir()]
        several = len(paths) > 1 or bool(folders)
        if self.settings.mode is Mode.PRINT and several:
            what = f"{display(folders[0])} is a folder" if len(paths) == 1 and folders else "several inputs"
            raise UsageError(f"{what}: use --write, --check, --diff or -o DIR")
        if self.settings.jsonl_field is not None:
            discovery = replace(
                discovery,
                include=("*.jsonl",) if discovery.include == ("*.txt", "*.md") else discovery.include,
            )
        sources = list(discovery.discover(existing))
        for folder, why in discovery.unreadable:
            # Bad input, as an unreadable file is: a check that saw only part of a tree fails.
            self.report.error(f"{display(folder)}: cannot read this folder ({why}); its files were skipped")
        for left in discovery.leftovers:
            self.report.note(f"{display(left)}: left by an interrupted zhclean run; safe to delete")
        if folders and not sources and not self.report.failed:
            where = ", ".join(display(f) for f in folders)
            patterns = ", ".join(discovery.include)
            console().err.parts(
                [("warning", "suggestion"), (f": no files to clean under {where} (include: {patterns})", "")]
            )
        output = self.settings.output
        out_is_dir = output is not None and (several or output.is_dir())
        self.settings = replace(self.settings, out_is_dir=out_is_dir)
        if several and self.settings.jsonl_field is None:
            sizes = file_sizes(Task(s.path, s.relative) for s in sources)
            pages = [src.path for src, size in zip(sources, sizes, strict=True) if size <= PAGE_MAX]
            if len(pages) >= 2:
                self._learn_headers(pages)
        tasks = []
        for src in sources:
            try:
                own = self.config_for(src.path) if self.config_for else None
            except ZhcleanError as exc:  # its nearer configuration file is broken: that file fails
                self.report.error(str(exc))
                continue
            tasks.append(Task(src.path, src.relative, config=own))
        if out_is_dir:
            tasks = self._without_collisions(tasks)
        sizes = file_sizes(tasks)
        with Progress(len(tasks), sum(sizes), enabled=several and not self.settings.quiet) as progress:
            for outcome, size in zip(run_tasks(tasks, self.settings, self.jobs, sizes), sizes, strict=True):
                if outcome.stdout or outcome.messages:
                    # Lines for stdout do not pass the bar's console: erase the bar first, or a
                    # diagnostic is glued to it on a shared terminal.
                    with progress.paused(sys.stdout.isatty()):
                        self._take(outcome)
                else:
                    self._take(outcome)
                progress.advance(size)

    def _without_collisions(self, tasks: list[Task]) -> list[Task]:
        """Inputs that would be written to the same file under -o DIR (d1/a.txt and d2/a.txt):
        none of them is written, each is an error (one would silently replace the other)."""
        from ..files.documents import display

        by_target: dict[Path, list[Task]] = {}
        for task in tasks:
            by_target.setdefault(task.relative, []).append(task)
        clash = {rel for rel, group in by_target.items() if len(group) > 1}
        for rel in sorted(clash):
            names = ", ".join(t.name for t in by_target[rel])
            assert self.settings.output is not None
            target = display(self.settings.output / rel)
            self.report.error(f"{target}: {names} would all be written here; none was (clean one at a time)")
        return [t for t in tasks if t.relative not in clash]

    def _learn_headers(self, paths: list[Path]) -> None:
        """Running headers that some page of the batch proves (by its page number or rule).

        A folder of OCR pages has one page per file: a header that page 7 shows above its rule
        is a header on page 8 too, where nothing else would prove it. Learned in a first pass
        that runs only the furniture filter.
        """
        from ..engine.pipeline import Pipeline
        from ..files.documents import read_document

        config = self.settings.config
        if HEADER_FILTER not in {f.id for f in Pipeline(config).filters}:
            return
        probe = Pipeline(Config(select=(HEADER_FILTER,), headers=config.headers))
        learned: dict[str, None] = {}
        suggested: Counter[str] = Counter()
        for path in paths:
            try:
                text = read_document(path, encoding=self.settings.encoding).text
            except ZhcleanError:
                continue  # reported when the file itself is processed
            result = probe.run(text)
            for change in result.edits:
                # Only what one page proves: a header learned from its recurrence across a
                # document's pages is that document's, and may be another's title.
                if change.reason.startswith("running header") and change.reason.endswith("above its rule"):
                    learned.setdefault(change.before.strip(), None)
            for change in result.suggestions:
                if "on a numbered page?" in change.reason:
                    suggested[change.before.strip()] += 1
        # The first line of numbered single pages: a header when two pages of the batch show it.
        for header, pages in suggested.items():
            if pages >= 2:
                learned.setdefault(header, None)
        new = tuple(h for h in learned if h not in config.headers)
        if new:
            config = replace(config, headers=config.headers + new)
            self.settings = replace(self.settings, config=config)

    def _take(self, outcome: Outcome) -> None:
        self.report.add(outcome)
        if self.settings.report:
            self._details.append(self._details_of(outcome))
        con = console()
        if outcome.stdout:
            if con.out.color and self.settings.mode is Mode.DIFF:
                self._colored_diff(outcome.stdout.decode("utf-8", "replace"))
            else:
                sys.stdout.flush()
                write_stdout(outcome.stdout)
                sys.stdout.buffer.flush()
        for line in outcome.messages:
            if isinstance(line, Item):
                self._item(line)
            else:
                con.message(line)
        for line in outcome.errors:
            con.error(line)
        if outcome.status is Status.CHANGED and self.settings.mode is Mode.WRITE and not self.settings.quiet:
            # Name each file written (black: "reformatted X"): stderr, so stdout stays payload.
            edits = f" ({outcome.edits} edit{'s' * (outcome.edits != 1)})" if outcome.edits else ""
            con.message(f"fixed {outcome.name}{edits}")

    def _item(self, item: Item) -> None:
        if self.statistics:
            return  # counted in the outcome's kinds
        fmt = self.settings.fmt
        if fmt == "text" and self._items.color:
            self._items.parts(text_pieces(item))
        else:
            self._items.line(format_line(item, fmt))

    @staticmethod
    def _colored_diff(diff: str) -> None:
        out = console().out
        for line in diff.splitlines():
            style = (
                "header"
                if line.startswith(("---", "+++"))
                else "hunk"
                if line.startswith("@@")
                else "before"
                if line.startswith("-")
                else "after"
                if line.startswith("+")
                else ""
            )
            out.line(line, style)

    @staticmethod
    def _details_of(outcome: Outcome) -> Any:
        from .report import FileDetails

        if outcome.details is not None:
            return outcome.details
        details = FileDetails(outcome.name)
        if outcome.edits or outcome.suggestions or outcome.findings:
            # Streamed large files and JSON Lines corpora: counts only.
            details.note = (
                f"{outcome.edits} edits, {outcome.suggestions} suggestions, {outcome.findings} findings "
                "(a large file or a JSON Lines corpus: zhclean --check lists them)"
            )
        return details

    def write_report(self, path: Path) -> None:
        """The HTML report of this run, written atomically."""
        from .. import __version__
        from ..files.documents import write_atomic
        from .report import render

        r = self.report
        totals = {
            "files": r.files,
            "changed": r.changed,
            "edits": r.edits,
            "suggestions not applied": r.suggestions,
            "findings": r.findings,
        }
        page = render(self._details, totals, r.per_filter, __version__)
        try:
            write_atomic(path, page.encode("utf-8"))
        except ZhcleanError as exc:
            self.report.error(f"{exc}; the report was not written")
            return
        except OSError as exc:
            self.report.error(f"{path}: cannot write the report ({exc.strerror or exc})")
            return
        if not self.settings.quiet:
            console().err.line(f"report: {path}")

    def finish(self) -> None:
        r = self.report
        if self.statistics:  # the payload of --statistics, also under -q
            for line in statistics_lines(r.kinds):
                self._items.line(line)
        if self.settings.quiet or (self.settings.mode is Mode.PRINT and not r.skipped and not r.failed):
            return
        if self.settings.mode is Mode.PRINT and r.failed and not r.skipped:
            return
        if sys.stderr.isatty() and r.files > 1:
            r.print_table()
        else:
            console().err.line(r.summary_line())
