"""Restore the numeral 一 where OCR read its single stroke as a hyphen or a dash.

What it fixes: a hyphen-like character (``-`` ``‐`` ``‑`` ``–`` ``—`` ``－`` ``─`` ``ー`` ...)
between two Han characters, when putting ``一`` in its place makes a sequence that Chinese text
attests: ``统-起来`` → ``统一起来``, ``第-批`` → ``第一批``.

Why: ``一`` is one horizontal stroke; OCR engines and PDF extractors often emit a hyphen or a dash
for it. A real hyphen between Han characters joins names and pairs (``迪亚斯-卡内尔``,
``让-保罗·萨特``, ``东盟-中国``), and there ``X一Y`` is not a sequence Chinese uses.

Example:

>>> from zhclean import clean
>>> clean("把思想统-起来，相比第-批", select=["fix-hyphen-for-yi"])
'把思想统一起来，相比第一批'
>>> clean("迪亚斯-卡内尔", select=["fix-hyphen-for-yi"])
'迪亚斯-卡内尔'

Safety: safe when the trigram ``X一Y`` around the hyphen is attested in the shipped lexicon
(official documents, or a whole word of jieba's dictionary), or when ``Y`` is a character that follows 一 far
more often than chance (a measure word: 个 批 种 系 ...), which lets the fix apply after
punctuation too (``，-批新晋`` → ``，一批新晋``). Otherwise nothing is proposed: connectors such as
``中国—东盟`` and ``中国－中亚`` are correct Chinese and stay, and so does a dash that recurs
within a few characters (a chain of names: ``团结－批评－团结``). A doubled dash (``——``, ``--``) is
punctuation and is left to normalize-punctuation; a hyphen followed by a space (a list bullet)
is never touched.

Data: ``data/yi_trigrams.tsv``, ``data/yi_right.tsv`` (built by ``scripts/build_data.py``).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import regex

from ...core.chars import CJK_PUNCT, HAN, HYPHEN_LIKE, YI
from ...core.edits import Edit
from ...core.lexicon import yi_attested, yi_right

if TYPE_CHECKING:
    from ..context import Context

SIGNALS_DAMAGE = True  # its repairs show OCR or extraction damage (see Context.damage)

# One hyphen-like character before a Han character, after Han, Chinese punctuation or a line
# start, and not part of a run of dashes.
HYPHEN_RE = regex.compile(
    rf"(?:(?<=[{HAN}{CJK_PUNCT}])|(?m:^))(?<![{HYPHEN_LIKE}])[{HYPHEN_LIKE}](?![{HYPHEN_LIKE}])(?=[{HAN}])"
)
_ANY_RE = regex.compile(rf"[{HYPHEN_LIKE}]")
# The same dash again after or before a run of Han of at most this length makes a chain.
CHAIN_SPAN = 8
CHAIN_LEFT_RE = regex.compile(rf"(?<=[{HAN}])([{HYPHEN_LIKE}])[{HAN}]+$")
CHAIN_RIGHT_RE = regex.compile(rf"[{HAN}]+([{HYPHEN_LIKE}])(?=[{HAN}])")


def _in_chain(text: str, pos: int) -> bool:
    """True if the same dash also joins the Han words next to this one (团结－批评－团结)."""
    dash = text[pos]
    left = CHAIN_LEFT_RE.search(text, max(0, pos - CHAIN_SPAN), pos)
    right = CHAIN_RIGHT_RE.match(text, pos + 1, pos + 1 + CHAIN_SPAN)
    return bool((left and left.group(1) == dash) or (right and right.group(1) == dash))


def propose(text: str, ctx: Context) -> Iterator[Edit]:
    if not _ANY_RE.search(text):
        return
    protected = ctx.protected(text)
    for m in HYPHEN_RE.finditer(text):
        start = m.start()
        right = text[start + 1]
        if _in_chain(text, start):
            continue
        evidence = yi_attested(text, start)
        if evidence:
            reason = f"{m.group()} for 一: {evidence} is attested"
        elif right in yi_right():
            reason = f"{m.group()} for 一: 一{right} is a fixed pairing"
        else:
            continue
        if not (protected and protected.overlaps(start, start + 1)):
            yield Edit(start, start + 1, YI, reason)
