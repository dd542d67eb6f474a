"""Turn stray traditional characters in a simplified document into simplified ones (OpenCC).

What it fixes: in a document written mainly in simplified characters, traditional or variant
forms that OCR, an old font or copy-and-paste let in (``華``, ``們``, ``發展``); OpenCC's ``t2s``
converts them, phrase-aware. A document written mainly in traditional characters is left alone.
On request (``script``: ``s``, ``t``, ``tw``, ``hk``) a whole document is converted instead.

Why: one traditional character in simplified text breaks search and counting, and looks like
a typo to a reader.

Example:

>>> from zhclean import clean
>>> clean("新華社消息，我們要把思想統一起来，推动高质量发展。", select=["convert-stray-traditional"])
'新华社消息，我们要把思想统一起来，推动高质量发展。'
>>> clean("我們要推動高質量發展。", select=["convert-stray-traditional"])  # traditional: left alone
'我們要推動高質量發展。'

Safety: safe. Only characters that are purely the traditional form of a simplified one are
converted (``開`` → ``开``); characters simplified text also uses in their own right stay
(``乾`` in ``乾坤`` and in names such as ``王丙乾``, ``薹`` in ``菜薹``, ``拚`` in ``拚命``). The
document counts as simplified when it has four times as many characters that exist only in
simplified form as characters that exist only in traditional form (a traditional page read partly
as simplified is mixed: its traditional characters are the right ones).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import regex

from ...core.edits import Edit
from ...core.lexicon import converter, purely_traditional, simplified_count

if TYPE_CHECKING:
    from ..context import Context

SURROGATE_RE = regex.compile("[\ud800-\udfff]")
SCRIPTS = {"s": "t2s", "t": "s2t", "tw": "s2twp", "hk": "s2hk"}


def propose(text: str, ctx: Context) -> Iterator[Edit]:
    script = getattr(ctx.config, "script", None)
    if script:
        yield from _convert_all(text, SCRIPTS[script])
        return
    if SURROGATE_RE.search(text):
        text = SURROGATE_RE.sub("\ufffd", text)  # OpenCC takes UTF-8; a lone surrogate is none
    converted = converter("t2s").convert(text)  # fast (C++): simplified text comes back equal
    if converted == text or len(converted) != len(text):
        return
    positions = [i for i in _differences(text, converted) if purely_traditional(text[i])]
    if not positions:
        return
    if not _mainly_simplified(text, len(positions)):
        return  # a traditional (or mixed, undecided) document: not ours to convert
    yield from _edits(text, converted, positions, "traditional {old} in a simplified document")


SAMPLE = 50_000  # characters that tell how many simplified-only characters a text has


# Traditional characters are strays where simplified-only ones outnumber them this many times: a
# traditional page that an engine read partly as simplified (RapidOCR reads many 參數 as 参数)
# is mixed, not simplified, and its traditional characters are the right ones.
SIMPLIFIED_MAJORITY = 4
FEW_STRAYS = 3  # (a sentence: 新華社消息，我們要把思想統一起来)


# Words of Taiwan's and Hong Kong's usage, in either script, that mainland text does not use (it
# writes 程序, 函数, 软件, 网络, 屏幕, 鼠标, 内存, 线程): a page that has them is a traditional one
# however an engine read its characters (RapidOCR reads most of 程式碼 as 程式码).
REGIONAL_RE = regex.compile(
    "程式|函式|[軟软][體体]|[硬][體体]|[網网]路|伺服器|[螢萤]幕|滑鼠|[記记][憶忆][體体]|[執执]行[緒绪]"
)
REGIONAL_MIN = 2  # (one is a quotation)


def _mainly_simplified(text: str, traditional: int) -> bool:
    """Far more simplified-only than traditional-only characters (estimated from a sample), and
    not a traditional page by its vocabulary."""
    if len(REGIONAL_RE.findall(text, 0, SAMPLE)) >= REGIONAL_MIN:
        return False
    simplified = simplified_count(text[:SAMPLE])
    if len(text) > SAMPLE:
        simplified = simplified * len(text) // SAMPLE
    if traditional <= FEW_STRAYS:
        return simplified > traditional  # a few characters in a short text: strays
    return simplified > SIMPLIFIED_MAJORITY * traditional


def _convert_all(text: str, config: str) -> Iterator[Edit]:
    text = SURROGATE_RE.sub("\ufffd", text)
    converted = converter(config).convert(text)
    if converted != text and len(converted) == len(text):
        yield from _edits(
            text, converted, list(_differences(text, converted)), f"{{old}} converted ({config})"
        )


CHUNK = 512


def _differences(text: str, converted: str) -> Iterator[int]:
    """Positions where two equally long strings differ, comparing whole chunks first (in C)."""
    for start in range(0, len(text), CHUNK):
        end = start + CHUNK
        if text[start:end] != converted[start:end]:
            for i in range(start, min(end, len(text))):
                if text[i] != converted[i]:
                    yield i


def _edits(text: str, converted: str, positions: list[int], reason: str) -> Iterator[Edit]:
    """One edit per run of adjacent changed positions."""
    k = 0
    while k < len(positions):
        i = j = positions[k]
        while k < len(positions) and positions[k] == j:
            j += 1
            k += 1
        yield Edit(i, j, converted[i:j], reason.format(old=text[i:j]))
