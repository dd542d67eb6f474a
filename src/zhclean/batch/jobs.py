"""Running tasks: :func:`process` one file (read, decode, clean, deliver), and :func:`run_tasks`
in this process or spread over worker processes, outcomes in task order.

A task is processed by a pure function of the task and the run's settings that returns an
:class:`~zhclean.batch.tasks.Outcome`: what to print (in order), what to count. The parent prints
outcomes in the order of the tasks, so the output of ``--jobs 4`` is the output of ``--jobs 1``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from functools import partial

from ..core.edits import Result
from ..core.errors import ZhcleanError
from .tasks import (
    Mode,
    Outcome,
    Settings,
    Status,
    Task,
    _encode,
    _end_with_parent,
    _failed,
    _report_items,
    _skipped,
    count_result,
    file_target,
    task_pipeline,
    unified_diff,
)


def process(task: Task, settings: Settings) -> Outcome:
    """Read, decode, clean and write or report one file. Never raises for a file's own trouble."""
    from ..files.documents import BinaryFile

    out = Outcome(task.name, Status.UNCHANGED)
    if task.config is not None:
        settings = replace(settings, config=task.config)
    if settings.jsonl_field is not None:
        from .jsonl import process_jsonl

        return process_jsonl(task, settings, out)
    from .ocr import process_ocr, structured_format

    fmt = structured_format(task)
    if fmt is not None:
        return process_ocr(task, settings, out, fmt)
    from .stream import process_stream, read_or_stream

    try:
        doc = read_or_stream(task, settings)
    except BinaryFile as exc:
        return _skipped(out, exc, settings)
    except ZhcleanError as exc:
        return _failed(out, str(exc))
    if doc is None:
        return process_stream(task, settings, out)
    out.size = len(doc.text)
    _warn_unknown_ids(doc.name, doc.text, out)
    try:
        result = task_pipeline(task, settings).run(doc.text)
    except Exception as exc:  # a bug in a filter: reported for this file, the batch goes on
        return _failed(
            out,
            f"{doc.name}: internal error in zhclean ({type(exc).__name__}: {exc}); "
            "the file was left untouched; please report this with the file",
        )
    out.status = Status.CHANGED if result.changed else Status.UNCHANGED
    count_result(out, result)
    if settings.report:
        from .report import collect

        out.details = collect(doc.name, doc.text, result)
    try:
        _deliver(task, settings, doc, result, out)
    except ZhcleanError as exc:
        return _failed(out, str(exc))
    return out


def _warn_unknown_ids(name: str, text: str, out: Outcome) -> None:
    """A ``zhclean: ignore[...]`` comment that names no filter silences nothing: say so (as ruff
    warns on unknown ``noqa`` codes), with the nearest id."""
    from ..core.config import did_you_mean
    from ..core.edits import LineIndex
    from ..engine.context import ignore_ids
    from ..engine.filters import BY_ID

    unknown = [(pos, i) for pos, i in ignore_ids(text) if i not in BY_ID]
    if unknown:
        index = LineIndex(text)
        for pos, ident in unknown:
            line, column = index.position(pos)
            out.messages.append(
                f"warning: {name}:{line}:{column}: unknown filter id {ident!r} in a zhclean: ignore "
                f"comment{did_you_mean(ident, BY_ID)}"
            )


def _deliver(task: Task, settings: Settings, doc, result: Result, out: Outcome) -> None:  # type: ignore[no-untyped-def]
    from ..files.documents import write_atomic

    mode = settings.mode
    encode = partial(_encode, doc, settings.output_encoding)
    if mode is Mode.PRINT:
        out.stdout = encode(result.text)
    elif mode is Mode.DIFF and result.changed:
        out.stdout = unified_diff(doc.name, doc.text, result.text).encode("utf-8")
    elif mode is Mode.WRITE and (result.changed or settings.output_encoding):
        assert task.path is not None
        data = encode(result.text)
        if result.changed or data != task.path.read_bytes():
            write_atomic(task.path, data, expect=doc.stamp)
    elif mode is Mode.OUTPUT:
        target = file_target(task, settings)
        assert target is not None
        write_atomic(target, encode(result.text))
    _report_items(settings, doc.name, result, out)


# --- running many tasks ------------------------------------------------------------------------
# Below this much text, or with fewer files than workers, worker processes cost more than they
# save (each starts Python and loads the data again).
# ZHCLEAN_PARALLEL_MIN_BYTES lowers it (the tests use it to run small batches in workers).
PARALLEL_MIN_BYTES = int(os.environ.get("ZHCLEAN_PARALLEL_MIN_BYTES", 2 * 1024 * 1024))


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def run_tasks(
    tasks: list[Task], settings: Settings, jobs: int, sizes: list[int] | None = None
) -> Iterator[Outcome]:
    """Outcomes in task order, computed in this process or by ``jobs`` worker processes."""
    total = sum(sizes) if sizes else 0
    work: Callable[[Task], Outcome] = partial(process, settings=settings)
    if jobs <= 1 or len(tasks) < 2 or total < PARALLEL_MIN_BYTES:
        yield from map(work, tasks)
        return
    from concurrent.futures import ProcessPoolExecutor

    workers = min(jobs, len(tasks))
    chunk = max(1, min(16, len(tasks) // (workers * 8)))
    work = partial(process, settings=replace(settings, jobs=1))  # workers start no workers
    with ProcessPoolExecutor(
        max_workers=workers, initializer=_end_with_parent, initargs=(os.getpid(),)
    ) as pool:
        yield from pool.map(work, tasks, chunksize=chunk)


def file_sizes(tasks: Iterable[Task]) -> list[int]:
    sizes = []
    for task in tasks:
        try:
            sizes.append(task.path.stat().st_size if task.path is not None else len(task.data or b""))
        except OSError:
            sizes.append(0)
    return sizes
