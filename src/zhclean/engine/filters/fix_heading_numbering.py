"""Repair heading numbers that OCR broke, in the style the document's other headings use.

What it fixes: a heading whose number lost or garbled its delimiter while its siblings keep
theirs: ``一学习“四下基层”精神内涵…`` when a later heading reads ``二、传承弘扬…`` becomes
``一、学习“四下基层”精神内涵…``; ``二.`` or ``二，`` among ``一、`` ``三、`` becomes ``二、``.

Why: the numbering carries the document's structure (outlines, tables of contents, splitting
into sections), and OCR often drops or misreads the small ``、``.

Example:

>>> from zhclean import clean
>>> doc = "一学习精神内涵，推动制度焕发新光彩\\n（一）要发挥党的领导作用。\\n二、传承弘扬优良传统\\n"
>>> clean(doc, select=["fix-heading-numbering"])
'一、学习精神内涵，推动制度焕发新光彩\\n（一）要发挥党的领导作用。\\n二、传承弘扬优良传统\\n'

Safety: safe only where the document proves it: headings of the form ``N、`` exist, the
broken one's number is missing from them and fits their sequence (``一`` before ``二、``), the
line reads like a heading (no ``。``, not too long), and the numeral does not start a word
there (``一是`` ``一要`` ``一年来`` are sentences, not headings).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import regex

from ...core.chars import HAN
from ...core.edits import Edit
from ...core.lexicon import bigram_count
from ..layout import split_lines

if TYPE_CHECKING:
    from ..context import Context

_NUMERALS = "\u4e00\u4e8c\u4e09\u56db\u4e94\u516d\u4e03\u516b\u4e5d\u5341"  # 一二三四五六七八九十
VALUES = {ch: i + 1 for i, ch in enumerate(_NUMERALS)}
GOOD_RE = regex.compile(f"[ \\t\\u3000]*([{_NUMERALS}]{{1,3}})\\u3001")
# A numeral with a misread delimiter (，,.．:：丶 or a space) or none before the heading text.
BROKEN_RE = regex.compile(
    f"[ \\t\\u3000]*(?P<num>[{_NUMERALS}]{{1,3}})"
    f"(?P<delim>[\\uff0c,.\\uff0e:\\uff1a\\u4e36 \\t]?)(?=[{HAN}\\u201c\\u300a])"
)
MAX_HEADING = 60  # characters
# A numeral and the next character this common together are a word (一是, 一要), not a heading.
WORD_PAIR = 20


def value(numeral: str) -> int | None:
    """一 -> 1 ... 十 -> 10, 十一 -> 11, 二十 -> 20, 二十三 -> 23."""
    if len(numeral) == 1:
        return VALUES.get(numeral)
    if len(numeral) == 2 and numeral[0] == "\u5341":
        return 10 + VALUES.get(numeral[1], 0)
    if len(numeral) == 2 and numeral[1] == "\u5341":
        return VALUES.get(numeral[0], 0) * 10
    if len(numeral) == 3 and numeral[1] == "\u5341":
        return VALUES.get(numeral[0], 0) * 10 + VALUES.get(numeral[2], 0)
    return None


def propose(text: str, ctx: Context) -> Iterator[Edit]:
    lines = split_lines(text)
    siblings: dict[int, int] = {}  # value -> line index
    for ln in lines:
        m = GOOD_RE.match(ln.body)
        if m and (v := value(m.group(1))) is not None:
            siblings.setdefault(v, ln.index)
    if not siblings:
        return
    for ln in lines:
        if GOOD_RE.match(ln.body):
            continue
        m = BROKEN_RE.match(ln.body)
        if m is None or "\u3002" in ln.body or len(ln.stripped) > MAX_HEADING:
            continue
        v = value(m.group("num"))
        if v is None or v in siblings:
            continue
        nxt = siblings.get(v + 1)
        prev = siblings.get(v - 1)
        if not ((nxt is not None and nxt > ln.index) or (prev is not None and prev < ln.index)):
            continue
        if (nxt is not None and nxt < ln.index) or (prev is not None and prev > ln.index):
            continue
        delim = m.group("delim")
        follower = ln.body[m.end()] if m.end() < len(ln.body) else ""
        if not delim and bigram_count(m.group("num")[-1] + follower) >= WORD_PAIR:
            continue
        start = ln.start + m.start("delim")
        sibling = next(iter(sorted(siblings)))
        example = lines[siblings[sibling]].stripped[:3]
        reason = f"heading number {m.group('num')}{delim} without its 、 (the other headings read {example}…)"
        yield Edit(start, start + len(delim), "\u3001", reason)
