"""JSON Lines corpora: clean one field of each record, streaming, keeping everything else.

Records are read and written one line at a time, so memory stays flat on corpora of any size.
A record whose field is unchanged is written back byte for byte; in a changed one only the
field's string is replaced, and every other byte stays. Records without the field (or with a
non-string value) pass through and are counted. Lines that are not JSON are an error for the
file, which is then left untouched.
"""

from __future__ import annotations

import codecs
import json
import os
from json.decoder import WHITESPACE, scanstring
from typing import IO, TYPE_CHECKING

import regex

from ..core.errors import InputError, OutputError
from ..engine.chunks import run_in_chunks

if TYPE_CHECKING:
    from ..core.edits import Result
    from ..engine.pipeline import Pipeline
    from .tasks import Outcome, Settings, Task


def process_jsonl(task: Task, settings: Settings, out: Outcome) -> Outcome:
    from ..files.documents import AtomicWriter, stamp_of
    from .stream import NoWriter
    from .tasks import Mode, Status, _failed, file_target, output_sink

    try:
        target = file_target(task, settings)
        with _open(task) as source:
            # In place, the file is written back only if nobody changed it meanwhile.
            stamp = None
            if settings.mode is Mode.WRITE and task.path is not None:
                st = os.fstat(source.fileno())
                stamp = stamp_of(st)
            with AtomicWriter(target, stamp) if target else NoWriter() as writer:
                sink = output_sink(writer, target, settings)
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
    from .diagnostics import Item
    from .tasks import Mode, _pipeline, count_result

    pipeline = _pipeline(settings.config)
    field = settings.jsonl_field
    assert field is not None
    changed = missing = 0
    limit = settings.max_record
    for number, raw in enumerate(iter(lambda: source.readline(limit + 1), b""), 1):
        if len(raw) > limit and not raw.endswith(b"\n"):
            raise InputError(
                f"{task.name}:{number}: record longer than {limit // (1024 * 1024)} MiB; "
                "raise --max-record-size to clean it (it is read whole)"
            )
        if raw.strip():
            try:
                raw_out, result = clean_line(raw, pipeline, field)
            except UnicodeDecodeError:
                raise InputError(f"{task.name}:{number}: {why_not_utf8(raw)}") from None
            except ValueError as exc:
                raise InputError(f"{task.name}:{number}: not a JSON record ({exc})") from None
            except InputError as exc:  # an engine's result in the field that is not valid
                raise InputError(f"{task.name}:{number}: {exc}") from None
            if result is None:
                missing += 1
            else:
                count_result(out, result)
                if settings.mode is Mode.CHECK:  # the payload, also under -q
                    name = f"{task.name}:{number}[{field}]"
                    out.messages.extend(Item(name, item) for item in result.items())
                if result.changed:
                    changed += 1
                raw = raw_out  # (an engine's result becomes its text even without edits)
        if sink is not None:
            sink(raw)
    if missing and not settings.quiet:
        out.messages.append(
            f"note: {task.name}: {missing} record(s) without a string {field!r} passed through"
        )
    return changed > 0


def why_not_utf8(raw: bytes) -> str:
    """Why a record cannot be read, and what to do: JSON Lines are UTF-8 (RFC 8259)."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or b"\x00" in raw:
        found = "UTF-16"
    else:
        from ..files.documents import decode

        try:
            found = decode(raw, "-").encoding.upper()
        except InputError:  # (BinaryFile is one)
            found = "not UTF-8"
    return (
        f"not UTF-8 (it looks like {found}); JSON Lines are UTF-8: convert the file first, "
        f"e.g. iconv -f {found if found != 'not UTF-8' else 'CODEC'} -t UTF-8"
    )


def clean_line(raw: bytes, pipeline: Pipeline, field: str) -> tuple[bytes, Result | None]:
    """Clean the ``field`` of one JSON Lines record (``raw``, with its line ending).

    Returns the line to write (the same bytes if nothing changed) and the pipeline's result, or
    None for a record without a string ``field``. Raises ValueError for a line that is not JSON.
    A blank line passes through. Only the field's string changes: every other byte of the record
    (key order, duplicate keys, number spellings, escapes, a byte order mark, the line ending or
    its absence) stays. The CLI and the Dask integration both clean records here, so their
    output is the same byte for byte.
    """
    bom = codecs.BOM_UTF8 if raw.startswith(codecs.BOM_UTF8) else b""
    body = raw[len(bom) :]
    line = body.rstrip(b"\r\n")
    if not line.strip():
        return raw, None
    text = line.decode("utf-8")  # UnicodeDecodeError is a ValueError
    span = field_span(text, field, any_value=True)
    if span is None:
        return raw, None
    start, end = span
    structured = _structured(text, start, end, field)
    if structured is None and not text.startswith('"', start):
        return raw, None  # a number, a list or an object that is no engine's result
    if structured is not None:
        # An engine's result in the field (RapidOCR's list, hOCR in a string): cleaned with its
        # geometry, and the field becomes the text (results count their edits as for a file).
        result = pipeline.run(structured.text, structured)
        value = ""
    else:
        value, _ = scanstring(text, start + 1)
        result = run_in_chunks(pipeline.run, value)  # a field of many megabytes: chunk by chunk
        if not result.changed:
            return raw, result
    token = _dump_string(result.text, ascii_only=text[start:end].isascii() and not value.isascii())
    new = text[:start] + token + text[end:]
    return bom + new.encode("utf-8") + body[len(line) :], result


def _structured(text: str, start: int, end: int, field: str):  # type: ignore[no-untyped-def]
    """The rendered engine's result the field holds (``engine.geometry.Rendered``), or None
    for text and other values. A value that looks like a result and is not valid is an
    InputError naming the field."""
    from ..files.ocr import SNIFF_BYTES, read_ocr, sniff

    if text.startswith('"', start):
        if not any(mark in text[start:end] for mark in ("ocr_page", "alto", "level")):
            return None  # (cheap: most fields are text)
        value, _ = scanstring(text, start + 1)
        data = value.encode("utf-8")
        fmt = sniff(data[:SNIFF_BYTES])
        if fmt == "rapidocr":
            return None  # a string that holds JSON is text here
    else:
        data = text[start:end].encode("utf-8")
        fmt = sniff(data[:SNIFF_BYTES])
        if fmt != "rapidocr":
            return None
    if fmt is None or fmt == "pdf":
        return None
    from ..engine.geometry import render

    return render(read_ocr(data, f"field {field!r}", fmt))


def _dump_string(value: str, *, ascii_only: bool) -> str:
    """A JSON string token for ``value``, escaped as the record's own was (``\\uXXXX`` for all
    non-ASCII, or only where JSON Lines needs it: line separators and lone surrogates)."""
    token = json.dumps(value, ensure_ascii=ascii_only)
    return token if ascii_only else _NEEDS_ESCAPE_RE.sub(lambda m: f"\\u{ord(m.group()):04x}", token)


_NEEDS_ESCAPE_RE = regex.compile("[\u2028\u2029\ud800-\udfff]")
_DECODER = json.JSONDecoder()


def field_span(text: str, field: str, *, any_value: bool = False) -> tuple[int, int] | None:
    """Where the string value of the record's top-level ``field`` stands in ``text`` (the last
    one, as a JSON reader takes it, if the key is repeated), or None if the record has no string
    there (with ``any_value``, a value of any kind). Raises ValueError if ``text`` is not one
    JSON value (too deeply nested included)."""
    pos = _skip(text, 0)
    if not text.startswith("{", pos):
        _check_value(text, pos)  # a JSON value that is not an object: it has no fields
        return None
    found: tuple[int, int] | None = None
    pos = _skip(text, pos + 1)
    if text.startswith("}", pos):
        return _end(text, pos + 1, None)
    while True:
        if not text.startswith('"', pos):
            raise ValueError(f"expected a key at column {pos + 1}")
        key, pos = scanstring(text, pos + 1)
        pos = _skip(text, pos)
        if not text.startswith(":", pos):
            raise ValueError(f"expected ':' at column {pos + 1}")
        pos = _skip(text, pos + 1)
        if text.startswith('"', pos):
            _, end = scanstring(text, pos + 1)
            if key == field:
                found = (pos, end)
        else:
            end = _check_value(text, pos)
            if key == field:
                found = (pos, end) if any_value else None  # the last value is not a string
        pos = _skip(text, end)
        if text.startswith(",", pos):
            pos = _skip(text, pos + 1)
            continue
        if text.startswith("}", pos):
            return _end(text, pos + 1, found)
        raise ValueError(f"expected ',' or '}}' at column {pos + 1}")


def _check_value(text: str, pos: int) -> int:
    try:
        return _DECODER.raw_decode(text, pos)[1]
    except RecursionError:
        raise ValueError("nested too deeply") from None


def _end(text: str, pos: int, found: tuple[int, int] | None) -> tuple[int, int] | None:
    if _skip(text, pos) != len(text):
        raise ValueError(f"extra data at column {pos + 1}")
    return found


def _skip(text: str, pos: int) -> int:
    return WHITESPACE.match(text, pos).end()


def _open(task: Task) -> IO[bytes]:
    import io

    if task.data is not None:
        return io.BytesIO(task.data)
    assert task.path is not None
    from ..files.documents import check_regular

    check_regular(task.path, task.name)
    try:
        return open(task.path, "rb")
    except OSError as exc:
        raise InputError(f"{task.name}: cannot read ({exc.strerror or exc})") from None
