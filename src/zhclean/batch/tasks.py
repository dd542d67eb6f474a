"""Tasks and what they come to: the settings of a run, one task per file, its outcome, and the
helpers every way of processing a file shares (where its output goes, how its items print).

:mod:`zhclean.batch.jobs` runs them; :mod:`zhclean.batch.stream` and :mod:`zhclean.batch.jsonl`
process the large files and the JSON Lines corpora.
"""

from __future__ import annotations

import enum
import os
import sys
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.chars import terminal_safe
from ..core.config import Config
from ..core.edits import Result, in_output
from ..core.errors import ZhcleanError
from .diagnostics import Item


class Mode(enum.Enum):
    PRINT = "print"  # cleaned text to stdout
    OUTPUT = "output"  # cleaned text to -o FILE or DIR
    WRITE = "write"  # in place
    CHECK = "check"  # report only
    DIFF = "diff"  # unified diff to stdout


class Status(enum.Enum):
    CHANGED = "changed"
    UNCHANGED = "unchanged"
    SKIPPED = "skipped"
    FAILED = "failed"


@dataclass(frozen=True)
class Settings:
    """Everything a worker needs besides the task; small and picklable."""

    config: Config
    mode: Mode
    fmt: str = "text"
    quiet: bool = False
    output: Path | None = None
    out_is_dir: bool = False
    encoding: str | None = None
    output_encoding: str | None = None
    jsonl_field: str | None = None  # clean this field of each JSON Lines record
    max_record: int = 16 * 1024 * 1024  # bytes: a longer JSON Lines record is refused
    report: bool = False  # collect what the HTML report shows of each file
    jobs: int = 1  # worker processes the chunks of a streamed file may use (in this process only)


@dataclass(frozen=True)
class Task:
    path: Path | None  # None: stdin, with ``data``
    relative: Path
    data: bytes | None = None
    label: str | None = None  # the name stdin is reported by (--stdin-filename)
    config: Config | None = None  # its own configuration (a nearer one than the run's), if any

    @property
    def name(self) -> str:
        from ..files.documents import display

        if self.path is None:
            return self.label or "-"
        return display(self.path)


@dataclass
class Outcome:
    name: str
    status: Status
    stdout: bytes = b""
    # In order: lines for stderr (notes), and the items to report (diagnostics).
    messages: list[str | Item] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    edits: int = 0
    suggestions: int = 0
    findings: int = 0
    per_filter: Counter[str] = field(default_factory=Counter)  # edits applied, by filter
    kinds: Counter[tuple[str, str]] = field(default_factory=Counter)  # (filter, kind): --statistics
    size: int = 0
    details: Any = None  # report.FileDetails, when the run writes a report


MARKDOWN_SUFFIXES = (".md", ".markdown")


def task_pipeline(task: Task, settings: Settings):  # type: ignore[no-untyped-def]
    """The pipeline for one file: a Markdown file's indented code blocks are code too."""
    config = settings.config
    if task.relative.suffix.lower() in MARKDOWN_SUFFIXES and not config.markdown:
        from dataclasses import replace

        config = replace(config, markdown=True)
    return _pipeline(config)


def _pipeline(config: Config):  # type: ignore[no-untyped-def]
    from ..engine.pipeline import shared_pipeline

    return shared_pipeline(config)


def _skipped(out: Outcome, exc: Exception, settings: Settings) -> Outcome:
    """A file that is not text (binary): a note, not an error."""
    out.status = Status.SKIPPED
    if not settings.quiet:
        out.messages.append(f"note: {exc}")
    return out


def _failed(out: Outcome, message: str) -> Outcome:
    out.status = Status.FAILED
    out.errors.append(message)
    return out


def output_sink(writer: Any, target: Path | None, settings: Settings) -> Callable[[bytes], Any] | None:
    """Where a streaming path (large files, JSON Lines) sends cleaned bytes: the atomic writer
    of its target, stdout when printing, or nowhere (--check and --diff report only)."""
    if target:
        return writer.write  # type: ignore[no-any-return]
    if settings.mode is Mode.PRINT:
        return _write_stdout_or_say
    return None


def _write_stdout_or_say(data: bytes) -> None:
    try:
        write_stdout(data)
    except BrokenPipeError:
        raise  # the reader went away (| head): quiet, as everywhere
    except OSError as exc:
        raise _output_error(f"cannot write the output (stdout): {exc.strerror or exc}") from None


def write_stdout(data: bytes) -> None:
    """Write all of ``data`` to stdout. Under ``python -u`` or ``PYTHONUNBUFFERED`` stdout's
    binary layer is the raw file, whose ``write`` may write part (a disk filling up) and say so
    only by its count: the rest is written again, and the next write raises the error."""
    out = sys.stdout.buffer
    view = memoryview(data)
    while view:
        n = out.write(view)
        if n is None:  # a non-blocking stdout that is full: wait until it takes more
            import select

            select.select([], [out.fileno()], [])
            continue
        view = view[n:]


def file_target(task: Task, settings: Settings) -> Path | None:
    """The file the cleaned text goes to: the input itself (-w), its place under -o, or None.

    Under an -o directory, a target that a link leads out of the directory is refused, and
    missing folders are made.
    """
    if settings.mode is Mode.WRITE:
        return task.path
    if settings.mode is not Mode.OUTPUT:
        return None
    assert settings.output is not None
    target = settings.output / task.relative if settings.out_is_dir else settings.output
    if settings.out_is_dir and not _inside(target, settings.output):
        raise _output_error(f"{target}: refusing to write outside the -o directory (a link leads out)")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _output_error(f"{target.parent}: cannot create directory ({exc.strerror or exc})") from None
    return target


def _inside(target: Path, folder: Path) -> bool:
    """Whether ``target``, with every link followed, stays inside ``folder``."""
    import os.path

    return Path(os.path.realpath(target)).is_relative_to(Path(os.path.realpath(folder)))


def _output_error(message: str) -> ZhcleanError:
    from ..core.errors import OutputError

    return OutputError(message)


def _encode(doc, output_encoding: str | None, text: str) -> bytes:  # type: ignore[no-untyped-def]
    if output_encoding is None:
        return doc.encode(text)
    from ..files.documents import Document

    return Document(doc.name, text, output_encoding, b"").encode(text)


def count_result(out: Outcome, result: Result) -> None:
    """Add what ``result`` did and left to the outcome's counts."""
    out.edits += len(result.edits)
    out.suggestions += len(result.suggestions)
    out.findings += len(result.findings)
    out.per_filter.update(c.filter for c in result.edits)
    out.kinds.update((c.filter, str(c.kind)) for c in (*result.edits, *result.suggestions, *result.findings))


def _report_items(settings: Settings, name: str, result: Result, out: Outcome) -> None:
    """The items to print of a file: all of them under ``--check``, else what was not applied
    (suggestions and findings)."""
    if settings.mode is Mode.CHECK:
        # Under --check the diagnostics are the payload: -q keeps them (as ruff's --quiet).
        items = result.items()
    elif settings.quiet:
        return
    else:
        # What was left, where it is in the text the run wrote or printed.
        items = in_output(result, sorted((*result.suggestions, *result.findings), key=lambda c: c.start))
    out.messages.extend(Item(name, item) for item in items)


def unified_diff(name: str, old: str, new: str) -> str:
    """The unified diff of a file's text (empty where nothing changed)."""
    hunks = diff_hunks(old, new, 0, 0)
    return diff_header(name) + "".join(hunks) if hunks else ""


def diff_header(name: str) -> str:
    name = terminal_safe(name)  # a newline in a name would end the header: not a patch
    return f"--- {name}\t(original)\n+++ {name}\t(cleaned)\n"


def diff_hunks(old: str, new: str, old_before: int, new_before: int) -> list[str]:
    """The hunks of ``old`` -> ``new``, a piece of a file after ``old_before`` lines of the
    original and ``new_before`` of the output (a streamed file's chunk), numbered as in the
    whole file. Lines end at line feeds only, as patch counts them (not at a form feed)."""
    import difflib

    import regex

    lines = difflib.unified_diff(_lines(old), _lines(new), n=3)
    out = []
    for i, line in enumerate(lines):
        if i < 2:
            continue  # the --- and +++ header: the file's, once
        if line.startswith("@@"):
            m = regex.match(r"@@ -(\d+)(,\d+)? \+(\d+)(,\d+)? @@", line)
            assert m is not None
            old_at, new_at = int(m[1]) + old_before, int(m[3]) + new_before
            line = f"@@ -{old_at}{m[2] or ''} +{new_at}{m[4] or ''} @@{line[m.end() :]}"
        out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return out


def _lines(text: str) -> list[str]:
    parts = text.split("\n")
    return [p + "\n" for p in parts[:-1]] + ([parts[-1]] if parts[-1] else [])


def _end_with_parent(parent: int) -> None:
    """In a worker: end when the parent does (killed with -9, it cannot tell its workers), so
    that none goes on writing files, or waits for work for ever."""
    import signal
    import threading

    try:  # Linux: the kernel sends the signal the moment the parent dies
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGTERM)
    except (OSError, AttributeError):
        pass

    def watch() -> None:  # everywhere: a parent that is gone leaves the worker to another
        import time

        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    if os.getppid() != parent:
        os._exit(1)
    threading.Thread(target=watch, daemon=True).start()
