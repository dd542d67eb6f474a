"""Where a long text is cut to be cleaned piece by piece, by one rule for the library and the
command line: a text longer than :func:`stream_chars` characters is cleaned in chunks, each ending
after the last blank line of ``CHUNK_CHARS`` characters, else its last line end. A line longer
than a chunk passes as it is: no part of it can be judged without the rest (its start would pass
for a line start, its cut for a line end).

``clean()`` and the CLI cut at the same places, so that a file comes out the same through
either; the CLI reads such a file in blocks (streams it) only so that its memory stays flat, and
``--diff`` shows exactly what ``-w`` writes.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import replace

from ..core.edits import Result

STREAM_BYTES = int(os.environ.get("ZHCLEAN_STREAM_BYTES", 16 * 1024 * 1024))
CHUNK_CHARS = int(os.environ.get("ZHCLEAN_CHUNK_CHARS", 1 << 20))  # about 3 MB of UTF-8 Chinese
# A text longer than this many characters is cleaned in chunks (None: STREAM_BYTES // 3, a
# file of STREAM_BYTES of UTF-8 Chinese).
_CHARS = os.environ.get("ZHCLEAN_STREAM_CHARS")
STREAM_CHARS: int | None = int(_CHARS) if _CHARS else None
MAX_BYTES_PER_CHAR = 4  # UTF-8, GB18030


def stream_chars() -> int:
    """Above this many characters, a text is cleaned in chunks."""
    return STREAM_CHARS if STREAM_CHARS is not None else STREAM_BYTES // 3


def is_chunked(chars: int) -> bool:
    """Whether a text of ``chars`` characters is cleaned in chunks: the one rule."""
    return chars > stream_chars()


def is_chunked_file(size: int) -> bool | None:
    """Whether a file of ``size`` bytes is cleaned in chunks, where its size alone says so:
    never above ``size`` characters, at least ``size / 4``; None where only its characters
    can tell."""
    if not is_chunked(size):
        return False
    if is_chunked(size // MAX_BYTES_PER_CHAR):
        return True
    return None


def cut(text: str, final: bool) -> int:
    """Where to end a chunk: after the last blank line, else the last line end; 0 inside a
    line longer than a chunk."""
    if final and len(text) < CHUNK_CHARS:
        return len(text)
    window = text[:CHUNK_CHARS]
    for sep in ("\n\n", "\n"):
        i = window.rfind(sep)
        if i > 0:
            return i + len(sep)
    return 0


def pieces(text: str) -> Iterator[tuple[int, str, bool]]:
    """``text`` cut as the CLI cuts a streamed file: (offset, piece, whether it is cleaned),
    a line longer than a chunk being a piece that is not."""
    pos, n = 0, len(text)
    while pos < n:
        window = text[pos : pos + CHUNK_CHARS]
        end = cut(window, final=pos + CHUNK_CHARS >= n)
        if end == 0:
            nl = text.find("\n", pos)
            stop = n if nl == -1 else nl + 1
            yield pos, text[pos:stop], False
            pos = stop
            continue
        yield pos, text[pos : pos + end], True
        pos += end


def cleaned_in_chunks(text: str, clean: Callable[[str], str]) -> Iterator[str]:
    """``text`` cut as the CLI cuts a streamed file, each chunk through ``clean`` (a line
    longer than a chunk as it is)."""
    for _, piece, cleaned in pieces(text):
        yield clean(piece) if cleaned else piece


def run_in_chunks(run: Callable[[str], Result], text: str) -> Result:
    """One :class:`Result` for ``text`` cleaned by the rule (whole, or in chunks through
    ``run``), its items positioned in the whole text: what a JSON Lines record's field of many
    megabytes gets, so that its memory is that of a chunk, not of the record."""
    if not is_chunked(len(text)):
        return run(text)
    merged = Result(text="", original=text)
    out, lines = [], 0
    for offset, piece, cleaned in pieces(text):
        if cleaned:
            result = run(piece)
            out.append(result.text)
            for name in ("edits", "suggestions", "findings"):
                getattr(merged, name).extend(
                    replace(c, start=c.start + offset, end=c.end + offset, line=c.line + lines)
                    for c in getattr(result, name)
                )
            merged.stages.extend(result.stages)
        else:
            out.append(piece)
        lines += piece.count("\n")
    merged.text = "".join(out)
    return merged
