"""JSON Lines corpora: clean one field of each record, streaming, keeping everything else.

Records are read and written one line at a time, so memory stays flat on corpora of any size.
A record whose field is unchanged is written back byte for byte; a changed one is serialised
again with its keys in their order. Records without the field (or with a non-string value) pass
through and are counted. Lines that are not JSON are an error for the file, which is then left
untouched.
"""

from __future__ import annotations

import json
from typing import IO, TYPE_CHECKING

from .errors import InputError, OutputError

if TYPE_CHECKING:
    from .core import Result
    from .pipeline import Pipeline
    from .runner import Outcome, Settings, Task


def process_jsonl(task: Task, settings: Settings, out: Outcome) -> Outcome:
    from .files import AtomicWriter
    from .runner import Mode, Status, _failed, file_target, output_sink
    from .stream import NoWriter

    try:
        target = file_target(task, settings)
        with AtomicWriter(target) if target else NoWriter() as writer:
            sink = output_sink(writer, target, settings)
            with _open(task) as source:
                changed = _clean_records(source, sink, task, settings, out)
            # -w rewrites only a file that changed; -o always writes.
            if target and (changed or settings.mode is Mode.OUTPUT):
                writer.commit()
    except (InputError, OutputError) as exc:
        return _failed(out, str(exc))
    except OSError as exc:
        return _failed(out, f"{task.name}: {exc.strerror or exc}")
    out.status = Status.CHANGED if changed else Status.UNCHANGED
    return out


def _clean_records(source, sink, task: Task, settings: Settings, out: Outcome) -> bool:  # type: ignore[no-untyped-def]
    """Clean the field of each record, writing every line to ``sink``; True if any changed."""
    from .runner import Mode, _pipeline, format_item

    pipeline = _pipeline(settings.config)
    field = settings.jsonl_field
    assert field is not None
    changed = missing = 0
    for number, raw in enumerate(source, 1):
        if raw.strip():
            try:
                raw_out, result = clean_line(raw, pipeline, field)
            except ValueError as exc:
                raise InputError(f"{task.name}:{number}: not a JSON record ({exc})") from None
            if result is None:
                missing += 1
            else:
                out.edits += len(result.edits)
                out.suggestions += len(result.suggestions)
                out.findings += len(result.findings)
                out.per_filter.update(c.filter for c in result.edits)
                if not settings.quiet and settings.mode is Mode.CHECK:
                    name = f"{task.name}:{number}[{field}]"
                    out.messages.extend(format_item(name, item) for item in result.items())
                if result.changed:
                    changed += 1
                    raw = raw_out
        if sink is not None:
            sink(raw)
    if missing and not settings.quiet:
        out.messages.append(
            f"note: {task.name}: {missing} record(s) without a string {field!r} passed through"
        )
    return changed > 0


def clean_line(raw: bytes, pipeline: Pipeline, field: str) -> tuple[bytes, Result | None]:
    """Clean the ``field`` of one JSON Lines record (``raw``, with its line ending).

    Returns the line to write (the same bytes if nothing changed) and the pipeline's result, or
    None for a record without a string ``field``. Raises ValueError for a line that is not JSON.
    A blank line passes through. The CLI and the Dask integration both clean records here, so
    their output is the same byte for byte.
    """
    line = raw.rstrip(b"\r\n")
    if not line.strip():
        return raw, None
    record = json.loads(line)  # JSONDecodeError and UnicodeDecodeError are ValueErrors
    value = record.get(field) if isinstance(record, dict) else None
    if not isinstance(value, str):
        return raw, None
    result = pipeline.run(value)
    if not result.changed:
        return raw, result
    record[field] = result.text
    return json.dumps(record, ensure_ascii=False).encode("utf-8") + (raw[len(line) :] or b"\n"), result


def _open(task: Task) -> IO[bytes]:
    import io

    if task.data is not None:
        return io.BytesIO(task.data)
    assert task.path is not None
    try:
        return open(task.path, "rb")
    except OSError as exc:
        raise InputError(f"{task.name}: cannot read ({exc.strerror or exc})") from None
