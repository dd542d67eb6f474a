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


# Every protected token contains one of these: a dot, @, a backquote, or :\ (Windows paths).
QUICK_RE = regex.compile(r"[.@`]|:\\")


ASCII_RUN_RE = regex.compile(r"[\x21-\x7e]+")


class Protected:
    """The protected spans of one text, for overlap queries."""

    __slots__ = ("_ends", "_starts")

    def __init__(self, text: str) -> None:
        self._starts: list[int] = []
        self._ends: list[int] = []
        if not QUICK_RE.search(text):
            return  # no URL, address, file name or code can be in it (the common case)
        if "`" in text or ":\\" in text:
            # Inline code and Windows paths may hold Chinese: scan the whole text.
            matches = PROTECTED_RE.finditer(text)
        else:
            # URLs, addresses and file names are printable ASCII: scan only such runs that hold
            # a dot or an @ (Chinese text has few, and they are short).
            matches = (
                m
                for run in ASCII_RUN_RE.finditer(text)
                if "." in run.group() or "@" in run.group()
                for m in PROTECTED_RE.finditer(text, run.start(), run.end())
            )
        for m in matches:
            self._starts.append(m.start())
            self._ends.append(m.end())

    def overlaps(self, start: int, end: int) -> bool:
        """True if ``[start, end)`` touches a protected span (a point touches if inside)."""
        i = bisect.bisect_right(self._starts, max(start, end - 1)) - 1
        return i >= 0 and self._ends[i] > start

    def __bool__(self) -> bool:
        return bool(self._starts)
