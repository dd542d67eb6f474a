"""Pages of a document and the running headers and footers learned from them.

OCR reads whole pages: the page's running header, footer and number come out as lines of text
at the page's top and bottom. Which lines they are is told by recurrence: the same short line
(as OCR mangles it: a misread character, a page number attached, stray marks around it) at the
edge of page after page. A form feed ``\\f`` is a page break (Tesseract prints one between
pages, pdftotext one after each); so is a page-number line.

Everything here is linear in the document: lines are grouped by a key in a dict, and a key is
compared only with the groups that share its first or last characters (a bounded number).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache

import regex

from ..core.chars import FORM_FEED, HAN
from .layout import Line

# A page number that says so (第 3 页, 第3页 共10页, 3/10, Page 3): no title or table of contents
# line has one.
_EXPLICIT_PAGE = (
    r"\u7b2c[ \t]*[0-9]{1,4}[ \t]*\u9875(?:[ \t]*[,\uff0c/]?[ \t]*\u5171[ \t]*[0-9]{1,4}[ \t]*\u9875)?"
    r"|(?<![0-9])[0-9]{1,4}[ \t]*/[ \t]*[0-9]{1,4}(?![0-9])"
    r"|(?:[Pp]age|P\.)[ \t]*[0-9]{1,4}"
)
EXPLICIT_PAGE_RE = regex.compile(_EXPLICIT_PAGE)
# A page number inside a header or footer line: an explicit one, or a number set apart from the
# header's text by a wide gap at the line's start or end (``手册   159``, ``- 3 -   公报``;
# ``示例 1`` is a heading).
PAGE_NUMBER_TOKEN_RE = regex.compile(
    _EXPLICIT_PAGE + r"|^[ \t\x0c]*[-\u2014\u2013]?[ \t]*[0-9]{1,4}[ \t]*[-\u2014\u2013]?(?=[ \t]{2,})"
    # (the gap is part of the match, taken whole from its start: linear in long runs of spaces)
    r"|(?<![ \t])[ \t]{2,}+[-\u2014\u2013]?[ \t]*+[0-9]{1,4}[ \t]*+[-\u2014\u2013]?[ \t]*+$"
)
# What a header is recognised by: its Han characters, Latin letters and digits (OCR's marks and
# spaces around and inside it vary from page to page; its page number is taken out first).
KEY_CHARS_RE = regex.compile(f"[{HAN}A-Za-z0-9]+")
# Headers and footers do not end with a mark (a list item, a heading or a sentence does).
ENDS_WITH_MARK_RE = regex.compile(
    "[\u3002\uff01\uff1f!?\uff1a:\uff1b;\u3001\uff0c,.][\u201d\u2019\u300d\u300f\uff09)]*$"
)
# A header or footer has at least this many and at most this many key characters.
MIN_KEY = 2
MAX_KEY = 40
# How many text lines at a page's top and bottom can be furniture.
EDGE_LINES = 2
# Two keys name the same header at this similarity (difflib ratio), with lengths this close.
SIMILAR = 0.75
MAX_LENGTH_GAP = 0.25
# A key is compared with at most this many groups (those sharing its first or last characters).
MAX_COMPARED = 12
AFFIX = 2


@lru_cache(maxsize=1 << 16)
def header_key(body: str) -> str:
    """A line as a header is recognised: without page numbers, marks and spaces; Latin lowered.
    (Cached: a line is asked for its key by several passes, and running headers repeat.)"""
    core = PAGE_NUMBER_TOKEN_RE.sub(" ", body)
    return "".join(KEY_CHARS_RE.findall(core)).lower()


@lru_cache(maxsize=1 << 16)
def has_page_number(body: str) -> bool:
    return PAGE_NUMBER_TOKEN_RE.search(body) is not None


def has_explicit_page_number(body: str) -> bool:
    return EXPLICIT_PAGE_RE.search(body) is not None


def similar(a: str, b: str) -> bool:
    if a == b:
        return True
    longer = max(len(a), len(b))
    if abs(len(a) - len(b)) > max(2, MAX_LENGTH_GAP * longer):
        return False
    return SequenceMatcher(None, a, b, autojunk=False).ratio() >= SIMILAR


@dataclass
class Page:
    """Text lines (indices into the document's non-blank lines) of one printed page."""

    first: int
    last: int  # inclusive

    def edge(self, pos: int) -> bool:
        """Among the top or bottom EDGE_LINES text lines of the page."""
        return pos - self.first < EDGE_LINES or self.last - pos < EDGE_LINES


def split_pages(lines: list[Line], text_lines: list[Line], page_numbers: set[int]) -> list[Page]:
    """Pages by form feeds, else by page-number lines (``page_numbers``: their line indices).

    The text line a form feed begins, or the first text line after one, starts a page. Without
    form feeds, a page-number line with text before and after it ends its page. Without either,
    the document is one page.
    """
    pos_of = {ln.index: pos for pos, ln in enumerate(text_lines)}
    starts = {0}
    pending = False
    for ln in lines:
        pos = pos_of.get(ln.index)
        if FORM_FEED in ln.body:
            if pos is not None and ln.body.lstrip(" \t").startswith(FORM_FEED):
                starts.add(pos)
            else:
                pending = True  # a feed alone, or at a line's end: the next text line starts
            continue
        if pending and pos is not None:
            starts.add(pos)
            pending = False
    if len(starts) == 1:
        for pos, ln in enumerate(text_lines):
            if ln.index in page_numbers and 0 < pos < len(text_lines) - 1:
                starts.add(pos + 1)
    ordered = sorted(starts)
    return [Page(a, b - 1) for a, b in zip(ordered, [*ordered[1:], len(text_lines)], strict=True)]


@dataclass
class Group:
    """Lines (positions in the text lines) that are one recurring header or footer."""

    key: str
    members: list[int] = field(default_factory=list)


def recurring_groups(text_lines: list[Line], candidates: list[int]) -> list[Group]:
    """Group candidate lines by their header key, allowing for OCR's misreadings."""
    groups: list[Group] = []
    exact: dict[str, Group] = {}
    by_affix: dict[str, list[Group]] = {}
    for pos in candidates:
        key = header_key(text_lines[pos].body)
        group = exact.get(key)
        if group is None:
            affixes = (f"<{key[:AFFIX]}", f">{key[-AFFIX:]}")
            near = [g for affix in affixes for g in by_affix.get(affix, ())[:MAX_COMPARED]]
            group = next((g for g in near if similar(g.key, key)), None)
            if group is None:
                group = Group(key)
                groups.append(group)
                for affix in affixes:
                    by_affix.setdefault(affix, []).append(group)
            exact[key] = group
        group.members.append(pos)
    return [g for g in groups if len(g.members) >= 2]


def candidate(line: Line) -> bool:
    """Could be a running header or footer: a short line that does not end with a mark."""
    key = header_key(line.body)
    return MIN_KEY <= len(key) <= MAX_KEY and ENDS_WITH_MARK_RE.search(line.body.rstrip()) is None
