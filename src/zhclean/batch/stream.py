"""Large files: cleaned in paragraph-aligned chunks, so memory stays flat at any size.

A file larger than ``STREAM_BYTES`` is read in blocks, decoded incrementally, cut at blank lines
(paragraph breaks) into chunks of about ``CHUNK_CHARS`` characters, and each chunk goes through
the pipeline on its own; reported lines are shifted to the file's own numbering. Writing goes to
a temporary file that replaces the original at the end (atomically, as for small files).

The filters look at a paragraph and its neighbours at most, so cutting at blank lines changes
nothing they see, with one exception: the document-level statistics (spacing majority, running
headers, a document's own evidence for a look-alike) are those of the chunk. A single line
longer than a chunk (no line end in a million characters) is passed through as it is, with a
note: cut anywhere, its parts would look like lines of their own.
"""

from __future__ import annotations

import codecs
import io
import os
from collections import deque
from collections.abc import Callable
from dataclasses import replace
from typing import IO, TYPE_CHECKING

from ..core.errors import InputError, OutputError, ZhcleanError
from ..engine import chunks

if TYPE_CHECKING:
    from concurrent.futures import Future

    from ..core.config import Config
    from ..core.edits import Result
    from ..engine.pipeline import Pipeline
    from ..files.documents import Document
    from .tasks import Outcome, Settings, Task

BLOCK = 1 << 20


def read_or_stream(task: Task, settings: Settings) -> Document | None:
    """The file read whole, or None where it is cleaned in chunks (and so read in blocks, by
    :func:`process_stream`): by the rule ``clean()`` follows, on its characters
    (:func:`zhclean.engine.chunks.is_chunked`). Between a quarter and all of the limit in bytes
    only its characters can tell: it is read, and kept if it is read whole. Raises what reading
    it raises (:class:`~zhclean.files.documents.BinaryFile`, :class:`ZhcleanError`)."""
    from ..files.documents import decode, read_document

    try:
        size = len(task.data) if task.data is not None else task.path.stat().st_size  # type: ignore[union-attr]
    except OSError:
        size = 0  # reading it says what is wrong
    decided = chunks.is_chunked_file(size)
    if decided:
        return None
    if task.data is not None:
        doc = decode(task.data, task.name, settings.encoding)
    else:
        assert task.path is not None
        doc = read_document(task.path, task.name, settings.encoding)
    return None if decided is None and chunks.is_chunked(len(doc.text)) else doc


def process_stream(task: Task, settings: Settings, out: Outcome) -> Outcome:
    from ..files.documents import AtomicWriter, BinaryFile, check_regular, decode, stamp_of
    from .tasks import Mode, Status, _failed, _skipped, file_target, output_sink

    try:
        if task.data is not None:  # stdin, read already
            fh: IO[bytes] = io.BytesIO(task.data)
        else:
            assert task.path is not None
            check_regular(task.path, task.name)
            fh = open(task.path, "rb")
    except InputError as exc:
        return _failed(out, str(exc))
    except OSError as exc:
        return _failed(out, f"{task.name}: cannot read ({exc.strerror or exc})")
    with fh:
        st = os.fstat(fh.fileno()) if task.data is None else None
        head = fh.read(BLOCK)
        probe = error = None
        for trim in range(4):  # the block may end inside a multi-byte character
            try:
                probe = decode(head[: len(head) - trim], task.name, settings.encoding)
                break
            except BinaryFile as exc:
                return _skipped(out, exc, settings)
            except ZhcleanError as exc:
                error = exc
        if probe is None:
            return _failed(out, str(error))
        out_encoding = settings.output_encoding or probe.encoding
        try:
            target = file_target(task, settings)
        except OutputError as exc:
            return _failed(out, str(exc))
        stamp = stamp_of(st) if settings.mode is Mode.WRITE and st is not None else None
        try:
            with AtomicWriter(target, stamp) if target else NoWriter() as writer:
                sink = output_sink(writer, target, settings)
                bom = b"" if settings.output_encoding else probe.bom
                body = head[len(probe.bom) :]
                consumed = [len(probe.bom)]  # bytes decoded before the current block
                changed = _clean_chunks(
                    fh, body, probe.encoding, out_encoding, bom, sink, task, settings, out, consumed
                )
                # -w rewrites only a file that changed (or changes encoding); -o always writes.
                if target and (changed or settings.output_encoding or settings.mode is Mode.OUTPUT):
                    writer.commit()
        except UnicodeDecodeError as exc:
            # The first block decided the encoding; a GBK or Big5 file can start with ASCII.
            where = f"byte 0x{exc.object[exc.start]:02x} near offset {consumed[0] + exc.start}"
            hint = "" if settings.encoding else "; if it is GBK or Big5, name it with --encoding"
            return _failed(out, f"{task.name}: not valid {probe.encoding} ({where}){hint}")
        except UnicodeEncodeError as exc:
            bad = exc.object[exc.start : exc.end]
            return _failed(out, f"{task.name}: cannot encode {bad!r} as {out_encoding}")
        except (InputError, OutputError) as exc:
            return _failed(out, str(exc))
        except BrokenPipeError:
            raise
        except OSError as exc:
            return _failed(out, f"{task.name}: {exc.strerror or exc}")
    out.status = Status.CHANGED if changed else Status.UNCHANGED
    return out


class NoWriter:
    """Stands in for an AtomicWriter when the text goes to stdout or nowhere (--check)."""

    def __enter__(self) -> NoWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        pass


def _clean_chunks(fh, data, encoding, out_encoding, bom, sink, task, settings, out, consumed) -> bool:  # type: ignore[no-untyped-def]
    """Decode, cut, clean and encode the file chunk by chunk; True if anything changed."""
    from .tasks import Mode, _report_items, count_result, diff_header, diff_hunks, task_pipeline

    pipeline = task_pipeline(task, settings)
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    encoder = codecs.getincrementalencoder(out_encoding)(errors="strict")
    if sink is not None:
        sink(bom)

    diff: list[str] = []
    new_minus_old = [0]  # lines the output has more than the original so far (reflow joins lines)

    def emit(chunk: str, result: Result, line_offset: int) -> None:
        out.size += len(chunk)
        count_result(out, result)
        _report_items(settings, task.name, _shift(result, line_offset) if line_offset else result, out)
        if sink is not None:
            sink(encoder.encode(result.text))
        if settings.mode is Mode.DIFF and result.changed:
            # The hunks of this chunk, numbered as in the whole file: what -w writes, chunk by chunk.
            if not diff:
                diff.append(diff_header(task.name))
            diff.extend(diff_hunks(chunk, result.text, line_offset, line_offset + new_minus_old[0]))
        new_minus_old[0] += result.text.count("\n") - chunk.count("\n")

    cleaning = _Chunks(pipeline, settings.jobs, emit)
    try:
        _cut_and_clean(fh, data, decoder, encoder, sink, task, settings, out, consumed, cleaning)
    finally:
        cleaning.close()
    if sink is not None:
        sink(encoder.encode("", final=True))
    if diff:
        out.stdout = "".join(diff).encode("utf-8")
    return cleaning.changed


def _cut_and_clean(fh, data, decoder, encoder, sink, task, settings, out, consumed, cleaning) -> None:  # type: ignore[no-untyped-def]
    pending = ""
    in_long_line = False
    while True:
        final = not data
        pending += decoder.decode(data, final=final)
        consumed[0] += len(data)
        if "\x00" in pending:
            raise InputError(f"{task.name}: binary file (contains NUL bytes), left as it is")
        while len(pending) >= chunks.CHUNK_CHARS or (final and pending) or (in_long_line and pending):
            if in_long_line:
                # A line longer than a chunk: no part of it can be judged without the rest (its
                # start would pass for a line start, its cut for a line end), so it passes as
                # it is, to its end.
                nl = pending.find("\n")
                raw, pending = (pending, "") if nl == -1 else (pending[: nl + 1], pending[nl + 1 :])
                in_long_line = nl == -1
                out.size += len(raw)
                cleaning.line_offset += raw.count("\n")
                if sink is not None:
                    sink(encoder.encode(raw))
                continue
            cut = chunks.cut(pending, final)
            if cut == 0:
                cleaning.drain()  # what is before the long line goes out (and is reported) first
                if not settings.quiet:
                    out.messages.append(
                        f"note: {task.name}:{cleaning.line_offset + 1}: a line longer than "
                        f"{chunks.CHUNK_CHARS} characters is left as it is"
                    )
                in_long_line = True
                continue
            chunk, pending = pending[:cut], pending[cut:]
            cleaning.put(chunk)
        if final:
            break
        data = fh.read(BLOCK)
    cleaning.drain()


class _Chunks:
    """Chunks of one streamed file, cleaned here in turn, or by ``jobs`` worker processes a few
    ahead (a single file over STREAM_BYTES uses every core); their results are emitted in
    order, so the output and the messages are those of one process."""

    def __init__(self, pipeline: Pipeline, jobs: int, emit: Callable[[str, Result, int], None]) -> None:
        import multiprocessing

        self.pipeline, self.emit = pipeline, emit
        self.changed = False
        self.line_offset = 0  # lines of the file before the next chunk to emit
        self.queue: deque[tuple[str, Future[Result]]] = deque()
        self.pool = None
        if jobs > 1 and multiprocessing.parent_process() is None:
            from concurrent.futures import ProcessPoolExecutor

            from .tasks import _end_with_parent

            self.pool = ProcessPoolExecutor(jobs, initializer=_end_with_parent, initargs=(os.getpid(),))
        self.ahead = 2 * jobs

    def put(self, chunk: str) -> None:
        if self.pool is None:
            self._emit(chunk, self.pipeline.run(chunk))
            return
        self.queue.append((chunk, self.pool.submit(_clean_chunk, self.pipeline.config, chunk)))
        while len(self.queue) > self.ahead:
            self._next()

    def drain(self) -> None:
        while self.queue:
            self._next()

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)

    def _next(self) -> None:
        chunk, future = self.queue.popleft()
        self._emit(chunk, future.result())

    def _emit(self, chunk: str, result: Result) -> None:
        self.changed |= result.changed
        self.emit(chunk, result, self.line_offset)
        self.line_offset += chunk.count("\n")


def _clean_chunk(config: Config, chunk: str) -> Result:
    """In a worker: one chunk through the pipeline of ``config``."""
    from ..engine.pipeline import shared_pipeline

    return shared_pipeline(config).run(chunk)


def _shift(result, lines: int):  # type: ignore[no-untyped-def]
    shifted = {
        name: [replace(c, line=c.line + lines) for c in getattr(result, name)]
        for name in ("edits", "suggestions", "findings")
    }
    return replace(result, **shifted)
