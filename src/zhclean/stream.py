"""Large files: cleaned in paragraph-aligned chunks, so memory stays flat at any size.

A file larger than ``STREAM_BYTES`` is read in blocks, decoded incrementally, cut at blank lines
(paragraph breaks) into chunks of about ``CHUNK_CHARS`` characters, and each chunk goes through
the pipeline on its own; reported lines are shifted to the file's own numbering. Writing goes to
a temporary file that replaces the original at the end (atomically, as for small files).

The filters look at a paragraph and its neighbours at most, so cutting at blank lines changes
nothing they see, with one exception: the document-level statistics (spacing majority, running
headers, a document's own evidence for a look-alike) are those of the chunk.
"""

from __future__ import annotations

import codecs
import os
import sys
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import IO, TYPE_CHECKING

from .errors import InputError, OutputError, ZhcleanError

if TYPE_CHECKING:
    from .runner import Outcome, Settings, Task

STREAM_BYTES = int(os.environ.get("ZHCLEAN_STREAM_BYTES", 16 * 1024 * 1024))
CHUNK_CHARS = int(os.environ.get("ZHCLEAN_CHUNK_CHARS", 1 << 20))  # about 3 MB of UTF-8 Chinese
BLOCK = 1 << 20


def should_stream(task: Task, settings: Settings) -> bool:
    from .runner import Mode

    if task.path is None or settings.mode is Mode.DIFF:
        return False
    try:
        return task.path.stat().st_size > STREAM_BYTES
    except OSError:
        return False


def process_stream(task: Task, settings: Settings, out: Outcome) -> Outcome:
    from .files import BinaryFile, decode
    from .runner import Mode, Status, _failed, _pipeline, _report_items

    assert task.path is not None
    path = task.path
    pipeline = _pipeline(settings.config)
    sink: IO[bytes] | None = None
    tmp: str | None = None
    target: Path | None = None
    try:
        fh = open(path, "rb")
    except OSError as exc:
        return _failed(out, f"{task.name}: cannot read ({exc.strerror or exc})")
    with fh:
        st = os.fstat(fh.fileno())
        head = fh.read(BLOCK)
        probe = None
        for trim in range(4):  # the block may end inside a multi-byte character
            try:
                probe = decode(head[: len(head) - trim], task.name, settings.encoding)
                break
            except BinaryFile as exc:
                out.status = Status.SKIPPED
                if not settings.quiet:
                    out.messages.append(f"note: {exc}")
                return out
            except ZhcleanError as exc:
                error = exc
        if probe is None:
            return _failed(out, str(error))
        encoding, bom = probe.encoding, probe.bom
        out_encoding = settings.output_encoding or encoding
        out_bom = b"" if settings.output_encoding else bom
        decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
        encoder = codecs.getincrementalencoder(out_encoding)(errors="strict")
        finished = False
        try:
            if settings.mode is Mode.WRITE:
                target = Path(os.path.realpath(path))
            elif settings.mode is Mode.OUTPUT:
                assert settings.output is not None
                target = settings.output / task.relative if settings.out_is_dir else settings.output
                target.parent.mkdir(parents=True, exist_ok=True)
            if target is not None:
                fd, tmp = tempfile.mkstemp(
                    dir=target.parent, prefix=f".{target.name}.", suffix=".zhclean-tmp"
                )
                sink = os.fdopen(fd, "wb")
            elif settings.mode is Mode.PRINT:
                sink = sys.stdout.buffer
            if sink is not None:
                sink.write(out_bom)
            changed = False
            line_offset = 0
            pending = ""
            data = head[len(bom) :]
            while True:
                final = not data
                pending += decoder.decode(data, final=final)
                while len(pending) >= CHUNK_CHARS or (final and pending):
                    cut = _cut(pending, final)
                    chunk, pending = pending[:cut], pending[cut:]
                    result = pipeline.run(chunk)
                    changed |= result.changed
                    out.size += len(chunk)
                    out.edits += len(result.edits)
                    out.suggestions += len(result.suggestions)
                    out.findings += len(result.findings)
                    out.per_filter.update(c.filter for c in result.edits)
                    if line_offset:
                        result = _shift(result, line_offset)
                    _report_items(settings, task.name, result, out)
                    line_offset += chunk.count("\n")
                    if sink is not None:
                        sink.write(encoder.encode(result.text))
                if final:
                    break
                data = fh.read(BLOCK)
            if sink is not None:
                sink.write(encoder.encode("", final=True))
            finished = True
        except UnicodeDecodeError as exc:
            return _failed(out, f"{task.name}: not valid {encoding} ({exc.reason})")
        except UnicodeEncodeError as exc:
            return _failed(
                out, f"{task.name}: cannot encode {exc.object[exc.start : exc.end]!r} as {out_encoding}"
            )
        except (InputError, OutputError) as exc:
            return _failed(out, str(exc))
        except OSError as exc:
            return _failed(out, f"{task.name}: {exc.strerror or exc}")
        finally:
            if sink is not None and sink is not sys.stdout.buffer:
                sink.flush()
                os.fsync(sink.fileno())
                sink.close()
                sink = None
            if tmp is not None and (out.status is Status.FAILED or out.errors or not finished):
                _unlink(tmp)  # failed, or interrupted (Ctrl-C): no temporary file is left
                tmp = None
    out.status = Status.CHANGED if changed else Status.UNCHANGED
    if tmp is not None and target is not None:
        try:
            if settings.mode is Mode.WRITE and not changed and not settings.output_encoding:
                _unlink(tmp)
                return out
            if settings.mode is Mode.WRITE:
                now = os.stat(target)
                if (now.st_ino, now.st_size, now.st_mtime_ns) != (st.st_ino, st.st_size, st.st_mtime_ns):
                    _unlink(tmp)
                    return _failed(out, f"{path}: changed while it was being cleaned; left as it is")
                os.chmod(tmp, st.st_mode & 0o7777)
            os.replace(tmp, target)
        except OSError as exc:
            _unlink(tmp)
            return _failed(out, f"{path}: cannot write ({exc.strerror or exc})")
    return out


def _cut(text: str, final: bool) -> int:
    """Where to end a chunk: after the last blank line, else the last line end, else anywhere."""
    if final and len(text) < CHUNK_CHARS:
        return len(text)
    window = text[:CHUNK_CHARS]
    for sep in ("\n\n", "\n"):
        i = window.rfind(sep)
        if i > 0:
            return i + len(sep)
    return len(window)


def _shift(result, lines: int):  # type: ignore[no-untyped-def]
    shifted = {
        name: [replace(c, line=c.line + lines) for c in getattr(result, name)]
        for name in ("edits", "suggestions", "findings")
    }
    return replace(result, **shifted)


def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass
