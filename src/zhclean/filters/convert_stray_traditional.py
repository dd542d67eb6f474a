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
document counts as simplified when it has more characters that exist only in simplified form
than characters that exist only in traditional form.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import regex

from ..chars import HAN
from ..core import Edit
from ..lexicon import converter, purely_traditional, script_counts

if TYPE_CHECKING:
    from ..pipeline import Context

HAN_RE = regex.compile(f"[{HAN}]+")
SURROGATE_RE = regex.compile("[\ud800-\udfff]")
SCRIPTS = {"s": "t2s", "t": "s2t", "tw": "s2twp", "hk": "s2hk"}


def propose(text: str, ctx: Context) -> Iterator[Edit]:
    script = getattr(ctx.config, "script", None)
    if script:
        yield from _convert_all(text, SCRIPTS[script])
        return
    if not HAN_RE.search(text):
        return
    text = SURROGATE_RE.sub("\ufffd", text)  # OpenCC takes UTF-8; a lone surrogate is none
    converted = converter("t2s").convert(text)
    if converted == text or len(converted) != len(text):
        return
    traditional, simplified = script_counts(text)
    if traditional == 0 or simplified <= traditional:
        return  # a traditional (or mixed, undecided) document: not ours to convert
    yield from _diff_edits(text, converted, "traditional {old} in a simplified document", purely_traditional)


def _convert_all(text: str, config: str) -> Iterator[Edit]:
    text = SURROGATE_RE.sub("\ufffd", text)
    converted = converter(config).convert(text)
    if converted != text and len(converted) == len(text):
        yield from _diff_edits(text, converted, f"{{old}} converted ({config})")


def _diff_edits(text: str, converted: str, reason: str, keep=None) -> Iterator[Edit]:  # type: ignore[no-untyped-def]
    i, n = 0, len(text)
    while i < n:
        if text[i] == converted[i] or (keep is not None and not keep(text[i])):
            i += 1
            continue
        j = i
        while j < n and text[j] != converted[j] and (keep is None or keep(text[j])):
            j += 1
        yield Edit(i, j, converted[i:j], reason.format(old=text[i:j]))
        i = j
