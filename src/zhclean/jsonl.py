"""JSON Lines corpora: clean one field of each record, streaming, keeping everything else.

Records are read and written one line at a time, so memory stays flat on corpora of any size.
A record whose field is unchanged is written back byte for byte; a changed one is serialised
again with its keys in their order. Records without the field (or with a non-string value) pass
through and are counted. Lines that are not JSON are an error for the file, which is then left
untouched.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path
from typing import IO, TYPE_CHECKING

from .errors import InputError, OutputError

if TYPE_CHECKING:
    from .runner import Outcome, Settings, Task


def process_jsonl(task: Task, settings: Settings, out: Outcome) -> Outcome:
    from .runner import Mode, Status, _failed, _pipeline, format_item

    pipeline = _pipeline(settings.config)
    field = settings.jsonl_field
    assert field is not None
    mode = settings.mode
    sink: IO[bytes] | None = None
    tmp: str | None = None
    target: Path | None = None
    if mode is Mode.WRITE:
        assert task.path is not None
        target = Path(os.path.realpath(task.path))
    elif mode is Mode.OUTPUT:
        assert settings.output is not None
        target = settings.output / task.relative if settings.out_is_dir else settings.output
        target.parent.mkdir(parents=True, exist_ok=True)
    try:
        if target is not None:
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".zhclean-tmp")
            sink = os.fdopen(fd, "wb")
        elif mode is Mode.PRINT:
            sink = sys.stdout.buffer
        changed = missing = 0
        source = _open(task)
        with source:
            for number, raw in enumerate(source, 1):
                line = raw.rstrip(b"\r\n")
                ending = raw[len(line) :]
                if not line.strip():
                    if sink:
                        sink.write(raw)
                    continue
                try:
                    record = json.loads(line)
                except (json.JSONDecodeError, UnicodeDecodeError) as exc:
                    raise InputError(f"{task.name}:{number}: not a JSON record ({exc})") from None
                value = record.get(field) if isinstance(record, dict) else None
                if not isinstance(value, str):
                    missing += 1
                    if sink:
                        sink.write(raw)
                    continue
                result = pipeline.run(value)
                out.edits += len(result.edits)
                out.suggestions += len(result.suggestions)
                out.findings += len(result.findings)
                out.per_filter.update(c.filter for c in result.edits)
                if not settings.quiet and mode is Mode.CHECK:
                    name = f"{task.name}:{number}[{field}]"
                    out.messages.extend(format_item(name, item) for item in result.items())
                if result.changed:
                    changed += 1
                    record[field] = result.text
                    raw = json.dumps(record, ensure_ascii=False).encode("utf-8") + (ending or b"\n")
                if sink:
                    sink.write(raw)
        if missing and not settings.quiet:
            out.messages.append(
                f"note: {task.name}: {missing} record(s) without a string {field!r} passed through"
            )
        out.status = Status.CHANGED if changed else Status.UNCHANGED
        if tmp is not None and target is not None:
            assert sink is not None
            sink.flush()
            os.fsync(sink.fileno())
            sink.close()
            sink = None
            if mode is Mode.WRITE and not changed:
                os.unlink(tmp)
            else:
                if task.path is not None and target.exists():
                    os.chmod(tmp, os.stat(target).st_mode & 0o7777)
                os.replace(tmp, target)
            tmp = None
        return out
    except (InputError, OutputError) as exc:
        return _failed(out, str(exc))
    except OSError as exc:
        return _failed(out, f"{task.name}: {exc.strerror or exc}")
    finally:
        if sink is not None and sink is not sys.stdout.buffer:
            sink.close()
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def _open(task: Task) -> IO[bytes]:
    import io

    if task.data is not None:
        return io.BytesIO(task.data)
    assert task.path is not None
    try:
        return open(task.path, "rb")
    except OSError as exc:
        raise InputError(f"{task.name}: cannot read ({exc.strerror or exc})") from None
