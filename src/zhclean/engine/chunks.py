"""Where a long text is cut to be cleaned piece by piece (the CLI for files over
``STREAM_BYTES``, ``clean()`` for strings as long): after the last blank line of a chunk of
``CHUNK_CHARS`` characters, else its last line end. A line longer than a chunk passes as it is:
no part of it can be judged without the rest (its start would pass for a line start, its cut for
a line end).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator

STREAM_BYTES = int(os.environ.get("ZHCLEAN_STREAM_BYTES", 16 * 1024 * 1024))
CHUNK_CHARS = int(os.environ.get("ZHCLEAN_CHUNK_CHARS", 1 << 20))  # about 3 MB of UTF-8 Chinese
# A string this long (in characters) is cleaned in chunks: a file of STREAM_BYTES of Chinese.
STREAM_CHARS = STREAM_BYTES // 3


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


def cleaned_in_chunks(text: str, clean: Callable[[str], str]) -> Iterator[str]:
    """``text`` cut as the CLI cuts a streamed file, each chunk through ``clean`` (a line
    longer than a chunk as it is)."""
    pos, n = 0, len(text)
    while pos < n:
        window = text[pos : pos + CHUNK_CHARS]
        end = cut(window, final=pos + CHUNK_CHARS >= n)
        if end == 0:
            nl = text.find("\n", pos)
            stop = n if nl == -1 else nl + 1
            yield text[pos:stop]
            pos = stop
            continue
        yield clean(text[pos : pos + end])
        pos += end
