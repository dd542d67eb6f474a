"""Remove paywall markers that document-sharing sites splice into scraped text.

What it fixes: markers such as ``##paidbegin##`` and ``##paidend##`` (any case, full-width
``＃``, spaces or separators inside) that a scraper copied from the page along with the text.

Why: the markers are page furniture of the site, not part of the document. The text between
them is the document's own (the paid part) and stays.

Example:

>>> from zhclean import clean
>>> clean("做好信访工作##paidbegin##，努力把问题解决在基层", select=["remove-paywall-markers"])
'做好信访工作，努力把问题解决在基层'
>>> clean("新局面。\\n##paidend##\\n", select=["remove-paywall-markers"])
'新局面。\\n'

Safety: safe. The patterns need the ``#`` delimiters and a marker word, which no prose contains.
A marker alone on its line takes the line (and its line end) with it; a marker inside a line takes
the spaces that separated it, so no double space is left behind.

Data: ``data/paywall_markers.tsv`` (marker words as regular expressions).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import TYPE_CHECKING

import regex

from ...core.chars import CJK, HSPACE
from ...core.edits import Edit
from ...core.resources import read_tsv

SIGNALS_DAMAGE = True  # a paywall marker spliced into the text is extraction damage (see Context.damage)

if TYPE_CHECKING:
    from ..context import Context

_HASH = "[#\uff03]{1,3}"  # NUMBER SIGN or FULLWIDTH NUMBER SIGN


@cache
def _marker_re() -> regex.Pattern[str]:
    words = "|".join(f"(?:{row[0]})" for row in read_tsv("paywall_markers.tsv"))
    # A whole line: optional spaces, the marker, optional spaces, and the line end.
    return regex.compile(
        rf"(?P<line>(?m:^)[{HSPACE}]*{_HASH}[ \t]*(?:{words})[ \t]*{_HASH}[{HSPACE}]*(?:\r?\n|\Z))"
        rf"|(?P<inline>(?P<lead>[{HSPACE}]*){_HASH}[ \t]*(?:{words})[ \t]*{_HASH}(?P<trail>[{HSPACE}]*))",
        regex.IGNORECASE,
    )


_CJK_RE = regex.compile(f"[{CJK}]")


def propose(text: str, ctx: Context) -> Iterator[Edit]:
    if "#" not in text and "\uff03" not in text:
        return
    for m in _marker_re().finditer(text):
        marker = m.group().strip()
        if m.group("line") is not None:
            yield Edit(m.start(), m.end(), "", f"paywall marker {marker} on its own line")
            continue
        start, end = m.start(), m.end()
        lead, trail = m.group("lead"), m.group("trail")
        before = text[start - 1] if start > 0 else "\n"
        after = text[end] if end < len(text) else "\n"
        # Keep one separating space where the marker stood between two non-Chinese words.
        if lead and trail and not (_CJK_RE.match(before) and _CJK_RE.match(after)):
            if after not in "\r\n":
                end -= len(trail)
        yield Edit(start, end, "", f"paywall marker {marker} inside a line")
