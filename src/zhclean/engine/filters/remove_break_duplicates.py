"""Remove a character that OCR read twice across a line break or a gap.

What it fixes: the same Han character on both sides of a space or a line break, where the
doubled form is not Chinese: ``《闽东九县调查随感》一 一文`` → ``…》一文``.

Why: at a line or page break, and at a gap in the scan, an engine sometimes reads the same
glyph twice. The space or break between the two copies is the trace of the artefact.

Example:

>>> from zhclean import clean
>>> clean("形成《弱鸟如何先飞》一 一文，开创了一系列重要理念。", select=["remove-break-duplicates"])
'形成《弱鸟如何先飞》一文，开创了一系列重要理念。'

Safety: safe, and only where it is provably an artefact: the copies are separated by
whitespace (never ``人人`` or ``常常`` written together), a space only inside a sentence (a
headline's space stays: ``雨雪天气 气温下降``; across a line break, the line before is running
text too: a heading ``示例`` above ``例如…`` stays), the doubled character is not a reduplication
the official documents use (``人人``, ``天天``: 5 times or more), one copy is an orphan that
makes no word with its neighbour (``高质量发`` / ``发展``, but not ``天气 气温``), and for ``一``
no attested sequence ``X一一`` or ``一一Y`` (``一一对应``) surrounds it.

Data: ``data/bigrams.tsv``, ``data/yi_trigrams.tsv``.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import regex

from ...core.chars import CJK_STOPS, HAN
from ...core.edits import Edit
from ...core.lexicon import bigram_count, yi_trigrams
from ..layout import SentenceLines

if TYPE_CHECKING:
    from ..context import Context

SIGNALS_DAMAGE = True  # its repairs show OCR or extraction damage (see Context.damage)

DUPLICATE_RE = regex.compile(f"([{HAN}])([ \\t\\u3000]+|[ \\t]*\\r?\\n[ \\t]*)\\1")
YI = "\u4e00"
SENTENCE_RE = regex.compile(f"[{CJK_STOPS}]")
REDUPLICATION = 5


def _artefact(text: str, start: int, end: int, char: str) -> bool:
    before = text[start - 1] if start else ""
    after = text[end] if end < len(text) else ""
    if char == YI:
        trigrams = yi_trigrams()
        return (YI + YI + after) not in trigrams and (before + YI + YI) not in trigrams
    if bigram_count(char + char) >= REDUPLICATION:
        return False
    # One copy must be an orphan: 高质量发|发展 (量发 is no pair), not 天气 气温 (two words).
    left_word = bigram_count(before + char) >= REDUPLICATION
    right_word = bigram_count(char + after) >= REDUPLICATION
    return left_word != right_word


def propose(text: str, ctx: Context) -> Iterator[Edit]:
    lines: SentenceLines | None = None
    for m in DUPLICATE_RE.finditer(text):
        char = m.group(1)
        if lines is None:
            lines = SentenceLines(text, SENTENCE_RE)
        if not lines.is_sentence(m.start()):
            # A headline's deliberate space (雨雪天气 气温下降); a heading's last character
            # that the next line's first repeats (示例 / 例如).
            continue
        if _artefact(text, m.start(), m.end(), char):
            gap = "a line break" if "\n" in m.group(2) else "a gap"
            yield Edit(m.start(), m.start(2) + len(m.group(2)), "", f"{char} read twice across {gap}")
