"""Spans of text that no filter may touch: URLs, e-mail addresses, file names, inline code.

Punctuation and spacing rules look at the characters around a mark; inside a URL such as
``https://example.org/a,b`` or a file name such as ``报告(2).txt`` those characters belong to the
token, not to the sentence, and changing them would break it.
"""

from __future__ import annotations

import bisect

import regex

_URL = r"(?:(?<![a-z0-9+.-])[a-z][a-z0-9+.-]*+://|www\.)[A-Za-z0-9._~:/?#\[\]@!$&'()*+,;=%-]+"
# Each starts only where its run of allowed characters starts, and takes the run whole: a long
# run (``'.' * 10_000``) is then scanned once, not once from each of its positions.
_EMAIL = r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]++@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"
_FILENAME = (
    r"(?<![A-Za-z0-9_.-])[A-Za-z0-9_][A-Za-z0-9_.-]*(?:\(\d+\))?\.[A-Za-z][A-Za-z0-9]{0,5}"
    r"(?![A-Za-z0-9_])"
)
_WINPATH = r"[A-Za-z]:\\[^\s\u3000-\u303f\uff00-\uffef]*"
_CODE = r"`[^`\n]+`"

PROTECTED_RE = regex.compile(
    "|".join(f"(?:{p})" for p in (_URL, _EMAIL, _WINPATH, _CODE, _FILENAME)),
    regex.IGNORECASE,
)


# Every protected token contains one of these: a dot, @, a backquote, :\ (Windows paths) or
# :// (a URL without a dot: http://localhost:8080/).
QUICK_RE = regex.compile(r"[.@`]|:\\|://")


ASCII_RUN_RE = regex.compile(r"[\x21-\x7e]+")
SPECIAL_RE = regex.compile(r"`|:\\")  # what inline code and Windows paths start with


def _lines_with(text: str, pattern: regex.Pattern[str]) -> list[tuple[int, int]]:
    """The spans of the lines of ``text`` that hold a match of ``pattern``, in order."""
    found: list[tuple[int, int]] = []
    for m in pattern.finditer(text):
        if found and m.start() < found[-1][1]:
            continue  # on the line already found
        start = text.rfind("\n", 0, m.start()) + 1
        end = text.find("\n", m.end())
        found.append((start, len(text) if end == -1 else end))
    return found


class Protected:
    """The protected spans of one text, for overlap queries."""

    __slots__ = ("_ends", "_starts")

    def __init__(self, text: str) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []
        if not QUICK_RE.search(text):
            return  # no URL, address, file name or code can be in it (the common case)
        # Inline code and Windows paths may hold Chinese: the lines that have a backquote or a
        # :\ are scanned whole. URLs, addresses and file names are printable ASCII: elsewhere
        # only such runs that hold a dot, an @ or :// are scanned (Chinese text has few, and they
        # are short). No protected token crosses a line end, so this finds exactly what one scan
        # of the whole text finds (a property test checks it).
        matches: list[regex.Match[str]] = []
        cursor = 0
        for start, end in _lines_with(text, SPECIAL_RE):
            matches += self._ascii(text, cursor, start)
            matches += PROTECTED_RE.finditer(text, start, end)
            cursor = end
        matches += self._ascii(text, cursor, len(text))
        for m in matches:
            self._starts.append(m.start())
            self._ends.append(m.end())

    @staticmethod
    def _ascii(text: str, start: int, end: int) -> list[regex.Match[str]]:
        return [
            m
            for run in ASCII_RUN_RE.finditer(text, start, end)
            if "." in run.group() or "@" in run.group() or "://" in run.group()
            for m in PROTECTED_RE.finditer(text, run.start(), run.end())
        ]

    def overlaps(self, start: int, end: int) -> bool:
        """True if ``[start, end)`` touches a protected span (a point touches if inside)."""
        i = bisect.bisect_right(self._starts, max(start, end - 1)) - 1
        return i >= 0 and self._ends[i] > start

    def __bool__(self) -> bool:
        return bool(self._starts)


FENCE_RE = regex.compile(r"[ ]{0,3}(`{3,}|~{3,})")
INDENTED_RE = regex.compile(r"(?: {4}|\t)")


def code_blocks(text: str, indented: bool = False) -> list[tuple[int, int]]:
    """Spans of Markdown code blocks: fenced (``` or ~~~, to the closing fence or the end), and
    with ``indented``, blocks of lines indented four spaces or a tab after a blank line. Code is
    the author's exactly: no filter may touch it. One pass over the lines (no backtracking)."""
    if "```" not in text and "~~~" not in text and not indented:
        return []
    spans: list[tuple[int, int]] = []
    pos, n = 0, len(text)
    fence: str | None = None
    start = 0
    blank_before = True
    block_start: int | None = None
    while pos < n:
        nl = text.find("\n", pos)
        end = n if nl == -1 else nl + 1
        line = text[pos:end]
        body = line.rstrip("\r\n")
        if fence is not None:
            m = FENCE_RE.match(body)
            if (
                m
                and m.group(1)[0] == fence[0]
                and len(m.group(1)) >= len(fence)
                and not body[m.end() :].strip()
            ):
                spans.append((start, pos + len(body)))
                fence = None
                blank_before = False
        else:
            m = FENCE_RE.match(body)
            if m and not (m.group(1)[0] == "`" and "`" in body[m.end() :]):
                if block_start is not None:
                    spans.append((block_start, pos))
                    block_start = None
                fence, start = m.group(1), pos
            elif (
                indented
                and body.strip()
                and INDENTED_RE.match(body)
                and (blank_before or block_start is not None)
            ):
                if block_start is None:
                    block_start = pos
            elif body.strip():
                if block_start is not None:
                    spans.append((block_start, pos))
                    block_start = None
                blank_before = False
            else:
                blank_before = True
        pos = end
    if fence is not None:
        spans.append((start, n))
    if block_start is not None:
        spans.append((block_start, n))
    return spans
